/* sv-analysis-runner.h: runs face and scene analysis in helper processes
 *
 * Feeds the photos that need it (new, changed, or analysed by an older
 * version: see sv_catalogue_list_analysis_tasks) to souvenir-analyzer
 * helpers started with GSubprocess, one photo at a time per helper, reads
 * their JSON-line replies asynchronously in the thread-default main context
 * of sv_analysis_runner_start and stores the results in the catalogue. A
 * helper that crashes or takes longer than the timeout on a photo is killed,
 * that photo is marked failed, and a new helper goes on with the rest. At
 * most "analysis-max-cores" helpers run at once (catalogue setting).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Stored results are redone when this changes (the helper's model version). */
#define SV_ANALYSIS_VERSION 1
#define SV_ANALYSIS_DEFAULT_TIMEOUT_SECONDS 60

#define SV_TYPE_ANALYSIS_RUNNER (sv_analysis_runner_get_type ())
G_DECLARE_FINAL_TYPE (SvAnalysisRunner, sv_analysis_runner, SV, ANALYSIS_RUNNER, GObject)

/* NULL when analysis can run here, else a translated reason (models or
 * helper missing). */
char *
sv_analysis_get_unavailable_reason (void);

SvAnalysisRunner *
sv_analysis_runner_new (SvCatalogue *catalogue);
SvCatalogue *
sv_analysis_runner_get_catalogue (SvAnalysisRunner *self);

/* 0: the catalogue's "analysis-max-cores" setting. */
void
sv_analysis_runner_set_max_helpers (SvAnalysisRunner *self, guint n);
guint
sv_analysis_runner_get_max_helpers (SvAnalysisRunner *self);
void
sv_analysis_runner_set_timeout (SvAnalysisRunner *self, guint seconds);

/* Starts on what is left to do (with @retry_failed, failed photos too).
 * SV_ERROR_UNSUPPORTED (translated reason) when analysis is unavailable.
 * ::finished is emitted once, also when there was nothing to do. */
gboolean
sv_analysis_runner_start (SvAnalysisRunner *self, gboolean retry_failed, GError **error);
/* The same, for a main loop that must not wait: the photos left to do are
 * listed in a worker thread ("running" is TRUE and "total" 0 meanwhile);
 * a catalogue error then ends the run with "error" set and ::finished. */
gboolean
sv_analysis_runner_start_in_background (SvAnalysisRunner *self,
                                        gboolean retry_failed,
                                        GError **error);
/* No new photo is sent while paused; photos in flight complete. */
void
sv_analysis_runner_pause (SvAnalysisRunner *self);
void
sv_analysis_runner_resume (SvAnalysisRunner *self);
/* Stops: the helpers finish their current photo (kept), then exit. */
void
sv_analysis_runner_cancel (SvAnalysisRunner *self);

/* Progress, also as properties: "done" (photos finished, failed included),
 * "total", "failed", "fraction", "running", "paused", "cancelled". */
guint
sv_analysis_runner_get_done (SvAnalysisRunner *self);
guint
sv_analysis_runner_get_total (SvAnalysisRunner *self);
guint
sv_analysis_runner_get_failed (SvAnalysisRunner *self);
double
sv_analysis_runner_get_fraction (SvAnalysisRunner *self);
gboolean
sv_analysis_runner_get_running (SvAnalysisRunner *self);
gboolean
sv_analysis_runner_get_paused (SvAnalysisRunner *self);
gboolean
sv_analysis_runner_get_cancelled (SvAnalysisRunner *self);
/* Why the run stopped early (helper cannot start, models broken), or NULL. */
const char *
sv_analysis_runner_get_error (SvAnalysisRunner *self);

G_END_DECLS
