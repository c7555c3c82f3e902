/* sv-filename-date.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-filename-date.h"

#define MAX_NAME 1024

/* Reads exactly @n digits at @s; -1 if they are not all digits. */
static int
digits (const char *s, guint n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return -1;
      v = v * 10 + (s[i] - '0');
    }
  return v;
}

static gboolean
is_sep (char c)
{
  return c == '_' || c == '-' || c == ' ' || c == '.' || c == 'T';
}

static gboolean
date_ok (int y, int mo, int d)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    return FALSE;
  /* At most a year ahead of today. */
  if (y > g_date_time_get_year (now) + 1)
    return FALSE;
  if (y == g_date_time_get_year (now) + 1)
    {
      int nm = g_date_time_get_month (now), nd = g_date_time_get_day_of_month (now);
      if (mo > nm || (mo == nm && d > nd))
        return FALSE;
    }
  return TRUE;
}

static gboolean
time_ok (int h, int mi, int s)
{
  return h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 60;
}

/* Tries a date at @p (which is not preceded by a digit). On success sets
 * the parts and returns TRUE. */
static gboolean
try_at (const char *p, int *y, int *mo, int *d, int *h, int *mi, int *s, gboolean *timed)
{
  const char *q;

  *timed = FALSE;
  /* YYYYMMDD */
  if ((*y = digits (p, 4)) >= 0 && (*mo = digits (p + 4, 2)) >= 0 && (*d = digits (p + 6, 2)) >= 0)
    {
      q = p + 8;
      if (g_ascii_isdigit (*q))
        return FALSE;
      if (!date_ok (*y, *mo, *d))
        return FALSE;
      /* _HHMMSS, -HHMMSS, then optional milliseconds or more digits */
      if ((*q == '_' || *q == '-' || *q == ' ' || *q == 'T') && (*h = digits (q + 1, 2)) >= 0 &&
          (*mi = digits (q + 3, 2)) >= 0 && (*s = digits (q + 5, 2)) >= 0)
        {
          const char *r = q + 7;
          guint extra = 0;
          while (g_ascii_isdigit (r[extra]))
            extra++;
          if (extra <= 3 && time_ok (*h, *mi, *s))
            *timed = TRUE;
        }
      return TRUE;
    }
  /* YYYY-MM-DD */
  if ((*y = digits (p, 4)) >= 0 && (p[4] == '-' || p[4] == '_' || p[4] == '.') &&
      (*mo = digits (p + 5, 2)) >= 0 && p[7] == p[4] && (*d = digits (p + 8, 2)) >= 0)
    {
      q = p + 10;
      if (g_ascii_isdigit (*q))
        return FALSE;
      if (!date_ok (*y, *mo, *d))
        return FALSE;
      if (is_sep (*q))
        {
          const char *t = q + 1;
          /* HH.MM.SS, HH-MM-SS, HH:MM:SS */
          if ((*h = digits (t, 2)) >= 0 &&
              (t[2] == '.' || t[2] == '-' || t[2] == ':' || t[2] == '_') &&
              (*mi = digits (t + 3, 2)) >= 0 && t[5] == t[2] && (*s = digits (t + 6, 2)) >= 0 &&
              !g_ascii_isdigit (t[8]) && time_ok (*h, *mi, *s))
            *timed = TRUE;
          /* HHMMSS */
          else if ((*h = digits (t, 2)) >= 0 && (*mi = digits (t + 2, 2)) >= 0 &&
                   (*s = digits (t + 4, 2)) >= 0 && !g_ascii_isdigit (t[6]) &&
                   time_ok (*h, *mi, *s))
            *timed = TRUE;
        }
      return TRUE;
    }
  return FALSE;
}

gboolean
sv_filename_date_parse (const char *basename, char **local_iso, gboolean *has_time)
{
  gsize len;

  if (local_iso)
    *local_iso = NULL;
  if (has_time)
    *has_time = FALSE;
  if (basename == NULL)
    return FALSE;
  for (len = 0; basename[len] != '\0'; len++)
    if (len >= MAX_NAME)
      return FALSE;

  for (gsize i = 0; i + 8 <= len; i++)
    {
      int y, mo, d, h = 12, mi = 0, s = 0;
      gboolean timed;

      if (!g_ascii_isdigit (basename[i]) || (i > 0 && g_ascii_isdigit (basename[i - 1])))
        continue;
      if (!try_at (basename + i, &y, &mo, &d, &h, &mi, &s, &timed))
        continue;
      if (!timed)
        {
          h = 12;
          mi = 0;
          s = 0;
        }
      if (local_iso)
        *local_iso = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
      if (has_time)
        *has_time = timed;
      return TRUE;
    }
  return FALSE;
}
