/* sv-json.h: small json-glib helpers shared by the CLI and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Serialises @node; @pretty adds indentation. */
char *
sv_json_to_string (JsonNode *node, gboolean pretty);

/* Parses @data (not NUL-terminated, at most @max_len bytes, nesting at most
 * @max_depth) strictly: invalid UTF-8, trailing garbage and over-limit input
 * are errors in SV_ERROR. */
JsonNode *
sv_json_parse_strict (const char *data, gsize len, gsize max_len, guint max_depth, GError **error);

/* Member getters that check the type; NULL/default when absent or mistyped. */
const char *
sv_json_object_get_string (JsonObject *obj, const char *member);
gboolean
sv_json_object_get_int (JsonObject *obj, const char *member, gint64 *out);

/* JsonBuilder helpers that skip NULL values. */
void
sv_json_builder_add_string (JsonBuilder *b, const char *member, const char *value);
void
sv_json_builder_add_int (JsonBuilder *b, const char *member, gint64 value);
void
sv_json_builder_add_double (JsonBuilder *b, const char *member, double value);
void
sv_json_builder_add_bool (JsonBuilder *b, const char *member, gboolean value);

G_END_DECLS
