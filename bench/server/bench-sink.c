/* bench-sink.c: a bare libsoup 3 HTTP server for bench/server/run
 *
 * Usage: bench-sink PORT DIR|-
 *
 * The reference that shares souvenir-cloud's HTTP stack: PUT /put/NAME
 * streams the body into DIR/NAME (page cache, no checksum, no fsync), or
 * throws it away with "-", and answers 201. Nothing else: no
 * authentication, no catalogue, no threads. The body is gathered into
 * 256 KiB blocks before each write, as souvenir-cloud does, so that the
 * reference does not pay a system call for every 8 KiB that libsoup hands
 * over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (256 * 1024)

static const char *dir;

typedef struct
{
  int fd;
  gsize len;
  guint8 data[BLOCK];
} Sink;

static void
sink_write (Sink *sink)
{
  const guint8 *data = sink->data;
  gsize len = sink->len;

  while (len > 0)
    {
      ssize_t n = write (sink->fd, data, len);

      if (n <= 0)
        break;
      data += n, len -= (gsize) n;
    }
  sink->len = 0;
}

static void
on_got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  Sink *sink = g_object_get_data (G_OBJECT (msg), "sink");
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);

  while (len > 0)
    {
      gsize n = MIN (len, BLOCK - sink->len);

      memcpy (sink->data + sink->len, data, n);
      sink->len += n, data += n, len -= n;
      if (sink->len == BLOCK)
        sink_write (sink);
    }
}

static void
sink_free (gpointer data)
{
  Sink *sink = data;

  sink_write (sink);
  close (sink->fd);
  g_free (sink);
}

static void
on_got_headers_cb (SoupServerMessage *msg, gpointer user_data)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *name = g_str_has_prefix (path, "/put/") ? path + 5 : NULL;
  g_autofree char *file = NULL;
  Sink *sink;
  int fd;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  if (strcmp (dir, "-") == 0)
    {
      g_object_set_data (G_OBJECT (msg), "sink", GINT_TO_POINTER (1));
      return;
    }
  if (name == NULL || *name == '\0' || strchr (name, '/') != NULL || name[0] == '.')
    return;
  file = g_build_filename (dir, name, NULL);
  fd = open (file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  sink = g_new (Sink, 1);
  sink->fd = fd;
  sink->len = 0;
  g_object_set_data_full (G_OBJECT (msg), "sink", sink, sink_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), NULL);
}

static void
on_request_started_cb (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), NULL);
}

static void
handler (SoupServer *server,
         SoupServerMessage *msg,
         const char *path,
         GHashTable *query,
         gpointer user_data)
{
  Sink *sink = g_object_get_data (G_OBJECT (msg), "sink");
  gboolean ok = sink != NULL;

  /* The last block is written before the answer, like souvenir-cloud's; the
   * file is closed when the message goes. */
  if (ok && strcmp (dir, "-") != 0)
    sink_write (sink);
  soup_server_message_set_status (msg, ok ? SOUP_STATUS_CREATED : SOUP_STATUS_BAD_REQUEST, NULL);
}

static gboolean
on_term_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) any = NULL;
  g_autoptr (GSocketAddress) address = NULL;

  if (argc != 3)
    {
      g_printerr ("Usage: %s PORT DIR|-\n", argv[0]);
      return 2;
    }
  dir = argv[2];
  server = soup_server_new ("server-header", "bench-sink", NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started_cb), NULL);
  soup_server_add_handler (server, "/put/", handler, NULL, NULL);
  any = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (any, (guint16) atoi (argv[1]));
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_term_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
