/* test-ops-converge.c: randomised convergence of the operations engine.
 *
 * 2–4 simulated devices edit shared items and albums offline in rounds
 * (concurrent captions, keyword add/remove races, trash/restore races, album
 * add/remove/order races, renames, purges, album deletions, new items), with
 * hybrid logical clocks that tick on local events and merge on sync. Every
 * device's ops are then delivered in many random interleavings (each device's
 * own order kept, and an op on another device's new item after its create),
 * in random batches with replays, to one server database (one account per
 * interleaving) and to fresh database files; the export must be identical
 * every time. A "client" that pulls the change feed page by page and applies
 * it with the same engine to its own database must reach the same state.
 *
 * Seeds are fixed; on failure the seed and interleaving are printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ops-converge"

#include "config.h"

#include "ops-test-util.h"
#include "sv-hash.h"
#include "sv-hlc.h"

/* Under AddressSanitizer with slow unwinding every allocation costs ~25×, so
 * the simulated sessions are shorter and two of the four seeds run there. */
#if defined(__SANITIZE_ADDRESS__)
#define SV_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SV_TEST_SANITIZED 1
#endif
#endif

#ifdef SV_TEST_SANITIZED
#define N_ROUNDS 2
#define OPS_PER_DEVICE 6
#else
#define N_ROUNDS 3
#define OPS_PER_DEVICE 28
#endif
#define INTERLEAVINGS 50 /* per seed; 4 seeds → 200 */
#define N_KEYWORDS 6
#define MAX_DEPS 8

static const char *const keyword_pool[N_KEYWORDS] = { "plage", "beach", "Noël",
                                                      "chat",  "mer",   "famille" };
static const char *const caption_pool[] = { "Au bord de la mer", "Birthday", "Été 2024", "",
                                            "Chez mamie",        "Sunset" };
static const char *const name_pool[] = { "Vacances", "Family", "Best of", "Noël 2025" };

typedef struct
{
  JsonNode *node;
  int device;
  int deps[MAX_DEPS]; /* indices of ops that must come first, -1 = none */
} SimOp;

typedef struct
{
  char name[16];
  SvHlc clock;
  gint64 skew_ms;
  int last_op;
  GPtrArray *items;  /* known item uuids */
  GPtrArray *albums; /* known album uuids */
} Device;

typedef struct
{
  guint32 seed;
  GRand *rand;
  gint64 now_ms;
  guint n_devices;
  Device devices[4];
  GArray *ops;         /* SimOp */
  GHashTable *creator; /* uuid → index of the creating op */
  GPtrArray *persons;
  GPtrArray *blobs;
  GPtrArray *new_items;  /* created during the current round */
  GPtrArray *new_albums; /* idem */
} Sim;

typedef struct
{
  gint64 now_usec;
} Clock;

static gint64
clock_now (gpointer user_data)
{
  return ((Clock *) user_data)->now_usec;
}

static char *
rand_uuid (GRand *r)
{
  guint32 w[4];

  for (guint i = 0; i < 4; i++)
    w[i] = g_rand_int (r);
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x", w[0], w[1] >> 16, w[1] & 0xfff,
                          0x8000 | (w[2] & 0x3fff), w[2] >> 16, w[3]);
}

static const char *
pick (Sim *s, GPtrArray *arr)
{
  if (arr->len == 0)
    return NULL;
  return g_ptr_array_index (arr, g_rand_int_range (s->rand, 0, (gint32) arr->len));
}

/* Three hot items, two hot albums and two hot keywords take most edits, so
 * that devices race on the same fields and set elements. */
static const char *
pick_hot (Sim *s, GPtrArray *arr, guint hot)
{
  if (arr->len > 0 && g_rand_int_range (s->rand, 0, 4) != 0)
    return g_ptr_array_index (arr, g_rand_int_range (s->rand, 0, (gint32) MIN (hot, arr->len)));
  return pick (s, arr);
}

/* A cold (non-hot) element, or NULL. */
static const char *
pick_cold (Sim *s, GPtrArray *arr, guint hot)
{
  if (arr->len <= hot)
    return NULL;
  return g_ptr_array_index (arr, g_rand_int_range (s->rand, (gint32) hot, (gint32) arr->len));
}

static const char *
pick_keyword (Sim *s)
{
  if (g_rand_int_range (s->rand, 0, 5) != 0)
    return keyword_pool[g_rand_int_range (s->rand, 0, 2)];
  return keyword_pool[g_rand_int_range (s->rand, 0, N_KEYWORDS)];
}

static JsonObject *
begin_op (Sim *s, Device *d, const char *type, const char *key, const char *target)
{
  JsonObject *o = json_object_new ();
  char hlc[SV_HLC_STRING_MAX + 1];
  g_autofree char *op_id = rand_uuid (s->rand);

  sv_hlc_tick (&d->clock, s->now_ms + d->skew_ms);
  sv_hlc_format (&d->clock, hlc, sizeof hlc);
  json_object_set_string_member (o, "op_id", op_id);
  json_object_set_string_member (o, "hlc", hlc);
  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, key, target);
  return o;
}

/* Records the op; it must be delivered after the device's previous op and
 * after the creates of the items and albums in @refs (NULL-terminated). */
static void
finish_op_refs (Sim *s, Device *d, JsonObject *o, const char *const *refs)
{
  SimOp op = { 0 };
  guint n = 0;

  op.node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (op.node, o);
  op.device = (int) (d - s->devices);
  for (guint i = 0; i < MAX_DEPS; i++)
    op.deps[i] = -1;
  op.deps[n++] = d->last_op;
  for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
    {
      gpointer idx;

      g_assert_cmpuint (n, <, MAX_DEPS);
      if (g_hash_table_lookup_extended (s->creator, refs[i], NULL, &idx))
        op.deps[n++] = GPOINTER_TO_INT (idx);
    }
  g_array_append_val (s->ops, op);
  d->last_op = (int) s->ops->len - 1;
}

static void
finish_op (Sim *s, Device *d, JsonObject *o, const char *ref1, const char *ref2)
{
  const char *refs[3] = { ref1, ref1 != NULL ? ref2 : NULL, NULL };

  finish_op_refs (s, d, o, refs);
}

static void
created (Sim *s, const char *uuid, GPtrArray *known, GPtrArray *round_list)
{
  g_hash_table_insert (s->creator, g_strdup (uuid), GINT_TO_POINTER ((int) s->ops->len - 1));
  g_ptr_array_add (known, g_strdup (uuid));
  g_ptr_array_add (round_list, g_strdup (uuid));
}

static void
op_create_item (Sim *s, Device *d)
{
  g_autofree char *uuid = rand_uuid (s->rand);
  JsonObject *o = begin_op (s, d, "item.create", "item", uuid);
  JsonObject *fields = json_object_new ();
  JsonArray *kws = json_array_new ();

  json_object_set_string_member (o, "blob", pick (s, s->blobs));
  json_object_set_string_member (o, "kind", g_rand_boolean (s->rand) ? "photo" : "video");
  json_object_set_int_member (o, "width", g_rand_int_range (s->rand, 1, 5000));
  json_object_set_int_member (o, "height", g_rand_int_range (s->rand, 1, 5000));
  json_object_set_string_member (o, "copy", g_rand_boolean (s->rand) ? "original" : "space-saving");
  json_object_set_string_member (fields, "caption", caption_pool[g_rand_int_range (s->rand, 0, 6)]);
  json_object_set_int_member (fields, "rating", g_rand_int_range (s->rand, 0, 6));
  json_object_set_object_member (o, "fields", fields);
  json_array_add_string_element (kws, keyword_pool[g_rand_int_range (s->rand, 0, N_KEYWORDS)]);
  json_object_set_array_member (o, "keywords", kws);
  finish_op (s, d, o, NULL, NULL);
  created (s, uuid, d->items, s->new_items);
}

static void
op_create_album (Sim *s, Device *d)
{
  g_autofree char *uuid = rand_uuid (s->rand);
  JsonObject *o = begin_op (s, d, "album.create", "album", uuid);

  json_object_set_string_member (o, "name", name_pool[g_rand_int_range (s->rand, 0, 4)]);
  finish_op (s, d, o, NULL, NULL);
  created (s, uuid, d->albums, s->new_albums);
}

static void
op_set (Sim *s, Device *d, const char *item)
{
  JsonObject *o = begin_op (s, d, "item.set", "item", item);
  JsonObject *fields = json_object_new ();
  guint what = g_rand_int_range (s->rand, 0, 6);

  /* Mostly captions (the classic race), else other fields, sometimes several. */
  if (what <= 2 || g_rand_int_range (s->rand, 0, 4) == 0)
    json_object_set_string_member (fields, "caption",
                                   caption_pool[g_rand_int_range (s->rand, 0, 6)]);
  if (what == 3 || g_rand_int_range (s->rand, 0, 5) == 0)
    json_object_set_boolean_member (fields, "favourite", g_rand_boolean (s->rand));
  if (what == 4)
    json_object_set_int_member (fields, "rating", g_rand_int_range (s->rand, 0, 6));
  if (what == 5)
    {
      if (g_rand_boolean (s->rand))
        {
          g_autofree char *date = g_strdup_printf (
              "2024-0%d-1%dT1%d:00:00", g_rand_int_range (s->rand, 1, 10),
              g_rand_int_range (s->rand, 0, 10), g_rand_int_range (s->rand, 0, 10));

          json_object_set_string_member (fields, "taken_at", date);
          json_object_set_int_member (fields, "utc_offset", 60 * g_rand_int_range (s->rand, -3, 4));
        }
      else
        {
          JsonObject *place = json_object_new ();

          json_object_set_double_member (place, "latitude", g_rand_double_range (s->rand, -90, 90));
          json_object_set_double_member (place, "longitude",
                                         g_rand_double_range (s->rand, -180, 180));
          json_object_set_string_member (place, "city", g_rand_boolean (s->rand) ? "Lyon" : "Nice");
          json_object_set_object_member (fields, "place", place);
        }
    }
  json_object_set_object_member (o, "fields", fields);
  finish_op (s, d, o, item, NULL);
}

static void
random_event (Sim *s, Device *d)
{
  const char *item = pick_hot (s, d->items, 3);
  const char *album = pick_hot (s, d->albums, 2);
  guint r = g_rand_int_range (s->rand, 0, 100);
  JsonObject *o;

  if (item == NULL || r < 4)
    {
      op_create_item (s, d);
      return;
    }
  if (r < 25)
    op_set (s, d, item);
  else if (r < 50)
    {
      o = begin_op (s, d, g_rand_boolean (s->rand) ? "item.keyword.add" : "item.keyword.remove",
                    "item", item);
      json_object_set_string_member (o, "keyword", pick_keyword (s));
      finish_op (s, d, o, item, NULL);
    }
  else if (r < 60)
    {
      o = begin_op (s, d, g_rand_boolean (s->rand) ? "item.trash" : "item.restore", "item", item);
      finish_op (s, d, o, item, NULL);
    }
  else if (r < 61)
    {
      const char *victim = pick_cold (s, d->items, 3);

      if (victim == NULL)
        return;
      o = begin_op (s, d, "item.purge", "item", victim);
      finish_op (s, d, o, victim, NULL);
    }
  else if (album == NULL || r < 63)
    op_create_album (s, d);
  else if (r < 80)
    {
      o = begin_op (s, d, g_rand_boolean (s->rand) ? "album.add" : "album.remove", "album", album);
      json_object_set_string_member (o, "item", item);
      finish_op (s, d, o, album, item);
    }
  else if (r < 86)
    {
      /* A random order of up to 6 known items. */
      JsonArray *items = json_array_new ();
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint n = g_rand_int_range (s->rand, 1, 7);

      o = begin_op (s, d, "album.order", "album", album);
      for (guint i = 0; i < n; i++)
        {
          const char *it = pick (s, d->items);

          if (g_hash_table_add (seen, (gpointer) it))
            json_array_add_string_element (items, it);
        }
      json_object_set_array_member (o, "items", items);
      {
        const char *refs[MAX_DEPS] = { album };

        for (guint i = 0; i < json_array_get_length (items); i++)
          refs[i + 1] = json_array_get_string_element (items, i);
        finish_op_refs (s, d, o, refs);
      }
    }
  else if (r < 92)
    {
      o = begin_op (s, d, "album.rename", "album", album);
      json_object_set_string_member (o, "name", name_pool[g_rand_int_range (s->rand, 0, 4)]);
      finish_op (s, d, o, album, NULL);
    }
  else if (r < 93)
    {
      const char *victim = pick_cold (s, d->albums, 2);

      if (victim == NULL)
        return;
      o = begin_op (s, d, "album.delete", "album", victim);
      finish_op (s, d, o, victim, NULL);
    }
  else
    {
      o = begin_op (s, d, "person.name", "person", pick (s, s->persons));
      json_object_set_string_member (o, "name", name_pool[g_rand_int_range (s->rand, 0, 4)]);
      finish_op (s, d, o, NULL, NULL);
    }
}

/* Everyone learns what the others created and merges their clocks. */
static void
sync_round (Sim *s, guint first_op)
{
  SvHlc max;

  sv_hlc_init (&max, "zzz");
  max.wall_ms = 0;
  for (guint i = first_op; i < s->ops->len; i++)
    {
      SimOp *op = &g_array_index (s->ops, SimOp, i);
      SvHlc c;

      g_assert_true (sv_hlc_parse (
          json_object_get_string_member (json_node_get_object (op->node), "hlc"), &c));
      if (sv_hlc_compare (&c, &max) > 0)
        max = c;
    }
  for (guint d = 0; d < s->n_devices; d++)
    {
      Device *dev = &s->devices[d];

      for (guint i = 0; i < s->new_items->len; i++)
        if (!g_ptr_array_find_with_equal_func (dev->items, g_ptr_array_index (s->new_items, i),
                                               g_str_equal, NULL))
          g_ptr_array_add (dev->items, g_strdup (g_ptr_array_index (s->new_items, i)));
      for (guint i = 0; i < s->new_albums->len; i++)
        if (!g_ptr_array_find_with_equal_func (dev->albums, g_ptr_array_index (s->new_albums, i),
                                               g_str_equal, NULL))
          g_ptr_array_add (dev->albums, g_strdup (g_ptr_array_index (s->new_albums, i)));
      if (max.wall_ms > 0)
        sv_hlc_receive (&dev->clock, &max, s->now_ms + dev->skew_ms);
    }
  g_ptr_array_set_size (s->new_items, 0);
  g_ptr_array_set_size (s->new_albums, 0);
}

static void
sim_op_clear (gpointer data)
{
  SimOp *op = data;

  g_clear_pointer (&op->node, json_node_unref);
}

static Sim *
sim_new (guint32 seed, guint n_devices)
{
  Sim *s = g_new0 (Sim, 1);

  s->seed = seed;
  s->rand = g_rand_new_with_seed (seed);
  s->now_ms = T0_MS;
  s->n_devices = n_devices;
  s->ops = g_array_new (FALSE, TRUE, sizeof (SimOp));
  g_array_set_clear_func (s->ops, sim_op_clear);
  s->creator = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->persons = g_ptr_array_new_with_free_func (g_free);
  s->blobs = g_ptr_array_new_with_free_func (g_free);
  s->new_items = g_ptr_array_new_with_free_func (g_free);
  s->new_albums = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (s->persons, rand_uuid (s->rand));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *seed_text = g_strdup_printf ("blob %u of %u", i, seed);

      g_ptr_array_add (s->blobs, sv_sha256_bytes_hex (seed_text, strlen (seed_text)));
    }
  for (guint i = 0; i < n_devices; i++)
    {
      Device *d = &s->devices[i];

      g_snprintf (d->name, sizeof d->name, "dev-%u", i);
      sv_hlc_init (&d->clock, d->name);
      /* Some devices agree on the time exactly (ties broken by device id),
       * others run up to two minutes off. */
      d->skew_ms = i % 2 == 0 ? 0 : g_rand_int_range (s->rand, -120000, 120000);
      d->last_op = -1;
      d->items = g_ptr_array_new_with_free_func (g_free);
      d->albums = g_ptr_array_new_with_free_func (g_free);
    }
  return s;
}

static void
sim_free (Sim *s)
{
  for (guint i = 0; i < s->n_devices; i++)
    {
      g_ptr_array_unref (s->devices[i].items);
      g_ptr_array_unref (s->devices[i].albums);
    }
  g_array_unref (s->ops);
  g_hash_table_unref (s->creator);
  g_ptr_array_unref (s->persons);
  g_ptr_array_unref (s->blobs);
  g_ptr_array_unref (s->new_items);
  g_ptr_array_unref (s->new_albums);
  g_rand_free (s->rand);
  g_free (s);
}

static void
sim_run (Sim *s)
{
  Device *d0 = &s->devices[0];
  guint first = 0;

  /* Round 0: device 0 makes the shared library, everybody syncs. */
  for (guint i = 0; i < 5; i++)
    op_create_item (s, d0);
  for (guint i = 0; i < 2; i++)
    op_create_album (s, d0);
  sync_round (s, first);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      first = s->ops->len;
      for (guint e = 0; e < OPS_PER_DEVICE * s->n_devices; e++)
        {
          Device *d = &s->devices[g_rand_int_range (s->rand, 0, (gint32) s->n_devices)];

          /* Time steps: often 0–2 ms so clocks of different devices collide. */
          if (g_rand_int_range (s->rand, 0, 3) == 0)
            s->now_ms += g_rand_int_range (s->rand, 1000, 60000);
          else
            s->now_ms += g_rand_int_range (s->rand, 0, 3);
          random_event (s, d);
        }
      s->now_ms += 3600 * 1000;
      sync_round (s, first);
    }
}

/* A random order that keeps each op after its dependencies. */
static GArray *
random_order (Sim *s, GRand *r)
{
  guint n = s->ops->len;
  g_autofree guint *pending = g_new0 (guint, n);
  g_autoptr (GPtrArray) dependents =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GArray) ready = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (dependents, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint i = 0; i < n; i++)
    {
      SimOp *op = &g_array_index (s->ops, SimOp, i);

      for (guint k = 0; k < MAX_DEPS; k++)
        {
          gboolean dup = FALSE;

          if (op->deps[k] < 0)
            continue;
          for (guint j = 0; j < k; j++)
            dup |= op->deps[j] == op->deps[k];
          if (dup)
            continue;
          g_assert_cmpint (op->deps[k], <, (int) i);
          pending[i]++;
          g_array_append_val (g_ptr_array_index (dependents, op->deps[k]), i);
        }
      if (pending[i] == 0)
        g_array_append_val (ready, i);
    }
  while (ready->len > 0)
    {
      guint pos = g_rand_int_range (r, 0, (gint32) ready->len);
      guint i = g_array_index (ready, guint, pos);
      GArray *deps = g_ptr_array_index (dependents, i);

      g_array_remove_index_fast (ready, pos);
      g_array_append_val (order, i);
      for (guint k = 0; k < deps->len; k++)
        {
          guint j = g_array_index (deps, guint, k);

          if (--pending[j] == 0)
            g_array_append_val (ready, j);
        }
    }
  g_assert_cmpuint (order->len, ==, n);
  return order;
}

typedef struct
{
  guint32 seed;
  guint interleaving;
} Where;

static void
check_results (JsonNode *res, gboolean replay, const Where *w)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (res), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      const char *status = ops_test_status (res, i);
      const char *code = ops_test_code (res, i);

      if (replay && g_strcmp0 (status, "applied") == 0)
        g_error ("seed %u interleaving %u: a replayed op was applied again", w->seed,
                 w->interleaving);
      /* Only the absorbing tombstones may refuse an op of a well-behaved
       * client; anything else means the order mattered. */
      if (g_strcmp0 (status, "rejected") == 0 && g_strcmp0 (code, "purged") != 0 &&
          g_strcmp0 (code, "album_deleted") != 0)
        g_error ("seed %u interleaving %u: op rejected with %s: %s", w->seed, w->interleaving, code,
                 json_object_get_string_member (
                     json_object_get_object_member (ops_test_result (res, i), "error"), "message"));
    }
}

static void
deliver (Sim *s,
         sqlite3 *db,
         gint64 account,
         GArray *order,
         GRand *r,
         const SvCloudOpsHooks *hooks,
         const Where *w)
{
  guint i = 0;

  while (i < order->len)
    {
      guint want = (guint) g_rand_int_range (r, 1, 41);
      guint k = MIN (want, order->len - i);
      g_autoptr (JsonArray) batch = json_array_new ();
      g_autoptr (JsonNode) res = NULL;
      g_autoptr (GError) error = NULL;

      for (guint j = 0; j < k; j++)
        {
          SimOp *op = &g_array_index (s->ops, SimOp, g_array_index (order, guint, i + j));

          json_array_add_element (batch, json_node_copy (op->node));
        }
      res = sv_cloud_ops_apply (db, account, "sim", batch, hooks, &error);
      g_assert_no_error (error);
      check_results (res, FALSE, w);
      if (g_rand_int_range (r, 0, 10) == 0)
        {
          /* The client did not get the answer and sends the batch again. */
          g_clear_pointer (&res, json_node_unref);
          res = sv_cloud_ops_apply (db, account, "sim", batch, hooks, &error);
          g_assert_no_error (error);
          check_results (res, TRUE, w);
        }
      i += k;
    }
}

/* The client side: pull the feed in pages and apply it in feed order. */
static void
replicate (sqlite3 *server,
           gint64 account,
           sqlite3 *client,
           GRand *r,
           const SvCloudOpsHooks *hooks,
           const Where *w)
{
  gint64 since = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) page =
          sv_cloud_ops_changes (server, account, since, g_rand_int_range (r, 1, 80), &error);
      g_autoptr (JsonNode) res = NULL;
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (page);
      /* The changes carry "seq", which the engine ignores like any unknown member. */
      res = sv_cloud_ops_apply (client, 1, "client", json_object_get_array_member (o, "changes"),
                                hooks, &error);
      g_assert_no_error (error);
      {
        JsonArray *results = json_object_get_array_member (json_node_get_object (res), "results");

        for (guint i = 0; i < json_array_get_length (results); i++)
          if (g_strcmp0 (ops_test_status (res, i), "applied") != 0)
            g_error ("seed %u interleaving %u: the client could not apply change %u (%s)", w->seed,
                     w->interleaving, i, ops_test_code (res, i));
      }
      since = json_object_get_int_member (o, "next");
      more = json_object_get_boolean_member (o, "more");
    }
}

static void
assert_same (const char *want, const char *got, const Where *w, const char *what)
{
  if (g_strcmp0 (want, got) != 0)
    {
      g_printerr ("want: %s\ngot:  %s\n", want, got);
      g_error ("seed %u interleaving %u: %s diverged", w->seed, w->interleaving, what);
    }
}

/* The reference state must exercise the rules, not be trivially empty. */
static void
check_nontrivial (const char *export_text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *items, *albums;
  guint trashed = 0, keywords = 0, members = 0, captions = 0;

  g_assert_true (json_parser_load_from_data (parser, export_text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  items = json_object_get_array_member (root, "items");
  albums = json_object_get_array_member (root, "albums");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *it = json_array_get_object_element (items, i);

      trashed += json_object_get_boolean_member (it, "trashed");
      keywords += json_array_get_length (json_object_get_array_member (it, "keywords"));
      captions += *json_object_get_string_member (it, "caption") != '\0';
    }
  for (guint i = 0; i < json_array_get_length (albums); i++)
    members += json_array_get_length (
        json_object_get_array_member (json_array_get_object_element (albums, i), "items"));
  g_test_message ("final state: %u items (%u trashed, %u captioned, %u keywords), %u albums "
                  "(%u members)",
                  json_array_get_length (items), trashed, captions, keywords,
                  json_array_get_length (albums), members);
  g_assert_cmpuint (json_array_get_length (items), >=, 3);
  g_assert_cmpuint (keywords, >, 0);
  g_assert_cmpuint (captions, >, 0);
  g_assert_cmpuint (json_array_get_length (albums), >, 0);
}

static void
run_seed (guint32 seed, guint n_devices)
{
  g_autofree char *dir = ops_test_tmpdir ();
  g_autofree char *server_path = g_build_filename (dir, "server.db", NULL);
  g_autofree char *reference = NULL;
  sqlite3 *server = ops_test_open_db (server_path);
  Sim *s = sim_new (seed, n_devices);
  Clock clock;
  SvCloudOpsHooks hooks = { NULL, &clock, clock_now };
  gint64 account = 1;
  guint fresh = 0, replicas = 0;

  sim_run (s);
  clock.now_usec = (s->now_ms + 3600 * 1000) * 1000;
  g_test_message ("seed %u: %u devices, %u ops", seed, n_devices, s->ops->len);

  for (guint it = 0; it < INTERLEAVINGS; it++)
    {
      g_autoptr (GRand) r = g_rand_new_with_seed (seed * 7919u + it);
      g_autoptr (GArray) order = random_order (s, r);
      g_autofree char *got = NULL;
      Where w = { seed, it };

      if (it % 8 == 1)
        {
          /* A fresh database file for this order. */
          g_autofree char *path = g_strdup_printf ("%s/fresh-%u.db", dir, it);
          sqlite3 *db = ops_test_open_db (path);

          deliver (s, db, 1, order, r, &hooks, &w);
          got = ops_test_export_string (db, 1);
          sqlite3_close (db);
          fresh++;
        }
      else
        {
          /* The shared server database, one account per interleaving: the
           * same UUIDs in every account, which must not interfere. */
          account++;
          deliver (s, server, account, order, r, &hooks, &w);
          got = ops_test_export_string (server, account);

          if (it % 4 == 2)
            {
              g_autofree char *cpath = g_strdup_printf ("%s/client-%u.db", dir, it);
              sqlite3 *client = ops_test_open_db (cpath);
              g_autofree char *client_state = NULL;

              replicate (server, account, client, r, &hooks, &w);
              client_state = ops_test_export_string (client, 1);
              assert_same (got, client_state, &w, "the client replica");
              sqlite3_close (client);
              replicas++;
            }
        }

      if (reference == NULL)
        {
          reference = g_steal_pointer (&got);
          check_nontrivial (reference);
        }
      else
        {
          assert_same (reference, got, &w, "the server state");
        }
    }
  g_test_message ("seed %u: %u interleavings identical (%u fresh databases, %u client replicas)",
                  seed, INTERLEAVINGS, fresh, replicas);
  g_assert_cmpuint (fresh, >, 0);
  g_assert_cmpuint (replicas, >, 0);

  sqlite3_close (server);
  sim_free (s);
  ops_test_rmdir (dir);
}

static void
test_converge_2 (void)
{
  run_seed (20261126, 2);
}

static void
test_converge_3 (void)
{
#ifdef SV_TEST_SANITIZED
  g_test_skip ("two seeds are enough under the sanitizers (slow allocations)");
  return;
#endif
  run_seed (4242, 3);
}

static void
test_converge_4 (void)
{
  run_seed (777, 4);
}

static void
test_converge_4b (void)
{
#ifdef SV_TEST_SANITIZED
  g_test_skip ("two seeds are enough under the sanitizers (slow allocations)");
  return;
#endif
  run_seed (31337, 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/ops/converge/2-devices", test_converge_2);
  g_test_add_func ("/server/ops/converge/3-devices", test_converge_3);
  g_test_add_func ("/server/ops/converge/4-devices", test_converge_4);
  g_test_add_func ("/server/ops/converge/4-devices-b", test_converge_4b);

  return g_test_run ();
}
