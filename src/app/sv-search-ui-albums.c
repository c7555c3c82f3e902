/* sv-search-ui-albums.c: the window's albums (issue 5, UI part)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the sidebar, between Videos and Imports: "Albums" (the albums' grid)
 * and one row per album, onto which photos can be dragged from any
 * timeline. An album's page: its photos in its order (drag to reorder, or
 * sort by date), the title and description edited in place, Delete; in
 * selection mode "Remove from Album" and "Set as Album Cover". "Add to
 * Album…" on a selection, and new albums from a day or an event. The album
 * list and every edit run in worker threads (sv_app_task_run_async). The
 * state is shared with the search bar (sv-search-ui-private.h).
 */
#define G_LOG_DOMAIN "sv-search-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-application.h"
#include "sv-catalogue-albums.h"
#include "sv-search-ui-private.h"

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
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  EditData *d = NULL;
  gboolean ok;
  SearchUi *ui = _sv_search_ui_task_done (source, result, (gpointer *) &d, &ok, &error);

  if (ui == NULL)
    return;
  if (!ok)
    {
      _sv_search_ui_show_toast (ui, error->message);
      if (d->kind == EDIT_RENAME || d->kind == EDIT_DESCRIBE)
        _sv_search_ui_reload_albums (ui); /* back to the stored name */
      return;
    }

  switch (d->kind)
    {
      case EDIT_LIST:
        if (d->generation == ui->album_list_generation)
          _sv_search_ui_apply_albums (ui, d->albums, d->covers);
        return;

      case EDIT_CREATE:
      case EDIT_FROM_DAY:
      case EDIT_FROM_EVENT:
        {
          /* Translators: %s is an album's name */
          g_autofree char *text = g_strdup_printf (_ ("Album “%s” created"), d->name);

          if (d->n_added > 0)
            g_object_set (ui->window, "selection-mode", FALSE, NULL);
          _sv_search_ui_show_toast (ui, text);
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
          _sv_search_ui_show_toast (ui, text);
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
          _sv_search_ui_show_toast (ui, text);
        }
        break;

      case EDIT_COVER:
        g_object_set (ui->window, "selection-mode", FALSE, NULL);
        _sv_search_ui_show_toast (ui, _ ("Album cover set"));
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
  _sv_search_ui_reload_albums (ui);
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

void
_sv_search_ui_reload_albums (SearchUi *ui)
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
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (ui->sidebar)); row != NULL;
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
      _sv_search_ui_set_subtitle_count (ui, sv_album_get_count (album));
    }
  gtk_stack_set_visible_child_name (ui->album_stack,
                                    sv_album_get_count (album) > 0 ? "photos" : "empty");
}

void
_sv_search_ui_apply_albums (SearchUi *ui, GPtrArray *albums, GPtrArray *covers)
{
  GtkWidget *imports = sidebar_imports_row (ui);
  GtkWidget *child, *next;
  gboolean album_shown =
      g_strcmp0 (gtk_stack_get_visible_child_name (ui->stack), SV_PAGE_ALBUM) == 0;

  g_clear_pointer (&ui->album_list, g_ptr_array_unref);
  ui->album_list = albums != NULL ? g_ptr_array_ref (albums) : NULL;

  ui->rebuilding_albums = TRUE;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (ui->sidebar)); child != NULL; child = next)
    {
      next = gtk_widget_get_next_sibling (child);
      if (GTK_IS_LIST_BOX_ROW (child) && row_album_id (GTK_LIST_BOX_ROW (child)) > 0)
        gtk_list_box_remove (ui->sidebar, child);
    }
  for (guint i = 0; albums != NULL && i < albums->len; i++)
    {
      SvAlbum *album = g_ptr_array_index (albums, i);
      GtkWidget *row = album_row_new (ui, album, TRUE);
      int index = imports != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (imports)) : -1;

      gtk_list_box_insert (ui->sidebar, row, index);
      if (album_shown && sv_album_get_id (album) == ui->album_id)
        gtk_list_box_select_row (ui->sidebar, GTK_LIST_BOX_ROW (row));
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
    _sv_search_ui_set_albums_subtitle (ui);
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
    _sv_search_ui_update_album_actions (ui);
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
  SearchUi *ui = _sv_search_ui_get (window);
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
  SearchUi *ui = _sv_search_ui_get (window);
  AdwMessageDialog *dialog =
      name_dialog_new (ui, _ ("New Album"), NULL, _ ("C_reate"), create_album);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);

  if (ui->album_id <= 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (ui->album_title));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog, const char *response, SvWindow *window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  gint64 album_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "sv-album-id"));

  if (ui != NULL && g_str_equal (response, "delete"))
    run_edit (ui, EDIT_DELETE, album_id, NULL, NULL);
}

static void
delete_album_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);
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

GArray *
_sv_search_ui_selection_ids (SearchUi *ui)
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
  SearchUi *ui = _sv_search_ui_get (window);
  g_autoptr (GArray) ids = _sv_search_ui_selection_ids (ui);

  if (ui->album_id > 0 && ids != NULL && ids->len > 0)
    run_edit (ui, EDIT_REMOVE, ui->album_id, NULL, ids);
}

static void
set_album_cover_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  SearchUi *ui = _sv_search_ui_get (window);
  g_autoptr (GArray) ids = _sv_search_ui_selection_ids (ui);

  if (ui->album_id > 0 && ids != NULL && ids->len > 0)
    {
      g_array_set_size (ids, 1);
      run_edit (ui, EDIT_COVER, ui->album_id, NULL, ids);
    }
}

/* "Remove from Album" and "Set as Album Cover" show in selection mode on
 * an album's page only, instead of its sort and delete buttons. */
void
_sv_search_ui_update_album_actions (SearchUi *ui)
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
  run_edit (_sv_search_ui_get (window), EDIT_FROM_DAY, 0, g_variant_get_string (param, NULL), NULL);
}

static void
new_album_from_event_action_cb (GSimpleAction *action, GVariant *param, gpointer window)
{
  run_edit (_sv_search_ui_get (window), EDIT_FROM_EVENT, g_variant_get_int64 (param), NULL, NULL);
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
  SearchUi *ui = _sv_search_ui_get (window);
  g_autoptr (GArray) ids = _sv_search_ui_selection_ids (ui);
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

static void
on_album_selection_cb (SvTimelineView *view, GParamSpec *pspec, SearchUi *ui)
{
  _sv_search_ui_update_album_actions (ui);
}

static const GActionEntry album_actions[] = {
  { "new-album", new_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "rename-album", rename_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "delete-album", delete_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "add-to-album", add_to_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "remove-from-album", remove_from_album_action_cb, NULL, NULL, NULL, { 0 } },
  { "set-album-cover", set_album_cover_action_cb, NULL, NULL, NULL, { 0 } },
  { "new-album-from-day", new_album_from_day_action_cb, "s", NULL, NULL, { 0 } },
  { "new-album-from-event", new_album_from_event_action_cb, "x", NULL, NULL, { 0 } },
};

/* The sidebar rows, the Albums page, an album's page and the window's album
 * actions. */
void
_sv_search_ui_build_albums (SearchUi *ui)
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

  g_action_map_add_action_entries (G_ACTION_MAP (ui->window), album_actions,
                                   G_N_ELEMENTS (album_actions), ui->window);

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
  gtk_list_box_insert (ui->sidebar, heading_row,
                       imports != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (imports))
                                       : -1);
  g_signal_connect (ui->sidebar, "row-selected", G_CALLBACK (on_sidebar_row_selected_cb), ui);

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
  ui->remove_button =
      _sv_search_ui_selection_button_new ("remove-from-album-button", "list-remove-symbolic",
                                          _ ("Remove from Album"), "win.remove-from-album");
  ui->cover_button =
      _sv_search_ui_selection_button_new ("set-album-cover-button", "image-x-generic-symbolic",
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
  ui->album_view = _sv_search_ui_page_timeline_new (ui, SV_PAGE_ALBUM, "album-timeline");
  g_signal_connect (ui->album_view, "notify::n-selected", G_CALLBACK (on_album_selection_cb), ui);
  g_signal_connect (ui->album_view, "notify::selection-mode", G_CALLBACK (on_album_selection_cb),
                    ui);
  reorder = gtk_drop_target_new (G_TYPE_ARRAY, GDK_ACTION_COPY);
  g_signal_connect (reorder, "drop", G_CALLBACK (on_album_reorder_drop_cb), ui);
  gtk_widget_add_controller (GTK_WIDGET (ui->album_view), GTK_EVENT_CONTROLLER (reorder));
  gtk_stack_add_named (ui->album_stack, GTK_WIDGET (ui->album_view), "photos");
  gtk_stack_add_named (
      ui->album_stack,
      _sv_search_ui_status_page_new ("folder-pictures-symbolic", _ ("Empty Album"),
                                     _ ("Select photos in the timeline, then choose Add to "
                                        "Album, or drag them onto the album in the sidebar")),
      "empty");
  gtk_box_append (GTK_BOX (page_box), GTK_WIDGET (ui->album_stack));
  page = gtk_stack_add_named (ui->stack, page_box, SV_PAGE_ALBUM);
  gtk_stack_page_set_title (page, _ ("Album"));
}

void
sv_search_ui_add_selection_to_album (SvWindow *window, gint64 album_id, const char *name)
{
  SearchUi *ui = _sv_search_ui_get (window);
  g_autoptr (GArray) ids = NULL;

  g_return_if_fail (ui != NULL);
  ids = _sv_search_ui_selection_ids (ui);
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
  SearchUi *ui = _sv_search_ui_get (window);

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
      gtk_list_box_select_row (ui->sidebar, GTK_LIST_BOX_ROW (ui->albums_heading));
      ui->rebuilding_albums = FALSE;
    }
  _sv_search_ui_show_page (ui, SV_PAGE_ALBUMS);
  _sv_search_ui_set_albums_subtitle (ui);
}

void
sv_search_ui_show_album (SvWindow *window, gint64 album_id)
{
  SearchUi *ui = _sv_search_ui_get (window);
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
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (ui->sidebar, i)) != NULL; i++)
    if (row_album_id (row) == album_id && !gtk_list_box_row_is_selected (row))
      {
        ui->rebuilding_albums = TRUE;
        gtk_list_box_select_row (ui->sidebar, row);
        ui->rebuilding_albums = FALSE;
      }
  _sv_search_ui_show_page (ui, SV_PAGE_ALBUM);
  /* The album as last read; a new album is read again. */
  if (find_album (ui, album_id) != NULL)
    update_album_header (ui);
  else
    _sv_search_ui_reload_albums (ui);
}
