/* test-exiftool-parity.c: our reader against exiftool on every test photo
 *
 * Runs `exiftool -n -json -G1` once over SV_PHOTOS_DIR and compares, for
 * every file we read: capture time (local wall clock, fraction of seconds,
 * UTC offset when exiftool has one), camera (exiftool's Make/Model through
 * the same normalisation), GPS (1e-6 degrees), orientation and pixel size.
 * A difference fails the test unless exiftool-expectations.tsv lists it
 * with both values and the reason; an entry that no longer matches a real
 * difference fails too, so that the list stays short and true.
 *
 * Files that hold only an EXIF segment and no image (exiftool stops with
 * "JPEG format error") are compared against a second exiftool run on the
 * segment itself, extracted here, as the photos' README describes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-exiftool-parity"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "sv-camera-name.h"
#include "sv-error.h"
#include "sv-json.h"
#include "sv-metadata.h"

/* Formats we report as unsupported, exactly. */
static const char *const expected_unsupported[] = {
  "formats/exiv2-Reagan.jxl",
  "formats/exiftool-FujiFilm.raf",
  NULL,
};

typedef struct
{
  char *ours;
  char *theirs;
  gboolean used;
} Expectation;

static void
expectation_free (gpointer p)
{
  Expectation *e = p;
  g_free (e->ours);
  g_free (e->theirs);
  g_free (e);
}

static GHashTable *
load_expectations (void)
{
  g_autofree char *path =
      g_build_filename (SV_SOURCE_ROOT, "tests", "metadata", "exiftool-expectations.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, expectation_free);
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cols = NULL;
      Expectation *e;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cols) != 5 || cols[4][0] == '\0')
        g_error ("exiftool-expectations.tsv line %u: want file, field, ours, exiftool's, why",
                 i + 1);
      e = g_new0 (Expectation, 1);
      e->ours = g_strdup (cols[2]);
      e->theirs = g_strdup (cols[3]);
      g_hash_table_insert (table, g_strdup_printf ("%s\t%s", cols[0], cols[1]), e);
    }
  return table;
}

static JsonArray *
run_exiftool (GPtrArray *args, JsonNode **root_out)
{
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GError) error = NULL;
  const char *data;
  gsize len;

  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char *const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  data = g_bytes_get_data (out, &len);
  *root_out = sv_json_parse_strict (data, len, 64 * 1024 * 1024, 256, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root_out));
  return json_node_get_array (*root_out);
}

static const char *
get_str (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* Numbers, or strings holding numbers (-n keeps some as text). */
static gboolean
get_num (JsonObject *o, const char *member, double *out)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (n);
      char *end = NULL;
      *out = g_ascii_strtod (s, &end);
      return end != s;
    }
  *out = json_node_get_double (n);
  return TRUE;
}

/* exiftool's strings as they are (for Make/Model; -n turns "1.0" into 1). */
static char *
get_text (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  return g_strdup_printf ("%g", json_node_get_double (n));
}

/* exiftool's "YYYY:MM:DD HH:MM:SS[.ff][+HH:MM]" to our form; other shapes
 * are kept as they are (and so differ from ours). */
static char *
exiftool_date (const char *s, char **frac, char **offset)
{
  int y, mo, d, h, mi, sec, n = 0;

  *frac = NULL;
  *offset = NULL;
  if (s == NULL)
    return NULL;
  if (sscanf (s, "%4d:%2d:%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6 && n == 19)
    {
      const char *rest = s + 19;
      if (*rest == '.')
        {
          gsize k = strspn (rest + 1, "0123456789");
          *frac = g_strndup (rest + 1, k);
          rest += 1 + k;
        }
      if (*rest == '+' || *rest == '-' || *rest == 'Z')
        *offset = g_strdup (rest);
      return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, sec);
    }
  return g_strdup (s);
}

/* "lat,lon" with six decimals whatever the locale */
static char *
gps_string (double lat, double lon)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (a, sizeof a, "%.6f", lat);
  g_ascii_formatd (b, sizeof b, "%.6f", lon);
  return g_strdup_printf ("%s,%s", a, b);
}

static char *
offset_string (int minutes)
{
  int a = ABS (minutes);
  return g_strdup_printf ("%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
}

typedef struct
{
  GHashTable *expect;
  GString *failures;
  guint compared;
} Ctx;

static void
compare (Ctx *ctx, const char *file, const char *field, const char *ours, const char *theirs)
{
  g_autofree char *key = NULL;
  Expectation *e;

  ctx->compared++;
  if (g_strcmp0 (ours, theirs) == 0)
    return;
  key = g_strdup_printf ("%s\t%s", file, field);
  e = g_hash_table_lookup (ctx->expect, key);
  if (e != NULL && g_strcmp0 (e->ours, ours ? ours : "") == 0 &&
      g_strcmp0 (e->theirs, theirs ? theirs : "") == 0)
    {
      e->used = TRUE;
      return;
    }
  g_string_append_printf (ctx->failures, "%s\t%s\t%s\t%s\n", file, field, ours ? ours : "",
                          theirs ? theirs : "");
}

/* The date exiftool would pick in our fallback order. */
static const char *
exiftool_capture (JsonObject *o, char **subsec, const char **offset, gboolean *from_xmp)
{
  const char *v;

  *from_xmp = FALSE;
  *subsec = NULL;
  *offset = NULL;
  if ((v = get_str (o, "ExifIFD:DateTimeOriginal")) != NULL ||
      (v = get_str (o, "IFD0:DateTimeOriginal")) != NULL)
    {
      *subsec = get_text (o, "ExifIFD:SubSecTimeOriginal");
      *offset = get_str (o, "ExifIFD:OffsetTimeOriginal");
      return v;
    }
  if ((v = get_str (o, "ExifIFD:CreateDate")) != NULL)
    {
      *subsec = get_text (o, "ExifIFD:SubSecTimeDigitized");
      *offset = get_str (o, "ExifIFD:OffsetTimeDigitized");
      return v;
    }
  *from_xmp = TRUE;
  if ((v = get_str (o, "XMP-photoshop:DateCreated")) != NULL ||
      (v = get_str (o, "XMP-xmp:CreateDate")) != NULL ||
      (v = get_str (o, "XMP-exif:DateTimeOriginal")) != NULL)
    return v;
  return NULL;
}

static void
compare_file (Ctx *ctx,
              const char *rel,
              JsonObject *o,
              const SvMediaInfo *info,
              gboolean segment_only)
{
  g_autofree char *subsec = NULL;
  const char *offset;
  gboolean from_xmp;
  const char *raw = exiftool_capture (o, &subsec, &offset, &from_xmp);
  g_autofree char *frac = NULL;
  g_autofree char *date_off = NULL;
  g_autofree char *theirs = exiftool_date (raw, &frac, &date_off);
  g_autofree char *ours = NULL;
  g_autofree char *make = NULL;
  g_autofree char *model = NULL;
  g_autofree char *their_camera = NULL;
  double lat, lon, v;
  int orientation = 1;

  /* Capture time, to the second. */
  if (info->date_source == SV_DATE_SOURCE_EXIF || info->date_source == SV_DATE_SOURCE_XMP)
    ours = g_strndup (info->taken_local, 19);
  compare (ctx, rel, "date", ours, theirs);

  /* Fraction of a second (ours always has three digits). */
  if (theirs != NULL && ours != NULL && g_strcmp0 (ours, theirs) == 0)
    {
      const char *their_frac = frac != NULL ? frac : subsec;
      g_autofree char *a = info->taken_local[19] == '.' ? g_strdup (info->taken_local + 20) : NULL;
      g_autofree char *b = NULL;

      if (their_frac != NULL && strspn (their_frac, "0123456789") == strlen (their_frac) &&
          *their_frac != '\0')
        b = g_strdup_printf ("%.3s%s", their_frac,
                             strlen (their_frac) >= 3   ? ""
                             : strlen (their_frac) == 2 ? "0"
                                                        : "00");
      compare (ctx, rel, "subsec", a, b);

      /* UTC offset when exiftool has one */
      if (offset == NULL)
        offset = date_off;
      if (offset != NULL && *offset != '\0')
        {
          g_autofree char *o1 =
              info->has_utc_offset ? offset_string (info->utc_offset_minutes) : NULL;
          g_autofree char *o2 =
              g_strcmp0 (offset, "Z") == 0 ? g_strdup ("+00:00") : g_strdup (offset);
          compare (ctx, rel, "offset", o1, o2);
        }
    }

  /* Camera */
  make = get_text (o, "IFD0:Make");
  if (make == NULL || *make == '\0')
    {
      g_free (make);
      make = get_text (o, "ExifIFD:Make");
    }
  model = get_text (o, "IFD0:Model");
  if (model == NULL || *model == '\0')
    {
      g_free (model);
      model = get_text (o, "ExifIFD:Model");
    }
  their_camera = sv_camera_name_normalise (make, model);
  compare (ctx, rel, "camera", info->camera, their_camera);

  /* GPS */
  {
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    /* EXIF first (exiftool's composite), else XMP: both as exiftool reads them. */
    if ((get_num (o, "Composite:GPSLatitude", &lat) &&
         get_num (o, "Composite:GPSLongitude", &lon)) ||
        (get_num (o, "XMP-exif:GPSLatitude", &lat) && get_num (o, "XMP-exif:GPSLongitude", &lon)))
      b = gps_string (lat, lon);
    if (info->has_gps)
      {
        if (b != NULL && fabs (info->latitude - lat) <= 1e-6 &&
            fabs (info->longitude - lon) <= 1e-6)
          a = g_strdup (b);
        else
          a = gps_string (info->latitude, info->longitude);
      }
    compare (ctx, rel, "gps", a, b);
  }

  /* Orientation: invalid values count as 1, as ours do. */
  if (get_num (o, "IFD0:Orientation", &v))
    orientation = v >= 1 && v <= 8 ? (int) v : 1;
  else if (get_num (o, "XMP-tiff:Orientation", &v) && v >= 1 && v <= 8)
    orientation = (int) v;
  {
    g_autofree char *a = g_strdup_printf ("%d", info->orientation);
    g_autofree char *b = g_strdup_printf ("%d", orientation);
    compare (ctx, rel, "orientation", a, b);
  }

  /* Pixel size; for HEIF the decoder applies irot, so rotate exiftool's. */
  {
    const char *size = get_str (o, "Composite:ImageSize");
    g_autofree char *a = g_strdup_printf ("%dx%d", info->stored_width, info->stored_height);
    g_autofree char *b = NULL;
    int w = 0, h = 0;

    if (segment_only)
      b = g_strdup ("0x0"); /* an EXIF segment and no image */
    else
      {
        if (size != NULL)
          sscanf (size, "%d %d", &w, &h);
        if (info->decoder_applies_orientation && get_num (o, "QuickTime:Rotation", &v) &&
            ((int) v == 90 || (int) v == 270))
          {
            int t = w;
            w = h;
            h = t;
          }
        b = g_strdup_printf ("%dx%d", w, h);
      }
    compare (ctx, rel, "size", a, b);
  }
}

/* Extracts the APP1 EXIF payload of an EXIF-only JPEG to @dest. */
static gboolean
extract_exif_segment (const char *path, const char *dest)
{
  g_autofree char *data = NULL;
  gsize len;

  gsize pos = 2;

  if (!g_file_get_contents (path, &data, &len, NULL) || len < 12)
    return FALSE;
  while (pos + 10 <= len && (guint8) data[pos] == 0xFF)
    {
      gsize seg = ((guint8) data[pos + 2] << 8 | (guint8) data[pos + 3]);
      if ((guint8) data[pos + 1] == 0xE1 && memcmp (data + pos + 4, "Exif\0\0", 6) == 0)
        {
          if (seg < 8 || pos + 2 + seg > len)
            seg = len - pos - 2;
          return g_file_set_contents (dest, data + pos + 10, (gssize) (seg - 8), NULL);
        }
      if (seg < 2)
        break;
      pos += 2 + seg;
    }
  return FALSE;
}

static void
test_parity (void)
{
  g_autofree char *exiftool = g_find_program_in_path ("exiftool");
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GPtrArray) segment_args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) segment_of =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) root2 = NULL;
  g_autoptr (GHashTable) expect = load_expectations ();
  g_autoptr (GPtrArray) unsupported = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) failures = g_string_new (NULL);
  g_autofree char *tmp = g_dir_make_tmp ("sv-parity-XXXXXX", NULL);
  JsonArray *files;
  Ctx ctx = { expect, failures, 0 };
  GHashTableIter iter;
  gpointer key, value;
  guint n_files = 0;
  gsize prefix_len = strlen (SV_PHOTOS_DIR) + 1;

  if (exiftool == NULL)
    {
      g_test_skip ("exiftool is not installed (Debian: libimage-exiftool-perl)");
      return;
    }
  g_assert_nonnull (tmp);

  g_ptr_array_add (args, exiftool);
  g_ptr_array_add (args, (char *) "-n");
  g_ptr_array_add (args, (char *) "-json");
  g_ptr_array_add (args, (char *) "-G1");
  g_ptr_array_add (args, (char *) "-r");
  g_ptr_array_add (args, (char *) "-q");
  g_ptr_array_add (args, (char *) "-i");
  g_ptr_array_add (args, (char *) "LICENSES");
  g_ptr_array_add (args, (char *) "--ext");
  g_ptr_array_add (args, (char *) "md");
  g_ptr_array_add (args, (char *) "--ext");
  g_ptr_array_add (args, (char *) "tsv");
  g_ptr_array_add (args, (char *) SV_PHOTOS_DIR);
  files = run_exiftool (args, &root);

  /* Second run over the EXIF-only segments exiftool could not read. */
  g_ptr_array_add (segment_args, g_strdup (exiftool));
  g_ptr_array_add (segment_args, g_strdup ("-n"));
  g_ptr_array_add (segment_args, g_strdup ("-json"));
  g_ptr_array_add (segment_args, g_strdup ("-G1"));
  g_ptr_array_add (segment_args, g_strdup ("-q"));
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *o = json_array_get_object_element (files, i);
      const char *src = get_str (o, "SourceFile");
      if (g_strcmp0 (get_str (o, "ExifTool:Warning"), "JPEG format error") == 0 &&
          get_str (o, "IFD0:Make") == NULL)
        {
          g_autofree char *base = g_path_get_basename (src);
          char *dest = g_strdup_printf ("%s/%s.exif", tmp, base);
          if (extract_exif_segment (src, dest))
            {
              g_hash_table_insert (segment_of, g_strdup (dest), g_strdup (src));
              g_ptr_array_add (segment_args, dest);
            }
          else
            g_free (dest);
        }
    }
  if (g_hash_table_size (segment_of) > 0)
    {
      JsonArray *seg_files = run_exiftool (segment_args, &root2);
      g_ptr_array_remove_index (segment_args, segment_args->len - 1); /* the NULL */
      for (guint i = 0; i < json_array_get_length (seg_files); i++)
        {
          JsonObject *o = json_array_get_object_element (seg_files, i);
          const char *src = g_hash_table_lookup (segment_of, get_str (o, "SourceFile"));
          SvMediaInfo info;
          g_autoptr (GError) error = NULL;

          g_assert_nonnull (src);
          sv_media_info_init (&info);
          if (!sv_metadata_read_file (src, &info, &error))
            g_string_append_printf (failures, "%s\tread\t%s\t\n", src + prefix_len, error->message);
          else
            compare_file (&ctx, src + prefix_len, o, &info, TRUE);
          sv_media_info_clear (&info);
          n_files++;
        }
    }

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *o = json_array_get_object_element (files, i);
      const char *src = get_str (o, "SourceFile");
      const char *rel;
      SvMediaInfo info;
      g_autoptr (GError) error = NULL;
      gboolean segment = FALSE;

      g_assert_true (g_str_has_prefix (src, SV_PHOTOS_DIR "/"));
      rel = src + prefix_len;
      g_hash_table_iter_init (&iter, segment_of);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (strcmp (value, src) == 0)
          segment = TRUE;
      if (segment)
        continue;

      sv_media_info_init (&info);
      if (!sv_metadata_read_file (src, &info, &error))
        {
          if (g_error_matches (error, SV_ERROR, SV_ERROR_UNSUPPORTED))
            g_ptr_array_add (unsupported, g_strdup (rel));
          /* A file we call damaged must be one exiftool complains about
           * too, and in which it found no metadata either. */
          else if (get_str (o, "ExifTool:Warning") == NULL && get_str (o, "ExifTool:Error") == NULL)
            compare (&ctx, rel, "read", error->message, "no warning from exiftool");
          else if (get_str (o, "IFD0:Make") != NULL ||
                   get_str (o, "ExifIFD:DateTimeOriginal") != NULL ||
                   json_object_has_member (o, "Composite:GPSLatitude"))
            compare (&ctx, rel, "read", error->message, "exiftool found metadata");
        }
      else
        compare_file (&ctx, rel, o, &info, FALSE);
      sv_media_info_clear (&info);
      n_files++;
    }

  /* Exactly the expected unsupported files. */
  for (guint i = 0; expected_unsupported[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (unsupported, expected_unsupported[i], g_str_equal, NULL))
      g_string_append_printf (failures, "%s\tunsupported\tread\texpected unsupported\n",
                              expected_unsupported[i]);
  for (guint i = 0; i < unsupported->len; i++)
    if (!g_strv_contains (expected_unsupported, g_ptr_array_index (unsupported, i)))
      g_string_append_printf (failures, "%s\tunsupported\tunsupported\texpected to be read\n",
                              (char *) g_ptr_array_index (unsupported, i));

  /* Stale expectations. */
  g_hash_table_iter_init (&iter, expect);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((Expectation *) value)->used)
      g_string_append_printf (failures, "stale expectation: %s\n", (char *) key);

  g_test_message ("%u files, %u comparisons, %u unsupported", n_files, ctx.compared,
                  unsupported->len);
  if (failures->len > 0)
    g_error ("differences from exiftool (file, field, ours, exiftool's):\n%s", failures->str);
  g_assert_cmpuint (n_files, >=, 185);

  g_hash_table_iter_init (&iter, segment_of);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_unlink (key);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/metadata/exiftool-parity", test_parity);
  return g_test_run ();
}
