/* sv-media-item.h: one item of the catalogue (a photo or a video), read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

#define SV_TYPE_MEDIA_ITEM (sv_media_item_get_type ())
G_DECLARE_FINAL_TYPE (SvMediaItem, sv_media_item, SV, MEDIA_ITEM, GObject)

gint64
sv_media_item_get_id (SvMediaItem *self);
const char *
sv_media_item_get_uuid (SvMediaItem *self);
const char *
sv_media_item_get_primary_hash (SvMediaItem *self);
SvMediaKind
sv_media_item_get_kind (SvMediaItem *self);
const char *
sv_media_item_get_format (SvMediaItem *self);
const char *
sv_media_item_get_mime_type (SvMediaItem *self);
/* Displayed size (orientation applied). */
int
sv_media_item_get_width (SvMediaItem *self);
int
sv_media_item_get_height (SvMediaItem *self);
int
sv_media_item_get_stored_width (SvMediaItem *self);
int
sv_media_item_get_stored_height (SvMediaItem *self);
/* 1..8: the user's override when set, else the file's. */
int
sv_media_item_get_orientation (SvMediaItem *self);
/* 1..8: the file's own orientation, the one its thumbnails were made with
 * (sv_orientation_compose (sv_orientation_invert (file), shown) turns a
 * thumbnail into what the user sees). */
int
sv_media_item_get_file_orientation (SvMediaItem *self);
/* TRUE when the image decoder turns the picture itself (HEIF and AVIF carry
 * their rotation in the container): pass it to sv_thumbnailer_ensure (). */
gboolean
sv_media_item_get_decoder_applies_orientation (SvMediaItem *self);
/* "YYYY-MM-DDTHH:MM:SS[.fff]", or NULL when unknown. */
const char *
sv_media_item_get_taken_local (SvMediaItem *self);
gboolean
sv_media_item_get_has_utc_offset (SvMediaItem *self);
int
sv_media_item_get_utc_offset (SvMediaItem *self); /* minutes */
gboolean
sv_media_item_get_has_taken_utc (SvMediaItem *self);
gint64
sv_media_item_get_taken_utc (SvMediaItem *self); /* usec since the epoch */
const char *
sv_media_item_get_date_source (SvMediaItem *self);
const char *
sv_media_item_get_camera (SvMediaItem *self);
const char *
sv_media_item_get_make (SvMediaItem *self);
const char *
sv_media_item_get_model (SvMediaItem *self);
const char *
sv_media_item_get_lens (SvMediaItem *self);
double
sv_media_item_get_exposure_time (SvMediaItem *self);
double
sv_media_item_get_f_number (SvMediaItem *self);
int
sv_media_item_get_iso (SvMediaItem *self);
double
sv_media_item_get_focal_length (SvMediaItem *self);
gint64
sv_media_item_get_duration (SvMediaItem *self); /* usec */
gboolean
sv_media_item_get_has_gps (SvMediaItem *self);
double
sv_media_item_get_latitude (SvMediaItem *self);
double
sv_media_item_get_longitude (SvMediaItem *self);
gboolean
sv_media_item_get_has_altitude (SvMediaItem *self);
double
sv_media_item_get_altitude (SvMediaItem *self);
gboolean
sv_media_item_get_has_place (SvMediaItem *self);
const char *
sv_media_item_get_city (SvMediaItem *self, gboolean local);
const char *
sv_media_item_get_region (SvMediaItem *self, gboolean local);
const char *
sv_media_item_get_country (SvMediaItem *self, gboolean local);
const char *
sv_media_item_get_country_code (SvMediaItem *self);
const char *
sv_media_item_get_caption (SvMediaItem *self);
const char *const *
sv_media_item_get_keywords (SvMediaItem *self); /* never NULL */
gboolean
sv_media_item_get_favourite (SvMediaItem *self);
int
sv_media_item_get_rating (SvMediaItem *self); /* 0..5, -1 unknown */
gint64
sv_media_item_get_trashed_at (SvMediaItem *self); /* usec, 0: not trashed */
gint64
sv_media_item_get_imported_at (SvMediaItem *self); /* usec */
gint64
sv_media_item_get_import_id (SvMediaItem *self); /* 0: none */
/* The original's first present location, else the first location. */
const char *
sv_media_item_get_path (SvMediaItem *self);

/* The object the CLI prints; @locations (of SvFileLocation) adds "files". */
JsonNode *
sv_media_item_to_json (SvMediaItem *item, GPtrArray *locations);

G_END_DECLS
