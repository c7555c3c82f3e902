/* sv-timeline-screenshot.c: render the timeline widget alone to PNG files
 *
 * Usage: sv-timeline-screenshot OUTPUT_DIR
 *
 * Imports copies of $SV_PHOTOS_DIR/{camera,faces,scenes} into a temporary
 * library and writes timeline-{light,dark}-{wide,narrow}[-selection].png:
 * the timeline in a 1400×900 and a 360×720 window, light and dark, with the
 * app's style sheet, in the language of the environment. For looking at the
 * widget beside the design targets; the window's own screenshots are
 * sv-screenshot's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-timeline-screenshot"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sv-importer.h"
#include "sv-timeline-view.h"

#define MAX_TURNS 20000

static const char *output_dir;

typedef struct
{
  guint frames;
} FrameCount;

static gboolean
on_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  ((FrameCount *) user_data)->frames++;
  return G_SOURCE_CONTINUE;
}

static void
settle (GtkWidget *widget, guint frames)
{
  FrameCount count = { 0 };
  guint id = gtk_widget_add_tick_callback (widget, on_tick_cb, &count, NULL);

  for (guint i = 0; i < MAX_TURNS && count.frames < frames; i++)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  gtk_widget_remove_tick_callback (widget, id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
save_png (GtkWidget *widget, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("timeline-%s.png", name);
  g_autofree char *path = g_build_filename (output_dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int width, height;

  settle (widget, 60);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    g_error ("%s: nothing to render", file);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);
  g_print ("%s\n", path);
}

static void
copy_folder (const char *from, const char *to)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);
      g_autoptr (GFile) src = g_file_new_for_path (a);
      g_autoptr (GFile) dest = g_file_new_for_path (b);

      if (g_file_test (a, G_FILE_TEST_IS_REGULAR))
        g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL);
    }
}

int
main (int argc, char **argv)
{
  const char *photos = g_getenv ("SV_PHOTOS_DIR");
  const char *folders[] = { "camera", "faces", "scenes" };
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *copies = NULL;
  g_autofree char *lib = NULL;
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GFile) input = NULL;
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  g_auto (SvQuery) q = { 0 };
  const struct
  {
    const char *name;
    int width, height;
  } sizes[] = { { "wide", 1400, 900 }, { "narrow", 360, 720 } };

  if (argc < 2 || photos == NULL)
    {
      g_printerr ("Usage: SV_PHOTOS_DIR=… %s OUTPUT_DIR\n", argv[0]);
      return 2;
    }
  output_dir = argv[1];
  g_mkdir_with_parents (output_dir, 0755);
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  gtk_css_provider_load_from_resource (css, "/io/github/souvenir/Souvenir/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  tmp = g_dir_make_tmp ("sv-timeline-shot-XXXXXX", &error);
  g_assert_no_error (error);
  copies = g_build_filename (tmp, "photos", NULL);
  g_mkdir (copies, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *from = g_build_filename (photos, folders[i], NULL);

      copy_folder (from, copies);
    }
  lib = g_build_filename (tmp, "library", NULL);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  catalogue = sv_catalogue_open (lib, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
  input = g_file_new_for_path (copies);
  g_list_store_append (inputs, input);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  sv_query_init (&q);

  for (guint scheme = 0; scheme < 2; scheme++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          scheme ? ADW_COLOR_SCHEME_FORCE_DARK
                                                 : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          GtkWidget *window = gtk_window_new ();
          GtkWidget *view = sv_timeline_view_new ();
          g_autofree char *name = NULL;
          g_autofree char *selection = NULL;

          gtk_window_set_default_size (GTK_WINDOW (window), sizes[s].width, sizes[s].height);
          gtk_window_set_child (GTK_WINDOW (window), view);
          sv_timeline_view_set_query (SV_TIMELINE_VIEW (view), catalogue, &q);
          gtk_window_present (GTK_WINDOW (window));
          settle (window, 120);
          name = g_strdup_printf ("%s-%s", scheme ? "dark" : "light", sizes[s].name);
          save_png (window, name);

          /* Selection mode with the first day and one more photo. */
          sv_timeline_view_set_selection_mode (SV_TIMELINE_VIEW (view), TRUE);
          {
            g_autoptr (GArray) ids = sv_catalogue_query_ids (catalogue, &q, NULL);

            for (guint k = 0; ids != NULL && k < 3 && k < ids->len; k++)
              sv_timeline_view_scroll_to_item (SV_TIMELINE_VIEW (view),
                                               g_array_index (ids, gint64, k));
          }
          gtk_widget_activate_action (view, "timeline.select-all", NULL);
          selection = g_strdup_printf ("%s-%s-selection", scheme ? "dark" : "light", sizes[s].name);
          save_png (window, selection);
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  return 0;
}
