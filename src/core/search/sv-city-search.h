/* sv-city-search.h: find a city by name in libgweather's offline world
 * database, for "set the place" fixes.
 *
 * The world is read once per process on a thread of its own (libgweather
 * is not thread-safe: no other thread of this module touches it) into a
 * plain snapshot; searches then run on the snapshot from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

typedef struct
{
  SvPlace place; /* English and local names, country code */
  double latitude;
  double longitude;
} SvCityMatch;

void
sv_city_match_free (SvCityMatch *match);

/* Cities named @name in English or in the user's language, ignoring case
 * and accents: exact names first, then names starting with it. "Paris,
 * France" or "Paris, FR" narrows by country (or region). At most @limit
 * (0: 10). A GPtrArray of SvCityMatch with its free func, maybe empty;
 * NULL with SV_ERROR_INVALID_ARGUMENT for an empty or invalid name. */
GPtrArray *
sv_city_search (const char *name, guint limit, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCityMatch, sv_city_match_free)

G_END_DECLS
