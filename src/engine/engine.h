/*-------------------------------------------------------------------------
 *
 * engine.h
 *	  The business-time engine: calendars and business-time arithmetic in
 *	  plain C.
 *
 * Nothing here knows PostgreSQL's function manager, SPI or catalogs, so the
 * engine can be unit-tested and fuzzed as ordinary C.  Time zones reach it
 * through SlmZone (a few function pointers the SQL layer fills from pg_tz),
 * memory through SlmAlloc.  Errors come back as SlmError values; the SQL
 * layer turns them into ereport() calls.
 *
 * The meaning of everything here is fixed by doc/business-time.md
 * ("the spec"); comments cite its sections.
 *
 * Times are PostgreSQL's: microseconds since 2000-01-01 00:00, either UTC
 * (an instant, like timestamptz) or on the calendar's wall clock (like
 * timestamp without time zone).  Dates are days since 2000-01-01.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/engine.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_ENGINE_H
#define SLM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t slm_time;		/* instant: microseconds since 2000-01-01 UTC */
typedef int64_t slm_local;		/* wall clock: microseconds since 2000-01-01 local */
typedef int32_t slm_date;		/* local date: days since 2000-01-01 */

/*
 * A value of SQL's interval type, laid out exactly as PostgreSQL's Interval
 * (the SQL layer checks this at compile time and casts between the two).
 * Not to be confused with compiled.h's SlmInterval, a stretch of business
 * hours.
 */
typedef struct SlmTimeInterval
{
	int64_t		time;			/* microseconds */
	int32_t		day;
	int32_t		month;
} SlmTimeInterval;

#define SLM_USECS_PER_SEC		INT64_C(1000000)
#define SLM_USECS_PER_MINUTE	INT64_C(60000000)
#define SLM_USECS_PER_HOUR		INT64_C(3600000000)
#define SLM_USECS_PER_DAY		INT64_C(86400000000)
#define SLM_MINUTES_PER_DAY		1440

/* PostgreSQL's timestamp range: [SLM_TIME_MIN, SLM_TIME_END) */
#define SLM_TIME_MIN			INT64_C(-211813488000000000)
#define SLM_TIME_END			INT64_C(9223371331200000000)
/* PostgreSQL's -infinity and infinity */
#define SLM_TIME_NOBEGIN		INT64_MIN
#define SLM_TIME_NOEND			INT64_MAX

/* Limits on a calendar literal; generous, but they bound memory and time. */
#define SLM_MAX_LITERAL_LEN		(1024 * 1024)
#define SLM_MAX_SPANS_PER_DAY	100
#define SLM_MAX_OVERRIDE_ITEMS	50000	/* dates and date ranges in a literal */
#define SLM_MAX_OVERRIDE_RUNS	50000	/* runs after normalisation */
#define SLM_MAX_ZONE_LEN		255

/* Offsets further than this from UTC are refused (real zones stay < 16h). */
#define SLM_MAX_UTC_OFFSET_SECS (26 * 3600)

/* ----------------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------------
 */
typedef enum SlmErrorCode
{
	SLM_OK = 0,
	SLM_ERR_SYNTAX,				/* bad literal syntax: SQLSTATE 22P02 */
	SLM_ERR_VALUE,				/* bad value in a literal or argument: 22023 */
	SLM_ERR_RANGE,				/* result out of range: 22008 */
	SLM_ERR_NOMEM				/* allocation failed */
} SlmErrorCode;

typedef struct SlmError
{
	SlmErrorCode code;
	int			position;		/* 1-based character position, 0 if none */
	char		message[256];	/* lower case, no trailing period */
	char		detail[256];	/* full sentence or empty */
	char		hint[256];		/* full sentence or empty */
} SlmError;

/* ----------------------------------------------------------------------
 * Memory and interrupts
 * ----------------------------------------------------------------------
 */
typedef struct SlmAlloc
{
	/* Both may return NULL on failure; the engine then reports SLM_ERR_NOMEM. */
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
	/*
	 * Called from loops whose length the caller controls; may longjmp (a
	 * query cancel).  The engine only calls it where its state is whole.
	 */
	void		(*check_interrupts) (void);
} SlmAlloc;

/* ----------------------------------------------------------------------
 * The calendar value: one flat, pointer-free block, which is also the
 * varlena stored by PostgreSQL.  Equal calendars are equal byte for byte.
 *
 * Layout after the header: SlmOverrideRun[override_count],
 * SlmSpanDef[span_count], then the zone name (zone_len bytes, no NUL).
 * Weekly spans come first in the span array, weekday by weekday (Monday
 * first); week_index[d]..week_index[d+1] are weekday d's.
 * ----------------------------------------------------------------------
 */
#define SLM_CALENDAR_VERSION	1

typedef struct SlmSpanDef
{
	int16_t		start;			/* minutes from the owning date's midnight */
	int16_t		end;			/* start < end <= 2880; > 1440 runs overnight */
} SlmSpanDef;

typedef struct SlmOverrideRun
{
	slm_date	first_date;		/* inclusive */
	slm_date	last_date;		/* inclusive */
	int32_t		span_index;		/* into the span array */
	int32_t		span_count;		/* 0: closed */
} SlmOverrideRun;

typedef struct SlmCalendar
{
	int32_t		vl_len_;		/* varlena header; the engine never reads it */
	uint8_t		version;		/* SLM_CALENDAR_VERSION */
	uint8_t		flags;			/* reserved, always 0 */
	uint16_t	zone_len;
	uint16_t	week_index[8];
	int32_t		override_count;
	int32_t		span_count;
} SlmCalendar;

#define SLM_CAL_RUNS(c) \
	((const SlmOverrideRun *) ((const char *) (c) + sizeof(SlmCalendar)))
#define SLM_CAL_SPANS(c) \
	((const SlmSpanDef *) (SLM_CAL_RUNS(c) + (c)->override_count))
#define SLM_CAL_ZONE(c) \
	((const char *) (SLM_CAL_SPANS(c) + (c)->span_count))
#define SLM_CAL_SIZE(nruns, nspans, zonelen) \
	(sizeof(SlmCalendar) + (size_t) (nruns) * sizeof(SlmOverrideRun) + \
	 (size_t) (nspans) * sizeof(SlmSpanDef) + (size_t) (zonelen))

/* calendar_parse.c: literal -> calendar (spec section 1) */
extern SlmCalendar *slm_calendar_parse(const char *text, size_t len,
									   const SlmAlloc *mem, size_t *size,
									   int *zone_position, SlmError *err);
/* Same calendar with another zone name (the SQL layer's canonical spelling). */
extern SlmCalendar *slm_calendar_with_zone(const SlmCalendar *cal,
										   const char *zone, size_t zone_len,
										   const SlmAlloc *mem, size_t *size);
/* Check a stored calendar's structure before trusting it. */
extern bool slm_calendar_is_valid(const SlmCalendar *cal, size_t size);

/* calendar_print.c: calendar -> canonical literal (NUL-terminated) */
extern char *slm_calendar_print(const SlmCalendar *cal, const SlmAlloc *mem);

/* Small date helpers shared by the engine files. */
extern slm_date slm_date_from_ymd(int year, int month, int day);
extern void slm_date_to_ymd(slm_date date, int *year, int *month, int *day);
extern int	slm_date_weekday(slm_date date);	/* 0 = Monday .. 6 = Sunday */
extern int	slm_days_in_month(int year, int month);

/* ----------------------------------------------------------------------
 * Time zones, as the SQL layer provides them
 * ----------------------------------------------------------------------
 */
typedef struct SlmZone
{
	/*
	 * Wall-clock time to instant, exactly as PostgreSQL's "timestamp AT TIME
	 * ZONE zone" (spec section 2: a time in a gap or a fold takes the
	 * smaller of the two candidate UTC offsets).
	 */
	slm_time	(*local_to_utc) (void *arg, slm_local local);
	/* UTC offset in seconds (east positive) in force at an instant. */
	int32_t		(*utc_offset) (void *arg, slm_time t);
	/*
	 * If one offset governs both directions of conversion for every wall
	 * clock time in [from, *until) and every instant that such a time maps
	 * to, return true and set *offset and *until (> from).  May answer
	 * false or a shorter stretch whenever unsure: callers then fall back to
	 * local_to_utc and utc_offset, which are exact.
	 */
	bool		(*fixed_stretch) (void *arg, slm_local from, slm_local *until,
								  int32_t *offset);
	void	   *arg;
} SlmZone;

/* ----------------------------------------------------------------------
 * Compiled calendars (calendar_compile.c) and queries (business_time.c)
 * ----------------------------------------------------------------------
 */
typedef struct SlmCompiled SlmCompiled;

/* The calendar is copied; zone and mem must outlive the compiled form. */
extern SlmCompiled *slm_compile(const SlmCalendar *cal, const SlmZone *zone,
								const SlmAlloc *mem);
extern void slm_compiled_free(SlmCompiled *c);
/* Bytes currently held, for cache accounting and the memory benchmark. */
extern size_t slm_compiled_memory(const SlmCompiled *c);

/* Spec section 3.  All return SLM_OK or an error code (err filled in). */
extern SlmErrorCode slm_is_business_time(SlmCompiled *c, slm_time t,
										 bool *result, SlmError *err);
extern SlmErrorCode slm_next_business_time(SlmCompiled *c, slm_time t,
										   slm_time *result, SlmError *err);
extern SlmErrorCode slm_business_elapsed(SlmCompiled *c, slm_time t1,
										 slm_time t2, int64_t *usecs,
										 SlmError *err);
extern SlmErrorCode slm_business_add(SlmCompiled *c, slm_time t,
									 int32_t days, int64_t usecs,
									 slm_time *result, SlmError *err);
/* Business dates in [d1, d2); negated when d2 < d1. */
extern SlmErrorCode slm_business_days(SlmCompiled *c, slm_date d1,
									  slm_date d2, int64_t *count,
									  SlmError *err);

/*
 * The maximal intervals of the business set within [from, to), in order;
 * emit returns false to stop early.
 */
typedef bool (*SlmPeriodFn) (void *arg, slm_time start, slm_time end);
extern SlmErrorCode slm_business_periods(SlmCompiled *c, slm_time from,
										 slm_time to, SlmPeriodFn emit,
										 void *arg, SlmError *err);

#endif							/* SLM_ENGINE_H */
