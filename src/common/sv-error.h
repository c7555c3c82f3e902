/* sv-error.h: error domain shared by the core, the CLI and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SV_ERROR (sv_error_quark ())

/* Stable codes: the CLI maps them to exit codes and the server to error
 * codes in JSON bodies, so only ever append. */
typedef enum
{
  SV_ERROR_FAILED,           /* anything else */
  SV_ERROR_UNSUPPORTED,      /* a file type we do not read */
  SV_ERROR_CORRUPT,          /* a file or catalogue that cannot be parsed */
  SV_ERROR_TOO_LARGE,        /* over a pixel or size limit */
  SV_ERROR_NOT_FOUND,        /* no such item, file or setting */
  SV_ERROR_INVALID_ARGUMENT, /* a caller gave bad input */
  SV_ERROR_NEWER_CATALOGUE,  /* the catalogue was written by a newer program */
  SV_ERROR_DISK_FULL,        /* no space left on the device */
  SV_ERROR_IO,               /* a read or write failed */
  SV_ERROR_DATABASE,         /* SQLite reported an error */
  SV_ERROR_DUPLICATE,        /* already in the library */
} SvError;

GQuark
sv_error_quark (void);

G_END_DECLS
