/* sv-people-view.c: the People section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of people from sv_catalogue_list_people (named first): a round
 * crop of their best face, their name or "Unnamed", their photo count;
 * "Show Hidden" adds the hidden ones (dimmed). The list is read in a worker
 * and reloaded when the catalogue changes; face crops are cut from the grid
 * thumbnail in a worker. A card opens the person's page: name (completed
 * from the names given; a name someone else has merges the two), hide or
 * show again, "Is this X?" suggestions (Y / N answer the first one), their
 * photos newest first, a click opening the viewer on them (::open-item).
 * Selecting two cards offers Merge. Edits are single catalogue transactions
 * made on the main thread (the catalogue's writers emit ::changed
 * synchronously).
 *
 * The view holds the library's SvAnalysisController: a banner shows the
 * analysis in progress ("Analysing photos: n of N", pause, resume, stop)
 * or how it ended, and "Analyse Now" starts it (failed photos again).
 */
#define G_LOG_DOMAIN "sv-people-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-analysis-controller.h"
#include "sv-analysis-runner.h"
#include "sv-catalogue-faces.h"
#include "sv-list-loader.h"
#include "sv-people-view.h"
#include "sv-thumb-image.h"
#include "sv-thumbnailer.h"

#define AVATAR_SIZE 128
#define PHOTO_SIZE 160
#define MAX_SUGGESTIONS 8
/* The crop around a face box: this many times its larger side. */
#define CROP_MARGIN 1.6

typedef struct
{
  SvPerson *person;
  char *label;
  SvFace *cover_face;
  SvMediaItem *cover_item;
} Card;

typedef struct
{
  GPtrArray *cards; /* Card */
  GStrv names;      /* every name given, hidden people's too, sorted */
  SvAnalysisCounts counts;
  gboolean counts_ok;
  gboolean face_recognition;
  char *unavailable;
} ListResult;

struct _SvPeopleView
{
  AdwBin parent_instance;

  SvListLoader loader; /* the catalogue, the cards; read_data: show_hidden */
  GPtrArray *cards;    /* Card */
  gint64 shown;
  guint n_person_items;
  gboolean updating;
  gboolean show_hidden;
  SvAnalysisController *analysis;
  GListStore *person_items; /* SvMediaItem: the page's photos */
  GtkListStore *names;      /* completion */

  char *analysis_state;

  GtkRevealer *banner;
  GtkLabel *banner_label;
  GtkProgressBar *banner_progress;
  GtkWidget *pause_button;
  GtkWidget *stop_button;
  GtkWidget *dismiss_button;
  GtkToggleButton *show_hidden_button;
  GtkWidget *analyse_button;
  GtkStack *stack;
  GtkFlowBox *grid_box;
  GtkActionBar *merge_bar;
  GtkWidget *merge_button;
  GtkEntry *name_entry;
  GtkToggleButton *hide_button;
  GtkLabel *count_label;
  GtkListBox *suggestions_box;
  GtkFlowBox *photos_box;
};

G_DEFINE_FINAL_TYPE (SvPeopleView, sv_people_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EMPTY,
  PROP_LOADING,
  PROP_ANALYSIS_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TOAST,
  OPEN_ITEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
load_person (SvPeopleView *self);

static void
card_free (Card *card)
{
  sv_person_free (card->person);
  g_free (card->label);
  g_clear_pointer (&card->cover_face, sv_face_free);
  g_clear_object (&card->cover_item);
  g_free (card);
}

static void
list_result_free (ListResult *r)
{
  g_clear_pointer (&r->cards, g_ptr_array_unref);
  g_strfreev (r->names);
  g_free (r->unavailable);
  g_free (r);
}

static void
toast (SvPeopleView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (escaped));
}

static const Card *
find_card (SvPeopleView *self, gint64 id)
{
  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    {
      const Card *card = g_ptr_array_index (self->cards, i);

      if (card->person->id == id)
        return card;
    }
  return NULL;
}

/* ---- face crops ---- */

typedef struct
{
  char *cache_dir;
  char *path;
  char *sha256;
  int orientation;
  double x, y, w, h;
} CropData;

static void
crop_data_free (CropData *d)
{
  g_free (d->cache_dir);
  g_free (d->path);
  g_free (d->sha256);
  g_free (d);
}

static void
crop_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CropData *d = task_data;
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (d->cache_dir);
  g_autofree char *thumb = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GdkPixbuf) sub = NULL;
  g_autoptr (GdkPixbuf) scaled = NULL;
  GError *error = NULL;
  int width, height, side, cx, cy, x0, y0;

  if (sv_thumbnailer_has_valid (thumbnailer, d->sha256, SV_THUMB_SIZE_GRID))
    thumb = sv_thumbnailer_get_path (thumbnailer, d->sha256, SV_THUMB_SIZE_GRID);
  else
    thumb = sv_thumbnailer_ensure (thumbnailer, d->path, d->sha256, d->orientation, FALSE, 0,
                                   SV_THUMB_SIZE_GRID, cancellable, &error);
  if (thumb == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pixbuf = gdk_pixbuf_new_from_file (thumb, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The thumbnail is upright, like the face box's fractions. */
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  side = (int) (MAX (d->w * width, d->h * height) * CROP_MARGIN);
  side = CLAMP (side, 1, MIN (width, height));
  cx = (int) ((d->x + d->w / 2) * width);
  cy = (int) ((d->y + d->h / 2) * height);
  x0 = CLAMP (cx - side / 2, 0, width - side);
  y0 = CLAMP (cy - side / 2, 0, height - side);
  sub = gdk_pixbuf_new_subpixbuf (pixbuf, x0, y0, side, side);
  scaled = gdk_pixbuf_scale_simple (sub, AVATAR_SIZE, AVATAR_SIZE, GDK_INTERP_BILINEAR);
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (scaled), g_object_unref);
}

static void
on_cropped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No face crop: %s", error->message);
      return;
    }
  adw_avatar_set_custom_image (ADW_AVATAR (source), GDK_PAINTABLE (texture));
}

static void
load_face_crop (SvPeopleView *self, AdwAvatar *avatar, const SvFace *face, SvMediaItem *item)
{
  g_autoptr (GTask) task = NULL;
  CropData *d;

  if (self->loader.catalogue == NULL || face == NULL || item == NULL ||
      sv_media_item_get_primary_hash (item) == NULL || sv_media_item_get_path (item) == NULL)
    return;
  d = g_new0 (CropData, 1);
  d->cache_dir = sv_catalogue_get_cache_dir (self->loader.catalogue);
  d->path = g_strdup (sv_media_item_get_path (item));
  d->sha256 = g_strdup (sv_media_item_get_primary_hash (item));
  d->orientation = sv_media_item_get_orientation (item);
  d->x = face->x;
  d->y = face->y;
  d->w = face->w;
  d->h = face->h;
  task = g_task_new (avatar, self->loader.cancellable, on_cropped_cb, NULL);
  g_task_set_source_tag (task, load_face_crop);
  g_task_set_task_data (task, d, (GDestroyNotify) crop_data_free);
  g_task_run_in_thread (task, crop_worker);
}

/* ---- the grid ---- */

static GtkWidget *
make_card (SvPeopleView *self, const Card *card)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *avatar = adw_avatar_new (AVATAR_SIZE, card->person->name, card->person->name != NULL);
  GtkWidget *name = gtk_label_new (card->label);
  GtkWidget *count = gtk_label_new (NULL);
  g_autofree char *count_text = NULL;
  g_autofree char *a11y = NULL;

  gtk_widget_set_halign (avatar, GTK_ALIGN_CENTER);
  load_face_crop (self, ADW_AVATAR (avatar), card->cover_face, card->cover_item);
  gtk_box_append (GTK_BOX (box), avatar);

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 1);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);

  /* Translators: %u is a number of photos */
  count_text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", card->person->n_items),
      card->person->n_items);
  gtk_label_set_label (GTK_LABEL (count), count_text);
  gtk_widget_add_css_class (count, "caption");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), count);

  if (card->person->hidden)
    {
      GtkWidget *hidden = gtk_label_new (_ ("Hidden"));

      gtk_widget_add_css_class (hidden, "caption");
      gtk_widget_add_css_class (hidden, "dim-label");
      gtk_box_append (GTK_BOX (box), hidden);
      gtk_widget_set_opacity (avatar, 0.55);
      /* Translators: a hidden person's card for screen readers: name, photo count */
      a11y = g_strdup_printf (_ ("%s, %s, hidden"), card->label, count_text);
    }
  else
    a11y = g_strdup_printf ("%s, %s", card->label, count_text);
  gtk_widget_set_size_request (box, AVATAR_SIZE + 12, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return box;
}

static void
fill_grid (SvPeopleView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid_box))) != NULL)
    gtk_flow_box_remove (self->grid_box, child);
  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    {
      GtkWidget *card = make_card (self, g_ptr_array_index (self->cards, i));

      gtk_flow_box_append (self->grid_box, card);
      gtk_widget_set_name (gtk_widget_get_parent (card), "person-card");
    }
}

static void
update_empty_page (SvPeopleView *self, const ListResult *r)
{
  g_autofree char *state = NULL;

  if (r->unavailable != NULL)
    /* Translators: %s is the reason (models or helper program missing) */
    state = g_strdup_printf (_ ("Analysis is unavailable: %s"), r->unavailable);
  else if (!r->face_recognition)
    state = g_strdup (_ ("Face recognition is turned off in Preferences"));
  else if (r->counts_ok)
    /* Translators: the analysis progress, e.g. "Photos analysed: 12 of 345" */
    state = g_strdup_printf (_ ("Photos analysed: %u of %u"), r->counts.done + r->counts.failed,
                             r->counts.photos);
  if (g_strcmp0 (state, self->analysis_state) != 0)
    {
      g_free (self->analysis_state);
      self->analysis_state = g_steal_pointer (&state);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS_STATE]);
    }
}

/* In a worker thread; @data: whether hidden people are shown. */
static gpointer
read_cards (SvCatalogue *catalogue, gpointer data, GError **error)
{
  gboolean include_hidden = GPOINTER_TO_INT (data);
  g_autoptr (GPtrArray) people = NULL;
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  ListResult *r;

  /* Everyone, for the names to complete; the grid filters. */
  people = sv_catalogue_list_people (catalogue, TRUE, error);
  if (people == NULL)
    return NULL;
  r = g_new0 (ListResult, 1);
  r->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);
  for (guint i = 0; i < people->len; i++)
    {
      SvPerson *person = g_ptr_array_index (people, i);
      Card *card;

      if (person->name != NULL)
        g_strv_builder_add (names, person->name);
      if (person->hidden && !include_hidden)
        continue;
      card = g_new0 (Card, 1);
      card->person = g_steal_pointer (&people->pdata[i]);
      card->label = g_strdup (card->person->name != NULL ? card->person->name : _ ("Unnamed"));
      if (card->person->cover_face_id > 0)
        card->cover_face = sv_catalogue_get_face (catalogue, card->person->cover_face_id, NULL);
      if (card->person->cover_item_id > 0)
        card->cover_item = sv_catalogue_get_item (catalogue, card->person->cover_item_id, NULL);
      g_ptr_array_add (r->cards, card);
    }
  r->names = g_strv_builder_end (names);
  r->counts_ok =
      sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &r->counts, NULL);
  r->face_recognition = sv_catalogue_get_face_recognition (catalogue);
  r->unavailable = sv_analysis_get_unavailable_reason ();
  return r;
}

static gboolean
show_cards (GObject *owner, gpointer result, const GError *error)
{
  SvPeopleView *self = SV_PEOPLE_VIEW (owner);
  ListResult *r = result;

  if (error != NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  self->cards = g_steal_pointer (&r->cards);
  gtk_list_store_clear (self->names);
  for (guint i = 0; r->names[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->names, NULL, -1, 0, r->names[i], -1);
  update_empty_page (self, r);
  list_result_free (r);
  fill_grid (self);
  /* The person shown may have been merged away or hidden. */
  if (self->shown != 0 && find_card (self, self->shown) == NULL)
    sv_people_view_show_person (self, 0);
  else if (self->shown != 0)
    load_person (self);
  return self->cards->len == 0;
}

static void
reload (SvPeopleView *self)
{
  self->loader.read_data = GINT_TO_POINTER (self->show_hidden);
  sv_list_loader_reload (&self->loader);
}

static GArray *
selected_people (SvPeopleView *self)
{
  GList *selected = gtk_flow_box_get_selected_children (self->grid_box);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = selected; l != NULL; l = l->next)
    {
      int index = gtk_flow_box_child_get_index (l->data);

      if (index >= 0 && self->cards != NULL && (guint) index < self->cards->len)
        {
          const Card *card = g_ptr_array_index (self->cards, index);

          g_array_append_val (ids, card->person->id);
        }
    }
  g_list_free (selected);
  return ids;
}

static void
on_selection_changed_cb (SvPeopleView *self)
{
  g_autoptr (GArray) ids = selected_people (self);

  gtk_action_bar_set_revealed (self->merge_bar, ids->len > 0);
  gtk_widget_set_sensitive (self->merge_button, ids->len == 2);
}

static void
on_card_activated_cb (SvPeopleView *self, GtkFlowBoxChild *child)
{
  int index = gtk_flow_box_child_get_index (child);
  const Card *card;

  /* With Ctrl or Shift the click selects (for Merge) instead. */
  if (index < 0 || self->cards == NULL || (guint) index >= self->cards->len)
    return;
  {
    g_autoptr (GArray) ids = selected_people (self);

    if (ids->len > 1)
      return;
  }
  card = g_ptr_array_index (self->cards, index);
  gtk_flow_box_unselect_all (self->grid_box);
  sv_people_view_show_person (self, card->person->id);
}

static void
on_merge_clicked_cb (SvPeopleView *self)
{
  g_autoptr (GArray) ids = selected_people (self);
  const Card *a, *b;

  if (ids->len != 2)
    return;
  a = find_card (self, g_array_index (ids, gint64, 0));
  b = find_card (self, g_array_index (ids, gint64, 1));
  if (a == NULL || b == NULL)
    return;
  /* Keep the named one (or the first one, named first in the grid). */
  if (a->person->name == NULL && b->person->name != NULL)
    {
      const Card *t = a;

      a = b;
      b = t;
    }
  gtk_flow_box_unselect_all (self->grid_box);
  sv_people_view_merge (self, a->person->id, b->person->id);
}

/* ---- a person's page ---- */

typedef struct
{
  gint64 person_id;
  GPtrArray *items;       /* SvMediaItem, newest first */
  GPtrArray *suggestions; /* SvFaceSuggestion */
  GPtrArray *suggestion_items;
} PersonData;

static void
person_data_free (PersonData *d)
{
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_clear_pointer (&d->suggestions, g_ptr_array_unref);
  g_clear_pointer (&d->suggestion_items, g_ptr_array_unref);
  g_free (d);
}

static void
clear_object (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
person_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PersonData *d = task_data;
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (task), "catalogue");
  g_autoptr (GArray) ids = NULL;
  g_autoptr (SvPerson) person = NULL;
  GError *error = NULL;

  ids = sv_catalogue_list_person_items (catalogue, d->person_id, &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  d->items =
      sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (d->items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  person = sv_catalogue_get_person (catalogue, d->person_id, NULL);
  /* Suggestions only make sense for someone with a name. */
  if (person != NULL && person->name != NULL)
    d->suggestions = sv_catalogue_suggest_faces (catalogue, d->person_id, MAX_SUGGESTIONS, NULL);
  /* NULL where the item could not be read: no crop then. */
  d->suggestion_items = g_ptr_array_new_with_free_func (clear_object);
  for (guint i = 0; d->suggestions != NULL && i < d->suggestions->len; i++)
    {
      const SvFaceSuggestion *s = g_ptr_array_index (d->suggestions, i);
      SvMediaItem *item = sv_catalogue_get_item (catalogue, s->face.item_id, NULL);

      g_ptr_array_add (d->suggestion_items, item);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
answer (SvPeopleView *self, gint64 face_id, gboolean yes)
{
  g_autoptr (GError) error = NULL;

  if (self->loader.catalogue == NULL || self->shown == 0)
    return FALSE;
  if (!sv_catalogue_answer_suggestion (self->loader.catalogue, face_id, self->shown, yes, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  /* The answered row goes at once; the page reloads behind it. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "face-id")) == (gsize) face_id)
      {
        gtk_list_box_remove (self->suggestions_box, row);
        break;
      }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box)) != NULL);
  load_person (self);
  return TRUE;
}

static void
on_suggestion_answer_cb (GtkButton *button, SvPeopleView *self)
{
  gint64 face_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "face-id"));
  gboolean yes = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "yes"));

  answer (self, face_id, yes);
}

static GtkWidget *
make_answer_button (SvPeopleView *self, const char *label, gint64 face_id, gboolean yes)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "face-id", GSIZE_TO_POINTER ((gsize) face_id));
  g_object_set_data (G_OBJECT (button), "yes", GINT_TO_POINTER (yes));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_suggestion_answer_cb), self, 0);
  return button;
}

static void
fill_suggestions (SvPeopleView *self, PersonData *d, const Card *card)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box))) != NULL)
    gtk_list_box_remove (self->suggestions_box, child);
  for (guint i = 0; d->suggestions != NULL && i < d->suggestions->len; i++)
    {
      const SvFaceSuggestion *s = g_ptr_array_index (d->suggestions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *avatar = adw_avatar_new (48, NULL, FALSE);
      g_autofree char *title = NULL;

      /* Translators: a face suggestion, %s is a person's name */
      title = g_strdup_printf (_ ("Is this %s?"), card->person->name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      load_face_crop (self, ADW_AVATAR (avatar), &s->face,
                      g_ptr_array_index (d->suggestion_items, i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_answer_button (self, _ ("_Yes"), s->face.id, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 make_answer_button (self, _ ("_No"), s->face.id, FALSE));
      g_object_set_data (G_OBJECT (row), "face-id", GSIZE_TO_POINTER ((gsize) s->face.id));
      if (i == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Press Y for yes, N for no"));
      gtk_list_box_append (self->suggestions_box, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_box),
                          d->suggestions != NULL && d->suggestions->len > 0);
}

/* A picture's natural size is its texture's: clamp it to @size square. */
static GtkWidget *
clamp_square (GtkWidget *child, int size)
{
  GtkWidget *clamp_w = adw_clamp_new ();
  GtkWidget *clamp_h = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp_w), size);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp_w), size);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp_h), size);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp_h), size);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (clamp_h), GTK_ORIENTATION_VERTICAL);
  adw_clamp_set_child (ADW_CLAMP (clamp_h), child);
  adw_clamp_set_child (ADW_CLAMP (clamp_w), clamp_h);
  gtk_widget_set_size_request (clamp_w, size, size);
  return clamp_w;
}

static void
on_person_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvPeopleView *self;
  g_autoptr (GError) error = NULL;
  PersonData *d = g_task_get_task_data (G_TASK (result));
  const Card *card;
  GtkWidget *child;
  g_autofree char *count = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (SV_PEOPLE_VIEW (source), error->message);
      return;
    }
  self = SV_PEOPLE_VIEW (source);
  card = find_card (self, d->person_id);
  if (d->person_id != self->shown || card == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_box))) != NULL)
    gtk_flow_box_remove (self->photos_box, child);
  g_list_store_splice (self->person_items, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->person_items)),
                       d->items->pdata, d->items->len);
  for (guint i = 0; i < d->items->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (d->items, i);
      GtkWidget *picture = gtk_picture_new ();
      const char *taken = sv_media_item_get_taken_local (item);

      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_size_request (picture, PHOTO_SIZE, PHOTO_SIZE);
      gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
      if (taken != NULL)
        gtk_widget_set_tooltip_text (picture, taken);
      sv_thumb_image_load (GTK_PICTURE (picture), self->loader.catalogue, item);
      gtk_flow_box_append (self->photos_box, clamp_square (picture, PHOTO_SIZE));
    }
  self->n_person_items = d->items->len;
  /* Translators: %u is a number of photos */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", d->items->len),
                           d->items->len);
  gtk_label_set_label (self->count_label, count);
  fill_suggestions (self, d, card);
}

static void
load_person (SvPeopleView *self)
{
  g_autoptr (GTask) task = NULL;
  const Card *card = find_card (self, self->shown);
  PersonData *d;

  if (self->loader.catalogue == NULL || card == NULL)
    return;
  self->updating = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                 card->person->name != NULL ? card->person->name : "") != 0 &&
      !gtk_widget_has_focus (GTK_WIDGET (self->name_entry)))
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry),
                           card->person->name != NULL ? card->person->name : "");
  gtk_toggle_button_set_active (self->hide_button, card->person->hidden);
  self->updating = FALSE;

  d = g_new0 (PersonData, 1);
  d->person_id = self->shown;
  task = g_task_new (self, self->loader.cancellable, on_person_loaded_cb, NULL);
  g_task_set_source_tag (task, load_person);
  g_object_set_data_full (G_OBJECT (task), "catalogue", g_object_ref (self->loader.catalogue),
                          g_object_unref);
  g_task_set_task_data (task, d, (GDestroyNotify) person_data_free);
  g_task_run_in_thread (task, person_worker);
}

static void
on_back_clicked_cb (SvPeopleView *self)
{
  sv_people_view_show_person (self, 0);
}

static void
on_name_activate_cb (SvPeopleView *self)
{
  if (self->shown != 0)
    sv_people_view_rename (self, self->shown,
                           gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
}

static void
on_hide_toggled_cb (SvPeopleView *self)
{
  gint64 id = self->shown;

  if (self->updating || id == 0)
    return;
  /* Hidden people stay on their page while hidden ones are shown. */
  if (sv_people_view_set_hidden (self, id, gtk_toggle_button_get_active (self->hide_button)) &&
      gtk_toggle_button_get_active (self->hide_button) && !self->show_hidden)
    sv_people_view_show_person (self, 0);
}

static void
on_photo_activated_cb (SvPeopleView *self, GtkFlowBoxChild *child)
{
  int index = gtk_flow_box_child_get_index (child);

  if (index >= 0 && (guint) index < g_list_model_get_n_items (G_LIST_MODEL (self->person_items)))
    g_signal_emit (self, signals[OPEN_ITEM], 0, self->person_items, (guint) index);
}

/* Y / N answer the first suggestion (unless typing in the name entry). */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint keyval,
                   guint keycode,
                   GdkModifierType state,
                   SvPeopleView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean yes = keyval == GDK_KEY_y || keyval == GDK_KEY_Y;
  gboolean no = keyval == GDK_KEY_n || keyval == GDK_KEY_N;

  if ((!yes && !no) || self->shown == 0 ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      (focus != NULL && GTK_IS_EDITABLE (focus)))
    return FALSE;
  return sv_people_view_answer_first_suggestion (self, yes);
}

static void
on_show_hidden_toggled_cb (SvPeopleView *self)
{
  sv_people_view_set_show_hidden (self, gtk_toggle_button_get_active (self->show_hidden_button));
}

/* ---- analysis ---- */

static void
update_banner (SvPeopleView *self)
{
  SvAnalysisController *a = self->analysis;
  const char *status = a != NULL ? sv_analysis_controller_get_status (a) : "";
  gboolean running = a != NULL && sv_analysis_controller_get_running (a);
  gboolean paused = running && sv_analysis_controller_get_paused (a);
  guint total = a != NULL ? sv_analysis_controller_get_total (a) : 0;

  gtk_label_set_label (self->banner_label, status);
  gtk_revealer_set_reveal_child (self->banner, status[0] != '\0');
  gtk_widget_set_visible (self->pause_button, running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->dismiss_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_progress), running);
  gtk_progress_bar_set_fraction (
      self->banner_progress, total > 0 ? (double) sv_analysis_controller_get_done (a) / total : 0);
  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button), paused
                                                                 ? "media-playback-start-symbolic"
                                                                 : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (self->pause_button,
                               paused ? _ ("Resume Analysis") : _ ("Pause Analysis"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.analyse",
                                 a != NULL && !running &&
                                     sv_analysis_controller_get_unavailable (a) == NULL);
  if (a != NULL && sv_analysis_controller_get_unavailable (a) != NULL)
    {
      g_autofree char *why = g_strdup_printf (_ ("Analysis is unavailable: %s"),
                                              sv_analysis_controller_get_unavailable (a));

      gtk_widget_set_tooltip_text (self->analyse_button, why);
    }
  else
    gtk_widget_set_tooltip_text (self->analyse_button,
                                 _ ("Look for faces and scenes in the photos not analysed yet"));
}

static void
on_analysis_finished_cb (SvPeopleView *self)
{
  /* The counts in the empty state. */
  reload (self);
}

/* Models installed since the view was last shown count at once. */
static void
on_map_cb (SvPeopleView *self)
{
  if (self->analysis != NULL)
    sv_analysis_controller_recheck_models (self->analysis);
}

static void
on_pause_clicked_cb (SvPeopleView *self)
{
  if (self->analysis == NULL)
    return;
  if (sv_analysis_controller_get_paused (self->analysis))
    sv_analysis_controller_resume (self->analysis);
  else
    sv_analysis_controller_pause (self->analysis);
}

static void
on_stop_clicked_cb (SvPeopleView *self)
{
  if (self->analysis != NULL)
    sv_analysis_controller_cancel (self->analysis);
}

static void
on_dismiss_clicked_cb (SvPeopleView *self)
{
  if (self->analysis != NULL)
    sv_analysis_controller_dismiss (self->analysis);
}

static void
analyse_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SvPeopleView *self = SV_PEOPLE_VIEW (widget);
  g_autoptr (GError) error = NULL;

  if (self->analysis != NULL && !sv_analysis_controller_start (self->analysis, &error))
    toast (self, error->message);
}

/* ---- GObject ---- */

static void
sv_people_view_dispose (GObject *object)
{
  SvPeopleView *self = SV_PEOPLE_VIEW (object);

  sv_list_loader_clear (&self->loader);
  if (self->analysis != NULL)
    g_signal_handlers_disconnect_by_data (self->analysis, self);
  g_clear_object (&self->analysis);
  g_clear_object (&self->person_items);
  g_clear_object (&self->names);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  G_OBJECT_CLASS (sv_people_view_parent_class)->dispose (object);
}

static void
sv_people_view_finalize (GObject *object)
{
  SvPeopleView *self = SV_PEOPLE_VIEW (object);

  g_free (self->analysis_state);
  G_OBJECT_CLASS (sv_people_view_parent_class)->finalize (object);
}

static void
sv_people_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvPeopleView *self = SV_PEOPLE_VIEW (object);

  switch (prop_id)
    {
      case PROP_EMPTY:
        g_value_set_boolean (value, self->loader.empty);
        break;
      case PROP_LOADING:
        g_value_set_boolean (value, self->loader.loading);
        break;
      case PROP_ANALYSIS_STATE:
        g_value_set_string (value, self->analysis_state != NULL ? self->analysis_state : "");
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_people_view_class_init (SvPeopleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_people_view_dispose;
  object_class->finalize = sv_people_view_finalize;
  object_class->get_property = sv_people_view_get_property;

  properties[PROP_EMPTY] =
      g_param_spec_boolean ("empty", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* "Photos analysed: 3 of 14", or why faces are not looked for: for the
   * empty state. */
  properties[PROP_ANALYSIS_STATE] = g_param_spec_string ("analysis-state", NULL, NULL, "",
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  /* ::open-item (GListModel *items, guint position): a photo on a person's
   * page was clicked; @items are their photos, for next and previous. */
  signals[OPEN_ITEM] =
      g_signal_new ("open-item", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_LIST_MODEL, G_TYPE_UINT);
  gtk_widget_class_install_action (widget_class, "people.analyse", NULL, analyse_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/souvenir/Souvenir/ui/sv-people-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, stack);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, grid_box);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, merge_bar);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, merge_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, hide_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, count_label);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, photos_box);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, banner);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, banner_progress);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, show_hidden_button);
  gtk_widget_class_bind_template_child (widget_class, SvPeopleView, analyse_button);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_hidden_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_card_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_merge_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_hide_toggled_cb);
}

static void
sv_people_view_init (SvPeopleView *self)
{
  GtkEntryCompletion *completion;

  gtk_widget_init_template (GTK_WIDGET (self));
  sv_list_loader_init (&self->loader, G_OBJECT (self), read_cards,
                       (GDestroyNotify) list_result_free, show_cards, properties[PROP_LOADING],
                       properties[PROP_EMPTY]);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  self->person_items = g_list_store_new (SV_TYPE_MEDIA_ITEM);
  self->names = gtk_list_store_new (1, G_TYPE_STRING);
  /* GtkEntryCompletion is the 4.8 way (deprecated from 4.10 only). */
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_completion_set_popup_single_match (completion, FALSE);
  gtk_entry_set_completion (self->name_entry, completion);
  g_object_unref (completion);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  update_banner (self);
}

GtkWidget *
sv_people_view_new (void)
{
  return g_object_new (SV_TYPE_PEOPLE_VIEW, NULL);
}

void
sv_people_view_set_catalogue (SvPeopleView *self, SvCatalogue *catalogue)
{
  g_return_if_fail (SV_IS_PEOPLE_VIEW (self));

  if (!sv_list_loader_set_catalogue (&self->loader, catalogue))
    return;
  if (self->analysis != NULL)
    g_signal_handlers_disconnect_by_data (self->analysis, self);
  g_clear_object (&self->analysis);
  if (catalogue != NULL)
    {
      self->analysis = sv_analysis_controller_get_for_catalogue (catalogue);
      g_signal_connect_object (self->analysis, "notify", G_CALLBACK (update_banner), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->analysis, "finished", G_CALLBACK (on_analysis_finished_cb),
                               self, G_CONNECT_SWAPPED);
      /* The empty page says why analysis is unavailable: read again. */
      g_signal_connect_object (self->analysis, "notify::unavailable",
                               G_CALLBACK (on_analysis_finished_cb), self, G_CONNECT_SWAPPED);
    }
  update_banner (self);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  self->shown = 0;
  fill_grid (self);
  gtk_stack_set_visible_child_name (self->stack, "grid");
  reload (self);
}

gboolean
sv_people_view_get_empty (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), TRUE);
  return self->loader.empty;
}

gboolean
sv_people_view_get_loading (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  return self->loader.loading;
}

guint
sv_people_view_get_n_people (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  return self->cards != NULL ? self->cards->len : 0;
}

gint64
sv_people_view_get_person_id (SvPeopleView *self, guint index)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  g_return_val_if_fail (index < sv_people_view_get_n_people (self), 0);
  return ((Card *) g_ptr_array_index (self->cards, index))->person->id;
}

const char *
sv_people_view_get_person_label (SvPeopleView *self, guint index)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), NULL);
  g_return_val_if_fail (index < sv_people_view_get_n_people (self), NULL);
  return ((Card *) g_ptr_array_index (self->cards, index))->label;
}

void
sv_people_view_show_person (SvPeopleView *self, gint64 person_id)
{
  g_return_if_fail (SV_IS_PEOPLE_VIEW (self));

  if (person_id != 0 && find_card (self, person_id) == NULL)
    person_id = 0;
  if (person_id != self->shown)
    self->n_person_items = 0;
  self->shown = person_id;
  if (person_id == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "grid");
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_stack_set_visible_child_name (self->stack, "person");
  load_person (self);
}

gint64
sv_people_view_get_shown_person (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  return self->shown;
}

guint
sv_people_view_get_n_person_items (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  return self->n_person_items;
}

gboolean
sv_people_view_rename (SvPeopleView *self, gint64 person_id, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  g_autoptr (GArray) same = NULL;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  if (self->loader.catalogue == NULL)
    return FALSE;
  /* The name of someone else (picked from the completion): the same
   * person, so the two are merged, under that name. */
  if (stripped[0] != '\0')
    same = sv_catalogue_find_people (self->loader.catalogue, stripped, NULL);
  for (guint i = 0; same != NULL && i < same->len; i++)
    {
      gint64 other = g_array_index (same, gint64, i);
      g_autofree char *text = NULL;

      if (other == person_id)
        continue;
      if (!sv_catalogue_merge_people (self->loader.catalogue, other, person_id, &error))
        {
          toast (self, error->message);
          return FALSE;
        }
      /* Translators: %s is a person's name */
      text = g_strdup_printf (_ ("Merged with %s"), stripped);
      toast (self, text);
      if (self->shown == person_id)
        {
          self->shown = other;
          self->n_person_items = 0;
        }
      return TRUE;
    }
  if (!sv_catalogue_name_person (self->loader.catalogue, person_id, stripped, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_people_view_merge (SvPeopleView *self, gint64 into, gint64 from)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  if (self->loader.catalogue == NULL)
    return FALSE;
  if (!sv_catalogue_merge_people (self->loader.catalogue, into, from, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_people_view_set_hidden (SvPeopleView *self, gint64 person_id, gboolean hidden)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  if (self->loader.catalogue == NULL)
    return FALSE;
  if (!sv_catalogue_set_person_hidden (self->loader.catalogue, person_id, hidden, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_people_view_get_show_hidden (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  return self->show_hidden;
}

void
sv_people_view_set_show_hidden (SvPeopleView *self, gboolean show_hidden)
{
  g_return_if_fail (SV_IS_PEOPLE_VIEW (self));

  show_hidden = !!show_hidden;
  if (gtk_toggle_button_get_active (self->show_hidden_button) != show_hidden)
    gtk_toggle_button_set_active (self->show_hidden_button, show_hidden);
  if (self->show_hidden == show_hidden)
    return;
  self->show_hidden = show_hidden;
  reload (self);
}

SvAnalysisController *
sv_people_view_get_analysis_controller (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), NULL);
  return self->analysis;
}

GListModel *
sv_people_view_get_person_items (SvPeopleView *self)
{
  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), NULL);
  return G_LIST_MODEL (self->person_items);
}

guint
sv_people_view_get_n_suggestions (SvPeopleView *self)
{
  guint n = 0;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

gint64
sv_people_view_get_first_suggestion (SvPeopleView *self)
{
  GtkWidget *row;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), 0);
  row = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box));
  return row != NULL ? (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "face-id"))
                     : 0;
}

gboolean
sv_people_view_answer_first_suggestion (SvPeopleView *self, gboolean yes)
{
  gint64 face_id;

  g_return_val_if_fail (SV_IS_PEOPLE_VIEW (self), FALSE);
  face_id = sv_people_view_get_first_suggestion (self);
  return face_id != 0 && answer (self, face_id, yes);
}
