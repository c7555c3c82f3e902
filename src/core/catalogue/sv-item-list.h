/* sv-item-list.h: a GListModel of SvMediaItem over a catalogue query
 *
 * Keeps only the ordered ids; the id query runs in a worker thread on its
 * own read-only connection and items are built on demand, a page at a time.
 * Follows the catalogue's "changed" signal with one items-changed per
 * contiguous range that changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_ITEM_LIST (sv_item_list_get_type ())
G_DECLARE_FINAL_TYPE (SvItemList, sv_item_list, SV, ITEM_LIST, GObject)

/* Starts loading at once: the list is empty until "loading" turns FALSE. */
SvItemList *
sv_item_list_new (SvCatalogue *catalogue, const SvQuery *query);
SvCatalogue *
sv_item_list_get_catalogue (SvItemList *self);
const SvQuery *
sv_item_list_get_query (SvItemList *self);
/* Replaces the query and reloads. */
void
sv_item_list_set_query (SvItemList *self, const SvQuery *query);
/* Runs the query again and swaps with one items-changed (0, old, new). */
void
sv_item_list_reload (SvItemList *self);
/* TRUE while a full load runs. */
gboolean
sv_item_list_get_loading (SvItemList *self);
/* TRUE while an update after a catalogue change runs. */
gboolean
sv_item_list_get_updating (SvItemList *self);
/* Position of @id, or -1. */
int
sv_item_list_find (SvItemList *self, gint64 id);
/* The item id at @position without building the item; 0 when out of range. */
gint64
sv_item_list_get_id (SvItemList *self, guint position);

G_END_DECLS
