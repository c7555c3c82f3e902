/* sv-cloud-db-sqlite.c: SvCloudDb on one SQLite file (DIR/cloud.db)
 *
 * WAL, foreign keys, user_version migrations (each in a transaction, newer
 * schemas refused), every statement prepared once and cached. The operations
 * engine (src/server/ops) keeps its tables in the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-db-sqlite"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "sv-cloud-db-sqlite.h"
#include "sv-cloud-ops.h"
#include "sv-error.h"

struct _SvCloudDbSqlite
{
  GObject parent_instance;

  sqlite3 *db;
  GHashTable *stmts; /* const char* (static SQL) → sqlite3_stmt* */
};

static void
cloud_db_iface_init (SvCloudDbInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SvCloudDbSqlite,
                               sv_cloud_db_sqlite,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SV_TYPE_CLOUD_DB, cloud_db_iface_init))

static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  totp_secret TEXT,"
  "  totp_enabled INTEGER NOT NULL DEFAULT 0,"
  "  totp_last_step INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE recovery_codes ("
  "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  code_hash TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, code_hash)) WITHOUT ROWID;"
  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  device_name TEXT NOT NULL,"
  "  client_address TEXT,"
  "  created INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL);"
  "CREATE INDEX sessions_account ON sessions(account_id);"
  "CREATE TABLE blobs ("
  "  sha256 TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  created INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE account_blobs ("
  "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL REFERENCES blobs(sha256),"
  "  size INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  variant TEXT NOT NULL DEFAULT 'original',"
  "  created INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, sha256)) WITHOUT ROWID;"
  "CREATE INDEX account_blobs_sha ON account_blobs(sha256);"
  "CREATE TABLE uploads ("
  "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, sha256)) WITHOUT ROWID;",
  /* 2: each account's bytes by kind, kept by triggers: the quota is checked
   * on every upload, and a SUM over the account's blobs grew with them. */
  "CREATE TABLE account_usage ("
  "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  bytes INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (account_id, kind)) WITHOUT ROWID;"
  "INSERT INTO account_usage (account_id, kind, bytes)"
  "  SELECT account_id, kind, SUM(size) FROM account_blobs GROUP BY account_id, kind;"
  "CREATE TRIGGER account_usage_add AFTER INSERT ON account_blobs BEGIN"
  "  INSERT OR IGNORE INTO account_usage (account_id, kind) VALUES (NEW.account_id, NEW.kind);"
  "  UPDATE account_usage SET bytes = bytes + NEW.size"
  "    WHERE account_id = NEW.account_id AND kind = NEW.kind;"
  "END;"
  "CREATE TRIGGER account_usage_remove AFTER DELETE ON account_blobs BEGIN"
  "  UPDATE account_usage SET bytes = bytes - OLD.size"
  "    WHERE account_id = OLD.account_id AND kind = OLD.kind;"
  "END;"
  "CREATE TRIGGER account_usage_change AFTER UPDATE OF account_id, size, kind ON account_blobs "
  "BEGIN"
  "  UPDATE account_usage SET bytes = bytes - OLD.size"
  "    WHERE account_id = OLD.account_id AND kind = OLD.kind;"
  "  INSERT OR IGNORE INTO account_usage (account_id, kind) VALUES (NEW.account_id, NEW.kind);"
  "  UPDATE account_usage SET bytes = bytes + NEW.size"
  "    WHERE account_id = NEW.account_id AND kind = NEW.kind;"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SV_CLOUD_DB_SQLITE_VERSION);

static void
set_db_error (GError **error, sqlite3 *db)
{
  int code = sqlite3_errcode (db);

  g_set_error (error, SV_ERROR, code == SQLITE_FULL ? SV_ERROR_DISK_FULL : SV_ERROR_DATABASE,
               _ ("The server catalogue reported an error: %s"), sqlite3_errmsg (db));
}

static sqlite3_stmt *
stmt (SvCloudDbSqlite *self, const char *sql, GError **error)
{
  sqlite3_stmt *st = g_hash_table_lookup (self->stmts, sql);

  if (st == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        {
          set_db_error (error, self->db);
          return NULL;
        }
      g_hash_table_insert (self->stmts, (gpointer) sql, st);
    }
  else
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
    }
  return st;
}

static gboolean
exec (SvCloudDbSqlite *self, const char *sql, GError **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_DATABASE,
                   _ ("The server catalogue reported an error: %s"), msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin (SvCloudDbSqlite *self, GError **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (SvCloudDbSqlite *self, GError **error)
{
  return exec (self, "COMMIT", error);
}

static void
rollback (SvCloudDbSqlite *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (SvCloudDbSqlite *self, sqlite3_stmt *st, GError **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT)
        g_set_error_literal (error, SV_ERROR, SV_ERROR_DUPLICATE, sqlite3_errmsg (self->db));
      else
        set_db_error (error, self->db);
      return FALSE;
    }
  return TRUE;
}

static char *
col_text (sqlite3_stmt *st, int col)
{
  const unsigned char *text = sqlite3_column_text (st, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
migrate (SvCloudDbSqlite *self, GError **error)
{
  sqlite3_stmt *st;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
    {
      set_db_error (error, self->db);
      return FALSE;
    }
  if (sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE,
                   _ ("The server catalogue was written by a newer version of souvenir-cloud "
                      "(schema %d, this program knows %d)."),
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!begin (self, error))
        return FALSE;
      if (!exec (self, migrations[v], error) || !exec (self, set_version, error))
        {
          rollback (self);
          return FALSE;
        }
      if (!commit (self, error))
        {
          rollback (self);
          return FALSE;
        }
    }

  /* The operations engine's own tables; idempotent. */
  if (!begin (self, error))
    return FALSE;
  if (!sv_cloud_ops_migrate (self->db, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* ---- accounts ---- */

#define ACCOUNT_COLUMNS                                                                            \
  "id, username, password_hash, plan, disabled, created, totp_secret, totp_enabled"

static SvCloudAccount *
account_from_row (sqlite3_stmt *st)
{
  SvCloudAccount *account = g_new0 (SvCloudAccount, 1);

  account->id = sqlite3_column_int64 (st, 0);
  account->username = col_text (st, 1);
  account->password_hash = col_text (st, 2);
  account->plan = col_text (st, 3);
  account->disabled = sqlite3_column_int (st, 4) != 0;
  account->created_usec = sqlite3_column_int64 (st, 5);
  account->totp_secret = col_text (st, 6);
  account->totp_enabled = sqlite3_column_int (st, 7) != 0;
  return account;
}

static gboolean
sqlite_account_create (SvCloudDb *db,
                       const char *username,
                       const char *password_hash,
                       const char *plan,
                       gint64 now_usec,
                       gint64 *id_out,
                       GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *st = stmt (
      self, "INSERT INTO accounts (username, password_hash, plan, created) VALUES (?, ?, ?, ?)",
      error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, plan, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 4, now_usec);
  if (!step_done (self, st, &local_error))
    {
      if (g_error_matches (local_error, SV_ERROR, SV_ERROR_DUPLICATE))
        g_set_error (error, SV_ERROR, SV_ERROR_DUPLICATE, _ ("The account “%s” already exists."),
                     username);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (id_out != NULL)
    *id_out = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static SvCloudAccount *
account_query (SvCloudDbSqlite *self, sqlite3_stmt *st, GError **error)
{
  int rc = sqlite3_step (st);
  SvCloudAccount *account = NULL;

  if (rc == SQLITE_ROW)
    account = account_from_row (st);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no such account."));
  else
    set_db_error (error, self->db);
  sqlite3_reset (st);
  return account;
}

static SvCloudAccount *
sqlite_account_lookup (SvCloudDb *db, const char *username, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE username = ?", error);

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, username, -1, SQLITE_TRANSIENT);
  return account_query (self, st, error);
}

static SvCloudAccount *
sqlite_account_get (SvCloudDb *db, gint64 id, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?", error);

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, id);
  return account_query (self, st, error);
}

static GPtrArray *
sqlite_account_list (SvCloudDb *db, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GPtrArray) list =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_cloud_account_free);
  sqlite3_stmt *st =
      stmt (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY username", error);
  int rc;

  if (st == NULL)
    return NULL;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (list, account_from_row (st));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
sqlite_account_update (SvCloudDb *db, const SvCloudAccount *account, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self,
            "UPDATE accounts SET password_hash = ?, plan = ?, disabled = ?, totp_secret = ?,"
            " totp_enabled = ? WHERE id = ?",
            error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, account->password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, account->plan, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (st, 3, account->disabled ? 1 : 0);
  if (account->totp_secret != NULL)
    sqlite3_bind_text (st, 4, account->totp_secret, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, 4);
  sqlite3_bind_int (st, 5, account->totp_enabled ? 1 : 0);
  sqlite3_bind_int64 (st, 6, account->id);
  if (!step_done (self, st, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no such account."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_account_use_totp_step (SvCloudDb *db, gint64 id, gint64 step)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (
      self, "UPDATE accounts SET totp_last_step = ?1 WHERE id = ?2 AND totp_last_step < ?1", NULL);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, step);
  sqlite3_bind_int64 (st, 2, id);
  if (!step_done (self, st, NULL))
    return FALSE;
  return sqlite3_changes (self->db) == 1;
}

/* Appends to @freed (and forgets) those of @candidates that no account holds
 * and no item references any more. */
static gboolean
collect_free_blobs (SvCloudDbSqlite *self, GPtrArray *candidates, GPtrArray *freed, GError **error)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *sha = g_ptr_array_index (candidates, i);
      sqlite3_stmt *st = stmt (self, "SELECT 1 FROM account_blobs WHERE sha256 = ? LIMIT 1", error);
      gboolean held;

      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, sha, -1, SQLITE_TRANSIENT);
      held = sqlite3_step (st) == SQLITE_ROW;
      sqlite3_reset (st);
      if (held || sv_cloud_ops_blob_is_referenced (self->db, sha))
        continue;

      st = stmt (self, "DELETE FROM blobs WHERE sha256 = ?", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, sha, -1, SQLITE_TRANSIENT);
      if (!step_done (self, st, error))
        return FALSE;
      if (freed != NULL)
        g_ptr_array_add (freed, g_strdup (sha));
    }
  return TRUE;
}

static GPtrArray *
account_blob_hashes (SvCloudDbSqlite *self, gint64 account_id, GError **error)
{
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = stmt (self, "SELECT sha256 FROM account_blobs WHERE account_id = ?", error);
  int rc;

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, account_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (hashes, col_text (st, 0));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db);
      return NULL;
    }
  return g_steal_pointer (&hashes);
}

static gboolean
sqlite_account_delete (SvCloudDb *db, gint64 id, GPtrArray *freed_blobs, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GPtrArray) candidates = NULL;
  sqlite3_stmt *st;

  if (!begin (self, error))
    return FALSE;

  candidates = account_blob_hashes (self, id, error);
  if (candidates == NULL || !sv_cloud_ops_delete_account (self->db, id, candidates, error))
    goto fail;

  /* Sessions first, so the account's tokens stop working in this very commit. */
  st = stmt (self, "DELETE FROM sessions WHERE account_id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, id);
  if (!step_done (self, st, error))
    goto fail;
  st = stmt (self, "DELETE FROM account_blobs WHERE account_id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, id);
  if (!step_done (self, st, error))
    goto fail;
  st = stmt (self, "DELETE FROM accounts WHERE id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, id);
  if (!step_done (self, st, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no such account."));
      goto fail;
    }
  if (!collect_free_blobs (self, candidates, freed_blobs, error))
    goto fail;
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_recovery_codes_set (SvCloudDb *db, gint64 id, GPtrArray *code_hashes, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st;

  if (!begin (self, error))
    return FALSE;
  st = stmt (self, "DELETE FROM recovery_codes WHERE account_id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, id);
  if (!step_done (self, st, error))
    goto fail;
  for (guint i = 0; code_hashes != NULL && i < code_hashes->len; i++)
    {
      st = stmt (self, "INSERT OR IGNORE INTO recovery_codes (account_id, code_hash) VALUES (?, ?)",
                 error);
      if (st == NULL)
        goto fail;
      sqlite3_bind_int64 (st, 1, id);
      sqlite3_bind_text (st, 2, g_ptr_array_index (code_hashes, i), -1, SQLITE_TRANSIENT);
      if (!step_done (self, st, error))
        goto fail;
    }
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_recovery_code_use (SvCloudDb *db, gint64 id, const char *code_hash)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self, "DELETE FROM recovery_codes WHERE account_id = ? AND code_hash = ?", NULL);

  if (st == NULL || code_hash == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, id);
  sqlite3_bind_text (st, 2, code_hash, -1, SQLITE_TRANSIENT);
  if (!step_done (self, st, NULL))
    return FALSE;
  return sqlite3_changes (self->db) == 1;
}

/* ---- sessions ---- */

static char *
sqlite_session_create (SvCloudDb *db,
                       gint64 account_id,
                       const char *token_hash,
                       const char *device_name,
                       const char *client_address,
                       gint64 now_usec,
                       GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  guint8 raw[16];
  char id[33];
  sqlite3_stmt *st;

  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (id, sizeof id, raw, sizeof raw);

  st = stmt (self,
             "INSERT INTO sessions (id, account_id, token_hash, device_name, client_address, "
             "created, last_seen)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)",
             error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, account_id);
  sqlite3_bind_text (st, 3, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, device_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 5, client_address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 6, now_usec);
  sqlite3_bind_int64 (st, 7, now_usec);
  if (!step_done (self, st, error))
    return NULL;
  return g_strdup (id);
}

static gboolean
sqlite_session_authenticate (SvCloudDb *db,
                             const char *token_hash,
                             gint64 now_usec,
                             gint64 *account_id_out,
                             char **session_id_out)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (self,
                           "SELECT s.id, s.account_id, s.last_seen, s.token_hash FROM sessions s"
                           " JOIN accounts a ON a.id = s.account_id"
                           " WHERE s.token_hash = ? AND a.disabled = 0",
                           NULL);
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  gint64 account_id = 0, last_seen = 0;

  if (st == NULL || token_hash == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, token_hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      id = col_text (st, 0);
      account_id = sqlite3_column_int64 (st, 1);
      last_seen = sqlite3_column_int64 (st, 2);
      stored = col_text (st, 3);
    }
  sqlite3_reset (st);
  if (id == NULL || stored == NULL || strlen (stored) != strlen (token_hash) ||
      sodium_memcmp (stored, token_hash, strlen (token_hash)) != 0)
    return FALSE;

  /* Last seen at minute resolution: no write on every request. */
  if (now_usec - last_seen > G_TIME_SPAN_MINUTE)
    {
      st = stmt (self, "UPDATE sessions SET last_seen = ? WHERE id = ?", NULL);
      if (st != NULL)
        {
          sqlite3_bind_int64 (st, 1, now_usec);
          sqlite3_bind_text (st, 2, id, -1, SQLITE_TRANSIENT);
          step_done (self, st, NULL);
        }
    }
  if (account_id_out != NULL)
    *account_id_out = account_id;
  if (session_id_out != NULL)
    *session_id_out = g_steal_pointer (&id);
  return TRUE;
}

static GPtrArray *
sqlite_session_list (SvCloudDb *db, gint64 account_id, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GPtrArray) list =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_cloud_session_free);
  sqlite3_stmt *st =
      stmt (self,
            "SELECT id, device_name, client_address, created, last_seen FROM sessions"
            " WHERE account_id = ? ORDER BY created DESC, id",
            error);
  int rc;

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, account_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      SvCloudSession *session = g_new0 (SvCloudSession, 1);

      session->id = col_text (st, 0);
      session->account_id = account_id;
      session->device_name = col_text (st, 1);
      session->client_address = col_text (st, 2);
      session->created_usec = sqlite3_column_int64 (st, 3);
      session->last_seen_usec = sqlite3_column_int64 (st, 4);
      g_ptr_array_add (list, session);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
sqlite_session_revoke (SvCloudDb *db, gint64 account_id, const char *session_id, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (self, "DELETE FROM sessions WHERE id = ? AND account_id = ?", error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, account_id);
  if (!step_done (self, st, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no such session."));
      return FALSE;
    }
  return TRUE;
}

static gint
sqlite_session_revoke_others (SvCloudDb *db,
                              gint64 account_id,
                              const char *keep_session_id,
                              GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self, "DELETE FROM sessions WHERE account_id = ? AND id IS NOT ?", error);

  if (st == NULL)
    return -1;
  sqlite3_bind_int64 (st, 1, account_id);
  if (keep_session_id != NULL)
    sqlite3_bind_text (st, 2, keep_session_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, 2);
  if (!step_done (self, st, error))
    return -1;
  return sqlite3_changes (self->db);
}

/* ---- blobs ---- */

static SvCloudBlobInfo *
blob_from_row (sqlite3_stmt *st)
{
  SvCloudBlobInfo *info = g_new0 (SvCloudBlobInfo, 1);

  info->sha256 = col_text (st, 0);
  info->size = sqlite3_column_int64 (st, 1);
  info->kind = col_text (st, 2);
  info->variant = col_text (st, 3);
  info->created_usec = sqlite3_column_int64 (st, 4);
  return info;
}

static SvCloudBlobInfo *
sqlite_blob_lookup (SvCloudDb *db, gint64 account_id, const char *sha256)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (self,
                           "SELECT sha256, size, kind, variant, created FROM account_blobs"
                           " WHERE account_id = ? AND sha256 = ?",
                           NULL);
  SvCloudBlobInfo *info = NULL;

  if (st == NULL || sha256 == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    info = blob_from_row (st);
  sqlite3_reset (st);
  return info;
}

static gboolean
sqlite_blob_add (SvCloudDb *db, gint64 account_id, const SvCloudBlobInfo *info, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st;

  if (!begin (self, error))
    return FALSE;
  st = stmt (self, "INSERT OR IGNORE INTO blobs (sha256, size, kind, created) VALUES (?, ?, ?, ?)",
             error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text (st, 1, info->sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, info->size);
  sqlite3_bind_text (st, 3, info->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 4, info->created_usec);
  if (!step_done (self, st, error))
    goto fail;
  st = stmt (self,
             "INSERT INTO account_blobs (account_id, sha256, size, kind, variant, created) VALUES "
             "(?, ?, ?, ?, ?, ?)"
             " ON CONFLICT (account_id, sha256) DO UPDATE SET variant = excluded.variant",
             error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, info->sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 3, info->size);
  sqlite3_bind_text (st, 4, info->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 5, info->variant != NULL ? info->variant : "original", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 6, info->created_usec);
  if (!step_done (self, st, error))
    goto fail;
  st = stmt (self, "DELETE FROM uploads WHERE account_id = ? AND sha256 = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, info->sha256, -1, SQLITE_TRANSIENT);
  if (!step_done (self, st, error) || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_blob_usage (SvCloudDb *db,
                   gint64 account_id,
                   gint64 *photo_bytes,
                   gint64 *video_bytes,
                   GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self, "SELECT kind, bytes FROM account_usage WHERE account_id = ?", error);
  gint64 photo = 0, video = 0;
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, account_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (st, 0);

      if (g_strcmp0 (kind, "photo") == 0)
        photo = sqlite3_column_int64 (st, 1);
      else if (g_strcmp0 (kind, "video") == 0)
        video = sqlite3_column_int64 (st, 1);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db);
      return FALSE;
    }
  if (photo_bytes != NULL)
    *photo_bytes = photo;
  if (video_bytes != NULL)
    *video_bytes = video;
  return TRUE;
}

static GPtrArray *
sqlite_blob_list (SvCloudDb *db, gint64 account_id, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GPtrArray) list =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_cloud_blob_info_free);
  sqlite3_stmt *st;
  int rc;

  if (account_id > 0)
    {
      st = stmt (self,
                 "SELECT sha256, size, kind, variant, created FROM account_blobs WHERE account_id "
                 "= ? ORDER BY sha256",
                 error);
      if (st != NULL)
        sqlite3_bind_int64 (st, 1, account_id);
    }
  else
    {
      st = stmt (self, "SELECT sha256, size, kind, 'original', created FROM blobs ORDER BY sha256",
                 error);
    }
  if (st == NULL)
    return NULL;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (list, blob_from_row (st));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ---- uploads ---- */

static gboolean
sqlite_upload_get (SvCloudDb *db, gint64 account_id, const char *sha256, gint64 *total_out)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self, "SELECT total FROM uploads WHERE account_id = ? AND sha256 = ?", NULL);
  gboolean found = FALSE;

  if (st == NULL || sha256 == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      found = TRUE;
      if (total_out != NULL)
        *total_out = sqlite3_column_int64 (st, 0);
    }
  sqlite3_reset (st);
  return found;
}

static gboolean
sqlite_upload_set (SvCloudDb *db,
                   gint64 account_id,
                   const char *sha256,
                   gint64 total,
                   gint64 now_usec,
                   GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st =
      stmt (self,
            "INSERT INTO uploads (account_id, sha256, total, updated) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (account_id, sha256) DO UPDATE SET total = excluded.total, updated = "
            "excluded.updated",
            error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 3, total);
  sqlite3_bind_int64 (st, 4, now_usec);
  return step_done (self, st, error);
}

static void
sqlite_upload_remove (SvCloudDb *db, gint64 account_id, const char *sha256)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3_stmt *st = stmt (self, "DELETE FROM uploads WHERE account_id = ? AND sha256 = ?", NULL);

  if (st == NULL || sha256 == NULL)
    return;
  sqlite3_bind_int64 (st, 1, account_id);
  sqlite3_bind_text (st, 2, sha256, -1, SQLITE_TRANSIENT);
  step_done (self, st, NULL);
}

/* ---- operations ---- */

static JsonNode *
sqlite_ops_apply (SvCloudDb *db,
                  gint64 account_id,
                  const char *device_id,
                  JsonArray *ops,
                  SvCloudBlobCheckFunc check_blob,
                  gpointer user_data,
                  GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  SvCloudOpsHooks hooks = { 0 };

  hooks.check_blob = check_blob;
  hooks.user_data = user_data;
  return sv_cloud_ops_apply (self->db, account_id, device_id, ops, &hooks, error);
}

static char *
sqlite_ops_changes (SvCloudDb *db, gint64 account_id, gint64 since, guint limit, GError **error)
{
  return sv_cloud_ops_changes_text (SV_CLOUD_DB_SQLITE (db)->db, account_id, since, limit, error);
}

static JsonNode *
sqlite_ops_export (SvCloudDb *db, gint64 account_id, GError **error)
{
  return sv_cloud_ops_export (SV_CLOUD_DB_SQLITE (db)->db, account_id, error);
}

static gboolean
sqlite_purge_expired (SvCloudDb *db,
                      gint64 now_usec,
                      gint64 retention_usec,
                      gint64 grace_usec,
                      GPtrArray *freed_blobs,
                      GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  g_autoptr (GPtrArray) unreferenced = g_ptr_array_new_with_free_func (g_free);

  if (!begin (self, error))
    return FALSE;
  if (!sv_cloud_ops_purge_expired (self->db, now_usec, retention_usec, unreferenced, error))
    goto fail;

  /* Accounts keep freshly uploaded blobs an item may still be created for. */
  for (guint i = 0; i < unreferenced->len; i++)
    {
      sqlite3_stmt *st =
          stmt (self, "DELETE FROM account_blobs WHERE sha256 = ? AND created < ?", error);

      if (st == NULL)
        goto fail;
      sqlite3_bind_text (st, 1, g_ptr_array_index (unreferenced, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (st, 2, now_usec - grace_usec);
      if (!step_done (self, st, error))
        goto fail;
    }
  if (!collect_free_blobs (self, unreferenced, freed_blobs, error) || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* ---- backup ---- */

static gboolean
sqlite_backup (SvCloudDb *db, const char *dest_path, GError **error)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (db);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  if (sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not create the backup file “%s”: %s"),
                   dest_path, dest ? sqlite3_errmsg (dest) : "?");
      sqlite3_close (dest);
      return FALSE;
    }
  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      set_db_error (error, dest);
      sqlite3_close (dest);
      return FALSE;
    }
  /* Whole copy in one step: a consistent snapshot even while the server writes. */
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, SV_ERROR, rc == SQLITE_FULL ? SV_ERROR_DISK_FULL : SV_ERROR_DATABASE,
                   _ ("Could not write the backup file “%s”: %s"), dest_path, sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }
  if (sqlite3_exec (dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (error, dest);
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_close (dest);
  return TRUE;
}

static void
cloud_db_iface_init (SvCloudDbInterface *iface)
{
  iface->account_create = sqlite_account_create;
  iface->account_lookup = sqlite_account_lookup;
  iface->account_get = sqlite_account_get;
  iface->account_list = sqlite_account_list;
  iface->account_update = sqlite_account_update;
  iface->account_use_totp_step = sqlite_account_use_totp_step;
  iface->account_delete = sqlite_account_delete;
  iface->recovery_codes_set = sqlite_recovery_codes_set;
  iface->recovery_code_use = sqlite_recovery_code_use;
  iface->session_create = sqlite_session_create;
  iface->session_authenticate = sqlite_session_authenticate;
  iface->session_list = sqlite_session_list;
  iface->session_revoke = sqlite_session_revoke;
  iface->session_revoke_others = sqlite_session_revoke_others;
  iface->blob_lookup = sqlite_blob_lookup;
  iface->blob_add = sqlite_blob_add;
  iface->blob_usage = sqlite_blob_usage;
  iface->blob_list = sqlite_blob_list;
  iface->upload_get = sqlite_upload_get;
  iface->upload_set = sqlite_upload_set;
  iface->upload_remove = sqlite_upload_remove;
  iface->ops_apply = sqlite_ops_apply;
  iface->ops_changes = sqlite_ops_changes;
  iface->ops_export = sqlite_ops_export;
  iface->purge_expired = sqlite_purge_expired;
  iface->backup = sqlite_backup;
}

static void
sv_cloud_db_sqlite_finalize (GObject *object)
{
  SvCloudDbSqlite *self = SV_CLOUD_DB_SQLITE (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  G_OBJECT_CLASS (sv_cloud_db_sqlite_parent_class)->finalize (object);
}

static void
sv_cloud_db_sqlite_class_init (SvCloudDbSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sv_cloud_db_sqlite_finalize;
}

static void
finalize_stmt (gpointer st)
{
  sqlite3_finalize (st);
}

static void
sv_cloud_db_sqlite_init (SvCloudDbSqlite *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

SvCloudDbSqlite *
sv_cloud_db_sqlite_open (const char *path, GError **error)
{
  g_autoptr (SvCloudDbSqlite) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SV_TYPE_CLOUD_DB_SQLITE, NULL);
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_DATABASE,
                   _ ("Could not open the server catalogue “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : "?");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 10000);
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
             error) ||
      !migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
sv_cloud_db_sqlite_check_backup (const char *path, GPtrArray *blobs, GError **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;
  int version = -1;

  g_return_val_if_fail (path != NULL, FALSE);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("“%s” is not a souvenir-cloud backup."),
                   path);
      goto out;
    }
  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step (st) != SQLITE_ROW ||
      g_strcmp0 ((const char *) sqlite3_column_text (st, 0), "ok") != 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The backup “%s” is damaged."), path);
      goto out;
    }
  sqlite3_finalize (st);
  st = NULL;
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  st = NULL;
  if (version > SV_CLOUD_DB_SQLITE_VERSION)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE,
                   _ ("The backup “%s” was made by a newer version of souvenir-cloud."), path);
      goto out;
    }
  if (version < 1 ||
      sqlite3_prepare_v2 (
          db, "SELECT sha256, size, kind, 'original', created FROM blobs ORDER BY sha256", -1, &st,
          NULL) != SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("“%s” is not a souvenir-cloud backup."),
                   path);
      goto out;
    }
  while (sqlite3_step (st) == SQLITE_ROW)
    if (blobs != NULL)
      g_ptr_array_add (blobs, blob_from_row (st));
  ok = TRUE;

out:
  sqlite3_finalize (st);
  sqlite3_close (db);
  return ok;
}
