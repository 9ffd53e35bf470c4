/*-------------------------------------------------------------------------
 *
 * report_periods.h
 *	  The reports' grains and periods (report_periods.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/report_periods.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_REPORT_PERIODS_H
#define SLM_REPORT_PERIODS_H

#include "utils/date.h"

typedef enum ReportGrain
{
	GRAIN_NONE,
	GRAIN_DAY,
	GRAIN_WEEK,
	GRAIN_MONTH,
	GRAIN_QUARTER,
	GRAIN_YEAR
} ReportGrain;

extern ReportGrain slm_report_grain(const char *name);
extern DateADT slm_period_start(ReportGrain g, DateADT d);
extern bool slm_period_after(ReportGrain g, DateADT d, DateADT *after);

/* period_paths.c */
extern void slm_period_paths_init(void);

#endif							/* SLM_REPORT_PERIODS_H */
