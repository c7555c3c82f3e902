/* catalogue-test-util.h: helpers shared by the catalogue test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-hash.h"

/* A fresh library folder inside the isolated XDG data dir. */
static inline char *
test_library_dir (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("library-%u", ++counter);

  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

typedef struct
{
  const char *taken_local; /* NULL: unknown date */
  const char *camera;
  const char *city_en, *city_local, *country_en, *country_local, *country_code;
  SvMediaKind kind;
  gboolean gps;
} TestFileSpec;

/* A synthetic file: path /test/photos/<name>, hash of "<seed>". */
static inline SvNewFile *
test_new_file (const char *name, const char *seed, const TestFileSpec *spec)
{
  SvNewFile *f = g_new0 (SvNewFile, 1);

  sv_new_file_init (f);
  f->path = g_build_filename ("/test/photos", name, NULL);
  f->sha256 = sv_sha256_bytes_hex (seed, strlen (seed));
  f->size = 1000 + (gint64) strlen (seed);
  f->mtime_usec = G_GINT64_CONSTANT (1700000000000000);
  f->info.kind = spec ? spec->kind : SV_MEDIA_KIND_PHOTO;
  f->info.format = g_strdup (f->info.kind == SV_MEDIA_KIND_VIDEO ? "mp4" : "jpeg");
  f->info.mime_type = g_strdup (f->info.kind == SV_MEDIA_KIND_VIDEO ? "video/mp4" : "image/jpeg");
  f->info.stored_width = 4000;
  f->info.stored_height = 3000;
  f->info.orientation = 6;
  if (spec != NULL && spec->taken_local != NULL)
    {
      f->info.taken_local = g_strdup (spec->taken_local);
      f->info.has_utc_offset = TRUE;
      f->info.utc_offset_minutes = 120;
      f->info.date_source = SV_DATE_SOURCE_EXIF;
    }
  if (spec != NULL && spec->camera != NULL)
    {
      f->info.camera = g_strdup (spec->camera);
      f->info.make = g_strdup ("Make");
      f->info.model = g_strdup (spec->camera);
    }
  f->info.iso = 200;
  f->info.f_number = 2.8;
  f->info.exposure_time = 0.004;
  f->info.focal_length = 35;
  if (spec != NULL && spec->gps)
    {
      f->info.has_gps = TRUE;
      f->info.latitude = 48.8566;
      f->info.longitude = 2.3522;
      f->info.has_altitude = TRUE;
      f->info.altitude = 35;
    }
  if (spec != NULL && spec->country_code != NULL)
    {
      f->has_place = TRUE;
      f->place.city_en = g_strdup (spec->city_en);
      f->place.city_local = g_strdup (spec->city_local);
      f->place.country_en = g_strdup (spec->country_en);
      f->place.country_local = g_strdup (spec->country_local);
      f->place.country_code = g_strdup (spec->country_code);
    }
  return f;
}

static inline void
test_new_file_free (SvNewFile *f)
{
  sv_new_file_clear (f);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvNewFile, test_new_file_free)

/* Adds one file; returns its item id. */
static inline gint64
test_add_one (SvCatalogue *cat, const char *name, const char *seed, const TestFileSpec *spec)
{
  g_autoptr (SvNewFile) f = test_new_file (name, seed, spec);
  g_autoptr (GError) error = NULL;
  SvNewFile *files[] = { f };
  gint64 id = 0;
  gboolean is_new = FALSE;

  g_assert_true (sv_catalogue_add_files (cat, 0, files, 1, &id, &is_new, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline GArray *
test_query_all (SvCatalogue *cat)
{
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  GArray *ids;

  sv_query_init (&q);
  ids = sv_catalogue_query_ids (cat, &q, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}
