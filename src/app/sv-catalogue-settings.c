/* sv-catalogue-settings.c: library settings stored in the library's catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's SvLibrarySettings once a library is open: every key the
 * catalogue knows (import mode, managed root, trash retention, …) is read
 * and written with sv_catalogue_get_setting/set_setting, so the app and
 * `souvenir-cli` see the same values and the same defaults (the catalogue's
 * default import mode is "reference"). The catalogue validates values; its
 * errors reach the preferences window as they are.
 *
 * Watched folders are the catalogue's watched_folders list
 * (sv-watched-folders.h), which the CLI's `watch` commands share: setting
 * the key adds and removes folders to match, and a folder the core refuses
 * (missing, not a folder, inside a watched one) fails with its message.
 */
#define G_LOG_DOMAIN "sv-catalogue-settings"

#include "config.h"

#include "sv-catalogue-settings.h"
#include "sv-watched-folders.h"

struct _SvCatalogueSettings
{
  GObject parent_instance;

  SvCatalogue *catalogue;
};

static void
sv_catalogue_settings_iface_init (SvLibrarySettingsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SvCatalogueSettings,
                               sv_catalogue_settings,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SV_TYPE_LIBRARY_SETTINGS,
                                                      sv_catalogue_settings_iface_init))

static char *
get_watched (SvCatalogueSettings *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) folders = sv_watched_folders_list (self->catalogue, &error);
  g_autoptr (GString) text = g_string_new (NULL);

  if (folders == NULL)
    {
      g_warning ("Could not list the watched folders: %s", error->message);
      return NULL;
    }
  for (guint i = 0; i < folders->len; i++)
    {
      SvWatchedFolder *folder = g_ptr_array_index (folders, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, folder->path);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Makes the catalogue's list @value (newline-separated paths). */
static gboolean
set_watched (SvCatalogueSettings *self, const char *value, GError **error)
{
  g_auto (GStrv) wanted = g_strsplit (value, "\n", -1);
  g_autoptr (GPtrArray) current = sv_watched_folders_list (self->catalogue, error);
  g_autoptr (GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (current == NULL)
    return FALSE;

  /* Validate every new folder before changing anything. */
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      char *path = g_strstrip (wanted[i]);
      char *canonical;

      if (path[0] == '\0')
        continue;
      canonical = sv_watched_folders_canonicalize (path, NULL);
      /* A watched folder that is gone can still be kept or removed. */
      g_hash_table_add (keep, canonical != NULL ? canonical : g_strdup (path));
    }

  for (guint i = 0; i < current->len; i++)
    {
      SvWatchedFolder *folder = g_ptr_array_index (current, i);

      if (g_hash_table_remove (keep, folder->path))
        continue;
      if (!sv_watched_folders_remove (self->catalogue, folder->path, error))
        return FALSE;
    }

  /* What is left is new. */
  {
    GHashTableIter iter;
    gpointer path;

    g_hash_table_iter_init (&iter, keep);
    while (g_hash_table_iter_next (&iter, &path, NULL))
      {
        g_autoptr (SvWatchedFolder) added =
            sv_watched_folders_add (self->catalogue, path, NULL, error);

        if (added == NULL)
          return FALSE;
      }
  }
  return TRUE;
}

static char *
sv_catalogue_settings_get_string (SvLibrarySettings *settings, const char *key)
{
  SvCatalogueSettings *self = SV_CATALOGUE_SETTINGS (settings);

  if (g_str_equal (key, SV_SETTING_WATCHED_FOLDERS))
    return get_watched (self);
  return sv_catalogue_get_setting (self->catalogue, key);
}

static gboolean
sv_catalogue_settings_set_string (SvLibrarySettings *settings,
                                  const char *key,
                                  const char *value,
                                  GError **error)
{
  SvCatalogueSettings *self = SV_CATALOGUE_SETTINGS (settings);
  g_autofree char *old = sv_catalogue_settings_get_string (settings, key);

  if (g_strcmp0 (old, value) == 0)
    return TRUE;

  if (g_str_equal (key, SV_SETTING_WATCHED_FOLDERS))
    {
      /* Partly applied on failure: say what the list is now. */
      if (!set_watched (self, value, error))
        {
          sv_library_settings_emit_changed (settings, key);
          return FALSE;
        }
    }
  else if (!sv_catalogue_set_setting (self->catalogue, key, value, error))
    return FALSE;

  sv_library_settings_emit_changed (settings, key);
  return TRUE;
}

static void
sv_catalogue_settings_iface_init (SvLibrarySettingsInterface *iface)
{
  iface->get_string = sv_catalogue_settings_get_string;
  iface->set_string = sv_catalogue_settings_set_string;
}

static void
sv_catalogue_settings_dispose (GObject *object)
{
  SvCatalogueSettings *self = SV_CATALOGUE_SETTINGS (object);

  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (sv_catalogue_settings_parent_class)->dispose (object);
}

static void
sv_catalogue_settings_class_init (SvCatalogueSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_catalogue_settings_dispose;
}

static void
sv_catalogue_settings_init (SvCatalogueSettings *self)
{
}

SvCatalogueSettings *
sv_catalogue_settings_new (SvCatalogue *catalogue)
{
  SvCatalogueSettings *self;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (SV_TYPE_CATALOGUE_SETTINGS, NULL);
  self->catalogue = g_object_ref (catalogue);
  return self;
}

SvCatalogue *
sv_catalogue_settings_get_catalogue (SvCatalogueSettings *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE_SETTINGS (self), NULL);

  return self->catalogue;
}
