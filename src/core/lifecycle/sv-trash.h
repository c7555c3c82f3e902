/* sv-trash.h: the library's trash
 *
 * Trashing hides items from the timeline and keeps everything about them.
 * Managed originals (copies the library owns) move into <library>/trash/
 * <item uuid>/; referenced originals stay where they are. Restoring puts
 * every moved file back at exactly its old path, or next to it as
 * "name (1).ext" when that path is taken (never overwriting anything).
 * Purging (after the "trash-retention-days" setting, or on "empty trash")
 * deletes managed originals, sends referenced ones to the desktop trash and
 * removes the item from the catalogue with a tombstone, so that it is not
 * imported again. Where a referenced original's file system has no trash,
 * nothing is deleted unless the caller says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Moves the items to the trash. Unknown ids: SV_ERROR_NOT_FOUND and
 * nothing done; items already in the trash are left as they are. */
gboolean
sv_trash_items (SvCatalogue *catalogue, const gint64 *ids, guint n, GError **error);

typedef struct
{
  gint64 item_id;
  char *original_path; /* where it was */
  char *restored_path; /* the free name it took instead */
} SvTrashRenamed;

void
sv_trash_renamed_free (SvTrashRenamed *renamed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvTrashRenamed, sv_trash_renamed_free)

/* Takes the items out of the trash, files back in place, and places them in
 * events again. @renamed (optional) receives a GPtrArray of SvTrashRenamed
 * for files restored under another name because their path was taken.
 * Items not in the trash are left as they are. */
gboolean
sv_trash_restore_items (SvCatalogue *catalogue,
                        const gint64 *ids,
                        guint n,
                        GPtrArray **renamed,
                        GError **error);

typedef enum
{
  SV_TRASH_PURGE_DEFAULT = 0,
  /* Delete referenced originals outright where the desktop trash cannot
   * take them (G_IO_ERROR_NOT_SUPPORTED). */
  SV_TRASH_PURGE_DELETE_PERMANENTLY = 1 << 0,
} SvTrashPurgeFlags;

typedef struct
{
  GArray *purged;                   /* gint64: items removed from the library */
  GArray *needs_permanent_deletion; /* gint64: kept, their original has no trash to go to */
  GPtrArray *failures;              /* char *: translated, naming the file; those items are kept */
} SvTrashPurgeResult;

void
sv_trash_purge_result_init (SvTrashPurgeResult *result);
void
sv_trash_purge_result_clear (SvTrashPurgeResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvTrashPurgeResult, sv_trash_purge_result_clear)

/* Purges the items in the trash for longer than the retention setting at
 * @now_usec (microseconds since the epoch; 0: now). @result is
 * initialised here. FALSE only when the catalogue cannot be used. */
gboolean
sv_trash_purge_expired (SvCatalogue *catalogue,
                        gint64 now_usec,
                        SvTrashPurgeFlags flags,
                        SvTrashPurgeResult *result,
                        GError **error);

/* Purges these items of the trash now (@ids NULL: the whole trash). Ids not
 * in the trash are ignored. */
gboolean
sv_trash_empty (SvCatalogue *catalogue,
                const gint64 *ids,
                guint n,
                SvTrashPurgeFlags flags,
                SvTrashPurgeResult *result,
                GError **error);

/* The "trash-retention-days" setting. */
int
sv_trash_get_retention_days (SvCatalogue *catalogue);

/* Whole days until an item trashed at @trashed_at_usec is purged (0: at the
 * next purge). */
int
sv_trash_days_left (gint64 trashed_at_usec, int retention_days, gint64 now_usec);

G_END_DECLS
