/* sv-catalogue-layout.h: what the timeline needs to lay out a query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  guint32 day;    /* YYYYMMDD (e.g. 20240714), 0 for an item without a date */
  guint32 width;  /* displayed size (orientation and its override applied), */
  guint32 height; /* 0 when unknown */
} SvLayoutItem;

/* One row per item of @q (limit and offset honoured), in the order of
 * sv_catalogue_query_ids (newest first), read in one SQL statement on a
 * read-only connection of its own: callable from a worker thread while the
 * catalogue is written. An array of SvLayoutItem. */
GArray *
sv_catalogue_layout_items (SvCatalogue *self, const SvQuery *q, GError **error);

G_END_DECLS
