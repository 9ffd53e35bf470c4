/*-------------------------------------------------------------------------
 *
 * alert_worker.h
 *	  The optional background worker that sends crossings when they happen
 *	  (alert_worker.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/alert_worker.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_ALERT_WORKER_H
#define SLM_ALERT_WORKER_H

#include "datatype/timestamp.h"

extern char *slm_alert_database;

extern void slm_alert_worker_init(void);
extern void slm_alert_clock_written(TimestampTz warn_from, TimestampTz due_at);

#endif							/* SLM_ALERT_WORKER_H */
