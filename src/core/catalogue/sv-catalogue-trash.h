/* sv-catalogue-trash.h: what the trash needs from the catalogue
 *
 * Putting items in the trash and taking them out is sv_catalogue_set_trashed
 * (sv-catalogue.h); purging is sv_catalogue_delete_items. This adds the
 * record of where a managed original was before it moved into the library's
 * trash folder, so that it can go back exactly there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 location_id;
  gint64 item_id;
  char *sha256;
  char *role;
  char *path;          /* where the file is now (or should be) */
  char *original_path; /* where it was before the trash; NULL: it did not move */
  gboolean managed;
  gboolean missing;
} SvTrashFile;

void
sv_trash_file_free (SvTrashFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvTrashFile, sv_trash_file_free)

/* Of SvTrashFile: every location of the item, originals first. */
GPtrArray *
sv_catalogue_trash_list_files (SvCatalogue *self, gint64 item_id, GError **error);

/* The location now lives at @new_path (inside the library's trash folder);
 * its current path is kept as the original to go back to. One transaction.
 * Call it before moving the file, and sv_catalogue_trash_record_restore
 * with the original path if the move then fails. */
gboolean
sv_catalogue_trash_record_move (SvCatalogue *self,
                                gint64 location_id,
                                const char *new_path,
                                GError **error);
/* The location lives at @path again (the original or the name it had to
 * take) and its trash record goes. */
gboolean
sv_catalogue_trash_record_restore (SvCatalogue *self,
                                   gint64 location_id,
                                   const char *path,
                                   GError **error);

/* TRUE when a location of any item has this path. */
gboolean
sv_catalogue_trash_path_in_use (SvCatalogue *self, const char *path);

/* Ids (gint64) of the items in the trash, oldest in the trash first; with
 * @trashed_before_usec > 0 only those put there before that time. */
GArray *
sv_catalogue_trash_list_items (SvCatalogue *self, gint64 trashed_before_usec, GError **error);

/* When the item went to the trash (usec), 0 when it is not there, -1 when
 * it is unknown. */
gint64
sv_catalogue_trash_get_trashed_at (SvCatalogue *self, gint64 item_id);

G_END_DECLS
