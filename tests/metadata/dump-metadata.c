/* dump-metadata.c: prints what sv_metadata_read_file() finds, one file per
 * line block (a debugging aid, not a test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-dump-metadata"

#include "config.h"

#include <locale.h>

#include "sv-metadata.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      SvMediaInfo info;
      g_autoptr (GError) error = NULL;
      g_autofree char *kw = NULL;

      sv_media_info_init (&info);
      if (!sv_metadata_read_file (argv[i], &info, &error))
        {
          g_print ("%s\tERROR %s\t%s\t%s\n", argv[i], g_quark_to_string (error->domain),
                   info.format, error->message);
          sv_media_info_clear (&info);
          continue;
        }
      kw = info.keywords ? g_strjoinv ("|", info.keywords) : NULL;
      g_print ("%s\t%s %s %dx%d o=%d dec=%d\n  date=%s off=%s%d src=%s\n  make=%s model=%s "
               "camera=%s lens=%s\n"
               "  exp=%g f=%g fl=%g iso=%d gps=%d %.8f %.8f alt=%d %g\n  caption=%s\n  keywords=%s "
               "rating=%d\n",
               argv[i], info.format, info.mime_type, info.stored_width, info.stored_height,
               info.orientation, info.decoder_applies_orientation, info.taken_local,
               info.has_utc_offset ? "" : "none/", info.utc_offset_minutes,
               sv_date_source_to_string (info.date_source), info.make, info.model, info.camera,
               info.lens, info.exposure_time, info.f_number, info.focal_length, info.iso,
               info.has_gps, info.latitude, info.longitude, info.has_altitude, info.altitude,
               info.caption, kw, info.rating);
      sv_media_info_clear (&info);
    }
  return 0;
}
