/* sv-totp.c: RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s, 6 digits)
 *
 * libsodium 1.0.18 has no SHA-1, so the HMAC comes from GLib's GHmac.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-totp"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sv-totp.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

char *
sv_base32_encode (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new ((len * 8 + 4) / 5 + 1);
  guint32 buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, b32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, b32_alphabet[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

guint8 *
sv_base32_decode (const char *text, gsize *len_out)
{
  g_autoptr (GByteArray) out = NULL;
  guint32 buffer = 0;
  guint bits = 0;

  g_return_val_if_fail (len_out != NULL, NULL);
  *len_out = 0;
  if (text == NULL || strlen (text) > 1024)
    return NULL;

  out = g_byte_array_new ();
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);
      const char *pos;

      if (c == ' ' || c == '=' || c == '-')
        continue;
      pos = strchr (b32_alphabet, c);
      if (pos == NULL || c == '\0')
        return NULL;
      buffer = (buffer << 5) | (guint32) (pos - b32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (buffer >> (bits - 8)) & 0xff;
          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }
  if (out->len == 0)
    return NULL;
  *len_out = out->len;
  return g_byte_array_free (g_steal_pointer (&out), FALSE);
}

char *
sv_totp_new_secret (void)
{
  guint8 secret[SV_TOTP_SECRET_BYTES];
  char *encoded;

  randombytes_buf (secret, sizeof secret);
  encoded = sv_base32_encode (secret, sizeof secret);
  sodium_memzero (secret, sizeof secret);
  return encoded;
}

char *
sv_totp_uri (const char *secret_b32, const char *issuer, const char *account)
{
  g_autofree char *label = NULL;
  g_autofree char *issuer_esc = g_uri_escape_string (issuer, NULL, FALSE);
  g_autofree char *account_esc = g_uri_escape_string (account, NULL, FALSE);

  label = g_strdup_printf ("%s:%s", issuer_esc, account_esc);
  return g_strdup_printf (
      "otpauth://totp/%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d", label, secret_b32,
      issuer_esc, SV_TOTP_DIGITS, SV_TOTP_PERIOD_SECONDS);
}

gboolean
sv_totp_code_for_step (const char *secret_b32, gint64 step, char code_out[SV_TOTP_DIGITS + 1])
{
  g_autofree guint8 *key = NULL;
  g_autoptr (GHmac) hmac = NULL;
  guint8 counter[8];
  guint8 digest[20];
  gsize key_len = 0, digest_len = sizeof digest;
  guint offset;
  guint32 value;

  key = sv_base32_decode (secret_b32, &key_len);
  if (key == NULL || step < 0)
    return FALSE;

  for (int i = 7; i >= 0; i--)
    {
      counter[i] = (guint8) (step & 0xff);
      step >>= 8;
    }
  hmac = g_hmac_new (G_CHECKSUM_SHA1, key, key_len);
  g_hmac_update (hmac, counter, sizeof counter);
  g_hmac_get_digest (hmac, digest, &digest_len);
  sodium_memzero (key, key_len);
  if (digest_len != 20)
    return FALSE;

  offset = digest[19] & 0x0f;
  value = ((guint32) (digest[offset] & 0x7f) << 24) | ((guint32) digest[offset + 1] << 16) |
          ((guint32) digest[offset + 2] << 8) | (guint32) digest[offset + 3];
  g_snprintf (code_out, SV_TOTP_DIGITS + 1, "%06u", value % 1000000u);
  return TRUE;
}

gboolean
sv_totp_verify (const char *secret_b32,
                const char *code,
                gint64 unix_time,
                gint64 last_used_step,
                gint64 *matched_step)
{
  gint64 now_step = unix_time / SV_TOTP_PERIOD_SECONDS;
  gboolean found = FALSE;

  if (code == NULL || strlen (code) != SV_TOTP_DIGITS)
    return FALSE;
  for (guint i = 0; i < SV_TOTP_DIGITS; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  for (gint64 step = now_step - 1; step <= now_step + 1; step++)
    {
      char expected[SV_TOTP_DIGITS + 1];

      if (step <= last_used_step)
        continue;
      if (!sv_totp_code_for_step (secret_b32, step, expected))
        return FALSE;
      /* Check every candidate so the time taken does not depend on which matched. */
      if (sodium_memcmp (expected, code, SV_TOTP_DIGITS) == 0 && !found)
        {
          found = TRUE;
          if (matched_step != NULL)
            *matched_step = step;
        }
    }
  return found;
}
