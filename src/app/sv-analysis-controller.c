/* sv-analysis-controller.c: face and scene analysis run by the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps one SvAnalysisRunner per catalogue. The runner works in helper
 * processes and reads their replies asynchronously, so nothing here blocks
 * the main loop for longer than listing the photos to analyse. Runs start
 * by themselves a moment after the library opens and after photos are
 * added (debounced, so an import batch makes one run), when face
 * recognition or scene labels are on; photos added during a run are
 * picked up by a new check when it ends. "Analyse Now" also retries the
 * photos that failed.
 */
#define G_LOG_DOMAIN "sv-analysis-controller"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-analysis-controller.h"
#include "sv-catalogue-faces.h"
#include "sv-error.h"

/* After the library opens: let the window draw first. */
#define OPEN_DELAY_MS 1500
/* After photos are added: one run per import, not one per batch. */
#define ADDED_DELAY_MS 2000
#define DATA_KEY "sv-analysis-controller"

struct _SvAnalysisController
{
  GObject parent_instance;

  SvCatalogue *catalogue; /* the runner holds the reference */
  SvAnalysisRunner *runner;
  char *unavailable;
  char *status;
  gboolean automatic;
  gboolean recheck;  /* photos were added during a run */
  gboolean restart;  /* the settings changed during a run */
  gboolean finished; /* the last run ended: its status stays until dismissed */
  guint check_id;
};

G_DEFINE_FINAL_TYPE (SvAnalysisController, sv_analysis_controller, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_PAUSED,
  PROP_DONE,
  PROP_TOTAL,
  PROP_FAILED,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_UNAVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (SvAnalysisController *self, char *status)
{
  if (g_strcmp0 (status, self->status) == 0)
    {
      g_free (status);
      return;
    }
  g_free (self->status);
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
update_status (SvAnalysisController *self)
{
  SvAnalysisRunner *r = self->runner;
  guint done = sv_analysis_runner_get_done (r);
  guint total = sv_analysis_runner_get_total (r);
  guint failed = sv_analysis_runner_get_failed (r);
  const char *error = sv_analysis_runner_get_error (r);
  g_autoptr (GString) text = g_string_new (NULL);

  if (sv_analysis_runner_get_running (r))
    {
      if (total == 0)
        g_string_assign (text, _ ("Looking for photos to analyse…"));
      else if (sv_analysis_runner_get_paused (r))
        /* Translators: analysis progress, e.g. "Analysis paused: 12 of 345" */
        g_string_printf (text, _ ("Analysis paused: %u of %u"), done, total);
      else
        /* Translators: analysis progress, e.g. "Analysing photos: 12 of 345" */
        g_string_printf (text, _ ("Analysing photos: %u of %u"), done, total);
      if (failed > 0)
        {
          g_string_append (text, " · ");
          /* Translators: photos whose analysis failed */
          g_string_append_printf (
              text, g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", failed), failed);
        }
    }
  else if (self->finished && error != NULL)
    /* Translators: %s says why (the helper program could not start, …) */
    g_string_printf (text, _ ("Analysis stopped: %s"), error);
  else if (self->finished && failed > 0)
    g_string_printf (text,
                     g_dngettext (GETTEXT_PACKAGE, "Analysis finished; %u photo could not be read",
                                  "Analysis finished; %u photos could not be read", failed),
                     failed);
  set_status (self, g_string_free (g_steal_pointer (&text), FALSE));
}

static gboolean
anything_on (SvAnalysisController *self)
{
  return sv_catalogue_get_face_recognition (self->catalogue) ||
         sv_catalogue_get_scene_labels (self->catalogue);
}

static gboolean
run (SvAnalysisController *self, gboolean retry_failed, GError **error)
{
  sv_analysis_controller_recheck_models (self);
  if (self->unavailable != NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED, _ ("Analysis is unavailable: %s"),
                   self->unavailable);
      return FALSE;
    }
  if (!anything_on (self))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
                   _ ("Face recognition and scene labels are both turned off in Preferences."));
      return FALSE;
    }
  self->recheck = FALSE;
  self->restart = FALSE;
  self->finished = FALSE;
  return sv_analysis_runner_start_in_background (self->runner, retry_failed, error);
}

static gboolean
check_timeout_cb (gpointer data)
{
  SvAnalysisController *self = data;

  self->check_id = 0;
  sv_analysis_controller_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (SvAnalysisController *self, guint delay_ms)
{
  if (!self->automatic || self->catalogue == NULL)
    return;
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (delay_ms, check_timeout_cb, self);
}

static void
on_catalogue_changed_cb (SvAnalysisController *self,
                         GArray *added,
                         GArray *changed,
                         GArray *removed)
{
  if (added == NULL || added->len == 0)
    return;
  if (sv_analysis_runner_get_running (self->runner))
    self->recheck = TRUE;
  else
    schedule_check (self, ADDED_DELAY_MS);
}

static void
on_runner_notify_cb (SvAnalysisController *self, GParamSpec *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "running"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  else if (g_str_equal (name, "paused"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  else if (g_str_equal (name, "done"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  else if (g_str_equal (name, "total"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  else if (g_str_equal (name, "failed"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  else if (g_str_equal (name, "fraction"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  update_status (self);
}

static void
on_runner_finished_cb (SvAnalysisController *self)
{
  self->finished = TRUE;
  update_status (self);
  g_signal_emit (self, signals[FINISHED], 0);
  /* Photos added meanwhile; not after a cancel (the user said stop). */
  if (self->restart)
    {
      g_clear_handle_id (&self->check_id, g_source_remove);
      self->check_id = g_timeout_add (100, check_timeout_cb, self);
      /* Nothing left to say about the run that was cut short. */
      self->finished = FALSE;
      update_status (self);
    }
  else if (self->recheck && !sv_analysis_runner_get_cancelled (self->runner))
    schedule_check (self, ADDED_DELAY_MS);
  self->recheck = FALSE;
  self->restart = FALSE;
}

static void
sv_analysis_controller_dispose (GObject *object)
{
  SvAnalysisController *self = SV_ANALYSIS_CONTROLLER (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->catalogue != NULL)
    {
      if (g_object_get_data (G_OBJECT (self->catalogue), DATA_KEY) == self)
        g_object_set_data (G_OBJECT (self->catalogue), DATA_KEY, NULL);
      g_signal_handlers_disconnect_by_data (self->catalogue, self);
      self->catalogue = NULL;
    }
  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      sv_analysis_runner_cancel (self->runner);
    }
  g_clear_object (&self->runner);
  G_OBJECT_CLASS (sv_analysis_controller_parent_class)->dispose (object);
}

static void
sv_analysis_controller_finalize (GObject *object)
{
  SvAnalysisController *self = SV_ANALYSIS_CONTROLLER (object);

  g_free (self->unavailable);
  g_free (self->status);
  G_OBJECT_CLASS (sv_analysis_controller_parent_class)->finalize (object);
}

static void
sv_analysis_controller_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  SvAnalysisController *self = SV_ANALYSIS_CONTROLLER (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, sv_analysis_controller_get_running (self));
        break;
      case PROP_PAUSED:
        g_value_set_boolean (value, sv_analysis_controller_get_paused (self));
        break;
      case PROP_DONE:
        g_value_set_uint (value, sv_analysis_controller_get_done (self));
        break;
      case PROP_TOTAL:
        g_value_set_uint (value, sv_analysis_controller_get_total (self));
        break;
      case PROP_FAILED:
        g_value_set_uint (value, sv_analysis_controller_get_failed (self));
        break;
      case PROP_FRACTION:
        g_value_set_double (value, sv_analysis_runner_get_fraction (self->runner));
        break;
      case PROP_STATUS:
        g_value_set_string (value, sv_analysis_controller_get_status (self));
        break;
      case PROP_UNAVAILABLE:
        g_value_set_string (value, self->unavailable);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_analysis_controller_class_init (SvAnalysisControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sv_analysis_controller_dispose;
  object_class->finalize = sv_analysis_controller_finalize;
  object_class->get_property = sv_analysis_controller_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_DONE] = g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FAILED] = g_param_spec_uint ("failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "", flags);
  properties[PROP_UNAVAILABLE] = g_param_spec_string ("unavailable", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sv_analysis_controller_init (SvAnalysisController *self)
{
  self->automatic = TRUE;
  self->status = g_strdup ("");
}

SvAnalysisController *
sv_analysis_controller_get_for_catalogue (SvCatalogue *catalogue)
{
  SvAnalysisController *self;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  self = g_object_get_data (G_OBJECT (catalogue), DATA_KEY);
  if (self != NULL)
    return g_object_ref (self);
  self = g_object_new (SV_TYPE_ANALYSIS_CONTROLLER, NULL);
  self->catalogue = catalogue;
  self->runner = sv_analysis_runner_new (catalogue);
  self->unavailable = sv_analysis_get_unavailable_reason ();
  g_signal_connect_object (self->runner, "notify", G_CALLBACK (on_runner_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "finished", G_CALLBACK (on_runner_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A weak registration: the views hold the controller, and it goes (and
   * stops its helpers) with the last of them. */
  g_object_set_data (G_OBJECT (catalogue), DATA_KEY, self);
  schedule_check (self, OPEN_DELAY_MS);
  return self;
}

SvAnalysisController *
sv_analysis_controller_lookup (SvCatalogue *catalogue)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);
  return g_object_get_data (G_OBJECT (catalogue), DATA_KEY);
}

SvCatalogue *
sv_analysis_controller_get_catalogue (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), NULL);
  return self->catalogue;
}

SvAnalysisRunner *
sv_analysis_controller_get_runner (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), NULL);
  return self->runner;
}

void
sv_analysis_controller_set_automatic (SvAnalysisController *self, gboolean automatic)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));

  self->automatic = !!automatic;
  if (!self->automatic)
    g_clear_handle_id (&self->check_id, g_source_remove);
}

gboolean
sv_analysis_controller_get_automatic (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), FALSE);
  return self->automatic;
}

/* Models installed (or removed) while the app runs: a few file tests. */
void
sv_analysis_controller_recheck_models (SvAnalysisController *self)
{
  g_autofree char *unavailable = NULL;

  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));

  unavailable = sv_analysis_get_unavailable_reason ();
  if (g_strcmp0 (unavailable, self->unavailable) == 0)
    return;
  g_free (self->unavailable);
  self->unavailable = g_steal_pointer (&unavailable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE]);
}

void
sv_analysis_controller_check (SvAnalysisController *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->catalogue != NULL)
    sv_analysis_controller_recheck_models (self);
  if (self->catalogue == NULL || self->unavailable != NULL ||
      sv_analysis_runner_get_running (self->runner) || !anything_on (self))
    return;
  if (!run (self, FALSE, &error))
    g_warning ("Analysis could not start: %s", error->message);
}

gboolean
sv_analysis_controller_start (SvAnalysisController *self, GError **error)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), FALSE);

  g_clear_handle_id (&self->check_id, g_source_remove);
  return run (self, TRUE, error);
}

void
sv_analysis_controller_pause (SvAnalysisController *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));
  sv_analysis_runner_pause (self->runner);
}

void
sv_analysis_controller_resume (SvAnalysisController *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));
  sv_analysis_runner_resume (self->runner);
}

void
sv_analysis_controller_cancel (SvAnalysisController *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));
  sv_analysis_runner_cancel (self->runner);
}

gboolean
sv_analysis_controller_get_running (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), FALSE);
  return sv_analysis_runner_get_running (self->runner);
}

gboolean
sv_analysis_controller_get_paused (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), FALSE);
  return sv_analysis_runner_get_paused (self->runner);
}

guint
sv_analysis_controller_get_done (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), 0);
  return sv_analysis_runner_get_done (self->runner);
}

guint
sv_analysis_controller_get_total (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), 0);
  return sv_analysis_runner_get_total (self->runner);
}

guint
sv_analysis_controller_get_failed (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), 0);
  return sv_analysis_runner_get_failed (self->runner);
}

const char *
sv_analysis_controller_get_status (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), "");
  return self->status;
}

const char *
sv_analysis_controller_get_unavailable (SvAnalysisController *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_CONTROLLER (self), NULL);
  return self->unavailable;
}

void
sv_analysis_controller_dismiss (SvAnalysisController *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));

  self->finished = FALSE;
  update_status (self);
}

void
sv_analysis_controller_restart (SvAnalysisController *self)
{
  g_return_if_fail (SV_IS_ANALYSIS_CONTROLLER (self));

  if (sv_analysis_runner_get_running (self->runner))
    {
      self->restart = TRUE;
      sv_analysis_runner_cancel (self->runner);
    }
  else
    schedule_check (self, 100);
}
