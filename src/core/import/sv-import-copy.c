/* sv-import-copy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-import-copy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv-import-copy.h"

#define COPY_CHUNK (4 * 1024 * 1024)
#define COMPARE_CHUNK (256 * 1024)
#define MAX_NAME_TRIES 10000

typedef enum
{
  OP_READ,
  OP_WRITE,
  OP_MKDIR,
} CopyOp;

static void
set_errno_error (GError **error, int errsv, CopyOp op, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  GIOErrorEnum code = g_io_error_from_errno (errsv);

  if (errsv == ENOSPC || errsv == EDQUOT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _ ("The disk is full: “%s” could not be written"), display);
  else if (op == OP_READ)
    g_set_error (error, G_IO_ERROR, code, _ ("Could not read “%s”: %s"), display,
                 g_strerror (errsv));
  else if (op == OP_MKDIR)
    g_set_error (error, G_IO_ERROR, code, _ ("Could not create the folder “%s”: %s"), display,
                 g_strerror (errsv));
  else
    g_set_error (error, G_IO_ERROR, code, _ ("Could not write “%s”: %s"), display,
                 g_strerror (errsv));
}

char *
sv_import_day_folder (const char *taken_local, gint64 mtime_usec)
{
  if (taken_local != NULL && strlen (taken_local) >= 10 && g_ascii_isdigit (taken_local[0]) &&
      taken_local[4] == '-' && taken_local[7] == '-')
    return g_strdup_printf ("%.4s/%.10s", taken_local, taken_local);
  else
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (mtime_usec / G_USEC_PER_SEC);

      if (dt == NULL)
        return g_strdup ("unknown-date");
      return g_date_time_format (dt, "%Y/%Y-%m-%d");
    }
}

static gboolean
copy_fd (int in,
         int out,
         const char *source,
         const char *dest,
         GCancellable *cancellable,
         GError **error)
{
  g_autofree guint8 *buf = NULL;

  for (;;)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = copy_file_range (in, NULL, out, NULL, COPY_CHUNK, 0);
      if (n > 0)
        continue;
      if (n == 0)
        return TRUE;
      if (errno == EINTR)
        continue;
      if (errno == ENOSPC || errno == EDQUOT || errno == EIO)
        {
          set_errno_error (error, errno, OP_WRITE, dest);
          return FALSE;
        }
      break; /* not supported across these filesystems: plain read/write */
    }

  buf = g_malloc (COPY_CHUNK);
  for (;;)
    {
      ssize_t n, off = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = read (in, buf, COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, OP_READ, source);
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      while (off < n)
        {
          ssize_t w = write (out, buf + off, (size_t) (n - off));
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_errno_error (error, errno, OP_WRITE, dest);
              return FALSE;
            }
          off += w;
        }
    }
}

/* TRUE if the regular files @a and @b hold the same bytes. */
static gboolean
same_contents (const char *a, const char *b)
{
  g_autofree guint8 *buf_a = NULL;
  g_autofree guint8 *buf_b = NULL;
  GStatBuf st_a, st_b;
  gboolean same = FALSE;
  int fd_a = -1, fd_b = -1;

  if (g_lstat (a, &st_a) != 0 || g_lstat (b, &st_b) != 0 || !S_ISREG (st_a.st_mode) ||
      !S_ISREG (st_b.st_mode) || st_a.st_size != st_b.st_size)
    return FALSE;
  fd_a = g_open (a, O_RDONLY | O_CLOEXEC, 0);
  fd_b = g_open (b, O_RDONLY | O_CLOEXEC, 0);
  if (fd_a < 0 || fd_b < 0)
    goto out;
  buf_a = g_malloc (COMPARE_CHUNK);
  buf_b = g_malloc (COMPARE_CHUNK);
  for (;;)
    {
      ssize_t n_a = read (fd_a, buf_a, COMPARE_CHUNK);
      ssize_t n_b = n_a > 0 ? read (fd_b, buf_b, (size_t) n_a) : 0;

      if (n_a < 0 || n_b != n_a || memcmp (buf_a, buf_b, (size_t) n_a) != 0)
        break;
      if (n_a == 0)
        {
          same = TRUE;
          break;
        }
    }
out:
  if (fd_a >= 0)
    close (fd_a);
  if (fd_b >= 0)
    close (fd_b);
  return same;
}

/* Gives @tmp the first free name among "stem.ext", "stem (1).ext", … A
 * name taken by a file with the very same bytes is that file's: a copy an
 * interrupted import published but never recorded (the import would have
 * skipped the photo as a duplicate had the library known it), so it is
 * used rather than doubled. */
static char *
publish (const char *tmp, const char *dir, const char *basename, GError **error)
{
  const char *dot = strrchr (basename, '.');
  g_autofree char *stem =
      dot && dot != basename ? g_strndup (basename, (gsize) (dot - basename)) : g_strdup (basename);
  const char *ext = dot && dot != basename ? dot : "";
  int errsv;

  for (guint i = 0; i < MAX_NAME_TRIES; i++)
    {
      g_autofree char *name =
          i == 0 ? g_strdup (basename) : g_strdup_printf ("%s (%u)%s", stem, i, ext);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      int r = renameat2 (AT_FDCWD, tmp, AT_FDCWD, target, RENAME_NOREPLACE);

      if (r != 0 && (errno == EINVAL || errno == ENOSYS))
        {
          /* No RENAME_NOREPLACE here: link() never replaces either. */
          r = link (tmp, target);
          if (r == 0)
            g_unlink (tmp);
        }
      if (r == 0)
        return g_steal_pointer (&target);
      errsv = errno;
      if (errsv != EEXIST)
        {
          set_errno_error (error, errsv, OP_WRITE, target);
          return NULL;
        }
      if (same_contents (tmp, target))
        {
          g_unlink (tmp);
          return g_steal_pointer (&target);
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _ ("Too many files are named like “%s” in “%s”"), basename, dir);
  return NULL;
}

char *
sv_import_copy_into_library (const char *source,
                             const char *managed_root,
                             const char *folder,
                             const char *taken_local,
                             gint64 mtime_usec,
                             GCancellable *cancellable,
                             GError **error)
{
  g_autofree char *day = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *intended = NULL;
  char *result = NULL;
  struct timespec times[2];
  int in = -1, out = -1;

  g_return_val_if_fail (source != NULL && managed_root != NULL, NULL);

  day = folder ? g_strdup (folder) : sv_import_day_folder (taken_local, mtime_usec);
  dir = g_build_filename (managed_root, day, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      set_errno_error (error, errno, OP_MKDIR, dir);
      return NULL;
    }

  in = g_open (source, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (in < 0)
    {
      set_errno_error (error, errno, OP_READ, source);
      return NULL;
    }

  tmp = g_build_filename (dir, ".souvenir-import-XXXXXX", NULL);
  out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (out < 0)
    {
      set_errno_error (error, errno, OP_WRITE, dir);
      close (in);
      return NULL;
    }

  /* Errors name the file being made, not its temporary name. */
  basename = g_path_get_basename (source);
  intended = g_build_filename (dir, basename, NULL);
  if (!copy_fd (in, out, source, intended, cancellable, error))
    goto out;

  /* Keep the original's modification time, then make the bytes durable
   * before the file gets its real name. */
  times[0].tv_sec = mtime_usec / G_USEC_PER_SEC;
  times[0].tv_nsec = (mtime_usec % G_USEC_PER_SEC) * 1000;
  times[1] = times[0];
  futimens (out, times);
  if (fsync (out) != 0)
    {
      set_errno_error (error, errno, OP_WRITE, intended);
      goto out;
    }
  if (close (out) != 0)
    {
      out = -1;
      set_errno_error (error, errno, OP_WRITE, intended);
      goto out;
    }
  out = -1;

  result = publish (tmp, dir, basename, error);

out:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  if (result == NULL)
    g_unlink (tmp);
  return result;
}
