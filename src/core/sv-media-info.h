/* sv-media-info.h: what the metadata reader learns about one file, and the
 * place a GPS position resolves to. Plain structs, shared by the metadata
 * reader, the places lookup, the importer and the catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SV_MEDIA_KIND_PHOTO = 0,
  SV_MEDIA_KIND_VIDEO = 1,
} SvMediaKind;

/* Where the capture time came from. Stored as text in the catalogue
 * ("exif", "xmp", "file-name", "file-time"), see sv_date_source_to_string(). */
typedef enum
{
  SV_DATE_SOURCE_NONE = 0,
  SV_DATE_SOURCE_EXIF,
  SV_DATE_SOURCE_XMP,
  SV_DATE_SOURCE_FILE_NAME,
  SV_DATE_SOURCE_FILE_TIME,
} SvDateSource;

typedef struct
{
  SvMediaKind kind;
  char *format;    /* short id: "jpeg" "heif" "avif" "png" "webp" "tiff" "jxl" ... */
  char *mime_type; /* "image/jpeg" ... */

  /* Pixel size as stored in the file; 0 when unknown. */
  int stored_width;
  int stored_height;
  /* EXIF orientation 1..8 (1 when absent). */
  int orientation;
  /* TRUE when the decoder applies the rotation itself (HEIF containers with
   * irot/imir through heif-gdk-pixbuf): thumbnails must not rotate again and
   * the displayed size is the stored size. */
  gboolean decoder_applies_orientation;

  /* Capture time as the local wall-clock time as shot:
   * "YYYY-MM-DDTHH:MM:SS" with optional ".fff" (from SubSec), NULL if unknown. */
  char *taken_local;
  gboolean has_utc_offset;
  int utc_offset_minutes; /* valid when has_utc_offset */
  SvDateSource date_source;

  char *make;   /* as written in the file, trimmed */
  char *model;  /* as written in the file, trimmed */
  char *camera; /* normalised: "Nikon D750" */
  char *lens;

  double exposure_time; /* seconds, 0 when unknown */
  double f_number;      /* 0 when unknown */
  double focal_length;  /* mm, 0 when unknown */
  int iso;              /* 0 when unknown */

  gboolean has_gps;
  double latitude;  /* signed decimal degrees */
  double longitude; /* signed decimal degrees */
  gboolean has_altitude;
  double altitude; /* metres, negative below sea level */

  char *caption;   /* EXIF ImageDescription / XMP dc:description / IPTC caption */
  char **keywords; /* NULL-terminated, from XMP dc:subject and IPTC keywords; may be NULL */
  int rating;      /* 0..5, -1 when unknown */

  gint64 duration_usec; /* videos; 0 otherwise */
} SvMediaInfo;

void
sv_media_info_init (SvMediaInfo *info);
void
sv_media_info_clear (SvMediaInfo *info);
void
sv_media_info_copy (const SvMediaInfo *src, SvMediaInfo *dest);
/* Displayed size: stored size with width/height swapped for orientations
 * 5..8 unless the decoder applies the rotation. */
void
sv_media_info_get_display_size (const SvMediaInfo *info, int *width, int *height);
/* The UTC instant as microseconds since the epoch when both the local time
 * and the offset are known; returns FALSE otherwise. */
gboolean
sv_media_info_get_taken_utc (const SvMediaInfo *info, gint64 *usec);
/* Sets the capture date to the instant @time (NULL: nothing is set) as a
 * local time of this computer, with its UTC offset, from @source; returns
 * whether it was set. */
gboolean
sv_media_info_set_local_time (SvMediaInfo *info, GDateTime *time, SvDateSource source);

const char *
sv_date_source_to_string (SvDateSource source);
SvDateSource
sv_date_source_from_string (const char *str);
const char *
sv_media_kind_to_string (SvMediaKind kind);

typedef struct
{
  char *country_code; /* ISO 3166-1 alpha-2, upper case ("IT"); NULL at sea */
  char *city_en;      /* NULL when beyond the city cutoff */
  char *city_local;   /* in the user's language */
  char *region_en;
  char *region_local;
  char *country_en;
  char *country_local;
} SvPlace;

void
sv_place_init (SvPlace *place);
void
sv_place_clear (SvPlace *place);
void
sv_place_copy (const SvPlace *src, SvPlace *dest);

G_END_DECLS
