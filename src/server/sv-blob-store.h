/* sv-blob-store.h: content-addressed blob storage (narrow interface)
 *
 * Blobs are named by their SHA-256 (64 lower-case hex digits, checked by the
 * caller with sv_sha256_hex_is_valid()). Partial uploads are keyed by account
 * and hash so two accounts uploading the same bytes never share a partial file.
 * Implementations: SvBlobStoreFs (a folder). An S3-compatible store would map
 * partial uploads to multipart uploads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SV_TYPE_BLOB_STORE (sv_blob_store_get_type ())

G_DECLARE_INTERFACE (SvBlobStore, sv_blob_store, SV, BLOB_STORE, GObject)

struct _SvBlobStoreInterface
{
  GTypeInterface parent_iface;

  gboolean (*has) (SvBlobStore *self, const char *sha256, guint64 *size_out);
  GInputStream *(*open_read) (SvBlobStore *self,
                              const char *sha256,
                              guint64 offset,
                              GError **error);
  gboolean (*remove) (SvBlobStore *self, const char *sha256, GError **error);

  guint64 (*partial_size) (SvBlobStore *self, gint64 account_id, const char *sha256);
  GOutputStream *(*partial_append) (SvBlobStore *self,
                                    gint64 account_id,
                                    const char *sha256,
                                    guint64 offset,
                                    GError **error);
  GInputStream *(*partial_read) (SvBlobStore *self,
                                 gint64 account_id,
                                 const char *sha256,
                                 GError **error);
  gboolean (*partial_commit) (SvBlobStore *self,
                              gint64 account_id,
                              const char *sha256,
                              GError **error);
  void (*partial_discard) (SvBlobStore *self, gint64 account_id, const char *sha256);
};

/* TRUE when the complete blob is stored; @size_out (optional) gets its length. */
gboolean
sv_blob_store_has (SvBlobStore *self, const char *sha256, guint64 *size_out);
/* A stream positioned at @offset. */
GInputStream *
sv_blob_store_open_read (SvBlobStore *self, const char *sha256, guint64 offset, GError **error);
gboolean
sv_blob_store_remove (SvBlobStore *self, const char *sha256, GError **error);

/* Bytes of the partial upload that are safely stored (0 when none). */
guint64
sv_blob_store_partial_size (SvBlobStore *self, gint64 account_id, const char *sha256);
/* Appends from @offset, which must equal the partial size (else
 * G_IO_ERROR_INVALID_ARGUMENT). Close the stream to flush it to disk. */
GOutputStream *
sv_blob_store_partial_append (SvBlobStore *self,
                              gint64 account_id,
                              const char *sha256,
                              guint64 offset,
                              GError **error);
/* Reads the partial upload from its start (to check its hash and kind). */
GInputStream *
sv_blob_store_partial_read (SvBlobStore *self,
                            gint64 account_id,
                            const char *sha256,
                            GError **error);
/* Makes the partial upload the blob @sha256 (the caller has checked the hash),
 * durably: fdatasync, rename, fsync of the folder. Equal bytes already stored
 * are kept once. */
gboolean
sv_blob_store_partial_commit (SvBlobStore *self,
                              gint64 account_id,
                              const char *sha256,
                              GError **error);
void
sv_blob_store_partial_discard (SvBlobStore *self, gint64 account_id, const char *sha256);

G_END_DECLS
