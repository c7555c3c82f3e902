/* sv-cloud-auth.c: password hashes, bearer tokens, recovery codes, login rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sv-cloud-auth.h"
#include "sv-error.h"
#include "sv-hash.h"

/* Entries idle this long are forgotten; the table never grows past the cap. */
#define RATE_ENTRY_TTL_USEC (24 * G_TIME_SPAN_HOUR)
#define RATE_MAX_ENTRIES 200000

char *
sv_cloud_password_hash (const char *password, guint64 opslimit, gsize memlimit, GError **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str_alg (out, password, strlen (password), opslimit, memlimit,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_FAILED,
                           _ ("Not enough memory to protect the password."));
      return NULL;
    }
  return g_strdup (out);
}

gboolean
sv_cloud_password_verify (const char *hash, const char *password)
{
  if (hash == NULL || password == NULL || strlen (hash) >= crypto_pwhash_STRBYTES)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
sv_cloud_token_new (void)
{
  guint8 raw[SV_CLOUD_TOKEN_BYTES];
  char out[sodium_base64_ENCODED_LEN (SV_CLOUD_TOKEN_BYTES,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (out);
}

char *
sv_cloud_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return sv_sha256_bytes_hex (token, strlen (token));
}

gboolean
sv_cloud_secret_equal (const char *a, const char *b)
{
  gsize len;

  if (a == NULL || b == NULL)
    return FALSE;
  len = strlen (a);
  if (len != strlen (b))
    return FALSE;
  return sodium_memcmp (a, b, len) == 0;
}

char *
sv_cloud_recovery_code_new (void)
{
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  char code[12];

  for (guint i = 0; i < 11; i++)
    {
      if (i == 5)
        code[i] = '-';
      else
        code[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
    }
  code[11] = '\0';
  return g_strdup (code);
}

char *
sv_cloud_recovery_code_normalize (const char *code)
{
  GString *out;

  if (code == NULL || strlen (code) > 32)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == '-' || *p == ' ')
        continue;
      if (!g_ascii_isalnum (*p))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len != 10)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
sv_cloud_random_hex (guint n_bytes)
{
  g_autofree guint8 *raw = g_malloc (n_bytes);
  char *hex = g_malloc (n_bytes * 2 + 1);

  randombytes_buf (raw, n_bytes);
  sodium_bin2hex (hex, n_bytes * 2 + 1, raw, n_bytes);
  return hex;
}

typedef struct
{
  guint failures;
  gint64 blocked_until;
  gint64 last_seen;
} RateEntry;

struct _SvRateLimiter
{
  GHashTable *entries; /* char* → RateEntry* */
  guint max_delay_seconds;
};

SvRateLimiter *
sv_rate_limiter_new (guint max_delay_seconds)
{
  SvRateLimiter *self = g_new0 (SvRateLimiter, 1);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_delay_seconds = MAX (max_delay_seconds, 1);
  return self;
}

void
sv_rate_limiter_free (SvRateLimiter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self);
}

static void
prune (SvRateLimiter *self, gint64 now_usec)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RateEntry *entry = value;

      if (entry->blocked_until < now_usec && now_usec - entry->last_seen > RATE_ENTRY_TTL_USEC)
        g_hash_table_iter_remove (&iter);
    }
}

guint
sv_rate_limiter_check (SvRateLimiter *self, const char *key, gint64 now_usec)
{
  RateEntry *entry;

  g_return_val_if_fail (self != NULL && key != NULL, 0);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL || entry->blocked_until <= now_usec)
    return 0;
  return (guint) ((entry->blocked_until - now_usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
sv_rate_limiter_fail (SvRateLimiter *self, const char *key, guint free_attempts, gint64 now_usec)
{
  RateEntry *entry;

  g_return_if_fail (self != NULL && key != NULL);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      if (g_hash_table_size (self->entries) >= RATE_MAX_ENTRIES)
        prune (self, now_usec);
      entry = g_new0 (RateEntry, 1);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
    }
  else if (now_usec - entry->last_seen > RATE_ENTRY_TTL_USEC)
    {
      entry->failures = 0;
    }
  entry->last_seen = now_usec;
  if (entry->failures < G_MAXUINT)
    entry->failures++;
  if (entry->failures >= free_attempts)
    {
      guint extra = entry->failures - free_attempts;
      gint64 delay = extra >= 20 ? self->max_delay_seconds
                                 : MIN ((gint64) 2 << extra, (gint64) self->max_delay_seconds);

      entry->blocked_until = now_usec + delay * G_USEC_PER_SEC;
    }
}

void
sv_rate_limiter_reset (SvRateLimiter *self, const char *key)
{
  g_return_if_fail (self != NULL && key != NULL);
  g_hash_table_remove (self->entries, key);
}
