/* sv-image-loader.h: the viewer's pictures, decoded off the main thread
 *
 * Two stages for one item: the preview (the thumbnail cache's 1600 px
 * preview, else its grid thumbnail, made from the original when the cache
 * has neither) and the original at full size. Both come out upright: the
 * item's orientation (the user's override when there is one, see
 * sv-catalogue-orientation.h) is applied to the pixels. The original is
 * refused before decoding when it has more pixels than the library's
 * "pixel-limit" setting. Errors are for people: a missing original
 * (SV_ERROR_NOT_FOUND), an unreadable one (SV_ERROR_IO, SV_ERROR_UNSUPPORTED),
 * a too large one (SV_ERROR_TOO_LARGE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef enum
{
  SV_IMAGE_STAGE_PREVIEW,
  SV_IMAGE_STAGE_ORIGINAL,
} SvImageStage;

void
sv_image_loader_load_async (SvCatalogue *catalogue,
                            SvMediaItem *item,
                            SvImageStage stage,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
/* A GdkTexture, upright. */
GdkTexture *
sv_image_loader_load_finish (GAsyncResult *result, GError **error);

/* Same, blocking (for a worker thread). */
GdkTexture *
sv_image_loader_load (SvCatalogue *catalogue,
                      SvMediaItem *item,
                      SvImageStage stage,
                      GCancellable *cancellable,
                      GError **error);

/* @pixbuf with @orientation (EXIF 1..8) applied; a new reference. */
GdkPixbuf *
sv_image_loader_orient (GdkPixbuf *pixbuf, int orientation);

G_END_DECLS
