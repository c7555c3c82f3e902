/* sv-application.h: the Souvenir application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"
#include "sv-library-settings.h"

G_BEGIN_DECLS

typedef enum
{
  SV_LIBRARY_CLOSED,
  SV_LIBRARY_OPENING,
  SV_LIBRARY_OPEN,
  SV_LIBRARY_FAILED,
} SvLibraryState;

#define SV_TYPE_APPLICATION (sv_application_get_type ())

G_DECLARE_FINAL_TYPE (SvApplication, sv_application, SV, APPLICATION, AdwApplication)

SvApplication *
sv_application_new (void);
GFile *
sv_application_get_library_dir (SvApplication *self);
void
sv_application_set_library_dir (SvApplication *self, GFile *library_dir);
SvCatalogue *
sv_application_get_catalogue (SvApplication *self);
SvLibraryState
sv_application_get_library_state (SvApplication *self);
const GError *
sv_application_get_library_error (SvApplication *self);
SvLibrarySettings *
sv_application_get_library_settings (SvApplication *self);
void
sv_application_set_library_settings (SvApplication *self, SvLibrarySettings *settings);
GtkWindow *
sv_application_new_window (SvApplication *self);
GtkWindow *
sv_application_show_preferences (SvApplication *self);

GFile *
sv_resolve_library_dir (const char *option_value, const char *cwd);

G_END_DECLS
