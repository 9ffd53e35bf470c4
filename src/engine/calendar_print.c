/*-------------------------------------------------------------------------
 *
 * calendar_print.c
 *	  Print a calendar as its canonical literal (spec section 1, "Output").
 *
 * Canonical form: "tz=ZONE" first; then weekly rules, one per distinct set
 * of spans, ordered by their first weekday with Monday first, the weekdays
 * written as comma-separated runs ("mon-wed,fri"); then overrides in date
 * order, runs of consecutive dates with equal spans as "first..last".
 * Clauses are joined by "; ", spans by ",".  A 24x7 calendar prints as
 * "mon-sun 00:00-24:00".
 *
 * Merged spans can exceed what one HH:MM-HH:MM span can say (a date that
 * owns 00:00-24:00 and also 22:00-02:00 owns 26 hours); such a span is
 * printed as two overlapping spans that read back to the same union.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/calendar_print.c
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>

static const char *const weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

typedef struct Buf
{
	const SlmAlloc *mem;
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		failed;
} Buf;

static void
buf_append(Buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		newcap = b->cap ? b->cap : 128;
		char	   *bigger;

		while (newcap < b->len + n + 1)
			newcap *= 2;
		bigger = b->mem->alloc(b->mem->ctx, newcap);
		if (bigger == NULL)
		{
			b->failed = true;
			return;
		}
		if (b->data)
		{
			memcpy(bigger, b->data, b->len);
			b->mem->free(b->mem->ctx, b->data);
		}
		b->data = bigger;
		b->cap = newcap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
buf_puts(Buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

static void
put_clock(Buf *b, int minutes)
{
	char		tmp[8];

	snprintf(tmp, sizeof(tmp), "%02d:%02d", minutes / 60, minutes % 60);
	buf_puts(b, tmp);
}

static void
put_one_span(Buf *b, int start, int end)
{
	put_clock(b, start);
	buf_puts(b, "-");
	/* an end past midnight is written as the next day's clock time */
	put_clock(b, end > SLM_MINUTES_PER_DAY ? end - SLM_MINUTES_PER_DAY : end);
}

static void
put_spans(Buf *b, const SlmSpanDef *spans, int n)
{
	if (n == 0)
	{
		buf_puts(b, "closed");
		return;
	}
	for (int i = 0; i < n; i++)
	{
		int			start = spans[i].start;
		int			end = spans[i].end;

		if (i > 0)
			buf_puts(b, ",");
		if (end - start < SLM_MINUTES_PER_DAY || (start == 0 && end == SLM_MINUTES_PER_DAY))
			put_one_span(b, start, end);
		else
		{
			/* 24 hours or more: two spans that overlap at 23:59 */
			put_one_span(b, start, SLM_MINUTES_PER_DAY);
			buf_puts(b, ",");
			put_one_span(b, SLM_MINUTES_PER_DAY - 1, end);
		}
	}
}

static void
put_date(Buf *b, slm_date d)
{
	char		tmp[16];
	int			y,
				m,
				dd;

	slm_date_to_ymd(d, &y, &m, &dd);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, dd);
	buf_puts(b, tmp);
}

static bool
same_spans(const SlmCalendar *cal, int d1, int d2)
{
	const SlmSpanDef *spans = SLM_CAL_SPANS(cal);
	int			n1 = cal->week_index[d1 + 1] - cal->week_index[d1];
	int			n2 = cal->week_index[d2 + 1] - cal->week_index[d2];

	return n1 == n2 &&
		memcmp(spans + cal->week_index[d1], spans + cal->week_index[d2],
			   (size_t) n1 * sizeof(SlmSpanDef)) == 0;
}

char *
slm_calendar_print(const SlmCalendar *cal, const SlmAlloc *mem)
{
	Buf			b = {mem, NULL, 0, 0, false};
	const SlmSpanDef *spans = SLM_CAL_SPANS(cal);
	const SlmOverrideRun *runs = SLM_CAL_RUNS(cal);
	bool		printed[7] = {false};

	buf_puts(&b, "tz=");
	buf_append(&b, SLM_CAL_ZONE(cal), cal->zone_len);

	/* weekly rules: group weekdays with equal spans, Monday first */
	for (int d = 0; d < 7; d++)
	{
		int			n = cal->week_index[d + 1] - cal->week_index[d];
		bool		first_run = true;

		if (printed[d] || n == 0)
			continue;
		buf_puts(&b, "; ");
		for (int e = d; e < 7;)
		{
			int			run_end;

			if (printed[e] || !same_spans(cal, d, e))
			{
				e++;
				continue;
			}
			run_end = e;
			while (run_end + 1 < 7 && !printed[run_end + 1] && same_spans(cal, d, run_end + 1))
				run_end++;
			if (!first_run)
				buf_puts(&b, ",");
			buf_puts(&b, weekday_names[e]);
			if (run_end > e)
			{
				buf_puts(&b, "-");
				buf_puts(&b, weekday_names[run_end]);
			}
			for (int k = e; k <= run_end; k++)
				printed[k] = true;
			first_run = false;
			e = run_end + 1;
		}
		buf_puts(&b, " ");
		put_spans(&b, spans + cal->week_index[d], n);
	}

	/* overrides, already in date order and collapsed into runs */
	for (int i = 0; i < cal->override_count; i++)
	{
		buf_puts(&b, "; ");
		put_date(&b, runs[i].first_date);
		if (runs[i].last_date != runs[i].first_date)
		{
			buf_puts(&b, "..");
			put_date(&b, runs[i].last_date);
		}
		buf_puts(&b, " ");
		put_spans(&b, spans + runs[i].span_index, runs[i].span_count);
	}

	if (b.failed)
	{
		if (b.data)
			mem->free(mem->ctx, b.data);
		return NULL;
	}
	return b.data;
}
