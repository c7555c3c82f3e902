/* sv-thumb-image.c: small thumbnails for lists and cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trash list and the event cards show a few dozen thumbnails; the
 * timeline has its own loader for thousands.
 */
#define G_LOG_DOMAIN "sv-thumb-image"

#include "config.h"

#include "sv-catalogue-orientation.h"
#include "sv-pixbuf-orient.h"
#include "sv-thumb-image.h"
#include "sv-thumbnailer.h"

#define CANCELLABLE_KEY "sv-thumb-image-cancellable"

typedef struct
{
  char *cache_dir;
  char *path;
  char *sha256;
  int file_orientation; /* the thumbnail is made with this */
  int turn;             /* then turned by this (the user's rotation) */
  gboolean decoder_applies_orientation;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_free (d->cache_dir);
  g_free (d->path);
  g_free (d->sha256);
  g_free (d);
}

static void
load_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *d = task_data;
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (d->cache_dir);
  g_autofree char *thumb = NULL;
  GError *error = NULL;
  GdkTexture *texture;

  thumb = sv_thumbnailer_get_path (thumbnailer, d->sha256, SV_THUMB_SIZE_GRID);
  if (thumb == NULL || !sv_thumbnailer_has_valid (thumbnailer, d->sha256, SV_THUMB_SIZE_GRID))
    {
      g_clear_pointer (&thumb, g_free);
      thumb = sv_thumbnailer_ensure (thumbnailer, d->path, d->sha256, d->file_orientation,
                                     d->decoder_applies_orientation, 0, SV_THUMB_SIZE_GRID,
                                     cancellable, &error);
      if (thumb == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  {
    g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (thumb, &error);
    g_autoptr (GdkPixbuf) turned = NULL;

    if (pixbuf != NULL)
      turned = sv_pixbuf_orient (pixbuf, d->turn);
    if (turned == NULL)
      {
        if (error == NULL)
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
        g_task_return_error (task, error);
        return;
      }
    texture = gdk_texture_new_for_pixbuf (turned);
  }
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  GtkPicture *picture;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }
  picture = GTK_PICTURE (source);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
cancel_and_unref (gpointer data)
{
  g_cancellable_cancel (data);
  g_object_unref (data);
}

void
sv_thumb_image_load (GtkPicture *picture, SvCatalogue *catalogue, SvMediaItem *item)
{
  g_autoptr (GTask) task = NULL;
  GCancellable *cancellable;
  LoadData *d;

  g_return_if_fail (GTK_IS_PICTURE (picture));
  g_return_if_fail (SV_IS_CATALOGUE (catalogue));
  g_return_if_fail (SV_IS_MEDIA_ITEM (item));

  cancellable = g_cancellable_new ();
  /* Cancels the previous load of this picture. */
  g_object_set_data_full (G_OBJECT (picture), CANCELLABLE_KEY, cancellable, cancel_and_unref);

  if (sv_media_item_get_primary_hash (item) == NULL || sv_media_item_get_path (item) == NULL)
    return;

  d = g_new0 (LoadData, 1);
  d->cache_dir = sv_catalogue_get_cache_dir (catalogue);
  d->path = g_strdup (sv_media_item_get_path (item));
  d->sha256 = g_strdup (sv_media_item_get_primary_hash (item));
  d->file_orientation = sv_media_item_get_file_orientation (item);
  d->decoder_applies_orientation = sv_media_item_get_decoder_applies_orientation (item);
  d->turn = sv_orientation_compose (sv_orientation_invert (d->file_orientation),
                                    sv_media_item_get_orientation (item));

  task = g_task_new (picture, cancellable, on_loaded_cb, NULL);
  g_task_set_source_tag (task, sv_thumb_image_load);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_worker);
}
