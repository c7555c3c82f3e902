/* sv-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

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

      sv_cli_error (_("Cannot open the library in “%s”: %s"), display, error->message);
      *exit_code = sv_cli_exit_code_for_error (error);
      if (*exit_code == SV_EXIT_OK || *exit_code == SV_EXIT_NOT_FOUND ||
          *exit_code == SV_EXIT_USAGE)
        *exit_code = SV_EXIT_CATALOGUE;
    }
  return catalogue;
}

gboolean
sv_cli_parse (GOptionContext *octx, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (octx, argc, argv, &error))
    {
      sv_cli_error ("%s", error->message);
      fprintf (stderr, _("Run “%s --help” for the options.\n"), (*argv)[0]);
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

char *
sv_cli_display_path (const char *path)
{
  return path ? g_filename_display_name (path) : g_strdup ("");
}
