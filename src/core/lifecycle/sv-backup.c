/* sv-backup.c: catalogue backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-backup"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-backup.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"

#define SV_BACKUP_STAMP_LEN 16 /* YYYYMMDDTHHMMSSZ */
#define SV_BACKUP_BUSY_MS 250
#define SV_BACKUP_BUSY_RETRIES 100

void
sv_backup_info_free (SvBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info);
}

const char *
sv_backup_kind_to_string (SvBackupKind kind)
{
  switch (kind)
    {
      case SV_BACKUP_KIND_DAILY:
        return "daily";
      case SV_BACKUP_KIND_MANUAL:
        return "manual";
      case SV_BACKUP_KIND_BEFORE_RESTORE:
        return "before-restore";
      case SV_BACKUP_KIND_MIGRATION:
      default:
        return "migration";
    }
}

static gboolean
parse_stamp (const char *s, gint64 *usec)
{
  g_autoptr (GDateTime) dt = NULL;
  int y, mo, d, h, mi, se;
  char tail[2] = { 0 };

  if (strlen (s) < SV_BACKUP_STAMP_LEN || s[8] != 'T' || s[15] != 'Z')
    return FALSE;
  for (int k = 0; k < 15; k++)
    if (k != 8 && !g_ascii_isdigit (s[k]))
      return FALSE;
  if (sscanf (s, "%4d%2d%2dT%2d%2d%2d%1[Z]", &y, &mo, &d, &h, &mi, &se, tail) != 7)
    return FALSE;
  dt = g_date_time_new_utc (y, mo, d, h, mi, se);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

/* Recognises our file names; FALSE for anything else. */
static gboolean
parse_name (const char *name, SvBackupKind *kind, gint64 *usec)
{
  const char *p, *rest;

  if (!g_str_has_prefix (name, "library-") || !g_str_has_suffix (name, ".db"))
    return FALSE;
  p = name + strlen ("library-");
  if (p[0] == 'v' && g_ascii_isdigit (p[1]))
    {
      while (*++p && g_ascii_isdigit (*p))
        ;
      if (*p != '-')
        return FALSE;
      *kind = SV_BACKUP_KIND_MIGRATION;
      return parse_stamp (p + 1, usec);
    }
  if (!parse_stamp (p, usec))
    return FALSE;
  rest = p + SV_BACKUP_STAMP_LEN;
  if (g_str_has_prefix (rest, "-manual"))
    *kind = SV_BACKUP_KIND_MANUAL, rest += strlen ("-manual");
  else if (g_str_has_prefix (rest, "-before-restore"))
    *kind = SV_BACKUP_KIND_BEFORE_RESTORE, rest += strlen ("-before-restore");
  else
    *kind = SV_BACKUP_KIND_DAILY;
  /* An optional "-N" when two backups fell in the same second. */
  if (rest[0] == '-')
    {
      rest++;
      if (!g_ascii_isdigit (*rest))
        return FALSE;
      while (g_ascii_isdigit (*rest))
        rest++;
    }
  return g_str_equal (rest, ".db");
}

static int
info_newest_first (gconstpointer a, gconstpointer b)
{
  const SvBackupInfo *x = *(SvBackupInfo **) a, *y = *(SvBackupInfo **) b;

  if (x->time_usec != y->time_usec)
    return x->time_usec < y->time_usec ? 1 : -1;
  return g_strcmp0 (y->path, x->path);
}

GPtrArray *
sv_backup_list (const char *library_dir, GError **error)
{
  g_autofree char *dir_path = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (library_dir != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_backup_info_free);
  dir_path = g_build_filename (library_dir, "backups", NULL);
  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&out);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      SvBackupInfo *info;
      SvBackupKind kind;
      gint64 usec;
      GStatBuf st;

      if (!parse_name (name, &kind, &usec))
        continue;
      info = g_new0 (SvBackupInfo, 1);
      info->path = g_build_filename (dir_path, name, NULL);
      info->kind = kind;
      info->time_usec = usec;
      info->size = g_stat (info->path, &st) == 0 ? (gint64) st.st_size : 0;
      g_ptr_array_add (out, info);
    }
  g_ptr_array_sort (out, info_newest_first);
  return g_steal_pointer (&out);
}

/* Copies the whole database of @src into a new file at @path (written as
 * "@path.part", then renamed). */
static gboolean
backup_to_file (SvDb *src, const char *path, GError **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr (SvDb) dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (part);
  dest = _sv_db_open (part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (dest == NULL)
    return FALSE;
  backup = sqlite3_backup_init (dest->db, "main", src->db, "main");
  if (backup == NULL)
    rc = sqlite3_extended_errcode (dest->db);
  else
    {
      /* A read-only WAL reader is rarely busy (only while the WAL is
       * recovered): retry for a few seconds at most. */
      for (guint tries = 0; tries < SV_BACKUP_BUSY_RETRIES; tries++)
        {
          rc = sqlite3_backup_step (backup, -1);
          if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
          sqlite3_sleep (SV_BACKUP_BUSY_MS / 5);
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_OK)
        rc = sqlite3_extended_errcode (dest->db);
    }
  g_clear_pointer (&dest, _sv_db_free);
  if (rc == SQLITE_OK && g_rename (part, path) != 0)
    {
      int saved = errno;

      g_unlink (part);
      g_set_error (error, SV_ERROR, saved == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not write the backup “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_unlink (part);
      g_set_error (error, SV_ERROR, (rc & 0xff) == SQLITE_FULL ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not write the backup “%s”: %s"), display, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static char *
new_backup_path (const char *library_dir, SvBackupKind kind, gint64 now_usec, GError **error)
{
  g_autofree char *dir = g_build_filename (library_dir, "backups", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (now_usec / G_USEC_PER_SEC);
  g_autofree char *stamp = NULL;
  const char *suffix = kind == SV_BACKUP_KIND_MANUAL           ? "-manual"
                       : kind == SV_BACKUP_KIND_BEFORE_RESTORE ? "-before-restore"
                                                               : "";

  if (now == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("The clock is not valid"));
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, SV_ERROR, saved == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not create the folder “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  for (guint k = 1; k < 1000; k++)
    {
      g_autofree char *name = k == 1 ? g_strdup_printf ("library-%s%s.db", stamp, suffix)
                                     : g_strdup_printf ("library-%s%s-%u.db", stamp, suffix, k);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  g_set_error (error, SV_ERROR, SV_ERROR_FAILED, _ ("Too many backups were made this second"));
  return NULL;
}

static void
rotate_daily (const char *library_dir)
{
  g_autoptr (GPtrArray) list = sv_backup_list (library_dir, NULL);
  guint kept = 0;

  for (guint k = 0; list != NULL && k < list->len; k++)
    {
      SvBackupInfo *info = g_ptr_array_index (list, k);

      if (info->kind != SV_BACKUP_KIND_DAILY)
        continue;
      if (++kept > SV_BACKUP_KEEP_DAILY && g_unlink (info->path) != 0)
        g_warning ("Could not delete the old backup %s: %s", info->path, g_strerror (errno));
    }
}

char *
sv_backup_create (SvCatalogue *catalogue, SvBackupKind kind, gint64 now_usec, GError **error)
{
  g_autoptr (SvDb) reader = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (kind != SV_BACKUP_KIND_MIGRATION, NULL);

  if (now_usec <= 0)
    now_usec = g_get_real_time ();
  path = new_backup_path (sv_catalogue_get_library_dir (catalogue), kind, now_usec, error);
  if (path == NULL)
    return NULL;
  reader = _sv_catalogue_open_reader (catalogue, error);
  if (reader == NULL || !backup_to_file (reader, path, error))
    return NULL;
  if (kind == SV_BACKUP_KIND_DAILY)
    rotate_daily (sv_catalogue_get_library_dir (catalogue));
  return g_steal_pointer (&path);
}

gboolean
sv_backup_run_daily_if_due (SvCatalogue *catalogue, gint64 now_usec, char **made, GError **error)
{
  g_autoptr (GPtrArray) list = NULL;
  gint64 newest = G_MININT64;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);

  if (made != NULL)
    *made = NULL;
  if (now_usec <= 0)
    now_usec = g_get_real_time ();
  list = sv_backup_list (sv_catalogue_get_library_dir (catalogue), error);
  if (list == NULL)
    return FALSE;
  for (guint k = 0; k < list->len; k++)
    {
      SvBackupInfo *info = g_ptr_array_index (list, k);
      if (info->kind == SV_BACKUP_KIND_DAILY)
        newest = MAX (newest, info->time_usec);
    }
  /* Due after 24 hours, or when the newest is in the future (the clock went
   * back). */
  if (newest != G_MININT64 && now_usec - newest < SV_BACKUP_DAILY_INTERVAL_USEC &&
      newest <= now_usec + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
    return TRUE;
  {
    char *path = sv_backup_create (catalogue, SV_BACKUP_KIND_DAILY, now_usec, error);

    if (path == NULL)
      return FALSE;
    if (made != NULL)
      *made = path;
    else
      g_free (path);
  }
  return TRUE;
}

/* ---- checking and restoring ---- */

/* Opens a catalogue file read-only without touching it (no -wal, no lock). */
static SvDb *
open_immutable (const char *path, GError **error)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", escaped);

  return _sv_db_open (uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
}

static gboolean
not_a_catalogue (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
               _ ("“%s” is not a Souvenir library catalogue, or it is damaged."), display);
  return FALSE;
}

gboolean
sv_backup_check_file (const char *path, int *version, GError **error)
{
  g_autoptr (SvDb) db = NULL;
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 v = -1;
  int rc, tables = 0;
  gboolean ok = FALSE;
  int latest = _sv_catalogue_get_latest_version ();

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("There is no file “%s”"), display);
      return FALSE;
    }
  db = open_immutable (path, &local_error);
  if (db == NULL)
    return not_a_catalogue (path, error);

  stmt = _sv_db_prepare (db, "PRAGMA user_version", NULL);
  if (stmt == NULL)
    return not_a_catalogue (path, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (v < 1)
    return not_a_catalogue (path, error);
  if (v > latest)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE,
                   _ ("“%s” was saved by a newer version of Souvenir (catalogue version %d; this "
                      "version reads up to %d)."),
                   display, (int) MIN (v, G_MAXINT), latest);
      return FALSE;
    }

  stmt = _sv_db_prepare (db, "PRAGMA integrity_check", NULL);
  if (stmt == NULL)
    return not_a_catalogue (path, error);
  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0 &&
       sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_reset (stmt);
  if (!ok)
    return not_a_catalogue (path, error);

  stmt = _sv_db_prepare (db,
                         "SELECT count (*) FROM sqlite_schema WHERE type = 'table'"
                         " AND name IN ('items', 'files', 'locations', 'imports', 'tombstones')",
                         NULL);
  if (stmt == NULL)
    return not_a_catalogue (path, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tables = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (tables != 5)
    return not_a_catalogue (path, error);
  if (v >= 2)
    {
      gboolean has_id = FALSE;

      stmt = _sv_db_prepare (db, "SELECT uuid FROM library WHERE id = 1", NULL);
      if (stmt == NULL)
        return not_a_catalogue (path, error);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        has_id = g_uuid_string_is_valid ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (!has_id)
        return not_a_catalogue (path, error);
    }
  if (version != NULL)
    *version = (int) v;
  return TRUE;
}

static gboolean
in_use_error (const char *library_dir, GError **error)
{
  g_autofree char *display = g_filename_display_name (library_dir);

  g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
               _ ("The library “%s” is open in another program (Souvenir or souvenir-cli). Close "
                  "it, then restore again."),
               display);
  return FALSE;
}

/* Whole-file replacement, for a current catalogue SQLite cannot read. */
static gboolean
replace_file (const char *db_path, const char *backup_path, GError **error)
{
  g_autofree char *part = g_strconcat (db_path, ".restoring", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
  gsize length;

  if (!g_file_get_contents (backup_path, &contents, &length, error) ||
      !g_file_set_contents (part, contents, (gssize) length, error))
    return FALSE;
  g_unlink (wal);
  g_unlink (shm);
  if (g_rename (part, db_path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (db_path);

      g_unlink (part);
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not replace “%s”: %s"), display,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_backup_restore (const char *library_dir, const char *backup_path, char **saved, GError **error)
{
  g_autofree char *db_path = NULL;
  g_autofree char *keep = NULL;
  g_autoptr (SvDb) dest = NULL;
  g_autoptr (SvDb) src = NULL;
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *stmt;
  sqlite3_backup *backup;
  const char *mode = NULL;
  int rc;

  g_return_val_if_fail (library_dir != NULL && backup_path != NULL, FALSE);

  if (saved != NULL)
    *saved = NULL;
  if (!sv_backup_check_file (backup_path, NULL, error))
    return FALSE;
  db_path = g_build_filename (library_dir, "library.db", NULL);
  keep = new_backup_path (library_dir, SV_BACKUP_KIND_BEFORE_RESTORE, g_get_real_time (), error);
  if (keep == NULL)
    return FALSE;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return replace_file (db_path, backup_path, error);

  dest = _sv_db_open (db_path, SQLITE_OPEN_READWRITE, error);
  if (dest == NULL)
    return FALSE;
  sqlite3_busy_timeout (dest->db, SV_BACKUP_BUSY_MS);
  /* Leaving WAL mode needs every other connection closed: the lock that
   * tells us nobody else has the library open. */
  stmt = _sv_db_prepare (dest, "PRAGMA journal_mode = DELETE", &local_error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        mode = (const char *) sqlite3_column_text (stmt, 0);
      if (rc == SQLITE_ROW && g_ascii_strcasecmp (mode ? mode : "", "delete") == 0)
        rc = SQLITE_OK;
      sqlite3_reset (stmt);
    }
  else
    rc = sqlite3_extended_errcode (dest->db);
  if (rc != SQLITE_OK)
    {
      int code = rc & 0xff;

      if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        {
          /* The current catalogue is damaged: keep it as it is, then
           * replace it. */
          g_clear_pointer (&dest, _sv_db_free);
          if (!g_file_get_contents (db_path, NULL, NULL, NULL))
            return replace_file (db_path, backup_path, error);
          {
            g_autofree char *contents = NULL;
            gsize length;

            if (!g_file_get_contents (db_path, &contents, &length, error) ||
                !g_file_set_contents (keep, contents, (gssize) length, error))
              return FALSE;
          }
          if (!replace_file (db_path, backup_path, error))
            return FALSE;
          if (saved != NULL)
            *saved = g_steal_pointer (&keep);
          return TRUE;
        }
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED || rc == SQLITE_ROW)
        return in_use_error (library_dir, error);
      return _sv_db_set_error (dest, rc, error);
    }

  if (!backup_to_file (dest, keep, error))
    {
      _sv_db_exec (dest, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }

  src = open_immutable (backup_path, error);
  if (src == NULL)
    return FALSE;
  backup = sqlite3_backup_init (dest->db, "main", src->db, "main");
  if (backup == NULL)
    rc = sqlite3_extended_errcode (dest->db);
  else
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_OK)
        rc = sqlite3_extended_errcode (dest->db);
    }
  if (rc != SQLITE_OK)
    {
      int code = rc & 0xff;

      _sv_db_exec (dest, "PRAGMA journal_mode = WAL", NULL);
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return in_use_error (library_dir, error);
      return _sv_db_set_error (dest, rc, error);
    }
  if (!_sv_db_exec (dest, "PRAGMA journal_mode = WAL", error))
    return FALSE;
  if (saved != NULL)
    *saved = g_steal_pointer (&keep);
  return TRUE;
}
