/* sv-volumes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-volumes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sv-error.h"
#include "sv-hash.h"
#include "sv-import-walk.h"
#include "sv-volumes.h"

#define CHILD_ATTRIBUTES                                                                           \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE                                \
                                 "," G_FILE_ATTRIBUTE_STANDARD_SIZE                                \
                                 "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN

void
sv_volume_free (SvVolume *volume)
{
  if (volume == NULL)
    return;
  g_free (volume->name);
  g_free (volume->root_path);
  g_free (volume->root_uri);
  g_free (volume->dcim_path);
  g_free (volume);
}

/* The child folder of @dir named "DCIM" in any case, or NULL. */
static GFile *
find_dcim_child (GFile *dir, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) e = NULL;
  GFileInfo *info;
  GFile *child;

  e = g_file_enumerate_children (dir, CHILD_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (e == NULL)
    return NULL;
  while (g_file_enumerator_iterate (e, &info, &child, cancellable, NULL) && info != NULL)
    if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY &&
        g_ascii_strcasecmp (g_file_info_get_name (info), "DCIM") == 0)
      return g_object_ref (child);
  return NULL;
}

static GFile *
find_dcim (GFile *root, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) e = NULL;
  GFileInfo *info;
  GFile *child;
  GFile *dcim = find_dcim_child (root, cancellable);

  if (dcim != NULL)
    return dcim;
  /* One level down: "Internal shared storage/DCIM", "Card/DCIM". */
  e = g_file_enumerate_children (root, CHILD_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (e == NULL)
    return NULL;
  while (g_file_enumerator_iterate (e, &info, &child, cancellable, NULL) && info != NULL)
    if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY &&
        !g_file_info_get_is_hidden (info) && (dcim = find_dcim_child (child, cancellable)) != NULL)
      return dcim;
  return NULL;
}

/* Media files under @dir (by name), hidden ones skipped, links not followed. */
static void
collect_media (GFile *dir, GPtrArray *files, guint64 *bytes, guint depth, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) e = NULL;
  GFileInfo *info;
  GFile *child;

  if (depth > 16)
    return;
  e = g_file_enumerate_children (dir, CHILD_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 cancellable, NULL);
  if (e == NULL)
    return;
  while (g_file_enumerator_iterate (e, &info, &child, cancellable, NULL) && info != NULL)
    {
      GFileType type = g_file_info_get_file_type (info);

      if (g_file_info_get_is_hidden (info))
        continue;
      if (type == G_FILE_TYPE_DIRECTORY)
        collect_media (child, files, bytes, depth + 1, cancellable);
      else if (type == G_FILE_TYPE_REGULAR && sv_import_is_media_name (g_file_info_get_name (info)))
        {
          g_ptr_array_add (files, g_object_ref (child));
          *bytes += (guint64) g_file_info_get_size (info);
        }
    }
}

SvVolume *
sv_volumes_examine (GFile *root, const char *name, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) dcim = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  SvVolume *volume;
  guint64 bytes = 0;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  dcim = find_dcim (root, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (dcim == NULL)
    return NULL;
  collect_media (dcim, files, &bytes, 0, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  volume = g_new0 (SvVolume, 1);
  volume->root_path = g_file_get_path (root);
  volume->root_uri = g_file_get_uri (root);
  volume->dcim_path = g_file_get_path (dcim);
  if (volume->dcim_path == NULL)
    volume->dcim_path = g_file_get_uri (dcim);
  if (name != NULL)
    volume->name = g_strdup (name);
  else
    {
      g_autofree char *base = g_file_get_basename (root);

      volume->name = g_filename_display_name (base ? base : "/");
    }
  volume->n_media = files->len;
  volume->bytes = bytes;
  return volume;
}

GPtrArray *
sv_volumes_list (GCancellable *cancellable, GError **error)
{
  g_autoptr (GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autoptr (GPtrArray) volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_volume_free);
  GList *mounts = g_volume_monitor_get_mounts (monitor);

  for (GList *l = mounts; l != NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr (GFile) root = NULL;
      g_autofree char *name = NULL;
      SvVolume *volume;

      if (g_mount_is_shadowed (mount))
        continue;
      root = g_mount_get_root (mount);
      name = g_mount_get_name (mount);
      volume = sv_volumes_examine (root, name, cancellable, NULL);
      if (volume != NULL)
        g_ptr_array_add (volumes, volume);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  g_list_free_full (mounts, g_object_unref);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&volumes);
}

SvImportSummary *
sv_volumes_import (SvCatalogue *catalogue,
                   GFile *root,
                   SvImportMode mode,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autoptr (GFile) dcim = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  guint known = 0;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  dcim = find_dcim (root, cancellable);
  if (dcim == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (root);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("“%s” has no DCIM folder"), parse_name);
      return NULL;
    }
  if (mode == SV_IMPORT_MODE_DEFAULT)
    mode = SV_IMPORT_MODE_COPY;

  if (mode == SV_IMPORT_MODE_COPY)
    g_list_store_append (inputs, dcim); /* the importer skips what it has */
  else
    {
      /* Referenced: files already in the library must not become other
       * locations of their items (the card will leave). */
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      guint64 bytes = 0;

      collect_media (dcim, files, &bytes, 0, cancellable);
      for (guint i = 0; i < files->len; i++)
        {
          GFile *file = g_ptr_array_index (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autofree char *sha256 = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (path != NULL)
            sha256 = sv_sha256_file_hex (path, NULL, cancellable, NULL);
          if (sha256 != NULL && sv_catalogue_lookup_hash (catalogue, sha256) != 0)
            {
              known++;
              continue;
            }
          g_list_store_append (inputs, file);
        }
    }

  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, mode);
  {
    SvImportSummary *summary =
        sv_importer_import (importer, G_LIST_MODEL (inputs), cancellable, error);

    if (summary != NULL)
      {
        summary->files_seen += known;
        summary->duplicates += known;
      }
    return summary;
  }
}
