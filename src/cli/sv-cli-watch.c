/* sv-cli-watch.c: souvenir-cli watch, rescan, volumes
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

#include "sv-cli.h"
#include "sv-error.h"
#include "sv-json.h"
#include "sv-volumes.h"
#include "sv-watched-folders.h"
#include "sv-watcher.h"

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  SvRescanSummary *summary;
  GError *error;
  gboolean stopping;
} WatchRun;

static gboolean
on_interrupt_cb (gpointer data)
{
  WatchRun *run = data;

  run->stopping = TRUE;
  g_cancellable_cancel (run->cancellable);
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static char *
usec_to_iso (gint64 usec)
{
  g_autoptr (GDateTime) dt = NULL;

  if (usec <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* ---- watch add / rm / ls ---- */

static int
watch_add (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("DIR — watch a folder"),
      _ ("Adds a folder to the library’s watched folders: its photos and videos are imported (left "
         "where they are) by “souvenir-cli rescan”, “souvenir-cli watch run” and the app. A "
         "watched folder inside it is replaced by it."),
      NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvWatchedFolder) folder = NULL;
  g_autoptr (GPtrArray) absorbed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *display = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2)
    {
      sv_cli_error (_ ("Name one folder to watch"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  folder = sv_watched_folders_add (catalogue, argv[1], absorbed, &error);
  if (folder == NULL)
    return sv_cli_fail (error);
  display = sv_cli_display_path (folder->path);
  printf (_ ("Watching “%s”.\n"), display);
  for (guint i = 0; i < absorbed->len; i++)
    {
      g_autofree char *inner = sv_cli_display_path (g_ptr_array_index (absorbed, i));

      printf (_ ("“%s” is now watched as part of it.\n"), inner);
    }
  return SV_EXIT_OK;
}

static int
watch_rm (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("DIR — stop watching a folder"),
      _ ("Stops watching a folder. The photos already imported from it stay in the library."),
      NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *display = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2)
    {
      sv_cli_error (_ ("Name one watched folder"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!sv_watched_folders_remove (catalogue, argv[1], &error))
    return sv_cli_fail (error);
  display = sv_cli_display_path (argv[1]);
  printf (_ ("No longer watching “%s”.\n"), display);
  return SV_EXIT_OK;
}

static int
watch_ls (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("— list the watched folders"),
                          _ ("Lists the watched folders, with their last scan."), entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GPtrArray) folders = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  folders = sv_watched_folders_list (catalogue, &error);
  if (folders == NULL)
    return sv_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < folders->len; i++)
        {
          SvWatchedFolder *f = g_ptr_array_index (folders, i);
          g_autofree char *path = sv_cli_display_path (f->path);
          g_autofree char *added = usec_to_iso (f->added_at);
          g_autofree char *scanned = usec_to_iso (f->last_scan);

          json_builder_begin_object (b);
          sv_json_builder_add_int (b, "id", f->id);
          sv_json_builder_add_string (b, "path", path);
          sv_json_builder_add_string (b, "added_at", added);
          json_builder_set_member_name (b, "last_scan");
          if (scanned)
            json_builder_add_string_value (b, scanned);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  for (guint i = 0; i < folders->len; i++)
    {
      SvWatchedFolder *f = g_ptr_array_index (folders, i);
      g_autofree char *path = sv_cli_display_path (f->path);
      g_autofree char *scanned = usec_to_iso (f->last_scan);

      printf ("%s  (%s)\n", path, scanned ? scanned : _ ("never scanned"));
    }
  if (folders->len == 0)
    printf ("%s\n", _ ("No folder is watched."));
  return SV_EXIT_OK;
}

/* ---- events and summaries ---- */

static void
print_event (const SvWatchEvent *e)
{
  g_autofree char *path = sv_cli_display_path (e->path);

  switch (e->kind)
    {
      case SV_WATCH_EVENT_NEW:
        printf (_ ("New: %s\n"), path);
        break;
      case SV_WATCH_EVENT_DUPLICATE:
        printf (_ ("Already in the library (one more location): %s\n"), path);
        break;
      case SV_WATCH_EVENT_CHANGED:
        printf (_ ("Changed: %s\n"), path);
        break;
      case SV_WATCH_EVENT_MOVED:
        {
          g_autofree char *old_path = sv_cli_display_path (e->old_path);

          printf (_ ("Moved: %s → %s\n"), old_path, path);
        }
        break;
      case SV_WATCH_EVENT_MISSING:
        printf (_ ("Missing: %s\n"), path);
        break;
      case SV_WATCH_EVENT_BACK:
        printf (_ ("Found again: %s\n"), path);
        break;
      case SV_WATCH_EVENT_PREVIOUSLY_DELETED:
        printf (_ ("Deleted from the library before, not imported again: %s\n"), path);
        break;
      case SV_WATCH_EVENT_FAILED:
      default:
        printf (_ ("Failed: %s: %s\n"), path, e->reason ? e->reason : "");
        break;
    }
  fflush (stdout);
}

static JsonNode *
rescan_to_json (const SvRescanSummary *s)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "folders", s->folders);
  sv_json_builder_add_int (b, "checked", s->checked);
  sv_json_builder_add_int (b, "unchanged", s->unchanged);
  sv_json_builder_add_int (b, "new", s->new_files);
  sv_json_builder_add_int (b, "duplicates", s->duplicates);
  sv_json_builder_add_int (b, "changed", s->changed);
  sv_json_builder_add_int (b, "moved", s->moved);
  sv_json_builder_add_int (b, "missing", s->missing);
  sv_json_builder_add_int (b, "back", s->back);
  sv_json_builder_add_int (b, "previously_deleted", s->previously_deleted);
  sv_json_builder_add_int (b, "failed", s->failed);
  sv_json_builder_add_int (b, "skipped", s->skipped);
  sv_json_builder_add_int (b, "files_read", s->files_read);
  sv_json_builder_add_double (b, "seconds", s->seconds);
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->events->len; i++)
    {
      SvWatchEvent *e = g_ptr_array_index (s->events, i);
      g_autofree char *path = NULL;

      if (e->kind != SV_WATCH_EVENT_FAILED)
        continue;
      path = sv_cli_display_path (e->path);
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "path", path);
      sv_json_builder_add_string (b, "reason", e->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_rescan (const SvRescanSummary *s)
{
  printf (g_dngettext (GETTEXT_PACKAGE, "Checked %u file", "Checked %u files", s->checked),
          s->checked);
  printf (
      g_dngettext (GETTEXT_PACKAGE, " in %u watched folder", " in %u watched folders", s->folders),
      s->folders);
  printf (_ (" (%.2f s): %u new, %u changed, %u moved, %u missing"), s->seconds, s->new_files,
          s->changed, s->moved, s->missing);
  if (s->duplicates > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, ", %u already in the library",
                         ", %u already in the library", s->duplicates),
            s->duplicates);
  if (s->back > 0)
    printf (_ (", %u found again"), s->back);
  if (s->previously_deleted > 0)
    printf (_ (", %u deleted from the library before"), s->previously_deleted);
  if (s->failed > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, ", %u failed", ", %u failed", s->failed), s->failed);
  printf (".\n");
  if (s->skipped > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u file that could not be imported before and has not changed since was "
                         "left alone.\n",
                         "%u files that could not be imported before and have not changed since "
                         "were left alone.\n",
                         s->skipped),
            s->skipped);
  if (s->settling > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u file still being written will be imported once it stops growing.\n",
                         "%u files still being written will be imported once they stop growing.\n",
                         s->settling),
            s->settling);
  for (guint i = 0; i < s->events->len; i++)
    {
      SvWatchEvent *e = g_ptr_array_index (s->events, i);

      if (e->kind == SV_WATCH_EVENT_FAILED)
        print_event (e);
    }
}

/* ---- rescan ---- */

static void
on_rescan_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  WatchRun *run = data;

  run->summary = sv_watcher_rescan_finish (SV_WATCHER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
sv_cli_rescan (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the counts as JSON"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— rescan the watched folders"),
      _ ("Looks once at every watched folder: new files are imported, files moved or renamed are "
         "recognised by their content, deleted files are marked missing. Files the library knows "
         "with the same size and time are not read."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvWatcher) watcher = NULL;
  WatchRun run = { 0 };
  guint sigint, sigterm;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  watcher = sv_watcher_new (catalogue);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, &run);
  sv_watcher_rescan_async (watcher, run.cancellable, on_rescan_done_cb, &run);
  g_main_loop_run (run.loop);
  if (run.stopping && run.summary == NULL && run.error == NULL)
    {
      /* Let the worker notice the cancellation and finish. */
      g_main_loop_run (run.loop);
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (run.summary == NULL)
    {
      if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        exit_code = SV_EXIT_CANCELLED;
      else
        exit_code = sv_cli_fail (run.error);
    }
  else
    {
      if (json)
        {
          g_autoptr (JsonNode) node = rescan_to_json (run.summary);

          sv_cli_print_json (node);
        }
      else
        print_rescan (run.summary);
      if (run.summary->failed > 0)
        exit_code = SV_EXIT_PARTIAL;
    }
  g_clear_pointer (&run.summary, sv_rescan_summary_free);
  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_clear_pointer (&run.loop, g_main_loop_unref);
  return exit_code;
}

/* ---- watch run ---- */

static void
on_file_event_cb (SvWatcher *watcher, SvWatchEvent *event, gpointer data)
{
  print_event (event);
}

static void
on_start_rescan_done_cb (SvWatcher *watcher, SvRescanSummary *summary, gpointer data)
{
  print_rescan (summary);
  printf (g_dngettext (GETTEXT_PACKAGE, "Watching %u folder for changes (Ctrl+C to stop)…\n",
                       "Watching %u folders for changes (Ctrl+C to stop)…\n",
                       sv_watcher_get_n_monitors (watcher)),
          sv_watcher_get_n_monitors (watcher));
  fflush (stdout);
}

static int
watch_run (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— rescan, then import changes as they happen"),
      _ ("Rescans the watched folders, then keeps watching them: a new file is imported once it "
         "has stopped growing for two seconds. Runs until interrupted (Ctrl+C or SIGTERM), which "
         "is a normal stop (exit status 0)."),
      NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvWatcher) watcher = NULL;
  g_autoptr (GPtrArray) folders = NULL;
  g_autoptr (GError) error = NULL;
  WatchRun run = { 0 };
  guint sigint, sigterm;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  folders = sv_watched_folders_list (catalogue, &error);
  if (folders == NULL)
    return sv_cli_fail (error);
  if (folders->len == 0)
    {
      sv_cli_error (_ ("No folder is watched; add one with “souvenir-cli watch add DIR”"));
      return SV_EXIT_NOT_FOUND;
    }

  watcher = sv_watcher_new (catalogue);
  g_signal_connect (watcher, "file-event", G_CALLBACK (on_file_event_cb), NULL);
  g_signal_connect (watcher, "rescan-done", G_CALLBACK (on_start_rescan_done_cb), NULL);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, &run);
  sv_watcher_start (watcher);
  g_main_loop_run (run.loop);
  sv_watcher_stop (watcher);
  /* A batch still running finishes on its cancellation; wait for it. */
  while (sv_watcher_get_busy (watcher))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  printf ("%s\n", _ ("Stopped watching."));
  g_clear_object (&run.cancellable);
  g_clear_pointer (&run.loop, g_main_loop_unref);
  return SV_EXIT_OK;
}

static int
watch_usage (FILE *out, int exit_code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli watch add DIR        %s\n", _ ("Watch a folder"));
  fprintf (out, "  souvenir-cli watch rm DIR         %s\n", _ ("Stop watching a folder"));
  fprintf (out, "  souvenir-cli watch ls [--json]    %s\n", _ ("List the watched folders"));
  fprintf (out, "  souvenir-cli watch run            %s\n",
           _ ("Rescan, then import changes as they happen, until interrupted"));
  fprintf (out, "  souvenir-cli rescan [--json]      %s\n",
           _ ("Rescan the watched folders once and print the counts"));
  return exit_code;
}

int
sv_cli_watch (SvCliContext *ctx, int argc, char **argv)
{
  if (argc < 2)
    return watch_usage (stderr, SV_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return watch_usage (stdout, SV_EXIT_OK);
  if (g_str_equal (argv[1], "add"))
    return watch_add (ctx, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rm"))
    return watch_rm (ctx, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "ls"))
    return watch_ls (ctx, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "run"))
    return watch_run (ctx, argc - 1, argv + 1);
  sv_cli_error (_ ("Unknown watch command “%s”"), argv[1]);
  return watch_usage (stderr, SV_EXIT_USAGE);
}

/* ---- volumes ---- */

static int
volumes_ls (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("— list mounted cards, cameras and phones with photos"),
                          _ ("Lists the mounted volumes that have a DCIM folder (memory cards, "
                             "cameras, phones), with the number of photos and videos on them."),
                          entries);
  g_autoptr (GPtrArray) volumes = NULL;
  g_autoptr (GError) error = NULL;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  volumes = sv_volumes_list (NULL, &error);
  if (volumes == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < volumes->len; i++)
        {
          SvVolume *v = g_ptr_array_index (volumes, i);
          g_autofree char *root_path = v->root_path ? sv_cli_display_path (v->root_path) : NULL;
          g_autofree char *dcim = sv_cli_display_path (v->dcim_path);

          json_builder_begin_object (b);
          sv_json_builder_add_string (b, "name", v->name);
          sv_json_builder_add_string (b, "root", root_path);
          sv_json_builder_add_string (b, "uri", v->root_uri);
          sv_json_builder_add_string (b, "dcim", dcim);
          sv_json_builder_add_int (b, "files", v->n_media);
          sv_json_builder_add_int (b, "bytes", (gint64) v->bytes);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  for (guint i = 0; i < volumes->len; i++)
    {
      SvVolume *v = g_ptr_array_index (volumes, i);
      g_autofree char *size = g_format_size (v->bytes);
      g_autofree char *where = sv_cli_display_path (v->root_path ? v->root_path : v->root_uri);

      printf ("%s  %s  ", v->name, where);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u photo or video (%s)\n",
                           "%u photos and videos (%s)\n", v->n_media),
              v->n_media, size);
    }
  if (volumes->len == 0)
    printf ("%s\n", _ ("No card, camera or phone with photos is mounted."));
  return SV_EXIT_OK;
}

static int
volumes_import (SvCliContext *ctx, int argc, char **argv)
{
  gboolean reference = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "reference", 0, 0, G_OPTION_ARG_NONE, &reference,
      N_ ("Leave the files on the volume instead of copying them"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the summary as JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("MOUNT — import the new photos of a card, camera or phone"),
      _ ("Imports the photos and videos in the DCIM folder of the volume mounted at MOUNT that are "
         "not in the library yet. They are copied into the library, since the card will leave, "
         "unless --reference is given."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GFile) root = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2)
    {
      sv_cli_error (_ ("Name the folder where the volume is mounted"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  root = g_file_new_for_commandline_arg (argv[1]);
  summary = sv_volumes_import (
      catalogue, root, reference ? SV_IMPORT_MODE_REFERENCE : SV_IMPORT_MODE_COPY, NULL, &error);
  if (summary == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "mode", sv_import_mode_to_string (summary->mode));
      sv_json_builder_add_int (b, "files_seen", summary->files_seen);
      sv_json_builder_add_int (b, "imported", summary->imported);
      sv_json_builder_add_int (b, "already_in_library", summary->duplicates);
      sv_json_builder_add_int (b, "previously_deleted", summary->previously_deleted);
      sv_json_builder_add_int (b, "failed", summary->failed);
      sv_json_builder_add_int (b, "bytes", (gint64) summary->bytes);
      json_builder_set_member_name (b, "item_ids");
      json_builder_begin_array (b);
      for (guint i = 0; i < summary->new_item_ids->len; i++)
        json_builder_add_int_value (b, g_array_index (summary->new_item_ids, gint64, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
    }
  else
    {
      g_autofree char *size = g_format_size (summary->bytes);

      printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u new item (%s)",
                           "Imported %u new items (%s)", summary->imported),
              summary->imported, size);
      printf (g_dngettext (GETTEXT_PACKAGE, ", %u already in the library",
                           ", %u already in the library", summary->duplicates),
              summary->duplicates);
      printf (g_dngettext (GETTEXT_PACKAGE, ", %u failed.\n", ", %u failed.\n", summary->failed),
              summary->failed);
      for (guint i = 0; i < summary->failures->len; i++)
        {
          SvImportError *f = g_ptr_array_index (summary->failures, i);
          g_autofree char *path = sv_cli_display_path (f->path);

          printf ("  %s: %s\n", path, f->reason);
        }
    }
  if (summary->stopped_by != NULL)
    return sv_cli_exit_code_for_error (summary->stopped_by) == SV_EXIT_DISK_FULL ? SV_EXIT_DISK_FULL
                                                                                 : SV_EXIT_FAILURE;
  return summary->failed > 0 ? SV_EXIT_PARTIAL : SV_EXIT_OK;
}

static int
volumes_usage (FILE *out, int exit_code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli volumes [--json]                 %s\n",
           _ ("List mounted cards, cameras and phones with photos"));
  fprintf (out, "  souvenir-cli volumes import MOUNT [--reference] [--json]\n      %s\n",
           _ ("Import their new photos (copied into the library unless --reference)"));
  return exit_code;
}

int
sv_cli_volumes (SvCliContext *ctx, int argc, char **argv)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    return volumes_usage (stdout, SV_EXIT_OK);
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return volumes_import (ctx, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "ls"))
    return volumes_ls (ctx, argc - 1, argv + 1);
  if (argc >= 2 && argv[1][0] != '-')
    {
      sv_cli_error (_ ("Unknown volumes command “%s”"), argv[1]);
      return volumes_usage (stderr, SV_EXIT_USAGE);
    }
  return volumes_ls (ctx, argc, argv);
}
