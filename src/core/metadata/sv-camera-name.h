/* sv-camera-name.h: "NIKON CORPORATION" + "NIKON D750" -> "Nikon D750"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Builds a display name for a camera from EXIF Make and Model: the brand as
 * people write it, then the model, keeping the model's own case except
 * brand words ("NIKON D750" -> "Nikon D750"), without repeating the brand
 * when the model already starts with it. Trims NULs and whitespace. NULL
 * when both are NULL or empty. */
char *
sv_camera_name_normalise (const char *make, const char *model);

G_END_DECLS
