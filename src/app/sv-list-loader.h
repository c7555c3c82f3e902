/* sv-list-loader.h: a list read from the catalogue off the main loop
 *
 * What the Events, Imports and People views share: they show a list read
 * from the catalogue in a worker thread, read again a moment after the
 * catalogue changes (changes come in bursts during an import: they are
 * gathered), and have "loading" and "empty" properties. An SvListLoader is
 * a plain struct inside such a view (its owner); it holds the catalogue and
 * the cancellable that the view's other tasks use too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* In a worker thread: reads the list. @data is the loader's read_data as it
 * was when the read started. */
typedef gpointer (*SvListLoaderReadFunc) (SvCatalogue *catalogue, gpointer data, GError **error);
/* On the main thread: shows what was read (@result, owned by the callee),
 * or @error (not cancellation). Returns whether the list is empty (not
 * looked at with @error). */
typedef gboolean (*SvListLoaderShowFunc) (GObject *owner, gpointer result, const GError *error);

typedef struct
{
  GObject *owner;
  SvCatalogue *catalogue;
  GCancellable *cancellable; /* cancelled when the catalogue changes */
  gpointer read_data;        /* passed to read */
  gboolean loading;
  gboolean empty;

  /*< private >*/
  SvListLoaderReadFunc read;
  GDestroyNotify result_free;
  SvListLoaderShowFunc show;
  GParamSpec *loading_pspec;
  GParamSpec *empty_pspec;
  guint reload_id;
} SvListLoader;

/* @owner's @loading_pspec and @empty_pspec are notified when they change. */
void
sv_list_loader_init (SvListLoader *self,
                     GObject *owner,
                     SvListLoaderReadFunc read,
                     GDestroyNotify result_free,
                     SvListLoaderShowFunc show,
                     GParamSpec *loading_pspec,
                     GParamSpec *empty_pspec);
/* In the owner's dispose. */
void
sv_list_loader_clear (SvListLoader *self);
/* Stops what runs and follows @catalogue (or nothing). Returns FALSE if it
 * was already the one: nothing changed. Then the owner clears what it shows
 * and calls sv_list_loader_reload (). */
gboolean
sv_list_loader_set_catalogue (SvListLoader *self, SvCatalogue *catalogue);
/* Reads the list again now (nothing without a catalogue). */
void
sv_list_loader_reload (SvListLoader *self);

G_END_DECLS
