/* sv-catalogue-orientation.c: non-destructive rotation (see
 * sv-catalogue-orientation.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-catalogue-edits-private.h"
#include "sv-catalogue-orientation.h"
#include "sv-error.h"

/* An EXIF orientation as "mirror left-right (flip), then turn clockwise by
 * quarter turns (turns)". */
typedef struct
{
  gboolean flip;
  int turns;
} Transform;

static const Transform transforms[9] = {
  { FALSE, 0 }, /* unused */
  { FALSE, 0 }, /* 1: as stored */
  { TRUE, 0 },  /* 2: mirrored left-right */
  { FALSE, 2 }, /* 3: half turn */
  { TRUE, 2 },  /* 4: mirrored top-bottom */
  { TRUE, 3 },  /* 5: transposed */
  { FALSE, 1 }, /* 6: quarter turn clockwise */
  { TRUE, 1 },  /* 7: transversed */
  { FALSE, 3 }, /* 8: quarter turn counter-clockwise */
};

static int
from_transform (gboolean flip, int turns)
{
  turns = ((turns % 4) + 4) % 4;
  for (int o = 1; o <= 8; o++)
    if (transforms[o].flip == flip && transforms[o].turns == turns)
      return o;
  g_assert_not_reached ();
  return 1;
}

int
sv_orientation_normalize (int orientation)
{
  return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

gboolean
sv_orientation_is_transposed (int orientation)
{
  return orientation >= 5 && orientation <= 8;
}

int
sv_orientation_compose (int first, int then)
{
  Transform a = transforms[sv_orientation_normalize (first)];
  Transform b = transforms[sv_orientation_normalize (then)];

  /* R^b.turns F^b.flip R^a.turns F^a.flip, and F R^k = R^-k F. */
  return from_transform (a.flip != b.flip, b.turns + (b.flip ? -a.turns : a.turns));
}

int
sv_orientation_invert (int orientation)
{
  Transform t = transforms[sv_orientation_normalize (orientation)];

  /* A mirrored orientation undoes itself; a turn is undone by the opposite turn. */
  return t.flip ? from_transform (TRUE, t.turns) : from_transform (FALSE, -t.turns);
}

int
sv_orientation_rotate (int orientation, int quarter_turns)
{
  Transform t = transforms[sv_orientation_normalize (orientation)];

  return from_transform (t.flip, t.turns + quarter_turns % 4);
}

static gboolean
read_orientation (SvDb *db, gint64 id, int *file_orientation, int *override, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sv_db_prepare (db, "SELECT orientation, orientation_override FROM items WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *file_orientation = sv_orientation_normalize (sqlite3_column_int (stmt, 0));
      *override = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                      ? 0
                      : sv_orientation_normalize (sqlite3_column_int (stmt, 1));
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                   _ ("There is no item number %s in the library"), id_text);
      return FALSE;
    }
  return _sv_db_set_error (db, rc, error);
}

static gboolean
write_override (SvDb *db, gint64 id, int orientation, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = _sv_db_prepare (db, "UPDATE items SET orientation_override = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (orientation == 0)
    sqlite3_bind_null (stmt, 2);
  else
    sqlite3_bind_int (stmt, 2, orientation);
  return _sv_db_step_done (db, stmt, error);
}

gboolean
sv_catalogue_get_orientation (SvCatalogue *self,
                              gint64 id,
                              int *file_orientation,
                              int *override_orientation,
                              GError **error)
{
  g_autoptr (SvCatalogueLocker) locker = NULL;
  SvDb *db;
  int file_o = 1, override = 0;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  locker = _sv_catalogue_locker_new (self, &db);
  if (!read_orientation (db, id, &file_o, &override, error))
    return FALSE;
  if (file_orientation != NULL)
    *file_orientation = file_o;
  if (override_orientation != NULL)
    *override_orientation = override;
  return TRUE;
}

typedef struct
{
  int set_to; /* > 0: that override; 0: clear; < 0: rotate by turns */
  int turns;
} OrientationEdit;

static gboolean
orientation_edit_func (SvDb *db, gint64 id, gpointer data, GError **error)
{
  OrientationEdit *edit = data;
  int value = edit->set_to;

  if (edit->set_to < 0)
    {
      int file_o, override;

      if (!read_orientation (db, id, &file_o, &override, error))
        return FALSE;
      value = sv_orientation_rotate (override != 0 ? override : file_o, edit->turns);
      if (value == file_o)
        value = 0;
    }
  return write_override (db, id, value, error);
}

static gboolean
run_orientation_edit (SvCatalogue *self,
                      const gint64 *ids,
                      guint n,
                      int set_to,
                      int turns,
                      GError **error)
{
  OrientationEdit edit = { set_to, turns };

  return _sv_edits_run (self, ids, n, orientation_edit_func, &edit, error);
}

gboolean
sv_catalogue_set_orientation_overrides (SvCatalogue *self,
                                        const gint64 *ids,
                                        guint n,
                                        int orientation,
                                        GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (orientation < 0 || orientation > 8)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("An orientation goes from 1 to 8 (0 clears it), not %d"), orientation);
      return FALSE;
    }
  return run_orientation_edit (self, ids, n, orientation, 0, error);
}

gboolean
sv_catalogue_rotate_items (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           int quarter_turns,
                           GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return run_orientation_edit (self, ids, n, -1, quarter_turns, error);
}
