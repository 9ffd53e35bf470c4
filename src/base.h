/*-------------------------------------------------------------------------
 *
 * base.h
 *	  The base of slm's SQL layer (base.c): memory for the engine, engine
 *	  errors as ereport(), kept SPI plans, time-only intervals, columns by
 *	  name, subtransactions and relation names.  Everything above the
 *	  engine may use it; it uses nothing of slm but the engine.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/base.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_BASE_H
#define SLM_BASE_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/nodes.h"
#include "utils/date.h"

#include "engine.h"

/*
 * The engine's times and intervals are PostgreSQL's, so that the SQL layer
 * passes them as they are and casts an Interval to an SlmTimeInterval.
 */
StaticAssertDecl(sizeof(slm_time) == sizeof(TimestampTz), "slm_time is not a TimestampTz");
StaticAssertDecl(SLM_TIME_NOBEGIN == DT_NOBEGIN && SLM_TIME_NOEND == DT_NOEND,
				 "the engine's infinities are not PostgreSQL's");
StaticAssertDecl(sizeof(slm_date) == sizeof(DateADT), "slm_date is not a DateADT");
StaticAssertDecl(sizeof(SlmTimeInterval) == sizeof(Interval), "SlmTimeInterval is not laid out as Interval");
StaticAssertDecl(offsetof(SlmTimeInterval, time) == offsetof(Interval, time) &&
				 offsetof(SlmTimeInterval, day) == offsetof(Interval, day) &&
				 offsetof(SlmTimeInterval, month) == offsetof(Interval, month),
				 "SlmTimeInterval is not laid out as Interval");

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#else
/* Before PostgreSQL 16 input functions cannot fail softly. */
#define errsave(context, ...)	ereport(ERROR, __VA_ARGS__)
#define SOFT_ERROR_OCCURRED(escontext)	false
#endif

/* the engine's memory and errors */
extern const SlmAlloc *slm_current_allocator(void);
extern void slm_report_error(const SlmError *err, const char *what, Node *escontext);

/* SPI, values, tuples, relations */
extern SPIPlanPtr slm_keep_plan(SPIPlanPtr *plan, const char *sql, int nargs, const Oid *argtypes);
extern Interval slm_usecs_interval(int64 usecs);
extern Interval *slm_interval_usecs(int64 usecs);
extern AttrNumber slm_column_attnum(TupleDesc desc, const char *name);
extern void slm_composite_tuple(HeapTupleHeader row, HeapTupleData *tuple);
extern ErrorData *slm_try_in_subtransaction(void (*fn) (void *arg), void *arg);
extern char *slm_relation_name(Oid relid);
extern bool slm_user_owns(Oid relid);
extern void slm_require_trigger(FunctionCallInfo fcinfo);
extern Node *slm_event_command(FunctionCallInfo fcinfo, const char *function);
extern int	slm_search_path_of(Oid relid);

#endif							/* SLM_BASE_H */
