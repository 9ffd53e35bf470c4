/*-------------------------------------------------------------------------
 *
 * clock_fns.c
 *	  SLA clocks in SQL: a clock's schedule (due time, warning time) from
 *	  its start, goal, pauses and calendar, and its state, business time
 *	  elapsed and remaining at any instant, from the clock row alone.
 *
 * The schedule and the business time used are computed by the engine
 * (src/engine/clock_schedule.c, whose header gives the rules), the same
 * code the clock rules of the trigger and slm.rebuild call, so a clock
 * tracked live and one computed here get the same times by construction.
 *
 * A clock row carries started_at, stopped_at, cancelled_at, paused_since,
 * due_at and warn_from, which is all slm.clock_state needs; elapsed and
 * remaining time also need the calendar, which the clock names and the
 * per-backend named-calendar cache compiles once.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_fns.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "base.h"
#include "calendar.h"
#include "clock_columns.h"
#include "clock_fns.h"

static void
check(SlmErrorCode rc, const SlmError *err)
{
	if (rc != SLM_OK)
		slm_report_error(err, NULL, NULL);
}

/* ---------------------------------------------------------------------
 * The schedule
 * ---------------------------------------------------------------------
 */

/*
 * Call fn for each pause of a multirange with finite bounds, in order;
 * stops early when fn returns false.
 */
typedef bool (*PauseFn) (void *arg, TimestampTz from, TimestampTz to);

static void
for_each_pause_in(MultirangeType *pauses, PauseFn fn, void *arg)
{
	TypeCacheEntry *typcache;

	if (pauses->rangeCount == 0)
		return;
	typcache = lookup_type_cache(MultirangeTypeGetOid(pauses), TYPECACHE_MULTIRANGE_INFO);
	for (int32 i = 0; i < pauses->rangeCount; i++)
	{
		RangeType  *r = multirange_get_range(typcache->rngtype, pauses, i);
		RangeBound	lower,
					upper;
		bool		empty;

		range_deserialize(typcache->rngtype, r, &lower, &upper, &empty);
		if (empty || lower.infinite || upper.infinite)
			continue;
		if (!fn(arg, DatumGetTimestampTz(lower.val), DatumGetTimestampTz(upper.val)))
			return;
	}
}

typedef struct PauseBounds
{
	slm_time   *from;
	slm_time   *to;
	int			n;
} PauseBounds;

static bool
add_pause_bounds(void *arg, TimestampTz from, TimestampTz to)
{
	PauseBounds *b = (PauseBounds *) arg;

	b->from[b->n] = from;
	b->to[b->n] = to;
	b->n++;
	return true;
}

/*
 * The pauses of a multirange with finite bounds, in order, as the from and
 * to arrays the schedule functions take (palloc'd); returns how many.
 */
int
slm_pause_bounds(MultirangeType *pauses, slm_time **from, slm_time **to)
{
	PauseBounds b;

	b.from = palloc(sizeof(slm_time) * (pauses->rangeCount + 1));
	b.to = palloc(sizeof(slm_time) * (pauses->rangeCount + 1));
	b.n = 0;
	for_each_pause_in(pauses, add_pause_bounds, &b);
	*from = b.from;
	*to = b.to;
	return b.n;
}

/*
 * slm_clock_schedule - goal_time, paused_time, warn_from and due_at of a
 * clock, from (started_at, goal, warn_at, pauses, calendar)
 */
static Datum
clock_schedule_common(FunctionCallInfo fcinfo, SlmCompiled *c)
{
	TimestampTz started = PG_GETARG_TIMESTAMPTZ(0);
	Interval   *goal = PG_GETARG_INTERVAL_P(1);
	double		warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, PG_GETARG_DATUM(2)));
	MultirangeType *pauses = PG_GETARG_MULTIRANGE_P(3);
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	SlmError	err;
	SlmSchedule sched;
	slm_time   *from,
			   *to;
	int			n;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (!slm_goal_is_business_time((const SlmTimeInterval *) goal))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("clock goal %s is not business time",
						DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(goal))))));

	n = slm_pause_bounds(pauses, &from, &to);

	check(slm_clock_schedule(c, started, (const SlmTimeInterval *) goal, warn, from, to, n, &sched, &err), &err);
	if (sched.has_goal_time)
		values[0] = IntervalPGetDatum(slm_interval_usecs(sched.goal_time));
	else
		nulls[0] = true;
	values[1] = IntervalPGetDatum(slm_interval_usecs(sched.paused_time));
	values[2] = TimestampTzGetDatum(sched.warn_from);
	values[3] = TimestampTzGetDatum(sched.due_at);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

PG_FUNCTION_INFO_V1(slm_clock_schedule_cal);
Datum
slm_clock_schedule_cal(PG_FUNCTION_ARGS)
{
	return clock_schedule_common(fcinfo, slm_compiled_value_arg(fcinfo, 4));
}

PG_FUNCTION_INFO_V1(slm_clock_schedule_name);
Datum
slm_clock_schedule_name(PG_FUNCTION_ARGS)
{
	return clock_schedule_common(fcinfo, slm_compiled_name_arg(fcinfo, 4));
}

/* ---------------------------------------------------------------------
 * Reading clock rows
 * ---------------------------------------------------------------------
 */
enum ClockField
{
	F_STARTED_AT,
	F_STOPPED_AT,
	F_CANCELLED_AT,
	F_PAUSED_SINCE,
	F_DUE_AT,
	F_WARN_FROM,
	F_GOAL_TIME,
	F_CALENDAR,
	F_PAUSES,
	F_WARN_AT,
	NUM_CLOCK_FIELDS
};

/* the columns of slm.clocks (clock_columns.h) that each field reads */
static const ClockColumn clock_field_columns[NUM_CLOCK_FIELDS] = {
	CLK_STARTED_AT, CLK_STOPPED_AT, CLK_CANCELLED_AT, CLK_PAUSED_SINCE, CLK_DUE_AT, CLK_WARN_FROM,
	CLK_GOAL_TIME, CLK_CALENDAR, CLK_PAUSES, CLK_WARN_AT
};

/* Attribute numbers of a clock row type, found once per query. */
typedef struct ClockLayout
{
	Oid			typid;
	int32		typmod;
	TupleDesc	tupdesc;
	AttrNumber	attnum[NUM_CLOCK_FIELDS];
	void	   *calendar_cache;	/* fn_extra of the named-calendar look-up */
} ClockLayout;

typedef struct ClockValues
{
	Datum		value[NUM_CLOCK_FIELDS];
	bool		isnull[NUM_CLOCK_FIELDS];
} ClockValues;

static ClockLayout *
clock_layout(FunctionCallInfo fcinfo, HeapTupleHeader row)
{
	ClockLayout *layout = (ClockLayout *) fcinfo->flinfo->fn_extra;
	Oid			typid = HeapTupleHeaderGetTypeId(row);
	int32		typmod = HeapTupleHeaderGetTypMod(row);

	if (layout == NULL || layout->typid != typid || layout->typmod != typmod)
	{
		TupleDesc	tupdesc = lookup_rowtype_tupdesc(typid, typmod);
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (layout == NULL)
			layout = palloc0(sizeof(ClockLayout));
		layout->typid = typid;
		layout->typmod = typmod;
		layout->tupdesc = CreateTupleDescCopy(tupdesc);
		MemoryContextSwitchTo(old);
		ReleaseTupleDesc(tupdesc);
		for (int f = 0; f < NUM_CLOCK_FIELDS; f++)
		{
			layout->attnum[f] = slm_column_attnum(layout->tupdesc, slm_clock_column_name(clock_field_columns[f]));
			if (layout->attnum[f] == InvalidAttrNumber)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("a clock needs a column \"%s\"", slm_clock_column_name(clock_field_columns[f])),
						 errhint("Pass a row of slm.clocks.")));
		}
		fcinfo->flinfo->fn_extra = layout;
	}
	return layout;
}

static void
read_clock(ClockLayout *layout, HeapTupleHeader row, ClockValues *v)
{
	HeapTupleData tuple;

	slm_composite_tuple(row, &tuple);
	for (int f = 0; f < NUM_CLOCK_FIELDS; f++)
		v->value[f] = heap_getattr(&tuple, layout->attnum[f], layout->tupdesc, &v->isnull[f]);
}

static TimestampTz
ts(const ClockValues *v, int f)
{
	return v->isnull[f] ? DT_NOEND : DatumGetTimestampTz(v->value[f]);
}

/*
 * The compiled calendar a clock names.  The named-calendar cache keeps its
 * own fn_extra; it lives in our layout and is swapped in for the look-up.
 */
static SlmCompiled *
clock_calendar(FunctionCallInfo fcinfo, ClockLayout *layout, text *name)
{
	void	   *saved = fcinfo->flinfo->fn_extra;
	SlmCompiled *c;

	fcinfo->flinfo->fn_extra = layout->calendar_cache;
	PG_TRY();
	{
		c = slm_compiled_for_name(fcinfo->flinfo, name);
	}
	PG_FINALLY();
	{
		layout->calendar_cache = fcinfo->flinfo->fn_extra;
		fcinfo->flinfo->fn_extra = saved;
	}
	PG_END_TRY();
	return c;
}

/*
 * Business time a clock has used by an instant: from its start to the
 * instant (or its stop), less the business time of the pauses in between,
 * the one still going on included.
 */
static int64_t
elapsed_at(FunctionCallInfo fcinfo, ClockLayout *layout, const ClockValues *v, TimestampTz at)
{
	SlmError	err;
	TimestampTz start = DatumGetTimestampTz(v->value[F_STARTED_AT]);
	TimestampTz end = at;
	int64_t		used;
	slm_time   *from = NULL,
			   *to = NULL;
	int			n = 0;

	if (end > ts(v, F_STOPPED_AT))
		end = ts(v, F_STOPPED_AT);
	if (end > ts(v, F_CANCELLED_AT))
		end = ts(v, F_CANCELLED_AT);
	if (end <= start || TIMESTAMP_NOT_FINITE(end))
		return 0;

	if (!v->isnull[F_PAUSES])
		n = slm_pause_bounds(DatumGetMultirangeTypeP(v->value[F_PAUSES]), &from, &to);
	check(slm_clock_used(clock_calendar(fcinfo, layout, DatumGetTextPP(v->value[F_CALENDAR])), start, end,
						 from, to, n, ts(v, F_PAUSED_SINCE), &used, &err), &err);
	return used;
}

typedef struct LastPause
{
	TimestampTz from;
	TimestampTz to;
	bool		found;
	TimestampTz at;
	bool		holds;			/* at falls in [from, to) of some pause */
} LastPause;

static bool
note_pause(void *arg, TimestampTz from, TimestampTz to)
{
	LastPause  *p = (LastPause *) arg;

	if (!p->found || to > p->to)
	{
		p->from = from;
		p->to = to;
		p->found = true;
	}
	if (from <= p->at && p->at < to)
		p->holds = true;
	return true;
}

/*
 * The state of a clock at an instant; NULL before it started.  The one
 * definition every view and report uses (through slm.clock_state):
 *
 *	cancelled	the ticket was gone by then (cancelled_at <= at);
 *	met, missed	stopped by then, by or after its due time;
 *	breached	running, and the business time it had used by then, pauses
 *				excluded, had reached its goal: a paused clock is breached
 *				only if it was already overdue when its pause began;
 *	paused		waiting on the customer then, and not breached;
 *	at_risk		running past its warning share of the goal;
 *	running		otherwise.
 *
 * The stored due_at and warn_from count the closed pauses and not an open
 * one, so for an instant after the clock's last closed pause they decide
 * it directly (a paused clock's business time stands still from
 * paused_since, so it is overdue iff paused_since >= due_at).  For an
 * earlier instant (the past, before a pause that the row already records)
 * they would count pauses that had not happened yet: then the business
 * time used by that instant is computed on the clock's calendar.
 */
static const char *
state_at(FunctionCallInfo fcinfo, ClockLayout *layout, const ClockValues *v, TimestampTz at)
{
	LastPause	last = {0, 0, false, at, false};
	TimestampTz paused_since = ts(v, F_PAUSED_SINCE);

	if (v->isnull[F_STARTED_AT] || at < DatumGetTimestampTz(v->value[F_STARTED_AT]))
		return NULL;
	if (at >= ts(v, F_CANCELLED_AT))
		return "cancelled";
	if (at >= ts(v, F_STOPPED_AT))
		return ts(v, F_STOPPED_AT) <= ts(v, F_DUE_AT) ? "met" : "missed";
	if (!v->isnull[F_PAUSES])
		for_each_pause_in(DatumGetMultirangeTypeP(v->value[F_PAUSES]), note_pause, &last);

	if (!last.found || at >= last.to)
	{
		if (at >= paused_since)
			return paused_since >= ts(v, F_DUE_AT) ? "breached" : "paused";
		if (at >= ts(v, F_DUE_AT))
			return "breached";
		if (at >= ts(v, F_WARN_FROM))
			return "at_risk";
		return "running";
	}

	/* before the last closed pause ended: from the business time used */
	if (v->isnull[F_GOAL_TIME] || v->isnull[F_CALENDAR])
		return last.holds ? "paused" : "running";	/* never due */
	{
		int64		goal = DatumGetIntervalP(v->value[F_GOAL_TIME])->time;
		int64		used = elapsed_at(fcinfo, layout, v, at);
		double		warn = v->isnull[F_WARN_AT] ? 1.0 :
			DatumGetFloat8(DirectFunctionCall1(numeric_float8, v->value[F_WARN_AT]));

		if (used >= goal)
			return "breached";
		if (last.holds)
			return "paused";
		if (used >= (int64) rint((double) goal * warn))
			return "at_risk";
		return "running";
	}
}

/* A clock's state at an instant as the SQL result: text, or NULL before it started. */
static Datum
state_result(FunctionCallInfo fcinfo, ClockLayout *layout, const ClockValues *v, TimestampTz at)
{
	const char *state = state_at(fcinfo, layout, v, at);

	if (state == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(state));
}

/* The business time a clock has used by an instant as the SQL result; NULL when undefined. */
static Datum
elapsed_result(FunctionCallInfo fcinfo, ClockLayout *layout, const ClockValues *v, TimestampTz at)
{
	if (v->isnull[F_STARTED_AT] || v->isnull[F_CALENDAR] || TIMESTAMP_NOT_FINITE(at))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(slm_interval_usecs(elapsed_at(fcinfo, layout, v, at)));
}

/*
 * slm_clock_state - running, at_risk, paused, breached, met, missed or
 * cancelled: a clock's state at an instant, from the clock row alone
 */
PG_FUNCTION_INFO_V1(slm_clock_state);
Datum
slm_clock_state(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	ClockLayout *layout = clock_layout(fcinfo, row);
	ClockValues v;

	read_clock(layout, row, &v);
	return state_result(fcinfo, layout, &v, at);
}

/*
 * slm_clock_elapsed - business time the clock has used by an instant
 */
PG_FUNCTION_INFO_V1(slm_clock_elapsed);
Datum
slm_clock_elapsed(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	ClockLayout *layout = clock_layout(fcinfo, row);
	ClockValues v;

	read_clock(layout, row, &v);
	return elapsed_result(fcinfo, layout, &v, at);
}

/*
 * slm_clock_remaining - business time left before the clock is due at an
 * instant; negative when overdue
 */
PG_FUNCTION_INFO_V1(slm_clock_remaining);
Datum
slm_clock_remaining(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	ClockLayout *layout = clock_layout(fcinfo, row);
	ClockValues v;

	read_clock(layout, row, &v);
	if (v.isnull[F_STARTED_AT] || v.isnull[F_CALENDAR] || v.isnull[F_GOAL_TIME] ||
		TIMESTAMP_NOT_FINITE(at))
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(slm_interval_usecs(DatumGetIntervalP(v.value[F_GOAL_TIME])->time -
											 elapsed_at(fcinfo, layout, &v, at)));
}

/* ---------------------------------------------------------------------
 * The same from a clock's columns
 * ---------------------------------------------------------------------
 *
 * slm.sla_status reads every clock: passing the columns it needs costs
 * less than forming each row as a composite and reading it back.  The
 * arguments are the fields of ClockValues, in their order, then the
 * instant.  slm.clock_state and slm.clock_elapsed decide by the same code.
 */
static ClockLayout *
columns_layout(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ClockLayout));
	return (ClockLayout *) fcinfo->flinfo->fn_extra;
}

static void
read_clock_args(FunctionCallInfo fcinfo, ClockValues *v)
{
	for (int f = 0; f < NUM_CLOCK_FIELDS; f++)
	{
		v->isnull[f] = PG_ARGISNULL(f);
		v->value[f] = v->isnull[f] ? (Datum) 0 : PG_GETARG_DATUM(f);
	}
}

/*
 * slm_clock_state_of - slm_clock_state from (started_at, stopped_at,
 * cancelled_at, paused_since, due_at, warn_from, goal_time, calendar,
 * pauses, warn_at, at)
 */
PG_FUNCTION_INFO_V1(slm_clock_state_of);
Datum
slm_clock_state_of(PG_FUNCTION_ARGS)
{
	ClockValues v;

	if (PG_ARGISNULL(NUM_CLOCK_FIELDS))
		PG_RETURN_NULL();
	read_clock_args(fcinfo, &v);
	return state_result(fcinfo, columns_layout(fcinfo), &v, PG_GETARG_TIMESTAMPTZ(NUM_CLOCK_FIELDS));
}

/* slm_clock_elapsed_of - slm_clock_elapsed from the same arguments */
PG_FUNCTION_INFO_V1(slm_clock_elapsed_of);
Datum
slm_clock_elapsed_of(PG_FUNCTION_ARGS)
{
	ClockValues v;

	if (PG_ARGISNULL(NUM_CLOCK_FIELDS))
		PG_RETURN_NULL();
	read_clock_args(fcinfo, &v);
	return elapsed_result(fcinfo, columns_layout(fcinfo), &v, PG_GETARG_TIMESTAMPTZ(NUM_CLOCK_FIELDS));
}
