/* sv-album.h: one album, as read from the catalogue (a snapshot: read the
 * album again after a change)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SV_ALBUM_SORT_MANUAL = 0, /* the order the user chose */
  SV_ALBUM_SORT_DATE = 1,   /* oldest first, undated last */
} SvAlbumSort;

#define SV_TYPE_ALBUM (sv_album_get_type ())
G_DECLARE_FINAL_TYPE (SvAlbum, sv_album, SV, ALBUM, GObject)

gint64
sv_album_get_id (SvAlbum *self);
const char *
sv_album_get_uuid (SvAlbum *self);
const char *
sv_album_get_name (SvAlbum *self);
const char *
sv_album_get_description (SvAlbum *self); /* never NULL */
SvAlbumSort
sv_album_get_sort (SvAlbum *self);
/* The chosen cover, else the first item in album order; 0 when empty. */
gint64
sv_album_get_cover_id (SvAlbum *self);
gboolean
sv_album_get_cover_is_automatic (SvAlbum *self);
guint
sv_album_get_count (SvAlbum *self); /* items not in the trash */
/* "YYYY-MM-DD" of the oldest and newest dated items, NULL when none. */
const char *
sv_album_get_first_day (SvAlbum *self);
const char *
sv_album_get_last_day (SvAlbum *self);
gint64
sv_album_get_created_at (SvAlbum *self); /* usec since the epoch */
gint64
sv_album_get_modified_at (SvAlbum *self); /* usec since the epoch */

/* The object `souvenir-cli album ls/show --json` prints. */
JsonNode *
sv_album_to_json (SvAlbum *self);

G_END_DECLS
