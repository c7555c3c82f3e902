/* sv-pixbuf-orient.h: turning a decoded image by an EXIF orientation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* A new reference to @pixbuf turned upright for EXIF @orientation (1..8;
 * anything else counts as 1, which returns @pixbuf itself). NULL only when
 * out of memory. */
GdkPixbuf *
sv_pixbuf_orient (GdkPixbuf *pixbuf, int orientation);

G_END_DECLS
