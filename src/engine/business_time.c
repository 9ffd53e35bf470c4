/*-------------------------------------------------------------------------
 *
 * business_time.c
 *	  The business-time functions of spec section 3, answered from a
 *	  compiled calendar's window.
 *
 * Every function works the same way: make the window cover the instant at
 * hand, answer by binary search if the answer lies inside the window's
 * trustworthy range, else move on.  Moving on grows the window while it
 * stays within its size limit; past that, the window is moved forward (or
 * backward), first jumping over whole weeks where B only repeats a weekly
 * pattern (slm_plain_weeks_*).  Loops call check_interrupts between
 * steps.
 *
 * Business time is "measure(B ∩ [a, b))" throughout: the difference of
 * slm_cum_at at b and a.  "The least s with measure(B ∩ [t, s)) = τ"
 * (section 3) is the inverse of slm_cum_at: the first interval whose end
 * reaches the target, which gives a closing time rather than the next
 * opening when the target falls exactly there.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/business_time.c
 *
 *-------------------------------------------------------------------------
 */
#include "compiled.h"

#include <stdio.h>
#include <string.h>

#define IS_FINITE(t)	((t) != SLM_TIME_NOBEGIN && (t) != SLM_TIME_NOEND)

static void
interrupts(SlmCompiled *c)
{
	if (c->mem.check_interrupts)
		c->mem.check_interrupts();
}

static SlmErrorCode
range_error(SlmError *err, const char *message)
{
	memset(err, 0, sizeof(*err));
	err->code = SLM_ERR_RANGE;
	snprintf(err->message, sizeof(err->message), "%s", message);
	return SLM_ERR_RANGE;
}

/*
 * The instant weeks whole weeks from local date d at UTC offset offset (in
 * seconds), for jumps over plain weeks.  Adding dates before converting keeps
 * the sum in range: a jump from the first dates that matter to the last ones
 * spans more microseconds than int64 holds, while the instant it lands on
 * does not.
 */
static slm_time
instant_after_weeks(slm_date d, int64_t weeks, int32_t offset)
{
	return ((int64_t) d + 7 * weeks) * SLM_USECS_PER_DAY -
		(int64_t) offset * SLM_USECS_PER_SEC;
}

/* How far to grow the window when walking on: double it, within limits. */
static int64_t
grow_step(const SlmCompiled *c)
{
	int64_t		width = c->empty ? 0 : (int64_t) c->dhi - c->dlo;

	if (width < WINDOW_CHUNK_DAYS)
		width = WINDOW_CHUNK_DAYS;
	if (width > WINDOW_MAX_DAYS / 2)
		width = WINDOW_MAX_DAYS / 2;
	return width;
}

/* ---------------------------------------------------------------------
 * Inverse of slm_cum_at within the window
 * ---------------------------------------------------------------------
 */

/* The least s with cum_at(s) == target (the target within the window). */
static slm_time
first_instant_with(const SlmCompiled *c, int64_t target)
{
	const SlmInterval *iv = slm_intervals(c);
	int32_t		i = slm_interval_reaching(c, target);

	return iv[i].start + (target - iv[i].cum);
}

/* The greatest s with cum_at(s) == target. */
static slm_time
last_instant_with(const SlmCompiled *c, int64_t target)
{
	const SlmInterval *iv = slm_intervals(c);
	int32_t		i = slm_interval_reaching(c, target);

	/* a target at an interval's end is also the next one's start: take that */
	if (i + 1 < slm_interval_count(c) && iv[i + 1].cum <= target)
		i++;
	return iv[i].start + (target - iv[i].cum);
}

/* ---------------------------------------------------------------------
 * is_business_time, next_business_time
 * ---------------------------------------------------------------------
 */
SlmErrorCode
slm_is_business_time(SlmCompiled *c, slm_time t, bool *result, SlmError *err)
{
	int32_t		i;

	*result = false;
	if (t < SLM_TIME_MIN || t >= SLM_TIME_END)
		return SLM_OK;			/* the infinities hold no business time */
	if (slm_cover_instant(c, t, err) != SLM_OK)
		return err->code;
	i = slm_interval_at_or_before(c, t);
	*result = (i >= 0 && t < slm_intervals(c)[i].end);
	return SLM_OK;
}

/*
 * The least s >= t in B, searching up to the end of time; skips weeks that
 * hold no business time at all.
 */
SlmErrorCode
slm_next_business_time(SlmCompiled *c, slm_time t, slm_time *result, SlmError *err)
{
	slm_time	pos = t;
	bool		far = false;

	if (!IS_FINITE(t))
	{
		*result = t;
		return SLM_OK;
	}
	for (;;)
	{
		const SlmInterval *iv;
		int32_t		i;
		slm_time	high;

		if ((far ? slm_cover_step(c, pos, true, err) : slm_cover_instant(c, pos, err)) != SLM_OK)
			return err->code;
		iv = slm_intervals(c);
		high = slm_window_high(c);
		i = slm_interval_at_or_before(c, pos);
		if (i >= 0 && pos < iv[i].end)
		{
			*result = pos;
			return SLM_OK;
		}
		if (i + 1 < slm_interval_count(c) && iv[i + 1].start < high)
		{
			*result = iv[i + 1].start;
			return SLM_OK;
		}
		/* nothing up to the window's end */
		if (high >= SLM_TIME_END || !slm_b_after(c, high))
		{
			*result = SLM_TIME_NOEND;
			return SLM_OK;
		}
		if (!far && slm_window_can_grow(c, c->dlo, c->dhi + 1))
		{
			if (slm_cover_dates(c, c->dlo, (slm_date) (c->dhi + grow_step(c)), err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;
		pos = high;
		/* jump over weeks without business time */
		{
			slm_date	d1 = slm_day_of(pos) + DATES_AFTER + 1;
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, d1, INT64_MAX / 8, &pw);
			if (pw.weeks > 0 && pw.week_measure == 0)
			{
				slm_time	jump = instant_after_weeks(d1, pw.weeks, pw.offset);

				if (jump > pos)
					pos = jump;
			}
		}
		interrupts(c);
	}
}

/* ---------------------------------------------------------------------
 * business_elapsed
 * ---------------------------------------------------------------------
 */

/* measure(B ∩ [t1, t2)) for t1 <= t2, both finite. */
static SlmErrorCode
measure_forward(SlmCompiled *c, slm_time t1, slm_time t2, int64_t *usecs, SlmError *err)
{
	slm_time	pos = t1;
	int64_t		total = 0;
	slm_date	last = slm_day_of(t2);
	bool		far = false;

	for (;;)
	{
		slm_time	high;
		int64_t		part;
		slm_date	first = slm_day_of(pos) - DATES_BEFORE;

		/* take the rest in one window when it fits */
		if ((int64_t) last + DATES_AFTER + 1 - first <= WINDOW_MAX_DAYS)
		{
			if (slm_cover_dates(c, first, last + DATES_AFTER + 1, err) != SLM_OK)
				return err->code;
		}
		else if ((far ? slm_cover_step(c, pos, true, err) :
				  slm_cover_dates(c, first, first + WINDOW_MAX_DAYS, err)) != SLM_OK)
			return err->code;
		high = slm_window_high(c);
		if (t2 <= high)
		{
			part = slm_cum_at(c, t2) - slm_cum_at(c, pos);
			if (__builtin_add_overflow(total, part, &total))
				return range_error(err, "business time out of range");
			*usecs = total;
			return SLM_OK;
		}
		part = slm_cum_at(c, high) - slm_cum_at(c, pos);
		if (__builtin_add_overflow(total, part, &total))
			return range_error(err, "business time out of range");
		pos = high;
		far = true;

		/* cross whole plain weeks arithmetically */
		{
			slm_date	d1 = slm_day_of(pos) + DATES_AFTER + 1;
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, d1, ((int64_t) last - DATES_BEFORE - 1 - d1) / 7, &pw);
			if (pw.weeks > 0)
			{
				slm_time	i1 = (int64_t) d1 * SLM_USECS_PER_DAY -
					(int64_t) pw.offset * SLM_USECS_PER_SEC;
				int64_t		weeks_time;

				if (slm_cover_dates_exact(c, slm_day_of(pos) - DATES_BEFORE,
										  d1 + DATES_AFTER + 1, err) != SLM_OK)
					return err->code;
				part = slm_cum_at(c, i1) - slm_cum_at(c, pos);
				if (__builtin_mul_overflow(pw.weeks, pw.week_measure, &weeks_time) ||
					__builtin_add_overflow(total, part, &total) ||
					__builtin_add_overflow(total, weeks_time, &total))
					return range_error(err, "business time out of range");
				pos = instant_after_weeks(d1, pw.weeks, pw.offset);
			}
		}
		interrupts(c);
	}
}

SlmErrorCode
slm_business_elapsed(SlmCompiled *c, slm_time t1, slm_time t2, int64_t *usecs,
					 SlmError *err)
{
	SlmErrorCode rc;

	if (!IS_FINITE(t1) || !IS_FINITE(t2))
		return range_error(err, "business_elapsed is not defined for infinite timestamps");
	if (t1 == t2)
	{
		*usecs = 0;
		return SLM_OK;
	}
	if (t1 < t2)
		return measure_forward(c, t1, t2, usecs, err);
	rc = measure_forward(c, t2, t1, usecs, err);
	if (rc == SLM_OK)
		*usecs = -*usecs;
	return rc;
}

/* ---------------------------------------------------------------------
 * Adding business time
 * ---------------------------------------------------------------------
 */

/* The least s >= t with measure(B ∩ [t, s)) = rem, rem > 0. */
static SlmErrorCode
add_time_forward(SlmCompiled *c, slm_time t, int64_t rem, slm_time *result, SlmError *err)
{
	slm_time	pos = t;
	bool		far = false;

	for (;;)
	{
		slm_time	high;
		int64_t		cpos,
					avail;

		if ((far ? slm_cover_step(c, pos, true, err) : slm_cover_instant(c, pos, err)) != SLM_OK)
			return err->code;
		high = slm_window_high(c);
		cpos = slm_cum_at(c, pos);
		avail = c->cum_high - cpos;
		if (rem <= avail)
		{
			*result = first_instant_with(c, cpos + rem);
			return SLM_OK;
		}
		if (high >= SLM_TIME_END)
			goto never;
		if (!far && slm_window_can_grow(c, c->dlo, c->dhi + 1))
		{
			if (slm_cover_dates(c, c->dlo, (slm_date) (c->dhi + grow_step(c)), err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;
		rem -= avail;
		pos = high;
		/*
		 * B cannot hold more than all the time there is.  (END - pos can
		 * exceed int64 when pos is far before 2000; END - rem cannot.)
		 */
		if (!slm_b_after(c, pos) || pos > SLM_TIME_END - rem)
			goto never;
		{
			slm_date	d1 = slm_day_of(pos) + DATES_AFTER + 1;
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, d1, INT64_MAX / 8, &pw);
			if (pw.weeks > 0)
			{
				slm_time	i1 = (int64_t) d1 * SLM_USECS_PER_DAY -
					(int64_t) pw.offset * SLM_USECS_PER_SEC;
				int64_t		edge,
							weeks = pw.weeks;

				if (slm_cover_dates_exact(c, slm_day_of(pos) - DATES_BEFORE,
										  d1 + DATES_AFTER + 1, err) != SLM_OK)
					return err->code;
				edge = slm_cum_at(c, i1) - slm_cum_at(c, pos);
				if (edge < rem)
				{
					/* leave some time for the window to place the answer */
					if (pw.week_measure > 0 && weeks > (rem - edge - 1) / pw.week_measure)
						weeks = (rem - edge - 1) / pw.week_measure;
					if (weeks > 0)
					{
						rem -= edge + weeks * pw.week_measure;
						pos = instant_after_weeks(d1, weeks, pw.offset);
					}
				}
			}
		}
		interrupts(c);
	}

never:
	*result = SLM_TIME_NOEND;
	return SLM_OK;
}

/* The greatest s <= t with measure(B ∩ [s, t)) = rem, rem > 0. */
static SlmErrorCode
add_time_backward(SlmCompiled *c, slm_time t, int64_t rem, slm_time *result, SlmError *err)
{
	slm_time	pos = t;
	bool		far = false;

	for (;;)
	{
		slm_time	low;
		int64_t		cpos,
					avail;

		if ((far ? slm_cover_step(c, pos, false, err) : slm_cover_instant(c, pos, err)) != SLM_OK)
			return err->code;
		low = slm_window_low(c);
		cpos = slm_cum_at(c, pos);
		avail = cpos - c->cum_low;
		if (rem <= avail)
		{
			*result = last_instant_with(c, cpos - rem);
			return SLM_OK;
		}
		if (low <= SLM_TIME_MIN)
			goto never;
		if (!far && slm_window_can_grow(c, c->dlo - 1, c->dhi))
		{
			if (slm_cover_dates(c, (slm_date) (c->dlo - grow_step(c)), c->dhi, err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;
		rem -= avail;
		pos = low;
		if (!slm_b_before(c, pos) || pos < SLM_TIME_MIN + rem)
			goto never;
		{
			slm_date	d2 = slm_day_of(pos) - DATES_BEFORE;
			PlainWeeks	pw;

			slm_plain_weeks_backward(c, d2, INT64_MAX / 8, &pw);
			if (pw.weeks > 0)
			{
				slm_time	i2 = (int64_t) d2 * SLM_USECS_PER_DAY -
					(int64_t) pw.offset * SLM_USECS_PER_SEC;
				int64_t		edge,
							weeks = pw.weeks;

				if (slm_cover_dates_exact(c, d2 - DATES_BEFORE, slm_day_of(pos) + DATES_AFTER + 1,
										  err) != SLM_OK)
					return err->code;
				edge = slm_cum_at(c, pos) - slm_cum_at(c, i2);
				if (edge < rem)
				{
					if (pw.week_measure > 0 && weeks > (rem - edge - 1) / pw.week_measure)
						weeks = (rem - edge - 1) / pw.week_measure;
					if (weeks > 0)
					{
						rem -= edge + weeks * pw.week_measure;
						pos = instant_after_weeks(d2, -weeks, pw.offset);
					}
				}
			}
		}
		interrupts(c);
	}

never:
	*result = SLM_TIME_NOBEGIN;
	return SLM_OK;
}

/* ---------------------------------------------------------------------
 * Adding business days
 * ---------------------------------------------------------------------
 */

/* Business dates in [d, dhi) of the window, d inside it. */
static int64_t
dates_to_window_end(const SlmCompiled *c, slm_date d)
{
	const SlmDay *last = slm_day(c, c->dhi - 1);

	return (int64_t) last->biz_before + (last->span_count > 0) - slm_day(c, d)->biz_before;
}

/*
 * The n-th business date on or after date from (n >= 1), or DATE_END if
 * there is none before the end of time.
 */
static SlmErrorCode
nth_date_forward(SlmCompiled *c, slm_date from, int64_t n, slm_date *result, SlmError *err)
{
	bool		far = false;

	for (;;)
	{
		int64_t		avail;

		if (from >= DATE_END)
		{
			*result = DATE_END;
			return SLM_OK;
		}
		if ((far ? slm_cover_dates_exact(c, from, from + WALK_STEP_DAYS, err) :
			 slm_cover_dates(c, from, from + 1, err)) != SLM_OK)
			return err->code;
		avail = dates_to_window_end(c, from);
		if (n <= avail)
		{
			*result = c->biz[slm_day(c, from)->biz_before - slm_day(c, c->dlo)->biz_before + n - 1].date;
			return SLM_OK;
		}
		n -= avail;
		from = c->dhi;
		if (!c->has_weekly && !slm_b_after(c, (int64_t) from * SLM_USECS_PER_DAY - MAX_SHIFT))
		{
			*result = DATE_END;
			return SLM_OK;
		}
		if (!far && slm_window_can_grow(c, c->dlo, from + 1))
		{
			if (slm_cover_dates(c, c->dlo, (slm_date) (from + grow_step(c)), err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;
		{
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, from, INT64_MAX / 8, &pw);
			if (pw.weeks > 0)
			{
				int64_t		weeks = pw.weeks;

				if (pw.week_dates > 0 && weeks > (n - 1) / pw.week_dates)
					weeks = (n - 1) / pw.week_dates;
				n -= weeks * pw.week_dates;
				from = (slm_date) (from + 7 * weeks);
			}
		}
		interrupts(c);
	}
}

/* The n-th business date on or before date from (n >= 1), or DATE_FIRST - 1. */
static SlmErrorCode
nth_date_backward(SlmCompiled *c, slm_date from, int64_t n, slm_date *result, SlmError *err)
{
	bool		far = false;

	for (;;)
	{
		int64_t		avail;
		const SlmDay *day;

		if (from < DATE_FIRST)
		{
			*result = DATE_FIRST - 1;
			return SLM_OK;
		}
		if ((far ? slm_cover_dates_exact(c, from + 1 - WALK_STEP_DAYS, from + 1, err) :
			 slm_cover_dates(c, from, from + 1, err)) != SLM_OK)
			return err->code;
		day = slm_day(c, from);
		/* business dates in [dlo, from] */
		avail = (int64_t) day->biz_before + (day->span_count > 0) - slm_day(c, c->dlo)->biz_before;
		if (n <= avail)
		{
			*result = c->biz[avail - n].date;
			return SLM_OK;
		}
		n -= avail;
		from = c->dlo - 1;
		if (!c->has_weekly && !slm_b_before(c, ((int64_t) from + 2) * SLM_USECS_PER_DAY + MAX_SHIFT))
		{
			*result = DATE_FIRST - 1;
			return SLM_OK;
		}
		if (!far && slm_window_can_grow(c, from, c->dhi))
		{
			if (slm_cover_dates(c, (slm_date) (from + 1 - grow_step(c)), c->dhi, err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;
		{
			PlainWeeks	pw;

			slm_plain_weeks_backward(c, from + 1, INT64_MAX / 8, &pw);
			if (pw.weeks > 0)
			{
				int64_t		weeks = pw.weeks;

				if (pw.week_dates > 0 && weeks > (n - 1) / pw.week_dates)
					weeks = (n - 1) / pw.week_dates;
				n -= weeks * pw.week_dates;
				from = (slm_date) (from - 7 * weeks);
			}
		}
		interrupts(c);
	}
}

/* UTC offset at instant s, which lies in or at the end of a span of day. */
static int32_t
offset_at(SlmCompiled *c, const SlmDay *day, slm_time s)
{
	if (day->regular)
		return day->offset;
	return c->zone.utc_offset(c->zone.arg, s);
}

/* Does date d own a span that holds s (held) or ends at s (!held)? */
static bool
owns(const SlmCompiled *c, slm_date d, slm_time s, bool held)
{
	const SlmDay *day = slm_day(c, d);

	if (day->span_count == 0 || day->first_start > s || day->last_end < s)
		return false;
	for (int i = 0; i < day->span_count; i++)
	{
		const SlmSpan *sp = &c->pool[day->span_index + i];

		if (held ? (sp->start <= s && s < sp->end) : sp->end == s)
			return true;
	}
	return false;
}

/*
 * The latest date among those that can reach s owning a span that holds s
 * (held) or ends at s (!held).  The window covers s.
 *
 * Where the dates around s share one offset, only s's own wall-clock date
 * and the day before can own it (spans start on their date and end within
 * a day); otherwise every date that can reach s is tried, latest first.
 */
static slm_date
owner_of(const SlmCompiled *c, slm_time s, bool held)
{
	slm_date	d0 = slm_day_of(s);
	const SlmDay *here = slm_day(c, d0);

	if (here->regular)
	{
		slm_date	local = slm_day_of(s + (int64_t) here->offset * SLM_USECS_PER_SEC);
		const SlmDay *next = slm_day(c, local + 1);
		const SlmDay *prev = slm_day(c, local - 1);

		if (next->regular && prev->regular && slm_day(c, local)->regular &&
			next->offset == here->offset && prev->offset == here->offset &&
			slm_day(c, local)->offset == here->offset)
		{
			if (owns(c, local, s, held))
				return local;
			if (owns(c, local - 1, s, held))
				return local - 1;
		}
	}
	for (slm_date d = d0 + DATES_AFTER; d >= d0 - DATES_BEFORE; d--)
		if (owns(c, d, s, held))
			return d;
	return d0;					/* cannot happen when s is in B or ends a span */
}

/*
 * The instant at wall-clock w (from midnight) on date dn, clamped between
 * dn's first span start and last span end (spec section 3).
 */
static SlmErrorCode
at_wall_clock(SlmCompiled *c, slm_date dn, int64_t w, slm_time *result, SlmError *err)
{
	const SlmDay *day;
	slm_local	local;
	slm_time	t;

	if (slm_cover_dates(c, dn, dn + 1, err) != SLM_OK)
		return err->code;
	day = slm_day(c, dn);
	local = (int64_t) dn * SLM_USECS_PER_DAY + w;
	if (day->regular && w >= -SLM_USECS_PER_DAY && w < 3 * SLM_USECS_PER_DAY)
		t = local - (int64_t) day->offset * SLM_USECS_PER_SEC;
	else
		t = c->zone.local_to_utc(c->zone.arg, local);
	if (t < day->first_start)
		t = day->first_start;
	if (t > day->last_end)
		t = day->last_end;
	*result = t;
	return SLM_OK;
}

/* Days first for a positive interval (section 3, business days n > 0). */
static SlmErrorCode
add_days_forward(SlmCompiled *c, slm_time t, int64_t n, slm_time *result, SlmError *err)
{
	slm_time	s0;
	slm_date	d0,
				dn = 0;
	int64_t		w;
	SlmErrorCode rc;

	/* s0: usually the window holds it, and the n-th date after its owner */
	if (slm_cover_instant(c, t, err) != SLM_OK)
		return err->code;
	{
		int32_t		i = slm_interval_ending_after(c, t);
		const SlmInterval *v = &slm_intervals(c)[i];

		if (i < slm_interval_count(c) && v->start < slm_window_high(c))
		{
			s0 = t > v->start ? t : v->start;

			/*
			 * The fast path: the interval has one regular owner, and the
			 * target date is in the window and regular too.
			 */
			if ((v->flags & IV_ONE_REGULAR_OWNER) && v->owner_biz + n < c->biz_count)
			{
				const SlmBizDay *bd = &c->biz[v->owner_biz + n];

				if (bd->regular)
				{
					slm_time	r;

					w = s0 + (int64_t) v->offset * SLM_USECS_PER_SEC -
						(int64_t) v->owner * SLM_USECS_PER_DAY;
					r = (int64_t) bd->date * SLM_USECS_PER_DAY + w -
						(int64_t) bd->offset * SLM_USECS_PER_SEC;
					*result = r < bd->first_start ? bd->first_start :
						(r > bd->last_end ? bd->last_end : r);
					return SLM_OK;
				}
			}
		}
		else
		{
			rc = slm_next_business_time(c, t, &s0, err);
			if (rc != SLM_OK)
				return rc;
			if (s0 == SLM_TIME_NOEND)
			{
				*result = SLM_TIME_NOEND;
				return SLM_OK;
			}
		}
	}
	if (slm_cover_instant(c, s0, err) != SLM_OK)
		return err->code;
	d0 = owner_of(c, s0, true);
	w = s0 + (int64_t) offset_at(c, slm_day(c, d0), s0) * SLM_USECS_PER_SEC -
		(int64_t) d0 * SLM_USECS_PER_DAY;

	{
		/* business dates of the window before d0's successor, plus n */
		int64_t		k = (int64_t) slm_day(c, d0)->biz_before + 1 -
			slm_day(c, c->dlo)->biz_before + n - 1;

		if (k < c->biz_count)
			dn = c->biz[k].date;
		else
		{
			rc = nth_date_forward(c, d0 + 1, n, &dn, err);
			if (rc != SLM_OK)
				return rc;
			if (dn >= DATE_END)
			{
				*result = SLM_TIME_NOEND;
				return SLM_OK;
			}
		}
	}
	return at_wall_clock(c, dn, w, result, err);
}

/* Section 3, business days n < 0 (n here is the magnitude). */
static SlmErrorCode
add_days_backward(SlmCompiled *c, slm_time t, int64_t n, slm_time *result, SlmError *err)
{
	slm_time	s0,
				pos = t;
	bool		held = false;
	slm_date	d0,
				dn = 0;
	int64_t		w;
	SlmErrorCode rc;

	/* s0: t itself when in B or a span's end, else the end of the last span before t */
	for (;;)
	{
		const SlmInterval *iv;
		int32_t		i;
		slm_time	low;

		if (slm_cover_instant(c, pos, err) != SLM_OK)
			return err->code;
		iv = slm_intervals(c);
		low = slm_window_low(c);
		i = slm_interval_at_or_before(c, pos);
		if (i >= 0 && pos < iv[i].end && pos == t)
		{
			s0 = t;
			held = true;
			break;
		}
		if (i >= 0 && iv[i].end <= pos && iv[i].end >= low)
		{
			s0 = iv[i].end;
			break;
		}
		if (i >= 0 && pos < iv[i].end)
		{
			/* pos (a window edge) fell inside an interval: its end is before t */
			s0 = iv[i].end;
			break;
		}
		if (low <= SLM_TIME_MIN || !slm_b_before(c, low))
		{
			*result = SLM_TIME_NOBEGIN;
			return SLM_OK;
		}
		pos = low;
		if (slm_window_can_grow(c, c->dlo - 1, c->dhi))
		{
			if (slm_cover_dates(c, (slm_date) (c->dlo - grow_step(c)), c->dhi, err) != SLM_OK)
				return err->code;
		}
		else
		{
			slm_date	d2 = slm_day_of(pos) - DATES_BEFORE;
			PlainWeeks	pw;

			slm_plain_weeks_backward(c, d2, INT64_MAX / 8, &pw);
			if (pw.weeks > 0 && pw.week_measure == 0)
			{
				slm_time	jump = instant_after_weeks(d2, -pw.weeks, pw.offset);

				if (jump < pos)
					pos = jump;
			}
		}
		interrupts(c);
	}

	if (slm_cover_instant(c, s0, err) != SLM_OK)
		return err->code;
	d0 = owner_of(c, s0, held);
	w = s0 + (int64_t) offset_at(c, slm_day(c, d0), s0) * SLM_USECS_PER_SEC -
		(int64_t) d0 * SLM_USECS_PER_DAY;

	rc = nth_date_backward(c, d0 - 1, n, &dn, err);
	if (rc != SLM_OK)
		return rc;
	if (dn < DATE_FIRST)
	{
		*result = SLM_TIME_NOBEGIN;
		return SLM_OK;
	}
	return at_wall_clock(c, dn, w, result, err);
}

SlmErrorCode
slm_business_add(SlmCompiled *c, slm_time t, int32_t days, int64_t usecs,
				 slm_time *result, SlmError *err)
{
	SlmErrorCode rc = SLM_OK;
	slm_time	r = t;

	if ((days > 0 && usecs < 0) || (days < 0 && usecs > 0))
	{
		memset(err, 0, sizeof(*err));
		err->code = SLM_ERR_VALUE;
		strcpy(err->message, "interval has a day part and a time part of opposite signs");
		return SLM_ERR_VALUE;
	}
	if (!IS_FINITE(t) || (days == 0 && usecs == 0))
	{
		*result = t;
		return SLM_OK;
	}
	if (days >= 0 && usecs >= 0)
	{
		/*
		 * positive: days first, then time.  A deadline at the very end of
		 * PostgreSQL's timestamps is past the last one that exists: infinity.
		 */
		if (days > 0)
			rc = add_days_forward(c, r, days, &r, err);
		if (rc == SLM_OK && r >= SLM_TIME_END)
			r = SLM_TIME_NOEND;
		if (rc == SLM_OK && usecs > 0 && IS_FINITE(r))
			rc = add_time_forward(c, r, usecs, &r, err);
		if (rc == SLM_OK && r >= SLM_TIME_END)
			r = SLM_TIME_NOEND;
	}
	else
	{
		/* negative: time first, then days */
		if (usecs < 0)
			rc = add_time_backward(c, r, usecs == INT64_MIN ? INT64_MAX : -usecs, &r, err);
		if (rc == SLM_OK && days < 0 && IS_FINITE(r))
			rc = add_days_backward(c, r, -(int64_t) days, &r, err);
	}
	if (rc == SLM_OK)
		*result = r;
	return rc;
}

/* ---------------------------------------------------------------------
 * business_days
 * ---------------------------------------------------------------------
 */
static SlmErrorCode
count_dates(SlmCompiled *c, slm_date d1, slm_date d2, int64_t *count, SlmError *err)
{
	slm_date	from = d1 < DATE_FIRST ? DATE_FIRST : d1;
	slm_date	to = d2 > DATE_END ? DATE_END : d2;
	int64_t		total = 0;
	bool		far = false;

	while (from < to)
	{
		int64_t		step = to - from;
		slm_date	hi;

		/* one window when the range fits, else small steps between jumps */
		if (step > (far ? WALK_STEP_DAYS : WINDOW_MAX_DAYS / 2))
			step = far ? WALK_STEP_DAYS : WINDOW_MAX_DAYS / 2;
		hi = (slm_date) (from + step);
		if ((far ? slm_cover_dates_exact(c, from, hi, err) :
			 slm_cover_dates(c, from, hi, err)) != SLM_OK)
			return err->code;
		{
			const SlmDay *last = slm_day(c, hi - 1);

			total += (int64_t) last->biz_before + (last->span_count > 0) -
				slm_day(c, from)->biz_before;
		}
		from = hi;
		far = true;
		if (from < to)
		{
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, from, ((int64_t) to - from - 3) / 7, &pw);
			if (pw.weeks > 0)
			{
				total += pw.weeks * pw.week_dates;
				from = (slm_date) (from + 7 * pw.weeks);
			}
			interrupts(c);
		}
	}
	*count = total;
	return SLM_OK;
}

SlmErrorCode
slm_business_days(SlmCompiled *c, slm_date d1, slm_date d2, int64_t *count, SlmError *err)
{
	SlmErrorCode rc;

	if (d2 >= d1)
		return count_dates(c, d1, d2, count, err);
	rc = count_dates(c, d2, d1, count, err);
	if (rc == SLM_OK)
		*count = -*count;
	return rc;
}

/* ---------------------------------------------------------------------
 * business_periods
 * ---------------------------------------------------------------------
 */
/* Periods found so far: the last one is held back, as it may continue. */
typedef struct PeriodState
{
	SlmPeriodFn emit;
	void	   *arg;
	bool		pending;
	bool		stopped;
	slm_time	start;
	slm_time	end;
} PeriodState;

static void
add_period(PeriodState *ps, slm_time start, slm_time end)
{
	if (ps->pending && ps->end == start)
	{
		ps->end = end;			/* cut by a window's edge: one period */
		return;
	}
	if (ps->pending && !ps->emit(ps->arg, ps->start, ps->end))
		ps->stopped = true;
	ps->pending = true;
	ps->start = start;
	ps->end = end;
}

/* The window's part of B within [from, stop). */
static void
add_window_periods(const SlmCompiled *c, PeriodState *ps, slm_time from, slm_time stop)
{
	const SlmInterval *iv = slm_intervals(c);
	int32_t		n = slm_interval_count(c);
	int32_t		i = slm_interval_at_or_before(c, from);

	if (i < 0 || iv[i].end <= from)
		i++;
	for (; i < n && iv[i].start < stop && !ps->stopped; i++)
		add_period(ps, iv[i].start > from ? iv[i].start : from,
				   iv[i].end < stop ? iv[i].end : stop);
}

SlmErrorCode
slm_business_periods(SlmCompiled *c, slm_time from, slm_time to, SlmPeriodFn emit,
					 void *arg, SlmError *err)
{
	slm_time	pos = from < SLM_TIME_MIN ? SLM_TIME_MIN : from;
	slm_time	end = to > SLM_TIME_END ? SLM_TIME_END : to;
	PeriodState ps = {emit, arg, false, false, 0, 0};
	bool		far = false;

	while (pos < end && !ps.stopped)
	{
		slm_time	high;

		if ((far ? slm_cover_step(c, pos, true, err) : slm_cover_instant(c, pos, err)) != SLM_OK)
			return err->code;
		high = slm_window_high(c);
		add_window_periods(c, &ps, pos, end < high ? end : high);
		pos = end < high ? end : high;
		if (pos >= end || !slm_b_after(c, pos))
			break;
		if (!far && slm_window_can_grow(c, c->dlo, c->dhi + 1))
		{
			if (slm_cover_dates(c, c->dlo, (slm_date) (c->dhi + grow_step(c)), err) != SLM_OK)
				return err->code;
			continue;
		}
		far = true;

		/*
		 * Far out, weeks that are all closed or all open can be crossed at
		 * once: they add no period, or extend the one running.
		 */
		{
			slm_date	d1 = slm_day_of(pos) + DATES_AFTER + 1;
			PlainWeeks	pw;

			slm_plain_weeks_forward(c, d1, ((int64_t) slm_day_of(end) - DATES_BEFORE - 1 - d1) / 7, &pw);
			if (pw.weeks > 0 && (pw.week_measure == 0 ||
								 pw.week_measure == 7 * SLM_USECS_PER_DAY))
			{
				slm_time	i1 = (int64_t) d1 * SLM_USECS_PER_DAY -
					(int64_t) pw.offset * SLM_USECS_PER_SEC;
				slm_time	jump = instant_after_weeks(d1, pw.weeks, pw.offset);

				if (slm_cover_dates_exact(c, slm_day_of(pos) - DATES_BEFORE,
										  d1 + DATES_AFTER + 1, err) != SLM_OK)
					return err->code;
				add_window_periods(c, &ps, pos, i1);
				if (pw.week_measure > 0 && !ps.stopped)
					add_period(&ps, i1, jump);
				pos = jump;
			}
		}
		interrupts(c);
	}
	if (ps.pending && !ps.stopped)
		emit(arg, ps.start, ps.end);
	return SLM_OK;
}
