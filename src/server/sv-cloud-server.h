/* sv-cloud-server.h: the souvenir-cloud HTTP API on a SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-blob-store.h"
#include "sv-cloud-config.h"
#include "sv-cloud-db.h"

G_BEGIN_DECLS

#define SV_TYPE_CLOUD_SERVER (sv_cloud_server_get_type ())

G_DECLARE_FINAL_TYPE (SvCloudServer, sv_cloud_server, SV, CLOUD_SERVER, GObject)

/* Takes ownership of @config. @cache_dir holds the server-made thumbnails. */
SvCloudServer *
sv_cloud_server_new (SvCloudDb *db,
                     SvBlobStore *store,
                     SvCloudConfig *config,
                     const char *cache_dir,
                     GError **error);

/* Starts listening; @port 0 picks a free port, returned in @port_out. With
 * @tls_certificate the server speaks HTTPS only. Also starts the trash job. */
gboolean
sv_cloud_server_listen (SvCloudServer *self,
                        const char *host,
                        guint16 port,
                        GTlsCertificate *tls_certificate,
                        guint16 *port_out,
                        GError **error);

/* One run of the trash job at @now_usec: purges expired items and deletes
 * blobs nobody holds or references any more. Returns how many blobs were
 * deleted, or -1 on error. */
gint
sv_cloud_server_purge (SvCloudServer *self, gint64 now_usec, GError **error);

/* Handles one request without a network connection (fuzzing and tests):
 * @headers are "Name: value" lines separated by "\r\n". Streaming bodies
 * (downloads, exports, thumbnails) are not produced; the status and the JSON
 * body are. Returns the status; @body_out receives the response body. */
guint
sv_cloud_server_handle_direct (SvCloudServer *self,
                               const char *method,
                               const char *path_and_query,
                               const char *headers,
                               const guint8 *body,
                               gsize body_len,
                               char **body_out);

G_END_DECLS
