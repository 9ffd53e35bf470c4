/*
 * test/fuzz/fuzz_engine.c
 *	  libFuzzer harness for the business-time engine, built from the same C
 *	  files as the extension (src/engine/), without a server.
 *
 * Input: a calendar literal, then (after a NUL byte, if any) bytes that
 * choose a synthetic time zone and the instants and durations of a few
 * queries.  Every literal must either fail with an error or parse into a
 * calendar whose canonical text reads back to the same bytes; every query
 * must return, and obey the laws of the contract:
 *
 *	elapsed(t, add(t, d)) == d for time-only d > 0 when the deadline is finite,
 *	and add(t, d) is the least such instant;
 *	next_business_time(t) >= t, and lies in B unless it is infinite;
 *	business_days(a, b) == -business_days(b, a).
 *
 * Instants stay within a few years so that each input runs quickly; the
 * far reaches of the timestamp range are tested in SQL (sql/extremes.sql).
 *
 * A broken law aborts, which libFuzzer reports as a crash.
 */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAW(cond, what) \
	do { if (!(cond)) { fprintf(stderr, "law broken: %s\n", what); abort(); } } while (0)

static uint64_t
take(const uint8_t **p, size_t *n, int bytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < bytes; i++)
	{
		v = (v << 8) | (*n > 0 ? **p : 0x5a);
		if (*n > 0)
		{
			(*p)++;
			(*n)--;
		}
	}
	return v;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t		litlen = nul ? (size_t) (nul - data) : size;
	const uint8_t *rest = nul ? nul + 1 : data + size;
	size_t		restlen = nul ? size - litlen - 1 : 0;
	SlmError	err;
	size_t		calsize,
				size2;
	SlmCalendar *cal,
			   *again;
	char	   *text;
	HostZone	hz;
	SlmZone		zone;
	SlmCompiled *c;
	bool		far;

	cal = slm_calendar_parse((const char *) data, litlen, host_alloc(), &calsize, NULL, &err);
	if (cal == NULL)
	{
		LAW(err.code != SLM_OK && err.message[0] != '\0', "a failed parse says why");
		return 0;
	}
	LAW(slm_calendar_is_valid(cal, calsize), "a parsed calendar is valid");

	/* canonical text reads back to the same calendar */
	text = slm_calendar_print(cal, host_alloc());
	LAW(text != NULL, "printing works");
	again = slm_calendar_parse(text, strlen(text), host_alloc(), &size2, NULL, &err);
	LAW(again != NULL, "the canonical text parses");
	LAW(size2 == calsize && memcmp((char *) again + 4, (char *) cal + 4, calsize - 4) == 0,
		"the canonical text reads back to the same calendar");
	free(again);
	free(text);

	/* a zone: an offset within +-15h, maybe with European-style DST */
	hz.std_offset = (int32_t) (take(&rest, &restlen, 2) % (15 * 3600 * 2 + 1)) - 15 * 3600;
	hz.std_offset -= hz.std_offset % 60;
	hz.dst_offset = hz.std_offset + ((take(&rest, &restlen, 1) & 1) ? 3600 : 0);
	host_zone(&zone, &hz);
	c = slm_compile(cal, &zone, host_alloc());
	LAW(c != NULL, "compiles");

	/*
	 * Without daylight saving, one input in eight spans the whole timestamp
	 * range, with durations up to the largest interval: the far reaches are
	 * where arithmetic overflows.
	 */
	far = hz.dst_offset == hz.std_offset && (take(&rest, &restlen, 1) & 7) == 0;

	for (int q = 0; q < 4; q++)
	{
		/* instants in 2024..2028, durations up to 40 days of real time */
		slm_time	t = host_ts(2024, 1, 1, 0, 0, 0) +
			(int64_t) ((uint64_t) take(&rest, &restlen, 6) % (UINT64_C(5) * 366 * 86400)) * SLM_USECS_PER_SEC;
		int64_t		d = (int64_t) ((uint64_t) take(&rest, &restlen, 4) % (UINT64_C(40) * 86400)) * SLM_USECS_PER_SEC + 1;
		int32_t		days = (int32_t) (take(&rest, &restlen, 1) % 40);

		if (far)
		{
			/* the range is wider than int64: count it unsigned */
			t = (slm_time) ((uint64_t) SLM_TIME_MIN + (uint64_t) take(&rest, &restlen, 8) %
							((uint64_t) SLM_TIME_END - (uint64_t) SLM_TIME_MIN));
			d = (int64_t) ((uint64_t) take(&rest, &restlen, 8) % (uint64_t) INT64_MAX) + 1;
			days = (int32_t) (take(&rest, &restlen, 4) % 2000000000);
		}
		slm_time	due,
					next,
					back;
		int64_t		used,
					count1,
					count2;
		bool		in_b;

		LAW(slm_business_add(c, t, 0, d, &due, &err) == SLM_OK, "add returns");
		if (due != SLM_TIME_NOEND)
		{
			LAW(due >= t, "a deadline is not before its start");
			LAW(slm_business_elapsed(c, t, due, &used, &err) == SLM_OK, "elapsed returns");
			LAW(used == d, "elapsed(t, add(t, d)) == d");
			LAW(slm_business_elapsed(c, t, due - 1, &used, &err) == SLM_OK, "elapsed returns");
			LAW(used < d, "add(t, d) is the least such instant");
		}
		LAW(slm_business_add(c, t, 0, -d, &back, &err) == SLM_OK, "subtract returns");
		if (back != SLM_TIME_NOBEGIN)
		{
			LAW(slm_business_elapsed(c, back, t, &used, &err) == SLM_OK, "elapsed returns");
			LAW(used == d, "elapsed(add(t, -d), t) == d");
		}
		LAW(slm_next_business_time(c, t, &next, &err) == SLM_OK, "next returns");
		LAW(next >= t, "next is not before t");
		if (next != SLM_TIME_NOEND)
		{
			LAW(slm_is_business_time(c, next, &in_b, &err) == SLM_OK && in_b, "next is business time");
			LAW(slm_business_elapsed(c, t, next, &used, &err) == SLM_OK && used == 0,
				"no business time before next");
		}
		LAW(slm_business_add(c, t, days, 0, &due, &err) == SLM_OK, "adding days returns");
		LAW(slm_business_add(c, t, -days, 0, &due, &err) == SLM_OK, "subtracting days returns");
		/* a calendar that is never open sends due to -infinity: count no further */
		if (due != SLM_TIME_NOBEGIN && due != SLM_TIME_NOEND)
			LAW(slm_business_days(c, (slm_date) (t / SLM_USECS_PER_DAY), (slm_date) (due / SLM_USECS_PER_DAY + 3),
								  &count1, &err) == SLM_OK, "counting days returns");
		LAW(slm_business_days(c, 100, -300, &count1, &err) == SLM_OK &&
			slm_business_days(c, -300, 100, &count2, &err) == SLM_OK && count1 == -count2,
			"business_days is antisymmetric");
	}
	slm_compiled_free(c);
	free(cal);
	return 0;
}
