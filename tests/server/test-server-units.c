/* test-server-units.c: souvenir-cloud's pure parts (TOTP, kinds, ZIP, config,
 * rate limits) checked against published vectors and real readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-server-units"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "sv-blob-kind.h"
#include "sv-blob-store-fs.h"
#include "sv-cloud-admin.h"
#include "sv-cloud-auth.h"
#include "sv-cloud-db-sqlite.h"
#include "sv-cloud-server.h"
#include "sv-cloud-config.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-totp.h"
#include "sv-zip-writer.h"

static void
test_totp_rfc6238 (void)
{
  /* RFC 6238 appendix B, SHA-1 key "12345678901234567890"; the last six digits. */
  const struct
  {
    gint64 time;
    const char *code;
  } vectors[] = {
    { 59, "287082" },         { 1111111109, "081804" }, { 1111111111, "050471" },
    { 1234567890, "005924" }, { 2000000000, "279037" }, { 20000000000, "353130" },
  };
  g_autofree char *secret = sv_base32_encode ((const guint8 *) "12345678901234567890", 20);

  g_assert_cmpstr (secret, ==, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      char code[SV_TOTP_DIGITS + 1];
      gint64 step = -1;

      g_assert_true (sv_totp_code_for_step (secret, vectors[i].time / 30, code));
      g_assert_cmpstr (code, ==, vectors[i].code);
      /* ±1 step accepted, replays and older steps refused. */
      g_assert_true (sv_totp_verify (secret, vectors[i].code, vectors[i].time + 30, -1, &step));
      g_assert_cmpint (step, ==, vectors[i].time / 30);
      g_assert_false (sv_totp_verify (secret, vectors[i].code, vectors[i].time + 61, -1, NULL));
      g_assert_false (
          sv_totp_verify (secret, vectors[i].code, vectors[i].time, vectors[i].time / 30, NULL));
    }
  g_assert_false (sv_totp_verify (secret, "28708", 59, -1, NULL));
  g_assert_false (sv_totp_verify (secret, "2870822", 59, -1, NULL));
  g_assert_false (sv_totp_verify (secret, "28708a", 59, -1, NULL));
  g_assert_false (sv_totp_verify ("not base32!", "287082", 59, -1, NULL));
}

static void
test_base32 (void)
{
  gsize len = 0;
  g_autofree guint8 *raw = sv_base32_decode ("mzxw6ytboi======", &len);
  g_autofree char *secret = sv_totp_new_secret ();
  g_autofree char *uri = sv_totp_uri ("ABC", "Souvenir", "a b@c");

  g_assert_cmpmem (raw, len, "foobar", 6);
  g_assert_null (sv_base32_decode ("abc1", &len));
  g_assert_null (sv_base32_decode ("", &len));
  g_assert_cmpuint (strlen (secret), ==, 32);
  g_assert_cmpstr (
      uri, ==,
      "otpauth://totp/"
      "Souvenir:a%20b%40c?secret=ABC&issuer=Souvenir&algorithm=SHA1&digits=6&period=30");
}

static void
test_kind_sniff (void)
{
  const struct
  {
    const char *path;
    SvBlobKind kind;
  } files[] = {
    { SV_PHOTOS_DIR "/camera/fsf-IMG_1054.JPG", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/libheif-example.heic", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiv2-avif.avif", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/jxl-flower.png", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/pillow-flower2.webp", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiv2-Reagan.tiff", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiftool-Nikon.nef", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiftool-DNG.dng", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiftool-CanonRaw.cr2", SV_BLOB_KIND_PHOTO },
    { SV_PHOTOS_DIR "/formats/exiftool-FujiFilm.raf", SV_BLOB_KIND_PHOTO },
  };
  const struct
  {
    const char *bytes;
    gsize len;
    SvBlobKind kind;
  } heads[] = {
    { "\x00\x00\x00\x18"
      "ftypisom\x00\x00\x02\x00isomiso2",
      24, SV_BLOB_KIND_VIDEO },
    { "\x00\x00\x00\x14"
      "ftypqt  \x00\x00\x02\x00qt  ",
      20, SV_BLOB_KIND_VIDEO },
    { "\x00\x00\x00\x18"
      "ftypmp42\x00\x00\x00\x00mp42isom",
      24, SV_BLOB_KIND_VIDEO },
    { "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", 16, SV_BLOB_KIND_VIDEO },
    { "RIFF\x10\x00\x00\x00"
      "AVI LIST",
      16, SV_BLOB_KIND_VIDEO },
    { "\x00\x00\x00\x18"
      "ftypzzzz\x00\x00\x00\x00zzzzyyyy",
      24, SV_BLOB_KIND_UNKNOWN },
    { "\x00\x00\x00\x08"
      "ftyp",
      8, SV_BLOB_KIND_UNKNOWN },
    { "GIF89a", 6, SV_BLOB_KIND_UNKNOWN },
    { "<svg", 4, SV_BLOB_KIND_UNKNOWN },
    { "", 0, SV_BLOB_KIND_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (files[i].path, &data, &len, NULL));
      g_assert_cmpint (
          sv_blob_kind_sniff ((const guint8 *) data, MIN (len, SV_BLOB_KIND_SNIFF_LEN), NULL), ==,
          files[i].kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    g_assert_cmpint (sv_blob_kind_sniff ((const guint8 *) heads[i].bytes, heads[i].len, NULL), ==,
                     heads[i].kind);
  g_assert_cmpint (sv_blob_kind_sniff (NULL, 0, NULL), ==, SV_BLOB_KIND_UNKNOWN);
}

static void
check_zip_with_python (const char *path, guint n_entries, gboolean zip64)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n_entries);
  const char *script = "import sys, zipfile, hashlib\n"
                       "z = zipfile.ZipFile(sys.argv[1])\n"
                       "assert z.testzip() is None\n"
                       "infos = z.infolist()\n"
                       "assert len(infos) == int(sys.argv[2]), len(infos)\n"
                       "for i in infos:\n"
                       "    data = z.read(i)\n"
                       "    assert len(data) == i.file_size\n"
                       "    assert data == bytes((j * 7 + len(i.filename.encode())) & 0xff for j "
                       "in range(i.file_size))\n"
                       "raw = open(sys.argv[1], 'rb').read()\n"
                       "assert (b'PK\\x06\\x06' in raw) == (sys.argv[3] == '1')\n";
  g_autoptr (GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "python3", "-c",
                                                   script, path, count, zip64 ? "1" : "0", NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GSubprocess) unzip =
        g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "unzip", "-tq", path, NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (unzip, NULL, &error));
  }
}

static void
write_zip (const char *path, gboolean force64)
{
  g_autoptr (SvZipWriter) zip = sv_zip_writer_new ();
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const char *names[] = { "metadata.json", "originals/a.jpg", "originals/é-ü.mp4", "empty" };
  const gsize sizes[] = { 100, 70000, 300001, 0 };
  g_autoptr (GError) error = NULL;

  sv_zip_writer_set_force_zip64 (zip, force64);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree guint8 *data = g_malloc (sizes[i] + 1);

      for (gsize j = 0; j < sizes[i]; j++)
        data[j] = (guint8) ((j * 7 + strlen (names[i])) & 0xff);
      sv_zip_writer_begin_entry (zip, names[i], sizes[i], 1700000000, out);
      /* In uneven pieces, as a stream would. */
      for (gsize done = 0; done < sizes[i];)
        {
          gsize n = MIN (sizes[i] - done, 4099);

          sv_zip_writer_add_data (zip, data + done, n, out);
          done += n;
        }
      g_assert_true (sv_zip_writer_end_entry (zip, out, &error));
    }
  sv_zip_writer_finish (zip, out);
  g_assert_cmpuint (sv_zip_writer_get_offset (zip), ==, out->len);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

static void
test_zip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sv-zip-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.zip", NULL);
  g_autofree char *z64 = g_build_filename (dir, "zip64.zip", NULL);

  write_zip (plain, FALSE);
  check_zip_with_python (plain, 4, FALSE);
  write_zip (z64, TRUE);
  check_zip_with_python (z64, 4, TRUE);

  /* Fewer bytes than announced is an error. */
  {
    g_autoptr (SvZipWriter) zip = sv_zip_writer_new ();
    g_autoptr (GByteArray) out = g_byte_array_new ();
    g_autoptr (GError) error = NULL;

    sv_zip_writer_begin_entry (zip, "short", 10, 0, out);
    sv_zip_writer_add_data (zip, (const guint8 *) "abc", 3, out);
    g_assert_false (sv_zip_writer_end_entry (zip, out, &error));
    g_assert_error (error, SV_ERROR, SV_ERROR_IO);
  }
  g_unlink (plain);
  g_unlink (z64);
  g_rmdir (dir);
}

static void
test_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sv-conf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.conf", NULL);
  g_autoptr (SvCloudConfig) defaults = sv_cloud_config_new ();
  g_autoptr (GError) error = NULL;
  const SvCloudPlan *plan;

  /* The built-in plans, GB = 10^9. */
  plan = sv_cloud_config_get_plan (defaults, "free");
  g_assert_cmpint (plan->limit_bytes, ==, 5000000000);
  g_assert_true (sv_cloud_plan_allows (plan, 4000000000, 999999999, SV_BLOB_KIND_PHOTO, 1));
  g_assert_false (sv_cloud_plan_allows (plan, 4000000000, 999999999, SV_BLOB_KIND_VIDEO, 2));
  plan = sv_cloud_config_get_plan (defaults, "premium");
  g_assert_true (
      sv_cloud_plan_allows (plan, 0, 0, SV_BLOB_KIND_PHOTO, G_GINT64_CONSTANT (50000000000000)));
  g_assert_true (sv_cloud_plan_allows (plan, 0, 4000000000, SV_BLOB_KIND_VIDEO, 1000000000));
  g_assert_false (sv_cloud_plan_allows (plan, 0, 4000000000, SV_BLOB_KIND_VIDEO, 1000000001));
  g_assert_cmpint (sv_cloud_config_get_plan (defaults, "plus-100")->limit_bytes, ==, 100000000000);
  g_assert_cmpint (sv_cloud_config_get_plan (defaults, "plus-1000")->limit_bytes, ==,
                   1000000000000);
  g_assert_null (sv_cloud_config_get_plan (defaults, "gold"));
  g_assert_cmpint (defaults->retention_usec, ==, 30 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (defaults->pwhash_opslimit, ==, crypto_pwhash_OPSLIMIT_INTERACTIVE);

  g_assert_true (g_file_set_contents (path,
                                      "[plan family]\nlimit=unlimited\ncounts=video\n"
                                      "[accounts]\ndefault_plan=family\n"
                                      "[trash]\nretention_days=7\n"
                                      "[unknown section]\nwhatever=1\n",
                                      -1, NULL));
  {
    g_autoptr (SvCloudConfig) c = sv_cloud_config_load (path, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->default_plan, ==, "family");
    g_assert_cmpint (sv_cloud_config_get_plan (c, "family")->limit_bytes, ==, -1);
    g_assert_cmpint (c->retention_usec, ==, 7 * G_TIME_SPAN_DAY);
  }
  g_assert_true (g_file_set_contents (path, "[trash]\nretention_days=-3\n", -1, NULL));
  {
    g_autoptr (SvCloudConfig) c = sv_cloud_config_load (path, TRUE, &error);

    g_assert_null (c);
    g_assert_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "retention_days"));
    g_clear_error (&error);
  }
  g_assert_true (g_file_set_contents (path, "[plan x]\ncounts=photo,audio\n", -1, NULL));
  g_assert_null (sv_cloud_config_load (path, TRUE, &error));
  g_clear_error (&error);
  g_unlink (path);
  {
    g_autoptr (SvCloudConfig) c = sv_cloud_config_load (path, FALSE, &error);

    g_assert_no_error (error);
    g_assert_nonnull (c);
    g_assert_null (sv_cloud_config_load (path, TRUE, &error));
    g_clear_error (&error);
  }
  g_rmdir (dir);
}

static void
test_rate_limiter (void)
{
  g_autoptr (SvRateLimiter) rl = sv_rate_limiter_new (60);
  gint64 t = 1000 * G_USEC_PER_SEC;

  for (int i = 0; i < 4; i++)
    {
      g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 0);
      sv_rate_limiter_fail (rl, "user:a", 5, t);
    }
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 0);
  sv_rate_limiter_fail (rl, "user:a", 5, t);
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 2);
  sv_rate_limiter_fail (rl, "user:a", 5, t);
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 4);
  for (int i = 0; i < 30; i++)
    sv_rate_limiter_fail (rl, "user:a", 5, t);
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 60);
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t + 61 * G_USEC_PER_SEC), ==, 0);
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:b", t), ==, 0);
  sv_rate_limiter_reset (rl, "user:a");
  g_assert_cmpuint (sv_rate_limiter_check (rl, "user:a", t), ==, 0);
}

static void
test_tokens_and_codes (void)
{
  g_autofree char *t1 = sv_cloud_token_new ();
  g_autofree char *t2 = sv_cloud_token_new ();
  g_autofree char *h1 = sv_cloud_token_hash (t1);
  g_autofree char *code = sv_cloud_recovery_code_new ();
  g_autofree char *norm = sv_cloud_recovery_code_normalize (code);
  g_autofree char *norm2 = sv_cloud_recovery_code_normalize (" ABCDE-fghjk ");
  g_autofree char *hash = NULL;

  g_assert_cmpuint (strlen (t1), ==, 43);
  g_assert_cmpstr (t1, !=, t2);
  g_assert_cmpuint (strlen (h1), ==, 64);
  g_assert_true (sv_cloud_secret_equal (t1, t1));
  g_assert_false (sv_cloud_secret_equal (t1, t2));
  g_assert_false (sv_cloud_secret_equal (t1, "short"));
  g_assert_cmpuint (strlen (code), ==, 11);
  g_assert_cmpuint (strlen (norm), ==, 10);
  g_assert_cmpstr (norm2, ==, "abcdefghjk");
  g_assert_null (sv_cloud_recovery_code_normalize ("abc"));
  g_assert_null (sv_cloud_recovery_code_normalize ("abcde-fghi!"));

  hash = sv_cloud_password_hash ("hunter22", crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                 NULL);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (sv_cloud_password_verify (hash, "hunter22"));
  g_assert_false (sv_cloud_password_verify (hash, "hunter23"));
  g_assert_false (sv_cloud_password_verify ("garbage", "hunter22"));
}

#define DIRECT_TOKEN "directdirectdirectdirectdirectdirectdirect1"

/* Requests without a network: the fuzzer's seeds and every crash it found
 * (src/server/fuzz-corpus/regress-*), plus the answers they must get. */
/* Writes @len bytes at @offset through partial_append, in pieces of several
 * write-back steps. */
static void
append_part (SvBlobStore *store,
             gint64 account,
             const char *sha,
             const guint8 *data,
             gsize offset,
             gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) out =
      sv_blob_store_partial_append (store, account, sha, offset, &error);
  gsize n = 0;

  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, data + offset, len, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, len);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
}

/* The blob's folder is made when its upload starts; completion makes the
 * bytes durable and puts them in place, once for equal bytes. */
static void
test_blob_store_commit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sv-store-XXXXXX", NULL);
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *final_path = NULL;
  g_autofree char *final_dir = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *partial = NULL;
  g_autoptr (SvBlobStoreFs) fs = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) wrong = NULL;
  SvBlobStore *store;
  gsize len = 0, stored_len = 0, half;

  /* A real photo from the test data (read only), large enough for several
   * write-back steps. */
  g_assert_true (g_file_get_contents (SV_TESTDATA_DIR "/photos/formats/rawtran-IMG_5952.CR2", &data,
                                      &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4 * 1024 * 1024);
  sha = sv_sha256_bytes_hex (data, len);
  fs = sv_blob_store_fs_new (dir, &error);
  g_assert_no_error (error);
  store = SV_BLOB_STORE (fs);
  final_path = sv_blob_store_fs_get_path (fs, sha);
  final_dir = g_path_get_dirname (final_path);
  partial = g_strdup_printf ("%s/uploads/7-%s.part", dir, sha);

  /* First half: the folder exists from the start, the blob does not. */
  half = len / 2 + 12345;
  g_assert_false (g_file_test (final_dir, G_FILE_TEST_EXISTS));
  append_part (store, 7, sha, (const guint8 *) data, 0, half);
  g_assert_true (g_file_test (final_dir, G_FILE_TEST_IS_DIR));
  g_assert_false (g_file_test (final_path, G_FILE_TEST_EXISTS));
  g_assert_false (sv_blob_store_has (store, sha, NULL));
  g_assert_cmpuint (sv_blob_store_partial_size (store, 7, sha), ==, half);

  /* Appending anywhere but at the end is refused. */
  wrong = sv_blob_store_partial_append (store, 7, sha, half - 1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (wrong);
  g_clear_error (&error);

  /* Second half; the folder removed meanwhile is made again at completion. */
  append_part (store, 7, sha, (const guint8 *) data, half, len - half);
  g_assert_cmpint (g_rmdir (final_dir), ==, 0);
  g_assert_true (sv_blob_store_partial_commit (store, 7, sha, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (final_path, &stored, &stored_len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (stored, stored_len, data, len);
  g_assert_true (sv_blob_store_has (store, sha, NULL));

  /* Another account's equal bytes: kept once, its partial file dropped. */
  append_part (store, 8, sha, (const guint8 *) data, 0, len);
  g_assert_true (sv_blob_store_partial_commit (store, 8, sha, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sv_blob_store_partial_size (store, 8, sha), ==, 0);
  g_clear_pointer (&stored, g_free);
  g_assert_true (g_file_get_contents (final_path, &stored, &stored_len, &error));
  g_assert_cmpmem (stored, stored_len, data, len);

  g_assert_true (sv_blob_store_remove (store, sha, &error));
  g_assert_no_error (error);
  g_assert_false (sv_blob_store_has (store, sha, NULL));

  {
    g_autofree char *top = g_path_get_dirname (final_dir);
    g_autofree char *blobs = g_build_filename (dir, "blobs", NULL);
    g_autofree char *uploads = g_build_filename (dir, "uploads", NULL);

    g_assert_cmpint (g_rmdir (final_dir), ==, 0);
    g_assert_cmpint (g_rmdir (top), ==, 0);
    g_assert_cmpint (g_rmdir (blobs), ==, 0);
    g_assert_cmpint (g_rmdir (uploads), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

static void
test_direct_requests (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sv-direct-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, SV_CLOUD_DB_NAME, NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *hash = sv_cloud_token_hash (DIRECT_TOKEN);
  g_autofree char *session = NULL;
  g_autoptr (SvCloudDbSqlite) db = NULL;
  g_autoptr (SvBlobStoreFs) store = NULL;
  g_autoptr (SvCloudAccount) account = NULL;
  g_autoptr (SvCloudServer) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) corpus = NULL;
  SvCloudConfig *config = sv_cloud_config_new ();
  const char *auth = "Authorization: Bearer " DIRECT_TOKEN "\r\n";
  const char *name;
  guint n = 0;

  config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  config->pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  db = sv_cloud_db_sqlite_open (db_path, &error);
  g_assert_no_error (error);
  store = sv_blob_store_fs_new (dir, &error);
  g_assert_no_error (error);
  g_assert_true (sv_cloud_admin_user_add (SV_CLOUD_DB (db), config, "direct", "direct password",
                                          NULL, &error));
  account = sv_cloud_db_account_lookup (SV_CLOUD_DB (db), "direct", &error);
  g_assert_no_error (error);
  session = sv_cloud_db_session_create (SV_CLOUD_DB (db), account->id, hash, "t", "127.0.0.1",
                                        g_get_real_time (), &error);
  g_assert_no_error (error);
  server = sv_cloud_server_new (SV_CLOUD_DB (db), SV_BLOB_STORE (store), config, cache, &error);
  g_assert_no_error (error);

  {
    g_autofree char *body = NULL;

    g_assert_cmpuint (
        sv_cloud_server_handle_direct (server, "GET", "/api/v1/account", auth, NULL, 0, &body), ==,
        200);
    g_assert_nonnull (strstr (body, "\"username\":\"direct\""));
    g_clear_pointer (&body, g_free);
    g_assert_cmpuint (
        sv_cloud_server_handle_direct (server, "GET", "/api/v1/account", NULL, NULL, 0, &body), ==,
        401);
    g_clear_pointer (&body, g_free);
    /* An empty upload body (the fuzzer's first find): not those bytes. */
    g_assert_cmpuint (
        sv_cloud_server_handle_direct (
            server, "PUT",
            "/api/v1/blobs/29694a6e485e9bc523c08cc3333ffd17570ab61a94a41419fa9db81ff05e9ad0", auth,
            NULL, 0, &body),
        ==, 422);
    g_clear_pointer (&body, g_free);
    g_assert_cmpuint (sv_cloud_server_handle_direct (server, "GET", "/api/v1/changes?since=x", auth,
                                                     NULL, 0, &body),
                      ==, 400);
    g_clear_pointer (&body, g_free);
    g_assert_cmpuint (sv_cloud_server_handle_direct (server, "POST", "/api/v1/blobs/missing",
                                                     "Bad Name: x\r\nA\tB: y",
                                                     (const guint8 *) "{}", 2, &body),
                      ==, 401);
  }

  corpus = g_dir_open (SV_SOURCE_ROOT "/src/server/fuzz-corpus", 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (corpus)) != NULL)
    {
      g_autofree char *path =
          g_build_filename (SV_SOURCE_ROOT "/src/server/fuzz-corpus", name, NULL);
      g_autofree char *data = NULL;
      g_autofree char *body = NULL;
      g_auto (GStrv) parts = NULL;
      g_auto (GStrv) request_line = NULL;
      gsize len = 0;
      const char *text;
      char *sep;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      text = data[0] == '!' ? data + 1 : data;
      sep = strstr (text, "\n\n");
      if (sep != NULL)
        *sep = '\0';
      parts = g_strsplit (text, "\n", 2);
      request_line = g_strsplit (parts[0], " ", 2);
      if (request_line[0] == NULL || request_line[1] == NULL)
        continue;
      {
        g_autofree char *headers =
            g_strconcat (data[0] == '!' ? "" : auth, parts[1] ? parts[1] : "", NULL);
        const guint8 *req_body = sep ? (const guint8 *) sep + 2 : NULL;
        gsize req_len = sep ? len - (gsize) (sep + 2 - data) : 0;
        guint status;

        /* Whatever it is, it gets a real HTTP status and a body. */
        status = sv_cloud_server_handle_direct (server, request_line[0], request_line[1], headers,
                                                req_body, req_len, &body);
        g_assert_cmpuint (status, >=, 200);
        g_assert_cmpuint (status, <, 600);
        g_assert_nonnull (body);
        n++;
      }
    }
  g_assert_cmpuint (n, >=, 10);
  g_clear_object (&server);
  g_clear_object (&store);
  g_clear_object (&db);
}

/* Runs SQL on the catalogue file from the side, as an older souvenir-cloud
 * or an administrator would; returns the first column of the first row. */
static gint64
side_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), ==, SQLITE_OK);
  /* Every statement of @sql in turn. */
  while (sql != NULL && *sql != '\0')
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, &sql), ==, SQLITE_OK);
      if (st == NULL)
        break;
      while (sqlite3_step (st) == SQLITE_ROW)
        if (value == -1)
          value = sqlite3_column_int64 (st, 0);
      sqlite3_finalize (st);
    }
  sqlite3_close (db);
  return value;
}

static void
add_blob (SvCloudDb *db, gint64 account_id, char c, gint64 size, const char *kind)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = g_strnfill (64, c);
  SvCloudBlobInfo info = { sha, size, (char *) kind, (char *) "original", g_get_real_time () };

  g_assert_true (sv_cloud_db_blob_add (db, account_id, &info, &error));
  g_assert_no_error (error);
}

static void
assert_usage (SvCloudDb *db, gint64 account_id, gint64 photo, gint64 video)
{
  g_autoptr (GError) error = NULL;
  gint64 p = -1, v = -1;

  g_assert_true (sv_cloud_db_blob_usage (db, account_id, &p, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p, ==, photo);
  g_assert_cmpint (v, ==, video);
}

/* The usage counters (the quota check of every upload reads them) follow
 * every way blobs come and go, and an older catalogue gets them on opening. */
static void
test_usage_counters (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sv-usage-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, SV_CLOUD_DB_NAME, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCloudDbSqlite) db = sv_cloud_db_sqlite_open (path, &error);
  g_autoptr (GPtrArray) freed = g_ptr_array_new_with_free_func (g_free);
  gint64 ana = 0, ben = 0;

  g_assert_no_error (error);
  g_assert_true (
      sv_cloud_db_account_create (SV_CLOUD_DB (db), "ana", "x", "free", 1, &ana, &error));
  g_assert_true (
      sv_cloud_db_account_create (SV_CLOUD_DB (db), "ben", "x", "free", 1, &ben, &error));
  assert_usage (SV_CLOUD_DB (db), ana, 0, 0);
  add_blob (SV_CLOUD_DB (db), ana, 'a', 1000, "photo");
  add_blob (SV_CLOUD_DB (db), ana, 'b', 2500, "photo");
  add_blob (SV_CLOUD_DB (db), ana, 'c', 70000, "video");
  /* The same bytes in a second account: counted there too, once. */
  add_blob (SV_CLOUD_DB (db), ben, 'a', 1000, "photo");
  assert_usage (SV_CLOUD_DB (db), ana, 3500, 70000);
  assert_usage (SV_CLOUD_DB (db), ben, 1000, 0);

  /* Deleting an account (its blobs go by cascade) leaves the other alone. */
  g_assert_true (sv_cloud_db_account_delete (SV_CLOUD_DB (db), ben, freed, &error));
  g_assert_no_error (error);
  assert_usage (SV_CLOUD_DB (db), ana, 3500, 70000);
  assert_usage (SV_CLOUD_DB (db), ben, 0, 0);
  g_assert_cmpint (side_sql (path, "SELECT COUNT(*) FROM account_usage WHERE account_id = 2"), ==,
                   0);

  /* A blob dropped from the side (as the trash purge does) and a size
   * corrected: the counters follow the rows. */
  side_sql (path, "DELETE FROM account_blobs WHERE sha256 LIKE 'b%'");
  side_sql (path, "UPDATE account_blobs SET size = 1200, kind = 'video' WHERE sha256 LIKE 'a%'");
  assert_usage (SV_CLOUD_DB (db), ana, 0, 71200);
  g_clear_object (&db);

  /* A catalogue from before the counters: made on opening, from the rows. */
  side_sql (path, "DROP TRIGGER account_usage_add; DROP TRIGGER account_usage_remove;"
                  "DROP TRIGGER account_usage_change; DROP TABLE account_usage;"
                  "PRAGMA user_version = 1");
  g_assert_cmpint (side_sql (path, "PRAGMA user_version"), ==, 1);
  db = sv_cloud_db_sqlite_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (side_sql (path, "PRAGMA user_version"), ==, SV_CLOUD_DB_SQLITE_VERSION);
  assert_usage (SV_CLOUD_DB (db), ana, 0, 71200);
  add_blob (SV_CLOUD_DB (db), ana, 'd', 5, "photo");
  assert_usage (SV_CLOUD_DB (db), ana, 5, 71200);
  g_clear_object (&db);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_assert_cmpint (g_unlink (file), ==, 0);
      }
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/server/units/totp-rfc6238", test_totp_rfc6238);
  g_test_add_func ("/server/units/base32", test_base32);
  g_test_add_func ("/server/units/kind-sniff", test_kind_sniff);
  g_test_add_func ("/server/units/zip", test_zip);
  g_test_add_func ("/server/units/config", test_config);
  g_test_add_func ("/server/units/rate-limiter", test_rate_limiter);
  g_test_add_func ("/server/units/tokens-and-codes", test_tokens_and_codes);
  g_test_add_func ("/server/units/blob-store-commit", test_blob_store_commit);
  g_test_add_func ("/server/units/direct-requests", test_direct_requests);
  g_test_add_func ("/server/units/usage-counters", test_usage_counters);
  return g_test_run ();
}
