/*-------------------------------------------------------------------------
 *
 * calendar_parse.c
 *	  Read a calendar literal into the flat SlmCalendar form (spec section 1).
 *
 * The parser is a hand-written recursive descent over the grammar of the
 * spec.  Every error names the offending part and its 1-based character
 * position.  Input size is capped (SLM_MAX_LITERAL_LEN) and all work is
 * linear in it, apart from the normalisation of overlapping overrides,
 * which is bounded by SLM_MAX_OVERRIDE_ITEMS.
 *
 * Normalisation makes equal meanings equal bytes:
 *	- a weekday's spans are the union of every weekly rule naming it;
 *	- a date's override spans are the union of every override naming it
 *	  (a date named only with "closed" is overridden with no spans);
 *	- spans of one date that overlap or touch are merged;
 *	- consecutive dates with equal override spans form one run.
 * Unions are computed on minute bitmaps (and, for overrides, minute
 * counters), which merges overlapping and touching spans for free.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/calendar_parse.c
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date owns minutes [0, 2880): spans start before 24:00 and may run overnight. */
#define MINUTES_OWNED	(2 * SLM_MINUTES_PER_DAY)
#define MAP_WORDS		(MINUTES_OWNED / 64)

typedef struct MinuteMap
{
	uint64_t	bits[MAP_WORDS];
} MinuteMap;

/* One date or date range of an override clause, before normalisation. */
typedef struct RawOverride
{
	slm_date	first;
	slm_date	last;
	int32_t		span_index;		/* into Parser.raw_spans */
	int32_t		span_count;
} RawOverride;

typedef struct Parser
{
	const char *s;
	size_t		len;
	size_t		pos;
	const SlmAlloc *mem;
	SlmError   *err;

	/* tz clause */
	bool		have_zone;
	const char *zone;
	size_t		zone_len;
	int			zone_position;

	/* weekly rules, united per weekday */
	MinuteMap	week[7];

	/* spans of the clause being read */
	SlmSpanDef *clause_spans;
	int			clause_count;
	int			clause_cap;

	/* override clauses */
	RawOverride *items;
	int			item_count;
	int			item_cap;
	SlmSpanDef *raw_spans;
	int			raw_count;
	int			raw_cap;
} Parser;

/* Normalised overrides, built by normalise_overrides(). */
typedef struct RunList
{
	SlmOverrideRun *runs;
	int			run_count;
	int			run_cap;
	SlmSpanDef *spans;
	int			span_count;
	int			span_cap;
} RunList;

static const char *const weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* ---------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------
 */

/* 1-based character (not byte) position of byte offset off. */
static int
char_position(const char *s, size_t off)
{
	int			n = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static void set_error(SlmError *err, SlmErrorCode code, int position, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

static void
set_error(SlmError *err, SlmErrorCode code, int position, const char *fmt,...)
{
	va_list		ap;

	memset(err, 0, sizeof(*err));
	err->code = code;
	err->position = position;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/*
 * A printable excerpt of the input at off, for messages: up to the next
 * separator, at most 24 bytes, with control characters shown as '?'.
 */
static const char *
excerpt(const Parser *p, size_t off, char *buf, size_t bufsize)
{
	size_t		n = 0;

	if (off >= p->len)
		return "end of input";
	buf[n++] = '"';
	for (size_t i = off; i < p->len && n < bufsize - 5 && i < off + 24; i++)
	{
		unsigned char ch = (unsigned char) p->s[i];

		if (i > off && (ch == ';' || ch == ',' || ch == ' ' || ch == '\t' ||
						ch == '\n' || ch == '\r'))
			break;
		buf[n++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char) ch;
	}
	/* do not cut a multibyte character in two */
	while (n > 1 && ((unsigned char) buf[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 1 && ((unsigned char) buf[n - 1] & 0xC0) == 0xC0)
		n--;
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

static bool
syntax_error(Parser *p, size_t off, const char *expected)
{
	char		buf[40];

	set_error(p->err, SLM_ERR_SYNTAX, char_position(p->s, off),
			  "expected %s at position %d, found %s",
			  expected, char_position(p->s, off), excerpt(p, off, buf, sizeof(buf)));
	return false;
}

static bool
out_of_memory(Parser *p)
{
	set_error(p->err, SLM_ERR_NOMEM, 0, "out of memory while reading a calendar");
	return false;
}

/* ---------------------------------------------------------------------
 * Growable arrays
 * ---------------------------------------------------------------------
 */
static bool
grow(const SlmAlloc *mem, void **array, int *cap, int need, size_t elem)
{
	void	   *bigger;
	int			newcap;

	if (need <= *cap)
		return true;
	newcap = *cap > 0 ? *cap : 16;
	while (newcap < need)
		newcap *= 2;
	bigger = mem->alloc(mem->ctx, (size_t) newcap * elem);
	if (bigger == NULL)
		return false;
	if (*array != NULL)
	{
		memcpy(bigger, *array, (size_t) (*cap) * elem);
		mem->free(mem->ctx, *array);
	}
	*array = bigger;
	*cap = newcap;
	return true;
}

/* ---------------------------------------------------------------------
 * Dates (proleptic Gregorian, days since 2000-01-01)
 * ---------------------------------------------------------------------
 */
static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
slm_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return (month == 2 && is_leap(year)) ? 29 : days[month - 1];
}

/* Days from civil date, after the well-known era-based algorithm. */
slm_date
slm_date_from_ymd(int year, int month, int day)
{
	int64_t		y = (int64_t) year - (month <= 2);
	int64_t		era = (y >= 0 ? y : y - 399) / 400;
	int64_t		yoe = y - era * 400;
	int64_t		mp = (month + 9) % 12;
	int64_t		doy = (153 * mp + 2) / 5 + day - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t		days_from_1970 = era * 146097 + doe - 719468;

	return (slm_date) (days_from_1970 - 10957);
}

void
slm_date_to_ymd(slm_date date, int *year, int *month, int *day)
{
	int64_t		z = (int64_t) date + 10957 + 719468;
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int64_t		d = doy - (153 * mp + 2) / 5 + 1;
	int64_t		m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int) (yoe + era * 400 + (m <= 2));
	*month = (int) m;
	*day = (int) d;
}

int
slm_date_weekday(slm_date date)
{
	/* 2000-01-01 was a Saturday (5 when Monday is 0) */
	int			r = (int) (((int64_t) date + 5) % 7);

	return r < 0 ? r + 7 : r;
}

/* ---------------------------------------------------------------------
 * Lexical helpers
 * ---------------------------------------------------------------------
 */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

static void
skip_space(Parser *p)
{
	while (p->pos < p->len && is_space(p->s[p->pos]))
		p->pos++;
}

static bool
at_end(Parser *p)
{
	return p->pos >= p->len;
}

static char
peek(Parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : '\0';
}

/* Length of the alphanumeric word at off. */
static size_t
word_length(Parser *p, size_t off)
{
	size_t		n = 0;

	while (off + n < p->len && (is_alpha(p->s[off + n]) || is_digit(p->s[off + n]) ||
								p->s[off + n] == '_'))
		n++;
	return n;
}

static bool
word_equals(Parser *p, size_t off, size_t n, const char *word)
{
	if (strlen(word) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(p->s[off + i]) != word[i])
			return false;
	return true;
}

/* Read exactly n digits at the current position. */
static bool
read_digits(Parser *p, int n, int *value)
{
	int			v = 0;

	if (p->pos + (size_t) n > p->len)
		return false;
	for (int i = 0; i < n; i++)
	{
		char		c = p->s[p->pos + i];

		if (!is_digit(c))
			return false;
		v = v * 10 + (c - '0');
	}
	p->pos += n;
	*value = v;
	return true;
}

/* ---------------------------------------------------------------------
 * Grammar pieces
 * ---------------------------------------------------------------------
 */

/* DOW := mon | tue | ... ; returns 0..6 or -1 after setting the error */
static int
parse_weekday(Parser *p)
{
	size_t		start = p->pos;
	size_t		n = word_length(p, start);

	for (int d = 0; d < 7; d++)
	{
		if (word_equals(p, start, n, weekday_names[d]))
		{
			p->pos += n;
			return d;
		}
	}
	if (n == 0)
		syntax_error(p, start, "a weekday (mon, tue, wed, thu, fri, sat, sun)");
	else
	{
		char		buf[40];

		set_error(p->err, SLM_ERR_SYNTAX, char_position(p->s, start),
				  "unknown weekday %s at position %d",
				  excerpt(p, start, buf, sizeof(buf)), char_position(p->s, start));
		snprintf(p->err->hint, sizeof(p->err->hint),
				 "Weekdays are written mon, tue, wed, thu, fri, sat and sun.");
	}
	return -1;
}

/* days := day { ',' day }, day := DOW | DOW '-' DOW (wrapping) */
static bool
parse_days(Parser *p, uint8_t *mask)
{
	*mask = 0;
	for (;;)
	{
		int			first,
					last;

		skip_space(p);
		first = parse_weekday(p);
		if (first < 0)
			return false;
		last = first;
		skip_space(p);
		if (peek(p) == '-')
		{
			p->pos++;
			skip_space(p);
			last = parse_weekday(p);
			if (last < 0)
				return false;
		}
		for (int d = first;; d = (d + 1) % 7)
		{
			*mask |= (uint8_t) (1 << d);
			if (d == last)
				break;
		}
		skip_space(p);
		if (peek(p) != ',')
			return true;
		p->pos++;
	}
}

/* YYYY-MM-DD */
static bool
parse_date(Parser *p, slm_date *date)
{
	size_t		start = p->pos;
	int			y,
				m,
				d;

	if (!read_digits(p, 4, &y) || peek(p) != '-')
		goto bad;
	p->pos++;
	if (!read_digits(p, 2, &m) || peek(p) != '-')
		goto bad;
	p->pos++;
	if (!read_digits(p, 2, &d) || is_digit(peek(p)))
		goto bad;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > slm_days_in_month(y, m))
	{
		set_error(p->err, SLM_ERR_VALUE, char_position(p->s, start),
				  "date \"%.*s\" at position %d does not exist",
				  (int) (p->pos - start), p->s + start, char_position(p->s, start));
		snprintf(p->err->hint, sizeof(p->err->hint),
				 "Dates are written YYYY-MM-DD, from 0001-01-01 to 9999-12-31.");
		return false;
	}
	*date = slm_date_from_ymd(y, m, d);
	return true;

bad:
	p->pos = start;
	return syntax_error(p, start, "a date as YYYY-MM-DD");
}

/* HH:MM; an end may be 24:00.  Returns minutes or -1. */
static int
parse_time(Parser *p, bool is_end)
{
	size_t		start = p->pos;
	int			h,
				m;

	if (!read_digits(p, 2, &h) || peek(p) != ':')
		goto bad;
	p->pos++;
	if (!read_digits(p, 2, &m) || is_digit(peek(p)))
		goto bad;
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !is_end)))
	{
		set_error(p->err, SLM_ERR_VALUE, char_position(p->s, start),
				  "time \"%.*s\" at position %d is out of range",
				  (int) (p->pos - start), p->s + start, char_position(p->s, start));
		snprintf(p->err->hint, sizeof(p->err->hint),
				 "A span starts between 00:00 and 23:59 and ends between 00:01 and 24:00.");
		return -1;
	}
	return h * 60 + m;

bad:
	p->pos = start;
	syntax_error(p, start, "a time as HH:MM");
	return -1;
}

static bool
add_clause_span(Parser *p, int start, int end)
{
	if (!grow(p->mem, (void **) &p->clause_spans, &p->clause_cap,
			  p->clause_count + 1, sizeof(SlmSpanDef)))
		return out_of_memory(p);
	p->clause_spans[p->clause_count].start = (int16_t) start;
	p->clause_spans[p->clause_count].end = (int16_t) end;
	p->clause_count++;
	return true;
}

/* hours := 'closed' | span { ',' span }; spans go to clause_spans */
static bool
parse_hours(Parser *p)
{
	size_t		n;

	p->clause_count = 0;
	skip_space(p);
	n = word_length(p, p->pos);
	if (n > 0 && !is_digit(peek(p)))
	{
		if (word_equals(p, p->pos, n, "closed"))
		{
			p->pos += n;
			return true;
		}
		return syntax_error(p, p->pos, "\"closed\" or a span such as 09:00-17:00");
	}
	if (!is_digit(peek(p)))
		return syntax_error(p, p->pos, "\"closed\" or a span such as 09:00-17:00");
	for (;;)
	{
		size_t		span_start;
		int			start,
					end;

		skip_space(p);
		span_start = p->pos;
		start = parse_time(p, false);
		if (start < 0)
			return false;
		skip_space(p);
		if (peek(p) != '-')
			return syntax_error(p, p->pos, "\"-\" between the start and end of a span");
		p->pos++;
		skip_space(p);
		end = parse_time(p, true);
		if (end < 0)
			return false;
		if (end == start)
		{
			set_error(p->err, SLM_ERR_VALUE, char_position(p->s, span_start),
					  "span \"%.*s\" at position %d is empty",
					  (int) (p->pos - span_start), p->s + span_start,
					  char_position(p->s, span_start));
			snprintf(p->err->detail, sizeof(p->err->detail),
					 "A span must end at a different time than it starts.");
			snprintf(p->err->hint, sizeof(p->err->hint),
					 "For a whole day write 00:00-24:00.");
			return false;
		}
		if (end < start)
			end += SLM_MINUTES_PER_DAY; /* overnight: ends the next day */
		if (!add_clause_span(p, start, end))
			return false;
		skip_space(p);
		if (peek(p) != ',')
			return true;
		p->pos++;
	}
}

static void
map_set(MinuteMap *map, int start, int end)
{
	for (int m = start; m < end; m++)
		map->bits[m / 64] |= UINT64_C(1) << (m % 64);
}

/* clause := days hours */
static bool
parse_weekly_clause(Parser *p)
{
	uint8_t		mask;

	if (!parse_days(p, &mask))
		return false;
	if (!parse_hours(p))
		return false;
	for (int d = 0; d < 7; d++)
		if (mask & (1 << d))
			for (int i = 0; i < p->clause_count; i++)
				map_set(&p->week[d], p->clause_spans[i].start, p->clause_spans[i].end);
	return true;
}

/* clause := dates hours */
static bool
parse_override_clause(Parser *p)
{
	int			first_item = p->item_count;
	int			span_index;

	for (;;)
	{
		slm_date	first,
					last;
		size_t		start;

		skip_space(p);
		start = p->pos;
		if (!parse_date(p, &first))
			return false;
		last = first;
		skip_space(p);
		if (p->pos + 1 < p->len && p->s[p->pos] == '.' && p->s[p->pos + 1] == '.')
		{
			p->pos += 2;
			skip_space(p);
			if (!parse_date(p, &last))
				return false;
			if (last < first)
			{
				set_error(p->err, SLM_ERR_VALUE, char_position(p->s, start),
						  "date range \"%.*s\" at position %d ends before it starts",
						  (int) (p->pos - start), p->s + start, char_position(p->s, start));
				return false;
			}
		}
		if (p->item_count >= SLM_MAX_OVERRIDE_ITEMS)
		{
			set_error(p->err, SLM_ERR_VALUE, char_position(p->s, start),
					  "too many override dates at position %d", char_position(p->s, start));
			snprintf(p->err->detail, sizeof(p->err->detail),
					 "A calendar may name at most %d dates or date ranges.",
					 SLM_MAX_OVERRIDE_ITEMS);
			snprintf(p->err->hint, sizeof(p->err->hint),
					 "Write consecutive dates as a range such as 2026-10-01..2026-10-07.");
			return false;
		}
		if (!grow(p->mem, (void **) &p->items, &p->item_cap, p->item_count + 1,
				  sizeof(RawOverride)))
			return out_of_memory(p);
		p->items[p->item_count].first = first;
		p->items[p->item_count].last = last;
		p->item_count++;
		skip_space(p);
		if (peek(p) != ',')
			break;
		p->pos++;
	}

	if (!parse_hours(p))
		return false;

	/* all dates of the clause share one copy of its spans */
	span_index = p->raw_count;
	if (!grow(p->mem, (void **) &p->raw_spans, &p->raw_cap,
			  p->raw_count + p->clause_count, sizeof(SlmSpanDef)))
		return out_of_memory(p);
	if (p->clause_count > 0)
		memcpy(p->raw_spans + p->raw_count, p->clause_spans,
			   (size_t) p->clause_count * sizeof(SlmSpanDef));
	p->raw_count += p->clause_count;
	for (int i = first_item; i < p->item_count; i++)
	{
		p->items[i].span_index = span_index;
		p->items[i].span_count = p->clause_count;
	}
	return true;
}

/* clause := 'tz' '=' ZONE */
static bool
parse_zone_clause(Parser *p, size_t clause_start)
{
	size_t		start;

	/* the caller has seen "tz" */
	p->pos += 2;
	skip_space(p);
	p->pos++;					/* '=' */
	skip_space(p);
	start = p->pos;
	while (p->pos < p->len && !is_space(p->s[p->pos]) && p->s[p->pos] != ';')
		p->pos++;
	if (p->pos == start)
		return syntax_error(p, start, "a time zone name after \"tz=\"");
	if (p->have_zone)
	{
		set_error(p->err, SLM_ERR_VALUE, char_position(p->s, clause_start),
				  "second time zone at position %d", char_position(p->s, clause_start));
		snprintf(p->err->detail, sizeof(p->err->detail),
				 "A calendar has exactly one tz clause.");
		return false;
	}
	if (p->pos - start > SLM_MAX_ZONE_LEN)
	{
		set_error(p->err, SLM_ERR_VALUE, char_position(p->s, start),
				  "time zone name at position %d is too long", char_position(p->s, start));
		return false;
	}
	for (size_t i = start; i < p->pos; i++)
	{
		unsigned char ch = (unsigned char) p->s[i];

		if (ch < 0x20 || ch == 0x7f)
		{
			set_error(p->err, SLM_ERR_SYNTAX, char_position(p->s, i),
					  "invalid character in time zone name at position %d",
					  char_position(p->s, i));
			return false;
		}
	}
	p->have_zone = true;
	p->zone_position = char_position(p->s, start);
	p->zone = p->s + start;
	p->zone_len = p->pos - start;
	return true;
}

static bool
parse_clause(Parser *p)
{
	size_t		start = p->pos;
	char		c = peek(p);

	if (is_alpha(c))
	{
		size_t		n = word_length(p, start);

		if (word_equals(p, start, n, "tz"))
		{
			size_t		save = p->pos;

			p->pos += n;
			skip_space(p);
			if (peek(p) == '=')
			{
				p->pos = save;
				return parse_zone_clause(p, start);
			}
			p->pos = save;
		}
		return parse_weekly_clause(p);
	}
	if (is_digit(c))
	{
		if (start + 4 <= p->len && p->s[start] == '2' && p->s[start + 1] == '4' &&
			lower(p->s[start + 2]) == 'x' && p->s[start + 3] == '7' &&
			word_length(p, start) == 4)
		{
			p->pos += 4;
			for (int d = 0; d < 7; d++)
				map_set(&p->week[d], 0, SLM_MINUTES_PER_DAY);
			return true;
		}
		return parse_override_clause(p);
	}
	return syntax_error(p, start, "a clause (tz=..., 24x7, weekdays or dates with hours)");
}

/* ---------------------------------------------------------------------
 * Normalisation
 * ---------------------------------------------------------------------
 */

/* Turn a minute map into merged spans; false if there are too many. */
static bool
map_to_spans(const MinuteMap *map, SlmSpanDef *out, int *count)
{
	int			n = 0;
	int			m = 0;

	while (m < MINUTES_OWNED)
	{
		int			start;

		/* skip clear words quickly */
		if ((m % 64) == 0 && map->bits[m / 64] == 0)
		{
			m += 64;
			continue;
		}
		if (!(map->bits[m / 64] & (UINT64_C(1) << (m % 64))))
		{
			m++;
			continue;
		}
		start = m;
		while (m < MINUTES_OWNED && (map->bits[m / 64] & (UINT64_C(1) << (m % 64))))
			m++;
		if (n >= SLM_MAX_SPANS_PER_DAY)
			return false;
		out[n].start = (int16_t) start;
		out[n].end = (int16_t) m;
		n++;
	}
	*count = n;
	return true;
}

/* which: a weekday name or a date, for the message */
static bool
too_many_spans(Parser *p, const char *which)
{
	set_error(p->err, SLM_ERR_VALUE, 0, "too many spans on %s", which);
	snprintf(p->err->detail, sizeof(p->err->detail),
			 "A day may have at most %d separate spans.", SLM_MAX_SPANS_PER_DAY);
	return false;
}

static int
compare_dates(const void *a, const void *b)
{
	slm_date	x = *(const slm_date *) a;
	slm_date	y = *(const slm_date *) b;

	return (x > y) - (x < y);
}

static int
compare_items_by_first(const void *a, const void *b)
{
	const RawOverride *x = *(RawOverride *const *) a;
	const RawOverride *y = *(RawOverride *const *) b;

	return (x->first > y->first) - (x->first < y->first);
}

static int
compare_items_by_end(const void *a, const void *b)
{
	const RawOverride *x = *(RawOverride *const *) a;
	const RawOverride *y = *(RawOverride *const *) b;

	return (x->last > y->last) - (x->last < y->last);
}

static void
count_spans(uint32_t *counts, const SlmSpanDef *spans, int first, int n, int delta)
{
	/* spans may be NULL when n is 0: index it only inside the loop */
	for (int i = first; i < first + n; i++)
		for (int m = spans[i].start; m < spans[i].end; m++)
			counts[m] += (uint32_t) delta;
}

/* Append a run, extending the previous one when it is adjacent and equal. */
static bool
append_run(Parser *p, RunList *out, slm_date first, slm_date last,
		   const SlmSpanDef *spans, int n)
{
	if (out->run_count > 0)
	{
		SlmOverrideRun *prev = &out->runs[out->run_count - 1];

		if ((int64_t) prev->last_date + 1 == first && prev->span_count == n &&
			(n == 0 || memcmp(out->spans + prev->span_index, spans,
							  (size_t) n * sizeof(SlmSpanDef)) == 0))
		{
			prev->last_date = last;
			return true;
		}
	}
	if (out->run_count >= SLM_MAX_OVERRIDE_RUNS)
	{
		set_error(p->err, SLM_ERR_VALUE, 0, "too many distinct override runs");
		snprintf(p->err->detail, sizeof(p->err->detail),
				 "A calendar may have at most %d runs of overridden dates.",
				 SLM_MAX_OVERRIDE_RUNS);
		return false;
	}
	if (!grow(p->mem, (void **) &out->runs, &out->run_cap, out->run_count + 1,
			  sizeof(SlmOverrideRun)) ||
		!grow(p->mem, (void **) &out->spans, &out->span_cap, out->span_count + n,
			  sizeof(SlmSpanDef)))
		return out_of_memory(p);
	out->runs[out->run_count].first_date = first;
	out->runs[out->run_count].last_date = last;
	out->runs[out->run_count].span_index = out->span_count;
	out->runs[out->run_count].span_count = n;
	out->run_count++;
	if (n > 0)
		memcpy(out->spans + out->span_count, spans, (size_t) n * sizeof(SlmSpanDef));
	out->span_count += n;
	return true;
}

/*
 * Sweep over the date line: between consecutive boundaries (an item's first
 * date or the day after its last) the set of overrides in force is constant,
 * so the union of their spans is constant too.  Minute counters let items
 * leave the union again.
 */
static bool
normalise_overrides(Parser *p, RunList *out)
{
	slm_date   *points = NULL;
	RawOverride **by_first = NULL;
	RawOverride **by_end = NULL;
	uint32_t   *counts = NULL;
	SlmSpanDef	spans[SLM_MAX_SPANS_PER_DAY];
	int			npoints = 0;
	int			next_in = 0,
				next_out = 0,
				active = 0;
	bool		ok = false;
	const SlmAlloc *mem = p->mem;

	memset(out, 0, sizeof(*out));
	if (p->item_count == 0)
		return true;

	points = mem->alloc(mem->ctx, sizeof(slm_date) * 2 * (size_t) p->item_count);
	by_first = mem->alloc(mem->ctx, sizeof(RawOverride *) * (size_t) p->item_count);
	by_end = mem->alloc(mem->ctx, sizeof(RawOverride *) * (size_t) p->item_count);
	counts = mem->alloc(mem->ctx, sizeof(uint32_t) * MINUTES_OWNED);
	if (!points || !by_first || !by_end || !counts)
	{
		out_of_memory(p);
		goto done;
	}
	memset(counts, 0, sizeof(uint32_t) * MINUTES_OWNED);

	for (int i = 0; i < p->item_count; i++)
	{
		points[npoints++] = p->items[i].first;
		points[npoints++] = p->items[i].last + 1;	/* last <= 9999-12-31: no overflow */
		by_first[i] = &p->items[i];
		by_end[i] = &p->items[i];
	}
	qsort(points, (size_t) npoints, sizeof(slm_date), compare_dates);
	qsort(by_first, (size_t) p->item_count, sizeof(RawOverride *), compare_items_by_first);
	qsort(by_end, (size_t) p->item_count, sizeof(RawOverride *), compare_items_by_end);

	for (int k = 0; k < npoints; k++)
	{
		slm_date	at = points[k];
		int			n;

		if (k > 0 && points[k - 1] == at)
			continue;
		while (next_out < p->item_count && by_end[next_out]->last + 1 == at)
		{
			RawOverride *it = by_end[next_out++];

			count_spans(counts, p->raw_spans, it->span_index, it->span_count, -1);
			active--;
		}
		while (next_in < p->item_count && by_first[next_in]->first == at)
		{
			RawOverride *it = by_first[next_in++];

			count_spans(counts, p->raw_spans, it->span_index, it->span_count, +1);
			active++;
		}
		if (active == 0)
			continue;

		/* the segment runs to the next distinct boundary */
		{
			int			j = k + 1;
			MinuteMap	map;

			while (points[j] == at)
				j++;			/* an active item always ends at a later point */
			memset(&map, 0, sizeof(map));
			for (int m = 0; m < MINUTES_OWNED; m++)
				if (counts[m] != 0)
					map.bits[m / 64] |= UINT64_C(1) << (m % 64);
			if (!map_to_spans(&map, spans, &n))
			{
				char		which[16];
				int			y,
							mo,
							d;

				slm_date_to_ymd(at, &y, &mo, &d);
				snprintf(which, sizeof(which), "%04d-%02d-%02d", y, mo, d);
				too_many_spans(p, which);
				goto done;
			}
			if (!append_run(p, out, at, points[j] - 1, spans, n))
				goto done;
		}
	}
	ok = true;

done:
	if (points)
		mem->free(mem->ctx, points);
	if (by_first)
		mem->free(mem->ctx, by_first);
	if (by_end)
		mem->free(mem->ctx, by_end);
	if (counts)
		mem->free(mem->ctx, counts);
	return ok;
}

/* Lay the parsed calendar out as one flat block. */
static SlmCalendar *
build_calendar(Parser *p, const RunList *runs, size_t *size)
{
	SlmSpanDef	week_spans[7][SLM_MAX_SPANS_PER_DAY];
	int			week_counts[7];
	int			nweek = 0;
	size_t		total;
	SlmCalendar *cal;
	SlmOverrideRun *out_runs;
	SlmSpanDef *out_spans;
	int			at = 0;

	for (int d = 0; d < 7; d++)
	{
		if (!map_to_spans(&p->week[d], week_spans[d], &week_counts[d]))
		{
			too_many_spans(p, weekday_names[d]);
			return NULL;
		}
		nweek += week_counts[d];
	}

	total = SLM_CAL_SIZE(runs->run_count, nweek + runs->span_count, p->zone_len);
	cal = p->mem->alloc(p->mem->ctx, total);
	if (cal == NULL)
	{
		out_of_memory(p);
		return NULL;
	}
	memset(cal, 0, total);
	cal->version = SLM_CALENDAR_VERSION;
	cal->flags = 0;
	cal->zone_len = (uint16_t) p->zone_len;
	cal->override_count = runs->run_count;
	cal->span_count = nweek + runs->span_count;

	out_runs = (SlmOverrideRun *) SLM_CAL_RUNS(cal);
	out_spans = (SlmSpanDef *) SLM_CAL_SPANS(cal);
	for (int d = 0; d < 7; d++)
	{
		cal->week_index[d] = (uint16_t) at;
		memcpy(out_spans + at, week_spans[d], (size_t) week_counts[d] * sizeof(SlmSpanDef));
		at += week_counts[d];
	}
	cal->week_index[7] = (uint16_t) at;
	for (int i = 0; i < runs->run_count; i++)
	{
		out_runs[i] = runs->runs[i];
		out_runs[i].span_index += nweek;
	}
	if (runs->span_count > 0)
		memcpy(out_spans + nweek, runs->spans, (size_t) runs->span_count * sizeof(SlmSpanDef));
	memcpy((char *) SLM_CAL_ZONE(cal), p->zone, p->zone_len);
	*size = total;
	return cal;
}

static void
free_parser(Parser *p)
{
	if (p->clause_spans)
		p->mem->free(p->mem->ctx, p->clause_spans);
	if (p->items)
		p->mem->free(p->mem->ctx, p->items);
	if (p->raw_spans)
		p->mem->free(p->mem->ctx, p->raw_spans);
}

static bool
parse_literal(Parser *p)
{
	skip_space(p);
	if (at_end(p))
	{
		set_error(p->err, SLM_ERR_SYNTAX, 1, "calendar literal is empty");
		snprintf(p->err->hint, sizeof(p->err->hint),
				 "A calendar reads like \"tz=Europe/London; mon-fri 09:00-17:00\".");
		return false;
	}
	for (;;)
	{
		if (!parse_clause(p))
			return false;
		skip_space(p);
		if (at_end(p))
			break;
		if (peek(p) != ';')
			return syntax_error(p, p->pos, "\";\" or the end of the calendar");
		p->pos++;
		skip_space(p);
		if (at_end(p))
			break;				/* one trailing ';' is allowed */
	}
	if (!p->have_zone)
	{
		set_error(p->err, SLM_ERR_VALUE, 0, "calendar has no time zone");
		snprintf(p->err->hint, sizeof(p->err->hint),
				 "Add a clause such as \"tz=Europe/London\".");
		return false;
	}
	return true;
}

SlmCalendar *
slm_calendar_parse(const char *text, size_t len, const SlmAlloc *mem,
				   size_t *size, int *zone_position, SlmError *err)
{
	Parser		p;
	RunList		runs;
	SlmCalendar *cal = NULL;

	memset(err, 0, sizeof(*err));
	if (len > SLM_MAX_LITERAL_LEN)
	{
		set_error(err, SLM_ERR_VALUE, 0, "calendar literal is too long");
		snprintf(err->detail, sizeof(err->detail),
				 "The literal has %zu bytes; at most %d are allowed.",
				 len, SLM_MAX_LITERAL_LEN);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.s = text;
	p.len = len;
	p.mem = mem;
	p.err = err;

	if (parse_literal(&p) && normalise_overrides(&p, &runs))
	{
		cal = build_calendar(&p, &runs, size);
		if (zone_position != NULL)
			*zone_position = p.zone_position;
		if (runs.runs)
			mem->free(mem->ctx, runs.runs);
		if (runs.spans)
			mem->free(mem->ctx, runs.spans);
	}
	free_parser(&p);
	return cal;
}

SlmCalendar *
slm_calendar_with_zone(const SlmCalendar *cal, const char *zone, size_t zone_len,
					   const SlmAlloc *mem, size_t *size)
{
	size_t		body = SLM_CAL_SIZE(cal->override_count, cal->span_count, 0);
	size_t		total = body + zone_len;
	SlmCalendar *copy;

	if (zone_len > SLM_MAX_ZONE_LEN)
		return NULL;
	copy = mem->alloc(mem->ctx, total);
	if (copy == NULL)
		return NULL;
	memcpy(copy, cal, body);
	copy->zone_len = (uint16_t) zone_len;
	memcpy((char *) copy + body, zone, zone_len);
	*size = total;
	return copy;
}

/*
 * Structural check of a calendar that comes from storage: counts fit the
 * size, spans and runs are well formed and ordered.  Calendars made by
 * slm_calendar_parse always pass.
 */
bool
slm_calendar_is_valid(const SlmCalendar *cal, size_t size)
{
	const SlmOverrideRun *runs;
	const SlmSpanDef *spans;

	if (size < sizeof(SlmCalendar) || cal->version != SLM_CALENDAR_VERSION ||
		cal->flags != 0 || cal->override_count < 0 || cal->span_count < 0 ||
		cal->override_count > SLM_MAX_OVERRIDE_RUNS ||
		cal->zone_len == 0 || cal->zone_len > SLM_MAX_ZONE_LEN)
		return false;
	if (SLM_CAL_SIZE(cal->override_count, cal->span_count, cal->zone_len) != size)
		return false;
	if (cal->week_index[0] != 0 || cal->week_index[7] > cal->span_count)
		return false;
	for (int d = 0; d < 7; d++)
		if (cal->week_index[d + 1] < cal->week_index[d] ||
			cal->week_index[d + 1] - cal->week_index[d] > SLM_MAX_SPANS_PER_DAY)
			return false;
	spans = SLM_CAL_SPANS(cal);
	for (int i = 0; i < cal->span_count; i++)
	{
		if (spans[i].start < 0 || spans[i].start >= SLM_MINUTES_PER_DAY ||
			spans[i].end <= spans[i].start || spans[i].end > MINUTES_OWNED)
			return false;
	}
	runs = SLM_CAL_RUNS(cal);
	for (int i = 0; i < cal->override_count; i++)
	{
		if (runs[i].last_date < runs[i].first_date ||
			(i > 0 && runs[i].first_date <= runs[i - 1].last_date) ||
			runs[i].span_count < 0 || runs[i].span_count > SLM_MAX_SPANS_PER_DAY ||
			runs[i].span_index < cal->week_index[7] ||
			runs[i].span_index > cal->span_count - runs[i].span_count)
			return false;
	}
	return true;
}
