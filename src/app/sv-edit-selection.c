/* sv-edit-selection.c: "Edit…" for a selection of photos and videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwMessageDialog with a boxed list of AdwEntryRows and an AdwComboRow;
 * "Apply" runs every filled field as one job in a worker thread
 * (sv_app_task_run_async). Before it sets a place, the job reads each
 * item's place and whether the user had set it, so that "Undo" can put
 * back exactly that (a place read from GPS comes back by a reset).
 */
#define G_LOG_DOMAIN "sv-edit-selection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-catalogue-edits.h"
#include "sv-city-search.h"
#include "sv-edit-selection.h"
#include "sv-error.h"

#define RATING_UNCHANGED (-2)
#define N_COMPLETIONS 6

static guint busy;

typedef struct
{
  gint64 id;
  gboolean fixed;
  gboolean has_place;
  SvPlace place;
} PlaceBefore;

/* An item's date fixes before a time zone is set: Undo puts back exactly
 * these (the file's date, then its shift and time zone, if any). */
typedef struct
{
  gint64 id;
  gboolean fixed;
  int shift;
  gboolean has_time_zone;
  int time_zone;
} DateBefore;

typedef struct
{
  GArray *ids;
  char *caption; /* NULL: unchanged */
  char *add_keyword;
  char *remove_keyword;
  int rating; /* RATING_UNCHANGED, -1 (none) or 0..5 */
  int shift;  /* minutes */
  gboolean set_time_zone;
  int time_zone;        /* minutes east of UTC */
  GArray *dates_before; /* DateBefore, read before the time zone is set */
  char *city;
  gboolean undo;
  GArray *before; /* PlaceBefore, read before the place is set */
  char *place_name;
  SvEditSelectionDone done;
  gpointer user_data; /* a ref, when an object */
} Job;

static void
place_before_clear (gpointer data)
{
  PlaceBefore *p = data;

  g_free (p->place.country_code);
  g_free (p->place.city_en);
  g_free (p->place.city_local);
  g_free (p->place.region_en);
  g_free (p->place.region_local);
  g_free (p->place.country_en);
  g_free (p->place.country_local);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job->caption);
  g_free (job->add_keyword);
  g_free (job->remove_keyword);
  g_free (job->city);
  g_clear_pointer (&job->before, g_array_unref);
  g_clear_pointer (&job->dates_before, g_array_unref);
  g_free (job->place_name);
  g_clear_object (&job->user_data);
  g_free (job);
}

static gboolean
read_places (SvCatalogue *catalogue, Job *job, GError **error)
{
  job->before = g_array_sized_new (FALSE, TRUE, sizeof (PlaceBefore), job->ids->len);
  g_array_set_clear_func (job->before, place_before_clear);
  for (guint i = 0; i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, i);
      g_autoptr (SvMediaItem) item = sv_catalogue_get_item (catalogue, id, error);
      SvItemFixes fixes = { 0 };
      PlaceBefore p = { 0 };

      if (item == NULL || !sv_catalogue_get_fixes (catalogue, id, &fixes, error))
        return FALSE;
      p.id = id;
      p.fixed = fixes.place_fixed;
      p.has_place = sv_media_item_get_has_place (item);
      p.place.country_code = g_strdup (sv_media_item_get_country_code (item));
      p.place.city_en = g_strdup (sv_media_item_get_city (item, FALSE));
      p.place.city_local = g_strdup (sv_media_item_get_city (item, TRUE));
      p.place.region_en = g_strdup (sv_media_item_get_region (item, FALSE));
      p.place.region_local = g_strdup (sv_media_item_get_region (item, TRUE));
      p.place.country_en = g_strdup (sv_media_item_get_country (item, FALSE));
      p.place.country_local = g_strdup (sv_media_item_get_country (item, TRUE));
      sv_item_fixes_clear (&fixes);
      g_array_append_val (job->before, p);
    }
  return TRUE;
}

static gboolean
read_dates (SvCatalogue *catalogue, Job *job, GError **error)
{
  job->dates_before = g_array_sized_new (FALSE, TRUE, sizeof (DateBefore), job->ids->len);
  for (guint i = 0; i < job->ids->len; i++)
    {
      g_auto (SvItemFixes) fixes = { 0 };
      DateBefore d = { g_array_index (job->ids, gint64, i), FALSE, 0, FALSE, 0 };

      if (!sv_catalogue_get_fixes (catalogue, d.id, &fixes, error))
        return FALSE;
      d.fixed = fixes.date_fixed;
      d.shift = fixes.shift_minutes;
      d.has_time_zone = fixes.has_time_zone;
      d.time_zone = fixes.time_zone_minutes;
      g_array_append_val (job->dates_before, d);
    }
  return TRUE;
}

static gboolean
undo_worker (SvCatalogue *catalogue, Job *job, GError **error)
{
  const gint64 *ids = (const gint64 *) job->ids->data;

  /* A time zone has no "unset": the file's date again, then what the user
   * had fixed before (this covers the shift of the same edit too). */
  for (guint i = 0; job->dates_before != NULL && i < job->dates_before->len; i++)
    {
      DateBefore *d = &g_array_index (job->dates_before, DateBefore, i);

      if (!sv_catalogue_reset_dates (catalogue, &d->id, 1, error) ||
          (d->fixed && d->shift != 0 &&
           !sv_catalogue_shift_dates (catalogue, &d->id, 1, d->shift, error)) ||
          (d->fixed && d->has_time_zone &&
           !sv_catalogue_set_time_zones (catalogue, &d->id, 1, d->time_zone, error)))
        return FALSE;
    }
  if (job->dates_before == NULL && job->shift != 0 &&
      !sv_catalogue_shift_dates (catalogue, ids, job->ids->len, -job->shift, error))
    return FALSE;
  for (guint i = 0; job->before != NULL && i < job->before->len; i++)
    {
      PlaceBefore *p = &g_array_index (job->before, PlaceBefore, i);
      gboolean ok = !p->fixed ? sv_catalogue_reset_places (catalogue, &p->id, 1, error)
                              : sv_catalogue_set_places (catalogue, &p->id, 1,
                                                         p->has_place ? &p->place : NULL, error);

      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
job_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;
  const gint64 *ids = (const gint64 *) job->ids->data;
  guint n = job->ids->len;
  g_autoptr (GPtrArray) cities = NULL;

  if (job->undo)
    return undo_worker (catalogue, job, error);

  if (job->city != NULL)
    {
      SvCityMatch *match;

      cities = sv_city_search (job->city, 1, error);
      if (cities == NULL)
        return FALSE;
      if (cities->len == 0)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("No city named “%s”"), job->city);
          return FALSE;
        }
      match = g_ptr_array_index (cities, 0);
      job->place_name = g_strdup (match->place.city_local != NULL ? match->place.city_local
                                                                  : match->place.city_en);
      if (!read_places (catalogue, job, error))
        return FALSE;
    }
  if (job->set_time_zone && !read_dates (catalogue, job, error))
    return FALSE;
  if (job->caption != NULL && !sv_catalogue_set_captions (catalogue, ids, n, job->caption, error))
    return FALSE;
  if (job->add_keyword != NULL &&
      !sv_catalogue_add_keyword (catalogue, job->add_keyword, ids, n, error))
    return FALSE;
  if (job->remove_keyword != NULL &&
      !sv_catalogue_remove_keyword (catalogue, job->remove_keyword, ids, n, error))
    return FALSE;
  if (job->rating != RATING_UNCHANGED &&
      !sv_catalogue_set_ratings (catalogue, ids, n, job->rating, error))
    return FALSE;
  if (job->shift != 0 && !sv_catalogue_shift_dates (catalogue, ids, n, job->shift, error))
    return FALSE;
  if (job->set_time_zone && !sv_catalogue_set_time_zones (catalogue, ids, n, job->time_zone, error))
    return FALSE;
  if (cities != NULL)
    {
      SvCityMatch *match = g_ptr_array_index (cities, 0);

      if (!sv_catalogue_set_places (catalogue, ids, n, &match->place, error))
        return FALSE;
    }
  return TRUE;
}

static void
run_job (SvCatalogue *catalogue, Job *job);

static void
job_closure_free (gpointer data, GClosure *closure)
{
  job_free (data);
}

static void
on_undo_clicked_cb (AdwToast *toast, Job *job)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (toast), "sv-catalogue");
  Job *undo = g_new0 (Job, 1);

  /* Once. */
  g_signal_handlers_disconnect_by_func (toast, on_undo_clicked_cb, job);
  undo->undo = TRUE;
  undo->ids = g_array_ref (job->ids);
  undo->shift = job->shift;
  undo->before = job->before != NULL ? g_array_ref (job->before) : NULL;
  undo->dates_before = job->dates_before != NULL ? g_array_ref (job->dates_before) : NULL;
  undo->rating = RATING_UNCHANGED;
  undo->done = job->done;
  undo->user_data = job->user_data != NULL ? g_object_ref (job->user_data) : NULL;
  run_job (catalogue, undo);
}

static void
on_job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  Job *job = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &job, &error);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  guint n = job->ids->len;

  busy--;
  if (!ok)
    text = g_strdup (error->message);
  else if (job->undo)
    text = g_strdup (_ ("Undone"));
  else if (job->place_name != NULL)
    /* Translators: a toast; %u is a number of items, %s a city */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item edited, placed in %s",
                                         "%u items edited, placed in %s", n),
                            n, job->place_name);
  else
    /* Translators: a toast; %u is a number of items */
    text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item edited", "%u items edited", n), n);
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  if (ok && !job->undo && (job->shift != 0 || job->before != NULL || job->dates_before != NULL))
    {
      Job *kept = g_new0 (Job, 1);

      kept->ids = g_array_ref (job->ids);
      kept->shift = job->shift;
      kept->before = job->before != NULL ? g_array_ref (job->before) : NULL;
      kept->dates_before = job->dates_before != NULL ? g_array_ref (job->dates_before) : NULL;
      kept->done = job->done;
      kept->user_data = job->user_data != NULL ? g_object_ref (job->user_data) : NULL;
      adw_toast_set_button_label (toast, _ ("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "sv-catalogue", g_object_ref (source),
                              g_object_unref);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), kept,
                             job_closure_free, 0);
    }
  if (job->done != NULL)
    job->done (toast, job->user_data);
  else
    g_object_unref (toast);
}

static void
run_job (SvCatalogue *catalogue, Job *job)
{
  busy++;
  sv_app_task_run_async (catalogue, catalogue, job_worker, job, (GDestroyNotify) job_free, NULL,
                         on_job_done_cb, NULL);
}

/* ---- keyword completions ---- */

typedef struct
{
  char *prefix;
  GPtrArray *matches;
  GtkListBox *list; /* a ref */
} CompleteJob;

static void
complete_job_free (CompleteJob *job)
{
  g_free (job->prefix);
  g_clear_pointer (&job->matches, g_ptr_array_unref);
  g_clear_object (&job->list);
  g_free (job);
}

static gboolean
complete_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  CompleteJob *job = data;

  job->matches = sv_catalogue_complete_keywords (catalogue, job->prefix, N_COMPLETIONS, error);
  return job->matches != NULL;
}

static void
on_complete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  CompleteJob *job = NULL;
  gboolean ok = sv_app_task_run_finish (result, (gpointer *) &job, &error);
  GtkWidget *child;

  busy--;
  if (!ok)
    return;
  /* Only the answer to what the entry says now. */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (job->list), "sv-prefix"), job->prefix) != 0)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (job->list))) != NULL)
    gtk_list_box_remove (job->list, child);
  for (guint i = 0; i < job->matches->len; i++)
    {
      SvKeywordCount *kc = g_ptr_array_index (job->matches, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *count = g_strdup_printf ("%u", kc->count);
      GtkWidget *count_label = gtk_label_new (count);

      gtk_widget_set_name (row, "keyword-completion");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kc->name);
      gtk_widget_add_css_class (count_label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count_label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "sv-keyword", g_strdup (kc->name), g_free);
      gtk_list_box_append (job->list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (job->list), job->matches->len > 0);
}

static void
on_add_keyword_changed_cb (GtkEditable *entry, GtkListBox *list)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (list), "sv-catalogue");
  g_autofree char *prefix = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  CompleteJob *job;

  g_object_set_data_full (G_OBJECT (list), "sv-prefix", g_strdup (prefix), g_free);
  if (*prefix == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
      return;
    }
  job = g_new0 (CompleteJob, 1);
  job->prefix = g_steal_pointer (&prefix);
  job->list = g_object_ref (list);
  busy++;
  sv_app_task_run_async (catalogue, catalogue, complete_worker, job,
                         (GDestroyNotify) complete_job_free, NULL, on_complete_done_cb, NULL);
}

static void
on_completion_activated_cb (GtkListBox *list, GtkListBoxRow *row, GtkEditable *entry)
{
  const char *keyword = g_object_get_data (G_OBJECT (row), "sv-keyword");

  if (keyword == NULL)
    return;
  gtk_editable_set_text (entry, keyword);
  gtk_editable_set_position (entry, -1);
  g_object_set_data (G_OBJECT (list), "sv-prefix", NULL);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
}

/* ---- the dialog ---- */

static GtkEditable *
row_entry (AdwMessageDialog *dialog, const char *name)
{
  return g_object_get_data (G_OBJECT (dialog), name);
}

static char *
row_text (AdwMessageDialog *dialog, const char *name)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (row_entry (dialog, name))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

#define TIME_ZONE_MAX_MINUTES (14 * 60)

/* Whether an offset field is empty or parses; marks it otherwise. */
static gboolean
check_offset_row (AdwMessageDialog *dialog, const char *name, int max_minutes)
{
  GtkEditable *entry = row_entry (dialog, name);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  int minutes;
  gboolean valid = *text == '\0' || sv_parse_offset (text, max_minutes, &minutes, NULL);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return valid;
}

/* A date shift or a time zone that does not parse keeps "Apply" off. */
static void
on_offset_changed_cb (GtkEditable *entry, AdwMessageDialog *dialog)
{
  gboolean shift_ok = check_offset_row (dialog, "date-shift", SV_DATE_SHIFT_MAX_MINUTES);
  gboolean zone_ok = check_offset_row (dialog, "time-zone", TIME_ZONE_MAX_MINUTES);

  adw_message_dialog_set_response_enabled (dialog, "apply", shift_ok && zone_ok);
}

static void
on_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (dialog), "sv-catalogue");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "sv-ids");
  AdwComboRow *rating = g_object_get_data (G_OBJECT (dialog), "rating");
  g_autofree char *shift = NULL;
  g_autofree char *zone = NULL;
  guint selected;
  Job *job;

  if (!g_str_equal (response, "apply"))
    return;
  job = g_new0 (Job, 1);
  job->ids = g_array_ref (ids);
  job->caption = row_text (dialog, "caption");
  job->add_keyword = row_text (dialog, "add-keyword");
  job->remove_keyword = row_text (dialog, "remove-keyword");
  job->city = row_text (dialog, "place");
  shift = row_text (dialog, "date-shift");
  if (shift != NULL)
    sv_parse_offset (shift, SV_DATE_SHIFT_MAX_MINUTES, &job->shift, NULL);
  zone = row_text (dialog, "time-zone");
  job->set_time_zone =
      zone != NULL && sv_parse_offset (zone, TIME_ZONE_MAX_MINUTES, &job->time_zone, NULL);
  /* "Unchanged", "None", then 1 to 5 stars. */
  selected = adw_combo_row_get_selected (rating);
  job->rating = selected == 0 ? RATING_UNCHANGED : selected == 1 ? -1 : (int) selected - 1;
  job->done = g_object_get_data (G_OBJECT (dialog), "sv-done");
  job->user_data = g_object_get_data (G_OBJECT (dialog), "sv-user-data");
  if (job->user_data != NULL)
    g_object_ref (job->user_data);
  run_job (catalogue, job);
}

static GtkWidget *
entry_row_new (AdwMessageDialog *dialog, const char *name, const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (dialog), name, row);
  return row;
}

AdwMessageDialog *
sv_edit_selection_dialog_new (GtkWindow *parent,
                              SvCatalogue *catalogue,
                              GArray *ids,
                              SvEditSelectionDone done,
                              gpointer user_data)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *list, *completions, *add_keyword, *shift, *zone, *rating, *scrolled;
  g_autoptr (GtkStringList) rating_names = NULL;
  g_autofree char *heading = NULL;
  const char *const ratings[] = {
    /* Translators: the rating of the selection is left as it is */
    _ ("Unchanged"), _ ("No Rating"), "★", "★★", "★★★", "★★★★", "★★★★★", NULL,
  };

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (ids != NULL && ids->len > 0, NULL);

  /* Translators: %u is a number of selected photos and videos */
  heading = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Edit %u Item", "Edit %u Items", ids->len), ids->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      parent, heading,
      _ ("Empty fields change nothing. A date shift, a time zone and a place can be undone.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "edit-selection-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "sv-catalogue", g_object_ref (catalogue),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "sv-ids", g_array_ref (ids),
                          (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "sv-done", done);
  g_object_set_data (G_OBJECT (dialog), "sv-user-data", user_data);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry_row_new (dialog, "caption", _ ("Caption")));
  add_keyword = entry_row_new (dialog, "add-keyword", _ ("Add Keyword"));
  gtk_list_box_append (GTK_LIST_BOX (list), add_keyword);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       entry_row_new (dialog, "remove-keyword", _ ("Remove Keyword")));
  rating = adw_combo_row_new ();
  gtk_widget_set_name (rating, "rating");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rating), _ ("Rating"));
  rating_names = gtk_string_list_new ((const char *const *) ratings);
  adw_combo_row_set_model (ADW_COMBO_ROW (rating), G_LIST_MODEL (rating_names));
  g_object_set_data (G_OBJECT (dialog), "rating", rating);
  gtk_list_box_append (GTK_LIST_BOX (list), rating);
  /* Translators: the title of a field; the user types e.g. "+01:00" */
  shift = entry_row_new (dialog, "date-shift", _ ("Shift Dates by ±HH:MM"));
  gtk_list_box_append (GTK_LIST_BOX (list), shift);
  /* Translators: the title of a field; the user types e.g. "+02:00" (the
   * local time stays, the moment in UTC follows) */
  zone = entry_row_new (dialog, "time-zone", _ ("Set Time Zone to UTC±HH:MM"));
  gtk_list_box_append (GTK_LIST_BOX (list), zone);
  gtk_list_box_append (GTK_LIST_BOX (list), entry_row_new (dialog, "place", _ ("Place (a City)")));

  /* Keyword completions, under the list, while "Add Keyword" is typed. */
  completions = gtk_list_box_new ();
  gtk_widget_set_name (completions, "keyword-completions");
  gtk_widget_add_css_class (completions, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (completions), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (completions), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Keywords"), -1);
  gtk_widget_set_visible (completions, FALSE);
  g_object_set_data_full (G_OBJECT (completions), "sv-catalogue", g_object_ref (catalogue),
                          g_object_unref);
  g_signal_connect_object (add_keyword, "changed", G_CALLBACK (on_add_keyword_changed_cb),
                           completions, 0);
  g_signal_connect_object (completions, "row-activated", G_CALLBACK (on_completion_activated_cb),
                           add_keyword, 0);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), completions);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_message_dialog_set_extra_child (dialog, scrolled);

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "apply", _ ("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (shift, "changed", G_CALLBACK (on_offset_changed_cb), dialog, 0);
  g_signal_connect_object (zone, "changed", G_CALLBACK (on_offset_changed_cb), dialog, 0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  return dialog;
}

gboolean
sv_edit_selection_get_busy (void)
{
  return busy > 0;
}
