/* sv-events.h: automatic events (year → event → episode) and their titles
 *
 * Events come from capture-time gaps (the "event-gap-hours" setting,
 * default 8) and from folder names ("2026_vacances_Italie" → "Vacances
 * Italie"); inside an event, episodes split on gaps of more than 90 minutes
 * or a change of place. The user's edits (sv-catalogue-events.h) are never
 * undone: recomputation only places items that are in no event and re-splits
 * automatic events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue-events.h"
#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Photos in a folder named like an event stay together across gaps up to
 * this long. */
#define SV_EVENTS_FOLDER_GAP_SECONDS (30 * 24 * 3600)

/* The event name a folder name carries, with dates, numbering and
 * separators taken out, accents and case kept (the first letter is made
 * upper case): "2026_vacances_Italie" → "Vacances Italie", "2026-07 Italie"
 * → "Italie", "Anniversaire 2024" → "Anniversaire". NULL when the name says
 * nothing (only a date, a camera folder like "100CANON" or "DCIM", …).
 * @folder_name may be in the file name encoding. */
char *
sv_events_name_from_folder (const char *folder_name);

/* The library's gap between events, in seconds. */
gint64
sv_events_get_gap_seconds (SvCatalogue *catalogue);

/* Groups @candidates (sorted by time; their event fields are ignored) into
 * clusters with event_id 0: photos from folders with the same event name
 * together, photos without one joining a named group they fall within
 * @gap_seconds of, the rest split where the gap exceeds @gap_seconds.
 * Of SvEventCluster, in time order. */
GPtrArray *
sv_events_cluster (const SvEventCandidate *candidates, guint n, gint64 gap_seconds);

/* Places the items (just imported, or restored from the trash) that are in
 * no event, re-splitting the automatic events around them. Call it after an
 * import batch. */
gboolean
sv_events_update_for_items (SvCatalogue *catalogue, const gint64 *ids, guint n, GError **error);

/* Recomputes every automatic event; the user's events and placements stay. */
gboolean
sv_events_recompute (SvCatalogue *catalogue, GError **error);

/* "12 July 2026", "12–19 July 2026", "30 June – 2 July 2026",
 * "30 December 2025 – 2 January 2026", in the process locale. */
char *
sv_events_format_dates (const char *first_local, const char *last_local);

/* The event's name, else "Place, dates", else the dates. */
char *
sv_events_dup_title (const SvEventInfo *info);

/* The managed-folder path, relative to the managed root, for a photo taken
 * at @taken_local coming from a folder named @folder_hint (nullable):
 * "YYYY/YYYY-MM-DD Event name" when the event is known (the folder names
 * it, or the photo falls in an event that has a name; the day is then the
 * event's first day), else "YYYY/YYYY-MM-DD". NULL when @taken_local is not
 * a valid "YYYY-MM-DDTHH:MM:SS…" time. */
char *
sv_events_managed_folder_for (SvCatalogue *catalogue,
                              const char *taken_local,
                              const char *folder_hint);

G_END_DECLS
