/* sv-search-shots.h: what test-search-ui and test-albums-ui share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test case on a library imported from copies of
 * testdata/photos/camera (23 photos), in the user's language; with
 * SV_SEARCH_SCREENSHOTS=DIR, PNGs of the window at 1400×900 and 360×720
 * (folded: the content side), light and dark, named after $LANGUAGE, and
 * of the search suggestions' popover when it shows.
 */
#pragma once

#include <glib/gstdio.h>

#include "sv-i18n.h"
#include "sv-search-ui.h"
#include "sv-ui-test-util.h"

static SvApplication *app;
static char *tmp_dir;
static guint n_photos;
static void (*test_func) (void);

/* No search, suggestion lookup, album list or album edit running. */
static inline gboolean
idle (gpointer window)
{
  return !sv_search_ui_get_busy (window);
}

static inline SvCatalogue *
catalogue (void)
{
  return sv_application_get_catalogue (app);
}

static inline void
save_png (SvWindow *window, const char *name)
{
  const char *dir = g_getenv ("SV_SEARCH_SCREENSHOTS");
  const char *lang = g_getenv ("LANGUAGE");
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwLeaflet *leaflet =
      ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "leaflet"));
  GtkWidget *popover =
      find_named (GTK_WIDGET (sv_search_ui_get_entry (window)), "search-suggestions-popover");
  static const int sizes[][2] = { { 1400, 900 }, { 360, 720 } };
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  /* GNOME's default title bar buttons (Xvfb's default has three). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *file = g_strdup_printf ("%s-%s-%d-%s", name, lang != NULL ? lang : "C",
                                                 sizes[s][0], dark ? "dark" : "light");
        g_autofree char *path = g_strconcat (dir, G_DIR_SEPARATOR_S, file, ".png", NULL);

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_window_set_default_size (GTK_WINDOW (window), sizes[s][0], sizes[s][1]);
        flush ();
        /* Folded: the content, as after a click in the sidebar. */
        if (adw_leaflet_get_folded (leaflet))
          adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
        sv_ui_save_png (GTK_WIDGET (window), path);
        if (popover != NULL && gtk_widget_get_visible (popover))
          {
            g_autofree char *popover_path =
                g_strconcat (dir, G_DIR_SEPARATOR_S, file, "-popover.png", NULL);

            sv_ui_save_png (popover, popover_path);
          }
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  flush ();
  adw_leaflet_set_visible_child_name (leaflet, "content");
}

static inline void
run_on_library (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) imported = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autofree char *library_dir = NULL;

  tmp_dir = g_dir_make_tmp ("souvenir-test-search-XXXXXX", &error);
  g_assert_no_error (error);
  imported = sv_ui_import_copies ("camera", tmp_dir, &summary);
  n_photos = summary->imported;
  g_assert_cmpuint (n_photos, ==, 23);
  g_clear_object (&imported);

  library_dir = g_build_filename (tmp_dir, "library", NULL);
  app = sv_ui_application_new (library_dir);
  test_func ();
}

/* Runs @func as the one test case @path (the isolated XDG folders, and so
 * the thumbnail cache the import fills, are made per test case). */
static inline int
run_test (int argc, char **argv, const char *path, void (*func) (void))
{
  int ret;

  /* The user's language (the screenshots are taken in French too). */
  sv_i18n_init ();
  sv_ui_test_init (&argc, &argv,
                   SV_UI_TEST_ISOLATE_DIRS | SV_UI_TEST_QUIET_LIST_VIEW | SV_UI_TEST_ICONS);
  test_func = func;
  g_test_add_func (path, run_on_library);

  ret = g_test_run ();

  sv_ui_application_free (app);
  if (tmp_dir != NULL)
    sv_ui_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
