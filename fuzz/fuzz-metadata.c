/* fuzz-metadata.c: sv_metadata_read_bytes() on any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "sv-metadata.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  SvMediaInfo info;
  GError *error = NULL;

  sv_media_info_init (&info);
  if (sv_metadata_read_bytes (data, size, "IMG_20200101_120000.jpg", &info, &error))
    {
      g_assert (error == NULL);
      g_assert (info.orientation >= 1 && info.orientation <= 8);
      g_assert (info.stored_width >= 0 && info.stored_height >= 0);
      g_assert (info.taken_local != NULL);
      if (info.has_gps)
        g_assert (info.latitude >= -90 && info.latitude <= 90 && info.longitude >= -180 &&
                  info.longitude <= 180);
      if (info.caption != NULL)
        g_assert (g_utf8_validate (info.caption, -1, NULL));
      if (info.camera != NULL)
        g_assert (g_utf8_validate (info.camera, -1, NULL));
      for (guint i = 0; info.keywords != NULL && info.keywords[i] != NULL; i++)
        g_assert (g_utf8_validate (info.keywords[i], -1, NULL));
    }
  else
    {
      g_assert (error != NULL);
      g_error_free (error);
    }
  sv_media_info_clear (&info);
  return 0;
}
