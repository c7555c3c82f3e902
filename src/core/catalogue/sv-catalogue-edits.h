/* sv-catalogue-edits.h: captions, keywords, favourites, ratings, and the
 * user's date and place fixes, for one item or many at once.
 *
 * Every function here runs one transaction for all the items and emits
 * ::changed once. An unknown id fails the whole call (SV_ERROR_NOT_FOUND)
 * and nothing is written. The full-text search index follows by itself
 * (triggers, see sv-catalogue-schema.c v3).
 *
 * Date and place fixes never touch the file's original values: they are
 * kept in the table item_overrides, the items row holds the effective
 * values (what the timeline, taken_day and search read), and the reset
 * functions put the originals back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Longest caption and keyword accepted, in bytes. */
#define SV_CAPTION_MAX_BYTES 10000
#define SV_KEYWORD_MAX_BYTES 200
/* Largest date shift: 100 years, in minutes. */
#define SV_DATE_SHIFT_MAX_MINUTES (100 * 366 * 24 * 60)

/* @caption NULL or "" clears it. */
gboolean
sv_catalogue_set_captions (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           const char *caption,
                           GError **error);
gboolean
sv_catalogue_set_favourites (SvCatalogue *self,
                             const gint64 *ids,
                             guint n,
                             gboolean favourite,
                             GError **error);
/* @rating 0..5, or -1 to clear. */
gboolean
sv_catalogue_set_ratings (SvCatalogue *self,
                          const gint64 *ids,
                          guint n,
                          int rating,
                          GError **error);
/* The keyword is trimmed; an existing keyword that differs only by case is
 * reused. Adding twice is not an error. */
gboolean
sv_catalogue_add_keyword (SvCatalogue *self,
                          const char *keyword,
                          const gint64 *ids,
                          guint n,
                          GError **error);
/* Matches the keyword ignoring case; a keyword no item uses any more is
 * deleted. Removing a keyword an item does not have is not an error. */
gboolean
sv_catalogue_remove_keyword (SvCatalogue *self,
                             const char *keyword,
                             const gint64 *ids,
                             guint n,
                             GError **error);

typedef struct
{
  char *name;
  guint count; /* live items (not in the trash) with it */
} SvKeywordCount;

void
sv_keyword_count_free (SvKeywordCount *kc);

/* Keywords whose name or one of its words starts with @prefix (ignoring
 * case and accents), most used first, at most @limit (0: 20). A
 * GPtrArray of SvKeywordCount with its free func. */
GPtrArray *
sv_catalogue_complete_keywords (SvCatalogue *self, const char *prefix, guint limit, GError **error);

/* Adds @minutes to the capture time (shifts add up). Items without a date
 * are left alone (they are not an error). */
gboolean
sv_catalogue_shift_dates (SvCatalogue *self,
                          const gint64 *ids,
                          guint n,
                          int minutes,
                          GError **error);
/* Sets the UTC offset the local time was taken in (-14:00..+14:00); the
 * local time stays, the UTC instant follows. */
gboolean
sv_catalogue_set_time_zones (SvCatalogue *self,
                             const gint64 *ids,
                             guint n,
                             int offset_minutes,
                             GError **error);
/* Undoes shifts and time zones: the file's own date again. */
gboolean
sv_catalogue_reset_dates (SvCatalogue *self, const gint64 *ids, guint n, GError **error);
/* @place NULL clears the place (the item then has none). */
gboolean
sv_catalogue_set_places (SvCatalogue *self,
                         const gint64 *ids,
                         guint n,
                         const SvPlace *place,
                         GError **error);
/* Undoes set/clear: the place found from the file's GPS position again. */
gboolean
sv_catalogue_reset_places (SvCatalogue *self, const gint64 *ids, guint n, GError **error);

typedef struct
{
  gboolean date_fixed;
  int shift_minutes;
  gboolean has_time_zone;
  int time_zone_minutes;
  char *original_taken_local; /* the file's, NULL when unknown */
  gboolean place_fixed;
} SvItemFixes;

void
sv_item_fixes_clear (SvItemFixes *fixes);
/* What the user changed on the item (all FALSE/0 when nothing). */
gboolean
sv_catalogue_get_fixes (SvCatalogue *self, gint64 id, SvItemFixes *fixes, GError **error);

/* "+HH:MM", "-HH:MM", "HH:MM", "+H" (hours only) → minutes; @max_minutes
 * bounds the absolute value. SV_ERROR_INVALID_ARGUMENT with a message for
 * people otherwise. */
gboolean
sv_parse_offset (const char *text, int max_minutes, int *minutes, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvItemFixes, sv_item_fixes_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvKeywordCount, sv_keyword_count_free)

G_END_DECLS
