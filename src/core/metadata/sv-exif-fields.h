/* sv-exif-fields.h: the EXIF values we use, as read by either libexif
 * (sv-exif-reader.c) or our own TIFF walker (sv-tiff-reader.c), and the
 * conversions from raw EXIF values to SvMediaInfo fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

typedef struct
{
  /* Raw strings, trimmed, NULL when absent. */
  char *date_original;
  char *offset_original;
  char *subsec_original;
  char *date_digitized;
  char *offset_digitized;
  char *subsec_digitized;
  char *make;
  char *model;
  char *lens_make;
  char *lens_model;
  char *description;

  int orientation;                              /* raw tag value, 0 when absent */
  int rating;                                   /* -1 when absent */
  int iso;                                      /* 0 when absent */
  double exposure_time, f_number, focal_length; /* 0 when absent */

  /* GPS as read: degrees/minutes/seconds already divided, NaN when a part
   * was missing or had a zero denominator. */
  gboolean has_lat, has_lon, has_alt;
  double lat, lon, alt; /* already signed by their refs */
  gboolean gps_other;   /* any other GPS tag present (time stamp, datum...) */

  /* Pixel size from the main image IFD (TIFF/RAW only), 0 when unknown. */
  int width, height;
  int exif_width, exif_height; /* PixelXDimension / PixelYDimension */

  /* TIFF files only: IPTC (tag 0x83BB) and XMP (tag 0x02BC) blocks. */
  guint8 *iptc;
  gsize iptc_len;
  guint8 *xmp;
  gsize xmp_len;
} SvExifFields;

void
sv_exif_fields_init (SvExifFields *f);
void
sv_exif_fields_clear (SvExifFields *f);

/* Trims spaces and NULs; returns NULL for empty strings. Takes @len bytes
 * of possibly non-terminated text and makes it valid UTF-8. */
char *
sv_exif_clean_string (const char *s, gsize len);

/* Converts three rationals (deg, min, sec; @n of them present) to decimal
 * degrees. Returns FALSE on a zero denominator or a non-finite result. */
gboolean
sv_exif_gps_dms_to_degrees (const guint32 *nums, const guint32 *dens, guint n, double *out);
/* Parses a coordinate stored as text ("52.0138", "52 0 50.0", "52,0.8333")
 * into degrees. */
gboolean
sv_exif_gps_parse_string (const char *s, double *out);
/* Applies the hemisphere ref ('S'/'W' negate) and range checks; returns FALSE
 * when the value is impossible. */
gboolean
sv_exif_gps_finish (double degrees, const char *ref, double limit, double *out);

/* Parses an EXIF date "YYYY:MM:DD HH:MM:SS" and the odd variants found in
 * the wild into "YYYY-MM-DDTHH:MM:SS"; NULL when unknown or impossible. */
char *
sv_exif_parse_datetime (const char *s);
/* The parser behind sv_exif_parse_datetime(), also used for XMP dates:
 * @has_time FALSE for a date alone (time set to 12:00:00), @has_offset and
 * @offset_minutes from a trailing "Z"/"+HH:MM", @subsec_out the digits of
 * a fraction of seconds. All out parameters may be NULL. */
gboolean
sv_exif_parse_datetime_full (const char *s,
                             char **iso_out,
                             gboolean *has_time,
                             gboolean *has_offset,
                             int *offset_minutes,
                             char **subsec_out);
/* Parses "+HH:MM"/"-HH:MM" into minutes. */
gboolean
sv_exif_parse_offset (const char *s, int *minutes);
/* Turns SubSec digits into ".fff" (exactly three digits); NULL if invalid. */
char *
sv_exif_subsec_suffix (const char *s);

/* TRUE when a caption is camera boilerplate ("OLYMPUS DIGITAL CAMERA"). */
gboolean
sv_exif_caption_is_junk (const char *caption, const char *make, const char *model);

G_END_DECLS
