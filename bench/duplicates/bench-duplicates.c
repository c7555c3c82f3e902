/* bench-duplicates.c: near-duplicate grouping at scale, on synthetic
 * perceptual hashes.
 *
 * Usage: bench-duplicates [N_ITEMS] [THRESHOLD]
 *
 * Makes N (default 100,000) hashes: 85 % unrelated photos (random hashes,
 * capture times spread over ten years, a tenth without one), 10 % near-
 * duplicates of one of them (2 to 8 bits flipped; same capture time, none,
 * or the clock moved by one hour) and 5 % burst shots (up to 6 bits flipped,
 * 1 to 3 s later). Times sv_duplicates_group_keys () on them, then the whole
 * sv_duplicates_find () (catalogue read + grouping + keepers) on a catalogue
 * holding the same hashes, and prints the planted pairs found and the burst
 * shots wrongly grouped (must be 0).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-bench-duplicates"

#include "config.h"

#include <ftw.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "sv-catalogue-private.h"
#include "sv-duplicates.h"
#include "sv-hash.h"

typedef enum
{
  KIND_UNIQUE,
  KIND_NEAR,
  KIND_BURST,
} Kind;

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

/* CPU seconds of this process: the machine may be shared. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint64
flip_bits (GRand *rand, guint64 h, guint n)
{
  for (guint k = 0; k < n; k++)
    h ^= G_GUINT64_CONSTANT (1) << g_rand_int_range (rand, 0, 64);
  return h;
}

static char *
moment_text (const SvDuplicateKey *key)
{
  /* Seconds since 1970 read as a wall-clock time. */
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (key->moment);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03d", base, key->moment_msec);
}

/* A catalogue with one photo per key (raw rows: the bench is about reading
 * and grouping, not importing). */
static SvCatalogue *
make_catalogue (const char *dir, const SvDuplicateKey *keys, guint n)
{
  g_autoptr (GError) error = NULL;
  SvCatalogue *catalogue = sv_catalogue_open (dir, &error);
  SvDb *db;

  g_assert_no_error (error);
  db = _sv_catalogue_lock_db (catalogue);
  g_assert_true (_sv_db_begin (db, &error));
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (
          db,
          "INSERT INTO items (id, uuid, primary_hash, kind, width, height, stored_width, "
          "stored_height, taken_local, date_source, imported_at, phash) "
          "VALUES (?1, ?2, ?3, 0, 4000, 3000, 4000, 3000, ?4, ?5, ?6, ?7)",
          &error);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *seed = g_strdup_printf ("%u", i);
      g_autofree char *sha = sv_sha256_bytes_hex (seed, strlen (seed));
      g_autofree char *taken = NULL;

      g_assert_no_error (error);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, sha, -1, SQLITE_TRANSIENT);
      if (keys[i].moment != SV_DUPLICATES_NO_MOMENT)
        {
          taken = moment_text (&keys[i]);
          sqlite3_bind_text (stmt, 4, taken, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 5, "exif", -1, SQLITE_STATIC);
        }
      sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) keys[i].phash);
      g_assert_true (_sv_db_step_done (db, stmt, &error));
    }
  g_assert_true (_sv_db_commit (db, &error));
  _sv_catalogue_unlock_db (catalogue);
  return catalogue;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint threshold = argc > 2 ? (guint) atoi (argv[2]) : SV_DUPLICATES_DEFAULT_THRESHOLD;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  g_autofree SvDuplicateKey *keys = g_new0 (SvDuplicateKey, n);
  g_autofree Kind *kinds = g_new0 (Kind, n);
  g_autofree guint *source = g_new0 (guint, n);
  g_autofree guint *group_of = g_new (guint, n);
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autofree char *dir = NULL;
  guint planted = 0, planted_found = 0, bursts = 0, bursts_grouped = 0, uniques = 0;
  guint in_groups = 0;
  gint64 t0, t1;
  double c0, c1;

  setlocale (LC_ALL, "");
  if (n < 2 || threshold > SV_DUPLICATES_MAX_THRESHOLD)
    {
      fprintf (stderr, "usage: bench-duplicates [N_ITEMS >= 2] [THRESHOLD 0..%d]\n",
               SV_DUPLICATES_MAX_THRESHOLD);
      return 2;
    }

  for (guint i = 0; i < n; i++)
    {
      double r = g_rand_double (rand);

      if (uniques == 0 || r < 0.85)
        {
          kinds[i] = KIND_UNIQUE;
          keys[i].phash = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          if (g_rand_double (rand) < 0.1)
            {
              keys[i].moment = SV_DUPLICATES_NO_MOMENT;
              keys[i].moment_msec = -1;
            }
          else
            {
              keys[i].moment =
                  G_GINT64_CONSTANT (1388534400) + g_rand_int_range (rand, 0, 315360000);
              keys[i].moment_msec = g_rand_int_range (rand, 0, 1000);
            }
          source[i] = i;
          uniques++;
          continue;
        }
      /* Pick an earlier unrelated photo. */
      do
        source[i] = g_rand_int_range (rand, 0, (gint32) i);
      while (kinds[source[i]] != KIND_UNIQUE);
      keys[i] = keys[source[i]];
      if (r < 0.95)
        {
          double m = g_rand_double (rand);

          kinds[i] = KIND_NEAR;
          keys[i].phash = flip_bits (rand, keys[i].phash, (guint) g_rand_int_range (rand, 2, 9));
          if (m < 0.3)
            {
              keys[i].moment = SV_DUPLICATES_NO_MOMENT;
              keys[i].moment_msec = -1;
            }
          else if (m < 0.4 && keys[i].moment != SV_DUPLICATES_NO_MOMENT)
            keys[i].moment += 3600;
          planted++;
        }
      else
        {
          kinds[i] = KIND_BURST;
          keys[i].phash = flip_bits (rand, keys[i].phash, (guint) g_rand_int_range (rand, 0, 7));
          if (keys[i].moment == SV_DUPLICATES_NO_MOMENT)
            keys[i].moment = G_GINT64_CONSTANT (1388534400) + g_rand_int_range (rand, 0, 315360000);
          keys[i].moment += g_rand_int_range (rand, 1, 4);
          keys[i].moment_msec = g_rand_int_range (rand, 0, 1000);
          /* The source must have a moment too, for it to be a burst. */
          if (keys[source[i]].moment == SV_DUPLICATES_NO_MOMENT)
            {
              kinds[i] = KIND_UNIQUE;
              source[i] = i;
              keys[i].phash = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
              uniques++;
              continue;
            }
          bursts++;
        }
    }

  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  groups = sv_duplicates_group_keys (keys, n, threshold);
  c1 = cpu_seconds ();
  t1 = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    group_of[i] = G_MAXUINT;
  for (guint g = 0; g < groups->len; g++)
    {
      GArray *members = g_ptr_array_index (groups, g);

      in_groups += members->len;
      for (guint k = 0; k < members->len; k++)
        group_of[g_array_index (members, guint, k)] = g;
    }
  for (guint i = 0; i < n; i++)
    {
      gboolean together = group_of[i] != G_MAXUINT && group_of[i] == group_of[source[i]];

      if (kinds[i] == KIND_NEAR && together)
        planted_found++;
      else if (kinds[i] == KIND_BURST && together)
        bursts_grouped++;
    }

  printf ("keys: %u (%u unrelated, %u near-duplicates, %u burst shots), threshold %u\n", n, uniques,
          planted, bursts, threshold);
  printf ("grouping (sv_duplicates_group_keys): %.3f s wall, %.3f s CPU, %u groups, %u photos in "
          "groups\n",
          (t1 - t0) / 1e6, c1 - c0, groups->len, in_groups);
  printf ("planted near-duplicates found: %u / %u (%.4f)\n", planted_found, planted,
          planted ? (double) planted_found / planted : 1.0);
  printf ("burst shots grouped with their scene: %u (must be 0)\n", bursts_grouped);

  dir = g_dir_make_tmp ("sv-bench-duplicates-XXXXXX", &error);
  g_assert_no_error (error);
  catalogue = make_catalogue (dir, keys, n);
  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  found = sv_duplicates_find (catalogue, threshold, &error);
  c1 = cpu_seconds ();
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  printf ("catalogue read + grouping + keepers (sv_duplicates_find): %.3f s wall, %.3f s CPU, %u "
          "groups\n",
          (t1 - t0) / 1e6, c1 - c0, found->len);
  g_clear_object (&catalogue);
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return bursts_grouped == 0 && found->len == groups->len ? 0 : 1;
}
