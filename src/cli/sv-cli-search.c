/* sv-cli-search.c: souvenir-cli search, suggest, caption, keyword,
 * favorite, rate, album, date, place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sv-catalogue-albums.h"
#include "sv-catalogue-edits.h"
#include "sv-city-search.h"
#include "sv-cli.h"
#include "sv-error.h"
#include "sv-search.h"

/* ---- helpers ---- */

static void
print_items (SvCatalogue *catalogue, GArray *ids, gboolean json, int *exit_code)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;

  items =
      sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (items == NULL)
    {
      *exit_code = sv_cli_fail (error);
      return;
    }
  if (json)
    {
      g_autoptr (JsonArray) array = json_array_sized_new (items->len);
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < items->len; i++)
        json_array_add_element (array, sv_media_item_to_json (g_ptr_array_index (items, i), NULL));
      json_node_set_array (root, array);
      sv_cli_print_json (root);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (items, i);
      const char *taken = sv_media_item_get_taken_local (item);
      const char *caption = sv_media_item_get_caption (item);
      g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));
      g_autofree char *when = taken ? g_strndup (taken, 19) : g_strdup ("—");

      if (strlen (when) > 10)
        when[10] = ' ';
      printf ("%6" G_GINT64_FORMAT "  %-19s  %-30.30s  %s\n", sv_media_item_get_id (item), when,
              caption ? caption : "", path);
    }
}

/* ---- search, suggest ---- */

int
sv_cli_search (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, count = FALSE, trash = FALSE;
  int limit = 0, offset = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_ ("At most N items"), N_ ("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_ ("Skip the first N items"), N_ ("N") },
    { "count", 0, 0, G_OPTION_ARG_NONE, &count, N_ ("Print only the number of results"), NULL },
    { "trash", 0, 0, G_OPTION_ARG_NONE, &trash, N_ ("Search the trash instead"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("QUERY… — search the library"),
      _ ("Searches captions, keywords, albums, people, places, cameras and file "
         "names, with dates and filters such as place:, camera:, before:, "
         "type:video, is:favorite, has:gps, rating>=4 (see docs/search.md). "
         "Best results first."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autofree char *query = NULL;
  g_autoptr (GPtrArray) opt_argv = NULL;
  g_autoptr (GPtrArray) words = NULL;
  char **opt_args;
  int opt_argc;
  SvSearchOptions options;
  int exit_code = SV_EXIT_OK;

  /* Only "--long" arguments are options: "-word" excludes a word. */
  opt_argv = g_ptr_array_new ();
  words = g_ptr_array_new ();
  g_ptr_array_add (opt_argv, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (words, argv[i]);
          break;
        }
      if (!g_str_has_prefix (argv[i], "--"))
        {
          g_ptr_array_add (words, argv[i]);
          continue;
        }
      g_ptr_array_add (opt_argv, argv[i]);
      if ((strcmp (argv[i], "--limit") == 0 || strcmp (argv[i], "--offset") == 0) && i + 1 < argc)
        g_ptr_array_add (opt_argv, argv[++i]);
    }
  g_ptr_array_add (opt_argv, NULL);
  g_ptr_array_add (words, NULL);
  opt_argc = (int) opt_argv->len - 1;
  opt_args = (char **) opt_argv->pdata;
  if (!sv_cli_parse (octx, &opt_argc, &opt_args))
    return SV_EXIT_USAGE;
  if (limit < 0 || offset < 0)
    {
      sv_cli_error (_ ("--limit and --offset cannot be negative"));
      return SV_EXIT_USAGE;
    }
  query = g_strjoinv (" ", (char **) words->pdata);

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  sv_search_options_init (&options);
  options.limit = (guint) limit;
  options.offset = (guint) offset;
  options.trashed = trash;
  if (count)
    {
      gint64 n = sv_search_count (catalogue, query, &options, &error);

      if (n < 0)
        return sv_cli_fail (error);
      printf ("%" G_GINT64_FORMAT "\n", n);
      return SV_EXIT_OK;
    }
  ids = sv_search_ids (catalogue, query, &options, &error);
  if (ids == NULL)
    return sv_cli_fail (error);
  if (ids->len == 0 && !json)
    {
      fprintf (stderr, "%s\n", _ ("Nothing found. Try fewer words, or the start of a word."));
      return SV_EXIT_OK;
    }
  print_items (catalogue, ids, json, &exit_code);
  return exit_code;
}

int
sv_cli_suggest (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 10;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("At most N suggestions"), N_ ("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("TEXT — suggest places, people, albums, keywords and cameras"),
      _ ("Completes the last word of a search being typed, most used first, with counts."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) suggestions = NULL;
  g_autofree char *text = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (limit <= 0)
    {
      sv_cli_error (_ ("--limit must be at least 1"));
      return SV_EXIT_USAGE;
    }
  text = g_strjoinv (" ", argv + 1);
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  suggestions = sv_search_suggest (catalogue, text, (guint) limit, &error);
  if (suggestions == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < suggestions->len; i++)
        {
          SvSuggestion *s = suggestions->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, sv_suggestion_kind_to_string (s->kind));
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, s->text);
          json_builder_set_member_name (b, "count");
          json_builder_add_int_value (b, s->count);
          json_builder_set_member_name (b, "query");
          json_builder_add_string_value (b, s->query);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  for (guint i = 0; i < suggestions->len; i++)
    {
      SvSuggestion *s = suggestions->pdata[i];

      printf ("%-8s %6u  %s\n", sv_suggestion_kind_to_string (s->kind), s->count, s->text);
    }
  return SV_EXIT_OK;
}

/* ---- caption, keyword, favorite, rate ---- */

int
sv_cli_caption (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("ID TEXT — set an item’s caption (\"\" clears it)"),
                          _ ("Sets the caption of one item; an empty text clears it."), NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;
  gint64 id;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 3)
    {
      sv_cli_error (_ ("Usage: caption ID TEXT"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  id = sv_cli_resolve_item (catalogue, argv[1], &exit_code);
  if (id <= 0)
    return exit_code;
  if (!sv_catalogue_set_captions (catalogue, &id, 1, argv[2], &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

static int
keyword_complete (SvCatalogue *catalogue, const char *prefix, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) keywords = sv_catalogue_complete_keywords (catalogue, prefix, 20, &error);

  if (keywords == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < keywords->len; i++)
        {
          SvKeywordCount *kc = keywords->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, kc->name);
          json_builder_set_member_name (b, "count");
          json_builder_add_int_value (b, kc->count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }
  for (guint i = 0; i < keywords->len; i++)
    {
      SvKeywordCount *kc = keywords->pdata[i];

      printf ("%6u  %s\n", kc->count, kc->name);
    }
  return SV_EXIT_OK;
}

int
sv_cli_keyword (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON (complete)"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("add|rm WORD ID… | complete PREFIX — edit keywords"),
      _ ("Adds a keyword to items or removes it from them (in one step), or lists the keywords "
         "starting with a prefix, most used first."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  int exit_code = SV_EXIT_OK;
  gboolean add;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc == 3 && strcmp (argv[1], "complete") == 0)
    {
      catalogue = sv_cli_open_catalogue (ctx, &exit_code);
      if (catalogue == NULL)
        return exit_code;
      return keyword_complete (catalogue, argv[2], json);
    }
  if (argc < 4 || (strcmp (argv[1], "add") != 0 && strcmp (argv[1], "rm") != 0 &&
                   strcmp (argv[1], "remove") != 0))
    {
      sv_cli_error (_ ("Usage: keyword add|rm WORD ID…, or keyword complete PREFIX"));
      return SV_EXIT_USAGE;
    }
  add = strcmp (argv[1], "add") == 0;
  catalogue = sv_cli_open_items (ctx, argc, argv, 3, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!(add ? sv_catalogue_add_keyword : sv_catalogue_remove_keyword) (
          catalogue, argv[2], (const gint64 *) (gpointer) ids->data, ids->len, &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

int
sv_cli_favorite (SvCliContext *ctx, int argc, char **argv)
{
  gboolean off = FALSE;
  const GOptionEntry entries[] = { { "off", 0, 0, G_OPTION_ARG_NONE, &off,
                                     N_ ("Remove from the favourites instead"), NULL },
                                   { NULL } };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("ID… — mark items as favourites"),
      _ ("Marks items as favourites, or with --off no longer favourites."), entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    {
      sv_cli_error (_ ("Usage: favorite [--off] ID…"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_items (ctx, argc, argv, 1, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!sv_catalogue_set_favourites (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                    !off, &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

int
sv_cli_rate (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("N ID… — rate items from 0 to 5 stars"),
                          _ ("Sets the rating of items (0 to 5 stars)."), NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 3)
    {
      sv_cli_error (_ ("Usage: rate N ID…"));
      return SV_EXIT_USAGE;
    }
  if (strlen (argv[1]) != 1 || argv[1][0] < '0' || argv[1][0] > '5')
    {
      sv_cli_error (_ ("A rating goes from 0 to 5 stars"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_items (ctx, argc, argv, 2, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!sv_catalogue_set_ratings (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                 argv[1][0] - '0', &error))
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

/* ---- album ---- */

static gint64
resolve_album (SvCatalogue *catalogue, const char *arg, int *exit_code)
{
  g_autoptr (GError) error = NULL;
  gint64 id = sv_catalogue_album_resolve (catalogue, arg, &error);

  if (id <= 0)
    *exit_code = sv_cli_fail (error);
  return id;
}

static void
print_album_line (SvAlbum *album)
{
  const char *first = sv_album_get_first_day (album);
  const char *last = sv_album_get_last_day (album);
  g_autofree char *dates = NULL;

  if (first && last && strcmp (first, last) != 0)
    dates = g_strdup_printf ("%s … %s", first, last);
  else
    dates = g_strdup (first ? first : "—");
  printf ("%5" G_GINT64_FORMAT "  %6u  %-23s  %s\n", sv_album_get_id (album),
          sv_album_get_count (album), dates, sv_album_get_name (album));
}

static int
album_show (SvCatalogue *catalogue, gint64 album_id, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvAlbum) album = sv_catalogue_album_get (catalogue, album_id, &error);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) items = NULL;
  int exit_code = SV_EXIT_OK;

  if (album == NULL)
    return sv_cli_fail (error);
  ids = sv_catalogue_album_get_item_ids (catalogue, album_id, TRUE, &error);
  if (ids == NULL)
    return sv_cli_fail (error);
  if (json)
    {
      g_autoptr (JsonNode) root = sv_album_to_json (album);
      g_autoptr (JsonArray) array = json_array_sized_new (ids->len);

      items = sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                      &error);
      if (items == NULL)
        return sv_cli_fail (error);
      for (guint i = 0; i < items->len; i++)
        json_array_add_element (array, sv_media_item_to_json (items->pdata[i], NULL));
      json_object_set_array_member (json_node_get_object (root), "items", g_steal_pointer (&array));
      sv_cli_print_json (root);
      return SV_EXIT_OK;
    }
  printf ("%s\n", sv_album_get_name (album));
  if (sv_album_get_description (album)[0] != '\0')
    printf ("%s\n", sv_album_get_description (album));
  printf ("%s\n", sv_album_get_sort (album) == SV_ALBUM_SORT_DATE ? _ ("Order: by date")
                                                                  : _ ("Order: manual"));
  if (sv_album_get_cover_id (album) > 0)
    {
      g_autofree char *cover = g_strdup_printf ("%" G_GINT64_FORMAT, sv_album_get_cover_id (album));

      printf (sv_album_get_cover_is_automatic (album) ? _ ("Cover: item %s (automatic)\n")
                                                      : _ ("Cover: item %s\n"),
              cover);
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u item\n", "%u items\n", sv_album_get_count (album)),
          sv_album_get_count (album));
  print_items (catalogue, ids, FALSE, &exit_code);
  return exit_code;
}

int
sv_cli_album (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, by_date = FALSE;
  g_autofree char *from_day = NULL;
  gint64 from_event = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON (ls, show)"), NULL },
    { "by-date", 0, 0, G_OPTION_ARG_NONE, &by_date, N_ ("Order by date (order)"), NULL },
    { "from-day", 0, 0, G_OPTION_ARG_STRING, &from_day, N_ ("With the items of this day (create)"),
      N_ ("YYYY-MM-DD") },
    { "from-event", 0, 0, G_OPTION_ARG_INT64, &from_event,
      N_ ("With the items of this event (create)"), N_ ("ID") },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("create|rename|describe|rm|ls|show|add|remove|order|cover … — manage albums"),
      _ ("album create NAME [ID…]        a new album (optionally with items)\n"
         "album rename ALBUM NAME        rename\n"
         "album describe ALBUM TEXT      set the description\n"
         "album rm ALBUM                 delete the album (never its photos)\n"
         "album ls                       list albums\n"
         "album show ALBUM               the album and its items in order\n"
         "album add ALBUM ID…            add items at the end\n"
         "album remove ALBUM ID…         take items out of the album\n"
         "album order ALBUM ID…          put these items first, in this order\n"
         "album order ALBUM --by-date    order by date\n"
         "album cover ALBUM ID|auto      choose the cover\n"
         "ALBUM is an album’s exact name or its id."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  int exit_code = SV_EXIT_OK;
  const char *verb;
  gint64 album_id = 0;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc < 2)
    {
      sv_cli_error (_ ("Usage: album create|rename|describe|rm|ls|show|add|remove|order|cover …"));
      return SV_EXIT_USAGE;
    }
  verb = argv[1];

  if (strcmp (verb, "ls") == 0)
    {
      g_autoptr (GPtrArray) albums = NULL;

      if (argc != 2)
        {
          sv_cli_error (_ ("Usage: album ls [--json]"));
          return SV_EXIT_USAGE;
        }
      catalogue = sv_cli_open_catalogue (ctx, &exit_code);
      if (catalogue == NULL)
        return exit_code;
      albums = sv_catalogue_album_list (catalogue, &error);
      if (albums == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonArray) array = json_array_sized_new (albums->len);
          g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

          for (guint i = 0; i < albums->len; i++)
            json_array_add_element (array, sv_album_to_json (albums->pdata[i]));
          json_node_set_array (root, array);
          sv_cli_print_json (root);
        }
      else
        for (guint i = 0; i < albums->len; i++)
          print_album_line (albums->pdata[i]);
      return SV_EXIT_OK;
    }

  if (strcmp (verb, "create") == 0)
    {
      if (argc < 3 || (argc > 3 && (from_day || from_event)) || (from_day && from_event))
        {
          sv_cli_error (_ ("Usage: album create NAME [ID…] [--from-day DAY | --from-event ID]"));
          return SV_EXIT_USAGE;
        }
      catalogue = sv_cli_open_catalogue (ctx, &exit_code);
      if (catalogue == NULL)
        return exit_code;
      if (from_day)
        album_id = sv_catalogue_album_create_from_day (catalogue, argv[2], from_day, &error);
      else if (from_event)
        album_id = sv_catalogue_album_create_from_event (catalogue, argv[2], from_event, &error);
      else
        {
          ids = sv_cli_resolve_items (catalogue, argc, argv, 3, &exit_code);
          if (ids == NULL)
            return exit_code;
          album_id = sv_catalogue_album_create_from_items (
              catalogue, argv[2], (const gint64 *) (gpointer) ids->data, ids->len, &error);
        }
      if (album_id <= 0)
        return sv_cli_fail (error);
      printf ("%" G_GINT64_FORMAT "\n", album_id);
      return SV_EXIT_OK;
    }

  if (argc < 3)
    {
      sv_cli_error (_ ("Name the album (its exact name or its id)"));
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  if (strcmp (verb, "rename") == 0 || strcmp (verb, "describe") == 0)
    {
      if (argc != 4)
        {
          sv_cli_error (_ ("Usage: album rename ALBUM NAME, or album describe ALBUM TEXT"));
          return SV_EXIT_USAGE;
        }
      album_id = resolve_album (catalogue, argv[2], &exit_code);
      if (album_id <= 0)
        return exit_code;
      if (!(verb[0] == 'r' ? sv_catalogue_album_rename : sv_catalogue_album_set_description) (
              catalogue, album_id, argv[3], &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }

  if (strcmp (verb, "rm") == 0 || strcmp (verb, "show") == 0)
    {
      if (argc != 3)
        {
          sv_cli_error (_ ("Usage: album rm ALBUM, or album show ALBUM"));
          return SV_EXIT_USAGE;
        }
      album_id = resolve_album (catalogue, argv[2], &exit_code);
      if (album_id <= 0)
        return exit_code;
      if (strcmp (verb, "show") == 0)
        return album_show (catalogue, album_id, json);
      if (!sv_catalogue_album_delete (catalogue, album_id, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }

  if (strcmp (verb, "cover") == 0)
    {
      gint64 item_id = 0;

      if (argc != 4)
        {
          sv_cli_error (_ ("Usage: album cover ALBUM ID|auto"));
          return SV_EXIT_USAGE;
        }
      album_id = resolve_album (catalogue, argv[2], &exit_code);
      if (album_id <= 0)
        return exit_code;
      if (strcmp (argv[3], "auto") != 0)
        {
          item_id = sv_cli_resolve_item (catalogue, argv[3], &exit_code);
          if (item_id <= 0)
            return exit_code;
        }
      if (!sv_catalogue_album_set_cover (catalogue, album_id, item_id, &error))
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }

  if (strcmp (verb, "add") == 0 || strcmp (verb, "remove") == 0 || strcmp (verb, "order") == 0)
    {
      gboolean ok;

      if ((argc < 4 && !(by_date && strcmp (verb, "order") == 0)) || (by_date && argc > 3))
        {
          sv_cli_error (_ ("Usage: album add|remove|order ALBUM ID…, or album order ALBUM "
                           "--by-date"));
          return SV_EXIT_USAGE;
        }
      album_id = resolve_album (catalogue, argv[2], &exit_code);
      if (album_id <= 0)
        return exit_code;
      if (by_date)
        ok = sv_catalogue_album_set_sort (catalogue, album_id, SV_ALBUM_SORT_DATE, &error);
      else
        {
          ids = sv_cli_resolve_items (catalogue, argc, argv, 3, &exit_code);
          if (ids == NULL)
            return exit_code;
          if (verb[0] == 'a')
            ok = sv_catalogue_album_add_items (
                catalogue, album_id, (const gint64 *) (gpointer) ids->data, ids->len, &error);
          else if (verb[0] == 'r')
            ok = sv_catalogue_album_remove_items (
                catalogue, album_id, (const gint64 *) (gpointer) ids->data, ids->len, &error);
          else
            ok = sv_catalogue_album_move_items (
                catalogue, album_id, (const gint64 *) (gpointer) ids->data, ids->len, 0, &error);
        }
      if (!ok)
        return sv_cli_fail (error);
      return SV_EXIT_OK;
    }

  sv_cli_error (_ ("Unknown album command “%s”"), verb);
  return SV_EXIT_USAGE;
}

/* ---- date, place ---- */

int
sv_cli_date (SvCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("shift ±HH:MM ID… | tz ±HH:MM ID… | reset ID… — fix capture dates"),
      _ ("date shift +01:00 ID…   move the capture time (a camera clock set wrong)\n"
         "date tz +02:00 ID…      set the time zone the photos were taken in\n"
         "date reset ID…          undo: the file’s own date again\n"
         "The files are never changed."),
      NULL);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  int exit_code = SV_EXIT_OK;
  int minutes = 0;
  gboolean reset, ok;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  reset = argc >= 3 && strcmp (argv[1], "reset") == 0;
  if (!reset && (argc < 4 || (strcmp (argv[1], "shift") != 0 && strcmp (argv[1], "tz") != 0)))
    {
      sv_cli_error (_ ("Usage: date shift ±HH:MM ID…, date tz ±HH:MM ID…, or date reset ID…"));
      return SV_EXIT_USAGE;
    }
  if (!reset &&
      !sv_parse_offset (argv[2], strcmp (argv[1], "tz") == 0 ? 14 * 60 : SV_DATE_SHIFT_MAX_MINUTES,
                        &minutes, &error))
    {
      sv_cli_error ("%s", error->message);
      return SV_EXIT_USAGE;
    }
  catalogue = sv_cli_open_items (ctx, argc, argv, reset ? 2 : 3, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (reset)
    ok = sv_catalogue_reset_dates (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                   &error);
  else if (strcmp (argv[1], "shift") == 0)
    ok = sv_catalogue_shift_dates (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                   minutes, &error);
  else
    ok = sv_catalogue_set_time_zones (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                      minutes, &error);
  if (!ok)
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}

static char *
city_text (const SvCityMatch *m)
{
  const SvPlace *p = &m->place;

  return g_strdup_printf ("%s, %s%s%s", p->city_local ? p->city_local : p->city_en,
                          p->region_local ? p->region_local : "", p->region_local ? ", " : "",
                          p->country_local ? p->country_local
                                           : (p->country_code ? p->country_code : ""));
}

int
sv_cli_place (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON (find)"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("set CITY ID… | clear ID… | reset ID… | find CITY — fix places"),
      _ ("place set CITY ID…    the photos were taken in CITY (“Lyon”, “Paris, France”)\n"
         "place clear ID…       the photos have no place\n"
         "place reset ID…       undo: the place found from the GPS position again\n"
         "place find CITY       list the cities of the offline database with that name\n"
         "The files are never changed."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  int exit_code = SV_EXIT_OK;
  const char *verb;
  gboolean ok;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  verb = argc >= 2 ? argv[1] : "";
  if (strcmp (verb, "find") == 0 && argc == 3)
    {
      matches = sv_city_search (argv[2], 20, &error);
      if (matches == NULL)
        return sv_cli_fail (error);
      if (json)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < matches->len; i++)
            {
              SvCityMatch *m = matches->pdata[i];
              const char *names[][2] = {
                { "city_en", m->place.city_en },           { "city", m->place.city_local },
                { "region_en", m->place.region_en },       { "region", m->place.region_local },
                { "country_en", m->place.country_en },     { "country", m->place.country_local },
                { "country_code", m->place.country_code },
              };

              json_builder_begin_object (b);
              for (guint k = 0; k < G_N_ELEMENTS (names); k++)
                {
                  json_builder_set_member_name (b, names[k][0]);
                  if (names[k][1])
                    json_builder_add_string_value (b, names[k][1]);
                  else
                    json_builder_add_null_value (b);
                }
              json_builder_set_member_name (b, "latitude");
              json_builder_add_double_value (b, m->latitude);
              json_builder_set_member_name (b, "longitude");
              json_builder_add_double_value (b, m->longitude);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          sv_cli_print_builder (b);
          return SV_EXIT_OK;
        }
      for (guint i = 0; i < matches->len; i++)
        {
          g_autofree char *text = city_text (matches->pdata[i]);

          printf ("%s\n", text);
        }
      return matches->len > 0 ? SV_EXIT_OK : SV_EXIT_NOT_FOUND;
    }

  if (!((strcmp (verb, "set") == 0 && argc >= 4) ||
        ((strcmp (verb, "clear") == 0 || strcmp (verb, "reset") == 0) && argc >= 3)))
    {
      sv_cli_error (_ ("Usage: place set CITY ID…, place clear ID…, place reset ID…, or place "
                       "find CITY"));
      return SV_EXIT_USAGE;
    }
  if (strcmp (verb, "set") == 0)
    {
      matches = sv_city_search (argv[2], 10, &error);
      if (matches == NULL)
        {
          sv_cli_error ("%s", error->message);
          return SV_EXIT_USAGE;
        }
      if (matches->len == 0)
        {
          sv_cli_error (_ ("No city named “%s” in the offline database"), argv[2]);
          return SV_EXIT_NOT_FOUND;
        }
      /* Several cities of that exact name: ask which one. */
      if (matches->len > 1)
        {
          SvCityMatch *a = matches->pdata[0], *b = matches->pdata[1];
          g_autofree char *fa = g_utf8_casefold (a->place.city_en ? a->place.city_en : "", -1);
          g_autofree char *fb = g_utf8_casefold (b->place.city_en ? b->place.city_en : "", -1);

          if (strcmp (fa, fb) == 0 && g_strcmp0 (a->place.country_code, b->place.country_code) != 0)
            {
              sv_cli_error (_ ("Several cities are named “%s”; add the country, for example "
                               "“%s, %s”:"),
                            argv[2], a->place.city_local ? a->place.city_local : a->place.city_en,
                            a->place.country_local ? a->place.country_local
                                                   : a->place.country_code);
              for (guint i = 0; i < matches->len; i++)
                {
                  g_autofree char *text = city_text (matches->pdata[i]);

                  fprintf (stderr, "  %s\n", text);
                }
              return SV_EXIT_USAGE;
            }
        }
    }
  catalogue =
      sv_cli_open_items (ctx, argc, argv, strcmp (verb, "set") == 0 ? 3 : 2, &ids, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (strcmp (verb, "set") == 0)
    ok = sv_catalogue_set_places (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                  &((SvCityMatch *) matches->pdata[0])->place, &error);
  else if (strcmp (verb, "clear") == 0)
    ok = sv_catalogue_set_places (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, NULL,
                                  &error);
  else
    ok = sv_catalogue_reset_places (catalogue, (const gint64 *) (gpointer) ids->data, ids->len,
                                    &error);
  if (!ok)
    return sv_cli_fail (error);
  return SV_EXIT_OK;
}
