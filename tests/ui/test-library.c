/* test-library.c: the window on a real library, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A temporary library and copies of test photos (the originals in
 * SV_PHOTOS_DIR are only read): the app opens the library off the main
 * loop, imports by drop and by the Import Files action, shows the summary
 * toast and the import, trashes and restores with Undo, restores and empties
 * from the Trash section, edits events, opens the viewer, and keeps the
 * library settings in the catalogue.
 */
#define G_LOG_DOMAIN "test-library"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sv-application.h"
#include "sv-catalogue-events.h"
#include "sv-catalogue-imports.h"
#include "sv-catalogue-settings.h"
#include "sv-catalogue-trash.h"
#include "sv-error.h"
#include "sv-events-view.h"
#include "sv-imports-view.h"
#include "sv-item-list.h"
#include "sv-preferences-window.h"
#include "sv-timeline-view.h"
#include "sv-trash-view.h"
#include "sv-trash.h"
#include "sv-ui-test-util.h"
#include "sv-viewer.h"
#include "sv-watched-folders.h"
#include "sv-window.h"

/* Photos with a capture date, copied into the drop folder. */
static const char *const drop_names[] = {
  "camera/fsf-IMG_1054.JPG",   "camera/jhead-canon-300d.jpg",
  "camera/jhead-sony.jpg",     "camera/exiv2-FurnaceCreekInn.jpg",
  "camera/goexif-sample1.jpg", "orientation/pillow-hopper.jpg",
};
/* Imported later through the Import Files action. */
static const char *const action_name = "camera/jhead-fuji-dx10.jpg";

static SvApplication *app;
static char *tmp_dir;
static char *drop_dir;
static char *library_dir;
static gint64 drop_import_id;

/* Copies the test photo @name into @dest_dir. */
static void
copy_photo (const char *name, const char *dest_dir)
{
  g_autofree char *base = g_path_get_basename (name);
  g_autofree char *dest_path = g_build_filename (dest_dir, base, NULL);

  sv_ui_copy_photo (name, dest_path);
}

static gboolean
library_is_open (gpointer data)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_OPEN;
}

static gboolean
library_failed (gpointer data)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_FAILED;
}

static SvCatalogue *
catalogue (void)
{
  return sv_application_get_catalogue (app);
}

static gint64
count_live (void)
{
  g_auto (SvQuery) q = { 0 };

  sv_query_init (&q);
  return sv_catalogue_count (catalogue (), &q, NULL);
}

static gint64
count_trashed (void)
{
  g_auto (SvQuery) q = { 0 };

  sv_query_init (&q);
  q.trashed = TRUE;
  return sv_catalogue_count (catalogue (), &q, NULL);
}

static SvWindow *
open_window (void)
{
  return sv_ui_open_library_window (app);
}

#define close_window(window) sv_ui_destroy_window (window)

typedef struct
{
  gint64 import_id;
  guint n;
} Finished;

static void
on_import_finished_cb (SvWindow *window, gint64 import_id, Finished *finished)
{
  finished->import_id = import_id;
  finished->n++;
}

static gboolean
import_finished (gpointer data)
{
  return ((Finished *) data)->n > 0;
}

typedef struct
{
  GtkWidget *view;
  guint n;
} ViewCount;

static gboolean
timeline_has (gpointer data)
{
  ViewCount *c = data;
  GListModel *items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (c->view));

  return items != NULL && !sv_timeline_view_get_loading (SV_TIMELINE_VIEW (c->view)) &&
         g_list_model_get_n_items (items) == c->n;
}

static gboolean
stack_shows_content (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "content") == 0;
}

static gboolean
stack_shows_empty (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "empty") == 0;
}

/* The library opens off the main loop; a fresh one shows the empty state. */
static void
test_open (void)
{
  SvWindow *window = open_window ();
  GtkWidget *photos_stack = must_find (GTK_WIDGET (window), "photos-stack");
  g_autofree char *db = g_build_filename (library_dir, "library.db", NULL);

  g_assert_nonnull (catalogue ());
  g_assert_true (SV_IS_CATALOGUE_SETTINGS (sv_application_get_library_settings (app)));
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (sv_catalogue_get_library_dir (catalogue ()), ==, library_dir);
  g_assert_true (wait_for (stack_shows_empty, photos_stack));
  g_assert_true (gtk_widget_get_mapped (must_find (GTK_WIDGET (window), "import-folder-button")));
  close_window (window);
}

/* Drop a folder of copies: everything is imported, the timeline follows, and
 * the toast sums it up with a Show button for exactly that import. */
static void
test_import_drop (void)
{
  SvWindow *window = open_window ();
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  GtkWidget *photos = sv_window_get_view (window, "photos");
  GtkWidget *photos_stack = must_find (GTK_WIDGET (window), "photos-stack");
  Finished finished = { 0 };
  ViewCount count = { photos, G_N_ELEMENTS (drop_names) };
  GValue value = G_VALUE_INIT;
  GSList *files = NULL;
  gboolean accepted = FALSE;
  AdwToast *toast;
  GVariant *target_value;
  g_autofree char *expected = NULL;

  g_assert_nonnull (target);
  g_signal_connect (window, "import-finished", G_CALLBACK (on_import_finished_cb), &finished);

  files = g_slist_append (NULL, g_file_new_for_path (drop_dir));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
  g_assert_true (accepted);

  /* Progress shows while it runs, and the window stays usable. */
  g_assert_true (sv_window_get_importing (window));
  g_assert_true (gtk_revealer_get_reveal_child (
      GTK_REVEALER (must_find (GTK_WIDGET (window), "import-revealer"))));
  sv_window_set_section (window, SV_SECTION_TRASH);
  sv_window_set_section (window, SV_SECTION_PHOTOS);

  g_assert_true (wait_for (import_finished, &finished));
  g_assert_cmpint (finished.import_id, >, 0);
  drop_import_id = finished.import_id;
  g_assert_false (sv_window_get_importing (window));
  g_assert_false (gtk_revealer_get_reveal_child (
      GTK_REVEALER (must_find (GTK_WIDGET (window), "import-revealer"))));

  /* In the catalogue, with the import's counts. */
  g_assert_cmpint (count_live (), ==, G_N_ELEMENTS (drop_names));
  {
    g_autoptr (SvImportInfo) info = sv_catalogue_get_import (catalogue (), drop_import_id, NULL);

    g_assert_nonnull (info);
    g_assert_cmpuint (info->imported, ==, G_N_ELEMENTS (drop_names));
    g_assert_cmpuint (info->duplicates, ==, 0);
    g_assert_cmpuint (info->failed, ==, 0);
    g_assert_cmpuint (info->n_live, ==, G_N_ELEMENTS (drop_names));
  }

  /* In the timeline, which replaced the empty state. */
  g_assert_true (wait_for (timeline_has, &count));
  g_assert_true (wait_for (stack_shows_content, photos_stack));

  /* The summary toast, with "Show" for this import. */
  toast = sv_window_get_last_toast (window);
  g_assert_nonnull (toast);
  expected = g_strdup_printf ("%u imported", (guint) G_N_ELEMENTS (drop_names));
  g_assert_cmpstr (adw_toast_get_title (toast), ==, expected);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.show-import");
  target_value = adw_toast_get_action_target_value (toast);
  g_assert_nonnull (target_value);
  g_assert_cmpint (g_variant_get_int64 (target_value), ==, drop_import_id);

  /* Dropping the same files again finds only duplicates. */
  finished.n = 0;
  files = g_slist_append (NULL, g_file_new_for_path (drop_dir));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
  g_assert_true (wait_for (import_finished, &finished));
  g_clear_pointer (&expected, g_free);
  expected =
      g_strdup_printf ("0 imported, %u duplicates skipped", (guint) G_N_ELEMENTS (drop_names));
  g_assert_cmpstr (adw_toast_get_title (sv_window_get_last_toast (window)), ==, expected);
  g_assert_cmpint (count_live (), ==, G_N_ELEMENTS (drop_names));

  close_window (window);
}

static gboolean
has_file_chooser_dialog (gpointer data)
{
  return find_file_chooser_dialog () != NULL;
}

static gboolean
chooser_has_file (gpointer dialog)
{
  g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

  return g_list_model_get_n_items (files) == 1;
}

/* Import Files… then "Show": the Imports section with exactly that import. */
static void
test_import_action_and_show (void)
{
  SvWindow *window = open_window ();
  g_autofree char *dir = g_build_filename (tmp_dir, "chosen", NULL);
  g_autofree char *base = g_path_get_basename (action_name);
  g_autofree char *path = g_build_filename (dir, base, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  Finished finished = { 0 };
  GtkWidget *dialog;
  SvImportsView *imports;
  ViewCount count = { NULL, 1 };
  AdwToast *toast;

  copy_photo (action_name, dir);
  g_signal_connect (window, "import-finished", G_CALLBACK (on_import_finished_cb), &finished);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-files", NULL);
  g_assert_true (wait_for (has_file_chooser_dialog, NULL));
  dialog = find_file_chooser_dialog ();
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
  g_assert_true (wait_for (chooser_has_file, dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  g_assert_true (wait_for (import_finished, &finished));
  g_assert_cmpint (finished.import_id, >, drop_import_id);
  g_assert_cmpint (count_live (), ==, G_N_ELEMENTS (drop_names) + 1);
  toast = sv_window_get_last_toast (window);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "1 imported");

  /* The toast's Show button. */
  gtk_widget_activate_action_variant (GTK_WIDGET (window), adw_toast_get_action_name (toast),
                                      adw_toast_get_action_target_value (toast));
  flush ();
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_IMPORTS);
  imports = SV_IMPORTS_VIEW (sv_window_get_view (window, SV_SECTION_IMPORTS));
  g_assert_cmpint (sv_imports_view_get_shown_import (imports), ==, finished.import_id);
  count.view = sv_imports_view_get_timeline (imports);
  g_assert_true (wait_for (timeline_has, &count));
  {
    GListModel *items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (count.view));
    g_autoptr (SvMediaItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpint (sv_media_item_get_import_id (item), ==, finished.import_id);
    g_assert_cmpstr (sv_media_item_get_path (item), ==, path);
  }

  /* The list holds both imports (three with the duplicates-only one),
   * newest first; the first drop shows its six items. */
  sv_imports_view_show_import (imports, 0);
  g_assert_true (wait_for ((Condition) sv_imports_view_get_n_imports, imports));
  g_assert_cmpuint (sv_imports_view_get_n_imports (imports), ==, 3);
  g_assert_cmpint (sv_imports_view_get_import_id (imports, 0), ==, finished.import_id);
  g_assert_cmpint (sv_imports_view_get_import_id (imports, 2), ==, drop_import_id);
  sv_window_show_import (window, drop_import_id);
  count.n = G_N_ELEMENTS (drop_names);
  g_assert_true (wait_for (timeline_has, &count));

  close_window (window);
}

static guint
count_list_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

static GtkWidget *
find_named_dialog (const char *name)
{
  return sv_ui_find_toplevel (G_TYPE_NONE, name);
}

static gboolean
has_named_dialog (gpointer name)
{
  return find_named_dialog (name) != NULL;
}

static gboolean
failures_button_shown (gpointer window)
{
  return gtk_widget_get_visible (must_find (GTK_WIDGET (window), "import-failures-button"));
}

/* Files that cannot be imported: counted in the toast (which then stays),
 * and listed with their reasons from the import's page. */
static void
test_import_failures (void)
{
  static const char *const broken[] = {
    "broken/pillow-broken.png",
    "broken/exiv2-exiv2-bug1247.jpg",
    "broken/pixbuf-invalid.1.png",
  };
  SvWindow *window = open_window ();
  g_autofree char *dir = g_build_filename (tmp_dir, "broken", NULL);
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (SvImportInfo) info = NULL;
  g_autoptr (GPtrArray) errors = NULL;
  g_autofree char *failed = NULL;
  Finished finished = { 0 };
  AdwToast *toast;
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    copy_photo (broken[i], dir);
  g_list_store_append (inputs, folder);
  g_signal_connect (window, "import-finished", G_CALLBACK (on_import_finished_cb), &finished);
  sv_window_import (window, G_LIST_MODEL (inputs));
  g_assert_true (wait_for (import_finished, &finished));

  info = sv_catalogue_get_import (catalogue (), finished.import_id, NULL);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->failed, >=, 1);
  g_assert_cmpuint (info->n_errors, ==, info->failed);
  errors = sv_catalogue_list_import_errors (catalogue (), finished.import_id, NULL);
  g_assert_cmpuint (errors->len, ==, info->failed);

  toast = sv_window_get_last_toast (window);
  failed = g_strdup_printf ("%u failed", info->failed);
  g_assert_true (g_str_has_suffix (adw_toast_get_title (toast), failed));
  /* It waits to be read. */
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);

  sv_window_show_import (window, finished.import_id);
  g_assert_true (wait_for (failures_button_shown, window));
  g_signal_emit_by_name (must_find (GTK_WIDGET (window), "import-failures-button"), "clicked");
  g_assert_true (wait_for (has_named_dialog, (gpointer) "import-failures-dialog"));
  dialog = find_named_dialog ("import-failures-dialog");
  g_assert_cmpuint (count_list_rows (must_find (dialog, "import-failures-list")), ==, errors->len);
  {
    SvImportError *e = g_ptr_array_index (errors, 0);
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (
        GTK_LIST_BOX (must_find (dialog, "import-failures-list")), 0);
    g_autofree char *base = g_path_get_basename (e->path);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, base);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, e->reason);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  close_window (window);
}

static gboolean
live_is (gpointer n)
{
  return count_live () == GPOINTER_TO_INT (n);
}

static gboolean
trashed_is (gpointer n)
{
  return count_trashed () == GPOINTER_TO_INT (n);
}

/* Select all, move to the trash, then the toast's Undo brings them back. */
static void
test_trash_undo (void)
{
  SvWindow *window = open_window ();
  GtkWidget *photos = sv_window_get_view (window, "photos");
  int n = (int) count_live ();
  ViewCount count = { photos, (guint) n };
  AdwToast *toast;

  g_assert_cmpint (n, >, 1);
  g_assert_true (wait_for (timeline_has, &count));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  g_assert_true (sv_timeline_view_get_selection_mode (SV_TIMELINE_VIEW (photos)));
  g_assert_cmpuint (sv_timeline_view_get_n_selected (SV_TIMELINE_VIEW (photos)), ==, (guint) n);
  g_assert_true (gtk_widget_get_visible (must_find (GTK_WIDGET (window), "selection-actions")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.trash-selected", NULL);
  g_assert_true (wait_for (trashed_is, GINT_TO_POINTER (n)));
  g_assert_cmpint (count_live (), ==, 0);
  count.n = 0;
  g_assert_true (wait_for (timeline_has, &count));
  flush ();

  toast = sv_window_get_last_toast (window);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.restore-items");
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.restore-items",
                                      adw_toast_get_action_target_value (toast));
  g_assert_true (wait_for (live_is, GINT_TO_POINTER (n)));
  g_assert_cmpint (count_trashed (), ==, 0);
  count.n = (guint) n;
  g_assert_true (wait_for (timeline_has, &count));

  close_window (window);
}

/* The selection's star button fills Favourites; again, it empties it. */
static void
test_favourites (void)
{
  SvWindow *window = open_window ();
  GtkWidget *photos = sv_window_get_view (window, SV_SECTION_PHOTOS);
  GtkWidget *favourites = sv_window_get_view (window, SV_SECTION_FAVOURITES);
  GtkWidget *favourites_stack = must_find (GTK_WIDGET (window), "favourites-stack");
  guint n = (guint) count_live ();
  ViewCount all = { photos, n };
  ViewCount favs = { favourites, n };

  g_assert_true (wait_for (timeline_has, &all));
  g_assert_true (wait_for (stack_shows_empty, favourites_stack));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  g_assert_cmpuint (sv_timeline_view_get_n_selected (SV_TIMELINE_VIEW (photos)), ==, n);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.favourite-selected", NULL);
  g_assert_true (wait_for (timeline_has, &favs));
  g_assert_true (wait_for (stack_shows_content, favourites_stack));
  {
    GListModel *items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (favourites));
    g_autoptr (SvMediaItem) item = g_list_model_get_item (items, 0);

    g_assert_true (sv_media_item_get_favourite (item));
  }

  /* All favourites already: the same button takes them out. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.favourite-selected", NULL);
  favs.n = 0;
  g_assert_true (wait_for (timeline_has, &favs));
  g_assert_true (wait_for (stack_shows_empty, favourites_stack));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-selection", NULL);
  g_assert_false (sv_timeline_view_get_selection_mode (SV_TIMELINE_VIEW (photos)));

  close_window (window);
}

static gboolean
list_has (gpointer data)
{
  ViewCount *c = data;
  GListModel *items = sv_trash_view_get_items (SV_TRASH_VIEW (c->view));

  return items != NULL && g_list_model_get_n_items (items) == c->n;
}

/* The Trash section: days left, restore one, empty behind a confirmation. */
static void
test_trash_view (void)
{
  SvWindow *window = open_window ();
  SvTrashView *trash = SV_TRASH_VIEW (sv_window_get_view (window, SV_SECTION_TRASH));
  GtkWidget *trash_stack = must_find (GTK_WIDGET (window), "trash-stack");
  g_autoptr (GArray) ids = NULL;
  g_auto (SvQuery) q = { 0 };
  ViewCount count = { GTK_WIDGET (trash), 2 };
  int n = (int) count_live ();
  gint64 restored, deleted;

  /* Purging sends referenced originals to the desktop trash, in the
   * (isolated) home and data folders, which must exist. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  sv_query_init (&q);
  q.limit = 2;
  ids = sv_catalogue_query_ids (catalogue (), &q, NULL);
  g_assert_cmpuint (ids->len, ==, 2);
  restored = g_array_index (ids, gint64, 0);
  deleted = g_array_index (ids, gint64, 1);

  sv_window_set_section (window, SV_SECTION_TRASH);
  g_assert_true (wait_for (stack_shows_empty, trash_stack));
  g_assert_true (sv_trash_items (catalogue (), (const gint64 *) (gpointer) ids->data, 2, NULL));
  g_assert_true (wait_for (list_has, &count));
  g_assert_true (wait_for (stack_shows_content, trash_stack));
  {
    GListModel *items = sv_trash_view_get_items (trash);
    g_autoptr (SvMediaItem) item = g_list_model_get_item (items, 0);

    /* Just trashed: the whole retention is left. */
    g_assert_cmpint (sv_trash_view_get_days_left (trash, item), ==,
                     sv_trash_get_retention_days (catalogue ()));
  }

  /* Restore one, from its row's button. */
  {
    GtkWidget *row = must_find (GTK_WIDGET (trash), "trash-row");
    GtkWidget *button = must_find (row, "restore-button");
    gint64 row_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "sv-id");

    restored = row_id;
    deleted = row_id == g_array_index (ids, gint64, 0) ? g_array_index (ids, gint64, 1)
                                                       : g_array_index (ids, gint64, 0);
    g_signal_emit_by_name (button, "clicked");
  }
  count.n = 1;
  g_assert_true (wait_for (list_has, &count));
  g_assert_cmpint (count_live (), ==, n - 1);
  g_assert_cmpint (sv_catalogue_trash_get_trashed_at (catalogue (), restored), ==, 0);

  /* Empty the trash: asks first; cancelling keeps everything. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.empty-trash", NULL);
  g_assert_true (wait_for (has_dialog, (gpointer) "trash-confirm-dialog"));
  adw_message_dialog_response (find_dialog ("trash-confirm-dialog"), "cancel");
  flush ();
  g_assert_cmpint (count_trashed (), ==, 1);

  sv_trash_view_ask_empty (trash);
  g_assert_true (wait_for (has_dialog, (gpointer) "trash-confirm-dialog"));
  adw_message_dialog_response (find_dialog ("trash-confirm-dialog"), "delete");
  count.n = 0;
  if (!wait_for (list_has, &count))
    g_error ("Still in the trash; last message: %s",
             adw_toast_get_title (sv_window_get_last_toast (window)));
  g_assert_true (wait_for (trashed_is, GINT_TO_POINTER (0)));
  g_assert_true (wait_for (stack_shows_empty, trash_stack));
  /* Gone from the library, and the referenced original in the desktop
   * trash. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SvMediaItem) item = sv_catalogue_get_item (catalogue (), deleted, &error);

    g_assert_null (item);
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  }
  g_assert_cmpint (count_live (), ==, n - 1);

  close_window (window);
}

static gboolean
events_loaded (gpointer view)
{
  return !sv_events_view_get_loading (view) && sv_events_view_get_n_events (view) > 0;
}

static gboolean
first_event_titled (gpointer view)
{
  return !sv_events_view_get_loading (view) &&
         g_strcmp0 (sv_events_view_get_event_title (view, 0), "Summer in Rome") == 0;
}

typedef struct
{
  SvEventsView *view;
  guint n;
} EventCount;

static gboolean
events_count_is (gpointer data)
{
  EventCount *c = data;

  return !sv_events_view_get_loading (c->view) && sv_events_view_get_n_events (c->view) == c->n;
}

/* Event cards; rename, merge and split from the page. */
static void
test_events (void)
{
  SvWindow *window = open_window ();
  SvEventsView *events = SV_EVENTS_VIEW (sv_window_get_view (window, SV_SECTION_EVENTS));
  g_autoptr (GPtrArray) stored = NULL;
  gint64 id;

  sv_window_set_section (window, SV_SECTION_EVENTS);
  g_assert_true (wait_for (events_loaded, events));
  stored = sv_catalogue_events_list (catalogue (), NULL);
  g_assert_cmpuint (sv_events_view_get_n_events (events), ==, stored->len);
  id = sv_events_view_get_event_id (events, 0);
  g_assert_cmpint (id, ==, ((SvEventInfo *) g_ptr_array_index (stored, 0))->id);
  g_assert_nonnull (find_named (GTK_WIDGET (events), "event-card"));

  sv_events_view_show_event (events, id);
  g_assert_cmpint (sv_events_view_get_shown_event (events), ==, id);
  sv_events_view_rename (events, id, "Summer in Rome");
  g_assert_true (wait_for (first_event_titled, events));
  {
    g_autoptr (SvEventInfo) info = sv_catalogue_events_get (catalogue (), id, NULL);

    g_assert_cmpstr (info->name, ==, "Summer in Rome");
    g_assert_cmpstr (info->name_source, ==, "user");
  }

  /* Merge the next (older) event into it, then split it again. */
  {
    guint n = sv_events_view_get_n_events (events);
    gint64 older = sv_events_view_get_event_id (events, 1);
    g_autoptr (GArray) members = NULL;
    EventCount want = { events, n - 1 };

    g_assert_cmpuint (n, >=, 2);
    sv_events_view_merge (events, id, older);
    g_assert_true (wait_for (events_count_is, &want));
    members = sv_catalogue_events_get_members (catalogue (), id, NULL);
    g_assert_cmpuint (members->len, >=, 2);
    g_assert_cmpint (sv_catalogue_events_get_item_event (
                         catalogue (), g_array_index (members, SvEventMember, 1).item_id, NULL),
                     ==, id);

    want.n = n;
    sv_events_view_split (events, id, g_array_index (members, SvEventMember, 1).item_id);
    g_assert_true (wait_for (events_count_is, &want));
    g_assert_cmpint (sv_catalogue_events_get_item_event (
                         catalogue (), g_array_index (members, SvEventMember, 1).item_id, NULL),
                     !=, id);
  }

  close_window (window);
}

/* Zoom and layout are UI preferences: GSettings, shared by the timelines. */
static void
test_ui_settings (void)
{
  SvWindow *window = open_window ();
  g_autoptr (GSettings) settings = g_settings_new ("io.github.souvenir.Souvenir");
  GtkWidget *photos = sv_window_get_view (window, SV_SECTION_PHOTOS);
  GtkWidget *videos = sv_window_get_view (window, SV_SECTION_VIDEOS);
  g_autofree char *zoom = NULL;
  g_autofree char *layout = NULL;

  sv_timeline_view_set_zoom (SV_TIMELINE_VIEW (photos), SV_TIMELINE_ZOOM_MONTH);
  sv_timeline_view_set_layout (SV_TIMELINE_VIEW (photos), SV_TIMELINE_LAYOUT_SQUARE);
  zoom = g_settings_get_string (settings, "timeline-zoom");
  layout = g_settings_get_string (settings, "timeline-layout");
  g_assert_cmpstr (zoom, ==, "month");
  g_assert_cmpstr (layout, ==, "square");
  g_assert_cmpint (sv_timeline_view_get_zoom (SV_TIMELINE_VIEW (videos)), ==,
                   SV_TIMELINE_ZOOM_MONTH);
  close_window (window);

  /* A new window starts as the user left it. */
  window = open_window ();
  photos = sv_window_get_view (window, SV_SECTION_PHOTOS);
  g_assert_cmpint (sv_timeline_view_get_zoom (SV_TIMELINE_VIEW (photos)), ==,
                   SV_TIMELINE_ZOOM_MONTH);
  g_assert_cmpint (sv_timeline_view_get_layout (SV_TIMELINE_VIEW (photos)), ==,
                   SV_TIMELINE_LAYOUT_SQUARE);
  g_settings_reset (settings, "timeline-zoom");
  g_settings_reset (settings, "timeline-layout");
  g_assert_cmpint (sv_timeline_view_get_zoom (SV_TIMELINE_VIEW (photos)), ==, SV_TIMELINE_ZOOM_DAY);
  close_window (window);
}

/* item-activated opens the viewer over the window; "close" comes back. */
static void
test_viewer (void)
{
  SvWindow *window = open_window ();
  GtkWidget *photos = sv_window_get_view (window, "photos");
  GtkWidget *viewer = sv_window_get_view (window, "viewer");
  ViewCount count = { photos, (guint) count_live () };
  GListModel *items;

  g_assert_true (wait_for (timeline_has, &count));
  items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (photos));
  g_signal_emit_by_name (photos, "item-activated", items, 1u);
  flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "viewer");
  g_assert_cmpuint (sv_viewer_get_position (SV_VIEWER (viewer)), ==, 1);
  g_signal_emit_by_name (viewer, "close");
  flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "library");

  close_window (window);
}

static gboolean
path_in_library (gpointer path)
{
  return sv_catalogue_resolve (catalogue (), path, NULL) > 0;
}

/* Settings go to the catalogue: a new connection reads them back. */
static void
test_settings_persisted (void)
{
  SvWindow *window = open_window ();
  SvLibrarySettings *settings = sv_application_get_library_settings (app);
  g_autofree char *managed = g_build_filename (tmp_dir, "managed", NULL);
  g_autoptr (SvCatalogue) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *days = NULL;
  g_autofree char *root = NULL;
  GtkWindow *prefs;

  g_assert_true (SV_IS_CATALOGUE_SETTINGS (settings));
  /* The catalogue's default, as the CLI sees it. */
  mode = sv_library_settings_get_string (settings, "import-mode", NULL);
  g_assert_cmpstr (mode, ==, "reference");
  g_clear_pointer (&mode, g_free);

  prefs = sv_application_show_preferences (app);
  g_assert_true (gtk_check_button_get_active (
      GTK_CHECK_BUTTON (must_find (GTK_WIDGET (prefs), "import-reference-check"))));
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (must_find (GTK_WIDGET (prefs), "import-copy-check")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (GTK_WIDGET (prefs), "retention-spin")),
                             45);
  g_assert_true (sv_library_settings_set_string (settings, "managed-root", managed, &error));
  g_assert_no_error (error);
  /* The catalogue refuses what it cannot store. */
  g_assert_false (sv_library_settings_set_string (settings, "managed-root", "relative", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Watched folders are the catalogue's list, which the CLI shares. */
  {
    g_autofree char *watched = g_build_filename (tmp_dir, "watched", NULL);
    g_autofree char *missing = g_build_filename (tmp_dir, "no-such-folder", NULL);
    const char *one[] = { watched, NULL };
    const char *bad[] = { watched, missing, NULL };
    g_autoptr (GPtrArray) folders = NULL;
    g_auto (GStrv) paths = NULL;

    g_assert_cmpint (g_mkdir_with_parents (watched, 0700), ==, 0);
    g_assert_true (sv_library_settings_set_paths (settings, "watched-folders", one, &error));
    g_assert_no_error (error);
    folders = sv_watched_folders_list (catalogue (), NULL);
    g_assert_cmpuint (folders->len, ==, 1);
    g_assert_cmpstr (((SvWatchedFolder *) g_ptr_array_index (folders, 0))->path, ==, watched);
    paths = sv_library_settings_get_paths (settings, "watched-folders");
    g_assert_cmpuint (g_strv_length (paths), ==, 1);
    g_assert_cmpstr (paths[0], ==, watched);
    /* A folder that does not exist is refused, with the core's reason. */
    g_assert_false (sv_library_settings_set_paths (settings, "watched-folders", bad, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_clear_pointer (&folders, g_ptr_array_unref);
    folders = sv_watched_folders_list (catalogue (), NULL);
    g_assert_cmpuint (folders->len, ==, 1);
    /* Removing it empties the list. */
    g_assert_true (sv_library_settings_set_paths (settings, "watched-folders", NULL, &error));
    g_clear_pointer (&folders, g_ptr_array_unref);
    folders = sv_watched_folders_list (catalogue (), NULL);
    g_assert_cmpuint (folders->len, ==, 0);
    g_assert_true (sv_library_settings_set_paths (settings, "watched-folders", one, &error));

    /* While the app runs, a photo written into a watched folder is
     * imported on its own. */
    {
      g_autofree char *arrived = g_build_filename (watched, "jhead-hp.jpg", NULL);

      copy_photo ("camera/jhead-hp.jpg", watched);
      g_assert_true (wait_for (path_in_library, arrived));
    }
  }
  gtk_window_destroy (prefs);

  other = sv_catalogue_open (library_dir, &error);
  g_assert_no_error (error);
  mode = sv_catalogue_get_setting (other, "import-mode");
  days = sv_catalogue_get_setting (other, "trash-retention-days");
  root = sv_catalogue_get_setting (other, "managed-root");
  g_assert_cmpstr (mode, ==, "copy");
  g_assert_cmpstr (days, ==, "45");
  g_assert_cmpstr (root, ==, managed);
  {
    g_autoptr (GPtrArray) folders = sv_watched_folders_list (other, NULL);

    g_assert_cmpuint (folders->len, ==, 1);
  }

  /* Reopening the library (another folder, then back) reads them again. */
  {
    g_autofree char *elsewhere = g_build_filename (tmp_dir, "other-library", NULL);
    g_autoptr (GFile) a = g_file_new_for_path (elsewhere);
    g_autoptr (GFile) b = g_file_new_for_path (library_dir);

    sv_application_set_library_dir (app, a);
    g_assert_true (wait_for (library_is_open, NULL));
    g_assert_cmpstr (sv_catalogue_get_library_dir (catalogue ()), ==, elsewhere);
    g_clear_pointer (&mode, g_free);
    mode = sv_library_settings_get_string (sv_application_get_library_settings (app), "import-mode",
                                           NULL);
    g_assert_cmpstr (mode, ==, "reference");
    sv_application_set_library_dir (app, b);
    g_assert_true (wait_for (library_is_open, NULL));
    g_clear_pointer (&mode, g_free);
    mode = sv_library_settings_get_string (sv_application_get_library_settings (app), "import-mode",
                                           NULL);
    g_assert_cmpstr (mode, ==, "copy");
    g_assert_cmpint (sv_library_settings_get_int (sv_application_get_library_settings (app),
                                                  "trash-retention-days", 1, 3650, 0),
                     ==, 45);
  }

  close_window (window);
}

/* A library that cannot be opened: the error page, with the reason. */
static void
test_error_page (void)
{
  g_autofree char *bad = g_build_filename (tmp_dir, "bad-library", NULL);
  g_autofree char *db = g_build_filename (bad, "library.db", NULL);
  g_autoptr (GFile) dir = g_file_new_for_path (bad);
  g_autoptr (GFile) good = g_file_new_for_path (library_dir);
  SvWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (bad, 0700), ==, 0);
  g_assert_true (g_file_set_contents (db, "This is not an SQLite database, not at all.", -1, NULL));

  window = open_window ();
  sv_application_set_library_dir (app, dir);
  g_assert_true (wait_for (library_failed, NULL));
  flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "error");
  g_assert_nonnull (sv_application_get_library_error (app));
  g_assert_cmpstr (adw_status_page_get_description (
                       ADW_STATUS_PAGE (must_find (GTK_WIDGET (window), "error-page"))),
                   !=, "");
  g_assert_false (gtk_widget_get_mapped (must_find (GTK_WIDGET (window), "leaflet")));

  sv_application_set_library_dir (app, good);
  g_assert_true (wait_for (library_is_open, NULL));
  flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "library");
  close_window (window);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  sv_ui_test_init (&argc, &argv,
                   SV_UI_TEST_ISOLATE_DIRS | SV_UI_TEST_QUIET_LIST_VIEW | SV_UI_TEST_ICONS);

  tmp_dir = g_dir_make_tmp ("souvenir-test-library-XXXXXX", &error);
  g_assert_no_error (error);
  drop_dir = g_build_filename (tmp_dir, "dropped", NULL);
  library_dir = g_build_filename (tmp_dir, "library", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (drop_names); i++)
    copy_photo (drop_names[i], drop_dir);

  app = sv_ui_application_new (library_dir);

  g_test_add_func ("/ui/library/open", test_open);
  g_test_add_func ("/ui/library/import-drop", test_import_drop);
  g_test_add_func ("/ui/library/import-action-and-show", test_import_action_and_show);
  g_test_add_func ("/ui/library/import-failures", test_import_failures);
  g_test_add_func ("/ui/library/trash-undo", test_trash_undo);
  g_test_add_func ("/ui/library/trash-view", test_trash_view);
  g_test_add_func ("/ui/library/favourites", test_favourites);
  g_test_add_func ("/ui/library/events", test_events);
  g_test_add_func ("/ui/library/viewer", test_viewer);
  g_test_add_func ("/ui/library/ui-settings", test_ui_settings);
  g_test_add_func ("/ui/library/settings-persisted", test_settings_persisted);
  g_test_add_func ("/ui/library/error-page", test_error_page);

  ret = g_test_run ();

  g_clear_pointer (&app, sv_ui_application_free);
  sv_ui_remove_tree (tmp_dir);
  g_free (drop_dir);
  g_free (library_dir);
  g_free (tmp_dir);
  return ret;
}
