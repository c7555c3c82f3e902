/* sv-window.c: the main Souvenir window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A navigation sidebar and a content side in an AdwLeaflet (folds below
 * ~600 px), one GtkStack page per section, and every way to start an import:
 * the import menu, the empty state's buttons, and a drop anywhere on the
 * window. The window only asks for imports (::import-requested,
 * ::watch-requested); whoever owns the library does them.
 */
#define G_LOG_DOMAIN "sv-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-application.h"
#include "sv-window.h"

#define SETTINGS_SCHEMA_ID "io.github.souvenir.Souvenir"

/* Hostile or accidental drops of huge lists must not allocate without limit. */
#define MAX_DROPPED_FILES 100000

struct _SvWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  GtkFileChooserNative *chooser;
  GtkDropTarget *drop_target;
  gboolean show_sidebar;

  /* template */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_box;
  GtkWidget *sidebar_separator;
  GtkListBox *sidebar;
  GtkStack *stack;
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkWidget *sidebar_button;
  GtkRevealer *drop_revealer;
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SvWindow, sv_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  IMPORT_REQUESTED,
  WATCH_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_SECTION,
  PROP_SHOW_SIDEBAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const sections[] = {
  SV_SECTION_PHOTOS, SV_SECTION_FAVOURITES, SV_SECTION_EVENTS,
  SV_SECTION_VIDEOS, SV_SECTION_IMPORTS,    SV_SECTION_TRASH,
};

static gboolean
is_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
update_title (SvWindow *self)
{
  GtkStackPage *page;
  const char *title = NULL;
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (child != NULL)
    {
      page = gtk_stack_get_page (self->stack, child);
      title = gtk_stack_page_get_title (page);
    }
  adw_window_title_set_title (self->window_title, title != NULL ? title : "");
}

static void
update_sidebar_visibility (SvWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  /* Folded, the sidebar is the way to the sections: never hide it then. */
  gboolean show = folded || self->show_sidebar;

  gtk_widget_set_visible (self->sidebar_box, show);
  gtk_widget_set_visible (self->sidebar_separator, show);
  gtk_widget_set_visible (self->sidebar_button, !folded);
}

static void
emit_import (SvWindow *self, GListModel *files)
{
  g_signal_emit (self, signals[IMPORT_REQUESTED], 0, files);
}

/* Keeps only GFiles, so handlers can rely on the item type. */
static GListModel *
copy_files (GListModel *files)
{
  GListStore *store = g_list_store_new (G_TYPE_FILE);
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n && i < MAX_DROPPED_FILES; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (files, i);

      if (G_IS_FILE (item))
        g_list_store_append (store, item);
    }

  return G_LIST_MODEL (store);
}

static void
on_leaflet_folded_changed_cb (SvWindow *self)
{
  update_sidebar_visibility (self);
}

static void
on_sidebar_row_selected_cb (SvWindow *self, GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  g_assert (is_section (name));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) != 0)
    {
      gtk_stack_set_visible_child_name (self->stack, name);
      update_title (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
    }
}

static void
on_sidebar_row_activated_cb (SvWindow *self, GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_button_clicked_cb (SvWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_chooser_response_cb (SvWindow *self, int response, GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr (GListModel) files = copy_files (chosen);

      if (g_list_model_get_n_items (files) > 0)
        emit_import (self, files);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
open_chooser (SvWindow *self, GtkFileChooserAction action, const char *title)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = NULL;
  const char *pictures;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  chooser =
      gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _ ("_Import"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _ ("Photos and Videos"));
      gtk_file_filter_add_mime_type (filter, "image/*");
      gtk_file_filter_add_mime_type (filter, "video/*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

      gtk_file_filter_set_name (all, _ ("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }

  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_folder_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_chooser (SV_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("Import Folders"));
}

static void
import_files_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_chooser (SV_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _ ("Import Files"));
}

static void
watch_pictures_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr (GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (pictures != NULL)
    folder = g_file_new_for_path (pictures);
  else
    folder = g_file_new_build_filename (g_get_home_dir (), "Pictures", NULL);

  path = g_file_get_path (folder);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *name = g_file_get_parse_name (folder);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      /* Translators: %s is a folder path */
      g_autofree char *message =
          g_strdup_printf (_ ("There is no Pictures folder at “%s”"), escaped);

      sv_window_add_toast (self, adw_toast_new (message));
      return;
    }

  g_signal_emit (self, signals[WATCH_REQUESTED], 0, folder);
}

static void
show_section_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  const char *section = g_variant_get_string (param, NULL);

  if (!is_section (section))
    {
      g_warning ("Unknown section “%s”", section);
      return;
    }
  sv_window_set_section (self, section);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
on_drop_target_accept_cb (SvWindow *self, GdkDrop *drop, GtkDropTarget *target)
{
  return (gdk_drop_get_actions (drop) & GDK_ACTION_COPY) != 0 &&
         gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), GDK_TYPE_FILE_LIST);
}

static GdkDragAction
on_drop_target_enter_cb (SvWindow *self, double x, double y, GtkDropTarget *target)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_target_leave_cb (SvWindow *self, GtkDropTarget *target)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
on_drop_target_drop_cb (SvWindow *self,
                        const GValue *value,
                        double x,
                        double y,
                        GtkDropTarget *target)
{
  GdkFileList *list;
  g_autoptr (GListStore) store = NULL;
  GSList *files;
  guint n = 0;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  if (list == NULL)
    return FALSE;

  store = g_list_store_new (G_TYPE_FILE);
  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL && n < MAX_DROPPED_FILES; l = l->next, n++)
    if (G_IS_FILE (l->data))
      g_list_store_append (store, l->data);
  g_slist_free (files);

  if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    return FALSE;

  emit_import (self, G_LIST_MODEL (store));
  return TRUE;
}

static void
save_window_state (SvWindow *self)
{
  int width = 0, height = 0;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_delay (self->settings);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

static gboolean
sv_window_close_request (GtkWindow *window)
{
  save_window_state (SV_WINDOW (window));

  return GTK_WINDOW_CLASS (sv_window_parent_class)->close_request (window);
}

static void
sv_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvWindow *self = SV_WINDOW (object);

  switch (prop_id)
    {
      case PROP_SECTION:
        g_value_set_string (value, sv_window_get_section (self));
        break;

      case PROP_SHOW_SIDEBAR:
        g_value_set_boolean (value, self->show_sidebar);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvWindow *self = SV_WINDOW (object);

  switch (prop_id)
    {
      case PROP_SECTION:
        sv_window_set_section (self, g_value_get_string (value));
        break;

      case PROP_SHOW_SIDEBAR:
        if (self->show_sidebar != g_value_get_boolean (value))
          {
            self->show_sidebar = g_value_get_boolean (value);
            update_sidebar_visibility (self);
            g_object_notify_by_pspec (object, pspec);
          }
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_window_dispose (GObject *object)
{
  SvWindow *self = SV_WINDOW (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SV_TYPE_WINDOW);

  G_OBJECT_CLASS (sv_window_parent_class)->dispose (object);
}

static void
sv_window_class_init (SvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sv_window_dispose;
  object_class->get_property = sv_window_get_property;
  object_class->set_property = sv_window_set_property;
  window_class->close_request = sv_window_close_request;

  /**
   * SvWindow:section:
   *
   * The section shown: one of the `SV_SECTION_*` names.
   */
  properties[PROP_SECTION] =
      g_param_spec_string ("section", NULL, NULL, SV_SECTION_PHOTOS,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * SvWindow:show-sidebar:
   *
   * Whether the sidebar is shown when the window is wide enough for it (the
   * inverse of the `sidebar-collapsed` GSettings key).
   */
  properties[PROP_SHOW_SIDEBAR] =
      g_param_spec_boolean ("show-sidebar", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SvWindow::import-requested:
   * @files: a #GListModel of #GFile (files and folders)
   *
   * The user asked to import these files, by drop or file chooser.
   */
  signals[IMPORT_REQUESTED] =
      g_signal_new ("import-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  /**
   * SvWindow::watch-requested:
   * @folder: the folder to watch
   *
   * The user asked to watch a folder (the Pictures folder) for new photos.
   */
  signals[WATCH_REQUESTED] =
      g_signal_new ("watch-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/souvenir/Souvenir/ui/sv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SvWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "win.watch-pictures", NULL, watch_pictures_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
}

static void
sv_window_init (SvWindow *self)
{
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  /* Size and state from the last session. */
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->show_sidebar = TRUE;
  g_settings_bind (self->settings, "sidebar-collapsed", self, "show-sidebar",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_INVERT_BOOLEAN);
  update_sidebar_visibility (self);

  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "accept", G_CALLBACK (on_drop_target_accept_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (on_drop_target_enter_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (on_drop_target_leave_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop_target_drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
  update_title (self);
}

SvWindow *
sv_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SV_TYPE_WINDOW, "application", application, NULL);
}

const char *
sv_window_get_section (SvWindow *self)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * sv_window_set_section:
 * @section: one of the `SV_SECTION_*` names
 *
 * Shows @section and selects its sidebar row.
 */
void
sv_window_set_section (SvWindow *self, const char *section)
{
  g_return_if_fail (SV_IS_WINDOW (self));
  g_return_if_fail (is_section (section));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i], section))
      {
        /* Selecting the row switches the stack (row-selected). */
        gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, i));
        break;
      }
}

void
sv_window_add_toast (SvWindow *self, AdwToast *toast)
{
  g_return_if_fail (SV_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
