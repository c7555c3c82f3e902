/* sv-query-parser.c: the search language, text → syntax tree
 *
 * Grammar (words are separated by spaces):
 *   query   := or-expr
 *   or-expr := and-expr { ("OR" | "OU") and-expr }
 *   and-expr:= { ["-"] ( "(" or-expr ")" | term ) }
 *   term    := "quoted phrase" | filter:value | filter:"quoted value"
 *            | rating<op>N | date words | word
 * Date words are recognised over up to three consecutive plain words
 * ("la semaine dernière"). See docs/search.md for the user's view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-search"

#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-error.h"
#include "sv-query-parser.h"

typedef enum
{
  TOK_WORD,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_OR,
} TokType;

typedef enum
{
  FILTER_NONE,
  FILTER_PERSON,
  FILTER_ALBUM,
  FILTER_CAMERA,
  FILTER_PLACE,
  FILTER_KEYWORD,
  FILTER_BEFORE,
  FILTER_AFTER,
  FILTER_TYPE,
  FILTER_IS,
  FILTER_HAS,
  FILTER_RATING,
} FilterKind;

typedef struct
{
  TokType type;
  gboolean negated;
  gboolean quoted;
  char *text;   /* the word as typed (quotes removed) */
  char *folded; /* lower case, no accents */
  FilterKind filter;
  char *name; /* the filter name as typed */
  char *value;
  gboolean value_quoted;
  SvQueryCmp cmp;
} Token;

typedef struct
{
  GArray *tokens; /* of Token */
  guint pos;
  int depth;
  SvDateOrder order;
  GDate today;
} Parser;

static const struct
{
  const char *name; /* folded */
  FilterKind kind;
} filter_names[] = {
  { "person", FILTER_PERSON },  { "personne", FILTER_PERSON }, { "people", FILTER_PERSON },
  { "album", FILTER_ALBUM },    { "camera", FILTER_CAMERA },   { "appareil", FILTER_CAMERA },
  { "place", FILTER_PLACE },    { "lieu", FILTER_PLACE },      { "before", FILTER_BEFORE },
  { "avant", FILTER_BEFORE },   { "after", FILTER_AFTER },     { "apres", FILTER_AFTER },
  { "type", FILTER_TYPE },      { "is", FILTER_IS },           { "est", FILTER_IS },
  { "has", FILTER_HAS },        { "a", FILTER_HAS },           { "keyword", FILTER_KEYWORD },
  { "motcle", FILTER_KEYWORD }, { "mot-cle", FILTER_KEYWORD }, { "tag", FILTER_KEYWORD },
  { "rating", FILTER_RATING },  { "note", FILTER_RATING },
};

static const struct
{
  const char *name;
  int month;
} month_names[] = {
  { "janvier", 1 },   { "janv", 1 },      { "january", 1 },  { "jan", 1 },       { "fevrier", 2 },
  { "fevr", 2 },      { "fev", 2 },       { "february", 2 }, { "feb", 2 },       { "mars", 3 },
  { "march", 3 },     { "mar", 3 },       { "avril", 4 },    { "avr", 4 },       { "april", 4 },
  { "apr", 4 },       { "mai", 5 },       { "may", 5 },      { "juin", 6 },      { "june", 6 },
  { "jun", 6 },       { "juillet", 7 },   { "juil", 7 },     { "july", 7 },      { "jul", 7 },
  { "aout", 8 },      { "august", 8 },    { "aug", 8 },      { "septembre", 9 }, { "sept", 9 },
  { "september", 9 }, { "sep", 9 },       { "octobre", 10 }, { "october", 10 },  { "oct", 10 },
  { "novembre", 11 }, { "november", 11 }, { "nov", 11 },     { "decembre", 12 }, { "december", 12 },
  { "dec", 12 },
};

typedef enum
{
  SEASON_SPRING,
  SEASON_SUMMER,
  SEASON_AUTUMN,
  SEASON_WINTER,
} Season;

static const struct
{
  const char *name;
  Season season;
} season_names[] = {
  { "printemps", SEASON_SPRING }, { "spring", SEASON_SPRING },  { "ete", SEASON_SUMMER },
  { "summer", SEASON_SUMMER },    { "automne", SEASON_AUTUMN }, { "autumn", SEASON_AUTUMN },
  { "fall", SEASON_AUTUMN },      { "hiver", SEASON_WINTER },   { "winter", SEASON_WINTER },
};

typedef enum
{
  REL_TODAY,
  REL_YESTERDAY,
  REL_THIS_WEEK,
  REL_LAST_WEEK,
  REL_THIS_MONTH,
  REL_LAST_MONTH,
  REL_THIS_YEAR,
  REL_LAST_YEAR,
} Relative;

/* Folded words, separated by one space. */
static const struct
{
  const char *words;
  Relative rel;
} relative_names[] = {
  { "today", REL_TODAY },
  { "aujourd'hui", REL_TODAY },
  { "yesterday", REL_YESTERDAY },
  { "hier", REL_YESTERDAY },
  { "this week", REL_THIS_WEEK },
  { "cette semaine", REL_THIS_WEEK },
  { "last week", REL_LAST_WEEK },
  { "semaine derniere", REL_LAST_WEEK },
  { "la semaine derniere", REL_LAST_WEEK },
  { "this month", REL_THIS_MONTH },
  { "ce mois", REL_THIS_MONTH },
  { "ce mois-ci", REL_THIS_MONTH },
  { "last month", REL_LAST_MONTH },
  { "mois dernier", REL_LAST_MONTH },
  { "le mois dernier", REL_LAST_MONTH },
  { "this year", REL_THIS_YEAR },
  { "cette annee", REL_THIS_YEAR },
  { "last year", REL_LAST_YEAR },
  { "annee derniere", REL_LAST_YEAR },
  { "l'annee derniere", REL_LAST_YEAR },
};

/* ---- helpers ---- */

static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *nfd = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = nfd ? nfd : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x2019 || c == 0x2018) /* ’ ‘ */
        c = '\'';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_alnum (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
token_clear (gpointer data)
{
  Token *t = data;

  g_free (t->text);
  g_free (t->folded);
  g_free (t->name);
  g_free (t->value);
}

static SvQueryNode *
node_new (SvQueryNodeType type)
{
  SvQueryNode *node = g_new0 (SvQueryNode, 1);

  node->type = type;
  if (type == SV_QUERY_NODE_AND || type == SV_QUERY_NODE_OR || type == SV_QUERY_NODE_NOT)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_query_node_free);
  return node;
}

static SvQueryNode *
node_not (SvQueryNode *child)
{
  SvQueryNode *node = node_new (SV_QUERY_NODE_NOT);

  g_ptr_array_add (node->children, child);
  return node;
}

void
sv_query_node_free (SvQueryNode *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node->text);
  g_free (node->date_from);
  g_free (node->date_to);
  g_free (node);
}

static gboolean
set_invalid (GError **error, const char *message)
{
  g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

SvDateOrder
sv_query_date_order_from_locale (void)
{
  const char *fmt = nl_langinfo (D_FMT);
  const char *d, *m;

  if (fmt == NULL)
    return SV_DATE_ORDER_DMY;
  d = strstr (fmt, "%d");
  if (d == NULL)
    d = strstr (fmt, "%e");
  m = strstr (fmt, "%m");
  if (m == NULL)
    m = strstr (fmt, "%b");
  if (d != NULL && m != NULL && m < d)
    return SV_DATE_ORDER_MDY;
  return SV_DATE_ORDER_DMY;
}

/* ---- lexer ---- */

static FilterKind
lookup_filter (const char *folded_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_names); i++)
    if (strcmp (filter_names[i].name, folded_name) == 0)
      return filter_names[i].kind;
  return FILTER_NONE;
}

/* "rating>=4", "note<3": fills the token's filter, cmp and value. */
static gboolean
split_comparison (Token *t)
{
  static const char *const names[] = { "rating", "note" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize len = strlen (names[i]);
      const char *op;

      if (strncmp (t->folded, names[i], len) != 0)
        continue;
      op = t->folded + len;
      if (g_str_has_prefix (op, ">="))
        t->cmp = SV_QUERY_CMP_GE, op += 2;
      else if (g_str_has_prefix (op, "<="))
        t->cmp = SV_QUERY_CMP_LE, op += 2;
      else if (op[0] == '>')
        t->cmp = SV_QUERY_CMP_GT, op += 1;
      else if (op[0] == '<')
        t->cmp = SV_QUERY_CMP_LT, op += 1;
      else if (op[0] == '=')
        t->cmp = SV_QUERY_CMP_EQ, op += 1;
      else
        continue;
      t->filter = FILTER_RATING;
      t->name = g_strndup (t->text, len);
      t->value = g_strdup (op);
      return TRUE;
    }
  return FALSE;
}

static void
classify_word (Token *t, const char *quoted_value)
{
  const char *colon;

  t->folded = fold (t->text);
  if (!t->quoted && !t->negated && quoted_value == NULL &&
      (strcmp (t->text, "OR") == 0 || strcmp (t->text, "OU") == 0))
    {
      t->type = TOK_OR;
      return;
    }
  if (t->quoted)
    return;

  colon = strchr (t->text, ':');
  if (colon != NULL && colon != t->text)
    {
      g_autofree char *name = g_strndup (t->text, colon - t->text);
      g_autofree char *folded_name = fold (name);
      FilterKind kind = lookup_filter (folded_name);

      if (kind != FILTER_NONE)
        {
          t->filter = kind;
          t->cmp = SV_QUERY_CMP_EQ;
          t->name = g_steal_pointer (&name);
          t->value_quoted = quoted_value != NULL;
          t->value = g_strdup (quoted_value ? quoted_value : colon + 1);
          return;
        }
    }
  if (quoted_value == NULL && split_comparison (t))
    return;
  if (quoted_value != NULL)
    {
      /* unknown:"value": plain words */
      char *joined = g_strconcat (t->text, " ", quoted_value, NULL);

      g_free (t->text);
      t->text = joined;
      g_free (t->folded);
      t->folded = fold (t->text);
    }
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c < 0x20 || c == 0x7f;
}

/* Reads a quoted string starting after the opening quote at *p; leaves *p
 * after the closing quote. */
static char *
read_quoted (const char **p, const char *end, GError **error)
{
  const char *start = *p;
  const char *close = memchr (start, '"', end - start);

  if (close == NULL)
    {
      set_invalid (error, _ ("A quote (\") is not closed: add the closing quote"));
      return NULL;
    }
  *p = close + 1;
  return g_strstrip (g_strndup (start, close - start));
}

static GArray *
lex (const char *text, gsize length, GError **error)
{
  g_autoptr (GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  const char *p = text, *end = text + length;

  g_array_set_clear_func (tokens, token_clear);
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      Token t = { 0 };

      if (is_space (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      if (tokens->len >= SV_QUERY_MAX_TERMS * 2)
        {
          set_invalid (error, _ ("The search has too many words: try fewer"));
          return NULL;
        }
      if (c == '-' && p + 1 < end && !is_space (g_utf8_get_char (p + 1)) && p[1] != ')' &&
          p[1] != '-')
        {
          t.negated = TRUE;
          p++;
          c = g_utf8_get_char (p);
        }
      if (c == '(' || c == ')')
        {
          t.type = c == '(' ? TOK_LPAREN : TOK_RPAREN;
          p++;
          g_array_append_val (tokens, t);
          continue;
        }
      t.type = TOK_WORD;
      if (c == '"')
        {
          p++;
          t.text = read_quoted (&p, end, error);
          if (t.text == NULL)
            return NULL;
          t.quoted = TRUE;
          classify_word (&t, NULL);
        }
      else
        {
          const char *start = p;
          g_autofree char *quoted_value = NULL;

          while (p < end)
            {
              gunichar d = g_utf8_get_char (p);

              if (is_space (d) || d == '(' || d == ')' || d == '"')
                break;
              p = g_utf8_next_char (p);
            }
          t.text = g_strndup (start, p - start);
          if (p < end && *p == '"' && p > start && p[-1] == ':')
            {
              p++;
              quoted_value = read_quoted (&p, end, error);
              if (quoted_value == NULL)
                {
                  g_free (t.text);
                  return NULL;
                }
            }
          classify_word (&t, quoted_value);
        }
      g_array_append_val (tokens, t);
    }
  return g_steal_pointer (&tokens);
}

/* ---- dates ---- */

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

static gboolean
all_digits (const char *s, gsize min, gsize max)
{
  gsize n = strlen (s);

  if (n < min || n > max)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
set_month (GDate *from, GDate *to, int year, int month)
{
  if (year < 1 || year > 9998 || month < 1 || month > 12)
    return FALSE;
  g_date_set_dmy (from, 1, (GDateMonth) month, (GDateYear) year);
  *to = *from;
  g_date_add_months (to, 1);
  return TRUE;
}

static gboolean
set_year (GDate *from, GDate *to, int year)
{
  if (year < 1 || year > 9998)
    return FALSE;
  g_date_set_dmy (from, 1, G_DATE_JANUARY, (GDateYear) year);
  g_date_set_dmy (to, 1, G_DATE_JANUARY, (GDateYear) (year + 1));
  return TRUE;
}

static int
parse_year (const char *s)
{
  if (all_digits (s, 4, 4))
    return atoi (s);
  if (all_digits (s, 2, 2))
    {
      int yy = atoi (s);

      return yy < 70 ? 2000 + yy : 1900 + yy;
    }
  return -1;
}

static int
lookup_month (const char *folded)
{
  gsize n = strlen (folded);
  g_autofree char *word = g_strdup (folded);

  if (n > 0 && word[n - 1] == '.')
    word[n - 1] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (strcmp (month_names[i].name, word) == 0)
      return month_names[i].month;
  return 0;
}

typedef enum
{
  DATE_NO,
  DATE_YES,
  DATE_INVALID,
} DateMatch;

/* One word: 2024, 2023-07, 2023-07-14, 14/07/2024, 07/2024. */
static DateMatch
match_numeric_date (Parser *p, const char *word, GDate *from, GDate *to)
{
  char sep = 0;
  g_auto (GStrv) parts = NULL;
  guint n;
  int y, m, d;

  if (all_digits (word, 4, 4))
    {
      y = atoi (word);
      if (y < 1800 || y > 2200)
        return DATE_NO;
      return set_year (from, to, y) ? DATE_YES : DATE_INVALID;
    }
  for (const char *c = word; *c != '\0'; c++)
    {
      if (g_ascii_isdigit (*c))
        continue;
      if ((*c == '-' || *c == '/' || *c == '.') && (sep == 0 || sep == *c))
        {
          sep = *c;
          continue;
        }
      return DATE_NO;
    }
  if (sep == 0)
    return DATE_NO;
  {
    char seps[2] = { sep, '\0' };

    parts = g_strsplit (word, seps, 4);
  }
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    if (!all_digits (parts[i], 1, 4))
      return DATE_NO;
  if (n == 2)
    {
      /* 2023-07 or 07/2023 */
      if (strlen (parts[0]) == 4 && strlen (parts[1]) <= 2)
        y = atoi (parts[0]), m = atoi (parts[1]);
      else if (strlen (parts[1]) == 4 && strlen (parts[0]) <= 2)
        y = atoi (parts[1]), m = atoi (parts[0]);
      else
        return DATE_NO;
      return set_month (from, to, y, m) ? DATE_YES : DATE_INVALID;
    }
  if (n != 3)
    return DATE_NO;
  if (strlen (parts[0]) == 4)
    {
      y = atoi (parts[0]);
      m = atoi (parts[1]);
      d = atoi (parts[2]);
      if (strlen (parts[1]) > 2 || strlen (parts[2]) > 2)
        return DATE_INVALID;
    }
  else
    {
      if (strlen (parts[0]) > 2 || strlen (parts[1]) > 2)
        return DATE_NO;
      y = parse_year (parts[2]);
      if (y < 0)
        return DATE_INVALID;
      if (p->order == SV_DATE_ORDER_MDY)
        m = atoi (parts[0]), d = atoi (parts[1]);
      else
        d = atoi (parts[0]), m = atoi (parts[1]);
    }
  if (y < 1 || y > 9998 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return DATE_INVALID;
  g_date_set_dmy (from, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *to = *from;
  g_date_add_days (to, 1);
  return DATE_YES;
}

static void
set_relative (Parser *p, Relative rel, GDate *from, GDate *to)
{
  GDate monday = p->today;

  g_date_subtract_days (&monday, g_date_get_weekday (&p->today) - G_DATE_MONDAY);
  switch (rel)
    {
      case REL_TODAY:
        *from = p->today;
        *to = p->today;
        g_date_add_days (to, 1);
        break;
      case REL_YESTERDAY:
        *from = p->today;
        g_date_subtract_days (from, 1);
        *to = p->today;
        break;
      case REL_THIS_WEEK:
        *from = monday;
        *to = monday;
        g_date_add_days (to, 7);
        break;
      case REL_LAST_WEEK:
        *from = monday;
        g_date_subtract_days (from, 7);
        *to = monday;
        break;
      case REL_THIS_MONTH:
        set_month (from, to, g_date_get_year (&p->today), g_date_get_month (&p->today));
        break;
      case REL_LAST_MONTH:
        set_month (from, to, g_date_get_year (&p->today), g_date_get_month (&p->today));
        *to = *from;
        g_date_subtract_months (from, 1);
        break;
      case REL_THIS_YEAR:
        set_year (from, to, g_date_get_year (&p->today));
        break;
      case REL_LAST_YEAR:
        set_year (from, to, g_date_get_year (&p->today) - 1);
        break;
      default:
        g_assert_not_reached ();
    }
}

/* Tries the first 3, 2, then 1 of @words (folded) as a date; *consumed is
 * how many were used. */
static DateMatch
match_date_words (Parser *p, char **words, guint n_words, guint *consumed, GDate *from, GDate *to)
{
  for (guint k = MIN (n_words, 3); k >= 1; k--)
    {
      g_autofree char *joined = NULL;
      char *saved = words[k];

      words[k] = NULL;
      joined = g_strjoinv (" ", words);
      words[k] = saved;
      for (guint i = 0; i < G_N_ELEMENTS (relative_names); i++)
        if (strcmp (relative_names[i].words, joined) == 0)
          {
            set_relative (p, relative_names[i].rel, from, to);
            *consumed = k;
            return DATE_YES;
          }
    }

  if (n_words >= 2)
    {
      int month = lookup_month (words[0]);
      int year = parse_year (words[1]);

      if (month > 0 && all_digits (words[1], 4, 4))
        {
          *consumed = 2;
          return set_month (from, to, year, month) ? DATE_YES : DATE_INVALID;
        }
      for (guint i = 0; i < G_N_ELEMENTS (season_names); i++)
        if (strcmp (season_names[i].name, words[0]) == 0 && all_digits (words[1], 4, 4))
          {
            static const int start_month[] = { 3, 6, 9, 12 };
            Season s = season_names[i].season;

            *consumed = 2;
            if (year < 1 || year > 9997)
              return DATE_INVALID;
            g_date_set_dmy (from, 1, (GDateMonth) start_month[s], (GDateYear) year);
            *to = *from;
            g_date_add_months (to, 3);
            return DATE_YES;
          }
    }

  *consumed = 1;
  return match_numeric_date (p, words[0], from, to);
}

static SvQueryNode *
date_node (const GDate *from, const GDate *to)
{
  SvQueryNode *node = node_new (SV_QUERY_NODE_DATE);

  if (from != NULL)
    node->date_from = format_day (from);
  if (to != NULL)
    node->date_to = format_day (to);
  return node;
}

static gboolean
invalid_date_error (const char *text, GError **error)
{
  g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
               _ ("“%s” is not a valid date (for example: 2023, July 2023, 2023-07-14)"), text);
  return FALSE;
}

/* ---- parser ---- */

static SvQueryNode *
parse_or (Parser *p, GError **error);

static Token *
peek (Parser *p)
{
  return p->pos < p->tokens->len ? &g_array_index (p->tokens, Token, p->pos) : NULL;
}

static gboolean
is_plain_word (const Token *t)
{
  return t != NULL && t->type == TOK_WORD && !t->quoted && t->filter == FILTER_NONE;
}

static SvQueryNode *
field_node (SvQueryField field, const Token *t, GError **error)
{
  SvQueryNode *node;

  if (!has_alnum (t->value))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s:” needs something to look for after the colon"), t->name);
      return NULL;
    }
  node = node_new (SV_QUERY_NODE_FIELD);
  node->field = field;
  node->text = g_strdup (t->value);
  node->prefix = !t->value_quoted;
  return node;
}

static SvQueryNode *
filter_node (Parser *p, const Token *t, GError **error)
{
  g_autofree char *value = fold (t->value);
  SvQueryNode *node;

  g_strstrip (value);
  switch (t->filter)
    {
      case FILTER_PERSON:
        return field_node (SV_QUERY_FIELD_PERSON, t, error);
      case FILTER_ALBUM:
        return field_node (SV_QUERY_FIELD_ALBUM, t, error);
      case FILTER_CAMERA:
        return field_node (SV_QUERY_FIELD_CAMERA, t, error);
      case FILTER_PLACE:
        return field_node (SV_QUERY_FIELD_PLACE, t, error);
      case FILTER_KEYWORD:
        return field_node (SV_QUERY_FIELD_KEYWORD, t, error);
      case FILTER_BEFORE:
      case FILTER_AFTER:
        {
          g_auto (GStrv) words = NULL;
          GDate from, to;
          guint consumed = 0;
          DateMatch match;

          if (value[0] == '\0')
            {
              g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("“%s:” needs a date after the colon, for example %s:2023-07-14"),
                           t->name, t->name);
              return NULL;
            }
          words = g_strsplit_set (value, " \t", 8);
          {
            /* Drop empty words from repeated spaces. */
            guint j = 0;

            for (guint i = 0; words[i] != NULL; i++)
              if (words[i][0] != '\0')
                words[j++] = words[i];
              else
                g_free (words[i]);
            words[j] = NULL;
          }
          g_date_clear (&from, 1);
          g_date_clear (&to, 1);
          match = match_date_words (p, words, g_strv_length (words), &consumed, &from, &to);
          if (match != DATE_YES || consumed != g_strv_length (words))
            {
              invalid_date_error (t->value, error);
              return NULL;
            }
          return t->filter == FILTER_BEFORE ? date_node (NULL, &from) : date_node (&to, NULL);
        }
      case FILTER_TYPE:
        if (strcmp (value, "photo") == 0 || strcmp (value, "photos") == 0 ||
            strcmp (value, "image") == 0 || strcmp (value, "images") == 0)
          {
            node = node_new (SV_QUERY_NODE_KIND);
            node->number = 0;
            return node;
          }
        if (strcmp (value, "video") == 0 || strcmp (value, "videos") == 0)
          {
            node = node_new (SV_QUERY_NODE_KIND);
            node->number = 1;
            return node;
          }
        g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                     _ ("Unknown type “%s”: use type:photo or type:video"), t->value);
        return NULL;
      case FILTER_IS:
        if (strcmp (value, "favorite") == 0 || strcmp (value, "favourite") == 0 ||
            strcmp (value, "favorites") == 0 || strcmp (value, "favourites") == 0 ||
            strcmp (value, "fav") == 0 || strcmp (value, "favori") == 0 ||
            strcmp (value, "favoris") == 0 || strcmp (value, "favorie") == 0)
          return node_new (SV_QUERY_NODE_FAVORITE);
        g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                     _ ("Unknown value “%s” after “%s:”: use is:favorite"), t->value, t->name);
        return NULL;
      case FILTER_HAS:
        if (strcmp (value, "gps") == 0 || strcmp (value, "location") == 0 ||
            strcmp (value, "position") == 0 || strcmp (value, "localisation") == 0)
          return node_new (SV_QUERY_NODE_HAS_GPS);
        g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                     _ ("Unknown value “%s” after “%s:”: use has:gps"), t->value, t->name);
        return NULL;
      case FILTER_RATING:
        if (strlen (value) != 1 || value[0] < '0' || value[0] > '5')
          {
            g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                         _ ("A rating is a number from 0 to 5, for example %s>=4"), t->name);
            return NULL;
          }
        node = node_new (SV_QUERY_NODE_RATING);
        node->cmp = t->cmp;
        node->number = value[0] - '0';
        return node;
      case FILTER_NONE:
      default:
        g_assert_not_reached ();
    }
  return NULL;
}

/* One term, maybe several words long (dates); NULL without an error for
 * a word that has nothing to search for ("*", "&"). */
static SvQueryNode *
parse_term (Parser *p, GError **error)
{
  Token *t = peek (p);
  SvQueryNode *node = NULL;

  if (t->filter != FILTER_NONE)
    {
      p->pos++;
      node = filter_node (p, t, error);
    }
  else if (is_plain_word (t))
    {
      char *words[4] = { NULL };
      guint n_words = 0;
      GDate from, to;
      guint consumed = 0;
      DateMatch match;

      for (guint i = p->pos; i < p->tokens->len && n_words < 3; i++)
        {
          Token *w = &g_array_index (p->tokens, Token, i);

          if (!is_plain_word (w) || (n_words > 0 && w->negated))
            break;
          words[n_words++] = w->folded;
        }
      g_date_clear (&from, 1);
      g_date_clear (&to, 1);
      match = match_date_words (p, words, n_words, &consumed, &from, &to);
      if (match == DATE_INVALID)
        {
          invalid_date_error (t->text, error);
          return NULL;
        }
      if (match == DATE_YES)
        {
          p->pos += consumed;
          node = date_node (&from, &to);
        }
      else
        {
          p->pos++;
          if (!has_alnum (t->text))
            return NULL;
          node = node_new (SV_QUERY_NODE_TEXT);
          node->text = g_strdup (t->text);
          node->prefix = TRUE;
        }
    }
  else
    {
      p->pos++;
      if (!has_alnum (t->text))
        return NULL;
      node = node_new (SV_QUERY_NODE_TEXT);
      node->text = g_strdup (t->text);
      node->prefix = FALSE;
    }
  if (node != NULL && t->negated)
    node = node_not (node);
  return node;
}

static SvQueryNode *
simplify (SvQueryNode *node)
{
  if ((node->type == SV_QUERY_NODE_AND || node->type == SV_QUERY_NODE_OR) &&
      node->children->len == 1)
    {
      SvQueryNode *child = g_ptr_array_steal_index (node->children, 0);

      sv_query_node_free (node);
      return child;
    }
  return node;
}

static SvQueryNode *
parse_and (Parser *p, GError **error)
{
  g_autoptr (SvQueryNode) node = node_new (SV_QUERY_NODE_AND);
  Token *t;

  while ((t = peek (p)) != NULL && t->type != TOK_RPAREN && t->type != TOK_OR)
    {
      SvQueryNode *child;

      if (t->type == TOK_LPAREN)
        {
          gboolean negated = t->negated;

          if (++p->depth > SV_QUERY_MAX_DEPTH)
            {
              set_invalid (error, _ ("The search has too many nested parentheses"));
              return NULL;
            }
          p->pos++;
          child = parse_or (p, error);
          if (child == NULL)
            return NULL;
          t = peek (p);
          if (t == NULL || t->type != TOK_RPAREN)
            {
              sv_query_node_free (child);
              set_invalid (error, _ ("A parenthesis “(” is not closed: add a “)”"));
              return NULL;
            }
          p->pos++;
          p->depth--;
          if (negated)
            child = node_not (child);
          g_ptr_array_add (node->children, child);
          continue;
        }

      child = parse_term (p, error);
      if (child == NULL)
        {
          if (error != NULL && *error != NULL)
            return NULL;
          continue;
        }
      g_ptr_array_add (node->children, child);
    }
  return simplify (g_steal_pointer (&node));
}

static gboolean
is_empty_and (const SvQueryNode *node)
{
  return node->type == SV_QUERY_NODE_AND && node->children->len == 0;
}

static SvQueryNode *
parse_or (Parser *p, GError **error)
{
  g_autoptr (SvQueryNode) first = parse_and (p, error);
  g_autoptr (SvQueryNode) node = NULL;
  Token *t;

  if (first == NULL)
    return NULL;
  t = peek (p);
  if (t == NULL || t->type != TOK_OR)
    return g_steal_pointer (&first);

  node = node_new (SV_QUERY_NODE_OR);
  if (is_empty_and (first))
    {
      set_invalid (error, _ ("“OR” needs something to search for on both sides"));
      return NULL;
    }
  g_ptr_array_add (node->children, g_steal_pointer (&first));
  while ((t = peek (p)) != NULL && t->type == TOK_OR)
    {
      SvQueryNode *next;

      p->pos++;
      next = parse_and (p, error);
      if (next == NULL)
        return NULL;
      if (is_empty_and (next))
        {
          sv_query_node_free (next);
          set_invalid (error, _ ("“OR” needs something to search for on both sides"));
          return NULL;
        }
      g_ptr_array_add (node->children, next);
    }
  return g_steal_pointer (&node);
}

SvQueryNode *
sv_query_parse (const char *text, gssize length, const SvQueryParseOptions *options, GError **error)
{
  g_autoptr (GArray) tokens = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (SvQueryNode) node = NULL;
  Parser p = { 0 };
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > SV_QUERY_MAX_LENGTH)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The search is too long (at most %d characters)"), SV_QUERY_MAX_LENGTH);
      return NULL;
    }
  if (len > 0 && (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL)))
    {
      set_invalid (error, _ ("The search contains characters that are not text"));
      return NULL;
    }

  tokens = lex (text ? text : "", len, error);
  if (tokens == NULL)
    return NULL;

  p.tokens = tokens;
  p.order = options ? options->date_order : sv_query_date_order_from_locale ();
  now = options && options->now ? g_date_time_ref (options->now) : g_date_time_new_now_local ();
  g_date_clear (&p.today, 1);
  g_date_set_dmy (&p.today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));

  node = parse_or (&p, error);
  if (node == NULL)
    return NULL;
  if (p.pos < tokens->len)
    {
      /* parse_or stops only at a ")" it did not open. */
      set_invalid (error, _ ("There is a “)” without a “(” before it"));
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* ---- printing ---- */

static void
append_node (GString *s, const SvQueryNode *node)
{
  static const char *const fields[] = { "person", "album", "camera", "place", "keyword" };
  static const char *const cmps[] = { "=", "<", "<=", ">", ">=" };

  switch (node->type)
    {
      case SV_QUERY_NODE_AND:
      case SV_QUERY_NODE_OR:
      case SV_QUERY_NODE_NOT:
        g_string_append (s, node->type == SV_QUERY_NODE_AND  ? "(and"
                            : node->type == SV_QUERY_NODE_OR ? "(or"
                                                             : "(not");
        for (guint i = 0; i < node->children->len; i++)
          {
            g_string_append_c (s, ' ');
            append_node (s, node->children->pdata[i]);
          }
        g_string_append_c (s, ')');
        break;
      case SV_QUERY_NODE_TEXT:
        g_string_append_printf (s, "(text \"%s\"%s)", node->text, node->prefix ? "*" : "");
        break;
      case SV_QUERY_NODE_FIELD:
        g_string_append_printf (s, "(%s \"%s\"%s)", fields[node->field], node->text,
                                node->prefix ? "*" : "");
        break;
      case SV_QUERY_NODE_DATE:
        g_string_append_printf (s, "(date %s %s)", node->date_from ? node->date_from : "-",
                                node->date_to ? node->date_to : "-");
        break;
      case SV_QUERY_NODE_KIND:
        g_string_append (s, node->number == 1 ? "(type video)" : "(type photo)");
        break;
      case SV_QUERY_NODE_FAVORITE:
        g_string_append (s, "(favorite)");
        break;
      case SV_QUERY_NODE_HAS_GPS:
        g_string_append (s, "(gps)");
        break;
      case SV_QUERY_NODE_RATING:
        g_string_append_printf (s, "(rating %s %d)", cmps[node->cmp], node->number);
        break;
      default:
        g_assert_not_reached ();
    }
}

char *
sv_query_node_to_string (const SvQueryNode *node)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  append_node (s, node);
  return g_string_free (s, FALSE);
}
