/* crm-ical.h: test drives in and out as iCalendar (.ics)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

char      *crm_ical_export_test_drives (CrmStore    *store,
                                        GPtrArray   *test_drives);
GPtrArray *crm_ical_parse_test_drives  (CrmStore    *store,
                                        const char  *data,
                                        GError     **error);
guint      crm_ical_import_test_drives (CrmStore    *store,
                                        const char  *data,
                                        GError     **error);

G_END_DECLS
