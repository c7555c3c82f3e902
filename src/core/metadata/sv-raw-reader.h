/* sv-raw-reader.h: camera RAW files (DNG, CR2, CR3, NEF, ARW, RAF, ORF,
 * RW2…) through libraw: metadata and the embedded preview. Never decodes
 * the sensor data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

/* TRUE for the short format ids of RAW formats ("dng", "cr2", "cr3", "crw",
 * "nef", "nrw", "arw", "srf", "sr2", "raf", "orf", "rw2", "pef", "srw"). */
gboolean
sv_raw_format_is_raw (const char *format);

/* TRUE when @path has the extension of a RAW format (any case). */
gboolean
sv_raw_path_is_raw (const char *path);

/* Reads the RAW file's metadata with libraw and fills what @info does not
 * know yet (the caller may have read the file's TIFF/EXIF first with
 * sv_metadata_read_file): format and MIME type, pixel size, orientation,
 * capture time (date_source "exif"), make, model, camera, lens, exposure,
 * GPS. Errors: SV_ERROR_UNSUPPORTED for a file libraw does not recognise,
 * SV_ERROR_CORRUPT for a damaged one, G_IO_ERROR_* when it cannot be read. */
gboolean
sv_raw_read_file (const char *path, SvMediaInfo *info, GError **error);

typedef struct
{
  gboolean is_jpeg; /* TRUE: @data is a JPEG file; FALSE: 8-bit RGB pixels */
  GBytes *data;
  int width;       /* pixels, for RGB data (rows are width * 3 bytes) */
  int height;      /* pixels, for RGB data */
  int orientation; /* EXIF orientation of the RAW file, 1..8 */
} SvRawPreview;

void
sv_raw_preview_clear (SvRawPreview *preview);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvRawPreview, sv_raw_preview_clear)

/* The largest preview the camera embedded in the file. Refuses previews
 * over @max_bytes (0: 64 MiB) with SV_ERROR_TOO_LARGE, and files without a
 * usable preview with SV_ERROR_UNSUPPORTED. */
gboolean
sv_raw_read_preview (const char *path, gsize max_bytes, SvRawPreview *preview, GError **error);

G_END_DECLS
