/*-------------------------------------------------------------------------
 *
 * clock_schedule.c
 *	  A clock's business time, on a compiled calendar: its schedule (goal
 *	  as business time, warning and due times) from its start, goal and
 *	  pauses, and the business time it has used by an instant.
 *
 * The SQL-callable clock functions (src/clock_fns.c) and the clock rules
 * (clock_rules.c) both compute here, so a clock tracked live and a clock
 * computed in SQL get the same times by construction.  The rules (issue
 * "SLA clocks"):
 *
 *	base due   = business_add(started_at, goal)
 *	goal time  = business time from started_at to base due
 *	paused     = business time inside the clock's closed pauses
 *	due_at     = business_add(base due, paused): a pause moves the due
 *				 time later by the business time it lasted
 *	warn_from  = business_add(business_add(started_at, warn_at * goal time),
 *							  paused)
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/clock_schedule.c
 *
 *-------------------------------------------------------------------------
 */
#include "clock_rules.h"

#include <math.h>

/*
 * A clock's schedule from its start, goal, warning share and closed pauses
 * (pause_from[i], pause_to[i]), on a compiled calendar: the rules in the
 * header comment.  When the calendar runs out before the goal, the clock
 * is never due: has_goal_time is false and warn_from and due_at are
 * infinity.
 */
SlmErrorCode
slm_clock_schedule(SlmCompiled *c, slm_time started, const SlmTimeInterval *goal, double warn,
				   const slm_time *pause_from, const slm_time *pause_to, int npauses,
				   SlmSchedule *out, SlmError *err)
{
	SlmErrorCode rc;
	slm_time	base_due,
				warn_point;

	out->paused_time = 0;
	out->goal_time = 0;
	out->has_goal_time = false;
	for (int i = 0; i < npauses; i++)
	{
		int64_t		part;

		if (!SLM_TIME_IS_FINITE(pause_from[i]) || !SLM_TIME_IS_FINITE(pause_to[i]))
			continue;
		if ((rc = slm_business_elapsed(c, pause_from[i], pause_to[i], &part, err)) != SLM_OK)
			return rc;
		out->paused_time += part;
	}

	if ((rc = slm_business_add(c, started, goal->day, goal->time, &base_due, err)) != SLM_OK)
		return rc;
	if (!SLM_TIME_IS_FINITE(base_due) || !SLM_TIME_IS_FINITE(started))
	{
		/* the calendar runs out before the goal: never due */
		out->warn_from = SLM_TIME_NOEND;
		out->due_at = SLM_TIME_NOEND;
		return SLM_OK;
	}
	if ((rc = slm_business_elapsed(c, started, base_due, &out->goal_time, err)) != SLM_OK ||
		(rc = slm_business_add(c, base_due, 0, out->paused_time, &out->due_at, err)) != SLM_OK ||
		(rc = slm_business_add(c, started, 0, (int64_t) rint((double) out->goal_time * warn),
							   &warn_point, err)) != SLM_OK)
		return rc;
	out->has_goal_time = true;
	if (!SLM_TIME_IS_FINITE(warn_point))
		out->warn_from = warn_point;
	else if ((rc = slm_business_add(c, warn_point, 0, out->paused_time, &out->warn_from, err)) != SLM_OK)
		return rc;
	return SLM_OK;
}

/* Whether an interval can be a clock's goal: days and time of one sign, no months. */
bool
slm_goal_is_business_time(const SlmTimeInterval *goal)
{
	return !(goal->month != 0 || (goal->day > 0 && goal->time < 0) || (goal->day < 0 && goal->time > 0));
}

/*
 * Business time used from start to end, less the parts of the closed
 * pauses (in order, finite bounds) and of a pause open since paused_since
 * (SLM_TIME_NOEND: none) that fall in between: what slm.clock_elapsed
 * gives at end, and what a stopped clock records as time_used.
 */
SlmErrorCode
slm_clock_used(SlmCompiled *c, slm_time start, slm_time end, const slm_time *pause_from,
			   const slm_time *pause_to, int npauses, slm_time paused_since, int64_t *out, SlmError *err)
{
	SlmErrorCode rc;
	int64_t		used,
				part;

	*out = 0;
	if (end <= start || !SLM_TIME_IS_FINITE(end))
		return SLM_OK;
	if ((rc = slm_business_elapsed(c, start, end, &used, err)) != SLM_OK)
		return rc;
	for (int i = 0; i < npauses; i++)
	{
		slm_time	from = pause_from[i] > start ? pause_from[i] : start;
		slm_time	to = pause_to[i] < end ? pause_to[i] : end;

		if (from >= to)
			continue;
		if ((rc = slm_business_elapsed(c, from, to, &part, err)) != SLM_OK)
			return rc;
		used -= part;
	}
	if (paused_since < end)
	{
		if ((rc = slm_business_elapsed(c, paused_since, end, &part, err)) != SLM_OK)
			return rc;
		used -= part;
	}
	*out = used;
	return SLM_OK;
}
