/* sv-albums-view.c: the Albums page, a grid of album cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkFlowBox of cards (a few hundred albums at most: no recycling
 * needed); a card is a 180 px square cover cropped with rounded corners,
 * the name and "12 items · 14 July 2024 – 2 August 2024" below.
 */
#define G_LOG_DOMAIN "sv-albums-view"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "sv-album.h"
#include "sv-albums-view.h"
#include "sv-thumb-image.h"

#define COVER_SIZE 180

struct _SvAlbumsView
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkFlowBox *flow_box;
  guint n_albums;
};

G_DEFINE_FINAL_TYPE (SvAlbumsView, sv_albums_view, ADW_TYPE_BIN)

enum
{
  SIGNAL_ALBUM_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static GDateTime *
parse_day (const char *day)
{
  int y, m, d;

  if (day == NULL || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_local (y, m, d, 12, 0, 0);
}

static GtkWidget *
card_new (SvAlbumsView *self, SvCatalogue *catalogue, SvAlbum *album, SvMediaItem *cover)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* The cover: a 180 px square whatever the picture's size (an overlay
   * is as big as its main child only). */
  GtkWidget *frame = gtk_overlay_new ();
  GtkWidget *square = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *title = gtk_label_new (sv_album_get_name (album));
  GtkWidget *details;
  guint n = sv_album_get_count (album);
  g_autofree char *dates =
      sv_albums_view_format_dates (sv_album_get_first_day (album), sv_album_get_last_day (album));
  /* Translators: %u is a number of photos and videos in an album */
  g_autofree char *count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
  g_autofree char *text = NULL;
  g_autofree char *name = g_strdup_printf ("album-card-%" G_GINT64_FORMAT, sv_album_get_id (album));
  g_autofree char *a11y = NULL;

  /* The count, then the dates, on two lines. */
  text = dates != NULL ? g_strdup_printf ("%s\n%s", count, dates) : g_strdup (count);
  details = gtk_label_new (text);
  a11y = g_strdup_printf ("%s, %s", sv_album_get_name (album), text);

  gtk_widget_set_name (child, name);
  g_object_set_data (G_OBJECT (child), "sv-album-id",
                     GSIZE_TO_POINTER ((gsize) sv_album_get_id (album)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  gtk_widget_set_size_request (square, COVER_SIZE, COVER_SIZE);
  gtk_overlay_set_child (GTK_OVERLAY (frame), square);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "album-cover");
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  if (cover != NULL && catalogue != NULL)
    {
      sv_thumb_image_load (GTK_PICTURE (picture), catalogue, cover);
      gtk_overlay_add_overlay (GTK_OVERLAY (frame), picture);
    }
  else
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("folder-pictures-symbolic");

      g_object_ref_sink (picture);
      g_object_unref (picture);
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 64);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_overlay_add_overlay (GTK_OVERLAY (frame), icon);
    }

  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 18);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_name (title, "album-card-title");
  gtk_label_set_justify (GTK_LABEL (details), GTK_JUSTIFY_CENTER);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (details), 24);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_set_name (details, "album-card-details");

  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  return child;
}

static void
on_child_activated_cb (SvAlbumsView *self, GtkFlowBoxChild *child)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (child), "sv-album-id"));

  if (id > 0)
    g_signal_emit (self, signals[SIGNAL_ALBUM_ACTIVATED], 0, id);
}

static void
sv_albums_view_class_init (SvAlbumsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * SvAlbumsView::album-activated:
   * @album_id: the album's id
   *
   * The user opened an album's card.
   */
  signals[SIGNAL_ALBUM_ACTIVATED] =
      g_signal_new ("album-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/souvenir/Souvenir/ui/sv-albums-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SvAlbumsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SvAlbumsView, flow_box);
  gtk_widget_class_bind_template_callback (widget_class, on_child_activated_cb);
}

static void
sv_albums_view_init (SvAlbumsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sv_albums_view_new (void)
{
  return g_object_new (SV_TYPE_ALBUMS_VIEW, NULL);
}

void
sv_albums_view_set_albums (SvAlbumsView *self,
                           SvCatalogue *catalogue,
                           GPtrArray *albums,
                           GPtrArray *covers)
{
  GtkWidget *child;

  g_return_if_fail (SV_IS_ALBUMS_VIEW (self));
  g_return_if_fail (covers == NULL || albums == NULL || covers->len == albums->len);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box))) != NULL)
    gtk_flow_box_remove (self->flow_box, child);
  self->n_albums = albums != NULL ? albums->len : 0;
  for (guint i = 0; i < self->n_albums; i++)
    gtk_flow_box_append (self->flow_box,
                         card_new (self, catalogue, g_ptr_array_index (albums, i),
                                   covers != NULL ? g_ptr_array_index (covers, i) : NULL));
  gtk_stack_set_visible_child_name (self->stack, self->n_albums > 0 ? "albums" : "empty");
}

guint
sv_albums_view_get_n_albums (SvAlbumsView *self)
{
  g_return_val_if_fail (SV_IS_ALBUMS_VIEW (self), 0);

  return self->n_albums;
}

GtkWidget *
sv_albums_view_get_card (SvAlbumsView *self, gint64 album_id)
{
  g_autofree char *name = g_strdup_printf ("album-card-%" G_GINT64_FORMAT, album_id);

  g_return_val_if_fail (SV_IS_ALBUMS_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_name (child), name))
      return child;
  return NULL;
}

char *
sv_albums_view_format_dates (const char *first_day, const char *last_day)
{
  g_autoptr (GDateTime) first = parse_day (first_day);
  g_autoptr (GDateTime) last = parse_day (last_day);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (first == NULL)
    return NULL;
  /* Translators: an album's first or last day ("14 July 2024"); see
   * g_date_time_format () */
  a = g_date_time_format (first, C_ ("album dates", "%-d %B %Y"));
  if (last == NULL || g_strcmp0 (first_day, last_day) == 0)
    return g_steal_pointer (&a);
  b = g_date_time_format (last, C_ ("album dates", "%-d %B %Y"));
  /* Translators: an album's date range: first day – last day */
  return g_strdup_printf (C_ ("album dates", "%s – %s"), a, b);
}
