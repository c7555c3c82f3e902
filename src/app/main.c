/* main.c: souvenir, the photo organizer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "souvenir"

#include "config.h"

#include "sv-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sv-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (SvApplication) app = NULL;

  sv_i18n_init ();

  g_set_application_name (_ ("Souvenir"));

  app = sv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
