/* sv-search.c: search syntax tree → SQL with bound parameters, run on the
 * catalogue; suggestions while typing (see sv-search.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-search"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-catalogue-edits-private.h"
#include "sv-catalogue-edits.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-search.h"

/* Candidates counted per kind before sorting suggestions. */
#define SUGGEST_MAX_CANDIDATES 50

static const char *const fts_columns[] = {
  [SV_QUERY_FIELD_PERSON] = "people",    [SV_QUERY_FIELD_ALBUM] = "albums",
  [SV_QUERY_FIELD_CAMERA] = "camera",    [SV_QUERY_FIELD_PLACE] = "places",
  [SV_QUERY_FIELD_KEYWORD] = "keywords",
};

/* Relevance: bm25 with column weights (caption, keywords, albums, people,
 * places, camera, files, labels), minus up to 1 for recent photos:
 * 1 / (1 + years between the photo's month and @now_years). Months are
 * precise enough for a tie-breaker, and reading them with substr () is
 * about 20 times cheaper than julianday (), which mattered when a common
 * word matches tens of thousands of photos. The "%s" is this month in
 * years (a constant for a month, so the statement cache keeps working). */
#define RANK_SQL_FORMAT                                                                            \
  "bm25 (search_fts, 1.0, 2.0, 2.0, 2.0, 1.5, 1.0, 0.5, 1.0) - (CASE WHEN i.taken_local IS NULL"   \
  " THEN 0 ELSE 1.0 / (1.0 + abs (%s - (CAST (substr (i.taken_local, 1, 4) AS INTEGER) +"          \
  " (CAST (substr (i.taken_local, 6, 2) AS INTEGER) - 1) / 12.0))) END)"

/* The current month in years (2026.833 for November 2026), in UTC. */
static double
now_in_years (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_get_year (now) + (g_date_time_get_month (now) - 1) / 12.0;
}

void
sv_search_options_init (SvSearchOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->date_order = sv_query_date_order_from_locale ();
}

void
sv_search_sql_clear (SvSearchSql *sql)
{
  if (sql == NULL)
    return;
  g_clear_pointer (&sql->sql, g_free);
  g_clear_pointer (&sql->params, g_ptr_array_unref);
  g_clear_pointer (&sql->fts_match, g_free);
}

/* ---- building ---- */

typedef struct
{
  GString *sql;
  GPtrArray *params;
} Builder;

static void
add_text_param (Builder *b, const char *text)
{
  g_ptr_array_add (b->params, g_variant_ref_sink (g_variant_new_string (text)));
}

static void
add_int_param (Builder *b, gint64 value)
{
  g_ptr_array_add (b->params, g_variant_ref_sink (g_variant_new_int64 (value)));
}

/* A full-text phrase: "text" with quotes doubled, * for a prefix unless
 * the last word is a single character (too many words start with it). */
static void
append_fts_phrase (GString *out, const char *text, gboolean prefix)
{
  const char *last_word = text;
  glong last_len = 0;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append (out, "\"\"");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalnum (g_utf8_get_char (p)))
      last_word = g_utf8_next_char (p);
  last_len = g_utf8_strlen (last_word, -1);
  if (prefix && last_len > 1)
    g_string_append_c (out, '*');
}

static void
append_fts_node (GString *out, const SvQueryNode *node)
{
  if (node->type == SV_QUERY_NODE_FIELD)
    g_string_append_printf (out, "{%s} : ", fts_columns[node->field]);
  append_fts_phrase (out, node->text, node->prefix);
}

static gboolean
is_fts_node (const SvQueryNode *node)
{
  return node->type == SV_QUERY_NODE_TEXT || node->type == SV_QUERY_NODE_FIELD;
}

/* TRUE when a rating comparison is false for 0 (unrated). */
static gboolean
rating_excludes_unrated (const SvQueryNode *node)
{
  switch (node->cmp)
    {
      case SV_QUERY_CMP_EQ:
      case SV_QUERY_CMP_GE:
        return node->number >= 1;
      case SV_QUERY_CMP_GT:
        return node->number >= 0;
      case SV_QUERY_CMP_LT:
      case SV_QUERY_CMP_LE:
      default:
        return FALSE;
    }
}

static void
build_condition (Builder *b, const SvQueryNode *node)
{
  static const char *const cmps[] = { "=", "<", "<=", ">", ">=" };

  switch (node->type)
    {
      case SV_QUERY_NODE_AND:
      case SV_QUERY_NODE_OR:
        if (node->children->len == 0)
          {
            g_string_append (b->sql, node->type == SV_QUERY_NODE_AND ? "1" : "0");
            break;
          }
        g_string_append_c (b->sql, '(');
        for (guint i = 0; i < node->children->len; i++)
          {
            if (i > 0)
              g_string_append (b->sql, node->type == SV_QUERY_NODE_AND ? " AND " : " OR ");
            build_condition (b, node->children->pdata[i]);
          }
        g_string_append_c (b->sql, ')');
        break;
      case SV_QUERY_NODE_NOT:
        g_string_append (b->sql, "NOT coalesce (");
        build_condition (b, node->children->pdata[0]);
        g_string_append (b->sql, ", 0)");
        break;
      case SV_QUERY_NODE_TEXT:
      case SV_QUERY_NODE_FIELD:
        {
          g_autoptr (GString) match = g_string_new (NULL);

          append_fts_node (match, node);
          g_string_append (b->sql,
                           "i.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)");
          add_text_param (b, match->str);
        }
        break;
      case SV_QUERY_NODE_DATE:
        if (node->date_from && node->date_to)
          {
            g_string_append (b->sql, "(i.taken_local >= ? AND i.taken_local < ?)");
            add_text_param (b, node->date_from);
            add_text_param (b, node->date_to);
          }
        else if (node->date_from)
          {
            g_string_append (b->sql, "i.taken_local >= ?");
            add_text_param (b, node->date_from);
          }
        else if (node->date_to)
          {
            g_string_append (b->sql, "i.taken_local < ?");
            add_text_param (b, node->date_to);
          }
        else
          g_string_append (b->sql, "1");
        break;
      case SV_QUERY_NODE_KIND:
        g_string_append (b->sql, "i.kind = ?");
        add_int_param (b, node->number);
        break;
      case SV_QUERY_NODE_FAVORITE:
        g_string_append (b->sql, "i.favourite = 1");
        break;
      case SV_QUERY_NODE_HAS_GPS:
        g_string_append (b->sql, "i.latitude IS NOT NULL");
        break;
      case SV_QUERY_NODE_RATING:
        /* Unrated counts as 0; a comparison 0 cannot pass reads the
         * column as it is, so that items_rating serves it. */
        if (rating_excludes_unrated (node))
          g_string_append_printf (b->sql, "i.rating %s ?", cmps[node->cmp]);
        else
          g_string_append_printf (b->sql, "coalesce (i.rating, 0) %s ?", cmps[node->cmp]);
        add_int_param (b, node->number);
        break;
      default:
        g_assert_not_reached ();
    }
}

gboolean
sv_search_build_sql (const SvQueryNode *node,
                     const SvSearchOptions *options,
                     gboolean count,
                     SvSearchSql *out,
                     GError **error)
{
  g_autoptr (GString) match = g_string_new (NULL);
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  gboolean free_text = FALSE;
  Builder b;
  SvSearchOptions defaults;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (options == NULL)
    {
      sv_search_options_init (&defaults);
      options = &defaults;
    }
  memset (out, 0, sizeof *out);

  /* The top level's positive words go into one full-text match that also
   * ranks; everything else becomes conditions. */
  if (is_fts_node (node))
    {
      append_fts_node (match, node);
      free_text = node->type == SV_QUERY_NODE_TEXT;
    }
  else if (node->type == SV_QUERY_NODE_AND)
    for (guint i = 0; i < node->children->len; i++)
      {
        const SvQueryNode *child = node->children->pdata[i];

        if (is_fts_node (child))
          {
            if (match->len > 0)
              g_string_append (match, " AND ");
            append_fts_node (match, child);
            free_text |= child->type == SV_QUERY_NODE_TEXT;
          }
        else
          g_ptr_array_add (rest, (gpointer) child);
      }
  else
    g_ptr_array_add (rest, (gpointer) node);

  b.sql = g_string_new (NULL);
  b.params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  if (match->len > 0)
    {
      g_string_append (b.sql, count ? "SELECT count(*)" : "SELECT i.id");
      g_string_append (b.sql, " FROM search_fts JOIN items i ON i.id = search_fts.rowid"
                              " WHERE search_fts MATCH ?");
      add_text_param (&b, match->str);
    }
  else
    {
      /* Without words, walk the timeline's index (newest first, live
       * items) or the favourites' one; left alone the planner prefers
       * items_state and sorts everything afterwards. */
      gboolean favourites = FALSE, rated = FALSE, dates = rest->len == 0;

      for (guint i = 0; i < rest->len; i++)
        {
          const SvQueryNode *child = rest->pdata[i];

          favourites |= child->type == SV_QUERY_NODE_FAVORITE;
          rated |= child->type == SV_QUERY_NODE_RATING && rating_excludes_unrated (child);
          dates |= child->type == SV_QUERY_NODE_DATE;
        }
      g_string_append (b.sql, count ? "SELECT count(*) FROM items i" : "SELECT i.id FROM items i");
      if (!options->trashed && favourites)
        g_string_append (b.sql, " INDEXED BY items_favourite");
      /* The rated few, then a sort, rather than the whole timeline. */
      else if (!options->trashed && rated)
        g_string_append (b.sql, " INDEXED BY items_rating");
      else if (!options->trashed && dates)
        g_string_append (b.sql, " INDEXED BY items_timeline");
      g_string_append (b.sql, " WHERE 1");
    }
  g_string_append (b.sql, options->trashed ? " AND i.trashed_at IS NOT NULL"
                                           : " AND i.trashed_at IS NULL");
  for (guint i = 0; i < rest->len; i++)
    {
      g_string_append (b.sql, " AND ");
      build_condition (&b, rest->pdata[i]);
    }
  if (!count)
    {
      /* Field filters alone (camera:canon) rank nothing: by date, which
       * also spares bm25 () over the thousands of photos they match. */
      if (match->len > 0 && free_text && !options->by_date)
        {
          char years[G_ASCII_DTOSTR_BUF_SIZE];

          /* g_ascii_formatd (): a decimal point whatever the locale. */
          g_ascii_formatd (years, sizeof years, "%.3f", now_in_years ());
          g_string_append (b.sql, " ORDER BY ");
          g_string_append_printf (b.sql, RANK_SQL_FORMAT, years);
          g_string_append (b.sql, ", i.taken_local DESC, i.id DESC");
        }
      else
        g_string_append (b.sql, " ORDER BY i.taken_local DESC, i.id DESC");
      if (options->limit > 0 || options->offset > 0)
        {
          g_string_append (b.sql, " LIMIT ? OFFSET ?");
          add_int_param (&b, options->limit > 0 ? (gint64) options->limit : -1);
          add_int_param (&b, options->offset);
        }
    }

  out->sql = g_string_free (b.sql, FALSE);
  out->params = b.params;
  out->fts_match = match->len > 0 ? g_strdup (match->str) : NULL;
  (void) error;
  return TRUE;
}

/* ---- running ---- */

static gboolean
set_db_error (sqlite3 *db, int rc, GError **error)
{
  g_set_error (error, SV_ERROR, SV_ERROR_DATABASE, _ ("The search failed: %s"),
               db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static sqlite3_stmt *
prepare_bound (sqlite3 *db, const SvSearchSql *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql->sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error);
      return NULL;
    }
  for (guint i = 0; i < sql->params->len; i++)
    {
      GVariant *v = sql->params->pdata[i];

      if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, i + 1, g_variant_get_string (v, NULL), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (v));
    }
  return stmt;
}

GArray *
sv_search_run_sql (gpointer sqlite_db, const SvSearchSql *sql, GError **error)
{
  sqlite3 *db = sqlite_db;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL && sql != NULL && sql->sql != NULL, NULL);

  stmt = prepare_bound (db, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    set_db_error (db, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

/* Items the full-text expression matches (trash included), -1 on error. */
static gint64
count_matches (sqlite3 *db, const char *match)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1", -1,
                          &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
prepare_search (const char *query,
                const SvSearchOptions *options,
                gboolean count,
                SvSearchSql *sql,
                GError **error)
{
  g_autoptr (SvQueryNode) node = NULL;
  SvQueryParseOptions parse_options;
  SvSearchOptions defaults;

  if (options == NULL)
    {
      sv_search_options_init (&defaults);
      options = &defaults;
    }
  parse_options.date_order = options->date_order;
  parse_options.now = options->now;
  node = sv_query_parse (query ? query : "", -1, &parse_options, error);
  if (node == NULL)
    return FALSE;
  return sv_search_build_sql (node, options, count, sql, error);
}

GArray *
sv_search_ids (SvCatalogue *catalogue,
               const char *query,
               const SvSearchOptions *options,
               GError **error)
{
  g_auto (SvSearchSql) sql = { 0 };
  GArray *ids;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  if (!prepare_search (query, options, FALSE, &sql, error))
    return NULL;
  db = _sv_catalogue_lock_db (catalogue);
  if (sql.fts_match != NULL && (options == NULL || !options->by_date) &&
      count_matches (db->db, sql.fts_match) > SV_SEARCH_RANK_MAX)
    {
      SvSearchOptions by_date;

      if (options != NULL)
        by_date = *options;
      else
        sv_search_options_init (&by_date);
      by_date.by_date = TRUE;
      sv_search_sql_clear (&sql);
      if (!prepare_search (query, &by_date, FALSE, &sql, error))
        {
          _sv_catalogue_unlock_db (catalogue);
          return NULL;
        }
    }
  ids = sv_search_run_sql (db->db, &sql, error);
  _sv_catalogue_unlock_db (catalogue);
  return ids;
}

gint64
sv_search_count (SvCatalogue *catalogue,
                 const char *query,
                 const SvSearchOptions *options,
                 GError **error)
{
  g_auto (SvSearchSql) sql = { 0 };
  sqlite3_stmt *stmt;
  gint64 n = -1;
  SvDb *db;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), -1);

  if (!prepare_search (query, options, TRUE, &sql, error))
    return -1;
  db = _sv_catalogue_lock_db (catalogue);
  stmt = prepare_bound (db->db, &sql, error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      else
        set_db_error (db->db, rc, error);
      sqlite3_finalize (stmt);
    }
  _sv_catalogue_unlock_db (catalogue);
  return n;
}

/* ---- suggestions ---- */

void
sv_suggestion_free (SvSuggestion *s)
{
  if (s == NULL)
    return;
  g_free (s->text);
  g_free (s->query);
  g_free (s);
}

const char *
sv_suggestion_kind_to_string (SvSuggestionKind kind)
{
  switch (kind)
    {
      case SV_SUGGESTION_PLACE:
        return "place";
      case SV_SUGGESTION_PERSON:
        return "person";
      case SV_SUGGESTION_ALBUM:
        return "album";
      case SV_SUGGESTION_KEYWORD:
        return "keyword";
      case SV_SUGGESTION_CAMERA:
        return "camera";
      default:
        return "unknown";
    }
}

typedef struct
{
  GPtrArray *out;     /* of SvSuggestion */
  GHashTable *seen;   /* "kind:folded" */
  const char *prefix; /* folded */
  const char *head;   /* the query before the last word */
} Suggest;

static SvSuggestion *
add_suggestion (Suggest *s, SvSuggestionKind kind, const char *text)
{
  static const char *const filters[] = { "place", "person", "album", "keyword", "camera" };
  g_autofree char *folded = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GString) quoted = g_string_new (NULL);
  SvSuggestion *sug;

  if (text == NULL || text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    return NULL;
  folded = _sv_text_fold (text);
  if (!_sv_text_fold_has_prefix (folded, s->prefix))
    return NULL;
  key = g_strdup_printf ("%d:%s", kind, folded);
  if (g_hash_table_contains (s->seen, key))
    return NULL;
  if (g_hash_table_size (s->seen) >= SUGGEST_MAX_CANDIDATES * 5)
    return NULL;
  g_hash_table_add (s->seen, g_steal_pointer (&key));

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '"')
      g_string_append_c (quoted, *p);
  sug = g_new0 (SvSuggestion, 1);
  sug->kind = kind;
  sug->text = g_strdup (text);
  sug->query = g_strdup_printf ("%s%s:\"%s\"", s->head, filters[kind], quoted->str);
  g_ptr_array_add (s->out, sug);
  return sug;
}

static gint64
count_query (SvDb *db, const char *sql, const char *text, gint64 id)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
suggest_places (Suggest *s, SvDb *db)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = _sv_db_prepare (
      db,
      "SELECT id, city_local, city_en, region_local, region_en, country_local, country_en"
      " FROM places",
      NULL);
  guint first = s->out->len;

  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 place_id = sqlite3_column_int64 (stmt, 0);
      gint64 n = -1;

      for (int col = 1; col <= 6; col++)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, col);
          g_autofree char *folded = NULL;
          g_autofree char *key = NULL;
          SvSuggestion *sug;

          if (name == NULL || name[0] == '\0')
            continue;
          folded = _sv_text_fold (name);
          if (!_sv_text_fold_has_prefix (folded, s->prefix))
            continue;
          if (n < 0)
            n = count_query (db,
                             "SELECT (SELECT count(*) FROM items WHERE place_id = ?1)"
                             " - (SELECT count(*) FROM items INDEXED BY items_trash"
                             " WHERE trashed_at IS NOT NULL AND place_id = ?1)",
                             NULL, place_id);
          key = g_strdup_printf ("%d:%s", SV_SUGGESTION_PLACE, folded);
          sug = add_suggestion (s, SV_SUGGESTION_PLACE, name);
          (void) sug;
          /* Several places share a country or region name: add them up. */
          g_hash_table_insert (
              counts, g_strdup (key),
              GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key)) + (gsize) n));
        }
    }
  sqlite3_reset (stmt);
  for (guint i = first; i < s->out->len; i++)
    {
      SvSuggestion *sug = s->out->pdata[i];
      g_autofree char *folded = _sv_text_fold (sug->text);
      g_autofree char *key = g_strdup_printf ("%d:%s", SV_SUGGESTION_PLACE, folded);

      sug->count = (guint) GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key));
    }
}

static void
suggest_simple (Suggest *s,
                SvDb *db,
                SvSuggestionKind kind,
                const char *list_sql,
                const char *count_sql)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, list_sql, NULL);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint first = s->out->len;

  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW && s->out->len - first < SUGGEST_MAX_CANDIDATES)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (add_suggestion (s, kind, (const char *) sqlite3_column_text (stmt, 1)) != NULL)
        g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  for (guint i = first; i < s->out->len; i++)
    {
      SvSuggestion *sug = s->out->pdata[i];

      sug->count =
          (guint) count_query (db, count_sql, NULL, g_array_index (ids, gint64, i - first));
    }
}

static void
suggest_cameras (Suggest *s, SvDb *db)
{
  /* Distinct cameras by skipping through items_camera: one seek per
   * camera, not one step per item. */
  sqlite3_stmt *stmt =
      _sv_db_prepare (db,
                      "WITH RECURSIVE c (name) AS ("
                      " SELECT min (camera) FROM items WHERE camera > ''"
                      " UNION ALL"
                      " SELECT (SELECT min (camera) FROM items WHERE camera > c.name) FROM c"
                      " WHERE c.name IS NOT NULL)"
                      " SELECT name FROM c WHERE name IS NOT NULL",
                      NULL);
  guint first = s->out->len;

  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW && s->out->len - first < SUGGEST_MAX_CANDIDATES)
    add_suggestion (s, SV_SUGGESTION_CAMERA, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  for (guint i = first; i < s->out->len; i++)
    {
      SvSuggestion *sug = s->out->pdata[i];

      sug->count = (guint) count_query (db,
                                        "SELECT (SELECT count(*) FROM items WHERE camera = ?1)"
                                        " - (SELECT count(*) FROM items INDEXED BY items_trash"
                                        " WHERE trashed_at IS NOT NULL AND camera = ?1)",
                                        sug->text, 0);
    }
}

static int
compare_suggestions (gconstpointer a, gconstpointer b)
{
  const SvSuggestion *sa = *(SvSuggestion *const *) a;
  const SvSuggestion *sb = *(SvSuggestion *const *) b;

  if (sa->count != sb->count)
    return sa->count > sb->count ? -1 : 1;
  if (sa->kind != sb->kind)
    return sa->kind < sb->kind ? -1 : 1;
  return g_utf8_collate (sa->text, sb->text);
}

/* The kind a filter name restricts suggestions to, -1 for none, -2 for a
 * filter that takes no names (type:, is:...). */
static int
filter_kind (const char *folded_name)
{
  static const struct
  {
    const char *name;
    int kind;
  } names[] = {
    { "person", SV_SUGGESTION_PERSON },   { "personne", SV_SUGGESTION_PERSON },
    { "people", SV_SUGGESTION_PERSON },   { "album", SV_SUGGESTION_ALBUM },
    { "camera", SV_SUGGESTION_CAMERA },   { "appareil", SV_SUGGESTION_CAMERA },
    { "place", SV_SUGGESTION_PLACE },     { "lieu", SV_SUGGESTION_PLACE },
    { "keyword", SV_SUGGESTION_KEYWORD }, { "motcle", SV_SUGGESTION_KEYWORD },
    { "mot-cle", SV_SUGGESTION_KEYWORD }, { "tag", SV_SUGGESTION_KEYWORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].name, folded_name) == 0)
      return names[i].kind;
  return -2;
}

GPtrArray *
sv_search_suggest (SvCatalogue *catalogue, const char *partial_query, guint limit, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_suggestion_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *head = NULL;
  g_autofree char *word = NULL;
  g_autofree char *prefix = NULL;
  const char *last, *colon;
  int only = -1;
  Suggest s;
  SvDb *db;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  if (partial_query == NULL)
    partial_query = "";
  if (strlen (partial_query) > SV_QUERY_MAX_LENGTH || !g_utf8_validate (partial_query, -1, NULL))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The search is too long (at most %d characters)"), SV_QUERY_MAX_LENGTH);
      return NULL;
    }
  if (limit == 0)
    limit = 10;

  /* The last word, after the last space. */
  last = partial_query;
  for (const char *p = partial_query; *p != '\0'; p++)
    if (*p == ' ' || *p == '\t' || *p == '(' || *p == ')')
      last = p + 1;
  head = g_strndup (partial_query, last - partial_query);
  if (*last == '-')
    last++;
  colon = strchr (last, ':');
  if (colon != NULL)
    {
      g_autofree char *name = g_strndup (last, colon - last);
      g_autofree char *folded_name = _sv_text_fold (name);

      only = filter_kind (folded_name);
      if (only == -2)
        return g_steal_pointer (&out);
      last = colon + 1;
    }
  word = g_strdup (last);
  g_strdelimit (word, "\"", ' ');
  g_strstrip (word);
  prefix = _sv_text_fold (word);
  if (prefix[0] == '\0')
    return g_steal_pointer (&out);

  s.out = out;
  s.seen = seen;
  s.prefix = prefix;
  s.head = head;

  if (only == -1 || only == SV_SUGGESTION_KEYWORD)
    {
      g_autoptr (GPtrArray) keywords =
          sv_catalogue_complete_keywords (catalogue, word, SUGGEST_MAX_CANDIDATES, error);

      if (keywords == NULL)
        return NULL;
      for (guint i = 0; i < keywords->len; i++)
        {
          SvKeywordCount *kc = keywords->pdata[i];
          SvSuggestion *sug = add_suggestion (&s, SV_SUGGESTION_KEYWORD, kc->name);

          if (sug != NULL)
            sug->count = kc->count;
        }
    }

  db = _sv_catalogue_lock_db (catalogue);
  if (only == -1 || only == SV_SUGGESTION_PLACE)
    suggest_places (&s, db);
  if (only == -1 || only == SV_SUGGESTION_PERSON)
    suggest_simple (&s, db, SV_SUGGESTION_PERSON,
                    "SELECT id, name FROM people WHERE name IS NOT NULL AND hidden = 0",
                    "SELECT count(DISTINCT f.item_id) FROM faces f JOIN items i ON i.id = f.item_id"
                    " WHERE f.person_id = ?1 AND i.trashed_at IS NULL");
  if (only == -1 || only == SV_SUGGESTION_ALBUM)
    suggest_simple (&s, db, SV_SUGGESTION_ALBUM, "SELECT id, name FROM albums",
                    "SELECT (SELECT count(*) FROM album_items WHERE album_id = ?1)"
                    " - (SELECT count(*) FROM items i INDEXED BY items_trash"
                    " JOIN album_items ai ON ai.album_id = ?1 AND ai.item_id = i.id"
                    " WHERE i.trashed_at IS NOT NULL)");
  if (only == -1 || only == SV_SUGGESTION_CAMERA)
    suggest_cameras (&s, db);
  _sv_catalogue_unlock_db (catalogue);

  g_ptr_array_sort (out, compare_suggestions);
  if (out->len > limit)
    g_ptr_array_set_size (out, limit);
  return g_steal_pointer (&out);
}
