/* test-search-ui.c: the search bar in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A temporary library imported (by reference) from copies of
 * testdata/photos/camera (the originals are only read). Searches typed in
 * the bar show as many results as sv_search_count () finds, in English and
 * French, in the same timeline widget as the Photos section (day headers,
 * selection, the viewer); a malformed query says why under the entry; an
 * empty result offers a broader query; suggestions appear while typing;
 * recent searches are kept in the catalogue, shown under the empty entry
 * and cleared; results follow the catalogue's changes. "Edit…" on a
 * selection sets caption, keyword (completed), rating, a date shift and a
 * place, and undoes the last two.
 *
 * With SV_SEARCH_SCREENSHOTS=DIR, PNGs of the results and suggestions.
 */
#define G_LOG_DOMAIN "test-search-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-catalogue-albums.h"
#include "sv-catalogue-edits.h"
#include "sv-search-shots.h"
#include "sv-search-ui.h"
#include "sv-search.h"
#include "sv-timeline-layout.h"
#include "sv-trash.h"
#include "sv-ui-test-util.h"
#include "sv-viewer.h"

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static SvTimelineView *
results_view (SvWindow *window)
{
  return sv_search_ui_get_timeline (window, SV_PAGE_SEARCH);
}

static gboolean
results_loaded (gpointer window)
{
  return idle (window) && !sv_timeline_view_get_loading (results_view (window));
}

static guint
n_results (SvWindow *window)
{
  GListModel *items = sv_search_ui_get_results (window, SV_PAGE_SEARCH);

  return items != NULL ? g_list_model_get_n_items (items) : 0;
}

/* Day headers among the results' rows (the timeline's layout). */
static guint
n_day_headers (SvWindow *window)
{
  GListModel *rows = sv_timeline_view_get_rows (results_view (window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (SvTimelineRowItem) item = g_list_model_get_item (rows, i);
      const SvTimelineRow *row = sv_timeline_row_item_get_row (item);

      if (row->kind == SV_TIMELINE_ROW_DAY)
        n++;
    }
  return n;
}

static GtkStack *
search_stack (SvWindow *window)
{
  return GTK_STACK (must_find (GTK_WIDGET (window), "search-stack"));
}

static gint64
check_query (SvWindow *window, const char *query, gboolean must_match)
{
  g_autoptr (GError) error = NULL;
  gint64 expected = sv_search_count (catalogue (), query, NULL, &error);
  GtkWidget *error_label = must_find (GTK_WIDGET (window), "search-error-label");

  sv_search_ui_search (window, query);
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_SEARCH);
  g_assert_true (wait_for (results_loaded, window));
  flush ();
  g_test_message ("“%s”: %" G_GINT64_FORMAT " expected, %u shown", query, expected,
                  n_results (window));
  if (expected < 0)
    {
      /* Said where it is typed, and on the page. */
      g_assert_nonnull (error);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (search_stack (window)), ==, "error");
      g_assert_true (gtk_widget_get_visible (error_label));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, error->message);
      g_assert_true (
          gtk_widget_has_css_class (GTK_WIDGET (sv_search_ui_get_entry (window)), "error"));
      return expected;
    }
  g_assert_no_error (error);
  g_assert_false (gtk_widget_get_visible (error_label));
  if (must_match)
    g_assert_cmpint (expected, >, 0);
  g_assert_cmpuint (n_results (window), ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (search_stack (window)), ==,
                   expected > 0 ? "results" : "empty");
  return expected;
}

/* The suggestions for the text typed are shown (camera rows). */
static gboolean
has_suggestion_kind (gpointer window)
{
  GtkListBox *list = sv_search_ui_get_suggestions (window);
  GtkWidget *popover =
      find_named (GTK_WIDGET (sv_search_ui_get_entry (window)), "search-suggestions-popover");

  return idle (window) && gtk_widget_get_visible (popover) &&
         find_named (GTK_WIDGET (list), "camera") != NULL;
}

static gboolean
shows_recent (gpointer window)
{
  GtkWidget *popover =
      find_named (GTK_WIDGET (sv_search_ui_get_entry (window)), "search-suggestions-popover");

  return gtk_widget_get_visible (popover) &&
         find_named (GTK_WIDGET (sv_search_ui_get_suggestions (window)), "recent") != NULL;
}

static char *
stored_recent (void)
{
  return sv_catalogue_get_setting (catalogue (), "recent-searches");
}

static void
test_search (void)
{
  SvWindow *window = sv_ui_open_library_window (app);
  GtkEditable *entry = sv_search_ui_get_entry (window);
  GtkListBox *suggestions = sv_search_ui_get_suggestions (window);
  GtkWidget *search_bar = must_find (GTK_WIDGET (window), "search-bar");
  g_autoptr (GError) error = NULL;

  /* Ctrl+F's action opens the bar. */
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));

  /* Camera makes, years, English and French months (8 Canon photos, 4 of
   * 2013, 2 of May 2008 in the manifest). */
  g_assert_cmpint (check_query (window, "canon", TRUE), ==, 8);
  /* In the timeline widget, with its day headers; no grid of its own. */
  g_assert_true (SV_IS_TIMELINE_VIEW (must_find (GTK_WIDGET (window), "search-timeline")));
  g_assert_null (find_named (GTK_WIDGET (window), "search-grid"));
  g_assert_cmpuint (n_day_headers (window), >, 0);
  save_png (window, "search-canon");
  g_assert_cmpint (check_query (window, "2013", TRUE), ==, 4);
  g_assert_cmpint (check_query (window, "mai 2008", TRUE), ==, 2);
  check_query (window, "May 2008", TRUE);
  check_query (window, "août 2020", TRUE);
  check_query (window, "nikon 2003", TRUE);
  /* Newest first, as the timeline. */
  {
    g_autoptr (SvMediaItem) first =
        g_list_model_get_item (sv_search_ui_get_results (window, SV_PAGE_SEARCH), 0);
    g_autoptr (SvMediaItem) last = g_list_model_get_item (
        sv_search_ui_get_results (window, SV_PAGE_SEARCH), n_results (window) - 1);

    g_assert_cmpstr (sv_media_item_get_taken_local (first), >=,
                     sv_media_item_get_taken_local (last));
  }

  /* A query the parser refuses: the message under the entry. */
  g_assert_cmpint (check_query (window, "rating>=abc", FALSE), <, 0);
  save_png (window, "search-malformed");
  /* Nothing found: it says so, and offers the query without its last
   * word. */
  g_assert_cmpint (check_query (window, "canon zzqxw", FALSE), ==, 0);
  {
    GtkWidget *broader = must_find (GTK_WIDGET (window), "broader-search-button");
    AdwStatusPage *empty = ADW_STATUS_PAGE (must_find (GTK_WIDGET (window), "search-empty"));
    g_autofree char *label = g_strdup_printf (_ ("Search “%s”"), "canon");

    g_assert_nonnull (strstr (adw_status_page_get_description (empty), "canon zzqxw"));
    g_assert_true (gtk_widget_get_visible (broader));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (broader)), ==, label);
    save_png (window, "search-empty");
    g_signal_emit_by_name (broader, "clicked");
    g_assert_true (wait_for (results_loaded, window));
    flush ();
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "canon");
    g_assert_cmpuint (n_results (window), ==, 8);
  }
  g_assert_cmpint (check_query (window, "zzqxw", FALSE), ==, 0);
  g_assert_false (
      gtk_widget_get_visible (must_find (GTK_WIDGET (window), "broader-search-button")));
  check_query (window, "after:2010 canon", FALSE);

  /* A result opens the viewer; closing it comes back to the results. */
  check_query (window, "canon", TRUE);
  {
    GListModel *results = sv_search_ui_get_results (window, SV_PAGE_SEARCH);
    g_autoptr (SvMediaItem) second = g_list_model_get_item (results, 1);
    GtkWidget *viewer;

    g_signal_emit_by_name (results_view (window), "item-activated", results, 1);
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

  /* Selection mode acts on the results: all 8 into a new album. */
  g_object_set (window, "selection-mode", TRUE, NULL);
  g_assert_true (sv_timeline_view_get_selection_mode (results_view (window)));
  sv_timeline_view_select_all (results_view (window));
  flush ();
  g_assert_cmpuint (sv_timeline_view_get_n_selected (results_view (window)), ==, 8);
  sv_search_ui_add_selection_to_album (window, 0, "Canon");
  g_assert_true (wait_for (idle, window));
  flush ();
  {
    gint64 album = sv_catalogue_album_resolve (catalogue (), "Canon", &error);
    g_autoptr (GArray) members = NULL;

    g_assert_no_error (error);
    members = sv_catalogue_album_get_item_ids (catalogue (), album, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (members->len, ==, 8);
    g_assert_true (sv_catalogue_album_delete (catalogue (), album, &error));
  }
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_PAGE_ALBUM);

  /* Typing: suggestions while typing (cameras for "can"), then the
   * results after the entry's delay. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (search_bar), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (entry, "can");
  g_assert_true (wait_for (has_suggestion_kind, window));
  g_assert_cmpuint (n_rows (suggestions), >, 0);
  g_assert_true (wait_for (idle, window));
  {
    g_autoptr (GPtrArray) expected = sv_search_suggest (catalogue (), "can", 8, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (n_rows (suggestions), ==, expected->len);
  }
  save_png (window, "search-suggestions");
  /* Picking a suggestion searches its query, and remembers it. */
  {
    GtkListBoxRow *row = GTK_LIST_BOX_ROW (must_find (GTK_WIDGET (suggestions), "camera"));
    g_autofree char *recent = NULL;

    g_signal_emit_by_name (suggestions, "row-activated", row);
    g_assert_true (wait_for (results_loaded, window));
    flush ();
    g_assert_cmpuint (n_results (window), ==,
                      sv_search_count (catalogue (), gtk_editable_get_text (entry), NULL, NULL));
    g_assert_cmpuint (n_results (window), >, 0);
    g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
    g_autofree char *expected = g_strconcat (typed, "\ncanon", NULL);

    /* After "canon", remembered when one of its results was opened. */
    recent = stored_recent ();
    g_assert_cmpstr (recent, ==, expected);
  }

  /* Enter remembers what was typed, first, once. */
  gtk_editable_set_text (entry, "2013");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wait_for (results_loaded, window));
  gtk_editable_set_text (entry, "canon");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wait_for (results_loaded, window));
  gtk_editable_set_text (entry, "2013");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wait_for (results_loaded, window));
  {
    GPtrArray *recent = sv_search_ui_get_recent (window);
    g_autofree char *stored = stored_recent ();
    g_auto (GStrv) lines = g_strsplit (stored, "\n", -1);

    g_assert_cmpuint (recent->len, ==, 3);
    g_assert_cmpstr (g_ptr_array_index (recent, 0), ==, "2013");
    g_assert_cmpstr (g_ptr_array_index (recent, 1), ==, "canon");
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_cmpstr (lines[0], ==, "2013");
    g_assert_cmpstr (lines[1], ==, "canon");
  }

  /* The empty, focused entry shows them; one of them searches again. */
  gtk_editable_set_text (entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_assert_true (wait_for (shows_recent, window));
  save_png (window, "search-recent");
  {
    GtkWidget *row = must_find (GTK_WIDGET (suggestions), "recent");

    g_assert_nonnull (must_find (GTK_WIDGET (suggestions), "clear-recent"));
    g_signal_emit_by_name (suggestions, "row-activated", row);
    g_assert_true (wait_for (results_loaded, window));
    flush ();
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "2013");
    g_assert_cmpuint (n_results (window), ==, 4);
  }
  /* And they can be cleared, in the catalogue too. */
  gtk_editable_set_text (entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_assert_true (wait_for (shows_recent, window));
  g_signal_emit_by_name (suggestions, "row-activated",
                         must_find (GTK_WIDGET (suggestions), "clear-recent"));
  g_assert_true (wait_for (idle, window));
  {
    g_autofree char *stored = stored_recent ();

    g_assert_cmpuint (sv_search_ui_get_recent (window)->len, ==, 0);
    g_assert_cmpstr (stored, ==, "");
  }
  g_assert_false (
      gtk_widget_get_visible (must_find (GTK_WIDGET (entry), "search-suggestions-popover")));

  /* Results follow the catalogue: a Canon photo to the trash. */
  g_assert_cmpint (check_query (window, "canon", TRUE), ==, 8);
  {
    g_autoptr (SvMediaItem) first =
        g_list_model_get_item (sv_search_ui_get_results (window, SV_PAGE_SEARCH), 0);
    gint64 id = sv_media_item_get_id (first);

    g_assert_true (sv_trash_items (catalogue (), &id, 1, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 100 && n_results (window) != 7; i++)
      {
        g_assert_true (wait_for (results_loaded, window));
        flush ();
      }
    g_assert_cmpuint (n_results (window), ==, 7);
    g_assert_true (sv_trash_restore_items (catalogue (), &id, 1, NULL, &error));
    g_assert_no_error (error);
  }

  /* Closing the bar goes back to the section searched from. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (search_bar), FALSE);
  flush ();
  g_assert_false (
      gtk_widget_get_visible (must_find (GTK_WIDGET (entry), "search-suggestions-popover")));
  g_assert_cmpstr (sv_window_get_section (window), !=, SV_PAGE_SEARCH);

  sv_ui_destroy_window (window);
}

static gboolean
has_completion (gpointer dialog)
{
  GtkWidget *list = must_find (dialog, "keyword-completions");
  GtkWidget *row = find_named (list, "keyword-completion");

  return gtk_widget_get_visible (list) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "plage") == 0;
}

static GPtrArray *
items_of (GArray *ids)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *items =
      sv_catalogue_get_items (catalogue (), (const gint64 *) ids->data, ids->len, &error);

  g_assert_no_error (error);
  return items;
}

/* One hour later: "2013-01-11T10:00:00" → "2013-01-11T11:00:00". */
static char *
hour_later (const char *taken_local)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (taken_local, utc);
  g_autoptr (GDateTime) later = NULL;

  g_assert_nonnull (dt);
  later = g_date_time_add_hours (dt, 1);
  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%S");
}

/* "Edit…" on a selection (the 8 Canon results): caption, a keyword picked
 * from the completions, rating, a date shift, a time zone and a place, then
 * Undo. */
static void
test_edit_selection (SvWindow *window)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GPtrArray) undone = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *shift;
  AdwToast *toast;

  g_assert_cmpint (check_query (window, "canon", TRUE), ==, 8);
  g_object_set (window, "selection-mode", TRUE, NULL);
  sv_timeline_view_select_all (results_view (window));
  flush ();
  ids = sv_timeline_view_get_selected_ids (results_view (window));
  g_assert_cmpuint (ids->len, ==, 8);
  before = items_of (ids);
  /* A keyword of the library, to complete. */
  g_assert_true (
      sv_catalogue_add_keyword (catalogue (), "plage", &g_array_index (ids, gint64, 0), 1, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_get_visible (must_find (GTK_WIDGET (window), "edit-selection-button")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-selected", NULL);
  g_assert_true (wait_for (sv_ui_has_dialog, "edit-selection-dialog"));
  dialog = sv_ui_find_dialog ("edit-selection-dialog");
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "caption")),
                         "Au bord de la mer");
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "add-keyword")), "pla");
  g_assert_true (wait_for (has_completion, dialog));
  {
    GtkWidget *list = must_find (GTK_WIDGET (dialog), "keyword-completions");

    g_signal_emit_by_name (list, "row-activated", must_find (list, "keyword-completion"));
  }
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "add-keyword"))), ==,
      "plage");
  adw_combo_row_set_selected (ADW_COMBO_ROW (must_find (GTK_WIDGET (dialog), "rating")), 4);
  /* A shift that does not parse keeps Apply off. */
  shift = must_find (GTK_WIDGET (dialog), "date-shift");
  gtk_editable_set_text (GTK_EDITABLE (shift), "une heure");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (GTK_EDITABLE (shift), "+01:00");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  /* The same for a time zone (UTC−14:00 to +14:00). */
  {
    GtkWidget *zone = must_find (GTK_WIDGET (dialog), "time-zone");

    gtk_editable_set_text (GTK_EDITABLE (zone), "+15:00");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
    gtk_editable_set_text (GTK_EDITABLE (zone), "+09:30");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  }
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "place")), "Lyon");
  if (g_getenv ("SV_SEARCH_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_strdup_printf (
          "%s/edit-selection-%s.png", g_getenv ("SV_SEARCH_SCREENSHOTS"), g_getenv ("LANGUAGE"));

      sv_ui_save_png (GTK_WIDGET (dialog), path);
    }
  toast = sv_window_get_last_toast (window);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "apply");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_assert_true (wait_for (idle, window));
  flush ();
  g_assert_true (sv_window_get_last_toast (window) != toast);
  toast = sv_window_get_last_toast (window);
  g_test_message ("toast: %s", adw_toast_get_title (toast));

  after = items_of (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      SvMediaItem *was = g_ptr_array_index (before, i);
      SvMediaItem *item = g_ptr_array_index (after, i);

      g_assert_cmpstr (sv_media_item_get_caption (item), ==, "Au bord de la mer");
      g_assert_true (g_strv_contains (sv_media_item_get_keywords (item), "plage"));
      g_assert_cmpint (sv_media_item_get_rating (item), ==, 3);
      g_assert_cmpstr (sv_media_item_get_city (item, FALSE), ==, "Lyon");
      if (sv_media_item_get_taken_local (was) != NULL)
        {
          g_assert_true (sv_media_item_get_has_utc_offset (item));
          g_assert_cmpint (sv_media_item_get_utc_offset (item), ==, 9 * 60 + 30);
        }
      if (sv_media_item_get_taken_local (was) != NULL)
        {
          g_autofree char *later = hour_later (sv_media_item_get_taken_local (was));

          g_assert_true (g_str_has_prefix (sv_media_item_get_taken_local (item), later));
        }
    }

  /* Undo: the dates and the places as they were. */
  g_assert_nonnull (adw_toast_get_button_label (toast));
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_true (wait_for (idle, window));
  flush ();
  undone = items_of (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      SvMediaItem *was = g_ptr_array_index (before, i);
      SvMediaItem *item = g_ptr_array_index (undone, i);

      g_assert_cmpstr (sv_media_item_get_taken_local (item), ==,
                       sv_media_item_get_taken_local (was));
      g_assert_cmpint (sv_media_item_get_has_utc_offset (item), ==,
                       sv_media_item_get_has_utc_offset (was));
      g_assert_cmpint (sv_media_item_get_utc_offset (item), ==, sv_media_item_get_utc_offset (was));
      g_assert_cmpstr (sv_media_item_get_city (item, FALSE), ==,
                       sv_media_item_get_city (was, FALSE));
      g_assert_cmpint (sv_media_item_get_has_place (item), ==, sv_media_item_get_has_place (was));
    }
}

static void
test_search_ui (void)
{
  SvWindow *window;

  test_search ();
  window = sv_ui_open_library_window (app);
  test_edit_selection (window);
  sv_ui_destroy_window (window);
}

int
main (int argc, char *argv[])
{
  return run_test (argc, argv, "/ui/search-ui", test_search_ui);
}
