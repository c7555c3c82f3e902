/* sv-catalogue-trash.c: trash records in the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-private.h"
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

GPtrArray *
sv_catalogue_trash_list_files (SvCatalogue *self, gint64 item_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) files = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
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
      f->sha256 = _sv_db_column_dup (stmt, 2);
      f->role = _sv_db_column_dup (stmt, 3);
      f->path = _sv_db_column_dup (stmt, 4);
      f->original_path = _sv_db_column_dup (stmt, 5);
      f->managed = sqlite3_column_int (stmt, 6) != 0;
      f->missing = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (files, f);
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&files);
}

/* Runs @sql with ?1 bound to @location_id and ?2 to @path. */
static gboolean
set_location_path (SvDb *db, const char *sql, gint64 location_id, const char *path, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, location_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_trash_record_move (SvCatalogue *self,
                                gint64 location_id,
                                const char *new_path,
                                GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (new_path != NULL && g_path_is_absolute (new_path), FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;
  /* A location moved twice keeps its first original. */
  if (!_sv_db_exec_id2 (db,
                        "INSERT OR IGNORE INTO trash_moves (location_id, original_path, moved_at)"
                        " SELECT id, path, ?2 FROM locations WHERE id = ?1",
                        location_id, g_get_real_time (), error) ||
      !set_location_path (db, "UPDATE locations SET path = ?2, missing = 0 WHERE id = ?1",
                          location_id, new_path, error))
    return _sv_db_rollback (db);
  if (sqlite3_changes (db->db) == 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                   _ ("The file is no longer recorded in the library"));
      return _sv_db_rollback (db);
    }
  return _sv_db_commit (db, error);
}

gboolean
sv_catalogue_trash_record_restore (SvCatalogue *self,
                                   gint64 location_id,
                                   const char *path,
                                   GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;
  if (!set_location_path (db, "UPDATE locations SET path = ?2 WHERE id = ?1", location_id, path,
                          error) ||
      !_sv_db_exec_id (db, "DELETE FROM trash_moves WHERE location_id = ?1", location_id, error))
    return _sv_db_rollback (db);
  return _sv_db_commit (db, error);
}

gboolean
sv_catalogue_trash_path_in_use (SvCatalogue *self, const char *path)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  gboolean found;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt = _sv_db_prepare (db, "SELECT 1 FROM locations WHERE path = ?1", NULL);
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
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  return _sv_db_query_ids (db,
                           "SELECT id FROM items WHERE trashed_at IS NOT NULL"
                           " AND (?1 <= 0 OR trashed_at < ?1) ORDER BY trashed_at, id",
                           trashed_before_usec, error);
}

gint64
sv_catalogue_trash_get_trashed_at (SvCatalogue *self, gint64 item_id)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  gint64 value = -1;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), -1);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt = _sv_db_prepare (db, "SELECT trashed_at FROM items WHERE id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}
