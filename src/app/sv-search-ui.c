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
 */
#define G_LOG_DOMAIN "sv-search-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-albums-view.h"
#include "sv-app-task.h"
#include "sv-application.h"
#include "sv-catalogue-albums.h"
#include "sv-edit-selection.h"
#include "sv-search-ui.h"
#include "sv-search.h"
#include "sv-timeline-view.h"

#define UI_KEY "sv-search-ui"
#define N_SUGGESTIONS 8
#define N_RECENT 8

typedef struct
{
  SvWindow *window; /* owns this */
  SvCatalogue *catalogue;

  GtkStack *stack;
  GtkListBox *sidebar;
  AdwWindowTitle *window_title;

  GtkWidget *search_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *entry;
  GtkEventControllerFocus *entry_focus;
  GtkPopover *popover;
  GtkListBox *suggestions;

  GtkStack *search_stack;
  AdwStatusPage *search_error;
  AdwStatusPage *search_empty;
  GtkWidget *broader_button;
  GtkLabel *error_label;
  SvTimelineView *search_view;
  GArray *search_ids;
  char *search_text;
  guint search_total;
  char *return_page;
  GPtrArray *recent; /* char*, newest first */
  gboolean showing_recent;

  GtkListBox *albums; /* the window's sidebar */
  GtkWidget *albums_heading;
  GPtrArray *album_list; /* SvAlbum, as last read */
  SvAlbumsView *albums_view;
  GtkStack *album_stack;
  GtkEntry *album_title;
  GtkEventControllerFocus *title_focus, *description_focus;
  GtkEntry *album_description;
  GtkLabel *album_details;
  GtkToggleButton *album_sort;
  SvTimelineView *album_view;
  GtkWidget *remove_button, *cover_button, *delete_button;
  gint64 album_id;
  gboolean rebuilding_albums;
  gboolean updating_album;
  guint album_list_generation;

  GCancellable *search_cancellable;
  GCancellable *suggest_cancellable;
  GCancellable *album_cancellable;
  GCancellable *edit_cancellable;
  GCancellable *list_cancellable;
  guint busy;
  guint suggest_generation;
  gboolean ignore_changed;
  gboolean switching;      /* from the search to an album */
  gboolean leaving;        /* from the search back where it started */
  const char *viewer_page; /* the page the viewer was opened from */
  guint changed_id;        /* catalogue changes, gathered */
} SearchUi;

static SearchUi *
get_ui (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), UI_KEY);
}

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

static void
show_toast (SearchUi *ui, const char *text)
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

static void
set_subtitle_count (SearchUi *ui, guint n)
{
  /* Translators: %u is a number of photos and videos */
  g_autofree char *subtitle =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);

  adw_window_title_set_subtitle (ui->window_title, n > 0 ? subtitle : NULL);
}

/* The Albums page's subtitle: how many albums. */
static void
set_albums_subtitle (SearchUi *ui)
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

static void
update_album_actions (SearchUi *ui);

static void
show_page (SearchUi *ui, const char *page)
{
  const char *current = gtk_stack_get_visible_child_name (ui->stack);

  if (g_strcmp0 (current, page) == 0)
    return;
  if (g_str_equal (page, SV_PAGE_SEARCH))
    unselect_sections (ui);
  gtk_stack_set_visible_child_name (ui->stack, page);
  refresh_window (ui);
  g_object_notify (G_OBJECT (ui->window), "section");
  update_album_actions (ui);
}

static void
popdown (SearchUi *ui)
{
  if (ui->popover != NULL)
    gtk_popover_popdown (ui->popover);
}

/* ---- timelines ---- */

static SvTimelineView *
page_timeline_new (SearchUi *ui, const char *page, const char *name)
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
  SearchUi *ui = get_ui (source);
  g_autoptr (GError) error = NULL;
  RecentData *d = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &d, &error);
  gboolean reading = GPOINTER_TO_INT (user_data);

  if (ui == NULL)
    return;
  ui->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
  SearchUi *ui = get_ui (source);
  g_autoptr (GError) error = NULL;
  SearchData *d = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &d, &error);

  if (ui == NULL)
    return;
  ui->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
    set_subtitle_count (ui, ui->search_total);
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
      show_page (ui, SV_PAGE_SEARCH);
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
  SearchUi *ui = get_ui (source);
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
  SearchUi *ui = get_ui (window);
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
  SearchUi *ui = get_ui (window);

  gtk_search_bar_set_search_mode (ui->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (ui->entry));
}

/* ---- albums ---- */

typedef enum
{
  EDIT_CREATE,
  EDIT_ADD,
  EDIT_RENAME,
  EDIT_DESCRIBE,
  EDIT_DELETE,
  EDIT_REMOVE,
  EDIT_COVER,
  EDIT_SORT,
  EDIT_MOVE,
  EDIT_LIST, /* the albums and their covers, for the sidebar and the grid */
  EDIT_FROM_DAY,
  EDIT_FROM_EVENT,
} EditKind;

typedef struct
{
  EditKind kind;
  gint64 album_id;
  char *name;
  GArray *ids;
  guint position;
  gint64 before_id; /* EDIT_MOVE: the item the moved ones go before, 0 the end */
  guint n_added;
  GPtrArray *albums; /* EDIT_LIST: SvAlbum */
  GPtrArray *covers; /* EDIT_LIST: SvMediaItem or NULL, per album */
  guint generation;
} EditData;

static void
edit_data_free (EditData *d)
{
  g_free (d->name);
  g_clear_pointer (&d->ids, g_array_unref);
  g_clear_pointer (&d->albums, g_ptr_array_unref);
  g_clear_pointer (&d->covers, g_ptr_array_unref);
  g_free (d);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static gboolean
list_albums (SvCatalogue *catalogue, EditData *d, GError **error)
{
  d->albums = sv_catalogue_album_list (catalogue, error);
  if (d->albums == NULL)
    return FALSE;
  d->covers = g_ptr_array_new_full (d->albums->len, unref_if_set);
  for (guint i = 0; i < d->albums->len; i++)
    {
      gint64 cover = sv_album_get_cover_id (g_ptr_array_index (d->albums, i));
      /* A cover in the trash (or gone) shows as no cover. */
      SvMediaItem *item = cover > 0 ? sv_catalogue_get_item (catalogue, cover, NULL) : NULL;

      g_ptr_array_add (d->covers, item);
    }
  return TRUE;
}

static gboolean
edit_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  EditData *d = data;
  const gint64 *ids = d->ids != NULL ? (const gint64 *) d->ids->data : NULL;
  guint n = d->ids != NULL ? d->ids->len : 0;

  switch (d->kind)
    {
      case EDIT_CREATE:
        d->album_id = n > 0
                          ? sv_catalogue_album_create_from_items (catalogue, d->name, ids, n, error)
                          : sv_catalogue_album_create (catalogue, d->name, error);
        d->n_added = n;
        return d->album_id > 0;

      case EDIT_ADD:
        {
          g_autoptr (SvAlbum) before = sv_catalogue_album_get (catalogue, d->album_id, error);
          g_autoptr (SvAlbum) after = NULL;

          if (before == NULL ||
              !sv_catalogue_album_add_items (catalogue, d->album_id, ids, n, error))
            return FALSE;
          after = sv_catalogue_album_get (catalogue, d->album_id, error);
          if (after == NULL)
            return FALSE;
          d->n_added = sv_album_get_count (after) -
                       MIN (sv_album_get_count (after), sv_album_get_count (before));
          d->name = g_strdup (sv_album_get_name (after));
          return TRUE;
        }

      case EDIT_RENAME:
        return sv_catalogue_album_rename (catalogue, d->album_id, d->name, error);

      case EDIT_DESCRIBE:
        return sv_catalogue_album_set_description (catalogue, d->album_id, d->name, error);

      case EDIT_DELETE:
        return sv_catalogue_album_delete (catalogue, d->album_id, error);

      case EDIT_REMOVE:
        d->n_added = n;
        return sv_catalogue_album_remove_items (catalogue, d->album_id, ids, n, error);

      case EDIT_COVER:
        return sv_catalogue_album_set_cover (catalogue, d->album_id, n > 0 ? ids[0] : 0, error);

      case EDIT_SORT:
        return sv_catalogue_album_set_sort (catalogue, d->album_id, (SvAlbumSort) d->position,
                                            error);

      case EDIT_MOVE:
        return sv_catalogue_album_move_items_before (catalogue, d->album_id, ids, n, d->before_id,
                                                     error);

      case EDIT_FROM_DAY:
      case EDIT_FROM_EVENT:
        {
          g_autoptr (SvAlbum) album = NULL;

          d->album_id =
              d->kind == EDIT_FROM_DAY
                  ? sv_catalogue_album_create_from_day (catalogue, NULL, d->name, error)
                  : sv_catalogue_album_create_from_event (catalogue, NULL, d->album_id, error);
          if (d->album_id <= 0)
            return FALSE;
          album = sv_catalogue_album_get (catalogue, d->album_id, error);
          if (album == NULL)
            return FALSE;
          g_free (d->name);
          d->name = g_strdup (sv_album_get_name (album));
          d->n_added = sv_album_get_count (album);
          return TRUE;
        }

      case EDIT_LIST:
      default:
        return list_albums (catalogue, d, error);
    }
}

static void
navigate_forward (SearchUi *ui)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (
      gtk_widget_get_template_child (GTK_WIDGET (ui->window), SV_TYPE_WINDOW, "leaflet"));

  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
reload_albums (SearchUi *ui);
static void
apply_albums (SearchUi *ui, GPtrArray *albums, GPtrArray *covers);

static void
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SearchUi *ui = get_ui (source);
  g_autoptr (GError) error = NULL;
  EditData *d = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &d, &error);

  if (ui == NULL)
    return;
  ui->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      show_toast (ui, error->message);
      if (d->kind == EDIT_RENAME || d->kind == EDIT_DESCRIBE)
        reload_albums (ui); /* back to the stored name */
      return;
    }

  switch (d->kind)
    {
      case EDIT_LIST:
        if (d->generation == ui->album_list_generation)
          apply_albums (ui, d->albums, d->covers);
        return;

      case EDIT_CREATE:
      case EDIT_FROM_DAY:
      case EDIT_FROM_EVENT:
        {
          /* Translators: %s is an album's name */
          g_autofree char *text = g_strdup_printf (_ ("Album “%s” created"), d->name);

          if (d->n_added > 0)
            g_object_set (ui->window, "selection-mode", FALSE, NULL);
          show_toast (ui, text);
          sv_search_ui_show_album (ui->window, d->album_id);
          navigate_forward (ui);
        }
        break;

      case EDIT_ADD:
        {
          /* Translators: %u is a number of photos and videos, %s an album's name */
          g_autofree char *text =
              d->n_added > 0
                  ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item added to “%s”",
                                                  "%u items added to “%s”", d->n_added),
                                     d->n_added, d->name)
                  /* Translators: %s is an album's name */
                  : g_strdup_printf (_ ("Already in “%s”"), d->name);

          g_object_set (ui->window, "selection-mode", FALSE, NULL);
          show_toast (ui, text);
        }
        break;

      case EDIT_REMOVE:
        {
          /* Translators: %u is a number of photos and videos */
          g_autofree char *text =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item removed from the album",
                                            "%u items removed from the album", d->n_added),
                               d->n_added);

          g_object_set (ui->window, "selection-mode", FALSE, NULL);
          show_toast (ui, text);
        }
        break;

      case EDIT_COVER:
        g_object_set (ui->window, "selection-mode", FALSE, NULL);
        show_toast (ui, _ ("Album cover set"));
        break;

      case EDIT_DELETE:
        if (d->album_id == ui->album_id)
          {
            ui->album_id = 0;
            if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0)
              sv_search_ui_show_albums (ui->window);
          }
        break;

      default:
        break;
    }
  /* Album edits emit ::changed only for the items concerned: names,
   * descriptions, covers and order are read again here. */
  reload_albums (ui);
}

static void
run_edit_full (SearchUi *ui,
               EditKind kind,
               gint64 album_id,
               const char *name,
               GArray *ids,
               gint64 arg)
{
  EditData *d;

  if (ui->catalogue == NULL)
    return;
  d = g_new0 (EditData, 1);
  d->kind = kind;
  d->album_id = album_id;
  d->name = g_strdup (name);
  d->ids = ids != NULL ? g_array_ref (ids) : NULL;
  /* EDIT_SORT: the order; EDIT_MOVE: the item the moved ones go before. */
  d->position = (guint) arg;
  d->before_id = arg;
  if (kind == EDIT_LIST)
    d->generation = ++ui->album_list_generation;
  ui->busy++;
  sv_app_task_run_async (ui->window, ui->catalogue, edit_worker, d, (GDestroyNotify) edit_data_free,
                         kind == EDIT_LIST ? ui->list_cancellable : ui->edit_cancellable,
                         on_edit_done_cb, NULL);
}

static void
run_edit (SearchUi *ui, EditKind kind, gint64 album_id, const char *name, GArray *ids)
{
  run_edit_full (ui, kind, album_id, name, ids, 0);
}

static void
reload_albums (SearchUi *ui)
{
  run_edit (ui, EDIT_LIST, 0, NULL, NULL);
}

static gint64
row_album_id (GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  if (!g_str_has_prefix (name, "album-"))
    return 0;
  return g_ascii_strtoll (name + strlen ("album-"), NULL, 10);
}

static SvAlbum *
find_album (SearchUi *ui, gint64 album_id)
{
  for (guint i = 0; ui->album_list != NULL && i < ui->album_list->len; i++)
    if (sv_album_get_id (g_ptr_array_index (ui->album_list, i)) == album_id)
      return g_ptr_array_index (ui->album_list, i);
  return NULL;
}

/* Photos dropped on an album's row (a drag from a timeline). */
static gboolean
on_album_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, SearchUi *ui)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GArray *ids;
  gint64 album_id = row_album_id (GTK_LIST_BOX_ROW (row));

  if (!G_VALUE_HOLDS (value, G_TYPE_ARRAY) || album_id <= 0)
    return FALSE;
  ids = g_value_get_boxed (value);
  if (ids == NULL || ids->len == 0 || g_array_get_element_size (ids) != sizeof (gint64))
    return FALSE;
  run_edit (ui, EDIT_ADD, album_id, NULL, ids);
  return TRUE;
}

static GtkWidget *
album_row_new (SearchUi *ui, SvAlbum *album, gboolean drop_target)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("folder-pictures-symbolic");
  GtkWidget *label = gtk_label_new (sv_album_get_name (album));
  g_autofree char *count = g_strdup_printf ("%u", sv_album_get_count (album));
  GtkWidget *count_label = gtk_label_new (count);
  g_autofree char *name = g_strdup_printf ("album-%" G_GINT64_FORMAT, sv_album_get_id (album));
  /* Translators: an album in the sidebar, for screen readers: "Beach, 12 items" */
  g_autofree char *a11y = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%s, %u item", "%s, %u items", sv_album_get_count (album)),
      sv_album_get_name (album), sv_album_get_count (album));

  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_name (count_label, "album-count");
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (row), "sv-album-name", g_strdup (sv_album_get_name (album)),
                          g_free);
  if (drop_target)
    {
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_ARRAY, GDK_ACTION_COPY);

      g_signal_connect (target, "drop", G_CALLBACK (on_album_drop_cb), ui);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
    }
  return row;
}

static GtkWidget *
sidebar_imports_row (SearchUi *ui)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (ui->albums)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), SV_SECTION_IMPORTS))
      return row;
  return NULL;
}

static char *
album_details (SvAlbum *album)
{
  guint n = sv_album_get_count (album);
  g_autofree char *dates =
      sv_albums_view_format_dates (sv_album_get_first_day (album), sv_album_get_last_day (album));
  /* Translators: %u is a number of photos and videos */
  g_autofree char *count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);

  if (dates == NULL)
    return g_steal_pointer (&count);
  return g_strdup_printf (C_ ("album card", "%s · %s"), count, dates);
}

/* The album page's header from the album as last read. */
static void
update_album_header (SearchUi *ui)
{
  SvAlbum *album = find_album (ui, ui->album_id);
  g_autofree char *details = NULL;

  if (album == NULL)
    return;
  details = album_details (album);
  ui->updating_album = TRUE;
  /* Not under the user's typing. */
  if (!gtk_event_controller_focus_contains_focus (ui->title_focus))
    gtk_editable_set_text (GTK_EDITABLE (ui->album_title), sv_album_get_name (album));
  if (!gtk_event_controller_focus_contains_focus (ui->description_focus))
    gtk_editable_set_text (GTK_EDITABLE (ui->album_description), sv_album_get_description (album));
  gtk_label_set_label (ui->album_details, details);
  gtk_toggle_button_set_active (ui->album_sort, sv_album_get_sort (album) == SV_ALBUM_SORT_DATE);
  ui->updating_album = FALSE;
  gtk_stack_page_set_title (
      gtk_stack_get_page (ui->stack, gtk_stack_get_child_by_name (ui->stack, SV_PAGE_ALBUM)),
      sv_album_get_name (album));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0 &&
      !sv_timeline_view_get_selection_mode (ui->album_view))
    {
      adw_window_title_set_title (ui->window_title, sv_album_get_name (album));
      set_subtitle_count (ui, sv_album_get_count (album));
    }
  gtk_stack_set_visible_child_name (ui->album_stack,
                                    sv_album_get_count (album) > 0 ? "photos" : "empty");
}

static void
apply_albums (SearchUi *ui, GPtrArray *albums, GPtrArray *covers)
{
  GtkWidget *imports = sidebar_imports_row (ui);
  GtkWidget *child, *next;
  gboolean album_shown =
      g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0;

  g_clear_pointer (&ui->album_list, g_ptr_array_unref);
  ui->album_list = albums != NULL ? g_ptr_array_ref (albums) : NULL;

  ui->rebuilding_albums = TRUE;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (ui->albums)); child != NULL; child = next)
    {
      next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_LIST_BOX_ROW (child) && row_album_id (GTK_LIST_BOX_ROW (child)) > 0)
        gtk_list_box_remove (ui->albums, child);
    }
  for (guint i = 0; albums != NULL && i < albums->len; i++)
    {
      SvAlbum *album = g_ptr_array_index (albums, i);
      GtkWidget *row = album_row_new (ui, album, TRUE);
      int index = imports != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (imports)) : -1;

      gtk_list_box_insert (ui->albums, row, index);
      if (album_shown && sv_album_get_id (album) == ui->album_id)
        gtk_list_box_select_row (ui->albums, GTK_LIST_BOX_ROW (row));
    }
  ui->rebuilding_albums = FALSE;

  sv_albums_view_set_albums (ui->albums_view, ui->catalogue, albums, covers);
  if (ui->album_id > 0)
    {
      if (find_album (ui, ui->album_id) != NULL)
        update_album_header (ui);
      else if (album_shown)
        {
          /* Deleted elsewhere (the CLI): the albums, the bar as it is. */
          ui->album_id = 0;
          ui->leaving = TRUE;
          sv_search_ui_show_albums (ui->window);
          ui->leaving = FALSE;
        }
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUMS) == 0)
    set_albums_subtitle (ui);
}

static void
on_sidebar_row_selected_cb (GtkListBox *list, GtkListBoxRow *row, SearchUi *ui)
{
  const char *name;

  if (row == NULL || ui->rebuilding_albums)
    return;
  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_str_equal (name, SV_PAGE_ALBUMS))
    sv_search_ui_show_albums (ui->window);
  else if (row_album_id (row) > 0)
    sv_search_ui_show_album (ui->window, row_album_id (row));
  else
    update_album_actions (ui);
}

static void
on_album_activated_cb (SvAlbumsView *view, gint64 album_id, SearchUi *ui)
{
  sv_search_ui_show_album (ui->window, album_id);
  navigate_forward (ui);
}

/* Inline title: renamed on Enter or when the focus leaves it, to a new,
 * non-empty name (an empty one puts the name back). */
static void
save_title (SearchUi *ui)
{
  SvAlbum *album = find_album (ui, ui->album_id);
  g_autofree char *text = NULL;

  if (ui->updating_album || album == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ui->album_title))));
  if (*text == '\0')
    {
      ui->updating_album = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (ui->album_title), sv_album_get_name (album));
      ui->updating_album = FALSE;
      return;
    }
  if (!g_str_equal (text, sv_album_get_name (album)))
    run_edit (ui, EDIT_RENAME, ui->album_id, text, NULL);
}

static void
on_title_activate_cb (GtkEntry *entry, SearchUi *ui)
{
  save_title (ui);
  /* Done editing: the focus leaves the field. */
  if (!gtk_widget_grab_focus (GTK_WIDGET (ui->album_view)))
    gtk_root_set_focus (GTK_ROOT (ui->window), NULL);
}

static void
on_title_focus_leave_cb (GtkEventControllerFocus *controller, SearchUi *ui)
{
  save_title (ui);
}

static void
save_description (SearchUi *ui)
{
  SvAlbum *album = find_album (ui, ui->album_id);
  g_autofree char *text = NULL;

  if (ui->updating_album || album == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ui->album_description))));
  if (!g_str_equal (text, sv_album_get_description (album)))
    run_edit (ui, EDIT_DESCRIBE, ui->album_id, text, NULL);
}

static void
on_description_activate_cb (GtkEntry *entry, SearchUi *ui)
{
  save_description (ui);
  /* Done editing: the focus leaves the field. */
  if (!gtk_widget_grab_focus (GTK_WIDGET (ui->album_view)))
    gtk_root_set_focus (GTK_ROOT (ui->window), NULL);
}

static void
on_description_focus_leave_cb (GtkEventControllerFocus *controller, SearchUi *ui)
{
  save_description (ui);
}

static void
on_album_sort_toggled_cb (GtkToggleButton *button, SearchUi *ui)
{
  if (ui->updating_album || ui->album_id <= 0)
    return;
  run_edit_full (ui, EDIT_SORT, ui->album_id, NULL, NULL,
                 gtk_toggle_button_get_active (button) ? SV_ALBUM_SORT_DATE : SV_ALBUM_SORT_MANUAL);
}

/* A dialog with an entry: its NameFunc gets the trimmed text. */
typedef void (*NameFunc) (SearchUi *ui, const char *name);

static void
on_name_entry_changed_cb (GtkEditable *editable, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "ok", *text != '\0');
}

/* Enter does what the button does: respond, then close. */
static void
on_name_entry_activate_cb (GtkEntry *entry, AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "ok"))
    return;
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "ok");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
on_name_dialog_response_cb (AdwMessageDialog *dialog, const char *response, SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  NameFunc func = g_object_get_data (G_OBJECT (dialog), "sv-func");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sv-entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (ui != NULL && g_str_equal (response, "ok") && *text != '\0')
    func (ui, text);
}

static AdwMessageDialog *
name_dialog_new (SearchUi *ui,
                 const char *heading,
                 const char *initial,
                 const char *ok_label,
                 NameFunc func)
{
  AdwMessageDialog *dialog =
      ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (ui->window), heading, NULL));
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (GTK_WIDGET (dialog), "album-name-dialog");
  gtk_widget_set_name (entry, "album-name-entry");
  gtk_entry_set_max_length (GTK_ENTRY (entry), SV_ALBUM_NAME_MAX_BYTES / 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Album name"), -1);
  if (initial != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  on_name_entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_name_entry_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_name_entry_activate_cb), dialog, 0);
  g_object_set_data (G_OBJECT (dialog), "sv-func", func);
  g_object_set_data (G_OBJECT (dialog), "sv-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_name_dialog_response_cb), ui->window,
                           0);
  return dialog;
}

static void
create_album (SearchUi *ui, const char *name)
{
  run_edit (ui, EDIT_CREATE, 0, name, NULL);
}

static void
new_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  AdwMessageDialog *dialog =
      name_dialog_new (ui, _ ("New Album"), NULL, _ ("C_reate"), create_album);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);

  if (ui->album_id <= 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (ui->album_title));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog, const char *response, SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  gint64 album_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "sv-album-id"));

  if (ui != NULL && g_str_equal (response, "delete"))
    run_edit (ui, EDIT_DELETE, album_id, NULL, NULL);
}

static void
delete_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  SvAlbum *album = find_album (ui, ui->album_id);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (album == NULL)
    return;
  /* Translators: %s is an album's name */
  heading = g_strdup_printf (_ ("Delete “%s”?"), sv_album_get_name (album));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (ui->window), heading,
      _ ("The album is deleted; its photos and videos stay in the library.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "delete-album-dialog");
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "delete", _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "sv-album-id", GSIZE_TO_POINTER ((gsize) ui->album_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), ui->window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GArray *
selection_ids (SearchUi *ui)
{
  const char *page = gtk_stack_get_visible_child_name (ui->stack);
  GtkWidget *view;

  if (g_strcmp0 (page, SV_PAGE_SEARCH) == 0)
    view = GTK_WIDGET (ui->search_view);
  else if (g_strcmp0 (page, SV_PAGE_ALBUM) == 0)
    view = GTK_WIDGET (ui->album_view);
  else
    view = sv_window_get_view (ui->window, sv_window_get_section (ui->window));
  if (view == NULL || !SV_IS_TIMELINE_VIEW (view))
    return NULL;
  return sv_timeline_view_get_selected_ids (SV_TIMELINE_VIEW (view));
}

static void
remove_from_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = selection_ids (ui);

  if (ui->album_id > 0 && ids != NULL && ids->len > 0)
    run_edit (ui, EDIT_REMOVE, ui->album_id, NULL, ids);
}

static void
set_album_cover_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = selection_ids (ui);

  if (ui->album_id > 0 && ids != NULL && ids->len > 0)
    {
      g_array_set_size (ids, 1);
      run_edit (ui, EDIT_COVER, ui->album_id, NULL, ids);
    }
}

/* "Remove from Album" and "Set as Album Cover" show in selection mode on
 * an album's page only, instead of its sort and delete buttons. */
static void
update_album_actions (SearchUi *ui)
{
  gboolean album = g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0 &&
                   ui->album_id > 0;
  guint n = album ? sv_timeline_view_get_n_selected (ui->album_view) : 0;
  GAction *remove = g_action_map_lookup_action (G_ACTION_MAP (ui->window), "remove-from-album");
  GAction *cover = g_action_map_lookup_action (G_ACTION_MAP (ui->window), "set-album-cover");
  gboolean selecting;

  if (ui->remove_button == NULL)
    return;
  selecting = album && sv_timeline_view_get_selection_mode (ui->album_view);
  gtk_widget_set_visible (ui->remove_button, selecting);
  gtk_widget_set_visible (ui->cover_button, selecting);
  gtk_widget_set_visible (GTK_WIDGET (ui->album_sort), !selecting);
  gtk_widget_set_visible (ui->delete_button, !selecting);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (remove), n > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cover), n == 1);
}

/* Photos dragged inside an album's page: moved to where they are dropped
 * (the album's order becomes manual). */
static gboolean
on_album_reorder_drop_cb (GtkDropTarget *target,
                          const GValue *value,
                          double x,
                          double y,
                          SearchUi *ui)
{
  GArray *ids;
  guint index;

  if (!G_VALUE_HOLDS (value, G_TYPE_ARRAY) || ui->album_id <= 0)
    return FALSE;
  ids = g_value_get_boxed (value);
  if (ids == NULL || ids->len == 0 || g_array_get_element_size (ids) != sizeof (gint64))
    return FALSE;
  index = sv_timeline_view_get_index_at (ui->album_view, x, y);
  if (index == G_MAXUINT)
    return FALSE;
  /* Before the item dropped on: the view hides trashed members, so its
   * index is not a position in the album. */
  {
    g_autoptr (SvMediaItem) at =
        g_list_model_get_item (sv_timeline_view_get_items (ui->album_view), index);

    run_edit_full (ui, EDIT_MOVE, ui->album_id, NULL, ids,
                   at != NULL ? sv_media_item_get_id (at) : 0);
  }
  return TRUE;
}

/* A day's or an event's photos into a new album, in one step (the
 * album is named after the day or the event). */
static void
new_album_from_day_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  run_edit (get_ui (window), EDIT_FROM_DAY, 0, g_variant_get_string (param, NULL), NULL);
}

static void
new_album_from_event_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  run_edit (get_ui (window), EDIT_FROM_EVENT, g_variant_get_int64 (param), NULL, NULL);
}

/* ---- Edit… ---- */

static void
on_edit_selection_done_cb (AdwToast *toast, gpointer window)
{
  SearchUi *ui = get_ui (window);

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
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = selection_ids (ui);

  if (ids == NULL || ids->len == 0 || ui->catalogue == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sv_edit_selection_dialog_new (
      GTK_WINDOW (ui->window), ui->catalogue, ids, on_edit_selection_done_cb, ui->window)));
}

/* ---- Add to Album… ---- */

static void
on_add_dialog_response_cb (AdwMessageDialog *dialog, const char *response, SvWindow *window)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "sv-list");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sv-entry");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "ok"))
    return;
  if (*name != '\0')
    sv_search_ui_add_selection_to_album (window, 0, name);
  else if (row != NULL)
    sv_search_ui_add_selection_to_album (window, row_album_id (row), NULL);
}

static void
on_add_dialog_changed_cb (AdwMessageDialog *dialog)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "sv-list");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sv-entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (
      dialog, "ok", *name != '\0' || gtk_list_box_get_selected_row (list) != NULL);
}

static gboolean
album_filter_func (GtkListBoxRow *row, gpointer user_data)
{
  GtkEditable *search = user_data;
  const char *name = g_object_get_data (G_OBJECT (row), "sv-album-name");
  g_autofree char *wanted = g_utf8_casefold (gtk_editable_get_text (search), -1);
  g_autofree char *folded = name != NULL ? g_utf8_casefold (name, -1) : NULL;

  return *wanted == '\0' || (folded != NULL && strstr (folded, wanted) != NULL);
}

static void
on_album_search_changed_cb (GtkSearchEntry *search, GtkListBox *list)
{
  gtk_list_box_invalidate_filter (list);
}

static void
add_to_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = selection_ids (ui);
  AdwMessageDialog *dialog;
  GtkWidget *box, *scrolled, *list, *entry, *search;
  guint n = ids != NULL ? ids->len : 0;
  guint n_albums = ui->album_list != NULL ? ui->album_list->len : 0;
  g_autofree char *heading = NULL;

  if (n == 0 || ui->catalogue == NULL)
    return;

  /* Translators: %u is a number of selected photos and videos */
  heading = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Add %u Item to an Album", "Add %u Items to an Album", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (ui->window), heading, NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "add-to-album-dialog");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  search = gtk_search_entry_new ();
  gtk_widget_set_name (search, "add-to-album-search");
  g_object_set (search, "placeholder-text", _ ("Search albums"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Search albums"), -1);
  gtk_widget_set_visible (search, n_albums > 5);
  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "add-to-album-list");
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Albums"), -1);
  for (guint i = 0; i < n_albums; i++)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         album_row_new (ui, g_ptr_array_index (ui->album_list, i), FALSE));
  gtk_list_box_unselect_all (GTK_LIST_BOX (list));
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), album_filter_func, search, NULL);
  g_signal_connect_object (search, "search-changed", G_CALLBACK (on_album_search_changed_cb), list,
                           0);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_visible (scrolled, n_albums > 0);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "new-album-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Or a new album’s name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("New album name"), -1);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "ok", _ ("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "ok");
  g_object_set_data (G_OBJECT (dialog), "sv-list", list);
  g_object_set_data (G_OBJECT (dialog), "sv-entry", entry);
  on_add_dialog_changed_cb (dialog);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_add_dialog_changed_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "selected-rows-changed", G_CALLBACK (on_add_dialog_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_dialog_response_cb), ui->window,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the catalogue ---- */

static gboolean
reload_after_changes_cb (gpointer data)
{
  SearchUi *ui = data;
  const char *text;

  ui->changed_id = 0;
  reload_albums (ui);
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
  SearchUi *ui = get_ui (window);

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
  apply_albums (ui, NULL, NULL);
  if (catalogue != NULL)
    {
      reload_albums (ui);
      run_recent (ui, NULL);
    }
  gtk_widget_set_sensitive (ui->search_button, catalogue != NULL);
  if (catalogue == NULL)
    gtk_search_bar_set_search_mode (ui->search_bar, FALSE);
}

static void
on_app_catalogue_cb (SvWindow *window)
{
  SearchUi *ui = get_ui (window);
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
  update_album_actions (ui);
}

static void
on_page_changed_cb (GtkStack *stack, GParamSpec *pspec, SearchUi *ui)
{
  update_album_actions (ui);
}

/* Back from the viewer: the page it was opened from, even if the sidebar
 * took the focus (and so selected a section) meanwhile. */
static void
on_viewer_close_cb (SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  const char *page;

  if (ui == NULL || ui->viewer_page == NULL)
    return;
  page = g_steal_pointer (&ui->viewer_page);
  if (g_str_equal (page, SV_PAGE_ALBUM) && ui->album_id > 0)
    sv_search_ui_show_album (window, ui->album_id);
  else if (g_str_equal (page, SV_PAGE_SEARCH) && gtk_search_bar_get_search_mode (ui->search_bar))
    {
      show_page (ui, SV_PAGE_SEARCH);
      set_subtitle_count (ui, ui->search_total);
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

static void
on_album_selection_cb (SvTimelineView *view, GParamSpec *pspec, SearchUi *ui)
{
  update_album_actions (ui);
}

/* ---- building ---- */

static GtkWidget *
status_page_new (const char *icon, const char *title, const char *description)
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
  ui->search_view = page_timeline_new (ui, SV_PAGE_SEARCH, "search-timeline");
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_view), "results");
  ui->search_empty =
      ADW_STATUS_PAGE (status_page_new ("system-search-symbolic", _ ("No Results"), NULL));
  gtk_widget_set_name (GTK_WIDGET (ui->search_empty), "search-empty");
  ui->broader_button = gtk_button_new ();
  gtk_widget_set_name (ui->broader_button, "broader-search-button");
  gtk_widget_set_halign (ui->broader_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (ui->broader_button, "pill");
  g_signal_connect (ui->broader_button, "clicked", G_CALLBACK (on_broader_clicked_cb), ui);
  adw_status_page_set_child (ui->search_empty, ui->broader_button);
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_empty), "empty");
  ui->search_error = ADW_STATUS_PAGE (
      status_page_new ("dialog-warning-symbolic", _ ("This Search Is Not Understood"), NULL));
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_error), "error");
  page = gtk_stack_add_named (ui->stack, GTK_WIDGET (ui->search_stack), SV_PAGE_SEARCH);
  gtk_stack_page_set_title (page, _ ("Search"));
}

static GtkWidget *
selection_button_new (const char *name, const char *icon, const char *label, const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
build_albums (SearchUi *ui)
{
  GtkWidget *heading_row = gtk_list_box_row_new ();
  GtkWidget *heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (_ ("Albums"));
  GtkWidget *new_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *page_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *imports = sidebar_imports_row (ui);
  GtkWidget *albums_page_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *albums_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *albums_title = gtk_label_new (_ ("Albums"));
  GtkWidget *albums_new = gtk_button_new_with_mnemonic (_ ("_New Album"));
  GtkEventController *focus;
  GtkDropTarget *reorder;
  GtkStackPage *page;

  /* The sidebar: an "Albums" row (the albums' grid) with a New Album
   * button, then one row per album, between Videos and Imports. */
  gtk_widget_set_name (heading_row, SV_PAGE_ALBUMS);
  gtk_widget_set_margin_top (heading_row, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_name (new_button, "new-album-button");
  gtk_widget_add_css_class (new_button, "flat");
  gtk_widget_set_valign (new_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (new_button, _ ("New Album…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (new_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("New Album…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (new_button), "win.new-album");
  gtk_box_append (GTK_BOX (heading_box), heading);
  gtk_box_append (GTK_BOX (heading_box), new_button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (heading_row), heading_box);
  ui->albums_heading = heading_row;
  gtk_list_box_insert (ui->albums, heading_row,
                       imports != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (imports))
                                       : -1);
  g_signal_connect (ui->albums, "row-selected", G_CALLBACK (on_sidebar_row_selected_cb), ui);

  /* The Albums page: a grid of cards. */
  gtk_widget_set_margin_start (albums_bar, 18);
  gtk_widget_set_margin_end (albums_bar, 18);
  gtk_widget_set_margin_top (albums_bar, 12);
  gtk_label_set_xalign (GTK_LABEL (albums_title), 0);
  gtk_widget_set_hexpand (albums_title, TRUE);
  gtk_widget_add_css_class (albums_title, "title-2");
  gtk_widget_set_name (albums_new, "albums-new-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (albums_new), "win.new-album");
  gtk_box_append (GTK_BOX (albums_bar), albums_title);
  gtk_box_append (GTK_BOX (albums_bar), albums_new);
  ui->albums_view = SV_ALBUMS_VIEW (sv_albums_view_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->albums_view), "albums-view");
  g_signal_connect (ui->albums_view, "album-activated", G_CALLBACK (on_album_activated_cb), ui);
  gtk_box_append (GTK_BOX (albums_page_box), albums_bar);
  gtk_box_append (GTK_BOX (albums_page_box), GTK_WIDGET (ui->albums_view));
  page = gtk_stack_add_named (ui->stack, albums_page_box, SV_PAGE_ALBUMS);
  gtk_stack_page_set_title (page, _ ("Albums"));

  /* An album's page: its title and description edited in place, its
   * count and dates, sort by date, delete; then its photos. */
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  /* Flat entries: the title and the description read as text and edit in
   * place. (GtkEditableLabel 4.8 leaves a timeout behind when destroyed
   * while focused.) */
  ui->album_title = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->album_title), "album-title");
  gtk_entry_set_has_frame (ui->album_title, FALSE);
  gtk_entry_set_max_length (ui->album_title, SV_ALBUM_NAME_MAX_BYTES / 2);
  gtk_widget_add_css_class (GTK_WIDGET (ui->album_title), "title-2");
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->album_title), _ ("Rename the album"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->album_title), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Album name"), -1);
  g_signal_connect (ui->album_title, "activate", G_CALLBACK (on_title_activate_cb), ui);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_title_focus_leave_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->album_title), focus);
  ui->title_focus = GTK_EVENT_CONTROLLER_FOCUS (focus);
  gtk_editable_set_width_chars (GTK_EDITABLE (ui->album_title), 4);
  ui->album_description = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->album_description), "album-description");
  gtk_entry_set_placeholder_text (ui->album_description, _ ("Add a description"));
  gtk_entry_set_has_frame (ui->album_description, FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (ui->album_description), 4);
  gtk_entry_set_max_length (ui->album_description, SV_ALBUM_DESCRIPTION_MAX_BYTES / 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->album_description),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Album description"), -1);
  g_signal_connect (ui->album_description, "activate", G_CALLBACK (on_description_activate_cb), ui);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_description_focus_leave_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->album_description), focus);
  ui->description_focus = GTK_EVENT_CONTROLLER_FOCUS (focus);
  ui->album_details = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (ui->album_details), "album-details");
  gtk_label_set_xalign (ui->album_details, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (ui->album_details), 1);
  gtk_widget_add_css_class (GTK_WIDGET (ui->album_details), "dim-label");
  gtk_label_set_ellipsize (ui->album_details, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (ui->album_title));
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (ui->album_details));
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (ui->album_description));
  /* Icons only: the page must fit 360 px. */
  ui->album_sort = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (ui->album_sort), "view-sort-ascending-symbolic");
  gtk_widget_set_name (GTK_WIDGET (ui->album_sort), "album-sort-button");
  gtk_widget_set_valign (GTK_WIDGET (ui->album_sort), GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ui->album_sort),
                               _ ("Sort by date, oldest first; drag photos to choose the order "
                                  "yourself"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->album_sort), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Sort by Date"), -1);
  g_signal_connect (ui->album_sort, "toggled", G_CALLBACK (on_album_sort_toggled_cb), ui);
  gtk_widget_set_name (delete, "delete-album-button");
  gtk_widget_set_valign (delete, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (delete, _ ("Delete Album"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Delete Album"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "win.delete-album");
  /* In selection mode, the album's own selection actions take their
   * place (the header bar has no room for them at 360 px). */
  ui->remove_button = selection_button_new ("remove-from-album-button", "list-remove-symbolic",
                                            _ ("Remove from Album"), "win.remove-from-album");
  ui->cover_button = selection_button_new ("set-album-cover-button", "image-x-generic-symbolic",
                                           _ ("Set as Album Cover"), "win.set-album-cover");
  ui->delete_button = delete;
  gtk_widget_set_valign (ui->remove_button, GTK_ALIGN_START);
  gtk_widget_set_valign (ui->cover_button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (bar), text_box);
  gtk_box_append (GTK_BOX (bar), ui->cover_button);
  gtk_box_append (GTK_BOX (bar), ui->remove_button);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (ui->album_sort));
  gtk_box_append (GTK_BOX (bar), delete);
  gtk_box_append (GTK_BOX (page_box), bar);

  ui->album_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->album_stack), "album-stack");
  gtk_widget_set_vexpand (GTK_WIDGET (ui->album_stack), TRUE);
  ui->album_view = page_timeline_new (ui, SV_PAGE_ALBUM, "album-timeline");
  g_signal_connect (ui->album_view, "notify::n-selected", G_CALLBACK (on_album_selection_cb), ui);
  g_signal_connect (ui->album_view, "notify::selection-mode", G_CALLBACK (on_album_selection_cb),
                    ui);
  reorder = gtk_drop_target_new (G_TYPE_ARRAY, GDK_ACTION_COPY);
  g_signal_connect (reorder, "drop", G_CALLBACK (on_album_reorder_drop_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->album_view), GTK_EVENT_CONTROLLER (reorder));
  gtk_stack_add_named (ui->album_stack, GTK_WIDGET (ui->album_view), "photos");
  gtk_stack_add_named (ui->album_stack,
                       status_page_new ("folder-pictures-symbolic", _ ("Empty Album"),
                                        _ ("Select photos in the timeline, then choose Add to "
                                           "Album, or drag them onto the album in the sidebar")),
                       "empty");
  gtk_box_append (GTK_BOX (page_box), GTK_WIDGET (ui->album_stack));
  page = gtk_stack_add_named (ui->stack, page_box, SV_PAGE_ALBUM);
  gtk_stack_page_set_title (page, _ ("Album"));
}

static const GActionEntry actions[] = {
  { "search", search_action_cb, NULL, NULL, NULL, { 0 } },
  { "new-album", new_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "rename-album", rename_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "delete-album", delete_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "add-to-album", add_to_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "remove-from-album", remove_from_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "set-album-cover", set_album_cover_action_cb, NULL, NULL, NULL, { 0 } },
  { "edit-selected", edit_selected_action_cb, NULL, NULL, NULL, { 0 } },
  { "new-album-from-day", new_album_from_day_action_cb, "s", NULL, NULL, { 0 } },
  { "new-album-from-event", new_album_from_event_action_cb, "x", NULL, NULL, { 0 } },
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
  g_return_if_fail (get_ui (window) == NULL);

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
  ui->albums = ui->sidebar;
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
  build_albums (ui);

  gtk_box_prepend (GTK_BOX (selection_actions),
                   selection_button_new ("add-to-album-button", "folder-pictures-symbolic",
                                         _ ("Add to Album…"), "win.add-to-album"));
  gtk_box_prepend (GTK_BOX (selection_actions),
                   selection_button_new ("edit-selection-button", "document-edit-symbolic",
                                         _ ("Edit…"), "win.edit-selected"));
  g_signal_connect (ui->stack, "notify::visible-child-name", G_CALLBACK (on_page_changed_cb), ui);
  g_signal_connect (window, "notify::selection-mode", G_CALLBACK (on_selection_mode_cb), ui);
  g_signal_connect (
      gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "main_stack"),
      "notify::visible-child-name", G_CALLBACK (on_main_page_changed_cb), ui);
  update_album_actions (ui);

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
  SearchUi *ui = get_ui (window);

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
  SearchUi *ui = get_ui (window);

  return ui != NULL && (ui->busy > 0 || sv_edit_selection_get_busy ());
}

SvTimelineView *
sv_search_ui_get_timeline (SvWindow *window, const char *page)
{
  SearchUi *ui = get_ui (window);

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
  g_return_val_if_fail (get_ui (window) != NULL, NULL);
  return GTK_EDITABLE (get_ui (window)->entry);
}

GtkListBox *
sv_search_ui_get_suggestions (SvWindow *window)
{
  g_return_val_if_fail (get_ui (window) != NULL, NULL);
  return get_ui (window)->suggestions;
}

GtkListBox *
sv_search_ui_get_album_list (SvWindow *window)
{
  g_return_val_if_fail (get_ui (window) != NULL, NULL);
  return get_ui (window)->albums;
}

SvAlbumsView *
sv_search_ui_get_albums_view (SvWindow *window)
{
  g_return_val_if_fail (get_ui (window) != NULL, NULL);
  return get_ui (window)->albums_view;
}

GPtrArray *
sv_search_ui_get_recent (SvWindow *window)
{
  g_return_val_if_fail (get_ui (window) != NULL, NULL);
  return get_ui (window)->recent;
}

void
sv_search_ui_add_selection_to_album (SvWindow *window, gint64 album_id, const char *name)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = NULL;

  g_return_if_fail (ui != NULL);
  ids = selection_ids (ui);
  if (ids == NULL || ids->len == 0)
    return;
  if (name != NULL)
    run_edit (ui, EDIT_CREATE, 0, name, ids);
  else
    run_edit (ui, EDIT_ADD, album_id, NULL, ids);
}

void
sv_search_ui_show_albums (SvWindow *window)
{
  SearchUi *ui = get_ui (window);

  g_return_if_fail (ui != NULL);
  g_clear_pointer (&ui->return_page, g_free);
  if (!ui->leaving)
    {
      ui->switching = TRUE;
      gtk_search_bar_set_search_mode (ui->search_bar, FALSE);
      ui->switching = FALSE;
    }
  if (!gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (ui->albums_heading)))
    {
      ui->rebuilding_albums = TRUE;
      gtk_list_box_select_row (ui->albums, GTK_LIST_BOX_ROW (ui->albums_heading));
      ui->rebuilding_albums = FALSE;
    }
  show_page (ui, SV_PAGE_ALBUMS);
  set_albums_subtitle (ui);
}

void
sv_search_ui_show_album (SvWindow *window, gint64 album_id)
{
  SearchUi *ui = get_ui (window);
  g_auto (SvQuery) query = { 0 };
  GtkListBoxRow *row;

  g_return_if_fail (ui != NULL);
  if (ui->catalogue == NULL || album_id <= 0)
    return;

  if (ui->album_id != album_id || sv_timeline_view_get_catalogue (ui->album_view) == NULL)
    {
      sv_query_init (&query);
      query.album_id = album_id;
      sv_timeline_view_set_query (ui->album_view, ui->catalogue, &query);
    }
  ui->album_id = album_id;
  /* Leaving the search for an album closes the search. */
  g_clear_pointer (&ui->return_page, g_free);
  if (!ui->leaving)
    {
      ui->switching = TRUE;
      gtk_search_bar_set_search_mode (ui->search_bar, FALSE);
      ui->switching = FALSE;
    }
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (ui->albums, i)) != NULL; i++)
    if (row_album_id (row) == album_id && !gtk_list_box_row_is_selected (row))
      {
        ui->rebuilding_albums = TRUE;
        gtk_list_box_select_row (ui->albums, row);
        ui->rebuilding_albums = FALSE;
      }
  show_page (ui, SV_PAGE_ALBUM);
  /* The album as last read; a new album is read again. */
  if (find_album (ui, album_id) != NULL)
    update_album_header (ui);
  else
    reload_albums (ui);
}
