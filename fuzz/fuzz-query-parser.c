/* fuzz-query-parser.c: the search language on any input: the parser never
 * crashes, fails only with SV_ERROR_INVALID_ARGUMENT and a message, and
 * what it accepts becomes SQL that SQLite (with the real full-text table
 * definition) runs without an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sv-error.h"
#include "sv-query-parser.h"
#include "sv-search.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;
static GDateTime *now;

static void
setup (void)
{
  const char *schema =
      "CREATE TABLE items (id INTEGER PRIMARY KEY, taken_local TEXT, trashed_at INTEGER,"
      " kind INTEGER, favourite INTEGER, latitude REAL, rating INTEGER);"
      "CREATE INDEX items_timeline ON items (taken_local DESC, id DESC)"
      " WHERE trashed_at IS NULL;"
      "CREATE INDEX items_favourite ON items (taken_local DESC, id DESC)"
      " WHERE favourite = 1 AND trashed_at IS NULL;"
      "CREATE VIRTUAL TABLE search_fts USING fts5 (caption, keywords, albums, people, places,"
      " camera, files, labels, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
      "INSERT INTO items VALUES (1, '2023-07-14T10:00:00', NULL, 0, 1, 45.0, 4),"
      " (2, NULL, NULL, 1, 0, NULL, NULL), (3, '1999-01-01T00:00:00', 5, 0, 0, NULL, 2);"
      "INSERT INTO search_fts (rowid, caption, keywords, albums, people, places, camera, files,"
      " labels) VALUES (1, 'Anniversaire à la plage', 'été mer', 'Vacances', 'Léa',"
      " 'Nice Provence France', 'Canon EOS', 'IMG_0001.jpg', 'beach plage'),"
      " (2, '', '', '', '', 'Italie Italy IT', 'Nikon', 'MOV_2.mp4', '');";

  if (sqlite3_open (":memory:", &db) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("fuzz setup: %s", sqlite3_errmsg (db));
  now = g_date_time_new_local (2024, 3, 13, 10, 0, 0);
}

static void
check (const guint8 *data, size_t size, SvDateOrder order)
{
  SvQueryParseOptions options = { order, now };
  g_autoptr (GError) error = NULL;
  g_autoptr (SvQueryNode) node = sv_query_parse ((const char *) data, size, &options, &error);

  if (node == NULL)
    {
      g_assert (g_error_matches (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT));
      g_assert (g_utf8_validate (error->message, -1, NULL) && error->message[0] != '\0');
      return;
    }
  g_assert_no_error (error);
  {
    g_autofree char *text = sv_query_node_to_string (node);
    g_auto (SvSearchSql) sql = { 0 };
    g_autoptr (GArray) ids = NULL;
    SvSearchOptions search_options = { 0 };
    guint marks = 0;

    g_assert (text != NULL);
    search_options.date_order = order;
    search_options.limit = 10;
    g_assert (sv_search_build_sql (node, &search_options, FALSE, &sql, NULL));
    for (const char *p = sql.sql; *p; p++)
      marks += *p == '?';
    g_assert (marks == sql.params->len);
    ids = sv_search_run_sql (db, &sql, &error);
    if (ids == NULL)
      g_error ("SQL failed for a parsed query: %s\n%s", error->message, sql.sql);
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  if (db == NULL)
    setup ();
  check (data, size, SV_DATE_ORDER_DMY);
  check (data, size, SV_DATE_ORDER_MDY);
  return 0;
}
