/* sv-filename-date.h: capture dates in camera, phone and messenger file names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Finds a capture date in a file's base name:
 *   IMG_20240714_153000, IMG_20240714_153000_123, PXL_20210714_123456789,
 *   20210714_123456, VID_20240714_153000, Screenshot_20240714-153000,
 *   Screenshot_2024-07-14-15-30-00, signal-2024-07-14-153000,
 *   "2024-07-14 15.30.00", and date-only names such as IMG-20240714-WA0001
 *   (WhatsApp) or 2024-07-14.
 * A date-only name gives "YYYY-MM-DDT12:00:00" with *has_time FALSE: noon
 * keeps the day right whatever the time zone turns out to be.
 * Rejects impossible dates (month 13, 30 February, 25:00) and years before
 * 1970 or more than a year in the future. The date must stand alone: digits
 * directly before or after it (a longer number, a hash) mean no match.
 * Returns TRUE and sets *local_iso ("YYYY-MM-DDTHH:MM:SS", g_free) and
 * *has_time (both optional). */
gboolean
sv_filename_date_parse (const char *basename, char **local_iso, gboolean *has_time);

G_END_DECLS
