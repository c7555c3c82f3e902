/* test-analysis-catalogue.c: face, people and label storage, grouping, the
 * user's corrections, privacy erase, model lookup and the runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-analysis"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sv-analysis-models.h"
#include "sv-analysis-runner.h"
#include "sv-catalogue-faces.h"
#include "sv-search.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-hash.h"

typedef struct
{
  char *dir;
  SvCatalogue *cat;
  gint64 items[8];
  guint changed;
} Fixture;

static void
on_changed_cb (SvCatalogue *cat, GArray *added, GArray *changed, GArray *removed, Fixture *fx)
{
  fx->changed += changed->len;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SvNewFile files[G_N_ELEMENTS (fx->items)];
  SvNewFile *batch[G_N_ELEMENTS (fx->items)];

  fx->dir = g_build_filename (g_get_user_data_dir (), "library", NULL);
  fx->cat = sv_catalogue_open (fx->dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fx->items); i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i);

      sv_new_file_init (&files[i]);
      files[i].path = g_build_filename (fx->dir, name, NULL);
      files[i].sha256 = sv_sha256_bytes_hex ((const guint8 *) name, strlen (name));
      files[i].size = 1000 + i;
      files[i].mtime_usec = 1;
      files[i].info.kind = SV_MEDIA_KIND_PHOTO;
      batch[i] = &files[i];
    }
  g_assert_true (sv_catalogue_add_files (fx->cat, 0, batch, G_N_ELEMENTS (fx->items), fx->items,
                                         NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fx->items); i++)
    sv_new_file_clear (&files[i]);
  g_signal_connect (fx->cat, "changed", G_CALLBACK (on_changed_cb), fx);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->cat);
  g_free (fx->dir);
}

/* A unit-ish descriptor along axis @axis, moved by @jitter along @axis + 1:
 * same axis, different jitter → close; different axes → √2 apart. */
static void
make_face (SvNewFace *f, guint axis, float jitter, float x)
{
  memset (f, 0, sizeof *f);
  f->descriptor[axis % SV_FACE_DESCRIPTOR_LEN] = 1.0f;
  f->descriptor[(axis + 1) % SV_FACE_DESCRIPTOR_LEN] = jitter;
  f->box[0] = x;
  f->box[1] = 0.2f;
  f->box[2] = 0.1f;
  f->box[3] = 0.15f;
  for (guint i = 0; i < 10; i++)
    f->landmarks[i] = 0.25f;
  f->score = 0.99f;
  f->size_px = 80;
}

static const char *
hash_of (Fixture *fx, gint64 item)
{
  static char hash[65];
  g_autoptr (GPtrArray) tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1000, TRUE, NULL);

  for (guint i = 0; tasks && i < tasks->len; i++)
    {
      SvAnalysisTask *t = g_ptr_array_index (tasks, i);
      if (t->item_id == item)
        {
          g_strlcpy (hash, t->hash, sizeof hash);
          return hash;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static void
store (Fixture *fx, guint index, const SvNewFace *faces, guint n)
{
  g_autoptr (GError) error = NULL;
  const char *hash = hash_of (fx, fx->items[index]);

  g_assert_true (sv_catalogue_store_analysis (fx->cat, fx->items[index], hash, 1, TRUE, faces, n,
                                              NULL, 0, &error));
  g_assert_no_error (error);
}

static GPtrArray *
faces_of (Fixture *fx, guint index, gboolean all)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *faces = sv_catalogue_list_faces (fx->cat, fx->items[index], all, &error);

  g_assert_no_error (error);
  return faces;
}

static gint64
person_of (Fixture *fx, guint index, guint face)
{
  g_autoptr (GPtrArray) faces = faces_of (fx, index, FALSE);

  g_assert_cmpuint (faces->len, >, face);
  return ((SvFace *) g_ptr_array_index (faces, face))->person_id;
}

static void
test_tasks (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = NULL;
  g_autofree char *reason = NULL;
  SvAnalysisCounts counts;

  tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items));
  g_assert_true (g_path_is_absolute (((SvAnalysisTask *) tasks->pdata[0])->path));
  g_clear_pointer (&tasks, g_ptr_array_unref);

  store (fx, 0, NULL, 0);
  g_assert_true (sv_catalogue_mark_analysis_failed (
      fx->cat, fx->items[1], hash_of (fx, fx->items[1]), 1, "broken", &error));
  g_assert_no_error (error);
  reason = sv_catalogue_get_analysis_error (fx->cat, fx->items[1]);
  g_assert_cmpstr (reason, ==, "broken");

  tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, FALSE, &error);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items) - 2);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, TRUE, &error);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items) - 1);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  /* A new analysis version redoes everything. */
  tasks = sv_catalogue_list_analysis_tasks (fx->cat, 2, FALSE, &error);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items));
  g_clear_pointer (&tasks, g_ptr_array_unref);

  g_assert_true (sv_catalogue_get_analysis_counts (fx->cat, 1, &counts, &error));
  g_assert_cmpuint (counts.photos, ==, G_N_ELEMENTS (fx->items));
  g_assert_cmpuint (counts.done, ==, 1);
  g_assert_cmpuint (counts.failed, ==, 1);

  /* A changed file (new hash) is analysed again. */
  {
    g_autofree char *sql = g_strdup_printf (
        "UPDATE items SET primary_hash = '%064d' WHERE id = %" G_GINT64_FORMAT, 7, fx->items[0]);
    g_assert_true (_sv_catalogue_exec (fx->cat, sql, &error));
  }
  tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, FALSE, &error);
  g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items) - 1);

  g_assert_false (
      sv_catalogue_store_analysis (fx->cat, 999999, "x", 1, TRUE, NULL, 0, NULL, 0, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
}

static void
test_grouping (Fixture *fx, gconstpointer data)
{
  SvNewFace f[3];
  g_autoptr (GPtrArray) people = NULL;
  gint64 a, b;

  make_face (&f[0], 0, 0.0f, 0.1f);
  store (fx, 0, f, 1);
  make_face (&f[0], 0, 0.2f, 0.1f);  /* A again, 0.2 away */
  make_face (&f[1], 10, 0.0f, 0.5f); /* B */
  store (fx, 1, f, 2);
  a = person_of (fx, 0, 0);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (person_of (fx, 1, 0), ==, a);
  b = person_of (fx, 1, 1);
  g_assert_cmpint (b, >, 0);
  g_assert_cmpint (b, !=, a);

  /* Two A-like faces on one photo: never the same person twice. */
  make_face (&f[0], 0, 0.1f, 0.1f);
  make_face (&f[1], 0, 0.15f, 0.6f);
  store (fx, 2, f, 2);
  g_assert_cmpint (person_of (fx, 2, 0), !=, person_of (fx, 2, 1));

  /* Small faces are stored but not grouped. */
  make_face (&f[0], 0, 0.0f, 0.1f);
  f[0].size_px = SV_FACE_MIN_GROUP_SIZE - 1;
  store (fx, 3, f, 1);
  g_assert_cmpint (person_of (fx, 3, 0), ==, 0);

  /* Single linkage: C and D are 0.9 apart (two people), then a face 0.45
   * from each links them into one. */
  make_face (&f[0], 20, 0.0f, 0.1f);
  store (fx, 4, f, 1);
  make_face (&f[0], 20, 0.9f, 0.1f);
  store (fx, 5, f, 1);
  g_assert_cmpint (person_of (fx, 4, 0), !=, person_of (fx, 5, 0));
  make_face (&f[0], 20, 0.45f, 0.1f);
  store (fx, 6, f, 1);
  g_assert_cmpint (person_of (fx, 4, 0), ==, person_of (fx, 5, 0));
  g_assert_cmpint (person_of (fx, 6, 0), ==, person_of (fx, 4, 0));

  people = sv_catalogue_list_people (fx->cat, FALSE, NULL);
  /* A (photos 0, 1, 2), the second face of photo 2, B, C+D. */
  g_assert_cmpuint (people->len, ==, 4);
  g_assert_cmpuint (((SvPerson *) people->pdata[0])->n_faces, >=, 2);
}

static void
test_corrections (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SvNewFace f[2];
  gint64 a, b, removed_id;
  guint changed_before;

  make_face (&f[0], 0, 0.0f, 0.1f);
  make_face (&f[1], 10, 0.0f, 0.5f);
  store (fx, 0, f, 2);
  make_face (&f[0], 0, 0.1f, 0.1f);
  make_face (&f[1], 30, 0.0f, 0.5f);
  store (fx, 1, f, 2);
  a = person_of (fx, 0, 0);
  b = person_of (fx, 0, 1);

  changed_before = fx->changed;
  g_assert_true (sv_catalogue_name_person (fx->cat, a, "  Jesper ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->changed, >, changed_before);
  {
    g_autoptr (SvPerson) p = sv_catalogue_get_person (fx->cat, a, &error);
    g_autoptr (GArray) found = sv_catalogue_find_people (fx->cat, "JESPER", &error);

    g_assert_cmpstr (p->name, ==, "Jesper");
    g_assert_cmpuint (p->n_items, ==, 2);
    g_assert_cmpuint (found->len, ==, 1);
  }
  g_assert_false (sv_catalogue_name_person (fx->cat, 999999, "X", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Move photo 1's second face onto B; remove photo 0's B face. */
  {
    g_autoptr (GPtrArray) faces1 = faces_of (fx, 1, FALSE);
    g_autoptr (GPtrArray) faces0 = faces_of (fx, 0, FALSE);

    g_assert_true (sv_catalogue_move_face (fx->cat, ((SvFace *) faces1->pdata[1])->id, b, &error));
    g_assert_no_error (error);
    removed_id = ((SvFace *) faces0->pdata[1])->id;
  }
  /* B still has a face (the moved one) after the removal. */
  g_assert_true (sv_catalogue_remove_face (fx->cat, removed_id, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) all = faces_of (fx, 0, TRUE);
    g_autoptr (GPtrArray) visible = faces_of (fx, 0, FALSE);

    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpuint (visible->len, ==, 1);
  }

  /* Analysing again with the same faces keeps every decision. */
  make_face (&f[0], 0, 0.0f, 0.1f);
  make_face (&f[1], 10, 0.0f, 0.5f);
  store (fx, 0, f, 2);
  make_face (&f[0], 0, 0.1f, 0.1f);
  make_face (&f[1], 30, 0.0f, 0.5f);
  store (fx, 1, f, 2);
  {
    g_autoptr (GPtrArray) visible = faces_of (fx, 0, FALSE);
    g_autoptr (SvFace) removed = sv_catalogue_get_face (fx->cat, removed_id, &error);

    g_assert_cmpuint (visible->len, ==, 1);
    g_assert_true (removed->rejected);
    g_assert_cmpint (removed->person_id, ==, 0);
  }
  g_assert_cmpint (person_of (fx, 1, 1), ==, b);
  g_assert_cmpint (person_of (fx, 1, 0), ==, a);

  /* Suggestions: a new face near Jesper on an unnamed person is offered;
   * "no" is remembered. */
  make_face (&f[0], 0, -0.6f, 0.1f); /* 0.6 from A: not grouped, suggested */
  store (fx, 2, f, 1);
  {
    g_autoptr (GPtrArray) s = sv_catalogue_suggest_faces (fx->cat, a, 0, &error);
    gint64 face;

    g_assert_no_error (error);
    g_assert_cmpuint (s->len, ==, 1);
    face = ((SvFaceSuggestion *) s->pdata[0])->face.id;
    g_assert_cmpfloat (((SvFaceSuggestion *) s->pdata[0])->distance, <, SV_FACE_SUGGEST_DISTANCE);
    g_assert_true (sv_catalogue_answer_suggestion (fx->cat, face, a, FALSE, &error));
    g_clear_pointer (&s, g_ptr_array_unref);
    s = sv_catalogue_suggest_faces (fx->cat, a, 0, &error);
    g_assert_cmpuint (s->len, ==, 0);
  }

  /* Merge and hide. */
  g_assert_false (sv_catalogue_merge_people (fx->cat, a, a, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sv_catalogue_merge_people (fx->cat, b, a, &error));
  g_assert_no_error (error);
  {
    g_autoptr (SvPerson) p = sv_catalogue_get_person (fx->cat, b, &error);

    g_assert_cmpstr (p->name, ==, "Jesper"); /* took the merged person's name */
    g_assert_null (sv_catalogue_get_person (fx->cat, a, NULL));
  }
  g_assert_true (sv_catalogue_set_person_hidden (fx->cat, b, TRUE, &error));
  {
    g_autoptr (GPtrArray) shown = sv_catalogue_list_people (fx->cat, FALSE, NULL);
    g_autoptr (GPtrArray) all = sv_catalogue_list_people (fx->cat, TRUE, NULL);

    g_assert_cmpuint (all->len, ==, shown->len + 1);
  }

  /* Privacy: erase keeping names, then everything. */
  g_assert_true (sv_catalogue_erase_faces (fx->cat, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) all = sv_catalogue_list_people (fx->cat, TRUE, NULL);
    g_autoptr (GPtrArray) faces = faces_of (fx, 0, TRUE);

    g_assert_cmpuint (all->len, ==, 1);
    g_assert_cmpstr (((SvPerson *) all->pdata[0])->name, ==, "Jesper");
    g_assert_cmpuint (faces->len, ==, 0);
  }
  g_assert_true (sv_catalogue_erase_faces (fx->cat, TRUE, &error));
  {
    g_autoptr (GPtrArray) all = sv_catalogue_list_people (fx->cat, TRUE, NULL);
    g_autoptr (GPtrArray) tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, FALSE, NULL);

    g_assert_cmpuint (all->len, ==, 0);
    /* Faces are looked for again (face recognition is on by default). */
    g_assert_cmpuint (tasks->len, ==, G_N_ELEMENTS (fx->items));
  }
}

/* @query finds exactly @item_id (0: nothing). */
static void
assert_search_finds (Fixture *fx, const char *query, gint64 item_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = sv_search_ids (fx->cat, query, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, item_id != 0 ? 1 : 0);
  if (item_id != 0)
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, item_id);
}

static void
test_labels (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  SvItemLabel in[2] = {
    { (char *) "beach", (char *) "beach", (char *) "plage", 0.8 },
    { (char *) "dog", (char *) "dog", (char *) "chien", 0.95 },
  };

  g_assert_true (sv_catalogue_store_analysis (fx->cat, fx->items[0], hash_of (fx, fx->items[0]), 1,
                                              FALSE, NULL, 0, in, 2, &error));
  g_assert_no_error (error);
  labels = sv_catalogue_list_item_labels (fx->cat, fx->items[0], &error);
  g_assert_cmpuint (labels->len, ==, 2);
  g_assert_cmpstr (((SvItemLabel *) labels->pdata[0])->id, ==, "dog");
  g_assert_cmpstr (((SvItemLabel *) labels->pdata[1])->name_fr, ==, "plage");
  g_clear_pointer (&labels, g_ptr_array_unref);
  /* Search finds a label in either language. */
  assert_search_finds (fx, "plage", fx->items[0]);
  assert_search_finds (fx, "beach", fx->items[0]);
  assert_search_finds (fx, "chien", fx->items[0]);

  /* Replaced, not added to. */
  g_assert_true (sv_catalogue_store_analysis (fx->cat, fx->items[0], hash_of (fx, fx->items[0]), 1,
                                              FALSE, NULL, 0, in, 1, &error));
  labels = sv_catalogue_list_item_labels (fx->cat, fx->items[0], &error);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (((SvItemLabel *) labels->pdata[0])->name_en, ==, "beach");
  assert_search_finds (fx, "chien", 0);
  assert_search_finds (fx, "plage", fx->items[0]);
}

static void
test_settings (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sv_catalogue_get_face_recognition (fx->cat));
  g_assert_true (sv_catalogue_set_face_recognition (fx->cat, FALSE, &error));
  g_assert_false (sv_catalogue_get_face_recognition (fx->cat));
  g_assert_cmpuint (sv_catalogue_get_analysis_max_cores (fx->cat), ==, 1);
  g_assert_false (sv_catalogue_set_analysis_max_cores (fx->cat, 0, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sv_catalogue_set_analysis_max_cores (fx->cat, g_get_num_processors (), &error));
  g_assert_cmpuint (sv_catalogue_get_analysis_max_cores (fx->cat), ==, g_get_num_processors ());

  /* Off: stored faces are not touched by a run. */
  {
    SvNewFace f;

    g_assert_true (sv_catalogue_set_face_recognition (fx->cat, TRUE, &error));
    make_face (&f, 0, 0, 0.1f);
    store (fx, 0, &f, 1);
    g_assert_true (sv_catalogue_set_face_recognition (fx->cat, FALSE, &error));
    g_assert_true (sv_catalogue_store_analysis (fx->cat, fx->items[0], hash_of (fx, fx->items[0]),
                                                1, FALSE, NULL, 0, NULL, 0, &error));
    g_autoptr (GPtrArray) faces = faces_of (fx, 0, FALSE);
    g_assert_cmpuint (faces->len, ==, 1);
  }
}

static gint64
face_id_of (Fixture *fx, guint index)
{
  g_autoptr (GPtrArray) faces = faces_of (fx, index, FALSE);

  g_assert_cmpuint (faces->len, ==, 1);
  return ((SvFace *) g_ptr_array_index (faces, 0))->id;
}

/* The viewer's "click a face, type a name". */
static void
test_name_face (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SvNewFace a, a2, b;
  gint64 p, anna;

  make_face (&a, 0, 0, 0.1f);
  make_face (&a2, 0, 0.05f, 0.1f);
  make_face (&b, 5, 0, 0.1f);
  store (fx, 0, &a, 1);
  store (fx, 1, &a2, 1);
  store (fx, 2, &b, 1);
  p = person_of (fx, 0, 0);
  g_assert_cmpint (person_of (fx, 1, 0), ==, p);
  g_assert_cmpint (person_of (fx, 2, 0), !=, p);

  /* The face of someone unnamed: that person gets the name. */
  g_assert_cmpint (sv_catalogue_name_face (fx->cat, face_id_of (fx, 0), " Jesper ", &error), ==, p);
  g_assert_no_error (error);
  {
    g_autoptr (SvFace) other = sv_catalogue_get_face (fx->cat, face_id_of (fx, 1), NULL);

    g_assert_cmpstr (other->person_name, ==, "Jesper");
  }
  /* A name someone has (any case): the face goes to them, confirmed. */
  g_assert_cmpint (sv_catalogue_name_face (fx->cat, face_id_of (fx, 2), "jesper", &error), ==, p);
  {
    g_autoptr (SvFace) moved = sv_catalogue_get_face (fx->cat, face_id_of (fx, 2), NULL);

    g_assert_cmpint (moved->person_id, ==, p);
    g_assert_true (moved->confirmed);
  }
  /* A new name on a named person's face: a new person gets that face only. */
  anna = sv_catalogue_name_face (fx->cat, face_id_of (fx, 1), "Anna", &error);
  g_assert_no_error (error);
  g_assert_cmpint (anna, >, 0);
  g_assert_cmpint (anna, !=, p);
  g_assert_cmpint (person_of (fx, 1, 0), ==, anna);
  g_assert_cmpint (person_of (fx, 0, 0), ==, p);
  {
    g_autoptr (SvPerson) jesper = sv_catalogue_get_person (fx->cat, p, NULL);

    g_assert_cmpuint (jesper->n_faces, ==, 2);
  }
  /* No name: refused, nothing changed. */
  g_assert_cmpint (sv_catalogue_name_face (fx->cat, face_id_of (fx, 1), "  ", &error), ==, 0);
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (person_of (fx, 1, 0), ==, anna);
}

static gboolean
task_listed (Fixture *fx, gint64 item_id)
{
  g_autoptr (GPtrArray) tasks = sv_catalogue_list_analysis_tasks (fx->cat, 1, FALSE, NULL);

  g_assert_nonnull (tasks);
  for (guint i = 0; i < tasks->len; i++)
    if (((SvAnalysisTask *) g_ptr_array_index (tasks, i))->item_id == item_id)
      return TRUE;
  return FALSE;
}

/* "scene-labels" off: photos are analysed without labels, their stored
 * labels stay, and they are queued for labels once it is on again. */
static void
test_scene_labels_setting (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 item = fx->items[0];
  SvItemLabel in[2] = {
    { (char *) "beach", (char *) "beach", (char *) "plage", 0.8 },
    { (char *) "dog", (char *) "dog", (char *) "chien", 0.95 },
  };

  g_assert_true (sv_catalogue_get_scene_labels (fx->cat));
  g_assert_false (sv_catalogue_set_setting (fx->cat, "scene-labels", "maybe", &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (sv_catalogue_store_analysis (fx->cat, item, hash_of (fx, item), 1, TRUE, NULL, 0,
                                              in, 2, &error));
  g_assert_no_error (error);
  g_assert_false (task_listed (fx, item));

  g_assert_true (sv_catalogue_set_scene_labels (fx->cat, FALSE, &error));
  g_assert_false (sv_catalogue_get_scene_labels (fx->cat));
  {
    g_autofree char *value = sv_catalogue_get_setting (fx->cat, "scene-labels");

    g_assert_cmpstr (value, ==, "off");
  }
  /* Analysed again with labels off: the labels stay. */
  g_assert_true (sv_catalogue_store_analysis_full (fx->cat, item, hash_of (fx, item), 1, TRUE, NULL,
                                                   0, FALSE, NULL, 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) labels = sv_catalogue_list_item_labels (fx->cat, item, &error);

    g_assert_cmpuint (labels->len, ==, 2);
  }
  g_assert_false (task_listed (fx, item));
  g_assert_true (task_listed (fx, fx->items[1]));
  /* Erasing faces keeps the "labels skipped" mark. */
  g_assert_true (sv_catalogue_set_face_recognition (fx->cat, FALSE, &error));
  g_assert_true (sv_catalogue_erase_faces (fx->cat, TRUE, &error));
  g_assert_false (task_listed (fx, item));

  /* On again: queued for its labels; stored with labels: done. */
  g_assert_true (sv_catalogue_set_scene_labels (fx->cat, TRUE, &error));
  g_assert_true (task_listed (fx, item));
  g_assert_true (sv_catalogue_store_analysis_full (fx->cat, item, hash_of (fx, item), 1, FALSE,
                                                   NULL, 0, TRUE, in, 1, &error));
  g_assert_false (task_listed (fx, item));
  {
    g_autoptr (GPtrArray) labels = sv_catalogue_list_item_labels (fx->cat, item, &error);

    g_assert_cmpuint (labels->len, ==, 1);
  }
}

static void
test_models_lookup (void)
{
  g_autofree char *empty = g_build_filename (g_get_user_data_dir (), "no-models", NULL);
  g_autofree char *real = g_strdup (g_getenv ("SOUVENIR_MODELS_DIR"));
  g_autofree char *reason = NULL;
  g_autofree char *found = NULL;

  g_mkdir_with_parents (empty, 0700);
  g_setenv ("SOUVENIR_MODELS_DIR", empty, TRUE);
  g_assert_null (sv_analysis_find_models_dir (&reason));
  g_assert_nonnull (strstr (reason, "face_detection_yunet_2022_cv46.onnx"));
  g_clear_pointer (&reason, g_free);
  reason = sv_analysis_get_unavailable_reason ();
  g_assert_nonnull (reason);

  if (real == NULL || !g_file_test (real, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no models folder (SOUVENIR_MODELS_DIR)");
      return;
    }
  g_setenv ("SOUVENIR_MODELS_DIR", real, TRUE);
  found = sv_analysis_find_models_dir (NULL);
  g_assert_cmpstr (found, ==, real);
}

static void
test_runner_unavailable (Fixture *fx, gconstpointer data)
{
  g_autofree char *empty = g_build_filename (g_get_user_data_dir (), "no-models", NULL);
  g_autofree char *real = g_strdup (g_getenv ("SOUVENIR_MODELS_DIR"));
  g_autoptr (SvAnalysisRunner) runner = sv_analysis_runner_new (fx->cat);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (empty, 0700);
  g_setenv ("SOUVENIR_MODELS_DIR", empty, TRUE);
  g_assert_false (sv_analysis_runner_start (runner, FALSE, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
  g_assert_false (sv_analysis_runner_get_running (runner));
  if (real)
    g_setenv ("SOUVENIR_MODELS_DIR", real, TRUE);
}

static void
on_finished_cb (SvAnalysisRunner *runner, GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

static void
on_done_cb (SvAnalysisRunner *runner, GParamSpec *pspec, guint *notified)
{
  (*notified)++;
}

/* A new library (named @name) with a face photo and a beach photo. */
static SvCatalogue *
open_two_photos (const char *name, gint64 ids[2])
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  const char *names[] = { "faces/kpa-jesper_2.jpg", "scenes/kpa-skagen.jpg" };
  SvNewFile files[2];
  SvNewFile *batch[2];

  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      sv_new_file_init (&files[i]);
      files[i].path = g_build_filename (SV_PHOTOS_DIR, names[i], NULL);
      files[i].sha256 = sv_sha256_file_hex (files[i].path, NULL, NULL, &error);
      g_assert_no_error (error);
      files[i].info.kind = SV_MEDIA_KIND_PHOTO;
      batch[i] = &files[i];
    }
  g_assert_true (sv_catalogue_add_files (cat, 0, batch, 2, ids, NULL, &error));
  for (guint i = 0; i < 2; i++)
    sv_new_file_clear (&files[i]);
  return g_steal_pointer (&cat);
}

/* Analysis started from a main loop that must not wait: the photos are
 * listed in a thread; a cancel while listing ends the run at once. */
static void
test_runner_background (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *unavailable = sv_analysis_get_unavailable_reason ();
  gint64 ids[2];

  if (unavailable != NULL)
    {
      g_test_skip (unavailable);
      return;
    }
  cat = open_two_photos ("background-library", ids);
  g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  runner = sv_analysis_runner_new (cat);
  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), loop);

  g_assert_true (sv_analysis_runner_start_in_background (runner, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (sv_analysis_runner_get_running (runner));
  g_assert_cmpuint (sv_analysis_runner_get_total (runner), ==, 0);
  /* Already running: a second start is refused. */
  g_assert_false (sv_analysis_runner_start_in_background (runner, FALSE, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_FAILED);
  g_clear_error (&error);
  sv_analysis_runner_cancel (runner);
  g_assert_false (sv_analysis_runner_get_running (runner));
  /* The list that arrives after the cancel starts nothing. */
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (sv_analysis_runner_get_running (runner));
  g_assert_cmpuint (sv_analysis_runner_get_done (runner), ==, 0);

  g_assert_true (sv_analysis_runner_start_in_background (runner, FALSE, &error));
  g_assert_no_error (error);
  g_main_loop_run (loop);
  g_assert_false (sv_analysis_runner_get_running (runner));
  g_assert_null (sv_analysis_runner_get_error (runner));
  g_assert_cmpuint (sv_analysis_runner_get_total (runner), ==, 2);
  g_assert_cmpuint (sv_analysis_runner_get_done (runner), ==, 2);
  g_assert_cmpuint (sv_analysis_runner_get_failed (runner), ==, 0);
}

/* The real helper on two real photos, in-process runner. */
static void
test_runner_real (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *unavailable = sv_analysis_get_unavailable_reason ();
  gint64 ids[2];
  guint notified = 0;

  if (unavailable != NULL)
    {
      g_test_skip (unavailable);
      return;
    }
  cat = open_two_photos ("real-library", ids);

  /* G_TEST_OPTION_ISOLATE_DIRS hides the shared MIME database, which
   * gdk-pixbuf needs in the helper to recognise image formats. */
  g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  runner = sv_analysis_runner_new (cat);
  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), loop);
  g_signal_connect (runner, "notify::done", G_CALLBACK (on_done_cb), &notified);
  g_assert_true (sv_analysis_runner_start (runner, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (sv_analysis_runner_get_running (runner));
  g_assert_cmpuint (sv_analysis_runner_get_total (runner), ==, 2);
  g_main_loop_run (loop);

  g_assert_false (sv_analysis_runner_get_running (runner));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *why = sv_catalogue_get_analysis_error (cat, ids[i]);
      if (why != NULL)
        g_test_message ("item %u failed: %s", i, why);
    }
  g_assert_cmpuint (sv_analysis_runner_get_done (runner), ==, 2);
  g_assert_cmpuint (sv_analysis_runner_get_failed (runner), ==, 0);
  g_assert_cmpfloat (sv_analysis_runner_get_fraction (runner), ==, 1.0);
  g_assert_cmpuint (notified, >=, 2);
  {
    g_autoptr (GPtrArray) faces = sv_catalogue_list_faces (cat, ids[0], FALSE, &error);
    g_autoptr (GPtrArray) labels = sv_catalogue_list_item_labels (cat, ids[1], &error);
    gboolean beach = FALSE;

    g_assert_cmpuint (faces->len, ==, 1);
    g_assert_cmpint (((SvFace *) faces->pdata[0])->person_id, >, 0);
    for (guint i = 0; i < labels->len; i++)
      beach = beach || g_strcmp0 (((SvItemLabel *) labels->pdata[i])->name_fr, "plage") == 0;
    g_assert_true (beach);
  }

  /* Nothing left: finished at once. */
  g_assert_true (sv_analysis_runner_start (runner, FALSE, &error));
  g_assert_cmpuint (sv_analysis_runner_get_total (runner), ==, 0);
  g_assert_false (sv_analysis_runner_get_running (runner));
}

/* A new library of three scene photos and a runner with one helper, or
 * NULL (the test skipped) when analysis is unavailable here. */
static SvAnalysisRunner *
scene_runner (const char *name, SvCatalogue **cat_out)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autofree char *unavailable = sv_analysis_get_unavailable_reason ();
  g_autoptr (GError) error = NULL;
  const char *names[] = { "scenes/kpa-sunset.jpg", "scenes/kpa-snow.jpg", "scenes/kpa-skagen.jpg" };
  SvNewFile files[3];
  SvNewFile *batch[3];
  SvAnalysisRunner *runner;

  if (unavailable != NULL)
    {
      g_test_skip (unavailable);
      return NULL;
    }
  *cat_out = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      sv_new_file_init (&files[i]);
      files[i].path = g_build_filename (SV_PHOTOS_DIR, names[i], NULL);
      files[i].sha256 = sv_sha256_file_hex (files[i].path, NULL, NULL, &error);
      files[i].info.kind = SV_MEDIA_KIND_PHOTO;
      batch[i] = &files[i];
    }
  g_assert_true (sv_catalogue_add_files (*cat_out, 0, batch, 3, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    sv_new_file_clear (&files[i]);

  g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  runner = sv_analysis_runner_new (*cat_out);
  sv_analysis_runner_set_max_helpers (runner, 1);
  return runner;
}

typedef struct
{
  SvAnalysisRunner *runner;
  GMainLoop *loop;
  guint done_at_resume;
  gboolean paused_once;
} PauseRun;

static gboolean
resume_cb (gpointer data)
{
  PauseRun *run = data;

  run->done_at_resume = sv_analysis_runner_get_done (run->runner);
  g_assert_true (sv_analysis_runner_get_paused (run->runner));
  sv_analysis_runner_resume (run->runner);
  return G_SOURCE_REMOVE;
}

static void
on_item_done_pause_cb (SvAnalysisRunner *runner, gint64 item, gboolean ok, PauseRun *run)
{
  if (run->paused_once)
    return;
  run->paused_once = TRUE;
  sv_analysis_runner_pause (runner);
  /* Long enough for the helper to have answered another photo had it been
   * given one. */
  g_timeout_add (1500, resume_cb, run);
}

static void
on_finished_pause_cb (SvAnalysisRunner *runner, PauseRun *run)
{
  g_main_loop_quit (run->loop);
}

/* Pause after the first photo: nothing more is sent until resume. */
static void
test_runner_pause (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  PauseRun run = { 0 };

  runner = scene_runner ("pause-library", &cat);
  if (runner == NULL)
    return;
  loop = g_main_loop_new (NULL, FALSE);
  run.runner = runner;
  run.loop = loop;
  g_signal_connect (runner, "item-done", G_CALLBACK (on_item_done_pause_cb), &run);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_pause_cb), &run);
  g_assert_true (sv_analysis_runner_start (runner, FALSE, &error));
  g_main_loop_run (loop);

  g_assert_true (run.paused_once);
  g_assert_cmpuint (run.done_at_resume, ==, 1);
  g_assert_cmpuint (sv_analysis_runner_get_done (runner), ==, 3);
  g_assert_false (sv_analysis_runner_get_paused (runner));
}

/* Holds the catalogue's lock for HOLD_MS from a thread, as a long import
 * batch would, once the first photo is done. */
#define HOLD_MS 1500

typedef struct
{
  SvCatalogue *cat;
  GMainLoop *loop;
  GThread *holder;
  gint64 last_tick;
  gint64 longest; /* µs between two ticks of the main loop */
} BusyRun;

static gpointer
hold_lock_thread (gpointer data)
{
  BusyRun *run = data;

  _sv_catalogue_lock_db (run->cat);
  g_usleep (HOLD_MS * 1000);
  _sv_catalogue_unlock_db (run->cat);
  return NULL;
}

static void
on_item_done_busy_cb (SvAnalysisRunner *runner, gint64 item, gboolean ok, BusyRun *run)
{
  if (run->holder == NULL)
    run->holder = g_thread_new ("hold-lock", hold_lock_thread, run);
}

static gboolean
tick_cb (gpointer data)
{
  BusyRun *run = data;
  gint64 now = g_get_monotonic_time ();

  run->longest = MAX (run->longest, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_finished_busy_cb (SvAnalysisRunner *runner, BusyRun *run)
{
  g_main_loop_quit (run->loop);
}

/* Results are written to the catalogue in workers: while an import holds
 * it, the main loop (the window) keeps turning, and nothing is lost. */
static void
test_runner_busy_catalogue (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  BusyRun run = { 0 };
  guint tick;

  runner = scene_runner ("busy-library", &cat);
  if (runner == NULL)
    return;
  loop = g_main_loop_new (NULL, FALSE);
  run.cat = cat;
  run.loop = loop;
  g_signal_connect (runner, "item-done", G_CALLBACK (on_item_done_busy_cb), &run);
  g_signal_connect (runner, "finished", G_CALLBACK (on_finished_busy_cb), &run);
  g_assert_true (sv_analysis_runner_start (runner, FALSE, &error));
  run.last_tick = g_get_monotonic_time ();
  tick = g_timeout_add (20, tick_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (tick);
  g_thread_join (run.holder);

  /* The lock was held for 1.5 s while the next photo's result waited. */
  g_assert_cmpint (run.longest, <, 500 * 1000);
  g_assert_cmpuint (sv_analysis_runner_get_done (runner), ==, 3);
  g_assert_cmpuint (sv_analysis_runner_get_failed (runner), ==, 0);
  {
    g_autoptr (GPtrArray) tasks =
        sv_catalogue_list_analysis_tasks (cat, SV_ANALYSIS_VERSION, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tasks->len, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/analysis/settings/scene-labels", test_scene_labels_setting);
  ADD ("/analysis/catalogue/name-face", test_name_face);
  ADD ("/analysis/catalogue/tasks", test_tasks);
  ADD ("/analysis/catalogue/grouping", test_grouping);
  ADD ("/analysis/catalogue/corrections", test_corrections);
  ADD ("/analysis/catalogue/labels", test_labels);
  ADD ("/analysis/catalogue/settings", test_settings);
  ADD ("/analysis/runner/unavailable", test_runner_unavailable);
#undef ADD
  g_test_add_func ("/analysis/models/lookup", test_models_lookup);
  g_test_add_func ("/analysis/runner/real", test_runner_real);
  g_test_add_func ("/analysis/runner/background", test_runner_background);
  g_test_add_func ("/analysis/runner/pause", test_runner_pause);
  g_test_add_func ("/analysis/runner/busy-catalogue", test_runner_busy_catalogue);
  return g_test_run ();
}
