/* sv-library-settings.h: the library settings the app reads and writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings that belong to a library (import mode, watched folders, trash
 * retention, …) live in its catalogue so that the app and the CLI share
 * them. The preferences window only talks to this interface; the catalogue
 * implements it, and SvMemorySettings implements it for tests.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keys, as stored in the catalogue. */
#define SV_SETTING_IMPORT_MODE "import-mode"                   /* "copy" | "reference" */
#define SV_SETTING_MANAGED_ROOT "managed-root"                 /* absolute path */
#define SV_SETTING_TRASH_RETENTION_DAYS "trash-retention-days" /* decimal integer */
#define SV_SETTING_WATCHED_FOLDERS "watched-folders"           /* newline-separated paths */

#define SV_SETTING_IMPORT_MODE_COPY "copy"
#define SV_SETTING_IMPORT_MODE_REFERENCE "reference"
/* As the catalogue (and so the CLI): files stay where they are. */
#define SV_SETTING_IMPORT_MODE_DEFAULT SV_SETTING_IMPORT_MODE_REFERENCE

#define SV_TRASH_RETENTION_MIN 1
#define SV_TRASH_RETENTION_MAX 3650
#define SV_TRASH_RETENTION_DEFAULT 30

#define SV_TYPE_LIBRARY_SETTINGS (sv_library_settings_get_type ())

G_DECLARE_INTERFACE (SvLibrarySettings, sv_library_settings, SV, LIBRARY_SETTINGS, GObject)

struct _SvLibrarySettingsInterface
{
  GTypeInterface parent_iface;

  /* Returns a newly allocated value, or NULL when the key is not set. */
  char *(*get_string) (SvLibrarySettings *self, const char *key);

  /* Stores @value (never NULL) and emits ::changed with the key as detail
   * when the stored value changed. */
  gboolean (*set_string) (SvLibrarySettings *self,
                          const char *key,
                          const char *value,
                          GError **error);
};

char *
sv_library_settings_get_string (SvLibrarySettings *self,
                                const char *key,
                                const char *default_value);
gboolean
sv_library_settings_set_string (SvLibrarySettings *self,
                                const char *key,
                                const char *value,
                                GError **error);
gint64
sv_library_settings_get_int (SvLibrarySettings *self,
                             const char *key,
                             gint64 min,
                             gint64 max,
                             gint64 default_value);
gboolean
sv_library_settings_set_int (SvLibrarySettings *self,
                             const char *key,
                             gint64 value,
                             GError **error);
char **
sv_library_settings_get_paths (SvLibrarySettings *self, const char *key);
gboolean
sv_library_settings_set_paths (SvLibrarySettings *self,
                               const char *key,
                               const char *const *paths,
                               GError **error);
void
sv_library_settings_emit_changed (SvLibrarySettings *self, const char *key);

G_END_DECLS
