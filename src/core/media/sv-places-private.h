/* sv-places-private.h: hooks for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-places.h"

G_BEGIN_DECLS

/* Changes the cache capacity (default 10,000 cells), dropping the least
 * recently used cells beyond it. */
void
_sv_places_set_cache_capacity (SvPlaces *self, guint capacity);
/* Number of cells cached now. */
guint
_sv_places_get_cache_length (SvPlaces *self);

G_END_DECLS
