/*-------------------------------------------------------------------------
 *
 * slm.c
 *	  Module start-up of slm: the magic block, _PG_init, and the slm.*
 *	  settings.  The helpers the SQL layer shares are in base.c.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/slm.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "alert_worker.h"
#include "calendar.h"
#include "clock_model.h"
#include "lookup_cache.h"
#include "report_periods.h"
#include "tracking.h"

#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "slm", .version = SLM_VERSION);
#else
PG_MODULE_MAGIC;
#endif

void		_PG_init(void);

/*
 * Load-time set-up: the invalidation callbacks of the calendar cache, of
 * the SLA model, of the ticket systems' look-ups and of slm.clocks'
 * indexes, the hook that keeps one clock store per statement, the hook
 * that lets a filter on a report's period reach the clocks' due-date
 * index, the slm.* settings, and, when slm is preloaded, the alert worker.
 */
void
_PG_init(void)
{
	slm_calendar_cache_init();
	slm_clock_model_init();
	slm_lookup_cache_init();
	slm_clock_trigger_init();
	slm_clock_store_init();
	slm_period_paths_init();
	DefineCustomBoolVariable("slm.direct_writes",
							 "Lets the tracking trigger and slm.rebuild write clocks without SQL statements.",
							 "Off makes them run prepared statements instead, as they do when slm.clocks has triggers of its own; for tests.",
							 &slm_direct_writes,
							 true,
							 PGC_USERSET,
							 GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
	slm_alert_worker_init();
	MarkGUCPrefixReserved("slm");
}
