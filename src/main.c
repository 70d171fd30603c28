/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "crm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CrmApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* SHOWROOM_LOCALEDIR: the build's translations, when run uninstalled */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHOWROOM_LOCALEDIR") ? g_getenv ("SHOWROOM_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Showroom"));
  app = crm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
