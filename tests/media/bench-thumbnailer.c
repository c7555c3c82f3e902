/* bench-thumbnailer.c: times thumbnail generation (not a test).
 *
 * Usage: bench-thumbnailer [-n ROUNDS] [-o ORIENTATION] [--phases] FILE...
 * Prints the median milliseconds per photo of the whole
 * sv_thumbnailer_generate () (decode, both sizes, written to a temporary
 * cache), and with --phases its steps reproduced one by one with
 * gdk-pixbuf for comparison (scaled decode, full decode, gdk-pixbuf scaling
 * to the preview and the grid, JPEG encoding of both).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-thumbnailer"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sv-hash.h"
#include "sv-thumbnailer.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0.0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this thread: less disturbed by other processes than the
 * wall clock on a shared machine. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
push (GArray *values, double t0)
{
  double elapsed = now_ms () - t0;

  g_array_append_val (values, elapsed);
}

static void
on_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  int long_edge = MAX (width, height);
  int denom = 1;

  while (denom < 8 && (long_edge + denom * 2 - 1) / (denom * 2) >= 1600)
    denom *= 2;
  if (denom > 1)
    gdk_pixbuf_loader_set_size (loader, (width + denom - 1) / denom, (height + denom - 1) / denom);
}

static GdkPixbuf *
scale_long (GdkPixbuf *src, int target, GdkInterpType interp)
{
  int w = gdk_pixbuf_get_width (src);
  int h = gdk_pixbuf_get_height (src);
  double f = (double) target / MAX (w, h);

  if (f >= 1.0)
    return g_object_ref (src);
  return gdk_pixbuf_scale_simple (src, MAX (1, (int) (w * f + 0.5)), MAX (1, (int) (h * f + 0.5)),
                                  interp);
}

int
main (int argc, char **argv)
{
  g_autoptr (GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) total_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) decode = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) full_decode = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) scale_bl = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) scale_tiles = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) scale_grid = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) encode = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmp = g_dir_make_tmp ("bench-thumbs-XXXXXX", NULL);
  g_autoptr (SvThumbnailer) thumbnailer = sv_thumbnailer_new (tmp);
  gboolean phases = FALSE;
  int orientation = 1;
  int rounds = 1;
  int first = 1;

  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "-n") && first + 1 < argc)
        {
          rounds = MAX (1, atoi (argv[first + 1]));
          first += 2;
        }
      else if (g_str_equal (argv[first], "-o") && first + 1 < argc)
        {
          orientation = atoi (argv[first + 1]);
          first += 2;
        }
      else if (g_str_equal (argv[first], "--phases"))
        {
          phases = TRUE;
          first++;
        }
      else
        {
          g_printerr ("usage: %s [-n ROUNDS] [-o ORIENTATION] [--phases] FILE...\n", argv[0]);
          return 2;
        }
    }

  for (int r = 0; r < rounds; r++)
    for (int i = first; i < argc; i++)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (GdkPixbufLoader) loader = NULL;
        g_autoptr (GdkPixbuf) preview = NULL;
        g_autoptr (GdkPixbuf) preview2 = NULL;
        g_autoptr (GdkPixbuf) grid = NULL;
        g_autoptr (GdkPixbuf) full = NULL;
        g_autofree char *sha = sv_sha256_bytes_hex (argv[i], strlen (argv[i]));
        g_autofree gchar *contents = NULL;
        g_autofree gchar *buf1 = NULL;
        g_autofree gchar *buf2 = NULL;
        gsize len = 0;
        gsize len1 = 0;
        gsize len2 = 0;
        GdkPixbuf *decoded;
        double t0;
        double c0;

        if (!g_file_get_contents (argv[i], &contents, &len, &error))
          g_error ("%s", error->message);

        t0 = now_ms ();
        c0 = cpu_ms ();
        if (!sv_thumbnailer_generate (thumbnailer, argv[i], sha, orientation, FALSE, 0, NULL,
                                      &error))
          {
            g_printerr ("%s: %s\n", argv[i], error->message);
            continue;
          }
        push (total, t0);
        {
          double cpu = cpu_ms () - c0;

          g_array_append_val (total_cpu, cpu);
        }

        if (!phases)
          continue;

        /* Phases, from memory (the file is in the page cache anyway). */
        loader = gdk_pixbuf_loader_new ();
        g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), NULL);
        t0 = now_ms ();
        gdk_pixbuf_loader_write (loader, (const guchar *) contents, len, NULL);
        gdk_pixbuf_loader_close (loader, NULL);
        decoded = gdk_pixbuf_loader_get_pixbuf (loader);
        push (decode, t0);

        t0 = now_ms ();
        full = gdk_pixbuf_new_from_file (argv[i], NULL);
        push (full_decode, t0);

        t0 = now_ms ();
        preview = scale_long (decoded, 1600, GDK_INTERP_BILINEAR);
        push (scale_bl, t0);

        t0 = now_ms ();
        preview2 = scale_long (decoded, 1600, GDK_INTERP_TILES);
        push (scale_tiles, t0);

        t0 = now_ms ();
        grid = scale_long (preview, 480, GDK_INTERP_BILINEAR);
        push (scale_grid, t0);

        t0 = now_ms ();
        gdk_pixbuf_save_to_buffer (preview, &buf1, &len1, "jpeg", NULL, "quality", "85", NULL);
        gdk_pixbuf_save_to_buffer (grid, &buf2, &len2, "jpeg", NULL, "quality", "85", NULL);
        push (encode, t0);
      }

  g_print ("photos: %u\n", total->len);
  g_print ("median ms per photo:\n");
  g_print ("  sv_thumbnailer_generate (both sizes, written): %.1f wall, "
           "%.1f CPU\n",
           median (total), median (total_cpu));
  if (phases)
    {
      g_print ("  decode at DCT scale:                           %.1f\n", median (decode));
      g_print ("  full decode (for comparison):                  %.1f\n", median (full_decode));
      g_print ("  scale to preview, BILINEAR:                    %.1f\n", median (scale_bl));
      g_print ("  scale to preview, TILES:                       %.1f\n", median (scale_tiles));
      g_print ("  scale preview to grid, BILINEAR:               %.1f\n", median (scale_grid));
      g_print ("  encode preview + grid, q85:                    %.1f\n", median (encode));
    }

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp);
  }
  return 0;
}
