/* test-formats.c: videos (GStreamer) and camera RAW files (libraw), read on
 * their own and imported.
 *
 * The test data has no videos: the clips are made here with gst-launch-1.0
 * and videotestsrc (H.264 in MP4 with an MP3 track, Motion JPEG in MOV and
 * AVI, VP8 in WebM and Matroska), their creation dates written into the
 * containers (QuickTime mvhd, Matroska DateUTC) the way cameras do. The RAW
 * files are the test data's (a full Canon EOS 30D CR2 with its preview, a
 * reduced Fujifilm RAF with a 160 x 120 one); the JPEG half of a RAW+JPEG
 * pair is made with exiftool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sv-catalogue.h"
#include "sv-error.h"
#include "sv-importer.h"
#include "sv-media-reader.h"
#include "sv-raw-reader.h"
#include "sv-test-mime.h"
#include "sv-thumbnailer.h"
#include "sv-video.h"

/* Clips made once for the whole program. */
static char *clips_dir;

#define CLIP_WIDTH 320
#define CLIP_HEIGHT 240
#define CLIP_FRAMES 60 /* 2 s at 30 frames/s */

/* 2023-07-14 13:30:00 UTC: 15:30 in Paris (CEST, +02:00). */
#define CLIP_UTC_UNIX G_GINT64_CONSTANT (1689341400)

static char *
run_tool (const char *const *argv, GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
gst_launch (const char *pipeline_text)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *out = NULL;
  g_auto (GStrv) words = NULL;

  g_assert_true (g_shell_parse_argv (pipeline_text, NULL, &words, NULL));
  g_strv_builder_add_many (builder, "gst-launch-1.0", "-q", "-e", NULL);
  g_strv_builder_addv (builder, (const char **) words);
  args = g_strv_builder_end (builder);
  out = run_tool ((const char *const *) args, &error);
  g_assert_no_error (error);
}

static char *
clip_path (const char *name)
{
  return g_build_filename (clips_dir, name, NULL);
}

static guint8 *
read_all (const char *path, gsize *len)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return (guint8 *) data;
}

static void
write_all (const char *path, const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) len, &error));
  g_assert_no_error (error);
}

static const guint8 *
find_bytes (const guint8 *data, gsize len, const void *needle, gsize n)
{
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

/* QuickTime: the movie header's creation time, seconds since 1904 (UTC). */
static void
set_quicktime_date (const char *path, gint64 unix_seconds)
{
  gsize len;
  g_autofree guint8 *data = read_all (path, &len);
  guint8 *mvhd = (guint8 *) find_bytes (data, len, "mvhd", 4);
  guint32 t = (guint32) (unix_seconds + G_GINT64_CONSTANT (2082844800));

  g_assert_nonnull (mvhd);
  g_assert_cmpint (mvhd[4], ==, 0); /* version 0: 32-bit times */
  for (int i = 0; i < 4; i++)
    {
      mvhd[8 + i] = (guint8) (t >> (24 - 8 * i));  /* creation */
      mvhd[12 + i] = (guint8) (t >> (24 - 8 * i)); /* modification */
    }
  write_all (path, data, len);
}

/* Matroska: DateUTC (ID 0x4461, 8 bytes), nanoseconds since 2001 (UTC). */
static void
set_matroska_date (const char *path, gint64 unix_seconds)
{
  gsize len;
  g_autofree guint8 *data = read_all (path, &len);
  guint8 *el = (guint8 *) find_bytes (data, len, "\x44\x61\x88", 3);
  gint64 ns = (unix_seconds - G_GINT64_CONSTANT (978307200)) * G_GINT64_CONSTANT (1000000000);

  g_assert_nonnull (el);
  for (int i = 0; i < 8; i++)
    el[3 + i] = (guint8) ((guint64) ns >> (56 - 8 * i));
  write_all (path, data, len);
}

#define SRC "videotestsrc num-buffers=60 ! video/x-raw,width=320,height=240,framerate=30/1"

static void
ensure_clips (void)
{
  g_autofree char *mp4 = NULL, *mov = NULL, *webm = NULL, *mkv = NULL, *avi = NULL;
  g_autofree char *cut_mp4 = NULL, *cut_mov = NULL, *cmd = NULL;
  g_autofree guint8 *data = NULL;
  gsize len;

  if (g_file_test (clips_dir, G_FILE_TEST_IS_DIR))
    return;
  g_assert_cmpint (g_mkdir_with_parents (clips_dir, 0700), ==, 0);

  mp4 = clip_path ("phone.mp4");
  cmd = g_strdup_printf (SRC " ! openh264enc ! h264parse ! mp4mux name=mux ! filesink location=%s"
                             " audiotestsrc num-buffers=80 ! lamemp3enc ! mux.",
                         mp4);
  gst_launch (cmd);
  set_quicktime_date (mp4, CLIP_UTC_UNIX);
  g_clear_pointer (&cmd, g_free);

  mov = clip_path ("camera.mov");
  cmd = g_strdup_printf (SRC " ! jpegenc ! qtmux ! filesink location=%s", mov);
  gst_launch (cmd);
  set_quicktime_date (mov, CLIP_UTC_UNIX);
  g_clear_pointer (&cmd, g_free);

  webm = clip_path ("screen.webm");
  cmd = g_strdup_printf (SRC " ! vp8enc deadline=1 ! webmmux ! filesink location=%s", webm);
  gst_launch (cmd);
  set_matroska_date (webm, CLIP_UTC_UNIX);
  g_clear_pointer (&cmd, g_free);

  mkv = clip_path ("film.mkv");
  cmd = g_strdup_printf (SRC " ! vp8enc deadline=1 ! matroskamux ! filesink location=%s", mkv);
  gst_launch (cmd);
  set_matroska_date (mkv, CLIP_UTC_UNIX);
  g_clear_pointer (&cmd, g_free);

  /* AVI has no creation time: the date comes from the file name. */
  avi = clip_path ("VID_20230714_153000.avi");
  cmd = g_strdup_printf (SRC " ! jpegenc ! avimux ! filesink location=%s", avi);
  gst_launch (cmd);
  g_clear_pointer (&cmd, g_free);

  /* Truncated: an MP4 without its index (written at the end), a MOV cut
   * in its first frames. */
  data = read_all (mp4, &len);
  cut_mp4 = clip_path ("cut.mp4");
  write_all (cut_mp4, data, len / 2);
  g_clear_pointer (&data, g_free);
  data = read_all (mov, &len);
  cut_mov = clip_path ("cut.mov");
  write_all (cut_mov, data, MIN (len, (gsize) 30000));
}

/* Mean and standard deviation of the luminance: a poster frame of colour
 * bars is neither black nor flat. */
static void
assert_not_blank (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), n = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  double sum = 0, sum2 = 0, mean, sd;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = px + (gsize) y * stride + (gsize) x * n;
        double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];

        sum += l;
        sum2 += l * l;
      }
  mean = sum / ((double) w * h);
  sd = sqrt (MAX (0, sum2 / ((double) w * h) - mean * mean));
  g_test_message ("luminance mean %.1f, sd %.1f", mean, sd);
  g_assert_cmpfloat (mean, >, 20);
  g_assert_cmpfloat (mean, <, 235);
  g_assert_cmpfloat (sd, >, 20);
}

/* ---- videos on their own ---- */

typedef struct
{
  const char *name;
  const char *format;
  const char *mime;
  const char *taken; /* local time in Paris */
  SvDateSource source;
} ClipCase;

static const ClipCase clip_cases[] = {
  { "phone.mp4", "mp4", "video/mp4", "2023-07-14T15:30:00", SV_DATE_SOURCE_EXIF },
  { "camera.mov", "mov", "video/quicktime", "2023-07-14T15:30:00", SV_DATE_SOURCE_EXIF },
  { "screen.webm", "webm", "video/webm", "2023-07-14T15:30:00", SV_DATE_SOURCE_EXIF },
  { "film.mkv", "mkv", "video/x-matroska", "2023-07-14T15:30:00", SV_DATE_SOURCE_EXIF },
  { "VID_20230714_153000.avi", "avi", "video/x-msvideo", "2023-07-14T15:30:00",
    SV_DATE_SOURCE_FILE_NAME },
};

static void
test_video_info (void)
{
  ensure_clips ();

  for (guint i = 0; i < G_N_ELEMENTS (clip_cases); i++)
    {
      const ClipCase *c = &clip_cases[i];
      g_autofree char *path = clip_path (c->name);
      g_autoptr (GError) error = NULL;
      SvMediaInfo info;

      g_test_message ("%s", c->name);
      g_assert_cmpint (sv_media_reader_classify (path), ==, SV_MEDIA_FILE_VIDEO);
      sv_media_info_init (&info);
      g_assert_true (sv_media_reader_read_file (path, &info, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.kind, ==, SV_MEDIA_KIND_VIDEO);
      g_assert_cmpstr (info.format, ==, c->format);
      g_assert_cmpstr (info.mime_type, ==, c->mime);
      g_assert_cmpint (info.stored_width, ==, CLIP_WIDTH);
      g_assert_cmpint (info.stored_height, ==, CLIP_HEIGHT);
      g_assert_cmpint (info.orientation, ==, 1);
      /* 60 frames at 30 frames/s (the MP4's MP3 track is a little longer). */
      g_assert_cmpint (info.duration_usec, >=, 1900 * 1000);
      g_assert_cmpint (info.duration_usec, <=, 2700 * 1000);
      g_assert_cmpstr (info.taken_local, ==, c->taken);
      g_assert_cmpint (info.date_source, ==, c->source);
      if (c->source == SV_DATE_SOURCE_EXIF)
        {
          gint64 utc = 0;

          /* Stored in UTC, shown in local time with its offset. */
          g_assert_true (info.has_utc_offset);
          g_assert_cmpint (info.utc_offset_minutes, ==, 120);
          g_assert_true (sv_media_info_get_taken_utc (&info, &utc));
          g_assert_cmpint (utc, ==, CLIP_UTC_UNIX * G_USEC_PER_SEC);
        }
      sv_media_info_clear (&info);
    }
}

static void
test_video_frame (void)
{
  ensure_clips ();

  for (guint i = 0; i < G_N_ELEMENTS (clip_cases); i++)
    {
      g_autofree char *path = clip_path (clip_cases[i].name);
      g_autoptr (GError) error = NULL;
      g_autoptr (GdkPixbuf) frame = NULL;
      int w = 0, h = 0;

      g_test_message ("%s", clip_cases[i].name);
      frame = sv_video_grab_frame (path, 0, &w, &h, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (frame);
      g_assert_cmpint (w, ==, CLIP_WIDTH);
      g_assert_cmpint (h, ==, CLIP_HEIGHT);
      g_assert_cmpint (gdk_pixbuf_get_width (frame), ==, CLIP_WIDTH);
      assert_not_blank (frame);
    }

  /* The pixel limit is checked before a thumbnail is made. */
  {
    g_autofree char *path = clip_path ("camera.mov");
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkPixbuf) frame = sv_video_grab_frame (path, 1000, NULL, NULL, NULL, &error);

    g_assert_null (frame);
    g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  }
}

static void
test_video_broken (void)
{
  const char *const names[] = { "cut.mp4", "cut.mov" };

  ensure_clips ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = clip_path (names[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) frame_error = NULL;
      g_autoptr (GdkPixbuf) frame = NULL;
      gint64 start = g_get_monotonic_time ();
      SvMediaInfo info;
      gboolean ok;

      sv_media_info_init (&info);
      ok = sv_media_reader_read_file (path, &info, NULL, &error);
      g_test_message ("%s: %s", names[i], ok ? "read" : error->message);
      g_assert_false (ok);
      g_assert_error (error, SV_ERROR, SV_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, names[i]));
      sv_media_info_clear (&info);

      frame = sv_video_grab_frame (path, 0, NULL, NULL, NULL, &frame_error);
      g_assert_null (frame);
      g_assert_error (frame_error, SV_ERROR, SV_ERROR_CORRUPT);
      g_assert_nonnull (strstr (frame_error->message, names[i]));

      /* No hang: well within the timeout. */
      g_assert_cmpint (g_get_monotonic_time () - start, <,
                       SV_VIDEO_DEFAULT_TIMEOUT_SECONDS * G_USEC_PER_SEC);
    }

  /* Not a video at all, named like one. */
  {
    g_autofree char *path = clip_path ("noise.mp4");
    g_autoptr (GError) error = NULL;
    guint8 noise[4096];
    SvMediaInfo info;

    for (guint i = 0; i < sizeof noise; i++)
      noise[i] = (guint8) g_test_rand_int_range (0, 256);
    memcpy (noise,
            "\0\0\0\x18"
            "ftypisom",
            12); /* looks like MP4 at first */
    write_all (path, noise, sizeof noise);
    sv_media_info_init (&info);
    g_assert_false (sv_media_reader_read_file (path, &info, NULL, &error));
    g_assert_nonnull (error);
    g_assert_true (error->domain == SV_ERROR);
    g_assert_nonnull (strstr (error->message, "noise.mp4"));
    sv_media_info_clear (&info);
  }
}

/* ---- RAW files on their own ---- */

static void
test_raw_read (void)
{
  g_autofree char *cr2 = g_build_filename (SV_PHOTOS_DIR, "formats", "rawtran-IMG_5952.CR2", NULL);
  g_autofree char *raf = g_build_filename (SV_PHOTOS_DIR, "formats", "exiftool-FujiFilm.raf", NULL);
  g_autoptr (GError) error = NULL;
  g_auto (SvRawPreview) preview = { 0 };
  SvMediaInfo info;

  /* RAF: the TIFF reader does not read it, libraw does. */
  g_assert_cmpint (sv_media_reader_classify (raf), ==, SV_MEDIA_FILE_RAW);
  sv_media_info_init (&info);
  g_assert_true (sv_media_reader_read_file (raf, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, SV_MEDIA_KIND_PHOTO);
  g_assert_cmpstr (info.format, ==, "raf");
  g_assert_cmpstr (info.mime_type, ==, "image/x-fuji-raf");
  g_assert_cmpstr (info.make, ==, "Fujifilm");
  g_assert_nonnull (info.model);
  g_assert_nonnull (strstr (info.model, "S5Pro"));
  g_assert_cmpstr (info.taken_local, ==, "2007-05-22T13:58:30");
  g_assert_cmpint (info.date_source, ==, SV_DATE_SOURCE_EXIF);
  g_assert_cmpint (info.stored_width, >, 0);
  g_assert_cmpint (info.stored_height, >, 0);
  sv_media_info_clear (&info);

  /* CR2: the TIFF reader's metadata, completed by libraw. */
  sv_media_info_init (&info);
  g_assert_true (sv_media_reader_read_file (cr2, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.format, ==, "cr2");
  g_assert_cmpstr (info.camera, ==, "Canon EOS 30D");
  g_assert_cmpstr (info.taken_local, ==, "2009-07-21T13:03:20");
  g_assert_cmpint (info.stored_width, ==, 3504);
  g_assert_cmpint (info.stored_height, ==, 2336);
  sv_media_info_clear (&info);

  /* The CR2's largest embedded preview is a 1728 x 1152 JPEG. */
  g_assert_true (sv_raw_read_preview (cr2, 0, &preview, &error));
  g_assert_no_error (error);
  g_assert_true (preview.is_jpeg);
  {
    /* By type: the isolated test folders have no MIME database to sniff with. */
    g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
    gsize len;
    const guint8 *data = g_bytes_get_data (preview.data, &len);
    GdkPixbuf *pixbuf;

    g_test_message ("CR2 preview: %" G_GSIZE_FORMAT " bytes", len);
    gdk_pixbuf_loader_write (loader, data, len, &error);
    g_assert_no_error (error);
    gdk_pixbuf_loader_close (loader, &error);
    g_assert_no_error (error);
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1728);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1152);
    assert_not_blank (pixbuf);
  }
  sv_raw_preview_clear (&preview);

  /* A preview over the size limit is refused. */
  g_assert_false (sv_raw_read_preview (cr2, 1000, &preview, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Not a RAW file at all. */
  {
    g_autofree char *jpeg =
        g_build_filename (SV_PHOTOS_DIR, "camera", "exiv2-exiv2-bug528.jpg", NULL);

    sv_media_info_init (&info);
    g_assert_false (sv_raw_read_file (jpeg, &info, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "exiv2-exiv2-bug528.jpg"));
    sv_media_info_clear (&info);
  }
}

/* ---- import ---- */

static char *
make_temp_dir (const char *tmpl)
{
  char *dir = g_build_filename (g_get_user_data_dir (), tmpl, NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GFile) src = g_file_new_for_path (from);
  g_autoptr (GFile) dest = g_file_new_for_path (to);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_copy (src, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A JPEG taken at @exif_time ("YYYY:MM:DD HH:MM:SS"). */
static void
make_jpeg (const char *path, const char *exif_time)
{
  g_autofree char *src = g_build_filename (SV_PHOTOS_DIR, "camera", "exiv2-exiv2-bug528.jpg", NULL);
  g_autofree char *arg = g_strdup_printf ("-DateTimeOriginal=%s", exif_time);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "exiftool", "-q", "-overwrite_original", arg, path, NULL };

  copy_file (src, path);
  out = run_tool (argv, &error);
  g_assert_no_error (error);
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

static SvMediaItem *
item_at (SvCatalogue *catalogue, const char *path)
{
  g_autoptr (GError) error = NULL;
  gint64 id = sv_catalogue_resolve (catalogue, path, &error);
  SvMediaItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  item = sv_catalogue_get_item (catalogue, id, &error);
  g_assert_no_error (error);
  return item;
}

static void
assert_thumbnail (SvCatalogue *catalogue, SvMediaItem *item, int width, int height)
{
  g_autofree char *cache = sv_catalogue_get_cache_dir (catalogue);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (cache);
  const char *sha = sv_media_item_get_primary_hash (item);
  g_autofree char *path = sv_thumbnailer_get_path (thumbnailer, sha, SV_THUMB_SIZE_GRID);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) grid = NULL;

  g_assert_true (sv_thumbnailer_has_valid (thumbnailer, sha, SV_THUMB_SIZE_GRID));
  g_assert_true (sv_thumbnailer_has_valid (thumbnailer, sha, SV_THUMB_SIZE_PREVIEW));
  grid = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (grid), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (grid), ==, height);
  assert_not_blank (grid);
}

static void
test_import_videos_and_raw (void)
{
  g_autofree char *lib = make_temp_dir ("sv-formats-lib-XXXXXX");
  g_autofree char *in = make_temp_dir ("sv-formats-in-XXXXXX");
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (SvImportSummary) again = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) in_file = g_file_new_for_path (in);
  g_autofree char *cr2 = g_build_filename (in, "IMG_5952.CR2", NULL);
  g_autofree char *cr2_jpeg = g_build_filename (in, "IMG_5952.JPG", NULL);
  g_autofree char *raf = g_build_filename (in, "DSCF0001.RAF", NULL);
  g_autofree char *raf_jpeg = g_build_filename (in, "DSCF0001.JPG", NULL);
  g_auto (SvQuery) q;
  gint64 n;

  ensure_clips ();
  for (guint i = 0; i < G_N_ELEMENTS (clip_cases); i++)
    {
      g_autofree char *from = clip_path (clip_cases[i].name);
      g_autofree char *to = g_build_filename (in, clip_cases[i].name, NULL);
      copy_file (from, to);
    }
  {
    g_autofree char *from = clip_path ("cut.mp4");
    g_autofree char *to = g_build_filename (in, "cut.mp4", NULL);
    copy_file (from, to);
  }

  /* A RAW+JPEG pair (same name, same time): one item. */
  {
    g_autofree char *from =
        g_build_filename (SV_PHOTOS_DIR, "formats", "rawtran-IMG_5952.CR2", NULL);
    copy_file (from, cr2);
    make_jpeg (cr2_jpeg, "2009:07:21 13:03:20");
  }
  /* Same name, another time: two items (the RAW one shown from its own
   * preview). */
  {
    g_autofree char *from =
        g_build_filename (SV_PHOTOS_DIR, "formats", "exiftool-FujiFilm.raf", NULL);
    copy_file (from, raf);
    make_jpeg (raf_jpeg, "2007:05:22 18:00:00");
  }

  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (catalogue);
  g_list_store_append (inputs, in_file);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);

  for (guint i = 0; i < summary->failures->len; i++)
    {
      SvImportError *f = g_ptr_array_index (summary->failures, i);
      g_test_message ("failed: %s: %s", f->path, f->reason);
    }
  /* 5 clips, 2 RAW, 2 JPEG; the truncated clip fails with its reason. */
  g_assert_cmpuint (summary->files_seen, ==, 10);
  g_assert_cmpuint (summary->failed, ==, 1);
  g_assert_cmpuint (summary->imported, ==, 9);
  {
    g_autofree char *cut = g_build_filename (in, "cut.mp4", NULL);
    const char *reason = failure_reason (summary, cut);

    g_assert_nonnull (reason);
    g_assert_nonnull (strstr (reason, "cut.mp4"));
  }
  /* The pair counts once. */
  g_assert_cmpuint (summary->new_item_ids->len, ==, 8);

  sv_query_init (&q);
  g_assert_cmpint (sv_catalogue_count (catalogue, &q, &error), ==, 8);
  q.kind = SV_MEDIA_KIND_VIDEO;
  n = sv_catalogue_count (catalogue, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (clip_cases); i++)
    {
      const ClipCase *c = &clip_cases[i];
      g_autofree char *path = g_build_filename (in, c->name, NULL);
      g_autoptr (SvMediaItem) item = item_at (catalogue, path);

      g_test_message ("imported %s", c->name);
      g_assert_cmpint (sv_media_item_get_kind (item), ==, SV_MEDIA_KIND_VIDEO);
      g_assert_cmpstr (sv_media_item_get_format (item), ==, c->format);
      g_assert_cmpint (sv_media_item_get_width (item), ==, CLIP_WIDTH);
      g_assert_cmpint (sv_media_item_get_height (item), ==, CLIP_HEIGHT);
      g_assert_cmpint (sv_media_item_get_duration (item), >=, 1900 * 1000);
      g_assert_cmpint (sv_media_item_get_duration (item), <=, 2700 * 1000);
      g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, c->taken);
      /* Poster frames are never upscaled: 320 x 240 in the grid. */
      assert_thumbnail (catalogue, item, CLIP_WIDTH, CLIP_HEIGHT);
    }

  /* The pair: one item, the JPEG its original, the CR2 its "raw" file. */
  {
    g_autoptr (SvMediaItem) by_jpeg = item_at (catalogue, cr2_jpeg);
    g_autoptr (SvMediaItem) by_raw = item_at (catalogue, cr2);
    g_autoptr (GPtrArray) locations = NULL;

    g_assert_cmpint (sv_media_item_get_id (by_jpeg), ==, sv_media_item_get_id (by_raw));
    g_assert_cmpstr (sv_media_item_get_format (by_jpeg), ==, "jpeg");
    g_assert_cmpint (sv_media_item_get_kind (by_jpeg), ==, SV_MEDIA_KIND_PHOTO);
    locations = sv_catalogue_get_locations (catalogue, sv_media_item_get_id (by_jpeg), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (locations->len, ==, 2);
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locations, 0))->role, ==, "original");
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locations, 0))->path, ==, cr2_jpeg);
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locations, 1))->role, ==, "raw");
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locations, 1))->path, ==, cr2);
    /* Shown from the JPEG (150 x 91: never upscaled). */
    assert_thumbnail (catalogue, by_jpeg, 150, 91);
  }

  /* Not a pair (other time): two items; the RAF shown from its preview. */
  {
    g_autoptr (SvMediaItem) raw_item = item_at (catalogue, raf);
    g_autoptr (SvMediaItem) jpeg_item = item_at (catalogue, raf_jpeg);

    g_assert_cmpint (sv_media_item_get_id (raw_item), !=, sv_media_item_get_id (jpeg_item));
    g_assert_cmpstr (sv_media_item_get_format (raw_item), ==, "raf");
    g_assert_cmpint (sv_media_item_get_kind (raw_item), ==, SV_MEDIA_KIND_PHOTO);
    g_assert_cmpstr (sv_media_item_get_taken_local (raw_item), ==, "2007-05-22T13:58:30");
    assert_thumbnail (catalogue, raw_item, 160, 120);
  }

  /* Importing again changes nothing: the pair stays one item. */
  again = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->imported, ==, 0);
  sv_query_clear (&q);
  sv_query_init (&q);
  g_assert_cmpint (sv_catalogue_count (catalogue, &q, &error), ==, 8);
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = NULL;
  g_autofree char *registry = NULL;
  char **mime_dirs = NULL;
  int ret;

  /* Paris: QuickTime and Matroska dates (UTC) must come out in local time. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  tmp = g_dir_make_tmp ("sv-test-formats-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  clips_dir = g_build_filename (tmp, "clips", NULL);
  /* One GStreamer plugin registry for this process and its gst-launch-1.0
   * children, whatever the per-test HOME. */
  registry = g_build_filename (tmp, "gst-registry.bin", NULL);
  g_setenv ("GST_REGISTRY", registry, TRUE);

  mime_dirs = sv_test_mime_dirs_save ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sv_test_mime_dirs_restore (mime_dirs);

  g_test_add_func ("/formats/video/info", test_video_info);
  g_test_add_func ("/formats/video/frame", test_video_frame);
  g_test_add_func ("/formats/video/broken", test_video_broken);
  g_test_add_func ("/formats/raw/read", test_raw_read);
  g_test_add_func ("/formats/import/videos-and-raw", test_import_videos_and_raw);

  ret = g_test_run ();

  {
    /* Remove the clips and the registry. */
    if (g_file_test (clips_dir, G_FILE_TEST_IS_DIR))
      {
        g_autoptr (GDir) d = g_dir_open (clips_dir, 0, NULL);
        const char *name;

        while (d != NULL && (name = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *p = g_build_filename (clips_dir, name, NULL);
            g_unlink (p);
          }
        g_rmdir (clips_dir);
      }
    g_unlink (registry);
    g_rmdir (tmp);
  }
  g_free (clips_dir);
  return ret;
}
