/* sv-catalogue-faces.h: faces, people, scene labels and the analysis state
 *
 * Storage for the analysis (see src/core/analysis/sv-analysis-runner.h):
 *  - faces: box and landmarks as fractions (0..1) of the upright image,
 *    YuNet score, 128-float descriptor (BLOB, float32 little-endian), the
 *    person, and the user's decisions (confirmed: the user put the face on
 *    this person; rejected: "not a face", kept as a tombstone so a later run
 *    does not bring it back);
 *  - people: name (column people.name, searched by the search engine through
 *    faces.person_id / faces.item_id), hidden flag;
 *  - labels (labels.name is the stable id, name_en / name_fr both searchable)
 *    and item_labels (confidence);
 *  - analysis_state: per item the analysis version and the hash analysed,
 *    so only new or changed photos are analysed again.
 *
 * Settings (in the catalogue's settings table, shared by app and CLI):
 * "face-recognition" ("on"/"off", default on), "scene-labels" ("on"/"off",
 * default on) and "analysis-max-cores" (1..number of cores, default 1).
 *
 * Functions that write emit SvCatalogue::changed (items changed)
 * synchronously: call them from the thread that opened the catalogue. Face
 * data never leaves this catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_FACE_DESCRIPTOR_LEN 128

/* Grouping: a face joins the person owning its nearest grouped face when
 * closer than this (see sv-catalogue-faces.c for how it was tuned). */
#define SV_FACE_SAME_PERSON_DISTANCE 0.565
/* "Is this X?" suggestions: faces closer than this to one of X's faces. */
#define SV_FACE_SUGGEST_DISTANCE 0.64
/* Faces narrower than this (pixels of the analysed image) are stored but not
 * grouped: their descriptors are too noisy. */
#define SV_FACE_MIN_GROUP_SIZE 40

typedef struct
{
  gint64 id;
  gint64 item_id;
  gint64 person_id;  /* 0: nobody */
  char *person_name; /* NULL when the person has no name */
  double x, y, w, h; /* fractions of the upright image */
  float landmarks[10];
  double score;
  int size_px;
  gboolean confirmed;
  gboolean rejected;
} SvFace;

typedef struct
{
  gint64 id;
  char *uuid;
  char *name; /* NULL: not named yet */
  gboolean hidden;
  guint n_faces;
  guint n_items;
  gint64 cover_face_id; /* the best-scored face, 0 if none */
  gint64 cover_item_id;
} SvPerson;

typedef struct
{
  SvFace face;
  double distance;
} SvFaceSuggestion;

typedef struct
{
  char *id; /* "beach" */
  char *name_en;
  char *name_fr;
  double score;
} SvItemLabel;

/* What the analyzer found on one face / one label. */
typedef struct
{
  float box[4];
  float landmarks[10];
  float score;
  float descriptor[SV_FACE_DESCRIPTOR_LEN];
  int size_px;
} SvNewFace;

/* A photo waiting for analysis. */
typedef struct
{
  gint64 item_id;
  char *path; /* a present location of its original */
  char *hash; /* the item's primary hash */
  int orientation;
} SvAnalysisTask;

void
sv_face_clear (SvFace *face);
void
sv_face_free (SvFace *face);
void
sv_person_free (SvPerson *person);
void
sv_face_suggestion_free (SvFaceSuggestion *s);
void
sv_item_label_free (SvItemLabel *label);
void
sv_analysis_task_free (SvAnalysisTask *task);

/* ---- settings ---- */
gboolean
sv_catalogue_get_face_recognition (SvCatalogue *self);
/* Turning it off does not erase anything: call sv_catalogue_erase_faces
 * after asking the user. */
gboolean
sv_catalogue_set_face_recognition (SvCatalogue *self, gboolean enabled, GError **error);
/* Scene labels off: photos are not labelled (stored labels stay); turned on
 * again, the photos analysed meanwhile are queued for labels. */
gboolean
sv_catalogue_get_scene_labels (SvCatalogue *self);
gboolean
sv_catalogue_set_scene_labels (SvCatalogue *self, gboolean enabled, GError **error);
guint
sv_catalogue_get_analysis_max_cores (SvCatalogue *self);
/* 1..g_get_num_processors (); SV_ERROR_INVALID_ARGUMENT otherwise. */
gboolean
sv_catalogue_set_analysis_max_cores (SvCatalogue *self, guint cores, GError **error);

/* ---- the analysis queue ---- */

/* Live photos with a present original that were never analysed with
 * @version, whose hash changed since, that failed (with @retry_failed), or
 * whose faces were not looked for while face recognition is on. Array of
 * SvAnalysisTask, oldest item first. */
GPtrArray *
sv_catalogue_list_analysis_tasks (SvCatalogue *self,
                                  int version,
                                  gboolean retry_failed,
                                  GError **error);
/* Forgets every item's analysis state (faces and labels stay; the user's
 * decisions survive the next run). */
gboolean
sv_catalogue_reset_analysis (SvCatalogue *self, GError **error);

/* Stores one photo's results in one transaction: replaces its labels; its
 * faces are matched with the stored ones (same place): a match keeps the
 * user's decisions (person, confirmed, rejected), others are grouped into
 * people (nearest grouped face below SV_FACE_SAME_PERSON_DISTANCE, else a
 * new unnamed person). With @faces_analysed FALSE (face recognition off)
 * the stored faces are left alone and @faces ignored. */
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
                             GError **error);
/* The same; with @labels_analysed FALSE (scene labels off) the stored labels
 * are left alone and @labels ignored, and the photo is queued again for
 * labels once they are turned on. */
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
                                  GError **error);
gboolean
sv_catalogue_mark_analysis_failed (SvCatalogue *self,
                                   gint64 item_id,
                                   const char *hash,
                                   int version,
                                   const char *reason,
                                   GError **error);

typedef struct
{
  guint photos;   /* live photos */
  guint done;     /* analysed with the current version and hash */
  guint failed;   /* failed with the current version and hash */
  guint faces;    /* stored faces, rejected ones excluded */
  guint people;   /* people with at least one face, hidden included */
  guint labelled; /* items with at least one label */
} SvAnalysisCounts;

gboolean
sv_catalogue_get_analysis_counts (SvCatalogue *self,
                                  int version,
                                  SvAnalysisCounts *counts,
                                  GError **error);
/* The reason a photo's analysis failed, NULL if it did not. */
char *
sv_catalogue_get_analysis_error (SvCatalogue *self, gint64 item_id);

/* ---- people ---- */

/* People with at least one face (or a name), named first then by face
 * count. Array of SvPerson. */
GPtrArray *
sv_catalogue_list_people (SvCatalogue *self, gboolean include_hidden, GError **error);
SvPerson *
sv_catalogue_get_person (SvCatalogue *self, gint64 person_id, GError **error);
/* The person's live items, newest first (gint64). */
GArray *
sv_catalogue_list_person_items (SvCatalogue *self, gint64 person_id, GError **error);
/* Named people whose name matches @name exactly (case-insensitive). */
GArray *
sv_catalogue_find_people (SvCatalogue *self, const char *name, GError **error);
/* @name NULL or empty clears it. Confirms the person's faces. */
gboolean
sv_catalogue_name_person (SvCatalogue *self, gint64 person_id, const char *name, GError **error);
/* Moves every face of @from to @into and deletes @from; @into keeps its
 * name, or takes @from's when it has none. */
gboolean
sv_catalogue_merge_people (SvCatalogue *self, gint64 into, gint64 from, GError **error);
gboolean
sv_catalogue_set_person_hidden (SvCatalogue *self,
                                gint64 person_id,
                                gboolean hidden,
                                GError **error);

/* ---- faces ---- */

/* The item's faces, left to right; rejected ones only with @include_rejected.
 * Array of SvFace. */
GPtrArray *
sv_catalogue_list_faces (SvCatalogue *self,
                         gint64 item_id,
                         gboolean include_rejected,
                         GError **error);
SvFace *
sv_catalogue_get_face (SvCatalogue *self, gint64 face_id, GError **error);
/* Puts the face on @person_id (confirmed by the user). */
gboolean
sv_catalogue_move_face (SvCatalogue *self, gint64 face_id, gint64 person_id, GError **error);
/* Names one face (the viewer's "click a face"): a name someone already has
 * puts the face on them; else the face's unnamed person gets the name; else
 * a new person with that name gets the face. Returns the person, 0 on
 * error. */
gint64
sv_catalogue_name_face (SvCatalogue *self, gint64 face_id, const char *name, GError **error);
/* "Not a face" / wrong face: rejected and taken off its person; it stays
 * rejected on later runs. */
gboolean
sv_catalogue_remove_face (SvCatalogue *self, gint64 face_id, GError **error);
/* "Is this X?": unconfirmed faces not on @person_id whose descriptor is
 * within SV_FACE_SUGGEST_DISTANCE of one of the person's faces, nearest
 * first, at most @limit (0: 50). Array of SvFaceSuggestion. */
GPtrArray *
sv_catalogue_suggest_faces (SvCatalogue *self, gint64 person_id, guint limit, GError **error);
/* Yes: like sv_catalogue_move_face. No: never suggested for them again. */
gboolean
sv_catalogue_answer_suggestion (SvCatalogue *self,
                                gint64 face_id,
                                gint64 person_id,
                                gboolean yes,
                                GError **error);

/* ---- labels ---- */
GPtrArray *
sv_catalogue_list_item_labels (SvCatalogue *self, gint64 item_id, GError **error);

/* ---- privacy ---- */

/* Deletes every face box, landmark and descriptor and every person without
 * a name; with @include_user_names the named people too. Items are marked
 * for face analysis again (done only while face recognition is on). */
gboolean
sv_catalogue_erase_faces (SvCatalogue *self, gboolean include_user_names, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvFace, sv_face_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvPerson, sv_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvAnalysisTask, sv_analysis_task_free)

G_END_DECLS
