/*-------------------------------------------------------------------------
 *
 * clock_trigger.c
 *	  The tracking trigger on users' ticket tables (slm.track): every
 *	  inserted, updated and deleted row, and TRUNCATE, applied to the
 *	  ticket's clocks in slm.clocks by the clock rules
 *	  (src/engine/clock_rules.c).
 *
 * A change is read from the row (ticket_row.c), the ticket's live clocks
 * are read and locked (clock_store.c), the rules change them, and the rows
 * that changed are written.  A change to no value that a clock depends on
 * (say between two statuses that neither pause nor wait on a supplier)
 * costs only the reading of the row.
 *
 * The user's row is never lost to slm.  Whatever the rules cannot compute
 * is found before anything is written, and becomes a WARNING that names
 * the ticket (one per problem for a statement's rows, see below), with
 * the clocks left as they were (slm.rebuild recomputes them once the
 * cause is fixed).  Direct writes cannot fail on the
 * ticket's data, so they need no subtransaction; writes by statement
 * (slm.clocks with triggers, constraints or a foreign key of its owner's,
 * or forced row security, a ticket table whose key is unique by a
 * deferrable constraint, slm.direct_writes off) meet what the owner put on
 * slm.clocks, which may fail, so they run in a subtransaction whose error
 * becomes the WARNING.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_trigger.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"

#include "base.h"
#include "tracking.h"

/* Changes this backend's trigger took, for slm.tracking_stats(). */
static int64 written_directly = 0;
static int64 written_by_statements = 0;
static int64 not_tracked = 0;

/* One change of a tracked table. */
typedef enum ChangeKind
{
	CHANGE_INSERT,
	CHANGE_UPDATE,
	CHANGE_DELETE,
	CHANGE_TRUNCATE,
	CHANGE_ROWS_LEAVE			/* a partition's rows leave the tracked table */
} ChangeKind;

typedef struct Change
{
	const SlmTrackedTable *m;
	ChangeKind	kind;
	Ticket		o;				/* before (UPDATE, DELETE) */
	Ticket		n;				/* after (INSERT, UPDATE) */
	List	   *keys;			/* the leaving rows' keys (ROWS_LEAVE) */
	bool		own_query_level;	/* outside a statement's triggers (an event trigger) */
} Change;

/*
 * Remove the clocks of one ticket (key) at the statement's time: for a
 * DELETE, a TRUNCATE, and slm.rebuild finding a ticket's row gone.
 */
void
slm_remove_ticket(ClockStore *st, Oid tbl, const char *key)
{
	TicketClocks tc;

	slm_read_ticket_clocks(st, tbl, key, &tc);
	if (slm_remove_ticket_clocks(&tc.set, slm_model_for_rules(), GetCurrentStatementStartTimestamp()) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	slm_write_ticket_clocks(st, tbl, &tc);
	slm_free_ticket_clocks(&tc);
}

/* What slm_sync_and_write returns when a clock read unlocked changed meanwhile. */
static const char clocks_changed_meanwhile[] = "a clock changed meanwhile";

/*
 * Apply the rules to a ticket's clocks read into tc (see
 * slm_sync_ticket_clocks), on this backend's model and at the statement's
 * time, and write those that changed unless the rules found a problem,
 * which is returned.  Clocks read unlocked are locked first; if one of
 * them changed meanwhile, nothing is written (clocks_changed_meanwhile).
 * Frees tc.
 */
const char *
slm_sync_and_write(ClockStore *st, TicketClocks *tc, const SlmTrackedTable *m, const Ticket *o,
				   const Ticket *n, SyncMode mode, SyncNotes *notes)
{
	const char *problem;

	problem = slm_sync_ticket_clocks(&tc->set, &m->rules, slm_model_for_rules(), o, n, mode,
									 GetCurrentStatementStartTimestamp(), notes);
	if (problem == NULL)
	{
		if (slm_lock_changed_clocks(st, m->relid, tc))
			slm_write_ticket_clocks(st, m->relid, tc);
		else
			problem = clocks_changed_meanwhile;
	}
	slm_free_ticket_clocks(tc);
	return problem;
}

/*
 * A change of a row's values, keeping its key.  Its clocks are read
 * without locking them and only those the rules change are locked, before
 * anything is written: locking every clock read cost up to a fifth of
 * tracking's own time in a large UPDATE, whose rows change one clock of
 * two or three (README, "Benchmarks").  The row's own lock keeps other
 * changes of this ticket out, and each change reads with a snapshot of
 * its own, so the clocks read are the latest but where a writer that does
 * not lock the row (slm.rebuild, a resync, a history load) changed one
 * meanwhile: then a clock to be written has a newer version, and the
 * clocks are read again, locked, and the rules applied to them.
 */
static const char *
update_ticket(ClockStore *st, const Change *c, SyncNotes *notes)
{
	TicketClocks tc;
	SyncNotes	before = *notes;
	const char *problem;

	slm_read_ticket_clocks_unlocked(st, c->m->relid, c->n.key, &tc);
	problem = slm_sync_and_write(st, &tc, c->m, &c->o, &c->n, SYNC_UPDATE, notes);
	if (problem != clocks_changed_meanwhile)
		return problem;
	/*
	 * A clock changed meanwhile: all again, on the clocks read locked, with
	 * a snapshot that also sees the clocks the other writer added.
	 */
	*notes = before;
	PushActiveSnapshot(GetLatestSnapshot());
	slm_read_ticket_clocks(st, c->m->relid, c->n.key, &tc);
	problem = slm_sync_and_write(st, &tc, c->m, &c->o, &c->n, SYNC_UPDATE, notes);
	PopActiveSnapshot();
	return problem;
}

/*
 * Apply a change to the clocks in an open store.  Returns NULL, or what
 * could not be computed (nothing was written then).
 */
static const char *
apply_change(ClockStore *st, const Change *c, SyncNotes *notes)
{
	Oid			tbl = c->m->relid;
	TicketClocks tc;

	switch (c->kind)
	{
		case CHANGE_DELETE:
			slm_remove_ticket(st, tbl, c->o.key);
			return NULL;
		case CHANGE_TRUNCATE:
		case CHANGE_ROWS_LEAVE:
			{
				/* a truncated table's tickets are those with live clocks */
				List	   *keys = c->kind == CHANGE_TRUNCATE ? slm_clock_ticket_keys(st, tbl) : c->keys;
				ListCell   *lc;

				foreach(lc, keys)
				{
					CHECK_FOR_INTERRUPTS();
					slm_remove_ticket(st, tbl, (const char *) lfirst(lc));
				}
				return NULL;
			}
		case CHANGE_INSERT:
			slm_read_ticket_clocks(st, tbl, c->n.key, &tc);
			return slm_sync_and_write(st, &tc, c->m, &c->n, &c->n, SYNC_INSERT, notes);
		case CHANGE_UPDATE:
		default:
			if (strcmp(c->o.key, c->n.key) != 0)
			{
				/* a new key: the clocks follow the ticket, unless the key has clocks already */
				slm_read_ticket_clocks(st, tbl, c->n.key, &tc);
				if (tc.set.n > 0)
				{
					slm_free_ticket_clocks(&tc);
					return psprintf("its new key %s has clocks already", c->n.key);
				}
				slm_free_ticket_clocks(&tc);
				slm_read_ticket_clocks(st, tbl, c->o.key, &tc);
				for (int i = 0; i < tc.set.n; i++)
					tc.set.clock[i].ticket = c->n.key;
			}
			else
				return update_ticket(st, c, notes);
			return slm_sync_and_write(st, &tc, c->m, &c->o, &c->n, SYNC_UPDATE, notes);
	}
}

/* ---------------------------------------------------------------------
 * One store, and one tally of notes, for the row changes of a statement
 *
 * Opening slm.clocks, its indexes and the executor state that writes them
 * for every row cost about 7% of a large UPDATE's time.  A statement's row
 * triggers fire in its ExecutorFinish (COPY's, at the end of the COPY), so
 * slm wraps those: the direct store the first row opens stays open for the
 * statement's other rows (each still a change of its own, with its own
 * snapshot), and is closed when the statement's triggers have run.  What
 * the rules noted on the way (tickets without an SLA clock, clocks
 * cancelled) is tallied per table and told then, in one NOTICE each, not
 * one per row, and so is what could not be tracked (one WARNING per
 * problem).  A nested statement (in a trigger or function) has a level
 * of its own.  Rows fired elsewhere (logical replication's apply, the
 * statement that loaded slm into the session), or under another resource
 * owner than the statement's (a subtransaction), open a store per row,
 * and their notes are told when the transaction commits (what could not
 * be tracked, at once).  An error drops
 * the level, and an abort what is pending of the (sub)transaction: the
 * rows they noted are gone.
 * ---------------------------------------------------------------------
 */
typedef struct StatementLevel
{
	ResourceOwner owner;		/* the statement's */
	MemoryContext cxt;			/* the store's, NULL until a row opens it */
	ClockStore	st;
	MemoryContext notes_cxt;	/* the tallies', NULL until a row notes */
	List	   *tallies;		/* NoteTally per tracked table, in the order
								 * first noted */
} StatementLevel;

/* the innermost statement's, NULL outside one */
static StatementLevel *statement_level = NULL;
static ExecutorFinish_hook_type prev_executor_finish = NULL;
static ProcessUtility_hook_type prev_process_utility = NULL;

/* Run run(arg), a statement's firing of its row triggers, as a level. */
static void
run_as_statement_level(void (*run) (void *), void *arg)
{
	StatementLevel *outer = statement_level;
	StatementLevel level;
	ListCell   *lc;

	memset(&level, 0, sizeof(level));
	level.owner = CurrentResourceOwner;
	statement_level = &level;
	PG_TRY();
	{
		run(arg);
	}
	PG_CATCH();
	{
		statement_level = outer;
		PG_RE_THROW();
	}
	PG_END_TRY();
	statement_level = outer;
	if (level.cxt != NULL)
	{
		slm_clock_store_close(&level.st);
		MemoryContextDelete(level.cxt);
	}
	if (level.notes_cxt != NULL)
	{
		foreach(lc, level.tallies)
			slm_note_tally_report((NoteTally *) lfirst(lc));
		MemoryContextDelete(level.notes_cxt);
	}
}

static void
run_executor_finish(void *arg)
{
	QueryDesc  *queryDesc = (QueryDesc *) arg;

	if (prev_executor_finish != NULL)
		prev_executor_finish(queryDesc);
	else
		standard_ExecutorFinish(queryDesc);
}

static void
finish_as_statement_level(QueryDesc *queryDesc)
{
	run_as_statement_level(run_executor_finish, queryDesc);
}

/* ProcessUtility's arguments, for run_as_statement_level */
typedef struct UtilityCall
{
	PlannedStmt *pstmt;
	const char *queryString;
	bool		readOnlyTree;
	ProcessUtilityContext context;
	ParamListInfo params;
	QueryEnvironment *queryEnv;
	DestReceiver *dest;
	QueryCompletion *qc;
} UtilityCall;

static void
run_process_utility(void *arg)
{
	UtilityCall *u = (UtilityCall *) arg;

	if (prev_process_utility != NULL)
		prev_process_utility(u->pstmt, u->queryString, u->readOnlyTree, u->context, u->params, u->queryEnv,
							 u->dest, u->qc);
	else
		standard_ProcessUtility(u->pstmt, u->queryString, u->readOnlyTree, u->context, u->params, u->queryEnv,
								u->dest, u->qc);
}

/* COPY FROM fires its rows' triggers itself: it is a level; other utility statements pass. */
static void
copy_as_statement_level(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
						ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *queryEnv,
						DestReceiver *dest, QueryCompletion *qc)
{
	UtilityCall u = {pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc};

	if (IsA(pstmt->utilityStmt, CopyStmt) && ((CopyStmt *) pstmt->utilityStmt)->is_from)
		run_as_statement_level(run_process_utility, &u);
	else
		run_process_utility(&u);
}

/*
 * Notes of rows that no statement level keeps, per table and
 * subtransaction (in TopTransactionContext): told at commit.
 */
typedef struct PendingNotes
{
	SubTransactionId subid;		/* the subtransaction the rows were noted in */
	NoteTally	tally;
} PendingNotes;

static List *pending_notes = NIL;

static void
pending_notes_at_end(XactEvent event, void *arg)
{
	ListCell   *lc;

	if (pending_notes == NIL)
		return;
	if (event == XACT_EVENT_PRE_COMMIT || event == XACT_EVENT_PRE_PREPARE)
	{
		List	   *told = pending_notes;

		/* (a NOTICE that fails leaves nothing to tell again) */
		pending_notes = NIL;
		foreach(lc, told)
			slm_note_tally_report(&((PendingNotes *) lfirst(lc))->tally);
	}
	else if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
			 event == XACT_EVENT_COMMIT || event == XACT_EVENT_PREPARE)
		pending_notes = NIL;	/* freed with TopTransactionContext */
}

/* A subtransaction's pending notes: its parent's once it commits, gone if it aborts. */
static void
pending_notes_at_subxact_end(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	ListCell   *lc;

	if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		foreach(lc, pending_notes)
		{
			PendingNotes *p = (PendingNotes *) lfirst(lc);

			if (p->subid == mySubid)
				p->subid = parentSubid;
		}
	}
	else if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		foreach(lc, pending_notes)
		{
			if (((PendingNotes *) lfirst(lc))->subid == mySubid)
				pending_notes = foreach_delete_current(pending_notes, lc);
		}
	}
}

/* The pending tally of tracked table tbl in the current subtransaction, made if need be. */
static NoteTally *
pending_tally(Oid tbl)
{
	SubTransactionId subid = GetCurrentSubTransactionId();
	MemoryContext caller;
	PendingNotes *p;
	ListCell   *lc;

	foreach(lc, pending_notes)
	{
		p = (PendingNotes *) lfirst(lc);
		if (p->tally.tbl == tbl && p->subid == subid)
			return &p->tally;
	}
	caller = MemoryContextSwitchTo(TopTransactionContext);
	p = palloc(sizeof(PendingNotes));
	p->subid = subid;
	slm_note_tally_init(&p->tally, tbl);
	pending_notes = lappend(pending_notes, p);
	MemoryContextSwitchTo(caller);
	return &p->tally;
}

void
slm_clock_trigger_init(void)
{
	prev_executor_finish = ExecutorFinish_hook;
	ExecutorFinish_hook = finish_as_statement_level;
	prev_process_utility = ProcessUtility_hook;
	ProcessUtility_hook = copy_as_statement_level;
	RegisterXactCallback(pending_notes_at_end, NULL);
	RegisterSubXactCallback(pending_notes_at_subxact_end, NULL);
}

/*
 * The level this change's row belongs to: the innermost statement's, if
 * the row fires under its resource owner; NULL otherwise (see above).
 */
static StatementLevel *
change_statement_level(void)
{
	StatementLevel *s = statement_level;

	return s != NULL && s->owner == CurrentResourceOwner ? s : NULL;
}

/*
 * The tally of tracked table tbl for the statement whose row this change
 * is, made if need be; NULL where no statement keeps one (see above).
 */
static NoteTally *
statement_tally(Oid tbl)
{
	StatementLevel *s = change_statement_level();
	NoteTally  *tally;
	MemoryContext caller;
	ListCell   *lc;

	if (s == NULL)
		return NULL;
	foreach(lc, s->tallies)
	{
		if (((NoteTally *) lfirst(lc))->tbl == tbl)
			return (NoteTally *) lfirst(lc);
	}
	if (s->notes_cxt == NULL)
		s->notes_cxt = AllocSetContextCreate(CurTransactionContext, "slm statement notes", ALLOCSET_SMALL_SIZES);
	caller = MemoryContextSwitchTo(s->notes_cxt);
	tally = palloc(sizeof(NoteTally));
	slm_note_tally_init(tally, tbl);
	s->tallies = lappend(s->tallies, tally);
	MemoryContextSwitchTo(caller);
	return tally;
}

/*
 * The notes of a change of ticket key of tracked table tbl: tallied for
 * its statement, which tells them when its triggers have run, or where no
 * statement keeps them, for the transaction's commit.
 */
static void
tell_notes(const SyncNotes *notes, Oid tbl, const char *key)
{
	NoteTally  *tally;

	if (notes->ncancelled == 0 && !notes->without_sla)
		return;
	if ((tally = statement_tally(tbl)) == NULL)
		tally = pending_tally(tbl);
	slm_note_tally_add(tally, notes, key);
}

/*
 * The direct store kept for this statement's row changes, opened by the
 * first; NULL where none may be kept (see above), or where slm.clocks
 * cannot be opened (the change opens its own, which says why).
 */
static ClockStore *
statement_clock_store(void)
{
	StatementLevel *s = change_statement_level();

	if (s == NULL)
		return NULL;
	if (s->cxt == NULL)
	{
		MemoryContext cxt = AllocSetContextCreate(CurTransactionContext, "slm statement clock store",
												  ALLOCSET_DEFAULT_SIZES);
		MemoryContext caller = MemoryContextSwitchTo(cxt);
		const char *problem;
		bool		opened = slm_clock_store_open(&s->st, true, false, &problem);

		MemoryContextSwitchTo(caller);
		if (!opened)
		{
			MemoryContextDelete(cxt);
			return NULL;
		}
		slm_clock_store_end_change(&s->st);
		s->cxt = cxt;
	}
	return &s->st;
}

/*
 * The notes of a change, copied into `cxt`: the rules note cancelled
 * clocks in the store's memory and by the clocks' own strings, which
 * closing a store that writes by statements frees (SPI_finish) before
 * the caller reports them.
 */
static void
keep_notes(SyncNotes *notes, MemoryContext cxt)
{
	MemoryContext old;
	CancelledClock *kept;

	if (notes->ncancelled == 0)
		return;
	old = MemoryContextSwitchTo(cxt);
	kept = palloc(sizeof(CancelledClock) * notes->ncancelled);
	for (int i = 0; i < notes->ncancelled; i++)
	{
		kept[i].ticket = pstrdup(notes->cancelled[i].ticket);
		kept[i].kind = pstrdup(notes->cancelled[i].kind);
		kept[i].metric = pstrdup(notes->cancelled[i].metric);
	}
	MemoryContextSwitchTo(old);
	notes->cancelled = kept;
	notes->cap = notes->ncancelled;
}

/* Open the store (or take the statement's), apply the change, close it. */
static const char *
run_change(const Change *c, bool direct, SyncNotes *notes)
{
	ClockStore	st;
	ClockStore *kept = direct && !c->own_query_level ? statement_clock_store() : NULL;
	MemoryContext caller = CurrentMemoryContext;
	const char *problem = NULL;

	if (kept != NULL)
	{
		slm_clock_store_begin_change(kept);
		problem = apply_change(kept, c, notes);
		slm_clock_store_end_change(kept);
		return problem;
	}
	if (!slm_clock_store_open(&st, direct, c->own_query_level, &problem))
		return problem;
	problem = apply_change(&st, c, notes);
	keep_notes(notes, caller);
	slm_clock_store_close(&st);
	return problem;
}

/* run_change's arguments and result, for slm_try_in_subtransaction */
typedef struct GuardedChange
{
	const Change *change;
	SyncNotes  *notes;
	const char *problem;
} GuardedChange;

static void
run_change_by_statements(void *arg)
{
	GuardedChange *g = (GuardedChange *) arg;

	g->problem = run_change(g->change, false, g->notes);
}

/*
 * run_change by statements, in a subtransaction: an error (from what the
 * owner put on slm.clocks, or anywhere else) is rolled back and comes back
 * as the problem.
 */
static const char *
run_change_guarded(const Change *c, SyncNotes *notes)
{
	GuardedChange g = {c, notes, NULL};
	ErrorData  *edata = slm_try_in_subtransaction(run_change_by_statements, &g);

	if (edata == NULL)
		return g.problem;
	memset(notes, 0, sizeof(*notes));
	return edata->message;
}

static bool track_change(Relation rel, const Change *c);

/*
 * A row change that could not be tracked: of ticket key, or of a row whose
 * key slm could not read (key NULL: the SLA model, which maps the table,
 * cannot be read).  Tallied for its statement by problem (see
 * statement_tally), or told at once.
 */
static void
warn_not_tracked(Oid tbl, const char *key, const char *problem)
{
	NoteTally  *tally;

	not_tracked++;
	if ((tally = statement_tally(tbl)) == NULL || !slm_note_tally_fail(tally, key, problem))
		slm_warn_not_tracked(tbl, 1, key != NULL ? slm_key_for_message(key) : NULL, problem);
}

/* A truncation that could not be tracked, told at once. */
static void
warn_truncation_not_tracked(Oid tbl, const char *problem)
{
	char	   *table_name = slm_relation_name(tbl);

	not_tracked++;
	ereport(WARNING,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("slm could not track the truncation of %s: %s", table_name, problem),
			 errhint("The rows are gone; slm.rebuild('%s') marks the clocks of tickets that are gone once this is fixed.",
					 table_name)));
}

/*
 * The trigger fired on a table that slm.tracked_tables does not name: not
 * one slm.attach made (slm.detach drops its triggers), but a copy of them,
 * say on a shard of a distributed table or on a table restored without
 * its mapping.  Its rows get no clocks; say so, once per table in a
 * session, rather than on every row.
 */
static void
warn_not_attached(Relation rel)
{
	static List *warned = NIL;
	MemoryContext caller;

	if (list_member_oid(warned, RelationGetRelid(rel)))
		return;
	caller = MemoryContextSwitchTo(TopMemoryContext);
	warned = lappend_oid(warned, RelationGetRelid(rel));
	MemoryContextSwitchTo(caller);
	ereport(WARNING,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("slm's trigger fired on %s, which slm.tracked_tables does not name: its tickets get no clocks",
					slm_relation_name(RelationGetRelid(rel))),
			 errhint("Attach the table with slm.attach, or drop slm's triggers on it.")));
}

/*
 * slm_track - AFTER trigger on tracked ticket tables: each inserted,
 * updated or deleted row, and TRUNCATE
 */
PG_FUNCTION_INFO_V1(slm_track);
Datum
slm_track(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	Change		c;
	const char *problem = NULL;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("slm.track() must be called as an AFTER trigger"),
				 errhint("slm.attach creates it.")));
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event) && !TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		return PointerGetDatum(NULL);

	memset(&c, 0, sizeof(c));
	if (!slm_model_ready())
	{
		if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
			warn_truncation_not_tracked(RelationGetRelid(rel), slm_model_problem());
		else
			warn_not_tracked(RelationGetRelid(rel), NULL, slm_model_problem());
		return PointerGetDatum(NULL);
	}
	if ((c.m = slm_model_tracked_table_of(rel)) == NULL)
	{
		warn_not_attached(rel);
		return PointerGetDatum(NULL);
	}

	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		c.kind = CHANGE_TRUNCATE;
	else if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		c.kind = CHANGE_INSERT;
		problem = slm_read_ticket(c.m, desc, td->tg_trigtuple, NULL, false, &c.n);
	}
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		c.kind = CHANGE_DELETE;
		problem = slm_read_ticket(c.m, desc, td->tg_trigtuple, NULL, false, &c.o);
	}
	else
	{
		c.kind = CHANGE_UPDATE;
		problem = slm_read_ticket(c.m, desc, td->tg_trigtuple, NULL, true, &c.o);
		if (problem == NULL)
			problem = slm_read_ticket(c.m, desc, td->tg_newtuple, &c.o, false, &c.n);
		if (problem == NULL && strcmp(c.o.key, c.n.key) == 0 &&
			!slm_change_touches_clocks(&c.m->rules, &c.o, &c.n))
			return PointerGetDatum(NULL);
	}
	/*
	 * What its system keeps in other tables, the same before and after: the
	 * teams holding it, its first response
	 */
	if (problem == NULL && c.m->group_links_query != NULL &&
		(c.kind == CHANGE_INSERT || c.kind == CHANGE_UPDATE))
	{
		problem = slm_read_ticket_groups(c.m, &c.n);
		c.o.groups = c.n.groups;
		c.o.ngroups = c.n.ngroups;
	}
	if (problem == NULL && c.m->responses_query != NULL &&
		(c.kind == CHANGE_INSERT || c.kind == CHANGE_UPDATE))
	{
		problem = slm_read_ticket_response(c.m, &c.n);
		c.o.isnull[SLM_ROLE_RESPONDED_AT] = c.n.isnull[SLM_ROLE_RESPONDED_AT];
		c.o.responded_at = c.n.responded_at;
	}
	if (problem != NULL)
	{
		warn_not_tracked(c.m->relid, c.n.key != NULL ? c.n.key : c.o.key, problem);
		return PointerGetDatum(NULL);
	}
	(void) track_change(rel, &c);
	return PointerGetDatum(NULL);
}

/*
 * Apply a change of a ticket (read from the row of ticket table rel, or
 * for a response, from a related table) to its clocks, directly or by
 * statements; what cannot be tracked becomes a WARNING, and false.
 */
static bool
track_change(Relation rel, const Change *c)
{
	SyncNotes	notes;
	const char *problem;
	bool		direct;

	memset(&notes, 0, sizeof(notes));
	direct = slm_clocks_direct_ok(rel, c->m);
	/*
	 * A key without its unique index (dropped since slm.attach) may name
	 * two rows, which would share one set of clocks: such a ticket is not
	 * tracked until the index is back and slm.rebuild has run.  A
	 * truncation names no key.
	 */
	if (!direct && c->kind != CHANGE_TRUNCATE && c->kind != CHANGE_ROWS_LEAVE && !slm_ticket_key_unique(rel, c->m))
		problem = psprintf("its key column \"%s\" has no unique index any more, so two rows could share its clocks",
						   c->m->column[SLM_ROLE_KEY]);
	else
		problem = direct ? run_change(c, true, &notes) : run_change_guarded(c, &notes);
	if (problem != NULL && c->kind == CHANGE_ROWS_LEAVE)
	{
		not_tracked++;
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not remove the clocks of the rows leaving %s, a partition of %s: %s",
						slm_relation_name(RelationGetRelid(rel)), slm_relation_name(c->m->relid), problem),
				 errhint("slm.rebuild('%s') marks the clocks of tickets that are gone once this is fixed.",
						 slm_relation_name(c->m->relid))));
		return false;
	}
	if (problem != NULL)
	{
		if (c->kind == CHANGE_TRUNCATE)
			warn_truncation_not_tracked(c->m->relid, problem);
		else
			warn_not_tracked(c->m->relid, c->kind == CHANGE_DELETE ? c->o.key : c->n.key, problem);
		return false;
	}
	if (direct)
		written_directly++;
	else
		written_by_statements++;
	tell_notes(&notes, c->m->relid, c->kind == CHANGE_DELETE ? c->o.key : c->n.key);
	if (c->kind == CHANGE_INSERT)
		slm_keep_clock_statistics();
	return true;
}

/*
 * The rows of part, a partition of the tracked table m, leave it: the
 * partition is truncated (in the truncation's trigger), or dropped or
 * detached (in an event trigger, outside any statement: own_query_level).
 * The clocks of the tickets they hold (keys) are removed, as deleting the
 * rows would remove them.  False when they could not be (a WARNING said
 * why).
 */
bool
slm_track_rows_leaving(Relation part, const SlmTrackedTable *m, List *keys, bool own_query_level)
{
	Change		c;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.kind = CHANGE_ROWS_LEAVE;
	c.keys = keys;
	c.own_query_level = own_query_level;
	return track_change(part, &c);
}

/*
 * Apply a change of a ticket that its row does not show (a first response
 * kept in a related table, responses.c): o as the row reads, n with what
 * changed.  tickets is the ticket table.
 */
void
slm_track_ticket_update(Relation tickets, const SlmTrackedTable *m, const Ticket *o, const Ticket *n)
{
	Change		c;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.kind = CHANGE_UPDATE;
	c.o = *o;
	c.n = *n;
	if (!slm_change_touches_clocks(&m->rules, &c.o, &c.n))
		return;
	(void) track_change(tickets, &c);
}

/*
 * slm_tracking_stats - the changes of tracked tables this backend's
 * trigger wrote directly, wrote by statements, and could not track
 */
PG_FUNCTION_INFO_V1(slm_tracking_stats);
Datum
slm_tracking_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int64GetDatum(written_directly);
	values[1] = Int64GetDatum(written_by_statements);
	values[2] = Int64GetDatum(not_tracked);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
