/*-------------------------------------------------------------------------
 *
 * calendar_compile.c
 *	  Compile a calendar into its business set B (spec section 2), lazily,
 *	  as a window of dates converted to instants.
 *
 * Design
 * ------
 * B is the union over local dates D of the spans D owns, each converted
 * from wall clock to instants "exactly as timestamp AT TIME ZONE does"
 * (section 2).  Converting is the expensive part, so it is done once per
 * date and kept: the window holds, for a contiguous range of dates,
 *
 *	- per date (SlmDay): its converted, non-empty spans, their earliest
 *	  start and latest end (for the business-day clamp of section 3),
 *	  whether it is a business date, and a running count of business dates;
 *	- B itself over those dates, as sorted disjoint intervals with the
 *	  business time before each one (SlmInterval.cum).
 *
 * With that, "business time between two instants" is a difference of two
 * binary searches, and "the instant after t with business time d" is the
 * inverse search; neither depends on d's size.  No time zone work happens
 * per query except on the rare irregular dates next to a UTC-offset change.
 *
 * Conversions use SlmZone.  Where the zone says one offset governs a
 * stretch of wall-clock time (fixed_stretch), a date's spans are converted
 * by subtraction and the date is marked regular; around offset changes
 * each endpoint goes through local_to_utc, which is PostgreSQL's own
 * conversion, so gaps and folds follow the spec by construction.  Spans
 * that conversion makes empty are dropped (section 2).
 *
 * Instants near the ends of the window can be touched by spans of dates
 * outside it, so only [slm_window_low, slm_window_high] is trustworthy;
 * slm_cover_instant and slm_cover_dates grow or move the window first.
 *
 * Long stretches where B just repeats a weekly pattern (no overrides, one
 * UTC offset) are summarised by slm_plain_weeks_*, so that walking across
 * centuries costs a handful of provider calls per offset change instead
 * of converting every date.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/calendar_compile.c
 *
 *-------------------------------------------------------------------------
 */
#include "compiled.h"

#include <stdlib.h>
#include <string.h>

static bool finish_window(SlmCompiled *c);

SlmErrorCode
slm_no_memory(SlmError *err)
{
	memset(err, 0, sizeof(*err));
	err->code = SLM_ERR_NOMEM;
	strcpy(err->message, "out of memory while compiling a calendar");
	return SLM_ERR_NOMEM;
}

static void *
c_alloc(SlmCompiled *c, size_t size)
{
	void	   *p = c->mem.alloc(c->mem.ctx, size);

	if (p != NULL)
		c->memory += size;
	return p;
}

static void
c_free(SlmCompiled *c, void *p, size_t size)
{
	if (p != NULL)
	{
		c->mem.free(c->mem.ctx, p);
		c->memory -= size;
	}
}

/* ---------------------------------------------------------------------
 * Creating and freeing
 * ---------------------------------------------------------------------
 */
SlmCompiled *
slm_compile(const SlmCalendar *cal, const SlmZone *zone, const SlmAlloc *mem)
{
	size_t		size = SLM_CAL_SIZE(cal->override_count, cal->span_count, cal->zone_len);
	SlmCompiled *c = mem->alloc(mem->ctx, sizeof(SlmCompiled));

	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->mem = *mem;
	c->zone = *zone;
	c->memory = sizeof(SlmCompiled);
	c->cal = c_alloc(c, size);
	if (c->cal == NULL)
	{
		mem->free(mem->ctx, c);
		return NULL;
	}
	memcpy(c->cal, cal, size);
	c->cal_size = size;
	c->runs = SLM_CAL_RUNS(c->cal);
	c->run_count = c->cal->override_count;
	c->spans = SLM_CAL_SPANS(c->cal);
	c->has_weekly = c->cal->week_index[7] > 0;
	c->empty = true;
	return c;
}

static void
window_free(SlmCompiled *c)
{
	c_free(c, c->days, sizeof(SlmDay) * (size_t) c->day_cap);
	c_free(c, c->pool, sizeof(SlmSpan) * (size_t) c->pool_cap);
	c_free(c, c->iv, sizeof(SlmInterval) * (size_t) c->iv_cap);
	c_free(c, c->lookup, sizeof(int32_t) * (size_t) c->lookup_cap);
	c_free(c, c->by_cum, sizeof(int32_t) * (size_t) c->by_cum_cap);
	c_free(c, c->biz, sizeof(SlmBizDay) * (size_t) c->biz_cap);
	c->days = NULL;
	c->pool = NULL;
	c->iv = NULL;
	c->lookup = NULL;
	c->by_cum = NULL;
	c->biz = NULL;
	c->day_cap = c->pool_cap = c->iv_cap = c->lookup_cap = 0;
	c->by_cum_cap = c->biz_cap = 0;
	c->day_off = c->pool_len = c->iv_off = c->iv_len = 0;
	c->empty = true;
	c->busy = false;
}

void
slm_compiled_free(SlmCompiled *c)
{
	if (c == NULL)
		return;
	window_free(c);
	c_free(c, c->cal, c->cal_size);
	c->mem.free(c->mem.ctx, c);
}

size_t
slm_compiled_memory(const SlmCompiled *c)
{
	return c->memory;
}

/* ---------------------------------------------------------------------
 * Spans of one date
 * ---------------------------------------------------------------------
 */

/* The run holding date d, or NULL. */
static const SlmOverrideRun *
find_run(const SlmCompiled *c, slm_date d)
{
	int			lo = 0,
				hi = c->run_count;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (c->runs[mid].last_date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->run_count && c->runs[lo].first_date <= d)
		return &c->runs[lo];
	return NULL;
}

/* Index of the first run that ends on or after d (run_count if none). */
static int
first_run_from(const SlmCompiled *c, slm_date d)
{
	int			lo = 0,
				hi = c->run_count;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (c->runs[mid].last_date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The spans date d owns before conversion: its override's, else its weekday's. */
static const SlmSpanDef *
owned_spans(const SlmCompiled *c, slm_date d, int *count)
{
	const SlmOverrideRun *run = find_run(c, d);

	if (run != NULL)
	{
		*count = run->span_count;
		return c->spans + run->span_index;
	}
	else
	{
		int			wd = slm_date_weekday(d);

		*count = c->cal->week_index[wd + 1] - c->cal->week_index[wd];
		return c->spans + c->cal->week_index[wd];
	}
}

/*
 * Is date d regular: does one UTC offset convert every wall-clock time from
 * the day before d to three days after it, both ways?  Asks the zone only
 * when the last stretch it described does not already answer.
 */
static bool
date_is_regular(SlmCompiled *c, slm_date d, int32_t *offset)
{
	slm_local	from = ((int64_t) d - 1) * SLM_USECS_PER_DAY;
	slm_local	to = ((int64_t) d + 3) * SLM_USECS_PER_DAY;

	if (d - 1 <= DATE_FIRST || d + 3 >= DATE_END)
		return false;
	if (!(c->stretch.known && c->stretch.from <= from && to <= c->stretch.until))
	{
		slm_local	until;
		int32_t		off;

		if (!c->zone.fixed_stretch(c->zone.arg, from, &until, &off) || until < to)
		{
			c->stretch.known = false;
			return false;
		}
		c->stretch.known = true;
		c->stretch.from = from;
		c->stretch.until = until;
		c->stretch.offset = off;
	}
	*offset = c->stretch.offset;
	return true;
}

static int
compare_spans(const void *a, const void *b)
{
	const SlmSpan *x = a;
	const SlmSpan *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/*
 * Convert the spans date d owns (spec section 2); write the non-empty ones,
 * sorted by start, to out (room for SLM_MAX_SPANS_PER_DAY) and fill *day
 * except biz_before.
 */
static int
convert_date(SlmCompiled *c, slm_date d, SlmSpan *out, SlmDay *day)
{
	int			count;
	const SlmSpanDef *defs = owned_spans(c, d, &count);
	slm_local	base = (int64_t) d * SLM_USECS_PER_DAY;
	int32_t		offset = 0;
	bool		regular = date_is_regular(c, d, &offset);
	int			n = 0;

	memset(day, 0, sizeof(*day));
	day->regular = regular;
	day->offset = offset;
	for (int i = 0; i < count; i++)
	{
		slm_local	ls = base + defs[i].start * SLM_USECS_PER_MINUTE;
		slm_local	le = base + defs[i].end * SLM_USECS_PER_MINUTE;
		slm_time	s,
					e;

		if (regular)
		{
			s = ls - (int64_t) offset * SLM_USECS_PER_SEC;
			e = le - (int64_t) offset * SLM_USECS_PER_SEC;
		}
		else
		{
			s = c->zone.local_to_utc(c->zone.arg, ls);
			e = c->zone.local_to_utc(c->zone.arg, le);
		}
		/* only instants PostgreSQL can represent */
		if (s < SLM_TIME_MIN)
			s = SLM_TIME_MIN;
		if (e > SLM_TIME_END)
			e = SLM_TIME_END;
		if (e <= s)
			continue;			/* made empty by a gap: dropped */
		out[n].start = s;
		out[n].end = e;
		n++;
	}
	if (n > 1 && !regular)
		qsort(out, (size_t) n, sizeof(SlmSpan), compare_spans);
	day->span_count = (int16_t) n;
	if (n > 0)
	{
		day->first_start = out[0].start;
		day->last_end = out[0].end;
		for (int i = 1; i < n; i++)
			if (out[i].end > day->last_end)
				day->last_end = out[i].end;
	}
	return n;
}

/* ---------------------------------------------------------------------
 * Window storage
 * ---------------------------------------------------------------------
 */

/* Make room for left more days before dlo and right more after dhi. */
static bool
reserve_days(SlmCompiled *c, int32_t left, int32_t right)
{
	int32_t		len = c->empty ? 0 : c->dhi - c->dlo;
	int32_t		newcap;
	SlmDay	   *bigger;

	if (c->days != NULL && c->day_off >= left && c->day_off + len + right <= c->day_cap)
		return true;
	newcap = len + left + right;
	newcap += newcap / 2 + WINDOW_CHUNK_DAYS;
	bigger = c_alloc(c, sizeof(SlmDay) * (size_t) newcap);
	if (bigger == NULL)
		return false;
	/* keep slack on both sides, more on the side that is growing */
	{
		int32_t		spare = newcap - len - left - right;
		int32_t		off = left + (left >= right ? spare / 2 : spare / 4);

		if (len > 0)
			memcpy(bigger + off, c->days + c->day_off, sizeof(SlmDay) * (size_t) len);
		c_free(c, c->days, sizeof(SlmDay) * (size_t) c->day_cap);
		c->days = bigger;
		c->day_cap = newcap;
		c->day_off = off;
	}
	return true;
}

static bool
reserve_pool(SlmCompiled *c, int32_t more)
{
	int32_t		newcap;
	SlmSpan    *bigger;

	if (c->pool_len + more <= c->pool_cap)
		return true;
	newcap = c->pool_cap > 0 ? c->pool_cap : 256;
	while (newcap < c->pool_len + more)
		newcap *= 2;
	bigger = c_alloc(c, sizeof(SlmSpan) * (size_t) newcap);
	if (bigger == NULL)
		return false;
	if (c->pool_len > 0)
		memcpy(bigger, c->pool, sizeof(SlmSpan) * (size_t) c->pool_len);
	c_free(c, c->pool, sizeof(SlmSpan) * (size_t) c->pool_cap);
	c->pool = bigger;
	c->pool_cap = newcap;
	return true;
}

static bool
reserve_iv(SlmCompiled *c, int32_t left, int32_t right)
{
	int32_t		newcap;
	SlmInterval *bigger;

	if (c->iv != NULL && c->iv_off >= left && c->iv_off + c->iv_len + right <= c->iv_cap)
		return true;
	newcap = c->iv_len + left + right;
	newcap += newcap / 2 + 64;
	bigger = c_alloc(c, sizeof(SlmInterval) * (size_t) newcap);
	if (bigger == NULL)
		return false;
	{
		int32_t		spare = newcap - c->iv_len - left - right;
		int32_t		off = left + (left >= right ? spare / 2 : spare / 4);

		if (c->iv_len > 0)
			memcpy(bigger + off, c->iv + c->iv_off, sizeof(SlmInterval) * (size_t) c->iv_len);
		c_free(c, c->iv, sizeof(SlmInterval) * (size_t) c->iv_cap);
		c->iv = bigger;
		c->iv_cap = newcap;
		c->iv_off = off;
	}
	return true;
}

/* Room for n int32 entries in a plain array (contents not kept). */
static bool
reserve_int32(SlmCompiled *c, int32_t **array, int32_t *cap, int32_t n)
{
	int32_t		newcap;
	int32_t    *bigger;

	if (n <= *cap)
		return true;
	newcap = n + n / 2 + WINDOW_CHUNK_DAYS;
	bigger = c_alloc(c, sizeof(int32_t) * (size_t) newcap);
	if (bigger == NULL)
		return false;
	c_free(c, *array, sizeof(int32_t) * (size_t) *cap);
	*array = bigger;
	*cap = newcap;
	return true;
}

/* ---------------------------------------------------------------------
 * Growing the window
 * ---------------------------------------------------------------------
 */

/*
 * Merge sorted spans a[0..na) and b[0..nb) (each sorted by start) into out
 * as disjoint intervals; overlapping and touching spans become one.
 */
static int
merge_spans(const SlmSpan *a, int na, const SlmSpan *b, int nb, SlmInterval *out)
{
	int			i = 0,
				j = 0,
				n = 0;

	while (i < na || j < nb)
	{
		const SlmSpan *s;

		if (j >= nb || (i < na && a[i].start <= b[j].start))
			s = &a[i++];
		else
			s = &b[j++];
		if (n > 0 && s->start <= out[n - 1].end)
		{
			if (s->end > out[n - 1].end)
				out[n - 1].end = s->end;
		}
		else
		{
			memset(&out[n], 0, sizeof(out[n]));
			out[n].start = s->start;
			out[n].end = s->end;
			n++;
		}
	}
	return n;
}

/*
 * Convert dates [a, b) into days (b - a entries) and append their spans to
 * the pool; the spans are also returned, sorted, in a fresh array.
 */
static bool
convert_dates(SlmCompiled *c, slm_date a, slm_date b, SlmDay *days,
			  SlmSpan **sorted, int *nsorted)
{
	SlmSpan		buf[SLM_MAX_SPANS_PER_DAY];
	int32_t		first = c->pool_len;
	SlmSpan    *all;
	int			n;
	bool		in_order = true;

	for (slm_date d = a; d < b; d++)
	{
		int			k = convert_date(c, d, buf, &days[d - a]);

		if (!reserve_pool(c, k))
			return false;
		days[d - a].span_index = c->pool_len;
		if (k > 0)				/* the pool may not exist yet */
			memcpy(c->pool + c->pool_len, buf, sizeof(SlmSpan) * (size_t) k);
		c->pool_len += k;
	}
	n = c->pool_len - first;
	all = c_alloc(c, sizeof(SlmSpan) * (size_t) (n > 0 ? n : 1));
	if (all == NULL)
		return false;
	if (n > 0)
		memcpy(all, c->pool + first, sizeof(SlmSpan) * (size_t) n);
	for (int i = 1; i < n && in_order; i++)
		if (compare_spans(&all[i - 1], &all[i]) > 0)
			in_order = false;
	if (!in_order)
		qsort(all, (size_t) n, sizeof(SlmSpan), compare_spans);
	*sorted = all;
	*nsorted = n;
	return true;
}

/* Copy intervals out as spans (they are sorted and disjoint). */
static SlmSpan *
intervals_as_spans(SlmCompiled *c, int32_t from, int32_t count)
{
	SlmSpan    *out = c_alloc(c, sizeof(SlmSpan) * (size_t) (count > 0 ? count : 1));

	if (out == NULL)
		return NULL;
	for (int32_t i = 0; i < count; i++)
	{
		out[i].start = c->iv[c->iv_off + from + i].start;
		out[i].end = c->iv[c->iv_off + from + i].end;
	}
	return out;
}

/* Add dates [a, b) with a == dhi (or an empty window) on the right. */
static bool
extend_right(SlmCompiled *c, slm_date a, slm_date b)
{
	int32_t		ndays = b - a;
	SlmDay	   *fresh;
	SlmSpan    *spans = NULL,
			   *tail = NULL;
	int			nspans;
	int32_t		k,
				ntail,
				nmerged;
	SlmInterval *merged = NULL;
	bool		ok = false;

	if (!reserve_days(c, 0, ndays))
		return false;
	fresh = c->days + c->day_off + (c->empty ? 0 : c->dhi - c->dlo);
	if (!convert_dates(c, a, b, fresh, &spans, &nspans))
		return false;

	/* running business-date counts continue from the last date */
	for (int32_t i = 0; i < ndays; i++)
	{
		const SlmDay *prev = (i > 0) ? &fresh[i - 1] : (c->empty ? NULL : fresh - 1);

		fresh[i].biz_before = prev ? prev->biz_before + (prev->span_count > 0) : 0;
	}

	/* intervals that the new spans may touch are re-merged with them */
	k = c->iv_len;
	if (nspans > 0)
		while (k > 0 && c->iv[c->iv_off + k - 1].end >= spans[0].start)
			k--;
	ntail = c->iv_len - k;
	tail = intervals_as_spans(c, k, ntail);
	merged = c_alloc(c, sizeof(SlmInterval) * (size_t) (ntail + nspans + 1));
	if (tail == NULL || merged == NULL)
		goto done;
	nmerged = merge_spans(tail, ntail, spans, nspans, merged);
	if (!reserve_iv(c, 0, nmerged - ntail > 0 ? nmerged - ntail : 0))
		goto done;
	{
		SlmInterval *base = c->iv + c->iv_off;
		int64_t		cum = (k > 0) ? base[k - 1].cum + (base[k - 1].end - base[k - 1].start)
			: (c->iv_len > 0 ? base[0].cum : 0);

		for (int32_t i = 0; i < nmerged; i++)
		{
			base[k + i] = merged[i];
			base[k + i].cum = cum;
			cum += merged[i].end - merged[i].start;
		}
		c->iv_len = k + nmerged;
	}
	if (c->empty)
	{
		c->dlo = a;
		c->empty = false;
	}
	c->dhi = b;
	ok = true;

done:
	c_free(c, spans, sizeof(SlmSpan) * (size_t) (nspans > 0 ? nspans : 1));
	c_free(c, tail, sizeof(SlmSpan) * (size_t) (ntail > 0 ? ntail : 1));
	c_free(c, merged, sizeof(SlmInterval) * (size_t) (ntail + nspans + 1));
	return ok;
}

/* Add dates [a, dlo) on the left of a non-empty window. */
static bool
extend_left(SlmCompiled *c, slm_date a)
{
	int32_t		ndays = c->dlo - a;
	SlmDay	   *fresh;
	SlmSpan    *spans = NULL,
			   *head = NULL;
	int			nspans;
	int32_t		k,
				nhead,
				nmerged;
	SlmInterval *merged = NULL;
	bool		ok = false;
	slm_time	last_end = SLM_TIME_MIN;

	if (!reserve_days(c, ndays, 0))
		return false;
	fresh = c->days + c->day_off - ndays;
	if (!convert_dates(c, a, c->dlo, fresh, &spans, &nspans))
		return false;

	/* running counts end where the old first date starts */
	for (int32_t i = ndays - 1; i >= 0; i--)
		fresh[i].biz_before = fresh[i + 1].biz_before - (fresh[i].span_count > 0);

	for (int i = 0; i < nspans; i++)
		if (spans[i].end > last_end)
			last_end = spans[i].end;
	/* intervals the new spans may touch: those starting at or before last_end */
	k = 0;
	if (nspans > 0)
		while (k < c->iv_len && c->iv[c->iv_off + k].start <= last_end)
			k++;
	nhead = k;
	head = intervals_as_spans(c, 0, nhead);
	merged = c_alloc(c, sizeof(SlmInterval) * (size_t) (nhead + nspans + 1));
	if (head == NULL || merged == NULL)
		goto done;
	nmerged = merge_spans(head, nhead, spans, nspans, merged);
	if (!reserve_iv(c, nmerged - nhead > 0 ? nmerged - nhead : 0, 0))
		goto done;
	{
		int32_t		rest = c->iv_len - nhead;
		SlmInterval *old = c->iv + c->iv_off + nhead;	/* first kept interval */
		SlmInterval *base = old - nmerged;
		int64_t		cum;

		if (rest > 0)
		{
			/* count backwards from the first kept interval */
			cum = old[0].cum;
			for (int32_t i = nmerged - 1; i >= 0; i--)
			{
				cum -= merged[i].end - merged[i].start;
				base[i] = merged[i];
				base[i].cum = cum;
			}
		}
		else
		{
			cum = (c->iv_len > 0) ? c->iv[c->iv_off].cum : 0;
			for (int32_t i = 0; i < nmerged; i++)
			{
				base[i] = merged[i];
				base[i].cum = cum;
				cum += merged[i].end - merged[i].start;
			}
		}
		c->iv_off = (int32_t) (base - c->iv);
		c->iv_len = nmerged + rest;
	}
	c->day_off -= ndays;
	c->dlo = a;
	ok = true;

done:
	c_free(c, spans, sizeof(SlmSpan) * (size_t) (nspans > 0 ? nspans : 1));
	c_free(c, head, sizeof(SlmSpan) * (size_t) (nhead > 0 ? nhead : 1));
	c_free(c, merged, sizeof(SlmInterval) * (size_t) (nhead + nspans + 1));
	return ok;
}

static slm_date
clamp_date(int64_t d)
{
	if (d < DATE_FIRST)
		return DATE_FIRST;
	if (d > DATE_END)
		return DATE_END;
	return (slm_date) d;
}

bool
slm_window_can_grow(const SlmCompiled *c, slm_date lo, slm_date hi)
{
	slm_date	nlo,
				nhi;

	if (c->empty)
		return (int64_t) hi - lo <= WINDOW_MAX_DAYS;
	nlo = lo < c->dlo ? lo : c->dlo;
	nhi = hi > c->dhi ? hi : c->dhi;
	return (int64_t) nhi - nlo <= WINDOW_MAX_DAYS;
}

/*
 * Make the window hold dates [lo, hi).  Grows it in chunks when that keeps
 * it within WINDOW_MAX_DAYS, else starts a new window there.  On failure
 * the window is left empty, never half built.
 */
typedef enum CoverMode
{
	COVER_PAD,					/* grow by chunks, to serve later queries too */
	COVER_FRESH					/* a new window of exactly what is asked */
} CoverMode;

static SlmErrorCode
cover_dates(SlmCompiled *c, slm_date lo, slm_date hi, CoverMode mode, SlmError *err)
{
	bool		ok = true;
	bool		pad = (mode == COVER_PAD);

	lo = clamp_date(lo);
	hi = clamp_date(hi);
	if (hi <= lo)
		hi = lo + 1 <= DATE_END ? lo + 1 : lo;

	if (c->busy)
		window_free(c);			/* an earlier change was interrupted */
	if (!c->empty && c->dlo <= lo && hi <= c->dhi)
		return SLM_OK;

	if (!c->empty && (mode == COVER_FRESH || !slm_window_can_grow(c, lo, hi)))
		window_free(c);			/* too far: start a new window there */
	c->busy = true;
	if (c->empty)
	{
		slm_date	a = pad ? clamp_date((int64_t) lo - WINDOW_CHUNK_DAYS / 4) : lo;
		slm_date	b = pad ? clamp_date((int64_t) hi + WINDOW_CHUNK_DAYS) : hi;

		c->pool_len = 0;
		c->iv_len = 0;
		ok = extend_right(c, a, b);
	}
	else
	{
		if (ok && lo < c->dlo)
		{
			int64_t		grow = (int64_t) c->dlo - lo;

			if (pad && grow < WINDOW_CHUNK_DAYS)
				grow = WINDOW_CHUNK_DAYS;
			if ((int64_t) c->dhi - (c->dlo - grow) > WINDOW_MAX_DAYS)
				grow = (int64_t) c->dlo - lo;
			ok = extend_left(c, clamp_date((int64_t) c->dlo - grow));
		}
		if (ok && hi > c->dhi)
		{
			int64_t		grow = (int64_t) hi - c->dhi;

			if (pad && grow < WINDOW_CHUNK_DAYS)
				grow = WINDOW_CHUNK_DAYS;
			if ((int64_t) c->dhi + grow - c->dlo > WINDOW_MAX_DAYS)
				grow = (int64_t) hi - c->dhi;
			ok = extend_right(c, c->dhi, clamp_date((int64_t) c->dhi + grow));
		}
	}
	if (!ok || !finish_window(c))
	{
		window_free(c);
		return slm_no_memory(err);
	}
	c->busy = false;
	return SLM_OK;
}

SlmErrorCode
slm_grow_window(SlmCompiled *c, slm_date lo, slm_date hi, SlmError *err)
{
	return cover_dates(c, lo, hi, COVER_PAD, err);
}

/*
 * The same without growing past what is asked, for walks across long
 * distances where every date converted is wasted work.  A window that
 * does not hold the dates is replaced, not grown: growing would redo the
 * day lookup of the whole window at every step.
 */
SlmErrorCode
slm_cover_dates_exact(SlmCompiled *c, slm_date lo, slm_date hi, SlmError *err)
{
	return cover_dates(c, lo, hi, COVER_FRESH, err);
}

/* The same for a walk: a small window from x on (or up to x). */
SlmErrorCode
slm_cover_step(SlmCompiled *c, slm_time x, bool forward, SlmError *err)
{
	slm_date	d = slm_day_of(x);

	if (forward)
		return slm_cover_dates_exact(c, d - DATES_BEFORE, d + DATES_AFTER + 1 + WALK_STEP_DAYS, err);
	return slm_cover_dates_exact(c, d - DATES_BEFORE - WALK_STEP_DAYS, d + DATES_AFTER + 1, err);
}

/*
 * After the window changed: rebuild the day lookup and the cached edges.
 * For each UTC day of the window, the first interval that ends after its
 * midnight; one merge-like pass.
 */
static bool
finish_window(SlmCompiled *c)
{
	int32_t		ndays = c->dhi - c->dlo;
	const SlmInterval *iv = c->iv + c->iv_off;
	int32_t		i = 0;
	int64_t		total;
	int32_t		nb;

	if (!reserve_int32(c, &c->lookup, &c->lookup_cap, ndays))
		return false;
	if (ndays > c->biz_cap)
	{
		int32_t		newcap = ndays + ndays / 2 + WINDOW_CHUNK_DAYS;
		SlmBizDay  *bigger = c_alloc(c, sizeof(SlmBizDay) * (size_t) newcap);

		if (bigger == NULL)
			return false;
		c_free(c, c->biz, sizeof(SlmBizDay) * (size_t) c->biz_cap);
		c->biz = bigger;
		c->biz_cap = newcap;
	}

	/* days: first interval ending after each midnight; business dates */
	c->biz_count = 0;
	for (int32_t k = 0; k < ndays; k++)
	{
		slm_time	midnight = ((int64_t) c->dlo + k) * SLM_USECS_PER_DAY;
		const SlmDay *day = &c->days[c->day_off + k];

		while (i < c->iv_len && iv[i].end <= midnight)
			i++;
		c->lookup[k] = i;
		if (day->span_count > 0)
		{
			SlmBizDay  *bd = &c->biz[c->biz_count++];

			bd->date = c->dlo + k;
			bd->first_start = day->first_start;
			bd->last_end = day->last_end;
			bd->offset = day->offset;
			bd->regular = day->regular;
		}
	}

	/* owners of intervals: one regular date, or not worth noting */
	for (int32_t j = 0; j < c->iv_len; j++)
	{
		c->iv[c->iv_off + j].flags = 0;
		c->iv[c->iv_off + j].owner = DATE_FIRST - 1;
	}
	for (int32_t k = 0, b = 0; k < ndays; k++)
	{
		const SlmDay *day = &c->days[c->day_off + k];

		for (int m = 0; m < day->span_count; m++)
		{
			SlmInterval *v = &c->iv[c->iv_off +
									slm_interval_ending_after(c, c->pool[day->span_index + m].start)];

			if (v->owner == DATE_FIRST - 1)
			{
				v->owner = c->dlo + k;
				v->owner_biz = b;
				v->offset = day->offset;
				v->flags = day->regular ? IV_ONE_REGULAR_OWNER : 0;
			}
			else if (v->owner != c->dlo + k)
				v->flags = 0;	/* spans of two dates: search */
		}
		if (day->span_count > 0)
			b++;
	}

	/*
	 * business time: buckets of 2^cum_shift microseconds, about two per
	 * interval, so a bucket holds an interval end or two
	 */
	c->cum_origin = c->iv_len > 0 ? iv[0].cum : 0;
	total = c->iv_len > 0 ? iv[c->iv_len - 1].cum + (iv[c->iv_len - 1].end - iv[c->iv_len - 1].start) -
		c->cum_origin : 0;
	c->cum_shift = 0;
	while ((total >> c->cum_shift) > 2 * (int64_t) c->iv_len + 1)
		c->cum_shift++;
	nb = (int32_t) (total >> c->cum_shift) + 1;
	if (!reserve_int32(c, &c->by_cum, &c->by_cum_cap, nb))
		return false;
	i = 0;
	for (int32_t b = 0; b < nb; b++)
	{
		int64_t		at = c->cum_origin + ((int64_t) b << c->cum_shift);

		while (i < c->iv_len - 1 && iv[i].cum + (iv[i].end - iv[i].start) < at)
			i++;
		c->by_cum[b] = i;
	}
	c->by_cum_count = nb;

	c->low = c->dlo <= DATE_FIRST ? SLM_TIME_MIN : ((int64_t) c->dlo + DATES_BEFORE) * SLM_USECS_PER_DAY;
	c->high = c->dhi >= DATE_END ? SLM_TIME_END : ((int64_t) c->dhi - DATES_AFTER) * SLM_USECS_PER_DAY;
	c->cum_low = slm_cum_at(c, c->low);
	c->cum_high = slm_cum_at(c, c->high);
	return true;
}

/*
 * The first interval whose end reaches business time cum (cum + length >=
 * cum), or the last interval: the start for searching a deadline.
 */
int32_t
slm_interval_reaching(const SlmCompiled *c, int64_t cum)
{
	const SlmInterval *iv = c->iv + c->iv_off;
	int64_t		b = (cum - c->cum_origin) >> c->cum_shift;
	int32_t		i;

	if (c->iv_len == 0)
		return 0;
	if (b < 0)
		b = 0;
	i = c->by_cum[b < c->by_cum_count ? b : c->by_cum_count - 1];
	while (i < c->iv_len - 1 && iv[i].cum + (iv[i].end - iv[i].start) < cum)
		i++;
	return i;
}

/* Index of the first interval ending after x (the count if none). */
int32_t
slm_interval_ending_after(const SlmCompiled *c, slm_time x)
{
	const SlmInterval *iv = c->iv + c->iv_off;
	int64_t		k = slm_day_of(x) - c->dlo;
	int32_t		i;

	/* outside the window's days the scan still answers, only slower */
	if (k < 0)
		i = 0;
	else
		i = c->lookup[k < c->dhi - c->dlo ? k : c->dhi - c->dlo - 1];
	while (i < c->iv_len && iv[i].end <= x)
		i++;
	return i;
}

/* Index of the last interval starting at or before x, or -1. */
int32_t
slm_interval_at_or_before(const SlmCompiled *c, slm_time x)
{
	int32_t		i = slm_interval_ending_after(c, x);

	if (i < c->iv_len && c->iv[c->iv_off + i].start <= x)
		return i;
	return i - 1;				/* x is in a gap; every earlier interval ends by x */
}

/* Business time of B before x, relative to the window's origin. */
int64_t
slm_cum_at(const SlmCompiled *c, slm_time x)
{
	const SlmInterval *iv = c->iv + c->iv_off;
	int32_t		i = slm_interval_ending_after(c, x);

	if (i < c->iv_len)
		return x > iv[i].start ? iv[i].cum + (x - iv[i].start) : iv[i].cum;
	if (c->iv_len == 0)
		return 0;
	return iv[c->iv_len - 1].cum + (iv[c->iv_len - 1].end - iv[c->iv_len - 1].start);
}

/*
 * Can B hold anything after (before) x?  Without weekly spans, B lives only
 * on override dates, so past the last (before the first) of those it is
 * empty.
 */
bool
slm_b_after(const SlmCompiled *c, slm_time x)
{
	slm_date	last;

	if (c->has_weekly)
		return true;
	for (int i = c->run_count - 1; i >= 0; i--)
	{
		if (c->runs[i].span_count > 0)
		{
			last = c->runs[i].last_date;
			return x < ((int64_t) last + 2) * SLM_USECS_PER_DAY + MAX_SHIFT;
		}
	}
	return false;
}

bool
slm_b_before(const SlmCompiled *c, slm_time x)
{
	if (c->has_weekly)
		return true;
	for (int i = 0; i < c->run_count; i++)
	{
		if (c->runs[i].span_count > 0)
			return x > (int64_t) c->runs[i].first_date * SLM_USECS_PER_DAY - MAX_SHIFT;
	}
	return false;
}

/* ---------------------------------------------------------------------
 * Plain weeks
 * ---------------------------------------------------------------------
 */

/*
 * Where does the pattern that governs date d end?  Returns the first date
 * after d governed by something else (an override run starting, or the run
 * holding d ending), and sets *run to the run holding d or NULL.
 */
static slm_date
pattern_end(const SlmCompiled *c, slm_date d, const SlmOverrideRun **run)
{
	int			i = first_run_from(c, d);

	if (i < c->run_count && c->runs[i].first_date <= d)
	{
		*run = &c->runs[i];
		return c->runs[i].last_date + 1;
	}
	*run = NULL;
	return i < c->run_count ? c->runs[i].first_date : DATE_END;
}

/* Where does it start: the first date of the stretch governed like d. */
static slm_date
pattern_start(const SlmCompiled *c, slm_date d)
{
	int			i = first_run_from(c, d);

	if (i < c->run_count && c->runs[i].first_date <= d)
		return c->runs[i].first_date;
	return i > 0 ? c->runs[i - 1].last_date + 1 : DATE_FIRST;
}

/* Measure and business dates of one week of a periodic pattern. */
static void
week_totals(const SlmCompiled *c, const SlmOverrideRun *run, PlainWeeks *pw)
{
	int			starts[7 * SLM_MAX_SPANS_PER_DAY * 2];
	int			ends[7 * SLM_MAX_SPANS_PER_DAY * 2];
	int			n = 0;
	int64_t		minutes = 0;
	const int	week = 7 * SLM_MINUTES_PER_DAY;

	pw->week_dates = 0;
	for (int wd = 0; wd < 7; wd++)
	{
		const SlmSpanDef *defs;
		int			count;

		if (run != NULL)
		{
			defs = c->spans + run->span_index;
			count = run->span_count;
		}
		else
		{
			defs = c->spans + c->cal->week_index[wd];
			count = c->cal->week_index[wd + 1] - c->cal->week_index[wd];
		}
		if (count > 0)
			pw->week_dates++;
		for (int i = 0; i < count; i++)
		{
			int			s = wd * SLM_MINUTES_PER_DAY + defs[i].start;
			int			e = wd * SLM_MINUTES_PER_DAY + defs[i].end;

			/* the week is a circle: wrap what runs past Sunday night */
			if (e > week)
			{
				starts[n] = 0;
				ends[n] = e - week;
				n++;
				e = week;
			}
			starts[n] = s;
			ends[n] = e;
			n++;
		}
	}
	/* union length by sorting starts (insertion sort: n is small) */
	for (int i = 1; i < n; i++)
	{
		int			s = starts[i],
					e = ends[i],
					j = i - 1;

		while (j >= 0 && starts[j] > s)
		{
			starts[j + 1] = starts[j];
			ends[j + 1] = ends[j];
			j--;
		}
		starts[j + 1] = s;
		ends[j + 1] = e;
	}
	{
		int			cs = -1,
					ce = -1;

		for (int i = 0; i < n; i++)
		{
			if (starts[i] > ce)
			{
				if (ce > cs)
					minutes += ce - cs;
				cs = starts[i];
				ce = ends[i];
			}
			else if (ends[i] > ce)
				ce = ends[i];
		}
		if (ce > cs)
			minutes += ce - cs;
	}
	pw->week_measure = minutes * SLM_USECS_PER_MINUTE;
}

/*
 * Are dates [a, b) governed by one pattern with one UTC offset for all
 * wall-clock times from a day before a to three days after b?
 */
static bool
plain_range(SlmCompiled *c, slm_date a, slm_date b, const SlmOverrideRun **run,
			int32_t *offset)
{
	slm_local	until;

	if (a - 1 <= DATE_FIRST || (int64_t) b + 8 >= DATE_END)
		return false;
	if (pattern_end(c, a, run) < b)
		return false;
	if (!c->zone.fixed_stretch(c->zone.arg, ((int64_t) a - 1) * SLM_USECS_PER_DAY,
							   &until, offset))
		return false;
	return until >= ((int64_t) b + 3) * SLM_USECS_PER_DAY;
}

/*
 * Whole weeks from date d1 on (at most max_weeks) over which B repeats one
 * weekly pattern at one offset, with the dates two days either side
 * governed alike, so that B between instants d1 - offset and
 * d1 + 7 * weeks - offset is exactly weeks copies of the pattern.
 */
void
slm_plain_weeks_forward(SlmCompiled *c, slm_date d1, int64_t max_weeks, PlainWeeks *pw)
{
	const SlmOverrideRun *run;
	int32_t		offset;
	int64_t		good = 0,
				step = 1;

	memset(pw, 0, sizeof(*pw));
	if (max_weeks <= 0 || !plain_range(c, d1 - 2, d1 + 9, &run, &offset))
		return;
	/* bound by the pattern first, then search the zone's stretch */
	{
		const SlmOverrideRun *r2;
		slm_date	end = pattern_end(c, d1 - 2, &r2);
		int64_t		limit = ((int64_t) end - 2 - d1) / 7;

		if (limit < max_weeks)
			max_weeks = limit;
	}
	if (max_weeks <= 0)
		return;
	/* exponential then binary search for the largest k with a plain range */
	while (good < max_weeks)
	{
		int64_t		k = good + step > max_weeks ? max_weeks : good + step;
		const SlmOverrideRun *r2;
		int32_t		off2;

		if (plain_range(c, d1 - 2, (slm_date) (d1 + 7 * k + 2), &r2, &off2) && off2 == offset)
		{
			good = k;
			step *= 2;
		}
		else if (step == 1)
			break;
		else
			step = 1;
	}
	if (good == 0)
		return;
	week_totals(c, run, pw);
	pw->weeks = good;
	pw->offset = offset;
}

/* The mirror image: whole weeks ending at date d2 (exclusive). */
void
slm_plain_weeks_backward(SlmCompiled *c, slm_date d2, int64_t max_weeks, PlainWeeks *pw)
{
	const SlmOverrideRun *run;
	int32_t		offset;
	int64_t		good = 0,
				step = 1;

	memset(pw, 0, sizeof(*pw));
	if (max_weeks <= 0 || !plain_range(c, d2 - 9, d2 + 2, &run, &offset))
		return;
	{
		slm_date	start = pattern_start(c, d2 + 1);
		int64_t		limit = ((int64_t) d2 - 2 - start) / 7;

		if (limit < max_weeks)
			max_weeks = limit;
	}
	if (max_weeks <= 0)
		return;
	while (good < max_weeks)
	{
		int64_t		k = good + step > max_weeks ? max_weeks : good + step;
		const SlmOverrideRun *r2;
		int32_t		off2;

		if (plain_range(c, (slm_date) (d2 - 7 * k - 2), d2 + 2, &r2, &off2) && off2 == offset)
		{
			good = k;
			step *= 2;
		}
		else if (step == 1)
			break;
		else
			step = 1;
	}
	if (good == 0)
		return;
	week_totals(c, run, pw);
	pw->weeks = good;
	pw->offset = offset;
}
