/* sv-xmp.h: the few XMP properties we use, from an XMP packet
 *
 * Parsed with GMarkup: no network, no DTD, no entity expansion (an unknown
 * entity is a parse error); namespaces are resolved by URI, not by prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_XMP_MAX_PACKET (4 * 1024 * 1024)
#define SV_XMP_MAX_DEPTH 64
#define SV_XMP_MAX_KEYWORDS 1000

typedef struct
{
  char *description;   /* dc:description, x-default (else the first) */
  GPtrArray *keywords; /* dc:subject, in order, UTF-8 */
  int rating;          /* xmp:Rating, -1 when absent */
  int orientation;     /* tiff:Orientation, 0 when absent */
  char *date_created;  /* photoshop:DateCreated, raw */
  char *create_date;   /* xmp:CreateDate, raw */
  char *date_original; /* exif:DateTimeOriginal, raw */
  char *gps_latitude;  /* exif:GPSLatitude, raw: "DDD,MM.mmN" or "DDD,MM,SSN" */
  char *gps_longitude; /* exif:GPSLongitude, raw */
  char *gps_altitude;  /* exif:GPSAltitude, raw rational "N/D" */
  int gps_altitude_ref; /* exif:GPSAltitudeRef: 1 below sea level, -1 absent */
} SvXmpData;

void
sv_xmp_data_init (SvXmpData *xmp);
void
sv_xmp_data_clear (SvXmpData *xmp);

/* Parses @len bytes of an XMP packet. Returns FALSE when the packet is not
 * well-formed; what was read before the error is kept in @out. */
gboolean
sv_xmp_parse (const char *data, gsize len, SvXmpData *out);

G_END_DECLS
