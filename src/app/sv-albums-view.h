/* sv-albums-view.h: the Albums page, a grid of album cards
 *
 * Each card: the album's cover (square crop, rounded), its name, its count
 * and its date range; activating a card emits "album-activated". An empty
 * state with a "New Album" button (`win.new-album`) when there is none.
 * The albums are given (read in a worker by sv-search-ui.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_ALBUMS_VIEW (sv_albums_view_get_type ())
G_DECLARE_FINAL_TYPE (SvAlbumsView, sv_albums_view, SV, ALBUMS_VIEW, AdwBin)

GtkWidget *
sv_albums_view_new (void);
/* @albums: SvAlbum; @covers: the cover SvMediaItem of each album, or NULL
 * entries (same length as @albums, or NULL). */
void
sv_albums_view_set_albums (SvAlbumsView *self,
                           SvCatalogue *catalogue,
                           GPtrArray *albums,
                           GPtrArray *covers);
guint
sv_albums_view_get_n_albums (SvAlbumsView *self);
/* The card of an album (named "album-card-ID"), or NULL. */
GtkWidget *
sv_albums_view_get_card (SvAlbumsView *self, gint64 album_id);
/* The date range of an album for people ("14–21 July 2024"), or NULL. */
char *
sv_albums_view_format_dates (const char *first_day, const char *last_day);

/* Signal "album-activated" (gint64 album_id). */

G_END_DECLS
