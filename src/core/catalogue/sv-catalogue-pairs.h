/* sv-catalogue-pairs.h: RAW+JPEG pairs. A camera that writes both keeps
 * IMG_0001.CR2 and IMG_0001.JPG side by side; the library shows them as one
 * item whose JPEG is the original (what is displayed) and whose RAW file
 * has the role "raw".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"

G_BEGIN_DECLS

/* TRUE for the short format ids of camera RAW formats ("cr2", "dng", …). */
gboolean
sv_catalogue_format_is_raw (const char *format);

/* Looks at the items @item_ids (@n of them; the batch an import just
 * added) for RAW+JPEG pairs: a RAW item and a JPEG item whose files have
 * the same name but for the extension, in the same folder, with the same
 * capture time (to the second). When the RAW item was made by @import_id
 * (so it carries nothing the user did yet), its file moves into the JPEG
 * item with the role "raw" and the RAW item is removed, in one transaction.
 * For each entry merged away, @paired_into[i] receives the JPEG item's id
 * (0 otherwise; @paired_into may be NULL). The ids of all RAW items merged
 * away, those of earlier batches of the import included, are appended to
 * @merged_away (gint64, may be NULL). Emits ::changed once. */
gboolean
sv_catalogue_pair_raw_files (SvCatalogue *self,
                             gint64 import_id,
                             const gint64 *item_ids,
                             guint n,
                             gint64 *paired_into,
                             GArray *merged_away,
                             GError **error);

G_END_DECLS
