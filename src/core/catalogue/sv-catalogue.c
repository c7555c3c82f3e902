/* sv-catalogue.c: the library's catalogue (SQLite)
 *
 * One read-write connection guarded by a mutex (see sv-catalogue.h); readers
 * (models, workers) open their own read-only connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-catalogue"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sv-catalogue-private.h"
#include "sv-catalogue-schema.h"
#include "sv-error.h"
#include "sv-hash.h"
#include "sv-media-item-private.h"

#define SV_CATALOGUE_DB_NAME "library.db"
/* How deep sv_catalogue_check looks into the thumbnail cache. */
#define SV_CHECK_MAX_DEPTH 4
/* Imports hold this file in the library folder locked shared; see
 * import_lock_acquire (). */
#define SV_IMPORT_LOCK_NAME ".import-lock"
/* A JPEG thumbnail smaller than this is damaged (as in sv-thumbnailer.c). */
#define SV_CHECK_MIN_THUMB_BYTES 128
/* The temporary name of a managed copy being written (sv-import-copy.c). */
#define SV_IMPORT_TMP_PREFIX ".souvenir-import-"

struct _SvCatalogue
{
  GObject parent_instance;

  char *library_dir;
  char *db_path;
  char *library_id;
  int user_version;

  GMutex lock; /* guards db */
  SvDb *db;

  /* Settings are read through a second, read-only connection: WAL readers
   * never wait for a writer, so the window reading a setting on the main
   * thread is not held up by an import holding the lock above. */
  GMutex settings_lock; /* guards settings_db */
  SvDb *settings_db;

  GMainContext *context; /* "changed" is emitted here */
  GThread *owner;

  /* Imports running through this object share one lock on the import lock
   * file: open while import_lock_users > 0. */
  GMutex import_lock_mutex;
  int import_lock_fd;
  guint import_lock_users;
};

G_DEFINE_FINAL_TYPE (SvCatalogue, sv_catalogue, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_LIBRARY_DIR,
  PROP_LIBRARY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *key;
  const char *fixed_default; /* NULL: computed */
} SettingInfo;

static const SettingInfo settings_info[] = {
  { "import-mode", "reference" },
  { "managed-root", NULL },
  { "pixel-limit", "100000000" },
  { "trash-retention-days", "30" },
  { "event-gap-hours", "8" },
  { "face-recognition", "on" },
  { "analysis-max-cores", "1" },
  { "scene-labels", "on" },
  /* The search bar's recent searches, newest first, one a line. */
  { "recent-searches", "" },
  /* The timeline groups photos by event ("on") or by day. */
  { "timeline-group-by-event", "off" },
};

typedef struct
{
  SvCatalogue *self;
  GArray *added, *changed, *removed;
} ChangedEmission;

/* ---- helpers ---- */

static GArray *
id_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
id_array_add_unique (GArray *array, gint64 id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, gint64, i) == id)
      return;
  g_array_append_val (array, id);
}

static void
changed_emission_free (ChangedEmission *e)
{
  g_clear_object (&e->self);
  g_clear_pointer (&e->added, g_array_unref);
  g_clear_pointer (&e->changed, g_array_unref);
  g_clear_pointer (&e->removed, g_array_unref);
  g_free (e);
}

static gboolean
emit_changed_idle_cb (gpointer data)
{
  ChangedEmission *e = data;

  g_signal_emit (e->self, signals[CHANGED], 0, e->added, e->changed, e->removed);
  return G_SOURCE_REMOVE;
}

/* Call without the lock held. Takes the arrays (NULL means empty). */
static void
emit_changed (SvCatalogue *self, GArray *added, GArray *changed, GArray *removed)
{
  ChangedEmission *e;
  g_autoptr (GSource) source = NULL;

  if ((added == NULL || added->len == 0) && (changed == NULL || changed->len == 0) &&
      (removed == NULL || removed->len == 0))
    {
      g_clear_pointer (&added, g_array_unref);
      g_clear_pointer (&changed, g_array_unref);
      g_clear_pointer (&removed, g_array_unref);
      return;
    }

  e = g_new0 (ChangedEmission, 1);
  e->self = g_object_ref (self);
  e->added = added ? added : id_array_new ();
  e->changed = changed ? changed : id_array_new ();
  e->removed = removed ? removed : id_array_new ();

  if (g_thread_self () == self->owner)
    {
      emit_changed_idle_cb (e);
      changed_emission_free (e);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "[sv-catalogue] changed");
  g_source_set_callback (source, emit_changed_idle_cb, e, (GDestroyNotify) changed_emission_free);
  g_source_attach (source, self->context);
}

static gboolean
begin_transaction (SvDb *db, GError **error)
{
  return _sv_db_exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_transaction (SvDb *db, GError **error)
{
  if (_sv_db_exec (db, "COMMIT", error))
    return TRUE;
  _sv_db_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

static void
rollback_transaction (SvDb *db)
{
  if (!sqlite3_get_autocommit (db->db))
    _sv_db_exec (db, "ROLLBACK", NULL);
}

/* Metadata text comes from files: invalid UTF-8 is repaired, never stored. */
static void
bind_text_or_null (sqlite3_stmt *stmt, int idx, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else if (g_utf8_validate (text, -1, NULL))
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_text (stmt, idx, g_utf8_make_valid (text, -1), -1, g_free);
}

static void
bind_positive_double (sqlite3_stmt *stmt, int idx, double value)
{
  if (value > 0 && value < 1e12)
    sqlite3_bind_double (stmt, idx, value);
  else
    sqlite3_bind_null (stmt, idx);
}

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* Runs a query returning one integer; -1 on error. */
static gint64
query_int (SvDb *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = _sv_db_prepare (db, sql, error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sv_db_set_error (db, rc, error);
      sqlite3_reset (stmt);
      return -1;
    }
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
is_valid_day (const char *day)
{
  int y, m, d;

  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (day[i]))
      return FALSE;
  y = atoi (day);
  m = atoi (day + 5);
  d = atoi (day + 8);
  return y >= 1 && m >= 1 && m <= 12 && g_date_valid_dmy (d, m, y);
}

/* "YYYY-MM-DDTHH:MM:SS" with an optional fraction of up to 6 digits. */
static gboolean
is_valid_taken_local (const char *s)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd";
  gsize len;

  if (s == NULL)
    return FALSE;
  len = strlen (s);
  if (len < 19 || len > 26)
    return FALSE;
  for (guint i = 0; i < 19; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != pattern[i])
        return FALSE;
    }
  if (len > 19)
    {
      if (s[19] != '.' || len == 20)
        return FALSE;
      for (gsize i = 20; i < len; i++)
        if (!g_ascii_isdigit (s[i]))
          return FALSE;
    }
  {
    g_autofree char *day = g_strndup (s, 10);
    return is_valid_day (day);
  }
}

static char *
fold (const char *text)
{
  g_autofree char *norm = NULL;

  if (text == NULL)
    return NULL;
  norm = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  return norm ? g_utf8_casefold (norm, -1) : NULL;
}

/* ---- opening and migrations ---- */

static gboolean
make_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SV_ERROR, saved == ENOSPC ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not create the folder “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Reads user_version without changing anything in the file. */
static gboolean
read_existing_version (const char *db_path, int *version, GError **error)
{
  g_autoptr (SvDb) db = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (db_path);
  gint64 v, tables;

  db = _sv_db_open (db_path, SQLITE_OPEN_READONLY, error);
  if (db == NULL)
    return FALSE;
  /* Both reads in one read transaction: another process may be creating
   * the tables of a new library right now. */
  if (!_sv_db_exec (db, "BEGIN", &local_error))
    v = -1;
  else
    v = query_int (db, "PRAGMA user_version", &local_error);
  if (v >= 0)
    tables =
        query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", &local_error);
  else
    tables = -1;
  if (v >= 0)
    _sv_db_exec (db, "COMMIT", NULL);
  if (v < 0 || tables < 0)
    {
      if (g_error_matches (local_error, SV_ERROR, SV_ERROR_CORRUPT))
        g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                     _ ("“%s” is not a Souvenir library catalogue, or it is damaged."), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Some other program's database: never write our tables into it. */
  if (v == 0 && tables > 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("“%s” is not a Souvenir library catalogue, or it is damaged."), display);
      return FALSE;
    }
  *version = (int) MIN (v, G_MAXINT);
  return TRUE;
}

static gboolean
backup_catalogue (SvCatalogue *self, int old_version, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *dir = g_build_filename (self->library_dir, "backups", NULL);
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autoptr (SvDb) dest = NULL;
  sqlite3_backup *backup;
  int rc;

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = i == 1
                                  ? g_strdup_printf ("library-v%d-%s.db", old_version, stamp)
                                  : g_strdup_printf ("library-v%d-%s-%u.db", old_version, stamp, i);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
    }
  display = g_filename_display_name (path);

  if (!make_dir (dir, error))
    return FALSE;
  dest = _sv_db_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (dest == NULL)
    return FALSE;
  backup = sqlite3_backup_init (dest->db, "main", self->db->db, "main");
  if (backup == NULL)
    rc = sqlite3_errcode (dest->db);
  else
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_OK)
        rc = sqlite3_errcode (dest->db);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SV_ERROR, (rc & 0xff) == SQLITE_FULL ? SV_ERROR_DISK_FULL : SV_ERROR_IO,
                   _ ("Could not back up the library catalogue to “%s” before updating it: %s"),
                   display, sqlite3_errstr (rc));
      g_clear_pointer (&dest, _sv_db_free);
      g_unlink (path);
      return FALSE;
    }
  g_debug ("Backed up catalogue version %d to %s", old_version, path);
  return TRUE;
}

static gboolean
run_migrations (SvCatalogue *self, int from, int to, GError **error)
{
  guint n_migrations;
  const SvMigration *migrations = _sv_catalogue_get_migrations (&n_migrations);

  g_assert (to <= (int) n_migrations);

  for (int k = from; k < to; k++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", k + 1);
      gint64 current;

      if (!begin_transaction (self->db, error))
        return FALSE;
      /* Another process (the CLI beside the app, two windows opening a new
       * library at once) may have run this step while we waited for the
       * write lock: read the version again now that we hold it. */
      current = query_int (self->db, "PRAGMA user_version", error);
      if (current < 0)
        {
          rollback_transaction (self->db);
          return FALSE;
        }
      if (current > k)
        {
          rollback_transaction (self->db);
          self->user_version = (int) MIN (current, (gint64) to);
          k = self->user_version - 1;
          continue;
        }
      if (!_sv_db_exec (self->db, migrations[k].sql, error) ||
          (migrations[k].run != NULL && !migrations[k].run (self->db, error)) ||
          !_sv_db_exec (self->db, set_version, error) || !commit_transaction (self->db, error))
        {
          rollback_transaction (self->db);
          g_prefix_error (error, _ ("Could not update the library catalogue: "));
          return FALSE;
        }
      self->user_version = k + 1;
    }
  return TRUE;
}

static gboolean
load_library_id (SvCatalogue *self, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->user_version < 2)
    return TRUE;
  stmt = _sv_db_prepare (self->db, "SELECT uuid FROM library WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->library_id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sv_db_set_error (self->db, rc, error);
  if (self->library_id == NULL || !g_uuid_string_is_valid (self->library_id))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_CORRUPT,
                   _ ("The library catalogue “%s” has no valid library id."), self->db_path);
      return FALSE;
    }
  return TRUE;
}

static SvCatalogue *
open_internal (const char *library_dir, int target_version, GError **error)
{
  g_autoptr (SvCatalogue) self = NULL;
  g_autofree char *trash = NULL;
  g_autofree char *backups = NULL;
  int version = 0;
  gboolean existed;
  int latest = _sv_catalogue_get_latest_version ();

  g_assert (target_version >= 0 && target_version <= latest);

  self = g_object_new (SV_TYPE_CATALOGUE, NULL);
  self->library_dir = g_canonicalize_filename (library_dir, NULL);
  self->db_path = g_build_filename (self->library_dir, SV_CATALOGUE_DB_NAME, NULL);
  trash = g_build_filename (self->library_dir, "trash", NULL);
  backups = g_build_filename (self->library_dir, "backups", NULL);

  existed = g_file_test (self->db_path, G_FILE_TEST_EXISTS);
  if (existed)
    {
      if (!read_existing_version (self->db_path, &version, error))
        return NULL;
      if (version > latest)
        {
          g_autofree char *display = g_filename_display_name (self->library_dir);

          g_set_error (error, SV_ERROR, SV_ERROR_NEWER_CATALOGUE,
                       _ ("The library “%s” was saved by a newer version of Souvenir (catalogue "
                          "version %d; this version reads up to %d). Update Souvenir to open it."),
                       display, version, latest);
          return NULL;
        }
    }

  if (!make_dir (self->library_dir, error) || !make_dir (trash, error) ||
      !make_dir (backups, error))
    return NULL;

  self->db = _sv_db_open (self->db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (self->db == NULL)
    return NULL;
  /* Someone may have replaced the file between the two opens. */
  if (existed)
    {
      gint64 v = query_int (self->db, "PRAGMA user_version", error);
      if (v < 0)
        return NULL;
      /* Another process may have created or migrated it meanwhile: that is
       * fine (run_migrations reads the version again under the write lock);
       * an older or foreign version means the file was replaced. */
      if (v > version && v <= latest)
        version = (int) v;
      else if (v != version)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
                       _ ("The library catalogue “%s” changed while it was being opened."),
                       self->db_path);
          return NULL;
        }
    }
  if (!_sv_db_configure (self->db, FALSE, error))
    return NULL;
  self->user_version = version;

  if (version < target_version)
    {
      if (existed && version > 0 && !backup_catalogue (self, version, error))
        return NULL;
      if (!run_migrations (self, version, target_version, error))
        return NULL;
    }
  if (!load_library_id (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ---- GObject ---- */

static void
sv_catalogue_finalize (GObject *object)
{
  SvCatalogue *self = SV_CATALOGUE (object);

  g_clear_pointer (&self->db, _sv_db_free);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->settings_db, _sv_db_free);
  g_mutex_clear (&self->settings_lock);
  if (self->import_lock_fd >= 0)
    close (self->import_lock_fd);
  g_mutex_clear (&self->import_lock_mutex);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->library_dir);
  g_free (self->db_path);
  g_free (self->library_id);

  G_OBJECT_CLASS (sv_catalogue_parent_class)->finalize (object);
}

static void
sv_catalogue_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvCatalogue *self = SV_CATALOGUE (object);

  switch (prop_id)
    {
      case PROP_LIBRARY_DIR:
        g_value_set_string (value, self->library_dir);
        break;
      case PROP_LIBRARY_ID:
        g_value_set_string (value, self->library_id);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_catalogue_class_init (SvCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sv_catalogue_finalize;
  object_class->get_property = sv_catalogue_get_property;

  properties[PROP_LIBRARY_DIR] =
      g_param_spec_string ("library-dir", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LIBRARY_ID] =
      g_param_spec_string ("library-id", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SvCatalogue::changed:
   * @added: (element-type gint64): new item ids
   * @changed: (element-type gint64): ids of items whose data changed
   * @removed: (element-type gint64): ids of deleted items
   */
  signals[CHANGED] =
      g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 3, G_TYPE_ARRAY, G_TYPE_ARRAY, G_TYPE_ARRAY);
}

static void
sv_catalogue_init (SvCatalogue *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->settings_lock);
  g_mutex_init (&self->import_lock_mutex);
  self->import_lock_fd = -1;
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
}

/* ---- private API ---- */

int
_sv_catalogue_get_latest_version (void)
{
  guint n;

  _sv_catalogue_get_migrations (&n);
  return (int) n;
}

SvCatalogue *
_sv_catalogue_open_at_version (const char *library_dir, int version, GError **error)
{
  g_return_val_if_fail (library_dir != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= _sv_catalogue_get_latest_version (), NULL);

  return open_internal (library_dir, version, error);
}

int
_sv_catalogue_get_user_version (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), -1);
  return self->user_version;
}

const char *
_sv_catalogue_get_db_path (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  return self->db_path;
}

gboolean
_sv_catalogue_exec (SvCatalogue *self, const char *sql, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return _sv_db_exec (self->db, sql, error);
}

SvDb *
_sv_catalogue_open_reader (SvCatalogue *self, GError **error)
{
  g_autoptr (SvDb) db = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  db = _sv_db_open (self->db_path, SQLITE_OPEN_READONLY, error);
  if (db == NULL || !_sv_db_configure (db, TRUE, error))
    return NULL;
  return g_steal_pointer (&db);
}

/* For the catalogue's other files (albums, edits, events...): the write
 * connection with the lock held, and the "changed" emission. */
SvDb *
_sv_catalogue_lock_db (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  g_mutex_lock (&self->lock);
  return self->db;
}

void
_sv_catalogue_unlock_db (SvCatalogue *self)
{
  g_return_if_fail (SV_IS_CATALOGUE (self));

  g_mutex_unlock (&self->lock);
}

void
_sv_catalogue_emit_changed (SvCatalogue *self, GArray *added, GArray *changed, GArray *removed)
{
  g_return_if_fail (SV_IS_CATALOGUE (self));

  emit_changed (self, added, changed, removed);
}

/* ---- public API: library ---- */

char *
sv_catalogue_default_library_dir (void)
{
  const char *env = g_getenv ("SOUVENIR_LIBRARY");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_user_data_dir (), "souvenir", NULL);
}

SvCatalogue *
sv_catalogue_open (const char *library_dir, GError **error)
{
  g_return_val_if_fail (library_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_internal (library_dir, _sv_catalogue_get_latest_version (), error);
}

const char *
sv_catalogue_get_library_dir (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  return self->library_dir;
}

const char *
sv_catalogue_get_library_id (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  return self->library_id;
}

char *
sv_catalogue_get_cache_dir (SvCatalogue *self)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  return g_build_filename (g_get_user_cache_dir (), "souvenir",
                           self->library_id ? self->library_id : "default", NULL);
}

static const SettingInfo *
find_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings_info); i++)
    if (g_strcmp0 (settings_info[i].key, key) == 0)
      return &settings_info[i];
  return NULL;
}

static char *
setting_default (const SettingInfo *info)
{
  const char *pictures;

  if (info->fixed_default != NULL)
    return g_strdup (info->fixed_default);
  /* managed-root */
  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures != NULL)
    return g_build_filename (pictures, "Souvenir", NULL);
  return g_build_filename (g_get_home_dir (), "Pictures", "Souvenir", NULL);
}

char *
sv_catalogue_get_setting (SvCatalogue *self, const char *key)
{
  g_autoptr (GMutexLocker) locker = NULL;
  const SettingInfo *info;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  info = find_setting (key);
  if (info == NULL)
    return NULL;

  locker = g_mutex_locker_new (&self->settings_lock);
  if (self->user_version >= 2 && self->settings_db == NULL)
    {
      self->settings_db = _sv_db_open (self->db_path, SQLITE_OPEN_READONLY, NULL);
      if (self->settings_db != NULL && !_sv_db_configure (self->settings_db, TRUE, NULL))
        g_clear_pointer (&self->settings_db, _sv_db_free);
    }
  if (self->user_version >= 2 && self->settings_db != NULL)
    {
      stmt = _sv_db_prepare (self->settings_db, "SELECT value FROM settings WHERE key = ?1", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            value = column_dup (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  return value != NULL ? value : setting_default (info);
}

static gboolean
parse_bounded_int (const char *value, gint64 min, gint64 max)
{
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, min, max, &n, NULL))
    return FALSE;
  return TRUE;
}

gboolean
sv_catalogue_set_setting (SvCatalogue *self, const char *key, const char *value, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean valid;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (find_setting (key) == NULL)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Unknown setting “%s”"), key);
      return FALSE;
    }
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    valid = FALSE;
  else if (g_str_equal (key, "import-mode"))
    valid = g_str_equal (value, "copy") || g_str_equal (value, "reference");
  else if (g_str_equal (key, "managed-root"))
    valid = g_path_is_absolute (value);
  else if (g_str_equal (key, "pixel-limit"))
    valid = parse_bounded_int (value, 1, G_GINT64_CONSTANT (1000000000000));
  else if (g_str_equal (key, "event-gap-hours"))
    valid = parse_bounded_int (value, 1, 24 * 366);
  else if (g_str_equal (key, "face-recognition") || g_str_equal (key, "scene-labels") ||
           g_str_equal (key, "timeline-group-by-event"))
    valid = g_str_equal (value, "on") || g_str_equal (value, "off");
  else if (g_str_equal (key, "analysis-max-cores"))
    valid = parse_bounded_int (value, 1, MAX (1, (gint64) g_get_num_processors ()));
  else if (g_str_equal (key, "recent-searches"))
    valid = strlen (value) <= SV_RECENT_SEARCHES_MAX_BYTES;
  else
    valid = parse_bounded_int (value, 0, 36500);
  if (!valid)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a valid value for the setting “%s”"), value ? value : "", key);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  if (self->user_version < 2)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_FAILED,
                   _ ("This library catalogue is too old to store settings."));
      return FALSE;
    }
  stmt = _sv_db_prepare (self->db,
                         "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _sv_db_step_done (self->db, stmt, error);
}

/* ---- imports ---- */

/* The import lock. Every running import holds the library's lock file
 * locked shared (several imports may run at once); a check takes it
 * exclusively without waiting: if it gets it, no import runs in any
 * process, and thumbnails of photos not in the catalogue or temporary files
 * are leftovers of an interrupted import that it may remove. The kernel
 * drops the lock of a process that dies, killed or not. Without a lock
 * file (read-only library folder) nothing is removed. */
static int
open_import_lock (SvCatalogue *self)
{
  g_autofree char *path = g_build_filename (self->library_dir, SV_IMPORT_LOCK_NAME, NULL);

  return g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
}

static void
import_lock_acquire (SvCatalogue *self)
{
  g_mutex_lock (&self->import_lock_mutex);
  if (self->import_lock_users++ == 0)
    {
      int fd = open_import_lock (self);

      if (fd >= 0)
        while (flock (fd, LOCK_SH) != 0 && errno == EINTR)
          ;
      self->import_lock_fd = fd;
    }
  g_mutex_unlock (&self->import_lock_mutex);
}

static void
import_lock_release (SvCatalogue *self)
{
  g_mutex_lock (&self->import_lock_mutex);
  if (self->import_lock_users > 0 && --self->import_lock_users == 0 && self->import_lock_fd >= 0)
    {
      close (self->import_lock_fd);
      self->import_lock_fd = -1;
    }
  g_mutex_unlock (&self->import_lock_mutex);
}

/* Returns the locked file descriptor, or -1 when an import runs (@busy
 * set) or the lock file cannot be made. */
static int
import_lock_try_exclusive (SvCatalogue *self, gboolean *busy)
{
  int fd = open_import_lock (self);

  *busy = FALSE;
  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      *busy = errno == EWOULDBLOCK;
      close (fd);
      return -1;
    }
  return fd;
}

gint64
sv_catalogue_begin_import (SvCatalogue *self, const char *mode, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);

  if (g_strcmp0 (mode, "copy") != 0 && g_strcmp0 (mode, "reference") != 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("Unknown import mode “%s” (use “copy” or “reference”)"), mode ? mode : "");
      return 0;
    }
  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db, "INSERT INTO imports (started_at, mode) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_text (stmt, 2, mode, -1, SQLITE_STATIC);
  if (!_sv_db_step_done (self->db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (self->db->db);
  g_clear_pointer (&locker, g_mutex_locker_free);
  /* Until sv_catalogue_finish_import (): a check leaves this import's
   * unfinished thumbnails alone. */
  import_lock_acquire (self);
  return id;
}

gboolean
sv_catalogue_finish_import (SvCatalogue *self,
                            gint64 import_id,
                            const SvImportCounts *counts,
                            GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  import_lock_release (self);
  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db,
                         "UPDATE imports SET finished_at = ?2, files_seen = ?3, imported = ?4,"
                         " duplicates = ?5, failed = ?6, bytes = ?7, cancelled = ?8 WHERE id = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 3, counts->files_seen);
  sqlite3_bind_int64 (stmt, 4, counts->imported);
  sqlite3_bind_int64 (stmt, 5, counts->duplicates);
  sqlite3_bind_int64 (stmt, 6, counts->failed);
  sqlite3_bind_int64 (stmt, 7, (gint64) MIN (counts->bytes, (guint64) G_MAXINT64));
  sqlite3_bind_int (stmt, 8, counts->cancelled ? 1 : 0);
  if (!_sv_db_step_done (self->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db->db) == 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, import_id);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND, _ ("There is no import number %s"), number);
      return FALSE;
    }
  return TRUE;
}

gboolean
sv_catalogue_add_import_error (SvCatalogue *self,
                               gint64 import_id,
                               const char *path,
                               const char *reason,
                               GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL && reason != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (
      self->db, "INSERT INTO import_errors (import_id, path, reason) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  return _sv_db_step_done (self->db, stmt, error);
}

void
sv_import_error_free (SvImportError *e)
{
  if (e == NULL)
    return;
  g_free (e->path);
  g_free (e->reason);
  g_free (e);
}

GPtrArray *
sv_catalogue_list_import_errors (SvCatalogue *self, gint64 import_id, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (
      self->db, "SELECT path, reason FROM import_errors WHERE import_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_import_error_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvImportError *e = g_new0 (SvImportError, 1);
      e->path = column_dup (stmt, 0);
      e->reason = column_dup (stmt, 1);
      g_ptr_array_add (result, e);
    }
  if (!_sv_db_rows_done (self->db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* ---- lookups ---- */

gboolean
sv_catalogue_lookup_location (SvCatalogue *self,
                              const char *path,
                              gint64 *item_id,
                              gint64 *size,
                              gint64 *mtime_usec)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db,
                         "SELECT f.item_id, l.size, l.mtime_usec FROM locations AS l"
                         " JOIN files AS f ON f.id = l.file_id WHERE l.path = ?1",
                         NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (item_id)
        *item_id = sqlite3_column_int64 (stmt, 0);
      if (size)
        *size = sqlite3_column_int64 (stmt, 1);
      if (mtime_usec)
        *mtime_usec = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  return found;
}

static gint64
lookup_hash_locked (SvCatalogue *self, const char *sha256, gint64 *file_id)
{
  sqlite3_stmt *stmt;
  gint64 item_id = 0;

  stmt = _sv_db_prepare (self->db,
                         "SELECT item_id, id FROM files WHERE sha256 = ?1"
                         " ORDER BY role = 'original' DESC, id LIMIT 1",
                         NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      item_id = sqlite3_column_int64 (stmt, 0);
      if (file_id)
        *file_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return item_id;
}

gint64
sv_catalogue_lookup_hash (SvCatalogue *self, const char *sha256)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (sha256 != NULL, 0);

  locker = g_mutex_locker_new (&self->lock);
  return lookup_hash_locked (self, sha256, NULL);
}

gboolean
sv_catalogue_has_tombstone (SvCatalogue *self, const char *sha256)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db, "SELECT 1 FROM tombstones WHERE sha256 = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* ---- adding files ---- */

void
sv_new_file_init (SvNewFile *f)
{
  g_return_if_fail (f != NULL);
  memset (f, 0, sizeof *f);
  sv_media_info_init (&f->info);
  sv_place_init (&f->place);
}

void
sv_new_file_clear (SvNewFile *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->sha256, g_free);
  sv_media_info_clear (&f->info);
  sv_place_clear (&f->place);
  f->size = 0;
  f->mtime_usec = 0;
  f->managed = FALSE;
  f->has_place = FALSE;
}

static gint64
insert_place_locked (SvCatalogue *self, const SvPlace *place, GError **error)
{
  const char *values[] = { place->country_code, place->city_en,      place->city_local,
                           place->region_en,    place->region_local, place->country_en,
                           place->country_local };
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _sv_db_prepare (self->db,
                         "INSERT INTO places (country_code, city_en, city_local, region_en,"
                         " region_local, country_en, country_local)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                         error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i] ? values[i] : "", -1, SQLITE_STATIC);
  if (!_sv_db_step_done (self->db, stmt, error))
    return 0;

  stmt = _sv_db_prepare (self->db,
                         "SELECT id FROM places WHERE country_code = ?1 AND city_en = ?2"
                         " AND city_local = ?3 AND region_en = ?4 AND region_local = ?5"
                         " AND country_en = ?6 AND country_local = ?7",
                         error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i] ? values[i] : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    _sv_db_set_error (self->db, rc, error);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
insert_keywords_locked (SvCatalogue *self, gint64 item_id, char **keywords, GError **error)
{
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      sqlite3_stmt *stmt;

      if (!g_utf8_validate (keywords[i], -1, NULL))
        continue;
      /* Control characters (the list separator among them) are not kept. */
      name = g_strstrip (g_strdup (keywords[i]));
      for (char *p = name; *p != '\0'; p++)
        if ((guchar) *p < 0x20)
          *p = ' ';
      if (name[0] == '\0')
        continue;

      stmt = _sv_db_prepare (
          self->db, "INSERT INTO keywords (name) VALUES (?1) ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      if (!_sv_db_step_done (self->db, stmt, error))
        return FALSE;
      stmt = _sv_db_prepare (self->db,
                             "INSERT OR IGNORE INTO item_keywords (item_id, keyword_id)"
                             " SELECT ?1, id FROM keywords WHERE name = ?2",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      if (!_sv_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
insert_item_locked (SvCatalogue *self, gint64 import_id, const SvNewFile *f, GError **error)
{
  const SvMediaInfo *info = &f->info;
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gint64 place_id = 0;
  gint64 item_id;
  gint64 taken_utc;
  int width, height;
  gboolean taken_ok = is_valid_taken_local (info->taken_local);

  if (f->has_place)
    {
      place_id = insert_place_locked (self, &f->place, error);
      if (place_id == 0)
        return 0;
    }
  sv_media_info_get_display_size (info, &width, &height);

  stmt = _sv_db_prepare (
      self->db,
      "INSERT INTO items (uuid, primary_hash, kind, format, mime_type, stored_width,"
      " stored_height, width, height, orientation, taken_local, utc_offset_minutes,"
      " taken_utc_usec, date_source, camera_make, camera_model, camera, lens, exposure_time,"
      " f_number, iso, focal_length, latitude, longitude, altitude, place_id, caption, rating,"
      " duration_usec, imported_at, import_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
      " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
      error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, f->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, info->kind == SV_MEDIA_KIND_VIDEO ? 1 : 0);
  bind_text_or_null (stmt, 4, info->format);
  bind_text_or_null (stmt, 5, info->mime_type);
  sqlite3_bind_int (stmt, 6, MAX (0, info->stored_width));
  sqlite3_bind_int (stmt, 7, MAX (0, info->stored_height));
  sqlite3_bind_int (stmt, 8, MAX (0, width));
  sqlite3_bind_int (stmt, 9, MAX (0, height));
  sqlite3_bind_int (stmt, 10,
                    info->orientation >= 1 && info->orientation <= 8 ? info->orientation : 1);
  bind_text_or_null (stmt, 11, taken_ok ? info->taken_local : NULL);
  if (taken_ok && info->has_utc_offset && ABS (info->utc_offset_minutes) <= 24 * 60)
    sqlite3_bind_int (stmt, 12, info->utc_offset_minutes);
  else
    sqlite3_bind_null (stmt, 12);
  if (taken_ok && sv_media_info_get_taken_utc (info, &taken_utc))
    sqlite3_bind_int64 (stmt, 13, taken_utc);
  else
    sqlite3_bind_null (stmt, 13);
  bind_text_or_null (stmt, 14, taken_ok ? sv_date_source_to_string (info->date_source) : NULL);
  bind_text_or_null (stmt, 15, info->make);
  bind_text_or_null (stmt, 16, info->model);
  bind_text_or_null (stmt, 17, info->camera);
  bind_text_or_null (stmt, 18, info->lens);
  bind_positive_double (stmt, 19, info->exposure_time);
  bind_positive_double (stmt, 20, info->f_number);
  if (info->iso > 0)
    sqlite3_bind_int (stmt, 21, info->iso);
  else
    sqlite3_bind_null (stmt, 21);
  bind_positive_double (stmt, 22, info->focal_length);
  if (info->has_gps && info->latitude >= -90 && info->latitude <= 90 && info->longitude >= -180 &&
      info->longitude <= 180)
    {
      sqlite3_bind_double (stmt, 23, info->latitude);
      sqlite3_bind_double (stmt, 24, info->longitude);
      if (info->has_altitude && info->altitude > -1e6 && info->altitude < 1e6)
        sqlite3_bind_double (stmt, 25, info->altitude);
      else
        sqlite3_bind_null (stmt, 25);
    }
  else
    {
      sqlite3_bind_null (stmt, 23);
      sqlite3_bind_null (stmt, 24);
      sqlite3_bind_null (stmt, 25);
    }
  if (place_id != 0)
    sqlite3_bind_int64 (stmt, 26, place_id);
  else
    sqlite3_bind_null (stmt, 26);
  bind_text_or_null (stmt, 27, info->caption);
  if (info->rating >= 0 && info->rating <= 5)
    sqlite3_bind_int (stmt, 28, info->rating);
  else
    sqlite3_bind_null (stmt, 28);
  sqlite3_bind_int64 (stmt, 29, MAX (0, info->duration_usec));
  sqlite3_bind_int64 (stmt, 30, g_get_real_time ());
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 31, import_id);
  else
    sqlite3_bind_null (stmt, 31);
  if (!_sv_db_step_done (self->db, stmt, error))
    return 0;
  item_id = sqlite3_last_insert_rowid (self->db->db);

  if (!insert_keywords_locked (self, item_id, info->keywords, error))
    return 0;
  return item_id;
}

static gint64
insert_file_locked (SvCatalogue *self, gint64 item_id, const SvNewFile *f, GError **error)
{
  sqlite3_stmt *stmt;

  stmt = _sv_db_prepare (self->db,
                         "INSERT INTO files (item_id, sha256, role, size, format)"
                         " VALUES (?1, ?2, 'original', ?3, ?4)",
                         error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, f->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, MAX (0, f->size));
  bind_text_or_null (stmt, 4, f->info.format);
  if (!_sv_db_step_done (self->db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db->db);
}

static gboolean
add_file_locked (SvCatalogue *self,
                 gint64 import_id,
                 const SvNewFile *f,
                 gint64 *item_id_out,
                 gboolean *is_new_out,
                 GArray *added,
                 GArray *changed,
                 GError **error)
{
  sqlite3_stmt *stmt;
  gint64 location_id = 0, location_item = 0, file_id = 0, item_id;
  g_autofree char *location_sha = NULL;
  gboolean is_new = FALSE;
  int rc;

  if (f == NULL || f->path == NULL || !g_path_is_absolute (f->path) ||
      !sv_sha256_hex_is_valid (f->sha256))
    {
      g_autofree char *display = f && f->path ? g_filename_display_name (f->path) : g_strdup ("");
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot add “%s” to the library: its path must be absolute and its hash "
                      "valid"),
                   display);
      return FALSE;
    }

  stmt = _sv_db_prepare (self->db,
                         "SELECT l.id, f.item_id, f.sha256 FROM locations AS l"
                         " JOIN files AS f ON f.id = l.file_id WHERE l.path = ?1",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, f->path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      location_id = sqlite3_column_int64 (stmt, 0);
      location_item = sqlite3_column_int64 (stmt, 1);
      location_sha = column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _sv_db_set_error (self->db, rc, error);

  if (location_id != 0 && g_strcmp0 (location_sha, f->sha256) == 0)
    {
      /* Already recorded: only refresh what we know about the file. */
      stmt = _sv_db_prepare (self->db,
                             "UPDATE locations SET size = ?2, mtime_usec = ?3, missing = 0,"
                             " last_seen = ?4 WHERE id = ?1",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, location_id);
      sqlite3_bind_int64 (stmt, 2, MAX (0, f->size));
      sqlite3_bind_int64 (stmt, 3, f->mtime_usec);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
      if (!_sv_db_step_done (self->db, stmt, error))
        return FALSE;
      *item_id_out = location_item;
      *is_new_out = FALSE;
      return TRUE;
    }

  item_id = lookup_hash_locked (self, f->sha256, &file_id);
  if (item_id == 0)
    {
      item_id = insert_item_locked (self, import_id, f, error);
      if (item_id == 0)
        return FALSE;
      file_id = insert_file_locked (self, item_id, f, error);
      if (file_id == 0)
        return FALSE;
      is_new = TRUE;
      g_array_append_val (added, item_id);
    }

  if (location_id != 0)
    {
      /* The file at this path now holds other bytes. */
      stmt = _sv_db_prepare (self->db,
                             "UPDATE locations SET file_id = ?2, size = ?3, mtime_usec = ?4,"
                             " managed = ?5, missing = 0, last_seen = ?6 WHERE id = ?1",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, location_id);
      id_array_add_unique (changed, location_item);
    }
  else
    {
      stmt = _sv_db_prepare (self->db,
                             "INSERT INTO locations (file_id, path, size, mtime_usec, managed,"
                             " missing, last_seen) VALUES (?2, ?7, ?3, ?4, ?5, 0, ?6)",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 7, f->path, -1, SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 2, file_id);
  sqlite3_bind_int64 (stmt, 3, MAX (0, f->size));
  sqlite3_bind_int64 (stmt, 4, f->mtime_usec);
  sqlite3_bind_int (stmt, 5, f->managed ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  if (!_sv_db_step_done (self->db, stmt, error))
    return FALSE;
  if (!is_new)
    id_array_add_unique (changed, item_id);

  *item_id_out = item_id;
  *is_new_out = is_new;
  return TRUE;
}

gboolean
sv_catalogue_add_files (SvCatalogue *self,
                        gint64 import_id,
                        SvNewFile *const *files,
                        guint n,
                        gint64 *item_ids,
                        gboolean *is_new,
                        GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GArray) added = NULL;
  g_autoptr (GArray) changed = NULL;
  g_autofree gint64 *ids = NULL;
  g_autofree gboolean *news = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (files != NULL || n == 0, FALSE);

  if (n == 0)
    return TRUE;

  ids = g_new0 (gint64, n);
  news = g_new0 (gboolean, n);
  added = id_array_new ();
  changed = id_array_new ();

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_transaction (self->db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (!add_file_locked (self, import_id, files[i], &ids[i], &news[i], added, changed, error))
        {
          rollback_transaction (self->db);
          return FALSE;
        }
    }
  if (!commit_transaction (self->db, error))
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);

  if (item_ids != NULL)
    memcpy (item_ids, ids, n * sizeof (gint64));
  if (is_new != NULL)
    memcpy (is_new, news, n * sizeof (gboolean));

  /* An item both added and then given a second location is only "added". */
  for (guint i = 0; i < changed->len;)
    {
      gboolean in_added = FALSE;
      for (guint j = 0; j < added->len && !in_added; j++)
        in_added = g_array_index (added, gint64, j) == g_array_index (changed, gint64, i);
      if (in_added)
        g_array_remove_index (changed, i);
      else
        i++;
    }
  emit_changed (self, g_steal_pointer (&added), g_steal_pointer (&changed), NULL);
  return TRUE;
}

/* ---- items ---- */

static void
append_id_json (GString *s, const gint64 *ids, guint n)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append_printf (s, "%" G_GINT64_FORMAT, ids[i]);
    }
  g_string_append_c (s, ']');
}

GPtrArray *
_sv_items_get_on (SvDb *db, const gint64 *ids, guint n, gboolean allow_missing, GError **error)
{
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GPtrArray) result = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n == 0, NULL);

  result = g_ptr_array_new_full (n, g_object_unref);
  if (n == 0)
    return g_steal_pointer (&result);

  stmt = _sv_db_prepare (db, SV_MEDIA_ITEMS_BY_IDS, error);
  if (stmt == NULL)
    return NULL;
  append_id_json (json, ids, n);
  sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_STATIC);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvMediaItem *item = _sv_media_item_new_from_stmt (stmt);
      gint64 *key = g_new (gint64, 1);

      *key = sv_media_item_get_id (item);
      g_hash_table_insert (by_id, key, item);
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      SvMediaItem *item = g_hash_table_lookup (by_id, &ids[i]);

      if (item != NULL)
        g_ptr_array_add (result, g_object_ref (item));
      else if (allow_missing)
        g_ptr_array_add (result, _sv_media_item_new_placeholder (ids[i]));
      else
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);

          g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                       _ ("There is no item number %s in the library"), number);
          return NULL;
        }
    }
  return g_steal_pointer (&result);
}

GPtrArray *
sv_catalogue_get_items (SvCatalogue *self, const gint64 *ids, guint n, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return _sv_items_get_on (self->db, ids, n, FALSE, error);
}

SvMediaItem *
sv_catalogue_get_item (SvCatalogue *self, gint64 id, GError **error)
{
  g_autoptr (GPtrArray) items = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  items = sv_catalogue_get_items (self, &id, 1, error);
  if (items == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, 0));
}

static gint64
lookup_single_id_locked (SvCatalogue *self,
                         const char *sql,
                         gboolean is_int,
                         gint64 n,
                         const char *text)
{
  sqlite3_stmt *stmt = _sv_db_prepare (self->db, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  if (is_int)
    sqlite3_bind_int64 (stmt, 1, n);
  else
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gint64
sv_catalogue_resolve (SvCatalogue *self, const char *id_uuid_or_path, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;
  gint64 id = 0;
  guint64 number;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), 0);
  g_return_val_if_fail (id_uuid_or_path != NULL, 0);

  text = g_strstrip (g_strdup (id_uuid_or_path));
  locker = g_mutex_locker_new (&self->lock);
  if (text[0] != '\0' && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    id = lookup_single_id_locked (self, "SELECT id FROM items WHERE id = ?1", TRUE, (gint64) number,
                                  NULL);
  else if (g_uuid_string_is_valid (text))
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);
      id = lookup_single_id_locked (self, "SELECT id FROM items WHERE uuid = ?1", FALSE, 0, lower);
    }
  if (id == 0 && text[0] != '\0')
    {
      g_autofree char *path = g_canonicalize_filename (id_uuid_or_path, NULL);
      id = lookup_single_id_locked (self,
                                    "SELECT f.item_id FROM locations AS l"
                                    " JOIN files AS f ON f.id = l.file_id WHERE l.path = ?1",
                                    FALSE, 0, path);
    }
  if (id == 0)
    g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                 _ ("“%s” is not an item id, item UUID or file in the library"), id_uuid_or_path);
  return id;
}

GPtrArray *
sv_catalogue_get_locations (SvCatalogue *self, gint64 item_id, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray) result = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db,
                         "SELECT f.sha256, f.role, l.path, l.size, l.mtime_usec, l.managed,"
                         " l.missing FROM files AS f JOIN locations AS l ON l.file_id = f.id"
                         " WHERE f.item_id = ?1"
                         " ORDER BY f.role = 'original' DESC, f.id, l.missing, l.id",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_file_location_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvFileLocation *loc = g_new0 (SvFileLocation, 1);

      loc->sha256 = column_dup (stmt, 0);
      loc->role = column_dup (stmt, 1);
      loc->path = column_dup (stmt, 2);
      loc->size = sqlite3_column_int64 (stmt, 3);
      loc->mtime_usec = sqlite3_column_int64 (stmt, 4);
      loc->managed = sqlite3_column_int (stmt, 5) != 0;
      loc->missing = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (result, loc);
    }
  if (!_sv_db_rows_done (self->db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* ---- queries ---- */

void
sv_query_init (SvQuery *q)
{
  g_return_if_fail (q != NULL);
  memset (q, 0, sizeof *q);
  q->kind = -1;
}

void
sv_query_clear (SvQuery *q)
{
  if (q == NULL)
    return;
  g_free (q->date_from);
  g_free (q->date_to);
  g_free (q->camera);
  g_free (q->place);
  g_clear_pointer (&q->ids, g_array_unref);
  sv_query_init (q);
}

void
sv_query_copy (const SvQuery *src, SvQuery *dest)
{
  g_return_if_fail (src != NULL && dest != NULL);
  *dest = *src;
  dest->date_from = g_strdup (src->date_from);
  dest->date_to = g_strdup (src->date_to);
  dest->camera = g_strdup (src->camera);
  dest->place = g_strdup (src->place);
  dest->ids = src->ids != NULL ? g_array_ref (src->ids) : NULL;
}

enum
{
  QP_DATE_FROM = 1,
  QP_DATE_TO,
  QP_CAMERA,
  QP_KIND,
  QP_IMPORT,
  QP_PLACES,
  QP_LIMIT,
  QP_OFFSET,
  QP_ALBUM,
  QP_IDS,
};

static gboolean
validate_query (const SvQuery *q, GError **error)
{
  if (q->date_from != NULL && !is_valid_day (q->date_from))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a date like 2024-07-14"), q->date_from);
      return FALSE;
    }
  if (q->date_to != NULL && !is_valid_day (q->date_to))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a date like 2024-07-14"), q->date_to);
      return FALSE;
    }
  if (q->kind < -1 || q->kind > SV_MEDIA_KIND_VIDEO)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT, _ ("Unknown kind of item"));
      return FALSE;
    }
  if ((q->camera && !g_utf8_validate (q->camera, -1, NULL)) ||
      (q->place && !g_utf8_validate (q->place, -1, NULL)))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The search text is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

typedef enum
{
  QUERY_IDS,
  QUERY_COUNT,
  QUERY_DAYS,
} QueryMode;

static char *
build_sql (const SvQuery *q, QueryMode mode, GError **error)
{
  static const char *const heads[] = {
    [QUERY_IDS] = "SELECT i.id FROM ",
    [QUERY_COUNT] = "SELECT count(*) FROM ",
    [QUERY_DAYS] = "SELECT i.taken_day, count(*) FROM ",
  };
  GString *sql;

  if (!validate_query (q, error))
    return NULL;

  sql = g_string_new (heads[mode]);
  /* A place is selective: walk its items through items_place. Left to
   * itself, the planner cannot see how few ids ?6 holds and scans the whole
   * timeline in order instead. */
  if (q->place != NULL)
    g_string_append (sql, "json_each (?6) AS pl CROSS JOIN items AS i"
                          " WHERE i.place_id = pl.value AND ");
  else
    g_string_append (sql, "items AS i WHERE ");
  g_string_append (sql, q->trashed ? "i.trashed_at IS NOT NULL" : "i.trashed_at IS NULL");
  if (q->date_from != NULL)
    g_string_append (sql, " AND i.taken_local >= ?1");
  if (q->date_to != NULL)
    g_string_append (sql, " AND i.taken_local < ?2");
  if (q->camera != NULL)
    g_string_append (sql, " AND i.camera LIKE ?3 ESCAPE '\\'");
  if (q->kind >= 0)
    g_string_append (sql, " AND i.kind = ?4");
  if (q->import_id > 0)
    g_string_append (sql, " AND i.import_id = ?5");
  if (q->favourites)
    g_string_append (sql, " AND i.favourite = 1");
  if (q->album_id > 0)
    g_string_append (sql, " AND i.id IN (SELECT item_id FROM album_items WHERE album_id = ?9)");
  if (q->ids != NULL)
    g_string_append (sql, " AND i.id IN (SELECT value FROM json_each (?10))");
  if (mode == QUERY_IDS && q->album_id > 0)
    {
      /* The album's order: its positions, or oldest first (sort_mode 1),
       * as sv_catalogue_album_get_item_ids (). */
      g_string_append (sql, " ORDER BY CASE (SELECT sort_mode FROM albums WHERE id = ?9)"
                            " WHEN 1 THEN 0 ELSE (SELECT position FROM album_items"
                            " WHERE album_id = ?9 AND item_id = i.id) END,"
                            " i.taken_local IS NULL, i.taken_local, i.id");
      if (q->limit > 0)
        g_string_append (sql, " LIMIT ?7 OFFSET ?8");
      else if (q->offset > 0)
        g_string_append (sql, " LIMIT -1 OFFSET ?8");
    }
  else if (mode == QUERY_IDS)
    {
      g_string_append (sql, " ORDER BY i.taken_local DESC, i.id DESC");
      if (q->limit > 0)
        g_string_append (sql, " LIMIT ?7 OFFSET ?8");
      else if (q->offset > 0)
        g_string_append (sql, " LIMIT -1 OFFSET ?8");
    }
  else if (mode == QUERY_DAYS)
    g_string_append (sql, " GROUP BY i.taken_day ORDER BY i.taken_day DESC");
  return g_string_free (sql, FALSE);
}

char *
_sv_query_build_sql (const SvQuery *q, gboolean count, GError **error)
{
  g_return_val_if_fail (q != NULL, NULL);

  return build_sql (q, count ? QUERY_COUNT : QUERY_IDS, error);
}

/* Place ids whose names or country code match @place, as a JSON array. */
char *
_sv_query_place_ids_json (SvDb *db, const char *place, GError **error)
{
  g_autoptr (GString) json = g_string_new ("[");
  g_autofree char *stripped = g_strstrip (g_strdup (place));
  g_autofree char *wanted_stripped = fold (stripped);
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  int rc;

  stmt = _sv_db_prepare (db,
                         "SELECT id, country_code, city_en, city_local, region_en, region_local,"
                         " country_en, country_local FROM places",
                         error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean match = FALSE;

      for (int col = 1; col <= 7 && !match; col++)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, col);
          g_autofree char *folded = NULL;

          if (name == NULL || name[0] == '\0')
            continue;
          folded = fold (name);
          match = folded != NULL && g_strcmp0 (folded, wanted_stripped) == 0;
        }
      if (match)
        {
          if (!first)
            g_string_append_c (json, ',');
          g_string_append_printf (json, "%" G_GINT64_FORMAT,
                                  (gint64) sqlite3_column_int64 (stmt, 0));
          first = FALSE;
        }
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  g_string_append_c (json, ']');
  return g_strdup (json->str);
}

/* Binds the album (?9) and the id list (?10, a JSON array) of @q. */
void
_sv_query_bind_sets (sqlite3_stmt *stmt, const SvQuery *q)
{
  if (q->album_id > 0)
    sqlite3_bind_int64 (stmt, QP_ALBUM, q->album_id);
  if (q->ids != NULL)
    {
      GString *json = g_string_sized_new (16 + q->ids->len * 8);
      gsize len;

      g_string_append_c (json, '[');
      for (guint i = 0; i < q->ids->len; i++)
        g_string_append_printf (json, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                g_array_index (q->ids, gint64, i));
      g_string_append_c (json, ']');
      len = json->len;
      sqlite3_bind_text64 (stmt, QP_IDS, g_string_free (json, FALSE), len, g_free, SQLITE_UTF8);
    }
}

static sqlite3_stmt *
prepare_query (SvDb *db, const SvQuery *q, QueryMode mode, GError **error)
{
  g_autofree char *sql = build_sql (q, mode, error);
  sqlite3_stmt *stmt;

  if (sql == NULL)
    return NULL;
  stmt = _sv_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (q->date_from != NULL)
    sqlite3_bind_text (stmt, QP_DATE_FROM, q->date_from, -1, SQLITE_TRANSIENT);
  if (q->date_to != NULL)
    {
      /* Every "YYYY-MM-DDT…" of that day sorts before "YYYY-MM-DDU". */
      g_autofree char *bound = g_strconcat (q->date_to, "U", NULL);
      sqlite3_bind_text (stmt, QP_DATE_TO, bound, -1, SQLITE_TRANSIENT);
    }
  if (q->camera != NULL)
    {
      GString *pattern = g_string_new ("%");
      for (const char *p = q->camera; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      sqlite3_bind_text (stmt, QP_CAMERA, pattern->str, -1, SQLITE_TRANSIENT);
      g_string_free (pattern, TRUE);
    }
  if (q->kind >= 0)
    sqlite3_bind_int (stmt, QP_KIND, q->kind);
  if (q->import_id > 0)
    sqlite3_bind_int64 (stmt, QP_IMPORT, q->import_id);
  if (q->place != NULL)
    {
      g_autofree char *places = _sv_query_place_ids_json (db, q->place, error);
      if (places == NULL)
        return NULL;
      sqlite3_bind_text (stmt, QP_PLACES, places, -1, SQLITE_TRANSIENT);
    }
  _sv_query_bind_sets (stmt, q);
  if (mode == QUERY_IDS && q->limit > 0)
    sqlite3_bind_int64 (stmt, QP_LIMIT, q->limit);
  if (mode == QUERY_IDS && (q->limit > 0 || q->offset > 0))
    sqlite3_bind_int64 (stmt, QP_OFFSET, q->offset);
  return stmt;
}

sqlite3_stmt *
_sv_query_prepare (SvDb *db, const SvQuery *q, gboolean count, GError **error)
{
  g_return_val_if_fail (db != NULL && q != NULL, NULL);

  return prepare_query (db, q, count ? QUERY_COUNT : QUERY_IDS, error);
}

GArray *
_sv_query_ids_on (SvDb *db, const SvQuery *q, GError **error)
{
  g_autoptr (GArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL && q != NULL, NULL);

  stmt = prepare_query (db, q, QUERY_IDS, error);
  if (stmt == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), q->limit > 0 ? q->limit : 256);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!_sv_db_rows_done (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

gint64
_sv_query_count_on (SvDb *db, const SvQuery *q, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 n;
  int rc;

  g_return_val_if_fail (db != NULL && q != NULL, -1);

  stmt = prepare_query (db, q, QUERY_COUNT, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _sv_db_set_error (db, rc, error);
      sqlite3_reset (stmt);
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

GArray *
sv_catalogue_query_ids (SvCatalogue *self, const SvQuery *q, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (q != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  return _sv_query_ids_on (self->db, q, error);
}

gint64
sv_catalogue_count (SvCatalogue *self, const SvQuery *q, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), -1);
  g_return_val_if_fail (q != NULL, -1);

  locker = g_mutex_locker_new (&self->lock);
  return _sv_query_count_on (self->db, q, error);
}

static void
day_count_clear (gpointer data)
{
  SvDayCount *d = data;

  g_free (d->day);
}

GArray *
sv_catalogue_count_by_day (SvCatalogue *self, const SvQuery *q, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GArray) days = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (q != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare_query (self->db, q, QUERY_DAYS, error);
  if (stmt == NULL)
    return NULL;
  days = g_array_new (FALSE, FALSE, sizeof (SvDayCount));
  g_array_set_clear_func (days, day_count_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SvDayCount d;

      d.day = column_dup (stmt, 0);
      d.count = (guint) CLAMP (sqlite3_column_int64 (stmt, 1), 0, G_MAXUINT);
      g_array_append_val (days, d);
    }
  if (!_sv_db_rows_done (self->db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&days);
}

/* ---- stats ---- */

gboolean
sv_catalogue_get_stats (SvCatalogue *self, SvCatalogueStats *stats, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  struct
  {
    gint64 *out;
    const char *sql;
  } counts[] = {
    { &stats->items, "SELECT count(*) FROM items WHERE trashed_at IS NULL" },
    { &stats->photos, "SELECT count(*) FROM items WHERE trashed_at IS NULL AND kind = 0" },
    { &stats->videos, "SELECT count(*) FROM items WHERE trashed_at IS NULL AND kind = 1" },
    { &stats->files, "SELECT count(*) FROM files" },
    { &stats->locations, "SELECT count(*) FROM locations" },
    { &stats->missing, "SELECT count(*) FROM locations WHERE missing != 0" },
    { &stats->trashed, "SELECT count(*) FROM items WHERE trashed_at IS NOT NULL" },
    { &stats->bytes, "SELECT coalesce (sum (size), 0) FROM files" },
    { &stats->cameras,
      "SELECT count(DISTINCT camera) FROM items WHERE trashed_at IS NULL AND camera IS NOT NULL" },
    { &stats->places, "SELECT count(DISTINCT place_id) FROM items WHERE trashed_at IS NULL"
                      " AND place_id IS NOT NULL" },
    { &stats->imports, "SELECT count(*) FROM imports" },
    { &stats->import_errors, "SELECT count(*) FROM import_errors" },
  };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  locker = g_mutex_locker_new (&self->lock);
  if (!_sv_db_exec (self->db, "BEGIN", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      *counts[i].out = query_int (self->db, counts[i].sql, error);
      if (*counts[i].out < 0)
        {
          rollback_transaction (self->db);
          return FALSE;
        }
    }
  stmt =
      _sv_db_prepare (self->db,
                      "SELECT min (substr (taken_local, 1, 10)), max (substr (taken_local, 1, 10))"
                      " FROM items WHERE trashed_at IS NULL",
                      error);
  if (stmt == NULL)
    {
      rollback_transaction (self->db);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stats->first_day = column_dup (stmt, 0);
      stats->last_day = column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  rollback_transaction (self->db);
  if (rc != SQLITE_ROW)
    return _sv_db_set_error (self->db, rc, error);
  return TRUE;
}

void
sv_catalogue_stats_clear (SvCatalogueStats *s)
{
  if (s == NULL)
    return;
  g_free (s->first_day);
  g_free (s->last_day);
  memset (s, 0, sizeof *s);
}

/* ---- integrity check ---- */

typedef struct
{
  gint64 id;
  gint64 item_id;
  char *path;
  char *sha256;
  gint64 size;
  gint64 mtime_usec;
  gboolean missing;
  gboolean managed;
  /* results */
  gboolean now_missing;
} CheckLocation;

static void
check_location_free (gpointer data)
{
  CheckLocation *loc = data;

  g_free (loc->path);
  g_free (loc->sha256);
  g_free (loc);
}

void
sv_check_report_clear (SvCheckReport *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->db_message, g_free);
  g_clear_pointer (&r->problems, g_ptr_array_unref);
  memset (r, 0, sizeof *r);
}

static void
report_problem (SvCheckReport *r, char *line)
{
  g_ptr_array_add (r->problems, line);
}

static gboolean
check_db_locked (SvCatalogue *self, SvCheckReport *report, GError **error)
{
  GString *message = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;
  guint fk_problems = 0;

  stmt = _sv_db_prepare (self->db, "PRAGMA integrity_check (100)", error);
  if (stmt == NULL)
    {
      g_string_free (message, TRUE);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, line ? line : "?");
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (message, TRUE);
      return _sv_db_set_error (self->db, rc, error);
    }

  stmt = _sv_db_prepare (self->db, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    {
      g_string_free (message, TRUE);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    fk_problems++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (message, TRUE);
      return _sv_db_set_error (self->db, rc, error);
    }
  if (fk_problems > 0)
    {
      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append_printf (message,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u row points to a row that does not exist",
                                           "%u rows point to rows that do not exist", fk_problems),
                              fk_problems);
    }

  report->db_ok = message->len == 0;
  report->db_message = g_string_free (message, FALSE);
  if (!report->db_ok)
    report_problem (report, g_strdup_printf (_ ("Catalogue damaged: %s"), report->db_message));
  return TRUE;
}

static GPtrArray *
read_locations_locked (SvCatalogue *self, GError **error)
{
  g_autoptr (GPtrArray) locations = g_ptr_array_new_with_free_func (check_location_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _sv_db_prepare (self->db,
                         "SELECT l.id, f.item_id, l.path, f.sha256, l.size, l.mtime_usec,"
                         " l.missing, l.managed"
                         " FROM locations AS l JOIN files AS f ON f.id = l.file_id"
                         " ORDER BY l.id",
                         error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CheckLocation *loc = g_new0 (CheckLocation, 1);

      loc->id = sqlite3_column_int64 (stmt, 0);
      loc->item_id = sqlite3_column_int64 (stmt, 1);
      loc->path = column_dup (stmt, 2);
      loc->sha256 = column_dup (stmt, 3);
      loc->size = sqlite3_column_int64 (stmt, 4);
      loc->mtime_usec = sqlite3_column_int64 (stmt, 5);
      loc->missing = sqlite3_column_int (stmt, 6) != 0;
      loc->managed = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (locations, loc);
    }
  if (!_sv_db_rows_done (self->db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&locations);
}

static gboolean
is_partial_copy_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_str_has_prefix (base, SV_IMPORT_TMP_PREFIX);
}

/* A thumbnail file name is "<sha256>.<ext>"; the thumbnailer writes it
 * through "<sha256>.<ext>.XXXXXX". */
static gboolean
is_temporary_thumbnail_name (const char *base)
{
  const char *dot = strchr (base + SV_SHA256_HEX_LEN, '.');

  return dot != NULL && strchr (dot + 1, '.') != NULL;
}

/* Complete JPEG thumbnails start with SOI and end with EOI. Other formats
 * are not looked into. */
static gboolean
is_damaged_thumbnail (const char *path)
{
  guchar head[3], tail[2];
  GStatBuf st;
  gboolean ok = FALSE;
  int fd;

  if (!g_str_has_suffix (path, ".jpg"))
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE; /* gone meanwhile */
  if (fstat (fd, &st) == 0 && st.st_size >= SV_CHECK_MIN_THUMB_BYTES &&
      pread (fd, head, sizeof head, 0) == (gssize) sizeof head &&
      pread (fd, tail, sizeof tail, st.st_size - (off_t) sizeof tail) == (gssize) sizeof tail)
    ok =
        head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF && tail[0] == 0xFF && tail[1] == 0xD9;
  close (fd);
  return !ok;
}

typedef gboolean (*KeepFileFunc) (const char *name);

/* The regular files under @dir (not following links) whose names @keep
 * accepts. */
static void
collect_files (const char *dir,
               guint depth,
               KeepFileFunc keep,
               GPtrArray *out,
               GCancellable *cancellable)
{
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (depth > SV_CHECK_MAX_DEPTH || g_cancellable_is_cancelled (cancellable))
    return;
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        collect_files (path, depth + 1, keep, out, cancellable);
      else if (S_ISREG (st.st_mode) && keep (name))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

/* A managed copy's temporary file. */
static gboolean
is_partial_copy (const char *name)
{
  return g_str_has_prefix (name, SV_IMPORT_TMP_PREFIX);
}

/* A thumbnail: named by its photo's hash. */
static gboolean
is_thumbnail (const char *name)
{
  g_autofree char *prefix = NULL;

  if (strlen (name) < SV_SHA256_HEX_LEN)
    return FALSE;
  prefix = g_strndup (name, SV_SHA256_HEX_LEN);
  return sv_sha256_hex_is_valid (prefix);
}

gboolean
sv_catalogue_check (SvCatalogue *self,
                    gboolean verify_hashes,
                    const char *cache_dir,
                    SvCheckReport *report,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray) locations = NULL;
  g_autoptr (GArray) changed = id_array_new ();
  g_autoptr (GHashTable) known_hashes = NULL;
  int lock_fd = -1;

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->problems = g_ptr_array_new_with_free_func (g_free);

  locker = g_mutex_locker_new (&self->lock);
  if (!check_db_locked (self, report, error))
    return FALSE;
  locations = read_locations_locked (self, error);
  if (locations == NULL)
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* Files on disk, without the lock. */
  for (guint i = 0; i < locations->len; i++)
    {
      CheckLocation *loc = g_ptr_array_index (locations, i);
      GStatBuf st;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      report->checked++;
      if (g_stat (loc->path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          loc->now_missing = TRUE;
          report->missing++;
          report_problem (report, g_strdup_printf (_ ("Missing: %s"), loc->path));
          continue;
        }
      if (loc->missing)
        report_problem (report, g_strdup_printf (_ ("Found again: %s"), loc->path));
      if (is_partial_copy_name (loc->path) || (loc->managed && (gint64) st.st_size != loc->size))
        {
          /* The library's own copy is not what was imported. */
          report->partial_copies++;
          report_problem (report, g_strdup_printf (_ ("Incomplete copy: %s"), loc->path));
        }
      else if ((gint64) st.st_size != loc->size)
        report_problem (report, g_strdup_printf (_ ("Size changed: %s"), loc->path));
      else if ((gint64) st.st_mtime * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000 !=
                   loc->mtime_usec &&
               (gint64) st.st_mtime != loc->mtime_usec / G_USEC_PER_SEC)
        report_problem (report, g_strdup_printf (_ ("Modification time changed: %s"), loc->path));
      if (verify_hashes)
        {
          g_autoptr (GError) hash_error = NULL;
          g_autofree char *hex = sv_sha256_file_hex (loc->path, NULL, cancellable, &hash_error);

          if (g_error_matches (hash_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&hash_error));
              return FALSE;
            }
          if (hex == NULL)
            report_problem (report, g_strdup_printf (_ ("Unreadable: %s (%s)"), loc->path,
                                                     hash_error->message));
          else if (g_strcmp0 (hex, loc->sha256) != 0)
            {
              report->hash_mismatches++;
              report_problem (report, g_strdup_printf (_ ("Contents changed: %s"), loc->path));
            }
        }
    }

  /* Record what changed. */
  locker = g_mutex_locker_new (&self->lock);
  if (!begin_transaction (self->db, error))
    return FALSE;
  for (guint i = 0; i < locations->len; i++)
    {
      CheckLocation *loc = g_ptr_array_index (locations, i);
      sqlite3_stmt *stmt;

      if (loc->now_missing == loc->missing && loc->now_missing)
        continue;
      stmt = _sv_db_prepare (self->db,
                             "UPDATE locations SET missing = ?2,"
                             " last_seen = CASE WHEN ?2 THEN last_seen ELSE ?3 END WHERE id = ?1",
                             error);
      if (stmt == NULL)
        {
          rollback_transaction (self->db);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, loc->id);
      sqlite3_bind_int (stmt, 2, loc->now_missing ? 1 : 0);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
      if (!_sv_db_step_done (self->db, stmt, error))
        {
          rollback_transaction (self->db);
          return FALSE;
        }
      if (loc->now_missing != loc->missing)
        id_array_add_unique (changed, loc->item_id);
    }
  if (!commit_transaction (self->db, error))
    return FALSE;

  if (cache_dir != NULL)
    {
      g_autoptr (GPtrArray) thumbs = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt;

      /* Taken before reading the hashes and kept to the end: no import
       * can start meanwhile (sv_catalogue_begin_import waits for it). */
      lock_fd = import_lock_try_exclusive (self, &report->import_running);
      known_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      stmt = _sv_db_prepare (self->db, "SELECT DISTINCT sha256 FROM files", error);
      if (stmt == NULL)
        {
          if (lock_fd >= 0)
            close (lock_fd);
          return FALSE;
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (known_hashes, column_dup (stmt, 0));
      sqlite3_reset (stmt);
      g_clear_pointer (&locker, g_mutex_locker_free);

      collect_files (cache_dir, 0, is_thumbnail, thumbs, cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (lock_fd >= 0)
            close (lock_fd);
          return FALSE;
        }
      for (guint i = 0; i < thumbs->len; i++)
        {
          const char *path = g_ptr_array_index (thumbs, i);
          g_autofree char *base = g_path_get_basename (path);
          gboolean temporary = is_temporary_thumbnail_name (base);
          gboolean known;

          base[SV_SHA256_HEX_LEN] = '\0';
          known = g_hash_table_contains (known_hashes, base);
          if (report->import_running && (temporary || !known))
            continue; /* perhaps the running import's work */
          if (temporary)
            {
              /* Without the lock (read-only library) nothing is removed. */
              if (lock_fd >= 0 && g_unlink (path) == 0)
                {
                  report->leftovers_removed++;
                  report_problem (report,
                                  g_strdup_printf (_ ("Unfinished thumbnail removed: %s"), path));
                }
            }
          else if (!known)
            {
              report->orphan_thumbnails++;
              if (lock_fd >= 0 && g_unlink (path) == 0)
                {
                  report->orphans_removed++;
                  report_problem (report,
                                  g_strdup_printf (_ ("Orphan thumbnail removed: %s"), path));
                }
              else
                report_problem (report, g_strdup_printf (_ ("Orphan thumbnail: %s"), path));
            }
          else if (lock_fd >= 0 && is_damaged_thumbnail (path) && g_unlink (path) == 0)
            {
              report->damaged_thumbnails++;
              report_problem (report,
                              g_strdup_printf (_ ("Damaged thumbnail removed (it will be made "
                                                  "again when needed): %s"),
                                               path));
            }
        }
      if (lock_fd >= 0)
        {
          /* Copies an interrupted import was writing: never recorded. */
          g_autofree char *managed_root = sv_catalogue_get_setting (self, "managed-root");
          g_autoptr (GPtrArray) partial = g_ptr_array_new_with_free_func (g_free);

          if (managed_root != NULL && g_path_is_absolute (managed_root))
            collect_files (managed_root, 0, is_partial_copy, partial, cancellable);
          for (guint i = 0; i < partial->len; i++)
            {
              const char *path = g_ptr_array_index (partial, i);

              if (g_unlink (path) == 0)
                {
                  report->leftovers_removed++;
                  report_problem (report,
                                  g_strdup_printf (_ ("Unfinished copy removed: %s"), path));
                }
            }
          close (lock_fd);
        }
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  emit_changed (self, NULL, g_steal_pointer (&changed), NULL);
  return TRUE;
}

/* ---- edits ---- */

static gboolean
update_item (SvCatalogue *self,
             gint64 id,
             const char *sql,
             int kind,
             const char *text,
             int number,
             GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  GArray *changed;

  locker = g_mutex_locker_new (&self->lock);
  stmt = _sv_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (kind == SQLITE_TEXT)
    bind_text_or_null (stmt, 2, text);
  else if (kind == SQLITE_INTEGER)
    sqlite3_bind_int (stmt, 2, number);
  else
    sqlite3_bind_null (stmt, 2);
  if (!_sv_db_step_done (self->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db->db) == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, SV_ERROR, SV_ERROR_NOT_FOUND,
                   _ ("There is no item number %s in the library"), id_text);
      return FALSE;
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  changed = id_array_new ();
  g_array_append_val (changed, id);
  emit_changed (self, NULL, changed, NULL);
  return TRUE;
}

gboolean
sv_catalogue_set_caption (SvCatalogue *self, gint64 id, const char *caption, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (caption != NULL && !g_utf8_validate (caption, -1, NULL))
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The caption is not valid UTF-8"));
      return FALSE;
    }
  return update_item (self, id, "UPDATE items SET caption = ?2 WHERE id = ?1", SQLITE_TEXT,
                      caption && caption[0] ? caption : NULL, 0, error);
}

gboolean
sv_catalogue_set_favourite (SvCatalogue *self, gint64 id, gboolean favourite, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  return update_item (self, id, "UPDATE items SET favourite = ?2 WHERE id = ?1", SQLITE_INTEGER,
                      NULL, favourite ? 1 : 0, error);
}

gboolean
sv_catalogue_set_rating (SvCatalogue *self, gint64 id, int rating, GError **error)
{
  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);

  if (rating < -1 || rating > 5)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("A rating goes from 0 to 5 stars"));
      return FALSE;
    }
  return update_item (self, id, "UPDATE items SET rating = ?2 WHERE id = ?1",
                      rating < 0 ? SQLITE_NULL : SQLITE_INTEGER, NULL, rating, error);
}

gboolean
sv_catalogue_set_trashed (SvCatalogue *self,
                          const gint64 *ids,
                          guint n,
                          gboolean trashed,
                          GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GArray) changed = id_array_new ();
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_transaction (self->db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt = _sv_db_prepare (
          self->db,
          trashed ? "UPDATE items SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL"
                  : "UPDATE items SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
          error);
      if (stmt == NULL)
        {
          rollback_transaction (self->db);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (trashed)
        sqlite3_bind_int64 (stmt, 2, now);
      if (!_sv_db_step_done (self->db, stmt, error))
        {
          rollback_transaction (self->db);
          return FALSE;
        }
      if (sqlite3_changes (self->db->db) > 0)
        id_array_add_unique (changed, ids[i]);
    }
  if (!commit_transaction (self->db, error))
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);

  emit_changed (self, NULL, g_steal_pointer (&changed), NULL);
  return TRUE;
}

gboolean
sv_catalogue_delete_items (SvCatalogue *self,
                           const gint64 *ids,
                           guint n,
                           gboolean tombstone,
                           GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GArray) removed = id_array_new ();

  g_return_val_if_fail (SV_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n == 0, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_transaction (self->db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt;

      if (tombstone && self->user_version >= 1)
        {
          stmt = _sv_db_prepare (self->db,
                                 "INSERT OR REPLACE INTO tombstones (sha256, deleted_at)"
                                 " SELECT sha256, ?2 FROM files WHERE item_id = ?1",
                                 error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, ids[i]);
          sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
          if (!_sv_db_step_done (self->db, stmt, error))
            goto fail;
        }
      stmt = _sv_db_prepare (self->db, "DELETE FROM items WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_sv_db_step_done (self->db, stmt, error))
        goto fail;
      if (sqlite3_changes (self->db->db) > 0)
        id_array_add_unique (removed, ids[i]);
    }
  if (!commit_transaction (self->db, error))
    return FALSE;
  g_clear_pointer (&locker, g_mutex_locker_free);

  emit_changed (self, NULL, NULL, g_steal_pointer (&removed));
  return TRUE;

fail:
  rollback_transaction (self->db);
  return FALSE;
}
