/* sv-thumbnail-loader.h: grid thumbnails as textures, off the main loop
 *
 * Each request runs in one of two to four worker threads (a GTask per
 * request), the newest batch of requests first and, within a batch, in the
 * order asked: looks the item up, makes its grid thumbnail with the core
 * thumbnailer when the cache lacks it, decodes it at the size asked for
 * (JPEG DCT scaling, then a bilinear resize) and returns a GdkTexture.
 * Requests carry their
 * own GCancellable (cancel it when the cell is unbound). A small LRU keeps
 * the most recent textures so that scrolling back paints at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_THUMBNAIL_LOADER (sv_thumbnail_loader_get_type ())
G_DECLARE_FINAL_TYPE (SvThumbnailLoader, sv_thumbnail_loader, SV, THUMBNAIL_LOADER, GObject)

/* @cache_size: textures kept (0: a default of 240). */
SvThumbnailLoader *
sv_thumbnail_loader_new (SvCatalogue *catalogue, guint cache_size);
SvCatalogue *
sv_thumbnail_loader_get_catalogue (SvThumbnailLoader *self);

/* A cached texture of @id at least @height pixels high (or the largest the
 * thumbnail has), or NULL. Transfer none. */
GdkTexture *
sv_thumbnail_loader_lookup (SvThumbnailLoader *self, gint64 id, int height);

/* Loads @id's grid thumbnail scaled to @height pixels high (never above the
 * cached thumbnail's size). */
void
sv_thumbnail_loader_load_async (SvThumbnailLoader *self,
                                gint64 id,
                                int height,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
GdkTexture *
sv_thumbnail_loader_load_finish (SvThumbnailLoader *self, GAsyncResult *result, GError **error);

/* Drops @id from the LRU (its thumbnail changed). */
void
sv_thumbnail_loader_forget (SvThumbnailLoader *self, gint64 id);

/* Number of loads that finished with a texture (for tests). */
guint
sv_thumbnail_loader_get_n_loaded (SvThumbnailLoader *self);

G_END_DECLS
