/* sv-catalogue-imports.h: the library's past imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  gint64 started_at;  /* usec since the epoch */
  gint64 finished_at; /* usec, 0 while it runs (or when it never finished) */
  char *mode;         /* "copy" or "reference" */
  guint files_seen, imported, duplicates, failed;
  guint64 bytes;
  gboolean cancelled;
  guint n_live; /* its items still in the library and not in the trash */
  guint n_errors;
} SvImportInfo;

void
sv_import_info_free (SvImportInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvImportInfo, sv_import_info_free)

/* Of SvImportInfo, newest first. */
GPtrArray *
sv_catalogue_list_imports (SvCatalogue *self, GError **error);
/* One import (SV_ERROR_NOT_FOUND when unknown). */
SvImportInfo *
sv_catalogue_get_import (SvCatalogue *self, gint64 import_id, GError **error);

G_END_DECLS
