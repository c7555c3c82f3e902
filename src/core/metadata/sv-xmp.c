/* sv-xmp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-metadata"

#include "config.h"

#include <string.h>

#include "sv-xmp.h"

#define MAX_TEXT (64 * 1024)

typedef enum
{
  NS_OTHER,
  NS_RDF,
  NS_DC,
  NS_XMP,
  NS_TIFF,
  NS_EXIF,
  NS_PHOTOSHOP,
  NS_XML,
} Ns;

static const struct
{
  const char *uri;
  Ns ns;
} known_ns[] = {
  { "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
  { "http://purl.org/dc/elements/1.1/", NS_DC },
  { "http://ns.adobe.com/xap/1.0/", NS_XMP },
  { "http://ns.adobe.com/tiff/1.0/", NS_TIFF },
  { "http://ns.adobe.com/exif/1.0/", NS_EXIF },
  { "http://ns.adobe.com/photoshop/1.0/", NS_PHOTOSHOP },
  { "http://www.w3.org/XML/1998/namespace", NS_XML },
};

typedef struct
{
  char *prefix;
  Ns ns;
  guint depth;
} NsDecl;

typedef struct
{
  Ns ns;
  char *local;
  char *lang;
  gboolean has_children;
} Elem;

typedef struct
{
  SvXmpData *out;
  GArray *decls; /* NsDecl */
  GArray *stack; /* Elem */
  GString *text;
  gboolean description_is_default;
} Parser;

void
sv_xmp_data_init (SvXmpData *xmp)
{
  memset (xmp, 0, sizeof *xmp);
  xmp->rating = -1;
  xmp->gps_altitude_ref = -1;
  xmp->keywords = g_ptr_array_new_with_free_func (g_free);
}

void
sv_xmp_data_clear (SvXmpData *xmp)
{
  g_free (xmp->description);
  g_clear_pointer (&xmp->keywords, g_ptr_array_unref);
  g_free (xmp->date_created);
  g_free (xmp->create_date);
  g_free (xmp->date_original);
  g_free (xmp->gps_latitude);
  g_free (xmp->gps_longitude);
  g_free (xmp->gps_altitude);
  memset (xmp, 0, sizeof *xmp);
  xmp->rating = -1;
}

static Ns
ns_from_uri (const char *uri)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_ns); i++)
    if (strcmp (uri, known_ns[i].uri) == 0)
      return known_ns[i].ns;
  return NS_OTHER;
}

/* Splits "prefix:local" and resolves the prefix. */
static Ns
resolve (Parser *p, const char *qname, const char **local)
{
  const char *colon = strchr (qname, ':');
  gsize plen;

  if (colon == NULL)
    {
      *local = qname;
      return NS_OTHER;
    }
  *local = colon + 1;
  plen = (gsize) (colon - qname);
  if (plen == 3 && strncmp (qname, "xml", 3) == 0)
    return NS_XML;
  for (guint i = p->decls->len; i > 0; i--)
    {
      NsDecl *d = &g_array_index (p->decls, NsDecl, i - 1);
      if (strlen (d->prefix) == plen && strncmp (d->prefix, qname, plen) == 0)
        return d->ns;
    }
  return NS_OTHER;
}

static char *
clean_text (const char *s)
{
  g_autofree char *copy = g_strstrip (g_strdup (s));

  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

static void
set_once (char **field, const char *value)
{
  if (*field == NULL)
    *field = clean_text (value);
}

static void
add_keyword (Parser *p, const char *value)
{
  char *kw;

  if (p->out->keywords->len >= SV_XMP_MAX_KEYWORDS)
    return;
  kw = clean_text (value);
  if (kw != NULL)
    g_ptr_array_add (p->out->keywords, kw);
}

static int
parse_small_int (const char *s, int lo, int hi, int fallback)
{
  gint64 v;
  char *end = NULL;

  if (s == NULL)
    return fallback;
  while (g_ascii_isspace (*s))
    s++;
  v = g_ascii_strtoll (s, &end, 10);
  if (end == s)
    return fallback;
  /* "3.0" style ratings */
  if (*end == '.')
    {
      end++;
      while (g_ascii_isdigit (*end))
        end++;
    }
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || v < lo || v > hi)
    return fallback;
  return (int) v;
}

/* A simple property, from an attribute or an element's text. */
static void
set_property (Parser *p, Ns ns, const char *local, const char *value)
{
  if (ns == NS_XMP && strcmp (local, "Rating") == 0)
    p->out->rating = parse_small_int (value, -1, 5, p->out->rating);
  else if (ns == NS_TIFF && strcmp (local, "Orientation") == 0)
    p->out->orientation = parse_small_int (value, 1, 8, p->out->orientation);
  else if (ns == NS_PHOTOSHOP && strcmp (local, "DateCreated") == 0)
    set_once (&p->out->date_created, value);
  else if (ns == NS_XMP && strcmp (local, "CreateDate") == 0)
    set_once (&p->out->create_date, value);
  else if (ns == NS_EXIF && strcmp (local, "DateTimeOriginal") == 0)
    set_once (&p->out->date_original, value);
  else if (ns == NS_EXIF && strcmp (local, "GPSLatitude") == 0)
    set_once (&p->out->gps_latitude, value);
  else if (ns == NS_EXIF && strcmp (local, "GPSLongitude") == 0)
    set_once (&p->out->gps_longitude, value);
  else if (ns == NS_EXIF && strcmp (local, "GPSAltitude") == 0)
    set_once (&p->out->gps_altitude, value);
  else if (ns == NS_EXIF && strcmp (local, "GPSAltitudeRef") == 0)
    p->out->gps_altitude_ref = parse_small_int (value, 0, 1, p->out->gps_altitude_ref);
  else if (ns == NS_DC && strcmp (local, "description") == 0)
    set_once (&p->out->description, value);
}

static void
on_start (GMarkupParseContext *ctx,
          const char *name,
          const char **attr_names,
          const char **attr_values,
          gpointer user_data,
          GError **error)
{
  Parser *p = user_data;
  Elem e = { 0 };
  const char *local;
  guint depth = p->stack->len + 1;

  if (depth > SV_XMP_MAX_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "XMP nested too deeply");
      return;
    }
  if (p->stack->len > 0)
    g_array_index (p->stack, Elem, p->stack->len - 1).has_children = TRUE;

  for (guint i = 0; attr_names[i] != NULL; i++)
    {
      if (g_str_has_prefix (attr_names[i], "xmlns:"))
        {
          NsDecl d = { g_strdup (attr_names[i] + 6), ns_from_uri (attr_values[i]), depth };
          g_array_append_val (p->decls, d);
        }
    }

  e.ns = resolve (p, name, &local);
  e.local = g_strdup (local);
  for (guint i = 0; attr_names[i] != NULL; i++)
    {
      const char *alocal;
      Ns ans;

      if (g_str_has_prefix (attr_names[i], "xmlns"))
        continue;
      ans = resolve (p, attr_names[i], &alocal);
      if (ans == NS_XML && strcmp (alocal, "lang") == 0)
        e.lang = g_strdup (attr_values[i]);
      else
        set_property (p, ans, alocal, attr_values[i]);
    }
  g_array_append_val (p->stack, e);
  g_string_truncate (p->text, 0);
}

static void
on_end (GMarkupParseContext *ctx, const char *name, gpointer user_data, GError **error)
{
  Parser *p = user_data;
  guint depth = p->stack->len;
  Elem *e;

  if (depth == 0)
    return;
  e = &g_array_index (p->stack, Elem, depth - 1);

  if (!e->has_children)
    {
      if (e->ns == NS_RDF && strcmp (e->local, "li") == 0 && depth >= 3)
        {
          Elem *prop = &g_array_index (p->stack, Elem, depth - 3);

          if (prop->ns == NS_DC && strcmp (prop->local, "subject") == 0)
            add_keyword (p, p->text->str);
          else if (prop->ns == NS_DC && strcmp (prop->local, "description") == 0)
            {
              gboolean is_default =
                  e->lang != NULL && g_ascii_strcasecmp (e->lang, "x-default") == 0;
              if (p->out->description == NULL || (is_default && !p->description_is_default))
                {
                  char *text = clean_text (p->text->str);
                  if (text != NULL)
                    {
                      g_free (p->out->description);
                      p->out->description = text;
                      p->description_is_default = is_default;
                    }
                }
            }
        }
      else
        set_property (p, e->ns, e->local, p->text->str);
    }

  g_free (e->local);
  g_free (e->lang);
  g_array_set_size (p->stack, depth - 1);
  while (p->decls->len > 0)
    {
      NsDecl *d = &g_array_index (p->decls, NsDecl, p->decls->len - 1);
      if (d->depth != depth)
        break;
      g_free (d->prefix);
      g_array_set_size (p->decls, p->decls->len - 1);
    }
  g_string_truncate (p->text, 0);
}

static void
on_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer user_data, GError **error)
{
  Parser *p = user_data;

  if (p->text->len + len > MAX_TEXT)
    return;
  g_string_append_len (p->text, text, (gssize) len);
}

gboolean
sv_xmp_parse (const char *data, gsize len, SvXmpData *out)
{
  static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
  g_autoptr (GMarkupParseContext) ctx = NULL;
  g_autofree char *valid = NULL;
  Parser p = { 0 };
  gsize start = 0, end = len;
  gboolean ok;

  if (data == NULL || len == 0 || len > SV_XMP_MAX_PACKET)
    return FALSE;
  /* Packets come with padding and sometimes trailing NULs: parse from the
   * first '<' to the last '>'. */
  while (start < len && data[start] != '<')
    start++;
  while (end > start && data[end - 1] != '>')
    end--;
  if (end <= start)
    return FALSE;
  if (memchr (data + start, '\0', end - start) != NULL)
    return FALSE;
  if (!g_utf8_validate (data + start, (gssize) (end - start), NULL))
    valid = g_utf8_make_valid (data + start, (gssize) (end - start));
  else
    valid = g_strndup (data + start, end - start);

  p.out = out;
  p.decls = g_array_new (FALSE, FALSE, sizeof (NsDecl));
  p.stack = g_array_new (FALSE, FALSE, sizeof (Elem));
  p.text = g_string_new (NULL);
  ctx = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &p, NULL);
  ok = g_markup_parse_context_parse (ctx, valid, -1, NULL) &&
       g_markup_parse_context_end_parse (ctx, NULL);

  for (guint i = 0; i < p.decls->len; i++)
    g_free (g_array_index (p.decls, NsDecl, i).prefix);
  for (guint i = 0; i < p.stack->len; i++)
    {
      g_free (g_array_index (p.stack, Elem, i).local);
      g_free (g_array_index (p.stack, Elem, i).lang);
    }
  g_array_unref (p.decls);
  g_array_unref (p.stack);
  g_string_free (p.text, TRUE);
  return ok;
}
