/* sv-timeline-view.h: the timeline of a catalogue query
 *
 * Newest first, grouped by day under headers with the date in the user's
 * language and the place; justified rows (photos keep their aspect ratio) or
 * a square grid; zoom levels from a year overview to a day. Lazy: rows are
 * laid out from per-day counts and pixel sizes, thumbnails load when a cell
 * is bound and are cancelled when it is unbound. Follows the catalogue's
 * changes in place, keeping the scroll position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef enum
{
  SV_TIMELINE_ZOOM_YEAR,
  SV_TIMELINE_ZOOM_MONTH,
  SV_TIMELINE_ZOOM_DAY,
} SvTimelineZoom;

typedef enum
{
  SV_TIMELINE_LAYOUT_JUSTIFIED,
  SV_TIMELINE_LAYOUT_SQUARE,
} SvTimelineLayoutKind;

#define SV_TYPE_TIMELINE_VIEW (sv_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (SvTimelineView, sv_timeline_view, SV, TIMELINE_VIEW, GtkWidget)

GtkWidget *
sv_timeline_view_new (void);

/* Shows @query over @catalogue (either may be NULL: nothing shown). The
 * query is copied. */
void
sv_timeline_view_set_query (SvTimelineView *self, SvCatalogue *catalogue, const SvQuery *query);
SvCatalogue *
sv_timeline_view_get_catalogue (SvTimelineView *self);

/* The items shown, in order (an SvItemList), or NULL. */
GListModel *
sv_timeline_view_get_items (SvTimelineView *self);

/* Properties "empty" (the query has no items, once loaded), "loading",
 * "zoom" (SvTimelineZoom), "layout" (SvTimelineLayoutKind),
 * "selection-mode" and "n-selected". */
gboolean
sv_timeline_view_get_empty (SvTimelineView *self);
SvTimelineZoom
sv_timeline_view_get_zoom (SvTimelineView *self);
void
sv_timeline_view_set_zoom (SvTimelineView *self, SvTimelineZoom zoom);
SvTimelineLayoutKind
sv_timeline_view_get_layout (SvTimelineView *self);
void
sv_timeline_view_set_layout (SvTimelineView *self, SvTimelineLayoutKind layout);
gboolean
sv_timeline_view_get_selection_mode (SvTimelineView *self);
void
sv_timeline_view_set_selection_mode (SvTimelineView *self, gboolean selection_mode);
guint
sv_timeline_view_get_n_selected (SvTimelineView *self);
/* gint64 item ids in timeline order. */
GArray *
sv_timeline_view_get_selected_ids (SvTimelineView *self);
void
sv_timeline_view_select_all (SvTimelineView *self);
/* What a drag from a cell carries (a GArray of gint64, the content of its
 * GtkDragSource, type G_TYPE_ARRAY): the selection when @item_id is
 * selected, else @item_id alone. */
GArray *
sv_timeline_view_get_drag_ids (SvTimelineView *self, gint64 item_id);
/* The index of the item whose cell is at @x, @y (@self's coordinates), or
 * G_MAXUINT. */
guint
sv_timeline_view_get_index_at (SvTimelineView *self, double x, double y);
void
sv_timeline_view_unselect_all (SvTimelineView *self);
/* Scrolls so that @item_id is visible (and focuses it). */
void
sv_timeline_view_scroll_to_item (SvTimelineView *self, gint64 item_id);
/* Jumps to the first item of @day_or_month ("YYYY-MM" or "YYYY-MM-DD"). */
void
sv_timeline_view_scroll_to_date (SvTimelineView *self, const char *day_or_month);

/* Signal "item-activated" (GListModel *items, guint position): the user opened
 * an item (click outside selection mode, Enter); the window shows the viewer. */

/* Additions (timeline engineer). */
#define SV_TYPE_TIMELINE_ZOOM (sv_timeline_zoom_get_type ())
GType
sv_timeline_zoom_get_type (void);
#define SV_TYPE_TIMELINE_LAYOUT_KIND (sv_timeline_layout_kind_get_type ())
GType
sv_timeline_layout_kind_get_type (void);

/* "loading": TRUE until the query's first layout is shown. */
gboolean
sv_timeline_view_get_loading (SvTimelineView *self);
/* Justified rows' target height (120..300 px at the day zoom level); Ctrl +
 * scroll changes it, then the zoom level. */
int
sv_timeline_view_get_row_height (SvTimelineView *self);
void
sv_timeline_view_set_row_height (SvTimelineView *self, int height);
/* Rows shown (SvTimelineRowItem, see sv-timeline-layout.h): headers and
 * rows of cells. For tests and the benchmark. */
GListModel *
sv_timeline_view_get_rows (SvTimelineView *self);
/* Cells on screen that show their thumbnail, and cells on screen. */
guint
sv_timeline_view_count_painted (SvTimelineView *self, guint *n_cells);
/* One zoom step in (@direction > 0) or out, keeping the photo at @y (the
 * view's coordinates: under the pointer or the fingers) where it is; @y <
 * 0 keeps the first photo on screen at the top. Ctrl + scroll, pinch and
 * the zoom actions go through it. */
void
sv_timeline_view_zoom_at (SvTimelineView *self, int direction, double y);
/* The first item of the row of photos at @y (< 0: the first row on
 * screen), 0 if none; @row_y: that row's top. */
gint64
sv_timeline_view_get_row_at (SvTimelineView *self, double y, double *row_y);
/* "group-by-event": event headers (title, dates, place) instead of day
 * headers for the photos in an event. Kept in the catalogue's
 * "timeline-group-by-event" setting, read with the layout. */
gboolean
sv_timeline_view_get_group_by_event (SvTimelineView *self);
void
sv_timeline_view_set_group_by_event (SvTimelineView *self, gboolean group_by_event);
/* Thumbnails decoded so far (the benchmark's CPU time per thumbnail). */
guint
sv_timeline_view_get_n_decoded (SvTimelineView *self);
/* The window's zoom actions ("timeline.zoom-in", "timeline.zoom-out") and
 * "timeline.select-all" are installed on the widget. */

G_END_DECLS
