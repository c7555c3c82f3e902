/* souvenir-analyzer: the face and scene analysis helper
 *
 * Started by the core's SvAnalysisRunner (or by hand) with GSubprocess; it
 * talks JSON lines (protocol in docs/cli-analysis.md):
 *
 *   stdin, one request a line:
 *     {"id": 12, "path": "/abs/photo.jpg", "orientation": 6,
 *      "faces": true, "labels": true, "pixel_limit": 100000000}
 *   stdout, a first line once the models are loaded:
 *     {"ready": true, "version": 1}      or      {"fatal": "reason"} (exit 2)
 *   then one line per request, in order:
 *     {"id": 12, "width": W, "height": H,
 *      "faces": [{"box": [x, y, w, h], "landmarks": [x0, y0, … x4, y4],
 *                 "score": 0.98, "descriptor": "<base64 of 128 float32 LE>"}],
 *      "labels": [{"id": "beach", "en": "beach", "fr": "plage", "score": 0.8}]}
 *     {"id": 12, "error": "reason", "code": "decode|too-large|analysis|request"}
 *
 * Boxes and landmarks are fractions (0..1) of the upright image's width and
 * height. The helper runs niced; SIGTERM makes it stop after the current
 * photo (or at once when idle). A photo that crashes it takes only this
 * process down: the runner marks that photo failed and starts a new helper.
 *
 * Test hooks (only for tests/analysis): SOUVENIR_ANALYZER_TEST_CRASH=TEXT
 * aborts and SOUVENIR_ANALYZER_TEST_HANG=TEXT sleeps forever on a path
 * containing TEXT; SOUVENIR_ANALYZER_TEST_DELAY_MS=N sleeps N ms per photo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-analyzer"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>

#include "sv-analysis-models.h"
#include "sv-json.h"
#include "sv-vision.h"

/* A request line longer than this is refused (paths are at most 4 KiB). */
#define MAX_LINE 65536
/* Decoded long edge: faces need resolution, labels only 224/320 px. */
#define DECODE_MAX_EDGE 1280
/* Larger images are decoded at 1/2^k of their size, the long edge between
 * DECODE_MIN_EDGE and twice that (the face detector itself works on at most
 * 1280 px). */
#define DECODE_MIN_EDGE 900
#define MAX_FACES 64
#define MAX_LABELS 16
#define DEFAULT_PIXEL_LIMIT 100000000

static volatile sig_atomic_t stop_requested = 0;
static volatile sig_atomic_t busy = 0;

static void
on_sigterm (int signum)
{
  stop_requested = 1;
  if (!busy)
    _exit (0);
}

static void
write_node (JsonNode *node)
{
  g_autofree char *text = sv_json_to_string (node, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
write_error (gint64 id, const char *code, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (id >= 0)
    sv_json_builder_add_int (b, "id", id);
  sv_json_builder_add_string (b, "error", message);
  sv_json_builder_add_string (b, "code", code);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  write_node (root);
}

/* Reads one line into @buf (NUL-terminated, without the newline). Returns
 * FALSE at end of input; *too_long when the line did not fit (the rest of
 * it is skipped). */
static gboolean
read_line (char *buf, gsize size, gboolean *too_long)
{
  gsize len = 0;
  int c;

  *too_long = FALSE;
  for (;;)
    {
      c = getc (stdin);
      if (c == EOF)
        {
          if (ferror (stdin) && errno == EINTR && !stop_requested)
            {
              clearerr (stdin);
              continue;
            }
          if (len == 0 && !*too_long)
            return FALSE;
          break;
        }
      if (c == '\n')
        break;
      if (len + 1 < size)
        buf[len++] = (char) c;
      else
        *too_long = TRUE;
    }
  buf[len] = '\0';
  return TRUE;
}

static GdkPixbuf *
apply_orientation (GdkPixbuf *src, int orientation)
{
  g_autoptr (GdkPixbuf) temp = NULL;

  switch (orientation)
    {
      case 2:
        return gdk_pixbuf_flip (src, TRUE);
      case 3:
        return gdk_pixbuf_rotate_simple (src, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
      case 4:
        return gdk_pixbuf_flip (src, FALSE);
      case 5:
        temp = gdk_pixbuf_rotate_simple (src, GDK_PIXBUF_ROTATE_CLOCKWISE);
        return temp ? gdk_pixbuf_flip (temp, TRUE) : NULL;
      case 6:
        return gdk_pixbuf_rotate_simple (src, GDK_PIXBUF_ROTATE_CLOCKWISE);
      case 7:
        temp = gdk_pixbuf_rotate_simple (src, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
        return temp ? gdk_pixbuf_flip (temp, TRUE) : NULL;
      case 8:
        return gdk_pixbuf_rotate_simple (src, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      default:
        return g_object_ref (src);
    }
}

/* Decodes @path upright, long edge at most DECODE_MAX_EDGE, as packed RGB. */
static guint8 *
decode (const char *path,
        int orientation,
        gint64 pixel_limit,
        int *out_w,
        int *out_h,
        const char **code,
        char **message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) loaded = NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  int w = 0, h = 0, n_channels, rowstride;
  const guint8 *pixels;
  guint8 *rgb;

  if (gdk_pixbuf_get_file_info (path, &w, &h) == NULL || w <= 0 || h <= 0)
    {
      *code = "decode";
      *message = g_strdup ("unknown or unreadable image format");
      return NULL;
    }
  if ((gint64) w * h > pixel_limit)
    {
      *code = "too-large";
      *message = g_strdup_printf ("%d × %d pixels is over the limit", w, h);
      return NULL;
    }
  if (w > DECODE_MAX_EDGE || h > DECODE_MAX_EDGE)
    {
      /* Halve while the long edge stays at DECODE_MIN_EDGE or more: JPEG
       * decoders then scale in the DCT (1/2, 1/4, 1/8), with no resampling
       * pass over the full image. */
      int long_edge = MAX (w, h), tw = w, th = h;

      while (long_edge / 2 >= DECODE_MIN_EDGE)
        {
          long_edge /= 2;
          tw = MAX (1, tw / 2);
          th = MAX (1, th / 2);
        }
      loaded = gdk_pixbuf_new_from_file_at_scale (path, tw, th, TRUE, &error);
    }
  else
    loaded = gdk_pixbuf_new_from_file (path, &error);
  if (loaded == NULL)
    {
      *code = "decode";
      *message = g_strdup (error ? error->message : "decoding failed");
      return NULL;
    }
  if (orientation >= 1 && orientation <= 8)
    upright = apply_orientation (loaded, orientation);
  else
    upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (upright == NULL || gdk_pixbuf_get_bits_per_sample (upright) != 8 ||
      gdk_pixbuf_get_colorspace (upright) != GDK_COLORSPACE_RGB)
    {
      *code = "decode";
      *message = g_strdup ("unsupported pixel format");
      return NULL;
    }

  w = gdk_pixbuf_get_width (upright);
  h = gdk_pixbuf_get_height (upright);
  n_channels = gdk_pixbuf_get_n_channels (upright);
  rowstride = gdk_pixbuf_get_rowstride (upright);
  pixels = gdk_pixbuf_read_pixels (upright);
  if (n_channels < 3 || w <= 0 || h <= 0)
    {
      *code = "decode";
      *message = g_strdup ("unsupported pixel format");
      return NULL;
    }

  /* Packed RGB; transparent pixels are put on white. */
  rgb = g_malloc ((gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    {
      const guint8 *src = pixels + (gsize) y * rowstride;
      guint8 *dst = rgb + (gsize) y * w * 3;

      for (int x = 0; x < w; x++, src += n_channels, dst += 3)
        {
          if (n_channels == 4)
            {
              guint a = src[3];
              for (int c = 0; c < 3; c++)
                dst[c] = (guint8) ((src[c] * a + 255 * (255 - a) + 127) / 255);
            }
          else
            memcpy (dst, src, 3);
        }
    }
  *out_w = w;
  *out_h = h;
  return rgb;
}

static char *
descriptor_base64 (const float *d)
{
  guint32 le[SV_VISION_DESCRIPTOR_LEN];

  for (int i = 0; i < SV_VISION_DESCRIPTOR_LEN; i++)
    {
      guint32 bits;
      memcpy (&bits, &d[i], sizeof bits);
      le[i] = GUINT32_TO_LE (bits);
    }
  return g_base64_encode ((const guchar *) le, sizeof le);
}

static void
test_hooks (const char *path)
{
  const char *crash = g_getenv ("SOUVENIR_ANALYZER_TEST_CRASH");
  const char *hang = g_getenv ("SOUVENIR_ANALYZER_TEST_HANG");
  const char *delay = g_getenv ("SOUVENIR_ANALYZER_TEST_DELAY_MS");

  if (crash != NULL && *crash != '\0' && strstr (path, crash) != NULL)
    abort ();
  if (hang != NULL && *hang != '\0' && strstr (path, hang) != NULL)
    for (;;)
      pause ();
  if (delay != NULL)
    {
      gint64 ms = g_ascii_strtoll (delay, NULL, 10);
      if (ms > 0 && ms < 60000)
        g_usleep ((gulong) ms * 1000);
    }
}

static void
handle_request (SvVision *vision, const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autofree guint8 *rgb = NULL;
  g_autofree char *message = NULL;
  JsonObject *req;
  const char *path, *code = NULL;
  gint64 id = -1, orientation = 0, pixel_limit = DEFAULT_PIXEL_LIMIT;
  gboolean want_faces = TRUE, want_labels = TRUE;
  SvVisionFace *faces = NULL;
  SvVisionLabel labels[MAX_LABELS];
  int w = 0, h = 0, n_faces = 0, n_labels = 0;

  node = sv_json_parse_strict (line, strlen (line), MAX_LINE, 16, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      write_error (-1, "request", "not a JSON object");
      return;
    }
  req = json_node_get_object (node);
  if (!sv_json_object_get_int (req, "id", &id) || id < 0)
    {
      write_error (-1, "request", "missing id");
      return;
    }
  path = sv_json_object_get_string (req, "path");
  if (path == NULL || !g_path_is_absolute (path))
    {
      write_error (id, "request", "missing or relative path");
      return;
    }
  sv_json_object_get_int (req, "orientation", &orientation);
  if (sv_json_object_get_int (req, "pixel_limit", &pixel_limit) && pixel_limit <= 0)
    pixel_limit = DEFAULT_PIXEL_LIMIT;
  if (json_object_has_member (req, "faces"))
    want_faces = json_object_get_boolean_member_with_default (req, "faces", TRUE);
  if (json_object_has_member (req, "labels"))
    want_labels = json_object_get_boolean_member_with_default (req, "labels", TRUE);

  test_hooks (path);

  rgb = decode (path, (int) orientation, pixel_limit, &w, &h, &code, &message);
  if (rgb == NULL)
    {
      write_error (id, code, message);
      return;
    }

  if (want_faces)
    {
      faces = g_new0 (SvVisionFace, MAX_FACES);
      n_faces =
          sv_vision_detect_faces (vision, rgb, w, h, (size_t) w * 3, faces, MAX_FACES, &message);
      if (n_faces < 0)
        {
          write_error (id, "analysis", message ? message : "face detection failed");
          g_free (faces);
          return;
        }
    }
  if (want_labels)
    {
      n_labels = sv_vision_label (vision, rgb, w, h, (size_t) w * 3, labels, MAX_LABELS, &message);
      if (n_labels < 0)
        {
          write_error (id, "analysis", message ? message : "labelling failed");
          g_free (faces);
          return;
        }
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "id", id);
  sv_json_builder_add_int (b, "width", w);
  sv_json_builder_add_int (b, "height", h);
  json_builder_set_member_name (b, "faces");
  json_builder_begin_array (b);
  for (int i = 0; i < n_faces; i++)
    {
      SvVisionFace *f = &faces[i];
      g_autofree char *desc = descriptor_base64 (f->descriptor);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "box");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, f->x / w);
      json_builder_add_double_value (b, f->y / h);
      json_builder_add_double_value (b, f->w / w);
      json_builder_add_double_value (b, f->h / h);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "landmarks");
      json_builder_begin_array (b);
      for (int k = 0; k < 10; k++)
        json_builder_add_double_value (b, f->landmarks[k] / (k % 2 == 0 ? w : h));
      json_builder_end_array (b);
      sv_json_builder_add_double (b, "score", f->score);
      sv_json_builder_add_string (b, "descriptor", desc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (int i = 0; i < n_labels; i++)
    {
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "id", labels[i].id);
      sv_json_builder_add_string (b, "en", labels[i].name_en);
      sv_json_builder_add_string (b, "fr", labels[i].name_fr);
      sv_json_builder_add_double (b, "score", labels[i].score);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  reply = json_builder_get_root (b);
  write_node (reply);
  g_free (faces);
}

int
main (int argc, char **argv)
{
  g_autofree char *models_dir = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *buf = NULL;
  char *load_error = NULL;
  struct sigaction sa = { 0 };
  SvVision *vision;
  gboolean too_long;

  /* Low priority: analysis never competes with the user's work. */
  if (setpriority (PRIO_PROCESS, 0, 10) != 0)
    g_debug ("setpriority failed: %s", g_strerror (errno));

  sa.sa_handler = on_sigterm;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns */
  sigaction (SIGTERM, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  models_dir = argc > 1 ? g_strdup (argv[1]) : sv_analysis_find_models_dir (&reason);
  if (models_dir == NULL)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "fatal", reason ? reason : "no models");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      write_node (root);
      return 2;
    }
  vision = sv_vision_new (models_dir, &load_error);
  if (vision == NULL)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "fatal", load_error ? load_error : "cannot load the models");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      write_node (root);
      free (load_error);
      return 2;
    }

  {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonNode) root = NULL;

    json_builder_begin_object (b);
    sv_json_builder_add_bool (b, "ready", TRUE);
    sv_json_builder_add_int (b, "version", SV_VISION_VERSION);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    write_node (root);
  }

  buf = g_malloc (MAX_LINE + 1);
  while (!stop_requested && read_line (buf, MAX_LINE + 1, &too_long))
    {
      if (too_long)
        {
          write_error (-1, "request", "request line too long");
          continue;
        }
      if (buf[0] == '\0')
        continue;
      busy = 1;
      handle_request (vision, buf);
      busy = 0;
    }
  sv_vision_free (vision);
  return 0;
}
