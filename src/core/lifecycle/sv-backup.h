/* sv-backup.h: catalogue backups in <library>/backups/
 *
 * Backups are made with SQLite's online backup API from a read-only
 * connection, so the library stays usable while they run. Kinds, by file
 * name:
 *   library-<YYYYMMDDTHHMMSSZ>.db                 daily (the 7 newest are kept)
 *   library-<YYYYMMDDTHHMMSSZ>-manual.db          on demand (kept)
 *   library-<YYYYMMDDTHHMMSSZ>-before-restore.db  the catalogue a restore replaced (kept)
 *   library-v<N>-<YYYYMMDDTHHMMSSZ>.db            before a migration, made by the catalogue (kept)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_BACKUP_KEEP_DAILY 7
#define SV_BACKUP_DAILY_INTERVAL_USEC (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

typedef enum
{
  SV_BACKUP_KIND_DAILY,
  SV_BACKUP_KIND_MANUAL,
  SV_BACKUP_KIND_BEFORE_RESTORE,
  SV_BACKUP_KIND_MIGRATION,
} SvBackupKind;

typedef struct
{
  char *path;
  SvBackupKind kind;
  gint64 time_usec; /* from the name (UTC) */
  gint64 size;
} SvBackupInfo;

void
sv_backup_info_free (SvBackupInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvBackupInfo, sv_backup_info_free)

const char *
sv_backup_kind_to_string (SvBackupKind kind);

/* Backs the catalogue up now; @now_usec (0: now) names the file. Daily
 * backups past the 7 newest are deleted. Returns the new file's path. */
char *
sv_backup_create (SvCatalogue *catalogue, SvBackupKind kind, gint64 now_usec, GError **error);

/* Makes a daily backup when the newest one is 24 hours old or more (or
 * there is none). @made (optional) receives its path, NULL when none was
 * due. */
gboolean
sv_backup_run_daily_if_due (SvCatalogue *catalogue, gint64 now_usec, char **made, GError **error);

/* The library's backups, newest first. Of SvBackupInfo. */
GPtrArray *
sv_backup_list (const char *library_dir, GError **error);

/* Whether @path is an undamaged Souvenir catalogue this version can open
 * (PRAGMA integrity_check, the catalogue's tables, user_version ≤ ours):
 * SV_ERROR_CORRUPT, SV_ERROR_NEWER_CATALOGUE or G_IO_ERROR_NOT_FOUND
 * otherwise. @version (optional) receives its user_version. */
gboolean
sv_backup_check_file (const char *path, int *version, GError **error);

/* Replaces the catalogue of the library in @library_dir with @backup_path
 * after checking it, keeping the current catalogue as a "before-restore"
 * backup first (its path in @saved, optional). The library must not be open
 * anywhere (this process included): if another connection has it open,
 * nothing changes and the error is SV_ERROR_FAILED. An older backup is
 * migrated the next time the library opens. */
gboolean
sv_backup_restore (const char *library_dir, const char *backup_path, char **saved, GError **error);

G_END_DECLS
