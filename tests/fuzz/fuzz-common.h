/* fuzz-common.h: what every libFuzzer target of Showroom starts with
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "crm-test-util.h"

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int           *argc,
                             char        ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* The showroom's time zone, C.UTF-8, and criticals and warnings made
 * fatal: a g_return_if_fail() hit by input is a finding like a crash */
void fuzz_init (void);

/* One showroom for the whole run (the standard cast, a car in the fleet
 * "粤A·D1001", customers 张伟 13800138000 and 单雪 13900139000), in a
 * temporary folder removed at exit. Each input works in a transaction
 * that it rolls back, so every input sees the same showroom. */
CrmTestShowroom *fuzz_showroom (void);

G_END_DECLS
