/* bench-search.c: builds a 100,000-item catalogue with captions, keywords,
 * places (English and French names) and albums through the public API,
 * then times searches, suggestions per keystroke and edits (with the
 * full-text index upkeep). Prints JSON for bench/search/run, which runs the
 * same full-text statements in the sqlite3 shell.
 *
 * Usage: bench-search LIBRARY_DIR [N_ITEMS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-bench-search"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sv-catalogue-albums.h"
#include "sv-catalogue-edits.h"
#include "sv-catalogue-private.h"
#include "sv-hash.h"
#include "sv-search.h"

#define BATCH 1000
#define RUNS 5
#define N_ALBUMS 200
#define ALBUM_SIZE 60

static const char *cameras[] = {
  "Nikon D750",    "Nikon Z6",        "Canon EOS 6D",    "Canon EOS R5",   "Sony A7 III",
  "Fujifilm X-T3", "Apple iPhone 12", "Apple iPhone 15", "Google Pixel 6", "Samsung S21",
};

static const struct
{
  const char *code, *city_en, *city_fr, *region_en, *region_fr, *country_en, *country_fr;
} places[] = {
  { "FR", "Paris", "Paris", "Île-de-France", "Île-de-France", "France", "France" },
  { "FR", "Nice", "Nice", "Provence", "Provence", "France", "France" },
  { "FR", "Lyon", "Lyon", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "France", "France" },
  { "IT", "Rome", "Rome", "Lazio", "Latium", "Italy", "Italie" },
  { "IT", "Venice", "Venise", "Veneto", "Vénétie", "Italy", "Italie" },
  { "ES", "Seville", "Séville", "Andalusia", "Andalousie", "Spain", "Espagne" },
  { "US", "New York", "New York", "New York", "New York", "United States", "États-Unis" },
  { "DE", "Munich", "Munich", "Bavaria", "Bavière", "Germany", "Allemagne" },
  { "GB", "London", "Londres", "England", "Angleterre", "United Kingdom", "Royaume-Uni" },
  { "JP", "Kyoto", "Kyoto", "Kyoto", "Kyoto", "Japan", "Japon" },
};

static const char *caption_words[] = {
  "plage",    "anniversaire", "mariage", "pique-nique", "randonnée",  "coucher de soleil",
  "montagne", "neige",        "chat",    "chien",       "gâteau",     "famille",
  "vacances", "école",        "concert", "marché",      "jardin",     "forêt",
  "lac",      "bateau",       "vélo",    "musée",       "cathédrale", "fête",
  "Noël",     "Pâques",       "soirée",  "restaurant",  "piscine",    "ski",
};

static const char *first_names[] = { "Léa",   "Hugo", "Chloé", "Louis", "Emma",
                                     "Jules", "Inès", "Lucas", "Zoé",   "Arthur" };

static const char *keywords[] = {
  "famille",      "vacances", "été",       "hiver",   "amis",      "voyage",  "nature",
  "ville",        "mer",      "sport",     "enfants", "fête",      "cuisine", "animaux",
  "architecture", "portrait", "paysage",   "nuit",    "printemps", "automne", "anniversaire",
  "mariage",      "Noël",     "randonnée", "plage",
};

static void
make_file (GRand *rand, guint i, SvNewFile *f)
{
  g_autofree char *seed = g_strdup_printf ("bench-search-item-%u", i);
  guint p = g_rand_int_range (rand, 0, G_N_ELEMENTS (places) * 3);
  int year = g_rand_int_range (rand, 2012, 2026);
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, 29);
  guint n_kw = g_rand_int_range (rand, 0, 4);

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
  f->info.orientation = 1;
  f->info.taken_local = g_strdup_printf (
      "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, g_rand_int_range (rand, 0, 24),
      g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
  f->info.has_utc_offset = TRUE;
  f->info.utc_offset_minutes = 60;
  f->info.date_source = SV_DATE_SOURCE_EXIF;
  f->info.camera = g_strdup (cameras[i % G_N_ELEMENTS (cameras)]);
  f->info.make = g_strndup (f->info.camera, strcspn (f->info.camera, " "));
  f->info.model = g_strdup (strchr (f->info.camera, ' ') + 1);
  f->info.rating = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 1, 6) : -1;
  if (g_rand_int_range (rand, 0, 3) > 0)
    f->info.caption = g_strdup_printf (
        "%s %s avec %s", caption_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (caption_words))],
        caption_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (caption_words))],
        first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))]);
  if (n_kw > 0)
    {
      f->info.keywords = g_new0 (char *, n_kw + 1);
      for (guint k = 0; k < n_kw; k++)
        f->info.keywords[k] =
            g_strdup (keywords[g_rand_int_range (rand, 0, G_N_ELEMENTS (keywords))]);
    }
  if (p < G_N_ELEMENTS (places))
    {
      f->info.has_gps = TRUE;
      f->info.latitude = 45;
      f->info.longitude = 5;
      f->has_place = TRUE;
      f->place.country_code = g_strdup (places[p].code);
      f->place.city_en = g_strdup (places[p].city_en);
      f->place.city_local = g_strdup (places[p].city_fr);
      f->place.region_en = g_strdup (places[p].region_en);
      f->place.region_local = g_strdup (places[p].region_fr);
      f->place.country_en = g_strdup (places[p].country_en);
      f->place.country_local = g_strdup (places[p].country_fr);
    }
}

static void
populate (SvCatalogue *cat, guint n_items)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autoptr (GError) error = NULL;
  gint64 import_id = sv_catalogue_begin_import (cat, "reference", &error);
  gint64 t0 = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint start = 0; start < n_items; start += BATCH)
    {
      guint n = MIN (BATCH, n_items - start);
      g_autoptr (GPtrArray) files = g_ptr_array_new ();
      SvNewFile *storage = g_new0 (SvNewFile, n);

      for (guint i = 0; i < n; i++)
        {
          make_file (rand, start + i, &storage[i]);
          g_ptr_array_add (files, &storage[i]);
        }
      if (!sv_catalogue_add_files (cat, import_id, (SvNewFile *const *) files->pdata, n, NULL, NULL,
                                   &error))
        g_error ("add_files: %s", error->message);
      for (guint i = 0; i < n; i++)
        sv_new_file_clear (&storage[i]);
      g_free (storage);
    }
  for (guint a = 0; a < N_ALBUMS; a++)
    {
      gint64 ids[ALBUM_SIZE];
      g_autofree char *name =
          g_strdup_printf ("%s %u", caption_words[a % G_N_ELEMENTS (caption_words)], 2012 + a % 14);
      g_autofree char *unique = g_strdup_printf ("%s (%u)", name, a);

      for (guint k = 0; k < ALBUM_SIZE; k++)
        ids[k] = 1 + g_rand_int_range (rand, 0, n_items);
      if (sv_catalogue_album_create_from_items (cat, unique, ids, ALBUM_SIZE, &error) <= 0)
        g_error ("album: %s", error->message);
    }
  g_printerr ("Built %u items and %u albums in %.1f s\n", n_items, N_ALBUMS,
              (g_get_monotonic_time () - t0) / 1e6);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples, double p)
{
  guint idx;

  g_array_sort (samples, compare_doubles);
  idx = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, idx);
}

static char *
inline_sql (const SvSearchSql *sql)
{
  GString *out = g_string_new (NULL);
  guint k = 0;

  for (const char *p = sql->sql; *p; p++)
    {
      if (*p != '?' || k >= sql->params->len)
        {
          g_string_append_c (out, *p);
          continue;
        }
      {
        GVariant *v = sql->params->pdata[k++];

        if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
          {
            const char *s = g_variant_get_string (v, NULL);

            g_string_append_c (out, '\'');
            for (const char *c = s; *c; c++)
              {
                if (*c == '\'')
                  g_string_append_c (out, '\'');
                g_string_append_c (out, *c);
              }
            g_string_append_c (out, '\'');
          }
        else
          g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (v));
      }
    }
  return g_string_free (out, FALSE);
}

static gint64
count_matches (SvDb *db, const char *match)
{
  sqlite3_stmt *stmt =
      _sv_db_prepare (db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1", NULL);
  gint64 n = 0;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
add_summary (JsonBuilder *b, const char *name, GArray *samples)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "p50_ms");
  json_builder_add_double_value (b, percentile (samples, 0.5));
  json_builder_set_member_name (b, "p95_ms");
  json_builder_add_double_value (b, percentile (samples, 0.95));
  json_builder_set_member_name (b, "max_ms");
  json_builder_add_double_value (b, percentile (samples, 1.0));
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, samples->len);
  json_builder_end_object (b);
}

int
main (int argc, char **argv)
{
  static const char *const queries[] = {
    "plage",
    "anniv",
    "Italie",
    "italy",
    "Venise 2019",
    "juillet 2023",
    "été 2022",
    "2020",
    "camera:canon",
    "appareil:iphone plage",
    "lieu:\"New York\" 2018",
    "Léa gâteau",
    "mariage -pluie",
    "famille vacances mer",
    "is:favorite",
    "rating>=4",
    "has:gps type:video",
    "(plage OR piscine) été 2021",
    "album:noel",
    "Etats-Unis concert",
  };
  static const char *const typed[] = { "Italie", "anniversaire", "canon", "Venise", "famille" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (GArray) query_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) suggest_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) caption_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) album_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto (SvQuery) all = { 0 };
  g_autoptr (SvDb) reader = NULL;
  guint n_items;
  gint64 album;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("Usage: bench-search LIBRARY_DIR [N_ITEMS]\n");
      return 2;
    }
  n_items = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  cat = sv_catalogue_open (argv[1], &error);
  if (cat == NULL)
    g_error ("%s", error->message);
  sv_query_init (&all);
  if (sv_catalogue_count (cat, &all, NULL) < n_items)
    populate (cat, n_items);

  reader = _sv_catalogue_open_reader (cat, &error);
  g_assert_no_error (error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "db");
  json_builder_add_string_value (b, _sv_catalogue_get_db_path (cat));
  json_builder_set_member_name (b, "items");
  json_builder_add_int_value (b, sv_catalogue_count (cat, &all, NULL));

  /* Searches: all result ids (what the grid's model needs), warm. */
  json_builder_set_member_name (b, "queries");
  json_builder_begin_array (b);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (SvQueryNode) node = NULL;
      g_auto (SvSearchSql) sql = { 0 };
      g_autofree char *inlined = NULL;
      SvSearchOptions options;
      guint n_results = 0;

      sv_search_options_init (&options);
      node = sv_query_parse (queries[q], -1, NULL, &error);
      g_assert_no_error (error);
      sv_search_build_sql (node, &options, FALSE, &sql, &error);
      /* The statement sv_search_ids () runs: newest first past
       * SV_SEARCH_RANK_MAX matches. */
      if (sql.fts_match != NULL && count_matches (reader, sql.fts_match) > SV_SEARCH_RANK_MAX)
        {
          options.by_date = TRUE;
          sv_search_sql_clear (&sql);
          sv_search_build_sql (node, &options, FALSE, &sql, &error);
        }
      inlined = inline_sql (&sql);
      for (int r = 0; r < RUNS + 1; r++)
        {
          gint64 t = g_get_monotonic_time ();
          g_autoptr (GArray) ids = sv_search_ids (cat, queries[q], NULL, &error);
          double ms = (g_get_monotonic_time () - t) / 1000.0;

          g_assert_no_error (error);
          n_results = ids->len;
          if (r > 0) /* the first run warms the cache */
            {
              g_array_append_val (samples, ms);
              g_array_append_val (query_samples, ms);
            }
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "query");
      json_builder_add_string_value (b, queries[q]);
      json_builder_set_member_name (b, "results");
      json_builder_add_int_value (b, n_results);
      json_builder_set_member_name (b, "median_ms");
      json_builder_add_double_value (b, percentile (samples, 0.5));
      json_builder_set_member_name (b, "sql");
      json_builder_add_string_value (b, inlined);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_summary (b, "search", query_samples);

  /* Suggestions, one call per keystroke. */
  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    for (gsize len = 1; len <= strlen (typed[t]); len++)
      {
        g_autofree char *prefix = g_strndup (typed[t], len);

        for (int r = 0; r < 3; r++)
          {
            gint64 t0 = g_get_monotonic_time ();
            g_autoptr (GPtrArray) s = sv_search_suggest (cat, prefix, 10, &error);
            double ms = (g_get_monotonic_time () - t0) / 1000.0;

            g_assert_no_error (error);
            g_assert_nonnull (s);
            if (r > 0)
              g_array_append_val (suggest_samples, ms);
          }
      }
  add_summary (b, "suggest", suggest_samples);

  /* Edits, each its own transaction with the index upkeep. */
  album = sv_catalogue_album_create (cat, "Bench edits", &error);
  if (album == 0)
    {
      g_clear_error (&error);
      album = sv_catalogue_album_resolve (cat, "Bench edits", &error);
    }
  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    {
      gint64 id = 1 + (gint64) i * 2477 % n_items;
      g_autofree char *caption = g_strdup_printf ("Légende modifiée numéro %u", i);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if (!sv_catalogue_set_captions (cat, &id, 1, caption, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (caption_samples, ms);

      t0 = g_get_monotonic_time ();
      if (!sv_catalogue_album_add_items (cat, album, &id, 1, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (album_samples, ms);
    }
  add_summary (b, "edit_caption", caption_samples);
  add_summary (b, "edit_album_add", album_samples);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  {
    g_autofree char *text = json_generator_to_data (gen, NULL);

    g_print ("%s\n", text);
  }
  return 0;
}
