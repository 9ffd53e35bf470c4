/*
 * test/engine/host.c
 *	  Memory and synthetic time zones for running the engine outside
 *	  PostgreSQL (unit tests, libFuzzer).  The zone rules are simple on
 *	  purpose; the engine's agreement with PostgreSQL's own zones is tested
 *	  in SQL.
 */
#include "host.h"

#include <stdlib.h>

static void *
host_malloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static void
host_free(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

const SlmAlloc *
host_alloc(void)
{
	static const SlmAlloc alloc = {host_malloc, host_free, NULL, NULL};

	return &alloc;
}

slm_time
host_ts(int y, int mo, int d, int h, int mi, int s)
{
	return (int64_t) slm_date_from_ymd(y, mo, d) * SLM_USECS_PER_DAY +
		((int64_t) h * 3600 + mi * 60 + s) * SLM_USECS_PER_SEC;
}

/* Last Sunday of a month, 01:00 UTC. */
static slm_time
last_sunday_0100(int year, int month)
{
	slm_date	last = slm_date_from_ymd(year, month, slm_days_in_month(year, month));

	last -= slm_date_weekday(last) == 6 ? 0 : slm_date_weekday(last) + 1;
	return (int64_t) last * SLM_USECS_PER_DAY + SLM_USECS_PER_HOUR;
}

static int
year_of(slm_time t)
{
	int			y,
				m,
				d;
	int64_t		days = t / SLM_USECS_PER_DAY - (t % SLM_USECS_PER_DAY < 0);

	slm_date_to_ymd((slm_date) days, &y, &m, &d);
	return y;
}

static bool
in_dst(const HostZone *hz, slm_time t)
{
	int			y;

	if (hz->dst_offset == hz->std_offset)
		return false;
	y = year_of(t);
	if (y < 1 || y > 9999)
		return false;
	return t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10);
}

static int32_t
host_utc_offset(void *arg, slm_time t)
{
	HostZone   *hz = arg;

	return in_dst(hz, t) ? hz->dst_offset : hz->std_offset;
}

/* The smaller of the offsets that map local back to itself, else the one before. */
static slm_time
host_local_to_utc(void *arg, slm_local local)
{
	HostZone   *hz = arg;
	int32_t		lo = hz->std_offset < hz->dst_offset ? hz->std_offset : hz->dst_offset;
	int32_t		hi = hz->std_offset < hz->dst_offset ? hz->dst_offset : hz->std_offset;
	slm_time	with_lo = local - (int64_t) lo * SLM_USECS_PER_SEC;
	slm_time	with_hi = local - (int64_t) hi * SLM_USECS_PER_SEC;
	bool		lo_ok = host_utc_offset(arg, with_lo) == lo;
	bool		hi_ok = host_utc_offset(arg, with_hi) == hi;

	if (lo_ok || !hi_ok)
		return with_lo;			/* valid, ambiguous (smaller offset) or a gap */
	return with_hi;
}

static bool
host_fixed_stretch(void *arg, slm_local from, slm_local *until, int32_t *offset)
{
	HostZone   *hz = arg;
	int			y;
	slm_time	t;

	if (hz->dst_offset == hz->std_offset)
	{
		*offset = hz->std_offset;
		/* "forever", as far as wall-clock microseconds can count (as pg_zone.c) */
		*until = (INT64_MAX / SLM_USECS_PER_SEC - 1) * SLM_USECS_PER_SEC;
		return true;
	}
	/* conservatively: from two days before from to the next change, less two days */
	t = from - 2 * SLM_USECS_PER_DAY;
	y = year_of(t);
	if (y < 1 || y > 9998)
		return false;
	{
		slm_time	changes[3] = {last_sunday_0100(y, 3), last_sunday_0100(y, 10),
		last_sunday_0100(y + 1, 3)};
		slm_time	next = 0;

		for (int i = 0; i < 3; i++)
			if (changes[i] > t)
			{
				next = changes[i];
				break;
			}
		if (next - 2 * SLM_USECS_PER_DAY <= from)
			return false;
		*until = next - 2 * SLM_USECS_PER_DAY;
		*offset = host_utc_offset(arg, t);
	}
	return true;
}

void
host_zone(SlmZone *zone, HostZone *hz)
{
	zone->local_to_utc = host_local_to_utc;
	zone->utc_offset = host_utc_offset;
	zone->fixed_stretch = host_fixed_stretch;
	zone->arg = hz;
}
