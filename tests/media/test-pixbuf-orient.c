/* test-pixbuf-orient.c: sv_pixbuf_orient () against the EXIF definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sv-pixbuf-orient.h"

/* Where the pixel shown at (x, y) comes from in a @w x @h source, for each
 * EXIF orientation (the EXIF 2.3 definition, written out independently of
 * the code under test). */
static void
source_of (int orientation, int w, int h, int x, int y, int *sx, int *sy)
{
  switch (orientation)
    {
      case 2:
        *sx = w - 1 - x, *sy = y;
        break;
      case 3:
        *sx = w - 1 - x, *sy = h - 1 - y;
        break;
      case 4:
        *sx = x, *sy = h - 1 - y;
        break;
      case 5:
        *sx = y, *sy = x;
        break;
      case 6:
        *sx = y, *sy = h - 1 - x;
        break;
      case 7:
        *sx = w - 1 - y, *sy = h - 1 - x;
        break;
      case 8:
        *sx = w - 1 - y, *sy = x;
        break;
      default:
        *sx = x, *sy = y;
        break;
    }
}

static void
test_orientations (void)
{
  const int w = 5, h = 3;
  g_autoptr (GdkPixbuf) src = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  guchar *p = gdk_pixbuf_get_pixels (src);
  int stride = gdk_pixbuf_get_rowstride (src);

  /* Every pixel different: red = x, green = y. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        p[y * stride + x * 3] = (guchar) (10 * x);
        p[y * stride + x * 3 + 1] = (guchar) (10 * y);
        p[y * stride + x * 3 + 2] = 7;
      }

  for (int o = 0; o <= 9; o++)
    {
      g_autoptr (GdkPixbuf) out = sv_pixbuf_orient (src, o);
      gboolean transposed = o >= 5 && o <= 8;
      const guchar *q;
      int ostride;

      g_assert_nonnull (out);
      g_assert_cmpint (gdk_pixbuf_get_width (out), ==, transposed ? h : w);
      g_assert_cmpint (gdk_pixbuf_get_height (out), ==, transposed ? w : h);
      q = gdk_pixbuf_read_pixels (out);
      ostride = gdk_pixbuf_get_rowstride (out);
      for (int y = 0; y < gdk_pixbuf_get_height (out); y++)
        for (int x = 0; x < gdk_pixbuf_get_width (out); x++)
          {
            int sx, sy;

            source_of (o, w, h, x, y, &sx, &sy);
            g_assert_cmpint (q[y * ostride + x * 3], ==, 10 * sx);
            g_assert_cmpint (q[y * ostride + x * 3 + 1], ==, 10 * sy);
          }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/pixbuf-orient/orientations", test_orientations);
  return g_test_run ();
}
