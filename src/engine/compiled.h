/*-------------------------------------------------------------------------
 *
 * compiled.h
 *	  Internals of a compiled calendar, shared by calendar_compile.c (which
 *	  builds it) and business_time.c (which answers queries from it).
 *
 * A compiled calendar keeps a *window*: a contiguous range of local dates
 * [dlo, dhi) whose spans have been converted to instants once, plus the
 * business set B over those dates as sorted, disjoint instant intervals
 * with running totals of business time, plus running counts of business
 * dates.  Every query is then a binary search.  The window grows on
 * demand in both directions up to WINDOW_MAX_DAYS, and is moved (reset)
 * when a query lands far away.  Stretches where B merely repeats a weekly
 * pattern at a fixed UTC offset are crossed arithmetically (see
 * plain_weeks), so even queries spanning the whole timestamp range stay
 * fast.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/compiled.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_COMPILED_H
#define SLM_COMPILED_H

#include "engine.h"

/*
 * Spans of date d lie within wall-clock [d, d+2 days); as instants they lie
 * within MAX_SHIFT of that.
 */
#define MAX_SHIFT			((int64_t) SLM_MAX_UTC_OFFSET_SECS * SLM_USECS_PER_SEC)

/*
 * Dates whose spans can reach an instant x: [day(x) - DATES_BEFORE,
 * day(x) + DATES_AFTER].  With MAX_SHIFT below two days these are safe.
 */
#define DATES_BEFORE		4
#define DATES_AFTER			2

/* Window size limits, in dates. */
#define WINDOW_CHUNK_DAYS	64
#define WINDOW_MAX_DAYS		(366 * 60)
/* Dates a walk across long distances converts per step. */
#define WALK_STEP_DAYS		28

/* Dates that matter at all: their spans may touch [SLM_TIME_MIN, SLM_TIME_END). */
#define DATE_FIRST	((slm_date) (SLM_TIME_MIN / SLM_USECS_PER_DAY) - 4)
#define DATE_END	((slm_date) (SLM_TIME_END / SLM_USECS_PER_DAY) + 2)

/* One converted span of a date: [start, end) as instants. */
typedef struct SlmSpan
{
	slm_time	start;
	slm_time	end;
} SlmSpan;

/* What the window knows of one local date. */
typedef struct SlmDay
{
	slm_time	first_start;	/* earliest span start; valid if span_count > 0 */
	slm_time	last_end;		/* latest span end */
	int32_t		span_index;		/* into pool, sorted by start */
	int16_t		span_count;		/* non-empty converted spans; > 0: business date */
	uint8_t		regular;		/* offset below converts both ways around the date */
	uint8_t		unused;
	int32_t		offset;			/* UTC offset in seconds, when regular */
	int32_t		biz_before;		/* business dates in [origin, this date) */
} SlmDay;

/*
 * A maximal interval of B, with the business time before it.  When the
 * interval is made of spans of one regular date only, finish_window notes
 * that date (its owner, in spec section 3's sense, for any instant of the
 * interval), its offset and its place among the window's business dates:
 * a business-day deadline then needs no search at all.
 */
typedef struct SlmInterval
{
	slm_time	start;
	slm_time	end;
	int64_t		cum;			/* business time in B before start (relative) */
	slm_date	owner;			/* valid with IV_ONE_REGULAR_OWNER */
	int32_t		owner_biz;		/* owner's index in SlmCompiled.biz */
	int32_t		offset;			/* owner's UTC offset in seconds */
	uint8_t		flags;
} SlmInterval;

#define IV_ONE_REGULAR_OWNER	0x01

/* A business date of the window, with what a deadline on it needs. */
typedef struct SlmBizDay
{
	slm_time	first_start;
	slm_time	last_end;
	slm_date	date;
	int32_t		offset;
	uint8_t		regular;
} SlmBizDay;

/* The provider's answer about a stretch of fixed UTC offset. */
typedef struct Stretch
{
	bool		known;
	slm_local	from;
	slm_local	until;
	int32_t		offset;
} Stretch;

struct SlmCompiled
{
	SlmCalendar *cal;			/* own copy */
	size_t		cal_size;
	SlmZone		zone;
	SlmAlloc	mem;
	size_t		memory;			/* bytes held */

	/* derived from the calendar once */
	const SlmOverrideRun *runs;
	int			run_count;
	const SlmSpanDef *spans;
	bool		has_weekly;		/* some weekday has spans */

	/* the window */
	bool		busy;			/* set while the window changes */
	bool		empty;
	slm_date	dlo;
	slm_date	dhi;
	SlmDay	   *days;			/* days[day_off + (d - dlo)] */
	int32_t		day_off;
	int32_t		day_cap;
	SlmSpan    *pool;			/* spans of the window's dates */
	int32_t		pool_len;
	int32_t		pool_cap;
	SlmInterval *iv;			/* iv[iv_off .. iv_off + iv_len) */
	int32_t		iv_off;
	int32_t		iv_len;
	int32_t		iv_cap;

	/*
	 * lookup[d - dlo]: the first interval ending after UTC midnight of day
	 * d, so that finding the interval at an instant is a step or two, not a
	 * binary search.  Rebuilt whenever the window changes, with the
	 * window's edges and the business time up to each.
	 */
	int32_t    *lookup;
	int32_t		lookup_cap;

	/*
	 * The inverse lookups: by_cum[b] is the first interval whose end
	 * reaches business time cum_origin + (b << cum_shift); biz lists the
	 * window's business dates in order.  With them a deadline is found in
	 * a step or two however far away it is.
	 */
	int32_t    *by_cum;
	int32_t		by_cum_count;
	int32_t		by_cum_cap;
	int			cum_shift;
	int64_t		cum_origin;
	SlmBizDay  *biz;
	int32_t		biz_count;
	int32_t		biz_cap;
	slm_time	low;			/* slm_window_low */
	slm_time	high;			/* slm_window_high */
	int64_t		cum_low;		/* slm_cum_at(low) */
	int64_t		cum_high;		/* slm_cum_at(high) */
	Stretch		stretch;		/* last fixed-offset stretch seen */
};

/* calendar_compile.c: the window */
extern SlmErrorCode slm_grow_window(SlmCompiled *c, slm_date lo, slm_date hi,
									SlmError *err);
extern SlmErrorCode slm_cover_dates_exact(SlmCompiled *c, slm_date lo, slm_date hi,
										  SlmError *err);
extern SlmErrorCode slm_cover_step(SlmCompiled *c, slm_time x, bool forward, SlmError *err);
extern bool slm_window_can_grow(const SlmCompiled *c, slm_date lo, slm_date hi);
extern int64_t slm_cum_at(const SlmCompiled *c, slm_time x);
extern int32_t slm_interval_at_or_before(const SlmCompiled *c, slm_time x);
extern int32_t slm_interval_ending_after(const SlmCompiled *c, slm_time x);
extern int32_t slm_interval_reaching(const SlmCompiled *c, int64_t cum);
extern bool slm_b_after(const SlmCompiled *c, slm_time x);
extern bool slm_b_before(const SlmCompiled *c, slm_time x);

/* A run of whole weeks that repeat one weekly pattern at a fixed offset. */
typedef struct PlainWeeks
{
	int64_t		weeks;
	int32_t		offset;			/* UTC offset in seconds throughout */
	int64_t		week_measure;	/* business time per week */
	int32_t		week_dates;		/* business dates per week */
} PlainWeeks;

extern void slm_plain_weeks_forward(SlmCompiled *c, slm_date d1, int64_t max_weeks,
									PlainWeeks *pw);
extern void slm_plain_weeks_backward(SlmCompiled *c, slm_date d2, int64_t max_weeks,
									 PlainWeeks *pw);

extern SlmErrorCode slm_no_memory(SlmError *err);

/* The window's trustworthy instants are [low, high]. */
static inline slm_time
slm_window_low(const SlmCompiled *c)
{
	return c->low;
}

static inline slm_time
slm_window_high(const SlmCompiled *c)
{
	return c->high;
}

/* What the window knows of date d (which it must hold). */
static inline const SlmDay *
slm_day(const SlmCompiled *c, slm_date d)
{
	return &c->days[c->day_off + (d - c->dlo)];
}

/* The window's intervals of B, in order; slm_interval_count of them. */
static inline const SlmInterval *
slm_intervals(const SlmCompiled *c)
{
	return c->iv + c->iv_off;
}

static inline int32_t
slm_interval_count(const SlmCompiled *c)
{
	return c->iv_len;
}

static inline int64_t
slm_floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static inline slm_date
slm_day_of(slm_time x)
{
	return (slm_date) slm_floor_div(x, SLM_USECS_PER_DAY);
}

/* Does the (whole) window hold dates [lo, hi)? */
static inline bool
slm_window_holds(const SlmCompiled *c, slm_date lo, slm_date hi)
{
	return !c->busy && !c->empty && c->dlo <= lo && hi <= c->dhi;
}

/*
 * Make the window hold dates [lo, hi): grows it in chunks while it stays
 * within WINDOW_MAX_DAYS, else starts a new window there.  On failure the
 * window is left empty, never half built.  Holding them already is the
 * common case, checked inline.
 */
static inline SlmErrorCode
slm_cover_dates(SlmCompiled *c, slm_date lo, slm_date hi, SlmError *err)
{
	if (slm_window_holds(c, lo, hi))
		return SLM_OK;
	return slm_grow_window(c, lo, hi, err);
}

/* Cover every date whose spans can reach instant x. */
static inline SlmErrorCode
slm_cover_instant(SlmCompiled *c, slm_time x, SlmError *err)
{
	slm_date	d = slm_day_of(x);

	return slm_cover_dates(c, d - DATES_BEFORE, d + DATES_AFTER + 1, err);
}

#endif							/* SLM_COMPILED_H */
