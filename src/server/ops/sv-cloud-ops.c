/* sv-cloud-ops.c: operations engine of souvenir-cloud
 *
 * State tables hold the current winner of every field (value + clock), so an
 * op is applied in O(fields) and in any order the result is the same:
 *  - item_field: per-field last writer wins by the canonical HLC string (which
 *    sorts by wall, counter, then node id); equal clocks fall back to the
 *    bytewise larger canonical value so the order stays total;
 *  - item_keyword / album_member: one row per element with the latest add and
 *    the latest remove clock; present iff add > remove;
 *  - item.purge and album.delete are absorbing tombstones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-ops"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-cloud-ops.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-hlc.h"
#include "sv-json.h"

#define OPS_SCHEMA_VERSION 1

#define MAX_CAPTION_CHARS 10000
#define MAX_KEYWORD_CHARS 200
#define MAX_KEYWORDS 500
#define MAX_KEYWORD_ROWS 2000
#define MAX_NAME_CHARS 200
#define MAX_PLACE_CHARS 200
#define MAX_ORDER_ITEMS 1000
#define MAX_DIMENSION 1000000
#define MAX_UTC_OFFSET_MIN (14 * 60)
#define MIN_WALL_MS G_GINT64_CONSTANT (946684800000) /* 2000-01-01 */
#define SERVER_NODE "server"

/* Rejection codes of single ops, as strings in results (see
 * docs/protocol-ops.md); only ever append. */
typedef enum
{
  REJECT_INVALID_OP,
  REJECT_INVALID_OP_ID,
  REJECT_INVALID_HLC,
  REJECT_CLOCK_IN_FUTURE,
  REJECT_UNKNOWN_TYPE,
  REJECT_INVALID_ID,
  REJECT_INVALID_VALUE,
  REJECT_TOO_LONG,
  REJECT_TOO_MANY,
  REJECT_NOT_FOUND,
  REJECT_EXISTS,
  REJECT_PURGED,
  REJECT_ALBUM_DELETED,
  REJECT_BLOB_NOT_FOUND,
  REJECT_KIND_MISMATCH,
  REJECT_QUOTA_EXCEEDED,
  REJECT_BLOB_REJECTED,
} RejectCode;

static const char *const reject_code_names[] = {
  "invalid_op",     "invalid_op_id", "invalid_hlc",   "clock_in_future", "unknown_type",
  "invalid_id",     "invalid_value", "too_long",      "too_many",        "not_found",
  "exists",         "purged",        "album_deleted", "blob_not_found",  "kind_mismatch",
  "quota_exceeded", "blob_rejected",
};

static GQuark
reject_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("sv-cloud-ops-reject-quark");
  return q;
}
#define REJECT (reject_quark ())

typedef struct
{
  sqlite3 *db;
  GHashTable *stmts; /* SQL text → sqlite3_stmt */
  gint64 account_id;
  gint64 now_usec;
  const SvCloudOpsHooks *hooks;
} Ctx;

typedef enum
{
  TARGET_ITEM,
  TARGET_ALBUM,
  TARGET_PERSON,
} TargetKind;

typedef struct
{
  const char *type;
  TargetKind target;
} OpType;

static const OpType op_types[] = {
  { "item.create", TARGET_ITEM },      { "item.set", TARGET_ITEM },
  { "item.keyword.add", TARGET_ITEM }, { "item.keyword.remove", TARGET_ITEM },
  { "item.trash", TARGET_ITEM },       { "item.restore", TARGET_ITEM },
  { "item.purge", TARGET_ITEM },       { "album.create", TARGET_ALBUM },
  { "album.rename", TARGET_ALBUM },    { "album.delete", TARGET_ALBUM },
  { "album.add", TARGET_ALBUM },       { "album.remove", TARGET_ALBUM },
  { "album.order", TARGET_ALBUM },     { "person.name", TARGET_PERSON },
};

/* ---- SQL helpers ------------------------------------------------------- */

static void
set_db_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, SV_ERROR, SV_ERROR_DATABASE, _ ("Database error while %s: %s"), what,
               sqlite3_errmsg (db));
}

static void
stmt_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ctx_init (Ctx *ctx, sqlite3 *db, gint64 account_id)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->db = db;
  ctx->account_id = account_id;
  ctx->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, stmt_free);
  ctx->now_usec = g_get_real_time ();
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_pointer (&ctx->stmts, g_hash_table_unref);
}

/* Returns a cached, reset statement for @sql (a string literal). */
static sqlite3_stmt *
ctx_prepare (Ctx *ctx, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (ctx->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (ctx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (error, ctx->db, _ ("preparing a statement"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (ctx->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* SQLITE_ROW or SQLITE_DONE, or -1 with @error set. */
static int
step (Ctx *ctx, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  set_db_error (error, ctx->db, _ ("updating the catalogue"));
  sqlite3_reset (stmt);
  return -1;
}

/* Runs a statement to completion. */
static gboolean
run (Ctx *ctx, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  while ((rc = step (ctx, stmt, error)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Runs every statement of @sql (constant text, no parameters). */
static gboolean
exec_script (sqlite3 *db, const char *sql, GError **error)
{
  const char *tail = sql;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *next = NULL;
      int rc;

      if (sqlite3_prepare_v2 (db, tail, -1, &stmt, &next) != SQLITE_OK)
        {
          set_db_error (error, db, _ ("preparing a statement"));
          return FALSE;
        }
      if (stmt == NULL) /* only whitespace or comments left */
        break;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, db, _ ("updating the catalogue"));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sqlite3_finalize (stmt);
      tail = next;
    }
  return TRUE;
}

/* Opens a transaction, or a savepoint when the caller already has one open. */
static gboolean
begin (sqlite3 *db, gboolean *nested, GError **error)
{
  *nested = !sqlite3_get_autocommit (db);
  return exec_script (db, *nested ? "SAVEPOINT sv_cloud_ops" : "BEGIN IMMEDIATE", error);
}

static gboolean
commit (sqlite3 *db, gboolean nested, GError **error)
{
  return exec_script (db, nested ? "RELEASE sv_cloud_ops" : "COMMIT", error);
}

static void
rollback (sqlite3 *db, gboolean nested)
{
  if (nested)
    exec_script (db, "ROLLBACK TO sv_cloud_ops; RELEASE sv_cloud_ops", NULL);
  else if (!sqlite3_get_autocommit (db))
    exec_script (db, "ROLLBACK", NULL);
}

static const char *
column_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

/* Runs a parameterless statement through the cache. */
static gboolean
ctx_exec (Ctx *ctx, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (ctx, sql, error);

  return stmt != NULL && run (ctx, stmt, error);
}

/* ---- schema ------------------------------------------------------------ */

static const char schema_v1[] =
    "CREATE TABLE ops_log ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  account_id INTEGER NOT NULL,"
    "  op_id TEXT NOT NULL,"
    "  device TEXT,"
    "  received_usec INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  UNIQUE (account_id, op_id));"
    "CREATE INDEX ops_log_account_seq ON ops_log (account_id, seq);"
    "CREATE TABLE item_state ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL,"
    "  uuid TEXT NOT NULL,"
    "  created_hlc TEXT NOT NULL,"
    "  blob TEXT,"
    "  kind TEXT NOT NULL,"
    "  copy TEXT NOT NULL,"
    "  width INTEGER NOT NULL DEFAULT 0,"
    "  height INTEGER NOT NULL DEFAULT 0,"
    "  purged INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (account_id, uuid));"
    "CREATE INDEX item_state_live_blob ON item_state (blob, account_id) WHERE purged = 0;"
    "CREATE TABLE item_field ("
    "  item INTEGER NOT NULL REFERENCES item_state (id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  hlc TEXT NOT NULL,"
    "  PRIMARY KEY (item, field)) WITHOUT ROWID;"
    "CREATE INDEX item_field_by_value ON item_field (field, value, hlc);"
    "CREATE TABLE item_keyword ("
    "  item INTEGER NOT NULL REFERENCES item_state (id) ON DELETE CASCADE,"
    "  keyword TEXT NOT NULL,"
    "  add_hlc TEXT NOT NULL DEFAULT '',"
    "  remove_hlc TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (item, keyword)) WITHOUT ROWID;"
    "CREATE TABLE album_state ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL,"
    "  uuid TEXT NOT NULL,"
    "  created_hlc TEXT NOT NULL,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  name_hlc TEXT NOT NULL DEFAULT '',"
    "  deleted INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (account_id, uuid));"
    "CREATE TABLE album_member ("
    "  album INTEGER NOT NULL REFERENCES album_state (id) ON DELETE CASCADE,"
    "  item INTEGER NOT NULL REFERENCES item_state (id) ON DELETE CASCADE,"
    "  add_hlc TEXT NOT NULL DEFAULT '',"
    "  remove_hlc TEXT NOT NULL DEFAULT '',"
    "  position REAL,"
    "  position_hlc TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (album, item)) WITHOUT ROWID;"
    "CREATE INDEX album_member_item ON album_member (item);"
    "CREATE TABLE ops_person ("
    "  account_id INTEGER NOT NULL,"
    "  uuid TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  name_hlc TEXT NOT NULL,"
    "  PRIMARY KEY (account_id, uuid)) WITHOUT ROWID;"
    "CREATE TABLE ops_orphan_blob (sha256 TEXT PRIMARY KEY) WITHOUT ROWID;";

gboolean
sv_cloud_ops_migrate (sqlite3 *db, GError **error)
{
  Ctx ctx;
  sqlite3_stmt *stmt;
  gint64 version = 0;
  gboolean nested = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (db, &nested, error))
    return FALSE;

  ctx_init (&ctx, db, 0);
  if (!exec_script (db,
                    "CREATE TABLE IF NOT EXISTS ops_meta ("
                    "  key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
                    error))
    goto out;
  stmt = ctx_prepare (&ctx, "SELECT value FROM ops_meta WHERE key = 'schema_version'", error);
  if (stmt == NULL)
    goto out;
  rc = step (&ctx, stmt, error);
  if (rc < 0)
    goto out;
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (version > OPS_SCHEMA_VERSION)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE,
                   _ ("The server database was written by a newer version of Souvenir (operations "
                      "schema %lld, this version knows %d)"),
                   (long long) version, OPS_SCHEMA_VERSION);
      goto out;
    }
  if (version < 1 && !exec_script (db, schema_v1, error))
    goto out;

  stmt = ctx_prepare (&ctx,
                      "INSERT INTO ops_meta (key, value) VALUES ('schema_version', ?1) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, OPS_SCHEMA_VERSION);
  if (!run (&ctx, stmt, error))
    goto out;
  ok = TRUE;

out:
  ctx_clear (&ctx);
  if (ok)
    ok = commit (db, nested, error);
  if (!ok)
    rollback (db, nested);
  return ok;
}

/* ---- validation -------------------------------------------------------- */

static gboolean
reject (GError **error, RejectCode code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
reject (GError **error, RejectCode code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (REJECT, (gint) code, format, args);
  va_end (args);
  return FALSE;
}

/* Lower-cases a canonical 8-4-4-4-12 hex UUID into @out (37 bytes). */
static gboolean
parse_uuid (const char *str, char out[37])
{
  if (str == NULL || strnlen (str, 37) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
          out[i] = '-';
        }
      else
        {
          if (!g_ascii_isxdigit (str[i]))
            return FALSE;
          out[i] = g_ascii_tolower (str[i]);
        }
    }
  out[36] = '\0';
  return TRUE;
}

static JsonNode *
member (JsonObject *obj, const char *name)
{
  return json_object_has_member (obj, name) ? json_object_get_member (obj, name) : NULL;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

/* Integer member: JSON integers only. */
static gboolean
node_get_int (JsonNode *node, gint64 *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* Number member (integer or finite double). */
static gboolean
node_get_number (JsonNode *node, double *out)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

static gboolean
node_get_bool (JsonNode *node, gboolean *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Required UUID member @name of @op into @out. */
static gboolean
get_uuid_member (JsonObject *op, const char *name, char out[37], GError **error)
{
  JsonNode *node = member (op, name);

  if (node == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), name);
  if (!node_is_string (node) || !parse_uuid (json_node_get_string (node), out))
    return reject (error, REJECT_INVALID_ID, _ ("The “%s” member is not a valid UUID"), name);
  return TRUE;
}

/* Checks that @str is at most @max characters and has no control characters
 * other than newline and tab (@multiline). */
static gboolean
check_text (const char *what, const char *str, glong max, gboolean multiline, GError **error)
{
  glong n = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n > max)
        return reject (error, REJECT_TOO_LONG, _ ("The “%s” value is longer than %ld characters"),
                       what, max);
      if (g_unichar_iscntrl (c) && !(multiline && (c == '\n' || c == '\t')))
        return reject (error, REJECT_INVALID_VALUE,
                       _ ("The “%s” value contains control characters"), what);
    }
  return TRUE;
}

/* Validates a string member; returns a newly allocated NFC copy. */
static char *
get_text (JsonNode *node,
          const char *what,
          glong max,
          gboolean multiline,
          gboolean allow_empty,
          GError **error)
{
  const char *str;

  if (!node_is_string (node))
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The “%s” value must be a string"), what);
      return NULL;
    }
  str = json_node_get_string (node);
  /* json-glib guarantees UTF-8 from text, but the node may come from code. */
  if (!g_utf8_validate (str, -1, NULL))
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The “%s” value is not valid UTF-8"), what);
      return NULL;
    }
  if (!check_text (what, str, max, multiline, error))
    return NULL;
  if (!allow_empty && *str == '\0')
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The “%s” value is empty"), what);
      return NULL;
    }
  return g_utf8_normalize (str, -1, G_NORMALIZE_NFC);
}

static gboolean
parse_fixed_digits (const char *s, guint n, int *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM:SS" with an optional ".f" (1..9 digits): local wall time. */
static gboolean
taken_at_is_valid (const char *s)
{
  int y, mo, d, h, mi, sec;
  gsize len = strnlen (s, 30);

  if (len < 19 || len > 29)
    return FALSE;
  if (!parse_fixed_digits (s, 4, &y) || s[4] != '-' || !parse_fixed_digits (s + 5, 2, &mo) ||
      s[7] != '-' || !parse_fixed_digits (s + 8, 2, &d) || s[10] != 'T' ||
      !parse_fixed_digits (s + 11, 2, &h) || s[13] != ':' || !parse_fixed_digits (s + 14, 2, &mi) ||
      s[16] != ':' || !parse_fixed_digits (s + 17, 2, &sec))
    return FALSE;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || !g_date_valid_dmy (d, mo, y) || h > 23 || mi > 59 ||
      sec > 60)
    return FALSE;
  if (len == 19)
    return TRUE;
  if (s[19] != '.' || len == 20)
    return FALSE;
  for (gsize i = 20; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static char *
node_to_canonical (JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* Place: null, or {"latitude", "longitude", "altitude"?, "country_code"?,
 * "country"?, "region"?, "city"?}. Returns a canonical node. */
static JsonNode *
validate_place (JsonNode *node, GError **error)
{
  static const char *const text_members[] = { "country", "region", "city" };
  g_autoptr (JsonBuilder) b = NULL;
  JsonObject *obj;
  double lat, lon, alt;
  JsonNode *n;

  if (node_is_null (node))
    return json_node_new (JSON_NODE_NULL);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The place must be an object or null"));
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!node_get_number (member (obj, "latitude"), &lat) || lat < -90.0 || lat > 90.0)
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The latitude must be a number from -90 to 90"));
      return NULL;
    }
  if (!node_get_number (member (obj, "longitude"), &lon) || lon < -180.0 || lon > 180.0)
    {
      reject (error, REJECT_INVALID_VALUE, _ ("The longitude must be a number from -180 to 180"));
      return NULL;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  sv_json_builder_add_double (b, "latitude", lat);
  sv_json_builder_add_double (b, "longitude", lon);

  n = member (obj, "altitude");
  if (n != NULL && !node_is_null (n))
    {
      if (!node_get_number (n, &alt) || alt < -20000.0 || alt > 100000.0)
        {
          reject (error, REJECT_INVALID_VALUE,
                  _ ("The altitude must be a number of metres from -20000 to 100000"));
          return NULL;
        }
      sv_json_builder_add_double (b, "altitude", alt);
    }

  n = member (obj, "country_code");
  if (n != NULL && !node_is_null (n))
    {
      const char *cc = node_is_string (n) ? json_node_get_string (n) : NULL;

      if (cc == NULL || strlen (cc) != 2 || !g_ascii_isupper (cc[0]) || !g_ascii_isupper (cc[1]))
        {
          reject (error, REJECT_INVALID_VALUE,
                  _ ("The country code must be two upper-case letters"));
          return NULL;
        }
      sv_json_builder_add_string (b, "country_code", cc);
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_members); i++)
    {
      g_autofree char *text = NULL;

      n = member (obj, text_members[i]);
      if (n == NULL || node_is_null (n))
        continue;
      text = get_text (n, text_members[i], MAX_PLACE_CHARS, FALSE, TRUE, error);
      if (text == NULL)
        return NULL;
      sv_json_builder_add_string (b, text_members[i], text);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* One validated field write: name + canonical JSON value. */
typedef struct
{
  const char *field;
  char *value;
} FieldWrite;

static void
field_write_free (gpointer data)
{
  FieldWrite *fw = data;

  g_free (fw->value);
  g_free (fw);
}

static void
add_write (GPtrArray *writes, const char *field, JsonNode *value)
{
  FieldWrite *fw = g_new0 (FieldWrite, 1);

  fw->field = field;
  fw->value = node_to_canonical (value);
  g_ptr_array_add (writes, fw);
}

/* Validates a "fields" object (item.create / item.set) into @writes and adds
 * the canonical members to @canon (an open builder object). */
static gboolean
validate_fields (JsonNode *node, GPtrArray *writes, JsonBuilder *canon, GError **error)
{
  JsonObject *obj;
  JsonNode *n;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reject (error, REJECT_INVALID_OP, _ ("The “fields” member must be an object"));
  obj = json_node_get_object (node);

  json_builder_set_member_name (canon, "fields");
  json_builder_begin_object (canon);

  if ((n = member (obj, "caption")) != NULL)
    {
      g_autofree char *caption = NULL;
      g_autoptr (JsonNode) v = json_node_new (JSON_NODE_VALUE);

      if (node_is_null (n))
        caption = g_strdup ("");
      else if ((caption = get_text (n, "caption", MAX_CAPTION_CHARS, TRUE, TRUE, error)) == NULL)
        return FALSE;
      json_node_set_string (v, caption);
      add_write (writes, "caption", v);
      sv_json_builder_add_string (canon, "caption", caption);
    }

  if ((n = member (obj, "favourite")) != NULL)
    {
      gboolean fav;
      g_autoptr (JsonNode) v = json_node_new (JSON_NODE_VALUE);

      if (!node_get_bool (n, &fav))
        return reject (error, REJECT_INVALID_VALUE, _ ("“favourite” must be true or false"));
      json_node_set_boolean (v, fav);
      add_write (writes, "favourite", v);
      sv_json_builder_add_bool (canon, "favourite", fav);
    }

  if ((n = member (obj, "rating")) != NULL)
    {
      gint64 rating;
      g_autoptr (JsonNode) v = json_node_new (JSON_NODE_VALUE);

      if (!node_get_int (n, &rating) || rating < 0 || rating > 5)
        return reject (error, REJECT_INVALID_VALUE,
                       _ ("The rating must be a whole number from 0 to 5"));
      json_node_set_int (v, rating);
      add_write (writes, "rating", v);
      sv_json_builder_add_int (canon, "rating", rating);
    }

  n = member (obj, "taken_at");
  if (n != NULL)
    {
      JsonNode *off = member (obj, "utc_offset");
      const char *taken = NULL;
      gint64 offset = 0;
      gboolean has_offset = FALSE;
      g_autoptr (JsonBuilder) vb = json_builder_new ();
      g_autoptr (JsonNode) v = NULL;

      if (!node_is_null (n))
        {
          if (!node_is_string (n) || !taken_at_is_valid (json_node_get_string (n)))
            return reject (error, REJECT_INVALID_VALUE,
                           _ ("The date must look like 2024-07-14T15:30:00"));
          taken = json_node_get_string (n);
        }
      if (off != NULL && !node_is_null (off))
        {
          if (!node_get_int (off, &offset) || offset < -MAX_UTC_OFFSET_MIN ||
              offset > MAX_UTC_OFFSET_MIN)
            return reject (error, REJECT_INVALID_VALUE,
                           _ ("The UTC offset must be a whole number of minutes from -840 to 840"));
          has_offset = TRUE;
        }
      if (taken == NULL && has_offset)
        return reject (error, REJECT_INVALID_VALUE, _ ("A UTC offset needs a date"));

      json_builder_begin_object (vb);
      json_builder_set_member_name (vb, "taken_at");
      if (taken != NULL)
        json_builder_add_string_value (vb, taken);
      else
        json_builder_add_null_value (vb);
      json_builder_set_member_name (vb, "utc_offset");
      if (has_offset)
        json_builder_add_int_value (vb, offset);
      else
        json_builder_add_null_value (vb);
      json_builder_end_object (vb);
      v = json_builder_get_root (vb);
      add_write (writes, "date", v);

      json_builder_set_member_name (canon, "taken_at");
      if (taken != NULL)
        json_builder_add_string_value (canon, taken);
      else
        json_builder_add_null_value (canon);
      json_builder_set_member_name (canon, "utc_offset");
      if (has_offset)
        json_builder_add_int_value (canon, offset);
      else
        json_builder_add_null_value (canon);
    }
  else if (member (obj, "utc_offset") != NULL)
    {
      return reject (error, REJECT_INVALID_VALUE, _ ("A UTC offset needs a date"));
    }

  if ((n = member (obj, "place")) != NULL)
    {
      g_autoptr (JsonNode) v = validate_place (n, error);

      if (v == NULL)
        return FALSE;
      add_write (writes, "place", v);
      json_builder_set_member_name (canon, "place");
      json_builder_add_value (canon, json_node_copy (v));
    }

  json_builder_end_object (canon);
  return TRUE;
}

/* ---- state access ------------------------------------------------------ */

typedef struct
{
  gint64 id;
  gboolean purged;
  char *blob;
} ItemRow;

/* Looks up the item @uuid of the account: TRUE + *found. */
static gboolean
find_item (Ctx *ctx, const char *uuid, gboolean *found, ItemRow *row, GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (
      ctx, "SELECT id, purged, blob FROM item_state WHERE account_id = ?1 AND uuid = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  rc = step (ctx, stmt, error);
  if (rc < 0)
    return FALSE;
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      row->id = sqlite3_column_int64 (stmt, 0);
      row->purged = sqlite3_column_int (stmt, 1) != 0;
      row->blob = g_strdup (column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The live (created, not purged) item @uuid, or a rejection. */
static gboolean
require_live_item (Ctx *ctx, const char *uuid, gint64 *id, GError **error)
{
  ItemRow row = { 0 };
  gboolean found = FALSE;

  if (!find_item (ctx, uuid, &found, &row, error))
    return FALSE;
  g_free (row.blob);
  if (!found)
    return reject (error, REJECT_NOT_FOUND, _ ("There is no item %s in this account"), uuid);
  if (row.purged)
    return reject (error, REJECT_PURGED, _ ("The item %s was deleted permanently"), uuid);
  *id = row.id;
  return TRUE;
}

static gboolean
require_live_album (Ctx *ctx, const char *uuid, gint64 *id, GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (
      ctx, "SELECT id, deleted FROM album_state WHERE account_id = ?1 AND uuid = ?2", error);
  gboolean deleted;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  rc = step (ctx, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return reject (error, REJECT_NOT_FOUND, _ ("There is no album %s in this account"), uuid);
  *id = sqlite3_column_int64 (stmt, 0);
  deleted = sqlite3_column_int (stmt, 1) != 0;
  sqlite3_reset (stmt);
  if (deleted)
    return reject (error, REJECT_ALBUM_DELETED, _ ("The album %s was deleted"), uuid);
  return TRUE;
}

/* Per-field LWW write: the later clock wins; on equal clocks the bytewise
 * larger value, so every delivery order picks the same winner. */
static gboolean
write_field (Ctx *ctx,
             gint64 item,
             const char *field,
             const char *value,
             const char *hlc,
             GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (
      ctx,
      "INSERT INTO item_field (item, field, value, hlc) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (item, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc "
      "WHERE excluded.hlc > item_field.hlc "
      "   OR (excluded.hlc = item_field.hlc AND excluded.value > item_field.value)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
write_fields (Ctx *ctx, gint64 item, GPtrArray *writes, const char *hlc, GError **error)
{
  for (guint i = 0; i < writes->len; i++)
    {
      FieldWrite *fw = g_ptr_array_index (writes, i);

      if (!write_field (ctx, item, fw->field, fw->value, hlc, error))
        return FALSE;
    }
  return TRUE;
}

/* Keyword add (@add) or remove at @hlc; the limit applies to adds of a
 * keyword that is not present yet. */
static gboolean
write_keyword (Ctx *ctx,
               gint64 item,
               const char *keyword,
               gboolean add,
               const char *hlc,
               GError **error)
{
  sqlite3_stmt *stmt;
  gint64 present = 0, rows = 0;
  gboolean exists = FALSE, is_present = FALSE;
  int rc;

  stmt = ctx_prepare (ctx,
                      "SELECT add_hlc > remove_hlc FROM item_keyword "
                      "WHERE item = ?1 AND keyword = ?2",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item);
  sqlite3_bind_text (stmt, 2, keyword, -1, SQLITE_STATIC);
  if ((rc = step (ctx, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      is_present = sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_reset (stmt);

  if (add && !is_present)
    {
      stmt = ctx_prepare (ctx,
                          "SELECT count(*), coalesce(sum(add_hlc > remove_hlc), 0) "
                          "FROM item_keyword WHERE item = ?1",
                          error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item);
      if (step (ctx, stmt, error) != SQLITE_ROW)
        return FALSE;
      rows = sqlite3_column_int64 (stmt, 0);
      present = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
      if (present >= MAX_KEYWORDS || (!exists && rows >= MAX_KEYWORD_ROWS))
        return reject (error, REJECT_TOO_MANY, _ ("An item can have at most %d keywords"),
                       MAX_KEYWORDS);
    }
  else if (!add && !exists)
    {
      stmt = ctx_prepare (ctx, "SELECT count(*) FROM item_keyword WHERE item = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item);
      if (step (ctx, stmt, error) != SQLITE_ROW)
        return FALSE;
      rows = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rows >= MAX_KEYWORD_ROWS)
        return reject (error, REJECT_TOO_MANY, _ ("An item can have at most %d keywords"),
                       MAX_KEYWORDS);
    }

  if (add)
    stmt = ctx_prepare (ctx,
                        "INSERT INTO item_keyword (item, keyword, add_hlc) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (item, keyword) DO UPDATE "
                        "SET add_hlc = max(item_keyword.add_hlc, excluded.add_hlc)",
                        error);
  else
    stmt = ctx_prepare (ctx,
                        "INSERT INTO item_keyword (item, keyword, remove_hlc) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (item, keyword) DO UPDATE "
                        "SET remove_hlc = max(item_keyword.remove_hlc, excluded.remove_hlc)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item);
  sqlite3_bind_text (stmt, 2, keyword, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
queue_orphan_blob (Ctx *ctx, const char *sha256, GError **error)
{
  sqlite3_stmt *stmt;

  if (sha256 == NULL)
    return TRUE;
  stmt = ctx_prepare (ctx, "INSERT OR IGNORE INTO ops_orphan_blob (sha256) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

/* Turns item @id into a tombstone: fields, keywords and memberships go, the
 * row stays (purged = 1) so later ops on it are refused; its blob is queued
 * for the orphan check. */
static gboolean
purge_item (Ctx *ctx, gint64 id, const char *blob, GError **error)
{
  static const char *const sqls[] = {
    "DELETE FROM item_field WHERE item = ?1",
    "DELETE FROM item_keyword WHERE item = ?1",
    "DELETE FROM album_member WHERE item = ?1",
    "UPDATE item_state SET purged = 1, blob = NULL, width = 0, height = 0 WHERE id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sqls); i++)
    {
      sqlite3_stmt *stmt = ctx_prepare (ctx, sqls[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!run (ctx, stmt, error))
        return FALSE;
    }
  return queue_orphan_blob (ctx, blob, error);
}

/* Membership add/remove of @item in @album. */
static gboolean
write_member (Ctx *ctx, gint64 album, gint64 item, gboolean add, const char *hlc, GError **error)
{
  sqlite3_stmt *stmt;

  if (add)
    stmt = ctx_prepare (ctx,
                        "INSERT INTO album_member (album, item, add_hlc) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (album, item) DO UPDATE "
                        "SET add_hlc = max(album_member.add_hlc, excluded.add_hlc)",
                        error);
  else
    stmt = ctx_prepare (ctx,
                        "INSERT INTO album_member (album, item, remove_hlc) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (album, item) DO UPDATE "
                        "SET remove_hlc = max(album_member.remove_hlc, excluded.remove_hlc)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album);
  sqlite3_bind_int64 (stmt, 2, item);
  sqlite3_bind_text (stmt, 3, hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
write_position (Ctx *ctx,
                gint64 album,
                gint64 item,
                double position,
                const char *hlc,
                GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (
      ctx,
      "INSERT INTO album_member (album, item, position, position_hlc) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (album, item) DO UPDATE "
      "SET position = excluded.position, position_hlc = excluded.position_hlc "
      "WHERE excluded.position_hlc > album_member.position_hlc "
      "   OR (excluded.position_hlc = album_member.position_hlc "
      "       AND excluded.position > coalesce(album_member.position, -1e308))",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, album);
  sqlite3_bind_int64 (stmt, 2, item);
  sqlite3_bind_double (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

/* ---- op handlers --------------------------------------------------------- */

typedef struct
{
  JsonObject *op;
  const char *type;
  const char *hlc; /* canonical */
  char target[37];
  JsonBuilder *canon; /* open object: op_id, hlc, type, target already added */
} Op;

static RejectCode
blob_error_code (const GError *e)
{
  if (e->domain == SV_ERROR)
    {
      switch (e->code)
        {
          case SV_ERROR_NOT_FOUND:
            return REJECT_BLOB_NOT_FOUND;
          case SV_ERROR_INVALID_ARGUMENT:
            return REJECT_KIND_MISMATCH;
          case SV_ERROR_TOO_LARGE:
          case SV_ERROR_DISK_FULL:
            return REJECT_QUOTA_EXCEEDED;
          default:
            break;
        }
    }
  return REJECT_BLOB_REJECTED;
}

static gboolean
op_item_create (Ctx *ctx, Op *op, GError **error)
{
  g_autoptr (GPtrArray) writes = g_ptr_array_new_with_free_func (field_write_free);
  g_autoptr (GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) hook_error = NULL;
  const char *blob, *kind, *copy = "original";
  gint64 width = 0, height = 0, id;
  ItemRow row = { 0 };
  gboolean found = FALSE;
  sqlite3_stmt *stmt;
  JsonNode *n;

  blob = sv_json_object_get_string (op->op, "blob");
  if (blob == NULL || !sv_sha256_hex_is_valid (blob))
    return reject (error, REJECT_INVALID_VALUE,
                   _ ("“blob” must be a SHA-256 in 64 lower-case hexadecimal digits"));
  kind = sv_json_object_get_string (op->op, "kind");
  if (kind == NULL || (strcmp (kind, "photo") != 0 && strcmp (kind, "video") != 0))
    return reject (error, REJECT_INVALID_VALUE, _ ("“kind” must be “photo” or “video”"));
  if ((n = member (op->op, "copy")) != NULL)
    {
      copy = node_is_string (n) ? json_node_get_string (n) : NULL;
      if (copy == NULL || (strcmp (copy, "original") != 0 && strcmp (copy, "space-saving") != 0))
        return reject (error, REJECT_INVALID_VALUE,
                       _ ("“copy” must be “original” or “space-saving”"));
    }
  if ((n = member (op->op, "width")) != NULL &&
      (!node_get_int (n, &width) || width < 0 || width > MAX_DIMENSION))
    return reject (error, REJECT_INVALID_VALUE,
                   _ ("The width must be a whole number from 0 to 1000000"));
  if ((n = member (op->op, "height")) != NULL &&
      (!node_get_int (n, &height) || height < 0 || height > MAX_DIMENSION))
    return reject (error, REJECT_INVALID_VALUE,
                   _ ("The height must be a whole number from 0 to 1000000"));

  sv_json_builder_add_string (op->canon, "blob", blob);
  sv_json_builder_add_string (op->canon, "kind", kind);
  sv_json_builder_add_string (op->canon, "copy", copy);
  sv_json_builder_add_int (op->canon, "width", width);
  sv_json_builder_add_int (op->canon, "height", height);

  if ((n = member (op->op, "fields")) != NULL && !validate_fields (n, writes, op->canon, error))
    return FALSE;

  if ((n = member (op->op, "keywords")) != NULL)
    {
      JsonArray *arr;
      guint len;

      if (!JSON_NODE_HOLDS_ARRAY (n))
        return reject (error, REJECT_INVALID_VALUE, _ ("“keywords” must be an array of strings"));
      arr = json_node_get_array (n);
      len = json_array_get_length (arr);
      if (len > MAX_KEYWORDS)
        return reject (error, REJECT_TOO_MANY, _ ("An item can have at most %d keywords"),
                       MAX_KEYWORDS);
      json_builder_set_member_name (op->canon, "keywords");
      json_builder_begin_array (op->canon);
      for (guint i = 0; i < len; i++)
        {
          char *kw = get_text (json_array_get_element (arr, i), "keywords", MAX_KEYWORD_CHARS,
                               FALSE, FALSE, error);

          if (kw == NULL)
            return FALSE;
          json_builder_add_string_value (op->canon, kw);
          g_ptr_array_add (keywords, kw);
        }
      json_builder_end_array (op->canon);
    }

  if (!find_item (ctx, op->target, &found, &row, error))
    return FALSE;
  g_free (row.blob);
  if (found && row.purged)
    return reject (error, REJECT_PURGED, _ ("The item %s was deleted permanently"), op->target);
  if (found)
    return reject (error, REJECT_EXISTS, _ ("The item %s already exists"), op->target);

  if (ctx->hooks != NULL && ctx->hooks->check_blob != NULL &&
      !ctx->hooks->check_blob (ctx->hooks->user_data, ctx->account_id, blob, kind, &hook_error))
    {
      if (hook_error == NULL)
        return reject (error, REJECT_BLOB_REJECTED, _ ("The server refused the file %s"), blob);
      return reject (error, blob_error_code (hook_error), "%s", hook_error->message);
    }

  stmt = ctx_prepare (ctx,
                      "INSERT INTO item_state (account_id, uuid, created_hlc, blob, kind, copy, "
                      "width, height) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op->target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, blob, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, copy, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, width);
  sqlite3_bind_int64 (stmt, 8, height);
  if (!run (ctx, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (ctx->db);

  if (!write_fields (ctx, id, writes, op->hlc, error))
    return FALSE;
  for (guint i = 0; i < keywords->len; i++)
    if (!write_keyword (ctx, id, g_ptr_array_index (keywords, i), TRUE, op->hlc, error))
      return FALSE;
  return TRUE;
}

static gboolean
op_item_set (Ctx *ctx, Op *op, GError **error)
{
  g_autoptr (GPtrArray) writes = g_ptr_array_new_with_free_func (field_write_free);
  JsonNode *n = member (op->op, "fields");
  gint64 id;

  if (n == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), "fields");
  if (!validate_fields (n, writes, op->canon, error))
    return FALSE;
  if (writes->len == 0)
    return reject (error, REJECT_INVALID_OP, _ ("The operation sets no field"));
  if (!require_live_item (ctx, op->target, &id, error))
    return FALSE;
  return write_fields (ctx, id, writes, op->hlc, error);
}

static gboolean
op_item_keyword (Ctx *ctx, Op *op, gboolean add, GError **error)
{
  g_autofree char *kw = NULL;
  JsonNode *n = member (op->op, "keyword");
  gint64 id;

  if (n == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), "keyword");
  kw = get_text (n, "keyword", MAX_KEYWORD_CHARS, FALSE, FALSE, error);
  if (kw == NULL)
    return FALSE;
  sv_json_builder_add_string (op->canon, "keyword", kw);
  if (!require_live_item (ctx, op->target, &id, error))
    return FALSE;
  return write_keyword (ctx, id, kw, add, op->hlc, error);
}

static gboolean
op_item_trash (Ctx *ctx, Op *op, gboolean trashed, GError **error)
{
  gint64 id;

  if (!require_live_item (ctx, op->target, &id, error))
    return FALSE;
  return write_field (ctx, id, "trashed", trashed ? "true" : "false", op->hlc, error);
}

static gboolean
op_item_purge (Ctx *ctx, Op *op, GError **error)
{
  ItemRow row = { 0 };
  g_autofree char *blob = NULL;
  gboolean found = FALSE;

  if (!find_item (ctx, op->target, &found, &row, error))
    return FALSE;
  blob = row.blob;
  if (!found)
    return reject (error, REJECT_NOT_FOUND, _ ("There is no item %s in this account"), op->target);
  if (row.purged)
    return reject (error, REJECT_PURGED, _ ("The item %s was deleted permanently"), op->target);
  return purge_item (ctx, row.id, blob, error);
}

static char *
get_album_name (Op *op, GError **error)
{
  JsonNode *n = member (op->op, "name");
  char *name;

  if (n == NULL)
    {
      reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), "name");
      return NULL;
    }
  name = get_text (n, "name", MAX_NAME_CHARS, FALSE, FALSE, error);
  if (name != NULL)
    sv_json_builder_add_string (op->canon, "name", name);
  return name;
}

static gboolean
op_album_create (Ctx *ctx, Op *op, GError **error)
{
  g_autofree char *name = get_album_name (op, error);
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL)
    return FALSE;
  stmt = ctx_prepare (ctx, "SELECT deleted FROM album_state WHERE account_id = ?1 AND uuid = ?2",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op->target, -1, SQLITE_STATIC);
  if ((rc = step (ctx, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      gboolean deleted = sqlite3_column_int (stmt, 0) != 0;

      sqlite3_reset (stmt);
      if (deleted)
        return reject (error, REJECT_ALBUM_DELETED, _ ("The album %s was deleted"), op->target);
      return reject (error, REJECT_EXISTS, _ ("The album %s already exists"), op->target);
    }
  sqlite3_reset (stmt);

  stmt = ctx_prepare (ctx,
                      "INSERT INTO album_state (account_id, uuid, created_hlc, name, name_hlc) "
                      "VALUES (?1, ?2, ?3, ?4, ?3)",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op->target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
op_album_rename (Ctx *ctx, Op *op, GError **error)
{
  g_autofree char *name = get_album_name (op, error);
  sqlite3_stmt *stmt;
  gint64 id;

  if (name == NULL || !require_live_album (ctx, op->target, &id, error))
    return FALSE;
  stmt = ctx_prepare (ctx,
                      "UPDATE album_state SET name = ?2, name_hlc = ?3 WHERE id = ?1 "
                      "AND (?3 > name_hlc OR (?3 = name_hlc AND ?2 > name))",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op->hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
op_album_delete (Ctx *ctx, Op *op, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (!require_live_album (ctx, op->target, &id, error))
    return FALSE;
  stmt = ctx_prepare (ctx, "DELETE FROM album_member WHERE album = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!run (ctx, stmt, error))
    return FALSE;
  stmt = ctx_prepare (ctx, "UPDATE album_state SET deleted = 1, name = '' WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return run (ctx, stmt, error);
}

static gboolean
op_album_member (Ctx *ctx, Op *op, gboolean add, GError **error)
{
  char item_uuid[37];
  gint64 album, item;

  if (!get_uuid_member (op->op, "item", item_uuid, error))
    return FALSE;
  sv_json_builder_add_string (op->canon, "item", item_uuid);
  if (!require_live_album (ctx, op->target, &album, error))
    return FALSE;
  if (!require_live_item (ctx, item_uuid, &item, error))
    return FALSE;
  return write_member (ctx, album, item, add, op->hlc, error);
}

static gboolean
op_album_order (Ctx *ctx, Op *op, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *n = member (op->op, "items");
  JsonArray *arr;
  guint len;
  gint64 album;

  if (n == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), "items");
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return reject (error, REJECT_INVALID_VALUE, _ ("“items” must be an array of item UUIDs"));
  arr = json_node_get_array (n);
  len = json_array_get_length (arr);
  if (len > MAX_ORDER_ITEMS)
    return reject (error, REJECT_TOO_MANY, _ ("An album order lists at most %d items"),
                   MAX_ORDER_ITEMS);

  json_builder_set_member_name (op->canon, "items");
  json_builder_begin_array (op->canon);
  for (guint i = 0; i < len; i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      char uuid[37];

      if (!node_is_string (e) || !parse_uuid (json_node_get_string (e), uuid))
        return reject (error, REJECT_INVALID_ID, _ ("“items” must be an array of item UUIDs"));
      if (!g_hash_table_add (seen, g_strdup (uuid)))
        return reject (error, REJECT_INVALID_VALUE, _ ("The album order lists an item twice"));
      json_builder_add_string_value (op->canon, uuid);
    }
  json_builder_end_array (op->canon);

  if (!require_live_album (ctx, op->target, &album, error))
    return FALSE;

  for (guint i = 0; i < len; i++)
    {
      const char *uuid = json_node_get_string (json_array_get_element (arr, i));
      char lower[37];
      ItemRow row = { 0 };
      gboolean found = FALSE;

      parse_uuid (uuid, lower);
      if (!find_item (ctx, lower, &found, &row, error))
        return FALSE;
      g_free (row.blob);
      /* Unknown or purged items carry no position (they can never be members). */
      if (!found || row.purged)
        continue;
      if (!write_position (ctx, album, row.id, (double) i, op->hlc, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
op_person_name (Ctx *ctx, Op *op, GError **error)
{
  JsonNode *n = member (op->op, "name");
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  if (n == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no “%s” member"), "name");
  name = get_text (n, "name", MAX_NAME_CHARS, FALSE, TRUE, error);
  if (name == NULL)
    return FALSE;
  sv_json_builder_add_string (op->canon, "name", name);
  stmt = ctx_prepare (
      ctx,
      "INSERT INTO ops_person (account_id, uuid, name, name_hlc) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (account_id, uuid) DO UPDATE SET name = excluded.name, name_hlc = "
      "excluded.name_hlc "
      "WHERE excluded.name_hlc > ops_person.name_hlc "
      "   OR (excluded.name_hlc = ops_person.name_hlc AND excluded.name > ops_person.name)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op->target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op->hlc, -1, SQLITE_STATIC);
  return run (ctx, stmt, error);
}

static gboolean
dispatch (Ctx *ctx, Op *op, GError **error)
{
  const char *t = op->type;

  if (strcmp (t, "item.create") == 0)
    return op_item_create (ctx, op, error);
  if (strcmp (t, "item.set") == 0)
    return op_item_set (ctx, op, error);
  if (strcmp (t, "item.keyword.add") == 0)
    return op_item_keyword (ctx, op, TRUE, error);
  if (strcmp (t, "item.keyword.remove") == 0)
    return op_item_keyword (ctx, op, FALSE, error);
  if (strcmp (t, "item.trash") == 0)
    return op_item_trash (ctx, op, TRUE, error);
  if (strcmp (t, "item.restore") == 0)
    return op_item_trash (ctx, op, FALSE, error);
  if (strcmp (t, "item.purge") == 0)
    return op_item_purge (ctx, op, error);
  if (strcmp (t, "album.create") == 0)
    return op_album_create (ctx, op, error);
  if (strcmp (t, "album.rename") == 0)
    return op_album_rename (ctx, op, error);
  if (strcmp (t, "album.delete") == 0)
    return op_album_delete (ctx, op, error);
  if (strcmp (t, "album.add") == 0)
    return op_album_member (ctx, op, TRUE, error);
  if (strcmp (t, "album.remove") == 0)
    return op_album_member (ctx, op, FALSE, error);
  if (strcmp (t, "album.order") == 0)
    return op_album_order (ctx, op, error);
  if (strcmp (t, "person.name") == 0)
    return op_person_name (ctx, op, error);
  g_assert_not_reached ();
  return FALSE;
}

static const char *const target_members[] = { "item", "album", "person" };

/* Appends the op to the log; returns its seq. */
static gboolean
log_op (Ctx *ctx,
        const char *op_id,
        const char *device,
        const char *body,
        gint64 *seq,
        GError **error)
{
  sqlite3_stmt *stmt = ctx_prepare (ctx,
                                    "INSERT INTO ops_log (account_id, op_id, device, "
                                    "received_usec, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                                    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op_id, -1, SQLITE_STATIC);
  if (device != NULL)
    sqlite3_bind_text (stmt, 3, device, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, ctx->now_usec);
  sqlite3_bind_text (stmt, 5, body, -1, SQLITE_STATIC);
  if (!run (ctx, stmt, error))
    return FALSE;
  *seq = sqlite3_last_insert_rowid (ctx->db);
  return TRUE;
}

/* Validates and applies one op. TRUE: applied (@seq set). FALSE with an error
 * in REJECT: rejected. FALSE with any other error: the request fails. */
static gboolean
apply_one (Ctx *ctx,
           JsonObject *obj,
           const char *op_id,
           const char *device,
           gint64 *seq,
           GError **error)
{
  g_autoptr (JsonBuilder) canon = json_builder_new ();
  g_autoptr (JsonNode) canon_root = NULL;
  g_autofree char *body = NULL;
  char hlc_buf[SV_HLC_STRING_MAX + 1];
  const OpType *type = NULL;
  const char *type_str, *hlc_str;
  SvHlc hlc;
  Op op = { 0 };

  type_str = sv_json_object_get_string (obj, "type");
  if (type_str == NULL)
    return reject (error, REJECT_INVALID_OP, _ ("The operation has no type"));
  for (guint i = 0; i < G_N_ELEMENTS (op_types); i++)
    if (strcmp (op_types[i].type, type_str) == 0)
      type = &op_types[i];
  if (type == NULL)
    return reject (error, REJECT_UNKNOWN_TYPE, _ ("Unknown operation type “%s”"),
                   strnlen (type_str, 65) > 64 ? "…" : type_str);

  hlc_str = sv_json_object_get_string (obj, "hlc");
  if (hlc_str == NULL || !sv_hlc_parse (hlc_str, &hlc))
    return reject (error, REJECT_INVALID_HLC,
                   _ ("The operation’s clock is missing or not in the expected format"));
  if (hlc.wall_ms < MIN_WALL_MS)
    return reject (error, REJECT_INVALID_HLC, _ ("The operation’s clock is before the year 2000"));
  if (hlc.wall_ms > (ctx->now_usec + SV_CLOUD_OPS_MAX_CLOCK_SKEW_USEC) / 1000)
    return reject (error, REJECT_CLOCK_IN_FUTURE,
                   _ ("The operation’s clock is more than a day ahead of the server’s; check the "
                      "device’s date and time"));
  sv_hlc_format (&hlc, hlc_buf, sizeof hlc_buf);

  op.op = obj;
  op.type = type->type;
  op.hlc = hlc_buf;
  op.canon = canon;
  if (!get_uuid_member (obj, target_members[type->target], op.target, error))
    return FALSE;

  json_builder_begin_object (canon);
  sv_json_builder_add_string (canon, "op_id", op_id);
  sv_json_builder_add_string (canon, "hlc", hlc_buf);
  sv_json_builder_add_string (canon, "type", type->type);
  sv_json_builder_add_string (canon, target_members[type->target], op.target);

  if (!dispatch (ctx, &op, error))
    return FALSE;

  json_builder_end_object (canon);
  canon_root = json_builder_get_root (canon);
  body = node_to_canonical (canon_root);
  return log_op (ctx, op_id, device, body, seq, error);
}

static gboolean
find_duplicate (Ctx *ctx, const char *op_id, gboolean *found, gint64 *seq, GError **error)
{
  sqlite3_stmt *stmt =
      ctx_prepare (ctx, "SELECT seq FROM ops_log WHERE account_id = ?1 AND op_id = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  sqlite3_bind_text (stmt, 2, op_id, -1, SQLITE_STATIC);
  if ((rc = step (ctx, stmt, error)) < 0)
    return FALSE;
  *found = rc == SQLITE_ROW;
  if (*found)
    *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
last_seq (Ctx *ctx, gint64 *seq, GError **error)
{
  sqlite3_stmt *stmt =
      ctx_prepare (ctx, "SELECT coalesce(max(seq), 0) FROM ops_log WHERE account_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ctx->account_id);
  if (step (ctx, stmt, error) != SQLITE_ROW)
    return FALSE;
  *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
add_result (JsonBuilder *b, const char *op_id, const char *status, gint64 seq, const GError *e)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op_id");
  if (op_id != NULL)
    json_builder_add_string_value (b, op_id);
  else
    json_builder_add_null_value (b);
  sv_json_builder_add_string (b, "status", status);
  if (seq > 0)
    sv_json_builder_add_int (b, "seq", seq);
  if (e != NULL)
    {
      guint code = (guint) e->code;

      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "code",
                                  code < G_N_ELEMENTS (reject_code_names) ? reject_code_names[code]
                                                                          : "invalid_op");
      sv_json_builder_add_string (b, "message", e->message);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static gint64
hooks_now (const SvCloudOpsHooks *hooks)
{
  if (hooks != NULL && hooks->now_usec != NULL)
    return hooks->now_usec (hooks->user_data);
  return g_get_real_time ();
}

JsonNode *
sv_cloud_ops_apply (sqlite3 *db,
                    gint64 account_id,
                    const char *device_id,
                    JsonArray *ops,
                    const SvCloudOpsHooks *hooks,
                    GError **error)
{
  g_autoptr (JsonBuilder) b = NULL;
  JsonNode *result = NULL;
  gboolean nested = FALSE;
  gint64 seq_max = 0;
  guint n;
  Ctx ctx;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (ops == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The request must contain an array of operations"));
      return NULL;
    }
  n = json_array_get_length (ops);
  if (n > SV_CLOUD_OPS_MAX_BATCH)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("Too many operations in one request (%u, at most %d)"), n,
                   SV_CLOUD_OPS_MAX_BATCH);
      return NULL;
    }
  if (account_id <= 0)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Invalid account"));
      return NULL;
    }

  if (!begin (db, &nested, error))
    return NULL;
  ctx_init (&ctx, db, account_id);
  ctx.hooks = hooks;
  ctx.now_usec = hooks_now (hooks);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (ops, i);
      g_autoptr (GError) local_error = NULL;
      JsonObject *obj;
      const char *op_id_raw;
      char op_id[37];
      gboolean dup = FALSE;
      gint64 seq = 0;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          reject (&local_error, REJECT_INVALID_OP, _ ("The operation is not a JSON object"));
          add_result (b, NULL, "rejected", 0, local_error);
          continue;
        }
      obj = json_node_get_object (node);
      op_id_raw = sv_json_object_get_string (obj, "op_id");
      if (op_id_raw == NULL || !parse_uuid (op_id_raw, op_id))
        {
          reject (&local_error, REJECT_INVALID_OP_ID,
                  _ ("The operation’s “op_id” is missing or not a UUID"));
          add_result (b, op_id_raw != NULL && strnlen (op_id_raw, 65) <= 64 ? op_id_raw : NULL,
                      "rejected", 0, local_error);
          continue;
        }

      if (!find_duplicate (&ctx, op_id, &dup, &seq, error))
        goto fail;
      if (dup)
        {
          add_result (b, op_id, "duplicate", seq, NULL);
          continue;
        }

      if (!ctx_exec (&ctx, "SAVEPOINT sv_cloud_op", error))
        goto fail;
      if (apply_one (&ctx, obj, op_id, device_id, &seq, &local_error))
        {
          if (!ctx_exec (&ctx, "RELEASE sv_cloud_op", error))
            goto fail;
          add_result (b, op_id, "applied", seq, NULL);
        }
      else
        {
          if (!ctx_exec (&ctx, "ROLLBACK TO sv_cloud_op", error) ||
              !ctx_exec (&ctx, "RELEASE sv_cloud_op", error))
            goto fail;
          if (local_error == NULL || local_error->domain != REJECT)
            {
              if (local_error != NULL)
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                set_db_error (error, db, _ ("applying an operation"));
              goto fail;
            }
          add_result (b, op_id, "rejected", 0, local_error);
        }
    }

  if (!last_seq (&ctx, &seq_max, error))
    goto fail;
  json_builder_end_array (b);
  sv_json_builder_add_int (b, "last_seq", seq_max);
  json_builder_end_object (b);

  ctx_clear (&ctx);
  if (!commit (db, nested, error))
    {
      rollback (db, nested);
      return NULL;
    }
  result = json_builder_get_root (b);
  return result;

fail:
  ctx_clear (&ctx);
  rollback (db, nested);
  return NULL;
}

/* ---- change feed ----------------------------------------------------------- */

char *
sv_cloud_ops_changes_text (sqlite3 *db,
                           gint64 account_id,
                           gint64 since,
                           guint limit,
                           GError **error)
{
  g_autoptr (GString) out = g_string_sized_new (4096);
  sqlite3_stmt *stmt;
  gint64 next = MAX (since, 0);
  gboolean more = FALSE;
  guint count = 0;
  int rc;
  Ctx ctx;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  limit = CLAMP (limit, 1, SV_CLOUD_OPS_MAX_PAGE);
  ctx_init (&ctx, db, account_id);
  stmt = ctx_prepare (&ctx,
                      "SELECT seq, body FROM ops_log WHERE account_id = ?1 AND seq > ?2 "
                      "ORDER BY seq LIMIT ?3",
                      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, next);
  sqlite3_bind_int64 (stmt, 3, (gint64) limit + 1);

  g_string_append (out, "{\"changes\":[");
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *body = column_text (stmt, 1);

      if (count == limit)
        {
          more = TRUE;
          break;
        }
      /* The log holds each op as the canonical JSON object this engine
       * wrote (never client text): it goes out as it is, with its seq
       * first, without parsing and printing it again. */
      if (body == NULL || body[0] != '{' || body[strlen (body) - 1] != '}')
        {
          g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                       _ ("The operation log is damaged at change %lld"), (long long) seq);
          goto fail;
        }
      if (count > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT, seq);
      if (body[1] != '}')
        g_string_append_c (out, ',');
      g_string_append (out, body + 1);
      next = seq;
      count++;
    }
  if (rc < 0)
    goto fail;
  sqlite3_reset (stmt);
  ctx_clear (&ctx);

  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s}", next,
                          more ? "true" : "false");
  return g_string_free (g_steal_pointer (&out), FALSE);

fail:
  ctx_clear (&ctx);
  return NULL;
}

JsonNode *
sv_cloud_ops_changes (sqlite3 *db, gint64 account_id, gint64 since, guint limit, GError **error)
{
  g_autofree char *text = sv_cloud_ops_changes_text (db, account_id, since, limit, error);
  g_autoptr (JsonParser) parser = NULL;

  if (text == NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* ---- blobs, purge, accounts ------------------------------------------------ */

static gboolean
blob_referenced (Ctx *ctx, const char *sha256, gboolean *referenced, GError **error)
{
  sqlite3_stmt *stmt =
      ctx_prepare (ctx, "SELECT 1 FROM item_state WHERE blob = ?1 AND purged = 0 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if ((rc = step (ctx, stmt, error)) < 0)
    return FALSE;
  *referenced = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Moves the orphan queue out: every queued hash that no item references any
 * more goes to @unreferenced. */
static gboolean
drain_orphans (Ctx *ctx, GPtrArray *unreferenced, GError **error)
{
  g_autoptr (GPtrArray) queued = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt =
      ctx_prepare (ctx, "SELECT sha256 FROM ops_orphan_blob ORDER BY sha256", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = step (ctx, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (queued, g_strdup (column_text (stmt, 0)));
  if (rc < 0)
    return FALSE;
  sqlite3_reset (stmt);

  for (guint i = 0; i < queued->len; i++)
    {
      const char *sha = g_ptr_array_index (queued, i);
      gboolean referenced = FALSE;

      if (!blob_referenced (ctx, sha, &referenced, error))
        return FALSE;
      if (!referenced && unreferenced != NULL)
        g_ptr_array_add (unreferenced, g_strdup (sha));
    }
  stmt = ctx_prepare (ctx, "DELETE FROM ops_orphan_blob", error);
  return stmt != NULL && run (ctx, stmt, error);
}

typedef struct
{
  gint64 id;
  gint64 account_id;
  char *uuid;
  char *blob;
} Expired;

static void
expired_free (gpointer data)
{
  Expired *e = data;

  g_free (e->uuid);
  g_free (e->blob);
  g_free (e);
}

gboolean
sv_cloud_ops_purge_expired (sqlite3 *db,
                            gint64 now_usec,
                            gint64 retention_usec,
                            GPtrArray *unreferenced,
                            GError **error)
{
  g_autoptr (GPtrArray) expired = g_ptr_array_new_with_free_func (expired_free);
  char cutoff[32];
  sqlite3_stmt *stmt;
  gboolean nested = FALSE, ok = FALSE;
  gint64 cutoff_ms;
  SvHlc server_clock;
  char hlc_buf[SV_HLC_STRING_MAX + 1];
  int rc;
  Ctx ctx;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (retention_usec >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cutoff_ms = (now_usec - retention_usec) / 1000;
  /* Clocks compare as strings: "WWWWWWWWWWWWW-…" < "cutoff" iff wall < cutoff. */
  g_snprintf (cutoff, sizeof cutoff, "%013" G_GINT64_FORMAT, CLAMP (cutoff_ms, 0, SV_HLC_WALL_MAX));

  sv_hlc_init (&server_clock, SERVER_NODE);
  sv_hlc_tick (&server_clock, now_usec / 1000);
  sv_hlc_format (&server_clock, hlc_buf, sizeof hlc_buf);

  if (!begin (db, &nested, error))
    return FALSE;
  ctx_init (&ctx, db, 0);
  ctx.now_usec = now_usec;

  stmt = ctx_prepare (&ctx,
                      "SELECT s.id, s.account_id, s.uuid, s.blob FROM item_field f "
                      "JOIN item_state s ON s.id = f.item "
                      "WHERE f.field = 'trashed' AND f.value = 'true' AND f.hlc < ?1 "
                      "AND s.purged = 0 ORDER BY s.id",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    {
      Expired *e = g_new0 (Expired, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->account_id = sqlite3_column_int64 (stmt, 1);
      e->uuid = g_strdup (column_text (stmt, 2));
      e->blob = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (expired, e);
    }
  if (rc < 0)
    goto out;
  sqlite3_reset (stmt);

  for (guint i = 0; i < expired->len; i++)
    {
      Expired *e = g_ptr_array_index (expired, i);
      g_autofree char *op_id = g_uuid_string_random ();
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *body = NULL;
      gint64 seq;

      if (!purge_item (&ctx, e->id, e->blob, error))
        goto out;
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "op_id", op_id);
      sv_json_builder_add_string (b, "hlc", hlc_buf);
      sv_json_builder_add_string (b, "type", "item.purge");
      sv_json_builder_add_string (b, "item", e->uuid);
      sv_json_builder_add_string (b, "reason", "retention");
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      body = node_to_canonical (node);
      ctx.account_id = e->account_id;
      if (!log_op (&ctx, op_id, NULL, body, &seq, error))
        goto out;
    }

  ok = drain_orphans (&ctx, unreferenced, error);

out:
  ctx_clear (&ctx);
  if (ok)
    ok = commit (db, nested, error);
  if (!ok)
    rollback (db, nested);
  return ok;
}

gboolean
sv_cloud_ops_delete_account (sqlite3 *db,
                             gint64 account_id,
                             GPtrArray *unreferenced,
                             GError **error)
{
  static const char *const deletes[] = {
    "DELETE FROM album_member WHERE album IN (SELECT id FROM album_state WHERE account_id = ?1)",
    "DELETE FROM album_member WHERE item IN (SELECT id FROM item_state WHERE account_id = ?1)",
    "DELETE FROM album_state WHERE account_id = ?1",
    "DELETE FROM item_field WHERE item IN (SELECT id FROM item_state WHERE account_id = ?1)",
    "DELETE FROM item_keyword WHERE item IN (SELECT id FROM item_state WHERE account_id = ?1)",
    "DELETE FROM item_state WHERE account_id = ?1",
    "DELETE FROM ops_person WHERE account_id = ?1",
    "DELETE FROM ops_log WHERE account_id = ?1",
  };
  g_autoptr (GPtrArray) blobs = g_ptr_array_new_with_free_func (g_free);
  gboolean nested = FALSE, ok = FALSE;
  sqlite3_stmt *stmt;
  int rc;
  Ctx ctx;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (db, &nested, error))
    return FALSE;
  ctx_init (&ctx, db, account_id);

  stmt = ctx_prepare (&ctx,
                      "SELECT DISTINCT blob FROM item_state WHERE account_id = ?1 AND purged = 0 "
                      "AND blob IS NOT NULL ORDER BY blob",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (blobs, g_strdup (column_text (stmt, 0)));
  if (rc < 0)
    goto out;
  sqlite3_reset (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      stmt = ctx_prepare (&ctx, deletes[i], error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (!run (&ctx, stmt, error))
        goto out;
    }

  for (guint i = 0; i < blobs->len; i++)
    {
      const char *sha = g_ptr_array_index (blobs, i);
      gboolean referenced = FALSE;

      if (!blob_referenced (&ctx, sha, &referenced, error))
        goto out;
      if (!referenced && unreferenced != NULL)
        g_ptr_array_add (unreferenced, g_strdup (sha));
    }
  ok = TRUE;

out:
  ctx_clear (&ctx);
  if (ok)
    ok = commit (db, nested, error);
  if (!ok)
    rollback (db, nested);
  return ok;
}

gboolean
sv_cloud_ops_account_references_blob (sqlite3 *db, gint64 account_id, const char *sha256)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);

  if (sha256 == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db,
                          "SELECT 1 FROM item_state WHERE blob = ?1 AND account_id = ?2 "
                          "AND purged = 0 LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Cannot check a blob reference: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, account_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

gboolean
sv_cloud_ops_blob_is_referenced (sqlite3 *db, const char *sha256)
{
  g_autoptr (GError) error = NULL;
  gboolean referenced = TRUE; /* on error, keep the blob */
  Ctx ctx;

  g_return_val_if_fail (db != NULL, TRUE);

  if (sha256 == NULL)
    return FALSE;
  ctx_init (&ctx, db, 0);
  if (!blob_referenced (&ctx, sha256, &referenced, &error))
    {
      g_warning ("Cannot check a blob reference: %s", error->message);
      referenced = TRUE;
    }
  ctx_clear (&ctx);
  return referenced;
}

/* ---- export ---------------------------------------------------------------- */

static JsonNode *
parse_value (JsonParser *parser, const char *text)
{
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

static void
replace_node (JsonNode **slot, JsonNode *node)
{
  g_clear_pointer (slot, json_node_unref);
  *slot = node;
}

static gboolean
export_item (Ctx *ctx, JsonParser *parser, sqlite3_stmt *row, JsonBuilder *b, GError **error)
{
  gint64 id = sqlite3_column_int64 (row, 0);
  g_autoptr (JsonNode) caption = NULL, favourite = NULL, rating = NULL, date = NULL, place = NULL;
  gboolean trashed = FALSE;
  gint64 trashed_at = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = ctx_prepare (ctx, "SELECT field, value, hlc FROM item_field WHERE item = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = step (ctx, stmt, error)) == SQLITE_ROW)
    {
      const char *field = column_text (stmt, 0);
      const char *value = column_text (stmt, 1);
      const char *hlc = column_text (stmt, 2);

      if (field == NULL)
        continue;
      if (strcmp (field, "caption") == 0)
        replace_node (&caption, parse_value (parser, value));
      else if (strcmp (field, "favourite") == 0)
        replace_node (&favourite, parse_value (parser, value));
      else if (strcmp (field, "rating") == 0)
        replace_node (&rating, parse_value (parser, value));
      else if (strcmp (field, "date") == 0)
        replace_node (&date, parse_value (parser, value));
      else if (strcmp (field, "place") == 0)
        replace_node (&place, parse_value (parser, value));
      else if (strcmp (field, "trashed") == 0 && g_strcmp0 (value, "true") == 0)
        {
          SvHlc hlc_parsed;

          trashed = TRUE;
          if (sv_hlc_parse (hlc, &hlc_parsed))
            trashed_at = hlc_parsed.wall_ms;
        }
    }
  if (rc < 0)
    return FALSE;
  sqlite3_reset (stmt);

  json_builder_begin_object (b);
  sv_json_builder_add_string (b, "id", column_text (row, 1));
  sv_json_builder_add_string (b, "created", column_text (row, 2));
  sv_json_builder_add_string (b, "blob", column_text (row, 3));
  sv_json_builder_add_string (b, "kind", column_text (row, 4));
  sv_json_builder_add_string (b, "copy", column_text (row, 5));
  sv_json_builder_add_int (b, "width", sqlite3_column_int64 (row, 6));
  sv_json_builder_add_int (b, "height", sqlite3_column_int64 (row, 7));

  json_builder_set_member_name (b, "caption");
  if (caption != NULL && JSON_NODE_HOLDS_VALUE (caption))
    json_builder_add_value (b, json_node_copy (caption));
  else
    json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "favourite");
  if (favourite != NULL && JSON_NODE_HOLDS_VALUE (favourite))
    json_builder_add_value (b, json_node_copy (favourite));
  else
    json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "rating");
  if (rating != NULL && JSON_NODE_HOLDS_VALUE (rating))
    json_builder_add_value (b, json_node_copy (rating));
  else
    json_builder_add_int_value (b, 0);

  {
    JsonObject *d =
        date != NULL && JSON_NODE_HOLDS_OBJECT (date) ? json_node_get_object (date) : NULL;
    JsonNode *taken = d != NULL ? member (d, "taken_at") : NULL;
    JsonNode *offset = d != NULL ? member (d, "utc_offset") : NULL;

    json_builder_set_member_name (b, "taken_at");
    json_builder_add_value (b, taken != NULL ? json_node_copy (taken)
                                             : json_node_new (JSON_NODE_NULL));
    json_builder_set_member_name (b, "utc_offset");
    json_builder_add_value (b, offset != NULL ? json_node_copy (offset)
                                              : json_node_new (JSON_NODE_NULL));
  }
  json_builder_set_member_name (b, "place");
  json_builder_add_value (b,
                          place != NULL ? json_node_copy (place) : json_node_new (JSON_NODE_NULL));

  stmt = ctx_prepare (ctx,
                      "SELECT keyword FROM item_keyword WHERE item = ?1 "
                      "AND add_hlc > remove_hlc ORDER BY keyword",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  json_builder_set_member_name (b, "keywords");
  json_builder_begin_array (b);
  while ((rc = step (ctx, stmt, error)) == SQLITE_ROW)
    json_builder_add_string_value (b, column_text (stmt, 0));
  if (rc < 0)
    return FALSE;
  sqlite3_reset (stmt);
  json_builder_end_array (b);

  sv_json_builder_add_bool (b, "trashed", trashed);
  if (trashed)
    sv_json_builder_add_int (b, "trashed_at", trashed_at);
  json_builder_end_object (b);
  return TRUE;
}

JsonNode *
sv_cloud_ops_export (sqlite3 *db, gint64 account_id, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  sqlite3_stmt *stmt, *members;
  gboolean nested = FALSE;
  JsonNode *result = NULL;
  int rc;
  Ctx ctx;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One read transaction for a consistent snapshot. */
  nested = !sqlite3_get_autocommit (db);
  if (!nested && !exec_script (db, "BEGIN", error))
    return NULL;
  ctx_init (&ctx, db, account_id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  stmt = ctx_prepare (&ctx,
                      "SELECT id, uuid, created_hlc, blob, kind, copy, width, height "
                      "FROM item_state WHERE account_id = ?1 AND purged = 0 ORDER BY uuid",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    if (!export_item (&ctx, parser, stmt, b, error))
      goto out;
  if (rc < 0)
    goto out;
  sqlite3_reset (stmt);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "albums");
  json_builder_begin_array (b);
  stmt = ctx_prepare (&ctx,
                      "SELECT id, uuid, name, created_hlc FROM album_state "
                      "WHERE account_id = ?1 AND deleted = 0 ORDER BY uuid",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "id", column_text (stmt, 1));
      sv_json_builder_add_string (b, "name", column_text (stmt, 2));
      sv_json_builder_add_string (b, "created", column_text (stmt, 3));
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      members = ctx_prepare (&ctx,
                             "SELECT s.uuid FROM album_member m JOIN item_state s ON s.id = m.item "
                             "WHERE m.album = ?1 AND m.add_hlc > m.remove_hlc AND s.purged = 0 "
                             "ORDER BY m.position IS NULL, m.position, s.uuid",
                             error);
      if (members == NULL)
        goto out;
      sqlite3_bind_int64 (members, 1, sqlite3_column_int64 (stmt, 0));
      while ((rc = step (&ctx, members, error)) == SQLITE_ROW)
        json_builder_add_string_value (b, column_text (members, 0));
      if (rc < 0)
        goto out;
      sqlite3_reset (members);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  if (rc < 0)
    goto out;
  sqlite3_reset (stmt);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "persons");
  json_builder_begin_array (b);
  stmt = ctx_prepare (&ctx, "SELECT uuid, name FROM ops_person WHERE account_id = ?1 ORDER BY uuid",
                      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while ((rc = step (&ctx, stmt, error)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      sv_json_builder_add_string (b, "id", column_text (stmt, 0));
      sv_json_builder_add_string (b, "name", column_text (stmt, 1));
      json_builder_end_object (b);
    }
  if (rc < 0)
    goto out;
  sqlite3_reset (stmt);
  json_builder_end_array (b);
  json_builder_end_object (b);
  result = json_builder_get_root (b);

out:
  ctx_clear (&ctx);
  if (!nested)
    exec_script (db, result != NULL ? "COMMIT" : "ROLLBACK", NULL);
  return result;
}
