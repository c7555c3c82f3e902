/* sv-events-view.h: the Events section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_EVENTS_VIEW (sv_events_view_get_type ())
G_DECLARE_FINAL_TYPE (SvEventsView, sv_events_view, SV, EVENTS_VIEW, AdwBin)

GtkWidget *
sv_events_view_new (void);
void
sv_events_view_set_catalogue (SvEventsView *self, SvCatalogue *catalogue);
/* Properties "empty" (no event, once loaded) and "loading". */
gboolean
sv_events_view_get_empty (SvEventsView *self);
gboolean
sv_events_view_get_loading (SvEventsView *self);
/* The cards, newest first. */
guint
sv_events_view_get_n_events (SvEventsView *self);
gint64
sv_events_view_get_event_id (SvEventsView *self, guint index);
const char *
sv_events_view_get_event_title (SvEventsView *self, guint index);
/* Opens an event's page (its photos, rename, merge, split); 0: the cards. */
void
sv_events_view_show_event (SvEventsView *self, gint64 event_id);
gint64
sv_events_view_get_shown_event (SvEventsView *self);

/* The edits the page offers, in a worker; the cards reload after. */
void
sv_events_view_rename (SvEventsView *self, gint64 event_id, const char *name);
void
sv_events_view_merge (SvEventsView *self, gint64 into, gint64 from);
void
sv_events_view_split (SvEventsView *self, gint64 event_id, gint64 at_item_id);

/* Signal "toast" (AdwToast *): for the window's toast overlay. */

G_END_DECLS
