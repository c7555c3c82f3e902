/* sv-metadata.c: the metadata reader: sniff, pick the container parser,
 * then merge EXIF, XMP and IPTC by priority
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sv-byte-source.h"
#include "sv-camera-name.h"
#include "sv-containers.h"
#include "sv-error.h"
#include "sv-exif-fields.h"
#include "sv-exif-reader.h"
#include "sv-filename-date.h"
#include "sv-heif-reader.h"
#include "sv-iptc.h"
#include "sv-metadata.h"
#include "sv-tiff-reader.h"
#include "sv-xmp.h"

#define SNIFF_LEN 4096

typedef struct
{
  const char *id;
  const char *mime;
  const char *display; /* format name shown to users (not translated) */
  gboolean supported;
} FormatInfo;

static const FormatInfo formats[] = {
  { "jpeg", "image/jpeg", "JPEG", TRUE },
  { "mpo", "image/jpeg", "MPO", TRUE },
  { "png", "image/png", "PNG", TRUE },
  { "webp", "image/webp", "WebP", TRUE },
  { "tiff", "image/tiff", "TIFF", TRUE },
  { "heif", "image/heif", "HEIF", TRUE },
  { "avif", "image/avif", "AVIF", TRUE },
  { "gif", "image/gif", "GIF", TRUE },
  { "bmp", "image/bmp", "BMP", TRUE },
  { "cr2", "image/x-canon-cr2", "CR2", TRUE },
  { "nef", "image/x-nikon-nef", "NEF", TRUE },
  { "dng", "image/x-adobe-dng", "DNG", TRUE },
  { "jxl", "image/jxl", "JPEG XL", FALSE },
  { "raf", "image/x-fuji-raf", "RAF", FALSE },
  { "orf", "image/x-olympus-orf", "ORF", FALSE },
  { "rw2", "image/x-panasonic-rw2", "RW2", FALSE },
  { "cr3", "image/x-canon-cr3", "CR3", FALSE },
  { "crw", "image/x-canon-crw", "CRW", FALSE },
  { "arw", "image/x-sony-arw", "ARW", FALSE },
  { "pef", "image/x-pentax-pef", "PEF", FALSE },
  { "srw", "image/x-samsung-srw", "SRW", FALSE },
  { "nrw", "image/x-nikon-nrw", "NRW", FALSE },
  { "mp4", "video/mp4", "MP4", FALSE },
  { "mov", "video/quicktime", "QuickTime", FALSE },
};

/* TIFF-based RAW formats we recognise by extension only and do not read. */
static const char *const tiff_raw_extensions[] = { "arw", "pef", "srw", "nrw", NULL };

/* Extensions that promise an image: unknown bytes under one are a damaged
 * image rather than a file of another kind. */
static const char *const image_extensions[] = {
  "jpg", "jpeg", "jpe", "jfif", "mpo", "png", "webp", "tif", "tiff", "heic", "heif", "hif", "avif",
  "gif", "bmp",  "cr2", "nef",  "dng", "jxl", "raf",  "orf", "rw2",  "cr3",  "crw",  "arw", NULL,
};

static const FormatInfo *
format_info (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].id, id) == 0)
      return &formats[i];
  return NULL;
}

static char *
extension_of (const char *name)
{
  const char *dot;

  if (name == NULL)
    return NULL;
  dot = strrchr (name, '.');
  if (dot == NULL || dot[1] == '\0' || strlen (dot + 1) > 8)
    return NULL;
  return g_ascii_strdown (dot + 1, -1);
}

/* ---- sniffing ---- */

static gboolean
brand_is (const guint8 *b, const char *brand)
{
  return memcmp (b, brand, 4) == 0;
}

static const char *
sniff_isobmff (const guint8 *data, gsize len, const char **mime)
{
  guint32 box = sv_read_u32 (data, TRUE);
  gsize end = MIN (len, box >= 16 ? box : 16);
  const guint8 *major = data + 8;
  gboolean heic = FALSE, mif1 = FALSE, avif = FALSE, video = FALSE, qt = FALSE, crx = FALSE;

  for (gsize pos = 8; pos + 4 <= end; pos += 4)
    {
      const guint8 *b = data + pos;
      if (pos == 12)
        continue; /* minor version */
      if (brand_is (b, "avif") || brand_is (b, "avis"))
        avif = TRUE;
      else if (brand_is (b, "heic") || brand_is (b, "heix") || brand_is (b, "heim") ||
               brand_is (b, "heis") || brand_is (b, "hevc") || brand_is (b, "hevx"))
        heic = TRUE;
      else if (brand_is (b, "mif1") || brand_is (b, "msf1"))
        mif1 = TRUE;
      else if (brand_is (b, "crx "))
        crx = TRUE;
      else if (brand_is (b, "qt  "))
        qt = TRUE;
      else if (brand_is (b, "isom") || brand_is (b, "iso2") || brand_is (b, "mp41") ||
               brand_is (b, "mp42") || brand_is (b, "avc1") || brand_is (b, "M4V ") ||
               brand_is (b, "3gp4") || brand_is (b, "3gp5"))
        video = TRUE;
    }
  if (crx)
    {
      *mime = "image/x-canon-cr3";
      return "cr3";
    }
  if (brand_is (major, "avif") || brand_is (major, "avis") || (avif && !heic))
    {
      *mime = "image/avif";
      return "avif";
    }
  if (heic)
    {
      *mime = "image/heic";
      return "heif";
    }
  if (mif1)
    {
      *mime = "image/heif";
      return "heif";
    }
  if (qt)
    {
      *mime = "video/quicktime";
      return "mov";
    }
  if (video)
    {
      *mime = "video/mp4";
      return "mp4";
    }
  return NULL;
}

/* Looks at IFD0 inside the sniffed bytes for DNGVersion or a Nikon make. */
static const char *
sniff_tiff_kind (const guint8 *data, gsize len)
{
  gboolean be = data[0] == 'M';
  guint32 ifd = sv_read_u32 (data + 4, be);
  guint16 count;

  if (len >= 10 && data[8] == 'C' && data[9] == 'R')
    return "cr2";
  if (ifd < 8 || ifd > len || len - ifd < 2)
    return "tiff";
  count = sv_read_u16 (data + ifd, be);
  for (guint i = 0; i < count && ifd + 2 + (gsize) (i + 1) * 12 <= len; i++)
    {
      const guint8 *e = data + ifd + 2 + i * 12;
      guint16 tag = sv_read_u16 (e, be);

      if (tag == 0xC612)
        return "dng";
      if (tag == 0x010F && sv_read_u16 (e + 2, be) == 2)
        {
          guint32 n = sv_read_u32 (e + 4, be);
          const guint8 *s = NULL;
          if (n <= 4)
            s = e + 8;
          else
            {
              guint32 off = sv_read_u32 (e + 8, be);
              if (off < len && len - off >= n)
                s = data + off;
            }
          if (s != NULL && n >= 5 && memcmp (s, "NIKON", 5) == 0)
            {
              /* Nikon scanners write TIFFs too; NEF files have SubIFDs. */
              for (guint j = 0; j < count && ifd + 2 + (gsize) (j + 1) * 12 <= len; j++)
                if (sv_read_u16 (data + ifd + 2 + j * 12, be) == 0x014A)
                  return "nef";
            }
        }
    }
  return "tiff";
}

const char *
sv_metadata_sniff_format (const guint8 *data, gsize len, const char **mime_out)
{
  const char *id = NULL;
  const char *mime = NULL;

  if (data == NULL || len < 2)
    goto out;

  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    id = "jpeg";
  else if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    id = "png";
  else if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    id = "webp";
  else if (len >= 12 && memcmp (data, "\0\0\0\x0cJXL \r\n\x87\n", 12) == 0)
    id = "jxl";
  else if (data[0] == 0xFF && data[1] == 0x0A)
    id = "jxl";
  else if (len >= 16 && memcmp (data, "FUJIFILMCCD-RAW ", 16) == 0)
    id = "raf";
  else if (len >= 14 && memcmp (data, "II\x1a\0\0\0HEAPCCDR", 14) == 0)
    id = "crw";
  else if (len >= 4 && (memcmp (data, "IIRO", 4) == 0 || memcmp (data, "IIRS", 4) == 0 ||
                        memcmp (data, "MMOR", 4) == 0))
    id = "orf";
  else if (len >= 4 && memcmp (data, "IIU\0", 4) == 0)
    id = "rw2";
  else if (len >= 8 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    id = sniff_tiff_kind (data, len);
  else if (len >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    {
      id = sniff_isobmff (data, len, &mime);
      goto out;
    }
  else if (len >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    id = "gif";
  else if (len >= 26 && data[0] == 'B' && data[1] == 'M')
    {
      guint32 dib = sv_read_u32 (data + 14, FALSE);
      if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124)
        id = "bmp";
    }

  if (id != NULL)
    mime = format_info (id)->mime;
out:
  if (mime_out)
    *mime_out = id != NULL ? mime : NULL;
  return id;
}

gboolean
sv_metadata_format_is_supported (const char *format)
{
  const FormatInfo *fi = format_info (format);

  return fi != NULL && fi->supported;
}

/* ---- errors ---- */

static void
set_error (GError **error, const char *file_name, int code, const char *message)
{
  if (file_name != NULL)
    {
      /* Names need not be UTF-8; messages must be. */
      g_autofree char *display = g_filename_display_name (file_name);

      g_set_error (error, SV_ERROR, code, _ ("Cannot read “%s”: %s"), display, message);
    }
  else
    g_set_error_literal (error, SV_ERROR, code, message);
}

static void
unsupported_error (GError **error, const char *file_name, const FormatInfo *fi)
{
  g_autofree char *msg = NULL;

  if (g_strcmp0 (fi->id, "jxl") == 0)
    msg = g_strdup (
        _ ("JPEG XL images are not supported yet: this system has no image loader for them"));
  else if (g_str_has_prefix (fi->mime, "video/"))
    msg = g_strdup_printf (_ ("%s videos are not supported yet"), fi->display);
  else
    msg = g_strdup_printf (_ ("%s RAW files are not supported yet"), fi->display);
  set_error (error, file_name, SV_ERROR_UNSUPPORTED, msg);
}

static void
corrupt_error (GError **error, const char *file_name, const FormatInfo *fi)
{
  g_autofree char *msg = g_strdup_printf (_ ("This is not a valid %s image"), fi->display);
  set_error (error, file_name, SV_ERROR_CORRUPT, msg);
}

/* ---- merging ---- */

typedef struct
{
  SvContainerData c;
  SvExifFields exif;
  gboolean have_exif;
  SvXmpData xmp;
  SvIptcData iptc;
} Reader;

static void
reader_init (Reader *r)
{
  sv_container_data_init (&r->c);
  sv_exif_fields_init (&r->exif);
  sv_xmp_data_init (&r->xmp);
  sv_iptc_data_init (&r->iptc);
}

static void
reader_clear (Reader *r)
{
  sv_container_data_clear (&r->c);
  sv_exif_fields_clear (&r->exif);
  sv_xmp_data_clear (&r->xmp);
  sv_iptc_data_clear (&r->iptc);
}

static gboolean
set_date (SvMediaInfo *info,
          const char *date,
          const char *offset,
          const char *subsec,
          SvDateSource source)
{
  g_autofree char *iso = NULL;
  g_autofree char *frac_digits = NULL;
  g_autofree char *frac = NULL;
  gboolean has_off = FALSE;
  int off = 0;

  if (date == NULL)
    return FALSE;
  if (!sv_exif_parse_datetime_full (date, &iso, NULL, &has_off, &off, &frac_digits))
    return FALSE;
  /* A fraction written in the date itself (XMP), else SubSecTime. */
  frac = sv_exif_subsec_suffix (frac_digits != NULL ? frac_digits : subsec);
  if (!has_off && offset != NULL)
    has_off = sv_exif_parse_offset (offset, &off);

  g_free (info->taken_local);
  info->taken_local = frac != NULL ? g_strconcat (iso, frac, NULL) : g_steal_pointer (&iso);
  info->has_utc_offset = has_off;
  info->utc_offset_minutes = has_off ? off : 0;
  info->date_source = source;
  return TRUE;
}

static void
add_keywords (GPtrArray *out, GPtrArray *in)
{
  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      const char *kw = g_ptr_array_index (in, i);
      g_autofree char *folded = g_utf8_casefold (kw, -1);
      gboolean dup = FALSE;

      for (guint j = 0; j < out->len && !dup; j++)
        {
          g_autofree char *other = g_utf8_casefold (g_ptr_array_index (out, j), -1);
          dup = strcmp (folded, other) == 0;
        }
      if (!dup && out->len < 2 * SV_XMP_MAX_KEYWORDS)
        g_ptr_array_add (out, g_strdup (kw));
    }
}

/* XMP coordinates "DDD,MM.mmk" / "DDD,MM,SSk" (k = N, S, E or W), used
 * when EXIF has none: editors such as digiKam write GPS only there, or leave
 * the EXIF GPS block empty. */
static gboolean
parse_xmp_coordinate (const char *raw, double limit, double *out)
{
  g_autofree char *text = NULL;
  char ref[2] = { 0, 0 };
  double degrees;
  gsize len;

  if (raw == NULL)
    return FALSE;
  text = g_strstrip (g_strdup (raw));
  len = strlen (text);
  if (len < 2 || len > 64)
    return FALSE;
  if (strchr ("NSEWnsew", text[len - 1]) != NULL)
    {
      ref[0] = text[len - 1];
      text[len - 1] = '\0';
    }
  if (text[0] == '-' || !sv_exif_gps_parse_string (text, &degrees))
    return FALSE;
  return sv_exif_gps_finish (degrees, ref, limit, out);
}

static void
merge_xmp_gps (const SvXmpData *xmp, SvMediaInfo *info)
{
  double lat, lon;

  if (!parse_xmp_coordinate (xmp->gps_latitude, 90, &lat) ||
      !parse_xmp_coordinate (xmp->gps_longitude, 180, &lon) || (lat == 0.0 && lon == 0.0))
    return;
  info->has_gps = TRUE;
  info->latitude = lat;
  info->longitude = lon;
  if (xmp->gps_altitude != NULL)
    {
      guint64 num = 0, den = 1;
      char *end = NULL;

      num = g_ascii_strtoull (xmp->gps_altitude, &end, 10);
      if (end != xmp->gps_altitude && *end == '/')
        den = g_ascii_strtoull (end + 1, &end, 10);
      if (end != NULL && *end == '\0' && den != 0 && num / den < 100000)
        {
          info->has_altitude = TRUE;
          info->altitude = (double) num / (double) den;
          if (xmp->gps_altitude_ref == 1)
            info->altitude = -info->altitude;
        }
    }
}

static void
merge (Reader *r, SvMediaInfo *info)
{
  SvExifFields *e = &r->exif;
  g_autoptr (GPtrArray) keywords = g_ptr_array_new ();
  const char *caption = NULL;

  info->stored_width = MAX (r->c.width, 0);
  info->stored_height = MAX (r->c.height, 0);

  /* Orientation: EXIF 1..8; any other EXIF value is 1; none: XMP. */
  if (e->orientation != 0)
    info->orientation = e->orientation >= 1 && e->orientation <= 8 ? e->orientation : 1;
  else if (r->xmp.orientation >= 1 && r->xmp.orientation <= 8)
    info->orientation = r->xmp.orientation;
  else
    info->orientation = 1;

  /* Capture time */
  if (!set_date (info, e->date_original, e->offset_original, e->subsec_original,
                 SV_DATE_SOURCE_EXIF) &&
      !set_date (info, e->date_digitized, e->offset_digitized, e->subsec_digitized,
                 SV_DATE_SOURCE_EXIF) &&
      !set_date (info, r->xmp.date_created, NULL, NULL, SV_DATE_SOURCE_XMP) &&
      !set_date (info, r->xmp.create_date, NULL, NULL, SV_DATE_SOURCE_XMP))
    set_date (info, r->xmp.date_original, NULL, NULL, SV_DATE_SOURCE_XMP);

  /* Camera */
  info->make = g_strdup (e->make);
  info->model = g_strdup (e->model);
  info->camera = sv_camera_name_normalise (e->make, e->model);
  if (e->lens_model != NULL)
    {
      if (e->lens_make != NULL &&
          g_ascii_strncasecmp (e->lens_model, e->lens_make, strlen (e->lens_make)) != 0)
        info->lens = g_strdup_printf ("%s %s", e->lens_make, e->lens_model);
      else
        info->lens = g_strdup (e->lens_model);
    }
  if (isfinite (e->exposure_time) && e->exposure_time > 0 && e->exposure_time < 1e6)
    info->exposure_time = e->exposure_time;
  if (isfinite (e->f_number) && e->f_number > 0 && e->f_number < 1e4)
    info->f_number = e->f_number;
  if (isfinite (e->focal_length) && e->focal_length > 0 && e->focal_length < 1e5)
    info->focal_length = e->focal_length;
  info->iso = e->iso;

  /* GPS: both coordinates, in range (checked when read), and not exactly
   * 0,0: that is what GPS chips report before they have a fix (and what
   * "empty" GPS blocks hold); nobody photographs Null Island. */
  if (e->has_lat && e->has_lon && !(e->lat == 0.0 && e->lon == 0.0))
    {
      info->has_gps = TRUE;
      info->latitude = e->lat;
      info->longitude = e->lon;
      if (e->has_alt)
        {
          info->has_altitude = TRUE;
          info->altitude = e->alt;
        }
    }
  else
    merge_xmp_gps (&r->xmp, info);

  /* Caption, as the Metadata Working Group recommends: EXIF ImageDescription
   * unless it is camera boilerplate, then XMP dc:description, then IPTC
   * (which editors often leave stale). */
  if (e->description != NULL && !sv_exif_caption_is_junk (e->description, e->make, e->model))
    caption = e->description;
  else if (r->xmp.description != NULL &&
           !sv_exif_caption_is_junk (r->xmp.description, e->make, e->model))
    caption = r->xmp.description;
  else if (r->iptc.caption != NULL && !sv_exif_caption_is_junk (r->iptc.caption, e->make, e->model))
    caption = r->iptc.caption;
  if (caption != NULL)
    {
      info->caption = g_strdup (caption);
      g_strstrip (info->caption);
    }

  add_keywords (keywords, r->xmp.keywords);
  add_keywords (keywords, r->iptc.keywords);
  if (keywords->len > 0)
    {
      g_ptr_array_add (keywords, NULL);
      info->keywords = (char **) g_ptr_array_steal (keywords, NULL);
    }

  if (r->xmp.rating >= 0 && r->xmp.rating <= 5)
    info->rating = r->xmp.rating;
  else if (e->rating >= 0 && e->rating <= 5)
    info->rating = e->rating;
}

static void
parse_blocks (Reader *r)
{
  if (r->c.exif != NULL)
    {
      gsize len;
      const guint8 *p = g_bytes_get_data (r->c.exif, &len);
      if (sv_exif_reader_parse (p, len, &r->exif))
        r->have_exif = TRUE;
    }
  if (r->c.xmp != NULL)
    {
      gsize len;
      const char *p = g_bytes_get_data (r->c.xmp, &len);
      sv_xmp_parse (p, len, &r->xmp);
    }
  else if (r->exif.xmp != NULL)
    sv_xmp_parse ((const char *) r->exif.xmp, r->exif.xmp_len, &r->xmp);

  if (r->c.iptc_irb != NULL)
    {
      gsize len;
      const guint8 *p = g_bytes_get_data (r->c.iptc_irb, &len);
      sv_iptc_parse_photoshop (p, len, &r->iptc);
    }
  else if (r->c.iptc_iim != NULL)
    {
      gsize len;
      const guint8 *p = g_bytes_get_data (r->c.iptc_iim, &len);
      if (!sv_iptc_parse_iim (p, len, &r->iptc))
        sv_iptc_parse_photoshop (p, len, &r->iptc);
    }
  else if (r->exif.iptc != NULL)
    sv_iptc_parse_iim (r->exif.iptc, r->exif.iptc_len, &r->iptc);
}

/* The shared part of read_file and read_bytes. @path is set for files (for
 * libheif), @mem for memory. */
static gboolean
read_source (SvByteSource *src,
             const char *path,
             const guint8 *mem,
             const char *file_name,
             SvMediaInfo *info,
             GError **error)
{
  guint8 head[SNIFF_LEN];
  gsize head_len = (gsize) MIN (src->size, (guint64) SNIFF_LEN);
  const char *id, *mime = NULL;
  const FormatInfo *fi;
  g_autofree char *ext = extension_of (file_name);
  Reader r;
  gboolean ok = FALSE;

  if (src->size == 0)
    {
      set_error (error, file_name, SV_ERROR_CORRUPT, _ ("The file is empty"));
      return FALSE;
    }
  if (!sv_byte_source_read (src, 0, head, head_len))
    {
      if (src->error != NULL)
        g_propagate_error (error, g_steal_pointer (&src->error));
      else
        set_error (error, file_name, SV_ERROR_IO, _ ("The file could not be read"));
      return FALSE;
    }

  id = sv_metadata_sniff_format (head, head_len, &mime);
  if (id == NULL)
    {
      if (ext != NULL && g_strv_contains (image_extensions, ext))
        set_error (error, file_name, SV_ERROR_CORRUPT,
                   _ ("The file is damaged or is not really an image"));
      else
        set_error (error, file_name, SV_ERROR_UNSUPPORTED,
                   _ ("This is not an image file Souvenir can read"));
      return FALSE;
    }
  if (g_strcmp0 (id, "tiff") == 0 && ext != NULL && g_strv_contains (tiff_raw_extensions, ext))
    id = format_info (ext)->id;
  fi = format_info (id);

  g_clear_pointer (&info->format, g_free);
  g_clear_pointer (&info->mime_type, g_free);
  info->format = g_strdup (fi->id);
  info->mime_type = g_strdup (g_strcmp0 (fi->id, id) == 0 && mime != NULL ? mime : fi->mime);
  info->kind =
      g_str_has_prefix (info->mime_type, "video/") ? SV_MEDIA_KIND_VIDEO : SV_MEDIA_KIND_PHOTO;

  if (!fi->supported)
    {
      unsupported_error (error, file_name, fi);
      return FALSE;
    }

  reader_init (&r);
  if (strcmp (id, "jpeg") == 0 || strcmp (id, "mpo") == 0)
    {
      ok = sv_container_read_jpeg (src, &r.c);
      /* Many cameras add an MPF segment for their preview image (Nikon);
       * only .mpo files are stereo/multi-view pictures. */
      if (ok && r.c.is_mpo && g_strcmp0 (ext, "mpo") == 0)
        {
          g_free (info->format);
          info->format = g_strdup ("mpo");
        }
    }
  else if (strcmp (id, "png") == 0)
    ok = sv_container_read_png (src, &r.c);
  else if (strcmp (id, "webp") == 0)
    ok = sv_container_read_webp (src, &r.c);
  else if (strcmp (id, "gif") == 0)
    ok = sv_container_read_gif (src, &r.c);
  else if (strcmp (id, "bmp") == 0)
    ok = sv_container_read_bmp (src, &r.c);
  else if (strcmp (id, "heif") == 0 || strcmp (id, "avif") == 0)
    {
      g_autofree char *reason = NULL;

      ok = sv_heif_read (path, mem, (gsize) src->size, src, &r.c, &reason);
      if (!ok)
        g_debug ("libheif: %s", reason);
      /* heif-gdk-pixbuf applies irot/imir: the size above is already the
       * displayed one and thumbnails must not rotate again. */
      info->decoder_applies_orientation = TRUE;
    }
  else
    {
      SvTiffInfo ti;

      /* TIFF, CR2, NEF, DNG: walk the IFDs ourselves. */
      ok = sv_tiff_read (src, 0, &r.exif, &ti);
      if (ok)
        {
          r.have_exif = TRUE;
          r.c.width = r.exif.width;
          r.c.height = r.exif.height;
          /* CR2's IFD0 is a preview and its raw IFD has no size tags: the
           * sensor's output size is the EXIF pixel dimensions. */
          if (ti.cr2 && r.exif.exif_width > 0 && r.exif.exif_height > 0)
            {
              r.c.width = r.exif.exif_width;
              r.c.height = r.exif.exif_height;
            }
          if (r.c.width == 0 && ti.n_ifds == 0)
            ok = FALSE;
        }
    }

  if (src->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&src->error));
      reader_clear (&r);
      return FALSE;
    }
  if (!ok)
    {
      corrupt_error (error, file_name, fi);
      reader_clear (&r);
      return FALSE;
    }

  parse_blocks (&r);
  merge (&r, info);
  reader_clear (&r);

  if (info->taken_local == NULL && file_name != NULL)
    {
      g_autofree char *iso = NULL;
      gboolean has_time;

      if (sv_filename_date_parse (file_name, &iso, &has_time))
        {
          info->taken_local = g_steal_pointer (&iso);
          info->has_utc_offset = FALSE;
          info->date_source = SV_DATE_SOURCE_FILE_NAME;
        }
    }
  return TRUE;
}

gboolean
sv_metadata_read_bytes (const guint8 *data,
                        gsize len,
                        const char *file_name,
                        SvMediaInfo *info,
                        GError **error)
{
  SvByteSource src;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sv_byte_source_init_memory (&src, data, len);
  ok = read_source (&src, NULL, data, file_name, info, error);
  sv_byte_source_clear (&src);
  return ok;
}

gboolean
sv_metadata_read_file (const char *path, SvMediaInfo *info, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInfo) finfo = NULL;
  g_autofree char *basename = NULL;
  SvByteSource src;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  basename = g_path_get_basename (path);
  finfo =
      g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                         G_FILE_QUERY_INFO_NONE, NULL, error);
  if (finfo == NULL)
    return FALSE;
  if (g_file_info_get_file_type (finfo) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _ ("“%s” is not a regular file"),
                   basename);
      return FALSE;
    }
  if (!sv_byte_source_init_file (&src, file, error))
    return FALSE;
  ok = read_source (&src, path, NULL, basename, info, error);
  sv_byte_source_clear (&src);

  if (ok && info->taken_local == NULL)
    {
      g_autoptr (GDateTime) mtime = g_file_info_get_modification_date_time (finfo);

      sv_media_info_set_local_time (info, mtime, SV_DATE_SOURCE_FILE_TIME);
    }
  return ok;
}
