/* sv-preferences-window.c: library and app preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every library setting goes through SvLibrarySettings (the catalogue in the
 * app, memory in tests); the window follows ::changed so that the CLI or
 * another window changing a value shows up here.
 */
#define G_LOG_DOMAIN "sv-preferences-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-analysis-preferences-page.h"
#include "sv-cache-dir.h"
#include "sv-preferences-window.h"

typedef enum
{
  CHOOSE_LIBRARY,
  CHOOSE_MANAGED_ROOT,
  CHOOSE_WATCHED,
} ChooserPurpose;

struct _SvPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  SvLibrarySettings *settings;
  GFile *library_dir;
  GFile *cache_dir;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
  ChooserPurpose chooser_purpose;
  guint64 cache_size;
  gboolean updating;

  /* template */
  AdwActionRow *library_row;
  GtkCheckButton *import_copy_check;
  GtkCheckButton *import_reference_check;
  AdwActionRow *managed_root_row;
  GtkListBox *watched_list;
  GtkSpinButton *retention_spin;
  GtkLabel *retention_unit;
  AdwActionRow *cache_row;
  GtkWidget *clear_cache_button;
};

G_DEFINE_FINAL_TYPE (SvPreferencesWindow, sv_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_LIBRARY_DIR,
  PROP_CACHE_DIR,
  PROP_CACHE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
measure_cache (SvPreferencesWindow *self);

static char *
default_managed_root (void)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (pictures == NULL)
    return g_build_filename (g_get_home_dir (), "Pictures", "Souvenir", NULL);
  return g_build_filename (pictures, "Souvenir", NULL);
}

/* Row subtitles are markup: paths and messages may hold '&' or '<'. */
static void
set_subtitle_text (AdwActionRow *row, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
show_error (SvPreferencesWindow *self, const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  g_autoptr (AdwToast) toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_steal_pointer (&toast));
}

static void
set_setting (SvPreferencesWindow *self, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;

  if (self->updating)
    return;
  if (!sv_library_settings_set_string (self->settings, key, value, &error))
    show_error (self, error);
}

static void
update_library_row (SvPreferencesWindow *self)
{
  g_autofree char *path = NULL;

  if (self->library_dir != NULL)
    path = g_file_get_parse_name (self->library_dir);
  set_subtitle_text (self->library_row, path);
}

static void
load_import_mode (SvPreferencesWindow *self)
{
  g_autofree char *mode = sv_library_settings_get_string (self->settings, SV_SETTING_IMPORT_MODE,
                                                          SV_SETTING_IMPORT_MODE_DEFAULT);
  gboolean copy = g_strcmp0 (mode, SV_SETTING_IMPORT_MODE_COPY) == 0;

  self->updating = TRUE;
  gtk_check_button_set_active (copy ? self->import_copy_check : self->import_reference_check, TRUE);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->managed_root_row), copy);
}

static void
load_managed_root (SvPreferencesWindow *self)
{
  g_autofree char *fallback = default_managed_root ();
  g_autofree char *root =
      sv_library_settings_get_string (self->settings, SV_SETTING_MANAGED_ROOT, fallback);

  set_subtitle_text (self->managed_root_row, root);
}

static void
update_retention_unit (SvPreferencesWindow *self)
{
  guint days = (guint) gtk_spin_button_get_value_as_int (self->retention_spin);

  /* Translators: the unit after the number of days to keep deleted items */
  gtk_label_set_label (self->retention_unit, g_dngettext (GETTEXT_PACKAGE, "day", "days", days));
}

static void
load_retention (SvPreferencesWindow *self)
{
  gint64 days = sv_library_settings_get_int (self->settings, SV_SETTING_TRASH_RETENTION_DAYS,
                                             SV_TRASH_RETENTION_MIN, SV_TRASH_RETENTION_MAX,
                                             SV_TRASH_RETENTION_DEFAULT);

  self->updating = TRUE;
  gtk_spin_button_set_value (self->retention_spin, (double) days);
  self->updating = FALSE;
  update_retention_unit (self);
}

static void
remove_watched (SvPreferencesWindow *self, const char *path)
{
  g_auto (GStrv) paths = sv_library_settings_get_paths (self->settings, SV_SETTING_WATCHED_FOLDERS);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) kept = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    if (g_strcmp0 (paths[i], path) != 0)
      g_strv_builder_add (builder, paths[i]);
  kept = g_strv_builder_end (builder);

  if (!sv_library_settings_set_paths (self->settings, SV_SETTING_WATCHED_FOLDERS,
                                      (const char *const *) kept, &error))
    show_error (self, error);
}

static void
on_remove_watched_clicked_cb (GtkButton *button, SvPreferencesWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "sv-path");

  remove_watched (self, path);
}

static void
load_watched (SvPreferencesWindow *self)
{
  g_auto (GStrv) paths = sv_library_settings_get_paths (self->settings, SV_SETTING_WATCHED_FOLDERS);
  GtkListBoxRow *old;

  /* Rows only: the placeholder is a child of the list too. */
  while ((old = gtk_list_box_get_row_at_index (self->watched_list, 0)) != NULL)
    gtk_list_box_remove (self->watched_list, GTK_WIDGET (old));

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (paths[i]);
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (basename);
      g_autofree char *parse_name = g_file_get_parse_name (file);
      g_autofree char *escaped_title = g_markup_escape_text (display, -1);
      g_autofree char *escaped_path = g_markup_escape_text (parse_name, -1);
      g_autofree char *remove_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_path);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

      /* Translators: %s is a folder name */
      remove_label = g_strdup_printf (_ ("Stop Watching “%s”"), display);
      gtk_widget_set_tooltip_text (button, _ ("Stop Watching"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "sv-path", g_strdup (paths[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_watched_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      gtk_list_box_append (self->watched_list, row);
    }
}

static void
on_settings_changed_cb (SvPreferencesWindow *self, const char *key, SvLibrarySettings *settings)
{
  if (g_strcmp0 (key, SV_SETTING_IMPORT_MODE) == 0)
    load_import_mode (self);
  else if (g_strcmp0 (key, SV_SETTING_MANAGED_ROOT) == 0)
    load_managed_root (self);
  else if (g_strcmp0 (key, SV_SETTING_TRASH_RETENTION_DAYS) == 0)
    load_retention (self);
  else if (g_strcmp0 (key, SV_SETTING_WATCHED_FOLDERS) == 0)
    load_watched (self);
}

static void
on_import_mode_toggled_cb (SvPreferencesWindow *self, GtkCheckButton *button)
{
  gboolean copy;

  /* Both buttons of the group report a change: act on the one turned on. */
  if (!gtk_check_button_get_active (button))
    return;
  copy = button == self->import_copy_check;

  gtk_widget_set_sensitive (GTK_WIDGET (self->managed_root_row), copy);
  set_setting (self, SV_SETTING_IMPORT_MODE,
               copy ? SV_SETTING_IMPORT_MODE_COPY : SV_SETTING_IMPORT_MODE_REFERENCE);
}

static void
on_retention_value_changed_cb (SvPreferencesWindow *self)
{
  char text[32];

  update_retention_unit (self);
  g_snprintf (text, sizeof text, "%d", gtk_spin_button_get_value_as_int (self->retention_spin));
  set_setting (self, SV_SETTING_TRASH_RETENTION_DAYS, text);
}

static void
add_watched (SvPreferencesWindow *self, GFile *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  g_auto (GStrv) paths = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) all = NULL;
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _ ("The folder “%s” cannot be watched: it is not on this computer."), name);
      show_error (self, error);
      return;
    }

  paths = sv_library_settings_get_paths (self->settings, SV_SETTING_WATCHED_FOLDERS);
  if (g_strv_contains ((const char *const *) paths, path))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) paths);
  g_strv_builder_add (builder, path);
  all = g_strv_builder_end (builder);

  if (!sv_library_settings_set_paths (self->settings, SV_SETTING_WATCHED_FOLDERS,
                                      (const char *const *) all, &error))
    show_error (self, error);
}

static void
on_chooser_response_cb (SvPreferencesWindow *self, int response, GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        {
          switch (self->chooser_purpose)
            {
              case CHOOSE_LIBRARY:
                sv_preferences_window_set_library_dir (self, folder);
                break;

              case CHOOSE_MANAGED_ROOT:
                {
                  g_autofree char *path = g_file_get_path (folder);

                  if (path != NULL)
                    set_setting (self, SV_SETTING_MANAGED_ROOT, path);
                }
                break;

              case CHOOSE_WATCHED:
                add_watched (self, folder);
                break;

              default:
                g_assert_not_reached ();
            }
        }
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_folder (SvPreferencesWindow *self, ChooserPurpose purpose, const char *title)
{
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  self->chooser =
      gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                   _ ("_Select"), _ ("_Cancel"));
  self->chooser_purpose = purpose;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_change_library_clicked_cb (SvPreferencesWindow *self)
{
  choose_folder (self, CHOOSE_LIBRARY, _ ("Choose the Library Folder"));
}

static void
on_change_managed_root_clicked_cb (SvPreferencesWindow *self)
{
  choose_folder (self, CHOOSE_MANAGED_ROOT, _ ("Choose Where to Copy Photos"));
}

static void
on_add_watched_clicked_cb (SvPreferencesWindow *self)
{
  choose_folder (self, CHOOSE_WATCHED, _ ("Choose a Folder to Watch"));
}

static void
on_measure_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvPreferencesWindow *self;
  g_autoptr (GError) error = NULL;
  guint64 bytes = 0;

  /* Disposing the window cancels: only then is it gone. */
  if (!sv_cache_dir_measure_finish (result, &bytes, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SV_PREFERENCES_WINDOW (user_data);

  if (error != NULL)
    {
      set_subtitle_text (self->cache_row, error->message);
      return;
    }

  {
    g_autofree char *size = g_format_size (bytes);

    adw_action_row_set_subtitle (self->cache_row, size);
  }
  gtk_widget_set_sensitive (self->clear_cache_button, bytes > 0);

  self->cache_size = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE_SIZE]);
}

static void
measure_cache (SvPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->cache_row, _ ("Calculating…"));
  gtk_widget_set_sensitive (self->clear_cache_button, FALSE);
  sv_cache_dir_measure_async (self->cache_dir, self->cancellable, on_measure_ready_cb, self);
}

static void
on_clear_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvPreferencesWindow *self;
  g_autoptr (GError) error = NULL;

  if (!sv_cache_dir_clear_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SV_PREFERENCES_WINDOW (user_data);

  if (error != NULL)
    {
      show_error (self, error);
    }
  else
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_ ("Thumbnails cleared")));
    }

  measure_cache (self);
}

static void
on_clear_cache_clicked_cb (SvPreferencesWindow *self)
{
  gtk_widget_set_sensitive (self->clear_cache_button, FALSE);
  adw_action_row_set_subtitle (self->cache_row, _ ("Clearing…"));
  sv_cache_dir_clear_async (self->cache_dir, self->cancellable, on_clear_ready_cb, self);
}

static void
sv_preferences_window_constructed (GObject *object)
{
  SvPreferencesWindow *self = SV_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (sv_preferences_window_parent_class)->constructed (object);

  g_assert (SV_IS_LIBRARY_SETTINGS (self->settings));

  if (self->cache_dir == NULL)
    self->cache_dir = sv_cache_dir_get_default ();

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_library_row (self);
  load_import_mode (self);
  load_managed_root (self);
  load_retention (self);
  load_watched (self);
  measure_cache (self);
  /* Faces, labels and cores (owner: peopleui). */
  adw_preferences_window_add (
      ADW_PREFERENCES_WINDOW (self),
      ADW_PREFERENCES_PAGE (sv_analysis_preferences_page_new (self->settings)));
}

static void
sv_preferences_window_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  SvPreferencesWindow *self = SV_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
      case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;

      case PROP_LIBRARY_DIR:
        g_value_set_object (value, self->library_dir);
        break;

      case PROP_CACHE_DIR:
        g_value_set_object (value, self->cache_dir);
        break;

      case PROP_CACHE_SIZE:
        g_value_set_uint64 (value, self->cache_size);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_preferences_window_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  SvPreferencesWindow *self = SV_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
      case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;

      case PROP_LIBRARY_DIR:
        sv_preferences_window_set_library_dir (self, g_value_get_object (value));
        break;

      case PROP_CACHE_DIR:
        self->cache_dir = g_value_dup_object (value);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_preferences_window_dispose (GObject *object)
{
  SvPreferencesWindow *self = SV_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->library_dir);
  g_clear_object (&self->cache_dir);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SV_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (sv_preferences_window_parent_class)->dispose (object);
}

static void
sv_preferences_window_class_init (SvPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sv_preferences_window_constructed;
  object_class->dispose = sv_preferences_window_dispose;
  object_class->get_property = sv_preferences_window_get_property;
  object_class->set_property = sv_preferences_window_set_property;

  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, SV_TYPE_LIBRARY_SETTINGS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY_DIR] =
      g_param_spec_object ("library-dir", NULL, NULL, G_TYPE_FILE,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CACHE_DIR] =
      g_param_spec_object ("cache-dir", NULL, NULL, G_TYPE_FILE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SvPreferencesWindow:cache-size:
   *
   * Bytes used by the thumbnail cache, notified after each measurement.
   */
  properties[PROP_CACHE_SIZE] =
      g_param_spec_uint64 ("cache-size", NULL, NULL, 0, G_MAXUINT64, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/souvenir/Souvenir/ui/sv-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, library_row);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, import_copy_check);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, import_reference_check);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, managed_root_row);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, watched_list);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, retention_unit);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, SvPreferencesWindow, clear_cache_button);
  gtk_widget_class_bind_template_callback (widget_class, on_import_mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retention_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_library_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_managed_root_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_watched_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_cache_clicked_cb);
}

static void
sv_preferences_window_init (SvPreferencesWindow *self)
{
  GtkWidget *placeholder;

  self->cancellable = g_cancellable_new ();
  /* The template's signals fire while it is built: ignore them until the
   * settings are loaded. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  placeholder = gtk_label_new (_ ("No folders are watched"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->watched_list, placeholder);
}

SvPreferencesWindow *
sv_preferences_window_new (SvLibrarySettings *settings, GFile *cache_dir)
{
  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (settings), NULL);
  g_return_val_if_fail (cache_dir == NULL || G_IS_FILE (cache_dir), NULL);

  return g_object_new (SV_TYPE_PREFERENCES_WINDOW, "settings", settings, "cache-dir", cache_dir,
                       NULL);
}

SvLibrarySettings *
sv_preferences_window_get_settings (SvPreferencesWindow *self)
{
  g_return_val_if_fail (SV_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}

GFile *
sv_preferences_window_get_library_dir (SvPreferencesWindow *self)
{
  g_return_val_if_fail (SV_IS_PREFERENCES_WINDOW (self), NULL);

  return self->library_dir;
}

void
sv_preferences_window_set_library_dir (SvPreferencesWindow *self, GFile *library_dir)
{
  g_return_if_fail (SV_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (library_dir == NULL || G_IS_FILE (library_dir));

  if (self->library_dir == library_dir || (self->library_dir != NULL && library_dir != NULL &&
                                           g_file_equal (self->library_dir, library_dir)))
    return;

  g_set_object (&self->library_dir, library_dir);
  update_library_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_DIR]);
}

GFile *
sv_preferences_window_get_cache_dir (SvPreferencesWindow *self)
{
  g_return_val_if_fail (SV_IS_PREFERENCES_WINDOW (self), NULL);

  return self->cache_dir;
}

guint64
sv_preferences_window_get_cache_size (SvPreferencesWindow *self)
{
  g_return_val_if_fail (SV_IS_PREFERENCES_WINDOW (self), 0);

  return self->cache_size;
}
