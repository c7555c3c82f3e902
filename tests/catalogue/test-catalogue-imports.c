/* test-catalogue-imports.c: the list of past imports the Imports section
 * shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "catalogue-test-util.h"
#include "sv-catalogue-imports.h"

static void
add_to_import (SvCatalogue *cat, gint64 import_id, const char *name, const char *seed)
{
  g_autoptr (SvNewFile) f = test_new_file (name, seed, NULL);
  g_autoptr (GError) error = NULL;
  SvNewFile *files[] = { f };

  g_assert_true (sv_catalogue_add_files (cat, import_id, files, 1, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_list (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (GPtrArray) empty = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (SvImportInfo) info = NULL;
  SvImportCounts counts = { 0 };
  gint64 first, second;
  gint64 before = g_get_real_time ();

  g_assert_no_error (error);
  empty = sv_catalogue_list_imports (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  /* A finished copy import with two items, an error and a duplicate. */
  first = sv_catalogue_begin_import (cat, "copy", &error);
  g_assert_no_error (error);
  add_to_import (cat, first, "a.jpg", "a");
  add_to_import (cat, first, "b.jpg", "b");
  g_assert_true (
      sv_catalogue_add_import_error (cat, first, "/test/photos/bad.jpg", "Not a photo", &error));
  counts.files_seen = 4;
  counts.imported = 2;
  counts.duplicates = 1;
  counts.failed = 1;
  counts.bytes = 1234;
  g_assert_true (sv_catalogue_finish_import (cat, first, &counts, &error));
  g_assert_no_error (error);

  /* A second, cancelled, one with one item, which then goes to the trash;
   * started later. */
  g_usleep (2000);
  second = sv_catalogue_begin_import (cat, "reference", &error);
  add_to_import (cat, second, "c.jpg", "c");
  memset (&counts, 0, sizeof counts);
  counts.files_seen = 1;
  counts.imported = 1;
  counts.cancelled = TRUE;
  g_assert_true (sv_catalogue_finish_import (cat, second, &counts, &error));
  {
    g_auto (SvQuery) q = { 0 };
    g_autoptr (GArray) ids = NULL;

    sv_query_init (&q);
    q.import_id = second;
    ids = sv_catalogue_query_ids (cat, &q, &error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_true (
        sv_catalogue_set_trashed (cat, (const gint64 *) (gpointer) ids->data, 1, TRUE, &error));
  }

  list = sv_catalogue_list_imports (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Newest first. */
  {
    SvImportInfo *a = g_ptr_array_index (list, 0);
    SvImportInfo *b = g_ptr_array_index (list, 1);

    g_assert_cmpint (a->id, ==, second);
    g_assert_cmpstr (a->mode, ==, "reference");
    g_assert_true (a->cancelled);
    g_assert_cmpuint (a->imported, ==, 1);
    g_assert_cmpuint (a->n_live, ==, 0);
    g_assert_cmpuint (a->n_errors, ==, 0);

    g_assert_cmpint (b->id, ==, first);
    g_assert_cmpstr (b->mode, ==, "copy");
    g_assert_false (b->cancelled);
    g_assert_cmpuint (b->files_seen, ==, 4);
    g_assert_cmpuint (b->imported, ==, 2);
    g_assert_cmpuint (b->duplicates, ==, 1);
    g_assert_cmpuint (b->failed, ==, 1);
    g_assert_cmpuint (b->bytes, ==, 1234);
    g_assert_cmpuint (b->n_live, ==, 2);
    g_assert_cmpuint (b->n_errors, ==, 1);
    g_assert_cmpint (b->started_at, >=, before);
    g_assert_cmpint (b->finished_at, >=, b->started_at);
    g_assert_cmpint (a->started_at, >, b->started_at);
  }

  info = sv_catalogue_get_import (cat, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_live, ==, 2);
  g_clear_pointer (&info, sv_import_info_free);

  info = sv_catalogue_get_import (cat, 999999, &error);
  g_assert_null (info);
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
}

/* An import that never finished (the app was closed) reads as such. */
static void
test_unfinished (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvImportInfo) info = NULL;
  gint64 id;

  id = sv_catalogue_begin_import (cat, "copy", &error);
  g_assert_no_error (error);
  info = sv_catalogue_get_import (cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->finished_at, ==, 0);
  g_assert_false (info->cancelled);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/catalogue/imports/list", test_list);
  g_test_add_func ("/core/catalogue/imports/unfinished", test_unfinished);
  return g_test_run ();
}
