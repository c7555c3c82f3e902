/* sv-test-mime.h: keep the system's MIME database visible to tests that use
 * G_TEST_OPTION_ISOLATE_DIRS. gdk-pixbuf picks its loader from the content
 * type GIO guesses with shared-mime-info, which the isolated XDG folders
 * would hide.
 *
 *   char **dirs = sv_test_mime_dirs_save ();   // before g_test_init
 *   g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
 *   sv_test_mime_dirs_restore (dirs);          // after it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* From the environment, not g_get_system_data_dirs (): GLib's cached copy
 * is replaced by the isolated folders. */
static inline char **
sv_test_mime_dirs_save (void)
{
  const char *env = g_getenv ("XDG_DATA_DIRS");
  g_auto (GStrv) data_dirs =
      g_strsplit (env != NULL && *env != '\0' ? env : "/usr/local/share:/usr/share", ":", -1);
  guint n = g_strv_length (data_dirs);
  char **mime_dirs = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    mime_dirs[i] = g_build_filename (data_dirs[i], "mime", NULL);
  return mime_dirs;
}

/* Takes @mime_dirs. */
static inline void
sv_test_mime_dirs_restore (char **mime_dirs)
{
  g_content_type_set_mime_dirs ((const char *const *) mime_dirs);
  g_strfreev (mime_dirs);
}
