/* sv-city-search.c: find a city by name (see sv-city-search.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-search"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libgweather/gweather.h>

#include "sv-catalogue-edits-private.h"
#include "sv-city-search.h"
#include "sv-error.h"

#define CITY_NAME_MAX_BYTES 200

typedef struct
{
  SvPlace place;
  double latitude, longitude;
  char *folded_en, *folded_local;
  char *folded_country; /* English and local names and code, space separated */
} City;

static GArray *cities; /* of City, read once, never freed */

static char *
dup_nonempty (const char *s)
{
  return s != NULL && s[0] != '\0' ? g_strdup (s) : NULL;
}

static void
read_city (GWeatherLocation *loc, GArray *out)
{
  g_autoptr (GWeatherLocation) parent = gweather_location_get_parent (loc);
  g_autoptr (GWeatherLocation) adm1 = NULL;
  g_autoptr (GWeatherLocation) country = NULL;
  g_autofree char *country_words = NULL;
  const char *code;
  City city = { 0 };

  while (parent != NULL)
    {
      GWeatherLocationLevel level = gweather_location_get_level (parent);
      GWeatherLocation *next;

      if (level == GWEATHER_LOCATION_ADM1 && adm1 == NULL)
        adm1 = g_object_ref (parent);
      else if (level == GWEATHER_LOCATION_COUNTRY)
        {
          country = g_object_ref (parent);
          break;
        }
      next = gweather_location_get_parent (parent);
      g_object_unref (parent);
      parent = next;
    }

  sv_place_init (&city.place);
  city.place.city_en = dup_nonempty (gweather_location_get_english_name (loc));
  city.place.city_local = dup_nonempty (gweather_location_get_name (loc));
  if (city.place.city_en == NULL && city.place.city_local == NULL)
    return;
  code = gweather_location_get_country (loc);
  city.place.country_code = code ? g_ascii_strup (code, -1) : NULL;
  if (adm1 != NULL)
    {
      city.place.region_en = dup_nonempty (gweather_location_get_english_name (adm1));
      city.place.region_local = dup_nonempty (gweather_location_get_name (adm1));
    }
  if (country != NULL)
    {
      city.place.country_en = dup_nonempty (gweather_location_get_english_name (country));
      city.place.country_local = dup_nonempty (gweather_location_get_name (country));
    }
  if (gweather_location_has_coords (loc))
    gweather_location_get_coords (loc, &city.latitude, &city.longitude);
  city.folded_en = _sv_text_fold (city.place.city_en ? city.place.city_en : city.place.city_local);
  city.folded_local =
      _sv_text_fold (city.place.city_local ? city.place.city_local : city.place.city_en);
  country_words = g_strjoin (" ", city.place.country_en ? city.place.country_en : "",
                             city.place.country_local ? city.place.country_local : "",
                             city.place.region_en ? city.place.region_en : "",
                             city.place.region_local ? city.place.region_local : "",
                             city.place.country_code ? city.place.country_code : "", NULL);
  city.folded_country = _sv_text_fold (country_words);
  g_array_append_val (out, city);
}

static void
walk (GWeatherLocation *loc, GArray *out, int depth)
{
  GWeatherLocation *child = NULL;

  if (depth > 8)
    return;
  while ((child = gweather_location_next_child (loc, child)) != NULL)
    {
      if (gweather_location_get_level (child) == GWEATHER_LOCATION_CITY)
        read_city (child, out);
      else if (gweather_location_get_level (child) < GWEATHER_LOCATION_CITY)
        walk (child, out, depth + 1);
    }
}

/* Runs on its own thread: the only libgweather calls of this module. */
static gpointer
load_worker (gpointer data)
{
  g_autoptr (GWeatherLocation) world = gweather_location_get_world ();
  GArray *out = g_array_new (FALSE, TRUE, sizeof (City));

  (void) data;
  if (world != NULL)
    walk (world, out, 0);
  else
    g_warning ("The libgweather world database is missing: no city can be found");
  return out;
}

static GArray *
get_cities (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      GThread *thread = g_thread_new ("sv-city-search", load_worker, NULL);

      cities = g_thread_join (thread);
      g_once_init_leave (&loaded, 1);
    }
  return cities;
}

void
sv_city_match_free (SvCityMatch *match)
{
  if (match == NULL)
    return;
  sv_place_clear (&match->place);
  g_free (match);
}

typedef struct
{
  const City *city;
  int rank;
} Candidate;

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->rank != cb->rank)
    return ca->rank - cb->rank;
  return strcmp (ca->city->folded_local, cb->city->folded_local);
}

GPtrArray *
sv_city_search (const char *name, guint limit, GError **error)
{
  g_autoptr (GPtrArray) result =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_city_match_free);
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree char *city_part = NULL;
  g_autofree char *folded_city = NULL;
  g_autofree char *folded_country = NULL;
  const char *comma;
  GArray *all;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || strlen (name) > CITY_NAME_MAX_BYTES)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The city’s name is not valid text or is too long"));
      return NULL;
    }
  comma = strrchr (name, ',');
  city_part = comma ? g_strndup (name, comma - name) : g_strdup (name);
  folded_city = g_strstrip (_sv_text_fold (city_part));
  if (comma != NULL)
    folded_country = g_strstrip (_sv_text_fold (comma + 1));
  if (folded_city[0] == '\0')
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("Give the name of a city, for example “Lyon” or “Paris, France”"));
      return NULL;
    }
  if (limit == 0)
    limit = 10;

  all = get_cities ();
  for (guint i = 0; i < all->len; i++)
    {
      const City *city = &g_array_index (all, City, i);
      Candidate c = { city, -1 };

      if (strcmp (city->folded_local, folded_city) == 0 ||
          strcmp (city->folded_en, folded_city) == 0)
        c.rank = 0;
      else if (g_str_has_prefix (city->folded_local, folded_city) ||
               g_str_has_prefix (city->folded_en, folded_city))
        c.rank = 1;
      if (c.rank < 0)
        continue;
      if (folded_country != NULL && folded_country[0] != '\0' &&
          !_sv_text_fold_has_prefix (city->folded_country, folded_country))
        continue;
      g_array_append_val (candidates, c);
    }
  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < candidates->len && result->len < limit; i++)
    {
      const City *city = g_array_index (candidates, Candidate, i).city;
      SvCityMatch *match = g_new0 (SvCityMatch, 1);

      sv_place_copy (&city->place, &match->place);
      match->latitude = city->latitude;
      match->longitude = city->longitude;
      g_ptr_array_add (result, match);
    }
  return g_steal_pointer (&result);
}
