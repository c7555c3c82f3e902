/* sv-catalogue-schema.h: the catalogue's migration steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char *sql;
  /* Optional work in C after @sql, in the same transaction. */
  gboolean (*run) (SvDb *db, GError **error);
} SvMigration;

/* Step k (0-based) takes a catalogue from user_version k to k + 1. */
const SvMigration *
_sv_catalogue_get_migrations (guint *n_migrations);

G_END_DECLS
