/* sv-window.h: the main Souvenir window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SV_TYPE_WINDOW (sv_window_get_type ())

G_DECLARE_FINAL_TYPE (SvWindow, sv_window, SV, WINDOW, AdwApplicationWindow)

/* Section names, also the GtkStack page names and the `win.show-section`
 * parameter values. */
#define SV_SECTION_PHOTOS "photos"
#define SV_SECTION_FAVOURITES "favourites"
#define SV_SECTION_EVENTS "events"
#define SV_SECTION_VIDEOS "videos"
#define SV_SECTION_IMPORTS "imports"
#define SV_SECTION_TRASH "trash"

SvWindow *
sv_window_new (GtkApplication *application);
const char *
sv_window_get_section (SvWindow *self);
void
sv_window_set_section (SvWindow *self, const char *section);
void
sv_window_add_toast (SvWindow *self, AdwToast *toast);

G_END_DECLS
