/* fuzz-containers.c: the container extractors (JPEG, PNG, WebP, HEIF box
 * walker), the TIFF walker, libexif, and the XMP and IPTC parsers, each
 * on the same bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sv-containers.h"
#include "sv-exif-reader.h"
#include "sv-heif-reader.h"
#include "sv-iptc.h"
#include "sv-tiff-reader.h"
#include "sv-xmp.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef gboolean (*ContainerFunc) (SvByteSource *src, SvContainerData *out);

static void
run_container (ContainerFunc func, const guint8 *data, size_t size)
{
  SvByteSource src;
  SvContainerData c;

  sv_byte_source_init_memory (&src, data, size);
  sv_container_data_init (&c);
  func (&src, &c);
  g_assert (c.width >= 0 && c.height >= 0);
  /* and what they found, through the block parsers */
  if (c.exif != NULL)
    {
      SvExifFields f;
      gsize len;
      const guint8 *p = g_bytes_get_data (c.exif, &len);
      sv_exif_fields_init (&f);
      sv_exif_reader_parse (p, len, &f);
      sv_exif_fields_clear (&f);
    }
  if (c.xmp != NULL)
    {
      SvXmpData x;
      gsize len;
      const char *p = g_bytes_get_data (c.xmp, &len);
      sv_xmp_data_init (&x);
      sv_xmp_parse (p, len, &x);
      sv_xmp_data_clear (&x);
    }
  sv_container_data_clear (&c);
  sv_byte_source_clear (&src);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  SvExifFields f;
  SvTiffInfo ti;
  SvXmpData x;
  SvIptcData iptc;

  run_container (sv_container_read_jpeg, data, size);
  run_container (sv_container_read_png, data, size);
  run_container (sv_container_read_webp, data, size);
  run_container (sv_container_read_gif, data, size);
  run_container (sv_container_read_bmp, data, size);
  run_container (sv_heif_find_exif, data, size);

  sv_exif_fields_init (&f);
  sv_tiff_read_bytes (data, size, &f, &ti);
  g_assert (ti.n_ifds <= SV_TIFF_MAX_IFDS);
  sv_exif_fields_clear (&f);

  sv_exif_fields_init (&f);
  sv_exif_reader_parse (data, size, &f);
  sv_exif_fields_clear (&f);

  sv_xmp_data_init (&x);
  sv_xmp_parse ((const char *) data, size, &x);
  sv_xmp_data_clear (&x);

  sv_iptc_data_init (&iptc);
  sv_iptc_parse_photoshop (data, size, &iptc);
  sv_iptc_parse_iim (data, size, &iptc);
  sv_iptc_data_clear (&iptc);

  {
    GBytes *b = sv_container_decode_raw_profile ((const char *) data, size);
    if (b != NULL)
      g_bytes_unref (b);
  }
  return 0;
}
