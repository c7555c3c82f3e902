/* sv-file-location.h: one file of an item and where it is on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SV_TYPE_FILE_LOCATION (sv_file_location_get_type ())

typedef struct
{
  char *sha256;
  char *role; /* "original", "raw", "sidecar", "cloud-copy" */
  char *path;
  gint64 size;
  gint64 mtime_usec;
  gboolean managed;
  gboolean missing;
} SvFileLocation;

GType
sv_file_location_get_type (void) G_GNUC_CONST;
SvFileLocation *
sv_file_location_copy (const SvFileLocation *loc);
void
sv_file_location_free (SvFileLocation *loc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvFileLocation, sv_file_location_free)

G_END_DECLS
