/* sv-file-location.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-file-location"

#include "config.h"

#include "sv-file-location.h"

G_DEFINE_BOXED_TYPE (SvFileLocation, sv_file_location, sv_file_location_copy, sv_file_location_free)

SvFileLocation *
sv_file_location_copy (const SvFileLocation *loc)
{
  SvFileLocation *copy;

  g_return_val_if_fail (loc != NULL, NULL);

  copy = g_new0 (SvFileLocation, 1);
  *copy = *loc;
  copy->sha256 = g_strdup (loc->sha256);
  copy->role = g_strdup (loc->role);
  copy->path = g_strdup (loc->path);
  return copy;
}

void
sv_file_location_free (SvFileLocation *loc)
{
  if (loc == NULL)
    return;
  g_free (loc->sha256);
  g_free (loc->role);
  g_free (loc->path);
  g_free (loc);
}
