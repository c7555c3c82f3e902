/* test-catalogue-layout.c: sv_catalogue_layout_items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "catalogue-test-util.h"
#include "sv-catalogue-layout.h"

static SvCatalogue *
make_catalogue (gint64 *ids)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  SvCatalogue *cat = sv_catalogue_open (dir, &error);
  const TestFileSpec specs[] = {
    { .taken_local = "2024-07-14T10:00:00", .camera = "Pentax K-3 II" },
    { .taken_local = "2024-07-14T18:30:00", .camera = "Canon EOS 6D" },
    { .taken_local = "2023-01-02T08:00:00", .camera = "Pentax K-3 II" },
    { .taken_local = NULL },
    { .taken_local = "2024-07-15T00:00:01", .camera = "Canon EOS 6D" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u.jpg", i);
      g_autofree char *seed = g_strdup_printf ("layout-%u", i);

      ids[i] = test_add_one (cat, name, seed, &specs[i]);
    }
  return cat;
}

static void
test_layout_order_and_fields (void)
{
  gint64 ids[5];
  g_autoptr (SvCatalogue) cat = make_catalogue (ids);
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) items = NULL;
  g_autoptr (GArray) expected = NULL;
  const guint32 days[] = { 20240715, 20240714, 20240714, 20230102, 0 };

  sv_query_init (&q);
  items = sv_catalogue_layout_items (cat, &q, &error);
  g_assert_no_error (error);
  expected = sv_catalogue_query_ids (cat, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 5);
  g_assert_cmpuint (items->len, ==, expected->len);
  for (guint i = 0; i < items->len; i++)
    {
      SvLayoutItem *it = &g_array_index (items, SvLayoutItem, i);

      g_assert_cmpint (it->id, ==, g_array_index (expected, gint64, i));
      g_assert_cmpuint (it->day, ==, days[i]);
      /* 4000x3000 stored, orientation 6: shown 3000 wide, 4000 high. */
      g_assert_cmpuint (it->width, ==, 3000);
      g_assert_cmpuint (it->height, ==, 4000);
    }
  /* Newest first: the 15 July item, then 14 July at 18:30 then 10:00. */
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 0).id, ==, ids[4]);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 1).id, ==, ids[1]);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 2).id, ==, ids[0]);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 4).id, ==, ids[3]);
}

static void
test_layout_override_and_filters (void)
{
  gint64 ids[5];
  g_autoptr (SvCatalogue) cat = make_catalogue (ids);
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree char *sql = NULL;

  /* The user turns item 0 back upright: 4000 wide again. */
  sql = g_strdup_printf ("UPDATE items SET orientation_override = 1 WHERE id = %" G_GINT64_FORMAT,
                         ids[0]);
  g_assert_true (_sv_catalogue_exec (cat, sql, &error));
  g_assert_no_error (error);
  g_assert_true (sv_catalogue_set_trashed (cat, &ids[2], 1, TRUE, &error));
  g_assert_no_error (error);

  sv_query_init (&q);
  q.camera = g_strdup ("pentax");
  items = sv_catalogue_layout_items (cat, &q, &error);
  g_assert_no_error (error);
  /* Item 2 (the other Pentax) is in the trash. */
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 0).id, ==, ids[0]);
  g_assert_cmpuint (g_array_index (items, SvLayoutItem, 0).width, ==, 4000);
  g_assert_cmpuint (g_array_index (items, SvLayoutItem, 0).height, ==, 3000);
  g_clear_pointer (&items, g_array_unref);

  g_clear_pointer (&q.camera, g_free);
  q.limit = 2;
  q.offset = 1;
  items = sv_catalogue_layout_items (cat, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 0).id, ==, ids[1]);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 1).id, ==, ids[0]);
  g_clear_pointer (&items, g_array_unref);

  q.limit = 0;
  q.offset = 0;
  q.trashed = TRUE;
  items = sv_catalogue_layout_items (cat, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (g_array_index (items, SvLayoutItem, 0).id, ==, ids[2]);
  g_assert_cmpuint (g_array_index (items, SvLayoutItem, 0).day, ==, 20230102);
}

static void
test_layout_bad_query (void)
{
  gint64 ids[5];
  g_autoptr (SvCatalogue) cat = make_catalogue (ids);
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) items = NULL;

  sv_query_init (&q);
  q.date_from = g_strdup ("not a date");
  items = sv_catalogue_layout_items (cat, &q, &error);
  g_assert_null (items);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/catalogue/layout/order-and-fields", test_layout_order_and_fields);
  g_test_add_func ("/core/catalogue/layout/override-and-filters", test_layout_override_and_filters);
  g_test_add_func ("/core/catalogue/layout/bad-query", test_layout_bad_query);
  return g_test_run ();
}
