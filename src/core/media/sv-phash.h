/* sv-phash.h: a 64-bit perceptual hash of a picture, for near-duplicates
 *
 * The hash is the classic DCT pHash: the picture's luminance is averaged
 * down to 32 × 32 cells (whatever its aspect ratio), a 2-D DCT is taken, and
 * the 8 × 8 lowest frequencies after the constant term (u, v = 1..8) give
 * one bit each: 1 when the coefficient is above their median. Pictures that
 * look the same (re-encoded, resized, a few per cent cropped, converted to
 * grey, saved in another format, or with other metadata) differ in only a
 * few bits; unrelated pictures differ in about half of them.
 *
 * It is computed from the grid thumbnail, which already has its orientation
 * applied, so a copy whose rotation was baked into its pixels hashes like
 * its original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* The hash of @pixbuf (RGB or RGBA, 8 bits per sample, at least 8 × 8
 * pixels; alpha is composed over white). FALSE for anything else. */
gboolean
sv_phash_from_pixbuf (GdkPixbuf *pixbuf, guint64 *hash);

/* Decodes the picture at @path (normally a grid thumbnail) and hashes it.
 * Errors: those of gdk-pixbuf, or SV_ERROR_UNSUPPORTED for a picture too
 * small to hash. */
gboolean
sv_phash_from_file (const char *path, guint64 *hash, GError **error);

/* Number of differing bits, 0..64. */
static inline guint
sv_phash_distance (guint64 a, guint64 b)
{
  return (guint) __builtin_popcountll (a ^ b);
}

G_END_DECLS
