/* sv-cloud-server.c: the souvenir-cloud HTTP API on a SoupServer
 *
 * Every request is hostile until checked: bodies need a Content-Length within
 * the limit of their endpoint (checked in the early handler, before libsoup
 * reads anything), uploads are streamed to disk from got-chunk, JSON is parsed
 * with size and depth limits, slow or idle clients are cut off by timers,
 * and blobs are only ever named by a validated hash. The catalogue and the
 * blob store are only reached through SvCloudDb and SvBlobStore.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-server"

#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <string.h>

#include "sv-blob-kind.h"
#include "sv-cloud-auth.h"
#include "sv-cloud-server.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-json.h"
#include "sv-totp.h"
#include "sv-zip-writer.h"

/* libsoup 3.2 has no name for it (RFC 6585). */
#define STATUS_TOO_MANY_REQUESTS 429
#define API_PREFIX "/api/v1/"
#define STREAM_CHUNK (256 * 1024)
/* Uploads: libsoup hands the body over in 8 KiB pieces on the main loop; they
 * are gathered into blocks that a writer thread hashes and writes, and reading
 * pauses while more than [limits] upload_queue_bytes wait for the disk (and
 * resumes below a quarter of it). */
#define UPLOAD_BLOCK (256 * 1024)
#define UPLOAD_POOL_BLOCKS 64
#define UPLOAD_FLUSH_MS 100
#define MAX_THUMBNAIL_SOURCE_BYTES G_GINT64_CONSTANT (300000000)
#define GRID_SHORT_EDGE 360
#define PREVIEW_LONG_EDGE 1600
#define MAX_USERNAME_LEN 64
#define MAX_DEVICE_NAME_LEN 128

struct _SvCloudServer
{
  GObject parent_instance;

  SvCloudDb *db;
  SvBlobStore *store;
  SvCloudConfig *config;
  char *cache_dir;
  SoupServer *soup;
  SvRateLimiter *limiter;
  char *dummy_hash;
  GHashTable *active_uploads; /* "account-sha" */
  guint purge_id;
};

G_DEFINE_FINAL_TYPE (SvCloudServer, sv_cloud_server, G_TYPE_OBJECT)

typedef enum
{
  EP_NONE,
  EP_HEALTH,
  EP_LOGIN,
  EP_LOGOUT,
  EP_ACCOUNT,
  EP_EXPORT,
  EP_TOTP_ENROLL,
  EP_TOTP_CONFIRM,
  EP_TOTP_DISABLE,
  EP_RECOVERY_CODES,
  EP_SESSIONS,
  EP_SESSION,
  EP_BLOBS_MISSING,
  EP_BLOB,
  EP_THUMBNAIL,
  EP_OPS,
  EP_CHANGES,
} Endpoint;

typedef enum
{
  PRODUCE_MORE,
  PRODUCE_DONE,
  PRODUCE_ERROR,
} ProduceResult;

typedef ProduceResult (*ProduceFunc) (gpointer data, GByteArray *out);

typedef struct
{
  ProduceFunc produce;
  gpointer data;
  GDestroyNotify data_free;
  GByteArray *buffer;
} Streamer;

struct _Request
{
  SvCloudServer *self;
  SoupServerMessage *msg; /* NULL for sv_cloud_server_handle_direct() */
  char *method;
  char *path;
  GHashTable *query;
  SoupMessageHeaders *req_headers;
  GBytes *body;
  char *client_address;
  JsonNode *json_in;

  Endpoint endpoint;
  char *param; /* session id or hash from the path */
  gint64 account_id;
  char *session_id;

  guint status;
  SoupMessageHeaders *resp_headers;
  GBytes *resp_body;
  char *content_type;
  Streamer *streamer;
  gboolean async;
  gboolean paused;
  gboolean pending_job; /* a worker thread will finish this request */
  char **body_out;
};

typedef struct
{
  gsize len;
  guint8 data[UPLOAD_BLOCK];
} UploadBlock;

typedef struct _Request Request;

/* What happens to a whole upload once its hash is checked, decided from its
 * first bytes and the account's quota. */
typedef enum
{
  UPLOAD_KEEP,
  UPLOAD_REFUSE_TYPE,  /* neither a photo nor a video: discarded */
  UPLOAD_REFUSE_QUOTA, /* over the plan's limit: discarded */
  UPLOAD_FAIL,         /* the catalogue failed: kept for a retry */
} UploadVerdict;

typedef enum
{
  UPLOAD_OUTCOME_NONE,
  UPLOAD_OUTCOME_STORED,   /* verified, fsynced and in place */
  UPLOAD_OUTCOME_MISMATCH, /* discarded */
  UPLOAD_OUTCOME_REFUSED,  /* as the verdict says */
  UPLOAD_OUTCOME_FAILED,   /* write_error */
} UploadOutcome;

typedef struct
{
  gatomicrefcount ref_count;
  SvCloudServer *self;
  SoupServerMessage *msg; /* not a reference: NULL once the message is gone */
  gboolean sync;          /* sv_cloud_server_handle_direct(): no writer thread */
  gint64 account_id;
  char *sha256;
  char *key;
  char *variant;
  guint64 start;
  guint64 total;
  guint64 expected;
  guint8 head[SV_BLOB_KIND_SNIFF_LEN];
  gsize head_len;
  GError *error; /* the request itself is wrong */

  /* Main thread only. */
  guint64 received;
  UploadBlock *fill; /* being filled from the request body */
  guint flush_id;
  gboolean fed;     /* body data came since the last flush tick */
  Request *end_req; /* the body is complete: waits for the writer */

  /* Shared with the writer thread. */
  GMutex lock;
  GQueue blocks; /* UploadBlock, in order */
  gsize queued;
  gsize queue_high;
  gsize queue_low;
  gboolean writing; /* a writer thread owns out, hash, written, write_error */
  gboolean held;    /* the message is paused until the writer catches up */

  /* The writer's (the main thread's when no writer runs). */
  SvBlobStore *store;
  guint64 offset; /* where the partial file ends when the upload begins */
  GOutputStream *out;
  SvSha256 *hash; /* running hash when the upload starts at 0 */
  guint64 written;
  GError *write_error;

  /* A whole upload is checked and stored by the writer, right after its last
   * block: set by the main thread before it starts the writer a last time. */
  gboolean finish;
  UploadVerdict verdict;
  GError *verdict_error;
  SvCloudBlobInfo *info;
  UploadOutcome outcome; /* the writer's answer */
} Upload;

typedef struct
{
  SoupServerMessage *msg;
  guint timer;
  guint seconds;
  gint64 last_chunk; /* monotonic time of the last body piece; 0 before the body */
} Watchdog;

/* ---- small helpers ---- */

static gint64
now_usec (void)
{
  return g_get_real_time ();
}

static void
streamer_free (Streamer *streamer)
{
  if (streamer == NULL)
    return;
  if (streamer->data_free != NULL)
    streamer->data_free (streamer->data);
  g_clear_pointer (&streamer->buffer, g_byte_array_unref);
  g_free (streamer);
}

static Streamer *
streamer_new (ProduceFunc produce, gpointer data, GDestroyNotify data_free)
{
  Streamer *streamer = g_new0 (Streamer, 1);

  streamer->produce = produce;
  streamer->data = data;
  streamer->data_free = data_free;
  streamer->buffer = g_byte_array_sized_new (STREAM_CHUNK + 4096);
  return streamer;
}

static void
request_free (Request *req)
{
  g_clear_object (&req->self);
  g_clear_object (&req->msg);
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->req_headers, soup_message_headers_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->client_address);
  g_clear_pointer (&req->json_in, json_node_unref);
  g_free (req->param);
  g_free (req->session_id);
  g_clear_pointer (&req->resp_headers, soup_message_headers_unref);
  g_clear_pointer (&req->resp_body, g_bytes_unref);
  g_free (req->content_type);
  g_clear_pointer (&req->streamer, streamer_free);
  g_free (req);
}

static Request *
request_new (SvCloudServer *self, const char *method, const char *path)
{
  Request *req = g_new0 (Request, 1);

  req->self = g_object_ref (self);
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->resp_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  return req;
}

/* Takes @text, a JSON document. */
static void
respond_json_text (Request *req, guint status, char *text)
{
  gsize len = strlen (text);

  req->status = status;
  g_clear_pointer (&req->resp_body, g_bytes_unref);
  req->resp_body = g_bytes_new_take (text, len);
  g_free (req->content_type);
  req->content_type = g_strdup ("application/json");
}

static void
respond_json (Request *req, guint status, JsonNode *node)
{
  respond_json_text (req, status, sv_json_to_string (node, FALSE));
}

static void
respond_builder (Request *req, guint status, JsonBuilder *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);

  respond_json (req, status, node);
}

static void
respond_error (Request *req, guint status, const char *code, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "code", code);
  sv_json_builder_add_string (b, "message", message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (req, status, b);
}

static void
respond_empty (Request *req, guint status)
{
  req->status = status;
  g_clear_pointer (&req->resp_body, g_bytes_unref);
}

static void
respond_internal (Request *req, const GError *error)
{
  if (error != NULL)
    g_warning ("%s %s: %s", req->method, req->path, error->message);
  if (error != NULL && g_error_matches (error, SV_ERROR, SV_ERROR_DISK_FULL))
    respond_error (req, SOUP_STATUS_INSUFFICIENT_STORAGE, "disk_full",
                   _ ("The server has no space left. Try again later."));
  else
    respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                   _ ("The server could not complete the request. Try again later."));
}

static void
respond_bad_request (Request *req, const char *message)
{
  respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request", message);
}

static void
respond_not_found (Request *req)
{
  respond_error (req, SOUP_STATUS_NOT_FOUND, "not_found", _ ("There is nothing at this address."));
}

static void
copy_header_cb (const char *name, const char *value, gpointer user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
streamer_pump (Streamer *streamer, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  ProduceResult result;

  g_byte_array_set_size (streamer->buffer, 0);
  result = streamer->produce (streamer->data, streamer->buffer);
  if (result == PRODUCE_ERROR)
    {
      GSocket *sock = soup_server_message_get_socket (msg);

      /* Nothing sensible can be sent any more: cut the response short. */
      if (sock != NULL)
        g_socket_shutdown (sock, TRUE, TRUE, NULL);
      return;
    }
  if (streamer->buffer->len > 0)
    soup_message_body_append (body, SOUP_MEMORY_COPY, streamer->buffer->data,
                              streamer->buffer->len);
  if (result == PRODUCE_DONE)
    soup_message_body_complete (body);
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg, gpointer user_data)
{
  Streamer *streamer = g_object_get_data (G_OBJECT (msg), "sv-streamer");

  if (streamer != NULL)
    streamer_pump (streamer, msg);
}

static void
request_finish (Request *req)
{
  if (req->msg != NULL)
    {
      SoupServerMessage *msg = req->msg;
      SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

      soup_server_message_set_status (msg, req->status, NULL);
      soup_message_headers_foreach (req->resp_headers, copy_header_cb, out);
      if (req->streamer != NULL && g_strcmp0 (req->method, "HEAD") != 0)
        {
          Streamer *streamer = g_steal_pointer (&req->streamer);

          if (req->content_type != NULL)
            soup_message_headers_replace (out, "Content-Type", req->content_type);
          soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
          g_object_set_data_full (G_OBJECT (msg), "sv-streamer", streamer,
                                  (GDestroyNotify) streamer_free);
          g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), NULL);
          streamer_pump (streamer, msg);
        }
      else if (req->resp_body != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (req->resp_body, &len);

          soup_server_message_set_response (msg, req->content_type, SOUP_MEMORY_COPY, data, len);
        }
      if (req->paused)
        soup_server_message_unpause (msg);
    }
  else if (req->body_out != NULL)
    {
      if (req->resp_body != NULL)
        *req->body_out =
            g_strndup (g_bytes_get_data (req->resp_body, NULL), g_bytes_get_size (req->resp_body));
      else
        *req->body_out = g_strdup ("");
    }
  request_free (req);
}

/* Pauses a soup message while work runs in a thread. */
static void
request_go_async (Request *req)
{
  req->async = TRUE;
  if (req->msg != NULL && !req->paused)
    {
      soup_server_message_pause (req->msg);
      req->paused = TRUE;
    }
}

static JsonObject *
request_json (Request *req, gsize max_len)
{
  g_autoptr (GError) error = NULL;
  const char *data = NULL;
  gsize len = 0;

  if (req->body != NULL)
    data = g_bytes_get_data (req->body, &len);
  if (data == NULL || len == 0)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                     _ ("The request needs a JSON body."));
      return NULL;
    }
  req->json_in =
      sv_json_parse_strict (data, len, max_len, req->self->config->max_json_depth, &error);
  if (req->json_in == NULL)
    {
      if (g_error_matches (error, SV_ERROR, SV_ERROR_TOO_LARGE) && len > max_len)
        respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                       _ ("The request is too large."));
      else
        respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_json", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (req->json_in))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                     _ ("The request body must be a JSON object."));
      return NULL;
    }
  return json_node_get_object (req->json_in);
}

/* Reads a string member. Absent: NULL (an error when @required). */
static gboolean
json_string_field (Request *req,
                   JsonObject *obj,
                   const char *name,
                   gsize max_len,
                   gboolean required,
                   const char **out)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autofree char *message = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      message = g_strdup_printf (_ ("The field “%s” is missing."), name);
      respond_bad_request (req, message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      message = g_strdup_printf (_ ("The field “%s” must be a string."), name);
      respond_bad_request (req, message);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (strlen (*out) > max_len)
    {
      message = g_strdup_printf (_ ("The field “%s” is too long."), name);
      respond_bad_request (req, message);
      return FALSE;
    }
  return TRUE;
}

static char *
normalize_username (const char *name)
{
  if (name == NULL)
    return NULL;
  return g_utf8_strdown (name, -1);
}

static void
set_retry_after (Request *req, guint seconds)
{
  g_autofree char *value = g_strdup_printf ("%u", MAX (seconds, 1));

  soup_message_headers_replace (req->resp_headers, "Retry-After", value);
}

static const SvCloudPlan *
account_plan (SvCloudServer *self, const SvCloudAccount *account)
{
  const SvCloudPlan *plan = sv_cloud_config_get_plan (self->config, account->plan);

  if (plan == NULL)
    plan = sv_cloud_config_get_plan (self->config, self->config->default_plan);
  return plan;
}

static void
add_quota_members (SvCloudServer *self,
                   JsonBuilder *b,
                   const SvCloudAccount *account,
                   gint64 photo,
                   gint64 video)
{
  const SvCloudPlan *plan = account_plan (self, account);
  gint64 counted = (plan->counts_photo ? photo : 0) + (plan->counts_video ? video : 0);

  sv_json_builder_add_string (b, "plan", plan->id);
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "photo", photo);
  sv_json_builder_add_int (b, "video", video);
  sv_json_builder_add_int (b, "total", photo + video);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "quota");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "limit");
  if (plan->limit_bytes < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, plan->limit_bytes);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_array (b);
  if (plan->counts_photo)
    json_builder_add_string_value (b, "photo");
  if (plan->counts_video)
    json_builder_add_string_value (b, "video");
  json_builder_end_array (b);
  sv_json_builder_add_int (b, "used", counted);
  json_builder_set_member_name (b, "available");
  if (plan->limit_bytes < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, MAX (plan->limit_bytes - counted, 0));
  json_builder_end_object (b);
}

static char *
thumbnail_path (SvCloudServer *self, const char *size, const char *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);

  return g_build_filename (self->cache_dir, "thumbnails", size, prefix, name, NULL);
}

static void
forget_blobs (SvCloudServer *self, GPtrArray *freed)
{
  for (guint i = 0; i < freed->len; i++)
    {
      const char *sha = g_ptr_array_index (freed, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *grid = NULL;
      g_autofree char *preview = NULL;

      if (!sv_sha256_hex_is_valid (sha))
        continue;
      if (!sv_blob_store_remove (self->store, sha, &error))
        g_warning ("%s", error->message);
      grid = thumbnail_path (self, "grid", sha);
      preview = thumbnail_path (self, "preview", sha);
      g_unlink (grid);
      g_unlink (preview);
    }
}

/* ---- authentication ---- */

static gboolean
token_looks_valid (const char *token)
{
  gsize len = strlen (token);

  if (len < 16 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (token[i]) && token[i] != '-' && token[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
request_authenticate (Request *req)
{
  const char *auth = soup_message_headers_get_one (req->req_headers, "Authorization");
  g_autofree char *hash = NULL;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    {
      const char *token = auth + 7;

      while (*token == ' ')
        token++;
      if (token_looks_valid (token))
        {
          hash = sv_cloud_token_hash (token);
          if (sv_cloud_db_session_authenticate (req->self->db, hash, now_usec (), &req->account_id,
                                                &req->session_id))
            return TRUE;
        }
    }
  respond_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                 _ ("You are not signed in, or this session was signed out. Sign in again."));
  soup_message_headers_replace (req->resp_headers, "WWW-Authenticate",
                                "Bearer realm=\"souvenir-cloud\"");
  return FALSE;
}

/* ---- password checks off the main thread ---- */

typedef void (*VerifiedFunc) (Request *req, gboolean ok, gpointer data);

typedef struct
{
  Request *req;
  char *hash;
  char *password;
  gboolean ok;
  VerifiedFunc then;
  gpointer data;
  GDestroyNotify data_free;
} PasswordCheck;

static void
password_check_free (PasswordCheck *check)
{
  g_free (check->hash);
  if (check->password != NULL)
    {
      sodium_memzero (check->password, strlen (check->password));
      g_free (check->password);
    }
  if (check->data_free != NULL)
    check->data_free (check->data);
  g_free (check);
}

static void
password_check_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PasswordCheck *check = task_data;

  check->ok = sv_cloud_password_verify (check->hash, check->password);
  g_task_return_boolean (task, TRUE);
}

static void
password_check_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PasswordCheck *check = g_task_get_task_data (G_TASK (result));

  check->then (check->req, check->ok, check->data);
  request_finish (check->req);
}

/* Runs Argon2id against @hash (a dummy hash for unknown accounts, so the time
 * taken is the same), then @then on the main thread; @then sets the response. */
static void
verify_password_then (Request *req,
                      const char *hash,
                      const char *password,
                      VerifiedFunc then,
                      gpointer data,
                      GDestroyNotify data_free)
{
  PasswordCheck *check = g_new0 (PasswordCheck, 1);
  g_autoptr (GTask) task = NULL;

  check->req = req;
  check->hash = g_strdup (hash);
  check->password = g_strdup (password);
  check->then = then;
  check->data = data;
  check->data_free = data_free;

  if (req->msg == NULL)
    {
      check->ok = sv_cloud_password_verify (check->hash, check->password);
      check->then (req, check->ok, check->data);
      password_check_free (check);
      return;
    }
  request_go_async (req);
  task = g_task_new (req->self, NULL, password_check_done_cb, NULL);
  g_task_set_task_data (task, check, (GDestroyNotify) password_check_free);
  g_task_run_in_thread (task, password_check_worker);
}

/* TOTP code or recovery code, each usable once. */
static gboolean
check_second_factor (SvCloudServer *self, const SvCloudAccount *account, const char *code)
{
  gint64 step = 0;
  g_autofree char *recovery = NULL;

  if (code == NULL || account->totp_secret == NULL)
    return FALSE;
  if (sv_totp_verify (account->totp_secret, code, now_usec () / G_USEC_PER_SEC, -1, &step))
    return sv_cloud_db_account_use_totp_step (self->db, account->id, step);
  recovery = sv_cloud_recovery_code_normalize (code);
  if (recovery != NULL && account->totp_enabled)
    {
      g_autofree char *hash = sv_cloud_token_hash (recovery);

      return sv_cloud_db_recovery_code_use (self->db, account->id, hash);
    }
  return FALSE;
}

/* ---- POST /auth/login ---- */

typedef struct
{
  SvCloudAccount *account;
  char *user_key;
  char *addr_key;
  char *device_name;
  char *totp;
} Login;

static void
login_free (Login *login)
{
  g_clear_pointer (&login->account, sv_cloud_account_free);
  g_free (login->user_key);
  g_free (login->addr_key);
  g_free (login->device_name);
  g_free (login->totp);
  g_free (login);
}

static void
login_fail (Request *req, Login *login, const char *code, const char *message)
{
  SvCloudServer *self = req->self;
  gint64 now = now_usec ();

  sv_rate_limiter_fail (self->limiter, login->user_key, self->config->login_free_attempts_account,
                        now);
  sv_rate_limiter_fail (self->limiter, login->addr_key, self->config->login_free_attempts_address,
                        now);
  respond_error (req, SOUP_STATUS_UNAUTHORIZED, code, message);
}

static void
login_verified (Request *req, gboolean ok, gpointer data)
{
  Login *login = data;
  SvCloudServer *self = req->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *session_id = NULL;

  if (!ok || login->account == NULL || login->account->disabled)
    {
      login_fail (req, login, "invalid_credentials", _ ("The user name or the password is wrong."));
      return;
    }
  if (login->account->totp_enabled)
    {
      if (login->totp == NULL)
        {
          respond_error (req, SOUP_STATUS_UNAUTHORIZED, "totp_required",
                         _ ("Enter the code from your authenticator app, or a recovery code."));
          return;
        }
      if (!check_second_factor (self, login->account, login->totp))
        {
          login_fail (req, login, "invalid_totp", _ ("The code is wrong or was already used."));
          return;
        }
    }

  sv_rate_limiter_reset (self->limiter, login->user_key);
  token = sv_cloud_token_new ();
  token_hash = sv_cloud_token_hash (token);
  session_id =
      sv_cloud_db_session_create (self->db, login->account->id, token_hash, login->device_name,
                                  req->client_address, now_usec (), &error);
  if (session_id == NULL)
    {
      respond_internal (req, error);
      return;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "token", token);
  sv_json_builder_add_string (b, "session_id", session_id);
  sv_json_builder_add_string (b, "username", login->account->username);
  json_builder_end_object (b);
  respond_builder (req, SOUP_STATUS_OK, b);
  sodium_memzero (token, strlen (token));
}

static void
handle_login (Request *req)
{
  SvCloudServer *self = req->self;
  JsonObject *obj;
  const char *username, *password, *device_name, *totp;
  g_autofree char *normalized = NULL;
  Login *login;
  guint wait;
  gint64 now = now_usec ();

  if ((obj = request_json (req, self->config->max_json_bytes)) == NULL)
    return;
  if (!json_string_field (req, obj, "username", 256, TRUE, &username) ||
      !json_string_field (req, obj, "password", SV_CLOUD_MAX_PASSWORD_LEN, TRUE, &password) ||
      !json_string_field (req, obj, "device_name", MAX_DEVICE_NAME_LEN * 4, FALSE, &device_name) ||
      !json_string_field (req, obj, "totp", 64, FALSE, &totp))
    return;

  login = g_new0 (Login, 1);
  normalized = normalize_username (username);
  login->user_key = g_strconcat ("user:", normalized, NULL);
  login->addr_key = g_strconcat ("addr:", req->client_address, NULL);
  login->totp = g_strdup (totp);
  if (device_name == NULL || *device_name == '\0')
    device_name = _ ("Unnamed device");
  login->device_name =
      g_utf8_substring (device_name, 0, MIN (g_utf8_strlen (device_name, -1), MAX_DEVICE_NAME_LEN));

  /* Same path, same answer, for known and unknown names. */
  wait = MAX (sv_rate_limiter_check (self->limiter, login->user_key, now),
              sv_rate_limiter_check (self->limiter, login->addr_key, now));
  if (wait > 0)
    {
      set_retry_after (req, wait);
      respond_error (req, STATUS_TOO_MANY_REQUESTS, "rate_limited",
                     _ ("Too many failed sign-in attempts. Wait a moment and try again."));
      login_free (login);
      return;
    }

  login->account = sv_cloud_db_account_lookup (self->db, normalized, NULL);
  verify_password_then (req,
                        login->account != NULL ? login->account->password_hash : self->dummy_hash,
                        password, login_verified, login, (GDestroyNotify) login_free);
}

/* ---- account ---- */

static SvCloudAccount *
request_account (Request *req)
{
  g_autoptr (GError) error = NULL;
  SvCloudAccount *account = sv_cloud_db_account_get (req->self->db, req->account_id, &error);

  if (account == NULL)
    respond_internal (req, error);
  return account;
}

static void
handle_account_get (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudAccount) account = request_account (req);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  gint64 photo = 0, video = 0;

  if (account == NULL)
    return;
  if (!sv_cloud_db_blob_usage (self->db, account->id, &photo, &video, &error))
    {
      respond_internal (req, error);
      return;
    }
  created = g_date_time_new_from_unix_utc (account->created_usec / G_USEC_PER_SEC);
  created_text = created != NULL ? g_date_time_format_iso8601 (created) : NULL;

  b = json_builder_new ();
  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "username", account->username);
  sv_json_builder_add_string (b, "created", created_text);
  sv_json_builder_add_bool (b, "two_factor", account->totp_enabled);
  sv_json_builder_add_string (b, "session_id", req->session_id);
  add_quota_members (self, b, account, photo, video);
  json_builder_set_member_name (b, "trash_retention_days");
  json_builder_add_int_value (b, self->config->retention_usec / G_TIME_SPAN_DAY);
  json_builder_end_object (b);
  respond_builder (req, SOUP_STATUS_OK, b);
}

static void
account_delete_verified (Request *req, gboolean ok, gpointer data)
{
  SvCloudAccount *account = data;
  SvCloudServer *self = req->self;
  g_autoptr (GPtrArray) freed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  if (!ok)
    {
      respond_error (req, SOUP_STATUS_FORBIDDEN, "invalid_credentials",
                     _ ("The password is wrong."));
      return;
    }
  if (!sv_cloud_db_account_delete (self->db, account->id, freed, &error))
    {
      respond_internal (req, error);
      return;
    }
  forget_blobs (self, freed);
  g_message ("Deleted account %s (%u blobs freed)", account->username, freed->len);
  respond_empty (req, SOUP_STATUS_NO_CONTENT);
}

static void
handle_account_delete (Request *req)
{
  SvCloudServer *self = req->self;
  SvCloudAccount *account;
  JsonObject *obj;
  const char *password, *totp;

  if ((obj = request_json (req, self->config->max_json_bytes)) == NULL)
    return;
  if (!json_string_field (req, obj, "password", SV_CLOUD_MAX_PASSWORD_LEN, TRUE, &password) ||
      !json_string_field (req, obj, "totp", 64, FALSE, &totp))
    return;
  if ((account = request_account (req)) == NULL)
    return;
  if (account->totp_enabled && !check_second_factor (self, account, totp))
    {
      respond_error (req, SOUP_STATUS_FORBIDDEN, totp == NULL ? "totp_required" : "invalid_totp",
                     _ ("Enter a fresh code from your authenticator app, or a recovery code."));
      sv_cloud_account_free (account);
      return;
    }
  verify_password_then (req, account->password_hash, password, account_delete_verified, account,
                        (GDestroyNotify) sv_cloud_account_free);
}

/* ---- two-factor ---- */

static void
respond_recovery_codes (Request *req, SvCloudAccount *account)
{
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  for (guint i = 0; i < SV_CLOUD_RECOVERY_CODES; i++)
    {
      char *code = sv_cloud_recovery_code_new ();
      g_autofree char *normalized = sv_cloud_recovery_code_normalize (code);

      g_ptr_array_add (codes, code);
      g_ptr_array_add (hashes, sv_cloud_token_hash (normalized));
    }
  if (!sv_cloud_db_recovery_codes_set (req->self->db, account->id, hashes, &error))
    {
      respond_internal (req, error);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "recovery_codes");
  json_builder_begin_array (b);
  for (guint i = 0; i < codes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (codes, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_builder (req, SOUP_STATUS_OK, b);
}

static void
handle_totp (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *obj = NULL;
  const char *code = NULL;

  if (req->endpoint != EP_TOTP_ENROLL)
    {
      if ((obj = request_json (req, self->config->max_json_bytes)) == NULL)
        return;
      if (!json_string_field (req, obj, "code", 64, TRUE, &code))
        return;
    }
  if ((account = request_account (req)) == NULL)
    return;

  switch (req->endpoint)
    {
      case EP_TOTP_ENROLL:
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          g_autofree char *uri = NULL;

          if (account->totp_enabled)
            {
              respond_error (req, SOUP_STATUS_CONFLICT, "totp_already_enabled",
                             _ ("Two-step verification is already on. Turn it off first."));
              return;
            }
          g_free (account->totp_secret);
          account->totp_secret = sv_totp_new_secret ();
          if (!sv_cloud_db_account_update (self->db, account, &error))
            {
              respond_internal (req, error);
              return;
            }
          uri = sv_totp_uri (account->totp_secret, "Souvenir", account->username);
          json_builder_begin_object (b);
          sv_json_builder_add_string (b, "secret", account->totp_secret);
          sv_json_builder_add_string (b, "uri", uri);
          json_builder_end_object (b);
          respond_builder (req, SOUP_STATUS_OK, b);
        }
        break;

      case EP_TOTP_CONFIRM:
        {
          gint64 step = 0;

          if (account->totp_enabled || account->totp_secret == NULL)
            {
              respond_error (req, SOUP_STATUS_CONFLICT, "totp_not_pending",
                             _ ("Start setting up two-step verification first."));
              return;
            }
          if (!sv_totp_verify (account->totp_secret, code, now_usec () / G_USEC_PER_SEC, -1,
                               &step) ||
              !sv_cloud_db_account_use_totp_step (self->db, account->id, step))
            {
              respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_totp",
                             _ ("The code is wrong or was already used."));
              return;
            }
          account->totp_enabled = TRUE;
          if (!sv_cloud_db_account_update (self->db, account, &error))
            {
              respond_internal (req, error);
              return;
            }
          respond_recovery_codes (req, account);
        }
        break;

      case EP_TOTP_DISABLE:
      case EP_RECOVERY_CODES:
        if (!account->totp_enabled)
          {
            respond_error (req, SOUP_STATUS_CONFLICT, "totp_not_enabled",
                           _ ("Two-step verification is off."));
            return;
          }
        if (!check_second_factor (self, account, code))
          {
            respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_totp",
                           _ ("The code is wrong or was already used."));
            return;
          }
        if (req->endpoint == EP_RECOVERY_CODES)
          {
            respond_recovery_codes (req, account);
            return;
          }
        g_clear_pointer (&account->totp_secret, g_free);
        account->totp_enabled = FALSE;
        if (!sv_cloud_db_account_update (self->db, account, &error) ||
            !sv_cloud_db_recovery_codes_set (self->db, account->id, NULL, &error))
          {
            respond_internal (req, error);
            return;
          }
        respond_empty (req, SOUP_STATUS_NO_CONTENT);
        break;

      default:
        g_assert_not_reached ();
    }
}

/* ---- sessions ---- */

static void
add_time_member (JsonBuilder *b, const char *name, gint64 usec)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *text = dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;

  sv_json_builder_add_string (b, name, text);
}

static void
handle_sessions (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (GError) error = NULL;

  if (req->endpoint == EP_SESSION)
    {
      if (!sv_cloud_db_session_revoke (self->db, req->account_id, req->param, &error))
        {
          if (g_error_matches (error, SV_ERROR, SV_ERROR_NOT_FOUND))
            respond_not_found (req);
          else
            respond_internal (req, error);
          return;
        }
      respond_empty (req, SOUP_STATUS_NO_CONTENT);
    }
  else if (req->endpoint == EP_LOGOUT)
    {
      if (!sv_cloud_db_session_revoke (self->db, req->account_id, req->session_id, &error))
        {
          respond_internal (req, error);
          return;
        }
      respond_empty (req, SOUP_STATUS_NO_CONTENT);
    }
  else if (g_str_equal (req->method, "DELETE"))
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      gint n =
          sv_cloud_db_session_revoke_others (self->db, req->account_id, req->session_id, &error);

      if (n < 0)
        {
          respond_internal (req, error);
          return;
        }
      json_builder_begin_object (b);
      sv_json_builder_add_int (b, "revoked", n);
      json_builder_end_object (b);
      respond_builder (req, SOUP_STATUS_OK, b);
    }
  else
    {
      g_autoptr (GPtrArray) sessions = sv_cloud_db_session_list (self->db, req->account_id, &error);
      g_autoptr (JsonBuilder) b = json_builder_new ();

      if (sessions == NULL)
        {
          respond_internal (req, error);
          return;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sessions");
      json_builder_begin_array (b);
      for (guint i = 0; i < sessions->len; i++)
        {
          SvCloudSession *s = g_ptr_array_index (sessions, i);

          json_builder_begin_object (b);
          sv_json_builder_add_string (b, "id", s->id);
          sv_json_builder_add_string (b, "device_name", s->device_name);
          sv_json_builder_add_string (b, "client_address", s->client_address);
          add_time_member (b, "created", s->created_usec);
          add_time_member (b, "last_seen", s->last_seen_usec);
          sv_json_builder_add_bool (b, "current", g_strcmp0 (s->id, req->session_id) == 0);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      respond_builder (req, SOUP_STATUS_OK, b);
    }
}

/* ---- POST /blobs/missing ---- */

static void
handle_blobs_missing (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (GPtrArray) over = g_ptr_array_new ();
  JsonObject *obj;
  JsonNode *blobs_node;
  JsonArray *blobs;
  gint64 photo = 0, video = 0;
  const SvCloudPlan *plan;

  if ((obj = request_json (req, self->config->max_json_bytes)) == NULL)
    return;
  blobs_node = json_object_get_member (obj, "blobs");
  if (blobs_node == NULL || !JSON_NODE_HOLDS_ARRAY (blobs_node))
    {
      respond_bad_request (req, _ ("The field “blobs” must be a list."));
      return;
    }
  blobs = json_node_get_array (blobs_node);
  if (json_array_get_length (blobs) > self->config->max_batch_hashes)
    {
      respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_many_items",
                     _ ("The list is too long. Send it in smaller parts."));
      return;
    }
  /* Check everything before answering anything. */
  for (guint i = 0; i < json_array_get_length (blobs); i++)
    {
      JsonNode *node = json_array_get_element (blobs, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *sha = entry ? sv_json_object_get_string (entry, "sha256") : NULL;
      const char *kind = entry ? sv_json_object_get_string (entry, "kind") : NULL;
      gint64 size = -1;

      if (entry == NULL || !sv_sha256_hex_is_valid (sha) ||
          !sv_json_object_get_int (entry, "size", &size) || size < 0 ||
          sv_blob_kind_from_string (kind) == SV_BLOB_KIND_UNKNOWN)
        {
          g_autofree char *message =
              g_strdup_printf (_ ("Entry %u of “blobs” needs a “sha256” (64 lower-case hexadecimal "
                                  "digits), a “size” and a “kind” (“photo” or “video”)."),
                               i + 1);
          respond_bad_request (req, message);
          return;
        }
    }

  if ((account = request_account (req)) == NULL)
    return;
  if (!sv_cloud_db_blob_usage (self->db, account->id, &photo, &video, &error))
    {
      respond_internal (req, error);
      return;
    }
  plan = account_plan (self, account);

  for (guint i = 0; i < json_array_get_length (blobs); i++)
    {
      JsonObject *entry = json_array_get_object_element (blobs, i);
      const char *sha = sv_json_object_get_string (entry, "sha256");
      SvBlobKind kind = sv_blob_kind_from_string (sv_json_object_get_string (entry, "kind"));
      g_autoptr (SvCloudBlobInfo) held = NULL;
      gint64 size = 0;

      sv_json_object_get_int (entry, "size", &size);
      if (g_hash_table_contains (seen, sha))
        continue;
      g_hash_table_add (seen, (gpointer) sha);
      held = sv_cloud_db_blob_lookup (self->db, account->id, sha);
      if (held != NULL)
        continue;
      if (size > self->config->max_blob_bytes ||
          !sv_cloud_plan_allows (plan, photo, video, kind, size))
        {
          g_ptr_array_add (over, (gpointer) sha);
          continue;
        }
      if (kind == SV_BLOB_KIND_PHOTO)
        photo += size;
      else
        video += size;
      g_ptr_array_add (missing, entry);
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < missing->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (missing, i);
      const char *sha = sv_json_object_get_string (entry, "sha256");
      guint64 received = 0;

      if (sv_cloud_db_upload_get (self->db, account->id, sha, NULL))
        received = sv_blob_store_partial_size (self->store, account->id, sha);
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "sha256", sha);
      sv_json_builder_add_int (b, "received", (gint64) received);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "over_quota");
  json_builder_begin_array (b);
  for (guint i = 0; i < over->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (over, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_builder (req, SOUP_STATUS_OK, b);
}

/* ---- PUT /blobs/{sha256}: streamed, resumable ---- */

/* Blocks are recycled by the whole process: a fresh megabyte from malloc is a
 * fresh mapping, and faulting its pages in costs more than filling them. */
static GMutex upload_pool_lock;
static UploadBlock *upload_pool[UPLOAD_POOL_BLOCKS];
static guint upload_pool_len;

static UploadBlock *
upload_block_get (void)
{
  UploadBlock *block = NULL;

  g_mutex_lock (&upload_pool_lock);
  if (upload_pool_len > 0)
    block = upload_pool[--upload_pool_len];
  g_mutex_unlock (&upload_pool_lock);
  if (block == NULL)
    block = g_malloc (sizeof (UploadBlock));
  block->len = 0;
  return block;
}

static void
upload_block_put (gpointer data)
{
  if (data == NULL)
    return;
  g_mutex_lock (&upload_pool_lock);
  if (upload_pool_len < UPLOAD_POOL_BLOCKS)
    {
      upload_pool[upload_pool_len++] = data;
      data = NULL;
    }
  g_mutex_unlock (&upload_pool_lock);
  g_free (data);
}

static Upload *
upload_ref (Upload *up)
{
  g_atomic_ref_count_inc (&up->ref_count);
  return up;
}

/* Only ever dropped to zero on the main thread: writer threads hold their
 * reference through a GTask whose callback runs there. */
static void
upload_unref (Upload *up)
{
  if (up == NULL || !g_atomic_ref_count_dec (&up->ref_count))
    return;
  g_clear_handle_id (&up->flush_id, g_source_remove);
  if (up->out != NULL)
    g_output_stream_close (up->out, NULL, NULL);
  g_clear_object (&up->out);
  /* Only now may another upload of the same blob touch the partial file. */
  if (up->key != NULL && up->self != NULL)
    g_hash_table_remove (up->self->active_uploads, up->key);
  g_clear_object (&up->self);
  g_free (up->sha256);
  g_free (up->key);
  g_free (up->variant);
  g_clear_pointer (&up->hash, sv_sha256_free);
  g_clear_error (&up->error);
  g_clear_error (&up->write_error);
  g_clear_error (&up->verdict_error);
  g_clear_pointer (&up->info, sv_cloud_blob_info_free);
  g_clear_object (&up->store);
  upload_block_put (up->fill);
  g_queue_clear_full (&up->blocks, upload_block_put);
  g_mutex_clear (&up->lock);
  g_free (up);
}

static void
set_upload_offset (Request *req, guint64 received, guint64 total)
{
  g_autofree char *r = g_strdup_printf ("%" G_GUINT64_FORMAT, received);

  soup_message_headers_replace (req->resp_headers, "Upload-Offset", r);
  if (total > 0)
    {
      g_autofree char *t = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

      soup_message_headers_replace (req->resp_headers, "Upload-Length", t);
    }
}

static void
respond_upload_state (Request *req,
                      guint status,
                      const char *sha,
                      guint64 received,
                      guint64 total,
                      const char *kind)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "sha256", sha);
  sv_json_builder_add_int (b, "received", (gint64) received);
  sv_json_builder_add_int (b, "size", (gint64) total);
  sv_json_builder_add_bool (b, "complete", received == total && kind != NULL);
  sv_json_builder_add_string (b, "kind", kind);
  json_builder_end_object (b);
  set_upload_offset (req, received, total);
  respond_builder (req, status, b);
}

/* The writer's: the partial file, open for appending. */
static gboolean
upload_open (Upload *up)
{
  if (up->write_error != NULL)
    return FALSE;
  if (up->out == NULL)
    up->out = sv_blob_store_partial_append (up->store, up->account_id, up->sha256, up->offset,
                                            &up->write_error);
  return up->out != NULL;
}

/* Checks the headers of an upload; NULL when the response is already decided
 * (an error, or the blob is already there). */
static Upload *
upload_begin (Request *req)
{
  SvCloudServer *self = req->self;
  const char *sha = req->param;
  SoupMessageHeaders *h = req->req_headers;
  const char *range_header = soup_message_headers_get_one (h, "Content-Range");
  const char *variant = soup_message_headers_get_one (h, "Souvenir-Variant");
  g_autoptr (SvCloudBlobInfo) held = NULL;
  g_autoptr (SvCloudAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  goffset start = 0, end = -1, total = -1;
  gint64 length, recorded_total = -1;
  guint64 received;
  Upload *up;

  if (soup_message_headers_get_encoding (h) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      respond_error (req, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                     _ ("Uploads need a Content-Length header."));
      return NULL;
    }
  length = soup_message_headers_get_content_length (h);
  if (variant != NULL && !g_str_equal (variant, "original") &&
      !g_str_equal (variant, "space-saving"))
    {
      respond_bad_request (req, _ ("Souvenir-Variant must be “original” or “space-saving”."));
      return NULL;
    }
  if (range_header != NULL)
    {
      if (!soup_message_headers_get_content_range (h, &start, &end, &total) || total < 0 ||
          start < 0 || end < start || end >= total || end - start + 1 != length)
        {
          respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_range",
                         _ ("The Content-Range header does not match the data sent."));
          return NULL;
        }
    }
  else
    {
      start = 0;
      total = length;
    }
  if (total > self->config->max_blob_bytes)
    {
      respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "blob_too_large",
                     _ ("This file is larger than the server accepts."));
      return NULL;
    }

  held = sv_cloud_db_blob_lookup (self->db, req->account_id, sha);
  if (held != NULL)
    {
      respond_upload_state (req, SOUP_STATUS_OK, sha, (guint64) held->size, (guint64) held->size,
                            held->kind);
      return NULL;
    }

  key = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", req->account_id, sha);
  if (g_hash_table_contains (self->active_uploads, key))
    {
      respond_error (req, SOUP_STATUS_CONFLICT, "upload_in_progress",
                     _ ("This file is already being uploaded. Wait for that upload to end."));
      return NULL;
    }

  if (sv_cloud_db_upload_get (self->db, req->account_id, sha, &recorded_total) &&
      recorded_total != total)
    {
      if (start != 0)
        {
          respond_error (req, SOUP_STATUS_CONFLICT, "upload_size_mismatch",
                         _ ("The file size differs from the upload in progress. Start again from "
                            "the beginning."));
          return NULL;
        }
      sv_blob_store_partial_discard (self->store, req->account_id, sha);
    }
  received = sv_blob_store_partial_size (self->store, req->account_id, sha);
  if (start == 0 && received > 0 && range_header == NULL)
    {
      /* A whole upload replaces what a broken one left. */
      sv_blob_store_partial_discard (self->store, req->account_id, sha);
      received = 0;
    }
  if ((guint64) start != received)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "code", "offset_mismatch");
      sv_json_builder_add_string (
          b, "message", _ ("The upload must continue where the server stopped receiving."));
      json_builder_end_object (b);
      sv_json_builder_add_int (b, "received", (gint64) received);
      json_builder_end_object (b);
      set_upload_offset (req, received, (guint64) total);
      respond_builder (req, SOUP_STATUS_CONFLICT, b);
      return NULL;
    }

  /* Early quota check when the kind does not matter for this plan. */
  account = sv_cloud_db_account_get (self->db, req->account_id, NULL);
  if (account != NULL)
    {
      const SvCloudPlan *plan = account_plan (self, account);
      gint64 photo = 0, video = 0;

      if (plan->counts_photo && plan->counts_video &&
          sv_cloud_db_blob_usage (self->db, account->id, &photo, &video, NULL) &&
          !sv_cloud_plan_allows (plan, photo, video, SV_BLOB_KIND_PHOTO, total))
        {
          respond_error (req, SOUP_STATUS_FORBIDDEN, "quota_exceeded",
                         _ ("Your storage is full. Free some space or choose a larger plan."));
          return NULL;
        }
    }

  if (!sv_cloud_db_upload_set (self->db, req->account_id, sha, total, now_usec (), &error))
    {
      respond_internal (req, error);
      return NULL;
    }

  up = g_new0 (Upload, 1);
  g_atomic_ref_count_init (&up->ref_count);
  g_mutex_init (&up->lock);
  g_queue_init (&up->blocks);
  up->store = g_object_ref (self->store);
  up->msg = req->msg;
  up->sync = req->msg == NULL;
  up->offset = received;
  up->queue_high = (gsize) MAX (self->config->upload_queue_bytes, UPLOAD_BLOCK);
  up->queue_low = up->queue_high / 4;
  up->self = g_object_ref (self);
  up->account_id = req->account_id;
  up->sha256 = g_strdup (sha);
  up->key = g_steal_pointer (&key);
  up->variant = g_strdup (variant != NULL ? variant : "original");
  up->start = (guint64) start;
  up->total = (guint64) total;
  up->expected = (guint64) length;
  if (start == 0)
    up->hash = sv_sha256_new ();
  /* Served: the partial file is opened (created: slow on some file systems)
   * by the writer thread, with the first block. */
  if (up->sync && !upload_open (up))
    {
      respond_internal (req, up->write_error);
      g_clear_pointer (&up->key, g_free);
      upload_unref (up);
      return NULL;
    }
  g_hash_table_add (self->active_uploads, g_strdup (up->key));
  return up;
}

/* Hash and store: in the writer thread, or on the main thread when none runs. */
static void
upload_write_block (Upload *up, const guint8 *data, gsize len)
{
  gsize n = 0;

  if (len == 0 || !upload_open (up))
    return;
  if (up->hash != NULL)
    sv_sha256_update (up->hash, data, len);
  g_output_stream_write_all (up->out, data, len, &n, NULL, &up->write_error);
  up->written += n;
}

/* The writer, after the last block of a whole upload: check the hash, then
 * make the file durable and put it in place (or discard it), without a round
 * trip through the main loop. */
static void
upload_finish_in_writer (Upload *up)
{
  g_autofree char *computed = NULL;

  if (upload_open (up))
    g_output_stream_close (up->out, NULL, &up->write_error);
  if (up->write_error != NULL)
    {
      up->outcome = UPLOAD_OUTCOME_FAILED;
      return;
    }
  computed = sv_sha256_finish_hex (up->hash);
  g_clear_pointer (&up->hash, sv_sha256_free);
  if (!sv_cloud_secret_equal (computed, up->sha256))
    {
      sv_blob_store_partial_discard (up->store, up->account_id, up->sha256);
      up->outcome = UPLOAD_OUTCOME_MISMATCH;
      return;
    }
  switch (up->verdict)
    {
      case UPLOAD_KEEP:
        if (sv_blob_store_partial_commit (up->store, up->account_id, up->sha256, &up->write_error))
          up->outcome = UPLOAD_OUTCOME_STORED;
        else
          up->outcome = UPLOAD_OUTCOME_FAILED;
        return;
      case UPLOAD_REFUSE_TYPE:
      case UPLOAD_REFUSE_QUOTA:
        sv_blob_store_partial_discard (up->store, up->account_id, up->sha256);
        break;
      case UPLOAD_FAIL:
      default:
        break;
    }
  up->outcome = UPLOAD_OUTCOME_REFUSED;
}

static void
upload_writer_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Upload *up = task_data;

  for (;;)
    {
      UploadBlock *block = NULL;
      gboolean finish = FALSE;

      g_mutex_lock (&up->lock);
      /* Reading is paused and may go on: let the main thread know first. */
      if (!(up->held && up->queued <= up->queue_low))
        {
          block = g_queue_pop_head (&up->blocks);
          finish = block == NULL && up->finish && up->outcome == UPLOAD_OUTCOME_NONE;
        }
      if (block == NULL && !finish)
        up->writing = FALSE;
      g_mutex_unlock (&up->lock);
      if (finish)
        {
          upload_finish_in_writer (up);
          g_mutex_lock (&up->lock);
          up->writing = FALSE;
          g_mutex_unlock (&up->lock);
          break;
        }
      if (block == NULL)
        break;

      upload_write_block (up, block->data, block->len);

      g_mutex_lock (&up->lock);
      up->queued -= block->len;
      g_mutex_unlock (&up->lock);
      upload_block_put (block);
    }
  g_task_return_boolean (task, TRUE);
}

static void
upload_end_written (Request *req, Upload *up);

static void
upload_writer_done_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* With up->lock held. */
static void
upload_start_writer (Upload *up)
{
  GTask *task = g_task_new (NULL, NULL, upload_writer_done_cb, upload_ref (up));

  up->writing = TRUE;
  g_task_set_source_tag (task, upload_start_writer);
  g_task_set_task_data (task, up, NULL);
  g_task_run_in_thread (task, upload_writer_worker);
  g_object_unref (task);
}

/* Main thread: the writer stopped, because it caught up or because reading
 * may resume. */
static void
upload_writer_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Upload *up = user_data;
  gboolean resume = FALSE, idle;

  g_mutex_lock (&up->lock);
  if (up->held && up->queued <= up->queue_low)
    {
      up->held = FALSE;
      resume = TRUE;
    }
  if (!up->writing && !g_queue_is_empty (&up->blocks))
    upload_start_writer (up);
  idle = !up->writing;
  g_mutex_unlock (&up->lock);

  if (resume && up->msg != NULL)
    soup_server_message_unpause (up->msg);
  if (idle && up->end_req != NULL)
    {
      Request *req = g_steal_pointer (&up->end_req);

      req->pending_job = FALSE;
      upload_end_written (req, up);
      if (!req->pending_job)
        request_finish (req);
    }
  upload_unref (up);
}

/* Main thread: hands the block being filled to the writer. */
static void
upload_flush (Upload *up)
{
  UploadBlock *block = g_steal_pointer (&up->fill);
  gboolean hold = FALSE;

  if (block == NULL)
    return;
  if (block->len == 0)
    {
      upload_block_put (block);
      return;
    }
  if (up->sync)
    {
      upload_write_block (up, block->data, block->len);
      upload_block_put (block);
      return;
    }
  g_mutex_lock (&up->lock);
  g_queue_push_tail (&up->blocks, block);
  up->queued += block->len;
  if (!up->writing)
    upload_start_writer (up);
  /* The disk is slower than the network: stop reading for a while. */
  if (up->queued >= up->queue_high && !up->held && up->msg != NULL && up->end_req == NULL)
    up->held = hold = TRUE;
  g_mutex_unlock (&up->lock);
  if (hold)
    soup_server_message_pause (up->msg);
}

/* Main thread: a piece of the request body. */
static void
upload_write (Upload *up, const guint8 *data, gsize len)
{
  if (up->error != NULL || len == 0)
    return;
  if (up->received + len > up->expected)
    {
      g_set_error_literal (&up->error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           "body longer than announced");
      return;
    }
  if (up->head_len < sizeof up->head && up->start + up->received < sizeof up->head)
    {
      gsize n = MIN (len, sizeof up->head - up->head_len);

      memcpy (up->head + up->head_len, data, n);
      up->head_len += n;
    }
  up->received += len;
  up->fed = TRUE;
  while (len > 0)
    {
      gsize n;

      if (up->fill == NULL)
        up->fill = upload_block_get ();
      n = MIN (len, UPLOAD_BLOCK - up->fill->len);
      memcpy (up->fill->data + up->fill->len, data, n);
      up->fill->len += n;
      data += n;
      len -= n;
      if (up->fill->len == UPLOAD_BLOCK)
        upload_flush (up);
    }
}

/* A client that pauses gets what it sent so far on disk (and resumable). */
static gboolean
on_upload_flush_tick_cb (gpointer user_data)
{
  Upload *up = user_data;

  if (!up->fed)
    upload_flush (up);
  up->fed = FALSE;
  return G_SOURCE_CONTINUE;
}

/* The message is gone (answered, or the client went away). */
static void
upload_release (Upload *up)
{
  up->msg = NULL;
  g_clear_handle_id (&up->flush_id, g_source_remove);
  /* What arrived is kept for a resumed upload. */
  upload_flush (up);
  upload_unref (up);
}

typedef struct
{
  SvBlobStore *store;
  gint64 account_id;
  char *sha256;
  char *computed;
  guint8 head[SV_BLOB_KIND_SNIFF_LEN];
  gsize head_len;
  GError *error;
} HashJob;

static void
hash_job_free (HashJob *job)
{
  g_clear_object (&job->store);
  g_free (job->sha256);
  g_free (job->computed);
  g_clear_error (&job->error);
  g_free (job);
}

static void
hash_job_run (HashJob *job)
{
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (SvSha256) hash = sv_sha256_new ();
  g_autofree guint8 *buf = g_malloc (STREAM_CHUNK);
  gssize n;

  in = sv_blob_store_partial_read (job->store, job->account_id, job->sha256, &job->error);
  if (in == NULL)
    return;
  while ((n = g_input_stream_read (in, buf, STREAM_CHUNK, NULL, &job->error)) > 0)
    {
      if (job->head_len < sizeof job->head)
        {
          gsize take = MIN ((gsize) n, sizeof job->head - job->head_len);

          memcpy (job->head + job->head_len, buf, take);
          job->head_len += take;
        }
      sv_sha256_update (hash, buf, (gsize) n);
    }
  if (n == 0)
    job->computed = sv_sha256_finish_hex (hash);
}

static void
hash_job_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  hash_job_run (task_data);
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  SvBlobStore *store;
  gint64 account_id;
  SvCloudBlobInfo *info;
  GError *error;
} CommitJob;

static void
commit_job_free (CommitJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->info, sv_cloud_blob_info_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
commit_job_run (CommitJob *job)
{
  sv_blob_store_partial_commit (job->store, job->account_id, job->info->sha256, &job->error);
}

static void
commit_job_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  commit_job_run (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
commit_job_respond (Request *req, CommitJob *job)
{
  g_autoptr (GError) error = NULL;

  if (job->error != NULL)
    {
      respond_internal (req, job->error);
      return;
    }
  if (!sv_cloud_db_blob_add (req->self->db, job->account_id, job->info, &error))
    {
      respond_internal (req, error);
      return;
    }
  respond_upload_state (req, SOUP_STATUS_CREATED, job->info->sha256, (guint64) job->info->size,
                        (guint64) job->info->size, job->info->kind);
}

static void
commit_job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *req = user_data;

  req->pending_job = FALSE;
  commit_job_respond (req, g_task_get_task_data (G_TASK (result)));
  request_finish (req);
}

/* The kind from the first bytes, and whether the account may keep that much
 * more of it. */
static UploadVerdict
upload_verdict (SvCloudServer *self,
                gint64 account_id,
                guint64 total,
                const guint8 *head,
                gsize head_len,
                SvBlobKind *kind_out,
                GError **error)
{
  g_autoptr (SvCloudAccount) account = NULL;
  SvBlobKind kind = sv_blob_kind_sniff (head, head_len, NULL);
  gint64 photo = 0, video = 0;

  *kind_out = kind;
  if (kind == SV_BLOB_KIND_UNKNOWN)
    return UPLOAD_REFUSE_TYPE;
  account = sv_cloud_db_account_get (self->db, account_id, error);
  if (account == NULL || !sv_cloud_db_blob_usage (self->db, account_id, &photo, &video, error))
    return UPLOAD_FAIL;
  if (!sv_cloud_plan_allows (account_plan (self, account), photo, video, kind, (gint64) total))
    return UPLOAD_REFUSE_QUOTA;
  return UPLOAD_KEEP;
}

/* Answers a refusal; the partial file is already discarded. */
static void
respond_upload_refused (Request *req,
                        gint64 account_id,
                        const char *sha,
                        UploadVerdict verdict,
                        const GError *error)
{
  switch (verdict)
    {
      case UPLOAD_REFUSE_TYPE:
        sv_cloud_db_upload_remove (req->self->db, account_id, sha);
        respond_error (req, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_type",
                       _ ("This file is not a photo or a video the server can keep."));
        break;
      case UPLOAD_REFUSE_QUOTA:
        sv_cloud_db_upload_remove (req->self->db, account_id, sha);
        respond_error (req, SOUP_STATUS_FORBIDDEN, "quota_exceeded",
                       _ ("Your storage is full. Free some space or choose a larger plan."));
        break;
      case UPLOAD_FAIL:
      case UPLOAD_KEEP:
      default:
        respond_internal (req, error);
        break;
    }
}

static void
respond_hash_mismatch (Request *req, gint64 account_id, const char *sha)
{
  sv_cloud_db_upload_remove (req->self->db, account_id, sha);
  respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "hash_mismatch",
                 _ ("The uploaded data does not match its SHA-256. The upload was discarded; "
                    "send it again."));
}

static SvCloudBlobInfo *
blob_info_new (const char *sha, guint64 total, SvBlobKind kind, const char *variant)
{
  SvCloudBlobInfo *info = g_new0 (SvCloudBlobInfo, 1);

  info->sha256 = g_strdup (sha);
  info->size = (gint64) total;
  info->kind = g_strdup (sv_blob_kind_to_string (kind));
  info->variant = g_strdup (variant);
  info->created_usec = now_usec ();
  return info;
}

/* Hash known and correct: check the kind and the quota, then store. */
static void
upload_complete (Request *req,
                 gint64 account_id,
                 const char *sha,
                 guint64 total,
                 const char *variant,
                 const guint8 *head,
                 gsize head_len)
{
  SvCloudServer *self = req->self;
  g_autoptr (GError) error = NULL;
  SvBlobKind kind;
  UploadVerdict verdict = upload_verdict (self, account_id, total, head, head_len, &kind, &error);

  if (verdict != UPLOAD_KEEP)
    {
      if (verdict != UPLOAD_FAIL)
        sv_blob_store_partial_discard (self->store, account_id, sha);
      respond_upload_refused (req, account_id, sha, verdict, error);
      return;
    }

  {
    CommitJob *job = g_new0 (CommitJob, 1);

    job->store = g_object_ref (self->store);
    job->account_id = account_id;
    job->info = blob_info_new (sha, total, kind, variant);
    if (req->msg == NULL)
      {
        commit_job_run (job);
        commit_job_respond (req, job);
        commit_job_free (job);
      }
    else
      {
        /* fsync and rename off the main loop: other transfers go on meanwhile. */
        g_autoptr (GTask) task = g_task_new (self, NULL, commit_job_done_cb, req);

        request_go_async (req);
        req->pending_job = TRUE;
        g_task_set_task_data (task, job, (GDestroyNotify) commit_job_free);
        g_task_run_in_thread (task, commit_job_worker);
      }
  }
}

static void
upload_hash_checked (Request *req,
                     Upload *up,
                     const char *computed,
                     const guint8 *head,
                     gsize head_len)
{
  SvCloudServer *self = req->self;

  if (computed == NULL || !sv_cloud_secret_equal (computed, up->sha256))
    {
      sv_blob_store_partial_discard (self->store, up->account_id, up->sha256);
      respond_hash_mismatch (req, up->account_id, up->sha256);
      return;
    }
  upload_complete (req, up->account_id, up->sha256, up->total, up->variant, head, head_len);
}

static void
hash_job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *req = user_data;
  HashJob *job = g_task_get_task_data (G_TASK (result));
  Upload *up = g_object_get_data (G_OBJECT (req->msg), "sv-upload");

  req->pending_job = FALSE;
  if (up == NULL)
    respond_internal (req, NULL);
  else if (job->error != NULL && job->computed == NULL)
    respond_internal (req, job->error);
  else
    upload_hash_checked (req, up, job->computed, job->head, job->head_len);
  /* Unless the commit went on in another thread. */
  if (!req->pending_job)
    request_finish (req);
}

/* The whole body has arrived: once the writer has caught up, answer. */
static void
upload_end (Request *req, Upload *up)
{
  gboolean busy;

  g_clear_handle_id (&up->flush_id, g_source_remove);
  upload_flush (up);
  if (up->sync)
    {
      upload_end_written (req, up);
      return;
    }
  if (up->error == NULL && up->hash != NULL && up->start + up->received == up->total)
    {
      /* Complete, hashed as it came: decide now what a correct hash leads
       * to, and let the writer check, store and fsync it in one go. */
      SvBlobKind kind;

      up->verdict = upload_verdict (req->self, up->account_id, up->total, up->head, up->head_len,
                                    &kind, &up->verdict_error);
      if (up->verdict == UPLOAD_KEEP)
        up->info = blob_info_new (up->sha256, up->total, kind, up->variant);
      up->finish = TRUE;
    }
  g_mutex_lock (&up->lock);
  if (!up->writing && (up->finish || !g_queue_is_empty (&up->blocks)))
    upload_start_writer (up);
  busy = up->writing;
  g_mutex_unlock (&up->lock);
  if (!busy)
    {
      upload_end_written (req, up);
      return;
    }
  g_assert (up->end_req == NULL);
  up->end_req = req;
  request_go_async (req);
  req->pending_job = TRUE;
}

static void
upload_end_written (Request *req, Upload *up)
{
  g_autoptr (GError) error = NULL;
  guint64 received;

  if (up->finish)
    {
      switch (up->outcome)
        {
          case UPLOAD_OUTCOME_STORED:
            if (!sv_cloud_db_blob_add (req->self->db, up->account_id, up->info, &error))
              respond_internal (req, error);
            else
              respond_upload_state (req, SOUP_STATUS_CREATED, up->sha256, up->total, up->total,
                                    up->info->kind);
            return;
          case UPLOAD_OUTCOME_MISMATCH:
            respond_hash_mismatch (req, up->account_id, up->sha256);
            return;
          case UPLOAD_OUTCOME_REFUSED:
            respond_upload_refused (req, up->account_id, up->sha256, up->verdict,
                                    up->verdict_error);
            return;
          case UPLOAD_OUTCOME_FAILED:
          case UPLOAD_OUTCOME_NONE:
          default:
            respond_internal (req, up->write_error);
            return;
        }
    }
  if (up->error == NULL && up->write_error != NULL)
    up->error = g_steal_pointer (&up->write_error);
  if (up->error == NULL && up->out != NULL && !g_output_stream_close (up->out, NULL, &error))
    up->error = g_steal_pointer (&error);
  g_clear_object (&up->out);
  if (up->error != NULL)
    {
      respond_internal (req, up->error);
      return;
    }
  received = up->start + up->written;
  if (received < up->total)
    {
      respond_upload_state (req, SOUP_STATUS_ACCEPTED, up->sha256, received, up->total, NULL);
      return;
    }

  if (up->hash != NULL)
    {
      g_autofree char *computed = sv_sha256_finish_hex (up->hash);

      upload_hash_checked (req, up, computed, up->head, up->head_len);
      return;
    }

  /* A resumed upload: hash the whole partial file, off the main thread. */
  {
    HashJob *job = g_new0 (HashJob, 1);

    job->store = g_object_ref (req->self->store);
    job->account_id = up->account_id;
    job->sha256 = g_strdup (up->sha256);
    if (req->msg == NULL)
      {
        hash_job_run (job);
        if (job->computed == NULL)
          respond_internal (req, job->error);
        else
          upload_hash_checked (req, up, job->computed, job->head, job->head_len);
        hash_job_free (job);
      }
    else
      {
        g_autoptr (GTask) task = g_task_new (req->self, NULL, hash_job_done_cb, req);

        request_go_async (req);
        req->pending_job = TRUE;
        g_task_set_task_data (task, job, (GDestroyNotify) hash_job_free);
        g_task_run_in_thread (task, hash_job_worker);
      }
  }
}

/* ---- GET/HEAD /blobs/{sha256} ---- */

typedef struct
{
  GInputStream *in;
  guint64 remaining;
} FileProducer;

static void
file_producer_free (FileProducer *fp)
{
  g_clear_object (&fp->in);
  g_free (fp);
}

static ProduceResult
file_producer_produce (gpointer data, GByteArray *out)
{
  FileProducer *fp = data;
  gsize want = (gsize) MIN (fp->remaining, (guint64) STREAM_CHUNK);
  gsize got = 0;

  if (want == 0)
    return PRODUCE_DONE;
  g_byte_array_set_size (out, (guint) want);
  if (!g_input_stream_read_all (fp->in, out->data, want, &got, NULL, NULL) || got != want)
    return PRODUCE_ERROR;
  fp->remaining -= got;
  return fp->remaining == 0 ? PRODUCE_DONE : PRODUCE_MORE;
}

/* Parses a single "bytes=a-b", "bytes=a-" or "bytes=-n". Returns 0 when
 * the header should be ignored (absent, malformed or several ranges), 1 for a
 * range, -1 when it cannot be satisfied. */
static int
parse_range (const char *header, guint64 size, guint64 *start_out, guint64 *end_out)
{
  const char *p;
  char *end;
  guint64 a = 0, b = 0;
  gboolean has_a = FALSE, has_b = FALSE;

  if (header == NULL)
    return 0;
  while (*header == ' ')
    header++;
  if (g_ascii_strncasecmp (header, "bytes=", 6) != 0 || strchr (header, ',') != NULL)
    return 0;
  p = header + 6;
  while (*p == ' ')
    p++;
  if (g_ascii_isdigit (*p))
    {
      errno = 0;
      a = g_ascii_strtoull (p, &end, 10);
      if (errno != 0)
        return 0;
      p = end;
      has_a = TRUE;
    }
  if (*p != '-')
    return 0;
  p++;
  if (g_ascii_isdigit (*p))
    {
      errno = 0;
      b = g_ascii_strtoull (p, &end, 10);
      if (errno != 0)
        return 0;
      p = end;
      has_b = TRUE;
    }
  while (*p == ' ')
    p++;
  if (*p != '\0' || (!has_a && !has_b))
    return 0;

  if (!has_a)
    {
      /* Suffix: the last b bytes. */
      if (b == 0 || size == 0)
        return -1;
      *start_out = size - MIN (b, size);
      *end_out = size - 1;
      return 1;
    }
  if (has_b && b < a)
    return 0;
  if (a >= size)
    return -1;
  *start_out = a;
  *end_out = has_b ? MIN (b, size - 1) : size - 1;
  return 1;
}

static void
handle_blob_get (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudBlobInfo) info =
      sv_cloud_db_blob_lookup (self->db, req->account_id, req->param);
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = NULL;
  guint64 size, start = 0, end = 0;
  int range;

  if (info == NULL)
    {
      /* Not this account's (whoever else may hold it) or not complete. */
      if (g_str_equal (req->method, "HEAD"))
        {
          guint64 received = 0;
          gint64 total = 0;

          if (sv_cloud_db_upload_get (self->db, req->account_id, req->param, &total))
            received = sv_blob_store_partial_size (self->store, req->account_id, req->param);
          set_upload_offset (req, received, (guint64) MAX (total, 0));
        }
      respond_not_found (req);
      return;
    }
  if (!sv_blob_store_has (self->store, info->sha256, &size) || size != (guint64) info->size)
    {
      g_warning ("Blob %s is missing from the store or has the wrong size", info->sha256);
      respond_internal (req, NULL);
      return;
    }

  etag = g_strdup_printf ("\"%s\"", info->sha256);
  soup_message_headers_replace (req->resp_headers, "ETag", etag);
  soup_message_headers_replace (req->resp_headers, "Accept-Ranges", "bytes");
  soup_message_headers_replace (req->resp_headers, "Cache-Control",
                                "private, max-age=31536000, immutable");
  soup_message_headers_replace (req->resp_headers, "Souvenir-Kind", info->kind);
  soup_message_headers_replace (req->resp_headers, "Souvenir-Variant", info->variant);
  set_upload_offset (req, size, size);

  range =
      parse_range (soup_message_headers_get_one (req->req_headers, "Range"), size, &start, &end);
  if (range < 0)
    {
      g_autofree char *cr = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, size);

      soup_message_headers_replace (req->resp_headers, "Content-Range", cr);
      respond_error (req, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
                     _ ("The requested range is outside the file."));
      return;
    }
  if (range == 0)
    {
      start = 0;
      end = size - 1;
      req->status = SOUP_STATUS_OK;
    }
  else
    {
      g_autofree char *cr = g_strdup_printf (
          "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, start, end, size);

      soup_message_headers_replace (req->resp_headers, "Content-Range", cr);
      req->status = SOUP_STATUS_PARTIAL_CONTENT;
    }
  g_free (req->content_type);
  req->content_type = g_strdup ("application/octet-stream");
  soup_message_headers_replace (req->resp_headers, "Content-Type", req->content_type);

  if (size == 0)
    {
      req->resp_body = g_bytes_new (NULL, 0);
      return;
    }
  soup_message_headers_set_content_length (req->resp_headers, (goffset) (end - start + 1));
  if (req->msg != NULL && !g_str_equal (req->method, "HEAD"))
    {
      FileProducer *fp = g_new0 (FileProducer, 1);

      fp->in = sv_blob_store_open_read (self->store, info->sha256, start, &error);
      if (fp->in == NULL)
        {
          file_producer_free (fp);
          soup_message_headers_remove (req->resp_headers, "Content-Range");
          soup_message_headers_remove (req->resp_headers, "Content-Length");
          respond_internal (req, error);
          return;
        }
      fp->remaining = end - start + 1;
      req->streamer = streamer_new (file_producer_produce, fp, (GDestroyNotify) file_producer_free);
    }
}

/* ---- GET /blobs/{sha256}/thumbnail ---- */

typedef struct
{
  SvBlobStore *store;
  char *sha256;
  char *cache_path;
  gboolean grid;
  guint64 max_pixels;
  GBytes *jpeg;
  gboolean too_large;
  gboolean unsupported;
  GError *error;
} ThumbJob;

static void
thumb_job_free (ThumbJob *job)
{
  g_clear_object (&job->store);
  g_free (job->sha256);
  g_free (job->cache_path);
  g_clear_pointer (&job->jpeg, g_bytes_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
on_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  ThumbJob *job = user_data;
  double scale;

  if (width <= 0 || height <= 0 || (guint64) width * (guint64) height > job->max_pixels)
    {
      job->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  if (job->grid)
    scale = (double) GRID_SHORT_EDGE / MIN (width, height);
  else
    scale = (double) PREVIEW_LONG_EDGE / MAX (width, height);
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

static const char *
loader_type_for (const char *format)
{
  if (g_strcmp0 (format, "jpeg") == 0 || g_strcmp0 (format, "png") == 0 ||
      g_strcmp0 (format, "webp") == 0 || g_strcmp0 (format, "tiff") == 0 ||
      g_strcmp0 (format, "heif") == 0)
    return format;
  return NULL;
}

static void
thumb_job_run (ThumbJob *job)
{
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GdkPixbuf) oriented = NULL;
  g_autofree guint8 *buf = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  const char *format = NULL;
  GdkPixbuf *pixbuf;
  gsize data_len = 0, head_len = 0;
  gssize n;

  if (g_file_get_contents (job->cache_path, &data, &data_len, NULL))
    {
      job->jpeg = g_bytes_new_take (g_steal_pointer (&data), data_len);
      return;
    }

  in = sv_blob_store_open_read (job->store, job->sha256, 0, &job->error);
  if (in == NULL)
    return;
  buf = g_malloc (STREAM_CHUNK);
  if (!g_input_stream_read_all (in, buf, SV_BLOB_KIND_SNIFF_LEN, &head_len, NULL, &job->error))
    return;
  if (sv_blob_kind_sniff (buf, head_len, &format) != SV_BLOB_KIND_PHOTO ||
      loader_type_for (format) == NULL)
    {
      job->unsupported = TRUE;
      return;
    }
  loader = gdk_pixbuf_loader_new_with_type (loader_type_for (format), NULL);
  if (loader == NULL)
    {
      job->unsupported = TRUE;
      return;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), job);
  n = (gssize) head_len;
  while (n > 0 && !job->too_large)
    {
      if (!gdk_pixbuf_loader_write (loader, buf, (gsize) n, NULL))
        {
          job->unsupported = TRUE;
          gdk_pixbuf_loader_close (loader, NULL);
          return;
        }
      n = g_input_stream_read (in, buf, STREAM_CHUNK, NULL, &job->error);
    }
  if (!gdk_pixbuf_loader_close (loader, NULL) && !job->too_large)
    {
      job->unsupported = TRUE;
      return;
    }
  if (job->too_large || n < 0)
    return;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      job->unsupported = TRUE;
      return;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (gdk_pixbuf_get_has_alpha (oriented))
    {
      /* JPEG has no alpha: flatten on white. */
      GdkPixbuf *flat = gdk_pixbuf_composite_color_simple (
          oriented, gdk_pixbuf_get_width (oriented), gdk_pixbuf_get_height (oriented),
          GDK_INTERP_NEAREST, 255, 8, 0xffffffff, 0xffffffff);
      g_object_unref (oriented);
      oriented = flat;
    }
  if (oriented == NULL || !gdk_pixbuf_save_to_buffer (oriented, &data, &data_len, "jpeg",
                                                      &job->error, "quality", "85", NULL))
    return;
  dir = g_path_get_dirname (job->cache_path);
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents (job->cache_path, data, (gssize) data_len, NULL);
  job->jpeg = g_bytes_new_take (g_steal_pointer (&data), data_len);
}

static void
thumb_job_respond (Request *req, ThumbJob *job)
{
  if (job->jpeg != NULL)
    {
      req->status = SOUP_STATUS_OK;
      req->resp_body = g_bytes_ref (job->jpeg);
      g_free (req->content_type);
      req->content_type = g_strdup ("image/jpeg");
      soup_message_headers_replace (req->resp_headers, "Cache-Control",
                                    "private, max-age=31536000, immutable");
    }
  else if (job->too_large)
    respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "too_many_pixels",
                   _ ("This photo has too many pixels for the server to make a thumbnail."));
  else if (job->unsupported)
    respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "thumbnail_unavailable",
                   _ ("The server cannot make a thumbnail of this file."));
  else
    respond_internal (req, job->error);
}

static void
thumb_job_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  thumb_job_run (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
thumb_job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *req = user_data;

  thumb_job_respond (req, g_task_get_task_data (G_TASK (result)));
  request_finish (req);
}

static void
handle_thumbnail (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudBlobInfo) info =
      sv_cloud_db_blob_lookup (self->db, req->account_id, req->param);
  const char *size = req->query != NULL ? g_hash_table_lookup (req->query, "size") : NULL;
  ThumbJob *job;

  if (info == NULL)
    {
      respond_not_found (req);
      return;
    }
  if (size == NULL)
    size = "grid";
  if (!g_str_equal (size, "grid") && !g_str_equal (size, "preview"))
    {
      respond_bad_request (req, _ ("The size must be “grid” or “preview”."));
      return;
    }
  if (!g_str_equal (info->kind, "photo"))
    {
      respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "thumbnail_unavailable",
                     _ ("The server cannot make a thumbnail of this file."));
      return;
    }
  /* Some loaders (TIFF, HEIF) buffer the whole file before they look at it. */
  if (info->size > MAX_THUMBNAIL_SOURCE_BYTES)
    {
      respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "too_many_pixels",
                     _ ("This photo has too many pixels for the server to make a thumbnail."));
      return;
    }

  job = g_new0 (ThumbJob, 1);
  job->store = g_object_ref (self->store);
  job->sha256 = g_strdup (info->sha256);
  job->grid = g_str_equal (size, "grid");
  job->cache_path = thumbnail_path (self, size, info->sha256);
  job->max_pixels = (guint64) self->config->max_thumbnail_pixels * 1000000;
  if (req->msg == NULL)
    {
      thumb_job_run (job);
      thumb_job_respond (req, job);
      thumb_job_free (job);
      return;
    }
  {
    g_autoptr (GTask) task = g_task_new (self, NULL, thumb_job_done_cb, req);

    request_go_async (req);
    g_task_set_task_data (task, job, (GDestroyNotify) thumb_job_free);
    g_task_run_in_thread (task, thumb_job_worker);
  }
}

/* ---- GET /account/export: streamed zip ---- */

typedef struct
{
  SvBlobStore *store;
  SvZipWriter *zip;
  GBytes *metadata;
  GPtrArray *blobs;
  guint index;
  GInputStream *in;
  guint64 remaining;
  int phase;
  guint8 *buf;
} ZipProducer;

static void
zip_producer_free (ZipProducer *zp)
{
  g_clear_object (&zp->store);
  g_clear_pointer (&zp->zip, sv_zip_writer_free);
  g_clear_pointer (&zp->metadata, g_bytes_unref);
  g_clear_pointer (&zp->blobs, g_ptr_array_unref);
  g_clear_object (&zp->in);
  g_free (zp->buf);
  g_free (zp);
}

static char *
export_entry_name (const SvCloudBlobInfo *info, const guint8 *head, gsize head_len)
{
  const char *format = NULL;

  sv_blob_kind_sniff (head, head_len, &format);
  return g_strdup_printf ("originals/%s.%s", info->sha256, sv_blob_kind_extension (format));
}

static ProduceResult
zip_producer_produce (gpointer data, GByteArray *out)
{
  ZipProducer *zp = data;

  while (out->len < STREAM_CHUNK)
    {
      if (zp->phase == 0)
        {
          gsize len;
          const guint8 *meta = g_bytes_get_data (zp->metadata, &len);

          sv_zip_writer_begin_entry (zp->zip, "metadata.json", len,
                                     g_get_real_time () / G_USEC_PER_SEC, out);
          sv_zip_writer_add_data (zp->zip, meta, len, out);
          if (!sv_zip_writer_end_entry (zp->zip, out, NULL))
            return PRODUCE_ERROR;
          zp->phase = 1;
        }
      else if (zp->phase == 1 && zp->in == NULL)
        {
          SvCloudBlobInfo *info;
          g_autofree char *name = NULL;
          gsize head_len = 0;

          if (zp->index >= zp->blobs->len)
            {
              sv_zip_writer_finish (zp->zip, out);
              zp->phase = 2;
              return PRODUCE_DONE;
            }
          info = g_ptr_array_index (zp->blobs, zp->index);
          zp->in = sv_blob_store_open_read (zp->store, info->sha256, 0, NULL);
          if (zp->in == NULL ||
              !g_input_stream_read_all (zp->in, zp->buf,
                                        MIN ((gsize) info->size, SV_BLOB_KIND_SNIFF_LEN), &head_len,
                                        NULL, NULL))
            return PRODUCE_ERROR;
          name = export_entry_name (info, zp->buf, head_len);
          sv_zip_writer_begin_entry (zp->zip, name, (guint64) info->size,
                                     info->created_usec / G_USEC_PER_SEC, out);
          sv_zip_writer_add_data (zp->zip, zp->buf, head_len, out);
          zp->remaining = (guint64) info->size - head_len;
        }
      else if (zp->phase == 1)
        {
          gsize want = (gsize) MIN (zp->remaining, (guint64) STREAM_CHUNK);
          gsize got = 0;

          if (want > 0)
            {
              if (!g_input_stream_read_all (zp->in, zp->buf, want, &got, NULL, NULL) || got != want)
                return PRODUCE_ERROR;
              sv_zip_writer_add_data (zp->zip, zp->buf, got, out);
              zp->remaining -= got;
            }
          if (zp->remaining == 0)
            {
              if (!sv_zip_writer_end_entry (zp->zip, out, NULL))
                return PRODUCE_ERROR;
              g_clear_object (&zp->in);
              zp->index++;
            }
        }
      else
        {
          return PRODUCE_DONE;
        }
    }
  return PRODUCE_MORE;
}

static void
handle_export (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (SvCloudAccount) account = request_account (req);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) library = NULL;
  g_autoptr (GPtrArray) blobs = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *disposition = NULL;
  ZipProducer *zp;

  if (account == NULL)
    return;
  library = sv_cloud_db_ops_export (self->db, account->id, &error);
  blobs = library != NULL ? sv_cloud_db_blob_list (self->db, account->id, &error) : NULL;
  if (blobs == NULL)
    {
      respond_internal (req, error);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "format", "souvenir-cloud-export");
  sv_json_builder_add_int (b, "version", 1);
  add_time_member (b, "exported", now_usec ());
  json_builder_set_member_name (b, "account");
  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "username", account->username);
  sv_json_builder_add_string (b, "plan", account->plan);
  add_time_member (b, "created", account->created_usec);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "blobs");
  json_builder_begin_array (b);
  for (guint i = 0; i < blobs->len; i++)
    {
      SvCloudBlobInfo *info = g_ptr_array_index (blobs, i);

      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "sha256", info->sha256);
      sv_json_builder_add_int (b, "size", info->size);
      sv_json_builder_add_string (b, "kind", info->kind);
      sv_json_builder_add_string (b, "variant", info->variant);
      add_time_member (b, "uploaded", info->created_usec);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "library");
  json_builder_add_value (b, json_node_ref (library));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sv_json_to_string (root, TRUE);

  req->status = SOUP_STATUS_OK;
  g_free (req->content_type);
  req->content_type = g_strdup ("application/zip");
  disposition = g_strdup_printf ("attachment; filename=\"souvenir-%s.zip\"", account->username);
  soup_message_headers_replace (req->resp_headers, "Content-Disposition", disposition);
  soup_message_headers_set_encoding (req->resp_headers, SOUP_ENCODING_CHUNKED);
  if (req->msg == NULL)
    return;

  zp = g_new0 (ZipProducer, 1);
  zp->store = g_object_ref (self->store);
  zp->zip = sv_zip_writer_new ();
  {
    gsize text_len = strlen (text);

    zp->metadata = g_bytes_new_take (g_steal_pointer (&text), text_len);
  }
  zp->blobs = g_steal_pointer (&blobs);
  zp->buf = g_malloc (STREAM_CHUNK);
  req->streamer = streamer_new (zip_producer_produce, zp, (GDestroyNotify) zip_producer_free);
}

/* ---- operations and the change feed ---- */

static gboolean
check_blob_cb (gpointer user_data,
               gint64 account_id,
               const char *sha256,
               const char *kind,
               GError **error)
{
  SvCloudServer *self = user_data;
  g_autoptr (SvCloudBlobInfo) info = NULL;

  if (!sv_sha256_hex_is_valid (sha256))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The blob hash is not valid."));
      return FALSE;
    }
  info = sv_cloud_db_blob_lookup (self->db, account_id, sha256);
  if (info == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                           _ ("Upload the file before creating its item."));
      return FALSE;
    }
  if (g_strcmp0 (info->kind, kind) != 0)
    {
      g_set_error_literal (
          error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
          _ ("The item’s kind (photo or video) does not match the uploaded file."));
      return FALSE;
    }
  return TRUE;
}

static void
handle_ops (Request *req)
{
  SvCloudServer *self = req->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = NULL;
  JsonObject *obj;
  JsonNode *ops;
  const char *device_id;

  if ((obj = request_json (req, self->config->max_ops_bytes)) == NULL)
    return;
  if (!json_string_field (req, obj, "device_id", 128, FALSE, &device_id))
    return;
  ops = json_object_get_member (obj, "ops");
  if (ops == NULL || !JSON_NODE_HOLDS_ARRAY (ops))
    {
      respond_bad_request (req, _ ("The field “ops” must be a list."));
      return;
    }
  result = sv_cloud_db_ops_apply (self->db, req->account_id,
                                  device_id != NULL ? device_id : req->session_id,
                                  json_node_get_array (ops), check_blob_cb, self, &error);
  if (result == NULL)
    {
      if (g_error_matches (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT))
        respond_bad_request (req, error->message);
      else if (g_error_matches (error, SV_ERROR, SV_ERROR_TOO_LARGE))
        respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_many_items", error->message);
      else
        respond_internal (req, error);
      return;
    }
  respond_json (req, SOUP_STATUS_OK, result);
}

static gboolean
query_int (Request *req, const char *name, gint64 min, gint64 max, gint64 *value)
{
  const char *text = req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
  char *end = NULL;
  gint64 parsed;

  if (text == NULL)
    return TRUE;
  errno = 0;
  parsed = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || errno != 0 || *end != '\0' || parsed < min || parsed > max)
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_autofree char *message =
          g_strdup_printf (_ ("The parameter “%s” must be a whole number between %s and %s."), name,
                           min_text, max_text);
      respond_bad_request (req, message);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

static void
handle_changes (Request *req)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *result = NULL;
  gint64 since = 0, limit = 500;

  if (!query_int (req, "since", 0, G_MAXINT64, &since) ||
      !query_int (req, "limit", 1, 1000, &limit))
    return;
  result = sv_cloud_db_ops_changes (req->self->db, req->account_id, since, (guint) limit, &error);
  if (result == NULL)
    {
      respond_internal (req, error);
      return;
    }
  respond_json_text (req, SOUP_STATUS_OK, g_steal_pointer (&result));
}

/* ---- routing ---- */

static Endpoint
route (const char *path, char **param)
{
  const char *rest;
  g_auto (GStrv) parts = NULL;
  guint n;

  *param = NULL;
  if (!g_str_has_prefix (path, API_PREFIX))
    return EP_NONE;
  rest = path + strlen (API_PREFIX);
  if (strlen (rest) > 200)
    return EP_NONE;
  parts = g_strsplit (rest, "/", 5);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    if (*parts[i] == '\0')
      return EP_NONE;

#define IS(i, s) (g_str_equal (parts[i], s))
  if (n == 1 && IS (0, "health"))
    return EP_HEALTH;
  if (n == 1 && IS (0, "account"))
    return EP_ACCOUNT;
  if (n == 1 && IS (0, "sessions"))
    return EP_SESSIONS;
  if (n == 1 && IS (0, "ops"))
    return EP_OPS;
  if (n == 1 && IS (0, "changes"))
    return EP_CHANGES;
  if (n == 2 && IS (0, "auth") && IS (1, "login"))
    return EP_LOGIN;
  if (n == 2 && IS (0, "auth") && IS (1, "logout"))
    return EP_LOGOUT;
  if (n == 2 && IS (0, "account") && IS (1, "export"))
    return EP_EXPORT;
  if (n == 2 && IS (0, "blobs") && IS (1, "missing"))
    return EP_BLOBS_MISSING;
  if (n == 2 && IS (0, "sessions"))
    {
      *param = g_strdup (parts[1]);
      return EP_SESSION;
    }
  if (n == 2 && IS (0, "blobs"))
    {
      *param = g_strdup (parts[1]);
      return EP_BLOB;
    }
  if (n == 3 && IS (0, "blobs") && IS (2, "thumbnail"))
    {
      *param = g_strdup (parts[1]);
      return EP_THUMBNAIL;
    }
  if (n == 3 && IS (0, "account") && IS (1, "totp"))
    {
      if (IS (2, "enroll"))
        return EP_TOTP_ENROLL;
      if (IS (2, "confirm"))
        return EP_TOTP_CONFIRM;
      if (IS (2, "disable"))
        return EP_TOTP_DISABLE;
      if (IS (2, "recovery-codes"))
        return EP_RECOVERY_CODES;
    }
#undef IS
  return EP_NONE;
}

static const char *
allowed_methods (Endpoint ep)
{
  switch (ep)
    {
      case EP_HEALTH:
      case EP_EXPORT:
      case EP_CHANGES:
      case EP_THUMBNAIL:
        return "GET, HEAD";
      case EP_ACCOUNT:
        return "GET, HEAD, DELETE";
      case EP_SESSIONS:
        return "GET, HEAD, DELETE";
      case EP_SESSION:
        return "DELETE";
      case EP_BLOB:
        return "GET, HEAD, PUT";
      case EP_LOGIN:
      case EP_LOGOUT:
      case EP_TOTP_ENROLL:
      case EP_TOTP_CONFIRM:
      case EP_TOTP_DISABLE:
      case EP_RECOVERY_CODES:
      case EP_BLOBS_MISSING:
      case EP_OPS:
        return "POST";
      case EP_NONE:
      default:
        return "";
    }
}

static gboolean
method_allowed (Endpoint ep, const char *method)
{
  g_auto (GStrv) allowed = g_strsplit (allowed_methods (ep), ", ", -1);

  return g_strv_contains ((const char *const *) allowed, method);
}

static gboolean
param_valid (Request *req)
{
  if (req->endpoint == EP_SESSION)
    {
      if (strlen (req->param) != 32)
        return FALSE;
      for (const char *p = req->param; *p; p++)
        if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
          return FALSE;
      return TRUE;
    }
  if (req->endpoint == EP_BLOB || req->endpoint == EP_THUMBNAIL)
    return sv_sha256_hex_is_valid (req->param);
  return TRUE;
}

/* Route, authenticate, check method and parameters. FALSE when the response
 * is decided already. */
static gboolean
request_prepare (Request *req)
{
  req->endpoint = route (req->path, &req->param);
  if (req->endpoint == EP_NONE)
    {
      respond_not_found (req);
      return FALSE;
    }
  if (req->endpoint != EP_HEALTH && req->endpoint != EP_LOGIN && !request_authenticate (req))
    return FALSE;
  if (!method_allowed (req->endpoint, req->method))
    {
      soup_message_headers_replace (req->resp_headers, "Allow", allowed_methods (req->endpoint));
      respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                     _ ("This address does not accept this kind of request."));
      return FALSE;
    }
  if (!param_valid (req))
    {
      respond_not_found (req);
      return FALSE;
    }
  return TRUE;
}

static void
dispatch (Request *req)
{
  switch (req->endpoint)
    {
      case EP_HEALTH:
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          sv_json_builder_add_string (b, "status", "ok");
          sv_json_builder_add_string (b, "version", PACKAGE_VERSION);
          json_builder_end_object (b);
          respond_builder (req, SOUP_STATUS_OK, b);
        }
        break;
      case EP_LOGIN:
        handle_login (req);
        break;
      case EP_LOGOUT:
      case EP_SESSIONS:
      case EP_SESSION:
        handle_sessions (req);
        break;
      case EP_ACCOUNT:
        if (g_str_equal (req->method, "DELETE"))
          handle_account_delete (req);
        else
          handle_account_get (req);
        break;
      case EP_EXPORT:
        handle_export (req);
        break;
      case EP_TOTP_ENROLL:
      case EP_TOTP_CONFIRM:
      case EP_TOTP_DISABLE:
      case EP_RECOVERY_CODES:
        handle_totp (req);
        break;
      case EP_BLOBS_MISSING:
        handle_blobs_missing (req);
        break;
      case EP_BLOB:
        if (g_str_equal (req->method, "PUT"))
          {
            Upload *up =
                req->msg != NULL ? g_object_get_data (G_OBJECT (req->msg), "sv-upload") : NULL;

            if (up == NULL)
              respond_internal (req, NULL);
            else
              upload_end (req, up);
          }
        else
          handle_blob_get (req);
        break;
      case EP_THUMBNAIL:
        handle_thumbnail (req);
        break;
      case EP_OPS:
        handle_ops (req);
        break;
      case EP_CHANGES:
        handle_changes (req);
        break;
      case EP_NONE:
      default:
        respond_not_found (req);
        break;
    }
}

/* ---- libsoup glue ---- */

static char *
client_address (SvCloudServer *self, SoupServerMessage *msg)
{
  if (self->config->trust_forwarded_for)
    {
      const char *xff = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "X-Forwarded-For");

      if (xff != NULL && strlen (xff) < 1024)
        {
          const char *last = strrchr (xff, ',');
          g_autofree char *addr = g_strdup (last != NULL ? last + 1 : xff);

          g_strstrip (addr);
          if (g_hostname_is_ip_address (addr))
            return g_steal_pointer (&addr);
        }
    }
  return g_strdup (soup_server_message_get_remote_host (msg)
                       ? soup_server_message_get_remote_host (msg)
                       : "unknown");
}

static Request *
request_from_message (SvCloudServer *self,
                      SoupServerMessage *msg,
                      const char *path,
                      GHashTable *query)
{
  Request *req = request_new (self, soup_server_message_get_method (msg), path);

  req->msg = g_object_ref (msg);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;
  req->req_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  req->client_address = client_address (self, msg);
  return req;
}

static void
watchdog_free (Watchdog *wd)
{
  g_clear_handle_id (&wd->timer, g_source_remove);
  g_free (wd);
}

static gboolean
on_watchdog_timeout_cb (gpointer user_data)
{
  Watchdog *wd = user_data;
  GSocket *sock = soup_server_message_get_socket (wd->msg);

  wd->timer = 0;
  if (wd->last_chunk > 0)
    {
      /* Inside a body: the timer is not moved on every piece, only here. */
      Upload *up = g_object_get_data (G_OBJECT (wd->msg), "sv-upload");
      gint64 limit = (gint64) wd->seconds * G_USEC_PER_SEC;
      gint64 quiet = g_get_monotonic_time () - wd->last_chunk;

      if (up != NULL && up->held)
        quiet = 0; /* we paused the reading, not the client */
      if (quiet < limit)
        {
          wd->timer =
              g_timeout_add ((guint) ((limit - quiet) / 1000) + 1, on_watchdog_timeout_cb, wd);
          return G_SOURCE_REMOVE;
        }
    }
  g_debug ("Closing a slow or idle connection");
  if (sock != NULL)
    g_socket_shutdown (sock, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
watchdog_arm (Watchdog *wd, guint seconds)
{
  g_clear_handle_id (&wd->timer, g_source_remove);
  if (seconds > 0)
    wd->timer = g_timeout_add_seconds (seconds, on_watchdog_timeout_cb, wd);
}

static void
on_got_headers_cb (SoupServerMessage *msg, Watchdog *wd)
{
  /* From here on the body must keep coming. */
  wd->last_chunk = g_get_monotonic_time ();
  watchdog_arm (wd, wd->seconds);
}

static void
on_got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, Watchdog *wd)
{
  wd->last_chunk = g_get_monotonic_time ();
}

static void
on_got_body_cb (SoupServerMessage *msg, Watchdog *wd)
{
  wd->last_chunk = 0;
  watchdog_arm (wd, 0);
}

typedef struct
{
  GSocket *sock; /* not a reference: this lives in the socket's data */
  guint timer;
} IdleTimer;

static void
idle_timer_free (IdleTimer *it)
{
  g_clear_handle_id (&it->timer, g_source_remove);
  g_free (it);
}

static gboolean
on_idle_timeout_cb (gpointer user_data)
{
  IdleTimer *it = user_data;

  it->timer = 0;
  g_debug ("Closing an idle connection");
  g_socket_close (it->sock, NULL);
  return G_SOURCE_REMOVE;
}

/* A kept-alive connection must send its next request in time. */
static void
on_message_finished_cb (SoupServerMessage *msg, gpointer user_data)
{
  SvCloudServer *self = user_data;
  GSocket *sock = soup_server_message_get_socket (msg);
  IdleTimer *it;

  if (sock == NULL || g_socket_is_closed (sock))
    return;
  it = g_new0 (IdleTimer, 1);
  it->sock = sock;
  it->timer = g_timeout_add_seconds (self->config->header_timeout_seconds, on_idle_timeout_cb, it);
  g_object_set_data_full (G_OBJECT (sock), "sv-idle-timer", it, (GDestroyNotify) idle_timer_free);
}

static void
on_request_started_cb (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  SvCloudServer *self = user_data;
  Watchdog *wd = g_new0 (Watchdog, 1);
  GSocket *sock = soup_server_message_get_socket (msg);

  if (sock != NULL)
    g_object_set_data (G_OBJECT (sock), "sv-idle-timer", NULL);

  wd->msg = msg;
  wd->seconds = self->config->body_idle_timeout_seconds;
  g_object_set_data_full (G_OBJECT (msg), "sv-watchdog", wd, (GDestroyNotify) watchdog_free);
  /* Request line and headers (and an idle keep-alive connection) must arrive in time. */
  watchdog_arm (wd, self->config->header_timeout_seconds);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), wd);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), wd);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body_cb), wd);
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_message_finished_cb), self, 0);
}

static void
on_upload_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  Upload *up = g_object_get_data (G_OBJECT (msg), "sv-upload");
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);

  if (up != NULL)
    upload_write (up, data, len);
}

/* libsoup 3.2 still reads the body of a request answered from the early
 * handler (unless the client asked "Expect: 100-continue"): throw it away as
 * it comes, and cut the connection when there is more than a little of it. */
#define DISCARD_BUDGET (256 * 1024)

static void
on_discard_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  gsize *discarded = g_object_get_data (G_OBJECT (msg), "sv-discarded");

  if (discarded == NULL)
    return;
  *discarded += g_bytes_get_size (chunk);
  if (*discarded > DISCARD_BUDGET)
    {
      GSocket *sock = soup_server_message_get_socket (msg);

      g_object_set_data (G_OBJECT (msg), "sv-discarded", NULL);
      if (sock != NULL)
        g_socket_shutdown (sock, TRUE, TRUE, NULL);
    }
}

/* The answer is out: a big unread body is not waited for, and the
 * connection never lingers. */
static void
on_early_wrote_body_cb (SoupServerMessage *msg, gpointer user_data)
{
  SvCloudServer *self = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  GSocket *sock = soup_server_message_get_socket (msg);
  IdleTimer *it;

  if (sock == NULL)
    return;
  if (soup_message_headers_get_content_length (h) > DISCARD_BUDGET)
    {
      g_socket_shutdown (sock, TRUE, TRUE, NULL);
      return;
    }
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  it = g_new0 (IdleTimer, 1);
  it->sock = sock;
  it->timer = g_timeout_add_seconds (self->config->header_timeout_seconds, on_idle_timeout_cb, it);
  g_object_set_data_full (G_OBJECT (sock), "sv-linger-timer", it, (GDestroyNotify) idle_timer_free);
}

static void
early_respond (Request *req)
{
  SoupServerMessage *msg = req->msg;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);

  soup_message_headers_replace (req->resp_headers, "Connection", "close");
  if (soup_message_headers_get_encoding (h) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (h) > 0)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      g_object_set_data_full (G_OBJECT (msg), "sv-discarded", g_new0 (gsize, 1), g_free);
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_discard_chunk_cb), NULL);
      g_signal_connect_object (msg, "wrote-body", G_CALLBACK (on_early_wrote_body_cb), req->self,
                               0);
    }
  request_finish (req);
}

static void
early_handler (SoupServer *soup,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  SvCloudServer *self = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  Request *req = request_from_message (self, msg, path, query);
  SoupEncoding encoding = soup_message_headers_get_encoding (h);
  char *param = NULL;
  Endpoint ep = route (path, &param);
  gint64 limit;
  Upload *up;

  g_free (param);
  limit = ep == EP_OPS ? self->config->max_ops_bytes : self->config->max_json_bytes;
  if (ep == EP_BLOB && g_str_equal (method, "PUT"))
    limit = self->config->max_blob_bytes;

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      respond_error (req, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                     _ ("Request bodies need a Content-Length header."));
      early_respond (req);
      return;
    }
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (h) > limit)
    {
      respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                     _ ("The request is too large."));
      early_respond (req);
      return;
    }
  if (ep != EP_BLOB || !g_str_equal (method, "PUT"))
    {
      request_free (req);
      return;
    }

  /* Uploads: decided before the body is read, then streamed to disk. */
  if (!request_prepare (req))
    {
      early_respond (req);
      return;
    }
  up = upload_begin (req);
  if (up == NULL)
    {
      early_respond (req);
      return;
    }
  g_object_set_data_full (G_OBJECT (msg), "sv-upload", up, (GDestroyNotify) upload_release);
  up->flush_id = g_timeout_add (UPLOAD_FLUSH_MS, on_upload_flush_tick_cb, up);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_upload_chunk_cb), NULL);
  request_free (req);
}

static void
server_handler (SoupServer *soup,
                SoupServerMessage *msg,
                const char *path,
                GHashTable *query,
                gpointer user_data)
{
  SvCloudServer *self = user_data;
  Request *req = request_from_message (self, msg, path, query);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_message_body_get_accumulate (body) && body->length > 0)
    req->body = soup_message_body_flatten (body);
  if (request_prepare (req))
    dispatch (req);
  if (!req->async)
    request_finish (req);
}

/* ---- trash job ---- */

static gboolean
on_purge_timeout_cb (gpointer user_data)
{
  SvCloudServer *self = user_data;
  g_autoptr (GError) error = NULL;

  if (sv_cloud_server_purge (self, now_usec (), &error) < 0)
    g_warning ("Trash job: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ---- */

static void
sv_cloud_server_dispose (GObject *object)
{
  SvCloudServer *self = SV_CLOUD_SERVER (object);

  g_clear_handle_id (&self->purge_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sv_cloud_server_parent_class)->dispose (object);
}

static void
sv_cloud_server_finalize (GObject *object)
{
  SvCloudServer *self = SV_CLOUD_SERVER (object);

  g_clear_pointer (&self->config, sv_cloud_config_free);
  g_clear_pointer (&self->limiter, sv_rate_limiter_free);
  g_clear_pointer (&self->active_uploads, g_hash_table_unref);
  g_free (self->cache_dir);
  g_free (self->dummy_hash);
  G_OBJECT_CLASS (sv_cloud_server_parent_class)->finalize (object);
}

static void
sv_cloud_server_class_init (SvCloudServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_cloud_server_dispose;
  object_class->finalize = sv_cloud_server_finalize;
}

static void
sv_cloud_server_init (SvCloudServer *self)
{
  self->active_uploads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- public API ---- */

SvCloudServer *
sv_cloud_server_new (SvCloudDb *db,
                     SvBlobStore *store,
                     SvCloudConfig *config,
                     const char *cache_dir,
                     GError **error)
{
  g_autoptr (SvCloudServer) self = NULL;
  g_autofree char *dummy_password = NULL;

  g_return_val_if_fail (SV_IS_CLOUD_DB (db), NULL);
  g_return_val_if_fail (SV_IS_BLOB_STORE (store), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (SV_TYPE_CLOUD_SERVER, NULL);
  self->db = g_object_ref (db);
  self->store = g_object_ref (store);
  self->config = config;
  self->cache_dir = g_strdup (cache_dir);
  self->limiter = sv_rate_limiter_new (config->login_max_delay_seconds);

  /* Unknown names are checked against this, with the same cost. */
  dummy_password = sv_cloud_token_new ();
  self->dummy_hash = sv_cloud_password_hash (dummy_password, config->pwhash_opslimit,
                                             config->pwhash_memlimit, error);
  if (self->dummy_hash == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
sv_cloud_server_listen (SvCloudServer *self,
                        const char *host,
                        guint16 port,
                        GTlsCertificate *tls_certificate,
                        guint16 *port_out,
                        GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  GSList *listeners;

  g_return_val_if_fail (SV_IS_CLOUD_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL && g_strcmp0 (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  if (inet == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not an IP address to listen on."), host);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, port);

  self->soup = soup_server_new ("server-header", "souvenir-cloud/" PACKAGE_VERSION " ",
                                "tls-certificate", tls_certificate, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self);

  if (!soup_server_listen (self->soup, address,
                           tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  /* From the listening socket: soup_server_get_uris() leaks in libsoup 3.2. */
  listeners = soup_server_get_listeners (self->soup);
  if (port_out != NULL && listeners != NULL)
    {
      g_autoptr (GSocketAddress) local = g_socket_get_local_address (listeners->data, error);

      if (local == NULL)
        {
          g_slist_free (listeners);
          return FALSE;
        }
      *port_out = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  self->purge_id =
      g_timeout_add_seconds (self->config->purge_interval_seconds, on_purge_timeout_cb, self);
  return TRUE;
}

gint
sv_cloud_server_purge (SvCloudServer *self, gint64 now, GError **error)
{
  g_autoptr (GPtrArray) freed = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SV_IS_CLOUD_SERVER (self), -1);

  if (!sv_cloud_db_purge_expired (self->db, now, self->config->retention_usec,
                                  self->config->orphan_grace_usec, freed, error))
    return -1;
  forget_blobs (self, freed);
  if (freed->len > 0)
    g_message ("Trash job: %u blobs deleted", freed->len);
  return (gint) freed->len;
}

/* RFC 9110 token characters. */
static gboolean
header_name_valid (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

guint
sv_cloud_server_handle_direct (SvCloudServer *self,
                               const char *method,
                               const char *path_and_query,
                               const char *headers,
                               const guint8 *body,
                               gsize body_len,
                               char **body_out)
{
  g_autoptr (GUri) uri = NULL;
  Request *req;
  guint status;

  g_return_val_if_fail (SV_IS_CLOUD_SERVER (self), 0);
  g_return_val_if_fail (method != NULL && path_and_query != NULL, 0);

  uri = g_uri_parse_relative (NULL, path_and_query, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_autofree char *full = g_strconcat ("http://localhost", path_and_query, NULL);

      uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
    }
  if (uri == NULL)
    {
      if (body_out != NULL)
        *body_out = g_strdup ("");
      return SOUP_STATUS_BAD_REQUEST;
    }

  req = request_new (self, method, g_uri_get_path (uri));
  req->body_out = body_out;
  req->client_address = g_strdup ("127.0.0.1");
  req->req_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (headers != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (headers, "\r\n", 64);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *colon = strchr (lines[i], ':');

          if (colon == NULL || colon == lines[i])
            continue;
          *colon = '\0';
          g_strstrip (colon + 1);
          if (header_name_valid (lines[i]) && g_utf8_validate (colon + 1, -1, NULL) &&
              strpbrk (colon + 1, "\r\n") == NULL)
            soup_message_headers_append (req->req_headers, lines[i], colon + 1);
        }
    }
  if (g_uri_get_query (uri) != NULL)
    req->query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (body != NULL && body_len > 0)
    req->body = g_bytes_new (body, body_len);

  if (request_prepare (req))
    {
      if (req->endpoint == EP_BLOB && g_str_equal (req->method, "PUT"))
        {
          Upload *up;

          soup_message_headers_set_content_length (req->req_headers, (goffset) body_len);
          up = upload_begin (req);
          if (up != NULL)
            {
              upload_write (up, body, body_len);
              upload_end (req, up);
              upload_unref (up);
            }
        }
      else
        {
          dispatch (req);
        }
    }
  status = req->status;
  request_finish (req);
  return status;
}
