/* sv-heif-reader.h: HEIF/HEIC/AVIF metadata through libheif (no decoding)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-containers.h"

G_BEGIN_DECLS

/* Reads the primary image's size (after the container's irot/imir, which
 * the decoder applies) and its Exif and XMP blocks, from @path or, when
 * @path is NULL, from @data. When libheif refuses the file (a truncated
 * download whose image data is missing), the Exif item is looked up with
 * our own bounded box walker on @src so that the metadata is still read,
 * with the primary item's ispe size (turned by its irot) when there is one. Returns FALSE with
 * @error_message (g_free) set to libheif's reason when nothing could be read. */
gboolean
sv_heif_read (const char *path,
              const guint8 *data,
              gsize len,
              SvByteSource *src,
              SvContainerData *out,
              char **error_message);

/* The fallback alone: finds the Exif item through meta/iinf/iloc, and when
 * out->width/height are still 0 the primary item's size. */
gboolean
sv_heif_find_exif (SvByteSource *src, SvContainerData *out);

G_END_DECLS
