/* sv-memory-settings.h: library settings kept in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-library-settings.h"

G_BEGIN_DECLS

#define SV_TYPE_MEMORY_SETTINGS (sv_memory_settings_get_type ())

G_DECLARE_FINAL_TYPE (SvMemorySettings, sv_memory_settings, SV, MEMORY_SETTINGS, GObject)

SvMemorySettings *
sv_memory_settings_new (void);
char *
sv_memory_settings_to_data (SvMemorySettings *self);

G_END_DECLS
