/* sv-catalogue-albums.h: albums (create, rename, describe, delete, members,
 * manual or date order, cover, counts)
 *
 * Deleting an album never deletes photos. A photo can be in many albums.
 * Positions in an album are dense (0..n-1) and stable: adding appends,
 * removing and moving renumber the rest in their previous order.
 * Membership changes emit ::changed for the items concerned (their search
 * text names their albums); so do order changes (move, sort) for the
 * album's items, so that views of the album read its order again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-album.h"
#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_ALBUM_NAME_MAX_BYTES 200
#define SV_ALBUM_DESCRIPTION_MAX_BYTES 10000

/* Names are trimmed, not empty, and unique (SV_ERROR_DUPLICATE). Return the
 * new album's id, 0 on error. */
gint64
sv_catalogue_album_create (SvCatalogue *self, const char *name, GError **error);
/* In one transaction: the album and these items in this order. */
gint64
sv_catalogue_album_create_from_items (SvCatalogue *self,
                                      const char *name,
                                      const gint64 *ids,
                                      guint n,
                                      GError **error);
/* The live items whose (effective) day is @day ("YYYY-MM-DD"), oldest
 * first; @name NULL: the day in the user's language. */
gint64
sv_catalogue_album_create_from_day (SvCatalogue *self,
                                    const char *name,
                                    const char *day,
                                    GError **error);
/* The live items of the event (table event_items), oldest first; @name
 * NULL: the event's name. SV_ERROR_NOT_FOUND for an unknown event. */
gint64
sv_catalogue_album_create_from_event (SvCatalogue *self,
                                      const char *name,
                                      gint64 event_id,
                                      GError **error);

gboolean
sv_catalogue_album_rename (SvCatalogue *self, gint64 album_id, const char *name, GError **error);
gboolean
sv_catalogue_album_set_description (SvCatalogue *self,
                                    gint64 album_id,
                                    const char *description,
                                    GError **error);
gboolean
sv_catalogue_album_delete (SvCatalogue *self, gint64 album_id, GError **error);

/* Appends the items not already in the album, in the given order. */
gboolean
sv_catalogue_album_add_items (SvCatalogue *self,
                              gint64 album_id,
                              const gint64 *ids,
                              guint n,
                              GError **error);
/* Items not in the album are ignored. */
gboolean
sv_catalogue_album_remove_items (SvCatalogue *self,
                                 gint64 album_id,
                                 const gint64 *ids,
                                 guint n,
                                 GError **error);
/* Moves these items (all in the album, else SV_ERROR_NOT_FOUND) so that
 * they sit in this order from @position (clamped to the end); the others
 * keep their relative order. The album's sort becomes manual. */
gboolean
sv_catalogue_album_move_items (SvCatalogue *self,
                               gint64 album_id,
                               const gint64 *ids,
                               guint n,
                               guint position,
                               GError **error);
/* As sv_catalogue_album_move_items (), placed where @before_id (an item of
 * the album) is, or at the end when it is 0 or no longer in the album:
 * positions from a view that hides some members (trashed photos) would be
 * off by as many. */
gboolean
sv_catalogue_album_move_items_before (SvCatalogue *self,
                                      gint64 album_id,
                                      const gint64 *ids,
                                      guint n,
                                      gint64 before_id,
                                      GError **error);
/* Manual order follows the positions; date order is oldest first. */
gboolean
sv_catalogue_album_set_sort (SvCatalogue *self, gint64 album_id, SvAlbumSort sort, GError **error);
/* @item_id 0: automatic (the first item); else an item of the album. */
gboolean
sv_catalogue_album_set_cover (SvCatalogue *self, gint64 album_id, gint64 item_id, GError **error);

SvAlbum *
sv_catalogue_album_get (SvCatalogue *self, gint64 album_id, GError **error);
/* Of SvAlbum, by name (collated). */
GPtrArray *
sv_catalogue_album_list (SvCatalogue *self, GError **error);
/* An album's exact name, else its numeric id; SV_ERROR_NOT_FOUND. */
gint64
sv_catalogue_album_resolve (SvCatalogue *self, const char *name_or_id, GError **error);
/* The album's item ids in its order; with @live_only, not the trashed. */
GArray *
sv_catalogue_album_get_item_ids (SvCatalogue *self,
                                 gint64 album_id,
                                 gboolean live_only,
                                 GError **error);

G_END_DECLS
