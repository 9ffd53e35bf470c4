/*-------------------------------------------------------------------------
 *
 * clock_rules.c
 *	  The rules that decide a clock from its ticket's times, as plain C:
 *	  no fmgr, no SPI, no catalogs, no rows.  The transitions that work on
 *	  a ticket's clock rows (clock_sync.c) and the state of a clock at an
 *	  instant (clock_fns.c) ask these, so that each rule is written once.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include "slm.h"

#include "utils/timestamp.h"

/*
 * When a clock stops, from the ticket's reply and resolution times
 * (DT_NOEND where the ticket has none) and the clock's current stop
 * (DT_NOEND: running).  Returns DT_NOEND while the clock runs on.
 *
 *	SLA response	at the first reply; a ticket resolved without a reply
 *					("never mind", a duplicate) stops it at the resolution,
 *					judged like any other stop.  A stop once made stays when
 *					the ticket is reopened (the next cycle is a resolution's).
 *	SLA resolution	at the resolution (the caller passes only the latest
 *					cycle; a reopening starts a new one).
 *	OLA, UC			at the resolution, if not stopped before (a hand-off or
 *					the end of a supplier wait stops them earlier).
 *
 * No clock stops before it started.
 */
TimestampTz
slm_clock_stop(bool sla, bool response, TimestampTz started, TimestampTz stopped,
			   TimestampTz responded, TimestampTz resolved)
{
	TimestampTz stop;

	if (sla && response)
		stop = responded != DT_NOEND ? responded : stopped != DT_NOEND ? stopped : resolved;
	else if (sla)
		stop = resolved;
	else
		stop = stopped != DT_NOEND ? stopped : resolved;
	if (stop != DT_NOEND && stop < started)
		stop = started;
	return stop;
}

/*
 * The state stored with a clock as of its last change (DT_NOEND: no such
 * time): cancelled, met (stopped by its due time), missed, paused or
 * running.  slm_clock_state adds what time has done since (at risk,
 * breached).
 */
const char *
slm_stored_state(TimestampTz cancelled, TimestampTz stopped, bool paused, TimestampTz due)
{
	if (cancelled != DT_NOEND)
		return "cancelled";
	if (stopped != DT_NOEND)
		return stopped <= due ? "met" : "missed";
	return paused ? "paused" : "running";
}
