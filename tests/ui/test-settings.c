/* test-settings.c: library settings, the library folder and the thumbnail
 * cache folder, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-settings"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sv-application.h"
#include "sv-cache-dir.h"
#include "sv-error.h"
#include "sv-memory-settings.h"

#define MAX_TURNS 20000

static void
on_changed_cb (SvLibrarySettings *settings, const char *key, guint *count)
{
  g_assert_cmpstr (key, ==, "import-mode");
  (*count)++;
}

static void
test_library_settings (void)
{
  g_autoptr (SvMemorySettings) memory = sv_memory_settings_new ();
  SvLibrarySettings *settings = SV_LIBRARY_SETTINGS (memory);
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *huge = NULL;
  g_auto (GStrv) paths = NULL;
  const char *bad_paths[] = { "/ok", "not/absolute", NULL };
  const char *good_paths[] = { "/a b", "/c\\d", NULL };
  guint changes = 0;

  value = sv_library_settings_get_string (settings, "import-mode", "copy");
  g_assert_cmpstr (value, ==, "copy");
  g_clear_pointer (&value, g_free);
  g_assert_null (sv_library_settings_get_string (settings, "import-mode", NULL));

  {
    gulong id =
        g_signal_connect (settings, "changed::import-mode", G_CALLBACK (on_changed_cb), &changes);

    g_assert_true (sv_library_settings_set_string (settings, "import-mode", "reference", &error));
    g_assert_true (sv_library_settings_set_string (settings, "import-mode", "reference", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (changes, ==, 1);
    g_signal_handler_disconnect (settings, id);
  }

  g_assert_true (sv_library_settings_set_int (settings, "trash-retention-days", 90, NULL));
  g_assert_cmpint (sv_library_settings_get_int (settings, "trash-retention-days", 1, 3650, 30), ==,
                   90);
  g_assert_cmpint (sv_library_settings_get_int (settings, "trash-retention-days", 1, 60, 30), ==,
                   30);

  /* Invalid input is refused with a clear error. */
  huge = g_strnfill (70000, 'x');
  g_assert_false (sv_library_settings_set_string (settings, "managed-root", huge, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sv_library_settings_set_string (settings, "managed-root", "\xff\xfe", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sv_library_settings_set_paths (settings, "watched-folders", bad_paths, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not/absolute"));
  g_clear_error (&error);

  /* Paths round-trip, including spaces and backslashes. */
  g_assert_true (sv_library_settings_set_paths (settings, "watched-folders", good_paths, &error));
  g_assert_no_error (error);
  paths = sv_library_settings_get_paths (settings, "watched-folders");
  g_assert_cmpstrv (paths, good_paths);
}

static void
test_resolve_library_dir (void)
{
  g_autoptr (GFile) from_option = sv_resolve_library_dir ("lib", "/home/me");
  g_autoptr (GFile) absolute = sv_resolve_library_dir ("/srv/lib", "/home/me");
  g_autoptr (GFile) from_env = NULL;
  g_autoptr (GFile) fallback = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "souvenir", NULL);
  g_autofree char *path = NULL;

  path = g_file_get_path (from_option);
  g_assert_cmpstr (path, ==, "/home/me/lib");
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (absolute);
  g_assert_cmpstr (path, ==, "/srv/lib");
  g_clear_pointer (&path, g_free);

  g_setenv ("SOUVENIR_LIBRARY", "/var/lib/souvenir-env", TRUE);
  from_env = sv_resolve_library_dir (NULL, "/home/me");
  path = g_file_get_path (from_env);
  g_assert_cmpstr (path, ==, "/var/lib/souvenir-env");
  g_clear_pointer (&path, g_free);

  g_unsetenv ("SOUVENIR_LIBRARY");
  fallback = sv_resolve_library_dir ("", "/home/me");
  path = g_file_get_path (fallback);
  g_assert_cmpstr (path, ==, expected);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  guint64 bytes;
  GError *error;
} Result;

static void
on_measured_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->ok = sv_cache_dir_measure_finish (result, &r->bytes, &r->error);
  r->done = TRUE;
}

static void
on_cleared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->ok = sv_cache_dir_clear_finish (result, &r->error);
  r->done = TRUE;
}

static void
wait_result (Result *r)
{
  for (guint i = 0; i < MAX_TURNS && !r->done; i++)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (r->done);
}

static void
write_file (const char *path, gsize size)
{
  g_autofree char *data = g_malloc0 (size);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static guint64
measure (GFile *dir)
{
  Result r = { 0 };

  sv_cache_dir_measure_async (dir, NULL, on_measured_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  return r.bytes;
}

static void
test_cache_dir (void)
{
  g_autoptr (GFile) cache = sv_cache_dir_get_default ();
  g_autofree char *root = g_file_get_path (cache);
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "souvenir", NULL);
  g_autofree char *a = g_build_filename (root, "lib", "ab", "abcd.webp", NULL);
  g_autofree char *b = g_build_filename (root, "lib", "cd", "cdef.webp", NULL);
  g_autofree char *outside_dir = g_build_filename (g_get_user_data_dir (), "keep", NULL);
  g_autofree char *outside = g_build_filename (outside_dir, "precious.jpg", NULL);
  g_autofree char *link = g_build_filename (root, "lib", "link", NULL);
  Result r = { 0 };
  guint64 bytes;

  /* Never touch a real cache. */
  g_assert_true (g_str_has_prefix (root, g_get_tmp_dir ()));
  g_assert_cmpstr (root, ==, expected);

  /* A cache that does not exist yet is empty. */
  g_assert_cmpuint (measure (cache), ==, 0);

  write_file (a, 10000);
  write_file (b, 30000);
  write_file (outside, 50000);
  if (symlink (outside_dir, link) != 0)
    g_error ("symlink %s: %s", link, g_strerror (errno));

  /* Allocated sizes: at least the bytes written, and not the 50 kB behind
   * the link. */
  bytes = measure (cache);
  g_assert_cmpuint (bytes, >=, 40000);
  g_assert_cmpuint (bytes, <, 90000);

  sv_cache_dir_clear_async (cache, NULL, on_cleared_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (b, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (measure (cache), ==, 0);
}

static void
test_cache_dir_cancelled (void)
{
  g_autoptr (GFile) cache = sv_cache_dir_get_default ();
  g_autofree char *root = g_file_get_path (cache);
  g_autofree char *a = g_build_filename (root, "lib", "ab", "abcd.webp", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  write_file (a, 1000);
  g_cancellable_cancel (cancellable);
  sv_cache_dir_clear_async (cache, cancellable, on_cleared_cb, &r);
  wait_result (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_true (g_file_test (a, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ui/settings/library-settings", test_library_settings);
  g_test_add_func ("/ui/settings/resolve-library-dir", test_resolve_library_dir);
  g_test_add_func ("/ui/settings/cache-dir", test_cache_dir);
  g_test_add_func ("/ui/settings/cache-dir-cancelled", test_cache_dir_cancelled);

  return g_test_run ();
}
