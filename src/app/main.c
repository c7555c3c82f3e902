/* main.c: souvenir, the photo organizer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sv-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (SvApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_ ("Souvenir"));

  app = sv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
