/*-------------------------------------------------------------------------
 *
 * clock_columns.h
 *	  The columns of slm.clocks, named once (clock_store.c), for every C
 *	  file that reads or writes clock rows.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_columns.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLOCK_COLUMNS_H
#define SLM_CLOCK_COLUMNS_H

#include "postgres.h"

#include "access/attnum.h"

typedef enum ClockColumn
{
	CLK_ID, CLK_TBL, CLK_TICKET, CLK_CYCLE, CLK_PAUSES, CLK_CANCELLED_AT, CLK_KIND, CLK_METRIC,
	CLK_AGREEMENT, CLK_TARGET, CLK_COUNTERPARTY, CLK_CUSTOMER, CLK_SERVICE, CLK_PRIORITY, CLK_TIER,
	CLK_GOAL, CLK_CALENDAR, CLK_WARN_AT, CLK_STARTED_AT, CLK_PAUSED_SINCE, CLK_STOPPED_AT,
	CLK_GOAL_TIME, CLK_PAUSED_TIME, CLK_TIME_USED, CLK_WARN_FROM, CLK_DUE_AT, CLK_DUE_DATE, CLK_STATE,
	CLK_ASSIGNEE, CLK_SATISFACTION, CLK_REMOVED_AT, CLK_CATEGORY, CLK_NAMED_AGREEMENT,
	CLK_NUM_COLUMNS
} ClockColumn;

/* a column's name in slm.clocks */
extern const char *slm_clock_column_name(ClockColumn c);

/* each column's attribute number in slm.clocks as the tracking code last found it */
extern AttrNumber slm_clock_attnum[CLK_NUM_COLUMNS];

#define CLOCK_VALUE(slot, c)	((slot)->tts_values[slm_clock_attnum[c] - 1])
#define CLOCK_ISNULL(slot, c)	((slot)->tts_isnull[slm_clock_attnum[c] - 1])

#endif							/* SLM_CLOCK_COLUMNS_H */
