/* sv-face-overlay.h: face boxes and names over the viewer's picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sv-catalogue.h"
#include "sv-media-item.h"
#include "sv-picture-view.h"

G_BEGIN_DECLS

#define SV_TYPE_FACE_OVERLAY (sv_face_overlay_get_type ())
G_DECLARE_FINAL_TYPE (SvFaceOverlay, sv_face_overlay, SV, FACE_OVERLAY, GtkWidget)

/* Goes in a GtkOverlay above @picture_view; only its face boxes and its
 * "Faces" button take clicks, the rest reaches the picture. */
GtkWidget *
sv_face_overlay_new (SvPictureView *picture_view);
/* The photo shown (NULL: none); its faces are read in a worker and again
 * when the catalogue changes it. */
void
sv_face_overlay_set_item (SvFaceOverlay *self, SvCatalogue *catalogue, SvMediaItem *item);
/* Property "faces-visible": boxes and names shown (the button toggles it). */
gboolean
sv_face_overlay_get_faces_visible (SvFaceOverlay *self);
void
sv_face_overlay_set_faces_visible (SvFaceOverlay *self, gboolean visible);
/* The faces loaded for the item (for tests): count, id, box button. */
guint
sv_face_overlay_get_n_faces (SvFaceOverlay *self);
gint64
sv_face_overlay_get_face_id (SvFaceOverlay *self, guint index);
GtkWidget *
sv_face_overlay_get_face_button (SvFaceOverlay *self, guint index);
/* The "name this face" popover of @index: opened by a click on its box. */
void
sv_face_overlay_edit_face (SvFaceOverlay *self, guint index);
/* What the popover's entry and button do. */
gboolean
sv_face_overlay_name_face (SvFaceOverlay *self, gint64 face_id, const char *name);
gboolean
sv_face_overlay_remove_face (SvFaceOverlay *self, gint64 face_id);

/* Signal "toast" (AdwToast *): errors and confirmations. */

G_END_DECLS
