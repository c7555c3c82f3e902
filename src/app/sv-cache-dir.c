/* sv-cache-dir.c: measure and clear the thumbnail cache folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both walk the tree in a worker thread, never follow symbolic links (a link
 * planted in the cache must not make "Clear" delete files elsewhere) and stop
 * at a fixed depth.
 */
#define G_LOG_DOMAIN "sv-cache-dir"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-cache-dir.h"

#define MAX_DEPTH 16
#define ATTRIBUTES                                                                                 \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE                                \
                                 "," G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE                      \
                                 "," G_FILE_ATTRIBUTE_STANDARD_SIZE

/**
 * sv_cache_dir_get_default:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/souvenir`, which holds the
 * thumbnails and previews of every library
 */
GFile *
sv_cache_dir_get_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "souvenir", NULL);

  return g_file_new_for_path (path);
}

static gboolean
walk (GFile *dir,
      guint depth,
      gboolean delete,
      guint64 *total,
      GCancellable *cancellable,
      GError **error)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GError) local_error = NULL;

  if (depth > MAX_DEPTH)
    return TRUE;

  enumerator = g_file_enumerate_children (dir, ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, &local_error);
  if (enumerator == NULL)
    {
      /* A cache that does not exist yet is an empty cache. */
      if (depth == 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!walk (child, depth + 1, delete, total, cancellable, error))
            return FALSE;
          if (delete &&!g_file_delete (child, cancellable, error))
            return FALSE;
        }
      else
        {
          guint64 size =
              g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE);

          if (size == 0)
            size = (guint64) MAX (g_file_info_get_size (info), 0);
          *total += size;
          if (delete &&!g_file_delete (child, cancellable, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
measure_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GFile *dir = task_data;
  guint64 total = 0;
  GError *error = NULL;

  if (!walk (dir, 0, FALSE, &total, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  {
    guint64 *result = g_new (guint64, 1);

    *result = total;
    g_task_return_pointer (task, result, g_free);
  }
}

void
sv_cache_dir_measure_async (GFile *dir,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_cache_dir_measure_async);
  g_task_set_task_data (task, g_object_ref (dir), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, measure_worker);
}

gboolean
sv_cache_dir_measure_finish (GAsyncResult *result, guint64 *out_bytes, GError **error)
{
  g_autofree guint64 *bytes = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sv_cache_dir_measure_async,
                        FALSE);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes == NULL)
    return FALSE;
  if (out_bytes != NULL)
    *out_bytes = *bytes;
  return TRUE;
}

static void
clear_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GFile *dir = task_data;
  guint64 total = 0;
  g_autoptr (GError) error = NULL;

  if (!walk (dir, 0, TRUE, &total, cancellable, &error))
    {
      g_autofree char *name = g_file_get_parse_name (dir);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _ ("Could not clear the thumbnails in “%s”: %s"), name,
                                 error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
sv_cache_dir_clear_async (GFile *dir,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_cache_dir_clear_async);
  g_task_set_task_data (task, g_object_ref (dir), g_object_unref);
  g_task_run_in_thread (task, clear_worker);
}

gboolean
sv_cache_dir_clear_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sv_cache_dir_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
