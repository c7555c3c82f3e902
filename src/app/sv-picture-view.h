/* sv-picture-view.h: a picture that zooms and pans
 *
 * Shows a texture at "fit" (zoom 0: the whole picture in the widget, never
 * enlarged past 1:1) or at a zoom factor relative to the content's pixel
 * size (1.0 = 1:1, one pixel of the original per device pixel). The content
 * size may differ from the texture's: a preview stands in for the original
 * at the original's size until the original arrives. Ctrl+scroll and pinch
 * zoom around the pointer, drag pans, a double click toggles fit and 1:1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SV_PICTURE_VIEW_MIN_ZOOM 0.02
#define SV_PICTURE_VIEW_MAX_ZOOM 16.0

#define SV_TYPE_PICTURE_VIEW (sv_picture_view_get_type ())
G_DECLARE_FINAL_TYPE (SvPictureView, sv_picture_view, SV, PICTURE_VIEW, GtkWidget)

GtkWidget *
sv_picture_view_new (void);

/* @texture (nullable) drawn as @content_width × @content_height pixels
 * (0: the texture's size). The zoom and position stay when the content
 * size does not change (a preview replaced by its original). */
void
sv_picture_view_set_texture (SvPictureView *self,
                             GdkTexture *texture,
                             int content_width,
                             int content_height);
GdkTexture *
sv_picture_view_get_texture (SvPictureView *self);

/* Property "zoom": 0 = fit. */
double
sv_picture_view_get_zoom (SvPictureView *self);
void
sv_picture_view_set_zoom (SvPictureView *self, double zoom);
/* The factor in effect (the fit factor when zoom is 0). */
double
sv_picture_view_get_scale (SvPictureView *self);
/* Zooms by @factor keeping the content point under (@x, @y) in place. */
void
sv_picture_view_zoom_at (SvPictureView *self, double factor, double x, double y);
/* Pans by (@dx, @dy) widget pixels (clamped). */
void
sv_picture_view_pan (SvPictureView *self, double dx, double dy);
void
sv_picture_view_get_offset (SvPictureView *self, double *x, double *y);
/* Where the picture is drawn, in widget coordinates (for the face boxes). */
gboolean
sv_picture_view_get_picture_rect (SvPictureView *self, graphene_rect_t *rect);

G_END_DECLS
