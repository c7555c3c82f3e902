/* test-importer.c: the background importer on the real test photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "sv-catalogue.h"
#include "sv-hash.h"
#include "sv-import-copy.h"
#include "sv-importer.h"
#include "sv-test-mime.h"
#include "sv-thumbnailer.h"

typedef struct
{
  char *file; /* relative to SV_PHOTOS_DIR */
  char *labels;
  char *sha256;
  char *category;
} ManifestRow;

static GPtrArray *manifest; /* ManifestRow */

static void
manifest_row_free (ManifestRow *row)
{
  g_free (row->file);
  g_free (row->labels);
  g_free (row->sha256);
  g_free (row->category);
  g_free (row);
}

static void
load_manifest (void)
{
  g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, "MANIFEST.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  manifest = g_ptr_array_new_with_free_func ((GDestroyNotify) manifest_row_free);
  for (guint i = 1; lines[i]; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      ManifestRow *row;

      if (g_strv_length (cols) < 15)
        continue;
      row = g_new0 (ManifestRow, 1);
      row->file = g_strdup (cols[0]);
      row->category = g_strdup (cols[8]);
      row->labels = g_strdup (cols[9]);
      row->sha256 = g_strdup (cols[14]);
      g_ptr_array_add (manifest, row);
    }
  g_assert_cmpuint (manifest->len, >, 150);
}

/* Inside the per-test folder that G_TEST_OPTION_ISOLATE_DIRS makes and
 * removes afterwards. */
static char *
make_temp_dir (const char *tmpl)
{
  char *dir = g_build_filename (g_get_user_data_dir (), tmpl, NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static GListModel *
files_model (const char *first, ...)
{
  GListStore *store = g_list_store_new (G_TYPE_FILE);
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    {
      g_autoptr (GFile) file = g_file_new_for_path (p);
      g_list_store_append (store, file);
    }
  va_end (args);
  return G_LIST_MODEL (store);
}

static SvImportSummary *
import_sync (SvCatalogue *catalogue, SvImportMode mode, GListModel *inputs)
{
  g_autoptr (SvImporter) importer = sv_importer_new (catalogue);
  g_autoptr (GError) error = NULL;
  SvImportSummary *summary;

  sv_importer_set_mode (importer, mode);
  summary = sv_importer_import (importer, inputs, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static gint64
count_items (SvCatalogue *catalogue)
{
  g_auto (SvQuery) q;
  g_autoptr (GError) error = NULL;
  gint64 n;

  sv_query_init (&q);
  n = sv_catalogue_count (catalogue, &q, &error);
  g_assert_no_error (error);
  return n;
}

static const char *
failure_reason (SvImportSummary *summary, const char *path)
{
  for (guint i = 0; i < summary->failures->len; i++)
    {
      SvImportError *f = g_ptr_array_index (summary->failures, i);
      if (g_strcmp0 (f->path, path) == 0)
        return f->reason;
    }
  return NULL;
}

static gboolean
label_has (const ManifestRow *row, const char *needle)
{
  return strstr (row->labels, needle) != NULL;
}

/* The whole test-photo folder, referenced in place, then once more. */
static void
test_import_testdata (void)
{
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GListModel) inputs = files_model (SV_PHOTOS_DIR, NULL);
  g_autoptr (SvImportSummary) first = NULL;
  g_autoptr (SvImportSummary) second = NULL;
  g_autoptr (GHashTable) good_hashes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) recorded = NULL;
  guint must_import = 0;
  gint64 items;

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);

  first = import_sync (catalogue, SV_IMPORT_MODE_REFERENCE, inputs);
  g_assert_false (first->cancelled);
  g_assert_null (first->stopped_by);
  /* Every photo of the manifest is a candidate; the README, the manifest and
   * the licence texts are not photos and are left alone. */
  g_assert_cmpuint (first->files_seen, ==, manifest->len);
  g_assert_cmpuint (first->ignored, >=, 3);
  g_assert_cmpuint (first->imported + first->duplicates + first->failed, ==, first->files_seen);

  for (guint i = 0; i < manifest->len; i++)
    {
      ManifestRow *row = g_ptr_array_index (manifest, i);
      g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, row->file, NULL);
      const char *reason = failure_reason (first, path);
      /* "decode-error" files may still decode to something (the
       * thumbnailer decides what is usable); when imported, their
       * thumbnails are checked below like every other. */
      gboolean must_fail = label_has (row, "expect=reject-or-limit") ||
                           label_has (row, "expect=metadata-only") ||
                           g_str_has_suffix (row->file, ".jxl");
      gboolean must_succeed =
          !must_fail && !label_has (row, "expect=") &&
          (g_str_equal (row->category, "camera") || g_str_equal (row->category, "faces") ||
           g_str_equal (row->category, "scenes") || g_str_equal (row->category, "orientation") ||
           g_str_equal (row->category, "near-dups"));

      if (must_fail)
        {
          if (reason == NULL)
            g_error ("%s should have failed", row->file);
          g_assert_cmpuint (strlen (reason), >, 10);
        }
      if (must_succeed)
        {
          if (reason != NULL || sv_catalogue_lookup_hash (catalogue, row->sha256) <= 0)
            g_error ("%s should have been imported: %s (%s, imported %u)", row->file,
                     reason ? reason : "not found", row->sha256, first->imported);
          must_import++;
        }
      if (reason == NULL)
        g_hash_table_add (good_hashes, row->sha256);
      else
        g_assert_cmpint (sv_catalogue_lookup_hash (catalogue, row->sha256), ==, 0);
    }
  g_assert_cmpuint (must_import, >, 80);

  /* Exact duplicates are one item: as many items as distinct contents. */
  items = count_items (catalogue);
  g_assert_cmpint (items, ==, g_hash_table_size (good_hashes));
  g_assert_cmpuint (first->imported, ==, g_hash_table_size (good_hashes));
  g_assert_cmpuint (first->duplicates, >=, 2);

  /* The byte-identical pair is one item with both files. */
  {
    g_autofree char *a =
        g_build_filename (SV_PHOTOS_DIR, "near-dups/exact/exiv2-exiv2-bug445.jpg", NULL);
    g_autofree char *b = g_build_filename (
        SV_PHOTOS_DIR, "near-dups/exact/exiv2-exiv2-canon-powershot-s40.jpg", NULL);
    gint64 ia = sv_catalogue_resolve (catalogue, a, &error);
    gint64 ib = sv_catalogue_resolve (catalogue, b, &error);
    g_autoptr (GPtrArray) locations = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (ia, >, 0);
    g_assert_cmpint (ia, ==, ib);
    locations = sv_catalogue_get_locations (catalogue, ia, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (locations->len, ==, 2);
  }

  /* Failures are recorded in the catalogue with their reasons. */
  recorded = sv_catalogue_list_import_errors (catalogue, first->import_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorded->len, ==, first->failed);

  /* Both thumbnails exist for every new item. */
  {
    g_autofree char *cache = sv_catalogue_get_cache_dir (catalogue);
    g_autoptr (SvThumbnailer) thumbs = sv_thumbnailer_new (cache);
    g_autoptr (GPtrArray) all =
        sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) first->new_item_ids->data,
                                first->new_item_ids->len, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        const char *hash = sv_media_item_get_primary_hash (g_ptr_array_index (all, i));
        g_assert_true (sv_thumbnailer_has_valid (thumbs, hash, SV_THUMB_SIZE_GRID));
        g_assert_true (sv_thumbnailer_has_valid (thumbs, hash, SV_THUMB_SIZE_PREVIEW));
      }
  }

  /* The same folder again changes nothing. */
  second = import_sync (catalogue, SV_IMPORT_MODE_REFERENCE, inputs);
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->duplicates, ==, first->imported + first->duplicates);
  g_assert_cmpuint (second->failed, ==, first->failed);
  g_assert_cmpint (count_items (catalogue), ==, items);
}

static char *
copy_test_photo (const char *relative, const char *dir, const char *name, const char *suffix)
{
  g_autofree char *src = g_build_filename (SV_PHOTOS_DIR, relative, NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  char *dest = g_build_filename (dir, name, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (src, &data, &len, &error));
  if (suffix)
    {
      /* Bytes after a JPEG's end marker: the same picture, other content. */
      g_autofree char *more = g_malloc (len + strlen (suffix));
      memcpy (more, data, len);
      memcpy (more + len, suffix, strlen (suffix));
      g_assert_true (g_file_set_contents (dest, more, (gssize) (len + strlen (suffix)), &error));
    }
  else
    g_assert_true (g_file_set_contents (dest, data, (gssize) len, &error));
  g_assert_no_error (error);
  return dest;
}

/* The same bytes twice in one import and again in a later one. */
static void
test_import_duplicates (void)
{
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autofree char *src = make_temp_dir ("sv-src-XXXXXX");
  g_autofree char *later = make_temp_dir ("sv-later-XXXXXX");
  g_autofree char *a = copy_test_photo ("camera/jhead-S40.jpg", src, "a.jpg", NULL);
  g_autofree char *b = copy_test_photo ("camera/jhead-S40.jpg", src, "b.jpg", NULL);
  g_autofree char *c = copy_test_photo ("camera/jhead-S40.jpg", src, "c.jpg", "x");
  g_autofree char *d = copy_test_photo ("camera/jhead-S40.jpg", later, "d.jpg", NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GListModel) first_inputs = files_model (src, NULL);
  g_autoptr (GListModel) later_inputs = files_model (later, a, NULL);
  g_autoptr (SvImportSummary) first = NULL;
  g_autoptr (SvImportSummary) second = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);

  first = import_sync (catalogue, SV_IMPORT_MODE_REFERENCE, first_inputs);
  g_assert_cmpuint (first->files_seen, ==, 3);
  g_assert_cmpuint (first->imported, ==, 2);
  g_assert_cmpuint (first->duplicates, ==, 1);
  g_assert_cmpint (count_items (catalogue), ==, 2);

  id = sv_catalogue_resolve (catalogue, a, &error);
  g_assert_cmpint (id, ==, sv_catalogue_resolve (catalogue, b, &error));
  g_assert_cmpint (id, !=, sv_catalogue_resolve (catalogue, c, &error));
  g_assert_no_error (error);

  second = import_sync (catalogue, SV_IMPORT_MODE_REFERENCE, later_inputs);
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->duplicates, ==, 2);
  g_assert_cmpint (count_items (catalogue), ==, 2);
  g_assert_cmpint (sv_catalogue_resolve (catalogue, d, &error), ==, id);
  locations = sv_catalogue_get_locations (catalogue, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (locations->len, ==, 3);
}

static guint
count_files_below (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files_below (path);
      else
        n++;
    }
  return n;
}

/* Copies go to YYYY/YYYY-MM-DD/, never overwrite, and keep the bytes. */
static void
test_import_copy (void)
{
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autofree char *managed = make_temp_dir ("sv-managed-XXXXXX");
  g_autofree char *top = make_temp_dir ("sv-src-XXXXXX");
  /* Folder names that say nothing about an event: plain day folders. */
  g_autofree char *src = g_build_filename (top, "DCIM", NULL);
  g_autofree char *sub = g_build_filename (src, "100CANON", NULL);
  g_autofree char *trip = g_build_filename (top, "2008_Vallée de la Mort", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autofree char *expect_d = NULL;
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GListModel) inputs = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expect_a = NULL, *expect_b = NULL;
  g_autoptr (SvMediaItem) item = NULL;
  g_autofree char *hash = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (trip, 0755), ==, 0);
  /* Same name, same day, different bytes: the second one walked (folders
   * are walked in name order: 100CANON/IMG.jpg, then IMG.jpg) becomes
   * "(1)"; same.jpg has IMG.jpg's bytes and is a duplicate. */
  a = copy_test_photo ("camera/exiv2-FurnaceCreekInn.jpg", src, "IMG.jpg", NULL);
  b = copy_test_photo ("camera/exiv2-FurnaceCreekInn.jpg", sub, "IMG.jpg", "y");
  c = copy_test_photo ("camera/exiv2-FurnaceCreekInn.jpg", src, "same.jpg", NULL);

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_set_setting (catalogue, "managed-root", managed, &error));
  g_assert_no_error (error);

  inputs = files_model (src, NULL);
  summary = import_sync (catalogue, SV_IMPORT_MODE_COPY, inputs);
  g_assert_cmpuint (summary->imported, ==, 2);
  g_assert_cmpuint (summary->duplicates, ==, 1);
  g_assert_cmpuint (summary->failed, ==, 0);

  /* DateTimeOriginal 2008:05:08 09:54:28 */
  expect_a = g_build_filename (managed, "2008", "2008-05-08", "IMG.jpg", NULL);
  expect_b = g_build_filename (managed, "2008", "2008-05-08", "IMG (1).jpg", NULL);
  g_assert_true (g_file_test (expect_a, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (expect_b, G_FILE_TEST_IS_REGULAR));
  /* Nothing else: no temporary file, no copy of the duplicate. */
  g_assert_cmpuint (count_files_below (managed), ==, 2);

  /* A folder named for an event names the managed folder. */
  d = copy_test_photo ("camera/exiv2-FurnaceCreekInn2.jpg", trip, "IMG_2.jpg", NULL);
  {
    g_autoptr (GListModel) more = files_model (trip, NULL);
    g_autoptr (SvImportSummary) again = import_sync (catalogue, SV_IMPORT_MODE_COPY, more);

    g_assert_cmpuint (again->imported, ==, 1);
  }
  expect_d = g_build_filename (managed, "2008", "2008-05-08 Vallée de la Mort", "IMG_2.jpg", NULL);
  g_assert_true (g_file_test (expect_d, G_FILE_TEST_IS_REGULAR));

  item =
      sv_catalogue_get_item (catalogue, sv_catalogue_resolve (catalogue, expect_a, &error), &error);
  g_assert_no_error (error);
  hash = sv_sha256_file_hex (expect_a, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sv_media_item_get_primary_hash (item), ==, hash);
  g_assert_cmpstr (sv_media_item_get_path (item), ==, expect_a);
  /* The originals are untouched. */
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
}

static void
test_day_folder (void)
{
  g_autofree char *a = sv_import_day_folder ("2024-07-14T15:30:00", 0);
  g_autofree char *b = sv_import_day_folder (NULL, G_GINT64_CONSTANT (1720963800) * G_USEC_PER_SEC);

  g_assert_cmpstr (a, ==, "2024/2024-07-14");
  g_assert_true (g_str_has_prefix (b, "2024/2024-07-1"));
}

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  SvImportSummary *summary;
  guint cancel_after;
  guint last_done;
  guint notifications;
  gboolean went_backwards;
  gboolean saw_running;
} AsyncRun;

static void
on_files_done_cb (SvImporter *importer, GParamSpec *pspec, AsyncRun *run)
{
  guint done = sv_importer_get_files_done (importer);

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  run->notifications++;
  if (sv_importer_get_running (importer))
    run->saw_running = TRUE;
  if (done < run->last_done)
    {
      g_test_message ("files-done went from %u to %u", run->last_done, done);
      run->went_backwards = TRUE;
    }
  run->last_done = done;
  g_assert_cmpfloat (sv_importer_get_fraction (importer), >=, 0);
  g_assert_cmpfloat (sv_importer_get_fraction (importer), <=, 1);
  if (run->cancel_after && done >= run->cancel_after)
    g_cancellable_cancel (run->cancellable);
}

static void
on_async_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncRun *run = data;
  g_autoptr (GError) error = NULL;

  run->summary = sv_importer_import_finish (SV_IMPORTER (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static char *
make_many_photos (guint n)
{
  char *dir = make_temp_dir ("sv-many-XXXXXX");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%04u.JPG", i);
      g_autofree char *suffix = g_strdup_printf ("%u", i);
      g_autofree char *path = copy_test_photo ("camera/fsf-IMG_1054.JPG", dir, name, suffix);
    }
  return dir;
}

/* Cancelling keeps the finished files, leaves a consistent catalogue, and a
 * second run brings exactly the rest. */
static void
test_import_cancel (void)
{
  const guint n = 40;
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autofree char *managed = make_temp_dir ("sv-managed-XXXXXX");
  g_autofree char *src = make_many_photos (n);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListModel) inputs = files_model (src, NULL);
  g_autoptr (SvImportSummary) rest = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvCheckReport) report = { 0 };
  AsyncRun run = { 0 };
  gint64 kept;

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_set_setting (catalogue, "managed-root", managed, &error));

  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_COPY);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.cancel_after = 8;
  g_signal_connect (importer, "notify::files-done", G_CALLBACK (on_files_done_cb), &run);
  sv_importer_import_async (importer, inputs, run.cancellable, on_async_done_cb, &run);
  g_main_loop_run (run.loop);

  g_assert_nonnull (run.summary);
  g_assert_true (run.summary->cancelled);
  g_assert_false (run.went_backwards);
  g_assert_cmpuint (run.summary->imported, >=, 1);
  g_assert_cmpuint (run.summary->imported, <, n);
  kept = count_items (catalogue);
  g_assert_cmpint (kept, ==, run.summary->imported);
  /* Only committed copies stay in the managed folder. */
  g_assert_cmpuint (count_files_below (managed), ==, (guint) kept);
  g_assert_true (sv_catalogue_check (catalogue, TRUE, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (report.db_ok);
  g_assert_cmpuint (report.missing, ==, 0);
  g_assert_cmpuint (report.hash_mismatches, ==, 0);

  rest = import_sync (catalogue, SV_IMPORT_MODE_COPY, inputs);
  g_assert_false (rest->cancelled);
  g_assert_cmpuint (rest->imported, ==, n - (guint) kept);
  g_assert_cmpint (count_items (catalogue), ==, n);
  g_assert_cmpuint (count_files_below (managed), ==, n);

  g_signal_handlers_disconnect_by_data (importer, &run);
  sv_import_summary_free (run.summary);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);
}

/* Progress goes forward, ends at the total, on the main context. */
static void
test_import_progress (void)
{
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autofree char *src = g_build_filename (SV_PHOTOS_DIR, "camera", NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListModel) inputs = files_model (src, NULL);
  g_autoptr (GError) error = NULL;
  AsyncRun run = { 0 };

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
  run.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (importer, "notify::files-done", G_CALLBACK (on_files_done_cb), &run);
  sv_importer_import_async (importer, inputs, NULL, on_async_done_cb, &run);
  g_main_loop_run (run.loop);
  /* Let the last notification arrive. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_nonnull (run.summary);
  g_assert_cmpuint (run.summary->files_seen, ==, 23);
  g_assert_cmpuint (run.summary->imported, ==, 23);
  g_assert_false (run.went_backwards);
  g_assert_cmpuint (run.notifications, >=, 1);
  g_assert_true (run.saw_running);
  g_assert_false (sv_importer_get_running (importer));

  g_signal_handlers_disconnect_by_data (importer, &run);
  sv_import_summary_free (run.summary);
  g_main_loop_unref (run.loop);
}

/* Files named directly are always tried; bad ones get clear reasons. */
static void
test_import_failures (void)
{
  g_autofree char *lib = make_temp_dir ("sv-import-XXXXXX");
  g_autofree char *src = make_temp_dir ("sv-bad-XXXXXX");
  g_autofree char *empty = g_build_filename (src, "empty.jpg", NULL);
  g_autofree char *random = g_build_filename (src, "random.jpg", NULL);
  g_autofree char *text = g_build_filename (src, "notes.txt", NULL);
  g_autofree char *loop_a = g_build_filename (src, "loop-a.jpg", NULL);
  g_autofree char *loop_b = g_build_filename (src, "loop-b.jpg", NULL);
  g_autofree char *missing = g_build_filename (src, "does-not-exist.jpg", NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GListModel) inputs = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  guint8 noise[4096];

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (random, (const char *) noise, sizeof noise, NULL));
  g_assert_true (g_file_set_contents (text, "not a photo", -1, NULL));
  g_assert_cmpint (symlink ("loop-b.jpg", loop_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a.jpg", loop_b), ==, 0);

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  inputs = files_model (src, missing, NULL);
  summary = import_sync (catalogue, SV_IMPORT_MODE_REFERENCE, inputs);

  g_assert_cmpuint (summary->imported, ==, 0);
  g_assert_cmpuint (summary->ignored, ==, 1); /* notes.txt */
  g_assert_nonnull (failure_reason (summary, empty));
  g_assert_nonnull (failure_reason (summary, random));
  g_assert_nonnull (failure_reason (summary, loop_a));
  g_assert_nonnull (failure_reason (summary, loop_b));
  g_assert_nonnull (failure_reason (summary, missing));
  g_assert_null (failure_reason (summary, text));
  g_assert_cmpuint (summary->failed, ==, 5);
  g_assert_cmpint (count_items (catalogue), ==, 0);
}

int
main (int argc, char **argv)
{
  int ret;

  char **mime_dirs;

  setlocale (LC_ALL, "");
  mime_dirs = sv_test_mime_dirs_save ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sv_test_mime_dirs_restore (mime_dirs);
  /* The gdk-pixbuf loaders report the damaged test files with g_warning ()
   * (heif-gdk-pixbuf, through structured logging, which fatal handlers do
   * not see): the libraries' words about hostile input, not failures of
   * ours. Criticals stay fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  load_manifest ();

  g_test_add_func ("/core/import/testdata", test_import_testdata);
  g_test_add_func ("/core/import/duplicates", test_import_duplicates);
  g_test_add_func ("/core/import/copy", test_import_copy);
  g_test_add_func ("/core/import/day-folder", test_day_folder);
  g_test_add_func ("/core/import/cancel", test_import_cancel);
  g_test_add_func ("/core/import/progress", test_import_progress);
  g_test_add_func ("/core/import/failures", test_import_failures);

  ret = g_test_run ();
  g_ptr_array_unref (manifest);
  return ret;
}
