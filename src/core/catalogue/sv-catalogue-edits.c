/* sv-catalogue-edits.c: captions, keywords, favourites, ratings, date and
 * place fixes (see sv-catalogue-edits.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-catalogue-edits-private.h"
#include "sv-catalogue-edits.h"
#include "sv-error.h"

/* How many keywords sv_catalogue_complete_keywords counts at most. */
#define COMPLETE_MAX_CANDIDATES 200
#define MAX_TZ_MINUTES (14 * 60)

/* ---- shared helpers ---- */

char *
_sv_text_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  folded = g_utf8_casefold (text, -1);
  nfd = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
_sv_text_fold_has_prefix (const char *folded_text, const char *folded_prefix)
{
  gboolean at_word_start = TRUE;

  if (folded_prefix == NULL || folded_prefix[0] == '\0')
    return TRUE;
  for (const char *p = folded_text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (at_word_start && g_str_has_prefix (p, folded_prefix))
        return TRUE;
      at_word_start = !g_unichar_isalnum (c);
    }
  return FALSE;
}

gboolean
_sv_edits_begin (SvDb *db, GError **error)
{
  return _sv_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
_sv_edits_commit (SvDb *db, GError **error)
{
  if (_sv_db_exec (db, "COMMIT", error))
    return TRUE;
  _sv_edits_rollback (db);
  return FALSE;
}

void
_sv_edits_rollback (SvDb *db)
{
  if (!sqlite3_get_autocommit (db->db))
    _sv_db_exec (db, "ROLLBACK", NULL);
}

gboolean
_sv_edits_check_items (SvDb *db, const gint64 *ids, guint n, GError **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < n; i++)
    {
      int rc;

      stmt = _sv_db_prepare (db, "SELECT 1 FROM items WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);

          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                       _ ("There is no item number %s in the library"), id_text);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return _sv_db_set_error (db, rc, error);
    }
  return TRUE;
}

GArray *
_sv_edits_id_array (const gint64 *ids, guint n)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < n; i++)
    {
      if (g_hash_table_contains (seen, &ids[i]))
        continue;
      g_hash_table_add (seen, (gpointer) &ids[i]);
      g_array_append_val (array, ids[i]);
    }
  return array;
}

gint64
_sv_edits_insert_place (SvDb *db, const SvPlace *place, GError **error)
{
  const char *values[] = { place->country_code, place->city_en,      place->city_local,
                           place->region_en,    place->region_local, place->country_en,
                           place->country_local };
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _sv_db_prepare (db,
                         "INSERT INTO places (country_code, city_en, city_local, region_en,"
                         " region_local, country_en, country_local)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                         error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i] ? values[i] : "", -1, SQLITE_STATIC);
  if (!_sv_db_step_done (db, stmt, error))
    return 0;

  stmt = _sv_db_prepare (db,
                         "SELECT id FROM places WHERE country_code = ?1 AND city_en = ?2"
                         " AND city_local = ?3 AND region_en = ?4 AND region_local = ?5"
                         " AND country_en = ?6 AND country_local = ?7",
                         error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i] ? values[i] : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    _sv_db_set_error (db, rc, error);
  sqlite3_reset (stmt);
  return id;
}

/* ---- simple column edits ---- */

gboolean
_sv_edits_run (SvCatalogue *self,
               const gint64 *ids,
               guint n,
               SvEditFunc func,
               gpointer data,
               GError **error)
{
  g_autoptr (GArray) changed = NULL;
  SvDb *db;
  gboolean ok;

  if (n > 0 && ids == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("No items were given"));
      return FALSE;
    }
  changed = _sv_edits_id_array (ids, n);

  db = _sv_catalogue_lock_db (self);
  ok = _sv_edits_check_items (db, (const gint64 *) (gpointer) changed->data, changed->len, error) &&
       _sv_edits_begin (db, error);
  if (ok)
    {
      for (guint i = 0; ok && i < changed->len; i++)
        ok = func (db, g_array_index (changed, gint64, i), data, error);
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

typedef struct
{
  const char *sql; /* ?1 id, ?2 value */
  int type;        /* SQLITE_TEXT, SQLITE_INTEGER, SQLITE_NULL */
  const char *text;
  int number;
} ColumnEdit;

static gboolean
column_edit_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  ColumnEdit *edit = data;
  sqlite3_stmt *stmt = _sv_db_prepare (db, edit->sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (edit->type == SQLITE_TEXT)
    sqlite3_bind_text (stmt, 2, edit->text, -1, SQLITE_STATIC);
  else if (edit->type == SQLITE_INTEGER)
    sqlite3_bind_int (stmt, 2, edit->number);
  else
    sqlite3_bind_null (stmt, 2);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_set_captions (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           const char *caption,
                           GError **error)
{
  ColumnEdit edit = { "UPDATE items SET caption = ?2 WHERE id = ?1", SQLITE_TEXT, caption, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (caption != NULL && !g_utf8_validate (caption, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The caption is not valid text (UTF-8)"));
      return FALSE;
    }
  if (caption != NULL && strlen (caption) > SV_CAPTION_MAX_BYTES)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The caption is too long (at most %d characters)"), SV_CAPTION_MAX_BYTES);
      return FALSE;
    }
  if (caption == NULL || caption[0] == '\0')
    edit.type = SQLITE_NULL;
  return _sv_edits_run (self, ids, n, column_edit_func, &edit, error);
}

gboolean
sv_catalogue_set_favourites (SvCatalogue *self,
                             const gint64 *ids,
                             guint n,
                             gboolean favourite,
                             GError **error)
{
  ColumnEdit edit = { "UPDATE items SET favourite = ?2 WHERE id = ?1", SQLITE_INTEGER, NULL,
                      favourite ? 1 : 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return _sv_edits_run (self, ids, n, column_edit_func, &edit, error);
}

gboolean
sv_catalogue_set_ratings (SvCatalogue *self, const gint64 *ids, guint n, int rating, GError **error)
{
  ColumnEdit edit = { "UPDATE items SET rating = ?2 WHERE id = ?1", SQLITE_INTEGER, NULL, rating };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (rating < -1 || rating > 5)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("A rating goes from 0 to 5 stars"));
      return FALSE;
    }
  if (rating < 0)
    edit.type = SQLITE_NULL;
  return _sv_edits_run (self, ids, n, column_edit_func, &edit, error);
}

/* ---- keywords ---- */

/* A trimmed keyword without control characters, or NULL with an error. */
static char *
clean_keyword (const char *keyword, GError **error)
{
  g_autofree char *name = NULL;

  if (keyword == NULL || !g_utf8_validate (keyword, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The keyword is not valid text (UTF-8)"));
      return NULL;
    }
  name = g_strstrip (g_strdup (keyword));
  for (char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  g_strstrip (name);
  if (name[0] == '\0')
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("A keyword cannot be empty"));
      return NULL;
    }
  if (strlen (name) > SV_KEYWORD_MAX_BYTES)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The keyword “%.40s…” is too long (at most %d characters)"), name,
                   SV_KEYWORD_MAX_BYTES);
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* The id of the keyword equal to @name, else one equal ignoring case; 0 if
 * none, -1 on error. */
static gint64
find_keyword (SvDb *db, const char *name, GError **error)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  sqlite3_stmt *stmt;
  gint64 found = 0;
  int rc;

  stmt = _sv_db_prepare (db, "SELECT id FROM keywords WHERE name = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    found = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return found;
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error) ? 0 : -1;

  stmt = _sv_db_prepare (db, "SELECT id, name FROM keywords ORDER BY id", error);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *other = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *other_folded = other ? g_utf8_casefold (other, -1) : NULL;

      if (other_folded != NULL && strcmp (other_folded, folded) == 0)
        {
          found = sqlite3_column_int64 (stmt, 0);
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error) ? 0 : -1;
  return found;
}

static gboolean
add_keyword_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  gint64 keyword_id = *(gint64 *) data;
  sqlite3_stmt *stmt = _sv_db_prepare (
      db, "INSERT INTO item_keywords (item_id, keyword_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, keyword_id);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
remove_keyword_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  gint64 keyword_id = *(gint64 *) data;
  sqlite3_stmt *stmt = _sv_db_prepare (
      db, "DELETE FROM item_keywords WHERE item_id = ?1 AND keyword_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, keyword_id);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
keyword_edit (SvCatalogue *self,
              const char *keyword,
              const gint64 *ids,
              guint n,
              gboolean add,
              GError **error)
{
  g_autofree char *name = clean_keyword (keyword, error);
  g_autoptr (GArray) changed = NULL;
  gint64 keyword_id;
  SvDb *db;
  gboolean ok;

  if (name == NULL)
    return FALSE;
  if (n > 0 && ids == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("No items were given"));
      return FALSE;
    }
  changed = _sv_edits_id_array (ids, n);

  db = _sv_catalogue_lock_db (self);
  ok = _sv_edits_check_items (db, (const gint64 *) (gpointer) changed->data, changed->len, error) &&
       _sv_edits_begin (db, error);
  if (!ok)
    {
      _sv_catalogue_unlock_db (self);
      return FALSE;
    }
  keyword_id = find_keyword (db, name, error);
  ok = keyword_id >= 0;
  if (ok && keyword_id == 0 && add)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (db, "INSERT INTO keywords (name) VALUES (?1)", error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          ok = _sv_db_step_done (db, stmt, error);
          keyword_id = sqlite3_last_insert_rowid (db->db);
        }
    }
  if (ok && keyword_id > 0)
    {
      for (guint i = 0; ok && i < changed->len; i++)
        ok = (add ? add_keyword_func : remove_keyword_func) (db, g_array_index (changed, gint64, i),
                                                             &keyword_id, error);
      if (ok && !add)
        {
          sqlite3_stmt *stmt =
              _sv_db_prepare (db,
                              "DELETE FROM keywords WHERE id = ?1 AND NOT EXISTS"
                              " (SELECT 1 FROM item_keywords WHERE keyword_id = ?1)",
                              error);

          ok = stmt != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (stmt, 1, keyword_id);
              ok = _sv_db_step_done (db, stmt, error);
            }
        }
    }
  if (ok)
    ok = _sv_edits_commit (db, error);
  else
    _sv_edits_rollback (db);
  _sv_catalogue_unlock_db (self);

  if (ok && keyword_id > 0)
    _sv_catalogue_emit_changed (self, NULL, g_steal_pointer (&changed), NULL);
  return ok;
}

gboolean
sv_catalogue_add_keyword (SvCatalogue *self,
                          const char *keyword,
                          const gint64 *ids,
                          guint n,
                          GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return keyword_edit (self, keyword, ids, n, TRUE, error);
}

gboolean
sv_catalogue_remove_keyword (SvCatalogue *self,
                             const char *keyword,
                             const gint64 *ids,
                             guint n,
                             GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return keyword_edit (self, keyword, ids, n, FALSE, error);
}

void
sv_keyword_count_free (SvKeywordCount *kc)
{
  if (kc == NULL)
    return;
  g_free (kc->name);
  g_free (kc);
}

static int
compare_keyword_counts (gconstpointer a, gconstpointer b)
{
  const SvKeywordCount *ka = *(SvKeywordCount *const *) a;
  const SvKeywordCount *kb = *(SvKeywordCount *const *) b;

  if (ka->count != kb->count)
    return ka->count > kb->count ? -1 : 1;
  return g_utf8_collate (ka->name, kb->name);
}

GPtrArray *
sv_catalogue_complete_keywords (SvCatalogue *self, const char *prefix, guint limit, GError **error)
{
  g_autoptr (GPtrArray) result =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_keyword_count_free);
  g_autoptr (GArray) candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *folded_prefix = NULL;
  sqlite3_stmt *stmt;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  if (prefix != NULL && !g_utf8_validate (prefix, -1, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The text to complete is not valid text (UTF-8)"));
      return NULL;
    }
  folded_prefix = _sv_text_fold (prefix ? prefix : "");
  g_strstrip (folded_prefix);
  if (limit == 0)
    limit = 20;

  db = _sv_catalogue_lock_db (self);
  stmt = _sv_db_prepare (db, "SELECT id, name FROM keywords", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *folded = _sv_text_fold ((const char *) sqlite3_column_text (stmt, 1));

      if (!_sv_text_fold_has_prefix (folded, folded_prefix))
        continue;
      if (result->len < COMPLETE_MAX_CANDIDATES)
        {
          SvKeywordCount *kc = g_new0 (SvKeywordCount, 1);
          gint64 id = sqlite3_column_int64 (stmt, 0);

          kc->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (result, kc);
          g_array_append_val (candidates, id);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      goto fail;
    }
  for (guint i = 0; i < result->len; i++)
    {
      SvKeywordCount *kc = result->pdata[i];

      stmt = _sv_db_prepare (db,
                             /* Index-only count minus the (few) trashed items. */
                             "SELECT (SELECT count(*) FROM item_keywords WHERE keyword_id = ?1)"
                             " - (SELECT count(*) FROM items i INDEXED BY items_trash"
                             " JOIN item_keywords ik ON ik.item_id = i.id AND ik.keyword_id = ?1"
                             " WHERE i.trashed_at IS NOT NULL)",
                             error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_array_index (candidates, gint64, i));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        kc->count = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  _sv_catalogue_unlock_db (self);

  g_ptr_array_sort (result, compare_keyword_counts);
  if (result->len > limit)
    g_ptr_array_set_size (result, limit);
  return g_steal_pointer (&result);

fail:
  _sv_catalogue_unlock_db (self);
  return NULL;
}

/* ---- date fixes ---- */

gboolean
sv_parse_offset (const char *text, int max_minutes, int *minutes, GError **error)
{
  const char *p = text;
  int sign = 1;
  gint64 hours = 0, mins = 0;
  int digits = 0;

  g_return_val_if_fail (minutes != NULL, FALSE);

  if (p == NULL)
    goto invalid;
  if (*p == '+' || *p == '-')
    sign = *p++ == '-' ? -1 : 1;
  while (g_ascii_isdigit (*p) && digits < 7)
    {
      hours = hours * 10 + (*p++ - '0');
      digits++;
    }
  if (digits == 0)
    goto invalid;
  if (*p == ':')
    {
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
        goto invalid;
      mins = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
      if (mins > 59)
        goto invalid;
    }
  if (*p != '\0')
    goto invalid;
  if (hours * 60 + mins > max_minutes)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The offset “%s” is too large (at most %d:%02d)"), text, max_minutes / 60,
                   max_minutes % 60);
      return FALSE;
    }
  *minutes = sign * (int) (hours * 60 + mins);
  return TRUE;

invalid:
  g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
               _ ("“%s” is not an offset: write it as +HH:MM or -HH:MM, for example +01:00"),
               text ? text : "");
  return FALSE;
}

/* "YYYY-MM-DDTHH:MM:SS[.fff]" + @shift minutes, and the UTC instant when
 * @offset is known. FALSE when the date cannot be read or leaves years
 * 1..9999. */
static gboolean
shift_local (const char *local,
             int shift,
             gboolean has_offset,
             int offset,
             char **out_local,
             gboolean *has_utc,
             gint64 *utc_usec)
{
  int y, mo, d, h, mi, s;
  const char *rest;
  gint64 frac_usec = 0;
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GDateTime) shifted = NULL;
  g_autofree char *base = NULL;

  if (local == NULL || strlen (local) < 19 ||
      sscanf (local, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return FALSE;
  rest = local + 19;
  if (rest[0] == '.')
    {
      gint64 scale = 100000;

      for (const char *p = rest + 1; g_ascii_isdigit (*p) && scale > 0; p++, scale /= 10)
        frac_usec += (*p - '0') * scale;
    }
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  shifted = g_date_time_add_minutes (dt, shift);
  if (shifted == NULL)
    return FALSE;
  base = g_date_time_format (shifted, "%Y-%m-%dT%H:%M:%S");
  if (base == NULL || strlen (base) != 19)
    return FALSE;
  *out_local = g_strconcat (base, rest, NULL);
  *has_utc = has_offset;
  *utc_usec = has_offset ? (g_date_time_to_unix (shifted) - (gint64) offset * 60) * G_USEC_PER_SEC +
                               frac_usec
                         : 0;
  return TRUE;
}

typedef enum
{
  DATE_SHIFT,
  DATE_TZ,
  DATE_RESET,
} DateOp;

typedef struct
{
  DateOp op;
  int value;
} DateEdit;

static void
bind_int_or_null (sqlite3_stmt *stmt, int idx, gboolean has, gint64 value)
{
  if (has)
    sqlite3_bind_int64 (stmt, idx, value);
  else
    sqlite3_bind_null (stmt, idx);
}

static gboolean
delete_empty_override (SvDb *db, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (
      db, "DELETE FROM item_overrides WHERE item_id = ?1 AND date_fixed = 0 AND place_fixed = 0",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
date_edit_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  DateEdit *edit = data;
  sqlite3_stmt *stmt;
  g_autofree char *orig_local = NULL;
  gboolean has_orig_offset, has_orig_utc, fixed, has_tz;
  gint64 orig_offset, orig_utc;
  int shift, tz;
  g_autofree char *new_local = NULL;
  gboolean has_utc = FALSE;
  gint64 utc = 0;
  int rc;

  stmt = _sv_db_prepare (db,
                         "SELECT i.taken_local, i.utc_offset_minutes, i.taken_utc_usec,"
                         " coalesce (o.date_fixed, 0), o.shift_minutes, o.tz_minutes,"
                         " o.orig_taken_local, o.orig_utc_offset_minutes, o.orig_taken_utc_usec"
                         " FROM items i LEFT JOIN item_overrides o ON o.item_id = i.id"
                         " WHERE i.id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _sv_db_set_error (db, rc, error);
    }
  fixed = sqlite3_column_int (stmt, 3) != 0;
  {
    int base = fixed ? 6 : 0;

    orig_local = g_strdup ((const char *) sqlite3_column_text (stmt, base));
    has_orig_offset = sqlite3_column_type (stmt, base + 1) != SQLITE_NULL;
    orig_offset = sqlite3_column_int64 (stmt, base + 1);
    has_orig_utc = sqlite3_column_type (stmt, base + 2) != SQLITE_NULL;
    orig_utc = sqlite3_column_int64 (stmt, base + 2);
  }
  shift = fixed ? sqlite3_column_int (stmt, 4) : 0;
  has_tz = fixed && sqlite3_column_type (stmt, 5) != SQLITE_NULL;
  tz = has_tz ? sqlite3_column_int (stmt, 5) : 0;
  sqlite3_reset (stmt);

  if (edit->op == DATE_RESET)
    {
      if (!fixed)
        return TRUE;
      shift = 0;
      has_tz = FALSE;
    }
  else if (orig_local == NULL)
    return TRUE; /* nothing to fix on an item without a date */
  else if (edit->op == DATE_SHIFT)
    {
      if (ABS ((gint64) shift + edit->value) > SV_DATE_SHIFT_MAX_MINUTES)
        {
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("The date would move by more than 100 years"));
          return FALSE;
        }
      shift += edit->value;
    }
  else
    {
      has_tz = TRUE;
      tz = edit->value;
    }

  if (shift == 0 && !has_tz)
    {
      /* Back to the file's own date. */
      stmt = _sv_db_prepare (db,
                             "UPDATE items SET taken_local = ?2, utc_offset_minutes = ?3,"
                             " taken_utc_usec = ?4 WHERE id = ?1",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (orig_local)
        sqlite3_bind_text (stmt, 2, orig_local, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 2);
      bind_int_or_null (stmt, 3, has_orig_offset, orig_offset);
      bind_int_or_null (stmt, 4, has_orig_utc, orig_utc);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      stmt = _sv_db_prepare (db,
                             "UPDATE item_overrides SET date_fixed = 0, shift_minutes = 0,"
                             " tz_minutes = NULL, orig_taken_local = NULL,"
                             " orig_utc_offset_minutes = NULL, orig_taken_utc_usec = NULL"
                             " WHERE item_id = ?1",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      return _sv_db_step_done (db, stmt, error) && delete_empty_override (db, id, error);
    }

  if (!shift_local (orig_local, shift, has_tz || has_orig_offset, has_tz ? tz : (int) orig_offset,
                    &new_local, &has_utc, &utc))
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The date of item %s cannot be moved that far"), id_text);
      return FALSE;
    }

  stmt =
      _sv_db_prepare (db,
                      "INSERT INTO item_overrides (item_id, date_fixed, shift_minutes, tz_minutes,"
                      " orig_taken_local, orig_utc_offset_minutes, orig_taken_utc_usec)"
                      " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (item_id) DO UPDATE SET"
                      " date_fixed = 1, shift_minutes = excluded.shift_minutes,"
                      " tz_minutes = excluded.tz_minutes,"
                      " orig_taken_local = excluded.orig_taken_local,"
                      " orig_utc_offset_minutes = excluded.orig_utc_offset_minutes,"
                      " orig_taken_utc_usec = excluded.orig_taken_utc_usec",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, shift);
  bind_int_or_null (stmt, 3, has_tz, tz);
  sqlite3_bind_text (stmt, 4, orig_local, -1, SQLITE_STATIC);
  bind_int_or_null (stmt, 5, has_orig_offset, orig_offset);
  bind_int_or_null (stmt, 6, has_orig_utc, orig_utc);
  if (!_sv_db_step_done (db, stmt, error))
    return FALSE;

  stmt = _sv_db_prepare (db,
                         "UPDATE items SET taken_local = ?2, utc_offset_minutes = ?3,"
                         " taken_utc_usec = ?4 WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, new_local, -1, SQLITE_STATIC);
  bind_int_or_null (stmt, 3, has_tz || has_orig_offset, has_tz ? tz : orig_offset);
  bind_int_or_null (stmt, 4, has_utc, utc);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_shift_dates (SvCatalogue *self,
                          const gint64 *ids,
                          guint n,
                          int minutes,
                          GError **error)
{
  DateEdit edit = { DATE_SHIFT, minutes };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (ABS (minutes) > SV_DATE_SHIFT_MAX_MINUTES)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The date would move by more than 100 years"));
      return FALSE;
    }
  return _sv_edits_run (self, ids, n, date_edit_func, &edit, error);
}

gboolean
sv_catalogue_set_time_zones (SvCatalogue *self,
                             const gint64 *ids,
                             guint n,
                             int offset_minutes,
                             GError **error)
{
  DateEdit edit = { DATE_TZ, offset_minutes };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (ABS (offset_minutes) > MAX_TZ_MINUTES)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("A time zone goes from -14:00 to +14:00"));
      return FALSE;
    }
  return _sv_edits_run (self, ids, n, date_edit_func, &edit, error);
}

gboolean
sv_catalogue_reset_dates (SvCatalogue *self, const gint64 *ids, guint n, GError **error)
{
  DateEdit edit = { DATE_RESET, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return _sv_edits_run (self, ids, n, date_edit_func, &edit, error);
}

/* ---- place fixes ---- */

typedef struct
{
  gboolean reset;
  gint64 place_id; /* 0: none */
} PlaceEdit;

static gboolean
place_edit_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  PlaceEdit *edit = data;
  sqlite3_stmt *stmt;
  gboolean fixed, has_current, has_orig;
  gint64 current, orig;
  int rc;

  stmt = _sv_db_prepare (db,
                         "SELECT i.place_id, coalesce (o.place_fixed, 0), o.orig_place_id"
                         " FROM items i LEFT JOIN item_overrides o ON o.item_id = i.id"
                         " WHERE i.id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _sv_db_set_error (db, rc, error);
    }
  has_current = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  current = sqlite3_column_int64 (stmt, 0);
  fixed = sqlite3_column_int (stmt, 1) != 0;
  has_orig = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
  orig = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (edit->reset)
    {
      if (!fixed)
        return TRUE;
      stmt = _sv_db_prepare (db, "UPDATE items SET place_id = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      bind_int_or_null (stmt, 2, has_orig, orig);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      stmt = _sv_db_prepare (
          db, "UPDATE item_overrides SET place_fixed = 0, orig_place_id = NULL WHERE item_id = ?1",
          error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      return _sv_db_step_done (db, stmt, error) && delete_empty_override (db, id, error);
    }

  if (!fixed)
    {
      stmt = _sv_db_prepare (db,
                             "INSERT INTO item_overrides (item_id, place_fixed, orig_place_id)"
                             " VALUES (?1, 1, ?2) ON CONFLICT (item_id) DO UPDATE SET"
                             " place_fixed = 1, orig_place_id = excluded.orig_place_id",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      bind_int_or_null (stmt, 2, has_current, current);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
    }
  stmt = _sv_db_prepare (db, "UPDATE items SET place_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_int_or_null (stmt, 2, edit->place_id != 0, edit->place_id);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
place_is_valid (const SvPlace *place)
{
  const char *values[] = { place->country_code, place->city_en,      place->city_local,
                           place->region_en,    place->region_local, place->country_en,
                           place->country_local };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] == NULL)
        continue;
      if (!g_utf8_validate (values[i], -1, NULL) || strlen (values[i]) > 1000)
        return FALSE;
      any = any || values[i][0] != '\0';
    }
  return any;
}

gboolean
sv_catalogue_set_places (SvCatalogue *self,
                         const gint64 *ids,
                         guint n,
                         const SvPlace *place,
                         GError **error)
{
  PlaceEdit edit = { FALSE, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (place != NULL)
    {
      SvDb *db;

      if (!place_is_valid (place))
        {
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("The place has no name"));
          return FALSE;
        }
      db = _sv_catalogue_lock_db (self);
      edit.place_id = _sv_edits_insert_place (db, place, error);
      _sv_catalogue_unlock_db (self);
      if (edit.place_id == 0)
        return FALSE;
    }
  return _sv_edits_run (self, ids, n, place_edit_func, &edit, error);
}

gboolean
sv_catalogue_reset_places (SvCatalogue *self, const gint64 *ids, guint n, GError **error)
{
  PlaceEdit edit = { TRUE, 0 };

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return _sv_edits_run (self, ids, n, place_edit_func, &edit, error);
}

void
sv_item_fixes_clear (SvItemFixes *fixes)
{
  if (fixes == NULL)
    return;
  g_clear_pointer (&fixes->original_taken_local, g_free);
  memset (fixes, 0, sizeof *fixes);
}

gboolean
sv_catalogue_get_fixes (SvCatalogue *self, gint64 id, SvItemFixes *fixes, GError **error)
{
  sqlite3_stmt *stmt;
  SvDb *db;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (fixes != NULL, FALSE);

  memset (fixes, 0, sizeof *fixes);
  db = _sv_catalogue_lock_db (self);
  if (!_sv_edits_check_items (db, &id, 1, error))
    goto out;
  stmt = _sv_db_prepare (db,
                         "SELECT date_fixed, shift_minutes, tz_minutes, orig_taken_local,"
                         " place_fixed FROM item_overrides WHERE item_id = ?1",
                         error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      fixes->date_fixed = sqlite3_column_int (stmt, 0) != 0;
      fixes->shift_minutes = sqlite3_column_int (stmt, 1);
      fixes->has_time_zone = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      fixes->time_zone_minutes = sqlite3_column_int (stmt, 2);
      fixes->original_taken_local = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      fixes->place_fixed = sqlite3_column_int (stmt, 4) != 0;
    }
  sqlite3_reset (stmt);
  ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  if (!ok)
    _sv_db_set_error (db, rc, error);
out:
  _sv_catalogue_unlock_db (self);
  return ok;
}
