/* sv-importer.c
 *
 * The pipeline: walk the inputs (import thread) → for each candidate, in a
 * bounded pool of worker threads: hash, skip duplicates, read metadata, look
 * up the place, make both thumbnails from one decode, copy into the managed
 * folder when copying → back in the import thread, one catalogue transaction
 * per batch → progress on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-importer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv-duplicates.h"
#include "sv-error.h"
#include "sv-catalogue-pairs.h"
#include "sv-events.h"
#include "sv-hash.h"
#include "sv-import-copy.h"
#include "sv-import-walk.h"
#include "sv-importer.h"
#include "sv-media-reader.h"
#include "sv-metadata.h"
#include "sv-places.h"
#include "sv-thumbnailer.h"

/* A batch is written when it holds this many files or is this old. */
#define BATCH_MAX_FILES 64
#define BATCH_MAX_USEC (500 * G_TIME_SPAN_MILLISECOND)
/* Progress is pushed to the main context at most this often. */
#define PROGRESS_INTERVAL_USEC (100 * G_TIME_SPAN_MILLISECOND)
#define DEFAULT_PIXEL_LIMIT G_GUINT64_CONSTANT (100000000)

struct _SvImporter
{
  GObject parent_instance;

  SvCatalogue *catalogue;
  SvThumbnailer *thumbnailer;
  GMainContext *context;
  SvImportMode mode;
  guint n_workers;

  /* Progress, written by the import thread and read anywhere. */
  GMutex lock;
  gboolean running;
  guint files_done;
  guint files_total;
  guint64 bytes_done;
  guint64 bytes_total;
  char *current_file;
  gint64 started_usec;
  gint64 last_progress_usec;
  guint progress_source;
};

typedef enum
{
  JOB_NEW,            /* a new item */
  JOB_DUP_LIBRARY,    /* its bytes are already in the library */
  JOB_DUP_BATCH,      /* its bytes came earlier in this import */
  JOB_KNOWN_LOCATION, /* this very file was imported before, unchanged */
  JOB_TOMBSTONED,     /* the user deleted these bytes from the library */
  JOB_FAILED,
  JOB_CANCELLED,
} JobOutcome;

typedef struct
{
  SvCandidate *candidate; /* owned */
  JobOutcome outcome;
  SvNewFile file;
  char *copied_path;  /* the managed copy, removed again unless committed */
  gboolean has_phash; /* the grid thumbnail's perceptual hash, for near-duplicates */
  guint64 phash;
  GError *error;
} Job;

/* Shared by the workers of one import. */
typedef struct
{
  SvImporter *importer;
  SvImportMode mode;
  char *managed_root;
  guint64 pixel_limit;
  GCancellable *cancellable; /* the import's own, cancelled by the caller's */
  GAsyncQueue *done;         /* Job* back to the import thread */
  GMutex claims_lock;
  GHashTable *claimed_hashes; /* sha256 → NULL: first file of each content */
  GHashTable *failed_hashes;  /* sha256 → reason: first files that failed (import thread) */
} ImportRun;

enum
{
  PROP_0,
  PROP_CATALOGUE,
  PROP_MODE,
  PROP_N_WORKERS,
  PROP_FILES_DONE,
  PROP_FILES_TOTAL,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_CURRENT_FILE,
  PROP_RATE,
  PROP_ETA,
  PROP_FRACTION,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SvImporter, sv_importer, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  if (job == NULL)
    return;
  if (job->copied_path)
    {
      /* Never committed: the copy must not stay behind. */
      g_unlink (job->copied_path);
      g_free (job->copied_path);
    }
  sv_candidate_free (job->candidate);
  sv_new_file_clear (&job->file);
  g_clear_error (&job->error);
  g_free (job);
}

void
sv_import_summary_free (SvImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->failures, g_ptr_array_unref);
  g_clear_pointer (&summary->new_item_ids, g_array_unref);
  g_clear_error (&summary->stopped_by);
  g_free (summary);
}

static SvImportSummary *
import_summary_new (void)
{
  SvImportSummary *summary = g_new0 (SvImportSummary, 1);

  summary->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_import_error_free);
  summary->new_item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return summary;
}

static void
summary_add_failure (SvImportSummary *summary, const char *path, const char *reason)
{
  SvImportError *failure = g_new0 (SvImportError, 1);

  failure->path = g_strdup (path);
  failure->reason = g_strdup (reason);
  g_ptr_array_add (summary->failures, failure);
  summary->failed++;
}

const char *
sv_import_mode_to_string (SvImportMode mode)
{
  switch (mode)
    {
      case SV_IMPORT_MODE_COPY:
        return "copy";
      case SV_IMPORT_MODE_REFERENCE:
        return "reference";
      case SV_IMPORT_MODE_DEFAULT:
      default:
        return "default";
    }
}

/* ---- progress ---------------------------------------------------------- */

static gboolean
notify_progress_cb (gpointer data)
{
  SvImporter *self = data;

  g_mutex_lock (&self->lock);
  self->progress_source = 0;
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_FILES_DONE; i <= PROP_RUNNING; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule_progress_locked (SvImporter *self, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  GSource *source;

  if (self->progress_source != 0)
    return;
  if (!force && now - self->last_progress_usec < PROGRESS_INTERVAL_USEC)
    return;
  self->last_progress_usec = now;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, notify_progress_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[souvenir] import progress");
  self->progress_source = g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
progress_reset (SvImporter *self, gboolean running)
{
  g_mutex_lock (&self->lock);
  self->running = running;
  if (running)
    {
      self->files_done = self->files_total = 0;
      self->bytes_done = self->bytes_total = 0;
      self->started_usec = g_get_monotonic_time ();
    }
  g_clear_pointer (&self->current_file, g_free);
  schedule_progress_locked (self, TRUE);
  g_mutex_unlock (&self->lock);
}

static void
progress_set_totals (SvImporter *self, guint files, guint64 bytes)
{
  g_mutex_lock (&self->lock);
  self->files_total = files;
  self->bytes_total = bytes;
  schedule_progress_locked (self, TRUE);
  g_mutex_unlock (&self->lock);
}

static void
progress_file_done (SvImporter *self, const SvCandidate *candidate)
{
  g_mutex_lock (&self->lock);
  self->files_done++;
  self->bytes_done += (guint64) MAX (candidate->size, 0);
  g_free (self->current_file);
  self->current_file = g_strdup (candidate->path);
  schedule_progress_locked (self, FALSE);
  g_mutex_unlock (&self->lock);
}

/* ---- the work on one file (worker threads) ----------------------------- */

static char *
reason_from_error (const GError *error)
{
  /* A message quoting a file name in another encoding must not reach the
   * catalogue or JSON output as invalid UTF-8. */
  return g_utf8_make_valid (error->message, -1);
}

static gboolean
is_stopping_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
         g_error_matches (error, SV_ERROR, SV_ERROR_DISK_FULL);
}

static gboolean
claim_hash (ImportRun *run, const char *sha256)
{
  gboolean first;

  g_mutex_lock (&run->claims_lock);
  first = !g_hash_table_contains (run->claimed_hashes, sha256);
  if (first)
    g_hash_table_add (run->claimed_hashes, g_strdup (sha256));
  g_mutex_unlock (&run->claims_lock);
  return first;
}

static void
process_job (Job *job, ImportRun *run)
{
  SvImporter *self = run->importer;
  SvCandidate *c = job->candidate;
  g_autoptr (GError) error = NULL;
  gint64 known_item = 0, known_size = 0, known_mtime = 0;
  g_autofree char *sha256 = NULL;
  goffset size = 0;

  if (g_cancellable_is_cancelled (run->cancellable))
    goto cancelled;

  /* Seen before, unchanged: nothing to read. */
  if (sv_catalogue_lookup_location (self->catalogue, c->path, &known_item, &known_size,
                                    &known_mtime) &&
      known_size == c->size && known_mtime == c->mtime_usec)
    {
      job->outcome = JOB_KNOWN_LOCATION;
      return;
    }

  sha256 = sv_sha256_file_hex (c->path, &size, run->cancellable, &error);
  if (sha256 == NULL)
    goto failed;
  c->size = size;
  if (size == 0)
    {
      /* Said of each empty file, not as a duplicate of the first one. */
      g_autofree char *base = g_path_get_basename (c->path);
      g_autofree char *display = g_filename_display_name (base);

      g_set_error (&error, SV_ERROR, SV_ERROR_CORRUPT, _ ("Cannot read “%s”: %s"), display,
                   _ ("The file is empty"));
      goto failed;
    }

  job->file.path = g_strdup (c->path);
  job->file.sha256 = g_strdup (sha256);
  job->file.size = size;
  job->file.mtime_usec = c->mtime_usec;

  if (!claim_hash (run, sha256))
    {
      job->outcome = JOB_DUP_BATCH;
      return;
    }
  if (sv_catalogue_lookup_hash (self->catalogue, sha256) != 0)
    {
      job->outcome = JOB_DUP_LIBRARY;
      return;
    }
  if (sv_catalogue_has_tombstone (self->catalogue, sha256))
    {
      job->outcome = JOB_TOMBSTONED;
      return;
    }
  if (known_item != 0)
    {
      /* The path is in the library with other bytes: the file was edited
       * in place. Its old item keeps its record until a check says more. */
      g_autofree char *display = g_filename_display_name (c->path);
      g_set_error (&error, SV_ERROR, SV_ERROR_DUPLICATE,
                   _ ("“%s” is already in the library but its content has changed since it was "
                      "imported; run a check of the library first"),
                   display);
      goto failed;
    }

  if (g_cancellable_set_error_if_cancelled (run->cancellable, &error))
    goto cancelled;

  /* Photos, RAW files (thumbnails from their embedded preview) and videos
   * (a poster frame). */
  if (!sv_media_reader_read_file (c->path, &job->file.info, run->cancellable, &error))
    goto failed;

  if (job->file.info.has_gps)
    {
      g_autoptr (GError) place_error = NULL;

      if (sv_places_lookup (sv_places_get_default (), job->file.info.latitude,
                            job->file.info.longitude, &job->file.place, &place_error))
        job->file.has_place = job->file.place.country_code != NULL;
      else
        g_debug ("No place for %s: %s", c->path, place_error->message);
    }

  if (g_cancellable_set_error_if_cancelled (run->cancellable, &error))
    goto cancelled;

  if (!sv_thumbnailer_generate (self->thumbnailer, c->path, sha256, job->file.info.orientation,
                                job->file.info.decoder_applies_orientation, run->pixel_limit,
                                run->cancellable, &error))
    goto failed;
  job->has_phash = sv_duplicates_hash_thumbnail (self->thumbnailer, sha256, &job->phash);

  if (run->mode == SV_IMPORT_MODE_COPY)
    {
      /* "YYYY/YYYY-MM-DD Event name" once the event is known (from the
       * source folder's name or an event the photo falls in). */
      g_autofree char *parent = g_path_get_dirname (c->path);
      g_autofree char *hint = g_path_get_basename (parent);
      g_autofree char *folder =
          sv_events_managed_folder_for (self->catalogue, job->file.info.taken_local, hint);

      job->copied_path = sv_import_copy_into_library (c->path, run->managed_root, folder,
                                                      job->file.info.taken_local, c->mtime_usec,
                                                      run->cancellable, &error);
      if (job->copied_path == NULL)
        goto failed;
      g_free (job->file.path);
      job->file.path = g_strdup (job->copied_path);
      job->file.managed = TRUE;
    }

  job->outcome = JOB_NEW;
  return;

failed:
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto cancelled;
  job->outcome = JOB_FAILED;
  job->error = g_steal_pointer (&error);
  return;

cancelled:
  job->outcome = JOB_CANCELLED;
}

static void
worker_func (gpointer data, gpointer user_data)
{
  Job *job = data;
  ImportRun *run = user_data;

  process_job (job, run);
  g_async_queue_push (run->done, job);
}

/* ---- the import thread --------------------------------------------------- */

typedef struct
{
  GPtrArray *jobs;       /* Job*, the pending batch */
  GPtrArray *later_dups; /* Job*, batch duplicates written after everything else */
  gint64 opened_usec;
} Batch;

/* Places the batch's new items in events. Events are a convenience: a
 * failure is logged and never fails the import. */
static void
update_events (SvImporter *self, const gint64 *ids, const gboolean *is_new, guint n)
{
  g_autoptr (GArray) fresh = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n; i++)
    if (is_new[i])
      g_array_append_val (fresh, ids[i]);
  if (fresh->len == 0)
    return;
  if (!sv_events_update_for_items (self->catalogue, (const gint64 *) (gpointer) fresh->data,
                                   fresh->len, &error))
    g_warning ("Could not place %u new items in events: %s", fresh->len, error->message);
}

/* Near-duplicate detection needs the new items' perceptual hashes. A
 * failure is logged: `souvenir-cli duplicates` computes missing ones. */
static void
store_phashes (SvImporter *self, GPtrArray *jobs, const gint64 *ids, const gboolean *is_new)
{
  g_autoptr (GArray) hashed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (is_new[i] && job->has_phash)
        {
          g_array_append_val (hashed, ids[i]);
          g_array_append_val (hashes, job->phash);
        }
    }
  if (!sv_duplicates_store_phashes (self->catalogue, (const gint64 *) (gpointer) hashed->data,
                                    (const guint64 *) (gpointer) hashes->data, hashed->len, &error))
    g_warning ("Could not store %u perceptual hashes: %s", hashed->len, error->message);
}

static gboolean
commit_jobs (SvImporter *self,
             gint64 import_id,
             GPtrArray *jobs,
             SvImportSummary *summary,
             GError **error)
{
  g_autofree SvNewFile **files = NULL;
  g_autofree gint64 *ids = NULL;
  g_autofree gboolean *is_new = NULL;
  g_autofree gint64 *paired_into = NULL;
  g_autoptr (GArray) merged_away = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) pair_error = NULL;
  guint n = jobs->len;

  if (n == 0)
    return TRUE;

  files = g_new0 (SvNewFile *, n);
  ids = g_new0 (gint64, n);
  is_new = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    files[i] = &((Job *) g_ptr_array_index (jobs, i))->file;

  if (!sv_catalogue_add_files (self->catalogue, import_id, (SvNewFile *const *) files, n, ids,
                               is_new, error))
    return FALSE;
  /* A RAW file next to its JPEG joins the JPEG's item; a convenience that
   * never fails the batch. */
  paired_into = g_new0 (gint64, n);
  if (!sv_catalogue_pair_raw_files (self->catalogue, import_id, ids, n, paired_into, merged_away,
                                    &pair_error))
    g_warning ("Could not pair RAW and JPEG files: %s", pair_error->message);
  /* A RAW item of an earlier batch merged away is no new item any more. */
  for (guint i = 0; i < merged_away->len; i++)
    for (guint j = summary->new_item_ids->len; j-- > 0;)
      if (g_array_index (summary->new_item_ids, gint64, j) ==
          g_array_index (merged_away, gint64, i))
        g_array_remove_index (summary->new_item_ids, j);
  for (guint i = 0; i < n; i++)
    if (paired_into[i] != 0)
      {
        ids[i] = paired_into[i];
        is_new[i] = FALSE;
      }
  update_events (self, ids, is_new, n);
  store_phashes (self, jobs, ids, is_new);

  for (guint i = 0; i < n; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      /* Committed: the managed copy belongs to the library now. */
      g_clear_pointer (&job->copied_path, g_free);
      if (job->outcome == JOB_NEW && (is_new[i] || paired_into[i] != 0))
        {
          summary->imported++;
          summary->bytes += (guint64) job->file.size;
          if (is_new[i])
            g_array_append_val (summary->new_item_ids, ids[i]);
        }
      else
        summary->duplicates++;
    }
  return TRUE;
}

/* Writes the pending batch; its jobs are freed either way (a copy that was
 * not committed is removed with its job). */
static gboolean
flush_batch (SvImporter *self,
             gint64 import_id,
             Batch *batch,
             SvImportSummary *summary,
             GError **error)
{
  gboolean ok = commit_jobs (self, import_id, batch->jobs, summary, error);

  /* The disk is full (the catalogue shares it with the copies): the copies
   * waiting in this batch may take the room the catalogue needs to record
   * them. Give up the second half of the batch (its copies are removed with
   * their jobs, the originals are untouched) and record the first half,
   * down to a single file. */
  while (!ok && batch->jobs->len > 1 && error != NULL && *error != NULL &&
         is_stopping_error (*error))
    {
      g_ptr_array_set_size (batch->jobs, batch->jobs->len / 2);
      g_clear_error (error);
      ok = commit_jobs (self, import_id, batch->jobs, summary, error);
    }
  g_ptr_array_set_size (batch->jobs, 0);
  batch->opened_usec = 0;
  return ok;
}

static void
record_failure (SvImporter *self,
                gint64 import_id,
                SvImportSummary *summary,
                const char *path,
                const char *reason)
{
  g_autoptr (GError) error = NULL;

  summary_add_failure (summary, path, reason);
  if (!sv_catalogue_add_import_error (self->catalogue, import_id, path, reason, &error))
    g_warning ("Could not record the import error for %s: %s", path, error->message);
}

/* Takes a finished job; returns FALSE when the import must stop. */
static gboolean
handle_done_job (SvImporter *self,
                 ImportRun *run,
                 gint64 import_id,
                 Batch *batch,
                 Job *job,
                 SvImportSummary *summary,
                 GError **error)
{
  progress_file_done (self, job->candidate);

  switch (job->outcome)
    {
      case JOB_NEW:
      case JOB_DUP_LIBRARY:
        if (job->outcome == JOB_DUP_LIBRARY && run->mode == SV_IMPORT_MODE_COPY)
          {
            /* A copy import does not record where the duplicate came from. */
            summary->duplicates++;
            job_free (job);
            break;
          }
        if (batch->jobs->len == 0)
          batch->opened_usec = g_get_monotonic_time ();
        g_ptr_array_add (batch->jobs, job);
        break;

      case JOB_DUP_BATCH:
        /* Settled once its first copy is written or has failed. */
        g_ptr_array_add (batch->later_dups, job);
        break;

      case JOB_KNOWN_LOCATION:
        summary->duplicates++;
        job_free (job);
        break;

      case JOB_TOMBSTONED:
        summary->previously_deleted++;
        job_free (job);
        break;

      case JOB_FAILED:
        {
          gboolean stop = is_stopping_error (job->error);
          g_autofree char *reason = reason_from_error (job->error);

          record_failure (self, import_id, summary, job->candidate->path, reason);
          if (job->file.sha256 != NULL) /* hashed: the first file with these bytes */
            g_hash_table_replace (run->failed_hashes, g_strdup (job->file.sha256),
                                  g_steal_pointer (&reason));
          if (stop && summary->stopped_by == NULL)
            {
              summary->stopped_by = g_error_copy (job->error);
              g_cancellable_cancel (run->cancellable);
            }
          job_free (job);
        }
        break;

      case JOB_CANCELLED:
      default:
        job_free (job);
        break;
    }

  if (batch->jobs->len >= BATCH_MAX_FILES ||
      (batch->jobs->len > 0 && g_get_monotonic_time () - batch->opened_usec > BATCH_MAX_USEC))
    return flush_batch (self, import_id, batch, summary, error);
  return TRUE;
}

/* Files whose bytes came earlier in this import share that first file's
 * fate: when it failed, they fail too (else an item would be made from
 * bytes nobody could read, without metadata or thumbnail); when it was never
 * written (cancelled, stopped), they are dropped; a copy import does not
 * record where duplicates came from. The rest stay in @dups, to be
 * recorded as more locations of their item. */
static void
settle_batch_dups (SvImporter *self,
                   ImportRun *run,
                   gint64 import_id,
                   GPtrArray *dups,
                   SvImportSummary *summary)
{
  for (guint i = 0; i < dups->len;)
    {
      Job *job = g_ptr_array_index (dups, i);
      const char *first_reason = g_hash_table_lookup (run->failed_hashes, job->file.sha256);

      if (first_reason != NULL)
        {
          g_autofree char *reason = g_strdup_printf (
              _ ("Same contents as another file that could not be imported: %s"), first_reason);

          record_failure (self, import_id, summary, job->candidate->path, reason);
          g_ptr_array_remove_index_fast (dups, i);
        }
      else if (run->mode == SV_IMPORT_MODE_COPY ||
               sv_catalogue_lookup_hash (self->catalogue, job->file.sha256) == 0)
        {
          if (sv_catalogue_lookup_hash (self->catalogue, job->file.sha256) != 0)
            summary->duplicates++; /* copy mode */
          else if (sv_catalogue_has_tombstone (self->catalogue, job->file.sha256))
            summary->previously_deleted++;
          g_ptr_array_remove_index_fast (dups, i);
        }
      else
        i++;
    }
}

static void
on_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static SvImportSummary *
run_import (SvImporter *self, GListModel *inputs, GCancellable *cancellable, GError **error)
{
  g_autoptr (SvImportSummary) summary = import_summary_new ();
  g_autoptr (GPtrArray) candidates = NULL;
  g_autoptr (GCancellable) own_cancellable = g_cancellable_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *mode_setting = NULL;
  g_autofree char *pixel_setting = NULL;
  GThreadPool *pool;
  ImportRun run = { 0 };
  Batch batch = { 0 };
  SvImportCounts counts = { 0 };
  gulong cancel_handler = 0;
  guint64 total_bytes = 0;
  guint ignored = 0;
  guint pushed = 0, finished = 0;
  gint64 import_id;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = TRUE;

  run.importer = self;
  run.mode = self->mode;
  if (run.mode == SV_IMPORT_MODE_DEFAULT)
    {
      mode_setting = sv_catalogue_get_setting (self->catalogue, "import-mode");
      run.mode =
          g_strcmp0 (mode_setting, "copy") == 0 ? SV_IMPORT_MODE_COPY : SV_IMPORT_MODE_REFERENCE;
    }
  summary->mode = run.mode;
  pixel_setting = sv_catalogue_get_setting (self->catalogue, "pixel-limit");
  run.pixel_limit = pixel_setting ? g_ascii_strtoull (pixel_setting, NULL, 10) : 0;
  if (run.pixel_limit == 0)
    run.pixel_limit = DEFAULT_PIXEL_LIMIT;
  if (run.mode == SV_IMPORT_MODE_COPY)
    {
      run.managed_root = sv_catalogue_get_setting (self->catalogue, "managed-root");
      if (run.managed_root == NULL || *run.managed_root == '\0')
        {
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("The library has no folder to copy photos into"));
          g_free (run.managed_root);
          return NULL;
        }
    }

  import_id =
      sv_catalogue_begin_import (self->catalogue, sv_import_mode_to_string (run.mode), error);
  if (import_id <= 0)
    {
      g_free (run.managed_root);
      return NULL;
    }
  summary->import_id = import_id;
  progress_reset (self, TRUE);

  if (cancellable)
    cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb),
                                            g_object_ref (own_cancellable), g_object_unref);
  run.cancellable = own_cancellable;

  /* 1. Walk the inputs. */
  candidates = sv_import_walk (inputs, own_cancellable, &ignored, summary->failures);
  summary->ignored = ignored;
  summary->failed = summary->failures->len;
  for (guint i = 0; i < summary->failures->len; i++)
    {
      SvImportError *f = g_ptr_array_index (summary->failures, i);
      if (!sv_catalogue_add_import_error (self->catalogue, import_id, f->path, f->reason,
                                          &local_error))
        {
          g_warning ("Could not record an import error: %s", local_error->message);
          g_clear_error (&local_error);
        }
    }
  for (guint i = 0; i < candidates->len; i++)
    total_bytes += (guint64) MAX (((SvCandidate *) g_ptr_array_index (candidates, i))->size, 0);
  summary->files_seen = candidates->len;
  progress_set_totals (self, candidates->len, total_bytes);

  /* 2. Work through them with a bounded number of files in flight. */
  run.done = g_async_queue_new ();
  run.claimed_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.failed_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&run.claims_lock);
  batch.jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  batch.later_dups = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);

  pool = g_thread_pool_new (worker_func, &run, (int) self->n_workers, FALSE, NULL);
  {
    const guint max_in_flight = self->n_workers * 4;
    guint next = 0;

    while (finished < candidates->len)
      {
        Job *job;

        while (next < candidates->len && pushed - finished < max_in_flight)
          {
            job = g_new0 (Job, 1);
            job->candidate = g_steal_pointer (&g_ptr_array_index (candidates, next));
            sv_new_file_init (&job->file);
            next++;
            pushed++;
            if (!g_thread_pool_push (pool, job, &local_error))
              g_error ("Cannot start import workers: %s", local_error->message);
          }
        if (pushed == finished)
          break;

        job = g_async_queue_timeout_pop (run.done, BATCH_MAX_USEC);
        if (job == NULL)
          {
            if (batch.jobs->len > 0 && ok)
              ok = flush_batch (self, import_id, &batch, summary, &local_error);
            if (!ok)
              g_cancellable_cancel (own_cancellable);
            continue;
          }
        finished++;
        if (!ok)
          {
            job_free (job);
            continue;
          }
        ok = handle_done_job (self, &run, import_id, &batch, job, summary, &local_error);
        if (!ok)
          g_cancellable_cancel (own_cancellable);
        if (g_cancellable_is_cancelled (own_cancellable))
          next = candidates->len; /* feed no more; what is in flight ends quickly */
      }
  }
  g_thread_pool_free (pool, FALSE, TRUE);

  /* 3. What is left: the last batch, then duplicates found inside this import. */
  if (ok)
    ok = flush_batch (self, import_id, &batch, summary, &local_error);
  settle_batch_dups (self, &run, import_id, batch.later_dups, summary);
  if (ok)
    ok = commit_jobs (self, import_id, batch.later_dups, summary, &local_error);
  else
    summary->duplicates += batch.later_dups->len; /* still duplicates, just not recorded */
  g_ptr_array_unref (batch.jobs);
  g_ptr_array_unref (batch.later_dups);

  if (cancel_handler)
    g_cancellable_disconnect (cancellable, cancel_handler);
  summary->cancelled = cancellable != NULL && g_cancellable_is_cancelled (cancellable);
  summary->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;

  if (!ok && summary->stopped_by == NULL)
    summary->stopped_by = g_error_copy (local_error);
  else if (!ok)
    g_warning ("The last files of the import could not be recorded: %s", local_error->message);

  counts.files_seen = summary->files_seen;
  counts.imported = summary->imported;
  counts.duplicates = summary->duplicates;
  counts.failed = summary->failed;
  counts.bytes = summary->bytes;
  counts.cancelled = summary->cancelled || summary->stopped_by != NULL;
  if (!sv_catalogue_finish_import (self->catalogue, import_id, &counts, &local_error))
    g_warning ("Could not close import %" G_GINT64_FORMAT ": %s", import_id,
               local_error ? local_error->message : "?");

  g_hash_table_unref (run.claimed_hashes);
  g_hash_table_unref (run.failed_hashes);
  g_mutex_clear (&run.claims_lock);
  g_async_queue_unref (run.done);
  g_free (run.managed_root);
  progress_reset (self, FALSE);

  return g_steal_pointer (&summary);
}

static void
import_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SvImporter *self = source_object;
  GListModel *inputs = task_data;
  GError *error = NULL;
  SvImportSummary *summary;

  summary = run_import (self, inputs, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) sv_import_summary_free);
}

/* ---- GObject ------------------------------------------------------------- */

static void
sv_importer_dispose (GObject *object)
{
  SvImporter *self = SV_IMPORTER (object);

  g_clear_object (&self->catalogue);
  g_clear_object (&self->thumbnailer);
  G_OBJECT_CLASS (sv_importer_parent_class)->dispose (object);
}

static void
sv_importer_finalize (GObject *object)
{
  SvImporter *self = SV_IMPORTER (object);

  g_clear_pointer (&self->current_file, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sv_importer_parent_class)->finalize (object);
}

static void
sv_importer_constructed (GObject *object)
{
  SvImporter *self = SV_IMPORTER (object);
  g_autofree char *cache_dir = NULL;

  G_OBJECT_CLASS (sv_importer_parent_class)->constructed (object);

  g_assert (self->catalogue != NULL);
  cache_dir = sv_catalogue_get_cache_dir (self->catalogue);
  self->thumbnailer = sv_thumbnailer_new (cache_dir);
}

static void
sv_importer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvImporter *self = SV_IMPORTER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        g_value_set_object (value, self->catalogue);
        break;
      case PROP_MODE:
        g_value_set_int (value, self->mode);
        break;
      case PROP_N_WORKERS:
        g_value_set_uint (value, self->n_workers);
        break;
      case PROP_FILES_DONE:
        g_value_set_uint (value, sv_importer_get_files_done (self));
        break;
      case PROP_FILES_TOTAL:
        g_value_set_uint (value, sv_importer_get_files_total (self));
        break;
      case PROP_BYTES_DONE:
        g_value_set_uint64 (value, sv_importer_get_bytes_done (self));
        break;
      case PROP_BYTES_TOTAL:
        g_value_set_uint64 (value, sv_importer_get_bytes_total (self));
        break;
      case PROP_CURRENT_FILE:
        g_value_take_string (value, sv_importer_dup_current_file (self));
        break;
      case PROP_RATE:
        g_value_set_double (value, sv_importer_get_rate (self));
        break;
      case PROP_ETA:
        g_value_set_double (value, sv_importer_get_eta (self));
        break;
      case PROP_FRACTION:
        g_value_set_double (value, sv_importer_get_fraction (self));
        break;
      case PROP_RUNNING:
        g_value_set_boolean (value, sv_importer_get_running (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_importer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvImporter *self = SV_IMPORTER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        self->catalogue = g_value_dup_object (value);
        break;
      case PROP_MODE:
        sv_importer_set_mode (self, (SvImportMode) g_value_get_int (value));
        break;
      case PROP_N_WORKERS:
        sv_importer_set_n_workers (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_importer_class_init (SvImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = sv_importer_constructed;
  object_class->dispose = sv_importer_dispose;
  object_class->finalize = sv_importer_finalize;
  object_class->get_property = sv_importer_get_property;
  object_class->set_property = sv_importer_set_property;

  properties[PROP_CATALOGUE] =
      g_param_spec_object ("catalogue", NULL, NULL, SV_TYPE_CATALOGUE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] = g_param_spec_int (
      "mode", NULL, NULL, SV_IMPORT_MODE_DEFAULT, SV_IMPORT_MODE_REFERENCE, SV_IMPORT_MODE_DEFAULT,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_WORKERS] =
      g_param_spec_uint ("n-workers", NULL, NULL, 0, 64, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILES_DONE] = g_param_spec_uint ("files-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FILES_TOTAL] = g_param_spec_uint ("files-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_BYTES_DONE] =
      g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_TOTAL] =
      g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_CURRENT_FILE] = g_param_spec_string ("current-file", NULL, NULL, NULL, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_ETA] = g_param_spec_double ("eta", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_importer_init (SvImporter *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->n_workers = g_get_num_processors ();
}

/* ---- public API ---------------------------------------------------------- */

SvImporter *
sv_importer_new (SvCatalogue *catalogue)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  return g_object_new (SV_TYPE_IMPORTER, "catalogue", catalogue, NULL);
}

SvCatalogue *
sv_importer_get_catalogue (SvImporter *self)
{
  g_return_val_if_fail (SV_IS_IMPORTER (self), NULL);
  return self->catalogue;
}

void
sv_importer_set_mode (SvImporter *self, SvImportMode mode)
{
  g_return_if_fail (SV_IS_IMPORTER (self));
  g_return_if_fail (mode <= SV_IMPORT_MODE_REFERENCE);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

SvImportMode
sv_importer_get_mode (SvImporter *self)
{
  g_return_val_if_fail (SV_IS_IMPORTER (self), SV_IMPORT_MODE_DEFAULT);
  return self->mode;
}

void
sv_importer_set_n_workers (SvImporter *self, guint n_workers)
{
  g_return_if_fail (SV_IS_IMPORTER (self));

  if (n_workers == 0)
    n_workers = g_get_num_processors ();
  if (self->n_workers == n_workers)
    return;
  self->n_workers = n_workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORKERS]);
}

guint
sv_importer_get_n_workers (SvImporter *self)
{
  g_return_val_if_fail (SV_IS_IMPORTER (self), 0);
  return self->n_workers;
}

#define LOCKED_GETTER(type, name, expr)                                                            \
  type sv_importer_get_##name (SvImporter *self)                                                   \
  {                                                                                                \
    type v;                                                                                        \
    g_return_val_if_fail (SV_IS_IMPORTER (self), 0);                                               \
    g_mutex_lock (&self->lock);                                                                    \
    v = (expr);                                                                                    \
    g_mutex_unlock (&self->lock);                                                                  \
    return v;                                                                                      \
  }

LOCKED_GETTER (guint, files_done, self->files_done)
LOCKED_GETTER (guint, files_total, self->files_total)
LOCKED_GETTER (guint64, bytes_done, self->bytes_done)
LOCKED_GETTER (guint64, bytes_total, self->bytes_total)
LOCKED_GETTER (gboolean, running, self->running)

char *
sv_importer_dup_current_file (SvImporter *self)
{
  char *v;

  g_return_val_if_fail (SV_IS_IMPORTER (self), NULL);
  g_mutex_lock (&self->lock);
  v = g_strdup (self->current_file);
  g_mutex_unlock (&self->lock);
  return v;
}

static double
elapsed_seconds_locked (SvImporter *self)
{
  if (!self->running || self->started_usec == 0)
    return 0;
  return (double) (g_get_monotonic_time () - self->started_usec) / G_USEC_PER_SEC;
}

double
sv_importer_get_rate (SvImporter *self)
{
  double elapsed, v = 0;

  g_return_val_if_fail (SV_IS_IMPORTER (self), 0);
  g_mutex_lock (&self->lock);
  elapsed = elapsed_seconds_locked (self);
  if (elapsed > 0.05)
    v = self->files_done / elapsed;
  g_mutex_unlock (&self->lock);
  return v;
}

double
sv_importer_get_eta (SvImporter *self)
{
  double elapsed, v = -1;

  g_return_val_if_fail (SV_IS_IMPORTER (self), -1);
  g_mutex_lock (&self->lock);
  elapsed = elapsed_seconds_locked (self);
  /* By bytes: a folder of large and small files evens out that way. */
  if (elapsed > 0.5 && self->bytes_done > 0 && self->bytes_total >= self->bytes_done)
    v = elapsed * (double) (self->bytes_total - self->bytes_done) / (double) self->bytes_done;
  g_mutex_unlock (&self->lock);
  return v;
}

double
sv_importer_get_fraction (SvImporter *self)
{
  double v = 0;

  g_return_val_if_fail (SV_IS_IMPORTER (self), 0);
  g_mutex_lock (&self->lock);
  if (self->bytes_total > 0)
    v = (double) self->bytes_done / (double) self->bytes_total;
  else if (self->files_total > 0)
    v = (double) self->files_done / self->files_total;
  g_mutex_unlock (&self->lock);
  return CLAMP (v, 0, 1);
}

void
sv_importer_import_async (SvImporter *self,
                          GListModel *inputs,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SV_IS_IMPORTER (self));
  g_return_if_fail (G_IS_LIST_MODEL (inputs));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_importer_import_async);
  g_task_set_task_data (task, g_object_ref (inputs), g_object_unref);
  /* Cancellation keeps what is done: the summary says so, the task does
   * not fail. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, import_thread);
}

SvImportSummary *
sv_importer_import_finish (SvImporter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SV_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sv_importer_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SvImportSummary *
sv_importer_import (SvImporter *self, GListModel *inputs, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SV_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (inputs), NULL);

  return run_import (self, inputs, cancellable, error);
}
