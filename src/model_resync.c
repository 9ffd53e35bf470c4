/*-------------------------------------------------------------------------
 *
 * model_resync.c
 *	  Running clocks follow a change of the model: a calendar, a service's
 *	  calendar, an agreement, a target, a customer's tier, the tier
 *	  thresholds or the priority matrix.
 *
 * A running clock's due time depends on the model as it is now; before,
 * a changed target or holiday reached the clocks only by slm.rebuild, and
 * until then every report measured open tickets against the old goal
 * while computing the time left on the new one.  So a change of a model
 * table brings the running clocks of every tracked table up to it, as
 * slm.rebuild does (clock_rebuild.c, SYNC_RESYNC); stopped and cancelled
 * clocks keep the results they had.  Zammad recalculates its open
 * tickets' escalation times the same way when an SLA or calendar changes.
 *
 * A change of anything but a calendar may also make a target apply to an
 * open ticket that had no clock of its kind (an SLA signed for a service, a
 * customer made a key account that key targets cover): the resync then
 * reads the open tickets without a running clock too, and gives them the
 * clocks a new ticket would have had from its opening.  (Before, they got
 * them only from slm.rebuild or their next change of priority, customer or
 * service: an SLA's targets entered after slm.attach covered none of the
 * backlog.)  Resolved tickets get none: last month's compliance does not
 * change under a report; slm.rebuild gives them the clocks of their past.
 *
 * The work is done once per transaction, at its commit: a script that
 * edits twenty targets, or slm.install_standard_targets, resyncs once.
 * A statement trigger on each model table notes what changed (for
 * slm.customers, only the customers whose tier changed, from its
 * transition tables: a CRM sync that rewrites descriptions costs
 * nothing), and a deferred row trigger, fired at commit (or at SET
 * CONSTRAINTS ... IMMEDIATE), does what was noted.  TRUNCATE fires no
 * row trigger, so it resyncs at once.  On a server that follows the model
 * by logical replication, the apply worker fires no statement trigger:
 * there the deferred trigger resyncs every table once per applied
 * transaction.
 *
 * Tickets written while the resync runs: it waits for the transactions
 * writing clocks and holds off new ones until it commits (a SHARE ROW
 * EXCLUSIVE lock on slm.clocks, against the ROW EXCLUSIVE lock that every
 * reader of the model takes first, clock_model.c), so that each ticket's
 * clocks are computed on the new model, by the resync or by its writer.
 *
 * A tracked table that cannot be resynced is a WARNING, and the model
 * change stands; slm.rebuild recomputes its clocks once it is fixed.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/model_resync.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "base.h"
#include "tracking.h"

#if PG_VERSION_NUM >= 170000
#define CURRENT_LXID (MyProc->vxid.lxid)
#else
#define CURRENT_LXID (MyProc->lxid)
#endif

/*
 * What the transaction CURRENT_LXID has changed and its commit is to
 * resync: every running clock, or those of the customers listed (C
 * strings in TopTransactionContext).  Another transaction id means
 * nothing is noted (a transaction that rolled back leaves its notes here).
 */
static LocalTransactionId noted_lxid = InvalidLocalTransactionId;
static bool noted_all = false;
static List *noted_customers = NIL;
/* a change that may make a target apply where none did (see below) */
static bool noted_coverage = false;

/* The transaction that last resynced in an apply worker. */
static LocalTransactionId replica_done_lxid = InvalidLocalTransactionId;

static void
notes_of_this_transaction(void)
{
	if (noted_lxid != CURRENT_LXID)
	{
		noted_lxid = CURRENT_LXID;
		noted_all = false;
		noted_customers = NIL;
		noted_coverage = false;
	}
}

/*
 * The customers of a statement on slm.customers whose tier it changed (a
 * customer added or removed had, or has, the tier "standard" of a customer
 * slm does not know), from its transition tables.
 */
static List *
customers_with_new_tiers(TriggerData *trigdata)
{
	const char *none = "SELECT NULL::text AS name, NULL::text AS tier, NULL::integer AS importance, "
		"NULL::integer AS urgency, NULL::integer AS complexity WHERE false";
	const char *tier = "coalesce(%s.tier, slm.classify_tier(%s.importance, %s.urgency, %s.complexity), 'standard')";
	StringInfoData sql;
	List	   *names = NIL;
	MemoryContext caller = CurrentMemoryContext;

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "WITH o AS (%s), n AS (%s) "
					 "SELECT DISTINCT coalesce(n.name, o.name) FROM o FULL JOIN n ON n.name OPERATOR(pg_catalog.=) o.name "
					 "WHERE ",
					 trigdata->tg_oldtable != NULL ? "SELECT * FROM slm_old_customers" : none,
					 trigdata->tg_newtable != NULL ? "SELECT * FROM slm_new_customers" : none);
	appendStringInfo(&sql, tier, "o", "o", "o", "o");
	appendStringInfoString(&sql, " IS DISTINCT FROM ");
	appendStringInfo(&sql, tier, "n", "n", "n", "n");

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(trigdata) != SPI_OK_TD_REGISTER)
		elog(ERROR, "could not read the customers the statement changed");
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the customers the statement changed");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		MemoryContext spi = MemoryContextSwitchTo(caller);

		names = lappend(names, pstrdup(name));
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return names;
}

/*
 * A tracked table, the customers to resync (NIL: all) and whether open
 * tickets without a running clock are read too, for
 * slm_try_in_subtransaction.
 */
typedef struct ResyncArgs
{
	Oid			tbl;
	List	   *customers;
	bool		coverage;
} ResyncArgs;

static void
resync_table(void *arg)
{
	ResyncArgs *a = (ResyncArgs *) arg;

	(void) slm_resync_running(a->tbl, a->customers, a->coverage);
}

/*
 * The running clocks of every tracked table (of the customers listed, or
 * all) brought up to the model as this transaction has left it; with
 * coverage, also the open tickets that have none.
 */
static void
resync_running_clocks(List *customers, bool coverage)
{
	List	   *tables = NIL;
	ListCell   *lc;

	/*
	 * Wait for the transactions writing clocks (with the model as it was)
	 * to end, and keep new ones from writing until this commits (then they
	 * read the changed model: see clock_model.c).  Without it, a ticket
	 * opened or changed while the resync ran kept due times that ignored
	 * the change: the resync could not see it, nor it the change.  The
	 * transactions that wrote are seen by a snapshot taken after the wait,
	 * even where this transaction's own is older (REPEATABLE READ), and
	 * that snapshot sees every change of the model so far.
	 */
	LockRelationOid(slm_clocks_relid(), ShareRowExclusiveLock);
	CommandCounterIncrement();
	PushActiveSnapshot(GetLatestSnapshot());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT t.tbl FROM slm.tracked_tables t ORDER BY t.tbl", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.tracked_tables");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		MemoryContext spi = MemoryContextSwitchTo(CurTransactionContext);

		tables = lappend_oid(tables, DatumGetObjectId(d));
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	foreach(lc, tables)
	{
		ResyncArgs	a = {lfirst_oid(lc), customers, coverage};
		ErrorData  *edata;

		CHECK_FOR_INTERRUPTS();
		edata = slm_try_in_subtransaction(resync_table, &a);
		if (edata != NULL)
			ereport(WARNING,
					(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
					 errmsg("slm could not bring the running clocks of %s up to the changed model: %s",
							slm_relation_name(a.tbl), edata->message),
					 errhint("The model was changed; slm.rebuild('%s') recomputes the clocks once this is fixed.",
							 slm_relation_name(a.tbl))));
	}
	PopActiveSnapshot();
}

/*
 * slm_model_resync_later - statement trigger on the model tables: note
 * what the commit is to resync (TRUNCATE: resync now)
 */
PG_FUNCTION_INFO_V1(slm_model_resync_later);
Datum
slm_model_resync_later(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	bool		coverage;

	slm_require_trigger(fcinfo);
	/* a calendar's change moves due times, but makes no target apply */
	coverage = strcmp(RelationGetRelationName(trigdata->tg_relation), "calendars") != 0;
	if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		resync_running_clocks(NIL, coverage);
		PG_RETURN_POINTER(NULL);
	}
	notes_of_this_transaction();
	noted_coverage |= coverage;
	if (noted_all)
		PG_RETURN_POINTER(NULL);
	/* slm.customers: only customers whose tier changed */
	if (trigdata->tg_trigger->tgoldtable != NULL || trigdata->tg_trigger->tgnewtable != NULL)
	{
		List	   *names = customers_with_new_tiers(trigdata);
		MemoryContext was = MemoryContextSwitchTo(TopTransactionContext);
		ListCell   *lc;

		foreach(lc, names)
			noted_customers = lappend(noted_customers, pstrdup((const char *) lfirst(lc)));
		MemoryContextSwitchTo(was);
	}
	else
		noted_all = true;
	PG_RETURN_POINTER(NULL);
}

/*
 * slm_resync_running_clocks - deferred row trigger on the model tables:
 * at commit, resync what the transaction noted, once
 */
PG_FUNCTION_INFO_V1(slm_resync_running_clocks);
Datum
slm_resync_running_clocks(PG_FUNCTION_ARGS)
{
	bool		all;
	bool		coverage;
	List	   *customers;

	slm_require_trigger(fcinfo);
	notes_of_this_transaction();
	/* an apply worker fires no statement trigger: every table, once */
	if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA && replica_done_lxid != CURRENT_LXID)
	{
		replica_done_lxid = CURRENT_LXID;
		noted_all = true;
		noted_coverage = true;
	}
	if (!noted_all && noted_customers == NIL)
		PG_RETURN_POINTER(NULL);
	all = noted_all;
	customers = noted_customers;
	coverage = noted_coverage;
	noted_all = false;
	noted_customers = NIL;
	noted_coverage = false;
	resync_running_clocks(all ? NIL : customers, coverage);
	PG_RETURN_POINTER(NULL);
}
