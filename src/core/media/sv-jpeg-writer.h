/* sv-jpeg-writer.h: JPEG encoding of thumbnails straight from pixbuf rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* Encodes @pixbuf (8-bit RGB, with or without alpha: alpha is dropped, so
 * flatten it first) as a baseline JPEG of @quality (1..100). On success
 * *@data (free with g_free ()) and *@length hold the file. Fails only on a
 * libjpeg error (e.g. out of memory), with its message. */
gboolean
sv_jpeg_encode (GdkPixbuf *pixbuf, int quality, guchar **data, gsize *length, GError **error);

G_END_DECLS
