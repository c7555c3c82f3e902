/* test-phash.c: perceptual hashes of the real near-duplicates in the test
 * photos, made from grid thumbnails exactly as the importer makes them.
 *
 * With --print FILE… it prints each file's hash and the distances between
 * them instead (for tuning).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-phash"

#include "config.h"

#include <ftw.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "../common/sv-test-mime.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-metadata.h"
#include "sv-phash.h"
#include "sv-thumbnailer.h"

typedef struct
{
  char *tmp_dir;
  SvThumbnailer *thumbnailer;
  GHashTable *hashes; /* test photo → guint64* */
} Fixture;

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cache = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("sv-phash-XXXXXX", &error);
  g_assert_no_error (error);
  cache = g_build_filename (fixture->tmp_dir, "cache", NULL);
  fixture->thumbnailer = sv_thumbnailer_new (cache);
  fixture->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->thumbnailer);
  g_hash_table_unref (fixture->hashes);
  nftw (fixture->tmp_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  g_free (fixture->tmp_dir);
}

/* Copies the test photo into the fixture's folder (the shared originals are
 * never touched), makes its grid thumbnail the way the importer does, and
 * hashes the thumbnail. */
static guint64
hash_photo (SvThumbnailer *thumbnailer, const char *tmp_dir, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *base = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *thumb = NULL;
  gsize len = 0;
  SvMediaInfo info;
  guint64 hash = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  base = g_path_get_basename (path);
  copy = g_build_filename (tmp_dir, base, NULL);
  g_file_set_contents (copy, contents, (gssize) len, &error);
  g_assert_no_error (error);
  sha = sv_sha256_bytes_hex (contents, len);

  sv_media_info_init (&info);
  g_assert_true (sv_metadata_read_file (copy, &info, &error));
  g_assert_no_error (error);
  g_assert_true (sv_thumbnailer_generate (thumbnailer, copy, sha, info.orientation,
                                          info.decoder_applies_orientation, 0, NULL, &error));
  g_assert_no_error (error);
  sv_media_info_clear (&info);

  thumb = sv_thumbnailer_get_path (thumbnailer, sha, SV_THUMB_SIZE_GRID);
  g_assert_true (sv_phash_from_file (thumb, &hash, &error));
  g_assert_no_error (error);
  g_unlink (copy);
  return hash;
}

static guint64
hash_test_photo (Fixture *fixture, const char *relative)
{
  g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, relative, NULL);
  gpointer cached;
  guint64 hash;

  /* Some photos appear in several pairs: hash each once. */
  if (g_hash_table_lookup_extended (fixture->hashes, relative, NULL, &cached))
    return *(guint64 *) cached;
  hash = hash_photo (fixture->thumbnailer, fixture->tmp_dir, path);
  g_hash_table_insert (fixture->hashes, g_strdup (relative), g_memdup2 (&hash, sizeof hash));
  return hash;
}

typedef struct
{
  const char *a, *b;
  guint max_distance; /* inclusive */
} Pair;

/* Measured distances were 0 to 2 bits; the CLI's default threshold is 10.
 * Out of reach of a whole-picture hash, and not listed: the testdata's
 * "crop" and "resize" of the flower (a square and a close-up cut out of
 * it, 30-34 bits away) and the ELA pair (a penguin pasted on a dark
 * notebook, then cropped by 8 %). */
static const Pair near_pairs[] = {
  /* JPEG re-encodings of a PNG: 4:2:0, 4:4:4, progressive, grey */
  { "formats/jxl-flower.png", "near-dups/flower/jxl-flower.png.im_q85_420.jpg", 2 },
  { "formats/jxl-flower.png", "near-dups/flower/jxl-flower.png.im_q85_444.jpg", 2 },
  { "formats/jxl-flower.png", "near-dups/flower/jxl-flower.png.im_q85_420_progr.jpg", 2 },
  { "formats/jxl-flower.png", "near-dups/flower/jxl-flower.png.im_q85_gray.jpg", 4 },
  /* one photo at 480, 960 and 1280 px */
  { "near-dups/neist-point/backstretch-sample2_480.jpg",
    "near-dups/neist-point/backstretch-sample2_1280.jpg", 2 },
  { "near-dups/neist-point/backstretch-sample2_960.jpg",
    "near-dups/neist-point/backstretch-sample2_1280.jpg", 2 },
  /* WebP and JPEG */
  { "formats/pillow-flower2.webp", "near-dups/flower2/pillow-flower2.jpg", 2 },
  /* pixel-identical, other metadata; the original is stored sideways with
   * Orientation = 6 */
  { "camera/pixbuf-bug725582-testrotate.jpg", "near-dups/gf1/pixbuf-bug143608-comment.jpg", 0 },
  { "near-dups/exact/jhead-iptc1.jpg", "near-dups/exact/jhead-iptc2.jpg", 0 },
  /* JPEG, PNG, TIFF, JPEG XL and a JPEG with 1.6 MB of metadata */
  { "near-dups/reagan/exiv2-Reagan.jpg", "near-dups/reagan/exiv2-ReaganSmallPng.png", 4 },
  { "near-dups/reagan/exiv2-Reagan.jpg", "formats/exiv2-Reagan.tiff", 4 },
  { "near-dups/reagan/exiv2-Reagan.jpg", "metadata/exiv2-ReaganLargeJpg.jpg", 4 },
};

static void
test_near_duplicates (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (near_pairs); i++)
    {
      guint64 a = hash_test_photo (fixture, near_pairs[i].a);
      guint64 b = hash_test_photo (fixture, near_pairs[i].b);
      guint d = sv_phash_distance (a, b);

      g_test_message ("%s ~ %s: %u", near_pairs[i].a, near_pairs[i].b, d);
      if (d > near_pairs[i].max_distance)
        g_error ("%s and %s differ by %u bits, expected at most %u", near_pairs[i].a,
                 near_pairs[i].b, d, near_pairs[i].max_distance);
    }
}

/* Different pictures are far apart: every pair of these (different scenes,
 * and the near-duplicate groups' originals) differs by more than 16 bits.
 * The two shots of the Furnace Creek burst are the same scene six seconds
 * apart, so they may be close: the grouping keeps them apart by their
 * capture times, not by their hashes. */
static const char *const distinct[] = {
  "formats/jxl-flower.png",
  "near-dups/neist-point/backstretch-sample2_960.jpg",
  "near-dups/flower2/pillow-flower2.jpg",
  "near-dups/gf1/pixbuf-bug143608-comment.jpg",
  "near-dups/exact/jhead-iptc1.jpg",
  "near-dups/reagan/exiv2-Reagan.jpg",
  "near-dups/ela/opencv-ela_original.jpg",
  "camera/exiv2-FurnaceCreekInn.jpg",
  "scenes/kpa-skagen.jpg",
  "faces/kpa-cold_water.jpg",
  "camera/jhead-hp.jpg",
  "camera/jhead-sony.jpg",
  "orientation/pillow-hopper.jpg",
};

static void
test_distinct (Fixture *fixture, gconstpointer data)
{
  guint64 hashes[G_N_ELEMENTS (distinct)];
  guint closest = 64;

  for (guint i = 0; i < G_N_ELEMENTS (distinct); i++)
    hashes[i] = hash_test_photo (fixture, distinct[i]);
  for (guint i = 0; i < G_N_ELEMENTS (distinct); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (distinct); j++)
      {
        guint d = sv_phash_distance (hashes[i], hashes[j]);

        closest = MIN (closest, d);
        if (d <= 16)
          g_error ("%s and %s differ by only %u bits", distinct[i], distinct[j], d);
      }
  g_test_message ("closest distinct pair: %u bits", closest);
}

/* The Furnace Creek burst: same scene, 6 s apart. */
static void
test_burst (Fixture *fixture, gconstpointer data)
{
  guint64 a = hash_test_photo (fixture, "camera/exiv2-FurnaceCreekInn.jpg");
  guint64 b = hash_test_photo (fixture, "camera/exiv2-FurnaceCreekInn2.jpg");

  g_test_message ("burst: %u bits", sv_phash_distance (a, b));
  g_assert_cmpuint (sv_phash_distance (a, b), >, 0);
}

/* Rotation baked into the pixels: a pattern stored with each EXIF
 * orientation has the same upright thumbnail, so the same hash as the
 * untagged upright picture, within re-encoding noise. */
static void
test_orientation (Fixture *fixture, gconstpointer data)
{
  guint64 upright = hash_test_photo (fixture, "orientation/pillow-hopper.jpg");

  for (int o = 2; o <= 8; o++)
    {
      g_autofree char *name = g_strdup_printf ("orientation/pillow-hopper_orientation_%d.jpg", o);
      guint64 h = hash_test_photo (fixture, name);

      g_test_message ("%s: %u", name, sv_phash_distance (upright, h));
      g_assert_cmpuint (sv_phash_distance (upright, h), <=, 4);
    }
}

/* Pixel-level checks on synthetic pictures: a picture and its resized,
 * grey and lightly cropped versions stay close; its mirror image does not;
 * a flat picture hashes (every coefficient is zero) without crashing. */
static GdkPixbuf *
make_picture (int width, int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double fx = (double) x / width, fy = (double) y / height;
        guint8 *p = pixels + (gsize) y * stride + x * 3;

        p[0] = (guint8) (127 + 120 * sin (6.0 * fx + 2.0 * fy));
        p[1] = (guint8) (127 + 120 * cos (5.0 * fy * fx + 3.0 * fx));
        p[2] = (guint8) ((fx - 0.6) * (fx - 0.6) + (fy - 0.3) * (fy - 0.3) < 0.04 ? 250 : 30);
      }
  return pixbuf;
}

static void
test_synthetic (void)
{
  g_autoptr (GdkPixbuf) picture = make_picture (480, 360);
  g_autoptr (GdkPixbuf) small = gdk_pixbuf_scale_simple (picture, 160, 120, GDK_INTERP_BILINEAR);
  g_autoptr (GdkPixbuf) cropped = gdk_pixbuf_new_subpixbuf (picture, 10, 8, 460, 344);
  g_autoptr (GdkPixbuf) mirrored = gdk_pixbuf_flip (picture, TRUE);
  g_autoptr (GdkPixbuf) grey = gdk_pixbuf_copy (picture);
  g_autoptr (GdkPixbuf) flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 64, 64);
  g_autoptr (GdkPixbuf) tiny = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 7, 64);
  guint64 h, h_small, h_cropped, h_mirrored, h_grey, h_flat;

  gdk_pixbuf_saturate_and_pixelate (picture, grey, 0.0, FALSE);
  gdk_pixbuf_fill (flat, 0x336699ff);
  g_assert_true (sv_phash_from_pixbuf (picture, &h));
  g_assert_true (sv_phash_from_pixbuf (small, &h_small));
  g_assert_true (sv_phash_from_pixbuf (cropped, &h_cropped));
  g_assert_true (sv_phash_from_pixbuf (mirrored, &h_mirrored));
  g_assert_true (sv_phash_from_pixbuf (grey, &h_grey));
  g_assert_true (sv_phash_from_pixbuf (flat, &h_flat));
  g_assert_false (sv_phash_from_pixbuf (tiny, &h_flat));

  g_test_message ("small %u cropped %u grey %u mirrored %u", sv_phash_distance (h, h_small),
                  sv_phash_distance (h, h_cropped), sv_phash_distance (h, h_grey),
                  sv_phash_distance (h, h_mirrored));
  g_assert_cmpuint (sv_phash_distance (h, h_small), <=, 2);
  g_assert_cmpuint (sv_phash_distance (h, h_cropped), <=, 8);
  g_assert_cmpuint (sv_phash_distance (h, h_grey), <=, 6);
  g_assert_cmpuint (sv_phash_distance (h, h_mirrored), >=, 20);
  /* Same picture, same hash: the function is deterministic. */
  g_assert_true (sv_phash_from_pixbuf (picture, &h_small));
  g_assert_cmphex (h, ==, h_small);
}

static void
test_file_errors (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *junk = g_build_filename (fixture->tmp_dir, "junk.jpg", NULL);
  g_autofree char *missing = g_build_filename (fixture->tmp_dir, "missing.jpg", NULL);
  guint64 h = 0;

  g_file_set_contents (junk, "not a picture at all", -1, &error);
  g_assert_no_error (error);
  g_assert_false (sv_phash_from_file (junk, &h, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sv_phash_from_file (missing, &h, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static int
print_hashes (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sv-phash-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (tmp, "cache", NULL);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (cache);
  g_autofree guint64 *hashes = g_new0 (guint64, argc);

  for (int i = 0; i < argc; i++)
    {
      hashes[i] = hash_photo (thumbnailer, tmp, argv[i]);
      printf ("%016" G_GINT64_MODIFIER "x %s\n", hashes[i], argv[i]);
    }
  for (int i = 0; i < argc; i++)
    for (int j = i + 1; j < argc; j++)
      printf ("%2u %s %s\n", sv_phash_distance (hashes[i], hashes[j]), argv[i], argv[j]);
  nftw (tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

int
main (int argc, char **argv)
{
  char **mime_dirs;

  setlocale (LC_ALL, "");
  if (argc >= 2 && g_str_equal (argv[1], "--print"))
    return print_hashes (argc - 2, argv + 2);

  mime_dirs = sv_test_mime_dirs_save ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sv_test_mime_dirs_restore (mime_dirs);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/media/phash/near-duplicates", test_near_duplicates);
  ADD ("/core/media/phash/distinct", test_distinct);
  ADD ("/core/media/phash/burst", test_burst);
  ADD ("/core/media/phash/orientation", test_orientation);
  ADD ("/core/media/phash/file-errors", test_file_errors);
  g_test_add_func ("/core/media/phash/synthetic", test_synthetic);
  return g_test_run ();
}
