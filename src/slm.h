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

#include "access/htup.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/nodes.h"
#include "pgtime.h"
#include "datatype/timestamp.h"
#include "utils/date.h"
#include "utils/multirangetypes.h"

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
extern SPIPlanPtr slm_keep_plan(SPIPlanPtr *plan, const char *sql, int nargs, const Oid *argtypes);
extern Interval slm_usecs_interval(int64 usecs);
extern Interval *slm_interval_usecs(int64 usecs);
extern AttrNumber slm_column_attnum(TupleDesc desc, const char *name);
extern void slm_composite_tuple(HeapTupleHeader row, HeapTupleData *tuple);
extern bool slm_direct_writes;
extern const SlmAlloc *slm_current_allocator(void);
extern void slm_report_error(const SlmError *err, const char *what, Node *escontext);
extern ErrorData *slm_try_in_subtransaction(void (*fn) (void *arg), void *arg);
extern char *slm_relation_name(Oid relid);

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
extern SlmCompiled *slm_compile_calendar_in(MemoryContext parent, const SlmCalendar *cal);

/* classify.c: priorities from impact and urgency */
#define SLM_MAX_LEVEL 9			/* impact and urgency levels a matrix may use */

typedef struct PriorityMatrix
{
	bool		empty;			/* use the built-in default */
	int16		priority[SLM_MAX_LEVEL + 1][SLM_MAX_LEVEL + 1];	/* 0: no entry */
} PriorityMatrix;

extern PriorityMatrix *slm_read_priority_matrix(MemoryContext mcxt);
extern int32 slm_matrix_priority(const PriorityMatrix *m, int32 impact, int32 urgency);

/* clock_fns.c: a clock's schedule */
typedef struct SlmSchedule
{
	bool		has_goal_time;	/* false: the calendar runs out before the goal */
	int64		goal_time;		/* the goal as business time from the start */
	int64		paused_time;	/* business time in closed pauses */
	TimestampTz warn_from;
	TimestampTz due_at;
} SlmSchedule;

extern SlmErrorCode slm_clock_schedule(SlmCompiled *c, TimestampTz started, const Interval *goal,
									   double warn, const TimestampTz *pause_from,
									   const TimestampTz *pause_to, int npauses,
									   SlmSchedule *out, SlmError *err);
extern bool slm_goal_is_business_time(const Interval *goal);
extern int	slm_pause_bounds(MultirangeType *pauses, TimestampTz **from, TimestampTz **to);
extern SlmErrorCode slm_clock_used(SlmCompiled *c, TimestampTz start, TimestampTz end,
								   const TimestampTz *pause_from, const TimestampTz *pause_to, int npauses,
								   TimestampTz paused_since, int64 *out, SlmError *err);

/* clock_model.c: the SLA model as the tracking trigger sees it */
typedef struct SlmTarget
{
	char	   *kind;
	char	   *service;
	char	   *counterparty;	/* NULL: every customer (SLA) */
	char	   *metric;
	bool		has_priority;
	int32		priority;
	char	   *tier;			/* NULL: every tier */
	bool		valid_empty,
				lower_inf,
				lower_inc,
				upper_inf,
				upper_inc;
	DateADT		lower,
				upper;			/* the agreement's validity */
	char	   *zone;			/* the service calendar's zone */
	int32		agreement;
	int32		target;
	bool		has_goal;
	Interval	goal;
	char	   *calendar;
	Datum		warn_at;		/* numeric, as stored */
	double		warn;
} SlmTarget;

/* The roles of a tracked table's columns, in slm.tracked_tables' order. */
typedef enum SlmRole
{
	SLM_ROLE_KEY,
	SLM_ROLE_OPENED_AT,
	SLM_ROLE_PRIORITY,
	SLM_ROLE_IMPACT,
	SLM_ROLE_URGENCY,
	SLM_ROLE_CUSTOMER,
	SLM_ROLE_SERVICE,
	SLM_ROLE_STATUS,
	SLM_ROLE_STATUS_CHANGED_AT,
	SLM_ROLE_RESPONDED_AT,
	SLM_ROLE_RESOLVED_AT,
	SLM_ROLE_ASSIGNMENT_GROUP,
	SLM_ROLE_SUPPLIER,
	SLM_ROLE_ASSIGNEE,
	SLM_ROLE_SATISFACTION,
	SLM_ROLE_CHANGED_AT,
	SLM_NUM_ROLES
} SlmRole;

typedef struct SlmTrackedTable
{
	Oid			relid;
	char	   *column[SLM_NUM_ROLES];	/* NULL: not mapped */
	char	  **paused_statuses;
	int			npaused;
	char	  **supplier_statuses;
	int			nsupplier;
	char	   *default_service;
} SlmTrackedTable;

/* clock_rules.c: the rules that decide a clock, in plain C */
extern TimestampTz slm_clock_stop(bool sla, bool response, TimestampTz started, TimestampTz stopped,
								  TimestampTz responded, TimestampTz resolved);
extern const char *slm_stored_state(TimestampTz cancelled, TimestampTz stopped, bool paused, TimestampTz due);

extern void slm_clock_model_init(void);
extern bool slm_model_ready(void);
extern const char *slm_model_problem(void);
extern const SlmTarget *slm_model_target(const char *kind, const char *service, const char *counterparty,
										 const char *tier, bool has_priority, int32 priority,
										 const char *metric, TimestampTz at);
extern const char *slm_model_customer_tier(const char *customer);
extern bool slm_model_priority(int32 impact, int32 urgency, int32 *priority);
extern const SlmTrackedTable *slm_model_tracked_table(Oid relid);
extern SlmCompiled *slm_model_calendar(const char *name);
extern const char *slm_model_agreement_zone(int32 agreement);
extern DateADT slm_local_date(const char *zone, TimestampTz at);

#endif							/* SLM_H */
