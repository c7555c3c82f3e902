/* lifecycle-test-util.h: helpers shared by the lifecycle test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "sv-catalogue.h"

/* A new folder "<what>-<n>" inside the isolated XDG data dir. */
static inline char *
test_fresh_dir (const char *what)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("%s-%u", what, ++counter);
  char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

/* A catalogue in a fresh library folder (its path in *@dir_out unless
 * NULL). */
static inline SvCatalogue *
test_open_library (char **dir_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = test_fresh_dir ("library");
  SvCatalogue *cat;

  /* GLib's desktop trash needs the (isolated) home folder to exist. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cat);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return cat;
}

/* Copies @src to @dest, making @dest's folder. */
static inline void
test_copy_file (const char *src, const char *dest)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autoptr (GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (dest, contents, (gssize) len, &error));
  g_assert_no_error (error);
}

/* How many items are in the timeline (or, with @trashed, in the trash). */
static inline gint64
test_count_items (SvCatalogue *cat, gboolean trashed)
{
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 n;

  sv_query_init (&q);
  q.trashed = trashed;
  n = sv_catalogue_count (cat, &q, &error);
  g_assert_no_error (error);
  return n;
}
