/* fuzz-common.c: what every libFuzzer target of Showroom starts with
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "crm-calendar-store.h"
#include "fuzz-common.h"

static CrmTestShowroom showroom;
static gboolean have_showroom;

void
fuzz_init (void)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static void
remove_showroom (void)
{
  /* The store's last reference: an abort leaves the folder behind, an
   * ordinary exit (-max_total_time, -runs) does not */
  crm_test_showroom_clear (&showroom);
}

CrmTestShowroom *
fuzz_showroom (void)
{
  if (have_showroom)
    return &showroom;

  crm_test_showroom_init (&showroom, crm_test_now ());
  crm_test_showroom_open_store (&showroom);
  crm_test_showroom_setup_cast (&showroom);
  crm_test_add_vehicle (showroom.store, "粤A·D1001", showroom.model1, CRM_VEHICLE_AVAILABLE);
  crm_test_add_customer (showroom.store, "张伟", "13800138000", "zhangwei88");
  crm_test_add_customer (showroom.store, "单雪", "13900139000", NULL);
  g_array_set_size (showroom.changes, 0);
  have_showroom = TRUE;
  atexit (remove_showroom);
  return &showroom;
}
