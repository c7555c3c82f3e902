/* sv-preferences-window.h: library and app preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-library-settings.h"

G_BEGIN_DECLS

#define SV_TYPE_PREFERENCES_WINDOW (sv_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SvPreferencesWindow,
                      sv_preferences_window,
                      SV,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

SvPreferencesWindow *
sv_preferences_window_new (SvLibrarySettings *settings, GFile *cache_dir);
SvLibrarySettings *
sv_preferences_window_get_settings (SvPreferencesWindow *self);
GFile *
sv_preferences_window_get_library_dir (SvPreferencesWindow *self);
void
sv_preferences_window_set_library_dir (SvPreferencesWindow *self, GFile *library_dir);
GFile *
sv_preferences_window_get_cache_dir (SvPreferencesWindow *self);
guint64
sv_preferences_window_get_cache_size (SvPreferencesWindow *self);

G_END_DECLS
