/* sv-cli-duplicates.c: souvenir-cli duplicates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sv-cli.h"
#include "sv-duplicates.h"
#include "sv-error.h"
#include "sv-json.h"
#include "sv-thumbnailer.h"

static void
add_group_json (JsonBuilder *b, SvDuplicateGroup *group, GPtrArray *items, gboolean applied)
{
  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "keeper", g_array_index (group->items, gint64, 0));
  sv_json_builder_add_int (b, "max_distance", group->max_distance);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);
      g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));

      json_builder_begin_object (b);
      sv_json_builder_add_int (b, "id", sv_media_item_get_id (item));
      sv_json_builder_add_string (b, "uuid", sv_media_item_get_uuid (item));
      sv_json_builder_add_string (b, "path", path);
      sv_json_builder_add_int (b, "width", sv_media_item_get_width (item));
      sv_json_builder_add_int (b, "height", sv_media_item_get_height (item));
      sv_json_builder_add_string (b, "taken", sv_media_item_get_taken_local (item));
      sv_json_builder_add_bool (b, "keeper", k == 0);
      sv_json_builder_add_bool (b, "trashed", applied && k > 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_group_text (guint number, SvDuplicateGroup *group, GPtrArray *items)
{
  printf (g_dngettext (GETTEXT_PACKAGE, "Group %u: %u photos, up to %u bit apart\n",
                       "Group %u: %u photos, up to %u bits apart\n", group->max_distance),
          number, items->len, group->max_distance);
  for (guint k = 0; k < items->len; k++)
    {
      SvMediaItem *item = g_ptr_array_index (items, k);
      g_autofree char *path = sv_cli_display_path (sv_media_item_get_path (item));
      const char *taken = sv_media_item_get_taken_local (item);

      /* TRANSLATORS: marks the photo of a group of near-duplicates that is
       * suggested to keep; keep it short (it is padded to 6 columns) */
      printf ("  %-6s %8" G_GINT64_FORMAT "  %5d×%-5d  %-19.19s  %s\n", k == 0 ? _ ("keep") : "",
              sv_media_item_get_id (item), sv_media_item_get_width (item),
              sv_media_item_get_height (item), taken != NULL ? taken : "—", path);
    }
}

int
sv_cli_duplicates (SvCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, apply = FALSE;
  int threshold = SV_DUPLICATES_DEFAULT_THRESHOLD;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array of groups"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_ ("Move every photo but the suggested keeper of each group to the trash"), NULL },
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold,
      N_ ("Largest difference between two perceptual hashes, in bits (0–20, default 10)"),
      N_ ("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = sv_cli_context_new (
      N_ ("— find near-duplicate photos and suggest which to keep"),
      _ ("Groups photos that are the same picture re-encoded, resized, lightly cropped, rotated or "
         "with other metadata, by the perceptual hash of their thumbnails. Shots of a burst "
         "(different capture times) are never grouped. Each group suggests a keeper: the largest "
         "resolution, then the most metadata, then the oldest. With --apply the others go to the "
         "trash, from where “souvenir-cli restore” takes them back; nothing is deleted. Exact "
         "copies (same bytes) are already one item with several files and are not listed."),
      entries);
  g_autoptr (SvCatalogue) catalogue = NULL;
  g_autoptr (SvThumbnailer) thumbnailer = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GPtrArray) group_items = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int exit_code = SV_EXIT_OK;
  guint n_done = 0, n_failed = 0, n_others = 0, n_trashed = 0;

  if (!sv_cli_parse (octx, &argc, &argv))
    return SV_EXIT_USAGE;
  if (!sv_cli_no_arguments (argc, argv))
    return SV_EXIT_USAGE;
  if (threshold < 0 || threshold > SV_DUPLICATES_MAX_THRESHOLD)
    {
      sv_cli_error (_ ("The threshold must be between 0 and %d bits"), SV_DUPLICATES_MAX_THRESHOLD);
      return SV_EXIT_USAGE;
    }

  catalogue = sv_cli_open_catalogue (ctx, &exit_code);
  if (catalogue == NULL)
    return exit_code;
  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  thumbnailer = sv_thumbnailer_new (cache_dir);

  /* Photos imported before hashes existed, or whose hash could not be
   * made at import time. */
  if (!sv_duplicates_backfill (catalogue, thumbnailer, &n_done, &n_failed, NULL, &error))
    return sv_cli_fail (error);
  if (n_done > 0 && !json)
    printf (g_dngettext (GETTEXT_PACKAGE, "Computed the perceptual hash of %u photo.\n",
                         "Computed the perceptual hashes of %u photos.\n", n_done),
            n_done);
  if (n_failed > 0)
    sv_cli_error (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u photo could not be compared: its file or thumbnail cannot be read "
                     "(see “souvenir-cli check”)",
                     "%u photos could not be compared: their files or thumbnails cannot "
                     "be read (see “souvenir-cli check”)",
                     n_failed),
        n_failed);

  groups = sv_duplicates_find (catalogue, (guint) threshold, &error);
  if (groups == NULL)
    return sv_cli_fail (error);

  group_items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint g = 0; g < groups->len; g++)
    {
      SvDuplicateGroup *group = g_ptr_array_index (groups, g);
      GPtrArray *items = sv_catalogue_get_items (
          catalogue, (const gint64 *) (gpointer) group->items->data, group->items->len, &error);

      if (items == NULL)
        return sv_cli_fail (error);
      g_ptr_array_add (group_items, items);
      n_others += group->items->len - 1;
    }

  if (apply && !sv_duplicates_trash_others (catalogue, groups, &n_trashed, &error))
    return sv_cli_fail (error);

  if (json)
    {

      b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint g = 0; g < groups->len; g++)
        add_group_json (b, g_ptr_array_index (groups, g), g_ptr_array_index (group_items, g),
                        apply);
      json_builder_end_array (b);
      sv_cli_print_builder (b);
      return SV_EXIT_OK;
    }

  for (guint g = 0; g < groups->len; g++)
    print_group_text (g + 1, g_ptr_array_index (groups, g), g_ptr_array_index (group_items, g));
  if (groups->len == 0)
    printf ("%s\n", _ ("No near-duplicates found."));
  else if (apply)
    printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u photo moved to the trash (“souvenir-cli restore ID…” takes it back).\n",
                     "%u photos moved to the trash (“souvenir-cli restore ID…” takes them "
                     "back).\n",
                     n_trashed),
        n_trashed);
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u group of near-duplicates.\n",
                           "%u groups of near-duplicates.\n", groups->len),
              groups->len);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u photo would move to the trash with --apply.\n",
                           "%u photos would move to the trash with --apply.\n", n_others),
              n_others);
    }
  return SV_EXIT_OK;
}
