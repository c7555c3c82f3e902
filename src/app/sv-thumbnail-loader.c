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
  guint64 pixel_limit; /* read by the first worker that makes a thumbnail */
  gboolean pixel_limit_read;
  guint cache_size;
  GHashTable *cache; /* gint64* id -> CacheEntry */
  GQueue lru;        /* CacheEntry*, most recent first */
  guint n_loaded;
  GThreadPool *pool; /* one token per queued request */
  GMutex lock;
  GQueue pending; /* GTask*, the newest first */
  guint batch;
  gint64 last_request;
};

G_DEFINE_FINAL_TYPE (SvThumbnailLoader, sv_thumbnail_loader, G_TYPE_OBJECT)

typedef struct
{
  gint64 id;
  int height;
  guint batch; /* requests made together (one layout of the list) */
  /* results */
  gboolean full;
} LoadData;

/* Requests closer than this in time are one batch. */
#define BATCH_US 4000

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

typedef struct
{
  int want;            /* displayed height asked for; <= 0: full size */
  gboolean transposed; /* the user's rotation swaps the sides */
  int width, height;   /* the thumbnail's size */
} SizeRequest;

/* Asks the JPEG decoder for the smallest DCT scale (1/2, 1/4, 1/8) that
 * stays at least as large as what is shown: decoding at that size costs a
 * fraction of a full decode, and the size asked for is exactly the one
 * the decoder makes, so that gdk-pixbuf does not resample (its scaler cost
 * more than the decoding). */
static void
on_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, SizeRequest *req)
{
  int side = req->transposed ? width : height;
  int d = 1;

  req->width = width;
  req->height = height;
  if (req->want <= 0)
    return;
  while (d < 8 && (side + 2 * d - 1) / (2 * d) >= req->want && width / (2 * d) > 0 &&
         height / (2 * d) > 0)
    d *= 2;
  if (d > 1)
    gdk_pixbuf_loader_set_size (loader, (width + d - 1) / d, (height + d - 1) / d);
}

static GdkPixbuf *
decode_thumbnail (const char *path, SizeRequest *req, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GdkPixbufLoader) loader = NULL;
  gsize length = 0;
  GdkPixbuf *pixbuf;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  /* Grid thumbnails are JPEG: no content sniffing. */
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", error);
  if (loader == NULL)
    return NULL;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), req);
  if (!gdk_pixbuf_loader_write (loader, (const guchar *) contents, length, error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL || req->width <= 0 || req->height <= 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the thumbnail “%s”"), path);
      return NULL;
    }
  return g_object_ref (pixbuf);
}

/* @pixbuf at @width × @height. Resizing goes through pixman's bilinear
 * filter (after the DCT scaling above, never more than halving), a
 * fraction of what gdk-pixbuf's scaler costs. The texture keeps packed
 * RGB: textures in the renderer's ARGB32 took a third more memory for
 * no measurable gain in frame times with the cairo renderer. */
static void
rgb_to_xrgb (GdkPixbuf *pixbuf, guint8 *dest, int dest_stride)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * stride;
      guint32 *d = (guint32 *) (gpointer) (dest + (gsize) y * dest_stride);

      for (int x = 0; x < w; x++, s += n)
        d[x] = 0xff000000u | ((guint32) s[0] << 16) | ((guint32) s[1] << 8) | s[2];
    }
}

static GdkPixbuf *
xrgb_to_pixbuf (const guint8 *src, int src_stride, int width, int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *dest;
  int stride;

  if (pixbuf == NULL)
    return NULL;
  dest = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (gconstpointer) (src + (gsize) y * src_stride);
      guint8 *d = dest + (gsize) y * stride;

      for (int x = 0; x < width; x++, d += 3)
        {
          d[0] = (guint8) (s[x] >> 16);
          d[1] = (guint8) (s[x] >> 8);
          d[2] = (guint8) s[x];
        }
    }
  return pixbuf;
}

static GdkTexture *
texture_for_pixbuf (GdkPixbuf *pixbuf, int width, int height)
{
  int pw = gdk_pixbuf_get_width (pixbuf);
  int ph = gdk_pixbuf_get_height (pixbuf);
  int src_stride, stride;
  g_autofree guint8 *src_pixels = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autoptr (GdkPixbuf) scaled = NULL;
  cairo_surface_t *src, *dest;
  cairo_t *cr;

  if ((pw == width && ph == height) || gdk_pixbuf_get_has_alpha (pixbuf))
    {
      if (pw == width && ph == height)
        return gdk_texture_new_for_pixbuf (pixbuf);
      /* Not a JPEG thumbnail: never happens but for damaged caches. */
      scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
      return scaled != NULL ? gdk_texture_new_for_pixbuf (scaled) : NULL;
    }
  src_stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, pw);
  stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width);
  src_pixels = g_try_malloc ((gsize) src_stride * ph);
  pixels = g_try_malloc ((gsize) stride * height);
  if (src_pixels == NULL || pixels == NULL)
    return NULL;
  rgb_to_xrgb (pixbuf, src_pixels, src_stride);
  src = cairo_image_surface_create_for_data (src_pixels, CAIRO_FORMAT_RGB24, pw, ph, src_stride);
  dest = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_RGB24, width, height, stride);
  cr = cairo_create (dest);
  cairo_scale (cr, (double) width / pw, (double) height / ph);
  cairo_set_source_surface (cr, src, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_finish (dest);
  cairo_surface_destroy (dest);
  cairo_surface_finish (src);
  cairo_surface_destroy (src);
  scaled = xrgb_to_pixbuf (pixels, stride, width, height);
  return scaled != NULL ? gdk_texture_new_for_pixbuf (scaled) : NULL;
}

/* The catalogue's pixel limit, read off the main loop when first needed. */
static guint64
get_pixel_limit (SvThumbnailLoader *self)
{
  guint64 limit;

  g_mutex_lock (&self->lock);
  if (!self->pixel_limit_read)
    {
      g_autofree char *value = sv_catalogue_get_setting (self->catalogue, "pixel-limit");

      self->pixel_limit = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;
      self->pixel_limit_read = TRUE;
    }
  limit = self->pixel_limit;
  g_mutex_unlock (&self->lock);
  return limit;
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
  SizeRequest req = { 0 };
  const char *hash;
  LoadResult *result;
  int turn, pw, ph, width, height;

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
                                  get_pixel_limit (self), SV_THUMB_SIZE_GRID, cancellable, &error);
  else
    g_set_error (&error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("The item has no file"));
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* Thumbnails are upright for the file's orientation: the user's
   * rotation, if any, turns them (a quarter turn swaps which side the
   * requested height applies to). */
  turn = sv_orientation_compose (sv_orientation_invert (sv_media_item_get_file_orientation (item)),
                                 sv_media_item_get_orientation (item));
  req.want = data->height;
  req.transposed = sv_orientation_is_transposed (turn);
  pixbuf = decode_thumbnail (path, &req, &error);
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
  /* The thumbnail's own size once turned, and the size shown. */
  pw = req.transposed ? req.height : req.width;
  ph = req.transposed ? req.width : req.height;
  data->full = data->height <= 0 || data->height >= ph;
  height = data->full ? ph : data->height;
  width = data->full ? pw : MAX (1, (int) ((double) pw * height / ph + 0.5));
  result = g_new0 (LoadResult, 1);
  result->texture = texture_for_pixbuf (pixbuf, width, height);
  result->full = data->full;
  if (result->texture == NULL)
    {
      load_result_free (result);
      g_task_return_new_error (task, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the thumbnail “%s”"),
                               path);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/* One worker per core but one (left to the main loop), between two and
 * four: decoding small JPEGs is quick, and more threads would only compete
 * with the main loop. The most recent batch of requests goes first (see
 * pool_func ()). */
#define MIN_WORKERS 2
#define MAX_WORKERS 4

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
  /* The newest batch (what the list bound last: while scrolling, what is
   * on screen now), and in it the oldest request: the list binds from the
   * top, so the first screen paints from the top down. */
  if (self->pending.head != NULL)
    {
      guint batch = ((LoadData *) g_task_get_task_data (self->pending.head->data))->batch;
      GList *pick = self->pending.head;

      while (pick->next != NULL &&
             ((LoadData *) g_task_get_task_data (pick->next->data))->batch == batch)
        pick = pick->next;
      task = pick->data;
      g_queue_delete_link (&self->pending, pick);
    }
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
  self->pool = g_thread_pool_new (
      pool_func, self, CLAMP ((int) g_get_num_processors () - 1, MIN_WORKERS, MAX_WORKERS), FALSE,
      NULL);
}

SvThumbnailLoader *
sv_thumbnail_loader_new (SvCatalogue *catalogue, guint cache_size)
{
  SvThumbnailLoader *self;
  g_autofree char *cache_dir = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (SV_TYPE_THUMBNAIL_LOADER, NULL);
  self->catalogue = g_object_ref (catalogue);
  cache_dir = sv_catalogue_get_cache_dir (catalogue);
  self->thumbnailer = sv_thumbnailer_new (cache_dir);
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
  if (g_get_monotonic_time () - self->last_request > BATCH_US)
    self->batch++;
  self->last_request = g_get_monotonic_time ();
  data->batch = self->batch;
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
