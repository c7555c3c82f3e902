/* test-timeline.c: the timeline widget under Xvfb, on a real library
 * imported from copies of the test photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-timeline"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sv-importer.h"
#include "sv-timeline-layout.h"
#include "sv-catalogue-orientation.h"
#include "sv-thumbnail-loader.h"
#include "sv-timeline-view.h"

/* Bound on main loop turns while waiting for a state: a hang fails the test
 * instead of blocking it; nothing is timed. */
#define MAX_TURNS 20000

typedef gboolean (*Condition) (gpointer data);

static char *library_dir;
static SvCatalogue *catalogue;
static GHashTable *expected_days; /* GUINT_TO_POINTER (YYYYMMDD) -> count */
static guint expected_total;

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
is_loaded (gpointer view)
{
  return !sv_timeline_view_get_loading (view) &&
         g_list_model_get_n_items (sv_timeline_view_get_rows (view)) > 0;
}

static gboolean
all_painted (gpointer view)
{
  guint cells = 0;
  guint painted = sv_timeline_view_count_painted (view, &cells);

  return cells > 0 && painted == cells;
}

/* Copies the camera photos into a temporary folder, imports them (by
 * reference, so the copies are the originals) and reads the expected days
 * from the manifest. */
static void
make_library (void)
{
  const char *photos = g_getenv ("SV_PHOTOS_DIR");
  g_autofree char *camera = g_build_filename (photos, "camera", NULL);
  g_autofree char *copies = NULL;
  g_autofree char *manifest_path = g_build_filename (photos, "MANIFEST.tsv", NULL);
  g_autofree char *manifest = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (SvImportSummary) summary = NULL;
  g_auto (GStrv) lines = NULL;
  const char *name;

  library_dir = g_dir_make_tmp ("sv-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  copies = g_build_filename (library_dir, "photos", NULL);
  g_assert_cmpint (g_mkdir (copies, 0700), ==, 0);
  dir = g_dir_open (camera, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (camera, name, NULL);
      g_autofree char *to = g_build_filename (copies, name, NULL);
      g_autoptr (GFile) src = g_file_new_for_path (from);
      g_autoptr (GFile) dest = g_file_new_for_path (to);

      g_assert_true (g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  {
    g_autofree char *lib = g_build_filename (library_dir, "library", NULL);
    g_autoptr (GFile) input = g_file_new_for_path (copies);

    catalogue = sv_catalogue_open (lib, &error);
    g_assert_no_error (error);
    importer = sv_importer_new (catalogue);
    sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
    g_list_store_append (inputs, input);
    summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (summary);
  }

  expected_days = g_hash_table_new (NULL, NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (manifest, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      guint y, m, d;
      guint32 day;

      if (g_strv_length (cols) < 5 || !g_str_has_prefix (cols[0], "camera/"))
        continue;
      g_assert_cmpint (sscanf (cols[4], "%4u:%2u:%2u", &y, &m, &d), ==, 3);
      day = y * 10000 + m * 100 + d;
      g_hash_table_insert (
          expected_days, GUINT_TO_POINTER (day),
          GUINT_TO_POINTER (
              GPOINTER_TO_UINT (g_hash_table_lookup (expected_days, GUINT_TO_POINTER (day))) + 1));
      expected_total++;
    }
  g_assert_cmpuint (expected_total, ==, 23);
  for (guint i = 0; summary->failures != NULL && i < summary->failures->len; i++)
    {
      SvImportError *e = g_ptr_array_index (summary->failures, i);

      g_test_message ("Import failure: %s: %s", e->path, e->reason);
    }
  g_test_message ("seen %u, imported %u, duplicates %u, failed %u, ignored %u", summary->files_seen,
                  summary->imported, summary->duplicates, summary->failed, summary->ignored);
  g_assert_cmpuint (summary->imported, ==, expected_total);
}

static GtkWidget *
new_window (int width, int height, SvTimelineView **view_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sv_timeline_view_new ();
  g_auto (SvQuery) q = { 0 };

  sv_query_init (&q);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), view);
  sv_timeline_view_set_query (SV_TIMELINE_VIEW (view), catalogue, &q);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_loaded, view));
  flush ();
  *view_out = SV_TIMELINE_VIEW (view);
  return window;
}

static void
collect_labels (GtkWidget *root, const char *css_class, GPtrArray *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class) &&
      gtk_widget_get_mapped (root))
    g_ptr_array_add (out, g_strdup (gtk_label_get_text (GTK_LABEL (root))));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, css_class, out);
}

static void
test_days (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (1400, 900, &view);
  GListModel *rows = sv_timeline_view_get_rows (view);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) headings = g_ptr_array_new_with_free_func (g_free);
  guint photos = 0;
  guint32 previous_day = G_MAXUINT32;
  g_autofree char *first_heading = NULL;

  g_assert_false (sv_timeline_view_get_empty (view));
  for (guint r = 0; r < g_list_model_get_n_items (rows); r++)
    {
      g_autoptr (SvTimelineRowItem) item = g_list_model_get_item (rows, r);
      const SvTimelineRow *row = sv_timeline_row_item_get_row (item);

      if (row->kind == SV_TIMELINE_ROW_DAY)
        {
          /* Newest first, each day once, with the manifest's count. */
          g_assert_cmpuint (row->key, <, previous_day);
          previous_day = row->key;
          g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (row->key)));
          g_hash_table_add (seen, GUINT_TO_POINTER (row->key));
          g_assert_cmpuint (
              row->n, ==,
              GPOINTER_TO_UINT (g_hash_table_lookup (expected_days, GUINT_TO_POINTER (row->key))));
        }
      else if (row->kind == SV_TIMELINE_ROW_PHOTOS)
        photos += row->n;
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected_days));
  g_assert_cmpuint (photos, ==, expected_total);

  /* The first header on screen reads as the newest day. */
  collect_labels (window, "heading", headings);
  g_assert_cmpuint (headings->len, >, 0);
  first_heading = sv_timeline_format_day (20211109, sv_timeline_today (), NULL);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==, first_heading);
  g_assert_cmpstr (first_heading, ==, "Tuesday 9 November 2021");

  /* Every cell on screen gets its thumbnail painted. */
  g_assert_true (wait_for (all_painted, view));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static GtkCheckButton *
find_day_check (GtkWidget *root)
{
  if (GTK_IS_CHECK_BUTTON (root) && gtk_widget_get_mapped (root) &&
      gtk_widget_get_parent (root) != NULL &&
      gtk_widget_has_css_class (gtk_widget_get_parent (root), "day"))
    return GTK_CHECK_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_day_check (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_selection (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (1400, 900, &view);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) all = NULL;
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  GtkCheckButton *day_check;

  g_assert_false (sv_timeline_view_get_selection_mode (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.select-all", NULL));
  g_assert_true (sv_timeline_view_get_selection_mode (view));
  g_assert_cmpuint (sv_timeline_view_get_n_selected (view), ==, expected_total);
  ids = sv_timeline_view_get_selected_ids (view);
  sv_query_init (&q);
  all = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, all->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (all, gint64, i));

  /* Leaving selection mode drops the selection. */
  sv_timeline_view_set_selection_mode (view, FALSE);
  g_assert_cmpuint (sv_timeline_view_get_n_selected (view), ==, 0);

  /* The check of the first day header (9 November 2021, 1 photo) selects
   * that day and enters selection mode. */
  day_check = find_day_check (window);
  g_assert_nonnull (day_check);
  gtk_check_button_set_active (day_check, TRUE);
  g_assert_true (sv_timeline_view_get_selection_mode (view));
  g_assert_cmpuint (sv_timeline_view_get_n_selected (view), ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = sv_timeline_view_get_selected_ids (view);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, g_array_index (all, gint64, 0));
  gtk_check_button_set_active (day_check, FALSE);
  g_assert_cmpuint (sv_timeline_view_get_n_selected (view), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

typedef struct
{
  guint n_changes;
  guint position, removed, added;
} Changes;

static void
on_rows_changed_cb (GListModel *model, guint position, guint removed, guint added, Changes *c)
{
  c->n_changes++;
  c->position = position;
  c->removed = removed;
  c->added = added;
}

static gboolean
changes_seen (gpointer data)
{
  return ((Changes *) data)->n_changes > 0;
}

static GtkAdjustment *
find_vadjustment (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root))
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adj = find_vadjustment (child);

      if (adj != NULL)
        return adj;
    }
  return NULL;
}

static void
test_trash_keeps_position (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (900, 500, &view);
  GListModel *rows = sv_timeline_view_get_rows (view);
  GtkAdjustment *adj = find_vadjustment (GTK_WIDGET (view));
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = NULL;
  Changes changes = { 0 };
  guint n_rows = g_list_model_get_n_items (rows);
  double value;
  gint64 victim;
  guint victim_row = 0;

  g_assert_nonnull (adj);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));
  /* Scroll to the middle. */
  gtk_adjustment_set_value (
      adj, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2);
  flush ();
  value = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (value, >, 0);

  /* Trash the second oldest dated photo, below the middle. */
  sv_query_init (&q);
  all = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  victim = g_array_index (all, gint64, all->len - 2);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr (SvTimelineRowItem) item = g_list_model_get_item (rows, r);
      const SvTimelineRow *row = sv_timeline_row_item_get_row (item);

      if (row->kind == SV_TIMELINE_ROW_PHOTOS && row->first <= all->len - 2 &&
          all->len - 2 < row->first + row->n)
        victim_row = r;
    }
  g_assert_cmpuint (victim_row, >, 0);

  g_signal_connect (rows, "items-changed", G_CALLBACK (on_rows_changed_cb), &changes);
  g_assert_true (sv_catalogue_set_trashed (catalogue, &victim, 1, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (changes_seen, &changes));
  flush ();

  /* One precise change: the row alone, or with the day's header (and its
   * month's) when that was the day's (month's) only photo; nothing above
   * it was replaced. */
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpuint (changes.position, >=, victim_row - 2);
  g_assert_cmpuint (changes.removed, <=, 3);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows - changes.removed + changes.added);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adj) - value), <, 1.0);
  g_signal_handlers_disconnect_by_data (rows, &changes);

  /* The model the viewer gets follows too. */
  g_assert_true (sv_catalogue_set_trashed (catalogue, &victim, 1, FALSE, &error));
  g_assert_no_error (error);
  changes.n_changes = 0;
  g_signal_connect (rows, "items-changed", G_CALLBACK (on_rows_changed_cb), &changes);
  g_assert_true (wait_for (changes_seen, &changes));
  g_signal_handlers_disconnect_by_data (rows, &changes);

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static gboolean
has_month_rows_only (gpointer view)
{
  GListModel *rows = sv_timeline_view_get_rows (view);
  gboolean month = FALSE;

  for (guint r = 0; r < g_list_model_get_n_items (rows); r++)
    {
      g_autoptr (SvTimelineRowItem) item = g_list_model_get_item (rows, r);
      const SvTimelineRow *row = sv_timeline_row_item_get_row (item);

      if (row->kind == SV_TIMELINE_ROW_DAY)
        return FALSE;
      month |= row->kind == SV_TIMELINE_ROW_MONTH;
    }
  return month;
}

static void
test_zoom_and_jump (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (900, 500, &view);
  GtkAdjustment *adj = find_vadjustment (GTK_WIDGET (view));
  int height = sv_timeline_view_get_row_height (view);

  g_assert_cmpint (sv_timeline_view_get_zoom (view), ==, SV_TIMELINE_ZOOM_DAY);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-in", NULL));
  g_assert_cmpint (sv_timeline_view_get_row_height (view), >, height);
  sv_timeline_view_set_row_height (view, 120);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-out", NULL));
  g_assert_cmpint (sv_timeline_view_get_zoom (view), ==, SV_TIMELINE_ZOOM_MONTH);
  flush ();
  g_assert_true (has_month_rows_only (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-out", NULL));
  g_assert_cmpint (sv_timeline_view_get_zoom (view), ==, SV_TIMELINE_ZOOM_YEAR);
  sv_timeline_view_set_zoom (view, SV_TIMELINE_ZOOM_DAY);
  flush ();

  /* Jump to 2003: the view scrolls down. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  sv_timeline_view_scroll_to_date (view, "2003-12");
  flush ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);

  sv_timeline_view_set_layout (view, SV_TIMELINE_LAYOUT_SQUARE);
  flush ();
  g_assert_true (wait_for (all_painted, view));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static guint activated;

static void
on_item_activated_cb (SvTimelineView *view, GListModel *items, guint position, gint64 *expected)
{
  g_autoptr (SvMediaItem) item = g_list_model_get_item (items, position);

  g_assert_nonnull (item);
  g_assert_cmpint (sv_media_item_get_id (item), ==, *expected);
  activated++;
}

static gboolean
items_loaded (gpointer view)
{
  GListModel *items = sv_timeline_view_get_items (view);

  return items != NULL && g_list_model_get_n_items (items) == expected_total;
}

static void
test_keyboard (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (1400, 900, &view);
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = NULL;
  GtkWidget *focus;
  gint64 expected;

  sv_query_init (&q);
  all = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (items_loaded, view));

  /* Scrolling to an item focuses its cell. */
  expected = g_array_index (all, gint64, 3);
  sv_timeline_view_scroll_to_item (view, expected);
  flush ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_cmpstr (gtk_widget_get_css_name (focus), ==, "timeline-cell");

  g_signal_connect (view, "item-activated", G_CALLBACK (on_item_activated_cb), &expected);
  /* Enter opens it ("item-activated" with the list and its position). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.activate-focus", NULL));
  g_assert_cmpuint (activated, ==, 1);
  g_signal_handlers_disconnect_by_data (view, &expected);

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

/* The user's rotation (an orientation override) turns the grid thumbnail
 * the loader hands out; the cached thumbnail itself stays as the file is. */
static void
on_texture_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GdkTexture **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = sv_thumbnail_loader_load_finish (SV_THUMBNAIL_LOADER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
texture_arrived (gpointer data)
{
  return *(GdkTexture **) data != NULL;
}

static GdkTexture *
load_texture (SvThumbnailLoader *loader, gint64 id)
{
  GdkTexture *texture = NULL;

  sv_thumbnail_loader_forget (loader, id);
  sv_thumbnail_loader_load_async (loader, id, 120, NULL, on_texture_loaded_cb, &texture);
  g_assert_true (wait_for (texture_arrived, &texture));
  return texture;
}

static void
test_rotation_turns_thumbnail (void)
{
  g_autoptr (SvThumbnailLoader) loader = sv_thumbnail_loader_new (catalogue, 0);
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  sv_query_init (&q);
  ids = sv_catalogue_query_ids (catalogue, &q, &error);
  g_assert_no_error (error);
  /* A landscape photo. */
  for (guint i = 0; i < ids->len && id == 0; i++)
    {
      g_autoptr (SvMediaItem) item =
          sv_catalogue_get_item (catalogue, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      if (sv_media_item_get_width (item) > sv_media_item_get_height (item))
        id = g_array_index (ids, gint64, i);
    }
  g_assert_cmpint (id, !=, 0);

  {
    g_autoptr (GdkTexture) before = load_texture (loader, id);
    g_autoptr (GdkTexture) turned = NULL;
    g_autoptr (GdkTexture) back = NULL;

    g_assert_cmpint (gdk_texture_get_width (before), >, gdk_texture_get_height (before));
    g_assert_true (sv_catalogue_rotate_items (catalogue, &id, 1, 1, &error));
    g_assert_no_error (error);
    turned = load_texture (loader, id);
    g_assert_cmpint (gdk_texture_get_width (turned), <, gdk_texture_get_height (turned));
    g_assert_cmpint (gdk_texture_get_height (turned), ==, gdk_texture_get_height (before));
    g_assert_true (sv_catalogue_rotate_items (catalogue, &id, 1, -1, &error));
    back = load_texture (loader, id);
    g_assert_cmpint (gdk_texture_get_width (back), ==, gdk_texture_get_width (before));
  }
}

static void
test_timeline (void)
{
  make_library ();
  g_test_message ("days and thumbnails");
  test_days ();
  g_test_message ("selection");
  test_selection ();
  g_test_message ("trash keeps the scroll position");
  test_trash_keeps_position ();
  g_test_message ("zoom and date jumps");
  test_zoom_and_jump ();
  g_test_message ("keyboard");
  test_keyboard ();
  g_test_message ("rotation turns the thumbnail");
  test_rotation_turns_thumbnail ();
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  int ret;

  /* Load the GSettings schemas (GTK's, from /usr/share) before isolation
   * hides the system folders. */
  g_assert_nonnull (g_settings_schema_source_get_default ());
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  /* Isolation also hides /usr/share: give the MIME database (the importer
   * recognises files with it) its real folders back. */
  {
    g_auto (GStrv) dirs = g_strsplit (
        data_dirs != NULL && data_dirs[0] != '\0' ? data_dirs : "/usr/local/share:/usr/share", ":",
        -1);
    g_autoptr (GStrvBuilder) mime = g_strv_builder_new ();
    g_auto (GStrv) mime_paths = NULL;

    for (guint i = 0; dirs[i] != NULL; i++)
      {
        g_autofree char *mime_path = g_build_filename (dirs[i], "mime", NULL);

        g_strv_builder_add (mime, mime_path);
      }
    mime_paths = g_strv_builder_end (mime);
    g_content_type_set_mime_dirs ((const char *const *) mime_paths);
  }
  gtk_init ();
  adw_init ();

  /* One test case: the isolated XDG folders (and so the thumbnail cache the
   * import fills) are made per test case. */
  g_test_add_func ("/ui/timeline", test_timeline);

  ret = g_test_run ();

  g_clear_object (&catalogue);
  g_clear_pointer (&expected_days, g_hash_table_unref);
  if (library_dir != NULL)
    remove_tree (library_dir);
  g_free (library_dir);
  return ret;
}
