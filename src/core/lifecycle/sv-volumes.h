/* sv-volumes.h: removable volumes with photos (SD cards, cameras, phones)
 *
 * A mounted volume is offered for import when it has a DCIM folder, at its
 * root or one level down (phones through gvfs/MTP show "Internal shared
 * storage/DCIM"). The import takes new photos only (files whose bytes are
 * already in the library are skipped) and copies them into the library by
 * default, since the card will leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"
#include "sv-importer.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;      /* the mount's name, or the root folder's name */
  char *root_path; /* file name encoding; NULL when the mount has no local path */
  char *root_uri;
  char *dcim_path; /* the DCIM folder */
  guint n_media;   /* photo and video files under DCIM (by name) */
  guint64 bytes;   /* their size */
} SvVolume;

void
sv_volume_free (SvVolume *volume);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvVolume, sv_volume_free)

/* Looks for a DCIM folder under @root (any case, at the root or one level
 * down) and counts its media files. NULL without an error when there is
 * none; @name (nullable) is the name to show. */
SvVolume *
sv_volumes_examine (GFile *root, const char *name, GCancellable *cancellable, GError **error);

/* The mounted volumes (GVolumeMonitor) with a DCIM folder, of SvVolume. */
GPtrArray *
sv_volumes_list (GCancellable *cancellable, GError **error);

/* Imports the new photos and videos of the DCIM folder under @root. @mode
 * SV_IMPORT_MODE_DEFAULT means a copy (the library's import setting is not
 * used for cards). Files already in the library are skipped; with
 * SV_IMPORT_MODE_REFERENCE they are not even recorded as other locations.
 * SV_ERROR_NOT_FOUND when @root has no DCIM folder. */
SvImportSummary *
sv_volumes_import (SvCatalogue *catalogue,
                   GFile *root,
                   SvImportMode mode,
                   GCancellable *cancellable,
                   GError **error);

G_END_DECLS
