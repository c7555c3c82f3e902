/* sv-duplicates.h: near-duplicates (the same picture re-encoded, resized,
 * lightly cropped, rotated into its pixels, or with edited metadata)
 *
 * Exact duplicates (same bytes) are already one item with several
 * locations. Near-duplicates are found by the perceptual hash of each
 * photo's grid thumbnail (sv-phash.h), stored in items.phash: two photos
 * whose hashes differ by at most a threshold of bits are candidates, and so
 * are two photos recorded at the very same second (and millisecond, when
 * both record it) whose hashes differ by at most twice the threshold (at
 * most 24 bits): a crop moves the hash further than a re-encoding, and it
 * keeps the capture time. Candidates are joined into groups, closest pairs
 * first.
 *
 * Bursts are never grouped: two photos that both carry a capture time
 * written by the camera (EXIF or XMP, not a date guessed from a file name or
 * a file time) are the same moment only when they agree to the second (and
 * to the millisecond when both record sub-seconds), or differ by a whole
 * number of quarter hours up to 26 hours with the same seconds (a clock or
 * time-zone fix in an editor keeps minutes and seconds). Shots of one scene
 * seconds apart are different moments, and no group ever holds two
 * different moments, even through a third photo without a capture time.
 *
 * Each group suggests a keeper: the largest resolution, then the most
 * metadata, then the oldest (first imported).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sv-catalogue.h"
#include "sv-thumbnailer.h"

G_BEGIN_DECLS

/* Default and largest accepted Hamming threshold (bits out of 64). */
#define SV_DUPLICATES_DEFAULT_THRESHOLD 10
#define SV_DUPLICATES_MAX_THRESHOLD 20

/* ---- grouping, on plain values ---- */

#define SV_DUPLICATES_NO_MOMENT G_MININT64

typedef struct
{
  guint64 phash;
  /* Capture time as shot, in whole seconds on any fixed scale (the
   * wall-clock time read as UTC), or SV_DUPLICATES_NO_MOMENT. */
  gint64 moment;
  /* Its milliseconds, or -1 when the file records none. */
  int moment_msec;
} SvDuplicateKey;

/* Fills @key's moment from a catalogue capture time ("YYYY-MM-DDTHH:MM:SS"
 * with optional ".fff") when @date_source is "exif" or "xmp"; otherwise, or
 * when @taken_local cannot be parsed, the moment is unknown. */
void
sv_duplicate_key_set_moment (SvDuplicateKey *key, const char *taken_local, const char *date_source);

/* TRUE when the two keys may be the same moment (see above). */
gboolean
sv_duplicate_keys_same_moment (const SvDuplicateKey *a, const SvDuplicateKey *b);

/* Groups @keys whose hashes differ by at most @threshold bits (0..
 * SV_DUPLICATES_MAX_THRESHOLD), or twice that (at most 24) for keys at the
 * same second, and whose moments agree. Returns a GPtrArray
 * of GArray (guint indices into @keys, ascending), one per group of two or
 * more, ordered by their first index. Multi-index hashing over four 16-bit
 * bands: 100,000 keys take well under a second at the default threshold. */
GPtrArray *
sv_duplicates_group_keys (const SvDuplicateKey *keys, guint n, guint threshold);

/* ---- in the catalogue ---- */

/* Stores perceptual hashes; one transaction. Unknown ids are ignored. */
gboolean
sv_duplicates_store_phashes (SvCatalogue *catalogue,
                             const gint64 *ids,
                             const guint64 *phashes,
                             guint n,
                             GError **error);

/* The perceptual hash of the grid thumbnail cached for @sha256; FALSE when
 * there is no valid one or it cannot be decoded. */
gboolean
sv_duplicates_hash_thumbnail (SvThumbnailer *thumbnailer, const char *sha256, guint64 *phash);

/* Computes the missing hashes of live photos: from the cached grid
 * thumbnail, or from the original after making the thumbnail again.
 * @n_done / @n_failed (optional): how many got one / could not (their file
 * is missing or unreadable; they are tried again next time). FALSE only when
 * the catalogue cannot be used or on cancellation. */
gboolean
sv_duplicates_backfill (SvCatalogue *catalogue,
                        SvThumbnailer *thumbnailer,
                        guint *n_done,
                        guint *n_failed,
                        GCancellable *cancellable,
                        GError **error);

typedef struct
{
  GArray *items;      /* gint64 item ids: the suggested keeper first, then by id */
  guint max_distance; /* largest distance from the keeper's hash */
} SvDuplicateGroup;

void
sv_duplicate_group_free (SvDuplicateGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvDuplicateGroup, sv_duplicate_group_free)

/* The groups of near-duplicates among the live photos that have a hash
 * (run sv_duplicates_backfill first), as a GPtrArray of SvDuplicateGroup
 * ordered by their keeper's id. */
GPtrArray *
sv_duplicates_find (SvCatalogue *catalogue, guint threshold, GError **error);

/* Moves every item of @groups but their keepers to the trash (never
 * purges). @n_trashed (optional): how many. */
gboolean
sv_duplicates_trash_others (SvCatalogue *catalogue,
                            GPtrArray *groups,
                            guint *n_trashed,
                            GError **error);

G_END_DECLS
