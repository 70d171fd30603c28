/* crm-lead-store.h: leads in: assignment, the public pool, lead notices, the traffic log, grading
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_lead_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD_STORE (crm_lead_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadStore, crm_lead_store, CRM, LEAD_STORE, GObject)

gboolean    crm_lead_store_check_assignee                 (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           GError              **error);
GArray     *crm_lead_store_list_candidates                (CrmLeadStore         *self,
                                                           gboolean              with_load,
                                                           gboolean              with_brands,
                                                           GError              **error);
gboolean    crm_lead_store_get_owner                      (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gint64               *owner_id,
                                                           CrmChannel           *channel,
                                                           GError              **error);
char       *crm_lead_store_dup_brand                      (CrmLeadStore         *self,
                                                           gint64                customer_id);
gint64      crm_lead_store_get_round_robin_last           (CrmLeadStore         *self);
gboolean    crm_lead_store_set_round_robin_last           (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           GError              **error);
gboolean    crm_lead_store_write_assignment               (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gint64                from_staff,
                                                           gint64                to_staff,
                                                           gint64                by_staff,
                                                           const char           *reason,
                                                           gint64                first_contact_due,
                                                           GError              **error);
gboolean    crm_lead_store_add_notice                     (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           gboolean              for_managers,
                                                           gint64                customer_id,
                                                           const char           *kind,
                                                           GError              **error);
gboolean    crm_lead_store_assign_customer                (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gint64                to_staff,
                                                           gint64                by_staff,
                                                           const char           *reason,
                                                           GError              **error);
guint       crm_lead_store_assign_bulk                    (CrmLeadStore         *self,
                                                           GArray               *customer_ids,
                                                           gint64                to_staff,
                                                           gint64                by_staff,
                                                           GError              **error);
guint       crm_lead_store_staff_leave                    (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           gint64                to_staff,
                                                           gint64                by_staff,
                                                           GError              **error);
gint64      crm_lead_store_count_held                     (CrmLeadStore         *self,
                                                           gint64                staff_id);
gint64      crm_lead_store_count_pool                     (CrmLeadStore         *self);
gboolean    crm_lead_store_clear_contacted_first_contacts (CrmLeadStore         *self,
                                                           GError              **error);
GArray     *crm_lead_store_list_missed_first_contacts     (CrmLeadStore         *self,
                                                           gint64                now,
                                                           guint                 limit,
                                                           GError              **error);
gboolean    crm_lead_store_clear_first_contact_due        (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           GError              **error);
gint64      crm_lead_store_get_next_first_contact_due     (CrmLeadStore         *self,
                                                           gint64                after);
gint64      crm_lead_store_get_oldest_pool_clock          (CrmLeadStore         *self,
                                                           CrmGrade              grade,
                                                           gint64                after);
void        crm_lead_store_get_pool_cursor                (CrmLeadStore         *self,
                                                           CrmPoolCursorKind     kind,
                                                           CrmGrade              grade,
                                                           CrmPoolCursor        *cursor);
gboolean    crm_lead_store_set_pool_cursor                (CrmLeadStore         *self,
                                                           CrmPoolCursorKind     kind,
                                                           CrmGrade              grade,
                                                           const CrmPoolCursor  *cursor,
                                                           GError              **error);
gboolean    crm_lead_store_rewind_pool_cursors            (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           GError              **error);
GArray     *crm_lead_store_list_pool_due                  (CrmLeadStore         *self,
                                                           CrmGrade              grade,
                                                           gint64                until,
                                                           const CrmPoolCursor  *after,
                                                           guint                 limit,
                                                           GError              **error);
gboolean    crm_lead_store_mark_pool_warned               (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gint64                at,
                                                           GError              **error);
GPtrArray  *crm_lead_store_list_assignments               (CrmLeadStore         *self,
                                                           gint64                customer_id);
GListModel *crm_lead_store_list_notices                   (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           gboolean              unseen_only);
guint       crm_lead_store_count_unseen_notices           (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           guint                 at_most);
gboolean    crm_lead_store_mark_notices_seen              (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           GError              **error);
gint64      crm_lead_store_log_visit                      (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gboolean              repeat,
                                                           int                   people,
                                                           gint64                staff_id,
                                                           gint64                at,
                                                           GError              **error);
void        crm_lead_store_traffic_stats                  (CrmLeadStore         *self,
                                                           gint64                from,
                                                           gint64                until,
                                                           CrmTrafficStats      *stats);
gboolean    crm_lead_store_get_facts                      (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           CrmLeadFacts         *facts,
                                                           GError              **error);
gboolean    crm_lead_store_set_facts                      (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           gboolean              test_drive,
                                                           gboolean              trade_in,
                                                           gboolean              financing_approved,
                                                           GError              **error);
gboolean    crm_lead_store_record_grade                   (CrmLeadStore         *self,
                                                           gint64                customer_id,
                                                           CrmGrade              grade,
                                                           CrmGrade              proposed,
                                                           int                   score,
                                                           const char           *reason,
                                                           gint64                staff_id,
                                                           GError              **error);
guint       crm_lead_store_count_grade_history            (CrmLeadStore         *self,
                                                           gint64                customer_id);
void           crm_lead_store_channel_conversion (CrmLeadStore *self,
                                                  double             rates[CRM_N_CHANNELS]);
GListModel *crm_lead_store_list_unnotified_notices        (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           guint                *n_total);
gboolean    crm_lead_store_mark_notices_notified          (CrmLeadStore         *self,
                                                           gint64                staff_id,
                                                           gint64                up_to_id,
                                                           GError              **error);

G_END_DECLS
