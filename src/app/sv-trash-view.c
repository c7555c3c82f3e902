/* sv-trash-view.c: the Trash section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of the items in the trash with their days left, a restore and a
 * delete button each, and "Empty Trash" behind a confirmation. Everything
 * goes through the core trash API (sv-trash.h) in a worker thread.
 */
#define G_LOG_DOMAIN "sv-trash-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-app-task.h"
#include "sv-item-list.h"
#include "sv-library-settings.h"
#include "sv-thumb-image.h"
#include "sv-trash-view.h"
#include "sv-trash.h"

struct _SvTrashView
{
  AdwBin parent_instance;

  SvCatalogue *catalogue;
  SvItemList *items;
  GCancellable *cancellable;
  int retention_days;
  gboolean empty;

  GtkStack *stack;
  GtkListBox *list;
  GtkLabel *retention_label;
  GtkWidget *empty_button;
};

G_DEFINE_FINAL_TYPE (SvTrashView, sv_trash_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  OP_RESTORE,
  OP_DELETE,
} TrashOp;

typedef struct
{
  TrashOp op;
  GArray *ids; /* NULL: the whole trash */
  SvTrashPurgeResult purge;
  GPtrArray *renamed;
  guint n_done;
} OpData;

static void
op_data_free (OpData *d)
{
  g_clear_pointer (&d->ids, g_array_unref);
  sv_trash_purge_result_clear (&d->purge);
  g_clear_pointer (&d->renamed, g_ptr_array_unref);
  g_free (d);
}

static void
toast (SvTrashView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (escaped));
}

static void
update_empty (SvTrashView *self)
{
  gboolean empty =
      self->items == NULL || (!sv_item_list_get_loading (self->items) &&
                              g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0);

  gtk_widget_set_sensitive (self->empty_button, !empty);
  if (self->empty == empty)
    return;
  self->empty = empty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
update_retention (SvTrashView *self)
{
  g_autofree char *text = NULL;

  /* Translators: %d is a number of days */
  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Items in the trash are deleted after %d day",
                   "Items in the trash are deleted after %d days", self->retention_days),
      self->retention_days);
  gtk_label_set_label (self->retention_label, text);
}

static gboolean
op_worker (SvCatalogue *catalogue, gpointer data, GCancellable *cancellable, GError **error)
{
  OpData *d = data;
  const gint64 *ids = d->ids != NULL ? (const gint64 *) (gpointer) d->ids->data : NULL;
  guint n = d->ids != NULL ? d->ids->len : 0;

  if (d->op == OP_RESTORE)
    {
      if (!sv_trash_restore_items (catalogue, ids, n, &d->renamed, error))
        return FALSE;
      d->n_done = n;
      return TRUE;
    }

  if (!sv_trash_empty (catalogue, ids, n, SV_TRASH_PURGE_DEFAULT, &d->purge, error))
    return FALSE;
  d->n_done = d->purge.purged != NULL ? d->purge.purged->len : 0;
  return TRUE;
}

static void
on_op_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvTrashView *self;
  g_autoptr (GError) error = NULL;
  gpointer data = NULL;
  OpData *d;
  g_autofree char *text = NULL;

  if (!sv_app_task_run_finish (result, &data, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = SV_TRASH_VIEW (source);
      toast (self, error->message);
      return;
    }
  self = SV_TRASH_VIEW (source);
  d = data;

  if (d->op == OP_RESTORE)
    {
      /* Translators: %u is a number of photos or videos */
      text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u item restored", "%u items restored", d->n_done),
          d->n_done);
      toast (self, text);
      for (guint i = 0; d->renamed != NULL && i < d->renamed->len; i++)
        {
          SvTrashRenamed *r = g_ptr_array_index (d->renamed, i);
          g_autofree char *name = g_filename_display_name (r->restored_path);
          /* Translators: %s is a file path */
          g_autofree char *line =
              g_strdup_printf (_ ("Restored as “%s”: its old name is taken"), name);

          toast (self, line);
        }
      return;
    }

  /* Translators: %u is a number of photos or videos */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item deleted for good",
                                       "%u items deleted for good", d->n_done),
                          d->n_done);
  toast (self, text);
  if (d->purge.needs_permanent_deletion != NULL && d->purge.needs_permanent_deletion->len > 0)
    {
      guint n = d->purge.needs_permanent_deletion->len;
      /* Translators: %u is a number of photos or videos */
      g_autofree char *kept = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "%u item was kept: its file system has no trash to send it to",
                       "%u items were kept: their file system has no trash to send them to", n),
          n);

      toast (self, kept);
    }
  for (guint i = 0; d->purge.failures != NULL && i < d->purge.failures->len; i++)
    toast (self, g_ptr_array_index (d->purge.failures, i));
}

static void
run_op (SvTrashView *self, TrashOp op, const gint64 *ids, guint n)
{
  OpData *d;

  if (self->catalogue == NULL)
    return;

  d = g_new0 (OpData, 1);
  d->op = op;
  if (ids != NULL)
    {
      d->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      g_array_append_vals (d->ids, ids, n);
    }
  sv_app_task_run_async (self, self->catalogue, op_worker, d, (GDestroyNotify) op_data_free,
                         self->cancellable, on_op_done_cb, NULL);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog, const char *response, SvTrashView *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "sv-ids");

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (ids == NULL)
    run_op (self, OP_DELETE, NULL, 0);
  else
    run_op (self, OP_DELETE, (const gint64 *) (gpointer) ids->data, ids->len);
}

static void
ask (SvTrashView *self, const gint64 *ids, guint n)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  const char *heading;
  const char *body;

  if (ids == NULL)
    {
      heading = _ ("Empty the Trash?");
      body = _ ("Every item in the trash will be deleted for good. Originals the library "
                "copied are deleted; files it only referenced go to the desktop trash.");
    }
  else
    {
      heading = g_dngettext (GETTEXT_PACKAGE, "Delete This Item for Good?",
                             "Delete These Items for Good?", n);
      body = _ ("This cannot be undone. Originals the library copied are deleted; files it "
                "only referenced go to the desktop trash.");
    }

  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "trash-confirm-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    ids == NULL ? _ ("_Empty Trash") : _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (ids != NULL)
    {
      GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

      g_array_append_vals (copy, ids, n);
      g_object_set_data_full (G_OBJECT (dialog), "sv-ids", copy, (GDestroyNotify) g_array_unref);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_clicked_cb (GtkButton *button, SvTrashView *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "sv-id");

  sv_trash_view_restore (self, &id, 1);
}

static void
on_delete_clicked_cb (GtkButton *button, SvTrashView *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "sv-id");

  sv_trash_view_ask_delete (self, &id, 1);
}

static void
on_empty_clicked_cb (SvTrashView *self)
{
  sv_trash_view_ask_empty (self);
}

static GtkWidget *
row_button (SvTrashView *self,
            const char *icon,
            const char *tooltip,
            const char *name,
            gint64 id,
            GCallback callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gint64 *id_copy = g_new (gint64, 1);

  *id_copy = id;
  g_object_set_data_full (G_OBJECT (button), "sv-id", id_copy, g_free);
  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
create_row_cb (gpointer item, gpointer user_data)
{
  SvTrashView *self = user_data;
  SvMediaItem *media = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *picture = gtk_picture_new ();
  const char *path = sv_media_item_get_path (media);
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;
  g_autofree char *name = base != NULL ? g_filename_display_name (base) : g_strdup ("");
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  int days = sv_trash_view_get_days_left (self, media);
  g_autofree char *subtitle = NULL;
  gint64 id = sv_media_item_get_id (media);

  if (days <= 0)
    subtitle = g_strdup (_ ("Deleted at the next clean-up"));
  else
    /* Translators: %d is a number of days */
    subtitle =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_size_request (picture, 48, 48);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_margin_top (picture, 6);
  gtk_widget_set_margin_bottom (picture, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  if (self->catalogue != NULL)
    sv_thumb_image_load (GTK_PICTURE (picture), self->catalogue, media);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, "edit-undo-symbolic", _ ("Restore"),
                                         "restore-button", id, G_CALLBACK (on_restore_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, "user-trash-full-symbolic", _ ("Delete for Good"),
                                         "delete-button", id, G_CALLBACK (on_delete_clicked_cb)));
  gtk_widget_set_name (row, "trash-row");
  return row;
}

static void
on_items_changed_cb (SvTrashView *self)
{
  update_empty (self);
}

static void
sv_trash_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvTrashView *self = SV_TRASH_VIEW (object);

  switch (prop_id)
    {
      case PROP_EMPTY:
        g_value_set_boolean (value, self->empty);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_trash_view_dispose (GObject *object)
{
  SvTrashView *self = SV_TRASH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  g_clear_object (&self->items);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (sv_trash_view_parent_class)->dispose (object);
}

static void
sv_trash_view_class_init (SvTrashViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_trash_view_dispose;
  object_class->get_property = sv_trash_view_get_property;

  properties[PROP_EMPTY] =
      g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
sv_trash_view_init (SvTrashView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();
  self->retention_days = SV_TRASH_RETENTION_DEFAULT;
  self->empty = TRUE;

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  self->retention_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->retention_label, TRUE);
  gtk_label_set_xalign (self->retention_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->retention_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->retention_label), "dim-label");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->retention_label));
  self->empty_button = gtk_button_new_with_mnemonic (_ ("_Empty Trash…"));
  gtk_widget_set_name (self->empty_button, "empty-trash-button");
  gtk_widget_add_css_class (self->empty_button, "destructive-action");
  gtk_widget_set_valign (self->empty_button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->empty_button, FALSE);
  g_signal_connect_swapped (self->empty_button, "clicked", G_CALLBACK (on_empty_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), self->empty_button);
  gtk_box_append (GTK_BOX (box), bar);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "trash-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Items in the trash"), -1);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_bin_set_child (ADW_BIN (self), box);
  update_retention (self);
}

GtkWidget *
sv_trash_view_new (void)
{
  return g_object_new (SV_TYPE_TRASH_VIEW, NULL);
}

void
sv_trash_view_set_catalogue (SvTrashView *self, SvCatalogue *catalogue)
{
  g_auto (SvQuery) query = { 0 };

  g_return_if_fail (SV_IS_TRASH_VIEW (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));

  if (self->catalogue == catalogue)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  g_clear_object (&self->items);
  g_set_object (&self->catalogue, catalogue);

  if (catalogue != NULL)
    {
      /* A setting read; small enough for the main thread at open. */
      self->retention_days = sv_trash_get_retention_days (catalogue);
      sv_query_init (&query);
      query.trashed = TRUE;
      self->items = sv_item_list_new (catalogue, &query);
      g_signal_connect_swapped (self->items, "items-changed", G_CALLBACK (on_items_changed_cb),
                                self);
      g_signal_connect_swapped (self->items, "notify::loading", G_CALLBACK (on_items_changed_cb),
                                self);
      gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row_cb, self, NULL);
    }
  update_retention (self);
  update_empty (self);
}

GListModel *
sv_trash_view_get_items (SvTrashView *self)
{
  g_return_val_if_fail (SV_IS_TRASH_VIEW (self), NULL);

  return self->items != NULL ? G_LIST_MODEL (self->items) : NULL;
}

gboolean
sv_trash_view_get_empty (SvTrashView *self)
{
  g_return_val_if_fail (SV_IS_TRASH_VIEW (self), TRUE);

  return self->empty;
}

int
sv_trash_view_get_days_left (SvTrashView *self, SvMediaItem *item)
{
  g_return_val_if_fail (SV_IS_TRASH_VIEW (self), 0);
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), 0);

  return sv_trash_days_left (sv_media_item_get_trashed_at (item), self->retention_days,
                             g_get_real_time ());
}

void
sv_trash_view_restore (SvTrashView *self, const gint64 *ids, guint n)
{
  g_return_if_fail (SV_IS_TRASH_VIEW (self));
  g_return_if_fail (ids != NULL || n == 0);

  if (n > 0)
    run_op (self, OP_RESTORE, ids, n);
}

void
sv_trash_view_ask_delete (SvTrashView *self, const gint64 *ids, guint n)
{
  g_return_if_fail (SV_IS_TRASH_VIEW (self));
  g_return_if_fail (ids != NULL);

  if (n > 0)
    ask (self, ids, n);
}

void
sv_trash_view_ask_empty (SvTrashView *self)
{
  g_return_if_fail (SV_IS_TRASH_VIEW (self));

  ask (self, NULL, 0);
}
