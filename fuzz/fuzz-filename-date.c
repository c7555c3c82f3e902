/* fuzz-filename-date.c: sv_filename_date_parse() on any name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sv-filename-date.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  char *name = g_strndup ((const char *) data, size);
  char *iso = NULL;
  gboolean has_time = FALSE;

  if (sv_filename_date_parse (name, &iso, &has_time))
    {
      GDateTime *dt;
      g_assert (iso != NULL && strlen (iso) == 19);
      dt = g_date_time_new_from_iso8601 (iso, g_time_zone_new_utc ());
      g_assert (dt != NULL);
      g_assert (g_date_time_get_year (dt) >= 1970);
      g_date_time_unref (dt);
    }
  else
    g_assert (iso == NULL);
  g_free (iso);
  g_free (name);
  return 0;
}
