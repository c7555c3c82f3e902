/* sv-pixbuf-orient.c: turning a decoded image by an EXIF orientation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thumbnails are made upright for the file's own orientation; when the user
 * turns an item (a non-destructive override), whoever shows a thumbnail
 * turns it by the difference (a few hundred pixels: cheap).
 */
#define G_LOG_DOMAIN "sv-pixbuf-orient"

#include "config.h"

#include "sv-pixbuf-orient.h"

GdkPixbuf *
sv_pixbuf_orient (GdkPixbuf *pixbuf, int orientation)
{
  g_autoptr (GdkPixbuf) flipped = NULL;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  switch (orientation)
    {
      case 2: /* mirrored */
        return gdk_pixbuf_flip (pixbuf, TRUE);
      case 3: /* upside down */
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
      case 4: /* mirrored upside down */
        return gdk_pixbuf_flip (pixbuf, FALSE);
      case 5: /* transposed: (x, y) -> (y, x) */
        flipped = gdk_pixbuf_flip (pixbuf, TRUE);
        return flipped ? gdk_pixbuf_rotate_simple (flipped, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE)
                       : NULL;
      case 6: /* a quarter turn clockwise */
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      case 7: /* transverse: (x, y) -> (h - 1 - y, w - 1 - x) */
        flipped = gdk_pixbuf_flip (pixbuf, TRUE);
        return flipped ? gdk_pixbuf_rotate_simple (flipped, GDK_PIXBUF_ROTATE_CLOCKWISE) : NULL;
      case 8: /* a quarter turn counter-clockwise */
        return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      default:
        return g_object_ref (pixbuf);
    }
}
