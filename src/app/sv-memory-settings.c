/* sv-memory-settings.c: library settings in a GKeyFile held in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used when no catalogue is open (tests, a library that failed to open) so
 * the preferences window always has something to read and write.
 */
#define G_LOG_DOMAIN "sv-memory-settings"

#include "config.h"

#include "sv-memory-settings.h"

#define GROUP "library"

struct _SvMemorySettings
{
  GObject parent_instance;

  GKeyFile *key_file;
};

static void
sv_memory_settings_iface_init (SvLibrarySettingsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SvMemorySettings,
                               sv_memory_settings,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SV_TYPE_LIBRARY_SETTINGS,
                                                      sv_memory_settings_iface_init))

static char *
sv_memory_settings_get_string (SvLibrarySettings *settings, const char *key)
{
  SvMemorySettings *self = SV_MEMORY_SETTINGS (settings);

  if (!g_key_file_has_key (self->key_file, GROUP, key, NULL))
    return NULL;
  return g_key_file_get_string (self->key_file, GROUP, key, NULL);
}

static gboolean
sv_memory_settings_set_string (SvLibrarySettings *settings,
                               const char *key,
                               const char *value,
                               GError **error)
{
  SvMemorySettings *self = SV_MEMORY_SETTINGS (settings);
  g_autofree char *old = sv_memory_settings_get_string (settings, key);

  if (g_strcmp0 (old, value) == 0)
    return TRUE;

  g_key_file_set_string (self->key_file, GROUP, key, value);
  sv_library_settings_emit_changed (settings, key);
  return TRUE;
}

static void
sv_memory_settings_iface_init (SvLibrarySettingsInterface *iface)
{
  iface->get_string = sv_memory_settings_get_string;
  iface->set_string = sv_memory_settings_set_string;
}

static void
sv_memory_settings_finalize (GObject *object)
{
  SvMemorySettings *self = SV_MEMORY_SETTINGS (object);

  g_clear_pointer (&self->key_file, g_key_file_unref);

  G_OBJECT_CLASS (sv_memory_settings_parent_class)->finalize (object);
}

static void
sv_memory_settings_class_init (SvMemorySettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sv_memory_settings_finalize;
}

static void
sv_memory_settings_init (SvMemorySettings *self)
{
  self->key_file = g_key_file_new ();
}

SvMemorySettings *
sv_memory_settings_new (void)
{
  return g_object_new (SV_TYPE_MEMORY_SETTINGS, NULL);
}

/**
 * sv_memory_settings_to_data:
 *
 * Returns: (transfer full): the settings as key-file text, for debugging and
 * tests
 */
char *
sv_memory_settings_to_data (SvMemorySettings *self)
{
  g_return_val_if_fail (SV_IS_MEMORY_SETTINGS (self), NULL);

  return g_key_file_to_data (self->key_file, NULL, NULL);
}
