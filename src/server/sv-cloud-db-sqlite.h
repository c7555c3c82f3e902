/* sv-cloud-db-sqlite.h: SvCloudDb on one SQLite file (DIR/cloud.db)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-cloud-db.h"

G_BEGIN_DECLS

#define SV_TYPE_CLOUD_DB_SQLITE (sv_cloud_db_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (SvCloudDbSqlite, sv_cloud_db_sqlite, SV, CLOUD_DB_SQLITE, GObject)

/* Schema version this program writes. */
#define SV_CLOUD_DB_SQLITE_VERSION 2

/* Opens (creating and migrating) @path. SV_ERROR_NEWER_CATALOGUE when a newer
 * program wrote it. */
SvCloudDbSqlite *
sv_cloud_db_sqlite_open (const char *path, GError **error);

/* Checks a backup file before a restore: integrity, schema version, and
 * returns (in @blobs, SvCloudBlobInfo*) the blob list it records. */
gboolean
sv_cloud_db_sqlite_check_backup (const char *path, GPtrArray *blobs, GError **error);

G_END_DECLS
