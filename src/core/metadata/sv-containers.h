/* sv-containers.h: metadata blocks and pixel size from JPEG, PNG, WebP,
 * GIF and BMP files, reading headers only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-byte-source.h"

G_BEGIN_DECLS

#define SV_CONTAINER_MAX_BLOCK (4 * 1024 * 1024)
#define SV_CONTAINER_MAX_INFLATED (8 * 1024 * 1024)
#define SV_CONTAINER_MAX_CHUNKS 100000

typedef struct
{
  int width, height;  /* from the format's own header; 0 when unknown */
  GBytes *exif;       /* TIFF structure, possibly after "Exif\0\0" */
  GBytes *xmp;        /* XMP packet */
  GBytes *iptc_irb;   /* Photoshop image resources (JPEG APP13) */
  GBytes *iptc_iim;   /* bare IIM datasets (PNG raw profile) */
  gboolean is_mpo;    /* JPEG with an MPF (multi-picture) APP2 segment */
  gboolean truncated; /* a segment or chunk ran past the end */
} SvContainerData;

void
sv_container_data_init (SvContainerData *c);
void
sv_container_data_clear (SvContainerData *c);

/* Each returns FALSE when the data is not a valid file of its type (wrong
 * signature, broken first header, nothing usable at all). */
gboolean
sv_container_read_jpeg (SvByteSource *src, SvContainerData *out);
gboolean
sv_container_read_png (SvByteSource *src, SvContainerData *out);
gboolean
sv_container_read_webp (SvByteSource *src, SvContainerData *out);
gboolean
sv_container_read_gif (SvByteSource *src, SvContainerData *out);
gboolean
sv_container_read_bmp (SvByteSource *src, SvContainerData *out);

/* Decodes ImageMagick's "Raw profile type ..." text (type line, decimal
 * length, hex digits) into bytes; NULL if malformed. */
GBytes *
sv_container_decode_raw_profile (const char *text, gsize len);

G_END_DECLS
