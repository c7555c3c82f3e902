/* sv-screenshot.c: render the Souvenir window to PNG files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb (GDK_BACKEND=x11 GSK_RENDERER=cairo):
 *
 *   sv-screenshot --output DIR [--localedir DIR] [--tag NAME] [--photos DIR]
 *
 * writes TAG-{light,dark}-{wide,narrow}-VIEW.png: the window at 1400×900
 * and 360×720, light and dark, in the language of the environment
 * (LANGUAGE=fr for French). Used for the AppStream screenshots and to
 * review the layout beside ../shared/design/refs/.
 *
 * The views are the real ones: a temporary library (and thumbnail cache)
 * gets copies of the test photos through the window's importer; the empty
 * state comes from a second, empty library. Nothing outside the temporary
 * folder is written.
 */
#define G_LOG_DOMAIN "sv-screenshot"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sv-application.h"
#include "sv-imports-view.h"
#include "sv-preferences-window.h"
#include "sv-timeline-view.h"
#include "sv-trash.h"
#include "sv-ui-test-util.h"
#include "sv-window.h"

#define MAX_TURNS 20000

#ifndef SV_PHOTOS_DIR
#define SV_PHOTOS_DIR NULL
#endif

/* The photos imported into the screenshot library (under --photos). */
static const char *const photo_folders[] = { "camera", "scenes", "orientation" };

static char *output_dir;
static char *localedir;
static char *tag;
static char *photos_dir;
static char *tmp_dir;
static char *full_library;
static char *empty_library;
static int n_failed;

typedef struct
{
  guint frames;
} FrameCount;

static gboolean
on_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  FrameCount *count = user_data;

  count->frames++;
  return G_SOURCE_CONTINUE;
}

/* Lets the window lay out, map and paint a few frames so that transitions
 * (leaflet, revealer) have settled. */
static void
settle (GtkWidget *widget)
{
  FrameCount count = { 0 };
  guint id = gtk_widget_add_tick_callback (widget, on_tick_cb, &count, NULL);

  for (guint i = 0; i < MAX_TURNS && count.frames < 40; i++)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  gtk_widget_remove_tick_callback (widget, id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
save_png (GtkWidget *widget, const char *scheme, const char *size, const char *view)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s-%s-%s.png", tag, scheme, size, view);
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  settle (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    {
      g_printerr ("%s: nothing to render\n", name);
      n_failed++;
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("%s: could not write %s\n", name, path);
      n_failed++;
      return;
    }
  g_print ("%s (%d×%d)\n", path, width, height);
}

/* Runs the main loop for about @ms milliseconds (thumbnails load). */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static gboolean
wait_library (SvApplication *app)
{
  for (guint i = 0; i < MAX_TURNS; i++)
    {
      SvLibraryState state = sv_application_get_library_state (app);

      if (state == SV_LIBRARY_OPEN)
        return TRUE;
      if (state == SV_LIBRARY_FAILED)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return FALSE;
}

static void
use_library (SvApplication *app, const char *path)
{
  g_autoptr (GFile) dir = g_file_new_for_path (path);

  sv_application_set_library_dir (app, dir);
  if (!wait_library (app))
    {
      const GError *error = sv_application_get_library_error (app);

      g_printerr ("Cannot open the library %s: %s\n", path, error ? error->message : "?");
      exit (1);
    }
}

static void
copy_tree (GFile *src, GFile *dest)
{
  g_autoptr (GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  g_file_make_directory_with_parents (dest, NULL, NULL);
  children = g_file_enumerate_children (
      src, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) &&
         info != NULL)
    {
      g_autoptr (GFile) target = g_file_get_child (dest, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        copy_tree (child, target);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        g_file_copy (child, target, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL);
    }
}

static void
on_import_finished_cb (SvWindow *window, gint64 import_id, gboolean *done)
{
  *done = TRUE;
}

/* Copies of the test photos into the full library, through the window's
 * importer (so the Imports section has a real import); two go to the
 * trash so that the Trash section shows something. */
static void
fill_library (SvApplication *app)
{
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autofree char *copies = g_build_filename (tmp_dir, "photos", NULL);
  GtkWindow *window;
  gboolean done = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (photo_folders); i++)
    {
      g_autoptr (GFile) src = g_file_new_build_filename (photos_dir, photo_folders[i], NULL);
      g_autoptr (GFile) dest = g_file_new_build_filename (copies, photo_folders[i], NULL);

      copy_tree (src, dest);
      g_list_store_append (inputs, dest);
    }

  use_library (app, full_library);
  window = sv_application_new_window (app);
  g_signal_connect (window, "import-finished", G_CALLBACK (on_import_finished_cb), &done);
  sv_window_import (SV_WINDOW (window), G_LIST_MODEL (inputs));
  for (guint i = 0; i < 100 * MAX_TURNS && !done; i++)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (!done)
    {
      g_printerr ("The import did not finish\n");
      exit (1);
    }

  {
    SvCatalogue *catalogue = sv_application_get_catalogue (app);
    g_auto (SvQuery) q = { 0 };
    g_autoptr (GArray) ids = NULL;

    sv_query_init (&q);
    q.offset = 3;
    q.limit = 2;
    ids = sv_catalogue_query_ids (catalogue, &q, NULL);
    if (ids != NULL && ids->len > 0)
      sv_trash_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
  }
  gtk_window_destroy (window);
  run_for (200);
}

/* The top of the timeline, newest first. */
static void
scroll_to_top (SvWindow *window)
{
  GtkWidget *photos = sv_window_get_view (window, SV_SECTION_PHOTOS);
  GListModel *items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (photos));

  if (items != NULL && g_list_model_get_n_items (items) > 0)
    {
      g_autoptr (SvMediaItem) first = g_list_model_get_item (items, 0);

      sv_timeline_view_scroll_to_item (SV_TIMELINE_VIEW (photos), sv_media_item_get_id (first));
    }
  run_for (1000);
}

static void
open_viewer (SvWindow *window)
{
  GtkWidget *photos = sv_window_get_view (window, SV_SECTION_PHOTOS);
  GListModel *items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (photos));

  if (items != NULL && g_list_model_get_n_items (items) > 0)
    g_signal_emit_by_name (photos, "item-activated", items, 0u);
  run_for (1500);
}

static void
close_viewer (SvWindow *window)
{
  g_signal_emit_by_name (sv_window_get_view (window, "viewer"), "close");
  run_for (300);
}

/* Sizes the window so that its content (without the frame GTK draws
 * around client-side decorations) is @width × @height. */
static void
resize (GtkWindow *window, int width, int height)
{
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  settle (GTK_WIDGET (window));
  gtk_window_set_default_size (window, 2 * width - gtk_widget_get_width (GTK_WIDGET (window)),
                               2 * height - gtk_widget_get_height (GTK_WIDGET (window)));
  settle (GTK_WIDGET (window));
}

static void
shoot (SvApplication *app, const char *scheme)
{
  GtkWindow *window;
  AdwLeaflet *leaflet;
  GtkDropTarget *target;
  GdkDragAction action;
  GtkWindow *prefs;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_str_equal (scheme, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* An empty library: the welcome page. */
  use_library (app, empty_library);
  window = sv_application_new_window (app);
  resize (window, 1400, 900);
  save_png (GTK_WIDGET (window), scheme, "wide", "empty");
  gtk_window_destroy (window);
  window = sv_application_new_window (app);
  resize (window, 360, 720);
  leaflet = ADW_LEAFLET (find_named (GTK_WIDGET (window), "leaflet"));
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  save_png (GTK_WIDGET (window), scheme, "narrow", "empty");
  gtk_window_destroy (window);

  /* Wide. */
  use_library (app, full_library);
  window = sv_application_new_window (app);
  resize (window, 1400, 900);
  run_for (1500);
  scroll_to_top (SV_WINDOW (window));
  save_png (GTK_WIDGET (window), scheme, "wide", "photos");

  target = find_drop_target (GTK_WIDGET (window));
  g_signal_emit_by_name (target, "enter", 700.0, 450.0, &action);
  save_png (GTK_WIDGET (window), scheme, "wide", "drop");
  g_signal_emit_by_name (target, "leave");

  open_viewer (SV_WINDOW (window));
  save_png (GTK_WIDGET (window), scheme, "wide", "viewer");
  close_viewer (SV_WINDOW (window));

  sv_window_set_section (SV_WINDOW (window), SV_SECTION_EVENTS);
  run_for (1000);
  save_png (GTK_WIDGET (window), scheme, "wide", "events");

  sv_window_set_section (SV_WINDOW (window), SV_SECTION_IMPORTS);
  run_for (500);
  save_png (GTK_WIDGET (window), scheme, "wide", "imports");
  {
    SvImportsView *imports =
        SV_IMPORTS_VIEW (sv_window_get_view (SV_WINDOW (window), SV_SECTION_IMPORTS));

    if (sv_imports_view_get_n_imports (imports) > 0)
      sv_window_show_import (SV_WINDOW (window), sv_imports_view_get_import_id (imports, 0));
    run_for (1000);
    save_png (GTK_WIDGET (window), scheme, "wide", "import");
    sv_imports_view_show_import (imports, 0);
  }

  sv_window_set_section (SV_WINDOW (window), SV_SECTION_TRASH);
  run_for (800);
  save_png (GTK_WIDGET (window), scheme, "wide", "trash");
  sv_window_set_section (SV_WINDOW (window), SV_SECTION_PHOTOS);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  run_for (300);
  save_png (GTK_WIDGET (window), scheme, "wide", "selection");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-selection", NULL);

  prefs = sv_application_show_preferences (app);
  save_png (GTK_WIDGET (prefs), scheme, "wide", "preferences");
  gtk_window_destroy (prefs);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  {
    GtkWindow *help =
        GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

    save_png (GTK_WIDGET (help), scheme, "wide", "shortcuts");
    gtk_widget_set_visible (GTK_WIDGET (help), FALSE);
  }
  gtk_window_destroy (window);

  /* Narrow: the folded sidebar, then a section's content. */
  window = sv_application_new_window (app);
  resize (window, 360, 720);
  save_png (GTK_WIDGET (window), scheme, "narrow", "sidebar");
  leaflet = ADW_LEAFLET (find_named (GTK_WIDGET (window), "leaflet"));
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  run_for (1500);
  scroll_to_top (SV_WINDOW (window));
  save_png (GTK_WIDGET (window), scheme, "narrow", "photos");
  {
    int min_width = 0;

    /* Usable at 360 px in every language: no page may ask for more (a
     * hidden page of the stack counts too). */
    gtk_widget_measure (must_find (GTK_WIDGET (window), "leaflet"), GTK_ORIENTATION_HORIZONTAL, -1,
                        &min_width, NULL, NULL, NULL);
    if (min_width > 360)
      g_error ("The narrow window needs %d px, more than 360", min_width);
  }
  open_viewer (SV_WINDOW (window));
  save_png (GTK_WIDGET (window), scheme, "narrow", "viewer");
  close_viewer (SV_WINDOW (window));
  sv_window_set_section (SV_WINDOW (window), SV_SECTION_TRASH);
  run_for (800);
  save_png (GTK_WIDGET (window), scheme, "narrow", "trash");
  gtk_window_destroy (window);
}

int
main (int argc, char *argv[])
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, "Folder for the PNG files", "DIR" },
    { "localedir", 0, 0, G_OPTION_ARG_FILENAME, &localedir, "Translations folder", "DIR" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, "File name prefix (default: en)", "NAME" },
    { "photos", 0, 0, G_OPTION_ARG_FILENAME, &photos_dir, "Test photos to import (copied)", "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvApplication) app = NULL;

  /* Drops GTK 4.8's "GtkListView failed to scroll" warning; every other
   * warning stays fatal (G_DEBUG=fatal-warnings). */
  g_log_set_writer_func (sv_ui_test_log_writer, NULL, NULL);

  /* Thumbnails of the temporary libraries go to a temporary cache. */
  tmp_dir = g_dir_make_tmp ("souvenir-screenshots-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  {
    g_autofree char *cache = g_build_filename (tmp_dir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  full_library = g_build_filename (tmp_dir, "library", NULL);
  empty_library = g_build_filename (tmp_dir, "empty-library", NULL);

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (output_dir == NULL)
    output_dir = g_strdup (".");
  if (tag == NULL)
    tag = g_strdup ("en");
  if (photos_dir == NULL)
    photos_dir =
        g_strdup (g_getenv ("SV_PHOTOS_DIR") != NULL ? g_getenv ("SV_PHOTOS_DIR") : SV_PHOTOS_DIR);
  if (photos_dir == NULL)
    {
      g_printerr ("Give the test photos with --photos DIR\n");
      return 2;
    }
  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      g_printerr ("Cannot create %s\n", output_dir);
      return 1;
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : SV_SOURCE_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();
  /* GNOME's default title bar buttons, as users see them (Xvfb's default
   * has three, which alone make the narrow header wider than 360 px). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  app = sv_application_new ();
  {
    g_autoptr (GFile) library = g_file_new_for_path (empty_library);

    sv_application_set_library_dir (app, library);
  }
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_application_hold (G_APPLICATION (app));
  fill_library (app);

  shoot (app, "light");
  shoot (app, "dark");

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  sv_ui_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (full_library);
  g_free (empty_library);
  g_free (photos_dir);
  g_free (output_dir);
  g_free (localedir);
  g_free (tag);
  return n_failed > 0 ? 1 : 0;
}
