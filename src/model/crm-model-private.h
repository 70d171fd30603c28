/* crm-model-private.h: helpers the model classes share, not installed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_MODEL_PARAM_FLAGS \
  (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* A read-write gint64 property defaulting to 0 (ids, times, money) */
static inline GParamSpec *
crm_model_int64_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, CRM_MODEL_PARAM_FLAGS);
}

/* A read-write string property defaulting to %NULL */
static inline GParamSpec *
crm_model_string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, CRM_MODEL_PARAM_FLAGS);
}

G_END_DECLS
