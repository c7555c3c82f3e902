/* sv-tiff-reader.h: a bounded TIFF/EXIF IFD walker
 *
 * Used for TIFF files and TIFF-based RAW (CR2, NEF, DNG), and for EXIF
 * blocks that libexif cannot take (over 64 KiB). Loops are detected, every
 * offset is checked against the source, entry counts and value sizes are
 * capped, and at most SV_TIFF_MAX_IFDS directories are visited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-byte-source.h"
#include "sv-exif-fields.h"

G_BEGIN_DECLS

#define SV_TIFF_MAX_IFDS 32
#define SV_TIFF_MAX_ENTRIES 1024
#define SV_TIFF_MAX_STRING (64 * 1024)

typedef struct
{
  gboolean big_endian;
  guint n_ifds;           /* directories visited */
  gboolean loop_detected; /* an IFD pointed back to one already read */
  gboolean dng;           /* DNGVersion present */
  gboolean cr2;           /* "CR" signature after the header */
} SvTiffInfo;

/* Walks the TIFF structure whose header starts at @base in @src. Offsets in
 * the structure are relative to @base (as in EXIF blocks). Fills @out with
 * what it finds; the main image size goes into out->width/height (largest
 * full-resolution IFD among IFD0 and the SubIFDs). Returns FALSE when there
 * is no valid TIFF header; damaged directories further in are skipped. */
gboolean
sv_tiff_read (SvByteSource *src, guint64 base, SvExifFields *out, SvTiffInfo *info);

/* Same on a memory block (an EXIF block after its "Exif\0\0" header). */
gboolean
sv_tiff_read_bytes (const guint8 *data, gsize len, SvExifFields *out, SvTiffInfo *info);

G_END_DECLS
