/* sv-camera-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-camera-name.h"

/* Brands: what a Make starts with (case-insensitive) -> how to write it.
 * Longer keys first where one is a prefix of another. */
static const struct
{
  const char *key;
  const char *brand;
} brands[] = {
  { "SONY ERICSSON", "Sony Ericsson" },
  { "KONICA MINOLTA", "Konica Minolta" },
  { "SAMSUNG TECHWIN", "Samsung" },
  { "HEWLETT-PACKARD", "HP" },
  { "EASTMAN KODAK", "Kodak" },
  { "RICOH IMAGING", "Ricoh" },
  { "PENTAX RICOH", "Pentax" },
  { "ASAHI OPTICAL", "Pentax" },
  { "NIKON", "Nikon" },
  { "CANON", "Canon" },
  { "APPLE", "Apple" },
  { "RICOH", "Ricoh" },
  { "PENTAX", "Pentax" },
  { "OLYMPUS", "Olympus" },
  { "OM DIGITAL", "OM System" },
  { "FUJIFILM", "Fujifilm" },
  { "FUJI PHOTO", "Fujifilm" },
  { "SAMSUNG", "Samsung" },
  { "SONY", "Sony" },
  { "PANASONIC", "Panasonic" },
  { "HUAWEI", "Huawei" },
  { "XIAOMI", "Xiaomi" },
  { "GOOGLE", "Google" },
  { "MINOLTA", "Minolta" },
  { "KODAK", "Kodak" },
  { "CASIO", "Casio" },
  { "LEICA", "Leica" },
  { "SIGMA", "Sigma" },
  { "HASSELBLAD", "Hasselblad" },
  { "MOTOROLA", "Motorola" },
  { "NOKIA", "Nokia" },
  { "HTC", "HTC" },
  { "LG ", "LG" },
  { "LGE", "LG" },
  { "ONEPLUS", "OnePlus" },
  { "OPPO", "Oppo" },
  { "VIVO", "vivo" },
  { "GOPRO", "GoPro" },
  { "DJI", "DJI" },
  { "NINTENDO", "Nintendo" },
  { "JENOPTIK", "Jenoptik" },
  { "VIVITAR", "Vivitar" },
  { "KYOCERA", "Kyocera" },
  { "SANYO", "Sanyo" },
  { "HP", "HP" },
  { "BLACKBERRY", "BlackBerry" },
  { "RESEARCH IN MOTION", "BlackBerry" },
  { "MICROSOFT", "Microsoft" },
};

/* Words inside a model that are brand names get the brand's spelling
 * ("NIKON D750" -> "Nikon D750", "hp PhotoSmart" -> "HP PhotoSmart"). */
static const struct
{
  const char *word;
  const char *spelling;
} brand_words[] = {
  { "NIKON", "Nikon" },
  { "CANON", "Canon" },
  { "PENTAX", "Pentax" },
  { "OLYMPUS", "Olympus" },
  { "FUJIFILM", "Fujifilm" },
  { "SAMSUNG", "Samsung" },
  { "SONY", "Sony" },
  { "PANASONIC", "Panasonic" },
  { "HUAWEI", "Huawei" },
  { "XIAOMI", "Xiaomi" },
  { "GOOGLE", "Google" },
  { "MINOLTA", "Minolta" },
  { "KODAK", "Kodak" },
  { "CASIO", "Casio" },
  { "LEICA", "Leica" },
  { "RICOH", "Ricoh" },
  { "HP", "HP" },
  { "NOKIA", "Nokia" },
  { "MOTOROLA", "Motorola" },
  { "APPLE", "Apple" },
  { "NINTENDO", "Nintendo" },
  { "GOPRO", "GoPro" },
  { "HTC", "HTC" },
};

/* Corporate words dropped from an unknown make. */
static const char *const corporate[] = {
  "CORPORATION", "CORP.", "CORP", "CO.,LTD.", "CO.,LTD", "CO.",         "CO",
  "LTD.",        "LTD",   "INC.", "INC",      "COMPANY", "LIMITED",     "GMBH",
  "AG",          "S.A.",  "LLC",  "IMAGING",  "OPTICAL", "ELECTRONICS",
};

static char *
clean (const char *s)
{
  g_autofree char *copy = NULL;
  GString *out;
  gboolean space = FALSE;

  if (s == NULL)
    return NULL;
  copy = g_strdup (s);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      char *valid = g_utf8_make_valid (copy, -1);
      g_free (copy);
      copy = valid;
    }
  /* Collapse runs of whitespace and control characters. */
  out = g_string_new (NULL);
  for (const char *p = copy; *p; p++)
    {
      if (g_ascii_isspace (*p) || (guchar) *p < 0x20)
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static const char *
brand_for_make (const char *make)
{
  for (guint i = 0; i < G_N_ELEMENTS (brands); i++)
    {
      gsize klen = strlen (brands[i].key);
      if (g_ascii_strncasecmp (make, brands[i].key, klen) == 0)
        {
          char next = make[klen];
          /* Whole words only ("HP" must not match "HPX"), except keys that
           * end in a space. */
          if (brands[i].key[klen - 1] == ' ' || next == '\0' || !g_ascii_isalnum (next))
            return brands[i].brand;
        }
    }
  return NULL;
}

/* Rewrites brand words inside @model. */
static char *
fix_brand_words (const char *model)
{
  g_auto (GStrv) words = g_strsplit (model, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (brand_words); j++)
      if (g_ascii_strcasecmp (words[i], brand_words[j].word) == 0)
        {
          g_free (words[i]);
          words[i] = g_strdup (brand_words[j].spelling);
          break;
        }
  return g_strjoinv (" ", words);
}

/* For makes we do not know: drop corporate words, title-case SHOUTING. */
static char *
tidy_unknown_make (const char *make)
{
  g_auto (GStrv) words = g_strsplit_set (make, " ,", -1);
  GPtrArray *kept = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  gboolean all_upper = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean drop = words[i][0] == '\0';
      for (guint j = 0; !drop && j < G_N_ELEMENTS (corporate); j++)
        if (g_ascii_strcasecmp (words[i], corporate[j]) == 0)
          drop = TRUE;
      if (!drop)
        g_ptr_array_add (kept, words[i]);
    }
  if (kept->len == 0)
    g_ptr_array_add (kept, words[0]);
  g_ptr_array_add (kept, NULL);
  joined = g_strjoinv (" ", (char **) kept->pdata);
  g_ptr_array_unref (kept);

  for (const char *p = joined; *p; p++)
    if (g_ascii_islower (*p))
      all_upper = FALSE;
  /* Short all-capital names are acronyms (CEC, BenQ is mixed): keep them. */
  if (all_upper && strlen (joined) > 4)
    {
      gboolean start = TRUE;
      for (char *p = joined; *p; p++)
        {
          if (g_ascii_isalpha (*p))
            {
              *p = start ? g_ascii_toupper (*p) : g_ascii_tolower (*p);
              start = FALSE;
            }
          else
            start = TRUE;
        }
    }
  return g_steal_pointer (&joined);
}

static gboolean
starts_with_word (const char *s, const char *prefix)
{
  gsize n = strlen (prefix);

  return g_ascii_strncasecmp (s, prefix, n) == 0 &&
         (s[n] == '\0' || s[n] == ' ' || s[n] == '-' || s[n] == '_');
}

char *
sv_camera_name_normalise (const char *make, const char *model)
{
  g_autofree char *cmake = clean (make);
  g_autofree char *cmodel = clean (model);
  g_autofree char *brand = NULL;
  g_autofree char *fixed_model = NULL;
  const char *known;

  if (cmake == NULL && cmodel == NULL)
    return NULL;

  if (cmake != NULL)
    {
      known = brand_for_make (cmake);
      brand = known != NULL ? g_strdup (known) : tidy_unknown_make (cmake);
    }
  if (cmodel == NULL)
    return g_steal_pointer (&brand);

  fixed_model = fix_brand_words (cmodel);
  if (brand == NULL)
    return g_steal_pointer (&fixed_model);

  /* The model already names the brand ("Canon EOS 6D"), or another brand of
   * the same group ("RICOH IMAGING" + "PENTAX K-3 II"). */
  if (starts_with_word (fixed_model, brand))
    return g_steal_pointer (&fixed_model);
  known = brand_for_make (fixed_model);
  if (known != NULL && starts_with_word (fixed_model, known))
    return g_steal_pointer (&fixed_model);
  /* "Konica Minolta" + "DiMAGE A2", "Samsung" + "SAMSUNG-SGH" */
  if (cmake != NULL && g_ascii_strncasecmp (fixed_model, cmake, strlen (cmake)) == 0)
    return g_strdup_printf ("%s%s", brand, fixed_model + strlen (cmake));

  return g_strdup_printf ("%s %s", brand, fixed_model);
}
