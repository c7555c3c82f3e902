/* sv-app-task.h: run a catalogue edit in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Runs in a worker thread; @data is the caller's (it may fill outputs). */
typedef gboolean (*SvAppWorkFunc) (SvCatalogue *catalogue,
                                   gpointer data,
                                   GCancellable *cancellable,
                                   GError **error);

void
sv_app_task_run_async (gpointer source_object,
                       SvCatalogue *catalogue,
                       SvAppWorkFunc func,
                       gpointer data,
                       GDestroyNotify data_free,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data);
/* Returns the worker's result; @data (optional) receives the data pointer,
 * still owned by the task. */
gboolean
sv_app_task_run_finish (GAsyncResult *result, gpointer *data, GError **error);

/* Ids as a GVariant of type "ax" (for action targets) and back. */
GVariant *
sv_ids_to_variant (const gint64 *ids, guint n);
GArray *
sv_ids_from_variant (GVariant *variant);

G_END_DECLS
