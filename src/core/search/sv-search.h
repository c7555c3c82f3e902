/* sv-search.h: runs a search (see sv-query-parser.h and docs/search.md)
 * on a catalogue: the syntax tree becomes one SQL statement with bound
 * parameters (values are never pasted into the SQL) over the items and
 * the full-text index search_fts (SQLite FTS5, unicode61 remove_diacritics
 * 2: case and accents ignored; prefix indexes for "anniv" → anniversaire).
 *
 * Results: with free words, ranked by relevance (bm25, caption < keywords,
 * albums and people weigh more) plus recency; without, newest first like
 * the timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"
#include "sv-query-parser.h"

G_BEGIN_DECLS

typedef struct
{
  guint limit; /* 0: all */
  guint offset;
  gboolean trashed; /* search the trash instead of the library */
  SvDateOrder date_order;
  GDateTime *now; /* NULL: now (relative dates) */
  /* Newest first even with words. sv_search_ids () sets it by itself when
   * the words match more than SV_SEARCH_RANK_MAX items: relevance among
   * thousands of matches of one word is nearly flat, and ranking them all
   * would cost more than the search itself. */
  gboolean by_date;
} SvSearchOptions;

#define SV_SEARCH_RANK_MAX 3000

/* The locale's date order, no limit, live items. */
void
sv_search_options_init (SvSearchOptions *options);

/* Item ids (gint64), best first. SV_ERROR_INVALID_ARGUMENT for a
 * malformed query (the message is for people). @options may be NULL. */
GArray *
sv_search_ids (SvCatalogue *catalogue,
               const char *query,
               const SvSearchOptions *options,
               GError **error);
/* Number of results (limit and offset ignored); -1 on error. */
gint64
sv_search_count (SvCatalogue *catalogue,
                 const char *query,
                 const SvSearchOptions *options,
                 GError **error);

/* The SQL for a parsed query: "?" parameters in order, each a GVariant
 * string ("s") or int64 ("x"). For tests and the benchmark. */
typedef struct
{
  char *sql;
  GPtrArray *params; /* of GVariant */
  char *fts_match;   /* the main full-text expression, NULL when none */
} SvSearchSql;

gboolean
sv_search_build_sql (const SvQueryNode *node,
                     const SvSearchOptions *options,
                     gboolean count,
                     SvSearchSql *out,
                     GError **error);
void
sv_search_sql_clear (SvSearchSql *sql);
/* Runs @sql on a connection (a sqlite3 *); ids in order. */
GArray *
sv_search_run_sql (gpointer sqlite_db, const SvSearchSql *sql, GError **error);

typedef enum
{
  SV_SUGGESTION_PLACE,
  SV_SUGGESTION_PERSON,
  SV_SUGGESTION_ALBUM,
  SV_SUGGESTION_KEYWORD,
  SV_SUGGESTION_CAMERA,
} SvSuggestionKind;

typedef struct
{
  SvSuggestionKind kind;
  char *text;  /* "Italie" */
  char *query; /* the partial query completed: "plage place:\"Italie\"" */
  guint count; /* live items */
} SvSuggestion;

void
sv_suggestion_free (SvSuggestion *s);
const char *
sv_suggestion_kind_to_string (SvSuggestionKind kind);

/* Completions of the last word of @partial_query (a bare word, or the
 * value after person:, album:, camera:, place:, keyword: and their French
 * aliases), most items first, at most @limit (0: 10). A GPtrArray of
 * SvSuggestion with its free func; empty when there is nothing to
 * complete. */
GPtrArray *
sv_search_suggest (SvCatalogue *catalogue, const char *partial_query, guint limit, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvSearchSql, sv_search_sql_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvSuggestion, sv_suggestion_free)

G_END_DECLS
