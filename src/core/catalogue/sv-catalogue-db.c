/* sv-catalogue-db.c: an SQLite connection with cached prepared statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-private.h"
#include "sv-error.h"

#define SV_DB_BUSY_TIMEOUT_MS 5000
/* Bound on cached statements (query variants); the cache is flushed past it. */
#define SV_DB_MAX_CACHED 256

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* Statements in the middle of a loop stay cached. */
static gboolean
stmt_is_idle (gpointer key, gpointer value, gpointer user_data)
{
  return !sqlite3_stmt_busy (value);
}

gboolean
_sv_db_set_error (SvDb *db, int rc, GError **error)
{
  int code = rc & 0xff;
  const char *msg = db != NULL && db->db != NULL ? sqlite3_errmsg (db->db) : sqlite3_errstr (rc);

  if (code == SQLITE_FULL)
    g_set_error (error, SV_ERROR, SV_ERROR_DISK_FULL,
                 _ ("The disk holding the library is full (%s)"), msg);
  else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The library catalogue is damaged (%s)"),
                 msg);
  else
    g_set_error (error, SV_ERROR, SV_ERROR_DATABASE,
                 _ ("The library catalogue reported an error: %s"), msg);
  return FALSE;
}

SvDb *
_sv_db_open (const char *path, int flags, GError **error)
{
  g_autoptr (SvDb) db = g_new0 (SvDb, 1);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  rc = sqlite3_open_v2 (path, &db->db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);

      if (db->db == NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_DATABASE,
                       _ ("Could not open the library catalogue “%s”: %s"), display,
                       sqlite3_errstr (rc));
        }
      else
        {
          g_set_error (error, SV_ERROR, SV_ERROR_DATABASE,
                       _ ("Could not open the library catalogue “%s”: %s"), display,
                       sqlite3_errmsg (db->db));
        }
      return NULL;
    }
  sqlite3_busy_timeout (db->db, SV_DB_BUSY_TIMEOUT_MS);
  return g_steal_pointer (&db);
}

gboolean
_sv_db_configure (SvDb *db, gboolean read_only, GError **error)
{
  /* Switching a new file to WAL needs an exclusive lock, and SQLite answers
   * SQLITE_BUSY at once, without the busy handler, while another connection
   * (another process opening the same new library) holds one: wait for it
   * here as the busy timeout would. */
  if (!read_only)
    {
      gint64 deadline = g_get_monotonic_time () + (gint64) SV_DB_BUSY_TIMEOUT_MS * 1000;
      int rc;

      while ((rc = sqlite3_exec (db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) !=
             SQLITE_OK)
        {
          if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
            return _sv_db_set_error (db, rc, error);
          g_usleep (2000);
        }
    }
  return _sv_db_exec (db,
                      "PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA busy_timeout = 5000;"
                      "PRAGMA temp_store = MEMORY",
                      error);
}

void
_sv_db_free (SvDb *db)
{
  if (db == NULL)
    return;
  g_clear_pointer (&db->stmts, g_hash_table_unref);
  if (db->db != NULL)
    sqlite3_close_v2 (db->db);
  g_free (db);
}

sqlite3_stmt *
_sv_db_prepare (SvDb *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL && sql != NULL, NULL);

  stmt = g_hash_table_lookup (db->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (g_hash_table_size (db->stmts) >= SV_DB_MAX_CACHED)
    g_hash_table_foreach_remove (db->stmts, stmt_is_idle, NULL);
  rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  g_hash_table_insert (db->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_sv_db_exec (SvDb *db, const char *sql, GError **error)
{
  char *errmsg = NULL;
  int rc;

  g_return_val_if_fail (db != NULL && sql != NULL, FALSE);

  rc = sqlite3_exec (db->db, sql, NULL, NULL, &errmsg);
  sqlite3_free (errmsg);
  if (rc != SQLITE_OK)
    return _sv_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
_sv_db_step_done (SvDb *db, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_sv_db_rows_done (SvDb *db, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
_sv_db_exec_id (SvDb *db, const char *sql, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
_sv_db_exec_id2 (SvDb *db, const char *sql, gint64 a, gint64 b, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return _sv_db_step_done (db, stmt, error);
}

GArray *
_sv_db_query_ids (SvDb *db, const char *sql, gint64 id, GError **error)
{
  g_autoptr (GArray) ids = NULL;
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, v);
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

char *
_sv_db_column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

gboolean
_sv_db_begin (SvDb *db, GError **error)
{
  return _sv_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
_sv_db_commit (SvDb *db, GError **error)
{
  if (_sv_db_exec (db, "COMMIT", error))
    return TRUE;
  return _sv_db_rollback (db);
}

gboolean
_sv_db_rollback (SvDb *db)
{
  if (!sqlite3_get_autocommit (db->db))
    _sv_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/* The locker is the catalogue itself, as with GMutexLocker. */
SvCatalogueLocker *
_sv_catalogue_locker_new (SvCatalogue *self, SvDb **db)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (db != NULL, NULL);

  *db = _sv_catalogue_lock_db (self);
  return (SvCatalogueLocker *) self;
}

void
_sv_catalogue_locker_free (SvCatalogueLocker *locker)
{
  if (locker != NULL)
    _sv_catalogue_unlock_db ((SvCatalogue *) locker);
}
