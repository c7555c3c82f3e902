/* sv-importer.h: imports files and folders into a library, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef enum
{
  SV_IMPORT_MODE_DEFAULT = 0, /* the library's "import-mode" setting */
  SV_IMPORT_MODE_COPY,        /* copy into the managed folder */
  SV_IMPORT_MODE_REFERENCE,   /* leave the files where they are */
} SvImportMode;

/* What one import did. */
typedef struct
{
  gint64 import_id;
  SvImportMode mode;
  guint files_seen; /* candidate media files found */
  guint imported;   /* new items */
  guint duplicates; /* already in the library or twice in this import */
  guint failed;
  guint ignored;            /* files in folders that are not photos or videos at all */
  guint previously_deleted; /* deleted from the library before: not imported again */
  guint64 bytes;            /* bytes of the new items' originals */
  gboolean cancelled;
  GPtrArray *failures;  /* SvImportError (path in the file name encoding, translated reason) */
  GArray *new_item_ids; /* gint64 */
  double seconds;
  /* Set when the import stopped early for a reason that would make every
   * further file fail too (the disk is full, the catalogue cannot be
   * written); what was finished before is kept. */
  GError *stopped_by;
} SvImportSummary;

void
sv_import_summary_free (SvImportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvImportSummary, sv_import_summary_free)

#define SV_TYPE_IMPORTER (sv_importer_get_type ())
G_DECLARE_FINAL_TYPE (SvImporter, sv_importer, SV, IMPORTER, GObject)

SvImporter *
sv_importer_new (SvCatalogue *catalogue);

SvCatalogue *
sv_importer_get_catalogue (SvImporter *self);

void
sv_importer_set_mode (SvImporter *self, SvImportMode mode);
SvImportMode
sv_importer_get_mode (SvImporter *self);

/* Worker threads for hashing, metadata and thumbnails; 0 (default) means one
 * per processor. */
void
sv_importer_set_n_workers (SvImporter *self, guint n_workers);
guint
sv_importer_get_n_workers (SvImporter *self);

/* Progress, readable while an import runs; the properties are notified on
 * the main context the importer was created in, at most about ten times a
 * second: "files-done", "files-total", "bytes-done", "bytes-total",
 * "current-file", "rate" (files per second), "eta" (seconds, -1 unknown),
 * "fraction", "running". */
guint
sv_importer_get_files_done (SvImporter *self);
guint
sv_importer_get_files_total (SvImporter *self);
guint64
sv_importer_get_bytes_done (SvImporter *self);
guint64
sv_importer_get_bytes_total (SvImporter *self);
char *
sv_importer_dup_current_file (SvImporter *self);
double
sv_importer_get_rate (SvImporter *self);
double
sv_importer_get_eta (SvImporter *self);
double
sv_importer_get_fraction (SvImporter *self);
gboolean
sv_importer_get_running (SvImporter *self);

/* @inputs: GFile files and folders (folders are walked recursively), exactly
 * what a drop hands over. One import at a time per importer. Cancelling
 * keeps every file finished so far and leaves a consistent catalogue; the
 * summary then has cancelled = TRUE (the call does not fail). It fails only
 * when the import cannot run at all (catalogue unwritable, disk full). */
void
sv_importer_import_async (SvImporter *self,
                          GListModel *inputs,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
SvImportSummary *
sv_importer_import_finish (SvImporter *self, GAsyncResult *result, GError **error);

/* Runs the import in the calling thread (its workers still run in parallel);
 * progress notifications are delivered only if the importer's main context
 * is iterated, so use the async variant from a UI. */
SvImportSummary *
sv_importer_import (SvImporter *self,
                    GListModel *inputs,
                    GCancellable *cancellable,
                    GError **error);

const char *
sv_import_mode_to_string (SvImportMode mode);

G_END_DECLS
