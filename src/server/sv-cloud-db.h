/* sv-cloud-db.h: the server's catalogue of accounts, sessions, blobs and
 * operations (narrow interface)
 *
 * Handlers only ever talk to this interface: no SQL outside the
 * implementation. Implementations: SvCloudDbSqlite. A PostgreSQL one would
 * implement the same vfuncs (see docs/server.md, "Scaling").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  char *username;
  char *password_hash;
  char *plan;
  gboolean disabled;
  gint64 created_usec;
  char *totp_secret; /* base32; NULL when two-factor was never started */
  gboolean totp_enabled;
} SvCloudAccount;

typedef struct
{
  char *id;
  gint64 account_id;
  char *device_name;
  char *client_address;
  gint64 created_usec;
  gint64 last_seen_usec;
} SvCloudSession;

typedef struct
{
  char *sha256;
  gint64 size;
  char *kind;    /* "photo" | "video" */
  char *variant; /* "original" | "space-saving" (a smaller copy) */
  gint64 created_usec;
} SvCloudBlobInfo;

void
sv_cloud_account_free (SvCloudAccount *account);
void
sv_cloud_session_free (SvCloudSession *session);
void
sv_cloud_blob_info_free (SvCloudBlobInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCloudAccount, sv_cloud_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCloudSession, sv_cloud_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCloudBlobInfo, sv_cloud_blob_info_free)

/* Checks, inside the operation transaction, that an item's blob may be used. */
typedef gboolean (*SvCloudBlobCheckFunc) (gpointer user_data,
                                          gint64 account_id,
                                          const char *sha256,
                                          const char *kind,
                                          GError **error);

#define SV_TYPE_CLOUD_DB (sv_cloud_db_get_type ())

G_DECLARE_INTERFACE (SvCloudDb, sv_cloud_db, SV, CLOUD_DB, GObject)

struct _SvCloudDbInterface
{
  GTypeInterface parent_iface;

  /* accounts */
  gboolean (*account_create) (SvCloudDb *self,
                              const char *username,
                              const char *password_hash,
                              const char *plan,
                              gint64 now_usec,
                              gint64 *id_out,
                              GError **error);
  SvCloudAccount *(*account_lookup) (SvCloudDb *self, const char *username, GError **error);
  SvCloudAccount *(*account_get) (SvCloudDb *self, gint64 id, GError **error);
  GPtrArray *(*account_list) (SvCloudDb *self, GError **error);
  gboolean (*account_update) (SvCloudDb *self, const SvCloudAccount *account, GError **error);
  gboolean (*account_use_totp_step) (SvCloudDb *self, gint64 id, gint64 step);
  gboolean (*account_delete) (SvCloudDb *self, gint64 id, GPtrArray *freed_blobs, GError **error);
  gboolean (*recovery_codes_set) (SvCloudDb *self,
                                  gint64 id,
                                  GPtrArray *code_hashes,
                                  GError **error);
  gboolean (*recovery_code_use) (SvCloudDb *self, gint64 id, const char *code_hash);

  /* sessions */
  char *(*session_create) (SvCloudDb *self,
                           gint64 account_id,
                           const char *token_hash,
                           const char *device_name,
                           const char *client_address,
                           gint64 now_usec,
                           GError **error);
  gboolean (*session_authenticate) (SvCloudDb *self,
                                    const char *token_hash,
                                    gint64 now_usec,
                                    gint64 *account_id_out,
                                    char **session_id_out);
  GPtrArray *(*session_list) (SvCloudDb *self, gint64 account_id, GError **error);
  gboolean (*session_revoke) (SvCloudDb *self,
                              gint64 account_id,
                              const char *session_id,
                              GError **error);
  gint (*session_revoke_others) (SvCloudDb *self,
                                 gint64 account_id,
                                 const char *keep_session_id,
                                 GError **error);

  /* blobs an account holds */
  SvCloudBlobInfo *(*blob_lookup) (SvCloudDb *self, gint64 account_id, const char *sha256);
  gboolean (*blob_add) (SvCloudDb *self,
                        gint64 account_id,
                        const SvCloudBlobInfo *info,
                        GError **error);
  gboolean (*blob_usage) (SvCloudDb *self,
                          gint64 account_id,
                          gint64 *photo_bytes,
                          gint64 *video_bytes,
                          GError **error);
  GPtrArray *(*blob_list) (SvCloudDb *self, gint64 account_id, GError **error);

  /* resumable uploads */
  gboolean (*upload_get) (SvCloudDb *self,
                          gint64 account_id,
                          const char *sha256,
                          gint64 *total_out);
  gboolean (*upload_set) (SvCloudDb *self,
                          gint64 account_id,
                          const char *sha256,
                          gint64 total,
                          gint64 now_usec,
                          GError **error);
  void (*upload_remove) (SvCloudDb *self, gint64 account_id, const char *sha256);

  /* operations, change feed, trash */
  JsonNode *(*ops_apply) (SvCloudDb *self,
                          gint64 account_id,
                          const char *device_id,
                          JsonArray *ops,
                          SvCloudBlobCheckFunc check_blob,
                          gpointer user_data,
                          GError **error);
  /* JSON text of one page of the change feed. */
  char *(
      *ops_changes) (SvCloudDb *self, gint64 account_id, gint64 since, guint limit, GError **error);
  JsonNode *(*ops_export) (SvCloudDb *self, gint64 account_id, GError **error);
  gboolean (*purge_expired) (SvCloudDb *self,
                             gint64 now_usec,
                             gint64 retention_usec,
                             gint64 grace_usec,
                             GPtrArray *freed_blobs,
                             GError **error);

  /* consistent copy while running */
  gboolean (*backup) (SvCloudDb *self, const char *dest_path, GError **error);
};

/* A new account; SV_ERROR_DUPLICATE when the name is taken. */
gboolean
sv_cloud_db_account_create (SvCloudDb *self,
                            const char *username,
                            const char *password_hash,
                            const char *plan,
                            gint64 now_usec,
                            gint64 *id_out,
                            GError **error);
/* NULL + SV_ERROR_NOT_FOUND when there is no such account. */
SvCloudAccount *
sv_cloud_db_account_lookup (SvCloudDb *self, const char *username, GError **error);
SvCloudAccount *
sv_cloud_db_account_get (SvCloudDb *self, gint64 id, GError **error);
/* SvCloudAccount*, sorted by name. */
GPtrArray *
sv_cloud_db_account_list (SvCloudDb *self, GError **error);
/* Writes password hash, plan, disabled and the two-factor fields. */
gboolean
sv_cloud_db_account_update (SvCloudDb *self, const SvCloudAccount *account, GError **error);
/* Records @step as the last TOTP step used; FALSE when @step is not newer
 * than the last one (a replayed code). Atomic. */
gboolean
sv_cloud_db_account_use_totp_step (SvCloudDb *self, gint64 id, gint64 step);
/* Removes the account, its sessions, codes, uploads, blobs and operations.
 * Appends to @freed_blobs (char*) the hashes nobody holds or references any
 * more; the caller deletes them from the blob store. */
gboolean
sv_cloud_db_account_delete (SvCloudDb *self, gint64 id, GPtrArray *freed_blobs, GError **error);
/* Replaces all recovery codes with @code_hashes (char*). */
gboolean
sv_cloud_db_recovery_codes_set (SvCloudDb *self, gint64 id, GPtrArray *code_hashes, GError **error);
/* Consumes a recovery code; FALSE when it is not (or no longer) valid. */
gboolean
sv_cloud_db_recovery_code_use (SvCloudDb *self, gint64 id, const char *code_hash);

/* Returns the new session's id. */
char *
sv_cloud_db_session_create (SvCloudDb *self,
                            gint64 account_id,
                            const char *token_hash,
                            const char *device_name,
                            const char *client_address,
                            gint64 now_usec,
                            GError **error);
/* Finds the session of a token hash (refusing disabled accounts) and
 * refreshes its last-seen time. */
gboolean
sv_cloud_db_session_authenticate (SvCloudDb *self,
                                  const char *token_hash,
                                  gint64 now_usec,
                                  gint64 *account_id_out,
                                  char **session_id_out);
/* SvCloudSession*, newest first. */
GPtrArray *
sv_cloud_db_session_list (SvCloudDb *self, gint64 account_id, GError **error);
/* SV_ERROR_NOT_FOUND when the session is not one of @account_id's. */
gboolean
sv_cloud_db_session_revoke (SvCloudDb *self,
                            gint64 account_id,
                            const char *session_id,
                            GError **error);
/* Revokes every session of @account_id but @keep_session_id (NULL: all);
 * returns how many, or -1 on error. */
gint
sv_cloud_db_session_revoke_others (SvCloudDb *self,
                                   gint64 account_id,
                                   const char *keep_session_id,
                                   GError **error);

/* The complete blob @sha256 as @account_id holds it, or NULL. */
SvCloudBlobInfo *
sv_cloud_db_blob_lookup (SvCloudDb *self, gint64 account_id, const char *sha256);
gboolean
sv_cloud_db_blob_add (SvCloudDb *self,
                      gint64 account_id,
                      const SvCloudBlobInfo *info,
                      GError **error);
/* Exact bytes per kind, each blob counted once. */
gboolean
sv_cloud_db_blob_usage (SvCloudDb *self,
                        gint64 account_id,
                        gint64 *photo_bytes,
                        gint64 *video_bytes,
                        GError **error);
/* SvCloudBlobInfo* of @account_id sorted by hash; @account_id 0: every stored blob. */
GPtrArray *
sv_cloud_db_blob_list (SvCloudDb *self, gint64 account_id, GError **error);

/* The declared total size of an upload in progress. */
gboolean
sv_cloud_db_upload_get (SvCloudDb *self, gint64 account_id, const char *sha256, gint64 *total_out);
gboolean
sv_cloud_db_upload_set (SvCloudDb *self,
                        gint64 account_id,
                        const char *sha256,
                        gint64 total,
                        gint64 now_usec,
                        GError **error);
void
sv_cloud_db_upload_remove (SvCloudDb *self, gint64 account_id, const char *sha256);

/* See src/server/ops/sv-cloud-ops.h and docs/protocol-ops.md. */
JsonNode *
sv_cloud_db_ops_apply (SvCloudDb *self,
                       gint64 account_id,
                       const char *device_id,
                       JsonArray *ops,
                       SvCloudBlobCheckFunc check_blob,
                       gpointer user_data,
                       GError **error);
char *
sv_cloud_db_ops_changes (SvCloudDb *self,
                         gint64 account_id,
                         gint64 since,
                         guint limit,
                         GError **error);
JsonNode *
sv_cloud_db_ops_export (SvCloudDb *self, gint64 account_id, GError **error);
/* Purges items trashed before @now_usec - @retention_usec; blobs no item
 * references any more are dropped from the accounts that uploaded them more
 * than @grace_usec ago, and appended to @freed_blobs when nobody holds them. */
gboolean
sv_cloud_db_purge_expired (SvCloudDb *self,
                           gint64 now_usec,
                           gint64 retention_usec,
                           gint64 grace_usec,
                           GPtrArray *freed_blobs,
                           GError **error);

gboolean
sv_cloud_db_backup (SvCloudDb *self, const char *dest_path, GError **error);

G_END_DECLS
