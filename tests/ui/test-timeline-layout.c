/* test-timeline-layout.c: the timeline's rows, header texts, keyboard moves,
 * layout changes and selection ranges, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-timeline-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>

#include "sv-i18n.h"
#include "sv-timeline-layout.h"

typedef struct
{
  guint32 day;
  guint32 width, height;
} Spec;

static GArray *
make_items (const Spec *specs, guint n)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (SvLayoutItem));

  for (guint i = 0; i < n; i++)
    {
      SvLayoutItem it = { (gint64) (1000 + i), specs[i].day, specs[i].width, specs[i].height };

      g_array_append_val (items, it);
    }
  return items;
}

static const SvTimelineLayoutParams day_params = {
  .width = 1024,
  .target_height = 180,
  .gap = 4,
  .margin = 12,
  .kind = SV_TIMELINE_LAYOUT_JUSTIFIED,
  .zoom = SV_TIMELINE_ZOOM_DAY,
};

/* 14 photos on 14 July 2024 (landscape, portrait, square, panorama), 3 on
 * 2 July, 2 on 30 June, 1 without a date. */
static GArray *
sample_items (void)
{
  static const Spec specs[] = {
    { 20240714, 4000, 3000 }, { 20240714, 3000, 4000 }, { 20240714, 1000, 1000 },
    { 20240714, 6000, 2000 }, { 20240714, 4000, 3000 }, { 20240714, 4000, 3000 },
    { 20240714, 3000, 4000 }, { 20240714, 1600, 900 },  { 20240714, 4000, 3000 },
    { 20240714, 4000, 3000 }, { 20240714, 3000, 4000 }, { 20240714, 0, 0 },
    { 20240714, 4000, 3000 }, { 20240714, 4000, 3000 }, { 20240702, 4000, 3000 },
    { 20240702, 3000, 4000 }, { 20240702, 4000, 3000 }, { 20240630, 4000, 3000 },
    { 20240630, 4000, 3000 }, { 0, 4000, 3000 },
  };

  return make_items (specs, G_N_ELEMENTS (specs));
}

static double
aspect (const SvLayoutItem *it)
{
  if (it->width == 0 || it->height == 0)
    return 1.0;
  return CLAMP ((double) it->width / it->height, 0.25, 4.0);
}

static void
test_justified_rows (void)
{
  g_autoptr (GArray) items = sample_items ();
  g_autoptr (SvTimelineLayout) layout = sv_timeline_layout_new (items, &day_params);
  int avail = day_params.width - 2 * day_params.margin;
  guint n_rows = sv_timeline_layout_get_n_rows (layout);
  guint seen = 0;
  const SvTimelineRow *row;

  /* July header, 14 July, its rows..., 2 July, rows, June header, 30 June,
   * rows, No date, rows. */
  row = sv_timeline_layout_get_row (layout, 0);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_MONTH);
  g_assert_cmpuint (row->key, ==, 20240700);
  g_assert_cmpuint (row->n, ==, 17);
  row = sv_timeline_layout_get_row (layout, 1);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_DAY);
  g_assert_cmpuint (row->key, ==, 20240714);
  g_assert_cmpuint (row->n, ==, 14);

  for (guint r = 0; r < n_rows; r++)
    {
      gboolean last_of_section;

      row = sv_timeline_layout_get_row (layout, r);
      if (row->kind != SV_TIMELINE_ROW_PHOTOS)
        continue;
      g_assert_cmpuint (row->first, ==, seen);
      seen += row->n;
      last_of_section = r + 1 == n_rows ||
                        sv_timeline_layout_get_row (layout, r + 1)->kind != SV_TIMELINE_ROW_PHOTOS;
      for (guint k = row->first; k < row->first + row->n; k++)
        {
          int x = g_array_index (layout->cell_x, gint32, k);
          int w = g_array_index (layout->cell_w, gint32, k);
          double ar = aspect (&g_array_index (items, SvLayoutItem, k));

          g_assert_cmpuint (sv_timeline_layout_get_item_row (layout, k), ==, r);
          /* Aspect ratio kept to a pixel or two of rounding. */
          g_assert_cmpfloat (fabs (w - ar * row->height), <=, 2.5);
          if (k > row->first)
            {
              int px = g_array_index (layout->cell_x, gint32, k - 1);
              int pw = g_array_index (layout->cell_w, gint32, k - 1);

              g_assert_cmpint (x, ==, px + pw + day_params.gap);
            }
          else
            g_assert_cmpint (x, ==, 0);
        }
      if (last_of_section)
        /* Not stretched: the target height, narrower than the view. */
        g_assert_cmpuint (row->height, ==, 180);
      else
        {
          guint k = row->first + row->n - 1;

          g_assert_cmpint (g_array_index (layout->cell_x, gint32, k) +
                               g_array_index (layout->cell_w, gint32, k),
                           ==, avail);
          g_assert_cmpuint (row->height, >=, 90);
          g_assert_cmpuint (row->height, <=, 270);
        }
    }
  g_assert_cmpuint (seen, ==, items->len);

  /* The undated item comes last under a "no date" day header. */
  row = sv_timeline_layout_get_row (layout, n_rows - 2);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_DAY);
  g_assert_cmpuint (row->key, ==, 0);
  g_assert_cmpuint (row->first, ==, 19);
}

static void
test_square_and_zoom (void)
{
  g_autoptr (GArray) items = sample_items ();
  SvTimelineLayoutParams p = day_params;
  g_autoptr (SvTimelineLayout) square = NULL;
  g_autoptr (SvTimelineLayout) months = NULL;
  g_autoptr (SvTimelineLayout) years = NULL;
  const SvTimelineRow *row;

  p.kind = SV_TIMELINE_LAYOUT_SQUARE;
  p.target_height = 180;
  square = sv_timeline_layout_new (items, &p);
  /* (1000 + 4) / 184 = 5 columns of (1000 - 16) / 5 = 196 px. */
  row = sv_timeline_layout_get_row (square, 2);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_PHOTOS);
  g_assert_cmpuint (row->n, ==, 5);
  g_assert_cmpuint (row->height, ==, 196);
  for (guint k = 0; k < 5; k++)
    {
      g_assert_cmpint (g_array_index (square->cell_w, gint32, k), ==, 196);
      g_assert_cmpint (g_array_index (square->cell_x, gint32, k), ==, (int) k * 200);
    }
  /* 14 photos: rows of 5, 5, 4. */
  g_assert_cmpuint (sv_timeline_layout_get_row (square, 4)->n, ==, 4);
  g_assert_cmpint (sv_timeline_layout_get_row (square, 5)->kind, ==, SV_TIMELINE_ROW_DAY);

  p.kind = SV_TIMELINE_LAYOUT_JUSTIFIED;
  p.zoom = SV_TIMELINE_ZOOM_MONTH;
  p.target_height = sv_timeline_zoom_target_height (SV_TIMELINE_ZOOM_MONTH, p.kind);
  months = sv_timeline_layout_new (items, &p);
  row = sv_timeline_layout_get_row (months, 0);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_MONTH);
  g_assert_cmpuint (row->n, ==, 17);
  for (guint r = 0; r < sv_timeline_layout_get_n_rows (months); r++)
    g_assert_cmpint (sv_timeline_layout_get_row (months, r)->kind, !=, SV_TIMELINE_ROW_DAY);

  p.zoom = SV_TIMELINE_ZOOM_YEAR;
  p.target_height = sv_timeline_zoom_target_height (SV_TIMELINE_ZOOM_YEAR, p.kind);
  years = sv_timeline_layout_new (items, &p);
  row = sv_timeline_layout_get_row (years, 0);
  g_assert_cmpint (row->kind, ==, SV_TIMELINE_ROW_YEAR);
  g_assert_cmpuint (row->key, ==, 20240000);
  g_assert_cmpuint (row->n, ==, 19);
  /* 19 small photos of 2024 take two rows of a 1000 px view at 54 px,
   * then the undated year header and its row. */
  {
    guint in_2024 = 0, r = 1;

    for (; sv_timeline_layout_get_row (years, r)->kind == SV_TIMELINE_ROW_PHOTOS; r++)
      {
        g_assert_cmpuint (sv_timeline_layout_get_row (years, r)->height, <=, 81);
        in_2024 += sv_timeline_layout_get_row (years, r)->n;
      }
    g_assert_cmpuint (r, ==, 3);
    g_assert_cmpuint (in_2024, ==, 19);
    g_assert_cmpint (sv_timeline_layout_get_row (years, r)->kind, ==, SV_TIMELINE_ROW_YEAR);
    g_assert_cmpuint (sv_timeline_layout_get_row (years, r)->key, ==, 0);
    g_assert_cmpuint (sv_timeline_layout_get_n_rows (years), ==, 5);
  }
}

/* The date scrubber's marks and its position <-> row mapping: three years
 * of photos, two months each. */
static void
test_scrubber_mapping (void)
{
  static const Spec specs[] = {
    { 20240714, 4000, 3000 }, { 20240714, 3000, 4000 }, { 20240602, 4000, 3000 },
    { 20231224, 4000, 3000 }, { 20231101, 4000, 3000 }, { 20231101, 4000, 3000 },
    { 20220305, 4000, 3000 }, { 20220102, 4000, 3000 },
  };
  g_autoptr (GArray) items = make_items (specs, G_N_ELEMENTS (specs));
  g_autoptr (SvTimelineLayout) layout = sv_timeline_layout_new (items, &day_params);
  g_autoptr (GArray) marks = sv_timeline_scrubber_marks (layout, items, 40);
  static const guint32 months[] = { 20240700, 20240600, 20231200, 20231100, 20220300, 20220100 };
  guint n_rows = sv_timeline_layout_get_n_rows (layout);
  double total = 0;

  /* One mark per month, newest first, at its month header; years flagged
   * at their first month. */
  g_assert_cmpuint (marks->len, ==, G_N_ELEMENTS (months));
  for (guint i = 0; i < marks->len; i++)
    {
      const SvScrubberMark *m = &g_array_index (marks, SvScrubberMark, i);
      guint row = sv_timeline_scrubber_row_at (layout, 40, m->position + 1e-9);

      g_assert_cmpuint (m->key, ==, months[i]);
      g_assert_cmpint (m->year, ==, i == 0 || i == 2 || i == 4);
      if (i > 0)
        g_assert_cmpfloat (m->position, >, g_array_index (marks, SvScrubberMark, i - 1).position);
      /* The mark's position is that month's header row. */
      g_assert_cmpint (sv_timeline_layout_get_row (layout, row)->kind, ==, SV_TIMELINE_ROW_MONTH);
      g_assert_cmpuint (sv_timeline_scrubber_month_of_row (layout, items, row), ==, months[i]);
      g_assert_cmpfloat_with_epsilon (sv_timeline_scrubber_position_of_row (layout, 40, row),
                                      m->position, 1e-9);
    }
  g_assert_cmpfloat (g_array_index (marks, SvScrubberMark, 0).position, ==, 0);

  /* Row <-> position round trips; the ends. */
  for (guint r = 0; r < n_rows; r++)
    {
      double at = sv_timeline_scrubber_position_of_row (layout, 40, r);

      g_assert_cmpuint (sv_timeline_scrubber_row_at (layout, 40, at + 1e-9), ==, r);
      g_assert_cmpfloat (at, >=, total);
      total = at;
    }
  {
    g_autoptr (GArray) positions = sv_timeline_scrubber_row_positions (layout, 40);

    g_assert_cmpuint (positions->len, ==, n_rows);
    for (guint r = 0; r < n_rows; r++)
      g_assert_cmpfloat_with_epsilon (g_array_index (positions, double, r),
                                      sv_timeline_scrubber_position_of_row (layout, 40, r), 1e-12);
  }
  g_assert_cmpuint (sv_timeline_scrubber_row_at (layout, 40, -1), ==, 0);
  g_assert_cmpuint (sv_timeline_scrubber_row_at (layout, 40, 2), ==, n_rows - 1);
  g_assert_cmpuint (sv_timeline_scrubber_month_of_row (layout, items, n_rows - 1), ==, 20220100);

  /* Half-way down is in 2023 (rows of one or two photos: even sizes). */
  g_assert_cmpuint (sv_timeline_scrubber_month_of_row (
                        layout, items, sv_timeline_scrubber_row_at (layout, 40, 0.5)) /
                        10000,
                    ==, 2023);

  /* At the year zoom level: year headers only, marks still per month. */
  {
    SvTimelineLayoutParams p = day_params;
    g_autoptr (SvTimelineLayout) years = NULL;
    g_autoptr (GArray) year_marks = NULL;

    p.zoom = SV_TIMELINE_ZOOM_YEAR;
    p.target_height = sv_timeline_zoom_target_height (SV_TIMELINE_ZOOM_YEAR, p.kind);
    years = sv_timeline_layout_new (items, &p);
    year_marks = sv_timeline_scrubber_marks (years, items, 40);
    g_assert_cmpuint (year_marks->len, >=, 3);
    g_assert_cmpuint (g_array_index (year_marks, SvScrubberMark, 0).key, ==, 20240700);
    g_assert_true (g_array_index (year_marks, SvScrubberMark, 0).year);
  }
}

static void
test_find_and_move (void)
{
  g_autoptr (GArray) items = sample_items ();
  g_autoptr (SvTimelineLayout) layout = sv_timeline_layout_new (items, &day_params);
  guint row, below, above;

  g_assert_cmpuint (sv_timeline_layout_find_date (layout, items, "2024-07"), ==, 0);
  row = sv_timeline_layout_find_date (layout, items, "2024-07-02");
  g_assert_cmpint (sv_timeline_layout_get_row (layout, row)->kind, ==, SV_TIMELINE_ROW_DAY);
  g_assert_cmpuint (sv_timeline_layout_get_row (layout, row)->key, ==, 20240702);
  /* No photo on 5 July: the next older day. */
  row = sv_timeline_layout_find_date (layout, items, "2024-07-05");
  g_assert_cmpuint (sv_timeline_layout_get_row (layout, row)->key, ==, 20240702);
  row = sv_timeline_layout_find_date (layout, items, "2024-06");
  g_assert_cmpint (sv_timeline_layout_get_row (layout, row)->kind, ==, SV_TIMELINE_ROW_MONTH);
  g_assert_cmpuint (sv_timeline_layout_get_row (layout, row)->key, ==, 20240600);
  g_assert_cmpuint (sv_timeline_layout_find_date (layout, items, "1999-01"), ==, G_MAXUINT);
  g_assert_cmpuint (sv_timeline_layout_find_date (layout, items, "July"), ==, G_MAXUINT);

  g_assert_cmpuint (sv_timeline_layout_move (layout, 0, SV_TIMELINE_MOVE_LEFT), ==, 0);
  g_assert_cmpuint (sv_timeline_layout_move (layout, 0, SV_TIMELINE_MOVE_RIGHT), ==, 1);
  g_assert_cmpuint (sv_timeline_layout_move (layout, 0, SV_TIMELINE_MOVE_UP), ==, 0);
  g_assert_cmpuint (sv_timeline_layout_move (layout, 5, SV_TIMELINE_MOVE_END), ==, 19);
  /* Down from the first cell: the first cell of the next row. */
  below = sv_timeline_layout_move (layout, 0, SV_TIMELINE_MOVE_DOWN);
  g_assert_cmpuint (sv_timeline_layout_get_item_row (layout, below), ==,
                    sv_timeline_layout_get_item_row (layout, 0) + 1);
  g_assert_cmpint (g_array_index (layout->cell_x, gint32, below), ==, 0);
  above = sv_timeline_layout_move (layout, below, SV_TIMELINE_MOVE_UP);
  g_assert_cmpuint (above, ==, 0);
  /* Down from the last row of 14 July skips the 2 July header. */
  below = sv_timeline_layout_move (layout, 13, SV_TIMELINE_MOVE_DOWN);
  g_assert_cmpuint (g_array_index (items, SvLayoutItem, below).day, ==, 20240702);
  g_assert_cmpuint (sv_timeline_layout_move (layout, 19, SV_TIMELINE_MOVE_DOWN), ==, 19);
}

static void
test_diff (void)
{
  g_autoptr (GArray) items = sample_items ();
  g_autoptr (GArray) fewer = sample_items ();
  g_autoptr (SvTimelineLayout) before = sv_timeline_layout_new (items, &day_params);
  g_autoptr (SvTimelineLayout) after = NULL;
  g_autoptr (SvTimelineLayout) same = sv_timeline_layout_new (items, &day_params);
  guint pos, removed, added, first_row_of_2_july;

  g_assert_false (sv_timeline_layout_diff (before, items, same, items, &pos, &removed, &added));

  /* Trash the second photo of 2 July: only that day's row changes. */
  g_array_remove_index (fewer, 15);
  after = sv_timeline_layout_new (fewer, &day_params);
  g_assert_true (sv_timeline_layout_diff (before, items, after, fewer, &pos, &removed, &added));
  first_row_of_2_july = sv_timeline_layout_get_item_row (before, 14);
  /* Headers are kept (the view updates their counts in place): only the
   * day's one photo row is replaced. */
  g_assert_cmpuint (pos, ==, first_row_of_2_july);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (sv_timeline_layout_get_n_rows (after), ==,
                    sv_timeline_layout_get_n_rows (before));
  /* Without the whole day: its header and row go. */
  g_array_remove_range (fewer, 14, 2);
  g_clear_pointer (&after, sv_timeline_layout_free);
  after = sv_timeline_layout_new (fewer, &day_params);
  g_assert_true (sv_timeline_layout_diff (before, items, after, fewer, &pos, &removed, &added));
  g_assert_cmpuint (pos, ==, first_row_of_2_july - 1);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_cmpuint (added, ==, 0);
}

static void
test_header_text_english (void)
{
  g_autofree char *day = NULL;
  g_autofree char *day_this_year = NULL;
  g_autofree char *month = NULL;
  g_autofree char *year = NULL;
  g_autofree char *none = NULL;
  g_autofree char *cell = NULL;
  g_autofree char *video = NULL;

  day = sv_timeline_format_day (20240714, 20261126, "Rome, Italy");
  g_assert_cmpstr (day, ==, "Sunday 14 July 2024 · Rome, Italy");
  day_this_year = sv_timeline_format_day (20261109, 20261126, NULL);
  g_assert_cmpstr (day_this_year, ==, "Monday 9 November");
  month = sv_timeline_format_month (20211100);
  g_assert_cmpstr (month, ==, "November 2021");
  year = sv_timeline_format_year (20210000);
  g_assert_cmpstr (year, ==, "2021");
  none = sv_timeline_format_day (0, 20261126, "");
  g_assert_cmpstr (none, ==, "No Date");
  cell = sv_timeline_format_cell_name (20240714, FALSE, "Rome");
  g_assert_cmpstr (cell, ==, "Photo, 14 July 2024, Rome");
  video = sv_timeline_format_cell_name (0, TRUE, NULL);
  g_assert_cmpstr (video, ==, "Video, no date");
}

static void
test_header_text_french (void)
{
  g_autofree char *day = NULL;
  g_autofree char *month = NULL;
  g_autofree char *cell = NULL;

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("the fr_FR.UTF-8 locale is not installed");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);

  day = sv_timeline_format_day (20240713, 20261126, "Rome, Italie");
  g_assert_cmpstr (day, ==, "samedi 13 juillet 2024 · Rome, Italie");
  month = sv_timeline_format_month (20211100);
  g_assert_cmpstr (month, ==, "Novembre 2021");
  cell = sv_timeline_format_cell_name (20240714, FALSE, "Rome");
  g_assert_cmpstr (cell, ==, "Photo, 14 juillet 2024, Rome");

  setlocale (LC_ALL, "en_US.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
}

static void
test_selection (void)
{
  g_autoptr (GArray) items = sample_items ();
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) fewer = NULL;
  SvTimelineSelection sel;

  sv_timeline_selection_init (&sel);

  /* Click 2, Shift-click 5: 2..5. */
  g_assert_true (sv_timeline_selection_click (&sel, items, 2, FALSE));
  g_assert_true (sv_timeline_selection_click (&sel, items, 5, TRUE));
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 4);
  for (guint i = 2; i <= 5; i++)
    g_assert_true (sv_timeline_selection_contains (&sel, 1000 + i));
  /* Shift-click backwards from the same anchor: 0..2 added. */
  g_assert_true (sv_timeline_selection_click (&sel, items, 0, TRUE));
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 6);
  /* Ctrl-click toggles one off and moves the anchor. */
  g_assert_true (sv_timeline_selection_click (&sel, items, 3, FALSE));
  g_assert_false (sv_timeline_selection_contains (&sel, 1003));
  g_assert_cmpint (sel.anchor, ==, 1003);

  ids = sv_timeline_selection_get_ids (&sel, items);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1000);
  g_assert_cmpint (g_array_index (ids, gint64, 3), ==, 1004);
  g_assert_cmpint (g_array_index (ids, gint64, 4), ==, 1005);

  /* A whole day from its header: 2 July is items 14..16. */
  g_assert_false (sv_timeline_selection_range_is_selected (&sel, items, 14, 3));
  g_assert_true (sv_timeline_selection_toggle_range (&sel, items, 14, 3));
  g_assert_true (sv_timeline_selection_range_is_selected (&sel, items, 14, 3));
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 8);
  /* Again: unselects the day. */
  g_assert_true (sv_timeline_selection_toggle_range (&sel, items, 14, 3));
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 5);

  /* Items that leave the list leave the selection. */
  fewer = sample_items ();
  g_array_remove_range (fewer, 0, 2);
  g_assert_true (sv_timeline_selection_prune (&sel, fewer));
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 3);
  g_assert_false (sv_timeline_selection_prune (&sel, fewer));

  sv_timeline_selection_select_all (&sel, items);
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, items->len);
  sv_timeline_selection_unselect_all (&sel);
  g_assert_cmpuint (sv_timeline_selection_count (&sel), ==, 0);
  g_assert_cmpint (sel.anchor, ==, 0);
  sv_timeline_selection_clear (&sel);
}

static void
test_many_items (void)
{
  g_autoptr (GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SvLayoutItem), 100000);
  g_autoptr (SvTimelineLayout) layout = NULL;
  gint64 start;
  guint photos = 0;

  for (guint i = 0; i < 100000; i++)
    {
      /* About 30 photos a day going back ~9 years. */
      guint day_index = i / 30;
      g_autoptr (GDate) d = g_date_new_dmy (26, G_DATE_NOVEMBER, 2026);
      SvLayoutItem it;

      g_date_subtract_days (d, day_index);
      it.id = 100000 - i;
      it.day = g_date_get_year (d) * 10000 + g_date_get_month (d) * 100 + g_date_get_day (d);
      it.width = i % 3 == 0 ? 3000 : 4000;
      it.height = i % 3 == 0 ? 4000 : 3000;
      g_array_append_val (items, it);
    }
  start = g_get_monotonic_time ();
  layout = sv_timeline_layout_new (items, &day_params);
  g_test_message ("100,000 items laid out in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  for (guint r = 0; r < sv_timeline_layout_get_n_rows (layout); r++)
    if (sv_timeline_layout_get_row (layout, r)->kind == SV_TIMELINE_ROW_PHOTOS)
      photos += sv_timeline_layout_get_row (layout, r)->n;
  g_assert_cmpuint (photos, ==, 100000);
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  sv_i18n_init ();
  setlocale (LC_ALL, "en_US.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ui/timeline-layout/justified", test_justified_rows);
  g_test_add_func ("/ui/timeline-layout/square-and-zoom", test_square_and_zoom);
  g_test_add_func ("/ui/timeline-layout/find-and-move", test_find_and_move);
  g_test_add_func ("/ui/timeline-layout/scrubber", test_scrubber_mapping);
  g_test_add_func ("/ui/timeline-layout/diff", test_diff);
  g_test_add_func ("/ui/timeline-layout/header-en", test_header_text_english);
  g_test_add_func ("/ui/timeline-layout/header-fr", test_header_text_french);
  g_test_add_func ("/ui/timeline-layout/selection", test_selection);
  g_test_add_func ("/ui/timeline-layout/many-items", test_many_items);
  return g_test_run ();
}
