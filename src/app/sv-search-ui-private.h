/* sv-search-ui-private.h: what the search bar and the albums share
 *
 * The window's search UI (sv-search-ui.c: the search bar, its results and
 * suggestions, the selection's Edit…) and its albums (sv-search-ui-albums.c:
 * the sidebar rows, the albums' grid, an album's page, Add to Album…) are
 * one state attached to the window: the pages they show are in the same
 * stack, and leaving the search for an album closes the search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-albums-view.h"
#include "sv-catalogue.h"
#include "sv-search-ui.h"
#include "sv-timeline-view.h"

G_BEGIN_DECLS

#define UI_KEY "sv-search-ui"

typedef struct
{
  SvWindow *window; /* owns this */
  SvCatalogue *catalogue;

  GtkStack *stack;
  GtkListBox *sidebar; /* the window's sections; the albums' rows too */
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

static inline SearchUi *
_sv_search_ui_get (gpointer window)
{
  return g_object_get_data (G_OBJECT (window), UI_KEY);
}

/* sv-search-ui.c */
SearchUi *
_sv_search_ui_task_done (GObject *source,
                         GAsyncResult *result,
                         gpointer *data_out,
                         gboolean *ok_out,
                         GError **error);
void
_sv_search_ui_show_toast (SearchUi *ui, const char *text);
void
_sv_search_ui_set_subtitle_count (SearchUi *ui, guint n);
void
_sv_search_ui_set_albums_subtitle (SearchUi *ui);
void
_sv_search_ui_show_page (SearchUi *ui, const char *page);
SvTimelineView *
_sv_search_ui_page_timeline_new (SearchUi *ui, const char *page, const char *name);
GtkWidget *
_sv_search_ui_status_page_new (const char *icon, const char *title, const char *description);
GtkWidget *
_sv_search_ui_selection_button_new (const char *name,
                                    const char *icon,
                                    const char *label,
                                    const char *action);

/* sv-search-ui-albums.c */
/* The ids selected in the timeline shown (NULL when the page has none). */
GArray *
_sv_search_ui_selection_ids (SearchUi *ui);
void
_sv_search_ui_build_albums (SearchUi *ui);
void
_sv_search_ui_reload_albums (SearchUi *ui);
void
_sv_search_ui_apply_albums (SearchUi *ui, GPtrArray *albums, GPtrArray *covers);
void
_sv_search_ui_update_album_actions (SearchUi *ui);

G_END_DECLS
