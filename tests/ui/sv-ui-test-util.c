/* sv-ui-test-util.c: what the window tests under Xvfb share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-ui-test-util"

#include "config.h"

#include "sv-ui-test-util.h"

#include <glib/gstdio.h>

#ifndef SV_PHOTOS_DIR
#define SV_PHOTOS_DIR NULL
#endif

/* Isolation hides /usr/share: the MIME database (which gdk-pixbuf needs to
 * recognise SVG icons, and the importer to recognise files) and, with
 * @icons, the icon theme get their real folders back, so the window draws
 * as it will for users. Calls gtk_init (). */
static void
init_display (const char *data_dirs, gboolean icons)
{
  g_auto (GStrv) dirs = g_strsplit (
      data_dirs != NULL && data_dirs[0] != '\0' ? data_dirs : "/usr/local/share:/usr/share", ":",
      -1);
  g_autoptr (GStrvBuilder) icon_builder = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) mime_builder = g_strv_builder_new ();
  g_auto (GStrv) icon_paths = NULL;
  g_auto (GStrv) mime_paths = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *icon_path = g_build_filename (dirs[i], "icons", NULL);
      g_autofree char *mime_path = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (icon_builder, icon_path);
      g_strv_builder_add (mime_builder, mime_path);
    }
  icon_paths = g_strv_builder_end (icon_builder);
  mime_paths = g_strv_builder_end (mime_builder);
  g_content_type_set_mime_dirs ((const char *const *) mime_paths);
  gtk_init ();
  if (icons)
    gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    (const char *const *) icon_paths);
}

/**
 * sv_ui_test_init:
 *
 * What gtk_test_init () does, but with the options GTK 4.8's drops: loads
 * the GSettings schemas (ours from GSETTINGS_SCHEMA_DIR, GTK's from
 * /usr/share) before isolation hides the system folders, g_test_init (),
 * the log filter, gtk_init () with the MIME database (and icons) of the
 * system, adw_init (). The locale is left as the caller set it.
 */
void
sv_ui_test_init (int *argc, char ***argv, SvUiTestFlags flags)
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_assert_nonnull (g_settings_schema_source_get_default ());
  if (flags & SV_UI_TEST_ISOLATE_DIRS)
    g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  else
    g_test_init (argc, argv, NULL);
  if (flags & SV_UI_TEST_QUIET_LIST_VIEW)
    g_log_set_writer_func (sv_ui_test_log_writer, NULL, NULL);
  gtk_disable_setlocale ();
  init_display (data_dirs, (flags & SV_UI_TEST_ICONS) != 0);
  adw_init ();
}

/**
 * sv_ui_test_log_writer:
 *
 * GTK 4.8's GtkListView warns, and does nothing else, when the timeline
 * (src/app/sv-timeline-view.c) asks it to scroll before its rows are
 * allocated: that one message is dropped, every other warning stays fatal
 * (G_DEBUG=fatal-warnings).
 */
GLogWriterOutput
sv_ui_test_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        message = fields[i].value;
    }
  if ((level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "GtkListView failed to scroll to given position"))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

/* Runs the main loop until @condition holds, for at most @max_turns turns
 * (idle turns sleep 1 ms). */
gboolean
sv_ui_wait_for_turns (SvUiCondition condition, gpointer data, guint max_turns)
{
  for (guint i = 0; i < max_turns; i++)
    {
      if (condition (data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return condition (data);
}

gboolean
sv_ui_wait_for (SvUiCondition condition, gpointer data)
{
  return sv_ui_wait_for_turns (condition, data, SV_UI_MAX_TURNS);
}

/* Dispatches what is pending, @turns times, 1 ms apart. */
void
sv_ui_flush_turns (guint turns)
{
  for (guint i = 0; i < turns; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

void
sv_ui_flush (void)
{
  sv_ui_flush_turns (50);
}

GtkWidget *
sv_ui_find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sv_ui_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sv_ui_must_find (GtkWidget *root, const char *name)
{
  GtkWidget *widget = sv_ui_find_named (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);
  return widget;
}

GtkDropTarget *
sv_ui_find_drop_target (GtkWidget *widget)
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

/* The first visible toplevel of @type (G_TYPE_NONE: any) named @name
 * (NULL: any name). */
GtkWidget *
sv_ui_find_toplevel (GType type, const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if ((type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)) &&
          gtk_widget_get_visible (toplevel) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (toplevel), name) == 0))
        return toplevel;
    }
  return NULL;
}

GtkWidget *
sv_ui_find_file_chooser_dialog (void)
{
  return sv_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
}

/* The visible AdwMessageDialog named @name (NULL: any). */
AdwMessageDialog *
sv_ui_find_dialog (const char *name)
{
  GtkWidget *dialog = sv_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, name);

  return dialog != NULL ? ADW_MESSAGE_DIALOG (dialog) : NULL;
}

/* A condition: the message dialog named @name is shown. */
gboolean
sv_ui_has_dialog (gpointer name)
{
  return sv_ui_find_dialog (name) != NULL;
}

/* Writes @widget, once it has painted, to the PNG file @path. */
void
sv_ui_save_png (GtkWidget *widget, const char *path)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width, height;

  for (guint i = 0; i < 200; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* A registered, held application on the library in @library_dir. */
SvApplication *
sv_ui_application_new (const char *library_dir)
{
  SvApplication *app = sv_application_new ();
  g_autoptr (GFile) library = g_file_new_for_path (library_dir);
  g_autoptr (GError) error = NULL;

  sv_application_set_library_dir (app, library);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* Keep the app alive between tests that close every window. */
  g_application_hold (G_APPLICATION (app));
  return app;
}

void
sv_ui_application_free (SvApplication *app)
{
  if (app == NULL)
    return;
  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
}

/* A condition on @app. */
gboolean
sv_ui_library_is_open (gpointer app)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_OPEN;
}

/* A new window of @app, @width × @height, shown. */
SvWindow *
sv_ui_new_window (SvApplication *app, int width, int height)
{
  GtkWindow *window = sv_application_new_window (app);

  g_assert_true (SV_IS_WINDOW (window));
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  sv_ui_flush ();
  return SV_WINDOW (window);
}

/* A new 1400×900 window of @app, once the library is open and shown. */
SvWindow *
sv_ui_open_library_window (SvApplication *app)
{
  SvWindow *window = sv_ui_new_window (app, 1400, 900);

  g_assert_true (sv_ui_wait_for (sv_ui_library_is_open, app));
  sv_ui_flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "library");
  return window;
}

void
sv_ui_destroy_window (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  sv_ui_flush ();
}

/* The test photos: $SV_PHOTOS_DIR, else the build's. */
const char *
sv_ui_photos_dir (void)
{
  const char *dir = g_getenv ("SV_PHOTOS_DIR");

  if (dir == NULL || dir[0] == '\0')
    dir = SV_PHOTOS_DIR;
  g_assert_nonnull (dir);
  return dir;
}

/* Copies the test photo @name (relative to the test photos) to
 * @dest_path, making its folder. */
void
sv_ui_copy_photo (const char *name, const char *dest_path)
{
  g_autofree char *src_path = g_build_filename (sv_ui_photos_dir (), name, NULL);
  g_autofree char *dest_dir = g_path_get_dirname (dest_path);
  g_autoptr (GFile) src = g_file_new_for_path (src_path);
  g_autoptr (GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dest_dir, 0700), ==, 0);
  g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Copies every file of the test photos' @folder (not its subfolders) into
 * @dest_dir; returns how many. */
guint
sv_ui_copy_photos (const char *folder, const char *dest_dir)
{
  g_autofree char *src_dir = g_build_filename (sv_ui_photos_dir (), folder, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (src_dir, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *rel = g_build_filename (folder, name, NULL);
      g_autofree char *src_path = g_build_filename (src_dir, name, NULL);
      g_autofree char *dest_path = g_build_filename (dest_dir, name, NULL);

      if (!g_file_test (src_path, G_FILE_TEST_IS_REGULAR))
        continue;
      sv_ui_copy_photo (rel, dest_path);
      n++;
    }
  return n;
}

/* Copies the test photos' @folder into @base_dir/photos and imports the
 * copies by reference into a new catalogue in @base_dir/library, which is
 * returned. Failures are logged; the caller checks the counts in
 * *@summary_out. */
SvCatalogue *
sv_ui_import_copies (const char *folder, const char *base_dir, SvImportSummary **summary_out)
{
  g_autofree char *copies = g_build_filename (base_dir, "photos", NULL);
  g_autofree char *library = g_build_filename (base_dir, "library", NULL);
  g_autoptr (GFile) input = g_file_new_for_path (copies);
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (SvImportSummary) summary = NULL;

  sv_ui_copy_photos (folder, copies);
  catalogue = sv_catalogue_open (library, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
  sv_importer_set_n_workers (importer, 2);
  g_list_store_append (inputs, input);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  for (guint i = 0; summary->failures != NULL && i < summary->failures->len; i++)
    {
      SvImportError *e = g_ptr_array_index (summary->failures, i);

      g_test_message ("Import failure: %s: %s", e->path, e->reason);
    }
  g_test_message ("seen %u, imported %u, duplicates %u, failed %u, ignored %u", summary->files_seen,
                  summary->imported, summary->duplicates, summary->failed, summary->ignored);
  if (summary_out != NULL)
    *summary_out = g_steal_pointer (&summary);
  return g_steal_pointer (&catalogue);
}

/* Removes @path and, for a folder, everything in it (links are removed,
 * not followed). */
void
sv_ui_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          sv_ui_remove_tree (child);
        }
    }
  g_remove (path);
}
