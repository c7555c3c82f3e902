/* sv-app-task.c: run a catalogue edit in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trash, restore, favourite, event edits: anything that writes the catalogue
 * or moves files runs here, never on the main loop.
 */
#define G_LOG_DOMAIN "sv-app-task"

#include "config.h"

#include "sv-app-task.h"

typedef struct
{
  SvCatalogue *catalogue;
  SvAppWorkFunc func;
  gpointer data;
  GDestroyNotify data_free;
} TaskData;

static void
task_data_free (TaskData *td)
{
  g_clear_object (&td->catalogue);
  if (td->data_free != NULL && td->data != NULL)
    td->data_free (td->data);
  g_free (td);
}

static void
run_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (td->func (td->catalogue, td->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sv_app_task_run_async (gpointer source_object,
                       SvCatalogue *catalogue,
                       SvAppWorkFunc func,
                       gpointer data,
                       GDestroyNotify data_free,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (SV_IS_CATALOGUE (catalogue));
  g_return_if_fail (func != NULL);

  td = g_new0 (TaskData, 1);
  td->catalogue = g_object_ref (catalogue);
  td->func = func;
  td->data = data;
  td->data_free = data_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_app_task_run_async);
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, run_worker);
}

gboolean
sv_app_task_run_finish (GAsyncResult *result, gpointer *data, GError **error)
{
  TaskData *td;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  td = g_task_get_task_data (G_TASK (result));
  if (data != NULL)
    *data = td->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}

GVariant *
sv_ids_to_variant (const gint64 *ids, guint n)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, n, sizeof (gint64));
}

GArray *
sv_ids_from_variant (GVariant *variant)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gsize n = 0;
  const gint64 *values;

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE ("ax")))
    return ids;
  values = g_variant_get_fixed_array (variant, &n, sizeof (gint64));
  g_array_append_vals (ids, values, (guint) n);
  return ids;
}
