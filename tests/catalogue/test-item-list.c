/* test-item-list.c: SvItemList follows the catalogue precisely
 *
 * Every items-changed emission is checked against get_n_items when it
 * happens, and after every update the list must equal a fresh query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "catalogue-test-util.h"
#include "sv-item-list.h"

typedef struct
{
  guint position, removed, added;
} Emission;

typedef struct
{
  char *dir;
  SvCatalogue *cat;
  SvItemList *list;
  GArray *emissions; /* of Emission */
  guint running;     /* count as the emissions say */
} Fixture;

static void
on_items_changed_cb (GListModel *model, guint position, guint removed, guint added, Fixture *fx)
{
  Emission e = { position, removed, added };

  g_assert_cmpuint (position + removed, <=, fx->running);
  fx->running = fx->running - removed + added;
  g_assert_cmpuint (fx->running, ==, g_list_model_get_n_items (model));
  g_array_append_val (fx->emissions, e);
}

static void
wait_idle (Fixture *fx)
{
  while (sv_item_list_get_loading (fx->list) || sv_item_list_get_updating (fx->list))
    g_main_context_iteration (NULL, TRUE);
  /* Anything still queued (an idle "changed" from a thread) runs too. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (sv_item_list_get_loading (fx->list) || sv_item_list_get_updating (fx->list))
    g_main_context_iteration (NULL, TRUE);
}

/* The list equals a fresh query, and items at a few positions are right. */
static void
assert_matches_query (Fixture *fx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  const SvQuery *q = sv_item_list_get_query (fx->list);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fx->list));

  ids = sv_catalogue_query_ids (fx->cat, q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, ids->len);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sv_item_list_get_id (fx->list, i), ==, g_array_index (ids, gint64, i));
  for (guint i = 0; i < n; i += MAX (1, n / 7))
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (G_LIST_MODEL (fx->list), i);
      g_assert_nonnull (item);
      g_assert_cmpint (sv_media_item_get_id (item), ==, g_array_index (ids, gint64, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fx->list), n));
}

static char *
day_for (guint i)
{
  /* One item a day going back from 2024-12-31. */
  g_autoptr (GDateTime) base = g_date_time_new_utc (2024, 12, 31, 12, 0, 0);
  g_autoptr (GDateTime) dt = g_date_time_add_days (base, -(int) i);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
}

static gint64
add_dated (SvCatalogue *cat, const char *taken_local, const char *seed)
{
  TestFileSpec spec = { taken_local, "Test Camera", NULL, NULL, NULL, NULL, NULL, 0, FALSE };
  g_autofree char *name = g_strconcat (seed, ".jpg", NULL);

  return test_add_one (cat, name, seed, &spec);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr (GPtrArray) files =
      g_ptr_array_new_with_free_func ((GDestroyNotify) test_new_file_free);
  TestFileSpec spec = { NULL, "Test Camera", NULL, NULL, NULL, NULL, NULL, 0, FALSE };

  fx->dir = test_library_dir ();
  fx->cat = sv_catalogue_open (fx->dir, &error);
  g_assert_no_error (error);

  /* Item i is taken on day i back from the end of 2024: list order = i. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *taken = day_for (i);
      g_autofree char *seed = g_strdup_printf ("item-%u", i);
      g_autofree char *name = g_strdup_printf ("%s.jpg", seed);

      spec.taken_local = taken;
      g_ptr_array_add (files, test_new_file (name, seed, &spec));
    }
  if (n > 0)
    {
      g_assert_true (sv_catalogue_add_files (fx->cat, 0, (SvNewFile *const *) files->pdata, n, NULL,
                                             NULL, &error));
      g_assert_no_error (error);
    }

  fx->emissions = g_array_new (FALSE, FALSE, sizeof (Emission));
  fx->list = sv_item_list_new (fx->cat, NULL);
  g_signal_connect (fx->list, "items-changed", G_CALLBACK (on_items_changed_cb), fx);
  g_assert_true (sv_item_list_get_loading (fx->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->list)), ==, 0);
  wait_idle (fx);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->list);
  g_clear_object (&fx->cat);
  g_clear_pointer (&fx->emissions, g_array_unref);
  g_free (fx->dir);
}

static void
assert_emissions (Fixture *fx, const Emission *expected, guint n)
{
  g_assert_cmpuint (fx->emissions->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      Emission *e = &g_array_index (fx->emissions, Emission, i);
      g_assert_cmpuint (e->position, ==, expected[i].position);
      g_assert_cmpuint (e->removed, ==, expected[i].removed);
      g_assert_cmpuint (e->added, ==, expected[i].added);
    }
  g_array_set_size (fx->emissions, 0);
}

static void
test_initial_load (Fixture *fx, gconstpointer data)
{
  Emission first[] = { { 0, 0, 50 } };
  Emission reload[] = { { 0, 50, 50 } };

  g_assert_cmpint (g_list_model_get_item_type (G_LIST_MODEL (fx->list)), ==, SV_TYPE_MEDIA_ITEM);
  assert_emissions (fx, first, 1);
  assert_matches_query (fx);

  sv_item_list_reload (fx->list);
  g_assert_true (sv_item_list_get_loading (fx->list));
  wait_idle (fx);
  assert_emissions (fx, reload, 1);
  assert_matches_query (fx);
}

static void
test_add_at_top (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) files =
      g_ptr_array_new_with_free_func ((GDestroyNotify) test_new_file_free);
  g_autoptr (GError) error = NULL;
  TestFileSpec spec = { NULL, "Test Camera", NULL, NULL, NULL, NULL, NULL, 0, FALSE };
  const char *dates[] = { "2025-01-03T00:00:00", "2025-01-02T00:00:00", "2025-01-01T00:00:00" };
  Emission top[] = { { 0, 0, 3 } };
  Emission middle[] = { { 10, 0, 1 } };
  Emission bottom[] = { { 54, 0, 1 } };

  g_array_set_size (fx->emissions, 0);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *seed = g_strdup_printf ("new-%u", i);
      spec.taken_local = dates[i];
      g_ptr_array_add (files, test_new_file (seed, seed, &spec));
    }
  g_assert_true (sv_catalogue_add_files (fx->cat, 0, (SvNewFile *const *) files->pdata, 3, NULL,
                                         NULL, &error));
  g_assert_no_error (error);
  wait_idle (fx);
  assert_emissions (fx, top, 1);
  assert_matches_query (fx);

  /* Between item 6 and item 7 (positions 9 and 10 now). */
  add_dated (fx->cat, "2024-12-24T13:00:00", "middle");
  wait_idle (fx);
  assert_emissions (fx, middle, 1);
  assert_matches_query (fx);

  /* No date: last. */
  add_dated (fx->cat, NULL, "undated");
  wait_idle (fx);
  assert_emissions (fx, bottom, 1);
  assert_matches_query (fx);
}

static void
test_removals (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 middle = sv_item_list_get_id (fx->list, 25);
  gint64 disjoint[] = { sv_item_list_get_id (fx->list, 3), sv_item_list_get_id (fx->list, 10),
                        sv_item_list_get_id (fx->list, 11), sv_item_list_get_id (fx->list, 40) };
  Emission one[] = { { 25, 1, 0 } };
  /* Positions as the list shrinks: 3, then 10-11 (now 9-10), then 40 (now 36). */
  Emission several[] = { { 3, 1, 0 }, { 9, 2, 0 }, { 36, 1, 0 } };
  Emission deleted[] = { { 0, 1, 0 } };
  Emission restored[] = { { 25, 0, 1 } };
  gint64 first;

  g_array_set_size (fx->emissions, 0);
  g_assert_true (sv_catalogue_set_trashed (fx->cat, &middle, 1, TRUE, &error));
  g_assert_no_error (error);
  wait_idle (fx);
  assert_emissions (fx, one, 1);
  assert_matches_query (fx);
  g_assert_cmpint (sv_item_list_find (fx->list, middle), ==, -1);

  g_assert_true (
      sv_catalogue_set_trashed (fx->cat, disjoint, G_N_ELEMENTS (disjoint), TRUE, &error));
  wait_idle (fx);
  assert_emissions (fx, several, G_N_ELEMENTS (several));
  assert_matches_query (fx);

  first = sv_item_list_get_id (fx->list, 0);
  g_assert_true (sv_catalogue_delete_items (fx->cat, &first, 1, FALSE, &error));
  wait_idle (fx);
  assert_emissions (fx, deleted, 1);
  assert_matches_query (fx);

  /* Restoring puts it back where it was (one less item above it now). */
  g_assert_true (sv_catalogue_set_trashed (fx->cat, &middle, 1, FALSE, &error));
  wait_idle (fx);
  restored[0].position = (guint) sv_item_list_find (fx->list, middle);
  g_assert_cmpuint (restored[0].position, ==, 25 - 1 - 3);
  assert_emissions (fx, restored, 1);
  assert_matches_query (fx);
}

static void
test_edit_in_place (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvMediaItem) before = g_list_model_get_item (G_LIST_MODEL (fx->list), 17);
  g_autoptr (SvMediaItem) after = NULL;
  gint64 id = sv_media_item_get_id (before);
  Emission edit[] = { { 17, 1, 1 } };

  g_assert_null (sv_media_item_get_caption (before));
  g_array_set_size (fx->emissions, 0);
  g_assert_true (sv_catalogue_set_caption (fx->cat, id, "A new caption", &error));
  g_assert_no_error (error);
  wait_idle (fx);
  assert_emissions (fx, edit, 1);
  after = g_list_model_get_item (G_LIST_MODEL (fx->list), 17);
  g_assert_cmpint (sv_media_item_get_id (after), ==, id);
  g_assert_cmpstr (sv_media_item_get_caption (after), ==, "A new caption");
  g_assert_true (after != before);

  g_clear_object (&after);
  g_assert_true (sv_catalogue_set_favourite (fx->cat, id, TRUE, &error));
  wait_idle (fx);
  assert_emissions (fx, edit, 1);
  after = g_list_model_get_item (G_LIST_MODEL (fx->list), 17);
  g_assert_true (sv_media_item_get_favourite (after));
  assert_matches_query (fx);
}

/* Several changes before the list could update: one diff, still exact. */
static void
test_burst (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 a = sv_item_list_get_id (fx->list, 5);
  gint64 b = sv_item_list_get_id (fx->list, 30);

  g_array_set_size (fx->emissions, 0);
  fx->running = g_list_model_get_n_items (G_LIST_MODEL (fx->list));
  g_assert_true (sv_catalogue_set_trashed (fx->cat, &a, 1, TRUE, &error));
  add_dated (fx->cat, "2030-01-01T00:00:00", "future");
  g_assert_true (sv_catalogue_set_caption (fx->cat, b, "burst", &error));
  add_dated (fx->cat, "2024-12-20T06:00:00", "between");
  g_assert_true (sv_catalogue_set_trashed (fx->cat, &b, 1, TRUE, &error));
  g_assert_no_error (error);
  wait_idle (fx);
  g_assert_cmpuint (fx->emissions->len, >=, 2);
  assert_matches_query (fx);
}

/* Writes from another thread reach the list through the main context. */
static gpointer
thread_writer (gpointer user_data)
{
  SvCatalogue *cat = user_data;
  TestFileSpec spec = { "2026-01-01T00:00:00", NULL, NULL, NULL, NULL, NULL, NULL, 0, FALSE };
  g_autoptr (SvNewFile) f = test_new_file ("thread.jpg", "thread", &spec);
  SvNewFile *files[] = { f };

  g_assert_true (sv_catalogue_add_files (cat, 0, files, 1, NULL, NULL, NULL));
  return NULL;
}

static void
test_thread_write (Fixture *fx, gconstpointer data)
{
  Emission top[] = { { 0, 0, 1 } };
  GThread *thread;

  g_array_set_size (fx->emissions, 0);
  thread = g_thread_new ("writer", thread_writer, fx->cat);
  g_thread_join (thread);
  g_assert_cmpuint (fx->emissions->len, ==, 0);
  wait_idle (fx);
  assert_emissions (fx, top, 1);
  assert_matches_query (fx);
}

/* Pages: a long list, items fetched far apart. */
static void
test_pages (Fixture *fx, gconstpointer data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fx->list));
  guint positions[] = { 0, 199, 200, 201, 777, 450, n - 1, 3 };

  g_assert_cmpuint (n, ==, 900);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (G_LIST_MODEL (fx->list), positions[i]);
      g_autofree char *taken = day_for (positions[i]);

      g_assert_cmpint (sv_media_item_get_id (item), ==,
                       sv_item_list_get_id (fx->list, positions[i]));
      g_assert_cmpstr (sv_media_item_get_taken_local (item), ==, taken);
    }
  assert_matches_query (fx);
}

/* A filtered list only reacts to what it shows. */
static void
test_filtered (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvItemList) list = NULL;
  g_auto (SvQuery) q = { 0 };
  Fixture sub = { 0 };
  Emission month[] = { { 0, 0, 30 } };
  Emission none[] = { { 0, 0, 0 } };
  gint64 outside = sv_item_list_get_id (fx->list, 0); /* 2024-12-31 */
  gint64 inside = sv_item_list_get_id (fx->list, 40); /* November */

  sv_query_init (&q);
  q.date_from = g_strdup ("2024-11-01");
  q.date_to = g_strdup ("2024-11-30");
  list = sv_item_list_new (fx->cat, &q);
  sub.cat = fx->cat;
  sub.list = list;
  sub.emissions = g_array_new (FALSE, FALSE, sizeof (Emission));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &sub);
  wait_idle (&sub);
  assert_emissions (&sub, month, 1);
  assert_matches_query (&sub);

  g_assert_true (sv_catalogue_set_trashed (fx->cat, &outside, 1, TRUE, &error));
  wait_idle (&sub);
  assert_emissions (&sub, none, 0);
  g_assert_true (sv_catalogue_set_trashed (fx->cat, &inside, 1, TRUE, &error));
  wait_idle (&sub);
  g_assert_cmpuint (sub.emissions->len, ==, 1);
  g_array_set_size (sub.emissions, 0);
  assert_matches_query (&sub);
  g_assert_no_error (error);

  g_clear_object (&list);
  g_array_unref (sub.emissions);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, n, func)                                                                         \
  g_test_add ("/core/item-list/" path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func,         \
              fixture_teardown)
  ADD ("initial-load", 50, test_initial_load);
  ADD ("add-at-top", 50, test_add_at_top);
  ADD ("removals", 50, test_removals);
  ADD ("edit-in-place", 50, test_edit_in_place);
  ADD ("burst", 50, test_burst);
  ADD ("thread-write", 50, test_thread_write);
  ADD ("pages", 900, test_pages);
  ADD ("filtered", 61, test_filtered);
#undef ADD

  return g_test_run ();
}
