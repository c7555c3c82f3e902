/* sv-tiff-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sv-tiff-reader.h"

typedef enum
{
  IFD_MAIN,  /* IFD0 */
  IFD_CHAIN, /* IFD1... (thumbnails) */
  IFD_SUB,   /* SubIFDs (RAW full images) */
  IFD_EXIF,
  IFD_GPS,
} IfdKind;

typedef struct
{
  SvByteSource *src;
  guint64 base;
  gboolean be;
  SvExifFields *out;
  SvTiffInfo *info;
  guint64 visited[SV_TIFF_MAX_IFDS];
  guint n_visited;
  /* Best full-resolution image so far. */
  gint64 best_area;
  /* GPS parts until the IFD is done. */
  double lat, lon, alt;
  char lat_ref[4], lon_ref[4];
  int alt_ref;
} Walker;

typedef struct
{
  guint16 tag;
  guint16 type;
  guint32 count;
  guint8 raw[4];
} Entry;

static const guint type_sizes[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

static void
walk_ifd (Walker *w, guint64 offset, IfdKind kind, guint depth);

static gsize
entry_size (const Entry *e)
{
  if (e->type >= G_N_ELEMENTS (type_sizes) || type_sizes[e->type] == 0)
    return 0;
  if (e->count > (1u << 24))
    return 0;
  return (gsize) type_sizes[e->type] * e->count;
}

/* Returns the value bytes of @e (at most @max); NULL if out of range. */
static guint8 *
entry_data (Walker *w, const Entry *e, gsize max, gsize *len_out)
{
  gsize len = entry_size (e);
  guint32 off;

  if (len == 0 || len > max)
    return NULL;
  *len_out = len;
  if (len <= 4)
    return g_memdup2 (e->raw, len);
  off = sv_read_u32 (e->raw, w->be);
  return sv_byte_source_dup (w->src, w->base + off, len, max);
}

static char *
entry_string (Walker *w, const Entry *e)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;

  if (e->type != 2 && e->type != 7 && e->type != 1)
    return NULL;
  data = entry_data (w, e, SV_TIFF_MAX_STRING, &len);
  if (data == NULL)
    return NULL;
  return sv_exif_clean_string ((const char *) data, len);
}

/* Value @i of a numeric entry as a double; FALSE if absent or a zero
 * denominator. */
static gboolean
entry_number (Walker *w, const Entry *e, guint i, double *out)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  gsize sz;
  const guint8 *p;

  if (e->type >= G_N_ELEMENTS (type_sizes) || i >= e->count || e->type == 2 || e->type == 7)
    return FALSE;
  sz = type_sizes[e->type];
  if (sz == 0)
    return FALSE;
  data = entry_data (w, e, 4096, &len);
  if (data == NULL || (i + 1) * sz > len)
    return FALSE;
  p = data + i * sz;
  switch (e->type)
    {
      case 1:
        *out = p[0];
        return TRUE;
      case 6:
        *out = (gint8) p[0];
        return TRUE;
      case 3:
        *out = sv_read_u16 (p, w->be);
        return TRUE;
      case 8:
        *out = (gint16) sv_read_u16 (p, w->be);
        return TRUE;
      case 4:
      case 13:
        *out = sv_read_u32 (p, w->be);
        return TRUE;
      case 9:
        *out = (gint32) sv_read_u32 (p, w->be);
        return TRUE;
      case 5:
        {
          guint32 num = sv_read_u32 (p, w->be), den = sv_read_u32 (p + 4, w->be);
          if (den == 0)
            return FALSE;
          *out = (double) num / den;
          return TRUE;
        }
      case 10:
        {
          gint32 num = (gint32) sv_read_u32 (p, w->be), den = (gint32) sv_read_u32 (p + 4, w->be);
          if (den == 0)
            return FALSE;
          *out = (double) num / den;
          return TRUE;
        }
      case 11:
        {
          guint32 bits = sv_read_u32 (p, w->be);
          float f;
          memcpy (&f, &bits, sizeof f);
          *out = f;
          return isfinite (*out);
        }
      case 12:
        {
          guint64 bits = ((guint64) sv_read_u32 (p, w->be) << 32) | sv_read_u32 (p + 4, w->be);
          if (!w->be)
            bits = ((guint64) sv_read_u32 (p + 4, FALSE) << 32) | sv_read_u32 (p, FALSE);
          memcpy (out, &bits, sizeof *out);
          return isfinite (*out);
        }
      default:
        return FALSE;
    }
}

/* A double (from any numeric TIFF type) to an int without undefined
 * behaviour: out-of-range values are clamped. */
static int
to_int (double v)
{
  if (!(v > -2147483648.0))
    return G_MININT;
  if (!(v < 2147483647.0))
    return G_MAXINT;
  return (int) v;
}

/* An IFD offset: a whole number in 0..2^32-1. */
static gboolean
entry_offset (Walker *w, const Entry *e, guint i, guint64 *out)
{
  double v;

  if (!entry_number (w, e, i, &v) || !(v >= 0) || v > 4294967295.0)
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static gboolean
entry_gps_coordinate (Walker *w, const Entry *e, double *out)
{
  if (e->type == 2)
    {
      g_autofree char *s = entry_string (w, e);
      return sv_exif_gps_parse_string (s, out);
    }
  if (e->type == 5 && e->count >= 1)
    {
      g_autofree guint8 *data = NULL;
      guint32 nums[3], dens[3];
      guint n = MIN (e->count, 3);
      gsize len = 0;

      data = entry_data (w, e, 4096, &len);
      if (data == NULL || len < n * 8)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          nums[i] = sv_read_u32 (data + i * 8, w->be);
          dens[i] = sv_read_u32 (data + i * 8 + 4, w->be);
        }
      return sv_exif_gps_dms_to_degrees (nums, dens, n, out);
    }
  return FALSE;
}

static void
set_string (char **field, char *value)
{
  if (value == NULL)
    return;
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

static gboolean
already_visited (Walker *w, guint64 offset)
{
  for (guint i = 0; i < w->n_visited; i++)
    if (w->visited[i] == offset)
      return TRUE;
  return FALSE;
}

static void
handle_entry (Walker *w,
              const Entry *e,
              IfdKind kind,
              guint depth,
              int *width,
              int *height,
              int *subfile)
{
  double v;

  if (kind == IFD_GPS)
    {
      switch (e->tag)
        {
          case 0x0001:
            {
              g_autofree char *s = entry_string (w, e);
              if (s)
                g_strlcpy (w->lat_ref, s, sizeof w->lat_ref);
            }
            break;
          case 0x0002:
            if (!entry_gps_coordinate (w, e, &w->lat))
              w->lat = NAN;
            break;
          case 0x0003:
            {
              g_autofree char *s = entry_string (w, e);
              if (s)
                g_strlcpy (w->lon_ref, s, sizeof w->lon_ref);
            }
            break;
          case 0x0004:
            if (!entry_gps_coordinate (w, e, &w->lon))
              w->lon = NAN;
            break;
          case 0x0005:
            if (entry_number (w, e, 0, &v))
              w->alt_ref = to_int (v);
            break;
          case 0x0006:
            if (!entry_number (w, e, 0, &w->alt))
              w->alt = NAN;
            break;
          case 0x0000:
            break;
          default:
            w->out->gps_other = TRUE;
            break;
        }
      return;
    }

  switch (e->tag)
    {
      case 0x00FE: /* NewSubfileType */
        if (entry_number (w, e, 0, &v))
          *subfile = to_int (v);
        break;
      case 0x0100:
        if (entry_number (w, e, 0, &v) && v > 0 && v < G_MAXINT)
          *width = (int) v;
        break;
      case 0x0101:
        if (entry_number (w, e, 0, &v) && v > 0 && v < G_MAXINT)
          *height = (int) v;
        break;
      case 0x010E:
        if (kind == IFD_MAIN)
          set_string (&w->out->description, entry_string (w, e));
        break;
      case 0x010F:
        if (kind == IFD_MAIN || kind == IFD_EXIF)
          set_string (&w->out->make, entry_string (w, e));
        break;
      case 0x0110:
        if (kind == IFD_MAIN || kind == IFD_EXIF)
          set_string (&w->out->model, entry_string (w, e));
        break;
      case 0x0112:
        if (kind == IFD_MAIN && w->out->orientation == 0 && entry_number (w, e, 0, &v))
          w->out->orientation = CLAMP (to_int (v), -1, 1000);
        break;
      case 0x4746:
        if (kind == IFD_MAIN && entry_number (w, e, 0, &v))
          w->out->rating = CLAMP (to_int (v), -1, 1000);
        break;
      case 0x83BB: /* IPTC */
        if (kind == IFD_MAIN && w->out->iptc == NULL &&
            (e->type == 1 || e->type == 7 || e->type == 4))
          w->out->iptc = entry_data (w, e, 1024 * 1024, &w->out->iptc_len);
        break;
      case 0x02BC: /* XMP */
        if (kind == IFD_MAIN && w->out->xmp == NULL &&
            (e->type == 1 || e->type == 7 || e->type == 2))
          w->out->xmp = entry_data (w, e, 4 * 1024 * 1024, &w->out->xmp_len);
        break;
      case 0xC612:
        w->info->dng = TRUE;
        break;
      case 0x014A: /* SubIFDs */
        if (kind == IFD_MAIN && depth == 0)
          {
            guint n = MIN (e->count, 8);
            guint64 off;
            for (guint i = 0; i < n; i++)
              if (entry_offset (w, e, i, &off))
                walk_ifd (w, off, IFD_SUB, depth + 1);
          }
        break;
      case 0x8769:
        {
          guint64 off;
          if (kind == IFD_MAIN && entry_offset (w, e, 0, &off))
            walk_ifd (w, off, IFD_EXIF, depth + 1);
        }
        break;
      case 0x8825:
        {
          guint64 off;
          if (kind == IFD_MAIN && entry_offset (w, e, 0, &off))
            walk_ifd (w, off, IFD_GPS, depth + 1);
        }
        break;
      case 0x9003:
        if (kind == IFD_EXIF || kind == IFD_MAIN)
          set_string (&w->out->date_original, entry_string (w, e));
        break;
      case 0x9004:
        if (kind == IFD_EXIF)
          set_string (&w->out->date_digitized, entry_string (w, e));
        break;
      case 0x9011:
        if (kind == IFD_EXIF)
          set_string (&w->out->offset_original, entry_string (w, e));
        break;
      case 0x9012:
        if (kind == IFD_EXIF)
          set_string (&w->out->offset_digitized, entry_string (w, e));
        break;
      case 0x9291:
        if (kind == IFD_EXIF)
          set_string (&w->out->subsec_original, entry_string (w, e));
        break;
      case 0x9292:
        if (kind == IFD_EXIF)
          set_string (&w->out->subsec_digitized, entry_string (w, e));
        break;
      case 0x829A:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0)
          w->out->exposure_time = v;
        break;
      case 0x829D:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0)
          w->out->f_number = v;
        break;
      case 0x920A:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0)
          w->out->focal_length = v;
        break;
      case 0x8827:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0 && v < 10000000)
          w->out->iso = (int) v;
        break;
      case 0xA433:
        if (kind == IFD_EXIF)
          set_string (&w->out->lens_make, entry_string (w, e));
        break;
      case 0xA434:
        if (kind == IFD_EXIF)
          set_string (&w->out->lens_model, entry_string (w, e));
        break;
      case 0xA002:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0 && v < G_MAXINT)
          w->out->exif_width = (int) v;
        break;
      case 0xA003:
        if (kind == IFD_EXIF && entry_number (w, e, 0, &v) && v > 0 && v < G_MAXINT)
          w->out->exif_height = (int) v;
        break;
      default:
        break;
    }
}

static void
finish_gps (Walker *w)
{
  double v;

  if (sv_exif_gps_finish (w->lat, w->lat_ref, 90.0, &v))
    {
      w->out->lat = v;
      w->out->has_lat = TRUE;
    }
  if (sv_exif_gps_finish (w->lon, w->lon_ref, 180.0, &v))
    {
      w->out->lon = v;
      w->out->has_lon = TRUE;
    }
  if (isfinite (w->alt) && fabs (w->alt) < 1e6)
    {
      w->out->alt = w->alt_ref == 1 ? -w->alt : w->alt;
      w->out->has_alt = TRUE;
    }
}

static void
walk_ifd (Walker *w, guint64 offset, IfdKind kind, guint depth)
{
  guint8 buf[2];
  guint16 count;
  g_autofree guint8 *entries = NULL;
  guint32 next;
  int width = 0, height = 0, subfile = -1;

  /* Chains and SubIFDs never nest deeper than IFD0 -> Exif/SubIFD -> none. */
  if (depth > 2 || w->n_visited >= SV_TIFF_MAX_IFDS)
    return;
  if (offset < 8)
    return;
  if (already_visited (w, offset))
    {
      w->info->loop_detected = TRUE;
      return;
    }
  w->visited[w->n_visited++] = offset;
  w->info->n_ifds++;

  if (!sv_byte_source_read (w->src, w->base + offset, buf, 2))
    return;
  count = sv_read_u16 (buf, w->be);
  if (count == 0 || count > SV_TIFF_MAX_ENTRIES)
    return;
  entries = sv_byte_source_dup (w->src, w->base + offset + 2, (gsize) count * 12 + 4, 13000);
  if (entries == NULL)
    {
      /* Some writers drop the next-IFD pointer at the very end. */
      entries = sv_byte_source_dup (w->src, w->base + offset + 2, (gsize) count * 12, 13000);
      if (entries == NULL)
        return;
      next = 0;
    }
  else
    next = sv_read_u32 (entries + count * 12, w->be);

  if (kind == IFD_GPS)
    {
      w->lat = w->lon = w->alt = NAN;
      w->lat_ref[0] = w->lon_ref[0] = '\0';
      w->alt_ref = 0;
    }

  for (guint i = 0; i < count; i++)
    {
      const guint8 *p = entries + i * 12;
      Entry e;

      e.tag = sv_read_u16 (p, w->be);
      e.type = sv_read_u16 (p + 2, w->be);
      e.count = sv_read_u32 (p + 4, w->be);
      memcpy (e.raw, p + 8, 4);
      handle_entry (w, &e, kind, depth, &width, &height, &subfile);
    }

  if (kind == IFD_GPS)
    finish_gps (w);

  if ((kind == IFD_MAIN && subfile <= 0) || (kind == IFD_SUB && subfile == 0))
    {
      gint64 area = (gint64) width * height;
      if (width > 0 && height > 0 && area > w->best_area)
        {
          w->best_area = area;
          w->out->width = width;
          w->out->height = height;
        }
    }

  /* Follow the chain from IFD0 only (IFD1 is the thumbnail; further IFDs
   * in CR2 hold previews and raw data). */
  if ((kind == IFD_MAIN || kind == IFD_CHAIN) && next != 0 && depth == 0)
    {
      if (already_visited (w, next))
        w->info->loop_detected = TRUE;
      else
        walk_ifd (w, next, IFD_CHAIN, 0);
    }
}

gboolean
sv_tiff_read (SvByteSource *src, guint64 base, SvExifFields *out, SvTiffInfo *info)
{
  guint8 hdr[12];
  Walker w = { 0 };
  SvTiffInfo dummy;
  guint32 ifd0;

  if (info == NULL)
    info = &dummy;
  memset (info, 0, sizeof *info);

  if (!sv_byte_source_read (src, base, hdr, 8))
    return FALSE;
  if (hdr[0] == 'I' && hdr[1] == 'I')
    w.be = FALSE;
  else if (hdr[0] == 'M' && hdr[1] == 'M')
    w.be = TRUE;
  else
    return FALSE;
  if (sv_read_u16 (hdr + 2, w.be) != 42)
    return FALSE;
  if (sv_byte_source_read (src, base, hdr, 12) && hdr[8] == 'C' && hdr[9] == 'R')
    info->cr2 = TRUE;
  ifd0 = sv_read_u32 (hdr + 4, w.be);
  info->big_endian = w.be;

  w.src = src;
  w.base = base;
  w.out = out;
  w.info = info;
  walk_ifd (&w, ifd0, IFD_MAIN, 0);
  return TRUE;
}

gboolean
sv_tiff_read_bytes (const guint8 *data, gsize len, SvExifFields *out, SvTiffInfo *info)
{
  SvByteSource src;
  gboolean ok;

  sv_byte_source_init_memory (&src, data, len);
  ok = sv_tiff_read (&src, 0, out, info);
  sv_byte_source_clear (&src);
  return ok;
}
