/* sv-heif-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <libheif/heif.h>
#include <string.h>

#include "sv-heif-reader.h"

#define MAX_BLOCKS 16

static GBytes *
get_block (struct heif_image_handle *handle, heif_item_id id)
{
  size_t size = heif_image_handle_get_metadata_size (handle, id);
  g_autofree guint8 *buf = NULL;
  struct heif_error err;

  if (size == 0 || size > SV_CONTAINER_MAX_BLOCK)
    return NULL;
  buf = g_malloc (size);
  err = heif_image_handle_get_metadata (handle, id, buf);
  if (err.code != heif_error_Ok)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buf), size);
}

static void
read_metadata (struct heif_image_handle *handle, SvContainerData *out)
{
  heif_item_id ids[MAX_BLOCKS];
  int n;

  n = heif_image_handle_get_list_of_metadata_block_IDs (handle, "Exif", ids, MAX_BLOCKS);
  for (int i = 0; i < n && out->exif == NULL; i++)
    {
      g_autoptr (GBytes) block = get_block (handle, ids[i]);
      gsize len;
      const guint8 *p;
      guint32 skip;

      if (block == NULL)
        continue;
      p = g_bytes_get_data (block, &len);
      /* A 4-byte big-endian offset to the TIFF header comes first. */
      if (len < 4)
        continue;
      skip = sv_read_u32 (p, TRUE);
      if (skip > len - 4)
        continue;
      out->exif = g_bytes_new_from_bytes (block, 4 + skip, len - 4 - skip);
    }

  n = heif_image_handle_get_list_of_metadata_block_IDs (handle, "mime", ids, MAX_BLOCKS);
  for (int i = 0; i < n && out->xmp == NULL; i++)
    {
      const char *ct = heif_image_handle_get_metadata_content_type (handle, ids[i]);
      if (ct != NULL && strcmp (ct, "application/rdf+xml") == 0)
        out->xmp = get_block (handle, ids[i]);
    }
}

/* ---- fallback box walker ---- */

#define MAX_BOXES 1024
#define MAX_BOX_BODY (1024 * 1024)

typedef struct
{
  const guint8 *p;
  gsize len, pos;
  gboolean ok;
} Cursor;

static guint64
take (Cursor *c, guint n)
{
  guint64 v = 0;

  if (n > 8 || c->len - c->pos < n || c->pos > c->len)
    {
      c->ok = FALSE;
      c->pos = c->len;
      return 0;
    }
  for (guint i = 0; i < n; i++)
    v = (v << 8) | c->p[c->pos + i];
  c->pos += n;
  return v;
}

/* Finds child box @type within [start, end) of @src; returns its body. */
static gboolean
find_box (SvByteSource *src,
          guint64 start,
          guint64 end,
          const char *type,
          guint64 *body,
          guint64 *body_end)
{
  guint64 pos = start;

  for (guint n = 0; n < MAX_BOXES && pos + 8 <= end; n++)
    {
      guint8 h[16];
      guint64 size, hdr = 8;

      if (!sv_byte_source_read (src, pos, h, 8))
        return FALSE;
      size = sv_read_u32 (h, TRUE);
      if (size == 1)
        {
          if (!sv_byte_source_read (src, pos + 8, h + 8, 8))
            return FALSE;
          size = ((guint64) sv_read_u32 (h + 8, TRUE) << 32) | sv_read_u32 (h + 12, TRUE);
          hdr = 16;
        }
      else if (size == 0)
        size = end - pos;
      if (size < hdr)
        return FALSE;
      if (size > end - pos)
        size = end - pos; /* truncated file: keep what is there */
      if (memcmp (h + 4, type, 4) == 0)
        {
          *body = pos + hdr;
          *body_end = pos + size;
          return TRUE;
        }
      pos += size;
    }
  return FALSE;
}

static guint8 *
read_body (SvByteSource *src, guint64 body, guint64 body_end, gsize *len)
{
  if (body_end <= body || body_end - body > MAX_BOX_BODY)
    return NULL;
  *len = (gsize) (body_end - body);
  return sv_byte_source_dup (src, body, *len, MAX_BOX_BODY);
}

static gboolean
find_exif_item_id (const guint8 *iinf, gsize len, guint32 *item_id)
{
  Cursor c = { iinf, len, 0, TRUE };
  guint version = (guint) take (&c, 1);
  guint64 count;

  take (&c, 3);
  count = take (&c, version == 0 ? 2 : 4);
  for (guint64 i = 0; i < count && i < MAX_BOXES && c.ok; i++)
    {
      gsize box_start = c.pos;
      guint64 size = take (&c, 4);
      guint32 type = (guint32) take (&c, 4);
      guint v;

      if (!c.ok || size < 8 || size > len - box_start)
        return FALSE;
      if (type == 0x696e6665 /* infe */)
        {
          v = (guint) take (&c, 1);
          take (&c, 3);
          if (v >= 2)
            {
              guint32 id = (guint32) take (&c, v == 2 ? 2 : 4);
              take (&c, 2);
              if (c.ok && take (&c, 4) == 0x45786966 /* Exif */ && c.ok)
                {
                  *item_id = id;
                  return TRUE;
                }
            }
        }
      c.pos = box_start + (gsize) size;
    }
  return FALSE;
}

static gboolean
find_item_extent (const guint8 *iloc, gsize len, guint32 item_id, guint64 *offset, guint64 *length)
{
  Cursor c = { iloc, len, 0, TRUE };
  guint version = (guint) take (&c, 1);
  guint off_size, len_size, base_size, index_size;
  guint64 count;

  take (&c, 3);
  off_size = (guint) take (&c, 1);
  len_size = off_size & 0xF;
  off_size >>= 4;
  base_size = (guint) take (&c, 1);
  index_size = (version == 1 || version == 2) ? (base_size & 0xF) : 0;
  base_size >>= 4;
  count = take (&c, version < 2 ? 2 : 4);
  for (guint64 i = 0; i < count && i < 65536 && c.ok; i++)
    {
      guint32 id = (guint32) take (&c, version < 2 ? 2 : 4);
      guint method = 0;
      guint64 base, extents;

      if (version == 1 || version == 2)
        method = (guint) take (&c, 2) & 0xF;
      take (&c, 2);
      base = take (&c, base_size);
      extents = take (&c, 2);
      for (guint64 e = 0; e < extents && c.ok; e++)
        {
          guint64 eoff, elen;
          take (&c, index_size);
          eoff = take (&c, off_size);
          elen = take (&c, len_size);
          if (c.ok && id == item_id && e == 0 && method == 0)
            {
              *offset = base + eoff;
              *length = elen;
              return base <= G_MAXUINT64 - eoff;
            }
          /* Extents of zero bytes (all sizes 0) read nothing: without this,
           * 65,536 items of 65,535 such extents loop 4 billion times. */
          if (index_size + off_size + len_size == 0)
            break;
        }
    }
  return FALSE;
}

/* The @n-th (1-based) child box of [start, end); its type and body. */
static gboolean
nth_box (SvByteSource *src,
         guint64 start,
         guint64 end,
         guint n,
         char type[4],
         guint64 *body,
         guint64 *body_end)
{
  guint64 pos = start;

  for (guint i = 1; i <= MAX_BOXES && pos + 8 <= end; i++)
    {
      guint8 h[8];
      guint64 size;

      if (!sv_byte_source_read (src, pos, h, 8))
        return FALSE;
      size = sv_read_u32 (h, TRUE);
      if (size < 8 || size > end - pos)
        return FALSE; /* no 64-bit or open-ended sizes among properties */
      if (i == n)
        {
          memcpy (type, h + 4, 4);
          *body = pos + 8;
          *body_end = pos + size;
          return TRUE;
        }
      pos += size;
    }
  return FALSE;
}

/* The primary item's ispe (and irot, which libheif applies) through
 * pitm, iprp/ipco and iprp/ipma. */
static void
find_primary_size (SvByteSource *src, guint64 meta, guint64 meta_end, SvContainerData *out)
{
  guint64 b, b_end, iprp, iprp_end, ipco, ipco_end;
  g_autofree guint8 *pitm = NULL;
  g_autofree guint8 *ipma = NULL;
  gsize pitm_len = 0, ipma_len = 0;
  guint32 primary;
  guint version, flags;
  guint64 count;
  guint indexes[32];
  guint n_indexes = 0;
  int width = 0, height = 0, turns = 0;

  if (!find_box (src, meta, meta_end, "pitm", &b, &b_end) ||
      (pitm = read_body (src, b, b_end, &pitm_len)) == NULL)
    return;
  {
    Cursor c = { pitm, pitm_len, 0, TRUE };
    version = (guint) take (&c, 1);
    take (&c, 3);
    primary = (guint32) take (&c, version == 0 ? 2 : 4);
    if (!c.ok)
      return;
  }
  if (!find_box (src, meta, meta_end, "iprp", &iprp, &iprp_end) ||
      !find_box (src, iprp, iprp_end, "ipco", &ipco, &ipco_end) ||
      !find_box (src, iprp, iprp_end, "ipma", &b, &b_end) ||
      (ipma = read_body (src, b, b_end, &ipma_len)) == NULL)
    return;
  {
    Cursor c = { ipma, ipma_len, 0, TRUE };
    version = (guint) take (&c, 1);
    flags = (guint) take (&c, 3);
    count = take (&c, 4);
    for (guint64 i = 0; i < count && i < 65536 && c.ok; i++)
      {
        guint32 id = (guint32) take (&c, version < 1 ? 2 : 4);
        guint n = (guint) take (&c, 1);
        for (guint j = 0; j < n && c.ok; j++)
          {
            guint idx = (flags & 1) ? (guint) take (&c, 2) & 0x7FFF : (guint) take (&c, 1) & 0x7F;
            if (c.ok && id == primary && idx > 0 && n_indexes < G_N_ELEMENTS (indexes))
              indexes[n_indexes++] = idx;
          }
      }
  }
  for (guint i = 0; i < n_indexes; i++)
    {
      char type[4];
      guint8 body[12];

      if (!nth_box (src, ipco, ipco_end, indexes[i], type, &b, &b_end))
        continue;
      if (memcmp (type, "ispe", 4) == 0 && b_end - b >= 12 &&
          sv_byte_source_read (src, b, body, 12))
        {
          guint32 w = sv_read_u32 (body + 4, TRUE), h = sv_read_u32 (body + 8, TRUE);
          if (w > 0 && h > 0 && w <= G_MAXINT && h <= G_MAXINT)
            {
              width = (int) w;
              height = (int) h;
            }
        }
      else if (memcmp (type, "irot", 4) == 0 && b_end - b >= 1 &&
               sv_byte_source_read (src, b, body, 1))
        turns = body[0] & 3;
    }
  if (width > 0 && height > 0)
    {
      out->width = (turns & 1) ? height : width;
      out->height = (turns & 1) ? width : height;
    }
}

gboolean
sv_heif_find_exif (SvByteSource *src, SvContainerData *out)
{
  guint64 meta, meta_end, b, b_end, offset = 0, length = 0;
  g_autofree guint8 *iinf = NULL;
  g_autofree guint8 *iloc = NULL;
  gsize iinf_len = 0, iloc_len = 0;
  guint32 item_id = 0;
  guint8 hdr[4];
  guint32 skip;
  g_autoptr (GBytes) block = NULL;
  gsize blen;
  const guint8 *p;

  if (!find_box (src, 0, src->size, "meta", &meta, &meta_end))
    return FALSE;
  meta += 4; /* full box: version and flags */
  if (find_box (src, meta, meta_end, "iinf", &b, &b_end))
    iinf = read_body (src, b, b_end, &iinf_len);
  if (find_box (src, meta, meta_end, "iloc", &b, &b_end))
    iloc = read_body (src, b, b_end, &iloc_len);
  if (iinf == NULL || iloc == NULL)
    return FALSE;
  if (!find_exif_item_id (iinf, iinf_len, &item_id) ||
      !find_item_extent (iloc, iloc_len, item_id, &offset, &length))
    return FALSE;
  if (offset >= src->size)
    return FALSE;
  if (length == 0 || length > src->size - offset)
    length = src->size - offset;
  if (length < 4 || length > SV_CONTAINER_MAX_BLOCK)
    return FALSE;
  if (!sv_byte_source_read (src, offset, hdr, 4))
    return FALSE;
  skip = sv_read_u32 (hdr, TRUE);
  if (skip > length - 4)
    return FALSE;
  p = sv_byte_source_dup (src, offset + 4 + skip, (gsize) (length - 4 - skip),
                          SV_CONTAINER_MAX_BLOCK);
  if (p == NULL)
    return FALSE;
  blen = (gsize) (length - 4 - skip);
  block = g_bytes_new_take ((guint8 *) p, blen);
  out->exif = g_steal_pointer (&block);
  if (out->width == 0 && out->height == 0)
    find_primary_size (src, meta, meta_end, out);
  return TRUE;
}

gboolean
sv_heif_read (const char *path,
              const guint8 *data,
              gsize len,
              SvByteSource *src,
              SvContainerData *out,
              char **error_message)
{
  struct heif_context *ctx;
  struct heif_image_handle *handle = NULL;
  struct heif_error err;

  ctx = heif_context_alloc ();
  if (ctx == NULL)
    {
      *error_message = g_strdup ("out of memory");
      return FALSE;
    }
  if (path != NULL)
    err = heif_context_read_from_file (ctx, path, NULL);
  else
    err = heif_context_read_from_memory_without_copy (ctx, data, len, NULL);
  if (err.code == heif_error_Ok)
    err = heif_context_get_primary_image_handle (ctx, &handle);
  if (err.code != heif_error_Ok)
    {
      *error_message = g_strdup (err.message != NULL ? err.message : "unknown error");
      heif_context_free (ctx);
      return src != NULL && sv_heif_find_exif (src, out);
    }

  out->width = heif_image_handle_get_width (handle);
  out->height = heif_image_handle_get_height (handle);
  if (out->width < 0 || out->height < 0)
    out->width = out->height = 0;
  read_metadata (handle, out);
  /* An Exif item not linked to the primary image (or one libheif would not
   * hand out): look it up ourselves. */
  if (out->exif == NULL && src != NULL)
    sv_heif_find_exif (src, out);

  heif_image_handle_release (handle);
  heif_context_free (ctx);
  return TRUE;
}
