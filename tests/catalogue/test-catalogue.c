/* test-catalogue.c: the SQLite catalogue on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "catalogue-test-util.h"
#include "sv-json.h"

static const TestFileSpec paris = {
  "2023-07-14T10:00:00", "Nikon D750", "Paris", "Paris", "France", "France", "FR", 0, TRUE,
};
static const TestFileSpec roma = {
  "2022-05-01T08:30:00.250", "Canon EOS 6D", "Rome", "Roma", "Italy", "Italia", "IT", 0, FALSE,
};
static const TestFileSpec munich = {
  "2021-12-24T18:00:00",
  "Apple iPhone 7",
  "Munich",
  "München",
  "Germany",
  "Deutschland",
  "DE",
  0,
  FALSE,
};
static const TestFileSpec video = {
  "2023-07-15T09:00:00", "Apple iPhone 7", NULL, NULL, NULL, NULL, NULL, SV_MEDIA_KIND_VIDEO, FALSE,
};
static const TestFileSpec undated = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, FALSE };

static char *
pragma_text (SvDb *db, const char *sql)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, NULL);
  char *value = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static void
test_open_create (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *trash = g_build_filename (dir, "trash", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvDb) reader = NULL;
  g_autofree char *id = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *fk = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *version = NULL;

  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cat);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (trash, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (backups, G_FILE_TEST_IS_DIR));
  g_assert_cmpstr (sv_catalogue_get_library_dir (cat), ==, dir);
  g_assert_true (g_uuid_string_is_valid (sv_catalogue_get_library_id (cat)));
  g_assert_cmpint (_sv_catalogue_get_user_version (cat), ==, _sv_catalogue_get_latest_version ());
  id = g_strdup (sv_catalogue_get_library_id (cat));
  cache = sv_catalogue_get_cache_dir (cat);
  g_assert_true (g_str_has_suffix (cache, id));
  g_assert_true (g_str_has_prefix (cache, g_get_user_cache_dir ()));

  /* Pragmas, as a reader connection sees them (set the same way). */
  reader = _sv_catalogue_open_reader (cat, &error);
  g_assert_no_error (error);
  mode = pragma_text (reader, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  fk = pragma_text (reader, "PRAGMA foreign_keys");
  g_assert_cmpstr (fk, ==, "1");
  sync = pragma_text (reader, "PRAGMA synchronous");
  g_assert_cmpstr (sync, ==, "1");
  timeout = pragma_text (reader, "PRAGMA busy_timeout");
  g_assert_cmpstr (timeout, ==, "5000");
  version = pragma_text (reader, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, _sv_catalogue_get_latest_version ());

  /* The write connection enforces foreign keys: deleting an item cascades. */
  {
    gint64 item = test_add_one (cat, "a.jpg", "a", &paris);
    g_autofree char *count = NULL;

    g_assert_true (sv_catalogue_delete_items (cat, &item, 1, FALSE, &error));
    g_assert_no_error (error);
    count = pragma_text (reader, "SELECT count(*) FROM files");
    g_assert_cmpstr (count, ==, "0");
    g_free (count);
    count = pragma_text (reader, "SELECT count(*) FROM locations");
    g_assert_cmpstr (count, ==, "0");
  }

  /* Reopening keeps the id. */
  g_clear_pointer (&reader, _sv_db_free);
  g_clear_object (&cat);
  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sv_catalogue_get_library_id (cat), ==, id);
}

static void
test_default_dir (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "souvenir", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *from_env = NULL;

  g_unsetenv ("SOUVENIR_LIBRARY");
  dir = sv_catalogue_default_library_dir ();
  g_assert_cmpstr (dir, ==, expected);
  g_setenv ("SOUVENIR_LIBRARY", "/srv/photos/../library", TRUE);
  from_env = sv_catalogue_default_library_dir ();
  g_assert_cmpstr (from_env, ==, "/srv/library");
  g_unsetenv ("SOUVENIR_LIBRARY");
}

typedef struct
{
  SvCatalogue *cat;
  char *value;
  gint done;
} SettingReader;

static gpointer
read_setting_thread (gpointer user_data)
{
  SettingReader *reader = user_data;

  reader->value = sv_catalogue_get_setting (reader->cat, "import-mode");
  g_atomic_int_set (&reader->done, 1);
  return NULL;
}

/* The window reads settings on the main thread while an import may hold the
 * catalogue for a whole batch: a read never waits for that lock, and sees
 * the last committed value. */
static void
test_settings_while_locked (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  SettingReader reader = { 0 };
  GThread *thread;

  g_assert_no_error (error);
  g_assert_true (sv_catalogue_set_setting (cat, "import-mode", "copy", &error));
  g_assert_no_error (error);
  reader.cat = cat;
  {
    SvDb *db = NULL;
    g_autoptr (SvCatalogueLocker) locker = _sv_catalogue_locker_new (cat, &db);

    /* A write in progress, not committed yet. */
    g_assert_true (_sv_db_begin (db, &error));
    g_assert_true (_sv_db_exec (
        db, "UPDATE settings SET value = 'reference' WHERE key = 'import-mode'", &error));
    thread = g_thread_new ("reader", read_setting_thread, &reader);
    /* Bounded wait (a hang fails instead of blocking): the reader must
     * finish while the lock is still held. */
    for (guint i = 0; i < 5000 && !g_atomic_int_get (&reader.done); i++)
      g_usleep (1000);
    g_assert_true (g_atomic_int_get (&reader.done));
    _sv_db_rollback (db);
  }
  g_thread_join (thread);
  g_assert_cmpstr (reader.value, ==, "copy");
  g_free (reader.value);
}

static void
test_settings (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autofree char *mode = NULL;
  g_autofree char *root = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *days = NULL;
  g_autofree char *unknown = NULL;

  g_assert_no_error (error);
  mode = sv_catalogue_get_setting (cat, "import-mode");
  g_assert_cmpstr (mode, ==, "reference");
  root = sv_catalogue_get_setting (cat, "managed-root");
  g_assert_true (g_path_is_absolute (root));
  g_assert_true (g_str_has_suffix (root, "/Souvenir"));
  limit = sv_catalogue_get_setting (cat, "pixel-limit");
  g_assert_cmpstr (limit, ==, "100000000");
  days = sv_catalogue_get_setting (cat, "trash-retention-days");
  g_assert_cmpstr (days, ==, "30");
  unknown = sv_catalogue_get_setting (cat, "no-such-key");
  g_assert_null (unknown);

  g_assert_true (sv_catalogue_set_setting (cat, "import-mode", "copy", &error));
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_set_setting (cat, "managed-root", "/mnt/photos", &error));
  g_assert_true (sv_catalogue_set_setting (cat, "pixel-limit", "5000", &error));
  g_assert_true (sv_catalogue_set_setting (cat, "trash-retention-days", "7", &error));
  g_assert_no_error (error);

  g_assert_false (sv_catalogue_set_setting (cat, "import-mode", "move", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_set_setting (cat, "managed-root", "relative/dir", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_set_setting (cat, "pixel-limit", "-3", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_set_setting (cat, "trash-retention-days", "12abc", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_set_setting (cat, "colour", "blue", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Stored in the catalogue: another opening sees them. */
  g_clear_object (&cat);
  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  g_free (mode);
  mode = sv_catalogue_get_setting (cat, "import-mode");
  g_assert_cmpstr (mode, ==, "copy");
  g_free (root);
  root = sv_catalogue_get_setting (cat, "managed-root");
  g_assert_cmpstr (root, ==, "/mnt/photos");
  g_free (limit);
  limit = sv_catalogue_get_setting (cat, "pixel-limit");
  g_assert_cmpstr (limit, ==, "5000");
  g_free (days);
  days = sv_catalogue_get_setting (cat, "trash-retention-days");
  g_assert_cmpstr (days, ==, "7");
}

typedef struct
{
  guint emissions;
  GArray *added, *changed, *removed;
  GThread *thread;
} ChangedLog;

static void
on_changed_cb (SvCatalogue *cat, GArray *added, GArray *changed, GArray *removed, ChangedLog *log)
{
  log->emissions++;
  log->thread = g_thread_self ();
  g_clear_pointer (&log->added, g_array_unref);
  g_clear_pointer (&log->changed, g_array_unref);
  g_clear_pointer (&log->removed, g_array_unref);
  log->added = g_array_ref (added);
  log->changed = g_array_ref (changed);
  log->removed = g_array_ref (removed);
}

static void
changed_log_clear (ChangedLog *log)
{
  g_clear_pointer (&log->added, g_array_unref);
  g_clear_pointer (&log->changed, g_array_unref);
  g_clear_pointer (&log->removed, g_array_unref);
}

static void
test_add_files_duplicates (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvNewFile) a = test_new_file ("a.jpg", "alpha", &paris);
  g_autoptr (SvNewFile) a_copy = test_new_file ("copies/a.jpg", "alpha", &paris);
  g_autoptr (SvNewFile) b = test_new_file ("b.jpg", "beta", &roma);
  g_autoptr (SvNewFile) a_third = test_new_file ("third/a.jpg", "alpha", &paris);
  g_autoptr (SvNewFile) c = test_new_file ("c.jpg", "gamma", &munich);
  g_autoptr (SvNewFile) bad = test_new_file ("d.jpg", "delta", &munich);
  g_autoptr (GPtrArray) locations = NULL;
  SvNewFile *batch1[] = { a, a_copy, b };
  SvNewFile *batch2[] = { a_third, c, b };
  gint64 ids[3];
  gboolean is_new[3];
  gint64 item = 0, size = 0, mtime = 0;
  gint64 import_id;
  ChangedLog log = { 0 };
  SvImportCounts counts = { 3, 2, 1, 0, 3000, FALSE };

  g_assert_no_error (error);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &log);
  import_id = sv_catalogue_begin_import (cat, "reference", &error);
  g_assert_no_error (error);
  g_assert_cmpint (import_id, >, 0);

  /* A duplicate inside the batch. */
  g_assert_true (sv_catalogue_add_files (cat, import_id, batch1, 3, ids, is_new, &error));
  g_assert_no_error (error);
  g_assert_true (is_new[0]);
  g_assert_false (is_new[1]);
  g_assert_true (is_new[2]);
  g_assert_cmpint (ids[0], ==, ids[1]);
  g_assert_cmpint (ids[0], !=, ids[2]);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.added->len, ==, 2);
  g_assert_cmpuint (log.changed->len, ==, 0);
  g_assert_true (sv_catalogue_finish_import (cat, import_id, &counts, &error));
  g_assert_no_error (error);

  /* Across batches: a third location of alpha, b already recorded. */
  g_assert_true (sv_catalogue_add_files (cat, 0, batch2, 3, ids, is_new, &error));
  g_assert_no_error (error);
  g_assert_false (is_new[0]);
  g_assert_true (is_new[1]);
  g_assert_false (is_new[2]);
  g_assert_cmpuint (log.emissions, ==, 2);
  g_assert_cmpuint (log.added->len, ==, 1);
  g_assert_cmpint (g_array_index (log.added, gint64, 0), ==, ids[1]);
  g_assert_cmpuint (log.changed->len, ==, 1);
  g_assert_cmpint (g_array_index (log.changed, gint64, 0), ==, ids[0]);

  locations = sv_catalogue_get_locations (cat, ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (locations->len, ==, 3);
  g_clear_pointer (&locations, g_ptr_array_unref);
  locations = sv_catalogue_get_locations (cat, ids[2], &error);
  g_assert_cmpuint (locations->len, ==, 1);

  g_assert_cmpint (sv_catalogue_lookup_hash (cat, a->sha256), ==, ids[0]);
  g_assert_cmpint (sv_catalogue_lookup_hash (cat, bad->sha256), ==, 0);
  g_assert_true (
      sv_catalogue_lookup_location (cat, "/test/photos/copies/a.jpg", &item, &size, &mtime));
  g_assert_cmpint (item, ==, ids[0]);
  g_assert_cmpint (size, ==, a_copy->size);
  g_assert_cmpint (mtime, ==, a_copy->mtime_usec);
  g_assert_false (sv_catalogue_lookup_location (cat, "/test/photos/nothing.jpg", NULL, NULL, NULL));

  /* A bad file fails the whole batch and writes nothing. */
  {
    g_auto (SvQuery) q = { 0 };
    SvNewFile *batch3[] = { bad, NULL };
    g_autoptr (SvNewFile) relative = test_new_file ("e.jpg", "epsilon", &munich);
    guint before = log.emissions;

    g_free (relative->path);
    relative->path = g_strdup ("relative/e.jpg");
    batch3[1] = relative;
    sv_query_init (&q);
    g_assert_false (sv_catalogue_add_files (cat, 0, batch3, 2, NULL, NULL, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_cmpint (sv_catalogue_count (cat, &q, &error), ==, 3);
    g_assert_cmpint (sv_catalogue_lookup_hash (cat, bad->sha256), ==, 0);
    g_assert_cmpuint (log.emissions, ==, before);

    g_free (relative->sha256);
    relative->sha256 = g_strdup ("not-a-hash");
    g_free (relative->path);
    relative->path = g_strdup ("/test/photos/e.jpg");
    g_assert_false (sv_catalogue_add_files (cat, 0, batch3 + 1, 1, NULL, NULL, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* Import errors. */
  {
    g_autoptr (GPtrArray) errors = NULL;
    SvImportError *e;

    g_assert_true (
        sv_catalogue_add_import_error (cat, import_id, "/x/broken.jpg", "Truncated file", &error));
    g_assert_true (
        sv_catalogue_add_import_error (cat, import_id, "/x/huge.jpg", "Too large", &error));
    g_assert_no_error (error);
    errors = sv_catalogue_list_import_errors (cat, import_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (errors->len, ==, 2);
    e = g_ptr_array_index (errors, 1);
    g_assert_cmpstr (e->path, ==, "/x/huge.jpg");
    g_assert_cmpstr (e->reason, ==, "Too large");
  }
  g_assert_false (sv_catalogue_finish_import (cat, 9999, &counts, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sv_catalogue_begin_import (cat, "teleport", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The import id filters. */
  {
    g_auto (SvQuery) q = { 0 };
    sv_query_init (&q);
    q.import_id = import_id;
    g_assert_cmpint (sv_catalogue_count (cat, &q, &error), ==, 2);
  }
  changed_log_clear (&log);
}

static void
test_resolve_and_items (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *upper_uuid = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  JsonObject *obj;
  gint64 p, r;
  gint64 both[2];

  g_assert_no_error (error);
  p = test_add_one (cat, "paris.jpg", "paris", &paris);
  r = test_add_one (cat, "roma.jpg", "roma", &roma);
  g_assert_true (sv_catalogue_set_caption (cat, p, "Quatorze juillet", &error));
  g_assert_true (sv_catalogue_set_favourite (cat, p, TRUE, &error));
  g_assert_true (sv_catalogue_set_rating (cat, p, 4, &error));
  g_assert_no_error (error);

  item = sv_catalogue_get_item (cat, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sv_media_item_get_id (item), ==, p);
  g_assert_true (g_uuid_string_is_valid (sv_media_item_get_uuid (item)));
  g_assert_cmpstr (sv_media_item_get_path (item), ==, "/test/photos/paris.jpg");
  g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, "2023-07-14T10:00:00");
  g_assert_true (sv_media_item_get_has_utc_offset (item));
  g_assert_cmpint (sv_media_item_get_utc_offset (item), ==, 120);
  g_assert_true (sv_media_item_get_has_taken_utc (item));
  /* 2023-07-14T08:00:00Z */
  g_assert_cmpint (sv_media_item_get_taken_utc (item), ==,
                   G_GINT64_CONSTANT (1689321600) * G_USEC_PER_SEC);
  g_assert_cmpstr (sv_media_item_get_date_source (item), ==, "exif");
  g_assert_cmpint (sv_media_item_get_width (item), ==, 3000);
  g_assert_cmpint (sv_media_item_get_height (item), ==, 4000);
  g_assert_cmpint (sv_media_item_get_stored_width (item), ==, 4000);
  g_assert_cmpint (sv_media_item_get_orientation (item), ==, 6);
  g_assert_cmpstr (sv_media_item_get_camera (item), ==, "Nikon D750");
  g_assert_cmpint (sv_media_item_get_iso (item), ==, 200);
  g_assert_true (sv_media_item_get_has_gps (item));
  g_assert_cmpfloat_with_epsilon (sv_media_item_get_latitude (item), 48.8566, 1e-9);
  g_assert_cmpstr (sv_media_item_get_city (item, FALSE), ==, "Paris");
  g_assert_cmpstr (sv_media_item_get_country_code (item), ==, "FR");
  g_assert_null (sv_media_item_get_region (item, FALSE));
  g_assert_cmpstr (sv_media_item_get_caption (item), ==, "Quatorze juillet");
  g_assert_true (sv_media_item_get_favourite (item));
  g_assert_cmpint (sv_media_item_get_rating (item), ==, 4);
  g_assert_cmpint (sv_media_item_get_trashed_at (item), ==, 0);
  {
    g_autofree char *hash = sv_sha256_bytes_hex ("paris", 5);
    g_assert_cmpstr (sv_media_item_get_primary_hash (item), ==, hash);
  }

  /* JSON as the CLI prints it. */
  locations = sv_catalogue_get_locations (cat, p, &error);
  g_assert_no_error (error);
  node = sv_media_item_to_json (item, locations);
  obj = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (obj, "id"), ==, p);
  g_assert_cmpstr (json_object_get_string_member (obj, "taken_at"), ==, "2023-07-14T10:00:00");
  g_assert_cmpstr (json_object_get_string_member (obj, "utc_offset"), ==, "+02:00");
  g_assert_cmpstr (json_object_get_string_member (obj, "taken_utc"), ==, "2023-07-14T08:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (obj, "kind"), ==, "photo");
  g_assert_cmpstr (json_object_get_string_member (obj, "camera"), ==, "Nikon D750");
  g_assert_cmpint (json_object_get_int_member (obj, "iso"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj, "sha256"), ==,
                   sv_media_item_get_primary_hash (item));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (obj, "place"), "country_code"),
      ==, "FR");
  g_assert_cmpfloat_with_epsilon (
      json_object_get_double_member (json_object_get_object_member (obj, "gps"), "lon"), 2.3522,
      1e-9);
  g_assert_true (json_object_get_boolean_member (obj, "favourite"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "keywords")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "files")), ==, 1);
  g_assert_true (json_object_has_member (obj, "lens"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "lens")));

  /* get_items keeps the order asked for. */
  both[0] = r;
  both[1] = p;
  items = sv_catalogue_get_items (cat, both, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sv_media_item_get_id (g_ptr_array_index (items, 0)), ==, r);
  g_assert_cmpint (sv_media_item_get_id (g_ptr_array_index (items, 1)), ==, p);
  g_clear_pointer (&items, g_ptr_array_unref);
  both[1] = 12345;
  items = sv_catalogue_get_items (cat, both, 2, &error);
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_assert_null (items);
  g_clear_error (&error);
  g_assert_null (sv_catalogue_get_item (cat, 777, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* resolve by id, uuid (any case), absolute and relative path. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, r);
  g_assert_cmpint (sv_catalogue_resolve (cat, id_text, &error), ==, r);
  g_assert_cmpint (sv_catalogue_resolve (cat, sv_media_item_get_uuid (item), &error), ==, p);
  upper_uuid = g_ascii_strup (sv_media_item_get_uuid (item), -1);
  g_assert_cmpint (sv_catalogue_resolve (cat, upper_uuid, &error), ==, p);
  g_assert_cmpint (sv_catalogue_resolve (cat, "/test/photos/roma.jpg", &error), ==, r);
  g_assert_cmpint (sv_catalogue_resolve (cat, "/test/photos/../photos/./roma.jpg", &error), ==, r);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir ("/"), ==, 0);
  g_assert_cmpint (sv_catalogue_resolve (cat, "test/photos/roma.jpg", &error), ==, r);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpint (sv_catalogue_resolve (cat, "999", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sv_catalogue_resolve (cat, "/nowhere.jpg", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Edits of unknown items and bad values fail. */
  g_assert_false (sv_catalogue_set_caption (cat, 999, "x", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_set_rating (cat, p, 9, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
assert_query (SvCatalogue *cat, const SvQuery *q, const gint64 *expected, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = sv_catalogue_query_ids (cat, q, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
  if (q->limit == 0 && q->offset == 0)
    g_assert_cmpint (sv_catalogue_count (cat, q, &error), ==, n);
}

static void
test_queries (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_auto (SvQuery) q = { 0 };
  gint64 p, r, m, v, u, r2;

  g_assert_no_error (error);
  p = test_add_one (cat, "paris.jpg", "paris", &paris);
  r = test_add_one (cat, "roma.jpg", "roma", &roma);
  m = test_add_one (cat, "munich.jpg", "munich", &munich);
  v = test_add_one (cat, "video.mp4", "video", &video);
  u = test_add_one (cat, "undated.jpg", "undated", &undated);
  r2 = test_add_one (cat, "roma2.jpg", "roma2", &roma); /* same date: newer id first */

  sv_query_init (&q);
  {
    gint64 all[] = { v, p, r2, r, m, u };
    assert_query (cat, &q, all, G_N_ELEMENTS (all));
  }
  q.limit = 2;
  q.offset = 1;
  {
    gint64 page[] = { p, r2 };
    assert_query (cat, &q, page, 2);
  }
  q.limit = 0;
  q.offset = 4;
  {
    gint64 tail[] = { m, u };
    assert_query (cat, &q, tail, 2);
  }
  q.offset = 0;

  /* Date range, both ends inclusive. */
  q.date_from = g_strdup ("2022-05-01");
  q.date_to = g_strdup ("2023-07-14");
  {
    gint64 range[] = { p, r2, r };
    assert_query (cat, &q, range, 3);
  }
  g_clear_pointer (&q.date_to, g_free);
  {
    gint64 from[] = { v, p, r2, r };
    assert_query (cat, &q, from, 4);
  }
  g_clear_pointer (&q.date_from, g_free);
  q.date_to = g_strdup ("2021-12-24");
  {
    gint64 to[] = { m };
    assert_query (cat, &q, to, 1);
  }
  g_free (q.date_to);
  q.date_to = g_strdup ("2021-13-01");
  g_assert_null (sv_catalogue_query_ids (cat, &q, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&q.date_to, g_free);

  /* Camera: case-insensitive substring; LIKE wildcards are literal. */
  q.camera = g_strdup ("iphone");
  {
    gint64 iphone[] = { v, m };
    assert_query (cat, &q, iphone, 2);
  }
  g_free (q.camera);
  q.camera = g_strdup ("%");
  assert_query (cat, &q, NULL, 0);
  g_clear_pointer (&q.camera, g_free);

  /* Place in English, in the local language, by country code, any case. */
  q.place = g_strdup ("Rome");
  {
    gint64 rome[] = { r2, r };
    assert_query (cat, &q, rome, 2);
  }
  g_free (q.place);
  q.place = g_strdup ("roma");
  {
    gint64 rome[] = { r2, r };
    assert_query (cat, &q, rome, 2);
  }
  g_free (q.place);
  q.place = g_strdup ("MÜNCHEN");
  {
    gint64 mu[] = { m };
    assert_query (cat, &q, mu, 1);
  }
  g_free (q.place);
  q.place = g_strdup ("deutschland");
  {
    gint64 mu[] = { m };
    assert_query (cat, &q, mu, 1);
  }
  g_free (q.place);
  q.place = g_strdup ("fr");
  {
    gint64 fr[] = { p };
    assert_query (cat, &q, fr, 1);
  }
  g_free (q.place);
  q.place = g_strdup ("Atlantis");
  assert_query (cat, &q, NULL, 0);
  g_clear_pointer (&q.place, g_free);

  /* Per-day counts follow the same filters and order. */
  {
    g_autoptr (GArray) days = sv_catalogue_count_by_day (cat, &q, &error);
    const char *expected_days[] = { "2023-07-15", "2023-07-14", "2022-05-01", "2021-12-24", NULL };
    guint expected_counts[] = { 1, 1, 2, 1, 1 };

    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, G_N_ELEMENTS (expected_counts));
    for (guint i = 0; i < days->len; i++)
      {
        SvDayCount *d = &g_array_index (days, SvDayCount, i);
        g_assert_cmpstr (d->day, ==, expected_days[i]);
        g_assert_cmpuint (d->count, ==, expected_counts[i]);
      }
  }
  q.camera = g_strdup ("iphone");
  {
    g_autoptr (GArray) days = sv_catalogue_count_by_day (cat, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (days->len, ==, 2);
    g_assert_cmpstr (g_array_index (days, SvDayCount, 1).day, ==, "2021-12-24");
  }
  g_clear_pointer (&q.camera, g_free);

  /* Kind. */
  q.kind = SV_MEDIA_KIND_VIDEO;
  {
    gint64 videos[] = { v };
    assert_query (cat, &q, videos, 1);
  }
  q.kind = -1;

  /* Favourites. */
  {
    gint64 favourites[] = { v, u };

    g_assert_true (sv_catalogue_set_favourite (cat, u, TRUE, &error));
    g_assert_true (sv_catalogue_set_favourite (cat, v, TRUE, &error));
    g_assert_no_error (error);
    q.favourites = TRUE;
    assert_query (cat, &q, favourites, G_N_ELEMENTS (favourites));
    q.favourites = FALSE;
    g_assert_true (sv_catalogue_set_favourite (cat, u, FALSE, &error));
    g_assert_true (sv_catalogue_set_favourite (cat, v, FALSE, &error));
  }

  /* Trash. */
  {
    gint64 trash[] = { r, m };
    gint64 live[] = { v, p, r2, u };
    gint64 restored[] = { v, p, r2, r, u };

    g_assert_true (sv_catalogue_set_trashed (cat, trash, 2, TRUE, &error));
    g_assert_no_error (error);
    assert_query (cat, &q, live, G_N_ELEMENTS (live));
    q.trashed = TRUE;
    {
      gint64 in_trash[] = { r, m };
      assert_query (cat, &q, in_trash, 2);
    }
    q.trashed = FALSE;
    g_assert_true (sv_catalogue_set_trashed (cat, &r, 1, FALSE, &error));
    assert_query (cat, &q, restored, G_N_ELEMENTS (restored));
  }
}

static void
test_stats (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_auto (SvCatalogueStats) stats = { 0 };
  g_autoptr (SvNewFile) copy = test_new_file ("copy-of-paris.jpg", "paris", &paris);
  SvNewFile *files[] = { copy };
  gint64 m, import_id;

  g_assert_no_error (error);
  import_id = sv_catalogue_begin_import (cat, "copy", &error);
  test_add_one (cat, "paris.jpg", "paris", &paris);
  test_add_one (cat, "roma.jpg", "roma", &roma);
  m = test_add_one (cat, "munich.jpg", "munich", &munich);
  test_add_one (cat, "video.mp4", "video", &video);
  test_add_one (cat, "undated.jpg", "undated", &undated);
  g_assert_true (sv_catalogue_add_files (cat, import_id, files, 1, NULL, NULL, &error));
  g_assert_true (sv_catalogue_add_import_error (cat, import_id, "/x.jpg", "bad", &error));
  g_assert_true (sv_catalogue_set_trashed (cat, &m, 1, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (sv_catalogue_get_stats (cat, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.items, ==, 4);
  g_assert_cmpint (stats.photos, ==, 3);
  g_assert_cmpint (stats.videos, ==, 1);
  g_assert_cmpint (stats.files, ==, 5);
  g_assert_cmpint (stats.locations, ==, 6);
  g_assert_cmpint (stats.missing, ==, 0);
  g_assert_cmpint (stats.trashed, ==, 1);
  g_assert_cmpint (stats.bytes, ==, 5 * 1000 + 5 + 4 + 6 + 5 + 7);
  g_assert_cmpint (stats.cameras, ==, 3);
  g_assert_cmpint (stats.places, ==, 2);
  g_assert_cmpint (stats.imports, ==, 1);
  g_assert_cmpint (stats.import_errors, ==, 1);
  g_assert_cmpstr (stats.first_day, ==, "2022-05-01");
  g_assert_cmpstr (stats.last_day, ==, "2023-07-15");
}

/* Writes @contents to @dir/@name and returns a file ready to add. */
static SvNewFile *
real_file (const char *dir, const char *name, const char *contents)
{
  g_autoptr (GError) error = NULL;
  SvNewFile *f = g_new0 (SvNewFile, 1);
  GStatBuf st;

  sv_new_file_init (f);
  f->path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (f->path, contents, -1, &error));
  g_assert_no_error (error);
  f->sha256 = sv_sha256_file_hex (f->path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  f->size = st.st_size;
  f->mtime_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  f->info.taken_local = g_strdup ("2020-01-01T00:00:00");
  return f;
}

static gboolean
has_problem (SvCheckReport *r, const char *path)
{
  for (guint i = 0; i < r->problems->len; i++)
    if (strstr (g_ptr_array_index (r->problems, i), path) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_check (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvNewFile) one = NULL;
  g_autoptr (SvNewFile) two = NULL;
  g_autoptr (SvNewFile) three = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *orphan = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *sub = NULL;
  g_auto (SvCheckReport) report = { 0 };
  g_autoptr (GPtrArray) locations = NULL;
  gint64 ids[3];
  ChangedLog log = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  one = real_file (photos, "one.jpg", "first file contents");
  two = real_file (photos, "two.jpg", "second file contents");
  three = real_file (photos, "three.jpg", "third file contents");
  {
    SvNewFile *files[] = { one, two, three };
    g_assert_true (sv_catalogue_add_files (cat, 0, files, 3, ids, NULL, &error));
    g_assert_no_error (error);
  }

  /* A clean library. */
  g_assert_true (sv_catalogue_check (cat, TRUE, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report.db_ok);
  g_assert_cmpuint (report.checked, ==, 3);
  g_assert_cmpuint (report.missing, ==, 0);
  g_assert_cmpuint (report.hash_mismatches, ==, 0);
  g_assert_cmpuint (report.problems->len, ==, 0);
  sv_check_report_clear (&report);

  /* Delete one, change the bytes (same size) of another, orphan thumbnails. */
  g_assert_cmpint (g_unlink (one->path), ==, 0);
  g_assert_true (g_file_set_contents (two->path, "SECOND file contents", -1, &error));
  cache = sv_catalogue_get_cache_dir (cat);
  sub = g_build_filename (cache, "256", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  {
    g_autofree char *orphan_hash = sv_sha256_bytes_hex ("nothing", 7);
    g_autofree char *orphan_name = g_strconcat (orphan_hash, ".png", NULL);
    g_autofree char *kept_name = g_strconcat (three->sha256, ".png", NULL);

    orphan = g_build_filename (sub, orphan_name, NULL);
    kept = g_build_filename (sub, kept_name, NULL);
    g_assert_true (g_file_set_contents (orphan, "png", -1, &error));
    g_assert_true (g_file_set_contents (kept, "png", -1, &error));
  }
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &log);

  g_assert_true (sv_catalogue_check (cat, TRUE, cache, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report.db_ok);
  g_assert_cmpuint (report.checked, ==, 3);
  g_assert_cmpuint (report.missing, ==, 1);
  g_assert_cmpuint (report.hash_mismatches, ==, 1);
  g_assert_cmpuint (report.orphan_thumbnails, ==, 1);
  g_assert_true (has_problem (&report, one->path));
  g_assert_true (has_problem (&report, two->path));
  g_assert_true (has_problem (&report, orphan));
  g_assert_false (has_problem (&report, kept));
  g_assert_false (has_problem (&report, three->path));
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.changed->len, ==, 1);
  g_assert_cmpint (g_array_index (log.changed, gint64, 0), ==, ids[0]);
  locations = sv_catalogue_get_locations (cat, ids[0], &error);
  g_assert_true (((SvFileLocation *) g_ptr_array_index (locations, 0))->missing);
  g_clear_pointer (&locations, g_ptr_array_unref);
  sv_check_report_clear (&report);

  /* Without hashing, the changed bytes go unnoticed (same size). */
  g_assert_true (sv_catalogue_check (cat, FALSE, NULL, &report, NULL, &error));
  g_assert_cmpuint (report.hash_mismatches, ==, 0);
  g_assert_cmpuint (report.missing, ==, 1);
  sv_check_report_clear (&report);

  /* The file comes back: present again. */
  g_assert_true (g_file_set_contents (one->path, "first file contents", -1, &error));
  g_assert_true (sv_catalogue_check (cat, FALSE, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.missing, ==, 0);
  locations = sv_catalogue_get_locations (cat, ids[0], &error);
  g_assert_false (((SvFileLocation *) g_ptr_array_index (locations, 0))->missing);
  sv_check_report_clear (&report);

  /* A cancelled check stops. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_cancellable_cancel (cancellable);
    g_assert_false (sv_catalogue_check (cat, TRUE, NULL, &report, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  changed_log_clear (&log);
}

/* Rows written with plain SQL valid for every schema version >= 1. */
static const char old_rows[] =
    "INSERT INTO imports (id, started_at, mode) VALUES (1, 1600000000000000, 'reference');"
    "INSERT INTO places (id, country_code, city_en, city_local, country_en, country_local)"
    "  VALUES (1, 'IT', 'Rome', 'Roma', 'Italy', 'Italia');"
    "INSERT INTO items (id, uuid, primary_hash, taken_local, camera, place_id, imported_at,"
    "  import_id, caption)"
    "  VALUES (1, '6f1a9c2e-1f0a-4d3b-9c8e-2a4b6c8d0e1f',"
    "  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
    "  '2019-08-15T12:00:00', 'Canon EOS 6D', 1, 1600000000000000, 1, 'Ferragosto');"
    "INSERT INTO items (id, uuid, primary_hash, taken_local, imported_at)"
    "  VALUES (2, '0b7e6f4a-5c3d-4e2f-8a1b-9c0d1e2f3a4b',"
    "  'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',"
    "  '2018-01-02T03:04:05', 1600000000000000);"
    "INSERT INTO files (id, item_id, sha256, role, size) VALUES"
    "  (1, 1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'original', 10),"
    "  (2, 2, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'original', 20);"
    "INSERT INTO locations (file_id, path, size, mtime_usec) VALUES"
    "  (1, '/old/rome.jpg', 10, 1), (2, '/old/other.jpg', 20, 2);"
    "INSERT INTO keywords (id, name) VALUES (1, 'holiday');"
    "INSERT INTO item_keywords (item_id, keyword_id) VALUES (1, 1);";

static guint
count_backups (const char *dir, int version, char **found)
{
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *prefix = g_strdup_printf ("library-v%d-", version);
  g_autoptr (GDir) d = g_dir_open (backups, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".db"))
      {
        n++;
        if (found != NULL)
          {
            g_free (*found);
            *found = g_build_filename (backups, name, NULL);
          }
      }
  return n;
}

static void
test_migrations (void)
{
  int latest = _sv_catalogue_get_latest_version ();

  g_assert_cmpint (latest, >=, 2);

  for (int k = 0; k < latest; k++)
    {
      g_autofree char *dir = test_library_dir ();
      g_autoptr (GError) error = NULL;
      g_autoptr (SvCatalogue) old = NULL;
      g_autoptr (SvCatalogue) cat = NULL;
      g_autoptr (SvMediaItem) item = NULL;
      g_autofree char *backup = NULL;
      g_auto (SvQuery) q = { 0 };

      g_test_message ("Migrating from version %d", k);
      old = _sv_catalogue_open_at_version (dir, k, &error);
      g_assert_no_error (error);
      g_assert_cmpint (_sv_catalogue_get_user_version (old), ==, k);
      if (k >= 1)
        {
          g_assert_true (_sv_catalogue_exec (old, old_rows, &error));
          g_assert_no_error (error);
        }
      g_clear_object (&old);

      cat = sv_catalogue_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpint (_sv_catalogue_get_user_version (cat), ==, latest);
      g_assert_true (g_uuid_string_is_valid (sv_catalogue_get_library_id (cat)));

      if (k == 0)
        {
          g_assert_cmpuint (count_backups (dir, 0, NULL), ==, 0);
          continue;
        }

      /* A backup of the old catalogue, readable and at the old version. */
      g_assert_cmpuint (count_backups (dir, k, &backup), ==, 1);
      {
        g_autoptr (SvDb) b = _sv_db_open (backup, SQLITE_OPEN_READONLY, &error);
        g_autofree char *v = NULL;
        g_autofree char *n = NULL;

        g_assert_no_error (error);
        v = pragma_text (b, "PRAGMA user_version");
        g_assert_cmpint (atoi (v), ==, k);
        n = pragma_text (b, "SELECT count(*) FROM items");
        g_assert_cmpstr (n, ==, "2");
      }

      /* The data survived, and the new columns and indexes work on it. */
      g_assert_cmpint (sv_catalogue_resolve (cat, "/old/rome.jpg", &error), ==, 1);
      g_assert_cmpint (sv_catalogue_resolve (cat, "0b7e6f4a-5c3d-4e2f-8a1b-9c0d1e2f3a4b", &error),
                       ==, 2);
      g_assert_no_error (error);
      item = sv_catalogue_get_item (cat, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, "2019-08-15T12:00:00");
      g_assert_cmpstr (sv_media_item_get_caption (item), ==, "Ferragosto");
      g_assert_cmpstr (sv_media_item_get_city (item, TRUE), ==, "Roma");
      g_assert_cmpstr (sv_media_item_get_keywords (item)[0], ==, "holiday");
      g_assert_cmpstr (sv_media_item_get_path (item), ==, "/old/rome.jpg");
      sv_query_init (&q);
      q.date_from = g_strdup ("2019-08-15");
      q.date_to = g_strdup ("2019-08-15");
      g_assert_cmpint (sv_catalogue_count (cat, &q, &error), ==, 1);
      sv_query_clear (&q);
      q.place = g_strdup ("italia");
      g_assert_cmpint (sv_catalogue_count (cat, &q, &error), ==, 1);
      g_assert_no_error (error);
      {
        g_autoptr (SvDb) reader = _sv_catalogue_open_reader (cat, &error);
        g_autofree char *day = pragma_text (reader, "SELECT taken_day FROM items WHERE id = 2");
        g_assert_cmpstr (day, ==, "2018-01-02");
      }
      /* Settings work after the migration; new files still get added. */
      g_assert_true (sv_catalogue_set_setting (cat, "import-mode", "copy", &error));
      g_assert_no_error (error);
      test_add_one (cat, "new.jpg", "new", &paris);

      /* Opening again migrates nothing and backs up nothing more. */
      g_clear_object (&cat);
      cat = sv_catalogue_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count_backups (dir, k, NULL), ==, 1);
      g_assert_cmpuint (count_backups (dir, latest, NULL), ==, 0);
    }
}

static void
assert_file_equals (const char *path, const char *contents, gsize len)
{
  g_autofree char *now = NULL;
  gsize now_len = 0;

  g_assert_true (g_file_get_contents (path, &now, &now_len, NULL));
  g_assert_cmpmem (now, now_len, contents, len);
}

static void
test_newer_refused (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  gsize before_len = 0;

  g_assert_no_error (error);
  test_add_one (cat, "a.jpg", "a", &paris);
  sql = g_strdup_printf ("PRAGMA user_version = %d", _sv_catalogue_get_latest_version () + 1);
  g_assert_true (_sv_catalogue_exec (cat, sql, &error));
  g_assert_no_error (error);
  g_clear_object (&cat);
  /* The last connection closed: everything is in the main file. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));

  cat = sv_catalogue_open (dir, &error);
  g_assert_null (cat);
  g_assert_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);
  assert_file_equals (db_path, before, before_len);
  g_assert_cmpuint (count_backups (dir, _sv_catalogue_get_latest_version () + 1, NULL), ==, 0);
}

static void
test_garbage_refused (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (GString) garbage = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < 400; i++)
    g_string_append (garbage, "This is a text file, not a catalogue. ");
  g_assert_true (g_file_set_contents (db_path, garbage->str, garbage->len, &error));

  cat = sv_catalogue_open (dir, &error);
  g_assert_null (cat);
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "library.db"));
  g_clear_error (&error);
  assert_file_equals (db_path, garbage->str, garbage->len);

  /* Another program's SQLite database is not ours either. */
  g_assert_cmpint (g_unlink (db_path), ==, 0);
  {
    g_autoptr (SvDb) other =
        _sv_db_open (db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &error);
    g_assert_no_error (error);
    g_assert_true (_sv_db_exec (other, "CREATE TABLE songs (title TEXT)", &error));
  }
  cat = sv_catalogue_open (dir, &error);
  g_assert_null (cat);
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
}

typedef struct
{
  SvCatalogue *cat;
  gint64 item_id;
  gboolean ok;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr (SvNewFile) f = test_new_file ("from-thread.jpg", "thread", &paris);
  SvNewFile *files[] = { f };

  data->ok = sv_catalogue_add_files (data->cat, 0, files, 1, &data->item_id, NULL, NULL);
  return NULL;
}

static void
test_changed_from_thread (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  ChangedLog log = { 0 };
  WriterData data = { cat, 0, FALSE };
  GThread *thread;

  g_assert_no_error (error);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &log);
  thread = g_thread_new ("writer", writer_thread, &data);
  g_thread_join (thread);
  g_assert_true (data.ok);
  /* Not delivered in the writer thread: it waits for this context. */
  g_assert_cmpuint (log.emissions, ==, 0);
  while (log.emissions == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (log.thread == g_thread_self ());
  g_assert_cmpuint (log.added->len, ==, 1);
  g_assert_cmpint (g_array_index (log.added, gint64, 0), ==, data.item_id);
  changed_log_clear (&log);
}

typedef struct
{
  SvCatalogue *cat;
  guint thread;
} ConcurrentData;

/* Each thread adds 200 files in batches of 10: hashes 0..99 are shared by
 * all threads (duplicates across threads), the others are its own. */
static gpointer
concurrent_writer (gpointer user_data)
{
  ConcurrentData *data = user_data;

  for (guint batch = 0; batch < 20; batch++)
    {
      g_autoptr (GPtrArray) files =
          g_ptr_array_new_with_free_func ((GDestroyNotify) test_new_file_free);
      g_autoptr (GError) error = NULL;

      for (guint k = 0; k < 10; k++)
        {
          guint n = batch * 10 + k;
          g_autofree char *name = g_strdup_printf ("t%u/%u.jpg", data->thread, n);
          g_autofree char *seed = n < 100 ? g_strdup_printf ("shared-%u", n)
                                          : g_strdup_printf ("own-%u-%u", data->thread, n);
          g_ptr_array_add (files, test_new_file (name, seed, &paris));
        }
      g_assert_true (sv_catalogue_add_files (data->cat, 0, (SvNewFile *const *) files->pdata,
                                             files->len, NULL, NULL, &error));
      g_assert_no_error (error);
      /* Reads from the same thread go through the same lock. */
      g_assert_cmpint (
          sv_catalogue_lookup_hash (data->cat, ((SvNewFile *) files->pdata[0])->sha256), >, 0);
    }
  return NULL;
}

static void
test_concurrent_writers (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_auto (SvCatalogueStats) stats = { 0 };
  ConcurrentData data[4];
  GThread *threads[4];
  ChangedLog log = { 0 };

  g_assert_no_error (error);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &log);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i].cat = cat;
      data[i].thread = i;
      threads[i] = g_thread_new ("writer", concurrent_writer, &data[i]);
    }
  /* The main thread keeps reading meanwhile. */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (GArray) ids = test_query_all (cat);
      g_assert_cmpuint (ids->len, <=, 100 + 4 * 100);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* One emission per batch, all of them on this thread. */
  g_assert_cmpuint (log.emissions, ==, 4 * 20);
  g_assert_true (log.thread == g_thread_self ());

  g_assert_true (sv_catalogue_get_stats (cat, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.items, ==, 100 + 4 * 100);
  g_assert_cmpint (stats.files, ==, 100 + 4 * 100);
  g_assert_cmpint (stats.locations, ==, 4 * 200);
  changed_log_clear (&log);
}

/* Two processes (the app and the CLI, two app instances) may open a library
 * that does not exist yet at the same moment: each must see a complete
 * catalogue, none may run a migration step the other has already run. */
typedef struct
{
  const char *dir;
  gint *start;
  GError *error;
  int version;
} ParallelOpen;

static gpointer
parallel_open (gpointer user_data)
{
  ParallelOpen *data = user_data;
  g_autoptr (SvCatalogue) cat = NULL;

  while (!g_atomic_int_get (data->start))
    g_thread_yield ();
  cat = sv_catalogue_open (data->dir, &data->error);
  if (cat != NULL)
    data->version = _sv_catalogue_get_user_version (cat);
  return NULL;
}

static void
test_parallel_first_open (void)
{
  for (guint round = 0; round < 10; round++)
    {
      g_autofree char *dir = test_library_dir ();
      ParallelOpen data[4] = { 0 };
      GThread *threads[G_N_ELEMENTS (data)];
      gint start = 0;

      for (guint i = 0; i < G_N_ELEMENTS (data); i++)
        {
          data[i].dir = dir;
          data[i].start = &start;
          threads[i] = g_thread_new ("opener", parallel_open, &data[i]);
        }
      g_atomic_int_set (&start, 1);
      for (guint i = 0; i < G_N_ELEMENTS (data); i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (data[i].error);
          g_assert_cmpint (data[i].version, ==, _sv_catalogue_get_latest_version ());
        }
    }
}

static void
test_delete_and_tombstones (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autofree char *hash = sv_sha256_bytes_hex ("paris", 5);
  ChangedLog log = { 0 };
  gint64 p, r;

  g_assert_no_error (error);
  p = test_add_one (cat, "paris.jpg", "paris", &paris);
  r = test_add_one (cat, "roma.jpg", "roma", &roma);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &log);
  g_assert_false (sv_catalogue_has_tombstone (cat, hash));
  g_assert_true (sv_catalogue_delete_items (cat, &p, 1, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_has_tombstone (cat, hash));
  g_assert_cmpuint (log.removed->len, ==, 1);
  g_assert_cmpint (g_array_index (log.removed, gint64, 0), ==, p);
  g_assert_cmpint (sv_catalogue_lookup_hash (cat, hash), ==, 0);
  g_assert_false (sv_catalogue_lookup_location (cat, "/test/photos/paris.jpg", NULL, NULL, NULL));
  {
    g_autoptr (GPtrArray) left = sv_catalogue_get_locations (cat, r, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (left->len, ==, 1);
  }
  changed_log_clear (&log);
}

static char *
query_plan (SvDb *db, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db->db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

static void
assert_plan (SvDb *db, const char *sql, const char *index, gboolean sorts)
{
  g_autofree char *plan = query_plan (db, sql);

  g_test_message ("%s\n%s", sql, plan);
  g_assert_nonnull (strstr (plan, index));
  g_assert_true ((strstr (plan, "TEMP B-TREE") != NULL) == sorts);
}

static void
assert_query_plan (SvDb *db, const SvQuery *q, gboolean count, const char *index, gboolean sorts)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = _sv_query_build_sql (q, count, &error);

  g_assert_no_error (error);
  assert_plan (db, sql, index, sorts);
}

/* The indexes the views need are the ones the planner picks, on a
 * catalogue with enough rows for the statistics to matter. */
static void
test_query_plans (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (GPtrArray) files =
      g_ptr_array_new_with_free_func ((GDestroyNotify) test_new_file_free);
  g_autoptr (SvDb) db = NULL;
  g_auto (SvQuery) q = { 0 };
  const TestFileSpec *specs[] = { &paris, &roma, &munich, &video, &undated };

  g_assert_no_error (error);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *seed = g_strdup_printf ("plan-%u", i);
      TestFileSpec spec = *specs[i % G_N_ELEMENTS (specs)];
      g_autofree char *taken =
          g_strdup_printf ("20%02u-%02u-%02uT12:00:00", 10 + i % 14, 1 + i % 12, 1 + i % 28);

      if (spec.taken_local != NULL)
        spec.taken_local = taken;
      g_ptr_array_add (files, test_new_file (seed, seed, &spec));
    }
  g_assert_true (sv_catalogue_add_files (cat, 0, (SvNewFile *const *) files->pdata, files->len,
                                         NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GArray) ids = test_query_all (cat);
    g_assert_true (
        sv_catalogue_set_trashed (cat, (const gint64 *) (gpointer) ids->data, 20, TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_true (_sv_catalogue_exec (cat, "ANALYZE", &error));
  db = _sv_catalogue_open_reader (cat, &error);
  g_assert_no_error (error);

  sv_query_init (&q);
  q.limit = 200;
  assert_query_plan (db, &q, FALSE, "items_timeline", FALSE);
  assert_query_plan (db, &q, TRUE, "COVERING INDEX items_state", FALSE);
  q.kind = SV_MEDIA_KIND_VIDEO;
  assert_query_plan (db, &q, TRUE, "COVERING INDEX items_state", FALSE);
  q.kind = -1;
  q.date_from = g_strdup ("2015-06-01");
  q.date_to = g_strdup ("2015-06-30");
  assert_query_plan (db, &q, FALSE,
                     "SEARCH i USING INDEX items_timeline (taken_local>? AND taken_local<?)",
                     FALSE);
  assert_query_plan (db, &q, TRUE, "items_timeline (taken_local>? AND taken_local<?)", FALSE);
  g_clear_pointer (&q.date_from, g_free);
  g_clear_pointer (&q.date_to, g_free);
  q.place = g_strdup ("Roma");
  assert_query_plan (db, &q, FALSE, "items_place (place_id=?)", TRUE);
  assert_query_plan (db, &q, TRUE, "items_place (place_id=?)", FALSE);
  g_clear_pointer (&q.place, g_free);
  q.trashed = TRUE;
  assert_query_plan (db, &q, FALSE, "items_trash", TRUE);
  assert_query_plan (db, &q, TRUE, "items_trash", FALSE);

  assert_plan (db, "SELECT item_id FROM files WHERE sha256 = 'x'", "files_sha256", FALSE);
  assert_plan (db, "SELECT id FROM items WHERE primary_hash = 'x'", "items_hash", FALSE);
  assert_plan (db, "SELECT file_id FROM locations WHERE path = '/x'", "sqlite_autoindex_locations",
               FALSE);
  assert_plan (db,
               "SELECT taken_day, count(*) FROM items WHERE trashed_at IS NULL"
               " GROUP BY taken_day ORDER BY taken_day DESC",
               "items_day", FALSE);
  assert_plan (db,
               "SELECT count(*) FROM items WHERE taken_day = '2015-06-01' AND trashed_at IS NULL",
               "items_day", FALSE);
  assert_plan (db, "SELECT camera, count(*) FROM items GROUP BY camera", "items_camera", FALSE);
  assert_plan (db, "SELECT id FROM items WHERE camera = 'Nikon D750'", "items_camera", FALSE);
}

/* Metadata from hostile files: stored repaired or not at all, never crashing. */
static void
test_hostile_metadata (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvNewFile) f = test_new_file ("bad-\xff-name.jpg", "hostile", &paris);
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  g_autofree char *json = NULL;
  SvNewFile *files[] = { f };
  const char *bad_dates[] = { "0000:00:00 00:00:00",  "2023-02-30T10:00:00",
                              "2023-07-14T25:00",     "2023-07-14T10:00:00.1234567",
                              "2023-07-14T10:00:00Z", "" };
  gint64 id = 0;

  g_assert_no_error (error);
  g_free (f->info.camera);
  f->info.camera = g_strdup ("Cam\xff\xfe era");
  g_free (f->info.caption);
  f->info.caption = g_strdup ("caption \xc3");
  f->info.keywords = g_new0 (char *, 4);
  f->info.keywords[0] = g_strdup ("good");
  f->info.keywords[1] = g_strdup ("bad\xff");
  f->info.keywords[2] = g_strdup ("tab\tand\x1fseparator");
  f->info.orientation = 42;
  f->info.rating = 99;
  f->info.latitude = 500;
  f->info.iso = -5;
  g_assert_true (sv_catalogue_add_files (cat, 0, files, 1, &id, NULL, &error));
  g_assert_no_error (error);

  item = sv_catalogue_get_item (cat, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (sv_media_item_get_camera (item), -1, NULL));
  g_assert_true (g_str_has_prefix (sv_media_item_get_camera (item), "Cam"));
  g_assert_true (g_utf8_validate (sv_media_item_get_caption (item), -1, NULL));
  g_assert_cmpuint (g_strv_length ((char **) sv_media_item_get_keywords (item)), ==, 2);
  g_assert_cmpstr (sv_media_item_get_keywords (item)[0], ==, "good");
  g_assert_cmpstr (sv_media_item_get_keywords (item)[1], ==, "tab and separator");
  g_assert_cmpint (sv_media_item_get_orientation (item), ==, 1);
  g_assert_cmpint (sv_media_item_get_rating (item), ==, -1);
  g_assert_false (sv_media_item_get_has_gps (item));
  g_assert_cmpint (sv_media_item_get_iso (item), ==, 0);

  /* The JSON is valid UTF-8 even for a path that is not. */
  locations = sv_catalogue_get_locations (cat, id, &error);
  node = sv_media_item_to_json (item, locations);
  json = sv_json_to_string (node, FALSE);
  parsed = sv_json_parse_strict (json, strlen (json), 1 << 20, 16, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);

  /* Dates that are not dates are dropped, not stored. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *seed = g_strdup_printf ("bad-date-%u", i);
      g_autoptr (SvNewFile) d = test_new_file (seed, seed, &paris);
      g_autoptr (SvMediaItem) dated = NULL;
      SvNewFile *one[] = { d };

      g_free (d->info.taken_local);
      d->info.taken_local = g_strdup (bad_dates[i]);
      g_assert_true (sv_catalogue_add_files (cat, 0, one, 1, &id, NULL, &error));
      g_assert_no_error (error);
      dated = sv_catalogue_get_item (cat, id, &error);
      g_assert_null (sv_media_item_get_taken_local (dated));
      g_assert_false (sv_media_item_get_has_taken_utc (dated));
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/catalogue/open-create", test_open_create);
  g_test_add_func ("/core/catalogue/default-dir", test_default_dir);
  g_test_add_func ("/core/catalogue/settings", test_settings);
  g_test_add_func ("/core/catalogue/settings-while-locked", test_settings_while_locked);
  g_test_add_func ("/core/catalogue/add-files-duplicates", test_add_files_duplicates);
  g_test_add_func ("/core/catalogue/resolve-and-items", test_resolve_and_items);
  g_test_add_func ("/core/catalogue/queries", test_queries);
  g_test_add_func ("/core/catalogue/stats", test_stats);
  g_test_add_func ("/core/catalogue/check", test_check);
  g_test_add_func ("/core/catalogue/migrations", test_migrations);
  g_test_add_func ("/core/catalogue/newer-refused", test_newer_refused);
  g_test_add_func ("/core/catalogue/garbage-refused", test_garbage_refused);
  g_test_add_func ("/core/catalogue/changed-from-thread", test_changed_from_thread);
  g_test_add_func ("/core/catalogue/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/core/catalogue/parallel-first-open", test_parallel_first_open);
  g_test_add_func ("/core/catalogue/delete-tombstones", test_delete_and_tombstones);
  g_test_add_func ("/core/catalogue/hostile-metadata", test_hostile_metadata);
  g_test_add_func ("/core/catalogue/query-plans", test_query_plans);

  return g_test_run ();
}
