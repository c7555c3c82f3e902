/* sv-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-error.h"
#include "sv-json.h"

char *
sv_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static guint
json_depth (JsonNode *node, guint limit)
{
  guint max = 0;

  if (limit == 0)
    return 1;

  switch (JSON_NODE_TYPE (node))
    {
      case JSON_NODE_OBJECT:
        {
          JsonObjectIter iter;
          JsonNode *child;
          const char *name;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &child))
            {
              guint d = json_depth (child, limit - 1);
              max = MAX (max, d);
            }
          return max + 1;
        }
      case JSON_NODE_ARRAY:
        {
          JsonArray *arr = json_node_get_array (node);
          guint n = json_array_get_length (arr);

          for (guint i = 0; i < n; i++)
            {
              guint d = json_depth (json_array_get_element (arr, i), limit - 1);
              max = MAX (max, d);
            }
          return max + 1;
        }
      case JSON_NODE_VALUE:
      case JSON_NODE_NULL:
      default:
        return 1;
    }
}

/* Counts bracket nesting before handing the text to json-glib, so a deeply
 * nested hostile document never reaches its recursive parser. */
static guint
text_depth (const char *data, gsize len)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          depth++;
          max = MAX (max, depth);
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return max;
}

JsonNode *
sv_json_parse_strict (const char *data, gsize len, gsize max_len, guint max_depth, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (len > max_len)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The JSON document is too large (%lu bytes, at most %lu)"),
                   (unsigned long) len, (unsigned long) max_len);
      return NULL;
    }
  if (len == 0 || data == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The JSON document is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The JSON document is not valid UTF-8"));
      return NULL;
    }
  if (text_depth (data, len) > max_depth)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The JSON document is nested too deeply (at most %u levels)"), max_depth);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Invalid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                           _ ("The JSON document is empty"));
      return NULL;
    }
  if (json_depth (root, max_depth + 1) > max_depth)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_TOO_LARGE,
                   _ ("The JSON document is nested too deeply (at most %u levels)"), max_depth);
      return NULL;
    }
  return json_node_copy (root);
}

const char *
sv_json_object_get_string (JsonObject *obj, const char *member)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return NULL;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
sv_json_object_get_int (JsonObject *obj, const char *member, gint64 *out)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, member))
    return FALSE;
  node = json_object_get_member (obj, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

void
sv_json_builder_add_string (JsonBuilder *b, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

void
sv_json_builder_add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
sv_json_builder_add_double (JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, value);
}

void
sv_json_builder_add_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}
