/* sv-watcher.c
 *
 * One piece of work ("scope") is a path under a watched folder: a folder is
 * walked, a file looked at, a path that is gone has vanished with everything
 * the library knew under it. The start rescan has one scope per watched
 * folder; a batch of watched changes one per changed path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-watcher"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-import-walk.h"
#include "sv-importer.h"
#include "sv-metadata.h"
#include "sv-thumbnailer.h"
#include "sv-watched-folders.h"
#include "sv-watcher.h"

#define TICK_MS 500
#define DEFAULT_SETTLE_MS 2000
/* Pending.size of a path that is gone. */
#define GONE (-2)

struct _SvWatcher
{
  GObject parent_instance;

  SvCatalogue *catalogue;
  SvImporter *importer;
  GMainContext *context;
  char *library_dir; /* canonical; never scanned */
  guint settle_ms;
  gsize files_read; /* atomic */

  /* Files not imported (they failed, or were deleted from the library
   * before), with their change time then: not read again while unchanged. */
  GMutex skips_lock;
  GHashTable *skips; /* path → gint64* change time (µs) */

  /* Main thread only. */
  gboolean started;
  gboolean busy;
  gboolean catch_up; /* one more rescan once the monitors are set */
  GCancellable *cancellable;
  GHashTable *monitors; /* folder path → GFileMonitor */
  GHashTable *pending;  /* path → Pending */
  GPtrArray *ready;     /* char*: settled paths for the next batch */
  guint tick_source;
};

typedef struct
{
  gint64 size, mtime_usec;
  gint64 stable_since;
} Pending;

/* A location the library knows. */
typedef struct
{
  gint64 loc_id, file_id, item_id, size, mtime_usec;
  gboolean missing, managed;
  char *path;
  char *sha256;
} Known;

/* A media file found on disk. */
typedef struct
{
  char *path;
  gint64 size, mtime_usec;
  gint64 changed_usec; /* the later of mtime and ctime */
} Found;

/* The work of a rescan or a batch. */
typedef struct
{
  GPtrArray *folders;  /* SvWatchedFolder: rescan of whole folders */
  GPtrArray *paths;    /* char*: a batch of watched paths */
  GPtrArray *new_dirs; /* char*, out: folders found (to watch) */
  /* Runs of the started watcher: new or changed files written less than
   * the settle time ago are left to the monitor (they may still grow). */
  gboolean defer_recent;
  GPtrArray *deferred; /* char*, out */
} Work;

enum
{
  PROP_0,
  PROP_CATALOGUE,
  PROP_SETTLE_MS,
  PROP_N_MONITORS,
  PROP_BUSY,
  N_PROPS
};

enum
{
  SIGNAL_FILE_EVENT,
  SIGNAL_RESCAN_DONE,
  SIGNAL_BATCH_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SvWatcher, sv_watcher, G_TYPE_OBJECT)

static void
maybe_start_batch (SvWatcher *self);

/* ---- small types ----------------------------------------------------------- */

void
sv_watch_event_free (SvWatchEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->path);
  g_free (event->old_path);
  g_free (event->reason);
  g_free (event);
}

void
sv_rescan_summary_free (SvRescanSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->events, g_ptr_array_unref);
  g_free (summary);
}

static SvRescanSummary *
rescan_summary_new (void)
{
  SvRescanSummary *summary = g_new0 (SvRescanSummary, 1);

  summary->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_watch_event_free);
  return summary;
}

static void
add_event (SvRescanSummary *summary,
           SvWatchEventKind kind,
           const char *path,
           const char *old_path,
           const char *reason,
           gint64 item_id)
{
  SvWatchEvent *event = g_new0 (SvWatchEvent, 1);

  event->kind = kind;
  event->path = g_strdup (path);
  event->old_path = g_strdup (old_path);
  event->reason = g_strdup (reason);
  event->item_id = item_id;
  g_ptr_array_add (summary->events, event);
}

static void
known_free (Known *k)
{
  g_free (k->path);
  g_free (k->sha256);
  g_free (k);
}

static void
found_free (Found *f)
{
  if (f == NULL)
    return;
  g_free (f->path);
  g_free (f);
}

static void
work_free (Work *work)
{
  g_clear_pointer (&work->folders, g_ptr_array_unref);
  g_clear_pointer (&work->paths, g_ptr_array_unref);
  g_clear_pointer (&work->new_dirs, g_ptr_array_unref);
  g_clear_pointer (&work->deferred, g_ptr_array_unref);
  g_free (work);
}

static gint64
stat_mtime_usec (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

/* A permission fixed with chmod changes ctime, not mtime. */
static gint64
stat_changed_usec (const struct stat *st)
{
  gint64 ctime_usec = (gint64) st->st_ctim.tv_sec * G_USEC_PER_SEC + st->st_ctim.tv_nsec / 1000;

  return MAX (stat_mtime_usec (st), ctime_usec);
}

/* TRUE when @path is @ancestor or inside it. */
static gboolean
path_is_within (const char *path, const char *ancestor)
{
  gsize n = strlen (ancestor);

  if (strncmp (path, ancestor, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == '/';
}

/* ---- the catalogue side ------------------------------------------------------- */

static Known *
known_from_row (sqlite3_stmt *stmt)
{
  Known *k = g_new0 (Known, 1);

  k->loc_id = sqlite3_column_int64 (stmt, 0);
  k->path = _sv_db_column_dup (stmt, 1);
  k->size = sqlite3_column_int64 (stmt, 2);
  k->mtime_usec = sqlite3_column_int64 (stmt, 3);
  k->missing = sqlite3_column_int (stmt, 4) != 0;
  k->managed = sqlite3_column_int (stmt, 5) != 0;
  k->item_id = sqlite3_column_int64 (stmt, 6);
  k->sha256 = _sv_db_column_dup (stmt, 7);
  k->file_id = sqlite3_column_int64 (stmt, 8);
  return k;
}

#define KNOWN_COLUMNS                                                                              \
  "SELECT l.id, l.path, l.size, l.mtime_usec, l.missing, l.managed, f.item_id, f.sha256,"          \
  " l.file_id"                                                                                     \
  " FROM locations AS l JOIN files AS f ON f.id = l.file_id "

/* Every location at @scope or under it, into @known (path → Known), in one
 * query on the path index. */
static gboolean
load_known (SvCatalogue *catalogue, const char *scope, GHashTable *known, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autofree char *low = g_strconcat (scope, "/", NULL);
  g_autofree char *high = g_strconcat (scope, "0", NULL); /* '0' follows '/' */
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  int rc;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db, KNOWN_COLUMNS "WHERE l.path = ?3 OR (l.path > ?1 AND l.path < ?2)",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, low, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, high, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, scope, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Known *k = known_from_row (stmt);

      g_hash_table_replace (known, k->path, k);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (db, rc, error);
  return TRUE;
}

/* The library's missing locations (partial index locations_missing). */
static GPtrArray *
load_missing (SvCatalogue *catalogue, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func ((GDestroyNotify) known_free);
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  int rc;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db, KNOWN_COLUMNS "WHERE l.missing = 1", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (missing, known_from_row (stmt));
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&missing);
}

/* Points location @k at @path (same bytes), present, with this size and time. */
static gboolean
update_location (SvCatalogue *catalogue,
                 const Known *k,
                 const char *path,
                 gint64 size,
                 gint64 mtime_usec,
                 gboolean managed,
                 GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db,
                         "UPDATE locations SET path = ?2, size = ?3, mtime_usec = ?4, missing = 0,"
                         " last_seen = ?5, managed = ?6 WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, k->loc_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_int64 (stmt, 4, mtime_usec);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  sqlite3_bind_int (stmt, 6, managed ? 1 : 0);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
set_missing (SvCatalogue *catalogue, GPtrArray *knowns, gboolean missing, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;

  if (knowns->len == 0)
    return TRUE;
  locker = _sv_catalogue_locker_new (catalogue, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < knowns->len; i++)
    {
      Known *k = g_ptr_array_index (knowns, i);

      stmt = _sv_db_prepare (
          db,
          "UPDATE locations SET missing = ?2, last_seen = coalesce (?3, last_seen) WHERE id = ?1",
          error);
      if (stmt == NULL)
        return _sv_db_rollback (db);
      sqlite3_bind_int64 (stmt, 1, k->loc_id);
      sqlite3_bind_int (stmt, 2, missing ? 1 : 0);
      if (missing)
        sqlite3_bind_null (stmt, 3);
      else
        sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
      if (!_sv_db_step_done (db, stmt, error))
        return _sv_db_rollback (db);
    }
  return _sv_db_commit (db, error);
}

/* A known path now holds other bytes: forget that location; an item left
 * with no location at all (its bytes exist nowhere any more) goes too, so
 * that the new bytes can be imported in its place. */
static gboolean
detach_location (SvCatalogue *catalogue, const Known *k, GError **error)
{
  gint64 remaining = 0;

  {
    g_autoptr (SvCatalogueLocker) locker = NULL;
    sqlite3_stmt *stmt;
    SvDb *db = NULL;

    locker = _sv_catalogue_locker_new (catalogue, &db);
    if (!_sv_db_exec_id (db, "DELETE FROM locations WHERE id = ?1", k->loc_id, error))
      return FALSE;
    stmt = _sv_db_prepare (db,
                           "SELECT count (*) FROM locations AS l JOIN files AS f"
                           " ON f.id = l.file_id WHERE f.item_id = ?1",
                           error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, k->item_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      remaining = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }
  if (remaining == 0)
    return sv_catalogue_delete_items (catalogue, &k->item_id, 1, FALSE, error);
  return TRUE;
}

/* Locations of the file row @file_id. */
static gint64
count_file_locations (SvCatalogue *catalogue, gint64 file_id)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  gint64 n = -1;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db, "SELECT count (*) FROM locations WHERE file_id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, file_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A file edited in place (rotated, metadata written by another program):
 * the item keeps its id and everything the user gave it; its file takes the
 * new bytes (hash, size), the pixel size and orientation are read again,
 * the thumbnails are made for the new bytes and the perceptual hash is
 * cleared so that it is computed again. Capture date, place and camera are
 * left as they were (the user may have fixed them). Nothing is written when
 * the new bytes cannot be read (@error set, not a catalogue error:
 * *@db_failed FALSE). */
static gboolean
update_content_with (SvWatcher *self,
                     const Known *k,
                     const char *path,
                     const char *sha256,
                     gint64 size,
                     gint64 mtime_usec,
                     SvMediaInfo *info,
                     gboolean *db_failed,
                     GCancellable *cancellable,
                     GError **error)
{
  g_autoptr (SvThumbnailer) thumbnailer = NULL;
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *limit = NULL;
  guint64 pixel_limit;
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  int orientation, width, height;

  *db_failed = FALSE;
  if (!sv_metadata_read_file (path, info, error))
    return FALSE;
  limit = sv_catalogue_get_setting (self->catalogue, "pixel-limit");
  pixel_limit = limit ? g_ascii_strtoull (limit, NULL, 10) : 0;
  if (pixel_limit == 0)
    pixel_limit = 100000000;
  cache_dir = sv_catalogue_get_cache_dir (self->catalogue);
  thumbnailer = sv_thumbnailer_new (cache_dir);
  if (!sv_thumbnailer_generate (thumbnailer, path, sha256, info->orientation,
                                info->decoder_applies_orientation, pixel_limit, cancellable, error))
    return FALSE;

  orientation = info->orientation >= 1 && info->orientation <= 8 ? info->orientation : 1;
  width = MAX (0, orientation >= 5 ? info->stored_height : info->stored_width);
  height = MAX (0, orientation >= 5 ? info->stored_width : info->stored_height);

  *db_failed = TRUE;
  locker = _sv_catalogue_locker_new (self->catalogue, &db);
  if (!_sv_db_begin (db, error))
    return FALSE;
  stmt = _sv_db_prepare (db, "UPDATE files SET sha256 = ?2, size = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return _sv_db_rollback (db);
  sqlite3_bind_int64 (stmt, 1, k->file_id);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, size);
  if (!_sv_db_step_done (db, stmt, error))
    return _sv_db_rollback (db);
  stmt = _sv_db_prepare (db,
                         "UPDATE items SET primary_hash = ?3, phash = NULL, stored_width = ?4,"
                         " stored_height = ?5, width = ?6, height = ?7, orientation = ?8"
                         " WHERE id = ?1 AND primary_hash = ?2",
                         error);
  if (stmt == NULL)
    return _sv_db_rollback (db);
  sqlite3_bind_int64 (stmt, 1, k->item_id);
  sqlite3_bind_text (stmt, 2, k->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, MAX (0, info->stored_width));
  sqlite3_bind_int (stmt, 5, MAX (0, info->stored_height));
  sqlite3_bind_int (stmt, 6, width);
  sqlite3_bind_int (stmt, 7, height);
  sqlite3_bind_int (stmt, 8, orientation);
  if (!_sv_db_step_done (db, stmt, error))
    return _sv_db_rollback (db);
  stmt = _sv_db_prepare (db,
                         "UPDATE locations SET size = ?2, mtime_usec = ?3, missing = 0,"
                         " last_seen = ?4 WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return _sv_db_rollback (db);
  sqlite3_bind_int64 (stmt, 1, k->loc_id);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_int64 (stmt, 3, mtime_usec);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  if (!_sv_db_step_done (db, stmt, error))
    return _sv_db_rollback (db);
  return _sv_db_commit (db, error);
}

static gboolean
update_content (SvWatcher *self,
                const Known *k,
                const char *path,
                const char *sha256,
                gint64 size,
                gint64 mtime_usec,
                gboolean *db_failed,
                GCancellable *cancellable,
                GError **error)
{
  SvMediaInfo info;
  gboolean ok;

  sv_media_info_init (&info);
  ok = update_content_with (self, k, path, sha256, size, mtime_usec, &info, db_failed, cancellable,
                            error);
  sv_media_info_clear (&info);
  return ok;
}

/* ---- the disk side -------------------------------------------------------------- */

typedef struct
{
  const char *library_dir;
  GPtrArray *found; /* Found */
  GPtrArray *dirs;  /* char* */
  GCancellable *cancellable;
  GError *error; /* the first folder that could not be read */
} Walk;

/* opendir + fstatat: only the media files' sizes and times, nothing read.
 * Hidden entries are skipped; links to files are followed, links to folders
 * are not (no loops). */
static void
walk_dir (Walk *walk, GString *path)
{
  DIR *dir;
  struct dirent *entry;
  gsize base_len = path->len;
  int fd;

  if (g_cancellable_is_cancelled (walk->cancellable))
    return;
  dir = opendir (path->str);
  if (dir == NULL)
    {
      int saved = errno;

      if (walk->error == NULL)
        {
          g_autofree char *display = g_filename_display_name (path->str);

          g_set_error (&walk->error, SV_ERROR, SV_ERROR_IO, _ ("Cannot read the folder “%s”: %s"),
                       display, g_strerror (saved));
        }
      return;
    }
  if (walk->dirs != NULL)
    g_ptr_array_add (walk->dirs, g_strdup (path->str));
  fd = dirfd (dir);

  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;
      unsigned char type = entry->d_type;
      struct stat st;

      if (name[0] == '.')
        continue;
      if (type == DT_UNKNOWN)
        {
          if (fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
          type = S_ISDIR (st.st_mode)   ? DT_DIR
                 : S_ISLNK (st.st_mode) ? DT_LNK
                 : S_ISREG (st.st_mode) ? DT_REG
                                        : DT_UNKNOWN;
        }

      g_string_truncate (path, base_len);
      g_string_append_c (path, '/');
      g_string_append (path, name);

      if (type == DT_DIR)
        {
          if (walk->library_dir == NULL || !g_str_equal (path->str, walk->library_dir))
            walk_dir (walk, path);
          continue;
        }
      if (type != DT_REG && type != DT_LNK)
        continue;
      if (!sv_import_is_media_name (name))
        continue;
      if (fstatat (fd, name, &st, 0) != 0 || !S_ISREG (st.st_mode))
        continue;
      {
        Found *f = g_new (Found, 1);

        f->path = g_strdup (path->str);
        f->size = st.st_size;
        f->mtime_usec = stat_mtime_usec (&st);
        f->changed_usec = stat_changed_usec (&st);
        g_ptr_array_add (walk->found, f);
      }
    }
  g_string_truncate (path, base_len);
  closedir (dir);
}

/* ---- one scope -------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *fresh;    /* Found: not known, to import (or a move) */
  GPtrArray *changed;  /* Found: known path, new size or time */
  GPtrArray *vanished; /* Known: gone (borrowed from knowns) */
  GPtrArray *back;     /* Known: missing and found again */
  GHashTable *knowns;  /* path → Known, owns them */
} Sort;

static void
sort_clear (Sort *s)
{
  g_clear_pointer (&s->fresh, g_ptr_array_unref);
  g_clear_pointer (&s->changed, g_ptr_array_unref);
  g_clear_pointer (&s->vanished, g_ptr_array_unref);
  g_clear_pointer (&s->back, g_ptr_array_unref);
  g_clear_pointer (&s->knowns, g_hash_table_unref);
}

/* Compares what is on disk at @scope with what the library knows there. */
static gboolean
sort_scope (SvWatcher *self,
            const char *scope,
            gboolean is_root,
            Sort *sort,
            SvRescanSummary *summary,
            GPtrArray *dirs,
            GPtrArray *deferred,
            GCancellable *cancellable,
            GError **error)
{
  gint64 recent = g_get_real_time () - (gint64) self->settle_ms * 1000;
  g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  GHashTableIter iter;
  gpointer value;
  struct stat st;

  if (!load_known (self->catalogue, scope, known, error))
    return FALSE;
  /* Ownership: every Known goes into sort->knowns. */
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_replace (sort->knowns, ((Known *) value)->path, value);

  if (g_stat (scope, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_autoptr (GString) path = g_string_new (scope);
          Walk walk = { self->library_dir, found, dirs, cancellable, NULL };

          walk_dir (&walk, path);
          if (walk.error != NULL && is_root)
            {
              /* An unplugged disk: leave the folder's records as they are. */
              summary->failed++;
              add_event (summary, SV_WATCH_EVENT_FAILED, scope, NULL, walk.error->message, 0);
              g_error_free (walk.error);
              return TRUE;
            }
          g_clear_error (&walk.error);
        }
      else if (S_ISREG (st.st_mode))
        {
          g_autofree char *base = g_path_get_basename (scope);

          if (sv_import_is_media_name (base))
            {
              Found *f = g_new (Found, 1);

              f->path = g_strdup (scope);
              f->size = st.st_size;
              f->mtime_usec = stat_mtime_usec (&st);
              f->changed_usec = stat_changed_usec (&st);
              g_ptr_array_add (found, f);
            }
        }
    }
  else if (is_root)
    {
      g_autofree char *display = g_filename_display_name (scope);
      g_autofree char *reason =
          g_strdup_printf (_ ("The watched folder “%s” cannot be found"), display);

      summary->failed++;
      add_event (summary, SV_WATCH_EVENT_FAILED, scope, NULL, reason, 0);
      return TRUE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);
      Known *k = g_hash_table_lookup (known, f->path);

      summary->checked++;
      if (k != NULL)
        g_hash_table_remove (known, f->path);
      if (k != NULL && k->size == f->size && k->mtime_usec == f->mtime_usec)
        {
          summary->unchanged++;
          if (k->missing)
            g_ptr_array_add (sort->back, k);
          continue;
        }
      if (deferred != NULL && f->changed_usec > recent)
        {
          summary->settling++;
          g_ptr_array_add (deferred, g_strdup (f->path));
          continue;
        }
      g_ptr_array_add (k == NULL ? sort->fresh : sort->changed,
                       g_steal_pointer (&g_ptr_array_index (found, i)));
    }

  /* What is left was not found. */
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Known *k = value;

      if (!k->missing)
        g_ptr_array_add (sort->vanished, k);
    }
  return TRUE;
}

static char *
hash_file (SvWatcher *self, const char *path, GCancellable *cancellable, GError **error)
{
  g_atomic_pointer_add (&self->files_read, 1);
  return sv_sha256_file_hex (path, NULL, cancellable, error);
}

static gboolean
is_managed_path (const char *managed_root, const char *path)
{
  return managed_root != NULL && *managed_root != '\0' && path_is_within (path, managed_root);
}

/* Paths that failed to import, with the start of the last import they
 * failed in (µs): one query, import_errors having no index on path. */
static GHashTable *
load_failures (SvCatalogue *catalogue, GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  g_autoptr (GHashTable) failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  SvDb *db = NULL;
  int rc;

  locker = _sv_catalogue_locker_new (catalogue, &db);
  stmt = _sv_db_prepare (db,
                         "SELECT e.path, max (i.started_at) FROM import_errors AS e"
                         " JOIN imports AS i ON i.id = e.import_id GROUP BY e.path",
                         error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *when = g_new (gint64, 1);

      *when = sqlite3_column_int64 (stmt, 1);
      g_hash_table_replace (failures, _sv_db_column_dup (stmt, 0), when);
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&failures);
}

static void
remember_skip (SvWatcher *self, const Found *f)
{
  gint64 *when = g_new (gint64, 1);

  *when = f->changed_usec;
  g_mutex_lock (&self->skips_lock);
  g_hash_table_replace (self->skips, g_strdup (f->path), when);
  g_mutex_unlock (&self->skips_lock);
}

/* TRUE when @f failed to import, or was deleted from the library before,
 * and has not changed since. */
static gboolean
is_skipped (SvWatcher *self, GHashTable *failures, const Found *f)
{
  const gint64 *when;
  gboolean skip = FALSE;

  g_mutex_lock (&self->skips_lock);
  when = g_hash_table_lookup (self->skips, f->path);
  skip = when != NULL && *when == f->changed_usec;
  g_mutex_unlock (&self->skips_lock);
  if (!skip && failures != NULL)
    {
      when = g_hash_table_lookup (failures, f->path);
      skip = when != NULL && *when > f->changed_usec;
    }
  return skip;
}

/* Imports @found (Found*, referenced in place) and turns the outcome into
 * events. Files that failed before (or were deleted from the library
 * before) and have not changed since are not read again. */
static gboolean
import_found (SvWatcher *self,
              GPtrArray *found,
              SvRescanSummary *summary,
              GCancellable *cancellable,
              GError **error)
{
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (SvImportSummary) result = NULL;
  g_autoptr (GHashTable) new_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) failures = NULL;
  g_autoptr (GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();

  if (found->len == 0)
    return TRUE;
  failures = load_failures (self->catalogue, error);
  if (failures == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);
      g_autoptr (GFile) file = NULL;

      if (is_skipped (self, failures, f))
        {
          summary->skipped++;
          continue;
        }
      file = g_file_new_for_path (f->path);
      g_list_store_append (inputs, file);
      g_ptr_array_add (paths, f);
    }
  if (paths->len == 0)
    return TRUE;

  g_atomic_pointer_add (&self->files_read, (gssize) paths->len);
  summary->files_read += paths->len;
  result = sv_importer_import (self->importer, G_LIST_MODEL (inputs), cancellable, error);
  if (result == NULL)
    return FALSE;

  summary->new_files += result->imported;
  summary->previously_deleted += result->previously_deleted;
  for (guint i = 0; i < result->new_item_ids->len; i++)
    g_hash_table_add (new_ids, &g_array_index (result->new_item_ids, gint64, i));
  for (guint i = 0; i < result->failures->len; i++)
    {
      SvImportError *e = g_ptr_array_index (result->failures, i);

      g_hash_table_insert (reasons, e->path, e->reason);
    }

  for (guint i = 0; i < paths->len; i++)
    {
      Found *f = g_ptr_array_index (paths, i);
      const char *reason = g_hash_table_lookup (reasons, f->path);
      gint64 item_id = 0;

      if (reason != NULL)
        {
          summary->failed++;
          add_event (summary, SV_WATCH_EVENT_FAILED, f->path, NULL, reason, 0);
          remember_skip (self, f);
        }
      else if (sv_catalogue_lookup_location (self->catalogue, f->path, &item_id, NULL, NULL))
        {
          if (g_hash_table_contains (new_ids, &item_id))
            add_event (summary, SV_WATCH_EVENT_NEW, f->path, NULL, NULL, item_id);
          else
            {
              summary->duplicates++;
              add_event (summary, SV_WATCH_EVENT_DUPLICATE, f->path, NULL, NULL, item_id);
            }
        }
      else if (!result->cancelled && result->stopped_by == NULL)
        {
          /* Not recorded and no error: its bytes were deleted from the
           * library before (tombstone). */
          add_event (summary, SV_WATCH_EVENT_PREVIOUSLY_DELETED, f->path, NULL, NULL, 0);
          remember_skip (self, f);
        }
    }
  if (result->stopped_by != NULL)
    {
      g_propagate_error (error, g_error_copy (result->stopped_by));
      return FALSE;
    }
  return TRUE;
}

/* Acts on what the scopes found: edits, moves, imports, missing files. */
static gboolean
apply_sort (SvWatcher *self,
            Sort *sort,
            SvRescanSummary *summary,
            GCancellable *cancellable,
            GError **error)
{
  g_autoptr (GPtrArray) to_import = g_ptr_array_new (); /* Found*, borrowed */
  g_autoptr (GPtrArray) sources = NULL;                 /* Known: vanished now or missing before */
  g_autoptr (GPtrArray) missing_before = NULL;
  g_autoptr (GHashTable) sizes = NULL;                           /* size → GPtrArray of Known */
  g_autoptr (GHashTable) reused = g_hash_table_new (NULL, NULL); /* Known* re-pointed */
  g_autoptr (GArray) touched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) still_vanished = g_ptr_array_new ();
  g_autofree char *managed_root = sv_catalogue_get_setting (self->catalogue, "managed-root");

  /* 1. Found again where they were. */
  if (!set_missing (self->catalogue, sort->back, FALSE, error))
    return FALSE;
  for (guint i = 0; i < sort->back->len; i++)
    {
      Known *k = g_ptr_array_index (sort->back, i);

      summary->back++;
      add_event (summary, SV_WATCH_EVENT_BACK, k->path, NULL, NULL, k->item_id);
      g_array_append_val (touched, k->item_id);
    }

  /* 2. Known paths with a new size or time: read them. */
  for (guint i = 0; i < sort->changed->len; i++)
    {
      Found *f = g_ptr_array_index (sort->changed, i);
      Known *k = g_hash_table_lookup (sort->knowns, f->path);
      g_autoptr (GError) local_error = NULL;
      g_autofree char *sha256 = NULL;

      g_assert (k != NULL);
      if (is_skipped (self, NULL, f))
        {
          summary->skipped++;
          continue;
        }
      summary->files_read++;
      sha256 = hash_file (self, f->path, cancellable, &local_error);
      if (sha256 == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          summary->failed++;
          add_event (summary, SV_WATCH_EVENT_FAILED, f->path, NULL, local_error->message, 0);
          remember_skip (self, f);
          continue;
        }
      summary->changed++;
      if (g_strcmp0 (sha256, k->sha256) == 0)
        {
          /* Touched, same bytes. */
          if (!update_location (self->catalogue, k, f->path, f->size, f->mtime_usec, k->managed,
                                error))
            return FALSE;
          add_event (summary, SV_WATCH_EVENT_CHANGED, f->path, NULL, NULL, k->item_id);
          g_array_append_val (touched, k->item_id);
          continue;
        }
      /* Other bytes. The only copy of an item's file, and bytes the
       * library does not hold elsewhere: the same item, edited. */
      {
        gint64 other = sv_catalogue_lookup_hash (self->catalogue, sha256);

        if ((other == 0 || other == k->item_id) &&
            count_file_locations (self->catalogue, k->file_id) == 1)
          {
            gboolean db_failed = FALSE;

            if (!update_content (self, k, f->path, sha256, f->size, f->mtime_usec, &db_failed,
                                 cancellable, &local_error))
              {
                if (db_failed || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                  {
                    g_propagate_error (error, g_steal_pointer (&local_error));
                    return FALSE;
                  }
                /* Unreadable now: the item keeps its record as it was. */
                summary->changed--;
                summary->failed++;
                add_event (summary, SV_WATCH_EVENT_FAILED, f->path, NULL, local_error->message,
                           k->item_id);
                remember_skip (self, f);
                continue;
              }
            add_event (summary, SV_WATCH_EVENT_CHANGED, f->path, NULL, NULL, k->item_id);
            g_array_append_val (touched, k->item_id);
            continue;
          }
      }
      /* A copy that now differs from the item's other copies, or bytes of
       * another item: this path leaves its item (which keeps its other
       * copies) and is imported like a new file. */
      if (!detach_location (self->catalogue, k, error))
        return FALSE;
      add_event (summary, SV_WATCH_EVENT_CHANGED, f->path, NULL, NULL, k->item_id);
      g_ptr_array_add (to_import, f);
    }

  /* 3. New paths: a vanished or missing file with the same size may have
   * moved here; only those few are read. */
  sources = g_ptr_array_new ();
  g_ptr_array_extend (sources, sort->vanished, NULL, NULL);
  if (sort->fresh->len > 0)
    {
      missing_before = load_missing (self->catalogue, error);
      if (missing_before == NULL)
        return FALSE;
      g_ptr_array_extend (sources, missing_before, NULL, NULL);
    }
  sizes =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < sources->len; i++)
    {
      Known *k = g_ptr_array_index (sources, i);
      GPtrArray *same = g_hash_table_lookup (sizes, &k->size);

      if (same == NULL)
        {
          same = g_ptr_array_new ();
          g_hash_table_insert (sizes, &k->size, same);
        }
      g_ptr_array_add (same, k);
    }

  for (guint i = 0; i < sort->fresh->len; i++)
    {
      Found *f = g_ptr_array_index (sort->fresh, i);
      GPtrArray *same = g_hash_table_lookup (sizes, &f->size);
      g_autofree char *sha256 = NULL;
      Known *source = NULL;

      if (is_skipped (self, NULL, f))
        {
          summary->skipped++;
          continue;
        }
      if (same != NULL)
        {
          g_autoptr (GError) local_error = NULL;

          summary->files_read++;
          sha256 = hash_file (self, f->path, cancellable, &local_error);
          if (sha256 == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          for (guint j = 0; sha256 != NULL && j < same->len; j++)
            {
              Known *k = g_ptr_array_index (same, j);

              if (!g_hash_table_contains (reused, k) && g_strcmp0 (k->sha256, sha256) == 0)
                {
                  source = k;
                  break;
                }
            }
        }
      if (source == NULL)
        {
          g_ptr_array_add (to_import, f);
          continue;
        }
      if (!update_location (self->catalogue, source, f->path, f->size, f->mtime_usec,
                            source->managed && is_managed_path (managed_root, f->path), error))
        return FALSE;
      g_hash_table_add (reused, source);
      summary->moved++;
      add_event (summary, SV_WATCH_EVENT_MOVED, f->path, source->path, NULL, source->item_id);
      g_array_append_val (touched, source->item_id);
    }

  /* 4. Gone: missing, the item stays. */
  for (guint i = 0; i < sort->vanished->len; i++)
    {
      Known *k = g_ptr_array_index (sort->vanished, i);

      if (g_hash_table_contains (reused, k))
        continue;
      g_ptr_array_add (still_vanished, k);
      summary->missing++;
      add_event (summary, SV_WATCH_EVENT_MISSING, k->path, NULL, NULL, k->item_id);
      g_array_append_val (touched, k->item_id);
    }
  if (!set_missing (self->catalogue, still_vanished, TRUE, error))
    return FALSE;
  if (touched->len > 0)
    _sv_catalogue_emit_changed (self->catalogue, NULL, g_steal_pointer (&touched), NULL);

  /* 5. The rest is new to the library (or was deleted from it). */
  return import_found (self, to_import, summary, cancellable, error);
}

/* Runs @work in the calling thread. */
static SvRescanSummary *
run_work (SvWatcher *self, Work *work, GCancellable *cancellable, GError **error)
{
  g_autoptr (SvRescanSummary) summary = rescan_summary_new ();
  Sort sort = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = TRUE;

  sort.fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  sort.changed = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  sort.vanished = g_ptr_array_new ();
  sort.back = g_ptr_array_new ();
  sort.knowns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) known_free);

  for (guint i = 0; ok && work->folders != NULL && i < work->folders->len; i++)
    {
      SvWatchedFolder *folder = g_ptr_array_index (work->folders, i);

      summary->folders++;
      ok = sort_scope (self, folder->path, TRUE, &sort, summary, work->new_dirs, work->deferred,
                       cancellable, error);
    }
  for (guint i = 0; ok && work->paths != NULL && i < work->paths->len; i++)
    {
      const char *path = g_ptr_array_index (work->paths, i);
      gboolean inside_other = FALSE;

      /* A folder of the batch covers the paths under it. */
      for (guint j = 0; j < work->paths->len && !inside_other; j++)
        inside_other = j != i && path_is_within (path, g_ptr_array_index (work->paths, j)) &&
                       (j < i || !g_str_equal (path, g_ptr_array_index (work->paths, j)));
      if (!inside_other)
        ok = sort_scope (self, path, FALSE, &sort, summary, work->new_dirs, work->deferred,
                         cancellable, error);
    }

  if (ok)
    ok = apply_sort (self, &sort, summary, cancellable, error);
  sort_clear (&sort);
  if (!ok)
    return NULL;

  if (work->folders != NULL)
    {
      gint64 now = g_get_real_time ();

      for (guint i = 0; i < work->folders->len; i++)
        {
          SvWatchedFolder *folder = g_ptr_array_index (work->folders, i);
          g_autoptr (GError) local_error = NULL;

          if (!sv_watched_folders_set_last_scan (self->catalogue, folder->id, now, &local_error))
            g_warning ("Could not record the scan of %s: %s", folder->path, local_error->message);
        }
    }
  summary->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  return g_steal_pointer (&summary);
}

static Work *
work_new_rescan (SvWatcher *self, GError **error)
{
  Work *work = g_new0 (Work, 1);

  work->folders = sv_watched_folders_list (self->catalogue, error);
  if (work->folders == NULL)
    {
      work_free (work);
      return NULL;
    }
  work->new_dirs = g_ptr_array_new_with_free_func (g_free);
  return work;
}

static void
work_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SvWatcher *self = source_object;
  Work *work = task_data;
  GError *error = NULL;
  SvRescanSummary *summary;

  summary = run_work (self, work, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) sv_rescan_summary_free);
}

/* ---- watching (main thread) ------------------------------------------------------ */

static void
emit_summary (SvWatcher *self, SvRescanSummary *summary, guint signal_id)
{
  for (guint i = 0; i < summary->events->len; i++)
    g_signal_emit (self, signals[SIGNAL_FILE_EVENT], 0, g_ptr_array_index (summary->events, i));
  g_signal_emit (self, signals[signal_id], 0, summary);
}

static void
set_busy (SvWatcher *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
touch_filename (SvWatcher *self, const char *filename)
{
  g_autofree char *path = g_strdup (filename);
  g_autofree char *base = NULL;
  Pending *p;
  base = g_path_get_basename (path);
  if (base[0] == '.')
    return;
  if (self->library_dir != NULL && path_is_within (path, self->library_dir))
    return;
  p = g_hash_table_lookup (self->pending, path);
  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      g_hash_table_insert (self->pending, g_steal_pointer (&path), p);
    }
  p->size = -1;
  p->mtime_usec = -1;
  p->stable_since = g_get_monotonic_time ();
}

static void
touch_path (SvWatcher *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    touch_filename (self, path);
}

static void
touch_deferred (SvWatcher *self, Work *work)
{
  for (guint i = 0; work != NULL && work->deferred != NULL && i < work->deferred->len; i++)
    touch_filename (self, g_ptr_array_index (work->deferred, i));
}

static void
on_monitor_changed_cb (GFileMonitor *monitor,
                       GFile *file,
                       GFile *other_file,
                       GFileMonitorEvent event_type,
                       gpointer user_data)
{
  SvWatcher *self = user_data;

  switch (event_type)
    {
      case G_FILE_MONITOR_EVENT_CREATED:
      case G_FILE_MONITOR_EVENT_CHANGED:
      case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      case G_FILE_MONITOR_EVENT_DELETED:
      case G_FILE_MONITOR_EVENT_MOVED_IN:
      case G_FILE_MONITOR_EVENT_MOVED_OUT:
        touch_path (self, file);
        break;
      case G_FILE_MONITOR_EVENT_RENAMED:
      case G_FILE_MONITOR_EVENT_MOVED:
        touch_path (self, file);
        if (other_file != NULL)
          touch_path (self, other_file);
        break;
      case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
      case G_FILE_MONITOR_EVENT_UNMOUNTED:
      default:
        break;
    }
}

static void
watch_dir (SvWatcher *self, const char *path)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileMonitor) monitor = NULL;
  g_autoptr (GError) error = NULL;

  if (g_hash_table_contains (self->monitors, path))
    return;
  file = g_file_new_for_path (path);
  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor == NULL)
    {
      g_warning ("Cannot watch %s: %s", path, error->message);
      return;
    }
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self, 0);
  g_hash_table_insert (self->monitors, g_strdup (path), g_steal_pointer (&monitor));
}

static void
watch_dirs (SvWatcher *self, GPtrArray *dirs)
{
  guint before = g_hash_table_size (self->monitors);

  for (guint i = 0; dirs != NULL && i < dirs->len; i++)
    watch_dir (self, g_ptr_array_index (dirs, i));
  if (g_hash_table_size (self->monitors) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);
}

static void
unwatch_under (SvWatcher *self, const char *path)
{
  GHashTableIter iter;
  gpointer key, value;
  guint before = g_hash_table_size (self->monitors);

  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (path_is_within (key, path))
      {
        g_file_monitor_cancel (value);
        g_hash_table_iter_remove (&iter);
      }
  if (g_hash_table_size (self->monitors) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);
}

/* A new folder: watch it (and its folders) now, and let its files settle
 * like any other new file. */
static void
adopt_new_dir (SvWatcher *self, const char *path)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) walk_path = g_string_new (path);
  Walk walk = { self->library_dir, found, dirs, NULL, NULL };

  walk_dir (&walk, walk_path);
  g_clear_error (&walk.error);
  watch_dirs (self, dirs);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);
      g_autoptr (GFile) file = g_file_new_for_path (f->path);

      touch_path (self, file);
    }
}

static gboolean
on_tick_cb (gpointer data)
{
  SvWatcher *self = data;
  g_autoptr (GPtrArray) new_dirs = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *path = key;
      Pending *p = value;
      struct stat st;

      if (g_stat (path, &st) != 0)
        {
          /* Gone (deleted, or moved away): it waits as long as a new file
           * does, so that a move inside the trees is seen in one batch
           * (the old path vanished, the new one with the same bytes). */
          if (p->size != GONE)
            {
              unwatch_under (self, path);
              p->size = GONE;
              p->stable_since = now;
            }
          else if (now - p->stable_since >= (gint64) self->settle_ms * 1000)
            {
              g_ptr_array_add (self->ready, g_strdup (path));
              g_hash_table_iter_remove (&iter);
            }
          continue;
        }
      if (S_ISDIR (st.st_mode))
        {
          if (!g_hash_table_contains (self->monitors, path))
            g_ptr_array_add (new_dirs, g_strdup (path));
          g_hash_table_iter_remove (&iter);
          continue;
        }
      {
        g_autofree char *base = g_path_get_basename (path);

        if (!S_ISREG (st.st_mode) || !sv_import_is_media_name (base))
          {
            g_hash_table_iter_remove (&iter);
            continue;
          }
      }
      if (st.st_size != p->size || stat_mtime_usec (&st) != p->mtime_usec)
        {
          p->size = st.st_size;
          p->mtime_usec = stat_mtime_usec (&st);
          p->stable_since = now;
          continue;
        }
      if (now - p->stable_since >= (gint64) self->settle_ms * 1000)
        {
          g_ptr_array_add (self->ready, g_strdup (path));
          g_hash_table_iter_remove (&iter);
        }
    }
  for (guint i = 0; i < new_dirs->len; i++)
    adopt_new_dir (self, g_ptr_array_index (new_dirs, i));

  maybe_start_batch (self);
  return G_SOURCE_CONTINUE;
}

static void
on_batch_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvWatcher) self = user_data;
  g_autoptr (SvRescanSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  Work *work = g_task_get_task_data (G_TASK (result));

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    return;
  if (summary == NULL)
    {
      g_warning ("Watched folders: %s", error->message);
      return;
    }
  watch_dirs (self, work->new_dirs);
  touch_deferred (self, work);
  emit_summary (self, summary, SIGNAL_BATCH_DONE);
  maybe_start_batch (self);
}

static void
maybe_start_batch (SvWatcher *self)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Work *work;

  if (!self->started || self->busy || (self->ready->len == 0 && !self->catch_up))
    return;
  if (self->catch_up)
    {
      /* Files made between the start rescan's walk and the monitors: one
       * more rescan finds them (it reads nothing that is unchanged). */
      self->catch_up = FALSE;
      work = work_new_rescan (self, &error);
      if (work == NULL)
        {
          g_warning ("Watched folders: %s", error->message);
          return;
        }
      work->defer_recent = TRUE;
      work->deferred = g_ptr_array_new_with_free_func (g_free);
    }
  else
    {
      work = g_new0 (Work, 1);
      work->paths = g_steal_pointer (&self->ready);
      work->new_dirs = g_ptr_array_new_with_free_func (g_free);
      self->ready = g_ptr_array_new_with_free_func (g_free);
    }

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_batch_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, maybe_start_batch);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, work_thread);
}

static void
on_start_rescan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvWatcher) self = user_data;
  g_autoptr (SvRescanSummary) summary = NULL;
  g_autoptr (GError) error = NULL;
  Work *work = g_task_get_task_data (G_TASK (result));

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    return;
  if (summary == NULL)
    {
      g_warning ("Rescan of the watched folders failed: %s", error->message);
      summary = rescan_summary_new ();
    }
  /* Watch every folder of the trees, roots first (a root that could not be
   * read is still watched, so it is noticed when it comes back). */
  for (guint i = 0; work != NULL && work->folders != NULL && i < work->folders->len; i++)
    watch_dir (self, ((SvWatchedFolder *) g_ptr_array_index (work->folders, i))->path);
  if (work != NULL)
    watch_dirs (self, work->new_dirs);
  touch_deferred (self, work);
  self->tick_source = g_timeout_add (TICK_MS, on_tick_cb, self);
  self->catch_up = TRUE;
  emit_summary (self, summary, SIGNAL_RESCAN_DONE);
  maybe_start_batch (self);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
sv_watcher_dispose (GObject *object)
{
  SvWatcher *self = SV_WATCHER (object);

  sv_watcher_stop (self);
  g_clear_object (&self->importer);
  g_clear_object (&self->catalogue);
  G_OBJECT_CLASS (sv_watcher_parent_class)->dispose (object);
}

static void
sv_watcher_finalize (GObject *object)
{
  SvWatcher *self = SV_WATCHER (object);

  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->ready, g_ptr_array_unref);
  g_clear_pointer (&self->skips, g_hash_table_unref);
  g_mutex_clear (&self->skips_lock);
  g_clear_pointer (&self->library_dir, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (sv_watcher_parent_class)->finalize (object);
}

static void
sv_watcher_constructed (GObject *object)
{
  SvWatcher *self = SV_WATCHER (object);

  G_OBJECT_CLASS (sv_watcher_parent_class)->constructed (object);
  g_assert (self->catalogue != NULL);
  self->importer = sv_importer_new (self->catalogue);
  /* Watched folders are referenced in place, whatever the import setting. */
  sv_importer_set_mode (self->importer, SV_IMPORT_MODE_REFERENCE);
  self->library_dir =
      sv_watched_folders_canonicalize (sv_catalogue_get_library_dir (self->catalogue), NULL);
}

static void
sv_watcher_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvWatcher *self = SV_WATCHER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        g_value_set_object (value, self->catalogue);
        break;
      case PROP_SETTLE_MS:
        g_value_set_uint (value, self->settle_ms);
        break;
      case PROP_N_MONITORS:
        g_value_set_uint (value, sv_watcher_get_n_monitors (self));
        break;
      case PROP_BUSY:
        g_value_set_boolean (value, self->busy);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_watcher_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvWatcher *self = SV_WATCHER (object);

  switch (prop_id)
    {
      case PROP_CATALOGUE:
        self->catalogue = g_value_dup_object (value);
        break;
      case PROP_SETTLE_MS:
        sv_watcher_set_settle_ms (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_watcher_class_init (SvWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sv_watcher_constructed;
  object_class->dispose = sv_watcher_dispose;
  object_class->finalize = sv_watcher_finalize;
  object_class->get_property = sv_watcher_get_property;
  object_class->set_property = sv_watcher_set_property;

  properties[PROP_CATALOGUE] =
      g_param_spec_object ("catalogue", NULL, NULL, SV_TYPE_CATALOGUE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTLE_MS] =
      g_param_spec_uint ("settle-ms", NULL, NULL, 0, 600000, DEFAULT_SETTLE_MS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_MONITORS] =
      g_param_spec_uint ("n-monitors", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
      g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FILE_EVENT] =
      g_signal_new ("file-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_RESCAN_DONE] =
      g_signal_new ("rescan-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_BATCH_DONE] =
      g_signal_new ("batch-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sv_watcher_init (SvWatcher *self)
{
  self->settle_ms = DEFAULT_SETTLE_MS;
  self->context = g_main_context_ref_thread_default ();
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ready = g_ptr_array_new_with_free_func (g_free);
  self->skips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->skips_lock);
}

/* ---- public API ------------------------------------------------------------------- */

SvWatcher *
sv_watcher_new (SvCatalogue *catalogue)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  return g_object_new (SV_TYPE_WATCHER, "catalogue", catalogue, NULL);
}

void
sv_watcher_set_settle_ms (SvWatcher *self, guint settle_ms)
{
  g_return_if_fail (SV_IS_WATCHER (self));

  if (self->settle_ms == settle_ms)
    return;
  self->settle_ms = settle_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTLE_MS]);
}

guint
sv_watcher_get_settle_ms (SvWatcher *self)
{
  g_return_val_if_fail (SV_IS_WATCHER (self), 0);
  return self->settle_ms;
}

guint
sv_watcher_get_n_monitors (SvWatcher *self)
{
  g_return_val_if_fail (SV_IS_WATCHER (self), 0);
  return self->monitors ? g_hash_table_size (self->monitors) : 0;
}

gboolean
sv_watcher_get_busy (SvWatcher *self)
{
  g_return_val_if_fail (SV_IS_WATCHER (self), FALSE);
  return self->busy;
}

guint64
sv_watcher_get_files_read (SvWatcher *self)
{
  g_return_val_if_fail (SV_IS_WATCHER (self), 0);
  return (guint64) (gsize) g_atomic_pointer_get (&self->files_read);
}

SvRescanSummary *
sv_watcher_rescan (SvWatcher *self, GCancellable *cancellable, GError **error)
{
  Work *work;
  SvRescanSummary *summary;

  g_return_val_if_fail (SV_IS_WATCHER (self), NULL);

  work = work_new_rescan (self, error);
  if (work == NULL)
    return NULL;
  summary = run_work (self, work, cancellable, error);
  work_free (work);
  return summary;
}

void
sv_watcher_rescan_async (SvWatcher *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  Work *work;

  g_return_if_fail (SV_IS_WATCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sv_watcher_rescan_async);
  work = work_new_rescan (self, &error);
  if (work == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, work_thread);
}

SvRescanSummary *
sv_watcher_rescan_finish (SvWatcher *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SV_IS_WATCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sv_watcher_start (SvWatcher *self)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  Work *work;

  g_return_if_fail (SV_IS_WATCHER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_start_rescan_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, sv_watcher_start);
  work = work_new_rescan (self, &error);
  if (work == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  work->defer_recent = TRUE;
  work->deferred = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, work_thread);
}

void
sv_watcher_stop (SvWatcher *self)
{
  g_return_if_fail (SV_IS_WATCHER (self));

  if (!self->started)
    return;
  self->started = FALSE;
  self->catch_up = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->monitors != NULL)
    {
      g_hash_table_remove_all (self->monitors);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);
    }
  g_hash_table_remove_all (self->pending);
  g_ptr_array_set_size (self->ready, 0);
}
