/* sv-catalogue-schema.c: the catalogue's schema, as ordered migrations
 *
 * Never edit a step once released: append a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include "sv-catalogue-schema.h"

/* v1: the base schema. */
static const char schema_v1[] =
    "CREATE TABLE places ("
    "  id INTEGER PRIMARY KEY,"
    "  country_code TEXT NOT NULL DEFAULT '',"
    "  city_en TEXT NOT NULL DEFAULT '',"
    "  city_local TEXT NOT NULL DEFAULT '',"
    "  region_en TEXT NOT NULL DEFAULT '',"
    "  region_local TEXT NOT NULL DEFAULT '',"
    "  country_en TEXT NOT NULL DEFAULT '',"
    "  country_local TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (country_code, city_en, city_local, region_en, region_local, country_en,"
    "          country_local));"
    "CREATE TABLE imports ("
    "  id INTEGER PRIMARY KEY,"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  mode TEXT NOT NULL,"
    "  files_seen INTEGER NOT NULL DEFAULT 0,"
    "  imported INTEGER NOT NULL DEFAULT 0,"
    "  duplicates INTEGER NOT NULL DEFAULT 0,"
    "  failed INTEGER NOT NULL DEFAULT 0,"
    "  bytes INTEGER NOT NULL DEFAULT 0,"
    "  cancelled INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE import_errors ("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,"
    "  path TEXT NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE TABLE items ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  primary_hash TEXT NOT NULL,"
    "  kind INTEGER NOT NULL DEFAULT 0,"
    "  format TEXT,"
    "  mime_type TEXT,"
    "  stored_width INTEGER NOT NULL DEFAULT 0,"
    "  stored_height INTEGER NOT NULL DEFAULT 0,"
    "  width INTEGER NOT NULL DEFAULT 0,"
    "  height INTEGER NOT NULL DEFAULT 0,"
    "  orientation INTEGER NOT NULL DEFAULT 1,"
    "  taken_local TEXT,"
    "  utc_offset_minutes INTEGER,"
    "  taken_utc_usec INTEGER,"
    "  date_source TEXT,"
    "  camera_make TEXT,"
    "  camera_model TEXT,"
    "  camera TEXT,"
    "  lens TEXT,"
    "  exposure_time REAL,"
    "  f_number REAL,"
    "  iso INTEGER,"
    "  focal_length REAL,"
    "  latitude REAL,"
    "  longitude REAL,"
    "  altitude REAL,"
    "  place_id INTEGER REFERENCES places (id) ON DELETE SET NULL,"
    "  caption TEXT,"
    "  favourite INTEGER NOT NULL DEFAULT 0,"
    "  rating INTEGER,"
    "  duration_usec INTEGER NOT NULL DEFAULT 0,"
    "  trashed_at INTEGER,"
    "  orientation_override INTEGER,"
    "  imported_at INTEGER NOT NULL,"
    "  import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL);"
    "CREATE TABLE files ("
    "  id INTEGER PRIMARY KEY,"
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  sha256 TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('original', 'raw', 'sidecar', 'cloud-copy')),"
    "  size INTEGER NOT NULL,"
    "  format TEXT);"
    "CREATE TABLE locations ("
    "  id INTEGER PRIMARY KEY,"
    "  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,"
    "  path TEXT NOT NULL UNIQUE,"
    "  size INTEGER NOT NULL,"
    "  mtime_usec INTEGER NOT NULL,"
    "  managed INTEGER NOT NULL DEFAULT 0,"
    "  missing INTEGER NOT NULL DEFAULT 0,"
    "  last_seen INTEGER);"
    "CREATE TABLE keywords ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE item_keywords ("
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  keyword_id INTEGER NOT NULL REFERENCES keywords (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (item_id, keyword_id)) WITHOUT ROWID;"
    "CREATE TABLE albums ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  cover_item_id INTEGER REFERENCES items (id) ON DELETE SET NULL);"
    "CREATE TABLE album_items ("
    "  album_id INTEGER NOT NULL REFERENCES albums (id) ON DELETE CASCADE,"
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (album_id, item_id)) WITHOUT ROWID;"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  name TEXT,"
    "  start_local TEXT,"
    "  end_local TEXT);"
    "CREATE TABLE event_items ("
    "  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,"
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (event_id, item_id)) WITHOUT ROWID;"
    "CREATE TABLE people ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  name TEXT,"
    "  hidden INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE faces ("
    "  id INTEGER PRIMARY KEY,"
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL, box_h REAL NOT NULL,"
    "  descriptor BLOB,"
    "  person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,"
    "  confirmed INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE labels ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE item_labels ("
    "  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
    "  label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,"
    "  confidence REAL NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (item_id, label_id)) WITHOUT ROWID;"
    "CREATE TABLE tombstones ("
    "  sha256 TEXT PRIMARY KEY,"
    "  deleted_at INTEGER NOT NULL) WITHOUT ROWID;";

/* v2: the library's identity and settings, the day column the timeline
 * groups by, and the indexes every view needs (checked with EXPLAIN QUERY
 * PLAN, see bench/catalogue). */
static const char schema_v2[] =
    "CREATE TABLE library ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  uuid TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL) WITHOUT ROWID;"
    "ALTER TABLE items ADD COLUMN taken_day TEXT"
    "  GENERATED ALWAYS AS (substr (taken_local, 1, 10)) VIRTUAL;"
    "CREATE INDEX items_timeline ON items (taken_local DESC, id DESC) WHERE trashed_at IS NULL;"
    "CREATE INDEX items_state ON items (trashed_at, kind);"
    "CREATE INDEX items_trash ON items (trashed_at) WHERE trashed_at IS NOT NULL;"
    "CREATE INDEX items_day ON items (taken_day) WHERE trashed_at IS NULL;"
    "CREATE INDEX items_place ON items (place_id, taken_local DESC, id DESC);"
    "CREATE INDEX items_camera ON items (camera);"
    "CREATE INDEX items_import ON items (import_id);"
    "CREATE INDEX items_hash ON items (primary_hash);"
    "CREATE INDEX files_item ON files (item_id);"
    "CREATE INDEX files_sha256 ON files (sha256);"
    "CREATE INDEX locations_file ON locations (file_id);"
    "CREATE INDEX import_errors_import ON import_errors (import_id);"
    "CREATE INDEX item_keywords_keyword ON item_keywords (keyword_id);"
    "CREATE INDEX album_items_item ON album_items (item_id);"
    "CREATE INDEX album_items_position ON album_items (album_id, position);"
    "CREATE INDEX event_items_item ON event_items (item_id);"
    "CREATE INDEX faces_item ON faces (item_id);"
    "CREATE INDEX faces_person ON faces (person_id);"
    "CREATE INDEX item_labels_label ON item_labels (label_id);";

static gboolean
migrate_v2_library_id (SvDb *db, GError **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt;

  stmt =
      _sv_db_prepare (db, "INSERT INTO library (id, uuid, created_at) VALUES (1, ?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  return _sv_db_step_done (db, stmt, error);
}

/* The search document's columns up to its labels (shared by v3 and v6,
 * which only changed how labels are spelled). */
#define SV_SEARCH_DOC_HEAD                                                                         \
  "  coalesce (i.caption, '') AS caption,"                                                         \
  "  coalesce ((SELECT group_concat (k.name, ' ') FROM item_keywords ik"                           \
  "             JOIN keywords k ON k.id = ik.keyword_id WHERE ik.item_id = i.id), '') AS "         \
  "keywords,"                                                                                      \
  "  coalesce ((SELECT group_concat (a.name, ' ') FROM album_items ai"                             \
  "             JOIN albums a ON a.id = ai.album_id WHERE ai.item_id = i.id), '') AS albums,"      \
  "  coalesce ((SELECT group_concat (DISTINCT pe.name) FROM faces fa"                              \
  "             JOIN people pe ON pe.id = fa.person_id"                                            \
  "             WHERE fa.item_id = i.id AND pe.name IS NOT NULL), '') AS people,"                  \
  "  coalesce ((SELECT pl.city_en || ' ' || pl.city_local || ' ' || pl.region_en || ' ' ||"        \
  "                    pl.region_local || ' ' || pl.country_en || ' ' || pl.country_local || ' ' " \
  "||"                                                                                             \
  "                    pl.country_code FROM places pl WHERE pl.id = i.place_id), '') AS places,"   \
  "  coalesce (i.camera, '') || ' ' || coalesce (i.camera_make, '') || ' ' ||"                     \
  "  coalesce (i.camera_model, '') || ' ' || coalesce (i.lens, '') AS camera,"                     \
  "  coalesce ((SELECT group_concat (substr (lo.path, length (rtrim (lo.path,"                     \
  "                                   replace (lo.path, '/', ''))) + 1), ' ')"                     \
  "             FROM files fi JOIN locations lo ON lo.file_id = fi.id"                             \
  "             WHERE fi.item_id = i.id), '') AS files,"

/* v3 (albums, edits, search; see src/core/catalogue/sv-catalogue-albums.h,
 * sv-catalogue-edits.h and src/core/search/): album description, sort mode
 * and modification time; the user's date and place fixes (items keeps the
 * effective values every view reads, item_overrides the file's originals
 * and the fix, so "undo" restores them); the full-text index, one row per
 * item (rowid = item id) built from the view search_doc and kept in sync by
 * triggers on every table it reads, so no writer can forget it. */
static const char
    schema_v3[] =
        "ALTER TABLE albums ADD COLUMN description TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE albums ADD COLUMN sort_mode INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE albums ADD COLUMN cover_auto INTEGER NOT NULL DEFAULT 1;"
        "ALTER TABLE albums ADD COLUMN modified_at INTEGER NOT NULL DEFAULT 0;"
        "UPDATE albums SET modified_at = created_at, cover_auto = (cover_item_id IS NULL);"
        "CREATE INDEX albums_name ON albums (name);"
        "CREATE TABLE item_overrides ("
        "  item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
        "  date_fixed INTEGER NOT NULL DEFAULT 0,"
        "  shift_minutes INTEGER NOT NULL DEFAULT 0,"
        "  tz_minutes INTEGER,"
        "  orig_taken_local TEXT,"
        "  orig_utc_offset_minutes INTEGER,"
        "  orig_taken_utc_usec INTEGER,"
        "  place_fixed INTEGER NOT NULL DEFAULT 0,"
        "  orig_place_id INTEGER REFERENCES places (id) ON DELETE SET NULL);"
        "CREATE INDEX item_overrides_place ON item_overrides (orig_place_id);"
        "CREATE INDEX items_favourite ON items (taken_local DESC, id DESC)"
        "  WHERE favourite = 1 AND trashed_at IS NULL;"
        "CREATE VIEW search_doc AS SELECT i.id AS id," SV_SEARCH_DOC_HEAD
        "  coalesce ((SELECT group_concat (lb.name, ' ') FROM item_labels il"
        "             JOIN labels lb ON lb.id = il.label_id WHERE il.item_id = i.id), '') AS labels"
        "  FROM items i;"
        "CREATE VIRTUAL TABLE search_fts USING fts5 ("
        "  caption, keywords, albums, people, places, camera, files, labels,"
        "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
        "INSERT INTO search_fts (rowid, caption, keywords, albums, people, places, camera, files, "
        "labels)"
        "  SELECT * FROM search_doc;"
#define SV_FTS_REFRESH(ids)                                                                        \
  "DELETE FROM search_fts WHERE rowid IN (" ids ");"                                               \
  "INSERT INTO search_fts (rowid, caption, keywords, albums, people, places, camera, files,"       \
  " labels) SELECT * FROM search_doc WHERE id IN (" ids ");"
        "CREATE TRIGGER search_items_ai AFTER INSERT ON items BEGIN " SV_FTS_REFRESH (
            "NEW.id") " END;"
                      "CREATE TRIGGER search_items_au AFTER UPDATE OF caption, camera, "
                      "camera_make, camera_model,"
                      "  lens, place_id ON items BEGIN " SV_FTS_REFRESH (
                          "NEW.id") " END;"
                                    "CREATE TRIGGER search_items_ad AFTER DELETE ON items BEGIN "
                                    "  DELETE FROM search_fts WHERE rowid = OLD.id; END;"
                                    "CREATE TRIGGER search_item_keywords_ai AFTER INSERT ON "
                                    "item_keywords BEGIN " SV_FTS_REFRESH (
                                        "NEW.item_id") " END;"
                                                       "CREATE TRIGGER search_item_keywords_ad "
                                                       "AFTER DELETE ON item_keywords "
                                                       "BEGIN " SV_FTS_REFRESH (
                                                           "OLD.item_id") " END;"
                                                                          "CREATE TRIGGER "
                                                                          "search_keywords_au "
                                                                          "AFTER UPDATE OF name ON "
                                                                          "keywords "
                                                                          "BEGIN " SV_FTS_REFRESH ("SELECT item_id FROM item_keywords WHERE keyword_id = NEW.id") " END;"
                                                                                                                                                                  "CREATE TRIGGER search_album_items_ai AFTER INSERT ON album_items BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                      "NEW.item_id") " END;"
                                                                                                                                                                                     "CREATE TRIGGER search_album_items_ad AFTER DELETE ON album_items BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                         "OLD.item_id") " END;"
                                                                                                                                                                                                        "CREATE TRIGGER search_albums_au AFTER UPDATE OF name ON albums BEGIN " SV_FTS_REFRESH ("SELECT item_id FROM album_items WHERE album_id = NEW.id") " END;"
                                                                                                                                                                                                                                                                                                                                                           "CREATE TRIGGER search_places_au AFTER UPDATE ON places BEGIN " SV_FTS_REFRESH ("SELECT id FROM items WHERE place_id = NEW.id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                           "CREATE TRIGGER search_locations_ai AFTER INSERT ON locations BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "SELECT item_id FROM files WHERE id = NEW.file_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   "CREATE TRIGGER search_locations_ad AFTER DELETE ON locations BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       "SELECT item_id FROM files WHERE id = OLD.file_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                           "CREATE TRIGGER search_locations_au AFTER UPDATE OF path ON locations BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "SELECT item_id FROM files WHERE id = NEW.file_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   "CREATE TRIGGER search_people_au AFTER UPDATE OF name ON people BEGIN " SV_FTS_REFRESH ("SELECT item_id FROM faces WHERE person_id = NEW.id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "CREATE TRIGGER search_faces_ai AFTER INSERT ON faces BEGIN " SV_FTS_REFRESH ("NEW.item_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "CREATE TRIGGER search_faces_ad AFTER DELETE ON faces BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  "OLD.item_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "CREATE TRIGGER search_faces_au AFTER UPDATE OF person_id, item_id ON faces BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     "OLD.item_id, NEW.item_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "CREATE TRIGGER search_labels_au AFTER UPDATE OF name ON labels BEGIN " SV_FTS_REFRESH (
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     "SELECT item_id FROM item_labels WHERE label_id = NEW.id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                "CREATE TRIGGER search_item_labels_ai AFTER INSERT ON item_labels BEGIN " SV_FTS_REFRESH ("NEW.item_id") " END;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         "CREATE TRIGGER search_item_labels_ad AFTER DELETE ON item_labels BEGIN " SV_FTS_REFRESH ("OLD.item_id") " END;";
#undef SV_FTS_REFRESH

/* Lifecycle (trash, events): where a managed original was before it moved
 * into the library's trash folder; which events and memberships the user
 * made (never recomputed), covers, folder-given names and episodes. An item
 * belongs to at most one event. */
static const char schema_lifecycle[] =
    "CREATE TABLE trash_moves ("
    "  location_id INTEGER PRIMARY KEY REFERENCES locations (id) ON DELETE CASCADE,"
    "  original_path TEXT NOT NULL,"
    "  moved_at INTEGER NOT NULL);"
    "ALTER TABLE events ADD COLUMN name_source TEXT;"
    "ALTER TABLE events ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN cover_item_id INTEGER REFERENCES items (id) ON DELETE SET NULL;"
    "ALTER TABLE events ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE event_items ADD COLUMN user_set INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE event_items ADD COLUMN episode INTEGER NOT NULL DEFAULT 0;"
    "CREATE UNIQUE INDEX event_items_one_event ON event_items (item_id);"
    "CREATE INDEX events_start ON events (start_local);";

/* faces and labels (analysis): face geometry, descriptor and the user's
 * decisions, label names in both languages, per-item analysis state. */
static const char schema_analysis[] =
    "ALTER TABLE faces ADD COLUMN landmarks BLOB;"
    "ALTER TABLE faces ADD COLUMN score REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE faces ADD COLUMN size_px INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE faces ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE faces ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE people ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE labels ADD COLUMN name_en TEXT;"
    "ALTER TABLE labels ADD COLUMN name_fr TEXT;"
    "CREATE TABLE analysis_state ("
    "  item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
    "  version INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('done', 'failed')),"
    "  error TEXT,"
    "  analysed_at INTEGER NOT NULL,"
    "  faces_done INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE face_not_person ("
    "  face_id INTEGER NOT NULL REFERENCES faces (id) ON DELETE CASCADE,"
    "  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (face_id, person_id)) WITHOUT ROWID;"
    "CREATE INDEX face_not_person_person ON face_not_person (person_id);"
    "CREATE INDEX faces_rejected ON faces (rejected, person_id);";

/* v6 (lifecycle, analysis, search): the watched folders every client of the
 * library shares; each item's perceptual hash (64-bit DCT pHash of the grid
 * thumbnail, NULL until computed) for near-duplicate grouping; label names in
 * both languages in the search document, so "plage" finds a beach. */
static const char schema_v6[] =
    "CREATE TABLE watched_folders ("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL UNIQUE,"
    "  added_at INTEGER NOT NULL,"
    "  last_scan INTEGER);"
    "ALTER TABLE items ADD COLUMN phash INTEGER;"
    "CREATE INDEX locations_missing ON locations (file_id) WHERE missing = 1;"
    "DROP VIEW search_doc;"
    "CREATE VIEW search_doc AS SELECT i.id AS id," SV_SEARCH_DOC_HEAD
    "  coalesce ((SELECT group_concat (lb.name || ' ' || coalesce (lb.name_en, '') || ' ' ||"
    "                                  coalesce (lb.name_fr, ''), ' ') FROM item_labels il"
    "             JOIN labels lb ON lb.id = il.label_id WHERE il.item_id = i.id), '') AS labels"
    "  FROM items i;"
    "DELETE FROM search_fts;"
    "INSERT INTO search_fts (rowid, caption, keywords, albums, people, places, camera, files, "
    "labels)"
    "  SELECT * FROM search_doc;"
    "DROP TRIGGER search_labels_au;"
    "CREATE TRIGGER search_labels_au AFTER UPDATE OF name, name_en, name_fr ON labels BEGIN "
    "  DELETE FROM search_fts WHERE rowid IN"
    "    (SELECT item_id FROM item_labels WHERE label_id = NEW.id);"
    "  INSERT INTO search_fts (rowid, caption, keywords, albums, people, places, camera, files,"
    "    labels) SELECT * FROM search_doc WHERE id IN"
    "    (SELECT item_id FROM item_labels WHERE label_id = NEW.id); END;";

/* v7 (search): rating filters ("rating>=4") read the rated few from this
 * covering index and sort them, instead of walking every live item. */
static const char schema_v7[] =
    "CREATE INDEX items_rating ON items (rating, taken_local) WHERE trashed_at IS NULL;";

static const SvMigration migrations[] = {
  { schema_v1, NULL },       { schema_v2, migrate_v2_library_id },
  { schema_v3, NULL },       { schema_lifecycle, NULL },
  { schema_analysis, NULL }, { schema_v6, NULL },
  { schema_v7, NULL },
};

const SvMigration *
_sv_catalogue_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
