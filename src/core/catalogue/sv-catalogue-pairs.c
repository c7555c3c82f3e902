/* sv-catalogue-pairs.c: RAW+JPEG pairs become one item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue-pairs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sv-catalogue-pairs.h"
#include "sv-catalogue-private.h"

static const char *const raw_formats[] = { "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf",
                                           "sr2", "raf", "orf", "rw2", "pef", "srw", NULL };

gboolean
sv_catalogue_format_is_raw (const char *format)
{
  return format != NULL && g_strv_contains (raw_formats, format);
}

typedef struct
{
  gint64 item_id;
  gint64 import_id;
  gint64 n_files;
  char *format;
  char *taken; /* to the second */
  char *path;
} Side;

static void
side_clear (Side *s)
{
  g_free (s->format);
  g_free (s->taken);
  g_free (s->path);
  memset (s, 0, sizeof *s);
}

/* The item's original file where it is (the first location), with what
 * pairing needs. FALSE when the item is trashed, gone or has no location. */
static gboolean
load_side (SvDb *db, gint64 item_id, Side *s, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt =
      _sv_db_prepare (db,
                      "SELECT i.id, i.import_id, f.format, substr(i.taken_local, 1, 19), l.path,"
                      " (SELECT count(*) FROM files WHERE item_id = i.id)"
                      " FROM items AS i JOIN files AS f ON f.item_id = i.id AND f.role = 'original'"
                      " JOIN locations AS l ON l.file_id = f.id"
                      " WHERE i.id = ?1 AND i.trashed_at IS NULL ORDER BY l.id LIMIT 1",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      s->item_id = sqlite3_column_int64 (stmt, 0);
      s->import_id = sqlite3_column_int64 (stmt, 1);
      s->format = _sv_db_column_dup (stmt, 2);
      s->taken = _sv_db_column_dup (stmt, 3);
      s->path = _sv_db_column_dup (stmt, 4);
      s->n_files = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);
  return rc == SQLITE_ROW;
}

/* "/a/IMG_0001.CR2" → "/a/IMG_0001."; NULL without an extension. */
static char *
stem_with_dot (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *dot = strrchr (path, '.');

  if (slash == NULL || dot == NULL || dot < slash || dot == slash + 1)
    return NULL;
  return g_strndup (path, (gsize) (dot - path) + 1);
}

/* Items other than @s->item_id with a location "<stem>.<ext>" (any single
 * extension): the candidates for its other half. Uses the index on
 * locations.path ('/' sorts right after '.'). */
static GArray *
find_namesakes (SvDb *db, const Side *s, GError **error)
{
  g_autofree char *stem = stem_with_dot (s->path);
  g_autofree char *upper = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (stem == NULL)
    return g_steal_pointer (&ids);
  upper = g_strdup (stem);
  upper[strlen (upper) - 1] = '/';

  stmt = _sv_db_prepare (db,
                         "SELECT DISTINCT f.item_id, l.path FROM locations AS l"
                         " JOIN files AS f ON f.id = l.file_id"
                         " WHERE l.path >= ?1 AND l.path < ?2 AND f.item_id != ?3"
                         " AND f.role = 'original'",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, stem, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, s->item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 1);
      const char *ext = path != NULL ? path + strlen (stem) : NULL;

      /* One more extension only: "IMG_0001.CR2" does not pair with
       * "IMG_0001.edit.jpg". */
      if (ext != NULL && *ext != '\0' && strchr (ext, '.') == NULL && strchr (ext, '/') == NULL)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static gboolean
merge_locked (SvDb *db, gint64 raw_item, gint64 jpeg_item, GError **error)
{
  /* The RAW file joins the JPEG's item; touching its locations' paths
   * refreshes the search index of the item (its file names). */
  if (!_sv_db_exec_id2 (db, "UPDATE files SET item_id = ?2, role = 'raw' WHERE item_id = ?1",
                        raw_item, jpeg_item, error))
    return FALSE;
  if (!_sv_db_exec_id (db,
                       "UPDATE locations SET path = path WHERE file_id IN"
                       " (SELECT id FROM files WHERE item_id = ?1 AND role = 'raw')",
                       jpeg_item, error))
    return FALSE;
  return _sv_db_exec_id (db, "DELETE FROM items WHERE id = ?1", raw_item, error);
}

/* Finds the other half of @item_id and merges the pair when it may.
 * Returns the JPEG item's id when @item_id was the RAW item merged away,
 * -1 on error, 0 otherwise. */
static gint64
pair_one_locked (SvDb *db,
                 gint64 import_id,
                 gint64 item_id,
                 GArray *changed,
                 GArray *removed,
                 GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GArray) namesakes = NULL;
  Side self = { 0 };
  gint64 result = 0;

  if (!load_side (db, item_id, &self, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      return 0;
    }
  if (self.taken == NULL || self.n_files != 1 ||
      (!sv_catalogue_format_is_raw (self.format) && g_strcmp0 (self.format, "jpeg") != 0))
    goto out;

  namesakes = find_namesakes (db, &self, error);
  if (namesakes == NULL)
    {
      result = -1;
      goto out;
    }
  for (guint i = 0; i < namesakes->len; i++)
    {
      Side other = { 0 };
      const Side *raw, *jpeg;
      gboolean ok;

      if (!load_side (db, g_array_index (namesakes, gint64, i), &other, &local_error))
        {
          side_clear (&other);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              result = -1;
              goto out;
            }
          continue;
        }
      raw = sv_catalogue_format_is_raw (self.format) ? &self : &other;
      jpeg = raw == &self ? &other : &self;
      ok = other.n_files == 1 && sv_catalogue_format_is_raw (raw->format) &&
           g_strcmp0 (jpeg->format, "jpeg") == 0 && g_strcmp0 (other.taken, self.taken) == 0 &&
           raw->import_id == import_id && import_id > 0;
      if (ok)
        {
          gint64 raw_id = raw->item_id, jpeg_id = jpeg->item_id;

          side_clear (&other);
          if (!merge_locked (db, raw_id, jpeg_id, error))
            {
              result = -1;
              goto out;
            }
          g_array_append_val (removed, raw_id);
          g_array_append_val (changed, jpeg_id);
          g_debug ("Paired RAW item %" G_GINT64_FORMAT " with JPEG item %" G_GINT64_FORMAT, raw_id,
                   jpeg_id);
          result = raw_id == item_id ? jpeg_id : 0;
          goto out;
        }
      side_clear (&other);
    }

out:
  side_clear (&self);
  return result;
}

static int
id_index (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return (int) i;
  return -1;
}

gboolean
sv_catalogue_pair_raw_files (SvCatalogue *self,
                             gint64 import_id,
                             const gint64 *item_ids,
                             guint n,
                             gint64 *paired_into,
                             GArray *merged_away,
                             GError **error)
{
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  SvDb *db = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (item_ids != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (paired_into != NULL)
    memset (paired_into, 0, sizeof (gint64) * n);
  if (n == 0)
    return TRUE;

  {
    g_autoptr (SvCatalogueLocker) locker = _sv_catalogue_locker_new (self, &db);

    if (!_sv_db_begin (db, error))
      return FALSE;
    for (guint i = 0; i < n; i++)
      {
        if (item_ids[i] <= 0 || id_index (removed, item_ids[i]) >= 0)
          continue;
        if (pair_one_locked (db, import_id, item_ids[i], changed, removed, error) < 0)
          return _sv_db_rollback (db);
      }
    if (!_sv_db_commit (db, error))
      return FALSE;
  }

  if (paired_into != NULL)
    for (guint i = 0; i < n; i++)
      {
        int j = id_index (removed, item_ids[i]);

        if (j >= 0)
          paired_into[i] = g_array_index (changed, gint64, j);
      }

  if (merged_away != NULL)
    g_array_append_vals (merged_away, removed->data, removed->len);
  _sv_catalogue_emit_changed (self, NULL, g_steal_pointer (&changed), g_steal_pointer (&removed));
  return TRUE;
}
