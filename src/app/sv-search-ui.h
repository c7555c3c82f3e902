/* sv-search-ui.h: the window's search bar and albums (issue 5, UI part)
 *
 * sv_search_ui_attach () adds to an SvWindow: a search toggle in the header
 * bar and a GtkSearchBar under it (Ctrl+F, `win.search`, type to search),
 * whose results show in a timeline (newest first, day headers) on a page of
 * the content stack; suggestions while the user types, recent searches
 * (kept in the catalogue) when the entry is empty; a malformed query says
 * why under the entry; no results suggest a broader query.
 *
 * In the sidebar, between Videos and Imports: "Albums" (a grid of album
 * cards) with a New Album button, then one row per album with its count,
 * onto which photos can be dragged from any timeline. An album's page: its
 * photos in its order (drag to reorder, or Sort by Date), the title and
 * description edited in place, Delete. In selection mode the header bar
 * offers "Add to Album…" (`win.add-to-album`), and on an album's page
 * "Remove from Album" and "Set as Album Cover"; "Edit…" (`win.edit-selected`,
 * sv-edit-selection.h) edits the selection. `win.new-album-from-day` ("s",
 * YYYY-MM-DD) and `win.new-album-from-event` ("x", an event id) make an
 * album of a day's or an event's photos in one step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-albums-view.h"
#include "sv-timeline-view.h"
#include "sv-window.h"

G_BEGIN_DECLS

/* Content stack pages added by the search UI. */
#define SV_PAGE_SEARCH "search"
#define SV_PAGE_ALBUM "album"
#define SV_PAGE_ALBUMS "albums"

void
sv_search_ui_attach (SvWindow *window);

/* Opens the search bar and searches @query (as if typed). */
void
sv_search_ui_search (SvWindow *window, const char *query);
/* TRUE while a search, a suggestion lookup, the album list or an album
 * edit runs. */
gboolean
sv_search_ui_get_busy (SvWindow *window);
/* The timeline of the search results or of the album page. */
SvTimelineView *
sv_search_ui_get_timeline (SvWindow *window, const char *page);
/* Its items (an SvItemList), NULL before the first search. */
GListModel *
sv_search_ui_get_results (SvWindow *window, const char *page);
GtkEditable *
sv_search_ui_get_entry (SvWindow *window);
/* The suggestions shown (rows named by their kind, e.g. "place"; recent
 * searches "recent", then "clear-recent"). */
GtkListBox *
sv_search_ui_get_suggestions (SvWindow *window);
/* The sidebar: the "albums" row, then rows named "album-ID". */
GtkListBox *
sv_search_ui_get_album_list (SvWindow *window);
SvAlbumsView *
sv_search_ui_get_albums_view (SvWindow *window);
/* The recent searches (char *), newest first. */
GPtrArray *
sv_search_ui_get_recent (SvWindow *window);
/* What "Add to Album…" does: the selected items of the page's timeline
 * into a new album named @name (or into @album_id when @name is NULL). */
void
sv_search_ui_add_selection_to_album (SvWindow *window, gint64 album_id, const char *name);
/* Shows an album's page, or the albums' grid. */
void
sv_search_ui_show_album (SvWindow *window, gint64 album_id);
void
sv_search_ui_show_albums (SvWindow *window);

G_END_DECLS
