/* sv-thumb-image.h: small thumbnails for lists and cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* Shows the grid thumbnail of @item (an SvMediaItem of @catalogue) in
 * @picture: made if missing and decoded in a worker; a previous load for
 * the same picture is cancelled. */
void
sv_thumb_image_load (GtkPicture *picture, SvCatalogue *catalogue, SvMediaItem *item);

G_END_DECLS
