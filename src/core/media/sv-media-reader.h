/* sv-media-reader.h: one entry point for every kind of file the importer
 * and the thumbnailer meet: photos (sv-metadata), camera RAW files
 * (sv-metadata's TIFF reader plus libraw, see sv-raw-reader.h) and videos
 * (GStreamer, see sv-video.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

typedef enum
{
  SV_MEDIA_FILE_PHOTO,
  SV_MEDIA_FILE_RAW,
  SV_MEDIA_FILE_VIDEO,
} SvMediaFileType;

/* From the first bytes of the file, else its extension. */
SvMediaFileType
sv_media_reader_classify (const char *path);

/* Like sv_metadata_read_file() for photos; RAW files get what libraw adds
 * (formats the TIFF reader does not read, lens, size), videos what
 * sv_video_read_info() finds. Same errors. */
gboolean
sv_media_reader_read_file (const char *path,
                           SvMediaInfo *info,
                           GCancellable *cancellable,
                           GError **error);

/* The picture thumbnails are made from when it is not the file's own
 * pixels: a video's poster frame, a RAW file's embedded preview. Sets
 * @handled to FALSE (and returns NULL without an error) for other files,
 * which are decoded as images. @max_pixels: 0 for no limit. */
GdkPixbuf *
sv_media_reader_decode_picture (const char *path,
                                guint64 max_pixels,
                                int *width,
                                int *height,
                                gboolean *handled,
                                GCancellable *cancellable,
                                GError **error);

G_END_DECLS
