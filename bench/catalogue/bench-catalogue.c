/* bench-catalogue.c: builds a large synthetic catalogue through the public
 * API and times the queries the timeline needs. Prints JSON for
 * bench/catalogue/run, which compares with the sqlite3 shell.
 *
 * Usage: bench-catalogue LIBRARY_DIR [N_ITEMS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-bench-catalogue"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "sv-catalogue-private.h"
#include "sv-hash.h"
#include "sv-media-item-private.h"
#include "sv-json.h"

#define BATCH 1000
#define RUNS 5
#define PAGE 200

static const char *cameras[20] = {
  "Nikon D750",     "Nikon D5300",     "Nikon Z6",        "Canon EOS 6D",   "Canon EOS R5",
  "Canon G11",      "Sony A7 III",     "Sony RX100",      "Fujifilm X-T3",  "Fujifilm X100V",
  "Apple iPhone 7", "Apple iPhone 12", "Apple iPhone 15", "Google Pixel 6", "Samsung S21",
  "Xiaomi Mi A3",   "Panasonic GF1",   "Olympus E-M10",   "Pentax K-3 II",  "Ricoh GR III",
};

static void
make_file (GRand *rand, guint i, SvNewFile *f)
{
  g_autofree char *seed = g_strdup_printf ("bench-item-%u", i);
  guint place = g_rand_int_range (rand, 0, 200);
  int year = g_rand_int_range (rand, 2015, 2025);
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, 29);

  sv_new_file_init (f);
  f->path = g_strdup_printf ("/bench/photos/%d/%02d/IMG_%06u.jpg", year, month, i);
  f->sha256 = sv_sha256_bytes_hex (seed, strlen (seed));
  f->size = g_rand_int_range (rand, 1000000, 9000000);
  f->mtime_usec = G_GINT64_CONSTANT (1600000000000000) + i;
  f->info.kind = g_rand_int_range (rand, 0, 20) == 0 ? SV_MEDIA_KIND_VIDEO : SV_MEDIA_KIND_PHOTO;
  f->info.format = g_strdup (f->info.kind == SV_MEDIA_KIND_VIDEO ? "mp4" : "jpeg");
  f->info.mime_type = g_strdup (f->info.kind == SV_MEDIA_KIND_VIDEO ? "video/mp4" : "image/jpeg");
  f->info.stored_width = 6000;
  f->info.stored_height = 4000;
  f->info.orientation = g_rand_int_range (rand, 0, 4) == 0 ? 6 : 1;
  f->info.taken_local = g_strdup_printf (
      "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, g_rand_int_range (rand, 0, 24),
      g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
  f->info.has_utc_offset = TRUE;
  f->info.utc_offset_minutes = 60 * g_rand_int_range (rand, -5, 3);
  f->info.date_source = SV_DATE_SOURCE_EXIF;
  f->info.camera = g_strdup (cameras[i % 20]);
  f->info.make = g_strndup (cameras[i % 20], strcspn (cameras[i % 20], " "));
  f->info.model = g_strdup (strchr (cameras[i % 20], ' ') + 1);
  f->info.iso = 100 << g_rand_int_range (rand, 0, 6);
  f->info.f_number = 1.8 + g_rand_int_range (rand, 0, 10) * 0.4;
  f->info.exposure_time = 1.0 / g_rand_int_range (rand, 30, 4000);
  f->info.focal_length = g_rand_int_range (rand, 14, 200);
  if (i % 2 == 0)
    {
      f->info.has_gps = TRUE;
      f->info.latitude = -60 + place * 0.6;
      f->info.longitude = -170 + place * 1.7;
      f->has_place = TRUE;
      f->place.country_code = g_strdup_printf ("C%c", 'A' + place % 20);
      f->place.city_en = g_strdup_printf ("City %u", place);
      f->place.city_local = g_strdup_printf ("Ville %u", place);
      f->place.region_en = g_strdup_printf ("Region %u", place / 5);
      f->place.region_local = g_strdup_printf ("Région %u", place / 5);
      f->place.country_en = g_strdup_printf ("Country %u", place % 20);
      f->place.country_local = g_strdup_printf ("Pays %u", place % 20);
    }
}

static void
create_items (SvCatalogue *cat, guint from, guint to)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261126 + from);
  g_autoptr (GError) error = NULL;
  SvNewFile *files[BATCH];
  SvNewFile storage[BATCH];
  gint64 import_id = sv_catalogue_begin_import (cat, "reference", &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint i = from; i < to; i += BATCH)
    {
      guint n = MIN (BATCH, to - i);

      for (guint k = 0; k < n; k++)
        {
          make_file (rand, i + k, &storage[k]);
          files[k] = &storage[k];
        }
      if (!sv_catalogue_add_files (cat, import_id, files, n, NULL, NULL, &error))
        g_error ("%s", error->message);
      for (guint k = 0; k < n; k++)
        sv_new_file_clear (&storage[k]);
    }
  g_printerr ("Created %u items in %.1f s\n", to - from,
              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

typedef struct
{
  const char *name;
  const char *label;
  SvQuery query;
  gboolean count;
  gboolean page;
} Figure;

/* One run through the public API; returns milliseconds. */
static double
run_figure (SvCatalogue *cat, const Figure *fig, GArray **page_ids)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (fig->count && sv_catalogue_count (cat, &fig->query, &error) < 0)
    g_error ("%s", error->message);
  if (fig->page)
    {
      g_autoptr (GArray) ids = NULL;
      g_autoptr (GPtrArray) items = NULL;
      SvQuery q = fig->query;

      q.limit = PAGE;
      ids = sv_catalogue_query_ids (cat, &q, &error);
      if (ids == NULL)
        g_error ("%s", error->message);
      items = sv_catalogue_get_items (cat, (const gint64 *) (gpointer) ids->data, ids->len, &error);
      if (items == NULL)
        g_error ("%s", error->message);
      if (page_ids != NULL)
        *page_ids = g_array_ref (ids);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The statement with its parameters bound and expanded, for sqlite3. */
static char *
expanded_query (SvDb *db, const SvQuery *q, gboolean count)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = _sv_query_prepare (db, q, count, &error);
  char *text;
  char *result;

  if (stmt == NULL)
    g_error ("%s", error->message);
  text = sqlite3_expanded_sql (stmt);
  result = g_strdup (text);
  sqlite3_free (text);
  sqlite3_reset (stmt);
  return result;
}

static char *
expanded_items (SvDb *db, GArray *ids)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = _sv_db_prepare (db, SV_MEDIA_ITEMS_BY_IDS, &error);
  GString *json = g_string_new ("[");
  char *text;
  char *result;

  if (stmt == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  sqlite3_bind_text (stmt, 1, json->str, -1, SQLITE_TRANSIENT);
  g_string_free (json, TRUE);
  text = sqlite3_expanded_sql (stmt);
  result = g_strdup (text);
  sqlite3_free (text);
  sqlite3_reset (stmt);
  return result;
}

static void
add_plan (JsonBuilder *b, SvDb *db, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;

  json_builder_begin_array (b);
  if (sqlite3_prepare_v2 (db->db, explain, -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (b);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvDb) reader = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *out = NULL;
  guint wanted = 100000;
  gint64 have;
  Figure figures[4];
  SvQuery all;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("Usage: %s LIBRARY_DIR [N_ITEMS]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    wanted = (guint) g_ascii_strtoull (argv[2], NULL, 10);

  cat = sv_catalogue_open (argv[1], &error);
  if (cat == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  sv_query_init (&all);
  have = sv_catalogue_count (cat, &all, &error);
  if (have < (gint64) wanted)
    create_items (cat, (guint) MAX (have, 0), wanted);
  /* Fresh statistics for the planner, as a maintenance pass would. */
  if (!_sv_catalogue_exec (cat, "PRAGMA optimize; ANALYZE", &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      memset (&figures[i], 0, sizeof figures[i]);
      sv_query_init (&figures[i].query);
    }
  figures[0].name = "timeline-page";
  figures[0].label = "first page of 200 timeline items (ids + get_items)";
  figures[0].page = TRUE;
  figures[1].name = "count";
  figures[1].label = "total count";
  figures[1].count = TRUE;
  figures[2].name = "place";
  figures[2].label = "place filter \"City 17\" (count + first page)";
  figures[2].query.place = g_strdup ("City 17");
  figures[2].count = figures[2].page = TRUE;
  figures[3].name = "month";
  figures[3].label = "one month, 2020-06 (count + first page)";
  figures[3].query.date_from = g_strdup ("2020-06-01");
  figures[3].query.date_to = g_strdup ("2020-06-30");
  figures[3].count = figures[3].page = TRUE;

  reader = _sv_catalogue_open_reader (cat, &error);
  if (reader == NULL)
    g_error ("%s", error->message);

  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "items", sv_catalogue_count (cat, &all, NULL));
  json_builder_set_member_name (b, "db");
  json_builder_add_string_value (b, _sv_catalogue_get_db_path (cat));
  json_builder_set_member_name (b, "figures");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      Figure *fig = &figures[i];
      double times[RUNS];
      g_autoptr (GArray) page_ids = NULL;
      g_autoptr (GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
      SvQuery paged = fig->query;

      run_figure (cat, fig, NULL); /* warm up */
      for (guint r = 0; r < RUNS; r++)
        times[r] = run_figure (cat, fig, r == 0 ? &page_ids : NULL);
      qsort (times, RUNS, sizeof (double), cmp_double);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, fig->name);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, fig->label);
      sv_json_builder_add_double (b, "median_ms", times[RUNS / 2]);
      paged.limit = PAGE;
      if (fig->count)
        g_ptr_array_add (statements, expanded_query (reader, &fig->query, TRUE));
      if (fig->page)
        {
          g_ptr_array_add (statements, expanded_query (reader, &paged, FALSE));
          g_ptr_array_add (statements, expanded_items (reader, page_ids));
        }
      json_builder_set_member_name (b, "statements");
      json_builder_begin_array (b);
      for (guint k = 0; k < statements->len; k++)
        json_builder_add_string_value (b, g_ptr_array_index (statements, k));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "plans");
      json_builder_begin_array (b);
      for (guint k = 0; k < statements->len; k++)
        add_plan (b, reader, g_ptr_array_index (statements, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  out = sv_json_to_string (root, TRUE);
  g_print ("%s\n", out);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    sv_query_clear (&figures[i].query);
  return 0;
}
