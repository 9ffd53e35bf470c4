/*-------------------------------------------------------------------------
 *
 * history_load.c
 *	  slm.load_history: a tracked table's clocks computed from a history of
 *	  its tickets, as live tracking would have computed them had the same
 *	  changes been written to the table one by one in time order.
 *
 * The history is a query (or a table or view) the user names, of
 * snapshots: one row per change, with the ticket table's mapped columns as
 * they were after it (ServiceNow's exported event logs have this shape,
 * and the ticket systems' audit tables can be turned into it).  Its rows
 * are read in the order of the ticket's key and then of the column the
 * user names (the log's own order, so that changes at the same instant
 * keep it); each ticket's first row is read as a new row and each later
 * one as an update of the one before, through the same reading
 * (ticket_row.c) and the same rules (src/engine/clock_rules.c) as the
 * trigger, in memory.  Then the ticket's live clocks are replaced by the
 * result: a second load gives the same clocks, and tickets the history
 * does not name keep theirs.
 *
 * It is one statement: an error or a cancel leaves no clock half-written.
 * Every change is timed by the snapshot's own times (map changed_at), as
 * live tracking is.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/history_load.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "base.h"
#include "tracking.h"

#define HISTORY_BATCH 1000
#define PROGRESS_EVERY 100000	/* tickets between progress NOTICEs */

/* The ticket being played: its clocks so far and its last snapshot. */
typedef struct Played
{
	bool		active;
	char	   *key;
	TicketClocks tc;			/* its live clocks */
	TicketClocks removed;		/* clocks a cancellation removed, written with the live ones */
	Ticket		last;
	slm_time	opened;			/* its first snapshot's opening; NOEND: none */
	const char *problem;		/* set: the rules could not compute a change */
} Played;

/*
 * Replace a ticket's live clocks by the played ones; false when it could
 * not be played.  A live clock of the same kind, metric and cycle as a
 * played one is updated in place (mostly a HOT update: a delete and an
 * insert would write every index), a played one without is inserted, and
 * a live one without is deleted.
 */
static bool
finish_ticket(ClockStore *st, const SlmTrackedTable *m, SPIPlanPtr delete_one, SPIPlanPtr delete_removed,
			  Played *p)
{
	TicketClocks live;
	bool	   *matched;
	ClockSet   *played = &p->tc.set;
	Datum		args[3];

	if (p->problem != NULL)
	{
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("slm could not load the history of ticket %s of %s: %s",
						p->key, slm_relation_name(m->relid), p->problem),
				 errhint("Its clocks were left as they were.")));
		return false;
	}
	slm_read_ticket_clocks(st, m->relid, p->key, &live);
	matched = palloc0(sizeof(bool) * (live.set.nread + 1));
	for (int i = 0; i < played->n; i++)
	{
		Clock	   *pc = &played->clock[i];
		int			j;

		for (j = 0; j < live.set.nread; j++)
			if (!matched[j] && live.set.clock[j].cycle == pc->cycle &&
				strcmp(live.set.clock[j].kind, pc->kind) == 0 && strcmp(live.set.clock[j].metric, pc->metric) == 0)
				break;
		if (j < live.set.nread)
		{
			int64_t		id = live.set.clock[j].id;

			live.set.clock[j] = *pc;
			live.set.clock[j].id = id;
			matched[j] = true;
		}
		else
		{
			Clock	   *c = slm_clock_append(&live.set);

			if (c == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory")));
			*c = *pc;
		}
	}
	for (int j = 0; j < live.set.nread; j++)
		if (!matched[j])
		{
			Datum		arg = Int64GetDatum(live.set.clock[j].id);

			if (SPI_execute_plan(delete_one, &arg, NULL, false, 0) != SPI_OK_DELETE)
				elog(ERROR, "could not replace the clocks of ticket %s", p->key);
		}
	/*
	 * The clocks its own cancellations removed, from an earlier load or from
	 * tracking (not before it opened: those are of an earlier ticket with its
	 * key), are made again
	 */
	args[0] = ObjectIdGetDatum(m->relid);
	args[1] = CStringGetTextDatum(p->key);
	args[2] = TimestampTzGetDatum(p->opened);
	if (SPI_execute_plan(delete_removed, args, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not replace the clocks of ticket %s", p->key);
	slm_write_ticket_clocks(st, m->relid, &p->removed);
	slm_write_ticket_clocks(st, m->relid, &live);
	slm_free_ticket_clocks(&live);
	return true;
}

/*
 * Clocks a change removed (a cancellation) leave the live ones, as they
 * leave what live tracking reads of a ticket: a ticket taken back out
 * then gets a new ticket's clocks.  False when memory runs out.
 */
static bool
set_removed_aside(Played *p)
{
	ClockSet   *cs = &p->tc.set;
	int			kept = 0;

	for (int i = 0; i < cs->n; i++)
	{
		if (cs->clock[i].removed_at != SLM_TIME_NOEND)
		{
			Clock	   *c = slm_clock_append(&p->removed.set);

			if (c == NULL)
				return false;
			*c = cs->clock[i];
		}
		else
			cs->clock[kept++] = cs->clock[i];
	}
	cs->n = kept;
	return true;
}

/* Play one snapshot of the ticket being played (or of a new one). */
static void
play_snapshot(const SlmTrackedTable *m, Played *p, const Ticket *t, bool first)
{
	SyncNotes	notes;

	memset(&notes, 0, sizeof(notes));
	if (p->problem == NULL && (first || slm_change_touches_clocks(&m->rules, &p->last, t)))
		p->problem = slm_sync_ticket_clocks(&p->tc.set, &m->rules, slm_model_for_rules(),
											first ? t : &p->last, t, first ? SYNC_INSERT : SYNC_UPDATE,
											GetCurrentStatementStartTimestamp(), &notes);
	if (p->problem == NULL && !set_removed_aside(p))
		p->problem = "out of memory";
	p->last = *t;
}

/* Whether a history is given as the name of a table or view rather than as a query. */
static bool
is_relation_name(const char *history)
{
	if (*history == '\0')
		return false;
	for (const char *c = history; *c; c++)
		if (!(isalnum((unsigned char) *c) || *c == '_' || *c == '.' || *c == '"' || *c == '$' ||
			  IS_HIGHBIT_SET(*c)))
			return false;
	return true;
}

/*
 * The history must have every mapped column and the one that orders it:
 * one error names all that are missing.
 */
static void
check_history_columns(const SlmTrackedTable *m, const char *source, const char *ordered_by)
{
	StringInfoData missing;
	TupleDesc	desc;
	int			nmissing = 0;

	if (SPI_execute(psprintf("SELECT * FROM %s AS h LIMIT 0", source), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the history");
	desc = SPI_tuptable->tupdesc;
	initStringInfo(&missing);
	for (int r = 0; r <= SLM_NUM_ROLES; r++)
	{
		const char *column = r < SLM_NUM_ROLES ? m->column[r] : ordered_by;

		if (column != NULL && slm_column_attnum(desc, column) == InvalidAttrNumber &&
			strstr(missing.data, psprintf("\"%s\"", column)) == NULL)
		{
			appendStringInfo(&missing, "%s\"%s\"", nmissing > 0 ? ", " : "", column);
			nmissing++;
		}
	}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("the history of %s has no column%s %s", slm_relation_name(m->relid),
						nmissing > 1 ? "s" : "", missing.data),
				 errhint("A history has a row per change with the ticket table's mapped columns, named as there, "
						 "and the column that orders the changes.")));
	SPI_freetuptable(SPI_tuptable);
}

/*
 * slm_load_history(tbl regclass, history text, ordered_by text) - the
 * clocks of the tickets a history names; returns how many tickets were
 * loaded
 */
PG_FUNCTION_INFO_V1(slm_load_history);
Datum
slm_load_history(PG_FUNCTION_ARGS)
{
	Oid			tbl = PG_GETARG_OID(0);
	char	   *history = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *ordered_by = text_to_cstring(PG_GETARG_TEXT_PP(2));
	const SlmTrackedTable *m;
	Relation	tickets;
	ClockStore	st;
	const char *problem;
	Portal		portal;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext per_ticket;
	MemoryContext per_row;
	SPIPlanPtr	delete_one;
	SPIPlanPtr	delete_removed;
	Played		p;
	int64		loaded = 0,
				failed = 0;
	int			level;
	char	   *source;
	instr_time	started;

	slm_check_clock_rights();
	if (!slm_model_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot load the history of %s: %s", slm_relation_name(tbl), slm_model_problem())));
	if ((m = slm_model_tracked_table(tbl)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("%s is not tracked", slm_relation_name(tbl)),
				 errhint("Attach it first with slm.attach.")));

	INSTR_TIME_SET_CURRENT(started);
	tickets = table_open(tbl, AccessShareLock);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(caller);
	if (!slm_clock_store_open(&st, slm_clocks_direct_ok(tickets, m), true, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot load the history of %s: %s", slm_relation_name(tbl), problem)));

	/* the history in the order of tickets, then of the log; its names as the ticket table's schema has them */
	level = slm_search_path_of(tbl);
	source = psprintf(is_relation_name(history) ? "%s" : "(%s)", history);
	check_history_columns(m, source, ordered_by);
	portal = SPI_cursor_open_with_args(NULL,
									   psprintf("SELECT * FROM %s AS h ORDER BY h.%s, h.%s", source,
												quote_identifier(m->column[SLM_ROLE_KEY]),
												quote_identifier(ordered_by)),
									   0, NULL, NULL, NULL, true, 0);
	AtEOXact_GUC(true, level);

	delete_one = SPI_prepare("DELETE FROM slm.clocks c WHERE c.id OPERATOR(pg_catalog.=) $1", 1, (Oid[]) {INT8OID});
	/* served by the index of removed clocks, clocks_removed */
	delete_removed = SPI_prepare("DELETE FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) $1 "
								 "AND c.ticket OPERATOR(pg_catalog.=) $2 AND c.removed_at IS NOT NULL "
								 "AND c.removed_at OPERATOR(pg_catalog.>=) $3",
								 3, (Oid[]) {OIDOID, TEXTOID, TIMESTAMPTZOID});
	if (delete_one == NULL || delete_removed == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	per_ticket = AllocSetContextCreate(caller, "slm history ticket", ALLOCSET_DEFAULT_SIZES);
	per_row = AllocSetContextCreate(caller, "slm history row", ALLOCSET_SMALL_SIZES);
	memset(&p, 0, sizeof(p));
	for (;;)
	{
		SPITupleTable *batch;
		uint64		nbatch;

		SPI_cursor_fetch(portal, true, HISTORY_BATCH);
		batch = SPI_tuptable;
		nbatch = SPI_processed;
		if (nbatch == 0)
			break;
		for (uint64 i = 0; i < nbatch; i++)
		{
			Ticket		t;
			char	   *key;
			bool		first;

			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(per_row);
			MemoryContextSwitchTo(per_row);
			key = slm_column_text(batch->tupdesc, batch->vals[i], m->column[SLM_ROLE_KEY]);
			MemoryContextSwitchTo(caller);
			if (key == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("cannot load the history of %s: a snapshot has no key", slm_relation_name(tbl)),
						 errhint("The history must have the key column \"%s\", not null.",
								 m->column[SLM_ROLE_KEY])));
			first = !p.active || strcmp(p.key, key) != 0;
			if (first)
			{
				/* the ticket before is done: write it, and start afresh */
				if (p.active)
				{
					if (finish_ticket(&st, m, delete_one, delete_removed, &p))
						loaded++;
					else
						failed++;
					slm_free_ticket_clocks(&p.tc);
					slm_free_ticket_clocks(&p.removed);
				}
				MemoryContextReset(per_ticket);
				MemoryContextSwitchTo(per_ticket);
				memset(&p, 0, sizeof(p));
				p.active = true;
				p.key = pstrdup(key);
				slm_clock_set_init(&p.tc.set, slm_current_allocator());
				slm_clock_set_init(&p.removed.set, slm_current_allocator());
				if (loaded > 0 && loaded % PROGRESS_EVERY == 0)
				{
					instr_time	now;

					INSTR_TIME_SET_CURRENT(now);
					INSTR_TIME_SUBTRACT(now, started);
					ereport(NOTICE,
							(errmsg("slm loaded the history of " INT64_FORMAT " tickets of %s (%.0f a second)",
									loaded, slm_relation_name(tbl),
									loaded / Max(INSTR_TIME_GET_DOUBLE(now), 0.001))));
				}
			}
			MemoryContextSwitchTo(per_ticket);
			/* each later snapshot an update of the one before (a resolution by status reads it) */
			problem = slm_read_ticket(m, batch->tupdesc, batch->vals[i], first ? NULL : &p.last, false, &t);
			if (problem != NULL)
			{
				if (p.problem == NULL)
					p.problem = problem;
			}
			else
			{
				if (first)
					p.opened = t.isnull[SLM_ROLE_OPENED_AT] ? SLM_TIME_NOEND : t.opened_at;
				play_snapshot(m, &p, &t, first);
			}
			MemoryContextSwitchTo(caller);
		}
		SPI_freetuptable(batch);
	}
	SPI_cursor_close(portal);
	if (p.active)
	{
		if (finish_ticket(&st, m, delete_one, delete_removed, &p))
			loaded++;
		else
			failed++;
		slm_free_ticket_clocks(&p.tc);
		slm_free_ticket_clocks(&p.removed);
	}
	slm_clock_store_close(&st);
	SPI_finish();
	table_close(tickets, NoLock);
	slm_keep_clock_statistics();
	if (failed > 0)
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the clocks of " INT64_FORMAT " ticket(s) of %s were left as they were", failed,
						slm_relation_name(tbl)),
				 errhint("Fix what the warnings above name, then load their history again.")));
	PG_RETURN_INT64(loaded);
}
