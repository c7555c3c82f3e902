/* sv-duplicates.c: near-duplicate groups from perceptual hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sv-catalogue-private.h"
#include "sv-duplicates.h"
#include "sv-error.h"
#include "sv-phash.h"
#include "sv-trash.h"

#define N_BANDS 4
#define BAND_BITS 16
#define N_BUCKETS (1u << BAND_BITS)
/* Largest shift between two capture times still read as a clock or
 * time-zone fix of the same moment (UTC-12 to UTC+14). */
#define MAX_CLOCK_FIX_SECONDS (26 * 3600)
#define QUARTER_HOUR 900
#define BACKFILL_BATCH 64
/* Photos taken at the same second may differ by twice the threshold, up to
 * this many bits; at most this many photos at one second are compared. */
#define SAME_MOMENT_MAX_DISTANCE 24
#define SAME_MOMENT_MAX_RUN 64

/* ---- moments ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static gint64
days_from_civil (gint64 y, unsigned m, unsigned d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static gboolean
parse_digits (const char *s, int n, int *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

void
sv_duplicate_key_set_moment (SvDuplicateKey *key, const char *taken_local, const char *date_source)
{
  int y, mo, d, h, mi, s, ms = -1;

  g_return_if_fail (key != NULL);

  key->moment = SV_DUPLICATES_NO_MOMENT;
  key->moment_msec = -1;
  if (taken_local == NULL || date_source == NULL ||
      !(g_str_equal (date_source, "exif") || g_str_equal (date_source, "xmp")))
    return;
  if (strlen (taken_local) < 19 || !parse_digits (taken_local, 4, &y) || taken_local[4] != '-' ||
      !parse_digits (taken_local + 5, 2, &mo) || taken_local[7] != '-' ||
      !parse_digits (taken_local + 8, 2, &d) || taken_local[10] != 'T' ||
      !parse_digits (taken_local + 11, 2, &h) || taken_local[13] != ':' ||
      !parse_digits (taken_local + 14, 2, &mi) || taken_local[16] != ':' ||
      !parse_digits (taken_local + 17, 2, &s))
    return;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return;
  if (taken_local[19] == '.')
    {
      const char *f = taken_local + 20;
      int digits = 0;

      ms = 0;
      while (g_ascii_isdigit (*f) && digits < 3)
        ms = ms * 10 + (*f++ - '0'), digits++;
      if (digits == 0)
        ms = -1;
      for (; digits > 0 && digits < 3; digits++)
        ms *= 10;
    }
  key->moment = days_from_civil (y, (unsigned) mo, (unsigned) d) * 86400 + h * 3600 + mi * 60 + s;
  key->moment_msec = ms;
}

gboolean
sv_duplicate_keys_same_moment (const SvDuplicateKey *a, const SvDuplicateKey *b)
{
  gint64 delta;

  if (a->moment == SV_DUPLICATES_NO_MOMENT || b->moment == SV_DUPLICATES_NO_MOMENT)
    return TRUE;
  if (a->moment_msec >= 0 && b->moment_msec >= 0 && a->moment_msec != b->moment_msec)
    return FALSE;
  delta = ABS (a->moment - b->moment);
  return delta == 0 || (delta <= MAX_CLOCK_FIX_SECONDS && delta % QUARTER_HOUR == 0);
}

/* ---- grouping ---- */

typedef struct
{
  guint a, b;
  guint distance;
} Pair;

static inline guint
band_of (guint64 hash, guint band)
{
  return (guint) ((hash >> (band * BAND_BITS)) & (N_BUCKETS - 1));
}

static int
compare_pairs (gconstpointer x, gconstpointer y)
{
  const Pair *p = x, *q = y;

  if (p->distance != q->distance)
    return p->distance < q->distance ? -1 : 1;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

typedef struct
{
  const SvDuplicateKey *keys;
  guint n;
  guint threshold;
  guint radius;              /* per band: threshold / N_BANDS */
  guint32 *starts[N_BANDS];  /* N_BUCKETS + 1 offsets into members */
  guint32 *members[N_BANDS]; /* key indices sorted by band value */
  GArray *pairs;             /* Pair */
} Finder;

/* Candidates of key @i in one band: the keys in the buckets of every value
 * within the radius of its own (@masks: the values of at most radius bits). */
static void
finder_probe_band (Finder *f, guint i, guint band, const guint32 *masks, guint n_masks)
{
  const guint32 *starts = f->starts[band];
  const guint32 *members = f->members[band];
  guint64 hi = f->keys[i].phash;
  guint own = band_of (hi, band);

  for (guint m = 0; m < n_masks; m++)
    {
      guint value = own ^ masks[m];

      for (guint32 k = starts[value]; k < starts[value + 1]; k++)
        {
          guint j = members[k];
          guint64 hj;
          guint d;
          gboolean seen = FALSE;
          Pair pair;

          if (j <= i)
            continue;
          hj = f->keys[j].phash;
          d = sv_phash_distance (hi, hj);
          if (d > f->threshold)
            continue;
          /* Found once: only through the first band within the radius. */
          for (guint b = 0; b < band && !seen; b++)
            seen = (guint) __builtin_popcount (band_of (hi, b) ^ band_of (hj, b)) <= f->radius;
          if (seen)
            continue;
          pair.a = i;
          pair.b = j;
          pair.distance = d;
          g_array_append_val (f->pairs, pair);
        }
    }
}

static int
compare_moments (gconstpointer x, gconstpointer y, gpointer data)
{
  const SvDuplicateKey *keys = data;
  const SvDuplicateKey *a = &keys[*(const guint *) x], *b = &keys[*(const guint *) y];

  if (a->moment != b->moment)
    return a->moment < b->moment ? -1 : 1;
  return (*(const guint *) x > *(const guint *) y) - (*(const guint *) x < *(const guint *) y);
}

/* Photos recorded at the very same second (and millisecond, when both say)
 * are near-duplicates up to a larger distance: the capture time is strong
 * evidence, and a crop moves the hash more than any re-encoding. A run of
 * more photos than SAME_MOMENT_MAX_RUN at one second is a clock that was
 * not set: no evidence there. */
static void
add_same_moment_pairs (Finder *f)
{
  g_autoptr (GArray) dated = g_array_new (FALSE, FALSE, sizeof (guint));
  guint limit = MIN (2 * f->threshold, SAME_MOMENT_MAX_DISTANCE);

  if (limit <= f->threshold)
    return;
  for (guint i = 0; i < f->n; i++)
    if (f->keys[i].moment != SV_DUPLICATES_NO_MOMENT)
      g_array_append_val (dated, i);
  g_array_sort_with_data (dated, compare_moments, (gpointer) f->keys);

  for (guint start = 0; start < dated->len;)
    {
      gint64 moment = f->keys[g_array_index (dated, guint, start)].moment;
      guint end = start + 1;

      while (end < dated->len && f->keys[g_array_index (dated, guint, end)].moment == moment)
        end++;
      if (end - start <= SAME_MOMENT_MAX_RUN)
        for (guint x = start; x < end; x++)
          for (guint y = x + 1; y < end; y++)
            {
              guint a = g_array_index (dated, guint, x), b = g_array_index (dated, guint, y);
              guint d = sv_phash_distance (f->keys[a].phash, f->keys[b].phash);
              Pair pair;

              /* Within the threshold the bands found it already. */
              if (d <= f->threshold || d > limit ||
                  !sv_duplicate_keys_same_moment (&f->keys[a], &f->keys[b]))
                continue;
              pair.a = MIN (a, b);
              pair.b = MAX (a, b);
              pair.distance = d;
              g_array_append_val (f->pairs, pair);
            }
      start = end;
    }
}

/* Union-find whose sets remember their distinct known moments, so that a
 * merge that would put two different moments in one group is refused. */
typedef struct
{
  guint *parent;
  GPtrArray *moments; /* per root: GArray of guint key indices with a moment, or NULL */
} Sets;

static guint
sets_find (Sets *s, guint x)
{
  while (s->parent[x] != x)
    {
      s->parent[x] = s->parent[s->parent[x]];
      x = s->parent[x];
    }
  return x;
}

static void
free_moments (gpointer moments)
{
  if (moments != NULL)
    g_array_unref (moments);
}

static gboolean
sets_try_union (Sets *s, const SvDuplicateKey *keys, guint a, guint b)
{
  guint ra = sets_find (s, a), rb = sets_find (s, b);
  GArray *ma, *mb;

  if (ra == rb)
    return TRUE;
  ma = g_ptr_array_index (s->moments, ra);
  mb = g_ptr_array_index (s->moments, rb);
  if (ma != NULL && mb != NULL)
    for (guint x = 0; x < ma->len; x++)
      for (guint y = 0; y < mb->len; y++)
        if (!sv_duplicate_keys_same_moment (&keys[g_array_index (ma, guint, x)],
                                            &keys[g_array_index (mb, guint, y)]))
          return FALSE;
  /* The larger set's root stays the root. */
  if (ma == NULL || (mb != NULL && mb->len > ma->len))
    {
      guint t = ra;
      GArray *tm = ma;

      ra = rb, rb = t;
      ma = mb, mb = tm;
    }
  s->parent[rb] = ra;
  if (mb != NULL)
    {
      if (ma == NULL)
        g_ptr_array_index (s->moments, ra) = g_steal_pointer (&g_ptr_array_index (s->moments, rb));
      else
        {
          /* Keep one index per moment: equal moments add nothing. */
          for (guint y = 0; y < mb->len; y++)
            {
              guint k = g_array_index (mb, guint, y);
              gboolean known = FALSE;

              for (guint x = 0; x < ma->len && !known; x++)
                {
                  const SvDuplicateKey *o = &keys[g_array_index (ma, guint, x)];

                  known = o->moment == keys[k].moment && o->moment_msec == keys[k].moment_msec;
                }
              if (!known)
                g_array_append_val (ma, k);
            }
          g_clear_pointer (&g_ptr_array_index (s->moments, rb), g_array_unref);
        }
    }
  return TRUE;
}

static int
compare_first_index (gconstpointer x, gconstpointer y)
{
  GArray *a = *(GArray *const *) x, *b = *(GArray *const *) y;
  guint fa = g_array_index (a, guint, 0), fb = g_array_index (b, guint, 0);

  return (fa > fb) - (fa < fb);
}

GPtrArray *
sv_duplicates_group_keys (const SvDuplicateKey *keys, guint n, guint threshold)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *group_of = NULL;
  g_autoptr (GArray) masks = NULL;
  Finder f = { 0 };
  Sets sets = { 0 };

  g_return_val_if_fail (keys != NULL || n == 0, groups);
  g_return_val_if_fail (threshold <= SV_DUPLICATES_MAX_THRESHOLD, groups);

  if (n < 2)
    return groups;

  f.keys = keys;
  f.n = n;
  f.threshold = threshold;
  f.radius = threshold / N_BANDS;
  f.pairs = g_array_new (FALSE, FALSE, sizeof (Pair));

  /* One table per band: items sorted by the band's 16 bits (counting sort). */
  for (guint b = 0; b < N_BANDS; b++)
    {
      guint32 *starts = g_new0 (guint32, N_BUCKETS + 1);
      guint32 *members = g_new (guint32, n);
      g_autofree guint32 *fill = NULL;

      for (guint i = 0; i < n; i++)
        starts[band_of (keys[i].phash, b) + 1]++;
      for (guint v = 0; v < N_BUCKETS; v++)
        starts[v + 1] += starts[v];
      fill = g_memdup2 (starts, sizeof (guint32) * N_BUCKETS);
      for (guint i = 0; i < n; i++)
        members[fill[band_of (keys[i].phash, b)]++] = i;
      f.starts[b] = starts;
      f.members[b] = members;
    }

  /* Pigeonhole: two hashes within @threshold bits agree to within
   * threshold / 4 bits on at least one of the four bands. */
  masks = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 v = 0; v < N_BUCKETS; v++)
    if ((guint) __builtin_popcount (v) <= f.radius)
      g_array_append_val (masks, v);
  for (guint i = 0; i < n; i++)
    for (guint b = 0; b < N_BANDS; b++)
      finder_probe_band (&f, i, b, (const guint32 *) (gpointer) masks->data, masks->len);

  for (guint b = 0; b < N_BANDS; b++)
    {
      g_free (f.starts[b]);
      g_free (f.members[b]);
    }

  add_same_moment_pairs (&f);

  /* Closest pairs first, so that a photo without a capture time joins the
   * moment it is closest to. */
  g_array_sort (f.pairs, compare_pairs);
  sets.parent = g_new (guint, n);
  sets.moments = g_ptr_array_new_full (n, free_moments);
  for (guint i = 0; i < n; i++)
    {
      GArray *m = NULL;

      sets.parent[i] = i;
      if (keys[i].moment != SV_DUPLICATES_NO_MOMENT)
        {
          m = g_array_sized_new (FALSE, FALSE, sizeof (guint), 1);
          g_array_append_val (m, i);
        }
      g_ptr_array_add (sets.moments, m);
    }
  for (guint k = 0; k < f.pairs->len; k++)
    {
      Pair *p = &g_array_index (f.pairs, Pair, k);

      sets_try_union (&sets, keys, p->a, p->b);
    }

  /* Collect the sets of two or more, in index order. */
  group_of = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    group_of[i] = G_MAXUINT;
  for (guint k = 0; k < f.pairs->len; k++)
    {
      Pair *p = &g_array_index (f.pairs, Pair, k);
      guint r = sets_find (&sets, p->a);

      if (r != sets_find (&sets, p->b))
        continue;
      if (group_of[r] == G_MAXUINT)
        {
          group_of[r] = groups->len;
          g_ptr_array_add (groups, g_array_new (FALSE, FALSE, sizeof (guint)));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      guint r = sets_find (&sets, i);

      if (group_of[r] != G_MAXUINT)
        g_array_append_val ((GArray *) g_ptr_array_index (groups, group_of[r]), i);
    }
  g_ptr_array_sort (groups, compare_first_index);

  g_array_unref (f.pairs);
  g_free (sets.parent);
  g_ptr_array_unref (sets.moments);
  return groups;
}

/* ---- in the catalogue ---- */

gboolean
sv_duplicates_store_phashes (SvCatalogue *catalogue,
                             const gint64 *ids,
                             const guint64 *phashes,
                             guint n,
                             GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (n == 0 || (ids != NULL && phashes != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    return TRUE;
  locker = _sv_catalogue_locker_new (catalogue, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (db, "UPDATE items SET phash = ?2 WHERE id = ?1", error);

      if (stmt == NULL)
        return _sv_db_rollback (db);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      /* SQLite integers are signed: the 64 bits are stored as they are. */
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) phashes[i]);
      if (!_sv_db_step_done (db, stmt, error))
        return _sv_db_rollback (db);
    }
  return _sv_db_commit (db, error);
}

gboolean
sv_duplicates_hash_thumbnail (SvThumbnailer *thumbnailer, const char *sha256, guint64 *phash)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SV_IS_THUMBNAILER (thumbnailer), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (phash != NULL, FALSE);

  if (!sv_thumbnailer_has_valid (thumbnailer, sha256, SV_THUMB_SIZE_GRID))
    return FALSE;
  path = sv_thumbnailer_get_path (thumbnailer, sha256, SV_THUMB_SIZE_GRID);
  if (path == NULL || !sv_phash_from_file (path, phash, &error))
    {
      if (error != NULL)
        g_debug ("No perceptual hash for %s: %s", sha256, error->message);
      return FALSE;
    }
  return TRUE;
}

static GArray *
ids_without_phash (SvCatalogue *catalogue, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  return _sv_db_query_ids (db,
                           "SELECT id FROM items WHERE phash IS NULL AND kind = ?1 "
                           "AND trashed_at IS NULL ORDER BY id",
                           SV_MEDIA_KIND_PHOTO, error);
}

gboolean
sv_duplicates_backfill (SvCatalogue *catalogue,
                        SvThumbnailer *thumbnailer,
                        guint *n_done,
                        guint *n_failed,
                        GCancellable *cancellable,
                        GError **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autofree char *limit_text = NULL;
  guint64 pixel_limit;
  guint done = 0, failed = 0;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (SV_IS_THUMBNAILER (thumbnailer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ids = ids_without_phash (catalogue, error);
  if (ids == NULL)
    return FALSE;
  limit_text = sv_catalogue_get_setting (catalogue, "pixel-limit");
  pixel_limit = limit_text != NULL ? g_ascii_strtoull (limit_text, NULL, 10) : 0;

  for (guint start = 0; start < ids->len; start += BACKFILL_BATCH)
    {
      guint n = MIN (BACKFILL_BATCH, ids->len - start);
      g_autoptr (GPtrArray) items = NULL;
      g_autoptr (GArray) hashed_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      g_autoptr (GArray) hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      items = sv_catalogue_get_items (catalogue, &g_array_index (ids, gint64, start), n, error);
      if (items == NULL)
        return FALSE;
      for (guint k = 0; k < items->len; k++)
        {
          SvMediaItem *item = g_ptr_array_index (items, k);
          const char *sha = sv_media_item_get_primary_hash (item);
          const char *format = sv_media_item_get_format (item);
          gint64 id = sv_media_item_get_id (item);
          guint64 hash = 0;

          if (!sv_duplicates_hash_thumbnail (thumbnailer, sha, &hash))
            {
              g_autoptr (GError) thumb_error = NULL;
              g_autofree char *thumb = NULL;

              /* Missing or damaged: make it again from the original. */
              sv_thumbnailer_invalidate (thumbnailer, sha);
              thumb = sv_thumbnailer_ensure (
                  thumbnailer, sv_media_item_get_path (item), sha,
                  sv_media_item_get_orientation (item),
                  g_strcmp0 (format, "heif") == 0 || g_strcmp0 (format, "avif") == 0, pixel_limit,
                  SV_THUMB_SIZE_GRID, cancellable, &thumb_error);
              if (thumb == NULL)
                {
                  if (g_error_matches (thumb_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                    {
                      g_propagate_error (error, g_steal_pointer (&thumb_error));
                      return FALSE;
                    }
                  g_debug ("No thumbnail for item %" G_GINT64_FORMAT ": %s", id,
                           thumb_error->message);
                  failed++;
                  continue;
                }
              if (!sv_duplicates_hash_thumbnail (thumbnailer, sha, &hash))
                {
                  failed++;
                  continue;
                }
            }
          g_array_append_val (hashed_ids, id);
          g_array_append_val (hashes, hash);
        }
      if (!sv_duplicates_store_phashes (catalogue, (const gint64 *) (gpointer) hashed_ids->data,
                                        (const guint64 *) (gpointer) hashes->data, hashed_ids->len,
                                        error))
        return FALSE;
      done += hashed_ids->len;
    }
  if (n_done != NULL)
    *n_done = done;
  if (n_failed != NULL)
    *n_failed = failed;
  return TRUE;
}

void
sv_duplicate_group_free (SvDuplicateGroup *group)
{
  if (group == NULL)
    return;
  g_clear_pointer (&group->items, g_array_unref);
  g_free (group);
}

/* How much an item says about itself: one point per kind of metadata. */
static guint
metadata_score (SvMediaItem *item)
{
  const char *source = sv_media_item_get_date_source (item);
  guint score = 0;

  score += sv_media_item_get_taken_local (item) != NULL;
  score += g_strcmp0 (source, "exif") == 0 || g_strcmp0 (source, "xmp") == 0;
  score += sv_media_item_get_has_utc_offset (item);
  score += sv_media_item_get_camera (item) != NULL;
  score += sv_media_item_get_lens (item) != NULL;
  score += sv_media_item_get_exposure_time (item) > 0;
  score += sv_media_item_get_f_number (item) > 0;
  score += sv_media_item_get_iso (item) > 0;
  score += sv_media_item_get_focal_length (item) > 0;
  score += sv_media_item_get_has_gps (item);
  score += sv_media_item_get_has_altitude (item);
  score += sv_media_item_get_caption (item) != NULL;
  score += sv_media_item_get_keywords (item)[0] != NULL;
  score += sv_media_item_get_rating (item) >= 0;
  score += sv_media_item_get_favourite (item);
  return score;
}

/* < 0 when @a is the better keeper. */
static int
compare_keepers (SvMediaItem *a, SvMediaItem *b)
{
  gint64 pa = (gint64) sv_media_item_get_width (a) * sv_media_item_get_height (a);
  gint64 pb = (gint64) sv_media_item_get_width (b) * sv_media_item_get_height (b);
  guint ma, mb;
  gint64 ia, ib;

  if (pa != pb)
    return pa > pb ? -1 : 1;
  ma = metadata_score (a);
  mb = metadata_score (b);
  if (ma != mb)
    return ma > mb ? -1 : 1;
  ia = sv_media_item_get_imported_at (a);
  ib = sv_media_item_get_imported_at (b);
  if (ia != ib)
    return ia < ib ? -1 : 1;
  ia = sv_media_item_get_id (a);
  ib = sv_media_item_get_id (b);
  return (ia > ib) - (ia < ib);
}

static int
compare_groups (gconstpointer x, gconstpointer y)
{
  const SvDuplicateGroup *a = *(SvDuplicateGroup *const *) x;
  const SvDuplicateGroup *b = *(SvDuplicateGroup *const *) y;
  gint64 ka = g_array_index (a->items, gint64, 0), kb = g_array_index (b->items, gint64, 0);

  return (ka > kb) - (ka < kb);
}

GPtrArray *
sv_duplicates_find (SvCatalogue *catalogue, guint threshold, GError **error)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (SvDuplicateKey));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) index_groups = NULL;
  g_autoptr (GPtrArray) result = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (threshold > SV_DUPLICATES_MAX_THRESHOLD)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The threshold must be between 0 and %d bits"), SV_DUPLICATES_MAX_THRESHOLD);
      return NULL;
    }

  {
    g_autoptr (SvCatalogueLocker) locker = NULL;
    sqlite3_stmt *stmt;
    SvDb *db;
    int rc;

    locker = _sv_catalogue_locker_new (catalogue, &db);
    stmt = _sv_db_prepare (db,
                           "SELECT id, phash, taken_local, date_source FROM items "
                           "WHERE phash IS NOT NULL AND kind = ?1 AND trashed_at IS NULL "
                           "ORDER BY id",
                           error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int (stmt, 1, SV_MEDIA_KIND_PHOTO);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        SvDuplicateKey key;

        key.phash = (guint64) sqlite3_column_int64 (stmt, 1);
        sv_duplicate_key_set_moment (&key, (const char *) sqlite3_column_text (stmt, 2),
                                     (const char *) sqlite3_column_text (stmt, 3));
        g_array_append_val (keys, key);
        g_array_append_val (ids, id);
      }
    if (!_sv_db_rows_done (db, stmt, rc, error))
      return NULL;
  }

  index_groups = sv_duplicates_group_keys ((const SvDuplicateKey *) (gpointer) keys->data,
                                           keys->len, threshold);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_duplicate_group_free);
  for (guint g = 0; g < index_groups->len; g++)
    {
      GArray *members = g_ptr_array_index (index_groups, g);
      g_autofree gint64 *member_ids = g_new (gint64, members->len);
      g_autoptr (GPtrArray) items = NULL;
      SvDuplicateGroup *group;
      guint best = 0;
      guint64 keeper_hash;

      for (guint k = 0; k < members->len; k++)
        member_ids[k] = g_array_index (ids, gint64, g_array_index (members, guint, k));
      items = sv_catalogue_get_items (catalogue, member_ids, members->len, error);
      if (items == NULL)
        return NULL;
      for (guint k = 1; k < items->len; k++)
        if (compare_keepers (g_ptr_array_index (items, k), g_ptr_array_index (items, best)) < 0)
          best = k;

      group = g_new0 (SvDuplicateGroup, 1);
      group->items = g_array_sized_new (FALSE, FALSE, sizeof (gint64), members->len);
      g_array_append_val (group->items, member_ids[best]);
      keeper_hash =
          g_array_index (keys, SvDuplicateKey, g_array_index (members, guint, best)).phash;
      for (guint k = 0; k < members->len; k++)
        {
          guint64 h = g_array_index (keys, SvDuplicateKey, g_array_index (members, guint, k)).phash;

          group->max_distance = MAX (group->max_distance, sv_phash_distance (keeper_hash, h));
          if (k != best)
            g_array_append_val (group->items, member_ids[k]);
        }
      g_ptr_array_add (result, group);
    }
  g_ptr_array_sort (result, compare_groups);
  return g_steal_pointer (&result);
}

gboolean
sv_duplicates_trash_others (SvCatalogue *catalogue,
                            GPtrArray *groups,
                            guint *n_trashed,
                            GError **error)
{
  g_autoptr (GArray) others = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (groups != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint g = 0; g < groups->len; g++)
    {
      SvDuplicateGroup *group = g_ptr_array_index (groups, g);

      for (guint k = 1; k < group->items->len; k++)
        g_array_append_val (others, g_array_index (group->items, gint64, k));
    }
  if (others->len > 0 &&
      !sv_trash_items (catalogue, (const gint64 *) (gpointer) others->data, others->len, error))
    return FALSE;
  if (n_trashed != NULL)
    *n_trashed = others->len;
  return TRUE;
}
