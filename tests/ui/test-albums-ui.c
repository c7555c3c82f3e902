/* test-albums-ui.c: albums in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A temporary library imported (by reference) from copies of
 * testdata/photos/camera (the originals are only read). The sidebar lists
 * the albums under an "Albums" row between Videos and Imports and follows
 * the catalogue; the Albums page is a grid of cards (empty state first); a
 * selection becomes an album through "Add to Album…"; photos dragged from
 * the Photos timeline (its cells' GtkDragSource) onto an album's row (its
 * GtkDropTarget) are added; an album's page shows its photos in the
 * album's order in a timeline, reordered by a drop or sorted by date,
 * renamed and described in place, with Remove from Album, Set as Album
 * Cover, and Delete (the photos stay).
 *
 * With SV_SEARCH_SCREENSHOTS=DIR, PNGs of the albums grid and an album.
 */
#define G_LOG_DOMAIN "test-albums-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-catalogue-albums.h"
#include "sv-search-shots.h"
#include "sv-search-ui.h"
#include "sv-ui-test-util.h"

static GtkListBoxRow *
album_row (SvWindow *window, gint64 album_id)
{
  g_autofree char *name = g_strdup_printf ("album-%" G_GINT64_FORMAT, album_id);

  return GTK_LIST_BOX_ROW (find_named (GTK_WIDGET (sv_search_ui_get_album_list (window)), name));
}

static guint
n_album_rows (SvWindow *window)
{
  GtkListBox *list = sv_search_ui_get_album_list (window);
  GtkListBoxRow *row;
  guint n = 0;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_str_has_prefix (gtk_widget_get_name (GTK_WIDGET (row)), "album-"))
      n++;
  return n;
}

static int
row_index (SvWindow *window, const char *name)
{
  GtkWidget *row = find_named (GTK_WIDGET (sv_search_ui_get_album_list (window)), name);

  g_assert_nonnull (row);
  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
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

  return idle (c->window) && row != NULL && g_strcmp0 (row_label (row, TRUE), c->count) == 0;
}

static void
wait_count (SvWindow *window, gint64 album_id, guint n)
{
  g_autofree char *count = g_strdup_printf ("%u", n);
  AlbumCount expect = { window, album_id, count };

  g_assert_true (wait_for (album_count_is, &expect));
}

static gboolean
timeline_loaded (gpointer view)
{
  return !sv_timeline_view_get_loading (view) && sv_timeline_view_get_items (view) != NULL &&
         g_list_model_get_n_items (sv_timeline_view_get_items (view)) > 0;
}

static SvTimelineView *
album_view (SvWindow *window)
{
  return sv_search_ui_get_timeline (window, SV_PAGE_ALBUM);
}

/* The album page's items are the album's, in the album's order. */
typedef struct
{
  SvWindow *window;
  gint64 album_id;
} AlbumPage;

static gboolean
album_page_matches (gpointer data)
{
  AlbumPage *p = data;
  g_autoptr (GArray) ids = NULL;
  GListModel *items;

  if (!idle (p->window) || sv_timeline_view_get_loading (album_view (p->window)))
    return FALSE;
  items = sv_timeline_view_get_items (album_view (p->window));
  ids = sv_catalogue_album_get_item_ids (catalogue (), p->album_id, TRUE, NULL);
  if (items == NULL || ids == NULL || g_list_model_get_n_items (items) != ids->len)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (items, i);

      if (sv_media_item_get_id (item) != g_array_index (ids, gint64, i))
        return FALSE;
    }
  return TRUE;
}

static void
wait_album_page_at (SvWindow *window, gint64 album_id, int line)
{
  AlbumPage p = { window, album_id };

  if (!wait_for (album_page_matches, &p))
    {
      GListModel *items = sv_timeline_view_get_items (album_view (window));
      g_autoptr (GArray) ids = sv_catalogue_album_get_item_ids (catalogue (), album_id, TRUE, NULL);

      g_error ("line %d: album %" G_GINT64_FORMAT " page: %u items, %u in the album, busy %d, "
               "loading %d, page %s",
               line, album_id, items != NULL ? g_list_model_get_n_items (items) : 0,
               ids != NULL ? ids->len : 0, !idle (window),
               sv_timeline_view_get_loading (album_view (window)), sv_window_get_section (window));
    }
  flush ();
}
#define wait_album_page(window, album_id) wait_album_page_at ((window), (album_id), __LINE__)

static void
respond (const char *dialog_name, const char *entry_name, const char *text, const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (wait_for (sv_ui_has_dialog, (gpointer) dialog_name));
  dialog = sv_ui_find_dialog (dialog_name);
  if (entry_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), entry_name)), text);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* As a click on the response's button: the response, then closing. */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  flush ();
  g_assert_null (sv_ui_find_dialog (dialog_name));
}

/* A bound cell of @timeline showing @id, or NULL. */
static GtkWidget *
find_cell (GtkWidget *widget, SvTimelineView *timeline, gint64 id, guint index)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "SvTimelineCell") && gtk_widget_get_mapped (widget))
    {
      graphene_point_t p;

      g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (timeline),
                                               &GRAPHENE_POINT_INIT (10, 10), &p));
      if (sv_timeline_view_get_index_at (timeline, p.x, p.y) == index)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, timeline, id, index);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkDragSource *
find_drag_source (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        return GTK_DRAG_SOURCE (controller);
    }
  return NULL;
}

/* What the drag source of the cell of item @index of @timeline carries. */
static GArray *
drag_from_cell (SvTimelineView *timeline, guint index)
{
  GListModel *items = sv_timeline_view_get_items (timeline);
  g_autoptr (SvMediaItem) item = g_list_model_get_item (items, index);
  GtkWidget *cell = find_cell (GTK_WIDGET (timeline), timeline, sv_media_item_get_id (item), index);
  GtkDragSource *source;
  g_autoptr (GdkContentProvider) content = NULL;
  g_auto (GValue) value = G_VALUE_INIT;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (cell);
  source = find_drag_source (cell);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_ARRAY);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  return g_array_ref (g_value_get_boxed (&value));
}

static gboolean
drop_ids (GtkWidget *widget, GArray *ids, double x, double y)
{
  GtkDropTarget *target = find_drop_target (widget);
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_assert_true (g_type_is_a (G_TYPE_ARRAY, gtk_drop_target_get_gtypes (target, NULL)[0]));
  g_value_init (&value, G_TYPE_ARRAY);
  g_value_set_boxed (&value, ids);
  g_signal_emit_by_name (target, "drop", &value, x, y, &accepted);
  return accepted;
}

/* The "New Album from This Day" button of @day's header under @root (of
 * the first day header when @day is NULL). */
static GtkWidget *
find_album_button (GtkWidget *root, const char *day)
{
  if (g_strcmp0 (gtk_widget_get_name (root), "timeline-header-album-button") == 0 &&
      gtk_widget_get_visible (root))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
          (day == NULL || g_strcmp0 (g_variant_get_string (target, NULL), day) == 0))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_album_button (child, day);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_albums (void)
{
  SvWindow *window = sv_ui_open_library_window (app);
  SvTimelineView *photos = SV_TIMELINE_VIEW (sv_window_get_view (window, SV_SECTION_PHOTOS));
  GtkListBox *sidebar = sv_search_ui_get_album_list (window);
  SvAlbumsView *grid = sv_search_ui_get_albums_view (window);
  g_autoptr (GArray) selected = NULL;
  g_autoptr (GArray) members = NULL;
  g_autoptr (GError) error = NULL;
  const char *name = "Vacances d’été";
  gint64 album_id, second_id;
  guint n;

  /* "Albums" between Videos and Imports; no album yet. */
  g_assert_cmpint (row_index (window, SV_PAGE_ALBUMS), ==,
                   row_index (window, SV_SECTION_VIDEOS) + 1);
  g_assert_cmpint (row_index (window, SV_SECTION_IMPORTS), ==,
                   row_index (window, SV_PAGE_ALBUMS) + 1);
  g_assert_cmpuint (n_album_rows (window), ==, 0);

  /* The Albums page: the empty state, with New Album. */
  gtk_list_box_select_row (sidebar, GTK_LIST_BOX_ROW (find_named (GTK_WIDGET (sidebar), "albums")));
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUMS);
  g_assert_cmpuint (sv_albums_view_get_n_albums (grid), ==, 0);
  g_assert_true (gtk_widget_get_mapped (must_find (GTK_WIDGET (grid), "albums-empty")));
  g_assert_nonnull (must_find (GTK_WIDGET (grid), "albums-empty-new-button"));
  save_png (window, "albums-empty");

  /* A selection into a new album through "Add to Album…". */
  sv_window_set_section (window, SV_SECTION_PHOTOS);
  g_assert_true (wait_for (timeline_loaded, photos));
  g_object_set (window, "selection-mode", TRUE, NULL);
  sv_timeline_view_select_all (photos);
  flush ();
  n = sv_timeline_view_get_n_selected (photos);
  g_assert_cmpuint (n, ==, n_photos);
  selected = sv_timeline_view_get_selected_ids (photos);
  g_assert_true (gtk_widget_get_visible (must_find (GTK_WIDGET (window), "add-to-album-button")));
  g_assert_false (
      gtk_widget_get_visible (must_find (GTK_WIDGET (window), "remove-from-album-button")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-to-album", NULL);
  respond ("add-to-album-dialog", "new-album-entry", name, "ok");
  g_assert_true (wait_for (idle, window));
  flush ();

  album_id = sv_catalogue_album_resolve (catalogue (), name, &error);
  g_assert_no_error (error);
  members = sv_catalogue_album_get_item_ids (catalogue (), album_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (members->data, members->len * sizeof (gint64), selected->data,
                   selected->len * sizeof (gint64));

  /* In the sidebar (after "Albums", before Imports) with its count, its
   * page shown: the album's photos in a timeline. */
  wait_count (window, album_id, n);
  g_assert_cmpuint (n_album_rows (window), ==, 1);
  g_assert_cmpstr (row_label (album_row (window, album_id), FALSE), ==, name);
  {
    g_autofree char *row_name = g_strdup_printf ("album-%" G_GINT64_FORMAT, album_id);

    g_assert_cmpint (row_index (window, row_name), ==, row_index (window, SV_PAGE_ALBUMS) + 1);
    g_assert_cmpint (row_index (window, SV_SECTION_IMPORTS), ==, row_index (window, row_name) + 1);
  }
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
  g_assert_true (gtk_list_box_row_is_selected (album_row (window, album_id)));
  g_assert_true (SV_IS_TIMELINE_VIEW (must_find (GTK_WIDGET (window), "album-timeline")));
  wait_album_page (window, album_id);
  g_assert_false (sv_timeline_view_get_selection_mode (photos));
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (must_find (GTK_WIDGET (window), "album-title"))), ==,
      name);
  save_png (window, "album");

  /* A second album, from two photos dragged from the Photos timeline onto
   * its row. */
  second_id = sv_catalogue_album_create (catalogue (), "Anniversaire", &error);
  g_assert_no_error (error);
  /* Album edits that touch no item emit no ::changed: the next one shows
   * it. Here a drop on the first album brings it in. */
  sv_window_set_section (window, SV_SECTION_PHOTOS);
  g_assert_true (wait_for (timeline_loaded, photos));
  flush ();
  {
    g_autoptr (GArray) one = drag_from_cell (photos, 0);
    g_autoptr (GArray) two = NULL;
    g_autoptr (GArray) in_second = NULL;

    /* Not selected: the cell's item alone. */
    g_assert_cmpuint (one->len, ==, 1);
    g_assert_cmpint (g_array_index (one, gint64, 0), ==, g_array_index (selected, gint64, 0));
    /* Selected: the selection. */
    g_object_set (window, "selection-mode", TRUE, NULL);
    sv_timeline_view_select_all (photos);
    flush ();
    two = drag_from_cell (photos, 1);
    g_assert_cmpuint (two->len, ==, n);
    g_object_set (window, "selection-mode", FALSE, NULL);
    g_array_set_size (two, 0);
    g_array_append_val (two, g_array_index (selected, gint64, 2));
    g_array_append_val (two, g_array_index (selected, gint64, 3));
    /* The drop on the first album's row (already there: nothing new), then
     * the second album's row once listed. */
    g_assert_true (drop_ids (GTK_WIDGET (album_row (window, album_id)), two, 10, 10));
    g_assert_true (wait_for (idle, window));
    flush ();
    g_assert_nonnull (album_row (window, second_id));
    g_assert_true (drop_ids (GTK_WIDGET (album_row (window, second_id)), two, 10, 10));
    wait_count (window, second_id, 2);
    in_second = sv_catalogue_album_get_item_ids (catalogue (), second_id, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (in_second->data, in_second->len * sizeof (gint64), two->data,
                     two->len * sizeof (gint64));
    wait_count (window, album_id, n);
  }

  /* The Albums page: a card per album, with its count. */
  sv_search_ui_show_albums (window);
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_cmpuint (sv_albums_view_get_n_albums (grid), ==, 2);
  {
    g_autofree char *two_albums =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u album", "%u albums", 2), 2);
    AdwWindowTitle *title = ADW_WINDOW_TITLE (must_find (GTK_WIDGET (window), "window-title"));

    g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, two_albums);
  }
  {
    GtkWidget *card = sv_albums_view_get_card (grid, second_id);
    GtkWidget *details;
    g_autofree char *two =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", 2), 2);

    g_assert_nonnull (card);
    details = must_find (card, "album-card-details");

    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (details)), two));
    save_png (window, "albums");
    /* A card opens its album. */
    g_signal_emit_by_name (gtk_widget_get_parent (card), "child-activated", card);
    g_assert_true (wait_for (idle, window));
    g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
    wait_album_page (window, second_id);
  }

  /* Back to the first album: reorder by a drop on the first cell (the
   * last photo goes first), then by date. */
  gtk_list_box_select_row (sidebar, album_row (window, album_id));
  wait_album_page (window, album_id);
  {
    g_autoptr (GArray) last = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GArray) order = NULL;
    g_autoptr (SvAlbum) album = NULL;
    GtkWidget *first_cell;
    graphene_point_t p;
    gint64 id = g_array_index (members, gint64, members->len - 1);

    g_array_append_val (last, id);
    first_cell = find_cell (GTK_WIDGET (album_view (window)), album_view (window),
                            g_array_index (members, gint64, 0), 0);
    g_assert_nonnull (first_cell);
    g_assert_true (gtk_widget_compute_point (first_cell, GTK_WIDGET (album_view (window)),
                                             &GRAPHENE_POINT_INIT (5, 5), &p));
    g_assert_true (drop_ids (GTK_WIDGET (album_view (window)), last, p.x, p.y));
    g_assert_true (wait_for (idle, window));
    order = sv_catalogue_album_get_item_ids (catalogue (), album_id, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_array_index (order, gint64, 0), ==, id);
    g_assert_cmpint (g_array_index (order, gint64, 1), ==, g_array_index (members, gint64, 0));
    wait_album_page (window, album_id);
    album = sv_catalogue_album_get (catalogue (), album_id, &error);
    g_assert_cmpint (sv_album_get_sort (album), ==, SV_ALBUM_SORT_MANUAL);
    g_assert_false (gtk_toggle_button_get_active (
        GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (window), "album-sort-button"))));
  }
  gtk_toggle_button_set_active (
      GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (window), "album-sort-button")), TRUE);
  g_assert_true (wait_for (idle, window));
  {
    g_autoptr (SvAlbum) album = sv_catalogue_album_get (catalogue (), album_id, &error);

    g_assert_cmpint (sv_album_get_sort (album), ==, SV_ALBUM_SORT_DATE);
  }
  wait_album_page (window, album_id);

  /* Title and description edited in place. */
  {
    GtkWidget *title = must_find (GTK_WIDGET (window), "album-title");
    GtkWidget *description = must_find (GTK_WIDGET (window), "album-description");
    g_autoptr (SvAlbum) album = NULL;

    gtk_widget_grab_focus (title);
    gtk_editable_set_text (GTK_EDITABLE (title), "  Été 2023 ");
    g_signal_emit_by_name (title, "activate");
    g_assert_true (wait_for (idle, window));
    flush ();
    gtk_editable_set_text (GTK_EDITABLE (description), "Lyon, puis la mer");
    g_signal_emit_by_name (description, "activate");
    g_assert_true (wait_for (idle, window));
    flush ();
    album = sv_catalogue_album_get (catalogue (), album_id, &error);
    g_assert_cmpstr (sv_album_get_name (album), ==, "Été 2023");
    g_assert_cmpstr (sv_album_get_description (album), ==, "Lyon, puis la mer");
    g_assert_cmpstr (row_label (album_row (window, album_id), FALSE), ==, "Été 2023");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Été 2023");
    /* An empty name is not taken. */
    gtk_widget_grab_focus (title);
    gtk_editable_set_text (GTK_EDITABLE (title), "   ");
    g_signal_emit_by_name (title, "activate");
    g_assert_true (wait_for (idle, window));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Été 2023");
  }

  /* Selection actions on an album's page: set the cover, remove one. */
  {
    g_autoptr (GArray) one = NULL;
    g_autoptr (SvAlbum) album = NULL;
    gint64 id;

    g_object_set (window, "selection-mode", TRUE, NULL);
    g_assert_true (sv_timeline_view_get_selection_mode (album_view (window)));
    g_assert_true (
        gtk_widget_get_visible (must_find (GTK_WIDGET (window), "remove-from-album-button")));
    g_assert_true (
        gtk_widget_get_visible (must_find (GTK_WIDGET (window), "set-album-cover-button")));
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "set-album-cover"));
    /* Instead of sort and delete; no search toggle while selecting. */
    g_assert_false (gtk_widget_get_visible (must_find (GTK_WIDGET (window), "album-sort-button")));
    g_assert_false (gtk_widget_get_visible (must_find (GTK_WIDGET (window), "search-button")));
    one = drag_from_cell (album_view (window), 2);
    id = g_array_index (one, gint64, 0);
    sv_timeline_view_select_all (album_view (window));
    flush ();
    /* Several selected: no cover. */
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "set-album-cover"));
    sv_timeline_view_unselect_all (album_view (window));
    g_object_set (window, "selection-mode", TRUE, NULL);
    {
      GtkWidget *cell = find_cell (GTK_WIDGET (album_view (window)), album_view (window), id, 2);
      GtkWidget *check = gtk_widget_get_first_child (cell);

      g_assert_true (GTK_IS_CHECK_BUTTON (check));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
    flush ();
    g_assert_cmpuint (sv_timeline_view_get_n_selected (album_view (window)), ==, 1);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "set-album-cover"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "set-album-cover", NULL);
    g_assert_true (wait_for (idle, window));
    album = sv_catalogue_album_get (catalogue (), album_id, &error);
    g_assert_cmpint (sv_album_get_cover_id (album), ==, id);
    g_assert_false (sv_album_get_cover_is_automatic (album));

    g_object_set (window, "selection-mode", TRUE, NULL);
    sv_timeline_view_select_all (album_view (window));
    g_assert_true (sv_timeline_view_get_n_selected (album_view (window)) == n);
    sv_timeline_view_unselect_all (album_view (window));
    {
      GtkWidget *cell = find_cell (GTK_WIDGET (album_view (window)), album_view (window), id, 2);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_first_child (cell)), TRUE);
    }
    flush ();
    g_action_group_activate_action (G_ACTION_GROUP (window), "remove-from-album", NULL);
    wait_count (window, album_id, n - 1);
    wait_album_page (window, album_id);
    g_assert_cmpuint (g_list_model_get_n_items (sv_timeline_view_get_items (album_view (window))),
                      ==, n - 1);
    g_assert_false (sv_timeline_view_get_selection_mode (album_view (window)));
    /* The photo is still in the library. */
    g_assert_nonnull (sv_catalogue_get_item (catalogue (), id, &error));
  }

  /* Delete, after a confirmation: the photos stay. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-album", NULL);
  respond ("delete-album-dialog", NULL, NULL, "delete");
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_null (album_row (window, album_id));
  g_assert_cmpuint (n_album_rows (window), ==, 1);
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUMS);
  g_assert_cmpuint (sv_albums_view_get_n_albums (grid), ==, 1);
  {
    g_auto (SvQuery) q = { 0 };

    sv_query_init (&q);
    g_assert_cmpint (sv_catalogue_count (catalogue (), &q, NULL), ==, n_photos);
  }

  /* A day's photos into a new album in one step from the button of the
   * day's header in Photos (as a click does), shown at once. */
  {
    GtkWidget *button;
    g_autofree char *day = NULL;
    g_auto (SvQuery) q = { 0 };
    gint64 day_count;

    sv_window_set_section (window, SV_SECTION_PHOTOS);
    flush ();
    button = find_album_button (GTK_WIDGET (window), NULL);
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                     "win.new-album-from-day");
    day = g_variant_dup_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)),
                                NULL);
    g_assert_cmpuint (strlen (day), ==, 10);
    sv_query_init (&q);
    q.date_from = g_strdup (day);
    q.date_to = g_strdup (day);
    day_count = sv_catalogue_count (catalogue (), &q, &error);
    g_assert_cmpint (day_count, >, 0);
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (wait_for (idle, window));
    flush ();
    g_assert_cmpuint (n_album_rows (window), ==, 2);
    g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);
    {
      g_autoptr (GPtrArray) albums = sv_catalogue_album_list (catalogue (), &error);
      SvAlbum *day_album = g_ptr_array_index (albums, 0);

      g_assert_cmpuint (albums->len, ==, 2);
      if (sv_album_get_id (day_album) == second_id)
        day_album = g_ptr_array_index (albums, 1);
      wait_album_page (window, sv_album_get_id (day_album));
      g_assert_cmpuint (sv_album_get_count (day_album), ==, day_count);
    }
    g_assert_cmpuint (g_list_model_get_n_items (sv_timeline_view_get_items (album_view (window))),
                      ==, day_count);
  }

  sv_ui_destroy_window (window);
}

int
main (int argc, char *argv[])
{
  return run_test (argc, argv, "/ui/albums-ui", test_albums);
}
