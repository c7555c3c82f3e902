/* sv-search-ui.c: the window's search bar and albums (issue 5, UI part)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is built in code and attached to the window, so the window's
 * template stays as it is: the search bar goes under the content header
 * bar, the results and album pages into the content stack, and the albums
 * into the sidebar's scrolled area, under the sections' list (a list of
 * their own: the sections' rows keep their indices).
 *
 * Searches, suggestions, album contents and album edits run in worker
 * threads (sv_app_task_run_async); a newer search or suggestion lookup
 * cancels the one before. The album list itself is one small query, read
 * on the main thread.
 */
#define G_LOG_DOMAIN "sv-search-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-application.h"
#include "sv-catalogue-albums.h"
#include "sv-search-ui.h"
#include "sv-search.h"
#include "sv-thumb-image.h"
#include "sv-timeline-view.h"
#include "sv-viewer.h"

#define UI_KEY "sv-search-ui"
/* The grid shows at most this many results (the title says how many
 * there are). */
#define MAX_SHOWN 5000
#define N_SUGGESTIONS 8

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
  GtkPopover *popover;
  GtkListBox *suggestions;

  GtkStack *search_stack;
  AdwStatusPage *search_error;
  GListStore *search_results;
  guint search_total;
  char *return_page;

  GtkListBox *albums;
  GtkStack *album_stack;
  GtkLabel *album_title;
  GListStore *album_results;
  gint64 album_id;
  gboolean rebuilding_albums;

  GCancellable *search_cancellable;
  GCancellable *suggest_cancellable;
  GCancellable *album_cancellable;
  GCancellable *edit_cancellable;
  guint busy;
  guint suggest_generation;
  gboolean ignore_changed;
  gboolean switching;      /* from the search to an album */
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
  g_clear_object (&ui->search_cancellable);
  g_clear_object (&ui->suggest_cancellable);
  g_clear_object (&ui->album_cancellable);
  g_clear_object (&ui->edit_cancellable);
  g_clear_handle_id (&ui->changed_id, g_source_remove);
  if (ui->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (ui->catalogue, ui->window);
  g_clear_object (&ui->catalogue);
  if (ui->popover != NULL)
    g_object_remove_weak_pointer (G_OBJECT (ui->popover), (gpointer *) &ui->popover);
  g_clear_object (&ui->search_results);
  g_clear_object (&ui->album_results);
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
show_page (SearchUi *ui, const char *page)
{
  const char *current = gtk_stack_get_visible_child_name (ui->stack);

  if (g_strcmp0 (current, page) == 0)
    return;
  if (!g_str_equal (page, SV_PAGE_ALBUM))
    gtk_list_box_unselect_all (ui->albums);
  unselect_sections (ui);
  gtk_stack_set_visible_child_name (ui->stack, page);
  refresh_window (ui);
  g_object_notify (G_OBJECT (ui->window), "section");
}

static void
popdown (SearchUi *ui)
{
  if (ui->popover != NULL)
    gtk_popover_popdown (ui->popover);
}

/* ---- results grid ---- */

static void
grid_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *picture = gtk_picture_new ();

  gtk_widget_set_size_request (picture, 180, 180);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_list_item_set_child (list_item, picture);
}

static void
grid_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  SvMediaItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *picture = gtk_list_item_get_child (list_item);

  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
  if (ui != NULL && ui->catalogue != NULL && item != NULL)
    sv_thumb_image_load (GTK_PICTURE (picture), ui->catalogue, item);
}

/* Back from the viewer: the page it was opened from, even if the sections'
 * list took the focus (and so selected a section) meanwhile. */
static void
on_viewer_close_cb (SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  const char *page;

  if (ui == NULL || ui->viewer_page == NULL)
    return;
  page = g_steal_pointer (&ui->viewer_page);
  if (g_str_equal (page, SV_PAGE_SEARCH) && !gtk_search_bar_get_search_mode (ui->search_bar))
    return;
  if (g_str_equal (page, SV_PAGE_ALBUM))
    {
      if (ui->album_id > 0)
        sv_search_ui_show_album (window, ui->album_id);
      return;
    }
  show_page (ui, page);
  set_subtitle_count (ui, ui->search_total);
}

/* Opens the viewer on the results, as the timeline's items open it. */
static void
on_grid_activate_cb (GtkGridView *grid, guint position, SvWindow *window)
{
  SearchUi *ui = get_ui (window);
  GListModel *items =
      G_LIST_MODEL (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_grid_view_get_model (grid))));
  GtkWidget *viewer;
  GtkStack *main_stack;

  if (ui == NULL || ui->catalogue == NULL || position >= g_list_model_get_n_items (items))
    return;
  viewer = sv_window_get_view (window, "viewer");
  main_stack =
      GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), SV_TYPE_WINDOW, "main_stack"));
  if (g_object_get_data (G_OBJECT (viewer), "sv-search-ui-close") == NULL)
    {
      g_object_set_data (G_OBJECT (viewer), "sv-search-ui-close", GINT_TO_POINTER (1));
      g_signal_connect_object (viewer, "close", G_CALLBACK (on_viewer_close_cb), window,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  ui->viewer_page = g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (grid)), "album-grid") == 0
                        ? SV_PAGE_ALBUM
                        : SV_PAGE_SEARCH;
  sv_viewer_show (SV_VIEWER (viewer), ui->catalogue, items, position);
  gtk_stack_set_visible_child_name (main_stack, "viewer");
  gtk_widget_grab_focus (viewer);
}

static GtkWidget *
results_grid_new (SvWindow *window, GListStore *store, const char *name)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *model =
      GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store))));
  GtkWidget *grid;
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (grid_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (grid_bind_cb), window, 0);
  grid = gtk_grid_view_new (model, factory);
  gtk_widget_set_name (grid, name);
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (grid), 12);
  gtk_grid_view_set_single_click_activate (GTK_GRID_VIEW (grid), TRUE);
  g_signal_connect_object (grid, "activate", G_CALLBACK (on_grid_activate_cb), window, 0);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

/* ---- search ---- */

typedef struct
{
  char *query;
  GArray *ids;
  GPtrArray *items;
} SearchData;

static void
search_data_free (SearchData *d)
{
  g_free (d->query);
  g_clear_pointer (&d->ids, g_array_unref);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gboolean
search_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  SearchData *d = data;

  d->ids = sv_search_ids (catalogue, d->query, NULL, error);
  if (d->ids == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  d->items = sv_catalogue_get_items (catalogue, (const gint64 *) d->ids->data,
                                     MIN (d->ids->len, MAX_SHOWN), error);
  return d->items != NULL;
}

static void
fill_store (GListStore *store, GPtrArray *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items != NULL ? items->pdata : NULL, items != NULL ? items->len : 0);
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

  if (!ok)
    {
      fill_store (ui->search_results, NULL);
      ui->search_total = 0;
      adw_status_page_set_description (ui->search_error, error->message);
      gtk_stack_set_visible_child_name (ui->search_stack, "error");
    }
  else
    {
      fill_store (ui->search_results, d->items);
      ui->search_total = d->ids->len;
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
  if (ui->switching ||
      g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_SEARCH) != 0)
    return;
  if (page != NULL && g_str_equal (page, SV_PAGE_ALBUM) && ui->album_id > 0)
    sv_search_ui_show_album (ui->window, ui->album_id);
  else
    sv_window_set_section (
        ui->window, page != NULL && !g_str_equal (page, SV_PAGE_ALBUM) ? page : SV_SECTION_PHOTOS);
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
  run_search (ui, gtk_editable_get_text (GTK_EDITABLE (entry)));
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
  GtkWidget *child;

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

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (ui->suggestions))) != NULL)
    gtk_list_box_remove (ui->suggestions, child);
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
  g_autofree char *text = g_strconcat (query, " ", NULL);

  popdown (ui);
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
  EDIT_DELETE,
  EDIT_LOAD, /* an album's items, for its page */
} EditKind;

typedef struct
{
  EditKind kind;
  gint64 album_id;
  char *name;
  GArray *ids;
  GPtrArray *items;
  guint n_added;
} EditData;

static void
edit_data_free (EditData *d)
{
  g_free (d->name);
  g_clear_pointer (&d->ids, g_array_unref);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
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

      case EDIT_DELETE:
        return sv_catalogue_album_delete (catalogue, d->album_id, error);

      case EDIT_LOAD:
      default:
        d->ids = sv_catalogue_album_get_item_ids (catalogue, d->album_id, TRUE, error);
        if (d->ids == NULL)
          return FALSE;
        d->items = sv_catalogue_get_items (catalogue, (const gint64 *) d->ids->data,
                                           MIN (d->ids->len, MAX_SHOWN), error);
        return d->items != NULL;
    }
}

static void
reload_albums (SearchUi *ui);
static void
load_album (SearchUi *ui);

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
      if (d->kind == EDIT_LOAD)
        {
          fill_store (ui->album_results, NULL);
          gtk_stack_set_visible_child_name (ui->album_stack, "empty");
        }
      return;
    }

  switch (d->kind)
    {
      case EDIT_LOAD:
        if (d->album_id != ui->album_id)
          return;
        fill_store (ui->album_results, d->items);
        gtk_stack_set_visible_child_name (ui->album_stack, d->ids->len > 0 ? "results" : "empty");
        if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0)
          set_subtitle_count (ui, d->ids->len);
        return;

      case EDIT_CREATE:
        {
          /* Translators: %s is an album's name */
          g_autofree char *text = g_strdup_printf (_ ("Album “%s” created"), d->name);

          if (d->n_added > 0)
            g_object_set (ui->window, "selection-mode", FALSE, NULL);
          reload_albums (ui);
          show_toast (ui, text);
          sv_search_ui_show_album (ui->window, d->album_id);
        }
        break;

      case EDIT_ADD:
        {
          /* Translators: %u is a number of photos and videos, %s an album's name */
          g_autofree char *text =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item added to “%s”",
                                            "%u items added to “%s”", d->n_added),
                               d->n_added, d->name);

          g_object_set (ui->window, "selection-mode", FALSE, NULL);
          reload_albums (ui);
          show_toast (ui, text);
        }
        break;

      case EDIT_RENAME:
        reload_albums (ui);
        if (d->album_id == ui->album_id)
          {
            gtk_label_set_label (ui->album_title, d->name);
            adw_window_title_set_title (ui->window_title, d->name);
            gtk_stack_page_set_title (gtk_stack_get_page (ui->stack, gtk_stack_get_child_by_name (
                                                                         ui->stack, SV_PAGE_ALBUM)),
                                      d->name);
          }
        break;

      case EDIT_DELETE:
        if (d->album_id == ui->album_id)
          {
            ui->album_id = 0;
            if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0)
              sv_window_set_section (ui->window, SV_SECTION_PHOTOS);
          }
        reload_albums (ui);
        break;

      default:
        break;
    }
}

static void
run_edit (SearchUi *ui, EditKind kind, gint64 album_id, const char *name, GArray *ids)
{
  EditData *d;
  GCancellable *cancellable;

  if (ui->catalogue == NULL)
    return;
  d = g_new0 (EditData, 1);
  d->kind = kind;
  d->album_id = album_id;
  d->name = g_strdup (name);
  d->ids = ids != NULL ? g_array_ref (ids) : NULL;
  if (kind == EDIT_LOAD)
    {
      g_cancellable_cancel (ui->album_cancellable);
      g_clear_object (&ui->album_cancellable);
      ui->album_cancellable = g_cancellable_new ();
      cancellable = ui->album_cancellable;
    }
  else
    cancellable = ui->edit_cancellable;
  ui->busy++;
  sv_app_task_run_async (ui->window, ui->catalogue, edit_worker, d, (GDestroyNotify) edit_data_free,
                         cancellable, on_edit_done_cb, NULL);
}

static void
load_album (SearchUi *ui)
{
  if (ui->album_id > 0)
    run_edit (ui, EDIT_LOAD, ui->album_id, NULL, NULL);
}

static GtkWidget *
album_row_new (SvAlbum *album)
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
  return row;
}

static gint64
row_album_id (GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  if (!g_str_has_prefix (name, "album-"))
    return 0;
  return g_ascii_strtoll (name + strlen ("album-"), NULL, 10);
}

static void
reload_albums (SearchUi *ui)
{
  g_autoptr (GPtrArray) albums = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  ui->rebuilding_albums = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (ui->albums))) != NULL)
    gtk_list_box_remove (ui->albums, child);
  if (ui->catalogue != NULL)
    {
      albums = sv_catalogue_album_list (ui->catalogue, &error);
      if (albums == NULL)
        g_warning ("Cannot list the albums: %s", error->message);
    }
  for (guint i = 0; albums != NULL && i < albums->len; i++)
    {
      SvAlbum *album = g_ptr_array_index (albums, i);
      GtkWidget *row = album_row_new (album);

      gtk_list_box_append (ui->albums, row);
      if (sv_album_get_id (album) == ui->album_id &&
          g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0)
        gtk_list_box_select_row (ui->albums, GTK_LIST_BOX_ROW (row));
    }
  ui->rebuilding_albums = FALSE;
}

static void
on_album_row_selected_cb (GtkListBox *list, GtkListBoxRow *row, SearchUi *ui)
{
  if (row == NULL || ui->rebuilding_albums)
    return;
  sv_search_ui_show_album (ui->window, row_album_id (row));
}

static void
on_album_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, SearchUi *ui)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_LEAFLET));

  if (leaflet != NULL)
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_section_row_selected_cb (GtkListBox *list, GtkListBoxRow *row, SearchUi *ui)
{
  if (row != NULL)
    gtk_list_box_unselect_all (ui->albums);
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
rename_album (SearchUi *ui, const char *name)
{
  if (ui->album_id > 0)
    run_edit (ui, EDIT_RENAME, ui->album_id, name, NULL);
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
  AdwMessageDialog *dialog;

  if (ui->album_id <= 0)
    return;
  dialog = name_dialog_new (ui, _ ("Rename Album"), gtk_label_get_label (ui->album_title),
                            _ ("_Rename"), rename_album);
  gtk_window_present (GTK_WINDOW (dialog));
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
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (ui->album_id <= 0)
    return;
  /* Translators: %s is an album's name */
  heading = g_strdup_printf (_ ("Delete “%s”?"), gtk_label_get_label (ui->album_title));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (ui->window), heading,
      _ ("The album is deleted; its photos and videos stay in the library.")));
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
  GtkWidget *view = sv_window_get_view (ui->window, sv_window_get_section (ui->window));

  if (view == NULL || !SV_IS_TIMELINE_VIEW (view))
    return NULL;
  return sv_timeline_view_get_selected_ids (SV_TIMELINE_VIEW (view));
}

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

static void
add_to_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (GArray) ids = selection_ids (ui);
  g_autoptr (GPtrArray) albums = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *scrolled, *list, *entry;
  guint n = ids != NULL ? ids->len : 0;
  g_autofree char *heading = NULL;

  if (n == 0 || ui->catalogue == NULL)
    return;
  albums = sv_catalogue_album_list (ui->catalogue, NULL);

  /* Translators: %u is a number of selected photos and videos */
  heading = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Add %u Item to an Album", "Add %u Items to an Album", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (ui->window), heading, NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "add-to-album-dialog");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "add-to-album-list");
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Albums"), -1);
  for (guint i = 0; albums != NULL && i < albums->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), album_row_new (g_ptr_array_index (albums, i)));
  gtk_list_box_unselect_all (GTK_LIST_BOX (list));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_visible (scrolled, albums != NULL && albums->len > 0);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "new-album-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Or a new album’s name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("New album name"), -1);
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

  ui->changed_id = 0;
  reload_albums (ui);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0)
    load_album (ui);
  return G_SOURCE_REMOVE;
}

/* Counts and album contents follow edits, trash and imports; an import
 * changes many items in a row: one reload for a burst. */
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
  g_cancellable_cancel (ui->album_cancellable);
  g_clear_handle_id (&ui->changed_id, g_source_remove);
  g_set_object (&ui->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), ui->window,
                             G_CONNECT_SWAPPED);
  fill_store (ui->search_results, NULL);
  fill_store (ui->album_results, NULL);
  ui->album_id = 0;
  reload_albums (ui);
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
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus;
  GtkWidget *results;
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
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (ui->entry));
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
  g_signal_connect (ui->entry, "changed", G_CALLBACK (on_entry_changed_cb), ui);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->entry), keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->entry), focus);

  /* Suggestions: a popover under the entry that never takes the focus. */
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

  /* Results page */
  ui->search_results = g_list_store_new (SV_TYPE_MEDIA_ITEM);
  ui->search_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->search_stack), "search-stack");
  results = results_grid_new (ui->window, ui->search_results, "search-grid");
  gtk_stack_add_named (ui->search_stack, results, "results");
  gtk_stack_add_named (ui->search_stack,
                       status_page_new ("system-search-symbolic", _ ("No Results"),
                                        _ ("Try fewer words, a place, a year or a month")),
                       "empty");
  ui->search_error = ADW_STATUS_PAGE (
      status_page_new ("dialog-warning-symbolic", _ ("This Search Is Not Understood"), NULL));
  gtk_stack_add_named (ui->search_stack, GTK_WIDGET (ui->search_error), "error");
  page = gtk_stack_add_named (ui->stack, GTK_WIDGET (ui->search_stack), SV_PAGE_SEARCH);
  gtk_stack_page_set_title (page, _ ("Search"));
}

static void
build_albums (SearchUi *ui)
{
  GtkWidget *scrolled =
      gtk_widget_get_ancestor (GTK_WIDGET (ui->sidebar), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (_ ("Albums"));
  GtkWidget *new_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *page_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *rename = gtk_button_new_with_mnemonic (_ ("_Rename…"));
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkStackPage *page;

  /* The sidebar: the sections, then the albums, in one scrolled area. */
  g_object_ref (ui->sidebar);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ui->sidebar));
  g_object_unref (ui->sidebar);

  gtk_widget_set_margin_start (heading_box, 18);
  gtk_widget_set_margin_end (heading_box, 12);
  gtk_widget_set_margin_top (heading_box, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_name (new_button, "new-album-button");
  gtk_widget_add_css_class (new_button, "flat");
  gtk_widget_set_tooltip_text (new_button, _ ("New Album…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (new_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("New Album…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (new_button), "win.new-album");
  gtk_box_append (GTK_BOX (heading_box), heading);
  gtk_box_append (GTK_BOX (heading_box), new_button);
  gtk_box_append (GTK_BOX (box), heading_box);

  ui->albums = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->albums), "album-list");
  gtk_widget_add_css_class (GTK_WIDGET (ui->albums), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->albums), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Albums"), -1);
  g_signal_connect (ui->albums, "row-selected", G_CALLBACK (on_album_row_selected_cb), ui);
  g_signal_connect (ui->albums, "row-activated", G_CALLBACK (on_album_row_activated_cb), ui);
  g_signal_connect (ui->sidebar, "row-selected", G_CALLBACK (on_section_row_selected_cb), ui);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ui->albums));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);

  /* The album page: its title, Rename… and Delete, its photos. */
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  ui->album_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (ui->album_title), "album-title");
  gtk_label_set_xalign (ui->album_title, 0);
  gtk_label_set_ellipsize (ui->album_title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (ui->album_title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (ui->album_title), "title-2");
  gtk_widget_set_name (rename, "rename-album-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (rename), "win.rename-album");
  gtk_widget_set_name (delete, "delete-album-button");
  gtk_widget_set_tooltip_text (delete, _ ("Delete Album"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Delete Album"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "win.delete-album");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (ui->album_title));
  gtk_box_append (GTK_BOX (bar), rename);
  gtk_box_append (GTK_BOX (bar), delete);
  gtk_box_append (GTK_BOX (page_box), bar);

  ui->album_results = g_list_store_new (SV_TYPE_MEDIA_ITEM);
  ui->album_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_name (GTK_WIDGET (ui->album_stack), "album-stack");
  gtk_widget_set_vexpand (GTK_WIDGET (ui->album_stack), TRUE);
  gtk_stack_add_named (ui->album_stack,
                       results_grid_new (ui->window, ui->album_results, "album-grid"), "results");
  gtk_stack_add_named (ui->album_stack,
                       status_page_new ("folder-pictures-symbolic", _ ("Empty Album"),
                                        _ ("Select photos in the timeline, then choose Add to "
                                           "Album")),
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
  GtkWidget *select_button, *header, *selection_actions, *add_button;
  GtkEventController *shortcuts;

  g_return_if_fail (SV_IS_WINDOW (window));
  g_return_if_fail (get_ui (window) == NULL);

  ui = g_new0 (SearchUi, 1);
  ui->window = window;
  ui->edit_cancellable = g_cancellable_new ();
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
  build_albums (ui);

  add_button = gtk_button_new_from_icon_name ("folder-pictures-symbolic");
  gtk_widget_set_name (add_button, "add-to-album-button");
  gtk_widget_set_tooltip_text (add_button, _ ("Add to Album…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Add to Album…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "win.add-to-album");
  gtk_box_prepend (GTK_BOX (selection_actions), add_button);

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
  gtk_editable_set_text (GTK_EDITABLE (ui->entry), query);
  gtk_editable_set_position (GTK_EDITABLE (ui->entry), -1);
  run_search (ui, query);
}

gboolean
sv_search_ui_get_busy (SvWindow *window)
{
  SearchUi *ui = get_ui (window);

  return ui != NULL && ui->busy > 0;
}

GListModel *
sv_search_ui_get_results (SvWindow *window, const char *page)
{
  SearchUi *ui = get_ui (window);

  g_return_val_if_fail (ui != NULL, NULL);
  return G_LIST_MODEL (g_strcmp0 (page, SV_PAGE_ALBUM) == 0 ? ui->album_results
                                                            : ui->search_results);
}

GtkEditable *
sv_search_ui_get_entry (SvWindow *window)
{
  SearchUi *ui = get_ui (window);

  g_return_val_if_fail (ui != NULL, NULL);
  return GTK_EDITABLE (ui->entry);
}

GtkListBox *
sv_search_ui_get_suggestions (SvWindow *window)
{
  SearchUi *ui = get_ui (window);

  g_return_val_if_fail (ui != NULL, NULL);
  return ui->suggestions;
}

GtkListBox *
sv_search_ui_get_album_list (SvWindow *window)
{
  SearchUi *ui = get_ui (window);

  g_return_val_if_fail (ui != NULL, NULL);
  return ui->albums;
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
sv_search_ui_show_album (SvWindow *window, gint64 album_id)
{
  SearchUi *ui = get_ui (window);
  g_autoptr (SvAlbum) album = NULL;
  g_autoptr (GError) error = NULL;
  GtkListBoxRow *row;

  g_return_if_fail (ui != NULL);
  if (ui->catalogue == NULL)
    return;
  album = sv_catalogue_album_get (ui->catalogue, album_id, &error);
  if (album == NULL)
    {
      show_toast (ui, error->message);
      return;
    }

  if (ui->album_id != album_id)
    fill_store (ui->album_results, NULL);
  ui->album_id = album_id;
  gtk_label_set_label (ui->album_title, sv_album_get_name (album));
  gtk_stack_page_set_title (
      gtk_stack_get_page (ui->stack, gtk_stack_get_child_by_name (ui->stack, SV_PAGE_ALBUM)),
      sv_album_get_name (album));
  /* Leaving the search for an album closes the search. */
  g_clear_pointer (&ui->return_page, g_free);
  ui->switching = TRUE;
  gtk_search_bar_set_search_mode (ui->search_bar, FALSE);
  ui->switching = FALSE;
  show_page (ui, SV_PAGE_ALBUM);
  /* show_page () does nothing when the album page is shown already. */
  adw_window_title_set_title (ui->window_title, sv_album_get_name (album));
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (ui->albums, i)) != NULL; i++)
    if (row_album_id (row) == album_id && !gtk_list_box_row_is_selected (row))
      {
        ui->rebuilding_albums = TRUE;
        gtk_list_box_select_row (ui->albums, row);
        ui->rebuilding_albums = FALSE;
      }
  load_album (ui);
}
