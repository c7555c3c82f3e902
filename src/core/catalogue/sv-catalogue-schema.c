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

static const SvMigration migrations[] = {
  { schema_v1, NULL },
  { schema_v2, migrate_v2_library_id },
};

const SvMigration *
_sv_catalogue_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
