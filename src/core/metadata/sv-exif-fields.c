/* sv-exif-fields.c: raw EXIF values to clean values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sv-exif-fields.h"

void
sv_exif_fields_init (SvExifFields *f)
{
  memset (f, 0, sizeof *f);
  f->rating = -1;
  f->lat = f->lon = f->alt = NAN;
}

void
sv_exif_fields_clear (SvExifFields *f)
{
  g_free (f->date_original);
  g_free (f->offset_original);
  g_free (f->subsec_original);
  g_free (f->date_digitized);
  g_free (f->offset_digitized);
  g_free (f->subsec_digitized);
  g_free (f->make);
  g_free (f->model);
  g_free (f->lens_make);
  g_free (f->lens_model);
  g_free (f->description);
  g_free (f->iptc);
  g_free (f->xmp);
  sv_exif_fields_init (f);
}

char *
sv_exif_clean_string (const char *s, gsize len)
{
  gsize start = 0, end;
  g_autofree char *copy = NULL;

  if (s == NULL)
    return NULL;
  /* Stop at the first NUL: EXIF ASCII values are NUL-terminated and what
   * follows is padding or garbage. */
  end = 0;
  while (end < len && s[end] != '\0')
    end++;
  while (start < end && g_ascii_isspace (s[start]))
    start++;
  while (end > start && g_ascii_isspace (s[end - 1]))
    end--;
  if (end == start)
    return NULL;
  copy = g_strndup (s + start, end - start);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      /* EXIF ASCII is often Latin-1 in practice. */
      g_autofree char *conv = g_convert (copy, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      if (conv != NULL)
        return g_steal_pointer (&conv);
      return g_utf8_make_valid (copy, -1);
    }
  return g_steal_pointer (&copy);
}

gboolean
sv_exif_gps_dms_to_degrees (const guint32 *nums, const guint32 *dens, guint n, double *out)
{
  double parts[3] = { 0, 0, 0 };
  double value;

  if (n == 0 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (dens[i] == 0)
        return FALSE;
      parts[i] = (double) nums[i] / (double) dens[i];
    }
  value = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  if (!isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
sv_exif_gps_parse_string (const char *s, double *out)
{
  double parts[3] = { 0, 0, 0 };
  guint n = 0;
  const char *p = s;

  if (s == NULL)
    return FALSE;
  while (*p != '\0' && n < 3)
    {
      char *end = NULL;

      if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
        {
          parts[n++] = g_ascii_strtod (p, &end);
          if (end == p)
            return FALSE;
          p = end;
        }
      else
        p++;
    }
  if (n == 0)
    return FALSE;
  *out = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  return isfinite (*out);
}

gboolean
sv_exif_gps_finish (double degrees, const char *ref, double limit, double *out)
{
  if (!isfinite (degrees) || degrees < 0 || degrees > limit)
    return FALSE;
  if (ref != NULL && (ref[0] == 'S' || ref[0] == 's' || ref[0] == 'W' || ref[0] == 'w'))
    degrees = -degrees;
  *out = degrees;
  return TRUE;
}

typedef struct
{
  gint64 value;
  guint ndigits;
  gsize start, end;
} Token;

/* Splits @s into runs of digits (at most @max, each at most 9 digits). */
static guint
tokenize (const char *s, Token *toks, guint max)
{
  guint n = 0;
  gsize i = 0;

  while (s[i] != '\0' && n < max)
    {
      if (g_ascii_isdigit (s[i]))
        {
          Token *t = &toks[n++];

          t->start = i;
          t->value = 0;
          t->ndigits = 0;
          while (g_ascii_isdigit (s[i]))
            {
              if (t->ndigits < 9)
                t->value = t->value * 10 + (s[i] - '0');
              t->ndigits++;
              i++;
            }
          t->end = i;
        }
      else
        i++;
    }
  return n;
}

/* Dates after this are clock errors (2099, 2106, 2216 in the wild): a year
 * from now. Before 1800 nothing was photographed. */
static gboolean
date_is_plausible (int y, int mo, int d, int h, int mi, int sec)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) limit = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (y < 1800 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    return FALSE;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
    return FALSE;
  now = g_date_time_new_now_utc ();
  limit = g_date_time_add_years (now, 1);
  dt = g_date_time_new_utc (y, mo, d, h, mi, sec);
  if (dt == NULL || limit == NULL)
    return FALSE;
  return g_date_time_compare (dt, limit) <= 0;
}

/* The full parser behind sv_exif_parse_datetime() and the XMP dates.
 *
 * Accepted (what the test photos hold):
 *   "2004:06:21 23:37:53"        standard EXIF
 *   "2004/05/09 16:00:21"        other date separators
 *   "2003:08:27:00:09:15"        colon between date and time
 *   "2008:02:15 16:00"           no seconds: :00
 *   "2004-06-21T23:37:53.06-04:00" XMP/ISO 8601 with fraction and offset
 *   "2004-06-21"                 date only: 12:00:00, has_time FALSE
 *   "05.10.2009 11:16"           dotted day.month.year (the European
 *                                 convention for dots; US cameras use slashes)
 * Rejected: "0000:00:00 00:00:00" and blanks (unknown), impossible dates,
 * and dates more than a year in the future (2099, 2106, 2216: an unset or
 * corrupted camera clock), so that the next source in the fallback order
 * is used instead. */
gboolean
sv_exif_parse_datetime_full (const char *s,
                             char **iso_out,
                             gboolean *has_time,
                             gboolean *has_offset,
                             int *offset_minutes,
                             char **subsec_out)
{
  Token t[10];
  guint n;
  int y, mo, d, h = 12, mi = 0, sec = 0;
  gboolean timed = FALSE;
  guint next = 3;
  gsize rest;

  if (has_offset)
    *has_offset = FALSE;
  if (subsec_out)
    *subsec_out = NULL;
  if (s == NULL)
    return FALSE;
  n = tokenize (s, t, G_N_ELEMENTS (t));
  if (n < 3)
    return FALSE;

  if (t[0].ndigits == 4 && t[1].ndigits <= 2 && t[2].ndigits <= 2)
    {
      y = (int) t[0].value;
      mo = (int) t[1].value;
      d = (int) t[2].value;
    }
  else if (t[0].ndigits <= 2 && t[1].ndigits <= 2 && t[2].ndigits == 4 && s[t[0].end] == '.')
    {
      d = (int) t[0].value;
      mo = (int) t[1].value;
      y = (int) t[2].value;
    }
  else if (t[0].ndigits <= 2 && t[1].ndigits <= 2 && t[2].ndigits == 4 && s[t[0].end] == '/')
    {
      mo = (int) t[0].value;
      d = (int) t[1].value;
      y = (int) t[2].value;
    }
  else
    return FALSE;

  rest = t[2].end;
  if (n >= 5 && t[3].ndigits <= 2 && t[4].ndigits <= 2)
    {
      timed = TRUE;
      h = (int) t[3].value;
      mi = (int) t[4].value;
      sec = 0;
      rest = t[4].end;
      next = 5;
      if (n >= 6 && t[5].ndigits <= 2 && s[t[4].end] == ':')
        {
          sec = (int) t[5].value;
          rest = t[5].end;
          next = 6;
          if (n >= 7 && s[t[5].end] == '.' && t[6].start == t[5].end + 1)
            {
              if (subsec_out)
                *subsec_out = g_strndup (s + t[6].start, t[6].end - t[6].start);
              rest = t[6].end;
              next = 7;
            }
        }
    }
  if (sec == 60)
    sec = 59; /* leap second */

  if (!date_is_plausible (y, mo, d, h, mi, sec))
    {
      if (subsec_out)
        g_clear_pointer (subsec_out, g_free);
      return FALSE;
    }

  /* Time zone designator right after the time. */
  if (timed && has_offset != NULL)
    {
      const char *z = s + rest;

      while (*z == ' ')
        z++;
      if (*z == 'Z' || *z == 'z')
        {
          *has_offset = TRUE;
          *offset_minutes = 0;
        }
      else if ((*z == '+' || *z == '-') && next < n && t[next].start == (gsize) (z - s) + 1)
        {
          int off;

          if (!sv_exif_parse_offset (z, &off))
            off = G_MININT;
          if (off != G_MININT)
            {
              *has_offset = TRUE;
              *offset_minutes = off;
            }
        }
    }

  if (iso_out)
    *iso_out = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, sec);
  if (has_time)
    *has_time = timed;
  return TRUE;
}

char *
sv_exif_parse_datetime (const char *s)
{
  char *iso = NULL;

  if (!sv_exif_parse_datetime_full (s, &iso, NULL, NULL, NULL, NULL))
    return NULL;
  return iso;
}

gboolean
sv_exif_parse_offset (const char *s, int *minutes)
{
  int sign, hh, mm = 0;
  const char *p;

  if (s == NULL)
    return FALSE;
  while (*s == ' ')
    s++;
  if (*s == 'Z' && (s[1] == '\0' || s[1] == ' '))
    {
      *minutes = 0;
      return TRUE;
    }
  if (*s != '+' && *s != '-')
    return FALSE;
  sign = *s == '-' ? -1 : 1;
  p = s + 1;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  hh = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (*p == ':')
    p++;
  if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
    {
      mm = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }
  if (g_ascii_isdigit (*p))
    return FALSE;
  /* Real offsets run from -12:00 to +14:00. */
  if (hh > 14 || mm > 59 || hh * 60 + mm > 14 * 60)
    return FALSE;
  *minutes = sign * (hh * 60 + mm);
  return TRUE;
}

char *
sv_exif_subsec_suffix (const char *s)
{
  char digits[4] = "000";
  gsize len = 0;

  if (s == NULL)
    return NULL;
  while (*s == ' ')
    s++;
  for (const char *p = s; *p != '\0' && *p != ' '; p++)
    {
      if (!g_ascii_isdigit (*p))
        return NULL;
      if (len < 3)
        digits[len] = *p;
      len++;
    }
  if (len == 0)
    return NULL;
  return g_strdup_printf (".%s", digits);
}

gboolean
sv_exif_caption_is_junk (const char *caption, const char *make, const char *model)
{
  static const char *const junk[] = {
    "OLYMPUS DIGITAL CAMERA",
    "SONY DSC",
    "KONICA MINOLTA DIGITAL CAMERA",
    "MINOLTA DIGITAL CAMERA",
    "DIGITAL CAMERA",
    "PENTAX DIGITAL CAMERA",
    "SAMSUNG DIGITAL CAMERA",
    "KODAK DIGITAL STILL CAMERA",
    "DIGITAL STILL CAMERA",
    "EXIF_JPEG_PICTURE",
    "EXIF JPEG",
    "JPEG",
    "DEFAULT",
    "IMAGE",
    "PICTURE",
    "UNTITLED",
    "NO TITLE",
    "CAMERA",
    "DCIM",
    "MEMORY CARD",
    "DSC",
    "LEICA",
    "MINOLTA DSC",
    "KODAK CSC",
    "HP DIGITAL CAMERA",
    "SONY DIGITAL CAMERA",
    "CANON DIGITAL CAMERA",
    "NIKON DIGITAL CAMERA",
  };
  g_autofree char *trimmed = NULL;
  gboolean has_alnum = FALSE;

  if (caption == NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (caption));
  if (*trimmed == '\0')
    return TRUE;
  for (const char *p = trimmed; *p; p++)
    if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
      has_alnum = TRUE;
  if (!has_alnum)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    if (g_ascii_strcasecmp (trimmed, junk[i]) == 0)
      return TRUE;
  /* Software stamps: "Created with GIMP", "Processed with VSCO" */
  if (g_ascii_strncasecmp (trimmed, "Created with ", 13) == 0 ||
      g_ascii_strncasecmp (trimmed, "Processed with ", 15) == 0 ||
      g_ascii_strncasecmp (trimmed, "LEAD Technologies", 17) == 0)
    return TRUE;
  if ((make != NULL && g_ascii_strcasecmp (trimmed, make) == 0) ||
      (model != NULL && g_ascii_strcasecmp (trimmed, model) == 0))
    return TRUE;
  return FALSE;
}
