/* test-search.c: the query parser, the search engine, albums, edits and
 * fixes, against the real test photos imported by the real importer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sv-catalogue-albums.h"
#include "sv-catalogue-edits.h"
#include "sv-catalogue-layout.h"
#include "sv-catalogue-private.h"
#include "sv-city-search.h"
#include "sv-error.h"
#include "sv-importer.h"
#include "sv-search.h"

/* The library shared by the catalogue tests: camera/ and metadata/
 * imported once (places named in French and English). */
static SvCatalogue *catalogue;
static char *library_dir;
static GPtrArray *manifest; /* of Row */
static GDateTime *fixed_now;
static char **mime_dirs;

typedef struct
{
  char *file;
  char *camera;
  char *date;
  gboolean has_gps;
  gint64 item_id; /* 0: not imported */
} Row;

static void
row_free (Row *row)
{
  g_free (row->file);
  g_free (row->camera);
  g_free (row->date);
  g_free (row);
}

/* ---- helpers ---- */

static SvQueryParseOptions
parse_options (SvDateOrder order)
{
  SvQueryParseOptions o = { order, fixed_now };

  return o;
}

static char *
parse_to_string (const char *query, SvDateOrder order)
{
  SvQueryParseOptions o = parse_options (order);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvQueryNode) node = sv_query_parse (query, -1, &o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return sv_query_node_to_string (node);
}

static void
assert_parses_to (const char *query, SvDateOrder order, const char *expected)
{
  g_autofree char *got = parse_to_string (query, order);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("“%s” parsed to %s, expected %s", query, got, expected);
}

static GArray *
search (const char *query)
{
  g_autoptr (GError) error = NULL;
  GArray *ids = sv_search_ids (catalogue, query, NULL, &error);

  if (error != NULL)
    g_error ("search “%s” failed: %s", query, error->message);
  g_assert_nonnull (ids);
  return ids;
}

static GArray *
search_order (const char *query, SvDateOrder order)
{
  g_autoptr (GError) error = NULL;
  SvSearchOptions options;
  GArray *ids;

  sv_search_options_init (&options);
  options.date_order = order;
  options.now = fixed_now;
  ids = sv_search_ids (catalogue, query, &options, &error);
  if (error != NULL)
    g_error ("search “%s” failed: %s", query, error->message);
  return ids;
}

static gboolean
ids_contain (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static GHashTable *
id_set (GArray *ids)
{
  GHashTable *set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
  return set;
}

static void
assert_same_ids (const char *what, GArray *a, GArray *b)
{
  g_autoptr (GHashTable) sa = id_set (a);
  g_autoptr (GHashTable) sb = id_set (b);
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (sa) != g_hash_table_size (sb))
    g_error ("%s: %u results, expected %u", what, g_hash_table_size (sa), g_hash_table_size (sb));
  g_hash_table_iter_init (&iter, sa);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (sb, key))
      g_error ("%s: unexpected item %" G_GINT64_FORMAT, what, *(gint64 *) key);
}

static GArray *
all_live_ids (void)
{
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  GArray *ids;

  sv_query_init (&q);
  ids = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  return ids;
}

/* Items (of all live ones) for which @pred is TRUE. */
static GArray *
filter_items (gboolean (*pred) (SvMediaItem *item, gconstpointer data), gconstpointer data)
{
  g_autoptr (GArray) all = all_live_ids ();
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  items =
      sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) all->data, all->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    if (pred (items->pdata[i], data))
      {
        gint64 id = sv_media_item_get_id (items->pdata[i]);

        g_array_append_val (out, id);
      }
  return out;
}

static SvMediaItem *
get_item (gint64 id)
{
  g_autoptr (GError) error = NULL;
  SvMediaItem *item = sv_catalogue_get_item (catalogue, id, &error);

  g_assert_no_error (error);
  return item;
}

static void
assert_invalid_query (const char *query, gssize length)
{
  SvQueryParseOptions o = parse_options (SV_DATE_ORDER_DMY);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvQueryNode) node = sv_query_parse (query, length, &o, &error);

  if (node != NULL)
    {
      g_autofree char *s = sv_query_node_to_string (node);

      g_error ("“%.60s” should not parse, got %s", query, s);
    }
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_assert_true (error->message != NULL && error->message[0] != '\0');
}

/* ---- parser ---- */

static void
test_parser_words_and_filters (void)
{
  const SvDateOrder dmy = SV_DATE_ORDER_DMY;

  assert_parses_to ("plage", dmy, "(text \"plage\"*)");
  assert_parses_to ("  Plage   été ", dmy, "(and (text \"Plage\"*) (text \"été\"*))");
  assert_parses_to ("\"plage du nord\"", dmy, "(text \"plage du nord\")");
  assert_parses_to ("", dmy, "(and)");
  assert_parses_to ("personne:Anne", dmy, "(person \"Anne\"*)");
  assert_parses_to ("person:\"Anne Helene\"", dmy, "(person \"Anne Helene\")");
  assert_parses_to ("lieu:Italie", dmy, "(place \"Italie\"*)");
  assert_parses_to ("place:\"New York\"", dmy, "(place \"New York\")");
  assert_parses_to ("appareil:canon", dmy, "(camera \"canon\"*)");
  assert_parses_to ("camera:nikon", dmy, "(camera \"nikon\"*)");
  assert_parses_to ("album:Noël", dmy, "(album \"Noël\"*)");
  assert_parses_to ("mot-clé:mer", dmy, "(keyword \"mer\"*)");
  assert_parses_to ("type:photo", dmy, "(type photo)");
  assert_parses_to ("type:vidéo", dmy, "(type video)");
  assert_parses_to ("TYPE:Video", dmy, "(type video)");
  assert_parses_to ("is:favorite", dmy, "(favorite)");
  assert_parses_to ("est:favori", dmy, "(favorite)");
  assert_parses_to ("has:gps", dmy, "(gps)");
  assert_parses_to ("a:gps", dmy, "(gps)");
  assert_parses_to ("rating>=4", dmy, "(rating >= 4)");
  assert_parses_to ("rating>3", dmy, "(rating > 3)");
  assert_parses_to ("rating=5", dmy, "(rating = 5)");
  assert_parses_to ("rating<=2", dmy, "(rating <= 2)");
  assert_parses_to ("note>=4", dmy, "(rating >= 4)");
  assert_parses_to ("note:3", dmy, "(rating = 3)");
  assert_parses_to ("before:2020", dmy, "(date - 2020-01-01)");
  assert_parses_to ("avant:2020-07", dmy, "(date - 2020-07-01)");
  assert_parses_to ("after:2020", dmy, "(date 2021-01-01 -)");
  assert_parses_to ("après:\"juillet 2023\"", dmy, "(date 2023-08-01 -)");
  assert_parses_to ("apres:14/07/2023", dmy, "(date 2023-07-15 -)");
  assert_parses_to ("plage -pluie", dmy, "(and (text \"plage\"*) (not (text \"pluie\"*)))");
  assert_parses_to ("-camera:canon", dmy, "(not (camera \"canon\"*))");
  assert_parses_to ("plage OR mer", dmy, "(or (text \"plage\"*) (text \"mer\"*))");
  assert_parses_to ("plage OU mer", dmy, "(or (text \"plage\"*) (text \"mer\"*))");
  assert_parses_to ("(plage OR mer) 2023", dmy,
                    "(and (or (text \"plage\"*) (text \"mer\"*)) (date 2023-01-01 2024-01-01))");
  assert_parses_to ("-(a OR b)", dmy, "(not (or (text \"a\"*) (text \"b\"*)))");
  /* Unknown filter names and FTS syntax are plain words. */
  assert_parses_to ("http://x", dmy, "(text \"http://x\"*)");
  assert_parses_to ("* ^ : & NEAR", dmy, "(text \"NEAR\"*)");
  assert_parses_to ("1234", dmy, "(text \"1234\"*)");
}

static void
test_parser_dates (void)
{
  const SvDateOrder dmy = SV_DATE_ORDER_DMY, mdy = SV_DATE_ORDER_MDY;

  assert_parses_to ("2024", dmy, "(date 2024-01-01 2025-01-01)");
  assert_parses_to ("juillet 2023", dmy, "(date 2023-07-01 2023-08-01)");
  assert_parses_to ("July 2023", mdy, "(date 2023-07-01 2023-08-01)");
  assert_parses_to ("JUILLET 2023", mdy, "(date 2023-07-01 2023-08-01)");
  assert_parses_to ("décembre 2023", dmy, "(date 2023-12-01 2024-01-01)");
  assert_parses_to ("decembre 2023", dmy, "(date 2023-12-01 2024-01-01)");
  assert_parses_to ("février 2024", dmy, "(date 2024-02-01 2024-03-01)");
  assert_parses_to ("août 2022", dmy, "(date 2022-08-01 2022-09-01)");
  assert_parses_to ("2023-07-14", dmy, "(date 2023-07-14 2023-07-15)");
  assert_parses_to ("2023-07-14", mdy, "(date 2023-07-14 2023-07-15)");
  assert_parses_to ("2023-07", mdy, "(date 2023-07-01 2023-08-01)");
  assert_parses_to ("14/07/2024", dmy, "(date 2024-07-14 2024-07-15)");
  assert_parses_to ("07/14/2024", mdy, "(date 2024-07-14 2024-07-15)");
  assert_parses_to ("03/04/2024", dmy, "(date 2024-04-03 2024-04-04)");
  assert_parses_to ("03/04/2024", mdy, "(date 2024-03-04 2024-03-05)");
  assert_parses_to ("14.07.2024", dmy, "(date 2024-07-14 2024-07-15)");
  assert_parses_to ("été 2022", dmy, "(date 2022-06-01 2022-09-01)");
  assert_parses_to ("summer 2022", mdy, "(date 2022-06-01 2022-09-01)");
  assert_parses_to ("hiver 2022", dmy, "(date 2022-12-01 2023-03-01)");
  assert_parses_to ("printemps 2021", dmy, "(date 2021-03-01 2021-06-01)");
  assert_parses_to ("autumn 2021", dmy, "(date 2021-09-01 2021-12-01)");
  /* fixed_now is Wednesday 13 March 2024. */
  assert_parses_to ("hier", dmy, "(date 2024-03-12 2024-03-13)");
  assert_parses_to ("yesterday", mdy, "(date 2024-03-12 2024-03-13)");
  assert_parses_to ("aujourd’hui", dmy, "(date 2024-03-13 2024-03-14)");
  assert_parses_to ("la semaine dernière", dmy, "(date 2024-03-04 2024-03-11)");
  assert_parses_to ("semaine derniere", dmy, "(date 2024-03-04 2024-03-11)");
  assert_parses_to ("last week", mdy, "(date 2024-03-04 2024-03-11)");
  assert_parses_to ("le mois dernier", dmy, "(date 2024-02-01 2024-03-01)");
  assert_parses_to ("last year", dmy, "(date 2023-01-01 2024-01-01)");
  assert_parses_to ("plage juillet 2023 Italie", dmy,
                    "(and (text \"plage\"*) (date 2023-07-01 2023-08-01) (text \"Italie\"*))");
  /* A month name alone is a word ("may", "mars"). */
  assert_parses_to ("mars", dmy, "(text \"mars\"*)");
}

static void
test_parser_errors (void)
{
  static const char *const bad[] = {
    "\"unclosed", "place:\"unclosed", "(plage",    "((a) b",     "plage)",     "a ) (",
    "OR plage",   "plage OR",         "a OR OR b", "type:foo",   "is:bar",     "has:nothing",
    "rating>=9",  "note>x",           "rating=",   "avant:",     "before:foo", "after:\"juillet\"",
    "place:",     "lieu:\"\"",        "album:*",   "31/02/2024", "2023-13-01", "2023-02-30",
    "00/00/2024",
  };
  g_autofree char *deep = NULL;
  g_autofree char *many = NULL;
  GString *s;
  char with_nul[] = "plage\0mer";
  char bad_utf8[] = "plage \xff\xfe";
  SvQueryParseOptions o = parse_options (SV_DATE_ORDER_MDY);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvQueryNode) node = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_invalid_query (bad[i], -1);
  /* Month first: 14 is not a month. */
  node = sv_query_parse ("14/07/2024", -1, &o, &error);
  g_assert_null (node);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);

  assert_invalid_query (with_nul, sizeof with_nul - 1);
  assert_invalid_query (bad_utf8, -1);

  s = g_string_new (NULL);
  for (int i = 0; i < 40; i++)
    g_string_append_c (s, '(');
  g_string_append (s, "a");
  for (int i = 0; i < 40; i++)
    g_string_append_c (s, ')');
  deep = g_string_free (s, FALSE);
  assert_invalid_query (deep, -1);

  s = g_string_new (NULL);
  for (int i = 0; i < 200; i++)
    g_string_append (s, "a ");
  many = g_string_free (s, FALSE);
  assert_invalid_query (many, -1);

  {
    g_autofree char *huge = g_malloc (100 * 1024 + 1);

    memset (huge, 'a', 100 * 1024);
    huge[100 * 1024] = '\0';
    assert_invalid_query (huge, -1);
  }
}

/* ---- the imported library ---- */

static void
load_manifest (void)
{
  g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, "MANIFEST.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  manifest = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      Row *row;

      if (g_strv_length (cols) < 9)
        continue;
      if (!g_str_has_prefix (cols[0], "camera/") && !g_str_has_prefix (cols[0], "metadata/"))
        continue;
      row = g_new0 (Row, 1);
      row->file = g_strdup (cols[0]);
      row->camera = g_strdup (cols[3]);
      row->date = g_strdup (cols[4]);
      row->has_gps = strcmp (cols[5], "yes") == 0;
      g_ptr_array_add (manifest, row);
    }
  g_assert_cmpuint (manifest->len, >, 50);
}

static void
import_library (void)
{
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *saved_language = NULL;
  const char *folders[] = { "camera", "metadata" };

  library_dir = g_dir_make_tmp ("sv-test-search-XXXXXX", &error);
  g_assert_no_error (error);
  catalogue = sv_catalogue_open (library_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *dir = g_build_filename (SV_PHOTOS_DIR, folders[i], NULL);
      g_autofree char *real = realpath (dir, NULL);
      g_autoptr (GFile) file = g_file_new_for_path (real ? real : dir);

      g_list_store_append (inputs, file);
    }

  /* Places get their local names in French: "Allemagne" and "Germany". */
  g_assert_nonnull (setlocale (LC_ALL, "fr_FR.UTF-8"));
  saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_setenv ("LANGUAGE", "fr", TRUE);
  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  setlocale (LC_ALL, saved_locale);
  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_assert_no_error (error);
  if (summary->imported < 50)
    g_error ("import: %u seen, %u imported, %u failed (%s), %u duplicates", summary->files_seen,
             summary->imported, summary->failed,
             summary->failures->len ? ((SvImportError *) summary->failures->pdata[0])->reason : "",
             summary->duplicates);

  for (guint i = 0; i < manifest->len; i++)
    {
      Row *row = manifest->pdata[i];
      g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, row->file, NULL);
      g_autofree char *real = realpath (path, NULL);
      gint64 id = 0, size, mtime;

      if (real != NULL && sv_catalogue_lookup_location (catalogue, real, &id, &size, &mtime))
        row->item_id = id;
    }
}

static void
ensure_library (void)
{
  if (catalogue == NULL)
    import_library ();
}

static gboolean
item_has_country (SvMediaItem *item, gconstpointer code)
{
  return g_strcmp0 (sv_media_item_get_country_code (item), code) == 0;
}

static gboolean
item_has_gps (SvMediaItem *item, gconstpointer data)
{
  (void) data;
  return sv_media_item_get_has_gps (item);
}

static gboolean
item_in_year (SvMediaItem *item, gconstpointer year)
{
  const char *t = sv_media_item_get_taken_local (item);

  return t != NULL && g_str_has_prefix (t, year);
}

static gboolean
item_camera_contains (SvMediaItem *item, gconstpointer word)
{
  const char *fields[] = { sv_media_item_get_camera (item), sv_media_item_get_make (item),
                           sv_media_item_get_model (item), sv_media_item_get_lens (item) };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      {
        g_autofree char *folded = g_utf8_casefold (fields[i], -1);
        g_autofree char *w = g_utf8_casefold (word, -1);

        if (strstr (folded, w) != NULL)
          return TRUE;
      }
  return FALSE;
}

static const char *const months_fr[] = { "janvier",   "février", "mars",     "avril",
                                         "mai",       "juin",    "juillet",  "août",
                                         "septembre", "octobre", "novembre", "décembre" };
static const char *const months_en[] = { "January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December" };

static void
test_search_dates (void)
{
  guint checked = 0;

  ensure_library ();
  for (guint i = 0; i < manifest->len; i++)
    {
      Row *row = manifest->pdata[i];
      g_autoptr (SvMediaItem) item = NULL;
      int y, m, d, hh, mm, ss;
      char iso[11], query[64];
      const char *taken;

      if (row->item_id == 0 ||
          sscanf (row->date, "%4d:%2d:%2d %2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss) != 6 ||
          y < 1990 || y > 2030 || m < 1 || m > 12 || d < 1 || d > 31)
        continue;
      item = get_item (row->item_id);
      snprintf (iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
      taken = sv_media_item_get_taken_local (item);
      /* Only where the importer took the manifest's date. */
      if (taken == NULL || !g_str_has_prefix (taken, iso))
        continue;
      checked++;

      {
        const char *queries[6];
        char q_year[8], q_fr[64], q_en[64], q_dmy[16], q_mdy[16];

        snprintf (q_year, sizeof q_year, "%04d", y);
        snprintf (q_fr, sizeof q_fr, "%s %04d", months_fr[m - 1], y);
        snprintf (q_en, sizeof q_en, "%s %04d", months_en[m - 1], y);
        snprintf (q_dmy, sizeof q_dmy, "%02d/%02d/%04d", d, m, y);
        snprintf (q_mdy, sizeof q_mdy, "%02d/%02d/%04d", m, d, y);
        queries[0] = q_year;
        queries[1] = iso;
        queries[2] = q_fr;
        queries[3] = q_en;
        for (guint k = 0; k < 4; k++)
          {
            g_autoptr (GArray) ids = search_order (queries[k], SV_DATE_ORDER_DMY);

            if (!ids_contain (ids, row->item_id))
              g_error ("“%s” does not find %s", queries[k], row->file);
          }
        {
          g_autoptr (GArray) a = search_order (q_dmy, SV_DATE_ORDER_DMY);
          g_autoptr (GArray) b = search_order (q_mdy, SV_DATE_ORDER_MDY);

          g_assert_true (ids_contain (a, row->item_id));
          g_assert_true (ids_contain (b, row->item_id));
          assert_same_ids (q_dmy, a, b);
        }
        snprintf (query, sizeof query, "after:%04d before:%04d", y - 1, y + 1);
        {
          g_autoptr (GArray) around = search (query);
          g_autoptr (GArray) year = search (q_year);

          assert_same_ids (query, around, year);
        }
      }
    }
  g_assert_cmpuint (checked, >=, 20);

  /* Exactness: a year finds its items and nothing else. */
  {
    static const char *const years[] = { "2004", "2005", "2008", "2013", "2020" };

    for (guint i = 0; i < G_N_ELEMENTS (years); i++)
      {
        g_autoptr (GArray) got = search (years[i]);
        g_autoptr (GArray) expected = filter_items (item_in_year, years[i]);

        g_assert_cmpuint (expected->len, >, 0);
        assert_same_ids (years[i], got, expected);
      }
  }
}

static void
test_search_cameras (void)
{
  guint checked = 0;

  ensure_library ();
  for (guint i = 0; i < manifest->len; i++)
    {
      Row *row = manifest->pdata[i];
      g_autoptr (SvMediaItem) item = NULL;
      g_auto (GStrv) words = NULL;
      const char *word = NULL;
      char query[128];

      if (row->item_id == 0 || row->camera[0] == '\0')
        continue;
      item = get_item (row->item_id);
      if (sv_media_item_get_camera (item) == NULL)
        continue;
      /* The model's last word with a letter and a digit ("D7000", "G11") or
       * the make. */
      words = g_strsplit (row->camera, " ", -1);
      word = words[0];
      if (!item_camera_contains (item, word))
        continue;
      checked++;
      snprintf (query, sizeof query, "camera:%s", word);
      {
        g_autoptr (GArray) by_filter = search (query);
        g_autoptr (GArray) by_word = search (word);
        g_autoptr (GArray) expected = filter_items (item_camera_contains, word);

        snprintf (query, sizeof query, "appareil:%s", word);
        g_autoptr (GArray) by_alias = search (query);

        if (!ids_contain (by_filter, row->item_id))
          g_error ("camera:%s does not find %s", word, row->file);
        g_assert_true (ids_contain (by_word, row->item_id));
        assert_same_ids (query, by_filter, by_alias);
        /* Every camera:X result has X in its camera, make, model or lens. */
        for (guint k = 0; k < by_filter->len; k++)
          g_assert_true (ids_contain (expected, g_array_index (by_filter, gint64, k)));
      }
    }
  g_assert_cmpuint (checked, >=, 20);

  /* Prefixes and case. */
  {
    g_autoptr (GArray) full = search ("camera:canon");
    g_autoptr (GArray) prefix = search ("camera:CAN");
    g_autoptr (GArray) expected = filter_items (item_camera_contains, "canon");

    g_assert_cmpuint (full->len, >, 3);
    assert_same_ids ("camera:CAN", prefix, full);
    assert_same_ids ("camera:canon", full, expected);
  }
}

static void
test_search_places (void)
{
  static const struct
  {
    const char *query;
    const char *country;
  } cases[] = {
    { "Allemagne", "DE" },
    { "germany", "DE" },
    { "lieu:allem", "DE" },
    { "place:Germany", "DE" },
    { "États-Unis", "US" },
    { "Etats-Unis", "US" },
    { "etats unis", "US" },
    { "\"united states\"", "US" },
    { "lieu:\"Etats-Unis\"", "US" },
    { "Espagne", "ES" },
    { "spain", "ES" },
    { "Suède", "SE" },
    { "suede", "SE" },
    { "Sweden", "SE" },
    { "Brésil", "BR" },
    { "bresil", "BR" },
    { "Brazil", "BR" },
  };

  ensure_library ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GArray) got = search (cases[i].query);
      g_autoptr (GArray) expected = filter_items (item_has_country, cases[i].country);

      g_assert_cmpuint (expected->len, >, 0);
      assert_same_ids (cases[i].query, got, expected);
    }
  /* Cities and regions too, with and without accents. */
  {
    g_autoptr (GArray) a = search ("Malaga");
    g_autoptr (GArray) b = search ("Málaga");
    g_autoptr (GArray) c = search ("californ");

    g_assert_cmpuint (a->len, >, 0);
    assert_same_ids ("Malaga", a, b);
    g_assert_cmpuint (c->len, >, 0);
  }
}

static void
test_search_gps (void)
{
  g_autoptr (GArray) has = NULL;
  g_autoptr (GArray) a = NULL;
  g_autoptr (GArray) expected = NULL;
  g_autoptr (GArray) none = NULL;
  g_autoptr (GArray) all = NULL;
  guint checked = 0, missed = 0;

  ensure_library ();
  has = search ("has:gps");
  a = search ("a:gps");
  expected = filter_items (item_has_gps, NULL);
  assert_same_ids ("has:gps", has, expected);
  assert_same_ids ("a:gps", a, expected);
  for (guint i = 0; i < manifest->len; i++)
    {
      Row *row = manifest->pdata[i];

      if (row->item_id == 0 || !row->has_gps || !g_str_has_prefix (row->file, "camera/"))
        continue;
      checked++;
      if (!ids_contain (has, row->item_id))
        {
          g_test_message ("has:gps does not find %s (no position read from it)", row->file);
          missed++;
        }
    }
  g_assert_cmpuint (checked, >=, 3);
  /* The metadata reader may refuse a bogus position; most are read. */
  g_assert_cmpuint (missed * 4, <=, checked);
  none = search ("-has:gps");
  all = all_live_ids ();
  g_assert_cmpuint (none->len + has->len, ==, all->len);
}

static void
test_search_filters_and_edits (void)
{
  g_autoptr (GArray) all = NULL;
  g_autoptr (GError) error = NULL;
  gint64 fav[3], four[2], two;
  guint n_changed = 0;
  gulong handler;

  ensure_library ();
  all = all_live_ids ();
  g_assert_cmpuint (all->len, >, 10);
  for (guint i = 0; i < 3; i++)
    fav[i] = g_array_index (all, gint64, i);
  four[0] = g_array_index (all, gint64, 3);
  four[1] = g_array_index (all, gint64, 4);
  two = g_array_index (all, gint64, 5);

  handler =
      g_signal_connect_swapped (catalogue, "changed", G_CALLBACK (g_atomic_int_inc), &n_changed);
  g_assert_true (sv_catalogue_set_favourites (catalogue, fav, 3, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1); /* once for the batch */
  g_assert_true (sv_catalogue_set_ratings (catalogue, four, 2, 4, &error));
  g_assert_true (sv_catalogue_set_ratings (catalogue, &two, 1, 2, &error));
  g_assert_cmpuint (n_changed, ==, 3);
  g_signal_handler_disconnect (catalogue, handler);

  {
    g_autoptr (GArray) f1 = search ("is:favorite");
    g_autoptr (GArray) f2 = search ("est:favori");
    g_autoptr (GArray) r4 = search ("rating>=4");
    g_autoptr (GArray) n4 = search ("note>=4");
    g_autoptr (GArray) r2 = search ("rating=2");
    g_autoptr (GArray) r1 = search ("rating>1");
    g_autoptr (GArray) photos = search ("type:photo");
    g_autoptr (GArray) videos = search ("type:video");
    g_autoptr (GArray) fav_four = search ("is:favorite OR rating>=4");
    /* Unrated counts as 0 (the coalesce path); the rated-only path reads
     * items_rating. */
    g_autoptr (GArray) le2 = search ("rating<=2");
    g_autoptr (GArray) r3 = search ("rating=3");
    g_autoptr (GArray) r4_photos = search ("rating>=4 type:photo");

    g_assert_cmpuint (f1->len, ==, 3);
    assert_same_ids ("est:favori", f2, f1);
    for (guint i = 0; i < 3; i++)
      g_assert_true (ids_contain (f1, fav[i]));
    g_assert_cmpuint (r4->len, >=, 2);
    assert_same_ids ("note>=4", n4, r4);
    g_assert_true (ids_contain (r4, four[0]) && ids_contain (r4, four[1]));
    g_assert_true (ids_contain (r2, two));
    g_assert_false (ids_contain (r2, four[0]));
    g_assert_cmpuint (r1->len, >=, r4->len + 1);
    g_assert_cmpuint (photos->len, ==, all->len);
    g_assert_cmpuint (videos->len, ==, 0);
    g_assert_cmpuint (fav_four->len, >=, 5);
    g_assert_cmpuint (le2->len + r3->len + r4->len, ==, all->len);
    g_assert_true (ids_contain (le2, two) && !ids_contain (le2, four[0]));
    assert_same_ids ("rating>=4 type:photo", r4_photos, r4);
  }

  /* An invalid rating is refused, nothing changes. */
  g_assert_false (sv_catalogue_set_ratings (catalogue, &two, 1, 6, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    gint64 bad[2] = { two, 999999 };

    g_assert_false (sv_catalogue_set_favourites (catalogue, bad, 2, TRUE, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_autoptr (GArray) f = search ("is:favorite");
    g_assert_cmpuint (f->len, ==, 3);
  }
  g_assert_true (sv_catalogue_set_favourites (catalogue, fav, 3, FALSE, &error));
  g_assert_true (sv_catalogue_set_ratings (catalogue, four, 2, -1, &error));
  g_assert_true (sv_catalogue_set_ratings (catalogue, &two, 1, -1, &error));
  g_assert_no_error (error);
}

static void
test_search_text_edits (void)
{
  g_autoptr (GArray) all = NULL;
  g_autoptr (GError) error = NULL;
  gint64 x, yz[2];

  ensure_library ();
  all = all_live_ids ();
  x = g_array_index (all, gint64, 7);
  yz[0] = g_array_index (all, gint64, 8);
  yz[1] = g_array_index (all, gint64, 9);

  g_assert_true (
      sv_catalogue_set_captions (catalogue, &x, 1, "Anniversaire de Léa à la plage", &error));
  g_assert_no_error (error);
  {
    static const char *const queries[] = { "anniv",      "ANNIVERSAIRE", "lea",
                                           "Léa",        "plag",         "\"anniversaire de lea\"",
                                           "anniv plage" };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr (GArray) ids = search (queries[i]);

        if (!ids_contain (ids, x))
          g_error ("“%s” does not find the caption", queries[i]);
      }
  }
  {
    g_autoptr (GArray) ids = search ("\"plage anniversaire\"");

    g_assert_false (ids_contain (ids, x)); /* a phrase keeps its order */
  }

  g_assert_true (sv_catalogue_add_keyword (catalogue, "Vacances d’été", yz, 2, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GArray) a = search ("vacances");
    g_autoptr (GArray) b = search ("ete vacan");
    g_autoptr (GArray) c = search ("mot-clé:vac");
    g_autoptr (GArray) d = search ("vacances -anniv");

    g_assert_cmpuint (a->len, ==, 2);
    assert_same_ids ("ete vacan", b, a);
    assert_same_ids ("mot-clé:vac", c, a);
    assert_same_ids ("vacances -anniv", d, a);
  }
  /* Case-insensitive: the same keyword, removed from one item. */
  g_assert_true (sv_catalogue_add_keyword (catalogue, "vacances d’été", &x, 1, &error));
  g_assert_true (sv_catalogue_remove_keyword (catalogue, "VACANCES D’ÉTÉ", yz, 1, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GArray) a = search ("vacances");
    g_autoptr (GPtrArray) completions =
        sv_catalogue_complete_keywords (catalogue, "vac", 10, &error);

    g_assert_cmpuint (a->len, ==, 2);
    g_assert_true (ids_contain (a, x) && ids_contain (a, yz[1]));
    g_assert_no_error (error);
    g_assert_cmpuint (completions->len, ==, 1);
    g_assert_cmpstr (((SvKeywordCount *) completions->pdata[0])->name, ==, "Vacances d’été");
    g_assert_cmpuint (((SvKeywordCount *) completions->pdata[0])->count, ==, 2);
  }

  /* Captions cleared are no longer found. */
  g_assert_true (sv_catalogue_set_captions (catalogue, &x, 1, NULL, &error));
  {
    g_autoptr (GArray) a = search ("anniversaire");

    g_assert_false (ids_contain (a, x));
  }
  g_assert_true (sv_catalogue_remove_keyword (catalogue, "vacances d'été", &x, 1, &error) || TRUE);
  g_clear_error (&error);
}

static void
test_search_combinations (void)
{
  g_autoptr (GArray) canon = NULL, nikon = NULL, y2005 = NULL;
  g_autoptr (GArray) both = NULL, either = NULL, not_canon = NULL, all = NULL;
  g_autoptr (GArray) canon_2005 = NULL, expected = NULL;
  g_autoptr (GHashTable) c = NULL, y = NULL;

  ensure_library ();
  canon = search ("canon");
  nikon = search ("nikon");
  y2005 = search ("2005");
  either = search ("canon OR nikon");
  not_canon = search ("-canon");
  all = all_live_ids ();
  canon_2005 = search ("canon 2005");

  g_assert_cmpuint (canon->len, >, 0);
  g_assert_cmpuint (nikon->len, >, 0);
  g_assert_cmpuint (either->len, ==, canon->len + nikon->len);
  g_assert_cmpuint (not_canon->len + canon->len, ==, all->len);
  c = id_set (canon);
  y = id_set (y2005);
  expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < canon->len; i++)
    if (g_hash_table_contains (y, &g_array_index (canon, gint64, i)))
      g_array_append_val (expected, g_array_index (canon, gint64, i));
  assert_same_ids ("canon 2005", canon_2005, expected);
  both = search ("(canon OR nikon) -canon");
  assert_same_ids ("(canon OR nikon) -canon", both, nikon);

  /* Paging: the same order, sliced. */
  {
    SvSearchOptions o;
    g_autoptr (GError) error = NULL;
    g_autoptr (GArray) page = NULL;

    sv_search_options_init (&o);
    o.limit = 3;
    o.offset = 2;
    page = sv_search_ids (catalogue, "canon", &o, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, MIN (3, canon->len - 2));
    for (guint i = 0; i < page->len; i++)
      g_assert_cmpint (g_array_index (page, gint64, i), ==, g_array_index (canon, gint64, i + 2));
    g_assert_cmpint (sv_search_count (catalogue, "canon", NULL, &error), ==, canon->len);
  }
}

static void
test_search_hostile (void)
{
  static const char *const queries[] = {
    "\"*:^\"",   "*",           "a*",       "^plage",
    "NEAR(a b)", "a AND b",     "a NOT b",  "{caption}:x",
    "caption:x", "\"\"",        "\"\"\"\"", "'; DROP TABLE items; --",
    "%",         "_",           "\\",       "plage\"",
    "-",         "--",          "- -",      "( )",
    "()",        "-()",         "rating>=", "a:b",
    "x:\"y\"",   "\"a\" \"b\"", ":",        "::",
    "a::b",      "😀",           "漢字",     "\xc3\xa9t\xc3\xa9",
    "OR",        "ou",          "(((a)))",
  };

  ensure_library ();
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) ids = sv_search_ids (catalogue, queries[i], NULL, &error);

      if (ids == NULL)
        {
          if (!g_error_matches (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT))
            g_error ("“%s” failed badly: %s", queries[i], error->message);
        }
      else
        g_assert_no_error (error);
    }
  /* Suggestions on hostile text never fail either. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) s = sv_search_suggest (catalogue, queries[i], 5, &error);

      g_assert_no_error (error);
      g_assert_nonnull (s);
    }
}

static void
test_suggest (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) s = NULL;
  gboolean found_de = FALSE;

  ensure_library ();
  s = sv_search_suggest (catalogue, "plage allem", 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < s->len; i++)
    {
      SvSuggestion *sug = s->pdata[i];

      if (sug->kind == SV_SUGGESTION_PLACE && strcmp (sug->text, "Allemagne") == 0)
        {
          g_autoptr (GArray) expected = filter_items (item_has_country, "DE");
          g_autoptr (GArray) again = NULL;

          found_de = TRUE;
          g_assert_cmpuint (sug->count, ==, expected->len);
          g_assert_cmpstr (sug->query, ==, "plage place:\"Allemagne\"");
          g_clear_pointer (&again, g_array_unref);
          again = search ("place:\"Allemagne\"");
          g_assert_cmpuint (again->len, ==, expected->len);
        }
    }
  g_assert_true (found_de);
  g_clear_pointer (&s, g_ptr_array_unref);

  /* Cameras, with their counts; a filter restricts the kinds. */
  s = sv_search_suggest (catalogue, "appareil:can", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, >, 0);
  for (guint i = 0; i < s->len; i++)
    {
      SvSuggestion *sug = s->pdata[i];

      g_assert_cmpint (sug->kind, ==, SV_SUGGESTION_CAMERA);
      g_assert_true (g_str_has_prefix (sug->text, "Canon"));
      g_assert_cmpuint (sug->count, >, 0);
      if (i > 0)
        g_assert_cmpuint (sug->count, <=, ((SvSuggestion *) s->pdata[i - 1])->count);
    }
  g_clear_pointer (&s, g_ptr_array_unref);
  s = sv_search_suggest (catalogue, "type:vi", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 0);
}

static void
test_albums (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = NULL;
  g_autoptr (SvAlbum) album = NULL;
  g_autoptr (GArray) order = NULL;
  gint64 a, b, ids[5];
  guint n_changed = 0;
  gulong handler;

  ensure_library ();
  all = all_live_ids ();
  for (guint i = 0; i < 5; i++)
    ids[i] = g_array_index (all, gint64, 20 + i);

  a = sv_catalogue_album_create (catalogue, "  Noël à Lyon ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (sv_catalogue_album_create (catalogue, "Noël à Lyon", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (sv_catalogue_album_create (catalogue, "   ", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  handler =
      g_signal_connect_swapped (catalogue, "changed", G_CALLBACK (g_atomic_int_inc), &n_changed);
  g_assert_true (sv_catalogue_album_add_items (catalogue, a, ids, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_signal_handler_disconnect (catalogue, handler);
  /* Adding again appends only the new one. */
  g_assert_true (sv_catalogue_album_add_items (catalogue, a, &ids[2], 3, &error));
  order = sv_catalogue_album_get_item_ids (catalogue, a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (order->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (order, gint64, i), ==, ids[i]);

  /* Search sees the album at once, by name words, accents ignored. */
  {
    g_autoptr (GArray) r1 = search ("album:noel");
    g_autoptr (GArray) r2 = search ("lyon");
    g_autoptr (GArray) r3 = search ("album:\"Noël à Lyon\"");

    g_assert_cmpuint (r1->len, ==, 5);
    g_assert_cmpuint (r3->len, ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_true (ids_contain (r2, ids[i]));
  }

  /* Manual order: move, positions stay dense. */
  {
    gint64 moving[2] = { ids[4], ids[0] };
    const gint64 expected[5] = { ids[1], ids[4], ids[0], ids[2], ids[3] };

    g_assert_true (sv_catalogue_album_move_items (catalogue, a, moving, 2, 1, &error));
    g_assert_no_error (error);
    g_clear_pointer (&order, g_array_unref);
    order = sv_catalogue_album_get_item_ids (catalogue, a, TRUE, &error);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpint (g_array_index (order, gint64, i), ==, expected[i]);
  }
  g_assert_true (sv_catalogue_album_remove_items (catalogue, a, &ids[4], 1, &error));
  g_clear_pointer (&order, g_array_unref);
  order = sv_catalogue_album_get_item_ids (catalogue, a, TRUE, &error);
  g_assert_cmpuint (order->len, ==, 4);
  {
    g_autoptr (SvDb) reader = _sv_catalogue_open_reader (catalogue, &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    stmt = _sv_db_prepare (reader,
                           "SELECT min (position), max (position), count (DISTINCT position)"
                           " FROM album_items WHERE album_id = ?1",
                           &error);
    g_assert_no_error (error);
    sqlite3_bind_int64 (stmt, 1, a);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 3);
    g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 4);
    sqlite3_reset (stmt);
  }
  {
    gint64 not_member = ids[4];

    g_assert_false (sv_catalogue_album_move_items (catalogue, a, &not_member, 1, 0, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* Moved before an item, as the album page drops them: its view hides the
   * trashed member, so a position from it would be off by one; the trashed
   * photo keeps its place. Then to the end, which restores the order. */
  {
    gint64 moving = ids[3];
    const gint64 before[4] = { ids[1], ids[0], ids[3], ids[2] };
    const gint64 live[3] = { ids[1], ids[3], ids[2] };
    const gint64 back[4] = { ids[1], ids[0], ids[2], ids[3] };

    g_assert_true (sv_catalogue_set_trashed (catalogue, &ids[0], 1, TRUE, &error));
    g_assert_true (sv_catalogue_album_move_items_before (catalogue, a, &moving, 1, ids[2], &error));
    g_assert_no_error (error);
    g_clear_pointer (&order, g_array_unref);
    order = sv_catalogue_album_get_item_ids (catalogue, a, FALSE, &error);
    g_assert_cmpuint (order->len, ==, 4);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpint (g_array_index (order, gint64, i), ==, before[i]);
    g_clear_pointer (&order, g_array_unref);
    order = sv_catalogue_album_get_item_ids (catalogue, a, TRUE, &error);
    g_assert_cmpuint (order->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpint (g_array_index (order, gint64, i), ==, live[i]);
    g_assert_true (sv_catalogue_album_move_items_before (catalogue, a, &moving, 1, 0, &error));
    g_clear_pointer (&order, g_array_unref);
    order = sv_catalogue_album_get_item_ids (catalogue, a, FALSE, &error);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpint (g_array_index (order, gint64, i), ==, back[i]);
    g_assert_true (sv_catalogue_set_trashed (catalogue, &ids[0], 1, FALSE, &error));
    g_assert_no_error (error);
  }

  /* Cover: automatic is the first item; chosen; back to automatic. */
  album = sv_catalogue_album_get (catalogue, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sv_album_get_name (album), ==, "Noël à Lyon");
  g_assert_cmpuint (sv_album_get_count (album), ==, 4);
  g_assert_true (sv_album_get_cover_is_automatic (album));
  g_assert_cmpint (sv_album_get_cover_id (album), ==, ids[1]);
  g_clear_object (&album);
  g_assert_true (sv_catalogue_album_set_cover (catalogue, a, ids[2], &error));
  album = sv_catalogue_album_get (catalogue, a, &error);
  g_assert_false (sv_album_get_cover_is_automatic (album));
  g_assert_cmpint (sv_album_get_cover_id (album), ==, ids[2]);
  g_clear_object (&album);
  g_assert_false (sv_catalogue_album_set_cover (catalogue, a, ids[4], &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* By date: oldest first; date range. */
  g_assert_true (sv_catalogue_album_set_sort (catalogue, a, SV_ALBUM_SORT_DATE, &error));
  g_clear_pointer (&order, g_array_unref);
  order = sv_catalogue_album_get_item_ids (catalogue, a, TRUE, &error);
  {
    g_autofree char *prev = NULL;

    for (guint i = 0; i < order->len; i++)
      {
        g_autoptr (SvMediaItem) item = get_item (g_array_index (order, gint64, i));
        const char *t = sv_media_item_get_taken_local (item);

        if (prev != NULL && t != NULL)
          g_assert_cmpstr (prev, <=, t);
        if (t != NULL)
          {
            g_free (prev);
            prev = g_strdup (t);
          }
      }
  }
  album = sv_catalogue_album_get (catalogue, a, &error);
  g_assert_cmpint (sv_album_get_sort (album), ==, SV_ALBUM_SORT_DATE);
  if (sv_album_get_first_day (album) != NULL)
    g_assert_cmpstr (sv_album_get_first_day (album), <=, sv_album_get_last_day (album));
  g_clear_object (&album);

  /* Rename, describe, resolve. */
  g_assert_true (sv_catalogue_album_rename (catalogue, a, "Réveillon", &error));
  g_assert_true (sv_catalogue_album_set_description (catalogue, a, "Chez Mamie", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sv_catalogue_album_resolve (catalogue, "Réveillon", &error), ==, a);
  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, a);

    g_assert_cmpint (sv_catalogue_album_resolve (catalogue, id_text, &error), ==, a);
  }
  g_assert_cmpint (sv_catalogue_album_resolve (catalogue, "réveillon", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr (GArray) old_name = search ("album:noel");
    g_autoptr (GArray) new_name = search ("reveillon");

    g_assert_cmpuint (old_name->len, ==, 0);
    g_assert_cmpuint (new_name->len, ==, 4);
  }

  /* From a selection and from a day, in one step; a photo in two albums. */
  b = sv_catalogue_album_create_from_items (catalogue, "Livre photo", ids, 3, &error);
  g_assert_no_error (error);
  {
    g_autoptr (SvAlbum) book = sv_catalogue_album_get (catalogue, b, &error);
    g_autoptr (GPtrArray) list = sv_catalogue_album_list (catalogue, &error);
    g_autoptr (SvMediaItem) item = get_item (ids[0]);
    const char *taken = sv_media_item_get_taken_local (item);

    g_assert_cmpuint (sv_album_get_count (book), ==, 3);
    g_assert_cmpuint (list->len, ==, 2);
    if (taken != NULL)
      {
        g_autofree char *day = g_strndup (taken, 10);
        gint64 c = sv_catalogue_album_create_from_day (catalogue, NULL, day, &error);
        g_autoptr (SvAlbum) day_album = NULL;
        g_autoptr (GArray) day_ids = NULL;
        g_autofree char *q = g_strdup_printf ("%s", day);

        g_assert_no_error (error);
        day_album = sv_catalogue_album_get (catalogue, c, &error);
        day_ids = search (q);
        g_assert_cmpuint (sv_album_get_count (day_album), ==, day_ids->len);
        g_assert_cmpstr (sv_album_get_first_day (day_album), ==, day);
        g_assert_true (sv_catalogue_album_delete (catalogue, c, &error));
      }
  }

  /* From an event. */
  {
    g_autofree char *sql = g_strdup_printf (
        /* An item is in one event at most: take these two out of any. */
        "DELETE FROM event_items WHERE item_id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");"
        "INSERT INTO events (id, uuid, name) VALUES (777, 'test-event', 'Mariage');"
        "INSERT INTO event_items (event_id, item_id) VALUES (777, %" G_GINT64_FORMAT
        "), (777, %" G_GINT64_FORMAT ");",
        ids[3], ids[4], ids[3], ids[4]);
    gint64 e;

    _sv_catalogue_exec (catalogue, sql, &error);
    g_assert_no_error (error);
    e = sv_catalogue_album_create_from_event (catalogue, NULL, 777, &error);
    g_assert_no_error (error);
    album = sv_catalogue_album_get (catalogue, e, &error);
    g_assert_cmpstr (sv_album_get_name (album), ==, "Mariage");
    g_assert_cmpuint (sv_album_get_count (album), ==, 2);
    g_clear_object (&album);
    g_assert_cmpint (sv_catalogue_album_create_from_event (catalogue, NULL, 778, &error), ==, 0);
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_true (sv_catalogue_album_delete (catalogue, e, &error));
    g_assert_true (_sv_catalogue_exec (catalogue, "DELETE FROM events WHERE id = 777", &error));
  }

  /* Deleting albums never deletes photos. */
  g_assert_true (sv_catalogue_album_delete (catalogue, a, &error));
  g_assert_true (sv_catalogue_album_delete (catalogue, b, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GArray) after = all_live_ids ();
    g_autoptr (GArray) gone = search ("reveillon");

    g_assert_cmpuint (after->len, ==, all->len);
    g_assert_cmpuint (gone->len, ==, 0);
  }
  g_assert_null (sv_catalogue_album_get (catalogue, a, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
}

/* SvQuery's album and id-list filters (the window's album page and search
 * results go through the timeline's query): the album's order, manual or by
 * date, and the ids kept in timeline order; the layout rows and the counts
 * agree. */
static void
test_query_sets (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = NULL;
  g_autoptr (GArray) got = NULL;
  g_autoptr (GArray) layout = NULL;
  g_auto (SvQuery) q = { 0 };
  gint64 ids[4], album;
  g_autofree char *recent = NULL;
  guint n_changed = 0;
  gulong handler;

  ensure_library ();
  all = all_live_ids ();
  g_assert_cmpuint (all->len, >, 40);
  /* Newest-first ids 30, 5, 17, 12 in a manual order. */
  ids[0] = g_array_index (all, gint64, 30);
  ids[1] = g_array_index (all, gint64, 5);
  ids[2] = g_array_index (all, gint64, 17);
  ids[3] = g_array_index (all, gint64, 12);
  album = sv_catalogue_album_create_from_items (catalogue, "Query sets", ids, 4, &error);
  g_assert_no_error (error);
  /* Moving is a change too (and makes the order manual again). */
  handler =
      g_signal_connect_swapped (catalogue, "changed", G_CALLBACK (g_atomic_int_inc), &n_changed);
  g_assert_true (sv_catalogue_album_move_items (catalogue, album, &ids[3], 1, 3, &error));
  g_assert_cmpuint (n_changed, ==, 1);
  g_signal_handler_disconnect (catalogue, handler);
  n_changed = 0;

  sv_query_init (&q);
  q.album_id = album;
  got = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, ids[i]);
  g_assert_cmpint (sv_catalogue_count (catalogue, &q, &error), ==, 4);
  layout = sv_catalogue_layout_items (catalogue, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (layout, SvLayoutItem, i).id, ==, ids[i]);
  g_clear_pointer (&layout, g_array_unref);
  g_clear_pointer (&got, g_array_unref);

  /* By date: oldest first, as sv_catalogue_album_get_item_ids (). An
   * order change is a change of the album's items (views read it again). */
  handler =
      g_signal_connect_swapped (catalogue, "changed", G_CALLBACK (g_atomic_int_inc), &n_changed);
  g_assert_true (sv_catalogue_album_set_sort (catalogue, album, SV_ALBUM_SORT_DATE, &error));
  g_assert_cmpuint (n_changed, ==, 1);
  g_signal_handler_disconnect (catalogue, handler);
  got = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GArray) expected = sv_catalogue_album_get_item_ids (catalogue, album, TRUE, &error);

    g_assert_cmpuint (got->len, ==, expected->len);
    for (guint i = 0; i < got->len; i++)
      g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (expected, gint64, i));
    /* ids[] were newest first by index: 30 is the oldest of them. */
    g_assert_cmpint (g_array_index (got, gint64, 0), ==, ids[0]);
  }
  g_clear_pointer (&got, g_array_unref);

  /* An id list: only those, newest first whatever their order. */
  sv_query_clear (&q);
  q.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (q.ids, ids, 4);
  {
    g_auto (SvQuery) copy = { 0 };

    sv_query_copy (&q, &copy);
    got = sv_catalogue_query_ids (catalogue, &copy, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 4);
  g_assert_cmpint (g_array_index (got, gint64, 0), ==, ids[1]);
  g_assert_cmpint (g_array_index (got, gint64, 1), ==, ids[3]);
  g_assert_cmpint (g_array_index (got, gint64, 2), ==, ids[2]);
  g_assert_cmpint (g_array_index (got, gint64, 3), ==, ids[0]);
  g_clear_pointer (&got, g_array_unref);
  /* With another filter and an album: the intersection. */
  q.album_id = album;
  g_assert_true (sv_catalogue_album_remove_items (catalogue, album, &ids[2], 1, &error));
  g_assert_cmpint (sv_catalogue_count (catalogue, &q, &error), ==, 3);
  g_array_set_size (q.ids, 0);
  g_assert_cmpint (sv_catalogue_count (catalogue, &q, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_album_delete (catalogue, album, &error));

  /* The recent searches live in the catalogue's settings. */
  recent = sv_catalogue_get_setting (catalogue, "recent-searches");
  g_assert_cmpstr (recent, ==, "");
  g_assert_true (sv_catalogue_set_setting (catalogue, "recent-searches", "plage\nItalie", &error));
  g_clear_pointer (&recent, g_free);
  recent = sv_catalogue_get_setting (catalogue, "recent-searches");
  g_assert_cmpstr (recent, ==, "plage\nItalie");
  {
    g_autofree char *huge = g_strnfill (SV_RECENT_SEARCHES_MAX_BYTES + 1, 'a');

    g_assert_false (sv_catalogue_set_setting (catalogue, "recent-searches", huge, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  g_assert_true (sv_catalogue_set_setting (catalogue, "recent-searches", "", &error));
}

static guint
index_of (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
test_date_fixes (void)
{
  g_autoptr (GArray) timeline = NULL;
  g_autoptr (GError) error = NULL;
  gint64 older = 0, newer = 0;
  g_autofree char *older_taken = NULL, *newer_taken = NULL;
  gboolean older_has_utc = FALSE;
  gint64 older_utc = 0;

  ensure_library ();
  timeline = all_live_ids ();
  /* Two dated items a year or more apart, the older one after the newer
   * in the timeline (newest first). */
  for (guint i = 0; i < timeline->len && older == 0; i++)
    {
      g_autoptr (SvMediaItem) item = get_item (g_array_index (timeline, gint64, i));
      const char *t = sv_media_item_get_taken_local (item);

      if (t == NULL || strlen (t) < 19 || t[0] != '2')
        continue;
      if (newer == 0)
        {
          newer = sv_media_item_get_id (item);
          newer_taken = g_strdup (t);
        }
      else if (strncmp (t, newer_taken, 4) < 0 && strncmp (t, "1990", 4) > 0)
        {
          older = sv_media_item_get_id (item);
          older_taken = g_strdup (t);
          older_has_utc = sv_media_item_get_has_taken_utc (item);
          older_utc = sv_media_item_get_taken_utc (item);
        }
    }
  g_assert_cmpint (older, >, 0);
  g_assert_cmpuint (index_of (timeline, older), >, index_of (timeline, newer));

  {
    /* Move the older item one day after the newer one, in hours. */
    g_autoptr (GDateTime) a = NULL, b = NULL;
    g_autofree char *a_iso = g_strndup (older_taken, 19), *b_iso = g_strndup (newer_taken, 19);
    GTimeSpan diff;
    int minutes;
    g_autoptr (SvMediaItem) moved = NULL;
    g_autoptr (GArray) after = NULL;
    g_auto (SvItemFixes) fixes = { 0 };

    a = g_date_time_new_from_iso8601 (a_iso, g_time_zone_new_utc ());
    b = g_date_time_new_from_iso8601 (b_iso, g_time_zone_new_utc ());
    g_assert_nonnull (a);
    g_assert_nonnull (b);
    diff = g_date_time_difference (b, a);
    minutes = (int) (diff / G_TIME_SPAN_MINUTE) + 24 * 60;
    g_assert_true (sv_catalogue_shift_dates (catalogue, &older, 1, minutes, &error));
    g_assert_no_error (error);

    moved = get_item (older);
    g_assert_cmpstr (sv_media_item_get_taken_local (moved), >, newer_taken);
    after = all_live_ids ();
    g_assert_cmpuint (index_of (after, older), <, index_of (after, newer));

    /* taken_day and search follow the effective date. */
    {
      g_autofree char *day = g_strndup (sv_media_item_get_taken_local (moved), 10);
      g_autoptr (GArray) found = search (day);
      g_autofree char *old_day = g_strndup (older_taken, 10);
      g_autoptr (GArray) not_found = search (old_day);

      g_assert_true (ids_contain (found, older));
      g_assert_false (ids_contain (not_found, older));
    }
    g_assert_true (sv_catalogue_get_fixes (catalogue, older, &fixes, &error));
    g_assert_true (fixes.date_fixed);
    g_assert_cmpint (fixes.shift_minutes, ==, minutes);
    g_assert_cmpstr (fixes.original_taken_local, ==, older_taken);
  }

  /* Time zone: local time stays, UTC follows. */
  g_assert_true (sv_catalogue_set_time_zones (catalogue, &older, 1, -5 * 60, &error));
  {
    g_autoptr (SvMediaItem) item = get_item (older);
    g_autoptr (SvMediaItem) again = NULL;
    const char *local = sv_media_item_get_taken_local (item);
    g_autofree char *iso = g_strdup_printf ("%.19s-05:00", local);
    g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

    g_assert_true (sv_media_item_get_has_utc_offset (item));
    g_assert_cmpint (sv_media_item_get_utc_offset (item), ==, -300);
    g_assert_true (sv_media_item_get_has_taken_utc (item));
    g_assert_cmpint (sv_media_item_get_taken_utc (item) / G_USEC_PER_SEC, ==,
                     g_date_time_to_unix (dt));
    /* Shifts add up. */
    g_assert_true (sv_catalogue_shift_dates (catalogue, &older, 1, 60, &error));
    again = get_item (older);
    g_assert_cmpstr (sv_media_item_get_taken_local (again), >, local);
  }
  g_assert_false (sv_catalogue_set_time_zones (catalogue, &older, 1, 15 * 60, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Undo: the file's own date, exactly. */
  g_assert_true (sv_catalogue_reset_dates (catalogue, &older, 1, &error));
  g_assert_no_error (error);
  {
    g_autoptr (SvMediaItem) item = get_item (older);
    g_autoptr (GArray) back = all_live_ids ();
    g_auto (SvItemFixes) fixes = { 0 };

    g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, older_taken);
    g_assert_cmpint (sv_media_item_get_has_taken_utc (item), ==, older_has_utc);
    if (older_has_utc)
      g_assert_cmpint (sv_media_item_get_taken_utc (item), ==, older_utc);
    g_assert_cmpuint (index_of (back, older), >, index_of (back, newer));
    g_assert_true (sv_catalogue_get_fixes (catalogue, older, &fixes, &error));
    g_assert_false (fixes.date_fixed);
  }

  /* Offsets as typed. */
  {
    int m = 0;

    g_assert_true (sv_parse_offset ("+01:30", 14 * 60, &m, NULL));
    g_assert_cmpint (m, ==, 90);
    g_assert_true (sv_parse_offset ("-2", 14 * 60, &m, NULL));
    g_assert_cmpint (m, ==, -120);
    g_assert_true (sv_parse_offset ("-00:45", 14 * 60, &m, NULL));
    g_assert_cmpint (m, ==, -45);
    g_assert_false (sv_parse_offset ("+1:3", 14 * 60, &m, NULL));
    g_assert_false (sv_parse_offset ("abc", 14 * 60, &m, NULL));
    g_assert_false (sv_parse_offset ("+01:60", 14 * 60, &m, NULL));
    g_assert_false (sv_parse_offset ("+15:00", 14 * 60, &m, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
}

static void
test_place_fixes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cities = NULL;
  g_autoptr (GArray) de = NULL;
  g_autoptr (GArray) lyon_before = NULL;
  gint64 id;
  SvCityMatch *lyon;

  ensure_library ();
  cities = sv_city_search ("lyon", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cities->len, >, 0);
  lyon = cities->pdata[0];
  g_assert_cmpstr (lyon->place.city_en, ==, "Lyon");
  g_assert_cmpstr (lyon->place.country_code, ==, "FR");
  {
    g_autoptr (GPtrArray) narrowed = sv_city_search ("Paris, France", 5, &error);
    g_autoptr (GPtrArray) none = sv_city_search ("Xyzzyville", 5, &error);

    g_assert_cmpuint (narrowed->len, >, 0);
    g_assert_cmpstr (((SvCityMatch *) narrowed->pdata[0])->place.country_code, ==, "FR");
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_null (sv_city_search (" , ", 5, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  de = filter_items (item_has_country, "DE");
  g_assert_cmpuint (de->len, >, 0);
  id = g_array_index (de, gint64, 0);
  lyon_before = search ("lyon");
  g_assert_false (ids_contain (lyon_before, id));

  g_assert_true (sv_catalogue_set_places (catalogue, &id, 1, &lyon->place, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GArray) l = search ("lyon");
    g_autoptr (GArray) g = search ("allemagne");
    g_autoptr (SvMediaItem) item = get_item (id);

    g_assert_true (ids_contain (l, id));
    g_assert_false (ids_contain (g, id));
    g_assert_cmpstr (sv_media_item_get_country_code (item), ==, "FR");
    g_assert_true (sv_media_item_get_has_gps (item)); /* the GPS position stays */
  }
  g_assert_true (sv_catalogue_set_places (catalogue, &id, 1, NULL, &error));
  {
    g_autoptr (SvMediaItem) item = get_item (id);
    g_autoptr (GArray) l = search ("lyon");

    g_assert_false (sv_media_item_get_has_place (item));
    g_assert_false (ids_contain (l, id));
  }
  g_assert_true (sv_catalogue_reset_places (catalogue, &id, 1, &error));
  g_assert_no_error (error);
  {
    g_autoptr (SvMediaItem) item = get_item (id);
    g_autoptr (GArray) g = search ("allemagne");

    g_assert_cmpstr (sv_media_item_get_country_code (item), ==, "DE");
    g_assert_true (ids_contain (g, id));
  }
}

/* The migration builds the index for rows that were there before. */
static void
test_migration_indexes_old_rows (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "old-library", NULL);
  g_autoptr (SvCatalogue) old = _sv_catalogue_open_at_version (dir, 2, &error);
  g_autoptr (SvCatalogue) migrated = NULL;
  g_autoptr (GArray) ids = NULL;

  g_assert_no_error (error);
  g_assert_true (_sv_catalogue_exec (
      old,
      "INSERT INTO items (id, uuid, primary_hash, caption, imported_at, taken_local)"
      " VALUES (42, 'u-42', 'h', 'Coucher de soleil sur la Méditerranée', 1,"
      " '2019-08-15T20:00:00');"
      "INSERT INTO keywords (id, name) VALUES (1, 'Croisière');"
      "INSERT INTO item_keywords VALUES (42, 1);"
      "INSERT INTO albums (id, uuid, name, created_at) VALUES (1, 'a', 'Été', 5);"
      "INSERT INTO album_items VALUES (1, 42, 0);",
      &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  migrated = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (_sv_catalogue_get_user_version (migrated), ==,
                   _sv_catalogue_get_latest_version ());
  {
    static const char *const queries[] = { "mediterranee", "croisiere", "album:ete", "soleil 2019",
                                           "août 2019" };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_clear_pointer (&ids, g_array_unref);
        ids = sv_search_ids (migrated, queries[i], NULL, &error);
        g_assert_no_error (error);
        if (ids->len != 1 || g_array_index (ids, gint64, 0) != 42)
          g_error ("“%s” after migration: %u results", queries[i], ids->len);
      }
  }
  {
    g_autoptr (SvAlbum) album = sv_catalogue_album_get (migrated, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sv_album_get_description (album), ==, "");
    g_assert_cmpint (sv_album_get_modified_at (album), ==, 5);
    g_assert_cmpuint (sv_album_get_count (album), ==, 1);
  }
  /* The index follows deletions. */
  g_assert_true (sv_catalogue_delete_items (migrated, (gint64[]){ 42 }, 1, FALSE, &error));
  g_clear_pointer (&ids, g_array_unref);
  ids = sv_search_ids (migrated, "croisiere", NULL, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_true (_sv_catalogue_exec (
      migrated, "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
}

static void
test_keyword_complete (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kw-library", NULL);
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (GPtrArray) got = NULL;

  g_assert_no_error (error);
  g_assert_true (
      _sv_catalogue_exec (cat,
                          "INSERT INTO items (id, uuid, primary_hash, imported_at) VALUES"
                          " (1, 'u1', 'h1', 1), (2, 'u2', 'h2', 1), (3, 'u3', 'h3', 1);",
                          &error));
  g_assert_true (sv_catalogue_add_keyword (cat, "Été", (gint64[]){ 1, 2, 3 }, 3, &error));
  g_assert_true (sv_catalogue_add_keyword (cat, "été indien", (gint64[]){ 1 }, 1, &error));
  g_assert_true (sv_catalogue_add_keyword (cat, "Étang", (gint64[]){ 1, 2 }, 2, &error));
  g_assert_true (sv_catalogue_add_keyword (cat, "Fête de l’été", (gint64[]){ 2 }, 1, &error));
  g_assert_no_error (error);

  got = sv_catalogue_complete_keywords (cat, "ETE", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpstr (((SvKeywordCount *) got->pdata[0])->name, ==, "Été");
  g_assert_cmpuint (((SvKeywordCount *) got->pdata[0])->count, ==, 3);
  g_clear_pointer (&got, g_ptr_array_unref);
  got = sv_catalogue_complete_keywords (cat, "éta", 10, &error);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (((SvKeywordCount *) got->pdata[0])->name, ==, "Étang");
  g_clear_pointer (&got, g_ptr_array_unref);
  got = sv_catalogue_complete_keywords (cat, "", 2, &error);
  g_assert_cmpuint (got->len, ==, 2);
  g_assert_false (sv_catalogue_add_keyword (cat, "  ", (gint64[]){ 1 }, 1, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  {
    /* G_TEST_OPTION_ISOLATE_DIRS hides the shared-mime-info database the
     * importer needs to recognise images: keep the system's MIME folders. */
    const char *env = g_getenv ("XDG_DATA_DIRS");
    g_auto (GStrv) data_dirs =
        g_strsplit (env != NULL && *env != '\0' ? env : "/usr/local/share:/usr/share", ":", -1);
    guint n = g_strv_length (data_dirs);

    mime_dirs = g_new0 (char *, n + 1);
    for (guint i = 0; i < n; i++)
      mime_dirs[i] = g_build_filename (data_dirs[i], "mime", NULL);
  }
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_content_type_set_mime_dirs ((const char *const *) mime_dirs);
  fixed_now = g_date_time_new_local (2024, 3, 13, 10, 0, 0);
  load_manifest ();

  g_test_add_func ("/search/parser/words-and-filters", test_parser_words_and_filters);
  g_test_add_func ("/search/parser/dates", test_parser_dates);
  g_test_add_func ("/search/parser/errors", test_parser_errors);
  g_test_add_func ("/search/catalogue/keyword-complete", test_keyword_complete);
  g_test_add_func ("/search/catalogue/migration", test_migration_indexes_old_rows);
  g_test_add_func ("/search/library/dates", test_search_dates);
  g_test_add_func ("/search/library/cameras", test_search_cameras);
  g_test_add_func ("/search/library/places", test_search_places);
  g_test_add_func ("/search/library/gps", test_search_gps);
  g_test_add_func ("/search/library/filters", test_search_filters_and_edits);
  g_test_add_func ("/search/library/text-edits", test_search_text_edits);
  g_test_add_func ("/search/library/combinations", test_search_combinations);
  g_test_add_func ("/search/library/hostile", test_search_hostile);
  g_test_add_func ("/search/library/suggest", test_suggest);
  g_test_add_func ("/search/library/albums", test_albums);
  g_test_add_func ("/search/library/query-sets", test_query_sets);
  g_test_add_func ("/search/library/date-fixes", test_date_fixes);
  g_test_add_func ("/search/library/place-fixes", test_place_fixes);

  ret = g_test_run ();

  g_clear_object (&catalogue);
  if (library_dir != NULL)
    remove_tree (library_dir);
  g_clear_pointer (&library_dir, g_free);
  g_clear_pointer (&manifest, g_ptr_array_unref);
  g_clear_pointer (&fixed_now, g_date_time_unref);
  g_clear_pointer (&mime_dirs, g_strfreev);
  return ret;
}
