/*
 * test/engine/probe.c - run one engine query from the command line (debugging aid)
 *
 * Build it with the engine alone, from the top of the tree:
 *	cc -O2 -Isrc/engine -Itest/engine src/engine/calendar_parse.c \
 *		src/engine/calendar_print.c src/engine/calendar_compile.c \
 *		src/engine/business_time.c test/engine/host.c test/engine/probe.c \
 *		-o /tmp/probe
 */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int
main(int argc, char **argv)
{
	SlmError	err;
	size_t		size;
	HostZone	hz = {0, 0};
	SlmZone		zone;
	SlmCalendar *cal;
	SlmCompiled *c;
	int64_t		usecs;
	clock_t		t0;

	if (argc < 4)
	{
		fprintf(stderr, "usage: probe CALENDAR FROM_YEAR TO_YEAR [std_offset dst_offset]\n");
		return 2;
	}
	if (argc >= 6)
	{
		hz.std_offset = atoi(argv[4]);
		hz.dst_offset = atoi(argv[5]);
	}
	cal = slm_calendar_parse(argv[1], strlen(argv[1]), host_alloc(), &size, NULL, &err);
	if (!cal)
	{
		fprintf(stderr, "parse: %s\n", err.message);
		return 1;
	}
	host_zone(&zone, &hz);
	c = slm_compile(cal, &zone, host_alloc());
	t0 = clock();
	if (slm_business_elapsed(c, host_ts(atoi(argv[2]), 1, 1, 0, 0, 0),
							 host_ts(atoi(argv[3]), 1, 1, 0, 0, 0), &usecs, &err) != SLM_OK)
	{
		fprintf(stderr, "elapsed: %s\n", err.message);
		return 1;
	}
	printf("elapsed %lld hours in %.3f s, memory %zu\n", (long long) (usecs / SLM_USECS_PER_HOUR),
		   (double) (clock() - t0) / CLOCKS_PER_SEC, slm_compiled_memory(c));
	slm_compiled_free(c);
	free(cal);
	return 0;
}
