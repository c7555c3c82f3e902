/* test-timeline.c: the timeline widget under Xvfb, on a real library
 * imported from copies of the test photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-timeline"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sv-catalogue-events.h"
#include "sv-catalogue-private.h"
#include "sv-events.h"
#include "sv-importer.h"
#include "sv-timeline-layout.h"
#include "sv-timeline-scrubber.h"
#include "sv-catalogue-orientation.h"
#include "sv-thumbnail-loader.h"
#include "sv-timeline-view.h"
#include "sv-ui-test-util.h"

static char *library_dir;
static SvCatalogue *catalogue;
static GHashTable *expected_days; /* GUINT_TO_POINTER (YYYYMMDD) -> count */
static guint expected_total;

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
  g_autofree char *manifest_path = g_build_filename (sv_ui_photos_dir (), "MANIFEST.tsv", NULL);
  g_autofree char *manifest = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_auto (GStrv) lines = NULL;

  library_dir = g_dir_make_tmp ("sv-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  catalogue = sv_ui_import_copies ("camera", library_dir, &summary);

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

static guint
index_of (SvTimelineView *view, gint64 id)
{
  GListModel *items = sv_timeline_view_get_items (view);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (items, i);

      if (sv_media_item_get_id (item) == id)
        return i;
    }
  return G_MAXUINT;
}

typedef struct
{
  SvTimelineView *view;
  gint64 id; /* this item */
  double y;  /* is in the row at this height */
} AnchorCheck;

static gboolean
item_in_row_at (gpointer data)
{
  AnchorCheck *c = data;
  GListModel *rows = sv_timeline_view_get_rows (c->view);
  gint64 first_id = sv_timeline_view_get_row_at (c->view, c->y, NULL);
  guint first, index = index_of (c->view, c->id);

  if (first_id == 0)
    return FALSE;
  first = index_of (c->view, first_id);
  for (guint r = 0; r < g_list_model_get_n_items (rows); r++)
    {
      g_autoptr (SvTimelineRowItem) it = g_list_model_get_item (rows, r);
      const SvTimelineRow *row = sv_timeline_row_item_get_row (it);

      if (row->kind == SV_TIMELINE_ROW_PHOTOS && row->first == first)
        return index >= row->first && index < row->first + row->n;
    }
  return FALSE;
}

static GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return GTK_EVENT_CONTROLLER (c);
    }
  return NULL;
}

/* The first item of a row of photos at or below @y (headers are skipped). */
static gint64
photo_row_near (SvTimelineView *view, double y, double *found_y, double *row_y)
{
  for (*found_y = y; *found_y < y + 200; *found_y += 10)
    {
      gint64 id = sv_timeline_view_get_row_at (view, *found_y, row_y);

      if (id != 0)
        return id;
    }
  g_assert_not_reached ();
  return 0;
}

/* Zooming keeps the photo under the pointer (or the first on screen) where
 * it was, through the day, month and year levels; pinching zooms too. */
static void
test_zoom_keeps_anchor (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (900, 600, &view);
  GtkAdjustment *adj = find_vadjustment (GTK_WIDGET (view));
  GtkEventController *pinch = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_ZOOM);
  AnchorCheck c = { view, 0, 0 };
  double row_y = 0, pointer = 0;
  int height;

  /* Somewhere in the middle, then the photo 300 px down. */
  sv_timeline_view_scroll_to_date (view, "2012-01");
  flush ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
  c.id = photo_row_near (view, 300, &pointer, &row_y);
  c.y = row_y + 1;

  /* Ctrl + scroll down there: smaller rows, that photo stays put. */
  height = sv_timeline_view_get_row_height (view);
  sv_timeline_view_zoom_at (view, -1, pointer);
  g_assert_cmpint (sv_timeline_view_get_row_height (view), <, height);
  flush ();
  g_assert_true (wait_for (item_in_row_at, &c));

  /* Down to the month level: the rows change completely. */
  sv_timeline_view_set_row_height (view, 120);
  flush ();
  c.id = photo_row_near (view, 300, &pointer, &row_y);
  c.y = row_y + 1;
  sv_timeline_view_zoom_at (view, -1, pointer);
  g_assert_cmpint (sv_timeline_view_get_zoom (view), ==, SV_TIMELINE_ZOOM_MONTH);
  g_assert_true (wait_for (item_in_row_at, &c));

  /* Ctrl + plus: the first photo on screen stays at the top. */
  c.id = sv_timeline_view_get_row_at (view, -1, &row_y);
  c.y = row_y + 1;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-in", NULL));
  g_assert_cmpint (sv_timeline_view_get_zoom (view), ==, SV_TIMELINE_ZOOM_DAY);
  g_assert_true (wait_for (item_in_row_at, &c));

  /* Pinch out (fingers apart) zooms in, pinch in zooms out. */
  g_assert_nonnull (pinch);
  height = sv_timeline_view_get_row_height (view);
  g_signal_emit_by_name (pinch, "begin", NULL);
  g_signal_emit_by_name (pinch, "scale-changed", 1.5);
  g_assert_cmpint (sv_timeline_view_get_row_height (view), >, height);
  g_signal_emit_by_name (pinch, "begin", NULL);
  g_signal_emit_by_name (pinch, "scale-changed", 0.5);
  g_assert_cmpint (sv_timeline_view_get_row_height (view), ==, height);
  flush ();

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static gboolean
scrolled_down (gpointer adj)
{
  return gtk_adjustment_get_value (adj) > 0;
}

static gboolean
at_top (gpointer adj)
{
  return gtk_adjustment_get_value (adj) == 0;
}

/* Real input from the X server (xdotool, under Xvfb) on @window, at (x, y)
 * in it: "ARGS" after the pointer move, e.g. "keydown ctrl click 5 keyup ctrl". */
static void
x_input (GtkWidget *window, int x, int y, const char *args)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  command = g_strdup_printf ("xdotool mousemove --window %lu %d %d %s",
                             (unsigned long) gdk_x11_surface_get_xid (surface), x, y, args);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct
{
  SvTimelineView *view;
  SvTimelineZoom zoom;
  int row_height;
} ZoomCheck;

static gboolean
zoom_changed (gpointer data)
{
  ZoomCheck *c = data;

  return sv_timeline_view_get_zoom (c->view) != c->zoom ||
         sv_timeline_view_get_row_height (c->view) != c->row_height;
}

/* Ctrl + the wheel zooms, the wheel alone scrolls: real X events, through
 * the view's scroll controller and the modifier state GTK reads from them. */
static void
test_ctrl_scroll (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (900, 500, &view);
  GtkAdjustment *adj = find_vadjustment (GTK_WIDGET (view));
  ZoomCheck c = { view, sv_timeline_view_get_zoom (view), sv_timeline_view_get_row_height (view) };
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_fail_printf ("xdotool is needed (setup.sh installs it)");
      return;
    }
  g_assert_cmpint (c.zoom, ==, SV_TIMELINE_ZOOM_DAY);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);

  /* The wheel alone (button 5: down) scrolls and leaves the zoom alone. */
  x_input (window, 400, 300, "click 5 click 5");
  g_assert_true (wait_for (scrolled_down, adj));
  g_assert_false (zoom_changed (&c));

  /* Ctrl + wheel down: smaller thumbnails, the scroll position kept where
   * the pointer is; Ctrl + wheel up: back. */
  x_input (window, 400, 300, "keydown ctrl click 5 keyup ctrl");
  g_assert_true (wait_for (zoom_changed, &c));
  g_assert_true (sv_timeline_view_get_row_height (view) < c.row_height ||
                 sv_timeline_view_get_zoom (view) == SV_TIMELINE_ZOOM_MONTH);
  c.zoom = sv_timeline_view_get_zoom (view);
  c.row_height = sv_timeline_view_get_row_height (view);
  x_input (window, 400, 300, "keydown ctrl click 4 keyup ctrl");
  g_assert_true (wait_for (zoom_changed, &c));
  g_assert_true (sv_timeline_view_get_row_height (view) > c.row_height ||
                 (c.zoom == SV_TIMELINE_ZOOM_MONTH &&
                  sv_timeline_view_get_zoom (view) == SV_TIMELINE_ZOOM_DAY));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

static gboolean
at_bottom (gpointer adj)
{
  return gtk_adjustment_get_value (adj) >=
         gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

/* The date scrubber: dragging its handle jumps through the timeline and
 * shows the month; the keyboard moves it too. */
static void
test_scrubber (void)
{
  SvTimelineView *view;
  GtkWidget *window = new_window (900, 500, &view);
  GtkAdjustment *adj = find_vadjustment (GTK_WIDGET (view));
  GtkWidget *scrubber = find_type (GTK_WIDGET (view), SV_TYPE_TIMELINE_SCRUBBER);
  GtkEventController *drag, *key;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int h;
  gboolean handled = FALSE;
  gint64 top_before;

  g_assert_nonnull (scrubber);
  g_assert_true (gtk_widget_get_visible (scrubber));
  g_assert_true (gtk_widget_get_mapped (scrubber));
  g_assert_true (gtk_widget_get_focusable (scrubber));
  drag = find_controller (scrubber, GTK_TYPE_GESTURE_DRAG);
  key = find_controller (scrubber, GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_assert_nonnull (drag);
  g_assert_nonnull (key);
  h = gtk_widget_get_height (scrubber);
  g_assert_cmpint (h, >, 300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  top_before = sv_timeline_view_get_row_at (view, -1, NULL);

  /* Press at a third of the way down and drag a little further. */
  g_signal_emit_by_name (drag, "drag-begin", 10.0, h / 3.0);
  g_assert_true (sv_timeline_scrubber_get_dragging (SV_TIMELINE_SCRUBBER (scrubber)));
  g_signal_emit_by_name (drag, "drag-update", 0.0, 30.0);
  g_assert_true (wait_for (scrolled_down, adj));
  flush ();
  g_assert_cmpint (sv_timeline_view_get_row_at (view, -1, NULL), !=, top_before);
  /* The month shows beside the handle. */
  collect_labels (GTK_WIDGET (view), "timeline-date-label", labels);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_true (g_regex_match_simple ("^[A-Z][a-z]+ [0-9]{4}$", labels->pdata[0], 0, 0));
  g_signal_emit_by_name (drag, "drag-end", 0.0, 30.0);
  g_assert_false (sv_timeline_scrubber_get_dragging (SV_TIMELINE_SCRUBBER (scrubber)));

  /* Dragged to the bottom: the oldest photos. */
  g_signal_emit_by_name (drag, "drag-begin", 10.0, (double) h - 1);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  g_assert_true (wait_for (at_bottom, adj));
  g_assert_cmpfloat (sv_timeline_scrubber_get_position (SV_TIMELINE_SCRUBBER (scrubber)), ==, 1.0);

  /* Keyboard: Home goes back to the top, Page Down to the next year. */
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Home, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_true (wait_for (at_top, adj));
  handled = FALSE;
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Page_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (sv_timeline_scrubber_get_position (SV_TIMELINE_SCRUBBER (scrubber)), >, 0);
  g_assert_true (wait_for (scrolled_down, adj));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

typedef struct
{
  SvTimelineView *view;
  const char *text; /* a heading shows it (NULL: any event header) */
  gboolean present;
} HeaderCheck;

static gboolean
has_event_header (gpointer data)
{
  HeaderCheck *c = data;
  GListModel *rows = sv_timeline_view_get_rows (c->view);
  gboolean found = FALSE;

  for (guint r = 0; r < g_list_model_get_n_items (rows) && !found; r++)
    {
      g_autoptr (SvTimelineRowItem) it = g_list_model_get_item (rows, r);

      found = sv_timeline_row_item_get_row (it)->kind == SV_TIMELINE_ROW_EVENT;
    }
  if (found && c->text != NULL)
    {
      g_autoptr (GPtrArray) headings = g_ptr_array_new_with_free_func (g_free);

      collect_labels (GTK_WIDGET (c->view), "heading", headings);
      found = g_ptr_array_find_with_equal_func (headings, c->text, g_str_equal, NULL);
    }
  return found == c->present;
}

static gboolean
setting_is (gpointer value)
{
  g_autofree char *current = sv_catalogue_get_setting (catalogue, "timeline-group-by-event");

  return g_strcmp0 (current, value) == 0;
}

static gboolean
group_by_event_read (gpointer view)
{
  return sv_timeline_view_get_group_by_event (view);
}

/* Group by event: event headers with the event's title over its photos,
 * kept in the catalogue, following event edits. */
static void
test_group_by_event (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  const SvEventInfo *first;
  SvTimelineView *view, *other;
  GtkWidget *window, *window2;
  HeaderCheck c = { NULL, NULL, TRUE };
  g_autofree char *title = NULL;

  g_assert_true (sv_events_recompute (catalogue, &error));
  g_assert_no_error (error);
  events = sv_catalogue_events_list (catalogue, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  first = g_ptr_array_index (events, 0);
  title = sv_events_dup_title (first);

  window = new_window (1400, 900, &view);
  c.view = view;
  g_assert_false (sv_timeline_view_get_group_by_event (view));
  c.present = FALSE;
  g_assert_true (has_event_header (&c));

  /* On: the newest event's header, with its title, at the top. */
  sv_timeline_view_set_group_by_event (view, TRUE);
  c.present = TRUE;
  c.text = title;
  g_assert_true (wait_for (has_event_header, &c));
  g_assert_true (wait_for (setting_is, (gpointer) "on"));

  /* Kept in the library: another timeline reads it. */
  window2 = new_window (900, 600, &other);
  g_assert_true (wait_for (group_by_event_read, other));
  c.view = other;
  c.text = NULL;
  g_assert_true (wait_for (has_event_header, &c));
  gtk_window_destroy (GTK_WINDOW (window2));

  /* Renaming the event renames its header (the catalogue's ::changed). */
  c.view = view;
  g_assert_true (sv_catalogue_events_rename (catalogue, first->id, "Mon voyage", &error));
  g_assert_no_error (error);
  c.text = "Mon voyage";
  g_assert_true (wait_for (has_event_header, &c));

  /* Off again: day headers only. */
  sv_timeline_view_set_group_by_event (view, FALSE);
  c.present = FALSE;
  c.text = NULL;
  g_assert_true (wait_for (has_event_header, &c));
  g_assert_true (wait_for (setting_is, (gpointer) "off"));

  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

/* Holds the catalogue's lock for HOLD_MS, as a long import batch would. */
#define HOLD_MS 1500

typedef struct
{
  GMutex mutex;
  GCond cond;
  gboolean locked;
} Holder;

static gpointer
hold_lock_thread (gpointer data)
{
  Holder *h = data;

  _sv_catalogue_lock_db (catalogue);
  g_mutex_lock (&h->mutex);
  h->locked = TRUE;
  g_cond_signal (&h->cond);
  g_mutex_unlock (&h->mutex);
  g_usleep (HOLD_MS * 1000);
  _sv_catalogue_unlock_db (catalogue);
  return NULL;
}

/* Opening a timeline reads the catalogue (its rows, the grouping setting,
 * the pixel limit for thumbnails) only in workers: with the catalogue
 * busy, the main loop keeps turning. */
static void
test_opens_off_main_loop (void)
{
  Holder h = { 0 };
  GThread *thread;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sv_timeline_view_new ();
  g_auto (SvQuery) q = { 0 };
  gint64 start, last, longest = 0;

  g_mutex_init (&h.mutex);
  g_cond_init (&h.cond);
  thread = g_thread_new ("hold-lock", hold_lock_thread, &h);
  g_mutex_lock (&h.mutex);
  while (!h.locked)
    g_cond_wait (&h.cond, &h.mutex);
  g_mutex_unlock (&h.mutex);

  sv_query_init (&q);
  start = g_get_monotonic_time ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  sv_timeline_view_set_query (SV_TIMELINE_VIEW (view), catalogue, &q);
  gtk_window_present (GTK_WINDOW (window));
  last = g_get_monotonic_time ();
  longest = last - start;
  while (g_get_monotonic_time () - start < HOLD_MS * 1000 * 2 / 3)
    {
      gint64 now;

      g_main_context_iteration (NULL, FALSE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
    }
  /* The main loop was never blocked (the layout worker may have finished
   * already: settings and layout reads do not wait for that lock). */
  g_assert_cmpint (longest, <, HOLD_MS * 1000 / 3);
  g_thread_join (thread);
  g_assert_true (wait_for (is_loaded, view));
  g_assert_true (wait_for (all_painted, view));

  g_mutex_clear (&h.mutex);
  g_cond_clear (&h.cond);
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
  g_test_message ("Ctrl + wheel zooms (real X events)");
  test_ctrl_scroll ();
  g_test_message ("zoom keeps the photo under the pointer");
  test_zoom_keeps_anchor ();
  g_test_message ("date scrubber");
  test_scrubber ();
  g_test_message ("opens off the main loop");
  test_opens_off_main_loop ();
  g_test_message ("group by event");
  test_group_by_event ();
  g_test_message ("keyboard");
  test_keyboard ();
  g_test_message ("rotation turns the thumbnail");
  test_rotation_turns_thumbnail ();
}

int
main (int argc, char *argv[])
{
  int ret;

  /* Isolation hides /usr/share: the helper gives the MIME database (the
   * importer recognises files with it) its real folders back. */
  sv_ui_test_init (&argc, &argv, SV_UI_TEST_ISOLATE_DIRS);

  /* One test case: the isolated XDG folders (and so the thumbnail cache the
   * import fills) are made per test case. */
  g_test_add_func ("/ui/timeline", test_timeline);

  ret = g_test_run ();

  g_clear_object (&catalogue);
  g_clear_pointer (&expected_days, g_hash_table_unref);
  if (library_dir != NULL)
    sv_ui_remove_tree (library_dir);
  g_free (library_dir);
  return ret;
}
