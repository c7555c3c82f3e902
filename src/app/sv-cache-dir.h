/* sv-cache-dir.h: measure and clear the thumbnail cache folder off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GFile *
sv_cache_dir_get_default (void);

void
sv_cache_dir_measure_async (GFile *dir,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean
sv_cache_dir_measure_finish (GAsyncResult *result, guint64 *out_bytes, GError **error);

void
sv_cache_dir_clear_async (GFile *dir,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
gboolean
sv_cache_dir_clear_finish (GAsyncResult *result, GError **error);

G_END_DECLS
