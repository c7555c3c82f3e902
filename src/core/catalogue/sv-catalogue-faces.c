/* sv-catalogue-faces.c: faces, people, scene labels and the analysis state
 *
 * Writes go through the catalogue's write connection and lock
 * (_sv_catalogue_lock_db); the grouping index (every grouped face's
 * descriptor, loaded once) is kept on the SvCatalogue with its own mutex.
 *
 * Grouping (incremental, as photos arrive): a new face joins the person of
 * its nearest grouped face (single linkage) when the euclidean distance
 * between descriptors is below SV_FACE_SAME_PERSON_DISTANCE, never a person
 * already on the same photo; otherwise it starts a new unnamed person.
 * Tuned on ../shared/testdata/photos (faces/, orientation/pillow-hopper,
 * 2026-11-26; faces of 40 px or more, as the analyzer finds them): Jesper's
 * six detected faces are within 0.35–0.5628 of their nearest other Jesper
 * face (the largest gap: kpa-new_wave_1 to kpa-qt-logo, 0.5628); Anne
 * Helene's two are 0.48 apart; the nearest pair of different people is
 * skimage-astronaut to a kpa-bar55 guest at 0.5677, then 0.586 and 0.591.
 * A 26 px background face came within 0.53 of Jesper, hence the 40 px
 * minimum. At 0.565: purity 1.0 (no person mixes two people), Jesper in one
 * person with all six of his detected faces, Anne Helene in one. The margin
 * is thin (0.005), so the People view leans on the user: suggestions reach
 * further (0.64) and ask "Is this X?" instead of deciding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-catalogue-faces.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"

#define SETTING_FACES "face-recognition"
#define SETTING_CORES "analysis-max-cores"
#define SETTING_LABELS "scene-labels"
/* analysis_state.faces_done is a bit set (older rows hold 0 or 1): */
#define STATE_FACES_DONE 1     /* faces were looked for */
#define STATE_LABELS_SKIPPED 2 /* scene labels were off */
#define MATCH_IOU 0.5
#define MAX_NAME_BYTES 200

typedef struct
{
  gint64 face_id;
  gint64 person_id;
  float d[SV_FACE_DESCRIPTOR_LEN];
} IndexEntry;

typedef struct
{
  GMutex lock;            /* guards index; taken before the catalogue's lock */
  GArray *index;          /* IndexEntry of grouped faces; NULL: to be loaded */
  SvCatalogue *catalogue; /* not a ref: lives on the catalogue */
  SvDb *db;               /* the catalogue's write connection, while locked */
} FacesState;

static GQuark
faces_state_quark (void)
{
  return g_quark_from_static_string ("sv-catalogue-faces-state");
}

static void
faces_state_free (gpointer data)
{
  FacesState *st = data;

  g_clear_pointer (&st->index, g_array_unref);
  g_mutex_clear (&st->lock);
  g_free (st);
}

/* The state, created on first use, with the catalogue's write connection
 * (st->db) and both locks held. Never NULL. */
static FacesState *
state_lock (SvCatalogue *self, GError **error)
{
  static GMutex create_lock;
  FacesState *st;

  g_mutex_lock (&create_lock);
  st = g_object_get_qdata (G_OBJECT (self), faces_state_quark ());
  if (st == NULL)
    {
      st = g_new0 (FacesState, 1);
      g_mutex_init (&st->lock);
      st->catalogue = self;
      g_object_set_qdata_full (G_OBJECT (self), faces_state_quark (), st, faces_state_free);
    }
  g_mutex_unlock (&create_lock);

  g_mutex_lock (&st->lock);
  st->db = _sv_catalogue_lock_db (self);
  return st;
}

static void
state_unlock (FacesState *st)
{
  GHashTableIter iter;
  gpointer stmt;

  /* A statement left on a row keeps a read transaction (an old snapshot)
   * open: reset them all before letting go. */
  g_hash_table_iter_init (&iter, st->db->stmts);
  while (g_hash_table_iter_next (&iter, NULL, &stmt))
    sqlite3_reset (stmt);
  st->db = NULL;
  _sv_catalogue_unlock_db (st->catalogue);
  g_mutex_unlock (&st->lock);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FacesState, state_unlock)

static GArray *
id_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Call without the lock held. */
static void
emit_items_changed (SvCatalogue *self, GArray *changed)
{
  if (changed == NULL || changed->len == 0)
    return;
  _sv_catalogue_emit_changed (self, NULL, g_array_ref (changed), NULL);
}

static void
emit_one_item_changed (SvCatalogue *self, gint64 item_id)
{
  g_autoptr (GArray) changed = id_array_new ();

  g_array_append_val (changed, item_id);
  emit_items_changed (self, changed);
}

static void
pack_floats (const float *in, guint n, guint8 *out)
{
  for (guint i = 0; i < n; i++)
    {
      guint32 bits;
      memcpy (&bits, &in[i], 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (out + 4 * i, &bits, 4);
    }
}

static gboolean
unpack_floats (const void *blob, int bytes, float *out, guint n)
{
  if (blob == NULL || bytes != (int) (4 * n))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint32 bits;
      memcpy (&bits, (const guint8 *) blob + 4 * i, 4);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&out[i], &bits, 4);
      if (!isfinite (out[i]))
        return FALSE;
    }
  return TRUE;
}

static double
descriptor_distance (const float *a, const float *b)
{
  double sum = 0;

  for (guint i = 0; i < SV_FACE_DESCRIPTOR_LEN; i++)
    {
      double d = (double) a[i] - (double) b[i];
      sum += d * d;
    }
  return sqrt (sum);
}

#define not_found(error, format, id)                                                               \
  (g_set_error ((error), SV_ERROR, SV_ERROR_NOT_FOUND, (format), (id)), FALSE)

/* ---- the grouping index ---- */

static gboolean
index_ensure (FacesState *st, GError **error)
{
  g_autoptr (GArray) index = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (st->index != NULL)
    return TRUE;
  stmt = _sv_db_prepare (st->db,
                         "SELECT id, person_id, descriptor FROM faces WHERE person_id IS NOT NULL"
                         " AND rejected = 0 AND size_px >= ?1 AND descriptor IS NOT NULL",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, SV_FACE_MIN_GROUP_SIZE);
  index = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IndexEntry e;

      e.face_id = sqlite3_column_int64 (stmt, 0);
      e.person_id = sqlite3_column_int64 (stmt, 1);
      if (unpack_floats (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), e.d,
                         SV_FACE_DESCRIPTOR_LEN))
        g_array_append_val (index, e);
    }
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (st->db, rc, error);
  st->index = g_steal_pointer (&index);
  return TRUE;
}

static void
index_invalidate (FacesState *st)
{
  g_clear_pointer (&st->index, g_array_unref);
}

/* Nearest grouped face's person below @threshold, skipping @exclude
 * (gint64 person ids). 0 if none. Every other person with a face below
 * @threshold is added to @also (single linkage: the new face links them). */
static gint64
index_nearest_person (FacesState *st,
                      const float *d,
                      double threshold,
                      GArray *exclude,
                      GArray *also)
{
  gint64 best = 0;
  double best_d = threshold;

  for (guint i = 0; i < st->index->len; i++)
    {
      IndexEntry *e = &g_array_index (st->index, IndexEntry, i);
      gboolean skip = FALSE;
      double dist;

      for (guint k = 0; exclude != NULL && k < exclude->len; k++)
        skip = skip || g_array_index (exclude, gint64, k) == e->person_id;
      if (skip)
        continue;
      dist = descriptor_distance (d, e->d);
      if (dist >= threshold)
        continue;
      if (also != NULL)
        {
          gboolean seen = FALSE;
          for (guint k = 0; k < also->len; k++)
            seen = seen || g_array_index (also, gint64, k) == e->person_id;
          if (!seen)
            g_array_append_val (also, e->person_id);
        }
      if (dist < best_d)
        {
          best_d = dist;
          best = e->person_id;
        }
    }
  return best;
}

/* Folds the unnamed, unhidden people of @linked (other than @into) into
 * @into: a new face was close to faces of both. Named or hidden people are
 * the user's and never merged automatically, nor two people seen together
 * on one photo. */
static gboolean
merge_linked_people (FacesState *st, gint64 into, GArray *linked, GError **error)
{
  for (guint k = 0; k < linked->len; k++)
    {
      gint64 other = g_array_index (linked, gint64, k);
      sqlite3_stmt *stmt;
      gboolean mergeable;

      if (other == into)
        continue;
      stmt = _sv_db_prepare (st->db,
                             "SELECT 1 FROM people WHERE id = ?1 AND name IS NULL AND hidden = 0"
                             " AND NOT EXISTS (SELECT 1 FROM faces WHERE person_id = ?1"
                             " AND confirmed = 1) AND NOT EXISTS (SELECT 1 FROM faces a"
                             " JOIN faces b ON b.item_id = a.item_id"
                             " WHERE a.person_id = ?1 AND b.person_id = ?2)",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, other);
      sqlite3_bind_int64 (stmt, 2, into);
      mergeable = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!mergeable)
        continue;
      if (!_sv_db_exec_id2 (st->db, "UPDATE faces SET person_id = ?1 WHERE person_id = ?2", into,
                            other, error) ||
          !_sv_db_exec_id (st->db, "DELETE FROM people WHERE id = ?1", other, error))
        return FALSE;
      for (guint i = 0; i < st->index->len; i++)
        {
          IndexEntry *e = &g_array_index (st->index, IndexEntry, i);
          if (e->person_id == other)
            e->person_id = into;
        }
    }
  return TRUE;
}

/* ---- struct helpers ---- */

void
sv_face_clear (SvFace *face)
{
  g_clear_pointer (&face->person_name, g_free);
}

void
sv_face_free (SvFace *face)
{
  if (face == NULL)
    return;
  sv_face_clear (face);
  g_free (face);
}

void
sv_person_free (SvPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->uuid);
  g_free (person->name);
  g_free (person);
}

void
sv_face_suggestion_free (SvFaceSuggestion *s)
{
  if (s == NULL)
    return;
  sv_face_clear (&s->face);
  g_free (s);
}

void
sv_item_label_free (SvItemLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->id);
  g_free (label->name_en);
  g_free (label->name_fr);
  g_free (label);
}

void
sv_analysis_task_free (SvAnalysisTask *task)
{
  if (task == NULL)
    return;
  g_free (task->path);
  g_free (task->hash);
  g_free (task);
}

/* ---- settings (stored by sv_catalogue_set_setting, which checks them) ---- */

/* "on"/"off" settings; anything but "off" (unset included) is on. */
static gboolean
setting_on (SvCatalogue *self, const char *key)
{
  g_autofree char *value = sv_catalogue_get_setting (self, key);

  return value == NULL || g_strcmp0 (value, "off") != 0;
}

gboolean
sv_catalogue_get_face_recognition (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  /* Default on: everything runs and stays on this machine (see the report
   * in docs/cli-analysis.md); off is one setting away. */
  return setting_on (self, SETTING_FACES);
}

gboolean
sv_catalogue_set_face_recognition (SvCatalogue *self, gboolean enabled, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return sv_catalogue_set_setting (self, SETTING_FACES, enabled ? "on" : "off", error);
}

gboolean
sv_catalogue_get_scene_labels (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return setting_on (self, SETTING_LABELS);
}

gboolean
sv_catalogue_set_scene_labels (SvCatalogue *self, gboolean enabled, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  return sv_catalogue_set_setting (self, SETTING_LABELS, enabled ? "on" : "off", error);
}

guint
sv_catalogue_get_analysis_max_cores (SvCatalogue *self)
{
  g_autofree char *value = NULL;
  guint64 n = 1;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 1);

  value = sv_catalogue_get_setting (self, SETTING_CORES);
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &n, NULL))
    return 1;
  return (guint) MIN (n, (guint64) g_get_num_processors ());
}

gboolean
sv_catalogue_set_analysis_max_cores (SvCatalogue *self, guint cores, GError **error)
{
  char text[16];

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (cores < 1 || cores > g_get_num_processors ())
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("Analysis can use from 1 to %u processor cores on this computer."),
                   g_get_num_processors ());
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%u", cores);
  return sv_catalogue_set_setting (self, SETTING_CORES, text, error);
}

/* ---- the analysis queue ---- */

GPtrArray *
sv_catalogue_list_analysis_tasks (SvCatalogue *self,
                                  int version,
                                  gboolean retry_failed,
                                  GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  gboolean faces_on, labels_on;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  faces_on = sv_catalogue_get_face_recognition (self);
  labels_on = sv_catalogue_get_scene_labels (self);
  tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_analysis_task_free);
  /* Nothing to look for: a photo analysed now would be marked done without
   * faces or labels, and analysed again once either is turned on. */
  if (!faces_on && !labels_on)
    return g_steal_pointer (&tasks);
  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  stmt = _sv_db_prepare (
      st->db,
      "SELECT i.id, i.primary_hash, COALESCE (i.orientation_override, i.orientation),"
      "  (SELECT l.path FROM files f JOIN locations l ON l.file_id = f.id"
      "   WHERE f.item_id = i.id AND l.missing = 0"
      "   ORDER BY f.role != 'original', l.managed DESC, l.id LIMIT 1)"
      " FROM items i LEFT JOIN analysis_state s ON s.item_id = i.id"
      " WHERE i.trashed_at IS NULL AND i.kind = 0"
      "   AND (s.item_id IS NULL OR s.version != ?1 OR s.hash != i.primary_hash"
      "        OR (s.state = 'failed' AND ?2)"
      "        OR (s.state = 'done' AND (s.faces_done & 1) = 0 AND ?3)"
      "        OR (s.state = 'done' AND (s.faces_done & 2) != 0 AND ?4))"
      " ORDER BY i.id",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, version);
  sqlite3_bind_int (stmt, 2, retry_failed ? 1 : 0);
  sqlite3_bind_int (stmt, 3, faces_on ? 1 : 0);
  sqlite3_bind_int (stmt, 4, labels_on ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvAnalysisTask *t;

      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        continue; /* every file missing: nothing to read */
      t = g_new0 (SvAnalysisTask, 1);
      t->item_id = sqlite3_column_int64 (stmt, 0);
      t->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      t->orientation = sqlite3_column_int (stmt, 2);
      t->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (tasks, t);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&tasks);
}

gboolean
sv_catalogue_reset_analysis (SvCatalogue *self, GError **error)
{
  g_autoptr (FacesState) st = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  st = state_lock (self, error);
  return st != NULL && _sv_db_exec (st->db, "DELETE FROM analysis_state", error);
}

static gboolean
upsert_state (SvDb *db,
              gint64 item_id,
              const char *hash,
              int version,
              const char *state,
              const char *reason,
              int faces_done,
              GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (
      db,
      "INSERT INTO analysis_state (item_id, version, hash, state, error, analysed_at, faces_done)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, MAX (?7, 0)) ON CONFLICT (item_id) DO UPDATE SET"
      " version = excluded.version, hash = excluded.hash, state = excluded.state,"
      " error = excluded.error, analysed_at = excluded.analysed_at,"
      " faces_done = CASE WHEN ?7 < 0 THEN faces_done ELSE ?7 END",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_STATIC);
  if (reason)
    sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 7, faces_done);
  return _sv_db_step_done (db, stmt, error);
}

static gboolean
item_exists (SvDb *db, gint64 item_id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "SELECT 1 FROM items WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  return not_found (error, _ ("No item %lld in this library"), (long long) item_id);
}

typedef struct
{
  gint64 id;
  double box[4];
  gint64 person_id;
  gboolean confirmed, rejected, matched;
} OldFace;

static double
iou (const double *a, const float *b)
{
  double x1 = MAX (a[0], b[0]), y1 = MAX (a[1], b[1]);
  double x2 = MIN (a[0] + a[2], b[0] + b[2]), y2 = MIN (a[1] + a[3], b[1] + b[3]);
  double inter = MAX (0.0, x2 - x1) * MAX (0.0, y2 - y1);
  double uni = a[2] * a[3] + (double) b[2] * b[3] - inter;

  return uni > 0 ? inter / uni : 0.0;
}

static gint64
new_person (SvDb *db, GError **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt =
      _sv_db_prepare (db, "INSERT INTO people (uuid, created_at) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!_sv_db_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db->db);
}

static gboolean
delete_empty_people (SvDb *db, GError **error)
{
  return _sv_db_exec (db,
                      "DELETE FROM people WHERE name IS NULL AND NOT EXISTS"
                      " (SELECT 1 FROM faces WHERE faces.person_id = people.id)",
                      error);
}

static gboolean
store_faces (FacesState *st, gint64 item_id, const SvNewFace *faces, guint n_faces, GError **error)
{
  g_autoptr (GArray) old = g_array_new (FALSE, TRUE, sizeof (OldFace));
  g_autoptr (GArray) used_people = id_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!index_ensure (st, error))
    return FALSE;

  stmt = _sv_db_prepare (st->db,
                         "SELECT id, box_x, box_y, box_w, box_h, COALESCE (person_id, 0),"
                         " confirmed, rejected FROM faces WHERE item_id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OldFace o = { 0 };

      o.id = sqlite3_column_int64 (stmt, 0);
      for (int k = 0; k < 4; k++)
        o.box[k] = sqlite3_column_double (stmt, 1 + k);
      o.person_id = sqlite3_column_int64 (stmt, 5);
      o.confirmed = sqlite3_column_int (stmt, 6) != 0;
      o.rejected = sqlite3_column_int (stmt, 7) != 0;
      g_array_append_val (old, o);
    }
  if (rc != SQLITE_DONE)
    return _sv_db_set_error (st->db, rc, error);

  /* Match the new faces with the stored ones: the user's decisions stay. */
  for (guint i = 0; i < n_faces; i++)
    {
      const SvNewFace *f = &faces[i];
      OldFace *match = NULL;
      double best = MATCH_IOU;
      guint8 desc[4 * SV_FACE_DESCRIPTOR_LEN], marks[4 * 10];
      gint64 person_id = 0, face_id;
      gboolean confirmed = FALSE, rejected = FALSE;

      for (guint k = 0; k < old->len; k++)
        {
          OldFace *o = &g_array_index (old, OldFace, k);
          double v;

          if (o->matched)
            continue;
          v = iou (o->box, f->box);
          if (v >= best)
            {
              best = v;
              match = o;
            }
        }
      if (match != NULL)
        {
          match->matched = TRUE;
          person_id = match->person_id;
          confirmed = match->confirmed;
          rejected = match->rejected;
        }
      else if (f->size_px >= SV_FACE_MIN_GROUP_SIZE)
        {
          g_autoptr (GArray) linked = id_array_new ();

          person_id = index_nearest_person (st, f->descriptor, SV_FACE_SAME_PERSON_DISTANCE,
                                            used_people, linked);
          if (person_id != 0 && !merge_linked_people (st, person_id, linked, error))
            return FALSE;
          if (person_id == 0)
            {
              person_id = new_person (st->db, error);
              if (person_id == 0)
                return FALSE;
            }
        }
      if (person_id != 0 && !rejected)
        g_array_append_val (used_people, person_id);

      pack_floats (f->descriptor, SV_FACE_DESCRIPTOR_LEN, desc);
      pack_floats (f->landmarks, 10, marks);
      if (match != NULL)
        {
          stmt = _sv_db_prepare (st->db,
                                 "UPDATE faces SET box_x = ?2, box_y = ?3, box_w = ?4, box_h = ?5,"
                                 " landmarks = ?6, descriptor = ?7, score = ?8, size_px = ?9"
                                 " WHERE id = ?1",
                                 error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, match->id);
        }
      else
        {
          stmt = _sv_db_prepare (st->db,
                                 "INSERT INTO faces (item_id, box_x, box_y, box_w, box_h,"
                                 " landmarks, descriptor, score, size_px, person_id, confirmed,"
                                 " rejected, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?11)",
                                 error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, item_id);
          if (person_id != 0)
            sqlite3_bind_int64 (stmt, 10, person_id);
          else
            sqlite3_bind_null (stmt, 10);
          sqlite3_bind_int64 (stmt, 11, g_get_real_time () / G_USEC_PER_SEC);
        }
      for (int k = 0; k < 4; k++)
        sqlite3_bind_double (stmt, 2 + k, CLAMP (f->box[k], 0.0f, 1.0f));
      sqlite3_bind_blob (stmt, 6, marks, sizeof marks, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 7, desc, sizeof desc, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 8, f->score);
      sqlite3_bind_int (stmt, 9, MAX (0, f->size_px));
      if (!_sv_db_step_done (st->db, stmt, error))
        return FALSE;
      face_id = match ? match->id : sqlite3_last_insert_rowid (st->db->db);
      (void) confirmed;

      if (person_id != 0 && !rejected && f->size_px >= SV_FACE_MIN_GROUP_SIZE)
        {
          IndexEntry e;

          e.face_id = face_id;
          e.person_id = person_id;
          memcpy (e.d, f->descriptor, sizeof e.d);
          /* A matched face is already indexed: drop its old entry. */
          for (guint k = 0; match != NULL && k < st->index->len; k++)
            if (g_array_index (st->index, IndexEntry, k).face_id == face_id)
              {
                g_array_remove_index_fast (st->index, k);
                break;
              }
          g_array_append_val (st->index, e);
        }
    }

  /* Faces no longer found go, except rejected ones (tombstones) and the
   * ones the user confirmed. */
  for (guint k = 0; k < old->len; k++)
    {
      OldFace *o = &g_array_index (old, OldFace, k);

      if (o->matched || o->rejected || o->confirmed)
        continue;
      if (!_sv_db_exec_id (st->db, "DELETE FROM faces WHERE id = ?1", o->id, error))
        return FALSE;
      for (guint j = 0; j < st->index->len; j++)
        if (g_array_index (st->index, IndexEntry, j).face_id == o->id)
          {
            g_array_remove_index_fast (st->index, j);
            break;
          }
    }
  return delete_empty_people (st->db, error);
}

static gboolean
store_labels (SvDb *db, gint64 item_id, const SvItemLabel *labels, guint n, GError **error)
{
  sqlite3_stmt *stmt;

  if (!_sv_db_exec_id (db, "DELETE FROM item_labels WHERE item_id = ?1", item_id, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const SvItemLabel *l = &labels[i];
      gint64 label_id;

      if (l->id == NULL || *l->id == '\0' || strlen (l->id) > 64)
        continue;
      stmt = _sv_db_prepare (db,
                             "INSERT INTO labels (name, name_en, name_fr) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (name) DO UPDATE SET name_en = excluded.name_en,"
                             " name_fr = excluded.name_fr",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, l->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, l->name_en ? l->name_en : l->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, l->name_fr ? l->name_fr : l->id, -1, SQLITE_STATIC);
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
      stmt = _sv_db_prepare (db, "SELECT id FROM labels WHERE name = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, l->id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return _sv_db_set_error (db, SQLITE_ERROR, error);
      label_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      stmt = _sv_db_prepare (db,
                             "INSERT OR REPLACE INTO item_labels (item_id, label_id, confidence)"
                             " VALUES (?1, ?2, ?3)",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, label_id);
      sqlite3_bind_double (stmt, 3, CLAMP (l->score, 0.0, 1.0));
      if (!_sv_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sv_catalogue_store_analysis (SvCatalogue *self,
                             gint64 item_id,
                             const char *hash,
                             int version,
                             gboolean faces_analysed,
                             const SvNewFace *faces,
                             guint n_faces,
                             const SvItemLabel *labels,
                             guint n_labels,
                             GError **error)
{
  return sv_catalogue_store_analysis_full (self, item_id, hash, version, faces_analysed, faces,
                                           n_faces, TRUE, labels, n_labels, error);
}

gboolean
sv_catalogue_store_analysis_full (SvCatalogue *self,
                                  gint64 item_id,
                                  const char *hash,
                                  int version,
                                  gboolean faces_analysed,
                                  const SvNewFace *faces,
                                  guint n_faces,
                                  gboolean labels_analysed,
                                  const SvItemLabel *labels,
                                  guint n_labels,
                                  GError **error)
{
  g_autoptr (FacesState) st = NULL;
  int flags =
      (faces_analysed ? STATE_FACES_DONE : 0) | (labels_analysed ? 0 : STATE_LABELS_SKIPPED);

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (n_faces == 0 || faces != NULL, FALSE);
  g_return_val_if_fail (n_labels == 0 || labels != NULL, FALSE);

  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  if (!item_exists (st->db, item_id, error) ||
      (labels_analysed && !store_labels (st->db, item_id, labels, n_labels, error)) ||
      (faces_analysed && !store_faces (st, item_id, faces, n_faces, error)) ||
      !upsert_state (st->db, item_id, hash, version, "done", NULL, flags, error))
    {
      index_invalidate (st);
      return _sv_db_rollback (st->db);
    }
  if (!_sv_db_commit (st->db, error))
    {
      index_invalidate (st);
      return FALSE;
    }
  g_clear_pointer (&st, state_unlock);
  emit_one_item_changed (self, item_id);
  return TRUE;
}

gboolean
sv_catalogue_mark_analysis_failed (SvCatalogue *self,
                                   gint64 item_id,
                                   const char *hash,
                                   int version,
                                   const char *reason,
                                   GError **error)
{
  g_autoptr (FacesState) st = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  st = state_lock (self, error);
  if (st == NULL || !item_exists (st->db, item_id, error))
    return FALSE;
  return upsert_state (st->db, item_id, hash, version, "failed", reason, -1, error);
}

static guint
count (SvDb *db, const char *sql, int version, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);

  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int (stmt, 1, version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

gboolean
sv_catalogue_get_analysis_counts (SvCatalogue *self,
                                  int version,
                                  SvAnalysisCounts *counts,
                                  GError **error)
{
  g_autoptr (FacesState) st = NULL;
  GError *local = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  st = state_lock (self, error);
  if (st == NULL)
    return FALSE;
  counts->photos =
      count (st->db, "SELECT count(*) FROM items WHERE trashed_at IS NULL AND kind = 0", 0, &local);
  if (local == NULL)
    counts->done = count (st->db,
                          "SELECT count(*) FROM analysis_state s JOIN items i ON i.id = s.item_id"
                          " WHERE i.trashed_at IS NULL AND i.kind = 0 AND s.state = 'done'"
                          " AND s.version = ?1 AND s.hash = i.primary_hash",
                          version, &local);
  if (local == NULL)
    counts->failed = count (st->db,
                            "SELECT count(*) FROM analysis_state s JOIN items i ON i.id = s.item_id"
                            " WHERE i.trashed_at IS NULL AND i.kind = 0 AND s.state = 'failed'"
                            " AND s.version = ?1 AND s.hash = i.primary_hash",
                            version, &local);
  if (local == NULL)
    counts->faces = count (st->db, "SELECT count(*) FROM faces WHERE rejected = 0", 0, &local);
  if (local == NULL)
    counts->people =
        count (st->db, "SELECT count(DISTINCT person_id) FROM faces WHERE rejected = 0", 0, &local);
  if (local == NULL)
    counts->labelled = count (st->db, "SELECT count(DISTINCT item_id) FROM item_labels", 0, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

char *
sv_catalogue_get_analysis_error (SvCatalogue *self, gint64 item_id)
{
  g_autoptr (FacesState) st = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, NULL);
  if (st == NULL)
    return NULL;
  stmt = _sv_db_prepare (
      st->db, "SELECT error FROM analysis_state WHERE item_id = ?1 AND state = 'failed'", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* ---- people ---- */

#define PERSON_COLUMNS                                                                             \
  "p.id, p.uuid, p.name, p.hidden,"                                                                \
  " (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND f.rejected = 0),"                   \
  " (SELECT count(DISTINCT f.item_id) FROM faces f JOIN items i ON i.id = f.item_id"               \
  "  WHERE f.person_id = p.id AND f.rejected = 0 AND i.trashed_at IS NULL),"                       \
  " (SELECT f.id FROM faces f WHERE f.person_id = p.id AND f.rejected = 0"                         \
  "  ORDER BY f.confirmed DESC, f.score * f.size_px DESC LIMIT 1),"                                \
  " (SELECT f.item_id FROM faces f WHERE f.person_id = p.id AND f.rejected = 0"                    \
  "  ORDER BY f.confirmed DESC, f.score * f.size_px DESC LIMIT 1)"

static SvPerson *
person_from_row (sqlite3_stmt *stmt)
{
  SvPerson *p = g_new0 (SvPerson, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  p->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  p->hidden = sqlite3_column_int (stmt, 3) != 0;
  p->n_faces = (guint) sqlite3_column_int64 (stmt, 4);
  p->n_items = (guint) sqlite3_column_int64 (stmt, 5);
  p->cover_face_id = sqlite3_column_int64 (stmt, 6);
  p->cover_item_id = sqlite3_column_int64 (stmt, 7);
  return p;
}

GPtrArray *
sv_catalogue_list_people (SvCatalogue *self, gboolean include_hidden, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GPtrArray) people = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  stmt = _sv_db_prepare (st->db,
                         "SELECT " PERSON_COLUMNS " FROM people p WHERE (?1 OR p.hidden = 0)"
                         " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, 5 DESC, 1",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_hidden ? 1 : 0);
  people = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_person_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvPerson *p = person_from_row (stmt);

      if (p->n_faces == 0 && p->name == NULL)
        sv_person_free (p);
      else
        g_ptr_array_add (people, p);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&people);
}

SvPerson *
sv_catalogue_get_person (SvCatalogue *self, gint64 person_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  stmt = _sv_db_prepare (st->db, "SELECT " PERSON_COLUMNS " FROM people p WHERE p.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("No person %lld in this library"),
                   (long long) person_id);
      return NULL;
    }
  return person_from_row (stmt);
}

GArray *
sv_catalogue_list_person_items (SvCatalogue *self, gint64 person_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  return _sv_db_query_ids (st->db,
                           "SELECT DISTINCT i.id FROM faces f JOIN items i ON i.id = f.item_id"
                           " WHERE f.person_id = ?1 AND f.rejected = 0 AND i.trashed_at IS NULL"
                           " ORDER BY i.taken_local IS NULL, i.taken_local DESC, i.id DESC",
                           person_id, error);
}

GArray *
sv_catalogue_find_people (SvCatalogue *self, const char *name, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GArray) ids = id_array_new ();
  g_autofree char *folded = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  folded = g_utf8_casefold (name, -1);
  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  stmt = _sv_db_prepare (st->db, "SELECT id, name FROM people WHERE name IS NOT NULL ORDER BY id",
                         error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *n = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *f = n && g_utf8_validate (n, -1, NULL) ? g_utf8_casefold (n, -1) : NULL;

      if (f != NULL && g_strcmp0 (f, folded) == 0)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
person_exists (SvDb *db, gint64 person_id, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, "SELECT 1 FROM people WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  return not_found (error, _ ("No person %lld in this library"), (long long) person_id);
}

static GArray *
person_item_ids (SvDb *db, gint64 person_id)
{
  GArray *ids = _sv_db_query_ids (db, "SELECT DISTINCT item_id FROM faces WHERE person_id = ?1",
                                  person_id, NULL);
  return ids ? ids : id_array_new ();
}

gboolean
sv_catalogue_name_person (SvCatalogue *self, gint64 person_id, const char *name, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GArray) items = NULL;
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (name != NULL)
    {
      if (!g_utf8_validate (name, -1, NULL) || strlen (name) > MAX_NAME_BYTES)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("A name must be valid text of at most %d bytes."), MAX_NAME_BYTES);
          return FALSE;
        }
      clean = g_strstrip (g_utf8_normalize (name, -1, G_NORMALIZE_NFC));
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }

  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  if (!person_exists (st->db, person_id, error))
    return _sv_db_rollback (st->db);
  stmt = _sv_db_prepare (st->db, "UPDATE people SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return _sv_db_rollback (st->db);
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (clean)
    sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  if (!_sv_db_step_done (st->db, stmt, error) ||
      (clean && !_sv_db_exec_id (
                    st->db, "UPDATE faces SET confirmed = 1 WHERE person_id = ?1 AND rejected = 0",
                    person_id, error)))
    return _sv_db_rollback (st->db);
  items = person_item_ids (st->db, person_id);
  if (!_sv_db_commit (st->db, error))
    return FALSE;
  g_clear_pointer (&st, state_unlock);
  emit_items_changed (self, items);
  return TRUE;
}

gboolean
sv_catalogue_merge_people (SvCatalogue *self, gint64 into, gint64 from, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GArray) items = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (into == from)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("A person cannot be merged with themselves."));
      return FALSE;
    }
  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  if (!person_exists (st->db, into, error) || !person_exists (st->db, from, error))
    return _sv_db_rollback (st->db);
  items = person_item_ids (st->db, from);
  if (!_sv_db_exec_id2 (st->db,
                        "UPDATE people SET name = (SELECT name FROM people WHERE id = ?2)"
                        " WHERE id = ?1 AND name IS NULL",
                        into, from, error) ||
      !_sv_db_exec_id2 (st->db, "UPDATE faces SET person_id = ?1 WHERE person_id = ?2", into, from,
                        error) ||
      !_sv_db_exec_id2 (st->db,
                        "INSERT OR IGNORE INTO face_not_person (face_id, person_id)"
                        " SELECT face_id, ?1 FROM face_not_person WHERE person_id = ?2",
                        into, from, error) ||
      !_sv_db_exec_id (st->db, "DELETE FROM people WHERE id = ?1", from, error))
    return _sv_db_rollback (st->db);
  if (!_sv_db_commit (st->db, error))
    return FALSE;
  index_invalidate (st);
  g_clear_pointer (&st, state_unlock);
  emit_items_changed (self, items);
  return TRUE;
}

gboolean
sv_catalogue_set_person_hidden (SvCatalogue *self,
                                gint64 person_id,
                                gboolean hidden,
                                GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GArray) items = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  st = state_lock (self, error);
  if (st == NULL || !person_exists (st->db, person_id, error) ||
      !_sv_db_exec_id2 (st->db, "UPDATE people SET hidden = ?2 WHERE id = ?1", person_id,
                        hidden ? 1 : 0, error))
    return FALSE;
  items = person_item_ids (st->db, person_id);
  g_clear_pointer (&st, state_unlock);
  emit_items_changed (self, items);
  return TRUE;
}

/* ---- faces ---- */

#define FACE_COLUMNS                                                                               \
  "f.id, f.item_id, COALESCE (f.person_id, 0), p.name, f.box_x, f.box_y, f.box_w, f.box_h,"        \
  " f.landmarks, f.score, f.size_px, f.confirmed, f.rejected"

static void
face_from_row (sqlite3_stmt *stmt, SvFace *f)
{
  f->id = sqlite3_column_int64 (stmt, 0);
  f->item_id = sqlite3_column_int64 (stmt, 1);
  f->person_id = sqlite3_column_int64 (stmt, 2);
  f->person_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  f->x = sqlite3_column_double (stmt, 4);
  f->y = sqlite3_column_double (stmt, 5);
  f->w = sqlite3_column_double (stmt, 6);
  f->h = sqlite3_column_double (stmt, 7);
  if (!unpack_floats (sqlite3_column_blob (stmt, 8), sqlite3_column_bytes (stmt, 8), f->landmarks,
                      10))
    memset (f->landmarks, 0, sizeof f->landmarks);
  f->score = sqlite3_column_double (stmt, 9);
  f->size_px = sqlite3_column_int (stmt, 10);
  f->confirmed = sqlite3_column_int (stmt, 11) != 0;
  f->rejected = sqlite3_column_int (stmt, 12) != 0;
}

GPtrArray *
sv_catalogue_list_faces (SvCatalogue *self,
                         gint64 item_id,
                         gboolean include_rejected,
                         GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GPtrArray) faces = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL || !item_exists (st->db, item_id, error))
    return NULL;
  stmt = _sv_db_prepare (st->db,
                         "SELECT " FACE_COLUMNS " FROM faces f LEFT JOIN people p"
                         " ON p.id = f.person_id WHERE f.item_id = ?1 AND (?2 OR f.rejected = 0)"
                         " ORDER BY f.box_x, f.id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int (stmt, 2, include_rejected ? 1 : 0);
  faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_face_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvFace *f = g_new0 (SvFace, 1);
      face_from_row (stmt, f);
      g_ptr_array_add (faces, f);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&faces);
}

static SvFace *
get_face_locked (SvDb *db, gint64 face_id, GError **error)
{
  sqlite3_stmt *stmt;
  SvFace *f;

  stmt = _sv_db_prepare (db,
                         "SELECT " FACE_COLUMNS " FROM faces f LEFT JOIN people p"
                         " ON p.id = f.person_id WHERE f.id = ?1",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, face_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("No face %lld in this library"),
                   (long long) face_id);
      return NULL;
    }
  f = g_new0 (SvFace, 1);
  face_from_row (stmt, f);
  return f;
}

SvFace *
sv_catalogue_get_face (SvCatalogue *self, gint64 face_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL)
    return NULL;
  return get_face_locked (st->db, face_id, error);
}

gboolean
sv_catalogue_move_face (SvCatalogue *self, gint64 face_id, gint64 person_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (SvFace) face = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  face = get_face_locked (st->db, face_id, error);
  if (face == NULL || !person_exists (st->db, person_id, error) ||
      !_sv_db_exec_id2 (
          st->db, "UPDATE faces SET person_id = ?2, confirmed = 1, rejected = 0 WHERE id = ?1",
          face_id, person_id, error) ||
      !_sv_db_exec_id2 (st->db, "DELETE FROM face_not_person WHERE face_id = ?1 AND person_id = ?2",
                        face_id, person_id, error) ||
      !delete_empty_people (st->db, error))
    return _sv_db_rollback (st->db);
  if (!_sv_db_commit (st->db, error))
    return FALSE;
  index_invalidate (st);
  g_clear_pointer (&st, state_unlock);
  emit_one_item_changed (self, face->item_id);
  return TRUE;
}

gboolean
sv_catalogue_remove_face (SvCatalogue *self, gint64 face_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (SvFace) face = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  face = get_face_locked (st->db, face_id, error);
  if (face == NULL ||
      !_sv_db_exec_id (
          st->db, "UPDATE faces SET rejected = 1, confirmed = 0, person_id = NULL WHERE id = ?1",
          face_id, error) ||
      !delete_empty_people (st->db, error))
    return _sv_db_rollback (st->db);
  if (!_sv_db_commit (st->db, error))
    return FALSE;
  index_invalidate (st);
  g_clear_pointer (&st, state_unlock);
  emit_one_item_changed (self, face->item_id);
  return TRUE;
}

GPtrArray *
sv_catalogue_suggest_faces (SvCatalogue *self, gint64 person_id, guint limit, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  if (limit == 0)
    limit = 50;
  st = state_lock (self, error);
  if (st == NULL || !person_exists (st->db, person_id, error))
    return NULL;
  stmt = _sv_db_prepare (st->db,
                         "SELECT id, descriptor FROM faces WHERE person_id = ?1 AND rejected = 0"
                         " AND descriptor IS NOT NULL",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IndexEntry e = { 0 };

      e.face_id = sqlite3_column_int64 (stmt, 0);
      if (unpack_floats (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), e.d,
                         SV_FACE_DESCRIPTOR_LEN))
        g_array_append_val (members, e);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }

  stmt = _sv_db_prepare (st->db,
                         "SELECT " FACE_COLUMNS ", f.descriptor FROM faces f"
                         " LEFT JOIN people p ON p.id = f.person_id"
                         " JOIN items i ON i.id = f.item_id AND i.trashed_at IS NULL"
                         " WHERE f.rejected = 0 AND f.confirmed = 0 AND f.descriptor IS NOT NULL"
                         " AND COALESCE (f.person_id, 0) != ?1 AND NOT EXISTS (SELECT 1 FROM"
                         " face_not_person n WHERE n.face_id = f.id AND n.person_id = ?1)",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_face_suggestion_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      float d[SV_FACE_DESCRIPTOR_LEN];
      double best = SV_FACE_SUGGEST_DISTANCE;
      SvFaceSuggestion *s;

      if (!unpack_floats (sqlite3_column_blob (stmt, 13), sqlite3_column_bytes (stmt, 13), d,
                          SV_FACE_DESCRIPTOR_LEN))
        continue;
      for (guint k = 0; k < members->len; k++)
        best = MIN (best, descriptor_distance (d, g_array_index (members, IndexEntry, k).d));
      if (best >= SV_FACE_SUGGEST_DISTANCE)
        continue;
      s = g_new0 (SvFaceSuggestion, 1);
      face_from_row (stmt, &s->face);
      s->distance = best;
      g_ptr_array_add (out, s);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  {
    /* Nearest first (small arrays: insertion sort keeps it simple). */
    for (guint i = 1; i < out->len; i++)
      for (guint j = i; j > 0; j--)
        {
          SvFaceSuggestion *a = out->pdata[j - 1], *b = out->pdata[j];
          if (a->distance <= b->distance)
            break;
          out->pdata[j - 1] = b;
          out->pdata[j] = a;
        }
  }
  if (out->len > limit)
    g_ptr_array_set_size (out, limit);
  return g_steal_pointer (&out);
}

gboolean
sv_catalogue_answer_suggestion (SvCatalogue *self,
                                gint64 face_id,
                                gint64 person_id,
                                gboolean yes,
                                GError **error)
{
  g_autoptr (FacesState) st = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (yes)
    return sv_catalogue_move_face (self, face_id, person_id, error);
  st = state_lock (self, error);
  if (st == NULL)
    return FALSE;
  {
    g_autoptr (SvFace) face = get_face_locked (st->db, face_id, error);

    if (face == NULL || !person_exists (st->db, person_id, error))
      return FALSE;
  }
  return _sv_db_exec_id2 (
      st->db, "INSERT OR IGNORE INTO face_not_person (face_id, person_id) VALUES (?1, ?2)", face_id,
      person_id, error);
}

/* ---- labels ---- */

GPtrArray *
sv_catalogue_list_item_labels (SvCatalogue *self, gint64 item_id, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  st = state_lock (self, error);
  if (st == NULL || !item_exists (st->db, item_id, error))
    return NULL;
  stmt =
      _sv_db_prepare (st->db,
                      "SELECT l.name, COALESCE (l.name_en, l.name), COALESCE (l.name_fr, l.name),"
                      " il.confidence FROM item_labels il JOIN labels l ON l.id = il.label_id"
                      " WHERE il.item_id = ?1 ORDER BY il.confidence DESC, l.name",
                      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  labels = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_item_label_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvItemLabel *l = g_new0 (SvItemLabel, 1);

      l->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      l->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      l->name_fr = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      l->score = sqlite3_column_double (stmt, 3);
      g_ptr_array_add (labels, l);
    }
  if (rc != SQLITE_DONE)
    {
      _sv_db_set_error (st->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

/* ---- privacy ---- */

gboolean
sv_catalogue_erase_faces (SvCatalogue *self, gboolean include_user_names, GError **error)
{
  g_autoptr (FacesState) st = NULL;
  g_autoptr (GArray) items = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  st = state_lock (self, error);
  if (st == NULL || !_sv_db_begin (st->db, error))
    return FALSE;
  items = _sv_db_query_ids (st->db, "SELECT DISTINCT item_id FROM faces WHERE ?1 = ?1", 0, error);
  if (items == NULL || !_sv_db_exec (st->db, "DELETE FROM faces", error) ||
      !_sv_db_exec (st->db, "DELETE FROM face_not_person", error) ||
      !_sv_db_exec (st->db,
                    include_user_names ? "DELETE FROM people"
                                       : "DELETE FROM people WHERE name IS NULL",
                    error) ||
      !_sv_db_exec (st->db, "UPDATE analysis_state SET faces_done = faces_done & 2", error))
    return _sv_db_rollback (st->db);
  if (!_sv_db_commit (st->db, error))
    return FALSE;
  index_invalidate (st);
  /* Freed pages may still hold descriptors: VACUUM rewrites the file (no
   * statement of this connection may be in progress). */
  {
    GHashTableIter iter;
    gpointer stmt;

    g_hash_table_iter_init (&iter, st->db->stmts);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
      sqlite3_reset (stmt);
  }
  if (!_sv_db_exec (st->db, "VACUUM", NULL))
    g_debug ("VACUUM after erasing faces failed");
  g_clear_pointer (&st, state_unlock);
  emit_items_changed (self, items);
  return TRUE;
}

gint64
sv_catalogue_name_face (SvCatalogue *self, gint64 face_id, const char *name, GError **error)
{
  g_autoptr (SvFace) face = NULL;
  g_autoptr (GArray) same = NULL;
  g_autofree char *stripped = NULL;
  gint64 person_id;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  face = sv_catalogue_get_face (self, face_id, error);
  if (face == NULL)
    return 0;
  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (stripped[0] == '\0')
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("The name is empty."));
      return 0;
    }
  same = sv_catalogue_find_people (self, stripped, error);
  if (same == NULL)
    return 0;
  if (same->len > 0)
    person_id = g_array_index (same, gint64, 0);
  else if (face->person_id > 0 && face->person_name == NULL)
    {
      /* Naming a face of someone unnamed names them. */
      return sv_catalogue_name_person (self, face->person_id, stripped, error) ? face->person_id
                                                                               : 0;
    }
  else
    {
      g_autoptr (FacesState) st = state_lock (self, error);

      if (st == NULL)
        return 0;
      person_id = new_person (st->db, error);
      if (person_id == 0)
        return 0;
      g_clear_pointer (&st, state_unlock);
      if (!sv_catalogue_name_person (self, person_id, stripped, error))
        return 0;
    }
  if (face->person_id == person_id && face->confirmed)
    return person_id;
  return sv_catalogue_move_face (self, face_id, person_id, error) ? person_id : 0;
}
