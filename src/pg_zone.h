/*-------------------------------------------------------------------------
 *
 * pg_zone.h
 *	  Time zones from PostgreSQL's tz database, as the engine's SlmZone
 *	  (pg_zone.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/pg_zone.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_PG_ZONE_H
#define SLM_PG_ZONE_H

#include "postgres.h"

#include "nodes/nodes.h"
#include "pgtime.h"

#include "engine.h"

extern pg_tz *slm_zone_lookup(const char *name, int position, Node *escontext);
extern void slm_zone_provider(SlmZone *zone, pg_tz *tz);

#endif							/* SLM_PG_ZONE_H */
