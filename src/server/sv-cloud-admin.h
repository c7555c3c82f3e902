/* sv-cloud-admin.h: offline administration (accounts, backup, restore, trash)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-blob-store.h"
#include "sv-cloud-config.h"
#include "sv-cloud-db.h"

G_BEGIN_DECLS

/* Exit codes of souvenir-cloud (documented in docs/server.md). */
typedef enum
{
  SV_CLOUD_EXIT_OK = 0,
  SV_CLOUD_EXIT_FAILED = 1,
  SV_CLOUD_EXIT_USAGE = 2,
  SV_CLOUD_EXIT_NOT_FOUND = 3,
  SV_CLOUD_EXIT_IN_USE = 4,
  SV_CLOUD_EXIT_BAD_BACKUP = 5,
} SvCloudExit;

/* File names inside the data folder. */
#define SV_CLOUD_DB_NAME "cloud.db"
#define SV_CLOUD_CONFIG_NAME "souvenir-cloud.conf"
#define SV_CLOUD_LOCK_NAME "souvenir-cloud.lock"

/* Maps an error to an exit code. */
SvCloudExit
sv_cloud_exit_for_error (const GError *error);

/* Takes the data folder's lock (held until the process ends, or until
 * close() on the returned descriptor). -1 + error when another process holds it. */
int
sv_cloud_lock_data_dir (const char *data_dir, GError **error);

/* Checks an account name: 1 to 64 characters, lower-case letters, digits,
 * '.', '-', '_' and '@'. */
gboolean
sv_cloud_username_is_valid (const char *name);

gboolean
sv_cloud_admin_user_add (SvCloudDb *db,
                         const SvCloudConfig *config,
                         const char *name,
                         const char *password,
                         const char *plan,
                         GError **error);
gboolean
sv_cloud_admin_user_passwd (SvCloudDb *db,
                            const SvCloudConfig *config,
                            const char *name,
                            const char *password,
                            GError **error);
gboolean
sv_cloud_admin_user_plan (SvCloudDb *db,
                          const SvCloudConfig *config,
                          const char *name,
                          const char *plan,
                          GError **error);
/* Disabling also signs out every session. */
gboolean
sv_cloud_admin_user_disable (SvCloudDb *db, const char *name, gboolean disabled, GError **error);
/* A table of the accounts. */
char *
sv_cloud_admin_user_list (SvCloudDb *db, const SvCloudConfig *config, GError **error);

/* Online backup of the catalogue into @dest (a SQLite file that also lists
 * every blob), written next to it and renamed into place. */
gboolean
sv_cloud_admin_backup (SvCloudDb *db, const char *dest, GError **error);
/* Checks @backup (integrity, version, every listed blob present with the
 * right size in @data_dir, or copied from @blobs_from when given) and puts it
 * in place. The caller holds the data folder's lock. */
gboolean
sv_cloud_admin_restore (const char *data_dir,
                        const char *backup,
                        const char *blobs_from,
                        GError **error);

G_END_DECLS
