/* crm-vin.h: vehicle identification numbers (VIN, 车架号), checked
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_VIN_LENGTH 17

char    *crm_vin_normalize   (const char  *input,
                              GError     **error);
char     crm_vin_check_digit (const char  *vin);
gboolean crm_vin_is_valid    (const char  *vin);

G_END_DECLS
