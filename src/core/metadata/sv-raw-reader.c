/* sv-raw-reader.c: camera RAW metadata and embedded previews (libraw)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-raw-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libraw/libraw.h>
#include <string.h>
#include <time.h>

#include "sv-camera-name.h"
#include "sv-error.h"
#include "sv-raw-reader.h"

/* Previews larger than this are refused (a 60 MP camera's full-size JPEG is
 * about 30 MB). */
#define DEFAULT_MAX_PREVIEW_BYTES ((gsize) 64 * 1024 * 1024)
/* Pixel limit of an uncompressed (bitmap) preview. */
#define MAX_BITMAP_PREVIEW_PIXELS (64 * 1000 * 1000)

typedef struct
{
  const char *id;
  const char *mime;
} RawFormat;

static const RawFormat raw_formats[] = {
  { "dng", "image/x-adobe-dng" },   { "cr2", "image/x-canon-cr2" },
  { "cr3", "image/x-canon-cr3" },   { "crw", "image/x-canon-crw" },
  { "nef", "image/x-nikon-nef" },   { "nrw", "image/x-nikon-nrw" },
  { "arw", "image/x-sony-arw" },    { "srf", "image/x-sony-srf" },
  { "sr2", "image/x-sony-sr2" },    { "raf", "image/x-fuji-raf" },
  { "orf", "image/x-olympus-orf" }, { "rw2", "image/x-panasonic-rw2" },
  { "pef", "image/x-pentax-pef" },  { "srw", "image/x-samsung-srw" },
};

static const RawFormat *
raw_format (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (raw_formats); i++)
    if (g_ascii_strcasecmp (raw_formats[i].id, id) == 0)
      return &raw_formats[i];
  return NULL;
}

static const char *
path_extension (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *dot = strrchr (path, '.');

  if (dot == NULL || (slash != NULL && dot < slash) || dot[1] == '\0')
    return NULL;
  return dot + 1;
}

gboolean
sv_raw_format_is_raw (const char *format)
{
  return raw_format (format) != NULL;
}

gboolean
sv_raw_path_is_raw (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return raw_format (path_extension (path)) != NULL;
}

/* libraw's flip (0, 3, 5, 6) as an EXIF orientation. */
static int
orientation_from_flip (int flip)
{
  switch (flip)
    {
      case 3:
        return 3;
      case 5:
        return 8;
      case 6:
        return 6;
      default:
        return 1;
    }
}

static char *
dup_trimmed (const char *s, gsize max)
{
  g_autofree char *copy = g_strndup (s, max);

  g_strstrip (copy);
  if (*copy == '\0' || !g_utf8_validate (copy, -1, NULL))
    return NULL;
  return g_steal_pointer (&copy);
}

static void
set_libraw_error (GError **error, const char *path, int rc)
{
  g_autofree char *display = g_filename_display_basename (path);
  int code = SV_ERROR_CORRUPT;

  if (rc == LIBRAW_FILE_UNSUPPORTED)
    code = SV_ERROR_UNSUPPORTED;
  else if (rc == LIBRAW_IO_ERROR)
    code = SV_ERROR_IO;
  else if (rc == LIBRAW_UNSUFFICIENT_MEMORY || rc == LIBRAW_TOO_BIG)
    code = SV_ERROR_TOO_LARGE;

  if (code == SV_ERROR_UNSUPPORTED)
    g_set_error (error, SV_ERROR, code, _ ("Cannot read “%s”: this RAW format is not supported"),
                 display);
  else
    /* TRANSLATORS: the second %s is libraw's reason, in English */
    g_set_error (error, SV_ERROR, code, _ ("Cannot read the RAW file “%s”: %s"), display,
                 libraw_strerror (rc));
}

static libraw_data_t *
open_raw (const char *path, GError **error)
{
  libraw_data_t *lr;
  int rc;

  lr = libraw_init (0);
  if (lr == NULL)
    {
      set_libraw_error (error, path, LIBRAW_UNSUFFICIENT_MEMORY);
      return NULL;
    }
  rc = libraw_open_file (lr, path);
  if (rc != LIBRAW_SUCCESS)
    {
      set_libraw_error (error, path, rc);
      libraw_close (lr);
      return NULL;
    }
  return lr;
}

static double
gps_degrees (const float dms[3])
{
  return dms[0] + dms[1] / 60.0 + dms[2] / 3600.0;
}

gboolean
sv_raw_read_file (const char *path, SvMediaInfo *info, GError **error)
{
  libraw_data_t *lr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lr = open_raw (path, error);
  if (lr == NULL)
    return FALSE;

  info->kind = SV_MEDIA_KIND_PHOTO;
  if (info->format == NULL || !sv_raw_format_is_raw (info->format))
    {
      const RawFormat *rf = raw_format (path_extension (path));

      if (rf == NULL && lr->idata.dng_version != 0)
        rf = raw_format ("dng");
      if (rf != NULL)
        {
          g_free (info->format);
          g_free (info->mime_type);
          info->format = g_strdup (rf->id);
          info->mime_type = g_strdup (rf->mime);
        }
    }

  if (info->stored_width <= 0 || info->stored_height <= 0)
    {
      info->stored_width = lr->sizes.width;
      info->stored_height = lr->sizes.height;
    }
  if (info->orientation < 1 || info->orientation > 8 ||
      (info->orientation == 1 && lr->sizes.flip != 0))
    info->orientation = orientation_from_flip (lr->sizes.flip);

  if (info->taken_local == NULL && lr->other.timestamp > 0)
    {
      /* libraw turns the EXIF wall-clock time into a time_t with mktime():
       * localtime() gives the wall-clock time back. */
      time_t t = lr->other.timestamp;
      struct tm tm;

      if (localtime_r (&t, &tm) != NULL)
        {
          char buf[32];

          strftime (buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
          info->taken_local = g_strdup (buf);
          info->has_utc_offset = FALSE;
          info->date_source = SV_DATE_SOURCE_EXIF;
        }
    }

  if (info->make == NULL)
    info->make = dup_trimmed (lr->idata.make, sizeof lr->idata.make);
  if (info->model == NULL)
    info->model = dup_trimmed (lr->idata.model, sizeof lr->idata.model);
  if (info->camera == NULL && (info->make != NULL || info->model != NULL))
    info->camera = sv_camera_name_normalise (info->make, info->model);
  if (info->lens == NULL)
    info->lens = dup_trimmed (lr->lens.Lens, sizeof lr->lens.Lens);

  if (info->exposure_time <= 0 && lr->other.shutter > 0)
    info->exposure_time = lr->other.shutter;
  if (info->f_number <= 0 && lr->other.aperture > 0)
    info->f_number = lr->other.aperture;
  if (info->focal_length <= 0 && lr->other.focal_len > 0)
    info->focal_length = lr->other.focal_len;
  if (info->iso <= 0 && lr->other.iso_speed > 0)
    info->iso = (int) (lr->other.iso_speed + 0.5f);

  if (!info->has_gps && lr->other.parsed_gps.gpsparsed)
    {
      const libraw_gps_info_t *g = &lr->other.parsed_gps;
      double lat = gps_degrees (g->latitude), lon = gps_degrees (g->longitude);

      if (g->latref == 'S')
        lat = -lat;
      if (g->longref == 'W')
        lon = -lon;
      if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0))
        {
          info->has_gps = TRUE;
          info->latitude = lat;
          info->longitude = lon;
        }
    }
  if (info->rating < -1 || info->rating > 5)
    info->rating = -1;

  libraw_close (lr);
  return TRUE;
}

void
sv_raw_preview_clear (SvRawPreview *preview)
{
  g_return_if_fail (preview != NULL);

  g_clear_pointer (&preview->data, g_bytes_unref);
  memset (preview, 0, sizeof *preview);
}

gboolean
sv_raw_read_preview (const char *path, gsize max_bytes, SvRawPreview *preview, GError **error)
{
  g_autofree char *display = NULL;
  libraw_data_t *lr;
  libraw_processed_image_t *img = NULL;
  int rc = LIBRAW_SUCCESS;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (preview != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (preview, 0, sizeof *preview);
  if (max_bytes == 0)
    max_bytes = DEFAULT_MAX_PREVIEW_BYTES;
  display = g_filename_display_basename (path);

  lr = open_raw (path, error);
  if (lr == NULL)
    return FALSE;

  /* libraw learns the preview's form and size while unpacking it (it
   * refuses previews over its own limit with LIBRAW_TOO_BIG). */
  rc = libraw_unpack_thumb (lr);
  if (rc == LIBRAW_NO_THUMBNAIL ||
      (rc == LIBRAW_SUCCESS &&
       (lr->thumbnail.tlength == 0 || lr->thumbnail.tformat == LIBRAW_THUMBNAIL_UNKNOWN)))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("The RAW file “%s” has no embedded preview to make a thumbnail from"),
                   display);
      goto out;
    }
  if (rc == LIBRAW_TOO_BIG || rc == LIBRAW_UNSUFFICIENT_MEMORY ||
      (rc == LIBRAW_SUCCESS &&
       (lr->thumbnail.tlength > max_bytes ||
        (lr->thumbnail.tformat != LIBRAW_THUMBNAIL_JPEG &&
         (guint64) lr->thumbnail.twidth * lr->thumbnail.theight > MAX_BITMAP_PREVIEW_PIXELS))))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The preview embedded in the RAW file “%s” is too large"), display);
      goto out;
    }
  if (rc == LIBRAW_SUCCESS)
    img = libraw_dcraw_make_mem_thumb (lr, &rc);
  if (rc != LIBRAW_SUCCESS || img == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("The preview embedded in the RAW file “%s” cannot be read: %s"), display,
                   libraw_strerror (rc != LIBRAW_SUCCESS ? rc : LIBRAW_UNSPECIFIED_ERROR));
      goto out;
    }

  preview->orientation = orientation_from_flip (lr->sizes.flip);
  if (img->type == LIBRAW_IMAGE_JPEG)
    {
      preview->is_jpeg = TRUE;
      preview->data = g_bytes_new (img->data, img->data_size);
      ok = TRUE;
    }
  else if (img->type == LIBRAW_IMAGE_BITMAP && img->bits == 8 && img->colors == 3 &&
           img->width > 0 && img->height > 0 &&
           (gsize) img->width * img->height * 3 <= img->data_size)
    {
      preview->is_jpeg = FALSE;
      preview->width = img->width;
      preview->height = img->height;
      preview->data = g_bytes_new (img->data, (gsize) img->width * img->height * 3);
      ok = TRUE;
    }
  else
    g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                 _ ("The preview embedded in the RAW file “%s” is in a form Souvenir cannot "
                    "show"),
                 display);

out:
  if (img != NULL)
    libraw_dcraw_clear_mem (img);
  libraw_close (lr);
  return ok;
}
