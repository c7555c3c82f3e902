/* sv-catalogue-orientation.h: the user's rotation of an item, kept apart
 * from the file's own orientation (non-destructive).
 *
 * Orientations are EXIF values 1..8. The items row keeps the file's value in
 * "orientation" and the user's in "orientation_override" (NULL: none);
 * SvMediaItem reports the override when there is one. Width and height stay
 * those of the file's orientation (the layout swaps them itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* ---- orientation algebra (no catalogue) ---- */

/* Anything outside 1..8 counts as 1. */
int
sv_orientation_normalize (int orientation);
/* TRUE for 5..8: width and height swap. */
gboolean
sv_orientation_is_transposed (int orientation);
/* The orientation that applies @first, then @then. */
int
sv_orientation_compose (int first, int then);
/* The orientation that undoes @orientation. */
int
sv_orientation_invert (int orientation);
/* @orientation turned by @quarter_turns clockwise (negative: counter-clockwise). */
int
sv_orientation_rotate (int orientation, int quarter_turns);

/* ---- catalogue ---- */

/* The file's orientation and the user's override (0 when none); either
 * pointer may be NULL. SV_ERROR_NOT_FOUND for an unknown id. */
gboolean
sv_catalogue_get_orientation (SvCatalogue *self,
                              gint64 id,
                              int *file_orientation,
                              int *override_orientation,
                              GError **error);
/* Sets the override of every item to @orientation (1..8), or clears it with
 * 0. One transaction, one ::changed. SV_ERROR_INVALID_ARGUMENT for another
 * value, SV_ERROR_NOT_FOUND for an unknown id (nothing is written). */
gboolean
sv_catalogue_set_orientation_overrides (SvCatalogue *self,
                                        const gint64 *ids,
                                        guint n,
                                        int orientation,
                                        GError **error);
/* Turns each item by @quarter_turns clockwise from how it shows now (its
 * override, else the file's orientation). When the result is the file's own
 * orientation the override is cleared. One transaction, one ::changed. */
gboolean
sv_catalogue_rotate_items (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           int quarter_turns,
                           GError **error);

G_END_DECLS
