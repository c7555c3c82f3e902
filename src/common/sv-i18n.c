/* sv-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sv-i18n.h"

void
sv_i18n_init (void)
{
  const char *localedir = g_getenv ("SOUVENIR_LOCALEDIR");

  setlocale (LC_ALL, "");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* No textdomain (): our strings name their domain (gi18n-lib.h, and
   * domain="souvenir" in the .ui files), while libgweather looks its place
   * names up in the default domain, which must stay its own ("Allemagne",
   * not "Germany"). */
}
