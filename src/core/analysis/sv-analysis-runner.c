/* sv-analysis-runner.c: runs face and scene analysis in helper processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-analysis"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-analysis-models.h"
#include "sv-analysis-runner.h"
#include "sv-catalogue-faces.h"
#include "sv-error.h"
#include "sv-json.h"

/* A reply is at most 64 faces of about 1 KiB each plus labels. */
#define MAX_REPLY_BYTES (1024 * 1024)
#define MAX_FACES 64
#define MAX_LABELS 32
#define STARTUP_TIMEOUT_SECONDS 120

typedef struct _Helper Helper;

struct _SvAnalysisRunner
{
  GObject parent_instance;

  SvCatalogue *catalogue;
  guint max_helpers; /* 0: setting */
  guint timeout_seconds;

  GQueue queue;       /* SvAnalysisTask */
  GPtrArray *helpers; /* Helper */
  char *helper_path;
  char *models_dir;
  gboolean faces_enabled;
  gboolean labels_enabled;
  char *pixel_limit;

  guint done, total, failed;
  GPtrArray *store_jobs; /* StoreJob (unowned): results being written, in threads */
  gboolean running, paused, cancelled;
  char *error;
  /* Set while sv_analysis_runner_start_in_background() lists the photos in
   * a worker thread (running is TRUE, the queue still empty). */
  GCancellable *listing;
};

struct _Helper
{
  SvAnalysisRunner *runner; /* not a ref: the runner outlives its helpers */
  GSubprocess *proc;
  GDataInputStream *out;
  GOutputStream *in;
  GCancellable *cancellable;
  SvAnalysisTask *current;
  guint timeout_id;
  gboolean ready;
  gboolean timed_out;
  gboolean stopping;
  gboolean storing; /* its last result is being stored: fed once it is */
};

G_DEFINE_FINAL_TYPE (SvAnalysisRunner, sv_analysis_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CATALOGUE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_FAILED,
  PROP_FRACTION,
  PROP_RUNNING,
  PROP_PAUSED,
  PROP_CANCELLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  FINISHED,
  ITEM_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
helper_read_next (Helper *h);
static void
pump (SvAnalysisRunner *self);
static gboolean
prepare_start (SvAnalysisRunner *self, GError **error);
static void
begin_run (SvAnalysisRunner *self, GPtrArray *tasks);

/* ---- helpers ---- */

static void
notify_progress (SvAnalysisRunner *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_running (SvAnalysisRunner *self, gboolean running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
forget_helper (SvAnalysisRunner *self, Helper *h);

static void
helper_free (Helper *h)
{
  forget_helper (h->runner, h);
  g_clear_handle_id (&h->timeout_id, g_source_remove);
  if (h->cancellable)
    g_cancellable_cancel (h->cancellable);
  if (h->proc)
    g_subprocess_force_exit (h->proc);
  g_clear_object (&h->cancellable);
  g_clear_object (&h->out);
  g_clear_object (&h->in);
  g_clear_object (&h->proc);
  g_clear_pointer (&h->current, sv_analysis_task_free);
  g_free (h);
}

static void
maybe_finish (SvAnalysisRunner *self)
{
  if (!self->running || self->helpers->len > 0 || self->store_jobs->len > 0)
    return;
  if (self->listing != NULL && !self->cancelled)
    return;
  if (!g_queue_is_empty (&self->queue) && !self->cancelled && self->error == NULL)
    return;
  g_queue_clear_full (&self->queue, (GDestroyNotify) sv_analysis_task_free);
  set_running (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
item_finished (SvAnalysisRunner *self, gint64 item_id, gboolean ok)
{
  self->done++;
  if (!ok)
    {
      self->failed++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
    }
  notify_progress (self);
  g_signal_emit (self, signals[ITEM_DONE], 0, item_id, ok);
}

/* One photo's result (or failure), written to the catalogue in a worker
 * thread: the catalogue may be busy (an import batch holds it), and the main
 * loop must not wait for it. */
typedef struct
{
  SvCatalogue *catalogue;
  Helper *helper; /* not a ref: cleared by helper_free () */
  SvAnalysisTask *task;
  char *reason; /* a failure to record, or NULL */
  gboolean faces_enabled, labels_enabled;
  SvNewFace *faces;
  guint n_faces;
  SvItemLabel labels[MAX_LABELS];
  guint n_labels;
  gboolean ok; /* the worker's answer */
} StoreJob;

/* @h is going: results it is waiting for no longer feed it. */
static void
forget_helper (SvAnalysisRunner *self, Helper *h)
{
  for (guint i = 0; i < self->store_jobs->len; i++)
    {
      StoreJob *job = g_ptr_array_index (self->store_jobs, i);

      if (job->helper == h)
        job->helper = NULL;
    }
}

static void
store_job_free (StoreJob *job)
{
  g_clear_object (&job->catalogue);
  g_clear_pointer (&job->task, sv_analysis_task_free);
  g_free (job->reason);
  g_free (job->faces);
  for (guint i = 0; i < job->n_labels; i++)
    {
      g_free (job->labels[i].id);
      g_free (job->labels[i].name_en);
      g_free (job->labels[i].name_fr);
    }
  g_free (job);
}

static StoreJob *
store_job_new (SvAnalysisRunner *self, SvAnalysisTask *task)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->catalogue = g_object_ref (self->catalogue);
  job->task = task;
  job->faces_enabled = self->faces_enabled;
  job->labels_enabled = self->labels_enabled;
  return job;
}

static void
record_failure (StoreJob *job, const char *reason)
{
  g_autoptr (GError) error = NULL;

  if (!sv_catalogue_mark_analysis_failed (job->catalogue, job->task->item_id, job->task->hash,
                                          SV_ANALYSIS_VERSION, reason, &error))
    g_warning ("Could not record the failed analysis of item %" G_GINT64_FORMAT ": %s",
               job->task->item_id, error->message);
  job->ok = FALSE;
}

static void
store_worker (GTask *gtask, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StoreJob *job = task_data;
  g_autoptr (GError) error = NULL;

  if (job->reason != NULL)
    record_failure (job, job->reason);
  else if (sv_catalogue_store_analysis_full (job->catalogue, job->task->item_id, job->task->hash,
                                             SV_ANALYSIS_VERSION, job->faces_enabled, job->faces,
                                             job->n_faces, job->labels_enabled, job->labels,
                                             job->n_labels, &error))
    job->ok = TRUE;
  /* Deleted meanwhile: nothing to record. */
  else if (g_error_matches (error, SV_ERROR, SV_ERROR_NOT_FOUND))
    job->ok = TRUE;
  else
    record_failure (job, error->message);
  g_task_return_boolean (gtask, TRUE);
}

static void
on_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (source);
  StoreJob *job = g_task_get_task_data (G_TASK (result));

  g_ptr_array_remove_fast (self->store_jobs, job);
  /* The helper that answered gets its next photo now (if it is still
   * there): a pause asked for on ::item-done holds before it. */
  if (job->helper != NULL)
    job->helper->storing = FALSE;
  item_finished (self, job->task->item_id, job->ok);
  pump (self);
  maybe_finish (self);
}

/* @h: the helper whose answer this is, held until it is stored, or NULL. */
static void
store_async (SvAnalysisRunner *self, StoreJob *job, Helper *h)
{
  g_autoptr (GTask) gtask = g_task_new (self, NULL, on_stored_cb, NULL);

  if (h != NULL)
    {
      job->helper = h;
      h->storing = TRUE;
    }
  g_ptr_array_add (self->store_jobs, job);
  g_task_set_source_tag (gtask, store_async);
  g_task_set_task_data (gtask, job, (GDestroyNotify) store_job_free);
  g_task_run_in_thread (gtask, store_worker);
}

/* Takes @task; @h as for store_async (). */
static void
mark_failed (SvAnalysisRunner *self, Helper *h, SvAnalysisTask *task, const char *reason)
{
  StoreJob *job = store_job_new (self, task);

  job->reason = g_strdup (reason);
  store_async (self, job, h);
}

/* Removes @h from the runner (and frees it). */
static void
helper_drop (Helper *h)
{
  SvAnalysisRunner *self = h->runner;

  g_ptr_array_remove (self->helpers, h);
}

static gboolean
read_floats_array (JsonArray *a, float *out, guint n)
{
  if (a == NULL || json_array_get_length (a) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      double v;

      if (!JSON_NODE_HOLDS_VALUE (node))
        return FALSE;
      v = json_node_get_double (node);
      if (!(v >= -1.0 && v <= 2.0))
        return FALSE;
      out[i] = (float) v;
    }
  return TRUE;
}

static gboolean
parse_face (JsonObject *o, gint64 width, SvNewFace *f)
{
  JsonNode *box = json_object_get_member (o, "box");
  JsonNode *marks = json_object_get_member (o, "landmarks");
  const char *desc = sv_json_object_get_string (o, "descriptor");
  g_autofree guchar *bytes = NULL;
  gsize len = 0;

  if (box == NULL || !JSON_NODE_HOLDS_ARRAY (box) || marks == NULL ||
      !JSON_NODE_HOLDS_ARRAY (marks) || desc == NULL ||
      strlen (desc) > 4 * SV_FACE_DESCRIPTOR_LEN * 2)
    return FALSE;
  if (!read_floats_array (json_node_get_array (box), f->box, 4) ||
      !read_floats_array (json_node_get_array (marks), f->landmarks, 10))
    return FALSE;
  bytes = g_base64_decode (desc, &len);
  if (len != 4 * SV_FACE_DESCRIPTOR_LEN)
    return FALSE;
  for (guint i = 0; i < SV_FACE_DESCRIPTOR_LEN; i++)
    {
      guint32 bits;

      memcpy (&bits, bytes + 4 * i, 4);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&f->descriptor[i], &bits, 4);
    }
  f->score = (float) json_object_get_double_member_with_default (o, "score", 0.0);
  f->size_px = (int) CLAMP (f->box[2] * (double) width, 0.0, 100000.0);
  return TRUE;
}

/* Stores one reply for h->current (in a worker thread). */
static void
handle_reply (Helper *h, JsonObject *reply)
{
  SvAnalysisRunner *self = h->runner;
  SvAnalysisTask *task = g_steal_pointer (&h->current);
  StoreJob *job;
  const char *message;
  JsonNode *node;
  gint64 width = 0;

  message = sv_json_object_get_string (reply, "error");
  if (message != NULL)
    {
      const char *code = sv_json_object_get_string (reply, "code");
      g_autofree char *display = g_filename_display_basename (task->path);
      g_autofree char *reason = NULL;

      if (g_strcmp0 (code, "too-large") == 0)
        reason = g_strdup_printf (_ ("“%s” has more pixels than the library allows (%s)."), display,
                                  message);
      else if (g_strcmp0 (code, "decode") == 0)
        reason = g_strdup_printf (_ ("“%s” could not be read as an image (%s)."), display, message);
      else
        reason = g_strdup_printf (_ ("“%s” could not be analysed (%s)."), display, message);
      mark_failed (self, h, task, reason);
      return;
    }

  job = store_job_new (self, task);
  sv_json_object_get_int (reply, "width", &width);
  node = json_object_get_member (reply, "faces");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      guint n = MIN (json_array_get_length (a), MAX_FACES);

      job->faces = g_new0 (SvNewFace, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (JSON_NODE_HOLDS_OBJECT (e) &&
              parse_face (json_node_get_object (e), width, &job->faces[job->n_faces]))
            job->n_faces++;
        }
    }
  node = json_object_get_member (reply, "labels");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      guint n = MIN (json_array_get_length (a), MAX_LABELS);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          JsonObject *o;
          const char *id, *name_en, *name_fr;
          SvItemLabel *label = &job->labels[job->n_labels];

          if (!JSON_NODE_HOLDS_OBJECT (e))
            continue;
          o = json_node_get_object (e);
          id = sv_json_object_get_string (o, "id");
          name_en = sv_json_object_get_string (o, "en");
          name_fr = sv_json_object_get_string (o, "fr");
          if (id == NULL || !g_utf8_validate (id, -1, NULL) ||
              (name_fr != NULL && !g_utf8_validate (name_fr, -1, NULL)))
            continue;
          label->id = g_strdup (id);
          label->name_en = g_strdup (name_en);
          label->name_fr = g_strdup (name_fr);
          label->score = json_object_get_double_member_with_default (o, "score", 0.0);
          job->n_labels++;
        }
    }
  store_async (self, job, h);
}

static gboolean
on_timeout_cb (gpointer data)
{
  Helper *h = data;

  h->timeout_id = 0;
  h->timed_out = TRUE;
  g_debug ("helper took too long, killing it");
  g_subprocess_force_exit (h->proc);
  return G_SOURCE_REMOVE;
}

static gboolean
helper_send (Helper *h, SvAnalysisTask *task)
{
  SvAnalysisRunner *self = h->runner;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  guint64 limit = 0;

  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "id", task->item_id);
  sv_json_builder_add_string (b, "path", task->path);
  sv_json_builder_add_int (b, "orientation", task->orientation);
  sv_json_builder_add_bool (b, "faces", self->faces_enabled);
  sv_json_builder_add_bool (b, "labels", self->labels_enabled);
  if (self->pixel_limit != NULL &&
      g_ascii_string_to_unsigned (self->pixel_limit, 10, 1, G_MAXINT64, &limit, NULL))
    sv_json_builder_add_int (b, "pixel_limit", (gint64) limit);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sv_json_to_string (root, FALSE);
  line = g_strconcat (text, "\n", NULL);

  h->current = task;
  if (!g_output_stream_write_all (h->in, line, strlen (line), NULL, NULL, &error) ||
      !g_output_stream_flush (h->in, NULL, &error))
    {
      g_debug ("could not write to the helper: %s", error->message);
      return FALSE; /* the read side sees the end and handles h->current */
    }
  h->timeout_id = g_timeout_add_seconds (self->timeout_seconds, on_timeout_cb, h);
  return TRUE;
}

/* Gives @h its next photo, or lets it go. */
static void
helper_feed (Helper *h)
{
  SvAnalysisRunner *self = h->runner;
  SvAnalysisTask *task;

  if (self->paused || h->stopping)
    return;
  if (self->cancelled || g_queue_is_empty (&self->queue))
    {
      /* Closing stdin makes the helper exit; its EOF drops it. */
      h->stopping = TRUE;
      g_output_stream_close (h->in, NULL, NULL);
      return;
    }
  task = g_queue_pop_head (&self->queue);
  helper_send (h, task);
}

static void
on_line_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Helper *h = data;
  SvAnalysisRunner *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *line = NULL;
  gsize len = 0;
  JsonObject *obj;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, &len,
                                                    &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = h->runner;
  g_clear_handle_id (&h->timeout_id, g_source_remove);

  if (line == NULL)
    {
      /* The helper is gone: crash, kill, timeout or normal exit. */
      if (!h->ready && h->current == NULL && !h->stopping && !self->cancelled)
        {
          g_free (self->error);
          self->error = g_strdup (_ ("The analysis program stopped before it was ready."));
        }
      if (h->current != NULL)
        {
          g_autoptr (SvAnalysisTask) task = g_steal_pointer (&h->current);
          g_autofree char *display = g_filename_display_basename (task->path);
          g_autofree char *reason = NULL;

          if (self->cancelled && !h->timed_out)
            {
              /* Cancelled mid-photo: not a failure, it stays to do. */
            }
          else
            {
              if (h->timed_out)
                reason = g_strdup_printf (
                    _ ("Analysing “%s” took longer than %u seconds and was stopped."), display,
                    self->timeout_seconds);
              else
                reason = g_strdup_printf (_ ("The analysis program stopped while reading “%s”."),
                                          display);
              mark_failed (self, NULL, g_steal_pointer (&task), reason);
            }
        }
      helper_drop (h);
      pump (self);
      maybe_finish (self);
      return;
    }

  if (len <= MAX_REPLY_BYTES)
    {
      g_autoptr (GError) parse_error = NULL;

      node = sv_json_parse_strict (line, len, MAX_REPLY_BYTES, 64, &parse_error);
      if (node == NULL)
        g_debug ("bad reply from the helper: %s", parse_error->message);
    }
  obj = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (!h->ready)
    {
      const char *fatal = obj ? sv_json_object_get_string (obj, "fatal") : NULL;

      if (obj == NULL || fatal != NULL ||
          !json_object_get_boolean_member_with_default (obj, "ready", FALSE))
        {
          g_free (self->error);
          self->error = g_strdup_printf (_ ("Analysis is unavailable: %s"),
                                         fatal ? fatal : _ ("the analysis program did not start"));
          h->stopping = TRUE;
          g_subprocess_force_exit (h->proc);
          helper_read_next (h);
          return;
        }
      h->ready = TRUE;
      helper_feed (h);
      helper_read_next (h);
      return;
    }

  if (h->current != NULL)
    {
      gint64 id = -1;

      if (obj != NULL && sv_json_object_get_int (obj, "id", &id) && id == h->current->item_id)
        handle_reply (h, obj);
      else
        mark_failed (self, h, g_steal_pointer (&h->current),
                     _ ("The analysis program gave an unexpected answer."));
    }
  if (!h->storing)
    helper_feed (h);
  helper_read_next (h);
}

static void
helper_read_next (Helper *h)
{
  g_data_input_stream_read_line_async (h->out, G_PRIORITY_LOW, h->cancellable, on_line_cb, h);
}

static gboolean
helper_spawn (SvAnalysisRunner *self, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  Helper *h;
  GSubprocess *proc;

  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "SOUVENIR_MODELS_DIR", self->models_dir, TRUE);
  /* OpenCV's own threads: the runner parallelises with processes. */
  g_subprocess_launcher_setenv (launcher, "OPENCV_FOR_THREADS_NUM", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "OMP_NUM_THREADS", "1", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, error, self->helper_path, self->models_dir, NULL);
  if (proc == NULL)
    return FALSE;

  h = g_new0 (Helper, 1);
  h->runner = self;
  h->proc = proc;
  h->cancellable = g_cancellable_new ();
  h->in = g_object_ref (g_subprocess_get_stdin_pipe (proc));
  h->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_data_input_stream_set_newline_type (h->out, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_ptr_array_add (self->helpers, h);
  /* Loading the models has its own, longer limit (slow disks, sanitizer
   * builds): the per-photo timeout starts with each photo. */
  h->timeout_id = g_timeout_add_seconds (MAX (self->timeout_seconds, STARTUP_TIMEOUT_SECONDS),
                                         on_timeout_cb, h);
  helper_read_next (h);
  return TRUE;
}

static guint
wanted_helpers (SvAnalysisRunner *self)
{
  guint n =
      self->max_helpers ? self->max_helpers : sv_catalogue_get_analysis_max_cores (self->catalogue);

  return CLAMP (n, 1, MAX (1, g_get_num_processors ()));
}

/* Starts helpers while there is work and room, feeds idle ones. */
static void
pump (SvAnalysisRunner *self)
{
  guint busy = 0;

  if (!self->running || self->paused || self->cancelled || self->error != NULL)
    return;
  for (guint i = 0; i < self->helpers->len; i++)
    {
      Helper *h = g_ptr_array_index (self->helpers, i);

      if (h->ready && h->current == NULL && !h->stopping && !h->storing)
        helper_feed (h);
      busy += h->stopping ? 0 : 1;
    }
  while (busy < wanted_helpers (self) && g_queue_get_length (&self->queue) > busy)
    {
      g_autoptr (GError) error = NULL;

      if (!helper_spawn (self, &error))
        {
          g_free (self->error);
          self->error =
              g_strdup_printf (_ ("The analysis program could not be started: %s"), error->message);
          return;
        }
      busy++;
    }
}

/* ---- GObject ---- */

static void
sv_analysis_runner_dispose (GObject *object)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (object);

  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_clear_pointer (&self->helpers, g_ptr_array_unref);
  g_queue_clear_full (&self->queue, (GDestroyNotify) sv_analysis_task_free);
  g_clear_object (&self->catalogue);
  G_OBJECT_CLASS (sv_analysis_runner_parent_class)->dispose (object);
}

static void
sv_analysis_runner_finalize (GObject *object)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (object);

  g_free (self->helper_path);
  g_free (self->models_dir);
  g_free (self->pixel_limit);
  g_free (self->error);
  g_ptr_array_unref (self->store_jobs);
  G_OBJECT_CLASS (sv_analysis_runner_parent_class)->finalize (object);
}

static void
sv_analysis_runner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        g_value_set_object (value, self->catalogue);
        break;
      case PROP_DONE:
        g_value_set_uint (value, self->done);
        break;
      case PROP_TOTAL:
        g_value_set_uint (value, self->total);
        break;
      case PROP_FAILED:
        g_value_set_uint (value, self->failed);
        break;
      case PROP_FRACTION:
        g_value_set_double (value, sv_analysis_runner_get_fraction (self));
        break;
      case PROP_RUNNING:
        g_value_set_boolean (value, self->running);
        break;
      case PROP_PAUSED:
        g_value_set_boolean (value, self->paused);
        break;
      case PROP_CANCELLED:
        g_value_set_boolean (value, self->cancelled);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_analysis_runner_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        self->catalogue = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_analysis_runner_class_init (SvAnalysisRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sv_analysis_runner_dispose;
  object_class->finalize = sv_analysis_runner_finalize;
  object_class->get_property = sv_analysis_runner_get_property;
  object_class->set_property = sv_analysis_runner_set_property;

  properties[PROP_CATALOGUE] =
      g_param_spec_object ("catalogue", NULL, NULL, SV_TYPE_CATALOGUE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                               G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DONE] = g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FAILED] = g_param_spec_uint ("failed", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  properties[PROP_CANCELLED] = g_param_spec_boolean ("cancelled", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (item id, analysed: FALSE when it failed) */
  signals[ITEM_DONE] =
      g_signal_new ("item-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
sv_analysis_runner_init (SvAnalysisRunner *self)
{
  g_queue_init (&self->queue);
  self->helpers = g_ptr_array_new_with_free_func ((GDestroyNotify) helper_free);
  self->store_jobs = g_ptr_array_new ();
  self->timeout_seconds = SV_ANALYSIS_DEFAULT_TIMEOUT_SECONDS;
}

/* ---- public API ---- */

char *
sv_analysis_get_unavailable_reason (void)
{
  g_autofree char *models = NULL;
  g_autofree char *helper = NULL;
  char *reason = NULL;

  models = sv_analysis_find_models_dir (&reason);
  if (models == NULL)
    return reason;
  helper = sv_analysis_find_helper (&reason);
  if (helper == NULL)
    return reason;
  return NULL;
}

SvAnalysisRunner *
sv_analysis_runner_new (SvCatalogue *catalogue)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  return g_object_new (SV_TYPE_ANALYSIS_RUNNER, "catalogue", catalogue, NULL);
}

SvCatalogue *
sv_analysis_runner_get_catalogue (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), NULL);
  return self->catalogue;
}

void
sv_analysis_runner_set_max_helpers (SvAnalysisRunner *self, guint n)
{
  g_return_if_fail (SV_IS_ANALYSIS_RUNNER (self));
  self->max_helpers = MIN (n, MAX (1, g_get_num_processors ()));
  pump (self);
}

guint
sv_analysis_runner_get_max_helpers (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), 1);
  return wanted_helpers (self);
}

void
sv_analysis_runner_set_timeout (SvAnalysisRunner *self, guint seconds)
{
  g_return_if_fail (SV_IS_ANALYSIS_RUNNER (self));
  self->timeout_seconds = CLAMP (seconds, 1, 3600);
}

gboolean
sv_analysis_runner_start (SvAnalysisRunner *self, gboolean retry_failed, GError **error)
{
  g_autoptr (GPtrArray) tasks = NULL;

  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), FALSE);

  if (!prepare_start (self, error))
    return FALSE;
  tasks =
      sv_catalogue_list_analysis_tasks (self->catalogue, SV_ANALYSIS_VERSION, retry_failed, error);
  if (tasks == NULL)
    return FALSE;
  begin_run (self, tasks);
  return TRUE;
}

static gboolean
prepare_start (SvAnalysisRunner *self, GError **error)
{
  char *reason = NULL;

  if (self->running)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED, _ ("Analysis is already running."));
      return FALSE;
    }
  g_clear_pointer (&self->models_dir, g_free);
  g_clear_pointer (&self->helper_path, g_free);
  self->models_dir = sv_analysis_find_models_dir (&reason);
  if (self->models_dir != NULL)
    self->helper_path = sv_analysis_find_helper (&reason);
  if (self->models_dir == NULL || self->helper_path == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED, _ ("Analysis is unavailable: %s"),
                   reason);
      g_free (reason);
      return FALSE;
    }
  return TRUE;
}

static void
begin_run (SvAnalysisRunner *self, GPtrArray *tasks)
{
  self->faces_enabled = sv_catalogue_get_face_recognition (self->catalogue);
  self->labels_enabled = sv_catalogue_get_scene_labels (self->catalogue);
  g_free (self->pixel_limit);
  self->pixel_limit = sv_catalogue_get_setting (self->catalogue, "pixel-limit");
  g_clear_pointer (&self->error, g_free);
  self->done = self->failed = 0;
  self->total = tasks->len;
  self->cancelled = FALSE;
  self->paused = FALSE;
  for (guint i = 0; i < tasks->len; i++)
    g_queue_push_tail (&self->queue, g_steal_pointer (&tasks->pdata[i]));
  g_ptr_array_set_free_func (tasks, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLED]);
  notify_progress (self);
  set_running (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  pump (self);
  maybe_finish (self);
}

typedef struct
{
  SvCatalogue *catalogue;
  gboolean retry_failed;
} ListData;

static void
list_data_free (ListData *data)
{
  g_object_unref (data->catalogue);
  g_free (data);
}

static void
list_tasks_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  GPtrArray *tasks = sv_catalogue_list_analysis_tasks (data->catalogue, SV_ANALYSIS_VERSION,
                                                       data->retry_failed, &error);

  if (tasks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tasks, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_tasks_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SvAnalysisRunner *self = SV_ANALYSIS_RUNNER (source);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = g_task_propagate_pointer (G_TASK (result), &error);

  /* A cancel (or a newer start) came first: that run is over already. */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->listing)
    return;
  g_clear_object (&self->listing);
  if (tasks == NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      maybe_finish (self);
      return;
    }
  begin_run (self, tasks);
}

gboolean
sv_analysis_runner_start_in_background (SvAnalysisRunner *self,
                                        gboolean retry_failed,
                                        GError **error)
{
  g_autoptr (GTask) task = NULL;
  ListData *data;

  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), FALSE);

  if (!prepare_start (self, error))
    return FALSE;
  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  self->listing = g_cancellable_new ();
  g_clear_pointer (&self->error, g_free);
  self->done = self->failed = self->total = 0;
  self->cancelled = FALSE;
  self->paused = FALSE;
  notify_progress (self);
  set_running (self, TRUE);

  task = g_task_new (self, self->listing, list_tasks_done_cb, NULL);
  g_task_set_source_tag (task, sv_analysis_runner_start_in_background);
  data = g_new0 (ListData, 1);
  data->catalogue = g_object_ref (self->catalogue);
  data->retry_failed = retry_failed;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_tasks_thread);
  return TRUE;
}

void
sv_analysis_runner_pause (SvAnalysisRunner *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_RUNNER (self));

  if (self->paused || !self->running)
    return;
  self->paused = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
sv_analysis_runner_resume (SvAnalysisRunner *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_RUNNER (self));

  if (!self->paused)
    return;
  self->paused = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  pump (self);
}

void
sv_analysis_runner_cancel (SvAnalysisRunner *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_RUNNER (self));

  if (!self->running || self->cancelled)
    return;
  self->cancelled = TRUE;
  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLED]);
  for (guint i = 0; i < self->helpers->len; i++)
    {
      Helper *h = g_ptr_array_index (self->helpers, i);

      /* SIGTERM: the helper answers its current photo, then exits. */
      h->stopping = TRUE;
      g_subprocess_send_signal (h->proc, SIGTERM);
      g_output_stream_close (h->in, NULL, NULL);
    }
  maybe_finish (self);
}

guint
sv_analysis_runner_get_done (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), 0);
  return self->done;
}

guint
sv_analysis_runner_get_total (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), 0);
  return self->total;
}

guint
sv_analysis_runner_get_failed (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), 0);
  return self->failed;
}

double
sv_analysis_runner_get_fraction (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), 0.0);
  return self->total ? CLAMP ((double) self->done / self->total, 0.0, 1.0) : 1.0;
}

gboolean
sv_analysis_runner_get_running (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), FALSE);
  return self->running;
}

gboolean
sv_analysis_runner_get_paused (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), FALSE);
  return self->paused;
}

gboolean
sv_analysis_runner_get_cancelled (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), FALSE);
  return self->cancelled;
}

const char *
sv_analysis_runner_get_error (SvAnalysisRunner *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_RUNNER (self), NULL);
  return self->error;
}
