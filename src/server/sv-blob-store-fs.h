/* sv-blob-store-fs.h: SvBlobStore in a folder (DIR/blobs/ab/cd/<sha256>)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-blob-store.h"

G_BEGIN_DECLS

#define SV_TYPE_BLOB_STORE_FS (sv_blob_store_fs_get_type ())

G_DECLARE_FINAL_TYPE (SvBlobStoreFs, sv_blob_store_fs, SV, BLOB_STORE_FS, GObject)

/* Creates DIR/blobs and DIR/uploads when missing. */
SvBlobStoreFs *
sv_blob_store_fs_new (const char *data_dir, GError **error);

/* TRUE (the default): completed uploads are fdatasynced before they are
 * renamed into place, and their folder fsynced after. FALSE only for
 * benchmarks: a crash may then lose recent blobs. */
void
sv_blob_store_fs_set_durable (SvBlobStoreFs *self, gboolean durable);

/* Where the blob lives (for backup checks); NULL for a malformed hash. */
char *
sv_blob_store_fs_get_path (SvBlobStoreFs *self, const char *sha256);

G_END_DECLS
