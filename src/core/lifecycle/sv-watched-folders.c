/* sv-watched-folders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-watched-folders"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-watched-folders.h"

void
sv_watched_folder_free (SvWatchedFolder *folder)
{
  if (folder == NULL)
    return;
  g_free (folder->path);
  g_free (folder);
}

/* TRUE when @path is @ancestor or inside it. */
static gboolean
path_is_within (const char *path, const char *ancestor)
{
  gsize n = strlen (ancestor);

  if (strncmp (path, ancestor, n) != 0)
    return FALSE;
  if (n > 0 && ancestor[n - 1] == '/')
    return TRUE; /* "/" */
  return path[n] == '\0' || path[n] == '/';
}

static SvWatchedFolder *
folder_from_row (sqlite3_stmt *stmt)
{
  SvWatchedFolder *f = g_new0 (SvWatchedFolder, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->path = _sv_db_column_dup (stmt, 1);
  f->added_at = sqlite3_column_int64 (stmt, 2);
  f->last_scan = sqlite3_column_int64 (stmt, 3);
  return f;
}

static GPtrArray *
list_locked (SvDb *db, GError **error)
{
  g_autoptr (GPtrArray) folders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_watched_folder_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sv_db_prepare (
      db, "SELECT id, path, added_at, coalesce (last_scan, 0) FROM watched_folders ORDER BY path",
      error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (folders, folder_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&folders);
}

GPtrArray *
sv_watched_folders_list (SvCatalogue *catalogue, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  locker = _sv_catalogue_locker_new (catalogue, &db);
  return list_locked (db, error);
}

char *
sv_watched_folders_canonicalize (const char *path, GError **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *display = NULL;
  char *resolved;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  display = g_filename_display_name (absolute);
  resolved = realpath (absolute, NULL);
  if (resolved == NULL)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("The folder “%s” does not exist"),
                     display);
      else
        g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Cannot open the folder “%s”: %s"), display,
                     g_strerror (saved));
      return NULL;
    }
  if (g_stat (resolved, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("“%s” is not a folder"), display);
      free (resolved);
      return NULL;
    }
  {
    char *copy = g_strdup (resolved);

    free (resolved);
    return copy;
  }
}

SvWatchedFolder *
sv_watched_folders_add (SvCatalogue *catalogue,
                        const char *path,
                        GPtrArray *absorbed,
                        GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) existing = NULL;
  g_autofree char *canonical = NULL;
  SvWatchedFolder *added;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  canonical = sv_watched_folders_canonicalize (path, error);
  if (canonical == NULL)
    return NULL;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  existing = list_locked (db, error);
  if (existing == NULL)
    return NULL;
  for (guint i = 0; i < existing->len; i++)
    {
      SvWatchedFolder *f = g_ptr_array_index (existing, i);

      if (path_is_within (canonical, f->path))
        {
          g_autofree char *display = g_filename_display_name (canonical);
          g_autofree char *display_parent = g_filename_display_name (f->path);

          if (g_str_equal (canonical, f->path))
            g_set_error (error, SV_ERROR, SV_ERROR_DUPLICATE,
                         _ ("The folder “%s” is already watched"), display);
          else
            g_set_error (error, SV_ERROR, SV_ERROR_DUPLICATE,
                         _ ("The folder “%s” is already watched as part of “%s”"), display,
                         display_parent);
          return NULL;
        }
    }

  if (!_sv_db_begin (db, error))
    return NULL;
  for (guint i = 0; i < existing->len; i++)
    {
      SvWatchedFolder *f = g_ptr_array_index (existing, i);

      if (!path_is_within (f->path, canonical))
        continue;
      if (!_sv_db_exec_id (db, "DELETE FROM watched_folders WHERE id = ?1", f->id, error))
        goto rollback;
      if (absorbed != NULL)
        g_ptr_array_add (absorbed, g_strdup (f->path));
    }
  stmt = _sv_db_prepare (db, "INSERT INTO watched_folders (path, added_at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, canonical, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!_sv_db_step_done (db, stmt, error))
    goto rollback;
  added = g_new0 (SvWatchedFolder, 1);
  added->id = sqlite3_last_insert_rowid (db->db);
  added->path = g_steal_pointer (&canonical);
  added->added_at = now;
  if (!_sv_db_commit (db, error))
    {
      sv_watched_folder_free (added);
      return NULL;
    }
  return added;

rollback:
  _sv_db_rollback (db);
  return NULL;
}

gboolean
sv_watched_folders_remove (SvCatalogue *catalogue, const char *path, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *canonical = NULL;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  canonical = sv_watched_folders_canonicalize (path, NULL);

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db, "DELETE FROM watched_folders WHERE path IN (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, absolute, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, canonical ? canonical : absolute, -1, SQLITE_STATIC);
  if (!_sv_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db->db) == 0)
    {
      g_autofree char *display = g_filename_display_name (absolute);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("The folder “%s” is not watched"),
                   display);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_watched_folders_set_last_scan (SvCatalogue *catalogue,
                                  gint64 folder_id,
                                  gint64 when_usec,
                                  GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);

  locker = _sv_catalogue_locker_new (catalogue, &db);
  return _sv_db_exec_id2 (db, "UPDATE watched_folders SET last_scan = ?2 WHERE id = ?1", folder_id,
                          when_usec, error);
}
