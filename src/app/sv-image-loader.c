/* sv-image-loader.c: the viewer's pictures, decoded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-image-loader"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-orientation.h"
#include "sv-error.h"
#include "sv-image-loader.h"
#include "sv-thumbnailer.h"

#define READ_CHUNK (256 * 1024)

typedef struct
{
  SvCatalogue *catalogue;
  SvMediaItem *item;
  SvImageStage stage;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_object (&d->catalogue);
  g_clear_object (&d->item);
  g_free (d);
}

/* Decoders that apply the container's rotation themselves (heif-gdk-pixbuf):
 * their pixels already have the file's orientation. */
static gboolean
decoder_applies_orientation (SvMediaItem *item)
{
  const char *format = sv_media_item_get_format (item);

  return g_strcmp0 (format, "heif") == 0 || g_strcmp0 (format, "avif") == 0;
}

GdkPixbuf *
sv_image_loader_orient (GdkPixbuf *pixbuf, int orientation)
{
  g_autoptr (GdkPixbuf) flipped = NULL;
  GdkPixbuf *out;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  /* Mirror first, then turn clockwise (sv-catalogue-orientation.c). */
  switch (sv_orientation_normalize (orientation))
    {
      case 2:
        return gdk_pixbuf_flip (pixbuf, TRUE);
      case 3:
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
      case 4:
        return gdk_pixbuf_flip (pixbuf, FALSE);
      case 5:
        flipped = gdk_pixbuf_flip (pixbuf, TRUE);
        return flipped ? gdk_pixbuf_rotate_simple (flipped, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE)
                       : NULL;
      case 6:
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      case 7:
        flipped = gdk_pixbuf_flip (pixbuf, TRUE);
        return flipped ? gdk_pixbuf_rotate_simple (flipped, GDK_PIXBUF_ROTATE_CLOCKWISE) : NULL;
      case 8:
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      default:
        out = g_object_ref (pixbuf);
        return out;
    }
}

typedef struct
{
  guint64 max_pixels;
  gboolean too_large;
  int width, height;
} SizeCheck;

static void
on_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, SizeCheck *check)
{
  check->width = width;
  check->height = height;
  if (width <= 0 || height <= 0 || (guint64) width * (guint64) height > check->max_pixels)
    {
      check->too_large = TRUE;
      /* Decode nothing: 1×1 costs no memory while we stop feeding it. */
      gdk_pixbuf_loader_set_size (loader, 1, 1);
    }
}

static guint64
pixel_limit (SvCatalogue *catalogue)
{
  g_autofree char *value = sv_catalogue_get_setting (catalogue, "pixel-limit");
  guint64 limit = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;

  return limit > 0 ? limit : SV_THUMB_DEFAULT_MAX_PIXELS;
}

/* Decodes @path with gdk-pixbuf, reading it in chunks so that a cancel
 * stops it, and refusing more than @max_pixels before any pixel is made. */
static GdkPixbuf *
decode_file (const char *path, guint64 max_pixels, GCancellable *cancellable, GError **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree guchar *buffer = NULL;
  SizeCheck check = { max_pixels, FALSE, 0, 0 };
  GdkPixbuf *pixbuf;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                     _ ("The original “%s” is missing: it is not in its folder any more"), name);
      else
        g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the original “%s”: %s"), name,
                     local_error->message);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), &check);
  buffer = g_malloc (READ_CHUNK);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_CHUNK, cancellable,
                                      &local_error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the original “%s”: %s"),
                         name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (!gdk_pixbuf_loader_write (loader, buffer, (gsize) n, &local_error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          if (check.too_large)
            goto too_large;
          g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                       _ ("Cannot show “%s”: the file is damaged or its format is not supported "
                          "(%s)"),
                       name, local_error->message);
          return NULL;
        }
      if (check.too_large)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          goto too_large;
        }
    }
  if (!gdk_pixbuf_loader_close (loader, &local_error))
    {
      if (check.too_large)
        goto too_large;
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("Cannot show “%s”: the file is damaged or its format is not supported (%s)"),
                   name, local_error->message);
      return NULL;
    }
  if (check.too_large)
    goto too_large;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("Cannot show “%s”: the file is damaged or its format is not supported"),
                   name);
      return NULL;
    }
  return g_object_ref (pixbuf);

too_large:
  {
    g_autofree char *megapixels =
        g_strdup_printf ("%.0f", (double) check.width * (double) check.height / 1e6);
    g_autofree char *limit = g_strdup_printf ("%.0f", (double) max_pixels / 1e6);

    g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                 _ ("“%s” is too large to show (%s megapixels; the library’s limit is %s)"), name,
                 megapixels, limit);
  }
  return NULL;
}

static GdkTexture *
texture_from_pixbuf (GdkPixbuf *pixbuf, int orientation)
{
  g_autoptr (GdkPixbuf) upright = sv_image_loader_orient (pixbuf, orientation);

  if (upright == NULL)
    return NULL;
  return gdk_texture_new_for_pixbuf (upright);
}

static GdkTexture *
load_preview (SvCatalogue *catalogue,
              SvMediaItem *item,
              int file_orientation,
              int delta,
              GCancellable *cancellable,
              GError **error)
{
  g_autofree char *cache_dir = sv_catalogue_get_cache_dir (catalogue);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (cache_dir);
  const char *sha256 = sv_media_item_get_primary_hash (item);
  g_autofree char *thumb = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GError) local_error = NULL;
  GdkTexture *texture;

  if (sha256 == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("This item has no file"));
      return NULL;
    }
  if (sv_thumbnailer_has_valid (thumbnailer, sha256, SV_THUMB_SIZE_PREVIEW))
    thumb = sv_thumbnailer_get_path (thumbnailer, sha256, SV_THUMB_SIZE_PREVIEW);
  else if (sv_thumbnailer_has_valid (thumbnailer, sha256, SV_THUMB_SIZE_GRID))
    thumb = sv_thumbnailer_get_path (thumbnailer, sha256, SV_THUMB_SIZE_GRID);
  else if (sv_media_item_get_path (item) != NULL)
    thumb =
        sv_thumbnailer_ensure (thumbnailer, sv_media_item_get_path (item), sha256, file_orientation,
                               decoder_applies_orientation (item), pixel_limit (catalogue),
                               SV_THUMB_SIZE_PREVIEW, cancellable, error);
  else
    g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("This item has no file"));
  if (thumb == NULL)
    return NULL;

  pixbuf = gdk_pixbuf_new_from_file (thumb, &local_error);
  if (pixbuf == NULL)
    {
      /* A damaged cache file: drop it, the next load makes it again. */
      sv_thumbnailer_invalidate (thumbnailer, sha256);
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The cached preview is damaged: %s"),
                   local_error->message);
      return NULL;
    }
  /* Thumbnails are made with the file's orientation; the user's turn on top. */
  texture = texture_from_pixbuf (pixbuf, delta);
  if (texture != NULL)
    {
      int w = sv_media_item_get_width (item);
      int h = sv_media_item_get_height (item);

      /* The size the original shows at (the row has the file's orientation). */
      if (sv_orientation_is_transposed (delta))
        {
          int t = w;
          w = h;
          h = t;
        }
      g_object_set_data (G_OBJECT (texture), "sv-content-width", GINT_TO_POINTER (w));
      g_object_set_data (G_OBJECT (texture), "sv-content-height", GINT_TO_POINTER (h));
    }
  return texture;
}

GdkTexture *
sv_image_loader_load (SvCatalogue *catalogue,
                      SvMediaItem *item,
                      SvImageStage stage,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  int file_orientation = 1, override = 0, delta;
  const char *path;
  GdkTexture *texture;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  if (!sv_catalogue_get_orientation (catalogue, sv_media_item_get_id (item), &file_orientation,
                                     &override, error))
    return NULL;
  /* From pixels with the file's orientation to how the item shows now. */
  delta = sv_orientation_compose (sv_orientation_invert (file_orientation),
                                  override != 0 ? override : file_orientation);

  if (stage == SV_IMAGE_STAGE_PREVIEW)
    return load_preview (catalogue, item, file_orientation, delta, cancellable, error);

  path = sv_media_item_get_path (item);
  if (path == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("This item has no file"));
      return NULL;
    }
  pixbuf = decode_file (path, pixel_limit (catalogue), cancellable, error);
  if (pixbuf == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  texture = texture_from_pixbuf (pixbuf, decoder_applies_orientation (item)
                                             ? delta
                                             : (override != 0 ? override : file_orientation));
  if (texture == NULL)
    g_set_error_literal (error, SV_ERROR, SV_ERROR_FAILED,
                         _ ("Not enough memory to show this picture"));
  return texture;
}

static void
load_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *d = task_data;
  GError *error = NULL;
  GdkTexture *texture;

  texture = sv_image_loader_load (d->catalogue, d->item, d->stage, cancellable, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

void
sv_image_loader_load_async (SvCatalogue *catalogue,
                            SvMediaItem *item,
                            SvImageStage stage,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *d;

  g_return_if_fail (SV_IS_CATALOGUE (catalogue));
  g_return_if_fail (SV_IS_MEDIA_ITEM (item));

  d = g_new0 (LoadData, 1);
  d->catalogue = g_object_ref (catalogue);
  d->item = g_object_ref (item);
  d->stage = stage;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_image_loader_load_async);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_worker);
}

GdkTexture *
sv_image_loader_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
