/* crm-grading.h: intent grade (意向级别) and lead score from the facts
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

CrmGrade crm_grading_propose (const CrmLeadFacts *facts);
int      crm_grading_score   (const CrmLeadFacts *facts);

G_END_DECLS
