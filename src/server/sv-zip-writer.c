/* sv-zip-writer.c: streaming ZIP writer (STORED entries, data descriptors, ZIP64)
 *
 * Layout from PKWARE's APPNOTE.TXT 6.3: local header with bit 3 set (CRC and
 * sizes follow the data in a descriptor), central directory, ZIP64 end
 * records when a size, an offset or the entry count does not fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-zip-writer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "sv-error.h"
#include "sv-zip-writer.h"

#define U32_MAX G_GUINT64_CONSTANT (0xffffffff)

typedef struct
{
  char *name;
  guint64 offset;
  guint64 size;
  guint32 crc;
  guint16 dos_time;
  guint16 dos_date;
  gboolean zip64;
} Entry;

struct _SvZipWriter
{
  GArray *entries; /* Entry */
  guint64 offset;
  gboolean force_zip64;
  gboolean in_entry;
  guint64 written;
  guint32 crc;
};

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

static void
put16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

  g_byte_array_append (out, b, 4);
}

static void
put64 (GByteArray *out, guint64 v)
{
  put32 (out, (guint32) (v & U32_MAX));
  put32 (out, (guint32) (v >> 32));
}

static void
emit (SvZipWriter *self, GByteArray *out, guint start_len)
{
  self->offset += out->len - start_len;
}

SvZipWriter *
sv_zip_writer_new (void)
{
  SvZipWriter *self = g_new0 (SvZipWriter, 1);

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  return self;
}

void
sv_zip_writer_free (SvZipWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->entries, g_array_unref);
  g_free (self);
}

void
sv_zip_writer_set_force_zip64 (SvZipWriter *self, gboolean force)
{
  g_return_if_fail (self != NULL);
  self->force_zip64 = force;
}

guint64
sv_zip_writer_get_offset (SvZipWriter *self)
{
  return self->offset;
}

void
sv_zip_writer_begin_entry (SvZipWriter *self,
                           const char *name,
                           guint64 size,
                           gint64 mtime_unix,
                           GByteArray *out)
{
  Entry entry = { 0 };
  g_autoptr (GDateTime) dt = NULL;
  guint start = out->len;
  gsize name_len;

  g_return_if_fail (self != NULL && !self->in_entry);
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));

  name_len = MIN (strlen (name), 0xffff);
  dt = g_date_time_new_from_unix_utc (mtime_unix);
  if (dt == NULL || g_date_time_get_year (dt) < 1980 || g_date_time_get_year (dt) > 2107)
    {
      g_clear_pointer (&dt, g_date_time_unref);
      dt = g_date_time_new_utc (1980, 1, 1, 0, 0, 0);
    }
  entry.name = g_strndup (name, name_len);
  entry.offset = self->offset;
  entry.size = size;
  entry.dos_time =
      (guint16) ((g_date_time_get_hour (dt) << 11) | (g_date_time_get_minute (dt) << 5) |
                 (g_date_time_get_second (dt) / 2));
  entry.dos_date =
      (guint16) (((g_date_time_get_year (dt) - 1980) << 9) | (g_date_time_get_month (dt) << 5) |
                 g_date_time_get_day_of_month (dt));
  entry.zip64 = self->force_zip64 || size >= U32_MAX || self->offset >= U32_MAX;

  put32 (out, 0x04034b50);
  put16 (out, entry.zip64 ? 45 : 20);
  put16 (out, 0x0808); /* data descriptor + UTF-8 names */
  put16 (out, 0);      /* stored */
  put16 (out, entry.dos_time);
  put16 (out, entry.dos_date);
  put32 (out, 0); /* crc: in the descriptor */
  put32 (out, entry.zip64 ? 0xffffffff : 0);
  put32 (out, entry.zip64 ? 0xffffffff : 0);
  put16 (out, (guint16) name_len);
  put16 (out, entry.zip64 ? 20 : 0);
  g_byte_array_append (out, (const guint8 *) entry.name, name_len);
  if (entry.zip64)
    {
      put16 (out, 0x0001);
      put16 (out, 16);
      put64 (out, 0);
      put64 (out, 0);
    }
  emit (self, out, start);

  g_array_append_val (self->entries, entry);
  self->in_entry = TRUE;
  self->written = 0;
  self->crc = crc32 (0L, Z_NULL, 0);
}

void
sv_zip_writer_add_data (SvZipWriter *self, const guint8 *data, gsize len, GByteArray *out)
{
  guint start = out->len;

  g_return_if_fail (self != NULL && self->in_entry);

  for (gsize done = 0; done < len;)
    {
      uInt n = (uInt) MIN (len - done, (gsize) G_MAXUINT32 / 2);

      self->crc = crc32 (self->crc, data + done, n);
      done += n;
    }
  self->written += len;
  g_byte_array_append (out, data, (guint) len);
  emit (self, out, start);
}

gboolean
sv_zip_writer_end_entry (SvZipWriter *self, GByteArray *out, GError **error)
{
  Entry *entry;
  guint start = out->len;

  g_return_val_if_fail (self != NULL && self->in_entry, FALSE);

  entry = &g_array_index (self->entries, Entry, self->entries->len - 1);
  self->in_entry = FALSE;
  if (self->written != entry->size)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO,
                   _ ("The file “%s” changed while it was being exported."), entry->name);
      return FALSE;
    }
  entry->crc = self->crc;

  put32 (out, 0x08074b50);
  put32 (out, entry->crc);
  if (entry->zip64)
    {
      put64 (out, entry->size);
      put64 (out, entry->size);
    }
  else
    {
      put32 (out, (guint32) entry->size);
      put32 (out, (guint32) entry->size);
    }
  emit (self, out, start);
  return TRUE;
}

void
sv_zip_writer_finish (SvZipWriter *self, GByteArray *out)
{
  guint start = out->len;
  guint64 cd_offset = self->offset;
  guint64 cd_size;
  guint64 count = self->entries->len;
  gboolean zip64_end;

  g_return_if_fail (self != NULL && !self->in_entry);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);
      gsize name_len = strlen (entry->name);
      gboolean big_size = entry->zip64;
      gboolean big_offset = entry->zip64 || entry->offset >= U32_MAX;
      guint16 data_len = (big_size ? 16 : 0) + (big_offset ? 8 : 0);
      guint16 extra_len = data_len > 0 ? data_len + 4 : 0;

      put32 (out, 0x02014b50);
      put16 (out, (3 << 8) | 45); /* made by: UNIX, 4.5 */
      put16 (out, (big_size || big_offset) ? 45 : 20);
      put16 (out, 0x0808);
      put16 (out, 0);
      put16 (out, entry->dos_time);
      put16 (out, entry->dos_date);
      put32 (out, entry->crc);
      put32 (out, big_size ? 0xffffffff : (guint32) entry->size);
      put32 (out, big_size ? 0xffffffff : (guint32) entry->size);
      put16 (out, (guint16) name_len);
      put16 (out, extra_len);
      put16 (out, 0);                       /* comment */
      put16 (out, 0);                       /* disk */
      put16 (out, 0);                       /* internal attributes */
      put32 (out, (guint32) 0100644 << 16); /* external: -rw-r--r-- */
      put32 (out, big_offset ? 0xffffffff : (guint32) entry->offset);
      g_byte_array_append (out, (const guint8 *) entry->name, (guint) name_len);
      if (extra_len > 0)
        {
          put16 (out, 0x0001);
          put16 (out, data_len);
          if (big_size)
            {
              put64 (out, entry->size);
              put64 (out, entry->size);
            }
          if (big_offset)
            put64 (out, entry->offset);
        }
    }
  emit (self, out, start);
  cd_size = self->offset - cd_offset;
  start = out->len;

  zip64_end = self->force_zip64 || count >= 0xffff || cd_offset >= U32_MAX || cd_size >= U32_MAX;
  if (zip64_end)
    {
      guint64 eocd64_offset = self->offset;

      put32 (out, 0x06064b50);
      put64 (out, 44);
      put16 (out, (3 << 8) | 45);
      put16 (out, 45);
      put32 (out, 0);
      put32 (out, 0);
      put64 (out, count);
      put64 (out, count);
      put64 (out, cd_size);
      put64 (out, cd_offset);

      put32 (out, 0x07064b50);
      put32 (out, 0);
      put64 (out, eocd64_offset);
      put32 (out, 1);
    }
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, zip64_end ? 0xffff : (guint16) count);
  put16 (out, zip64_end ? 0xffff : (guint16) count);
  put32 (out, zip64_end ? 0xffffffff : (guint32) cd_size);
  put32 (out, zip64_end ? 0xffffffff : (guint32) cd_offset);
  put16 (out, 0);
  emit (self, out, start);
}
