/* test-search-ui.c: the search bar and the albums in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A temporary library imported (by reference) from copies of
 * testdata/photos/camera (the originals are only read). Searches typed in
 * the bar show as many results as sv_search_count () finds, in English and
 * French; suggestions appear while typing; a selection becomes an album
 * through "Add to Album…", listed in the sidebar with its count; albums are
 * created, renamed and deleted through their dialogs.
 */
#define G_LOG_DOMAIN "test-search-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sv-application.h"
#include "sv-catalogue-albums.h"
#include "sv-importer.h"
#include "sv-search-ui.h"
#include "sv-search.h"
#include "sv-timeline-view.h"
#include "sv-trash.h"
#include "sv-viewer.h"
#include "sv-window.h"

#define MAX_TURNS 20000

typedef gboolean (*Condition) (gpointer data);

static SvApplication *app;
static char *tmp_dir;
static char *library_dir;
static guint n_photos;

/* GTK 4.8's GtkListView warns, and does nothing else, when the timeline
 * asks it to scroll before its rows are allocated (as in test-library.c):
 * that one message is dropped, every other warning stays fatal. */
static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
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

static gboolean
wait_for (Condition condition, gpointer data)
{
  for (guint i = 0; i < MAX_TURNS; i++)
    {
      if (condition (data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return condition (data);
}

static void
flush (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static gboolean
library_is_open (gpointer data)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_OPEN;
}

static gboolean
idle (gpointer window)
{
  return !sv_search_ui_get_busy (window);
}

static SvCatalogue *
catalogue (void)
{
  return sv_application_get_catalogue (app);
}

static void
remove_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

/* Copies the camera photos and imports them by reference. */
static void
make_library (void)
{
  const char *photos = g_getenv ("SV_PHOTOS_DIR");
  g_autofree char *camera = g_build_filename (photos, "camera", NULL);
  g_autofree char *copies = g_build_filename (tmp_dir, "photos", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GFile) input = g_file_new_for_path (copies);
  g_autoptr (SvImportSummary) summary = NULL;
  const char *name;

  g_assert_nonnull (photos);
  g_assert_cmpint (g_mkdir (copies, 0700), ==, 0);
  dir = g_dir_open (camera, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (camera, name, NULL);
      g_autofree char *to = g_build_filename (copies, name, NULL);
      g_autoptr (GFile) src = g_file_new_for_path (from);
      g_autoptr (GFile) dest = g_file_new_for_path (to);

      g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  cat = sv_catalogue_open (library_dir, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (cat);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
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
  n_photos = summary->imported;
  g_assert_cmpuint (n_photos, ==, 23);
}

static SvWindow *
open_window (void)
{
  GtkWindow *window = sv_application_new_window (app);

  gtk_window_set_default_size (window, 1400, 900);
  gtk_window_present (window);
  g_assert_true (wait_for (library_is_open, NULL));
  flush ();
  g_assert_cmpstr (sv_window_get_page (SV_WINDOW (window)), ==, "library");
  return SV_WINDOW (window);
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), name) == 0))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
has_dialog (gpointer name)
{
  return find_dialog (name) != NULL;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
album_row (SvWindow *window, gint64 album_id)
{
  g_autofree char *name = g_strdup_printf ("album-%" G_GINT64_FORMAT, album_id);

  return GTK_LIST_BOX_ROW (find_named (GTK_WIDGET (sv_search_ui_get_album_list (window)), name));
}

static const char *
row_label (GtkListBoxRow *row, gboolean count)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *label = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  if (count)
    label = gtk_widget_get_next_sibling (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

typedef struct
{
  SvWindow *window;
  gint64 album_id;
  const char *count;
} AlbumCount;

static gboolean
album_count_is (gpointer data)
{
  AlbumCount *c = data;
  GtkListBoxRow *row = album_row (c->window, c->album_id);

  return row != NULL && g_strcmp0 (row_label (row, TRUE), c->count) == 0;
}

static void
check_query (SvWindow *window, const char *query, gboolean must_match)
{
  g_autoptr (GError) error = NULL;
  gint64 expected = sv_search_count (catalogue (), query, NULL, &error);
  GtkStack *search_stack;

  sv_search_ui_search (window, query);
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_SEARCH);
  g_assert_true (wait_for (idle, window));
  flush ();
  search_stack = GTK_STACK (find_named (GTK_WIDGET (window), "search-stack"));
  g_test_message ("“%s”: %" G_GINT64_FORMAT " expected, %u shown", query, expected,
                  g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)));
  if (expected < 0)
    {
      g_assert_nonnull (error);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (search_stack), ==, "error");
      g_assert_cmpuint (
          g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)), ==, 0);
      return;
    }
  g_assert_no_error (error);
  if (must_match)
    g_assert_cmpint (expected, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                    ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (search_stack), ==,
                   expected > 0 ? "results" : "empty");
}

/* With SV_SEARCH_UI_SCREENSHOTS=DIR, PNGs of the window to look at. */
static void
save_png (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("SV_SEARCH_UI_SCREENSHOTS");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  path = g_build_filename (dir, name, NULL);
  for (guint i = 0; i < 200; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
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

/* The suggestions for the text typed are shown (camera rows). */
static gboolean
has_suggestion_kind (gpointer window)
{
  GtkListBox *list = sv_search_ui_get_suggestions (window);
  GtkWidget *popover =
      find_named (GTK_WIDGET (sv_search_ui_get_entry (window)), "search-suggestions-popover");

  return !sv_search_ui_get_busy (window) && gtk_widget_get_visible (popover) &&
         find_named (GTK_WIDGET (list), "camera") != NULL;
}

static void
test_search (void)
{
  SvWindow *window = open_window ();
  GtkEditable *entry = sv_search_ui_get_entry (window);
  GtkListBox *suggestions = sv_search_ui_get_suggestions (window);
  GtkWidget *search_bar = find_named (GTK_WIDGET (window), "search-bar");
  g_autoptr (GError) error = NULL;

  /* Ctrl+F's action opens the bar. */
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));

  /* Camera makes, years, English and French months (8 Canon photos, 4 of
   * 2013, 2 of May 2008 in the manifest). */
  check_query (window, "canon", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                    ==, 8);
  check_query (window, "2013", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                    ==, 4);
  save_png (GTK_WIDGET (window), "search-canon.png");
  check_query (window, "mai 2008", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                    ==, 2);
  check_query (window, "May 2008", TRUE);
  check_query (window, "août 2020", TRUE);
  check_query (window, "nikon 2003", TRUE);
  /* Nothing found, and a query the parser refuses. */
  check_query (window, "zzqxw", FALSE);
  check_query (window, "rating>=abc", FALSE);
  check_query (window, "after:2010 canon", FALSE);

  /* A result opens the viewer; closing it comes back to the results. */
  check_query (window, "canon", TRUE);
  {
    GtkWidget *grid = find_named (GTK_WIDGET (window), "search-grid");
    GtkWidget *viewer;
    GListModel *results = sv_search_ui_get_results (window, SV_PAGE_SEARCH);
    g_autoptr (SvMediaItem) second = g_list_model_get_item (results, 1);

    g_signal_emit_by_name (grid, "activate", 1);
    flush ();
    g_assert_cmpstr (sv_window_get_page (window), ==, "viewer");
    viewer = sv_window_get_view (window, "viewer");
    g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (SV_VIEWER (viewer))), ==,
                     sv_media_item_get_id (second));
    g_signal_emit_by_name (viewer, "close");
    flush ();
    g_assert_cmpstr (sv_window_get_page (window), ==, "library");
    g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_SEARCH);
  }

  /* Typing: suggestions while typing (cameras for "can"), then the
   * results after the entry's delay. */
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (entry, "can");
  g_assert_true (wait_for (has_suggestion_kind, window));
  g_assert_true (
      gtk_widget_get_visible (find_named (GTK_WIDGET (entry), "search-suggestions-popover")));
  save_png (GTK_WIDGET (sv_search_ui_get_suggestions (window)), "suggestions.png");
  g_assert_cmpuint (n_rows (suggestions), >, 0);
  g_assert_true (wait_for (idle, window));
  {
    g_autoptr (GPtrArray) expected = sv_search_suggest (catalogue (), "can", 8, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (n_rows (suggestions), ==, expected->len);
  }
  /* Picking a suggestion searches its query. */
  {
    GtkListBoxRow *row = GTK_LIST_BOX_ROW (find_named (GTK_WIDGET (suggestions), "camera"));

    g_signal_emit_by_name (suggestions, "row-activated", row);
    g_assert_true (wait_for (idle, window));
    flush ();
    g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                      ==,
                      sv_search_count (catalogue (), gtk_editable_get_text (entry), NULL, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                      >, 0);
  }

  /* Closing the bar goes back to the section searched from. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (search_bar), FALSE);
  flush ();
  g_assert_false (
      gtk_widget_get_visible (find_named (GTK_WIDGET (entry), "search-suggestions-popover")));
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_PHOTOS);

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static gboolean
timeline_loaded (gpointer view)
{
  return !sv_timeline_view_get_loading (view) &&
         g_list_model_get_n_items (sv_timeline_view_get_items (view)) > 0;
}

static void
respond (const char *dialog_name, const char *entry_name, const char *text, const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (wait_for (has_dialog, (gpointer) dialog_name));
  dialog = find_dialog (dialog_name);
  if (entry_name != NULL)
    {
      GtkWidget *entry = find_named (GTK_WIDGET (dialog), entry_name);

      g_assert_nonnull (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* As a click on the response's button: the response, then closing. */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  flush ();
  g_assert_null (find_dialog (dialog_name));
}

static void
test_albums (void)
{
  SvWindow *window = open_window ();
  GtkWidget *timeline = sv_window_get_view (window, SV_SECTION_PHOTOS);
  GtkListBox *albums = sv_search_ui_get_album_list (window);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GArray) selected = NULL;
  g_autoptr (GArray) members = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;
  const char *name = "Vacances d’été";
  AdwToast *toast;
  gint64 album_id, empty_id;
  guint n;

  g_assert_cmpuint (n_rows (albums), ==, 0);
  sv_window_set_section (window, SV_SECTION_PHOTOS);
  g_assert_true (wait_for (timeline_loaded, timeline));

  /* A selection into a new album through "Add to Album…". */
  g_object_set (window, "selection-mode", TRUE, NULL);
  sv_timeline_view_select_all (SV_TIMELINE_VIEW (timeline));
  flush ();
  n = sv_timeline_view_get_n_selected (SV_TIMELINE_VIEW (timeline));
  g_assert_cmpuint (n, ==, n_photos);
  selected = sv_timeline_view_get_selected_ids (SV_TIMELINE_VIEW (timeline));
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (window), "add-to-album-button")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-to-album", NULL);
  respond ("add-to-album-dialog", "new-album-entry", name, "ok");
  g_assert_true (wait_for (idle, window));
  flush ();

  list = sv_catalogue_album_list (catalogue (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  album_id = sv_album_get_id (g_ptr_array_index (list, 0));
  g_assert_cmpstr (sv_album_get_name (g_ptr_array_index (list, 0)), ==, name);
  members = sv_catalogue_album_get_item_ids (catalogue (), album_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, n);
  g_assert_cmpmem (members->data, members->len * sizeof (gint64), selected->data,
                   selected->len * sizeof (gint64));

  /* In the sidebar with its count, and its page shown with its photos. */
  g_assert_cmpuint (n_rows (albums), ==, 1);
  g_assert_nonnull (album_row (window, album_id));
  g_assert_cmpstr (row_label (album_row (window, album_id), FALSE), ==, name);
  count = g_strdup_printf ("%u", n);
  g_assert_cmpstr (row_label (album_row (window, album_id), TRUE), ==, count);
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
  g_assert_true (gtk_list_box_row_is_selected (album_row (window, album_id)));
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_ALBUM)), ==,
                    n);
  g_assert_false (sv_timeline_view_get_selection_mode (SV_TIMELINE_VIEW (timeline)));
  save_png (GTK_WIDGET (window), "album.png");

  /* The album's name is searchable. */
  check_query (window, "vacances", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_SEARCH)),
                    ==, n);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (find_named (GTK_WIDGET (window), "search-bar")),
                                  FALSE);
  flush ();

  /* Back to Photos, then the album again from the sidebar. */
  sv_window_set_section (window, SV_SECTION_PHOTOS);
  flush ();
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_PHOTOS);
  g_assert_false (gtk_list_box_row_is_selected (album_row (window, album_id)));
  gtk_list_box_select_row (albums, album_row (window, album_id));
  g_assert_true (wait_for (idle, window));
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
  g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_ALBUM)), ==,
                    n);

  /* Rename. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "rename-album", NULL);
  respond ("album-name-dialog", "album-name-entry", "  Été 2023 ", "ok");
  g_assert_true (wait_for (idle, window));
  flush ();
  {
    g_autoptr (SvAlbum) album = sv_catalogue_album_get (catalogue (), album_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sv_album_get_name (album), ==, "Été 2023");
  }
  g_assert_cmpstr (row_label (album_row (window, album_id), FALSE), ==, "Été 2023");

  /* The sidebar's count and the album page follow the catalogue: one
   * photo to the trash leaves n - 1 live items in the album. */
  {
    g_autofree char *less = g_strdup_printf ("%u", n - 1);
    AlbumCount expect = { window, album_id, less };

    g_assert_true (sv_trash_items (catalogue (), (const gint64 *) selected->data, 1, &error));
    g_assert_no_error (error);
    g_assert_true (wait_for (album_count_is, &expect));
    g_assert_true (wait_for (idle, window));
    g_assert_cmpuint (g_list_model_get_n_items (sv_search_ui_get_results (window, SV_PAGE_ALBUM)),
                      ==, n - 1);
    n--;
  }

  /* New Album…: an empty album, shown empty. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-album", NULL);
  respond ("album-name-dialog", "album-name-entry", "Anniversaire", "ok");
  g_assert_true (wait_for (idle, window));
  flush ();
  empty_id = sv_catalogue_album_resolve (catalogue (), "Anniversaire", &error);
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) all = sv_catalogue_album_list (catalogue (), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 2);
  }
  g_assert_cmpuint (n_rows (albums), ==, 2);
  g_assert_cmpstr (row_label (album_row (window, empty_id), TRUE), ==, "0");
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                       GTK_STACK (find_named (GTK_WIDGET (window), "album-stack"))),
                   ==, "empty");
  /* A duplicate name is refused with a message, nothing changes. */
  toast = sv_window_get_last_toast (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-album", NULL);
  respond ("album-name-dialog", "album-name-entry", "Anniversaire", "ok");
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_cmpuint (n_rows (albums), ==, 2);
  g_assert_nonnull (sv_window_get_last_toast (window));
  g_assert_true (sv_window_get_last_toast (window) != toast);
  g_test_message ("duplicate: %s", adw_toast_get_title (sv_window_get_last_toast (window)));

  /* Delete the empty album: the photos stay. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-album", NULL);
  respond (NULL, NULL, NULL, "delete");
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_cmpuint (n_rows (albums), ==, 1);
  g_assert_null (album_row (window, empty_id));
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_PHOTOS);
  {
    g_auto (SvQuery) q = { 0 };

    sv_query_init (&q);
    g_assert_cmpint (sv_catalogue_count (catalogue (), &q, NULL), ==, n_photos - 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static void
test_search_ui (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) library = NULL;

  tmp_dir = g_dir_make_tmp ("souvenir-test-search-ui-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (tmp_dir, "library", NULL);
  make_library ();

  app = sv_application_new ();
  library = g_file_new_for_path (library_dir);
  sv_application_set_library_dir (app, library);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  test_search ();
  test_albums ();
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  int ret;

  /* GTK's GSettings schemas, before isolation hides /usr/share. */
  g_assert_nonnull (g_settings_schema_source_get_default ());
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_disable_setlocale ();
  /* The isolated XDG dirs hide the system's MIME database and icons (as in
   * test-library.c). */
  {
    g_auto (GStrv) dirs = g_strsplit (
        data_dirs != NULL && data_dirs[0] != '\0' ? data_dirs : "/usr/local/share:/usr/share", ":",
        -1);
    g_autoptr (GStrvBuilder) icons = g_strv_builder_new ();
    g_autoptr (GStrvBuilder) mime = g_strv_builder_new ();
    g_auto (GStrv) icon_paths = NULL;
    g_auto (GStrv) mime_paths = NULL;

    for (guint i = 0; dirs[i] != NULL; i++)
      {
        g_autofree char *icon_path = g_build_filename (dirs[i], "icons", NULL);
        g_autofree char *mime_path = g_build_filename (dirs[i], "mime", NULL);

        g_strv_builder_add (icons, icon_path);
        g_strv_builder_add (mime, mime_path);
      }
    icon_paths = g_strv_builder_end (icons);
    mime_paths = g_strv_builder_end (mime);
    g_content_type_set_mime_dirs ((const char *const *) mime_paths);
    gtk_init ();
    gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    (const char *const *) icon_paths);
  }
  adw_init ();

  /* One test case: the isolated XDG folders (and so the thumbnail cache the
   * import fills) are made per test case. */
  g_test_add_func ("/ui/search-ui", test_search_ui);

  ret = g_test_run ();

  if (app != NULL)
    g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  if (tmp_dir != NULL)
    {
      g_autoptr (GFile) tmp = g_file_new_for_path (tmp_dir);

      remove_tree (tmp);
    }
  g_free (library_dir);
  g_free (tmp_dir);
  return ret;
}
