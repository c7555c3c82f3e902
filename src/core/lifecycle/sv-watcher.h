/* sv-watcher.h: watched folders kept in step with the library
 *
 * A rescan looks at every file under the watched folders without reading
 * the ones the library knows with the same size and modification time (the
 * folder's known locations are loaded in one query). New files are imported
 * (referenced in place); a known path whose size or time changed is hashed:
 * same bytes, the location is updated; other bytes, the item is updated in
 * place when that was its only copy (the user's edits kept), else that path
 * leaves its item and is imported like a new file. A new file whose bytes are
 * those of a location that vanished (in this scan, or marked missing
 * earlier) is that file moved or renamed: the location is re-pointed, no
 * item is added. Locations whose file is gone are marked missing; their
 * items stay. Tombstoned files (deleted by the user) are not imported again.
 *
 * sv_watcher_start () runs a rescan off the main thread, then watches every
 * folder of the trees (GFileMonitor, one per folder, new folders included)
 * and handles new or changed files once their size and time have been
 * stable for "settle-ms" (default 2000), in batches, off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

typedef enum
{
  SV_WATCH_EVENT_NEW,                /* imported as a new item */
  SV_WATCH_EVENT_DUPLICATE,          /* its bytes were in the library: one more location */
  SV_WATCH_EVENT_CHANGED,            /* a known file edited in place */
  SV_WATCH_EVENT_MOVED,              /* a known file found at a new path (old_path) */
  SV_WATCH_EVENT_MISSING,            /* gone from disk: the location is marked missing */
  SV_WATCH_EVENT_BACK,               /* a missing file is there again */
  SV_WATCH_EVENT_PREVIOUSLY_DELETED, /* deleted from the library before: not imported */
  SV_WATCH_EVENT_FAILED,             /* could not be imported (reason) */
} SvWatchEventKind;

typedef struct
{
  SvWatchEventKind kind;
  char *path;     /* file name encoding */
  char *old_path; /* MOVED: where it was */
  char *reason;   /* FAILED: translated */
  gint64 item_id; /* 0 when none */
} SvWatchEvent;

void
sv_watch_event_free (SvWatchEvent *event);

/* What one rescan (or one batch of watched changes) did. */
typedef struct
{
  guint folders;            /* watched folders scanned */
  guint checked;            /* media files looked at (size and time only) */
  guint unchanged;          /* known, same size and time: not read */
  guint new_files;          /* imported as new items */
  guint duplicates;         /* bytes already in the library: one more location */
  guint changed;            /* known path, new size or time */
  guint moved;              /* recognised by content at a new path */
  guint missing;            /* locations newly marked missing */
  guint back;               /* missing locations found again */
  guint previously_deleted; /* tombstoned: not imported */
  guint failed;
  guint skipped;    /* failed or deleted from the library before, unchanged since: not read */
  guint settling;   /* sv_watcher_start only: written less than settle-ms ago, left to the
                     * monitor (imported once they stop growing) */
  guint files_read; /* files whose bytes were read (hashed here or by the importer) */
  double seconds;
  GPtrArray *events; /* SvWatchEvent */
} SvRescanSummary;

void
sv_rescan_summary_free (SvRescanSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvRescanSummary, sv_rescan_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvWatchEvent, sv_watch_event_free)

#define SV_TYPE_WATCHER (sv_watcher_get_type ())
G_DECLARE_FINAL_TYPE (SvWatcher, sv_watcher, SV, WATCHER, GObject)

/* Signals (emitted on the main context the watcher was created in):
 *   ::file-event (SvWatchEvent *event)   one per file handled
 *   ::rescan-done (SvRescanSummary *)    after the start rescan
 *   ::batch-done (SvRescanSummary *)     after each batch of watched changes
 * Properties: "settle-ms" (read-write), "n-monitors", "busy" (read-only). */
SvWatcher *
sv_watcher_new (SvCatalogue *catalogue);

void
sv_watcher_set_settle_ms (SvWatcher *self, guint settle_ms);
guint
sv_watcher_get_settle_ms (SvWatcher *self);
guint
sv_watcher_get_n_monitors (SvWatcher *self);
gboolean
sv_watcher_get_busy (SvWatcher *self);
/* Files whose bytes this watcher had read since it was made (hashed to
 * recognise a move or an edit, or handed to the importer). */
guint64
sv_watcher_get_files_read (SvWatcher *self);

/* One rescan of every watched folder, in the calling thread. A watched
 * folder that cannot be read (an unplugged disk) is reported as a failure
 * and left as it is: nothing in it is marked missing. */
SvRescanSummary *
sv_watcher_rescan (SvWatcher *self, GCancellable *cancellable, GError **error);
void
sv_watcher_rescan_async (SvWatcher *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
SvRescanSummary *
sv_watcher_rescan_finish (SvWatcher *self, GAsyncResult *result, GError **error);

/* Rescan, then watch (until sv_watcher_stop or the last reference goes). */
void
sv_watcher_start (SvWatcher *self);
void
sv_watcher_stop (SvWatcher *self);

G_END_DECLS
