/* sv-catalogue-albums.c: albums (see sv-catalogue-albums.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-catalogue-albums.h"
#include "sv-catalogue-edits-private.h"
#include "sv-error.h"

/* Default names ("Event (2)") are tried up to this number. */
#define MAX_NAME_SUFFIX 1000

/* ---- helpers (called with the lock held) ---- */

static char *
clean_text (const char *text, gsize max_bytes, gboolean allow_empty, GError **error)
{
  g_autofree char *clean = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The album’s name or description is not valid text (UTF-8)"));
      return NULL;
    }
  clean = g_strstrip (g_strdup (text));
  for (char *p = clean; *p != '\0'; p++)
    if (((guchar) *p < 0x20 && *p != '\n') || *p == 0x7f)
      *p = ' ';
  if (!allow_empty && clean[0] == '\0')
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("An album needs a name"));
      return NULL;
    }
  if (strlen (clean) > max_bytes)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The text is too long for an album (at most %u characters)"),
                   (guint) max_bytes);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

static char *
clean_name (const char *name, GError **error)
{
  g_autofree char *clean = clean_text (name, SV_ALBUM_NAME_MAX_BYTES, FALSE, error);

  if (clean != NULL && strchr (clean, '\n') != NULL)
    for (char *p = clean; *p != '\0'; p++)
      if (*p == '\n')
        *p = ' ';
  return g_steal_pointer (&clean);
}

static gboolean
album_not_found (gint64 album_id, GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, album_id);

  g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no album number %s"), id_text);
  return FALSE;
}

static gboolean
check_album (SvDb *db, gint64 album_id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "SELECT 1 FROM albums WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return album_not_found (album_id, error);
  return _sv_db_set_error (db, rc, error);
}

/* The id of the album named exactly @name, 0 if none, -1 on error. */
static gint64
find_album_by_name (SvDb *db, const char *name, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "SELECT id FROM albums WHERE name = ?1", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error) ? 0 : -1;
  return id;
}

static gboolean
check_name_free (SvDb *db, const char *name, gint64 except_id, GError **error)
{
  gint64 other = find_album_by_name (db, name, error);

  if (other < 0)
    return FALSE;
  if (other > 0 && other != except_id)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_DUPLICATE, _ ("There is already an album named “%s”"),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* @name, else "@name (2)", "(3)"... the first one free. */
static char *
free_name (SvDb *db, const char *name, GError **error)
{
  for (int k = 1; k <= MAX_NAME_SUFFIX; k++)
    {
      g_autofree char *candidate = k == 1 ? g_strdup (name) : g_strdup_printf ("%s (%d)", name, k);
      gint64 other = find_album_by_name (db, candidate, error);

      if (other < 0)
        return NULL;
      if (other == 0)
        return g_steal_pointer (&candidate);
    }
  g_set_error (error, SV_ERROR, SV_ERROR_DUPLICATE, _ ("There is already an album named “%s”"),
               name);
  return NULL;
}

static gboolean
touch_album (SvDb *db, gint64 album_id, GError **error)
{
  sqlite3_stmt *stmt =
      _sv_db_prepare (db, "UPDATE albums SET modified_at = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  return _sv_db_step_done (db, stmt, error);
}

static gint64
insert_album (SvDb *db, const char *name, GError **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 now = g_get_real_time ();
  sqlite3_stmt *stmt;

  stmt = _sv_db_prepare (db,
                         "INSERT INTO albums (uuid, name, created_at, modified_at)"
                         " VALUES (?1, ?2, ?3, ?3)",
                         error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_sv_db_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db->db);
}

/* Member ids by position. */
static GArray *
read_positions (SvDb *db, gint64 album_id, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sv_db_prepare (db,
                         "SELECT item_id FROM album_items WHERE album_id = ?1"
                         " ORDER BY position, item_id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, album_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
write_positions (SvDb *db, gint64 album_id, GArray *ids, GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (
          db,
          "UPDATE album_items SET position = ?3 WHERE album_id = ?1 AND item_id = ?2"
          " AND position != ?3",
          error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, album_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      sqlite3_bind_int64 (stmt, 3, i);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Appends the items not already members; adds the appended ones to @added. */
static gboolean
append_items (SvDb *db, gint64 album_id, GArray *ids, GArray *added, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 next = 0;

  stmt = _sv_db_prepare (
      db, "SELECT coalesce (max (position) + 1, 0) FROM album_items WHERE album_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      stmt = _sv_db_prepare (db,
                             "INSERT INTO album_items (album_id, item_id, position)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, album_id);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_int64 (stmt, 3, next);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      if (sqlite3_changes (db->db) > 0)
        {
          next++;
          g_array_append_val (added, id);
        }
    }
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static SvAlbum *
read_album (SvDb *db, gint64 album_id, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *uuid = NULL, *name = NULL, *description = NULL;
  g_autofree char *first_day = NULL, *last_day = NULL;
  int sort, rc;
  gint64 cover = 0, created_at, modified_at, count = 0;
  gboolean cover_auto;

  stmt = _sv_db_prepare (db,
                         "SELECT uuid, name, description, sort_mode, cover_item_id, created_at,"
                         " modified_at FROM albums WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, album_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        album_not_found (album_id, error);
      else
        _sv_db_set_error (db, rc, error);
      return NULL;
    }
  uuid = column_dup (stmt, 0);
  name = column_dup (stmt, 1);
  description = column_dup (stmt, 2);
  sort = sqlite3_column_int (stmt, 3);
  cover_auto = sqlite3_column_type (stmt, 4) == SQLITE_NULL;
  cover = sqlite3_column_int64 (stmt, 4);
  created_at = sqlite3_column_int64 (stmt, 5);
  modified_at = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);

  stmt = _sv_db_prepare (db,
                         "SELECT count(*), min (i.taken_day), max (i.taken_day)"
                         " FROM album_items ai JOIN items i ON i.id = ai.item_id"
                         " WHERE ai.album_id = ?1 AND i.trashed_at IS NULL",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, album_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      first_day = column_dup (stmt, 1);
      last_day = column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (cover_auto)
    {
      stmt = _sv_db_prepare (
          db,
          sort == SV_ALBUM_SORT_DATE
              ? "SELECT ai.item_id FROM album_items ai JOIN items i ON i.id = ai.item_id"
                " WHERE ai.album_id = ?1 AND i.trashed_at IS NULL"
                " ORDER BY i.taken_local IS NULL, i.taken_local, i.id LIMIT 1"
              : "SELECT ai.item_id FROM album_items ai JOIN items i ON i.id = ai.item_id"
                " WHERE ai.album_id = ?1 AND i.trashed_at IS NULL"
                " ORDER BY ai.position, ai.item_id LIMIT 1",
          error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, album_id);
      cover = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);
    }

  return g_object_new (SV_TYPE_ALBUM, "id", album_id, "uuid", uuid, "name", name, "description",
                       description, "sort", sort, "cover-id", cover, "cover-is-automatic",
                       cover_auto, "count", (guint) MIN (count, G_MAXUINT), "first-day", first_day,
                       "last-day", last_day, "created-at", created_at, "modified-at", modified_at,
                       NULL);
}

/* ---- creating ---- */

/* Creates the album named @name (taken as is when @unique_name, else made
 * unique) holding @ids in this order; emits ::changed for them. */
static gint64
create_with_items (SvCatalogue *self,
                   const char *name,
                   gboolean make_unique,
                   const gint64 *ids,
                   guint n,
                   GError **error)
{
  g_autofree char *clean = clean_name (name, error);
  g_autofree char *final_name = NULL;
  g_autoptr (GArray) unique = NULL;
  g_autoptr (GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 album_id = 0;
  SvDb *db;
  gboolean ok;

  if (clean == NULL)
    return 0;
  if (n > 0 && ids == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("No items were given"));
      return 0;
    }
  unique = _sv_edits_id_array (ids, n);

  db = _sv_catalogue_lock_db (self);
  ok = _sv_edits_check_items (db, (const gint64 *) (gpointer) unique->data, unique->len, error) &&
       _sv_edits_begin (db, error);
  if (ok)
    {
      if (make_unique)
        final_name = free_name (db, clean, error);
      else if (check_name_free (db, clean, 0, error))
        final_name = g_steal_pointer (&clean);
      ok = final_name != NULL && (album_id = insert_album (db, final_name, error)) > 0 &&
           append_items (db, album_id, unique, added, error);
      if (ok)
        ok = _sv_edits_commit (db, error);
      else
        _sv_edits_rollback (db);
    }
  _sv_catalogue_unlock_db (self);

  if (!ok)
    return 0;
  _sv_catalogue_emit_changed (self, NULL, g_steal_pointer (&added), NULL);
  return album_id;
}

gint64
sv_catalogue_album_create (SvCatalogue *self, const char *name, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);
  return create_with_items (self, name, FALSE, NULL, 0, error);
}

gint64
sv_catalogue_album_create_from_items (SvCatalogue *self,
                                      const char *name,
                                      const gint64 *ids,
                                      guint n,
                                      GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);
  return create_with_items (self, name, FALSE, ids, n, error);
}

/* Ids from a one-column query with ?1 bound to @key (text or int64). */
static GArray *
query_ids (SvCatalogue *self, const char *sql, const char *text_key, gint64 int_key, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc = SQLITE_ERROR;

  db = _sv_catalogue_lock_db (self);
  stmt = _sv_db_prepare (db, sql, error);
  if (stmt != NULL)
    {
      if (text_key)
        sqlite3_bind_text (stmt, 1, text_key, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 1, int_key);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        _sv_db_set_error (db, rc, error);
    }
  _sv_catalogue_unlock_db (self);
  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

gint64
sv_catalogue_album_create_from_day (SvCatalogue *self,
                                    const char *name,
                                    const char *day,
                                    GError **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autofree char *default_name = NULL;
  int y, m, d;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a day: write it as YYYY-MM-DD"), day ? day : "");
      return 0;
    }
  ids = query_ids (self,
                   "SELECT id FROM items WHERE taken_day = ?1 AND trashed_at IS NULL"
                   " ORDER BY taken_local, id",
                   day, 0, error);
  if (ids == NULL)
    return 0;
  if (name == NULL)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_utc (y, m, d, 12, 0, 0);

      /* TRANSLATORS: the name of an album made from one day, a
       * g_date_time_format () format: "14 July 2023" */
      default_name = g_date_time_format (dt, _ ("%-d %B %Y"));
      if (default_name == NULL)
        default_name = g_strdup (day);
    }
  return create_with_items (self, name ? name : default_name, name == NULL,
                            (const gint64 *) (gpointer) ids->data, ids->len, error);
}

gint64
sv_catalogue_album_create_from_event (SvCatalogue *self,
                                      const char *name,
                                      gint64 event_id,
                                      GError **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autofree char *event_name = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  db = _sv_catalogue_lock_db (self);
  stmt = _sv_db_prepare (db, "SELECT name FROM events WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, event_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        event_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no event number %s"),
                       id_text);
        }
      else if (rc != SQLITE_ROW)
        _sv_db_set_error (db, rc, error);
    }
  _sv_catalogue_unlock_db (self);
  if (rc != SQLITE_ROW)
    return 0;

  ids = query_ids (self,
                   "SELECT ei.item_id FROM event_items ei JOIN items i ON i.id = ei.item_id"
                   " WHERE ei.event_id = ?1 AND i.trashed_at IS NULL"
                   " ORDER BY i.taken_local IS NULL, i.taken_local, i.id",
                   NULL, event_id, error);
  if (ids == NULL)
    return 0;
  if (name != NULL)
    return create_with_items (self, name, FALSE, (const gint64 *) (gpointer) ids->data, ids->len,
                              error);
  return create_with_items (self,
                            event_name && event_name[0] && g_utf8_validate (event_name, -1, NULL)
                                ? event_name
                                : _ ("Event"),
                            TRUE, (const gint64 *) (gpointer) ids->data, ids->len, error);
}

/* ---- editing ---- */

typedef gboolean (
    *AlbumEditFunc) (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error);

static gboolean
run_album_edit (SvCatalogue *self,
                gint64 album_id,
                AlbumEditFunc func,
                gpointer data,
                GError **error)
{
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  SvDb *db;
  gboolean ok;

  db = _sv_catalogue_lock_db (self);
  ok = check_album (db, album_id, error) && _sv_edits_begin (db, error);
  if (ok)
    {
      ok = func (db, album_id, data, changed, error) && touch_album (db, album_id, error);
      if (ok)
        ok = _sv_edits_commit (db, error);
      else
        _sv_edits_rollback (db);
    }
  _sv_catalogue_unlock_db (self);

  if (ok)
    _sv_catalogue_emit_changed (self, NULL, g_steal_pointer (&changed), NULL);
  return ok;
}

static gboolean
rename_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  const char *name = data;
  sqlite3_stmt *stmt;

  (void) changed;
  if (!check_name_free (db, name, album_id, error))
    return FALSE;
  stmt = _sv_db_prepare (db, "UPDATE albums SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_album_rename (SvCatalogue *self, gint64 album_id, const char *name, GError **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  clean = clean_name (name, error);
  if (clean == NULL)
    return FALSE;
  return run_album_edit (self, album_id, rename_func, clean, error);
}

static gboolean
describe_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  sqlite3_stmt *stmt =
      _sv_db_prepare (db, "UPDATE albums SET description = ?2 WHERE id = ?1", error);

  (void) changed;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_album_set_description (SvCatalogue *self,
                                    gint64 album_id,
                                    const char *description,
                                    GError **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  clean = clean_text (description ? description : "", SV_ALBUM_DESCRIPTION_MAX_BYTES, TRUE, error);
  if (clean == NULL)
    return FALSE;
  return run_album_edit (self, album_id, describe_func, clean, error);
}

gboolean
sv_catalogue_album_delete (SvCatalogue *self, gint64 album_id, GError **error)
{
  g_autoptr (GArray) members = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  gboolean ok;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  db = _sv_catalogue_lock_db (self);
  ok = check_album (db, album_id, error) && _sv_edits_begin (db, error);
  if (ok)
    {
      members = read_positions (db, album_id, error);
      ok = members != NULL;
      /* album_items go with it (ON DELETE CASCADE); the items stay. */
      stmt = ok ? _sv_db_prepare (db, "DELETE FROM albums WHERE id = ?1", error) : NULL;
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, album_id);
          ok = _sv_db_step_done (db, stmt, error);
        }
      if (ok)
        ok = _sv_edits_commit (db, error);
      else
        _sv_edits_rollback (db);
    }
  _sv_catalogue_unlock_db (self);

  if (ok)
    _sv_catalogue_emit_changed (self, NULL, g_steal_pointer (&members), NULL);
  return ok;
}

typedef struct
{
  const gint64 *ids;
  guint n;
  guint position;
  gboolean use_before; /* place before @before (0: at the end), not at @position */
  gint64 before;
} MembersEdit;

static gboolean
add_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  MembersEdit *edit = data;
  g_autoptr (GArray) unique = _sv_edits_id_array (edit->ids, edit->n);

  return _sv_edits_check_items (db, (const gint64 *) (gpointer) unique->data, unique->len, error) &&
         append_items (db, album_id, unique, changed, error);
}

gboolean
sv_catalogue_album_add_items (SvCatalogue *self,
                              gint64 album_id,
                              const gint64 *ids,
                              guint n,
                              GError **error)
{
  MembersEdit edit = { ids, n, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (n == 0 || ids != NULL, FALSE);
  return run_album_edit (self, album_id, add_func, &edit, error);
}

static gboolean
remove_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  MembersEdit *edit = data;
  g_autoptr (GArray) order = NULL;
  g_autoptr (GHashTable) removing = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < edit->n; i++)
    g_hash_table_add (removing, (gpointer) &edit->ids[i]);
  order = read_positions (db, album_id, error);
  if (order == NULL)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      gint64 id = g_array_index (order, gint64, i);
      sqlite3_stmt *stmt;

      if (!g_hash_table_contains (removing, &id))
        {
          g_array_append_val (kept, id);
          continue;
        }
      stmt = _sv_db_prepare (db, "DELETE FROM album_items WHERE album_id = ?1 AND item_id = ?2",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, album_id);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      /* A cover that leaves the album: automatic again. */
      stmt = _sv_db_prepare (db,
                             "UPDATE albums SET cover_item_id = NULL, cover_auto = 1"
                             " WHERE id = ?1 AND cover_item_id = ?2",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, album_id);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      g_array_append_val (changed, id);
    }
  return write_positions (db, album_id, kept, error);
}

gboolean
sv_catalogue_album_remove_items (SvCatalogue *self,
                                 gint64 album_id,
                                 const gint64 *ids,
                                 guint n,
                                 GError **error)
{
  MembersEdit edit = { ids, n, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (n == 0 || ids != NULL, FALSE);
  return run_album_edit (self, album_id, remove_func, &edit, error);
}

static gboolean
set_sort_mode (SvDb *db, gint64 album_id, SvAlbumSort sort, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "UPDATE albums SET sort_mode = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  sqlite3_bind_int (stmt, 2, sort);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
move_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  MembersEdit *edit = data;
  g_autoptr (GArray) moving = _sv_edits_id_array (edit->ids, edit->n);
  g_autoptr (GHashTable) moving_set = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) members = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) order = NULL;
  g_autoptr (GArray) rest = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint position;

  order = read_positions (db, album_id, error);
  if (order == NULL)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    g_hash_table_add (members, &g_array_index (order, gint64, i));
  for (guint i = 0; i < moving->len; i++)
    {
      gint64 *id = &g_array_index (moving, gint64, i);

      if (!g_hash_table_contains (members, id))
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, *id);

          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("Item %s is not in the album"),
                       id_text);
          return FALSE;
        }
      g_hash_table_add (moving_set, id);
    }
  for (guint i = 0; i < order->len; i++)
    if (!g_hash_table_contains (moving_set, &g_array_index (order, gint64, i)))
      g_array_append_val (rest, g_array_index (order, gint64, i));
  position = MIN (edit->position, rest->len);
  if (edit->use_before)
    {
      gboolean found = FALSE;

      /* Where @before is, or the first item after it that stays. */
      position = rest->len;
      for (guint i = 0, r = 0; i < order->len; i++)
        {
          gint64 id = g_array_index (order, gint64, i);

          found = found || id == edit->before;
          if (g_hash_table_contains (moving_set, &id))
            continue;
          if (found)
            {
              position = r;
              break;
            }
          r++;
        }
    }
  g_array_insert_vals (rest, position, moving->data, moving->len);
  if (!write_positions (db, album_id, rest, error) ||
      !set_sort_mode (db, album_id, SV_ALBUM_SORT_MANUAL, error))
    return FALSE;
  /* The album's order changed: views of the album read it again. */
  g_array_append_vals (changed, rest->data, rest->len);
  return TRUE;
}

gboolean
sv_catalogue_album_move_items (SvCatalogue *self,
                               gint64 album_id,
                               const gint64 *ids,
                               guint n,
                               guint position,
                               GError **error)
{
  MembersEdit edit = { ids, n, position, FALSE, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (n == 0 || ids != NULL, FALSE);
  return run_album_edit (self, album_id, move_func, &edit, error);
}

gboolean
sv_catalogue_album_move_items_before (SvCatalogue *self,
                                      gint64 album_id,
                                      const gint64 *ids,
                                      guint n,
                                      gint64 before_id,
                                      GError **error)
{
  MembersEdit edit = { ids, n, 0, TRUE, before_id };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (n == 0 || ids != NULL, FALSE);
  return run_album_edit (self, album_id, move_func, &edit, error);
}

static gboolean
sort_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  g_autoptr (GArray) order = NULL;

  if (!set_sort_mode (db, album_id, GPOINTER_TO_INT (data), error))
    return FALSE;
  /* The album's order changed: views of the album read it again. */
  order = read_positions (db, album_id, error);
  if (order == NULL)
    return FALSE;
  g_array_append_vals (changed, order->data, order->len);
  return TRUE;
}

gboolean
sv_catalogue_album_set_sort (SvCatalogue *self, gint64 album_id, SvAlbumSort sort, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (sort != SV_ALBUM_SORT_MANUAL && sort != SV_ALBUM_SORT_DATE)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Unknown album order"));
      return FALSE;
    }
  return run_album_edit (self, album_id, sort_func, GINT_TO_POINTER (sort), error);
}

static gboolean
cover_func (SvDb *db, gint64 album_id, gpointer data, GArray *changed, GError **error)
{
  gint64 item_id = *(gint64 *) data;
  sqlite3_stmt *stmt;

  (void) changed;
  if (item_id != 0)
    {
      int rc;

      stmt = _sv_db_prepare (db, "SELECT 1 FROM album_items WHERE album_id = ?1 AND item_id = ?2",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, album_id);
      sqlite3_bind_int64 (stmt, 2, item_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);

          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("Item %s is not in the album"),
                       id_text);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return _sv_db_set_error (db, rc, error);
    }
  stmt = _sv_db_prepare (db,
                         "UPDATE albums SET cover_item_id = ?2, cover_auto = (?2 IS NULL)"
                         " WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album_id);
  if (item_id != 0)
    sqlite3_bind_int64 (stmt, 2, item_id);
  else
    sqlite3_bind_null (stmt, 2);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_album_set_cover (SvCatalogue *self, gint64 album_id, gint64 item_id, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return run_album_edit (self, album_id, cover_func, &item_id, error);
}

/* ---- reading ---- */

SvAlbum *
sv_catalogue_album_get (SvCatalogue *self, gint64 album_id, GError **error)
{
  SvAlbum *album;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  db = _sv_catalogue_lock_db (self);
  album = read_album (db, album_id, error);
  _sv_catalogue_unlock_db (self);
  return album;
}

static int
compare_albums (gconstpointer a, gconstpointer b)
{
  SvAlbum *aa = *(SvAlbum *const *) a;
  SvAlbum *ab = *(SvAlbum *const *) b;
  int c = g_utf8_collate (sv_album_get_name (aa), sv_album_get_name (ab));

  if (c != 0)
    return c;
  return sv_album_get_id (aa) < sv_album_get_id (ab) ? -1 : 1;
}

GPtrArray *
sv_catalogue_album_list (SvCatalogue *self, GError **error)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GPtrArray) albums = g_ptr_array_new_with_free_func (g_object_unref);
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  ids = query_ids (self, "SELECT id FROM albums WHERE id > ?1 ORDER BY id", NULL, 0, error);
  if (ids == NULL)
    return NULL;
  db = _sv_catalogue_lock_db (self);
  for (guint i = 0; i < ids->len; i++)
    {
      SvAlbum *album = read_album (db, g_array_index (ids, gint64, i), error);

      if (album == NULL)
        {
          _sv_catalogue_unlock_db (self);
          return NULL;
        }
      g_ptr_array_add (albums, album);
    }
  _sv_catalogue_unlock_db (self);
  g_ptr_array_sort (albums, compare_albums);
  return g_steal_pointer (&albums);
}

gint64
sv_catalogue_album_resolve (SvCatalogue *self, const char *name_or_id, GError **error)
{
  gint64 id;
  SvDb *db;
  gboolean all_digits;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  if (name_or_id == NULL || !g_utf8_validate (name_or_id, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The album’s name is not valid text (UTF-8)"));
      return 0;
    }
  db = _sv_catalogue_lock_db (self);
  id = find_album_by_name (db, name_or_id, error);
  all_digits = name_or_id[0] != '\0' && strlen (name_or_id) <= 18;
  for (const char *p = name_or_id; all_digits && *p; p++)
    all_digits = g_ascii_isdigit (*p);
  if (id == 0 && all_digits)
    {
      gint64 number = g_ascii_strtoll (name_or_id, NULL, 10);

      if (number > 0 && check_album (db, number, NULL))
        id = number;
    }
  _sv_catalogue_unlock_db (self);

  if (id < 0)
    return 0;
  if (id == 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no album “%s”"), name_or_id);
      return 0;
    }
  return id;
}

GArray *
sv_catalogue_album_get_item_ids (SvCatalogue *self,
                                 gint64 album_id,
                                 gboolean live_only,
                                 GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  SvDb *db;
  int sort = 0, rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  db = _sv_catalogue_lock_db (self);
  stmt = _sv_db_prepare (db, "SELECT sort_mode FROM albums WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, album_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    sort = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        album_not_found (album_id, error);
      else
        _sv_db_set_error (db, rc, error);
      goto fail;
    }
  stmt = _sv_db_prepare (db,
                         sort == SV_ALBUM_SORT_DATE
                             ? "SELECT ai.item_id FROM album_items ai JOIN items i"
                               " ON i.id = ai.item_id WHERE ai.album_id = ?1"
                               " AND (?2 = 0 OR i.trashed_at IS NULL)"
                               " ORDER BY i.taken_local IS NULL, i.taken_local, i.id"
                             : "SELECT ai.item_id FROM album_items ai JOIN items i"
                               " ON i.id = ai.item_id WHERE ai.album_id = ?1"
                               " AND (?2 = 0 OR i.trashed_at IS NULL)"
                               " ORDER BY ai.position, ai.item_id",
                         error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, album_id);
  sqlite3_bind_int (stmt, 2, live_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      goto fail;
    }
  _sv_catalogue_unlock_db (self);
  return g_steal_pointer (&ids);

fail:
  _sv_catalogue_unlock_db (self);
  return NULL;
}
