/* sv-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sv-error.h"

/* clang-format off */
G_DEFINE_QUARK (sv-error-quark, sv_error)
/* clang-format on */
