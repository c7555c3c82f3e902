/* sv-byte-source.h: bounded random-access reads from memory or a file
 *
 * Every parser in this folder reads through an SvByteSource so that it never
 * reads past the end of the data, and so that reading a file costs only the
 * bytes a parser asks for (JPEG headers, PNG chunk headers, TIFF IFDs) rather
 * than the whole file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Upper bound on the bytes one parse may read from a source; a file whose
 * metadata needs more than this is treated as hostile. */
#define SV_BYTE_SOURCE_DEFAULT_BUDGET (48 * 1024 * 1024)

typedef struct
{
  const guint8 *data;   /* memory source */
  GInputStream *stream; /* seekable file source (owned) */
  guint64 size;
  guint64 budget; /* bytes still allowed to be read */
  GError *error;  /* first I/O error, if any */
} SvByteSource;

void
sv_byte_source_init_memory (SvByteSource *src, const guint8 *data, gsize len);
gboolean
sv_byte_source_init_file (SvByteSource *src, GFile *file, GError **error);
void
sv_byte_source_clear (SvByteSource *src);

/* Reads exactly @len bytes at @offset into @buf; FALSE when out of range,
 * over budget or on an I/O error (recorded in src->error). */
gboolean
sv_byte_source_read (SvByteSource *src, guint64 offset, void *buf, gsize len);
/* Same into newly allocated memory (g_free); NULL on failure or when
 * @len > @max_len. A NUL is appended after the data (not counted). */
guint8 *
sv_byte_source_dup (SvByteSource *src, guint64 offset, gsize len, gsize max_len);

/* Big/little-endian decoders on bytes already bounds-checked by the caller. */
static inline guint16
sv_read_u16 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (guint16) ((p[0] << 8) | p[1]) : (guint16) ((p[1] << 8) | p[0]);
}

static inline guint32
sv_read_u32 (const guint8 *p, gboolean big_endian)
{
  return big_endian
             ? ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3]
             : ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

G_END_DECLS
