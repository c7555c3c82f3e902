/* sv-hash.h: SHA-256 with the CPU's SHA extensions (nettle)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SV_SHA256_HEX_LEN 64

typedef struct _SvSha256 SvSha256;

SvSha256 *
sv_sha256_new (void);
void
sv_sha256_update (SvSha256 *self, const void *data, gsize len);
/* Returns the lower-case hex digest and resets the state. */
char *
sv_sha256_finish_hex (SvSha256 *self);
void
sv_sha256_free (SvSha256 *self);

char *
sv_sha256_bytes_hex (const void *data, gsize len);

/* Hashes a whole file. @size_out (optional) receives the number of bytes read.
 * Checks @cancellable between blocks. */
char *
sv_sha256_file_hex (const char *path, goffset *size_out, GCancellable *cancellable, GError **error);

/* TRUE when @hex is exactly 64 lower-case hexadecimal characters. */
gboolean
sv_sha256_hex_is_valid (const char *hex);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvSha256, sv_sha256_free)

G_END_DECLS
