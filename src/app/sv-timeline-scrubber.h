/* sv-timeline-scrubber.h: the timeline's date scrubber
 *
 * A strip along the timeline's right edge with the years written where
 * they start, a tick per month and a handle where the view is. Dragging
 * (or clicking) anywhere on it jumps there; the keyboard moves by month
 * (Up, Down), by year (Page Up, Page Down) and to the ends (Home, End).
 * Positions are fractions of the timeline's height (0: top, 1: bottom),
 * mapped to rows by sv_timeline_scrubber_row_at () (sv-timeline-layout.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SV_TYPE_TIMELINE_SCRUBBER (sv_timeline_scrubber_get_type ())
G_DECLARE_FINAL_TYPE (SvTimelineScrubber, sv_timeline_scrubber, SV, TIMELINE_SCRUBBER, GtkWidget)

GtkWidget *
sv_timeline_scrubber_new (void);
/* @marks: SvScrubberMark (sv-timeline-layout.h), newest first; a
 * reference is taken. NULL: none. */
void
sv_timeline_scrubber_set_marks (SvTimelineScrubber *self, GArray *marks);
/* Where the view is (ignored while the user drags). */
void
sv_timeline_scrubber_set_position (SvTimelineScrubber *self, double position);
double
sv_timeline_scrubber_get_position (SvTimelineScrubber *self);
/* The handle's centre, in the scrubber's coordinates. */
double
sv_timeline_scrubber_get_handle_y (SvTimelineScrubber *self);
gboolean
sv_timeline_scrubber_get_dragging (SvTimelineScrubber *self);
/* What screen readers say the position is ("July 2024"). */
void
sv_timeline_scrubber_set_value_text (SvTimelineScrubber *self, const char *text);

/* Signal "scrub" (double position): the user moved the handle there; the
 * view jumps. Emitted on clicks, drags and keys. */

G_END_DECLS
