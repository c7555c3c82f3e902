/* sv-cloud-config.h: souvenir-cloud settings (plans, limits, retention)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sv-blob-kind.h"

G_BEGIN_DECLS

#define SV_CLOUD_GB G_GINT64_CONSTANT (1000000000)

typedef struct
{
  char *id;
  gint64 limit_bytes;    /* -1: no limit */
  gboolean counts_photo; /* photos count against limit_bytes */
  gboolean counts_video; /* videos count against limit_bytes */
} SvCloudPlan;

typedef struct
{
  GPtrArray *plans; /* SvCloudPlan*, the built-in four first */
  char *default_plan;

  /* [trash] */
  gint64 retention_usec;
  guint purge_interval_seconds;
  gint64 orphan_grace_usec; /* uploaded blobs no item references yet are kept this long */

  /* [limits] */
  gint64 max_json_bytes;
  gint64 max_ops_bytes;
  guint max_json_depth;
  gint64 max_blob_bytes;
  guint header_timeout_seconds;    /* request line and headers, also idle keep-alive */
  guint body_idle_timeout_seconds; /* longest pause inside a request body */
  guint max_thumbnail_pixels;      /* in megapixels */
  guint max_batch_hashes;
  gint64 upload_queue_bytes; /* per upload, waiting for the disk; reading pauses above */

  /* [storage] */
  gboolean durable_writes; /* fsync completed uploads (never turn off in production) */

  /* [security] */
  guint64 pwhash_opslimit;
  gsize pwhash_memlimit;
  guint login_free_attempts_account;
  guint login_free_attempts_address;
  guint login_max_delay_seconds;
  gboolean trust_forwarded_for;
} SvCloudConfig;

/* Defaults (the production Argon2id INTERACTIVE limits). */
SvCloudConfig *
sv_cloud_config_new (void);
/* Reads @path over the defaults; a missing file is an error only when
 * @must_exist. Unknown keys are ignored, bad values are errors naming the key. */
SvCloudConfig *
sv_cloud_config_load (const char *path, gboolean must_exist, GError **error);
void
sv_cloud_config_free (SvCloudConfig *self);

const SvCloudPlan *
sv_cloud_config_get_plan (const SvCloudConfig *self, const char *id);

/* TRUE when adding @size bytes of @kind to the given usage stays in @plan.
 * @photo_bytes and @video_bytes are the account's current usage. */
gboolean
sv_cloud_plan_allows (const SvCloudPlan *plan,
                      gint64 photo_bytes,
                      gint64 video_bytes,
                      SvBlobKind kind,
                      gint64 size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCloudConfig, sv_cloud_config_free)

G_END_DECLS
