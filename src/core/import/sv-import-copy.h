/* sv-import-copy.h: copies an original into the library's managed folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Copies @source to @managed_root/@folder/<name>; without @folder, to
 * @managed_root/YYYY/YYYY-MM-DD/, the day taken from @taken_local
 * ("YYYY-MM-DDT…") or else from @mtime_usec. Never overwrites:
 * a name in use becomes "name (1).ext", "name (2).ext"… The copy is written
 * to a temporary file, flushed to disk and renamed, so the library never
 * holds a partial copy under a real name. Returns the new path. A full disk
 * is G_IO_ERROR_NO_SPACE. */
char *
sv_import_copy_into_library (const char *source,
                             const char *managed_root,
                             const char *folder,
                             const char *taken_local,
                             gint64 mtime_usec,
                             GCancellable *cancellable,
                             GError **error);

/* "YYYY/YYYY-MM-DD" for a capture time or, without one, a file time. */
char *
sv_import_day_folder (const char *taken_local, gint64 mtime_usec);

G_END_DECLS
