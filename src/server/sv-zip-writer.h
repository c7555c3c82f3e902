/* sv-zip-writer.h: streaming ZIP writer (STORED entries, data descriptors, ZIP64)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SvZipWriter SvZipWriter;

SvZipWriter *
sv_zip_writer_new (void);
void
sv_zip_writer_free (SvZipWriter *self);

/* Always write ZIP64 records (tests use it to cover the > 4 GB layout). */
void
sv_zip_writer_set_force_zip64 (SvZipWriter *self, gboolean force);

/* Each call appends the bytes to put on the wire to @out. @size is the
 * entry's exact length, known beforehand (it picks the ZIP64 layout).
 * @name is UTF-8 with '/' separators. */
void
sv_zip_writer_begin_entry (SvZipWriter *self,
                           const char *name,
                           guint64 size,
                           gint64 mtime_unix,
                           GByteArray *out);
void
sv_zip_writer_add_data (SvZipWriter *self, const guint8 *data, gsize len, GByteArray *out);
/* FALSE + error when fewer or more bytes than announced were added. */
gboolean
sv_zip_writer_end_entry (SvZipWriter *self, GByteArray *out, GError **error);
/* The central directory and end records. */
void
sv_zip_writer_finish (SvZipWriter *self, GByteArray *out);

/* Total bytes produced so far. */
guint64
sv_zip_writer_get_offset (SvZipWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvZipWriter, sv_zip_writer_free)

G_END_DECLS
