/* sv-list-loader.c: a list read from the catalogue off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-list-loader"

#include "config.h"

#include "sv-list-loader.h"

/* Catalogue changes are gathered for this long before the list is read. */
#define RELOAD_DELAY_MS 300

typedef struct
{
  SvCatalogue *catalogue;
  gpointer data;
  SvListLoaderReadFunc read;
  GDestroyNotify result_free;
} ReadData;

static void
read_data_free (ReadData *d)
{
  g_clear_object (&d->catalogue);
  g_free (d);
}

static void
set_loading (SvListLoader *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (self->owner, self->loading_pspec);
}

void
sv_list_loader_init (SvListLoader *self,
                     GObject *owner,
                     SvListLoaderReadFunc read,
                     GDestroyNotify result_free,
                     SvListLoaderShowFunc show,
                     GParamSpec *loading_pspec,
                     GParamSpec *empty_pspec)
{
  *self = (SvListLoader){
    .owner = owner,
    .cancellable = g_cancellable_new (),
    .empty = TRUE,
    .read = read,
    .result_free = result_free,
    .show = show,
    .loading_pspec = loading_pspec,
    .empty_pspec = empty_pspec,
  };
}

static void
stop (SvListLoader *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
}

void
sv_list_loader_clear (SvListLoader *self)
{
  stop (self);
  g_clear_object (&self->catalogue);
}

static gboolean
reload_timeout_cb (gpointer data)
{
  SvListLoader *self = data;

  self->reload_id = 0;
  sv_list_loader_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_catalogue_changed_cb (SvListLoader *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

gboolean
sv_list_loader_set_catalogue (SvListLoader *self, SvCatalogue *catalogue)
{
  if (self->catalogue == catalogue)
    return FALSE;
  stop (self);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->catalogue, catalogue);
  set_loading (self, FALSE);
  /* The loader lives as long as its owner, which holds the catalogue. */
  if (catalogue != NULL)
    g_signal_connect_swapped (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self);
  return TRUE;
}

static void
read_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadData *d = task_data;
  GError *error = NULL;
  gpointer result = d->read (d->catalogue, d->data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, d->result_free);
}

static void
on_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvListLoader *self = user_data;
  g_autoptr (GError) error = NULL;
  gpointer list = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean empty;

  /* Cancelled: the catalogue changed since, or the owner is going. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  empty = self->show (self->owner, list, error);
  if (error == NULL && empty != self->empty)
    {
      self->empty = empty;
      g_object_notify_by_pspec (self->owner, self->empty_pspec);
    }
  set_loading (self, FALSE);
}

void
sv_list_loader_reload (SvListLoader *self)
{
  g_autoptr (GTask) task = NULL;
  ReadData *d;

  if (self->catalogue == NULL)
    return;
  set_loading (self, TRUE);
  d = g_new0 (ReadData, 1);
  d->catalogue = g_object_ref (self->catalogue);
  d->data = self->read_data;
  d->read = self->read;
  d->result_free = self->result_free;
  task = g_task_new (self->owner, self->cancellable, on_read_cb, self);
  g_task_set_source_tag (task, sv_list_loader_reload);
  g_task_set_task_data (task, d, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_worker);
}
