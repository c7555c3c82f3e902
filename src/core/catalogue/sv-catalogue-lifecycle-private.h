/* sv-catalogue-lifecycle-private.h: the write connection the lifecycle
 * parts of the catalogue (trash, events) use.
 *
 * The catalogue's own connection is private to sv-catalogue.c, so these
 * files keep a second read-write connection per catalogue, with its own lock
 * and statement cache. SQLite serialises the two writers (WAL, BEGIN
 * IMMEDIATE, busy timeout). Never call an sv_catalogue_* function that
 * writes while holding this connection inside a transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue-private.h"

G_BEGIN_DECLS

typedef struct _SvLcConn SvLcConn;

/* Locks the catalogue's lifecycle connection (opened on first use). */
SvLcConn *
_sv_lc_conn_lock (SvCatalogue *catalogue, GError **error);
SvDb *
_sv_lc_conn_db (SvLcConn *conn);
void
_sv_lc_conn_unlock (SvLcConn *conn);

gboolean
_sv_lc_begin (SvLcConn *conn, GError **error);
gboolean
_sv_lc_commit (SvLcConn *conn, GError **error);
void
_sv_lc_rollback (SvLcConn *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvLcConn, _sv_lc_conn_unlock)

G_END_DECLS
