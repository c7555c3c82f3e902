/* sv-cloud-db.c: the server's catalogue (narrow interface)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-db"

#include "config.h"

#include "sv-cloud-db.h"

G_DEFINE_INTERFACE (SvCloudDb, sv_cloud_db, G_TYPE_OBJECT)

static void
sv_cloud_db_default_init (SvCloudDbInterface *iface)
{
}

void
sv_cloud_account_free (SvCloudAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  g_free (account->password_hash);
  g_free (account->plan);
  g_free (account->totp_secret);
  g_free (account);
}

void
sv_cloud_session_free (SvCloudSession *session)
{
  if (session == NULL)
    return;
  g_free (session->id);
  g_free (session->device_name);
  g_free (session->client_address);
  g_free (session);
}

void
sv_cloud_blob_info_free (SvCloudBlobInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info->kind);
  g_free (info->variant);
  g_free (info);
}

gboolean
sv_cloud_db_account_create (SvCloudDb *self,
                            const char *username,
                            const char *password_hash,
                            const char *plan,
                            gint64 now_usec,
                            gint64 *id_out,
                            GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->account_create (self, username, password_hash, plan,
                                                       now_usec, id_out, error);
}

SvCloudAccount *
sv_cloud_db_account_lookup (SvCloudDb *self, const char *username, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->account_lookup (self, username, error);
}

SvCloudAccount *
sv_cloud_db_account_get (SvCloudDb *self, gint64 id, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->account_get (self, id, error);
}

GPtrArray *
sv_cloud_db_account_list (SvCloudDb *self, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->account_list (self, error);
}

gboolean
sv_cloud_db_account_update (SvCloudDb *self, const SvCloudAccount *account, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->account_update (self, account, error);
}

gboolean
sv_cloud_db_account_use_totp_step (SvCloudDb *self, gint64 id, gint64 step)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->account_use_totp_step (self, id, step);
}

gboolean
sv_cloud_db_account_delete (SvCloudDb *self, gint64 id, GPtrArray *freed_blobs, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->account_delete (self, id, freed_blobs, error);
}

gboolean
sv_cloud_db_recovery_codes_set (SvCloudDb *self, gint64 id, GPtrArray *code_hashes, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->recovery_codes_set (self, id, code_hashes, error);
}

gboolean
sv_cloud_db_recovery_code_use (SvCloudDb *self, gint64 id, const char *code_hash)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->recovery_code_use (self, id, code_hash);
}

char *
sv_cloud_db_session_create (SvCloudDb *self,
                            gint64 account_id,
                            const char *token_hash,
                            const char *device_name,
                            const char *client_address,
                            gint64 now_usec,
                            GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->session_create (self, account_id, token_hash, device_name,
                                                       client_address, now_usec, error);
}

gboolean
sv_cloud_db_session_authenticate (SvCloudDb *self,
                                  const char *token_hash,
                                  gint64 now_usec,
                                  gint64 *account_id_out,
                                  char **session_id_out)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->session_authenticate (self, token_hash, now_usec,
                                                             account_id_out, session_id_out);
}

GPtrArray *
sv_cloud_db_session_list (SvCloudDb *self, gint64 account_id, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->session_list (self, account_id, error);
}

gboolean
sv_cloud_db_session_revoke (SvCloudDb *self,
                            gint64 account_id,
                            const char *session_id,
                            GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->session_revoke (self, account_id, session_id, error);
}

gint
sv_cloud_db_session_revoke_others (SvCloudDb *self,
                                   gint64 account_id,
                                   const char *keep_session_id,
                                   GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), -1);
  return SV_CLOUD_DB_GET_IFACE (self)->session_revoke_others (self, account_id, keep_session_id,
                                                              error);
}

SvCloudBlobInfo *
sv_cloud_db_blob_lookup (SvCloudDb *self, gint64 account_id, const char *sha256)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->blob_lookup (self, account_id, sha256);
}

gboolean
sv_cloud_db_blob_add (SvCloudDb *self,
                      gint64 account_id,
                      const SvCloudBlobInfo *info,
                      GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->blob_add (self, account_id, info, error);
}

gboolean
sv_cloud_db_blob_usage (SvCloudDb *self,
                        gint64 account_id,
                        gint64 *photo_bytes,
                        gint64 *video_bytes,
                        GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->blob_usage (self, account_id, photo_bytes, video_bytes,
                                                   error);
}

GPtrArray *
sv_cloud_db_blob_list (SvCloudDb *self, gint64 account_id, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->blob_list (self, account_id, error);
}

gboolean
sv_cloud_db_upload_get (SvCloudDb *self, gint64 account_id, const char *sha256, gint64 *total_out)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->upload_get (self, account_id, sha256, total_out);
}

gboolean
sv_cloud_db_upload_set (SvCloudDb *self,
                        gint64 account_id,
                        const char *sha256,
                        gint64 total,
                        gint64 now_usec,
                        GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->upload_set (self, account_id, sha256, total, now_usec,
                                                   error);
}

void
sv_cloud_db_upload_remove (SvCloudDb *self, gint64 account_id, const char *sha256)
{
  g_return_if_fail (SV_IS_CLOUD_DB (self));
  SV_CLOUD_DB_GET_IFACE (self)->upload_remove (self, account_id, sha256);
}

JsonNode *
sv_cloud_db_ops_apply (SvCloudDb *self,
                       gint64 account_id,
                       const char *device_id,
                       JsonArray *ops,
                       SvCloudBlobCheckFunc check_blob,
                       gpointer user_data,
                       GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->ops_apply (self, account_id, device_id, ops, check_blob,
                                                  user_data, error);
}

char *
sv_cloud_db_ops_changes (SvCloudDb *self,
                         gint64 account_id,
                         gint64 since,
                         guint limit,
                         GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->ops_changes (self, account_id, since, limit, error);
}

JsonNode *
sv_cloud_db_ops_export (SvCloudDb *self, gint64 account_id, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), NULL);
  return SV_CLOUD_DB_GET_IFACE (self)->ops_export (self, account_id, error);
}

gboolean
sv_cloud_db_purge_expired (SvCloudDb *self,
                           gint64 now_usec,
                           gint64 retention_usec,
                           gint64 grace_usec,
                           GPtrArray *freed_blobs,
                           GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->purge_expired (self, now_usec, retention_usec, grace_usec,
                                                      freed_blobs, error);
}

gboolean
sv_cloud_db_backup (SvCloudDb *self, const char *dest_path, GError **error)
{
  g_return_val_if_fail (SV_IS_CLOUD_DB (self), FALSE);
  return SV_CLOUD_DB_GET_IFACE (self)->backup (self, dest_path, error);
}
