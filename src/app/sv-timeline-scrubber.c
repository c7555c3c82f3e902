/* sv-timeline-scrubber.c: the timeline's date scrubber
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-timeline-scrubber"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-timeline-layout.h"
#include "sv-timeline-scrubber.h"

#define HANDLE_WIDTH 6
#define HANDLE_HEIGHT 36
#define TICK_WIDTH 4
#define YEAR_SPACING 18 /* fewer year labels when closer */
#define PAD 6           /* above and below the range */

struct _SvTimelineScrubber
{
  GtkWidget parent_instance;

  GArray *marks; /* SvScrubberMark */
  double position;
  gboolean hover;
  gboolean dragging;
  double drag_start_y;
};

G_DEFINE_FINAL_TYPE (SvTimelineScrubber, sv_timeline_scrubber, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SCRUB,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static double
range_height (SvTimelineScrubber *self)
{
  return MAX (1.0, gtk_widget_get_height (GTK_WIDGET (self)) - 2.0 * PAD - HANDLE_HEIGHT);
}

static double
y_of (SvTimelineScrubber *self, double position)
{
  return PAD + HANDLE_HEIGHT / 2.0 + position * range_height (self);
}

static double
position_at (SvTimelineScrubber *self, double y)
{
  return CLAMP ((y - PAD - HANDLE_HEIGHT / 2.0) / range_height (self), 0.0, 1.0);
}

/* The years and ticks show while the scrubber is in use (hovered, dragged
 * or focused), over a backdrop; otherwise only the handle does, like an
 * overlay scrollbar, so that it hides no photo. */
static void
update_active (SvTimelineScrubber *self)
{
  gboolean active = self->hover || self->dragging || gtk_widget_has_focus (GTK_WIDGET (self));

  if (active == gtk_widget_has_css_class (GTK_WIDGET (self), "active"))
    return;
  if (active)
    gtk_widget_add_css_class (GTK_WIDGET (self), "active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "active");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_enter_cb (GtkEventControllerMotion *motion, double x, double y, SvTimelineScrubber *self)
{
  self->hover = TRUE;
  update_active (self);
}

static void
on_leave_cb (GtkEventControllerMotion *motion, SvTimelineScrubber *self)
{
  self->hover = FALSE;
  update_active (self);
}

static void
on_focus_changed_cb (SvTimelineScrubber *self)
{
  update_active (self);
}

static void
scrub (SvTimelineScrubber *self, double position)
{
  position = CLAMP (position, 0.0, 1.0);
  self->position = position;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  position * 100.0, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_SCRUB], 0, position);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, SvTimelineScrubber *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->dragging = TRUE;
  self->drag_start_y = y;
  update_active (self);
  scrub (self, position_at (self, y));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, SvTimelineScrubber *self)
{
  scrub (self, position_at (self, self->drag_start_y + dy));
}

static void
on_drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, SvTimelineScrubber *self)
{
  self->dragging = FALSE;
  update_active (self);
}

/* The mark after (@step > 0: older) or before the position, months or
 * only years. */
static gboolean
step_marks (SvTimelineScrubber *self, int step, gboolean years)
{
  const double eps = 1e-6;

  if (self->marks == NULL || self->marks->len == 0)
    return FALSE;
  if (step > 0)
    {
      for (guint i = 0; i < self->marks->len; i++)
        {
          const SvScrubberMark *m = &g_array_index (self->marks, SvScrubberMark, i);

          if (m->position > self->position + eps && (!years || m->year))
            {
              scrub (self, m->position);
              return TRUE;
            }
        }
      scrub (self, 1.0);
      return TRUE;
    }
  for (guint i = self->marks->len; i-- > 0;)
    {
      const SvScrubberMark *m = &g_array_index (self->marks, SvScrubberMark, i);

      if (m->position < self->position - eps && (!years || m->year))
        {
          scrub (self, m->position);
          return TRUE;
        }
    }
  scrub (self, 0.0);
  return TRUE;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint keyval,
                   guint keycode,
                   GdkModifierType state,
                   SvTimelineScrubber *self)
{
  switch (keyval)
    {
      case GDK_KEY_Down:
      case GDK_KEY_KP_Down:
        return step_marks (self, +1, FALSE);
      case GDK_KEY_Up:
      case GDK_KEY_KP_Up:
        return step_marks (self, -1, FALSE);
      case GDK_KEY_Page_Down:
      case GDK_KEY_KP_Page_Down:
        return step_marks (self, +1, TRUE);
      case GDK_KEY_Page_Up:
      case GDK_KEY_KP_Page_Up:
        return step_marks (self, -1, TRUE);
      case GDK_KEY_Home:
      case GDK_KEY_KP_Home:
        scrub (self, 0.0);
        return TRUE;
      case GDK_KEY_End:
      case GDK_KEY_KP_End:
        scrub (self, 1.0);
        return TRUE;
      default:
        return FALSE;
    }
}

static void
get_color (GtkWidget *widget, GdkRGBA *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
sv_timeline_scrubber_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SvTimelineScrubber *self = SV_TIMELINE_SCRUBBER (widget);
  float w = (float) gtk_widget_get_width (widget);
  double last_label_y = -G_MAXDOUBLE;
  GdkRGBA color, dim, handle;
  GskRoundedRect rect;

  get_color (widget, &color);
  dim = color;
  dim.alpha *= 0.35f;
  handle = color;
  handle.alpha *= gtk_widget_has_focus (widget) || self->dragging ? 0.9f : 0.6f;

  for (guint i = 0;
       gtk_widget_has_css_class (widget, "active") && self->marks != NULL && i < self->marks->len;
       i++)
    {
      const SvScrubberMark *m = &g_array_index (self->marks, SvScrubberMark, i);
      double y = y_of (self, m->position);

      gtk_snapshot_append_color (
          snapshot, &dim, &GRAPHENE_RECT_INIT (w - TICK_WIDTH - 4, (float) y, TICK_WIDTH, 1));
      if (m->year && y - last_label_y >= YEAR_SPACING)
        {
          g_autofree char *text = g_strdup_printf ("%u", m->key / 10000);
          g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (
              snapshot, &GRAPHENE_POINT_INIT (
                            w - TICK_WIDTH - 8 - lw,
                            (float) CLAMP (y - lh / 2.0, 0, gtk_widget_get_height (widget) - lh)));
          gtk_snapshot_append_layout (snapshot, layout, &color);
          gtk_snapshot_restore (snapshot);
          last_label_y = y;
        }
    }

  gsk_rounded_rect_init_from_rect (
      &rect,
      &GRAPHENE_RECT_INIT (w - HANDLE_WIDTH - 3,
                           (float) (y_of (self, self->position) - HANDLE_HEIGHT / 2.0),
                           HANDLE_WIDTH, HANDLE_HEIGHT),
      HANDLE_WIDTH / 2.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &handle, &rect.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
sv_timeline_scrubber_measure (GtkWidget *widget,
                              GtkOrientation orientation,
                              int for_size,
                              int *minimum,
                              int *natural,
                              int *minimum_baseline,
                              int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0000");
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      *minimum = *natural = lw + TICK_WIDTH + 12;
    }
  else
    *minimum = *natural = 2 * PAD + HANDLE_HEIGHT;
}

static void
sv_timeline_scrubber_finalize (GObject *object)
{
  SvTimelineScrubber *self = SV_TIMELINE_SCRUBBER (object);

  g_clear_pointer (&self->marks, g_array_unref);
  G_OBJECT_CLASS (sv_timeline_scrubber_parent_class)->finalize (object);
}

static void
sv_timeline_scrubber_class_init (SvTimelineScrubberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sv_timeline_scrubber_finalize;
  widget_class->snapshot = sv_timeline_scrubber_snapshot;
  widget_class->measure = sv_timeline_scrubber_measure;

  signals[SIGNAL_SCRUB] = g_signal_new ("scrub", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "timeline-scrubber");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
sv_timeline_scrubber_init (SvTimelineScrubber *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "caption");
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _ ("Drag to jump to a date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Jump to a Date"), GTK_ACCESSIBLE_PROPERTY_ORIENTATION,
                                  GTK_ORIENTATION_VERTICAL, GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0, -1);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed_cb), NULL);
}

GtkWidget *
sv_timeline_scrubber_new (void)
{
  return g_object_new (SV_TYPE_TIMELINE_SCRUBBER, NULL);
}

void
sv_timeline_scrubber_set_marks (SvTimelineScrubber *self, GArray *marks)
{
  g_return_if_fail (SV_IS_TIMELINE_SCRUBBER (self));

  g_clear_pointer (&self->marks, g_array_unref);
  if (marks != NULL)
    self->marks = g_array_ref (marks);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sv_timeline_scrubber_set_position (SvTimelineScrubber *self, double position)
{
  g_return_if_fail (SV_IS_TIMELINE_SCRUBBER (self));

  if (self->dragging)
    return;
  position = CLAMP (position, 0.0, 1.0);
  if (position == self->position)
    return;
  self->position = position;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  position * 100.0, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sv_timeline_scrubber_get_position (SvTimelineScrubber *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_SCRUBBER (self), 0);
  return self->position;
}

double
sv_timeline_scrubber_get_handle_y (SvTimelineScrubber *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_SCRUBBER (self), 0);
  return y_of (self, self->position);
}

gboolean
sv_timeline_scrubber_get_dragging (SvTimelineScrubber *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_SCRUBBER (self), FALSE);
  return self->dragging;
}

void
sv_timeline_scrubber_set_value_text (SvTimelineScrubber *self, const char *text)
{
  g_return_if_fail (SV_IS_TIMELINE_SCRUBBER (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  text != NULL ? text : "", -1);
}
