/* ops-test-util.h: helpers shared by the ops test programs (header-only,
 * static functions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "sv-cloud-ops.h"
#include "sv-json.h"

/* 2026-01-01T00:00:00Z */
#define T0_MS G_GINT64_CONSTANT (1767225600000)
#define DAY_USEC (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

static inline sqlite3 *
ops_test_open_db (const char *path)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
                                 "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (sv_cloud_ops_migrate (db, &error));
  g_assert_no_error (error);
  return db;
}

/* A fresh temporary folder (removed by ops_test_rmdir). */
static inline char *
ops_test_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sv-ops-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
ops_test_rmdir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (dir);
}

static inline JsonArray *
ops_test_parse_array (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  /* Plain json-glib: the texts are the test's own. */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

/* Applies the JSON array text @ops; the request itself must succeed. */
static inline JsonNode *
ops_test_apply (sqlite3 *db, gint64 account, const char *ops, const SvCloudOpsHooks *hooks)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) arr = ops_test_parse_array (ops);
  JsonNode *res = sv_cloud_ops_apply (db, account, "test-device", arr, hooks, &error);

  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (json_node_get_object (res), "results")),
      ==, json_array_get_length (arr));
  return res;
}

static inline JsonObject *
ops_test_result (JsonNode *res, guint i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (res), "results");

  return json_array_get_object_element (results, i);
}

static inline const char *
ops_test_status (JsonNode *res, guint i)
{
  return json_object_get_string_member (ops_test_result (res, i), "status");
}

static inline const char *
ops_test_code (JsonNode *res, guint i)
{
  JsonObject *r = ops_test_result (res, i);

  if (!json_object_has_member (r, "error"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (r, "error"), "code");
}

static inline char *
ops_test_export_string (sqlite3 *db, gint64 account)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = sv_cloud_ops_export (db, account, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return sv_json_to_string (node, FALSE);
}
