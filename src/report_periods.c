/*-------------------------------------------------------------------------
 *
 * report_periods.c
 *	  The reports' periods: a grain's name (day, week, month, quarter,
 *	  year), its length, and the period a date falls in.
 *
 * slm.period_start(grain, date) is date_trunc(grain, date::timestamp)::date
 * without the two conversions to timestamp and back, which cost more than
 * the rest of a compliance report's work per clock.  Weeks begin on
 * Monday, as ISO weeks and date_trunc's do.  The grains live here alone:
 * slm.check_grain and slm.grain_interval read the same table, and so does
 * the planner hook that lets a filter on a report's period reach the index
 * on the clocks' due dates (period_paths.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/report_periods.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "report_periods.h"

static const struct
{
	const char *name;
	ReportGrain grain;
	int			months;			/* the length: months, or else days */
	int			days;
}			grains[] = {
	{"day", GRAIN_DAY, 0, 1},
	{"week", GRAIN_WEEK, 0, 7},
	{"month", GRAIN_MONTH, 1, 0},
	{"quarter", GRAIN_QUARTER, 3, 0},
	{"year", GRAIN_YEAR, 12, 0},
};

/* The grain a name means, or GRAIN_NONE. */
ReportGrain
slm_report_grain(const char *name)
{
	for (int i = 0; i < lengthof(grains); i++)
		if (strcmp(grains[i].name, name) == 0)
			return grains[i].grain;
	return GRAIN_NONE;
}

/* The grain a name means; an error for any other name (NULL too). */
static ReportGrain
checked_grain(const char *name)
{
	ReportGrain g = name != NULL ? slm_report_grain(name) : GRAIN_NONE;

	if (g == GRAIN_NONE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("report grain \"%s\" is not day, week, month, quarter or year",
						name != NULL ? name : "<NULL>")));
	return g;
}

/* The first day of the period of a grain that a finite date falls in. */
DateADT
slm_period_start(ReportGrain g, DateADT d)
{
	int			year,
				month,
				day;
	int			julian = d + POSTGRES_EPOCH_JDATE;

	switch (g)
	{
		case GRAIN_DAY:
			return d;
		case GRAIN_WEEK:
			/* j2day: 0 is Sunday; back to Monday */
			return d - (j2day(julian) + 6) % 7;
		default:
			break;
	}
	j2date(julian, &year, &month, &day);
	if (g == GRAIN_QUARTER)
		month = (month - 1) / 3 * 3 + 1;
	else if (g == GRAIN_YEAR)
		month = 1;
	return date2j(year, month, 1) - POSTGRES_EPOCH_JDATE;
}

/*
 * A finite date moved by one period of a grain, as date + interval moves
 * it (a day past the end of the month ends on its last day).  False when
 * that leaves the range of dates.
 */
bool
slm_period_after(ReportGrain g, DateADT d, DateADT *after)
{
	int			i = 0;
	int64		moved;

	while (grains[i].grain != g)
		i++;
	if (grains[i].months == 0)
		moved = (int64) d + grains[i].days;
	else
	{
		int			year,
					month,
					day;

		j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		month += grains[i].months;
		year += (month - 1) / MONTHS_PER_YEAR;
		month = (month - 1) % MONTHS_PER_YEAR + 1;
		day = Min(day, day_tab[isleap(year)][month - 1]);
		if (!IS_VALID_JULIAN(year, month, day))
			return false;
		moved = (int64) date2j(year, month, day) - POSTGRES_EPOCH_JDATE;
	}
	if (!IS_VALID_DATE(moved))
		return false;
	*after = (DateADT) moved;
	return true;
}

/* slm.period_start(grain text, day date) */
PG_FUNCTION_INFO_V1(slm_period_start_fn);
Datum
slm_period_start_fn(PG_FUNCTION_ARGS)
{
	ReportGrain g = checked_grain(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	DateADT		d = PG_GETARG_DATEADT(1);

	if (DATE_NOT_FINITE(d))
		PG_RETURN_DATEADT(d);
	PG_RETURN_DATEADT(slm_period_start(g, d));
}

/* slm.check_grain(grain text): the grain, or an error */
PG_FUNCTION_INFO_V1(slm_check_grain);
Datum
slm_check_grain(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		checked_grain(NULL);
	checked_grain(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* slm.grain_interval(grain text): a period's length, NULL for no grain */
PG_FUNCTION_INFO_V1(slm_grain_interval);
Datum
slm_grain_interval(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	for (int i = 0; i < lengthof(grains); i++)
		if (strcmp(grains[i].name, name) == 0)
		{
			Interval   *len = palloc0(sizeof(Interval));

			len->month = grains[i].months;
			len->day = grains[i].days;
			PG_RETURN_INTERVAL_P(len);
		}
	PG_RETURN_NULL();
}
