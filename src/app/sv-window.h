/* sv-window.h: the main Souvenir window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-importer.h"

G_BEGIN_DECLS

#define SV_TYPE_WINDOW (sv_window_get_type ())

G_DECLARE_FINAL_TYPE (SvWindow, sv_window, SV, WINDOW, AdwApplicationWindow)

/* Section names, also the GtkStack page names and the `win.show-section`
 * parameter values. */
#define SV_SECTION_PHOTOS "photos"
#define SV_SECTION_FAVOURITES "favourites"
#define SV_SECTION_EVENTS "events"
#define SV_SECTION_PEOPLE "people"
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
AdwToast *
sv_window_get_last_toast (SvWindow *self);
void
sv_window_import (SvWindow *self, GListModel *files);
void
sv_window_show_import (SvWindow *self, gint64 import_id);
SvImporter *
sv_window_get_importer (SvWindow *self);
gboolean
sv_window_get_importing (SvWindow *self);
GtkWidget *
sv_window_get_view (SvWindow *self, const char *name);
const char *
sv_window_get_page (SvWindow *self);
void
sv_window_add_page_timeline (SvWindow *self, const char *page, GtkWidget *timeline);

G_END_DECLS
