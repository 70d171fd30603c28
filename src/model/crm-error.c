/* crm-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-error"

#include "crm-error.h"

G_DEFINE_QUARK (crm-error-quark, crm_error)
