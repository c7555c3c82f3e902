/* sv-iptc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-iptc.h"

#define MAX_VALUE (64 * 1024)

void
sv_iptc_data_init (SvIptcData *iptc)
{
  memset (iptc, 0, sizeof *iptc);
  iptc->keywords = g_ptr_array_new_with_free_func (g_free);
}

void
sv_iptc_data_clear (SvIptcData *iptc)
{
  g_free (iptc->caption);
  g_clear_pointer (&iptc->keywords, g_ptr_array_unref);
  memset (iptc, 0, sizeof *iptc);
}

static char *
latin1_to_utf8 (const guint8 *data, gsize len)
{
  GString *s = g_string_sized_new (len + 8);

  for (gsize i = 0; i < len; i++)
    g_string_append_unichar (s, data[i]);
  return g_string_free (s, FALSE);
}

static char *
to_utf8 (const guint8 *data, gsize len, gboolean utf8)
{
  g_autofree char *text = NULL;
  gboolean high = FALSE;

  /* Values are not NUL-terminated; cut at a NUL if there is one. */
  const guint8 *nul = memchr (data, 0, len);
  if (nul != NULL)
    len = (gsize) (nul - data);
  for (gsize i = 0; i < len; i++)
    if (data[i] >= 0x80)
      high = TRUE;

  if (utf8 || (high && g_utf8_validate ((const char *) data, (gssize) len, NULL)))
    text = g_utf8_make_valid ((const char *) data, (gssize) len);
  else
    text = latin1_to_utf8 (data, len);
  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* Calls @cb for every dataset; stops on the first malformed one. */
typedef void (
    *DatasetFunc) (guint8 record, guint8 dataset, const guint8 *value, gsize len, gpointer data);

static gboolean
foreach_dataset (const guint8 *data, gsize len, DatasetFunc cb, gpointer user_data)
{
  gsize pos = 0;
  gboolean any = FALSE;

  while (pos + 5 <= len)
    {
      guint8 record, dataset;
      gsize size;

      if (data[pos] != 0x1C)
        break;
      record = data[pos + 1];
      dataset = data[pos + 2];
      size = ((gsize) data[pos + 3] << 8) | data[pos + 4];
      pos += 5;
      if (size & 0x8000)
        {
          gsize n = size & 0x7fff;
          /* Extended length: n bytes of length follow (at most 4 make sense). */
          if (n == 0 || n > 4 || pos + n > len)
            break;
          size = 0;
          for (gsize i = 0; i < n; i++)
            size = (size << 8) | data[pos + i];
          pos += n;
        }
      if (size > len - pos)
        break;
      cb (record, dataset, data + pos, size, user_data);
      any = TRUE;
      pos += size;
    }
  return any;
}

typedef struct
{
  SvIptcData *out;
  gboolean utf8;
} Ctx;

static void
find_charset (guint8 record, guint8 dataset, const guint8 *value, gsize len, gpointer data)
{
  Ctx *ctx = data;

  /* 1:90 CodedCharacterSet: ESC % G is UTF-8. */
  if (record == 1 && dataset == 90 && len >= 3)
    for (gsize i = 0; i + 2 < len; i++)
      if (value[i] == 0x1B && value[i + 1] == '%' && value[i + 2] == 'G')
        ctx->utf8 = TRUE;
}

static void
take_values (guint8 record, guint8 dataset, const guint8 *value, gsize len, gpointer data)
{
  Ctx *ctx = data;

  if (record != 2 || len == 0 || len > MAX_VALUE)
    return;
  if (dataset == 120 && ctx->out->caption == NULL)
    ctx->out->caption = to_utf8 (value, len, ctx->utf8);
  else if (dataset == 25 && ctx->out->keywords->len < SV_IPTC_MAX_KEYWORDS)
    {
      char *kw = to_utf8 (value, len, ctx->utf8);
      if (kw != NULL)
        g_ptr_array_add (ctx->out->keywords, kw);
    }
}

gboolean
sv_iptc_parse_iim (const guint8 *data, gsize len, SvIptcData *out)
{
  Ctx ctx = { out, FALSE };

  if (data == NULL || len < 5)
    return FALSE;
  if (!foreach_dataset (data, len, find_charset, &ctx))
    return FALSE;
  foreach_dataset (data, len, take_values, &ctx);
  return TRUE;
}

gboolean
sv_iptc_parse_photoshop (const guint8 *data, gsize len, SvIptcData *out)
{
  gsize pos = 0;
  gboolean found = FALSE;

  if (data == NULL)
    return FALSE;
  while (pos + 12 <= len)
    {
      guint16 id;
      gsize name_len, size;

      if (memcmp (data + pos, "8BIM", 4) != 0 && memcmp (data + pos, "PHUT", 4) != 0 &&
          memcmp (data + pos, "AgHg", 4) != 0 && memcmp (data + pos, "DCSR", 4) != 0)
        break;
      id = (guint16) ((data[pos + 4] << 8) | data[pos + 5]);
      pos += 6;
      /* Pascal string name, padded to an even length. */
      name_len = data[pos] + 1;
      if (name_len & 1)
        name_len++;
      if (name_len > len - pos || len - pos - name_len < 4)
        break;
      pos += name_len;
      size = ((gsize) data[pos] << 24) | ((gsize) data[pos + 1] << 16) |
             ((gsize) data[pos + 2] << 8) | data[pos + 3];
      pos += 4;
      if (size > len - pos)
        break;
      if (id == 0x0404 && sv_iptc_parse_iim (data + pos, size, out))
        found = TRUE;
      pos += size;
      if ((size & 1) && pos < len)
        pos++;
    }
  return found;
}
