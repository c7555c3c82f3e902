/* sv-media-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-media-info"

#include "config.h"

#include <string.h>

#include "sv-media-info.h"

void
sv_media_info_init (SvMediaInfo *info)
{
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  info->orientation = 1;
  info->rating = -1;
}

void
sv_media_info_clear (SvMediaInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->format);
  g_free (info->mime_type);
  g_free (info->taken_local);
  g_free (info->make);
  g_free (info->model);
  g_free (info->camera);
  g_free (info->lens);
  g_free (info->caption);
  g_strfreev (info->keywords);
  sv_media_info_init (info);
}

void
sv_media_info_copy (const SvMediaInfo *src, SvMediaInfo *dest)
{
  g_return_if_fail (src != NULL && dest != NULL);

  *dest = *src;
  dest->format = g_strdup (src->format);
  dest->mime_type = g_strdup (src->mime_type);
  dest->taken_local = g_strdup (src->taken_local);
  dest->make = g_strdup (src->make);
  dest->model = g_strdup (src->model);
  dest->camera = g_strdup (src->camera);
  dest->lens = g_strdup (src->lens);
  dest->caption = g_strdup (src->caption);
  dest->keywords = g_strdupv (src->keywords);
}

void
sv_media_info_get_display_size (const SvMediaInfo *info, int *width, int *height)
{
  gboolean swap;

  g_return_if_fail (info != NULL);

  swap = !info->decoder_applies_orientation && info->orientation >= 5 && info->orientation <= 8;
  if (width)
    *width = swap ? info->stored_height : info->stored_width;
  if (height)
    *height = swap ? info->stored_width : info->stored_height;
}

gboolean
sv_media_info_set_local_time (SvMediaInfo *info, GDateTime *time, SvDateSource source)
{
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  if (time == NULL || (local = g_date_time_to_local (time)) == NULL)
    return FALSE;
  g_free (info->taken_local);
  info->taken_local = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  info->has_utc_offset = TRUE;
  info->utc_offset_minutes = (int) (g_date_time_get_utc_offset (local) / G_TIME_SPAN_MINUTE);
  info->date_source = source;
  return TRUE;
}

gboolean
sv_media_info_get_taken_utc (const SvMediaInfo *info, gint64 *usec)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *iso = NULL;
  int off;

  g_return_val_if_fail (info != NULL, FALSE);

  if (info->taken_local == NULL || !info->has_utc_offset)
    return FALSE;

  off = ABS (info->utc_offset_minutes);
  iso = g_strdup_printf ("%s%c%02d:%02d", info->taken_local,
                         info->utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return FALSE;
  if (usec)
    *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

const char *
sv_date_source_to_string (SvDateSource source)
{
  switch (source)
    {
      case SV_DATE_SOURCE_EXIF:
        return "exif";
      case SV_DATE_SOURCE_XMP:
        return "xmp";
      case SV_DATE_SOURCE_FILE_NAME:
        return "file-name";
      case SV_DATE_SOURCE_FILE_TIME:
        return "file-time";
      case SV_DATE_SOURCE_NONE:
      default:
        return NULL;
    }
}

SvDateSource
sv_date_source_from_string (const char *str)
{
  if (g_strcmp0 (str, "exif") == 0)
    return SV_DATE_SOURCE_EXIF;
  if (g_strcmp0 (str, "xmp") == 0)
    return SV_DATE_SOURCE_XMP;
  if (g_strcmp0 (str, "file-name") == 0)
    return SV_DATE_SOURCE_FILE_NAME;
  if (g_strcmp0 (str, "file-time") == 0)
    return SV_DATE_SOURCE_FILE_TIME;
  return SV_DATE_SOURCE_NONE;
}

const char *
sv_media_kind_to_string (SvMediaKind kind)
{
  return kind == SV_MEDIA_KIND_VIDEO ? "video" : "photo";
}

void
sv_place_init (SvPlace *place)
{
  g_return_if_fail (place != NULL);
  memset (place, 0, sizeof *place);
}

void
sv_place_clear (SvPlace *place)
{
  if (place == NULL)
    return;
  g_free (place->country_code);
  g_free (place->city_en);
  g_free (place->city_local);
  g_free (place->region_en);
  g_free (place->region_local);
  g_free (place->country_en);
  g_free (place->country_local);
  sv_place_init (place);
}

void
sv_place_copy (const SvPlace *src, SvPlace *dest)
{
  g_return_if_fail (src != NULL && dest != NULL);

  dest->country_code = g_strdup (src->country_code);
  dest->city_en = g_strdup (src->city_en);
  dest->city_local = g_strdup (src->city_local);
  dest->region_en = g_strdup (src->region_en);
  dest->region_local = g_strdup (src->region_local);
  dest->country_en = g_strdup (src->country_en);
  dest->country_local = g_strdup (src->country_local);
}
