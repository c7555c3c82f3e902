/* test-watch.c: watched folders, rescans, moves, missing files, tombstones,
 * the file monitor, removable volumes and folder-name events
 *
 * Real copies of the test photos in temporary trees, a real catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "../common/sv-test-mime.h"
#include "lifecycle-test-util.h"
#include "sv-catalogue-events.h"
#include "sv-catalogue-private.h"
#include "sv-error.h"
#include "sv-trash.h"
#include "sv-volumes.h"
#include "sv-watched-folders.h"
#include "sv-watcher.h"

/* ---- helpers ---- */

/* Copies a test photo to @dest (making its folder). */
static void
put_photo (const char *relative, const char *dest)
{
  g_autofree char *src = g_build_filename (SV_PHOTOS_DIR, relative, NULL);

  test_copy_file (src, dest);
}

static gint64
item_at (SvCatalogue *cat, const char *path)
{
  gint64 item_id = 0;

  if (!sv_catalogue_lookup_location (cat, path, &item_id, NULL, NULL))
    return 0;
  return item_id;
}

static gboolean
location_missing (SvCatalogue *cat, gint64 item_id, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) locs = sv_catalogue_get_locations (cat, item_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < locs->len; i++)
    {
      SvFileLocation *l = g_ptr_array_index (locs, i);

      if (g_str_equal (l->path, path))
        return l->missing;
    }
  g_assert_not_reached ();
  return FALSE;
}

static SvRescanSummary *
rescan (SvWatcher *watcher)
{
  g_autoptr (GError) error = NULL;
  SvRescanSummary *s = sv_watcher_rescan (watcher, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  for (guint i = 0; i < s->events->len; i++)
    {
      SvWatchEvent *e = g_ptr_array_index (s->events, i);

      g_test_message ("event %d %s%s%s", e->kind, e->path, e->reason ? ": " : "",
                      e->reason ? e->reason : "");
    }
  return s;
}

static void
add_folder (SvCatalogue *cat, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvWatchedFolder) f = sv_watched_folders_add (cat, dir, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (f);
}

static const char *const photos[] = {
  "camera/jhead-S40.jpg", "camera/jhead-fuji-dx10.jpg",       "camera/jhead-canon-300d.jpg",
  "camera/jhead-hp.jpg",  "camera/exiv2-FurnaceCreekInn.jpg", "camera/jhead-sony.jpg",
};

/* A tree of the six photos: a/ b/ c/sub/, plus files to be ignored. */
static char *
make_tree (char ***paths_out)
{
  char *root = test_fresh_dir ("watched");
  GStrvBuilder *b = g_strv_builder_new ();
  const char *where[] = { "a/1.jpg", "a/2.jpg", "b/3.jpg", "b/4.JPG", "c/sub/5.jpg", "6.jpg" };

  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    {
      g_autofree char *dest = g_build_filename (root, where[i], NULL);

      put_photo (photos[i], dest);
      g_strv_builder_add (b, dest);
    }
  {
    g_autofree char *notes = g_build_filename (root, "a", "notes.txt", NULL);
    g_autofree char *hidden = g_build_filename (root, ".hidden", "x.jpg", NULL);

    g_assert_true (g_file_set_contents (notes, "not a photo", -1, NULL));
    put_photo (photos[0], hidden);
  }
  *paths_out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return root;
}

/* ---- watched folder list ---- */

static void
test_folders (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *root = test_fresh_dir ("list");
  g_autofree char *sub = g_build_filename (root, "sub", NULL);
  g_autofree char *subsub = g_build_filename (sub, "deeper", NULL);
  g_autofree char *file = g_build_filename (root, "file.jpg", NULL);
  g_autofree char *gone = g_build_filename (root, "nope", NULL);
  g_autofree char *link = g_build_filename (root, "link", NULL);
  g_autoptr (GPtrArray) absorbed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  SvWatchedFolder *f;

  g_assert_cmpint (g_mkdir_with_parents (subsub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_cmpint (symlink (sub, link), ==, 0);

  g_assert_null (sv_watched_folders_add (cat, gone, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sv_watched_folders_add (cat, file, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Through a link: stored canonical. */
  f = sv_watched_folders_add (cat, link, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->path, ==, sub);
  sv_watched_folder_free (f);

  /* The same folder again, by another name, or a folder inside it. */
  g_assert_null (sv_watched_folders_add (cat, sub, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (sv_watched_folders_add (cat, subsub, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* A parent replaces its watched subfolder. */
  f = sv_watched_folders_add (cat, root, absorbed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->path, ==, root);
  sv_watched_folder_free (f);
  g_assert_cmpuint (absorbed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (absorbed, 0), ==, sub);

  list = sv_watched_folders_list (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  f = g_ptr_array_index (list, 0);
  g_assert_cmpstr (f->path, ==, root);
  g_assert_cmpint (f->last_scan, ==, 0);

  /* The list is the catalogue's: another connection sees it. */
  {
    g_autoptr (SvCatalogue) again = sv_catalogue_open (sv_catalogue_get_library_dir (cat), &error);
    g_autoptr (GPtrArray) list2 = NULL;

    g_assert_no_error (error);
    list2 = sv_watched_folders_list (again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list2->len, ==, 1);
  }

  g_assert_false (sv_watched_folders_remove (cat, sub, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sv_watched_folders_remove (cat, root, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sv_watched_folders_list (cat, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* ---- rescan ---- */

static void
test_rescan (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (SvWatcher) watcher = sv_watcher_new (cat);
  g_auto (GStrv) paths = NULL;
  g_autofree char *root = make_tree (&paths);
  g_autoptr (SvRescanSummary) s1 = NULL;
  g_autoptr (SvRescanSummary) s2 = NULL;
  g_autoptr (SvRescanSummary) s3 = NULL;
  g_autoptr (GPtrArray) list = NULL;
  guint64 read_before;

  add_folder (cat, root);
  s1 = rescan (watcher);
  g_assert_cmpuint (s1->folders, ==, 1);
  g_assert_cmpuint (s1->checked, ==, 6); /* notes.txt and .hidden/ left out */
  g_assert_cmpuint (s1->new_files, ==, 6);
  g_assert_cmpuint (s1->unchanged, ==, 0);
  g_assert_cmpuint (s1->failed, ==, 0);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 6);
  for (guint i = 0; paths[i]; i++)
    {
      g_autoptr (SvMediaItem) item = NULL;
      g_autoptr (GPtrArray) locs = NULL;
      gint64 id = item_at (cat, paths[i]);

      g_assert_cmpint (id, >, 0);
      locs = sv_catalogue_get_locations (cat, id, NULL);
      /* Referenced in place, never copied. */
      g_assert_false (((SvFileLocation *) g_ptr_array_index (locs, 0))->managed);
    }
  list = sv_watched_folders_list (cat, NULL);
  g_assert_cmpint (((SvWatchedFolder *) g_ptr_array_index (list, 0))->last_scan, >, 0);

  /* Nothing changed: nothing read. */
  read_before = sv_watcher_get_files_read (watcher);
  s2 = rescan (watcher);
  g_assert_cmpuint (s2->checked, ==, 6);
  g_assert_cmpuint (s2->unchanged, ==, 6);
  g_assert_cmpuint (s2->new_files + s2->changed + s2->moved + s2->missing, ==, 0);
  g_assert_cmpuint (s2->files_read, ==, 0);
  g_assert_cmpuint (sv_watcher_get_files_read (watcher), ==, read_before);

  /* Proof that known files are not opened: other bytes of the same size
   * under the same time go unnoticed (a rescan that read them would see an
   * edit). */
  {
    struct stat st;
    struct timespec times[2];
    g_autofree char *saved = NULL;
    gsize len;
    int fd;

    g_assert_cmpint (g_stat (paths[0], &st), ==, 0);
    g_assert_true (g_file_get_contents (paths[0], &saved, &len, NULL));
    fd = open (paths[0], O_WRONLY);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pwrite (fd, "XXXXXXXX", 8, 100), ==, 8);
    close (fd);
    times[0] = st.st_atim;
    times[1] = st.st_mtim;
    g_assert_cmpint (utimensat (AT_FDCWD, paths[0], times, 0), ==, 0);

    s3 = rescan (watcher);
    g_assert_cmpuint (s3->unchanged, ==, 6);
    g_assert_cmpuint (s3->changed, ==, 0);
    g_assert_cmpuint (s3->files_read, ==, 0);
    g_assert_cmpuint (sv_watcher_get_files_read (watcher), ==, read_before);

    g_assert_true (g_file_set_contents (paths[0], saved, (gssize) len, NULL));
    g_assert_cmpint (utimensat (AT_FDCWD, paths[0], times, 0), ==, 0);
  }

  /* A file that cannot be imported is read once, not at every rescan, by
   * this watcher or a later one (the catalogue keeps the import error),
   * until it changes. */
  {
    g_autofree char *broken = g_build_filename (root, "b", "broken.jpg", NULL);
    g_autoptr (SvWatcher) later = NULL;
    g_autoptr (SvRescanSummary) s4 = NULL;
    g_autoptr (SvRescanSummary) s5 = NULL;
    g_autoptr (SvRescanSummary) s6 = NULL;
    g_autoptr (SvRescanSummary) s7 = NULL;

    g_assert_true (g_file_set_contents (broken, "these bytes are no picture", -1, NULL));
    s4 = rescan (watcher);
    g_assert_cmpuint (s4->checked, ==, 7);
    g_assert_cmpuint (s4->failed, ==, 1);
    g_assert_cmpuint (s4->files_read, ==, 1);
    s5 = rescan (watcher);
    g_assert_cmpuint (s5->failed, ==, 0);
    g_assert_cmpuint (s5->skipped, ==, 1);
    g_assert_cmpuint (s5->files_read, ==, 0);
    later = sv_watcher_new (cat);
    s6 = rescan (later);
    g_assert_cmpuint (s6->skipped, ==, 1);
    g_assert_cmpuint (s6->files_read, ==, 0);
    g_assert_cmpuint (sv_watcher_get_files_read (later), ==, 0);
    /* Changed: tried again. */
    g_usleep (10000);
    g_assert_true (g_file_set_contents (broken, "still no picture, other bytes", -1, NULL));
    s7 = rescan (later);
    g_assert_cmpuint (s7->failed, ==, 1);
    g_assert_cmpuint (s7->files_read, ==, 1);
  }
}

/* ---- moves, renames, deletions, edits ---- */

static void
test_moves (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (SvWatcher) watcher = sv_watcher_new (cat);
  g_auto (GStrv) paths = NULL;
  g_autofree char *root = make_tree (&paths);
  g_autofree char *renamed = g_build_filename (root, "a", "renamed.jpg", NULL);
  g_autofree char *moved = g_build_filename (root, "c", "sub", "moved-here.jpg", NULL);
  g_autoptr (SvRescanSummary) s = NULL;
  gint64 id0, id2, id3;

  add_folder (cat, root);
  g_clear_pointer (&s, sv_rescan_summary_free);
  s = rescan (watcher);
  g_assert_cmpuint (s->new_files, ==, 6);
  id0 = item_at (cat, paths[0]);
  id2 = item_at (cat, paths[2]);
  id3 = item_at (cat, paths[3]);

  /* Rename in place and move to another folder. */
  g_assert_cmpint (g_rename (paths[0], renamed), ==, 0);
  g_assert_cmpint (g_rename (paths[2], moved), ==, 0);
  g_clear_pointer (&s, sv_rescan_summary_free);
  s = rescan (watcher);
  g_assert_cmpuint (s->moved, ==, 2);
  g_assert_cmpuint (s->new_files, ==, 0);
  g_assert_cmpuint (s->missing, ==, 0);
  g_assert_cmpuint (s->files_read, ==, 2); /* only the two candidates */
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 6);
  g_assert_cmpint (item_at (cat, renamed), ==, id0);
  g_assert_cmpint (item_at (cat, moved), ==, id2);
  g_assert_cmpint (item_at (cat, paths[0]), ==, 0);
  g_assert_false (location_missing (cat, id0, renamed));

  /* Deleted: the item stays, its location says missing. */
  g_assert_cmpint (g_unlink (paths[3]), ==, 0);
  g_clear_pointer (&s, sv_rescan_summary_free);
  s = rescan (watcher);
  g_assert_cmpuint (s->missing, ==, 1);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 6);
  g_assert_true (location_missing (cat, id3, paths[3]));
  g_clear_pointer (&s, sv_rescan_summary_free);
  s = rescan (watcher);
  g_assert_cmpuint (s->missing, ==, 0); /* counted once */

  /* It comes back elsewhere (a later copy, other time): the missing
   * location is re-pointed, no duplicate. */
  {
    g_autofree char *back = g_build_filename (root, "b", "restored.jpg", NULL);

    put_photo (photos[3], back);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->moved, ==, 1);
    g_assert_cmpuint (s->new_files, ==, 0);
    g_assert_cmpint (test_count_items (cat, FALSE), ==, 6);
    g_assert_cmpint (item_at (cat, back), ==, id3);
    g_assert_false (location_missing (cat, id3, back));
  }

  /* Touched only: same bytes, the location takes the new time. */
  {
    gint64 mtime = 0;

    g_assert_cmpint (utimensat (AT_FDCWD, paths[1], NULL, 0), ==, 0);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->changed, ==, 1);
    g_assert_cmpuint (s->new_files, ==, 0);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->unchanged, ==, 6);
    g_assert_cmpuint (s->files_read, ==, 0);
    g_assert_true (sv_catalogue_lookup_location (cat, paths[1], NULL, NULL, &mtime));
    g_assert_cmpint (mtime, >, 0);
  }

  /* Edited in place (other bytes at a known path, the item's only copy):
   * the same item, with the new bytes; nothing the user gave it is lost. */
  {
    gint64 old_id = item_at (cat, paths[5]);
    g_autoptr (GError) error = NULL;
    g_autoptr (SvMediaItem) before = sv_catalogue_get_item (cat, old_id, &error);
    g_autoptr (SvMediaItem) after = NULL;
    g_autoptr (GPtrArray) locs = NULL;
    g_autofree char *old_hash = g_strdup (sv_media_item_get_primary_hash (before));

    g_assert_true (sv_catalogue_set_caption (cat, old_id, "Mon beau lac", &error));
    g_assert_no_error (error);
    put_photo ("camera/exiv2-FurnaceCreekInn2.jpg", paths[5]);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->changed, ==, 1);
    g_assert_cmpuint (s->new_files, ==, 0);
    g_assert_cmpuint (s->failed, ==, 0);
    g_assert_cmpint (test_count_items (cat, FALSE), ==, 6);
    g_assert_cmpint (item_at (cat, paths[5]), ==, old_id);
    after = sv_catalogue_get_item (cat, old_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sv_media_item_get_caption (after), ==, "Mon beau lac");
    g_assert_cmpstr (sv_media_item_get_primary_hash (after), !=, old_hash);
    locs = sv_catalogue_get_locations (cat, old_id, &error);
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locs, 0))->sha256, ==,
                     sv_media_item_get_primary_hash (after));
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->unchanged, ==, 6);
    g_assert_cmpuint (s->files_read, ==, 0);
  }

  /* One of two copies edited: that path leaves the item (which keeps its
   * other copy) and its new bytes become an item of their own. */
  {
    g_autofree char *copy = g_build_filename (root, "c", "copy-of-1.jpg", NULL);
    g_autoptr (GPtrArray) locs = NULL;
    gint64 id1 = item_at (cat, paths[1]);

    put_photo (photos[1], copy);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->duplicates, ==, 1);
    g_assert_cmpint (item_at (cat, copy), ==, id1);
    g_usleep (10000);
    put_photo ("camera/goexif-sample1.jpg", copy);
    g_clear_pointer (&s, sv_rescan_summary_free);
    s = rescan (watcher);
    g_assert_cmpuint (s->changed, ==, 1);
    g_assert_cmpuint (s->new_files, ==, 1);
    g_assert_cmpint (test_count_items (cat, FALSE), ==, 7);
    g_assert_cmpint (item_at (cat, copy), !=, id1);
    locs = sv_catalogue_get_locations (cat, id1, NULL);
    g_assert_cmpuint (locs->len, ==, 1);
    g_assert_cmpstr (((SvFileLocation *) g_ptr_array_index (locs, 0))->path, ==, paths[1]);
  }
}

/* ---- tombstones ---- */

static void
test_tombstone (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (SvWatcher) watcher = sv_watcher_new (cat);
  g_auto (GStrv) paths = NULL;
  g_autofree char *root = make_tree (&paths);
  g_autoptr (SvRescanSummary) s = NULL;
  g_auto (SvTrashPurgeResult) result = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id;

  add_folder (cat, root);
  s = rescan (watcher);
  g_assert_cmpuint (s->new_files, ==, 6);
  id = item_at (cat, paths[4]);

  /* Trash, then empty the trash: the referenced original goes to the
   * desktop trash and the item leaves the library. */
  g_assert_true (sv_trash_items (cat, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (sv_trash_empty (cat, &id, 1, SV_TRASH_PURGE_DELETE_PERMANENTLY, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 5);
  g_assert_false (g_file_test (paths[4], G_FILE_TEST_EXISTS));

  /* The user puts the file back: not imported again. */
  put_photo (photos[4], paths[4]);
  g_clear_pointer (&s, sv_rescan_summary_free);
  s = rescan (watcher);
  g_assert_cmpuint (s->new_files, ==, 0);
  g_assert_cmpuint (s->previously_deleted, ==, 1);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 5);
  g_assert_cmpint (item_at (cat, paths[4]), ==, 0);
  {
    g_autoptr (SvRescanSummary) again = rescan (watcher);

    /* Not read again by this watcher while it is unchanged. */
    g_assert_cmpuint (again->skipped, ==, 1);
    g_assert_cmpuint (again->files_read, ==, 0);
    g_assert_cmpuint (again->new_files, ==, 0);
  }
  {
    gboolean reported = FALSE;

    for (guint i = 0; i < s->events->len; i++)
      {
        SvWatchEvent *e = g_ptr_array_index (s->events, i);

        reported |= e->kind == SV_WATCH_EVENT_PREVIOUSLY_DELETED && g_str_equal (e->path, paths[4]);
      }
    g_assert_true (reported);
  }
}

/* ---- the monitor ---- */

typedef struct
{
  GMainLoop *loop;
  SvRescanSummary *rescan;
  GPtrArray *events; /* SvWatchEvent (copies) */
  guint batches;
} MonitorRun;

static void
on_file_event_cb (SvWatcher *w, SvWatchEvent *e, MonitorRun *run)
{
  SvWatchEvent *copy = g_new0 (SvWatchEvent, 1);

  copy->kind = e->kind;
  copy->path = g_strdup (e->path);
  copy->old_path = g_strdup (e->old_path);
  copy->item_id = e->item_id;
  g_ptr_array_add (run->events, copy);
}

static void
on_rescan_done_cb (SvWatcher *w, SvRescanSummary *s, MonitorRun *run)
{
  run->rescan = g_new0 (SvRescanSummary, 1);
  *run->rescan = *s;
  run->rescan->events = NULL;
  g_main_loop_quit (run->loop);
}

static void
on_batch_done_cb (SvWatcher *w, SvRescanSummary *s, MonitorRun *run)
{
  run->batches++;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
spin (MonitorRun *run, guint ms)
{
  g_timeout_add (ms, quit_cb, run->loop);
  g_main_loop_run (run->loop);
}

static gboolean
has_event (MonitorRun *run, SvWatchEventKind kind, const char *path)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      SvWatchEvent *e = g_ptr_array_index (run->events, i);

      if (e->kind == kind && g_str_equal (e->path, path))
        return TRUE;
    }
  return FALSE;
}

/* Waits up to @ms for an event. */
static gboolean
wait_event (MonitorRun *run, SvWatchEventKind kind, const char *path, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!has_event (run, kind, path) && g_get_monotonic_time () < end)
    spin (run, 100);
  return has_event (run, kind, path);
}

static void
test_monitor (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (SvWatcher) watcher = sv_watcher_new (cat);
  g_auto (GStrv) paths = NULL;
  g_autofree char *root = make_tree (&paths);
  g_autofree char *slow = g_build_filename (root, "b", "slow.jpg", NULL);
  g_autofree char *early = g_build_filename (root, "a", "early.jpg", NULL);
  g_autofree char *newdir = g_build_filename (root, "new folder", NULL);
  g_autofree char *infolder = g_build_filename (newdir, "inside.jpg", NULL);
  g_autofree char *src = g_build_filename (SV_PHOTOS_DIR, "camera/exiv2-exiv2-bug884a.jpg", NULL);
  g_autofree char *src2 =
      g_build_filename (SV_PHOTOS_DIR, "camera/jhead-gps-many-digits.jpg", NULL);
  g_autofree char *bytes = NULL;
  MonitorRun run = { 0 };
  gsize len, chunk;
  FILE *out;

  run.loop = g_main_loop_new (NULL, FALSE);
  run.events = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_watch_event_free);
  g_signal_connect (watcher, "file-event", G_CALLBACK (on_file_event_cb), &run);
  g_signal_connect (watcher, "rescan-done", G_CALLBACK (on_rescan_done_cb), &run);
  g_signal_connect (watcher, "batch-done", G_CALLBACK (on_batch_done_cb), &run);

  add_folder (cat, root);
  /* The tree is older than the settle time; one file is still being
   * written when the watcher starts. */
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  chunk = len / 6 + 1;
  out = fopen (early, "wb");
  g_assert_nonnull (out);
  fwrite (bytes, 1, chunk, out);
  fflush (out);

  sv_watcher_start (watcher);
  g_main_loop_run (run.loop);
  g_assert_nonnull (run.rescan);
  g_assert_cmpuint (run.rescan->new_files, ==, 6);
  g_assert_cmpuint (run.rescan->settling, ==, 1);
  /* root, a, b, c, c/sub (.hidden is not watched) */
  g_assert_cmpuint (sv_watcher_get_n_monitors (watcher), ==, 5);

  /* It keeps growing for about 3 s: not imported before it stops. */
  for (gsize done = chunk; done < len; done += chunk)
    {
      spin (&run, 600);
      fwrite (bytes + done, 1, MIN (chunk, len - done), out);
      fflush (out);
      g_assert_false (has_event (&run, SV_WATCH_EVENT_NEW, early));
      g_assert_false (has_event (&run, SV_WATCH_EVENT_FAILED, early));
    }
  fclose (out);
  g_assert_true (wait_event (&run, SV_WATCH_EVENT_NEW, early, 8000));
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 7);
  g_clear_pointer (&bytes, g_free);

  /* Written slowly, in chunks, over about 3 s: not imported while it
   * grows, imported within a few seconds once it stops. */
  g_assert_true (g_file_get_contents (src2, &bytes, &len, NULL));
  chunk = len / 6 + 1;
  out = fopen (slow, "wb");
  g_assert_nonnull (out);
  for (gsize done = 0; done < len; done += chunk)
    {
      fwrite (bytes + done, 1, MIN (chunk, len - done), out);
      fflush (out);
      spin (&run, 600);
      g_assert_false (has_event (&run, SV_WATCH_EVENT_NEW, slow));
      g_assert_false (has_event (&run, SV_WATCH_EVENT_FAILED, slow));
      g_assert_cmpint (item_at (cat, slow), ==, 0);
    }
  fclose (out);
  {
    gint64 closed = g_get_monotonic_time ();

    g_assert_true (wait_event (&run, SV_WATCH_EVENT_NEW, slow, 8000));
    /* Not before it settled (2 s), within a few seconds. */
    g_assert_cmpint (g_get_monotonic_time () - closed, >=, 1900 * 1000);
    g_assert_cmpint (g_get_monotonic_time () - closed, <, 6000 * 1000);
  }
  g_assert_cmpint (item_at (cat, slow), >, 0);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 8);

  /* A new folder, with a file: watched and imported. */
  g_assert_cmpint (g_mkdir (newdir, 0755), ==, 0);
  spin (&run, 700);
  put_photo ("camera/goexif-has-lens-info.jpg", infolder);
  g_assert_true (wait_event (&run, SV_WATCH_EVENT_NEW, infolder, 8000));
  g_assert_cmpuint (sv_watcher_get_n_monitors (watcher), ==, 6);

  /* Renamed while watched: recognised, no new item. */
  {
    g_autofree char *renamed = g_build_filename (root, "a", "renamed.jpg", NULL);
    gint64 id = item_at (cat, paths[1]);

    g_assert_cmpint (g_rename (paths[1], renamed), ==, 0);
    g_assert_true (wait_event (&run, SV_WATCH_EVENT_MOVED, renamed, 8000));
    /* One batch: never shown as missing on the way. */
    g_assert_false (has_event (&run, SV_WATCH_EVENT_MISSING, paths[1]));
    g_assert_cmpint (item_at (cat, renamed), ==, id);
    g_assert_cmpint (test_count_items (cat, FALSE), ==, 9);
  }

  /* Deleted while watched: missing. */
  g_assert_cmpint (g_unlink (paths[2]), ==, 0);
  g_assert_true (wait_event (&run, SV_WATCH_EVENT_MISSING, paths[2], 8000));
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 9);

  sv_watcher_stop (watcher);
  g_assert_cmpuint (sv_watcher_get_n_monitors (watcher), ==, 0);
  g_free (run.rescan);
  g_ptr_array_unref (run.events);
  g_main_loop_unref (run.loop);
}

/* ---- removable volumes ---- */

static void
test_volumes (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autofree char *card = test_fresh_dir ("card");
  g_autofree char *phone = test_fresh_dir ("phone");
  g_autofree char *plain = test_fresh_dir ("usb-stick");
  g_autofree char *managed = test_fresh_dir ("managed");
  g_autoptr (GFile) card_file = g_file_new_for_path (card);
  g_autoptr (GFile) phone_file = g_file_new_for_path (phone);
  g_autoptr (GFile) plain_file = g_file_new_for_path (plain);
  g_autoptr (SvVolume) v = NULL;
  g_autoptr (SvImportSummary) s1 = NULL;
  g_autoptr (SvImportSummary) s2 = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%04u.JPG", i);
      g_autofree char *dest = g_build_filename (card, "DCIM", "100CANON", name, NULL);

      put_photo (photos[i], dest);
    }
  {
    g_autofree char *misc = g_build_filename (card, "MISC", "readme.txt", NULL);
    g_autofree char *dir = g_path_get_dirname (misc);
    g_autofree char *p =
        g_build_filename (phone, "Internal shared storage", "DCIM", "Camera", "PXL_1.jpg", NULL);
    g_autofree char *other = g_build_filename (plain, "Documents", "photo.jpg", NULL);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (misc, "x", -1, NULL));
    put_photo (photos[5], p);
    put_photo (photos[5], other);
  }

  v = sv_volumes_examine (card_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  g_assert_cmpuint (v->n_media, ==, 4);
  g_assert_true (g_str_has_suffix (v->dcim_path, "/DCIM"));
  g_clear_pointer (&v, sv_volume_free);

  v = sv_volumes_examine (phone_file, "Pixel", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  g_assert_cmpuint (v->n_media, ==, 1);
  g_assert_cmpstr (v->name, ==, "Pixel");
  g_clear_pointer (&v, sv_volume_free);

  g_assert_null (sv_volumes_examine (plain_file, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Copied by default; the card's files are not referenced. */
  g_assert_true (sv_catalogue_set_setting (cat, "managed-root", managed, &error));
  g_assert_no_error (error);
  s1 = sv_volumes_import (cat, card_file, SV_IMPORT_MODE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s1->mode, ==, SV_IMPORT_MODE_COPY);
  g_assert_cmpuint (s1->imported, ==, 4);
  for (guint i = 0; i < s1->new_item_ids->len; i++)
    {
      g_autoptr (GPtrArray) locs =
          sv_catalogue_get_locations (cat, g_array_index (s1->new_item_ids, gint64, i), NULL);

      g_assert_cmpuint (locs->len, ==, 1);
      g_assert_true (((SvFileLocation *) g_ptr_array_index (locs, 0))->managed);
      g_assert_true (
          g_str_has_prefix (((SvFileLocation *) g_ptr_array_index (locs, 0))->path, managed));
    }

  /* New photos only: a second time imports nothing. */
  s2 = sv_volumes_import (cat, card_file, SV_IMPORT_MODE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s2->imported, ==, 0);
  g_assert_cmpuint (s2->duplicates, ==, 4);
  g_assert_cmpint (test_count_items (cat, FALSE), ==, 4);

  /* Referenced: the photos already in the library do not get the card as
   * one more location. */
  {
    g_autofree char *extra = g_build_filename (card, "DCIM", "100CANON", "IMG_0100.JPG", NULL);
    g_autoptr (SvImportSummary) s3 = NULL;
    gint64 first = g_array_index (s1->new_item_ids, gint64, 0);
    g_autoptr (GPtrArray) locs = NULL;

    put_photo (photos[4], extra);
    s3 = sv_volumes_import (cat, card_file, SV_IMPORT_MODE_REFERENCE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s3->imported, ==, 1);
    g_assert_cmpuint (s3->duplicates, ==, 4);
    locs = sv_catalogue_get_locations (cat, first, NULL);
    g_assert_cmpuint (locs->len, ==, 1);
    g_assert_cmpint (item_at (cat, extra), >, 0);
  }

  /* No DCIM: a clear error. */
  g_assert_null (sv_volumes_import (cat, plain_file, SV_IMPORT_MODE_DEFAULT, NULL, &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
}

/* ---- folder names become events ---- */

static void
test_folder_events (void)
{
  g_autoptr (SvCatalogue) cat = test_open_library (NULL);
  g_autoptr (SvWatcher) watcher = sv_watcher_new (cat);
  g_autofree char *root = test_fresh_dir ("events");
  g_autoptr (SvRescanSummary) s = NULL;
  const struct
  {
    const char *folder;
    const char *photo;
    const char *event;
  } cases[] = {
    { "2026_vacances_Italie", "camera/jhead-S40.jpg", "Vacances Italie" },
    { "2026-07 Italie", "camera/jhead-canon-300d.jpg", "Italie" },
    { "Anniversaire 2024", "camera/jhead-fuji-dx10.jpg", "Anniversaire" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dest = g_build_filename (root, cases[i].folder, "photo.jpg", NULL);

      put_photo (cases[i].photo, dest);
    }
  add_folder (cat, root);
  s = rescan (watcher);
  g_assert_cmpuint (s->new_files, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dest = g_build_filename (root, cases[i].folder, "photo.jpg", NULL);
      g_autoptr (GError) error = NULL;
      gint64 id = item_at (cat, dest);
      SvEventInfo *info;
      gint64 event_id;

      g_assert_cmpint (id, >, 0);
      event_id = sv_catalogue_events_get_item_event (cat, id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (event_id, >, 0);
      info = sv_catalogue_events_get (cat, event_id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->name, ==, cases[i].event);
      g_assert_cmpstr (info->name_source, ==, "folder");
      sv_event_info_free (info);
    }
}

int
main (int argc, char **argv)
{
  char **mime_dirs;

  setlocale (LC_ALL, "C.UTF-8");
  mime_dirs = sv_test_mime_dirs_save ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  sv_test_mime_dirs_restore (mime_dirs);

  g_test_add_func ("/lifecycle/watch/folders", test_folders);
  g_test_add_func ("/lifecycle/watch/rescan", test_rescan);
  g_test_add_func ("/lifecycle/watch/moves", test_moves);
  g_test_add_func ("/lifecycle/watch/tombstone", test_tombstone);
  g_test_add_func ("/lifecycle/watch/monitor", test_monitor);
  g_test_add_func ("/lifecycle/watch/volumes", test_volumes);
  g_test_add_func ("/lifecycle/watch/folder-events", test_folder_events);
  return g_test_run ();
}
