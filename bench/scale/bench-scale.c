/* bench-scale.c: a 100,000-item library, a watched tree of 10,000 real
 * files, and the figures bench/scale/run prints: rescan of the unchanged
 * tree, event computation. Prints JSON on stdout.
 *
 * Usage: bench-scale LIBRARY_DIR TREE_DIR N_ITEMS N_FILES [SAMPLE_DIR]
 *
 * The library is made of synthetic catalogue rows (inserted in batches
 * through sv_catalogue_add_files, as bench/catalogue does), the N_FILES
 * files of the tree (real files on disk, recorded with their real size and
 * time, as an earlier import would have), each with a stored perceptual
 * hash, plus the photos of SAMPLE_DIR imported for real (real thumbnails).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-bench-scale"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sv-catalogue-private.h"
#include "sv-events.h"
#include "sv-hash.h"
#include "sv-importer.h"
#include "sv-json.h"
#include "sv-watched-folders.h"
#include "sv-watcher.h"

#define BATCH 1000
#define RUNS 5
#define FILES_PER_FOLDER 100

static void
fill_file (GRand *rand, guint i, const char *path, gint64 size, gint64 mtime, SvNewFile *f)
{
  g_autofree char *seed = g_strdup_printf ("bench-scale-%u-%s", i, path);
  int year = g_rand_int_range (rand, 2015, 2025);
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, 29);

  sv_new_file_init (f);
  f->path = g_strdup (path);
  f->sha256 = sv_sha256_bytes_hex (seed, strlen (seed));
  f->size = size;
  f->mtime_usec = mtime;
  f->info.kind = SV_MEDIA_KIND_PHOTO;
  f->info.format = g_strdup ("jpeg");
  f->info.mime_type = g_strdup ("image/jpeg");
  f->info.stored_width = 4000;
  f->info.stored_height = 3000;
  f->info.orientation = 1;
  f->info.taken_local = g_strdup_printf (
      "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, g_rand_int_range (rand, 0, 24),
      g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
  f->info.date_source = SV_DATE_SOURCE_EXIF;
}

static void
add_batch (SvCatalogue *cat, gint64 import_id, SvNewFile *storage, guint n)
{
  g_autoptr (GError) error = NULL;
  SvNewFile *files[BATCH] = { 0 };

  for (guint k = 0; k < n; k++)
    files[k] = &storage[k];
  if (!sv_catalogue_add_files (cat, import_id, files, n, NULL, NULL, &error))
    g_error ("%s", error->message);
  for (guint k = 0; k < n; k++)
    sv_new_file_clear (&storage[k]);
}

static void
create_synthetic (SvCatalogue *cat, guint n_items)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261126);
  g_autoptr (GError) error = NULL;
  static SvNewFile storage[BATCH];
  gint64 import_id = sv_catalogue_begin_import (cat, "reference", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_items; i += BATCH)
    {
      guint n = MIN (BATCH, n_items - i);

      for (guint k = 0; k < n; k++)
        {
          g_autofree char *path =
              g_strdup_printf ("/bench/elsewhere/%06u/IMG_%06u.jpg", (i + k) / 500, i + k);

          fill_file (rand, i + k, path, 3000000 + (i + k), 1600000000000000 + (i + k), &storage[k]);
        }
      add_batch (cat, import_id, storage, n);
    }
}

/* N real files (a small real JPEG with a unique tail), recorded as known. */
static void
create_tree (SvCatalogue *cat, const char *tree, guint n_files)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autoptr (GError) error = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *src =
      g_build_filename (SV_PHOTOS_DIR, "metadata", "exiftool-FujiFilm.jpg", NULL);
  static SvNewFile storage[BATCH];
  gsize len;
  guint pending = 0;
  gint64 import_id = sv_catalogue_begin_import (cat, "reference", &error);

  g_assert_no_error (error);
  if (!g_file_get_contents (src, &jpeg, &len, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *folder = g_strdup_printf ("%s/%04u-%02u/event %03u", tree, 2015 + i / 1000,
                                                 1 + (i / 100) % 12, i / FILES_PER_FOLDER);
      g_autofree char *path = g_strdup_printf ("%s/IMG_%06u.jpg", folder, i);
      g_autofree char *contents = g_malloc (len + 16);
      struct stat st;

      memcpy (contents, jpeg, len);
      g_snprintf (contents + len, 16, "%015u", i);
      if (i % FILES_PER_FOLDER == 0 && g_mkdir_with_parents (folder, 0755) != 0)
        g_error ("Cannot make %s", folder);
      if (!g_file_set_contents (path, contents, (gssize) len + 15, &error))
        g_error ("%s", error->message);
      if (g_stat (path, &st) != 0)
        g_error ("Cannot stat %s", path);
      fill_file (rand, i, path, st.st_size,
                 (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000,
                 &storage[pending++]);
      if (pending == BATCH)
        {
          add_batch (cat, import_id, storage, pending);
          pending = 0;
        }
    }
  if (pending > 0)
    add_batch (cat, import_id, storage, pending);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvWatcher) watcher = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  double rescan_s[RUNS], events_s[3];
  guint n_items, n_files, sample_items = 0;
  SvRescanSummary *last = NULL;
  gint64 t;
  g_auto (SvQuery) q = { 0 };
  gint64 total_items;

  setlocale (LC_ALL, "");
  if (argc < 5)
    {
      g_printerr ("Usage: %s LIBRARY_DIR TREE_DIR N_ITEMS N_FILES [SAMPLE_DIR]\n", argv[0]);
      return 2;
    }
  n_items = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  n_files = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  cat = sv_catalogue_open (argv[1], &error);
  if (cat == NULL)
    g_error ("%s", error->message);

  t = g_get_monotonic_time ();
  create_synthetic (cat, n_items);
  g_printerr ("%u synthetic items in %.1f s\n", n_items, seconds_since (t));
  t = g_get_monotonic_time ();
  create_tree (cat, argv[2], n_files);
  g_printerr ("%u files in the watched tree in %.1f s\n", n_files, seconds_since (t));

  if (argc > 5)
    {
      g_autoptr (SvImporter) importer = sv_importer_new (cat);
      g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
      g_autoptr (GFile) sample = g_file_new_for_path (argv[5]);
      g_autoptr (SvImportSummary) summary = NULL;

      t = g_get_monotonic_time ();
      g_list_store_append (inputs, sample);
      sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
      summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
      if (summary == NULL)
        g_error ("%s", error->message);
      sample_items = summary->imported;
      g_printerr ("%u sample photos imported with real thumbnails in %.1f s\n", sample_items,
                  seconds_since (t));
    }
  /* Stored perceptual hashes for the synthetic rows (the sample has real
   * ones when the duplicates code computed them). */
  if (!_sv_catalogue_exec (cat, "UPDATE items SET phash = random () WHERE phash IS NULL", &error))
    g_error ("%s", error->message);

  sv_query_init (&q);
  total_items = sv_catalogue_count (cat, &q, &error);

  /* Rescan of the unchanged tree: once to warm the page cache, then timed. */
  {
    g_autoptr (SvWatchedFolder) folder = sv_watched_folders_add (cat, argv[2], NULL, &error);

    if (folder == NULL)
      g_error ("%s", error->message);
  }
  watcher = sv_watcher_new (cat);
  for (int run = -1; run < RUNS; run++)
    {
      SvRescanSummary *s;

      t = g_get_monotonic_time ();
      s = sv_watcher_rescan (watcher, NULL, &error);
      if (s == NULL)
        g_error ("%s", error->message);
      if (run >= 0)
        rescan_s[run] = seconds_since (t);
      if (s->unchanged != n_files || s->files_read != 0 || s->new_files != 0)
        g_error ("The tree is not seen as unchanged: %u unchanged, %u read, %u new", s->unchanged,
                 s->files_read, s->new_files);
      g_clear_pointer (&last, sv_rescan_summary_free);
      last = s;
    }
  qsort (rescan_s, RUNS, sizeof (double), cmp_double);

  for (int run = 0; run < 3; run++)
    {
      t = g_get_monotonic_time ();
      if (!sv_events_recompute (cat, &error))
        g_error ("%s", error->message);
      events_s[run] = seconds_since (t);
    }
  qsort (events_s, 3, sizeof (double), cmp_double);

  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "library", argv[1]);
  sv_json_builder_add_string (b, "tree", argv[2]);
  sv_json_builder_add_int (b, "items", total_items);
  sv_json_builder_add_int (b, "sample_items", sample_items);
  sv_json_builder_add_int (b, "tree_files", n_files);
  sv_json_builder_add_int (b, "rescan_checked", last->checked);
  sv_json_builder_add_double (b, "rescan_median_s", rescan_s[RUNS / 2]);
  sv_json_builder_add_double (b, "rescan_files_per_s", n_files / rescan_s[RUNS / 2]);
  sv_json_builder_add_double (b, "events_median_s", events_s[1]);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sv_json_to_string (root, TRUE);
  puts (text);
  sv_rescan_summary_free (last);
  return 0;
}
