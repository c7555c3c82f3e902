/* sv-catalogue-trash.c: trash records in the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-lifecycle-private.h"
#include "sv-catalogue-trash.h"
#include "sv-error.h"

void
sv_trash_file_free (SvTrashFile *file)
{
  if (file == NULL)
    return;
  g_free (file->sha256);
  g_free (file->role);
  g_free (file->path);
  g_free (file->original_path);
  g_free (file);
}

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

GPtrArray *
sv_catalogue_trash_list_files (SvCatalogue *self, gint64 item_id, GError **error)
{
  g_autoptr (SvLcConn) conn = NULL;
  g_autoptr (GPtrArray) files = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  conn = _sv_lc_conn_lock (self, error);
  if (conn == NULL)
    return NULL;
  db = _sv_lc_conn_db (conn);
  stmt = _sv_db_prepare (db,
                         "SELECT l.id, f.item_id, f.sha256, f.role, l.path, t.original_path,"
                         " l.managed, l.missing FROM files AS f"
                         " JOIN locations AS l ON l.file_id = f.id"
                         " LEFT JOIN trash_moves AS t ON t.location_id = l.id"
                         " WHERE f.item_id = ?1 ORDER BY f.role != 'original', f.id, l.id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_trash_file_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvTrashFile *f = g_new0 (SvTrashFile, 1);

      f->location_id = sqlite3_column_int64 (stmt, 0);
      f->item_id = sqlite3_column_int64 (stmt, 1);
      f->sha256 = column_dup (stmt, 2);
      f->role = column_dup (stmt, 3);
      f->path = column_dup (stmt, 4);
      f->original_path = column_dup (stmt, 5);
      f->managed = sqlite3_column_int (stmt, 6) != 0;
      f->missing = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (files, f);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&files);
}

gboolean
sv_catalogue_trash_record_move (SvCatalogue *self,
                                gint64 location_id,
                                const char *new_path,
                                GError **error)
{
  g_autoptr (SvLcConn) conn = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (new_path != NULL && g_path_is_absolute (new_path), FALSE);

  conn = _sv_lc_conn_lock (self, error);
  if (conn == NULL)
    return FALSE;
  db = _sv_lc_conn_db (conn);
  if (!_sv_lc_begin (conn, error))
    return FALSE;
  /* A location moved twice keeps its first original. */
  stmt = _sv_db_prepare (db,
                         "INSERT OR IGNORE INTO trash_moves (location_id, original_path, moved_at)"
                         " SELECT id, path, ?2 FROM locations WHERE id = ?1",
                         error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, location_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (!_sv_db_step_done (db, stmt, error))
    goto fail;
  stmt = _sv_db_prepare (db, "UPDATE locations SET path = ?2, missing = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, location_id);
  sqlite3_bind_text (stmt, 2, new_path, -1, SQLITE_STATIC);
  if (!_sv_db_step_done (db, stmt, error))
    goto fail;
  if (sqlite3_changes (db->db) == 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                   _ ("The file is no longer recorded in the library"));
      goto fail;
    }
  return _sv_lc_commit (conn, error);

fail:
  _sv_lc_rollback (conn);
  return FALSE;
}

gboolean
sv_catalogue_trash_record_restore (SvCatalogue *self,
                                   gint64 location_id,
                                   const char *path,
                                   GError **error)
{
  g_autoptr (SvLcConn) conn = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), FALSE);

  conn = _sv_lc_conn_lock (self, error);
  if (conn == NULL)
    return FALSE;
  db = _sv_lc_conn_db (conn);
  if (!_sv_lc_begin (conn, error))
    return FALSE;
  stmt = _sv_db_prepare (db, "UPDATE locations SET path = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, location_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  if (!_sv_db_step_done (db, stmt, error))
    goto fail;
  stmt = _sv_db_prepare (db, "DELETE FROM trash_moves WHERE location_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, location_id);
  if (!_sv_db_step_done (db, stmt, error))
    goto fail;
  return _sv_lc_commit (conn, error);

fail:
  _sv_lc_rollback (conn);
  return FALSE;
}

gboolean
sv_catalogue_trash_path_in_use (SvCatalogue *self, const char *path)
{
  g_autoptr (SvLcConn) conn = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  conn = _sv_lc_conn_lock (self, NULL);
  if (conn == NULL)
    return TRUE; /* cannot tell: do not take the name */
  stmt = _sv_db_prepare (_sv_lc_conn_db (conn), "SELECT 1 FROM locations WHERE path = ?1", NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

GArray *
sv_catalogue_trash_list_items (SvCatalogue *self, gint64 trashed_before_usec, GError **error)
{
  g_autoptr (SvLcConn) conn = NULL;
  g_autoptr (GArray) ids = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  conn = _sv_lc_conn_lock (self, error);
  if (conn == NULL)
    return NULL;
  db = _sv_lc_conn_db (conn);
  stmt = _sv_db_prepare (db,
                         "SELECT id FROM items WHERE trashed_at IS NOT NULL"
                         " AND (?1 <= 0 OR trashed_at < ?1) ORDER BY trashed_at, id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, trashed_before_usec);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
sv_catalogue_trash_get_trashed_at (SvCatalogue *self, gint64 item_id)
{
  g_autoptr (SvLcConn) conn = NULL;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), -1);

  conn = _sv_lc_conn_lock (self, NULL);
  if (conn == NULL)
    return -1;
  stmt = _sv_db_prepare (_sv_lc_conn_db (conn), "SELECT trashed_at FROM items WHERE id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}
