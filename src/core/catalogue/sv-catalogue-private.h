/* sv-catalogue-private.h: internals shared by the catalogue, the list model,
 * the tests and the benchmark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* A connection with its cache of prepared statements. Use from one thread
 * at a time. */
typedef struct
{
  sqlite3 *db;
  GHashTable *stmts; /* SQL text -> sqlite3_stmt */
} SvDb;

/* Opens without configuring anything (the caller checks user_version first). */
SvDb *
_sv_db_open (const char *path, int flags, GError **error);
/* WAL, synchronous=NORMAL, foreign_keys=ON, busy_timeout 5 s. */
gboolean
_sv_db_configure (SvDb *db, gboolean read_only, GError **error);
void
_sv_db_free (SvDb *db);
/* A cached statement, reset with its bindings cleared. */
sqlite3_stmt *
_sv_db_prepare (SvDb *db, const char *sql, GError **error);
gboolean
_sv_db_exec (SvDb *db, const char *sql, GError **error);
/* Sets @error from the connection's last error (SV_ERROR_DATABASE,
 * SV_ERROR_DISK_FULL or SV_ERROR_CORRUPT). Always returns FALSE. */
gboolean
_sv_db_set_error (SvDb *db, int rc, GError **error);
/* Runs @stmt to completion (SQLITE_DONE). */
gboolean
_sv_db_step_done (SvDb *db, sqlite3_stmt *stmt, GError **error);
/* Ends a loop over the rows of @stmt whose last sqlite3_step () returned
 * @rc: resets @stmt; FALSE with @error set unless @rc is SQLITE_DONE. */
gboolean
_sv_db_rows_done (SvDb *db, sqlite3_stmt *stmt, int rc, GError **error);

/* Run @sql to completion with ?1 bound to @id, or ?1 to @a and ?2 to @b. */
gboolean
_sv_db_exec_id (SvDb *db, const char *sql, gint64 id, GError **error);
gboolean
_sv_db_exec_id2 (SvDb *db, const char *sql, gint64 a, gint64 b, GError **error);
/* The gint64 ids a one-column query gives with ?1 bound to @id. */
GArray *
_sv_db_query_ids (SvDb *db, const char *sql, gint64 id, GError **error);
/* A text column as a new string (NULL for NULL). */
char *
_sv_db_column_dup (sqlite3_stmt *stmt, int col);

/* Transactions on the write connection (with the catalogue's lock held).
 * BEGIN IMMEDIATE. */
gboolean
_sv_db_begin (SvDb *db, GError **error);
/* COMMIT; on failure, rolls back and returns FALSE. */
gboolean
_sv_db_commit (SvDb *db, GError **error);
/* Rolls back the open transaction, if any. Always returns FALSE. */
gboolean
_sv_db_rollback (SvDb *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvDb, _sv_db_free)

/* Number of migration steps: the schema version this program writes. */
int
_sv_catalogue_get_latest_version (void);
/* Like sv_catalogue_open but stops after the first @version migration
 * steps (tests build older catalogues with it). */
SvCatalogue *
_sv_catalogue_open_at_version (const char *library_dir, int version, GError **error);
int
_sv_catalogue_get_user_version (SvCatalogue *self);
const char *
_sv_catalogue_get_db_path (SvCatalogue *self);
/* Runs raw SQL on the write connection (tests only). */
gboolean
_sv_catalogue_exec (SvCatalogue *self, const char *sql, GError **error);
/* A new read-only connection to the catalogue, for a worker or a model. */
SvDb *
_sv_catalogue_open_reader (SvCatalogue *self, GError **error);

/* The write connection, with the catalogue's lock held until
 * _sv_catalogue_unlock_db (). Not recursive: never call a public
 * sv_catalogue_* function between the two. */
SvDb *
_sv_catalogue_lock_db (SvCatalogue *self);
void
_sv_catalogue_unlock_db (SvCatalogue *self);
/* _sv_catalogue_lock_db as a scoped lock:
 *   g_autoptr (SvCatalogueLocker) locker = _sv_catalogue_locker_new (self, &db);
 * unlocks when @locker goes out of scope (or is freed). */
typedef struct _SvCatalogueLocker SvCatalogueLocker;
SvCatalogueLocker *
_sv_catalogue_locker_new (SvCatalogue *self, SvDb **db);
void
_sv_catalogue_locker_free (SvCatalogueLocker *locker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvCatalogueLocker, _sv_catalogue_locker_free)

/* Emits ::changed (call without the lock held). Takes the arrays of gint64
 * ids; NULL means empty; nothing is emitted when all are empty. */
void
_sv_catalogue_emit_changed (SvCatalogue *self, GArray *added, GArray *changed, GArray *removed);

/* The SQL (with ?N parameters) sv_catalogue_query_ids runs; for benchmarks. */
char *
_sv_query_build_sql (const SvQuery *q, gboolean count, GError **error);
/* The query's statement (cached on @db) with its parameters bound. */
sqlite3_stmt *
_sv_query_prepare (SvDb *db, const SvQuery *q, gboolean count, GError **error);
/* Ids of the places whose names or country code match @place (case and
 * accents as typed, Unicode case folding), as a JSON array. */
char *
_sv_query_place_ids_json (SvDb *db, const char *place, GError **error);
/* Binds ?9 (album_id) and ?10 (ids, as a JSON array) of @q. */
void
_sv_query_bind_sets (sqlite3_stmt *stmt, const SvQuery *q);
GArray *
_sv_query_ids_on (SvDb *db, const SvQuery *q, GError **error);
gint64
_sv_query_count_on (SvDb *db, const SvQuery *q, GError **error);
/* Items for @ids in one query, same order. With @allow_missing, an unknown
 * id gives a placeholder item with only its id; else SV_ERROR_NOT_FOUND. */
GPtrArray *
_sv_items_get_on (SvDb *db, const gint64 *ids, guint n, gboolean allow_missing, GError **error);

G_END_DECLS
