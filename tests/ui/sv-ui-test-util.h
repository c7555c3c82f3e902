/* sv-ui-test-util.h: what the window tests under Xvfb share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting on the main loop for a state (bounded by main loop turns, never
 * timed), finding widgets and dialogs, the application and its windows, a
 * temporary library imported from copies of the test photos (the
 * originals in SV_PHOTOS_DIR are only read), PNGs of a widget, and the
 * GTK 4.8 ListView warning filter.
 */
#pragma once

#include <adwaita.h>

#include "sv-application.h"
#include "sv-catalogue.h"
#include "sv-importer.h"
#include "sv-window.h"

G_BEGIN_DECLS

/* A state waited for: TRUE once reached. */
typedef gboolean (*SvUiCondition) (gpointer data);

typedef enum
{
  /* g_test_init () with G_TEST_OPTION_ISOLATE_DIRS. */
  SV_UI_TEST_ISOLATE_DIRS = 1 << 0,
  /* Drop GTK 4.8's "GtkListView failed to scroll" warning (see
   * sv_ui_test_log_writer ()). */
  SV_UI_TEST_QUIET_LIST_VIEW = 1 << 1,
  /* Give the icon theme the system's icon folders back (the MIME database
   * always gets them). */
  SV_UI_TEST_ICONS = 1 << 2,
} SvUiTestFlags;

/* Bound on main loop turns while waiting for a state: a hang fails the test
 * instead of blocking it; nothing is timed. */
#define SV_UI_MAX_TURNS 30000

void
sv_ui_test_init (int *argc, char ***argv, SvUiTestFlags flags);
GLogWriterOutput
sv_ui_test_log_writer (GLogLevelFlags level,
                       const GLogField *fields,
                       gsize n_fields,
                       gpointer data);

gboolean
sv_ui_wait_for (SvUiCondition condition, gpointer data);
gboolean
sv_ui_wait_for_turns (SvUiCondition condition, gpointer data, guint max_turns);
void
sv_ui_flush (void);
void
sv_ui_flush_turns (guint turns);

GtkWidget *
sv_ui_find_named (GtkWidget *root, const char *name);
GtkWidget *
sv_ui_must_find (GtkWidget *root, const char *name);
GtkDropTarget *
sv_ui_find_drop_target (GtkWidget *widget);
GtkWidget *
sv_ui_find_toplevel (GType type, const char *name);
GtkWidget *
sv_ui_find_file_chooser_dialog (void);
AdwMessageDialog *
sv_ui_find_dialog (const char *name);
gboolean
sv_ui_has_dialog (gpointer name);
void
sv_ui_save_png (GtkWidget *widget, const char *path);

SvApplication *
sv_ui_application_new (const char *library_dir);
void
sv_ui_application_free (SvApplication *app);
gboolean
sv_ui_library_is_open (gpointer app);
SvWindow *
sv_ui_new_window (SvApplication *app, int width, int height);
SvWindow *
sv_ui_open_library_window (SvApplication *app);
void
sv_ui_destroy_window (gpointer window);

const char *
sv_ui_photos_dir (void);
void
sv_ui_copy_photo (const char *name, const char *dest_path);
guint
sv_ui_copy_photos (const char *folder, const char *dest_dir);
SvCatalogue *
sv_ui_import_copies (const char *folder, const char *base_dir, SvImportSummary **summary_out);
void
sv_ui_remove_tree (const char *path);

/* The short names the test files use. */
typedef SvUiCondition Condition;
#define wait_for(condition, data) sv_ui_wait_for ((condition), (gpointer) (data))
#define flush() sv_ui_flush ()
#define find_named(root, name) sv_ui_find_named ((root), (name))
#define must_find(root, name) sv_ui_must_find ((root), (name))
#define find_drop_target(widget) sv_ui_find_drop_target (widget)
#define find_file_chooser_dialog() sv_ui_find_file_chooser_dialog ()
#define find_dialog(name) sv_ui_find_dialog (name)
#define has_dialog sv_ui_has_dialog

G_END_DECLS
