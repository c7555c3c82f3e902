/* sv-analysis-models.h: where the analysis models and helper are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The files a models folder must hold, NULL-terminated. */
const char *const *
sv_analysis_model_files (void);

/* The first folder holding every model file, in this order:
 * $SOUVENIR_MODELS_DIR (when set, only that one), the build-time models_dir
 * (meson -Dmodels_dir=, default DATADIR/souvenir/models), then
 * ../shared/models beside the source tree (uninstalled builds).
 * NULL when none does; *reason (nullable) then gets a translated sentence
 * naming what is missing. */
char *
sv_analysis_find_models_dir (char **reason);

/* The souvenir-analyzer program: $SOUVENIR_ANALYZER when set, else next to
 * the running program, else ../analysis/ from it (build tree), else
 * LIBEXECDIR. NULL when not found (*reason translated). */
char *
sv_analysis_find_helper (char **reason);

G_END_DECLS
