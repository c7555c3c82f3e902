/* test-window.c: the Souvenir window, preferences and app actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sv-application.h"
#include "sv-memory-settings.h"
#include "sv-preferences-window.h"
#include "sv-ui-test-util.h"
#include "sv-window.h"

static SvApplication *app;
/* Copies of the test photos the drop and the file chooser hand over (the
 * window imports them for real), and the library they go to. */
static char *tmp_dir;
static char *photos_copy;
static char *library_path;

static SvWindow *
new_window (int width, int height)
{
  return sv_ui_new_window (app, width, height);
}

#define destroy_window(window) sv_ui_destroy_window (window)

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (leaflet));
}

static gboolean
is_unfolded (gpointer leaflet)
{
  return !adw_leaflet_get_folded (ADW_LEAFLET (leaflet));
}

static gboolean
shows_empty (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "empty") == 0;
}

static gboolean
library_open (gpointer data)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_OPEN;
}

static void
copy_file (const char *name)
{
  g_autofree char *dest_path = g_build_filename (photos_copy, name, NULL);

  sv_ui_copy_photo (name, dest_path);
}

static void
test_sections (void)
{
  static const struct
  {
    const char *name;
    const char *title;
  } expected[] = {
    { SV_SECTION_PHOTOS, "Photos" }, { SV_SECTION_FAVOURITES, "Favourites" },
    { SV_SECTION_EVENTS, "Events" }, { SV_SECTION_PEOPLE, "People" },
    { SV_SECTION_VIDEOS, "Videos" }, { SV_SECTION_IMPORTS, "Imports" },
    { SV_SECTION_TRASH, "Trash" },
  };
  SvWindow *window = new_window (1400, 900);
  GtkListBox *sidebar = GTK_LIST_BOX (must_find (GTK_WIDGET (window), "sidebar"));

  g_assert_true (wait_for (library_open, NULL));
  GtkStack *stack = GTK_STACK (must_find (GTK_WIDGET (window), "stack"));
  AdwWindowTitle *title = ADW_WINDOW_TITLE (must_find (GTK_WIDGET (window), "window-title"));
  guint n_rows = 0;

  g_assert_true (wait_for (is_mapped, window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sidebar), "navigation-sidebar"));
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_PHOTOS);
  g_assert_cmpstr (adw_window_title_get_title (title), ==,
                   gtk_stack_page_get_title (gtk_stack_get_page (
                       stack, gtk_stack_get_child_by_name (stack, SV_SECTION_PHOTOS))));

  while (gtk_list_box_get_row_at_index (sidebar, n_rows) != NULL)
    n_rows++;
  /* The sections, and the "Albums" row (sv-search-ui.c) between Videos
   * and Imports. */
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (expected) + 1);

  /* Last to first, so that every step is a change. */
  for (int i = G_N_ELEMENTS (expected) - 1; i >= 0; i--)
    {
      GtkListBoxRow *row = GTK_LIST_BOX_ROW (must_find (GTK_WIDGET (sidebar), expected[i].name));
      GtkWidget *page = gtk_stack_get_child_by_name (stack, expected[i].name);

      g_assert_nonnull (page);
      g_assert_true (GTK_IS_STACK (page));
      /* Each section has its view and an empty state, which an empty
       * library shows. */
      {
        GtkWidget *empty = gtk_stack_get_child_by_name (GTK_STACK (page), "empty");

        g_assert_true (ADW_IS_STATUS_PAGE (empty));
        g_assert_nonnull (adw_status_page_get_icon_name (ADW_STATUS_PAGE (empty)));
        g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), !=, "");
        g_assert_nonnull (gtk_stack_get_child_by_name (GTK_STACK (page), "content"));
        g_assert_true (wait_for (shows_empty, page));
      }

      gtk_list_box_select_row (sidebar, row);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, expected[i].name);
      g_assert_cmpstr (sv_window_get_section (window), ==, expected[i].name);
      /* The title is the section's (translated) name. */
      g_assert_cmpstr (adw_window_title_get_title (title), ==,
                       gtk_stack_page_get_title (gtk_stack_get_page (stack, page)));
      g_assert_cmpstr (adw_window_title_get_title (title), !=, "");
    }

  /* And back through the action (Alt+1…7). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", SV_SECTION_VIDEOS);
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_VIDEOS);
  g_assert_true (gtk_list_box_get_selected_row (sidebar) ==
                 gtk_list_box_get_row_at_index (sidebar, 4));
  g_object_set (window, "section", SV_SECTION_TRASH, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, SV_SECTION_TRASH);

  destroy_window (window);
}

static void
test_fold (void)
{
  SvWindow *window = new_window (360, 720);
  AdwLeaflet *leaflet = ADW_LEAFLET (must_find (GTK_WIDGET (window), "leaflet"));
  GtkListBox *sidebar = GTK_LIST_BOX (must_find (GTK_WIDGET (window), "sidebar"));
  GtkWidget *back = must_find (GTK_WIDGET (window), "back-button");
  GtkWidget *sidebar_button = must_find (GTK_WIDGET (window), "sidebar-button");
  GtkListBoxRow *row;

  g_assert_true (wait_for (is_mapped, window));
  g_assert_true (wait_for (is_folded, leaflet));
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_false (gtk_widget_get_visible (sidebar_button));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);

  /* Folded, choosing a section shows the content, Back the sidebar. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  row = gtk_list_box_get_row_at_index (sidebar, 2);
  gtk_widget_activate (GTK_WIDGET (row));
  flush ();
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_EVENTS);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (gtk_widget_get_mapped (back));

  g_signal_emit_by_name (back, "clicked");
  flush ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");

  /* Wide again: no back button, sidebar and content side by side. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_assert_true (wait_for (is_unfolded, leaflet));
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_true (gtk_widget_get_visible (sidebar_button));

  destroy_window (window);
}

static void
test_sidebar_toggle (void)
{
  SvWindow *window = new_window (1400, 900);
  GtkWidget *sidebar = must_find (GTK_WIDGET (window), "sidebar");
  g_autoptr (GSettings) settings = g_settings_new ("io.github.souvenir.Souvenir");
  gboolean shown;

  g_assert_true (wait_for (is_mapped, window));
  g_object_get (window, "show-sidebar", &shown, NULL);
  g_assert_true (shown);
  g_assert_true (gtk_widget_is_visible (sidebar));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  g_object_get (window, "show-sidebar", &shown, NULL);
  g_assert_false (shown);
  g_assert_false (gtk_widget_is_visible (sidebar));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-collapsed"));

  g_settings_set_boolean (settings, "sidebar-collapsed", FALSE);
  g_assert_true (gtk_widget_is_visible (sidebar));

  destroy_window (window);
}

static void
on_watch_requested_cb (SvWindow *window, GFile *folder, GFile **out)
{
  g_set_object (out, folder);
}

static void
test_empty_state_actions (void)
{
  static const struct
  {
    const char *button;
    const char *action;
  } buttons[] = {
    { "import-folder-button", "win.import-folder" },
    { "import-files-button", "win.import-files" },
    { "watch-pictures-button", "win.watch-pictures" },
  };
  SvWindow *window = new_window (1400, 900);
  g_autoptr (GFile) watched = NULL;
  g_auto (GStrv) paths = NULL;
  g_autofree char *expected = NULL;
  const char *pictures;
  guint n_before;

  g_assert_true (wait_for (is_mapped, window));

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = must_find (GTK_WIDGET (window), buttons[i].button);

      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                       buttons[i].action);
      g_assert_true (gtk_widget_get_sensitive (button));
      g_assert_true (gtk_widget_is_visible (button));
    }

  /* The actions are installed on the window class. */
  {
    gboolean found[G_N_ELEMENTS (buttons)] = { FALSE };
    GType owner;
    const char *name;
    const GVariantType *param;
    const char *property;

    for (guint i = 0; gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (window), i, &owner,
                                                     &name, &param, &property);
         i++)
      for (guint j = 0; j < G_N_ELEMENTS (buttons); j++)
        if (g_str_equal (name, buttons[j].action))
          found[j] = TRUE;
    for (guint j = 0; j < G_N_ELEMENTS (buttons); j++)
      g_assert_true (found[j]);
  }

  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  expected = pictures != NULL ? g_strdup (pictures)
                              : g_build_filename (g_get_home_dir (), "Pictures", NULL);

  /* No Pictures folder: nothing to watch, the window says so. */
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  g_signal_connect (window, "watch-requested", G_CALLBACK (on_watch_requested_cb), &watched);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.watch-pictures", NULL);
  g_assert_null (watched);
  g_assert_cmpint (g_mkdir_with_parents (expected, 0700), ==, 0);

  /* Watch the Pictures folder: the signal fires and the app records it in
   * the library settings (which other tests may have filled). */
  paths =
      sv_library_settings_get_paths (sv_application_get_library_settings (app), "watched-folders");
  n_before = g_strv_length (paths);
  g_clear_pointer (&paths, g_strfreev);
  g_signal_emit_by_name (must_find (GTK_WIDGET (window), "watch-pictures-button"), "clicked");
  g_assert_nonnull (watched);
  {
    g_autofree char *path = g_file_get_path (watched);

    g_assert_cmpstr (path, ==, expected);
  }
  paths =
      sv_library_settings_get_paths (sv_application_get_library_settings (app), "watched-folders");
  g_assert_true (g_strv_contains ((const char *const *) paths, expected));
  g_assert_cmpuint (g_strv_length (paths), ==, n_before + 1);

  /* Asking twice does not add it twice. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.watch-pictures", NULL);
  g_clear_pointer (&paths, g_strfreev);
  paths =
      sv_library_settings_get_paths (sv_application_get_library_settings (app), "watched-folders");
  g_assert_cmpuint (g_strv_length (paths), ==, n_before + 1);

  destroy_window (window);
}

typedef struct
{
  guint n_emissions;
  GPtrArray *paths;
} ImportRecord;

static void
on_import_requested_cb (SvWindow *window, GListModel *files, ImportRecord *record)
{
  record->n_emissions++;
  g_ptr_array_set_size (record->paths, 0);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);

      g_assert_true (G_IS_FILE (file));
      g_ptr_array_add (record->paths, g_file_get_path (file));
    }
}

static void
test_drop (void)
{
  static const char *names[] = {
    "camera/fsf-IMG_1054.JPG",
    "formats/libheif-example.heic",
    "orientation/pillow-hopper.jpg",
  };
  SvWindow *window = new_window (1400, 900);
  GtkRevealer *revealer = GTK_REVEALER (must_find (GTK_WIDGET (window), "drop-revealer"));
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  ImportRecord record = { 0, g_ptr_array_new_with_free_func (g_free) };
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  GdkDragAction action = 0;
  gboolean accepted = FALSE;
  guint n_files = 0;

  g_assert_true (wait_for (is_mapped, window));
  g_assert_nonnull (target);
  g_assert_true (
      gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target), GDK_TYPE_FILE_LIST));
  g_assert_cmpint (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY, ==, GDK_ACTION_COPY);

  g_signal_connect (window, "import-requested", G_CALLBACK (on_import_requested_cb), &record);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (photos_copy, names[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      files = g_slist_append (files, g_file_new_for_path (path));
      n_files++;
    }
  /* A folder is a valid drop too. */
  files = g_slist_append (files, g_file_new_build_filename (photos_copy, "scenes", NULL));
  n_files++;
  g_assert_cmpuint (n_files, >=, 2);

  /* Dragging over the window shows the outline. */
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);

  g_assert_true (accepted);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpuint (record.n_emissions, ==, 1);
  g_assert_cmpuint (record.paths->len, ==, n_files);
  {
    guint i = 0;

    for (GSList *l = files; l != NULL; l = l->next, i++)
      {
        g_autofree char *path = g_file_get_path (l->data);

        g_assert_cmpstr (record.paths->pdata[i], ==, path);
      }
  }

  /* An empty list is refused and asks for nothing. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (NULL));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_false (accepted);
  g_assert_cmpuint (record.n_emissions, ==, 1);

  g_slist_free_full (files, g_object_unref);
  g_ptr_array_unref (record.paths);
  destroy_window (window);
}

static gboolean
has_file_chooser_dialog (gpointer data)
{
  return find_file_chooser_dialog () != NULL;
}

static void
on_recent_changed_cb (GtkRecentManager *manager, guint *count)
{
  (*count)++;
}

static gboolean
counter_is_positive (gpointer count)
{
  return *(guint *) count > 0;
}

static gboolean
chooser_has_file (gpointer dialog)
{
  g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

  return g_list_model_get_n_items (files) == 1;
}

static void
test_import_files_action (void)
{
  SvWindow *window = new_window (1400, 900);
  ImportRecord record = { 0, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *path = g_build_filename (photos_copy, "camera", "fsf-IMG_1054.JPG", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *dialog;
  guint recent_changed;
  gulong handler;

  g_assert_true (wait_for (is_mapped, window));
  g_signal_connect (window, "import-requested", G_CALLBACK (on_import_requested_cb), &record);
  /* GTK records the chosen file in recently-used.xbel there. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  /* Outside a sandbox GtkFileChooserNative shows a GtkFileChooserDialog:
   * pick a real photo in it and accept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-files", NULL);
  g_assert_true (wait_for (has_file_chooser_dialog, NULL));
  dialog = find_file_chooser_dialog ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (dialog)));
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
  /* The chooser loads the folder, then selects the file. */
  g_assert_true (wait_for (chooser_has_file, dialog));
  recent_changed = 0;
  handler = g_signal_connect (gtk_recent_manager_get_default (), "changed",
                              G_CALLBACK (on_recent_changed_cb), &recent_changed);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  flush ();
  /* GTK saves the recent files list shortly after: let it, while this
   * test's folders exist. */
  g_assert_true (wait_for (counter_is_positive, &recent_changed));
  g_signal_handler_disconnect (gtk_recent_manager_get_default (), handler);

  g_assert_cmpuint (record.n_emissions, ==, 1);
  g_assert_cmpuint (record.paths->len, ==, 1);
  g_assert_cmpstr (record.paths->pdata[0], ==, path);
  g_assert_null (find_file_chooser_dialog ());

  /* Cancelling asks for nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-folder", NULL);
  g_assert_true (wait_for (has_file_chooser_dialog, NULL));
  dialog = find_file_chooser_dialog ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  flush ();
  g_assert_cmpuint (record.n_emissions, ==, 1);

  g_ptr_array_unref (record.paths);
  destroy_window (window);
}

static GtkWidget *
find_button (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

typedef struct
{
  GObject *object;
  guint64 expected;
  gboolean any_positive;
} CacheWait;

static gboolean
cache_size_is (gpointer data)
{
  CacheWait *wait = data;
  guint64 size = sv_preferences_window_get_cache_size (SV_PREFERENCES_WINDOW (wait->object));
  GtkWidget *button = must_find (GTK_WIDGET (wait->object), "clear-cache-button");

  if (wait->any_positive)
    return size > 0 && gtk_widget_get_sensitive (button);
  return size == wait->expected && !gtk_widget_get_sensitive (button);
}

static void
write_file (const char *path, gsize size)
{
  g_autofree char *data = g_malloc0 (size);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static gboolean
library_failed (gpointer data)
{
  return sv_application_get_library_state (app) == SV_LIBRARY_FAILED;
}

static void
test_preferences (void)
{
  g_autoptr (SvLibrarySettings) settings = NULL;
  g_autoptr (SvMemorySettings) memory = sv_memory_settings_new ();
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "souvenir", NULL);
  g_autofree char *thumb = g_build_filename (cache, "lib-1", "ab", "abcdef.webp", NULL);
  g_autofree char *outside_dir = g_build_filename (g_get_user_data_dir (), "keep", NULL);
  g_autofree char *outside = g_build_filename (outside_dir, "precious.jpg", NULL);
  g_autofree char *link = g_build_filename (cache, "lib-1", "link", NULL);
  g_autofree char *mode = NULL;
  SvWindow *window = new_window (1400, 900);
  GtkWindow *prefs;
  GtkCheckButton *copy_check;
  GtkCheckButton *reference_check;
  GtkSpinButton *spin;
  GtkListBox *watched;
  GtkWidget *managed_root_row;
  CacheWait wait = { NULL, 0, TRUE };
  g_autoptr (GFile) library = NULL;

  /* Never touch a real cache. */
  g_assert_true (g_str_has_prefix (g_get_user_cache_dir (), g_get_tmp_dir ()));

  /* This test drives the window through SvLibrarySettings alone (the
   * catalogue-backed settings have their own test in test-library): a
   * library that cannot open (its folder is under a file) keeps these. */
  {
    g_autofree char *file = g_build_filename (g_get_user_data_dir (), "a-file", NULL);
    g_autofree char *unusable = g_build_filename (file, "library", NULL);
    g_autoptr (GFile) dir = g_file_new_for_path (unusable);

    write_file (file, 10);
    sv_application_set_library_dir (app, dir);
    g_assert_true (wait_for (library_failed, NULL));
  }
  sv_application_set_library_settings (app, SV_LIBRARY_SETTINGS (memory));
  settings = g_object_ref (sv_application_get_library_settings (app));

  /* A thumbnail cache with content, and a symbolic link out of it that
   * clearing must not follow. */
  write_file (thumb, 40000);
  write_file (outside, 1000);
  if (symlink (outside_dir, link) != 0)
    g_error ("symlink %s: %s", link, g_strerror (errno));

  prefs = sv_application_show_preferences (app);
  g_assert_true (SV_IS_PREFERENCES_WINDOW (prefs));
  g_assert_true (sv_application_show_preferences (app) == prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, prefs));

  /* The library location comes from the application. */
  {
    g_autofree char *file = g_build_filename (g_get_user_data_dir (), "a-file", NULL);
    g_autofree char *path = g_build_filename (file, "photos & <library>", NULL);

    library = g_file_new_for_path (path);
    sv_application_set_library_dir (app, library);
    g_assert_true (g_file_equal (
        sv_preferences_window_get_library_dir (SV_PREFERENCES_WINDOW (prefs)), library));
    g_assert_cmpstr (adw_action_row_get_subtitle (
                         ADW_ACTION_ROW (must_find (GTK_WIDGET (prefs), "library-row"))),
                     ==, path);
    g_assert_true (wait_for (library_failed, NULL));
    g_assert_true (sv_application_get_library_settings (app) == settings);
  }

  /* Import mode: the radio rows write the setting, and follow it. */
  copy_check = GTK_CHECK_BUTTON (must_find (GTK_WIDGET (prefs), "import-copy-check"));
  reference_check = GTK_CHECK_BUTTON (must_find (GTK_WIDGET (prefs), "import-reference-check"));
  managed_root_row = must_find (GTK_WIDGET (prefs), "managed-root-row");
  /* Unset, the mode is the catalogue's (and the CLI's) default: reference. */
  g_assert_false (gtk_check_button_get_active (copy_check));
  g_assert_true (gtk_check_button_get_active (reference_check));
  g_assert_false (gtk_widget_get_sensitive (managed_root_row));
  g_assert_null (sv_library_settings_get_string (settings, "import-mode", NULL));
  gtk_check_button_set_active (copy_check, TRUE);
  g_assert_false (gtk_check_button_get_active (reference_check));
  mode = sv_library_settings_get_string (settings, "import-mode", NULL);
  g_assert_cmpstr (mode, ==, "copy");
  g_assert_true (gtk_widget_get_sensitive (managed_root_row));
  g_assert_true (sv_library_settings_set_string (settings, "import-mode", "reference", NULL));
  g_assert_true (gtk_check_button_get_active (reference_check));
  g_assert_false (gtk_widget_get_sensitive (managed_root_row));
  g_assert_true (sv_library_settings_set_string (settings, "import-mode", "copy", NULL));
  g_assert_true (gtk_check_button_get_active (copy_check));
  /* An unknown value from a newer program reads as the default. */
  g_assert_true (sv_library_settings_set_string (settings, "import-mode", "cloud", NULL));
  g_assert_true (gtk_check_button_get_active (reference_check));

  /* Trash retention. */
  spin = GTK_SPIN_BUTTON (must_find (GTK_WIDGET (prefs), "retention-spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);
  gtk_spin_button_set_value (spin, 45);
  g_assert_cmpint (sv_library_settings_get_int (settings, "trash-retention-days", 1, 3650, 0), ==,
                   45);
  g_assert_true (sv_library_settings_set_string (settings, "trash-retention-days", "7", NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 7);
  /* Garbage in the catalogue shows the default, never crashes. */
  g_assert_true (sv_library_settings_set_string (settings, "trash-retention-days", "-3x", NULL));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);

  /* Managed root. */
  g_assert_true (
      sv_library_settings_set_string (settings, "managed-root", "/data/My & Photos", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (managed_root_row)), ==,
                   "/data/My & Photos");

  /* Watched folders: one row per folder (the Pictures folder from the
   * earlier test may be there), removal through the row's button. */
  watched = GTK_LIST_BOX (must_find (GTK_WIDGET (prefs), "watched-list"));
  g_assert_true (sv_library_settings_set_string (settings, "watched-folders",
                                                 "/home/a/Photos\n\nrelative\n/mnt/b <c>\n", NULL));
  g_assert_cmpuint (count_rows (watched), ==, 2);
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (watched, 0));
    GtkWidget *button = find_button (row);
    g_auto (GStrv) left = NULL;

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    left = sv_library_settings_get_paths (settings, "watched-folders");
    g_assert_cmpuint (g_strv_length (left), ==, 1);
    g_assert_cmpstr (left[0], ==, "/mnt/b <c>");
    g_assert_cmpuint (count_rows (watched), ==, 1);
  }

  /* Thumbnail cache: measured off the main thread, then cleared without
   * following the link. */
  wait.object = G_OBJECT (prefs);
  g_assert_true (wait_for (cache_size_is, &wait));
  g_assert_cmpuint (sv_preferences_window_get_cache_size (SV_PREFERENCES_WINDOW (prefs)), >=,
                    40000);
  g_signal_emit_by_name (must_find (GTK_WIDGET (prefs), "clear-cache-button"), "clicked");
  wait.any_positive = FALSE;
  wait.expected = 0;
  g_assert_true (wait_for (cache_size_is, &wait));
  g_assert_false (g_file_test (thumb, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));

  /* A new settings object (a catalogue opened) closes the window. */
  {
    g_autoptr (SvMemorySettings) other = sv_memory_settings_new ();
    GtkWindow *again;

    gtk_window_destroy (prefs);
    flush ();
    again = sv_application_show_preferences (app);
    sv_application_set_library_settings (app, SV_LIBRARY_SETTINGS (other));
    flush ();
    again = sv_application_show_preferences (app);
    g_assert_true (sv_preferences_window_get_settings (SV_PREFERENCES_WINDOW (again)) ==
                   SV_LIBRARY_SETTINGS (other));
    gtk_window_destroy (again);
    sv_application_set_library_settings (app, settings);
  }

  /* Back to the tests' library: the catalogue's settings replace these. */
  {
    g_autoptr (GFile) dir = g_file_new_for_path (library_path);

    sv_application_set_library_dir (app, dir);
    g_assert_true (wait_for (library_open, NULL));
  }

  destroy_window (window);
}

static gboolean
has_toplevel_of_type (gpointer type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, GPOINTER_TO_SIZE (type)) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return TRUE;
    }
  return FALSE;
}

static void
destroy_toplevels_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        g_ptr_array_add (found, toplevel);
    }
  for (guint i = 0; i < found->len; i++)
    gtk_window_destroy (found->pdata[i]);
  flush ();
}

static void
test_app_actions (void)
{
  static const char *actions[] = {
    "preferences", "shortcuts", "about", "quit", "new-window", NULL
  };
  SvWindow *window = new_window (1400, 900);
  guint n_windows;
  g_auto (GStrv) accels = NULL;

  for (guint i = 0; actions[i] != NULL; i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  /* About, with the version and licence. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (wait_for (has_toplevel_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW)));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_ABOUT_WINDOW (toplevel))
          {
            g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (toplevel)), ==,
                             PACKAGE_VERSION);
            g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (toplevel)), ==,
                             GTK_LICENSE_GPL_3_0);
            g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (toplevel)),
                             ==, APP_ID);
          }
      }
  }
  destroy_toplevels_of_type (ADW_TYPE_ABOUT_WINDOW);

  /* The shortcuts window comes from the help-overlay resource. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  g_assert_true (wait_for (has_toplevel_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  gtk_widget_set_visible (
      GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))),
      FALSE);

  /* New window. */
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==,
                    n_windows + 1);
  destroy_window (gtk_application_get_windows (GTK_APPLICATION (app))->data);

  destroy_window (window);
}

static void
collect_shortcuts (GtkWidget *root, GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, out);
}

static gboolean
accelerator_is_valid (const char *accelerator)
{
  g_auto (GStrv) ranges = g_strsplit (accelerator, "...", -1);

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto (GStrv) keys = g_strsplit (ranges[i], " ", -1);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          guint key = 0;
          GdkModifierType mods = 0;

          if (!gtk_accelerator_parse (keys[k], &key, &mods) || key == 0)
            return FALSE;
        }
    }
  return TRUE;
}

/* The Keyboard Shortcuts window: every entry shows keys (an action the
 * application gives accelerators, or a valid accelerator), every
 * accelerator the application sets is listed, and so are Ctrl+F and the
 * timeline's zoom. */
static void
test_shortcuts_window (void)
{
  SvWindow *window = new_window (1400, 900);
  GtkWidget *help = NULL;
  g_autoptr (GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) actions = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  g_assert_true (wait_for (has_toplevel_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  collect_shortcuts (help, shortcuts);
  g_assert_cmpuint (shortcuts->len, >=, 30);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      GtkShortcutType type;

      g_object_get (shortcuts->pdata[i], "title", &title, "accelerator", &accelerator,
                    "action-name", &action, "shortcut-type", &type, NULL);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      if (action != NULL)
        {
          g_auto (GStrv) accels =
              gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

          if (accels[0] == NULL)
            g_error ("“%s” (%s) has no keys", title, action);
          g_hash_table_add (listed, g_steal_pointer (&action));
        }
      else if (type == GTK_SHORTCUT_ACCELERATOR)
        {
          if (accelerator == NULL || !accelerator_is_valid (accelerator))
            g_error ("“%s”: “%s” is not a valid accelerator", title, accelerator);
          g_hash_table_add (listed, g_steal_pointer (&accelerator));
        }
    }

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels =
          gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      if (accels[0] != NULL && !g_hash_table_contains (listed, actions[i]))
        g_error ("%s (%s) is not in the Keyboard Shortcuts window", actions[i], accels[0]);
    }
  g_assert_true (g_hash_table_contains (listed, "<Control>f"));
  g_assert_true (g_hash_table_contains (listed, "<Control>plus"));
  g_assert_true (g_hash_table_contains (listed, "<Control>minus"));

  gtk_widget_set_visible (help, FALSE);
  destroy_window (window);
}

static void
test_window_size_saved (void)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.souvenir.Souvenir");
  SvWindow *window = new_window (1000, 700);
  guint n_windows;
  int width, height;

  g_assert_true (wait_for (is_mapped, window));
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  /* Ctrl+W: win.close closes the window, which saves its size. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL);
  flush ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==,
                    n_windows - 1);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at that size. */
  window = SV_WINDOW (sv_application_new_window (app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  destroy_window (window);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  /* What gtk_test_init () does, but with isolated XDG folders (GTK 4.8's
   * gtk_test_init () drops g_test_init () options): the preferences test
   * clears the thumbnail cache. */
  sv_ui_test_init (&argc, &argv,
                   SV_UI_TEST_ISOLATE_DIRS | SV_UI_TEST_QUIET_LIST_VIEW | SV_UI_TEST_ICONS);

  tmp_dir = g_dir_make_tmp ("souvenir-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  photos_copy = g_build_filename (tmp_dir, "photos", NULL);
  library_path = g_build_filename (tmp_dir, "library", NULL);
  {
    static const char *const copies[] = {
      "camera/fsf-IMG_1054.JPG",
      "formats/libheif-example.heic",
      "orientation/pillow-hopper.jpg",
    };
    g_autofree char *scenes = g_build_filename (photos_copy, "scenes", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
      copy_file (copies[i]);
    sv_ui_copy_photos ("scenes", scenes);
  }

  app = sv_ui_application_new (library_path);

  g_test_add_func ("/ui/window/sections", test_sections);
  g_test_add_func ("/ui/window/fold", test_fold);
  g_test_add_func ("/ui/window/sidebar-toggle", test_sidebar_toggle);
  g_test_add_func ("/ui/window/empty-state-actions", test_empty_state_actions);
  g_test_add_func ("/ui/window/drop", test_drop);
  g_test_add_func ("/ui/window/import-files-action", test_import_files_action);
  g_test_add_func ("/ui/window/size-saved", test_window_size_saved);
  g_test_add_func ("/ui/preferences", test_preferences);
  g_test_add_func ("/ui/app/actions", test_app_actions);
  g_test_add_func ("/ui/app/shortcuts-window", test_shortcuts_window);

  ret = g_test_run ();

  g_clear_pointer (&app, sv_ui_application_free);
  sv_ui_remove_tree (tmp_dir);
  g_free (photos_copy);
  g_free (library_path);
  g_free (tmp_dir);
  return ret;
}
