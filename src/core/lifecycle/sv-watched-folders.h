/* sv-watched-folders.h: the library's list of watched folders
 *
 * The list lives in the catalogue (table watched_folders), so the app and
 * souvenir-cli see the same folders. Paths are absolute and canonical
 * (symbolic links resolved); no watched folder is inside another one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  char *path;       /* absolute, canonical, file name encoding */
  gint64 added_at;  /* µs since the epoch */
  gint64 last_scan; /* µs since the epoch, 0: never scanned */
} SvWatchedFolder;

void
sv_watched_folder_free (SvWatchedFolder *folder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvWatchedFolder, sv_watched_folder_free)

/* Of SvWatchedFolder, sorted by path, with a free func. */
GPtrArray *
sv_watched_folders_list (SvCatalogue *catalogue, GError **error);

/* The canonical form of @path (made absolute from the current folder,
 * symbolic links resolved). Fails with SV_ERROR_NOT_FOUND when it does not
 * exist and SV_ERROR_INVALID_ARGUMENT when it is not a folder. */
char *
sv_watched_folders_canonicalize (const char *path, GError **error);

/* Adds @path (validated and made canonical as above). SV_ERROR_DUPLICATE
 * when it is watched already or inside a watched folder. A watched folder
 * inside @path is replaced by it (its files stay in the library); their
 * paths are appended to @absorbed (nullable, of char*). Returns the new
 * entry. */
SvWatchedFolder *
sv_watched_folders_add (SvCatalogue *catalogue,
                        const char *path,
                        GPtrArray *absorbed,
                        GError **error);

/* Stops watching @path (as stored, or anything that canonicalizes to it; the
 * folder may be gone). The items found there stay in the library.
 * SV_ERROR_NOT_FOUND when it is not watched. */
gboolean
sv_watched_folders_remove (SvCatalogue *catalogue, const char *path, GError **error);

gboolean
sv_watched_folders_set_last_scan (SvCatalogue *catalogue,
                                  gint64 folder_id,
                                  gint64 when_usec,
                                  GError **error);

G_END_DECLS
