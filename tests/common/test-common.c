/* test-common.c: hashing and JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sv-error.h"
#include "sv-hash.h"
#include "sv-json.h"

static void
test_sha256_vectors (void)
{
  g_autofree char *empty = sv_sha256_bytes_hex ("", 0);
  g_autofree char *abc = sv_sha256_bytes_hex ("abc", 3);

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_true (sv_sha256_hex_is_valid (abc));
  g_assert_false (sv_sha256_hex_is_valid ("ABC"));
  g_assert_false (sv_sha256_hex_is_valid (NULL));
}

/* The manifest's sha256 column was computed by sha256sum: every photo must
 * hash to the same value. */
static void
test_sha256_files_match_manifest (void)
{
  g_autofree char *manifest = g_build_filename (SV_PHOTOS_DIR, "MANIFEST.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  guint checked = 0;

  g_assert_true (g_file_get_contents (manifest, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autofree char *hex = NULL;
      goffset size = 0;

      if (g_strv_length (cols) < 15)
        continue;
      path = g_build_filename (SV_PHOTOS_DIR, cols[0], NULL);
      hex = sv_sha256_file_hex (path, &size, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hex, ==, cols[14]);
      g_assert_cmpint (size, ==, g_ascii_strtoll (cols[13], NULL, 10));
      checked++;
    }
  g_assert_cmpuint (checked, >, 150);
}

static void
test_sha256_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hex = sv_sha256_file_hex ("/nonexistent/file.jpg", NULL, NULL, &error);

  g_assert_null (hex);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_sha256_cancelled (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, "MANIFEST.tsv", NULL);
  g_autofree char *hex = NULL;

  g_cancellable_cancel (cancellable);
  hex = sv_sha256_file_hex (path, NULL, cancellable, &error);
  g_assert_null (hex);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_json_strict (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GString) deep = g_string_new (NULL);
  const char *ok = "{\"a\": 1, \"b\": \"x\"}";
  gint64 v = 0;

  node = sv_json_parse_strict (ok, strlen (ok), 1024, 8, &error);
  g_assert_no_error (error);
  g_assert_true (sv_json_object_get_int (json_node_get_object (node), "a", &v));
  g_assert_cmpint (v, ==, 1);
  g_assert_cmpstr (sv_json_object_get_string (json_node_get_object (node), "b"), ==, "x");
  g_assert_null (sv_json_object_get_string (json_node_get_object (node), "a"));
  g_clear_pointer (&node, json_node_unref);

  /* Exactly at the limit: an array of objects of values is 3 levels. */
  node = sv_json_parse_strict ("[{\"a\": 1}]", 10, 1024, 3, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = sv_json_parse_strict ("[[{\"a\": 1}]]", 12, 1024, 3, &error);
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (node);

  node = sv_json_parse_strict (ok, strlen (ok), 4, 8, &error);
  g_assert_null (node);
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = sv_json_parse_strict (deep->str, deep->len, 1 << 20, 32, &error);
  g_assert_null (node);
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = sv_json_parse_strict ("{\"a\": \xff}", 8, 1024, 8, &error);
  g_assert_null (node);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  node = sv_json_parse_strict ("{\"a\": 1} x", 10, 1024, 8, &error);
  g_assert_null (node);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/common/sha256/vectors", test_sha256_vectors);
  g_test_add_func ("/common/sha256/manifest", test_sha256_files_match_manifest);
  g_test_add_func ("/common/sha256/missing", test_sha256_missing_file);
  g_test_add_func ("/common/sha256/cancelled", test_sha256_cancelled);
  g_test_add_func ("/common/json/strict", test_json_strict);

  return g_test_run ();
}
