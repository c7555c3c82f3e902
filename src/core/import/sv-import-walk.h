/* sv-import-walk.h: turns dropped files and folders into import candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *path; /* absolute, GLib file name encoding */
  gint64 size;
  gint64 mtime_usec;
  gboolean named; /* given by the user rather than found in a folder */
} SvCandidate;

void
sv_candidate_free (SvCandidate *candidate);

/* Walks @inputs (GFile) recursively, following links to files and folders
 * but never a folder twice (link loops). Inside folders, hidden entries are
 * skipped and only files that look like photos or videos (by extension, else
 * by their first bytes) are kept; the others are counted in @ignored. Files
 * named directly are always kept. Problems (unreadable folder, broken link,
 * link loop) are appended to @failures as SvImportError. Returns the
 * candidates in a stable order (folders sorted by name). */
GPtrArray *
sv_import_walk (GListModel *inputs, GCancellable *cancellable, guint *ignored, GPtrArray *failures);

/* TRUE if @basename has an extension of a photo or video format we know of,
 * supported or not (so an unsupported one is reported rather than ignored). */
gboolean
sv_import_is_media_name (const char *basename);

G_END_DECLS
