/* sv-blob-kind.c: tells photos from videos by a blob's first bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-blob-kind"

#include "config.h"

#include <string.h>

#include "sv-blob-kind.h"

static gboolean
has_prefix (const guint8 *data, gsize len, gsize offset, const char *magic, gsize magic_len)
{
  return len >= offset + magic_len && memcmp (data + offset, magic, magic_len) == 0;
}

static const char *const heif_brands[] = {
  "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis", NULL,
};

static const char *const video_brands[] = {
  "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "mp71", "avc1", "M4V ", "M4VH",
  "M4VP", "qt  ", "3gp4", "3gp5", "3gp6", "3g2a", "dash", "f4v ", "MSNV", "XAVC", "mmp4", NULL,
};

static gboolean
brand_in (const guint8 *brand, const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (memcmp (brand, list[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static SvBlobKind
sniff_isobmff (const guint8 *data, gsize len, const char **format_out)
{
  /* size(4) "ftyp" major(4) minor(4) compatible brands… */
  guint32 box_size;
  gsize end;

  if (!has_prefix (data, len, 4, "ftyp", 4) || len < 16)
    return SV_BLOB_KIND_UNKNOWN;

  box_size = ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) |
             (guint32) data[3];
  if (box_size < 16)
    return SV_BLOB_KIND_UNKNOWN;
  end = MIN ((gsize) box_size, len);

  /* The major brand decides; compatible brands only when it is unknown. */
  if (brand_in (data + 8, heif_brands))
    {
      *format_out = "heif";
      return SV_BLOB_KIND_PHOTO;
    }
  if (brand_in (data + 8, video_brands))
    {
      *format_out = memcmp (data + 8, "qt  ", 4) == 0 ? "mov" : "mp4";
      return SV_BLOB_KIND_VIDEO;
    }
  for (gsize off = 16; off + 4 <= end; off += 4)
    {
      if (brand_in (data + off, heif_brands))
        {
          *format_out = "heif";
          return SV_BLOB_KIND_PHOTO;
        }
    }
  for (gsize off = 16; off + 4 <= end; off += 4)
    {
      if (brand_in (data + off, video_brands))
        {
          *format_out = "mp4";
          return SV_BLOB_KIND_VIDEO;
        }
    }
  return SV_BLOB_KIND_UNKNOWN;
}

SvBlobKind
sv_blob_kind_sniff (const guint8 *data, gsize len, const char **format_out)
{
  const char *format = NULL;
  SvBlobKind kind = SV_BLOB_KIND_UNKNOWN;

  if (data == NULL)
    len = 0;

  if (has_prefix (data, len, 0, "\xff\xd8\xff", 3))
    {
      format = "jpeg";
      kind = SV_BLOB_KIND_PHOTO;
    }
  else if (has_prefix (data, len, 0, "\x89PNG\r\n\x1a\n", 8))
    {
      format = "png";
      kind = SV_BLOB_KIND_PHOTO;
    }
  else if (has_prefix (data, len, 0, "RIFF", 4) && has_prefix (data, len, 8, "WEBP", 4))
    {
      format = "webp";
      kind = SV_BLOB_KIND_PHOTO;
    }
  else if (has_prefix (data, len, 0, "RIFF", 4) && has_prefix (data, len, 8, "AVI ", 4))
    {
      format = "avi";
      kind = SV_BLOB_KIND_VIDEO;
    }
  else if (has_prefix (data, len, 0, "II*\0", 4) || has_prefix (data, len, 0, "MM\0*", 4))
    {
      /* TIFF and the TIFF-based RAW formats (DNG, NEF, CR2, ARW…). */
      format = "tiff";
      kind = SV_BLOB_KIND_PHOTO;
    }
  else if (has_prefix (data, len, 0, "IIRO", 4) || has_prefix (data, len, 0, "IIU\0", 4) ||
           has_prefix (data, len, 0, "FUJIFILMCCD-RAW", 15))
    {
      /* Olympus ORF, Panasonic RW2, Fujifilm RAF. */
      format = "raw";
      kind = SV_BLOB_KIND_PHOTO;
    }
  else if (has_prefix (data, len, 0, "\x1a\x45\xdf\xa3", 4))
    {
      /* EBML: Matroska or WebM. */
      format = "mkv";
      for (gsize i = 4; i + 4 <= len; i++)
        if (memcmp (data + i, "webm", 4) == 0)
          format = "webm";
      kind = SV_BLOB_KIND_VIDEO;
    }
  else
    {
      kind = sniff_isobmff (data, len, &format);
    }

  if (format_out != NULL)
    *format_out = kind == SV_BLOB_KIND_UNKNOWN ? NULL : format;
  return kind;
}

const char *
sv_blob_kind_to_string (SvBlobKind kind)
{
  switch (kind)
    {
      case SV_BLOB_KIND_PHOTO:
        return "photo";
      case SV_BLOB_KIND_VIDEO:
        return "video";
      case SV_BLOB_KIND_UNKNOWN:
      default:
        return NULL;
    }
}

SvBlobKind
sv_blob_kind_from_string (const char *str)
{
  if (g_strcmp0 (str, "photo") == 0)
    return SV_BLOB_KIND_PHOTO;
  if (g_strcmp0 (str, "video") == 0)
    return SV_BLOB_KIND_VIDEO;
  return SV_BLOB_KIND_UNKNOWN;
}

const char *
sv_blob_kind_extension (const char *format)
{
  static const struct
  {
    const char *format, *ext;
  } map[] = {
    { "jpeg", "jpg" },  { "png", "png" }, { "webp", "webp" }, { "avi", "avi" },
    { "tiff", "tif" },  { "raw", "raw" }, { "mkv", "mkv" },   { "webm", "webm" },
    { "heif", "heic" }, { "mov", "mov" }, { "mp4", "mp4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (format, map[i].format) == 0)
      return map[i].ext;
  return "bin";
}
