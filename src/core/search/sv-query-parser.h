/* sv-query-parser.h: the search language, text → syntax tree (pure: no
 * SQL, no catalogue). The language is described for users in
 * docs/search.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest query accepted, in bytes; at most 2 × SV_QUERY_MAX_TERMS words,
 * parentheses and operators; nesting depth. */
#define SV_QUERY_MAX_LENGTH 1000
#define SV_QUERY_MAX_TERMS 64
#define SV_QUERY_MAX_DEPTH 16

typedef enum
{
  SV_QUERY_NODE_AND,      /* children; none: everything */
  SV_QUERY_NODE_OR,       /* children (at least 2) */
  SV_QUERY_NODE_NOT,      /* one child */
  SV_QUERY_NODE_TEXT,     /* free text: text, prefix */
  SV_QUERY_NODE_FIELD,    /* field, text, prefix */
  SV_QUERY_NODE_DATE,     /* date_from (inclusive), date_to (exclusive), either NULL */
  SV_QUERY_NODE_KIND,     /* number: SvMediaKind */
  SV_QUERY_NODE_FAVORITE, /* is:favorite */
  SV_QUERY_NODE_HAS_GPS,  /* has:gps */
  SV_QUERY_NODE_RATING,   /* cmp, number (0..5; no rating counts as 0) */
} SvQueryNodeType;

typedef enum
{
  SV_QUERY_FIELD_PERSON,
  SV_QUERY_FIELD_ALBUM,
  SV_QUERY_FIELD_CAMERA,
  SV_QUERY_FIELD_PLACE,
  SV_QUERY_FIELD_KEYWORD,
} SvQueryField;

typedef enum
{
  SV_QUERY_CMP_EQ,
  SV_QUERY_CMP_LT,
  SV_QUERY_CMP_LE,
  SV_QUERY_CMP_GT,
  SV_QUERY_CMP_GE,
} SvQueryCmp;

typedef struct _SvQueryNode SvQueryNode;

struct _SvQueryNode
{
  SvQueryNodeType type;
  GPtrArray *children; /* of SvQueryNode, AND/OR/NOT only */
  char *text;          /* TEXT, FIELD: as typed (UTF-8, trimmed) */
  gboolean prefix;     /* TEXT, FIELD: the last word may be the start of a word */
  SvQueryField field;
  char *date_from; /* "YYYY-MM-DD" */
  char *date_to;
  SvQueryCmp cmp;
  int number;
};

/* Which numeric dates the user writes: 14/07/2024 (day first), 07/14/2024
 * (month first). ISO 2024-07-14 is always understood. */
typedef enum
{
  SV_DATE_ORDER_DMY,
  SV_DATE_ORDER_MDY,
} SvDateOrder;

typedef struct
{
  SvDateOrder date_order;
  /* "Today" for relative dates (yesterday, last week); NULL: now, local. */
  GDateTime *now;
} SvQueryParseOptions;

/* From the LC_TIME locale's date format (nl_langinfo (D_FMT)). */
SvDateOrder
sv_query_date_order_from_locale (void);

/* @length -1: NUL-terminated. @options NULL: the locale's order, now.
 * SV_ERROR_INVALID_ARGUMENT with a message for people on a malformed
 * query. */
SvQueryNode *
sv_query_parse (const char *text,
                gssize length,
                const SvQueryParseOptions *options,
                GError **error);
void
sv_query_node_free (SvQueryNode *node);
/* A compact form for tests and debugging: (and (text "plage"*) (date 2023-07-01 2023-08-01)) */
char *
sv_query_node_to_string (const SvQueryNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvQueryNode, sv_query_node_free)

G_END_DECLS
