/* sv-library-settings.c: the library settings interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-library-settings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "sv-error.h"
#include "sv-library-settings.h"

/* Values are small; refuse anything that could only be garbage. */
#define MAX_VALUE_LENGTH (64 * 1024)
#define MAX_PATHS 1000

G_DEFINE_INTERFACE (SvLibrarySettings, sv_library_settings, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sv_library_settings_default_init (SvLibrarySettingsInterface *iface)
{
  /**
   * SvLibrarySettings::changed:
   * @key: the key that changed
   *
   * Emitted with the key as detail after a value changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/**
 * sv_library_settings_get_string:
 * @default_value: (nullable): returned (copied) when the key is not set
 *
 * Returns: (transfer full) (nullable): the value
 */
char *
sv_library_settings_get_string (SvLibrarySettings *self, const char *key, const char *default_value)
{
  SvLibrarySettingsInterface *iface;
  char *value;

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  iface = SV_LIBRARY_SETTINGS_GET_IFACE (self);
  value = iface->get_string (self, key);
  if (value == NULL)
    return g_strdup (default_value);
  return value;
}

gboolean
sv_library_settings_set_string (SvLibrarySettings *self,
                                const char *key,
                                const char *value,
                                GError **error)
{
  SvLibrarySettingsInterface *iface;

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (value) > MAX_VALUE_LENGTH || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The value for the setting “%s” is not valid."), key);
      return FALSE;
    }

  iface = SV_LIBRARY_SETTINGS_GET_IFACE (self);
  return iface->set_string (self, key, value, error);
}

/**
 * sv_library_settings_get_int:
 *
 * Returns: the value parsed as a decimal integer, or @default_value when it
 * is unset, not a number or outside [@min, @max].
 */
gint64
sv_library_settings_get_int (SvLibrarySettings *self,
                             const char *key,
                             gint64 min,
                             gint64 max,
                             gint64 default_value)
{
  g_autofree char *text = NULL;
  gint64 value;

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), default_value);
  g_return_val_if_fail (min <= max, default_value);

  text = sv_library_settings_get_string (self, key, NULL);
  if (text == NULL)
    return default_value;
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return default_value;
  return value;
}

gboolean
sv_library_settings_set_int (SvLibrarySettings *self, const char *key, gint64 value, GError **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), FALSE);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return sv_library_settings_set_string (self, key, text, error);
}

/**
 * sv_library_settings_get_paths:
 *
 * Reads a newline-separated list of absolute paths. Empty lines, relative
 * paths and duplicates are dropped.
 *
 * Returns: (transfer full): a %NULL-terminated array, never %NULL
 */
char **
sv_library_settings_get_paths (SvLibrarySettings *self, const char *key)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_autoptr (GHashTable) seen = NULL;
  guint n = 0;

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), NULL);

  builder = g_strv_builder_new ();
  text = sv_library_settings_get_string (self, key, "");
  lines = g_strsplit (text, "\n", MAX_PATHS + 1);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; lines[i] != NULL && n < MAX_PATHS; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || !g_path_is_absolute (line))
        continue;
      if (!g_hash_table_add (seen, line))
        continue;
      g_strv_builder_add (builder, line);
      n++;
    }

  return g_strv_builder_end (builder);
}

gboolean
sv_library_settings_set_paths (SvLibrarySettings *self,
                               const char *key,
                               const char *const *paths,
                               GError **error)
{
  g_autoptr (GString) text = NULL;

  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (self), FALSE);

  text = g_string_new (NULL);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (i >= MAX_PATHS)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                       _ ("Too many folders: at most %d can be listed."), MAX_PATHS);
          return FALSE;
        }
      if (!g_path_is_absolute (paths[i]) || strchr (paths[i], '\n') != NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("The folder “%s” cannot be used."), paths[i]);
          return FALSE;
        }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, paths[i]);
    }

  return sv_library_settings_set_string (self, key, text->str, error);
}

/**
 * sv_library_settings_emit_changed:
 *
 * For implementations: emits ::changed with @key as detail.
 */
void
sv_library_settings_emit_changed (SvLibrarySettings *self, const char *key)
{
  g_return_if_fail (SV_IS_LIBRARY_SETTINGS (self));
  g_return_if_fail (key != NULL);

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key);
}
