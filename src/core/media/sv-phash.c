/* sv-phash.c: a 64-bit perceptual hash (DCT pHash) of a picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-phash"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sv-error.h"
#include "sv-phash.h"

#define GRID 32 /* luminance cells per side */
#define LOW 8   /* frequencies kept per axis (after the constant term) */

/* cos ((2x + 1) u π / 64) for u < LOW + 1, x < GRID */
static double dct_cos[LOW + 1][GRID];
static gsize dct_ready;

static void
ensure_dct_table (void)
{
  if (g_once_init_enter (&dct_ready))
    {
      for (int u = 0; u <= LOW; u++)
        for (int x = 0; x < GRID; x++)
          dct_cos[u][x] = cos ((2.0 * x + 1.0) * u * G_PI / (2.0 * GRID));
      g_once_init_leave (&dct_ready, 1);
    }
}

/* Area average of the luminance into GRID × GRID cells: each source pixel
 * adds to the cells it overlaps, weighted by the overlap, so that every
 * pixel counts (no aliasing from point sampling whatever the size). */
static void
average_luma (GdkPixbuf *pixbuf, double cells[GRID][GRID])
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  double sx = (double) GRID / width, sy = (double) GRID / height;
  g_autofree double *row = g_new (double, GRID);

  memset (cells, 0, sizeof (double) * GRID * GRID);
  for (int y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;
      double y0 = y * sy, y1 = (y + 1) * sy;
      int cy0 = (int) y0, cy1 = MIN ((int) y1, GRID - 1);

      memset (row, 0, sizeof (double) * GRID);
      for (int x = 0; x < width; x++, p += n_channels)
        {
          double r = p[0], g = p[1], b = p[2];
          double luma, x0 = x * sx, x1 = (x + 1) * sx;
          int cx0 = (int) x0, cx1 = MIN ((int) x1, GRID - 1);

          if (alpha)
            {
              double a = p[3] / 255.0;

              r = r * a + 255.0 * (1.0 - a);
              g = g * a + 255.0 * (1.0 - a);
              b = b * a + 255.0 * (1.0 - a);
            }
          luma = 0.299 * r + 0.587 * g + 0.114 * b;
          if (cx0 >= cx1)
            row[cx0] += luma * (x1 - x0);
          else
            {
              /* A pixel spans at most two cells when it is smaller than a
               * cell; when it is bigger (tiny pictures) it spans more. */
              for (int c = cx0; c <= cx1; c++)
                {
                  double lo = MAX (x0, (double) c), hi = MIN (x1, (double) c + 1.0);

                  if (hi > lo)
                    row[c] += luma * (hi - lo);
                }
            }
        }
      for (int c = cy0; c <= cy1; c++)
        {
          double lo = MAX (y0, (double) c), hi = MIN (y1, (double) c + 1.0);

          if (hi <= lo)
            continue;
          for (int cx = 0; cx < GRID; cx++)
            cells[c][cx] += row[cx] * (hi - lo);
        }
    }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

gboolean
sv_phash_from_pixbuf (GdkPixbuf *pixbuf, guint64 *hash)
{
  double cells[GRID][GRID];
  double rows[GRID][LOW + 1]; /* DCT along x, first LOW + 1 frequencies */
  double coeffs[LOW * LOW], sorted[LOW * LOW];
  double median;
  guint64 h = 0;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_n_channels (pixbuf) != (gdk_pixbuf_get_has_alpha (pixbuf) ? 4 : 3) ||
      gdk_pixbuf_get_width (pixbuf) < 8 || gdk_pixbuf_get_height (pixbuf) < 8)
    return FALSE;

  ensure_dct_table ();
  average_luma (pixbuf, cells);

  for (int y = 0; y < GRID; y++)
    for (int u = 0; u <= LOW; u++)
      {
        double s = 0;

        for (int x = 0; x < GRID; x++)
          s += cells[y][x] * dct_cos[u][x];
        rows[y][u] = s;
      }
  for (int v = 1; v <= LOW; v++)
    for (int u = 1; u <= LOW; u++)
      {
        double s = 0;

        for (int y = 0; y < GRID; y++)
          s += rows[y][u] * dct_cos[v][y];
        coeffs[(v - 1) * LOW + (u - 1)] = s;
      }

  memcpy (sorted, coeffs, sizeof coeffs);
  qsort (sorted, G_N_ELEMENTS (sorted), sizeof (double), compare_doubles);
  median = (sorted[LOW * LOW / 2 - 1] + sorted[LOW * LOW / 2]) / 2.0;
  for (guint i = 0; i < G_N_ELEMENTS (coeffs); i++)
    if (coeffs[i] > median)
      h |= G_GUINT64_CONSTANT (1) << i;
  *hash = h;
  return TRUE;
}

gboolean
sv_phash_from_file (const char *path, guint64 *hash, GError **error)
{
  g_autoptr (GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pixbuf = gdk_pixbuf_new_from_file (path, error);
  if (pixbuf == NULL)
    return FALSE;
  if (!sv_phash_from_pixbuf (pixbuf, hash))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED,
                   _ ("“%s” is too small or in a pixel format that cannot be compared"), display);
      return FALSE;
    }
  return TRUE;
}
