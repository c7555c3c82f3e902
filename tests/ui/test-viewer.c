/* test-viewer.c: the viewer and its info pane under Xvfb, on a library
 * imported with the core importer from copies of testdata/photos/camera
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With SV_VIEWER_SCREENSHOTS=DIR set, /ui/viewer/screenshots also writes
 * PNGs of the viewer (1400×900 and 360×720, light and dark, info pane
 * shown) into DIR, named after LANGUAGE.
 */
#define G_LOG_DOMAIN "test-viewer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "sv-catalogue-edits.h"
#include "sv-catalogue-orientation.h"
#include "sv-catalogue-trash.h"
#include "sv-error.h"
#include "sv-image-loader.h"
#include "sv-importer.h"
#include "sv-item-list.h"
#include "sv-picture-view.h"
#include "sv-ui-test-util.h"
#include "sv-viewer-info.h"
#include "sv-viewer.h"

static char *base_dir; /* every file the test makes, removed at the end */
static SvCatalogue *catalogue;
static char *photos_dir;     /* the copies */
static GHashTable *manifest; /* basename → GStrv of the manifest's columns */

enum
{
  COL_FILE,
  COL_SOURCE,
  COL_LICENCE,
  COL_CAMERA,
  COL_DATE,
  COL_HAS_GPS,
  COL_ORIENTATION,
  COL_NOTES,
  COL_CATEGORY,
  COL_LABELS,
  COL_FORMAT,
  COL_WIDTH,
  COL_HEIGHT,
  COL_BYTES,
  COL_SHA256,
};

/* ---- fixture: a window with a toast overlay and the viewer ---- */

typedef struct
{
  GtkWindow *window;
  SvViewer *viewer;
  SvItemList *list;
  GPtrArray *toasts;
  guint closed;
} Fixture;

static void
on_toast_cb (SvViewer *viewer, AdwToast *toast, Fixture *f)
{
  g_ptr_array_add (f->toasts, g_object_ref (toast));
}

static void
on_close_cb (SvViewer *viewer, Fixture *f)
{
  f->closed++;
}

static gboolean
list_loaded (gpointer data)
{
  return !sv_item_list_get_loading (data) && !sv_item_list_get_updating (data);
}

static void
fixture_init (Fixture *f, int width, int height)
{
  g_auto (SvQuery) q = { 0 };
  GtkWidget *overlay = adw_toast_overlay_new ();

  sv_query_init (&q);
  f->list = sv_item_list_new (catalogue, &q);
  g_assert_true (wait_for (list_loaded, f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), >, 3);

  f->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, height);
  f->viewer = SV_VIEWER (sv_viewer_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->viewer));
  gtk_window_set_child (f->window, overlay);
  g_signal_connect (f->viewer, "toast", G_CALLBACK (on_toast_cb), f);
  g_signal_connect (f->viewer, "close", G_CALLBACK (on_close_cb), f);
  gtk_window_present (f->window);
  flush ();
}

static void
fixture_clear (Fixture *f)
{
  gtk_window_destroy (f->window);
  flush ();
  g_clear_object (&f->list);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
}

static gboolean
viewer_idle (gpointer data)
{
  return !sv_viewer_get_loading (data) && sv_viewer_get_texture (data) != NULL;
}

static const char *
basename_of (SvMediaItem *item)
{
  const char *path = sv_media_item_get_path (item);

  return strrchr (path, '/') + 1;
}

static GStrv
manifest_row (SvMediaItem *item)
{
  g_autofree char *key = g_strconcat ("camera/", basename_of (item), NULL);
  GStrv row = g_hash_table_lookup (manifest, key);

  g_assert_nonnull (row);
  return row;
}

static int
find_position (SvItemList *list, const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_str_equal (basename_of (item), name))
        return (int) i;
    }
  g_error ("%s is not in the library", name);
  return -1;
}

/* The size the original shows at, from the manifest (stored size, the file's
 * orientation applied). */
static void
manifest_displayed_size (GStrv row, int *w, int *h)
{
  int o = atoi (row[COL_ORIENTATION]);

  *w = atoi (row[COL_WIDTH]);
  *h = atoi (row[COL_HEIGHT]);
  if (sv_orientation_is_transposed (o))
    {
      int t = *w;
      *w = *h;
      *h = t;
    }
}

/* ---- tests ---- */

static void
test_step (void)
{
  Fixture f = { 0 };
  guint n;

  fixture_init (&f, 1400, 900);
  n = g_list_model_get_n_items (G_LIST_MODEL (f.list));

  /* Open at a position, then every item forward and back. */
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), 2);
  g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, 2);
  g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (f.viewer)), ==,
                   sv_item_list_get_id (f.list, 2));
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), 0);
  for (guint i = 0; i < n; i++)
    {
      SvMediaItem *item;
      GdkTexture *texture;
      int w, h;

      g_assert_true (wait_for (viewer_idle, f.viewer));
      item = sv_viewer_get_item (f.viewer);
      g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, i);
      g_assert_cmpint (sv_media_item_get_id (item), ==, sv_item_list_get_id (f.list, i));
      g_assert_null (sv_viewer_get_error (f.viewer));
      /* The original, upright, at its full size. */
      texture = sv_viewer_get_texture (f.viewer);
      manifest_displayed_size (manifest_row (item), &w, &h);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, w);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, h);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.next", NULL));
    }
  /* At the end, "next" stays and is disabled. */
  g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, n - 1);
  for (guint i = n - 1; i > 0; i--)
    {
      g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, i);
      sv_viewer_previous (f.viewer);
    }
  g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, 0);
  sv_viewer_previous (f.viewer);
  g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, 0);
  g_assert_true (wait_for (viewer_idle, f.viewer));

  /* Escape (the close action) asks the window to leave. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.close", NULL));
  g_assert_cmpuint (f.closed, ==, 1);
  fixture_clear (&f);
}

typedef struct
{
  SvViewer *viewer;
  GPtrArray *sizes; /* "WxH" of each texture seen, in order */
} Watch;

static gboolean
watch_textures (gpointer data)
{
  Watch *w = data;
  GdkTexture *texture = sv_viewer_get_texture (w->viewer);

  if (texture != NULL)
    {
      g_autofree char *size = g_strdup_printf ("%dx%d", gdk_texture_get_width (texture),
                                               gdk_texture_get_height (texture));

      if (w->sizes->len == 0 || !g_str_equal (w->sizes->pdata[w->sizes->len - 1], size))
        g_ptr_array_add (w->sizes, g_steal_pointer (&size));
    }
  return !sv_viewer_get_loading (w->viewer) && texture != NULL;
}

static void
test_preview_then_original (void)
{
  Fixture f = { 0 };
  Watch w = { 0 };
  int pos;

  fixture_init (&f, 1400, 900);
  /* The Xiaomi photo: 4000×3000, stored upside down (Orientation 3). */
  pos = find_position (f.list, "fsf-IMG_20200124_231153.jpg");
  w.viewer = f.viewer;
  w.sizes = g_ptr_array_new_with_free_func (g_free);
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), (guint) pos);
  g_assert_true (sv_viewer_get_loading (f.viewer));
  g_assert_true (wait_for (watch_textures, &w));
  /* First the 1600 px preview from the cache, then the original. */
  g_assert_cmpuint (w.sizes->len, ==, 2);
  g_assert_cmpstr (w.sizes->pdata[0], ==, "1600x1200");
  g_assert_cmpstr (w.sizes->pdata[1], ==, "4000x3000");
  g_ptr_array_unref (w.sizes);
  fixture_clear (&f);
}

static void
test_zoom (void)
{
  Fixture f = { 0 };
  SvPictureView *view;
  double x, y, fit;
  int pos;

  fixture_init (&f, 1400, 900);
  pos = find_position (f.list, "fsf-IMG_20200827_231612.jpg");
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), (guint) pos);
  g_assert_true (wait_for (viewer_idle, f.viewer));
  view = SV_PICTURE_VIEW (sv_viewer_get_picture_view (f.viewer));

  /* Fit: 4000×3000 in the canvas, the whole picture. */
  g_assert_cmpfloat (sv_viewer_get_zoom (f.viewer), ==, 0);
  fit = sv_picture_view_get_scale (view);
  g_assert_cmpfloat (fit, <, 1.0);
  g_assert_cmpfloat (4000 * fit, <=, gtk_widget_get_width (GTK_WIDGET (view)) + 0.5);
  g_assert_cmpfloat (3000 * fit, <=, gtk_widget_get_height (GTK_WIDGET (view)) + 0.5);

  /* 1:1, and panning is clamped to the picture's edges. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.zoom-original", NULL));
  g_assert_cmpfloat (sv_viewer_get_zoom (f.viewer), ==, 1.0);
  sv_picture_view_pan (view, 100000, 100000);
  sv_picture_view_get_offset (view, &x, &y);
  g_assert_cmpfloat (x, ==, (4000 - gtk_widget_get_width (GTK_WIDGET (view))) / 2.0);
  g_assert_cmpfloat (y, ==, (3000 - gtk_widget_get_height (GTK_WIDGET (view))) / 2.0);

  /* Zooming around a point keeps that point of the picture under it. */
  sv_picture_view_set_zoom (view, 0.5);
  sv_picture_view_pan (view, -100000, -100000);
  sv_picture_view_pan (view, 50, 20);
  {
    double w = gtk_widget_get_width (GTK_WIDGET (view));
    double h = gtk_widget_get_height (GTK_WIDGET (view));
    double px = 300, py = 200, ox, oy, cx, cy;

    sv_picture_view_get_offset (view, &ox, &oy);
    cx = (px - (w / 2 + ox)) / 0.5;
    cy = (py - (h / 2 + oy)) / 0.5;
    sv_picture_view_zoom_at (view, 2.0, px, py);
    g_assert_cmpfloat_with_epsilon (sv_viewer_get_zoom (f.viewer), 1.0, 1e-9);
    sv_picture_view_get_offset (view, &ox, &oy);
    g_assert_cmpfloat_with_epsilon ((px - (w / 2 + ox)) / 1.0, cx, 1e-6);
    g_assert_cmpfloat_with_epsilon ((py - (h / 2 + oy)) / 1.0, cy, 1e-6);
  }

  /* Zoom in/out steps and the toggle back to fit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (sv_viewer_get_zoom (f.viewer), 1.25, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (sv_viewer_get_zoom (f.viewer), 1.0, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.zoom-toggle", NULL));
  g_assert_cmpfloat (sv_viewer_get_zoom (f.viewer), ==, 0);
  sv_picture_view_get_offset (view, &x, &y);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 0);

  /* A new item starts at fit. */
  g_object_set (f.viewer, "zoom", 2.0, NULL);
  sv_viewer_next (f.viewer);
  g_assert_true (wait_for (viewer_idle, f.viewer));
  g_assert_cmpfloat (sv_viewer_get_zoom (f.viewer), ==, 0);
  fixture_clear (&f);
}

static char *
info_field (Fixture *f, const char *name)
{
  return sv_viewer_info_dup_field (SV_VIEWER_INFO (sv_viewer_get_info (f->viewer)), name);
}

typedef struct
{
  Fixture *f;
  const char *field;
  const char *expected;
} FieldWait;

static gboolean
field_is (gpointer data)
{
  FieldWait *w = data;
  g_autofree char *value = info_field (w->f, w->field);

  return g_strcmp0 (value, w->expected) == 0;
}

static void
test_info (void)
{
  Fixture f = { 0 };
  guint n;

  fixture_init (&f, 1400, 900);
  n = g_list_model_get_n_items (G_LIST_MODEL (f.list));
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), 0);
  g_assert_false (sv_viewer_get_info_visible (f.viewer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.info", NULL));
  g_assert_true (sv_viewer_get_info_visible (f.viewer));

  /* Every item against the manifest. */
  for (guint i = 0; i < n; i++)
    {
      SvMediaItem *item;
      GStrv row;
      g_autofree char *date = NULL;
      g_autofree char *name = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *camera = NULL;
      g_autofree char *expected_size = NULL;
      FieldWait size_wait = { &f, "size", NULL };
      int y, mo, d, h, mi, s, w, ht;

      sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), i);
      item = sv_viewer_get_item (f.viewer);
      row = manifest_row (item);

      /* Date and time as the camera wrote them, in words. */
      date = info_field (&f, "date");
      g_assert_cmpint (sscanf (row[COL_DATE], "%d:%d:%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s), ==,
                       6);
      {
        g_autoptr (GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, s);
        g_autofree char *expected = g_date_time_format (dt, "%A %-d %B %Y at %H:%M:%S");

        g_assert_cmpstr (date, ==, expected);
      }
      /* With its time zone when the file has one, else said unknown. */
      {
        g_autofree char *line = info_field (&f, "date-line");
        g_autofree char *tz = info_field (&f, "time-zone");

        g_assert_true (g_str_has_prefix (line, date));
        if (sv_media_item_get_has_utc_offset (item))
          {
            g_assert_nonnull (tz);
            g_assert_true (g_str_has_prefix (tz, "UTC"));
            g_assert_nonnull (strstr (line, tz));
          }
        else
          g_assert_true (g_str_has_suffix (line, "(time zone unknown)"));
      }

      /* Camera: the model's words are there (makers are shortened). */
      camera = info_field (&f, "camera");
      g_assert_nonnull (camera);
      {
        g_auto (GStrv) words = g_strsplit (row[COL_CAMERA], " ", -1);
        const char *last = words[g_strv_length (words) - 1];
        g_autofree char *lower_camera = g_ascii_strdown (camera, -1);
        g_autofree char *lower_last = g_ascii_strdown (last, -1);

        g_assert_nonnull (strstr (lower_camera, lower_last));
      }

      /* Pixel size and file size, once the worker has read the files. */
      manifest_displayed_size (row, &w, &ht);
      {
        g_autofree char *bytes = g_format_size (g_ascii_strtoull (row[COL_BYTES], NULL, 10));
        expected_size = g_strdup_printf ("%d × %d · %s", w, ht, bytes);
      }
      size_wait.expected = expected_size;
      g_assert_true (wait_for (field_is, &size_wait));

      name = info_field (&f, "file-name");
      g_assert_cmpstr (name, ==, strrchr (row[COL_FILE], '/') + 1);
      folder = info_field (&f, "folder");
      g_assert_cmpstr (folder, ==, photos_dir);
    }

  /* Exposure of a known photo (Pentax K-3 II), as the design has it. */
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list),
                  (guint) find_position (f.list, "gowebp-source.jpg"));
  {
    g_autofree char *exposure = info_field (&f, "exposure");
    g_autofree char *camera = info_field (&f, "camera");

    g_assert_cmpstr (exposure, ==, "f/5.6 · 1/200 s · ISO 100 · 21 mm");
    g_assert_cmpstr (camera, ==, "Pentax K-3 II");
  }
  /* A place and a map link for a photo with GPS, none without. */
  {
    g_autofree char *place = info_field (&f, "place");
    g_autofree char *map = info_field (&f, "map");

    g_assert_cmpstr (place, ==, "Málaga, Spain");
    g_assert_nonnull (map);
    g_assert_true (g_str_has_prefix (map, "geo:36.59"));
  }
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list),
                  (guint) find_position (f.list, "exiv2-FurnaceCreekInn2.jpg"));
  {
    g_autofree char *place = info_field (&f, "place");
    g_autofree char *map = info_field (&f, "map");

    g_assert_null (place);
    g_assert_null (map);
  }
  fixture_clear (&f);
}

static gboolean
item_caption_is (gpointer data)
{
  const char **args = data; /* id text, caption */
  g_autoptr (SvMediaItem) item =
      sv_catalogue_get_item (catalogue, g_ascii_strtoll (args[0], NULL, 10), NULL);

  return g_strcmp0 (sv_media_item_get_caption (item), args[1]) == 0;
}

typedef struct
{
  gint64 id;
  const char *keyword;
  gboolean present;
} KeywordWait;

static gboolean
item_has_keyword (gpointer data)
{
  KeywordWait *w = data;
  g_autoptr (SvMediaItem) item = sv_catalogue_get_item (catalogue, w->id, NULL);

  return g_strv_contains (sv_media_item_get_keywords (item), w->keyword) == w->present;
}

typedef struct
{
  gint64 id;
  int favourite; /* -1: don't check */
  int rating;    /* -2: don't check */
} StateWait;

static gboolean
item_state_is (gpointer data)
{
  StateWait *w = data;
  g_autoptr (SvMediaItem) item = sv_catalogue_get_item (catalogue, w->id, NULL);

  return (w->favourite < 0 || sv_media_item_get_favourite (item) == w->favourite) &&
         (w->rating < -1 || sv_media_item_get_rating (item) == w->rating);
}

static gboolean
viewer_item_favourite (gpointer data)
{
  SvMediaItem *item = sv_viewer_get_item (data);

  return item != NULL && sv_media_item_get_favourite (item);
}

static gboolean
has_first_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (data), 0) != NULL;
}

static void
test_edits (void)
{
  Fixture f = { 0 };
  GtkWidget *info;
  GtkWidget *caption_row, *keyword_row, *keywords_box, *rating_box;
  g_autofree char *id_text = NULL;
  const char *caption_args[2];
  KeywordWait kw = { 0 };
  StateWait st = { 0 };
  gint64 id;

  fixture_init (&f, 1400, 900);
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), 1);
  sv_viewer_set_info_visible (f.viewer, TRUE);
  g_assert_true (wait_for (viewer_idle, f.viewer));
  info = sv_viewer_get_info (f.viewer);
  id = sv_media_item_get_id (sv_viewer_get_item (f.viewer));
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* Caption: typed and applied, stored in the catalogue. */
  caption_row = must_find (info, "caption-row");
  gtk_editable_set_text (GTK_EDITABLE (caption_row), "Le phare au coucher du soleil");
  g_signal_emit_by_name (caption_row, "apply");
  caption_args[0] = id_text;
  caption_args[1] = "Le phare au coucher du soleil";
  g_assert_true (wait_for (item_caption_is, caption_args));

  /* Keywords: added from the entry, shown as a chip, removed by its button. */
  keyword_row = must_find (info, "keyword-row");
  keywords_box = must_find (info, "keywords-box");
  gtk_editable_set_text (GTK_EDITABLE (keyword_row), "  vacances  ");
  g_signal_emit_by_name (keyword_row, "apply");
  kw.id = id;
  kw.keyword = "vacances";
  kw.present = TRUE;
  g_assert_true (wait_for (item_has_keyword, &kw));
  {
    FieldWait fw = { &f, "keywords", "vacances" };
    g_assert_true (wait_for (field_is, &fw));
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (keyword_row)), ==, "");
  {
    GtkWidget *chip = gtk_flow_box_child_get_child (
        GTK_FLOW_BOX_CHILD (gtk_widget_get_first_child (keywords_box)));
    GtkWidget *remove = gtk_widget_get_last_child (chip);

    g_assert_true (GTK_IS_BUTTON (remove));
    g_signal_emit_by_name (remove, "clicked");
  }
  kw.present = FALSE;
  g_assert_true (wait_for (item_has_keyword, &kw));
  {
    FieldWait fw = { &f, "keywords", "" };
    g_assert_true (wait_for (field_is, &fw));
  }
  /* Suggestions while typing: keywords of other photos ("Malaga" is in
   * gowebp-source.jpg's XMP), and picking one adds it. */
  gtk_editable_set_text (GTK_EDITABLE (keyword_row), "mal");
  {
    GtkWidget *suggestions = must_find (info, "suggestions-list");
    GtkListBoxRow *row;

    g_assert_true (wait_for (has_first_row, suggestions));
    row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (suggestions), 0);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))), ==,
                     "Malaga");
    g_signal_emit_by_name (suggestions, "row-activated", row);
  }
  kw.keyword = "Malaga";
  kw.present = TRUE;
  g_assert_true (wait_for (item_has_keyword, &kw));
  g_assert_true (sv_catalogue_remove_keyword (catalogue, "Malaga", &id, 1, NULL));

  /* The caption survived the keyword edits' refreshes. */
  {
    g_autofree char *caption = info_field (&f, "caption");
    g_assert_cmpstr (caption, ==, "Le phare au coucher du soleil");
  }

  /* Favourite from the header action, rating from the action and the stars. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.favourite", NULL));
  st.id = id;
  st.favourite = 1;
  st.rating = -2;
  g_assert_true (wait_for (item_state_is, &st));
  g_assert_true (wait_for (viewer_item_favourite, f.viewer));
  {
    GtkSwitch *sw = GTK_SWITCH (must_find (info, "favourite-switch"));

    g_assert_true (gtk_switch_get_active (sw));
    gtk_switch_set_active (sw, FALSE);
  }
  st.favourite = 0;
  g_assert_true (wait_for (item_state_is, &st));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.rate", "i", 4));
  st.favourite = -1;
  st.rating = 4;
  g_assert_true (wait_for (item_state_is, &st));
  rating_box = must_find (info, "rating-box");
  {
    GtkWidget *second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (rating_box));

    g_signal_emit_by_name (second, "clicked");
  }
  st.rating = 2;
  g_assert_true (wait_for (item_state_is, &st));
  fixture_clear (&f);
}

typedef struct
{
  gint64 id;
  int override;
} OrientationWait;

static gboolean
orientation_is (gpointer data)
{
  OrientationWait *w = data;
  int override = -1;

  g_assert_true (sv_catalogue_get_orientation (catalogue, w->id, NULL, &override, NULL));
  return override == w->override;
}

typedef struct
{
  SvViewer *viewer;
  int w, h;
} SizeWait;

static gboolean
texture_size_is (gpointer data)
{
  SizeWait *s = data;
  GdkTexture *t = sv_viewer_get_texture (s->viewer);

  return !sv_viewer_get_loading (s->viewer) && t != NULL && gdk_texture_get_width (t) == s->w &&
         gdk_texture_get_height (t) == s->h;
}

static void
test_rotate (void)
{
  Fixture f = { 0 };
  OrientationWait ow = { 0 };
  SizeWait sw = { 0 };
  int pos;

  fixture_init (&f, 1400, 900);
  /* Canon SX530, 1280×960, Orientation 1. */
  pos = find_position (f.list, "fsf-IMG_1054.JPG");
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), (guint) pos);
  sw.viewer = f.viewer;
  sw.w = 1280;
  sw.h = 960;
  g_assert_true (wait_for (texture_size_is, &sw));
  ow.id = sv_media_item_get_id (sv_viewer_get_item (f.viewer));

  /* Right: stored as an override (6), the file untouched, shown turned. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.rotate", "i", 1));
  ow.override = 6;
  g_assert_true (wait_for (orientation_is, &ow));
  sw.w = 960;
  sw.h = 1280;
  g_assert_true (wait_for (texture_size_is, &sw));
  {
    FieldWait fw = { &f, "size", NULL };
    g_autofree char *bytes = g_format_size (689275);
    g_autofree char *expected = g_strdup_printf ("960 × 1280 · %s", bytes);

    fw.expected = expected;
    g_assert_true (wait_for (field_is, &fw));
  }
  /* Left again: back to the file's own orientation, no override. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.rotate", "i", -1));
  ow.override = 0;
  g_assert_true (wait_for (orientation_is, &ow));
  sw.w = 1280;
  sw.h = 960;
  g_assert_true (wait_for (texture_size_is, &sw));

  /* The Panasonic photo stored sideways (Orientation 6): turned left once
   * it shows as stored. */
  pos = find_position (f.list, "pixbuf-bug725582-testrotate.jpg");
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), (guint) pos);
  sw.w = 428;
  sw.h = 640;
  g_assert_true (wait_for (texture_size_is, &sw));
  ow.id = sv_media_item_get_id (sv_viewer_get_item (f.viewer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.rotate", "i", -1));
  ow.override = 1;
  g_assert_true (wait_for (orientation_is, &ow));
  sw.w = 640;
  sw.h = 428;
  g_assert_true (wait_for (texture_size_is, &sw));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.rotate", "i", 1));
  ow.override = 0;
  g_assert_true (wait_for (orientation_is, &ow));
  fixture_clear (&f);
}

typedef struct
{
  gint64 id;
  gboolean trashed;
} TrashWait;

static gboolean
trashed_is (gpointer data)
{
  TrashWait *w = data;

  return (sv_catalogue_trash_get_trashed_at (catalogue, w->id) > 0) == w->trashed;
}

static gboolean
viewer_moved_off (gpointer data)
{
  Fixture *f = data;
  SvMediaItem *item = sv_viewer_get_item (f->viewer);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (f->viewer), "test-id"));

  return item != NULL && sv_media_item_get_id (item) != id;
}

static gboolean
list_has_id (gpointer data)
{
  Fixture *f = data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (f->viewer), "test-id"));

  return list_loaded (f->list) && sv_item_list_find (f->list, id) >= 0;
}

static gboolean
has_toast (gpointer data)
{
  return ((Fixture *) data)->toasts->len > 0;
}

static void
test_delete_undo (void)
{
  Fixture f = { 0 };
  TrashWait tw = { 0 };
  gint64 next_id;
  guint n;
  AdwToast *toast;

  fixture_init (&f, 1400, 900);
  n = g_list_model_get_n_items (G_LIST_MODEL (f.list));
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), 3);
  tw.id = sv_media_item_get_id (sv_viewer_get_item (f.viewer));
  next_id = sv_item_list_get_id (f.list, 4);
  g_object_set_data (G_OBJECT (f.viewer), "test-id", GSIZE_TO_POINTER (tw.id));

  /* Delete: in the trash, the viewer on the next item at the same place,
   * and a toast that offers to undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.delete", NULL));
  tw.trashed = TRUE;
  g_assert_true (wait_for (trashed_is, &tw));
  g_assert_true (wait_for (viewer_moved_off, &f));
  g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (f.viewer)), ==, next_id);
  g_assert_cmpuint (sv_viewer_get_position (f.viewer), ==, 3);
  g_assert_true (wait_for (list_loaded, f.list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.list)), ==, n - 1);
  g_assert_true (wait_for (has_toast, &f));
  toast = f.toasts->pdata[0];
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Moved to the trash");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");

  /* Undo: back in the list. */
  g_signal_emit_by_name (toast, "button-clicked");
  tw.trashed = FALSE;
  g_assert_true (wait_for (trashed_is, &tw));
  g_assert_true (wait_for (list_has_id, &f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.list)), ==, n);
  fixture_clear (&f);
}

typedef struct
{
  SvViewer *viewer;
  guint position;
} PositionWait;

static gboolean
position_is (gpointer data)
{
  PositionWait *w = data;

  return sv_viewer_get_position (w->viewer) == w->position;
}

static void
test_slideshow (void)
{
  Fixture f = { 0 };
  PositionWait pw = { 0 };
  guint n;

  fixture_init (&f, 1400, 900);
  n = g_list_model_get_n_items (G_LIST_MODEL (f.list));
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), n - 2);
  sv_viewer_set_info_visible (f.viewer, TRUE);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.slideshow-interval", "u", 1));
  g_assert_cmpuint (sv_viewer_get_slideshow_interval (f.viewer), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.slideshow", NULL));
  g_assert_true (sv_viewer_get_slideshow (f.viewer));
  g_assert_false (sv_viewer_get_info_visible (f.viewer));

  /* It advances by itself, and wraps around after the last item. */
  pw.viewer = f.viewer;
  pw.position = n - 1;
  g_assert_true (wait_for (position_is, &pw));
  pw.position = 0;
  g_assert_true (wait_for (position_is, &pw));

  /* Escape stops it first, without leaving the viewer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.close", NULL));
  g_assert_false (sv_viewer_get_slideshow (f.viewer));
  g_assert_cmpuint (f.closed, ==, 0);
  fixture_clear (&f);
}

static void
test_missing_original (void)
{
  Fixture f = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;
  int pos;

  fixture_init (&f, 1400, 900);
  pos = find_position (f.list, "exiv2-exiv2-bug876.jpg");
  {
    g_autoptr (SvMediaItem) item = g_list_model_get_item (G_LIST_MODEL (f.list), (guint) pos);

    path = g_strdup (sv_media_item_get_path (item));
  }
  moved = g_strconcat (path, ".away", NULL);
  g_assert_cmpint (g_rename (path, moved), ==, 0);

  /* The cached preview stays on screen, and the toast says why. */
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list), (guint) pos);
  g_assert_true (wait_for (has_toast, &f));
  g_assert_false (sv_viewer_get_loading (f.viewer));
  g_assert_nonnull (sv_viewer_get_texture (f.viewer));
  g_assert_cmpstr (adw_toast_get_title (f.toasts->pdata[0]), ==,
                   "Showing a preview. The original “exiv2-exiv2-bug876.jpg” is missing: it is "
                   "not in its folder any more");
  g_assert_cmpint (g_rename (moved, path), ==, 0);

  /* Without a preview either, the error page says it. */
  {
    g_autoptr (SvMediaItem) item = g_list_model_get_item (G_LIST_MODEL (f.list), (guint) pos);
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkTexture) texture = NULL;

    g_assert_cmpint (g_rename (path, moved), ==, 0);
    texture = sv_image_loader_load (catalogue, item, SV_IMAGE_STAGE_ORIGINAL, NULL, &error);
    g_assert_null (texture);
    g_assert_error (error, SV_ERROR, SV_ERROR_NOT_FOUND);
    g_assert_cmpint (g_rename (moved, path), ==, 0);
  }
  fixture_clear (&f);
}

static void
test_pixel_limit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SvMediaItem) item = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_auto (SvQuery) q = { 0 };
  g_autoptr (GArray) ids = NULL;

  /* 4 MP limit: the 12 MP originals are refused before decoding. */
  g_assert_true (sv_catalogue_set_setting (catalogue, "pixel-limit", "4000000", &error));
  g_assert_no_error (error);
  sv_query_init (&q);
  ids = sv_catalogue_query_ids (catalogue, &q, &error);
  for (guint i = 0; i < ids->len && item == NULL; i++)
    {
      g_autoptr (SvMediaItem) it =
          sv_catalogue_get_item (catalogue, g_array_index (ids, gint64, i), NULL);

      if (g_str_has_suffix (sv_media_item_get_path (it), "fsf-IMG_20200827_231612.jpg"))
        item = g_steal_pointer (&it);
    }
  g_assert_nonnull (item);
  texture = sv_image_loader_load (catalogue, item, SV_IMAGE_STAGE_ORIGINAL, NULL, &error);
  g_assert_null (texture);
  g_assert_error (error, SV_ERROR, SV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "12 megapixels"));
  g_clear_error (&error);
  /* The preview still shows. */
  texture = sv_image_loader_load (catalogue, item, SV_IMAGE_STAGE_PREVIEW, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1600);
  g_assert_true (sv_catalogue_set_setting (catalogue, "pixel-limit", "100000000", &error));
}

static void
test_formatting (void)
{
  g_autofree char *a = sv_viewer_info_format_size (4000, 3000, 3207823);
  g_autofree char *b = sv_viewer_info_format_size (0, 0, -1);
  g_autofree char *c = sv_viewer_info_format_duration ((gint64) 65 * G_USEC_PER_SEC);
  g_autofree char *d = sv_viewer_info_format_duration ((gint64) 3723 * G_USEC_PER_SEC);

  g_assert_cmpstr (a, ==, "4000 × 3000 · 3.2\u00a0MB");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "1:05");
  g_assert_cmpstr (d, ==, "1:02:03");
}

static gboolean
find_app_chooser (gpointer data)
{
  GtkWidget **found = data;
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_APP_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *found = GTK_WIDGET (window);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_open_with (void)
{
  Fixture f = { 0 };
  GtkWidget *dialog = NULL;
  g_autoptr (GFile) expected = NULL;
  GFile *file;

  /* Without the OpenURI portal (none here), GTK's application chooser for
   * the original, parented to the window. */
  fixture_init (&f, 1400, 900);
  sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list),
                  (guint) find_position (f.list, "gowebp-source.jpg"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.viewer), "viewer.open-with", NULL));
  g_assert_true (wait_for (find_app_chooser, &dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f.window);
  g_object_get (dialog, "gfile", &file, NULL);
  expected = g_file_new_for_path (sv_media_item_get_path (sv_viewer_get_item (f.viewer)));
  g_assert_true (g_file_equal (file, expected));
  g_object_unref (file);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  flush ();
  dialog = NULL;
  g_assert_false (find_app_chooser (&dialog));
  fixture_clear (&f);
}

static gboolean
video_prepared (gpointer data)
{
  GtkMediaStream *stream = gtk_video_get_media_stream (data);

  return stream != NULL &&
         (gtk_media_stream_is_prepared (stream) || gtk_media_stream_get_error (stream) != NULL);
}

static void
test_video (void)
{
  g_autofree char *gst = g_find_program_in_path ("gst-launch-1.0");
  g_autofree char *videos = g_build_filename (base_dir, "videos", NULL);
  g_autofree char *clip = g_build_filename (videos, "clip.mp4", NULL);
  g_autofree char *location = g_strconcat ("location=", clip, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (GFile) file = NULL;
  g_auto (SvQuery) q = { 0 };
  g_autoptr (SvItemList) list = NULL;
  GtkWidget *window, *overlay, *viewer;
  GtkVideo *video;
  GtkStack *stack;
  GtkMediaStream *stream;
  int status = 0;

  if (gst == NULL)
    {
      g_test_skip ("gst-launch-1.0 is not installed: no video to play");
      return;
    }
  /* A real two-second MPEG-4 clip, made here. */
  g_assert_cmpint (g_mkdir_with_parents (videos, 0755), ==, 0);
  {
    const char *argv[] = { gst,
                           "-q",
                           "videotestsrc",
                           "num-buffers=30",
                           "!",
                           "video/x-raw,width=320,height=240,framerate=15/1",
                           "!",
                           "videoconvert",
                           "!",
                           "avenc_mpeg4",
                           "!",
                           "mp4mux",
                           "!",
                           "filesink",
                           location,
                           NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                 NULL, &status, &error));
    g_assert_no_error (error);
  }
  if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (clip, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("GStreamer could not make a clip (no MPEG-4 encoder)");
      return;
    }
  importer = sv_importer_new (catalogue);
  sv_importer_set_mode (importer, SV_IMPORT_MODE_REFERENCE);
  file = g_file_new_for_path (clip);
  g_list_store_append (inputs, file);
  summary = sv_importer_import (importer, G_LIST_MODEL (inputs), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imported, ==, 1);

  sv_query_init (&q);
  q.kind = SV_MEDIA_KIND_VIDEO;
  list = sv_item_list_new (catalogue, &q);
  g_assert_true (wait_for (list_loaded, list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  overlay = adw_toast_overlay_new ();
  viewer = sv_viewer_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), viewer);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  flush ();
  sv_viewer_show (SV_VIEWER (viewer), catalogue, G_LIST_MODEL (list), 0);

  /* Played inline: the video page with a prepared stream, no picture work. */
  stack = GTK_STACK (must_find (viewer, "viewer-stack"));
  video = GTK_VIDEO (must_find (viewer, "viewer-video"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "video");
  g_assert_false (sv_viewer_get_loading (SV_VIEWER (viewer)));
  g_assert_true (wait_for (video_prepared, video));
  stream = gtk_video_get_media_stream (video);
  g_assert_no_error (gtk_media_stream_get_error (stream));
  g_assert_true (gtk_media_stream_has_video (stream));
  g_assert_cmpint (gtk_media_stream_get_duration (stream), >, 0);
  g_assert_false (gtk_widget_activate_action (viewer, "viewer.zoom-in", NULL) &&
                  sv_viewer_get_zoom (SV_VIEWER (viewer)) != 0);
  {
    SvMediaItem *item = sv_viewer_get_item (SV_VIEWER (viewer));
    g_autofree char *duration = sv_viewer_info_dup_field (
        SV_VIEWER_INFO (sv_viewer_get_info (SV_VIEWER (viewer))), "duration");
    g_autofree char *expected = sv_viewer_info_format_duration (sv_media_item_get_duration (item));

    g_assert_cmpint (sv_media_item_get_kind (item), ==, SV_MEDIA_KIND_VIDEO);
    g_assert_cmpstr (duration, ==, expected);
  }

  /* Leaving stops it. */
  g_assert_true (gtk_widget_activate_action (viewer, "viewer.close", NULL));
  g_assert_null (gtk_video_get_media_stream (video));
  gtk_window_destroy (GTK_WINDOW (window));
  flush ();
}

/* ---- screenshots (only with SV_VIEWER_SCREENSHOTS) ---- */

static void
save_png (GtkWidget *widget, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  sv_ui_save_png (widget, path);
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("SV_VIEWER_SCREENSHOTS");
  const char *lang = g_getenv ("LANGUAGE");
  const struct
  {
    const char *size;
    int w, h;
  } sizes[] = { { "wide", 1400, 900 }, { "narrow", 360, 720 } };

  if (dir == NULL || dir[0] == '\0')
    {
      g_test_skip ("SV_VIEWER_SCREENSHOTS is not set");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint dark = 0; dark < 2; dark++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint info = 0; info < 2; info++)
        {
          Fixture f = { 0 };
          g_autofree char *name = NULL;

          adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                              dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
          fixture_init (&f, sizes[s].w, sizes[s].h);
          sv_viewer_show (f.viewer, catalogue, G_LIST_MODEL (f.list),
                          (guint) find_position (f.list, "gowebp-source.jpg"));
          sv_viewer_set_info_visible (f.viewer, info);
          g_assert_true (wait_for (viewer_idle, f.viewer));
          name = g_strdup_printf ("viewer-%s-%s-%s-%s.png", lang ? lang : "en",
                                  dark ? "dark" : "light", sizes[s].size, info ? "info" : "photo");
          save_png (GTK_WIDGET (f.window), dir, name);
          fixture_clear (&f);
        }
}

/* ---- setup ---- */

static void
load_manifest (const char *src)
{
  g_autofree char *path = g_build_filename (src, "MANIFEST.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      GStrv cols = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (cols) <= COL_SHA256)
        {
          g_strfreev (cols);
          continue;
        }
      g_hash_table_insert (manifest, g_strdup (cols[COL_FILE]), cols);
    }
}

static void
make_library (void)
{
  g_autoptr (SvImportSummary) summary = NULL;

  load_manifest (sv_ui_photos_dir ());
  photos_dir = g_build_filename (base_dir, "photos", NULL);
  catalogue = sv_ui_import_copies ("camera", base_dir, &summary);
  g_assert_cmpuint (summary->imported, ==, 23);
  g_assert_cmpuint (summary->failed, ==, 0);
}

int
main (int argc, char *argv[])
{
  int ret;

  /* Video sinks that GStreamer could pick when GTK's own is not used (no
   * GL under Xvfb): DirectFB crashes, KMS waits, the GTK 3 ones would load
   * GTK 3 into this process. */
  g_setenv ("GST_PLUGIN_FEATURE_RANK",
            "dfbvideosink:NONE,kmssink:NONE,gtkwaylandsink:NONE,gtksink:NONE,gtkglsink:NONE,"
            "waylandsink:NONE,glimagesink:NONE",
            FALSE);
  /* The library lives through every test case, so no per-test isolation
   * (G_TEST_OPTION_ISOLATE_DIRS): our own XDG folders instead, set before
   * anything reads them. */
  base_dir = g_dir_make_tmp ("sv-test-viewer-XXXXXX", NULL);
  g_assert_nonnull (base_dir);
  {
    const char *vars[][2] = { { "XDG_DATA_HOME", "data" },
                              { "XDG_CACHE_HOME", "cache" },
                              { "XDG_CONFIG_HOME", "config" },
                              { "XDG_STATE_HOME", "state" } };

    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *path = g_build_filename (base_dir, vars[i][1], NULL);

        g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
        g_setenv (vars[i][0], path, TRUE);
      }
  }
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, SV_SOURCE_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  sv_ui_test_init (&argc, &argv, SV_UI_TEST_ICONS);
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/souvenir/Souvenir/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  make_library ();

  g_test_add_func ("/ui/viewer/formatting", test_formatting);
  g_test_add_func ("/ui/viewer/step", test_step);
  g_test_add_func ("/ui/viewer/preview-then-original", test_preview_then_original);
  g_test_add_func ("/ui/viewer/zoom", test_zoom);
  g_test_add_func ("/ui/viewer/info", test_info);
  g_test_add_func ("/ui/viewer/edits", test_edits);
  g_test_add_func ("/ui/viewer/rotate", test_rotate);
  g_test_add_func ("/ui/viewer/delete-undo", test_delete_undo);
  g_test_add_func ("/ui/viewer/slideshow", test_slideshow);
  g_test_add_func ("/ui/viewer/missing-original", test_missing_original);
  g_test_add_func ("/ui/viewer/pixel-limit", test_pixel_limit);
  g_test_add_func ("/ui/viewer/open-with", test_open_with);
  g_test_add_func ("/ui/viewer/screenshots", test_screenshots);
  /* Last: it adds a video to the library. */
  g_test_add_func ("/ui/viewer/video", test_video);

  ret = g_test_run ();
  g_clear_object (&catalogue);
  sv_ui_remove_tree (base_dir);
  g_clear_pointer (&manifest, g_hash_table_unref);
  g_free (photos_dir);
  g_free (base_dir);
  return ret;
}
