/* sv-thumbnailer.c: grid and preview thumbnails from one decode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a thumbnail is made (see sv_thumbnailer_generate_full):
 *
 * 1. The source is fed to a GdkPixbufLoader in blocks. In "size-prepared"
 *    (before any pixel memory is allocated) the declared size is checked
 *    against the pixel limit; over the limit the loader is told to load a
 *    0 x 0 image, which every gdk-pixbuf loader takes as "stop, do not
 *    allocate", and the file is refused with SV_ERROR_TOO_LARGE. A
 *    decompression bomb therefore costs a few kilobytes of reading.
 *    (heif-gdk-pixbuf only reports the size after decoding, so for HEIF
 *    and AVIF only libheif's own size limits apply before the decode.)
 * 2. For JPEG, the loader is asked for the exact size of the libjpeg DCT
 *    scaling (1/2, 1/4 or 1/8) that is the smallest still at least as big as
 *    the preview (1600 px long edge) and the grid thumbnail (360 px short
 *    edge). libjpeg then decodes directly at that size (a 4000x3000 photo is
 *    decoded as 2000x1500: ~52 ms instead of ~80 ms for a full decode here)
 *    and the loader does not rescale, since the size asked for is the size
 *    it gets. Other formats are decoded at full size (their loaders would
 *    only decode fully and rescale anyway).
 * 3. Transparency is flattened on white, then the preview is scaled from
 *    the decoded image with our own area-averaging scaler (downscale_rgb:
 *    ~10 ms where gdk_pixbuf_scale_simple () takes ~40 ms), applying the
 *    EXIF orientation while writing the pixels (gdk_pixbuf_rotate_simple ()
 *    would add ~18 ms), unless the decoder already applied it. The grid
 *    thumbnail is scaled from the upright preview (~3 ms), or from the
 *    decoded image for panoramas whose preview is thinner than 360 px.
 *    Never upscaled. Output memory comes from a per-thread pool
 *    (new_pooled_pixbuf) to avoid page-faulting fresh buffers every photo.
 * 4. Both are encoded as JPEG quality 85 (~13 ms for both, with the write)
 *    and written atomically: a temporary file in the same folder, then
 *    rename(). No fsync: thumbnails can always be rebuilt, and an fdatasync
 *    per file would cost more than the thumbnail itself on a slow disk.
 *    After a crash a file is either absent, complete, or (if the filesystem
 *    lost data it had not yet written) damaged, and damaged files are
 *    caught by sv_thumbnailer_has_valid () (JPEG SOI at the start, EOI at
 *    the end, non-trivial size) or by the UI failing to decode them and
 *    calling sv_thumbnailer_invalidate (). A crash between the two steps
 *    can leave a "<hash>.jpg.XXXXXX" temporary file; it is never read.
 *
 * Damaged sources: the rows a loader actually decoded are tracked through
 * "area-updated". When a loader reports an error but decoded some rows (a
 * JPEG cut short), the decoded part is kept and the rest painted grey, as
 * image viewers show it: the user still sees which photo it is. When it
 * decoded no row at all (a header without usable image data; the loader
 * may still hand out an image of uninitialised memory), the file is
 * refused with SV_ERROR_CORRUPT, never shown as garbage.
 */
#define G_LOG_DOMAIN "sv-thumbnailer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-error.h"
#include "sv-hash.h"
#include "sv-jpeg-writer.h"
#include "sv-media-reader.h"
#include "sv-thumbnailer.h"

struct _SvThumbnailer
{
  GObject parent_instance;

  char *cache_dir;

  /* Hashes being generated right now, so that two threads asked for the
   * same hash do the work once. */
  GMutex inflight_lock;
  GCond inflight_cond;
  GHashTable *inflight;
};

G_DEFINE_FINAL_TYPE (SvThumbnailer, sv_thumbnailer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CACHE_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Bytes fed to the loader at a time. */
#define READ_BLOCK_SIZE (256 * 1024)
/* Refuse source files bigger than this (the HEIF loader keeps the whole
 * file in memory). */
#define MAX_SOURCE_BYTES ((goffset) 1024 * 1024 * 1024)
/* Smallest plausible thumbnail file: anything shorter is damaged. */
#define MIN_THUMB_BYTES 128
#define JPEG_QUALITY 85

typedef struct
{
  guint64 max_pixels;
  int source_width;
  int source_height;
  gboolean too_large;
  gboolean bad_size;
  /* Rows 0 .. decoded_rows - 1 of the loader's pixbuf hold decoded
   * pixels (from "area-updated"). */
  int decoded_rows;
} DecodeState;

static const char *
size_folder (SvThumbSize size)
{
  switch (size)
    {
      case SV_THUMB_SIZE_GRID:
        return "grid";
      case SV_THUMB_SIZE_PREVIEW:
        return "preview";
      default:
        g_assert_not_reached ();
    }
  return NULL;
}

static char *
build_path (SvThumbnailer *self, const char *sha256, SvThumbSize size)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);

  return g_build_filename (self->cache_dir, size_folder (size), prefix, name, NULL);
}

static gboolean
check_sha256 (const char *sha256, GError **error)
{
  if (sha256 != NULL && sv_sha256_hex_is_valid (sha256))
    return TRUE;

  g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("“%s” is not a valid content hash"),
               sha256 != NULL ? sha256 : "");
  return FALSE;
}

/* ceil (a / b) for positive values, as libjpeg's jdiv_round_up (). */
static int
div_round_up (int a, int b)
{
  return (int) (((gint64) a + b - 1) / b);
}

/* The largest libjpeg DCT scale denominator (1, 2, 4, 8) whose output is
 * still big enough for the preview and the grid thumbnail. */
static int
pick_scale_denom (int width, int height)
{
  int long_edge = MAX (width, height);
  int short_edge = MIN (width, height);
  int need_long = MIN (long_edge, SV_THUMB_PREVIEW_LONG_EDGE);
  int need_short = MIN (short_edge, SV_THUMB_GRID_SHORT_EDGE);

  for (int denom = 8; denom > 1; denom /= 2)
    {
      if (div_round_up (long_edge, denom) >= need_long &&
          div_round_up (short_edge, denom) >= need_short)
        return denom;
    }
  return 1;
}

static void
on_loader_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  DecodeState *state = user_data;
  GdkPixbufFormat *format;
  int denom;

  state->source_width = width;
  state->source_height = height;

  if (width <= 0 || height <= 0)
    {
      state->bad_size = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if ((guint64) width * (guint64) height > state->max_pixels)
    {
      /* 0 x 0 tells the loader to stop without allocating anything. */
      state->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  format = gdk_pixbuf_loader_get_format (loader);
  if (format == NULL)
    return;

  {
    g_autofree char *name = gdk_pixbuf_format_get_name (format);

    if (g_strcmp0 (name, "jpeg") != 0)
      return;
  }

  denom = pick_scale_denom (width, height);
  if (denom > 1)
    gdk_pixbuf_loader_set_size (loader, div_round_up (width, denom), div_round_up (height, denom));
}

static void
on_loader_area_updated_cb (GdkPixbufLoader *loader,
                           int x,
                           int y,
                           int width,
                           int height,
                           gpointer user_data)
{
  DecodeState *state = user_data;

  if (y >= 0 && height > 0 && y + height > state->decoded_rows)
    state->decoded_rows = y + height;
}

/* Paints rows @first_row .. end of @pixbuf mid-grey: the part of a damaged
 * file that could not be decoded (the loader leaves that memory
 * uninitialised). */
static void
fill_missing_rows (GdkPixbuf *pixbuf, int first_row)
{
  int height = gdk_pixbuf_get_height (pixbuf);
  gsize stride = (gsize) gdk_pixbuf_get_rowstride (pixbuf);
  gsize row_bytes =
      (gsize) gdk_pixbuf_get_width (pixbuf) * (gsize) gdk_pixbuf_get_n_channels (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = MAX (first_row, 0); y < height; y++)
    memset (pixels + (gsize) y * stride, 0x80, row_bytes);
}

static void
set_too_large_error (GError **error,
                     const char *display_name,
                     int width,
                     int height,
                     guint64 max_pixels)
{
  g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
               _ ("The image “%s” is too large (%d × %d pixels); the limit is "
                  "%g megapixels"),
               display_name, width, height, (double) max_pixels / 1e6);
}

/* HEIF and AVIF: heif-gdk-pixbuf decodes the whole image before it reports
 * the size, so "size-prepared" comes too late to stop a decompression bomb.
 * This reads the declared sizes from the container instead: the 'ispe'
 * (image spatial extents) properties in meta > iprp > ipco. A file holding
 * any image bigger than the limit is refused (the primary image is one of
 * them; grid tiles and thumbnails are smaller). Bounded by @len (the first
 * block of the file) and by a depth limit. */
#define BOX_HEADER 8

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | (guint32) p[3];
}

static void
heif_scan_boxes (const guchar *data, gsize len, guint depth, int *max_width, int *max_height)
{
  gsize pos = 0;

  if (depth > 4)
    return;

  while (len - pos >= BOX_HEADER)
    {
      guint64 size = read_be32 (data + pos);
      const guchar *type = data + pos + 4;
      gsize header = BOX_HEADER;

      if (size == 1)
        {
          if (len - pos < 16)
            return;
          size = (guint64) read_be32 (data + pos + 8) << 32 | read_be32 (data + pos + 12);
          header = 16;
        }
      else if (size == 0)
        size = len - pos; /* to the end */
      if (size < header)
        return; /* corrupt */
      /* A box running past what we have: look inside what we have. */
      if (size > len - pos)
        size = len - pos;

      if (memcmp (type, "meta", 4) == 0 && size >= header + 4)
        /* FullBox: version and flags first. */
        heif_scan_boxes (data + pos + header + 4, size - header - 4, depth + 1, max_width,
                         max_height);
      else if (memcmp (type, "iprp", 4) == 0 || memcmp (type, "ipco", 4) == 0)
        heif_scan_boxes (data + pos + header, size - header, depth + 1, max_width, max_height);
      else if (memcmp (type, "ispe", 4) == 0 && size >= header + 12)
        {
          guint32 width = read_be32 (data + pos + header + 4);
          guint32 height = read_be32 (data + pos + header + 8);

          if ((guint64) width * height > (guint64) *max_width * (guint64) *max_height)
            {
              *max_width = (int) MIN (width, (guint32) G_MAXINT);
              *max_height = (int) MIN (height, (guint32) G_MAXINT);
            }
        }

      pos += (gsize) size;
    }
}

/* Largest image size declared by the HEIF/AVIF container at the start of
 * @data, or FALSE when @data is not one (or declares none). */
static gboolean
heif_declared_size (const guchar *data, gsize len, int *width, int *height)
{
  *width = 0;
  *height = 0;
  if (len < 12 || memcmp (data + 4, "ftyp", 4) != 0)
    return FALSE;
  heif_scan_boxes (data, len, 0, width, height);
  return *width > 0 && *height > 0;
}

/* Decodes @source_path, at a reduced size for JPEG. Returns the pixbuf with
 * any alpha channel kept. */
static GdkPixbuf *
decode_source (const char *source_path,
               guint64 max_pixels,
               int *source_width,
               int *source_height,
               GCancellable *cancellable,
               GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (source_path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GError) close_error = NULL;
  g_autofree char *display_name = g_filename_display_basename (source_path);
  g_autofree guchar *buffer = NULL;
  DecodeState state = { 0 };
  gboolean write_failed = FALSE;
  gboolean read_anything = FALSE;
  GdkPixbuf *pixbuf;

  state.max_pixels = max_pixels;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SV_ERROR,
                     g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                         ? SV_ERROR_NOT_FOUND
                         : SV_ERROR_IO,
                     _ ("Could not open “%s”: %s"), display_name, local_error->message);
      return NULL;
    }

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) > MAX_SOURCE_BYTES)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The file “%s” is too large to make a thumbnail of"), display_name);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_loader_size_prepared_cb), &state);
  g_signal_connect (loader, "area-updated", G_CALLBACK (on_loader_area_updated_cb), &state);

  buffer = g_malloc (READ_BLOCK_SIZE);
  {
    goffset total = 0;

    for (;;)
      {
        gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_BLOCK_SIZE,
                                        cancellable, &local_error);
        if (n < 0)
          break;
        if (n == 0)
          break;
        if (!read_anything)
          {
            int width;
            int height;

            if (heif_declared_size (buffer, (gsize) n, &width, &height) &&
                (guint64) width * (guint64) height > max_pixels)
              {
                state.source_width = width;
                state.source_height = height;
                state.too_large = TRUE;
                read_anything = TRUE;
                break;
              }
          }
        read_anything = TRUE;
        total += n;
        if (total > MAX_SOURCE_BYTES)
          {
            state.too_large = TRUE;
            break;
          }
        if (!gdk_pixbuf_loader_write (loader, buffer, (gsize) n, &local_error))
          {
            write_failed = TRUE;
            break;
          }
        if (state.too_large || state.bad_size)
          break;
      }
  }

  /* Always close the loader (it complains when finalized open). */
  gdk_pixbuf_loader_close (loader, &close_error);

  if (local_error != NULL && !write_failed)
    {
      /* A read error or cancellation. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not read “%s”: %s"), display_name,
                     local_error->message);
      return NULL;
    }

  if (source_width != NULL)
    *source_width = state.source_width;
  if (source_height != NULL)
    *source_height = state.source_height;

  if (state.too_large)
    {
      if (state.source_width > 0 && state.source_height > 0)
        set_too_large_error (error, display_name, state.source_width, state.source_height,
                             max_pixels);
      else
        g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                     _ ("The file “%s” is too large to make a thumbnail of"), display_name);
      return NULL;
    }

  if (!read_anything)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The file “%s” is empty"), display_name);
      return NULL;
    }

  if (state.bad_size)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("The image “%s” is damaged: it declares an invalid size"), display_name);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || gdk_pixbuf_get_width (pixbuf) <= 0 || gdk_pixbuf_get_height (pixbuf) <= 0)
    {
      const GError *why = local_error != NULL ? local_error : close_error;

      if (why != NULL && g_error_matches (why, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
        g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                     _ ("“%s” is not in an image format Souvenir can read"), display_name);
      else
        g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                     _ ("The image “%s” is damaged and could not be read"), display_name);
      return NULL;
    }

  if (local_error != NULL || close_error != NULL)
    {
      const GError *why = local_error != NULL ? local_error : close_error;

      /* A damaged file: keep what was decoded, refuse it if nothing was. */
      if (state.decoded_rows <= 0)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                       _ ("The image “%s” is damaged and could not be read"), display_name);
          return NULL;
        }
      g_debug ("%s: partial decode kept (%d of %d rows): %s", source_path, state.decoded_rows,
               gdk_pixbuf_get_height (pixbuf), why->message);
      fill_missing_rows (pixbuf, state.decoded_rows);
    }

  return g_object_ref (pixbuf);
}

/* New opaque RGB pixbuf: @src composited over white. */
static GdkPixbuf *
flatten_alpha (GdkPixbuf *src)
{
  int width = gdk_pixbuf_get_width (src);
  int height = gdk_pixbuf_get_height (src);
  int src_stride = gdk_pixbuf_get_rowstride (src);
  const guchar *src_pixels = gdk_pixbuf_read_pixels (src);
  GdkPixbuf *dest;
  int dest_stride;
  guchar *dest_pixels;

  g_assert (gdk_pixbuf_get_has_alpha (src));
  g_assert (gdk_pixbuf_get_n_channels (src) == 4);

  dest = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (dest == NULL)
    return NULL;
  dest_stride = gdk_pixbuf_get_rowstride (dest);
  dest_pixels = gdk_pixbuf_get_pixels (dest);

  for (int y = 0; y < height; y++)
    {
      const guchar *s = src_pixels + (gsize) y * src_stride;
      guchar *d = dest_pixels + (gsize) y * dest_stride;

      for (int x = 0; x < width; x++, s += 4, d += 3)
        {
          guint a = s[3];
          guint white = 255 * (255 - a);

          d[0] = (guchar) ((s[0] * a + white + 127) / 255);
          d[1] = (guchar) ((s[1] * a + white + 127) / 255);
          d[2] = (guchar) ((s[2] * a + white + 127) / 255);
        }
    }
  return dest;
}

/* Area-averaging downscaler (separable, 8-bit fixed point weights).
 *
 * gdk_pixbuf_scale_simple () takes ~40 ms to bring a 2000x1500 decode to
 * 1600x1200 on this class of machine (its generic filter machinery), about
 * as long as the decode itself; this takes a few milliseconds. Each output
 * pixel is the average of the source area it covers (a box filter with
 * fractional edge weights), which is what a downscale wants: no aliasing
 * and no blur beyond the pixel footprint.
 *
 * The weights of one output pixel sum to exactly 256, so sums of 8-bit
 * samples times weights fit 16 bits (255 * 256 + 128 < 65536), whatever
 * the number of taps:
 * - the vertical pass (first, on whole rows) runs on vectors of 16-bit
 *   lanes (GCC/Clang vector extensions, SSE2 on x86-64);
 * - the vertical pass keeps its 16-bit results (one per byte of the row),
 *   so that the horizontal pass, on the already reduced number of rows,
 *   loads the three channels of a pixel as the 16-bit lanes of one 64-bit
 *   integer (one unaligned load, the fourth lane masked off): each tap
 *   costs one multiply instead of three, and no pass converts the row.
 * Weights quantised to 1/256 change a result by at most about one level.
 * Only for opaque RGB. */
#define WEIGHT_BITS 8
#define WEIGHT_ONE (1 << WEIGHT_BITS)
#define LANES 16

typedef guint8 SvU8x16 __attribute__ ((vector_size (LANES)));
typedef guint16 SvU16x16 __attribute__ ((vector_size (LANES * 2)));

typedef struct
{
  int n_taps;       /* same for every output index (zero weights pad) */
  int *start;       /* first source index of each output index */
  guint16 *weights; /* n_taps per output index, summing to WEIGHT_ONE */
} Taps;

static void
taps_clear (Taps *taps)
{
  g_clear_pointer (&taps->start, g_free);
  g_clear_pointer (&taps->weights, g_free);
}

static void
source_span (double ratio, int src_len, int i, double *lo, double *hi, int *first, int *end)
{
  /* The epsilons keep float noise from adding an empty tap. */
  *lo = i * ratio;
  *hi = MIN ((i + 1) * ratio, (double) src_len);
  *first = CLAMP ((int) floor (*lo + 1e-9), 0, src_len - 1);
  *end = CLAMP ((int) ceil (*hi - 1e-9), *first + 1, src_len);
}

static void
taps_init (Taps *taps, int src_len, int dst_len)
{
  double ratio = (double) src_len / dst_len;
  int n_taps = 1;

  g_assert (dst_len > 0 && src_len >= dst_len);

  for (int i = 0; i < dst_len; i++)
    {
      double lo, hi;
      int first, end;

      source_span (ratio, src_len, i, &lo, &hi, &first, &end);
      n_taps = MAX (n_taps, end - first);
    }

  taps->n_taps = n_taps;
  taps->start = g_new (int, dst_len);
  taps->weights = g_new0 (guint16, (gsize) dst_len * n_taps);

  for (int i = 0; i < dst_len; i++)
    {
      guint16 *w = taps->weights + (gsize) i * n_taps;
      double lo, hi;
      int first, end;
      int start;
      int sum = 0;
      int best;

      source_span (ratio, src_len, i, &lo, &hi, &first, &end);
      /* Same number of taps everywhere: shift the window back at the far
       * edge, the extra taps get zero weight. */
      start = MIN (first, src_len - n_taps);
      best = first - start;

      for (int j = first; j < end; j++)
        {
          double a = MAX (lo, (double) j);
          double b = MIN (hi, (double) (j + 1));
          /* Rounded down: the sum never exceeds WEIGHT_ONE. */
          int weight = b > a ? (int) floor ((b - a) / ratio * WEIGHT_ONE) : 0;
          int k = j - start;

          w[k] = (guint16) weight;
          sum += weight;
          if (w[k] > w[best])
            best = k;
        }
      /* The rounding leftover (at most one per tap) goes to the biggest
       * tap: the weights sum to exactly WEIGHT_ONE. */
      w[best] = (guint16) ((int) w[best] + WEIGHT_ONE - sum);
      taps->start[i] = start;
    }
}

/* One output row of the vertical pass: weighted sum of @n_taps rows
 * @stride apart starting at @in, one 16-bit result (0..255) per byte.
 * Inlined with a constant @n_taps so the compiler unrolls the tap loop and
 * keeps the sums in registers. */
static inline __attribute__ ((always_inline)) void
vertical_row (const guchar *in,
              gsize stride,
              int n_taps,
              const guint16 *weights,
              guint16 *out,
              gsize row_bytes)
{
  gsize i = 0;

  for (; i + LANES <= row_bytes; i += LANES)
    {
      SvU16x16 acc = { 0 };

      acc += WEIGHT_ONE / 2;
      for (int k = 0; k < n_taps; k++)
        {
          SvU8x16 v;

          memcpy (&v, in + (gsize) k * stride + i, sizeof v);
          acc += __builtin_convertvector(v, SvU16x16) * weights[k];
        }
      acc >>= WEIGHT_BITS;
      memcpy (out + i, &acc, sizeof acc);
    }

  for (; i < row_bytes; i++)
    {
      guint sum = WEIGHT_ONE / 2;

      for (int k = 0; k < n_taps; k++)
        sum += in[(gsize) k * stride + i] * (guint) weights[k];
      out[i] = (guint16) (sum >> WEIGHT_BITS);
    }
}

/* The channels of pixel @x of a vertical-pass row as three 16-bit lanes of
 * one integer (red lowest): one unaligned 8-byte load (the row has one
 * 16-bit value of padding), the fourth value masked off. */
static inline __attribute__ ((always_inline)) guint64
pixel_lanes (const guint16 *row16, int x)
{
  const guint16 *p = row16 + 3 * (gsize) x;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  guint64 lanes;

  memcpy (&lanes, p, sizeof lanes);
  return lanes & G_GUINT64_CONSTANT (0xFFFFFFFFFFFF);
#else
  return (guint64) p[0] | (guint64) p[1] << 16 | (guint64) p[2] << 32;
#endif
}

/* One output row of the horizontal pass, from @row16 (the vertical pass's
 * 16-bit values). Successive pixels go @out_step bytes apart: 3 for a plain
 * row, -3 for a mirrored one, plus or minus the row stride when the
 * orientation turns rows into columns. */
static inline __attribute__ ((always_inline)) void
horizontal_row (const guint16 *row16,
                const Taps *taps,
                int n_taps,
                guchar *out,
                gssize out_step,
                int dst_width)
{
  const guint64 half = (guint64) (WEIGHT_ONE / 2) *
                       (1 | (G_GUINT64_CONSTANT (1) << 16) | (G_GUINT64_CONSTANT (1) << 32));
  const guint16 *w = taps->weights;

  for (int x = 0; x < dst_width; x++, out += out_step, w += n_taps)
    {
      int start = taps->start[x];
      guint64 sum = half;

      for (int k = 0; k < n_taps; k++)
        sum += pixel_lanes (row16, start + k) * w[k];
      out[0] = (guchar) (sum >> WEIGHT_BITS);
      out[1] = (guchar) (sum >> (16 + WEIGHT_BITS));
      out[2] = (guchar) (sum >> (32 + WEIGHT_BITS));
    }
}

#define UNROLLED_CASES(CALL)                                                                       \
  case 1:                                                                                          \
    CALL (1);                                                                                      \
    break;                                                                                         \
  case 2:                                                                                          \
    CALL (2);                                                                                      \
    break;                                                                                         \
  case 3:                                                                                          \
    CALL (3);                                                                                      \
    break;                                                                                         \
  case 4:                                                                                          \
    CALL (4);                                                                                      \
    break;                                                                                         \
  case 5:                                                                                          \
    CALL (5);                                                                                      \
    break;                                                                                         \
  case 6:                                                                                          \
    CALL (6);                                                                                      \
    break;                                                                                         \
  case 7:                                                                                          \
    CALL (7);                                                                                      \
    break;                                                                                         \
  case 8:                                                                                          \
    CALL (8);                                                                                      \
    break;

/* Output pixels come from a small per-thread pool. A fresh 1600x1200
 * buffer is 5.8 MB: malloc () maps it anew for every photo and the kernel
 * then zero-fills it page by page on first write, which cost 5-10 ms per
 * photo on the test machine (a VM, where page faults are slow). The pool
 * keeps up to POOL_SLOTS buffers of at most POOL_MAX_BYTES per thread
 * (freed when the thread ends): the importer's threads reuse the same
 * memory for every photo. */
#define POOL_SLOTS 2
#define POOL_MAX_BYTES ((gsize) 8 * 1024 * 1024)

typedef struct
{
  guchar *data[POOL_SLOTS];
  gsize size[POOL_SLOTS];
} PixelPool;

static void
pixel_pool_free (gpointer data)
{
  PixelPool *pool = data;

  for (int i = 0; i < POOL_SLOTS; i++)
    g_free (pool->data[i]);
  g_free (pool);
}

static GPrivate pixel_pool_key = G_PRIVATE_INIT (pixel_pool_free);

static PixelPool *
pixel_pool_get (void)
{
  PixelPool *pool = g_private_get (&pixel_pool_key);

  if (pool == NULL)
    {
      pool = g_new0 (PixelPool, 1);
      g_private_set (&pixel_pool_key, pool);
    }
  return pool;
}

/* GdkPixbufDestroyNotify: back to this thread's pool (in place of its
 * smallest buffer when the pool is full), or freed. */
static void
pixel_pool_release (guchar *pixels, gpointer data)
{
  gsize size = GPOINTER_TO_SIZE (data);
  PixelPool *pool = pixel_pool_get ();
  int smallest = 0;

  for (int i = 0; i < POOL_SLOTS; i++)
    {
      if (pool->data[i] == NULL)
        {
          pool->data[i] = pixels;
          pool->size[i] = size;
          return;
        }
      if (pool->size[i] < pool->size[smallest])
        smallest = i;
    }

  if (pool->size[smallest] < size)
    {
      g_free (pool->data[smallest]);
      pool->data[smallest] = pixels;
      pool->size[smallest] = size;
    }
  else
    g_free (pixels);
}

/* A new opaque RGB pixbuf whose memory comes from the pool when it fits.
 * NULL when out of memory. */
static GdkPixbuf *
new_pooled_pixbuf (int width, int height)
{
  gsize stride = ((gsize) width * 3 + 3) & ~(gsize) 3;
  gsize needed;
  PixelPool *pool;
  guchar *pixels = NULL;
  gsize size = 0;
  int best = -1;

  if (width <= 0 || height <= 0 || (gsize) height > G_MAXSIZE / stride)
    return NULL;
  needed = stride * (gsize) height;
  if (needed > POOL_MAX_BYTES)
    return gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  /* The smallest pooled buffer that is big enough. */
  pool = pixel_pool_get ();
  for (int i = 0; i < POOL_SLOTS; i++)
    if (pool->data[i] != NULL && pool->size[i] >= needed &&
        (best < 0 || pool->size[i] < pool->size[best]))
      best = i;

  if (best >= 0)
    {
      pixels = pool->data[best];
      size = pool->size[best];
      pool->data[best] = NULL;
      pool->size[best] = 0;
    }
  else
    {
      size = needed;
      pixels = g_try_malloc (size);
      if (pixels == NULL)
        return NULL;
    }

  return gdk_pixbuf_new_from_data (pixels, GDK_COLORSPACE_RGB, FALSE, 8, width, height,
                                   (int) stride, pixel_pool_release, GSIZE_TO_POINTER (size));
}

/* Returns a new opaque RGB pixbuf: @src scaled to @dst_width x
 * @dst_height, then turned upright for EXIF @orientation (1..8; for 5..8
 * the result is @dst_height x @dst_width). The orientation is applied while
 * writing the output pixels, so it costs nothing extra
 * (gdk_pixbuf_rotate_simple () takes ~18 ms on a 1600x1200 image). NULL
 * when out of memory. @src must be opaque RGB, at least as big in both
 * directions. */
static GdkPixbuf *
downscale_rgb (GdkPixbuf *src, int dst_width, int dst_height, int orientation)
{
  int src_width = gdk_pixbuf_get_width (src);
  int src_height = gdk_pixbuf_get_height (src);
  gsize src_stride = (gsize) gdk_pixbuf_get_rowstride (src);
  const guchar *src_pixels = gdk_pixbuf_read_pixels (src);
  gsize row_bytes = (gsize) src_width * 3;
  g_autofree guint16 *row16 = NULL;
  Taps vtaps = { 0 };
  Taps htaps = { 0 };
  GdkPixbuf *dst;
  gsize dst_stride;
  guchar *dst_pixels;

  gboolean transposed = orientation >= 5 && orientation <= 8;
  int out_width = transposed ? dst_height : dst_width;
  int out_height = transposed ? dst_width : dst_height;

  g_assert (gdk_pixbuf_get_n_channels (src) == 3);
  g_assert (dst_width <= src_width && dst_height <= src_height);

  dst = new_pooled_pixbuf (out_width, out_height);
  /* One value of padding for pixel_lanes ()'s 8-byte load of the last pixel. */
  row16 = g_try_new (guint16, row_bytes + 1);
  if (dst == NULL || row16 == NULL)
    {
      g_clear_object (&dst);
      return NULL;
    }
  dst_stride = (gsize) gdk_pixbuf_get_rowstride (dst);
  dst_pixels = gdk_pixbuf_get_pixels (dst);

  taps_init (&vtaps, src_height, dst_height);
  taps_init (&htaps, src_width, dst_width);

  /* Row by row: vertical pass into one row of src_width pixels (a small
   * buffer that stays in cache, no intermediate image to allocate and
   * fault in), then the horizontal pass into the output row. */
  for (int y = 0; y < dst_height; y++)
    {
      const guchar *in = src_pixels + (gsize) vtaps.start[y] * src_stride;
      const guint16 *w = vtaps.weights + (gsize) y * vtaps.n_taps;
      guchar *out;
      gssize out_step;

      /* Where pixel (0, y) of the scaled image lands, and how far apart
       * its row's pixels are, in the upright output. */
      switch (orientation)
        {
          case 2: /* mirrored */
            out = dst_pixels + (gsize) y * dst_stride + (gsize) (dst_width - 1) * 3;
            out_step = -3;
            break;
          case 3: /* upside down */
            out = dst_pixels + (gsize) (dst_height - 1 - y) * dst_stride +
                  (gsize) (dst_width - 1) * 3;
            out_step = -3;
            break;
          case 4: /* mirrored upside down */
            out = dst_pixels + (gsize) (dst_height - 1 - y) * dst_stride;
            out_step = 3;
            break;
          case 5: /* transposed */
            out = dst_pixels + (gsize) y * 3;
            out_step = (gssize) dst_stride;
            break;
          case 6: /* turn 90 degrees clockwise */
            out = dst_pixels + (gsize) (dst_height - 1 - y) * 3;
            out_step = (gssize) dst_stride;
            break;
          case 7: /* transverse */
            out = dst_pixels + (gsize) (dst_width - 1) * dst_stride +
                  (gsize) (dst_height - 1 - y) * 3;
            out_step = -(gssize) dst_stride;
            break;
          case 8: /* turn 90 degrees counter-clockwise */
            out = dst_pixels + (gsize) (dst_width - 1) * dst_stride + (gsize) y * 3;
            out_step = -(gssize) dst_stride;
            break;
          case 1:
          default:
            out = dst_pixels + (gsize) y * dst_stride;
            out_step = 3;
            break;
        }

#define VERTICAL(N) vertical_row (in, src_stride, N, w, row16, row_bytes)
      switch (vtaps.n_taps)
        {
          UNROLLED_CASES (VERTICAL)
          default:
            VERTICAL (vtaps.n_taps);
        }
#undef VERTICAL

#define HORIZONTAL(N) horizontal_row (row16, &htaps, N, out, out_step, dst_width)
      switch (htaps.n_taps)
        {
          UNROLLED_CASES (HORIZONTAL)
          default:
            HORIZONTAL (htaps.n_taps);
        }
#undef HORIZONTAL
    }

  taps_clear (&vtaps);
  taps_clear (&htaps);
  return dst;
}

/* Scales opaque RGB @src so that its long edge (or short edge) is @target,
 * never up, and turns it upright for EXIF @orientation. Returns a new
 * reference, NULL when out of memory. */
static GdkPixbuf *
scale_to_edge (GdkPixbuf *src, int target, gboolean short_edge, int orientation)
{
  int width = gdk_pixbuf_get_width (src);
  int height = gdk_pixbuf_get_height (src);
  int edge = short_edge ? MIN (width, height) : MAX (width, height);
  int new_width = width;
  int new_height = height;

  if (edge > target)
    {
      double factor = (double) target / edge;

      new_width = CLAMP ((int) (width * factor + 0.5), 1, width);
      new_height = CLAMP ((int) (height * factor + 0.5), 1, height);
      /* Exact target on the chosen edge despite rounding. */
      if (short_edge == (width <= height))
        new_width = target;
      else
        new_height = target;
    }
  else if (orientation == 1)
    return g_object_ref (src);

  return downscale_rgb (src, new_width, new_height, orientation);
}

static void
set_write_error (GError **error, int saved_errno, const char *display_name)
{
  g_set_error (error, SV_ERROR,
               saved_errno == ENOSPC || saved_errno == EDQUOT ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
               _ ("Could not save the thumbnail of “%s”: %s"), display_name,
               g_strerror (saved_errno));
}

/* Writes @data to @path through a temporary file in the same folder and
 * rename(): readers see the old state or the complete new file. */
static gboolean
write_atomically (const char *path,
                  const gchar *data,
                  gsize length,
                  const char *display_name,
                  GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp_path = NULL;
  gsize done = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      set_write_error (error, errno, display_name);
      return FALSE;
    }

  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_write_error (error, errno, display_name);
      return FALSE;
    }

  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          close (fd);
          g_unlink (tmp_path);
          set_write_error (error, saved_errno, display_name);
          return FALSE;
        }
      done += (gsize) n;
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      set_write_error (error, saved_errno, display_name);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      set_write_error (error, saved_errno, display_name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_thumbnail (GdkPixbuf *pixbuf, const char *path, const char *display_name, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (!sv_jpeg_encode (pixbuf, JPEG_QUALITY, &data, &length, &local_error))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED, _ ("Could not save the thumbnail of “%s”: %s"),
                   display_name, local_error->message);
      return FALSE;
    }

  return write_atomically (path, (const char *) data, length, display_name, error);
}

static gboolean
file_is_valid_jpeg (const char *path)
{
  guchar head[3];
  guchar tail[2];
  GStatBuf st;
  gboolean ok = FALSE;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size >= MIN_THUMB_BYTES &&
      pread (fd, head, sizeof head, 0) == (gssize) sizeof head &&
      pread (fd, tail, sizeof tail, st.st_size - (off_t) sizeof tail) == (gssize) sizeof tail)
    ok =
        head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF && tail[0] == 0xFF && tail[1] == 0xD9;

  close (fd);
  return ok;
}

/* Waits until no other thread generates @sha256, then marks it ours. */
static void
inflight_acquire (SvThumbnailer *self, const char *sha256)
{
  g_mutex_lock (&self->inflight_lock);
  while (g_hash_table_contains (self->inflight, sha256))
    g_cond_wait (&self->inflight_cond, &self->inflight_lock);
  g_hash_table_add (self->inflight, g_strdup (sha256));
  g_mutex_unlock (&self->inflight_lock);
}

static void
inflight_release (SvThumbnailer *self, const char *sha256)
{
  g_mutex_lock (&self->inflight_lock);
  g_hash_table_remove (self->inflight, sha256);
  g_cond_broadcast (&self->inflight_cond);
  g_mutex_unlock (&self->inflight_lock);
}

static gboolean
generate_locked (SvThumbnailer *self,
                 const char *source_path,
                 const char *sha256,
                 int orientation,
                 gboolean decoder_applies_orientation,
                 guint64 max_pixels,
                 int *source_width,
                 int *source_height,
                 GCancellable *cancellable,
                 GError **error)
{
  g_autofree char *display_name = g_filename_display_basename (source_path);
  g_autofree char *grid_path = NULL;
  g_autofree char *preview_path = NULL;
  g_autoptr (GdkPixbuf) decoded = NULL;
  g_autoptr (GdkPixbuf) preview = NULL;
  g_autoptr (GdkPixbuf) grid = NULL;
  gint64 t_start = g_get_monotonic_time ();
  gint64 t_decoded;
  gint64 t_scaled;
  int decoded_short;
  gboolean special = FALSE;

  if (decoder_applies_orientation || orientation < 1 || orientation > 8)
    orientation = 1;

  /* Videos and RAW files: their poster frame or their embedded preview. */
  decoded = sv_media_reader_decode_picture (source_path, max_pixels, source_width, source_height,
                                            &special, cancellable, error);
  if (!special)
    decoded =
        decode_source (source_path, max_pixels, source_width, source_height, cancellable, error);
  if (decoded == NULL)
    return FALSE;

  if (gdk_pixbuf_get_has_alpha (decoded))
    {
      GdkPixbuf *opaque = flatten_alpha (decoded);

      if (opaque == NULL)
        goto out_of_memory;
      g_object_unref (decoded);
      decoded = opaque;
    }
  t_decoded = g_get_monotonic_time ();

  /* The preview comes out upright; the grid thumbnail is made from it,
   * unless it is a panorama whose preview is thinner than the grid
   * thumbnail must be. */
  preview = scale_to_edge (decoded, SV_THUMB_PREVIEW_LONG_EDGE, FALSE, orientation);
  if (preview == NULL)
    goto out_of_memory;
  decoded_short = MIN (gdk_pixbuf_get_width (decoded), gdk_pixbuf_get_height (decoded));
  if (MIN (gdk_pixbuf_get_width (preview), gdk_pixbuf_get_height (preview)) >=
      MIN (decoded_short, SV_THUMB_GRID_SHORT_EDGE))
    grid = scale_to_edge (preview, SV_THUMB_GRID_SHORT_EDGE, TRUE, 1);
  else
    grid = scale_to_edge (decoded, SV_THUMB_GRID_SHORT_EDGE, TRUE, orientation);
  if (grid == NULL)
    goto out_of_memory;
  g_clear_object (&decoded);
  t_scaled = g_get_monotonic_time ();

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  preview_path = build_path (self, sha256, SV_THUMB_SIZE_PREVIEW);
  grid_path = build_path (self, sha256, SV_THUMB_SIZE_GRID);

  /* Preview first: a grid file then implies a preview was written. */
  if (!save_thumbnail (preview, preview_path, display_name, error))
    return FALSE;
  if (!save_thumbnail (grid, grid_path, display_name, error))
    return FALSE;

  g_debug ("%s: decode %.1f ms, scale %.1f ms, encode and write %.1f ms", display_name,
           (t_decoded - t_start) / 1000.0, (t_scaled - t_decoded) / 1000.0,
           (g_get_monotonic_time () - t_scaled) / 1000.0);
  return TRUE;

out_of_memory:
  g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
               _ ("Not enough memory to make a thumbnail of “%s”"), display_name);
  return FALSE;
}

static void
sv_thumbnailer_finalize (GObject *object)
{
  SvThumbnailer *self = SV_THUMBNAILER (object);

  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->inflight, g_hash_table_unref);
  g_mutex_clear (&self->inflight_lock);
  g_cond_clear (&self->inflight_cond);

  G_OBJECT_CLASS (sv_thumbnailer_parent_class)->finalize (object);
}

static void
sv_thumbnailer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvThumbnailer *self = SV_THUMBNAILER (object);

  switch (prop_id)
    {
      case PROP_CACHE_DIR:
        g_value_set_string (value, self->cache_dir);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_thumbnailer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvThumbnailer *self = SV_THUMBNAILER (object);

  switch (prop_id)
    {
      case PROP_CACHE_DIR:
        g_free (self->cache_dir);
        self->cache_dir = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_thumbnailer_class_init (SvThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sv_thumbnailer_finalize;
  object_class->get_property = sv_thumbnailer_get_property;
  object_class->set_property = sv_thumbnailer_set_property;

  properties[PROP_CACHE_DIR] =
      g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                               G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_thumbnailer_init (SvThumbnailer *self)
{
  g_mutex_init (&self->inflight_lock);
  g_cond_init (&self->inflight_cond);
  self->inflight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SvThumbnailer *
sv_thumbnailer_new (const char *cache_dir)
{
  g_return_val_if_fail (cache_dir != NULL, NULL);

  return g_object_new (SV_TYPE_THUMBNAILER, "cache-dir", cache_dir, NULL);
}

const char *
sv_thumbnailer_get_cache_dir (SvThumbnailer *self)
{
  g_return_val_if_fail (SV_IS_THUMBNAILER (self), NULL);

  return self->cache_dir;
}

char *
sv_thumbnailer_get_path (SvThumbnailer *self, const char *sha256, SvThumbSize size)
{
  g_return_val_if_fail (SV_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (size == SV_THUMB_SIZE_GRID || size == SV_THUMB_SIZE_PREVIEW, NULL);

  if (sha256 == NULL || !sv_sha256_hex_is_valid (sha256))
    return NULL;

  return build_path (self, sha256, size);
}

gboolean
sv_thumbnailer_has_valid (SvThumbnailer *self, const char *sha256, SvThumbSize size)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SV_IS_THUMBNAILER (self), FALSE);

  path = sv_thumbnailer_get_path (self, sha256, size);
  return path != NULL && file_is_valid_jpeg (path);
}

gboolean
sv_thumbnailer_generate_full (SvThumbnailer *self,
                              const char *source_path,
                              const char *sha256,
                              int orientation,
                              gboolean decoder_applies_orientation,
                              guint64 max_pixels,
                              int *source_width,
                              int *source_height,
                              GCancellable *cancellable,
                              GError **error)
{
  gboolean ret;

  g_return_val_if_fail (SV_IS_THUMBNAILER (self), FALSE);
  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (source_width != NULL)
    *source_width = 0;
  if (source_height != NULL)
    *source_height = 0;

  if (!check_sha256 (sha256, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (max_pixels == 0)
    max_pixels = SV_THUMB_DEFAULT_MAX_PIXELS;

  inflight_acquire (self, sha256);
  ret = generate_locked (self, source_path, sha256, orientation, decoder_applies_orientation,
                         max_pixels, source_width, source_height, cancellable, error);
  inflight_release (self, sha256);

  return ret;
}

gboolean
sv_thumbnailer_generate (SvThumbnailer *self,
                         const char *source_path,
                         const char *sha256,
                         int orientation,
                         gboolean decoder_applies_orientation,
                         guint64 max_pixels,
                         GCancellable *cancellable,
                         GError **error)
{
  return sv_thumbnailer_generate_full (self, source_path, sha256, orientation,
                                       decoder_applies_orientation, max_pixels, NULL, NULL,
                                       cancellable, error);
}

char *
sv_thumbnailer_ensure (SvThumbnailer *self,
                       const char *source_path,
                       const char *sha256,
                       int orientation,
                       gboolean decoder_applies_orientation,
                       guint64 max_pixels,
                       SvThumbSize size,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autofree char *path = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (SV_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (source_path != NULL, NULL);
  g_return_val_if_fail (size == SV_THUMB_SIZE_GRID || size == SV_THUMB_SIZE_PREVIEW, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sha256 (sha256, error))
    return NULL;

  path = build_path (self, sha256, size);
  if (file_is_valid_jpeg (path))
    return g_steal_pointer (&path);

  if (max_pixels == 0)
    max_pixels = SV_THUMB_DEFAULT_MAX_PIXELS;

  inflight_acquire (self, sha256);
  /* Another thread may have made it while we waited. */
  if (!file_is_valid_jpeg (path))
    ok = generate_locked (self, source_path, sha256, orientation, decoder_applies_orientation,
                          max_pixels, NULL, NULL, cancellable, error);
  inflight_release (self, sha256);

  if (!ok)
    return NULL;

  if (!file_is_valid_jpeg (path))
    {
      g_autofree char *display_name = g_filename_display_basename (source_path);

      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("The thumbnail of “%s” could not be saved"),
                   display_name);
      return NULL;
    }

  return g_steal_pointer (&path);
}

typedef struct
{
  char *source_path;
  char *sha256;
  int orientation;
  gboolean decoder_applies_orientation;
  guint64 max_pixels;
  SvThumbSize size;
} EnsureData;

static void
ensure_data_free (EnsureData *data)
{
  g_free (data->source_path);
  g_free (data->sha256);
  g_free (data);
}

static void
ensure_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SvThumbnailer *self = source_object;
  EnsureData *data = task_data;
  GError *error = NULL;
  char *path;

  if (g_task_return_error_if_cancelled (task))
    return;

  path = sv_thumbnailer_ensure (self, data->source_path, data->sha256, data->orientation,
                                data->decoder_applies_orientation, data->max_pixels, data->size,
                                cancellable, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
sv_thumbnailer_ensure_async (SvThumbnailer *self,
                             const char *source_path,
                             const char *sha256,
                             int orientation,
                             gboolean decoder_applies_orientation,
                             guint64 max_pixels,
                             SvThumbSize size,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  EnsureData *data;

  g_return_if_fail (SV_IS_THUMBNAILER (self));
  g_return_if_fail (source_path != NULL);
  g_return_if_fail (sha256 != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_thumbnailer_ensure_async);

  data = g_new0 (EnsureData, 1);
  data->source_path = g_strdup (source_path);
  data->sha256 = g_strdup (sha256);
  data->orientation = orientation;
  data->decoder_applies_orientation = decoder_applies_orientation;
  data->max_pixels = max_pixels;
  data->size = size;
  g_task_set_task_data (task, data, (GDestroyNotify) ensure_data_free);

  g_task_run_in_thread (task, ensure_worker);
}

char *
sv_thumbnailer_ensure_finish (SvThumbnailer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SV_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sv_thumbnailer_ensure_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sv_thumbnailer_invalidate (SvThumbnailer *self, const char *sha256)
{
  g_return_if_fail (SV_IS_THUMBNAILER (self));

  if (sha256 == NULL || !sv_sha256_hex_is_valid (sha256))
    return;

  for (SvThumbSize size = SV_THUMB_SIZE_GRID; size <= SV_THUMB_SIZE_PREVIEW; size++)
    {
      g_autofree char *path = build_path (self, sha256, size);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("Could not delete %s: %s", path, g_strerror (errno));
    }
}
