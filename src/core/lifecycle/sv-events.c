/* sv-events.c: automatic events and their titles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-events"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sv-error.h"
#include "sv-events.h"

#define SV_EVENTS_MAX_NAME_CHARS 100
/* Bound on how far an incremental update may widen its window. */
#define SV_EVENTS_MAX_WINDOW_ROUNDS 64

/* Folder names that say nothing about an event (compared case-folded). */
static const char *const meaningless_folders[] = {
  "dcim",
  "camera",
  "camera roll",
  "pictures",
  "photos",
  "photo",
  "images",
  "image",
  "img",
  "pics",
  "download",
  "downloads",
  "screenshots",
  "screenshot",
  "new folder",
  "untitled",
  "untitled folder",
  "import",
  "imports",
  "imported",
  "export",
  "exports",
  "backup",
  "backups",
  "bilder",
  "fotos",
  "foto",
  "appareil photo",
  "téléchargements",
  "captures d’écran",
  "captures d'écran",
  "whatsapp images",
  "misc",
  "divers",
  "nouveau dossier",
  "souvenir",
  "tmp",
  "temp",
  "unsorted",
  "raw",
  "jpeg",
  "jpg",
  "originals",
  "trash",
  "photos library",
};

/* ---- folder names ---- */

typedef enum
{
  TOKEN_WORD,
  TOKEN_NUMBER,
  TOKEN_DATE, /* a year (1900-2099), YYYYMM or YYYYMMDD */
} TokenKind;

typedef struct
{
  char *text;
  TokenKind kind;
  gboolean removed;
} Token;

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '\'' || c == 0x2019 || c == '&' || g_unichar_ismark (c);
}

static TokenKind
classify (const char *t)
{
  gsize len = strlen (t);
  int y = 0, m = 0, d = 0;

  for (gsize k = 0; k < len; k++)
    if (!g_ascii_isdigit (t[k]))
      return TOKEN_WORD;
  if (len >= 4)
    y = (int) g_ascii_strtoll (t, NULL, 10) / (len == 4   ? 1
                                               : len == 6 ? 100
                                               : len == 8 ? 10000
                                                          : 1);
  if (len == 4 && y >= 1900 && y <= 2099)
    return TOKEN_DATE;
  if (len == 6 || len == 8)
    {
      g_autofree char *ys = g_strndup (t, 4);
      g_autofree char *ms = g_strndup (t + 4, 2);

      y = atoi (ys);
      m = atoi (ms);
      d = len == 8 ? atoi (t + 6) : 1;
      if (y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        return TOKEN_DATE;
    }
  return TOKEN_NUMBER;
}

static gboolean
is_camera_folder (const char *name)
{
  /* DCF folders: three digits then five characters ("100CANON", "101_PANA"). */
  if (strlen (name) != 8)
    return FALSE;
  for (int k = 0; k < 3; k++)
    if (!g_ascii_isdigit (name[k]))
      return FALSE;
  for (int k = 3; k < 8; k++)
    if (!g_ascii_isalnum (name[k]) && name[k] != '_')
      return FALSE;
  return TRUE;
}

static void
token_clear (gpointer data)
{
  Token *t = data;
  g_clear_pointer (&t->text, g_free);
}

char *
sv_events_name_from_folder (const char *folder_name)
{
  g_autofree char *utf8 = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *folded = NULL;
  g_autoptr (GArray) tokens = NULL;
  g_autoptr (GString) out = NULL;
  gboolean changed, has_letter = FALSE;
  const char *p;
  guint first = 0, last;

  if (folder_name == NULL || *folder_name == '\0' || strlen (folder_name) > 4096)
    return NULL;
  utf8 = g_utf8_validate (folder_name, -1, NULL) ? g_strdup (folder_name)
                                                 : g_filename_display_name (folder_name);
  norm = g_utf8_normalize (utf8, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  if (norm == NULL || is_camera_folder (norm))
    return NULL;

  tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_array_set_clear_func (tokens, token_clear);
  for (p = norm; *p != '\0';)
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      {
        Token t = { g_strndup (start, (gsize) (p - start)), TOKEN_WORD, FALSE };
        t.kind = classify (t.text);
        t.removed = t.kind == TOKEN_DATE;
        g_array_append_val (tokens, t);
      }
    }

  /* Day and month numbers next to a date go with it ("2026-07", "14.07.2026"). */
  do
    {
      changed = FALSE;
      for (guint k = 0; k < tokens->len; k++)
        {
          Token *t = &g_array_index (tokens, Token, k);

          if (t->removed || t->kind != TOKEN_NUMBER || strlen (t->text) > 2)
            continue;
          if ((k > 0 && g_array_index (tokens, Token, k - 1).removed &&
               g_array_index (tokens, Token, k - 1).kind != TOKEN_WORD) ||
              (k + 1 < tokens->len && g_array_index (tokens, Token, k + 1).removed &&
               g_array_index (tokens, Token, k + 1).kind != TOKEN_WORD))
            {
              t->removed = TRUE;
              changed = TRUE;
            }
        }
    }
  while (changed);

  /* Numbering at either end ("01 - Italie"). */
  last = tokens->len;
  while (first < last && (g_array_index (tokens, Token, first).removed ||
                          g_array_index (tokens, Token, first).kind != TOKEN_WORD))
    first++;
  while (last > first && (g_array_index (tokens, Token, last - 1).removed ||
                          g_array_index (tokens, Token, last - 1).kind != TOKEN_WORD))
    last--;

  out = g_string_new (NULL);
  for (guint k = first; k < last; k++)
    {
      Token *t = &g_array_index (tokens, Token, k);

      if (t->removed)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, t->text);
      for (const char *q = t->text; *q; q = g_utf8_next_char (q))
        if (g_unichar_isalpha (g_utf8_get_char (q)))
          has_letter = TRUE;
    }
  if (!has_letter)
    return NULL;

  folded = g_utf8_casefold (out->str, -1);
  for (guint k = 0; k < G_N_ELEMENTS (meaningless_folders); k++)
    if (g_str_equal (folded, meaningless_folders[k]))
      return NULL;

  if (g_utf8_strlen (out->str, -1) > SV_EVENTS_MAX_NAME_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, SV_EVENTS_MAX_NAME_CHARS);
      g_string_truncate (out, (gsize) (end - out->str));
    }
  {
    gunichar c = g_utf8_get_char (out->str);
    gboolean mixed_case = FALSE;

    /* "vacances Italie" → "Vacances Italie", but "iPhone" stays. */
    for (const char *q = out->str; *q != '\0' && *q != ' '; q = g_utf8_next_char (q))
      if (g_unichar_isupper (g_utf8_get_char (q)))
        mixed_case = TRUE;
    if (g_unichar_islower (c) && !mixed_case)
      {
        char buf[8];
        int n = g_unichar_to_utf8 (g_unichar_totitle (c), buf);
        const char *rest = g_utf8_next_char (out->str);
        g_autofree char *tail = g_strdup (rest);

        g_string_truncate (out, 0);
        g_string_append_len (out, buf, n);
        g_string_append (out, tail);
      }
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- times ---- */

/* "YYYY-MM-DDTHH:MM:SS…" → seconds, read as UTC; FALSE if malformed. */
static gboolean
local_to_seconds (const char *local, gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  if (local == NULL || strlen (local) < 19 || local[4] != '-' || local[7] != '-' ||
      local[10] != 'T')
    return FALSE;
  if (sscanf (local, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return FALSE;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static char *
seconds_to_local (gint64 t)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (CLAMP (t, -62135596800, 253402300799));

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : g_strdup ("0001-01-01T00:00:00");
}

gint64
sv_events_get_gap_seconds (SvCatalogue *catalogue)
{
  g_autofree char *value = sv_catalogue_get_setting (catalogue, "event-gap-hours");
  gint64 hours = 8;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 1, 24 * 366, &hours, NULL))
    hours = 8;
  return hours * 3600;
}

/* ---- clustering ---- */

typedef struct
{
  char *name;
  gint64 start, end;
  GArray *item_ids;
} Group;

static void
group_clear (gpointer data)
{
  Group *g = data;

  g_clear_pointer (&g->name, g_free);
  g_clear_pointer (&g->item_ids, g_array_unref);
}

static int
group_cmp (gconstpointer a, gconstpointer b)
{
  const Group *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

static void
group_add (Group *g, gint64 item_id, gint64 time)
{
  if (g->item_ids == NULL)
    {
      g->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g->start = g->end = time;
    }
  g_array_append_val (g->item_ids, item_id);
  g->start = MIN (g->start, time);
  g->end = MAX (g->end, time);
}

GPtrArray *
sv_events_cluster (const SvEventCandidate *candidates, guint n, gint64 gap_seconds)
{
  g_autoptr (GHashTable) folder_names =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) open_named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) named = g_array_new (FALSE, TRUE, sizeof (Group));
  g_autoptr (GArray) plain = g_array_new (FALSE, TRUE, sizeof (Group));
  g_autoptr (GArray) unnamed = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *out;

  g_return_val_if_fail (candidates != NULL || n == 0, NULL);

  g_array_set_clear_func (named, group_clear);
  g_array_set_clear_func (plain, group_clear);
  if (gap_seconds <= 0)
    gap_seconds = 8 * 3600;

  /* Named folders: one group per name, split only on very long gaps. */
  for (guint k = 0; k < n; k++)
    {
      const SvEventCandidate *c = &candidates[k];
      const char *name = NULL;

      if (c->folder != NULL)
        {
          if (!g_hash_table_lookup_extended (folder_names, c->folder, NULL, (gpointer *) &name))
            {
              char *parsed = sv_events_name_from_folder (c->folder);
              g_hash_table_insert (folder_names, g_strdup (c->folder), parsed);
              name = parsed;
            }
        }
      if (name == NULL)
        {
          g_array_append_val (unnamed, k);
          continue;
        }
      {
        g_autofree char *key = g_utf8_casefold (name, -1);
        gpointer idx_ptr;
        Group *g = NULL;

        if (g_hash_table_lookup_extended (open_named, key, NULL, &idx_ptr))
          {
            g = &g_array_index (named, Group, GPOINTER_TO_UINT (idx_ptr));
            if (c->time - g->end > SV_EVENTS_FOLDER_GAP_SECONDS)
              g = NULL;
          }
        if (g == NULL)
          {
            Group fresh = { g_strdup (name), 0, 0, NULL };
            g_array_append_val (named, fresh);
            g_hash_table_replace (open_named, g_steal_pointer (&key),
                                  GUINT_TO_POINTER (named->len - 1));
            g = &g_array_index (named, Group, named->len - 1);
          }
        group_add (g, c->item_id, c->time);
      }
    }
  g_array_sort (named, group_cmp);

  /* Photos without a folder name join a named group they fall within the
   * gap of, else group by time. */
  for (guint u = 0; u < unnamed->len; u++)
    {
      const SvEventCandidate *c = &candidates[g_array_index (unnamed, guint, u)];
      Group *best = NULL;
      gint64 best_distance = G_MAXINT64;
      guint lo = 0, hi = named->len;

      /* First group starting after the photo. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (g_array_index (named, Group, mid).start <= c->time)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint k = lo >= 3 ? lo - 3 : 0; k < MIN (lo + 2, named->len); k++)
        {
          Group *g = &g_array_index (named, Group, k);
          gint64 distance = c->time < g->start ? g->start - c->time
                            : c->time > g->end ? c->time - g->end
                                               : 0;
          if (distance <= gap_seconds && distance < best_distance)
            best = g, best_distance = distance;
        }
      if (best != NULL)
        {
          g_array_append_val (best->item_ids, c->item_id);
          continue;
        }
      if (plain->len == 0 ||
          c->time - g_array_index (plain, Group, plain->len - 1).end > gap_seconds)
        {
          Group fresh = { NULL, 0, 0, NULL };
          g_array_append_val (plain, fresh);
        }
      group_add (&g_array_index (plain, Group, plain->len - 1), c->item_id, c->time);
    }

  g_array_append_vals (named, plain->data, plain->len);
  /* The groups moved: plain must not free them. */
  g_array_set_clear_func (plain, NULL);
  g_array_sort (named, group_cmp);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_cluster_free);
  for (guint k = 0; k < named->len; k++)
    {
      Group *g = &g_array_index (named, Group, k);
      SvEventCluster *cl = g_new0 (SvEventCluster, 1);

      cl->name = g_steal_pointer (&g->name);
      cl->item_ids = g_steal_pointer (&g->item_ids);
      g_ptr_array_add (out, cl);
    }
  return out;
}

/* ---- updating the catalogue ---- */

typedef struct
{
  gint64 id;
  gint64 start, end;
} Span;

/* Re-clusters the items in [@from, @to] (seconds; @all: everything) that
 * are in no event or in an automatic one. */
static gboolean
update_window (SvCatalogue *catalogue, gboolean all, gint64 from, gint64 to, GError **error)
{
  gint64 gap = sv_events_get_gap_seconds (catalogue);
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GArray) dissolve = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) dissolve_set = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) pinned = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr (GArray) candidates = NULL;
  g_autoptr (GArray) pool = g_array_new (FALSE, FALSE, sizeof (SvEventCandidate));
  g_autoptr (GPtrArray) clusters = NULL;
  g_autoptr (GPtrArray) attached =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sv_event_cluster_free);
  g_autoptr (GHashTable) used = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  /* Widen the window over the automatic events it touches. */
  for (guint round = 0; round < SV_EVENTS_MAX_WINDOW_ROUNDS; round++)
    {
      gboolean widened = FALSE;

      g_clear_pointer (&from_text, g_free);
      g_clear_pointer (&to_text, g_free);
      if (!all)
        {
          from_text = seconds_to_local (from);
          to_text = seconds_to_local (to);
        }
      g_clear_pointer (&stored, g_ptr_array_unref);
      stored = sv_catalogue_events_list_stored (catalogue, from_text, to_text, error);
      if (stored == NULL)
        return FALSE;
      if (all)
        break;
      for (guint k = 0; k < stored->len; k++)
        {
          SvEventInfo *e = g_ptr_array_index (stored, k);
          gint64 s, t;

          if (e->pinned || !local_to_seconds (e->start_local, &s) ||
              !local_to_seconds (e->end_local, &t))
            continue;
          if (s - gap < from)
            from = s - gap, widened = TRUE;
          if (t + gap > to)
            to = t + gap, widened = TRUE;
        }
      /* Photos in no event close to the window's edges belong with it. */
      g_clear_pointer (&candidates, g_array_unref);
      candidates =
          sv_catalogue_events_load_candidates (catalogue, NULL, 0, from_text, to_text, error);
      if (candidates == NULL)
        return FALSE;
      for (guint k = 0; k < candidates->len; k++)
        {
          SvEventCandidate *c = &g_array_index (candidates, SvEventCandidate, k);

          if (c->event_id != 0)
            continue;
          if (c->time - gap < from)
            from = c->time - gap, widened = TRUE;
          if (c->time + gap > to)
            to = c->time + gap, widened = TRUE;
        }
      if (!widened)
        break;
      if (round + 1 == SV_EVENTS_MAX_WINDOW_ROUNDS)
        return update_window (catalogue, TRUE, 0, 0, error);
    }

  for (guint k = 0; k < stored->len; k++)
    {
      SvEventInfo *e = g_ptr_array_index (stored, k);

      if (!e->pinned)
        {
          g_array_append_val (dissolve, e->id);
          g_hash_table_add (dissolve_set, &e->id);
        }
    }

  if (candidates == NULL)
    {
      candidates =
          sv_catalogue_events_load_candidates (catalogue, NULL, 0, from_text, to_text, error);
      if (candidates == NULL)
        return FALSE;
    }

  /* New photos close (within the gap) to a photo of one of the user's
   * events join it. */
  for (guint k = 0; k < candidates->len; k++)
    {
      SvEventCandidate *c = &g_array_index (candidates, SvEventCandidate, k);

      if (c->event_id != 0 && c->pinned && !g_hash_table_contains (dissolve_set, &c->event_id))
        {
          Span member = { c->event_id, c->time, c->time };
          g_array_append_val (pinned, member);
        }
    }
  for (guint k = 0; k < candidates->len; k++)
    {
      SvEventCandidate *c = &g_array_index (candidates, SvEventCandidate, k);
      Span *best = NULL;
      gint64 best_distance = G_MAXINT64;
      guint lo = 0, hi = pinned->len;

      if (c->event_id != 0 && (c->user_set || !g_hash_table_contains (dissolve_set, &c->event_id)))
        continue;
      /* @pinned is in time order (candidates are): the first member after the photo. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (g_array_index (pinned, Span, mid).start <= c->time)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint p = lo > 0 ? lo - 1 : 0; p < MIN (lo + 1, pinned->len); p++)
        {
          Span *s = &g_array_index (pinned, Span, p);
          gint64 distance = ABS (c->time - s->start);

          if (distance <= gap && distance < best_distance)
            best = s, best_distance = distance;
        }
      if (best != NULL)
        {
          SvEventCluster *cl = NULL;

          for (guint a = 0; a < attached->len; a++)
            if (((SvEventCluster *) g_ptr_array_index (attached, a))->event_id == best->id)
              cl = g_ptr_array_index (attached, a);
          if (cl == NULL)
            {
              cl = g_new0 (SvEventCluster, 1);
              cl->event_id = best->id;
              cl->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_ptr_array_add (attached, cl);
            }
          g_array_append_val (cl->item_ids, c->item_id);
          continue;
        }
      g_array_append_vals (pool, c, 1);
    }

  clusters = sv_events_cluster ((const SvEventCandidate *) (gpointer) pool->data, pool->len, gap);

  /* Keep the ids of the automatic events the clusters mostly come from. */
  {
    g_autoptr (GHashTable) old_of = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint k = 0; k < pool->len; k++)
      {
        SvEventCandidate *c = &g_array_index (pool, SvEventCandidate, k);
        if (c->event_id != 0)
          g_hash_table_insert (old_of, &c->item_id, &c->event_id);
      }
    for (guint k = 0; k < clusters->len; k++)
      {
        SvEventCluster *cl = g_ptr_array_index (clusters, k);
        g_autoptr (GHashTable) counts = g_hash_table_new (g_int64_hash, g_int64_equal);
        GHashTableIter iter;
        gpointer key, value;
        guint best_count = 0;
        gint64 best = 0;

        for (guint i = 0; i < cl->item_ids->len; i++)
          {
            gint64 *old = g_hash_table_lookup (old_of, &g_array_index (cl->item_ids, gint64, i));
            if (old != NULL && !g_hash_table_contains (used, old))
              g_hash_table_insert (
                  counts, old,
                  GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, old)) + 1));
          }
        g_hash_table_iter_init (&iter, counts);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            guint count = GPOINTER_TO_UINT (value);
            gint64 id = *(gint64 *) key;

            if (count > best_count || (count == best_count && id < best))
              best_count = count, best = id;
          }
        if (best != 0)
          {
            cl->event_id = best;
            g_hash_table_add (used, &cl->event_id);
          }
      }
  }

  for (guint k = 0; k < attached->len; k++)
    g_ptr_array_add (clusters, g_steal_pointer (&attached->pdata[k]));
  return sv_catalogue_events_apply (catalogue, (const gint64 *) (gpointer) dissolve->data,
                                    dissolve->len, clusters, error);
}

gboolean
sv_events_update_for_items (SvCatalogue *catalogue, const gint64 *ids, guint n, GError **error)
{
  g_autoptr (GArray) candidates = NULL;
  gint64 from = G_MAXINT64, to = G_MININT64;
  gint64 gap;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);

  if (n == 0)
    return TRUE;
  candidates = sv_catalogue_events_load_candidates (catalogue, ids, n, NULL, NULL, error);
  if (candidates == NULL)
    return FALSE;
  for (guint k = 0; k < candidates->len; k++)
    {
      SvEventCandidate *c = &g_array_index (candidates, SvEventCandidate, k);
      if (c->event_id != 0)
        continue;
      from = MIN (from, c->time);
      to = MAX (to, c->time);
    }
  if (from > to)
    return TRUE; /* nothing new to place */
  gap = sv_events_get_gap_seconds (catalogue);
  return update_window (catalogue, FALSE, from - gap, to + gap, error);
}

gboolean
sv_events_recompute (SvCatalogue *catalogue, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), FALSE);

  return update_window (catalogue, TRUE, 0, 0, error);
}

/* ---- titles ---- */

static GDateTime *
parse_local (const char *local)
{
  gint64 t;

  if (!local_to_seconds (local, &t))
    return NULL;
  return g_date_time_new_from_unix_utc (t);
}

char *
sv_events_format_dates (const char *first_local, const char *last_local)
{
  g_autoptr (GDateTime) a = parse_local (first_local);
  g_autoptr (GDateTime) b = parse_local (last_local ? last_local : first_local);
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  if (a == NULL)
    return NULL;
  if (b == NULL || g_date_time_compare (b, a) < 0)
    b = g_date_time_ref (a);

  /* TRANSLATORS: a day in an event's dates, for g_date_time_format(): "12 July 2026" */
  right = g_date_time_format (b, _ ("%-d %B %Y"));
  if (g_date_time_get_year (a) == g_date_time_get_year (b) &&
      g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b))
    return g_steal_pointer (&right);
  if (g_date_time_get_year (a) == g_date_time_get_year (b) &&
      g_date_time_get_month (a) == g_date_time_get_month (b))
    {
      /* TRANSLATORS: the first day of a range within one month, for g_date_time_format() */
      left = g_date_time_format (a, _ ("%-d"));
      /* TRANSLATORS: a range of days in one month: "12–19 July 2026" */
      return g_strdup_printf (_ ("%s–%s"), left, right);
    }
  if (g_date_time_get_year (a) == g_date_time_get_year (b))
    /* TRANSLATORS: the first day of a range within one year, for g_date_time_format(): "30 June" */
    left = g_date_time_format (a, _ ("%-d %B"));
  else
    left = g_date_time_format (a, _ ("%-d %B %Y"));
  /* TRANSLATORS: a range of days across months: "30 June – 2 July 2026" */
  return g_strdup_printf (_ ("%s – %s"), left, right);
}

char *
sv_events_dup_title (const SvEventInfo *info)
{
  g_autofree char *dates = NULL;
  const char *place;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->name != NULL && *info->name != '\0')
    return g_strdup (info->name);
  dates = sv_events_format_dates (info->first_local ? info->first_local : info->start_local,
                                  info->last_local ? info->last_local : info->end_local);
  place = info->city ? info->city : info->country;
  if (dates == NULL)
    return g_strdup (place ? place : _ ("Event"));
  if (place == NULL)
    return g_steal_pointer (&dates);
  /* TRANSLATORS: an event's title: a place and dates, "Rome, 12–19 July 2026" */
  return g_strdup_printf (_ ("%s, %s"), place, dates);
}

/* ---- managed folders ---- */

static char *
folder_safe (const char *name)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c) || g_unichar_isspace (c))
        {
          space = s->len > 0;
          continue;
        }
      if (s->len == 0 && c == '.')
        continue;
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  if (g_utf8_strlen (s->str, -1) > 80)
    g_string_truncate (s, (gsize) (g_utf8_offset_to_pointer (s->str, 80) - s->str));
  while (s->len > 0 && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '.'))
    g_string_truncate (s, s->len - 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
sv_events_managed_folder_for (SvCatalogue *catalogue,
                              const char *taken_local,
                              const char *folder_hint)
{
  g_autofree char *name = NULL;
  g_autofree char *day = NULL;
  g_autofree char *safe = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 t, gap;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  if (!local_to_seconds (taken_local, &t))
    return NULL;
  day = g_strndup (taken_local, 10);
  name = folder_hint ? sv_events_name_from_folder (folder_hint) : NULL;

  gap = sv_events_get_gap_seconds (catalogue);
  from = seconds_to_local (t - gap);
  to = seconds_to_local (t + gap);
  events = sv_catalogue_events_list_stored (catalogue, from, to, NULL);
  for (guint k = 0; events != NULL && k < events->len; k++)
    {
      SvEventInfo *e = g_ptr_array_index (events, k);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (name != NULL)
        {
          a = e->name ? g_utf8_casefold (e->name, -1) : NULL;
          b = g_utf8_casefold (name, -1);
          if (g_strcmp0 (a, b) != 0)
            continue;
        }
      else if (e->name == NULL)
        continue;
      else
        name = g_strdup (e->name);
      if (e->start_local != NULL && strlen (e->start_local) >= 10)
        {
          g_free (day);
          day = g_strndup (e->start_local, 10);
        }
      break;
    }

  safe = name ? folder_safe (name) : NULL;
  if (safe != NULL && *safe != '\0')
    return g_strdup_printf ("%.4s/%s %s", day, day, safe);
  return g_strdup_printf ("%.4s/%s", day, day);
}
