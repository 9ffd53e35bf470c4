/*-------------------------------------------------------------------------
 *
 * pg_zone.c
 *	  The engine's time zone provider (SlmZone), filled from PostgreSQL's
 *	  own tz database so that conversions match AT TIME ZONE exactly.
 *
 * local_to_utc is PostgreSQL's DetermineTimeZoneOffset, the very function
 * behind "timestamp AT TIME ZONE zone"; utc_offset is pg_localtime, behind
 * "timestamptz AT TIME ZONE zone".  fixed_stretch answers, from
 * pg_next_dst_boundary, how long one offset keeps governing both
 * directions, which lets the engine convert whole stretches of dates by
 * subtraction.  It errs on the short side and checks itself against the
 * exact functions, because a wrong "fixed" answer would be a wrong result.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/pg_zone.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "base.h"
#include "pg_zone.h"

/* Seconds from the Unix epoch to PostgreSQL's (2000-01-01). */
#define PG_EPOCH_SECS \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

static int64
floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Wall clock to instant, as "timestamp AT TIME ZONE zone" does. */
static slm_time
pg_local_to_utc(void *arg, slm_local local)
{
	pg_tz	   *tz = (pg_tz *) arg;
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	/* out of the calendar's range PostgreSQL assumes UTC; so do we */
	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		return local;
	tzoff = DetermineTimeZoneOffset(&tm, tz);
	return local + (int64) tzoff * USECS_PER_SEC;
}

/* Offset (seconds east) in force at an instant, as timestamptz output uses. */
static int32_t
pg_utc_offset(void *arg, slm_time t)
{
	pg_tz	   *tz = (pg_tz *) arg;
	pg_time_t	sec = (pg_time_t) (floor_div(t, USECS_PER_SEC) + PG_EPOCH_SECS);
	struct pg_tm *tx = pg_localtime(&sec, tz);

	return tx ? (int32_t) tx->tm_gmtoff : 0;
}

/*
 * One offset for wall clock [from, *until) and the instants it maps to?
 *
 * DetermineTimeZoneOffset(L) looks for the first transition after L minus a
 * day and uses the offset before it while both candidate instants fall
 * before that transition.  So if the first transition after from - 2 days
 * is B, every wall-clock time below B - 2 days (offsets stay under 26h)
 * converts with the offset in force at from - 2 days, and every instant
 * it maps to lies in the same segment of the zone.
 */
static bool
pg_fixed_stretch(void *arg, slm_local from, slm_local *until, int32_t *offset)
{
	pg_tz	   *tz = (pg_tz *) arg;
	pg_time_t	probe = (pg_time_t) (floor_div(from, USECS_PER_SEC) + PG_EPOCH_SECS - 2 * SECS_PER_DAY);
	long int	before_gmtoff,
				after_gmtoff;
	int			before_isdst,
				after_isdst;
	pg_time_t	boundary;
	int			res;
	int64		until_secs;
	/* "forever", as far as wall-clock microseconds can count */
	const int64 max_secs = PG_INT64_MAX / USECS_PER_SEC - 1;

	res = pg_next_dst_boundary(&probe, &before_gmtoff, &before_isdst, &boundary,
							   &after_gmtoff, &after_isdst, tz);
	if (res < 0)
		return false;
	if (res == 0)
		until_secs = max_secs;
	else
	{
		until_secs = (int64) boundary - PG_EPOCH_SECS - 2 * SECS_PER_DAY - 1;
		if (until_secs > max_secs)
			until_secs = max_secs;
	}
	if (until_secs * USECS_PER_SEC <= from)
		return false;
	if (before_gmtoff <= -SLM_MAX_UTC_OFFSET_SECS || before_gmtoff >= SLM_MAX_UTC_OFFSET_SECS)
		return false;

	/* trust, but verify against the exact conversions */
	if (pg_local_to_utc(arg, from) != from - (int64) before_gmtoff * USECS_PER_SEC ||
		pg_utc_offset(arg, from - (int64) before_gmtoff * USECS_PER_SEC) != before_gmtoff)
		return false;

	*until = until_secs * USECS_PER_SEC;
	*offset = (int32_t) before_gmtoff;
	return true;
}

void
slm_zone_provider(SlmZone *zone, pg_tz *tz)
{
	zone->local_to_utc = pg_local_to_utc;
	zone->utc_offset = pg_utc_offset;
	zone->fixed_stretch = pg_fixed_stretch;
	zone->arg = tz;
}

/*
 * Look a zone name up as the TimeZone setting would.  Refuses zones with
 * leap seconds (as TimeZone does) and zones whose offsets stray further
 * from UTC than real ones do, which the engine's date arithmetic relies on.
 * position, when known, is where the name stands in a calendar literal.
 * Returns NULL after a soft error.
 */
pg_tz *
slm_zone_lookup(const char *name, int position, Node *escontext)
{
	pg_tz	   *tz;
	char		where[40] = "";
	/* seconds since 2000-01-01: January and July of 1900, 1970, 2000 and 2030 */
	static const int64 probes[] = {
		-3155673600LL, -3140035200LL, -946684800LL, -931046400LL,
		0LL, 15638400LL, 946684800LL, 962323200LL
	};

	if (position > 0)
		snprintf(where, sizeof(where), " at position %d", position);
	if (strlen(name) > TZ_STRLEN_MAX)
	{
		errsave(escontext,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone name \"%.40s...\" is too long", name)));
		return NULL;
	}
	tz = pg_tzset(name);
	if (tz == NULL)
	{
		errsave(escontext,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid calendar: time zone \"%s\"%s is not recognized", name, where),
				 errhint("Use a name from pg_timezone_names, such as \"Europe/London\".")));
		return NULL;
	}
	if (!pg_tz_acceptable(tz))
	{
		errsave(escontext,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid calendar: time zone \"%s\"%s uses leap seconds", name, where),
				 errdetail("PostgreSQL does not support leap seconds.")));
		return NULL;
	}
	for (int i = 0; i < (int) lengthof(probes); i++)
	{
		int32_t		off = pg_utc_offset(tz, probes[i] * USECS_PER_SEC);

		if (off <= -SLM_MAX_UTC_OFFSET_SECS || off >= SLM_MAX_UTC_OFFSET_SECS)
		{
			errsave(escontext,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid calendar: time zone \"%s\"%s is too far from UTC", name, where),
					 errdetail("Calendars accept UTC offsets of less than %d hours.",
							   SLM_MAX_UTC_OFFSET_SECS / 3600)));
			return NULL;
		}
	}
	return tz;
}
