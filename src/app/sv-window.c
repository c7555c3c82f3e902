/* sv-window.c: the main Souvenir window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A navigation sidebar and a content side in an AdwLeaflet (folds below
 * ~600 px), one GtkStack page per section, and every way to start an import:
 * the import menu, the empty state's buttons, and a drop anywhere on the
 * window. ::import-requested runs the core importer on the application's
 * catalogue (its default handler), with progress under the header bar and a
 * summary toast at the end; ::watch-requested is the application's.
 *
 * While the library opens the window shows a spinner page, and an error
 * page when it cannot be opened. The viewer covers the whole window.
 */
#define G_LOG_DOMAIN "sv-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-application.h"
#include "sv-events-view.h"
#include "sv-importer.h"
#include "sv-imports-view.h"
#include "sv-item-list.h"
#include "sv-search-ui.h"
#include "sv-people-view.h"
#include "sv-timeline-view.h"
#include "sv-trash-view.h"
#include "sv-trash.h"
#include "sv-viewer.h"
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
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  AdwBin *viewer_bin;
  GtkWidget *import_spinner;
  GtkWidget *select_button;
  GtkWidget *selection_actions;
  GtkRevealer *import_revealer;
  GtkLabel *import_label;
  GtkProgressBar *import_progress;
  GtkStack *photos_stack;
  GtkStack *favourites_stack;
  GtkStack *events_stack;
  GtkStack *people_stack;
  GtkLabel *people_analysis_label;
  GtkStack *videos_stack;
  GtkStack *imports_stack;
  GtkStack *trash_stack;

  /* the library */
  SvCatalogue *catalogue;
  SvImporter *importer;
  GCancellable *import_cancellable;
  GCancellable *cancellable; /* edits */
  GQueue pending_imports;    /* GListModel of GFile */
  gint64 last_import_id;
  gboolean selection_mode;

  /* views */
  GtkWidget *photos_view;
  GtkWidget *favourites_view;
  GtkWidget *videos_view;
  GtkWidget *events_view;
  GtkWidget *people_view;
  GtkWidget *imports_view;
  GtkWidget *trash_view;
  GtkWidget *viewer;
  GtkWidget *viewer_from; /* the timeline the viewer was opened from */
  AdwToast *last_toast;
  GHashTable *page_timelines; /* page name -> timeline (sv_window_add_page_timeline) */
};

G_DEFINE_FINAL_TYPE (SvWindow, sv_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  IMPORT_REQUESTED,
  WATCH_REQUESTED,
  IMPORT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_SECTION,
  PROP_SHOW_SIDEBAR,
  PROP_SELECTION_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const sections[] = {
  SV_SECTION_PHOTOS, SV_SECTION_FAVOURITES, SV_SECTION_EVENTS, SV_SECTION_PEOPLE,
  SV_SECTION_VIDEOS, SV_SECTION_IMPORTS,    SV_SECTION_TRASH,
};

static void
on_application_changed_cb (SvWindow *self);
static void
update_title_full (SvWindow *self);
static void
set_selection_mode (SvWindow *self, gboolean selection_mode);

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
  /* Album rows belong to sv-search-ui.c. */
  if (!is_section (name))
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) != 0)
    {
      /* Selection mode belongs to the section left. */
      set_selection_mode (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, name);
      update_title_full (self);
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

/* ---- the library and its views ---- */

static GtkWidget *
current_timeline (SvWindow *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (section, SV_SECTION_PHOTOS) == 0)
    return self->photos_view;
  if (g_strcmp0 (section, SV_SECTION_FAVOURITES) == 0)
    return self->favourites_view;
  if (g_strcmp0 (section, SV_SECTION_VIDEOS) == 0)
    return self->videos_view;
  if (g_strcmp0 (section, SV_SECTION_IMPORTS) == 0 &&
      sv_imports_view_get_shown_import (SV_IMPORTS_VIEW (self->imports_view)) > 0)
    return sv_imports_view_get_timeline (SV_IMPORTS_VIEW (self->imports_view));
  if (section != NULL && self->page_timelines != NULL)
    return g_hash_table_lookup (self->page_timelines, section);
  return NULL;
}

static void
show_toast (SvWindow *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  sv_window_add_toast (self, adw_toast_new (escaped));
}

static void
update_actions (SvWindow *self)
{
  /* Nothing acts on the sections under the viewer or the loading page. */
  gboolean library = gtk_stack_get_visible_child (self->main_stack) ==
                     gtk_stack_get_child_by_name (self->main_stack, "library");
  GtkWidget *timeline = library ? current_timeline (self) : NULL;
  guint n_selected = 0;

  if (timeline != NULL && self->selection_mode)
    n_selected = sv_timeline_view_get_n_selected (SV_TIMELINE_VIEW (timeline));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.selection-mode", timeline != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-all", timeline != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-selection", self->selection_mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.favourite-selected", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trash-selected", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-selected", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import",
                                 self->import_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.empty-trash",
                                 self->catalogue != NULL &&
                                     !sv_trash_view_get_empty (SV_TRASH_VIEW (self->trash_view)));
  /* Nothing to select in an empty section. */
  gtk_widget_set_visible (self->select_button,
                          timeline != NULL &&
                              !sv_timeline_view_get_empty (SV_TIMELINE_VIEW (timeline)));
  gtk_widget_set_visible (self->selection_actions, self->selection_mode);
}

static void
update_title_full (SvWindow *self)
{
  GtkWidget *timeline = current_timeline (self);

  if (self->selection_mode && timeline != NULL)
    {
      guint n = sv_timeline_view_get_n_selected (SV_TIMELINE_VIEW (timeline));
      /* Translators: %u is a number of selected photos and videos */
      g_autofree char *title =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Selected", "%u Selected", n), n);

      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
  else
    {
      GListModel *items =
          timeline != NULL ? sv_timeline_view_get_items (SV_TIMELINE_VIEW (timeline)) : NULL;

      update_title (self);
      if (items != NULL && g_list_model_get_n_items (items) > 0)
        {
          guint n = g_list_model_get_n_items (items);
          /* Translators: %u is a number of photos and videos */
          g_autofree char *subtitle =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);

          adw_window_title_set_subtitle (self->window_title, subtitle);
        }
      else
        adw_window_title_set_subtitle (self->window_title, NULL);
    }
  update_actions (self);
}

static void
set_selection_mode (SvWindow *self, gboolean selection_mode)
{
  GtkWidget *timeline = current_timeline (self);

  if (timeline == NULL)
    selection_mode = FALSE;
  if (timeline != NULL &&
      sv_timeline_view_get_selection_mode (SV_TIMELINE_VIEW (timeline)) != selection_mode)
    sv_timeline_view_set_selection_mode (SV_TIMELINE_VIEW (timeline), selection_mode);

  if (self->selection_mode != selection_mode)
    {
      self->selection_mode = selection_mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
    }
  update_title_full (self);
}

static gboolean
view_is_empty (GtkWidget *view)
{
  if (SV_IS_TIMELINE_VIEW (view))
    return sv_timeline_view_get_empty (SV_TIMELINE_VIEW (view));
  if (SV_IS_TRASH_VIEW (view))
    return sv_trash_view_get_empty (SV_TRASH_VIEW (view));
  if (SV_IS_IMPORTS_VIEW (view))
    return sv_imports_view_get_empty (SV_IMPORTS_VIEW (view));
  if (SV_IS_EVENTS_VIEW (view))
    return sv_events_view_get_empty (SV_EVENTS_VIEW (view));
  if (SV_IS_PEOPLE_VIEW (view))
    return sv_people_view_get_empty (SV_PEOPLE_VIEW (view));
  return FALSE;
}

static void
on_view_state_changed_cb (GtkWidget *view, GParamSpec *pspec, SvWindow *self)
{
  GtkStack *stack = g_object_get_data (G_OBJECT (view), "sv-section-stack");

  if (stack != NULL)
    gtk_stack_set_visible_child_name (stack, view_is_empty (view) ? "empty" : "content");
  update_title_full (self);
}

static void
on_timeline_selection_changed_cb (GtkWidget *timeline, GParamSpec *pspec, SvWindow *self)
{
  if (timeline != current_timeline (self))
    return;
  if (g_str_equal (pspec->name, "selection-mode"))
    set_selection_mode (self, sv_timeline_view_get_selection_mode (SV_TIMELINE_VIEW (timeline)));
  else
    update_title_full (self);
}

static void
on_viewer_close_cb (SvWindow *self);
static void
on_view_toast_cb (SvWindow *self, AdwToast *toast);

/* The viewer is made the first time it is needed. */
static GtkWidget *
ensure_viewer (SvWindow *self)
{
  if (self->viewer != NULL)
    return self->viewer;

  self->viewer = sv_viewer_new ();
  gtk_widget_set_name (self->viewer, "viewer");
  adw_bin_set_child (self->viewer_bin, self->viewer);
  g_signal_connect_object (self->viewer, "close", G_CALLBACK (on_viewer_close_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewer, "toast", G_CALLBACK (on_view_toast_cb), self,
                           G_CONNECT_SWAPPED);
  return self->viewer;
}

static void
show_viewer (SvWindow *self, GtkWidget *from, GListModel *items, guint position)
{
  if (self->catalogue == NULL || items == NULL || position >= g_list_model_get_n_items (items))
    return;

  ensure_viewer (self);
  self->viewer_from = from;
  sv_viewer_show (SV_VIEWER (self->viewer), self->catalogue, items, position);
  gtk_stack_set_visible_child_name (self->main_stack, "viewer");
  gtk_widget_grab_focus (self->viewer);
  update_actions (self);
}

static void
on_item_activated_cb (GtkWidget *timeline, GListModel *items, guint position, SvWindow *self)
{
  show_viewer (self, timeline, items, position);
}

/* A photo on a person's page: the viewer over that person's photos. */
static void
on_person_item_activated_cb (SvWindow *self, GListModel *items, guint position)
{
  show_viewer (self, NULL, items, position);
}

static void
on_viewer_close_cb (SvWindow *self)
{
  SvMediaItem *item = sv_viewer_get_item (SV_VIEWER (self->viewer));
  gint64 id = item != NULL ? sv_media_item_get_id (item) : 0;

  gtk_stack_set_visible_child_name (self->main_stack, "library");
  if (self->viewer_from != NULL && id > 0)
    sv_timeline_view_scroll_to_item (SV_TIMELINE_VIEW (self->viewer_from), id);
  self->viewer_from = NULL;
  update_actions (self);
}

static void
on_view_toast_cb (SvWindow *self, AdwToast *toast)
{
  sv_window_add_toast (self, g_object_ref (toast));
}

static void
add_section_view (SvWindow *self, GtkStack *stack, GtkWidget *view, const char *name)
{
  gtk_widget_set_name (view, name);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_stack_add_named (stack, view, "content");
  g_object_set_data (G_OBJECT (view), "sv-section-stack", stack);
  if (SV_IS_TIMELINE_VIEW (view))
    {
      g_signal_connect_object (view, "item-activated", G_CALLBACK (on_item_activated_cb), self, 0);
      g_signal_connect_object (view, "notify::selection-mode",
                               G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
      g_signal_connect_object (view, "notify::n-selected",
                               G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
      g_signal_connect_object (view, "notify::loading", G_CALLBACK (on_view_state_changed_cb), self,
                               0);
    }
  else if (g_signal_lookup ("toast", G_OBJECT_TYPE (view)) != 0)
    g_signal_connect_object (view, "toast", G_CALLBACK (on_view_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::empty", G_CALLBACK (on_view_state_changed_cb), self, 0);
  gtk_stack_set_visible_child_name (stack, "empty");
}

static void
set_timeline_query (GtkWidget *view, SvCatalogue *catalogue, int kind, gboolean favourites)
{
  g_auto (SvQuery) query = { 0 };

  sv_query_init (&query);
  query.kind = kind;
  query.favourites = favourites;
  sv_timeline_view_set_query (SV_TIMELINE_VIEW (view), catalogue,
                              catalogue != NULL ? &query : NULL);
}

static void
update_import_progress (SvWindow *self);

static void
on_importer_progress_cb (SvWindow *self)
{
  update_import_progress (self);
}

static void
set_catalogue (SvWindow *self, SvCatalogue *catalogue)
{
  if (self->catalogue == catalogue)
    return;

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_queue_clear_full (&self->pending_imports, g_object_unref);
  g_clear_object (&self->importer);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    {
      self->importer = sv_importer_new (catalogue);
      g_signal_connect_object (self->importer, "notify::files-done",
                               G_CALLBACK (on_importer_progress_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->importer, "notify::current-file",
                               G_CALLBACK (on_importer_progress_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->importer, "notify::files-total",
                               G_CALLBACK (on_importer_progress_cb), self, G_CONNECT_SWAPPED);
    }

  set_timeline_query (self->photos_view, catalogue, -1, FALSE);
  set_timeline_query (self->favourites_view, catalogue, -1, TRUE);
  set_timeline_query (self->videos_view, catalogue, SV_MEDIA_KIND_VIDEO, FALSE);
  sv_imports_view_set_catalogue (SV_IMPORTS_VIEW (self->imports_view), catalogue);
  sv_trash_view_set_catalogue (SV_TRASH_VIEW (self->trash_view), catalogue);
  sv_events_view_set_catalogue (SV_EVENTS_VIEW (self->events_view), catalogue);
  sv_people_view_set_catalogue (SV_PEOPLE_VIEW (self->people_view), catalogue);
  if (gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->viewer_bin))
    gtk_stack_set_visible_child_name (self->main_stack, "library");
  set_selection_mode (self, FALSE);
}

static void
on_library_state_changed_cb (SvWindow *self)
{
  SvApplication *app = SV_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  SvLibraryState state;

  if (app == NULL)
    return;
  state = sv_application_get_library_state (app);
  set_catalogue (self, sv_application_get_catalogue (app));

  switch (state)
    {
      case SV_LIBRARY_OPEN:
        if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->viewer_bin))
          gtk_stack_set_visible_child_name (self->main_stack, "library");
        break;

      case SV_LIBRARY_FAILED:
        {
          const GError *error = sv_application_get_library_error (app);
          g_autofree char *escaped = g_markup_escape_text (error != NULL ? error->message : "", -1);

          adw_status_page_set_description (self->error_page, escaped);
          gtk_stack_set_visible_child_name (self->main_stack, "error");
        }
        break;

      case SV_LIBRARY_OPENING:
      case SV_LIBRARY_CLOSED:
      default:
        gtk_stack_set_visible_child_name (self->main_stack, "loading");
        break;
    }
  update_actions (self);
}

/* ---- import ---- */

static void
start_next_import (SvWindow *self);

static void
update_import_progress (SvWindow *self)
{
  guint done, total;
  double eta;
  g_autofree char *current = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if (self->importer == NULL || self->import_cancellable == NULL)
    return;

  done = sv_importer_get_files_done (self->importer);
  total = sv_importer_get_files_total (self->importer);
  eta = sv_importer_get_eta (self->importer);
  current = sv_importer_dup_current_file (self->importer);

  if (total > 0)
    /* Translators: %u of %u files imported so far */
    g_string_append_printf (
        text,
        g_dngettext (GETTEXT_PACKAGE, "Importing %u of %u file", "Importing %u of %u files", total),
        done, total);
  else
    g_string_append (text, _ ("Looking for photos and videos…"));
  if (current != NULL && current[0] != '\0')
    {
      base = g_path_get_basename (current);
      name = g_filename_display_name (base);
      g_string_append (text, " · ");
      g_string_append (text, name);
    }
  if (eta >= 0 && total > 0)
    {
      int minutes = (int) ((eta + 59) / 60);

      g_string_append (text, " · ");
      if (eta < 60)
        g_string_append (text, _ ("less than a minute left"));
      else
        /* Translators: %d is a number of minutes */
        g_string_append_printf (
            text,
            g_dngettext (GETTEXT_PACKAGE, "about %d minute left", "about %d minutes left", minutes),
            minutes);
    }

  gtk_label_set_label (self->import_label, text->str);
  gtk_progress_bar_set_fraction (self->import_progress,
                                 CLAMP (sv_importer_get_fraction (self->importer), 0.0, 1.0));
}

static char *
summary_text (const SvImportSummary *summary)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (summary->cancelled)
    g_string_append (text, _ ("Import stopped: "));
  /* Translators: %u is a number of photos and videos */
  g_string_append_printf (
      text, g_dngettext (GETTEXT_PACKAGE, "%u imported", "%u imported", summary->imported),
      summary->imported);
  if (summary->duplicates > 0)
    {
      g_string_append (text, ", ");
      /* Translators: %u is a number of files already in the library */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u duplicate skipped",
                                           "%u duplicates skipped", summary->duplicates),
                              summary->duplicates);
    }
  if (summary->previously_deleted > 0)
    {
      g_string_append (text, ", ");
      /* Translators: %u is a number of files the user deleted from the library before */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u deleted before and skipped",
                                           "%u deleted before and skipped",
                                           summary->previously_deleted),
                              summary->previously_deleted);
    }
  if (summary->failed > 0)
    {
      g_string_append (text, ", ");
      /* Translators: %u is a number of files */
      g_string_append_printf (
          text, g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", summary->failed),
          summary->failed);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_import_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvWindow) self = user_data;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GError) error = NULL;

  summary = sv_importer_import_finish (SV_IMPORTER (source), result, &error);
  if (SV_IMPORTER (source) != self->importer)
    return;

  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  gtk_widget_set_visible (self->import_spinner, FALSE);
  gtk_spinner_stop (GTK_SPINNER (self->import_spinner));

  if (summary == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      sv_window_add_toast (self, toast);
    }
  else
    {
      g_autofree char *text = summary_text (summary);
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      AdwToast *toast = adw_toast_new (escaped);

      self->last_import_id = summary->import_id;
      if (summary->import_id > 0)
        {
          adw_toast_set_button_label (toast, _ ("_Show"));
          adw_toast_set_action_name (toast, "win.show-import");
          adw_toast_set_action_target_value (toast, g_variant_new_int64 (summary->import_id));
        }
      adw_toast_set_timeout (toast, summary->failed > 0 ? 0 : 8);
      sv_window_add_toast (self, toast);

      if (summary->stopped_by != NULL)
        {
          g_autofree char *stopped = g_markup_escape_text (summary->stopped_by->message, -1);
          AdwToast *why = adw_toast_new (stopped);

          adw_toast_set_timeout (why, 0);
          sv_window_add_toast (self, why);
        }
      g_signal_emit (self, signals[IMPORT_FINISHED], 0, summary->import_id);
    }

  update_actions (self);
  start_next_import (self);
}

static void
start_next_import (SvWindow *self)
{
  g_autoptr (GListModel) files = NULL;

  if (self->import_cancellable != NULL || self->importer == NULL)
    return;
  files = g_queue_pop_head (&self->pending_imports);
  if (files == NULL)
    return;

  self->import_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->import_label, _ ("Looking for photos and videos…"));
  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  gtk_widget_set_visible (self->import_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->import_spinner));
  sv_importer_import_async (self->importer, files, self->import_cancellable, on_import_done_cb,
                            g_object_ref (self));
  update_actions (self);
}

static void
sv_window_real_import_requested (SvWindow *self, GListModel *files)
{
  if (self->catalogue == NULL)
    {
      show_toast (self, _ ("The library is not open yet: try again in a moment"));
      return;
    }
  g_queue_push_tail (&self->pending_imports, copy_files (files));
  if (self->import_cancellable != NULL)
    show_toast (self, _ ("These files will be imported after the current import"));
  start_next_import (self);
}

static void
cancel_import_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);

  g_queue_clear_full (&self->pending_imports, g_object_unref);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
show_import_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sv_window_show_import (SV_WINDOW (widget), g_variant_get_int64 (param));
}

/* ---- selection actions ---- */

typedef enum
{
  EDIT_TRASH,
  EDIT_RESTORE,
  EDIT_FAVOURITE,
} EditKind;

typedef struct
{
  EditKind kind;
  GArray *ids;
  gboolean favourite; /* out: the new state */
} EditData;

static void
edit_data_free (EditData *d)
{
  g_clear_pointer (&d->ids, g_array_unref);
  g_free (d);
}

static gboolean
edit_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  EditData *d = data;
  const gint64 *ids = (const gint64 *) (gpointer) d->ids->data;
  g_autoptr (GPtrArray) items = NULL;
  gboolean all_favourite = TRUE;

  switch (d->kind)
    {
      case EDIT_TRASH:
        return sv_trash_items (catalogue, ids, d->ids->len, error);

      case EDIT_RESTORE:
        return sv_trash_restore_items (catalogue, ids, d->ids->len, NULL, error);

      case EDIT_FAVOURITE:
      default:
        items = sv_catalogue_get_items (catalogue, ids, d->ids->len, error);
        if (items == NULL)
          return FALSE;
        for (guint i = 0; i < items->len; i++)
          all_favourite = all_favourite && sv_media_item_get_favourite (items->pdata[i]);
        /* All favourites already: the button takes them out. */
        d->favourite = !all_favourite;
        for (guint i = 0; i < d->ids->len; i++)
          if (!sv_catalogue_set_favourite (catalogue, ids[i], d->favourite, error))
            return FALSE;
        return TRUE;
    }
}

static void
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvWindow *self;
  g_autoptr (GError) error = NULL;
  gpointer data = NULL;
  EditData *d;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (!sv_app_task_run_finish (result, &data, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_toast (SV_WINDOW (source), error->message);
      return;
    }
  self = SV_WINDOW (source);
  d = data;

  switch (d->kind)
    {
      case EDIT_TRASH:
        /* Translators: %u is a number of photos and videos */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item moved to the trash",
                                             "%u items moved to the trash", d->ids->len),
                                d->ids->len);
        toast = adw_toast_new (text);
        adw_toast_set_button_label (toast, _ ("_Undo"));
        adw_toast_set_action_name (toast, "win.restore-items");
        adw_toast_set_action_target_value (
            toast, sv_ids_to_variant ((const gint64 *) (gpointer) d->ids->data, d->ids->len));
        sv_window_add_toast (self, toast);
        break;

      case EDIT_RESTORE:
        /* Translators: %u is a number of photos and videos */
        text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "%u item restored", "%u items restored", d->ids->len),
            d->ids->len);
        show_toast (self, text);
        break;

      case EDIT_FAVOURITE:
      default:
        if (d->favourite)
          /* Translators: %u is a number of photos and videos */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item added to favourites",
                                               "%u items added to favourites", d->ids->len),
                                  d->ids->len);
        else
          /* Translators: %u is a number of photos and videos */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item removed from favourites",
                                               "%u items removed from favourites", d->ids->len),
                                  d->ids->len);
        show_toast (self, text);
        break;
    }
}

static void
run_edit (SvWindow *self, EditKind kind, GArray *ids)
{
  EditData *d;

  if (self->catalogue == NULL || ids == NULL || ids->len == 0)
    return;
  d = g_new0 (EditData, 1);
  d->kind = kind;
  d->ids = g_array_ref (ids);
  sv_app_task_run_async (self, self->catalogue, edit_worker, d, (GDestroyNotify) edit_data_free,
                         self->cancellable, on_edit_done_cb, NULL);
}

static GArray *
selected_ids (SvWindow *self)
{
  GtkWidget *timeline = current_timeline (self);

  if (timeline == NULL)
    return NULL;
  return sv_timeline_view_get_selected_ids (SV_TIMELINE_VIEW (timeline));
}

static void
trash_selected_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  g_autoptr (GArray) ids = selected_ids (self);

  run_edit (self, EDIT_TRASH, ids);
  set_selection_mode (self, FALSE);
}

static void
favourite_selected_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  g_autoptr (GArray) ids = selected_ids (self);

  run_edit (self, EDIT_FAVOURITE, ids);
}

static void
restore_items_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  g_autoptr (GArray) ids = sv_ids_from_variant (param);

  run_edit (self, EDIT_RESTORE, ids);
}

static void
open_selected_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  GtkWidget *timeline = current_timeline (self);
  g_autoptr (GArray) ids = selected_ids (self);
  GListModel *items;
  int position;

  if (timeline == NULL || ids == NULL || ids->len == 0)
    return;
  items = sv_timeline_view_get_items (SV_TIMELINE_VIEW (timeline));
  if (items == NULL || !SV_IS_ITEM_LIST (items))
    return;
  position = sv_item_list_find (SV_ITEM_LIST (items), g_array_index (ids, gint64, 0));
  if (position < 0)
    return;
  set_selection_mode (self, FALSE);
  show_viewer (self, timeline, items, (guint) position);
}

static void
select_all_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);
  GtkWidget *timeline = current_timeline (self);

  if (timeline == NULL)
    return;
  set_selection_mode (self, TRUE);
  sv_timeline_view_select_all (SV_TIMELINE_VIEW (timeline));
  update_title_full (self);
}

static void
cancel_selection_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  set_selection_mode (SV_WINDOW (widget), FALSE);
}

static void
empty_trash_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvWindow *self = SV_WINDOW (widget);

  sv_window_set_section (self, SV_SECTION_TRASH);
  sv_trash_view_ask_empty (SV_TRASH_VIEW (self->trash_view));
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

      case PROP_SELECTION_MODE:
        g_value_set_boolean (value, self->selection_mode);
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

      case PROP_SELECTION_MODE:
        set_selection_mode (self, g_value_get_boolean (value));
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
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->pending_imports, g_object_unref);
  g_clear_object (&self->importer);
  g_clear_object (&self->catalogue);
  self->viewer_from = NULL;
  g_clear_object (&self->last_toast);
  g_clear_pointer (&self->page_timelines, g_hash_table_unref);

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
  /**
   * SvWindow:selection-mode:
   *
   * Whether the section's timeline is in selection mode (the header bar
   * then shows the selection's actions).
   */
  properties[PROP_SELECTION_MODE] =
      g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SvWindow::import-requested:
   * @files: a #GListModel of #GFile (files and folders)
   *
   * The user asked to import these files, by drop or file chooser. The
   * default handler imports them into the open library (one import at a
   * time; later requests wait their turn).
   */
  signals[IMPORT_REQUESTED] =
      g_signal_new_class_handler ("import-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  G_CALLBACK (sv_window_real_import_requested), NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  /**
   * SvWindow::import-finished:
   * @import_id: the import's id in the catalogue
   *
   * An import started from this window finished (also when stopped).
   */
  signals[IMPORT_FINISHED] =
      g_signal_new ("import-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

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
  gtk_widget_class_bind_template_child (widget_class, SvWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, viewer_bin);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, select_button);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, selection_actions);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, photos_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, favourites_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, events_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, people_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, people_analysis_label);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, videos_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, imports_stack);
  gtk_widget_class_bind_template_child (widget_class, SvWindow, trash_stack);
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
  gtk_widget_class_install_property_action (widget_class, "win.selection-mode", "selection-mode");
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-selection", NULL,
                                   cancel_selection_action);
  gtk_widget_class_install_action (widget_class, "win.favourite-selected", NULL,
                                   favourite_selected_action);
  gtk_widget_class_install_action (widget_class, "win.trash-selected", NULL, trash_selected_action);
  gtk_widget_class_install_action (widget_class, "win.open-selected", NULL, open_selected_action);
  gtk_widget_class_install_action (widget_class, "win.restore-items", "ax", restore_items_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import", "x", show_import_action);
  gtk_widget_class_install_action (widget_class, "win.empty-trash", NULL, empty_trash_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.selection-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-selection",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.favourite-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.trash-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.open-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK,
                                       "win.cancel-import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.empty-trash", NULL);
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

  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending_imports);

  self->photos_view = sv_timeline_view_new ();
  add_section_view (self, self->photos_stack, self->photos_view, "photos-timeline");
  self->favourites_view = sv_timeline_view_new ();
  add_section_view (self, self->favourites_stack, self->favourites_view, "favourites-timeline");
  self->videos_view = sv_timeline_view_new ();
  add_section_view (self, self->videos_stack, self->videos_view, "videos-timeline");
  /* The zoom and layout the user chose, kept between sessions and shared
   * by the timelines. */
  {
    GtkWidget *timelines[] = { self->photos_view, self->favourites_view, self->videos_view };

    for (guint i = 0; i < G_N_ELEMENTS (timelines); i++)
      {
        g_settings_bind (self->settings, "timeline-zoom", timelines[i], "zoom",
                         G_SETTINGS_BIND_DEFAULT);
        g_settings_bind (self->settings, "timeline-layout", timelines[i], "layout",
                         G_SETTINGS_BIND_DEFAULT);
      }
    /* Group by event: the Photos timeline's, kept in the library's
     * catalogue (the view reads and writes it), followed by the others. */
    {
      g_autoptr (GPropertyAction) group =
          g_property_action_new ("group-by-event", self->photos_view, "group-by-event");

      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (group));
      g_object_bind_property (self->photos_view, "group-by-event", self->favourites_view,
                              "group-by-event", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self->photos_view, "group-by-event", self->videos_view,
                              "group-by-event", G_BINDING_SYNC_CREATE);
    }
  }
  self->events_view = sv_events_view_new ();
  add_section_view (self, self->events_stack, self->events_view, "events-view");
  self->people_view = sv_people_view_new ();
  add_section_view (self, self->people_stack, self->people_view, "people-view");
  g_signal_connect_object (self->people_view, "open-item", G_CALLBACK (on_person_item_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->people_view, "analysis-state", self->people_analysis_label, "label",
                          G_BINDING_SYNC_CREATE);
  self->imports_view = sv_imports_view_new ();
  add_section_view (self, self->imports_stack, self->imports_view, "imports-view");
  {
    GtkWidget *timeline = sv_imports_view_get_timeline (SV_IMPORTS_VIEW (self->imports_view));

    g_signal_connect_object (timeline, "item-activated", G_CALLBACK (on_item_activated_cb), self,
                             0);
    g_signal_connect_object (timeline, "notify::selection-mode",
                             G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
    g_signal_connect_object (timeline, "notify::n-selected",
                             G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
    g_signal_connect_object (self->imports_view, "notify::import-id",
                             G_CALLBACK (on_view_state_changed_cb), self, 0);
  }
  self->trash_view = sv_trash_view_new ();
  add_section_view (self, self->trash_stack, self->trash_view, "trash-view");

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed_cb), NULL);
  /* The search bar and the albums (sv-search-ui.c). */
  sv_search_ui_attach (self);

  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
  update_title_full (self);
}

/* The application is set after construction: follow its library then. */
static void
on_application_changed_cb (SvWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (SV_IS_APPLICATION (app) && g_object_get_data (G_OBJECT (self), "sv-app-followed") != app)
    {
      g_object_set_data (G_OBJECT (self), "sv-app-followed", app);
      g_signal_connect_object (app, "notify::library-state",
                               G_CALLBACK (on_library_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::catalogue", G_CALLBACK (on_library_state_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  on_library_state_changed_cb (self);
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

  /* Selecting the row switches the stack (row-selected); album rows sit
   * between the sections' rows. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_str_equal (gtk_widget_get_name (row), section))
      {
        gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
        break;
      }
}

/**
 * sv_window_add_page_timeline:
 * @page: a page of the content stack added by someone else (search, album)
 * @timeline: its SvTimelineView
 *
 * Makes @timeline the page's timeline: it opens the viewer, and selection
 * mode and the selection actions act on it while @page is shown.
 */
void
sv_window_add_page_timeline (SvWindow *self, const char *page, GtkWidget *timeline)
{
  g_return_if_fail (SV_IS_WINDOW (self));
  g_return_if_fail (SV_IS_TIMELINE_VIEW (timeline));

  if (self->page_timelines == NULL)
    self->page_timelines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->page_timelines, g_strdup (page), timeline);
  g_signal_connect_object (timeline, "item-activated", G_CALLBACK (on_item_activated_cb), self, 0);
  g_signal_connect_object (timeline, "notify::selection-mode",
                           G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
  g_signal_connect_object (timeline, "notify::n-selected",
                           G_CALLBACK (on_timeline_selection_changed_cb), self, 0);
}

void
sv_window_add_toast (SvWindow *self, AdwToast *toast)
{
  g_return_if_fail (SV_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sv_window_get_last_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown last
 */
AdwToast *
sv_window_get_last_toast (SvWindow *self)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/**
 * sv_window_import:
 * @files: a #GListModel of #GFile (files and folders)
 *
 * Imports @files as a drop or the file chooser would (::import-requested).
 */
void
sv_window_import (SvWindow *self, GListModel *files)
{
  g_return_if_fail (SV_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  emit_import (self, files);
}

/**
 * sv_window_show_import:
 *
 * Shows the Imports section with exactly the items of @import_id.
 */
void
sv_window_show_import (SvWindow *self, gint64 import_id)
{
  g_return_if_fail (SV_IS_WINDOW (self));

  if (gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->viewer_bin))
    gtk_stack_set_visible_child_name (self->main_stack, "library");
  sv_window_set_section (self, SV_SECTION_IMPORTS);
  sv_imports_view_show_import (SV_IMPORTS_VIEW (self->imports_view), import_id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_title_full (self);
}

SvImporter *
sv_window_get_importer (SvWindow *self)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), NULL);

  return self->importer;
}

gboolean
sv_window_get_importing (SvWindow *self)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), FALSE);

  return self->import_cancellable != NULL || !g_queue_is_empty (&self->pending_imports);
}

/**
 * sv_window_get_view:
 * @name: a section name, or "viewer"
 *
 * Returns: (transfer none) (nullable): the section's view (an
 * SvTimelineView, SvEventsView, SvImportsView or SvTrashView) or the viewer
 */
GtkWidget *
sv_window_get_view (SvWindow *self, const char *name)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, SV_SECTION_PHOTOS) == 0)
    return self->photos_view;
  if (g_strcmp0 (name, SV_SECTION_FAVOURITES) == 0)
    return self->favourites_view;
  if (g_strcmp0 (name, SV_SECTION_VIDEOS) == 0)
    return self->videos_view;
  if (g_strcmp0 (name, SV_SECTION_EVENTS) == 0)
    return self->events_view;
  if (g_strcmp0 (name, SV_SECTION_PEOPLE) == 0)
    return self->people_view;
  if (g_strcmp0 (name, SV_SECTION_IMPORTS) == 0)
    return self->imports_view;
  if (g_strcmp0 (name, SV_SECTION_TRASH) == 0)
    return self->trash_view;
  if (g_strcmp0 (name, "viewer") == 0)
    return ensure_viewer (self);
  return NULL;
}

/**
 * sv_window_get_page:
 *
 * Returns: what covers the window: "loading", "error", "library" or "viewer"
 */
const char *
sv_window_get_page (SvWindow *self)
{
  g_return_val_if_fail (SV_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}
