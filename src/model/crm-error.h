/* crm-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_ERROR (crm_error_quark ())

/**
 * CrmError:
 * @CRM_ERROR_INVALID_INPUT: a value a person typed is not acceptable (empty
 *   name, malformed phone, unknown staff …); the message says which and why
 * @CRM_ERROR_NOT_FOUND: the record does not exist (or was deleted)
 * @CRM_ERROR_DUPLICATE: the phone number already belongs to another customer
 * @CRM_ERROR_NOT_A_DATABASE: the file is not a Showroom database
 * @CRM_ERROR_TOO_NEW: the database was written by a newer Showroom
 * @CRM_ERROR_READ_ONLY: the database file or its folder cannot be written
 * @CRM_ERROR_LOCKED: another program holds the database locked
 * @CRM_ERROR_CORRUPT: SQLite reports the file damaged
 * @CRM_ERROR_FAILED: any other storage failure
 * @CRM_ERROR_RULE: one of the showroom's rules refuses the change (a stage
 *   gate); the message says what is missing
 * @CRM_ERROR_OFFLINE: the showroom server cannot be reached, or the
 *   connection to it was lost
 * @CRM_ERROR_AUTHENTICATION: the server refused the user name or password
 * @CRM_ERROR_TLS: no secure connection to the server could be made
 * @CRM_ERROR_TOO_OLD: the server's PostgreSQL is older than Showroom needs
 * @CRM_ERROR_CONFLICT: someone else saved the record since it was read
 */
typedef enum
{
  CRM_ERROR_INVALID_INPUT,
  CRM_ERROR_NOT_FOUND,
  CRM_ERROR_DUPLICATE,
  CRM_ERROR_NOT_A_DATABASE,
  CRM_ERROR_TOO_NEW,
  CRM_ERROR_READ_ONLY,
  CRM_ERROR_LOCKED,
  CRM_ERROR_CORRUPT,
  CRM_ERROR_FAILED,
  CRM_ERROR_RULE,
  CRM_ERROR_OFFLINE,
  CRM_ERROR_AUTHENTICATION,
  CRM_ERROR_TLS,
  CRM_ERROR_TOO_OLD,
  CRM_ERROR_CONFLICT,
} CrmError;

GQuark crm_error_quark (void);

G_END_DECLS
