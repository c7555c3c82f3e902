/* sv-search-ui.c: the window's search bar and albums (issue 5, UI part)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is built in code and attached to the window, so the window's
 * template stays as it is: the search bar goes under the content header
 * bar; the results, album and albums pages into the content stack; the
 * "Albums" heading and one row per album into the sidebar's list, between
 * Videos and Imports (the window ignores rows that are not sections).
 *
 * Search results and an album's photos show in SvTimelineViews (justified
 * rows, day headers, selection, viewer, zoom) over an SvQuery: the search's
 * ids (newest first) or the album (its order). The window knows these
 * timelines (sv_window_add_page_timeline) for selection and the viewer.
 *
 * Searches, suggestions, the album list, recent searches and album edits
 * run in worker threads (sv_app_task_run_async); a newer search or
 * suggestion lookup cancels the one before.
 *
 * This file has the search bar, its results and suggestions, the
 * selection's Edit… and what attaches it all to the window; the albums are
 * in sv-search-ui-albums.c, over the same state (sv-search-ui-private.h).
 */
#define G_LOG_DOMAIN "sv-search-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-albums-view.h"
#include "sv-app-task.h"
#include "sv-application.h"
#include "sv-catalogue-albums.h"
#include "sv-edit-selection.h"
#include "sv-search-ui-private.h"
#include "sv-search.h"
#include "sv-timeline-view.h"

#define N_SUGGESTIONS 8
#define N_RECENT 8

static void
search_ui_free (SearchUi *ui)
{
  g_cancellable_cancel (ui->search_cancellable);
  g_cancellable_cancel (ui->suggest_cancellable);
  g_cancellable_cancel (ui->album_cancellable);
  g_cancellable_cancel (ui->edit_cancellable);
  g_cancellable_cancel (ui->list_cancellable);
  g_clear_object (&ui->search_cancellable);
  g_clear_object (&ui->suggest_cancellable);
  g_clear_object (&ui->album_cancellable);
  g_clear_object (&ui->edit_cancellable);
  g_clear_object (&ui->list_cancellable);
  g_clear_handle_id (&ui->changed_id, g_source_remove);
  if (ui->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (ui->catalogue, ui->window);
  g_clear_object (&ui->catalogue);
  if (ui->popover != NULL)
    g_object_remove_weak_pointer (G_OBJECT (ui->popover), (gpointer *) &ui->popover);
  g_clear_pointer (&ui->search_ids, g_array_unref);
  g_clear_pointer (&ui->recent, g_ptr_array_unref);
  g_clear_pointer (&ui->album_list, g_ptr_array_unref);
  g_free (ui->search_text);
  g_free (ui->return_page);
  g_free (ui);
}

void
_sv_search_ui_show_toast (SearchUi *ui, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  sv_window_add_toast (ui->window, adw_toast_new (escaped));
}

/* Lets the window refresh its title and actions for the page shown (its
 * selection-mode setter always does). */
static void
refresh_window (SearchUi *ui)
{
  g_object_set (ui->window, "selection-mode", FALSE, NULL);
}

void
_sv_search_ui_set_subtitle_count (SearchUi *ui, guint n)
{
  /* Translators: %u is a number of photos and videos */
  g_autofree char *subtitle =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);

  adw_window_title_set_subtitle (ui->window_title, n > 0 ? subtitle : NULL);
}

/* The Albums page's subtitle: how many albums. */
void
_sv_search_ui_set_albums_subtitle (SearchUi *ui)
{
  guint n = ui->album_list != NULL ? ui->album_list->len : 0;
  /* Translators: %u is a number of albums */
  g_autofree char *subtitle =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u album", "%u albums", n), n);

  adw_window_title_set_subtitle (ui->window_title, n > 0 ? subtitle : NULL);
}

/* The sections' list is in browse mode, which never unselects: unselecting
 * through single mode lets a click on the section shown before select it
 * again. */
static void
unselect_sections (SearchUi *ui)
{
  gtk_list_box_set_selection_mode (ui->sidebar, GTK_SELECTION_SINGLE);
  gtk_list_box_unselect_all (ui->sidebar);
  gtk_list_box_set_selection_mode (ui->sidebar, GTK_SELECTION_BROWSE);
}

void
_sv_search_ui_show_page (SearchUi *ui, const char *page)
{
  const char *current = gtk_stack_get_visible_child_name (ui->stack);

  if (g_strcmp0 (current, page) == 0)
    return;
  if (g_str_equal (page, SV_PAGE_SEARCH))
    unselect_sections (ui);
  gtk_stack_set_visible_child_name (ui->stack, page);
  refresh_window (ui);
  g_object_notify (G_OBJECT (ui->window), "section");
  _sv_search_ui_update_album_actions (ui);
}

static void
popdown (SearchUi *ui)
{
  if (ui->popover != NULL)
    gtk_popover_popdown (ui->popover);
}

/* The end of a task run with sv_app_task_run_async (): the window's state,
 * or NULL when the window is gone or the task was cancelled. */
SearchUi *
_sv_search_ui_task_done (GObject *source,
                         GAsyncResult *result,
                         gpointer *data_out,
                         gboolean *ok_out,
                         GError **error)
{
  SearchUi *ui = _sv_search_ui_get (source);

  *ok_out = sv_app_task_run_finish (result, data_out, error);
  if (ui == NULL)
    return NULL;
  ui->busy--;
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  return ui;
}

/* ---- timelines ---- */

SvTimelineView *
_sv_search_ui_page_timeline_new (SearchUi *ui, const char *page, const char *name)
{
  GtkWidget *view = sv_timeline_view_new ();

  gtk_widget_set_name (view, name);
  gtk_widget_set_vexpand (view, TRUE);
  sv_window_add_page_timeline (ui->window, page, view);
  return SV_TIMELINE_VIEW (view);
}

static gboolean
same_ids (GArray *a, GArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  /* An empty GArray may have no data at all (memcmp wants a pointer). */
  return a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0;
}

/* Shows @ids in the results' timeline (newest first, like the timeline);
 * the same results again keep the scroll position and the selection. */
static void
set_search_ids (SearchUi *ui, GArray *ids)
{
  g_auto (SvQuery) query = { 0 };

  if (ids != NULL && same_ids (ui->search_ids, ids))
    return;
  g_clear_pointer (&ui->search_ids, g_array_unref);
  if (ids == NULL || ui->catalogue == NULL)
    {
      sv_timeline_view_set_query (ui->search_view, NULL, NULL);
      return;
    }
  ui->search_ids = g_array_ref (ids);
  sv_query_init (&query);
  query.ids = g_array_ref (ids);
  sv_timeline_view_set_query (ui->search_view, ui->catalogue, &query);
}

/* ---- recent searches ---- */

typedef struct
{
  char *value; /* to store, or NULL to read */
} RecentData;

static void
recent_data_free (RecentData *d)
{
  g_free (d->value);
  g_free (d);
}

static gboolean
recent_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  RecentData *d = data;

  if (d->value != NULL)
    return sv_catalogue_set_setting (catalogue, "recent-searches", d->value, error);
  d->value = sv_catalogue_get_setting (catalogue, "recent-searches");
  return TRUE;
}

static void
set_recent (SearchUi *ui, const char *value)
{
  g_auto (GStrv) lines = g_strsplit (value != NULL ? value : "", "\n", -1);

  g_ptr_array_set_size (ui->recent, 0);
  for (guint i = 0; lines[i] != NULL && ui->recent->len < N_RECENT; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (ui->recent, g_strdup (lines[i]));
}

static void
on_recent_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  RecentData *d = NULL;
  gboolean ok;
  SearchUi *ui = _sv_search_ui_task_done (source, result, (gpointer *) &d, &ok, &error);
  gboolean reading = GPOINTER_TO_INT (user_data);

  if (ui == NULL)
    return;
  if (!ok)
    {
      g_warning ("Cannot keep the recent searches: %s", error->message);
      return;
    }
  if (reading)
    set_recent (ui, d->value);
}

static void
run_recent (SearchUi *ui, const char *value)
{
  RecentData *d;

  if (ui->catalogue == NULL)
    return;
  d = g_new0 (RecentData, 1);
  d->value = g_strdup (value);
  ui->busy++;
  sv_app_task_run_async (ui->window, ui->catalogue, recent_worker, d,
                         (GDestroyNotify) recent_data_free, ui->list_cancellable, on_recent_done_cb,
                         GINT_TO_POINTER (value == NULL));
}

static void
save_recent (SearchUi *ui)
{
  g_autoptr (GString) value = g_string_new (NULL);

  for (guint i = 0; i < ui->recent->len; i++)
    {
      const char *line = g_ptr_array_index (ui->recent, i);

      if (value->len + strlen (line) + 1 > SV_RECENT_SEARCHES_MAX_BYTES)
        break;
      if (i > 0)
        g_string_append_c (value, '\n');
      g_string_append (value, line);
    }
  run_recent (ui, value->str);
}

/* Remembers @text (first, once) among the recent searches. */
static void
remember_search (SearchUi *ui, const char *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text));
  char *p;

  for (p = query; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  if (*query == '\0' || strlen (query) > 500)
    return;
  for (guint i = 0; i < ui->recent->len; i++)
    if (g_str_equal (g_ptr_array_index (ui->recent, i), query))
      {
        g_ptr_array_remove_index (ui->recent, i);
        break;
      }
  g_ptr_array_insert (ui->recent, 0, g_steal_pointer (&query));
  if (ui->recent->len > N_RECENT)
    g_ptr_array_set_size (ui->recent, N_RECENT);
  save_recent (ui);
}

static void
clear_suggestions (SearchUi *ui)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (ui->suggestions))) != NULL)
    gtk_list_box_remove (ui->suggestions, child);
}

static GtkWidget *
simple_row_new (const char *name, const char *icon_name, const char *text, gboolean dim)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (row, name);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* The recent searches under the empty entry, with "Clear Recent Searches". */
static void
show_recent (SearchUi *ui)
{
  GtkWidget *heading;

  if (ui->popover == NULL)
    return;
  if (ui->recent->len == 0 || !gtk_search_bar_get_search_mode (ui->search_bar))
    {
      if (ui->showing_recent)
        popdown (ui);
      return;
    }
  clear_suggestions (ui);
  heading = simple_row_new ("recent-heading", NULL, _ ("Recent Searches"), TRUE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (heading), FALSE);
  gtk_widget_set_focusable (heading, FALSE);
  gtk_list_box_append (ui->suggestions, heading);
  for (guint i = 0; i < ui->recent->len; i++)
    {
      const char *text = g_ptr_array_index (ui->recent, i);
      GtkWidget *row = simple_row_new ("recent", "document-open-recent-symbolic", text, FALSE);

      g_object_set_data_full (G_OBJECT (row), "sv-query", g_strdup (text), g_free);
      gtk_list_box_append (ui->suggestions, row);
    }
  gtk_list_box_append (ui->suggestions, simple_row_new ("clear-recent", "edit-clear-all-symbolic",
                                                        _ ("Clear Recent Searches"), FALSE));
  ui->showing_recent = TRUE;
  gtk_popover_popup (ui->popover);
}

/* ---- search ---- */

typedef struct
{
  char *query;
  GArray *ids;
} SearchData;

static void
search_data_free (SearchData *d)
{
  g_free (d->query);
  g_clear_pointer (&d->ids, g_array_unref);
  g_free (d);
}

static gboolean
search_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  SearchData *d = data;
  SvSearchOptions options;

  /* Newest first, grouped by day like the timeline (no ranking cost). */
  sv_search_options_init (&options);
  options.by_date = TRUE;
  d->ids = sv_search_ids (catalogue, d->query, &options, error);
  return d->ids != NULL;
}

/* A broader query than @query: without its last word; NULL when it has
 * only one. */
static char *
broader_query (const char *query)
{
  g_auto (GStrv) words = g_strsplit_set (query, " \t", -1);
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) result = NULL;
  guint n = 0, last = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        n++;
        last = i;
      }
  if (n < 2)
    return NULL;
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && i != last)
      g_strv_builder_add (kept, words[i]);
  result = g_strv_builder_end (kept);
  return g_strjoinv (" ", result);
}

static void
show_search_error (SearchUi *ui, const char *message)
{
  gtk_label_set_label (ui->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (ui->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (ui->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (ui->entry), "error");
}

static void
on_search_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  SearchData *d = NULL;
  gboolean ok;
  SearchUi *ui = _sv_search_ui_task_done (source, result, (gpointer *) &d, &ok, &error);

  if (ui == NULL)
    return;

  g_free (ui->search_text);
  ui->search_text = g_strdup (d->query);
  if (!ok)
    {
      set_search_ids (ui, NULL);
      ui->search_total = 0;
      adw_status_page_set_description (ui->search_error, error->message);
      gtk_stack_set_visible_child_name (ui->search_stack, "error");
      show_search_error (ui, error->message);
    }
  else
    {
      set_search_ids (ui, d->ids);
      ui->search_total = d->ids->len;
      show_search_error (ui, NULL);
      if (d->ids->len == 0)
        {
          g_autofree char *broader = broader_query (d->query);
          /* Translators: the search found nothing; %s is what was typed */
          g_autofree char *text =
              g_strdup_printf (_ ("Nothing matches “%s”. Try fewer words, a place, a year or a "
                                  "month."),
                               d->query);

          adw_status_page_set_description (ui->search_empty, text);
          gtk_widget_set_visible (ui->broader_button, broader != NULL);
          if (broader != NULL)
            {
              /* Translators: a button under "No Results": search %s instead */
              g_autofree char *label = g_strdup_printf (_ ("Search “%s”"), broader);

              gtk_button_set_label (GTK_BUTTON (ui->broader_button), label);
              g_object_set_data_full (G_OBJECT (ui->broader_button), "sv-query",
                                      g_steal_pointer (&broader), g_free);
            }
        }
      gtk_stack_set_visible_child_name (ui->search_stack, d->ids->len > 0 ? "results" : "empty");
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_SEARCH) == 0)
    _sv_search_ui_set_subtitle_count (ui, ui->search_total);
}

static void
leave_search (SearchUi *ui)
{
  g_autofree char *page = g_steal_pointer (&ui->return_page);

  g_cancellable_cancel (ui->search_cancellable);
  show_search_error (ui, NULL);
  g_clear_pointer (&ui->search_text, g_free);
  if (ui->switching ||
      g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_SEARCH) != 0)
    return;
  /* Back where the search started, the bar left open. */
  ui->leaving = TRUE;
  if (page != NULL && g_str_equal (page, SV_PAGE_ALBUM) && ui->album_id > 0)
    sv_search_ui_show_album (ui->window, ui->album_id);
  else if (page != NULL && g_str_equal (page, SV_PAGE_ALBUMS))
    sv_search_ui_show_albums (ui->window);
  else
    sv_window_set_section (ui->window, page != NULL && !g_str_equal (page, SV_PAGE_ALBUM) &&
                                               !g_str_equal (page, SV_PAGE_ALBUMS)
                                           ? page
                                           : SV_SECTION_PHOTOS);
  ui->leaving = FALSE;
}

static void
run_search (SearchUi *ui, const char *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text));
  SearchData *d;

  g_cancellable_cancel (ui->search_cancellable);
  g_clear_object (&ui->search_cancellable);

  if (*query == '\0' || ui->catalogue == NULL)
    {
      leave_search (ui);
      return;
    }

  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_SEARCH) != 0)
    {
      g_free (ui->return_page);
      ui->return_page = g_strdup (gtk_stack_get_visible_child_name (ui->stack));
      _sv_search_ui_show_page (ui, SV_PAGE_SEARCH);
    }

  ui->search_cancellable = g_cancellable_new ();
  d = g_new0 (SearchData, 1);
  d->query = g_steal_pointer (&query);
  ui->busy++;
  sv_app_task_run_async (ui->window, ui->catalogue, search_worker, d,
                         (GDestroyNotify) search_data_free, ui->search_cancellable,
                         on_search_done_cb, NULL);
}

static void
on_search_changed_cb (GtkSearchEntry *entry, SearchUi *ui)
{
  if (ui->ignore_changed)
    return;
  run_search (ui, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Enter: the search is worth remembering. */
static void
on_search_activate_cb (GtkSearchEntry *entry, SearchUi *ui)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  popdown (ui);
  if (*text != '\0')
    remember_search (ui, text);
}

static void
on_broader_clicked_cb (GtkButton *button, SearchUi *ui)
{
  const char *query = g_object_get_data (G_OBJECT (button), "sv-query");

  if (query != NULL)
    sv_search_ui_search (ui->window, query);
}

static void
on_search_mode_cb (GtkSearchBar *bar, GParamSpec *pspec, SearchUi *ui)
{
  if (!gtk_search_bar_get_search_mode (bar))
    {
      popdown (ui);
      leave_search (ui);
    }
}

/* ---- suggestions ---- */

typedef struct
{
  char *partial;
  GPtrArray *suggestions;
  guint generation;
} SuggestData;

static void
suggest_data_free (SuggestData *d)
{
  g_free (d->partial);
  g_clear_pointer (&d->suggestions, g_ptr_array_unref);
  g_free (d);
}

static gboolean
suggest_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  SuggestData *d = data;

  d->suggestions = sv_search_suggest (catalogue, d->partial, N_SUGGESTIONS, error);
  return d->suggestions != NULL;
}

static const char *
suggestion_icon (SvSuggestionKind kind)
{
  switch (kind)
    {
      case SV_SUGGESTION_PLACE:
        return "mark-location-symbolic";
      case SV_SUGGESTION_PERSON:
        return "avatar-default-symbolic";
      case SV_SUGGESTION_ALBUM:
        return "folder-pictures-symbolic";
      case SV_SUGGESTION_KEYWORD:
        return "tag-symbolic";
      case SV_SUGGESTION_CAMERA:
      default:
        return "camera-photo-symbolic";
    }
}

static const char *
suggestion_kind_label (SvSuggestionKind kind)
{
  switch (kind)
    {
      case SV_SUGGESTION_PLACE:
        return _ ("Place");
      case SV_SUGGESTION_PERSON:
        return _ ("Person");
      case SV_SUGGESTION_ALBUM:
        return _ ("Album");
      case SV_SUGGESTION_KEYWORD:
        return _ ("Keyword");
      case SV_SUGGESTION_CAMERA:
      default:
        return _ ("Camera");
    }
}

static GtkWidget *
suggestion_row_new (SvSuggestion *s)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (suggestion_icon (s->kind));
  GtkWidget *label = gtk_label_new (s->text);
  g_autofree char *count = g_strdup_printf ("%u", s->count);
  GtkWidget *count_label = gtk_label_new (count);
  /* Translators: a search suggestion read by screen readers: "Place:
   * Italie, 12 items" */
  g_autofree char *a11y = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%s: %s, %u item", "%s: %s, %u items", s->count),
      suggestion_kind_label (s->kind), s->text, s->count);

  gtk_widget_set_name (row, sv_suggestion_kind_to_string (s->kind));
  gtk_widget_set_tooltip_text (icon, suggestion_kind_label (s->kind));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (row), "sv-query", g_strdup (s->query), g_free);
  return row;
}

static void
on_suggest_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SearchUi *ui = _sv_search_ui_get (source);
  g_autoptr (GError) error = NULL;
  SuggestData *d = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &d, &error);

  if (ui == NULL)
    return;
  ui->busy--;
  if (ui->popover == NULL)
    return;
  if (!ok || d->generation != ui->suggest_generation)
    {
      /* A malformed partial query has nothing to complete; the search
       * itself says what is wrong. */
      if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        popdown (ui);
      return;
    }

  clear_suggestions (ui);
  ui->showing_recent = FALSE;
  for (guint i = 0; i < d->suggestions->len; i++)
    gtk_list_box_append (ui->suggestions,
                         suggestion_row_new (g_ptr_array_index (d->suggestions, i)));

  if (d->suggestions->len > 0 && gtk_search_bar_get_search_mode (ui->search_bar))
    gtk_popover_popup (ui->popover);
  else
    popdown (ui);
}

static void
on_entry_changed_cb (GtkEditable *editable, SearchUi *ui)
{
  const char *text = gtk_editable_get_text (editable);
  SuggestData *d;

  if (ui->ignore_changed)
    return;
  g_cancellable_cancel (ui->suggest_cancellable);
  g_clear_object (&ui->suggest_cancellable);
  ui->suggest_generation++;
  if (*text == '\0' && gtk_event_controller_focus_contains_focus (ui->entry_focus))
    {
      show_recent (ui);
      return;
    }
  if (ui->catalogue == NULL || *text == '\0' || g_ascii_isspace (text[strlen (text) - 1]))
    {
      popdown (ui);
      return;
    }

  ui->suggest_cancellable = g_cancellable_new ();
  d = g_new0 (SuggestData, 1);
  d->partial = g_strdup (text);
  d->generation = ui->suggest_generation;
  ui->busy++;
  sv_app_task_run_async (ui->window, ui->catalogue, suggest_worker, d,
                         (GDestroyNotify) suggest_data_free, ui->suggest_cancellable,
                         on_suggest_done_cb, NULL);
}

static void
on_suggestion_activated_cb (GtkListBox *list, GtkListBoxRow *row, SearchUi *ui)
{
  const char *query = g_object_get_data (G_OBJECT (row), "sv-query");
  gboolean recent = g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), "recent");
  g_autofree char *text = NULL;

  if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), "clear-recent"))
    {
      g_ptr_array_set_size (ui->recent, 0);
      save_recent (ui);
      popdown (ui);
      gtk_widget_grab_focus (GTK_WIDGET (ui->entry));
      return;
    }
  if (query == NULL)
    return;
  text = recent ? g_strdup (query) : g_strconcat (query, " ", NULL);
  popdown (ui);
  remember_search (ui, text);
  ui->ignore_changed = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (ui->entry), text);
  ui->ignore_changed = FALSE;
  gtk_editable_set_position (GTK_EDITABLE (ui->entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (ui->entry));
  /* Now, not after the entry's delay. */
  run_search (ui, text);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint keyval,
                         guint keycode,
                         GdkModifierType state,
                         SearchUi *ui)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down || !gtk_widget_get_visible (GTK_WIDGET (ui->popover)))
    return FALSE;
  first = gtk_list_box_get_row_at_index (ui->suggestions, 0);
  if (first == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

/* The suggestions go when the focus leaves the entry for anything but
 * them (the popover does not hide by itself: it must not take the focus
 * from the entry while the user types). */
static gboolean
check_focus_cb (gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  GtkWidget *focus;

  if (ui == NULL || ui->popover == NULL || !gtk_widget_get_visible (GTK_WIDGET (ui->popover)))
    return G_SOURCE_REMOVE;
  focus = gtk_root_get_focus (GTK_ROOT (ui->window));
  if (focus == NULL || (!gtk_widget_is_ancestor (focus, GTK_WIDGET (ui->entry)) &&
                        !gtk_widget_is_ancestor (focus, GTK_WIDGET (ui->popover))))
    popdown (ui);
  return G_SOURCE_REMOVE;
}

static void
on_entry_focus_enter_cb (GtkEventControllerFocus *controller, SearchUi *ui)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (ui->entry)) == '\0')
    show_recent (ui);
}

static void
on_entry_focus_leave_cb (GtkEventControllerFocus *controller, SearchUi *ui)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, check_focus_cb, g_object_ref (ui->window), g_object_unref);
}

/* The entry does not know its popover: unparent it when the entry goes
 * (unless it went before). */
static void
on_entry_destroy_cb (GtkWidget *entry, SearchUi *ui)
{
  if (ui->popover != NULL && gtk_widget_get_parent (GTK_WIDGET (ui->popover)) == entry)
    gtk_widget_unparent (GTK_WIDGET (ui->popover));
}

static void
search_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);

  gtk_search_bar_set_search_mode (ui->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (ui->entry));
}

/* ---- Edit… ---- */

static void
on_edit_selection_done_cb (AdwToast *toast, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);

  if (ui == NULL)
    {
      g_object_unref (toast);
      return;
    }
  g_object_set (ui->window, "selection-mode", FALSE, NULL);
  sv_window_add_toast (ui->window, toast);
}

static void
edit_selected_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  g_autoptr (GArray) ids = _sv_search_ui_selection_ids (ui);

  if (ids == NULL || ids->len == 0 || ui->catalogue == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sv_edit_selection_dialog_new (
      GTK_WINDOW (ui->window), ui->catalogue, ids, on_edit_selection_done_cb, ui->window)));
}

/* ---- the catalogue ---- */

static gboolean
reload_after_changes_cb (gpointer data)
{
  SearchUi *ui = data;
  const char *text;

  ui->changed_id = 0;
  _sv_search_ui_reload_albums (ui);
  /* New, changed or trashed items may match the search now, or no more. */
  text = gtk_editable_get_text (GTK_EDITABLE (ui->entry));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_SEARCH) == 0 &&
      *text != '\0')
    run_search (ui, text);
  return G_SOURCE_REMOVE;
}

/* Counts and covers follow edits, trash and imports; an import changes
 * many items in a row: one reload for a burst. */
static void
on_catalogue_changed_cb (SvWindow *window)
{
  SearchUi *ui = _sv_search_ui_get (window);

  if (ui != NULL && ui->changed_id == 0)
    ui->changed_id = g_timeout_add (250, reload_after_changes_cb, ui);
}

static void
set_catalogue (SearchUi *ui, SvCatalogue *catalogue)
{
  if (ui->catalogue == catalogue)
    return;
  if (ui->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (ui->catalogue, ui->window);
  g_cancellable_cancel (ui->search_cancellable);
  g_cancellable_cancel (ui->suggest_cancellable);
  g_cancellable_cancel (ui->list_cancellable);
  g_clear_object (&ui->list_cancellable);
  ui->list_cancellable = g_cancellable_new ();
  g_clear_handle_id (&ui->changed_id, g_source_remove);
  g_set_object (&ui->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), ui->window,
                             G_CONNECT_SWAPPED);
  set_search_ids (ui, NULL);
  sv_timeline_view_set_query (ui->album_view, NULL, NULL);
  ui->album_id = 0;
  g_ptr_array_set_size (ui->recent, 0);
  _sv_search_ui_apply_albums (ui, NULL, NULL);
  if (catalogue != NULL)
    {
      _sv_search_ui_reload_albums (ui);
      run_recent (ui, NULL);
    }
  gtk_widget_set_sensitive (ui->search_button, catalogue != NULL);
  if (catalogue == NULL)
    gtk_search_bar_set_search_mode (ui->search_bar, FALSE);
}

static void
on_app_catalogue_cb (SvWindow *window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));

  if (ui != NULL)
    set_catalogue (ui, SV_IS_APPLICATION (app) ? sv_application_get_catalogue (SV_APPLICATION (app))
                                               : NULL);
}

static void
on_application_cb (SvWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));

  if (SV_IS_APPLICATION (app) && g_object_get_data (G_OBJECT (window), "sv-search-app") != app)
    {
      g_object_set_data (G_OBJECT (window), "sv-search-app", app);
      g_signal_connect_object (app, "notify::catalogue", G_CALLBACK (on_app_catalogue_cb), window,
                               G_CONNECT_SWAPPED);
    }
  on_app_catalogue_cb (window);
}

/* No search while selecting: the header bar's room goes to the selection
 * actions. */
static void
on_selection_mode_cb (SvWindow *window, GParamSpec *pspec, SearchUi *ui)
{
  gboolean selecting = FALSE;

  g_object_get (window, "selection-mode", &selecting, NULL);
  gtk_widget_set_visible (ui->search_button, !selecting);
  _sv_search_ui_update_album_actions (ui);
}

static void
on_page_changed_cb (GtkStack *stack, GParamSpec *pspec, SearchUi *ui)
{
  _sv_search_ui_update_album_actions (ui);
}

/* Back from the viewer: the page it was opened from, even if the sidebar
 * took the focus (and so selected a section) meanwhile. */
static void
on_viewer_close_cb (SvWindow *window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  const char *page;

  if (ui == NULL || ui->viewer_page == NULL)
    return;
  page = g_steal_pointer (&ui->viewer_page);
  if (g_str_equal (page, SV_PAGE_ALBUM) && ui->album_id > 0)
    sv_search_ui_show_album (window, ui->album_id);
  else if (g_str_equal (page, SV_PAGE_SEARCH) && gtk_search_bar_get_search_mode (ui->search_bar))
    {
      _sv_search_ui_show_page (ui, SV_PAGE_SEARCH);
      _sv_search_ui_set_subtitle_count (ui, ui->search_total);
    }
}

static void
on_main_page_changed_cb (GtkStack *main_stack, GParamSpec *pspec, SearchUi *ui)
{
  const char *page = gtk_stack_get_visible_child_name (ui->stack);
  GtkWidget *viewer;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), "viewer") != 0)
    return;
  /* A result worth opening: a search worth remembering. */
  if (g_strcmp0 (page, SV_PAGE_SEARCH) == 0 && ui->search_text != NULL)
    remember_search (ui, ui->search_text);
  ui->viewer_page = g_strcmp0 (page, SV_PAGE_SEARCH) == 0  ? SV_PAGE_SEARCH
                    : g_strcmp0 (page, SV_PAGE_ALBUM) == 0 ? SV_PAGE_ALBUM
                                                           : NULL;
  viewer = sv_window_get_view (ui->window, "viewer");
  if (ui->viewer_page != NULL && g_object_get_data (G_OBJECT (viewer), UI_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (viewer), UI_KEY, GINT_TO_POINTER (1));
      g_signal_connect_object (viewer, "close", G_CALLBACK (on_viewer_close_cb), ui->window,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
}

/* ---- building ---- */

GtkWidget *
_sv_search_ui_status_page_new (const char *icon, const char *title, const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_widget_set_vexpand (page, TRUE);
  return page;
}

static void
build_search (SearchUi *ui, GtkWidget *header, GtkWidget *leaflet)
{
  GtkWidget *content_box = gtk_widget_get_parent (header);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *bar_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus;
  GtkStackPage *page;

  ui->search_button = gtk_toggle_button_new ();
  gtk_widget_set_name (ui->search_button, "search-button");
  gtk_button_set_icon_name (GTK_BUTTON (ui->search_button), "system-search-symbolic");
  gtk_widget_set_tooltip_text (ui->search_button, _ ("Search"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->search_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Search"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), ui->search_button);

  ui->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->entry), "search-entry");
  g_object_set (ui->entry, "placeholder-text", _ ("Places, dates, people, albums, cameras…"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Search photos and videos"), -1);
  /* A malformed query says why, under the entry. */
  ui->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (ui->error_label), "search-error-label");
  gtk_label_set_wrap (ui->error_label, TRUE);
  gtk_label_set_xalign (ui->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (ui->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (ui->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (ui->error_label), FALSE);
  gtk_box_append (GTK_BOX (bar_box), GTK_WIDGET (ui->entry));
  gtk_box_append (GTK_BOX (bar_box), GTK_WIDGET (ui->error_label));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (clamp), bar_box);
  ui->search_bar = GTK_SEARCH_BAR (gtk_search_bar_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->search_bar), "search-bar");
  gtk_search_bar_set_child (ui->search_bar, clamp);
  gtk_search_bar_connect_entry (ui->search_bar, GTK_EDITABLE (ui->entry));
  gtk_search_bar_set_key_capture_widget (ui->search_bar, leaflet);
  gtk_search_bar_set_show_close_button (ui->search_bar, FALSE);
  gtk_box_insert_child_after (GTK_BOX (content_box), GTK_WIDGET (ui->search_bar), header);
  g_object_bind_property (ui->search_button, "active", ui->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (ui->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode_cb),
                    ui);
  g_signal_connect (ui->entry, "search-changed", G_CALLBACK (on_search_changed_cb), ui);
  g_signal_connect (ui->entry, "activate", G_CALLBACK (on_search_activate_cb), ui);
  g_signal_connect (ui->entry, "changed", G_CALLBACK (on_entry_changed_cb), ui);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->entry), keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave_cb), ui);
  g_signal_connect (focus, "enter", G_CALLBACK (on_entry_focus_enter_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->entry), focus);
  ui->entry_focus = GTK_EVENT_CONTROLLER_FOCUS (focus);

  /* Suggestions and recent searches: a popover under the entry that never
   * takes the focus. */
  ui->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->popover), "search-suggestions-popover");
  gtk_popover_set_autohide (ui->popover, FALSE);
  gtk_popover_set_has_arrow (ui->popover, FALSE);
  gtk_popover_set_position (ui->popover, GTK_POS_BOTTOM);
  ui->suggestions = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->suggestions), "search-suggestions");
  gtk_widget_set_size_request (GTK_WIDGET (ui->suggestions), 320, -1);
  gtk_list_box_set_selection_mode (ui->suggestions, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->suggestions), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Suggestions"), -1);
  gtk_popover_set_child (ui->popover, GTK_WIDGET (ui->suggestions));
  gtk_widget_set_parent (GTK_WIDGET (ui->popover), GTK_WIDGET (ui->entry));
  g_object_add_weak_pointer (G_OBJECT (ui->popover), (gpointer *) &ui->popover);
  g_signal_connect (ui->entry, "destroy", G_CALLBACK (on_entry_destroy_cb), ui);
  g_signal_connect (ui->suggestions, "row-activated", G_CALLBACK (on_suggestion_activated_cb), ui);

  /* Results page: the timeline, "No Results" with a broader query, or
   * what is wrong with the query. */
  ui->search_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->search_stack), "search-stack");
  ui->search_view = _sv_search_ui_page_timeline_new (ui, SV_PAGE_SEARCH, "search-timeline");
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_view), "results");
  ui->search_empty = ADW_STATUS_PAGE (
      _sv_search_ui_status_page_new ("system-search-symbolic", _ ("No Results"), NULL));
  gtk_widget_set_name (GTK_WIDGET (ui->search_empty), "search-empty");
  ui->broader_button = gtk_button_new ();
  gtk_widget_set_name (ui->broader_button, "broader-search-button");
  gtk_widget_set_halign (ui->broader_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (ui->broader_button, "pill");
  g_signal_connect (ui->broader_button, "clicked", G_CALLBACK (on_broader_clicked_cb), ui);
  adw_status_page_set_child (ui->search_empty, ui->broader_button);
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_empty), "empty");
  ui->search_error = ADW_STATUS_PAGE (_sv_search_ui_status_page_new (
      "dialog-warning-symbolic", _ ("This Search Is Not Understood"), NULL));
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_error), "error");
  page = gtk_stack_add_named (ui->stack, GTK_WIDGET (ui->search_stack), SV_PAGE_SEARCH);
  gtk_stack_page_set_title (page, _ ("Search"));
}

GtkWidget *
_sv_search_ui_selection_button_new (const char *name,
                                    const char *icon,
                                    const char *label,
                                    const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static const GActionEntry actions[] = {
  { "search", search_action_cb, NULL, NULL, NULL, { 0 } },
  { "edit-selected", edit_selected_action_cb, NULL, NULL, NULL, { 0 } },
};

/**
 * sv_search_ui_attach:
 *
 * Adds the search bar and the albums to @window (once, from its init).
 */
void
sv_search_ui_attach (SvWindow *window)
{
  SearchUi *ui;
  GtkWidget *select_button, *header, *selection_actions;
  GtkEventController *shortcuts;

  g_return_if_fail (SV_IS_WINDOW (window));
  g_return_if_fail (_sv_search_ui_get (window) == NULL);

  g_type_ensure (SV_TYPE_ALBUMS_VIEW);
  ui = g_new0 (SearchUi, 1);
  ui->window = window;
  ui->edit_cancellable = g_cancellable_new ();
  ui->list_cancellable = g_cancellable_new ();
  ui->recent = g_ptr_array_new_with_free_func (g_free);
  ui->stack =
      GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "stack"));
  ui->sidebar =
      GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "sidebar"));
  ui->window_title = ADW_WINDOW_TITLE (
      gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "window_title"));
  select_button = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "select_button"));
  selection_actions = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "selection_actions"));
  header = gtk_widget_get_ancestor (select_button, ADW_TYPE_HEADER_BAR);
  g_object_set_data_full (G_OBJECT (window), UI_KEY, ui, (GDestroyNotify) search_ui_free);

  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions), window);

  build_search (
      ui, header,
      GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "leaflet")));
  _sv_search_ui_build_albums (ui);

  gtk_box_prepend (GTK_BOX (selection_actions),
                   _sv_search_ui_selection_button_new ("add-to-album-button",
                                                       "folder-pictures-symbolic",
                                                       _ ("Add to Album…"), "win.add-to-album"));
  gtk_box_prepend (GTK_BOX (selection_actions),
                   _sv_search_ui_selection_button_new ("edit-selection-button",
                                                       "document-edit-symbolic", _ ("Edit…"),
                                                       "win.edit-selected"));
  g_signal_connect (ui->stack, "notify::visible-child-name", G_CALLBACK (on_page_changed_cb), ui);
  g_signal_connect (window, "notify::selection-mode", G_CALLBACK (on_selection_mode_cb), ui);
  g_signal_connect (
      gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "main_stack"),
      "notify::visible-child-name", G_CALLBACK (on_main_page_changed_cb), ui);
  _sv_search_ui_update_album_actions (ui);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                        gtk_named_action_new ("win.search")));
  gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);

  g_signal_connect (window, "notify::application", G_CALLBACK (on_application_cb), NULL);
  on_application_cb (window);
}

void
sv_search_ui_search (SvWindow *window, const char *query)
{
  SearchUi *ui = _sv_search_ui_get (window);

  g_return_if_fail (ui != NULL);
  gtk_search_bar_set_search_mode (ui->search_bar, TRUE);
  /* Not through an empty entry (which leaves the search at once). */
  ui->ignore_changed = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (ui->entry), query);
  ui->ignore_changed = FALSE;
  gtk_editable_set_position (GTK_EDITABLE (ui->entry), -1);
  run_search (ui, query);
}

gboolean
sv_search_ui_get_busy (SvWindow *window)
{
  SearchUi *ui = _sv_search_ui_get (window);

  return ui != NULL && (ui->busy > 0 || sv_edit_selection_get_busy ());
}

SvTimelineView *
sv_search_ui_get_timeline (SvWindow *window, const char *page)
{
  SearchUi *ui = _sv_search_ui_get (window);

  g_return_val_if_fail (ui != NULL, NULL);
  return g_strcmp0 (page, SV_PAGE_ALBUM) == 0 ? ui->album_view : ui->search_view;
}

GListModel *
sv_search_ui_get_results (SvWindow *window, const char *page)
{
  return sv_timeline_view_get_items (sv_search_ui_get_timeline (window, page));
}

GtkEditable *
sv_search_ui_get_entry (SvWindow *window)
{
  g_return_val_if_fail (_sv_search_ui_get (window) != NULL, NULL);
  return GTK_EDITABLE (_sv_search_ui_get (window)->entry);
}

GtkListBox *
sv_search_ui_get_suggestions (SvWindow *window)
{
  g_return_val_if_fail (_sv_search_ui_get (window) != NULL, NULL);
  return _sv_search_ui_get (window)->suggestions;
}

GtkListBox *
sv_search_ui_get_album_list (SvWindow *window)
{
  g_return_val_if_fail (_sv_search_ui_get (window) != NULL, NULL);
  return _sv_search_ui_get (window)->sidebar;
}

SvAlbumsView *
sv_search_ui_get_albums_view (SvWindow *window)
{
  g_return_val_if_fail (_sv_search_ui_get (window) != NULL, NULL);
  return _sv_search_ui_get (window)->albums_view;
}

GPtrArray *
sv_search_ui_get_recent (SvWindow *window)
{
  g_return_val_if_fail (_sv_search_ui_get (window) != NULL, NULL);
  return _sv_search_ui_get (window)->recent;
}
