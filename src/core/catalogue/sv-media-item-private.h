/* sv-media-item-private.h: building items from catalogue rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sv-media-item.h"

G_BEGIN_DECLS

/* Selects the columns _sv_media_item_new_from_stmt reads, in its order;
 * append a WHERE clause on "i." columns. */
#define SV_MEDIA_ITEM_SELECT                                                                       \
  "SELECT i.id, i.uuid, i.primary_hash, i.kind, i.format, i.mime_type, i.stored_width,"            \
  " i.stored_height, i.width, i.height, i.orientation, i.orientation_override, i.taken_local,"     \
  " i.utc_offset_minutes, i.taken_utc_usec, i.date_source, i.camera_make, i.camera_model,"         \
  " i.camera, i.lens, i.exposure_time, i.f_number, i.iso, i.focal_length, i.duration_usec,"        \
  " i.latitude, i.longitude, i.altitude, i.caption, i.favourite, i.rating, i.trashed_at,"          \
  " i.imported_at, i.import_id, i.place_id, p.country_code, p.city_en, p.city_local,"              \
  " p.region_en, p.region_local, p.country_en, p.country_local,"                                   \
  " (SELECT l.path FROM files AS f JOIN locations AS l ON l.file_id = f.id"                        \
  "   WHERE f.item_id = i.id"                                                                      \
  "   ORDER BY (f.role = 'original' AND l.missing = 0) DESC, l.missing, l.id LIMIT 1),"            \
  " (SELECT group_concat (name, char (31)) FROM (SELECT k.name AS name FROM item_keywords AS ik"   \
  "   JOIN keywords AS k ON k.id = ik.keyword_id WHERE ik.item_id = i.id ORDER BY k.name))"        \
  " FROM items AS i LEFT JOIN places AS p ON p.id = i.place_id"

/* Items whose ids are in the JSON array bound to ?1. */
#define SV_MEDIA_ITEMS_BY_IDS                                                                      \
  SV_MEDIA_ITEM_SELECT " WHERE i.id IN (SELECT value FROM json_each (?1))"

SvMediaItem *
_sv_media_item_new_from_stmt (sqlite3_stmt *stmt);
/* An item that only knows its id (it vanished from the catalogue). */
SvMediaItem *
_sv_media_item_new_placeholder (gint64 id);

G_END_DECLS
