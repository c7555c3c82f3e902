/* sv-metadata.h: everything we know about a photo file, from its headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

/* Reads everything we know about a photo file into @info (initialised by
 * the caller with sv_media_info_init). Reads headers and metadata only,
 * never decodes pixels. Returns FALSE with SV_ERROR_UNSUPPORTED for formats
 * we do not read (the message names the format), SV_ERROR_CORRUPT for a
 * file that is not a valid image of its type, G_IO_ERROR_* for read errors.
 * Partial metadata (bad EXIF in a good image) is not an error: what is
 * valid is kept.
 *
 * Capture time, first found wins: EXIF DateTimeOriginal (+OffsetTimeOriginal,
 * SubSecTimeOriginal) -> EXIF CreateDate/DateTimeDigitized (+its offset and
 * subsec) -> XMP photoshop:DateCreated / xmp:CreateDate /
 * exif:DateTimeOriginal -> a date in the file name -> the file's mtime
 * (local time, with the local UTC offset). date_source records which. */
gboolean
sv_metadata_read_file (const char *path, SvMediaInfo *info, GError **error);

/* Same from memory; @file_name (base name, may be NULL) is used for the
 * file-name date and the extension; no file-time fallback. Safe on any
 * bytes. */
gboolean
sv_metadata_read_bytes (const guint8 *data,
                        gsize len,
                        const char *file_name,
                        SvMediaInfo *info,
                        GError **error);

/* Format from magic bytes: a short id ("jpeg", "mpo", "png", "webp", "tiff",
 * "heif", "avif", "jxl", "gif", "bmp", "cr2", "cr3", "crw", "nef", "dng",
 * "raf", "orf", "rw2", "mp4", "mov") or NULL; @mime_out (optional) gets the
 * MIME type. Sniffing says "jpeg" for MPO files (JPEGs with an MPF segment);
 * sv_metadata_read_* report "mpo" (MIME type "image/jpeg") for .mpo files. */
const char *
sv_metadata_sniff_format (const guint8 *data, gsize len, const char **mime_out);

/* TRUE for formats sv_metadata_read_* supports now. */
gboolean
sv_metadata_format_is_supported (const char *format);

G_END_DECLS
