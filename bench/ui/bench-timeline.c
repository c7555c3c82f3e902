/* bench-timeline.c: the timeline on a large library, under a display
 *
 * Usage: bench-timeline LIBRARY_DIR [N_ITEMS]
 *
 * Makes LIBRARY_DIR once: N_ITEMS synthetic catalogue rows (dates over ten
 * years, landscape and portrait sizes) and a warm thumbnail cache: real
 * grid thumbnails made from the test photos ($SV_PHOTOS_DIR/camera), hard
 * linked under every item's hash. Then opens a 1400×900 window with the
 * timeline and prints (as "name value" lines):
 *   first-screen-ms  from creating the window to every cell on screen
 *                    painted with its thumbnail
 *   frame-median-ms, frame-p95-ms, frames  GdkFrameClock frame intervals
 *                    while the timeline scrolls top to bottom in about
 *                    600 frames (at least a page a frame)
 *   frames-late      frames that took more than 1.5 times the median (a
 *                    refresh missed); SV_BENCH_FRAMES=1 prints every frame
 *                    with the time its phases took (update: tick callbacks
 *                    and binding rows; layout; paint)
 *   rss-mb, peak-rss-mb  at the end
 *   scroll-decoded   thumbnails decoded while scrolling
 *   first-screen-cpu-ms, scroll-cpu-ms  CPU time (user + system, every
 *                    thread) spent on the first screen and on the scroll:
 *                    comparable when the machine is loaded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-bench-timeline"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sv-catalogue.h"
#include "sv-hash.h"
#include "sv-thumbnailer.h"
#include "sv-timeline-view.h"

#define BATCH 1000
/* Top to bottom in about this many frames (several pages a frame at
 * 100,000 items). */
#define STEPS 600
#define MAX_FRAMES 2000

static void
make_file (GRand *rand, guint i, guint n, SvNewFile *f)
{
  g_autofree char *seed = g_strdup_printf ("bench-timeline-%u", i);
  /* About 30 photos a day, newest now. */
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 11, 26, 20, 0, 0);
  g_autoptr (GDateTime) when = g_date_time_add_seconds (now, -(double) i * 2880.0);
  gboolean portrait = g_rand_int_range (rand, 0, 4) == 0;

  sv_new_file_init (f);
  f->path = g_strdup_printf ("/bench/photos/IMG_%06u.jpg", i);
  f->sha256 = sv_sha256_bytes_hex (seed, strlen (seed));
  f->size = 3000000;
  f->mtime_usec = G_GINT64_CONSTANT (1600000000000000) + i;
  f->info.kind = SV_MEDIA_KIND_PHOTO;
  f->info.format = g_strdup ("jpeg");
  f->info.mime_type = g_strdup ("image/jpeg");
  f->info.stored_width = 4000;
  f->info.stored_height = g_rand_int_range (rand, 0, 3) == 0 ? 2250 : 3000;
  f->info.orientation = portrait ? 6 : 1;
  f->info.taken_local = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
  f->info.date_source = SV_DATE_SOURCE_EXIF;
}

static GPtrArray *
make_samples (SvThumbnailer *thumbnailer)
{
  const char *photos = g_getenv ("SV_PHOTOS_DIR");
  g_autofree char *camera = g_build_filename (photos != NULL ? photos : ".", "camera", NULL);
  g_autoptr (GDir) dir = g_dir_open (camera, 0, NULL);
  GPtrArray *samples = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    g_error ("Set SV_PHOTOS_DIR to the test photos folder");
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (camera, name, NULL);
      g_autofree char *seed = g_strdup_printf ("bench-sample-%s", name);
      g_autofree char *hash = sv_sha256_bytes_hex (seed, strlen (seed));
      g_autoptr (GError) error = NULL;

      if (!sv_thumbnailer_generate (thumbnailer, path, hash, 1, FALSE, 0, NULL, &error))
        continue;
      g_ptr_array_add (samples, sv_thumbnailer_get_path (thumbnailer, hash, SV_THUMB_SIZE_GRID));
    }
  if (samples->len == 0)
    g_error ("No sample thumbnail could be made from %s", camera);
  return samples;
}

static void
create_library (SvCatalogue *cat, guint n)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261126);
  g_autoptr (GError) error = NULL;
  g_autofree char *cache_dir = sv_catalogue_get_cache_dir (cat);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (cache_dir);
  g_autoptr (GPtrArray) samples = make_samples (thumbnailer);
  SvNewFile storage[BATCH];
  SvNewFile *files[BATCH];
  gint64 import_id = sv_catalogue_begin_import (cat, "reference", &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint i = 0; i < n; i += BATCH)
    {
      guint batch = MIN (BATCH, n - i);

      for (guint k = 0; k < batch; k++)
        {
          g_autofree char *thumb = NULL;
          g_autofree char *parent = NULL;

          make_file (rand, i + k, n, &storage[k]);
          files[k] = &storage[k];
          thumb = sv_thumbnailer_get_path (thumbnailer, storage[k].sha256, SV_THUMB_SIZE_GRID);
          parent = g_path_get_dirname (thumb);
          g_mkdir_with_parents (parent, 0755);
          if (link (g_ptr_array_index (samples, (i + k) % samples->len), thumb) != 0 &&
              errno != EEXIST)
            g_error ("Cannot link %s: %s", thumb, g_strerror (errno));
        }
      if (!sv_catalogue_add_files (cat, import_id, files, batch, NULL, NULL, &error))
        g_error ("%s", error->message);
      for (guint k = 0; k < batch; k++)
        sv_new_file_clear (&storage[k]);
    }
  g_printerr ("Created %u items and their thumbnails in %.1f s\n", n,
              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

typedef struct
{
  SvTimelineView *view;
  GtkAdjustment *adj;
  GArray *frames; /* double ms */
  gint64 last;
  gboolean done;
} Scroll;

/* SV_BENCH_FRAMES: where each frame's time goes: the frame clock's phases
 * ("before-paint", "update", "layout", "paint"), timed from the end of one
 * to the end of the next. */
static gint64 phase_end[4];
static double phase_ms[3];

static void
on_phase_cb (GdkFrameClock *clock, gpointer data)
{
  int k = GPOINTER_TO_INT (data);

  phase_end[k] = g_get_monotonic_time ();
  if (k > 0)
    phase_ms[k - 1] = (phase_end[k] - phase_end[k - 1]) / 1000.0;
}

static void
watch_phases (GdkFrameClock *clock)
{
  const char *phases[] = { "before-paint", "update", "layout", "paint" };

  for (int k = 0; k < 4; k++)
    g_signal_connect_after (clock, phases[k], G_CALLBACK (on_phase_cb), GINT_TO_POINTER (k));
}

static gboolean
scroll_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Scroll *s = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (s->adj);
  double max = gtk_adjustment_get_upper (s->adj) - gtk_adjustment_get_page_size (s->adj);

  if (s->last != 0)
    {
      double ms = (now - s->last) / 1000.0;

      g_array_append_val (s->frames, ms);
      if (g_getenv ("SV_BENCH_FRAMES") != NULL)
        g_printerr ("frame %u %.1f ms at %.0f  update %.1f layout %.1f paint %.1f\n",
                    s->frames->len, ms, value, phase_ms[0], phase_ms[1], phase_ms[2]);
    }
  s->last = now;
  if (value >= max - 1 || s->frames->len >= MAX_FRAMES)
    {
      s->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (
      s->adj, MIN (max, value + MAX (gtk_adjustment_get_page_size (s->adj), max / STEPS)));
  return G_SOURCE_CONTINUE;
}

static double
cpu_ms (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return -1;
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static GtkAdjustment *
find_vadjustment (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root))
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adj = find_vadjustment (child);

      if (adj != NULL)
        return adj;
    }
  return NULL;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCatalogue) cat = NULL;
  g_auto (SvQuery) q = { 0 };
  GtkWidget *window, *view;
  gint64 start, first_screen = -1;
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  Scroll scroll = { 0 };
  gint64 count;
  double cpu_start, cpu_first = 0, cpu_scroll;
  guint decoded;
  guint wake_id;

  if (argc < 2)
    {
      g_printerr ("Usage: %s LIBRARY_DIR [N_ITEMS]\n", argv[0]);
      return 2;
    }
  cat = sv_catalogue_open (argv[1], &error);
  if (cat == NULL)
    g_error ("%s", error->message);
  sv_query_init (&q);
  count = sv_catalogue_count (cat, &q, NULL);
  if (count == 0)
    create_library (cat, n);
  count = sv_catalogue_count (cat, &q, NULL);

  gtk_init ();
  adw_init ();

  start = g_get_monotonic_time ();
  cpu_start = cpu_ms ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  view = sv_timeline_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  sv_timeline_view_set_query (SV_TIMELINE_VIEW (view), cat, &q);
  gtk_window_present (GTK_WINDOW (window));

  /* Wakes the loop below, so that it gives up after 30 s (thumbnails that
   * cannot be found, say) rather than waiting for an event for ever. */
  wake_id = g_timeout_add (100, wake_cb, NULL);
  while (first_screen < 0 && g_get_monotonic_time () - start < 30 * G_USEC_PER_SEC)
    {
      guint cells = 0;
      guint painted;

      g_main_context_iteration (NULL, TRUE);
      painted = sv_timeline_view_count_painted (SV_TIMELINE_VIEW (view), &cells);
      if (g_getenv ("SV_BENCH_VERBOSE") != NULL)
        g_printerr ("%.1f ms: loading %d, %u/%u painted, %u decoded\n",
                    (g_get_monotonic_time () - start) / 1000.0,
                    sv_timeline_view_get_loading (SV_TIMELINE_VIEW (view)), painted, cells,
                    sv_timeline_view_get_n_decoded (SV_TIMELINE_VIEW (view)));
      if (!sv_timeline_view_get_loading (SV_TIMELINE_VIEW (view)) && painted == cells && cells > 0)
        {
          first_screen = g_get_monotonic_time () - start;
          cpu_first = cpu_ms () - cpu_start;
        }
    }

  g_source_remove (wake_id);
  if (first_screen < 0)
    g_error ("The first screen was not painted within 30 s (is XDG_CACHE_HOME the library's?)");
  g_print ("first-screen-rss-mb %.1f\n", rss_mb ("VmRSS:"));
  scroll.view = SV_TIMELINE_VIEW (view);
  scroll.adj = find_vadjustment (view);
  scroll.frames = g_array_new (FALSE, FALSE, sizeof (double));
  if (g_getenv ("SV_BENCH_FRAMES") != NULL)
    watch_phases (gtk_widget_get_frame_clock (view));
  gtk_widget_add_tick_callback (view, scroll_tick_cb, &scroll, NULL);
  cpu_scroll = cpu_ms ();
  decoded = sv_timeline_view_get_n_decoded (SV_TIMELINE_VIEW (view));
  while (!scroll.done)
    g_main_context_iteration (NULL, TRUE);
  cpu_scroll = cpu_ms () - cpu_scroll;
  decoded = sv_timeline_view_get_n_decoded (SV_TIMELINE_VIEW (view)) - decoded;

  g_array_sort (scroll.frames, cmp_double);
  g_print ("items %" G_GINT64_FORMAT "\n", count);
  g_print ("first-screen-ms %.1f\n", first_screen / 1000.0);
  g_print ("first-screen-cpu-ms %.1f\n", cpu_first);
  g_print ("scroll-cpu-ms %.1f\n", cpu_scroll);
  g_print ("scroll-decoded %u\n", decoded);
  g_print ("frames %u\n", scroll.frames->len);
  g_print ("frame-median-ms %.2f\n",
           scroll.frames->len ? g_array_index (scroll.frames, double, scroll.frames->len / 2) : -1);
  {
    guint late = 0;
    double median =
        scroll.frames->len ? g_array_index (scroll.frames, double, scroll.frames->len / 2) : 0;

    for (guint i = 0; i < scroll.frames->len; i++)
      late += g_array_index (scroll.frames, double, i) > 1.5 * median;
    g_print ("frames-late %u\n", late);
  }
  g_print ("frame-p95-ms %.2f\n",
           scroll.frames->len
               ? g_array_index (scroll.frames, double, (guint) (scroll.frames->len * 0.95))
               : -1);
  g_print ("rss-mb %.1f\n", rss_mb ("VmRSS:"));
  g_print ("peak-rss-mb %.1f\n", rss_mb ("VmHWM:"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (scroll.frames);
  return 0;
}
