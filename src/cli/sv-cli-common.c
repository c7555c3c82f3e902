/* sv-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sv-cli.h"
#include "sv-error.h"
#include "sv-json.h"

void
sv_cli_error (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "souvenir-cli: %s\n", message);
}

int
sv_cli_exit_code_for_error (const GError *error)
{
  if (error == NULL)
    return SV_EXIT_OK;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SV_EXIT_CANCELLED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
      g_error_matches (error, SV_ERROR, SV_ERROR_DISK_FULL))
    return SV_EXIT_DISK_FULL;
  if (g_error_matches (error, SV_ERROR, SV_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return SV_EXIT_NOT_FOUND;
  if (g_error_matches (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE) ||
      g_error_matches (error, SV_ERROR, SV_ERROR_CORRUPT) ||
      g_error_matches (error, SV_ERROR, SV_ERROR_DATABASE))
    return SV_EXIT_CATALOGUE;
  if (g_error_matches (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT))
    return SV_EXIT_USAGE;
  return SV_EXIT_FAILURE;
}

int
sv_cli_fail (const GError *error)
{
  sv_cli_error ("%s", error->message);
  return sv_cli_exit_code_for_error (error);
}

SvCatalogue *
sv_cli_open_catalogue (SvCliContext *ctx, int *exit_code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  SvCatalogue *catalogue;

  dir = ctx->library_dir ? g_strdup (ctx->library_dir) : sv_catalogue_default_library_dir ();
  catalogue = sv_catalogue_open (dir, &error);
  if (catalogue == NULL)
    {
      g_autofree char *display = sv_cli_display_path (dir);

      sv_cli_error (_ ("Cannot open the library in “%s”: %s"), display, error->message);
      *exit_code = sv_cli_exit_code_for_error (error);
      if (*exit_code == SV_EXIT_OK || *exit_code == SV_EXIT_NOT_FOUND ||
          *exit_code == SV_EXIT_USAGE)
        *exit_code = SV_EXIT_CATALOGUE;
    }
  return catalogue;
}

GOptionContext *
sv_cli_context_new (const char *parameter, const char *summary, const GOptionEntry *entries)
{
  GOptionContext *octx = g_option_context_new (parameter);

  if (entries != NULL)
    g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (octx, summary);
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  return octx;
}

gboolean
sv_cli_no_arguments (int argc, char **argv)
{
  if (argc > 1)
    {
      sv_cli_error (_ ("Unexpected argument “%s”"), argv[1]);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_cli_parse (GOptionContext *octx, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (octx, argc, argv, &error))
    {
      sv_cli_error ("%s", error->message);
      fprintf (stderr, _ ("Run “%s --help” for the options.\n"), (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

void
sv_cli_print_json (JsonNode *node)
{
  g_autofree char *text = sv_json_to_string (node, TRUE);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
sv_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  sv_cli_print_json (root);
}

char *
sv_cli_display_path (const char *path)
{
  return path ? g_filename_display_name (path) : g_strdup ("");
}

gint64
sv_cli_resolve_item (SvCatalogue *catalogue, const char *arg, int *exit_code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *absolute = NULL;
  gint64 id;

  /* Paths are made absolute here, against the current folder. */
  if (!g_path_is_absolute (arg) && strchr (arg, '/') != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (arg);
      absolute = g_file_get_path (file);
    }
  id = sv_catalogue_resolve (catalogue, absolute ? absolute : arg, &error);
  if (id <= 0)
    {
      g_autofree char *display = sv_cli_display_path (arg);

      if (error)
        sv_cli_error ("%s", error->message);
      else
        sv_cli_error (_ ("No item “%s” in this library"), display);
      *exit_code = error ? sv_cli_exit_code_for_error (error) : SV_EXIT_NOT_FOUND;
      if (*exit_code == SV_EXIT_USAGE || *exit_code == SV_EXIT_FAILURE)
        *exit_code = SV_EXIT_NOT_FOUND;
    }
  return id;
}

GArray *
sv_cli_resolve_items (SvCatalogue *catalogue, int argc, char **argv, int first, int *exit_code)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int k = first; k < argc; k++)
    {
      gint64 id = sv_cli_resolve_item (catalogue, argv[k], exit_code);

      if (id <= 0)
        return NULL;
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

SvCatalogue *
sv_cli_open_items (SvCliContext *ctx,
                   int argc,
                   char **argv,
                   int first,
                   GArray **ids,
                   int *exit_code)
{
  g_autoptr (SvCatalogue) catalogue = sv_cli_open_catalogue (ctx, exit_code);

  if (catalogue == NULL)
    return NULL;
  *ids = sv_cli_resolve_items (catalogue, argc, argv, first, exit_code);
  if (*ids == NULL)
    return NULL;
  return g_steal_pointer (&catalogue);
}

gboolean
sv_cli_parse_id (const char *text, gint64 *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}
