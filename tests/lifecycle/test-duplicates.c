/* test-duplicates.c: near-duplicate grouping, on plain values and on a
 * library imported from copies of the test photos.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ftw.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "../common/sv-test-mime.h"
#include "lifecycle-test-util.h"
#include "sv-catalogue-private.h"
#include "sv-duplicates.h"
#include "sv-error.h"
#include "sv-importer.h"
#include "sv-phash.h"
#include "sv-trash.h"

/* ---- plain values ---- */

static SvDuplicateKey
key (guint64 phash, const char *taken_local)
{
  SvDuplicateKey k = { phash, 0, 0 };

  sv_duplicate_key_set_moment (&k, taken_local, "exif");
  return k;
}

static void
test_moments (void)
{
  SvDuplicateKey a = key (0, "2021-07-14T12:34:56");
  SvDuplicateKey b = key (0, "2021-07-14T12:34:56.250");
  SvDuplicateKey c = key (0, "2021-07-14T12:34:56.25");
  SvDuplicateKey d = key (0, "2021-07-14T12:34:56.300");
  SvDuplicateKey e = key (0, "2021-07-14T12:34:57");
  SvDuplicateKey f = key (0, "2021-07-14T13:34:56.250");
  SvDuplicateKey g = key (0, "2021-07-14T12:49:56.250");
  SvDuplicateKey h = key (0, "2021-07-14T13:11:56.250");
  SvDuplicateKey i = key (0, "2021-07-16T12:34:56.250");
  SvDuplicateKey none = key (0, NULL);
  SvDuplicateKey garbage = key (0, "2021:07:14 12:34:56");
  SvDuplicateKey from_name = { 0 };

  sv_duplicate_key_set_moment (&from_name, "2021-07-14T12:34:56", "file-name");
  g_assert_cmpint (none.moment, ==, SV_DUPLICATES_NO_MOMENT);
  g_assert_cmpint (garbage.moment, ==, SV_DUPLICATES_NO_MOMENT);
  g_assert_cmpint (from_name.moment, ==, SV_DUPLICATES_NO_MOMENT);
  g_assert_cmpint (a.moment_msec, ==, -1);
  g_assert_cmpint (b.moment_msec, ==, 250);
  g_assert_cmpint (c.moment_msec, ==, 250);
  g_assert_cmpint (e.moment - a.moment, ==, 1);
  /* 2021-07-14 12:34:56 read as UTC */
  g_assert_cmpint (a.moment, ==, G_GINT64_CONSTANT (1626266096));

  /* Same second; milliseconds compared only when both have them. */
  g_assert_true (sv_duplicate_keys_same_moment (&a, &b));
  g_assert_true (sv_duplicate_keys_same_moment (&b, &c));
  g_assert_false (sv_duplicate_keys_same_moment (&b, &d));
  /* A burst: one second apart. */
  g_assert_false (sv_duplicate_keys_same_moment (&a, &e));
  /* Clock or time-zone fixes: whole quarter hours, same seconds. */
  g_assert_true (sv_duplicate_keys_same_moment (&b, &f));
  g_assert_true (sv_duplicate_keys_same_moment (&b, &g));
  g_assert_false (sv_duplicate_keys_same_moment (&b, &h));
  g_assert_false (sv_duplicate_keys_same_moment (&b, &i));
  /* No capture time: any moment. */
  g_assert_true (sv_duplicate_keys_same_moment (&none, &a));
  g_assert_true (sv_duplicate_keys_same_moment (&from_name, &e));
}

/* @groups as text: "0 1 2|3 4" */
static char *
groups_text (GPtrArray *groups)
{
  GString *s = g_string_new (NULL);

  for (guint g = 0; g < groups->len; g++)
    {
      GArray *members = g_ptr_array_index (groups, g);

      if (g > 0)
        g_string_append_c (s, '|');
      for (guint k = 0; k < members->len; k++)
        g_string_append_printf (s, "%s%u", k ? " " : "", g_array_index (members, guint, k));
    }
  return g_string_free (s, FALSE);
}

static char *
group (const SvDuplicateKey *keys, guint n, guint threshold)
{
  g_autoptr (GPtrArray) groups = sv_duplicates_group_keys (keys, n, threshold);

  return groups_text (groups);
}

/* @n bits of @h flipped, spread over the four bands */
static guint64
flip (guint64 h, guint n)
{
  static const guint bits[] = { 0,  16, 32, 48, 5, 21, 37, 53, 10, 26, 42, 58,
                                15, 31, 47, 63, 2, 18, 34, 50, 7,  23, 39, 55 };

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (bits));
  for (guint k = 0; k < n; k++)
    h ^= G_GUINT64_CONSTANT (1) << bits[k];
  return h;
}

static void
test_group_threshold (void)
{
  const guint64 h = G_GUINT64_CONSTANT (0x8992a66686cf3ace);
  SvDuplicateKey keys[] = {
    key (h, NULL),
    key (flip (h, 10), NULL),                                       /* 10 bits: in */
    key (G_GUINT64_CONSTANT (0x3e9ab787b1b88168), NULL),            /* unrelated */
    key (flip (G_GUINT64_CONSTANT (0x3e9ab787b1b88168), 11), NULL), /* 11 bits: out */
    key (~h, NULL),                                                 /* 64 bits away */
  };
  g_autofree char *at10 = group (keys, G_N_ELEMENTS (keys), 10);
  g_autofree char *at9 = group (keys, G_N_ELEMENTS (keys), 9);
  g_autofree char *at11 = group (keys, G_N_ELEMENTS (keys), 11);
  g_autofree char *at0 = group (keys, G_N_ELEMENTS (keys), 0);
  g_autofree char *none = group (keys, 1, 10);

  g_assert_cmpstr (at10, ==, "0 1");
  g_assert_cmpstr (at9, ==, "");
  g_assert_cmpstr (at11, ==, "0 1|2 3");
  g_assert_cmpstr (at0, ==, "");
  g_assert_cmpstr (none, ==, "");
}

/* A pair far apart in one band but equal elsewhere, and near pairs whose
 * differences all fall in one band: every band is searched. */
static void
test_group_bands (void)
{
  for (guint band = 0; band < 4; band++)
    {
      const guint64 h = G_GUINT64_CONSTANT (0x0123456789abcdef);
      guint64 in_band = h ^ (G_GUINT64_CONSTANT (0x3ff) << (band * 16)); /* 10 bits in one band */
      SvDuplicateKey keys[] = { key (h, NULL), key (in_band, NULL) };
      g_autofree char *text = group (keys, 2, 10);

      g_assert_cmpstr (text, ==, "0 1");
    }
}

/* Bits of the hash a crop moved: 18 of them, spread over the bands. */
#define CROP_BITS G_GUINT64_CONSTANT (0x8421084210a5042f)

static void
test_group_bursts (void)
{
  const guint64 h = G_GUINT64_CONSTANT (0x8992a66686cf3ace);
  /* Two shots 6 s apart, nearly identical pictures, and a copy without a
   * capture time (a messenger copy) closer to the second shot. */
  SvDuplicateKey burst[] = {
    key (h, "2008-05-08T09:54:28"),
    key (flip (h, 3), "2008-05-08T09:54:34"),
    key (flip (h, 2), NULL),
  };
  /* The same shot re-encoded (same moment), with its clock moved one hour
   * (an editor's time-zone fix), and a crop (same moment, far hash). */
  SvDuplicateKey copies[] = {
    key (h, "2019-12-24T12:09:47.120"),
    key (h ^ 0x5a, "2019-12-24T12:09:47.120"),
    key (h, "2019-12-24T13:09:47.120"),
    key (h ^ CROP_BITS, "2019-12-24T12:09:47.120"),
  };
  /* The crop's bits without a capture time to vouch for it. */
  SvDuplicateKey undated[] = {
    key (h, "2019-12-24T12:09:47.120"),
    key (h ^ CROP_BITS, NULL),
  };
  /* 21 bits at the same moment. */
  SvDuplicateKey far[] = {
    key (h, "2019-12-24T12:09:47.120"),
    key (h ^ 0x1fffff, "2019-12-24T12:09:47.120"),
  };
  g_autofree char *bursts = group (burst, G_N_ELEMENTS (burst), 10);
  g_autofree char *at10 = group (copies, G_N_ELEMENTS (copies), 10);
  g_autofree char *at8 = group (copies, G_N_ELEMENTS (copies), 8);
  g_autofree char *undated10 = group (undated, 2, 10);
  g_autofree char *far10 = group (far, 2, 10);
  g_autofree char *far12 = group (far, 2, 12);

  g_assert_cmpuint (sv_phash_distance (h, h ^ CROP_BITS), ==, 18);
  /* The copy joins the shot it is closest to; the shots stay apart. */
  g_assert_cmpstr (bursts, ==, "1 2");
  /* The crop at 18 bits joins through its capture time (≤ 2 × 10)... */
  g_assert_cmpstr (at10, ==, "0 1 2 3");
  /* ...but not at 2 × 8 = 16 bits, */
  g_assert_cmpstr (at8, ==, "0 1 2");
  /* nor without a capture time. */
  g_assert_cmpstr (undated10, ==, "");
  /* 21 bits: over 2 × 10, under 2 × 12. */
  g_assert_cmpstr (far10, ==, "");
  g_assert_cmpstr (far12, ==, "0 1");
}

/* A clock that was never set: hundreds of photos at one second are not
 * evidence of anything; only the plain threshold applies to them. */
static void
test_group_unset_clock (void)
{
  g_autofree SvDuplicateKey *keys = g_new (SvDuplicateKey, 200);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (GPtrArray) groups = NULL;

  for (guint i = 0; i < 200; i++)
    {
      guint64 h = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

      keys[i] = key (h, "2000-01-01T00:00:00");
    }
  /* One real pair among them. */
  keys[199].phash = flip (keys[7].phash, 5);
  groups = sv_duplicates_group_keys (keys, 200, 10);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (groups, 0), guint, 0), ==, 7);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (groups, 0), guint, 1), ==, 199);
}

/* Random hashes with planted near-duplicates: every planted pair is found
 * and nothing else, with the bands as with a brute-force comparison. */
static void
test_group_random (void)
{
  const guint n = 20000;
  g_autofree SvDuplicateKey *keys = g_new (SvDuplicateKey, n);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree guint *group_of = g_new (guint, n);
  guint planted = 0, brute_pairs = 0, found_pairs = 0;

  for (guint i = 0; i < n; i++)
    {
      keys[i].moment = SV_DUPLICATES_NO_MOMENT;
      keys[i].moment_msec = -1;
      if (i % 10 == 9)
        {
          keys[i].phash = flip (keys[i - 1].phash, g_rand_int_range (rand, 0, 11));
          planted++;
        }
      else
        keys[i].phash = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
    }
  groups = sv_duplicates_group_keys (keys, n, 10);
  for (guint i = 0; i < n; i++)
    group_of[i] = G_MAXUINT;
  for (guint g = 0; g < groups->len; g++)
    {
      GArray *members = g_ptr_array_index (groups, g);

      for (guint k = 0; k < members->len; k++)
        group_of[g_array_index (members, guint, k)] = g;
    }
  /* Brute force on a slice is enough to know the bands miss nothing. */
  for (guint i = 0; i < 4000; i++)
    for (guint j = i + 1; j < 4000; j++)
      if (sv_phash_distance (keys[i].phash, keys[j].phash) <= 10)
        {
          brute_pairs++;
          if (group_of[i] != G_MAXUINT && group_of[i] == group_of[j])
            found_pairs++;
        }
  g_assert_cmpuint (brute_pairs, >=, 400);
  g_assert_cmpuint (found_pairs, ==, brute_pairs);
  /* Every planted pair (0 to 10 bits apart) is found. */
  for (guint i = 9; i < n; i += 10)
    g_assert_true (group_of[i] != G_MAXUINT && group_of[i] == group_of[i - 1]);
  g_assert_cmpuint (groups->len, >=, planted);
}

/* ---- a real library ---- */

typedef struct
{
  const char *photo; /* under SV_PHOTOS_DIR */
  const char *name;  /* the copy's name */
} Source;

static const Source sources[] = {
  { "near-dups/neist-point/backstretch-sample2_480.jpg", "neist-480.jpg" },
  { "near-dups/neist-point/backstretch-sample2_960.jpg", "neist-960.jpg" },
  { "near-dups/neist-point/backstretch-sample2_1280.jpg", "neist-1280.jpg" },
  { "formats/jxl-flower.png", "flower.png" },
  { "near-dups/flower/jxl-flower.png.im_q85_420.jpg", "flower-420.jpg" },
  { "near-dups/flower/jxl-flower.png.im_q85_gray.jpg", "flower-gray.jpg" },
  { "camera/pixbuf-bug725582-testrotate.jpg", "gf1.jpg" },
  { "near-dups/gf1/pixbuf-bug143608-comment.jpg", "gf1-comment.jpg" },
  { "camera/exiv2-FurnaceCreekInn.jpg", "furnace-1.jpg" },
  { "camera/exiv2-FurnaceCreekInn2.jpg", "furnace-2.jpg" },
  { "scenes/kpa-skagen.jpg", "skagen.jpg" },
  { "faces/kpa-cold_water.jpg", "cold-water.jpg" },
};

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static gint64
id_of (SvCatalogue *cat, const char *dir, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gint64 id = sv_catalogue_resolve (cat, path, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
sql_int (SvCatalogue *cat, const char *sql)
{
  SvDb *db = _sv_catalogue_lock_db (cat);
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  _sv_catalogue_unlock_db (cat);
  return value;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* "keeper other other|keeper other" by file name: the keeper first, the
 * others and the groups in alphabetical order (ids depend on the order the
 * importer's workers finish in). */
static char *
named_groups (SvCatalogue *cat, GPtrArray *groups)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint g = 0; g < groups->len; g++)
    {
      SvDuplicateGroup *group = g_ptr_array_index (groups, g);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *keeper = NULL;
      g_autofree char *all = NULL;

      for (guint k = 0; k < group->items->len; k++)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (SvMediaItem) item =
              sv_catalogue_get_item (cat, g_array_index (group->items, gint64, k), &error);

          g_assert_no_error (error);
          g_ptr_array_add (names, g_path_get_basename (sv_media_item_get_path (item)));
          if (k == 0)
            keeper = g_strdup (g_ptr_array_index (names, 0));
        }
      g_ptr_array_sort (names, compare_strings);
      g_ptr_array_add (names, NULL);
      all = g_strjoinv (" ", (char **) names->pdata);
      g_ptr_array_add (texts, g_strdup_printf ("%s: %s", keeper, all));
    }
  g_ptr_array_sort (texts, compare_strings);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv ("|", (char **) texts->pdata);
}

static void
test_library (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_build_filename (g_get_user_data_dir (), "dupes", NULL);
  g_autofree char *src = g_build_filename (root, "photos", NULL);
  g_autofree char *lib = g_build_filename (root, "library", NULL);
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GFile) src_file = g_file_new_for_path (src);
  g_autoptr (SvThumbnailer) thumbnailer = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *text = NULL;
  g_autofree char *thumb = NULL;
  SvImportSummary *summary;
  guint n_done = 0, n_failed = 0, n_trashed = 0;
  gint64 furnace_1, furnace_2;

  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *from = g_build_filename (SV_PHOTOS_DIR, sources[i].photo, NULL);
      g_autofree char *to = g_build_filename (src, sources[i].name, NULL);

      test_copy_file (from, to);
    }

  cat = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (cat);
  g_list_store_append (inputs, src_file);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, G_N_ELEMENTS (sources));
  sv_import_summary_free (summary);

  /* The importer stored every photo's hash. */
  g_assert_cmpint (sql_int (cat, "SELECT count(*) FROM items WHERE phash IS NULL"), ==, 0);

  groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
  g_assert_no_error (error);
  text = named_groups (cat, groups);
  /* The largest first; the PNG keeps its GPS position, its JPEG copies do
   * not; the burst is not a group, nor are unrelated photos. */
  g_assert_cmpstr (text, ==,
                   "flower.png: flower-420.jpg flower-gray.jpg flower.png|"
                   "gf1-comment.jpg: gf1-comment.jpg gf1.jpg|"
                   "neist-1280.jpg: neist-1280.jpg neist-480.jpg neist-960.jpg");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Same resolution and metadata (the flower's JPEG copies, with the PNG
   * in the trash): the oldest (first imported) is kept. */
  {
    gint64 png = id_of (cat, src, "flower.png");
    gint64 a = id_of (cat, src, "flower-420.jpg"), b = id_of (cat, src, "flower-gray.jpg");
    /* The importer's threads decide which of the two gets the lower id:
     * make the import times decide instead, one way then the other. */
    g_autofree char *older_a = g_strdup_printf (
        "UPDATE items SET imported_at = imported_at - 2000000 WHERE id = %" G_GINT64_FORMAT, a);
    g_autofree char *sql = g_strdup_printf (
        "UPDATE items SET imported_at = imported_at - 4000000 WHERE id = %" G_GINT64_FORMAT, b);
    const char *expected = "flower-gray.jpg: flower-420.jpg flower-gray.jpg";

    g_assert_true (_sv_catalogue_exec (cat, older_a, &error));
    g_assert_no_error (error);
    g_assert_true (sv_trash_items (cat, &png, 1, &error));
    g_assert_no_error (error);
    groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
    g_assert_no_error (error);
    text = named_groups (cat, groups);
    g_assert_true (g_str_has_prefix (text, "flower-420.jpg: ") &&
                   strstr (text, "flower.png") == NULL);
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&groups, g_ptr_array_unref);

    g_assert_true (_sv_catalogue_exec (cat, sql, &error));
    g_assert_no_error (error);
    groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
    g_assert_no_error (error);
    text = named_groups (cat, groups);
    g_assert_true (g_str_has_prefix (text, expected));
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&groups, g_ptr_array_unref);
    g_assert_true (sv_trash_restore_items (cat, &png, 1, NULL, &error));
    g_assert_no_error (error);
  }
  /* Bursts stay apart even with identical hashes: their capture times
   * differ by 6 s. */
  furnace_1 = id_of (cat, src, "furnace-1.jpg");
  furnace_2 = id_of (cat, src, "furnace-2.jpg");
  {
    g_autofree char *sql = g_strdup_printf (
        "UPDATE items SET phash = (SELECT phash FROM items WHERE id = %" G_GINT64_FORMAT
        ") WHERE id = %" G_GINT64_FORMAT,
        furnace_1, furnace_2);

    g_assert_true (_sv_catalogue_exec (cat, sql, &error));
    g_assert_no_error (error);
  }
  groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
  g_assert_no_error (error);
  text = named_groups (cat, groups);
  g_assert_cmpstr (text, ==,
                   "flower.png: flower-420.jpg flower-gray.jpg flower.png|"
                   "gf1-comment.jpg: gf1-comment.jpg gf1.jpg|"
                   "neist-1280.jpg: neist-1280.jpg neist-480.jpg neist-960.jpg");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Backfill: hashes forgotten, one grid thumbnail deleted; the same
   * hashes come back (from the cache, and from the original). */
  g_assert_true (
      _sv_catalogue_exec (cat, "CREATE TEMP TABLE before AS SELECT id, phash FROM items", &error));
  g_assert_no_error (error);
  g_assert_true (_sv_catalogue_exec (cat, "UPDATE items SET phash = NULL", &error));
  g_assert_no_error (error);
  cache_dir = sv_catalogue_get_cache_dir (cat);
  thumbnailer = sv_thumbnailer_new (cache_dir);
  {
    g_autoptr (SvMediaItem) item = sv_catalogue_get_item (cat, furnace_1, &error);

    g_assert_no_error (error);
    thumb = sv_thumbnailer_get_path (thumbnailer, sv_media_item_get_primary_hash (item),
                                     SV_THUMB_SIZE_GRID);
    g_assert_cmpint (g_unlink (thumb), ==, 0);
  }
  g_assert_true (sv_duplicates_backfill (cat, thumbnailer, &n_done, &n_failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, G_N_ELEMENTS (sources));
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_true (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));
  /* The same hashes as the importer's, but furnace-2, which had been given
   * furnace-1's: it has its own again. */
  g_assert_cmpint (sql_int (cat, "SELECT count(*) FROM items WHERE phash IS NULL"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM items i JOIN before b USING (id) WHERE i.phash IS NOT b.phash "
        "AND i.id = %" G_GINT64_FORMAT,
        furnace_2);

    g_assert_cmpint (sql_int (cat, "SELECT count(*) FROM items i JOIN before b USING (id) "
                                   "WHERE i.phash IS NOT b.phash"),
                     ==, 1);
    g_assert_cmpint (sql_int (cat, sql), ==, 1);
  }

  /* Nothing left to do: a second backfill computes nothing. */
  g_assert_true (sv_duplicates_backfill (cat, thumbnailer, &n_done, &n_failed, NULL, &error));
  g_assert_cmpuint (n_done, ==, 0);

  /* A photo whose original and thumbnail are gone cannot be hashed: it is
   * counted, kept, and tried again next time. */
  {
    g_autofree char *skagen = g_build_filename (src, "skagen.jpg", NULL);
    g_autoptr (SvMediaItem) item =
        sv_catalogue_get_item (cat, id_of (cat, src, "skagen.jpg"), &error);
    g_autofree char *sql = g_strdup_printf (
        "UPDATE items SET phash = NULL WHERE id = %" G_GINT64_FORMAT, sv_media_item_get_id (item));

    g_assert_no_error (error);
    sv_thumbnailer_invalidate (thumbnailer, sv_media_item_get_primary_hash (item));
    g_assert_cmpint (g_unlink (skagen), ==, 0);
    g_assert_true (_sv_catalogue_exec (cat, sql, &error));
    g_assert_true (sv_duplicates_backfill (cat, thumbnailer, &n_done, &n_failed, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_done, ==, 0);
    g_assert_cmpuint (n_failed, ==, 1);
  }

  /* Apply: the others go to the trash, the keepers stay. */
  groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_true (sv_duplicates_trash_others (cat, groups, &n_trashed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_trashed, ==, 5);
  g_assert_cmpint (sql_int (cat, "SELECT count(*) FROM items WHERE trashed_at IS NOT NULL"), ==, 5);
  g_assert_cmpint (
      sql_int (cat, "SELECT count(*) FROM items WHERE trashed_at IS NULL AND id IN (SELECT id FROM "
                    "items)"),
      ==, G_N_ELEMENTS (sources) - 5);
  g_clear_pointer (&groups, g_ptr_array_unref);
  /* Files were not deleted (referenced originals stay where they are). */
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (!g_str_equal (sources[i].name, "skagen.jpg"))
      {
        g_autofree char *path = g_build_filename (src, sources[i].name, NULL);

        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      }
  groups = sv_duplicates_find (cat, SV_DUPLICATES_DEFAULT_THRESHOLD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 0);

  /* Out of range */
  g_assert_null (sv_duplicates_find (cat, SV_DUPLICATES_MAX_THRESHOLD + 1, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);

  g_clear_object (&importer);
  g_clear_object (&cat);
  nftw (root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int
main (int argc, char **argv)
{
  char **mime_dirs;

  setlocale (LC_ALL, "");
  mime_dirs = sv_test_mime_dirs_save ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sv_test_mime_dirs_restore (mime_dirs);

  g_test_add_func ("/core/lifecycle/duplicates/moments", test_moments);
  g_test_add_func ("/core/lifecycle/duplicates/group-threshold", test_group_threshold);
  g_test_add_func ("/core/lifecycle/duplicates/group-bands", test_group_bands);
  g_test_add_func ("/core/lifecycle/duplicates/group-bursts", test_group_bursts);
  g_test_add_func ("/core/lifecycle/duplicates/group-unset-clock", test_group_unset_clock);
  g_test_add_func ("/core/lifecycle/duplicates/group-random", test_group_random);
  g_test_add_func ("/core/lifecycle/duplicates/library", test_library);
  return g_test_run ();
}
