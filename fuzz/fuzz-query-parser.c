/* fuzz-query-parser.c: the search language on any input: the parser never
 * crashes, fails only with SV_ERROR_INVALID_ARGUMENT and a message, and
 * what it accepts becomes SQL that SQLite runs without an error on the
 * catalogue's real schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sv-catalogue-schema.h"
#include "sv-error.h"
#include "sv-query-parser.h"
#include "sv-search.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;
static GDateTime *now;

/* The catalogue's own schema (every migration step's SQL, so that the
 * indexes the search names with INDEXED BY are there), and a few items that
 * the triggers put into the full-text table. */
static void
setup (void)
{
  const char *rows =
      "INSERT INTO items (id, uuid, primary_hash, kind, taken_local, trashed_at, favourite,"
      " latitude, rating, caption, camera, imported_at) VALUES"
      " (1, 'u1', 'h1', 0, '2023-07-14T10:00:00', NULL, 1, 45.0, 4, 'Anniversaire à la plage',"
      "  'Canon EOS', 0),"
      " (2, 'u2', 'h2', 1, NULL, NULL, 0, NULL, NULL, '', 'Nikon', 0),"
      " (3, 'u3', 'h3', 0, '1999-01-01T00:00:00', 5, 0, NULL, 2, 'Italie', NULL, 0);"
      "INSERT INTO keywords (id, name) VALUES (1, 'été'), (2, 'mer');"
      "INSERT INTO item_keywords (item_id, keyword_id) VALUES (1, 1), (1, 2);"
      "INSERT INTO albums (id, uuid, name, created_at) VALUES (1, 'a1', 'Vacances', 0);"
      "INSERT INTO album_items (album_id, item_id, position) VALUES (1, 1, 0);";
  const SvMigration *migrations;
  guint n;

  if (sqlite3_open (":memory:", &db) != SQLITE_OK)
    g_error ("fuzz setup: %s", sqlite3_errmsg (db));
  migrations = _sv_catalogue_get_migrations (&n);
  for (guint i = 0; i < n; i++)
    if (sqlite3_exec (db, migrations[i].sql, NULL, NULL, NULL) != SQLITE_OK)
      g_error ("fuzz setup, schema step %u: %s", i + 1, sqlite3_errmsg (db));
  if (sqlite3_exec (db, rows, NULL, NULL, NULL) != SQLITE_OK)
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
