/* sv-cli-lifecycle.c: souvenir-cli trash, restore, backup, events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sv-backup.h"
#include "sv-catalogue-events.h"
#include "sv-cli.h"
#include "sv-error.h"
#include "sv-events.h"
#include "sv-trash.h"

/* ---- helpers ---- */

static char *
usec_to_iso (gint64 usec)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static void
print_ids_line (const char *label, GArray *ids)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint k = 0; k < ids->len; k++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, k ? " " : "", g_array_index (ids, gint64, k));
  printf ("%s %s\n", label, s->str);
}

static void
add_id_array (JsonBuilder *b, const char *name, GArray *ids)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint k = 0; ids != NULL && k < ids->len; k++)
    json_builder_add_int_value (b, g_array_index (ids, gint64, k));
  json_builder_end_array (b);
}

/* ---- trash ---- */

static int
trash_ls (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— list the trash"),
      _ ("Lists the items in the trash, with the days left before they are deleted for good."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvQuery) query = { 0 };
  int exit_code = SV_EXIT_OK;
  int retention;
  gint64 now = g_get_real_time ();

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  retention = sv_trash_get_retention_days (catalogue);
  sv_query_init (&query);
  query.trashed = TRUE;
  ids = sv_catalogue_query_ids (catalogue, &query, &error);
  if (ids != NULL)
    items =
        sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (items == NULL)
    return sv_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonArray) array = json_array_sized_new (items->len);
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint k = 0; k < items->len; k++)
        {
          SvMediaItem *item = g_ptr_array_index (items, k);
          JsonNode *node = sv_media_item_to_json (item, NULL);

          json_object_set_int_member (
              json_node_get_object (node), "days_left",
              sv_trash_days_left (sv_media_item_get_trashed_at (item), retention, now));
          json_array_add_element (array, node);
        }
      json_node_set_array (root, array);
      sv_cli_print_json (root);
      return SV_EXIT_OK;
    }
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);
      int left = sv_trash_days_left (sv_media_item_get_trashed_at (item), retention, now);
      g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));
      g_autofree char *days = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", left), left);

      printf ("%6" G_GINT64_FORMAT "  %-14s  %s\n", sv_media_item_get_id (item), days, path);
    }
  if (items->len == 0)
    printf ("%s\n", _ ("The trash is empty."));
  return SV_EXIT_OK;
}

static int
print_purge_result (SvTrashPurgeResult *result, gboolean json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_id_array (b, "purged", result->purged);
      add_id_array (b, "needs_permanent_deletion", result->needs_permanent_deletion);
      json_builder_set_member_name (b, "failures");
      json_builder_begin_array (b);
      for (guint k = 0; k < result->failures->len; k++)
        json_builder_add_string_value (b, g_ptr_array_index (result->failures, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
    }
  else
    {
      for (guint k = 0; k < result->failures->len; k++)
        sv_cli_error ("%s", (const char *) g_ptr_array_index (result->failures, k));
      printf (g_dngettext (GETTEXT_PACKAGE, "%u item deleted for good.\n",
                           "%u items deleted for good.\n", result->purged->len),
              result->purged->len);
      if (result->needs_permanent_deletion->len > 0)
        {
          printf (g_dngettext (GETTEXT_PACKAGE,
                               "%u item was kept: its original is on a disk without a trash. Run "
                               "again with --delete to delete it for good.\n",
                               "%u items were kept: their originals are on a disk without a trash. "
                               "Run again with --delete to delete them for good.\n",
                               result->needs_permanent_deletion->len),
                  result->needs_permanent_deletion->len);
          print_ids_line (_ ("Kept:"), result->needs_permanent_deletion);
        }
    }
  return result->failures->len > 0 || result->needs_permanent_deletion->len > 0 ? SV_EXIT_PARTIAL
                                                                                : SV_EXIT_OK;
}

static int
trash_empty (SvCliContext *ctx, int argc, char **argv, gboolean expired_only)
{
  gboolean json = FALSE, delete_permanently = FALSE, yes = FALSE;
  const GOptionEntry entries[] = {
    { "delete", 0, 0, G_OPTION_ARG_NONE, &delete_permanently,
      N_ ("Delete for good the originals that cannot go to the desktop trash"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_ ("Do not ask for confirmation"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      expired_only ? N_ ("— purge what has been in the trash too long") : N_ ("— empty the trash"),
      _ ("Deletes originals copied into the library, moves referenced originals to the desktop "
         "trash, and removes the items from the library for good."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  int exit_code = SV_EXIT_OK;
  SvTrashPurgeFlags flags;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  if (!expired_only && !yes)
    {
      char answer[16] = { 0 };

      if (!isatty (STDIN_FILENO))
        {
          sv_cli_error (_ ("Emptying the trash cannot be undone: add --yes to confirm"));
          return SV_EXIT_USAGE;
        }
      printf ("%s ", _ ("Empty the trash? This cannot be undone. [y/N]"));
      fflush (stdout);
      if (fgets (answer, sizeof answer, stdin) == NULL ||
          (answer[0] != 'y' && answer[0] != 'Y' && answer[0] != 'o' && answer[0] != 'O'))
        return SV_EXIT_CANCELLED;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  flags = delete_permanently ? SV_TRASH_PURGE_DELETE_PERMANENTLY : SV_TRASH_PURGE_DEFAULT;
  if (expired_only ? !sv_trash_purge_expired (catalogue, 0, flags, &result, &error)
                   : !sv_trash_empty (catalogue, NULL, 0, flags, &result, &error))
    return sv_cli_fail (error);
  return print_purge_result (&result, json);
}

int
sv_cli_trash (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;

  if (argc >= 2 && g_str_equal (argv[1], "ls"))
    return trash_ls (ctx, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "empty"))
    return trash_empty (ctx, argc - 1, argv + 1, FALSE);
  if (argc >= 2 && g_str_equal (argv[1], "purge"))
    return trash_empty (ctx, argc - 1, argv + 1, TRUE);
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      FILE *out = argc < 2 ? stderr : stdout;

      fprintf (out, "%s\n", _ ("Usage:"));
      fprintf (out, "  souvenir-cli trash ID…              %s\n", _ ("Move items to the trash"));
      fprintf (out, "  souvenir-cli trash ls [--json]      %s\n",
               _ ("List the trash, with the days left"));
      fprintf (out, "  souvenir-cli trash empty [--delete] [--yes] [--json]\n      %s\n",
               _ ("Delete everything in the trash for good"));
      fprintf (out, "  souvenir-cli trash purge [--delete] [--json]\n      %s\n",
               _ ("Delete what has been in the trash longer than the retention setting"));
      fprintf (out, "  souvenir-cli restore ID…            %s\n",
               _ ("Take items out of the trash"));
      return argc < 2 ? SV_EXIT_USAGE : SV_EXIT_OK;
    }
  if (argv[1][0] == '-' && !g_str_equal (argv[1], "--"))
    {
      sv_cli_error (_ ("Unknown option “%s”"), argv[1]);
      return SV_EXIT_USAGE;
    }
  catalogue =
      sv_cli_open_items (ctx, argc, argv, g_str_equal (argv[1], "--") ? 2 : 1, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!sv_trash_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, &error))
    return sv_cli_fail (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u item moved to the trash.\n",
                       "%u items moved to the trash.\n", ids->len),
          ids->len);
  return SV_EXIT_OK;
}

int
sv_cli_restore (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("ID… — take items out of the trash"),
      _ ("Puts items back in the timeline and their files back where they were. A catalogue backup "
         "is restored with “souvenir-cli backup restore FILE”."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) restored = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) renamed = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    {
      sv_cli_error (_ ("Name the items to restore: their ids, UUIDs or file paths"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_items (ctx, argc, argv, 1, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  for (guint k = 0; k < ids->len; k++)
    {
      gint64 id = g_array_index (ids, gint64, k);
      g_autoptr (SvMediaItem) item = sv_catalogue_get_item (catalogue, id, &error);

      if (item == NULL)
        return sv_cli_fail (error);
      if (sv_media_item_get_trashed_at (item) == 0)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
          sv_cli_error (_ ("Item %s is not in the trash"), text);
          exit_code = SV_EXIT_PARTIAL;
          continue;
        }
      g_array_append_val (restored, id);
    }
  if (!sv_trash_restore_items (catalogue, (const gint64 *) (gpointer) restored->data, restored->len,
                               &renamed, &error))
    return sv_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_id_array (b, "restored", restored);
      json_builder_set_member_name (b, "renamed");
      json_builder_begin_array (b);
      for (guint k = 0; k < renamed->len; k++)
        {
          SvTrashRenamed *r = g_ptr_array_index (renamed, k);
          g_autofree char *from = sv_cli_display_path (r->original_path);
          g_autofree char *to = sv_cli_display_path (r->restored_path);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, r->item_id);
          json_builder_set_member_name (b, "original_path");
          json_builder_add_string_value (b, from);
          json_builder_set_member_name (b, "restored_path");
          json_builder_add_string_value (b, to);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
      return exit_code;
    }
  for (guint k = 0; k < renamed->len; k++)
    {
      SvTrashRenamed *r = g_ptr_array_index (renamed, k);
      g_autofree char *from = sv_cli_display_path (r->original_path);
      g_autofree char *to = sv_cli_display_path (r->restored_path);

      printf (_ ("“%s” was taken: restored as “%s”.\n"), from, to);
    }
  printf (
      g_dngettext (GETTEXT_PACKAGE, "%u item restored.\n", "%u items restored.\n", restored->len),
      restored->len);
  return exit_code;
}

/* ---- backups ---- */

static char *
library_dir_of (SvCliContext *ctx)
{
  if (ctx->library_dir != NULL)
    return g_canonicalize_filename (ctx->library_dir, NULL);
  return sv_catalogue_default_library_dir ();
}

static int
backup_ls (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (N_ ("— list catalogue backups"));
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = library_dir_of (ctx);

  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  list = sv_backup_list (dir, &error);
  if (list == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint k = 0; k < list->len; k++)
        {
          SvBackupInfo *info = g_ptr_array_index (list, k);
          g_autofree char *path = sv_cli_display_path (info->path);
          g_autofree char *time = usec_to_iso (info->time_usec);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "path");
          json_builder_add_string_value (b, path);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, sv_backup_kind_to_string (info->kind));
          json_builder_set_member_name (b, "time");
          json_builder_add_string_value (b, time);
          json_builder_set_member_name (b, "bytes");
          json_builder_add_int_value (b, info->size);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  for (guint k = 0; k < list->len; k++)
    {
      SvBackupInfo *info = g_ptr_array_index (list, k);
      g_autofree char *path = sv_cli_display_path (info->path);
      g_autofree char *time = usec_to_iso (info->time_usec);
      g_autofree char *size = g_format_size ((guint64) info->size);

      printf ("%-20s  %-14s  %9s  %s\n", time, sv_backup_kind_to_string (info->kind), size, path);
    }
  return SV_EXIT_OK;
}

static int
backup_restore (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("FILE — replace the catalogue with a backup"),
      _ ("Checks the backup, keeps the current catalogue in backups/, then puts the backup in its "
         "place. Close Souvenir first: the library must not be open anywhere."),
      NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *dir = library_dir_of (ctx);
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2)
    {
      sv_cli_error (_ ("Name one backup file"));
      return SV_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  path = g_file_get_path (file);
  if (path == NULL || !sv_backup_restore (dir, path, &saved, &error))
    {
      if (error == NULL)
        {
          sv_cli_error (_ ("Name one backup file"));
          return SV_EXIT_USAGE;
        }
      return sv_cli_fail (error);
    }
  {
    g_autofree char *from = sv_cli_display_path (path);

    printf (_ ("Restored the catalogue from “%s”.\n"), from);
  }
  if (saved != NULL)
    {
      g_autofree char *kept = sv_cli_display_path (saved);
      printf (_ ("The catalogue it replaced is kept in “%s”.\n"), kept);
    }
  return SV_EXIT_OK;
}

int
sv_cli_backup (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, daily = FALSE;
  const GOptionEntry entries[] = {
    { "daily", 0, 0, G_OPTION_ARG_NONE, &daily,
      N_ ("Make the daily backup, only if the last one is a day old"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("[ls|restore FILE] — catalogue backups"),
      _ ("Backs the catalogue up into the library’s backups/ folder while the library stays "
         "usable. “backup ls” lists the backups; “backup restore FILE” puts one back."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int exit_code = SV_EXIT_OK;

  if (argc >= 2 && g_str_equal (argv[1], "ls"))
    return backup_ls (ctx, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "restore"))
    return backup_restore (ctx, argc - 1, argv + 1);

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (daily)
    {
      if (!sv_backup_run_daily_if_due (catalogue, 0, &path, &error))
        return sv_cli_fail (error);
    }
  else
    {
      path = sv_backup_create (catalogue, SV_BACKUP_KIND_MANUAL, 0, &error);
      if (path == NULL)
        return sv_cli_fail (error);
    }
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autofree char *display = path ? sv_cli_display_path (path) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      if (display)
        json_builder_add_string_value (b, display);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
    }
  else if (path != NULL)
    {
      g_autofree char *display = sv_cli_display_path (path);
      printf (_ ("Backed up the catalogue to “%s”.\n"), display);
    }
  else
    printf ("%s\n", _ ("The daily backup is up to date."));
  return SV_EXIT_OK;
}

/* ---- events ---- */

static void
event_to_json (JsonBuilder *b, SvEventInfo *e, GArray *members)
{
  g_autofree char *title = sv_events_dup_title (e);
  g_autofree char *dates = sv_events_format_dates (e->first_local, e->last_local);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, e->id);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, e->uuid);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "name");
  if (e->name)
    json_builder_add_string_value (b, e->name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name_source");
  if (e->name_source)
    json_builder_add_string_value (b, e->name_source);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "user_edited");
  json_builder_add_boolean_value (b, e->pinned);
  json_builder_set_member_name (b, "dates");
  if (dates)
    json_builder_add_string_value (b, dates);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "start");
  if (e->first_local)
    json_builder_add_string_value (b, e->first_local);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "end");
  if (e->last_local)
    json_builder_add_string_value (b, e->last_local);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "items");
  json_builder_add_int_value (b, e->n_items);
  json_builder_set_member_name (b, "episodes");
  json_builder_add_int_value (b, e->n_episodes);
  json_builder_set_member_name (b, "cover_item_id");
  if (e->cover_item_id)
    json_builder_add_int_value (b, e->cover_item_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "cover_is_user");
  json_builder_add_boolean_value (b, e->user_cover_item_id != 0);
  json_builder_set_member_name (b, "city");
  if (e->city)
    json_builder_add_string_value (b, e->city);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "country");
  if (e->country)
    json_builder_add_string_value (b, e->country);
  else
    json_builder_add_null_value (b);
  if (members != NULL)
    {
      json_builder_set_member_name (b, "members");
      json_builder_begin_array (b);
      for (guint k = 0; k < members->len; k++)
        {
          SvEventMember *m = &g_array_index (members, SvEventMember, k);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, m->item_id);
          json_builder_set_member_name (b, "taken_at");
          json_builder_add_string_value (b, m->taken_local);
          json_builder_set_member_name (b, "episode");
          json_builder_add_int_value (b, m->episode);
          json_builder_set_member_name (b, "user_set");
          json_builder_add_boolean_value (b, m->user_set);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static int
events_usage (FILE *out, int code)
{
  fprintf (out, "%s\n", _ ("Usage:"));
  fprintf (out, "  souvenir-cli events ls [--json]\n");
  fprintf (out, "  souvenir-cli events show EVENT [--json]\n");
  fprintf (out, "  souvenir-cli events rename EVENT NAME     %s\n",
           _ ("(an empty NAME brings the automatic title back)"));
  fprintf (out, "  souvenir-cli events merge EVENT OTHER-EVENT\n");
  fprintf (out, "  souvenir-cli events split EVENT AT-ITEM\n");
  fprintf (out, "  souvenir-cli events move EVENT ITEM…\n");
  fprintf (out, "  souvenir-cli events cover EVENT ITEM|auto\n");
  fprintf (out, "  souvenir-cli events recompute\n");
  return code;
}

static gboolean
event_arg (const char *text, gint64 *id)
{
  if (sv_cli_parse_id (text, id))
    return TRUE;
  sv_cli_error (_ ("“%s” is not an event number"), text);
  return FALSE;
}

int
sv_cli_events (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("ls|show|rename|merge|split|move|cover|recompute — events"),
                          _ ("Events group photos by time and by folder name; the user’s changes "
                             "are kept when events are recomputed."),
                          entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb;
  int exit_code = SV_EXIT_OK;
  gint64 event_id = 0;

  if (argc < 2)
    return events_usage (stderr, SV_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return events_usage (stdout, SV_EXIT_OK);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    return events_usage (stderr, SV_EXIT_USAGE);
  verb = argv[1];

  if (!g_str_equal (verb, "ls") && !g_str_equal (verb, "recompute") &&
      !g_str_equal (verb, "show") && !g_str_equal (verb, "rename") &&
      !g_str_equal (verb, "merge") && !g_str_equal (verb, "split") && !g_str_equal (verb, "move") &&
      !g_str_equal (verb, "cover"))
    {
      sv_cli_error (_ ("Unknown events command “%s”"), verb);
      return events_usage (stderr, SV_EXIT_USAGE);
    }
  if (((g_str_equal (verb, "ls") || g_str_equal (verb, "recompute")) && argc != 2) ||
      (g_str_equal (verb, "show") && argc != 3) ||
      ((g_str_equal (verb, "rename") || g_str_equal (verb, "merge") ||
        g_str_equal (verb, "split") || g_str_equal (verb, "cover")) &&
       argc != 4) ||
      (g_str_equal (verb, "move") && argc < 4))
    return events_usage (stderr, SV_EXIT_USAGE);
  if (argc >= 3 && !event_arg (argv[2], &event_id))
    return SV_EXIT_USAGE;

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  if (g_str_equal (verb, "ls"))
    {
      g_autoptr (GPtrArray) events = sv_catalogue_events_list (catalogue, &error);

      if (events == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint k = 0; k < events->len; k++)
            event_to_json (b, g_ptr_array_index (events, k), NULL);
          json_builder_end_array (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      for (guint k = 0; k < events->len; k++)
        {
          SvEventInfo *e = g_ptr_array_index (events, k);
          g_autofree char *title = sv_events_dup_title (e);
          g_autofree char *count = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", e->n_items), e->n_items);

          printf ("%6" G_GINT64_FORMAT "  %.10s  %-12s  %s%s\n", e->id,
                  e->first_local ? e->first_local : "", count, title, e->pinned ? " *" : "");
        }
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "recompute"))
    {
      if (!sv_events_recompute (catalogue, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "show"))
    {
      g_autoptr (SvEventInfo) e = sv_catalogue_events_get (catalogue, event_id, &error);
      g_autoptr (GArray) members = NULL;
      g_autofree char *title = NULL;
      g_autofree char *dates = NULL;

      if (e != NULL)
        members = sv_catalogue_events_get_members (catalogue, event_id, &error);
      if (e == NULL || members == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          event_to_json (b, e, members);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      title = sv_events_dup_title (e);
      dates = sv_events_format_dates (e->first_local, e->last_local);
      printf ("%-12s %s\n", _ ("Title"), title);
      if (dates)
        printf ("%-12s %s\n", _ ("Dates"), dates);
      printf ("%-12s %u\n", _ ("Photos"), e->n_items);
      printf ("%-12s %u\n", _ ("Episodes"), e->n_episodes);
      if (e->cover_item_id)
        printf ("%-12s %" G_GINT64_FORMAT "\n", _ ("Cover"), e->cover_item_id);
      for (guint k = 0; k < members->len; k++)
        {
          SvEventMember *m = &g_array_index (members, SvEventMember, k);
          printf ("  %-3u %6" G_GINT64_FORMAT "  %s\n", m->episode + 1, m->item_id, m->taken_local);
        }
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "rename"))
    {
      if (!sv_catalogue_events_rename (catalogue, event_id, argv[3], &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "merge"))
    {
      gint64 other;

      if (!event_arg (argv[3], &other))
        return SV_EXIT_USAGE;
      if (!sv_catalogue_events_merge (catalogue, event_id, other, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "split"))
    {
      gint64 at = sv_cli_resolve_item (catalogue, argv[3], &exit_code);
      gint64 new_id;

      if (at <= 0)
        return exit_code;
      new_id = sv_catalogue_events_split (catalogue, event_id, at, &error);
      if (new_id == 0)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "new_event_id");
          json_builder_add_int_value (b, new_id);
          json_builder_end_object (b);
          sv_cli_print_builder (b);
        }
      else
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, new_id);
          printf (_ ("New event: %s\n"), text);
        }
      return SV_EXIT_OK;
    }
  if (g_str_equal (verb, "cover"))
    {
      gint64 item = 0;

      if (!g_str_equal (argv[3], "auto"))
        {
          item = sv_cli_resolve_item (catalogue, argv[3], &exit_code);
          if (item <= 0)
            return exit_code;
        }
      if (!sv_catalogue_events_set_cover (catalogue, event_id, item, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }
  /* move */
  {
    g_autoptr (GArray) ids = sv_cli_resolve_items (catalogue, argc, argv, 3, &exit_code);

    if (ids == NULL)
      return exit_code;
    if (!sv_catalogue_events_move (catalogue, event_id, (const gint64 *) (gpointer) ids->data,
                                   ids->len, &error))
      return sv_cli_fail (error);
  }
  return SV_EXIT_OK;
}
