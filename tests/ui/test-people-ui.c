/* test-people-ui.c: people, analysis and their settings in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copies of testdata/photos/faces (the originals are only read) are
 * imported into a temporary library, which the application opens in a real
 * window; the window's People view runs the analysis itself with the real
 * souvenir-analyzer helper (exit 77 when the models or the helper are
 * missing). The test cases run in order on that one library:
 *  - analysis starts by itself, shows "n of N" in a banner, pauses and
 *    resumes from it, and the grid then shows the catalogue's people;
 *  - naming (through the entry; a name someone has merges), merging two
 *    selected cards, the "Is this X?" queue answered with Y and N;
 *  - hiding a person, "Show Hidden", showing them again;
 *  - a photo on a person's page opens the viewer over their photos;
 *  - photos imported in the window are analysed by themselves;
 *  - the Analysis preferences page: cores, labels, face recognition off
 *    with "Erase Face Data" (names included), on again (faces come back);
 *  - without models: the view says why, Analyse Now is disabled.
 * SV_PEOPLE_SCREENSHOTS=DIR writes PNGs (SV_PEOPLE_SIZE=WxH, SV_PEOPLE_DARK=1).
 */
#define G_LOG_DOMAIN "test-people-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "sv-analysis-controller.h"
#include "sv-analysis-preferences-page.h"
#include "sv-catalogue-faces.h"
#include "sv-error.h"
#include "sv-face-overlay.h"
#include "sv-people-view.h"
#include "sv-ui-test-util.h"
#include "sv-viewer.h"

/* Analysing a dozen photos on a loaded machine takes a while: turns, 1 ms
 * apart when idle. */
#define ANALYSIS_TURNS 600000

static char *base_dir;
static SvApplication *app;
static SvWindow *window;
static SvCatalogue *catalogue; /* the app's */
static SvPeopleView *view;
static guint n_photos;
static gint64 jesper_id;

/* ---- helpers ---- */

static void
maybe_save_png (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("SV_PEOPLE_SCREENSHOTS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  sv_ui_save_png (widget, path);
}

static SvAnalysisController *
analysis (void)
{
  return sv_people_view_get_analysis_controller (view);
}

/* Running with its list of photos (listed in a thread first). */
static gboolean
analysis_listed (gpointer data)
{
  return sv_analysis_controller_get_running (analysis ()) &&
         sv_analysis_controller_get_total (analysis ()) > 0;
}

static gboolean
analysis_idle (gpointer data)
{
  return !sv_analysis_controller_get_running (analysis ());
}

static gboolean
analysis_progressed (gpointer data)
{
  return sv_analysis_controller_get_done (analysis ()) >= 1 ||
         !sv_analysis_controller_get_running (analysis ());
}

/* The view shows the catalogue's people, in its order, once loaded. */
static gboolean
view_matches_catalogue (gpointer data)
{
  g_autoptr (GPtrArray) people = NULL;

  if (sv_people_view_get_loading (view))
    return FALSE;
  people = sv_catalogue_list_people (catalogue, sv_people_view_get_show_hidden (view), NULL);
  if (people == NULL || people->len != sv_people_view_get_n_people (view))
    return FALSE;
  for (guint i = 0; i < people->len; i++)
    {
      SvPerson *p = g_ptr_array_index (people, i);

      if (p->id != sv_people_view_get_person_id (view, i))
        return FALSE;
      if (g_strcmp0 (p->name != NULL ? p->name : _ ("Unnamed"),
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

static gboolean
person_page_loaded (gpointer data)
{
  gint64 id = *(gint64 *) data;
  g_autoptr (GArray) items = sv_catalogue_list_person_items (catalogue, id, NULL);

  return items != NULL && items->len > 0 && sv_people_view_get_shown_person (view) == id &&
         sv_people_view_get_n_person_items (view) == items->len;
}

static gboolean
suggestions_shown (gpointer data)
{
  return sv_people_view_get_n_suggestions (view) > 0;
}

static GtkWidget *
grid (void)
{
  return must_find (GTK_WIDGET (view), "people-grid");
}

static void
open_card (guint index)
{
  gint64 id = sv_people_view_get_person_id (view, index);

  g_signal_emit_by_name (grid (), "child-activated",
                         gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid ()), index));
  g_assert_true (wait_for (person_page_loaded, &id));
}

static void
name_through_entry (const char *name)
{
  GtkWidget *entry = must_find (GTK_WIDGET (view), "people-name-entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_signal_emit_by_name (entry, "activate");
}

/* Sends a key press to the view's key controller. */
static gboolean
press_key (guint keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  g_object_unref (controllers);
  return handled;
}

static gboolean
face_suggested (gint64 person_id, gint64 face_id)
{
  g_autoptr (GPtrArray) s = sv_catalogue_suggest_faces (catalogue, person_id, 0, NULL);

  for (guint i = 0; s != NULL && i < s->len; i++)
    if (((SvFaceSuggestion *) g_ptr_array_index (s, i))->face.id == face_id)
      return TRUE;
  return FALSE;
}

static guint
count_faces (void)
{
  SvAnalysisCounts counts;

  g_assert_true (sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &counts, NULL));
  return counts.faces;
}

/* ---- test cases ---- */

static void
test_analysis_banner (void)
{
  GtkWidget *banner, *status, *pause;
  g_autofree char *expected = NULL;
  guint done, total;

  sv_window_set_section (window, SV_SECTION_PEOPLE);
  /* Narrow (folded): the content, as a click on the sidebar row does. */
  adw_leaflet_navigate (ADW_LEAFLET (must_find (GTK_WIDGET (window), "leaflet")),
                        ADW_NAVIGATION_DIRECTION_FORWARD);
  view = SV_PEOPLE_VIEW (sv_window_get_view (window, SV_SECTION_PEOPLE));
  g_assert_nonnull (analysis ());

  /* It starts by itself on the photos never analysed. */
  g_assert_true (sv_ui_wait_for_turns (analysis_listed, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (sv_analysis_controller_get_total (analysis ()), ==, n_photos);
  g_assert_false (gtk_widget_is_sensitive (must_find (GTK_WIDGET (view), "people-analyse-button")));

  /* Pause as soon as one photo is done: "paused: n of N" in the banner,
   * and no new photo is sent. */
  g_assert_true (sv_ui_wait_for_turns (analysis_progressed, NULL, ANALYSIS_TURNS));
  g_assert_true (sv_analysis_controller_get_running (analysis ()));
  banner = must_find (GTK_WIDGET (view), "people-analysis-banner");
  status = must_find (GTK_WIDGET (view), "people-analysis-status");
  pause = must_find (GTK_WIDGET (view), "people-analysis-pause");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  done = sv_analysis_controller_get_done (analysis ());
  total = sv_analysis_controller_get_total (analysis ());
  expected = g_strdup_printf (_ ("Analysing photos: %u of %u"), done, total);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (status)), ==, expected);
  maybe_save_png (GTK_WIDGET (window), "people-analysing.png");
  g_signal_emit_by_name (pause, "clicked");
  g_assert_true (sv_analysis_controller_get_paused (analysis ()));
  {
    g_autofree char *paused = g_strdup_printf (
        _ ("Analysis paused: %u of %u"), sv_analysis_controller_get_done (analysis ()), total);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (status)), ==, paused);
  }
  /* Photos in flight (one per helper) complete; then nothing moves. */
  sv_ui_flush_turns (3000);
  done = sv_analysis_controller_get_done (analysis ());
  sv_ui_flush_turns (2000);
  if (sv_analysis_controller_get_done (analysis ()) == done)
    g_assert_cmpuint (done, <, n_photos);
  g_assert_cmpuint (
      sv_analysis_controller_get_done (analysis ()), <=,
      done + sv_analysis_runner_get_max_helpers (sv_analysis_controller_get_runner (analysis ())) +
          g_get_num_processors ());
  {
    g_autofree char *paused = g_strdup_printf (
        _ ("Analysis paused: %u of %u"), sv_analysis_controller_get_done (analysis ()), total);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (status)), ==, paused);
  }

  /* Resume: it finishes, nothing failed, the banner goes. */
  g_signal_emit_by_name (pause, "clicked");
  g_assert_false (sv_analysis_controller_get_paused (analysis ()));
  g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (sv_analysis_controller_get_done (analysis ()), ==, n_photos);
  g_assert_cmpuint (sv_analysis_controller_get_failed (analysis ()), ==, 0);
  g_assert_cmpstr (sv_analysis_controller_get_status (analysis ()), ==, "");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  /* The grid shows the catalogue's people, with face crops. */
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), >=, 3);
  g_assert_cmpuint (count_flow_children (grid ()), ==, sv_people_view_get_n_people (view));
  g_assert_true (wait_for (crops_loaded, grid ()));
  {
    g_autofree char *state = NULL;
    g_autofree char *all = g_strdup_printf (_ ("Photos analysed: %u of %u"), n_photos, n_photos);

    g_object_get (view, "analysis-state", &state, NULL);
    g_assert_cmpstr (state, ==, all);
  }
  maybe_save_png (GTK_WIDGET (window), "people-grid.png");

  /* Analyse Now: enabled again; nothing left, it ends at once. */
  g_assert_true (gtk_widget_is_sensitive (must_find (GTK_WIDGET (view), "people-analyse-button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "people.analyse", NULL));
  g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (sv_analysis_controller_get_total (analysis ()), ==, 0);
}

static void
test_name_merge_suggest (void)
{
  guint n_people = sv_people_view_get_n_people (view);
  guint biggest = 0, best_items = 0;
  gint64 lea_id, other_id, face_id;
  guint lea_faces;

  /* The last card (unnamed), named through the entry. */
  lea_id = sv_people_view_get_person_id (view, n_people - 1);
  open_card (n_people - 1);
  name_through_entry ("  Léa ");
  {
    g_autoptr (SvPerson) p = sv_catalogue_get_person (catalogue, lea_id, NULL);
    g_autoptr (GArray) found = sv_catalogue_find_people (catalogue, "léa", NULL);

    g_assert_cmpstr (p->name, ==, "Léa");
    g_assert_cmpuint (found->len, ==, 1);
    lea_faces = p->n_faces;
  }
  /* Named people come first. */
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpint (sv_people_view_get_person_id (view, 0), ==, lea_id);

  /* The person in most photos becomes Jesper; faces close to theirs are
   * suggested ("Is this Jesper?"). */
  for (guint i = 0; i < sv_people_view_get_n_people (view); i++)
    {
      g_autoptr (SvPerson) p =
          sv_catalogue_get_person (catalogue, sv_people_view_get_person_id (view, i), NULL);

      if (p->name == NULL && p->n_items > best_items)
        {
          best_items = p->n_items;
          biggest = i;
        }
    }
  g_assert_cmpuint (best_items, >=, 2);
  jesper_id = sv_people_view_get_person_id (view, biggest);
  open_card (biggest);
  name_through_entry ("Jesper");
  g_assert_true (wait_for (suggestions_shown, NULL));
  g_assert_true (wait_for (person_page_loaded, &jesper_id));
  maybe_save_png (GTK_WIDGET (window), "people-person.png");

  /* Y: the first suggested face is put on Jesper (confirmed). */
  face_id = sv_people_view_get_first_suggestion (view);
  g_assert_cmpint (face_id, >, 0);
  g_assert_true (press_key (GDK_KEY_y));
  {
    g_autoptr (SvFace) face = sv_catalogue_get_face (catalogue, face_id, NULL);

    g_assert_cmpint (face->person_id, ==, jesper_id);
    g_assert_true (face->confirmed);
  }
  g_assert_cmpint (sv_people_view_get_first_suggestion (view), !=, face_id);
  /* N: the next one is never suggested for Jesper again. */
  g_assert_true (wait_for (person_page_loaded, &jesper_id));
  face_id = sv_people_view_get_first_suggestion (view);
  if (face_id > 0)
    {
      g_assert_true (face_suggested (jesper_id, face_id));
      g_assert_true (press_key (GDK_KEY_n));
      g_assert_false (face_suggested (jesper_id, face_id));
      {
        g_autoptr (SvFace) face = sv_catalogue_get_face (catalogue, face_id, NULL);

        g_assert_cmpint (face->person_id, !=, jesper_id);
      }
    }
  else
    g_test_message ("only one suggestion: N not exercised");
  /* Keys typed into the name entry are text, not answers. */
  gtk_widget_grab_focus (must_find (GTK_WIDGET (view), "people-name-entry"));
  g_assert_false (press_key (GDK_KEY_y));

  /* The names given are completed in the entry. */
  {
    GtkEntry *entry = GTK_ENTRY (must_find (GTK_WIDGET (view), "people-name-entry"));
    GtkTreeModel *model = gtk_entry_completion_get_model (gtk_entry_get_completion (entry));
    GtkTreeIter iter;
    gboolean has_lea = FALSE, has_jesper = FALSE;

    g_assert_true (wait_for (view_matches_catalogue, NULL));
    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok;
         ok = gtk_tree_model_iter_next (model, &iter))
      {
        g_autofree char *name = NULL;

        gtk_tree_model_get (model, &iter, 0, &name, -1);
        has_lea |= g_strcmp0 (name, "Léa") == 0;
        has_jesper |= g_strcmp0 (name, "Jesper") == 0;
      }
    g_assert_true (has_lea);
    g_assert_true (has_jesper);
  }

  /* Naming someone "Léa" (picked from the completion) merges them into Léa. */
  n_people = sv_people_view_get_n_people (view);
  other_id = sv_people_view_get_person_id (view, n_people - 1);
  g_assert_cmpint (other_id, !=, lea_id);
  g_assert_cmpint (other_id, !=, jesper_id);
  open_card (n_people - 1);
  name_through_entry ("Léa");
  {
    g_autoptr (SvPerson) gone = sv_catalogue_get_person (catalogue, other_id, NULL);
    g_autoptr (SvPerson) lea = sv_catalogue_get_person (catalogue, lea_id, NULL);
    g_autoptr (GArray) found = sv_catalogue_find_people (catalogue, "Léa", NULL);

    g_assert_null (gone);
    g_assert_cmpuint (lea->n_faces, >, lea_faces);
    g_assert_cmpuint (found->len, ==, 1);
    lea_faces = lea->n_faces;
  }
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  /* The page now shows Léa. */
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, lea_id);

  /* Back to the grid; select Léa and the last person, Merge. */
  g_signal_emit_by_name (must_find (GTK_WIDGET (view), "people-back-button"), "clicked");
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, 0);
  n_people = sv_people_view_get_n_people (view);
  other_id = sv_people_view_get_person_id (view, n_people - 1);
  {
    GtkWidget *merge = must_find (GTK_WIDGET (view), "people-merge-button");
    guint lea_index = 0;

    while (sv_people_view_get_person_id (view, lea_index) != lea_id)
      lea_index++;
    gtk_flow_box_select_child (GTK_FLOW_BOX (grid ()), gtk_flow_box_get_child_at_index (
                                                           GTK_FLOW_BOX (grid ()), n_people - 1));
    g_assert_false (gtk_widget_get_sensitive (merge));
    gtk_flow_box_select_child (GTK_FLOW_BOX (grid ()),
                               gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid ()), lea_index));
    g_assert_true (gtk_widget_get_sensitive (merge));
    g_signal_emit_by_name (merge, "clicked");
  }
  {
    g_autoptr (SvPerson) lea = sv_catalogue_get_person (catalogue, lea_id, NULL);
    g_autoptr (SvPerson) gone = sv_catalogue_get_person (catalogue, other_id, NULL);

    g_assert_cmpstr (lea->name, ==, "Léa");
    g_assert_cmpuint (lea->n_faces, >, lea_faces);
    g_assert_null (gone);
  }
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people - 1);
}

static void
test_hidden (void)
{
  guint n_people = sv_people_view_get_n_people (view);
  gint64 hidden_id = sv_people_view_get_person_id (view, n_people - 1);
  GtkToggleButton *hide, *show_hidden;

  /* Hide from their page: gone from the grid. */
  open_card (n_people - 1);
  hide = GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (view), "people-hide-button"));
  gtk_toggle_button_set_active (hide, TRUE);
  {
    g_autoptr (SvPerson) p = sv_catalogue_get_person (catalogue, hidden_id, NULL);

    g_assert_true (p->hidden);
  }
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, 0);
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people - 1);

  /* Show Hidden: back in the grid (marked), their page shows them hidden. */
  show_hidden = GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (view), "people-show-hidden"));
  gtk_toggle_button_set_active (show_hidden, TRUE);
  g_assert_true (sv_people_view_get_show_hidden (view));
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people);
  for (guint i = 0; i < n_people; i++)
    if (sv_people_view_get_person_id (view, i) == hidden_id)
      {
        open_card (i);
        break;
      }
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, hidden_id);
  g_assert_true (gtk_toggle_button_get_active (hide));

  /* Un-hide: stays on the page, shown again without Show Hidden. */
  gtk_toggle_button_set_active (hide, FALSE);
  {
    g_autoptr (SvPerson) p = sv_catalogue_get_person (catalogue, hidden_id, NULL);

    g_assert_false (p->hidden);
  }
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, hidden_id);
  gtk_toggle_button_set_active (show_hidden, FALSE);
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_cmpuint (sv_people_view_get_n_people (view), ==, n_people);
}

static gboolean
viewer_shown (gpointer data)
{
  return g_strcmp0 (sv_window_get_page (window), "viewer") == 0;
}

static gboolean
viewer_loaded (gpointer viewer)
{
  return !sv_viewer_get_loading (viewer) && sv_viewer_get_texture (viewer) != NULL;
}

static gboolean
overlay_has_faces (gpointer overlay)
{
  return sv_face_overlay_get_n_faces (overlay) > 0;
}

typedef struct
{
  SvFaceOverlay *overlay;
  guint n;
} FaceCount;

static gboolean
overlay_n_faces_is (gpointer data)
{
  FaceCount *c = data;

  return sv_face_overlay_get_n_faces (c->overlay) == c->n;
}

static gboolean
face_boxes_placed (gpointer overlay)
{
  GtkWidget *button = sv_face_overlay_get_face_button (overlay, 0);

  return gtk_widget_get_mapped (button) && gtk_widget_get_width (button) >= 8;
}

static gboolean
analysis_done_again (gpointer data)
{
  SvAnalysisCounts counts;

  return analysis_idle (NULL) &&
         sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &counts, NULL) &&
         counts.done == counts.photos;
}

/* On the photo @item_id shown in @viewer: boxes on demand, a click on one
 * names it, "Remove Face" rejects it for good. */
static void
test_viewer_faces (SvViewer *viewer, gint64 item_id)
{
  SvFaceOverlay *overlay = SV_FACE_OVERLAY (must_find (GTK_WIDGET (viewer), "viewer-face-overlay"));
  GtkWidget *toggle = must_find (GTK_WIDGET (overlay), "viewer-faces-button");
  g_autoptr (GPtrArray) stored = sv_catalogue_list_faces (catalogue, item_id, FALSE, NULL);
  GtkWidget *popover, *entry;
  gint64 face_id;
  FaceCount count = { overlay, 0 };

  g_assert_true (wait_for (viewer_loaded, viewer));
  g_assert_true (wait_for (overlay_has_faces, overlay));
  g_assert_cmpuint (sv_face_overlay_get_n_faces (overlay), ==, stored->len);
  /* Hidden until asked for. */
  g_assert_true (gtk_widget_get_visible (toggle));
  g_assert_false (gtk_widget_get_visible (sv_face_overlay_get_face_button (overlay, 0)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (sv_face_overlay_get_faces_visible (overlay));
  g_assert_true (wait_for (face_boxes_placed, overlay));
  maybe_save_png (GTK_WIDGET (window), "viewer-faces.png");

  /* Click the first box, type a new name: the face goes to a new person
   * of that name (Jesper keeps the others). */
  face_id = sv_face_overlay_get_face_id (overlay, 0);
  g_signal_emit_by_name (sv_face_overlay_get_face_button (overlay, 0), "clicked");
  popover = must_find (GTK_WIDGET (overlay), "viewer-face-popover");
  g_assert_true (gtk_widget_get_visible (popover));
  entry = must_find (popover, "viewer-face-name-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Anna");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_get_visible (popover));
  {
    g_autoptr (SvFace) face = sv_catalogue_get_face (catalogue, face_id, NULL);
    g_autoptr (GArray) anna = sv_catalogue_find_people (catalogue, "Anna", NULL);

    g_assert_cmpstr (face->person_name, ==, "Anna");
    g_assert_true (face->confirmed);
    g_assert_cmpuint (anna->len, ==, 1);
    g_assert_cmpint (face->person_id, ==, g_array_index (anna, gint64, 0));
  }

  /* Remove Face: rejected, gone from the boxes... */
  count.n = stored->len - 1;
  g_assert_true (wait_for (overlay_has_faces, overlay));
  g_signal_emit_by_name (sv_face_overlay_get_face_button (overlay, 0), "clicked");
  face_id = sv_face_overlay_get_face_id (overlay, 0);
  g_signal_emit_by_name (must_find (popover, "viewer-face-remove"), "clicked");
  {
    g_autoptr (SvFace) face = sv_catalogue_get_face (catalogue, face_id, NULL);

    g_assert_true (face->rejected);
    g_assert_cmpint (face->person_id, ==, 0);
  }
  g_assert_true (wait_for (overlay_n_faces_is, &count));
  /* ...and after the photos are analysed again from scratch. */
  g_assert_true (sv_catalogue_reset_analysis (catalogue, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "people.analyse", NULL));
  g_assert_true (sv_ui_wait_for_turns (analysis_done_again, NULL, ANALYSIS_TURNS));
  {
    g_autoptr (GPtrArray) now = sv_catalogue_list_faces (catalogue, item_id, FALSE, NULL);
    g_autoptr (SvFace) face = sv_catalogue_get_face (catalogue, face_id, NULL);

    g_assert_cmpuint (now->len, ==, stored->len - 1);
    g_assert_true (face->rejected);
  }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (sv_face_overlay_get_faces_visible (overlay));
}

static void
test_open_photo (void)
{
  GtkWidget *photos;
  GListModel *items;
  g_autoptr (GArray) ids = sv_catalogue_list_person_items (catalogue, jesper_id, NULL);
  SvViewer *viewer;

  g_assert_cmpuint (ids->len, >=, 2);
  sv_people_view_show_person (view, jesper_id);
  g_assert_true (wait_for (person_page_loaded, &jesper_id));
  items = sv_people_view_get_person_items (view);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, ids->len);

  /* A click on the second photo opens the viewer on it. */
  photos = must_find (GTK_WIDGET (view), "people-photos");
  g_signal_emit_by_name (photos, "child-activated",
                         gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (photos), 1));
  g_assert_true (wait_for (viewer_shown, NULL));
  viewer = SV_VIEWER (sv_window_get_view (window, "viewer"));
  g_assert_cmpuint (sv_viewer_get_position (viewer), ==, 1);
  g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (viewer)), ==,
                   g_array_index (ids, gint64, 1));
  /* Next and previous go over Jesper's photos. */
  sv_viewer_previous (viewer);
  g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (viewer)), ==,
                   g_array_index (ids, gint64, 0));
  sv_viewer_next (viewer);
  sv_viewer_next (viewer);
  g_assert_cmpint (sv_media_item_get_id (sv_viewer_get_item (viewer)), ==,
                   g_array_index (ids, gint64, MIN (2, ids->len - 1)));

  /* Faces on demand: the button shows a box per face, with names. */
  test_viewer_faces (viewer, g_array_index (ids, gint64, MIN (2, ids->len - 1)));

  /* Closing it goes back to the person's page. */
  g_signal_emit_by_name (viewer, "close");
  sv_ui_flush ();
  g_assert_cmpstr (sv_window_get_page (window), ==, "library");
  g_assert_cmpstr (sv_window_get_section (window), ==, SV_SECTION_PEOPLE);
  g_assert_cmpint (sv_people_view_get_shown_person (view), ==, jesper_id);
}

static gboolean
window_idle (gpointer data)
{
  return !sv_window_get_importing (window);
}

static void
test_analysed_after_import (void)
{
  g_autofree char *dir = g_build_filename (base_dir, "more", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (dir);
  g_autoptr (GListStore) files = g_list_store_new (G_TYPE_FILE);
  guint n_more = sv_ui_copy_photos ("scenes", dir);

  g_assert_cmpuint (n_more, >=, 3);
  g_list_store_append (files, file);
  sv_window_import (window, G_LIST_MODEL (files));
  g_assert_true (sv_ui_wait_for_turns (window_idle, NULL, ANALYSIS_TURNS));
  /* Only the new photos (videos aside) are analysed, without asking. */
  g_assert_true (sv_ui_wait_for_turns (analysis_listed, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (sv_analysis_controller_get_total (analysis ()), <=, n_more);
  g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (sv_analysis_controller_get_failed (analysis ()), ==, 0);
  {
    SvAnalysisCounts counts;

    g_assert_true (
        sv_catalogue_get_analysis_counts (catalogue, SV_ANALYSIS_VERSION, &counts, NULL));
    g_assert_cmpuint (counts.done, ==, counts.photos);
    g_assert_cmpuint (counts.labelled, >, 0);
  }

  /* A photo the helper cannot read: counted as failed, said in the banner
   * until dismissed. (Imported without an automatic run, then spoilt.) */
  {
    g_autofree char *bad_dir = g_build_filename (base_dir, "bad", NULL);
    g_autofree char *bad_path = g_build_filename (bad_dir, "spoilt.jpg", NULL);
    g_autoptr (GFile) bad = g_file_new_for_path (bad_path);
    g_autoptr (GListStore) bad_files = g_list_store_new (G_TYPE_FILE);
    g_autoptr (GError) error = NULL;
    g_autofree char *expected = NULL;
    GtkWidget *banner = must_find (GTK_WIDGET (view), "people-analysis-banner");
    GtkWidget *dismiss = must_find (GTK_WIDGET (view), "people-analysis-dismiss");

    sv_analysis_controller_set_automatic (analysis (), FALSE);
    sv_ui_copy_photo ("camera/exifparser-starfish.jpg", bad_path);
    g_list_store_append (bad_files, bad);
    sv_window_import (window, G_LIST_MODEL (bad_files));
    g_assert_true (sv_ui_wait_for_turns (window_idle, NULL, ANALYSIS_TURNS));
    g_assert_false (sv_analysis_controller_get_running (analysis ()));
    g_assert_true (g_file_set_contents (bad_path, "not a JPEG any more", -1, &error));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "people.analyse", NULL));
    g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
    g_assert_cmpuint (sv_analysis_controller_get_total (analysis ()), ==, 1);
    g_assert_cmpuint (sv_analysis_controller_get_failed (analysis ()), ==, 1);
    expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Analysis finished; %u photo could not be read",
                                             "Analysis finished; %u photos could not be read", 1),
                                1);
    g_assert_cmpstr (sv_analysis_controller_get_status (analysis ()), ==, expected);
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
    g_assert_true (gtk_widget_get_visible (dismiss));
    maybe_save_png (GTK_WIDGET (window), "people-failed.png");
    g_signal_emit_by_name (dismiss, "clicked");
    g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
    sv_analysis_controller_set_automatic (analysis (), TRUE);
  }
}

static gboolean
faces_found (gpointer data)
{
  return analysis_idle (NULL) && count_faces () > 0;
}

static void
test_preferences (void)
{
  GtkWindow *prefs = sv_application_show_preferences (app);
  GtkWidget *faces_switch, *labels_switch, *cores;
  AdwMessageDialog *dialog;
  guint n_faces = count_faces ();

  g_assert_cmpuint (n_faces, >, 0);
  sv_ui_flush ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "analysis");
  faces_switch = must_find (GTK_WIDGET (prefs), "analysis-faces-switch");
  labels_switch = must_find (GTK_WIDGET (prefs), "analysis-labels-switch");
  cores = must_find (GTK_WIDGET (prefs), "analysis-cores-spin");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (faces_switch)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (labels_switch)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (cores)), ==,
                   (int) sv_catalogue_get_analysis_max_cores (catalogue));
  g_assert_false (
      gtk_widget_get_visible (must_find (GTK_WIDGET (prefs), "analysis-unavailable-row")));
  maybe_save_png (GTK_WIDGET (prefs), "people-preferences.png");

  /* Cores: as many as the machine has, stored in the catalogue. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cores), g_get_num_processors ());
  g_assert_cmpuint (sv_catalogue_get_analysis_max_cores (catalogue), ==, g_get_num_processors ());
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cores), 1);
  g_assert_cmpuint (sv_catalogue_get_analysis_max_cores (catalogue), ==, 1);

  /* Scene labels off: stored; the analysis then sends no labels. */
  gtk_switch_set_active (GTK_SWITCH (labels_switch), FALSE);
  g_assert_false (sv_catalogue_get_scene_labels (catalogue));
  gtk_switch_set_active (GTK_SWITCH (labels_switch), TRUE);
  g_assert_true (sv_catalogue_get_scene_labels (catalogue));

  /* Face recognition off, then "Keep": nothing erased. */
  gtk_switch_set_active (GTK_SWITCH (faces_switch), FALSE);
  g_assert_false (sv_catalogue_get_face_recognition (catalogue));
  g_assert_true (wait_for (sv_ui_has_dialog, "analysis-erase-dialog"));
  dialog = sv_ui_find_dialog ("analysis-erase-dialog");
  maybe_save_png (GTK_WIDGET (dialog), "people-erase-dialog.png");
  adw_message_dialog_response (dialog, "keep");
  sv_ui_flush ();
  g_assert_cmpuint (count_faces (), ==, n_faces);

  /* On, off again, "Erase": every face and person, names included. */
  gtk_switch_set_active (GTK_SWITCH (faces_switch), TRUE);
  g_assert_true (sv_catalogue_get_face_recognition (catalogue));
  g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
  gtk_switch_set_active (GTK_SWITCH (faces_switch), FALSE);
  g_assert_true (wait_for (sv_ui_has_dialog, "analysis-erase-dialog"));
  adw_message_dialog_response (sv_ui_find_dialog ("analysis-erase-dialog"), "erase");
  sv_ui_flush ();
  g_assert_cmpuint (count_faces (), ==, 0);
  {
    g_autoptr (GPtrArray) everyone = sv_catalogue_list_people (catalogue, TRUE, NULL);
    g_autoptr (GArray) found = sv_catalogue_find_people (catalogue, "Jesper", NULL);

    g_assert_cmpuint (everyone->len, ==, 0);
    g_assert_cmpuint (found->len, ==, 0);
  }
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_true (sv_people_view_get_empty (view));
  /* Off means off: an analysis now finds no face. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "people.analyse", NULL));
  g_assert_true (sv_ui_wait_for_turns (analysis_idle, NULL, ANALYSIS_TURNS));
  g_assert_cmpuint (count_faces (), ==, 0);
  {
    g_autofree char *state = NULL;

    g_object_get (view, "analysis-state", &state, NULL);
    g_assert_cmpstr (state, ==, _ ("Face recognition is turned off in Preferences"));
  }

  /* On again: the photos are analysed for faces by themselves. */
  gtk_switch_set_active (GTK_SWITCH (faces_switch), TRUE);
  g_assert_true (sv_ui_wait_for_turns (faces_found, NULL, ANALYSIS_TURNS));
  /* (The face removed in the viewer is back: its tombstone was erased.) */
  g_assert_cmpuint (count_faces (), >=, n_faces);
  g_assert_true (wait_for (view_matches_catalogue, NULL));
  g_assert_false (sv_people_view_get_empty (view));
  gtk_window_destroy (prefs);
  sv_ui_flush ();
}

static gboolean
models_found (gpointer people)
{
  return sv_analysis_controller_get_unavailable (sv_people_view_get_analysis_controller (people)) ==
         NULL;
}

static gboolean
state_available (gpointer people)
{
  g_autofree char *state = NULL;
  g_autofree char *prefix = g_strdup_printf (_ ("Analysis is unavailable: %s"), "");

  g_object_get (people, "analysis-state", &state, NULL);
  return state != NULL && !g_str_has_prefix (state, prefix);
}

static void
test_unavailable (void)
{
  g_autofree char *empty = g_build_filename (base_dir, "no-models", NULL);
  g_autofree char *library = g_build_filename (base_dir, "library-2", NULL);
  g_autofree char *old = g_strdup (g_getenv ("SOUVENIR_MODELS_DIR"));
  g_autoptr (SvCatalogue) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *unavailable_prefix = g_strdup_printf (_ ("Analysis is unavailable: %s"), "");
  GtkWindow *win;
  SvPeopleView *v;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("SOUVENIR_MODELS_DIR", empty, TRUE);
  other = sv_catalogue_open (library, &error);
  g_assert_no_error (error);
  win = GTK_WINDOW (gtk_window_new ());
  v = SV_PEOPLE_VIEW (sv_people_view_new ());
  gtk_window_set_child (win, GTK_WIDGET (v));
  gtk_window_present (win);
  sv_people_view_set_catalogue (v, other);
  sv_ui_flush_turns (100);
  g_object_get (v, "analysis-state", &state, NULL);
  g_assert_true (g_str_has_prefix (state, unavailable_prefix));
  g_assert_nonnull (
      sv_analysis_controller_get_unavailable (sv_people_view_get_analysis_controller (v)));
  g_assert_false (gtk_widget_is_sensitive (must_find (GTK_WIDGET (v), "people-analyse-button")));
  g_assert_true (g_str_has_prefix (
      gtk_widget_get_tooltip_text (must_find (GTK_WIDGET (v), "people-analyse-button")),
      unavailable_prefix));
  g_assert_false (
      sv_analysis_controller_start (sv_people_view_get_analysis_controller (v), &error));
  g_assert_error (error, SV_ERROR, SV_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* The models installed while the app runs: the next time the view is
   * shown, analysis is available, without reopening the library. */
  g_setenv ("SOUVENIR_MODELS_DIR", old, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (win), FALSE);
  sv_ui_flush ();
  gtk_window_present (win);
  g_assert_true (wait_for (models_found, v));
  g_assert_true (gtk_widget_is_sensitive (must_find (GTK_WIDGET (v), "people-analyse-button")));
  g_clear_pointer (&state, g_free);
  g_assert_true (wait_for (state_available, v));
  gtk_window_destroy (win);
  sv_ui_flush ();
}

int
main (int argc, char **argv)
{
  g_autofree char *unavailable = NULL;
  g_autofree char *library = NULL;
  const char *size = g_getenv ("SV_PEOPLE_SIZE");
  int width = 1400, height = 900;
  int status;

  base_dir = g_dir_make_tmp ("test-people-ui-XXXXXX", NULL);
  g_assert_nonnull (base_dir);
  {
    const char *vars[][2] = { { "XDG_DATA_HOME", "data" },
                              { "XDG_CACHE_HOME", "cache" },
                              { "XDG_CONFIG_HOME", "config" },
                              { "XDG_STATE_HOME", "state" } };

    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *path = g_build_filename (base_dir, vars[i][1], NULL);

        g_setenv (vars[i][0], path, TRUE);
      }
  }
  /* The strings compared are translated: any language works. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SOUVENIR_LOCALEDIR") != NULL
                                       ? g_getenv ("SOUVENIR_LOCALEDIR")
                                       : SV_SOURCE_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  sv_ui_test_init (&argc, &argv, SV_UI_TEST_QUIET_LIST_VIEW | SV_UI_TEST_ICONS);
  if (g_getenv ("SV_PEOPLE_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  unavailable = sv_analysis_get_unavailable_reason ();
  if (unavailable != NULL)
    {
      g_print ("SKIP: %s\n", unavailable);
      sv_ui_remove_tree (base_dir);
      return 77;
    }

  /* The library: copies of the faces photos, imported before the app
   * opens it (so the app finds them unanalysed). */
  {
    SvImportSummary *summary = NULL;

    g_object_unref (sv_ui_import_copies ("faces", base_dir, &summary));
    n_photos = summary->imported;
    sv_import_summary_free (summary);
    g_assert_cmpuint (n_photos, >=, 10);
  }
  library = g_build_filename (base_dir, "library", NULL);
  app = sv_ui_application_new (library);
  window = sv_ui_new_window (app, width, height);
  g_assert_true (wait_for (sv_ui_library_is_open, app));
  catalogue = sv_application_get_catalogue (app);

  g_test_add_func ("/people-ui/analysis-banner", test_analysis_banner);
  g_test_add_func ("/people-ui/name-merge-suggest", test_name_merge_suggest);
  g_test_add_func ("/people-ui/hidden", test_hidden);
  g_test_add_func ("/people-ui/open-photo", test_open_photo);
  g_test_add_func ("/people-ui/analysed-after-import", test_analysed_after_import);
  g_test_add_func ("/people-ui/preferences", test_preferences);
  g_test_add_func ("/people-ui/unavailable", test_unavailable);
  status = g_test_run ();

  sv_ui_destroy_window (window);
  sv_ui_application_free (app);
  sv_ui_remove_tree (base_dir);
  g_free (base_dir);
  return status;
}
