/* sv-viewer.h: the full-window viewer
 *
 * Shows one item of a list at a time: next/previous (arrows, swipe), zoom
 * (fit, 1:1, scroll, pinch) and pan; the preview thumbnail first, then the
 * original decoded off the main thread; videos play inline. An info pane
 * shows and edits the item's details. Everything it changes goes through the
 * catalogue's API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_VIEWER (sv_viewer_get_type ())
G_DECLARE_FINAL_TYPE (SvViewer, sv_viewer, SV, VIEWER, GtkWidget)

GtkWidget *
sv_viewer_new (void);

/* Shows @items (a GListModel of SvMediaItem, e.g. an SvItemList) at
 * @position. Follows the list as it changes (an item removed from under the
 * viewer moves it to the next one; an empty list emits "close"). */
void
sv_viewer_show (SvViewer *self, SvCatalogue *catalogue, GListModel *items, guint position);
/* The item shown (an SvMediaItem), or NULL. */
gpointer
sv_viewer_get_item (SvViewer *self);
guint
sv_viewer_get_position (SvViewer *self);
void
sv_viewer_next (SvViewer *self);
void
sv_viewer_previous (SvViewer *self);

/* Property "info-visible" (the info pane), "zoom" (double; 0 = fit). */
gboolean
sv_viewer_get_info_visible (SvViewer *self);
void
sv_viewer_set_info_visible (SvViewer *self, gboolean visible);
double
sv_viewer_get_zoom (SvViewer *self);
void
sv_viewer_set_zoom (SvViewer *self, double zoom);

/* Property "slideshow" (running) and "slideshow-interval" (seconds, 1..3600,
 * default 5): the slideshow moves to the next item (back to the first after
 * the last) at that interval. */
gboolean
sv_viewer_get_slideshow (SvViewer *self);
void
sv_viewer_set_slideshow (SvViewer *self, gboolean running);
guint
sv_viewer_get_slideshow_interval (SvViewer *self);
void
sv_viewer_set_slideshow_interval (SvViewer *self, guint seconds);

/* Property "loading": TRUE until the original is shown (or failed). The
 * texture shown (the preview, then the original), or NULL. */
gboolean
sv_viewer_get_loading (SvViewer *self);
GdkTexture *
sv_viewer_get_texture (SvViewer *self);
/* The message shown when the item cannot be shown at all, or NULL. */
const char *
sv_viewer_get_error (SvViewer *self);

/* Parts, for tests and the window: the SvPictureView and the SvViewerInfo. */
GtkWidget *
sv_viewer_get_picture_view (SvViewer *self);
GtkWidget *
sv_viewer_get_info (SvViewer *self);

/* Actions ("viewer." prefix): next, previous, close, info, zoom-in,
 * zoom-out, zoom-fit, zoom-original, zoom-toggle, favourite, rate (i),
 * rotate (i: quarter turns, 1 right, -1 left), delete, open-with,
 * show-in-files, slideshow, slideshow-interval (u). Shortcuts: Left/Right,
 * Escape, i and Alt+Return, plus/minus, 0 (fit), 1 (1:1), f, Ctrl+0…5,
 * Ctrl+R / Ctrl+Shift+R, Delete, Ctrl+O, F5. */

/* Signals:
 * - "close" (): the user left the viewer (Escape, back button); the window
 *   goes back to where it was and scrolls to sv_viewer_get_item ().
 * - "toast" (AdwToast *toast): show this toast (e.g. "Moved to trash" with
 *   Undo); the window owns the toast overlay. */

G_END_DECLS
