/* sv-trash-view.h: the Trash section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_TRASH_VIEW (sv_trash_view_get_type ())
G_DECLARE_FINAL_TYPE (SvTrashView, sv_trash_view, SV, TRASH_VIEW, AdwBin)

GtkWidget *
sv_trash_view_new (void);
void
sv_trash_view_set_catalogue (SvTrashView *self, SvCatalogue *catalogue);
/* The items in the trash (an SvItemList), or NULL. */
GListModel *
sv_trash_view_get_items (SvTrashView *self);
/* Property "empty": no item in the trash (once loaded). */
gboolean
sv_trash_view_get_empty (SvTrashView *self);
/* Whole days before @item (in the trash) is deleted for good. */
int
sv_trash_view_get_days_left (SvTrashView *self, SvMediaItem *item);

/* What the buttons do. Restore runs at once; deleting asks first (an
 * AdwMessageDialog with the responses "cancel" and "delete"). */
void
sv_trash_view_restore (SvTrashView *self, const gint64 *ids, guint n);
void
sv_trash_view_ask_delete (SvTrashView *self, const gint64 *ids, guint n);
/* Asks, then empties the whole trash. */
void
sv_trash_view_ask_empty (SvTrashView *self);

/* Signal "toast" (AdwToast *): for the window's toast overlay. */

G_END_DECLS
