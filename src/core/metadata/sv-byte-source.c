/* sv-byte-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-byte-source.h"

void
sv_byte_source_init_memory (SvByteSource *src, const guint8 *data, gsize len)
{
  memset (src, 0, sizeof *src);
  src->data = data;
  src->size = data != NULL ? len : 0;
  src->budget = SV_BYTE_SOURCE_DEFAULT_BUDGET;
}

gboolean
sv_byte_source_init_file (SvByteSource *src, GFile *file, GError **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;

  memset (src, 0, sizeof *src);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return FALSE;
  src->size = (guint64) MAX (g_file_info_get_size (info), 0);
  src->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  src->budget = SV_BYTE_SOURCE_DEFAULT_BUDGET;
  return TRUE;
}

void
sv_byte_source_clear (SvByteSource *src)
{
  g_clear_object (&src->stream);
  g_clear_error (&src->error);
  src->data = NULL;
  src->size = 0;
}

gboolean
sv_byte_source_read (SvByteSource *src, guint64 offset, void *buf, gsize len)
{
  gsize got = 0;

  if (len == 0)
    return offset <= src->size;
  if (offset > src->size || len > src->size - offset)
    return FALSE;
  if (len > src->budget)
    return FALSE;
  src->budget -= len;

  if (src->data != NULL)
    {
      memcpy (buf, src->data + offset, len);
      return TRUE;
    }
  if (src->stream == NULL || src->error != NULL)
    return FALSE;
  if (!g_seekable_seek (G_SEEKABLE (src->stream), (goffset) offset, G_SEEK_SET, NULL, &src->error))
    return FALSE;
  if (!g_input_stream_read_all (src->stream, buf, len, &got, NULL, &src->error))
    return FALSE;
  return got == len;
}

guint8 *
sv_byte_source_dup (SvByteSource *src, guint64 offset, gsize len, gsize max_len)
{
  g_autofree guint8 *buf = NULL;

  if (len > max_len || offset > src->size || len > src->size - offset)
    return NULL;
  buf = g_malloc (len + 1);
  if (!sv_byte_source_read (src, offset, buf, len))
    return NULL;
  buf[len] = 0;
  return g_steal_pointer (&buf);
}
