/* test-places.c: GPS positions to places with libgweather's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-places"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <libgweather/gweather.h>

#include "sv-error.h"
#include "sv-places-private.h"

/* Set in the French child process (see test_french). */
#define CHILD_ENV "SV_TEST_PLACES_FRENCH_CHILD"

static const char *program_path;

typedef struct
{
  const char *what;
  double latitude;
  double longitude;
  const char *country_code;
  const char *country_en;
  const char *region_en;
  const char *city_en;
} Expected;

/* Positions read with `exiftool -n` from the test photos, and hand-picked
 * points. */
static const Expected expected_places[] = {
  /* camera/gexiv2-CaorVN.jpeg (XMP GPS): Mont-Saint-Michel. gweather's
   * nearest city is Dinard, 41 km away: within the 50 km cutoff. France
   * has no first-level regions in the database. */
  { "Mont-Saint-Michel", 48.6318056, -1.5084250, "FR", "France", NULL, "Dinard" },
  /* camera/exiv2-FurnaceCreekInn.jpg: Death Valley, California. The
   * nearest city is Mercury, Nevada, 80 km away: no city, no region (it
   * would be the wrong state), the country only. */
  { "Furnace Creek", 36.4483333, -116.855, "US", "United States", NULL, NULL },
  /* camera/fsf-IMG_20200827_231612.jpg */
  { "Brasília", -15.835554, -48.015791, "BR", "Brazil", "Distrito Federal", "Brasília" },
  /* formats/exiv2-2021-02-13-1929.heic */
  { "Mobile", 30.5803667, -88.0739056, "US", "United States", "Alabama", "Mobile" },
  /* camera/goexif-has-lens-info.jpg */
  { "Stockholm", 59.3325472, 18.0649417, "SE", "Sweden", NULL, "Stockholm" },
  { "Rome", 41.9028, 12.4964, "IT", "Italy", NULL, "Rome" },
  { "Brussels", 50.8503, 4.3517, "BE", "Belgium", "Brussels, Flemish and Walloon Brabant",
    "Brussels" },
  /* Algerian Sahara, 204 km from In Salah: the country only. */
  { "Sahara", 26.0, 4.0, "DZ", "Algeria", NULL, NULL },
  /* Libyan desert, 241 km from Sabha. */
  { "Fezzan", 27.0, 12.0, "LY", "Libya", NULL, NULL },
  /* Sahara, 608 km from Djanet: too far to tell. */
  { "Ténéré", 21.0, 14.0, NULL, NULL, NULL, NULL },
  /* Middle of the Pacific, 1,044 km from Papeete. */
  { "Pacific", -20.0, -140.0, NULL, NULL, NULL, NULL },
  /* Equatorial Pacific, 358 km from Kiribati's London. */
  { "Line Islands sea", 0.0, -160.0, NULL, NULL, NULL, NULL },
  /* South Atlantic. */
  { "South Atlantic", -40.0, -20.0, NULL, NULL, NULL, NULL },
};

static void
assert_place (const SvPlace *place, const Expected *e)
{
  g_test_message ("%s: %s / %s / %s / %s", e->what, place->country_code ? place->country_code : "-",
                  place->country_en ? place->country_en : "-",
                  place->region_en ? place->region_en : "-", place->city_en ? place->city_en : "-");
  g_assert_cmpstr (place->country_code, ==, e->country_code);
  g_assert_cmpstr (place->country_en, ==, e->country_en);
  g_assert_cmpstr (place->region_en, ==, e->region_en);
  g_assert_cmpstr (place->city_en, ==, e->city_en);
  /* A local name exactly when there is an English one. */
  g_assert_true ((place->country_local != NULL) == (e->country_en != NULL));
  g_assert_true ((place->region_local != NULL) == (e->region_en != NULL));
  g_assert_true ((place->city_local != NULL) == (e->city_en != NULL));
}

static void
test_lookup (void)
{
  SvPlaces *places = sv_places_get_default ();

  g_assert_true (SV_IS_PLACES (places));
  g_assert_true (sv_places_get_default () == places);

  for (gsize i = 0; i < G_N_ELEMENTS (expected_places); i++)
    {
      const Expected *e = &expected_places[i];
      g_autoptr (GError) error = NULL;
      SvPlace place;

      g_assert_true (sv_places_lookup (places, e->latitude, e->longitude, &place, &error));
      g_assert_no_error (error);
      assert_place (&place, e);
      sv_place_clear (&place);
    }
}

static void
test_cache (void)
{
  SvPlaces *places = sv_places_get_default ();
  SvPlace first;
  SvPlace second;
  SvPlace east;
  SvPlace west;

  /* Twice the same point, then a point 300 m away (same 0.01° cell). */
  g_assert_true (sv_places_lookup (places, 41.9028, 12.4964, &first, NULL));
  g_assert_true (sv_places_lookup (places, 41.9030, 12.4990, &second, NULL));
  g_assert_cmpstr (first.city_en, ==, "Rome");
  g_assert_cmpstr (second.city_en, ==, first.city_en);
  g_assert_cmpstr (second.country_local, ==, first.country_local);
  /* Copies: freeing one leaves the cache intact. */
  g_assert_true (first.city_en != second.city_en);
  sv_place_clear (&first);
  sv_place_clear (&second);

  /* 180° east and west are the same meridian (Fiji, 169 km from Suva). */
  g_assert_true (sv_places_lookup (places, -17.8, 180.0, &east, NULL));
  g_assert_true (sv_places_lookup (places, -17.8, -180.0, &west, NULL));
  g_assert_cmpstr (east.country_code, ==, "FJ");
  g_assert_cmpstr (west.country_code, ==, "FJ");
  g_assert_null (east.city_en);
  sv_place_clear (&east);
  sv_place_clear (&west);

  /* More distinct cells than the cache holds: the least recently used are
   * dropped and answers stay right. (Lookups are slow under sanitizers, so
   * the capacity is lowered rather than filling 10,000 cells.) */
  _sv_places_set_cache_capacity (places, 3);
  g_assert_cmpuint (_sv_places_get_cache_length (places), ==, 3);
  for (int i = 0; i < 5; i++)
    {
      SvPlace p;

      g_assert_true (sv_places_lookup (places, 59.3325 + i * 0.01, 18.0649, &p, NULL));
      g_assert_cmpstr (p.city_en, ==, "Stockholm");
      g_assert_cmpuint (_sv_places_get_cache_length (places), <=, 3);
      sv_place_clear (&p);
    }
  g_assert_cmpuint (_sv_places_get_cache_length (places), ==, 3);
  /* Rome was dropped: looked up again, same answer. */
  g_assert_true (sv_places_lookup (places, 41.9028, 12.4964, &first, NULL));
  g_assert_cmpstr (first.city_en, ==, "Rome");
  g_assert_cmpstr (first.country_code, ==, "IT");
  sv_place_clear (&first);
  _sv_places_set_cache_capacity (places, 10000);
}

static void
test_invalid (void)
{
  SvPlaces *places = sv_places_get_default ();
  const double bad[][2] = {
    { 90.5, 0.0 }, { -91.0, 0.0 }, { 0.0, 180.5 },    { 0.0, -200.0 },
    { NAN, 0.0 },  { 0.0, NAN },   { INFINITY, 0.0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      SvPlace place;

      g_assert_false (sv_places_lookup (places, bad[i][0], bad[i][1], &place, &error));
      g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
      g_assert_null (place.country_code);
      g_assert_null (place.city_en);
    }

  /* The poles and the antimeridian are valid (and nowhere). */
  for (int sign = -1; sign <= 1; sign += 2)
    {
      SvPlace place;

      g_assert_true (sv_places_lookup (places, sign * 90.0, sign * 180.0, &place, NULL));
      sv_place_clear (&place);
    }
}

static void
on_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static void
lookup_async_sync (double latitude,
                   double longitude,
                   GCancellable *cancellable,
                   SvPlace *out,
                   GError **error,
                   gboolean expect_ok)
{
  SvPlaces *places = sv_places_get_default ();
  g_autoptr (GAsyncResult) result = NULL;
  gboolean ok;

  sv_places_lookup_async (places, latitude, longitude, cancellable, on_lookup_cb, &result);
  /* Never completes synchronously. */
  g_assert_null (result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = sv_places_lookup_finish (places, result, out, error);
  g_assert_true (ok == expect_ok);
}

static void
test_async (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SvPlace place;

  /* A cell never looked up: goes to the places thread. */
  lookup_async_sync (50.8503, 4.3517, NULL, &place, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpstr (place.country_code, ==, "BE");
  g_assert_cmpstr (place.city_en, ==, "Brussels");
  sv_place_clear (&place);

  /* Same cell again: from the cache. */
  lookup_async_sync (50.8504, 4.3518, NULL, &place, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpstr (place.city_en, ==, "Brussels");
  sv_place_clear (&place);

  lookup_async_sync (100.0, 0.0, NULL, &place, &error, FALSE);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  lookup_async_sync (48.8566, 2.3522, cancellable, &place, &error, FALSE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (place.city_en);
}

#define N_THREADS 8
#define ROUNDS 30
/* Every RANDOM_EVERY rounds a thread also looks up a random point (a cache
 * miss); few, since lookups are slow under sanitizers. */
#define RANDOM_EVERY 15

typedef struct
{
  int index;
  gboolean ok;
} ThreadData;

/* Points around the world (plus a few random offsets per thread so that
 * threads miss the cache at the same time). */
static gpointer
hammer_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  SvPlaces *places = sv_places_get_default ();
  GRand *rand = g_rand_new_with_seed ((guint32) data->index + 1);

  data->ok = TRUE;
  for (int round = 0; round < ROUNDS && data->ok; round++)
    {
      const Expected *e = &expected_places[(round + data->index) % G_N_ELEMENTS (expected_places)];
      SvPlace place;
      SvPlace again;
      double lat = g_rand_double_range (rand, -60.0, 70.0);
      double lon = g_rand_double_range (rand, -180.0, 180.0);

      if (!sv_places_lookup (places, e->latitude, e->longitude, &place, NULL))
        data->ok = FALSE;
      else if (g_strcmp0 (place.country_code, e->country_code) != 0 ||
               g_strcmp0 (place.city_en, e->city_en) != 0 ||
               g_strcmp0 (place.region_en, e->region_en) != 0)
        data->ok = FALSE;
      sv_place_clear (&place);

      if (round % RANDOM_EVERY != 0)
        continue;

      /* A random point: two lookups agree (the second from the cache). */
      if (!sv_places_lookup (places, lat, lon, &place, NULL) ||
          !sv_places_lookup (places, lat, lon, &again, NULL))
        data->ok = FALSE;
      else if (g_strcmp0 (place.country_code, again.country_code) != 0 ||
               g_strcmp0 (place.city_local, again.city_local) != 0)
        data->ok = FALSE;
      sv_place_clear (&place);
      sv_place_clear (&again);
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[N_THREADS];
  ThreadData data[N_THREADS];

  for (int i = 0; i < N_THREADS; i++)
    {
      data[i].index = i;
      data[i].ok = FALSE;
      threads[i] = g_thread_new ("hammer", hammer_thread, &data[i]);
    }
  for (int i = 0; i < N_THREADS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (data[i].ok);
    }
}

static const SvPlaceMatch *
find_match (GPtrArray *matches, const char *city_en, const char *country_code)
{
  for (guint i = 0; i < matches->len; i++)
    {
      const SvPlaceMatch *m = g_ptr_array_index (matches, i);

      if (g_strcmp0 (m->place.city_en, city_en) == 0 &&
          g_strcmp0 (m->place.country_code, country_code) == 0)
        return m;
    }
  return NULL;
}

static void
test_search (void)
{
  SvPlaces *places = sv_places_get_default ();
  g_autoptr (GPtrArray) matches = NULL;
  const SvPlaceMatch *m;

  matches = sv_places_search (places, "rom", 50);
  g_assert_cmpuint (matches->len, >, 0);
  m = find_match (matches, "Rome", "IT");
  g_assert_nonnull (m);
  g_assert_cmpint (m->rank, ==, 0);
  g_assert_cmpstr (m->place.country_en, ==, "Italy");
  g_assert_cmpfloat (fabs (m->latitude - 41.9), <, 0.2);
  g_assert_cmpfloat (fabs (m->longitude - 12.5), <, 0.2);
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Accents and case ignored; word prefixes found, ranked after. */
  matches = sv_places_search (places, "SAO pau", 10);
  m = find_match (matches, "São Paulo", "BR");
  g_assert_nonnull (m);
  g_clear_pointer (&matches, g_ptr_array_unref);

  matches = sv_places_search (places, "york", 100);
  g_assert_nonnull (find_match (matches, "New York", "US"));
  m = g_ptr_array_index (matches, 0);
  g_assert_cmpint (m->rank, ==, 0);
  g_assert_true (g_str_has_prefix (m->place.city_en, "York"));
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Limits. */
  matches = sv_places_search (places, "a", 5);
  g_assert_cmpuint (matches->len, ==, 5);
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = sv_places_search (places, "   ", 5);
  g_assert_cmpuint (matches->len, ==, 0);
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = sv_places_search (places, "\xff\xfe", 5);
  g_assert_cmpuint (matches->len, ==, 0);
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = sv_places_search (places, "zzzzqqq", 5);
  g_assert_cmpuint (matches->len, ==, 0);
}

#if defined(__SANITIZE_ADDRESS__)
#define N_CROSS_CHECKS 6 /* gweather's own lookup is very slow under ASan */
#else
#define N_CROSS_CHECKS 80
#endif

static double
haversine_km (double lat1, double lon1, double lat2, double lon2)
{
  double p1 = lat1 * G_PI / 180.0;
  double p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1;
  double dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * 6371.0 * asin (sqrt (MIN (a, 1.0)));
}

/* SvPlaces answers from its own table of gweather's cities: it must give
 * what gweather_location_find_nearest_city () gives, with the cutoffs
 * applied. (Called here on the test thread, after SvPlaces has loaded its
 * table: its thread no longer uses gweather, so there is no concurrent
 * use.) */
static void
test_matches_gweather (void)
{
  SvPlaces *places = sv_places_get_default ();
  g_autoptr (GWeatherLocation) world = NULL;
  GRand *rand = g_rand_new_with_seed (20240601);
  SvPlace warmup;

  g_assert_true (sv_places_lookup (places, 0.5, 0.5, &warmup, NULL));
  sv_place_clear (&warmup);

  world = gweather_location_get_world ();
  g_assert_nonnull (world);

  for (int i = 0; i < N_CROSS_CHECKS; i++)
    {
      /* Every other point in Europe or the United States (dense cities),
       * the others anywhere (mostly sea). Cell centres, so that both sides
       * look at the same point. */
      double lat_min = i % 4 == 0 ? 36.0 : i % 4 == 2 ? 30.0 : -60.0;
      double lat_max = i % 4 == 0 ? 60.0 : i % 4 == 2 ? 48.0 : 72.0;
      double lon_min = i % 4 == 0 ? -10.0 : i % 4 == 2 ? -120.0 : -180.0;
      double lon_max = i % 4 == 0 ? 30.0 : i % 4 == 2 ? -75.0 : 180.0;
      double lat = round (g_rand_double_range (rand, lat_min, lat_max) * 100) / 100;
      double lon = round (g_rand_double_range (rand, lon_min, lon_max) * 100) / 100;
      g_autoptr (GWeatherLocation) city = NULL;
      g_autofree char *code = NULL;
      double city_lat = 0.0;
      double city_lon = 0.0;
      double km;
      SvPlace place;

      city = gweather_location_find_nearest_city (world, lat, lon);
      g_assert_nonnull (city);
      gweather_location_get_coords (city, &city_lat, &city_lon);
      km = haversine_km (lat, lon, city_lat, city_lon);
      code = g_ascii_strup (gweather_location_get_country (city), -1);

      g_assert_true (sv_places_lookup (places, lat, lon, &place, NULL));
      g_test_message ("%.2f, %.2f: gweather %s (%s) %.0f km; ours %s %s", lat, lon,
                      gweather_location_get_english_name (city), code, km,
                      place.country_code ? place.country_code : "-",
                      place.city_en ? place.city_en : "-");
      if (km <= SV_PLACES_CITY_CUTOFF_KM)
        {
          g_assert_cmpstr (place.city_en, ==, gweather_location_get_english_name (city));
          g_assert_cmpstr (place.country_code, ==, code);
        }
      else if (km <= SV_PLACES_COUNTRY_CUTOFF_KM)
        {
          g_assert_null (place.city_en);
          g_assert_cmpstr (place.country_code, ==, code);
        }
      else
        {
          g_assert_null (place.city_en);
          g_assert_null (place.country_code);
        }
      sv_place_clear (&place);
    }
  g_rand_free (rand);
}

/* Runs in a child process started with LC_ALL=fr_FR.UTF-8. */
static void
test_french_child (void)
{
  SvPlaces *places = sv_places_get_default ();
  const struct
  {
    double latitude;
    double longitude;
    const char *country;
    const char *region;
    const char *city;
    const char *country_en;
  } cases[] = {
    { 41.9028, 12.4964, "Italie", NULL, "Rome", "Italy" },
    { 50.8503, 4.3517, "Belgique", "Bruxelles, Brabant flamand et wallon", "Bruxelles", "Belgium" },
    { 36.4483333, -116.855, "États-Unis", NULL, NULL, "United States" },
    { 26.0, 4.0, "Algérie", NULL, NULL, "Algeria" },
  };

  if (g_getenv (CHILD_ENV) == NULL)
    {
      g_test_skip ("only run by /core/media/places/french");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SvPlace place;

      g_assert_true (
          sv_places_lookup (places, cases[i].latitude, cases[i].longitude, &place, NULL));
      g_test_message ("%s / %s / %s", place.country_local,
                      place.region_local ? place.region_local : "-",
                      place.city_local ? place.city_local : "-");
      g_assert_cmpstr (place.country_local, ==, cases[i].country);
      g_assert_cmpstr (place.region_local, ==, cases[i].region);
      g_assert_cmpstr (place.city_local, ==, cases[i].city);
      /* English names stay English. */
      g_assert_cmpstr (place.country_en, ==, cases[i].country_en);
      sv_place_clear (&place);
    }

  /* Search in French finds the French name. */
  {
    g_autoptr (GPtrArray) matches = sv_places_search (places, "bruxel", 10);
    const SvPlaceMatch *m = find_match (matches, "Brussels", "BE");

    g_assert_nonnull (m);
    g_assert_cmpstr (m->place.city_local, ==, "Bruxelles");
    g_assert_cmpstr (m->place.country_local, ==, "Belgique");
  }
}

/* gweather translates names when it loads its database, following the
 * process locale: check French in a fresh process. */
static void
test_french (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  const char *argv[] = { program_path, "-p", "/core/media/places/french-child", "--verbose", NULL };
  int status = 0;

  envp = g_environ_setenv (envp, "LC_ALL", "fr_FR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, CHILD_ENV, "1", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("child output:\n%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  /* The child really ran the checks (not skipped). */
  g_assert_nonnull (strstr (out, "ok 1 /core/media/places/french-child"));
  g_assert_null (strstr (out, "# SKIP"));
  g_assert_nonnull (strstr (out, "Italie"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  program_path = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv (CHILD_ENV) != NULL)
    {
      g_test_add_func ("/core/media/places/french-child", test_french_child);
      return g_test_run ();
    }

  g_test_add_func ("/core/media/places/lookup", test_lookup);
  g_test_add_func ("/core/media/places/cache", test_cache);
  g_test_add_func ("/core/media/places/invalid", test_invalid);
  g_test_add_func ("/core/media/places/async", test_async);
  g_test_add_func ("/core/media/places/search", test_search);
  g_test_add_func ("/core/media/places/threads", test_threads);
  g_test_add_func ("/core/media/places/french", test_french);
  g_test_add_func ("/core/media/places/matches-gweather", test_matches_gweather);

  return g_test_run ();
}
