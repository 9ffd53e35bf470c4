/*-------------------------------------------------------------------------
 *
 * clock_rules.c
 *	  The rules that decide a clock from its ticket, as plain C: no fmgr,
 *	  no SPI, no catalogs.  The tracking trigger, slm.rebuild and the SQL
 *	  path (through thin wrappers in clock_fns.c) all ask these, so that a
 *	  rule is written once.
 *
 * So far this holds when a clock stops; the other transitions still live
 * in clock_trigger.c and in the SQL path (see the clock-rules issue).
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
