/* crm-cadence.h: how often each customer is followed up
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_CADENCE_MAX_LEAD_STEPS 8

/**
 * CrmCadence:
 * @interval_days: days between follow-ups, indexed by #CrmGrade
 * @first_contact_minutes: a new lead is first contacted within this many
 *   minutes (counted in opening hours)
 * @lead_plan_days: then on these days after the lead came in
 * @n_lead_plan_days: how many of @lead_plan_days are used
 * @idle_days: an open deal with no follow-up done for this many days is idle
 * @opening_from: the showroom opens, minutes after midnight in @zone
 * @opening_to: the showroom closes, minutes after midnight in @zone
 * @service_months: first service due this many months after delivery
 * @service_km: or after this many kilometres, whichever comes first
 * @zone: the showroom's time zone, in which days and opening hours are
 *   counted (crm_store_get_time_zone(); its own rule, which
 *   crm_cadence_save() does not write)
 *
 * The showroom's follow-up rules. They are kept in the database (shared by
 * every desktop) and edited by a manager in Preferences.
 */
typedef struct
{
  int   interval_days[CRM_N_GRADES];
  int   first_contact_minutes;
  int   lead_plan_days[CRM_CADENCE_MAX_LEAD_STEPS];
  guint n_lead_plan_days;
  int   idle_days;
  int   opening_from;
  int   opening_to;
  int   service_months;
  int   service_km;
  GTimeZone *zone;
} CrmCadence;

/**
 * CrmCadenceInput:
 * @grade: the customer's intent grade now
 * @stage: the deal's stage (%CRM_STAGE_NEW_LEAD follows the new-lead plan)
 * @lead_created_at: when the deal came in
 * @contacts_done: follow-ups done for this deal, counting the one just logged
 * @outcome: how the follow-up just logged went
 * @now: the time it was logged
 */
typedef struct
{
  CrmGrade   grade;
  CrmStage   stage;
  gint64     lead_created_at;
  guint      contacts_done;
  CrmOutcome outcome;
  gint64     now;
} CrmCadenceInput;

#define CRM_TYPE_CADENCE (crm_cadence_get_type ())
GType       crm_cadence_get_type           (void) G_GNUC_CONST;

CrmCadence *crm_cadence_new_default        (void);
CrmCadence *crm_cadence_copy               (const CrmCadence *self);
void        crm_cadence_free               (CrmCadence       *self);
gboolean    crm_cadence_equal              (const CrmCadence *a,
                                            const CrmCadence *b);
CrmCadence *crm_cadence_load               (CrmStore         *store);
gboolean    crm_cadence_save               (const CrmCadence *self,
                                            CrmStore         *store,
                                            GError          **error);
char       *crm_cadence_format_lead_plan   (const CrmCadence *self);
gboolean    crm_cadence_parse_lead_plan    (CrmCadence       *self,
                                            const char       *text);

gint64      crm_cadence_fit_opening_hours  (const CrmCadence *self,
                                            gint64            t);
gint64      crm_cadence_first_contact      (const CrmCadence *self,
                                            gint64            lead_created_at);
gint64      crm_cadence_idle_since         (const CrmCadence *self,
                                            gint64            now);
void        crm_cadence_propose            (const CrmCadence      *self,
                                            const CrmCadenceInput *input,
                                            CrmActivityKind       *kind,
                                            gint64                *planned_at,
                                            char                 **purpose);

/* Working with the store */
CrmActivity *crm_cadence_propose_for_customer (const CrmCadence *self,
                                               CrmStore         *store,
                                               gint64            customer_id,
                                               CrmOutcome        outcome,
                                               gint64            now);
CrmActivity *crm_cadence_propose_for_customer_as (const CrmCadence *self,
                                                  CrmStore         *store,
                                                  gint64            customer_id,
                                                  int               grade,
                                                  CrmOutcome        outcome,
                                                  gint64            now);
gint64      crm_cadence_complete           (const CrmCadence *self,
                                            CrmStore         *store,
                                            gint64            activity_id,
                                            CrmOutcome        outcome,
                                            const char       *note,
                                            gboolean          plan_next,
                                            gint64            now,
                                            GError          **error);
gboolean    crm_cadence_replan             (const CrmCadence *self,
                                            CrmStore         *store,
                                            gint64            customer_id,
                                            gint64            now,
                                            GError          **error);
guint       crm_cadence_plan_care          (const CrmCadence *self,
                                            CrmStore         *store,
                                            gint64            deal_id,
                                            gint64            delivered_at,
                                            gint64            not_before,
                                            GError          **error);
guint       crm_cadence_plan_birthdays     (const CrmCadence *self,
                                            CrmStore         *store,
                                            gint64            now,
                                            GError          **error);
guint       crm_cadence_sweep_birthdays    (const CrmCadence *self,
                                            CrmStore         *store,
                                            gint64            now,
                                            GError          **error);
gint64      crm_cadence_next_birthday      (const CrmCadence *self,
                                            const char       *birthday,
                                            gint64            after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCadence, crm_cadence_free)

G_END_DECLS
