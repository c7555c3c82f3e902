/* test-timeline-events.c: event edits tell open views (no display needed)
 *
 * Renaming, merging, splitting an event and moving items into one emit the
 * catalogue's ::changed with the items concerned, so that the timeline (its
 * event headers) and the Events section update without a reload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-timeline-events"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sv-catalogue-events.h"
#include "sv-catalogue.h"
#include "sv-hash.h"

typedef struct
{
  guint n_emissions;
  GArray *changed; /* gint64, all emissions */
} Recorder;

static void
on_changed_cb (SvCatalogue *cat, GArray *added, GArray *changed, GArray *removed, Recorder *r)
{
  r->n_emissions++;
  g_array_append_vals (r->changed, changed->data, changed->len);
}

static gboolean
recorded (Recorder *r, gint64 id)
{
  for (guint i = 0; i < r->changed->len; i++)
    if (g_array_index (r->changed, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
recorder_reset (Recorder *r)
{
  r->n_emissions = 0;
  g_array_set_size (r->changed, 0);
}

/* Six photos of a camera folder in one import batch: two on 1 May 2025,
 * three on 3 May, one on 1 June; @ids gets their ids. */
static void
add_photos (SvCatalogue *cat, gint64 ids[6])
{
  static const char *taken[6] = {
    "2025-05-01T09:00:00", "2025-05-01T10:00:00", "2025-05-03T09:00:00",
    "2025-05-03T12:00:00", "2025-05-03T15:00:00", "2025-06-01T15:00:00",
  };
  g_autoptr (GError) error = NULL;
  SvNewFile files[6];
  SvNewFile *batch[6];

  for (guint k = 0; k < 6; k++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%04u.JPG", k);

      sv_new_file_init (&files[k]);
      files[k].path = g_build_filename ("/card/DCIM/100CANON", name, NULL);
      files[k].sha256 = sv_sha256_bytes_hex (name, strlen (name));
      files[k].size = 1000 + k;
      files[k].mtime_usec = G_GINT64_CONSTANT (1700000000000000);
      files[k].info.format = g_strdup ("jpeg");
      files[k].info.mime_type = g_strdup ("image/jpeg");
      files[k].info.taken_local = g_strdup (taken[k]);
      files[k].info.date_source = SV_DATE_SOURCE_EXIF;
      batch[k] = &files[k];
    }
  g_assert_true (sv_catalogue_add_files (cat, 0, batch, 6, ids, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 6; k++)
    sv_new_file_clear (&files[k]);
}

static gint64
make_event (SvCatalogue *cat, const gint64 *ids, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) clusters =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_cluster_free);
  SvEventCluster *cl = g_new0 (SvEventCluster, 1);

  cl->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (cl->item_ids, ids, n);
  g_ptr_array_add (clusters, cl);
  g_assert_true (sv_catalogue_events_apply (cat, NULL, 0, clusters, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cl->event_id, >, 0);
  return cl->event_id;
}

static void
test_event_edits_emit_changed (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sv-timeline-events-XXXXXX", &error);
  g_autoptr (SvCatalogue) cat = NULL;
  Recorder r = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  gint64 ids[6], a[2], b[3], c;
  gint64 ea, eb, split;

  g_assert_no_error (error);
  cat = sv_catalogue_open (dir, &error);
  g_assert_no_error (error);
  add_photos (cat, ids);
  a[0] = ids[0], a[1] = ids[1];
  b[0] = ids[2], b[1] = ids[3], b[2] = ids[4];
  c = ids[5];
  ea = make_event (cat, a, 2);
  eb = make_event (cat, b, 3);
  g_signal_connect (cat, "changed", G_CALLBACK (on_changed_cb), &r);

  /* Rename: the event's items changed (their header's title). */
  g_assert_true (sv_catalogue_events_rename (cat, ea, "Rome", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_emissions, ==, 1);
  g_assert_cmpuint (r.changed->len, ==, 2);
  g_assert_true (recorded (&r, a[0]) && recorded (&r, a[1]));

  /* A failed edit says nothing. */
  recorder_reset (&r);
  g_assert_false (sv_catalogue_events_rename (cat, 987654, "x", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sv_catalogue_events_merge (cat, ea, ea, &error));
  g_clear_error (&error);
  g_assert_cmpuint (r.n_emissions, ==, 0);

  /* Split: every item of both halves. */
  split = sv_catalogue_events_split (cat, eb, b[1], &error);
  g_assert_no_error (error);
  g_assert_cmpint (split, >, 0);
  g_assert_cmpuint (r.n_emissions, ==, 1);
  g_assert_cmpuint (r.changed->len, ==, 3);
  g_assert_true (recorded (&r, b[0]) && recorded (&r, b[1]) && recorded (&r, b[2]));

  /* Merge: the items of both events. */
  recorder_reset (&r);
  g_assert_true (sv_catalogue_events_merge (cat, ea, split, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_emissions, ==, 1);
  g_assert_cmpuint (r.changed->len, ==, 4);
  g_assert_true (recorded (&r, a[0]) && recorded (&r, b[1]) && recorded (&r, b[2]));
  g_assert_false (recorded (&r, b[0]));
  g_assert_cmpint (sv_catalogue_events_get_item_event (cat, b[2], NULL), ==, ea);

  /* Move: the items moved. */
  recorder_reset (&r);
  g_assert_true (sv_catalogue_events_move (cat, eb, &c, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_emissions, ==, 1);
  g_assert_true (recorded (&r, c));
  g_assert_cmpint (sv_catalogue_events_get_item_event (cat, c, NULL), ==, eb);

  g_signal_handlers_disconnect_by_data (cat, &r);
  g_array_unref (r.changed);
  g_clear_object (&cat);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/timeline/events/edits-emit-changed", test_event_edits_emit_changed);
  return g_test_run ();
}
