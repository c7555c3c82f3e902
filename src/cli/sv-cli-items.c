/* sv-cli-items.c: souvenir-cli ls, info, stats, check, thumbnail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sv-cli.h"
#include "sv-json.h"
#include "sv-error.h"
#include "sv-thumbnailer.h"

static gboolean
valid_day (const char *day)
{
  int y, m, d;

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* "0:07", "12:30", "1:02:03" (hours:minutes:seconds) into @buf. */
static const char *
duration_text (gint64 usec, char buf[32])
{
  gint64 s = (MAX (0, usec) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;

  if (s >= 3600)
    g_snprintf (buf, 32, "%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60),
                (int) (s % 60));
  else
    g_snprintf (buf, 32, "%d:%02d", (int) (s / 60), (int) (s % 60));
  return buf;
}

/* A place for one line: "City, Country" in the user's language. */
static char *
place_text (SvMediaItem *item)
{
  const char *city, *country;

  if (!sv_media_item_get_has_place (item))
    return g_strdup ("");
  city = sv_media_item_get_city (item, TRUE);
  country = sv_media_item_get_country (item, TRUE);
  if (city && country)
    return g_strdup_printf ("%s, %s", city, country);
  return g_strdup (city ? city : country ? country : "");
}

int
sv_cli_ls (SvCliContext *ctx, int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *camera = NULL, *place = NULL, *kind = NULL;
  gboolean json = FALSE, trash = FALSE;
  gint64 import_id = 0;
  int limit = 0, offset = 0;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("Taken on or after this day"),
      N_ ("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Taken on or before this day"), N_ ("YYYY-MM-DD") },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera, N_ ("Camera name contains TEXT"), N_ ("TEXT") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place,
      N_ ("City, region or country (any language) or country code"), N_ ("TEXT") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("Only photos or only videos"),
      N_ ("photo|video") },
    { "import", 0, 0, G_OPTION_ARG_INT64, &import_id, N_ ("Only what one import brought"),
      N_ ("ID") },
    { "trash", 0, 0, G_OPTION_ARG_NONE, &trash, N_ ("List the trash instead"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("At most N items"), N_ ("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_ ("Skip the first N items"), N_ ("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— list items"), _ ("Lists the library’s items, newest first."), entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvQuery) query = { 0 };
  int exit_code = SV_EXIT_OK;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  if ((from && !valid_day (from)) || (to && !valid_day (to)))
    {
      sv_cli_error (_ ("Dates are written YYYY-MM-DD, for example 2024-07-14"));
      return SV_EXIT_USAGE;
    }
  if (kind && g_strcmp0 (kind, "photo") != 0 && g_strcmp0 (kind, "video") != 0)
    {
      sv_cli_error (_ ("--kind is “photo” or “video”"));
      return SV_EXIT_USAGE;
    }
  if (limit < 0 || offset < 0)
    {
      sv_cli_error (_ ("--limit and --offset cannot be negative"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  sv_query_init (&query);
  query.date_from = g_steal_pointer (&from);
  query.date_to = g_steal_pointer (&to);
  query.camera = g_steal_pointer (&camera);
  query.place = g_steal_pointer (&place);
  query.kind = kind == NULL                     ? -1
               : g_strcmp0 (kind, "video") == 0 ? SV_MEDIA_KIND_VIDEO
                                                : SV_MEDIA_KIND_PHOTO;
  query.import_id = import_id;
  query.trashed = trash;
  query.limit = (guint) limit;
  query.offset = (guint) offset;

  ids = sv_catalogue_query_ids (catalogue, &query, &error);
  if (ids != NULL)
    items =
        sv_catalogue_get_items (catalogue, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (items == NULL)
    {
      sv_cli_error ("%s", error->message);
      return sv_cli_exit_code_for_error (error);
    }

  if (json)
    {
      g_autoptr (JsonArray) array = json_array_sized_new (items->len);
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < items->len; i++)
        json_array_add_element (array, sv_media_item_to_json (g_ptr_array_index (items, i), NULL));
      json_node_set_array (root, array);
      sv_cli_print_json (root);
      return SV_EXIT_OK;
    }

  for (guint i = 0; i < items->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (items, i);
      const char *taken = sv_media_item_get_taken_local (item);
      const char *cam = sv_media_item_get_camera (item);
      g_autofree char *where = place_text (item);
      g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));
      g_autofree char *when = NULL;
      g_autofree char *length = NULL;
      char clock[32];

      if (taken)
        {
          /* "2024-07-14T15:30:00.123" → "2024-07-14 15:30:00" */
          when = g_strndup (taken, 19);
          if (strlen (when) > 10)
            when[10] = ' ';
        }
      else
        when = g_strdup ("—");
      /* Videos: their kind and duration after the date. */
      if (sv_media_item_get_kind (item) == SV_MEDIA_KIND_VIDEO)
        length = g_strdup_printf ("%s %s", _ ("video"),
                                  duration_text (sv_media_item_get_duration (item), clock));
      printf ("%6" G_GINT64_FORMAT "  %-19s  %-14s  %-24.24s  %-28.28s  %s\n",
              sv_media_item_get_id (item), when, length ? length : "", cam ? cam : "", where, path);
    }
  return SV_EXIT_OK;
}

static void
print_field (const char *label, const char *value)
{
  if (value != NULL && *value != '\0')
    printf ("%-16s %s\n", label, value);
}

static void
print_item (SvMediaItem *item, GPtrArray *locations)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sv_media_item_get_id (item));
  g_autofree char *size =
      g_strdup_printf ("%d × %d", sv_media_item_get_width (item), sv_media_item_get_height (item));
  g_autofree char *taken = NULL;
  g_autofree char *exposure = NULL;
  g_autofree char *where = place_text (item);
  g_autofree char *gps = NULL;
  g_autofree char *orientation = g_strdup_printf ("%d", sv_media_item_get_orientation (item));

  if (sv_media_item_get_taken_local (item))
    {
      if (sv_media_item_get_has_utc_offset (item))
        {
          int off = sv_media_item_get_utc_offset (item);
          taken = g_strdup_printf ("%s %c%02d:%02d (%s)", sv_media_item_get_taken_local (item),
                                   off < 0 ? '-' : '+', ABS (off) / 60, ABS (off) % 60,
                                   sv_media_item_get_date_source (item));
        }
      else
        taken = g_strdup_printf ("%s (%s)", sv_media_item_get_taken_local (item),
                                 sv_media_item_get_date_source (item));
    }
  if (sv_media_item_get_exposure_time (item) > 0 || sv_media_item_get_f_number (item) > 0)
    {
      g_autoptr (GString) s = g_string_new (NULL);
      double t = sv_media_item_get_exposure_time (item);

      if (t > 0)
        {
          if (t < 1)
            g_string_append_printf (s, "1/%.0f s", 1 / t);
          else
            g_string_append_printf (s, "%.1f s", t);
        }
      if (sv_media_item_get_f_number (item) > 0)
        g_string_append_printf (s, "%sƒ/%.1f", s->len ? "  " : "",
                                sv_media_item_get_f_number (item));
      if (sv_media_item_get_iso (item) > 0)
        g_string_append_printf (s, "  ISO %d", sv_media_item_get_iso (item));
      if (sv_media_item_get_focal_length (item) > 0)
        g_string_append_printf (s, "  %.0f mm", sv_media_item_get_focal_length (item));
      exposure = g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (sv_media_item_get_has_gps (item))
    gps = g_strdup_printf ("%.6f, %.6f", sv_media_item_get_latitude (item),
                           sv_media_item_get_longitude (item));

  print_field (_ ("Id"), id);
  print_field (_ ("Kind"),
               sv_media_item_get_kind (item) == SV_MEDIA_KIND_VIDEO ? _ ("video") : _ ("photo"));
  if (sv_media_item_get_kind (item) == SV_MEDIA_KIND_VIDEO)
    {
      char clock[32];

      print_field (_ ("Duration"), duration_text (sv_media_item_get_duration (item), clock));
    }
  print_field (_ ("Format"), sv_media_item_get_format (item));
  print_field (_ ("Taken"), taken);
  print_field (_ ("Size"), size);
  print_field (_ ("Orientation"), orientation);
  print_field (_ ("Camera"), sv_media_item_get_camera (item));
  print_field (_ ("Lens"), sv_media_item_get_lens (item));
  print_field (_ ("Exposure"), exposure);
  print_field (_ ("Position"), gps);
  print_field (_ ("Place"), where);
  print_field (_ ("Caption"), sv_media_item_get_caption (item));
  print_field (_ ("SHA-256"), sv_media_item_get_primary_hash (item));
  for (guint i = 0; locations && i < locations->len; i++)
    {
      SvFileLocation *loc = g_ptr_array_index (locations, i);
      g_autofree char *path = sv_cli_display_path (loc->path);
      g_autofree char *line =
          g_strdup_printf ("%s%s%s", path, loc->managed ? _ (" (in the library)") : "",
                           loc->missing ? _ (" (missing)") : "");
      print_field (i == 0 ? _ ("Files") : "", line);
    }
}

int
sv_cli_info (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx =
      sv_cli_context_new (N_ ("ID|PATH — show one item"),
                          _ ("Shows everything known about an item, given its id, its UUID or the "
                             "path of one of its files."),
                          entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = SV_EXIT_OK;
  gint64 id;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2)
    {
      sv_cli_error (_ ("Name one item: its id, its UUID or a file path"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  id = sv_cli_resolve_item (catalogue, argv[1], &exit_code);
  if (id <= 0)
    return exit_code;

  item = sv_catalogue_get_item (catalogue, id, &error);
  if (item)
    locations = sv_catalogue_get_locations (catalogue, id, &error);
  if (item == NULL || locations == NULL)
    {
      sv_cli_error ("%s", error->message);
      return sv_cli_exit_code_for_error (error);
    }

  if (json)
    {
      g_autoptr (JsonNode) node = sv_media_item_to_json (item, locations);
      sv_cli_print_json (node);
    }
  else
    print_item (item, locations);
  return SV_EXIT_OK;
}

int
sv_cli_stats (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object"), NULL }, { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (N_ ("— library statistics"));
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvCatalogueStats) stats = { 0 };
  g_autofree char *bytes = NULL;
  int exit_code = SV_EXIT_OK;

  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  if (!sv_catalogue_get_stats (catalogue, &stats, &error))
    {
      sv_cli_error ("%s", error->message);
      return sv_cli_exit_code_for_error (error);
    }

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      const struct
      {
        const char *name;
        gint64 value;
      } fields[] = {
        { "items", stats.items },         { "photos", stats.photos },
        { "videos", stats.videos },       { "files", stats.files },
        { "locations", stats.locations }, { "missing", stats.missing },
        { "trashed", stats.trashed },     { "bytes", stats.bytes },
        { "cameras", stats.cameras },     { "places", stats.places },
        { "imports", stats.imports },     { "import_errors", stats.import_errors },
      };

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "library");
      json_builder_add_string_value (b, sv_catalogue_get_library_dir (catalogue));
      json_builder_set_member_name (b, "library_id");
      json_builder_add_string_value (b, sv_catalogue_get_library_id (catalogue));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          json_builder_set_member_name (b, fields[i].name);
          json_builder_add_int_value (b, fields[i].value);
        }
      json_builder_set_member_name (b, "first_day");
      if (stats.first_day)
        json_builder_add_string_value (b, stats.first_day);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "last_day");
      if (stats.last_day)
        json_builder_add_string_value (b, stats.last_day);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }

  bytes = g_format_size ((guint64) stats.bytes);
  {
    g_autofree char *dir = sv_cli_display_path (sv_catalogue_get_library_dir (catalogue));
    printf ("%-16s %s\n", _ ("Library"), dir);
  }
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Items"), stats.items);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Photos"), stats.photos);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Videos"), stats.videos);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("In the trash"), stats.trashed);
  printf ("%-16s %s\n", _ ("Originals"), bytes);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("File locations"), stats.locations);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Missing files"), stats.missing);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Cameras"), stats.cameras);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Places"), stats.places);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Imports"), stats.imports);
  printf ("%-16s %" G_GINT64_FORMAT "\n", _ ("Import errors"), stats.import_errors);
  if (stats.first_day && stats.last_day)
    printf ("%-16s %s – %s\n", _ ("Dates"), stats.first_day, stats.last_day);
  return SV_EXIT_OK;
}

int
sv_cli_check (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, verify = FALSE;
  const GOptionEntry entries[] = { { "verify-hashes", 0, 0, G_OPTION_ARG_NONE, &verify,
                                     N_ ("Read every file again and compare its SHA-256"), NULL },
                                   { "json", 0, 0, G_OPTION_ARG_NONE, &json,
                                     N_ ("Print a JSON object"), NULL },
                                   { NULL } };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— check the library"),
      _ ("Checks the catalogue’s integrity, that every file is where the catalogue says and "
         "complete, and that no thumbnail is left without its photo. When no import is running, "
         "removes what an interrupted import left behind. Exit status 6 when problems are found."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SvCheckReport) report = { 0 };
  g_autofree char *cache_dir = NULL;
  int exit_code = SV_EXIT_OK;
  gboolean problems;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;

  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  if (!sv_catalogue_check (catalogue, verify, cache_dir, &report, NULL, &error))
    {
      sv_cli_error ("%s", error->message);
      return sv_cli_exit_code_for_error (error);
    }
  /* Removed orphan, damaged or unfinished thumbnails are repaired. */
  problems = !report.db_ok || report.missing > 0 || report.hash_mismatches > 0 ||
             report.partial_copies > 0 || report.orphan_thumbnails > report.orphans_removed;

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sv_json_builder_add_bool (b, "ok", !problems);
      sv_json_builder_add_bool (b, "database_ok", report.db_ok);
      sv_json_builder_add_int (b, "checked", report.checked);
      sv_json_builder_add_int (b, "missing", report.missing);
      sv_json_builder_add_int (b, "hash_mismatches", report.hash_mismatches);
      sv_json_builder_add_int (b, "orphan_thumbnails", report.orphan_thumbnails);
      sv_json_builder_add_int (b, "orphan_thumbnails_removed", report.orphans_removed);
      sv_json_builder_add_int (b, "damaged_thumbnails_removed", report.damaged_thumbnails);
      sv_json_builder_add_int (b, "unfinished_files_removed", report.leftovers_removed);
      sv_json_builder_add_int (b, "incomplete_copies", report.partial_copies);
      sv_json_builder_add_bool (b, "import_running", report.import_running);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint i = 0; report.problems && i < report.problems->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (report.problems, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sv_cli_print_builder (b);
    }
  else
    {
      if (!report.db_ok)
        printf (_ ("The catalogue is damaged: %s\n"), report.db_message ? report.db_message : "");
      for (guint i = 0; report.problems && i < report.problems->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (report.problems, i));
      printf (
          g_dngettext (GETTEXT_PACKAGE, "%u file checked: ", "%u files checked: ", report.checked),
          report.checked);
      printf (_ ("%u missing, %u changed, %u orphan thumbnails.\n"), report.missing,
              report.hash_mismatches, report.orphan_thumbnails);
      if (!problems)
        printf ("%s\n", _ ("The library is in good order."));
    }
  return problems ? SV_EXIT_PROBLEMS : SV_EXIT_OK;
}

int
sv_cli_thumbnail (SvCliContext *ctx, int argc, char **argv)
{
  g_autofree char *size_name = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_STRING, &size_name,
      N_ ("grid (360 px short edge, default) or preview (1600 px long edge)"),
      N_ ("grid|preview") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("Write the JPEG here"), N_ ("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("ID — write a thumbnail"),
      _ ("Writes the item’s thumbnail (made now if missing or damaged) as a JPEG file."), entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (SvThumbnailer) thumbnailer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) source = NULL;
  g_autoptr (GFile) dest = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *thumb = NULL;
  g_autofree char *limit_text = NULL;
  SvThumbSize size;
  int exit_code = SV_EXIT_OK;
  gint64 id;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (argc != 2 || output == NULL)
    {
      sv_cli_error (_ ("Name one item and the --output file"));
      return SV_EXIT_USAGE;
    }
  if (size_name == NULL || g_strcmp0 (size_name, "grid") == 0)
    size = SV_THUMB_SIZE_GRID;
  else if (g_strcmp0 (size_name, "preview") == 0)
    size = SV_THUMB_SIZE_PREVIEW;
  else
    {
      sv_cli_error (_ ("--size is “grid” or “preview”"));
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  id = sv_cli_resolve_item (catalogue, argv[1], &exit_code);
  if (id <= 0)
    return exit_code;
  item = sv_catalogue_get_item (catalogue, id, &error);
  if (item == NULL)
    {
      sv_cli_error ("%s", error->message);
      return sv_cli_exit_code_for_error (error);
    }

  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  limit_text = sv_catalogue_get_setting (catalogue, "pixel-limit");
  thumbnailer = sv_thumbnailer_new (cache_dir);
  thumb = sv_thumbnailer_ensure (
      thumbnailer, sv_media_item_get_path (item), sv_media_item_get_primary_hash (item),
      sv_media_item_get_orientation (item),
      g_strcmp0 (sv_media_item_get_format (item), "heif") == 0 ||
          g_strcmp0 (sv_media_item_get_format (item), "avif") == 0,
      limit_text ? g_ascii_strtoull (limit_text, NULL, 10) : 0, size, NULL, &error);
  if (thumb == NULL)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      sv_cli_error (_ ("No thumbnail for item %s: %s"), id_text, error->message);
      return sv_cli_exit_code_for_error (error);
    }

  source = g_file_new_for_path (thumb);
  dest = g_file_new_for_commandline_arg (output);
  if (!g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_autofree char *display = sv_cli_display_path (output);
      sv_cli_error (_ ("Cannot write “%s”: %s"), display, error->message);
      return sv_cli_exit_code_for_error (error);
    }
  return SV_EXIT_OK;
}
