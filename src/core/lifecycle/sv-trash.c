/* sv-trash.c: the library's trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-trash"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-catalogue-events.h"
#include "sv-catalogue-trash.h"
#include "sv-error.h"
#include "sv-events.h"
#include "sv-thumbnailer.h"
#include "sv-trash.h"

#define SV_TRASH_MAX_NAME_TRIES 10000

void
sv_trash_renamed_free (SvTrashRenamed *renamed)
{
  if (renamed == NULL)
    return;
  g_free (renamed->original_path);
  g_free (renamed->restored_path);
  g_free (renamed);
}

void
sv_trash_purge_result_init (SvTrashPurgeResult *result)
{
  g_return_if_fail (result != NULL);
  result->purged = g_array_new (FALSE, FALSE, sizeof (gint64));
  result->needs_permanent_deletion = g_array_new (FALSE, FALSE, sizeof (gint64));
  result->failures = g_ptr_array_new_with_free_func (g_free);
}

void
sv_trash_purge_result_clear (SvTrashPurgeResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->purged, g_array_unref);
  g_clear_pointer (&result->needs_permanent_deletion, g_array_unref);
  g_clear_pointer (&result->failures, g_ptr_array_unref);
}

/* ---- files ---- */

static gboolean
path_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* @format: a translated message with one %s, the file's name. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static gboolean
set_file_error (GError **error, int saved_errno, const char *format, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = NULL;

  message = g_strdup_printf (format, display);
  g_set_error (error, SV_ERROR, saved_errno == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO, "%s: %s",
               message, g_strerror (saved_errno));
  return FALSE;
}
#pragma GCC diagnostic pop

/* Copies @src to @dest on another file system: a temporary file next to
 * @dest, flushed, then linked in place (never over an existing file); the
 * modification time is kept. */
static gboolean
copy_across (const char *src, const char *dest, GError **error)
{
  g_autofree char *part = g_strconcat (dest, ".part", NULL);
  struct stat st;
  char buf[65536];
  int in, out, saved = 0;
  gboolean ok = TRUE;

  in = g_open (src, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return set_file_error (error, errno, _ ("Could not read “%s”"), src);
  if (fstat (in, &st) != 0)
    {
      saved = errno;
      close (in);
      return set_file_error (error, saved, _ ("Could not read “%s”"), src);
    }
  out = g_open (part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0)
    {
      saved = errno;
      close (in);
      return set_file_error (error, saved, _ ("Could not write “%s”"), part);
    }
  for (;;)
    {
      ssize_t r = read (in, buf, sizeof buf);
      ssize_t done = 0;

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          saved = errno, ok = FALSE;
          set_file_error (error, saved, _ ("Could not read “%s”"), src);
          break;
        }
      if (r == 0)
        break;
      while (done < r)
        {
          ssize_t w = write (out, buf + done, (size_t) (r - done));
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              saved = errno, ok = FALSE;
              break;
            }
          done += w;
        }
      if (!ok)
        {
          set_file_error (error, saved, _ ("Could not write “%s”"), part);
          break;
        }
    }
  if (ok)
    {
      struct timespec times[2] = { st.st_atim, st.st_mtim };
      futimens (out, times);
      if (fsync (out) != 0)
        {
          saved = errno, ok = FALSE;
          set_file_error (error, saved, _ ("Could not write “%s”"), part);
        }
    }
  close (in);
  if (close (out) != 0 && ok)
    {
      saved = errno, ok = FALSE;
      set_file_error (error, saved, _ ("Could not write “%s”"), part);
    }
  if (ok && link (part, dest) != 0)
    {
      saved = errno, ok = FALSE;
      set_file_error (error, saved, _ ("Could not write “%s”"), dest);
    }
  g_unlink (part);
  if (ok && g_unlink (src) != 0)
    {
      saved = errno;
      g_unlink (dest);
      return set_file_error (error, saved, _ ("Could not move “%s”"), src);
    }
  return ok;
}

/* Moves a file without ever replacing one: G_IO_ERROR_EXISTS when @dest is
 * taken. */
static gboolean
move_file (const char *src, const char *dest, GError **error)
{
  int saved;

  if (renameat2 (AT_FDCWD, src, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
    return TRUE;
  saved = errno;
  if (saved == EINVAL || saved == ENOSYS)
    {
      /* No RENAME_NOREPLACE here: a hard link cannot replace either. */
      if (link (src, dest) == 0)
        {
          if (g_unlink (src) != 0)
            {
              saved = errno;
              g_unlink (dest);
              return set_file_error (error, saved, _ ("Could not move “%s”"), src);
            }
          return TRUE;
        }
      saved = errno;
    }
  if (saved == EEXIST)
    {
      g_autofree char *display = g_filename_display_name (dest);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _ ("“%s” already exists"), display);
      return FALSE;
    }
  if (saved == EXDEV || saved == EPERM)
    return copy_across (src, dest, error);
  return set_file_error (error, saved, _ ("Could not move “%s”"), src);
}

/* "dir/name (k).ext" */
static char *
numbered_path (const char *path, guint k)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = NULL;
  const char *dot = strrchr (base, '.');

  if (k == 0)
    return g_strdup (path);
  if (dot != NULL && dot != base)
    name = g_strdup_printf ("%.*s (%u)%s", (int) (dot - base), base, k, dot);
  else
    name = g_strdup_printf ("%s (%u)", base, k);
  return g_build_filename (dir, name, NULL);
}

static char *
free_path (SvCatalogue *catalogue, const char *wanted)
{
  for (guint k = 0; k < SV_TRASH_MAX_NAME_TRIES; k++)
    {
      g_autofree char *candidate = numbered_path (wanted, k);

      if (!path_exists (candidate) && !sv_catalogue_trash_path_in_use (catalogue, candidate))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

static char *
item_trash_dir (SvCatalogue *catalogue, SvMediaItem *item)
{
  return g_build_filename (sv_catalogue_get_library_dir (catalogue), "trash",
                           sv_media_item_get_uuid (item), NULL);
}

/* ---- trashing ---- */

static gboolean
trash_one (SvCatalogue *catalogue, SvMediaItem *item, GError **error)
{
  gint64 id = sv_media_item_get_id (item);
  g_autoptr (GPtrArray) files = NULL;
  g_autofree char *dir = item_trash_dir (catalogue, item);

  files = sv_catalogue_trash_list_files (catalogue, id, error);
  if (files == NULL)
    return FALSE;
  for (guint k = 0; k < files->len; k++)
    {
      SvTrashFile *f = g_ptr_array_index (files, k);
      g_autofree char *base = NULL;
      g_autofree char *wanted = NULL;
      g_autofree char *dest = NULL;
      g_autoptr (GError) move_error = NULL;

      if (!f->managed || f->original_path != NULL || !path_exists (f->path))
        continue;
      if (g_mkdir_with_parents (dir, 0755) != 0)
        return set_file_error (error, errno, _ ("Could not create the folder “%s”"), dir);
      base = g_path_get_basename (f->path);
      wanted = g_build_filename (dir, base, NULL);
      dest = free_path (catalogue, wanted);
      if (dest == NULL)
        return set_file_error (error, EEXIST, _ ("Could not move “%s” to the trash"), f->path);
      if (!sv_catalogue_trash_record_move (catalogue, f->location_id, dest, error))
        return FALSE;
      if (!move_file (f->path, dest, &move_error))
        {
          g_autofree char *display = g_filename_display_name (f->path);

          sv_catalogue_trash_record_restore (catalogue, f->location_id, f->path, NULL);
          g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not move “%s” to the trash: %s"),
                       display, move_error->message);
          return FALSE;
        }
    }
  return sv_catalogue_set_trashed (catalogue, &id, 1, TRUE, error);
}

gboolean
sv_trash_items (SvCatalogue *catalogue, const gint64 *ids, guint n, GError **error)
{
  g_autoptr (GPtrArray) items = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);

  items = sv_catalogue_get_items (catalogue, ids, n, error);
  if (items == NULL)
    return FALSE;
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);

      if (sv_media_item_get_trashed_at (item) != 0)
        continue;
      if (!trash_one (catalogue, item, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- restoring ---- */

static gboolean
restore_one (SvCatalogue *catalogue, SvMediaItem *item, GPtrArray *renamed, GError **error)
{
  gint64 id = sv_media_item_get_id (item);
  g_autoptr (GPtrArray) files = NULL;
  g_autofree char *dir = item_trash_dir (catalogue, item);

  files = sv_catalogue_trash_list_files (catalogue, id, error);
  if (files == NULL)
    return FALSE;
  for (guint k = 0; k < files->len; k++)
    {
      SvTrashFile *f = g_ptr_array_index (files, k);
      g_autofree char *parent = NULL;
      g_autofree char *dest = NULL;

      if (f->original_path == NULL)
        continue;
      if (!path_exists (f->path))
        {
          /* Interrupted move, or the file went: point back at the original. */
          if (!sv_catalogue_trash_record_restore (catalogue, f->location_id, f->original_path,
                                                  error))
            return FALSE;
          continue;
        }
      parent = g_path_get_dirname (f->original_path);
      if (g_mkdir_with_parents (parent, 0755) != 0)
        return set_file_error (error, errno, _ ("Could not create the folder “%s”"), parent);
      for (guint tries = 0; dest == NULL && tries < 8; tries++)
        {
          g_autoptr (GError) move_error = NULL;
          g_autofree char *candidate = free_path (catalogue, f->original_path);

          if (candidate == NULL)
            break;
          if (move_file (f->path, candidate, &move_error))
            dest = g_steal_pointer (&candidate);
          else if (!g_error_matches (move_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            {
              g_propagate_error (error, g_steal_pointer (&move_error));
              return FALSE;
            }
        }
      if (dest == NULL)
        return set_file_error (error, EEXIST, _ ("Could not restore “%s”"), f->original_path);
      if (!sv_catalogue_trash_record_restore (catalogue, f->location_id, dest, error))
        return FALSE;
      if (renamed != NULL && g_strcmp0 (dest, f->original_path) != 0)
        {
          SvTrashRenamed *r = g_new0 (SvTrashRenamed, 1);

          r->item_id = id;
          r->original_path = g_strdup (f->original_path);
          r->restored_path = g_strdup (dest);
          g_ptr_array_add (renamed, r);
        }
    }
  g_rmdir (dir);
  return sv_catalogue_set_trashed (catalogue, &id, 1, FALSE, error);
}

gboolean
sv_trash_restore_items (SvCatalogue *catalogue,
                        const gint64 *ids,
                        guint n,
                        GPtrArray **renamed,
                        GError **error)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) renamed_list = NULL;
  g_autoptr (GArray) restored = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);

  if (renamed != NULL)
    *renamed = NULL;
  items = sv_catalogue_get_items (catalogue, ids, n, error);
  if (items == NULL)
    return FALSE;
  renamed_list = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_trash_renamed_free);
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);
      gint64 id = sv_media_item_get_id (item);

      if (sv_media_item_get_trashed_at (item) == 0)
        continue;
      if (!restore_one (catalogue, item, renamed_list, error))
        return FALSE;
      g_array_append_val (restored, id);
    }
  if (!sv_events_update_for_items (catalogue, (const gint64 *) (gpointer) restored->data,
                                   restored->len, error))
    return FALSE;
  if (renamed != NULL)
    *renamed = g_steal_pointer (&renamed_list);
  return TRUE;
}

/* ---- purging ---- */

/* @format: a translated message with one %s, the file's name. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
add_failure (SvTrashPurgeResult *result, const char *format, const char *path, const GError *error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *what = g_strdup_printf (format, display);

  g_ptr_array_add (result->failures, g_strdup_printf ("%s: %s", what, error->message));
}
#pragma GCC diagnostic pop

typedef enum
{
  PURGE_OK,
  PURGE_NEEDS_DELETE,
  PURGE_FAILED,
} PurgeOutcome;

static PurgeOutcome
purge_files (GPtrArray *files, SvTrashPurgeFlags flags, SvTrashPurgeResult *result)
{
  /* Referenced originals first: if one cannot go, nothing of the item does. */
  for (guint k = 0; k < files->len; k++)
    {
      SvTrashFile *f = g_ptr_array_index (files, k);
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) error = NULL;

      if (f->managed || f->original_path != NULL || !path_exists (f->path))
        continue;
      file = g_file_new_for_path (f->path);
      if (g_file_trash (file, NULL, &error))
        continue;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          if ((flags & SV_TRASH_PURGE_DELETE_PERMANENTLY) == 0)
            return PURGE_NEEDS_DELETE;
          g_clear_error (&error);
          if (g_file_delete (file, NULL, &error))
            continue;
          add_failure (result, _ ("Could not delete “%s”"), f->path, error);
          return PURGE_FAILED;
        }
      add_failure (result, _ ("Could not move “%s” to the desktop trash"), f->path, error);
      return PURGE_FAILED;
    }
  for (guint k = 0; k < files->len; k++)
    {
      SvTrashFile *f = g_ptr_array_index (files, k);

      if ((!f->managed && f->original_path == NULL) || !path_exists (f->path))
        continue;
      if (g_unlink (f->path) != 0)
        {
          g_autoptr (GError) error = NULL;
          int saved = errno;

          g_set_error_literal (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                               g_strerror (saved));
          add_failure (result, _ ("Could not delete “%s”"), f->path, error);
          return PURGE_FAILED;
        }
    }
  return PURGE_OK;
}

static gboolean
purge_ids (SvCatalogue *catalogue,
           GArray *ids,
           SvTrashPurgeFlags flags,
           SvTrashPurgeResult *result,
           GError **error)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (SvThumbnailer) thumbnailer = NULL;
  g_autofree char *cache_dir = NULL;

  if (ids->len == 0)
    return TRUE;
  items =
      sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, error);
  if (items == NULL)
    return FALSE;
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);
      gint64 id = sv_media_item_get_id (item);
      g_autoptr (GPtrArray) files = NULL;

      if (sv_media_item_get_trashed_at (item) == 0)
        continue;
      files = sv_catalogue_trash_list_files (catalogue, id, error);
      if (files == NULL)
        return FALSE;
      switch (purge_files (files, flags, result))
        {
          case PURGE_OK:
            g_array_append_val (result->purged, id);
            for (guint f = 0; f < files->len; f++)
              g_ptr_array_add (hashes,
                               g_strdup (((SvTrashFile *) g_ptr_array_index (files, f))->sha256));
            g_ptr_array_add (dirs, item_trash_dir (catalogue, item));
            break;
          case PURGE_NEEDS_DELETE:
            g_array_append_val (result->needs_permanent_deletion, id);
            break;
          case PURGE_FAILED:
          default:
            break;
        }
    }
  if (result->purged->len == 0)
    return TRUE;
  if (!sv_catalogue_delete_items (catalogue, (const gint64 *) (gpointer) result->purged->data,
                                  result->purged->len, TRUE, error))
    return FALSE;

  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  thumbnailer = sv_thumbnailer_new (cache_dir);
  for (guint k = 0; k < hashes->len; k++)
    if (sv_catalogue_lookup_hash (catalogue, g_ptr_array_index (hashes, k)) == 0)
      sv_thumbnailer_invalidate (thumbnailer, g_ptr_array_index (hashes, k));
  for (guint k = 0; k < dirs->len; k++)
    g_rmdir (g_ptr_array_index (dirs, k));
  return sv_catalogue_events_prune (catalogue, error);
}

gboolean
sv_trash_empty (SvCatalogue *catalogue,
                const gint64 *ids,
                guint n,
                SvTrashPurgeFlags flags,
                SvTrashPurgeResult *result,
                GError **error)
{
  g_autoptr (GArray) list = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  sv_trash_purge_result_init (result);
  if (ids == NULL)
    {
      list = sv_catalogue_trash_list_items (catalogue, 0, error);
      if (list == NULL)
        return FALSE;
    }
  else
    {
      list = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (list, ids, n);
    }
  return purge_ids (catalogue, list, flags, result, error);
}

int
sv_trash_get_retention_days (SvCatalogue *catalogue)
{
  g_autofree char *value = sv_catalogue_get_setting (catalogue, "trash-retention-days");
  gint64 days = 30;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, 36500, &days, NULL))
    days = 30;
  return (int) days;
}

gboolean
sv_trash_purge_expired (SvCatalogue *catalogue,
                        gint64 now_usec,
                        SvTrashPurgeFlags flags,
                        SvTrashPurgeResult *result,
                        GError **error)
{
  g_autoptr (GArray) list = NULL;
  gint64 cutoff;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  sv_trash_purge_result_init (result);
  if (now_usec <= 0)
    now_usec = g_get_real_time ();
  /* An item trashed exactly "retention" days ago is due. */
  cutoff = now_usec - (gint64) sv_trash_get_retention_days (catalogue) * G_USEC_PER_SEC * 86400 + 1;
  list = sv_catalogue_trash_list_items (catalogue, cutoff, error);
  if (list == NULL)
    return FALSE;
  return purge_ids (catalogue, list, flags, result, error);
}

int
sv_trash_days_left (gint64 trashed_at_usec, int retention_days, gint64 now_usec)
{
  gint64 due = trashed_at_usec + (gint64) retention_days * G_USEC_PER_SEC * 86400;
  gint64 left = due - now_usec;
  const gint64 day = G_USEC_PER_SEC * (gint64) 86400;

  if (left <= 0)
    return 0;
  return (int) MIN ((left + day - 1) / day, G_MAXINT);
}
