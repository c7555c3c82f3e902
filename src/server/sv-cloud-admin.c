/* sv-cloud-admin.c: offline administration (accounts, backup, restore, trash)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-admin"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sv-blob-store-fs.h"
#include "sv-cloud-admin.h"
#include "sv-cloud-auth.h"
#include "sv-cloud-db-sqlite.h"
#include "sv-error.h"
#include "sv-hash.h"

SvCloudExit
sv_cloud_exit_for_error (const GError *error)
{
  if (error == NULL)
    return SV_CLOUD_EXIT_OK;
  if (error->domain == SV_ERROR)
    {
      switch (error->code)
        {
          case SV_ERROR_NOT_FOUND:
            return SV_CLOUD_EXIT_NOT_FOUND;
          case SV_ERROR_INVALID_ARGUMENT:
            return SV_CLOUD_EXIT_USAGE;
          case SV_ERROR_CORRUPT:
          case SV_ERROR_NEWER_CATALOGUE:
            return SV_CLOUD_EXIT_BAD_BACKUP;
          default:
            return SV_CLOUD_EXIT_FAILED;
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    return SV_CLOUD_EXIT_IN_USE;
  return SV_CLOUD_EXIT_FAILED;
}

int
sv_cloud_lock_data_dir (const char *data_dir, GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, SV_CLOUD_LOCK_NAME, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not open “%s”: %s"), path,
                   g_strerror (errsv));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _ ("The data folder “%s” is in use by a running souvenir-cloud. Stop it first."),
                   data_dir);
      return -1;
    }
  return fd;
}

gboolean
sv_cloud_username_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '.' || c == '-' || c == '_' ||
            c == '@'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_password (const char *password, GError **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < 8)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The password must have at least 8 characters."));
      return FALSE;
    }
  if (strlen (password) > SV_CLOUD_MAX_PASSWORD_LEN || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The password is too long or not valid text."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_plan (const SvCloudConfig *config, const char *plan, GError **error)
{
  if (sv_cloud_config_get_plan (config, plan) == NULL)
    {
      g_autoptr (GString) ids = g_string_new (NULL);

      for (guint i = 0; i < config->plans->len; i++)
        {
          const SvCloudPlan *p = g_ptr_array_index (config->plans, i);

          if (ids->len > 0)
            g_string_append (ids, ", ");
          g_string_append (ids, p->id);
        }
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("There is no plan “%s”. The plans are: %s."), plan, ids->str);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_cloud_admin_user_add (SvCloudDb *db,
                         const SvCloudConfig *config,
                         const char *name,
                         const char *password,
                         const char *plan,
                         GError **error)
{
  g_autofree char *hash = NULL;

  if (!sv_cloud_username_is_valid (name))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” cannot be an account name: use 1 to 64 lower-case letters, digits, "
                      "“.”, “-”, “_” or “@”."),
                   name);
      return FALSE;
    }
  if (plan == NULL)
    plan = config->default_plan;
  if (!check_plan (config, plan, error) || !check_password (password, error))
    return FALSE;
  hash = sv_cloud_password_hash (password, config->pwhash_opslimit, config->pwhash_memlimit, error);
  if (hash == NULL)
    return FALSE;
  return sv_cloud_db_account_create (db, name, hash, plan, g_get_real_time (), NULL, error);
}

static SvCloudAccount *
lookup (SvCloudDb *db, const char *name, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SvCloudAccount *account = sv_cloud_db_account_lookup (db, name, &local_error);

  if (account == NULL)
    {
      if (g_error_matches (local_error, SV_ERROR, SV_ERROR_NOT_FOUND))
        g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no account “%s”."), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return account;
}

gboolean
sv_cloud_admin_user_passwd (SvCloudDb *db,
                            const SvCloudConfig *config,
                            const char *name,
                            const char *password,
                            GError **error)
{
  g_autoptr (SvCloudAccount) account = lookup (db, name, error);
  g_autofree char *hash = NULL;

  if (account == NULL || !check_password (password, error))
    return FALSE;
  hash = sv_cloud_password_hash (password, config->pwhash_opslimit, config->pwhash_memlimit, error);
  if (hash == NULL)
    return FALSE;
  g_free (account->password_hash);
  account->password_hash = g_steal_pointer (&hash);
  if (!sv_cloud_db_account_update (db, account, error))
    return FALSE;
  /* A new password signs every device out. */
  return sv_cloud_db_session_revoke_others (db, account->id, NULL, error) >= 0;
}

gboolean
sv_cloud_admin_user_plan (SvCloudDb *db,
                          const SvCloudConfig *config,
                          const char *name,
                          const char *plan,
                          GError **error)
{
  g_autoptr (SvCloudAccount) account = lookup (db, name, error);

  if (account == NULL || !check_plan (config, plan, error))
    return FALSE;
  g_free (account->plan);
  account->plan = g_strdup (plan);
  return sv_cloud_db_account_update (db, account, error);
}

gboolean
sv_cloud_admin_user_disable (SvCloudDb *db, const char *name, gboolean disabled, GError **error)
{
  g_autoptr (SvCloudAccount) account = lookup (db, name, error);

  if (account == NULL)
    return FALSE;
  account->disabled = disabled;
  if (!sv_cloud_db_account_update (db, account, error))
    return FALSE;
  return !disabled || sv_cloud_db_session_revoke_others (db, account->id, NULL, error) >= 0;
}

char *
sv_cloud_admin_user_list (SvCloudDb *db, const SvCloudConfig *config, GError **error)
{
  g_autoptr (GPtrArray) accounts = sv_cloud_db_account_list (db, error);
  g_autoptr (GString) out = NULL;

  if (accounts == NULL)
    return NULL;
  out = g_string_new (NULL);
  g_string_append_printf (out, "%-32s %-10s %-8s %-4s %14s %14s\n", _ ("NAME"), _ ("PLAN"),
                          _ ("STATE"), _ ("2FA"), _ ("PHOTOS"), _ ("VIDEOS"));
  for (guint i = 0; i < accounts->len; i++)
    {
      SvCloudAccount *a = g_ptr_array_index (accounts, i);
      gint64 photo = 0, video = 0;

      sv_cloud_db_blob_usage (db, a->id, &photo, &video, NULL);
      g_string_append_printf (
          out, "%-32s %-10s %-8s %-4s %14" G_GINT64_FORMAT " %14" G_GINT64_FORMAT "\n", a->username,
          a->plan, a->disabled ? _ ("disabled") : _ ("active"),
          a->totp_enabled ? _ ("yes") : _ ("no"), photo, video);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
fsync_path (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gboolean
sv_cloud_admin_backup (SvCloudDb *db, const char *dest, GError **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".tmp", NULL);

  g_unlink (tmp);
  if (!sv_cloud_db_backup (db, tmp, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (!sv_cloud_db_sqlite_check_backup (tmp, NULL, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (!fsync_path (tmp) || g_rename (tmp, dest) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not write the backup file “%s”: %s"),
                   dest, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_blob (SvBlobStoreFs *store, const char *blobs_from, const char *sha, GError **error)
{
  g_autofree char *dest = sv_blob_store_fs_get_path (store, sha);
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *tmp = g_strconcat (dest, ".restore", NULL);
  g_autofree char *src = g_build_filename (blobs_from, (char[]){ sha[0], sha[1], '\0' },
                                           (char[]){ sha[2], sha[3], '\0' }, sha, NULL);
  g_autoptr (GFile) src_file = g_file_new_for_path (src);
  g_autoptr (GFile) tmp_file = g_file_new_for_path (tmp);
  g_autofree char *hash = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_copy (src_file, tmp_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  hash = sv_sha256_file_hex (tmp, NULL, NULL, error);
  if (hash == NULL)
    return FALSE;
  if (!g_str_equal (hash, sha))
    {
      g_unlink (tmp);
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The file “%s” is damaged."), src);
      return FALSE;
    }
  if (!fsync_path (tmp) || g_rename (tmp, dest) != 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not copy “%s”."), src);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_cloud_admin_restore (const char *data_dir,
                        const char *backup,
                        const char *blobs_from,
                        GError **error)
{
  g_autoptr (GPtrArray) blobs =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_cloud_blob_info_free);
  g_autoptr (SvBlobStoreFs) store = NULL;
  g_autofree char *db_path = g_build_filename (data_dir, SV_CLOUD_DB_NAME, NULL);
  g_autofree char *tmp = g_strconcat (db_path, ".restore", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
  g_autoptr (GFile) src = g_file_new_for_path (backup);
  g_autoptr (GFile) tmp_file = g_file_new_for_path (tmp);
  guint missing = 0;
  const char *first_missing = NULL;

  if (!sv_cloud_db_sqlite_check_backup (backup, blobs, error))
    return FALSE;
  store = sv_blob_store_fs_new (data_dir, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; i < blobs->len; i++)
    {
      SvCloudBlobInfo *info = g_ptr_array_index (blobs, i);
      guint64 size = 0;

      if (!sv_sha256_hex_is_valid (info->sha256))
        {
          g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT, _ ("The backup “%s” is damaged."),
                       backup);
          return FALSE;
        }
      if (sv_blob_store_has (SV_BLOB_STORE (store), info->sha256, &size) &&
          size == (guint64) info->size)
        continue;
      if (blobs_from != NULL && copy_blob (store, blobs_from, info->sha256, NULL))
        continue;
      missing++;
      if (first_missing == NULL)
        first_missing = info->sha256;
    }
  if (missing > 0)
    {
      g_set_error (
          error, SV_ERROR, SV_ERROR_CORRUPT,
          g_dngettext (GETTEXT_PACKAGE,
                       "%u stored file listed in the backup is missing or damaged (%s). Copy "
                       "the blobs folder back first, or give --blobs-from.",
                       "%u stored files listed in the backup are missing or damaged (first: "
                       "%s). Copy the blobs folder back first, or give --blobs-from.",
                       missing),
          missing, first_missing);
      return FALSE;
    }

  if (!g_file_copy (src, tmp_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  if (!fsync_path (tmp))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not write “%s”."), tmp);
      return FALSE;
    }
  g_unlink (wal);
  g_unlink (shm);
  if (g_rename (tmp, db_path) != 0)
    {
      int errsv = errno;

      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not write “%s”: %s"), db_path,
                   g_strerror (errsv));
      return FALSE;
    }
  fsync_path (data_dir);
  return TRUE;
}
