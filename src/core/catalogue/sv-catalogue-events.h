/* sv-catalogue-events.h: events (year → event → episode) in the catalogue
 *
 * An item belongs to at most one event. Memberships and events the user made
 * are kept apart from automatic ones: an event the user renamed, merged,
 * split, moved photos into or gave a cover is "pinned" (never re-split or
 * dissolved by recomputation; it may still receive new photos), and a
 * membership the user set is never changed by recomputation. The grouping
 * rules live in sv-events.c (src/core/lifecycle); this file stores them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Episodes inside an event split on a gap longer than this or on a change
 * of place. */
#define SV_EVENTS_EPISODE_GAP_SECONDS (90 * 60)

typedef struct
{
  gint64 item_id;
  gint64 time;       /* seconds: the local capture time read as if it were UTC */
  char *taken_local; /* "YYYY-MM-DDTHH:MM:SS[.fff]" */
  gint64 place_id;   /* 0: none */
  char *folder;      /* name of the folder holding the original (file name encoding), or NULL */
  gint64 event_id;   /* 0: in no event */
  gboolean user_set; /* the user put it in its event */
  gboolean pinned;   /* its event is one the user made or edited */
} SvEventCandidate;

/* Live (not trashed) items with a capture date, by time then id, as a
 * GArray of SvEventCandidate that clears its elements. With @ids: those
 * items (unknown, undated or trashed ones are left out); else the items
 * taken in [@from, @to] (local times, NULL: open). */
GArray *
sv_catalogue_events_load_candidates (SvCatalogue *self,
                                     const gint64 *ids,
                                     guint n,
                                     const char *from,
                                     const char *to,
                                     GError **error);

typedef struct
{
  gint64 id;
  char *uuid;
  char *name;        /* the user's or the folder's; NULL: make a title */
  char *name_source; /* "user", "folder" or NULL */
  gboolean pinned;
  gint64 user_cover_item_id;     /* 0: automatic */
  char *start_local, *end_local; /* span of all members (trashed too) */

  /* Filled by sv_catalogue_events_list / _get only (live members). */
  guint n_items;
  guint n_episodes;
  char *first_local, *last_local;
  gint64 cover_item_id; /* the user's, else the favourite or best rated, else the middle one */
  char *city;           /* the most frequent place: city (user's language), or NULL */
  char *country;
} SvEventInfo;

void
sv_event_info_free (SvEventInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvEventInfo, sv_event_info_free)

/* Events whose span meets [@from, @to] (NULL: open), all members counted;
 * only the stored fields are set. Of SvEventInfo. */
GPtrArray *
sv_catalogue_events_list_stored (SvCatalogue *self,
                                 const char *from,
                                 const char *to,
                                 GError **error);

/* Events with at least one live item, newest first, every field set. */
GPtrArray *
sv_catalogue_events_list (SvCatalogue *self, GError **error);
/* One event (SV_ERROR_NOT_FOUND when unknown). */
SvEventInfo *
sv_catalogue_events_get (SvCatalogue *self, gint64 event_id, GError **error);

typedef struct
{
  gint64 item_id;
  char *taken_local;
  guint episode; /* 0-based */
  gboolean user_set;
} SvEventMember;

/* Live members by time, as a GArray of SvEventMember that clears them. */
GArray *
sv_catalogue_events_get_members (SvCatalogue *self, gint64 event_id, GError **error);

/* The event the item is in, 0 if none, -1 on error. */
gint64
sv_catalogue_events_get_item_event (SvCatalogue *self, gint64 item_id, GError **error);

typedef struct
{
  gint64 event_id;  /* reuse this event, or 0 to create one */
  char *name;       /* folder-given name, or NULL */
  GArray *item_ids; /* gint64: its automatic members */
} SvEventCluster;

void
sv_event_cluster_free (SvEventCluster *cluster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvEventCluster, sv_event_cluster_free)

/* One transaction: drops the automatic memberships of the events in
 * @dissolve, then puts each cluster's items in its event (creating it when
 * event_id is 0; a cluster's name replaces a folder-given name but never the
 * user's), recomputes spans and episodes, and deletes events left empty.
 * Sets each new cluster's event_id. Memberships the user set are never
 * touched. */
gboolean
sv_catalogue_events_apply (SvCatalogue *self,
                           const gint64 *dissolve,
                           guint n_dissolve,
                           GPtrArray *clusters,
                           GError **error);

/* The user's edits. Each pins the events involved. */
/* @name NULL or empty: back to the automatic title. */
gboolean
sv_catalogue_events_rename (SvCatalogue *self, gint64 event_id, const char *name, GError **error);
/* Moves every photo of @from into @into and deletes @from. */
gboolean
sv_catalogue_events_merge (SvCatalogue *self, gint64 into, gint64 from, GError **error);
/* The photos taken from @at_item_id on (by time, then id) go to a new event,
 * whose id is returned (0 on error). @at_item_id must be in the event and
 * not its first photo. */
gint64
sv_catalogue_events_split (SvCatalogue *self, gint64 event_id, gint64 at_item_id, GError **error);
/* Moves the items into the event, wherever they were. */
gboolean
sv_catalogue_events_move (SvCatalogue *self,
                          gint64 event_id,
                          const gint64 *item_ids,
                          guint n,
                          GError **error);
/* @item_id 0: automatic cover again. The item must be in the event. */
gboolean
sv_catalogue_events_set_cover (SvCatalogue *self, gint64 event_id, gint64 item_id, GError **error);

/* Deletes events without members (after a purge). */
gboolean
sv_catalogue_events_prune (SvCatalogue *self, GError **error);

G_END_DECLS
