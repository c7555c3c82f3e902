/* sv-jpeg-writer.c: JPEG encoding of thumbnails straight from pixbuf rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gdk_pixbuf_save_to_buffer () copies every pixel into a row buffer with a
 * 3-byte memcpy () before handing the row to libjpeg: for the two
 * thumbnails of a 12-MP photo that copy is a third of the encoding time.
 * Our thumbnails are opaque RGB pixbufs whose rows libjpeg can read as
 * they are, so this hands them over directly (rows with alpha, which only
 * other callers may pass, go through one reused row buffer).
 */
#define G_LOG_DOMAIN "sv-jpeg-writer"

#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "sv-error.h"
#include "sv-jpeg-writer.h"

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} ErrorManager;

static void
on_error_exit (j_common_ptr cinfo)
{
  ErrorManager *err = (ErrorManager *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
on_output_message (j_common_ptr cinfo)
{
  /* Warnings are not errors here; libjpeg would print them to stderr. */
  (void) cinfo;
}

/* Everything the error path must see after a longjmp lives here, not in
 * locals of sv_jpeg_encode () (which would be indeterminate). */
typedef struct
{
  struct jpeg_compress_struct cinfo;
  ErrorManager err;
  unsigned char *out;
  unsigned long out_length;
  guchar *row;
} Encoder;

static gboolean
encode (Encoder *enc, GdkPixbuf *pixbuf, int quality)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  gsize stride = (gsize) gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

  if (setjmp (enc->err.jump) != 0)
    return FALSE;

  jpeg_create_compress (&enc->cinfo);
  jpeg_mem_dest (&enc->cinfo, &enc->out, &enc->out_length);
  enc->cinfo.image_width = (JDIMENSION) width;
  enc->cinfo.image_height = (JDIMENSION) height;
  enc->cinfo.input_components = 3;
  enc->cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&enc->cinfo);
  jpeg_set_quality (&enc->cinfo, quality, TRUE);
  jpeg_start_compress (&enc->cinfo, TRUE);

  if (n_channels != 3)
    enc->row = g_malloc ((gsize) width * 3);

  while (enc->cinfo.next_scanline < enc->cinfo.image_height)
    {
      const guchar *src = pixels + (gsize) enc->cinfo.next_scanline * stride;
      JSAMPROW row;

      if (enc->row != NULL)
        {
          for (int x = 0; x < width; x++)
            memcpy (enc->row + (gsize) x * 3, src + (gsize) x * n_channels, 3);
          row = enc->row;
        }
      else
        row = (JSAMPROW) src;
      jpeg_write_scanlines (&enc->cinfo, &row, 1);
    }

  jpeg_finish_compress (&enc->cinfo);
  return TRUE;
}

gboolean
sv_jpeg_encode (GdkPixbuf *pixbuf, int quality, guchar **data, gsize *length, GError **error)
{
  Encoder *enc;
  gboolean ok;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), FALSE);
  g_return_val_if_fail (gdk_pixbuf_get_colorspace (pixbuf) == GDK_COLORSPACE_RGB, FALSE);
  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, FALSE);
  g_return_val_if_fail (gdk_pixbuf_get_n_channels (pixbuf) >= 3, FALSE);
  g_return_val_if_fail (data != NULL && length != NULL, FALSE);

  enc = g_new0 (Encoder, 1);
  enc->cinfo.err = jpeg_std_error (&enc->err.pub);
  enc->err.pub.error_exit = on_error_exit;
  enc->err.pub.output_message = on_output_message;

  ok = encode (enc, pixbuf, CLAMP (quality, 1, 100));
  jpeg_destroy_compress (&enc->cinfo);
  g_free (enc->row);

  if (ok)
    {
      /* jpeg_mem_dest () allocates with malloc (): hand out GLib memory. */
      *data = g_memdup2 (enc->out, enc->out_length);
      *length = enc->out_length;
    }
  else
    g_set_error (error, SV_ERROR, SV_ERROR_FAILED, "%s", enc->err.message);
  free (enc->out);
  g_free (enc);
  return ok;
}
