/* main.c: souvenir-cli, the headless face of the Souvenir library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "sv-cli.h"
#include "sv-i18n.h"

typedef struct
{
  const char *name;
  SvCliCommandFunc func;
  const char *summary; /* N_() */
} SvCliCommand;

static const SvCliCommand commands[] = {
  { "import", sv_cli_import, N_ ("Import photos from files and folders") },
  { "ls", sv_cli_ls, N_ ("List items, newest first, with filters") },
  { "info", sv_cli_info, N_ ("Show everything known about one item") },
  { "stats", sv_cli_stats, N_ ("Show library statistics") },
  { "check", sv_cli_check, N_ ("Check the catalogue, the files and the thumbnails") },
  { "thumbnail", sv_cli_thumbnail, N_ ("Write an item’s thumbnail to a file") },
  { "trash", sv_cli_trash, N_ ("Move items to the trash; list, empty or purge the trash") },
  { "restore", sv_cli_restore, N_ ("Take items out of the trash, files back in place") },
  { "backup", sv_cli_backup, N_ ("Back up the catalogue; list or restore backups") },
  { "events", sv_cli_events, N_ ("List, rename, merge, split events; move photos between them") },
  { "search", sv_cli_search, N_ ("Search the library (words, dates, places, filters)") },
  { "suggest", sv_cli_suggest, N_ ("Suggest places, people, albums, keywords, cameras") },
  { "caption", sv_cli_caption, N_ ("Set an item’s caption") },
  { "keyword", sv_cli_keyword, N_ ("Add or remove a keyword on items; complete keywords") },
  { "favorite", sv_cli_favorite, N_ ("Mark items as favourites (or not, with --off)") },
  { "rate", sv_cli_rate, N_ ("Rate items from 0 to 5 stars") },
  { "album", sv_cli_album, N_ ("Create, edit, fill and order albums") },
  { "date", sv_cli_date, N_ ("Fix capture dates: shift, time zone, reset") },
  { "place", sv_cli_place, N_ ("Fix places: set a city, clear, reset") },
  { "analyze", sv_cli_analyze, N_ ("Find faces and scene labels (on this computer only)") },
  { "people", sv_cli_people, N_ ("List, show, name, merge or hide people") },
  { "faces", sv_cli_faces, N_ ("List an item’s faces; move or remove a face") },
  { "labels", sv_cli_labels, N_ ("List an item’s scene and object labels") },
  { "analysis", sv_cli_analysis,
    N_ ("Analysis status, face recognition and scene label settings, erase faces") },
  { "duplicates", sv_cli_duplicates, N_ ("Find near-duplicate photos; trash all but the best") },
  { "watch", sv_cli_watch, N_ ("Watch folders: add, remove, list, run the watcher") },
  { "rescan", sv_cli_rescan, N_ ("Rescan the watched folders once") },
  { "volumes", sv_cli_volumes, N_ ("List cards, cameras and phones; import their new photos") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n  souvenir-cli [--library DIR] %s\n\n", _ ("Usage:"),
           _ ("COMMAND [OPTIONS…] [ARGUMENTS…]"));
  fprintf (out, "%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (out, "\n%s\n", _ ("Global options:"));
  fprintf (out, "  --library DIR  %s\n",
           _ ("Use the library in DIR (created if missing); default: "
              "$SOUVENIR_LIBRARY, else $XDG_DATA_HOME/souvenir"));
  fprintf (out, "  --version      %s\n", _ ("Show the version"));
  fprintf (out, "  --help         %s\n", _ ("Show this help"));
  fprintf (out, "\n%s\n", _ ("Run “souvenir-cli COMMAND --help” for a command’s options."));
  fprintf (out, "\n%s\n", _ ("Exit status:"));
  fprintf (out, "  0    %s\n", _ ("success"));
  fprintf (out, "  1    %s\n", _ ("failure"));
  fprintf (out, "  2    %s\n", _ ("bad command line"));
  fprintf (out, "  3    %s\n", _ ("no such item or file"));
  fprintf (out, "  4    %s\n", _ ("import finished, but some files could not be imported"));
  fprintf (out, "  5    %s\n",
           _ ("the library cannot be opened (made by a newer version, or damaged)"));
  fprintf (out, "  6    %s\n", _ ("check found problems"));
  fprintf (out, "  7    %s\n", _ ("import stopped: the disk is full"));
  fprintf (out, "  130  %s\n", _ ("interrupted"));
}

int
main (int argc, char **argv)
{
  SvCliContext ctx = { 0 };
  int i = 1;

  /* Decoding a 12-MP JPEG at half size allocates a 9 MB buffer per photo;
   * above glibc's default threshold every one is a fresh mmap whose pages
   * fault in again (about 10 ms a photo). Keep such buffers in the heap. */
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);

  sv_i18n_init ();
  g_set_prgname ("souvenir-cli");
  ctx.prog_name = "souvenir-cli";

  /* Global options come before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      if (strcmp (argv[i], "--library") == 0 || strcmp (argv[i], "-L") == 0)
        {
          if (i + 1 >= argc || argv[i + 1][0] == '\0')
            {
              sv_cli_error (_ ("--library needs a folder"));
              return SV_EXIT_USAGE;
            }
          ctx.library_dir = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--library="))
        {
          ctx.library_dir = argv[i] + strlen ("--library=");
          if (*ctx.library_dir == '\0')
            {
              sv_cli_error (_ ("--library needs a folder"));
              return SV_EXIT_USAGE;
            }
          i++;
        }
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_usage (stdout);
          return SV_EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          printf ("souvenir-cli %s\n", PACKAGE_VERSION);
          return SV_EXIT_OK;
        }
      else
        {
          sv_cli_error (_ ("Unknown option “%s”"), argv[i]);
          print_usage (stderr);
          return SV_EXIT_USAGE;
        }
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return SV_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (strcmp (argv[i], commands[c].name) == 0)
      return commands[c].func (&ctx, argc - i, argv + i);

  sv_cli_error (_ ("Unknown command “%s”"), argv[i]);
  print_usage (stderr);
  return SV_EXIT_USAGE;
}
