/* sv-timeline-layout.c: the timeline's geometry and selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-timeline-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sv-timeline-layout.h"

#define ITEM(items, i) (&g_array_index ((items), SvLayoutItem, (i)))

/* ---- geometry ---- */

int
sv_timeline_zoom_target_height (SvTimelineZoom zoom, SvTimelineLayoutKind kind)
{
  switch (zoom)
    {
      case SV_TIMELINE_ZOOM_YEAR:
        return kind == SV_TIMELINE_LAYOUT_SQUARE ? 48 : 54;
      case SV_TIMELINE_ZOOM_MONTH:
        return kind == SV_TIMELINE_LAYOUT_SQUARE ? 96 : 108;
      case SV_TIMELINE_ZOOM_DAY:
      default:
        return kind == SV_TIMELINE_LAYOUT_SQUARE ? 180 : 180;
    }
}

static double
aspect_of (const SvLayoutItem *it)
{
  double ar;

  if (it->width == 0 || it->height == 0)
    return 1.0;
  ar = (double) it->width / (double) it->height;
  /* Panoramas and slivers would make rows absurd: crop them. */
  return CLAMP (ar, 0.25, 4.0);
}

static guint32
section_key (guint32 day, SvTimelineZoom zoom)
{
  if (day == 0)
    return 0;
  switch (zoom)
    {
      case SV_TIMELINE_ZOOM_YEAR:
        return day / 10000 * 10000;
      case SV_TIMELINE_ZOOM_MONTH:
        return day / 100 * 100;
      case SV_TIMELINE_ZOOM_DAY:
      default:
        return day;
    }
}

static void
add_row (SvTimelineLayout *layout,
         SvTimelineRowKind kind,
         guint32 key,
         guint first,
         guint n,
         guint height)
{
  SvTimelineRow row = { kind, key, first, n, height };

  g_array_append_val (layout->rows, row);
}

static void
set_cell (SvTimelineLayout *layout, guint index, int x, int w)
{
  guint row = layout->rows->len - 1;

  g_array_index (layout->cell_x, gint32, index) = x;
  g_array_index (layout->cell_w, gint32, index) = MAX (1, w);
  g_array_index (layout->item_row, guint, index) = row;
}

static void
lay_out_square (SvTimelineLayout *layout,
                guint32 key,
                guint start,
                guint end,
                int avail,
                const SvTimelineLayoutParams *p)
{
  int size = MAX (16, p->target_height);
  int cols = MAX (1, (avail + p->gap) / (size + p->gap));
  int cell = MAX (1, (avail - p->gap * (cols - 1)) / cols);

  for (guint i = start; i < end; i += (guint) cols)
    {
      guint n = MIN ((guint) cols, end - i);

      add_row (layout, SV_TIMELINE_ROW_PHOTOS, key, i, n, (guint) cell);
      for (guint k = 0; k < n; k++)
        set_cell (layout, i + k, (int) k * (cell + p->gap), cell);
    }
}

static void
lay_out_justified (SvTimelineLayout *layout,
                   const GArray *items,
                   guint32 key,
                   guint start,
                   guint end,
                   int avail,
                   const SvTimelineLayoutParams *p)
{
  double target = MAX (16, p->target_height);
  guint i = start;

  while (i < end)
    {
      double sum = 0, h;
      guint j = i;
      gboolean full = FALSE;
      double cum = 0;

      while (j < end)
        {
          sum += aspect_of (ITEM (items, j));
          j++;
          if (sum * target + p->gap * (double) (j - i - 1) >= avail)
            {
              full = TRUE;
              break;
            }
        }
      if (full && j - i > 1)
        {
          /* Closing the row one item earlier may come nearer the target. */
          double last = aspect_of (ITEM (items, j - 1));
          double h_with = (avail - p->gap * (double) (j - i - 1)) / sum;
          double h_without = (avail - p->gap * (double) (j - i - 2)) / (sum - last);

          if (fabs (h_without - target) < fabs (h_with - target) && h_without <= target * 1.5)
            {
              j--;
              sum -= last;
            }
        }
      h = full ? (avail - p->gap * (double) (j - i - 1)) / sum : target;
      add_row (layout, SV_TIMELINE_ROW_PHOTOS, key, i, j - i, (guint) MAX (1, lround (h)));
      for (guint k = i; k < j; k++)
        {
          int x0 = (int) lround (cum * h) + (int) (k - i) * p->gap;
          int x1;

          cum += aspect_of (ITEM (items, k));
          x1 = (int) lround (cum * h) + (int) (k - i) * p->gap;
          if (full && k == j - 1)
            x1 = avail;
          set_cell (layout, k, x0, MIN (x1, avail) - x0);
        }
      i = j;
    }
}

/* Item @i's event when grouping by event (day zoom level only), else 0. */
static gint64
event_of (const SvTimelineLayoutParams *params, guint i, guint n_items)
{
  if (params->events == NULL || params->zoom != SV_TIMELINE_ZOOM_DAY ||
      params->events->len != n_items)
    return 0;
  return g_array_index (params->events, gint64, i);
}

SvTimelineLayout *
sv_timeline_layout_new (const GArray *items, const SvTimelineLayoutParams *params)
{
  SvTimelineLayout *layout = g_new0 (SvTimelineLayout, 1);
  int avail = MAX (32, params->width - 2 * params->margin);
  guint32 month = G_MAXUINT32;
  guint i = 0;

  g_return_val_if_fail (items != NULL, layout);

  layout->rows = g_array_new (FALSE, FALSE, sizeof (SvTimelineRow));
  layout->cell_x = g_array_sized_new (FALSE, TRUE, sizeof (gint32), items->len);
  layout->cell_w = g_array_sized_new (FALSE, TRUE, sizeof (gint32), items->len);
  layout->item_row = g_array_sized_new (FALSE, TRUE, sizeof (guint), items->len);
  g_array_set_size (layout->cell_x, items->len);
  g_array_set_size (layout->cell_w, items->len);
  g_array_set_size (layout->item_row, items->len);

  while (i < items->len)
    {
      guint32 key = section_key (ITEM (items, i)->day, params->zoom);
      guint end = i + 1;
      gint64 event = event_of (params, i, items->len);

      /* An event's items next to each other (grouping by event), else a
       * section of the zoom level. */
      if (event != 0)
        while (end < items->len && event_of (params, end, items->len) == event)
          end++;
      else
        while (end < items->len && section_key (ITEM (items, end)->day, params->zoom) == key &&
               event_of (params, end, items->len) == 0)
          end++;

      switch (params->zoom)
        {
          case SV_TIMELINE_ZOOM_DAY:
            /* A month header where the month changes (an event's goes by
             * its newest item). */
            if (key != 0 && key / 100 != month)
              {
                guint m_end = end;

                month = key / 100;
                while (m_end < items->len && ITEM (items, m_end)->day / 100 == month)
                  m_end++;
                add_row (layout, SV_TIMELINE_ROW_MONTH, month * 100, i, m_end - i, 0);
              }
            if (event != 0)
              add_row (layout, SV_TIMELINE_ROW_EVENT, (guint32) event, i, end - i, 0);
            else
              add_row (layout, SV_TIMELINE_ROW_DAY, key, i, end - i, 0);
            break;
          case SV_TIMELINE_ZOOM_MONTH:
            add_row (layout, SV_TIMELINE_ROW_MONTH, key, i, end - i, 0);
            break;
          case SV_TIMELINE_ZOOM_YEAR:
          default:
            add_row (layout, SV_TIMELINE_ROW_YEAR, key, i, end - i, 0);
            break;
        }

      if (params->kind == SV_TIMELINE_LAYOUT_SQUARE)
        lay_out_square (layout, key, i, end, avail, params);
      else
        lay_out_justified (layout, items, key, i, end, avail, params);
      i = end;
    }
  return layout;
}

void
sv_timeline_layout_free (SvTimelineLayout *layout)
{
  if (layout == NULL)
    return;
  g_array_unref (layout->rows);
  g_array_unref (layout->cell_x);
  g_array_unref (layout->cell_w);
  g_array_unref (layout->item_row);
  g_free (layout);
}

guint
sv_timeline_layout_get_n_rows (const SvTimelineLayout *layout)
{
  return layout->rows->len;
}

const SvTimelineRow *
sv_timeline_layout_get_row (const SvTimelineLayout *layout, guint row)
{
  g_return_val_if_fail (row < layout->rows->len, NULL);
  return &g_array_index (layout->rows, SvTimelineRow, row);
}

guint
sv_timeline_layout_get_item_row (const SvTimelineLayout *layout, guint index)
{
  g_return_val_if_fail (index < layout->item_row->len, 0);
  return g_array_index (layout->item_row, guint, index);
}

static gboolean
parse_date (const char *s, guint32 *key, gboolean *month_only)
{
  guint y = 0, m = 0, d = 0;
  int len;

  if (s == NULL)
    return FALSE;
  len = (int) strlen (s);
  if (len == 7 && sscanf (s, "%4u-%2u", &y, &m) == 2 && s[4] == '-')
    d = 0, *month_only = TRUE;
  else if (len == 10 && sscanf (s, "%4u-%2u-%2u", &y, &m, &d) == 3 && s[4] == '-' && s[7] == '-')
    *month_only = FALSE;
  else
    return FALSE;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || (!*month_only && (d < 1 || d > 31)))
    return FALSE;
  *key = y * 10000 + m * 100 + d;
  return TRUE;
}

guint
sv_timeline_layout_find_date (const SvTimelineLayout *layout,
                              const GArray *items,
                              const char *day_or_month)
{
  guint32 key;
  gboolean month_only;
  guint lo = 0, hi;

  if (!parse_date (day_or_month, &key, &month_only))
    return G_MAXUINT;
  if (month_only)
    key += 99; /* the newest possible day of that month */

  /* Items are newest first, undated last: the first item with 0 < day <= key. */
  hi = items->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 day = ITEM (items, mid)->day;

      if (day != 0 && day > key)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= items->len || ITEM (items, lo)->day == 0)
    return G_MAXUINT;
  {
    guint row = sv_timeline_layout_get_item_row (layout, lo);

    /* Show the headers above the section's first row too. */
    while (row > 0 &&
           g_array_index (layout->rows, SvTimelineRow, row - 1).kind != SV_TIMELINE_ROW_PHOTOS)
      row--;
    return row;
  }
}

static guint
nearest_in_row (const SvTimelineLayout *layout, guint row_index, double centre)
{
  const SvTimelineRow *row = sv_timeline_layout_get_row (layout, row_index);
  guint best = row->first;
  double best_d = G_MAXDOUBLE;

  for (guint k = row->first; k < row->first + row->n; k++)
    {
      double c = g_array_index (layout->cell_x, gint32, k) +
                 g_array_index (layout->cell_w, gint32, k) / 2.0;
      double dist = fabs (c - centre);

      if (dist < best_d)
        best_d = dist, best = k;
    }
  return best;
}

guint
sv_timeline_layout_move (const SvTimelineLayout *layout, guint index, SvTimelineMove move)
{
  guint n = layout->item_row->len;
  guint row;
  double centre;

  if (n == 0)
    return 0;
  index = MIN (index, n - 1);
  switch (move)
    {
      case SV_TIMELINE_MOVE_LEFT:
        return index > 0 ? index - 1 : 0;
      case SV_TIMELINE_MOVE_RIGHT:
        return index + 1 < n ? index + 1 : index;
      case SV_TIMELINE_MOVE_HOME:
        return 0;
      case SV_TIMELINE_MOVE_END:
        return n - 1;
      case SV_TIMELINE_MOVE_UP:
      case SV_TIMELINE_MOVE_DOWN:
      default:
        break;
    }

  row = sv_timeline_layout_get_item_row (layout, index);
  centre = g_array_index (layout->cell_x, gint32, index) +
           g_array_index (layout->cell_w, gint32, index) / 2.0;
  if (move == SV_TIMELINE_MOVE_UP)
    {
      while (row > 0)
        {
          row--;
          if (sv_timeline_layout_get_row (layout, row)->kind == SV_TIMELINE_ROW_PHOTOS)
            return nearest_in_row (layout, row, centre);
        }
    }
  else
    {
      while (row + 1 < layout->rows->len)
        {
          row++;
          if (sv_timeline_layout_get_row (layout, row)->kind == SV_TIMELINE_ROW_PHOTOS)
            return nearest_in_row (layout, row, centre);
        }
    }
  return index;
}

static gboolean
rows_equal (const SvTimelineLayout *a,
            const GArray *a_items,
            guint ra,
            const SvTimelineLayout *b,
            const GArray *b_items,
            guint rb)
{
  const SvTimelineRow *x = sv_timeline_layout_get_row (a, ra);
  const SvTimelineRow *y = sv_timeline_layout_get_row (b, rb);

  if (x->kind != y->kind || x->key != y->key)
    return FALSE;
  if (x->kind != SV_TIMELINE_ROW_PHOTOS)
    /* A header shows only its key; the view updates its range in place. */
    return TRUE;
  if (x->n != y->n || x->height != y->height)
    return FALSE;
  for (guint k = 0; k < x->n; k++)
    {
      guint i = x->first + k, j = y->first + k;

      if (ITEM (a_items, i)->id != ITEM (b_items, j)->id ||
          g_array_index (a->cell_x, gint32, i) != g_array_index (b->cell_x, gint32, j) ||
          g_array_index (a->cell_w, gint32, i) != g_array_index (b->cell_w, gint32, j))
        return FALSE;
    }
  return TRUE;
}

gboolean
sv_timeline_layout_diff (const SvTimelineLayout *old_layout,
                         const GArray *old_items,
                         const SvTimelineLayout *new_layout,
                         const GArray *new_items,
                         guint *position,
                         guint *removed,
                         guint *added)
{
  guint n_old = old_layout->rows->len, n_new = new_layout->rows->len;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new &&
         rows_equal (old_layout, old_items, prefix, new_layout, new_items, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         rows_equal (old_layout, old_items, n_old - 1 - suffix, new_layout, new_items,
                     n_new - 1 - suffix))
    suffix++;
  *position = prefix;
  *removed = n_old - prefix - suffix;
  *added = n_new - prefix - suffix;
  return *removed > 0 || *added > 0;
}

/* ---- texts ---- */

static GDateTime *
date_of (guint32 key)
{
  guint y = key / 10000, m = key / 100 % 100, d = key % 100;

  /* UTC: a calendar day only names a day and a month, and the local time
   * zone would be looked up (a stat of /usr/share/zoneinfo) every time. */
  return g_date_time_new_utc ((int) y, (int) MAX (1u, m), (int) MAX (1u, d), 12, 0, 0);
}

static char *
capitalise (char *s)
{
  g_autofree char *head = NULL;
  const char *rest;

  if (s == NULL || *s == '\0')
    return s;
  rest = g_utf8_next_char (s);
  head = g_utf8_strup (s, rest - s);
  {
    char *out = g_strconcat (head, rest, NULL);

    g_free (s);
    return out;
  }
}

char *
sv_timeline_format_day (guint32 key, guint32 today, const char *place)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *date = NULL;

  if (key == 0)
    date = g_strdup (_ ("No Date"));
  else
    {
      dt = date_of (key);
      if (dt == NULL)
        date = g_strdup (_ ("No Date"));
      else if (key / 10000 == today / 10000)
        /* Translators: a day header in the timeline, for a day of this
         * year; see g_date_time_format () ("Sunday 14 July") */
        date = g_date_time_format (dt, C_ ("day header", "%A %-d %B"));
      else
        /* Translators: a day header for a day of another year ("Sunday 14
         * July 2024"); see g_date_time_format () */
        date = g_date_time_format (dt, C_ ("day header", "%A %-d %B %Y"));
    }
  if (date == NULL)
    date = g_strdup ("?");
  if (place == NULL || *place == '\0')
    return g_steal_pointer (&date);
  /* Translators: a day header: the date, then the place */
  return g_strdup_printf (C_ ("day header", "%s · %s"), date, place);
}

char *
sv_timeline_format_month (guint32 key)
{
  g_autoptr (GDateTime) dt = NULL;

  if (key == 0)
    return g_strdup (_ ("No Date"));
  dt = date_of (key);
  if (dt == NULL)
    return g_strdup (_ ("No Date"));
  /* Translators: a month header in the timeline ("July 2024"); see
   * g_date_time_format () */
  return capitalise (g_date_time_format (dt, C_ ("month header", "%B %Y")));
}

char *
sv_timeline_format_year (guint32 key)
{
  if (key == 0)
    return g_strdup (_ ("No Date"));
  return g_strdup_printf ("%u", key / 10000);
}

char *
sv_timeline_format_cell_name (guint32 day, gboolean video, const char *place)
{
  g_autoptr (GDateTime) dt = day != 0 ? date_of (day) : NULL;
  g_autofree char *date = NULL;
  gboolean has_place = place != NULL && *place != '\0';

  if (dt != NULL)
    /* Translators: the date in a photo's name for screen readers ("14 July
     * 2024"); see g_date_time_format () */
    date = g_date_time_format (dt, C_ ("accessible date", "%-d %B %Y"));
  if (date == NULL)
    date = g_strdup (_ ("no date"));
  if (video)
    return has_place ? g_strdup_printf (_ ("Video, %s, %s"), date, place)
                     : g_strdup_printf (_ ("Video, %s"), date);
  return has_place ? g_strdup_printf (_ ("Photo, %s, %s"), date, place)
                   : g_strdup_printf (_ ("Photo, %s"), date);
}

guint32
sv_timeline_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return (guint32) (g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
                    g_date_time_get_day_of_month (now));
}

/* ---- selection ---- */

void
sv_timeline_selection_init (SvTimelineSelection *sel)
{
  sel->ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sel->anchor = 0;
}

void
sv_timeline_selection_clear (SvTimelineSelection *sel)
{
  g_clear_pointer (&sel->ids, g_hash_table_unref);
  sel->anchor = 0;
}

gboolean
sv_timeline_selection_contains (const SvTimelineSelection *sel, gint64 id)
{
  return g_hash_table_contains (sel->ids, &id);
}

guint
sv_timeline_selection_count (const SvTimelineSelection *sel)
{
  return g_hash_table_size (sel->ids);
}

static gboolean
sel_add (SvTimelineSelection *sel, gint64 id)
{
  if (g_hash_table_contains (sel->ids, &id))
    return FALSE;
  g_hash_table_add (sel->ids, g_memdup2 (&id, sizeof id));
  return TRUE;
}

gboolean
sv_timeline_selection_click (SvTimelineSelection *sel,
                             const GArray *items,
                             guint index,
                             gboolean extend)
{
  gint64 id;

  g_return_val_if_fail (index < items->len, FALSE);
  id = ITEM (items, index)->id;

  if (extend && sel->anchor != 0)
    {
      guint anchor = G_MAXUINT;
      gboolean changed = FALSE;

      for (guint i = 0; i < items->len; i++)
        if (ITEM (items, i)->id == sel->anchor)
          {
            anchor = i;
            break;
          }
      if (anchor != G_MAXUINT)
        {
          for (guint i = MIN (anchor, index); i <= MAX (anchor, index); i++)
            changed |= sel_add (sel, ITEM (items, i)->id);
          return changed;
        }
    }

  sel->anchor = id;
  if (!sel_add (sel, id))
    g_hash_table_remove (sel->ids, &id);
  return TRUE;
}

gboolean
sv_timeline_selection_range_is_selected (const SvTimelineSelection *sel,
                                         const GArray *items,
                                         guint first,
                                         guint n)
{
  if (n == 0)
    return FALSE;
  for (guint i = first; i < first + n && i < items->len; i++)
    if (!sv_timeline_selection_contains (sel, ITEM (items, i)->id))
      return FALSE;
  return TRUE;
}

gboolean
sv_timeline_selection_toggle_range (SvTimelineSelection *sel,
                                    const GArray *items,
                                    guint first,
                                    guint n)
{
  gboolean all = sv_timeline_selection_range_is_selected (sel, items, first, n);
  gboolean changed = FALSE;

  for (guint i = first; i < first + n && i < items->len; i++)
    {
      gint64 id = ITEM (items, i)->id;

      if (all)
        changed |= g_hash_table_remove (sel->ids, &id);
      else
        changed |= sel_add (sel, id);
    }
  if (n > 0 && first < items->len)
    sel->anchor = ITEM (items, first)->id;
  return changed;
}

void
sv_timeline_selection_select_all (SvTimelineSelection *sel, const GArray *items)
{
  for (guint i = 0; i < items->len; i++)
    sel_add (sel, ITEM (items, i)->id);
}

void
sv_timeline_selection_unselect_all (SvTimelineSelection *sel)
{
  g_hash_table_remove_all (sel->ids);
  sel->anchor = 0;
}

gboolean
sv_timeline_selection_prune (SvTimelineSelection *sel, const GArray *items)
{
  g_autoptr (GHashTable) keep = NULL;
  guint before = g_hash_table_size (sel->ids);

  if (before == 0)
    return FALSE;
  keep = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = ITEM (items, i)->id;

      if (g_hash_table_contains (sel->ids, &id))
        g_hash_table_add (keep, g_memdup2 (&id, sizeof id));
    }
  g_hash_table_unref (sel->ids);
  sel->ids = g_steal_pointer (&keep);
  if (sel->anchor != 0 && !g_hash_table_contains (sel->ids, &sel->anchor))
    sel->anchor = 0;
  return g_hash_table_size (sel->ids) != before;
}

GArray *
sv_timeline_selection_get_ids (const SvTimelineSelection *sel, const GArray *items)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (g_hash_table_size (sel->ids) == 0)
    return ids;
  for (guint i = 0; i < items->len; i++)
    if (sv_timeline_selection_contains (sel, ITEM (items, i)->id))
      g_array_append_val (ids, ITEM (items, i)->id);
  return ids;
}

/* ---- row items ---- */

struct _SvTimelineRowItem
{
  GObject parent_instance;
  SvTimelineRow row;
};

G_DEFINE_FINAL_TYPE (SvTimelineRowItem, sv_timeline_row_item, G_TYPE_OBJECT)

static void
sv_timeline_row_item_class_init (SvTimelineRowItemClass *klass)
{
}

static void
sv_timeline_row_item_init (SvTimelineRowItem *self)
{
}

SvTimelineRowItem *
sv_timeline_row_item_new (const SvTimelineRow *row)
{
  SvTimelineRowItem *self = g_object_new (SV_TYPE_TIMELINE_ROW_ITEM, NULL);

  self->row = *row;
  return self;
}

const SvTimelineRow *
sv_timeline_row_item_get_row (SvTimelineRowItem *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_ROW_ITEM (self), NULL);
  return &self->row;
}

void
sv_timeline_row_item_set_row (SvTimelineRowItem *self, const SvTimelineRow *row)
{
  g_return_if_fail (SV_IS_TIMELINE_ROW_ITEM (self));
  self->row = *row;
}

/* ------------------------------------------------------------------ */
/* Date scrubber                                                        */
/* ------------------------------------------------------------------ */

static double
row_height_for_scrubber (const SvTimelineRow *row, int header_height)
{
  return row->kind == SV_TIMELINE_ROW_PHOTOS ? (double) row->height : (double) header_height;
}

static double
layout_total_height (const SvTimelineLayout *layout, int header_height)
{
  double total = 0;

  for (guint r = 0; r < layout->rows->len; r++)
    total +=
        row_height_for_scrubber (&g_array_index (layout->rows, SvTimelineRow, r), header_height);
  return total;
}

double
sv_timeline_scrubber_position_of_row (const SvTimelineLayout *layout, int header_height, guint row)
{
  double total = layout_total_height (layout, header_height);
  double y = 0;

  if (total <= 0)
    return 0;
  for (guint r = 0; r < row && r < layout->rows->len; r++)
    y += row_height_for_scrubber (&g_array_index (layout->rows, SvTimelineRow, r), header_height);
  return CLAMP (y / total, 0.0, 1.0);
}

guint
sv_timeline_scrubber_row_at (const SvTimelineLayout *layout, int header_height, double fraction)
{
  double total = layout_total_height (layout, header_height);
  double target, y = 0;

  if (layout->rows->len == 0)
    return 0;
  target = CLAMP (fraction, 0.0, 1.0) * total;
  for (guint r = 0; r < layout->rows->len; r++)
    {
      double h =
          row_height_for_scrubber (&g_array_index (layout->rows, SvTimelineRow, r), header_height);

      if (target < y + h)
        return r;
      y += h;
    }
  return layout->rows->len - 1;
}

guint32
sv_timeline_scrubber_month_of_row (const SvTimelineLayout *layout, const GArray *items, guint row)
{
  const SvTimelineRow *r;

  if (row >= layout->rows->len)
    return 0;
  r = &g_array_index (layout->rows, SvTimelineRow, row);
  if (r->kind == SV_TIMELINE_ROW_YEAR)
    {
      /* The year's newest month. */
      if (r->first < items->len)
        return g_array_index (items, SvLayoutItem, r->first).day / 100 * 100;
      return r->key;
    }
  if (r->kind != SV_TIMELINE_ROW_PHOTOS && r->kind != SV_TIMELINE_ROW_EVENT)
    return r->key / 100 * 100;
  if (r->first >= items->len)
    return 0;
  return g_array_index (items, SvLayoutItem, r->first).day / 100 * 100;
}

GArray *
sv_timeline_scrubber_marks (const SvTimelineLayout *layout, const GArray *items, int header_height)
{
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (SvScrubberMark));
  double total = layout_total_height (layout, header_height);
  double y = 0, headers_y = -1;
  guint32 last_month = G_MAXUINT32;

  for (guint r = 0; r < layout->rows->len; r++)
    {
      const SvTimelineRow *row = &g_array_index (layout->rows, SvTimelineRow, r);
      double h = row_height_for_scrubber (row, header_height);
      guint32 month;

      if (row->kind != SV_TIMELINE_ROW_PHOTOS)
        {
          /* A month starts at the headers above its first photos. */
          if (headers_y < 0)
            headers_y = y;
          y += h;
          continue;
        }
      month = row->first < items->len
                  ? g_array_index (items, SvLayoutItem, row->first).day / 100 * 100
                  : 0;
      if (month != 0 && month != last_month)
        {
          SvScrubberMark m = { 0 };
          double at = headers_y >= 0 ? headers_y : y;

          m.position = total > 0 ? at / total : 0;
          m.key = month;
          m.year = last_month == G_MAXUINT32 || month / 10000 != last_month / 10000;
          g_array_append_val (marks, m);
          last_month = month;
        }
      headers_y = -1;
      y += h;
    }
  return marks;
}

GArray *
sv_timeline_scrubber_row_positions (const SvTimelineLayout *layout, int header_height)
{
  GArray *positions = g_array_sized_new (FALSE, FALSE, sizeof (double), layout->rows->len);
  double total = layout_total_height (layout, header_height);
  double y = 0;

  for (guint r = 0; r < layout->rows->len; r++)
    {
      double at = total > 0 ? CLAMP (y / total, 0.0, 1.0) : 0.0;

      g_array_append_val (positions, at);
      y += row_height_for_scrubber (&g_array_index (layout->rows, SvTimelineRow, r), header_height);
    }
  return positions;
}
