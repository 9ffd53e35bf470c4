/*
 * test/engine/host.h
 *	  A host for the engine (src/engine/) outside PostgreSQL: malloc for
 *	  memory and synthetic time zones, for unit tests and the fuzzer.
 */
#ifndef SLM_TEST_HOST_H
#define SLM_TEST_HOST_H

#include "engine.h"

/*
 * A synthetic zone: a standard offset, and optionally a daylight-saving
 * offset in force from March's last Sunday 01:00 UTC to October's last
 * Sunday 01:00 UTC (the European rule), every year.  Conversions follow
 * the spec: a wall-clock time in a gap or fold takes the smaller offset.
 */
typedef struct HostZone
{
	int32_t		std_offset;		/* seconds east */
	int32_t		dst_offset;		/* equal to std_offset: no DST */
} HostZone;

extern const SlmAlloc *host_alloc(void);
extern void host_zone(SlmZone *zone, HostZone *hz);
extern slm_time host_ts(int y, int mo, int d, int h, int mi, int s);

#endif
