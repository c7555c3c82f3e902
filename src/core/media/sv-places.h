/* sv-places.h: GPS position -> city, region and country, offline, from
 * libgweather's world database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-media-info.h"

G_BEGIN_DECLS

/* A city is named when the nearest city of the database is at most this far
 * (great-circle kilometres); the country alone is given up to
 * SV_PLACES_COUNTRY_CUTOFF_KM; beyond that the place is empty. See
 * sv-places.c for why. */
#define SV_PLACES_CITY_CUTOFF_KM 50.0
#define SV_PLACES_COUNTRY_CUTOFF_KM 300.0

#define SV_TYPE_PLACES (sv_places_get_type ())
G_DECLARE_FINAL_TYPE (SvPlaces, sv_places, SV, PLACES, GObject)

/* The process-wide instance (transfer none; creation is thread-safe). The
 * world database is loaded on its own thread by the first lookup. */
SvPlaces *
sv_places_get_default (void);

/* Blocking; callable from any thread. Returns TRUE on success and fills
 * @out (which it initialises first; free with sv_place_clear ()). All
 * fields NULL means at sea or nowhere near a known place. FALSE with an
 * error only for invalid coordinates (SV_ERROR_INVALID_ARGUMENT). */
gboolean
sv_places_lookup (SvPlaces *self, double latitude, double longitude, SvPlace *out, GError **error);

void
sv_places_lookup_async (SvPlaces *self,
                        double latitude,
                        double longitude,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data);
gboolean
sv_places_lookup_finish (SvPlaces *self, GAsyncResult *result, SvPlace *out, GError **error);

/* A city found by name, with its position. */
typedef struct
{
  SvPlace place;
  double latitude;
  double longitude;
  int rank; /* 0: a name starts with the text; 1: a word of a name does */
} SvPlaceMatch;

void
sv_place_match_free (SvPlaceMatch *match);

/* Cities whose name in the user's language or in English starts with
 * @text, or has a word that does (case and accents ignored: "sao" finds
 * "São Paulo", "york" finds "New York"), best first, at most @max_results.
 * For "set place" by hand. Blocking (the first call may load the
 * database); never NULL. Element type: SvPlaceMatch. */
GPtrArray *
sv_places_search (SvPlaces *self, const char *text, guint max_results);

G_END_DECLS
