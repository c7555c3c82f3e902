/* sv-catalogue-events.c: events in the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-catalogue-events.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"

/* Seconds since the epoch of a local time read as UTC; fractions dropped. */
#define SQL_TIME "CAST (strftime ('%s', substr (i.taken_local, 1, 19)) AS INTEGER)"

static void
candidate_clear (gpointer data)
{
  SvEventCandidate *c = data;

  g_clear_pointer (&c->taken_local, g_free);
  g_clear_pointer (&c->folder, g_free);
}

static void
member_clear (gpointer data)
{
  SvEventMember *m = data;

  g_clear_pointer (&m->taken_local, g_free);
}

void
sv_event_info_free (SvEventInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->uuid);
  g_free (info->name);
  g_free (info->name_source);
  g_free (info->start_local);
  g_free (info->end_local);
  g_free (info->first_local);
  g_free (info->last_local);
  g_free (info->city);
  g_free (info->country);
  g_free (info);
}

void
sv_event_cluster_free (SvEventCluster *cluster)
{
  if (cluster == NULL)
    return;
  g_free (cluster->name);
  g_clear_pointer (&cluster->item_ids, g_array_unref);
  g_free (cluster);
}

static gboolean
set_not_found (GError **error, const char *what, gint64 id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (g_str_equal (what, "event"))
    g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no event number %s"), text);
  else
    g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                 _ ("There is no item number %s in the library"), text);
  return FALSE;
}

/* ---- candidates ---- */

static char *
folder_of (const char *path)
{
  g_autofree char *dir = NULL;
  char *base;

  if (path == NULL)
    return NULL;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (dir);
  if (g_str_equal (base, "/") || g_str_equal (base, "."))
    {
      g_free (base);
      return NULL;
    }
  return base;
}

#define CANDIDATE_SELECT                                                                           \
  "SELECT i.id, " SQL_TIME ", i.taken_local, coalesce (i.place_id, 0),"                            \
  " (SELECT l.path FROM files AS f JOIN locations AS l ON l.file_id = f.id"                        \
  "   WHERE f.item_id = i.id ORDER BY f.role != 'original', l.id"                                  \
  "   LIMIT 1),"                                                                                   \
  " coalesce (ei.event_id, 0), coalesce (ei.user_set, 0), coalesce (e.pinned, 0)"                  \
  " FROM items AS i LEFT JOIN event_items AS ei ON ei.item_id = i.id"                              \
  " LEFT JOIN events AS e ON e.id = ei.event_id"                                                   \
  " WHERE i.trashed_at IS NULL AND i.taken_local IS NOT NULL AND " SQL_TIME " IS NOT NULL"

static gboolean
read_candidates (SvDb *db, sqlite3_stmt *stmt, GArray *out, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvEventCandidate c = { 0 };

      c.item_id = sqlite3_column_int64 (stmt, 0);
      c.time = sqlite3_column_int64 (stmt, 1);
      c.taken_local = _sv_db_column_dup (stmt, 2);
      c.place_id = sqlite3_column_int64 (stmt, 3);
      c.folder = folder_of ((const char *) sqlite3_column_text (stmt, 4));
      c.event_id = sqlite3_column_int64 (stmt, 5);
      c.user_set = sqlite3_column_int (stmt, 6) != 0;
      c.pinned = sqlite3_column_int (stmt, 7) != 0;
      g_array_append_val (out, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);
  return TRUE;
}

static int
candidate_cmp (gconstpointer a, gconstpointer b)
{
  const SvEventCandidate *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->item_id != y->item_id)
    return x->item_id < y->item_id ? -1 : 1;
  return 0;
}

GArray *
sv_catalogue_events_load_candidates (SvCatalogue *self,
                                     const gint64 *ids,
                                     guint n,
                                     const char *from,
                                     const char *to,
                                     GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GArray) out = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (ids != NULL || n == 0, NULL);

  out = g_array_new (FALSE, TRUE, sizeof (SvEventCandidate));
  g_array_set_clear_func (out, candidate_clear);

  locker = _sv_catalogue_locker_new (self, &db);
  if (ids != NULL)
    {
      stmt = _sv_db_prepare (db, CANDIDATE_SELECT " AND i.id = ?1", error);
      if (stmt == NULL)
        return NULL;
      for (guint k = 0; k < n; k++)
        {
          sqlite3_bind_int64 (stmt, 1, ids[k]);
          if (!read_candidates (db, stmt, out, error))
            return NULL;
        }
      g_array_sort (out, candidate_cmp);
      /* Drop ids given twice. */
      for (guint k = 1; k < out->len;)
        {
          if (g_array_index (out, SvEventCandidate, k).item_id ==
              g_array_index (out, SvEventCandidate, k - 1).item_id)
            g_array_remove_index (out, k);
          else
            k++;
        }
      return g_steal_pointer (&out);
    }

  stmt = _sv_db_prepare (db,
                         CANDIDATE_SELECT " AND (?1 IS NULL OR i.taken_local >= ?1)"
                                          " AND (?2 IS NULL OR i.taken_local <= ?2)"
                                          " ORDER BY 2, i.id",
                         error);
  if (stmt == NULL)
    return NULL;
  if (from)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  if (to)
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  if (!read_candidates (db, stmt, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- stored events ---- */

#define EVENT_SELECT                                                                               \
  "SELECT id, uuid, name, name_source, pinned, coalesce (cover_item_id, 0), start_local,"          \
  " end_local FROM events"

static SvEventInfo *
read_event_row (sqlite3_stmt *stmt)
{
  SvEventInfo *e = g_new0 (SvEventInfo, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->uuid = _sv_db_column_dup (stmt, 1);
  e->name = _sv_db_column_dup (stmt, 2);
  e->name_source = _sv_db_column_dup (stmt, 3);
  e->pinned = sqlite3_column_int (stmt, 4) != 0;
  e->user_cover_item_id = sqlite3_column_int64 (stmt, 5);
  e->start_local = _sv_db_column_dup (stmt, 6);
  e->end_local = _sv_db_column_dup (stmt, 7);
  return e;
}

GPtrArray *
sv_catalogue_events_list_stored (SvCatalogue *self,
                                 const char *from,
                                 const char *to,
                                 GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) out = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt = _sv_db_prepare (db,
                         EVENT_SELECT " WHERE start_local IS NOT NULL"
                                      " AND (?1 IS NULL OR end_local >= ?1)"
                                      " AND (?2 IS NULL OR start_local <= ?2)"
                                      " ORDER BY start_local, id",
                         error);
  if (stmt == NULL)
    return NULL;
  if (from)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  if (to)
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_event_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  gint64 item_id;
  gint64 place_id;
  int rating;
  gboolean favourite;
  guint episode;
  char *taken_local;
} LiveMember;

/* Fills the live fields of @e from its members (@members: LiveMember of this
 * event, by time) and the place names. */
static gboolean
fill_live_fields (SvDb *db, SvEventInfo *e, GArray *members, GError **error)
{
  g_autoptr (GHashTable) place_counts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) place_keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 best_place = 0;
  guint best_count = 0;
  gint64 cover = 0;
  int best_score = -1;

  e->n_items = members->len;
  if (members->len == 0)
    return TRUE;
  e->first_local = g_strdup (g_array_index (members, LiveMember, 0).taken_local);
  e->last_local = g_strdup (g_array_index (members, LiveMember, members->len - 1).taken_local);
  e->n_episodes = g_array_index (members, LiveMember, members->len - 1).episode + 1;

  /* Needed because the hash table keys point into the array. */
  g_array_set_size (place_keys, members->len);
  for (guint k = 0; k < members->len; k++)
    {
      LiveMember *m = &g_array_index (members, LiveMember, k);
      int score;

      if (m->item_id == e->user_cover_item_id)
        cover = m->item_id, best_score = G_MAXINT;
      score = (m->favourite ? 10 : 0) + MAX (m->rating, 0);
      if (score > best_score && score > 0)
        cover = m->item_id, best_score = score;
      if (m->place_id > 0)
        {
          guint count;

          g_array_index (place_keys, gint64, k) = m->place_id;
          count = GPOINTER_TO_UINT (g_hash_table_lookup (place_counts, &m->place_id)) + 1;
          g_hash_table_replace (place_counts, &g_array_index (place_keys, gint64, k),
                                GUINT_TO_POINTER (count));
          if (count > best_count)
            best_count = count, best_place = m->place_id;
        }
    }
  if (cover == 0)
    cover = g_array_index (members, LiveMember, members->len / 2).item_id;
  e->cover_item_id = cover;

  if (best_place > 0)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (
          db, "SELECT city_local, city_en, country_local, country_en FROM places WHERE id = ?1",
          error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, best_place);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *v[4];

          for (int c = 0; c < 4; c++)
            v[c] = (const char *) sqlite3_column_text (stmt, c);
          e->city = g_strdup (v[0] && *v[0] ? v[0] : v[1] && *v[1] ? v[1] : NULL);
          e->country = g_strdup (v[2] && *v[2] ? v[2] : v[3] && *v[3] ? v[3] : NULL);
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static void
live_member_clear (gpointer data)
{
  LiveMember *m = data;

  g_clear_pointer (&m->taken_local, g_free);
}

/* Live members of one event (or of all events when @event_id is 0), by
 * event then time. Calls @func for each event's run. */
static gboolean
for_each_event_members (SvDb *db,
                        gint64 event_id,
                        gboolean (*func) (SvDb *, gint64, GArray *, gpointer, GError **),
                        gpointer user_data,
                        GError **error)
{
  g_autoptr (GArray) run = g_array_new (FALSE, TRUE, sizeof (LiveMember));
  sqlite3_stmt *stmt;
  gint64 current = 0;
  int rc;

  g_array_set_clear_func (run, live_member_clear);
  stmt = _sv_db_prepare (db,
                         "SELECT ei.event_id, i.id, coalesce (i.place_id, 0),"
                         " coalesce (i.rating, -1), i.favourite, ei.episode, i.taken_local"
                         " FROM event_items AS ei JOIN items AS i ON i.id = ei.item_id"
                         " WHERE i.trashed_at IS NULL AND (?1 = 0 OR ei.event_id = ?1)"
                         " ORDER BY ei.event_id, i.taken_local, i.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LiveMember m = { 0 };
      gint64 ev = sqlite3_column_int64 (stmt, 0);

      if (ev != current && run->len > 0)
        {
          if (!func (db, current, run, user_data, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          g_array_set_size (run, 0);
        }
      current = ev;
      m.item_id = sqlite3_column_int64 (stmt, 1);
      m.place_id = sqlite3_column_int64 (stmt, 2);
      m.rating = sqlite3_column_int (stmt, 3);
      m.favourite = sqlite3_column_int (stmt, 4) != 0;
      m.episode = (guint) MAX (sqlite3_column_int (stmt, 5), 0);
      m.taken_local = _sv_db_column_dup (stmt, 6);
      g_array_append_val (run, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);
  if (run->len > 0 && !func (db, current, run, user_data, error))
    return FALSE;
  return TRUE;
}

static gboolean
collect_event_cb (SvDb *db, gint64 event_id, GArray *members, gpointer user_data, GError **error)
{
  GHashTable *by_id = user_data;
  SvEventInfo *e = g_hash_table_lookup (by_id, &event_id);

  if (e == NULL)
    return TRUE;
  return fill_live_fields (db, e, members, error);
}

static int
event_newest_first (gconstpointer a, gconstpointer b)
{
  const SvEventInfo *x = *(SvEventInfo **) a, *y = *(SvEventInfo **) b;
  int c = g_strcmp0 (y->first_local, x->first_local);

  if (c != 0)
    return c;
  return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static GPtrArray *
list_locked (SvDb *db, gint64 only_id, GError **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_info_free);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GPtrArray) out = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sv_db_prepare (db, EVENT_SELECT " WHERE (?1 = 0 OR id = ?1)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, only_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvEventInfo *e = read_event_row (stmt);
      g_ptr_array_add (all, e);
      g_hash_table_insert (by_id, &e->id, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  if (!for_each_event_members (db, only_id, collect_event_cb, by_id, error))
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_info_free);
  for (guint k = 0; k < all->len; k++)
    {
      SvEventInfo *e = g_ptr_array_index (all, k);
      if (e->n_items > 0 || only_id != 0)
        g_ptr_array_add (out, g_steal_pointer (&all->pdata[k]));
    }
  g_ptr_array_sort (out, event_newest_first);
  return g_steal_pointer (&out);
}

GPtrArray *
sv_catalogue_events_list (SvCatalogue *self, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  return list_locked (db, 0, error);
}

SvEventInfo *
sv_catalogue_events_get (SvCatalogue *self, gint64 event_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) list = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  if (event_id <= 0)
    {
      set_not_found (error, "event", event_id);
      return NULL;
    }
  locker = _sv_catalogue_locker_new (self, &db);
  list = list_locked (db, event_id, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      set_not_found (error, "event", event_id);
      return NULL;
    }
  return g_steal_pointer (&list->pdata[0]);
}

GArray *
sv_catalogue_events_get_members (SvCatalogue *self, gint64 event_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GArray) out = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = _sv_catalogue_locker_new (self, &db);
  stmt =
      _sv_db_prepare (db,
                      "SELECT i.id, i.taken_local, ei.episode, ei.user_set FROM event_items AS ei"
                      " JOIN items AS i ON i.id = ei.item_id"
                      " WHERE ei.event_id = ?1 AND i.trashed_at IS NULL"
                      " ORDER BY i.taken_local, i.id",
                      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);
  out = g_array_new (FALSE, TRUE, sizeof (SvEventMember));
  g_array_set_clear_func (out, member_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvEventMember m = { 0 };

      m.item_id = sqlite3_column_int64 (stmt, 0);
      m.taken_local = _sv_db_column_dup (stmt, 1);
      m.episode = (guint) MAX (sqlite3_column_int (stmt, 2), 0);
      m.user_set = sqlite3_column_int (stmt, 3) != 0;
      g_array_append_val (out, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gint64
item_event_locked (SvDb *db, gint64 item_id, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 value = 0;
  int rc;

  stmt = _sv_db_prepare (db, "SELECT event_id FROM event_items WHERE item_id = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return -1;
    }
  return value;
}

/* Fails with SV_ERROR_INVALID_ARGUMENT unless @item_id is in @event_id (an
 * error reading it is replaced). */
static gboolean
check_item_in_event_locked (SvDb *db, gint64 item_id, gint64 event_id, GError **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (item_event_locked (db, item_id, error) == event_id)
    return TRUE;
  a = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);
  b = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);
  g_clear_error (error);
  g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Item %s is not in event %s"), a, b);
  return FALSE;
}

gint64
sv_catalogue_events_get_item_event (SvCatalogue *self, gint64 item_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), -1);

  locker = _sv_catalogue_locker_new (self, &db);
  return item_event_locked (db, item_id, error);
}

/* ---- writing ---- */

static gboolean
event_exists_locked (SvDb *db, gint64 event_id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "SELECT 1 FROM events WHERE id = ?1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    return set_not_found (error, "event", event_id);
  return TRUE;
}

/* Begins a transaction if @event_id exists (else rolls back). */
static gboolean
begin_on_event_locked (SvDb *db, gint64 event_id, GError **error)
{
  if (!_sv_db_begin (db, error))
    return FALSE;
  if (!event_exists_locked (db, event_id, error))
    return _sv_db_rollback (db);
  return TRUE;
}

static gint64
insert_event_locked (SvDb *db,
                     const char *name,
                     const char *source,
                     gboolean pinned,
                     GError **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt;

  stmt = _sv_db_prepare (db,
                         "INSERT INTO events (uuid, name, name_source, pinned, created_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5)",
                         error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (name)
    {
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int (stmt, 4, pinned ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (!_sv_db_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db->db);
}

/* Span of all members, and episodes: a new one after a gap longer than
 * SV_EVENTS_EPISODE_GAP_SECONDS or where the place changes. */
static gboolean
refresh_event_locked (SvDb *db, gint64 event_id, GError **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);
  sqlite3_stmt *stmt;
  gint64 last_time = 0, last_place = 0;
  guint episode = 0;
  int rc;

  stmt = _sv_db_prepare (db,
                         "SELECT i.id, " SQL_TIME ", coalesce (i.place_id, 0)"
                         " FROM event_items AS ei JOIN items AS i ON i.id = ei.item_id"
                         " WHERE ei.event_id = ?1 ORDER BY i.taken_local, i.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[3] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2) };
      g_array_append_vals (rows, row, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);

  for (guint k = 0; k < rows->len; k++)
    {
      const gint64 *row = (const gint64 *) (gpointer) (rows->data + k * sizeof (gint64) * 3);

      if (k > 0 && (row[1] - last_time > SV_EVENTS_EPISODE_GAP_SECONDS ||
                    (row[2] != 0 && last_place != 0 && row[2] != last_place)))
        episode++;
      last_time = row[1];
      if (row[2] != 0)
        last_place = row[2];
      if (!_sv_db_exec_id2 (db, "UPDATE event_items SET episode = ?2 WHERE item_id = ?1", row[0],
                            episode, error))
        return FALSE;
    }
  return _sv_db_exec_id (
      db,
      "UPDATE events SET"
      " start_local = (SELECT min (i.taken_local) FROM event_items AS ei"
      "   JOIN items AS i ON i.id = ei.item_id WHERE ei.event_id = ?1),"
      " end_local = (SELECT max (i.taken_local) FROM event_items AS ei"
      "   JOIN items AS i ON i.id = ei.item_id WHERE ei.event_id = ?1),"
      " cover_item_id = CASE WHEN cover_item_id IN (SELECT item_id FROM event_items"
      "   WHERE event_id = ?1) THEN cover_item_id END"
      " WHERE id = ?1",
      event_id, error);
}

static gboolean
prune_locked (SvDb *db, GError **error)
{
  return _sv_db_exec (
      db,
      "DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_items WHERE event_id = events.id)",
      error);
}

gboolean
sv_catalogue_events_apply (SvCatalogue *self,
                           const gint64 *dissolve,
                           guint n_dissolve,
                           GPtrArray *clusters,
                           GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GHashTable) touched =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (dissolve != NULL || n_dissolve == 0, FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;

  for (guint k = 0; k < n_dissolve; k++)
    {
      if (!_sv_db_exec_id (db,
                           "DELETE FROM event_items WHERE event_id = ?1 AND user_set = 0"
                           " AND (SELECT pinned FROM events WHERE id = ?1) = 0",
                           dissolve[k], error))
        return _sv_db_rollback (db);
      g_hash_table_add (touched, g_memdup2 (&dissolve[k], sizeof (gint64)));
    }

  for (guint c = 0; clusters != NULL && c < clusters->len; c++)
    {
      SvEventCluster *cl = g_ptr_array_index (clusters, c);
      sqlite3_stmt *stmt;

      if (cl->item_ids == NULL || cl->item_ids->len == 0)
        continue;
      if (cl->event_id == 0)
        {
          cl->event_id = insert_event_locked (db, cl->name, "folder", FALSE, error);
          if (cl->event_id == 0)
            return _sv_db_rollback (db);
        }
      else
        {
          stmt = _sv_db_prepare (db,
                                 "UPDATE events SET name = ?2, name_source = ?3 WHERE id = ?1"
                                 " AND (name_source IS NULL OR name_source = 'folder')"
                                 " AND (?2 IS NOT NULL OR pinned = 0)",
                                 error);
          if (stmt == NULL)
            return _sv_db_rollback (db);
          sqlite3_bind_int64 (stmt, 1, cl->event_id);
          if (cl->name)
            {
              sqlite3_bind_text (stmt, 2, cl->name, -1, SQLITE_STATIC);
              sqlite3_bind_text (stmt, 3, "folder", -1, SQLITE_STATIC);
            }
          if (!_sv_db_step_done (db, stmt, error))
            return _sv_db_rollback (db);
        }
      for (guint k = 0; k < cl->item_ids->len; k++)
        {
          gint64 item = g_array_index (cl->item_ids, gint64, k);
          gint64 old = item_event_locked (db, item, error);

          if (old < 0)
            return _sv_db_rollback (db);
          if (old == cl->event_id)
            continue;
          if (old > 0)
            {
              /* Never take an item the user placed. */
              if (!_sv_db_exec_id (db,
                                   "DELETE FROM event_items WHERE item_id = ?1 AND user_set = 0",
                                   item, error))
                return _sv_db_rollback (db);
              if (sqlite3_changes (db->db) == 0)
                continue;
              g_hash_table_add (touched, g_memdup2 (&old, sizeof (gint64)));
            }
          if (!_sv_db_exec_id2 (
                  db, "INSERT INTO event_items (event_id, item_id, user_set) VALUES (?1, ?2, 0)",
                  cl->event_id, item, error))
            return _sv_db_rollback (db);
        }
      g_hash_table_add (touched, g_memdup2 (&cl->event_id, sizeof (gint64)));
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!refresh_event_locked (db, *(gint64 *) key, error))
      return _sv_db_rollback (db);
  if (!prune_locked (db, error))
    return _sv_db_rollback (db);
  return _sv_db_commit (db, error);
}

static gboolean
pin_locked (SvDb *db, gint64 event_id, GError **error)
{
  return _sv_db_exec_id (db, "UPDATE events SET pinned = 1 WHERE id = ?1", event_id, error);
}

/* Appends the ids of @event_id's items to @out, so that an edit can say
 * which items changed (their event's name, dates or membership). */
static gboolean
collect_members_locked (SvDb *db, gint64 event_id, GArray *out, GError **error)
{
  g_autoptr (GArray) ids =
      _sv_db_query_ids (db, "SELECT item_id FROM event_items WHERE event_id = ?1", event_id, error);

  if (ids == NULL)
    return FALSE;
  g_array_append_vals (out, ids->data, ids->len);
  return TRUE;
}

/* Commits, unlocks and emits ::changed for @changed (taken). */
static gboolean
commit_and_emit (SvCatalogue *self,
                 SvCatalogueLocker **locker,
                 SvDb *db,
                 GArray *changed,
                 GError **error)
{
  if (!_sv_db_commit (db, error))
    {
      g_array_unref (changed);
      return FALSE;
    }
  g_clear_pointer (locker, _sv_catalogue_locker_free);
  _sv_catalogue_emit_changed (self, NULL, changed, NULL);
  return TRUE;
}

gboolean
sv_catalogue_events_rename (SvCatalogue *self, gint64 event_id, const char *name, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autofree char *clean = NULL;
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The event name is not valid text"));
      return FALSE;
    }
  if (name != NULL)
    {
      clean = g_strstrip (g_strdup (name));
      if (g_utf8_strlen (clean, -1) > 200)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("An event name has at most 200 characters"));
          return FALSE;
        }
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }

  locker = _sv_catalogue_locker_new (self, &db);
  if (!begin_on_event_locked (db, event_id, error))
    return FALSE;
  stmt = _sv_db_prepare (
      db, "UPDATE events SET name = ?2, name_source = ?3, pinned = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return _sv_db_rollback (db);
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (clean)
    {
      sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, "user", -1, SQLITE_STATIC);
    }
  if (!_sv_db_step_done (db, stmt, error) || !collect_members_locked (db, event_id, changed, error))
    return _sv_db_rollback (db);
  return commit_and_emit (self, &locker, db, g_steal_pointer (&changed), error);
}

gboolean
sv_catalogue_events_merge (SvCatalogue *self, gint64 into, gint64 from, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (into == from)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("An event cannot be merged with itself"));
      return FALSE;
    }
  locker = _sv_catalogue_locker_new (self, &db);
  if (!begin_on_event_locked (db, into, error))
    return FALSE;
  if (!event_exists_locked (db, from, error))
    return _sv_db_rollback (db);
  /* A name: the target's, else the other's. */
  if (!_sv_db_exec_id2 (db,
                        "UPDATE events SET name = (SELECT name FROM events WHERE id = ?2),"
                        " name_source = (SELECT name_source FROM events WHERE id = ?2)"
                        " WHERE id = ?1 AND name IS NULL",
                        into, from, error) ||
      !_sv_db_exec_id2 (db,
                        "UPDATE event_items SET event_id = ?1, user_set = 1 WHERE event_id = ?2",
                        into, from, error) ||
      !_sv_db_exec_id2 (
          db,
          "UPDATE events SET cover_item_id = (SELECT cover_item_id FROM events WHERE id = ?2)"
          " WHERE id = ?1 AND cover_item_id IS NULL",
          into, from, error) ||
      !_sv_db_exec_id2 (db, "DELETE FROM events WHERE id = ?2 AND ?1 > 0", into, from, error) ||
      !pin_locked (db, into, error) || !refresh_event_locked (db, into, error) ||
      !collect_members_locked (db, into, changed, error))
    return _sv_db_rollback (db);
  return commit_and_emit (self, &locker, db, g_steal_pointer (&changed), error);
}

gint64
sv_catalogue_events_split (SvCatalogue *self, gint64 event_id, gint64 at_item_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 new_id, moved;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!begin_on_event_locked (db, event_id, error))
    return 0;
  if (!check_item_in_event_locked (db, at_item_id, event_id, error))
    goto fail;
  /* Is it the first photo? */
  stmt = _sv_db_prepare (
      db,
      "SELECT count (*) FROM event_items AS ei JOIN items AS i ON i.id = ei.item_id,"
      " items AS at WHERE at.id = ?2 AND ei.event_id = ?1"
      " AND (i.taken_local < at.taken_local"
      "      OR (i.taken_local = at.taken_local AND i.id < at.id))",
      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, at_item_id);
  rc = sqlite3_step (stmt);
  moved = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (moved < 0)
    {
      _sv_db_set_error (db, rc, error);
      goto fail;
    }
  if (moved == 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("An event cannot be split at its first photo"));
      goto fail;
    }
  new_id = insert_event_locked (db, NULL, NULL, TRUE, error);
  if (new_id == 0)
    goto fail;
  stmt =
      _sv_db_prepare (db,
                      "UPDATE event_items SET event_id = ?3, user_set = 1 WHERE event_id = ?1"
                      " AND item_id IN (SELECT i.id FROM items AS i, items AS at WHERE at.id = ?2"
                      "   AND (i.taken_local > at.taken_local"
                      "        OR (i.taken_local = at.taken_local AND i.id >= at.id)))",
                      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  sqlite3_bind_int64 (stmt, 2, at_item_id);
  sqlite3_bind_int64 (stmt, 3, new_id);
  if (!_sv_db_step_done (db, stmt, error) ||
      !_sv_db_exec_id (db, "UPDATE event_items SET user_set = 1 WHERE event_id = ?1", event_id,
                       error) ||
      !pin_locked (db, event_id, error) || !refresh_event_locked (db, event_id, error) ||
      !refresh_event_locked (db, new_id, error) ||
      !collect_members_locked (db, event_id, changed, error) ||
      !collect_members_locked (db, new_id, changed, error))
    goto fail;
  if (!commit_and_emit (self, &locker, db, g_steal_pointer (&changed), error))
    return 0;
  return new_id;

fail:
  _sv_db_rollback (db);
  return 0;
}

gboolean
sv_catalogue_events_move (SvCatalogue *self,
                          gint64 event_id,
                          const gint64 *item_ids,
                          guint n,
                          GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GArray) sources = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (item_ids != NULL || n == 0, FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!begin_on_event_locked (db, event_id, error))
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      sqlite3_stmt *stmt;
      gint64 old;
      gboolean exists;

      stmt = _sv_db_prepare (db, "SELECT 1 FROM items WHERE id = ?1", error);
      if (stmt == NULL)
        return _sv_db_rollback (db);
      sqlite3_bind_int64 (stmt, 1, item_ids[k]);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!exists)
        {
          set_not_found (error, "item", item_ids[k]);
          return _sv_db_rollback (db);
        }
      old = item_event_locked (db, item_ids[k], error);
      if (old < 0)
        return _sv_db_rollback (db);
      if (old > 0 && old != event_id)
        g_array_append_val (sources, old);
      if (!_sv_db_exec_id (db, "DELETE FROM event_items WHERE item_id = ?1", item_ids[k], error) ||
          !_sv_db_exec_id2 (
              db, "INSERT INTO event_items (event_id, item_id, user_set) VALUES (?1, ?2, 1)",
              event_id, item_ids[k], error))
        return _sv_db_rollback (db);
    }
  if (!pin_locked (db, event_id, error) || !refresh_event_locked (db, event_id, error))
    return _sv_db_rollback (db);
  for (guint k = 0; k < sources->len; k++)
    if (!refresh_event_locked (db, g_array_index (sources, gint64, k), error))
      return _sv_db_rollback (db);
  if (!prune_locked (db, error))
    return _sv_db_rollback (db);
  g_array_append_vals (changed, item_ids, n);
  return commit_and_emit (self, &locker, db, g_steal_pointer (&changed), error);
}

gboolean
sv_catalogue_events_set_cover (SvCatalogue *self, gint64 event_id, gint64 item_id, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!begin_on_event_locked (db, event_id, error))
    return FALSE;
  if (item_id != 0 && !check_item_in_event_locked (db, item_id, event_id, error))
    return _sv_db_rollback (db);
  if (!_sv_db_exec_id2 (db,
                        "UPDATE events SET cover_item_id = CASE WHEN ?2 > 0 THEN ?2 END, pinned = 1"
                        " WHERE id = ?1",
                        event_id, item_id, error))
    return _sv_db_rollback (db);
  return _sv_db_commit (db, error);
}

gboolean
sv_catalogue_events_prune (SvCatalogue *self, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  return prune_locked (db, error);
}
