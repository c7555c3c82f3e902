/* sv-cli-analysis.c: souvenir-cli analyze, people, faces, labels, analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sv-analysis-runner.h"
#include "sv-catalogue-faces.h"
#include "sv-cli.h"
#include "sv-error.h"

/* ---- shared ---- */

static gboolean
parse_id (const char *arg, gboolean face, gint64 *out)
{
  guint64 v = 0;

  if (arg == NULL || !g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT64, &v, NULL))
    {
      if (face)
        sv_cli_error (_ ("“%s” is not a face number"), arg ? arg : "");
      else
        sv_cli_error (_ ("“%s” is not a person number"), arg ? arg : "");
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

static void
add_face_json (JsonBuilder *b, const SvFace *f)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, f->id);
  json_builder_set_member_name (b, "item");
  json_builder_add_int_value (b, f->item_id);
  json_builder_set_member_name (b, "person");
  if (f->person_id)
    json_builder_add_int_value (b, f->person_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name");
  if (f->person_name)
    json_builder_add_string_value (b, f->person_name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "box");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, f->x);
  json_builder_add_double_value (b, f->y);
  json_builder_add_double_value (b, f->w);
  json_builder_add_double_value (b, f->h);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "landmarks");
  json_builder_begin_array (b);
  for (guint i = 0; i < 10; i++)
    json_builder_add_double_value (b, f->landmarks[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, f->score);
  json_builder_set_member_name (b, "size_px");
  json_builder_add_int_value (b, f->size_px);
  json_builder_set_member_name (b, "confirmed");
  json_builder_add_boolean_value (b, f->confirmed);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_boolean_value (b, f->rejected);
  json_builder_end_object (b);
}

static void
add_person_json (JsonBuilder *b, const SvPerson *p)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, p->id);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, p->uuid);
  json_builder_set_member_name (b, "name");
  if (p->name)
    json_builder_add_string_value (b, p->name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "hidden");
  json_builder_add_boolean_value (b, p->hidden);
  json_builder_set_member_name (b, "faces");
  json_builder_add_int_value (b, p->n_faces);
  json_builder_set_member_name (b, "photos");
  json_builder_add_int_value (b, p->n_items);
  json_builder_set_member_name (b, "cover_face");
  json_builder_add_int_value (b, p->cover_face_id);
  json_builder_set_member_name (b, "cover_item");
  json_builder_add_int_value (b, p->cover_item_id);
  json_builder_end_object (b);
}

/* ---- analyze ---- */

typedef struct
{
  GMainLoop *loop;
  SvAnalysisRunner *runner;
  gboolean tty, quiet;
  guint last_width;
  GArray *failed_ids;
} AnalyzeRun;

static void
clear_progress_line (AnalyzeRun *run)
{
  if (run->tty && run->last_width > 0)
    {
      fprintf (stderr, "\r%*s\r", (int) run->last_width, "");
      run->last_width = 0;
    }
}

static void
on_progress_cb (SvAnalysisRunner *runner, GParamSpec *pspec, AnalyzeRun *run)
{
  g_autoptr (GString) line = g_string_new (NULL);
  const guint bar = 24;
  guint filled = (guint) (sv_analysis_runner_get_fraction (runner) * bar);

  if (!run->tty || run->quiet)
    return;
  g_string_append_c (line, '[');
  for (guint i = 0; i < bar; i++)
    g_string_append_c (line, i < filled ? '#' : '-');
  g_string_append_printf (line, "] %u/%u", sv_analysis_runner_get_done (runner),
                          sv_analysis_runner_get_total (runner));
  if (sv_analysis_runner_get_failed (runner) > 0)
    {
      g_string_append (line, "  ");
      g_string_append_printf (line,
                              g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed",
                                           sv_analysis_runner_get_failed (runner)),
                              sv_analysis_runner_get_failed (runner));
    }
  clear_progress_line (run);
  fputs (line->str, stderr);
  run->last_width = g_utf8_strlen (line->str, -1);
  fflush (stderr);
}

static void
on_item_done_cb (SvAnalysisRunner *runner, gint64 item_id, gboolean ok, AnalyzeRun *run)
{
  if (!ok)
    g_array_append_val (run->failed_ids, item_id);
}

static void
on_finished_cb (SvAnalysisRunner *runner, AnalyzeRun *run)
{
  g_main_loop_quit (run->loop);
}

static gboolean
on_interrupt_cb (gpointer data)
{
  AnalyzeRun *run = data;

  if (!sv_analysis_runner_get_cancelled (run->runner))
    {
      clear_progress_line (run);
      fprintf (stderr, "%s\n", _ ("Stopping; the photos analysed so far are kept…"));
      sv_analysis_runner_cancel (run->runner);
    }
  return G_SOURCE_CONTINUE;
}

static void
print_what_was_looked_for (SvCatalogue *catalogue)
{
  gboolean faces = sv_catalogue_get_face_recognition (catalogue);
  gboolean labels = sv_catalogue_get_scene_labels (catalogue);

  if (!faces && !labels)
    printf ("%s\n", _ ("Face recognition and scene labels are both off: nothing was looked for. "
                       "Turn one on with “souvenir-cli analysis face-recognition on” or "
                       "“souvenir-cli analysis scene-labels on”."));
  else if (!faces)
    printf ("%s\n", _ ("Face recognition is off: only scene labels were looked for."));
  else if (!labels)
    printf ("%s\n", _ ("Scene labels are off: only faces were looked for."));
}

int
sv_cli_analyze (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, quiet = FALSE, retry = FALSE, redo = FALSE;
  int jobs = 0, timeout = 0;
  const GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_ ("Use N helper processes (default: the analysis-max-cores setting)"), N_ ("N") },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry, N_ ("Try the photos that failed again"),
      NULL },
    { "redo", 0, 0, G_OPTION_ARG_NONE, &redo,
      N_ ("Analyse every photo again (names and corrections are kept)"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_ ("Give up on a photo after SECONDS (default 60)"), N_ ("SECONDS") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_ ("Print no progress"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON summary"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— find faces and scenes"),
      _ ("Finds faces, groups them into people and labels scenes, on this computer only. Only new "
         "or changed photos are analysed; a second run goes on where the first stopped."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GArray) failed_ids = NULL;
  g_autofree char *unavailable = NULL;
  SvAnalysisCounts counts;
  AnalyzeRun run = { 0 };
  guint sigint, sigterm;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  if (jobs < 0 || jobs > 64 || timeout < 0)
    {
      sv_cli_error (_ ("--jobs is between 1 and the number of processor cores"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  unavailable = sv_analysis_get_unavailable_reason ();
  if (unavailable != NULL)
    {
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "available");
          json_builder_add_boolean_value (b, FALSE);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, unavailable);
          json_builder_end_object (b);
          sv_cli_print_builder (b);
        }
      sv_cli_error (_ ("Analysis is unavailable: %s"), unavailable);
      return SV_EXIT_FAILURE;
    }

  if (redo && !sv_catalogue_reset_analysis (catalogue, &error))
    return sv_cli_fail (error);

  runner = sv_analysis_runner_new (catalogue);
  if (jobs > 0)
    sv_analysis_runner_set_max_helpers (runner, (guint) jobs);
  if (timeout > 0)
    sv_analysis_runner_set_timeout (runner, (guint) timeout);

  loop = g_main_loop_new (NULL, FALSE);
  failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.loop = loop;
  run.runner = runner;
  run.tty = isatty (STDERR_FILENO);
  run.quiet = quiet || json;
  run.failed_ids = failed_ids;
  g_signal_connect (runner, "notify::done", G_CALLBACK (on_progress_cb), &run);
  g_signal_connect (runner, "item-done", G_CALLBACK (on_item_done_cb), &run);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), &run);
  sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, &run);

  if (!sv_analysis_runner_start (runner, retry, &error))
    {
      g_source_remove (sigint);
      g_source_remove (sigterm);
      return sv_cli_fail (error);
    }
  if (sv_analysis_runner_get_running (runner))
    g_main_loop_run (loop);
  clear_progress_line (&run);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (runner, &run);

  if (!sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &counts, &error))
    return sv_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "available");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, sv_analysis_runner_get_total (runner));
      json_builder_set_member_name (b, "done");
      json_builder_add_int_value (b, sv_analysis_runner_get_done (runner));
      json_builder_set_member_name (b, "failed");
      json_builder_add_int_value (b, sv_analysis_runner_get_failed (runner));
      json_builder_set_member_name (b, "cancelled");
      json_builder_add_boolean_value (b, sv_analysis_runner_get_cancelled (runner));
      json_builder_set_member_name (b, "error");
      if (sv_analysis_runner_get_error (runner))
        json_builder_add_string_value (b, sv_analysis_runner_get_error (runner));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "face_recognition");
      json_builder_add_boolean_value (b, sv_catalogue_get_face_recognition (catalogue));
      json_builder_set_member_name (b, "scene_labels");
      json_builder_add_boolean_value (b, sv_catalogue_get_scene_labels (catalogue));
      json_builder_set_member_name (b, "library");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "photos");
      json_builder_add_int_value (b, counts.photos);
      json_builder_set_member_name (b, "analysed");
      json_builder_add_int_value (b, counts.done);
      json_builder_set_member_name (b, "failed");
      json_builder_add_int_value (b, counts.failed);
      json_builder_set_member_name (b, "faces");
      json_builder_add_int_value (b, counts.faces);
      json_builder_set_member_name (b, "people");
      json_builder_add_int_value (b, counts.people);
      json_builder_set_member_name (b, "labelled");
      json_builder_add_int_value (b, counts.labelled);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "failures");
      json_builder_begin_array (b);
      for (guint i = 0; i < failed_ids->len; i++)
        {
          gint64 id = g_array_index (failed_ids, gint64, i);
          g_autofree char *reason = sv_catalogue_get_analysis_error (catalogue, id);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "item");
          json_builder_add_int_value (b, id);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, reason ? reason : "");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
    }
  else
    {
      for (guint i = 0; i < failed_ids->len; i++)
        {
          g_autofree char *reason =
              sv_catalogue_get_analysis_error (catalogue, g_array_index (failed_ids, gint64, i));
          if (reason)
            fprintf (stderr, "%s\n", reason);
        }
      if (!quiet)
        {
          printf (g_dngettext (GETTEXT_PACKAGE, "Analysed %u photo", "Analysed %u photos",
                               sv_analysis_runner_get_done (runner)),
                  sv_analysis_runner_get_done (runner));
          printf ("; ");
          printf (g_dngettext (GETTEXT_PACKAGE, "%u failed.", "%u failed.",
                               sv_analysis_runner_get_failed (runner)),
                  sv_analysis_runner_get_failed (runner));
          printf ("\n");
          printf (_ ("Library: %u of %u photos analysed, %u faces, %u people, %u photos with "
                     "labels."),
                  counts.done, counts.photos, counts.faces, counts.people, counts.labelled);
          printf ("\n");
          print_what_was_looked_for (catalogue);
        }
    }

  if (sv_analysis_runner_get_error (runner))
    {
      sv_cli_error ("%s", sv_analysis_runner_get_error (runner));
      return SV_EXIT_FAILURE;
    }
  if (sv_analysis_runner_get_cancelled (runner))
    return SV_EXIT_CANCELLED;
  if (sv_analysis_runner_get_failed (runner) > 0)
    return SV_EXIT_PARTIAL;
  return SV_EXIT_OK;
}

/* ---- people ---- */

static int
people_usage (FILE *out, int code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli people ls [--all] [--json]\n");
  fprintf (out, "  souvenir-cli people show PERSON [--json]\n");
  fprintf (out, "  souvenir-cli people name PERSON NAME\n");
  fprintf (out, "  souvenir-cli people merge PERSON OTHER\n");
  fprintf (out, "  souvenir-cli people hide PERSON\n");
  fprintf (out, "  souvenir-cli people unhide PERSON\n");
  fprintf (out, "  souvenir-cli people suggest PERSON [--json]\n");
  fprintf (out, "\n%s\n",
           _ ("PERSON is a number from “people ls”. “merge” moves OTHER’s faces "
              "to PERSON; “suggest” lists faces that may be PERSON (answer with "
              "“faces move” or “faces not”)."));
  return code;
}

int
sv_cli_people (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, all = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_ ("Include hidden people"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx =
      g_option_context_new (N_ ("ls|show|name|merge|hide|unhide|suggest — people"));
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb;
  gint64 person = 0, other = 0;
  int exit_code = SV_EXIT_OK;
  guint want_args;

  if (argc < 2)
    return people_usage (stderr, SV_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return people_usage (stdout, SV_EXIT_OK);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    return people_usage (stderr, SV_EXIT_USAGE);
  verb = argv[1];
  if (g_str_equal (verb, "ls"))
    want_args = 2;
  else if (g_str_equal (verb, "show") || g_str_equal (verb, "hide") ||
           g_str_equal (verb, "unhide") || g_str_equal (verb, "suggest"))
    want_args = 3;
  else if (g_str_equal (verb, "name") || g_str_equal (verb, "merge"))
    want_args = 4;
  else
    {
      sv_cli_error (_ ("Unknown people command “%s”"), verb);
      return people_usage (stderr, SV_EXIT_USAGE);
    }
  if ((guint) argc != want_args)
    return people_usage (stderr, SV_EXIT_USAGE);
  if (argc >= 3 && !parse_id (argv[2], FALSE, &person))
    return SV_EXIT_USAGE;
  if (g_str_equal (verb, "merge") && !parse_id (argv[3], FALSE, &other))
    return SV_EXIT_USAGE;

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  if (g_str_equal (verb, "ls"))
    {
      g_autoptr (GPtrArray) people = sv_catalogue_list_people (catalogue, all, &error);

      if (people == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < people->len; i++)
            add_person_json (b, g_ptr_array_index (people, i));
          json_builder_end_array (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      for (guint i = 0; i < people->len; i++)
        {
          SvPerson *p = g_ptr_array_index (people, i);

          printf ("%6" G_GINT64_FORMAT "  %-30s  ", p->id, p->name ? p->name : _ ("(no name)"));
          printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", p->n_items), p->n_items);
          if (p->hidden)
            printf ("  %s", _ ("(hidden)"));
          printf ("\n");
        }
      return SV_EXIT_OK;
    }

  if (g_str_equal (verb, "show"))
    {
      g_autoptr (SvPerson) p = sv_catalogue_get_person (catalogue, person, &error);
      g_autoptr (GArray) ids = NULL;
      g_autoptr (GPtrArray) items = NULL;

      if (p == NULL)
        return sv_cli_fail (error);
      ids = sv_catalogue_list_person_items (catalogue, person, &error);
      if (ids != NULL)
        items = sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                        &error);
      if (items == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "person");
          add_person_json (b, p);
          json_builder_set_member_name (b, "items");
          json_builder_begin_array (b);
          for (guint i = 0; i < items->len; i++)
            {
              SvMediaItem *item = g_ptr_array_index (items, i);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, sv_media_item_get_id (item));
              json_builder_set_member_name (b, "path");
              json_builder_add_string_value (b, sv_media_item_get_path (item));
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      printf ("%s %s\n", _ ("Name:"), p->name ? p->name : _ ("(no name)"));
      printf ("%s %u\n", _ ("Faces:"), p->n_faces);
      printf ("%s %s\n", _ ("Hidden:"), p->hidden ? _ ("yes") : _ ("no"));
      for (guint i = 0; i < items->len; i++)
        {
          SvMediaItem *item = g_ptr_array_index (items, i);
          g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));

          printf ("%6" G_GINT64_FORMAT "  %s\n", sv_media_item_get_id (item), path);
        }
      return SV_EXIT_OK;
    }

  if (g_str_equal (verb, "suggest"))
    {
      g_autoptr (GPtrArray) s = sv_catalogue_suggest_faces (catalogue, person, 0, &error);

      if (s == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < s->len; i++)
            {
              SvFaceSuggestion *sg = g_ptr_array_index (s, i);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "face");
              add_face_json (b, &sg->face);
              json_builder_set_member_name (b, "distance");
              json_builder_add_double_value (b, sg->distance);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      for (guint i = 0; i < s->len; i++)
        {
          SvFaceSuggestion *sg = g_ptr_array_index (s, i);

          printf (_ ("face %lld on item %lld (distance %.2f)"), (long long) sg->face.id,
                  (long long) sg->face.item_id, sg->distance);
          printf ("\n");
        }
      return SV_EXIT_OK;
    }

  if (g_str_equal (verb, "name"))
    {
      if (!sv_catalogue_name_person (catalogue, person, argv[3], &error))
        return sv_cli_fail (error);
    }
  else if (g_str_equal (verb, "merge"))
    {
      if (!sv_catalogue_merge_people (catalogue, person, other, &error))
        return sv_cli_fail (error);
    }
  else if (!sv_catalogue_set_person_hidden (catalogue, person, g_str_equal (verb, "hide"), &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

/* ---- faces ---- */

static int
faces_usage (FILE *out, int code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli faces ls ITEM [--all] [--json]\n");
  fprintf (out, "  souvenir-cli faces move FACE PERSON\n");
  fprintf (out, "  souvenir-cli faces not FACE PERSON\n");
  fprintf (out, "  souvenir-cli faces remove FACE\n");
  fprintf (out, "\n%s\n",
           _ ("ITEM is an item number, UUID or path. “move” puts a face on a person; “not” "
              "says a suggested face is not that person; “remove” says it is not a face (it "
              "will not come back)."));
  return code;
}

int
sv_cli_faces (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, all = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_ ("Include removed faces"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (N_ ("ls|move|not|remove — faces"));
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb;
  gint64 face = 0, person = 0;
  int exit_code = SV_EXIT_OK;

  if (argc < 2)
    return faces_usage (stderr, SV_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return faces_usage (stdout, SV_EXIT_OK);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    return faces_usage (stderr, SV_EXIT_USAGE);
  verb = argv[1];
  if ((g_str_equal (verb, "ls") || g_str_equal (verb, "remove")) && argc != 3)
    return faces_usage (stderr, SV_EXIT_USAGE);
  if ((g_str_equal (verb, "move") || g_str_equal (verb, "not")) && argc != 4)
    return faces_usage (stderr, SV_EXIT_USAGE);
  if (!g_str_equal (verb, "ls") && !g_str_equal (verb, "remove") && !g_str_equal (verb, "move") &&
      !g_str_equal (verb, "not"))
    {
      sv_cli_error (_ ("Unknown faces command “%s”"), verb);
      return faces_usage (stderr, SV_EXIT_USAGE);
    }
  if (!g_str_equal (verb, "ls") && !parse_id (argv[2], TRUE, &face))
    return SV_EXIT_USAGE;
  if (argc == 4 && !parse_id (argv[3], FALSE, &person))
    return SV_EXIT_USAGE;

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  if (g_str_equal (verb, "ls"))
    {
      gint64 item = sv_cli_resolve_item (catalogue, argv[2], &exit_code);
      g_autoptr (GPtrArray) faces = NULL;

      if (item <= 0)
        return exit_code;
      faces = sv_catalogue_list_faces (catalogue, item, all, &error);
      if (faces == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < faces->len; i++)
            add_face_json (b, g_ptr_array_index (faces, i));
          json_builder_end_array (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      for (guint i = 0; i < faces->len; i++)
        {
          SvFace *f = g_ptr_array_index (faces, i);
          g_autofree char *who = NULL;

          if (f->rejected)
            who = g_strdup (_ ("(removed)"));
          else if (f->person_name)
            who = g_strdup (f->person_name);
          else if (f->person_id)
            who = g_strdup_printf (_ ("person %lld"), (long long) f->person_id);
          else
            who = g_strdup (_ ("(nobody)"));
          printf ("%6" G_GINT64_FORMAT "  %-24s  x=%.3f y=%.3f w=%.3f h=%.3f  %.2f\n", f->id, who,
                  f->x, f->y, f->w, f->h, f->score);
        }
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "move"))
    {
      if (!sv_catalogue_move_face (catalogue, face, person, &error))
        return sv_cli_fail (error);
    }
  else if (g_str_equal (verb, "not"))
    {
      if (!sv_catalogue_answer_suggestion (catalogue, face, person, FALSE, &error))
        return sv_cli_fail (error);
    }
  else if (!sv_catalogue_remove_face (catalogue, face, &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

/* ---- labels ---- */

int
sv_cli_labels (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("ls ITEM — scene labels"), _ ("Lists the scene and object labels of one item."), entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GError) error = NULL;
  gboolean french;
  const char *lang;
  int exit_code = SV_EXIT_OK;
  gint64 item;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 3 || !g_str_equal (argv[1], "ls"))
    {
      fprintf (stderr, "%s\n  souvenir-cli labels ls ITEM [--json]\n", _ ("Usage:"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  item = sv_cli_resolve_item (catalogue, argv[2], &exit_code);
  if (item <= 0)
    return exit_code;
  labels = sv_catalogue_list_item_labels (catalogue, item, &error);
  if (labels == NULL)
    return sv_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < labels->len; i++)
        {
          SvItemLabel *l = g_ptr_array_index (labels, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, l->id);
          json_builder_set_member_name (b, "en");
          json_builder_add_string_value (b, l->name_en);
          json_builder_set_member_name (b, "fr");
          json_builder_add_string_value (b, l->name_fr);
          json_builder_set_member_name (b, "score");
          json_builder_add_double_value (b, l->score);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  /* The user's language decides which name comes first. */
  lang = g_get_language_names ()[0];
  french = lang != NULL && g_str_has_prefix (lang, "fr");
  for (guint i = 0; i < labels->len; i++)
    {
      SvItemLabel *l = g_ptr_array_index (labels, i);

      printf ("%-20s  %-20s  %.2f\n", french ? l->name_fr : l->name_en,
              french ? l->name_en : l->name_fr, l->score);
    }
  return SV_EXIT_OK;
}

/* ---- analysis ---- */

static int
analysis_usage (FILE *out, int code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli analysis status [--json]\n");
  fprintf (out, "  souvenir-cli analysis face-recognition on|off\n");
  fprintf (out, "  souvenir-cli analysis scene-labels on|off\n");
  fprintf (out, "  souvenir-cli analysis cores N\n");
  fprintf (out, "  souvenir-cli analysis erase-faces [--yes] [--keep-names]\n");
  fprintf (out, "\n%s\n",
           _ ("“erase-faces” deletes every face box, face descriptor and person, names "
              "included unless --keep-names is given. Face data never leaves this computer."));
  fprintf (out, "%s\n",
           _ ("With scene labels off, the labels already found are kept and photos analysed from "
              "then on get none; turned on again, the next “souvenir-cli analyze” labels them."));
  return code;
}

static gboolean
confirm_erase (gboolean keep_names)
{
  char answer[16] = "";

  if (!isatty (STDIN_FILENO))
    return FALSE;
  fprintf (stderr, "%s ",
           keep_names ? _ ("Erase every face and unnamed person from this library? [y/N]")
                      : _ ("Erase every face and every person, with the names you gave, from "
                           "this library? [y/N]"));
  fflush (stderr);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  /* TRANSLATORS: the letters accepted as "yes" (lower case) */
  return answer[0] != '\0' && strchr (_ ("y"), g_ascii_tolower (answer[0])) != NULL;
}

int
sv_cli_analysis (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, yes = FALSE, keep_names = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_ ("Do not ask for confirmation"), NULL },
    { "keep-names", 0, 0, G_OPTION_ARG_NONE, &keep_names,
      N_ ("Keep the people you named (without their faces)"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (
      N_ ("status|face-recognition|scene-labels|cores|erase-faces — analysis settings"));
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb;
  gboolean switches;
  int exit_code = SV_EXIT_OK;

  if (argc < 2)
    return analysis_usage (stderr, SV_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return analysis_usage (stdout, SV_EXIT_OK);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    return analysis_usage (stderr, SV_EXIT_USAGE);
  verb = argv[1];
  switches = g_str_equal (verb, "face-recognition") || g_str_equal (verb, "scene-labels");
  if (((g_str_equal (verb, "status") || g_str_equal (verb, "erase-faces")) && argc != 2) ||
      ((switches || g_str_equal (verb, "cores")) && argc != 3))
    return analysis_usage (stderr, SV_EXIT_USAGE);
  if (!g_str_equal (verb, "status") && !g_str_equal (verb, "erase-faces") && !switches &&
      !g_str_equal (verb, "cores"))
    {
      sv_cli_error (_ ("Unknown analysis command “%s”"), verb);
      return analysis_usage (stderr, SV_EXIT_USAGE);
    }
  if (switches && !g_str_equal (argv[2], "on") && !g_str_equal (argv[2], "off"))
    {
      sv_cli_error (g_str_equal (verb, "face-recognition") ? _ ("Face recognition is “on” or “off”")
                                                           : _ ("Scene labels are “on” or “off”"));
      return SV_EXIT_USAGE;
    }
  if (g_str_equal (verb, "erase-faces") && !yes && !confirm_erase (keep_names))
    {
      sv_cli_error (_ ("Nothing erased: confirm with --yes"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  if (g_str_equal (verb, "status"))
    {
      g_autofree char *unavailable = sv_analysis_get_unavailable_reason ();
      SvAnalysisCounts c;

      if (!sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &c, &error))
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "available");
          json_builder_add_boolean_value (b, unavailable == NULL);
          json_builder_set_member_name (b, "reason");
          if (unavailable)
            json_builder_add_string_value (b, unavailable);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "face_recognition");
          json_builder_add_boolean_value (b, sv_catalogue_get_face_recognition (catalogue));
          json_builder_set_member_name (b, "scene_labels");
          json_builder_add_boolean_value (b, sv_catalogue_get_scene_labels (catalogue));
          json_builder_set_member_name (b, "max_cores");
          json_builder_add_int_value (b, sv_catalogue_get_analysis_max_cores (catalogue));
          json_builder_set_member_name (b, "photos");
          json_builder_add_int_value (b, c.photos);
          json_builder_set_member_name (b, "analysed");
          json_builder_add_int_value (b, c.done);
          json_builder_set_member_name (b, "failed");
          json_builder_add_int_value (b, c.failed);
          json_builder_set_member_name (b, "faces");
          json_builder_add_int_value (b, c.faces);
          json_builder_set_member_name (b, "people");
          json_builder_add_int_value (b, c.people);
          json_builder_set_member_name (b, "labelled");
          json_builder_add_int_value (b, c.labelled);
          json_builder_end_object (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      if (unavailable)
        printf ("%s %s\n", _ ("Analysis is unavailable:"), unavailable);
      printf ("%s %s\n", _ ("Face recognition:"),
              sv_catalogue_get_face_recognition (catalogue) ? _ ("on") : _ ("off"));
      printf ("%s %s\n", _ ("Scene labels:"),
              sv_catalogue_get_scene_labels (catalogue) ? _ ("on") : _ ("off"));
      printf ("%s %u\n", _ ("Processor cores:"), sv_catalogue_get_analysis_max_cores (catalogue));
      printf (_ ("%u of %u photos analysed, %u failed, %u faces, %u people, %u photos with "
                 "labels."),
              c.done, c.photos, c.failed, c.faces, c.people, c.labelled);
      printf ("\n");
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "face-recognition"))
    {
      gboolean on = g_str_equal (argv[2], "on");

      if (!sv_catalogue_set_face_recognition (catalogue, on, &error))
        return sv_cli_fail (error);
      if (!on)
        printf ("%s\n", _ ("Face recognition is off. The faces already found are kept until you "
                           "run “souvenir-cli analysis erase-faces”."));
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "scene-labels"))
    {
      if (!sv_catalogue_set_scene_labels (catalogue, g_str_equal (argv[2], "on"), &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "cores"))
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (argv[2], 10, 1, 1024, &n, NULL))
        {
          sv_cli_error (_ ("“%s” is not a number of processor cores"), argv[2]);
          return SV_EXIT_USAGE;
        }
      if (!sv_catalogue_set_analysis_max_cores (catalogue, (guint) n, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  if (!sv_catalogue_erase_faces (catalogue, !keep_names, &error))
    return sv_cli_fail (error);
  printf ("%s\n", _ ("Every face box, face descriptor and person was erased."));
  return SV_EXIT_OK;
}
