/*-------------------------------------------------------------------------
 *
 * clock_fns.h
 *	  A clock's schedule (its goal as business time, warning and due
 *	  times) and the business time it has used, on plain C values
 *	  (clock_fns.c); the SQL-callable clock functions and the tracking's
 *	  rules both compute them here.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_fns.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLOCK_FNS_H
#define SLM_CLOCK_FNS_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/multirangetypes.h"

#include "engine.h"

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

#endif							/* SLM_CLOCK_FNS_H */
