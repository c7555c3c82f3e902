/* sv-item-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-item-list"

#include "config.h"

#include "sv-catalogue-private.h"
#include "sv-item-list.h"
#include "sv-media-item-private.h"

#define PAGE_SIZE 200
#define MAX_CACHED_ITEMS (PAGE_SIZE * 10)

struct _SvItemList
{
  GObject parent_instance;

  SvCatalogue *catalogue;
  SvQuery query;

  GArray *ids;       /* gint64, the list's order */
  GHashTable *cache; /* gint64* id -> SvMediaItem */
  SvDb *reader;      /* page reads, main thread only */

  guint generation; /* bumped by every full load */
  gboolean loading;
  gboolean updating;
  gboolean update_pending;
  GHashTable *pending_changed; /* gint64* set: changed since the last update started */
  GCancellable *cancellable;
};

static void
sv_item_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SvItemList,
                               sv_item_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sv_item_list_list_model_iface_init))

enum
{
  PROP_0,
  PROP_CATALOGUE,
  PROP_LOADING,
  PROP_UPDATING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SvCatalogue *catalogue;
  SvQuery query;
  guint generation;
  gboolean full;
  GHashTable *changed; /* update only: ids changed before the query started */
} QueryData;

static void
start_query (SvItemList *self, gboolean full);

static void
query_data_free (QueryData *data)
{
  g_clear_object (&data->catalogue);
  sv_query_clear (&data->query);
  g_clear_pointer (&data->changed, g_hash_table_unref);
  g_free (data);
}

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
id_set_add (GHashTable *set, gint64 id)
{
  gint64 *key;

  if (g_hash_table_contains (set, &id))
    return;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_add (set, key);
}

static void
set_loading (SvItemList *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_updating (SvItemList *self, gboolean updating)
{
  if (self->updating == updating)
    return;
  self->updating = updating;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
}

static void
emit_items_changed (SvItemList *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Indices (into @seq) of one longest strictly increasing subsequence. */
static gboolean *
longest_increasing (const guint *seq, guint n)
{
  g_autofree guint *tails = g_new (guint, n + 1); /* index into seq of the tail of length k+1 */
  g_autofree guint *prev = g_new (guint, n + 1);
  gboolean *keep = g_new0 (gboolean, n + 1);
  guint len = 0;

  for (guint i = 0; i < n; i++)
    {
      guint lo = 0, hi = len;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (seq[tails[mid]] < seq[i])
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[i] = lo > 0 ? tails[lo - 1] : G_MAXUINT;
      tails[lo] = i;
      if (lo == len)
        len++;
    }
  if (len > 0)
    {
      for (guint k = tails[len - 1]; k != G_MAXUINT; k = prev[k])
        keep[k] = TRUE;
    }
  return keep;
}

/* Moves self->ids to @new_ids, one items-changed per contiguous range. */
static void
apply_diff (SvItemList *self, GArray *new_ids, GHashTable *changed)
{
  const gint64 *a = (const gint64 *) (gpointer) self->ids->data;
  const gint64 *b = (const gint64 *) (gpointer) new_ids->data;
  guint na = self->ids->len, nb = new_ids->len;
  g_autoptr (GHashTable) old_pos = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint *seq = g_new (guint, nb + 1);     /* old positions of common ids, new order */
  g_autofree guint *seq_new = g_new (guint, nb + 1); /* their new positions */
  g_autofree gboolean *keep_seq = NULL;
  g_autofree gboolean *kept_old = g_new0 (gboolean, na + 1);
  g_autofree gboolean *kept_new = g_new0 (gboolean, nb + 1);
  g_autoptr (GArray) old_copy = NULL;
  guint m = 0, i = 0, j = 0, pos = 0;

  for (guint k = 0; k < na; k++)
    g_hash_table_insert (old_pos, (gpointer) &a[k], GUINT_TO_POINTER (k + 1));
  for (guint k = 0; k < nb; k++)
    {
      guint p = GPOINTER_TO_UINT (g_hash_table_lookup (old_pos, &b[k]));
      if (p != 0)
        {
          seq[m] = p - 1;
          seq_new[m] = k;
          m++;
        }
    }
  keep_seq = longest_increasing (seq, m);
  for (guint k = 0; k < m; k++)
    if (keep_seq[k])
      {
        kept_old[seq[k]] = TRUE;
        kept_new[seq_new[k]] = TRUE;
      }

  /* self->ids is edited in place below, so walk a copy of the old order. */
  old_copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), na);
  g_array_append_vals (old_copy, a, na);
  a = (const gint64 *) (gpointer) old_copy->data;
  g_clear_pointer (&old_pos, g_hash_table_unref);

  while (i < na || j < nb)
    {
      if (i < na && j < nb && kept_old[i] && kept_new[j])
        {
          guint run = 0;

          g_assert (a[i] == b[j]);
          while (i + run < na && j + run < nb && kept_old[i + run] && kept_new[j + run] &&
                 changed != NULL && g_hash_table_contains (changed, &b[j + run]))
            {
              g_hash_table_remove (self->cache, &b[j + run]);
              run++;
            }
          if (run > 0)
            {
              emit_items_changed (self, pos, run, run);
              i += run;
              j += run;
              pos += run;
            }
          else
            {
              i++;
              j++;
              pos++;
            }
        }
      else
        {
          guint removed = 0, added = 0;

          while (i + removed < na && !kept_old[i + removed])
            {
              g_hash_table_remove (self->cache, &a[i + removed]);
              removed++;
            }
          while (j + added < nb && !kept_new[j + added])
            {
              g_hash_table_remove (self->cache, &b[j + added]);
              added++;
            }
          g_assert (removed > 0 || added > 0);
          if (removed > 0)
            g_array_remove_range (self->ids, pos, removed);
          if (added > 0)
            g_array_insert_vals (self->ids, pos, &b[j], added);
          emit_items_changed (self, pos, removed, added);
          i += removed;
          j += added;
          pos += added;
        }
    }
  g_assert (self->ids->len == nb);
}

static void
query_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  QueryData *data = task_data;
  g_autoptr (SvDb) db = NULL;
  g_autoptr (GError) error = NULL;
  GArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;
  db = _sv_catalogue_open_reader (data->catalogue, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ids = _sv_query_ids_on (db, &data->query, &error);
  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void
query_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SvItemList *self = SV_ITEM_LIST (object);
  QueryData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data->full)
    {
      /* A later reload superseded this one. */
      if (data->generation != self->generation)
        return;
      if (ids == NULL)
        g_warning ("Could not load the list of items: %s", error->message);
      else
        {
          guint old_n = self->ids->len;

          g_array_unref (self->ids);
          self->ids = g_steal_pointer (&ids);
          g_hash_table_remove_all (self->cache);
          if (old_n > 0 || self->ids->len > 0)
            emit_items_changed (self, 0, old_n, self->ids->len);
        }
      set_loading (self, FALSE);
    }
  else
    {
      set_updating (self, FALSE);
      if (data->generation != self->generation || self->loading)
        {
          /* A full load runs or ran since: it saw these changes or will be
           * followed by another update. */
        }
      else if (ids == NULL)
        g_warning ("Could not update the list of items: %s", error->message);
      else
        apply_diff (self, ids, data->changed);
    }

  if (!self->loading && !self->updating && self->update_pending)
    start_query (self, FALSE);
}

static void
start_query (SvItemList *self, gboolean full)
{
  g_autoptr (GTask) task = NULL;
  QueryData *data = g_new0 (QueryData, 1);

  data->catalogue = g_object_ref (self->catalogue);
  sv_query_copy (&self->query, &data->query);
  data->full = full;
  data->generation = self->generation;
  /* An update sees every change reported so far; a full load too. */
  data->changed = g_steal_pointer (&self->pending_changed);
  self->pending_changed = id_set_new ();
  self->update_pending = FALSE;

  task = g_task_new (self, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_name (task, "[sv-item-list] query");
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  if (full)
    set_loading (self, TRUE);
  else
    set_updating (self, TRUE);
  g_task_run_in_thread (task, query_worker);
}

static void
on_catalogue_changed_cb (SvItemList *self,
                         GArray *added,
                         GArray *changed,
                         GArray *removed,
                         SvCatalogue *catalogue)
{
  for (guint i = 0; i < changed->len; i++)
    {
      gint64 id = g_array_index (changed, gint64, i);
      id_set_add (self->pending_changed, id);
      g_hash_table_remove (self->cache, &id);
    }
  for (guint i = 0; i < removed->len; i++)
    g_hash_table_remove (self->cache, &g_array_index (removed, gint64, i));

  self->update_pending = TRUE;
  if (!self->loading && !self->updating)
    start_query (self, FALSE);
}

/* ---- GListModel ---- */

static GType
sv_item_list_get_item_type (GListModel *model)
{
  return SV_TYPE_MEDIA_ITEM;
}

static guint
sv_item_list_get_n_items (GListModel *model)
{
  return SV_ITEM_LIST (model)->ids->len;
}

static void
fetch_page (SvItemList *self, guint position)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  guint start = (position / PAGE_SIZE) * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);

  if (self->reader == NULL)
    {
      self->reader = _sv_catalogue_open_reader (self->catalogue, &error);
      if (self->reader == NULL)
        {
          g_warning ("Could not read the catalogue: %s", error->message);
          return;
        }
    }
  items =
      _sv_items_get_on (self->reader, &g_array_index (self->ids, gint64, start), n, TRUE, &error);
  if (items == NULL)
    {
      g_warning ("Could not read items from the catalogue: %s", error->message);
      return;
    }
  if (g_hash_table_size (self->cache) + n > MAX_CACHED_ITEMS)
    g_hash_table_remove_all (self->cache);
  for (guint i = 0; i < items->len; i++)
    {
      SvMediaItem *item = g_ptr_array_index (items, i);
      gint64 *key = g_new (gint64, 1);

      *key = sv_media_item_get_id (item);
      g_hash_table_replace (self->cache, key, g_object_ref (item));
    }
}

static gpointer
sv_item_list_get_item (GListModel *model, guint position)
{
  SvItemList *self = SV_ITEM_LIST (model);
  SvMediaItem *item;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->cache, &id);
  if (item == NULL)
    {
      fetch_page (self, position);
      item = g_hash_table_lookup (self->cache, &id);
    }
  if (item == NULL)
    return _sv_media_item_new_placeholder (id);
  return g_object_ref (item);
}

static void
sv_item_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sv_item_list_get_item_type;
  iface->get_n_items = sv_item_list_get_n_items;
  iface->get_item = sv_item_list_get_item;
}

/* ---- GObject ---- */

static void
sv_item_list_dispose (GObject *object)
{
  SvItemList *self = SV_ITEM_LIST (object);

  g_cancellable_cancel (self->cancellable);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->reader, _sv_db_free);
  g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (sv_item_list_parent_class)->dispose (object);
}

static void
sv_item_list_finalize (GObject *object)
{
  SvItemList *self = SV_ITEM_LIST (object);

  sv_query_clear (&self->query);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->pending_changed, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sv_item_list_parent_class)->finalize (object);
}

static void
sv_item_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvItemList *self = SV_ITEM_LIST (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        g_value_set_object (value, self->catalogue);
        break;
      case PROP_LOADING:
        g_value_set_boolean (value, self->loading);
        break;
      case PROP_UPDATING:
        g_value_set_boolean (value, self->updating);
        break;
      case PROP_N_ITEMS:
        g_value_set_uint (value, self->ids->len);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_item_list_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvItemList *self = SV_ITEM_LIST (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        self->catalogue = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_item_list_constructed (GObject *object)
{
  SvItemList *self = SV_ITEM_LIST (object);

  G_OBJECT_CLASS (sv_item_list_parent_class)->constructed (object);

  g_return_if_fail (SV_IS_CATALOGUE (self->catalogue));
  g_signal_connect_object (self->catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
sv_item_list_class_init (SvItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_item_list_dispose;
  object_class->finalize = sv_item_list_finalize;
  object_class->get_property = sv_item_list_get_property;
  object_class->set_property = sv_item_list_set_property;
  object_class->constructed = sv_item_list_constructed;

  properties[PROP_CATALOGUE] =
      g_param_spec_object ("catalogue", NULL, NULL, SV_TYPE_CATALOGUE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                               G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UPDATING] =
      g_param_spec_boolean ("updating", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_item_list_init (SvItemList *self)
{
  sv_query_init (&self->query);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pending_changed = id_set_new ();
  self->cancellable = g_cancellable_new ();
}

/* ---- public API ---- */

SvItemList *
sv_item_list_new (SvCatalogue *catalogue, const SvQuery *query)
{
  SvItemList *self;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (SV_TYPE_ITEM_LIST, "catalogue", catalogue, NULL);
  if (query != NULL)
    {
      sv_query_clear (&self->query);
      sv_query_copy (query, &self->query);
    }
  sv_item_list_reload (self);
  return self;
}

SvCatalogue *
sv_item_list_get_catalogue (SvItemList *self)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), NULL);
  return self->catalogue;
}

const SvQuery *
sv_item_list_get_query (SvItemList *self)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), NULL);
  return &self->query;
}

void
sv_item_list_set_query (SvItemList *self, const SvQuery *query)
{
  g_return_if_fail (SV_IS_ITEM_LIST (self));
  g_return_if_fail (query != NULL);

  sv_query_clear (&self->query);
  sv_query_copy (query, &self->query);
  sv_item_list_reload (self);
}

void
sv_item_list_reload (SvItemList *self)
{
  g_return_if_fail (SV_IS_ITEM_LIST (self));

  self->generation++;
  start_query (self, TRUE);
}

gboolean
sv_item_list_get_loading (SvItemList *self)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), FALSE);
  return self->loading;
}

gboolean
sv_item_list_get_updating (SvItemList *self)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), FALSE);
  return self->updating;
}

int
sv_item_list_find (SvItemList *self, gint64 id)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), -1);

  for (guint i = 0; i < self->ids->len && i < G_MAXINT; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return (int) i;
  return -1;
}

gint64
sv_item_list_get_id (SvItemList *self, guint position)
{
  g_return_val_if_fail (SV_IS_ITEM_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}
