/* sv-analysis-preferences-page.h: the Analysis page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-library-settings.h"

G_BEGIN_DECLS

#define SV_SETTING_FACE_RECOGNITION "face-recognition"     /* "on" | "off" */
#define SV_SETTING_SCENE_LABELS "scene-labels"             /* "on" | "off" */
#define SV_SETTING_ANALYSIS_MAX_CORES "analysis-max-cores" /* 1..cores */

#define SV_TYPE_ANALYSIS_PREFERENCES_PAGE (sv_analysis_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (SvAnalysisPreferencesPage,
                      sv_analysis_preferences_page,
                      SV,
                      ANALYSIS_PREFERENCES_PAGE,
                      AdwPreferencesPage)

GtkWidget *
sv_analysis_preferences_page_new (SvLibrarySettings *settings);
/* The "Erase face data?" question asked after face recognition was turned
 * off, while it is shown (else NULL). Its responses: "keep", "erase". */
AdwMessageDialog *
sv_analysis_preferences_page_get_erase_dialog (SvAnalysisPreferencesPage *self);

G_END_DECLS
