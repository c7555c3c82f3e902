/* sv-catalogue-settings.h: library settings stored in the library's catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"
#include "sv-library-settings.h"

G_BEGIN_DECLS

#define SV_TYPE_CATALOGUE_SETTINGS (sv_catalogue_settings_get_type ())

G_DECLARE_FINAL_TYPE (SvCatalogueSettings, sv_catalogue_settings, SV, CATALOGUE_SETTINGS, GObject)

SvCatalogueSettings *
sv_catalogue_settings_new (SvCatalogue *catalogue);
SvCatalogue *
sv_catalogue_settings_get_catalogue (SvCatalogueSettings *self);

G_END_DECLS
