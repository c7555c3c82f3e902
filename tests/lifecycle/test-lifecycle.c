/* test-lifecycle.c: trash, tombstones, catalogue backups and events
 *
 * Real files (copies of the test photos) in real library folders; the
 * desktop trash is the isolated $XDG_DATA_HOME/Trash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sv-backup.h"
#include "sv-catalogue-events.h"
#include "sv-catalogue-private.h"
#include "sv-catalogue-trash.h"
#include "sv-error.h"
#include "sv-events.h"
#include "sv-hash.h"
#include "lifecycle-test-util.h"
#include "sv-thumbnailer.h"
#include "sv-trash.h"

static const char *self_path;

/* ---- helpers ---- */

static char *
photo (const char *relative)
{
  return g_build_filename (SV_PHOTOS_DIR, relative, NULL);
}

static char *
hash_of (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *hex = sv_sha256_file_hex (path, NULL, NULL, &error);

  g_assert_no_error (error);
  return hex;
}

/* Adds the file at @path (which must exist) as one item. */
static gint64
add_file (SvCatalogue *cat, const char *path, gboolean managed, const char *taken_local)
{
  g_autoptr (GError) error = NULL;
  SvNewFile f;
  SvNewFile *files[1] = { &f };
  GStatBuf st;
  gint64 id = 0;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  sv_new_file_init (&f);
  f.path = g_strdup (path);
  f.sha256 = hash_of (path);
  f.size = st.st_size;
  f.mtime_usec = (gint64) st.st_mtime * G_USEC_PER_SEC;
  f.managed = managed;
  f.info.format = g_strdup ("jpeg");
  f.info.mime_type = g_strdup ("image/jpeg");
  f.info.taken_local = g_strdup (taken_local);
  f.info.date_source = taken_local ? SV_DATE_SOURCE_EXIF : SV_DATE_SOURCE_NONE;
  g_assert_true (sv_catalogue_add_files (cat, 0, files, 1, &id, NULL, &error));
  g_assert_no_error (error);
  sv_new_file_clear (&f);
  return id;
}

/* A synthetic item: no file on disk, only a row. @path only has to be
 * unique. */
static gint64
add_row (SvCatalogue *cat, const char *path, const char *taken_local, const SvPlace *place)
{
  g_autoptr (GError) error = NULL;
  SvNewFile f;
  SvNewFile *files[1] = { &f };
  gint64 id = 0;

  g_autofree char *flat = g_strdelimit (g_strdup (path + 1), "/", '-');

  /* In a camera folder, whose name says nothing about events. */
  sv_new_file_init (&f);
  f.path = g_build_filename ("/card/DCIM/100CANON", flat, NULL);
  f.sha256 = sv_sha256_bytes_hex (path, strlen (path));
  f.size = 1000;
  f.mtime_usec = G_GINT64_CONSTANT (1700000000000000);
  f.info.format = g_strdup ("jpeg");
  f.info.mime_type = g_strdup ("image/jpeg");
  f.info.taken_local = g_strdup (taken_local);
  f.info.date_source = SV_DATE_SOURCE_EXIF;
  if (place != NULL)
    {
      f.has_place = TRUE;
      sv_place_copy (place, &f.place);
    }
  g_assert_true (sv_catalogue_add_files (cat, 0, files, 1, &id, NULL, &error));
  g_assert_no_error (error);
  sv_new_file_clear (&f);
  return id;
}

static gboolean
is_trashed (SvCatalogue *cat, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvMediaItem) item = sv_catalogue_get_item (cat, id, &error);

  g_assert_no_error (error);
  return sv_media_item_get_trashed_at (item) != 0;
}

static char *
item_path (SvCatalogue *cat, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) locs = sv_catalogue_get_locations (cat, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (locs->len, >=, 1);
  return g_strdup (((SvFileLocation *) g_ptr_array_index (locs, 0))->path);
}

static gboolean
item_exists (SvCatalogue *cat, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvMediaItem) item = sv_catalogue_get_item (cat, id, &error);

  return item != NULL;
}

/* ---- trash ---- */

static void
test_trash_managed_restore (void)
{
  g_autofree char *lib = NULL;
  g_autoptr (SvCatalogue) cat = test_open_library (&lib);
  g_autofree char *managed = test_fresh_dir ("managed");
  g_autofree char *src = photo ("camera/exiv2-FurnaceCreekInn.jpg");
  g_autofree char *path = g_build_filename (managed, "2008", "2008-05-08", "Furnace.jpg", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *trashed_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) renamed = NULL;
  g_autoptr (GPtrArray) files = NULL;
  gint64 id;

  test_copy_file (src, path);
  hash = hash_of (path);
  id = add_file (cat, path, TRUE, "2008-05-08T09:54:28");
  g_assert_true (sv_catalogue_set_caption (cat, id, "Furnace Creek Inn", &error));
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 1);

  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (is_trashed (cat, id));
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 0);
  g_assert_cmpint (test_count_items (cat, TRUE), ==, 1);
  /* The managed original moved into the library's trash folder. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  trashed_path = item_path (cat, id);
  g_assert_true (g_str_has_prefix (trashed_path, lib));
  g_assert_nonnull (strstr (trashed_path, "/trash/"));
  g_assert_true (g_file_test (trashed_path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *h = hash_of (trashed_path);
    g_assert_cmpstr (h, ==, hash);
  }
  files = sv_catalogue_trash_list_files (cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((SvTrashFile *) g_ptr_array_index (files, 0))->original_path, ==, path);
  /* Trashing twice changes nothing. */
  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_true (g_file_test (trashed_path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (sv_trash_restore_items (cat, &id, 1, &renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (renamed->len, ==, 0);
  g_assert_false (is_trashed (cat, id));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (trashed_path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *now = item_path (cat, id);
    g_autofree char *h = hash_of (path);
    g_autoptr (SvMediaItem) item = sv_catalogue_get_item (cat, id, &error);

    g_assert_cmpstr (now, ==, path);
    g_assert_cmpstr (h, ==, hash);
    g_assert_cmpstr (sv_media_item_get_caption (item), ==, "Furnace Creek Inn");
    g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, "2008-05-08T09:54:28");
  }
  g_clear_pointer (&files, g_ptr_array_unref);
  files = sv_catalogue_trash_list_files (cat, id, &error);
  g_assert_null (((SvTrashFile *) g_ptr_array_index (files, 0))->original_path);
}

static void
test_trash_name_taken (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *managed = test_fresh_dir ("managed");
  g_autofree char *src = photo ("camera/exiv2-FurnaceCreekInn2.jpg");
  g_autofree char *other = photo ("camera/jhead-sony.jpg");
  g_autofree char *path = g_build_filename (managed, "a", "IMG_0001.JPG", NULL);
  g_autofree char *expected = g_build_filename (managed, "a", "IMG_0001 (1).JPG", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *other_hash = hash_of (other);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) renamed = NULL;
  gint64 id;

  test_copy_file (src, path);
  hash = hash_of (path);
  id = add_file (cat, path, TRUE, "2008-05-08T09:54:34");
  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_no_error (error);
  /* Someone puts another file at the old path. */
  test_copy_file (other, path);

  g_assert_true (sv_trash_restore_items (cat, &id, 1, &renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (renamed->len, ==, 1);
  {
    SvTrashRenamed *r = g_ptr_array_index (renamed, 0);
    g_autofree char *now = item_path (cat, id);
    g_autofree char *h1 = hash_of (path);
    g_autofree char *h2 = hash_of (expected);

    g_assert_cmpint (r->item_id, ==, id);
    g_assert_cmpstr (r->original_path, ==, path);
    g_assert_cmpstr (r->restored_path, ==, expected);
    g_assert_cmpstr (now, ==, expected);
    /* Nothing overwritten. */
    g_assert_cmpstr (h1, ==, other_hash);
    g_assert_cmpstr (h2, ==, hash);
  }
}

static void
test_trash_referenced (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *dir = test_fresh_dir ("referenced");
  g_autofree char *src = photo ("camera/jhead-hp.jpg");
  g_autofree char *path = g_build_filename (dir, "hp.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) renamed = NULL;
  gint64 id;

  test_copy_file (src, path);
  id = add_file (cat, path, FALSE, "2004-01-25T13:21:34");
  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (is_trashed (cat, id));
  /* Referenced originals stay where they are. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *now = item_path (cat, id);
    g_assert_cmpstr (now, ==, path);
  }
  g_assert_true (sv_trash_restore_items (cat, &id, 1, &renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (renamed->len, ==, 0);
  g_assert_false (is_trashed (cat, id));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Unknown ids: nothing happens. */
  {
    gint64 ids[] = { id, 999999 };
    g_assert_false (sv_trash_items (cat, ids, 2, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_assert_false (is_trashed (cat, id));
  }
}

static char *
desktop_trash_file (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "Trash", "files", name, NULL);
}

static void
make_fake_thumbnail (SvCatalogue *cat, const char *hash, char **path_out)
{
  g_autofree char *cache = sv_catalogue_get_cache_dir (cat);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (cache);
  g_autofree char *path = sv_thumbnailer_get_path (thumbnailer, hash, SV_THUMB_SIZE_GRID);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "\xff\xd8 fake \xff\xd9", -1, NULL));
  *path_out = g_steal_pointer (&path);
}

static void
test_trash_purge_retention (void)
{
  g_autofree char *lib = NULL;
  g_autoptr (SvCatalogue) cat = test_open_library (&lib);
  g_autofree char *managed = test_fresh_dir ("managed");
  g_autofree char *refdir = test_fresh_dir ("referenced");
  g_autofree char *m_path = g_build_filename (managed, "sunset.jpg", NULL);
  g_autofree char *r_path = g_build_filename (refdir, "purge-snow.jpg", NULL);
  g_autofree char *keep_path = g_build_filename (refdir, "keep.jpg", NULL);
  g_autofree char *src1 = photo ("scenes/kpa-sunset.jpg");
  g_autofree char *src2 = photo ("scenes/kpa-snow.jpg");
  g_autofree char *src3 = photo ("scenes/kpa-skagen.jpg");
  g_autofree char *m_hash = NULL, *r_hash = NULL, *keep_hash = NULL;
  g_autofree char *thumb = NULL;
  g_autofree char *m_trashed = NULL;
  g_autofree char *in_desktop_trash = desktop_trash_file ("purge-snow.jpg");
  g_autoptr (GError) error = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  gint64 ids[2], keep, now;

  test_copy_file (src1, m_path);
  test_copy_file (src2, r_path);
  test_copy_file (src3, keep_path);
  m_hash = hash_of (m_path);
  r_hash = hash_of (r_path);
  keep_hash = hash_of (keep_path);
  ids[0] = add_file (cat, m_path, TRUE, "2005-11-25T16:23:10");
  ids[1] = add_file (cat, r_path, FALSE, "2006-02-13T00:10:17");
  keep = add_file (cat, keep_path, FALSE, "2005-07-28T05:09:07");
  make_fake_thumbnail (cat, m_hash, &thumb);
  g_assert_true (sv_catalogue_set_setting (cat, "trash-retention-days", "30", &error));

  g_assert_true (sv_trash_items (cat, ids, 2, &error));
  g_assert_no_error (error);
  m_trashed = item_path (cat, ids[0]);
  now = g_get_real_time ();

  /* 29 days later: nothing is due. */
  g_assert_true (sv_trash_purge_expired (cat, now + G_GINT64_CONSTANT (29) * 86400 * G_USEC_PER_SEC,
                                         SV_TRASH_PURGE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.purged->len, ==, 0);
  g_assert_true (item_exists (cat, ids[0]) && item_exists (cat, ids[1]));
  g_assert_cmpint (sv_trash_days_left (sv_catalogue_trash_get_trashed_at (cat, ids[0]), 30,
                                       now + G_GINT64_CONSTANT (29) * 86400 * G_USEC_PER_SEC),
                   ==, 1);
  sv_trash_purge_result_clear (&result);

  /* 31 days later: both go. */
  g_assert_true (sv_trash_purge_expired (cat, now + G_GINT64_CONSTANT (31) * 86400 * G_USEC_PER_SEC,
                                         SV_TRASH_PURGE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < result.failures->len; k++)
    g_test_message ("%s", (const char *) g_ptr_array_index (result.failures, k));
  g_assert_cmpuint (result.failures->len, ==, 0);
  g_assert_cmpuint (result.purged->len, ==, 2);
  g_assert_cmpuint (result.needs_permanent_deletion->len, ==, 0);
  g_assert_cmpuint (result.failures->len, ==, 0);
  g_assert_false (item_exists (cat, ids[0]));
  g_assert_false (item_exists (cat, ids[1]));
  g_assert_true (item_exists (cat, keep));
  /* Managed original deleted, referenced one in the desktop trash. */
  g_assert_false (g_file_test (m_trashed, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (r_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (in_desktop_trash, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (keep_path, G_FILE_TEST_IS_REGULAR));
  /* Thumbnails gone, tombstones left for the importer. */
  g_assert_false (g_file_test (thumb, G_FILE_TEST_EXISTS));
  g_assert_true (sv_catalogue_has_tombstone (cat, m_hash));
  g_assert_true (sv_catalogue_has_tombstone (cat, r_hash));
  g_assert_false (sv_catalogue_has_tombstone (cat, keep_hash));
  g_assert_cmpint (sv_catalogue_lookup_hash (cat, m_hash), ==, 0);
}

static void
test_trash_empty_now (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *managed = test_fresh_dir ("managed");
  g_autofree char *a = g_build_filename (managed, "a.jpg", NULL);
  g_autofree char *b = g_build_filename (managed, "b.jpg", NULL);
  g_autofree char *src1 = photo ("camera/jhead-S40.jpg");
  g_autofree char *src2 = photo ("camera/jhead-fuji-dx10.jpg");
  g_autoptr (GError) error = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  gint64 ia, ib;

  test_copy_file (src1, a);
  test_copy_file (src2, b);
  ia = add_file (cat, a, TRUE, "2002-06-25T13:28:07");
  ib = add_file (cat, b, TRUE, "2000-04-01T13:04:48");
  g_assert_true (sv_trash_items (cat, &ia, 1, &error));
  g_assert_true (sv_trash_empty (cat, NULL, 0, SV_TRASH_PURGE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.purged->len, ==, 1);
  g_assert_cmpint (g_array_index (result.purged, gint64, 0), ==, ia);
  g_assert_false (item_exists (cat, ia));
  g_assert_true (item_exists (cat, ib));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_count_items (cat, TRUE), ==, 0);
}

/* A folder on a file system where g_file_trash() says NOT_SUPPORTED:
 * GLib refuses to trash on "system internal" mounts such as the tmpfs on
 * /dev/shm. NULL (and the test skips) when there is none. */
static char *
dir_without_trash (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *probe = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  char template[] = "/dev/shm/sv-lifecycle-XXXXXX";

  if (!g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) || g_mkdtemp (template) == NULL)
    return NULL;
  dir = g_strdup (template);
  probe = g_build_filename (dir, "probe", NULL);
  if (!g_file_set_contents (probe, "x", 1, NULL))
    return NULL;
  file = g_file_new_for_path (probe);
  if (g_file_trash (file, NULL, &error) ||
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_unlink (probe);
      g_rmdir (dir);
      return NULL;
    }
  g_unlink (probe);
  return g_steal_pointer (&dir);
}

static void
test_trash_no_desktop_trash (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *dir = dir_without_trash ();
  g_autofree char *path = NULL;
  g_autofree char *src = photo ("camera/jhead-canon-300d.jpg");
  g_autofree char *hash = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  gint64 id;

  if (dir == NULL)
    {
      g_test_skip ("No file system without a trash (tmpfs /dev/shm) here");
      return;
    }
  path = g_build_filename (dir, "canon.jpg", NULL);
  test_copy_file (src, path);
  hash = hash_of (path);
  id = add_file (cat, path, FALSE, "2003-12-24T17:37:26");
  g_assert_true (sv_trash_items (cat, &id, 1, &error));

  /* Without the flag nothing is deleted and the item stays in the trash. */
  g_assert_true (sv_trash_empty (cat, NULL, 0, SV_TRASH_PURGE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.purged->len, ==, 0);
  g_assert_cmpuint (result.needs_permanent_deletion->len, ==, 1);
  g_assert_cmpint (g_array_index (result.needs_permanent_deletion, gint64, 0), ==, id);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (item_exists (cat, id));
  g_assert_true (is_trashed (cat, id));
  g_assert_false (sv_catalogue_has_tombstone (cat, hash));
  sv_trash_purge_result_clear (&result);

  /* With it, the file is deleted for good. */
  g_assert_true (sv_trash_empty (cat, &id, 1, SV_TRASH_PURGE_DELETE_PERMANENTLY, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.purged->len, ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (item_exists (cat, id));
  g_assert_true (sv_catalogue_has_tombstone (cat, hash));
  g_rmdir (dir);
}

/* Managed originals on another file system than the library: copied,
 * flushed and unlinked rather than renamed, both ways, keeping their bytes
 * and modification time. */
static void
test_trash_across_file_systems (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *src = photo ("camera/jhead-gps-many-digits.jpg");
  g_autofree char *path = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *trashed = NULL;
  char template[] = "/dev/shm/sv-lifecycle-managed-XXXXXX";
  GStatBuf before, after;
  gint64 id;

  if (!g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) || g_mkdtemp (template) == NULL)
    {
      g_test_skip ("No tmpfs at /dev/shm");
      return;
    }
  path = g_build_filename (template, "gps.jpg", NULL);
  test_copy_file (src, path);
  hash = hash_of (path);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  id = add_file (cat, path, TRUE, "2002-09-30T16:17:13");

  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  trashed = item_path (cat, id);
  g_assert_true (g_str_has_prefix (trashed, sv_catalogue_get_library_dir (cat)));
  {
    g_autofree char *h = hash_of (trashed);
    g_autofree char *part = g_strconcat (trashed, ".part", NULL);

    g_assert_cmpstr (h, ==, hash);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
  g_assert_true (sv_trash_restore_items (cat, &id, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (trashed, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  {
    g_autofree char *h = hash_of (path);
    g_autofree char *now = item_path (cat, id);

    g_assert_cmpstr (h, ==, hash);
    g_assert_cmpstr (now, ==, path);
  }
  g_unlink (path);
  g_rmdir (template);
}

static void
test_trash_days_left (void)
{
  const gint64 day = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  const gint64 t = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  g_assert_cmpint (sv_trash_days_left (t, 30, t), ==, 30);
  g_assert_cmpint (sv_trash_days_left (t, 30, t + 1), ==, 30);
  g_assert_cmpint (sv_trash_days_left (t, 30, t + day), ==, 29);
  g_assert_cmpint (sv_trash_days_left (t, 30, t + 29 * day + 1), ==, 1);
  g_assert_cmpint (sv_trash_days_left (t, 30, t + 30 * day), ==, 0);
  g_assert_cmpint (sv_trash_days_left (t, 30, t + 300 * day), ==, 0);
  g_assert_cmpint (sv_trash_days_left (t, 0, t), ==, 0);
}

/* ---- backups ---- */

static guint
count_kind (const char *lib, SvBackupKind kind)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = sv_backup_list (lib, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint k = 0; k < list->len; k++)
    if (((SvBackupInfo *) g_ptr_array_index (list, k))->kind == kind)
      n++;
  return n;
}

static void
test_backup_daily_rotation (void)
{
  g_autofree char *lib = NULL;
  g_autoptr (SvCatalogue) cat = test_open_library (&lib);
  g_autofree char *migration =
      g_build_filename (lib, "backups", "library-v1-20200101T000000Z.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  const gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  const gint64 t0 = G_GINT64_CONSTANT (1767225600) * G_USEC_PER_SEC; /* 2026-01-01 UTC */
  char *made = NULL;
  gint64 oldest_daily = G_MAXINT64;

  add_row (cat, "/test/a.jpg", "2026-01-01T10:00:00", NULL);
  g_assert_true (g_file_set_contents (migration, "kept", -1, NULL));
  g_free (sv_backup_create (cat, SV_BACKUP_KIND_MANUAL, t0, &error));
  g_assert_no_error (error);

  g_assert_true (sv_backup_run_daily_if_due (cat, t0, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_suffix (made, "library-20260101T000000Z.db"));
  g_assert_no_error (error);
  g_assert_true (sv_backup_check_file (made, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&made, g_free);

  /* An hour later it is not due. */
  g_assert_true (sv_backup_run_daily_if_due (cat, t0 + hour, &made, &error));
  g_assert_null (made);

  for (int k = 1; k <= 9; k++)
    {
      g_assert_true (sv_backup_run_daily_if_due (cat, t0 + k * 25 * hour, &made, &error));
      g_assert_no_error (error);
      g_assert_nonnull (made);
      g_clear_pointer (&made, g_free);
    }
  g_assert_cmpuint (count_kind (lib, SV_BACKUP_KIND_DAILY), ==, SV_BACKUP_KEEP_DAILY);
  g_assert_cmpuint (count_kind (lib, SV_BACKUP_KIND_MANUAL), ==, 1);
  g_assert_cmpuint (count_kind (lib, SV_BACKUP_KIND_MIGRATION), ==, 1);
  g_assert_true (g_file_test (migration, G_FILE_TEST_EXISTS));
  list = sv_backup_list (lib, &error);
  for (guint k = 0; k < list->len; k++)
    {
      SvBackupInfo *info = g_ptr_array_index (list, k);
      if (info->kind == SV_BACKUP_KIND_DAILY)
        oldest_daily = MIN (oldest_daily, info->time_usec);
    }
  /* The seven newest: days 3..9. */
  g_assert_cmpint (oldest_daily, ==, t0 + 3 * 25 * hour);
}

static char *
make_backup (SvCatalogue *cat)
{
  g_autoptr (GError) error = NULL;
  char *path = sv_backup_create (cat, SV_BACKUP_KIND_MANUAL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static void
sql_on_file (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_backup_refuses (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *good = make_backup (cat);
  g_autofree char *dir = test_fresh_dir ("bad-backups");
  g_autofree char *truncated = g_build_filename (dir, "truncated.db", NULL);
  g_autofree char *random = g_build_filename (dir, "random.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  int version = 0;
  guint8 noise[8192];

  g_assert_true (sv_backup_check_file (good, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, _sv_catalogue_get_latest_version ());

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  g_assert_true (g_file_set_contents (truncated, contents, (gssize) (len / 2), NULL));
  for (guint k = 0; k < sizeof noise; k++)
    noise[k] = (guint8) g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (random, (const char *) noise, sizeof noise, NULL));
  sql_on_file (other, "CREATE TABLE t (x); PRAGMA user_version = 1;");
  test_copy_file (good, newer);
  sql_on_file (newer, "PRAGMA user_version = 999;");
  /* Overwrite a page in the middle with noise. */
  memcpy (contents + 4096, noise, 4096);
  g_assert_true (g_file_set_contents (damaged, contents, (gssize) len, NULL));

  g_assert_false (sv_backup_check_file (truncated, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (sv_backup_check_file (random, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (sv_backup_check_file (other, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (sv_backup_check_file (newer, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE);
  g_clear_error (&error);
  g_assert_false (sv_backup_check_file (damaged, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (sv_backup_check_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Restoring any of them changes nothing. */
  {
    const char *lib = sv_catalogue_get_library_dir (cat);
    g_autofree char *lib_copy = g_strdup (lib);
    g_autoptr (SvCatalogue) reopened = NULL;

    g_clear_object (&cat);
    g_assert_false (sv_backup_restore (lib_copy, damaged, NULL, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
    g_clear_error (&error);
    g_assert_false (sv_backup_restore (lib_copy, newer, NULL, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE);
    g_clear_error (&error);
    reopened = sv_catalogue_open (lib_copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (test_count_items (reopened, FALSE), ==, 0);
  }
}

static void
test_backup_restore_round_trip (void)
{
  g_autofree char *lib = NULL;
  g_autoptr (SvCatalogue) cat = test_open_library (&lib);
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *saved = NULL;
  gint64 a, b;

  a = add_row (cat, "/test/round/a.jpg", "2024-07-14T10:00:00", NULL);
  g_assert_true (sv_catalogue_set_caption (cat, a, "before", &error));
  backup = make_backup (cat);
  b = add_row (cat, "/test/round/b.jpg", "2024-07-15T10:00:00", NULL);
  g_assert_true (sv_catalogue_set_caption (cat, a, "after", &error));
  g_assert_true (sv_catalogue_set_trashed (cat, &a, 1, TRUE, &error));

  /* Refused while the library is open, and nothing changes. */
  g_assert_false (sv_backup_restore (lib, backup, &saved, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (saved);
  g_assert_true (item_exists (cat, b));
  g_clear_object (&cat);

  g_assert_true (sv_backup_restore (lib, backup, &saved, &error));
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_true (sv_backup_check_file (saved, NULL, &error));
  g_assert_no_error (error);

  cat = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  g_assert_true (item_exists (cat, a));
  g_assert_false (item_exists (cat, b));
  g_assert_false (is_trashed (cat, a));
  {
    g_autoptr (SvMediaItem) item = sv_catalogue_get_item (cat, a, &error);
    g_assert_cmpstr (sv_media_item_get_caption (item), ==, "before");
  }
  g_clear_object (&cat);

  /* And back again from the "before-restore" copy. */
  g_assert_true (sv_backup_restore (lib, saved, NULL, &error));
  g_assert_no_error (error);
  cat = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  g_assert_true (item_exists (cat, b));
  g_assert_true (is_trashed (cat, a));
  g_assert_cmpuint (count_kind (lib, SV_BACKUP_KIND_BEFORE_RESTORE), ==, 2);
}

/* ---- events ---- */

static void
test_events_folder_names (void)
{
  const struct
  {
    const char *folder, *name;
  } table[] = {
    { "2026_vacances_Italie", "Vacances Italie" },
    { "2026-07 Italie", "Italie" },
    { "Anniversaire 2024", "Anniversaire" },
    { "2024-07-14", NULL },
    { "20240714", NULL },
    { "2024", NULL },
    { "14.07.2024 Fête nationale", "Fête nationale" },
    { "20240714_Mariage de Julie", "Mariage de Julie" },
    { "Noël_2023", "Noël" },
    { "été à Nice", "Été à Nice" },
    { "Vacances d'été 2025", "Vacances d'été" },
    { "100CANON", NULL },
    { "101_PANA", NULL },
    { "DCIM", NULL },
    { "Camera", NULL },
    { "WhatsApp Images", NULL },
    { "01 - Rome", "Rome" },
    { "Rome 2 Paris", "Rome 2 Paris" },
    { "ski---Alpes__2019", "Ski Alpes" },
    { "iPhone photos", "iPhone photos" },
    { "vacances", "Vacances" },
    { "2019-02 Ski (Alpes)", "Ski Alpes" },
    { "Julie's 30th birthday", "Julie's 30th birthday" },
    { "", NULL },
    { "___", NULL },
    { "2026 - 07 - 12", NULL },
  };

  for (guint k = 0; k < G_N_ELEMENTS (table); k++)
    {
      g_autofree char *name = sv_events_name_from_folder (table[k].folder);
      g_test_message ("%s → %s", table[k].folder, name ? name : "(null)");
      g_assert_cmpstr (name, ==, table[k].name);
    }
  g_assert_null (sv_events_name_from_folder (NULL));
  /* Not UTF-8: still a name, never a crash. */
  {
    g_autofree char *name = sv_events_name_from_folder ("Vacances \xe9t\xe9 2020");
    g_assert_nonnull (name);
    g_assert_true (g_utf8_validate (name, -1, NULL));
    g_assert_true (g_str_has_prefix (name, "Vacances"));
  }
  /* Long names are cut at 100 characters. */
  {
    g_autofree char *longname = g_strnfill (300, 'a');
    g_autofree char *name = sv_events_name_from_folder (longname);
    g_assert_cmpint (g_utf8_strlen (name, -1), ==, 100);
  }
}

static SvEventCandidate
candidate (gint64 id, const char *local, const char *folder)
{
  SvEventCandidate c = { 0 };
  GDateTime *dt;
  g_autofree char *z = g_strconcat (local, "Z", NULL);

  dt = g_date_time_new_from_iso8601 (z, NULL);
  g_assert_nonnull (dt);
  c.item_id = id;
  c.time = g_date_time_to_unix (dt);
  c.taken_local = (char *) local;
  c.folder = (char *) folder;
  g_date_time_unref (dt);
  return c;
}

static GArray *
cluster_ids (SvEventCluster *cl)
{
  return cl->item_ids;
}

static void
test_events_cluster_synthetic (void)
{
  SvEventCandidate c[] = {
    candidate (1, "2026-07-12T09:00:00", NULL),
    candidate (2, "2026-07-12T16:59:00", NULL), /* 7 h 59 later: same event */
    candidate (3, "2026-07-13T01:00:00", NULL), /* 8 h 01 later: new event */
    candidate (4, "2026-07-13T02:00:00", NULL),
    candidate (5, "2026-07-20T10:00:00", "2026_vacances_Italie"),
    candidate (6, "2026-07-23T10:00:00", "2026_vacances_Italie"), /* 3 days: same folder */
    candidate (7, "2026-07-23T12:00:00", "DCIM"),                 /* joins the named one */
    candidate (8, "2026-07-25T10:00:00", "Anniversaire 2026"),
    candidate (9, "2026-09-01T10:00:00", NULL),
  };
  g_autoptr (GPtrArray) clusters = sv_events_cluster (c, G_N_ELEMENTS (c), 8 * 3600);
  SvEventCluster *cl;

  g_assert_cmpuint (clusters->len, ==, 5);
  cl = g_ptr_array_index (clusters, 0);
  g_assert_cmpuint (cluster_ids (cl)->len, ==, 2);
  g_assert_null (cl->name);
  cl = g_ptr_array_index (clusters, 1);
  g_assert_cmpuint (cluster_ids (cl)->len, ==, 2);
  g_assert_cmpint (g_array_index (cl->item_ids, gint64, 0), ==, 3);
  cl = g_ptr_array_index (clusters, 2);
  g_assert_cmpstr (cl->name, ==, "Vacances Italie");
  g_assert_cmpuint (cluster_ids (cl)->len, ==, 3);
  cl = g_ptr_array_index (clusters, 3);
  g_assert_cmpstr (cl->name, ==, "Anniversaire");
  cl = g_ptr_array_index (clusters, 4);
  g_assert_null (cl->name);
  g_assert_cmpint (g_array_index (cl->item_ids, gint64, 0), ==, 9);

  /* A shorter gap splits more. */
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = sv_events_cluster (c, 4, 3600);
  g_assert_cmpuint (clusters->len, ==, 3);
  g_clear_pointer (&clusters, g_ptr_array_unref);
  clusters = sv_events_cluster (c, 0, 3600);
  g_assert_cmpuint (clusters->len, ==, 0);
}

/* "2008:05:08 09:54:28" → "2008-05-08T09:54:28" */
static char *
manifest_date (const char *exif)
{
  if (exif == NULL || strlen (exif) != 19 || exif[4] != ':' || exif[10] != ' ' ||
      g_str_has_prefix (exif, "0000"))
    return NULL;
  return g_strdup_printf ("%.4s-%.2s-%.2sT%s", exif, exif + 5, exif + 8, exif + 11);
}

static GHashTable *
manifest_dates (void)
{
  g_autofree char *path = photo ("MANIFEST.tsv");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint k = 1; lines[k] != NULL; k++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[k], "\t", -1);
      if (g_strv_length (cols) > 5)
        {
          char *date = manifest_date (cols[4]);
          if (date)
            g_hash_table_insert (dates, g_strdup (cols[0]), date);
        }
    }
  return dates;
}

static gint64
event_of (SvCatalogue *cat, gint64 item)
{
  g_autoptr (GError) error = NULL;
  gint64 e = sv_catalogue_events_get_item_event (cat, item, &error);

  g_assert_no_error (error);
  return e;
}

static guint
episode_of (SvCatalogue *cat, gint64 event, gint64 item)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) members = sv_catalogue_events_get_members (cat, event, &error);

  g_assert_no_error (error);
  for (guint k = 0; k < members->len; k++)
    if (g_array_index (members, SvEventMember, k).item_id == item)
      return g_array_index (members, SvEventMember, k).episode;
  g_assert_not_reached ();
  return 0;
}

static void
test_events_real_photos (void)
{
  static const char *const files[] = {
    "faces/kpa-cold_water.jpg",
    "scenes/kpa-skagen.jpg",
    "faces/kpa-anne_helene.jpg",
    "camera/exiv2-FurnaceCreekInn.jpg",
    "camera/exiv2-FurnaceCreekInn2.jpg",
    "faces/kpa-grand_canyon_2.jpg",
    "scenes/kpa-grand_canyon_3.jpg",
    "camera/jhead-hp.jpg",
    "camera/jhead-sony.jpg",
    "scenes/kpa-sunset.jpg",
    "scenes/kpa-snow.jpg",
  };
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GHashTable) dates = manifest_dates ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gint64 ids[G_N_ELEMENTS (files)];

  g_autofree char *card = test_fresh_dir ("card");

  /* As on a camera card: a folder name that says nothing. */
  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    {
      g_autofree char *src = photo (files[k]);
      g_autofree char *base = g_path_get_basename (files[k]);
      g_autofree char *path = g_build_filename (card, "DCIM", "100CANON", base, NULL);
      const char *date = g_hash_table_lookup (dates, files[k]);

      g_assert_nonnull (date);
      test_copy_file (src, path);
      ids[k] = add_file (cat, path, FALSE, date);
    }
  g_assert_true (sv_events_update_for_items (cat, ids, G_N_ELEMENTS (ids), &error));
  g_assert_no_error (error);

  /* KPhotoAlbum's 2005-07-28 morning: one event. */
  g_assert_cmpint (event_of (cat, ids[0]), >, 0);
  g_assert_cmpint (event_of (cat, ids[0]), ==, event_of (cat, ids[1]));
  g_assert_cmpint (event_of (cat, ids[0]), ==, event_of (cat, ids[2]));
  /* The Furnace Creek burst (6 s apart). */
  g_assert_cmpint (event_of (cat, ids[3]), ==, event_of (cat, ids[4]));
  g_assert_cmpint (event_of (cat, ids[3]), !=, event_of (cat, ids[0]));
  /* Grand Canyon, 18 minutes apart. */
  g_assert_cmpint (event_of (cat, ids[5]), ==, event_of (cat, ids[6]));
  /* 2004-01-25 13:21 and 16:13: one event, two episodes (gap > 90 min). */
  g_assert_cmpint (event_of (cat, ids[7]), ==, event_of (cat, ids[8]));
  g_assert_cmpuint (episode_of (cat, event_of (cat, ids[7]), ids[7]), ==, 0);
  g_assert_cmpuint (episode_of (cat, event_of (cat, ids[7]), ids[8]), ==, 1);
  /* Months apart: separate. */
  g_assert_cmpint (event_of (cat, ids[9]), !=, event_of (cat, ids[10]));

  events = sv_catalogue_events_list (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 6);
  /* Newest first. */
  g_assert_cmpstr (((SvEventInfo *) g_ptr_array_index (events, 0))->first_local, ==,
                   "2008-05-08T09:54:28");
  g_clear_pointer (&events, g_ptr_array_unref);

  /* With a one-hour gap the 2004 afternoon splits in two. */
  g_assert_true (sv_catalogue_set_setting (cat, "event-gap-hours", "1", &error));
  g_assert_true (sv_events_recompute (cat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (cat, ids[7]), !=, event_of (cat, ids[8]));
  g_assert_cmpint (event_of (cat, ids[3]), ==, event_of (cat, ids[4]));
  g_assert_false (sv_catalogue_set_setting (cat, "event-gap-hours", "0", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
}

static void
test_events_titles (void)
{
  SvPlace rome = { 0 };
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvEventInfo) info = NULL;
  g_autofree char *title = NULL;
  gint64 ids[3];

  {
    g_autofree char *one = sv_events_format_dates ("2026-07-12T10:00:00", "2026-07-12T18:00:00");
    g_autofree char *a = sv_events_format_dates ("2026-07-12T10:00:00", "2026-07-19T18:00:00");
    g_autofree char *b = sv_events_format_dates ("2026-06-30T10:00:00", "2026-07-02T18:00:00");
    g_autofree char *c = sv_events_format_dates ("2025-12-30T10:00:00", "2026-01-02T18:00:00");
    g_autofree char *d = sv_events_format_dates ("garbage", NULL);

    g_assert_cmpstr (one, ==, "12 July 2026");
    g_assert_cmpstr (a, ==, "12–19 July 2026");
    g_assert_cmpstr (b, ==, "30 June – 2 July 2026");
    g_assert_cmpstr (c, ==, "30 December 2025 – 2 January 2026");
    g_assert_null (d);
  }

  rome.country_code = (char *) "IT";
  rome.city_en = (char *) "Rome";
  rome.city_local = (char *) "Rome";
  rome.country_en = (char *) "Italy";
  rome.country_local = (char *) "Italy";
  ids[0] = add_row (cat, "/test/rome/1.jpg", "2026-07-12T10:00:00", &rome);
  ids[1] = add_row (cat, "/test/rome/2.jpg", "2026-07-12T11:00:00", &rome);
  ids[2] = add_row (cat, "/test/rome/3.jpg", "2026-07-12T16:00:00", NULL);
  g_assert_true (sv_events_update_for_items (cat, ids, 3, &error));
  g_assert_no_error (error);
  info = sv_catalogue_events_get (cat, event_of (cat, ids[0]), &error);
  g_assert_no_error (error);
  title = sv_events_dup_title (info);
  g_assert_cmpstr (title, ==, "Rome, 12 July 2026");
  g_assert_cmpstr (info->city, ==, "Rome");
  g_assert_cmpuint (info->n_items, ==, 3);
  /* A place change and a 5-hour gap: episodes. */
  g_assert_cmpuint (info->n_episodes, ==, 2);
  /* The cover: the middle photo, until one is rated. */
  g_assert_cmpint (info->cover_item_id, ==, ids[1]);
  g_assert_true (sv_catalogue_set_rating (cat, ids[2], 5, &error));
  g_clear_pointer (&info, sv_event_info_free);
  info = sv_catalogue_events_get (cat, event_of (cat, ids[0]), &error);
  g_assert_cmpint (info->cover_item_id, ==, ids[2]);
  /* The user's choice wins. */
  g_assert_true (sv_catalogue_events_set_cover (cat, info->id, ids[0], &error));
  g_clear_pointer (&info, sv_event_info_free);
  info = sv_catalogue_events_get (cat, event_of (cat, ids[0]), &error);
  g_assert_cmpint (info->cover_item_id, ==, ids[0]);
  g_assert_cmpint (info->user_cover_item_id, ==, ids[0]);
}

/* The French run: the month names come from the C library's locale, the
 * formats from our translations (which keep the same order in French). */
static void
test_events_titles_french (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) env = g_get_environ ();
  const char *argv[] = { self_path, "--print-dates", NULL };
  int status = 0;

  env = g_environ_setenv (env, "LC_ALL", "fr_FR.UTF-8", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  if (strstr (out, "locale-missing") != NULL)
    {
      g_test_skip ("fr_FR.UTF-8 is not available");
      return;
    }
  g_assert_cmpstr (out, ==,
                   "12 juillet 2026\n"
                   "12–19 juillet 2026\n"
                   "30 juin – 2 juillet 2026\n"
                   "30 décembre 2025 – 2 janvier 2026\n"
                   "Rome, 12–19 juillet 2026\n");
}

static int
print_dates (void)
{
  SvEventInfo info = { 0 };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;

  if (setlocale (LC_ALL, "") == NULL)
    {
      printf ("locale-missing\n");
      return 0;
    }
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("SOUVENIR_LOCALEDIR") ? g_getenv ("SOUVENIR_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  a = sv_events_format_dates ("2026-07-12T10:00:00", "2026-07-12T11:00:00");
  b = sv_events_format_dates ("2026-07-12T10:00:00", "2026-07-19T11:00:00");
  c = sv_events_format_dates ("2026-06-30T10:00:00", "2026-07-02T11:00:00");
  d = sv_events_format_dates ("2025-12-30T10:00:00", "2026-01-02T11:00:00");
  info.first_local = (char *) "2026-07-12T10:00:00";
  info.last_local = (char *) "2026-07-19T10:00:00";
  info.city = (char *) "Rome";
  e = sv_events_dup_title (&info);
  printf ("%s\n%s\n%s\n%s\n%s\n", a, b, c, d, e);
  return 0;
}

/* Three days, three automatic events; then the user edits them and new
 * photos arrive: the edits stay. */
static void
test_events_user_edits_survive (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GError) error = NULL;
  gint64 a[3], b[3], c[2], late, near_a, x, y;
  gint64 ea, eb, ec, split;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (SvEventInfo) info = NULL;

  a[0] = add_row (cat, "/test/edits/a0.jpg", "2025-05-01T09:00:00", NULL);
  a[1] = add_row (cat, "/test/edits/a1.jpg", "2025-05-01T10:00:00", NULL);
  a[2] = add_row (cat, "/test/edits/a2.jpg", "2025-05-01T11:00:00", NULL);
  b[0] = add_row (cat, "/test/edits/b0.jpg", "2025-05-03T09:00:00", NULL);
  b[1] = add_row (cat, "/test/edits/b1.jpg", "2025-05-03T12:00:00", NULL);
  b[2] = add_row (cat, "/test/edits/b2.jpg", "2025-05-03T15:00:00", NULL);
  c[0] = add_row (cat, "/test/edits/c0.jpg", "2025-05-05T09:00:00", NULL);
  c[1] = add_row (cat, "/test/edits/c1.jpg", "2025-05-05T10:00:00", NULL);
  g_assert_true (sv_events_recompute (cat, &error));
  g_assert_no_error (error);
  ea = event_of (cat, a[0]);
  eb = event_of (cat, b[0]);
  ec = event_of (cat, c[0]);
  g_assert_true (ea > 0 && eb > 0 && ec > 0 && ea != eb && eb != ec);

  /* Rename, merge, split, move. */
  g_assert_true (sv_catalogue_events_rename (cat, ea, "  Mon voyage  ", &error));
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_events_merge (cat, eb, ec, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (cat, c[1]), ==, eb);
  g_assert_cmpint (sv_catalogue_events_split (cat, eb, b[0], &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  split = sv_catalogue_events_split (cat, eb, b[2], &error);
  g_assert_no_error (error);
  g_assert_cmpint (split, >, 0);
  g_assert_cmpint (event_of (cat, b[1]), ==, eb);
  g_assert_cmpint (event_of (cat, b[2]), ==, split);
  g_assert_cmpint (event_of (cat, c[0]), ==, split);
  g_assert_true (sv_catalogue_events_move (cat, split, &a[2], 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (cat, a[2]), ==, split);
  g_assert_false (sv_catalogue_events_merge (cat, ea, ea, &error));
  g_clear_error (&error);
  g_assert_false (sv_catalogue_events_rename (cat, 987654, "x", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* New photos: one next to "Mon voyage", one far away; then a full
   * recompute, twice. */
  near_a = add_row (cat, "/test/edits/near-a.jpg", "2025-05-01T07:00:00", NULL);
  late = add_row (cat, "/test/edits/late.jpg", "2025-06-01T10:00:00", NULL);
  x = add_row (cat, "/test/edits/x.jpg", "2025-06-01T11:00:00", NULL);
  {
    gint64 fresh[] = { near_a, late, x };
    g_assert_true (sv_events_update_for_items (cat, fresh, 3, &error));
    g_assert_no_error (error);
  }
  g_assert_true (sv_events_recompute (cat, &error));
  g_assert_true (sv_events_recompute (cat, &error));
  g_assert_no_error (error);

  info = sv_catalogue_events_get (cat, ea, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "Mon voyage");
  g_assert_cmpstr (info->name_source, ==, "user");
  g_assert_true (info->pinned);
  g_assert_cmpint (event_of (cat, a[0]), ==, ea);
  g_assert_cmpint (event_of (cat, a[1]), ==, ea);
  g_assert_cmpint (event_of (cat, near_a), ==, ea);
  g_assert_cmpint (event_of (cat, a[2]), ==, split);
  g_assert_cmpint (event_of (cat, b[0]), ==, eb);
  g_assert_cmpint (event_of (cat, b[1]), ==, eb);
  g_assert_cmpint (event_of (cat, b[2]), ==, split);
  g_assert_cmpint (event_of (cat, c[0]), ==, split);
  g_assert_cmpint (event_of (cat, c[1]), ==, split);
  g_assert_cmpint (event_of (cat, late), ==, event_of (cat, x));
  g_assert_true (event_of (cat, late) != ea && event_of (cat, late) != eb &&
                 event_of (cat, late) != split);

  /* Automatic events are still re-split: a photo bridging two of them joins them. */
  {
    gint64 z = add_row (cat, "/test/edits/z.jpg", "2025-06-02T01:00:00", NULL);
    gint64 fresh[] = { z };
    g_assert_true (sv_events_update_for_items (cat, fresh, 1, &error));
    g_assert_cmpint (event_of (cat, z), !=, event_of (cat, x));
    y = add_row (cat, "/test/edits/y.jpg", "2025-06-01T18:00:00", NULL);
    fresh[0] = y;
    g_assert_true (sv_events_update_for_items (cat, fresh, 1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (event_of (cat, z), ==, event_of (cat, x));
    g_assert_cmpint (event_of (cat, y), ==, event_of (cat, x));
  }

  /* No empty events are left behind. */
  all = sv_catalogue_events_list_stored (cat, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < all->len; k++)
    {
      g_autoptr (GArray) members = sv_catalogue_events_get_members (
          cat, ((SvEventInfo *) g_ptr_array_index (all, k))->id, &error);
      g_assert_cmpuint (members->len, >, 0);
    }
}

static void
test_events_managed_folder (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GError) error = NULL;
  gint64 ids[2];
  char *s;

  s = sv_events_managed_folder_for (cat, "2026-07-12T10:00:00", "2026_vacances_Italie");
  g_assert_cmpstr (s, ==, "2026/2026-07-12 Vacances Italie");
  g_free (s);
  s = sv_events_managed_folder_for (cat, "2026-07-12T10:00:00", "DCIM");
  g_assert_cmpstr (s, ==, "2026/2026-07-12");
  g_free (s);
  s = sv_events_managed_folder_for (cat, "2026-07-12T10:00:00", NULL);
  g_assert_cmpstr (s, ==, "2026/2026-07-12");
  g_free (s);
  g_assert_null (sv_events_managed_folder_for (cat, NULL, "x"));
  g_assert_null (sv_events_managed_folder_for (cat, "2026:07:12 10:00:00", "x"));
  s = sv_events_managed_folder_for (cat, "2026-07-12T10:00:00", "a/b: ../..Rome");
  g_assert_null (strstr (s + 5, "/"));
  g_free (s);

  /* A named event that started the day before: its folder. */
  ids[0] = add_row (cat, "/test/mf/1.jpg", "2026-08-01T20:00:00", NULL);
  ids[1] = add_row (cat, "/test/mf/2.jpg", "2026-08-02T01:00:00", NULL);
  g_assert_true (sv_events_update_for_items (cat, ids, 2, &error));
  g_assert_true (sv_catalogue_events_rename (cat, event_of (cat, ids[0]), "Fête / Nuit", &error));
  g_assert_no_error (error);
  s = sv_events_managed_folder_for (cat, "2026-08-02T03:00:00", NULL);
  g_assert_cmpstr (s, ==, "2026/2026-08-01 Fête Nuit");
  g_free (s);
}

static void
test_events_trash_and_purge (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  gint64 ids[2];
  gint64 ev;

  ids[0] = add_row (cat, "/test/tp/1.jpg", "2021-03-01T10:00:00", NULL);
  ids[1] = add_row (cat, "/test/tp/2.jpg", "2021-03-01T11:00:00", NULL);
  g_assert_true (sv_events_update_for_items (cat, ids, 2, &error));
  ev = event_of (cat, ids[0]);
  g_assert_true (sv_trash_items (cat, ids, 2, &error));
  g_assert_no_error (error);
  /* Trashed photos leave the listing but keep their event. */
  list = sv_catalogue_events_list (cat, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (event_of (cat, ids[0]), ==, ev);
  g_assert_true (sv_trash_restore_items (cat, &ids[0], 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event_of (cat, ids[0]), ==, ev);
  /* Purging the last photos deletes the event. */
  g_assert_true (sv_trash_items (cat, ids, 1, &error));
  g_assert_true (sv_trash_empty (cat, NULL, 0, SV_TRASH_PURGE_DEFAULT, &result, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < result.failures->len; k++)
    g_test_message ("%s", (const char *) g_ptr_array_index (result.failures, k));
  g_assert_cmpuint (result.failures->len, ==, 0);
  g_assert_cmpuint (result.purged->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sv_catalogue_events_list_stored (cat, NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int argc, char **argv)
{
  self_path = argv[0];
  if (argc > 1 && g_str_equal (argv[1], "--print-dates"))
    return print_dates ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/lifecycle/trash/managed-restore", test_trash_managed_restore);
  g_test_add_func ("/core/lifecycle/trash/name-taken", test_trash_name_taken);
  g_test_add_func ("/core/lifecycle/trash/referenced", test_trash_referenced);
  g_test_add_func ("/core/lifecycle/trash/purge-retention", test_trash_purge_retention);
  g_test_add_func ("/core/lifecycle/trash/empty-now", test_trash_empty_now);
  g_test_add_func ("/core/lifecycle/trash/no-desktop-trash", test_trash_no_desktop_trash);
  g_test_add_func ("/core/lifecycle/trash/across-file-systems", test_trash_across_file_systems);
  g_test_add_func ("/core/lifecycle/trash/days-left", test_trash_days_left);
  g_test_add_func ("/core/lifecycle/backup/daily-rotation", test_backup_daily_rotation);
  g_test_add_func ("/core/lifecycle/backup/refuses", test_backup_refuses);
  g_test_add_func ("/core/lifecycle/backup/restore-round-trip", test_backup_restore_round_trip);
  g_test_add_func ("/core/lifecycle/events/folder-names", test_events_folder_names);
  g_test_add_func ("/core/lifecycle/events/cluster-synthetic", test_events_cluster_synthetic);
  g_test_add_func ("/core/lifecycle/events/real-photos", test_events_real_photos);
  g_test_add_func ("/core/lifecycle/events/titles", test_events_titles);
  g_test_add_func ("/core/lifecycle/events/titles-french", test_events_titles_french);
  g_test_add_func ("/core/lifecycle/events/user-edits-survive", test_events_user_edits_survive);
  g_test_add_func ("/core/lifecycle/events/managed-folder", test_events_managed_folder);
  g_test_add_func ("/core/lifecycle/events/trash-and-purge", test_events_trash_and_purge);

  return g_test_run ();
}
