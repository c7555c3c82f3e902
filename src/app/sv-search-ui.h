/* sv-search-ui.h: the window's search bar and albums (issue 5, UI part)
 *
 * sv_search_ui_attach () adds to an SvWindow: a search toggle in the header
 * bar and a GtkSearchBar under it (Ctrl+F, `win.search`), whose results
 * (newest first or ranked, see sv-search.h) show in a grid page of the
 * content stack, with suggestions in a popover while the user types;
 * searches and suggestions run in worker threads, never on the main loop.
 *
 * Below the sections in the sidebar: an "Albums" heading with a "New
 * Album…" button and one row per album with its count; an album row shows
 * the album's photos with Rename… and Delete. In selection mode the header
 * bar offers "Add to Album…" (`win.add-to-album`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-window.h"

G_BEGIN_DECLS

/* Content stack pages added by the search UI. */
#define SV_PAGE_SEARCH "search"
#define SV_PAGE_ALBUM "album"

void
sv_search_ui_attach (SvWindow *window);

/* Opens the search bar and searches @query (as if typed). */
void
sv_search_ui_search (SvWindow *window, const char *query);
/* TRUE while a search, a suggestion lookup or an album edit runs. */
gboolean
sv_search_ui_get_busy (SvWindow *window);
/* Items in the results grid (of the search page or the album page). */
GListModel *
sv_search_ui_get_results (SvWindow *window, const char *page);
GtkEditable *
sv_search_ui_get_entry (SvWindow *window);
/* The suggestions shown (rows named by their kind, e.g. "place"). */
GtkListBox *
sv_search_ui_get_suggestions (SvWindow *window);
/* The albums' sidebar rows: named "album-ID". */
GtkListBox *
sv_search_ui_get_album_list (SvWindow *window);
/* What "Add to Album…" does: the selected items of the section's timeline
 * into a new album named @name (or into @album_id when @name is NULL). */
void
sv_search_ui_add_selection_to_album (SvWindow *window, gint64 album_id, const char *name);
/* Shows an album's page. */
void
sv_search_ui_show_album (SvWindow *window, gint64 album_id);

G_END_DECLS
