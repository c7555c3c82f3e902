/* test-people-ui.c: the People view on a real analysed library, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copies of testdata/photos/faces (the originals are only read) are
 * imported into a temporary library and analysed by the real
 * souvenir-analyzer helper (exit 77 when the models or the helper are
 * missing). The People view then shows exactly the people the catalogue
 * has, named first, with face crops; renaming through the name entry,
 * merging two selected cards and hiding a person persist in the catalogue.
 */
#define G_LOG_DOMAIN "test-people-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sv-analysis-runner.h"
#include "sv-catalogue-faces.h"
#include "sv-importer.h"
#include "sv-people-view.h"

#define MAX_TURNS 200000

static char *tmp_dir;
static SvCatalogue *catalogue;
static GtkWindow *window;
static SvPeopleView *view;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition, gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 50 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
must_find (GtkWidget *root, const char *name)
{
  GtkWidget *widget = find_named (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);
  return widget;
}

static void
remove_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
        remove_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

/* Copies every photo of testdata/photos/faces into @dest_dir. */
static guint
copy_faces (const char *dest_dir)
{
  g_autofree char *src_dir = g_build_filename (SV_PHOTOS_DIR, "faces", NULL);
  g_autoptr (GDir) dir = g_dir_open (src_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dest_dir, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src_path = g_build_filename (src_dir, name, NULL);
      g_autofree char *dest_path = g_build_filename (dest_dir, name, NULL);
      g_autoptr (GFile) src = g_file_new_for_path (src_path);
      g_autoptr (GFile) dest = g_file_new_for_path (dest_path);
      g_autoptr (GError) error = NULL;

      if (!g_str_has_suffix (name, ".jpg") && !g_str_has_suffix (name, ".png"))
        continue;
      g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      n++;
    }
  return n;
}

static void
on_imported_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SvImportSummary **summary = data;
  g_autoptr (GError) error = NULL;

  *summary = sv_importer_import_finish (SV_IMPORTER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
on_analysis_finished_cb (SvAnalysisRunner *runner, gboolean *finished)
{
  *finished = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* The view shows the catalogue's people, in its order, once loaded. */
static gboolean
view_matches_catalogue (gpointer data)
{
  g_autoptr (GPtrArray) people = NULL;

  if (sv_people_view_get_loading (view))
    return FALSE;
  people = sv_catalogue_list_people (catalogue, FALSE, NULL);
  if (people == NULL || people->len != sv_people_view_get_n_people (view))
    return FALSE;
  for (guint i = 0; i < people->len; i++)
    {
      SvPerson *p = g_ptr_array_index (people, i);

      if (p->id != sv_people_view_get_person_id (view, i))
        return FALSE;
      if (g_strcmp0 (p->name != NULL ? p->name : "Unnamed",
                     sv_people_view_get_person_label (view, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

static guint
count_flow_children (GtkWidget *box)
{
  guint n = 0;

  while (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (box), n) != NULL)
    n++;
  return n;
}

/* Every card's AdwAvatar got its face crop. */
static gboolean
crops_loaded (gpointer data)
{
  GtkWidget *grid = data;
  guint n = count_flow_children (grid);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *card =
          gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid), i));
      GtkWidget *avatar = gtk_widget_get_first_child (card);

      g_assert_true (ADW_IS_AVATAR (avatar));
      if (adw_avatar_get_custom_image (ADW_AVATAR (avatar)) == NULL)
        return FALSE;
    }
  return n > 0;
}

/* With SV_PEOPLE_SCREENSHOTS=DIR, the window as a PNG, to look at. */
static void
maybe_save_png (const char *name)
{
  const char *dir = g_getenv ("SV_PEOPLE_SCREENSHOTS");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkWidget *widget = GTK_WIDGET (window);
  int width, height;

  if (dir == NULL)
    return;
  for (guint i = 0; i < 200; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# %s\n", path);
}

static gboolean
person_page_loaded (gpointer data)
{
  gint64 id = *(gint64 *) data;
  g_autoptr (GArray) items = sv_catalogue_list_person_items (catalogue, id, NULL);

  return items != NULL && items->len > 0 && sv_people_view_get_shown_person (view) == id &&
         sv_people_view_get_n_person_items (view) == items->len;
}

static void
test_people (void)
{
  g_autofree char *photos_dir = g_build_filename (tmp_dir, "photos", NULL);
  g_autofree char *library_dir = g_build_filename (tmp_dir, "library", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvImporter) importer = NULL;
  g_autoptr (SvImportSummary) summary = NULL;
  g_autoptr (SvAnalysisRunner) runner = NULL;
  g_autoptr (GListStore) inputs = g_list_store_new (G_TYPE_FILE);
  g_autoptr (GFile) photos = g_file_new_for_path (photos_dir);
  g_autoptr (GPtrArray) people = NULL;
  g_autoptr (SvPerson) named = NULL;
  g_autoptr (GArray) found = NULL;
  GtkWidget *grid, *entry, *merge_button;
  gboolean finished = FALSE;
  guint n_photos, n_people;
  gint64 first_id, other_id, hidden_id;
  guint named_faces;

  /* Import copies and analyse them with the real helper. */
  n_photos = copy_faces (photos_dir);
  g_assert_cmpuint (n_photos, >=, 10);
  catalogue = sv_catalogue_open (library_dir, &error);
  g_assert_no_error (error);
  importer = sv_importer_new (catalogue);
  g_list_store_append (inputs, photos);
  sv_importer_import_async (importer, G_LIST_MODEL (inputs), NULL, on_imported_cb, &summary);
  g_assert_true (wait_for (pointer_set, &summary));

  runner = sv_analysis_runner_new (catalogue);
  g_signal_connect (runner, "finished", G_CALLBACK (on_analysis_finished_cb), &finished);
  g_assert_true (sv_analysis_runner_start (runner, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sv_analysis_runner_get_total (runner), ==, n_photos);
  g_assert_true (wait_for (flag_set, &finished));
  g_assert_cmpuint (sv_analysis_runner_get_failed (runner), ==, 0);

  people = sv_catalogue_list_people (catalogue, FALSE, &error);
  g_assert_no_error (error);
  n_people = people->len;
  /* The faces set has several people, one of them in two photos. */
  g_assert_cmpuint (n_people, >=, 3);

  /* The grid shows them, with face crops. */
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 800);
  view = SV_PEOPLE_VIEW (sv_people_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  sv_people_view_set_catalogue (view, catalogue);
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_false (sv_people_view_get_empty (view));
  {
    g_autofree char *state = NULL;
    g_autofree char *expected = g_strdup_printf ("Photos analysed: %u of %u", n_photos, n_photos);

    g_object_get (view, "analysis-state", &state, NULL);
    g_assert_cmpstr (state, ==, expected);
  }
  grid = must_find (GTK_WIDGET (view), "people-grid");
  g_assert_cmpuint (count_flow_children (grid), ==, n_people);
  g_assert_true (wait_for (crops_loaded, grid));
  maybe_save_png ("people-grid.png");

  /* Open the last card (an unnamed one), name it through the entry. */
  first_id = sv_people_view_get_person_id (view, n_people - 1);
  g_signal_emit_by_name (grid, "child-activated",
                         gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid), n_people - 1));
  g_assert_true (wait_for (person_page_loaded, &first_id));
  entry = must_find (GTK_WIDGET (view), "people-name-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Léa ");
  g_signal_emit_by_name (entry, "activate");
  named = sv_catalogue_get_person (catalogue, first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (named->name, ==, "Léa");
  named_faces = named->n_faces;
  found = sv_catalogue_find_people (catalogue, "léa", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, first_id);
  /* Named people come first in the grid. */
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpint (sv_people_view_get_person_id (view, 0), ==, first_id);
  g_assert_cmpstr (sv_people_view_get_person_label (view, 0), ==, "Léa");
  g_assert_true (wait_for (person_page_loaded, &first_id));
  maybe_save_png ("people-person.png");

  /* Back to the grid; select Léa and another person, merge. */
  g_signal_emit_by_name (must_find (GTK_WIDGET (view), "people-back-button"), "clicked");
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, 0);
  merge_button = must_find (GTK_WIDGET (view), "people-merge-button");
  other_id = sv_people_view_get_person_id (view, n_people - 1);
  g_assert_cmpint (other_id, !=, first_id);
  gtk_flow_box_select_child (GTK_FLOW_BOX (grid),
                             gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid), n_people - 1));
  g_assert_false (gtk_widget_get_sensitive (merge_button));
  gtk_flow_box_select_child (GTK_FLOW_BOX (grid),
                             gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid), 0));
  g_assert_true (gtk_widget_get_sensitive (merge_button));
  g_signal_emit_by_name (merge_button, "clicked");
  {
    g_autoptr (SvPerson) merged = sv_catalogue_get_person (catalogue, first_id, &error);
    g_autoptr (SvPerson) gone = sv_catalogue_get_person (catalogue, other_id, NULL);

    g_assert_no_error (error);
    /* The named one stays, with both people's faces. */
    g_assert_cmpstr (merged->name, ==, "Léa");
    g_assert_cmpuint (merged->n_faces, >, named_faces);
    g_assert_null (gone);
  }
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people - 1);

  /* Hide the last person from their page: gone from the grid. */
  hidden_id = sv_people_view_get_person_id (view, n_people - 2);
  sv_people_view_show_person (view, hidden_id);
  g_assert_true (wait_for (person_page_loaded, &hidden_id));
  gtk_toggle_button_set_active (
      GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (view), "people-hide-button")), TRUE);
  {
    g_autoptr (SvPerson) hidden = sv_catalogue_get_person (catalogue, hidden_id, &error);

    g_assert_no_error (error);
    g_assert_true (hidden->hidden);
  }
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, 0);
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people - 2);

  /* Everything persisted: a fresh catalogue sees the same. */
  gtk_window_destroy (window);
  g_clear_object (&runner);
  g_clear_object (&importer);
  g_clear_object (&catalogue);
  catalogue = sv_catalogue_open (library_dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr (SvPerson) again = sv_catalogue_get_person (catalogue, first_id, &error);
    g_autoptr (GPtrArray) visible = sv_catalogue_list_people (catalogue, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->name, ==, "Léa");
    g_assert_cmpuint (visible->len, ==, n_people - 2);
  }
  g_clear_object (&catalogue);
}

int
main (int argc, char **argv)
{
  g_autofree char *unavailable = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The helper (gdk-pixbuf) needs the shared MIME database. */
  g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  unavailable = sv_analysis_get_unavailable_reason ();
  if (unavailable != NULL)
    {
      g_print ("SKIP: %s\n", unavailable);
      return 77;
    }
  tmp_dir = g_dir_make_tmp ("test-people-ui-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/people-ui/grid-rename-merge-hide", test_people);
  status = g_test_run ();
  {
    g_autoptr (GFile) tmp = g_file_new_for_path (tmp_dir);

    remove_tree (tmp);
  }
  g_free (tmp_dir);
  return status;
}
