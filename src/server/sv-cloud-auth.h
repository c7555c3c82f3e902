/* sv-cloud-auth.h: password hashes, bearer tokens, recovery codes, login rate limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_CLOUD_TOKEN_BYTES 32
#define SV_CLOUD_RECOVERY_CODES 10
#define SV_CLOUD_MAX_PASSWORD_LEN 1024

/* Argon2id (crypto_pwhash_str). NULL + error when out of memory. */
char *
sv_cloud_password_hash (const char *password, guint64 opslimit, gsize memlimit, GError **error);
gboolean
sv_cloud_password_verify (const char *hash, const char *password);

/* 32 random bytes, base64url without padding (43 characters). */
char *
sv_cloud_token_new (void);
/* What the catalogue stores for a token or a recovery code: SHA-256 hex. */
char *
sv_cloud_token_hash (const char *token);
/* Constant-time equality of two NUL-terminated strings of equal length. */
gboolean
sv_cloud_secret_equal (const char *a, const char *b);

/* "abcde-fghij": ten base32 characters in two groups. */
char *
sv_cloud_recovery_code_new (void);
/* Lower case, dashes and spaces removed; NULL when it cannot be a code. */
char *
sv_cloud_recovery_code_normalize (const char *code);

/* Random identifier: @n_bytes random bytes as hex. */
char *
sv_cloud_random_hex (guint n_bytes);

/* Failed-login throttling. Keys are opaque ("user:NAME", "addr:IP"). */
typedef struct _SvRateLimiter SvRateLimiter;

SvRateLimiter *
sv_rate_limiter_new (guint max_delay_seconds);
void
sv_rate_limiter_free (SvRateLimiter *self);
/* Seconds to wait before @key may try again; 0 when allowed now. */
guint
sv_rate_limiter_check (SvRateLimiter *self, const char *key, gint64 now_usec);
/* Records a failure; from the @free_attempts-th failure on, the key waits
 * 2 s, then 4 s, 8 s… (capped) before its next try. */
void
sv_rate_limiter_fail (SvRateLimiter *self, const char *key, guint free_attempts, gint64 now_usec);
void
sv_rate_limiter_reset (SvRateLimiter *self, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvRateLimiter, sv_rate_limiter_free)

G_END_DECLS
