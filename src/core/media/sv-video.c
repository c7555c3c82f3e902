/* sv-video.c: video metadata and poster frames, from one small pipeline
 * (uridecodebin ! videoconvert ! videoscale ! appsink) prerolled on the
 * first frame. GstDiscoverer is not used: on a truncated file it sometimes
 * waits for its whole timeout (GStreamer 1.22).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-video"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <string.h>

#include "sv-error.h"
#include "sv-filename-date.h"
#include "sv-video.h"

#define SNIFF_LEN 64
/* The bus is polled this often, to notice cancellation and the deadline. */
#define POLL_SLICE (100 * GST_MSECOND)

typedef struct
{
  const char *id;
  const char *mime;
} VideoFormat;

static const VideoFormat video_formats[] = {
  { "mp4", "video/mp4" },        { "mov", "video/quicktime" }, { "webm", "video/webm" },
  { "mkv", "video/x-matroska" }, { "avi", "video/x-msvideo" }, { "3gp", "video/3gpp" },
};

/* Extension → format id. */
static const struct
{
  const char *ext;
  const char *id;
} video_extensions[] = {
  { "mp4", "mp4" }, { "m4v", "mp4" }, { "mov", "mov" }, { "qt", "mov" },  { "webm", "webm" },
  { "mkv", "mkv" }, { "avi", "avi" }, { "3gp", "3gp" }, { "3g2", "3gp" },
};

static const VideoFormat *
video_format (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (video_formats); i++)
    if (strcmp (video_formats[i].id, id) == 0)
      return &video_formats[i];
  return NULL;
}

static const char *
format_from_extension (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *dot = strrchr (path, '.');

  if (dot == NULL || (slash != NULL && dot < slash))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (video_extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, video_extensions[i].ext) == 0)
      return video_extensions[i].id;
  return NULL;
}

static gboolean
ensure_gstreamer (GError **error)
{
  static gsize inited = 0;
  static GError *init_error = NULL;

  if (g_once_init_enter (&inited))
    {
      if (!gst_init_check (NULL, NULL, &init_error))
        g_prefix_error (&init_error, "GStreamer: ");
      g_once_init_leave (&inited, 1);
    }
  if (init_error != NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("Videos cannot be read: GStreamer could not start (%s)"),
                   init_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_video_path_is_video (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return format_from_extension (path) != NULL;
}

static gboolean
brand_is (const guint8 *b, const char *brand)
{
  return memcmp (b, brand, 4) == 0;
}

const char *
sv_video_sniff_format (const guint8 *data, gsize len, const char **mime_out)
{
  const char *id = NULL;

  if (mime_out != NULL)
    *mime_out = NULL;
  if (data == NULL || len < 12)
    return NULL;

  if (memcmp (data + 4, "ftyp", 4) == 0)
    {
      guint32 box = GUINT32_FROM_BE (*(const guint32 *) (gconstpointer) data);
      gsize end = MIN (len, box >= 16 ? box : 16);
      gboolean qt = FALSE, video = FALSE, three_gp = FALSE;

      for (gsize pos = 8; pos + 4 <= end; pos += 4)
        {
          const guint8 *b = data + pos;

          if (pos == 12)
            continue; /* minor version */
          if (brand_is (b, "avif") || brand_is (b, "avis") || brand_is (b, "heic") ||
              brand_is (b, "heix") || brand_is (b, "mif1") || brand_is (b, "msf1") ||
              brand_is (b, "crx "))
            return NULL; /* a still image (or a Canon CR3) */
          if (brand_is (b, "qt  "))
            qt = TRUE;
          else if (memcmp (b, "3gp", 3) == 0 || memcmp (b, "3g2", 3) == 0)
            three_gp = TRUE;
          else if (brand_is (b, "isom") || brand_is (b, "iso2") || brand_is (b, "iso4") ||
                   brand_is (b, "iso5") || brand_is (b, "iso6") || brand_is (b, "mp41") ||
                   brand_is (b, "mp42") || brand_is (b, "avc1") || brand_is (b, "M4V ") ||
                   brand_is (b, "MSNV") || brand_is (b, "dash"))
            video = TRUE;
        }
      if (qt)
        id = "mov";
      else if (three_gp && !video)
        id = "3gp";
      else if (video || three_gp)
        id = "mp4";
    }
  else if (memcmp (data, "\x1a\x45\xdf\xa3", 4) == 0)
    {
      /* EBML: the DocType says "webm" or "matroska" near the start. */
      id = "mkv";
      for (gsize i = 4; i + 4 <= len; i++)
        if (memcmp (data + i, "webm", 4) == 0)
          {
            id = "webm";
            break;
          }
    }
  else if (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "AVI ", 4) == 0)
    id = "avi";

  if (id != NULL && mime_out != NULL)
    *mime_out = video_format (id)->mime;
  return id;
}

gboolean
sv_video_file_is_video (const char *path)
{
  guint8 head[SNIFF_LEN];
  gssize n = -1;
  FILE *f;

  g_return_val_if_fail (path != NULL, FALSE);

  f = g_fopen (path, "rb");
  if (f != NULL)
    {
      n = (gssize) fread (head, 1, sizeof head, f);
      fclose (f);
    }
  if (n >= 12)
    {
      if (sv_video_sniff_format (head, (gsize) n, NULL) != NULL)
        return TRUE;
      /* ISO media, EBML or RIFF files that are not videos, or other
       * formats: the bytes decide. Unknown bytes: the extension. */
      if (memcmp (head + 4, "ftyp", 4) == 0 || memcmp (head, "RIFF", 4) == 0)
        return FALSE;
    }
  return sv_video_path_is_video (path);
}

/* ---- errors ---- */

static void
set_gst_error (GError **error, const char *display, const GError *gst_error, const char *debug)
{
  if (gst_error != NULL && (gst_error->domain == GST_STREAM_ERROR &&
                            (gst_error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND ||
                             gst_error->code == GST_STREAM_ERROR_TYPE_NOT_FOUND ||
                             gst_error->code == GST_STREAM_ERROR_WRONG_TYPE)))
    g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED, _ ("The video “%s” cannot be read: %s"),
                 display, gst_error->message);
  else if (gst_error != NULL && gst_error->domain == GST_RESOURCE_ERROR &&
           (gst_error->code == GST_RESOURCE_ERROR_NOT_FOUND ||
            gst_error->code == GST_RESOURCE_ERROR_OPEN_READ ||
            gst_error->code == GST_RESOURCE_ERROR_READ))
    g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("The video “%s” cannot be read: %s"), display,
                 gst_error->message);
  else
    g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                 _ ("The video “%s” is damaged or incomplete: %s"), display,
                 gst_error != NULL ? gst_error->message : _ ("it cannot be decoded"));
  if (debug != NULL)
    g_debug ("%s: %s", display, debug);
}

static void
set_timeout_error (GError **error, const char *display, int seconds)
{
  g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
               g_dngettext (GETTEXT_PACKAGE,
                            "The video “%s” took more than %d second to read; it may be damaged",
                            "The video “%s” took more than %d seconds to read; it may be damaged",
                            seconds),
               display, seconds);
}

/* ---- metadata ---- */

static int
orientation_from_tag (const char *tag)
{
  static const struct
  {
    const char *name;
    int exif;
  } map[] = {
    { "rotate-0", 1 },        { "rotate-90", 6 },       { "rotate-180", 3 },
    { "rotate-270", 8 },      { "flip-rotate-0", 2 },   { "flip-rotate-90", 7 },
    { "flip-rotate-180", 4 }, { "flip-rotate-270", 5 },
  };

  for (guint i = 0; tag != NULL && i < G_N_ELEMENTS (map); i++)
    if (strcmp (map[i].name, tag) == 0)
      return map[i].exif;
  return 1;
}

static char *
dup_tag_string (const GstTagList *tags, const char *tag)
{
  g_autofree char *value = NULL;

  if (tags == NULL || !gst_tag_list_get_string (tags, tag, &value))
    return NULL;
  g_strstrip (value);
  if (*value == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

/* The creation date of the container, in local time with its offset. */
static gboolean
date_from_tags (const GstTagList *tags, SvMediaInfo *info)
{
  GstDateTime *gdt = NULL;
  GDate *date = NULL;

  if (tags == NULL)
    return FALSE;
  if (gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &gdt) && gdt != NULL)
    {
      gboolean ok = FALSE;

      if (gst_date_time_has_time (gdt) && gst_date_time_get_year (gdt) >= 1971)
        {
          /* QuickTime and Matroska store UTC: the GstDateTime carries the
           * offset (0 for UTC), so the local time is that instant here. */
          g_autoptr (GDateTime) dt = gst_date_time_to_g_date_time (gdt);

          ok = sv_media_info_set_local_time (info, dt, SV_DATE_SOURCE_EXIF);
        }
      else if (gst_date_time_has_day (gdt) && gst_date_time_get_year (gdt) >= 1971)
        {
          info->taken_local =
              g_strdup_printf ("%04d-%02d-%02dT00:00:00", gst_date_time_get_year (gdt),
                               gst_date_time_get_month (gdt), gst_date_time_get_day (gdt));
          info->has_utc_offset = FALSE;
          info->date_source = SV_DATE_SOURCE_EXIF;
          ok = TRUE;
        }
      gst_date_time_unref (gdt);
      if (ok)
        return TRUE;
    }
  if (gst_tag_list_get_date (tags, GST_TAG_DATE, &date) && date != NULL)
    {
      gboolean ok = g_date_valid (date) && g_date_get_year (date) >= 1971;

      if (ok)
        {
          info->taken_local = g_strdup_printf ("%04d-%02d-%02dT00:00:00", g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date));
          info->has_utc_offset = FALSE;
          info->date_source = SV_DATE_SOURCE_EXIF;
        }
      g_date_free (date);
      return ok;
    }
  return FALSE;
}

static void
merge_tags (GstTagList **into, const GstTagList *more)
{
  if (more == NULL)
    return;
  if (*into == NULL)
    *into = gst_tag_list_copy (more);
  else
    gst_tag_list_insert (*into, more, GST_TAG_MERGE_KEEP);
}

/* ---- the pipeline: uridecodebin ! videoconvert ! videoscale ! appsink ---- */

typedef struct
{
  GstElement *pipeline;
  GstElement *sink;
  GstTagList *tags; /* what the container and the video stream said */
  char *display;
  gint64 deadline;
} Probe;

static void
probe_clear (Probe *p)
{
  if (p->pipeline != NULL)
    gst_element_set_state (p->pipeline, GST_STATE_NULL);
  g_clear_object (&p->sink);
  g_clear_object (&p->pipeline);
  g_clear_pointer (&p->tags, gst_tag_list_unref);
  g_clear_pointer (&p->display, g_free);
}

static void
set_no_picture_error (GError **error, const char *display)
{
  g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The video “%s” is damaged or incomplete: %s"),
               display, _ ("it has no picture"));
}

/* Waits for the pipeline to settle (ASYNC_DONE) or fail, collecting the
 * tags on the way; FALSE with @error set otherwise. */
static gboolean
probe_wait (Probe *p, GCancellable *cancellable, GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (p->pipeline);

  for (;;)
    {
      GstMessage *msg;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_get_monotonic_time () > p->deadline)
        {
          set_timeout_error (error, p->display, SV_VIDEO_DEFAULT_TIMEOUT_SECONDS);
          return FALSE;
        }
      msg = gst_bus_timed_pop_filtered (bus, POLL_SLICE,
                                        GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR |
                                            GST_MESSAGE_EOS | GST_MESSAGE_TAG);
      if (msg == NULL)
        continue;
      switch (GST_MESSAGE_TYPE (msg))
        {
          case GST_MESSAGE_TAG:
            {
              GstTagList *tags = NULL;

              gst_message_parse_tag (msg, &tags);
              merge_tags (&p->tags, tags);
              gst_tag_list_unref (tags);
              gst_message_unref (msg);
              continue;
            }
          case GST_MESSAGE_ASYNC_DONE:
            gst_message_unref (msg);
            return TRUE;
          case GST_MESSAGE_ERROR:
            {
              g_autoptr (GError) gst_error = NULL;
              g_autofree char *debug = NULL;

              gst_message_parse_error (msg, &gst_error, &debug);
              set_gst_error (error, p->display, gst_error, debug);
              gst_message_unref (msg);
              return FALSE;
            }
          case GST_MESSAGE_EOS:
            gst_message_unref (msg);
            set_no_picture_error (error, p->display);
            return FALSE;
          default:
            gst_message_unref (msg);
            continue;
        }
    }
}

/* Builds the pipeline for @path and prerolls it: the first frame is
 * decoded, the tags and the duration are known. Only the video is decoded:
 * other streams are never exposed. */
/* ISO media (MP4, MOV, 3GP): walks the top-level boxes. A file cut while
 * it was recorded has no complete "moov" box (the index, written last);
 * GStreamer 1.22's qtdemux then sometimes posts no error at all and the
 * pipeline waits for its timeout, so such files are refused here. */
static gboolean
check_iso_index (const char *path, const char *display, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, &local_error);
  g_autoptr (GFileInfo) finfo = NULL;
  goffset size, pos = 0;
  guint n_boxes = 0;

  if (in == NULL)
    return TRUE; /* the pipeline reports it */
  finfo = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (finfo == NULL)
    return TRUE;
  size = g_file_info_get_size (finfo);

  while (pos + 8 <= size && n_boxes++ < 10000)
    {
      guint8 header[16];
      gsize got = 0;
      guint64 box;

      if (!g_seekable_seek (G_SEEKABLE (in), pos, G_SEEK_SET, NULL, NULL) ||
          !g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &got, NULL, NULL) ||
          got < 8)
        break;
      box = GUINT32_FROM_BE (*(guint32 *) (gpointer) header);
      if (box == 1 && got >= 16)
        box = GUINT64_FROM_BE (*(guint64 *) (gpointer) (header + 8));
      else if (box == 0)
        box = (guint64) (size - pos);
      if (box < 8)
        break;
      if (memcmp (header + 4, "moov", 4) == 0)
        {
          if ((guint64) pos + box <= (guint64) size)
            return TRUE;
          break;
        }
      if ((guint64) pos + box > (guint64) size)
        break;
      pos += (goffset) box;
    }

  g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The video “%s” is damaged or incomplete: %s"),
               display, _ ("its index is missing (the recording was cut off)"));
  return FALSE;
}

static gboolean
probe_open (Probe *p, const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *escaped = g_strescape (uri, NULL);
  g_autofree char *description = NULL;

  memset (p, 0, sizeof *p);
  p->display = g_filename_display_basename (path);
  if (!ensure_gstreamer (error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  {
    const char *format = NULL;
    guint8 head[SNIFF_LEN];
    FILE *f = g_fopen (path, "rb");
    gsize n = 0;

    if (f != NULL)
      {
        n = fread (head, 1, sizeof head, f);
        fclose (f);
      }
    format = sv_video_sniff_format (head, n, NULL);
    if ((g_strcmp0 (format, "mp4") == 0 || g_strcmp0 (format, "mov") == 0 ||
         g_strcmp0 (format, "3gp") == 0) &&
        !check_iso_index (path, p->display, error))
      return FALSE;
  }

  description = g_strdup_printf (
      "uridecodebin uri=\"%s\" caps=\"video/x-raw(ANY)\" expose-all-streams=false ! "
      "videoconvert ! videoscale ! video/x-raw,format=RGB,pixel-aspect-ratio=1/1 ! "
      "appsink name=sink sync=false max-buffers=1 enable-last-sample=false",
      escaped);
  p->pipeline = gst_parse_launch (description, &local_error);
  if (p->pipeline == NULL || local_error != NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("Videos cannot be read: GStreamer could not start (%s)"),
                   local_error ? local_error->message : "gst_parse_launch");
      return FALSE;
    }
  g_object_ref_sink (p->pipeline);
  p->sink = gst_bin_get_by_name (GST_BIN (p->pipeline), "sink");
  p->deadline = g_get_monotonic_time () + SV_VIDEO_DEFAULT_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  switch (gst_element_set_state (p->pipeline, GST_STATE_PAUSED))
    {
      case GST_STATE_CHANGE_FAILURE:
        {
          /* The reason is on the bus, when an element posted one. */
          g_autoptr (GstBus) bus = gst_element_get_bus (p->pipeline);
          GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
          g_autoptr (GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          if (msg != NULL)
            {
              gst_message_parse_error (msg, &gst_error, &debug);
              gst_message_unref (msg);
            }
          set_gst_error (error, p->display, gst_error, debug);
          return FALSE;
        }
      case GST_STATE_CHANGE_ASYNC:
        return probe_wait (p, cancellable, error);
      case GST_STATE_CHANGE_SUCCESS:
      case GST_STATE_CHANGE_NO_PREROLL:
      default:
        return TRUE;
    }
}

/* Size of the frames the sink receives (square pixels). */
static gboolean
probe_frame_size (Probe *p, int *width, int *height)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (p->sink, "sink");
  g_autoptr (GstCaps) caps = pad != NULL ? gst_pad_get_current_caps (pad) : NULL;
  GstVideoInfo vinfo;

  if (caps == NULL || !gst_video_info_from_caps (&vinfo, caps))
    return FALSE;
  *width = GST_VIDEO_INFO_WIDTH (&vinfo);
  *height = GST_VIDEO_INFO_HEIGHT (&vinfo);
  return *width > 0 && *height > 0;
}

gboolean
sv_video_read_info (const char *path, SvMediaInfo *info, GCancellable *cancellable, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *basename = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) finfo = NULL;
  const char *format = NULL, *mime = NULL;
  Probe probe = { 0 };
  guint8 head[SNIFF_LEN];
  gssize n = 0;
  gboolean ok = FALSE;
  gint64 duration = 0;
  int width = 0, height = 0;
  FILE *f;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_path_get_basename (path);
  display = g_filename_display_name (basename);
  file = g_file_new_for_path (path);

  finfo =
      g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                         G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (finfo == NULL)
    return FALSE;
  if (g_file_info_get_file_type (finfo) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _ ("“%s” is not a regular file"),
                   display);
      return FALSE;
    }

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  n = (gssize) fread (head, 1, sizeof head, f);
  fclose (f);
  if (n <= 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The video “%s” is empty"), display);
      return FALSE;
    }
  format = sv_video_sniff_format (head, (gsize) n, &mime);
  if (format == NULL)
    {
      format = format_from_extension (path);
      if (format == NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                       _ ("“%s” is not in a video format Souvenir can read"), display);
          return FALSE;
        }
      mime = video_format (format)->mime;
    }

  g_clear_pointer (&info->format, g_free);
  g_clear_pointer (&info->mime_type, g_free);
  info->kind = SV_MEDIA_KIND_VIDEO;
  info->format = g_strdup (format);
  info->mime_type = g_strdup (mime);
  info->orientation = 1;

  if (!probe_open (&probe, path, cancellable, error))
    goto out;
  if (!probe_frame_size (&probe, &width, &height))
    {
      set_no_picture_error (error, display);
      goto out;
    }
  info->stored_width = width;
  info->stored_height = height;
  if (gst_element_query_duration (probe.pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    info->duration_usec = duration / 1000;

  if (probe.tags != NULL)
    {
      const GstTagList *tags = probe.tags;
      g_autofree char *rotation = NULL;
      double lat = 0, lon = 0, alt = 0;

      if (gst_tag_list_get_string (tags, GST_TAG_IMAGE_ORIENTATION, &rotation))
        info->orientation = orientation_from_tag (rotation);
      date_from_tags (tags, info);
      g_clear_pointer (&info->make, g_free);
      g_clear_pointer (&info->model, g_free);
      info->make = dup_tag_string (tags, GST_TAG_DEVICE_MANUFACTURER);
      info->model = dup_tag_string (tags, GST_TAG_DEVICE_MODEL);
      if (info->make != NULL || info->model != NULL)
        info->camera = g_strstrip (
            g_strjoin (" ", info->make ? info->make : "", info->model ? info->model : "", NULL));
      if (gst_tag_list_get_double (tags, GST_TAG_GEO_LOCATION_LATITUDE, &lat) &&
          gst_tag_list_get_double (tags, GST_TAG_GEO_LOCATION_LONGITUDE, &lon) && lat >= -90 &&
          lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0))
        {
          info->has_gps = TRUE;
          info->latitude = lat;
          info->longitude = lon;
          if (gst_tag_list_get_double (tags, GST_TAG_GEO_LOCATION_ELEVATION, &alt))
            {
              info->has_altitude = TRUE;
              info->altitude = alt;
            }
        }
      if (info->caption == NULL)
        info->caption = dup_tag_string (tags, GST_TAG_DESCRIPTION);
    }

  if (info->taken_local == NULL)
    {
      g_autofree char *iso = NULL;
      gboolean has_time;

      if (sv_filename_date_parse (basename, &iso, &has_time))
        {
          info->taken_local = g_steal_pointer (&iso);
          info->has_utc_offset = FALSE;
          info->date_source = SV_DATE_SOURCE_FILE_NAME;
        }
    }
  if (info->taken_local == NULL)
    {
      g_autoptr (GDateTime) mtime = g_file_info_get_modification_date_time (finfo);

      sv_media_info_set_local_time (info, mtime, SV_DATE_SOURCE_FILE_TIME);
    }
  ok = TRUE;

out:
  probe_clear (&probe);
  return ok;
}

/* ---- poster frame ---- */

static GdkPixbuf *
pixbuf_from_sample (GstSample *sample, const char *display, guint64 max_pixels, GError **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo vinfo;
  GstVideoFrame frame;
  GdkPixbuf *pixbuf;
  const guint8 *src;
  guint8 *dest;
  int src_stride, dest_stride, width, height;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&vinfo, caps) ||
      GST_VIDEO_INFO_FORMAT (&vinfo) != GST_VIDEO_FORMAT_RGB)
    {
      set_no_picture_error (error, display);
      return NULL;
    }
  width = GST_VIDEO_INFO_WIDTH (&vinfo);
  height = GST_VIDEO_INFO_HEIGHT (&vinfo);
  if (max_pixels > 0 && (guint64) width * (guint64) height > max_pixels)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The video “%s” is too large (%d × %d pixels); the limit is %g megapixels"),
                   display, width, height, max_pixels / 1e6);
      return NULL;
    }
  if (!gst_video_frame_map (&frame, &vinfo, buffer, GST_MAP_READ))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
                   _ ("Not enough memory to make a thumbnail of “%s”"), display);
      return NULL;
    }
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (pixbuf == NULL)
    {
      gst_video_frame_unmap (&frame);
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
                   _ ("Not enough memory to make a thumbnail of “%s”"), display);
      return NULL;
    }
  src = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
  src_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  dest = gdk_pixbuf_get_pixels (pixbuf);
  dest_stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < height; y++)
    memcpy (dest + (gsize) y * dest_stride, src + (gsize) y * src_stride, (gsize) width * 3);
  gst_video_frame_unmap (&frame);
  return pixbuf;
}

GdkPixbuf *
sv_video_grab_frame (const char *path,
                     guint64 max_pixels,
                     int *width,
                     int *height,
                     GCancellable *cancellable,
                     GError **error)
{
  Probe probe = { 0 };
  GstSample *sample = NULL;
  GdkPixbuf *pixbuf = NULL;
  gint64 duration = 0;
  int w = 0, h = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width != NULL)
    *width = 0;
  if (height != NULL)
    *height = 0;

  if (!probe_open (&probe, path, cancellable, error))
    goto out;

  /* Refused before the seek decodes more. */
  if (max_pixels > 0 && probe_frame_size (&probe, &w, &h) && (guint64) w * (guint64) h > max_pixels)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The video “%s” is too large (%d × %d pixels); the limit is %g megapixels"),
                   probe.display, w, h, max_pixels / 1e6);
      goto out;
    }

  /* A frame at 10% of the video, at most 1 s in: past a fade from black,
   * still the start of the scene. */
  if (gst_element_query_duration (probe.pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    {
      gint64 position = MIN (duration / 10, (gint64) GST_SECOND);

      if (position > 0 &&
          gst_element_seek_simple (probe.pipeline, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position) &&
          !probe_wait (&probe, cancellable, error))
        goto out;
    }

  /* appsink's action signal: no link to libgstapp needed. */
  g_signal_emit_by_name (
      probe.sink, "try-pull-preroll",
      (GstClockTime) MAX (0, probe.deadline - g_get_monotonic_time ()) * GST_USECOND, &sample);
  if (sample == NULL)
    {
      set_no_picture_error (error, probe.display);
      goto out;
    }
  pixbuf = pixbuf_from_sample (sample, probe.display, max_pixels, error);
  if (pixbuf != NULL)
    {
      if (width != NULL)
        *width = gdk_pixbuf_get_width (pixbuf);
      if (height != NULL)
        *height = gdk_pixbuf_get_height (pixbuf);
    }

out:
  g_clear_pointer (&sample, gst_sample_unref);
  probe_clear (&probe);
  return pixbuf;
}
