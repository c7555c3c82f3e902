/* sv-screenshot.c: render the Souvenir window to PNG files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb (GDK_BACKEND=x11 GSK_RENDERER=cairo):
 *
 *   sv-screenshot --output DIR [--localedir DIR] [--tag NAME]
 *
 * writes TAG-{light,dark}-{wide,narrow}-VIEW.png: the window at 1400×900
 * and 360×720, light and dark, in the language of the environment
 * (LANGUAGE=fr for French). Used for the AppStream screenshots and to
 * review the layout beside ../shared/design/refs/.
 */
#define G_LOG_DOMAIN "sv-screenshot"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sv-application.h"
#include "sv-preferences-window.h"
#include "sv-window.h"

#define MAX_TURNS 20000

static char *output_dir;
static char *localedir;
static char *tag;
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

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
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

  /* Wide. */
  window = sv_application_new_window (app);
  resize (window, 1400, 900);
  save_png (GTK_WIDGET (window), scheme, "wide", "photos");

  target = find_drop_target (GTK_WIDGET (window));
  g_signal_emit_by_name (target, "enter", 700.0, 450.0, &action);
  save_png (GTK_WIDGET (window), scheme, "wide", "drop");
  g_signal_emit_by_name (target, "leave");

  sv_window_set_section (SV_WINDOW (window), SV_SECTION_TRASH);
  save_png (GTK_WIDGET (window), scheme, "wide", "trash");
  sv_window_set_section (SV_WINDOW (window), SV_SECTION_PHOTOS);

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
  save_png (GTK_WIDGET (window), scheme, "narrow", "photos");
  gtk_window_destroy (window);
}

int
main (int argc, char *argv[])
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, "Folder for the PNG files", "DIR" },
    { "localedir", 0, 0, G_OPTION_ARG_FILENAME, &localedir, "Translations folder", "DIR" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, "File name prefix (default: en)", "NAME" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvApplication) app = NULL;

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

  app = sv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_application_hold (G_APPLICATION (app));
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autoptr (GFile) library = sv_resolve_library_dir (NULL, cwd);

    sv_application_set_library_dir (app, library);
  }

  shoot (app, "light");
  shoot (app, "dark");

  g_application_release (G_APPLICATION (app));
  g_free (output_dir);
  g_free (localedir);
  g_free (tag);
  return n_failed > 0 ? 1 : 0;
}
