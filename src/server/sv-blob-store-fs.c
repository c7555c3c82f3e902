/* sv-blob-store-fs.c: SvBlobStore in a folder (DIR/blobs/ab/cd/<sha256>)
 *
 * Partial uploads are DIR/uploads/<account>-<sha256>.part. Completion is
 * crash-safe: fdatasync of the file, rename into place, fsync of the folder.
 * With durable writes, the kernel is asked to write an upload out while it
 * arrives (sync_file_range), so that the final fdatasync has little left to
 * wait for. The folder a blob goes to is made when its upload starts, so
 * that completion only renames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-blob-store-fs"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv-blob-store-fs.h"
#include "sv-error.h"
#include "sv-hash.h"

/* Write-back is started every WRITEBACK_STEP bytes, and waited for one step
 * later: at most two steps are left for the final fdatasync. */
#define WRITEBACK_STEP (512 * 1024)

/* A file output stream that starts write-back every WRITEBACK_STEP bytes. */
#define SV_TYPE_WRITEBACK_STREAM (sv_writeback_stream_get_type ())
G_DECLARE_FINAL_TYPE (SvWritebackStream,
                      sv_writeback_stream,
                      SV,
                      WRITEBACK_STREAM,
                      GUnixOutputStream)

struct _SvWritebackStream
{
  GUnixOutputStream parent_instance;

  goffset offset;  /* end of the file */
  goffset started; /* write-back started up to here */
  goffset synced;  /* written out up to here */
};

G_DEFINE_FINAL_TYPE (SvWritebackStream, sv_writeback_stream, G_TYPE_UNIX_OUTPUT_STREAM)

static void
writeback_stream_wrote (SvWritebackStream *self, gssize n)
{
  if (n <= 0)
    return;
  self->offset += n;
#ifdef SYNC_FILE_RANGE_WRITE
  if (self->offset - self->started >= WRITEBACK_STEP)
    {
      int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (self));

      /* Only hints: the fdatasync at completion is what makes the file
       * durable. Waiting for the previous step keeps the dirty tail short
       * (this runs in the writer thread, not on the main loop). */
      if (self->started > self->synced)
        sync_file_range (fd, self->synced, self->started - self->synced,
                         SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                             SYNC_FILE_RANGE_WAIT_AFTER);
      self->synced = self->started;
      sync_file_range (fd, self->started, self->offset - self->started, SYNC_FILE_RANGE_WRITE);
      self->started = self->offset;
    }
#endif
}

static gssize
sv_writeback_stream_write (GOutputStream *stream,
                           const void *buffer,
                           gsize count,
                           GCancellable *cancellable,
                           GError **error)
{
  gssize n = G_OUTPUT_STREAM_CLASS (sv_writeback_stream_parent_class)
                 ->write_fn (stream, buffer, count, cancellable, error);

  writeback_stream_wrote (SV_WRITEBACK_STREAM (stream), n);
  return n;
}

static gboolean
sv_writeback_stream_writev (GOutputStream *stream,
                            const GOutputVector *vectors,
                            gsize n_vectors,
                            gsize *bytes_written,
                            GCancellable *cancellable,
                            GError **error)
{
  gsize n = 0;
  gboolean ok = G_OUTPUT_STREAM_CLASS (sv_writeback_stream_parent_class)
                    ->writev_fn (stream, vectors, n_vectors, &n, cancellable, error);

  writeback_stream_wrote (SV_WRITEBACK_STREAM (stream), (gssize) n);
  if (bytes_written != NULL)
    *bytes_written = n;
  return ok;
}

static void
sv_writeback_stream_class_init (SvWritebackStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = sv_writeback_stream_write;
  stream_class->writev_fn = sv_writeback_stream_writev;
}

static void
sv_writeback_stream_init (SvWritebackStream *self)
{
}

struct _SvBlobStoreFs
{
  GObject parent_instance;

  char *blobs_dir;
  char *uploads_dir;
  gboolean durable;
};

static void
blob_store_iface_init (SvBlobStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SvBlobStoreFs,
                               sv_blob_store_fs,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SV_TYPE_BLOB_STORE, blob_store_iface_init))

static void
set_errno_error (GError **error, int errsv, const char *message)
{
  g_set_error (error, SV_ERROR, errsv == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO, "%s: %s",
               message, g_strerror (errsv));
}

static char *
partial_path (SvBlobStoreFs *self, gint64 account_id, const char *sha256)
{
  g_autofree char *name = NULL;

  if (!sv_sha256_hex_is_valid (sha256) || account_id <= 0)
    return NULL;
  name = g_strdup_printf ("%" G_GINT64_FORMAT "-%s.part", account_id, sha256);
  return g_build_filename (self->uploads_dir, name, NULL);
}

/* Only the data and what is needed to read it back (the size) must reach
 * the disk: the name is made durable by the folder's fsync. */
static int
sync_data (int fd)
{
#ifdef __linux__
  return fdatasync (fd);
#else
  return fsync (fd);
#endif
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* DIR/blobs/ab/cd for a valid hash, made if missing. With durable writes, a
 * folder made here is fsynced into its parent: the blob renamed into it
 * later must not lose its folder in a crash. */
static char *
make_blob_dir (SvBlobStoreFs *self, const char *sha256, GError **error)
{
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };
  g_autofree char *first = g_build_filename (self->blobs_dir, a, NULL);
  g_autofree char *second = g_build_filename (first, b, NULL);
  const char *levels[] = { first, second };
  const char *parents[] = { self->blobs_dir, first };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      if (g_mkdir (levels[i], 0700) != 0)
        {
          if (errno == EEXIST)
            continue;
          set_errno_error (error, errno, _ ("Could not store an upload"));
          return NULL;
        }
      if (self->durable && !fsync_dir (parents[i]))
        {
          set_errno_error (error, errno, _ ("Could not store an upload"));
          return NULL;
        }
    }
  return g_steal_pointer (&second);
}

static gboolean
sv_blob_store_fs_has (SvBlobStore *store, const char *sha256, guint64 *size_out)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = sv_blob_store_fs_get_path (self, sha256);
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (size_out != NULL)
    *size_out = (guint64) st.st_size;
  return TRUE;
}

static GInputStream *
open_at (const char *path, guint64 offset, GError **error)
{
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;

      if (errsv == ENOENT)
        g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                             _ ("This file is not stored on the server."));
      else
        set_errno_error (error, errsv, _ ("Could not read a stored file"));
      return NULL;
    }
  if (offset > 0 && lseek (fd, (off_t) offset, SEEK_SET) < 0)
    {
      set_errno_error (error, errno, _ ("Could not read a stored file"));
      close (fd);
      return NULL;
    }
  return g_unix_input_stream_new (fd, TRUE);
}

static GInputStream *
sv_blob_store_fs_open_read (SvBlobStore *store, const char *sha256, guint64 offset, GError **error)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = sv_blob_store_fs_get_path (self, sha256);

  if (path == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                           _ ("This file is not stored on the server."));
      return NULL;
    }
  return open_at (path, offset, error);
}

static gboolean
sv_blob_store_fs_remove (SvBlobStore *store, const char *sha256, GError **error)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = sv_blob_store_fs_get_path (self, sha256);

  if (path == NULL)
    return TRUE;
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, _ ("Could not delete a stored file"));
      return FALSE;
    }
  return TRUE;
}

static guint64
sv_blob_store_fs_partial_size (SvBlobStore *store, gint64 account_id, const char *sha256)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = partial_path (self, account_id, sha256);
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0)
    return 0;
  return (guint64) st.st_size;
}

static GOutputStream *
sv_blob_store_fs_partial_append (SvBlobStore *store,
                                 gint64 account_id,
                                 const char *sha256,
                                 guint64 offset,
                                 GError **error)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = partial_path (self, account_id, sha256);
  g_autofree char *final_dir = NULL;
  struct stat st;
  int fd;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Invalid file name."));
      return NULL;
    }
  /* The blob's folder now, while the body arrives, rather than at completion. */
  final_dir = make_blob_dir (self, sha256, error);
  if (final_dir == NULL)
    return NULL;
  fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (error, errno, _ ("Could not store an upload"));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || (guint64) st.st_size != offset)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("The upload does not continue where the stored part ends."));
      close (fd);
      return NULL;
    }
  if (lseek (fd, 0, SEEK_END) < 0)
    {
      set_errno_error (error, errno, _ ("Could not store an upload"));
      close (fd);
      return NULL;
    }
  if (self->durable)
    {
      SvWritebackStream *stream =
          g_object_new (SV_TYPE_WRITEBACK_STREAM, "fd", fd, "close-fd", TRUE, NULL);

      stream->offset = stream->started = stream->synced = (goffset) offset;
      return G_OUTPUT_STREAM (stream);
    }
  return g_unix_output_stream_new (fd, TRUE);
}

static GInputStream *
sv_blob_store_fs_partial_read (SvBlobStore *store,
                               gint64 account_id,
                               const char *sha256,
                               GError **error)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = partial_path (self, account_id, sha256);

  if (path == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                           _ ("This file is not stored on the server."));
      return NULL;
    }
  return open_at (path, 0, error);
}

static gboolean
sv_blob_store_fs_partial_commit (SvBlobStore *store,
                                 gint64 account_id,
                                 const char *sha256,
                                 GError **error)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = partial_path (self, account_id, sha256);
  g_autofree char *final_path = sv_blob_store_fs_get_path (self, sha256);
  g_autofree char *final_dir = NULL;
  int fd;

  if (path == NULL || final_path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Invalid file name."));
      return FALSE;
    }

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || (self->durable && sync_data (fd) != 0))
    {
      set_errno_error (error, errno, _ ("Could not store an upload"));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);

  /* Made when the upload started; again in case it was removed since. */
  final_dir = make_blob_dir (self, sha256, error);
  if (final_dir == NULL)
    return FALSE;
  if (g_file_test (final_path, G_FILE_TEST_IS_REGULAR))
    {
      /* Equal bytes are already stored (content addressing): keep one copy. */
      g_unlink (path);
      return TRUE;
    }
  if (g_rename (path, final_path) != 0)
    {
      set_errno_error (error, errno, _ ("Could not store an upload"));
      return FALSE;
    }
  /* In place but maybe not on the disk: an error, and the client's retry
   * finds the blob stored. */
  if (self->durable && !fsync_dir (final_dir))
    {
      set_errno_error (error, errno, _ ("Could not store an upload"));
      return FALSE;
    }
  return TRUE;
}

static void
sv_blob_store_fs_partial_discard (SvBlobStore *store, gint64 account_id, const char *sha256)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (store);
  g_autofree char *path = partial_path (self, account_id, sha256);

  if (path != NULL)
    g_unlink (path);
}

static void
blob_store_iface_init (SvBlobStoreInterface *iface)
{
  iface->has = sv_blob_store_fs_has;
  iface->open_read = sv_blob_store_fs_open_read;
  iface->remove = sv_blob_store_fs_remove;
  iface->partial_size = sv_blob_store_fs_partial_size;
  iface->partial_append = sv_blob_store_fs_partial_append;
  iface->partial_read = sv_blob_store_fs_partial_read;
  iface->partial_commit = sv_blob_store_fs_partial_commit;
  iface->partial_discard = sv_blob_store_fs_partial_discard;
}

static void
sv_blob_store_fs_finalize (GObject *object)
{
  SvBlobStoreFs *self = SV_BLOB_STORE_FS (object);

  g_free (self->blobs_dir);
  g_free (self->uploads_dir);
  G_OBJECT_CLASS (sv_blob_store_fs_parent_class)->finalize (object);
}

static void
sv_blob_store_fs_class_init (SvBlobStoreFsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sv_blob_store_fs_finalize;
}

static void
sv_blob_store_fs_init (SvBlobStoreFs *self)
{
  self->durable = TRUE;
}

SvBlobStoreFs *
sv_blob_store_fs_new (const char *data_dir, GError **error)
{
  g_autoptr (SvBlobStoreFs) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (SV_TYPE_BLOB_STORE_FS, NULL);
  self->blobs_dir = g_build_filename (data_dir, "blobs", NULL);
  self->uploads_dir = g_build_filename (data_dir, "uploads", NULL);
  if (g_mkdir_with_parents (self->blobs_dir, 0700) != 0 ||
      g_mkdir_with_parents (self->uploads_dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, SV_ERROR, errsv == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not create the folder “%s”: %s"), self->blobs_dir, g_strerror (errsv));
      return NULL;
    }
  /* The two folders in the data folder's entries, in case this start made
   * them (cheap when nothing changed; best effort: what goes under them is
   * synced as it is stored). */
  fsync_dir (data_dir);
  return g_steal_pointer (&self);
}

void
sv_blob_store_fs_set_durable (SvBlobStoreFs *self, gboolean durable)
{
  g_return_if_fail (SV_IS_BLOB_STORE_FS (self));
  self->durable = durable;
}

char *
sv_blob_store_fs_get_path (SvBlobStoreFs *self, const char *sha256)
{
  char a[3], b[3];

  g_return_val_if_fail (SV_IS_BLOB_STORE_FS (self), NULL);

  if (!sv_sha256_hex_is_valid (sha256))
    return NULL;
  a[0] = sha256[0], a[1] = sha256[1], a[2] = '\0';
  b[0] = sha256[2], b[1] = sha256[3], b[2] = '\0';
  return g_build_filename (self->blobs_dir, a, b, sha256, NULL);
}
