/* sv-hlc.h: hybrid logical clocks (physical milliseconds + logical counter +
 * node id) with a canonical string form that sorts like the clocks:
 * "WWWWWWWWWWWWW-CCCCC-NODE" (13-digit wall ms, 5-digit counter, node id).
 * Free of SQLite so the desktop sync client can share it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_HLC_NODE_MAX 64
#define SV_HLC_WALL_MAX G_GINT64_CONSTANT (9999999999999)
#define SV_HLC_COUNTER_MAX 99999
/* 13 + 1 + 5 + 1 + node */
#define SV_HLC_STRING_MAX (20 + SV_HLC_NODE_MAX)

typedef struct
{
  gint64 wall_ms; /* 0..SV_HLC_WALL_MAX */
  guint counter;  /* 0..SV_HLC_COUNTER_MAX */
  char node[SV_HLC_NODE_MAX + 1];
} SvHlc;

/* A node id is 1..64 characters of [A-Za-z0-9._:-]. */
gboolean
sv_hlc_node_is_valid (const char *node);

/* Sets @clock to zero time for @node (which must be valid). */
void
sv_hlc_init (SvHlc *clock, const char *node);

/* Parses the canonical form strictly; FALSE on anything else. */
gboolean
sv_hlc_parse (const char *str, SvHlc *out);

/* Writes the canonical form into @buf (at least SV_HLC_STRING_MAX + 1 bytes). */
void
sv_hlc_format (const SvHlc *clock, char *buf, gsize buf_len);
char *
sv_hlc_to_string (const SvHlc *clock);

/* Total order: wall, then counter, then node (bytewise). Same order as
 * strcmp() on the canonical strings. */
int
sv_hlc_compare (const SvHlc *a, const SvHlc *b);

/* Local event or send at physical time @now_ms: advances @clock so that it is
 * greater than before. */
void
sv_hlc_tick (SvHlc *clock, gint64 now_ms);

/* Receipt of @remote at physical time @now_ms: advances @clock past both its
 * old value and @remote (the node id stays @clock's). */
void
sv_hlc_receive (SvHlc *clock, const SvHlc *remote, gint64 now_ms);

G_END_DECLS
