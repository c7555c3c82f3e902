/* sv-blob-kind.h: tells photos from videos by a blob's first bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many leading bytes sv_blob_kind_sniff() wants to see. */
#define SV_BLOB_KIND_SNIFF_LEN 64

typedef enum
{
  SV_BLOB_KIND_UNKNOWN,
  SV_BLOB_KIND_PHOTO,
  SV_BLOB_KIND_VIDEO,
} SvBlobKind;

/* Returns the kind of the data starting with @data (@len bytes, may be shorter
 * than SV_BLOB_KIND_SNIFF_LEN). When @format_out is given it receives a
 * static lower-case format name ("jpeg", "png", "heif", "mp4"…) or NULL. */
SvBlobKind
sv_blob_kind_sniff (const guint8 *data, gsize len, const char **format_out);

/* "photo", "video" or NULL for SV_BLOB_KIND_UNKNOWN. */
const char *
sv_blob_kind_to_string (SvBlobKind kind);
/* SV_BLOB_KIND_UNKNOWN for anything but "photo" and "video". */
SvBlobKind
sv_blob_kind_from_string (const char *str);

/* A file name extension for a format name from sv_blob_kind_sniff(). */
const char *
sv_blob_kind_extension (const char *format);

G_END_DECLS
