/* sv-people-view.h: the People section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-analysis-controller.h"
#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_PEOPLE_VIEW (sv_people_view_get_type ())
G_DECLARE_FINAL_TYPE (SvPeopleView, sv_people_view, SV, PEOPLE_VIEW, AdwBin)

GtkWidget *
sv_people_view_new (void);
void
sv_people_view_set_catalogue (SvPeopleView *self, SvCatalogue *catalogue);
/* Properties "empty" (nobody, once loaded), "loading" and "analysis-state"
 * (a sentence for the empty state: progress, or why faces are not found). */
gboolean
sv_people_view_get_empty (SvPeopleView *self);
gboolean
sv_people_view_get_loading (SvPeopleView *self);
/* The cards, as sv_catalogue_list_people orders them (named first). */
guint
sv_people_view_get_n_people (SvPeopleView *self);
gint64
sv_people_view_get_person_id (SvPeopleView *self, guint index);
/* The name shown on the card ("Unnamed" when the person has none). */
const char *
sv_people_view_get_person_label (SvPeopleView *self, guint index);
/* Opens a person's page (their photos, newest first); 0: the grid. */
void
sv_people_view_show_person (SvPeopleView *self, gint64 person_id);
gint64
sv_people_view_get_shown_person (SvPeopleView *self);
/* Photos on the page shown (after it loaded). */
guint
sv_people_view_get_n_person_items (SvPeopleView *self);

/* The edits the UI offers; errors are shown in a toast. */
gboolean
sv_people_view_rename (SvPeopleView *self, gint64 person_id, const char *name);
gboolean
sv_people_view_merge (SvPeopleView *self, gint64 into, gint64 from);
gboolean
sv_people_view_set_hidden (SvPeopleView *self, gint64 person_id, gboolean hidden);

/* Hidden people in the grid too (dimmed), to show them again. */
gboolean
sv_people_view_get_show_hidden (SvPeopleView *self);
void
sv_people_view_set_show_hidden (SvPeopleView *self, gboolean show_hidden);
/* The library's analysis (NULL without a catalogue). */
SvAnalysisController *
sv_people_view_get_analysis_controller (SvPeopleView *self);
/* The photos on the person's page (SvMediaItem), as ::open-item gives them. */
GListModel *
sv_people_view_get_person_items (SvPeopleView *self);

/* The "Is this X?" queue on the page shown: its length, its first face
 * (0: none), and answering it (what Y and N do). */
guint
sv_people_view_get_n_suggestions (SvPeopleView *self);
gint64
sv_people_view_get_first_suggestion (SvPeopleView *self);
gboolean
sv_people_view_answer_first_suggestion (SvPeopleView *self, gboolean yes);

/* Signal "toast" (AdwToast *): for the window's toast overlay.
 * Signal "open-item" (GListModel *items, guint position): open the viewer.
 * Action "people.analyse": Analyse Now. */

G_END_DECLS
