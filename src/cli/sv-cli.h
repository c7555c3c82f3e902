/* sv-cli.h: what the souvenir-cli subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Exit codes: stable, scripts rely on them (documented in the README and in
 * `souvenir-cli --help`). */
typedef enum
{
  SV_EXIT_OK = 0,
  SV_EXIT_FAILURE = 1,     /* an error not listed below */
  SV_EXIT_USAGE = 2,       /* bad command line */
  SV_EXIT_NOT_FOUND = 3,   /* no such item, file or subcommand argument */
  SV_EXIT_PARTIAL = 4,     /* import: some files could not be imported */
  SV_EXIT_CATALOGUE = 5,   /* the library cannot be opened (newer, corrupt) */
  SV_EXIT_PROBLEMS = 6,    /* check: problems found */
  SV_EXIT_DISK_FULL = 7,   /* import stopped: no space left */
  SV_EXIT_CANCELLED = 130, /* interrupted (Ctrl+C) */
} SvExitCode;

typedef struct
{
  const char *library_dir; /* from --library, NULL: default */
  const char *prog_name;
} SvCliContext;

typedef int (*SvCliCommandFunc) (SvCliContext *ctx, int argc, char **argv);

int
sv_cli_import (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_ls (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_info (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_stats (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_check (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_thumbnail (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_trash (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_restore (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_backup (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_events (SvCliContext *ctx, int argc, char **argv);

/* sv-cli-search.c */
int
sv_cli_search (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_suggest (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_caption (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_keyword (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_favorite (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_rate (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_album (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_date (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_place (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_analyze (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_people (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_faces (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_labels (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_analysis (SvCliContext *ctx, int argc, char **argv);

/* sv-cli-duplicates.c */
int
sv_cli_duplicates (SvCliContext *ctx, int argc, char **argv);

/* sv-cli-watch.c */
int
sv_cli_watch (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_rescan (SvCliContext *ctx, int argc, char **argv);
int
sv_cli_volumes (SvCliContext *ctx, int argc, char **argv);

/* Opens the library named by --library / SOUVENIR_LIBRARY / the default;
 * prints the error and sets *exit_code when it cannot. */
SvCatalogue *
sv_cli_open_catalogue (SvCliContext *ctx, int *exit_code);

/* A subcommand's option context: @parameter (untranslated, N_()) after the
 * command name in --help, @summary (translated) under it, @entries (NULL:
 * none) translated in GETTEXT_PACKAGE. */
GOptionContext *
sv_cli_context_new (const char *parameter, const char *summary, const GOptionEntry *entries);

/* Parses a subcommand's options; on failure prints the error and the usage
 * hint and returns FALSE (exit with SV_EXIT_USAGE). */
gboolean
sv_cli_parse (GOptionContext *octx, int *argc, char ***argv);

/* FALSE, with the error printed, when arguments are left after the
 * command name (exit with SV_EXIT_USAGE). */
gboolean
sv_cli_no_arguments (int argc, char **argv);

/* "souvenir-cli: <message>" on stderr. */
void
sv_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Maps an error to an exit code. */
int
sv_cli_exit_code_for_error (const GError *error);
/* Prints @error and returns its exit code. */
int
sv_cli_fail (const GError *error);

/* Prints @node as JSON on stdout followed by a newline. */
void
sv_cli_print_json (JsonNode *node);
/* The same for what @builder holds. */
void
sv_cli_print_builder (JsonBuilder *builder);

/* An item given on the command line: its id, its UUID or the path of one of
 * its files (relative paths are taken from the current folder). Prints the
 * error and sets *exit_code (SV_EXIT_NOT_FOUND) when there is none. */
gint64
sv_cli_resolve_item (SvCatalogue *catalogue, const char *arg, int *exit_code);
/* Every argument from @first on; NULL (error printed, *exit_code set) when
 * one is not an item. */
GArray *
sv_cli_resolve_items (SvCatalogue *catalogue, int argc, char **argv, int first, int *exit_code);
/* Opens the library and resolves every argument from @first on into
 * *@ids; NULL (error printed, *exit_code set) when the library cannot be
 * opened or an argument is not an item. */
SvCatalogue *
sv_cli_open_items (SvCliContext *ctx,
                   int argc,
                   char **argv,
                   int first,
                   GArray **ids,
                   int *exit_code);
/* A positive decimal id. */
gboolean
sv_cli_parse_id (const char *text, gint64 *id);

/* A path for people (UTF-8, lossy if the name is not valid). */
char *
sv_cli_display_path (const char *path);

G_END_DECLS
