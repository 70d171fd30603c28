/* crm-search-index.h: search-as-you-type without scanning the table (store internal)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "crm-db.h"

G_BEGIN_DECLS

typedef struct _CrmSearchIndex CrmSearchIndex;

/* Words of a search beyond these are not matched */
#define CRM_SEARCH_INDEX_MAX_TERMS 4

CrmSearchIndex *crm_search_index_new        (void);
void            crm_search_index_free       (CrmSearchIndex      *self);
gboolean        crm_search_index_load       (CrmSearchIndex      *self,
                                             CrmDb             *db,
                                             GError             **error);
void            crm_search_index_set        (CrmSearchIndex      *self,
                                             gint64               id,
                                             const char          *key);
gboolean        crm_search_index_contains   (const guint8        *matches,
                                             gsize                n_bits,
                                             gint64               id);
guint8         *crm_search_index_match      (CrmSearchIndex      *self,
                                             const char * const  *terms,
                                             gsize               *n_bits);
int             crm_search_index_rank       (CrmSearchIndex      *self,
                                             gint64               id,
                                             const char * const  *terms);
gsize           crm_search_index_get_size   (CrmSearchIndex      *self);
GPtrArray      *crm_search_index_split      (const char          *search);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmSearchIndex, crm_search_index_free)

G_END_DECLS
