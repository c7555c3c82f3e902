/* test-catalogue-orientation.c: the user's rotation, kept apart from the
 * file's orientation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "catalogue-test-util.h"
#include "sv-catalogue-orientation.h"

/* Where the pixel at (x, y) of a 3×2 image goes under an orientation, as
 * an independent model of the EXIF meanings: the algebra must agree. */
static void
map_point (int orientation, int w, int h, int x, int y, int *ox, int *oy)
{
  switch (orientation)
    {
      case 1:
        *ox = x;
        *oy = y;
        break;
      case 2:
        *ox = w - 1 - x;
        *oy = y;
        break;
      case 3:
        *ox = w - 1 - x;
        *oy = h - 1 - y;
        break;
      case 4:
        *ox = x;
        *oy = h - 1 - y;
        break;
      case 5:
        *ox = y;
        *oy = x;
        break;
      case 6:
        *ox = h - 1 - y;
        *oy = x;
        break;
      case 7:
        *ox = h - 1 - y;
        *oy = w - 1 - x;
        break;
      case 8:
        *ox = y;
        *oy = w - 1 - x;
        break;
      default:
        g_assert_not_reached ();
    }
}

static void
test_algebra (void)
{
  for (int a = 1; a <= 8; a++)
    {
      g_assert_cmpint (sv_orientation_compose (a, sv_orientation_invert (a)), ==, 1);
      g_assert_cmpint (sv_orientation_compose (sv_orientation_invert (a), a), ==, 1);
      g_assert_cmpint (sv_orientation_rotate (sv_orientation_rotate (a, 1), -1), ==, a);
      g_assert_cmpint (sv_orientation_rotate (a, 4), ==, a);
      g_assert_cmpint (sv_orientation_rotate (a, 1), ==, sv_orientation_compose (a, 6));
      g_assert_cmpint (sv_orientation_rotate (a, -1), ==, sv_orientation_compose (a, 8));
      for (int b = 1; b <= 8; b++)
        {
          int c = sv_orientation_compose (a, b);
          int w = 3, h = 2;

          /* Every pixel of a 3×2 image lands where a then b would put it. */
          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              {
                int ax, ay, bx, by, cx, cy;
                int aw = sv_orientation_is_transposed (a) ? h : w;
                int ah = sv_orientation_is_transposed (a) ? w : h;

                map_point (a, w, h, x, y, &ax, &ay);
                map_point (b, aw, ah, ax, ay, &bx, &by);
                map_point (c, w, h, x, y, &cx, &cy);
                g_assert_cmpint (bx, ==, cx);
                g_assert_cmpint (by, ==, cy);
              }
        }
    }
  g_assert_cmpint (sv_orientation_rotate (1, 1), ==, 6);
  g_assert_cmpint (sv_orientation_rotate (1, -1), ==, 8);
  g_assert_cmpint (sv_orientation_rotate (6, 1), ==, 3);
  g_assert_cmpint (sv_orientation_normalize (0), ==, 1);
  g_assert_cmpint (sv_orientation_normalize (9), ==, 1);
  g_assert_true (sv_orientation_is_transposed (6));
  g_assert_false (sv_orientation_is_transposed (3));
}

static void
on_changed_cb (SvCatalogue *cat, GArray *added, GArray *changed, GArray *removed, guint *count)
{
  (*count)++;
}

static void
test_overrides (void)
{
  g_autofree char *dir = test_library_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = sv_catalogue_open (dir, &error);
  g_autoptr (SvMediaItem) item = NULL;
  gint64 a, b, ids[2], unknown[2];
  int file_o = 0, override = -1;
  guint changes = 0;

  g_assert_no_error (error);
  /* test_new_file stores orientation 6 (a quarter turn clockwise). */
  a = test_add_one (cat, "a.jpg", "a", NULL);
  b = test_add_one (cat, "b.jpg", "b", NULL);
  ids[0] = a;
  ids[1] = b;
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &changes);

  g_assert_true (sv_catalogue_get_orientation (cat, a, &file_o, &override, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_o, ==, 6);
  g_assert_cmpint (override, ==, 0);

  /* Turn left once: from 6 to 1 (upright as stored). */
  g_assert_true (sv_catalogue_rotate_items (cat, ids, 1, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (sv_catalogue_get_orientation (cat, a, &file_o, &override, &error));
  g_assert_cmpint (file_o, ==, 6);
  g_assert_cmpint (override, ==, 1);
  item = sv_catalogue_get_item (cat, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sv_media_item_get_orientation (item), ==, 1);
  /* The file's size stays what the file says. */
  g_assert_cmpint (sv_media_item_get_stored_width (item), ==, 4000);
  g_clear_object (&item);

  /* Right again: back to the file's orientation, so the override goes. */
  g_assert_true (sv_catalogue_rotate_items (cat, ids, 1, 1, &error));
  g_assert_true (sv_catalogue_get_orientation (cat, a, NULL, &override, &error));
  g_assert_cmpint (override, ==, 0);
  item = sv_catalogue_get_item (cat, a, &error);
  g_assert_cmpint (sv_media_item_get_orientation (item), ==, 6);
  g_clear_object (&item);

  /* Both, twice to the right: 6 → 3 → 8. */
  g_assert_true (sv_catalogue_rotate_items (cat, ids, 2, 2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (sv_catalogue_get_orientation (cat, ids[i], NULL, &override, &error));
      g_assert_cmpint (override, ==, 8);
    }

  /* Set and clear. */
  g_assert_true (sv_catalogue_set_orientation_overrides (cat, ids, 2, 3, &error));
  g_assert_true (sv_catalogue_get_orientation (cat, b, NULL, &override, &error));
  g_assert_cmpint (override, ==, 3);
  g_assert_true (sv_catalogue_set_orientation_overrides (cat, ids, 2, 0, &error));
  g_assert_true (sv_catalogue_get_orientation (cat, b, NULL, &override, &error));
  g_assert_cmpint (override, ==, 0);

  /* Bad values and unknown ids write nothing. */
  changes = 0;
  g_assert_false (sv_catalogue_set_orientation_overrides (cat, ids, 2, 9, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  unknown[0] = a;
  unknown[1] = 999999;
  g_assert_false (sv_catalogue_rotate_items (cat, unknown, 2, 1, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_get_orientation (cat, 999999, NULL, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sv_catalogue_get_orientation (cat, a, NULL, &override, &error));
  g_assert_cmpint (override, ==, 0);
  g_assert_cmpuint (changes, ==, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/catalogue/orientation/algebra", test_algebra);
  g_test_add_func ("/core/catalogue/orientation/overrides", test_overrides);
  return g_test_run ();
}
