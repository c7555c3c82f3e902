/* sv-edit-selection.h: "Edit…" for a selection of photos and videos
 *
 * A dialog that edits many items at once: caption, a keyword to add (with
 * completions of the library's keywords) and one to remove, rating, a date
 * shift (±HH:MM, for a camera clock set wrong) and the place (a city of
 * the offline database). Fields left empty change nothing. The edits run
 * in a worker thread; the date shift and the place can be undone from the
 * toast that follows (the items' previous places are kept for that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Called on the main thread once the edit is done (or failed): a toast to
 * show (with "Undo" when it can be undone). */
typedef void (*SvEditSelectionDone) (AdwToast *toast, gpointer user_data);

/* The dialog for @ids (gint64) of @catalogue, transient for @parent, named
 * "edit-selection-dialog"; its rows are named "caption", "add-keyword",
 * "remove-keyword", "rating", "date-shift", "place", the completions list
 * "keyword-completions"; its responses "cancel" and "apply". */
AdwMessageDialog *
sv_edit_selection_dialog_new (GtkWindow *parent,
                              SvCatalogue *catalogue,
                              GArray *ids,
                              SvEditSelectionDone done,
                              gpointer user_data);
/* TRUE while an edit, an undo or a keyword lookup runs. */
gboolean
sv_edit_selection_get_busy (void);

G_END_DECLS
