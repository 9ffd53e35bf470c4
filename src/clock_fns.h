/*-------------------------------------------------------------------------
 *
 * clock_fns.h
 *	  The SQL-callable clock functions (clock_fns.c) over the engine's
 *	  business time of a clock (src/engine/clock_schedule.c), and the
 *	  pauses of a tstzmultirange as that code takes them.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_fns.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLOCK_FNS_H
#define SLM_CLOCK_FNS_H

#include "postgres.h"

#include "utils/multirangetypes.h"

#include "clock_rules.h"

extern int	slm_pause_bounds(MultirangeType *pauses, slm_time **from, slm_time **to);

#endif							/* SLM_CLOCK_FNS_H */
