/*-------------------------------------------------------------------------
 *
 * lookup_cache.h
 *	  The names of a ticket's ids in the ticket system's own tables,
 *	  cached per backend (lookup_cache.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/lookup_cache.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_LOOKUP_CACHE_H
#define SLM_LOOKUP_CACHE_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "nodes/pg_list.h"

extern void slm_lookup_cache_init(void);
extern TupleDesc slm_query_shape(const char *query, List **rels);
extern const char *slm_lookup_name(Oid relid, int role, const char *query, const char *value, const char **name);

#endif							/* SLM_LOOKUP_CACHE_H */
