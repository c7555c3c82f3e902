/* sv-exif-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <libexif/exif-data.h>
#include <math.h>
#include <string.h>

#include "sv-exif-reader.h"
#include "sv-tiff-reader.h"

/* libexif stops at 0xfffe bytes (the JPEG segment limit) including the
 * 6-byte header. */
#define LIBEXIF_MAX (0xfffe - 6)

static const char exif_header[6] = { 'E', 'x', 'i', 'f', 0, 0 };

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExifData, exif_data_unref)

static ExifEntry *
get_entry (ExifData *ed, ExifIfd ifd, guint16 tag)
{
  if (ed->ifd[ifd] == NULL)
    return NULL;
  return exif_content_get_entry (ed->ifd[ifd], (ExifTag) tag);
}

static char *
entry_string (ExifEntry *e)
{
  if (e == NULL || e->data == NULL || e->size == 0)
    return NULL;
  if (e->format != EXIF_FORMAT_ASCII && e->format != EXIF_FORMAT_UNDEFINED &&
      e->format != EXIF_FORMAT_BYTE)
    return NULL;
  return sv_exif_clean_string ((const char *) e->data, e->size);
}

static gboolean
entry_number (ExifEntry *e, ExifByteOrder order, guint i, double *out)
{
  guint fs;
  const unsigned char *p;

  if (e == NULL || e->data == NULL || i >= e->components)
    return FALSE;
  fs = exif_format_get_size (e->format);
  if (fs == 0 || (gsize) (i + 1) * fs > e->size)
    return FALSE;
  p = e->data + (gsize) i * fs;
  switch (e->format)
    {
      case EXIF_FORMAT_BYTE:
        *out = p[0];
        return TRUE;
      case EXIF_FORMAT_SBYTE:
        *out = (gint8) p[0];
        return TRUE;
      case EXIF_FORMAT_SHORT:
        *out = exif_get_short (p, order);
        return TRUE;
      case EXIF_FORMAT_SSHORT:
        *out = exif_get_sshort (p, order);
        return TRUE;
      case EXIF_FORMAT_LONG:
        *out = exif_get_long (p, order);
        return TRUE;
      case EXIF_FORMAT_SLONG:
        *out = exif_get_slong (p, order);
        return TRUE;
      case EXIF_FORMAT_RATIONAL:
        {
          ExifRational r = exif_get_rational (p, order);
          if (r.denominator == 0)
            return FALSE;
          *out = (double) r.numerator / r.denominator;
          return TRUE;
        }
      case EXIF_FORMAT_SRATIONAL:
        {
          ExifSRational r = exif_get_srational (p, order);
          if (r.denominator == 0)
            return FALSE;
          *out = (double) r.numerator / r.denominator;
          return TRUE;
        }
      case EXIF_FORMAT_ASCII:
      case EXIF_FORMAT_UNDEFINED:
      case EXIF_FORMAT_FLOAT:
      case EXIF_FORMAT_DOUBLE:
      default:
        return FALSE;
    }
}

static gboolean
entry_gps (ExifEntry *e, ExifByteOrder order, double *out)
{
  if (e == NULL || e->data == NULL)
    return FALSE;
  if (e->format == EXIF_FORMAT_ASCII)
    {
      g_autofree char *s = entry_string (e);
      return sv_exif_gps_parse_string (s, out);
    }
  if (e->format == EXIF_FORMAT_RATIONAL && e->components >= 1)
    {
      guint32 nums[3], dens[3];
      guint n = MIN (e->components, 3);

      if (e->size < n * 8)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          ExifRational r = exif_get_rational (e->data + i * 8, order);
          nums[i] = r.numerator;
          dens[i] = r.denominator;
        }
      return sv_exif_gps_dms_to_degrees (nums, dens, n, out);
    }
  return FALSE;
}

static void
take_string (char **field, ExifEntry *e)
{
  if (*field == NULL)
    *field = entry_string (e);
}

static void
gps_from_libexif (ExifData *ed, ExifByteOrder order, SvExifFields *out)
{
  ExifContent *gps = ed->ifd[EXIF_IFD_GPS];
  g_autofree char *lat_ref = NULL;
  g_autofree char *lon_ref = NULL;
  double v, alt_ref = 0;

  if (gps == NULL)
    return;
  lat_ref = entry_string (get_entry (ed, EXIF_IFD_GPS, 0x0001));
  lon_ref = entry_string (get_entry (ed, EXIF_IFD_GPS, 0x0003));
  if (entry_gps (get_entry (ed, EXIF_IFD_GPS, 0x0002), order, &v) &&
      sv_exif_gps_finish (v, lat_ref, 90.0, &v))
    {
      out->lat = v;
      out->has_lat = TRUE;
    }
  if (entry_gps (get_entry (ed, EXIF_IFD_GPS, 0x0004), order, &v) &&
      sv_exif_gps_finish (v, lon_ref, 180.0, &v))
    {
      out->lon = v;
      out->has_lon = TRUE;
    }
  entry_number (get_entry (ed, EXIF_IFD_GPS, 0x0005), order, 0, &alt_ref);
  if (entry_number (get_entry (ed, EXIF_IFD_GPS, 0x0006), order, 0, &v) && isfinite (v) &&
      fabs (v) < 1e6)
    {
      out->alt = alt_ref == 1 ? -v : v;
      out->has_alt = TRUE;
    }
  for (unsigned int i = 0; i < gps->count; i++)
    if (gps->entries[i] != NULL && gps->entries[i]->tag > 0x0006)
      out->gps_other = TRUE;
}

static gboolean
parse_with_libexif (const guint8 *tiff, gsize len, SvExifFields *out)
{
  g_autoptr (ExifData) ed = NULL;
  g_autofree guint8 *buf = NULL;
  ExifByteOrder order;
  double v;
  gboolean any = FALSE;

  buf = g_malloc (len + sizeof exif_header);
  memcpy (buf, exif_header, sizeof exif_header);
  memcpy (buf + sizeof exif_header, tiff, len);

  ed = exif_data_new ();
  if (ed == NULL)
    return FALSE;
  /* Keep the data as written: no "fixing" with made-up default tags, and
   * keep tags libexif does not know (OffsetTime* on old builds). */
  exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option (ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_set_option (ed, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);
  exif_data_load_data (ed, buf, (unsigned int) (len + sizeof exif_header));
  order = exif_data_get_byte_order (ed);

  for (int i = 0; i < EXIF_IFD_COUNT; i++)
    if (ed->ifd[i] != NULL && ed->ifd[i]->count > 0)
      any = TRUE;
  if (!any)
    return FALSE;

  take_string (&out->make, get_entry (ed, EXIF_IFD_0, 0x010F));
  take_string (&out->make, get_entry (ed, EXIF_IFD_EXIF, 0x010F));
  take_string (&out->model, get_entry (ed, EXIF_IFD_0, 0x0110));
  take_string (&out->model, get_entry (ed, EXIF_IFD_EXIF, 0x0110));
  take_string (&out->description, get_entry (ed, EXIF_IFD_0, 0x010E));
  take_string (&out->date_original, get_entry (ed, EXIF_IFD_EXIF, 0x9003));
  take_string (&out->date_original, get_entry (ed, EXIF_IFD_0, 0x9003));
  take_string (&out->date_digitized, get_entry (ed, EXIF_IFD_EXIF, 0x9004));
  take_string (&out->offset_original, get_entry (ed, EXIF_IFD_EXIF, 0x9011));
  take_string (&out->offset_digitized, get_entry (ed, EXIF_IFD_EXIF, 0x9012));
  take_string (&out->subsec_original, get_entry (ed, EXIF_IFD_EXIF, 0x9291));
  take_string (&out->subsec_digitized, get_entry (ed, EXIF_IFD_EXIF, 0x9292));
  take_string (&out->lens_make, get_entry (ed, EXIF_IFD_EXIF, 0xA433));
  take_string (&out->lens_model, get_entry (ed, EXIF_IFD_EXIF, 0xA434));

  if (out->orientation == 0 && entry_number (get_entry (ed, EXIF_IFD_0, 0x0112), order, 0, &v))
    out->orientation = (int) CLAMP (v, -1.0, 1000.0);
  if (entry_number (get_entry (ed, EXIF_IFD_0, 0x4746), order, 0, &v))
    out->rating = (int) CLAMP (v, -1.0, 1000.0);
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0x829A), order, 0, &v) && v > 0)
    out->exposure_time = v;
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0x829D), order, 0, &v) && v > 0)
    out->f_number = v;
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0x920A), order, 0, &v) && v > 0)
    out->focal_length = v;
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0x8827), order, 0, &v) && v > 0 && v < 10000000)
    out->iso = (int) v;
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0xA002), order, 0, &v) && v > 0 && v < G_MAXINT)
    out->exif_width = (int) v;
  if (entry_number (get_entry (ed, EXIF_IFD_EXIF, 0xA003), order, 0, &v) && v > 0 && v < G_MAXINT)
    out->exif_height = (int) v;

  gps_from_libexif (ed, order, out);
  return TRUE;
}

gboolean
sv_exif_reader_parse (const guint8 *data, gsize len, SvExifFields *out)
{
  if (data == NULL || len > SV_EXIF_MAX_BLOCK)
    return FALSE;
  if (len >= 6 && memcmp (data, exif_header, 6) == 0)
    {
      data += 6;
      len -= 6;
    }
  /* Some writers put "Exif\0\xff" or pad with zeros; the TIFF header decides. */
  if (len < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M')))
    return FALSE;
  if (len <= LIBEXIF_MAX)
    return parse_with_libexif (data, len, out);
  return sv_tiff_read_bytes (data, len, out, NULL);
}
