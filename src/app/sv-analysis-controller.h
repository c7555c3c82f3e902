/* sv-analysis-controller.h: face and scene analysis run by the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-analysis-runner.h"
#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_ANALYSIS_CONTROLLER (sv_analysis_controller_get_type ())
G_DECLARE_FINAL_TYPE (SvAnalysisController,
                      sv_analysis_controller,
                      SV,
                      ANALYSIS_CONTROLLER,
                      GObject)

/* The controller of @catalogue (transfer full): the existing one, or a new
 * one, so that every view and the preferences share one runner. It lives
 * as long as someone holds it (the People view does in the app). */
SvAnalysisController *
sv_analysis_controller_get_for_catalogue (SvCatalogue *catalogue);
/* The existing one (transfer none), or NULL. */
SvAnalysisController *
sv_analysis_controller_lookup (SvCatalogue *catalogue);
SvCatalogue *
sv_analysis_controller_get_catalogue (SvAnalysisController *self);
SvAnalysisRunner *
sv_analysis_controller_get_runner (SvAnalysisController *self);

/* Automatic runs: soon after the library is opened and after photos are
 * added, when face recognition or scene labels are on and analysis is
 * available (default TRUE; tests turn it off to drive runs themselves). */
void
sv_analysis_controller_set_automatic (SvAnalysisController *self, gboolean automatic);
gboolean
sv_analysis_controller_get_automatic (SvAnalysisController *self);
/* Checks for work now (a no-op while running or when nothing is on). */
void
sv_analysis_controller_check (SvAnalysisController *self);
/* Looks for the models again (installed while the app runs); notifies
 * "unavailable" when that changes. */
void
sv_analysis_controller_recheck_models (SvAnalysisController *self);

/* "Analyse Now": failed photos are tried again. FALSE with a translated
 * error when unavailable, both analyses off, or already running. */
gboolean
sv_analysis_controller_start (SvAnalysisController *self, GError **error);
void
sv_analysis_controller_pause (SvAnalysisController *self);
void
sv_analysis_controller_resume (SvAnalysisController *self);
void
sv_analysis_controller_cancel (SvAnalysisController *self);
/* The settings changed: a run in progress stops after the photos in
 * flight and a new one starts with them (also when not automatic);
 * otherwise an automatic check soon. */
void
sv_analysis_controller_restart (SvAnalysisController *self);

/* Properties: "running", "paused", "done", "total", "failed", "fraction",
 * "status" (a translated sentence: "Analysing photos: 3 of 14", paused,
 * finished with failures, or why it stopped; "" when there is nothing to
 * say) and "unavailable" (why analysis cannot run here, or NULL). */
gboolean
sv_analysis_controller_get_running (SvAnalysisController *self);
gboolean
sv_analysis_controller_get_paused (SvAnalysisController *self);
guint
sv_analysis_controller_get_done (SvAnalysisController *self);
guint
sv_analysis_controller_get_total (SvAnalysisController *self);
guint
sv_analysis_controller_get_failed (SvAnalysisController *self);
const char *
sv_analysis_controller_get_status (SvAnalysisController *self);
const char *
sv_analysis_controller_get_unavailable (SvAnalysisController *self);
/* Clears the status left by a finished run (the banner's close button). */
void
sv_analysis_controller_dismiss (SvAnalysisController *self);

/* Signal "finished": a run ended (done, cancelled or stopped). */

G_END_DECLS
