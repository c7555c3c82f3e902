/* sv-viewer-info.c: the viewer's info pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-viewer-info"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sv-catalogue-edits.h"
#include "sv-catalogue-orientation.h"
#include "sv-viewer-info.h"

#define N_STARS 5
#define N_SUGGESTIONS 8

struct _SvViewerInfo
{
  AdwBin parent_instance;

  SvCatalogue *catalogue;
  SvMediaItem *item;
  GCancellable *cancellable; /* the item's details */
  GCancellable *suggest_cancellable;
  gboolean updating; /* setting widgets from the item, not from the user */
  char *file_name, *folder;
  GtkWidget *stars[N_STARS];

  /* template */
  AdwPreferencesGroup *details_group;
  AdwActionRow *date_row;
  AdwActionRow *place_row;
  AdwActionRow *camera_row;
  AdwActionRow *exposure_row;
  AdwActionRow *size_row;
  AdwActionRow *duration_row;
  AdwActionRow *file_row;
  GtkWidget *show_in_files_button;
  GtkWidget *map_button;
  AdwEntryRow *caption_row;
  AdwEntryRow *keyword_row;
  GtkFlowBox *keywords_box;
  GtkSwitch *favourite_switch;
  GtkBox *rating_box;
  GtkPopover *suggestions_popover;
  GtkListBox *suggestions_list;
};

G_DEFINE_FINAL_TYPE (SvViewerInfo, sv_viewer_info, ADW_TYPE_BIN)

enum
{
  SIGNAL_TOAST,
  SIGNAL_SHOW_IN_FILES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- formatting (no display needed) ---- */

/* "2.8" → "2.8", "8.0" → "8", with the locale's decimal mark. */
static char *
format_number (double value, int max_decimals)
{
  g_autofree char *text = g_strdup_printf ("%.*f", max_decimals, value);
  char *dot = strpbrk (text, ".,");

  if (dot != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return g_steal_pointer (&text);
}

static GDateTime *
item_date_time (SvMediaItem *item)
{
  const char *local = sv_media_item_get_taken_local (item);
  g_autoptr (GTimeZone) tz = NULL;
  int y, mo, d, h, mi;
  double s;

  if (local == NULL || sscanf (local, "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;
  if (sv_media_item_get_has_utc_offset (item))
    tz = g_time_zone_new_offset (sv_media_item_get_utc_offset (item) * 60);
  else
    tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, y, mo, d, h, mi, floor (s));
}

char *
sv_viewer_info_format_date (SvMediaItem *item)
{
  g_autoptr (GDateTime) dt = NULL;

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  dt = item_date_time (item);
  if (dt == NULL)
    return NULL;
  /* TRANSLATORS: the date and time a photo was taken, g_date_time_format ()
   * codes; e.g. "Tuesday 9 November 2021 at 16:09:55". */
  return g_date_time_format (dt, C_ ("taken date", "%A %-d %B %Y at %H:%M:%S"));
}

char *
sv_viewer_info_format_time_zone (SvMediaItem *item)
{
  int offset, hours, minutes;

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  if (sv_media_item_get_taken_local (item) == NULL || !sv_media_item_get_has_utc_offset (item))
    return NULL;
  offset = sv_media_item_get_utc_offset (item);
  if (offset == 0)
    return g_strdup ("UTC");
  hours = ABS (offset) / 60;
  minutes = ABS (offset) % 60;
  /* U+2212 MINUS SIGN, as clocks print it. */
  return g_strdup_printf ("UTC%s%02d:%02d", offset < 0 ? "−" : "+", hours, minutes);
}

char *
sv_viewer_info_format_place (SvMediaItem *item)
{
  const char *parts[3];
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  if (!sv_media_item_get_has_place (item))
    return NULL;
  parts[0] = sv_media_item_get_city (item, TRUE);
  parts[1] = sv_media_item_get_region (item, TRUE);
  parts[2] = sv_media_item_get_country (item, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      gboolean seen = FALSE;

      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      for (guint j = 0; j < names->len; j++)
        seen |= g_strcmp0 (names->pdata[j], parts[i]) == 0;
      if (!seen)
        g_ptr_array_add (names, (gpointer) parts[i]);
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* TRANSLATORS: between the parts of a place, "Rome, Lazio, Italy". */
  return g_strjoinv (_ (", "), (char **) names->pdata);
}

char *
sv_viewer_info_format_camera (SvMediaItem *item)
{
  const char *camera;

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  camera = sv_media_item_get_camera (item);
  if (camera == NULL || camera[0] == '\0')
    camera = sv_media_item_get_model (item);
  if (camera == NULL || camera[0] == '\0')
    return NULL;
  return g_strdup (camera);
}

char *
sv_viewer_info_format_exposure (SvMediaItem *item)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  double f = sv_media_item_get_f_number (item);
  double t = sv_media_item_get_exposure_time (item);
  double focal = sv_media_item_get_focal_length (item);
  int iso = sv_media_item_get_iso (item);

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  if (f > 0)
    {
      g_autofree char *n = format_number (f, 1);
      /* TRANSLATORS: an aperture, "f/2.8". */
      g_ptr_array_add (parts, g_strdup_printf (_ ("f/%s"), n));
    }
  if (t > 0)
    {
      if (t < 0.5)
        /* TRANSLATORS: an exposure time, "1/250 s". */
        g_ptr_array_add (parts, g_strdup_printf (_ ("1/%.0f s"), round (1.0 / t)));
      else
        {
          g_autofree char *n = format_number (t, 1);
          /* TRANSLATORS: an exposure time in seconds, "2.5 s". */
          g_ptr_array_add (parts, g_strdup_printf (_ ("%s s"), n));
        }
    }
  if (iso > 0)
    /* TRANSLATORS: a sensitivity, "ISO 100". */
    g_ptr_array_add (parts, g_strdup_printf (_ ("ISO %d"), iso));
  if (focal > 0)
    {
      g_autofree char *n = format_number (focal, 1);
      /* TRANSLATORS: a focal length, "35 mm". */
      g_ptr_array_add (parts, g_strdup_printf (_ ("%s mm"), n));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
sv_viewer_info_format_size (int width, int height, gint64 bytes)
{
  g_autofree char *pixels = NULL;

  if (width > 0 && height > 0)
    /* TRANSLATORS: a pixel size, "4000 × 3000". */
    pixels = g_strdup_printf (_ ("%d × %d"), width, height);
  if (bytes >= 0)
    {
      g_autofree char *size = g_format_size ((guint64) bytes);

      if (pixels == NULL)
        return g_steal_pointer (&size);
      return g_strdup_printf ("%s · %s", pixels, size);
    }
  return g_steal_pointer (&pixels);
}

char *
sv_viewer_info_format_duration (gint64 usec)
{
  gint64 s = usec / G_USEC_PER_SEC;

  if (usec <= 0)
    return NULL;
  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

void
sv_viewer_info_displayed_size (SvMediaItem *item, int file_orientation, int *width, int *height)
{
  int w, h;

  g_return_if_fail (SV_IS_MEDIA_ITEM (item));

  /* The row has the size with the file's orientation applied; the user's
   * turn swaps it when it turns a quarter more. */
  w = sv_media_item_get_width (item);
  h = sv_media_item_get_height (item);
  if (sv_orientation_is_transposed (file_orientation) !=
      sv_orientation_is_transposed (sv_media_item_get_orientation (item)))
    {
      int t = w;
      w = h;
      h = t;
    }
  *width = w;
  *height = h;
}

/* ---- edits in a worker ---- */

typedef enum
{
  EDIT_CAPTION,
  EDIT_ADD_KEYWORD,
  EDIT_REMOVE_KEYWORD,
  EDIT_FAVOURITE,
  EDIT_RATING,
} EditKind;

typedef struct
{
  SvCatalogue *catalogue;
  gint64 id;
  EditKind kind;
  char *text;
  int number;
} Edit;

static void
edit_free (Edit *e)
{
  g_clear_object (&e->catalogue);
  g_free (e->text);
  g_free (e);
}

static void
edit_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Edit *e = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (e->kind)
    {
      case EDIT_CAPTION:
        ok = sv_catalogue_set_caption (e->catalogue, e->id, e->text, &error);
        break;
      case EDIT_ADD_KEYWORD:
        ok = sv_catalogue_add_keyword (e->catalogue, e->text, &e->id, 1, &error);
        break;
      case EDIT_REMOVE_KEYWORD:
        ok = sv_catalogue_remove_keyword (e->catalogue, e->text, &e->id, 1, &error);
        break;
      case EDIT_FAVOURITE:
        ok = sv_catalogue_set_favourite (e->catalogue, e->id, e->number != 0, &error);
        break;
      case EDIT_RATING:
        ok = sv_catalogue_set_rating (e->catalogue, e->id, e->number, &error);
        break;
      default:
        g_assert_not_reached ();
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvViewerInfo) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
      if (g_object_is_floating (toast))
        g_object_ref_sink (toast);
      g_object_unref (toast);
    }
}

static void
run_edit (SvViewerInfo *self, EditKind kind, const char *text, int number)
{
  g_autoptr (GTask) task = NULL;
  Edit *e;

  if (self->catalogue == NULL || self->item == NULL)
    return;
  e = g_new0 (Edit, 1);
  e->catalogue = g_object_ref (self->catalogue);
  e->id = sv_media_item_get_id (self->item);
  e->kind = kind;
  e->text = g_strdup (text);
  e->number = number;
  task = g_task_new (NULL, NULL, on_edit_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_edit);
  g_task_set_task_data (task, e, (GDestroyNotify) edit_free);
  g_task_run_in_thread (task, edit_worker);
}

/* ---- details (files, orientation) in a worker ---- */

typedef struct
{
  SvCatalogue *catalogue;
  gint64 id;
  int file_orientation;
  gint64 bytes;
  char *path;
} Details;

static void
details_free (Details *d)
{
  g_clear_object (&d->catalogue);
  g_free (d->path);
  g_free (d);
}

static void
details_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Details *d = task_data;
  g_autoptr (GPtrArray) locations = NULL;
  GError *error = NULL;

  if (!sv_catalogue_get_orientation (d->catalogue, d->id, &d->file_orientation, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  locations = sv_catalogue_get_locations (d->catalogue, d->id, &error);
  if (locations == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  d->bytes = -1;
  /* Originals first; the first present one is the one shown. */
  for (guint i = 0; i < locations->len; i++)
    {
      SvFileLocation *loc = locations->pdata[i];

      if (g_strcmp0 (loc->role, "original") != 0 || loc->missing)
        continue;
      d->bytes = loc->size;
      d->path = g_strdup (loc->path);
      break;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_row (AdwActionRow *row, const char *value)
{
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL && value[0] != '\0');
  adw_action_row_set_subtitle (row, value != NULL ? value : "");
}

static void
on_details_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvViewerInfo *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *size = NULL;
  Details *d;
  int w, h;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No details: %s", error->message);
      return;
    }
  d = g_task_get_task_data (G_TASK (result));
  if (self->item == NULL || sv_media_item_get_id (self->item) != d->id)
    return;
  sv_viewer_info_displayed_size (self->item, d->file_orientation, &w, &h);
  size = sv_viewer_info_format_size (w, h, d->bytes);
  set_row (self->size_row, size);
}

/* ---- keywords ---- */

static void
on_chip_remove_clicked_cb (GtkButton *button, SvViewerInfo *self)
{
  const char *keyword = g_object_get_data (G_OBJECT (button), "sv-keyword");

  run_edit (self, EDIT_REMOVE_KEYWORD, keyword, 0);
}

static GtkWidget *
make_chip (SvViewerInfo *self, const char *keyword)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (keyword);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_name = g_strdup_printf (_ ("Remove the keyword “%s”"), keyword);

  gtk_widget_add_css_class (box, "sv-chip");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_margin_start (label, 9);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  g_object_set_data_full (G_OBJECT (remove), "sv-keyword", g_strdup (keyword), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_chip_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

static void
fill_keywords (SvViewerInfo *self)
{
  const char *const *keywords = self->item ? sv_media_item_get_keywords (self->item) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->keywords_box))) != NULL)
    gtk_flow_box_remove (self->keywords_box, child);
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    gtk_flow_box_append (self->keywords_box, make_chip (self, keywords[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->keywords_box), keywords != NULL && keywords[0] != NULL);
}

typedef struct
{
  SvCatalogue *catalogue;
  char *prefix;
} Suggest;

static void
suggest_free (Suggest *s)
{
  g_clear_object (&s->catalogue);
  g_free (s->prefix);
  g_free (s);
}

static void
suggest_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Suggest *s = task_data;
  GError *error = NULL;
  GPtrArray *found =
      sv_catalogue_complete_keywords (s->catalogue, s->prefix, N_SUGGESTIONS, &error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_suggestions_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvViewerInfo *self = user_data;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  const char *const *have;
  GtkWidget *child;
  guint shown = 0;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (found == NULL)
    return; /* cancelled (self may be gone) or nothing to suggest */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))) != NULL)
    gtk_list_box_remove (self->suggestions_list, child);
  have = self->item ? sv_media_item_get_keywords (self->item) : NULL;
  for (guint i = 0; i < found->len; i++)
    {
      SvKeywordCount *kc = found->pdata[i];
      GtkWidget *label;

      if (have != NULL && g_strv_contains (have, kc->name))
        continue;
      label = gtk_label_new (kc->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_append (self->suggestions_list, label);
      g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (label)), "sv-keyword",
                              g_strdup (kc->name), g_free);
      shown++;
    }
  if (shown > 0 && gtk_widget_get_mapped (GTK_WIDGET (self->keyword_row)))
    gtk_popover_popup (self->suggestions_popover);
  else
    gtk_popover_popdown (self->suggestions_popover);
}

static void
on_keyword_changed_cb (SvViewerInfo *self)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *prefix =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keyword_row))));
  Suggest *s;

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  if (self->updating || self->catalogue == NULL || prefix[0] == '\0')
    {
      gtk_popover_popdown (self->suggestions_popover);
      return;
    }
  self->suggest_cancellable = g_cancellable_new ();
  s = g_new0 (Suggest, 1);
  s->catalogue = g_object_ref (self->catalogue);
  s->prefix = g_steal_pointer (&prefix);
  task = g_task_new (NULL, self->suggest_cancellable, on_suggestions_cb, self);
  g_task_set_source_tag (task, on_keyword_changed_cb);
  g_task_set_task_data (task, s, (GDestroyNotify) suggest_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, suggest_worker);
}

static void
on_suggestion_activated_cb (SvViewerInfo *self, GtkListBoxRow *row)
{
  const char *keyword = g_object_get_data (G_OBJECT (row), "sv-keyword");

  gtk_popover_popdown (self->suggestions_popover);
  if (keyword == NULL)
    return;
  run_edit (self, EDIT_ADD_KEYWORD, keyword, 0);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->keyword_row), "");
  self->updating = FALSE;
}

static void
on_keyword_apply_cb (SvViewerInfo *self)
{
  g_autofree char *keyword =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keyword_row))));

  gtk_popover_popdown (self->suggestions_popover);
  if (keyword[0] == '\0')
    return;
  run_edit (self, EDIT_ADD_KEYWORD, keyword, 0);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->keyword_row), "");
  self->updating = FALSE;
}

/* ---- other callbacks ---- */

static void
on_caption_apply_cb (SvViewerInfo *self)
{
  g_autofree char *caption =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->caption_row))));

  run_edit (self, EDIT_CAPTION, caption, 0);
}

static void
on_favourite_active_cb (SvViewerInfo *self)
{
  if (self->updating)
    return;
  run_edit (self, EDIT_FAVOURITE, NULL, gtk_switch_get_active (self->favourite_switch));
}

static void
on_star_clicked_cb (GtkButton *button, SvViewerInfo *self)
{
  int stars = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "sv-stars"));

  if (self->item == NULL)
    return;
  /* Clicking the current rating again clears it. */
  if (sv_media_item_get_rating (self->item) == stars)
    stars = 0;
  run_edit (self, EDIT_RATING, NULL, stars);
}

static void
on_map_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvViewerInfo) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Cannot show the place on a map: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
      if (g_object_is_floating (toast))
        g_object_ref_sink (toast);
      g_object_unref (toast);
    }
}

/* "geo:" URI (RFC 5870) of the item's position, or NULL. */
static char *
geo_uri (SvMediaItem *item)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

  if (item == NULL || !sv_media_item_get_has_gps (item))
    return NULL;
  g_ascii_formatd (lat, sizeof lat, "%.6f", sv_media_item_get_latitude (item));
  g_ascii_formatd (lon, sizeof lon, "%.6f", sv_media_item_get_longitude (item));
  return g_strdup_printf ("geo:%s,%s", lat, lon);
}

static void
on_map_clicked_cb (SvViewerInfo *self)
{
  g_autofree char *uri = geo_uri (self->item);
  g_autoptr (GAppLaunchContext) context = NULL;

  if (uri == NULL)
    return;
  context = G_APP_LAUNCH_CONTEXT (
      gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, on_map_opened_cb,
                                           g_object_ref (self));
}

static void
on_show_in_files_clicked_cb (SvViewerInfo *self)
{
  g_signal_emit (self, signals[SIGNAL_SHOW_IN_FILES], 0);
}

static void
update_stars (SvViewerInfo *self)
{
  int rating = self->item != NULL ? MAX (0, sv_media_item_get_rating (self->item)) : 0;

  for (int i = 0; i < N_STARS; i++)
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->stars[i]),
                                i < rating ? "starred-symbolic" : "non-starred-symbolic");
      if (i < rating)
        gtk_widget_add_css_class (self->stars[i], "sv-star-on");
      else
        gtk_widget_remove_css_class (self->stars[i], "sv-star-on");
    }
}

/* ---- vfuncs ---- */

static void
sv_viewer_info_dispose (GObject *object)
{
  SvViewerInfo *self = SV_VIEWER_INFO (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->suggest_cancellable);
  if (self->suggestions_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->suggestions_popover));
      self->suggestions_popover = NULL;
    }
  g_clear_object (&self->item);
  g_clear_object (&self->catalogue);
  gtk_widget_dispose_template (GTK_WIDGET (self), SV_TYPE_VIEWER_INFO);

  G_OBJECT_CLASS (sv_viewer_info_parent_class)->dispose (object);
}

static void
sv_viewer_info_finalize (GObject *object)
{
  SvViewerInfo *self = SV_VIEWER_INFO (object);

  g_free (self->file_name);
  g_free (self->folder);

  G_OBJECT_CLASS (sv_viewer_info_parent_class)->finalize (object);
}

static void
sv_viewer_info_class_init (SvViewerInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sv_viewer_info_dispose;
  object_class->finalize = sv_viewer_info_finalize;

  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[SIGNAL_SHOW_IN_FILES] =
      g_signal_new ("show-in-files", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/souvenir/Souvenir/ui/sv-viewer-info.ui");
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, details_group);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, date_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, place_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, exposure_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, size_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, duration_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, file_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, show_in_files_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, map_button);
  gtk_widget_class_bind_template_callback (widget_class, on_map_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, caption_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, keyword_row);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, keywords_box);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, favourite_switch);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, rating_box);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, suggestions_popover);
  gtk_widget_class_bind_template_child (widget_class, SvViewerInfo, suggestions_list);
  gtk_widget_class_bind_template_callback (widget_class, on_show_in_files_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_caption_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keyword_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keyword_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_favourite_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "sv-viewer-info");
}

static void
sv_viewer_info_init (SvViewerInfo *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_parent (GTK_WIDGET (self->suggestions_popover), GTK_WIDGET (self->keyword_row));
  for (int i = 0; i < N_STARS; i++)
    {
      GtkWidget *star = gtk_button_new_from_icon_name ("non-starred-symbolic");
      g_autofree char *name =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d star", "%d stars", i + 1), i + 1);

      gtk_widget_add_css_class (star, "flat");
      gtk_widget_add_css_class (star, "circular");
      gtk_widget_set_tooltip_text (star, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data (G_OBJECT (star), "sv-stars", GINT_TO_POINTER (i + 1));
      g_signal_connect (star, "clicked", G_CALLBACK (on_star_clicked_cb), self);
      gtk_box_append (self->rating_box, star);
      self->stars[i] = star;
    }
  sv_viewer_info_set_item (self, NULL, NULL);
}

/* ---- public ---- */

GtkWidget *
sv_viewer_info_new (void)
{
  return g_object_new (SV_TYPE_VIEWER_INFO, NULL);
}

void
sv_viewer_info_set_item (SvViewerInfo *self, SvCatalogue *catalogue, SvMediaItem *item)
{
  g_autofree char *date = NULL;
  g_autofree char *tz = NULL;
  g_autofree char *date_line = NULL;
  g_autofree char *place = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *camera_line = NULL;
  g_autofree char *exposure = NULL;
  g_autofree char *size = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *file_line = NULL;
  gboolean same_item;
  const char *old_caption = NULL;
  const char *lens;
  const char *path;

  g_return_if_fail (SV_IS_VIEWER_INFO (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));
  g_return_if_fail (item == NULL || SV_IS_MEDIA_ITEM (item));

  same_item = item != NULL && self->item != NULL &&
              sv_media_item_get_id (item) == sv_media_item_get_id (self->item);
  if (same_item)
    old_caption = sv_media_item_get_caption (self->item);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->catalogue, catalogue);
  /* Keep the old item alive while comparing captions below. */
  {
    g_autoptr (SvMediaItem) old = g_steal_pointer (&self->item);
    g_autofree char *old_caption_copy = g_strdup (old_caption);

    self->item = item != NULL ? g_object_ref (item) : NULL;
    self->updating = TRUE;

    if (item != NULL)
      {
        date = sv_viewer_info_format_date (item);
        tz = sv_viewer_info_format_time_zone (item);
        if (date != NULL)
          /* TRANSLATORS: a date and time with its time zone, "… at 16:09:55 (UTC+01:00)". */
          date_line = tz != NULL ? g_strdup_printf (_ ("%s (%s)"), date, tz)
                                 : g_strdup_printf (_ ("%s (time zone unknown)"), date);
        place = sv_viewer_info_format_place (item);
        camera = sv_viewer_info_format_camera (item);
        lens = sv_media_item_get_lens (item);
        if (camera != NULL && lens != NULL && lens[0] != '\0')
          camera_line = g_strdup_printf ("%s\n%s", camera, lens);
        else if (lens != NULL && lens[0] != '\0')
          camera_line = g_strdup (lens);
        else
          camera_line = g_strdup (camera);
        exposure = sv_viewer_info_format_exposure (item);
        size = sv_viewer_info_format_size (sv_media_item_get_width (item),
                                           sv_media_item_get_height (item), -1);
        if (sv_media_item_get_kind (item) == SV_MEDIA_KIND_VIDEO)
          duration = sv_viewer_info_format_duration (sv_media_item_get_duration (item));
        path = sv_media_item_get_path (item);
        g_clear_pointer (&self->file_name, g_free);
        g_clear_pointer (&self->folder, g_free);
        if (path != NULL)
          {
            self->file_name = g_filename_display_basename (path);
            {
              g_autofree char *dir = g_path_get_dirname (path);
              self->folder = g_filename_display_name (dir);
            }
            file_line = g_strdup_printf ("%s\n%s", self->file_name, self->folder);
          }
      }
    else
      {
        g_clear_pointer (&self->file_name, g_free);
        g_clear_pointer (&self->folder, g_free);
      }

    set_row (self->date_row, date_line);
    set_row (self->place_row, place);
    gtk_widget_set_visible (self->map_button, item != NULL && sv_media_item_get_has_gps (item));
    set_row (self->camera_row, camera_line);
    set_row (self->exposure_row, exposure);
    if (!same_item)
      set_row (self->size_row, size);
    set_row (self->duration_row, duration);
    set_row (self->file_row, file_line);

    /* Keep what the user is typing when only something else changed. */
    if (!same_item || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->caption_row)),
                                 old_caption_copy ? old_caption_copy : "") == 0)
      gtk_editable_set_text (
          GTK_EDITABLE (self->caption_row),
          item && sv_media_item_get_caption (item) ? sv_media_item_get_caption (item) : "");
    if (!same_item)
      gtk_editable_set_text (GTK_EDITABLE (self->keyword_row), "");
    fill_keywords (self);
    gtk_switch_set_active (self->favourite_switch,
                           item != NULL && sv_media_item_get_favourite (item));
    update_stars (self);
    gtk_widget_set_sensitive (GTK_WIDGET (self), item != NULL);
    self->updating = FALSE;
  }

  if (item != NULL && catalogue != NULL)
    {
      g_autoptr (GTask) task = NULL;
      Details *d = g_new0 (Details, 1);

      d->catalogue = g_object_ref (catalogue);
      d->id = sv_media_item_get_id (item);
      self->cancellable = g_cancellable_new ();
      task = g_task_new (NULL, self->cancellable, on_details_cb, self);
      g_task_set_source_tag (task, sv_viewer_info_set_item);
      g_task_set_task_data (task, d, (GDestroyNotify) details_free);
      g_task_set_return_on_cancel (task, TRUE);
      g_task_run_in_thread (task, details_worker);
    }
}

SvMediaItem *
sv_viewer_info_get_item (SvViewerInfo *self)
{
  g_return_val_if_fail (SV_IS_VIEWER_INFO (self), NULL);
  return self->item;
}

static char *
row_value (AdwActionRow *row)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (row)))
    return NULL;
  return g_strdup (adw_action_row_get_subtitle (row));
}

static char *
line_of (char *text, guint n)
{
  g_auto (GStrv) lines = NULL;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  return n < g_strv_length (lines) ? g_strdup (lines[n]) : NULL;
}

char *
sv_viewer_info_dup_field (SvViewerInfo *self, const char *field)
{
  g_return_val_if_fail (SV_IS_VIEWER_INFO (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "date"))
    return self->item ? sv_viewer_info_format_date (self->item) : NULL;
  if (g_str_equal (field, "time-zone"))
    return self->item ? sv_viewer_info_format_time_zone (self->item) : NULL;
  if (g_str_equal (field, "date-line"))
    return row_value (self->date_row);
  if (g_str_equal (field, "place"))
    return row_value (self->place_row);
  if (g_str_equal (field, "map"))
    return gtk_widget_get_visible (self->map_button) ? geo_uri (self->item) : NULL;
  if (g_str_equal (field, "camera"))
    {
      g_autofree char *camera = self->item ? sv_viewer_info_format_camera (self->item) : NULL;
      return camera != NULL ? line_of (row_value (self->camera_row), 0) : NULL;
    }
  if (g_str_equal (field, "lens"))
    {
      const char *lens = self->item ? sv_media_item_get_lens (self->item) : NULL;
      g_autofree char *camera = self->item ? sv_viewer_info_format_camera (self->item) : NULL;

      if (lens == NULL || lens[0] == '\0')
        return NULL;
      return line_of (row_value (self->camera_row), camera != NULL ? 1 : 0);
    }
  if (g_str_equal (field, "exposure"))
    return row_value (self->exposure_row);
  if (g_str_equal (field, "size"))
    return row_value (self->size_row);
  if (g_str_equal (field, "duration"))
    return row_value (self->duration_row);
  if (g_str_equal (field, "file-name"))
    return line_of (row_value (self->file_row), 0);
  if (g_str_equal (field, "folder"))
    return line_of (row_value (self->file_row), 1);
  if (g_str_equal (field, "caption"))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->caption_row)));
  if (g_str_equal (field, "keywords"))
    {
      GString *out = g_string_new (NULL);

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->keywords_box));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *chip = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
          GtkWidget *label = gtk_widget_get_first_child (chip);

          if (out->len > 0)
            g_string_append (out, ",");
          g_string_append (out, gtk_label_get_text (GTK_LABEL (label)));
        }
      return g_string_free (out, FALSE);
    }
  g_return_val_if_reached (NULL);
}
