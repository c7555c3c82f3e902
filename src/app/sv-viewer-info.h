/* sv-viewer-info.h: the viewer's info pane
 *
 * Shows an item's details (date with its time zone, place, camera and lens,
 * exposure, pixel and file size, file name and folder with "Show in
 * Files") and edits its caption, keywords, favourite and rating through
 * the catalogue, in a worker thread. Empty fields are hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sv-catalogue.h"

G_BEGIN_DECLS

#define SV_TYPE_VIEWER_INFO (sv_viewer_info_get_type ())
G_DECLARE_FINAL_TYPE (SvViewerInfo, sv_viewer_info, SV, VIEWER_INFO, AdwBin)

GtkWidget *
sv_viewer_info_new (void);
/* @item (nullable) of @catalogue. Reading its files runs in a worker. */
void
sv_viewer_info_set_item (SvViewerInfo *self, SvCatalogue *catalogue, SvMediaItem *item);
SvMediaItem *
sv_viewer_info_get_item (SvViewerInfo *self);

/* Signals:
 * - "toast" (AdwToast *toast): an edit failed, say so.
 * - "show-in-files" (): the user asked to see the file in the file manager. */

/* The values shown, as plain text (testable without a display). Each
 * returns NULL when the item has nothing to show there. */
/* "Tuesday 9 November 2021 at 16:09:55" */
char *
sv_viewer_info_format_date (SvMediaItem *item);
/* "UTC+01:00", "UTC−03:30", "UTC"; NULL when the item's offset is unknown. */
char *
sv_viewer_info_format_time_zone (SvMediaItem *item);
/* "Rome, Lazio, Italy" in the user's language where known. */
char *
sv_viewer_info_format_place (SvMediaItem *item);
/* "Pentax K-3 II" */
char *
sv_viewer_info_format_camera (SvMediaItem *item);
/* "f/5.6 · 1/200 s · ISO 100 · 21 mm" */
char *
sv_viewer_info_format_exposure (SvMediaItem *item);
/* "900 × 562 · 90.6 kB" (@bytes < 0: unknown). */
char *
sv_viewer_info_format_size (int width, int height, gint64 bytes);
/* "1:05", "1:02:03" */
char *
sv_viewer_info_format_duration (gint64 usec);

/* The pixel size the item shows at, the user's rotation applied
 * (@file_orientation: the file's own, see sv_catalogue_get_orientation). */
void
sv_viewer_info_displayed_size (SvMediaItem *item, int file_orientation, int *width, int *height);

/* The current text of each row (NULL when the row is hidden), for tests:
 * "date", "time-zone", "place", "camera", "lens", "exposure", "size",
 * "file-name", "folder", "caption", "keywords" (comma-separated). */
char *
sv_viewer_info_dup_field (SvViewerInfo *self, const char *field);

G_END_DECLS
