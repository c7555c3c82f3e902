/* sv-hlc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-hlc"

#include "config.h"

#include <string.h>

#include "sv-hlc.h"

gboolean
sv_hlc_node_is_valid (const char *node)
{
  gsize len;

  if (node == NULL)
    return FALSE;
  len = strlen (node);
  if (len == 0 || len > SV_HLC_NODE_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = node[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != ':' && c != '-')
        return FALSE;
    }
  return TRUE;
}

void
sv_hlc_init (SvHlc *clock, const char *node)
{
  g_return_if_fail (clock != NULL);
  g_return_if_fail (sv_hlc_node_is_valid (node));

  clock->wall_ms = 0;
  clock->counter = 0;
  g_strlcpy (clock->node, node, sizeof clock->node);
}

static gboolean
parse_digits (const char *s, guint n, gint64 *out)
{
  gint64 v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
sv_hlc_parse (const char *str, SvHlc *out)
{
  gint64 wall, counter;
  gsize len;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  len = strnlen (str, SV_HLC_STRING_MAX + 1);
  if (len < 21 || len > SV_HLC_STRING_MAX)
    return FALSE;
  if (!parse_digits (str, 13, &wall) || str[13] != '-')
    return FALSE;
  if (!parse_digits (str + 14, 5, &counter) || str[19] != '-')
    return FALSE;
  if (!sv_hlc_node_is_valid (str + 20))
    return FALSE;

  out->wall_ms = wall;
  out->counter = (guint) counter;
  g_strlcpy (out->node, str + 20, sizeof out->node);
  return TRUE;
}

void
sv_hlc_format (const SvHlc *clock, char *buf, gsize buf_len)
{
  g_return_if_fail (clock != NULL);
  g_return_if_fail (buf != NULL && buf_len > SV_HLC_STRING_MAX);

  g_snprintf (buf, buf_len, "%013" G_GINT64_FORMAT "-%05u-%s",
              CLAMP (clock->wall_ms, 0, SV_HLC_WALL_MAX),
              MIN (clock->counter, (guint) SV_HLC_COUNTER_MAX), clock->node);
}

char *
sv_hlc_to_string (const SvHlc *clock)
{
  char buf[SV_HLC_STRING_MAX + 1];

  sv_hlc_format (clock, buf, sizeof buf);
  return g_strdup (buf);
}

int
sv_hlc_compare (const SvHlc *a, const SvHlc *b)
{
  int c;

  if (a->wall_ms != b->wall_ms)
    return a->wall_ms < b->wall_ms ? -1 : 1;
  if (a->counter != b->counter)
    return a->counter < b->counter ? -1 : 1;
  c = strcmp (a->node, b->node);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/* Keeps the canonical form: a counter past 99999 carries into the wall. */
static void
set_clock (SvHlc *clock, gint64 wall, gint64 counter)
{
  if (counter > SV_HLC_COUNTER_MAX)
    {
      wall += 1;
      counter = 0;
    }
  clock->wall_ms = MIN (wall, SV_HLC_WALL_MAX);
  clock->counter = (guint) counter;
}

void
sv_hlc_tick (SvHlc *clock, gint64 now_ms)
{
  g_return_if_fail (clock != NULL);

  now_ms = CLAMP (now_ms, 0, SV_HLC_WALL_MAX);
  if (now_ms > clock->wall_ms)
    set_clock (clock, now_ms, 0);
  else
    set_clock (clock, clock->wall_ms, (gint64) clock->counter + 1);
}

void
sv_hlc_receive (SvHlc *clock, const SvHlc *remote, gint64 now_ms)
{
  gint64 wall;

  g_return_if_fail (clock != NULL);
  g_return_if_fail (remote != NULL);

  now_ms = CLAMP (now_ms, 0, SV_HLC_WALL_MAX);
  wall = MAX (MAX (clock->wall_ms, remote->wall_ms), now_ms);
  if (wall == clock->wall_ms && wall == remote->wall_ms)
    set_clock (clock, wall, (gint64) MAX (clock->counter, remote->counter) + 1);
  else if (wall == clock->wall_ms)
    set_clock (clock, wall, (gint64) clock->counter + 1);
  else if (wall == remote->wall_ms)
    set_clock (clock, wall, (gint64) remote->counter + 1);
  else
    set_clock (clock, wall, 0);
}
