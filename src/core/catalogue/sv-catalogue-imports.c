/* sv-catalogue-imports.c: the library's past imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-imports.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"

#define IMPORT_COLUMNS                                                                             \
  "SELECT m.id, m.started_at, coalesce (m.finished_at, 0), m.mode, m.files_seen, m.imported,"      \
  " m.duplicates, m.failed, m.bytes, m.cancelled,"                                                 \
  " (SELECT count(*) FROM items i WHERE i.import_id = m.id AND i.trashed_at IS NULL),"             \
  " (SELECT count(*) FROM import_errors e WHERE e.import_id = m.id)"                               \
  " FROM imports m"

void
sv_import_info_free (SvImportInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->mode);
  g_free (info);
}

static SvImportInfo *
info_from_row (sqlite3_stmt *stmt)
{
  SvImportInfo *info = g_new0 (SvImportInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->started_at = sqlite3_column_int64 (stmt, 1);
  info->finished_at = sqlite3_column_int64 (stmt, 2);
  info->mode = _sv_db_column_dup (stmt, 3);
  info->files_seen = (guint) sqlite3_column_int64 (stmt, 4);
  info->imported = (guint) sqlite3_column_int64 (stmt, 5);
  info->duplicates = (guint) sqlite3_column_int64 (stmt, 6);
  info->failed = (guint) sqlite3_column_int64 (stmt, 7);
  info->bytes = (guint64) MAX (sqlite3_column_int64 (stmt, 8), 0);
  info->cancelled = sqlite3_column_int (stmt, 9) != 0;
  info->n_live = (guint) sqlite3_column_int64 (stmt, 10);
  info->n_errors = (guint) sqlite3_column_int64 (stmt, 11);
  return info;
}

/**
 * sv_catalogue_list_imports:
 *
 * Returns: (transfer full) (element-type SvImportInfo): every import, newest
 * first, or %NULL on error
 */
GPtrArray *
sv_catalogue_list_imports (SvCatalogue *self, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) result = NULL;
  SvDb *db = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt = _sv_db_prepare (db, IMPORT_COLUMNS " ORDER BY m.started_at DESC, m.id DESC", error);
  if (stmt == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_import_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, info_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&result);
}

/**
 * sv_catalogue_get_import:
 *
 * Returns: (transfer full): the import, or %NULL with SV_ERROR_NOT_FOUND
 */
SvImportInfo *
sv_catalogue_get_import (SvCatalogue *self, gint64 import_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvImportInfo *info = NULL;
  SvDb *db = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt = _sv_db_prepare (db, IMPORT_COLUMNS " WHERE m.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = info_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _sv_db_set_error (db, rc, error);
  else
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, import_id);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no import number %s"), number);
    }
  sqlite3_reset (stmt);
  return info;
}
