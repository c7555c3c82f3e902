/* test-thumbnailer.c: grid and preview thumbnails from real photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-thumbnailer"

#include "config.h"

#include <ftw.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sv-error.h"
#include "sv-hash.h"
#include "sv-thumbnailer.h"

typedef struct
{
  char *cache_dir;
  SvThumbnailer *thumbnailer;
} Fixture;

/* The system's MIME folders, saved before G_TEST_OPTION_ISOLATE_DIRS hides
 * them: gdk-pixbuf picks its loader from the content type that GIO guesses
 * with the shared-mime-info database. */
static char **mime_dirs;

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
rm_rf (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->cache_dir = g_dir_make_tmp ("sv-thumbs-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->thumbnailer = sv_thumbnailer_new (fixture->cache_dir);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->thumbnailer);
  rm_rf (fixture->cache_dir);
  g_free (fixture->cache_dir);
}

static char *
photo (const char *relative)
{
  return g_build_filename (SV_PHOTOS_DIR, relative, NULL);
}

/* A stable fake content hash for a test file name. */
static char *
name_hash (const char *name)
{
  return sv_sha256_bytes_hex (name, strlen (name));
}

static GdkPixbuf *
load_thumb (Fixture *fixture, const char *sha, SvThumbSize size)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = sv_thumbnailer_get_path (fixture->thumbnailer, sha, size);
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pixbuf);
  return pixbuf;
}

/* Generates both sizes of @relative with @orientation and returns the
 * grid thumbnail. */
static GdkPixbuf *
make_grid (Fixture *fixture, const char *relative, int orientation)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = photo (relative);
  g_autofree char *key = g_strdup_printf ("%s#%d", relative, orientation);
  g_autofree char *sha = name_hash (key);
  gboolean ok;

  ok = sv_thumbnailer_generate (fixture->thumbnailer, path, sha, orientation, FALSE, 0, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
}

/* Mean absolute difference per channel, or G_MAXDOUBLE when the sizes
 * differ. */
static double
mean_abs_diff (GdkPixbuf *a, GdkPixbuf *b)
{
  int width = gdk_pixbuf_get_width (a);
  int height = gdk_pixbuf_get_height (a);
  int na = gdk_pixbuf_get_n_channels (a);
  int nb = gdk_pixbuf_get_n_channels (b);
  const guchar *pa = gdk_pixbuf_read_pixels (a);
  const guchar *pb = gdk_pixbuf_read_pixels (b);
  guint64 sum = 0;

  if (width != gdk_pixbuf_get_width (b) || height != gdk_pixbuf_get_height (b))
    return G_MAXDOUBLE;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        {
          int va = pa[y * gdk_pixbuf_get_rowstride (a) + x * na + c];
          int vb = pb[y * gdk_pixbuf_get_rowstride (b) + x * nb + c];

          sum += (guint64) ABS (va - vb);
        }
  return (double) sum / ((double) width * height * 3);
}

static void
assert_size (GdkPixbuf *pixbuf, int width, int height)
{
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

/* Files in @dir whose name is not "<64 hex>.jpg" (temporary files left
 * behind), recursively. */
static guint
count_stray_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint stray = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        stray += count_stray_files (path);
      else if (!(strlen (name) == 68 && g_str_has_suffix (name, ".jpg")))
        {
          g_test_message ("stray file: %s", path);
          stray++;
        }
    }
  return stray;
}

static void
test_paths (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = name_hash ("paths");
  g_autofree char *grid = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *expected_grid = NULL;
  g_autofree char *expected_preview = NULL;
  g_autofree char *prefix = g_strndup (sha, 2);
  g_autofree char *file_name = g_strconcat (sha, ".jpg", NULL);
  g_autofree char *source = photo ("orientation/pillow-hopper.jpg");

  g_assert_cmpstr (sv_thumbnailer_get_cache_dir (fixture->thumbnailer), ==, fixture->cache_dir);

  grid = sv_thumbnailer_get_path (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID);
  preview = sv_thumbnailer_get_path (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW);
  expected_grid = g_build_filename (fixture->cache_dir, "grid", prefix, file_name, NULL);
  expected_preview = g_build_filename (fixture->cache_dir, "preview", prefix, file_name, NULL);
  g_assert_cmpstr (grid, ==, expected_grid);
  g_assert_cmpstr (preview, ==, expected_preview);

  /* Not hashes: no path (no way to escape the cache folder). */
  g_assert_null (sv_thumbnailer_get_path (fixture->thumbnailer, "../../etc", SV_THUMB_SIZE_GRID));
  g_assert_null (sv_thumbnailer_get_path (
      fixture->thumbnailer, "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
      SV_THUMB_SIZE_GRID));
  g_assert_false (
      sv_thumbnailer_generate (fixture->thumbnailer, source, "../x", 1, FALSE, 0, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sv_thumbnailer_ensure (fixture->thumbnailer, source, "", 1, FALSE, 0,
                                        SV_THUMB_SIZE_GRID, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);

  /* Nothing generated yet. */
  g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
}

static void
test_sizes_camera (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = photo ("camera/digikam-body-background.jpg");
  g_autofree char *sha = NULL;
  g_autoptr (GdkPixbuf) grid = NULL;
  g_autoptr (GdkPixbuf) preview = NULL;
  g_autoptr (GdkPixbuf) reference = NULL;
  g_autoptr (GdkPixbuf) reference_grid = NULL;
  int width = 0;
  int height = 0;
  gboolean ok;

  /* Keyed by the real content hash, as the importer does. */
  sha = sv_sha256_file_hex (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, "c7be31659ad55ee2b88bc5d0651ce7925829a34ca843e620b6d23c6303e36860");

  ok = sv_thumbnailer_generate_full (fixture->thumbnailer, path, sha, 1, FALSE, 0, &width, &height,
                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (width, ==, 4032);
  g_assert_cmpint (height, ==, 3024);
  g_assert_true (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
  g_assert_true (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW));

  preview = load_thumb (fixture, sha, SV_THUMB_SIZE_PREVIEW);
  grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
  assert_size (preview, 1600, 1200);
  assert_size (grid, 480, 360);

  /* The pixels are the photo's: compare with gdk-pixbuf's own full decode
   * scaled to the same size. */
  reference = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  reference_grid = gdk_pixbuf_scale_simple (reference, 480, 360, GDK_INTERP_HYPER);
  g_assert_cmpfloat (mean_abs_diff (grid, reference_grid), <, 4.0);
}

static void
test_sizes_small (Fixture *fixture, gconstpointer data)
{
  struct
  {
    const char *file;
    int preview_width, preview_height;
    int grid_width, grid_height;
  } cases[] = {
    /* Never upscaled. */
    { "formats/pillow-flower2.webp", 300, 225, 300, 225 },
    { "formats/jxlcc0-cvo9xd_keong_macan_srgb8.png", 500, 500, 360, 360 },
    { "formats/exiv2-exiv2-bug1199.webp", 1200, 800, 540, 360 },
    { "formats/jxl-flower.png", 1600, 1067, 540, 360 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = photo (cases[i].file);
      g_autofree char *sha = name_hash (cases[i].file);
      g_autoptr (GdkPixbuf) preview = NULL;
      g_autoptr (GdkPixbuf) grid = NULL;

      g_test_message ("%s", cases[i].file);
      g_assert_true (
          sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error));
      g_assert_no_error (error);
      preview = load_thumb (fixture, sha, SV_THUMB_SIZE_PREVIEW);
      grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
      assert_size (preview, cases[i].preview_width, cases[i].preview_height);
      assert_size (grid, cases[i].grid_width, cases[i].grid_height);
    }
}

/* A 4000 x 500 panorama: the 1600 px preview is only 200 px high, so the
 * grid thumbnail (360 px high) must come from the decoded image. Also checks
 * that transparency is flattened on white. */
static void
test_sizes_panorama_alpha (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) source = NULL;
  g_autoptr (GdkPixbuf) preview = NULL;
  g_autoptr (GdkPixbuf) grid = NULL;
  g_autofree char *path = g_build_filename (fixture->cache_dir, "pano.png", NULL);
  g_autofree char *sha = name_hash ("panorama");
  const guchar *pixels;

  source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 4000, 500);
  /* Left half opaque blue, right half fully transparent (red under it). */
  gdk_pixbuf_fill (source, 0xff000000);
  {
    g_autoptr (GdkPixbuf) left = gdk_pixbuf_new_subpixbuf (source, 0, 0, 2000, 500);
    gdk_pixbuf_fill (left, 0x0000ffff);
  }
  g_assert_true (gdk_pixbuf_save (source, path, "png", &error, NULL));
  g_assert_no_error (error);

  g_assert_true (
      sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  preview = load_thumb (fixture, sha, SV_THUMB_SIZE_PREVIEW);
  grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
  assert_size (preview, 1600, 200);
  assert_size (grid, 2880, 360);

  pixels = gdk_pixbuf_read_pixels (grid);
  /* Blue on the left. */
  g_assert_cmpint (pixels[0], <, 30);
  g_assert_cmpint (pixels[2], >, 220);
  /* White (not red, not black) on the right. */
  pixels += 180 * gdk_pixbuf_get_rowstride (grid) + 2500 * 3;
  g_assert_cmpint (pixels[0], >, 240);
  g_assert_cmpint (pixels[1], >, 240);
  g_assert_cmpint (pixels[2], >, 240);
}

/* Flat colour in, flat colour out, whatever the reduction: the scaler's
 * weights always sum to one (a 40000 x 100 strip is reduced 25 times for
 * its preview, a 3000 x 2000 image 1.875 times). */
static void
test_sizes_flat (Fixture *fixture, gconstpointer data)
{
  const int sizes[][2] = { { 40000, 100 }, { 3000, 2000 } };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkPixbuf) source = NULL;
      g_autofree char *path = g_build_filename (fixture->cache_dir, "flat.png", NULL);
      g_autofree char *key = g_strdup_printf ("flat-%d", sizes[i][0]);
      g_autofree char *sha = name_hash (key);

      source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, sizes[i][0], sizes[i][1]);
      gdk_pixbuf_fill (source, 0x2596dcff);
      g_assert_true (gdk_pixbuf_save (source, path, "png", &error, NULL));
      g_assert_no_error (error);
      g_assert_true (
          sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error));
      g_assert_no_error (error);
      g_unlink (path);

      for (SvThumbSize size = SV_THUMB_SIZE_GRID; size <= SV_THUMB_SIZE_PREVIEW; size++)
        {
          g_autoptr (GdkPixbuf) thumb = load_thumb (fixture, sha, size);
          const guchar *pixels = gdk_pixbuf_read_pixels (thumb);
          int stride = gdk_pixbuf_get_rowstride (thumb);
          int n = gdk_pixbuf_get_n_channels (thumb);

          for (int y = 0; y < gdk_pixbuf_get_height (thumb); y++)
            for (int x = 0; x < gdk_pixbuf_get_width (thumb); x++)
              {
                const guchar *p = pixels + y * stride + x * n;

                g_assert_cmpint (ABS (p[0] - 0x25), <=, 3);
                g_assert_cmpint (ABS (p[1] - 0x96), <=, 3);
                g_assert_cmpint (ABS (p[2] - 0xdc), <=, 3);
              }
        }
    }
}

/* @prefix_N.jpg carries EXIF orientation N; once applied, each must look
 * like @reference. Applying any other orientation must not. */
static void
check_orientation_set (Fixture *fixture, const char *reference_file, const char *prefix, int first)
{
  g_autoptr (GdkPixbuf) reference = make_grid (fixture, reference_file, 1);

  for (int n = first; n <= 8; n++)
    {
      g_autofree char *file = g_strdup_printf ("%s%d.jpg", prefix, n);

      for (int applied = 1; applied <= 8; applied++)
        {
          g_autoptr (GdkPixbuf) grid = make_grid (fixture, file, applied);
          double diff = mean_abs_diff (grid, reference);

          g_test_message ("%s with orientation %d: difference %.1f", file, applied, diff);
          if (applied == n)
            g_assert_cmpfloat (diff, <, 12.0);
          else
            g_assert_cmpfloat (diff, >, 20.0);
        }
    }
}

static void
test_orientation_pattern (Fixture *fixture, gconstpointer data)
{
  check_orientation_set (fixture, "orientation/imaging-orientation_1.jpg",
                         "orientation/imaging-orientation_", 1);
}

static void
test_orientation_hopper (Fixture *fixture, gconstpointer data)
{
  check_orientation_set (fixture, "orientation/pillow-hopper.jpg",
                         "orientation/pillow-hopper_orientation_", 2);
}

/* Orientation applied while scaling a 12 MP photo: the result must match
 * gdk-pixbuf's own decode turned with gdk_pixbuf_rotate_simple (). */
static void
test_orientation_scaled (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = photo ("camera/fsf-IMG_20200124_231153.jpg");
  g_autofree char *sha = name_hash ("scaled-orientation");
  g_autoptr (GdkPixbuf) grid = NULL;
  g_autoptr (GdkPixbuf) full = NULL;
  g_autoptr (GdkPixbuf) turned = NULL;
  g_autoptr (GdkPixbuf) expected = NULL;

  /* Xiaomi Mi A3, 4000 x 3000, Orientation=3 (upside down). */
  g_assert_true (
      sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 3, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
  assert_size (grid, 480, 360);

  full = gdk_pixbuf_new_from_file_at_size (path, 480, 360, &error);
  g_assert_no_error (error);
  turned = gdk_pixbuf_rotate_simple (full, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
  g_assert_cmpfloat (mean_abs_diff (grid, turned), <, 6.0);
  g_assert_cmpfloat (mean_abs_diff (grid, full), >, 20.0);

  /* Same photo as if tagged 6: portrait. */
  g_clear_object (&grid);
  g_assert_true (
      sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 6, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
  assert_size (grid, 360, 480);
  expected = gdk_pixbuf_rotate_simple (full, GDK_PIXBUF_ROTATE_CLOCKWISE);
  g_assert_cmpfloat (mean_abs_diff (grid, expected), <, 6.0);
}

/* heif-gdk-pixbuf applies the HEIF container's rotation itself: a HEIC
 * with Orientation=6 must not be turned a second time. */
static void
test_orientation_heic (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = photo ("formats/exiv2-2021-02-13-1929.heic");
  g_autofree char *sha = name_hash ("heic-orientation");
  g_autoptr (GdkPixbuf) grid = NULL;
  g_autoptr (GdkPixbuf) preview = NULL;
  int width = 0;
  int height = 0;

  if (gdk_pixbuf_get_file_info (path, NULL, NULL) == NULL)
    {
      g_test_skip ("no HEIF loader for gdk-pixbuf");
      return;
    }

  /* Stored 4032 x 3024 with irot; exiftool shows it 3024 x 4032. */
  g_assert_true (sv_thumbnailer_generate_full (fixture->thumbnailer, path, sha, 6, TRUE, 0, &width,
                                               &height, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 3024);
  g_assert_cmpint (height, ==, 4032);
  grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
  preview = load_thumb (fixture, sha, SV_THUMB_SIZE_PREVIEW);
  assert_size (grid, 360, 480);
  assert_size (preview, 1200, 1600);
}

static gboolean
has_loader (const char *path)
{
  return gdk_pixbuf_get_file_info (path, NULL, NULL) != NULL;
}

static void
test_formats (Fixture *fixture, gconstpointer data)
{
  struct
  {
    const char *file;
    int code; /* -1: a thumbnail is made */
    int grid_width, grid_height;
  } cases[] = {
    { "formats/exiv2-IMG_3578.heic", -1, 480, 360 },
    { "formats/libheif-example.heic", -1, 540, 360 },
    { "formats/exiv2-avif.avif", -1, 640, 360 },
    { "formats/exiv2-avif_exif_xmp.avif", -1, 120, 120 },
    { "formats/exiv2-exiv2-bug1199.webp", -1, 540, 360 },
    { "formats/pillow-flower2.webp", -1, 300, 225 },
    { "formats/jxl-flower.png", -1, 540, 360 },
    { "formats/jxlcc0-cvo9xd_keong_macan_srgb8.png", -1, 360, 360 },
    { "formats/exiv2-Reagan.tiff", -1, 200, 130 },
    { "formats/pillow-sugarshack.mpo", -1, 480, 360 },
    /* TIFF-based raws: the TIFF loader reads the first IFD, the camera's
     * embedded preview (1728 x 1152 for this EOS 30D CR2; 8 x 8 in the
     * reduced DNG). */
    { "formats/rawtran-IMG_5952.CR2", -1, 540, 360 },
    { "formats/exiftool-DNG.dng", -1, 8, 8 },
    /* Reduced raws whose first IFD holds no readable pixels: the loader
     * makes an image without decoding a row. */
    { "formats/exiftool-CanonRaw.cr2", SV_ERROR_CORRUPT, 0, 0 },
    { "formats/exiftool-Nikon.nef", SV_ERROR_CORRUPT, 0, 0 },
    /* No gdk-pixbuf loader on Debian 12. */
    { "formats/exiv2-Reagan.jxl", SV_ERROR_UNSUPPORTED, 0, 0 },
    /* RAF: its embedded 160 x 120 preview, through libraw. */
    { "formats/exiftool-FujiFilm.raf", -1, 160, 120 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = photo (cases[i].file);
      g_autofree char *sha = name_hash (cases[i].file);
      gboolean ok;

      if ((g_str_has_suffix (path, ".heic") || g_str_has_suffix (path, ".avif")) &&
          !has_loader (path))
        {
          g_test_message ("%s: no HEIF loader, skipped", cases[i].file);
          continue;
        }

      ok = sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error);
      g_test_message ("%s: %s", cases[i].file, ok ? "ok" : error->message);
      if (cases[i].code < 0)
        {
          g_autoptr (GdkPixbuf) grid = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_true (
              sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW));
          grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
          assert_size (grid, cases[i].grid_width, cases[i].grid_height);
        }
      else
        {
          const char *base = strrchr (cases[i].file, '/') + 1;

          g_assert_false (ok);
          g_assert_error (error, SV_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, base));
          g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
        }
    }
}

/* Decompression bombs are refused from their header, without allocating:
 * the child process's peak memory stays small. */
static void
test_bombs (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      const char *bombs[] = {
        "broken/pixbuf-issue205.jpg",      /* 64250 x 64250 in 1.4 KB */
        "broken/exiv2-issue_1833_poc.jpg", /* 17737 x 7680, no scan */
        "broken/pixbuf-bug784903-overflow-dimensions.tiff",
      };
      struct rusage before;
      struct rusage after;

      getrusage (RUSAGE_SELF, &before);
      for (gsize i = 0; i < G_N_ELEMENTS (bombs); i++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *path = photo (bombs[i]);
          g_autofree char *sha = name_hash (bombs[i]);

          g_assert_false (
              sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error));
          g_assert_nonnull (error);
          g_test_message ("%s: %s", bombs[i], error->message);
          g_assert_true (error->domain == SV_ERROR);
          g_assert_true (error->code == SV_ERROR_TOO_LARGE || error->code == SV_ERROR_CORRUPT ||
                         error->code == SV_ERROR_UNSUPPORTED);
          g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
        }
      getrusage (RUSAGE_SELF, &after);
      /* ru_maxrss is in KiB; one 64250^2 RGB buffer would be 12 GB. */
      g_assert_cmpint (after.ru_maxrss - before.ru_maxrss, <, 64 * 1024);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A HEIF whose container declares 40000 x 40000: refused from the
 * declared size, before heif-gdk-pixbuf decodes anything. */
static void
test_heif_bomb (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = photo ("formats/libheif-example.heic");
  g_autofree char *real = photo ("formats/exiv2-IMG_3578.heic");
  g_autofree char *bomb = g_build_filename (fixture->cache_dir, "bomb.heic", NULL);
  g_autofree char *sha = name_hash ("heif-bomb");
  g_autofree gchar *contents = NULL;
  gsize length = 0;
  gsize patched = 0;

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  /* Every 'ispe' box: version/flags, then width and height (big endian). */
  for (gsize i = 0; i + 16 <= length; i++)
    if (memcmp (contents + i, "ispe", 4) == 0)
      {
        const guchar size[4] = { 0x00, 0x00, 0x9c, 0x40 }; /* 40000 */

        memcpy (contents + i + 8, size, 4);
        memcpy (contents + i + 12, size, 4);
        patched++;
      }
  g_assert_cmpuint (patched, >=, 1);
  g_assert_true (g_file_set_contents (bomb, contents, (gssize) length, &error));
  g_assert_no_error (error);

  g_assert_false (
      sv_thumbnailer_generate (fixture->thumbnailer, bomb, sha, 1, TRUE, 0, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "40000"));
  g_clear_error (&error);
  g_unlink (bomb);

  /* A real 4032 x 3024 HEIC under a 10 MP limit. */
  g_assert_false (sv_thumbnailer_generate (fixture->thumbnailer, real, sha, 1, TRUE,
                                           10 * 1000 * 1000, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "4032"));
  g_assert_nonnull (strstr (error->message, "3024"));
}

static void
test_pixel_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *bomb = photo ("broken/pixbuf-issue205.jpg");
  g_autofree char *camera = photo ("camera/fsf-IMG_20200827_231612.jpg");
  g_autofree char *sha = name_hash ("limit");

  g_assert_false (
      sv_thumbnailer_generate (fixture->thumbnailer, bomb, sha, 1, FALSE, 0, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "pixbuf-issue205.jpg"));
  g_assert_nonnull (strstr (error->message, "64250"));
  g_assert_nonnull (strstr (error->message, "100"));
  g_clear_error (&error);

  /* A 12 MP photo under a 10 MP limit. */
  g_assert_false (sv_thumbnailer_generate (fixture->thumbnailer, camera, sha, 1, FALSE,
                                           10 * 1000 * 1000, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "4000"));
  g_assert_nonnull (strstr (error->message, "3000"));
  g_clear_error (&error);

  /* And under a 12 MP limit it is fine. */
  g_assert_true (sv_thumbnailer_generate (fixture->thumbnailer, camera, sha, 1, FALSE,
                                          12 * 1000 * 1000, NULL, &error));
  g_assert_no_error (error);
}

static void
test_broken (Fixture *fixture, gconstpointer data)
{
  struct
  {
    const char *file;
    gboolean makes_thumbnail;
    int code;
  } expected[] = {
    /* Cut short: the decoded part is kept. */
    { "broken/pillow-truncated_jpeg.jpg", TRUE, 0 },
    { "broken/pixbuf-premature-end.jpg", TRUE, 0 },
    /* Cut inside the header: nothing decoded. */
    { "broken/skimage-truncated.jpg", FALSE, SV_ERROR_CORRUPT },
    /* A pixbuf but no decoded row: refused (the loader's buffer would be
     * uninitialised memory). */
    { "broken/pixbuf-bug775697.jpg", FALSE, SV_ERROR_CORRUPT },
    { "broken/pixbuf-CVE-2017-2862.jpg", FALSE, SV_ERROR_CORRUPT },
    { "broken/exiv2-exiv2-bug1247.jpg", FALSE, SV_ERROR_CORRUPT },
    { "broken/pillow-broken.png", FALSE, SV_ERROR_CORRUPT },
    { "broken/pixbuf-invalid.1.png", FALSE, SV_ERROR_CORRUPT },
    { "broken/go4-park.heic", FALSE, SV_ERROR_CORRUPT },
    /* Decodable image, broken metadata. */
    { "broken/pillow-hopper_bad_exif.jpg", TRUE, 0 },
    { "broken/pillow-invalid-exif.jpg", TRUE, 0 },
  };
  g_autofree char *dir_path = photo ("broken");
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  GLogLevelFlags fatal_mask;

  /* heif-gdk-pixbuf reports damaged files with g_warning (): expected
   * here, so not fatal. */
  fatal_mask = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = photo (expected[i].file);
      g_autofree char *sha = name_hash (expected[i].file);
      gboolean ok;

      ok = sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 1, FALSE, 0, NULL, &error);
      g_test_message ("%s: %s", expected[i].file, ok ? "ok" : error->message);
      if (expected[i].makes_thumbnail)
        {
          g_autoptr (GdkPixbuf) grid = NULL;

          g_assert_no_error (error);
          grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
        }
      else
        {
          const char *base = strrchr (expected[i].file, '/') + 1;

          g_assert_error (error, SV_ERROR, expected[i].code);
          g_assert_nonnull (strstr (error->message, base));
          g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
          g_assert_false (
              sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW));
        }
    }

  /* Every broken file: no crash, a clear error or a valid thumbnail. */
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *sha = name_hash (name);

      if (sv_thumbnailer_generate (fixture->thumbnailer, path, sha, 6, FALSE, 0, NULL, &error))
        {
          g_autoptr (GdkPixbuf) grid = load_thumb (fixture, sha, SV_THUMB_SIZE_GRID);
          g_autoptr (GdkPixbuf) preview = load_thumb (fixture, sha, SV_THUMB_SIZE_PREVIEW);

          g_assert_cmpint (MIN (gdk_pixbuf_get_width (grid), gdk_pixbuf_get_height (grid)), <=,
                           SV_THUMB_GRID_SHORT_EDGE);
          g_assert_cmpint (MAX (gdk_pixbuf_get_width (preview), gdk_pixbuf_get_height (preview)),
                           <=, SV_THUMB_PREVIEW_LONG_EDGE);
        }
      else
        {
          g_test_message ("%s: %s", name, error->message);
          g_assert_true (error->domain == SV_ERROR);
          g_assert_true (error->code == SV_ERROR_CORRUPT || error->code == SV_ERROR_UNSUPPORTED ||
                         error->code == SV_ERROR_TOO_LARGE);
          g_assert_nonnull (strstr (error->message, name));
        }
    }

  g_assert_cmpuint (count_stray_files (fixture->cache_dir), ==, 0);
  g_log_set_always_fatal (fatal_mask);
}

static void
test_missing_source (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = name_hash ("missing");
  g_autofree char *empty = g_build_filename (fixture->cache_dir, "empty.jpg", NULL);

  g_assert_false (sv_thumbnailer_generate (fixture->thumbnailer, "/nonexistent/photo.jpg", sha, 1,
                                           FALSE, 0, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "photo.jpg"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_false (
      sv_thumbnailer_generate (fixture->thumbnailer, empty, sha, 1, FALSE, 0, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  g_unlink (empty);
}

static void
damage_file (const char *path, int how)
{
  g_autoptr (GError) error = NULL;

  switch (how)
    {
      case 0: /* truncated to 100 bytes */
        g_assert_cmpint (truncate (path, 100), ==, 0);
        break;
      case 1: /* cut before the end marker */
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          g_assert_cmpint (truncate (path, (off_t) (length * 2 / 3)), ==, 0);
        }
        break;
      case 2: /* garbage */
        {
          g_autofree char *garbage = g_malloc (10000);

          for (int i = 0; i < 10000; i++)
            garbage[i] = (char) g_test_rand_int_range (0, 256);
          g_assert_true (g_file_set_contents (path, garbage, 10000, &error));
          g_assert_no_error (error);
        }
        break;
      case 3: /* removed */
        g_assert_cmpint (g_unlink (path), ==, 0);
        break;
      default:
        g_assert_not_reached ();
    }
}

static void
test_cache_rebuild (Fixture *fixture, gconstpointer data)
{
  g_autofree char *source = photo ("orientation/pillow-hopper.jpg");
  g_autofree char *sha = name_hash ("rebuild");

  for (int how = 0; how < 4; how++)
    for (SvThumbSize size = SV_THUMB_SIZE_GRID; size <= SV_THUMB_SIZE_PREVIEW; size++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *path = NULL;
        g_autofree char *again = NULL;
        g_autoptr (GdkPixbuf) pixbuf = NULL;
        GStatBuf before;
        GStatBuf after;

        path = sv_thumbnailer_ensure (fixture->thumbnailer, source, sha, 1, FALSE, 0, size, NULL,
                                      &error);
        g_assert_no_error (error);
        g_assert_nonnull (path);
        g_assert_true (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, size));

        /* A valid file is returned as is, not regenerated. */
        g_assert_cmpint (g_stat (path, &before), ==, 0);
        again = sv_thumbnailer_ensure (fixture->thumbnailer, source, sha, 1, FALSE, 0, size, NULL,
                                       &error);
        g_assert_no_error (error);
        g_assert_cmpstr (again, ==, path);
        g_assert_cmpint (g_stat (path, &after), ==, 0);
        g_assert_cmpint (before.st_ino, ==, after.st_ino);
        g_clear_pointer (&again, g_free);

        damage_file (path, how);
        g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, size));

        again = sv_thumbnailer_ensure (fixture->thumbnailer, source, sha, 1, FALSE, 0, size, NULL,
                                       &error);
        g_assert_no_error (error);
        g_assert_cmpstr (again, ==, path);
        g_assert_true (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, size));
        pixbuf = gdk_pixbuf_new_from_file (again, &error);
        g_assert_no_error (error);
        assert_size (pixbuf, 128, 128);
      }

  /* Invalidate removes both sizes. */
  sv_thumbnailer_invalidate (fixture->thumbnailer, sha);
  g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
  g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW));
  /* Harmless on missing files and bad hashes. */
  sv_thumbnailer_invalidate (fixture->thumbnailer, sha);
  sv_thumbnailer_invalidate (fixture->thumbnailer, "../..");

  g_assert_cmpuint (count_stray_files (fixture->cache_dir), ==, 0);
}

typedef struct
{
  SvThumbnailer *thumbnailer;
  const char *source;
  const char *sha;
  gboolean ok;
} ThreadJob;

static gpointer
generate_thread (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      job->ok = sv_thumbnailer_generate (job->thumbnailer, job->source, job->sha, 6, FALSE, 0, NULL,
                                         &error);
      if (!job->ok)
        {
          g_printerr ("%s\n", error->message);
          break;
        }
    }
  return NULL;
}

static void
test_concurrent (Fixture *fixture, gconstpointer data)
{
  g_autofree char *source_a = photo ("camera/fsf-IMG_1054.JPG");
  g_autofree char *source_b = photo ("orientation/pillow-hopper.jpg");
  g_autofree char *sha_a = name_hash ("concurrent-a");
  g_autofree char *sha_b = name_hash ("concurrent-b");
  ThreadJob jobs[4] = {
    { fixture->thumbnailer, source_a, sha_a, FALSE },
    { fixture->thumbnailer, source_a, sha_a, FALSE },
    { fixture->thumbnailer, source_b, sha_b, FALSE },
    { fixture->thumbnailer, source_b, sha_b, FALSE },
  };
  GThread *threads[G_N_ELEMENTS (jobs)];
  g_autoptr (GdkPixbuf) grid_a = NULL;
  g_autoptr (GdkPixbuf) grid_b = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("generate", generate_thread, &jobs[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (jobs[i].ok);
    }

  /* 1280 x 960 turned by orientation 6. */
  grid_a = load_thumb (fixture, sha_a, SV_THUMB_SIZE_GRID);
  assert_size (grid_a, 360, 480);
  grid_b = load_thumb (fixture, sha_b, SV_THUMB_SIZE_GRID);
  assert_size (grid_b, 128, 128);

  /* Atomic writes: no temporary file left behind. */
  g_assert_cmpuint (count_stray_files (fixture->cache_dir), ==, 0);
}

static void
on_ensure_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Drops @result and waits until the GTask is gone: the worker thread may
 * still hold the last reference (and through it one on the thumbnailer)
 * for a moment after the callback ran. */
static void
release_task (GAsyncResult **result)
{
  GWeakRef weak;
  GObject *alive;

  g_weak_ref_init (&weak, *result);
  g_clear_object (result);
  while ((alive = g_weak_ref_get (&weak)) != NULL)
    {
      g_object_unref (alive);
      g_usleep (1000);
    }
  g_weak_ref_clear (&weak);
}

static void
test_async (Fixture *fixture, gconstpointer data)
{
  g_autofree char *source = photo ("camera/fsf-IMG_1054.JPG");
  g_autofree char *sha = name_hash ("async");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  sv_thumbnailer_ensure_async (fixture->thumbnailer, source, sha, 1, FALSE, 0,
                               SV_THUMB_SIZE_PREVIEW, NULL, on_ensure_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = sv_thumbnailer_ensure_finish (fixture->thumbnailer, result, &error);
  g_assert_no_error (error);
  expected = sv_thumbnailer_get_path (fixture->thumbnailer, sha, SV_THUMB_SIZE_PREVIEW);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
  release_task (&result);
  g_clear_pointer (&path, g_free);

  /* Cancelled before it runs. */
  sv_thumbnailer_invalidate (fixture->thumbnailer, sha);
  g_cancellable_cancel (cancellable);
  sv_thumbnailer_ensure_async (fixture->thumbnailer, source, sha, 1, FALSE, 0, SV_THUMB_SIZE_GRID,
                               cancellable, on_ensure_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = sv_thumbnailer_ensure_finish (fixture->thumbnailer, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (path);
  g_assert_false (sv_thumbnailer_has_valid (fixture->thumbnailer, sha, SV_THUMB_SIZE_GRID));
  release_task (&result);
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  {
    /* From the environment, not g_get_system_data_dirs (): GLib's cached
     * copy is replaced (and leaked) by the isolated folders. */
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

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/core/media/thumbnailer/paths", test_paths);
  ADD ("/core/media/thumbnailer/sizes/camera", test_sizes_camera);
  ADD ("/core/media/thumbnailer/sizes/small", test_sizes_small);
  ADD ("/core/media/thumbnailer/sizes/panorama-alpha", test_sizes_panorama_alpha);
  ADD ("/core/media/thumbnailer/sizes/flat", test_sizes_flat);
  ADD ("/core/media/thumbnailer/orientation/pattern", test_orientation_pattern);
  ADD ("/core/media/thumbnailer/orientation/hopper", test_orientation_hopper);
  ADD ("/core/media/thumbnailer/orientation/scaled", test_orientation_scaled);
  ADD ("/core/media/thumbnailer/orientation/heic", test_orientation_heic);
  ADD ("/core/media/thumbnailer/formats", test_formats);
  ADD ("/core/media/thumbnailer/bombs", test_bombs);
  ADD ("/core/media/thumbnailer/pixel-limit", test_pixel_limit);
  ADD ("/core/media/thumbnailer/heif-bomb", test_heif_bomb);
  ADD ("/core/media/thumbnailer/broken", test_broken);
  ADD ("/core/media/thumbnailer/missing-source", test_missing_source);
  ADD ("/core/media/thumbnailer/cache-rebuild", test_cache_rebuild);
  ADD ("/core/media/thumbnailer/concurrent", test_concurrent);
  ADD ("/core/media/thumbnailer/async", test_async);

#undef ADD

  ret = g_test_run ();
  g_strfreev (mime_dirs);
  return ret;
}
