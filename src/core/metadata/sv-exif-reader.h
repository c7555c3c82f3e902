/* sv-exif-reader.h: an EXIF block (as found in JPEG APP1, PNG eXIf, WebP
 * EXIF, HEIF Exif items) to SvExifFields, through libexif.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-exif-fields.h"

G_BEGIN_DECLS

/* Largest EXIF block we look at at all. */
#define SV_EXIF_MAX_BLOCK (4 * 1024 * 1024)

/* @data is the TIFF structure, optionally preceded by "Exif\0\0". Blocks
 * up to 64 KiB (the most libexif reads, and the most a JPEG APP1 segment
 * holds) go through libexif; larger ones (PNG eXIf, HEIF) through our own
 * walker in sv-tiff-reader.c. Returns FALSE when nothing could be read. */
gboolean
sv_exif_reader_parse (const guint8 *data, gsize len, SvExifFields *out);

G_END_DECLS
