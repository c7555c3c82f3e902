/* sv-import-walk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-import-walk"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sv-import-walk.h"
#include "sv-importer.h"
#include "sv-metadata.h"

#define WALK_ATTRIBUTES                                                                            \
  G_FILE_ATTRIBUTE_STANDARD_NAME                                                                   \
  "," G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE                            \
  "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN "," G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK                 \
  "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC                       \
  "," G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE

/* Deeper than any real photo tree; stops pathological nesting. */
#define MAX_DEPTH 64

static const char *const media_extensions[] = {
  /* photos */
  "jpg", "jpeg", "jpe", "jfif", "png", "webp", "tif", "tiff", "heic", "heif", "hif", "avif", "jxl",
  "mpo", "gif", "bmp",
  /* RAW */
  "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "raf", "orf", "rw2", "pef", "srw",
  "x3f", "rwl", "3fr", "erf", "kdc", "mos", "mrw", "iiq",
  /* videos */
  "mp4", "m4v", "mov", "3gp", "3g2", "mkv", "webm", "avi", "mts", "m2ts", "mpg", "mpeg", "wmv", NULL
};

typedef struct
{
  GCancellable *cancellable;
  GPtrArray *candidates;
  GPtrArray *failures;
  GHashTable *visited; /* "dev:inode" of folders walked */
  guint ignored;
} Walk;

void
sv_candidate_free (SvCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->path);
  g_free (candidate);
}

gboolean
sv_import_is_media_name (const char *basename)
{
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (basename != NULL, FALSE);

  dot = strrchr (basename, '.');
  if (dot == NULL || dot[1] == '\0')
    return FALSE;
  ext = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (media_extensions, ext);
}

static void
add_failure (Walk *walk, GFile *file, const char *reason)
{
  SvImportError *failure = g_new0 (SvImportError, 1);

  failure->path = g_file_get_path (file);
  if (failure->path == NULL)
    failure->path = g_file_get_uri (file);
  failure->reason = g_strdup (reason);
  g_ptr_array_add (walk->failures, failure);
}

static void
add_candidate (Walk *walk, GFile *file, GFileInfo *info, gboolean named)
{
  SvCandidate *c;
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      add_failure (walk, file, _ ("Only local files can be imported"));
      return;
    }
  c = g_new0 (SvCandidate, 1);
  c->path = path;
  c->size = g_file_info_get_size (info);
  c->mtime_usec = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
                      G_USEC_PER_SEC +
                  g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  c->named = named;
  g_ptr_array_add (walk->candidates, c);
}

/* A file in a folder without a media extension is still a candidate when its
 * first bytes say it is an image. */
static gboolean
sniff_is_media (GFile *file)
{
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 head[64];
  gsize n = 0;

  if (in == NULL)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n, NULL, NULL))
    return FALSE;
  return sv_metadata_sniff_format (head, n, NULL) != NULL;
}

/* Why a link cannot be followed (GIO reports such a link as a link rather
 * than failing), or NULL when it can. */
static char *
link_problem (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) == 0)
    return NULL;
  if (errno == ELOOP)
    return g_strdup (_ ("This link is part of a loop of links"));
  if (errno == ENOENT)
    return g_strdup (_ ("This link points to a file that does not exist"));
  return g_strdup (g_strerror (errno));
}

static void
walk_folder (Walk *walk, GFile *folder, GFileInfo *info, guint depth);

static void
walk_child (Walk *walk, GFile *child, GFileInfo *info, guint depth)
{
  const char *name = g_file_info_get_name (info);

  if (g_file_info_get_is_hidden (info) || name[0] == '.')
    return;

  switch (g_file_info_get_file_type (info))
    {
      case G_FILE_TYPE_DIRECTORY:
        walk_folder (walk, child, info, depth + 1);
        break;

      case G_FILE_TYPE_REGULAR:
        if (sv_import_is_media_name (name) || sniff_is_media (child))
          add_candidate (walk, child, info, FALSE);
        else
          walk->ignored++;
        break;

      case G_FILE_TYPE_SYMBOLIC_LINK:
        /* Only a link that could not be followed is reported as a link. */
        if (sv_import_is_media_name (name))
          {
            g_autofree char *problem = link_problem (child);
            if (problem)
              add_failure (walk, child, problem);
          }
        else
          walk->ignored++;
        break;

      case G_FILE_TYPE_SPECIAL:
        /* A pipe, socket or device named like a photo: said, never opened
         * (reading a pipe would wait for a writer). */
        if (sv_import_is_media_name (name))
          add_failure (walk, child, _ ("This is not a regular file or folder"));
        else
          walk->ignored++;
        break;

      case G_FILE_TYPE_UNKNOWN:
      case G_FILE_TYPE_SHORTCUT:
      case G_FILE_TYPE_MOUNTABLE:
      default:
        walk->ignored++;
        break;
    }
}

static int
compare_infos (gconstpointer a, gconstpointer b)
{
  GFileInfo *ia = *(GFileInfo **) a;
  GFileInfo *ib = *(GFileInfo **) b;

  return strcmp (g_file_info_get_name (ia), g_file_info_get_name (ib));
}

static void
walk_folder (Walk *walk, GFile *folder, GFileInfo *info, guint depth)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GPtrArray) children = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  GFileInfo *child_info;

  if (g_cancellable_is_cancelled (walk->cancellable))
    return;
  if (depth > MAX_DEPTH)
    {
      add_failure (walk, folder, _ ("This folder is nested too deeply to be imported"));
      return;
    }

  key = g_strdup_printf ("%u:%" G_GUINT64_FORMAT,
                         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                         g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
  if (!g_hash_table_add (walk->visited, g_steal_pointer (&key)))
    return; /* reached again through a link: walked once already */

  enumerator = g_file_enumerate_children (folder, WALK_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                          walk->cancellable, &error);
  if (enumerator == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_failure (walk, folder, error->message);
      return;
    }

  children = g_ptr_array_new_with_free_func (g_object_unref);
  while ((child_info = g_file_enumerator_next_file (enumerator, walk->cancellable, &error)))
    g_ptr_array_add (children, child_info);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_failure (walk, folder, error->message);
      return;
    }
  g_ptr_array_sort (children, compare_infos);

  for (guint i = 0; i < children->len; i++)
    {
      GFileInfo *ci = g_ptr_array_index (children, i);
      g_autoptr (GFile) child = g_file_get_child (folder, g_file_info_get_name (ci));

      if (g_cancellable_is_cancelled (walk->cancellable))
        return;
      walk_child (walk, child, ci, depth);
    }
}

static void
walk_input (Walk *walk, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info =
      g_file_query_info (file, WALK_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, walk->cancellable, &error);

  if (info == NULL)
    {
      g_autofree char *problem = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      problem = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS)
                    ? g_strdup (_ ("This link is part of a loop of links"))
                    : g_strdup (error->message);
      add_failure (walk, file, problem);
      return;
    }

  switch (g_file_info_get_file_type (info))
    {
      case G_FILE_TYPE_DIRECTORY:
        walk_folder (walk, file, info, 0);
        break;
      case G_FILE_TYPE_REGULAR:
        add_candidate (walk, file, info, TRUE);
        break;
      case G_FILE_TYPE_SYMBOLIC_LINK:
        {
          g_autofree char *problem = link_problem (file);
          add_failure (walk, file, problem ? problem : _ ("This link cannot be followed"));
        }
        break;
      case G_FILE_TYPE_UNKNOWN:
      case G_FILE_TYPE_SPECIAL:
      case G_FILE_TYPE_SHORTCUT:
      case G_FILE_TYPE_MOUNTABLE:
      default:
        add_failure (walk, file, _ ("This is not a regular file or folder"));
        break;
    }
}

GPtrArray *
sv_import_walk (GListModel *inputs, GCancellable *cancellable, guint *ignored, GPtrArray *failures)
{
  Walk walk = { 0 };
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (inputs), NULL);
  g_return_val_if_fail (failures != NULL, NULL);

  walk.cancellable = cancellable;
  walk.failures = failures;
  walk.candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_candidate_free);
  walk.visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  n = g_list_model_get_n_items (inputs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (inputs, i);

      if (g_cancellable_is_cancelled (cancellable))
        break;
      walk_input (&walk, file);
    }

  g_hash_table_unref (walk.visited);
  if (ignored)
    *ignored = walk.ignored;
  return walk.candidates;
}
