/* sv-cloud-ops.h: souvenir-cloud's operations engine (change feed, conflict
 * rules, convergence, server trash). Pure logic over an sqlite3 handle that
 * the server opens (WAL, foreign keys on); no HTTP here.
 *
 * The op format, the conflict rules and the rejection codes are documented
 * in docs/protocol-ops.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Most ops one apply call takes. */
#define SV_CLOUD_OPS_MAX_BATCH 1000
/* Most changes one page of the feed returns. */
#define SV_CLOUD_OPS_MAX_PAGE 1000
/* Default server trash retention (30 days). */
#define SV_CLOUD_OPS_DEFAULT_RETENTION_USEC (G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC)
/* How far in the future of the server's clock an op's HLC may be. */
#define SV_CLOUD_OPS_MAX_CLOCK_SKEW_USEC (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

typedef struct
{
  /* Called inside the apply transaction for a create-item op. Must check that
   * @account_id owns a complete blob @sha256 (uploaded by this account) and
   * that its sniffed kind equals @kind ("photo"|"video"); return FALSE +
   * error (SV_ERROR_NOT_FOUND / SV_ERROR_INVALID_ARGUMENT / SV_ERROR_TOO_LARGE
   * for quota) to reject the op. NULL = accept every blob. */
  gboolean (*check_blob) (gpointer user_data,
                          gint64 account_id,
                          const char *sha256,
                          const char *kind,
                          GError **error);
  gpointer user_data;
  /* Clock in microseconds since the epoch; NULL = real time (tests simulate
   * time). */
  gint64 (*now_usec) (gpointer user_data);
} SvCloudOpsHooks;

/* Creates/updates the engine's own tables (prefixed ops_/item_/album_) in the
 * server db. Idempotent; the server calls it inside its migrations (it opens
 * no transaction of its own when one is already open). */
gboolean
sv_cloud_ops_migrate (sqlite3 *db, GError **error);

/* @ops: JSON array of operation objects (docs/protocol-ops.md). @device_id:
 * the uploading session's device (recorded, may be NULL). @hooks may be NULL.
 * Returns {"results": [{"op_id", "status": "applied"|"duplicate"|"rejected",
 * "seq"?, "error"?: {"code","message"}}], "last_seq": N}. FALSE + error only
 * for a malformed request as a whole (SV_ERROR_INVALID_ARGUMENT) or a database
 * failure (SV_ERROR_DATABASE, nothing applied). */
JsonNode *
sv_cloud_ops_apply (sqlite3 *db,
                    gint64 account_id,
                    const char *device_id,
                    JsonArray *ops,
                    const SvCloudOpsHooks *hooks,
                    GError **error);

/* {"changes": [ {seq, op...} ], "next": N, "more": bool} for seq > @since,
 * at most @limit (clamped 1..1000). */
/* The same page as JSON text, built without parsing the log again: what
 * the server sends. */
char *
sv_cloud_ops_changes_text (sqlite3 *db,
                           gint64 account_id,
                           gint64 since,
                           guint limit,
                           GError **error);
JsonNode *
sv_cloud_ops_changes (sqlite3 *db, gint64 account_id, gint64 since, guint limit, GError **error);

/* Purges items trashed more than @retention_usec before @now_usec (all
 * accounts), logging a server-made item.purge op for each so clients learn it.
 * Also drains the blobs left over by client item.purge ops. Appends to
 * @unreferenced (char*, caller frees with the array's free func, e.g.
 * g_ptr_array_new_with_free_func (g_free)) the blob hashes that no item of ANY
 * account (live or trashed) references any more. */
gboolean
sv_cloud_ops_purge_expired (sqlite3 *db,
                            gint64 now_usec,
                            gint64 retention_usec,
                            GPtrArray *unreferenced,
                            GError **error);

/* Deletes all of an account's items/albums/persons/ops; appends blob hashes
 * no longer referenced by anyone to @unreferenced. */
gboolean
sv_cloud_ops_delete_account (sqlite3 *db,
                             gint64 account_id,
                             GPtrArray *unreferenced,
                             GError **error);

/* Current state of an account (items with all fields, albums with members,
 * persons) as JSON for export; deterministic (sorted by id). */
JsonNode *
sv_cloud_ops_export (sqlite3 *db, gint64 account_id, GError **error);

/* TRUE when @account_id has an item (live or in the trash, not purged) whose
 * blob is @sha256: authorises thumbnail/blob reads through items. */
gboolean
sv_cloud_ops_account_references_blob (sqlite3 *db, gint64 account_id, const char *sha256);

/* TRUE when any account's item (live or in the trash) references @sha256:
 * the server must not delete such a blob. */
gboolean
sv_cloud_ops_blob_is_referenced (sqlite3 *db, const char *sha256);

G_END_DECLS
