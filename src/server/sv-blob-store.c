/* sv-blob-store.c: content-addressed blob storage (narrow interface)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-blob-store"

#include "config.h"

#include "sv-blob-store.h"

G_DEFINE_INTERFACE (SvBlobStore, sv_blob_store, G_TYPE_OBJECT)

static void
sv_blob_store_default_init (SvBlobStoreInterface *iface)
{
}

gboolean
sv_blob_store_has (SvBlobStore *self, const char *sha256, guint64 *size_out)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  return SV_BLOB_STORE_GET_IFACE (self)->has (self, sha256, size_out);
}

GInputStream *
sv_blob_store_open_read (SvBlobStore *self, const char *sha256, guint64 offset, GError **error)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  return SV_BLOB_STORE_GET_IFACE (self)->open_read (self, sha256, offset, error);
}

gboolean
sv_blob_store_remove (SvBlobStore *self, const char *sha256, GError **error)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  return SV_BLOB_STORE_GET_IFACE (self)->remove (self, sha256, error);
}

guint64
sv_blob_store_partial_size (SvBlobStore *self, gint64 account_id, const char *sha256)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), 0);
  g_return_val_if_fail (sha256 != NULL, 0);
  return SV_BLOB_STORE_GET_IFACE (self)->partial_size (self, account_id, sha256);
}

GOutputStream *
sv_blob_store_partial_append (SvBlobStore *self,
                              gint64 account_id,
                              const char *sha256,
                              guint64 offset,
                              GError **error)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  return SV_BLOB_STORE_GET_IFACE (self)->partial_append (self, account_id, sha256, offset, error);
}

GInputStream *
sv_blob_store_partial_read (SvBlobStore *self,
                            gint64 account_id,
                            const char *sha256,
                            GError **error)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  return SV_BLOB_STORE_GET_IFACE (self)->partial_read (self, account_id, sha256, error);
}

gboolean
sv_blob_store_partial_commit (SvBlobStore *self,
                              gint64 account_id,
                              const char *sha256,
                              GError **error)
{
  g_return_val_if_fail (SV_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  return SV_BLOB_STORE_GET_IFACE (self)->partial_commit (self, account_id, sha256, error);
}

void
sv_blob_store_partial_discard (SvBlobStore *self, gint64 account_id, const char *sha256)
{
  g_return_if_fail (SV_IS_BLOB_STORE (self));
  g_return_if_fail (sha256 != NULL);
  SV_BLOB_STORE_GET_IFACE (self)->partial_discard (self, account_id, sha256);
}
