/* sv-imports-view.c: the Imports section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of past imports (date, counts), loaded in a worker and reloaded
 * when the catalogue changes; a row opens a page with exactly that import's
 * items (a timeline over `import_id`) and its failed files with reasons.
 */
#define G_LOG_DOMAIN "sv-imports-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-imports.h"
#include "sv-imports-view.h"
#include "sv-list-loader.h"
#include "sv-timeline-view.h"

struct _SvImportsView
{
  AdwBin parent_instance;

  SvListLoader loader; /* the catalogue, the imports */
  GPtrArray *imports;  /* SvImportInfo */
  gint64 shown;

  GtkStack *stack;
  GtkListBox *list;
  GtkLabel *detail_title;
  GtkLabel *detail_subtitle;
  GtkWidget *failures_button;
  GtkWidget *timeline;
};

G_DEFINE_FINAL_TYPE (SvImportsView, sv_imports_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EMPTY,
  PROP_LOADING,
  PROP_IMPORT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_date (gint64 usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("");
  /* Translators: the date and time of an import, see g_date_time_format () */
  return g_date_time_format (local, _ ("%-d %B %Y at %H:%M"));
}

static char *
format_counts (const SvImportInfo *info)
{
  g_autoptr (GString) text = g_string_new (NULL);

  /* Translators: %u is a number of photos and videos */
  g_string_append_printf (
      text, g_dngettext (GETTEXT_PACKAGE, "%u imported", "%u imported", info->imported),
      info->imported);
  if (info->duplicates > 0)
    {
      g_string_append (text, " · ");
      /* Translators: %u is a number of files already in the library */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u duplicate skipped",
                                           "%u duplicates skipped", info->duplicates),
                              info->duplicates);
    }
  if (info->failed > 0)
    {
      g_string_append (text, " · ");
      /* Translators: %u is a number of files */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", info->failed),
                              info->failed);
    }
  if (info->cancelled)
    {
      g_string_append (text, " · ");
      g_string_append (text, _ ("cancelled"));
    }
  else if (info->finished_at == 0)
    {
      g_string_append (text, " · ");
      g_string_append (text, _ ("not finished"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const SvImportInfo *
find_info (SvImportsView *self, gint64 id)
{
  for (guint i = 0; self->imports != NULL && i < self->imports->len; i++)
    {
      const SvImportInfo *info = g_ptr_array_index (self->imports, i);

      if (info->id == id)
        return info;
    }
  return NULL;
}

static void
update_detail (SvImportsView *self)
{
  const SvImportInfo *info = find_info (self, self->shown);
  g_autofree char *title = NULL;
  g_autofree char *counts = NULL;

  if (info == NULL)
    {
      gtk_label_set_label (self->detail_title, "");
      gtk_label_set_label (self->detail_subtitle, "");
      gtk_widget_set_visible (self->failures_button, FALSE);
      return;
    }
  title = format_date (info->started_at);
  counts = format_counts (info);
  gtk_label_set_label (self->detail_title, title);
  gtk_label_set_label (self->detail_subtitle, counts);
  gtk_widget_set_visible (self->failures_button, info->n_errors > 0);
  if (info->n_errors > 0)
    {
      /* Translators: %u is a number of files */
      g_autofree char *label =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u Failed File",
                                        "Show %u Failed Files", info->n_errors),
                           info->n_errors);

      gtk_button_set_label (GTK_BUTTON (self->failures_button), label);
    }
}

static void
on_row_activated_cb (SvImportsView *self, GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "sv-import-id");

  if (id != NULL)
    sv_imports_view_show_import (self, *id);
}

static void
on_back_clicked_cb (SvImportsView *self)
{
  sv_imports_view_show_import (self, 0);
}

static void
on_failures_clicked_cb (SvImportsView *self)
{
  sv_imports_view_show_failures (self);
}

static void
fill_list (SvImportsView *self)
{
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (old));

  for (guint i = 0; self->imports != NULL && i < self->imports->len; i++)
    {
      const SvImportInfo *info = g_ptr_array_index (self->imports, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = format_date (info->started_at);
      g_autofree char *counts = format_counts (info);
      gint64 *id = g_new (gint64, 1);
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      *id = info->id;
      g_object_set_data_full (G_OBJECT (row), "sv-import-id", id, g_free);
      gtk_widget_set_name (row, "import-row");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), counts);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_append (self->list, row);
    }
}

/* In a worker thread. */
static gpointer
read_imports (SvCatalogue *catalogue, gpointer data, GError **error)
{
  return sv_catalogue_list_imports (catalogue, error);
}

static gboolean
show_imports (GObject *owner, gpointer result, const GError *error)
{
  SvImportsView *self = SV_IMPORTS_VIEW (owner);

  if (error != NULL)
    {
      g_warning ("Could not list the imports: %s", error->message);
      return FALSE;
    }
  g_clear_pointer (&self->imports, g_ptr_array_unref);
  self->imports = result;
  fill_list (self);
  update_detail (self);
  return self->imports->len == 0;
}

static void
sv_imports_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvImportsView *self = SV_IMPORTS_VIEW (object);

  switch (prop_id)
    {
      case PROP_EMPTY:
        g_value_set_boolean (value, self->loader.empty);
        break;

      case PROP_LOADING:
        g_value_set_boolean (value, self->loader.loading);
        break;

      case PROP_IMPORT_ID:
        g_value_set_int64 (value, self->shown);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_imports_view_dispose (GObject *object)
{
  SvImportsView *self = SV_IMPORTS_VIEW (object);

  sv_list_loader_clear (&self->loader);
  g_clear_pointer (&self->imports, g_ptr_array_unref);

  G_OBJECT_CLASS (sv_imports_view_parent_class)->dispose (object);
}

static void
sv_imports_view_class_init (SvImportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_imports_view_dispose;
  object_class->get_property = sv_imports_view_get_property;

  properties[PROP_EMPTY] =
      g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMPORT_ID] =
      g_param_spec_int64 ("import-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_imports_view_init (SvImportsView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  sv_list_loader_init (&self->loader, G_OBJECT (self), read_imports,
                       (GDestroyNotify) g_ptr_array_unref, show_imports, properties[PROP_LOADING],
                       properties[PROP_EMPTY]);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);

  /* The list */
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "imports-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Imports"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_stack_add_named (self->stack, scrolled, "list");

  /* One import */
  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_set_name (back, "import-back-button");
  gtk_widget_set_tooltip_text (back, _ ("All Imports"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("All Imports"), -1);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), back);
  self->detail_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->detail_title, 0);
  gtk_label_set_ellipsize (self->detail_title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "heading");
  self->detail_subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->detail_subtitle, 0);
  gtk_label_set_wrap (self->detail_subtitle, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_subtitle), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->detail_title));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->detail_subtitle));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (bar), titles);
  self->failures_button = gtk_button_new_with_label ("");
  gtk_widget_set_name (self->failures_button, "import-failures-button");
  gtk_widget_set_valign (self->failures_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->failures_button, FALSE);
  g_signal_connect_swapped (self->failures_button, "clicked", G_CALLBACK (on_failures_clicked_cb),
                            self);
  gtk_box_append (GTK_BOX (bar), self->failures_button);
  gtk_box_append (GTK_BOX (detail), bar);
  self->timeline = sv_timeline_view_new ();
  gtk_widget_set_name (self->timeline, "import-timeline");
  gtk_widget_set_vexpand (self->timeline, TRUE);
  gtk_box_append (GTK_BOX (detail), self->timeline);
  gtk_stack_add_named (self->stack, detail, "detail");

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

GtkWidget *
sv_imports_view_new (void)
{
  return g_object_new (SV_TYPE_IMPORTS_VIEW, NULL);
}

void
sv_imports_view_set_catalogue (SvImportsView *self, SvCatalogue *catalogue)
{
  g_return_if_fail (SV_IS_IMPORTS_VIEW (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));

  if (!sv_list_loader_set_catalogue (&self->loader, catalogue))
    return;
  g_clear_pointer (&self->imports, g_ptr_array_unref);
  fill_list (self);
  sv_imports_view_show_import (self, 0);
  sv_list_loader_reload (&self->loader);
}

gboolean
sv_imports_view_get_empty (SvImportsView *self)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), TRUE);

  return self->loader.empty;
}

gboolean
sv_imports_view_get_loading (SvImportsView *self)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), FALSE);

  return self->loader.loading;
}

guint
sv_imports_view_get_n_imports (SvImportsView *self)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), 0);

  return self->imports != NULL ? self->imports->len : 0;
}

gint64
sv_imports_view_get_import_id (SvImportsView *self, guint index)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), 0);

  if (self->imports == NULL || index >= self->imports->len)
    return 0;
  return ((const SvImportInfo *) g_ptr_array_index (self->imports, index))->id;
}

void
sv_imports_view_show_import (SvImportsView *self, gint64 import_id)
{
  g_auto (SvQuery) query = { 0 };

  g_return_if_fail (SV_IS_IMPORTS_VIEW (self));

  if (import_id > 0 && self->loader.catalogue != NULL)
    {
      sv_query_init (&query);
      query.import_id = import_id;
      sv_timeline_view_set_query (SV_TIMELINE_VIEW (self->timeline), self->loader.catalogue,
                                  &query);
      gtk_stack_set_visible_child_name (self->stack, "detail");
    }
  else
    {
      import_id = 0;
      sv_timeline_view_set_query (SV_TIMELINE_VIEW (self->timeline), NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }

  if (self->shown != import_id)
    {
      self->shown = import_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORT_ID]);
    }
  update_detail (self);
  /* The import may be newer than the list. */
  if (import_id > 0 && find_info (self, import_id) == NULL)
    sv_list_loader_reload (&self->loader);
}

gint64
sv_imports_view_get_shown_import (SvImportsView *self)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), 0);

  return self->shown;
}

GtkWidget *
sv_imports_view_get_timeline (SvImportsView *self)
{
  g_return_val_if_fail (SV_IS_IMPORTS_VIEW (self), NULL);

  return self->timeline;
}

typedef struct
{
  gint64 import_id;
} FailuresData;

static void
failures_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (task), "sv-catalogue");
  FailuresData *d = task_data;
  GError *error = NULL;
  GPtrArray *errors = sv_catalogue_list_import_errors (catalogue, d->import_id, &error);

  if (errors == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, errors, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_failures_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvImportsView *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = g_task_propagate_pointer (G_TASK (result), &error);
  GtkRoot *root;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *list;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SV_IMPORTS_VIEW (source);
  root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Files That Could Not Be Imported"), NULL);
  gtk_widget_set_name (dialog, "import-failures-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  if (errors == NULL)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "import-failures-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < errors->len; i++)
    {
      SvImportError *e = g_ptr_array_index (errors, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *base = g_path_get_basename (e->path);
      g_autofree char *name = g_filename_display_name (base);
      g_autofree char *escaped_name = g_markup_escape_text (name, -1);
      g_autofree char *escaped_reason = g_markup_escape_text (e->reason, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_reason);
      {
        g_autofree char *display = g_filename_display_name (e->path);

        gtk_widget_set_tooltip_text (row, display);
      }
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sv_imports_view_show_failures (SvImportsView *self)
{
  g_autoptr (GTask) task = NULL;
  FailuresData *d;

  g_return_if_fail (SV_IS_IMPORTS_VIEW (self));

  if (self->loader.catalogue == NULL || self->shown == 0)
    return;
  d = g_new0 (FailuresData, 1);
  d->import_id = self->shown;
  task = g_task_new (self, self->loader.cancellable, on_failures_listed_cb, NULL);
  g_task_set_source_tag (task, sv_imports_view_show_failures);
  g_task_set_task_data (task, d, g_free);
  g_object_set_data_full (G_OBJECT (task), "sv-catalogue", g_object_ref (self->loader.catalogue),
                          g_object_unref);
  g_task_run_in_thread (task, failures_worker);
}
