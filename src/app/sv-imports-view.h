/* sv-imports-view.h: the Imports section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_IMPORTS_VIEW (sv_imports_view_get_type ())
G_DECLARE_FINAL_TYPE (SvImportsView, sv_imports_view, SV, IMPORTS_VIEW, AdwBin)

GtkWidget *
sv_imports_view_new (void);
void
sv_imports_view_set_catalogue (SvImportsView *self, SvCatalogue *catalogue);
/* Properties "empty" (no import yet, once loaded) and "loading". */
gboolean
sv_imports_view_get_empty (SvImportsView *self);
gboolean
sv_imports_view_get_loading (SvImportsView *self);
/* The imports listed (rows), newest first. */
guint
sv_imports_view_get_n_imports (SvImportsView *self);
gint64
sv_imports_view_get_import_id (SvImportsView *self, guint index);
/* Shows exactly the items of @import_id (0: back to the list). */
void
sv_imports_view_show_import (SvImportsView *self, gint64 import_id);
/* Property "import-id": the import shown, 0 for the list. */
gint64
sv_imports_view_get_shown_import (SvImportsView *self);
/* The timeline of the import shown (an SvTimelineView). */
GtkWidget *
sv_imports_view_get_timeline (SvImportsView *self);
/* Opens the dialog listing the failed files of the import shown. */
void
sv_imports_view_show_failures (SvImportsView *self);

G_END_DECLS
