/*-------------------------------------------------------------------------
 *
 * clock_rebuild.c
 *	  slm.rebuild: every clock of a tracked table recomputed from its rows,
 *	  by the same rules as the trigger (src/engine/clock_rules.c), after a
 *	  fixed mapping or tickets loaded with the triggers off; and the
 *	  running clocks alone, after a change of the model
 *	  (src/model_resync.c).
 *
 * Each row is read as the trigger reads it; a ticket with clocks has them
 * brought up to what the row says now (SYNC_REBUILD: stops, waits on the
 * customer, the group holding it, a wait on a supplier, the targets in
 * force, schedules), a ticket without gets a new ticket's clocks, and the
 * clocks of tickets whose rows are gone are removed as a delete would have
 * removed them.  History that only live tracking saw (earlier pauses,
 * hand-offs, reopenings) stays as the clocks recorded it.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_rebuild.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/rel.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "base.h"
#include "tracking.h"

#define REBUILD_BATCH 1000

/*
 * The caller may write slm.clocks, as the statements of a rebuild (or a
 * history load) in SQL would need.  (Without slm.clocks, opening the store says so.)
 */
void
slm_check_clock_rights(void)
{
	Oid			clocks = slm_clocks_relid();

	if (OidIsValid(clocks) &&
		(pg_class_aclcheck(clocks, GetUserId(), ACL_INSERT) != ACLCHECK_OK ||
		 pg_class_aclcheck(clocks, GetUserId(), ACL_UPDATE) != ACLCHECK_OK))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for table clocks"),
				 errhint("slm.rebuild writes slm.clocks: run it as slm's owner or a role allowed to.")));
}

/*
 * Where a row read by the rebuild's query was: its table (the tracked
 * table, or a partition of it) and its version.
 */
typedef struct RowVersion
{
	Relation	tickets;		/* the tracked table, open */
	Oid			table;
	ItemPointerData ctid;
} RowVersion;

/*
 * Whether the version of a ticket's row that the rebuild's query read is
 * still the latest committed one.
 */
static bool
row_version_current(const RowVersion *row)
{
	Relation	rel = row->table == RelationGetRelid(row->tickets) ? row->tickets
		: table_open(row->table, AccessShareLock);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	ItemPointerData tid = row->ctid;
	bool		current = table_tuple_fetch_row_version(rel, &tid, GetLatestSnapshot(), slot);

	ExecDropSingleTupleTableSlot(slot);
	if (rel != row->tickets)
		table_close(rel, NoLock);
	return current;
}

/*
 * A ticket's row read again, by its key, as the active snapshot sees it
 * into t; *found is false when it is gone.  NULL, or why it cannot be read.
 */
static const char *
read_row_again(const SlmTrackedTable *m, SlmRelatedRows *related, const char *key, Ticket *t, bool *found)
{
	Oid			argtype = TEXTOID;
	Datum		arg = CStringGetTextDatum(key);
	const char *problem;
	char	   *sql;

	sql = psprintf("SELECT t.* FROM %s t WHERE t.%s OPERATOR(pg_catalog.=) $1::%s",
				   slm_relation_name(m->relid), quote_identifier(m->column[SLM_ROLE_KEY]),
				   slm_ticket_key_type(m));
	if (SPI_execute_with_args(sql, 1, &argtype, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read ticket %s again", key);
	*found = SPI_processed > 0;
	if (!*found)
		return NULL;
	problem = slm_read_ticket(m, SPI_tuptable->tupdesc, SPI_tuptable->vals[0], NULL, true, t);
	if (problem == NULL && related != NULL)
		slm_set_related_rows(m, related, t);
	return problem;
}

/*
 * One ticket's clocks brought up to its row; NULL, or what could not be
 * computed.  With row (under READ COMMITTED), once its clocks are locked,
 * the row read is checked to be the latest: a change of the ticket that
 * committed after the rebuild's query began (a wait on the customer, a
 * resolution) wrote clocks that the lock found in their latest versions,
 * and the rules must not take them back to the row as it was.  Then row
 * and clocks are read again, as of now.  A resync needs no such check: it
 * reads after every writer of clocks has ended and holds off the others
 * (model_resync.c).
 */
static const char *
rebuild_ticket(ClockStore *st, const SlmTrackedTable *m, Ticket *t, SyncMode mode, SyncNotes *notes,
			   const RowVersion *row, SlmRelatedRows *related)
{
	TicketClocks tc;

	slm_read_ticket_clocks(st, m->relid, t->key, &tc);
	if (row != NULL && !row_version_current(row))
	{
		char	   *key = pstrdup(t->key);
		const char *problem;
		bool		found;

		slm_free_ticket_clocks(&tc);
		PushActiveSnapshot(GetLatestSnapshot());
		problem = read_row_again(m, related, key, t, &found);
		if (problem == NULL && found)
			slm_read_ticket_clocks(st, m->relid, t->key, &tc);
		PopActiveSnapshot();
		/* (a row deleted meanwhile: its delete removed the clocks) */
		if (problem != NULL || !found)
			return problem;
	}
	return slm_sync_and_write(st, &tc, m, t, t, mode, notes);
}

/* The id of the newest live clock of a table, 0 when it has none. */
static int64
newest_clock(Oid tbl)
{
	Datum		arg = ObjectIdGetDatum(tbl);
	Oid			type = OIDOID;
	bool		isnull;
	Datum		d;

	if (SPI_execute_with_args("SELECT pg_catalog.max(c.id) FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) $1 "
							  "AND c.removed_at IS NULL", 1, &type, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.clocks");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(d);
}

/*
 * The keys of tickets whose rows are gone: those of live clocks made
 * before the rebuild (up to id last) that no row of the table has.
 *
 * The anti join runs with nested loops off.  Right after a first rebuild
 * (or an attach) the statistics of slm.clocks know nothing of the
 * table's clocks, so the planner expects one and loops over the tickets
 * once per clock: minutes for 200,000 tickets, where a hash or merge anti
 * join takes a fraction of a second.  As for a foreign key's initial
 * check, the join may also use maintenance_work_mem.
 */
static List *
gone_tickets(const SlmTrackedTable *m, int64 last)
{
	StringInfoData sql;
	List	   *keys = NIL;
	int			guc_level;
	char		work_mem[32];

	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT DISTINCT c.ticket FROM slm.clocks c "
					 "WHERE c.tbl OPERATOR(pg_catalog.=) %u AND c.removed_at IS NULL "
					 "AND c.id OPERATOR(pg_catalog.<=) " INT64_FORMAT " "
					 "AND NOT EXISTS (SELECT FROM %s t WHERE t.%s::pg_catalog.text OPERATOR(pg_catalog.=) c.ticket)",
					 m->relid, last, slm_relation_name(m->relid), quote_identifier(m->column[SLM_ROLE_KEY]));
	guc_level = NewGUCNestLevel();
	(void) set_config_option("enable_nestloop", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
							 false);
	snprintf(work_mem, sizeof(work_mem), "%d", maintenance_work_mem);
	(void) set_config_option("work_mem", work_mem, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not look for tickets that are gone");
	AtEOXact_GUC(true, guc_level);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		CHECK_FOR_INTERRUPTS();
		keys = lappend(keys, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1));
	}
	return keys;
}

/*
 * Whether a resync with coverage passes over a ticket without a running
 * clock: a resolved or cancelled one, or one of another customer than
 * those listed (NIL: all).
 */
static bool
resync_passes_over(const Ticket *t, List *customers)
{
	ListCell   *lc;

	if (!t->isnull[SLM_ROLE_RESOLVED_AT] || t->cancelled)
		return true;
	if (customers == NIL)
		return false;
	if (t->isnull[SLM_ROLE_CUSTOMER])
		return true;
	foreach(lc, customers)
	{
		if (strcmp((const char *) lfirst(lc), t->text[SLM_ROLE_CUSTOMER]) == 0)
			return false;
	}
	return true;
}

/*
 * A ticket without a running clock, read by a resync that may cover it: an
 * open one, of the customers named (NIL: all), gets the clocks that apply
 * to it now.  One whose row cannot be read or whose clocks cannot be
 * computed had none before either, and its change said why: it is passed
 * over quietly, as are the notes of tickets that still have no SLA.
 */
static void
resync_cover(ClockStore *st, const SlmTrackedTable *m, Ticket *t, List *customers, SlmRelatedRows *related)
{
	SyncNotes	notes;

	if (resync_passes_over(t, customers))
		return;
	memset(&notes, 0, sizeof(notes));
	(void) rebuild_ticket(st, m, t, SYNC_RESYNC, &notes, NULL, related);
}

/*
 * The clocks of the tickets in source (the tracked table tbl, or one of its
 * partitions) brought up to their rows; for the whole table, those of
 * tickets whose rows are gone removed.  A resync (SYNC_RESYNC) reads only
 * the tickets with running clocks, and of those, when customers is not
 * NIL, the tickets of those customers; with coverage, also the open
 * tickets without a running clock (of those customers, by the row's).
 * Returns the number of rows read.
 */
static int64
rebuild_rows(Oid tbl, Oid source, SyncMode mode, List *customers, bool coverage)
{
	bool		running_only = mode == SYNC_RESYNC;
	/* (the query's column telling whether a ticket has a running clock) */
	bool		running_column = running_only && coverage;
	Oid			argtype = TEXTARRAYOID;
	Datum		arg = (Datum) 0;
	const SlmTrackedTable *m;
	Relation	tickets;
	ClockStore	st;
	const char *problem;
	StringInfoData sql;
	Portal		portal;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext per_ticket;
	SyncNotes	notes;
	NoteTally	tally;
	SlmRelatedRows *related;
	int64		rows = 0,
				failed = 0,
				last;
	ListCell   *lc;

	slm_check_clock_rights();
	if (!slm_model_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot rebuild the clocks of %s: %s", slm_relation_name(tbl), slm_model_problem())));
	if ((m = slm_model_tracked_table(tbl)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("%s is not tracked", slm_relation_name(tbl)),
				 errhint("Attach it first with slm.attach.")));

	tickets = table_open(tbl, AccessShareLock);
	slm_require_unique_key(tickets, m, "rebuild the clocks of");
	/* (only the whole table's clocks tell which tickets are gone) */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(caller);
	last = source == tbl && !running_only ? newest_clock(tbl) : 0;
	if (!slm_clock_store_open(&st, slm_clocks_direct_ok(tickets, m), true, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot rebuild the clocks of %s: %s", slm_relation_name(tbl), problem)));

	/* first responses and teams kept in related tables, read at once */
	related = slm_read_related_rows(m);
	/* what the rules note, told once at the end */
	slm_note_tally_init(&tally, tbl);

	initStringInfo(&sql);
	/* the rows, and where each was (for rebuild_ticket's check) */
	if (running_column)
	{
		const char *customer = m->column[SLM_ROLE_CUSTOMER];
		StringInfoData covered;

		/*
		 * every ticket, and whether it has a running clock (by a hash join:
		 * a probe of slm.clocks per row took four times as long).  Of those
		 * without, the ones resync_passes_over skips are left out in SQL
		 * where a column alone tells: resolved tickets where the resolution
		 * is a column, other customers' where the customer is one.
		 */
		appendStringInfo(&sql,
						 "SELECT t.*, r.ticket IS NOT NULL, t.tableoid, t.ctid FROM %s t "
						 "LEFT JOIN (SELECT DISTINCT c.ticket FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) %u "
						 "AND c.removed_at IS NULL AND c.stopped_at IS NULL AND c.cancelled_at IS NULL%s) r "
						 "ON r.ticket OPERATOR(pg_catalog.=) t.%s::pg_catalog.text",
						 slm_relation_name(source), tbl,
						 customers != NIL ? " AND c.customer OPERATOR(pg_catalog.=) ANY ($1)" : "",
						 quote_identifier(m->column[SLM_ROLE_KEY]));
		initStringInfo(&covered);
		if (m->rules.nresolved == 0 && m->column[SLM_ROLE_RESOLVED_AT] != NULL)
			appendStringInfo(&covered, " AND t.%s IS NULL", quote_identifier(m->column[SLM_ROLE_RESOLVED_AT]));
		if (customers != NIL && customer == NULL)
			appendStringInfoString(&covered, " AND false");
		else if (customers != NIL && m->lookup[SLM_ROLE_CUSTOMER] == NULL)
			appendStringInfo(&covered, " AND t.%s::pg_catalog.text OPERATOR(pg_catalog.=) ANY ($1)",
							 quote_identifier(customer));
		if (covered.len > 0)
			appendStringInfo(&sql, " WHERE (true%s) OR r.ticket IS NOT NULL", covered.data);
	}
	else if (running_only)
		appendStringInfo(&sql,
						 "SELECT t.*, t.tableoid, t.ctid FROM %s t "
						 "WHERE EXISTS (SELECT FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) %u "
						 "AND c.ticket OPERATOR(pg_catalog.=) t.%s::pg_catalog.text AND c.removed_at IS NULL "
						 "AND c.stopped_at IS NULL AND c.cancelled_at IS NULL%s)",
						 slm_relation_name(source), tbl, quote_identifier(m->column[SLM_ROLE_KEY]),
						 customers != NIL ? " AND c.customer OPERATOR(pg_catalog.=) ANY ($1)" : "");
	else
		appendStringInfo(&sql, "SELECT t.*, t.tableoid, t.ctid FROM %s t", slm_relation_name(source));
	if (running_only && customers != NIL)
		arg = PointerGetDatum(strlist_to_textarray(customers));
	portal = SPI_cursor_open_with_args(NULL, sql.data, arg != (Datum) 0 ? 1 : 0, &argtype, &arg, NULL, true, 0);
	per_ticket = AllocSetContextCreate(caller, "slm rebuild ticket", ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		SPITupleTable *batch;
		uint64		nbatch;

		SPI_cursor_fetch(portal, true, REBUILD_BATCH);
		batch = SPI_tuptable;
		nbatch = SPI_processed;
		if (nbatch == 0)
			break;
		for (uint64 i = 0; i < nbatch; i++)
		{
			Ticket		t;
			bool		isnull;

			CHECK_FOR_INTERRUPTS();
			MemoryContextSwitchTo(per_ticket);
			/* the notes' memory is per_ticket's, reset with it */
			memset(&notes, 0, sizeof(notes));
			problem = slm_read_ticket(m, batch->tupdesc, batch->vals[i], NULL, true, &t);
			if (problem == NULL && related != NULL)
				slm_set_related_rows(m, related, &t);
			if (running_column &&
				!DatumGetBool(SPI_getbinval(batch->vals[i], batch->tupdesc, batch->tupdesc->natts - 2,
											&isnull)))
			{
				if (problem == NULL)
					resync_cover(&st, m, &t, customers, related);
				MemoryContextSwitchTo(caller);
				MemoryContextReset(per_ticket);
				continue;
			}
			if (problem == NULL)
			{
				RowVersion	row = {tickets};

				/* the last two columns: tableoid, ctid */
				row.table = DatumGetObjectId(SPI_getbinval(batch->vals[i], batch->tupdesc,
														   batch->tupdesc->natts - 1, &isnull));
				row.ctid = *(ItemPointer) DatumGetPointer(SPI_getbinval(batch->vals[i], batch->tupdesc,
																		batch->tupdesc->natts, &isnull));
				problem = rebuild_ticket(&st, m, &t, mode, &notes,
										 mode == SYNC_RESYNC || IsolationUsesXactSnapshot() ? NULL : &row,
										 related);
			}
			if (problem != NULL)
			{
				failed++;
				ereport(WARNING,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("slm could not rebuild the clocks of ticket %s of %s: %s",
								t.key ? t.key : "(unknown)", slm_relation_name(tbl), problem)));
			}
			slm_note_tally_add(&tally, &notes, t.key);
			rows++;
			MemoryContextSwitchTo(caller);
			MemoryContextReset(per_ticket);
		}
		SPI_freetuptable(batch);
	}
	SPI_cursor_close(portal);

	/* tickets that are gone: removed, as a delete would have */
	if (last > 0)
	{
		slm_keep_clock_statistics();
		foreach(lc, gone_tickets(m, last))
		{
			CHECK_FOR_INTERRUPTS();
			slm_remove_ticket(&st, tbl, (const char *) lfirst(lc));
		}
	}
	slm_clock_store_close(&st);
	SPI_finish();
	table_close(tickets, NoLock);
	slm_keep_clock_statistics();

	slm_note_tally_report(&tally);
	if (failed > 0)
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the clocks of " INT64_FORMAT " ticket(s) of %s were left as they were", failed, slm_relation_name(tbl)),
				 errhint("Fix what the warnings above name, then run slm.rebuild again.")));
	return rows;
}

/*
 * slm_rebuild - recompute every clock of a tracked table from its rows;
 * returns the number of rows read
 */
PG_FUNCTION_INFO_V1(slm_rebuild);
Datum
slm_rebuild(PG_FUNCTION_ARGS)
{
	Oid			tbl = PG_GETARG_OID(0);

	PG_RETURN_INT64(rebuild_rows(tbl, tbl, SYNC_REBUILD, NIL, false));
}

/*
 * The tickets a partition brings to the tracked table tbl when it is
 * attached get their clocks, as slm.rebuild would give them; returns the
 * number of its rows.
 */
int64
slm_rebuild_partition(Oid tbl, Oid partition)
{
	return rebuild_rows(tbl, partition, SYNC_REBUILD, NIL, false);
}

/*
 * The running clocks of a tracked table brought up to the model as it is
 * now (after a change of a calendar, target or customer's tier; with
 * customers, only those customers' tickets), as slm.rebuild brings them;
 * stopped clocks keep theirs.  With coverage (a change that may make a
 * target apply where none did), open tickets without a running clock get
 * the clocks that apply to them now.  Returns the number of tickets read.
 */
int64
slm_resync_running(Oid tbl, List *customers, bool coverage)
{
	return rebuild_rows(tbl, tbl, SYNC_RESYNC, customers, coverage);
}
