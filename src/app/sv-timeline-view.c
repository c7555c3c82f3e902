/* sv-timeline-view.c: the timeline of a catalogue query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GtkListView of rows (headers and rows of cells, SvTimelineRowItem)
 * over a GListStore: recycling keeps the widgets to what is on screen, so
 * 100,000 items cost a few thousand small row objects. The rows come from
 * sv_catalogue_layout_items (one query, in a worker) laid out by
 * sv-timeline-layout.c; a catalogue change lays out again and replaces only
 * the rows that differ (one splice), which keeps the scroll position.
 * Thumbnails load when a cell is bound (SvThumbnailLoader) and are
 * cancelled when it is unbound.
 */
#define G_LOG_DOMAIN "sv-timeline-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-item-list.h"
#include "sv-thumbnail-loader.h"
#include "sv-timeline-layout.h"
#include "sv-timeline-view.h"

#define GAP 4
#define MARGIN 12
#define MIN_ROW_HEIGHT 120
#define MAX_ROW_HEIGHT 300
#define ROW_HEIGHT_STEP 30
#define DEFAULT_ROW_HEIGHT 180
#define PLACE_SAMPLE 24

typedef struct _SvTimelineCell SvTimelineCell;
typedef struct _SvTimelineRowWidget SvTimelineRowWidget;

struct _SvTimelineView
{
  GtkWidget parent_instance;

  SvCatalogue *catalogue;
  SvQuery query;
  gboolean has_query;
  SvItemList *items;
  SvThumbnailLoader *loader;

  GArray *layout_items;  /* SvLayoutItem, or NULL before the first load */
  GArray *pending_items; /* first load, waiting for the first allocation */
  SvTimelineLayout *layout;
  GListStore *rows;           /* SvTimelineRowItem */
  GHashTable *bound;          /* SvTimelineRowWidget* (set) */
  GHashTable *places;         /* GUINT_TO_POINTER (day) -> char* ("" when none) */
  GHashTable *places_pending; /* days being looked up */

  GCancellable *cancellable; /* layout loads and place lookups */
  guint generation;
  gboolean loading;
  gboolean reload_queued;
  guint relayout_id;
  guint changed_id;

  SvTimelineZoom zoom;
  SvTimelineLayoutKind layout_kind;
  int row_height;
  int width;
  double zoom_scroll;
  double pinch_base;

  gboolean selection_mode;
  SvTimelineSelection selection;
  guint focus_index;
  gboolean focus_pending;

  /* widgets */
  GtkWidget *overlay;
  GtkWidget *scrolled;
  GtkWidget *list_view;
  GtkWidget *date_button;
  GtkWidget *date_popover_box;
  GtkWidget *date_label;
  guint date_label_hide_id;
  guint scroll_tick_id;
  guint pending_row;
  gboolean pending_to_top;
  guint pending_step;
};

G_DEFINE_FINAL_TYPE (SvTimelineView, sv_timeline_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EMPTY,
  PROP_LOADING,
  PROP_ZOOM,
  PROP_LAYOUT,
  PROP_SELECTION_MODE,
  PROP_N_SELECTED,
  PROP_ROW_HEIGHT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_ITEM_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

GType
sv_timeline_zoom_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SV_TIMELINE_ZOOM_YEAR, "SV_TIMELINE_ZOOM_YEAR", "year" },
        { SV_TIMELINE_ZOOM_MONTH, "SV_TIMELINE_ZOOM_MONTH", "month" },
        { SV_TIMELINE_ZOOM_DAY, "SV_TIMELINE_ZOOM_DAY", "day" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("SvTimelineZoom"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

GType
sv_timeline_layout_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SV_TIMELINE_LAYOUT_JUSTIFIED, "SV_TIMELINE_LAYOUT_JUSTIFIED", "justified" },
        { SV_TIMELINE_LAYOUT_SQUARE, "SV_TIMELINE_LAYOUT_SQUARE", "square" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("SvTimelineLayoutKind"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

static void
update_selection_state (SvTimelineView *self);
static void
cell_clicked (SvTimelineView *self,
              SvTimelineRowWidget *row_widget,
              guint k,
              GdkModifierType state,
              gboolean from_check);
static void
header_check_toggled (SvTimelineView *self, SvTimelineRowWidget *row_widget);
static void
activate_index (SvTimelineView *self, guint index);

/* ------------------------------------------------------------------ */
/* Cells                                                                */
/* ------------------------------------------------------------------ */

#define SV_TYPE_TIMELINE_CELL (sv_timeline_cell_get_type ())
G_DECLARE_FINAL_TYPE (SvTimelineCell, sv_timeline_cell, SV, TIMELINE_CELL, GtkWidget)

struct _SvTimelineCell
{
  GtkWidget parent_instance;

  SvTimelineView *view;            /* unowned */
  SvTimelineRowWidget *row_widget; /* unowned */
  guint k;                         /* position in its row */
  gint64 id;
  GdkTexture *texture;
  GCancellable *cancellable;
  gboolean selected;
  gboolean updating;
  GtkWidget *check;
};

G_DEFINE_FINAL_TYPE (SvTimelineCell, sv_timeline_cell, GTK_TYPE_WIDGET)

static void
sv_timeline_cell_cancel (SvTimelineCell *cell)
{
  if (cell->cancellable != NULL)
    {
      g_cancellable_cancel (cell->cancellable);
      g_clear_object (&cell->cancellable);
    }
}

static void
sv_timeline_cell_dispose (GObject *object)
{
  SvTimelineCell *cell = SV_TIMELINE_CELL (object);

  sv_timeline_cell_cancel (cell);
  g_clear_object (&cell->texture);
  g_clear_pointer (&cell->check, gtk_widget_unparent);
  G_OBJECT_CLASS (sv_timeline_cell_parent_class)->dispose (object);
}

static void
sv_timeline_cell_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SvTimelineCell *cell = SV_TIMELINE_CELL (widget);
  float w = (float) gtk_widget_get_width (widget);
  float h = (float) gtk_widget_get_height (widget);
  float inset = cell->selected ? 8.f : 0.f;
  graphene_rect_t area;

  if (w <= 2 * inset || h <= 2 * inset)
    return;
  area = GRAPHENE_RECT_INIT (inset, inset, w - 2 * inset, h - 2 * inset);
  if (cell->texture != NULL)
    {
      float tw = (float) gdk_texture_get_width (cell->texture);
      float th = (float) gdk_texture_get_height (cell->texture);
      float scale = MAX (area.size.width / tw, area.size.height / th);
      float dw = tw * scale, dh = th * scale;
      GskRoundedRect clip;

      gsk_rounded_rect_init_from_rect (&clip, &area, cell->selected ? 6.f : 0.f);
      gtk_snapshot_push_rounded_clip (snapshot, &clip);
      gtk_snapshot_append_texture (snapshot, cell->texture,
                                   &GRAPHENE_RECT_INIT (area.origin.x + (area.size.width - dw) / 2,
                                                        area.origin.y + (area.size.height - dh) / 2,
                                                        dw, dh));
      gtk_snapshot_pop (snapshot);
    }
  if (cell->check != NULL)
    gtk_widget_snapshot_child (widget, cell->check, snapshot);
}

static void
sv_timeline_cell_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SvTimelineCell *cell = SV_TIMELINE_CELL (widget);
  int cw, ch;

  gtk_widget_measure (cell->check, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &cw, NULL, NULL);
  gtk_widget_measure (cell->check, GTK_ORIENTATION_VERTICAL, -1, NULL, &ch, NULL, NULL);
  gtk_widget_size_allocate (
      cell->check,
      &(GtkAllocation){ 6, 6, MIN (cw, MAX (0, width - 6)), MIN (ch, MAX (0, height - 6)) }, -1);
}

static void
sv_timeline_cell_measure (GtkWidget *widget,
                          GtkOrientation orientation,
                          int for_size,
                          int *minimum,
                          int *natural,
                          int *minimum_baseline,
                          int *natural_baseline)
{
  *minimum = *natural = 0;
}

static void
on_cell_check_toggled_cb (GtkCheckButton *check, SvTimelineCell *cell)
{
  if (cell->updating || cell->view == NULL || cell->row_widget == NULL)
    return;
  cell_clicked (cell->view, cell->row_widget, cell->k, 0, TRUE);
}

static void
on_cell_click_released_cb (GtkGestureClick *gesture,
                           int n_press,
                           double x,
                           double y,
                           SvTimelineCell *cell)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (cell->view == NULL || cell->row_widget == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (cell));
  cell_clicked (cell->view, cell->row_widget, cell->k, state, FALSE);
}

static void
sv_timeline_cell_class_init (SvTimelineCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_timeline_cell_dispose;
  widget_class->snapshot = sv_timeline_cell_snapshot;
  widget_class->size_allocate = sv_timeline_cell_size_allocate;
  widget_class->measure = sv_timeline_cell_measure;
  gtk_widget_class_set_css_name (widget_class, "timeline-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sv_timeline_cell_init (SvTimelineCell *cell)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (cell), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (cell), GTK_OVERFLOW_HIDDEN);
  cell->check = gtk_check_button_new ();
  gtk_widget_set_focusable (cell->check, FALSE);
  gtk_widget_add_css_class (cell->check, "selection-check");
  /* No tooltip: setting one asks the X server where the pointer is, for
   * every cell made. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Select"), -1);
  gtk_widget_set_parent (cell->check, GTK_WIDGET (cell));
  g_signal_connect (cell->check, "toggled", G_CALLBACK (on_cell_check_toggled_cb), cell);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_cell_click_released_cb), cell);
  gtk_widget_add_controller (GTK_WIDGET (cell), GTK_EVENT_CONTROLLER (click));
}

static void
sv_timeline_cell_set_selected (SvTimelineCell *cell, gboolean selected)
{
  cell->updating = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cell->check), selected);
  cell->updating = FALSE;
  if (cell->selected == selected)
    return;
  cell->selected = selected;
  if (selected)
    gtk_widget_add_css_class (GTK_WIDGET (cell), "selected");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (cell), "selected");
  gtk_accessible_update_state (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_STATE_SELECTED, selected, -1);
  gtk_widget_queue_draw (GTK_WIDGET (cell));
}

static void
on_thumbnail_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvTimelineCell) cell = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  texture = sv_thumbnail_loader_load_finish (SV_THUMBNAIL_LOADER (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }
  /* A newer bind may have taken the cell. */
  if (g_task_get_cancellable (G_TASK (result)) != cell->cancellable)
    return;
  g_clear_object (&cell->cancellable);
  g_set_object (&cell->texture, texture);
  gtk_widget_queue_draw (GTK_WIDGET (cell));
}

static void
sv_timeline_cell_bind (SvTimelineCell *cell,
                       SvTimelineView *self,
                       gint64 id,
                       guint32 day,
                       int height)
{
  GdkTexture *cached;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (cell));
  g_autofree char *name = NULL;
  const char *place;

  sv_timeline_cell_cancel (cell);
  cell->view = self;
  if (cell->id != id)
    g_clear_object (&cell->texture);
  cell->id = id;
  place = g_hash_table_lookup (self->places, GUINT_TO_POINTER (day));
  name = sv_timeline_format_cell_name (day, FALSE, place);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (self->loader == NULL)
    return;
  cached = sv_thumbnail_loader_lookup (self->loader, id, height * scale);
  if (cached != NULL)
    {
      g_set_object (&cell->texture, cached);
      gtk_widget_queue_draw (GTK_WIDGET (cell));
      return;
    }
  cell->cancellable = g_cancellable_new ();
  sv_thumbnail_loader_load_async (self->loader, id, height * scale, cell->cancellable,
                                  on_thumbnail_loaded_cb, g_object_ref (cell));
}

static void
sv_timeline_cell_unbind (SvTimelineCell *cell)
{
  sv_timeline_cell_cancel (cell);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                 */
/* ------------------------------------------------------------------ */

#define SV_TYPE_TIMELINE_ROW_WIDGET (sv_timeline_row_widget_get_type ())
G_DECLARE_FINAL_TYPE (SvTimelineRowWidget,
                      sv_timeline_row_widget,
                      SV,
                      TIMELINE_ROW_WIDGET,
                      GtkWidget)

struct _SvTimelineRowWidget
{
  GtkWidget parent_instance;

  SvTimelineView *view; /* unowned */
  SvTimelineRowItem *item;
  GPtrArray *cells;  /* SvTimelineCell, children */
  guint n_cells;     /* in use */
  GtkWidget *header; /* GtkBox, child */
  GtkWidget *title;
  GtkWidget *place;
  GtkWidget *check;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (SvTimelineRowWidget, sv_timeline_row_widget, GTK_TYPE_WIDGET)

static void
sv_timeline_row_widget_dispose (GObject *object)
{
  SvTimelineRowWidget *rw = SV_TIMELINE_ROW_WIDGET (object);

  if (rw->cells != NULL)
    {
      for (guint i = 0; i < rw->cells->len; i++)
        gtk_widget_unparent (g_ptr_array_index (rw->cells, i));
      g_clear_pointer (&rw->cells, g_ptr_array_unref);
    }
  g_clear_pointer (&rw->header, gtk_widget_unparent);
  g_clear_object (&rw->item);
  G_OBJECT_CLASS (sv_timeline_row_widget_parent_class)->dispose (object);
}

static const SvTimelineRow *
row_widget_row (SvTimelineRowWidget *rw)
{
  return rw->item != NULL ? sv_timeline_row_item_get_row (rw->item) : NULL;
}

static void
sv_timeline_row_widget_measure (GtkWidget *widget,
                                GtkOrientation orientation,
                                int for_size,
                                int *minimum,
                                int *natural,
                                int *minimum_baseline,
                                int *natural_baseline)
{
  SvTimelineRowWidget *rw = SV_TIMELINE_ROW_WIDGET (widget);
  const SvTimelineRow *row = row_widget_row (rw);

  *minimum = *natural = 0;
  if (row == NULL)
    return;
  if (row->kind != SV_TIMELINE_ROW_PHOTOS)
    {
      if (rw->header != NULL && gtk_widget_get_visible (rw->header))
        gtk_widget_measure (rw->header, orientation, for_size, minimum, natural, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        *minimum = 0;
      return;
    }
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = (int) row->height + GAP;
}

static void
sv_timeline_row_widget_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SvTimelineRowWidget *rw = SV_TIMELINE_ROW_WIDGET (widget);
  const SvTimelineRow *row = row_widget_row (rw);
  SvTimelineLayout *layout = rw->view != NULL ? rw->view->layout : NULL;

  if (row == NULL)
    return;
  if (row->kind != SV_TIMELINE_ROW_PHOTOS)
    {
      if (rw->header != NULL)
        gtk_widget_size_allocate (rw->header, &(GtkAllocation){ 0, 0, width, height }, -1);
      return;
    }
  for (guint k = 0; k < rw->n_cells && layout != NULL; k++)
    {
      GtkWidget *cell = g_ptr_array_index (rw->cells, k);
      guint index = row->first + k;
      int x, w;

      if (index >= layout->cell_x->len)
        break;
      x = g_array_index (layout->cell_x, gint32, index);
      w = g_array_index (layout->cell_w, gint32, index);
      gtk_widget_size_allocate (cell, &(GtkAllocation){ MARGIN + x, 0, w, (int) row->height }, -1);
    }
}

static void
on_header_check_toggled_cb (GtkCheckButton *check, SvTimelineRowWidget *rw)
{
  if (rw->updating || rw->view == NULL)
    return;
  header_check_toggled (rw->view, rw);
}

static void
sv_timeline_row_widget_class_init (SvTimelineRowWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_timeline_row_widget_dispose;
  widget_class->measure = sv_timeline_row_widget_measure;
  widget_class->size_allocate = sv_timeline_row_widget_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "timeline-row");
}

static void
sv_timeline_row_widget_init (SvTimelineRowWidget *rw)
{
  rw->cells = g_ptr_array_new ();
}

static void
ensure_header (SvTimelineRowWidget *rw)
{
  if (rw->header != NULL)
    return;
  rw->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (rw->header, "timeline-header");
  gtk_widget_set_parent (rw->header, GTK_WIDGET (rw));
  rw->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (rw->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (rw->title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (rw->header), rw->title);
  rw->place = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (rw->place), 0);
  gtk_label_set_ellipsize (GTK_LABEL (rw->place), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (rw->place, "dim-label");
  gtk_widget_set_hexpand (rw->place, TRUE);
  gtk_box_append (GTK_BOX (rw->header), rw->place);
  /* At the end, so that titles line up with the photos' left edge. */
  rw->check = gtk_check_button_new ();
  gtk_widget_add_css_class (rw->check, "selection-check");
  gtk_widget_set_valign (rw->check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (rw->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Select the whole day"), -1);
  g_signal_connect (rw->check, "toggled", G_CALLBACK (on_header_check_toggled_cb), rw);
  gtk_box_append (GTK_BOX (rw->header), rw->check);
}

static void
row_widget_update_place (SvTimelineRowWidget *rw)
{
  const SvTimelineRow *row = row_widget_row (rw);
  const char *place;

  if (row == NULL || row->kind != SV_TIMELINE_ROW_DAY || rw->place == NULL)
    return;
  place = g_hash_table_lookup (rw->view->places, GUINT_TO_POINTER (row->key));
  gtk_label_set_text (GTK_LABEL (rw->place), place != NULL ? place : "");
  gtk_widget_set_visible (rw->place, place != NULL && *place != '\0');
}

static void
request_place (SvTimelineView *self, const SvTimelineRow *row);

static void
sv_timeline_row_widget_bind (SvTimelineRowWidget *rw, SvTimelineView *self, SvTimelineRowItem *item)
{
  const SvTimelineRow *row = sv_timeline_row_item_get_row (item);

  rw->view = self;
  g_set_object (&rw->item, item);
  g_hash_table_add (self->bound, rw);

  if (row->kind != SV_TIMELINE_ROW_PHOTOS)
    {
      g_autofree char *title = NULL;
      const char *css[] = { "title-1", "title-2", "heading" };

      for (guint k = 0; k < rw->cells->len; k++)
        gtk_widget_set_child_visible (g_ptr_array_index (rw->cells, k), FALSE);
      rw->n_cells = 0;
      ensure_header (rw);
      gtk_widget_set_visible (rw->header, TRUE);
      for (guint c = 0; c < G_N_ELEMENTS (css); c++)
        gtk_widget_remove_css_class (rw->title, css[c]);
      gtk_widget_remove_css_class (rw->header, "day");
      gtk_widget_remove_css_class (rw->header, "month");
      gtk_widget_remove_css_class (rw->header, "year");
      switch (row->kind)
        {
          case SV_TIMELINE_ROW_YEAR:
            title = sv_timeline_format_year (row->key);
            gtk_widget_add_css_class (rw->title, "title-1");
            gtk_widget_add_css_class (rw->header, "year");
            break;
          case SV_TIMELINE_ROW_MONTH:
            title = sv_timeline_format_month (row->key);
            gtk_widget_add_css_class (rw->title, "title-2");
            gtk_widget_add_css_class (rw->header, "month");
            break;
          case SV_TIMELINE_ROW_DAY:
          case SV_TIMELINE_ROW_PHOTOS:
          default:
            title = sv_timeline_format_day (row->key, sv_timeline_today (), NULL);
            gtk_widget_add_css_class (rw->title, "heading");
            gtk_widget_add_css_class (rw->header, "day");
            break;
        }
      gtk_label_set_text (GTK_LABEL (rw->title), title);
      gtk_widget_set_visible (rw->check, row->kind == SV_TIMELINE_ROW_DAY);
      gtk_widget_set_visible (rw->place, FALSE);
      if (row->kind == SV_TIMELINE_ROW_DAY && row->key != 0)
        {
          row_widget_update_place (rw);
          request_place (self, row);
        }
      rw->updating = TRUE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (rw->check),
                                   sv_timeline_selection_range_is_selected (
                                       &self->selection, self->layout_items, row->first, row->n));
      rw->updating = FALSE;
      gtk_widget_queue_resize (GTK_WIDGET (rw));
      return;
    }

  if (rw->header != NULL)
    gtk_widget_set_visible (rw->header, FALSE);
  while (rw->cells->len < row->n)
    {
      SvTimelineCell *cell = g_object_new (SV_TYPE_TIMELINE_CELL, NULL);

      cell->row_widget = rw;
      cell->k = rw->cells->len;
      gtk_widget_set_parent (GTK_WIDGET (cell), GTK_WIDGET (rw));
      g_ptr_array_add (rw->cells, cell);
    }
  rw->n_cells = row->n;
  for (guint k = 0; k < rw->cells->len; k++)
    {
      SvTimelineCell *cell = g_ptr_array_index (rw->cells, k);

      if (k >= row->n)
        {
          sv_timeline_cell_unbind (cell);
          gtk_widget_set_child_visible (GTK_WIDGET (cell), FALSE);
          continue;
        }
      {
        const SvLayoutItem *it = &g_array_index (self->layout_items, SvLayoutItem, row->first + k);

        gtk_widget_set_child_visible (GTK_WIDGET (cell), TRUE);
        sv_timeline_cell_bind (cell, self, it->id, it->day, (int) row->height);
        sv_timeline_cell_set_selected (cell,
                                       sv_timeline_selection_contains (&self->selection, it->id));
        if (self->focus_pending && self->focus_index == row->first + k)
          {
            self->focus_pending = FALSE;
            gtk_widget_grab_focus (GTK_WIDGET (cell));
          }
      }
    }
  gtk_widget_queue_resize (GTK_WIDGET (rw));
}

static void
sv_timeline_row_widget_unbind (SvTimelineRowWidget *rw)
{
  for (guint k = 0; k < rw->cells->len; k++)
    sv_timeline_cell_unbind (g_ptr_array_index (rw->cells, k));
  if (rw->view != NULL)
    g_hash_table_remove (rw->view->bound, rw);
  g_clear_object (&rw->item);
}

/* ------------------------------------------------------------------ */
/* Places of days                                                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint32 day;
  GArray *ids;
} PlaceData;

static void
place_data_free (PlaceData *d)
{
  g_array_unref (d->ids);
  g_free (d);
}

static void
place_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SvCatalogue *catalogue = source_object;
  PlaceData *d = task_data;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) error = NULL;
  const char *best = NULL;
  guint best_n = 0;

  items = sv_catalogue_get_items (catalogue, (const gint64 *) d->ids->data, d->ids->len, &error);
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (items, i);
      const char *city, *country;
      char *place;
      guint n;

      if (!sv_media_item_get_has_place (item))
        continue;
      city = sv_media_item_get_city (item, TRUE);
      if (city == NULL || *city == '\0')
        city = sv_media_item_get_city (item, FALSE);
      country = sv_media_item_get_country (item, TRUE);
      if (country == NULL || *country == '\0')
        country = sv_media_item_get_country (item, FALSE);
      if (city != NULL && *city != '\0' && country != NULL && *country != '\0')
        /* Translators: a place in a day header: city, country */
        place = g_strdup_printf (C_ ("place", "%s, %s"), city, country);
      else if (city != NULL && *city != '\0')
        place = g_strdup (city);
      else if (country != NULL && *country != '\0')
        place = g_strdup (country);
      else
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, place)) + 1;
      g_hash_table_replace (counts, place, GUINT_TO_POINTER (n));
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (value) > best_n ||
          (GPOINTER_TO_UINT (value) == best_n && g_strcmp0 (key, best) < 0))
        best = key, best_n = GPOINTER_TO_UINT (value);
  }
  g_task_return_pointer (task, g_strdup (best != NULL ? best : ""), g_free);
}

static void
on_place_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvTimelineView *self = user_data;
  g_autoptr (GError) error = NULL;
  char *place;
  PlaceData *d;
  GHashTableIter iter;
  gpointer key;

  place = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  d = g_task_get_task_data (G_TASK (result));
  g_hash_table_remove (self->places_pending, GUINT_TO_POINTER (d->day));
  g_hash_table_replace (self->places, GUINT_TO_POINTER (d->day),
                        place != NULL ? place : g_strdup (""));
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    row_widget_update_place (key);
  g_object_unref (self);
}

static void
request_place (SvTimelineView *self, const SvTimelineRow *row)
{
  g_autoptr (GTask) task = NULL;
  PlaceData *d;
  guint n;

  if (self->catalogue == NULL || self->layout_items == NULL ||
      g_hash_table_contains (self->places, GUINT_TO_POINTER (row->key)) ||
      g_hash_table_contains (self->places_pending, GUINT_TO_POINTER (row->key)))
    return;
  g_hash_table_add (self->places_pending, GUINT_TO_POINTER (row->key));
  d = g_new0 (PlaceData, 1);
  d->day = row->key;
  d->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  n = MIN (row->n, PLACE_SAMPLE);
  for (guint k = 0; k < n && row->first + k < self->layout_items->len; k++)
    g_array_append_val (d->ids,
                        g_array_index (self->layout_items, SvLayoutItem, row->first + k).id);
  task = g_task_new (self->catalogue, self->cancellable, on_place_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, request_place);
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_task_set_task_data (task, d, (GDestroyNotify) place_data_free);
  g_task_run_in_thread (task, place_worker);
}

/* ------------------------------------------------------------------ */
/* Layout                                                               */
/* ------------------------------------------------------------------ */

static int
target_height (SvTimelineView *self)
{
  if (self->zoom == SV_TIMELINE_ZOOM_DAY)
    return self->row_height;
  return sv_timeline_zoom_target_height (self->zoom, self->layout_kind);
}

static void
layout_params (SvTimelineView *self, SvTimelineLayoutParams *p)
{
  p->width = self->width > 0 ? self->width : 1024;
  p->target_height = target_height (self);
  p->gap = GAP;
  p->margin = MARGIN;
  p->kind = self->layout_kind;
  p->zoom = self->zoom;
}

/* The first item on screen, to keep in view across a full relayout. */
static guint
top_item_index (SvTimelineView *self)
{
  GHashTableIter iter;
  gpointer key;
  guint best = G_MAXUINT;
  double best_y = G_MAXDOUBLE;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);
      graphene_point_t p;

      if (row == NULL || row->kind != SV_TIMELINE_ROW_PHOTOS)
        continue;
      if (!gtk_widget_compute_point (GTK_WIDGET (rw), self->list_view, &GRAPHENE_POINT_INIT (0, 0),
                                     &p))
        continue;
      if (p.y + (float) row->height / 2 < 0)
        continue;
      if (p.y < best_y)
        best_y = p.y, best = row->first;
    }
  return best;
}

static gboolean
scroll_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  SvTimelineView *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  g_autoptr (SvTimelineRowItem) wanted = NULL;
  GHashTableIter iter;
  gpointer key;

  if (self->pending_row >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    {
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->pending_step == 0)
    {
      /* Bring the row on screen (as little as GTK can)... */
      gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", self->pending_row);
      self->pending_step = 1;
      if (self->pending_to_top)
        return G_SOURCE_CONTINUE;
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* ...then, laid out, to the top. */
  self->scroll_tick_id = 0;
  wanted = g_list_model_get_item (G_LIST_MODEL (self->rows), self->pending_row);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      graphene_point_t p;

      if (rw->item != wanted || !gtk_widget_compute_point (GTK_WIDGET (rw), self->list_view,
                                                           &GRAPHENE_POINT_INIT (0, 0), &p))
        continue;
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + p.y);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* At the next frame, once the list has taken in its new rows. */
static void
scroll_to_row (SvTimelineView *self, guint row, gboolean to_top)
{
  if (row >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    return;
  self->pending_row = row;
  self->pending_to_top = to_top;
  self->pending_step = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id =
        gtk_widget_add_tick_callback (self->list_view, scroll_tick_cb, self, NULL);
}

static void
apply_layout (SvTimelineView *self, GArray *items, gboolean full)
{
  SvTimelineLayoutParams p;
  g_autoptr (SvTimelineLayout) layout = NULL;
  guint position = 0, removed = 0, added = 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint keep_item = G_MAXUINT;
  gint64 keep_id = 0;
  gboolean was_empty = sv_timeline_view_get_empty (self);

  layout_params (self, &p);
  layout = sv_timeline_layout_new (items, &p);

  if (full && self->layout_items != NULL &&
      gtk_adjustment_get_value (
          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled))) > 0)
    {
      keep_item = top_item_index (self);
      if (keep_item != G_MAXUINT && keep_item < self->layout_items->len)
        keep_id = g_array_index (self->layout_items, SvLayoutItem, keep_item).id;
    }

  if (self->layout == NULL || self->layout_items == NULL || full)
    {
      position = 0;
      removed = n_old;
      added = sv_timeline_layout_get_n_rows (layout);
    }
  else if (!sv_timeline_layout_diff (self->layout, self->layout_items, layout, items, &position,
                                     &removed, &added))
    {
      position = 0;
      removed = added = 0;
    }

  /* Rows kept take their new ranges (indexes move when items go). */
  for (guint r = 0; r < position; r++)
    {
      g_autoptr (SvTimelineRowItem) it = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      sv_timeline_row_item_set_row (it, sv_timeline_layout_get_row (layout, r));
    }
  for (guint r = position + removed; r < n_old; r++)
    {
      g_autoptr (SvTimelineRowItem) it = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      sv_timeline_row_item_set_row (it, sv_timeline_layout_get_row (layout, r - removed + added));
    }

  g_clear_pointer (&self->layout_items, g_array_unref);
  self->layout_items = g_array_ref (items);
  g_clear_pointer (&self->layout, sv_timeline_layout_free);
  self->layout = g_steal_pointer (&layout);

  if (removed > 0 || added > 0)
    {
      g_autoptr (GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint r = position; r < position + added; r++)
        g_ptr_array_add (additions,
                         sv_timeline_row_item_new (sv_timeline_layout_get_row (self->layout, r)));
      g_list_store_splice (self->rows, position, removed, additions->pdata, additions->len);
    }

  if (sv_timeline_selection_prune (&self->selection, self->layout_items))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
  if (self->focus_index >= self->layout_items->len)
    self->focus_index = self->layout_items->len > 0 ? self->layout_items->len - 1 : 0;
  update_selection_state (self);

  if (keep_id != 0)
    {
      for (guint i = 0; i < self->layout_items->len; i++)
        if (g_array_index (self->layout_items, SvLayoutItem, i).id == keep_id)
          {
            guint row = sv_timeline_layout_get_item_row (self->layout, i);

            if (row > 0)
              scroll_to_row (self, row, TRUE);
            break;
          }
    }
  if (was_empty != sv_timeline_view_get_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
finish_first_load (SvTimelineView *self)
{
  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
relayout (SvTimelineView *self)
{
  g_autoptr (GArray) items = NULL;

  if (self->width <= 0 && self->pending_items != NULL)
    return;
  if (self->pending_items != NULL)
    {
      /* The first layout, now that the width is known. */
      g_autoptr (GArray) first = g_steal_pointer (&self->pending_items);

      apply_layout (self, first, TRUE);
      return;
    }
  if (self->layout_items == NULL)
    return;
  items = g_array_ref (self->layout_items);
  apply_layout (self, items, TRUE);
}

static gboolean
relayout_idle_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;

  self->relayout_id = 0;
  relayout (self);
  return G_SOURCE_REMOVE;
}

static void
queue_relayout (SvTimelineView *self)
{
  if (self->relayout_id == 0)
    self->relayout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_idle_cb, self, NULL);
}

typedef struct
{
  SvQuery query;
  guint generation;
} LoadData;

static void
load_data_free (LoadData *d)
{
  sv_query_clear (&d->query);
  g_free (d);
}

static void
load_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *d = task_data;
  GError *error = NULL;
  GArray *items = sv_catalogue_layout_items (SV_CATALOGUE (source_object), &d->query, &error);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_array_unref);
}

static void
load_layout (SvTimelineView *self);

static void
on_layout_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvTimelineView *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) items = NULL;
  LoadData *d = g_task_get_task_data (G_TASK (result));
  gboolean first;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      d->generation != self->generation)
    {
      g_object_unref (self);
      return;
    }
  first = self->loading;
  if (items == NULL)
    {
      g_warning ("Cannot read the timeline: %s", error->message);
      items = g_array_new (FALSE, FALSE, sizeof (SvLayoutItem));
    }
  if ((first || self->pending_items != NULL) && self->width <= 0)
    {
      /* Not allocated yet (e.g. hidden behind an empty state): lay out
       * once, at the real width; but say at once whether there is
       * anything, so that whoever hides it can show it. */
      gboolean was_empty = sv_timeline_view_get_empty (self);

      g_clear_pointer (&self->pending_items, g_array_unref);
      self->pending_items = g_steal_pointer (&items);
      if (first)
        finish_first_load (self);
      else if (was_empty != sv_timeline_view_get_empty (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
      g_object_unref (self);
      return;
    }
  apply_layout (self, items, first);
  if (first)
    finish_first_load (self);
  if (self->reload_queued)
    {
      self->reload_queued = FALSE;
      load_layout (self);
    }
  g_object_unref (self);
}

static void
load_layout (SvTimelineView *self)
{
  g_autoptr (GTask) task = NULL;
  LoadData *d;

  if (self->catalogue == NULL || !self->has_query)
    return;
  d = g_new0 (LoadData, 1);
  sv_query_init (&d->query);
  sv_query_copy (&self->query, &d->query);
  d->generation = self->generation;
  task = g_task_new (self->catalogue, self->cancellable, on_layout_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_layout);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_worker);
}

static gboolean
changed_idle_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;

  self->changed_id = 0;
  load_layout (self);
  return G_SOURCE_REMOVE;
}

static void
on_catalogue_changed_cb (SvTimelineView *self, GArray *added, GArray *changed, GArray *removed)
{
  /* Thumbnails of changed items may have changed (rotation). */
  if (changed != NULL && self->loader != NULL)
    for (guint i = 0; i < changed->len; i++)
      sv_thumbnail_loader_forget (self->loader, g_array_index (changed, gint64, i));
  /* One reload for a burst of changes (an import emits one per batch). */
  if (self->changed_id == 0)
    self->changed_id = g_timeout_add (50, changed_idle_cb, self);
}

/* ------------------------------------------------------------------ */
/* Selection and activation                                             */
/* ------------------------------------------------------------------ */

static void
update_selection_state (SvTimelineView *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->selection_mode)
    gtk_widget_add_css_class (GTK_WIDGET (self), "selection-mode");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "selection-mode");

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);

      if (row == NULL || self->layout_items == NULL)
        continue;
      if (row->kind == SV_TIMELINE_ROW_PHOTOS)
        {
          for (guint k = 0; k < rw->n_cells && row->first + k < self->layout_items->len; k++)
            sv_timeline_cell_set_selected (
                g_ptr_array_index (rw->cells, k),
                sv_timeline_selection_contains (
                    &self->selection,
                    g_array_index (self->layout_items, SvLayoutItem, row->first + k).id));
        }
      else if (rw->check != NULL)
        {
          rw->updating = TRUE;
          gtk_check_button_set_active (
              GTK_CHECK_BUTTON (rw->check),
              sv_timeline_selection_range_is_selected (&self->selection, self->layout_items,
                                                       row->first, row->n));
          rw->updating = FALSE;
        }
    }
}

static void
selection_changed (SvTimelineView *self)
{
  update_selection_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
cell_clicked (SvTimelineView *self,
              SvTimelineRowWidget *rw,
              guint k,
              GdkModifierType state,
              gboolean from_check)
{
  const SvTimelineRow *row = row_widget_row (rw);
  guint index;

  if (row == NULL || self->layout_items == NULL)
    return;
  index = row->first + k;
  if (index >= self->layout_items->len)
    return;
  self->focus_index = index;

  if (!self->selection_mode && !from_check && !(state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)))
    {
      activate_index (self, index);
      return;
    }
  if (!self->selection_mode)
    sv_timeline_view_set_selection_mode (self, TRUE);
  sv_timeline_selection_click (&self->selection, self->layout_items, index,
                               (state & GDK_SHIFT_MASK) != 0);
  selection_changed (self);
}

static void
header_check_toggled (SvTimelineView *self, SvTimelineRowWidget *rw)
{
  const SvTimelineRow *row = row_widget_row (rw);

  if (row == NULL || self->layout_items == NULL)
    return;
  if (!self->selection_mode)
    sv_timeline_view_set_selection_mode (self, TRUE);
  sv_timeline_selection_toggle_range (&self->selection, self->layout_items, row->first, row->n);
  selection_changed (self);
}

static void
activate_index (SvTimelineView *self, guint index)
{
  gint64 id;
  int position;

  if (self->items == NULL || self->layout_items == NULL || index >= self->layout_items->len)
    return;
  id = g_array_index (self->layout_items, SvLayoutItem, index).id;
  position = sv_item_list_find (self->items, id);
  if (position < 0)
    {
      /* The list is still catching up with a change: same order. */
      if (index >= g_list_model_get_n_items (G_LIST_MODEL (self->items)))
        return;
      position = (int) index;
    }
  g_signal_emit (self, signals[SIGNAL_ITEM_ACTIVATED], 0, G_LIST_MODEL (self->items),
                 (guint) position);
}

/* ------------------------------------------------------------------ */
/* Keyboard, zoom, date jumps                                           */
/* ------------------------------------------------------------------ */

static SvTimelineCell *
bound_cell_for (SvTimelineView *self, guint index)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);

      if (row != NULL && row->kind == SV_TIMELINE_ROW_PHOTOS && index >= row->first &&
          index < row->first + rw->n_cells)
        return g_ptr_array_index (rw->cells, index - row->first);
    }
  return NULL;
}

static void
focus_item (SvTimelineView *self, guint index)
{
  SvTimelineCell *cell;

  if (self->layout == NULL || self->layout_items == NULL || index >= self->layout_items->len)
    return;
  self->focus_index = index;
  scroll_to_row (self, sv_timeline_layout_get_item_row (self->layout, index), FALSE);
  cell = bound_cell_for (self, index);
  if (cell != NULL)
    {
      self->focus_pending = FALSE;
      gtk_widget_grab_focus (GTK_WIDGET (cell));
    }
  else
    self->focus_pending = TRUE;
}

static guint
focused_index (SvTimelineView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && SV_IS_TIMELINE_CELL (focus))
    {
      SvTimelineCell *cell = SV_TIMELINE_CELL (focus);
      const SvTimelineRow *row =
          cell->row_widget != NULL ? row_widget_row (cell->row_widget) : NULL;

      if (row != NULL)
        return row->first + cell->k;
    }
  return self->focus_index;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint keyval,
                   guint keycode,
                   GdkModifierType state,
                   SvTimelineView *self)
{
  SvTimelineMove move;
  guint index, target;

  if (self->layout == NULL || self->layout_items == NULL || self->layout_items->len == 0)
    return FALSE;
  switch (keyval)
    {
      case GDK_KEY_Left:
      case GDK_KEY_KP_Left:
        move = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                   ? SV_TIMELINE_MOVE_RIGHT
                   : SV_TIMELINE_MOVE_LEFT;
        break;
      case GDK_KEY_Right:
      case GDK_KEY_KP_Right:
        move = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                   ? SV_TIMELINE_MOVE_LEFT
                   : SV_TIMELINE_MOVE_RIGHT;
        break;
      case GDK_KEY_Up:
      case GDK_KEY_KP_Up:
        move = SV_TIMELINE_MOVE_UP;
        break;
      case GDK_KEY_Down:
      case GDK_KEY_KP_Down:
        move = SV_TIMELINE_MOVE_DOWN;
        break;
      case GDK_KEY_Home:
      case GDK_KEY_KP_Home:
        move = SV_TIMELINE_MOVE_HOME;
        break;
      case GDK_KEY_End:
      case GDK_KEY_KP_End:
        move = SV_TIMELINE_MOVE_END;
        break;
      case GDK_KEY_Return:
      case GDK_KEY_KP_Enter:
      case GDK_KEY_ISO_Enter:
        activate_index (self, focused_index (self));
        return TRUE;
      case GDK_KEY_space:
        index = focused_index (self);
        if (index >= self->layout_items->len)
          return FALSE;
        if (!self->selection_mode)
          sv_timeline_view_set_selection_mode (self, TRUE);
        sv_timeline_selection_click (&self->selection, self->layout_items, index,
                                     (state & GDK_SHIFT_MASK) != 0);
        selection_changed (self);
        return TRUE;
      case GDK_KEY_Escape:
        if (!self->selection_mode)
          return FALSE;
        sv_timeline_view_set_selection_mode (self, FALSE);
        return TRUE;
      default:
        return FALSE;
    }
  index = focused_index (self);
  target = sv_timeline_layout_move (self->layout, index, move);
  if ((state & GDK_SHIFT_MASK) && self->selection_mode)
    {
      if (self->selection.anchor == 0)
        sv_timeline_selection_click (&self->selection, self->layout_items, index, FALSE);
      sv_timeline_selection_click (&self->selection, self->layout_items, target, TRUE);
      selection_changed (self);
    }
  focus_item (self, target);
  return TRUE;
}

static void
zoom_step (SvTimelineView *self, int direction)
{
  if (direction > 0)
    {
      if (self->zoom == SV_TIMELINE_ZOOM_YEAR)
        sv_timeline_view_set_zoom (self, SV_TIMELINE_ZOOM_MONTH);
      else if (self->zoom == SV_TIMELINE_ZOOM_MONTH)
        {
          self->row_height = MIN_ROW_HEIGHT;
          sv_timeline_view_set_zoom (self, SV_TIMELINE_ZOOM_DAY);
        }
      else
        sv_timeline_view_set_row_height (self, self->row_height + ROW_HEIGHT_STEP);
    }
  else
    {
      if (self->zoom == SV_TIMELINE_ZOOM_DAY && self->row_height > MIN_ROW_HEIGHT)
        sv_timeline_view_set_row_height (self, self->row_height - ROW_HEIGHT_STEP);
      else if (self->zoom == SV_TIMELINE_ZOOM_DAY)
        sv_timeline_view_set_zoom (self, SV_TIMELINE_ZOOM_MONTH);
      else if (self->zoom == SV_TIMELINE_ZOOM_MONTH)
        sv_timeline_view_set_zoom (self, SV_TIMELINE_ZOOM_YEAR);
    }
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, SvTimelineView *self)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;
  self->zoom_scroll += dy;
  while (self->zoom_scroll <= -1.0)
    {
      zoom_step (self, +1);
      self->zoom_scroll += 1.0;
    }
  while (self->zoom_scroll >= 1.0)
    {
      zoom_step (self, -1);
      self->zoom_scroll -= 1.0;
    }
  return TRUE;
}

static void
on_zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, SvTimelineView *self)
{
  self->pinch_base = 1.0;
}

static void
on_zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, SvTimelineView *self)
{
  if (scale / self->pinch_base > 1.25)
    {
      zoom_step (self, +1);
      self->pinch_base = scale;
    }
  else if (scale / self->pinch_base < 0.8)
    {
      zoom_step (self, -1);
      self->pinch_base = scale;
    }
}

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom_step (SV_TIMELINE_VIEW (widget), +1);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom_step (SV_TIMELINE_VIEW (widget), -1);
}

static void
select_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sv_timeline_view_select_all (SV_TIMELINE_VIEW (widget));
}

static void
activate_focus_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (widget);

  activate_index (self, focused_index (self));
}

static void
on_month_clicked_cb (GtkButton *button, SvTimelineView *self)
{
  const char *month = g_object_get_data (G_OBJECT (button), "month");

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->date_button));
  sv_timeline_view_scroll_to_date (self, month);
}

/* The date popover: one row per year, its months with photos as buttons. */
static void
on_date_popover_show_cb (GtkWidget *popover, SvTimelineView *self)
{
  GtkWidget *child;
  GtkWidget *year_box = NULL;
  GtkWidget *flow = NULL;
  guint32 year = 0, month = 0;

  while ((child = gtk_widget_get_first_child (self->date_popover_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->date_popover_box), child);
  if (self->layout_items == NULL)
    return;
  for (guint i = 0; i < self->layout_items->len; i++)
    {
      guint32 day = g_array_index (self->layout_items, SvLayoutItem, i).day;
      g_autofree char *label = NULL;
      g_autoptr (GDateTime) dt = NULL;
      GtkWidget *button;

      if (day == 0 || day / 100 == month)
        continue;
      month = day / 100;
      if (day / 10000 != year)
        {
          g_autofree char *year_text = NULL;
          GtkWidget *heading;

          year = day / 10000;
          year_text = sv_timeline_format_year (year * 10000);
          year_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
          heading = gtk_label_new (year_text);
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_box_append (GTK_BOX (year_box), heading);
          flow = gtk_flow_box_new ();
          gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
          gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 4);
          gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
          gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
          gtk_box_append (GTK_BOX (year_box), flow);
          gtk_box_append (GTK_BOX (self->date_popover_box), year_box);
        }
      dt = g_date_time_new_utc ((int) year, (int) (month % 100), 1, 12, 0, 0);
      /* Translators: a month button in the "jump to a date" popover; see
       * g_date_time_format () */
      label = dt != NULL ? g_date_time_format (dt, C_ ("month button", "%b")) : NULL;
      button = gtk_button_new_with_label (label != NULL ? label : "?");
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "month",
                              g_strdup_printf ("%04u-%02u", year, month % 100), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_month_clicked_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
}

static gboolean
hide_date_label_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;

  self->date_label_hide_id = 0;
  gtk_widget_set_visible (self->date_label, FALSE);
  return G_SOURCE_REMOVE;
}

/* While scrolling, an osd label shows the month at the top of the view. */
static void
on_vadjustment_changed_cb (GtkAdjustment *adj, SvTimelineView *self)
{
  guint index = top_item_index (self);
  guint32 day;
  g_autofree char *text = NULL;

  if (self->layout_items == NULL || index >= self->layout_items->len)
    return;
  day = g_array_index (self->layout_items, SvLayoutItem, index).day;
  text = sv_timeline_format_month (day / 100 * 100);
  gtk_label_set_text (GTK_LABEL (self->date_label), text);
  gtk_widget_set_visible (self->date_label, TRUE);
  g_clear_handle_id (&self->date_label_hide_id, g_source_remove);
  self->date_label_hide_id = g_timeout_add (1200, hide_date_label_cb, self);
}

/* ------------------------------------------------------------------ */
/* List item factory                                                    */
/* ------------------------------------------------------------------ */

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem *list_item,
                     SvTimelineView *self)
{
  GtkWidget *rw = g_object_new (SV_TYPE_TIMELINE_ROW_WIDGET, NULL);

  SV_TIMELINE_ROW_WIDGET (rw)->view = self;
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, rw);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SvTimelineView *self)
{
  sv_timeline_row_widget_bind (SV_TIMELINE_ROW_WIDGET (gtk_list_item_get_child (list_item)), self,
                               gtk_list_item_get_item (list_item));
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem *list_item,
                      SvTimelineView *self)
{
  sv_timeline_row_widget_unbind (SV_TIMELINE_ROW_WIDGET (gtk_list_item_get_child (list_item)));
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sv_timeline_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (widget);

  gtk_widget_size_allocate (self->overlay, &(GtkAllocation){ 0, 0, width, height }, baseline);
  if (width != self->width)
    {
      self->width = width;
      queue_relayout (self);
    }
}

static void
sv_timeline_view_measure (GtkWidget *widget,
                          GtkOrientation orientation,
                          int for_size,
                          int *minimum,
                          int *natural,
                          int *minimum_baseline,
                          int *natural_baseline)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (widget);

  gtk_widget_measure (self->overlay, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
stop_loading (SvTimelineView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;
}

static void
sv_timeline_view_dispose (GObject *object)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (object);

  stop_loading (self);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  g_clear_handle_id (&self->date_label_hide_id, g_source_remove);
  if (self->scroll_tick_id != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (self->list_view, self->scroll_tick_id);
  self->scroll_tick_id = 0;
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->items);
  g_clear_object (&self->loader);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (sv_timeline_view_parent_class)->dispose (object);
}

static void
sv_timeline_view_finalize (GObject *object)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (object);

  sv_query_clear (&self->query);
  g_clear_pointer (&self->layout_items, g_array_unref);
  g_clear_pointer (&self->layout, sv_timeline_layout_free);
  g_clear_pointer (&self->pending_items, g_array_unref);
  g_hash_table_unref (self->bound);
  g_hash_table_unref (self->places);
  g_hash_table_unref (self->places_pending);
  sv_timeline_selection_clear (&self->selection);
  G_OBJECT_CLASS (sv_timeline_view_parent_class)->finalize (object);
}

static void
sv_timeline_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (object);

  switch (prop_id)
    {
      case PROP_EMPTY:
        g_value_set_boolean (value, sv_timeline_view_get_empty (self));
        break;
      case PROP_LOADING:
        g_value_set_boolean (value, self->loading);
        break;
      case PROP_ZOOM:
        g_value_set_enum (value, self->zoom);
        break;
      case PROP_LAYOUT:
        g_value_set_enum (value, self->layout_kind);
        break;
      case PROP_SELECTION_MODE:
        g_value_set_boolean (value, self->selection_mode);
        break;
      case PROP_N_SELECTED:
        g_value_set_uint (value, sv_timeline_view_get_n_selected (self));
        break;
      case PROP_ROW_HEIGHT:
        g_value_set_int (value, self->row_height);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_timeline_view_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  SvTimelineView *self = SV_TIMELINE_VIEW (object);

  switch (prop_id)
    {
      case PROP_ZOOM:
        sv_timeline_view_set_zoom (self, g_value_get_enum (value));
        break;
      case PROP_LAYOUT:
        sv_timeline_view_set_layout (self, g_value_get_enum (value));
        break;
      case PROP_SELECTION_MODE:
        sv_timeline_view_set_selection_mode (self, g_value_get_boolean (value));
        break;
      case PROP_ROW_HEIGHT:
        sv_timeline_view_set_row_height (self, g_value_get_int (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_timeline_view_class_init (SvTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sv_timeline_view_dispose;
  object_class->finalize = sv_timeline_view_finalize;
  object_class->get_property = sv_timeline_view_get_property;
  object_class->set_property = sv_timeline_view_set_property;
  widget_class->size_allocate = sv_timeline_view_size_allocate;
  widget_class->measure = sv_timeline_view_measure;

  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ZOOM] =
      g_param_spec_enum ("zoom", NULL, NULL, SV_TYPE_TIMELINE_ZOOM, SV_TIMELINE_ZOOM_DAY, rw);
  properties[PROP_LAYOUT] = g_param_spec_enum ("layout", NULL, NULL, SV_TYPE_TIMELINE_LAYOUT_KIND,
                                               SV_TIMELINE_LAYOUT_JUSTIFIED, rw);
  properties[PROP_SELECTION_MODE] = g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE, rw);
  properties[PROP_N_SELECTED] = g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ROW_HEIGHT] = g_param_spec_int ("row-height", NULL, NULL, MIN_ROW_HEIGHT,
                                                  MAX_ROW_HEIGHT, DEFAULT_ROW_HEIGHT, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ITEM_ACTIVATED] =
      g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_LIST_MODEL, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate-focus", NULL,
                                   activate_focus_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "timeline.select-all", NULL);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
sv_timeline_view_init (SvTimelineView *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;
  GtkEventController *key;
  GtkEventController *scroll;
  GtkGesture *zoom;
  GtkWidget *popover;
  GtkWidget *popover_scroll;

  self->zoom = SV_TIMELINE_ZOOM_DAY;
  self->layout_kind = SV_TIMELINE_LAYOUT_JUSTIFIED;
  self->row_height = DEFAULT_ROW_HEIGHT;
  self->bound = g_hash_table_new (NULL, NULL);
  self->places = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->places_pending = g_hash_table_new (NULL, NULL);
  sv_timeline_selection_init (&self->selection);
  self->rows = g_list_store_new (SV_TYPE_TIMELINE_ROW_ITEM);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_widget_add_css_class (self->list_view, "timeline-list");
  gtk_widget_add_css_class (self->list_view, "view");

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->list_view);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)),
                    "value-changed", G_CALLBACK (on_vadjustment_changed_cb), self);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->scrolled);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  /* Jump to a date: a round button at the bottom right. */
  self->date_popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->date_popover_box, 6);
  gtk_widget_set_margin_end (self->date_popover_box, 6);
  gtk_widget_set_margin_top (self->date_popover_box, 6);
  gtk_widget_set_margin_bottom (self->date_popover_box, 6);
  popover_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (popover_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (popover_scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (popover_scroll), 480);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (popover_scroll), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (popover_scroll), self->date_popover_box);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), popover_scroll);
  g_signal_connect (popover, "show", G_CALLBACK (on_date_popover_show_cb), self);
  self->date_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->date_button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->date_button), popover);
  gtk_menu_button_set_direction (GTK_MENU_BUTTON (self->date_button), GTK_ARROW_UP);
  gtk_widget_set_tooltip_text (self->date_button, _ ("Jump to a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Jump to a Date"), -1);
  gtk_widget_add_css_class (self->date_button, "osd");
  gtk_widget_add_css_class (self->date_button, "circular");
  gtk_widget_set_halign (self->date_button, GTK_ALIGN_END);
  gtk_widget_set_valign (self->date_button, GTK_ALIGN_END);
  gtk_widget_set_margin_end (self->date_button, 18);
  gtk_widget_set_margin_bottom (self->date_button, 18);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->date_button);

  self->date_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->date_label, "osd");
  gtk_widget_add_css_class (self->date_label, "timeline-date-label");
  gtk_widget_set_halign (self->date_label, GTK_ALIGN_END);
  gtk_widget_set_valign (self->date_label, GTK_ALIGN_START);
  gtk_widget_set_margin_end (self->date_label, 18);
  gtk_widget_set_margin_top (self->date_label, 12);
  gtk_widget_set_can_target (self->date_label, FALSE);
  gtk_widget_set_visible (self->date_label, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->date_label);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (self->list_view, key);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */
/* ------------------------------------------------------------------ */

GtkWidget *
sv_timeline_view_new (void)
{
  return g_object_new (SV_TYPE_TIMELINE_VIEW, NULL);
}

void
sv_timeline_view_set_query (SvTimelineView *self, SvCatalogue *catalogue, const SvQuery *query)
{
  gboolean was_empty, was_loading;

  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));

  was_empty = sv_timeline_view_get_empty (self);
  was_loading = self->loading;
  stop_loading (self);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->changed_id, g_source_remove);

  if (self->catalogue != catalogue)
    {
      if (self->catalogue != NULL)
        g_signal_handlers_disconnect_by_data (self->catalogue, self);
      g_clear_object (&self->loader);
      g_set_object (&self->catalogue, catalogue);
      if (catalogue != NULL)
        {
          self->loader = sv_thumbnail_loader_new (catalogue, 0);
          g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  g_clear_object (&self->items);
  sv_query_clear (&self->query);
  self->has_query = catalogue != NULL && query != NULL;
  sv_query_init (&self->query);
  if (self->has_query)
    sv_query_copy (query, &self->query);

  g_hash_table_remove_all (self->places);
  g_hash_table_remove_all (self->places_pending);
  sv_timeline_selection_unselect_all (&self->selection);
  g_clear_pointer (&self->layout, sv_timeline_layout_free);
  g_clear_pointer (&self->layout_items, g_array_unref);
  g_clear_pointer (&self->pending_items, g_array_unref);
  g_list_store_remove_all (self->rows);
  self->focus_index = 0;

  if (self->has_query)
    {
      self->items = sv_item_list_new (catalogue, &self->query);
      self->loading = TRUE;
      load_layout (self);
    }
  else
    self->loading = FALSE;

  if (was_loading != self->loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (was_empty != sv_timeline_view_get_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

SvCatalogue *
sv_timeline_view_get_catalogue (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), NULL);
  return self->catalogue;
}

GListModel *
sv_timeline_view_get_items (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), NULL);
  return self->items != NULL ? G_LIST_MODEL (self->items) : NULL;
}

gboolean
sv_timeline_view_get_empty (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), TRUE);
  if (!self->has_query)
    return TRUE;
  if (self->pending_items != NULL)
    return self->pending_items->len == 0;
  return !self->loading && (self->layout_items == NULL || self->layout_items->len == 0);
}

gboolean
sv_timeline_view_get_loading (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), FALSE);
  return self->loading;
}

SvTimelineZoom
sv_timeline_view_get_zoom (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), SV_TIMELINE_ZOOM_DAY);
  return self->zoom;
}

void
sv_timeline_view_set_zoom (SvTimelineView *self, SvTimelineZoom zoom)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));
  g_return_if_fail (zoom <= SV_TIMELINE_ZOOM_DAY);

  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

int
sv_timeline_view_get_row_height (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), DEFAULT_ROW_HEIGHT);
  return self->row_height;
}

void
sv_timeline_view_set_row_height (SvTimelineView *self, int height)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  height = CLAMP (height, MIN_ROW_HEIGHT, MAX_ROW_HEIGHT);
  if (self->row_height == height)
    return;
  self->row_height = height;
  if (self->zoom == SV_TIMELINE_ZOOM_DAY)
    relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_HEIGHT]);
}

SvTimelineLayoutKind
sv_timeline_view_get_layout (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), SV_TIMELINE_LAYOUT_JUSTIFIED);
  return self->layout_kind;
}

void
sv_timeline_view_set_layout (SvTimelineView *self, SvTimelineLayoutKind layout)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));
  g_return_if_fail (layout <= SV_TIMELINE_LAYOUT_SQUARE);

  if (self->layout_kind == layout)
    return;
  self->layout_kind = layout;
  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

gboolean
sv_timeline_view_get_selection_mode (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), FALSE);
  return self->selection_mode;
}

void
sv_timeline_view_set_selection_mode (SvTimelineView *self, gboolean selection_mode)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;
  self->selection_mode = selection_mode;
  if (!selection_mode && sv_timeline_selection_count (&self->selection) > 0)
    {
      sv_timeline_selection_unselect_all (&self->selection);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
    }
  update_selection_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

guint
sv_timeline_view_get_n_selected (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), 0);
  return sv_timeline_selection_count (&self->selection);
}

GArray *
sv_timeline_view_get_selected_ids (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), NULL);

  if (self->layout_items == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  return sv_timeline_selection_get_ids (&self->selection, self->layout_items);
}

void
sv_timeline_view_select_all (SvTimelineView *self)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  if (self->layout_items == NULL || self->layout_items->len == 0)
    return;
  if (!self->selection_mode)
    sv_timeline_view_set_selection_mode (self, TRUE);
  sv_timeline_selection_select_all (&self->selection, self->layout_items);
  selection_changed (self);
}

void
sv_timeline_view_unselect_all (SvTimelineView *self)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  sv_timeline_selection_unselect_all (&self->selection);
  selection_changed (self);
}

void
sv_timeline_view_scroll_to_item (SvTimelineView *self, gint64 item_id)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  if (self->layout_items == NULL)
    return;
  for (guint i = 0; i < self->layout_items->len; i++)
    if (g_array_index (self->layout_items, SvLayoutItem, i).id == item_id)
      {
        focus_item (self, i);
        return;
      }
}

void
sv_timeline_view_scroll_to_date (SvTimelineView *self, const char *day_or_month)
{
  guint row;

  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || self->layout_items == NULL)
    return;
  row = sv_timeline_layout_find_date (self->layout, self->layout_items, day_or_month);
  if (row == G_MAXUINT)
    return;
  scroll_to_row (self, row, TRUE);
}

GListModel *
sv_timeline_view_get_rows (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

guint
sv_timeline_view_count_painted (SvTimelineView *self, guint *n_cells)
{
  GHashTableIter iter;
  gpointer key;
  guint painted = 0, cells = 0;
  int height;

  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), 0);

  height = gtk_widget_get_height (self->list_view);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      graphene_point_t p;

      if (!gtk_widget_compute_point (GTK_WIDGET (rw), self->list_view, &GRAPHENE_POINT_INIT (0, 0),
                                     &p))
        continue;
      if (p.y >= height || p.y + gtk_widget_get_height (GTK_WIDGET (rw)) <= 0)
        continue;
      for (guint k = 0; k < rw->n_cells; k++)
        {
          SvTimelineCell *cell = g_ptr_array_index (rw->cells, k);

          cells++;
          if (cell->texture != NULL)
            painted++;
        }
    }
  if (n_cells != NULL)
    *n_cells = cells;
  return painted;
}
