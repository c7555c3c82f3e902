/* sv-thumbnail-loader.c: grid thumbnails as textures, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-thumbnail-loader"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-orientation.h"
#include "sv-error.h"
#include "sv-pixbuf-orient.h"
#include "sv-thumbnail-loader.h"
#include "sv-thumbnailer.h"

#define DEFAULT_CACHE_SIZE 240

typedef struct
{
  gint64 id;
  GdkTexture *texture;
  gboolean full; /* the texture is the thumbnail's full size */
  GList *link;   /* in lru */
} CacheEntry;

struct _SvThumbnailLoader
{
  GObject parent_instance;

  SvCatalogue *catalogue;
  SvThumbnailer *thumbnailer;
  guint64 pixel_limit;
  guint cache_size;
  GHashTable *cache; /* gint64* id -> CacheEntry */
  GQueue lru;        /* CacheEntry*, most recent first */
  guint n_loaded;
  GThreadPool *pool; /* one token per queued request */
  GMutex lock;
  GQueue pending; /* GTask*, the newest first */
};

G_DEFINE_FINAL_TYPE (SvThumbnailLoader, sv_thumbnail_loader, G_TYPE_OBJECT)

typedef struct
{
  gint64 id;
  int height;
  /* results */
  gboolean full;
} LoadData;

typedef struct
{
  GdkTexture *texture;
  gboolean full;
} LoadResult;

static void
load_result_free (LoadResult *r)
{
  g_clear_object (&r->texture);
  g_free (r);
}

static void
cache_entry_free (CacheEntry *e)
{
  g_clear_object (&e->texture);
  g_free (e);
}

static void
cache_put (SvThumbnailLoader *self, gint64 id, GdkTexture *texture, gboolean full)
{
  CacheEntry *e = g_hash_table_lookup (self->cache, &id);

  if (e != NULL)
    {
      g_set_object (&e->texture, texture);
      e->full = full;
      g_queue_unlink (&self->lru, e->link);
      g_queue_push_head_link (&self->lru, e->link);
      return;
    }
  e = g_new0 (CacheEntry, 1);
  e->id = id;
  e->texture = g_object_ref (texture);
  e->full = full;
  g_queue_push_head (&self->lru, e);
  e->link = self->lru.head;
  g_hash_table_insert (self->cache, &e->id, e);
  while (self->lru.length > self->cache_size)
    {
      CacheEntry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->cache, &old->id);
    }
}

static void
load_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SvThumbnailLoader *self = source_object;
  LoadData *data = task_data;
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = NULL;
  const char *hash;
  LoadResult *result;
  int w = 0, h = 0;
  int turn;
  gboolean transposed;

  if (g_task_return_error_if_cancelled (task))
    return;

  item = sv_catalogue_get_item (self->catalogue, data->id, &error);
  if (item == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hash = sv_media_item_get_primary_hash (item);
  if (sv_thumbnailer_has_valid (self->thumbnailer, hash, SV_THUMB_SIZE_GRID))
    path = sv_thumbnailer_get_path (self->thumbnailer, hash, SV_THUMB_SIZE_GRID);
  else if (sv_media_item_get_path (item) != NULL)
    path = sv_thumbnailer_ensure (self->thumbnailer, sv_media_item_get_path (item), hash,
                                  sv_media_item_get_file_orientation (item),
                                  sv_media_item_get_decoder_applies_orientation (item),
                                  self->pixel_limit, SV_THUMB_SIZE_GRID, cancellable, &error);
  else
    g_set_error (&error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("The item has no file"));
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (gdk_pixbuf_get_file_info (path, &w, &h) == NULL || w <= 0 || h <= 0)
    {
      g_task_return_new_error (task, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the thumbnail “%s”"),
                               path);
      return;
    }
  /* Thumbnails are upright for the file's orientation: the user's
   * rotation, if any, turns them (a quarter turn swaps which side the
   * requested height applies to). */
  turn = sv_orientation_compose (sv_orientation_invert (sv_media_item_get_file_orientation (item)),
                                 sv_media_item_get_orientation (item));
  transposed = sv_orientation_is_transposed (turn);
  data->full = data->height <= 0 || data->height >= (transposed ? w : h);
  if (data->full)
    pixbuf = gdk_pixbuf_new_from_file (path, &error);
  else if (transposed)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, data->height, -1, TRUE, &error);
  else
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, -1, data->height, TRUE, &error);
  if (pixbuf == NULL)
    {
      sv_thumbnailer_invalidate (self->thumbnailer, hash);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (turn != 1)
    {
      GdkPixbuf *turned = sv_pixbuf_orient (pixbuf, turn);

      if (turned != NULL)
        g_set_object (&pixbuf, turned);
      g_clear_object (&turned);
    }
  result = g_new0 (LoadResult, 1);
  result->texture = gdk_texture_new_for_pixbuf (pixbuf);
  result->full = data->full;
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/* Two workers whatever the number of cores: decoding small JPEGs is quick,
 * and more threads would only compete with the main loop. The most recent
 * request goes first: while scrolling, what is on screen now. */
#define N_WORKERS 2

static void
pool_func (gpointer data, gpointer user_data)
{
  SvThumbnailLoader *self = user_data;
  g_autoptr (GTask) task = NULL;

  g_autoptr (GPtrArray) cancelled = g_ptr_array_new_with_free_func (g_object_unref);

  /* Tokens and requests are one to one: take the newest request, and drop
   * the cancelled ones (cells scrolled away) wherever they are, so that the
   * queue does not grow while the user scrolls. */
  g_mutex_lock (&self->lock);
  for (GList *l = self->pending.head; l != NULL;)
    {
      GList *next = l->next;

      if (g_cancellable_is_cancelled (g_task_get_cancellable (l->data)))
        {
          g_ptr_array_add (cancelled, l->data);
          g_queue_delete_link (&self->pending, l);
        }
      l = next;
    }
  task = g_queue_pop_head (&self->pending);
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < cancelled->len; i++)
    g_task_return_error_if_cancelled (g_ptr_array_index (cancelled, i));
  if (task == NULL)
    return;
  load_worker (task, g_task_get_source_object (task), g_task_get_task_data (task),
               g_task_get_cancellable (task));
}

static void
sv_thumbnail_loader_dispose (GObject *object)
{
  SvThumbnailLoader *self = SV_THUMBNAIL_LOADER (object);

  if (self->pool != NULL)
    {
      /* Queued tasks hold a reference on the loader: none is left here.
       * Wait for the running ones. */
      g_thread_pool_free (self->pool, FALSE, TRUE);
      self->pool = NULL;
    }
  g_hash_table_remove_all (self->cache);
  g_queue_clear (&self->lru);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->catalogue);
  G_OBJECT_CLASS (sv_thumbnail_loader_parent_class)->dispose (object);
}

static void
sv_thumbnail_loader_finalize (GObject *object)
{
  SvThumbnailLoader *self = SV_THUMBNAIL_LOADER (object);

  g_hash_table_unref (self->cache);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sv_thumbnail_loader_parent_class)->finalize (object);
}

static void
sv_thumbnail_loader_class_init (SvThumbnailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sv_thumbnail_loader_dispose;
  object_class->finalize = sv_thumbnail_loader_finalize;
}

static void
sv_thumbnail_loader_init (SvThumbnailLoader *self)
{
  self->cache =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) cache_entry_free);
  g_queue_init (&self->lru);
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending);
  self->pool = g_thread_pool_new (pool_func, self, N_WORKERS, FALSE, NULL);
}

SvThumbnailLoader *
sv_thumbnail_loader_new (SvCatalogue *catalogue, guint cache_size)
{
  SvThumbnailLoader *self;
  g_autofree char *cache_dir = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (SV_TYPE_THUMBNAIL_LOADER, NULL);
  self->catalogue = g_object_ref (catalogue);
  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  self->thumbnailer = sv_thumbnailer_new (cache_dir);
  limit = sv_catalogue_get_setting (catalogue, "pixel-limit");
  self->pixel_limit = limit != NULL ? g_ascii_strtoull (limit, NULL, 10) : 0;
  self->cache_size = cache_size > 0 ? cache_size : DEFAULT_CACHE_SIZE;
  return self;
}

SvCatalogue *
sv_thumbnail_loader_get_catalogue (SvThumbnailLoader *self)
{
  g_return_val_if_fail (SV_IS_THUMBNAIL_LOADER (self), NULL);
  return self->catalogue;
}

GdkTexture *
sv_thumbnail_loader_lookup (SvThumbnailLoader *self, gint64 id, int height)
{
  CacheEntry *e;

  g_return_val_if_fail (SV_IS_THUMBNAIL_LOADER (self), NULL);

  e = g_hash_table_lookup (self->cache, &id);
  if (e == NULL)
    return NULL;
  if (!e->full && gdk_texture_get_height (e->texture) < height)
    return NULL;
  g_queue_unlink (&self->lru, e->link);
  g_queue_push_head_link (&self->lru, e->link);
  return e->texture;
}

void
sv_thumbnail_loader_load_async (SvThumbnailLoader *self,
                                gint64 id,
                                int height,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (SV_IS_THUMBNAIL_LOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_thumbnail_loader_load_async);
  g_task_set_priority (task, G_PRIORITY_DEFAULT);
  data = g_new0 (LoadData, 1);
  data->id = id;
  data->height = height;
  g_task_set_task_data (task, data, g_free);
  g_mutex_lock (&self->lock);
  g_queue_push_head (&self->pending, g_steal_pointer (&task));
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->pool, GINT_TO_POINTER (1), NULL);
}

GdkTexture *
sv_thumbnail_loader_load_finish (SvThumbnailLoader *self, GAsyncResult *result, GError **error)
{
  LoadResult *r;
  GdkTexture *texture;
  LoadData *data;

  g_return_val_if_fail (SV_IS_THUMBNAIL_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  cache_put (self, data->id, r->texture, r->full);
  self->n_loaded++;
  texture = g_steal_pointer (&r->texture);
  load_result_free (r);
  return texture;
}

void
sv_thumbnail_loader_forget (SvThumbnailLoader *self, gint64 id)
{
  CacheEntry *e;

  g_return_if_fail (SV_IS_THUMBNAIL_LOADER (self));

  e = g_hash_table_lookup (self->cache, &id);
  if (e == NULL)
    return;
  g_queue_delete_link (&self->lru, e->link);
  g_hash_table_remove (self->cache, &id);
}

guint
sv_thumbnail_loader_get_n_loaded (SvThumbnailLoader *self)
{
  g_return_val_if_fail (SV_IS_THUMBNAIL_LOADER (self), 0);
  return self->n_loaded;
}
