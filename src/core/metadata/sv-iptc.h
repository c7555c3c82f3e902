/* sv-iptc.h: IPTC-IIM caption and keywords, from a Photoshop resource block
 * (JPEG APP13 "Photoshop 3.0") or a bare IIM block (TIFF tag 0x83BB)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_IPTC_MAX_KEYWORDS 1000

typedef struct
{
  char *caption;       /* 2:120 Caption/Abstract */
  GPtrArray *keywords; /* 2:25 Keywords, UTF-8 */
} SvIptcData;

void
sv_iptc_data_init (SvIptcData *iptc);
void
sv_iptc_data_clear (SvIptcData *iptc);

/* @data: the Photoshop image resource blocks ("8BIM" ...), i.e. an APP13
 * payload after its "Photoshop 3.0\0" signature. Reads resource 0x0404. */
gboolean
sv_iptc_parse_photoshop (const guint8 *data, gsize len, SvIptcData *out);
/* @data: IIM datasets (0x1C record dataset size value...). Text is UTF-8
 * when 1:90 says so; otherwise Latin-1, unless it is valid UTF-8 holding
 * non-ASCII characters (many writers put UTF-8 without saying so, and
 * Latin-1 text is practically never valid UTF-8). */
gboolean
sv_iptc_parse_iim (const guint8 *data, gsize len, SvIptcData *out);

G_END_DECLS
