/* sv-video.h: video files (MP4, MOV, WebM, MKV, AVI…) through GStreamer:
 * what the container says (capture date, duration, pixel size) and a
 * poster frame for the thumbnails. Every call is bounded in time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

/* How long one file may take to be probed or to give its poster frame. */
#define SV_VIDEO_DEFAULT_TIMEOUT_SECONDS 15

/* TRUE when @path has the extension of a video format (any case). */
gboolean
sv_video_path_is_video (const char *path);

/* Container from magic bytes: "mp4", "mov", "webm", "mkv", "avi", "3gp" or
 * NULL; @mime_out (optional) gets the MIME type. ISO media files with an
 * image brand (HEIF, AVIF, CR3) are not videos. */
const char *
sv_video_sniff_format (const guint8 *data, gsize len, const char **mime_out);

/* TRUE when the file at @path starts like a video container (see
 * sv_video_sniff_format), or, when its first bytes say nothing, has a video
 * extension. */
gboolean
sv_video_file_is_video (const char *path);

/* Fills @info (initialised by the caller) for the video at @path: kind
 * video, format, MIME type, pixel size of the first video stream, rotation
 * as an EXIF orientation, duration, capture time (the container's creation
 * date, which QuickTime and Matroska store in UTC, shown in local time;
 * else a date in the file name; else the file's modification time), camera
 * make and model and GPS position when the container has them. Errors:
 * SV_ERROR_CORRUPT for a damaged or truncated file, SV_ERROR_UNSUPPORTED
 * when no decoder is installed for it or it has no video, SV_ERROR_FAILED
 * when it takes longer than the timeout, G_IO_ERROR_* when it cannot be
 * read. */
gboolean
sv_video_read_info (const char *path, SvMediaInfo *info, GCancellable *cancellable, GError **error);

/* Decodes one frame at about 10% of the video (at most 1 s in) as RGB
 * pixels with square pixels, without applying the rotation. Refuses videos
 * of more than @max_pixels (0: no limit) with SV_ERROR_TOO_LARGE. The
 * frame's size is returned in @width and @height (optional). */
GdkPixbuf *
sv_video_grab_frame (const char *path,
                     guint64 max_pixels,
                     int *width,
                     int *height,
                     GCancellable *cancellable,
                     GError **error);

G_END_DECLS
