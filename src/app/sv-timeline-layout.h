/* sv-timeline-layout.h: the timeline's geometry and selection, without
 * widgets
 *
 * From the (id, day, width, height) of a query's items: sections (years,
 * months or days by zoom level), header rows and photo rows, justified
 * (aspect ratios kept, every full row exactly as wide as the view, the last
 * row of a section not stretched) or a square grid. Also the header texts,
 * keyboard moves between cells, the smallest change between two layouts
 * and selection ranges. Pure computation: tested without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sv-catalogue-layout.h"
#include "sv-timeline-view.h"

G_BEGIN_DECLS

typedef enum
{
  SV_TIMELINE_ROW_YEAR,   /* a year header ("2024") */
  SV_TIMELINE_ROW_MONTH,  /* a month header ("July 2024") */
  SV_TIMELINE_ROW_DAY,    /* a day header ("Sunday 14 July · Rome, Italy") */
  SV_TIMELINE_ROW_PHOTOS, /* a row of cells */
  SV_TIMELINE_ROW_EVENT,  /* an event header ("Rome", its dates and place) */
} SvTimelineRowKind;

typedef struct
{
  SvTimelineRowKind kind;
  guint32 key;  /* day YYYYMMDD; month YYYYMM00; year YYYY0000; 0: no date;
                 event: the event's id */
  guint first;  /* index of the first item (of the row or of the section) */
  guint n;      /* items in the row (photos) or in the section (headers) */
  guint height; /* photo rows: pixels; headers: 0 (natural height) */
} SvTimelineRow;

typedef struct
{
  int width;         /* available width, margins included */
  int target_height; /* justified: target row height; square: cell size */
  int gap;           /* between cells and rows */
  int margin;        /* left and right */
  SvTimelineLayoutKind kind;
  SvTimelineZoom zoom;
  /* Group by event (day zoom level): gint64 per item, its event's id or 0;
   * NULL: by day. The items of an event that are next to each other go
   * under one event header instead of day headers. */
  const GArray *events;
} SvTimelineLayoutParams;

typedef struct
{
  GArray *rows;     /* SvTimelineRow */
  GArray *cell_x;   /* gint32 per item: x of its cell in its row */
  GArray *cell_w;   /* gint32 per item: width of its cell */
  GArray *item_row; /* guint per item: index of its row */
} SvTimelineLayout;

/* Default target heights of the zoom levels (justified) and square sizes. */
int
sv_timeline_zoom_target_height (SvTimelineZoom zoom, SvTimelineLayoutKind kind);

/* @items: SvLayoutItem, newest first. */
SvTimelineLayout *
sv_timeline_layout_new (const GArray *items, const SvTimelineLayoutParams *params);
void
sv_timeline_layout_free (SvTimelineLayout *layout);

guint
sv_timeline_layout_get_n_rows (const SvTimelineLayout *layout);
const SvTimelineRow *
sv_timeline_layout_get_row (const SvTimelineLayout *layout, guint row);
/* The row showing item @index. */
guint
sv_timeline_layout_get_item_row (const SvTimelineLayout *layout, guint index);
/* The row of the first item on @day_or_month ("YYYY-MM" or "YYYY-MM-DD"),
 * or of the first older item when there is none that day; G_MAXUINT when
 * the string is not a date or nothing is that old. */
guint
sv_timeline_layout_find_date (const SvTimelineLayout *layout,
                              const GArray *items,
                              const char *day_or_month);

/* The date scrubber: positions along the timeline as fractions of its
 * height (0: top, 1: bottom), header rows counted @header_height high
 * (their natural height is only known once shown). */
typedef struct
{
  double position; /* of the month's first row */
  guint32 key;     /* YYYYMM00 */
  gboolean year;   /* the first month shown of its year */
} SvScrubberMark;

/* One mark per month that has items (@items: the layout's), newest
 * first. */
GArray *
sv_timeline_scrubber_marks (const SvTimelineLayout *layout, const GArray *items, int header_height);
/* The row at @fraction, and where row @row starts. */
guint
sv_timeline_scrubber_row_at (const SvTimelineLayout *layout, int header_height, double fraction);
double
sv_timeline_scrubber_position_of_row (const SvTimelineLayout *layout, int header_height, guint row);
/* sv_timeline_scrubber_position_of_row () of every row (doubles), in one
 * pass. */
GArray *
sv_timeline_scrubber_row_positions (const SvTimelineLayout *layout, int header_height);
/* The month (YYYYMM00) of row @row: its own key for headers, its first
 * item's day for photos; 0 when undated. */
guint32
sv_timeline_scrubber_month_of_row (const SvTimelineLayout *layout, const GArray *items, guint row);

typedef enum
{
  SV_TIMELINE_MOVE_LEFT,
  SV_TIMELINE_MOVE_RIGHT,
  SV_TIMELINE_MOVE_UP,
  SV_TIMELINE_MOVE_DOWN,
  SV_TIMELINE_MOVE_HOME,
  SV_TIMELINE_MOVE_END,
} SvTimelineMove;

/* The item keyboard focus goes to from @index (up and down: the cell of the
 * next photo row above or below whose centre is nearest). Stays put at the
 * edges. */
guint
sv_timeline_layout_move (const SvTimelineLayout *layout, guint index, SvTimelineMove move);

/* The smallest change turning @old_layout (over @old_items) into
 * @new_layout (over @new_items): rows [@position, @position + @removed) are
 * replaced by @added new rows. Header rows count as equal when their kind
 * and key are (the rows kept take the new first/n). Returns FALSE when
 * nothing changed. */
gboolean
sv_timeline_layout_diff (const SvTimelineLayout *old_layout,
                         const GArray *old_items,
                         const SvTimelineLayout *new_layout,
                         const GArray *new_items,
                         guint *position,
                         guint *removed,
                         guint *added);

/* Header texts in the user's language. @key as in SvTimelineRow. @today is
 * YYYYMMDD (the year is left out of a day of that year); @place may be
 * NULL or empty. */
char *
sv_timeline_format_day (guint32 key, guint32 today, const char *place);
char *
sv_timeline_format_month (guint32 key);
char *
sv_timeline_format_year (guint32 key);
/* "Photo, 14 July 2024, Rome" for screen readers. */
char *
sv_timeline_format_cell_name (guint32 day, gboolean video, const char *place);
guint32
sv_timeline_today (void);

/* Selection: a set of item ids and the anchor of Shift ranges. */
typedef struct
{
  GHashTable *ids; /* gint64* */
  gint64 anchor;   /* 0: none */
} SvTimelineSelection;

void
sv_timeline_selection_init (SvTimelineSelection *sel);
void
sv_timeline_selection_clear (SvTimelineSelection *sel);
gboolean
sv_timeline_selection_contains (const SvTimelineSelection *sel, gint64 id);
guint
sv_timeline_selection_count (const SvTimelineSelection *sel);
/* A click on item @index: toggles it (plain click in selection mode or
 * Ctrl) and moves the anchor there; with @extend (Shift) selects every item
 * from the anchor to @index instead. Returns TRUE when the set changed. */
gboolean
sv_timeline_selection_click (SvTimelineSelection *sel,
                             const GArray *items,
                             guint index,
                             gboolean extend);
/* Items [@first, @first + @n) (a day from its header): all selected when
 * any was not, else all unselected. */
gboolean
sv_timeline_selection_toggle_range (SvTimelineSelection *sel,
                                    const GArray *items,
                                    guint first,
                                    guint n);
gboolean
sv_timeline_selection_range_is_selected (const SvTimelineSelection *sel,
                                         const GArray *items,
                                         guint first,
                                         guint n);
void
sv_timeline_selection_select_all (SvTimelineSelection *sel, const GArray *items);
void
sv_timeline_selection_unselect_all (SvTimelineSelection *sel);
/* Drops ids no longer in @items; returns TRUE when some were. */
gboolean
sv_timeline_selection_prune (SvTimelineSelection *sel, const GArray *items);
/* gint64 ids in @items order. */
GArray *
sv_timeline_selection_get_ids (const SvTimelineSelection *sel, const GArray *items);

/* A row of the view's list model: a header or a row of cells. The view
 * updates the row it holds in place when a change keeps the row. */
#define SV_TYPE_TIMELINE_ROW_ITEM (sv_timeline_row_item_get_type ())
G_DECLARE_FINAL_TYPE (SvTimelineRowItem, sv_timeline_row_item, SV, TIMELINE_ROW_ITEM, GObject)

SvTimelineRowItem *
sv_timeline_row_item_new (const SvTimelineRow *row);
const SvTimelineRow *
sv_timeline_row_item_get_row (SvTimelineRowItem *self);
void
sv_timeline_row_item_set_row (SvTimelineRowItem *self, const SvTimelineRow *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvTimelineLayout, sv_timeline_layout_free)

G_END_DECLS
