/* souvenir-cloud.c: the souvenir-cloud command (serve, user, backup, restore, purge)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir-cloud"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sv-i18n.h"
#include "sv-blob-store-fs.h"
#include "sv-cloud-admin.h"
#include "sv-cloud-auth.h"
#include "sv-cloud-db-sqlite.h"
#include "sv-cloud-server.h"
#include "sv-error.h"

static char *opt_data;
static char *opt_config;

static const char *const usage_text =
    N_ ("Commands:\n"
        "  serve --data DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE]\n"
        "  user add NAME --data DIR [--plan PLAN]   (password on standard input)\n"
        "  user passwd NAME --data DIR\n"
        "  user plan NAME PLAN --data DIR\n"
        "  user disable NAME --data DIR [--enable]\n"
        "  user ls --data DIR\n"
        "  backup --data DIR --to FILE\n"
        "  restore --data DIR FILE [--blobs-from FOLDER]\n"
        "  purge --data DIR [--now UNIX-SECONDS]\n"
        "\n"
        "Exit codes: 0 success, 1 failure, 2 wrong usage, 3 no such account,\n"
        "4 data folder in use, 5 backup damaged or incomplete.\n");

static int
fail (GError *error)
{
  int code = sv_cloud_exit_for_error (error);

  g_printerr ("souvenir-cloud: %s\n", error->message);
  g_error_free (error);
  return code;
}

static int
usage_error (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("souvenir-cloud: %s\n\n%s", message, help);
  return SV_CLOUD_EXIT_USAGE;
}

static GOptionContext *
make_context (const char *parameter, GOptionEntry *entries)
{
  static GOptionEntry common[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data, N_ ("The data folder"), N_ ("DIR") },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config,
      N_ ("Configuration file (default: DIR/souvenir-cloud.conf)"), N_ ("FILE") },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _ (usage_text));
  return context;
}

static SvCloudConfig *
load_config (GError **error)
{
  g_autofree char *path = NULL;

  if (opt_config != NULL)
    return sv_cloud_config_load (opt_config, TRUE, error);
  path = g_build_filename (opt_data, SV_CLOUD_CONFIG_NAME, NULL);
  return sv_cloud_config_load (path, FALSE, error);
}

static SvCloudDb *
open_db (GError **error)
{
  g_autofree char *path = NULL;

  if (g_mkdir_with_parents (opt_data, 0700) != 0)
    {
      g_set_error (error, SV_ERROR, SV_ERROR_IO, _ ("Could not create the folder “%s”."), opt_data);
      return NULL;
    }
  path = g_build_filename (opt_data, SV_CLOUD_DB_NAME, NULL);
  return (SvCloudDb *) sv_cloud_db_sqlite_open (path, error);
}

/* Reads a password: a line on standard input, or a prompt without echo. */
static char *
read_password (GError **error)
{
  char buf[SV_CLOUD_MAX_PASSWORD_LEN + 2];
  g_autofree char *first = NULL;
  gboolean tty = isatty (STDIN_FILENO);

  for (int round = 0; round < (tty ? 2 : 1); round++)
    {
      struct termios old, quiet;
      gboolean got;
      gsize len;

      if (tty)
        {
          g_printerr ("%s", round == 0 ? _ ("Password: ") : _ ("Password again: "));
          tcgetattr (STDIN_FILENO, &old);
          quiet = old;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
      got = fgets (buf, sizeof buf, stdin) != NULL;
      if (tty)
        {
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
          g_printerr ("\n");
        }
      if (!got)
        {
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("No password was given."));
          return NULL;
        }
      len = strlen (buf);
      if (len > SV_CLOUD_MAX_PASSWORD_LEN && buf[len - 1] != '\n')
        {
          sodium_memzero (buf, sizeof buf);
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("The password is too long."));
          return NULL;
        }
      while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
      if (round == 0)
        first = g_strdup (buf);
      else if (!g_str_equal (first, buf))
        {
          sodium_memzero (buf, sizeof buf);
          g_set_error_literal (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                               _ ("The passwords differ."));
          return NULL;
        }
      sodium_memzero (buf, sizeof buf);
    }
  return g_steal_pointer (&first);
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
cmd_serve (int argc, char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *port_file = NULL;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_ ("Address and port, e.g. 127.0.0.1:8080 (port 0: any free port)"), N_ ("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_ ("TLS certificate (PEM)"),
      N_ ("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_ ("TLS private key (PEM)"), N_ ("FILE") },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      N_ ("Write the port listened on to this file"), N_ ("FILE") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = make_context (NULL, entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCloudConfig) config = NULL;
  g_autoptr (SvCloudDb) db = NULL;
  g_autoptr (SvBlobStoreFs) store = NULL;
  g_autoptr (SvCloudServer) server = NULL;
  g_autoptr (GTlsCertificate) cert = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;
  guint16 bound = 0;
  int lock_fd;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (opt_data == NULL || listen == NULL || argc != 1)
    return usage_error (context, _ ("serve needs --data and --listen."));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (context, _ ("--tls-cert and --tls-key go together."));
  colon = strrchr (listen, ':');
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return usage_error (context, _ ("--listen needs HOST:PORT, for example 127.0.0.1:8080."));
  host = g_strndup (listen, (gsize) (colon - listen));
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  config = load_config (&error);
  if (config == NULL)
    return fail (g_steal_pointer (&error));
  if (g_mkdir_with_parents (opt_data, 0700) != 0)
    {
      g_printerr ("souvenir-cloud: %s\n", _ ("Could not create the data folder."));
      return SV_CLOUD_EXIT_FAILED;
    }
  lock_fd = sv_cloud_lock_data_dir (opt_data, &error);
  if (lock_fd < 0)
    return fail (g_steal_pointer (&error));
  if (tls_cert != NULL)
    {
      cert = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (cert == NULL)
        return fail (g_steal_pointer (&error));
    }
  db = open_db (&error);
  if (db == NULL)
    return fail (g_steal_pointer (&error));
  store = sv_blob_store_fs_new (opt_data, &error);
  if (store == NULL)
    return fail (g_steal_pointer (&error));
  sv_blob_store_fs_set_durable (store, config->durable_writes);
  if (!config->durable_writes)
    g_warning ("durable_writes is off: a crash can lose recently uploaded files");
  cache_dir = g_build_filename (opt_data, "cache", NULL);
  server =
      sv_cloud_server_new (db, SV_BLOB_STORE (store), g_steal_pointer (&config), cache_dir, &error);
  if (server == NULL ||
      !sv_cloud_server_listen (server, host, (guint16) port, cert, &bound, &error))
    return fail (g_steal_pointer (&error));

  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", bound);

      if (!g_file_set_contents (port_file, text, -1, &error))
        return fail (g_steal_pointer (&error));
    }
  g_message ("Listening on %s://%s:%u/", cert != NULL ? "https" : "http", host, bound);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  g_main_loop_run (loop);
  g_message ("Stopping");
  g_object_run_dispose (G_OBJECT (server));
  close (lock_fd);
  return SV_CLOUD_EXIT_OK;
}

static int
cmd_user (int argc, char **argv)
{
  g_autofree char *plan = NULL;
  gboolean enable = FALSE;
  GOptionEntry entries[] = {
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &plan,
      N_ ("Plan of a new account (default from the configuration)"), N_ ("PLAN") },
    { "enable", 0, 0, G_OPTION_ARG_NONE, &enable, N_ ("With disable: enable the account again"),
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context =
      make_context (_ ("add|passwd|plan|disable|ls [NAME] [PLAN]"), entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCloudConfig) config = NULL;
  g_autoptr (SvCloudDb) db = NULL;
  const char *action;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (opt_data == NULL || argc < 2)
    return usage_error (context, _ ("user needs an action and --data."));
  action = argv[1];
  if ((g_str_equal (action, "ls") && argc != 2) ||
      ((g_str_equal (action, "add") || g_str_equal (action, "passwd") ||
        g_str_equal (action, "disable")) &&
       argc != 3) ||
      (g_str_equal (action, "plan") && argc != 4))
    return usage_error (context, _ ("Wrong number of arguments."));

  config = load_config (&error);
  if (config == NULL)
    return fail (g_steal_pointer (&error));
  db = open_db (&error);
  if (db == NULL)
    return fail (g_steal_pointer (&error));

  if (g_str_equal (action, "add") || g_str_equal (action, "passwd"))
    {
      g_autofree char *password = read_password (&error);
      gboolean ok;

      if (password == NULL)
        return fail (g_steal_pointer (&error));
      if (g_str_equal (action, "add"))
        ok = sv_cloud_admin_user_add (db, config, argv[2], password, plan, &error);
      else
        ok = sv_cloud_admin_user_passwd (db, config, argv[2], password, &error);
      sodium_memzero (password, strlen (password));
      if (!ok)
        return fail (g_steal_pointer (&error));
    }
  else if (g_str_equal (action, "plan"))
    {
      if (!sv_cloud_admin_user_plan (db, config, argv[2], argv[3], &error))
        return fail (g_steal_pointer (&error));
    }
  else if (g_str_equal (action, "disable"))
    {
      if (!sv_cloud_admin_user_disable (db, argv[2], !enable, &error))
        return fail (g_steal_pointer (&error));
    }
  else if (g_str_equal (action, "ls"))
    {
      g_autofree char *table = sv_cloud_admin_user_list (db, config, &error);

      if (table == NULL)
        return fail (g_steal_pointer (&error));
      g_print ("%s", table);
    }
  else
    {
      return usage_error (context, _ ("Unknown user action."));
    }
  return SV_CLOUD_EXIT_OK;
}

static int
cmd_backup (int argc, char **argv)
{
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_FILENAME, &to, N_ ("Backup file to write"), N_ ("FILE") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = make_context (NULL, entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCloudDb) db = NULL;
  g_autofree char *db_path = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (opt_data == NULL || to == NULL || argc != 1)
    return usage_error (context, _ ("backup needs --data and --to."));
  db_path = g_build_filename (opt_data, SV_CLOUD_DB_NAME, NULL);
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("souvenir-cloud: %s\n", _ ("There is no server catalogue in this data folder."));
      return SV_CLOUD_EXIT_NOT_FOUND;
    }
  db = open_db (&error);
  if (db == NULL || !sv_cloud_admin_backup (db, to, &error))
    return fail (g_steal_pointer (&error));
  return SV_CLOUD_EXIT_OK;
}

static int
cmd_restore (int argc, char **argv)
{
  g_autofree char *blobs_from = NULL;
  GOptionEntry entries[] = {
    { "blobs-from", 0, 0, G_OPTION_ARG_FILENAME, &blobs_from,
      N_ ("Copy missing blobs from this blobs folder (a copy of DIR/blobs)"), N_ ("FOLDER") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = make_context (_ ("FILE"), entries);
  g_autoptr (GError) error = NULL;
  int lock_fd;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (opt_data == NULL || argc != 2)
    return usage_error (context, _ ("restore needs --data and a backup file."));
  if (g_mkdir_with_parents (opt_data, 0700) != 0)
    return SV_CLOUD_EXIT_FAILED;
  lock_fd = sv_cloud_lock_data_dir (opt_data, &error);
  if (lock_fd < 0)
    return fail (g_steal_pointer (&error));
  if (!sv_cloud_admin_restore (opt_data, argv[1], blobs_from, &error))
    {
      close (lock_fd);
      return fail (g_steal_pointer (&error));
    }
  close (lock_fd);
  return SV_CLOUD_EXIT_OK;
}

static int
cmd_purge (int argc, char **argv)
{
  gint64 now_seconds = 0;
  GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_INT64, &now_seconds,
      N_ ("Run as if it were this time (seconds since 1970)"), N_ ("SECONDS") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = make_context (NULL, entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (SvCloudConfig) config = NULL;
  g_autoptr (SvCloudDb) db = NULL;
  g_autoptr (SvBlobStoreFs) store = NULL;
  g_autoptr (SvCloudServer) server = NULL;
  g_autofree char *cache_dir = NULL;
  gint freed;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (opt_data == NULL || argc != 1)
    return usage_error (context, _ ("purge needs --data."));
  config = load_config (&error);
  if (config == NULL)
    return fail (g_steal_pointer (&error));
  /* Weakest Argon2id parameters: this command never checks a password. */
  config->pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  config->pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  db = open_db (&error);
  if (db == NULL)
    return fail (g_steal_pointer (&error));
  store = sv_blob_store_fs_new (opt_data, &error);
  if (store == NULL)
    return fail (g_steal_pointer (&error));
  cache_dir = g_build_filename (opt_data, "cache", NULL);
  server =
      sv_cloud_server_new (db, SV_BLOB_STORE (store), g_steal_pointer (&config), cache_dir, &error);
  if (server == NULL)
    return fail (g_steal_pointer (&error));
  freed = sv_cloud_server_purge (
      server, now_seconds > 0 ? now_seconds * G_USEC_PER_SEC : g_get_real_time (), &error);
  if (freed < 0)
    return fail (g_steal_pointer (&error));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%d stored file deleted.\n", "%d stored files deleted.\n",
                        freed),
           freed);
  return SV_CLOUD_EXIT_OK;
}

int
main (int argc, char **argv)
{
  const char *command;
  int code;

  sv_i18n_init ();

  if (sodium_init () < 0)
    {
      g_printerr ("souvenir-cloud: %s\n", _ ("Could not initialise the cryptography library."));
      return SV_CLOUD_EXIT_FAILED;
    }

  command = argc > 1 ? argv[1] : NULL;
  if (command == NULL || g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      g_print ("%s\n\n%s", _ ("Usage: souvenir-cloud COMMAND [OPTION…]"), _ (usage_text));
      return command == NULL ? SV_CLOUD_EXIT_USAGE : SV_CLOUD_EXIT_OK;
    }
  if (g_str_equal (command, "--version"))
    {
      g_print ("souvenir-cloud %s\n", PACKAGE_VERSION);
      return SV_CLOUD_EXIT_OK;
    }

  /* Each command sees "souvenir-cloud COMMAND" as its program name. */
  argv[1] = g_strdup_printf ("souvenir-cloud %s", command);
  if (g_str_equal (command, "serve"))
    code = cmd_serve (argc - 1, argv + 1);
  else if (g_str_equal (command, "user"))
    code = cmd_user (argc - 1, argv + 1);
  else if (g_str_equal (command, "backup"))
    code = cmd_backup (argc - 1, argv + 1);
  else if (g_str_equal (command, "restore"))
    code = cmd_restore (argc - 1, argv + 1);
  else if (g_str_equal (command, "purge"))
    code = cmd_purge (argc - 1, argv + 1);
  else
    {
      g_printerr ("souvenir-cloud: %s\n\n%s", _ ("Unknown command."), _ (usage_text));
      code = SV_CLOUD_EXIT_USAGE;
    }
  g_free (argv[1]);
  g_free (opt_data);
  g_free (opt_config);
  return code;
}
