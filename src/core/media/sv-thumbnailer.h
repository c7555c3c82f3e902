/* sv-thumbnailer.h: grid and preview thumbnails, made from one decode and
 * cached by content hash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SV_THUMB_SIZE_GRID,
  SV_THUMB_SIZE_PREVIEW,
} SvThumbSize;

/* Grid thumbnails: 360 px on the short edge (crisp in a HiDPI grid).
 * Previews: 1600 px on the long edge. Never upscaled. */
#define SV_THUMB_GRID_SHORT_EDGE 360
#define SV_THUMB_PREVIEW_LONG_EDGE 1600

/* Default pixel limit: 100 megapixels. */
#define SV_THUMB_DEFAULT_MAX_PIXELS ((guint64) 100 * 1000 * 1000)

#define SV_TYPE_THUMBNAILER (sv_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (SvThumbnailer, sv_thumbnailer, SV, THUMBNAILER, GObject)

/* @cache_dir: the library's cache folder
 * ($XDG_CACHE_HOME/souvenir/<library id>/); thumbnails go to
 * @cache_dir/grid/ab/<sha256>.jpg and @cache_dir/preview/ab/<sha256>.jpg. */
SvThumbnailer *
sv_thumbnailer_new (const char *cache_dir);
const char *
sv_thumbnailer_get_cache_dir (SvThumbnailer *self);

/* Path of the cached file (it may not exist). NULL when @sha256 is not 64
 * lower-case hex characters. */
char *
sv_thumbnailer_get_path (SvThumbnailer *self, const char *sha256, SvThumbSize size);

/* Decodes @source_path once and writes both sizes. @orientation is the EXIF
 * orientation (1..8; anything else counts as 1), applied to the pixels
 * unless @decoder_applies_orientation. @max_pixels: refuse images with more
 * pixels than this (0 = SV_THUMB_DEFAULT_MAX_PIXELS) before decoding them.
 * Thread-safe; two calls for the same hash at once do the work once. */
gboolean
sv_thumbnailer_generate (SvThumbnailer *self,
                         const char *source_path,
                         const char *sha256,
                         int orientation,
                         gboolean decoder_applies_orientation,
                         guint64 max_pixels,
                         GCancellable *cancellable,
                         GError **error);

/* Same, and returns the pixel size stored in the source file (before
 * orientation) in @source_width / @source_height (both optional). */
gboolean
sv_thumbnailer_generate_full (SvThumbnailer *self,
                              const char *source_path,
                              const char *sha256,
                              int orientation,
                              gboolean decoder_applies_orientation,
                              guint64 max_pixels,
                              int *source_width,
                              int *source_height,
                              GCancellable *cancellable,
                              GError **error);

/* Returns the path of a valid cached thumbnail of @size, generating both
 * sizes first if it is missing or damaged. */
char *
sv_thumbnailer_ensure (SvThumbnailer *self,
                       const char *source_path,
                       const char *sha256,
                       int orientation,
                       gboolean decoder_applies_orientation,
                       guint64 max_pixels,
                       SvThumbSize size,
                       GCancellable *cancellable,
                       GError **error);

void
sv_thumbnailer_ensure_async (SvThumbnailer *self,
                             const char *source_path,
                             const char *sha256,
                             int orientation,
                             gboolean decoder_applies_orientation,
                             guint64 max_pixels,
                             SvThumbSize size,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
char *
sv_thumbnailer_ensure_finish (SvThumbnailer *self, GAsyncResult *result, GError **error);

/* Deletes both cached sizes of @sha256 (call it when a cached file fails to
 * decode); the next ensure rebuilds them. */
void
sv_thumbnailer_invalidate (SvThumbnailer *self, const char *sha256);

/* Cheap check: the file exists, is not tiny, starts with a JPEG SOI marker
 * and ends with an EOI marker. */
gboolean
sv_thumbnailer_has_valid (SvThumbnailer *self, const char *sha256, SvThumbSize size);

G_END_DECLS
