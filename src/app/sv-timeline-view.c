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
#include <math.h>

#include "sv-catalogue-events.h"
#include "sv-events.h"
#include "sv-item-list.h"
#include "sv-thumbnail-loader.h"
#include "sv-timeline-layout.h"
#include "sv-timeline-scrubber.h"
#include "sv-timeline-view.h"

#define GAP 4
#define MARGIN 12
#define MIN_ROW_HEIGHT 120
#define MAX_ROW_HEIGHT 300
#define ROW_HEIGHT_STEP 30
#define DEFAULT_ROW_HEIGHT 180
#define PLACE_SAMPLE 24
/* Headers' height for the scrubber (their natural height is known only once
 * shown): between a day's and a month's. */
#define HEADER_ESTIMATE 44
#define FLING_MS 100
#define SETTLE_MS 120

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

  /* Group by event: the catalogue's "timeline-group-by-event" setting,
   * read with the layout (off the main loop) and written when toggled. */
  gboolean group_by_event;
  gboolean group_setting_known;
  GHashTable *item_events;   /* gint64* item -> gint64 event (in the pointer's bytes) */
  GHashTable *event_headers; /* gint64* event -> EventHeader* */

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
  GtkWidget *scrubber;
  GArray *scrubber_rows; /* double per row: where it starts on the scrubber */
  GtkWidget *date_label;
  guint date_label_hide_id;
  guint scroll_tick_id;
  /* Flinging: the view moved by most of a page twice within FLING_MS;
   * cells bound meanwhile load their thumbnails once it stays still for
   * SETTLE_MS. */
  gboolean flinging;
  guint32 today; /* for day headers ("Today"), checked once a minute */
  gint64 today_checked;
  double last_value;
  gint64 last_jump_time;
  guint settle_id;
  /* Cells bound since the last frame wait here (SvTimelineCell*, reffed)
   * and load from an idle after it, once laid out: on screen first, then
   * by distance, so the first screen does not wait behind rows the list
   * keeps off screen. */
  GPtrArray *load_queue;
  guint load_id;
  guint pending_row;
  gboolean pending_to_top;
  guint pending_step;
  double pending_offset; /* where the row's top goes, from the view's top */
  /* Zooming keeps this item where it was (under the pointer or fingers,
   * else at the top). */
  gint64 anchor_id;
  double anchor_offset;
  double pointer_y; /* -1: not over the view */
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
  PROP_GROUP_BY_EVENT,
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

typedef struct
{
  gint64 id;
  char *title;    /* the event's name, else its place and dates */
  char *subtitle; /* dates · place */
} EventHeader;

static void
event_header_free (EventHeader *h)
{
  g_free (h->title);
  g_free (h->subtitle);
  g_free (h);
}

static gint64 *
id_dup (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

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
  gboolean deferred; /* to load: after the next layout, or once the view stops flinging */
  int height;        /* device pixels asked for */
  GtkWidget *check;
  char *name; /* for screen readers, as last set */
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
  g_clear_pointer (&cell->name, g_free);
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

/* Dragging a cell drags the selection when the cell is selected, else the
 * cell's item: item ids (a GArray of gint64) for the album rows of the
 * sidebar (sv-search-ui.c). */
static GdkContentProvider *
on_cell_drag_prepare_cb (GtkDragSource *source, double x, double y, SvTimelineCell *cell)
{
  g_autoptr (GArray) ids = NULL;

  if (cell->view == NULL || cell->id <= 0)
    return NULL;
  ids = sv_timeline_view_get_drag_ids (cell->view, cell->id);
  return gdk_content_provider_new_typed (G_TYPE_ARRAY, ids);
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
  GtkDragSource *drag;

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

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_cell_drag_prepare_cb), cell);
  gtk_widget_add_controller (GTK_WIDGET (cell), GTK_EVENT_CONTROLLER (drag));
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
queue_cell_load (SvTimelineView *self, SvTimelineCell *cell);

static void
sv_timeline_cell_load (SvTimelineCell *cell)
{
  cell->deferred = FALSE;
  sv_timeline_cell_cancel (cell);
  cell->cancellable = g_cancellable_new ();
  sv_thumbnail_loader_load_async (cell->view->loader, cell->id, cell->height, cell->cancellable,
                                  on_thumbnail_loaded_cb, g_object_ref (cell));
}

/* name: for screen readers (sv_timeline_format_cell_name ()) */
static void
sv_timeline_cell_bind (SvTimelineCell *cell,
                       SvTimelineView *self,
                       gint64 id,
                       const char *name,
                       int height)
{
  GdkTexture *cached;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (cell));

  sv_timeline_cell_cancel (cell);
  cell->deferred = FALSE;
  cell->view = self;
  if (cell->id != id)
    g_clear_object (&cell->texture);
  cell->id = id;
  /* A fling rebinds many cells to photos of the same day (the same name):
   * each update is a change signal for the accessibility bus. */
  if (g_strcmp0 (cell->name, name) != 0)
    {
      g_free (cell->name);
      cell->name = g_strdup (name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  if (self->loader == NULL)
    return;
  cell->height = height * scale;
  cached = sv_thumbnail_loader_lookup (self->loader, id, cell->height);
  if (cached != NULL)
    {
      g_set_object (&cell->texture, cached);
      gtk_widget_queue_draw (GTK_WIDGET (cell));
      return;
    }
  /* Flung past: decoding what shows for one frame would only slow the
   * frames down (loaded when the view settles). Otherwise once laid out. */
  cell->deferred = TRUE;
  if (!self->flinging)
    queue_cell_load (self, cell);
}

static void
sv_timeline_cell_unbind (SvTimelineCell *cell)
{
  cell->deferred = FALSE;
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
  GtkWidget *album_button; /* "New Album from This Day/Event" */
  GtkWidget *check;
  gboolean updating;
  int header_kind; /* the SvTimelineRowKind the header is styled for, or -1 */
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
  rw->header_kind = -1;
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
  /* One step from a day or an event to an album (actions of the window,
   * src/app/sv-search-ui.c; insensitive where a window has none). */
  rw->album_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (rw->album_button, "flat");
  gtk_widget_add_css_class (rw->album_button, "album-button");
  gtk_widget_set_valign (rw->album_button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (rw->album_button, "timeline-header-album-button");
  gtk_box_append (GTK_BOX (rw->header), rw->album_button);
  /* At the end, so that titles line up with the photos' left edge. */
  rw->check = gtk_check_button_new ();
  gtk_widget_add_css_class (rw->check, "selection-check");
  gtk_widget_set_valign (rw->check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (rw->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Select the whole day"), -1);
  g_signal_connect (rw->check, "toggled", G_CALLBACK (on_header_check_toggled_cb), rw);
  gtk_box_append (GTK_BOX (rw->header), rw->check);
}

/* An event header's title; sets its dates and place. */
static char *
event_title (SvTimelineView *self, const SvTimelineRow *row, SvTimelineRowWidget *rw)
{
  gint64 event_id = row->key;
  EventHeader *h =
      self->event_headers != NULL ? g_hash_table_lookup (self->event_headers, &event_id) : NULL;

  gtk_label_set_text (GTK_LABEL (rw->place), h != NULL ? h->subtitle : "");
  return g_strdup (h != NULL && h->title != NULL ? h->title : _ ("Event"));
}

/* Event headers on screen after an edit (renamed, dates or place). */
static void
update_event_headers (SvTimelineView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);
      g_autofree char *title = NULL;

      if (row == NULL || row->kind != SV_TIMELINE_ROW_EVENT || rw->title == NULL)
        continue;
      title = event_title (self, row, rw);
      gtk_label_set_text (GTK_LABEL (rw->title), title);
      gtk_widget_set_visible (rw->place, *gtk_label_get_text (GTK_LABEL (rw->place)) != '\0');
    }
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

/* Rows are rebound on every frame of a fast scroll: a header of the same
 * kind only gets a new target (a new action name means new observers in the
 * action muxer, a new tooltip a pointer query to the display server). */
static void
row_widget_update_album_button (SvTimelineRowWidget *rw,
                                const SvTimelineRow *row,
                                gboolean same_kind)
{
  GtkActionable *button = GTK_ACTIONABLE (rw->album_button);
  g_autoptr (GVariant) target = NULL;
  const char *action = NULL, *tooltip = NULL;

  if (row->kind == SV_TIMELINE_ROW_DAY && row->key != 0)
    {
      g_autofree char *day = g_strdup_printf ("%04u-%02u-%02u", row->key / 10000,
                                              row->key / 100 % 100, row->key % 100);

      target = g_variant_ref_sink (g_variant_new_string (day));
      action = "win.new-album-from-day";
      tooltip = _ ("New Album from This Day");
    }
  else if (row->kind == SV_TIMELINE_ROW_EVENT && row->key != 0)
    {
      target = g_variant_ref_sink (g_variant_new_int64 ((gint64) row->key));
      action = "win.new-album-from-event";
      tooltip = _ ("New Album from This Event");
    }
  if (same_kind && g_strcmp0 (gtk_actionable_get_action_name (button), action) == 0)
    {
      if (target != NULL)
        gtk_actionable_set_action_target_value (button, target);
      return;
    }
  /* Name last: GtkActionable checks the target's type against the action's
   * as soon as both are set. */
  gtk_actionable_set_action_name (button, NULL);
  gtk_actionable_set_action_target_value (button, target);
  gtk_actionable_set_action_name (button, action);
  gtk_widget_set_tooltip_text (rw->album_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (rw->album_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip != NULL ? tooltip : "", -1);
  gtk_widget_set_visible (rw->album_button, tooltip != NULL);
}

static void
sv_timeline_row_widget_bind (SvTimelineRowWidget *rw, SvTimelineView *self, SvTimelineRowItem *item)
{
  const SvTimelineRow *row = sv_timeline_row_item_get_row (item);
  g_autofree char *name = NULL;
  guint32 name_day = 0;

  rw->view = self;
  g_set_object (&rw->item, item);
  g_hash_table_add (self->bound, rw);

  if (row->kind != SV_TIMELINE_ROW_PHOTOS)
    {
      g_autofree char *title = NULL;
      const char *title_css = "heading", *header_css = "day";
      gboolean same_kind = rw->header_kind == (int) row->kind;
      gint64 now = g_get_monotonic_time ();

      for (guint k = 0; k < rw->cells->len; k++)
        gtk_widget_set_child_visible (g_ptr_array_index (rw->cells, k), FALSE);
      rw->n_cells = 0;
      ensure_header (rw);
      gtk_widget_set_visible (rw->header, TRUE);
      switch (row->kind)
        {
          case SV_TIMELINE_ROW_YEAR:
            title = sv_timeline_format_year (row->key);
            title_css = "title-1", header_css = "year";
            break;
          case SV_TIMELINE_ROW_MONTH:
            title = sv_timeline_format_month (row->key);
            title_css = "title-2", header_css = "month";
            break;
          case SV_TIMELINE_ROW_EVENT:
            title = event_title (self, row, rw);
            break;
          case SV_TIMELINE_ROW_DAY:
          case SV_TIMELINE_ROW_PHOTOS:
          default:
            if (self->today_checked == 0 || now - self->today_checked > 60 * G_USEC_PER_SEC)
              self->today = sv_timeline_today (), self->today_checked = now;
            title = sv_timeline_format_day (row->key, self->today, NULL);
            break;
        }
      /* Each class change restyles the header: only when the kind changes. */
      if (!same_kind)
        {
          const char *css[] = { "title-1", "title-2", "heading" };

          for (guint c = 0; c < G_N_ELEMENTS (css); c++)
            gtk_widget_remove_css_class (rw->title, css[c]);
          gtk_widget_remove_css_class (rw->header, "day");
          gtk_widget_remove_css_class (rw->header, "month");
          gtk_widget_remove_css_class (rw->header, "year");
          gtk_widget_add_css_class (rw->title, title_css);
          gtk_widget_add_css_class (rw->header, header_css);
          gtk_widget_set_visible (rw->check, row->kind == SV_TIMELINE_ROW_DAY ||
                                                 row->kind == SV_TIMELINE_ROW_EVENT);
          rw->header_kind = (int) row->kind;
        }
      gtk_label_set_text (GTK_LABEL (rw->title), title);
      row_widget_update_album_button (rw, row, same_kind);
      gtk_widget_set_visible (rw->place, row->kind == SV_TIMELINE_ROW_EVENT &&
                                             *gtk_label_get_text (GTK_LABEL (rw->place)) != '\0');
      if (row->kind == SV_TIMELINE_ROW_DAY && row->key != 0)
        {
          row_widget_update_place (rw);
          /* Flung past: looked up once the view settles. */
          if (!self->flinging)
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

        /* A row is one day, but for events: one name for the cells of a day. */
        if (name == NULL || it->day != name_day)
          {
            g_free (name);
            name_day = it->day;
            name = sv_timeline_format_cell_name (
                name_day, FALSE, g_hash_table_lookup (self->places, GUINT_TO_POINTER (name_day)));
          }
        gtk_widget_set_child_visible (GTK_WIDGET (cell), TRUE);
        sv_timeline_cell_bind (cell, self, it->id, name, (int) row->height);
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

      if (row == NULL || row->kind != SV_TIMELINE_ROW_PHOTOS ||
          !gtk_widget_get_mapped (GTK_WIDGET (rw)))
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
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + p.y - self->pending_offset);
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
  self->pending_offset = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id =
        gtk_widget_add_tick_callback (self->list_view, scroll_tick_cb, self, NULL);
}

static void
update_scrubber (SvTimelineView *self);

static void
apply_layout (SvTimelineView *self, GArray *items, gboolean full)
{
  SvTimelineLayoutParams p = { 0 };
  g_autoptr (SvTimelineLayout) layout = NULL;
  g_autoptr (GArray) events = NULL;
  guint position = 0, removed = 0, added = 0;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint keep_item = G_MAXUINT;
  gint64 keep_id = 0;
  gboolean was_empty = sv_timeline_view_get_empty (self);

  layout_params (self, &p);
  if (self->group_by_event && self->item_events != NULL)
    {
      events = g_array_sized_new (FALSE, FALSE, sizeof (gint64), items->len);
      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = g_array_index (items, SvLayoutItem, i).id;
          gint64 event = 0;
          gpointer value;

          if (g_hash_table_lookup_extended (self->item_events, &id, NULL, &value))
            event = *(gint64 *) value;
          g_array_append_val (events, event);
        }
      p.events = events;
    }
  layout = sv_timeline_layout_new (items, &p);

  if (full && self->anchor_id != 0)
    keep_id = self->anchor_id;
  else if (full && self->layout_items != NULL &&
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

            if (row > 0 || self->anchor_offset > 0)
              {
                scroll_to_row (self, row, TRUE);
                self->pending_offset = self->anchor_offset;
              }
            break;
          }
    }
  self->anchor_id = 0;
  self->anchor_offset = 0;
  update_scrubber (self);
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
  gboolean with_events;
  /* results besides the items */
  char *group_setting;
  GHashTable *item_events;
  GHashTable *event_headers;
} LoadData;

static void
load_data_free (LoadData *d)
{
  sv_query_clear (&d->query);
  g_free (d->group_setting);
  g_clear_pointer (&d->item_events, g_hash_table_unref);
  g_clear_pointer (&d->event_headers, g_hash_table_unref);
  g_free (d);
}

/* Which event each item is in, and the events' header texts. */
static void
load_events (SvCatalogue *catalogue, LoadData *d)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) candidates =
      sv_catalogue_events_load_candidates (catalogue, NULL, 0, NULL, NULL, &error);
  g_autoptr (GPtrArray) events = NULL;

  if (candidates == NULL)
    {
      g_warning ("Cannot read the events: %s", error->message);
      return;
    }
  events = sv_catalogue_events_list (catalogue, &error);
  if (events == NULL)
    {
      g_warning ("Cannot read the events: %s", error->message);
      return;
    }
  d->item_events = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < candidates->len; i++)
    {
      const SvEventCandidate *c = &g_array_index (candidates, SvEventCandidate, i);

      if (c->event_id != 0)
        g_hash_table_insert (d->item_events, id_dup (c->item_id), id_dup (c->event_id));
    }
  d->event_headers =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) event_header_free);
  for (guint i = 0; i < events->len; i++)
    {
      const SvEventInfo *info = g_ptr_array_index (events, i);
      EventHeader *h = g_new0 (EventHeader, 1);
      g_autofree char *dates = sv_events_format_dates (info->first_local, info->last_local);

      h->id = info->id;
      h->title = sv_events_dup_title (info);
      /* Translators: an event header's dates and place */
      h->subtitle = info->city != NULL && info->city[0] != '\0'
                        ? g_strdup_printf (C_ ("event header", "%s · %s"), dates, info->city)
                        : g_steal_pointer (&dates);
      g_hash_table_insert (d->event_headers, &h->id, h);
    }
}

static void
load_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *d = task_data;
  GError *error = NULL;
  GArray *items = sv_catalogue_layout_items (SV_CATALOGUE (source_object), &d->query, &error);

  d->group_setting =
      sv_catalogue_get_setting (SV_CATALOGUE (source_object), "timeline-group-by-event");
  if (items != NULL && (d->with_events || g_strcmp0 (d->group_setting, "on") == 0))
    load_events (SV_CATALOGUE (source_object), d);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_array_unref);
}

static void
load_layout (SvTimelineView *self);

/* The group-by-event value the library holds, kept on the catalogue object
 * (shared by the window's timelines); FALSE when it was already @on. */
static gboolean
remember_group_setting (SvCatalogue *catalogue, gboolean on)
{
  int value = on ? 2 : 1; /* 0: not known */

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (catalogue), "sv-group-by-event-saved")) ==
      value)
    return FALSE;
  g_object_set_data (G_OBJECT (catalogue), "sv-group-by-event-saved", GINT_TO_POINTER (value));
  return TRUE;
}

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
  if (d->item_events != NULL)
    {
      g_clear_pointer (&self->item_events, g_hash_table_unref);
      g_clear_pointer (&self->event_headers, g_hash_table_unref);
      self->item_events = g_steal_pointer (&d->item_events);
      self->event_headers = g_steal_pointer (&d->event_headers);
    }
  if (!self->group_setting_known && d->group_setting != NULL)
    {
      gboolean on = g_strcmp0 (d->group_setting, "on") == 0;

      self->group_setting_known = TRUE;
      remember_group_setting (self->catalogue, on);
      if (self->group_by_event != on)
        {
          self->group_by_event = !self->group_by_event;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY_EVENT]);
        }
    }
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
  update_event_headers (self);
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
  d->with_events = self->group_by_event;
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

static gint64
find_row_at (SvTimelineView *self, double y, double *offset);

/* Zooming keeps the item at @y (the view's coordinates; < 0: the first on
 * screen) with its row's top as far from the view's top: the next full
 * relayout scrolls there. */
static void
set_anchor (SvTimelineView *self, double y)
{
  self->anchor_id = find_row_at (self, y, &self->anchor_offset);
}

static gint64
find_row_at (SvTimelineView *self, double y, double *offset)
{
  GHashTableIter iter;
  gpointer key;
  double best_y = G_MAXDOUBLE;
  gint64 id = 0;

  *offset = 0;
  if (self->layout_items == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);
      graphene_point_t p;

      /* The list keeps some rows bound off screen, unmapped, where they
       * last were. */
      if (row == NULL || row->kind != SV_TIMELINE_ROW_PHOTOS ||
          row->first >= self->layout_items->len || !gtk_widget_get_mapped (GTK_WIDGET (rw)))
        continue;
      if (!gtk_widget_compute_point (GTK_WIDGET (rw), GTK_WIDGET (self),
                                     &GRAPHENE_POINT_INIT (0, 0), &p))
        continue;
      if (y >= 0)
        {
          /* The row under @y. */
          if (y < p.y || y >= p.y + row->height + GAP)
            continue;
        }
      else if (p.y + (float) row->height / 2 < 0 || p.y >= best_y)
        continue;
      best_y = p.y;
      id = g_array_index (self->layout_items, SvLayoutItem, row->first).id;
      *offset = MAX (0, p.y);
      if (y >= 0)
        break;
    }
  return id;
}

static void
zoom_step (SvTimelineView *self, int direction)
{
  /* At the very top, the view stays there. */
  if (self->anchor_id == 0 && gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                                  GTK_SCROLLED_WINDOW (self->scrolled))) > 0)
    set_anchor (self, -1);
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
  /* Nothing changed (already at the end of the range). */
  self->anchor_id = 0;
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
      sv_timeline_view_zoom_at (self, +1, self->pointer_y);
      self->zoom_scroll += 1.0;
    }
  while (self->zoom_scroll >= 1.0)
    {
      sv_timeline_view_zoom_at (self, -1, self->pointer_y);
      self->zoom_scroll -= 1.0;
    }
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *motion, double x, double y, SvTimelineView *self)
{
  self->pointer_y = y;
}

static void
on_leave_cb (GtkEventControllerMotion *motion, SvTimelineView *self)
{
  self->pointer_y = -1;
}

static double
pinch_centre_y (SvTimelineView *self, GtkGesture *gesture)
{
  double x, y;

  if (!gtk_gesture_is_active (gesture) || !gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return -1;
  return y;
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
      sv_timeline_view_zoom_at (self, +1, pinch_centre_y (self, GTK_GESTURE (gesture)));
      self->pinch_base = scale;
    }
  else if (scale / self->pinch_base < 0.8)
    {
      sv_timeline_view_zoom_at (self, -1, pinch_centre_y (self, GTK_GESTURE (gesture)));
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

static gboolean
hide_date_label_cb (gpointer user_data);

/* The date label beside the scrubber's handle. */
static void
show_date_label (SvTimelineView *self, guint32 month)
{
  g_autofree char *text = NULL;
  graphene_point_t p;

  if (month == 0)
    return;
  text = sv_timeline_format_month (month);
  gtk_label_set_text (GTK_LABEL (self->date_label), text);
  sv_timeline_scrubber_set_value_text (SV_TIMELINE_SCRUBBER (self->scrubber), text);
  if (gtk_widget_compute_point (
          self->scrubber, GTK_WIDGET (self),
          &GRAPHENE_POINT_INIT (
              0, (float) sv_timeline_scrubber_get_handle_y (SV_TIMELINE_SCRUBBER (self->scrubber))),
          &p))
    gtk_widget_set_margin_top (self->date_label, MAX (0, (int) p.y - 16));
  gtk_widget_set_visible (self->date_label, TRUE);
  g_clear_handle_id (&self->date_label_hide_id, g_source_remove);
  self->date_label_hide_id = g_timeout_add (1200, hide_date_label_cb, self);
}

static void
on_scrub_cb (SvTimelineScrubber *scrubber, double position, SvTimelineView *self)
{
  guint row;

  if (self->layout == NULL || self->layout_items == NULL)
    return;
  row = sv_timeline_scrubber_row_at (self->layout, HEADER_ESTIMATE, position);
  scroll_to_row (self, row, TRUE);
  show_date_label (self, sv_timeline_scrubber_month_of_row (self->layout, self->layout_items, row));
}

/* Past a few screens, the scrubber takes the scrollbar's place. */
static void
on_adjustment_changed_cb (GtkAdjustment *adj, SvTimelineView *self)
{
  gboolean show = self->layout != NULL &&
                  gtk_adjustment_get_upper (adj) > 3 * gtk_adjustment_get_page_size (adj);

  if (show == gtk_widget_get_visible (self->scrubber))
    return;
  gtk_widget_set_visible (self->scrubber, show);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  show ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC);
}

static void
update_scrubber (SvTimelineView *self)
{
  g_autoptr (GArray) marks = NULL;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  if (self->layout == NULL || self->layout_items == NULL)
    {
      sv_timeline_scrubber_set_marks (SV_TIMELINE_SCRUBBER (self->scrubber), NULL);
      gtk_widget_set_visible (self->scrubber, FALSE);
      return;
    }
  marks = sv_timeline_scrubber_marks (self->layout, self->layout_items, HEADER_ESTIMATE);
  g_clear_pointer (&self->scrubber_rows, g_array_unref);
  self->scrubber_rows = sv_timeline_scrubber_row_positions (self->layout, HEADER_ESTIMATE);
  sv_timeline_scrubber_set_marks (SV_TIMELINE_SCRUBBER (self->scrubber), marks);
  on_adjustment_changed_cb (adj, self);
}

static gboolean
hide_date_label_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;

  self->date_label_hide_id = 0;
  gtk_widget_set_visible (self->date_label, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
settle_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;
  GHashTableIter iter;
  gpointer key;

  self->settle_id = 0;
  self->flinging = FALSE;
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SvTimelineRowWidget *rw = key;
      const SvTimelineRow *row = row_widget_row (rw);

      if (row != NULL && row->kind == SV_TIMELINE_ROW_DAY && row->key != 0)
        request_place (self, row);
      for (guint k = 0; k < rw->n_cells; k++)
        {
          SvTimelineCell *cell = g_ptr_array_index (rw->cells, k);

          if (cell->deferred)
            queue_cell_load (self, cell);
        }
    }
  return G_SOURCE_REMOVE;
}

static void
track_fling (SvTimelineView *self, GtkAdjustment *adj)
{
  double value = gtk_adjustment_get_value (adj);
  gint64 now = g_get_monotonic_time ();

  if (fabs (value - self->last_value) > 0.75 * gtk_adjustment_get_page_size (adj))
    {
      /* One jump (a date, an item) loads at once; jumps in a row fling. */
      if (now - self->last_jump_time < FLING_MS * 1000)
        self->flinging = TRUE;
      self->last_jump_time = now;
    }
  self->last_value = value;
  if (self->flinging)
    {
      g_clear_handle_id (&self->settle_id, g_source_remove);
      self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
    }
}

/* While scrolling, an osd label shows the month at the top of the view. */
static void
on_vadjustment_changed_cb (GtkAdjustment *adj, SvTimelineView *self)
{
  guint index;
  guint32 day;

  track_fling (self, adj);
  index = top_item_index (self);
  if (self->layout_items == NULL || index >= self->layout_items->len)
    return;
  day = g_array_index (self->layout_items, SvLayoutItem, index).day;
  if (!sv_timeline_scrubber_get_dragging (SV_TIMELINE_SCRUBBER (self->scrubber)))
    {
      double max = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      /* The bottom of the list reads as the bottom of the scrubber. */
      guint row = sv_timeline_layout_get_item_row (self->layout, index);

      sv_timeline_scrubber_set_position (SV_TIMELINE_SCRUBBER (self->scrubber),
                                         gtk_adjustment_get_value (adj) >= max - 1 ? 1.0
                                         : self->scrubber_rows != NULL &&
                                                 row < self->scrubber_rows->len
                                             ? g_array_index (self->scrubber_rows, double, row)
                                             : 0.0);
      show_date_label (self, day / 100 * 100);
    }
}

typedef struct
{
  SvTimelineCell *cell;
  double distance; /* from the visible area, in pixels; 0 on screen */
  double y;
} QueuedLoad;

static int
cmp_queued_load (gconstpointer a, gconstpointer b)
{
  const QueuedLoad *x = a, *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return (x->y > y->y) - (x->y < y->y);
}

static gboolean
load_queued_cb (gpointer user_data)
{
  SvTimelineView *self = user_data;
  g_autoptr (GPtrArray) queue = g_steal_pointer (&self->load_queue);
  g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (QueuedLoad), queue->len);
  double height = gtk_widget_get_height (self->list_view);

  self->load_id = 0;
  for (guint i = 0; i < queue->len; i++)
    {
      SvTimelineCell *cell = g_ptr_array_index (queue, i);
      QueuedLoad q = { cell, G_MAXDOUBLE, 0 };
      graphene_point_t p;

      /* Unbound, rebound from the cache, or already loading. */
      if (!cell->deferred || cell->view != self)
        continue;
      if (gtk_widget_get_mapped (GTK_WIDGET (cell)) &&
          gtk_widget_compute_point (GTK_WIDGET (cell), self->list_view, &GRAPHENE_POINT_INIT (0, 0),
                                    &p))
        {
          double top = p.y, bottom = p.y + gtk_widget_get_height (GTK_WIDGET (cell));

          q.y = top;
          q.distance = bottom < 0 ? -bottom : top > height ? top - height : 0;
        }
      g_array_append_val (order, q);
    }
  g_array_sort (order, cmp_queued_load);
  /* In this order the loader takes them (one batch, oldest first). */
  for (guint i = 0; i < order->len; i++)
    sv_timeline_cell_load (g_array_index (order, QueuedLoad, i).cell);
  return G_SOURCE_REMOVE;
}

static void
queue_cell_load (SvTimelineView *self, SvTimelineCell *cell)
{
  if (self->load_queue == NULL)
    self->load_queue = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->load_queue, g_object_ref (cell));
  /* After the frame that lays the new cells out. */
  if (self->load_id == 0)
    self->load_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, load_queued_cb, self, NULL);
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
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->load_id, g_source_remove);
  g_clear_pointer (&self->load_queue, g_ptr_array_unref);
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

  g_clear_pointer (&self->item_events, g_hash_table_unref);
  g_clear_pointer (&self->event_headers, g_hash_table_unref);
  g_clear_pointer (&self->scrubber_rows, g_array_unref);
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
      case PROP_GROUP_BY_EVENT:
        g_value_set_boolean (value, self->group_by_event);
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
      case PROP_GROUP_BY_EVENT:
        sv_timeline_view_set_group_by_event (self, g_value_get_boolean (value));
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
  properties[PROP_GROUP_BY_EVENT] = g_param_spec_boolean ("group-by-event", NULL, NULL, FALSE, rw);
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
  GtkEventController *motion;
  GtkGesture *zoom;

  self->zoom = SV_TIMELINE_ZOOM_DAY;
  self->pointer_y = -1;
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
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)),
                    "changed", G_CALLBACK (on_adjustment_changed_cb), self);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->scrolled);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  /* The date scrubber along the right edge. */
  self->scrubber = sv_timeline_scrubber_new ();
  gtk_widget_set_halign (self->scrubber, GTK_ALIGN_END);
  gtk_widget_set_valign (self->scrubber, GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (self->scrubber, 6);
  gtk_widget_set_margin_bottom (self->scrubber, 6);
  gtk_widget_set_visible (self->scrubber, FALSE);
  g_signal_connect (self->scrubber, "scrub", G_CALLBACK (on_scrub_cb), self);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->scrubber);

  self->date_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->date_label, "osd");
  gtk_widget_add_css_class (self->date_label, "timeline-date-label");
  gtk_widget_set_halign (self->date_label, GTK_ALIGN_END);
  gtk_widget_set_valign (self->date_label, GTK_ALIGN_START);
  gtk_widget_set_margin_end (self->date_label, 60);
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

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

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
  g_clear_pointer (&self->item_events, g_hash_table_unref);
  g_clear_pointer (&self->event_headers, g_hash_table_unref);
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

/**
 * sv_timeline_view_get_index_at:
 * @x: (in @self's coordinates)
 *
 * Returns: the index (in sv_timeline_view_get_items ()) of the item whose
 * cell is at @x, @y, or G_MAXUINT.
 */
guint
sv_timeline_view_get_index_at (SvTimelineView *self, double x, double y)
{
  GtkWidget *picked;
  SvTimelineCell *cell;
  const SvTimelineRow *row;

  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), G_MAXUINT);

  picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  if (picked != NULL && !SV_IS_TIMELINE_CELL (picked))
    picked = gtk_widget_get_ancestor (picked, SV_TYPE_TIMELINE_CELL);
  if (picked == NULL)
    return G_MAXUINT;
  cell = SV_TIMELINE_CELL (picked);
  if (cell->row_widget == NULL || (row = row_widget_row (cell->row_widget)) == NULL)
    return G_MAXUINT;
  return row->first + cell->k;
}

/**
 * sv_timeline_view_get_drag_ids:
 * @item_id: the item a drag starts on
 *
 * Returns: (transfer full): the ids a drag from @item_id carries: the
 * selection (timeline order) when @item_id is selected, else @item_id.
 */
GArray *
sv_timeline_view_get_drag_ids (SvTimelineView *self, gint64 item_id)
{
  GArray *ids;

  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), NULL);

  if (self->layout_items != NULL && sv_timeline_selection_contains (&self->selection, item_id))
    return sv_timeline_view_get_selected_ids (self);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, item_id);
  return ids;
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

guint
sv_timeline_view_get_n_decoded (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), 0);
  return self->loader != NULL ? sv_thumbnail_loader_get_n_loaded (self->loader) : 0;
}

void
sv_timeline_view_zoom_at (SvTimelineView *self, int direction, double y)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  if (direction == 0)
    return;
  set_anchor (self, y);
  zoom_step (self, direction);
}

gint64
sv_timeline_view_get_row_at (SvTimelineView *self, double y, double *row_y)
{
  double offset;
  gint64 id;

  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), 0);

  id = find_row_at (self, y, &offset);
  if (row_y != NULL)
    *row_y = offset;
  return id;
}

static void
save_group_worker (GTask *task,
                   gpointer source_object,
                   gpointer task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;

  if (!sv_catalogue_set_setting (SV_CATALOGUE (source_object), "timeline-group-by-event", task_data,
                                 &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_group_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Cannot save the timeline's grouping: %s", error->message);
}

gboolean
sv_timeline_view_get_group_by_event (SvTimelineView *self)
{
  g_return_val_if_fail (SV_IS_TIMELINE_VIEW (self), FALSE);
  return self->group_by_event;
}

void
sv_timeline_view_set_group_by_event (SvTimelineView *self, gboolean group_by_event)
{
  g_return_if_fail (SV_IS_TIMELINE_VIEW (self));

  group_by_event = !!group_by_event;
  if (self->group_by_event == group_by_event)
    return;
  self->group_by_event = group_by_event;
  if (self->catalogue != NULL)
    self->group_setting_known = TRUE;
  /* The user's choice, kept in the library (off the main loop), once: the
   * window's other timelines follow this one (bound properties) and find
   * the value already saved. */
  if (self->catalogue != NULL && remember_group_setting (self->catalogue, group_by_event))
    {
      g_autoptr (GTask) task = g_task_new (self->catalogue, NULL, on_group_saved_cb, NULL);

      g_task_set_source_tag (task, sv_timeline_view_set_group_by_event);
      g_task_set_task_data (task, g_strdup (group_by_event ? "on" : "off"), g_free);
      g_task_run_in_thread (task, save_group_worker);
    }
  if (group_by_event && self->item_events == NULL)
    load_layout (self);
  else
    relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY_EVENT]);
}
