/* sv-viewer.c: the full-window viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One item of a list model at a time. The picture comes in two stages
 * (sv-image-loader.h): the cached preview at once, then the original
 * decoded in a worker; a newer item cancels both. Edits (favourite, rating,
 * rotation, trash) run in workers through the catalogue; the list model
 * follows the catalogue's changes and the viewer follows the list.
 */
#define G_LOG_DOMAIN "sv-viewer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <libportal/portal.h>

#include "sv-catalogue-orientation.h"
#include "sv-face-overlay.h"
#include "sv-image-loader.h"
#include "sv-item-list.h"
#include "sv-picture-view.h"
#include "sv-trash.h"
#include "sv-viewer-info.h"
#include "sv-viewer.h"

#define DEFAULT_SLIDESHOW_INTERVAL 5
#define CONTROLS_HIDE_SECONDS 2
#define ZOOM_STEP 1.25
#define SWIPE_MIN_VELOCITY 300.0

struct _SvViewer
{
  GtkWidget parent_instance;

  SvCatalogue *catalogue;
  GListModel *items;
  gulong items_changed_id;
  guint position;
  SvMediaItem *item;

  GCancellable *load_cancellable;
  gboolean loading;
  char *error;
  gboolean showing_original;
  int preview_state;      /* 0 pending, 1 shown, -1 failed */
  char *original_failure; /* why the original failed while the preview was pending */

  gboolean info_visible;
  gboolean slideshow;
  guint slideshow_interval;
  guint slideshow_id;
  guint hide_controls_id;

  XdpPortal *portal;
  GCancellable *cancellable; /* everything else in flight, cancelled in dispose */

  /* template */
  AdwFlap *flap;
  GtkOverlay *overlay;
  GtkStack *stack;
  SvPictureView *picture_view;
  GtkWidget *face_overlay; /* face boxes (owner: peopleui) */
  GtkVideo *video;
  AdwStatusPage *error_page;
  GtkRevealer *header_revealer;
  AdwWindowTitle *window_title;
  GtkWidget *menu_button;
  GtkWidget *favourite_button;
  GtkWidget *slideshow_button;
  GtkWidget *delete_button;
  GtkRevealer *previous_revealer;
  GtkRevealer *next_revealer;
  GtkRevealer *zoom_revealer;
  GtkSpinner *spinner;
  GtkButton *zoom_button;
  SvViewerInfo *info;
};

G_DEFINE_FINAL_TYPE (SvViewer, sv_viewer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_INFO_VISIBLE,
  PROP_ZOOM,
  PROP_SLIDESHOW,
  PROP_SLIDESHOW_INTERVAL,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLOSE,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
load_item (SvViewer *self);

/* ---- helpers ---- */

/* Takes @toast (a new reference); whoever shows it takes its own. */
static void
emit_toast (SvViewer *self, AdwToast *toast)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
  g_object_unref (toast);
}

/* For a toast owned by its sender (the face overlay). */
static void
emit_toast_ref (SvViewer *self, AdwToast *toast)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
}

static void
toast_message (SvViewer *self, const char *message)
{
  emit_toast (self, adw_toast_new (message));
}

static void
set_loading (SvViewer *self, gboolean loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static guint
n_items (SvViewer *self)
{
  return self->items != NULL ? g_list_model_get_n_items (self->items) : 0;
}

static void
update_actions (SvViewer *self)
{
  guint n = n_items (self);
  gboolean has_item = self->item != NULL;
  gboolean is_photo = has_item && sv_media_item_get_kind (self->item) == SV_MEDIA_KIND_PHOTO;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous",
                                 has_item && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next",
                                 has_item && self->position + 1 < n);
  for (guint i = 0; i < 5; i++)
    {
      const char *names[] = { "viewer.zoom-in", "viewer.zoom-out", "viewer.zoom-fit",
                              "viewer.zoom-original", "viewer.zoom-toggle" };
      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], is_photo);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.rotate", is_photo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.favourite", has_item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.rate", has_item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.delete", has_item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.open-with", has_item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.show-in-files", has_item);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_revealer), has_item && self->position > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->next_revealer), has_item && self->position + 1 < n);
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_revealer), is_photo);
}

static void
update_zoom_label (SvViewer *self)
{
  double zoom = sv_picture_view_get_zoom (self->picture_view);
  g_autofree char *label = NULL;

  if (zoom == 0)
    /* TRANSLATORS: the zoom button when the whole picture fits. */
    label = g_strdup (C_ ("zoom", "Fit"));
  else
    /* TRANSLATORS: a zoom level, "100 %". */
    label = g_strdup_printf (_ ("%.0f %%"), zoom * 100);
  gtk_button_set_label (self->zoom_button, label);
}

static void
update_header (SvViewer *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean favourite = FALSE;

  if (self->item != NULL)
    {
      g_autofree char *place = sv_viewer_info_format_place (self->item);
      const char *local = sv_media_item_get_taken_local (self->item);

      if (local != NULL)
        {
          g_autoptr (GDateTime) dt = NULL;
          int y, mo, d, h, mi;

          if (sscanf (local, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) == 5)
            dt = g_date_time_new_utc (y, mo, d, h, mi, 0);
          if (dt != NULL)
            {
              /* TRANSLATORS: the viewer's title, g_date_time_format () codes. */
              title = g_date_time_format (dt, C_ ("viewer title", "%A %-d %B %Y"));
              if (place != NULL)
                {
                  g_autofree char *time = g_date_time_format (dt, C_ ("viewer title", "%H:%M"));

                  subtitle = g_strdup_printf ("%s · %s", time, place);
                }
              else
                subtitle = g_date_time_format (dt, C_ ("viewer title", "%H:%M"));
            }
        }
      if (title == NULL)
        {
          const char *path = sv_media_item_get_path (self->item);

          title = path ? g_filename_display_basename (path) : g_strdup (_ ("No Date"));
          subtitle = g_steal_pointer (&place);
        }
      favourite = sv_media_item_get_favourite (self->item);
    }
  adw_window_title_set_title (self->window_title, title ? title : "");
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_button_set_icon_name (GTK_BUTTON (self->favourite_button),
                            favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->favourite_button,
                               favourite ? _ ("Remove from Favourites") : _ ("Add to Favourites"));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->favourite_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
      favourite ? _ ("Remove from Favourites") : _ ("Add to Favourites"), -1);
}

static void
show_error (SvViewer *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_loading (self, FALSE);
}

/* ---- loading ---- */

/* Keeps the preview on screen and says why it stays a preview. */
static void
preview_only (SvViewer *self, const char *why)
{
  g_autofree char *message = g_strdup_printf (_ ("Showing a preview. %s"), why);

  toast_message (self, message);
  set_loading (self, FALSE);
}

static void
on_original_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  SvViewer *self;

  texture = sv_image_loader_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (texture == NULL)
    {
      if (self->preview_state < 0)
        show_error (self, error->message);
      else if (self->preview_state > 0)
        preview_only (self, error->message);
      else
        /* Decided when the preview comes. */
        self->original_failure = g_strdup (error->message);
      return;
    }
  sv_picture_view_set_texture (self->picture_view, texture, 0, 0);
  self->showing_original = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "picture");
  set_loading (self, FALSE);
}

static void
on_preview_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  SvViewer *self;

  texture = sv_image_loader_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (texture != NULL && !self->showing_original)
    {
      int w = 0, h = 0;

      /* Drawn at the original's size, so that the zoom stays when the
       * original replaces it. */
      w = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (texture), "sv-content-width"));
      h = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (texture), "sv-content-height"));
      sv_picture_view_set_texture (self->picture_view, texture, w, h);
      gtk_stack_set_visible_child_name (self->stack, "picture");
    }
  else if (texture == NULL)
    g_debug ("No preview: %s", error->message);
  self->preview_state = texture != NULL ? 1 : -1;
  if (self->original_failure != NULL)
    {
      g_autofree char *why = g_steal_pointer (&self->original_failure);

      if (texture != NULL)
        preview_only (self, why);
      else
        show_error (self, why);
    }
}

static void
stop_video (SvViewer *self)
{
  GtkMediaStream *stream = gtk_video_get_media_stream (self->video);

  if (stream != NULL)
    gtk_media_stream_pause (stream);
  gtk_video_set_file (self->video, NULL);
}

static void
load_item (SvViewer *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->original_failure, g_free);
  self->preview_state = 0;
  self->showing_original = FALSE;
  sv_picture_view_set_texture (self->picture_view, NULL, 0, 0);
  sv_face_overlay_set_item (SV_FACE_OVERLAY (self->face_overlay), self->catalogue, self->item);

  if (self->item == NULL || self->catalogue == NULL)
    {
      stop_video (self);
      set_loading (self, FALSE);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  if (sv_media_item_get_kind (self->item) == SV_MEDIA_KIND_VIDEO)
    {
      const char *path = sv_media_item_get_path (self->item);

      if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *name = path ? g_filename_display_basename (path) : NULL;
          g_autofree char *message =
              name ? g_strdup_printf (_ ("The original “%s” is missing: it is not in its folder "
                                         "any more"),
                                      name)
                   : g_strdup (_ ("This item has no file"));

          stop_video (self);
          show_error (self, message);
          return;
        }
      gtk_video_set_filename (self->video, path);
      gtk_stack_set_visible_child_name (self->stack, "video");
      set_loading (self, FALSE);
      return;
    }

  stop_video (self);
  set_loading (self, TRUE);
  sv_image_loader_load_async (self->catalogue, self->item, SV_IMAGE_STAGE_PREVIEW,
                              self->load_cancellable, on_preview_loaded_cb, self);
  sv_image_loader_load_async (self->catalogue, self->item, SV_IMAGE_STAGE_ORIGINAL,
                              self->load_cancellable, on_original_loaded_cb, self);
}

/* Shows the item at @position (clamped), reloading the picture when the
 * item or how it shows changed. */
static void
set_position (SvViewer *self, guint position, gboolean force_reload)
{
  g_autoptr (SvMediaItem) item = NULL;
  guint n = n_items (self);
  gboolean reload;

  if (n == 0)
    {
      g_clear_object (&self->item);
      load_item (self);
      sv_viewer_info_set_item (self->info, NULL, NULL);
      update_actions (self);
      update_header (self);
      return;
    }
  position = MIN (position, n - 1);
  item = g_list_model_get_item (self->items, position);
  reload = force_reload || self->item == NULL || item == NULL ||
           sv_media_item_get_id (item) != sv_media_item_get_id (self->item) ||
           sv_media_item_get_orientation (item) != sv_media_item_get_orientation (self->item) ||
           g_strcmp0 (sv_media_item_get_primary_hash (item),
                      sv_media_item_get_primary_hash (self->item)) != 0 ||
           g_strcmp0 (sv_media_item_get_path (item), sv_media_item_get_path (self->item)) != 0;
  self->position = position;
  g_set_object (&self->item, item);
  if (reload)
    load_item (self);
  sv_viewer_info_set_item (self->info, self->catalogue, self->item);
  update_actions (self);
  update_header (self);
}

static int
find_item (SvViewer *self, gint64 id, guint from, guint to)
{
  if (SV_IS_ITEM_LIST (self->items))
    return sv_item_list_find (SV_ITEM_LIST (self->items), id);
  for (guint i = from; i < to && i < n_items (self); i++)
    {
      g_autoptr (SvMediaItem) item = g_list_model_get_item (self->items, i);

      if (item != NULL && sv_media_item_get_id (item) == id)
        return (int) i;
    }
  return -1;
}

static void
on_items_changed_cb (GListModel *model, guint position, guint removed, guint added, SvViewer *self)
{
  guint cur = self->position;
  gint64 id;
  int found;

  if (self->item == NULL)
    {
      set_position (self, 0, FALSE);
      return;
    }
  if (n_items (self) == 0)
    {
      set_position (self, 0, FALSE);
      g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
      return;
    }
  if (cur < position)
    {
      update_actions (self);
      return;
    }
  if (cur >= position + removed)
    {
      set_position (self, cur + added - removed, FALSE);
      return;
    }
  /* The item shown was in the range that changed: still there (edited, or
   * moved), or gone (then the one that took its place). */
  id = sv_media_item_get_id (self->item);
  found = find_item (self, id, position, position + added);
  if (found >= 0)
    set_position (self, (guint) found, FALSE);
  else
    set_position (self, position, FALSE);
}

/* ---- edits in workers ---- */

typedef enum
{
  EDIT_FAVOURITE,
  EDIT_RATING,
  EDIT_ROTATE,
  EDIT_TRASH,
  EDIT_RESTORE,
} EditKind;

typedef struct
{
  SvCatalogue *catalogue;
  gint64 id;
  EditKind kind;
  int number;
} Edit;

static void
edit_free (Edit *e)
{
  g_clear_object (&e->catalogue);
  g_free (e);
}

static void
edit_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Edit *e = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (e->kind)
    {
      case EDIT_FAVOURITE:
        ok = sv_catalogue_set_favourite (e->catalogue, e->id, e->number != 0, &error);
        break;
      case EDIT_RATING:
        ok = sv_catalogue_set_rating (e->catalogue, e->id, e->number, &error);
        break;
      case EDIT_ROTATE:
        ok = sv_catalogue_rotate_items (e->catalogue, &e->id, 1, e->number, &error);
        break;
      case EDIT_TRASH:
        ok = sv_trash_items (e->catalogue, &e->id, 1, &error);
        break;
      case EDIT_RESTORE:
        ok = sv_trash_restore_items (e->catalogue, &e->id, 1, NULL, &error);
        break;
      default:
        g_assert_not_reached ();
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_undo_clicked_cb (AdwToast *toast, SvViewer *self);

static void
on_edit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SvViewer) self = user_data;
  g_autoptr (GError) error = NULL;
  Edit *e = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast_message (self, error->message);
      return;
    }
  if (e->kind == EDIT_TRASH)
    {
      AdwToast *toast = adw_toast_new (_ ("Moved to the trash"));

      adw_toast_set_button_label (toast, _ ("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_object_set_data_full (G_OBJECT (toast), "sv-catalogue", g_object_ref (e->catalogue),
                              g_object_unref);
      g_object_set_data_full (G_OBJECT (toast), "sv-item-id", g_memdup2 (&e->id, sizeof e->id),
                              g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
      emit_toast (self, toast);
    }
}

static void
run_edit_on (SvViewer *self, SvCatalogue *catalogue, gint64 id, EditKind kind, int number)
{
  g_autoptr (GTask) task = NULL;
  Edit *e = g_new0 (Edit, 1);

  e->catalogue = g_object_ref (catalogue);
  e->id = id;
  e->kind = kind;
  e->number = number;
  task = g_task_new (NULL, NULL, on_edit_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_edit_on);
  g_task_set_task_data (task, e, (GDestroyNotify) edit_free);
  g_task_run_in_thread (task, edit_worker);
}

static void
run_edit (SvViewer *self, EditKind kind, int number)
{
  if (self->catalogue == NULL || self->item == NULL)
    return;
  run_edit_on (self, self->catalogue, sv_media_item_get_id (self->item), kind, number);
}

static void
on_undo_clicked_cb (AdwToast *toast, SvViewer *self)
{
  SvCatalogue *catalogue = g_object_get_data (G_OBJECT (toast), "sv-catalogue");
  gint64 *id = g_object_get_data (G_OBJECT (toast), "sv-item-id");

  if (catalogue != NULL && id != NULL)
    run_edit_on (self, catalogue, *id, EDIT_RESTORE, 0);
}

/* ---- slideshow and controls ---- */

static void
reveal_controls (SvViewer *self, gboolean reveal)
{
  gtk_revealer_set_reveal_child (self->header_revealer, reveal);
  gtk_revealer_set_reveal_child (self->previous_revealer, reveal);
  gtk_revealer_set_reveal_child (self->next_revealer, reveal);
  gtk_revealer_set_reveal_child (self->zoom_revealer, reveal);
}

static gboolean
on_hide_controls_cb (gpointer user_data)
{
  SvViewer *self = user_data;
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->menu_button));

  self->hide_controls_id = 0;
  if (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)))
    return G_SOURCE_REMOVE;
  reveal_controls (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_motion_cb (GtkEventControllerMotion *motion, double x, double y, SvViewer *self)
{
  reveal_controls (self, TRUE);
  g_clear_handle_id (&self->hide_controls_id, g_source_remove);
  self->hide_controls_id = g_timeout_add_seconds (CONTROLS_HIDE_SECONDS, on_hide_controls_cb, self);
}

static gboolean
on_slideshow_tick_cb (gpointer user_data)
{
  SvViewer *self = user_data;
  guint n = n_items (self);

  if (n == 0)
    return G_SOURCE_CONTINUE;
  set_position (self, self->position + 1 < n ? self->position + 1 : 0, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
restart_slideshow_timer (SvViewer *self)
{
  g_clear_handle_id (&self->slideshow_id, g_source_remove);
  if (self->slideshow)
    self->slideshow_id =
        g_timeout_add_seconds (self->slideshow_interval, on_slideshow_tick_cb, self);
}

/* ---- open with, show in files ---- */

static GtkWindow *
parent_window (SvViewer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

typedef struct
{
  SvViewer *self;
  GFile *file;
  char *uri;
} Opening;

static Opening *
opening_new (SvViewer *self, GFile *file, const char *uri)
{
  Opening *o = g_new0 (Opening, 1);

  o->self = g_object_ref (self);
  o->file = file != NULL ? g_object_ref (file) : NULL;
  o->uri = g_strdup (uri);
  return o;
}

static void
opening_free (Opening *o)
{
  g_clear_object (&o->self);
  g_clear_object (&o->file);
  g_free (o->uri);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_app_chooser_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
  g_autoptr (Opening) o = user_data;

  if (response == GTK_RESPONSE_OK)
    {
      g_autoptr (GAppInfo) app = gtk_app_chooser_get_app_info (GTK_APP_CHOOSER (dialog));
      g_autoptr (GdkAppLaunchContext) context =
          gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (dialog)));
      g_autoptr (GError) error = NULL;
      GList files = { o->file, NULL, NULL };

      if (app != NULL && !g_app_info_launch (app, &files, G_APP_LAUNCH_CONTEXT (context), &error))
        {
          g_autofree char *message =
              g_strdup_printf (_ ("Cannot open the file: %s"), error->message);

          toast_message (o->self, message);
        }
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_with_chooser (SvViewer *self, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *dialog;

  dialog = gtk_app_chooser_dialog_new (parent_window (self),
                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, file);
  g_signal_connect (dialog, "response", G_CALLBACK (on_app_chooser_response_cb),
                    opening_new (self, file, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  SvViewer *self;
  char *path;
} OpenWith;

static void
on_portal_open_uri_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OpenWith *ow = user_data;
  g_autoptr (GError) error = NULL;

  if (!xdp_portal_open_uri_finish (XDP_PORTAL (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* No portal here (or it failed): GTK's own chooser. */
      g_debug ("OpenURI portal: %s", error->message);
      open_with_chooser (ow->self, ow->path);
    }
  g_object_unref (ow->self);
  g_free (ow->path);
  g_free (ow);
}

static void
open_with (SvViewer *self)
{
  g_autoptr (GDBusConnection) bus = NULL;
  g_autofree char *uri = NULL;
  const char *path;
  XdpParent *parent;
  OpenWith *ow;

  if (self->item == NULL || (path = sv_media_item_get_path (self->item)) == NULL)
    return;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      open_with_chooser (self, path);
      return;
    }
  if (self->portal == NULL)
    self->portal = xdp_portal_new ();
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return;
  ow = g_new0 (OpenWith, 1);
  ow->self = g_object_ref (self);
  ow->path = g_strdup (path);
  parent = parent_window (self) ? xdp_parent_new_gtk (parent_window (self)) : NULL;
  xdp_portal_open_uri (self->portal, parent, uri, XDP_OPEN_URI_FLAG_ASK, self->cancellable,
                       on_portal_open_uri_cb, ow);
  if (parent != NULL)
    xdp_parent_free (parent);
}

static void
on_folder_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Opening) o = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_ ("Cannot open the folder: %s"), error->message);

      toast_message (o->self, message);
    }
}

static void
open_folder (Opening *o)
{
  g_autoptr (GdkAppLaunchContext) context =
      gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (o->self)));

  g_app_info_launch_default_for_uri_async (o->uri, G_APP_LAUNCH_CONTEXT (context),
                                           o->self->cancellable, on_folder_opened_cb, o);
}

static void
on_show_items_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Opening *o = user_data;
  g_autoptr (GVariant) ret = NULL;
  g_autoptr (GError) error = NULL;

  ret = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (ret != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      opening_free (o);
      return;
    }
  /* No file manager that selects files: open the folder. */
  g_debug ("FileManager1.ShowItems: %s", error->message);
  open_folder (o);
}

static void
show_in_files (SvViewer *self)
{
  g_autoptr (GDBusConnection) bus = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *folder_uri = NULL;
  const char *path;
  const char *uris[2] = { NULL, NULL };

  if (self->item == NULL || (path = sv_media_item_get_path (self->item)) == NULL)
    return;
  uri = g_filename_to_uri (path, NULL, NULL);
  dir = g_path_get_dirname (path);
  folder_uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri == NULL || folder_uri == NULL)
    return;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      open_folder (opening_new (self, NULL, folder_uri));
      return;
    }
  uris[0] = uri;
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, on_show_items_cb,
                          opening_new (self, NULL, folder_uri));
}

/* ---- actions ---- */

static void
action_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  SvViewer *self = SV_VIEWER (widget);
  SvPictureView *view = self->picture_view;
  double w = gtk_widget_get_width (GTK_WIDGET (view));
  double h = gtk_widget_get_height (GTK_WIDGET (view));

  if (g_str_equal (name, "viewer.next"))
    sv_viewer_next (self);
  else if (g_str_equal (name, "viewer.previous"))
    sv_viewer_previous (self);
  else if (g_str_equal (name, "viewer.close"))
    {
      if (self->slideshow)
        sv_viewer_set_slideshow (self, FALSE);
      else
        {
          stop_video (self);
          g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
        }
    }
  else if (g_str_equal (name, "viewer.zoom-in"))
    sv_picture_view_zoom_at (view, ZOOM_STEP, w / 2, h / 2);
  else if (g_str_equal (name, "viewer.zoom-out"))
    sv_picture_view_zoom_at (view, 1 / ZOOM_STEP, w / 2, h / 2);
  else if (g_str_equal (name, "viewer.zoom-fit"))
    sv_picture_view_set_zoom (view, 0);
  else if (g_str_equal (name, "viewer.zoom-original"))
    sv_picture_view_set_zoom (view, 1.0);
  else if (g_str_equal (name, "viewer.zoom-toggle"))
    sv_picture_view_set_zoom (view, sv_picture_view_get_zoom (view) == 0 ? 1.0 : 0);
  else if (g_str_equal (name, "viewer.favourite"))
    {
      if (self->item != NULL)
        run_edit (self, EDIT_FAVOURITE, !sv_media_item_get_favourite (self->item));
    }
  else if (g_str_equal (name, "viewer.rate"))
    run_edit (self, EDIT_RATING, CLAMP (g_variant_get_int32 (param), 0, 5));
  else if (g_str_equal (name, "viewer.rotate"))
    run_edit (self, EDIT_ROTATE, g_variant_get_int32 (param));
  else if (g_str_equal (name, "viewer.delete"))
    run_edit (self, EDIT_TRASH, 0);
  else if (g_str_equal (name, "viewer.open-with"))
    open_with (self);
  else if (g_str_equal (name, "viewer.show-in-files"))
    show_in_files (self);
  else
    g_assert_not_reached ();
}

static void
on_swipe_cb (GtkGestureSwipe *swipe, double vx, double vy, SvViewer *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  if (sv_picture_view_get_zoom (self->picture_view) != 0 || ABS (vx) < SWIPE_MIN_VELOCITY ||
      ABS (vx) < 2 * ABS (vy))
    return;
  if ((vx < 0) != rtl)
    sv_viewer_next (self);
  else
    sv_viewer_previous (self);
}

static void
on_zoom_notify_cb (SvViewer *self)
{
  update_zoom_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
on_info_toast_cb (SvViewer *self, AdwToast *toast)
{
  emit_toast (self, g_object_ref (toast));
}

/* ---- vfuncs ---- */

static void
sv_viewer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvViewer *self = SV_VIEWER (object);

  switch (prop_id)
    {
      case PROP_INFO_VISIBLE:
        g_value_set_boolean (value, self->info_visible);
        break;
      case PROP_ZOOM:
        g_value_set_double (value, sv_viewer_get_zoom (self));
        break;
      case PROP_SLIDESHOW:
        g_value_set_boolean (value, self->slideshow);
        break;
      case PROP_SLIDESHOW_INTERVAL:
        g_value_set_uint (value, self->slideshow_interval);
        break;
      case PROP_LOADING:
        g_value_set_boolean (value, self->loading);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_viewer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvViewer *self = SV_VIEWER (object);

  switch (prop_id)
    {
      case PROP_INFO_VISIBLE:
        sv_viewer_set_info_visible (self, g_value_get_boolean (value));
        break;
      case PROP_ZOOM:
        sv_viewer_set_zoom (self, g_value_get_double (value));
        break;
      case PROP_SLIDESHOW:
        sv_viewer_set_slideshow (self, g_value_get_boolean (value));
        break;
      case PROP_SLIDESHOW_INTERVAL:
        sv_viewer_set_slideshow_interval (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_viewer_dispose (GObject *object)
{
  SvViewer *self = SV_VIEWER (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->slideshow_id, g_source_remove);
  g_clear_handle_id (&self->hide_controls_id, g_source_remove);
  if (self->items != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->items);
  if (self->video != NULL)
    stop_video (self);
  g_clear_object (&self->item);
  g_clear_object (&self->items);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->portal);
  gtk_widget_dispose_template (GTK_WIDGET (self), SV_TYPE_VIEWER);

  G_OBJECT_CLASS (sv_viewer_parent_class)->dispose (object);
}

static void
sv_viewer_finalize (GObject *object)
{
  SvViewer *self = SV_VIEWER (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);
  g_free (self->original_failure);

  G_OBJECT_CLASS (sv_viewer_parent_class)->finalize (object);
}

static void
sv_viewer_class_init (SvViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *plain_actions[] = {
    "viewer.next",      "viewer.previous", "viewer.close",         "viewer.zoom-in",
    "viewer.zoom-out",  "viewer.zoom-fit", "viewer.zoom-original", "viewer.zoom-toggle",
    "viewer.favourite", "viewer.delete",   "viewer.open-with",     "viewer.show-in-files",
  };

  object_class->dispose = sv_viewer_dispose;
  object_class->finalize = sv_viewer_finalize;
  object_class->get_property = sv_viewer_get_property;
  object_class->set_property = sv_viewer_set_property;

  properties[PROP_INFO_VISIBLE] =
      g_param_spec_boolean ("info-visible", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
      g_param_spec_double ("zoom", NULL, NULL, 0, SV_PICTURE_VIEW_MAX_ZOOM, 0,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SLIDESHOW] =
      g_param_spec_boolean ("slideshow", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SLIDESHOW_INTERVAL] =
      g_param_spec_uint ("slideshow-interval", NULL, NULL, 1, 3600, DEFAULT_SLIDESHOW_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (SV_TYPE_PICTURE_VIEW);
  g_type_ensure (SV_TYPE_VIEWER_INFO);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/souvenir/Souvenir/ui/sv-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, SvViewer, flap);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, overlay);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, picture_view);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, video);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, header_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, window_title);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, slideshow_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, previous_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, next_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, zoom_revealer);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, SvViewer, info);

  for (guint i = 0; i < G_N_ELEMENTS (plain_actions); i++)
    gtk_widget_class_install_action (widget_class, plain_actions[i], NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "viewer.rate", "i", action_cb);
  gtk_widget_class_install_action (widget_class, "viewer.rotate", "i", action_cb);
  gtk_widget_class_install_property_action (widget_class, "viewer.info", "info-visible");
  gtk_widget_class_install_property_action (widget_class, "viewer.slideshow", "slideshow");
  gtk_widget_class_install_property_action (widget_class, "viewer.slideshow-interval",
                                            "slideshow-interval");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "viewer.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "viewer.info", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "viewer.info",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "viewer.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "viewer.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "viewer.favourite", NULL);
  for (int i = 0; i <= 5; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_CONTROL_MASK,
                                         "viewer.rate", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "viewer.rotate",
                                       "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "viewer.rotate", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "viewer.rotate", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "viewer.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "viewer.open-with", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "viewer.slideshow", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sv-viewer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sv_viewer_init (SvViewer *self)
{
  GtkEventController *motion;
  GtkGesture *swipe;

  self->slideshow_interval = DEFAULT_SLIDESHOW_INTERVAL;
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self->picture_view), TRUE);
  /* Face boxes over the picture, under the other overlays. */
  self->face_overlay = sv_face_overlay_new (self->picture_view);
  gtk_overlay_add_overlay (self->overlay, self->face_overlay);
  gtk_widget_insert_after (self->face_overlay, GTK_WIDGET (self->overlay),
                           GTK_WIDGET (self->stack));
  g_signal_connect_object (self->face_overlay, "toast", G_CALLBACK (emit_toast_ref), self,
                           G_CONNECT_SWAPPED);

  g_object_bind_property (self->flap, "reveal-flap", self, "info-visible",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* Narrow: fewer header buttons, the rest stays in the menu. */
  g_object_bind_property (self->flap, "folded", self->slideshow_button, "visible",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->flap, "folded", self->delete_button, "visible",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->picture_view, "notify::zoom", G_CALLBACK (on_zoom_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->info, "toast", G_CALLBACK (on_info_toast_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->info, "show-in-files", G_CALLBACK (show_in_files), self,
                           G_CONNECT_SWAPPED);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->overlay), motion);

  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (swipe), TRUE);
  g_signal_connect (swipe, "swipe", G_CALLBACK (on_swipe_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->picture_view), GTK_EVENT_CONTROLLER (swipe));

  update_zoom_label (self);
  set_loading (self, FALSE);
  update_actions (self);
}

/* ---- public ---- */

GtkWidget *
sv_viewer_new (void)
{
  return g_object_new (SV_TYPE_VIEWER, NULL);
}

void
sv_viewer_show (SvViewer *self, SvCatalogue *catalogue, GListModel *items, guint position)
{
  g_return_if_fail (SV_IS_VIEWER (self));
  g_return_if_fail (catalogue == NULL || SV_IS_CATALOGUE (catalogue));
  g_return_if_fail (items == NULL || G_IS_LIST_MODEL (items));

  if (self->items != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->items);
  g_set_object (&self->catalogue, catalogue);
  g_set_object (&self->items, items);
  if (items != NULL)
    self->items_changed_id =
        g_signal_connect (items, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  g_clear_object (&self->item);
  sv_picture_view_set_zoom (self->picture_view, 0);
  set_position (self, position, TRUE);
  reveal_controls (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->picture_view));
}

gpointer
sv_viewer_get_item (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), NULL);
  return self->item;
}

guint
sv_viewer_get_position (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), 0);
  return self->position;
}

void
sv_viewer_next (SvViewer *self)
{
  g_return_if_fail (SV_IS_VIEWER (self));
  if (self->item != NULL && self->position + 1 < n_items (self))
    {
      set_position (self, self->position + 1, FALSE);
      restart_slideshow_timer (self);
    }
}

void
sv_viewer_previous (SvViewer *self)
{
  g_return_if_fail (SV_IS_VIEWER (self));
  if (self->item != NULL && self->position > 0)
    {
      set_position (self, self->position - 1, FALSE);
      restart_slideshow_timer (self);
    }
}

gboolean
sv_viewer_get_info_visible (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), FALSE);
  return self->info_visible;
}

void
sv_viewer_set_info_visible (SvViewer *self, gboolean visible)
{
  g_return_if_fail (SV_IS_VIEWER (self));

  visible = !!visible;
  if (self->info_visible == visible)
    return;
  self->info_visible = visible;
  adw_flap_set_reveal_flap (self->flap, visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO_VISIBLE]);
}

double
sv_viewer_get_zoom (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), 0);
  return sv_picture_view_get_zoom (self->picture_view);
}

void
sv_viewer_set_zoom (SvViewer *self, double zoom)
{
  g_return_if_fail (SV_IS_VIEWER (self));
  sv_picture_view_set_zoom (self->picture_view, zoom);
}

gboolean
sv_viewer_get_slideshow (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), FALSE);
  return self->slideshow;
}

void
sv_viewer_set_slideshow (SvViewer *self, gboolean running)
{
  g_return_if_fail (SV_IS_VIEWER (self));

  running = !!running;
  if (self->slideshow == running)
    return;
  self->slideshow = running;
  restart_slideshow_timer (self);
  if (running)
    {
      sv_viewer_set_info_visible (self, FALSE);
      sv_picture_view_set_zoom (self->picture_view, 0);
    }
  reveal_controls (self, !running);
  gtk_button_set_icon_name (GTK_BUTTON (self->slideshow_button),
                            running ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLIDESHOW]);
}

guint
sv_viewer_get_slideshow_interval (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), DEFAULT_SLIDESHOW_INTERVAL);
  return self->slideshow_interval;
}

void
sv_viewer_set_slideshow_interval (SvViewer *self, guint seconds)
{
  g_return_if_fail (SV_IS_VIEWER (self));

  seconds = CLAMP (seconds, 1, 3600);
  if (self->slideshow_interval == seconds)
    return;
  self->slideshow_interval = seconds;
  restart_slideshow_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLIDESHOW_INTERVAL]);
}

gboolean
sv_viewer_get_loading (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), FALSE);
  return self->loading;
}

GdkTexture *
sv_viewer_get_texture (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), NULL);
  return sv_picture_view_get_texture (self->picture_view);
}

const char *
sv_viewer_get_error (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), NULL);
  return self->error;
}

GtkWidget *
sv_viewer_get_picture_view (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), NULL);
  return GTK_WIDGET (self->picture_view);
}

GtkWidget *
sv_viewer_get_info (SvViewer *self)
{
  g_return_val_if_fail (SV_IS_VIEWER (self), NULL);
  return GTK_WIDGET (self->info);
}
