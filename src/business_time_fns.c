/*-------------------------------------------------------------------------
 *
 * business_time_fns.c
 *	  SQL-callable business-time functions: thin wrappers that fetch the
 *	  compiled calendar (by value or by name) and call the engine.
 *
 * Every function exists twice: with an slm.calendar value (IMMUTABLE) and
 * with a calendar name (STABLE, looked up in slm.calendars); their C
 * symbols end in _cal and _name.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/business_time_fns.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/multirangetypes.h"

#include "base.h"
#include "calendar.h"

static SlmCompiled *
calendar_arg(FunctionCallInfo fcinfo, int argno, bool named)
{
	return named ? slm_compiled_name_arg(fcinfo, argno)
		: slm_compiled_value_arg(fcinfo, argno);
}

static void
check(SlmErrorCode rc, const SlmError *err)
{
	if (rc != SLM_OK)
		slm_report_error(err, NULL, NULL);
}

/* ---------------------------------------------------------------------
 * is_business_time(t, calendar) -> boolean
 * ---------------------------------------------------------------------
 */
static Datum
is_business_time_common(FunctionCallInfo fcinfo, bool named)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	SlmCompiled *c = calendar_arg(fcinfo, 1, named);
	SlmError	err;
	bool		result;

	check(slm_is_business_time(c, t, &result, &err), &err);
	PG_RETURN_BOOL(result);
}

/*
 * slm_is_business_time_cal - is t inside the calendar's business hours
 */
PG_FUNCTION_INFO_V1(slm_is_business_time_cal);
Datum
slm_is_business_time_cal(PG_FUNCTION_ARGS)
{
	return is_business_time_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_is_business_time_name);
Datum
slm_is_business_time_name(PG_FUNCTION_ARGS)
{
	return is_business_time_common(fcinfo, true);
}

/* ---------------------------------------------------------------------
 * next_business_time(t, calendar) -> timestamptz
 * ---------------------------------------------------------------------
 */
static Datum
next_business_time_common(FunctionCallInfo fcinfo, bool named)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	SlmCompiled *c = calendar_arg(fcinfo, 1, named);
	SlmError	err;
	slm_time	result;

	check(slm_next_business_time(c, t, &result, &err), &err);
	PG_RETURN_TIMESTAMPTZ(result);
}

/*
 * slm_next_business_time_cal - the first business instant at or after t
 */
PG_FUNCTION_INFO_V1(slm_next_business_time_cal);
Datum
slm_next_business_time_cal(PG_FUNCTION_ARGS)
{
	return next_business_time_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_next_business_time_name);
Datum
slm_next_business_time_name(PG_FUNCTION_ARGS)
{
	return next_business_time_common(fcinfo, true);
}

/* ---------------------------------------------------------------------
 * business_elapsed(t1, t2, calendar) -> interval
 * ---------------------------------------------------------------------
 */
static Datum
business_elapsed_common(FunctionCallInfo fcinfo, bool named)
{
	TimestampTz t1 = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz t2 = PG_GETARG_TIMESTAMPTZ(1);
	SlmCompiled *c;
	SlmError	err;
	int64_t		usecs;
	Interval   *result;

	if (TIMESTAMP_NOT_FINITE(t1) || TIMESTAMP_NOT_FINITE(t2))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("business time between infinite timestamps is not defined"),
				 errhint("Bound the period with finite timestamps.")));
	c = calendar_arg(fcinfo, 2, named);
	check(slm_business_elapsed(c, t1, t2, &usecs, &err), &err);
	result = (Interval *) palloc(sizeof(Interval));
	result->time = usecs;
	result->day = 0;
	result->month = 0;
	PG_RETURN_INTERVAL_P(result);
}

/*
 * slm_business_elapsed_cal - business time in [t1, t2), negative when t2 < t1
 */
PG_FUNCTION_INFO_V1(slm_business_elapsed_cal);
Datum
slm_business_elapsed_cal(PG_FUNCTION_ARGS)
{
	return business_elapsed_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_business_elapsed_name);
Datum
slm_business_elapsed_name(PG_FUNCTION_ARGS)
{
	return business_elapsed_common(fcinfo, true);
}

/* ---------------------------------------------------------------------
 * business_add(t, d, calendar) -> timestamptz
 * ---------------------------------------------------------------------
 */
static Datum
business_add_common(FunctionCallInfo fcinfo, bool named)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	Interval   *d = PG_GETARG_INTERVAL_P(1);
	SlmCompiled *c;
	SlmError	err;
	slm_time	result;

#if PG_VERSION_NUM >= 170000
	if (INTERVAL_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot add an infinite interval in business time")));
#endif
	if (d->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval with months cannot be added in business time"),
				 errdetail("Months and years have no fixed number of business days."),
				 errhint("Express the duration in business days or hours, such as '20 days'.")));
	if ((d->day > 0 && d->time < 0) || (d->day < 0 && d->time > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval with days and time of opposite signs cannot be added in business time"),
				 errhint("Use an interval such as '1 day 4 hours' or '-1 day -4 hours'.")));
	c = calendar_arg(fcinfo, 2, named);
	check(slm_business_add(c, t, d->day, d->time, &result, &err), &err);
	PG_RETURN_TIMESTAMPTZ(result);
}

/*
 * slm_business_add_cal - the deadline d of business time after t
 */
PG_FUNCTION_INFO_V1(slm_business_add_cal);
Datum
slm_business_add_cal(PG_FUNCTION_ARGS)
{
	return business_add_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_business_add_name);
Datum
slm_business_add_name(PG_FUNCTION_ARGS)
{
	return business_add_common(fcinfo, true);
}

/* ---------------------------------------------------------------------
 * business_days(d1, d2, calendar) -> integer
 * ---------------------------------------------------------------------
 */
static Datum
business_days_common(FunctionCallInfo fcinfo, bool named)
{
	DateADT		d1 = PG_GETARG_DATEADT(0);
	DateADT		d2 = PG_GETARG_DATEADT(1);
	SlmCompiled *c;
	SlmError	err;
	int64_t		count;

	if (DATE_NOT_FINITE(d1) || DATE_NOT_FINITE(d2))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("business days between infinite dates are not defined")));
	c = calendar_arg(fcinfo, 2, named);
	check(slm_business_days(c, d1, d2, &count, &err), &err);
	PG_RETURN_INT32((int32) count);
}

/*
 * slm_business_days_cal - business dates in [d1, d2), negative when d2 < d1
 */
PG_FUNCTION_INFO_V1(slm_business_days_cal);
Datum
slm_business_days_cal(PG_FUNCTION_ARGS)
{
	return business_days_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_business_days_name);
Datum
slm_business_days_name(PG_FUNCTION_ARGS)
{
	return business_days_common(fcinfo, true);
}

/* ---------------------------------------------------------------------
 * business_periods(calendar, tstzrange) -> tstzmultirange
 * ---------------------------------------------------------------------
 */

/* At most this many periods in one result. */
#define MAX_PERIODS 1000000

typedef struct PeriodCollector
{
	TypeCacheEntry *typcache;
	RangeType  *within;
	RangeType **ranges;
	int32		count;
	int32		cap;
} PeriodCollector;

static bool
collect_period(void *arg, slm_time start, slm_time end)
{
	PeriodCollector *pc = (PeriodCollector *) arg;
	RangeBound	lower = {0},
				upper = {0};
	RangeType  *r;

	CHECK_FOR_INTERRUPTS();
	if (pc->count >= MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d business periods in the range", MAX_PERIODS),
				 errhint("Ask for a shorter range.")));
	/*
	 * A period that reaches an end of PostgreSQL's timestamps runs on to it:
	 * it is unbounded there, since the end itself is no valid timestamptz.
	 */
	lower.val = TimestampTzGetDatum(start);
	lower.infinite = start <= SLM_TIME_MIN;
	lower.inclusive = !lower.infinite;
	lower.lower = true;
	upper.val = TimestampTzGetDatum(end);
	upper.infinite = end >= SLM_TIME_END;
	upper.inclusive = false;
	upper.lower = false;
#if PG_VERSION_NUM >= 160000
	r = make_range(pc->typcache, &lower, &upper, false, NULL);
#else
	r = make_range(pc->typcache, &lower, &upper, false);
#endif
	/* the range given may have inclusive or exclusive bounds: keep them */
	r = range_intersect_internal(pc->typcache, r, pc->within);
	if (RangeIsEmpty(r))
		return true;
	if (pc->count >= pc->cap)
	{
		pc->cap = pc->cap ? pc->cap * 2 : 64;
		pc->ranges = pc->ranges ? repalloc(pc->ranges, sizeof(RangeType *) * pc->cap)
			: palloc(sizeof(RangeType *) * pc->cap);
	}
	pc->ranges[pc->count++] = r;
	return true;
}

static Datum
business_periods_common(FunctionCallInfo fcinfo, bool named)
{
	RangeType  *within = PG_GETARG_RANGE_P(1);
	TypeCacheEntry *typcache = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
	RangeBound	lower,
				upper;
	bool		empty;
	PeriodCollector pc = {0};
	SlmCompiled *c;
	SlmError	err;
	slm_time	from,
				to;

	range_deserialize(typcache, within, &lower, &upper, &empty);
	pc.typcache = typcache;
	pc.within = within;
	if (!empty)
	{
		/* the half-open span of microseconds the range covers */
		from = lower.infinite ? SLM_TIME_NOBEGIN : DatumGetTimestampTz(lower.val);
		to = upper.infinite ? SLM_TIME_NOEND : DatumGetTimestampTz(upper.val);
		if (!lower.infinite && !lower.inclusive && from < SLM_TIME_NOEND)
			from++;
		if (!upper.infinite && upper.inclusive && to < SLM_TIME_NOEND)
			to++;
		c = calendar_arg(fcinfo, 0, named);
		check(slm_business_periods(c, from, to, collect_period, &pc, &err), &err);
	}
	PG_RETURN_MULTIRANGE_P(make_multirange(TSTZMULTIRANGEOID, typcache, pc.count, pc.ranges));
}

/*
 * slm_business_periods_cal - the business hours within a range, as a multirange
 */
PG_FUNCTION_INFO_V1(slm_business_periods_cal);
Datum
slm_business_periods_cal(PG_FUNCTION_ARGS)
{
	return business_periods_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(slm_business_periods_name);
Datum
slm_business_periods_name(PG_FUNCTION_ARGS)
{
	return business_periods_common(fcinfo, true);
}
