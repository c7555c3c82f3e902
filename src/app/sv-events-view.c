/* sv-events-view.c: the Events section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Event cards (cover, title, dates, place) from sv_catalogue_events_list,
 * loaded in a worker and reloaded when the catalogue changes. A card opens
 * the event's page: its photos, and the user's edits (rename, merge with
 * the previous event, split at a photo), which pin the event.
 */
#define G_LOG_DOMAIN "sv-events-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-catalogue-events.h"
#include "sv-events-view.h"
#include "sv-events.h"
#include "sv-list-loader.h"
#include "sv-thumb-image.h"

#define COVER_SIZE 180

typedef struct
{
  SvEventInfo *info;
  char *title;
  char *dates;
  char *place;
  SvMediaItem *cover;
} Card;

struct _SvEventsView
{
  AdwBin parent_instance;

  SvListLoader loader; /* the catalogue, the cards */
  GPtrArray *cards;    /* Card */
  GPtrArray *members;  /* SvMediaItem of the event shown */
  gint64 shown;

  GtkStack *stack;
  GtkFlowBox *cards_box;
  GtkLabel *detail_title;
  GtkLabel *detail_subtitle;
  GtkWidget *merge_button;
  GtkWidget *split_button;
  GtkFlowBox *members_box;
};

G_DEFINE_FINAL_TYPE (SvEventsView, sv_events_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EMPTY,
  PROP_LOADING,
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
card_free (Card *card)
{
  sv_event_info_free (card->info);
  g_free (card->title);
  g_free (card->dates);
  g_free (card->place);
  g_clear_object (&card->cover);
  g_free (card);
}

static void
toast (SvEventsView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (escaped));
}

static const Card *
find_card (SvEventsView *self, gint64 id, guint *index)
{
  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    {
      const Card *card = g_ptr_array_index (self->cards, i);

      if (card->info->id == id)
        {
          if (index != NULL)
            *index = i;
          return card;
        }
    }
  return NULL;
}

static GtkWidget *
make_card (SvEventsView *self, const Card *card)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = adw_bin_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *title = gtk_label_new (card->title);
  GtkWidget *dates = gtk_label_new (card->dates);
  g_autofree char *count = NULL;
  g_autofree char *a11y = NULL;

  gtk_widget_set_size_request (frame, COVER_SIZE, COVER_SIZE);
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "event-cover");
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  /* A picture's natural size is its texture's: clamp it to the cover. */
  {
    GtkWidget *clamp_w = adw_clamp_new ();
    GtkWidget *clamp_h = adw_clamp_new ();

    adw_clamp_set_maximum_size (ADW_CLAMP (clamp_w), COVER_SIZE);
    adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp_w), COVER_SIZE);
    adw_clamp_set_maximum_size (ADW_CLAMP (clamp_h), COVER_SIZE);
    adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp_h), COVER_SIZE);
    gtk_orientable_set_orientation (GTK_ORIENTABLE (clamp_h), GTK_ORIENTATION_VERTICAL);
    adw_clamp_set_child (ADW_CLAMP (clamp_h), picture);
    adw_clamp_set_child (ADW_CLAMP (clamp_w), clamp_h);
    adw_bin_set_child (ADW_BIN (frame), clamp_w);
  }
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  if (card->cover != NULL && self->loader.catalogue != NULL)
    sv_thumb_image_load (GTK_PICTURE (picture), self->loader.catalogue, card->cover);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 1);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  /* Translators: %u is a number of photos and videos */
  count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", card->info->n_items),
                       card->info->n_items);
  {
    g_autofree char *line = g_strdup_printf ("%s · %s", card->dates, count);

    gtk_label_set_label (GTK_LABEL (dates), line);
  }
  gtk_label_set_ellipsize (GTK_LABEL (dates), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (dates), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (dates), 1);
  gtk_widget_add_css_class (dates, "caption");
  gtk_widget_add_css_class (dates, "dim-label");
  gtk_box_append (GTK_BOX (box), dates);

  if (card->place != NULL)
    {
      GtkWidget *place = gtk_label_new (card->place);

      gtk_label_set_ellipsize (GTK_LABEL (place), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (place), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (place), 1);
      gtk_widget_add_css_class (place, "caption");
      gtk_box_append (GTK_BOX (box), place);
    }

  gtk_widget_set_size_request (box, COVER_SIZE, -1);
  a11y = g_strdup_printf ("%s, %s, %s", card->title, card->dates, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return box;
}

static void
fill_cards (SvEventsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_flow_box_remove (self->cards_box, child);
  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    {
      GtkWidget *card = make_card (self, g_ptr_array_index (self->cards, i));

      gtk_flow_box_append (self->cards_box, card);
      gtk_widget_set_name (gtk_widget_get_parent (card), "event-card");
    }
}

static void
update_detail (SvEventsView *self)
{
  guint index = 0;
  const Card *card = find_card (self, self->shown, &index);

  if (card == NULL)
    {
      gtk_label_set_label (self->detail_title, "");
      gtk_label_set_label (self->detail_subtitle, "");
      gtk_widget_set_sensitive (self->merge_button, FALSE);
      return;
    }
  gtk_label_set_label (self->detail_title, card->title);
  gtk_label_set_label (self->detail_subtitle, card->dates);
  /* The previous event is the next card (newest first). */
  gtk_widget_set_sensitive (self->merge_button, index + 1 < self->cards->len);
}

/* ---- loading ---- */

/* In a worker thread. */
static gpointer
read_cards (SvCatalogue *catalogue, gpointer data, GError **error)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);

  infos = sv_catalogue_events_list (catalogue, error);
  if (infos == NULL)
    return NULL;
  for (guint i = 0; i < infos->len; i++)
    {
      Card *card = g_new0 (Card, 1);

      card->info = g_steal_pointer (&infos->pdata[i]);
      card->title = sv_events_dup_title (card->info);
      card->dates = sv_events_format_dates (card->info->first_local, card->info->last_local);
      if (card->info->city != NULL && card->info->country != NULL)
        card->place = g_strdup_printf ("%s, %s", card->info->city, card->info->country);
      else if (card->info->country != NULL)
        card->place = g_strdup (card->info->country);
      if (card->info->cover_item_id > 0)
        card->cover = sv_catalogue_get_item (catalogue, card->info->cover_item_id, NULL);
      g_ptr_array_add (cards, card);
    }
  return g_steal_pointer (&cards);
}

static gboolean
show_cards (GObject *owner, gpointer result, const GError *error)
{
  SvEventsView *self = SV_EVENTS_VIEW (owner);

  if (error != NULL)
    {
      g_warning ("Could not list the events: %s", error->message);
      return FALSE;
    }
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  self->cards = result;
  fill_cards (self);
  if (self->shown != 0 && find_card (self, self->shown, NULL) == NULL)
    sv_events_view_show_event (self, 0);
  else if (self->shown != 0)
    sv_events_view_show_event (self, self->shown);
  return self->cards->len == 0;
}

typedef struct
{
  gint64 event_id;
  GPtrArray *items;
} MembersData;

static void
members_data_free (MembersData *d)
{
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gboolean
members_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  MembersData *d = data;
  g_autoptr (GArray) members = sv_catalogue_events_get_members (catalogue, d->event_id, error);
  g_autoptr (GArray) ids = NULL;

  if (members == NULL)
    return FALSE;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), members->len);
  for (guint i = 0; i < members->len; i++)
    g_array_append_val (ids, g_array_index (members, SvEventMember, i).item_id);
  d->items =
      sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, error);
  return d->items != NULL;
}

static void
update_split (SvEventsView *self)
{
  GList *selected = gtk_flow_box_get_selected_children (self->members_box);
  int index = selected != NULL ? gtk_flow_box_child_get_index (selected->data) : -1;

  g_list_free (selected);
  gtk_widget_set_sensitive (self->split_button, index > 0);
}

static void
on_members_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvEventsView *self;
  g_autoptr (GError) error = NULL;
  gpointer data = NULL;
  MembersData *d;
  GtkWidget *child;

  if (!sv_app_task_run_finish (result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (SV_EVENTS_VIEW (source), error->message);
      return;
    }
  self = SV_EVENTS_VIEW (source);
  d = data;
  if (d->event_id != self->shown)
    return;

  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_ptr_array_ref (d->items);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_box))) != NULL)
    gtk_flow_box_remove (self->members_box, child);
  for (guint i = 0; i < self->members->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (self->members, i);
      GtkWidget *picture = gtk_picture_new ();
      const char *taken = sv_media_item_get_taken_local (item);

      gtk_widget_set_size_request (picture, 120, 120);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      taken != NULL ? taken : _ ("Photo"), -1);
      sv_thumb_image_load (GTK_PICTURE (picture), self->loader.catalogue, item);
      gtk_flow_box_append (self->members_box, picture);
    }
  update_split (self);
}

/* ---- edits ---- */

typedef enum
{
  EDIT_RENAME,
  EDIT_MERGE,
  EDIT_SPLIT,
} EditKind;

typedef struct
{
  EditKind kind;
  gint64 a, b;
  char *name;
  gint64 result;
} EditData;

static void
edit_data_free (EditData *d)
{
  g_free (d->name);
  g_free (d);
}

static gboolean
edit_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  EditData *d = data;

  switch (d->kind)
    {
      case EDIT_RENAME:
        return sv_catalogue_events_rename (catalogue, d->a, d->name, error);

      case EDIT_MERGE:
        return sv_catalogue_events_merge (catalogue, d->a, d->b, error);

      case EDIT_SPLIT:
      default:
        d->result = sv_catalogue_events_split (catalogue, d->a, d->b, error);
        return d->result > 0;
    }
}

static void
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvEventsView *self;
  g_autoptr (GError) error = NULL;
  gpointer data = NULL;
  EditData *d;

  if (!sv_app_task_run_finish (result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (SV_EVENTS_VIEW (source), error->message);
      return;
    }
  self = SV_EVENTS_VIEW (source);
  d = data;
  switch (d->kind)
    {
      case EDIT_RENAME:
        toast (self, _ ("Event renamed"));
        break;

      case EDIT_MERGE:
        toast (self, _ ("Events merged"));
        break;

      case EDIT_SPLIT:
      default:
        toast (self, _ ("Event split in two"));
        break;
    }
  /* ::changed follows (and reloads after a delay): reload now, at once. */
  sv_list_loader_reload (&self->loader);
  if (self->shown != 0)
    sv_events_view_show_event (self, self->shown);
}

static void
run_edit (SvEventsView *self, EditKind kind, gint64 a, gint64 b, const char *name)
{
  EditData *d;

  if (self->loader.catalogue == NULL)
    return;
  d = g_new0 (EditData, 1);
  d->kind = kind;
  d->a = a;
  d->b = b;
  d->name = g_strdup (name);
  sv_app_task_run_async (self, self->loader.catalogue, edit_worker, d,
                         (GDestroyNotify) edit_data_free, self->loader.cancellable, on_edit_done_cb,
                         NULL);
}

static void
on_rename_response_cb (AdwMessageDialog *dialog, const char *response, SvEventsView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sv-entry");

  if (g_strcmp0 (response, "rename") == 0)
    sv_events_view_rename (self, self->shown, gtk_editable_get_text (entry));
}

static void
on_rename_clicked_cb (SvEventsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const Card *card = find_card (self, self->shown, NULL);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (card == NULL)
    return;
  dialog =
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Rename Event"),
                              _ ("Leave the name empty to go back to the automatic title."));
  gtk_widget_set_name (dialog, "rename-event-dialog");
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), card->info->name != NULL ? card->info->name : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Event name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "rename",
                                    _ ("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "sv-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_merge_clicked_cb (SvEventsView *self)
{
  guint index = 0;

  if (find_card (self, self->shown, &index) == NULL || index + 1 >= self->cards->len)
    return;
  sv_events_view_merge (self, self->shown,
                        ((const Card *) g_ptr_array_index (self->cards, index + 1))->info->id);
}

static void
on_split_clicked_cb (SvEventsView *self)
{
  GList *selected = gtk_flow_box_get_selected_children (self->members_box);
  int index = selected != NULL ? gtk_flow_box_child_get_index (selected->data) : -1;

  g_list_free (selected);
  if (index <= 0 || self->members == NULL || (guint) index >= self->members->len)
    return;
  sv_events_view_split (self, self->shown,
                        sv_media_item_get_id (g_ptr_array_index (self->members, index)));
}

static void
on_card_activated_cb (SvEventsView *self, GtkFlowBoxChild *child)
{
  int index = gtk_flow_box_child_get_index (child);

  if (index >= 0 && self->cards != NULL && (guint) index < self->cards->len)
    sv_events_view_show_event (self,
                               ((const Card *) g_ptr_array_index (self->cards, index))->info->id);
}

static void
on_back_clicked_cb (SvEventsView *self)
{
  sv_events_view_show_event (self, 0);
}

static void
sv_events_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvEventsView *self = SV_EVENTS_VIEW (object);

  switch (prop_id)
    {
      case PROP_EMPTY:
        g_value_set_boolean (value, self->loader.empty);
        break;

      case PROP_LOADING:
        g_value_set_boolean (value, self->loader.loading);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_events_view_dispose (GObject *object)
{
  SvEventsView *self = SV_EVENTS_VIEW (object);

  sv_list_loader_clear (&self->loader);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (sv_events_view_parent_class)->dispose (object);
}

static void
sv_events_view_class_init (SvEventsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_events_view_dispose;
  object_class->get_property = sv_events_view_get_property;

  properties[PROP_EMPTY] =
      g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

/* Icon buttons, so that the bar fits a 360 px window. */
static GtkWidget *
tool_button (const char *icon,
             const char *label,
             const char *name,
             GCallback callback,
             gpointer self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
sv_events_view_init (SvEventsView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *members_scrolled = gtk_scrolled_window_new ();

  sv_list_loader_init (&self->loader, G_OBJECT (self), read_cards,
                       (GDestroyNotify) g_ptr_array_unref, show_cards, properties[PROP_LOADING],
                       properties[PROP_EMPTY]);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);

  self->cards_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->cards_box), "event-cards");
  gtk_flow_box_set_selection_mode (self->cards_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->cards_box, TRUE);
  gtk_flow_box_set_max_children_per_line (self->cards_box, 12);
  gtk_flow_box_set_column_spacing (self->cards_box, 12);
  gtk_flow_box_set_row_spacing (self->cards_box, 18);
  gtk_flow_box_set_activate_on_single_click (self->cards_box, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->cards_box), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->cards_box), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->cards_box), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->cards_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->cards_box), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cards_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Events"), -1);
  g_signal_connect_swapped (self->cards_box, "child-activated", G_CALLBACK (on_card_activated_cb),
                            self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->cards_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_stack_add_named (self->stack, scrolled, "list");

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_set_name (back, "event-back-button");
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (back, _ ("All Events"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("All Events"), -1);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), back);
  self->detail_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->detail_title, 0);
  gtk_label_set_ellipsize (self->detail_title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "heading");
  self->detail_subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->detail_subtitle, 0);
  gtk_label_set_ellipsize (self->detail_subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_subtitle), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->detail_title));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->detail_subtitle));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (bar), titles);
  gtk_box_append (GTK_BOX (bar),
                  tool_button ("document-edit-symbolic", _ ("Rename"), "rename-event-button",
                               G_CALLBACK (on_rename_clicked_cb), self));
  self->merge_button =
      tool_button ("list-add-symbolic", _ ("Merge with the previous event (its photos move here)"),
                   "merge-event-button", G_CALLBACK (on_merge_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), self->merge_button);
  self->split_button =
      tool_button ("edit-cut-symbolic", _ ("Split: a new event from the selected photo on"),
                   "split-event-button", G_CALLBACK (on_split_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), self->split_button);
  gtk_box_append (GTK_BOX (detail), bar);

  self->members_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->members_box), "event-members");
  gtk_flow_box_set_selection_mode (self->members_box, GTK_SELECTION_SINGLE);
  gtk_flow_box_set_homogeneous (self->members_box, TRUE);
  gtk_flow_box_set_max_children_per_line (self->members_box, 20);
  gtk_flow_box_set_column_spacing (self->members_box, 4);
  gtk_flow_box_set_row_spacing (self->members_box, 4);
  gtk_widget_set_valign (GTK_WIDGET (self->members_box), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->members_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->members_box), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->members_box), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->members_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Photos of the event"), -1);
  g_signal_connect_swapped (self->members_box, "selected-children-changed",
                            G_CALLBACK (update_split), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (members_scrolled),
                                 GTK_WIDGET (self->members_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (members_scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (members_scrolled, TRUE);
  gtk_box_append (GTK_BOX (detail), members_scrolled);
  gtk_stack_add_named (self->stack, detail, "detail");

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  update_split (self);
}

GtkWidget *
sv_events_view_new (void)
{
  return g_object_new (SV_TYPE_EVENTS_VIEW, NULL);
}

void
sv_events_view_set_catalogue (SvEventsView *self, SvCatalogue *catalogue)
{
  g_return_if_fail (SV_IS_EVENTS_VIEW (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));

  if (!sv_list_loader_set_catalogue (&self->loader, catalogue))
    return;
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  fill_cards (self);
  sv_events_view_show_event (self, 0);
  sv_list_loader_reload (&self->loader);
}

gboolean
sv_events_view_get_empty (SvEventsView *self)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), TRUE);

  return self->loader.empty;
}

gboolean
sv_events_view_get_loading (SvEventsView *self)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), FALSE);

  return self->loader.loading;
}

guint
sv_events_view_get_n_events (SvEventsView *self)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), 0);

  return self->cards != NULL ? self->cards->len : 0;
}

gint64
sv_events_view_get_event_id (SvEventsView *self, guint index)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), 0);

  if (self->cards == NULL || index >= self->cards->len)
    return 0;
  return ((const Card *) g_ptr_array_index (self->cards, index))->info->id;
}

const char *
sv_events_view_get_event_title (SvEventsView *self, guint index)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), NULL);

  if (self->cards == NULL || index >= self->cards->len)
    return NULL;
  return ((const Card *) g_ptr_array_index (self->cards, index))->title;
}

void
sv_events_view_show_event (SvEventsView *self, gint64 event_id)
{
  g_return_if_fail (SV_IS_EVENTS_VIEW (self));

  if (event_id <= 0 || self->loader.catalogue == NULL)
    {
      self->shown = 0;
      g_clear_pointer (&self->members, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  self->shown = event_id;
  update_detail (self);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  {
    MembersData *d = g_new0 (MembersData, 1);

    d->event_id = event_id;
    sv_app_task_run_async (self, self->loader.catalogue, members_worker, d,
                           (GDestroyNotify) members_data_free, self->loader.cancellable,
                           on_members_loaded_cb, NULL);
  }
}

gint64
sv_events_view_get_shown_event (SvEventsView *self)
{
  g_return_val_if_fail (SV_IS_EVENTS_VIEW (self), 0);

  return self->shown;
}

void
sv_events_view_rename (SvEventsView *self, gint64 event_id, const char *name)
{
  g_return_if_fail (SV_IS_EVENTS_VIEW (self));

  run_edit (self, EDIT_RENAME, event_id, 0, name);
}

void
sv_events_view_merge (SvEventsView *self, gint64 into, gint64 from)
{
  g_return_if_fail (SV_IS_EVENTS_VIEW (self));

  run_edit (self, EDIT_MERGE, into, from, NULL);
}

void
sv_events_view_split (SvEventsView *self, gint64 event_id, gint64 at_item_id)
{
  g_return_if_fail (SV_IS_EVENTS_VIEW (self));

  run_edit (self, EDIT_SPLIT, event_id, at_item_id, NULL);
}
