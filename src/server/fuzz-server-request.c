/* fuzz-server-request.c: libFuzzer target for souvenir-cloud's request
 * handling (routing, authentication, JSON parsing and every JSON endpoint,
 * uploads through sv_cloud_server_handle_direct())
 *
 * Input: "METHOD PATH?QUERY\nName: value\n…\n\nBODY". A request is signed in
 * with a real session unless the input starts with '!'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz-server-request"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sv-blob-store-fs.h"
#include "sv-cloud-admin.h"
#include "sv-cloud-auth.h"
#include "sv-cloud-db-sqlite.h"
#include "sv-cloud-server.h"

#define FUZZ_TOKEN "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuz"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static SvCloudServer *server;

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sv-fuzz-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *session = NULL;
  g_autoptr (SvCloudDbSqlite) db = NULL;
  g_autoptr (SvBlobStoreFs) store = NULL;
  g_autoptr (SvCloudAccount) account = NULL;
  SvCloudConfig *config = sv_cloud_config_new ();

  g_assert_no_error (error);
  g_assert (sodium_init () >= 0);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  config->pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  config->max_json_bytes = 64 * 1024;

  db_path = g_build_filename (dir, SV_CLOUD_DB_NAME, NULL);
  db = sv_cloud_db_sqlite_open (db_path, &error);
  g_assert_no_error (error);
  store = sv_blob_store_fs_new (dir, &error);
  g_assert_no_error (error);
  g_assert (
      sv_cloud_admin_user_add (SV_CLOUD_DB (db), config, "fuzz", "fuzz password", NULL, &error));
  account = sv_cloud_db_account_lookup (SV_CLOUD_DB (db), "fuzz", &error);
  g_assert_no_error (error);
  token_hash = sv_cloud_token_hash (FUZZ_TOKEN);
  session = sv_cloud_db_session_create (SV_CLOUD_DB (db), account->id, token_hash, "fuzzer",
                                        "127.0.0.1", g_get_real_time (), &error);
  g_assert_no_error (error);
  cache = g_build_filename (dir, "cache", NULL);
  server = sv_cloud_server_new (SV_CLOUD_DB (db), SV_BLOB_STORE (store), config, cache, &error);
  g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *head = NULL;
  g_autofree char *response = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) headers = g_string_new (NULL);
  g_auto (GStrv) request_line = NULL;
  const guint8 *body = NULL;
  gsize body_len = 0, head_len = size;
  gboolean signed_in = TRUE;

  if (server == NULL)
    setup ();
  if (size > 256 * 1024)
    return 0;
  if (size > 0 && data[0] == '!')
    {
      signed_in = FALSE;
      data++;
      size--;
      head_len = size;
    }
  for (gsize i = 0; i + 1 < size; i++)
    if (data[i] == '\n' && data[i + 1] == '\n')
      {
        head_len = i;
        body = data + i + 2;
        body_len = size - i - 2;
        break;
      }
  head = g_strndup ((const char *) data, head_len);
  if (strlen (head) != head_len || !g_utf8_validate (head, -1, NULL))
    return 0;
  lines = g_strsplit (head, "\n", 64);
  if (lines[0] == NULL)
    return 0;
  request_line = g_strsplit (lines[0], " ", 2);
  if (request_line[0] == NULL || request_line[1] == NULL || request_line[1][0] != '/')
    return 0;
  /* Keep the fuzzer's own account and session alive across inputs. */
  if ((g_str_equal (request_line[0], "DELETE") &&
       g_str_has_prefix (request_line[1], "/api/v1/account")) ||
      g_str_has_prefix (request_line[1], "/api/v1/auth/logout"))
    return 0;
  if (signed_in)
    g_string_append (headers, "Authorization: Bearer " FUZZ_TOKEN "\r\n");
  for (guint i = 1; lines[i] != NULL; i++)
    g_string_append_printf (headers, "%s\r\n", lines[i]);

  sv_cloud_server_handle_direct (server, request_line[0], request_line[1], headers->str, body,
                                 body_len, &response);
  g_assert (response != NULL);
  return 0;
}
