/* sv-cli-import.c: souvenir-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "sv-cli.h"
#include "sv-json.h"
#include "sv-importer.h"

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  SvImporter *importer;
  SvImportSummary *summary;
  GError *error;
  gboolean tty;
  gboolean quiet;
  guint last_width;
} ImportRun;

static void
clear_progress_line (ImportRun *run)
{
  if (run->tty && run->last_width > 0)
    {
      fprintf (stderr, "\r%*s\r", (int) run->last_width, "");
      run->last_width = 0;
    }
}

static void
on_progress_cb (SvImporter *importer, GParamSpec *pspec, ImportRun *run)
{
  g_autofree char *current = NULL;
  g_autofree char *base = NULL;
  g_autofree char *base_display = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  double fraction, rate, eta;
  guint done, total;
  const guint bar = 24;
  guint filled;

  if (!run->tty || run->quiet)
    return;

  done = sv_importer_get_files_done (importer);
  total = sv_importer_get_files_total (importer);
  fraction = sv_importer_get_fraction (importer);
  rate = sv_importer_get_rate (importer);
  eta = sv_importer_get_eta (importer);
  current = sv_importer_dup_current_file (importer);
  bytes = g_format_size (sv_importer_get_bytes_done (importer));
  filled = (guint) (fraction * bar);

  g_string_append_c (line, '[');
  for (guint i = 0; i < bar; i++)
    g_string_append_c (line, i < filled ? '#' : '-');
  g_string_append_printf (line, "] %u/%u  %s  ", done, total, bytes);
  g_string_append_printf (line, _ ("%.1f files/s"), rate);
  if (eta >= 0)
    {
      g_string_append (line, "  ");
      g_string_append_printf (line, _ ("%u:%02u left"), (guint) eta / 60, (guint) eta % 60);
    }
  if (current)
    {
      base = g_path_get_basename (current);
      base_display = g_filename_display_name (base);
      g_string_append_printf (line, "  %.40s", base_display);
    }

  clear_progress_line (run);
  fputs (line->str, stderr);
  run->last_width = g_utf8_strlen (line->str, -1);
  fflush (stderr);
}

static void
on_import_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ImportRun *run = data;

  run->summary = sv_importer_import_finish (SV_IMPORTER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_interrupt_cb (gpointer data)
{
  ImportRun *run = data;

  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      clear_progress_line (run);
      fprintf (stderr, "%s\n", _ ("Stopping; the files finished so far are kept…"));
      g_cancellable_cancel (run->cancellable);
    }
  return G_SOURCE_CONTINUE;
}

static JsonNode *
summary_to_json (const SvImportSummary *s)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "import_id", s->import_id);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, sv_import_mode_to_string (s->mode));
  sv_json_builder_add_int (b, "files_seen", s->files_seen);
  sv_json_builder_add_int (b, "imported", s->imported);
  sv_json_builder_add_int (b, "duplicates", s->duplicates);
  sv_json_builder_add_int (b, "failed", s->failed);
  sv_json_builder_add_int (b, "ignored", s->ignored);
  sv_json_builder_add_int (b, "previously_deleted", s->previously_deleted);
  sv_json_builder_add_int (b, "bytes", (gint64) s->bytes);
  sv_json_builder_add_double (b, "seconds", s->seconds);
  sv_json_builder_add_bool (b, "cancelled", s->cancelled);
  json_builder_set_member_name (b, "stopped_by");
  if (s->stopped_by)
    json_builder_add_string_value (b, s->stopped_by->message);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "item_ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->new_item_ids->len; i++)
    json_builder_add_int_value (b, g_array_index (s->new_item_ids, gint64, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->failures->len; i++)
    {
      SvImportError *f = g_ptr_array_index (s->failures, i);
      g_autofree char *path = sv_cli_display_path (f->path);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, f->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_summary (const SvImportSummary *s)
{
  g_autofree char *size = g_format_size (s->bytes);

  if (s->cancelled)
    printf ("%s\n", _ ("Import interrupted; the files finished before are in the library."));
  if (s->stopped_by)
    printf (_ ("Import stopped: %s\n"), s->stopped_by->message);

  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u new item (%s)", "Imported %u new items (%s)",
                       s->imported),
          s->imported, size);
  printf (g_dngettext (GETTEXT_PACKAGE, ", skipped %u duplicate", ", skipped %u duplicates",
                       s->duplicates),
          s->duplicates);
  printf (g_dngettext (GETTEXT_PACKAGE, ", %u failed", ", %u failed", s->failed), s->failed);
  printf (_ (" in %.1f s.\n"), s->seconds);
  if (s->previously_deleted > 0)
    printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u file was deleted from the library before and was not imported again.\n",
                     "%u files were deleted from the library before and were not imported again.\n",
                     s->previously_deleted),
        s->previously_deleted);
  if (s->ignored > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u file was not a photo or video and was left alone.\n",
                         "%u files were not photos or videos and were left alone.\n", s->ignored),
            s->ignored);
  for (guint i = 0; i < s->failures->len; i++)
    {
      SvImportError *f = g_ptr_array_index (s->failures, i);
      g_autofree char *path = sv_cli_display_path (f->path);

      printf ("  %s: %s\n", path, f->reason);
    }
}

int
sv_cli_import (SvCliContext *ctx, int argc, char **argv)
{
  gboolean copy = FALSE, reference = FALSE, json = FALSE, quiet = FALSE;
  int jobs = 0;
  g_auto (GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "copy", 0, 0, G_OPTION_ARG_NONE, &copy, N_ ("Copy the files into the library’s folder"),
      NULL },
    { "reference", 0, 0, G_OPTION_ARG_NONE, &reference, N_ ("Leave the files where they are"),
      NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_ ("Worker threads (default: one per processor)"),
      N_ ("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the summary as JSON"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_ ("Print no progress"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_ ("PATH…") },
    { NULL }
  };
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("PATH… — import photos"),
                          _ ("Imports the photos in the given files and folders (folders "
                             "recursively). Files already in the library are skipped. Without "
                             "--copy or --reference, the library’s import-mode setting decides."),
                          entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GListStore) inputs = NULL;
  ImportRun run = { 0 };
  guint sigint = 0, sigterm = 0;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      sv_cli_error (_ ("Name at least one file or folder to import"));
      return SV_EXIT_USAGE;
    }
  if (copy && reference)
    {
      sv_cli_error (_ ("--copy and --reference cannot be used together"));
      return SV_EXIT_USAGE;
    }
  if (jobs < 0 || jobs > 64)
    {
      sv_cli_error (_ ("--jobs must be between 1 and 64"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  inputs = g_list_store_new (G_TYPE_FILE);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_list_store_append (inputs, file);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.tty = isatty (STDERR_FILENO);
  run.quiet = quiet || json;
  run.importer = sv_importer_new (catalogue);
  sv_importer_set_n_workers (run.importer, (guint) jobs);
  sv_importer_set_mode (run.importer, copy        ? SV_IMPORT_MODE_COPY
                                      : reference ? SV_IMPORT_MODE_REFERENCE
                                                  : SV_IMPORT_MODE_DEFAULT);
  g_signal_connect (run.importer, "notify::files-done", G_CALLBACK (on_progress_cb), &run);
  sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, &run);

  sv_importer_import_async (run.importer, G_LIST_MODEL (inputs), run.cancellable, on_import_done_cb,
                            &run);
  g_main_loop_run (run.loop);
  clear_progress_line (&run);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (run.importer, &run);

  if (run.summary == NULL)
    {
      sv_cli_error (_ ("The import failed: %s"), run.error->message);
      exit_code = sv_cli_exit_code_for_error (run.error);
      if (exit_code == SV_EXIT_OK)
        exit_code = SV_EXIT_FAILURE;
    }
  else
    {
      if (json)
        {
          g_autoptr (JsonNode) node = summary_to_json (run.summary);
          sv_cli_print_json (node);
        }
      else
        print_summary (run.summary);

      if (run.summary->cancelled)
        exit_code = SV_EXIT_CANCELLED;
      else if (run.summary->stopped_by)
        exit_code = sv_cli_exit_code_for_error (run.summary->stopped_by) == SV_EXIT_DISK_FULL
                        ? SV_EXIT_DISK_FULL
                        : SV_EXIT_FAILURE;
      else if (run.summary->failed > 0)
        exit_code = SV_EXIT_PARTIAL;
    }

  g_clear_pointer (&run.summary, sv_import_summary_free);
  g_clear_error (&run.error);
  g_clear_object (&run.importer);
  g_clear_object (&run.cancellable);
  g_clear_pointer (&run.loop, g_main_loop_unref);
  return exit_code;
}
