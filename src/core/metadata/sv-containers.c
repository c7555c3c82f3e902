/* sv-containers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-containers.h"

#define JPEG_MAX_SEGMENTS 10000
#define JPEG_MAX_RESYNC (1024 * 1024)

void
sv_container_data_init (SvContainerData *c)
{
  memset (c, 0, sizeof *c);
}

void
sv_container_data_clear (SvContainerData *c)
{
  g_clear_pointer (&c->exif, g_bytes_unref);
  g_clear_pointer (&c->xmp, g_bytes_unref);
  g_clear_pointer (&c->iptc_irb, g_bytes_unref);
  g_clear_pointer (&c->iptc_iim, g_bytes_unref);
  memset (c, 0, sizeof *c);
}

/* Reads up to @len bytes at @offset (fewer at the end of the source). */
static GBytes *
read_block (SvByteSource *src, guint64 offset, gsize len, gboolean *truncated)
{
  guint8 *buf;

  if (offset >= src->size)
    return NULL;
  if (len > src->size - offset)
    {
      len = (gsize) (src->size - offset);
      if (truncated)
        *truncated = TRUE;
    }
  if (len == 0 || len > SV_CONTAINER_MAX_BLOCK)
    return NULL;
  buf = sv_byte_source_dup (src, offset, len, SV_CONTAINER_MAX_BLOCK);
  if (buf == NULL)
    return NULL;
  return g_bytes_new_take (buf, len);
}

/* ---- JPEG ---- */

static gboolean
jpeg_resync (SvByteSource *src, guint64 *pos)
{
  guint8 buf[4096];
  guint64 scanned = 0;

  while (scanned < JPEG_MAX_RESYNC && *pos + 1 < src->size)
    {
      gsize n = (gsize) MIN ((guint64) sizeof buf, src->size - *pos);
      if (!sv_byte_source_read (src, *pos, buf, n))
        return FALSE;
      for (gsize i = 0; i + 1 < n; i++)
        if (buf[i] == 0xFF && buf[i + 1] != 0x00 && buf[i + 1] != 0xFF)
          {
            *pos += i;
            return TRUE;
          }
      *pos += n - 1;
      scanned += n - 1;
      if (n < 2)
        break;
    }
  return FALSE;
}

gboolean
sv_container_read_jpeg (SvByteSource *src, SvContainerData *out)
{
  guint8 hdr[4];
  guint64 pos = 2;
  gboolean have_sof = FALSE;

  if (!sv_byte_source_read (src, 0, hdr, 3) || hdr[0] != 0xFF || hdr[1] != 0xD8 || hdr[2] != 0xFF)
    return FALSE;

  for (guint seg = 0; seg < JPEG_MAX_SEGMENTS; seg++)
    {
      guint8 m;
      gsize seglen;
      guint64 payload;

      if (!sv_byte_source_read (src, pos, hdr, 2))
        break;
      if (hdr[0] != 0xFF)
        {
          /* Garbage between segments: libjpeg skips it with a warning. */
          if (!jpeg_resync (src, &pos))
            break;
          continue;
        }
      m = hdr[1];
      if (m == 0xFF)
        {
          pos++;
          continue;
        }
      if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0x00)
        {
          pos += 2;
          continue;
        }
      if (m == 0xD9 || m == 0xDA)
        break;
      if (!sv_byte_source_read (src, pos + 2, hdr, 2))
        {
          out->truncated = TRUE;
          break;
        }
      seglen = ((gsize) hdr[0] << 8) | hdr[1];
      if (seglen < 2)
        break;
      payload = pos + 4;
      seglen -= 2;
      if (payload + seglen > src->size)
        out->truncated = TRUE;

      if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
        {
          guint8 sof[5];
          if (!have_sof && seglen >= 5 && sv_byte_source_read (src, payload, sof, 5))
            {
              out->height = (sof[1] << 8) | sof[2];
              out->width = (sof[3] << 8) | sof[4];
              have_sof = TRUE;
            }
        }
      else if (m == 0xE1 && seglen >= 6)
        {
          static const char xmp_sig[] = "http://ns.adobe.com/xap/1.0/";
          guint8 sig[sizeof xmp_sig];
          gsize n = MIN (seglen, sizeof sig);

          memset (sig, 0, sizeof sig);
          if (sv_byte_source_read (src, payload, sig, MIN (n, src->size - payload)))
            {
              if (memcmp (sig, "Exif", 4) == 0 && sig[4] == 0 && out->exif == NULL)
                out->exif = read_block (src, payload + 6, seglen - 6, &out->truncated);
              else if (seglen > sizeof xmp_sig && memcmp (sig, xmp_sig, sizeof xmp_sig) == 0 &&
                       out->xmp == NULL)
                out->xmp = read_block (src, payload + sizeof xmp_sig, seglen - sizeof xmp_sig,
                                       &out->truncated);
            }
        }
      else if (m == 0xED && seglen > 14 && out->iptc_irb == NULL)
        {
          guint8 sig[14];
          if (sv_byte_source_read (src, payload, sig, 14) &&
              memcmp (sig, "Photoshop 3.0\0", 14) == 0)
            out->iptc_irb = read_block (src, payload + 14, seglen - 14, &out->truncated);
        }
      else if (m == 0xE2 && seglen >= 4)
        {
          guint8 sig[4];
          if (sv_byte_source_read (src, payload, sig, 4) && memcmp (sig, "MPF\0", 4) == 0)
            out->is_mpo = TRUE;
        }
      pos = payload + seglen;
      if (pos >= src->size)
        break;
    }

  return have_sof || out->exif != NULL || out->xmp != NULL || out->iptc_irb != NULL;
}

/* ---- PNG ---- */

static GBytes *
inflate_bytes (const guint8 *data, gsize len)
{
  g_autoptr (GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  GByteArray *outbuf = g_byte_array_new ();
  gsize in_pos = 0;

  for (;;)
    {
      guint8 chunk[16384];
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult res;
      g_autoptr (GError) error = NULL;

      res = g_converter_convert (G_CONVERTER (z), data + in_pos, len - in_pos, chunk, sizeof chunk,
                                 G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, &error);
      if (res == G_CONVERTER_ERROR)
        break;
      in_pos += bytes_read;
      g_byte_array_append (outbuf, chunk, (guint) bytes_written);
      if (outbuf->len > SV_CONTAINER_MAX_INFLATED)
        {
          g_byte_array_unref (outbuf);
          return NULL;
        }
      if (res == G_CONVERTER_FINISHED || (bytes_read == 0 && bytes_written == 0))
        break;
    }
  if (outbuf->len == 0)
    {
      g_byte_array_unref (outbuf);
      return NULL;
    }
  return g_byte_array_free_to_bytes (outbuf);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

GBytes *
sv_container_decode_raw_profile (const char *text, gsize len)
{
  gsize pos = 0, declared = 0, n = 0;
  guint digits = 0;
  g_autofree guint8 *buf = NULL;

  /* "\n<type>\n<spaces><decimal length>\n<hex lines>" */
  while (pos < len && (text[pos] == '\n' || text[pos] == '\r' || text[pos] == ' '))
    pos++;
  while (pos < len && text[pos] != '\n')
    pos++;
  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && g_ascii_isdigit (text[pos]) && digits < 9)
    {
      declared = declared * 10 + (gsize) (text[pos] - '0');
      pos++;
      digits++;
    }
  if (digits == 0 || declared == 0 || declared > SV_CONTAINER_MAX_BLOCK)
    return NULL;
  buf = g_malloc (declared);
  while (pos + 1 < len && n < declared)
    {
      int hi = hex_value (text[pos]), lo;
      if (hi < 0)
        {
          pos++;
          continue;
        }
      lo = hex_value (text[pos + 1]);
      if (lo < 0)
        return NULL;
      buf[n++] = (guint8) (hi << 4 | lo);
      pos += 2;
    }
  if (n != declared)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buf), declared);
}

static void
png_text_chunk (SvContainerData *out, const char type[4], const guint8 *data, gsize len)
{
  const guint8 *nul = memchr (data, 0, MIN (len, 80));
  const char *keyword = (const char *) data;
  gsize klen, pos;
  g_autoptr (GBytes) text = NULL;
  gboolean compressed = FALSE;

  if (nul == NULL)
    return;
  klen = (gsize) (nul - data);
  pos = klen + 1;

  if (memcmp (type, "iTXt", 4) == 0)
    {
      /* compression flag, method, language\0, translated keyword\0 */
      const guint8 *p;
      if (pos + 2 > len)
        return;
      compressed = data[pos] != 0;
      pos += 2;
      for (int i = 0; i < 2; i++)
        {
          p = memchr (data + pos, 0, len - pos);
          if (p == NULL)
            return;
          pos = (gsize) (p - data) + 1;
        }
    }
  else if (memcmp (type, "zTXt", 4) == 0)
    {
      if (pos + 1 > len)
        return;
      compressed = TRUE;
      pos += 1;
    }

  if (!(klen == 17 && memcmp (keyword, "XML:com.adobe.xmp", 17) == 0) &&
      !g_str_has_prefix (keyword, "Raw profile type "))
    return;
  if (compressed)
    text = inflate_bytes (data + pos, len - pos);
  else
    text = g_bytes_new (data + pos, len - pos);
  if (text == NULL)
    return;

  if (klen == 17 && memcmp (keyword, "XML:com.adobe.xmp", 17) == 0)
    {
      if (out->xmp == NULL)
        out->xmp = g_bytes_ref (text);
    }
  else
    {
      const char *kind = keyword + strlen ("Raw profile type ");
      gsize tlen;
      const char *t = g_bytes_get_data (text, &tlen);
      g_autoptr (GBytes) raw = sv_container_decode_raw_profile (t, tlen);

      if (raw == NULL)
        return;
      if ((g_ascii_strcasecmp (kind, "exif") == 0 || g_ascii_strcasecmp (kind, "APP1") == 0) &&
          out->exif == NULL)
        out->exif = g_steal_pointer (&raw);
      else if (g_ascii_strcasecmp (kind, "xmp") == 0 && out->xmp == NULL)
        out->xmp = g_steal_pointer (&raw);
      else if ((g_ascii_strcasecmp (kind, "iptc") == 0 || g_ascii_strcasecmp (kind, "8bim") == 0) &&
               out->iptc_iim == NULL)
        out->iptc_iim = g_steal_pointer (&raw);
    }
}

gboolean
sv_container_read_png (SvByteSource *src, SvContainerData *out)
{
  static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  guint8 hdr[8 + 8 + 13];
  guint64 pos;

  if (!sv_byte_source_read (src, 0, hdr, sizeof hdr) || memcmp (hdr, sig, 8) != 0)
    return FALSE;
  if (sv_read_u32 (hdr + 8, TRUE) != 13 || memcmp (hdr + 12, "IHDR", 4) != 0)
    return FALSE;
  out->width = (int) MIN (sv_read_u32 (hdr + 16, TRUE), (guint32) G_MAXINT);
  out->height = (int) MIN (sv_read_u32 (hdr + 20, TRUE), (guint32) G_MAXINT);
  if (out->width <= 0 || out->height <= 0)
    return FALSE;

  pos = 8 + 8 + 13 + 4;
  for (guint n = 0; n < SV_CONTAINER_MAX_CHUNKS; n++)
    {
      guint8 ch[8];
      guint32 len;
      char type[4];

      if (!sv_byte_source_read (src, pos, ch, 8))
        break;
      len = sv_read_u32 (ch, TRUE);
      memcpy (type, ch + 4, 4);
      if (len > 0x7FFFFFFF)
        break;
      if (memcmp (type, "IEND", 4) == 0)
        break;
      if (memcmp (type, "eXIf", 4) == 0 && out->exif == NULL)
        out->exif = read_block (src, pos + 8, len, &out->truncated);
      else if ((memcmp (type, "iTXt", 4) == 0 || memcmp (type, "tEXt", 4) == 0 ||
                memcmp (type, "zTXt", 4) == 0) &&
               len <= SV_CONTAINER_MAX_BLOCK)
        {
          g_autoptr (GBytes) data = read_block (src, pos + 8, len, &out->truncated);
          if (data != NULL)
            {
              gsize dlen;
              const guint8 *d = g_bytes_get_data (data, &dlen);
              png_text_chunk (out, type, d, dlen);
            }
        }
      pos += 12 + (guint64) len;
      if (pos >= src->size)
        {
          if (pos > src->size)
            out->truncated = TRUE;
          break;
        }
    }
  return TRUE;
}

/* ---- WebP ---- */

gboolean
sv_container_read_webp (SvByteSource *src, SvContainerData *out)
{
  guint8 hdr[12];
  guint64 pos = 12, end;
  gboolean any = FALSE, have_canvas = FALSE;

  if (!sv_byte_source_read (src, 0, hdr, 12) || memcmp (hdr, "RIFF", 4) != 0 ||
      memcmp (hdr + 8, "WEBP", 4) != 0)
    return FALSE;
  end = MIN (src->size, (guint64) sv_read_u32 (hdr + 4, FALSE) + 8);

  for (guint n = 0; n < SV_CONTAINER_MAX_CHUNKS && pos + 8 <= end; n++)
    {
      guint8 ch[8];
      guint32 len;
      guint8 head[10];

      if (!sv_byte_source_read (src, pos, ch, 8))
        break;
      len = sv_read_u32 (ch + 4, FALSE);
      any = TRUE;
      if (pos + 8 + len > src->size)
        out->truncated = TRUE;

      if (memcmp (ch, "VP8X", 4) == 0 && len >= 10 && sv_byte_source_read (src, pos + 8, head, 10))
        {
          out->width = 1 + (head[4] | (head[5] << 8) | (head[6] << 16));
          out->height = 1 + (head[7] | (head[8] << 8) | (head[9] << 16));
          have_canvas = TRUE;
        }
      else if (memcmp (ch, "VP8 ", 4) == 0 && len >= 10 && !have_canvas &&
               sv_byte_source_read (src, pos + 8, head, 10))
        {
          if (head[3] == 0x9D && head[4] == 0x01 && head[5] == 0x2A)
            {
              out->width = (head[6] | (head[7] << 8)) & 0x3FFF;
              out->height = (head[8] | (head[9] << 8)) & 0x3FFF;
            }
        }
      else if (memcmp (ch, "VP8L", 4) == 0 && len >= 5 && !have_canvas &&
               sv_byte_source_read (src, pos + 8, head, 5))
        {
          if (head[0] == 0x2F)
            {
              guint32 bits = head[1] | (head[2] << 8) | (head[3] << 16) | ((guint32) head[4] << 24);
              out->width = (int) (bits & 0x3FFF) + 1;
              out->height = (int) ((bits >> 14) & 0x3FFF) + 1;
            }
        }
      else if (memcmp (ch, "EXIF", 4) == 0 && out->exif == NULL)
        out->exif = read_block (src, pos + 8, len, &out->truncated);
      else if (memcmp (ch, "XMP ", 4) == 0 && out->xmp == NULL)
        out->xmp = read_block (src, pos + 8, len, &out->truncated);

      pos += 8 + (guint64) len + (len & 1);
    }
  return any;
}

/* ---- GIF, BMP: size only ---- */

gboolean
sv_container_read_gif (SvByteSource *src, SvContainerData *out)
{
  guint8 hdr[10];

  if (!sv_byte_source_read (src, 0, hdr, 10) ||
      (memcmp (hdr, "GIF87a", 6) != 0 && memcmp (hdr, "GIF89a", 6) != 0))
    return FALSE;
  out->width = sv_read_u16 (hdr + 6, FALSE);
  out->height = sv_read_u16 (hdr + 8, FALSE);
  return out->width > 0 && out->height > 0;
}

gboolean
sv_container_read_bmp (SvByteSource *src, SvContainerData *out)
{
  guint8 hdr[26];
  guint32 dib;

  if (!sv_byte_source_read (src, 0, hdr, 26) || hdr[0] != 'B' || hdr[1] != 'M')
    return FALSE;
  dib = sv_read_u32 (hdr + 14, FALSE);
  if (dib == 12)
    {
      out->width = sv_read_u16 (hdr + 18, FALSE);
      out->height = sv_read_u16 (hdr + 20, FALSE);
    }
  else if (dib >= 40 && dib <= 124)
    {
      gint32 w = (gint32) sv_read_u32 (hdr + 18, FALSE);
      gint32 h = (gint32) sv_read_u32 (hdr + 22, FALSE);
      if (w <= 0 || h == 0 || h == G_MININT32)
        return FALSE;
      out->width = w;
      out->height = ABS (h);
    }
  else
    return FALSE;
  return out->width > 0 && out->height > 0;
}
