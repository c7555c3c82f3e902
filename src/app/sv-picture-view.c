/* sv-picture-view.c: a picture that zooms and pans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-picture-view"

#include "config.h"

#include <math.h>

#include "sv-picture-view.h"

#define SCROLL_STEP 1.2

struct _SvPictureView
{
  GtkWidget parent_instance;

  GdkTexture *texture;
  int content_width, content_height;
  double zoom;               /* 0: fit */
  double offset_x, offset_y; /* picture centre from the widget centre */

  double pointer_x, pointer_y;
  double drag_start_x, drag_start_y;
  double pinch_start_scale;
};

G_DEFINE_FINAL_TYPE (SvPictureView, sv_picture_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
device_scale (SvPictureView *self)
{
  return MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static double
fit_scale (SvPictureView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw, ch;

  if (self->content_width <= 0 || self->content_height <= 0 || w <= 0 || h <= 0)
    return 1.0;
  cw = self->content_width / device_scale (self);
  ch = self->content_height / device_scale (self);
  return MIN (1.0, MIN (w / cw, h / ch));
}

static void
displayed_size (SvPictureView *self, double *dw, double *dh)
{
  double scale = sv_picture_view_get_scale (self);

  *dw = self->content_width / device_scale (self) * scale;
  *dh = self->content_height / device_scale (self) * scale;
}

static void
clamp_offset (SvPictureView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double dw, dh, mx, my;

  displayed_size (self, &dw, &dh);
  mx = MAX (0, (dw - w) / 2);
  my = MAX (0, (dh - h) / 2);
  self->offset_x = CLAMP (self->offset_x, -mx, mx);
  self->offset_y = CLAMP (self->offset_y, -my, my);
}

static void
set_zoom_internal (SvPictureView *self, double zoom)
{
  if (zoom != 0)
    zoom = CLAMP (zoom, SV_PICTURE_VIEW_MIN_ZOOM, SV_PICTURE_VIEW_MAX_ZOOM);
  if (zoom == 0)
    self->offset_x = self->offset_y = 0;
  clamp_offset (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->zoom != zoom)
    {
      self->zoom = zoom;
      clamp_offset (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

/* ---- gestures ---- */

static void
on_motion_cb (GtkEventControllerMotion *motion, double x, double y, SvPictureView *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, SvPictureView *self)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  sv_picture_view_zoom_at (self, pow (SCROLL_STEP, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag *drag, double x, double y, SvPictureView *self)
{
  double dw, dh;

  displayed_size (self, &dw, &dh);
  /* Only a picture larger than the view pans; else the swipe has it. */
  if (dw <= gtk_widget_get_width (GTK_WIDGET (self)) + 0.5 &&
      dh <= gtk_widget_get_height (GTK_WIDGET (self)) + 0.5)
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_x = self->offset_x;
  self->drag_start_y = self->offset_y;
}

static void
on_drag_update_cb (GtkGestureDrag *drag, double dx, double dy, SvPictureView *self)
{
  gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
  self->offset_x = self->drag_start_x + dx;
  self->offset_y = self->drag_start_y + dy;
  clamp_offset (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pinch_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, SvPictureView *self)
{
  self->pinch_start_scale = sv_picture_view_get_scale (self);
}

static void
on_pinch_scale_changed_cb (GtkGestureZoom *gesture, double scale, SvPictureView *self)
{
  double x, y, target;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  target = self->pinch_start_scale * scale;
  sv_picture_view_zoom_at (self, target / sv_picture_view_get_scale (self), x, y);
}

static void
on_click_pressed_cb (GtkGestureClick *click, int n_press, double x, double y, SvPictureView *self)
{
  if (n_press != 2)
    return;
  if (self->zoom == 0)
    sv_picture_view_zoom_at (self, 1.0 / sv_picture_view_get_scale (self), x, y);
  else
    sv_picture_view_set_zoom (self, 0);
}

/* ---- vfuncs ---- */

static void
sv_picture_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SvPictureView *self = SV_PICTURE_VIEW (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  double dw, dh, x, y;

  if (self->texture == NULL)
    return;
  clamp_offset (self);
  displayed_size (self, &dw, &dh);
  x = (w - dw) / 2 + self->offset_x;
  y = (h - dh) / 2 + self->offset_y;
  /* Whole device pixels at 1:1 and fit, so the picture stays sharp. */
  if (self->zoom == 0 || fabs (self->zoom - 1.0) < 1e-6)
    {
      x = round (x);
      y = round (y);
    }
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (x, y, dw, dh));
}

static void
sv_picture_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  clamp_offset (SV_PICTURE_VIEW (widget));
}

static void
sv_picture_view_measure (GtkWidget *widget,
                         GtkOrientation orientation,
                         int for_size,
                         int *minimum,
                         int *natural,
                         int *minimum_baseline,
                         int *natural_baseline)
{
  *minimum = 0;
  *natural = 64;
}

static void
sv_picture_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvPictureView *self = SV_PICTURE_VIEW (object);

  switch (prop_id)
    {
      case PROP_ZOOM:
        g_value_set_double (value, self->zoom);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_picture_view_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  SvPictureView *self = SV_PICTURE_VIEW (object);

  switch (prop_id)
    {
      case PROP_ZOOM:
        sv_picture_view_set_zoom (self, g_value_get_double (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_picture_view_dispose (GObject *object)
{
  SvPictureView *self = SV_PICTURE_VIEW (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sv_picture_view_parent_class)->dispose (object);
}

static void
sv_picture_view_class_init (SvPictureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_picture_view_dispose;
  object_class->get_property = sv_picture_view_get_property;
  object_class->set_property = sv_picture_view_set_property;
  widget_class->snapshot = sv_picture_view_snapshot;
  widget_class->measure = sv_picture_view_measure;
  widget_class->size_allocate = sv_picture_view_size_allocate;

  properties[PROP_ZOOM] =
      g_param_spec_double ("zoom", NULL, NULL, 0, SV_PICTURE_VIEW_MAX_ZOOM, 0,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sv-picture-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sv_picture_view_init (SvPictureView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
sv_picture_view_new (void)
{
  return g_object_new (SV_TYPE_PICTURE_VIEW, NULL);
}

void
sv_picture_view_set_texture (SvPictureView *self,
                             GdkTexture *texture,
                             int content_width,
                             int content_height)
{
  gboolean same_size;

  g_return_if_fail (SV_IS_PICTURE_VIEW (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (texture != NULL && (content_width <= 0 || content_height <= 0))
    {
      content_width = gdk_texture_get_width (texture);
      content_height = gdk_texture_get_height (texture);
    }
  same_size = content_width == self->content_width && content_height == self->content_height;
  g_set_object (&self->texture, texture);
  self->content_width = texture != NULL ? content_width : 0;
  self->content_height = texture != NULL ? content_height : 0;
  if (!same_size)
    set_zoom_internal (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
sv_picture_view_get_texture (SvPictureView *self)
{
  g_return_val_if_fail (SV_IS_PICTURE_VIEW (self), NULL);
  return self->texture;
}

double
sv_picture_view_get_zoom (SvPictureView *self)
{
  g_return_val_if_fail (SV_IS_PICTURE_VIEW (self), 0);
  return self->zoom;
}

void
sv_picture_view_set_zoom (SvPictureView *self, double zoom)
{
  g_return_if_fail (SV_IS_PICTURE_VIEW (self));
  g_return_if_fail (zoom >= 0);
  set_zoom_internal (self, zoom);
}

double
sv_picture_view_get_scale (SvPictureView *self)
{
  g_return_val_if_fail (SV_IS_PICTURE_VIEW (self), 1.0);
  return self->zoom > 0 ? self->zoom : fit_scale (self);
}

void
sv_picture_view_zoom_at (SvPictureView *self, double factor, double x, double y)
{
  double w, h, old_scale, new_scale, rx, ry;

  g_return_if_fail (SV_IS_PICTURE_VIEW (self));

  if (self->texture == NULL || factor <= 0)
    return;
  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  old_scale = sv_picture_view_get_scale (self);
  new_scale = CLAMP (old_scale * factor, SV_PICTURE_VIEW_MIN_ZOOM, SV_PICTURE_VIEW_MAX_ZOOM);
  /* The content point under (x, y), relative to the picture's centre. */
  rx = (x - (w / 2 + self->offset_x)) / old_scale;
  ry = (y - (h / 2 + self->offset_y)) / old_scale;
  self->offset_x = x - w / 2 - rx * new_scale;
  self->offset_y = y - h / 2 - ry * new_scale;
  if (self->zoom != new_scale)
    {
      self->zoom = new_scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  clamp_offset (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sv_picture_view_pan (SvPictureView *self, double dx, double dy)
{
  g_return_if_fail (SV_IS_PICTURE_VIEW (self));

  self->offset_x += dx;
  self->offset_y += dy;
  clamp_offset (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sv_picture_view_get_offset (SvPictureView *self, double *x, double *y)
{
  g_return_if_fail (SV_IS_PICTURE_VIEW (self));
  if (x != NULL)
    *x = self->offset_x;
  if (y != NULL)
    *y = self->offset_y;
}

/* Where the picture is drawn, in widget coordinates (FALSE: no picture). */
gboolean
sv_picture_view_get_picture_rect (SvPictureView *self, graphene_rect_t *rect)
{
  double w, h, dw, dh;

  g_return_val_if_fail (SV_IS_PICTURE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (self->texture == NULL || self->content_width <= 0 || self->content_height <= 0)
    return FALSE;
  clamp_offset (self);
  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  displayed_size (self, &dw, &dh);
  graphene_rect_init (rect, (w - dw) / 2 + self->offset_x, (h - dh) / 2 + self->offset_y, dw, dh);
  return TRUE;
}
