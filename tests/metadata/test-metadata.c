/* test-metadata.c: the metadata reader on the test photos and on
 * malformed input made here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-metadata"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sv-byte-source.h"
#include "sv-camera-name.h"
#include "sv-containers.h"
#include "sv-error.h"
#include "sv-exif-fields.h"
#include "sv-filename-date.h"
#include "sv-iptc.h"
#include "sv-metadata.h"
#include "sv-tiff-reader.h"
#include "sv-xmp.h"

static char *
photo (const char *rel)
{
  return g_build_filename (SV_PHOTOS_DIR, rel, NULL);
}

/* Reads a test photo; fails the test on error. */
static void
read_ok (const char *rel, SvMediaInfo *info)
{
  g_autofree char *path = photo (rel);
  g_autoptr (GError) error = NULL;

  sv_media_info_init (info);
  if (!sv_metadata_read_file (path, info, &error))
    g_error ("%s: %s", rel, error->message);
}

static void
read_bytes_with (const guint8 *data,
                 gsize len,
                 const char *name,
                 SvMediaInfo *info,
                 GError **error,
                 gboolean *ok)
{
  sv_media_info_init (info);
  *ok = sv_metadata_read_bytes (data, len, name, info, error);
}

/* ---- camera names ---- */

static void
test_camera_names (void)
{
  static const char *const cases[][3] = {
    { "NIKON CORPORATION", "NIKON D750", "Nikon D750" },
    { "Canon", "Canon EOS 6D", "Canon EOS 6D" },
    { "Apple", "iPhone 7", "Apple iPhone 7" },
    { "RICOH IMAGING COMPANY, LTD.", "PENTAX K-3 II", "Pentax K-3 II" },
    { "OLYMPUS IMAGING CORP.", "E-M1", "Olympus E-M1" },
    { "OLYMPUS OPTICAL CO.,LTD", "C2000Z", "Olympus C2000Z" },
    { "FUJIFILM", "X-T3", "Fujifilm X-T3" },
    { "SAMSUNG", "SM-G991B", "Samsung SM-G991B" },
    { "SONY", "ILCE-7M3", "Sony ILCE-7M3" },
    { "Panasonic", "DMC-GF1", "Panasonic DMC-GF1" },
    { "HUAWEI", "P30", "Huawei P30" },
    { "Xiaomi", "Mi A3", "Xiaomi Mi A3" },
    { "Google", "Pixel 6", "Google Pixel 6" },
    { "PENTAX Corporation", "PENTAX K10D", "Pentax K10D" },
    { "EASTMAN KODAK COMPANY", "KODAK DX4900 ZOOM DIGITAL CAMERA",
      "Kodak DX4900 ZOOM DIGITAL CAMERA" },
    { "Hewlett-Packard Company", "hp PhotoSmart 620", "HP PhotoSmart 620" },
    { "Sony Ericsson", "Z550a", "Sony Ericsson Z550a" },
    { "Nintendo", "Nintendo 3DS", "Nintendo 3DS" },
    { "CASIO COMPUTER CO.,LTD.", "EX-Z70", "Casio EX-Z70" },
    { "Minolta Co., Ltd.", "DiMAGE E223", "Minolta DiMAGE E223" },
    { "Konica Minolta Camera, Inc.", "DiMAGE A2", "Konica Minolta DiMAGE A2" },
    { "  Canon\t ", "Canon EOS 40D   ", "Canon EOS 40D" },
    { NULL, "3MDSC", "3MDSC" },
    { "GoPro", NULL, "GoPro" },
    { "JENOPTIK OPTICAL CO,LTD", "JD4100", "Jenoptik JD4100" },
    { "Vivitar", "ViviCam X30", "Vivitar ViviCam X30" },
    { "CEC", "DV", "CEC DV" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = sv_camera_name_normalise (cases[i][0], cases[i][1]);
      g_assert_cmpstr (name, ==, cases[i][2]);
    }
  g_assert_null (sv_camera_name_normalise (NULL, NULL));
  g_assert_null (sv_camera_name_normalise ("  ", "\t"));
}

/* Every camera in the test photos: the name is tidy and made of the
 * manifest's words. */
static void
test_camera_names_manifest (void)
{
  g_autofree char *manifest_path = photo ("MANIFEST.tsv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint checked = 0;

  g_assert_true (g_file_get_contents (manifest_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autofree char *lower_manifest = NULL;
      g_auto (GStrv) words = NULL;
      SvMediaInfo info;

      if (g_strv_length (cols) < 11 || cols[3][0] == '\0')
        continue;
      path = photo (cols[0]);
      sv_media_info_init (&info);
      if (!sv_metadata_read_file (path, &info, NULL) || info.camera == NULL)
        {
          sv_media_info_clear (&info);
          continue;
        }
      g_assert_true (g_utf8_validate (info.camera, -1, NULL));
      g_assert_false (g_str_has_prefix (info.camera, " "));
      g_assert_false (g_str_has_suffix (info.camera, " "));
      g_assert_null (strstr (info.camera, "  "));
      g_assert_null (strstr (info.camera, "CORPORATION"));
      g_assert_null (strstr (info.camera, "COMPANY"));
      g_assert_null (strstr (info.camera, "CO.,LTD"));
      /* the brand is not repeated */
      words = g_strsplit (info.camera, " ", -1);
      if (words[0] != NULL && words[1] != NULL)
        g_assert_cmpstr (words[0], !=, words[1]);
      lower_manifest = g_ascii_strdown (cols[3], -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          g_autofree char *lw = g_ascii_strdown (words[w], -1);
          /* Brand spellings: "HP" for Hewlett-Packard. */
          if (strcmp (lw, "hp") == 0)
            continue;
          if (strstr (lower_manifest, lw) == NULL)
            g_error ("%s: camera “%s” has “%s”, not in “%s”", cols[0], info.camera, words[w],
                     cols[3]);
        }
      checked++;
      sv_media_info_clear (&info);
    }
  g_assert_cmpuint (checked, >, 100);
}

/* ---- file-name dates ---- */

static void
test_filename_dates (void)
{
  static const char *const good[][3] = {
    { "IMG_20240714_153000.jpg", "2024-07-14T15:30:00", "1" },
    { "IMG_20240714_153000_123.jpg", "2024-07-14T15:30:00", "1" },
    { "PXL_20210714_123456789.jpg", "2021-07-14T12:34:56", "1" },
    { "20210714_123456.jpg", "2021-07-14T12:34:56", "1" },
    { "VID_20240714_153000.mp4", "2024-07-14T15:30:00", "1" },
    { "Screenshot_20240714-153000.png", "2024-07-14T15:30:00", "1" },
    { "Screenshot_2024-07-14-15-30-00.png", "2024-07-14T15:30:00", "1" },
    { "signal-2024-07-14-153000.jpg", "2024-07-14T15:30:00", "1" },
    { "2024-07-14 15.30.00.jpg", "2024-07-14T15:30:00", "1" },
    { "IMG-20240714-WA0001.jpg", "2024-07-14T12:00:00", "0" },
    { "2024-07-14.jpg", "2024-07-14T12:00:00", "0" },
    { "IMG_20240229_000000.jpg", "2024-02-29T00:00:00", "1" },
    { "IMG_20240714_256000.jpg", "2024-07-14T12:00:00", "0" }, /* bad time: date only */
  };
  static const char *const bad[] = {
    "IMG_1234.JPG",
    "DSC_0042.JPG",
    "IMG_20241314_153000.jpg",
    "IMG_20230230_120000.jpg",
    "IMG_19690714_120000.jpg",
    "IMG_29990101_120000.jpg",
    "photo.jpg",
    "",
    "123420240714.jpg",
    "202407141.jpg",
    "2024-13-01.jpg",
    "2024-07-32 10.00.00.jpg",
    "IMG_2024071.jpg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *iso = NULL;
      gboolean has_time = FALSE;

      if (!sv_filename_date_parse (good[i][0], &iso, &has_time))
        g_error ("no date found in %s", good[i][0]);
      g_assert_cmpstr (iso, ==, good[i][1]);
      g_assert_cmpint (has_time, ==, good[i][2][0] == '1');
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *iso = NULL;
      if (sv_filename_date_parse (bad[i], &iso, NULL))
        g_error ("%s gave %s", bad[i], iso);
      g_assert_null (iso);
    }
  g_assert_false (sv_filename_date_parse (NULL, NULL, NULL));
}

/* ---- EXIF values ---- */

static void
test_exif_dates (void)
{
  static const char *const cases[][2] = {
    { "2004:06:21 23:37:53", "2004-06-21T23:37:53" },
    { "2008:02:15 16:00", "2008-02-15T16:00:00" },
    { "05.10.2009 11:16", "2009-10-05T11:16:00" },
    { "2004/05/09 16:00:21", "2004/05/09" },
    { "2003:08:27:00:09:15", "2003-08-27T00:09:15" },
    { "0000:00:00 00:00:00", NULL },
    { "    :  :     :  :  ", NULL },
    { "2106:12:23 17:13:31", NULL },
    { "2216:11:15 11:46:51", NULL },
    { "2099:08:12 19:59:29", NULL },
    { "2004:13:21 23:37:53", NULL },
    { "2004:02:30 23:37:53", NULL },
    { "2004:02:03 24:37:53", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = sv_exif_parse_datetime (cases[i][0]);
      if (cases[i][1] != NULL && strcmp (cases[i][1], "2004/05/09") == 0)
        g_assert_cmpstr (iso, ==, "2004-05-09T16:00:21");
      else
        g_assert_cmpstr (iso, ==, cases[i][1]);
    }

  {
    g_autofree char *iso = NULL;
    g_autofree char *frac = NULL;
    gboolean has_time = FALSE, has_off = FALSE;
    int off = 0;

    g_assert_true (sv_exif_parse_datetime_full ("2012-04-07T16:11:27.06-07:00", &iso, &has_time,
                                                &has_off, &off, &frac));
    g_assert_cmpstr (iso, ==, "2012-04-07T16:11:27");
    g_assert_true (has_time);
    g_assert_true (has_off);
    g_assert_cmpint (off, ==, -420);
    g_assert_cmpstr (frac, ==, "06");
    g_clear_pointer (&iso, g_free);
    g_clear_pointer (&frac, g_free);
    g_assert_true (
        sv_exif_parse_datetime_full ("2004-06-21", &iso, &has_time, &has_off, &off, &frac));
    g_assert_cmpstr (iso, ==, "2004-06-21T12:00:00");
    g_assert_false (has_time);
    g_assert_false (has_off);
  }

  {
    int off = 0;
    g_assert_true (sv_exif_parse_offset ("+05:30", &off));
    g_assert_cmpint (off, ==, 330);
    g_assert_true (sv_exif_parse_offset ("-06:00", &off));
    g_assert_cmpint (off, ==, -360);
    g_assert_false (sv_exif_parse_offset ("+25:00", &off));
    g_assert_false (sv_exif_parse_offset ("   :  ", &off));
  }
  {
    g_autofree char *a = sv_exif_subsec_suffix ("06");
    g_autofree char *b = sv_exif_subsec_suffix ("007419");
    g_autofree char *c = sv_exif_subsec_suffix ("12a");
    g_assert_cmpstr (a, ==, ".060");
    g_assert_cmpstr (b, ==, ".007");
    g_assert_null (c);
  }
  g_assert_true (sv_exif_caption_is_junk ("OLYMPUS DIGITAL CAMERA         ", NULL, NULL));
  g_assert_true (sv_exif_caption_is_junk ("                ", NULL, NULL));
  g_assert_true (sv_exif_caption_is_junk ("E-M1", "OLYMPUS", "E-M1"));
  g_assert_false (sv_exif_caption_is_junk ("Grandma's birthday", "OLYMPUS", "E-M1"));
}

static void
test_gps (void)
{
  guint32 nums[3] = { 52, 30, 36 }, dens[3] = { 1, 1, 1 };
  guint32 zero[3] = { 1, 0, 1 };
  double v = 0;

  g_assert_true (sv_exif_gps_dms_to_degrees (nums, dens, 3, &v));
  g_assert_cmpfloat_with_epsilon (v, 52.51, 1e-9);
  g_assert_false (sv_exif_gps_dms_to_degrees (nums, zero, 3, &v));
  g_assert_false (sv_exif_gps_dms_to_degrees (nums, dens, 0, &v));

  g_assert_true (sv_exif_gps_finish (52.51, "S", 90, &v));
  g_assert_cmpfloat (v, ==, -52.51);
  g_assert_true (sv_exif_gps_finish (120.0, "W", 180, &v));
  g_assert_cmpfloat (v, ==, -120.0);
  g_assert_true (sv_exif_gps_finish (12.0, NULL, 90, &v));
  g_assert_cmpfloat (v, ==, 12.0);
  g_assert_false (sv_exif_gps_finish (91.0, "N", 90, &v));
  g_assert_false (sv_exif_gps_finish (181.0, "E", 180, &v));
  g_assert_false (sv_exif_gps_finish (NAN, "N", 90, &v));
  g_assert_false (sv_exif_gps_finish (4294967295.0, "N", 90, &v));

  g_assert_true (sv_exif_gps_parse_string ("52 deg 0' 50.00\"", &v));
  g_assert_cmpfloat_with_epsilon (v, 52.0138888889, 1e-9);
  g_assert_true (sv_exif_gps_parse_string ("11.0027777777778", &v));
  g_assert_cmpfloat_with_epsilon (v, 11.0027777777778, 1e-12);
  g_assert_false (sv_exif_gps_parse_string ("north", &v));
}

/* ---- the real files ---- */

typedef struct
{
  const char *file;
  const char *format;
  int width, height, orientation;
  const char *taken;
  const char *camera;
  gboolean gps;
  double lat, lon;
  gboolean applies;
} Expect;

static void
check_expect (const Expect *x)
{
  SvMediaInfo info;

  read_ok (x->file, &info);
  g_assert_cmpstr (info.format, ==, x->format);
  g_assert_cmpint (info.stored_width, ==, x->width);
  g_assert_cmpint (info.stored_height, ==, x->height);
  g_assert_cmpint (info.orientation, ==, x->orientation);
  if (x->taken != NULL)
    g_assert_cmpstr (info.taken_local, ==, x->taken);
  g_assert_cmpstr (info.camera, ==, x->camera);
  g_assert_cmpint (info.has_gps, ==, x->gps);
  if (x->gps)
    {
      g_assert_cmpfloat_with_epsilon (info.latitude, x->lat, 1e-6);
      g_assert_cmpfloat_with_epsilon (info.longitude, x->lon, 1e-6);
    }
  g_assert_cmpint (info.decoder_applies_orientation, ==, x->applies);
  sv_media_info_clear (&info);
}

static void
test_formats (void)
{
  static const Expect cases[] = {
    { "formats/exiv2-IMG_3578.heic", "heif", 4032, 3024, 1, "2020-04-17T10:03:40.031",
      "Apple iPhone XR", FALSE, 0, 0, TRUE },
    /* irot 270: libheif (and so the thumbnailer) gives the upright size */
    { "formats/exiv2-2021-02-13-1929.heic", "heif", 3024, 4032, 6, "2021-02-13T11:03:31.864",
      "Apple iPhone XR", TRUE, 30.5803666666667, -88.0739055555556, TRUE },
    { "formats/libheif-example.heic", "heif", 1280, 854, 1, NULL, NULL, FALSE, 0, 0, TRUE },
    { "formats/exiv2-avif.avif", "avif", 1920, 1080, 1, "2018-08-15T11:37:35.590", NULL, FALSE, 0,
      0, TRUE },
    { "formats/exiv2-avif_exif_xmp.avif", "avif", 120, 120, 1, NULL, NULL, FALSE, 0, 0, TRUE },
    { "formats/exiv2-exiv2-bug1199.webp", "webp", 1200, 800, 1, "2015-07-16T15:38:54.000",
      "Nikon D5300", TRUE, 51.1782816666667, -1.82664, FALSE },
    { "formats/pillow-flower2.webp", "webp", 300, 225, 1, "2013-07-04T17:23:10", NULL, FALSE, 0, 0,
      FALSE },
    { "formats/jxl-flower.png", "png", 2268, 1512, 1, NULL, "Google Pixel 6", TRUE,
      32.6534194444444, -16.8881611111111, FALSE },
    { "formats/jxlcc0-cvo9xd_keong_macan_srgb8.png", "png", 500, 500, 1, "2000-06-27T00:09:04.300",
      "Nikon D7100", FALSE, 0, 0, FALSE },
    { "formats/exiv2-Reagan.tiff", "tiff", 200, 130, 1, "2004-06-21T23:37:53.060", "Nikon D1X",
      FALSE, 0, 0, FALSE },
    { "formats/pillow-sugarshack.mpo", "mpo", 640, 480, 1, "2014-03-02T14:17:39", "Nintendo 3DS",
      FALSE, 0, 0, FALSE },
    { "formats/rawtran-IMG_5952.CR2", "cr2", 3504, 2336, 1, "2009-07-21T13:03:20", "Canon EOS 30D",
      FALSE, 0, 0, FALSE },
    { "formats/exiftool-CanonRaw.cr2", "cr2", 3456, 2304, 1, "2005-08-03T18:59:18",
      "Canon EOS 350D DIGITAL", FALSE, 0, 0, FALSE },
    { "formats/exiftool-DNG.dng", "dng", 3516, 2328, 1, "2005-08-03T18:59:18",
      "Canon EOS 350D DIGITAL", FALSE, 0, 0, FALSE },
    { "formats/exiftool-Nikon.nef", "nef", 3040, 2014, 1, "2004-06-09T16:02:35.000", "Nikon D70",
      FALSE, 0, 0, FALSE },
    { "camera/fsf-IMG_20200124_231153.jpg", "jpeg", 4000, 3000, 3, "2020-01-24T23:11:53.332",
      "Xiaomi Mi A3", TRUE, -15.83567, -48.0155639722222, FALSE },
    { "camera/pixbuf-bug725582-testrotate.jpg", "jpeg", 640, 428, 6, "2013-06-23T16:49:15",
      "Panasonic DMC-GF1", FALSE, 0, 0, FALSE },
    { "camera/gowebp-source.jpg", "jpeg", 900, 562, 1, "2017-10-27T08:38:52", "Pentax K-3 II", TRUE,
      36.5974416666667, -4.50846, FALSE },
    /* an MPF preview segment does not make a Nikon JPEG an MPO */
    { "camera/exiv2-exiv2-bug922a.jpg", "jpeg", 6000, 4000, 1, "2015-02-13T13:51:35.600",
      "Nikon D5300", FALSE, 0, 0, FALSE },
    { "metadata/goexif-geodegrees_as_string.jpg", "jpeg", 205, 102, 1, "2014-04-26T19:09:19",
      "HTC One_M8", TRUE, 52.0138888888889, 11.0027777777778, FALSE },
    { "metadata/jhead-short_date.jpg", "jpeg", 200, 160, 1, "2008-02-15T16:00:00",
      "Digital Camera 1.0", FALSE, 0, 0, FALSE },
    { "metadata/jhead-verizon.jpg", "jpeg", 320, 240, 1, "2009-10-05T11:16:00", "LG VX-9700", FALSE,
      0, 0, FALSE },
    { "metadata/jhead-3dmsc.jpg", "jpeg", 160, 120, 1, "2004-05-09T16:00:21", "3MDSC", FALSE, 0, 0,
      FALSE },
    { "metadata/jhead-minolta-dimage-e223.jpg", "jpeg", 160, 120, 1, "2003-08-27T00:09:15",
      "Minolta DiMAGE E223", FALSE, 0, 0, FALSE },
    /* EXIF-only segments: no image, so no size */
    { "metadata/libexif-canon_makernote_variant_1.jpg", "jpeg", 0, 0, 6, "2009-10-10T16:42:32",
      "Canon PowerShot S70", FALSE, 0, 0, FALSE },
    { "broken/go4-park.heic", "heif", 4032, 3024, 1, "2018-04-07T11:24:11.704", "Apple iPhone 7",
      TRUE, 47.6358333333333, -122.360488888889, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_expect (&cases[i]);
}

static void
test_dates_sources (void)
{
  SvMediaInfo info;
  g_autofree char *path = photo ("metadata/jhead-badyear.jpg");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) finfo =
      g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, 0, NULL, NULL);
  g_autoptr (GDateTime) mtime_utc = g_file_info_get_modification_date_time (finfo);
  g_autoptr (GDateTime) mtime = g_date_time_to_local (mtime_utc);
  g_autofree char *expected = g_date_time_format (mtime, "%Y-%m-%dT%H:%M:%S");

  /* 2106: clock error -> the file time */
  read_ok ("metadata/jhead-badyear.jpg", &info);
  g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_FILE_TIME);
  g_assert_cmpstr (info.taken_local, ==, expected);
  g_assert_true (info.has_utc_offset);
  sv_media_info_clear (&info);

  /* 0000:00:00 00:00:00 is "unknown" */
  read_ok ("metadata/libexif-olympus_makernote_variant_4.jpg", &info);
  g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_FILE_TIME);
  sv_media_info_clear (&info);

  /* offset and subsec */
  read_ok ("camera/digikam-body-background.jpg", &info);
  g_assert_cmpstr (info.taken_local, ==, "2021-11-09T16:09:55.394");
  g_assert_true (info.has_utc_offset);
  g_assert_cmpint (info.utc_offset_minutes, ==, 60);
  g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_EXIF);
  sv_media_info_clear (&info);

  /* XMP only (broken EXIF) with its offset */
  read_ok ("broken/pillow-invalid-exif.jpg", &info);
  g_assert_cmpstr (info.taken_local, ==, "2017-03-13T23:03:09");
  g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_XMP);
  g_assert_true (info.has_utc_offset);
  g_assert_cmpint (info.utc_offset_minutes, ==, -420);
  sv_media_info_clear (&info);

  /* file-name date from memory, no file time */
  {
    g_autofree char *p = photo ("orientation/pillow-hopper.jpg");
    g_autofree char *data = NULL;
    gsize len;
    g_autoptr (GError) error = NULL;
    gboolean ok;

    g_assert_true (g_file_get_contents (p, &data, &len, NULL));
    read_bytes_with ((const guint8 *) data, len, "IMG_20190704_101500.jpg", &info, &error, &ok);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_cmpstr (info.taken_local, ==, "2019-07-04T10:15:00");
    g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_FILE_NAME);
    g_assert_false (info.has_utc_offset);
    sv_media_info_clear (&info);

    read_bytes_with ((const guint8 *) data, len, NULL, &info, &error, &ok);
    g_assert_true (ok);
    g_assert_null (info.taken_local);
    g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_NONE);
    sv_media_info_clear (&info);
  }
}

static void
test_orientation (void)
{
  SvMediaInfo info;

  for (int n = 1; n <= 8; n++)
    {
      g_autofree char *a = g_strdup_printf ("orientation/imaging-orientation_%d.jpg", n);
      g_autofree char *b = g_strdup_printf ("orientation/pillow-hopper_orientation_%d.jpg", n);
      int w, h;

      read_ok (a, &info);
      g_assert_cmpint (info.orientation, ==, n);
      sv_media_info_get_display_size (&info, &w, &h);
      /* the pattern is 50x70 upright */
      g_assert_cmpint (w, ==, 50);
      g_assert_cmpint (h, ==, 70);
      sv_media_info_clear (&info);
      if (n > 1)
        {
          read_ok (b, &info);
          g_assert_cmpint (info.orientation, ==, n);
          sv_media_info_clear (&info);
        }
    }
  read_ok ("orientation/pillow-hopper.jpg", &info);
  g_assert_cmpint (info.orientation, ==, 1);
  sv_media_info_clear (&info);
  /* PNG eXIf chunk after IDAT */
  read_ok ("orientation/pillow-exif_imagemagick_orientation.png", &info);
  g_assert_cmpint (info.orientation, ==, 3);
  sv_media_info_clear (&info);
  /* XMP tiff:Orientation only */
  read_ok ("orientation/pillow-xmp_tags_orientation.png", &info);
  g_assert_cmpint (info.orientation, ==, 3);
  sv_media_info_clear (&info);
  read_ok ("orientation/jhead-two-orientation.jpg", &info);
  g_assert_cmpint (info.orientation, ==, 8);
  sv_media_info_clear (&info);
}

static gboolean
has_keyword (const SvMediaInfo *info, const char *kw)
{
  return info->keywords != NULL && g_strv_contains ((const char *const *) info->keywords, kw);
}

static void
test_xmp_iptc (void)
{
  SvMediaInfo info;

  read_ok ("metadata/exiftool-IPTC.jpg", &info);
  g_assert_cmpstr (info.caption, ==, "A witty caption");
  g_assert_true (has_keyword (&info, "ExifTool"));
  g_assert_true (has_keyword (&info, "Test"));
  g_assert_true (has_keyword (&info, "IPTC"));
  g_assert_cmpuint (g_strv_length (info.keywords), ==, 3);
  sv_media_info_clear (&info);

  read_ok ("metadata/exiftool-XMP.jpg", &info);
  g_assert_cmpstr (info.caption, ==, "A witty caption");
  sv_media_info_clear (&info);

  read_ok ("metadata/jhead-iptc-utf8.jpg", &info);
  g_assert_cmpstr (info.caption, ==, "Blume im Garten (öäüéàè)");
  g_assert_true (has_keyword (&info, "Pflanze"));
  sv_media_info_clear (&info);

  /* XMP and IPTC keywords merged without duplicates (same list in both) */
  read_ok ("formats/exiv2-Reagan.tiff", &info);
  g_assert_cmpuint (g_strv_length (info.keywords), ==, 10);
  g_assert_true (has_keyword (&info, "nimitz-class"));
  g_assert_true (g_str_has_prefix (info.caption, "040621-N-6536T-062\nUSS Ronald Reagan"));
  sv_media_info_clear (&info);

  /* MWG: EXIF description wins, keywords merged */
  read_ok ("metadata/exiftool-MWG.jpg", &info);
  g_assert_cmpstr (info.caption, ==, "RIGHT-EXIF-Description");
  g_assert_true (has_keyword (&info, "RIGHT1of2-XMP-Keywords"));
  sv_media_info_clear (&info);

  /* AVIF: XMP description and rating, EXIF boilerplate ignored */
  read_ok ("formats/exiv2-avif_exif_xmp.avif", &info);
  g_assert_cmpstr (info.caption, ==, "This is a testfile");
  g_assert_cmpint (info.rating, ==, 5);
  sv_media_info_clear (&info);

  /* camera boilerplate and blank descriptions are not captions */
  read_ok ("metadata/jhead-minolta-dimage-e223.jpg", &info);
  g_assert_null (info.caption);
  sv_media_info_clear (&info);
}

static void
test_xmp_parser (void)
{
  static const char packet[] =
      "<?xpacket begin='\xef\xbb\xbf' id='W5M0MpCehiHzreSzNTczkc9d'?>"
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
      "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description xmlns:d='http://purl.org/dc/elements/1.1/' "
      "xmlns:xap='http://ns.adobe.com/xap/1.0/' xap:Rating='4'>"
      "<d:description><rdf:Alt><rdf:li xml:lang='fr'>Plage</rdf:li><rdf:li "
      "xml:lang='x-default'>Beach</rdf:li></rdf:Alt></d:description>"
      "<d:subject><rdf:Bag><rdf:li>sea</rdf:li><rdf:li> sand "
      "</rdf:li><rdf:li/></rdf:Bag></d:subject>"
      "<xap:CreateDate>2021-05-01T10:00:00+02:00</xap:CreateDate>"
      "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>   \n\n";
  static const char evil[] = "<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>";
  SvXmpData xmp;

  sv_xmp_data_init (&xmp);
  g_assert_true (sv_xmp_parse (packet, sizeof packet - 1, &xmp));
  g_assert_cmpstr (xmp.description, ==, "Beach");
  g_assert_cmpuint (xmp.keywords->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (xmp.keywords, 1), ==, "sand");
  g_assert_cmpint (xmp.rating, ==, 4);
  g_assert_cmpstr (xmp.create_date, ==, "2021-05-01T10:00:00+02:00");
  sv_xmp_data_clear (&xmp);

  /* no entity expansion: an error, not a billion laughs */
  sv_xmp_data_init (&xmp);
  g_assert_false (sv_xmp_parse (evil, sizeof evil - 1, &xmp));
  sv_xmp_data_clear (&xmp);

  /* deep nesting stops */
  {
    GString *deep = g_string_new (NULL);
    for (int i = 0; i < 5000; i++)
      g_string_append (deep, "<a>");
    sv_xmp_data_init (&xmp);
    g_assert_false (sv_xmp_parse (deep->str, deep->len, &xmp));
    sv_xmp_data_clear (&xmp);
    g_string_free (deep, TRUE);
  }
}

static void
test_iptc_parser (void)
{
  /* 1:90 UTF-8, 2:25 twice, 2:120; then an extended-length dataset that lies */
  static const guint8 iim[] = {
    0x1C, 1,    90,  0,   3,    0x1B, '%',  'G',  0x1C, 2,    25,   0,    3,    'c', 'a',
    't',  0x1C, 2,   25,  0,    6,    0xC3, 0xA9, 't',  0xC3, 0xA9, ' ',  0x1C, 2,   120,
    0,    2,    'h', 'i', 0x1C, 2,    25,   0x80, 0x04, 0xFF, 0xFF, 0xFF, 0xFF,
  };
  static const guint8 latin1[] = { 0x1C, 2, 120, 0, 3, 'd', 0xE9, 'j' };
  SvIptcData iptc;

  sv_iptc_data_init (&iptc);
  g_assert_true (sv_iptc_parse_iim (iim, sizeof iim, &iptc));
  g_assert_cmpstr (iptc.caption, ==, "hi");
  g_assert_cmpuint (iptc.keywords->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (iptc.keywords, 1), ==, "été");
  sv_iptc_data_clear (&iptc);

  sv_iptc_data_init (&iptc);
  g_assert_true (sv_iptc_parse_iim (latin1, sizeof latin1, &iptc));
  g_assert_cmpstr (iptc.caption, ==, "déj");
  sv_iptc_data_clear (&iptc);
}

/* ---- errors and hostile input ---- */

static void
test_unsupported (void)
{
  SvMediaInfo info;
  g_autoptr (GError) error = NULL;
  g_autofree char *jxl = photo ("formats/exiv2-Reagan.jxl");
  g_autofree char *raf = photo ("formats/exiftool-FujiFilm.raf");
  g_autofree char *readme = photo ("README.md");
  g_autofree char *missing = photo ("no-such-file.jpg");

  sv_media_info_init (&info);
  g_assert_false (sv_metadata_read_file (jxl, &info, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "exiv2-Reagan.jxl"));
  g_assert_cmpstr (info.format, ==, "jxl");
  g_clear_error (&error);
  sv_media_info_clear (&info);

  g_assert_false (sv_metadata_read_file (raf, &info, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "RAF"));
  g_clear_error (&error);
  sv_media_info_clear (&info);

  g_assert_false (sv_metadata_read_file (readme, &info, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  sv_media_info_clear (&info);

  g_assert_false (sv_metadata_read_file (missing, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  sv_media_info_clear (&info);

  g_assert_false (sv_metadata_read_file (SV_PHOTOS_DIR, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  sv_media_info_clear (&info);

  g_assert_true (sv_metadata_format_is_supported ("jpeg"));
  g_assert_true (sv_metadata_format_is_supported ("heif"));
  g_assert_true (sv_metadata_format_is_supported ("nef"));
  g_assert_false (sv_metadata_format_is_supported ("jxl"));
  g_assert_false (sv_metadata_format_is_supported ("raf"));
  g_assert_false (sv_metadata_format_is_supported (NULL));
}

static void
test_sniff (void)
{
  static const struct
  {
    const char *file, *id, *mime;
  } cases[] = {
    { "camera/jhead-S40.jpg", "jpeg", "image/jpeg" },
    { "formats/exiv2-IMG_3578.heic", "heif", "image/heic" },
    { "formats/exiv2-avif.avif", "avif", "image/avif" },
    { "formats/exiv2-Reagan.jxl", "jxl", "image/jxl" },
    { "formats/exiv2-Reagan.tiff", "tiff", "image/tiff" },
    { "formats/exiftool-Nikon.nef", "nef", "image/x-nikon-nef" },
    { "formats/exiftool-DNG.dng", "dng", "image/x-adobe-dng" },
    { "formats/exiftool-CanonRaw.cr2", "cr2", "image/x-canon-cr2" },
    { "formats/exiftool-FujiFilm.raf", "raf", "image/x-fuji-raf" },
    { "formats/pillow-flower2.webp", "webp", "image/webp" },
    { "faces/skimage-camera.png", "png", "image/png" },
    /* exiftool says DNG (its EXIF has DNG tags) but the file is a JPEG */
    { "broken/exiv2-exiv2-bug855.jpg", "jpeg", "image/jpeg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = photo (cases[i].file);
      g_autofree char *data = NULL;
      gsize len;
      const char *mime = NULL;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpstr (sv_metadata_sniff_format ((const guint8 *) data, MIN (len, 4096), &mime), ==,
                       cases[i].id);
      g_assert_cmpstr (mime, ==, cases[i].mime);
    }
  g_assert_null (sv_metadata_sniff_format ((const guint8 *) "hello", 5, NULL));
  g_assert_null (sv_metadata_sniff_format (NULL, 0, NULL));
}

/* Every file in broken/: no crash, and the outcome fits the manifest. */
static void
test_broken (void)
{
  g_autofree char *manifest_path = photo ("MANIFEST.tsv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (manifest_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autoptr (GError) error = NULL;
      SvMediaInfo info;
      gboolean ok;
      const char *expect;

      if (g_strv_length (cols) < 11 || !g_str_has_prefix (cols[0], "broken/"))
        continue;
      expect = strstr (cols[9], "expect=");
      path = photo (cols[0]);
      sv_media_info_init (&info);
      ok = sv_metadata_read_file (path, &info, &error);
      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SV_ERROR);
          g_assert_true (error->code == SV_ERROR_CORRUPT || error->code == SV_ERROR_UNSUPPORTED);
          /* an error names the file */
          g_assert_nonnull (strstr (error->message, strrchr (cols[0], '/') + 1));
        }
      if (expect != NULL && g_str_has_prefix (expect, "expect=metadata-only"))
        {
          /* no decodable image, but the metadata is there */
          g_assert_true (ok);
          g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_EXIF);
        }
      else if (expect != NULL && g_str_has_prefix (expect, "expect=reject-or-limit"))
        {
          /* read the declared size so that the thumbnailer can refuse it */
          g_assert_true (ok);
          g_assert_cmpint ((gint64) info.stored_width * info.stored_height, >, 100000000);
        }
      else if (expect == NULL)
        g_assert_true (ok); /* pillow-empty_gps_ifd.jpg: valid */
      if (ok)
        {
          g_assert_true (info.orientation >= 1 && info.orientation <= 8);
          g_assert_true (info.stored_width >= 0 && info.stored_height >= 0);
          if (info.has_gps)
            g_assert_true (fabs (info.latitude) <= 90 && fabs (info.longitude) <= 180);
          if (info.camera != NULL)
            g_assert_true (g_utf8_validate (info.camera, -1, NULL));
          if (info.caption != NULL)
            g_assert_true (g_utf8_validate (info.caption, -1, NULL));
        }
      sv_media_info_clear (&info);
      n++;
    }
  g_assert_cmpuint (n, ==, 31);
}

/* read_bytes agrees with read_file on every test photo. */
static void
test_bytes_match_file (void)
{
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  g_ptr_array_add (dirs, g_strdup (SV_PHOTOS_DIR));
  while (dirs->len > 0)
    {
      g_autofree char *dir = g_ptr_array_steal_index (dirs, dirs->len - 1);
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree char *data = NULL;
          gsize len;
          SvMediaInfo a, b;
          gboolean oka, okb;

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              if (strcmp (name, "LICENSES") != 0)
                g_ptr_array_add (dirs, g_steal_pointer (&path));
              continue;
            }
          g_assert_true (g_file_get_contents (path, &data, &len, NULL));
          sv_media_info_init (&a);
          sv_media_info_init (&b);
          oka = sv_metadata_read_file (path, &a, NULL);
          okb = sv_metadata_read_bytes ((const guint8 *) data, len, name, &b, NULL);
          g_assert_cmpint (oka, ==, okb);
          g_assert_cmpstr (a.format, ==, b.format);
          g_assert_cmpint (a.stored_width, ==, b.stored_width);
          g_assert_cmpint (a.stored_height, ==, b.stored_height);
          g_assert_cmpint (a.orientation, ==, b.orientation);
          g_assert_cmpstr (a.camera, ==, b.camera);
          g_assert_cmpint (a.has_gps, ==, b.has_gps);
          g_assert_cmpstr (a.caption, ==, b.caption);
          if (a.date_source != SV_DATE_SOURCE_FILE_TIME)
            g_assert_cmpstr (a.taken_local, ==, b.taken_local);
          sv_media_info_clear (&a);
          sv_media_info_clear (&b);
          n++;
        }
    }
  g_assert_cmpuint (n, >=, 190);
}

/* Runs the reader on @data under several names; it must not crash and
 * must either fail with an error or give sane values. */
static void
check_hostile (const guint8 *data, gsize len)
{
  static const char *const names[] = { "x.jpg", "IMG_20200101_101010.png", NULL, "x.webp",
                                       "x.tif" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SvMediaInfo info;
      g_autoptr (GError) error = NULL;

      sv_media_info_init (&info);
      if (sv_metadata_read_bytes (data, len, names[i], &info, &error))
        {
          g_assert_no_error (error);
          g_assert_true (info.orientation >= 1 && info.orientation <= 8);
          if (info.has_gps)
            g_assert_true (fabs (info.latitude) <= 90 && fabs (info.longitude) <= 180);
        }
      else
        g_assert_nonnull (error);
      sv_media_info_clear (&info);
    }
}

static GBytes *
load (const char *rel)
{
  g_autofree char *path = photo (rel);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

static void
test_malformed (void)
{
  g_autoptr (GBytes) jpeg = load ("camera/exiv2-FurnaceCreekInn.jpg");
  g_autoptr (GBytes) png = load ("formats/jxlcc0-cvo9xd_keong_macan_srgb8.png");
  g_autoptr (GBytes) webp = load ("formats/exiv2-exiv2-bug1199.webp");
  gsize jlen, plen, wlen;
  const guint8 *j = g_bytes_get_data (jpeg, &jlen);
  const guint8 *p = g_bytes_get_data (png, &plen);
  const guint8 *w = g_bytes_get_data (webp, &wlen);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  SvMediaInfo info;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  /* zero bytes */
  read_bytes_with ((const guint8 *) "", 0, "empty.jpg", &info, &error, &ok);
  g_assert_false (ok);
  g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
  g_clear_error (&error);
  sv_media_info_clear (&info);

  /* random bytes named .jpg: corrupt; named .txt: not an image */
  {
    guint8 noise[4096];
    for (guint i = 0; i < sizeof noise; i++)
      noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
    noise[0] = 'x';
    read_bytes_with (noise, sizeof noise, "noise.jpg", &info, &error, &ok);
    g_assert_false (ok);
    g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
    g_clear_error (&error);
    sv_media_info_clear (&info);
    read_bytes_with (noise, sizeof noise, "noise.txt", &info, &error, &ok);
    g_assert_false (ok);
    g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    sv_media_info_clear (&info);
    /* JPEG magic then noise */
    noise[0] = 0xFF;
    noise[1] = 0xD8;
    noise[2] = 0xFF;
    check_hostile (noise, sizeof noise);
  }

  /* a JPEG truncated at many offsets; past the EXIF segment the metadata
   * is all there */
  for (gsize cut = 0; cut < jlen; cut += (cut < 2048 ? 7 : 997))
    {
      check_hostile (j, cut);
      if (cut > 20000)
        {
          read_bytes_with (j, cut, "x.jpg", &info, &error, &ok);
          g_assert_no_error (error);
          g_assert_cmpstr (info.taken_local, ==, "2008-05-08T09:54:28");
          sv_media_info_clear (&info);
        }
    }

  /* EXIF with offsets pointing outside and an IFD pointing to itself */
  {
    guint8 tiff[64] = { 'I', 'I', 42, 0, 8, 0, 0, 0 };
    guint8 *bad;
    /* IFD0 at 8: 2 entries, next IFD = 8 (itself) */
    guint8 ifd[] = {
      2,    0,    0x0F, 0x01, 2, 0, 200, 0, 0, 0, 0xF0, 0xFF,
      0xFF, 0xFF,                                          /* Make, 200 bytes at 0xFFFFFFF0 */
      0x69, 0x87, 4,    0,    1, 0, 0,   0, 8, 0, 0,    0, /* ExifIFD -> IFD0 again */
      8,    0,    0,    0,
    };
    SvExifFields f;
    SvTiffInfo ti;

    memcpy (tiff + 8, ifd, sizeof ifd);
    sv_exif_fields_init (&f);
    g_assert_true (sv_tiff_read_bytes (tiff, sizeof tiff, &f, &ti));
    g_assert_true (ti.loop_detected);
    g_assert_null (f.make);
    sv_exif_fields_clear (&f);

    /* the same as a JPEG APP1 segment, through libexif */
    bad = g_malloc (jlen + 80);
    memcpy (bad,
            "\xFF\xD8\xFF\xE1\x00\x48"
            "Exif\0\0",
            12);
    memcpy (bad + 12, tiff, 64);
    memcpy (bad + 76, j + 2, jlen - 2);
    check_hostile (bad, jlen + 74);
    read_bytes_with (bad, jlen + 74, "x.jpg", &info, &error, &ok);
    g_assert_true (ok);
    g_assert_cmpint (info.stored_width, ==, 400);
    sv_media_info_clear (&info);
    g_free (bad);
  }

  /* a PNG whose eXIf chunk length lies (past the end of the file) */
  {
    guint8 *bad = g_memdup2 (p, plen);
    gsize pos = 8;
    gboolean found = FALSE;

    while (pos + 8 < plen)
      {
        guint32 len =
            (guint32) bad[pos] << 24 | bad[pos + 1] << 16 | bad[pos + 2] << 8 | bad[pos + 3];
        if (memcmp (bad + pos + 4, "eXIf", 4) == 0 || memcmp (bad + pos + 4, "zTXt", 4) == 0)
          {
            bad[pos] = 0x7F;
            found = TRUE;
          }
        pos += 12 + len;
      }
    /* this file keeps its EXIF in a zTXt raw profile; lie in any case */
    g_assert_true (found);
    check_hostile (bad, plen);
    read_bytes_with (bad, plen, "x.png", &info, &error, &ok);
    g_assert_true (ok);
    g_assert_cmpint (info.stored_width, ==, 500);
    sv_media_info_clear (&info);
    g_free (bad);

    /* a real eXIf chunk whose length lies */
    {
      static const guint8 head[] = { 0x89, 'P',  'N',  'G',  '\r', '\n', 0x1A, '\n', 0,   0,   0,
                                     13,   'I',  'H',  'D',  'R',  0,    0,    0,    1,   0,   0,
                                     0,    1,    8,    0,    0,    0,    0,    0,    0,   0,   0,
                                     0x7F, 0xFF, 0xFF, 0xFF, 'e',  'X',  'I',  'f',  'M', 'M', 0,
                                     42,   0,    0,    0,    8,    0,    1 };
      check_hostile (head, sizeof head);
      read_bytes_with (head, sizeof head, "x.png", &info, &error, &ok);
      g_assert_true (ok);
      g_assert_cmpint (info.stored_width, ==, 1);
      sv_media_info_clear (&info);
    }
  }

  /* WebP with a chunk size past the end of the file */
  {
    guint8 *bad = g_memdup2 (w, wlen);
    /* first chunk after the header is VP8X at 12; make the ICCP chunk huge */
    bad[30 + 4] = 0xFF;
    bad[30 + 5] = 0xFF;
    bad[30 + 6] = 0xFF;
    bad[30 + 7] = 0x7F;
    check_hostile (bad, wlen);
    read_bytes_with (bad, wlen, "x.webp", &info, &error, &ok);
    g_assert_true (ok);
    g_assert_cmpint (info.stored_width, ==, 1200);
    sv_media_info_clear (&info);
    g_free (bad);
  }

  /* random bit flips in real files */
  {
    g_autoptr (GBytes) heic = load ("formats/exiv2-2021-02-13-1929.heic");
    GBytes *files[] = { jpeg, png, webp, heic };

    for (guint f = 0; f < G_N_ELEMENTS (files); f++)
      {
        gsize len;
        const guint8 *src = g_bytes_get_data (files[f], &len);
        gsize limit = MIN (len, 65536);

        for (guint round = 0; round < 30; round++)
          {
            guint8 *copy = g_memdup2 (src, limit);
            for (guint k = 0; k < 20; k++)
              copy[g_rand_int_range (rand, 0, (gint32) limit)] =
                  (guint8) g_rand_int_range (rand, 0, 256);
            check_hostile (copy, limit);
            g_free (copy);
          }
      }
  }
}

static void
test_raw_profile (void)
{
  static const char text[] = "\nexif\n      8\n4d4d002a\n00000008\n";
  g_autoptr (GBytes) b = sv_container_decode_raw_profile (text, sizeof text - 1);
  gsize len;
  const guint8 *p;

  g_assert_nonnull (b);
  p = g_bytes_get_data (b, &len);
  g_assert_cmpuint (len, ==, 8);
  g_assert_cmpint (p[0], ==, 'M');
  g_assert_cmpint (p[7], ==, 8);
  /* length larger than the hex digits */
  g_assert_null (sv_container_decode_raw_profile ("\nexif\n 999\nabcd\n", 16));
  g_assert_null (sv_container_decode_raw_profile ("\nexif\n 4\nzz\n", 12));
}

/* Sizes from the headers we have no test photo for: WebP VP8 and VP8L
 * without VP8X, GIF, BMP (both row orders). */
static void
test_small_formats (void)
{
  static const guint8 vp8l[] = { 'R', 'I', 'F', 'F', 17, 0, 0, 0,    'W', 'E',  'B',  'P',  'V',
                                 'P', '8', 'L', 5,   0,  0, 0, 0x2F, 99,  0x40, 0x0C, 0x00, 0 };
  static const guint8 vp8[] = { 'R',  'I',  'F',  'F',  22,   0,    0,    0,    'W',  'E',
                                'B',  'P',  'V',  'P',  '8',  ' ',  10,   0,    0,    0,
                                0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00 };
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x20, 0x03, 0x58, 0x02, 0, 0, 0 };
  guint8 bmp[54] = { 'B', 'M' };
  SvMediaInfo info;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  read_bytes_with (vp8l, sizeof vp8l, "a.webp", &info, &error, &ok);
  g_assert_no_error (error);
  g_assert_cmpint (info.stored_width, ==, 100);
  g_assert_cmpint (info.stored_height, ==, 50);
  sv_media_info_clear (&info);

  read_bytes_with (vp8, sizeof vp8, "a.webp", &info, &error, &ok);
  g_assert_no_error (error);
  g_assert_cmpint (info.stored_width, ==, 320);
  g_assert_cmpint (info.stored_height, ==, 240);
  sv_media_info_clear (&info);

  read_bytes_with (gif, sizeof gif, "a.gif", &info, &error, &ok);
  g_assert_no_error (error);
  g_assert_cmpstr (info.format, ==, "gif");
  g_assert_cmpint (info.stored_width, ==, 800);
  g_assert_cmpint (info.stored_height, ==, 600);
  sv_media_info_clear (&info);

  bmp[14] = 40;                                                   /* BITMAPINFOHEADER */
  bmp[18] = 0x40, bmp[19] = 0x01;                                 /* width 320 */
  bmp[22] = 0x10, bmp[23] = 0xFF, bmp[24] = 0xFF, bmp[25] = 0xFF; /* height -240: top-down */
  read_bytes_with (bmp, sizeof bmp, "a.bmp", &info, &error, &ok);
  g_assert_no_error (error);
  g_assert_cmpstr (info.format, ==, "bmp");
  g_assert_cmpint (info.stored_width, ==, 320);
  g_assert_cmpint (info.stored_height, ==, 240);
  sv_media_info_clear (&info);

  /* video containers are recognised and refused */
  {
    static const guint8 mp4[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
                                  0, 0, 2, 0,    'i', 's', 'o', 'm', 'm', 'p', '4', '1' };
    read_bytes_with (mp4, sizeof mp4, "clip.mp4", &info, &error, &ok);
    g_assert_false (ok);
    g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
    g_assert_cmpint (info.kind, ==, SV_MEDIA_KIND_VIDEO);
    g_clear_error (&error);
    sv_media_info_clear (&info);
  }
}

/* Header reads only: the 7 MB JPEG, the 7.5 MB CR2 and the 4.3 MB PNG
 * cost a few kilobytes each. */
static void
test_reads_are_small (void)
{
  static const struct
  {
    const char *file;
    guint64 max_read;
  } cases[] = {
    { "camera/exiv2-exiv2-bug922a.jpg", 128 * 1024 },
    { "formats/rawtran-IMG_5952.CR2", 64 * 1024 },
    { "formats/jxl-flower.png", 128 * 1024 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = photo (cases[i].file);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GError) error = NULL;
      SvByteSource src;
      SvContainerData c;
      SvExifFields f;
      gboolean ok;

      g_assert_true (sv_byte_source_init_file (&src, file, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (src.size, >, 4 * 1024 * 1024);
      sv_container_data_init (&c);
      sv_exif_fields_init (&f);
      if (g_str_has_suffix (cases[i].file, ".jpg"))
        ok = sv_container_read_jpeg (&src, &c);
      else if (g_str_has_suffix (cases[i].file, ".png"))
        ok = sv_container_read_png (&src, &c);
      else
        ok = sv_tiff_read (&src, 0, &f, NULL);
      g_assert_true (ok);
      g_assert_null (src.error);
      g_assert_cmpuint (SV_BYTE_SOURCE_DEFAULT_BUDGET - src.budget, <, cases[i].max_read);
      sv_exif_fields_clear (&f);
      sv_container_data_clear (&c);
      sv_byte_source_clear (&src);
    }
}

/* Inputs found by the fuzzers, kept as regression tests. */
static void
test_regressions (void)
{
  g_autofree char *dir =
      g_build_filename (SV_SOURCE_ROOT, "tests", "metadata", "regressions", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      check_hostile ((const guint8 *) data, len);
      {
        SvExifFields f;
        sv_exif_fields_init (&f);
        sv_tiff_read_bytes ((const guint8 *) data, len, &f, NULL);
        sv_exif_fields_clear (&f);
      }
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/metadata/camera-name", test_camera_names);
  g_test_add_func ("/core/metadata/camera-name-manifest", test_camera_names_manifest);
  g_test_add_func ("/core/metadata/filename-date", test_filename_dates);
  g_test_add_func ("/core/metadata/exif-dates", test_exif_dates);
  g_test_add_func ("/core/metadata/gps", test_gps);
  g_test_add_func ("/core/metadata/formats", test_formats);
  g_test_add_func ("/core/metadata/date-sources", test_dates_sources);
  g_test_add_func ("/core/metadata/orientation", test_orientation);
  g_test_add_func ("/core/metadata/xmp-iptc", test_xmp_iptc);
  g_test_add_func ("/core/metadata/xmp-parser", test_xmp_parser);
  g_test_add_func ("/core/metadata/iptc-parser", test_iptc_parser);
  g_test_add_func ("/core/metadata/raw-profile", test_raw_profile);
  g_test_add_func ("/core/metadata/unsupported", test_unsupported);
  g_test_add_func ("/core/metadata/sniff", test_sniff);
  g_test_add_func ("/core/metadata/broken", test_broken);
  g_test_add_func ("/core/metadata/bytes-match-file", test_bytes_match_file);
  g_test_add_func ("/core/metadata/malformed", test_malformed);
  g_test_add_func ("/core/metadata/small-formats", test_small_formats);
  g_test_add_func ("/core/metadata/reads-are-small", test_reads_are_small);
  g_test_add_func ("/core/metadata/regressions", test_regressions);

  return g_test_run ();
}
