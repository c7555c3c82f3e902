/* sv-face-overlay.c: face boxes and names over the viewer's picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A "Faces" button (bottom left, shown when the photo has faces) shows a
 * box around each face found, with the person's name (or "Unnamed") under
 * it. A click on a box opens a popover: type a name (completed from the
 * names given) to name that face (sv_catalogue_name_face: someone with that
 * name gets it, or an unnamed person gets the name, or a new person is
 * made), or "Remove Face" (a wrong face: rejected, and it stays rejected on
 * later analysis runs). The boxes follow the picture's zoom and pan (a tick
 * callback while shown). The widget itself takes no clicks: its contains()
 * is FALSE, so the picture under it still pans and zooms.
 */
#define G_LOG_DOMAIN "sv-face-overlay"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sv-catalogue-faces.h"
#include "sv-face-overlay.h"

#define MARGIN 12
#define MIN_BOX 8

typedef struct
{
  GPtrArray *faces; /* SvFace */
  GStrv names;
  gboolean face_recognition;
} FacesResult;

struct _SvFaceOverlay
{
  GtkWidget parent_instance;

  SvPictureView *picture_view; /* weak */
  SvCatalogue *catalogue;
  SvMediaItem *item;
  GCancellable *cancellable;
  GPtrArray *faces;   /* SvFace */
  GPtrArray *buttons; /* GtkWidget, one per face */
  GPtrArray *labels;  /* GtkWidget, one per face */
  gboolean visible;
  guint tick_id;
  graphene_rect_t last_rect;

  GtkWidget *toggle;
  GtkWidget *popover;
  GtkWidget *entry;
  GtkListStore *names;
  gint64 editing; /* face id in the popover */
};

G_DEFINE_FINAL_TYPE (SvFaceOverlay, sv_face_overlay, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FACES_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
load (SvFaceOverlay *self);

static void
faces_result_free (FacesResult *r)
{
  g_clear_pointer (&r->faces, g_ptr_array_unref);
  g_strfreev (r->names);
  g_free (r);
}

static void
toast (SvFaceOverlay *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  g_signal_emit (self, signals[TOAST], 0, t);
  g_object_unref (t);
}

/* The picture's rectangle in our coordinates. */
static gboolean
picture_rect (SvFaceOverlay *self, graphene_rect_t *rect)
{
  graphene_point_t origin;

  if (self->picture_view == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->picture_view)) ||
      !sv_picture_view_get_picture_rect (self->picture_view, rect))
    return FALSE;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->picture_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (rect->origin.x, rect->origin.y), &origin))
    return FALSE;
  rect->origin = origin;
  return TRUE;
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (widget);
  graphene_rect_t rect = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  picture_rect (self, &rect);
  if (!graphene_rect_equal (&rect, &self->last_rect))
    {
      self->last_rect = rect;
      gtk_widget_queue_allocate (widget);
    }
  return G_SOURCE_CONTINUE;
}

static void
update_visibility (SvFaceOverlay *self)
{
  gboolean show = self->visible && self->faces != NULL && self->faces->len > 0;

  gtk_widget_set_visible (self->toggle, self->faces != NULL && self->faces->len > 0);
  for (guint i = 0; self->buttons != NULL && i < self->buttons->len; i++)
    {
      gtk_widget_set_visible (g_ptr_array_index (self->buttons, i), show);
      gtk_widget_set_visible (g_ptr_array_index (self->labels, i), show);
    }
  if (show && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!show && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_faces (SvFaceOverlay *self)
{
  for (guint i = 0; self->buttons != NULL && i < self->buttons->len; i++)
    {
      gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
      gtk_widget_unparent (g_ptr_array_index (self->labels, i));
    }
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->faces, g_ptr_array_unref);
}

static void
on_face_clicked_cb (GtkButton *button, SvFaceOverlay *self)
{
  guint index;

  if (g_ptr_array_find (self->buttons, button, &index))
    sv_face_overlay_edit_face (self, index);
}

static void
fill (SvFaceOverlay *self, GPtrArray *faces)
{
  clear_faces (self);
  self->faces = g_ptr_array_ref (faces);
  self->buttons = g_ptr_array_new ();
  self->labels = g_ptr_array_new ();
  for (guint i = 0; i < faces->len; i++)
    {
      const SvFace *f = g_ptr_array_index (faces, i);
      const char *name = f->person_name != NULL ? f->person_name : _ ("Unnamed");
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *markup = NULL;
      g_autofree char *a11y = NULL;

      gtk_widget_set_name (button, "viewer-face-box");
      gtk_widget_add_css_class (button, "flat");
      /* Translators: a face box in the viewer; %s is the person's name or "Unnamed" */
      a11y = g_strdup_printf (_ ("Face: %s"), name);
      gtk_widget_set_tooltip_text (button, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_face_clicked_cb), self, 0);
      gtk_widget_insert_before (button, GTK_WIDGET (self), self->toggle);
      g_ptr_array_add (self->buttons, button);

      markup = g_markup_printf_escaped ("<span foreground=\"white\">%s</span>", name);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_name (label, "viewer-face-name");
      gtk_widget_set_can_target (label, FALSE);
      gtk_widget_insert_before (label, GTK_WIDGET (self), self->toggle);
      g_ptr_array_add (self->labels, label);
    }
  update_visibility (self);
}

static void
faces_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (task), "catalogue");
  gint64 item_id = GPOINTER_TO_SIZE (task_data);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr (GPtrArray) people = NULL;
  FacesResult *r = g_new0 (FacesResult, 1);
  GError *error = NULL;

  r->face_recognition = sv_catalogue_get_face_recognition (catalogue);
  r->faces = sv_catalogue_list_faces (catalogue, item_id, FALSE, &error);
  if (r->faces == NULL)
    {
      faces_result_free (r);
      g_task_return_error (task, error);
      return;
    }
  people = sv_catalogue_list_people (catalogue, TRUE, NULL);
  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      SvPerson *p = g_ptr_array_index (people, i);

      if (p->name != NULL)
        g_strv_builder_add (names, p->name);
    }
  r->names = g_strv_builder_end (names);
  g_task_return_pointer (task, r, (GDestroyNotify) faces_result_free);
}

static void
on_faces_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  FacesResult *r = g_task_propagate_pointer (G_TASK (result), &error);
  SvFaceOverlay *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SV_FACE_OVERLAY (source);
  if (r == NULL)
    {
      g_debug ("No faces: %s", error->message);
      return;
    }
  gtk_list_store_clear (self->names);
  for (guint i = 0; r->names[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->names, NULL, -1, 0, r->names[i], -1);
  if (!r->face_recognition)
    g_ptr_array_set_size (r->faces, 0);
  fill (self, r->faces);
  faces_result_free (r);
}

static void
load (SvFaceOverlay *self)
{
  g_autoptr (GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->catalogue == NULL || self->item == NULL ||
      sv_media_item_get_kind (self->item) != SV_MEDIA_KIND_PHOTO)
    {
      clear_faces (self);
      update_visibility (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_faces_loaded_cb, NULL);
  g_task_set_source_tag (task, load);
  g_object_set_data_full (G_OBJECT (task), "catalogue", g_object_ref (self->catalogue),
                          g_object_unref);
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) sv_media_item_get_id (self->item)), NULL);
  g_task_run_in_thread (task, faces_worker);
}

static gboolean
ids_contain (GArray *ids, gint64 id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
on_catalogue_changed_cb (SvFaceOverlay *self, GArray *added, GArray *changed, GArray *removed)
{
  gint64 id = self->item != NULL ? sv_media_item_get_id (self->item) : 0;

  if (id > 0 && (ids_contain (changed, id) || ids_contain (removed, id)))
    load (self);
}

static void
on_toggle_toggled_cb (SvFaceOverlay *self)
{
  sv_face_overlay_set_faces_visible (
      self, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->toggle)));
}

static void
on_entry_activate_cb (SvFaceOverlay *self)
{
  if (self->editing > 0 &&
      sv_face_overlay_name_face (self, self->editing,
                                 gtk_editable_get_text (GTK_EDITABLE (self->entry))))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
on_remove_clicked_cb (SvFaceOverlay *self)
{
  if (self->editing > 0 && sv_face_overlay_remove_face (self, self->editing))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
build_popover (SvFaceOverlay *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *remove = gtk_button_new_with_mnemonic (_ ("_Remove Face"));
  GtkEntryCompletion *completion = gtk_entry_completion_new ();

  self->popover = gtk_popover_new ();
  gtk_widget_set_name (self->popover, "viewer-face-popover");
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  self->entry = gtk_entry_new ();
  gtk_widget_set_name (self->entry, "viewer-face-name-entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _ ("Add a name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Name"), -1);
  self->names = gtk_list_store_new (1, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_set_completion (GTK_ENTRY (self->entry), completion);
  g_object_unref (completion);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_entry_activate_cb), self);
  gtk_box_append (GTK_BOX (box), self->entry);

  gtk_widget_set_name (remove, "viewer-face-remove");
  gtk_widget_set_tooltip_text (remove,
                               _ ("Not a face, or the wrong one: it will not come back on the "
                                  "next analysis"));
  gtk_widget_add_css_class (remove, "destructive-action");
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
}

/* ---- GtkWidget ---- */

static void
sv_face_overlay_measure (GtkWidget *widget,
                         GtkOrientation orientation,
                         int for_size,
                         int *minimum,
                         int *natural,
                         int *minimum_baseline,
                         int *natural_baseline)
{
  /* Never sizes the overlay: it takes what the picture gets. */
  *minimum = *natural = 0;
}

static void
sv_face_overlay_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (widget);
  graphene_rect_t rect;
  int tw, th;

  gtk_widget_measure (self->toggle, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &tw, NULL, NULL);
  gtk_widget_measure (self->toggle, GTK_ORIENTATION_VERTICAL, -1, NULL, &th, NULL, NULL);
  gtk_widget_size_allocate (self->toggle,
                            &(GtkAllocation){ MARGIN, MAX (0, height - th - MARGIN), tw, th }, -1);

  if (self->faces != NULL && picture_rect (self, &rect))
    {
      self->last_rect = rect;
      for (guint i = 0; i < self->faces->len; i++)
        {
          const SvFace *f = g_ptr_array_index (self->faces, i);
          GtkWidget *button = g_ptr_array_index (self->buttons, i);
          GtkWidget *label = g_ptr_array_index (self->labels, i);
          int x = (int) (rect.origin.x + f->x * rect.size.width);
          int y = (int) (rect.origin.y + f->y * rect.size.height);
          int w = MAX (MIN_BOX, (int) (f->w * rect.size.width));
          int h = MAX (MIN_BOX, (int) (f->h * rect.size.height));
          int lw, lh, bw, bh;

          /* The button's own minimum may exceed a small face. */
          gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &bw, NULL, NULL, NULL);
          gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, -1, &bh, NULL, NULL, NULL);
          gtk_widget_size_allocate (button, &(GtkAllocation){ x, y, MAX (w, bw), MAX (h, bh) }, -1);
          gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &lw, NULL, NULL);
          gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &lh, NULL, NULL);
          lw = MIN (lw, MAX (1, width));
          gtk_widget_size_allocate (
              label,
              &(GtkAllocation){ CLAMP (x + w / 2 - lw / 2, 0, MAX (0, width - lw)),
                                CLAMP (y + h + 4, 0, MAX (0, height - lh)), lw, lh },
              -1);
        }
    }
  else
    for (guint i = 0; self->buttons != NULL && i < self->buttons->len; i++)
      {
        gtk_widget_size_allocate (g_ptr_array_index (self->buttons, i),
                                  &(GtkAllocation){ 0, 0, 0, 0 }, -1);
        gtk_widget_size_allocate (g_ptr_array_index (self->labels, i),
                                  &(GtkAllocation){ 0, 0, 0, 0 }, -1);
      }
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
sv_face_overlay_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (widget);
  const GdkRGBA white = { 1, 1, 1, 0.9 };
  const GdkRGBA shade = { 0, 0, 0, 0.55 };

  for (guint i = 0; self->buttons != NULL && i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      GtkWidget *label = g_ptr_array_index (self->labels, i);
      graphene_rect_t b, l;
      GskRoundedRect outer, inner, pill;

      if (!gtk_widget_get_visible (button) || !gtk_widget_compute_bounds (button, widget, &b) ||
          !gtk_widget_compute_bounds (label, widget, &l) || b.size.width < 1)
        continue;
      gsk_rounded_rect_init_from_rect (
          &outer,
          &GRAPHENE_RECT_INIT (b.origin.x - 1, b.origin.y - 1, b.size.width + 2, b.size.height + 2),
          6);
      gsk_rounded_rect_init_from_rect (&inner, &b, 5);
      gtk_snapshot_append_border (snapshot, &outer, (float[4]){ 1, 1, 1, 1 },
                                  (GdkRGBA[4]){ shade, shade, shade, shade });
      gtk_snapshot_append_border (snapshot, &inner, (float[4]){ 2, 2, 2, 2 },
                                  (GdkRGBA[4]){ white, white, white, white });
      gsk_rounded_rect_init_from_rect (&pill,
                                       &GRAPHENE_RECT_INIT (l.origin.x - 6, l.origin.y - 2,
                                                            l.size.width + 12, l.size.height + 4),
                                       (l.size.height + 4) / 2);
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, &shade, &pill.bounds);
      gtk_snapshot_pop (snapshot);
    }
  GTK_WIDGET_CLASS (sv_face_overlay_parent_class)->snapshot (widget, snapshot);
}

static gboolean
sv_face_overlay_contains (GtkWidget *widget, double x, double y)
{
  /* Only the children (boxes, button) take clicks. */
  return FALSE;
}

/* ---- GObject ---- */

static void
sv_face_overlay_dispose (GObject *object)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->item);
  clear_faces (self);
  g_clear_pointer (&self->toggle, gtk_widget_unparent);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->names);
  g_clear_weak_pointer (&self->picture_view);
  G_OBJECT_CLASS (sv_face_overlay_parent_class)->dispose (object);
}

static void
sv_face_overlay_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (object);

  switch (prop_id)
    {
      case PROP_FACES_VISIBLE:
        g_value_set_boolean (value, self->visible);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_face_overlay_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  SvFaceOverlay *self = SV_FACE_OVERLAY (object);

  switch (prop_id)
    {
      case PROP_FACES_VISIBLE:
        sv_face_overlay_set_faces_visible (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_face_overlay_class_init (SvFaceOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_face_overlay_dispose;
  object_class->get_property = sv_face_overlay_get_property;
  object_class->set_property = sv_face_overlay_set_property;
  widget_class->measure = sv_face_overlay_measure;
  widget_class->size_allocate = sv_face_overlay_size_allocate;
  widget_class->snapshot = sv_face_overlay_snapshot;
  widget_class->contains = sv_face_overlay_contains;

  properties[PROP_FACES_VISIBLE] =
      g_param_spec_boolean ("faces-visible", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  gtk_widget_class_set_css_name (widget_class, "sv-face-overlay");
}

static void
sv_face_overlay_init (SvFaceOverlay *self)
{
  gtk_widget_set_name (GTK_WIDGET (self), "viewer-face-overlay");
  self->toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->toggle), "avatar-default-symbolic");
  gtk_widget_set_name (self->toggle, "viewer-faces-button");
  gtk_widget_set_tooltip_text (self->toggle, _ ("Show Faces"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Show Faces"), -1);
  gtk_widget_add_css_class (self->toggle, "osd");
  gtk_widget_add_css_class (self->toggle, "circular");
  gtk_widget_set_visible (self->toggle, FALSE);
  gtk_widget_set_parent (self->toggle, GTK_WIDGET (self));
  g_signal_connect_swapped (self->toggle, "toggled", G_CALLBACK (on_toggle_toggled_cb), self);
  build_popover (self);
}

GtkWidget *
sv_face_overlay_new (SvPictureView *picture_view)
{
  SvFaceOverlay *self;

  g_return_val_if_fail (SV_IS_PICTURE_VIEW (picture_view), NULL);

  self = g_object_new (SV_TYPE_FACE_OVERLAY, NULL);
  g_set_weak_pointer (&self->picture_view, picture_view);
  return GTK_WIDGET (self);
}

void
sv_face_overlay_set_item (SvFaceOverlay *self, SvCatalogue *catalogue, SvMediaItem *item)
{
  g_return_if_fail (SV_IS_FACE_OVERLAY (self));

  if (self->catalogue != catalogue)
    {
      if (self->catalogue != NULL)
        g_signal_handlers_disconnect_by_data (self->catalogue, self);
      g_set_object (&self->catalogue, catalogue);
      if (catalogue != NULL)
        g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  g_set_object (&self->item, item);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  clear_faces (self);
  update_visibility (self);
  load (self);
}

gboolean
sv_face_overlay_get_faces_visible (SvFaceOverlay *self)
{
  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), FALSE);
  return self->visible;
}

void
sv_face_overlay_set_faces_visible (SvFaceOverlay *self, gboolean visible)
{
  g_return_if_fail (SV_IS_FACE_OVERLAY (self));

  visible = !!visible;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->toggle)) != visible)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->toggle), visible);
  if (self->visible == visible)
    return;
  self->visible = visible;
  gtk_widget_set_tooltip_text (self->toggle, visible ? _ ("Hide Faces") : _ ("Show Faces"));
  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACES_VISIBLE]);
}

guint
sv_face_overlay_get_n_faces (SvFaceOverlay *self)
{
  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), 0);
  return self->faces != NULL ? self->faces->len : 0;
}

gint64
sv_face_overlay_get_face_id (SvFaceOverlay *self, guint index)
{
  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), 0);
  g_return_val_if_fail (index < sv_face_overlay_get_n_faces (self), 0);
  return ((SvFace *) g_ptr_array_index (self->faces, index))->id;
}

GtkWidget *
sv_face_overlay_get_face_button (SvFaceOverlay *self, guint index)
{
  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), NULL);
  g_return_val_if_fail (index < sv_face_overlay_get_n_faces (self), NULL);
  return g_ptr_array_index (self->buttons, index);
}

void
sv_face_overlay_edit_face (SvFaceOverlay *self, guint index)
{
  const SvFace *f;
  graphene_rect_t b;

  g_return_if_fail (SV_IS_FACE_OVERLAY (self));
  g_return_if_fail (index < sv_face_overlay_get_n_faces (self));

  f = g_ptr_array_index (self->faces, index);
  self->editing = f->id;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), f->person_name != NULL ? f->person_name : "");
  if (gtk_widget_compute_bounds (g_ptr_array_index (self->buttons, index), GTK_WIDGET (self), &b))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                 &(GdkRectangle){ (int) b.origin.x, (int) b.origin.y,
                                                  MAX (1, (int) b.size.width),
                                                  MAX (1, (int) b.size.height) });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (self->entry);
}

gboolean
sv_face_overlay_name_face (SvFaceOverlay *self, gint64 face_id, const char *name)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), FALSE);

  if (self->catalogue == NULL)
    return FALSE;
  if (sv_catalogue_name_face (self->catalogue, face_id, name, &error) == 0)
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_face_overlay_remove_face (SvFaceOverlay *self, gint64 face_id)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SV_IS_FACE_OVERLAY (self), FALSE);

  if (self->catalogue == NULL)
    return FALSE;
  if (!sv_catalogue_remove_face (self->catalogue, face_id, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  toast (self, _ ("Face removed; it will not come back"));
  return TRUE;
}
