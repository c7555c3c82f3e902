/* sv-catalogue-edits-private.h: helpers shared by sv-catalogue-edits.c,
 * sv-catalogue-albums.c and the search module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue-private.h"

G_BEGIN_DECLS

/* Lower case (Unicode case folding) without accents: "Été" → "ete". */
char *
_sv_text_fold (const char *text);
/* TRUE when @folded_prefix starts @folded_text or one of its words. */
gboolean
_sv_text_fold_has_prefix (const char *folded_text, const char *folded_prefix);

gboolean
_sv_edits_begin (SvDb *db, GError **error);
gboolean
_sv_edits_commit (SvDb *db, GError **error);
void
_sv_edits_rollback (SvDb *db);
/* SV_ERROR_NOT_FOUND naming the first unknown id. */
gboolean
_sv_edits_check_items (SvDb *db, const gint64 *ids, guint n, GError **error);
/* A new GArray of gint64 holding @ids without duplicates. */
GArray *
_sv_edits_id_array (const gint64 *ids, guint n);
/* One item's edit, inside the transaction of _sv_edits_run (). */
typedef gboolean (*SvEditFunc) (SvDb *db, gint64 id, gpointer data, GError **error);
/* Checks the ids, runs @func on each (without duplicates) in one
 * transaction, emits ::changed with them. */
gboolean
_sv_edits_run (SvCatalogue *self,
               const gint64 *ids,
               guint n,
               SvEditFunc func,
               gpointer data,
               GError **error);
/* Inserts (or finds) a place row; returns its id, 0 on error. */
gint64
_sv_edits_insert_place (SvDb *db, const SvPlace *place, GError **error);

G_END_DECLS
