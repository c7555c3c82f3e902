/* test-ops.c: the operations engine on real SQLite files: every op type,
 * replays, the change feed, per-account isolation, hostile ops, trash
 * retention, account deletion, and the HLC helper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ops"

#include "config.h"

#include <math.h>

#include "ops-test-util.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-hlc.h"

#define ITEM1 "11111111-1111-4111-8111-111111111111"
#define ITEM2 "22222222-2222-4222-8222-222222222222"
#define ITEM3 "33333333-3333-4333-8333-333333333333"
#define ALBUM1 "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define ALBUM2 "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
#define PERSON "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
#define ACCT_A 1
#define ACCT_B 2

/* ---- fixture: a database in a temp dir and a blob registry ------------- */

typedef struct
{
  char *dir;
  sqlite3 *db;
  GHashTable *blobs; /* "account:sha" → kind */
  GHashTable *full;  /* accounts over quota */
  gint64 now_usec;
  SvCloudOpsHooks hooks;
  char *photo1; /* hashes of real test photos */
  char *photo2;
  char *video1;
} Fixture;

static gboolean
check_blob (gpointer user_data, gint64 account, const char *sha, const char *kind, GError **error)
{
  Fixture *f = user_data;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", account, sha);
  const char *have = g_hash_table_lookup (f->blobs, key);

  if (have == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, "The file %s was not uploaded", sha);
      return FALSE;
    }
  if (g_strcmp0 (have, kind) != 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, "The file %s is a %s", sha, have);
      return FALSE;
    }
  if (g_hash_table_contains (f->full, GINT_TO_POINTER ((int) account)))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE, "Over quota");
      return FALSE;
    }
  return TRUE;
}

static gint64
now_usec (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_usec;
}

static void
register_blob (Fixture *f, gint64 account, const char *sha, const char *kind)
{
  g_hash_table_insert (f->blobs, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", account, sha),
                       g_strdup (kind));
}

static char *
hash_photo (const char *rel)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (SV_PHOTOS_DIR, rel, NULL);
  char *hex = sv_sha256_file_hex (path, NULL, NULL, &error);

  g_assert_no_error (error);
  return hex;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = ops_test_tmpdir ();
  path = g_build_filename (f->dir, "server.db", NULL);
  f->db = ops_test_open_db (path);
  f->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->full = g_hash_table_new (NULL, NULL);
  f->now_usec = T0_MS * 1000;
  f->hooks.check_blob = check_blob;
  f->hooks.now_usec = now_usec;
  f->hooks.user_data = f;
  f->photo1 = hash_photo ("camera/fsf-IMG_1054.JPG");
  f->photo2 = hash_photo ("formats/pillow-flower2.webp");
  f->video1 = hash_photo ("broken/libheif-github_48.heic");
  g_assert_cmpstr (f->photo1, ==,
                   "76204f90870d97c2d462c58e113f8a90f2edf4b6fbd95ac2f0f876bb4e61b311");
  for (gint64 acct = ACCT_A; acct <= ACCT_B; acct++)
    {
      register_blob (f, acct, f->photo1, "photo");
      register_blob (f, acct, f->photo2, "photo");
      register_blob (f, acct, f->video1, "video");
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sqlite3_close (f->db);
  ops_test_rmdir (f->dir);
  g_free (f->dir);
  g_hash_table_unref (f->blobs);
  g_hash_table_unref (f->full);
  g_free (f->photo1);
  g_free (f->photo2);
  g_free (f->video1);
}

/* ---- op text builders -------------------------------------------------- */

/* One op; @extra are more members ("\"a\":1,\"b\":2") or NULL. */
static char *
op_node (const char *op_id,
         const char *type,
         const char *key,
         const char *target,
         gint64 ms,
         const char *node,
         const char *extra)
{
  g_autofree char *random_id = op_id == NULL ? g_uuid_string_random () : NULL;

  return g_strdup_printf ("{\"op_id\":\"%s\",\"hlc\":\"%013" G_GINT64_FORMAT
                          "-00000-%s\",\"type\":\"%s\",\"%s\":\"%s\"%s%s}",
                          op_id != NULL ? op_id : random_id, ms, node, type, key, target,
                          extra != NULL ? "," : "", extra != NULL ? extra : "");
}

static char *
op_full (const char *op_id,
         const char *type,
         const char *key,
         const char *target,
         gint64 ms,
         const char *extra)
{
  return op_node (op_id, type, key, target, ms, "dev1", extra);
}

static char *
op (const char *type, const char *key, const char *target, gint64 ms, const char *extra)
{
  return op_full (NULL, type, key, target, ms, extra);
}

/* Joins op texts (taking them) into a JSON array text. */
static char *
batch (char *first, ...)
{
  g_autoptr (GString) s = g_string_new ("[");
  va_list args;

  va_start (args, first);
  for (char *o = first; o != NULL; o = va_arg (args, char *))
    {
      if (s->len > 1)
        g_string_append_c (s, ',');
      g_string_append (s, o);
      g_free (o);
    }
  va_end (args);
  g_string_append_c (s, ']');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
create_item_extra (const char *blob, const char *kind, const char *more)
{
  return g_strdup_printf ("\"blob\":\"%s\",\"kind\":\"%s\"%s%s", blob, kind,
                          more != NULL ? "," : "", more != NULL ? more : "");
}

static char *
op_create (const char *item, gint64 ms, const char *blob, const char *more)
{
  g_autofree char *extra = create_item_extra (blob, "photo", more);

  return op ("item.create", "item", item, ms, extra);
}

static JsonNode *
apply (Fixture *f, gint64 account, char *ops_text)
{
  g_autofree char *owned = ops_text;

  return ops_test_apply (f->db, account, owned, &f->hooks);
}

static void
assert_all_applied (JsonNode *res)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (res), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      if (g_strcmp0 (ops_test_status (res, i), "applied") != 0)
        g_error ("op %u: %s (%s)", i, ops_test_status (res, i), ops_test_code (res, i));
    }
}

/* The exported object of @item, or NULL when absent. */
static JsonObject *
export_item (JsonNode *export, const char *item)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (export), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), item) == 0)
        return o;
    }
  return NULL;
}

static JsonObject *
export_album (JsonNode *export, const char *album)
{
  JsonArray *albums = json_object_get_array_member (json_node_get_object (export), "albums");

  for (guint i = 0; i < json_array_get_length (albums); i++)
    {
      JsonObject *o = json_array_get_object_element (albums, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), album) == 0)
        return o;
    }
  return NULL;
}

static JsonNode *
do_export (Fixture *f, gint64 account)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = sv_cloud_ops_export (f->db, account, &error);

  g_assert_no_error (error);
  return node;
}

static char *
array_to_string (JsonArray *arr)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, arr);
  return sv_json_to_string (node, FALSE);
}

static gint64
count_rows (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_hlc (void)
{
  SvHlc a, b, c;
  char buf[SV_HLC_STRING_MAX + 1];
  g_autofree char *s = NULL;

  g_assert_true (sv_hlc_parse ("1767225600000-00000-dev1", &a));
  g_assert_cmpint (a.wall_ms, ==, T0_MS);
  g_assert_cmpuint (a.counter, ==, 0);
  g_assert_cmpstr (a.node, ==, "dev1");
  s = sv_hlc_to_string (&a);
  g_assert_cmpstr (s, ==, "1767225600000-00000-dev1");

  /* Strictness. */
  g_assert_false (sv_hlc_parse ("", &b));
  g_assert_false (sv_hlc_parse ("1767225600000-00000-", &b));
  g_assert_false (sv_hlc_parse ("176722560000-00000-dev1", &b));
  g_assert_false (sv_hlc_parse ("1767225600000-0000-dev1", &b));
  g_assert_false (sv_hlc_parse ("1767225600000-00000-dev 1", &b));
  g_assert_false (sv_hlc_parse ("+767225600000-00000-dev1", &b));
  g_assert_false (sv_hlc_parse ("1767225600000_00000-dev1", &b));
  g_assert_false (sv_hlc_parse ("1767225600000-00000-"
                                "12345678901234567890123456789012345678901234567890123456789012345",
                                &b));
  g_assert_false (sv_hlc_parse ("1767225600000-00000-d\xc3\xa9v", &b));

  /* Tick: physical time ahead → counter resets; behind → counter grows. */
  sv_hlc_init (&b, "dev2");
  sv_hlc_tick (&b, T0_MS);
  g_assert_cmpint (b.wall_ms, ==, T0_MS);
  g_assert_cmpuint (b.counter, ==, 0);
  sv_hlc_tick (&b, T0_MS - 5000);
  g_assert_cmpint (b.wall_ms, ==, T0_MS);
  g_assert_cmpuint (b.counter, ==, 1);
  sv_hlc_tick (&b, T0_MS + 1);
  g_assert_cmpint (b.wall_ms, ==, T0_MS + 1);
  g_assert_cmpuint (b.counter, ==, 0);

  /* Receive a clock from the future: jump past it. */
  c = b;
  a.wall_ms = T0_MS + 60000;
  a.counter = 7;
  sv_hlc_receive (&b, &a, T0_MS + 2);
  g_assert_cmpint (b.wall_ms, ==, T0_MS + 60000);
  g_assert_cmpuint (b.counter, ==, 8);
  g_assert_cmpstr (b.node, ==, "dev2");
  g_assert_cmpint (sv_hlc_compare (&b, &a), >, 0);
  g_assert_cmpint (sv_hlc_compare (&b, &c), >, 0);
  /* Same wall on both sides. */
  c = b;
  sv_hlc_receive (&b, &a, T0_MS);
  g_assert_cmpint (b.wall_ms, ==, T0_MS + 60000);
  g_assert_cmpuint (b.counter, ==, 9);
  g_assert_cmpint (sv_hlc_compare (&b, &c), >, 0);

  /* Counter overflow carries into the wall and keeps the format. */
  b.counter = SV_HLC_COUNTER_MAX;
  c = b;
  sv_hlc_tick (&b, 0);
  g_assert_cmpint (b.wall_ms, ==, c.wall_ms + 1);
  g_assert_cmpuint (b.counter, ==, 0);
  g_assert_cmpint (sv_hlc_compare (&b, &c), >, 0);

  /* String order equals clock order, node as tiebreak. */
  for (guint i = 0; i < 2000; i++)
    {
      char sa[SV_HLC_STRING_MAX + 1], sb[SV_HLC_STRING_MAX + 1];
      const char *nodes[] = { "a", "b", "ab", "dev-1", "dev-10", "Z" };
      int cmp_str, cmp_clk;

      a.wall_ms = g_random_int_range (0, 3) + T0_MS;
      a.counter = g_random_int_range (0, 3) * 9999;
      g_strlcpy (a.node, nodes[g_random_int_range (0, G_N_ELEMENTS (nodes))], sizeof a.node);
      b.wall_ms = g_random_int_range (0, 3) + T0_MS;
      b.counter = g_random_int_range (0, 3) * 9999;
      g_strlcpy (b.node, nodes[g_random_int_range (0, G_N_ELEMENTS (nodes))], sizeof b.node);
      sv_hlc_format (&a, sa, sizeof sa);
      sv_hlc_format (&b, sb, sizeof sb);
      cmp_str = strcmp (sa, sb);
      cmp_clk = sv_hlc_compare (&a, &b);
      g_assert_cmpint ((cmp_str > 0) - (cmp_str < 0), ==, cmp_clk);
    }
  sv_hlc_format (&a, buf, sizeof buf);
  g_assert_true (sv_hlc_parse (buf, &c));
  g_assert_cmpint (sv_hlc_compare (&a, &c), ==, 0);
}

static void
test_migrate (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* Idempotent, also inside the caller's transaction. */
  g_assert_true (sv_cloud_ops_migrate (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (f->db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sv_cloud_ops_migrate (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (f->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  /* A newer schema is refused and left alone. */
  g_assert_cmpint (sqlite3_exec (f->db,
                                 "UPDATE ops_meta SET value = 99 WHERE key = 'schema_version'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_false (sv_cloud_ops_migrate (f->db, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE);
  g_assert_cmpint (count_rows (f->db, "SELECT value FROM ops_meta"), ==, 99);
  g_assert_true (sqlite3_get_autocommit (f->db));
}

static void
test_each_type (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) res = NULL;
  g_autoptr (JsonNode) ex = NULL;
  g_autofree char *more = NULL;
  g_autofree char *items = NULL;
  JsonObject *it, *place, *al;
  JsonArray *members;
  gint64 ms = T0_MS;

  more = g_strdup_printf ("\"copy\":\"space-saving\",\"width\":1280,\"height\":960,"
                          "\"fields\":{\"caption\":\"Gare de Lyon\",\"rating\":4,"
                          "\"favourite\":true,\"taken_at\":\"2020-09-12T11:49:38\","
                          "\"utc_offset\":120,\"place\":{\"latitude\":48.844,"
                          "\"longitude\":2.374,\"country_code\":\"FR\",\"city\":\"Paris\"}},"
                          "\"keywords\":[\"train\",\"gare\"]");
  res =
      apply (f, ACCT_A,
             batch (op_create (ITEM1, ms, f->photo1, more), op_create (ITEM2, ms, f->photo2, NULL),
                    op ("item.create", "item", ITEM3, ms,
                        "\"blob\":\"" /* video */
                        "\",\"kind\":\"video\"") /* replaced below */,
                    NULL));
  /* ITEM3 had an empty blob: rejected, the other two applied. */
  g_assert_cmpstr (ops_test_status (res, 0), ==, "applied");
  g_assert_cmpstr (ops_test_status (res, 1), ==, "applied");
  g_assert_cmpstr (ops_test_status (res, 2), ==, "rejected");
  g_assert_cmpstr (ops_test_code (res, 2), ==, "invalid_value");
  g_clear_pointer (&res, json_node_unref);
  {
    g_autofree char *extra = create_item_extra (f->video1, "video", NULL);

    res = apply (f, ACCT_A, batch (op ("item.create", "item", ITEM3, ms, extra), NULL));
    assert_all_applied (res);
    g_clear_pointer (&res, json_node_unref);
  }

  ex = do_export (f, ACCT_A);
  it = export_item (ex, ITEM1);
  g_assert_nonnull (it);
  g_assert_cmpstr (json_object_get_string_member (it, "blob"), ==, f->photo1);
  g_assert_cmpstr (json_object_get_string_member (it, "kind"), ==, "photo");
  g_assert_cmpstr (json_object_get_string_member (it, "copy"), ==, "space-saving");
  g_assert_cmpint (json_object_get_int_member (it, "width"), ==, 1280);
  g_assert_cmpint (json_object_get_int_member (it, "height"), ==, 960);
  g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "Gare de Lyon");
  g_assert_cmpint (json_object_get_int_member (it, "rating"), ==, 4);
  g_assert_true (json_object_get_boolean_member (it, "favourite"));
  g_assert_cmpstr (json_object_get_string_member (it, "taken_at"), ==, "2020-09-12T11:49:38");
  g_assert_cmpint (json_object_get_int_member (it, "utc_offset"), ==, 120);
  place = json_object_get_object_member (it, "place");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (place, "latitude"), 48.844, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (place, "city"), ==, "Paris");
  items = array_to_string (json_object_get_array_member (it, "keywords"));
  g_assert_cmpstr (items, ==, "[\"gare\",\"train\"]");
  g_assert_false (json_object_get_boolean_member (it, "trashed"));
  it = export_item (ex, ITEM2);
  g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (it, "copy"), ==, "original");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "taken_at")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "place")));
  g_assert_cmpstr (json_object_get_string_member (export_item (ex, ITEM3), "kind"), ==, "video");
  g_clear_pointer (&ex, json_node_unref);

  /* item.set (several fields), keywords, trash, person, albums. */
  ms += 1000;
  res = apply (
      f, ACCT_A,
      batch (op ("item.set", "item", ITEM1, ms,
                 "\"fields\":{\"caption\":\"Lyon station\",\"favourite\":false,\"rating\":2,"
                 "\"taken_at\":null,\"place\":null,\"future_field\":{\"x\":1}}"),
             op ("item.keyword.add", "item", ITEM1, ms, "\"keyword\":\"Paris\""),
             op ("item.keyword.remove", "item", ITEM1, ms, "\"keyword\":\"gare\""),
             op ("item.trash", "item", ITEM2, ms, NULL), op ("item.trash", "item", ITEM3, ms, NULL),
             op ("item.restore", "item", ITEM3, ms + 1, NULL),
             op ("person.name", "person", PERSON, ms, "\"name\":\"Élodie\""),
             op ("album.create", "album", ALBUM1, ms, "\"name\":\"Holidays\""),
             op ("album.create", "album", ALBUM2, ms, "\"name\":\"To delete\""),
             op ("album.add", "album", ALBUM1, ms, "\"item\":\"" ITEM1 "\""),
             op ("album.add", "album", ALBUM1, ms, "\"item\":\"" ITEM2 "\""),
             op ("album.add", "album", ALBUM1, ms, "\"item\":\"" ITEM3 "\""),
             op ("album.remove", "album", ALBUM1, ms + 1, "\"item\":\"" ITEM2 "\""),
             op ("album.order", "album", ALBUM1, ms + 2,
                 "\"items\":[\"" ITEM3 "\",\"" ITEM2 "\",\"" ITEM1 "\"]"),
             op ("album.rename", "album", ALBUM1, ms + 3, "\"name\":\"Été 2020\""),
             op ("album.add", "album", ALBUM2, ms, "\"item\":\"" ITEM1 "\""),
             op ("album.delete", "album", ALBUM2, ms + 1, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);

  ex = do_export (f, ACCT_A);
  it = export_item (ex, ITEM1);
  g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "Lyon station");
  g_assert_false (json_object_get_boolean_member (it, "favourite"));
  g_assert_cmpint (json_object_get_int_member (it, "rating"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "taken_at")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "utc_offset")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "place")));
  g_clear_pointer (&items, g_free);
  items = array_to_string (json_object_get_array_member (it, "keywords"));
  g_assert_cmpstr (items, ==, "[\"Paris\",\"train\"]");
  it = export_item (ex, ITEM2);
  g_assert_true (json_object_get_boolean_member (it, "trashed"));
  g_assert_cmpint (json_object_get_int_member (it, "trashed_at"), ==, ms);
  g_assert_false (json_object_get_boolean_member (export_item (ex, ITEM3), "trashed"));
  al = export_album (ex, ALBUM1);
  g_assert_cmpstr (json_object_get_string_member (al, "name"), ==, "Été 2020");
  members = json_object_get_array_member (al, "items");
  g_clear_pointer (&items, g_free);
  items = array_to_string (members);
  g_assert_cmpstr (items, ==, "[\"" ITEM3 "\",\"" ITEM1 "\"]");
  g_assert_null (export_album (ex, ALBUM2));
  {
    JsonArray *persons = json_object_get_array_member (json_node_get_object (ex), "persons");

    g_assert_cmpuint (json_array_get_length (persons), ==, 1);
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (persons, 0), "name"), ==,
        "Élodie");
  }
  g_clear_pointer (&ex, json_node_unref);

  /* Older clocks lose per field; ties on clock break on the device id. */
  res = apply (f, ACCT_A,
               batch (op ("item.set", "item", ITEM1, ms - 1, "\"fields\":{\"caption\":\"old\"}"),
                      g_strdup_printf ("{\"op_id\":\"%s\",\"hlc\":\"%013" G_GINT64_FORMAT
                                       "-00000-dev0\",\"type\":\"item.set\",\"item\":\"" ITEM1
                                       "\",\"fields\":{\"rating\":5}}",
                                       "0f0f0f0f-0000-4000-8000-000000000001", ms),
                      g_strdup_printf ("{\"op_id\":\"%s\",\"hlc\":\"%013" G_GINT64_FORMAT
                                       "-00000-dev2\",\"type\":\"item.set\",\"item\":\"" ITEM1
                                       "\",\"fields\":{\"favourite\":true}}",
                                       "0f0f0f0f-0000-4000-8000-000000000002", ms),
                      op ("album.rename", "album", ALBUM1, ms, "\"name\":\"older\""),
                      /* restore with an older clock than the trash: stays trashed */
                      op ("item.restore", "item", ITEM2, ms - 1, NULL),
                      /* a remove older than the add leaves the keyword */
                      op ("item.keyword.remove", "item", ITEM1, T0_MS - 1, "\"keyword\":\"train\""),
                      NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  ex = do_export (f, ACCT_A);
  it = export_item (ex, ITEM1);
  g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "Lyon station");
  g_assert_cmpint (json_object_get_int_member (it, "rating"), ==, 2); /* dev0 < dev1 */
  g_assert_true (json_object_get_boolean_member (it, "favourite"));   /* dev2 > dev1 */
  g_clear_pointer (&items, g_free);
  items = array_to_string (json_object_get_array_member (it, "keywords"));
  g_assert_cmpstr (items, ==, "[\"Paris\",\"train\"]");
  g_assert_true (json_object_get_boolean_member (export_item (ex, ITEM2), "trashed"));
  g_assert_cmpstr (json_object_get_string_member (export_album (ex, ALBUM1), "name"), ==,
                   "Été 2020");
  g_clear_pointer (&ex, json_node_unref);

  /* Purge: permanent; later ops on the item are refused; it leaves albums. */
  res = apply (f, ACCT_A,
               batch (op ("item.purge", "item", ITEM3, ms + 10, NULL),
                      op ("item.restore", "item", ITEM3, ms + 11, NULL),
                      op ("item.set", "item", ITEM3, ms + 11, "\"fields\":{\"rating\":1}"),
                      op ("album.add", "album", ALBUM1, ms + 11, "\"item\":\"" ITEM3 "\""),
                      op_create (ITEM3, ms + 12, f->photo1, NULL),
                      op ("item.purge", "item", ITEM3, ms + 13, NULL),
                      op ("album.rename", "album", ALBUM2, ms + 13, "\"name\":\"back\""),
                      op ("album.create", "album", ALBUM2, ms + 13, "\"name\":\"back\""), NULL));
  g_assert_cmpstr (ops_test_status (res, 0), ==, "applied");
  for (guint i = 1; i <= 5; i++)
    g_assert_cmpstr (ops_test_code (res, i), ==, "purged");
  g_assert_cmpstr (ops_test_code (res, 6), ==, "album_deleted");
  g_assert_cmpstr (ops_test_code (res, 7), ==, "album_deleted");
  g_clear_pointer (&res, json_node_unref);
  ex = do_export (f, ACCT_A);
  g_assert_null (export_item (ex, ITEM3));
  g_clear_pointer (&items, g_free);
  items = array_to_string (json_object_get_array_member (export_album (ex, ALBUM1), "items"));
  g_assert_cmpstr (items, ==, "[\"" ITEM1 "\"]");
  g_assert_false (sv_cloud_ops_account_references_blob (f->db, ACCT_A, f->video1));
  g_assert_true (sv_cloud_ops_account_references_blob (f->db, ACCT_A, f->photo1));
  g_assert_false (sv_cloud_ops_account_references_blob (f->db, ACCT_B, f->photo1));
  g_assert_false (sv_cloud_ops_blob_is_referenced (f->db, f->video1));
  /* Re-creating an existing item is refused. */
  res = apply (f, ACCT_A, batch (op_create (ITEM1, ms + 20, f->photo2, NULL), NULL));
  g_assert_cmpstr (ops_test_code (res, 0), ==, "exists");
}

static void
test_duplicate (Fixture *f, gconstpointer data)
{
  const char *id1 = "0a000000-0000-4000-8000-000000000001";
  const char *id2 = "0a000000-0000-4000-8000-000000000002";
  g_autofree char *c1 = create_item_extra (f->photo1, "photo", NULL);
  g_autofree char *first = batch (
      op_full (id1, "item.create", "item", ITEM1, T0_MS, c1),
      op_full (id2, "item.set", "item", ITEM1, T0_MS + 5, "\"fields\":{\"caption\":\"one\"}"),
      NULL);
  g_autoptr (JsonNode) r1 = ops_test_apply (f->db, ACCT_A, first, &f->hooks);
  g_autoptr (JsonNode) r2 = NULL, r3 = NULL, r4 = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *upper = NULL;
  gint64 seq1, seq2, log_rows;

  assert_all_applied (r1);
  seq1 = json_object_get_int_member (ops_test_result (r1, 0), "seq");
  seq2 = json_object_get_int_member (ops_test_result (r1, 1), "seq");
  g_assert_cmpint (seq2, >, seq1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r1), "last_seq"), ==, seq2);
  before = ops_test_export_string (f->db, ACCT_A);
  log_rows = count_rows (f->db, "SELECT count(*) FROM ops_log");

  /* The same batch again: duplicates with the original seqs, nothing changes. */
  r2 = ops_test_apply (f->db, ACCT_A, first, &f->hooks);
  g_assert_cmpstr (ops_test_status (r2, 0), ==, "duplicate");
  g_assert_cmpstr (ops_test_status (r2, 1), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (ops_test_result (r2, 0), "seq"), ==, seq1);
  g_assert_cmpint (json_object_get_int_member (ops_test_result (r2, 1), "seq"), ==, seq2);
  after = ops_test_export_string (f->db, ACCT_A);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM ops_log"), ==, log_rows);

  /* A replay with another body under the same op_id is still the original;
   * upper-case op ids are the same id. Twice in one batch: once applied. */
  upper = g_ascii_strup (id2, -1);
  r3 = apply (f, ACCT_A,
              batch (op_full (upper, "item.set", "item", ITEM1, T0_MS + 9,
                              "\"fields\":{\"caption\":\"two\"}"),
                     op_full ("0a000000-0000-4000-8000-000000000003", "item.set", "item", ITEM1,
                              T0_MS + 10, "\"fields\":{\"rating\":3}"),
                     op_full ("0a000000-0000-4000-8000-000000000003", "item.set", "item", ITEM1,
                              T0_MS + 10, "\"fields\":{\"rating\":3}"),
                     NULL));
  g_assert_cmpstr (ops_test_status (r3, 0), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (ops_test_result (r3, 0), "seq"), ==, seq2);
  g_assert_cmpstr (ops_test_status (r3, 1), ==, "applied");
  g_assert_cmpstr (ops_test_status (r3, 2), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (ops_test_result (r3, 2), "seq"), ==,
                   json_object_get_int_member (ops_test_result (r3, 1), "seq"));
  g_clear_pointer (&after, g_free);
  after = ops_test_export_string (f->db, ACCT_A);
  g_assert_nonnull (strstr (after, "\"caption\":\"one\""));

  /* The same op_id in another account is another op. */
  r4 = ops_test_apply (f->db, ACCT_B, first, &f->hooks);
  assert_all_applied (r4);
}

static void
test_changes (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) res = NULL;
  gint64 since = 0;
  guint pages = 0;
  JsonNode *page;

  res = apply (f, ACCT_A, batch (op_create (ITEM1, T0_MS, f->photo1, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *extra = g_strdup_printf ("\"fields\":{\"caption\":\"c%u\"}", i);

      res = apply (f, ACCT_A, batch (op ("item.set", "item", ITEM1, T0_MS + i + 1, extra), NULL));
      assert_all_applied (res);
      g_clear_pointer (&res, json_node_unref);
      /* Interleave account B so A's seqs have gaps. */
      if (i % 3 == 0)
        {
          g_autofree char *b = g_strdup_printf ("\"name\":\"b%u\"", i);

          res = apply (f, ACCT_B, batch (op ("person.name", "person", PERSON, T0_MS + i, b), NULL));
          assert_all_applied (res);
          g_clear_pointer (&res, json_node_unref);
        }
    }

  /* 25 ops in pages of 10: 10, 10, 5. */
  do
    {
      JsonObject *o;
      JsonArray *changes;
      gint64 prev = since;

      page = sv_cloud_ops_changes (f->db, ACCT_A, since, 10, &error);
      g_assert_no_error (error);
      o = json_node_get_object (page);
      changes = json_object_get_array_member (o, "changes");
      g_assert_cmpuint (json_array_get_length (changes), ==, pages < 2 ? 10 : 5);
      g_assert_cmpint (json_object_get_boolean_member (o, "more"), ==, pages < 2);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          gint64 seq = json_object_get_int_member (c, "seq");

          g_assert_cmpint (seq, >, prev);
          prev = seq;
          g_assert_true (g_str_has_prefix (json_object_get_string_member (c, "type"), "item."));
          g_assert_cmpstr (json_object_get_string_member (c, "item"), ==, ITEM1);
          g_assert_true (json_object_has_member (c, "op_id"));
          g_assert_true (json_object_has_member (c, "hlc"));
          g_ptr_array_add (seen, g_strdup (json_object_get_string_member (c, "op_id")));
        }
      g_assert_cmpint (json_object_get_int_member (o, "next"), ==, prev);
      since = json_object_get_int_member (o, "next");
      pages++;
      if (!json_object_get_boolean_member (o, "more"))
        {
          json_node_unref (page);
          break;
        }
      json_node_unref (page);
    }
  while (pages < 10);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 25);

  /* Past the end: empty, next stays, more false. */
  page = sv_cloud_ops_changes (f->db, ACCT_A, since, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")),
      ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (page), "next"), ==, since);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "more"));
  json_node_unref (page);

  /* Limits clamp: 0 → 1, huge → 1000; negative since → from the start. */
  page = sv_cloud_ops_changes (f->db, ACCT_A, -5, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")),
      ==, 1);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (page), "more"));
  json_node_unref (page);
  page = sv_cloud_ops_changes (f->db, ACCT_A, 0, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")),
      ==, 25);
  json_node_unref (page);

  /* B sees only its own 8 ops. */
  page = sv_cloud_ops_changes (f->db, ACCT_B, 0, 1000, &error);
  g_assert_no_error (error);
  {
    JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");

    g_assert_cmpuint (json_array_get_length (changes), ==, 8);
    for (guint i = 0; i < 8; i++)
      g_assert_cmpstr (
          json_object_get_string_member (json_array_get_object_element (changes, i), "type"), ==,
          "person.name");
  }
  json_node_unref (page);
}

static void
test_isolation (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) res = NULL;
  g_autoptr (JsonNode) ea = NULL, eb = NULL, feed = NULL;
  g_autofree char *feed_b = NULL;
  g_autofree char *a_before = NULL, *a_after = NULL;

  res = apply (f, ACCT_A,
               batch (op_create (ITEM1, T0_MS, f->photo1, "\"fields\":{\"caption\":\"A's\"}"),
                      op ("album.create", "album", ALBUM1, T0_MS, "\"name\":\"A album\""),
                      op ("album.add", "album", ALBUM1, T0_MS, "\"item\":\"" ITEM1 "\""),
                      op ("person.name", "person", PERSON, T0_MS, "\"name\":\"Anna\""), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  a_before = ops_test_export_string (f->db, ACCT_A);

  /* B aims at A's UUIDs: nothing exists in B's namespace. */
  res =
      apply (f, ACCT_B,
             batch (op ("item.set", "item", ITEM1, T0_MS + 1, "\"fields\":{\"caption\":\"B\"}"),
                    op ("item.trash", "item", ITEM1, T0_MS + 1, NULL),
                    op ("item.purge", "item", ITEM1, T0_MS + 1, NULL),
                    op ("item.keyword.add", "item", ITEM1, T0_MS + 1, "\"keyword\":\"x\""),
                    op ("album.rename", "album", ALBUM1, T0_MS + 1, "\"name\":\"B\""),
                    op ("album.delete", "album", ALBUM1, T0_MS + 1, NULL),
                    op ("album.add", "album", ALBUM1, T0_MS + 1, "\"item\":\"" ITEM1 "\""), NULL));
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpstr (ops_test_status (res, i), ==, "rejected");
      g_assert_cmpstr (ops_test_code (res, i), ==, "not_found");
    }
  g_clear_pointer (&res, json_node_unref);

  /* B may use the same UUIDs for its own things, independently. */
  res = apply (f, ACCT_B,
               batch (op_create (ITEM1, T0_MS + 2, f->photo2, "\"fields\":{\"caption\":\"B's\"}"),
                      op ("album.create", "album", ALBUM1, T0_MS + 2, "\"name\":\"B album\""),
                      op ("person.name", "person", PERSON, T0_MS + 5, "\"name\":\"Bob\""),
                      op ("item.purge", "item", ITEM1, T0_MS + 3, NULL),
                      op ("album.delete", "album", ALBUM1, T0_MS + 3, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);

  a_after = ops_test_export_string (f->db, ACCT_A);
  g_assert_cmpstr (a_before, ==, a_after);
  ea = do_export (f, ACCT_A);
  g_assert_cmpstr (json_object_get_string_member (export_item (ea, ITEM1), "caption"), ==, "A's");
  g_assert_nonnull (export_album (ea, ALBUM1));
  eb = do_export (f, ACCT_B);
  g_assert_null (export_item (eb, ITEM1));
  g_assert_null (export_album (eb, ALBUM1));

  /* B's feed never carries A's ops (A's caption text nowhere). */
  feed = sv_cloud_ops_changes (f->db, ACCT_B, 0, 1000, &error);
  g_assert_no_error (error);
  feed_b = sv_json_to_string (feed, FALSE);
  g_assert_null (strstr (feed_b, "A's"));
  g_assert_null (strstr (feed_b, "Anna"));
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (feed), "changes")),
      ==, 5);
  g_assert_true (sv_cloud_ops_account_references_blob (f->db, ACCT_A, f->photo1));
  g_assert_false (sv_cloud_ops_account_references_blob (f->db, ACCT_B, f->photo1));
}

/* Applies @ops (op texts) one per request in every order, each order in a
 * fresh account after @setup; all exports must be identical. Returns it. */
static char *
check_all_orders (Fixture *f, const char *setup, GPtrArray *ops)
{
  static gint64 account = 100;
  guint n = ops->len, perm[6], c[6] = { 0 };
  char *reference = NULL;
  guint orders = 0;
  SvCloudOpsHooks hooks = f->hooks;

  hooks.check_blob = NULL; /* these accounts upload nothing */
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (perm));
  for (guint i = 0; i < n; i++)
    perm[i] = i;

  /* Heap's algorithm: every permutation once. */
  for (guint i = 0;;)
    {
      g_autofree char *got = NULL;
      g_autoptr (JsonNode) r = NULL;

      account++;
      r = ops_test_apply (f->db, account, setup, &hooks);
      assert_all_applied (r);
      for (guint k = 0; k < n; k++)
        {
          g_autofree char *one =
              g_strdup_printf ("[%s]", (char *) g_ptr_array_index (ops, perm[k]));
          g_autoptr (JsonNode) rk = ops_test_apply (f->db, account, one, &hooks);

          assert_all_applied (rk);
        }
      got = ops_test_export_string (f->db, account);
      if (reference == NULL)
        reference = g_steal_pointer (&got);
      else if (g_strcmp0 (reference, got) != 0)
        g_error ("order %u diverged:\n%s\n%s", orders, reference, got);
      orders++;

      while (i < n && c[i] >= i)
        c[i++] = 0;
      if (i >= n)
        break;
      if (i % 2 == 0)
        {
          guint t = perm[0];
          perm[0] = perm[i];
          perm[i] = t;
        }
      else
        {
          guint t = perm[c[i]];
          perm[c[i]] = perm[i];
          perm[i] = t;
        }
      c[i]++;
      i = 0;
    }
  {
    guint fact = 1;

    for (guint i = 2; i <= n; i++)
      fact *= i;
    g_assert_cmpuint (orders, ==, fact);
  }
  return reference;
}

static void
test_rules_any_order (Fixture *f, gconstpointer data)
{
  g_autofree char *setup = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  const gint64 T = T0_MS;

  setup = batch (op_create (ITEM1, T, f->photo1, NULL), op_create (ITEM2, T, f->photo2, NULL),
                 op ("album.create", "album", ALBUM1, T, "\"name\":\"A\""),
                 op ("album.add", "album", ALBUM1, T, "\"item\":\"" ITEM1 "\""),
                 op ("album.add", "album", ALBUM1, T, "\"item\":\"" ITEM2 "\""), NULL);

  /* Keywords: a later add beats an earlier remove, whatever arrives last;
   * a later remove beats an earlier add. */
  {
    g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) ops2 = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *state = NULL, *state2 = NULL;
    JsonObject *it;
    g_autofree char *kws = NULL;

    g_ptr_array_add (
        ops, op_node (NULL, "item.keyword.add", "item", ITEM1, T + 1, "a", "\"keyword\":\"x\""));
    g_ptr_array_add (
        ops, op_node (NULL, "item.keyword.add", "item", ITEM1, T + 4, "b", "\"keyword\":\"x\""));
    g_ptr_array_add (
        ops, op_node (NULL, "item.keyword.remove", "item", ITEM1, T + 2, "c", "\"keyword\":\"x\""));
    g_ptr_array_add (ops2, op_node (NULL, "item.keyword.remove", "item", ITEM1, T + 1, "a",
                                    "\"keyword\":\"x\""));
    g_ptr_array_add (ops2, op_node (NULL, "item.keyword.remove", "item", ITEM1, T + 4, "b",
                                    "\"keyword\":\"x\""));
    g_ptr_array_add (
        ops2, op_node (NULL, "item.keyword.add", "item", ITEM1, T + 2, "c", "\"keyword\":\"x\""));
    state = check_all_orders (f, setup, ops);
    g_assert_true (json_parser_load_from_data (parser, state, -1, NULL));
    it = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                      "items"),
        0);
    kws = array_to_string (json_object_get_array_member (it, "keywords"));
    g_assert_cmpstr (kws, ==, "[\"x\"]");
    state2 = check_all_orders (f, setup, ops2);
    g_assert_null (strstr (state2, "\"keywords\":[\"x\"]"));
  }

  /* Album membership, the same rule. */
  {
    g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) ops2 = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *state = NULL, *state2 = NULL;

    g_ptr_array_add (
        ops, op_node (NULL, "album.remove", "album", ALBUM1, T + 1, "a", "\"item\":\"" ITEM1 "\""));
    g_ptr_array_add (
        ops, op_node (NULL, "album.remove", "album", ALBUM1, T + 4, "b", "\"item\":\"" ITEM1 "\""));
    g_ptr_array_add (
        ops, op_node (NULL, "album.add", "album", ALBUM1, T + 2, "c", "\"item\":\"" ITEM1 "\""));
    g_ptr_array_add (
        ops2, op_node (NULL, "album.add", "album", ALBUM1, T + 1, "a", "\"item\":\"" ITEM2 "\""));
    g_ptr_array_add (
        ops2, op_node (NULL, "album.add", "album", ALBUM1, T + 4, "b", "\"item\":\"" ITEM2 "\""));
    g_ptr_array_add (ops2, op_node (NULL, "album.remove", "album", ALBUM1, T + 2, "c",
                                    "\"item\":\"" ITEM2 "\""));
    state = check_all_orders (f, setup, ops);
    g_assert_nonnull (strstr (state, "\"items\":[\"" ITEM2 "\"]"));
    state2 = check_all_orders (f, setup, ops2);
    g_assert_nonnull (strstr (state2, "\"items\":[\"" ITEM1 "\",\"" ITEM2 "\"]"));
  }

  /* Album order (per-member LWW positions), rename, captions with a clock
   * tie broken by the device id, trash/restore, person names. */
  {
    g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *state = NULL;
    JsonObject *root, *it;

    g_ptr_array_add (ops, op_node (NULL, "album.order", "album", ALBUM1, T + 1, "a",
                                   "\"items\":[\"" ITEM1 "\",\"" ITEM2 "\"]"));
    g_ptr_array_add (ops, op_node (NULL, "album.order", "album", ALBUM1, T + 2, "b",
                                   "\"items\":[\"" ITEM2 "\",\"" ITEM1 "\"]"));
    g_ptr_array_add (
        ops, op_node (NULL, "album.rename", "album", ALBUM1, T + 3, "a", "\"name\":\"late\""));
    g_ptr_array_add (ops, op_node (NULL, "item.set", "item", ITEM1, T + 5, "a",
                                   "\"fields\":{\"caption\":\"from a\",\"rating\":1}"));
    g_ptr_array_add (ops, op_node (NULL, "item.set", "item", ITEM1, T + 5, "b",
                                   "\"fields\":{\"caption\":\"from b\"}"));
    state = check_all_orders (f, setup, ops);
    g_assert_true (json_parser_load_from_data (parser, state, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_nonnull (strstr (state, "\"name\":\"late\",\"created\":"));
    g_assert_nonnull (strstr (state, "\"items\":[\"" ITEM2 "\",\"" ITEM1 "\"]"));
    it = json_array_get_object_element (json_object_get_array_member (root, "items"), 0);
    g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "from b");
    g_assert_cmpint (json_object_get_int_member (it, "rating"), ==, 1);
  }
  {
    g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *state = NULL;

    g_ptr_array_add (ops, op_node (NULL, "item.trash", "item", ITEM2, T + 1, "a", NULL));
    g_ptr_array_add (ops, op_node (NULL, "item.restore", "item", ITEM2, T + 3, "b", NULL));
    g_ptr_array_add (ops, op_node (NULL, "item.trash", "item", ITEM2, T + 2, "c", NULL));
    g_ptr_array_add (
        ops, op_node (NULL, "person.name", "person", PERSON, T + 2, "a", "\"name\":\"Zoé\""));
    g_ptr_array_add (
        ops, op_node (NULL, "person.name", "person", PERSON, T + 1, "b", "\"name\":\"Ann\""));
    state = check_all_orders (f, setup, ops);
    g_assert_null (strstr (state, "\"trashed\":true"));
    g_assert_nonnull (strstr (state, "\"name\":\"Zoé\""));
  }
}

static void
test_validation (Fixture *f, gconstpointer data)
{
  g_autofree char *huge_caption = NULL, *long_kw = NULL, *many_kw = NULL;
  g_autoptr (GString) ops = g_string_new ("[");
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) codes = g_ptr_array_new ();
  g_autoptr (JsonNode) res = NULL, ex = NULL;
  g_autoptr (JsonArray) arr = NULL;
  gint64 future_ms = T0_MS + 25 * 3600 * 1000;
  JsonObject *bad;
  guint nan_index;

#define ADD(code, ...)                                                                             \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_ptr_array_add (texts, g_strdup_printf (__VA_ARGS__));                                        \
    g_ptr_array_add (codes, (gpointer) (code));                                                    \
  }                                                                                                \
  G_STMT_END
#define HLC "\"hlc\":\"1767225600000-00000-dev1\""
#define OPID(n) "\"op_id\":\"0b000000-0000-4000-8000-0000000000" #n "\""

  {
    g_autoptr (JsonNode) r =
        apply (f, ACCT_A,
               batch (op_create (ITEM1, T0_MS, f->photo1, NULL),
                      op ("album.create", "album", ALBUM1, T0_MS, "\"name\":\"A\""), NULL));
    assert_all_applied (r);
  }

  huge_caption = g_strnfill (10001, 'x');
  long_kw = g_strnfill (201, 'k');

  ADD ("applied", "{" OPID (10) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                "\",\"fields\":{\"caption\":\"good one\"}}");
  ADD ("invalid_op", "42");
  ADD ("invalid_op", "[\"not\",\"an\",\"object\"]");
  ADD ("invalid_op_id", "{" HLC ",\"type\":\"item.trash\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_op_id",
       "{\"op_id\":\"nope\"," HLC ",\"type\":\"item.trash\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_op_id", "{\"op_id\":12," HLC ",\"type\":\"item.trash\",\"item\":\"" ITEM1 "\"}");
  ADD ("unknown_type", "{" OPID (11) "," HLC ",\"type\":\"item.explode\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_op", "{" OPID (12) "," HLC ",\"type\":7,\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_hlc",
       "{" OPID (13) ",\"hlc\":\"yesterday\",\"type\":\"item.trash\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_hlc",
       "{" OPID (14) ",\"hlc\":1767225600000,\"type\":\"item.trash\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_hlc", "{" OPID (15) ",\"hlc\":\"0000000000001-00000-dev1\",\"type\":\"item.trash\","
                                    "\"item\":\"" ITEM1 "\"}");
  ADD ("clock_in_future",
       "{" OPID (16) ",\"hlc\":\"%013" G_GINT64_FORMAT "-00000-dev1\",\"type\":\"item.trash\","
                     "\"item\":\"" ITEM1 "\"}",
       future_ms);
  ADD ("invalid_id", "{" OPID (17) "," HLC ",\"type\":\"item.trash\",\"item\":\"../../etc\"}");
  ADD ("invalid_id", "{" OPID (18) "," HLC ",\"type\":\"item.trash\",\"item\":[1]}");
  ADD ("invalid_op", "{" OPID (19) "," HLC ",\"type\":\"item.trash\"}");
  ADD ("too_long",
       "{" OPID (20) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                     "\",\"fields\":{\"caption\":\"%s\"}}",
       huge_caption);
  ADD ("too_long",
       "{" OPID (21) "," HLC ",\"type\":\"item.keyword.add\",\"item\":\"" ITEM1
                     "\",\"keyword\":\"%s\"}",
       long_kw);
  ADD ("invalid_value", "{" OPID (22) "," HLC ",\"type\":\"item.keyword.add\",\"item\":\"" ITEM1
                                      "\",\"keyword\":\"\"}");
  ADD ("invalid_value", "{" OPID (23) "," HLC ",\"type\":\"item.keyword.add\",\"item\":\"" ITEM1
                                      "\",\"keyword\":\"a\\u0007b\"}");
  ADD ("invalid_value", "{" OPID (24) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"rating\":6}}");
  ADD ("invalid_value", "{" OPID (25) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"rating\":2.5}}");
  ADD ("invalid_value", "{" OPID (26) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"rating\":\"5\"}}");
  ADD ("invalid_value", "{" OPID (27) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"favourite\":1}}");
  ADD ("invalid_value",
       "{" OPID (28) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                     "\",\"fields\":{\"place\":{\"latitude\":91,\"longitude\":0}}}");
  ADD ("invalid_value",
       "{" OPID (29) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                     "\",\"fields\":{\"place\":{\"latitude\":1e400,\"longitude\":0}}}");
  ADD ("invalid_value", "{" OPID (30) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"taken_at\":\"2023-02-30T10:00:00\"}}");
  ADD ("invalid_value",
       "{" OPID (31) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                     "\",\"fields\":{\"taken_at\":\"2023-02-03T10:00:00\",\"utc_offset\":9999}}");
  ADD ("invalid_value", "{" OPID (32) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                      "\",\"fields\":{\"utc_offset\":60}}");
  ADD ("invalid_op", "{" OPID (33) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                   "\",\"fields\":{\"unknown\":1}}");
  ADD ("invalid_op", "{" OPID (34) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                   "\",\"fields\":\"caption\"}");
  ADD ("invalid_value",
       "{" OPID (35) "," HLC ",\"type\":\"item.create\",\"item\":\"" ITEM2
                     "\",\"blob\":\"%s\",\"kind\":\"sound\"}",
       f->photo2);
  ADD ("invalid_value",
       "{" OPID (36) "," HLC ",\"type\":\"item.create\",\"item\":\"" ITEM2
                     "\",\"blob\":\"../%s\",\"kind\":\"photo\"}",
       f->photo2);
  ADD ("invalid_value",
       "{" OPID (37) "," HLC ",\"type\":\"item.create\",\"item\":\"" ITEM2
                     "\",\"blob\":\"%s\",\"kind\":\"photo\",\"width\":-1}",
       f->photo2);
  ADD ("blob_not_found",
       "{" OPID (38) "," HLC ",\"type\":\"item.create\",\"item\":\"" ITEM2
                     "\",\"blob\":\"%s\",\"kind\":\"photo\"}",
       "0000000000000000000000000000000000000000000000000000000000000000");
  ADD ("kind_mismatch",
       "{" OPID (39) "," HLC ",\"type\":\"item.create\",\"item\":\"" ITEM2
                     "\",\"blob\":\"%s\",\"kind\":\"video\"}",
       f->photo2);
  ADD ("not_found", "{" OPID (40) "," HLC ",\"type\":\"album.add\",\"album\":\"" ALBUM1
                                  "\",\"item\":\"" ITEM3 "\"}");
  ADD ("not_found", "{" OPID (41) "," HLC ",\"type\":\"album.add\",\"album\":\"" ALBUM2
                                  "\",\"item\":\"" ITEM1 "\"}");
  ADD ("invalid_value", "{" OPID (42) "," HLC ",\"type\":\"album.order\",\"album\":\"" ALBUM1
                                      "\",\"items\":[\"" ITEM1 "\",\"" ITEM1 "\"]}");
  ADD ("invalid_value",
       "{" OPID (43) "," HLC ",\"type\":\"album.create\",\"album\":\"" ALBUM2 "\",\"name\":\"\"}");
  ADD ("exists", "{" OPID (44) "," HLC ",\"type\":\"album.create\",\"album\":\"" ALBUM1
                               "\",\"name\":\"again\"}");
  ADD ("invalid_value",
       "{" OPID (45) "," HLC ",\"type\":\"person.name\",\"person\":\"" PERSON "\",\"name\":null}");
  /* unknown members are ignored */
  ADD ("applied",
       "{" OPID (46) "," HLC ",\"type\":\"item.keyword.add\",\"item\":\"" ITEM1
                     "\",\"keyword\":\"ok\",\"evil\":{\"deep\":[1,2,3]},\"__proto__\":1}");
  /* placeholder for a NaN built through the API (JSON text cannot carry it) */
  ADD ("invalid_value",
       "{" OPID (47) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                     "\",\"fields\":{\"place\":{\"latitude\":0,\"longitude\":0}}}");
  nan_index = texts->len - 1;
  ADD ("applied", "{" OPID (48) "," HLC ",\"type\":\"item.set\",\"item\":\"" ITEM1
                                "\",\"fields\":{\"rating\":5}}");

  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append_c (ops, ',');
      g_string_append (ops, g_ptr_array_index (texts, i));
    }
  g_string_append_c (ops, ']');

  arr = ops_test_parse_array (ops->str);
  bad = json_object_get_object_member (
      json_object_get_object_member (json_array_get_object_element (arr, nan_index), "fields"),
      "place");
  json_object_set_double_member (bad, "latitude", NAN);
  json_object_set_double_member (bad, "longitude", INFINITY);
  {
    g_autoptr (GError) error = NULL;

    res = sv_cloud_ops_apply (f->db, ACCT_A, "dev", arr, &f->hooks, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < codes->len; i++)
    {
      const char *want = g_ptr_array_index (codes, i);
      const char *status = ops_test_status (res, i);
      JsonObject *r = ops_test_result (res, i);

      if (g_strcmp0 (want, "applied") == 0)
        {
          g_assert_cmpstr (status, ==, "applied");
          continue;
        }
      if (g_strcmp0 (status, "rejected") != 0 || g_strcmp0 (ops_test_code (res, i), want) != 0)
        g_error ("op %u: wanted %s, got %s/%s", i, want, status, ops_test_code (res, i));
      /* every rejection has a non-empty message */
      g_assert_cmpstr (
          json_object_get_string_member (json_object_get_object_member (r, "error"), "message"), !=,
          "");
      g_assert_false (json_object_has_member (r, "seq"));
    }

  ex = do_export (f, ACCT_A);
  {
    JsonObject *it = export_item (ex, ITEM1);
    g_autofree char *kws = array_to_string (json_object_get_array_member (it, "keywords"));

    g_assert_cmpstr (json_object_get_string_member (it, "caption"), ==, "good one");
    g_assert_cmpint (json_object_get_int_member (it, "rating"), ==, 5);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (it, "place")));
    g_assert_cmpstr (kws, ==, "[\"ok\"]");
    g_assert_null (export_item (ex, ITEM2));
  }
  /* Only the 3 good ops (+2 setup) were logged, in canonical form. */
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM ops_log"), ==, 5);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM ops_log WHERE body LIKE '%evil%'"), ==,
                   0);

  /* Keyword limit: 500 present per item. */
  {
    g_autoptr (GString) kw = g_string_new ("[");
    g_autoptr (JsonNode) r = NULL, r2 = NULL;

    for (guint i = 0; i < 499; i++)
      {
        g_autofree char *extra = g_strdup_printf ("\"keyword\":\"k%u\"", i);
        g_autofree char *o = op ("item.keyword.add", "item", ITEM1, T0_MS + 100, extra);

        if (i > 0)
          g_string_append_c (kw, ',');
        g_string_append (kw, o);
      }
    g_string_append_c (kw, ']');
    r = ops_test_apply (f->db, ACCT_A, kw->str, &f->hooks);
    assert_all_applied (r); /* "ok" + 499 = 500 */
    r2 = apply (
        f, ACCT_A,
        batch (op ("item.keyword.add", "item", ITEM1, T0_MS + 101, "\"keyword\":\"one more\""),
               op ("item.keyword.add", "item", ITEM1, T0_MS + 101, "\"keyword\":\"k7\""),
               op ("item.keyword.remove", "item", ITEM1, T0_MS + 101, "\"keyword\":\"k8\""),
               op ("item.keyword.add", "item", ITEM1, T0_MS + 102, "\"keyword\":\"one more\""),
               NULL));
    g_assert_cmpstr (ops_test_code (r2, 0), ==, "too_many");
    g_assert_cmpstr (ops_test_status (r2, 1), ==, "applied");
    g_assert_cmpstr (ops_test_status (r2, 2), ==, "applied");
    g_assert_cmpstr (ops_test_status (r2, 3), ==, "applied");
  }
  many_kw = NULL;
#undef ADD
#undef HLC
#undef OPID
}

/* A random JSON value of a random type (strings sometimes valid UUIDs,
 * clocks or huge). */
static JsonNode *
random_value (GRand *r, guint depth)
{
  static const char *const strings[] = {
    ITEM1,      ALBUM1,        PERSON,  "1767225600000-00000-dev1", "9999999999999-99999-x",
    "",         "photo",       "video", "2024-02-29T10:00:00",      "2023-02-29T10:00:00",
    "item.set", "album.order", "../x",  "\xc3\xa9t\xc3\xa9",        "\x01",
    "original",
  };
  JsonNode *n;

  switch (g_rand_int_range (r, 0, depth > 2 ? 5 : 7))
    {
      case 0:
        n = json_node_new (JSON_NODE_NULL);
        break;
      case 1:
        n = json_node_new (JSON_NODE_VALUE);
        json_node_set_boolean (n, g_rand_boolean (r));
        break;
      case 2:
        {
          static const gint64 ints[] = {
            0, 1, 5, 6, -1, G_MAXINT64, G_MININT64, 1000001, 840, -841
          };

          n = json_node_new (JSON_NODE_VALUE);
          json_node_set_int (n, ints[g_rand_int_range (r, 0, G_N_ELEMENTS (ints))]);
          break;
        }
      case 3:
        {
          const double doubles[] = { 0.5, -90.0001, 180.0, 1e308, NAN, INFINITY, -INFINITY };

          n = json_node_new (JSON_NODE_VALUE);
          json_node_set_double (n, doubles[g_rand_int_range (r, 0, G_N_ELEMENTS (doubles))]);
          break;
        }
      case 4:
        n = json_node_new (JSON_NODE_VALUE);
        if (g_rand_int_range (r, 0, 20) == 0)
          {
            g_autofree char *big = g_strnfill (g_rand_int_range (r, 150, 20000), 'z');

            json_node_set_string (n, big);
          }
        else
          {
            json_node_set_string (n, strings[g_rand_int_range (r, 0, G_N_ELEMENTS (strings))]);
          }
        break;
      case 5:
        {
          JsonArray *a = json_array_new ();
          guint len = g_rand_int_range (r, 0, 4);

          for (guint i = 0; i < len; i++)
            json_array_add_element (a, random_value (r, depth + 1));
          n = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (n, a);
          break;
        }
      default:
        {
          static const char *const keys[] = { "caption",    "rating", "favourite",    "taken_at",
                                              "utc_offset", "place",  "latitude",     "longitude",
                                              "altitude",   "city",   "country_code", "x" };
          JsonObject *o = json_object_new ();
          guint len = g_rand_int_range (r, 0, 5);

          for (guint i = 0; i < len; i++)
            json_object_set_member (o, keys[g_rand_int_range (r, 0, G_N_ELEMENTS (keys))],
                                    random_value (r, depth + 1));
          n = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (n, o);
          break;
        }
    }
  return n;
}

/* Random, mostly broken ops: never a crash or a request failure; every
 * result is applied/duplicate/rejected with a documented code, and the state
 * stays exportable. */
static void
test_random_hostile (Fixture *f, gconstpointer data)
{
  static const char *const codes[] = {
    "invalid_op",     "invalid_op_id", "invalid_hlc",   "clock_in_future", "unknown_type",
    "invalid_id",     "invalid_value", "too_long",      "too_many",        "not_found",
    "exists",         "purged",        "album_deleted", "blob_not_found",  "kind_mismatch",
    "quota_exceeded", "blob_rejected",
  };
  static const char *const types[] = {
    /* no item.purge / album.delete: those tombstones would end the run early */
    "item.create", "item.set",     "item.keyword.add", "item.keyword.remove",
    "item.trash",  "item.restore", "album.create",     "album.rename",
    "album.add",   "album.remove", "album.order",      "person.name",
    "nope",
  };
  static const char *const members[] = { "item",  "album",  "person",  "fields", "keyword",
                                         "name",  "items",  "blob",    "kind",   "copy",
                                         "width", "height", "keywords" };
  g_autoptr (GRand) r = g_rand_new_with_seed (1234);
  g_autoptr (JsonNode) setup = NULL;
  guint applied = 0, rejected = 0;

  setup = apply (f, ACCT_A,
                 batch (op_create (ITEM1, T0_MS, f->photo1, NULL),
                        op_create (ITEM2, T0_MS, f->photo2, NULL),
                        op ("album.create", "album", ALBUM1, T0_MS, "\"name\":\"A\""), NULL));
  assert_all_applied (setup);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr (JsonArray) ops = json_array_new ();
      g_autoptr (JsonNode) res = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *state = NULL;

      for (guint i = 0; i < 100; i++)
        {
          JsonObject *o = json_object_new ();
          g_autofree char *id = g_uuid_string_random ();
          guint extra = g_rand_int_range (r, 0, 6);

          if (g_rand_int_range (r, 0, 10) != 0)
            json_object_set_string_member (o, "op_id", id);
          else
            json_object_set_member (o, "op_id", random_value (r, 0));
          if (g_rand_int_range (r, 0, 8) != 0)
            json_object_set_string_member (o, "hlc", "1767225600000-00000-dev1");
          else
            json_object_set_member (o, "hlc", random_value (r, 0));
          json_object_set_string_member (o, "type",
                                         types[g_rand_int_range (r, 0, G_N_ELEMENTS (types))]);
          /* Plausible targets most of the time, so deeper checks run too. */
          json_object_set_string_member (o, "item", g_rand_boolean (r) ? ITEM1 : ITEM2);
          json_object_set_string_member (o, "album", ALBUM1);
          json_object_set_string_member (o, "person", PERSON);
          if (g_rand_boolean (r))
            json_object_set_string_member (o, "blob", f->photo1);
          for (guint k = 0; k < extra; k++)
            json_object_set_member (o, members[g_rand_int_range (r, 0, G_N_ELEMENTS (members))],
                                    random_value (r, 0));
          json_array_add_object_element (ops, o);
        }
      res = sv_cloud_ops_apply (f->db, ACCT_A, "fuzz", ops, &f->hooks, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 100; i++)
        {
          const char *status = ops_test_status (res, i);

          if (g_strcmp0 (status, "applied") == 0)
            applied++;
          else if (g_strcmp0 (status, "rejected") == 0)
            {
              const char *code = ops_test_code (res, i);
              gboolean known = FALSE;

              for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
                known |= g_strcmp0 (code, codes[c]) == 0;
              g_assert_true (known);
              rejected++;
            }
          else
            g_assert_cmpstr (status, ==, "duplicate");
        }
      state = ops_test_export_string (f->db, ACCT_A);
      g_assert_nonnull (state);
    }
  g_test_message ("%u applied, %u rejected", applied, rejected);
  g_assert_cmpuint (applied, >, 0);
  g_assert_cmpuint (rejected, >, 0);
}

static void
test_request_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) big = json_array_new ();
  g_autoptr (JsonArray) empty = json_array_new ();
  g_autoptr (JsonNode) res = NULL;
  JsonNode *none;

  none = sv_cloud_ops_apply (f->db, ACCT_A, "dev", NULL, &f->hooks, &error);
  g_assert_null (none);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint i = 0; i < SV_CLOUD_OPS_MAX_BATCH + 1; i++)
    json_array_add_int_element (big, i);
  none = sv_cloud_ops_apply (f->db, ACCT_A, "dev", big, &f->hooks, &error);
  g_assert_null (none);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_assert_true (sqlite3_get_autocommit (f->db));
  g_clear_error (&error);

  /* 1000 junk ops: one request, each rejected. */
  json_array_remove_element (big, 0);
  res = sv_cloud_ops_apply (f->db, ACCT_A, "dev", big, &f->hooks, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ops_test_code (res, 999), ==, "invalid_op");
  g_clear_pointer (&res, json_node_unref);

  res = sv_cloud_ops_apply (f->db, ACCT_A, NULL, empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (res), "last_seq"), ==, 0);
  g_clear_pointer (&res, json_node_unref);

  /* Inside the caller's transaction: a savepoint, the caller decides. */
  g_assert_cmpint (sqlite3_exec (f->db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  res = apply (f, ACCT_A, batch (op_create (ITEM1, T0_MS, f->photo1, NULL), NULL));
  assert_all_applied (res);
  g_assert_false (sqlite3_get_autocommit (f->db));
  g_assert_cmpint (sqlite3_exec (f->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM item_state"), ==, 0);
}

static void
test_quota (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) res = NULL;

  g_hash_table_add (f->full, GINT_TO_POINTER (ACCT_B));
  res = apply (f, ACCT_B, batch (op_create (ITEM1, T0_MS, f->photo1, NULL), NULL));
  g_assert_cmpstr (ops_test_code (res, 0), ==, "quota_exceeded");
  g_clear_pointer (&res, json_node_unref);
  /* A blob only A uploaded is not B's. */
  g_hash_table_remove_all (f->full);
  g_hash_table_remove (f->blobs,
                       "2:76204f90870d97c2d462c58e113f8a90f2edf4b6fbd95ac2f0f876bb4e61b311");
  res = apply (f, ACCT_B, batch (op_create (ITEM1, T0_MS, f->photo1, NULL), NULL));
  g_assert_cmpstr (ops_test_code (res, 0), ==, "blob_not_found");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM item_state"), ==, 0);
}

static gboolean
contains (GPtrArray *arr, const char *s)
{
  for (guint i = 0; i < arr->len; i++)
    if (g_strcmp0 (g_ptr_array_index (arr, i), s) == 0)
      return TRUE;
  return FALSE;
}

static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) unref = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonNode) res = NULL, ex = NULL, feed = NULL;
  const gint64 T = T0_MS * 1000;
  const gint64 retention = SV_CLOUD_OPS_DEFAULT_RETENTION_USEC;
  g_autofree char *o1 = NULL;

  /* A: ITEM1 (photo1) and ITEM2 (photo1 too), ITEM3 (photo2). B: ITEM1 (photo2). */
  res = apply (f, ACCT_A,
               batch (op_create (ITEM1, T0_MS, f->photo1, NULL),
                      op_create (ITEM2, T0_MS, f->photo1, NULL),
                      op_create (ITEM3, T0_MS, f->photo2, NULL),
                      op ("album.create", "album", ALBUM1, T0_MS, "\"name\":\"x\""),
                      op ("album.add", "album", ALBUM1, T0_MS, "\"item\":\"" ITEM1 "\""), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  res = apply (f, ACCT_B, batch (op_create (ITEM1, T0_MS, f->photo2, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);

  /* Trash everything of A at T (+1 ms), B's ITEM1 too. */
  res = apply (f, ACCT_A,
               batch (op ("item.trash", "item", ITEM1, T0_MS + 1, NULL),
                      op ("item.trash", "item", ITEM2, T0_MS + 1, NULL),
                      op ("item.trash", "item", ITEM3, T0_MS + 1, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);

  /* T + 29 days: nothing goes. */
  g_assert_true (sv_cloud_ops_purge_expired (f->db, T + 29 * DAY_USEC, retention, unref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unref->len, ==, 0);
  ex = do_export (f, ACCT_A);
  g_assert_nonnull (export_item (ex, ITEM1));
  g_assert_true (json_object_get_boolean_member (export_item (ex, ITEM1), "trashed"));
  g_clear_pointer (&ex, json_node_unref);

  /* Restore ITEM2 at T + 30 days: it survives; the others go at T + 31. */
  f->now_usec = T + 30 * DAY_USEC;
  res = apply (f, ACCT_A,
               batch (op ("item.restore", "item", ITEM2, (T + 30 * DAY_USEC) / 1000, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);

  g_assert_true (sv_cloud_ops_purge_expired (f->db, T + 31 * DAY_USEC, retention, unref, &error));
  g_assert_no_error (error);
  /* photo1 is still used by ITEM2; photo2 by B's ITEM1. */
  g_assert_cmpuint (unref->len, ==, 0);
  ex = do_export (f, ACCT_A);
  g_assert_null (export_item (ex, ITEM1));
  g_assert_nonnull (export_item (ex, ITEM2));
  g_assert_null (export_item (ex, ITEM3));
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (export_album (ex, ALBUM1), "items")), ==,
      0);
  g_clear_pointer (&ex, json_node_unref);

  /* The purges are in A's feed as server ops; a restore after purge fails. */
  feed = sv_cloud_ops_changes (f->db, ACCT_A, 0, 1000, &error);
  g_assert_no_error (error);
  {
    JsonArray *changes = json_object_get_array_member (json_node_get_object (feed), "changes");
    guint purges = 0;

    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *c = json_array_get_object_element (changes, i);

        if (g_strcmp0 (json_object_get_string_member (c, "type"), "item.purge") == 0)
          {
            purges++;
            g_assert_true (g_str_has_suffix (json_object_get_string_member (c, "hlc"), "-server"));
          }
      }
    g_assert_cmpuint (purges, ==, 2);
  }
  f->now_usec = T + 31 * DAY_USEC;
  res = apply (f, ACCT_A,
               batch (op ("item.restore", "item", ITEM1, (T + 31 * DAY_USEC) / 1000, NULL), NULL));
  g_assert_cmpstr (ops_test_code (res, 0), ==, "purged");
  g_clear_pointer (&res, json_node_unref);

  /* B purges its ITEM1 itself: photo2 has no reference left → reported by
   * the next periodic run, once. A purges ITEM2: photo1 too. */
  res = apply (f, ACCT_B,
               batch (op ("item.purge", "item", ITEM1, (T + 31 * DAY_USEC) / 1000, NULL), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  g_assert_false (sv_cloud_ops_blob_is_referenced (f->db, f->photo2));
  g_assert_true (sv_cloud_ops_blob_is_referenced (f->db, f->photo1));
  g_assert_true (sv_cloud_ops_purge_expired (f->db, T + 31 * DAY_USEC, retention, unref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unref->len, ==, 1);
  g_assert_true (contains (unref, f->photo2));
  g_ptr_array_set_size (unref, 0);
  g_assert_true (sv_cloud_ops_purge_expired (f->db, T + 32 * DAY_USEC, retention, unref, &error));
  g_assert_cmpuint (unref->len, ==, 0);

  o1 = op ("item.purge", "item", ITEM2, (T + 31 * DAY_USEC) / 1000, NULL);
  res = apply (f, ACCT_A, batch (g_steal_pointer (&o1), NULL));
  assert_all_applied (res);
  g_assert_true (sv_cloud_ops_purge_expired (f->db, T + 32 * DAY_USEC, retention, unref, &error));
  g_assert_cmpuint (unref->len, ==, 1);
  g_assert_true (contains (unref, f->photo1));
}

static void
test_delete_account (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) unref = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonNode) res = NULL, ex = NULL, feed = NULL;
  g_autofree char *b_before = NULL, *b_after = NULL;

  res = apply (f, ACCT_A,
               batch (op_create (ITEM1, T0_MS, f->photo1, "\"keywords\":[\"a\"]"),
                      op_create (ITEM2, T0_MS, f->photo2, NULL),
                      op ("album.create", "album", ALBUM1, T0_MS, "\"name\":\"x\""),
                      op ("album.add", "album", ALBUM1, T0_MS, "\"item\":\"" ITEM1 "\""),
                      op ("person.name", "person", PERSON, T0_MS, "\"name\":\"p\""), NULL));
  assert_all_applied (res);
  g_clear_pointer (&res, json_node_unref);
  res = apply (f, ACCT_B, batch (op_create (ITEM1, T0_MS, f->photo2, NULL), NULL));
  assert_all_applied (res);
  b_before = ops_test_export_string (f->db, ACCT_B);

  g_assert_true (sv_cloud_ops_delete_account (f->db, ACCT_A, unref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unref->len, ==, 1);
  g_assert_true (contains (unref, f->photo1)); /* photo2 is still B's */

  ex = do_export (f, ACCT_A);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (ex), "items")), ==,
      0);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (ex), "albums")),
      ==, 0);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (ex), "persons")),
      ==, 0);
  feed = sv_cloud_ops_changes (f->db, ACCT_A, 0, 1000, &error);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (feed), "changes")),
      ==, 0);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM item_field"), ==, 0);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM item_keyword"), ==, 0);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM album_member"), ==, 0);
  b_after = ops_test_export_string (f->db, ACCT_B);
  g_assert_cmpstr (b_before, ==, b_after);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_F(path, fn)                                                                            \
  g_test_add ("/server/ops/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/server/ops/hlc", test_hlc);
  ADD_F ("migrate", test_migrate);
  ADD_F ("apply/each-type", test_each_type);
  ADD_F ("apply/duplicate", test_duplicate);
  ADD_F ("apply/rules-any-order", test_rules_any_order);
  ADD_F ("apply/validation", test_validation);
  ADD_F ("apply/request-errors", test_request_errors);
  ADD_F ("apply/random-hostile", test_random_hostile);
  ADD_F ("apply/blob-checks", test_quota);
  ADD_F ("changes/paging", test_changes);
  ADD_F ("isolation", test_isolation);
  ADD_F ("trash/retention", test_retention);
  ADD_F ("delete-account", test_delete_account);
#undef ADD_F

  return g_test_run ();
}
