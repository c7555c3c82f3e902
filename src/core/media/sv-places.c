/* sv-places.c: GPS position -> city, region and country, offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names come from libgweather 4's world database (Locations.xml, no
 * network). Measured facts that shape this file:
 *
 * - libgweather 4.2 is not thread-safe (concurrent lookups trip
 *   g_object_ref assertions), so every gweather call runs on one thread
 *   owned by SvPlaces. Other threads queue a request and wait (sync API)
 *   or get a GTask callback (async API).
 * - gweather_location_find_nearest_city () is a linear walk of ~4.6 ms
 *   that creates and drops thousands of GObjects. Instead the places thread
 *   reads the cities once (world_load ()) and answers from that table with
 *   the same rule, the city at the smallest great-circle distance, in a few
 *   microseconds.
 * - Answers are also cached by position rounded to 0.01 degree (about 1 km;
 *   photos of one outing fall in a few cells), at most CACHE_MAX_ENTRIES
 *   cells, least recently used dropped first; a hit is answered in the
 *   caller's thread without a trip to the places thread. The lookup itself
 *   uses the centre of the cell, so the answer for a cell never depends on
 *   which photo asked first.
 * - gweather's "nearest city" has no distance limit and the database only
 *   holds places with a weather station (~4,800 cities): the nearest city
 *   to Mont-Saint-Michel is Dinard (41 km), to Furnace Creek in Death
 *   Valley (California) it is Mercury, Nevada (80 km), to a point in the
 *   middle of the Pacific it is Papeete (1,044 km).
 *
 * Rule:
 * - nearest city within 50 km: city, its first-level region (ADM1, when
 *   the database has one: US states, Brazilian states, Belgian regions;
 *   France and Italy have none) and country. 50 km is about what people
 *   still call "near <city>" (the city and its day-trip surroundings) and
 *   covers the gaps of the database in western Europe; past it, the
 *   nearest city is often in another state or across a border (Furnace
 *   Creek -> Nevada), so naming it would be wrong more often than useful.
 * - 50-300 km: the country of the nearest city only. Away from borders the
 *   nearest city is in the same country even in sparse regions (Sahara,
 *   outback, Siberia, where cities are hundreds of kilometres apart); the
 *   region is not kept, it is not reliable at that distance.
 * - beyond 300 km: nothing. That is open sea (Pacific, Atlantic, the
 *   southern ocean), polar ice, or desert so empty that the country
 *   cannot be told reliably. Known limit: a boat less than 300 km off a
 *   coast gets that coast's country.
 *
 * Names: English from gweather_location_get_english_name () and in the
 * user's language from gweather_location_get_name (), which gweather
 * translates with the gettext domain "libgweather-4.0-locations" (package
 * libgweather-4-common) when the database is loaded, following the
 * process locale (the program must have called setlocale (LC_ALL, "")).
 */
#define G_LOG_DOMAIN "sv-places"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <libgweather/gweather.h>

#include "sv-error.h"
#include "sv-places-private.h"

#define CACHE_MAX_ENTRIES 10000
/* Cells per degree: 0.01 degree, about 1.1 km of latitude. */
#define CELLS_PER_DEGREE 100
#define EARTH_RADIUS_KM 6371.0

typedef struct
{
  GList link; /* in SvPlaces.lru; data points to the entry */
  gint64 key;
  SvPlace place;
} CacheEntry;

typedef struct
{
  int lat_cell;
  int lon_cell;
  gboolean quit;
  /* Name searches (sync only): the text, and the matches found. */
  char *search;
  guint max_results;
  GPtrArray *matches;
  /* Sync requests: */
  gboolean done;
  SvPlace place;
  /* Async requests: */
  GTask *task;
} Request;

struct _SvPlaces
{
  GObject parent_instance;

  GThread *thread;
  GAsyncQueue *queue; /* of Request */

  /* Completion of sync requests. */
  GMutex done_lock;
  GCond done_cond;

  GMutex cache_lock;
  GHashTable *cache; /* gint64 key -> CacheEntry, owned by lru */
  GQueue lru;        /* most recently used first */
  guint cache_capacity;
};

G_DEFINE_FINAL_TYPE (SvPlaces, sv_places, G_TYPE_OBJECT)

static SvPlace *
sv_place_new_copy (const SvPlace *src)
{
  SvPlace *copy = g_new0 (SvPlace, 1);

  sv_place_copy (src, copy);
  return copy;
}

static void
sv_place_free (SvPlace *place)
{
  sv_place_clear (place);
  g_free (place);
}

static void
cache_entry_free (CacheEntry *entry)
{
  sv_place_clear (&entry->place);
  g_free (entry);
}

static gboolean
coordinates_are_valid (double latitude, double longitude)
{
  return isfinite (latitude) && isfinite (longitude) && latitude >= -90.0 && latitude <= 90.0 &&
         longitude >= -180.0 && longitude <= 180.0;
}

static void
to_cell (double latitude, double longitude, int *lat_cell, int *lon_cell)
{
  *lat_cell = (int) lround (latitude * CELLS_PER_DEGREE);
  *lon_cell = (int) lround (longitude * CELLS_PER_DEGREE);
  /* 180 E and 180 W are the same meridian. */
  if (*lon_cell == 180 * CELLS_PER_DEGREE)
    *lon_cell = -180 * CELLS_PER_DEGREE;
}

static gint64
cell_key (int lat_cell, int lon_cell)
{
  return (gint64) (lat_cell + 90 * CELLS_PER_DEGREE) * (360 * CELLS_PER_DEGREE + 1) +
         (lon_cell + 180 * CELLS_PER_DEGREE);
}

static gboolean
cache_lookup (SvPlaces *self, gint64 key, SvPlace *out)
{
  CacheEntry *entry;

  g_mutex_lock (&self->cache_lock);
  entry = g_hash_table_lookup (self->cache, &key);
  if (entry != NULL)
    {
      g_queue_unlink (&self->lru, &entry->link);
      g_queue_push_head_link (&self->lru, &entry->link);
      sv_place_copy (&entry->place, out);
    }
  g_mutex_unlock (&self->cache_lock);

  return entry != NULL;
}

/* Called with cache_lock held. */
static void
cache_trim (SvPlaces *self, guint keep)
{
  while (self->lru.length > keep)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);
      CacheEntry *old = oldest->data;

      g_hash_table_remove (self->cache, &old->key);
      cache_entry_free (old);
    }
}

static void
cache_insert (SvPlaces *self, gint64 key, const SvPlace *place)
{
  CacheEntry *entry;

  g_mutex_lock (&self->cache_lock);
  if (g_hash_table_contains (self->cache, &key))
    {
      g_mutex_unlock (&self->cache_lock);
      return;
    }

  cache_trim (self, self->cache_capacity - 1);

  entry = g_new0 (CacheEntry, 1);
  entry->key = key;
  entry->link.data = entry;
  sv_place_copy (place, &entry->place);
  g_queue_push_head_link (&self->lru, &entry->link);
  g_hash_table_insert (self->cache, &entry->key, entry);
  g_mutex_unlock (&self->cache_lock);
}

/* The cities of gweather's database, read once on the places thread.
 * gweather_location_find_nearest_city () walks the whole database for every
 * call, creating and dropping thousands of GObjects (~4.6 ms, and far more
 * under sanitizers); here the walk happens once and a lookup compares the
 * point with every city as unit vectors (a few microseconds). Same answer:
 * the city at the smallest great-circle distance. */
typedef struct
{
  char *english;
  char *local;
} Names;

typedef struct
{
  double x, y, z; /* unit vector */
  double latitude;
  double longitude;
  const char *country_code; /* interned, upper case, may be NULL */
  int country;              /* index in World.names, -1 if none */
  int region;               /* index in World.names, -1 if none */
  Names names;
  /* For sv_places_search (): the folded words of both names and their
   * ASCII forms, and the first word of each name (folded and ASCII). */
  char **tokens;
  char **heads;
} City;

typedef struct
{
  GArray *cities; /* of City */
  GArray *names;  /* of Names: countries and regions */
} World;

static void
names_clear (Names *names)
{
  g_clear_pointer (&names->english, g_free);
  g_clear_pointer (&names->local, g_free);
}

static void
city_clear (City *city)
{
  names_clear (&city->names);
  g_clear_pointer (&city->tokens, g_strfreev);
  g_clear_pointer (&city->heads, g_strfreev);
}

static void
world_free (World *world)
{
  if (world == NULL)
    return;
  g_array_unref (world->cities);
  g_array_unref (world->names);
  g_free (world);
}

static void
to_unit_vector (double latitude, double longitude, double *x, double *y, double *z)
{
  double phi = latitude * G_PI / 180.0;
  double lambda = longitude * G_PI / 180.0;

  *x = cos (phi) * cos (lambda);
  *y = cos (phi) * sin (lambda);
  *z = sin (phi);
}

static char *
dup_upper (const char *str)
{
  return str != NULL && *str != '\0' ? g_ascii_strup (str, -1) : NULL;
}

static char *
dup_nonempty (const char *str)
{
  return str != NULL && *str != '\0' ? g_strdup (str) : NULL;
}

static int
add_names (World *world, GWeatherLocation *location)
{
  Names names;

  names.english = dup_nonempty (gweather_location_get_english_name (location));
  names.local = dup_nonempty (gweather_location_get_name (location));
  g_array_append_val (world->names, names);
  return (int) world->names->len - 1;
}

static void
add_tokens (GPtrArray *tokens, GPtrArray *heads, const char *name)
{
  g_auto (GStrv) words = NULL;
  g_auto (GStrv) alternates = NULL;

  if (name == NULL)
    return;
  words = g_str_tokenize_and_fold (name, NULL, &alternates);
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (tokens, g_strdup (words[i]));
  for (guint i = 0; alternates[i] != NULL; i++)
    g_ptr_array_add (tokens, g_strdup (alternates[i]));
  if (words[0] != NULL)
    {
      g_ptr_array_add (heads, g_strdup (words[0]));
      g_ptr_array_add (heads, g_str_to_ascii (words[0], NULL));
    }
}

static void
index_city_names (City *city)
{
  GPtrArray *tokens = g_ptr_array_new ();
  GPtrArray *heads = g_ptr_array_new ();

  add_tokens (tokens, heads, city->names.local);
  add_tokens (tokens, heads, city->names.english);
  g_ptr_array_add (tokens, NULL);
  g_ptr_array_add (heads, NULL);
  city->tokens = (char **) g_ptr_array_free (tokens, FALSE);
  city->heads = (char **) g_ptr_array_free (heads, FALSE);
}

/* Runs on the places thread only: the one place gweather is called. */
static void
collect_cities (World *world, GWeatherLocation *parent, int country, int region, guint depth)
{
  GWeatherLocation *child = NULL;

  /* World > region > country > ADM1 > city: never deeper. */
  if (depth > 8)
    return;

  while ((child = gweather_location_next_child (parent, child)) != NULL)
    {
      switch (gweather_location_get_level (child))
        {
          case GWEATHER_LOCATION_WORLD:
          case GWEATHER_LOCATION_REGION:
            collect_cities (world, child, country, region, depth + 1);
            break;
          case GWEATHER_LOCATION_COUNTRY:
            collect_cities (world, child, add_names (world, child), -1, depth + 1);
            break;
          case GWEATHER_LOCATION_ADM1:
            collect_cities (world, child, country, add_names (world, child), depth + 1);
            break;
          case GWEATHER_LOCATION_CITY:
            if (gweather_location_has_coords (child))
              {
                g_autofree char *code = dup_upper (gweather_location_get_country (child));
                City city = { 0 };
                double latitude = 0.0;
                double longitude = 0.0;

                gweather_location_get_coords (child, &latitude, &longitude);
                to_unit_vector (latitude, longitude, &city.x, &city.y, &city.z);
                city.latitude = latitude;
                city.longitude = longitude;
                city.country_code = code != NULL ? g_intern_string (code) : NULL;
                city.country = country;
                city.region = region;
                city.names.english = dup_nonempty (gweather_location_get_english_name (child));
                city.names.local = dup_nonempty (gweather_location_get_name (child));
                index_city_names (&city);
                g_array_append_val (world->cities, city);
              }
            break;
          case GWEATHER_LOCATION_WEATHER_STATION:
          case GWEATHER_LOCATION_DETACHED:
          case GWEATHER_LOCATION_NAMED_TIMEZONE:
          default:
            break;
        }
    }
}

static World *
world_load (void)
{
  g_autoptr (GWeatherLocation) root = gweather_location_get_world ();
  World *world = g_new0 (World, 1);

  world->cities = g_array_new (FALSE, FALSE, sizeof (City));
  g_array_set_clear_func (world->cities, (GDestroyNotify) city_clear);
  world->names = g_array_new (FALSE, FALSE, sizeof (Names));
  g_array_set_clear_func (world->names, (GDestroyNotify) names_clear);

  if (root == NULL)
    {
      g_warning ("The libgweather world database is missing: places will "
                 "stay empty");
      return world;
    }

  collect_cities (world, root, -1, -1, 0);
  g_debug ("%u cities loaded", world->cities->len);
  return world;
}

static void
resolve (const World *world, double latitude, double longitude, SvPlace *out)
{
  const City *best = NULL;
  double best_chord2 = G_MAXDOUBLE;
  double x, y, z;
  double distance;

  sv_place_init (out);
  to_unit_vector (latitude, longitude, &x, &y, &z);

  for (guint i = 0; i < world->cities->len; i++)
    {
      const City *city = &g_array_index (world->cities, City, i);
      double dx = city->x - x;
      double dy = city->y - y;
      double dz = city->z - z;
      double chord2 = dx * dx + dy * dy + dz * dz;

      if (chord2 < best_chord2)
        {
          best_chord2 = chord2;
          best = city;
        }
    }
  if (best == NULL)
    return;

  /* Chord length -> great-circle distance. */
  distance = 2.0 * EARTH_RADIUS_KM * asin (CLAMP (sqrt (best_chord2) / 2.0, 0.0, 1.0));
  if (distance > SV_PLACES_COUNTRY_CUTOFF_KM)
    return;

  out->country_code = g_strdup (best->country_code);
  if (best->country >= 0)
    {
      const Names *country = &g_array_index (world->names, Names, best->country);

      out->country_en = g_strdup (country->english);
      out->country_local = g_strdup (country->local);
    }

  if (distance > SV_PLACES_CITY_CUTOFF_KM)
    return;

  out->city_en = g_strdup (best->names.english);
  out->city_local = g_strdup (best->names.local);
  if (best->region >= 0)
    {
      const Names *region = &g_array_index (world->names, Names, best->region);

      out->region_en = g_strdup (region->english);
      out->region_local = g_strdup (region->local);
    }
}

static void
fill_place (const World *world, const City *city, SvPlace *out)
{
  out->country_code = g_strdup (city->country_code);
  out->city_en = g_strdup (city->names.english);
  out->city_local = g_strdup (city->names.local);
  if (city->country >= 0)
    {
      const Names *country = &g_array_index (world->names, Names, city->country);

      out->country_en = g_strdup (country->english);
      out->country_local = g_strdup (country->local);
    }
  if (city->region >= 0)
    {
      const Names *region = &g_array_index (world->names, Names, city->region);

      out->region_en = g_strdup (region->english);
      out->region_local = g_strdup (region->local);
    }
}

/* 0: a name starts with the searched words; 1: the words start words of
 * a name; -1: no match. Same rule as g_str_match_string () with ASCII
 * alternates (case and accents ignored), on words folded at load time. */
static int
match_rank (char *const *search_words, const City *city)
{
  for (guint i = 0; search_words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; city->tokens[j] != NULL && !found; j++)
        found = g_str_has_prefix (city->tokens[j], search_words[i]);
      if (!found)
        return -1;
    }

  for (guint j = 0; city->heads[j] != NULL; j++)
    if (g_str_has_prefix (city->heads[j], search_words[0]))
      return 0;
  return 1;
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const SvPlaceMatch *ma = *(const SvPlaceMatch *const *) a;
  const SvPlaceMatch *mb = *(const SvPlaceMatch *const *) b;

  if (ma->rank != mb->rank)
    return ma->rank - mb->rank;
  return g_utf8_collate (ma->place.city_local ? ma->place.city_local : "",
                         mb->place.city_local ? mb->place.city_local : "");
}

/* Runs on the places thread. */
static GPtrArray *
search_cities (const World *world, const char *text, guint max_results)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_place_match_free);
  g_auto (GStrv) search_words = g_str_tokenize_and_fold (text, NULL, NULL);

  if (search_words[0] == NULL)
    return matches;

  for (guint i = 0; i < world->cities->len; i++)
    {
      const City *city = &g_array_index (world->cities, City, i);
      int rank = match_rank (search_words, city);
      SvPlaceMatch *match;

      if (rank < 0)
        continue;
      match = g_new0 (SvPlaceMatch, 1);
      fill_place (world, city, &match->place);
      match->latitude = city->latitude;
      match->longitude = city->longitude;
      match->rank = rank;
      g_ptr_array_add (matches, match);
    }

  g_ptr_array_sort (matches, compare_matches);
  if (matches->len > max_results)
    g_ptr_array_set_size (matches, max_results);
  return matches;
}

static gpointer
places_worker (gpointer data)
{
  SvPlaces *self = data; /* not a reference: finalize joins this thread */
  World *world = NULL;

  for (;;)
    {
      Request *request = g_async_queue_pop (self->queue);
      SvPlace place;

      if (request->quit)
        {
          g_free (request);
          break;
        }

      if (request->task != NULL && g_task_return_error_if_cancelled (request->task))
        {
          g_clear_object (&request->task);
          g_free (request);
          continue;
        }

      if (world == NULL)
        world = world_load ();

      if (request->search != NULL)
        {
          GPtrArray *matches = search_cities (world, request->search, request->max_results);

          g_mutex_lock (&self->done_lock);
          request->matches = matches; /* the waiter frees the request */
          request->done = TRUE;
          g_cond_broadcast (&self->done_cond);
          g_mutex_unlock (&self->done_lock);
          continue;
        }

      resolve (world, (double) request->lat_cell / CELLS_PER_DEGREE,
               (double) request->lon_cell / CELLS_PER_DEGREE, &place);
      cache_insert (self, cell_key (request->lat_cell, request->lon_cell), &place);

      if (request->task != NULL)
        {
          SvPlace *result = g_new0 (SvPlace, 1);

          *result = place; /* moved */
          g_task_return_pointer (request->task, result, (GDestroyNotify) sv_place_free);
          g_clear_object (&request->task);
          g_free (request);
        }
      else
        {
          g_mutex_lock (&self->done_lock);
          request->place = place; /* moved; the waiter frees the request */
          request->done = TRUE;
          g_cond_broadcast (&self->done_cond);
          g_mutex_unlock (&self->done_lock);
        }
    }

  world_free (world);
  return NULL;
}

static void
sv_places_finalize (GObject *object)
{
  SvPlaces *self = SV_PLACES (object);
  Request *quit = g_new0 (Request, 1);

  quit->quit = TRUE;
  g_async_queue_push (self->queue, quit);
  g_thread_join (self->thread);
  self->thread = NULL;

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  while (self->lru.length > 0)
    cache_entry_free (g_queue_pop_head_link (&self->lru)->data);
  g_mutex_clear (&self->cache_lock);
  g_mutex_clear (&self->done_lock);
  g_cond_clear (&self->done_cond);

  G_OBJECT_CLASS (sv_places_parent_class)->finalize (object);
}

static void
sv_places_class_init (SvPlacesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sv_places_finalize;
}

static void
sv_places_init (SvPlaces *self)
{
  g_mutex_init (&self->cache_lock);
  g_mutex_init (&self->done_lock);
  g_cond_init (&self->done_cond);
  g_queue_init (&self->lru);
  self->cache = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->cache_capacity = CACHE_MAX_ENTRIES;
  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("sv-places", places_worker, self);
}

SvPlaces *
sv_places_get_default (void)
{
  static SvPlaces *default_places;

  if (g_once_init_enter (&default_places))
    {
      SvPlaces *places = g_object_new (SV_TYPE_PLACES, NULL);

      g_once_init_leave (&default_places, places);
    }

  return default_places;
}

static void
set_invalid_error (GError **error, double latitude, double longitude)
{
  g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
               _ ("The GPS position (latitude %g, longitude %g) is not a "
                  "valid place on Earth"),
               latitude, longitude);
}

gboolean
sv_places_lookup (SvPlaces *self, double latitude, double longitude, SvPlace *out, GError **error)
{
  Request *request;
  int lat_cell;
  int lon_cell;
  gint64 key;

  g_return_val_if_fail (SV_IS_PLACES (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  sv_place_init (out);

  if (!coordinates_are_valid (latitude, longitude))
    {
      set_invalid_error (error, latitude, longitude);
      return FALSE;
    }

  to_cell (latitude, longitude, &lat_cell, &lon_cell);
  key = cell_key (lat_cell, lon_cell);
  if (cache_lookup (self, key, out))
    return TRUE;

  request = g_new0 (Request, 1);
  request->lat_cell = lat_cell;
  request->lon_cell = lon_cell;
  g_async_queue_push (self->queue, request);

  g_mutex_lock (&self->done_lock);
  while (!request->done)
    g_cond_wait (&self->done_cond, &self->done_lock);
  g_mutex_unlock (&self->done_lock);

  *out = request->place; /* moved */
  g_free (request);

  return TRUE;
}

void
sv_places_lookup_async (SvPlaces *self,
                        double latitude,
                        double longitude,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  SvPlace cached;
  Request *request;
  int lat_cell;
  int lon_cell;
  gint64 key;

  g_return_if_fail (SV_IS_PLACES (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_places_lookup_async);

  if (!coordinates_are_valid (latitude, longitude))
    {
      GError *error = NULL;

      set_invalid_error (&error, latitude, longitude);
      g_task_return_error (task, error);
      return;
    }

  to_cell (latitude, longitude, &lat_cell, &lon_cell);
  key = cell_key (lat_cell, lon_cell);

  sv_place_init (&cached);
  if (cache_lookup (self, key, &cached))
    {
      g_task_return_pointer (task, sv_place_new_copy (&cached), (GDestroyNotify) sv_place_free);
      sv_place_clear (&cached);
      return;
    }

  request = g_new0 (Request, 1);
  request->lat_cell = lat_cell;
  request->lon_cell = lon_cell;
  request->task = g_steal_pointer (&task);
  g_async_queue_push (self->queue, request);
}

gboolean
sv_places_lookup_finish (SvPlaces *self, GAsyncResult *result, SvPlace *out, GError **error)
{
  SvPlace *place;

  g_return_val_if_fail (SV_IS_PLACES (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sv_places_lookup_async, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  sv_place_init (out);
  place = g_task_propagate_pointer (G_TASK (result), error);
  if (place == NULL)
    return FALSE;

  *out = *place; /* moved */
  g_free (place);
  return TRUE;
}

void
_sv_places_set_cache_capacity (SvPlaces *self, guint capacity)
{
  g_return_if_fail (SV_IS_PLACES (self));
  g_return_if_fail (capacity > 0);

  g_mutex_lock (&self->cache_lock);
  self->cache_capacity = capacity;
  cache_trim (self, capacity);
  g_mutex_unlock (&self->cache_lock);
}

guint
_sv_places_get_cache_length (SvPlaces *self)
{
  guint length;

  g_return_val_if_fail (SV_IS_PLACES (self), 0);

  g_mutex_lock (&self->cache_lock);
  length = self->lru.length;
  g_mutex_unlock (&self->cache_lock);
  return length;
}

void
sv_place_match_free (SvPlaceMatch *match)
{
  if (match == NULL)
    return;
  sv_place_clear (&match->place);
  g_free (match);
}

GPtrArray *
sv_places_search (SvPlaces *self, const char *text, guint max_results)
{
  g_autofree char *stripped = NULL;
  Request *request;
  GPtrArray *matches;

  g_return_val_if_fail (SV_IS_PLACES (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_thread_self () != self->thread, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0' || max_results == 0 || !g_utf8_validate (stripped, -1, NULL))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sv_place_match_free);

  request = g_new0 (Request, 1);
  request->search = g_steal_pointer (&stripped);
  request->max_results = max_results;
  g_async_queue_push (self->queue, request);

  g_mutex_lock (&self->done_lock);
  while (!request->done)
    g_cond_wait (&self->done_cond, &self->done_lock);
  g_mutex_unlock (&self->done_lock);

  matches = request->matches;
  g_free (request->search);
  g_free (request);
  return matches;
}
