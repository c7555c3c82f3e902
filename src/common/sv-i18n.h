/* sv-i18n.h: locale and translations for Souvenir's programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* setlocale (LC_ALL, "") and our message catalogue, from
 * $SOUVENIR_LOCALEDIR when set (uninstalled builds and tests: the build
 * tree's po/), else the installed LOCALEDIR. */
void
sv_i18n_init (void);

G_END_DECLS
