/* sv-catalogue.h: the library's catalogue (SQLite)
 *
 * Threading: an SvCatalogue owns one read-write SQLite connection, guarded by
 * a GMutex; every public function takes the lock, so the catalogue may be
 * used from several threads at once (importer workers and the main thread).
 * Long checks (sv_catalogue_check) only hold the lock while reading or writing
 * rows, never while they stat or hash files. Models (SvItemList) read through
 * their own read-only connections, which never wait for writers (WAL).
 *
 * The "changed" signal is always emitted in the GMainContext that was the
 * thread-default one when the catalogue was opened: synchronously when the
 * write happens in that context's thread, else from an idle source there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sv-media-info.h"
#include "sv-media-item.h"
#include "sv-file-location.h"

G_BEGIN_DECLS

#define SV_TYPE_CATALOGUE (sv_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (SvCatalogue, sv_catalogue, SV, CATALOGUE, GObject)

/* $SOUVENIR_LIBRARY when set and not empty, else $XDG_DATA_HOME/souvenir. */
char *
sv_catalogue_default_library_dir (void);

/* Creates the folder (with trash/ and backups/) and library.db if missing,
 * migrates an older catalogue after backing it up in backups/. Errors:
 * SV_ERROR_NEWER_CATALOGUE, SV_ERROR_CORRUPT, SV_ERROR_DATABASE, SV_ERROR_IO. */
SvCatalogue *
sv_catalogue_open (const char *library_dir, GError **error);
const char *
sv_catalogue_get_library_dir (SvCatalogue *self);
const char *
sv_catalogue_get_library_id (SvCatalogue *self);
/* $XDG_CACHE_HOME/souvenir/<library id> */
char *
sv_catalogue_get_cache_dir (SvCatalogue *self);

/* Keys: "import-mode" (copy|reference, default reference), "managed-root"
 * (absolute path, default <Pictures>/Souvenir), "pixel-limit" (positive
 * integer, default 100000000), "trash-retention-days" (0..36500, default
 * 30), "event-gap-hours" (1..8784, default 8), "face-recognition" (on|off,
 * default on), "scene-labels" (on|off, default on), "analysis-max-cores"
 * (1..the number of cores, default 1). get returns the default
 * when unset and NULL for an unknown key; set validates the value (SV_ERROR_INVALID_ARGUMENT). */
char *
sv_catalogue_get_setting (SvCatalogue *self, const char *key);
gboolean
sv_catalogue_set_setting (SvCatalogue *self, const char *key, const char *value, GError **error);
/* "recent-searches": the search bar's recent searches, newest first, one a
 * line, at most this many bytes. */
#define SV_RECENT_SEARCHES_MAX_BYTES 8192

typedef struct
{
  guint files_seen, imported, duplicates, failed;
  guint64 bytes;
  gboolean cancelled;
} SvImportCounts;

/* Every begin_import must be followed by finish_import: in between, the
 * library's import lock is held (shared), and checks leave the thumbnails
 * of photos not yet in the catalogue alone. */
gint64
sv_catalogue_begin_import (SvCatalogue *self, const char *mode, GError **error);
gboolean
sv_catalogue_finish_import (SvCatalogue *self,
                            gint64 import_id,
                            const SvImportCounts *counts,
                            GError **error);

/* Fast pre-hash check: a location already known with this path; fills its
 * item id, size and mtime. */
gboolean
sv_catalogue_lookup_location (SvCatalogue *self,
                              const char *path,
                              gint64 *item_id,
                              gint64 *size,
                              gint64 *mtime_usec);
/* Item id with a file of that hash, 0 if none. */
gint64
sv_catalogue_lookup_hash (SvCatalogue *self, const char *sha256);

typedef struct
{
  char *path; /* absolute */
  char *sha256;
  gint64 size;
  gint64 mtime_usec;
  gboolean managed; /* copied into the library's managed folder */
  SvMediaInfo info;
  gboolean has_place;
  SvPlace place;
} SvNewFile;

void
sv_new_file_init (SvNewFile *f);
void
sv_new_file_clear (SvNewFile *f);

/* One transaction for the whole batch. For each file: if its hash is already
 * in the library (or earlier in this batch) it becomes one more location of
 * that item (unless the path is already recorded) and is counted as a
 * duplicate; otherwise a new item (new UUID) + file + location. @item_ids (n
 * entries) receives the item id of each file; @is_new (n entries) TRUE for
 * new items. Either may be NULL. Emits ::changed once for the batch. A file
 * with a relative path or an invalid hash fails the whole batch
 * (SV_ERROR_INVALID_ARGUMENT) and nothing is written. */
gboolean
sv_catalogue_add_files (SvCatalogue *self,
                        gint64 import_id,
                        SvNewFile *const *files,
                        guint n,
                        gint64 *item_ids,
                        gboolean *is_new,
                        GError **error);

typedef struct
{
  char *path;
  char *reason;
} SvImportError;

void
sv_import_error_free (SvImportError *e);
gboolean
sv_catalogue_add_import_error (SvCatalogue *self,
                               gint64 import_id,
                               const char *path,
                               const char *reason,
                               GError **error);
/* Of SvImportError, in the order they were added, with a free func. */
GPtrArray *
sv_catalogue_list_import_errors (SvCatalogue *self, gint64 import_id, GError **error);

/* Items */
SvMediaItem *
sv_catalogue_get_item (SvCatalogue *self, gint64 id, GError **error);
/* One query; same order as @ids; SV_ERROR_NOT_FOUND if any id is unknown. */
GPtrArray *
sv_catalogue_get_items (SvCatalogue *self, const gint64 *ids, guint n, GError **error);
/* A numeric id, a UUID, or any location path (made absolute). */
gint64
sv_catalogue_resolve (SvCatalogue *self, const char *id_uuid_or_path, GError **error);
/* Of SvFileLocation: the item's files and where they are, originals first. */
GPtrArray *
sv_catalogue_get_locations (SvCatalogue *self, gint64 item_id, GError **error);

typedef struct
{
  char *date_from;     /* "YYYY-MM-DD" inclusive, or NULL */
  char *date_to;       /* inclusive, or NULL */
  char *camera;        /* case-insensitive substring of the normalised camera, or NULL */
  char *place;         /* city/region/country in English or local language, or the
                        * country code; case-insensitive */
  int kind;            /* -1 any, else SvMediaKind */
  gint64 import_id;    /* 0: any */
  gboolean trashed;    /* FALSE: live items only; TRUE: the trash */
  gboolean favourites; /* TRUE: favourites only */
  guint limit, offset; /* limit 0: all */
  gint64 album_id;     /* 0: any; else that album's items, in the album's order
                        * (its manual positions, or oldest first) */
  GArray *ids;         /* NULL: any; else only these item ids (gint64), e.g. a
                        * search's results; shared (copies take a reference),
                        * never changed once set */
} SvQuery;

void
sv_query_init (SvQuery *q);
void
sv_query_clear (SvQuery *q);
void
sv_query_copy (const SvQuery *src, SvQuery *dest);

/* gint64 ids, newest first: taken_local DESC (unknown dates last), id DESC. */
GArray *
sv_catalogue_query_ids (SvCatalogue *self, const SvQuery *q, GError **error);
/* Ignores limit and offset. -1 on error. */
gint64
sv_catalogue_count (SvCatalogue *self, const SvQuery *q, GError **error);

typedef struct
{
  char *day; /* "YYYY-MM-DD", NULL for items without a date */
  guint count;
} SvDayCount;

/* Items per day for the query (limit and offset ignored), newest day first,
 * the undated last: the timeline lays out its sections from this. An array
 * of SvDayCount that frees its days. */
GArray *
sv_catalogue_count_by_day (SvCatalogue *self, const SvQuery *q, GError **error);

typedef struct
{
  gint64 items, photos, videos, files, locations, missing, trashed, bytes, cameras, places, imports,
      import_errors;
  char *first_day, *last_day;
} SvCatalogueStats;

gboolean
sv_catalogue_get_stats (SvCatalogue *self, SvCatalogueStats *stats, GError **error);
void
sv_catalogue_stats_clear (SvCatalogueStats *s);

/* Integrity: PRAGMA integrity_check + foreign_key_check, locations whose
 * file is missing (marks them missing / present again), size/mtime changes,
 * and with @verify_hashes re-hashes every present file and reports
 * mismatches; locations pointing at a managed copy that is not complete (a
 * temporary copy name, or a managed file whose size differs) are
 * partial_copies. @cache_dir (nullable): thumbnails there (files whose name
 * starts with a SHA-256) whose hash is in no item are orphans. When no
 * import runs (in any process: see sv_catalogue_begin_import), the check
 * repairs the cache, which can always be made again: it removes orphan
 * thumbnails (orphans_removed), damaged JPEG thumbnails (no SOI/EOI, too
 * short: damaged_thumbnails) and the temporary files of interrupted
 * thumbnail writes and managed copies (in the "managed-root" folder:
 * leftovers_removed). While an import runs, thumbnails of photos not yet
 * in the catalogue are that import's work and are not reported. */
typedef struct
{
  gboolean db_ok;
  char *db_message;
  guint checked, missing, hash_mismatches, orphan_thumbnails;
  GPtrArray *problems; /* char* lines, translated, e.g. "Missing: /path" */
  guint partial_copies;
  guint orphans_removed, damaged_thumbnails, leftovers_removed;
  gboolean import_running;
} SvCheckReport;

gboolean
sv_catalogue_check (SvCatalogue *self,
                    gboolean verify_hashes,
                    const char *cache_dir,
                    SvCheckReport *report,
                    GCancellable *cancellable,
                    GError **error);
void
sv_check_report_clear (SvCheckReport *r);

/* Edits; each emits ::changed. SV_ERROR_NOT_FOUND for an unknown id. */
gboolean
sv_catalogue_set_caption (SvCatalogue *self, gint64 id, const char *caption, GError **error);
gboolean
sv_catalogue_set_favourite (SvCatalogue *self, gint64 id, gboolean favourite, GError **error);
/* @rating 0..5, or -1 to clear. */
gboolean
sv_catalogue_set_rating (SvCatalogue *self, gint64 id, int rating, GError **error);
/* Moves items to the trash (or restores them); ::changed lists them as changed. */
gboolean
sv_catalogue_set_trashed (SvCatalogue *self,
                          const gint64 *ids,
                          guint n,
                          gboolean trashed,
                          GError **error);
/* Deletes the items' rows (files, locations, memberships go with them) and,
 * with @tombstone, records their file hashes so they are not imported again.
 * Does not touch files on disk. ::changed lists them as removed. */
gboolean
sv_catalogue_delete_items (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           gboolean tombstone,
                           GError **error);
gboolean
sv_catalogue_has_tombstone (SvCatalogue *self, const char *sha256);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvQuery, sv_query_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvCatalogueStats, sv_catalogue_stats_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvCheckReport, sv_check_report_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvNewFile, sv_new_file_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvImportError, sv_import_error_free)

G_END_DECLS
