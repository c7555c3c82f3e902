/* sv-catalogue-lifecycle.c: the lifecycle parts' own write connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include "sv-catalogue-lifecycle-private.h"

#define SV_LC_DATA_KEY "sv-lifecycle-connection"

struct _SvLcConn
{
  GMutex lock;
  SvDb *db;
};

static GMutex create_lock;

static void
lc_conn_free (gpointer data)
{
  SvLcConn *conn = data;

  g_clear_pointer (&conn->db, _sv_db_free);
  g_mutex_clear (&conn->lock);
  g_free (conn);
}

SvLcConn *
_sv_lc_conn_lock (SvCatalogue *catalogue, GError **error)
{
  SvLcConn *conn;

  g_return_val_if_fail (SV_IS_CATALOGUE (catalogue), NULL);

  g_mutex_lock (&create_lock);
  conn = g_object_get_data (G_OBJECT (catalogue), SV_LC_DATA_KEY);
  if (conn == NULL)
    {
      conn = g_new0 (SvLcConn, 1);
      g_mutex_init (&conn->lock);
      g_object_set_data_full (G_OBJECT (catalogue), SV_LC_DATA_KEY, conn, lc_conn_free);
    }
  g_mutex_unlock (&create_lock);

  g_mutex_lock (&conn->lock);
  if (conn->db == NULL)
    {
      g_autoptr (SvDb) db =
          _sv_db_open (_sv_catalogue_get_db_path (catalogue), SQLITE_OPEN_READWRITE, error);

      if (db == NULL || !_sv_db_configure (db, FALSE, error))
        {
          g_mutex_unlock (&conn->lock);
          return NULL;
        }
      conn->db = g_steal_pointer (&db);
    }
  return conn;
}

SvDb *
_sv_lc_conn_db (SvLcConn *conn)
{
  return conn->db;
}

void
_sv_lc_conn_unlock (SvLcConn *conn)
{
  if (conn != NULL)
    g_mutex_unlock (&conn->lock);
}

gboolean
_sv_lc_begin (SvLcConn *conn, GError **error)
{
  return _sv_db_exec (conn->db, "BEGIN IMMEDIATE", error);
}

gboolean
_sv_lc_commit (SvLcConn *conn, GError **error)
{
  if (_sv_db_exec (conn->db, "COMMIT", error))
    return TRUE;
  _sv_lc_rollback (conn);
  return FALSE;
}

void
_sv_lc_rollback (SvLcConn *conn)
{
  if (!sqlite3_get_autocommit (conn->db->db))
    _sv_db_exec (conn->db, "ROLLBACK", NULL);
}
