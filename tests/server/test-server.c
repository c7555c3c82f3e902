/* test-server.c: souvenir-cloud end to end: the real server process on
 * loopback, its admin commands, and libsoup as the client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#define SERVER_BIN SV_BUILD_ROOT "/src/server/souvenir-cloud"
#define PASSWORD "correct horse battery"
#define PHOTO_A SV_PHOTOS_DIR "/camera/fsf-IMG_1054.JPG"
#define PHOTO_B SV_PHOTOS_DIR "/camera/fsf-IMG_20200827_231612.jpg"
#define PHOTO_ROT SV_PHOTOS_DIR "/orientation/imaging-orientation_6.jpg"

typedef struct
{
  char *dir;
  GSubprocess *proc;
  guint port;
  SoupSession *session;
  char *extra_config;
} Server;

typedef struct
{
  guint status;
  GBytes *body;
  SoupMessageHeaders *headers;
  JsonNode *json;
} Reply;

/* ---- helpers ---- */

static void
reply_free (Reply *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static const char *
reply_text (Reply *r)
{
  return r->body != NULL ? g_bytes_get_data (r->body, NULL) : "";
}

static JsonObject *
reply_object (Reply *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static const char *
reply_error_code (Reply *r)
{
  JsonObject *err;

  g_assert_nonnull (r->json);
  err = json_object_get_object_member (reply_object (r), "error");
  g_assert_nonnull (err);
  return json_object_get_string_member (err, "code");
}

static char *
sha256_of_bytes (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static GBytes *
read_file (const char *path)
{
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
write_config (Server *s)
{
  g_autofree char *path = g_build_filename (s->dir, "souvenir-cloud.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[security]\n"
                                           "argon2_opslimit=1\n"
                                           "argon2_memlimit=8192\n"
                                           "login_free_attempts_account=5\n"
                                           "login_free_attempts_address=1000\n"
                                           "[limits]\n"
                                           "header_timeout_seconds=2\n"
                                           "body_idle_timeout_seconds=2\n"
                                           "max_json_depth=32\n"
                                           "%s\n",
                                           s->extra_config != NULL ? s->extra_config : "");

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
server_start (Server *s)
{
  g_autofree char *port_file = g_build_filename (s->dir, "port", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  g_unlink (port_file);
  /* The server dies with the test, even when an assertion aborts it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Under AddressSanitizer: see the file for why. */
  g_subprocess_launcher_setenv (
      launcher, "LSAN_OPTIONS",
      "suppressions=" SV_SOURCE_ROOT "/tests/server/lsan-server.supp:print_suppressions=0", TRUE);
  s->proc = g_subprocess_launcher_spawn (launcher, &error, SERVER_BIN, "serve", "--data", s->dir,
                                         "--listen", "127.0.0.1:0", "--port-file", port_file, NULL);
  g_assert_no_error (error);
  for (int i = 0; i < 3000 && !g_file_test (port_file, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  /* The file is written whole (g_file_set_contents), so present means complete. */
  g_assert_true (g_file_get_contents (port_file, &text, NULL, NULL));
  s->port = (guint) g_ascii_strtoull (text, NULL, 10);
  g_assert_cmpuint (s->port, >, 0);
}

static void
server_stop (Server *s)
{
  g_autoptr (GError) error = NULL;

  if (s->proc == NULL)
    return;
  g_subprocess_send_signal (s->proc, SIGTERM);
  g_subprocess_wait (s->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (s->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (s->proc), ==, 0);
  g_clear_object (&s->proc);
}

static void
server_kill (Server *s)
{
  g_subprocess_force_exit (s->proc);
  g_subprocess_wait (s->proc, NULL, NULL);
  g_clear_object (&s->proc);
}

static Server *
server_new (const char *extra_config)
{
  Server *s = g_new0 (Server, 1);
  g_autoptr (GError) error = NULL;

  s->dir = g_dir_make_tmp ("sv-cloud-XXXXXX", &error);
  g_assert_no_error (error);
  s->extra_config = g_strdup (extra_config);
  write_config (s);
  s->session = soup_session_new_with_options ("timeout", 30, NULL);
  {
    /* No system proxy lookup (it needs GSettings schemas). */
    g_autoptr (GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

    soup_session_set_proxy_resolver (s->session, direct);
  }
  server_start (s);
  return s;
}

static void
rm_rf (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileEnumerator) en = NULL;
  GFileInfo *info;

  en = g_file_enumerate_children (file,
                                  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (en != NULL && (info = g_file_enumerator_next_file (en, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        rm_rf (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static void
server_free (Server *s)
{
  server_stop (s);
  g_clear_object (&s->session);
  rm_rf (s->dir);
  g_free (s->dir);
  g_free (s->extra_config);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* Runs souvenir-cloud with @args (NULL-terminated), feeding @input. */
static int
run_cli (const char *input, char **out, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) SERVER_BIN);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (!g_subprocess_get_if_exited (proc))
    return -1;
  if (g_subprocess_get_exit_status (proc) != 0 && g_test_verbose ())
    g_printerr ("cli stderr: %s\n", stderr_text);
  return g_subprocess_get_exit_status (proc);
}

static void
add_user (Server *s, const char *name, const char *plan)
{
  g_assert_cmpint (run_cli (PASSWORD "\n", NULL, "user", "add", name, "--data", s->dir, NULL), ==,
                   0);
  if (plan != NULL)
    g_assert_cmpint (run_cli (NULL, NULL, "user", "plan", name, plan, "--data", s->dir, NULL), ==,
                     0);
}

static Reply *
request_full (Server *s,
              const char *method,
              const char *path,
              const char *token,
              GBytes *body,
              const char *content_type,
              const char *const *headers)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", s->port, path);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GError) error = NULL;
  Reply *r = g_new0 (Reply, 1);
  const char *ctype;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json",
                                              body);
  r->body = soup_session_send_and_read (s->session, msg, NULL, &error);
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  ctype = soup_message_headers_get_content_type (r->headers, NULL);
  if (g_strcmp0 (ctype, "application/json") == 0 && g_bytes_get_size (r->body) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (r->body, &len);

      g_assert_true (json_parser_load_from_data (parser, data, (gssize) len, NULL));
      r->json = json_node_ref (json_parser_get_root (parser));
    }
  return r;
}

static Reply *
request (Server *s, const char *method, const char *path, const char *token, const char *json)
{
  g_autoptr (GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;

  return request_full (s, method, path, token, body, NULL, NULL);
}

static Reply *
login_full (Server *s, const char *user, const char *password, const char *device, const char *totp)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_set_member_name (b, "device_name");
  json_builder_add_string_value (b, device);
  if (totp != NULL)
    {
      json_builder_set_member_name (b, "totp");
      json_builder_add_string_value (b, totp);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  return request (s, "POST", "/api/v1/auth/login", NULL, text);
}

static char *
login (Server *s, const char *user, const char *device)
{
  g_autoptr (Reply) r = login_full (s, user, PASSWORD, device, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (reply_object (r), "session_id"));
  return g_strdup (json_object_get_string_member (reply_object (r), "token"));
}

/* Uploads @data whole; returns the hash. */
static char *
upload (Server *s, const char *token, GBytes *data, guint expected_status)
{
  g_autofree char *sha = sha256_of_bytes (data);
  g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
  g_autoptr (Reply) r =
      request_full (s, "PUT", path, token, data, "application/octet-stream", NULL);

  if (r->status != expected_status)
    g_printerr ("upload: %u %s\n", r->status, reply_text (r));
  g_assert_cmpuint (r->status, ==, expected_status);
  return g_steal_pointer (&sha);
}

static char *
blob_path (Server *s, const char *sha)
{
  char a[3] = { sha[0], sha[1], 0 }, b[3] = { sha[2], sha[3], 0 };

  return g_build_filename (s->dir, "blobs", a, b, sha, NULL);
}

/* Photo-like bytes: a JPEG signature then pseudo-random data. */
static GBytes *
fake_blob (const char *magic, gsize magic_len, gsize size, guint32 seed)
{
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  memcpy (data, magic, MIN (magic_len, size));
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

static GBytes *
fake_jpeg (gsize size, guint32 seed)
{
  return fake_blob ("\xff\xd8\xff\xe0\x00\x10JFIF", 10, size, seed);
}

static GBytes *
fake_mp4 (gsize size, guint32 seed)
{
  return fake_blob ("\x00\x00\x00\x18"
                    "ftypisom\x00\x00\x02\x00isomiso2",
                    24, size, seed);
}

/* ---- TOTP computed here, independently of the server's code ---- */

static GBytes *
base32_decode (const char *text)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GByteArray *out = g_byte_array_new ();
  guint32 buffer = 0;
  int bits = 0;

  for (const char *p = text; *p; p++)
    {
      const char *pos = strchr (alphabet, *p);

      g_assert_nonnull (pos);
      buffer = (buffer << 5) | (guint32) (pos - alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (guint8) (buffer >> (bits - 8));

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }
  return g_byte_array_free_to_bytes (out);
}

static char *
totp_code (const char *secret, gint64 step)
{
  g_autoptr (GBytes) key = base32_decode (secret);
  g_autoptr (GHmac) hmac =
      g_hmac_new (G_CHECKSUM_SHA1, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  guint8 counter[8], digest[20];
  gsize len = sizeof digest;
  guint32 value;
  int off;

  for (int i = 7; i >= 0; i--, step >>= 8)
    counter[i] = (guint8) (step & 0xff);
  g_hmac_update (hmac, counter, 8);
  g_hmac_get_digest (hmac, digest, &len);
  off = digest[19] & 0xf;
  value = ((guint32) (digest[off] & 0x7f) << 24) | ((guint32) digest[off + 1] << 16) |
          ((guint32) digest[off + 2] << 8) | digest[off + 3];
  return g_strdup_printf ("%06u", value % 1000000);
}

static gint64
current_step (void)
{
  return g_get_real_time () / G_USEC_PER_SEC / 30;
}

/* ---- tests ---- */

static void
test_login_basic (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autofree char *token = NULL;

  add_user (s, "alice", NULL);

  {
    g_autoptr (Reply) wrong = login_full (s, "alice", "not the password", "laptop", NULL);
    g_autoptr (Reply) unknown = login_full (s, "nobody", "not the password", "laptop", NULL);

    g_assert_cmpuint (wrong->status, ==, 401);
    g_assert_cmpstr (reply_error_code (wrong), ==, "invalid_credentials");
    g_assert_cmpuint (unknown->status, ==, 401);
    g_assert_cmpstr (reply_text (wrong), ==, reply_text (unknown));
  }

  token = login (s, "alice", "laptop");
  g_assert_cmpuint (strlen (token), ==, 43);
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", token, NULL);
    JsonObject *o;

    g_assert_cmpuint (r->status, ==, 200);
    o = reply_object (r);
    g_assert_cmpstr (json_object_get_string_member (o, "username"), ==, "alice");
    g_assert_cmpstr (json_object_get_string_member (o, "plan"), ==, "free");
    g_assert_false (json_object_get_boolean_member (o, "two_factor"));
    g_assert_cmpint (
        json_object_get_int_member (json_object_get_object_member (o, "quota"), "limit"), ==,
        5000000000);
  }
  {
    g_autoptr (Reply) none = request (s, "GET", "/api/v1/account", NULL, NULL);
    g_autoptr (Reply) junk =
        request (s, "GET", "/api/v1/account", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);

    g_assert_cmpuint (none->status, ==, 401);
    g_assert_cmpstr (reply_error_code (none), ==, "unauthorized");
    g_assert_cmpuint (junk->status, ==, 401);
  }
  /* A disabled account cannot sign in and its sessions stop working. */
  g_assert_cmpint (run_cli (NULL, NULL, "user", "disable", "alice", "--data", s->dir, NULL), ==, 0);
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", token, NULL);
    g_autoptr (Reply) l = login_full (s, "alice", PASSWORD, "laptop", NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpuint (l->status, ==, 401);
    g_assert_cmpstr (reply_error_code (l), ==, "invalid_credentials");
  }
  g_assert_cmpint (run_cli (NULL, NULL, "user", "disable", "nobody", "--data", s->dir, NULL), ==,
                   3);
}

static void
test_login_totp (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *code = NULL;
  g_autoptr (GPtrArray) recovery = g_ptr_array_new_with_free_func (g_free);
  gint64 step;

  add_user (s, "bob", NULL);
  token = login (s, "bob", "phone");

  {
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/account/totp/enroll", token, NULL);
    const char *uri;

    g_assert_cmpuint (r->status, ==, 200);
    secret = g_strdup (json_object_get_string_member (reply_object (r), "secret"));
    uri = json_object_get_string_member (reply_object (r), "uri");
    g_assert_true (g_str_has_prefix (uri, "otpauth://totp/Souvenir:bob?secret="));
    g_assert_nonnull (strstr (uri, secret));
  }
  /* Not on until confirmed. */
  {
    g_autoptr (Reply) r = login_full (s, "bob", PASSWORD, "tablet", NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (Reply) bad =
        request (s, "POST", "/api/v1/account/totp/confirm", token, "{\"code\": \"000000x\"}");

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpstr (reply_error_code (bad), ==, "invalid_totp");
  }
  step = current_step ();
  code = totp_code (secret, step - 1);
  {
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/account/totp/confirm", token, body);
    JsonArray *codes;

    g_assert_cmpuint (r->status, ==, 200);
    codes = json_object_get_array_member (reply_object (r), "recovery_codes");
    g_assert_cmpuint (json_array_get_length (codes), ==, 10);
    for (guint i = 0; i < 10; i++)
      g_ptr_array_add (recovery, g_strdup (json_array_get_string_element (codes, i)));
  }
  {
    g_autoptr (Reply) r = login_full (s, "bob", PASSWORD, "tablet", NULL);
    g_autoptr (Reply) wrong = login_full (s, "bob", PASSWORD, "tablet", "123456");
    g_autoptr (Reply) badpw = login_full (s, "bob", "nope nope", "tablet", NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (reply_error_code (r), ==, "totp_required");
    g_assert_cmpuint (wrong->status, ==, 401);
    g_assert_cmpstr (reply_error_code (wrong), ==, "invalid_totp");
    /* A wrong password never reaches the second factor. */
    g_assert_cmpstr (reply_error_code (badpw), ==, "invalid_credentials");
  }
  {
    g_autofree char *now_code = totp_code (secret, step);
    g_autoptr (Reply) ok = login_full (s, "bob", PASSWORD, "tablet", now_code);
    g_autoptr (Reply) replay = login_full (s, "bob", PASSWORD, "tablet", now_code);
    g_autoptr (Reply) old = login_full (s, "bob", PASSWORD, "tablet", code);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (replay->status, ==, 401);
    g_assert_cmpstr (reply_error_code (replay), ==, "invalid_totp");
    g_assert_cmpuint (old->status, ==, 401);
  }
  {
    const char *rc = g_ptr_array_index (recovery, 3);
    g_autofree char *upper = g_ascii_strup (rc, -1);
    g_autoptr (Reply) ok = login_full (s, "bob", PASSWORD, "tablet", upper);
    g_autoptr (Reply) again = login_full (s, "bob", PASSWORD, "tablet", rc);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (again->status, ==, 401);
    g_assert_cmpstr (reply_error_code (again), ==, "invalid_totp");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", token, NULL);

    g_assert_true (json_object_get_boolean_member (reply_object (r), "two_factor"));
  }
  /* Disabling needs a fresh code: the last one used is refused. */
  {
    g_autofree char *used = totp_code (secret, step);
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", used);
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/account/totp/disable", token, body);

    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autofree char *fresh = totp_code (secret, step + 1);
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", fresh);
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/account/totp/disable", token, body);
    g_autoptr (Reply) l = login_full (s, "bob", PASSWORD, "tablet", NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpuint (l->status, ==, 200);
  }
}

static void
test_sessions (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *other = NULL;
  g_autofree char *b_id = NULL;

  add_user (s, "carol", NULL);
  add_user (s, "dave", NULL);
  a = login (s, "carol", "laptop");
  b = login (s, "carol", "phone");
  c = login (s, "carol", "tablet");
  other = login (s, "dave", "laptop");

  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/sessions", a, NULL);
    JsonArray *list;
    guint current = 0;

    g_assert_cmpuint (r->status, ==, 200);
    list = json_object_get_array_member (reply_object (r), "sessions");
    g_assert_cmpuint (json_array_get_length (list), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *o = json_array_get_object_element (list, i);

        g_assert_cmpstr (json_object_get_string_member (o, "client_address"), ==, "127.0.0.1");
        if (json_object_get_boolean_member (o, "current"))
          {
            current++;
            g_assert_cmpstr (json_object_get_string_member (o, "device_name"), ==, "laptop");
          }
        if (g_str_equal (json_object_get_string_member (o, "device_name"), "phone"))
          b_id = g_strdup (json_object_get_string_member (o, "id"));
      }
    g_assert_cmpuint (current, ==, 1);
    g_assert_nonnull (b_id);
  }
  /* Another account cannot see or revoke these sessions. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s", b_id);
    g_autoptr (Reply) r = request (s, "DELETE", path, other, NULL);
    g_autoptr (Reply) still = request (s, "GET", "/api/v1/account", b, NULL);
    g_autoptr (Reply) nonexistent =
        request (s, "DELETE", "/api/v1/sessions/0123456789abcdef0123456789abcdef", other, NULL);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (reply_text (r), ==, reply_text (nonexistent));
    g_assert_cmpuint (still->status, ==, 200);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s", b_id);
    g_autoptr (Reply) r = request (s, "DELETE", path, a, NULL);
    g_autoptr (Reply) next = request (s, "GET", "/api/v1/account", b, NULL);
    g_autoptr (Reply) again = request (s, "DELETE", path, a, NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpuint (next->status, ==, 401);
    g_assert_cmpuint (again->status, ==, 404);
  }
  {
    g_autoptr (Reply) r = request (s, "DELETE", "/api/v1/sessions", a, NULL);
    g_autoptr (Reply) next = request (s, "GET", "/api/v1/account", c, NULL);
    g_autoptr (Reply) mine = request (s, "GET", "/api/v1/account", a, NULL);
    g_autoptr (Reply) dave = request (s, "GET", "/api/v1/account", other, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (reply_object (r), "revoked"), ==, 1);
    g_assert_cmpuint (next->status, ==, 401);
    g_assert_cmpuint (mine->status, ==, 200);
    g_assert_cmpuint (dave->status, ==, 200);
  }
  {
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/auth/logout", a, NULL);
    g_autoptr (Reply) next = request (s, "GET", "/api/v1/sessions", a, NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpuint (next->status, ==, 401);
  }
  /* A new password signs every device out. */
  g_assert_cmpint (
      run_cli ("another password\n", NULL, "user", "passwd", "dave", "--data", s->dir, NULL), ==,
      0);
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", other, NULL);
    g_autoptr (Reply) l = login_full (s, "dave", "another password", "x", NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpuint (l->status, ==, 200);
  }
}

static void
test_rate_limit (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GPtrArray) known = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  g_autoptr (GPtrArray) unknown = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);

  add_user (s, "erin", NULL);
  for (guint i = 0; i < 7; i++)
    {
      g_ptr_array_add (known, login_full (s, "erin", "wrong password", "x", NULL));
      g_ptr_array_add (unknown, login_full (s, "ghost", "wrong password", "x", NULL));
    }
  for (guint i = 0; i < 7; i++)
    {
      Reply *k = g_ptr_array_index (known, i);
      Reply *u = g_ptr_array_index (unknown, i);

      g_assert_cmpuint (k->status, ==, i < 5 ? 401 : 429);
      g_assert_cmpuint (u->status, ==, k->status);
      g_assert_cmpstr (reply_text (u), ==, reply_text (k));
      if (k->status == 429)
        {
          g_assert_cmpstr (reply_error_code (k), ==, "rate_limited");
          g_assert_nonnull (soup_message_headers_get_one (k->headers, "Retry-After"));
          g_assert_cmpstr (soup_message_headers_get_one (k->headers, "Retry-After"), ==,
                           soup_message_headers_get_one (u->headers, "Retry-After"));
        }
    }
  /* While blocked, even the right password waits. */
  {
    g_autoptr (Reply) r = login_full (s, "erin", PASSWORD, "x", NULL);

    g_assert_cmpuint (r->status, ==, 429);
  }
}

static void
test_rate_limit_address (void)
{
  g_autoptr (Server) s = server_new ("[security]\nlogin_free_attempts_address=6\n");

  add_user (s, "frank", NULL);
  /* Different names each time: only the per-address limit can stop this. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%u", i);
      g_autoptr (Reply) r = login_full (s, name, "guess", "x", NULL);

      g_assert_cmpuint (r->status, ==, 401);
    }
  {
    g_autoptr (Reply) r = login_full (s, "frank", PASSWORD, "x", NULL);

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_cmpstr (reply_error_code (r), ==, "rate_limited");
  }
}

/* @tpl with its "%s" replaced by @value. */
static char *
expand (const char *tpl, const char *value)
{
  g_auto (GStrv) parts = g_strsplit (tpl, "%s", 2);

  if (parts[0] == NULL || parts[1] == NULL)
    return g_strdup (tpl);
  return g_strconcat (parts[0], value, parts[1], NULL);
}

typedef struct
{
  const char *method;
  const char *path; /* %s: a hash or a session id */
  const char *body;
} Endpoint;

static void
test_authorization_matrix (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autofree char *a = NULL, *b = NULL, *revoked = NULL, *sha = NULL;
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  const char *nonexistent = "0000000000000000000000000000000000000000000000000000000000000000";
  const Endpoint endpoints[] = {
    { "GET", "/api/v1/account", NULL },
    { "DELETE", "/api/v1/account", "{\"password\": \"x\"}" },
    { "GET", "/api/v1/account/export", NULL },
    { "POST", "/api/v1/account/totp/enroll", NULL },
    { "POST", "/api/v1/account/totp/confirm", "{\"code\": \"123456\"}" },
    { "POST", "/api/v1/account/totp/disable", "{\"code\": \"123456\"}" },
    { "POST", "/api/v1/account/totp/recovery-codes", "{\"code\": \"123456\"}" },
    { "GET", "/api/v1/sessions", NULL },
    { "DELETE", "/api/v1/sessions", NULL },
    { "DELETE", "/api/v1/sessions/%s", NULL },
    { "POST", "/api/v1/auth/logout", NULL },
    { "POST", "/api/v1/blobs/missing", "{\"blobs\": []}" },
    { "GET", "/api/v1/blobs/%s", NULL },
    { "HEAD", "/api/v1/blobs/%s", NULL },
    { "PUT", "/api/v1/blobs/%s", "xx" },
    { "GET", "/api/v1/blobs/%s/thumbnail", NULL },
    { "POST", "/api/v1/ops", "{\"ops\": []}" },
    { "GET", "/api/v1/changes?since=0", NULL },
  };

  add_user (s, "alice", NULL);
  add_user (s, "mallory", NULL);
  a = login (s, "alice", "laptop");
  b = login (s, "mallory", "laptop");
  revoked = login (s, "alice", "old phone");
  sha = upload (s, a, photo, 201);
  {
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/auth/logout", revoked, NULL);

    g_assert_cmpuint (r->status, ==, 204);
  }

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      const Endpoint *e = &endpoints[i];
      g_autofree char *path = expand (e->path, sha);

      /* No token, a revoked token and a made-up one: 401, nothing else. */
      {
        const char *tokens[] = { NULL, revoked, "bm90LWEtdG9rZW4tYXQtYWxsLWp1c3QtYS1ndWVzcw" };

        for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
          {
            g_autoptr (Reply) r = request (s, e->method, path, tokens[t], e->body);

            if (r->status != 401)
              g_printerr ("%s %s token %u: %u\n", e->method, path, t, r->status);
            g_assert_cmpuint (r->status, ==, 401);
            if (!g_str_equal (e->method, "HEAD"))
              g_assert_cmpstr (reply_error_code (r), ==, "unauthorized");
          }
      }
    }

  /* The other account's token against alice's resources: exactly like a
   * resource that does not exist. */
  {
    const char *paths[] = { "/api/v1/blobs/%s", "/api/v1/blobs/%s/thumbnail" };
    const char *methods[] = { "GET", "HEAD" };

    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          g_autofree char *theirs = expand (paths[p], sha);
          g_autofree char *none = expand (paths[p], nonexistent);
          g_autoptr (Reply) r1 = request (s, methods[m], theirs, b, NULL);
          g_autoptr (Reply) r2 = request (s, methods[m], none, b, NULL);

          g_assert_cmpuint (r1->status, ==, 404);
          g_assert_cmpuint (r2->status, ==, 404);
          g_assert_cmpstr (reply_text (r1), ==, reply_text (r2));
          g_assert_cmpstr (soup_message_headers_get_one (r1->headers, "Upload-Offset"), ==,
                           soup_message_headers_get_one (r2->headers, "Upload-Offset"));
        }
  }
  /* "Missing" is per account: mallory is told to upload it herself. */
  {
    g_autofree char *body = g_strdup_printf (
        "{\"blobs\": [{\"sha256\": \"%s\", \"size\": %" G_GSIZE_FORMAT ", \"kind\": \"photo\"}]}",
        sha, g_bytes_get_size (photo));
    g_autoptr (Reply) mine = request (s, "POST", "/api/v1/blobs/missing", a, body);
    g_autoptr (Reply) theirs = request (s, "POST", "/api/v1/blobs/missing", b, body);

    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (reply_object (mine), "missing")), ==,
        0);
    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (reply_object (theirs), "missing")), ==,
        1);
  }
  /* Her item cannot point at alice's blob either. */
  {
    g_autofree char *ops =
        g_strdup_printf ("{\"ops\": [{\"op_id\": \"6f1c1b9e-0c55-4c53-9d55-1e1a3c7d9f01\", "
                         "\"type\": \"item.create\","
                         " \"hlc\": \"%013" G_GINT64_FORMAT
                         "-00000-dev1\", \"item\": \"0a1b2c3d-0000-4000-8000-000000000001\","
                         " \"blob\": \"%s\", \"kind\": \"photo\"}]}",
                         g_get_real_time () / 1000, sha);
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/ops", b, ops);
    JsonObject *res;

    g_assert_cmpuint (r->status, ==, 200);
    res = json_array_get_object_element (json_object_get_array_member (reply_object (r), "results"),
                                         0);
    g_assert_cmpstr (json_object_get_string_member (res, "status"), ==, "rejected");
  }
  /* Her session list and change feed show nothing of alice's. */
  {
    g_autoptr (Reply) sessions = request (s, "GET", "/api/v1/sessions", b, NULL);
    g_autoptr (Reply) changes = request (s, "GET", "/api/v1/changes?since=0", b, NULL);

    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (reply_object (sessions), "sessions")),
        ==, 1);
    g_assert_cmpuint (
        json_array_get_length (json_object_get_array_member (reply_object (changes), "changes")),
        ==, 0);
  }
  /* Unknown addresses and methods. */
  {
    g_autoptr (Reply) r1 = request (s, "GET", "/api/v1/nothing", a, NULL);
    g_autoptr (Reply) r2 = request (s, "POST", "/api/v1/account", a, "{}");
    g_autoptr (Reply) r3 = request (s, "GET", "/api/v1/blobs/..%2F..%2Fcloud.db", a, NULL);
    g_autoptr (Reply) r4 = request (s, "GET", "/api/v1/blobs/ABCDEF", a, NULL);

    g_assert_cmpuint (r1->status, ==, 404);
    g_assert_cmpuint (r2->status, ==, 405);
    g_assert_nonnull (soup_message_headers_get_one (r2->headers, "Allow"));
    /* libsoup itself refuses an encoded '/' in a path. */
    g_assert_true (r3->status == 404 || r3->status == 400);
    g_assert_cmpuint (r4->status, ==, 404);
  }
}

static void
test_upload_resume_after_kill (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_B);
  g_autofree char *token = NULL;
  g_autofree char *sha = sha256_of_bytes (photo);
  g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
  gsize size = g_bytes_get_size (photo);
  gsize half = size / 2;
  const guint8 *data = g_bytes_get_data (photo, NULL);
  guint64 offset;

  add_user (s, "gina", NULL);
  token = login (s, "gina", "laptop");

  /* First chunk. */
  {
    g_autoptr (GBytes) chunk = g_bytes_new_from_bytes (photo, 0, half);
    g_autofree char *range =
        g_strdup_printf ("bytes 0-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, half - 1, size);
    const char *headers[] = { "Content-Range", range, NULL };
    g_autoptr (Reply) r =
        request_full (s, "PUT", path, token, chunk, "application/octet-stream", headers);

    g_assert_cmpuint (r->status, ==, 202);
    g_assert_cmpint (json_object_get_int_member (reply_object (r), "received"), ==, (gint64) half);
    g_assert_false (json_object_get_boolean_member (reply_object (r), "complete"));
  }
  /* A chunk at the wrong offset is refused with the right offset. */
  {
    g_autoptr (GBytes) chunk = g_bytes_new_from_bytes (photo, half + 10, 100);
    g_autofree char *range =
        g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                         half + 10, half + 109, size);
    const char *headers[] = { "Content-Range", range, NULL };
    g_autoptr (Reply) r =
        request_full (s, "PUT", path, token, chunk, "application/octet-stream", headers);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (reply_error_code (r), ==, "offset_mismatch");
    g_assert_cmpint (json_object_get_int_member (reply_object (r), "received"), ==, (gint64) half);
  }
  /* Second chunk over a raw socket, cut by SIGKILL half-way. */
  {
    g_autoptr (GSocketClient) client = g_socket_client_new ();
    g_autoptr (GSocketConnection) conn = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *head = NULL;
    GOutputStream *out;
    gsize quarter = (size - half) / 2;

    conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) s->port, NULL, &error);
    g_assert_no_error (error);
    head = g_strdup_printf ("PUT %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                            "Content-Range: bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                            "/%" G_GSIZE_FORMAT "\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                            path, token, half, size - 1, size, size - half);
    out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
    g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
    g_assert_true (g_output_stream_write_all (out, data + half, quarter, NULL, NULL, &error));
    g_assert_true (g_output_stream_flush (out, NULL, &error));
    /* Let the server write what it got, then kill it. */
    for (int i = 0; i < 200; i++)
      {
        g_autofree char *part = NULL;
        g_autoptr (GDir) dir = NULL;
        g_autofree char *updir = g_build_filename (s->dir, "uploads", NULL);
        const char *name;
        GStatBuf st;

        dir = g_dir_open (updir, 0, NULL);
        name = dir ? g_dir_read_name (dir) : NULL;
        if (name != NULL)
          part = g_build_filename (updir, name, NULL);
        if (part != NULL && g_stat (part, &st) == 0 && (gsize) st.st_size >= half + quarter)
          break;
        g_usleep (20000);
      }
    server_kill (s);
  }

  server_start (s);
  {
    g_autoptr (Reply) r = request (s, "HEAD", path, token, NULL);
    const char *got;

    g_assert_cmpuint (r->status, ==, 404);
    got = soup_message_headers_get_one (r->headers, "Upload-Offset");
    g_assert_nonnull (got);
    offset = g_ascii_strtoull (got, NULL, 10);
    g_assert_cmpuint (offset, >=, half + (size - half) / 2);
    g_assert_cmpuint (offset, <, size);
    g_assert_cmpint (
        g_ascii_strtoll (soup_message_headers_get_one (r->headers, "Upload-Length"), NULL, 10), ==,
        (gint64) size);
  }
  /* The batch check says the same. */
  {
    g_autofree char *body = g_strdup_printf (
        "{\"blobs\": [{\"sha256\": \"%s\", \"size\": %" G_GSIZE_FORMAT ", \"kind\": \"photo\"}]}",
        sha, size);
    g_autoptr (Reply) r = request (s, "POST", "/api/v1/blobs/missing", token, body);
    JsonObject *m = json_array_get_object_element (
        json_object_get_array_member (reply_object (r), "missing"), 0);

    g_assert_cmpint (json_object_get_int_member (m, "received"), ==, (gint64) offset);
  }
  {
    g_autoptr (GBytes) chunk = g_bytes_new_from_bytes (photo, offset, size - offset);
    g_autofree char *range = g_strdup_printf (
        "bytes %" G_GUINT64_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, offset, size - 1, size);
    const char *headers[] = { "Content-Range", range, NULL };
    g_autoptr (Reply) r =
        request_full (s, "PUT", path, token, chunk, "application/octet-stream", headers);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_true (json_object_get_boolean_member (reply_object (r), "complete"));
    g_assert_cmpstr (json_object_get_string_member (reply_object (r), "kind"), ==, "photo");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", path, token, NULL);
    g_autofree char *got = sha256_of_bytes (r->body);
    g_autofree char *on_disk = blob_path (s, sha);
    g_autoptr (Reply) again =
        request_full (s, "PUT", path, token, photo, "application/octet-stream", NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (got, ==, sha);
    g_assert_true (g_file_test (on_disk, G_FILE_TEST_IS_REGULAR));
    /* Uploading it again is harmless. */
    g_assert_cmpuint (again->status, ==, 200);
  }
}

static void
test_upload_hash_mismatch (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autoptr (GBytes) other = fake_jpeg (5000, 7);
  g_autofree char *token = NULL;
  g_autofree char *sha = sha256_of_bytes (photo);
  g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);

  add_user (s, "hank", NULL);
  token = login (s, "hank", "laptop");
  {
    g_autoptr (Reply) r =
        request_full (s, "PUT", path, token, other, "application/octet-stream", NULL);
    g_autoptr (Reply) head = request (s, "HEAD", path, token, NULL);
    g_autofree char *on_disk = blob_path (s, sha);
    g_autofree char *part = g_strdup_printf ("%s/uploads/1-%s.part", s->dir, sha);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (reply_error_code (r), ==, "hash_mismatch");
    g_assert_cmpuint (head->status, ==, 404);
    g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Upload-Offset"), ==, "0");
    g_assert_false (g_file_test (on_disk, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
  /* Neither a photo nor a video: refused. */
  {
    g_autoptr (GBytes) text = g_bytes_new_static ("just some text, not a photo", 27);
    g_autofree char *tsha = sha256_of_bytes (text);
    g_autofree char *tpath = g_strdup_printf ("/api/v1/blobs/%s", tsha);
    g_autoptr (Reply) r =
        request_full (s, "PUT", tpath, token, text, "application/octet-stream", NULL);

    g_assert_cmpuint (r->status, ==, 415);
    g_assert_cmpstr (reply_error_code (r), ==, "unsupported_type");
  }
  /* The right bytes go through. */
  g_free (upload (s, token, photo, 201));
}

/* Bodies of many megabytes, with the smallest upload queue: reading pauses
 * after every block until the writer thread has hashed and stored it. */
static void
test_upload_large_streamed (void)
{
  g_autoptr (Server) s = server_new ("[limits]\nupload_queue_bytes=1048576\n");
  gsize size = 12 * 1024 * 1024 + 123;
  g_autoptr (GBytes) big = fake_jpeg (size, 11);
  g_autoptr (GBytes) other = fake_jpeg (size, 12);
  g_autofree char *token = NULL;
  g_autofree char *sha = NULL;

  add_user (s, "ivan", NULL);
  token = login (s, "ivan", "laptop");

  /* Whole: stored, byte for byte. */
  sha = upload (s, token, big, 201);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
    g_autofree char *on_disk = blob_path (s, sha);
    g_autoptr (Reply) r = request (s, "GET", path, token, NULL);
    g_autofree char *got = sha256_of_bytes (r->body);
    GStatBuf st;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (got, ==, sha);
    g_assert_cmpint (g_stat (on_disk, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, (goffset) size);
  }
  /* Big and wrong: refused, nothing kept. */
  {
    g_autofree char *osha = sha256_of_bytes (other);
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", osha);
    g_autofree char *part = NULL;
    g_autoptr (Reply) r =
        request_full (s, "PUT", path, token, big, "application/octet-stream", NULL);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (reply_error_code (r), ==, "hash_mismatch");
    part = g_strdup_printf ("%s/uploads/1-%s.part", s->dir, osha);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
  /* In two ranges: the first is acknowledged once on disk, the second
   * completes it. */
  {
    g_autofree char *osha = sha256_of_bytes (other);
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", osha);
    gsize first = 5 * 1024 * 1024 + 7;
    g_autoptr (GBytes) a = g_bytes_new_from_bytes (other, 0, first);
    g_autoptr (GBytes) b = g_bytes_new_from_bytes (other, first, size - first);
    g_autofree char *range_a =
        g_strdup_printf ("bytes 0-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, first - 1, size);
    g_autofree char *range_b = g_strdup_printf (
        "bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, first, size - 1, size);
    const char *headers_a[] = { "Content-Range", range_a, NULL };
    const char *headers_b[] = { "Content-Range", range_b, NULL };
    g_autoptr (Reply) ra =
        request_full (s, "PUT", path, token, a, "application/octet-stream", headers_a);
    g_autoptr (Reply) rb = NULL;
    g_autoptr (Reply) got = NULL;
    g_autofree char *got_sha = NULL;

    g_assert_cmpuint (ra->status, ==, 202);
    g_assert_cmpint (json_object_get_int_member (reply_object (ra), "received"), ==,
                     (gint64) first);
    rb = request_full (s, "PUT", path, token, b, "application/octet-stream", headers_b);
    g_assert_cmpuint (rb->status, ==, 201);
    g_assert_true (json_object_get_boolean_member (reply_object (rb), "complete"));
    got = request (s, "GET", path, token, NULL);
    got_sha = sha256_of_bytes (got->body);
    g_assert_cmpstr (got_sha, ==, osha);
  }
}

static void
test_range_downloads (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autofree char *token = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  gsize size = g_bytes_get_size (photo);
  const guint8 *data = g_bytes_get_data (photo, NULL);
  struct
  {
    const char *range;
    guint status;
    gsize start, len;
  } cases[] = {
    { "bytes=0-99", 206, 0, 100 },         { "bytes=100-", 206, 100, size - 100 },
    { "bytes=-10", 206, size - 10, 10 },   { "bytes=5-5", 206, 5, 1 },
    { "bytes=0-999999999", 206, 0, size }, { "bytes=nonsense", 200, 0, size },
    { "bytes=0-1,5-6", 200, 0, size },     { NULL, 200, 0, size },
  };

  add_user (s, "ivy", NULL);
  token = login (s, "ivy", "laptop");
  sha = upload (s, token, photo, 201);
  path = g_strdup_printf ("/api/v1/blobs/%s", sha);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *headers[] = { "Range", cases[i].range, NULL };
      g_autoptr (Reply) r =
          request_full (s, "GET", path, token, NULL, NULL, cases[i].range ? headers : NULL);

      g_assert_cmpuint (r->status, ==, cases[i].status);
      g_assert_cmpuint (g_bytes_get_size (r->body), ==, cases[i].len);
      g_assert_cmpmem (g_bytes_get_data (r->body, NULL), cases[i].len, data + cases[i].start,
                       cases[i].len);
      if (cases[i].status == 206)
        {
          g_autofree char *cr =
              g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                               cases[i].start, cases[i].start + cases[i].len - 1, size);

          g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Content-Range"), ==, cr);
        }
    }
  {
    g_autofree char *beyond = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", size);
    const char *headers[] = { "Range", beyond, NULL };
    g_autoptr (Reply) r = request_full (s, "GET", path, token, NULL, NULL, headers);
    g_autofree char *cr = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, size);

    g_assert_cmpuint (r->status, ==, 416);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Content-Range"), ==, cr);
  }
  {
    g_autoptr (Reply) r = request (s, "HEAD", path, token, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (soup_message_headers_get_content_length (r->headers), ==, (goffset) size);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Accept-Ranges"), ==, "bytes");
  }
}

static void
check_thumbnail (Server *s,
                 const char *token,
                 const char *sha,
                 const char *size,
                 int want_w,
                 int want_h)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s/thumbnail?size=%s", sha, size);
  g_autoptr (Reply) r = request (s, "GET", path, token, NULL);
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  GdkPixbuf *pixbuf;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "image/jpeg");
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, r->body, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, want_w);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, want_h);
}

static void
test_thumbnails (void)
{
  g_autoptr (Server) s = server_new ("[limits]\nmax_thumbnail_megapixels=5\n");
  g_autoptr (GBytes) photo = read_file (PHOTO_A);     /* 1280x960 */
  g_autoptr (GBytes) rotated = read_file (PHOTO_ROT); /* 70x50, orientation 6 */
  g_autoptr (GBytes) big = read_file (PHOTO_B);       /* 4000x3000 = 12 MP */
  g_autoptr (GBytes) video = fake_mp4 (4096, 3);
  g_autofree char *token = NULL;
  g_autofree char *sha = NULL, *rot = NULL, *big_sha = NULL, *vid = NULL;

  add_user (s, "jack", NULL);
  token = login (s, "jack", "laptop");
  sha = upload (s, token, photo, 201);
  rot = upload (s, token, rotated, 201);
  big_sha = upload (s, token, big, 201);
  vid = upload (s, token, video, 201);

  check_thumbnail (s, token, sha, "grid", 480, 360);
  check_thumbnail (s, token, sha, "preview", 1280, 960); /* never enlarged */
  check_thumbnail (s, token, sha, "grid", 480, 360);     /* from the cache */
  check_thumbnail (s, token, rot, "grid", 50, 70);       /* turned upright */
  {
    g_autofree char *cached =
        g_strdup_printf ("%s/cache/thumbnails/grid/%c%c/%s.jpg", s->dir, sha[0], sha[1], sha);

    g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_autofree char *p1 = g_strdup_printf ("/api/v1/blobs/%s/thumbnail", big_sha);
    g_autofree char *p2 = g_strdup_printf ("/api/v1/blobs/%s/thumbnail", vid);
    g_autofree char *p3 = g_strdup_printf ("/api/v1/blobs/%s/thumbnail?size=huge", sha);
    g_autoptr (Reply) r1 = request (s, "GET", p1, token, NULL);
    g_autoptr (Reply) r2 = request (s, "GET", p2, token, NULL);
    g_autoptr (Reply) r3 = request (s, "GET", p3, token, NULL);

    g_assert_cmpuint (r1->status, ==, 422);
    g_assert_cmpstr (reply_error_code (r1), ==, "too_many_pixels");
    g_assert_cmpuint (r2->status, ==, 422);
    g_assert_cmpstr (reply_error_code (r2), ==, "thumbnail_unavailable");
    g_assert_cmpuint (r3->status, ==, 400);
  }
}

static gint64
usage_of (Server *s, const char *token, const char *kind)
{
  g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (reply_object (r), "usage"),
                                     kind);
}

static Reply *
missing (Server *s, const char *token, GBytes *blob, const char *kind)
{
  g_autofree char *sha = sha256_of_bytes (blob);
  g_autofree char *body =
      g_strdup_printf ("{\"blobs\": [{\"sha256\": \"%s\", \"size\": %" G_GSIZE_FORMAT
                       ", \"kind\": \"%s\", \"unknown_field\": [1, 2]}], \"extra\": true}",
                       sha, g_bytes_get_size (blob), kind);
  Reply *r = request (s, "POST", "/api/v1/blobs/missing", token, body);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static guint
n_over_quota (Reply *r)
{
  return json_array_get_length (json_object_get_array_member (reply_object (r), "over_quota"));
}

static void
test_quotas (void)
{
  /* The real plans, scaled down: free 100 kB for everything, premium 100 kB of video. */
  g_autoptr (Server) s = server_new ("[plan free]\nlimit=100000\n[plan premium]\nlimit=100000\n");
  g_autoptr (GBytes) p1 = fake_jpeg (60000, 1);
  g_autoptr (GBytes) p2 = fake_jpeg (60000, 2);
  g_autoptr (GBytes) p3 = fake_jpeg (30000, 3);
  g_autoptr (GBytes) v1 = fake_mp4 (60000, 4);
  g_autoptr (GBytes) v2 = fake_mp4 (60000, 5);
  g_autofree char *f = NULL, *p = NULL;

  add_user (s, "free-user", NULL);
  add_user (s, "premium-user", "premium");
  f = login (s, "free-user", "laptop");
  p = login (s, "premium-user", "laptop");

  /* free: everything counts against 100 kB. */
  g_free (upload (s, f, p1, 201));
  g_free (upload (s, f, p1, 200)); /* counted once */
  g_assert_cmpint (usage_of (s, f, "photo"), ==, 60000);
  {
    g_autoptr (Reply) r = missing (s, f, p2, "photo");
    g_autoptr (Reply) r2 = missing (s, f, p3, "photo");

    g_assert_cmpuint (n_over_quota (r), ==, 1);
    g_assert_cmpuint (n_over_quota (r2), ==, 0);
  }
  {
    g_autofree char *sha = sha256_of_bytes (p2);
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
    const char *headers[] = { "Expect", "100-continue", NULL };
    g_autoptr (Reply) r = request_full (s, "PUT", path, f, p2, "application/octet-stream", headers);

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpstr (reply_error_code (r), ==, "quota_exceeded");
  }
  g_free (upload (s, f, p3, 201));
  g_free (upload (s, f, v1, 403)); /* videos count too */
  g_assert_cmpint (usage_of (s, f, "photo"), ==, 90000);
  g_assert_cmpint (usage_of (s, f, "video"), ==, 0);

  /* premium: photos unlimited, videos against 100 kB, checked at completion. */
  g_free (upload (s, p, p1, 201));
  g_free (upload (s, p, p2, 201));
  g_free (upload (s, p, v1, 201));
  {
    g_autoptr (Reply) r = missing (s, p, v2, "video");
    g_autoptr (Reply) r2 = missing (s, p, p3, "photo");

    g_assert_cmpuint (n_over_quota (r), ==, 1);
    g_assert_cmpuint (n_over_quota (r2), ==, 0);
  }
  {
    g_autofree char *sha = upload (s, p, v2, 403);
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
    g_autoptr (Reply) head = request (s, "HEAD", path, p, NULL);

    /* Refused bytes are not kept. */
    g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Upload-Offset"), ==, "0");
  }
  g_free (upload (s, p, p3, 201));
  g_assert_cmpint (usage_of (s, p, "photo"), ==, 150000);
  g_assert_cmpint (usage_of (s, p, "video"), ==, 60000);
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", p, NULL);
    JsonObject *q = json_object_get_object_member (reply_object (r), "quota");

    g_assert_cmpstr (json_object_get_string_member (reply_object (r), "plan"), ==, "premium");
    g_assert_cmpint (json_object_get_int_member (q, "used"), ==, 60000);
    g_assert_cmpint (json_object_get_int_member (q, "available"), ==, 40000);
  }
  /* A bigger plan lets the video in. */
  g_assert_cmpint (
      run_cli (NULL, NULL, "user", "plan", "premium-user", "plus-100", "--data", s->dir, NULL), ==,
      0);
  g_assert_cmpint (
      run_cli (NULL, NULL, "user", "plan", "premium-user", "gold", "--data", s->dir, NULL), ==, 2);
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account", p, NULL);

    g_assert_cmpstr (json_object_get_string_member (reply_object (r), "plan"), ==, "plus-100");
  }
  g_free (upload (s, p, v2, 201));
  g_assert_cmpint (usage_of (s, p, "video"), ==, 120000);
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (NULL, &out, "user", "ls", "--data", s->dir, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "premium-user"));
    g_assert_nonnull (strstr (out, "plus-100"));
  }
}

static char *
make_op (const char *op_id, const char *type, const char *item, const char *extra)
{
  return g_strdup_printf ("{\"op_id\": \"%s\", \"type\": \"%s\", \"hlc\": \"%013" G_GINT64_FORMAT
                          "-00000-test\", \"item\": \"%s\"%s%s}",
                          op_id, type, g_get_real_time () / 1000, item, extra ? ", " : "",
                          extra ? extra : "");
}

static Reply *
post_ops (Server *s, const char *token, const char *op)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\": \"test-device\", \"ops\": [%s]}", op);
  Reply *r = request (s, "POST", "/api/v1/ops", token, body);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static const char *
op_status (Reply *r)
{
  JsonObject *res =
      json_array_get_object_element (json_object_get_array_member (reply_object (r), "results"), 0);

  return json_object_get_string_member (res, "status");
}

static void
test_ops_and_changes (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autofree char *token = NULL, *sha = NULL, *extra = NULL, *create = NULL;
  const char *item = "11111111-2222-4333-8444-555555555555";

  add_user (s, "kate", NULL);
  token = login (s, "kate", "laptop");

  sha = sha256_of_bytes (photo);
  extra = g_strdup_printf ("\"blob\": \"%s\", \"kind\": \"photo\"", sha);
  create = make_op ("aaaaaaaa-0000-4000-8000-000000000001", "item.create", item, extra);
  /* Not uploaded yet: rejected. */
  {
    g_autoptr (Reply) r = post_ops (s, token, create);

    g_assert_cmpstr (op_status (r), ==, "rejected");
  }
  g_free (upload (s, token, photo, 201));
  {
    g_autofree char *wrong_kind = g_strdup_printf ("\"blob\": \"%s\", \"kind\": \"video\"", sha);
    g_autofree char *op = make_op ("aaaaaaaa-0000-4000-8000-000000000002", "item.create",
                                   "11111111-2222-4333-8444-555555555556", wrong_kind);
    g_autoptr (Reply) r = post_ops (s, token, op);

    g_assert_cmpstr (op_status (r), ==, "rejected");
  }
  {
    g_autoptr (Reply) r = post_ops (s, token, create);
    g_autoptr (Reply) again = post_ops (s, token, create);

    g_assert_cmpstr (op_status (r), ==, "applied");
    g_assert_cmpstr (op_status (again), ==, "duplicate");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/changes?since=0&limit=10", token, NULL);
    JsonArray *changes;

    g_assert_cmpuint (r->status, ==, 200);
    changes = json_object_get_array_member (reply_object (r), "changes");
    g_assert_cmpuint (json_array_get_length (changes), ==, 1);
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (changes, 0), "type"), ==,
        "item.create");
  }
  {
    g_autoptr (Reply) r1 = request (s, "GET", "/api/v1/changes?since=-1", token, NULL);
    g_autoptr (Reply) r2 = request (s, "GET", "/api/v1/changes?limit=5000", token, NULL);
    g_autoptr (Reply) r3 = request (s, "GET", "/api/v1/changes?since=12abc", token, NULL);
    g_autoptr (Reply) r4 = request (s, "POST", "/api/v1/ops", token, "{\"ops\": 5}");

    g_assert_cmpuint (r1->status, ==, 400);
    g_assert_cmpuint (r2->status, ==, 400);
    g_assert_cmpuint (r3->status, ==, 400);
    g_assert_cmpuint (r4->status, ==, 400);
    g_assert_cmpstr (reply_error_code (r4), ==, "invalid_request");
  }
}

static void
test_trash_purge (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autofree char *token = NULL, *sha = NULL, *extra = NULL, *create = NULL, *trash = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *later = NULL, *much_later = NULL;
  const char *item = "22222222-2222-4333-8444-555555555555";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_user (s, "liam", NULL);
  token = login (s, "liam", "laptop");
  sha = upload (s, token, photo, 201);
  on_disk = blob_path (s, sha);
  extra = g_strdup_printf ("\"blob\": \"%s\", \"kind\": \"photo\"", sha);
  create = make_op ("bbbbbbbb-0000-4000-8000-000000000001", "item.create", item, extra);
  trash = make_op ("bbbbbbbb-0000-4000-8000-000000000002", "item.trash", item, NULL);
  {
    g_autoptr (Reply) r1 = post_ops (s, token, create);
    g_autoptr (Reply) r2 = post_ops (s, token, trash);

    g_assert_cmpstr (op_status (r1), ==, "applied");
    g_assert_cmpstr (op_status (r2), ==, "applied");
  }

  /* Ten days on: still within the 30-day retention. */
  later = g_strdup_printf ("%" G_GINT64_FORMAT, now + 10 * 86400);
  g_assert_cmpint (run_cli (NULL, NULL, "purge", "--data", s->dir, "--now", later, NULL), ==, 0);
  g_assert_true (g_file_test (on_disk, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (usage_of (s, token, "photo"), ==, (gint64) g_bytes_get_size (photo));

  /* Thirty-one days on: purged, the blob is gone and the space is free. */
  much_later = g_strdup_printf ("%" G_GINT64_FORMAT, now + 31 * 86400);
  g_assert_cmpint (run_cli (NULL, NULL, "purge", "--data", s->dir, "--now", much_later, NULL), ==,
                   0);
  g_assert_false (g_file_test (on_disk, G_FILE_TEST_EXISTS));
  g_assert_cmpint (usage_of (s, token, "photo"), ==, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha);
    g_autoptr (Reply) r = request (s, "GET", path, token, NULL);
    g_autoptr (Reply) changes = request (s, "GET", "/api/v1/changes?since=0", token, NULL);
    JsonArray *list = json_object_get_array_member (reply_object (changes), "changes");
    JsonObject *last = json_array_get_object_element (list, json_array_get_length (list) - 1);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "item.purge");
  }
}

static void
run_python (const char *script, const char *arg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc =
      g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "python3", "-c", script, arg, NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
}

static void
test_export (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autoptr (GBytes) video = fake_mp4 (300000, 9);
  g_autofree char *token = NULL, *sha = NULL, *vsha = NULL, *extra = NULL, *create = NULL,
                  *zip = NULL;
  g_autofree char *script = NULL;

  add_user (s, "mia", NULL);
  token = login (s, "mia", "laptop");
  sha = upload (s, token, photo, 201);
  vsha = upload (s, token, video, 201);
  extra = g_strdup_printf (
      "\"blob\": \"%s\", \"kind\": \"photo\", \"fields\": {\"caption\": \"Gare de Lyon\"}", sha);
  create = make_op ("cccccccc-0000-4000-8000-000000000001", "item.create",
                    "33333333-2222-4333-8444-555555555555", extra);
  {
    g_autoptr (Reply) r = post_ops (s, token, create);

    g_assert_cmpstr (op_status (r), ==, "applied");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/account/export", token, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==,
                     "application/zip");
    zip = g_build_filename (s->dir, "export.zip", NULL);
    g_assert_true (g_file_set_contents (zip, g_bytes_get_data (r->body, NULL),
                                        (gssize) g_bytes_get_size (r->body), NULL));
  }
  script = g_strdup_printf (
      "import sys, zipfile, json, hashlib\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "assert z.testzip() is None\n"
      "names = sorted(z.namelist())\n"
      "assert names == sorted(['metadata.json', 'originals/%s.jpg', 'originals/%s.mp4']), names\n"
      "m = json.loads(z.read('metadata.json'))\n"
      "assert m['account']['username'] == 'mia'\n"
      "assert len(m['blobs']) == 2\n"
      "assert 'Gare de Lyon' in json.dumps(m['library'])\n"
      "assert hashlib.sha256(z.read('originals/%s.jpg')).hexdigest() == '%s'\n"
      "assert hashlib.sha256(z.read('originals/%s.mp4')).hexdigest() == '%s'\n",
      sha, vsha, sha, sha, vsha, vsha);
  run_python (script, zip);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GSubprocess) proc =
        g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "unzip", "-tq", zip, NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  }
}

static void
test_delete_account (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) shared = read_file (PHOTO_A);
  g_autoptr (GBytes) own = fake_jpeg (10000, 11);
  g_autofree char *a = NULL, *a2 = NULL, *b = NULL, *shared_sha = NULL, *own_sha = NULL;
  g_autofree char *shared_path = NULL, *own_path = NULL;

  add_user (s, "nina", NULL);
  add_user (s, "oscar", NULL);
  a = login (s, "nina", "laptop");
  a2 = login (s, "nina", "phone");
  b = login (s, "oscar", "laptop");
  shared_sha = upload (s, a, shared, 201);
  g_free (upload (s, b, shared, 201));
  own_sha = upload (s, a, own, 201);
  shared_path = blob_path (s, shared_sha);
  own_path = blob_path (s, own_sha);

  {
    g_autoptr (Reply) r = request (s, "DELETE", "/api/v1/account", a, "{\"password\": \"wrong\"}");

    g_assert_cmpuint (r->status, ==, 403);
  }
  {
    g_autoptr (Reply) r =
        request (s, "DELETE", "/api/v1/account", a, "{\"password\": \"" PASSWORD "\"}");
    g_autoptr (Reply) t1 = request (s, "GET", "/api/v1/account", a, NULL);
    g_autoptr (Reply) t2 = request (s, "GET", "/api/v1/account", a2, NULL);
    g_autoptr (Reply) l = login_full (s, "nina", PASSWORD, "x", NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpuint (t1->status, ==, 401);
    g_assert_cmpuint (t2->status, ==, 401);
    g_assert_cmpuint (l->status, ==, 401);
  }
  g_assert_false (g_file_test (own_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shared_path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", shared_sha);
    g_autoptr (Reply) r = request (s, "GET", path, b, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (r->body), ==, g_bytes_get_size (shared));
  }
}

static void
test_backup_restore (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autoptr (GBytes) photo = read_file (PHOTO_A);
  g_autofree char *token = NULL, *sha = NULL, *backup = NULL, *path = NULL;

  add_user (s, "paul", NULL);
  token = login (s, "paul", "laptop");
  sha = upload (s, token, photo, 201);
  path = g_strdup_printf ("/api/v1/blobs/%s", sha);
  {
    g_autofree char *raw = g_build_filename (s->dir, "..", "sv-cloud-backup-test.db", NULL);

    backup = g_canonicalize_filename (raw, NULL);
  }
  g_unlink (backup);

  /* While the server runs. */
  g_assert_cmpint (run_cli (NULL, NULL, "backup", "--data", s->dir, "--to", backup, NULL), ==, 0);
  add_user (s, "after-backup", NULL);
  /* Refused while the server holds the data folder. */
  g_assert_cmpint (run_cli (NULL, NULL, "restore", "--data", s->dir, backup, NULL), ==, 4);
  server_stop (s);

  /* A blob the backup lists is missing: refused, nothing changed. */
  {
    g_autofree char *blob = blob_path (s, sha);
    g_autofree char *aside = g_strconcat (blob, ".aside", NULL);

    g_assert_cmpint (g_rename (blob, aside), ==, 0);
    g_assert_cmpint (run_cli (NULL, NULL, "restore", "--data", s->dir, backup, NULL), ==, 5);
    g_assert_cmpint (g_rename (aside, blob), ==, 0);
  }
  {
    g_autofree char *junk = g_build_filename (s->dir, "junk.db", NULL);

    g_assert_true (g_file_set_contents (junk, "not a database at all", -1, NULL));
    g_assert_cmpint (run_cli (NULL, NULL, "restore", "--data", s->dir, junk, NULL), ==, 5);
  }
  g_assert_cmpint (run_cli (NULL, NULL, "restore", "--data", s->dir, backup, NULL), ==, 0);
  server_start (s);
  {
    g_autoptr (Reply) r = request (s, "GET", path, token, NULL);
    g_autoptr (Reply) l = login_full (s, "after-backup", PASSWORD, "x", NULL);
    g_autofree char *got = sha256_of_bytes (r->body);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (got, ==, sha);
    g_assert_cmpuint (l->status, ==, 401);
  }
  g_unlink (backup);
}

static GBytes *
raw_exchange (Server *s, const char *request_text, gsize pad, guint trickle_ms)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) conn = NULL;
  g_autoptr (GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  GByteArray *got = g_byte_array_new ();
  guint8 buf[4096];
  gssize n;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) s->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  if (trickle_ms > 0)
    {
      /* One byte at a time, slower than the server allows. */
      for (const char *p = request_text; *p; p++)
        {
          if (!g_output_stream_write_all (out, p, 1, NULL, NULL, NULL))
            break;
          g_usleep (trickle_ms * 1000);
        }
    }
  else
    {
      g_output_stream_write_all (out, request_text, strlen (request_text), NULL, NULL, NULL);
      for (gsize i = 0; i < pad; i += sizeof buf)
        {
          memset (buf, 'x', sizeof buf);
          if (!g_output_stream_write_all (out, buf, MIN (sizeof buf, pad - i), NULL, NULL, NULL))
            break;
        }
    }
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 20);
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append (got, buf, (guint) n);
  return g_byte_array_free_to_bytes (got);
}

static void
test_hostile (void)
{
  g_autoptr (Server) s = server_new (NULL);
  g_autofree char *token = NULL;

  add_user (s, "quinn", NULL);
  token = login (s, "quinn", "laptop");

  /* Over the body limit, announced: answered before the body is read. */
  {
    g_autoptr (GBytes) body = g_bytes_new_take (g_malloc0 (2 * 1024 * 1024), 2 * 1024 * 1024);
    const char *headers[] = { "Expect", "100-continue", NULL };
    g_autoptr (Reply) r =
        request_full (s, "POST", "/api/v1/blobs/missing", token, body, NULL, headers);

    g_assert_cmpuint (r->status, ==, 413);
    g_assert_cmpstr (reply_error_code (r), ==, "body_too_large");
  }
  /* A huge announced body without Expect: the connection is cut, nothing kept. */
  {
    g_autofree char *req =
        g_strdup_printf ("POST /api/v1/ops HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                         "Content-Length: 99999999999\r\n\r\n",
                         token);
    g_autoptr (GBytes) got = raw_exchange (s, req, 4 * 1024 * 1024, 0);

    g_assert_false (g_str_has_prefix (
        g_bytes_get_data (got, NULL) ? g_bytes_get_data (got, NULL) : "", "HTTP/1.1 200"));
  }
  /* Chunked bodies are refused: a length must be announced. */
  {
    g_autofree char *req = g_strdup_printf (
        "POST /api/v1/blobs/missing HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
        "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        token);
    g_autoptr (GBytes) got = raw_exchange (s, req, 0, 0);

    g_assert_true (g_str_has_prefix (g_bytes_get_data (got, NULL), "HTTP/1.1 411"));
  }
  /* Deep JSON, bad UTF-8, wrong types, trailing garbage. */
  {
    GString *deep = g_string_new ("{\"blobs\": ");
    const char *bad_utf8 = "{\"username\": \"\xff\xfe\", \"password\": \"x\"}";
    g_autoptr (Reply) r1 = NULL;
    g_autoptr (Reply) r2 = NULL;
    g_autoptr (Reply) r3 =
        request (s, "POST", "/api/v1/auth/login", NULL, "{\"username\": 5, \"password\": \"x\"}");
    g_autoptr (Reply) r4 =
        request (s, "POST", "/api/v1/blobs/missing", token, "{\"blobs\": []} trailing");
    g_autoptr (Reply) r5 = request (s, "POST", "/api/v1/blobs/missing", token, "[1, 2, 3]");
    g_autoptr (Reply) r6 = request (
        s, "POST", "/api/v1/blobs/missing", token,
        "{\"blobs\": [{\"sha256\": \"../../etc/passwd\", \"size\": 1, \"kind\": \"photo\"}]}");

    for (int i = 0; i < 5000; i++)
      g_string_append_c (deep, '[');
    for (int i = 0; i < 5000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    r1 = request (s, "POST", "/api/v1/blobs/missing", token, deep->str);
    r2 = request (s, "POST", "/api/v1/auth/login", NULL, bad_utf8);
    g_string_free (deep, TRUE);

    g_assert_cmpuint (r1->status, ==, 400);
    g_assert_cmpstr (reply_error_code (r1), ==, "invalid_json");
    g_assert_cmpuint (r2->status, ==, 400);
    g_assert_cmpstr (reply_error_code (r2), ==, "invalid_json");
    g_assert_cmpuint (r3->status, ==, 400);
    g_assert_cmpstr (reply_error_code (r3), ==, "invalid_request");
    g_assert_cmpuint (r4->status, ==, 400);
    g_assert_cmpuint (r5->status, ==, 400);
    g_assert_cmpuint (r6->status, ==, 400);
  }
  /* Unknown fields are ignored. */
  {
    g_autoptr (Reply) r =
        request (s, "POST", "/api/v1/auth/login", NULL,
                 "{\"username\": \"quinn\", \"password\": \"" PASSWORD "\", \"colour\": [1, {}]}");

    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Slowloris: headers one byte every 300 ms; the 2 s timer closes it. */
  {
    gint64 start = g_get_monotonic_time ();
    g_autoptr (GBytes) got =
        raw_exchange (s,
                      "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
                      0, 300);

    g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
    /* It was cut well before the client would have finished (~25 s). */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  }
  /* The server is still fine. */
  {
    g_autoptr (Reply) r = request (s, "GET", "/api/v1/health", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
}

int
main (int argc, char **argv)
{
  /* Isolated folders hold no GSettings schemas: keep GIO off the system proxy settings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/login/basic", test_login_basic);
  g_test_add_func ("/server/login/totp", test_login_totp);
  g_test_add_func ("/server/login/rate-limit", test_rate_limit);
  g_test_add_func ("/server/login/rate-limit-address", test_rate_limit_address);
  g_test_add_func ("/server/sessions", test_sessions);
  g_test_add_func ("/server/authorization-matrix", test_authorization_matrix);
  g_test_add_func ("/server/blobs/resume-after-kill", test_upload_resume_after_kill);
  g_test_add_func ("/server/blobs/hash-mismatch", test_upload_hash_mismatch);
  g_test_add_func ("/server/blobs/large-streamed", test_upload_large_streamed);
  g_test_add_func ("/server/blobs/range", test_range_downloads);
  g_test_add_func ("/server/blobs/thumbnails", test_thumbnails);
  g_test_add_func ("/server/quotas", test_quotas);
  g_test_add_func ("/server/ops-and-changes", test_ops_and_changes);
  g_test_add_func ("/server/trash-purge", test_trash_purge);
  g_test_add_func ("/server/export", test_export);
  g_test_add_func ("/server/delete-account", test_delete_account);
  g_test_add_func ("/server/backup-restore", test_backup_restore);
  g_test_add_func ("/server/hostile", test_hostile);
  return g_test_run ();
}
