/*-------------------------------------------------------------------------
 *
 * calendar.h
 *	  The calendar type: its varlena, which is the engine's flat
 *	  SlmCalendar, its text form (calendar_type.c), and the compiled
 *	  calendars that SQL-callable functions work from (calendar_cache.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/calendar.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CALENDAR_H
#define SLM_CALENDAR_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/nodes.h"

#include "engine.h"

/* The calendar type's varlena is the engine's flat SlmCalendar. */
#define DatumGetCalendarP(d)		((SlmCalendar *) PG_DETOAST_DATUM(d))
#define PG_GETARG_CALENDAR_P(n)		DatumGetCalendarP(PG_GETARG_DATUM(n))
#define PG_RETURN_CALENDAR_P(x)		PG_RETURN_POINTER(x)
#define CALENDAR_SIZE(c)			((size_t) VARSIZE(c))

/* calendar_type.c */
extern SlmCalendar *slm_calendar_from_text(const char *text, size_t len, Node *escontext);
extern char *slm_calendar_to_text(const SlmCalendar *cal);

/* calendar_cache.c: compiled calendars for SQL-callable functions */
extern SlmCompiled *slm_compiled_value_arg(FunctionCallInfo fcinfo, int argno);
extern SlmCompiled *slm_compiled_name_arg(FunctionCallInfo fcinfo, int argno);
extern SlmCompiled *slm_compiled_for_name(FmgrInfo *flinfo, text *name);
extern SlmCalendar *slm_named_calendar(const char *name, bool missing_ok);
extern void slm_calendar_cache_init(void);
extern SlmCompiled *slm_compile_calendar_in(MemoryContext parent, const SlmCalendar *cal);

#endif							/* SLM_CALENDAR_H */
