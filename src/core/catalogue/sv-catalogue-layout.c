/* sv-catalogue-layout.c: (id, day, width, height) of a query's items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sv-catalogue-layout.h"
#include "sv-catalogue-private.h"

/* The parameters _sv_query_build_sql numbers (see sv-catalogue.c). */
enum
{
  LP_DATE_FROM = 1,
  LP_DATE_TO,
  LP_CAMERA,
  LP_KIND,
  LP_IMPORT,
  LP_PLACES,
  LP_LIMIT,
  LP_OFFSET,
};

static const char ids_head[] = "SELECT i.id FROM ";
static const char layout_head[] =
    "SELECT i.id, i.taken_day, i.width, i.height, i.orientation, i.orientation_override FROM ";

static gboolean
bind_query (SvDb *db, sqlite3_stmt *stmt, const SvQuery *q, GError **error)
{
  if (q->date_from != NULL)
    sqlite3_bind_text (stmt, LP_DATE_FROM, q->date_from, -1, SQLITE_TRANSIENT);
  if (q->date_to != NULL)
    {
      /* Every "YYYY-MM-DDT…" of that day sorts before "YYYY-MM-DDU". */
      g_autofree char *bound = g_strconcat (q->date_to, "U", NULL);
      sqlite3_bind_text (stmt, LP_DATE_TO, bound, -1, SQLITE_TRANSIENT);
    }
  if (q->camera != NULL)
    {
      g_autoptr (GString) pattern = g_string_new ("%");

      for (const char *p = q->camera; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      sqlite3_bind_text (stmt, LP_CAMERA, pattern->str, -1, SQLITE_TRANSIENT);
    }
  if (q->kind >= 0)
    sqlite3_bind_int (stmt, LP_KIND, q->kind);
  if (q->import_id > 0)
    sqlite3_bind_int64 (stmt, LP_IMPORT, q->import_id);
  if (q->place != NULL)
    {
      g_autofree char *places = _sv_query_place_ids_json (db, q->place, error);

      if (places == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, LP_PLACES, places, -1, SQLITE_TRANSIENT);
    }
  _sv_query_bind_sets (stmt, q);
  if (q->limit > 0)
    sqlite3_bind_int64 (stmt, LP_LIMIT, q->limit);
  if (q->limit > 0 || q->offset > 0)
    sqlite3_bind_int64 (stmt, LP_OFFSET, q->offset);
  return TRUE;
}

static guint32
parse_day (const char *day)
{
  guint y, m, d;

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return 0;
  if (y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
    return 0;
  return y * 10000 + m * 100 + d;
}

static gboolean
is_transposed (int orientation)
{
  return orientation >= 5 && orientation <= 8;
}

GArray *
sv_catalogue_layout_items (SvCatalogue *self, const SvQuery *q, GError **error)
{
  g_autoptr (SvDb) db = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree char *ids_sql = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (q != NULL, NULL);

  ids_sql = _sv_query_build_sql (q, FALSE, error);
  if (ids_sql == NULL)
    return NULL;
  g_assert (g_str_has_prefix (ids_sql, ids_head));
  sql = g_strconcat (layout_head, ids_sql + strlen (ids_head), NULL);

  db = _sv_catalogue_open_reader (self, error);
  if (db == NULL)
    return NULL;
  stmt = _sv_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (!bind_query (db, stmt, q, error))
    return NULL;

  items = g_array_sized_new (FALSE, FALSE, sizeof (SvLayoutItem), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvLayoutItem it;
      int w = sqlite3_column_int (stmt, 2);
      int h = sqlite3_column_int (stmt, 3);

      it.id = sqlite3_column_int64 (stmt, 0);
      it.day = parse_day ((const char *) sqlite3_column_text (stmt, 1));
      /* width/height are stored with the file's orientation applied; a
       * user override that turns the picture a quarter more swaps them. */
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL &&
          is_transposed (sqlite3_column_int (stmt, 5)) !=
              is_transposed (sqlite3_column_int (stmt, 4)))
        {
          int t = w;
          w = h;
          h = t;
        }
      it.width = (guint32) MAX (0, w);
      it.height = (guint32) MAX (0, h);
      g_array_append_val (items, it);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (db, rc, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&items);
}
