/*-------------------------------------------------------------------------
 *
 * calendar_type.c
 *	  The slm.calendar type: text and binary I/O, equality, hashing and
 *	  the "calendar || text" operator.
 *
 * The stored value is the engine's flat SlmCalendar (engine.h), built by
 * the engine's parser and normalised so that calendars with the same
 * meaning are equal byte for byte; equality and hashing are therefore
 * plain byte comparisons.  The time zone is stored under the spelling
 * PostgreSQL's tz database gives it, so "tz=asia/shanghai" and
 * "tz=Asia/Shanghai" are one calendar.
 *
 * The binary form is a format-version byte followed by the canonical text;
 * receiving it runs the same parser as text input, so both are equally
 * strict.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/calendar_type.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "base.h"
#include "calendar.h"
#include "pg_zone.h"

/* binary format version written by calendar_send */
#define CALENDAR_SEND_VERSION 1

/*
 * Parse a calendar literal into a varlena; NULL after a soft error.
 */
SlmCalendar *
slm_calendar_from_text(const char *text, size_t len, Node *escontext)
{
	const SlmAlloc *mem = slm_current_allocator();
	SlmError	err;
	SlmCalendar *parsed;
	SlmCalendar *result;
	size_t		size;
	char	   *zone_name;
	pg_tz	   *tz;
	const char *canonical;
	int			zone_position = 0;

	parsed = slm_calendar_parse(text, len, mem, &size, &zone_position, &err);
	if (parsed == NULL)
	{
		if (err.code == SLM_ERR_NOMEM)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
		slm_report_error(&err, "calendar", escontext);
		return NULL;
	}

	zone_name = pnstrdup(SLM_CAL_ZONE(parsed), parsed->zone_len);
	tz = slm_zone_lookup(zone_name, zone_position, escontext);
	if (tz == NULL)
		return NULL;

	/* store the zone as the tz database spells it */
	canonical = pg_get_timezone_name(tz);
	if (canonical != NULL && strcmp(canonical, zone_name) != 0)
	{
		result = slm_calendar_with_zone(parsed, canonical, strlen(canonical), mem, &size);
		if (result == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
		pfree(parsed);
	}
	else
		result = parsed;
	SET_VARSIZE(result, size);
	return result;
}

/* The canonical literal of a stored calendar, checked for damage first. */
char *
slm_calendar_to_text(const SlmCalendar *cal)
{
	char	   *text;

	if (!slm_calendar_is_valid(cal, CALENDAR_SIZE(cal)))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("stored calendar value is corrupt")));
	text = slm_calendar_print(cal, slm_current_allocator());
	if (text == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	return text;
}

/*
 * calendar_in - read the text form of a calendar
 */
PG_FUNCTION_INFO_V1(calendar_in);
Datum
calendar_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SlmCalendar *cal = slm_calendar_from_text(str, strlen(str), fcinfo->context);

	if (cal == NULL)
		PG_RETURN_NULL();
	PG_RETURN_CALENDAR_P(cal);
}

/*
 * calendar_out - canonical text form
 */
PG_FUNCTION_INFO_V1(calendar_out);
Datum
calendar_out(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);
	char	   *text = slm_calendar_to_text(cal);

	PG_FREE_IF_COPY(cal, 0);
	PG_RETURN_CSTRING(text);
}

/*
 * calendar_recv - binary input: a version byte, then the canonical text
 */
PG_FUNCTION_INFO_V1(calendar_recv);
Datum
calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgint(buf, 1);
	const char *text;
	int			len;

	if (version != CALENDAR_SEND_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type calendar", version),
				 errdetail("This version of slm reads format version %d.",
						   CALENDAR_SEND_VERSION)));
	len = buf->len - buf->cursor;
	text = pq_getmsgbytes(buf, len);
	PG_RETURN_CALENDAR_P(slm_calendar_from_text(text, (size_t) len, NULL));
}

/*
 * calendar_send - binary output: a version byte, then the canonical text
 */
PG_FUNCTION_INFO_V1(calendar_send);
Datum
calendar_send(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);
	char	   *text = slm_calendar_to_text(cal);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint8(&buf, CALENDAR_SEND_VERSION);
	pq_sendbytes(&buf, text, strlen(text));
	PG_FREE_IF_COPY(cal, 0);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Byte equality of two normalised calendars. */
static bool
calendar_equal(const SlmCalendar *a, const SlmCalendar *b)
{
	return VARSIZE(a) == VARSIZE(b) &&
		memcmp(VARDATA(a), VARDATA(b), VARSIZE(a) - VARHDRSZ) == 0;
}

/*
 * calendar_eq - the = operator
 */
PG_FUNCTION_INFO_V1(calendar_eq);
Datum
calendar_eq(PG_FUNCTION_ARGS)
{
	SlmCalendar *a = PG_GETARG_CALENDAR_P(0);
	SlmCalendar *b = PG_GETARG_CALENDAR_P(1);
	bool		result = calendar_equal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_BOOL(result);
}

/*
 * calendar_ne - the <> operator
 */
PG_FUNCTION_INFO_V1(calendar_ne);
Datum
calendar_ne(PG_FUNCTION_ARGS)
{
	SlmCalendar *a = PG_GETARG_CALENDAR_P(0);
	SlmCalendar *b = PG_GETARG_CALENDAR_P(1);
	bool		result = !calendar_equal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_BOOL(result);
}

/*
 * Byte order of two calendars: arbitrary but stable, so that calendars can
 * be sorted (DISTINCT, ORDER BY, merge joins).
 */
static int
calendar_compare(const SlmCalendar *a, const SlmCalendar *b)
{
	Size		la = VARSIZE(a) - VARHDRSZ;
	Size		lb = VARSIZE(b) - VARHDRSZ;
	int			r = memcmp(VARDATA(a), VARDATA(b), Min(la, lb));

	if (r != 0)
		return r < 0 ? -1 : 1;
	return (la > lb) - (la < lb);
}

/*
 * calendar_cmp - btree opclass support
 */
PG_FUNCTION_INFO_V1(calendar_cmp);
Datum
calendar_cmp(PG_FUNCTION_ARGS)
{
	SlmCalendar *a = PG_GETARG_CALENDAR_P(0);
	SlmCalendar *b = PG_GETARG_CALENDAR_P(1);
	int			result = calendar_compare(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_INT32(result);
}

#define CALENDAR_COMPARISON(name, test) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	SlmCalendar *a = PG_GETARG_CALENDAR_P(0); \
	SlmCalendar *b = PG_GETARG_CALENDAR_P(1); \
	int			r = calendar_compare(a, b); \
\
	PG_FREE_IF_COPY(a, 0); \
	PG_FREE_IF_COPY(b, 1); \
	PG_RETURN_BOOL(test); \
}

/* calendar_lt, _le, _gt, _ge - the btree opclass's ordering operators */
CALENDAR_COMPARISON(calendar_lt, r < 0)
CALENDAR_COMPARISON(calendar_le, r <= 0)
CALENDAR_COMPARISON(calendar_gt, r > 0)
CALENDAR_COMPARISON(calendar_ge, r >= 0)

/*
 * calendar_hash - hash opclass support (function 1)
 */
PG_FUNCTION_INFO_V1(calendar_hash);
Datum
calendar_hash(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);
	Datum		result = hash_any((unsigned char *) VARDATA(cal), VARSIZE(cal) - VARHDRSZ);

	PG_FREE_IF_COPY(cal, 0);
	PG_RETURN_DATUM(result);
}

/*
 * calendar_hash_extended - hash opclass support (function 2, seeded)
 */
PG_FUNCTION_INFO_V1(calendar_hash_extended);
Datum
calendar_hash_extended(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);
	uint64		seed = PG_GETARG_INT64(1);
	Datum		result = hash_any_extended((unsigned char *) VARDATA(cal),
										   VARSIZE(cal) - VARHDRSZ, seed);

	PG_FREE_IF_COPY(cal, 0);
	PG_RETURN_DATUM(result);
}

/*
 * calendar_append - calendar || text: the calendar with more clauses
 *
 * The result is what reading "<calendar>; <clauses>" gives, so overrides
 * add up with the ones already there.
 */
PG_FUNCTION_INFO_V1(calendar_append);
Datum
calendar_append(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);
	text	   *more = PG_GETARG_TEXT_PP(1);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, slm_calendar_to_text(cal));
	appendStringInfoString(&buf, "; ");
	appendBinaryStringInfo(&buf, VARDATA_ANY(more), VARSIZE_ANY_EXHDR(more));
	PG_RETURN_CALENDAR_P(slm_calendar_from_text(buf.data, (size_t) buf.len, NULL));
}

/*
 * calendar_zone - the calendar's time zone name
 */
PG_FUNCTION_INFO_V1(calendar_zone);
Datum
calendar_zone(PG_FUNCTION_ARGS)
{
	SlmCalendar *cal = PG_GETARG_CALENDAR_P(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(SLM_CAL_ZONE(cal), cal->zone_len));
}
