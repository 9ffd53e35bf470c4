/*-------------------------------------------------------------------------
 *
 * slm.h
 *	  Declarations shared by slm's SQL-callable layer (everything above the
 *	  pure C engine of engine.h).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/slm.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_H
#define SLM_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/nodes.h"
#include "pgtime.h"

#include "engine.h"

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#else
/* Before PostgreSQL 16 input functions cannot fail softly. */
#define errsave(context, ...)	ereport(ERROR, __VA_ARGS__)
#define SOFT_ERROR_OCCURRED(escontext)	false
#endif

/* The calendar type's varlena is the engine's flat SlmCalendar. */
#define DatumGetCalendarP(d)		((SlmCalendar *) PG_DETOAST_DATUM(d))
#define PG_GETARG_CALENDAR_P(n)		DatumGetCalendarP(PG_GETARG_DATUM(n))
#define PG_RETURN_CALENDAR_P(x)		PG_RETURN_POINTER(x)
#define CALENDAR_SIZE(c)			((size_t) VARSIZE(c))

/* slm.c */
extern const SlmAlloc *slm_current_allocator(void);
extern void slm_report_error(const SlmError *err, const char *what, Node *escontext);

/* pg_zone.c: time zones from PostgreSQL's tz database */
extern pg_tz *slm_zone_lookup(const char *name, int position, Node *escontext);
extern void slm_zone_provider(SlmZone *zone, pg_tz *tz);

/* calendar_type.c */
extern SlmCalendar *slm_calendar_from_text(const char *text, size_t len, Node *escontext);
extern char *slm_calendar_to_text(const SlmCalendar *cal);

/* calendar_cache.c: compiled calendars for SQL-callable functions */
extern SlmCompiled *slm_compiled_value_arg(FunctionCallInfo fcinfo, int argno);
extern SlmCompiled *slm_compiled_name_arg(FunctionCallInfo fcinfo, int argno);
extern SlmCompiled *slm_compiled_for_name(FmgrInfo *flinfo, text *name);
extern SlmCalendar *slm_named_calendar(const char *name, bool missing_ok);
extern void slm_calendar_cache_init(void);

#endif							/* SLM_H */
