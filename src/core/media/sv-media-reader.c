/* sv-media-reader.c: photos, RAW files and videos behind one entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-media-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "sv-error.h"
#include "sv-filename-date.h"
#include "sv-media-reader.h"
#include "sv-metadata.h"
#include "sv-raw-reader.h"
#include "sv-video.h"

#define SNIFF_LEN 4096

SvMediaFileType
sv_media_reader_classify (const char *path)
{
  g_autofree guint8 *head = NULL;
  const char *id = NULL;
  gsize n = 0;
  FILE *f;

  g_return_val_if_fail (path != NULL, SV_MEDIA_FILE_PHOTO);

  head = g_malloc (SNIFF_LEN);
  f = g_fopen (path, "rb");
  if (f != NULL)
    {
      n = fread (head, 1, SNIFF_LEN, f);
      fclose (f);
    }
  if (sv_video_sniff_format (head, n, NULL) != NULL)
    return SV_MEDIA_FILE_VIDEO;
  id = sv_metadata_sniff_format (head, n, NULL);
  if (id != NULL)
    {
      if (sv_raw_format_is_raw (id))
        return SV_MEDIA_FILE_RAW;
      /* TIFF-based RAW formats that only their extension tells apart. */
      if (g_strcmp0 (id, "tiff") == 0 && sv_raw_path_is_raw (path))
        return SV_MEDIA_FILE_RAW;
      return SV_MEDIA_FILE_PHOTO;
    }
  if (sv_video_file_is_video (path))
    return SV_MEDIA_FILE_VIDEO;
  if (sv_raw_path_is_raw (path))
    return SV_MEDIA_FILE_RAW;
  return SV_MEDIA_FILE_PHOTO;
}

/* Capture time when nothing in the file has one: a date in its name, else
 * its modification time. */
static void
fill_date_fallback (const char *path, SvMediaInfo *info)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *iso = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) finfo = NULL;
  gboolean has_time;

  if (info->taken_local != NULL)
    return;
  if (sv_filename_date_parse (basename, &iso, &has_time))
    {
      info->taken_local = g_steal_pointer (&iso);
      info->has_utc_offset = FALSE;
      info->date_source = SV_DATE_SOURCE_FILE_NAME;
      return;
    }
  file = g_file_new_for_path (path);
  finfo =
      g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (finfo != NULL)
    {
      g_autoptr (GDateTime) mtime = g_file_info_get_modification_date_time (finfo);

      sv_media_info_set_local_time (info, mtime, SV_DATE_SOURCE_FILE_TIME);
    }
}

static gboolean
read_raw (const char *path, SvMediaInfo *info, GError **error)
{
  g_autoptr (GError) tiff_error = NULL;
  g_autoptr (GError) raw_error = NULL;
  gboolean tiff_ok;

  /* The TIFF reader knows DNG, CR2 and NEF in depth (XMP, IPTC, time
   * offsets); libraw reads the other formats and fills the gaps. A file
   * the TIFF reader finds damaged stays refused. */
  tiff_ok = sv_metadata_read_file (path, info, &tiff_error);
  if (!tiff_ok && !g_error_matches (tiff_error, SV_ERROR, SV_ERROR_UNSUPPORTED))
    {
      g_propagate_error (error, g_steal_pointer (&tiff_error));
      return FALSE;
    }
  if (!sv_raw_read_file (path, info, &raw_error))
    {
      if (!tiff_ok)
        {
          g_propagate_error (error, g_steal_pointer (&raw_error));
          return FALSE;
        }
      g_debug ("libraw: %s", raw_error->message);
    }
  fill_date_fallback (path, info);
  return TRUE;
}

gboolean
sv_media_reader_read_file (const char *path,
                           SvMediaInfo *info,
                           GCancellable *cancellable,
                           GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (sv_media_reader_classify (path))
    {
      case SV_MEDIA_FILE_VIDEO:
        return sv_video_read_info (path, info, cancellable, error);
      case SV_MEDIA_FILE_RAW:
        return read_raw (path, info, error);
      case SV_MEDIA_FILE_PHOTO:
      default:
        return sv_metadata_read_file (path, info, error);
    }
}

typedef struct
{
  guint64 max_pixels;
  int width, height;
  gboolean too_large;
} PreviewSize;

static void
on_loader_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  PreviewSize *size = user_data;

  size->width = width;
  size->height = height;
  if (size->max_pixels > 0 && (guint64) width * (guint64) height > size->max_pixels)
    {
      size->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static GdkPixbuf *
decode_raw_preview (const char *path, guint64 max_pixels, GError **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_auto (SvRawPreview) preview = { 0 };
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local_error = NULL;
  PreviewSize size = { max_pixels, 0, 0, FALSE };
  GdkPixbuf *pixbuf;
  gsize len;
  const guint8 *data;

  if (!sv_raw_read_preview (path, 0, &preview, error))
    return NULL;
  data = g_bytes_get_data (preview.data, &len);

  if (!preview.is_jpeg)
    {
      if (max_pixels > 0 && (guint64) preview.width * (guint64) preview.height > max_pixels)
        goto too_large;
      return gdk_pixbuf_new_from_bytes (preview.data, GDK_COLORSPACE_RGB, FALSE, 8, preview.width,
                                        preview.height, preview.width * 3);
    }

  loader = gdk_pixbuf_loader_new_with_type ("jpeg", &local_error);
  if (loader == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("The preview embedded in the RAW file “%s” cannot be read: %s"), display,
                   local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_loader_size_prepared_cb), &size);
  if (!gdk_pixbuf_loader_write (loader, data, len, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error))
    {
      if (size.too_large)
        goto too_large;
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("The preview embedded in the RAW file “%s” cannot be read: %s"), display,
                   local_error->message);
      return NULL;
    }
  if (size.too_large)
    goto too_large;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("The preview embedded in the RAW file “%s” cannot be read: %s"), display,
                   _ ("it has no picture"));
      return NULL;
    }
  return g_object_ref (pixbuf);

too_large:
  g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
               _ ("The preview embedded in the RAW file “%s” is too large"), display);
  return NULL;
}

GdkPixbuf *
sv_media_reader_decode_picture (const char *path,
                                guint64 max_pixels,
                                int *width,
                                int *height,
                                gboolean *handled,
                                GCancellable *cancellable,
                                GError **error)
{
  GdkPixbuf *pixbuf = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (handled != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *handled = TRUE;
  switch (sv_media_reader_classify (path))
    {
      case SV_MEDIA_FILE_VIDEO:
        return sv_video_grab_frame (path, max_pixels, width, height, cancellable, error);
      case SV_MEDIA_FILE_RAW:
        {
          g_autoptr (GError) raw_error = NULL;

          /* TIFF-based RAW files whose preview libraw cannot give may still
           * have one the image loaders read (their first IFD). */
          pixbuf = decode_raw_preview (path, max_pixels, &raw_error);
          if (pixbuf == NULL)
            {
              if (g_error_matches (raw_error, SV_ERROR, SV_ERROR_TOO_LARGE))
                {
                  g_propagate_error (error, g_steal_pointer (&raw_error));
                  return NULL;
                }
              g_debug ("%s", raw_error->message);
              *handled = FALSE;
              return NULL;
            }
        }
        if (pixbuf != NULL && width != NULL)
          *width = gdk_pixbuf_get_width (pixbuf);
        if (pixbuf != NULL && height != NULL)
          *height = gdk_pixbuf_get_height (pixbuf);
        return pixbuf;
      case SV_MEDIA_FILE_PHOTO:
      default:
        *handled = FALSE;
        return NULL;
    }
}
