/* sv-hash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-hash"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <unistd.h>

#include "sv-error.h"
#include "sv-hash.h"

struct _SvSha256
{
  struct sha256_ctx ctx;
};

SvSha256 *
sv_sha256_new (void)
{
  SvSha256 *self = g_new0 (SvSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
sv_sha256_update (SvSha256 *self, const void *data, gsize len)
{
  g_return_if_fail (self != NULL);

  sha256_update (&self->ctx, len, data);
}

char *
sv_sha256_finish_hex (SvSha256 *self)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char *out;

  g_return_val_if_fail (self != NULL, NULL);

  sha256_digest (&self->ctx, sizeof digest, digest);
  out = g_malloc (SV_SHA256_HEX_LEN + 1);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0xf];
    }
  out[SV_SHA256_HEX_LEN] = '\0';
  return out;
}

void
sv_sha256_free (SvSha256 *self)
{
  g_free (self);
}

char *
sv_sha256_bytes_hex (const void *data, gsize len)
{
  g_autoptr (SvSha256) h = sv_sha256_new ();

  sv_sha256_update (h, data, len);
  return sv_sha256_finish_hex (h);
}

char *
sv_sha256_file_hex (const char *path, goffset *size_out, GCancellable *cancellable, GError **error)
{
  g_autoptr (SvSha256) h = NULL;
  g_autofree guint8 *buf = NULL;
  const gsize bufsize = 1024 * 1024;
  goffset total = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Cannot open “%s”: %s"),
                   display, g_strerror (saved));
      return NULL;
    }
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  h = sv_sha256_new ();
  buf = g_malloc (bufsize);
  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      n = read (fd, buf, bufsize);
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *display = NULL;

          if (saved == EINTR)
            continue;
          display = g_filename_display_name (path);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Cannot read “%s”: %s"),
                       display, g_strerror (saved));
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      sv_sha256_update (h, buf, (gsize) n);
      total += n;
    }
  close (fd);

  if (size_out)
    *size_out = total;
  return sv_sha256_finish_hex (h);
}

gboolean
sv_sha256_hex_is_valid (const char *hex)
{
  if (hex == NULL)
    return FALSE;
  for (guint i = 0; i < SV_SHA256_HEX_LEN; i++)
    {
      char c = hex[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return FALSE;
    }
  return hex[SV_SHA256_HEX_LEN] == '\0';
}
