/* sv-totp.h: RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s, 6 digits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_TOTP_PERIOD_SECONDS 30
#define SV_TOTP_DIGITS 6
#define SV_TOTP_SECRET_BYTES 20

/* RFC 4648 base32 without padding, upper case. */
char *
sv_base32_encode (const guint8 *data, gsize len);
/* Accepts upper or lower case, ignores spaces and '=' padding; NULL on bad input. */
guint8 *
sv_base32_decode (const char *text, gsize *len_out);

/* A new random secret, base32-encoded. */
char *
sv_totp_new_secret (void);

/* The otpauth:// URI authenticator apps scan. */
char *
sv_totp_uri (const char *secret_b32, const char *issuer, const char *account);

/* The code for time step @step (unix time / 30); FALSE on a bad secret.
 * @code_out receives SV_TOTP_DIGITS digits and a NUL. */
gboolean
sv_totp_code_for_step (const char *secret_b32, gint64 step, char code_out[SV_TOTP_DIGITS + 1]);

/* Checks @code against the steps around @unix_time (±1) that are greater than
 * @last_used_step (replay protection). On success @matched_step receives the step. */
gboolean
sv_totp_verify (const char *secret_b32,
                const char *code,
                gint64 unix_time,
                gint64 last_used_step,
                gint64 *matched_step);

G_END_DECLS
