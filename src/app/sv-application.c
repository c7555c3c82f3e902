/* sv-application.c: the Souvenir application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the library location (`--library DIR`, else $SOUVENIR_LIBRARY, else
 * $XDG_DATA_HOME/souvenir, as the CLI), the open catalogue, the library
 * settings, the windows and the app actions.
 *
 * The catalogue is opened (created, migrated, expired trash purged) in a
 * GTask worker: windows show a spinner while "library-state" is OPENING and
 * an error page when it is FAILED. Once open, an SvWatcher rescans the
 * watched folders and imports what appears in them while the app runs
 * (restarted when the list changes).
 */
#define G_LOG_DOMAIN "sv-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-application.h"
#include "sv-catalogue-settings.h"
#include "sv-error.h"
#include "sv-memory-settings.h"
#include "sv-preferences-window.h"
#include "sv-trash.h"
#include "sv-watcher.h"
#include "sv-window.h"

struct _SvApplication
{
  AdwApplication parent_instance;

  GFile *library_dir;
  SvLibrarySettings *library_settings;
  GtkWindow *preferences; /* weak */

  SvCatalogue *catalogue;
  SvWatcher *watcher;
  SvLibraryState library_state;
  GError *library_error;
  GCancellable *open_cancellable;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (SvApplication, sv_application, ADW_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_LIBRARY_DIR,
  PROP_LIBRARY_SETTINGS,
  PROP_CATALOGUE,
  PROP_LIBRARY_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "library", 'l', 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Open the library in DIR instead of the default one"), N_ ("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and quit"), NULL },
  { NULL }
};

static void
on_window_watch_requested_cb (SvApplication *self, GFile *folder, SvWindow *window)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autofree char *name = g_file_get_basename (folder);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *escaped = g_markup_escape_text (display, -1);
  g_auto (GStrv) paths = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) all = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (path == NULL)
    return;

  paths = sv_library_settings_get_paths (self->library_settings, SV_SETTING_WATCHED_FOLDERS);
  if (g_strv_contains ((const char *const *) paths, path))
    {
      /* Translators: %s is a folder name */
      message = g_strdup_printf (_ ("“%s” is already watched"), escaped);
    }
  else
    {
      builder = g_strv_builder_new ();
      g_strv_builder_addv (builder, (const char **) paths);
      g_strv_builder_add (builder, path);
      all = g_strv_builder_end (builder);
      if (sv_library_settings_set_paths (self->library_settings, SV_SETTING_WATCHED_FOLDERS,
                                         (const char *const *) all, &error))
        /* Translators: %s is a folder name */
        message = g_strdup_printf (_ ("New photos in “%s” will be imported"), escaped);
      else
        message = g_markup_escape_text (error->message, -1);
    }

  sv_window_add_toast (window, adw_toast_new (message));
}

/* The most recently focused main window, if any. */
static GtkWindow *
main_window (SvApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SV_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
set_library_state (SvApplication *self, SvLibraryState state)
{
  if (self->library_state == state)
    return;
  self->library_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_STATE]);
}

static void
stop_watcher (SvApplication *self)
{
  if (self->watcher != NULL)
    sv_watcher_stop (self->watcher);
  g_clear_object (&self->watcher);
}

static void
on_watched_folders_changed_cb (SvApplication *self)
{
  if (self->catalogue == NULL)
    return;
  stop_watcher (self);
  self->watcher = sv_watcher_new (self->catalogue);
  sv_watcher_start (self->watcher);
}

static void
open_library_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_auto (SvTrashPurgeResult) purge = { 0 };
  g_autoptr (GError) error = NULL;

  catalogue = sv_catalogue_open (path, &error);
  if (catalogue == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Items kept in the trash longer than the library's retention go now;
   * a failure here never stops the library from opening. */
  if (!sv_trash_purge_expired (catalogue, 0, SV_TRASH_PURGE_DEFAULT, &purge, &error))
    g_warning ("Could not empty the expired trash: %s", error->message);

  g_task_return_pointer (task, g_steal_pointer (&catalogue), g_object_unref);
}

static void
on_library_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) catalogue = NULL;

  catalogue = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->open_cancellable ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->open_cancellable);

  if (catalogue == NULL)
    {
      g_clear_error (&self->library_error);
      self->library_error = g_steal_pointer (&error);
      set_library_state (self, SV_LIBRARY_FAILED);
      return;
    }

  {
    g_autoptr (SvCatalogueSettings) settings = sv_catalogue_settings_new (catalogue);

    g_set_object (&self->catalogue, catalogue);
    sv_application_set_library_settings (self, SV_LIBRARY_SETTINGS (settings));
    g_signal_connect_object (settings, "changed::" SV_SETTING_WATCHED_FOLDERS,
                             G_CALLBACK (on_watched_folders_changed_cb), self, G_CONNECT_SWAPPED);
  }
  on_watched_folders_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
  set_library_state (self, SV_LIBRARY_OPEN);
}

/* (Re)opens the library in library-dir, off the main thread. */
static void
open_library (SvApplication *self)
{
  g_autoptr (GTask) task = NULL;
  char *path;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_error (&self->library_error);
  stop_watcher (self);
  if (self->catalogue != NULL)
    {
      g_clear_object (&self->catalogue);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
    }

  if (self->library_dir == NULL)
    {
      set_library_state (self, SV_LIBRARY_CLOSED);
      return;
    }

  path = g_file_get_path (self->library_dir);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->library_dir);

      g_set_error (&self->library_error, SV_ERROR, SV_ERROR_IO,
                   _ ("The library folder “%s” is not on this computer."), name);
      set_library_state (self, SV_LIBRARY_FAILED);
      return;
    }

  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->open_cancellable, on_library_opened_cb, g_object_ref (self));
  g_task_set_source_tag (task, open_library);
  g_task_set_task_data (task, path, g_free);
  set_library_state (self, SV_LIBRARY_OPENING);
  g_task_run_in_thread (task, open_library_worker);
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  sv_application_show_preferences (SV_APPLICATION (user_data));
}

static void
shortcuts_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = main_window (SV_APPLICATION (user_data));

  if (window == NULL)
    window = sv_application_new_window (SV_APPLICATION (user_data));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  static const char *developers[] = { "The Souvenir developers", NULL };
  GtkWindow *parent = main_window (SV_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "application-name", _ ("Souvenir"),
                        "application-icon", APP_ID, "developer-name", _ ("The Souvenir developers"),
                        "developers", developers, "version", PACKAGE_VERSION, "website",
                        "https://github.com/souvenir/Souvenir", "issue-url",
                        "https://github.com/souvenir/Souvenir/issues", "copyright",
                        _ ("© 2026 The Souvenir developers"), "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _ ("translator-credits"), "transient-for", parent,
                        "modal", parent != NULL, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = NULL;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));

  /* Close (not destroy) each window so that it saves its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (app));
}

static void
new_window_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  sv_application_new_window (SV_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "shortcuts", shortcuts_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "new-window", new_window_action, NULL, NULL, NULL, { 0 } },
};

static int
sv_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  SvApplication *self = SV_APPLICATION (app);
  g_autofree char *library = NULL;
  g_autofree char *cwd = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("souvenir %s\n", PACKAGE_VERSION);
      return 0;
    }

  cwd = g_get_current_dir ();
  if (g_variant_dict_lookup (options, "library", "^ay", &library))
    {
      g_autoptr (GFile) dir = sv_resolve_library_dir (library, cwd);

      sv_application_set_library_dir (self, dir);
      /* A running instance has its own library: open this one here. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  else if (self->library_dir == NULL)
    {
      g_autoptr (GFile) dir = sv_resolve_library_dir (NULL, cwd);

      sv_application_set_library_dir (self, dir);
    }

  return G_APPLICATION_CLASS (sv_application_parent_class)->handle_local_options (app, options);
}

static void
sv_application_startup (GApplication *app)
{
  static const char *no_accels[] = { NULL };
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "win.import-files", { "<Control>o", NULL } },
    { "win.import-folder", { "<Control><Shift>o", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.selection-mode", { "<Control>s", NULL } },
    { "win.select-all", { "<Control>a", NULL } },
    { "win.open-selected", { "<Control>Return", NULL } },
    { "win.favourite-selected", { "<Control>d", NULL } },
    { "win.trash-selected", { "Delete", NULL } },
    { "win.cancel-import", { "<Control>period", NULL } },
    { "win.empty-trash", { "<Control><Shift>Delete", NULL } },
  };
  SvApplication *self = SV_APPLICATION (app);

  G_APPLICATION_CLASS (sv_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
  /* app.shortcuts carries Ctrl+? (shown in the menu). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", no_accels);

  if (self->library_settings == NULL)
    {
      g_autoptr (SvMemorySettings) settings = sv_memory_settings_new ();

      sv_application_set_library_settings (self, SV_LIBRARY_SETTINGS (settings));
    }

  self->started = TRUE;
  if (self->library_dir == NULL)
    {
      g_autofree char *cwd = g_get_current_dir ();

      self->library_dir = sv_resolve_library_dir (NULL, cwd);
    }
  open_library (self);
}

static void
sv_application_activate (GApplication *app)
{
  GtkWindow *window = main_window (SV_APPLICATION (app));

  if (window == NULL)
    window = sv_application_new_window (SV_APPLICATION (app));
  gtk_window_present (window);
}

static void
sv_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvApplication *self = SV_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_LIBRARY_DIR:
        g_value_set_object (value, self->library_dir);
        break;

      case PROP_LIBRARY_SETTINGS:
        g_value_set_object (value, self->library_settings);
        break;

      case PROP_CATALOGUE:
        g_value_set_object (value, self->catalogue);
        break;

      case PROP_LIBRARY_STATE:
        g_value_set_int (value, self->library_state);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_application_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvApplication *self = SV_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_LIBRARY_DIR:
        sv_application_set_library_dir (self, g_value_get_object (value));
        break;

      case PROP_LIBRARY_SETTINGS:
        sv_application_set_library_settings (self, g_value_get_object (value));
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_application_dispose (GObject *object)
{
  SvApplication *self = SV_APPLICATION (object);

  g_clear_weak_pointer (&self->preferences);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  stop_watcher (self);
  g_clear_object (&self->catalogue);
  g_clear_error (&self->library_error);
  g_clear_object (&self->library_dir);
  g_clear_object (&self->library_settings);

  G_OBJECT_CLASS (sv_application_parent_class)->dispose (object);
}

static void
sv_application_class_init (SvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sv_application_dispose;
  object_class->get_property = sv_application_get_property;
  object_class->set_property = sv_application_set_property;
  app_class->handle_local_options = sv_application_handle_local_options;
  app_class->startup = sv_application_startup;
  app_class->activate = sv_application_activate;

  /**
   * SvApplication:library-dir:
   *
   * The folder of the open library.
   */
  properties[PROP_LIBRARY_DIR] =
      g_param_spec_object ("library-dir", NULL, NULL, G_TYPE_FILE,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SvApplication:library-settings:
   *
   * The settings of the open library (its catalogue); in memory until one
   * is set.
   */
  properties[PROP_LIBRARY_SETTINGS] =
      g_param_spec_object ("library-settings", NULL, NULL, SV_TYPE_LIBRARY_SETTINGS,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SvApplication:catalogue:
   *
   * The open library's catalogue, or %NULL while it opens or when it
   * failed to open.
   */
  properties[PROP_CATALOGUE] =
      g_param_spec_object ("catalogue", NULL, NULL, SV_TYPE_CATALOGUE,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SvApplication:library-state:
   *
   * An #SvLibraryState.
   */
  properties[PROP_LIBRARY_STATE] = g_param_spec_int (
      "library-state", NULL, NULL, SV_LIBRARY_CLOSED, SV_LIBRARY_FAILED, SV_LIBRARY_CLOSED,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_application_init (SvApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _ ("Organize your photos and videos"));
}

SvApplication *
sv_application_new (void)
{
  return g_object_new (SV_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                       "/io/github/souvenir/Souvenir", NULL);
}

GFile *
sv_application_get_library_dir (SvApplication *self)
{
  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  return self->library_dir;
}

void
sv_application_set_library_dir (SvApplication *self, GFile *library_dir)
{
  g_return_if_fail (SV_IS_APPLICATION (self));
  g_return_if_fail (library_dir == NULL || G_IS_FILE (library_dir));

  if (self->library_dir == library_dir || (self->library_dir != NULL && library_dir != NULL &&
                                           g_file_equal (self->library_dir, library_dir)))
    return;

  g_set_object (&self->library_dir, library_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_DIR]);
  /* Before startup, startup opens it. */
  if (self->started)
    open_library (self);
}

SvCatalogue *
sv_application_get_catalogue (SvApplication *self)
{
  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  return self->catalogue;
}

SvLibraryState
sv_application_get_library_state (SvApplication *self)
{
  g_return_val_if_fail (SV_IS_APPLICATION (self), SV_LIBRARY_CLOSED);

  return self->library_state;
}

/**
 * sv_application_get_library_error:
 *
 * Returns: (nullable): why the library could not be opened (state FAILED)
 */
const GError *
sv_application_get_library_error (SvApplication *self)
{
  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  return self->library_error;
}

SvLibrarySettings *
sv_application_get_library_settings (SvApplication *self)
{
  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  return self->library_settings;
}

/**
 * sv_application_set_library_settings:
 *
 * Replaces the library settings (when a catalogue is opened). An open
 * preferences window is closed: it shows the previous library's values.
 */
void
sv_application_set_library_settings (SvApplication *self, SvLibrarySettings *settings)
{
  g_return_if_fail (SV_IS_APPLICATION (self));
  g_return_if_fail (settings == NULL || SV_IS_LIBRARY_SETTINGS (settings));

  if (!g_set_object (&self->library_settings, settings))
    return;

  if (self->preferences != NULL)
    gtk_window_destroy (self->preferences);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_SETTINGS]);
}

/**
 * sv_application_new_window:
 *
 * Returns: (transfer none): a new main window, presented
 */
GtkWindow *
sv_application_new_window (SvApplication *self)
{
  SvWindow *window;

  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  window = sv_window_new (GTK_APPLICATION (self));
  g_signal_connect_object (window, "watch-requested", G_CALLBACK (on_window_watch_requested_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * sv_application_show_preferences:
 *
 * Returns: (transfer none): the preferences window, presented
 */
GtkWindow *
sv_application_show_preferences (SvApplication *self)
{
  SvPreferencesWindow *preferences;
  GtkWindow *parent;

  g_return_val_if_fail (SV_IS_APPLICATION (self), NULL);

  if (self->library_settings == NULL)
    {
      g_autoptr (SvMemorySettings) settings = sv_memory_settings_new ();

      sv_application_set_library_settings (self, SV_LIBRARY_SETTINGS (settings));
    }

  parent = main_window (self);
  if (self->preferences != NULL)
    {
      gtk_window_set_transient_for (self->preferences, parent);
      gtk_window_present (self->preferences);
      return self->preferences;
    }

  if (self->catalogue != NULL)
    {
      g_autofree char *cache = sv_catalogue_get_cache_dir (self->catalogue);
      g_autoptr (GFile) cache_dir = g_file_new_for_path (cache);

      preferences = sv_preferences_window_new (self->library_settings, cache_dir);
    }
  else
    preferences = sv_preferences_window_new (self->library_settings, NULL);
  g_object_bind_property (self, "library-dir", preferences, "library-dir",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  g_set_weak_pointer (&self->preferences, GTK_WINDOW (preferences));
  gtk_window_present (GTK_WINDOW (preferences));
  return GTK_WINDOW (preferences);
}

/**
 * sv_resolve_library_dir:
 * @option_value: (nullable): the `--library` argument, in the file name
 *   encoding
 * @cwd: the folder a relative @option_value is relative to
 *
 * The library folder as the CLI finds it: @option_value, else
 * `$SOUVENIR_LIBRARY`, else `$XDG_DATA_HOME/souvenir`.
 *
 * Returns: (transfer full): the folder
 */
GFile *
sv_resolve_library_dir (const char *option_value, const char *cwd)
{
  const char *env;

  g_return_val_if_fail (cwd != NULL, NULL);

  if (option_value != NULL && option_value[0] != '\0')
    return g_file_new_for_commandline_arg_and_cwd (option_value, cwd);

  env = g_getenv ("SOUVENIR_LIBRARY");
  if (env != NULL && env[0] != '\0')
    return g_file_new_for_commandline_arg_and_cwd (env, cwd);

  return g_file_new_build_filename (g_get_user_data_dir (), "souvenir", NULL);
}
