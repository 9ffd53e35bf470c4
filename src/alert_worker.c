/*-------------------------------------------------------------------------
 *
 * alert_worker.c
 *	  An optional background worker that sends each crossing of a running
 *	  clock (at risk, breached) when it happens, rather than at the next
 *	  run of a scheduler.
 *
 * With slm in shared_preload_libraries and slm.alert_database set, the
 * worker connects to that database and loops: it runs slm.escalate() at
 * an instant, finds the next instant at which a running clock will cross
 * its warning threshold or due time, and sleeps until then.  slm.escalate
 * stays the one place that decides what crossed and what a notice says;
 * the worker only chooses when to call it.
 *
 * A ticket change can bring the next crossing nearer (a new ticket with a
 * short goal, a resumed clock).  The clock store tells this file about
 * every running clock it writes (slm_alert_clock_written); when the
 * transaction commits, and only then, so that the worker can see the clock,
 * it sets the worker's latch if the clock crosses before the worker means
 * to wake.  While the worker is between two sleeps it publishes "no plan"
 * (DT_NOEND), so a commit in that window always wakes it again.  Sleeps
 * are capped at a minute, which bounds what a missed wake-up could cost.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/alert_worker.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"

#include "alert_worker.h"

/* the longest sleep: what a missed wake-up can cost at most */
#define SLM_ALERT_MAX_SLEEP_MS	60000
/* how long to wait for the database to get the extension */
#define SLM_ALERT_RETRY_MS		10000

/* What the worker and the backends that write clocks share. */
typedef struct AlertShared
{
	slock_t		mutex;
	Latch	   *latch;			/* the worker's; NULL while none runs */
	TimestampTz next_wake;		/* DT_NOEND: no plan yet (between sleeps) */
} AlertShared;

/* slm.alert_database: '' runs no worker */
char	   *slm_alert_database = NULL;

static AlertShared *alert_shared = NULL;
static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

/* the earliest crossing among the running clocks this transaction wrote */
static TimestampTz pending_crossing = DT_NOEND;

PGDLLEXPORT void slm_alert_worker_main(Datum arg);

static void
alert_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(MAXALIGN(sizeof(AlertShared)));
}

static void
alert_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	alert_shared = ShmemInitStruct("slm alert worker", sizeof(AlertShared), &found);
	if (!found)
	{
		SpinLockInit(&alert_shared->mutex);
		alert_shared->latch = NULL;
		alert_shared->next_wake = DT_NOEND;
	}
	LWLockRelease(AddinShmemInitLock);
}

/*
 * At commit, wake the worker if a clock written here crosses before it
 * means to wake; at abort, forget the clocks.
 */
static void
alert_xact_callback(XactEvent event, void *arg)
{
	Latch	   *latch = NULL;

	if (pending_crossing == DT_NOEND)
		return;
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT)
	{
		SpinLockAcquire(&alert_shared->mutex);
		if (pending_crossing < alert_shared->next_wake)
			latch = alert_shared->latch;
		SpinLockRelease(&alert_shared->mutex);
		if (latch != NULL)
			SetLatch(latch);
	}
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		pending_crossing = DT_NOEND;
}

/*
 * A running clock was written: note when it next crosses.  Costs a
 * comparison when no worker is configured (no shared state then).
 */
void
slm_alert_clock_written(TimestampTz warn_from, TimestampTz due_at)
{
	TimestampTz now;
	TimestampTz crossing;

	if (alert_shared == NULL)
		return;
	now = GetCurrentStatementStartTimestamp();
	crossing = warn_from > now ? warn_from : due_at;
	if (crossing < pending_crossing)
		pending_crossing = crossing;
}

/*
 * Settings, shared memory and the worker, from _PG_init.  The worker and
 * its shared state exist only when slm is preloaded: a library loaded
 * later can reserve neither.
 */
void
slm_alert_worker_init(void)
{
	BackgroundWorker worker;

	/* a setting read only at server start can only be defined then */
	if (!process_shared_preload_libraries_in_progress)
		return;
	DefineCustomStringVariable("slm.alert_database",
							   "Database whose clocks the alert worker watches; empty: no worker.",
							   "The worker needs slm in shared_preload_libraries. It sends each crossing "
							   "of a running clock when it happens, by running slm.escalate().",
							   &slm_alert_database,
							   "",
							   PGC_POSTMASTER,
							   0,
							   NULL, NULL, NULL);

	/*
	 * Without a worker there is nobody to wake: no shared state, and no
	 * callback at every commit (slm_alert_clock_written returns at once).
	 */
	if (slm_alert_database == NULL || slm_alert_database[0] == '\0')
		return;
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = alert_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = alert_shmem_startup;
	RegisterXactCallback(alert_xact_callback, NULL);

	memset(&worker, 0, sizeof(worker));
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
	worker.bgw_restart_time = 10;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "slm");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "slm_alert_worker_main");
	snprintf(worker.bgw_name, BGW_MAXLEN, "slm alert worker");
	snprintf(worker.bgw_type, BGW_MAXLEN, "slm alert worker");
	RegisterBackgroundWorker(&worker);
}

static void
publish_next_wake(TimestampTz next)
{
	SpinLockAcquire(&alert_shared->mutex);
	alert_shared->next_wake = next;
	SpinLockRelease(&alert_shared->mutex);
}

static void
forget_worker(int code, Datum arg)
{
	SpinLockAcquire(&alert_shared->mutex);
	alert_shared->latch = NULL;
	alert_shared->next_wake = DT_NOEND;
	SpinLockRelease(&alert_shared->mutex);
}

/*
 * One round, in one transaction: send what has crossed by now, and return
 * when the next running clock crosses (DT_NOEND: none does).  The same
 * instant bounds both, so that no crossing falls between them.
 */
static TimestampTz
escalate_and_plan(void)
{
	TimestampTz next = DT_NOEND;

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	SPI_connect();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "slm.escalate");

	if (!OidIsValid(get_extension_oid("slm", true)))
		next = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), SLM_ALERT_RETRY_MS);
	else
	{
		Oid			argtypes[2] = {TIMESTAMPTZOID, FLOAT8OID};
		Datum		args[2];
		bool		isnull;

		args[0] = TimestampTzGetDatum(GetCurrentTimestamp());
		args[1] = Float8GetDatum(SLM_ALERT_MAX_SLEEP_MS / 1000.0);
		if (SPI_execute_with_args("SELECT count(*) FROM slm.escalate($1)",
								  1, argtypes, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "slm alert worker: slm.escalate failed");
		/*
		 * Escalation levels: of the clocks past the bound before which a
		 * level cannot be crossed (slm.level_crossing), within the longest
		 * sleep; a later crossing is planned at a later wake-up.
		 */
		if (SPI_execute_with_args("SELECT LEAST("
								  " (SELECT min(c.warn_from) FROM slm.clocks c"
								  "  WHERE c.stopped_at IS NULL AND c.cancelled_at IS NULL"
								  "    AND c.paused_since IS NULL AND c.warn_from > $1),"
								  " (SELECT min(c.due_at) FROM slm.clocks c"
								  "  WHERE c.stopped_at IS NULL AND c.cancelled_at IS NULL"
								  "    AND c.paused_since IS NULL AND c.warn_from <= $1 AND c.due_at > $1),"
								  " (SELECT min(x.crossed_at) FROM slm.escalation_levels l"
								  "  JOIN slm.clocks c ON c.target = l.target"
								  "  CROSS JOIN LATERAL (SELECT slm.level_crossing(c.started_at, c.goal_time, l.from_due,"
								  "                                                c.pauses, c.calendar) AS crossed_at) x"
								  "  WHERE c.stopped_at IS NULL AND c.cancelled_at IS NULL AND c.paused_since IS NULL"
								  "    AND c.started_at + c.goal_time + l.from_due <= $1 + make_interval(secs => $2)"
								  "    AND x.crossed_at > $1))",
								  2, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "slm alert worker: planning the next wake-up failed");
		if (SPI_processed == 1)
		{
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

			if (!isnull)
				next = DatumGetTimestampTz(d);
		}
	}

	SPI_finish();
	PopActiveSnapshot();
	CommitTransactionCommand();
	pgstat_report_activity(STATE_IDLE, NULL);
	return next;
}

void
slm_alert_worker_main(Datum arg)
{
	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	BackgroundWorkerInitializeConnection(slm_alert_database, NULL, 0);
	pgstat_report_appname("slm alert worker");

	SpinLockAcquire(&alert_shared->mutex);
	alert_shared->latch = MyLatch;
	alert_shared->next_wake = DT_NOEND;
	SpinLockRelease(&alert_shared->mutex);
	on_shmem_exit(forget_worker, (Datum) 0);

	for (;;)
	{
		TimestampTz next;
		long		secs;
		int			usecs;
		long		sleep_ms;

		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
		if (ConfigReloadPending)
		{
			ConfigReloadPending = false;
			ProcessConfigFile(PGC_SIGHUP);
		}

		/* between sleeps every commit of a running clock wakes us again */
		publish_next_wake(DT_NOEND);
		next = escalate_and_plan();
		publish_next_wake(next);

		if (next == DT_NOEND)
			sleep_ms = SLM_ALERT_MAX_SLEEP_MS;
		else
		{
			/* wake at the crossing, not a moment before it */
			TimestampDifference(GetCurrentTimestamp(), next, &secs, &usecs);
			sleep_ms = Min((long) SLM_ALERT_MAX_SLEEP_MS, secs * 1000 + (usecs + 999) / 1000);
		}
		if (sleep_ms > 0)
			(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
							 sleep_ms, PG_WAIT_EXTENSION);
	}
}
