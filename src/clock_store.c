/*-------------------------------------------------------------------------
 *
 * clock_store.c
 *	  A ticket's clocks in memory, read from slm.clocks and written back:
 *	  the one place in C that knows slm.clocks' columns.
 *
 * A change of a ticket reads every live clock of the ticket (through the
 * unique index clocks_ticket on tbl, ticket, kind, metric, cycle WHERE
 * removed_at IS NULL), each locked in its latest version as UPDATE locks
 * it, as a Clock (plain C values) for the rules (src/engine/clock_rules.c),
 * which change them and add new ones; then only the clocks that are new
 * or changed are written, each a row built on the row as read.
 *
 * Two ways to write.  Directly, the way logical replication applies rows
 * (ExecSimpleRelationInsert and ExecSimpleRelationUpdate, which check
 * constraints and maintain every index of slm.clocks, whatever indexes it
 * has): starting an executor per statement would cost more than the
 * writes.  That needs slm.clocks as this file expects it, a plain table
 * without triggers, constraints or foreign keys of its owner's or forced
 * row security (which could refuse a clock, and with it the user's
 * ticket), and a ticket table that keeps its key unique, so that no other
 * transaction can be writing the same ticket's new clocks.  Otherwise by
 * prepared statements, which meet whatever the owner has put on
 * slm.clocks; the trigger then runs the change in a subtransaction (see
 * clock_trigger.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_store.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/skey.h"
#include "access/sysattr.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/dependency.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "optimizer/optimizer.h"
#include "parser/parse_relation.h"
#include "rewrite/rewriteHandler.h"
#include "storage/bufmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "alert_worker.h"
#include "base.h"
#include "clock_fns.h"
#include "tracking.h"

/* slm.clocks' columns, in the order of ClockColumn */
static const char *const clock_column_names[CLK_NUM_COLUMNS] = {
	"id", "tbl", "ticket", "cycle", "pauses", "cancelled_at", "kind", "metric", "agreement", "target",
	"counterparty", "customer", "service", "priority", "tier", "goal", "calendar", "warn_at", "started_at",
	"paused_since", "stopped_at", "goal_time", "paused_time", "time_used", "warn_from", "due_at", "due_date",
	"state", "assignee", "satisfaction", "removed_at", "category", "named_agreement"
};

AttrNumber	slm_clock_attnum[CLK_NUM_COLUMNS];

/*
 * The columns slm.clocks declares NOT NULL, which every clock row fills.
 * A NOT NULL on another column is its owner's, and a clock may leave that
 * column null.
 */
static const ClockColumn clock_columns_filled[] = {
	CLK_ID, CLK_TBL, CLK_TICKET, CLK_KIND, CLK_METRIC, CLK_CYCLE, CLK_AGREEMENT, CLK_SERVICE, CLK_GOAL,
	CLK_CALENDAR, CLK_WARN_AT, CLK_STARTED_AT, CLK_PAUSES, CLK_PAUSED_TIME, CLK_WARN_FROM, CLK_DUE_AT, CLK_STATE
};

/* the setting slm.direct_writes (defined in slm.c's _PG_init) */
bool		slm_direct_writes = true;

const char *
slm_clock_column_name(ClockColumn c)
{
	return clock_column_names[c];
}

/* What this backend found slm.clocks to be. */
static struct
{
	Oid			relid;			/* InvalidOid until found */
	int			natts;
	bool		complete;		/* every column of ClockColumn is there */
	bool		indexes_stale;	/* slm.clocks changed since they were found */
	bool		owner_rejects;	/* its owner's constraints may refuse a clock */
	bool		owner_defaults; /* its owner's columns have defaults */
	Oid			key_index;		/* clocks_ticket */
	Oid			removed_index;	/* clocks_removed */
	Oid			id_sequence;
} layout;

/* The statements of the statement way, for the layout above. */
static SPIPlanPtr read_plan;
static SPIPlanPtr keys_plan;
static SPIPlanPtr insert_plan;
static SPIPlanPtr update_plan;

/* slm.clocks, or InvalidOid when it does not exist. */
Oid
slm_clocks_relid(void)
{
	Oid			nsp = get_namespace_oid("slm", true);

	return OidIsValid(nsp) ? get_relname_relid("clocks", nsp) : InvalidOid;
}

/* The first index of a relation that fits a test, or InvalidOid. */
typedef bool (*IndexFits) (Form_pg_index index, HeapTuple tup, const void *arg);

static Oid
find_index(Relation rel, IndexFits fits, const void *arg)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	Oid			found = InvalidOid;

	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));

		if (!HeapTupleIsValid(tup))
			continue;
		if (fits((Form_pg_index) GETSTRUCT(tup), tup, arg))
			found = lfirst_oid(lc);
		ReleaseSysCache(tup);
		if (OidIsValid(found))
			break;
	}
	list_free(indexes);
	return found;
}

/*
 * slm.clocks' unique index on (tbl, ticket, kind, metric, cycle) of the
 * clocks of tickets that exist (WHERE removed_at IS NULL): scanning it
 * finds only a ticket's live clocks, never those of a deleted ticket whose
 * key was used again.
 */
static bool
is_clocks_key(Form_pg_index index, HeapTuple tup, const void *arg)
{
	return index->indisunique && index->indisvalid && index->indnkeyatts == 5 &&
		index->indkey.values[0] == slm_clock_attnum[CLK_TBL] &&
		index->indkey.values[1] == slm_clock_attnum[CLK_TICKET] &&
		!heap_attisnull(tup, Anum_pg_index_indpred, NULL) && heap_attisnull(tup, Anum_pg_index_indexprs, NULL) &&
		strcmp(get_rel_name(index->indexrelid), "clocks_ticket") == 0;
}

/*
 * slm.clocks' index on (tbl, ticket) of the clocks of deleted and cancelled
 * tickets (WHERE removed_at IS NOT NULL), for slm.load_history.
 */
static bool
is_clocks_removed(Form_pg_index index, HeapTuple tup, const void *arg)
{
	return index->indisvalid && index->indnkeyatts == 2 &&
		index->indkey.values[0] == slm_clock_attnum[CLK_TBL] &&
		index->indkey.values[1] == slm_clock_attnum[CLK_TICKET] &&
		!heap_attisnull(tup, Anum_pg_index_indpred, NULL) && heap_attisnull(tup, Anum_pg_index_indexprs, NULL) &&
		strcmp(get_rel_name(index->indexrelid), "clocks_removed") == 0;
}

/* A unique or exclusion index other than the primary key and clocks_ticket. */
static bool
is_owners_unique(Form_pg_index index, HeapTuple tup, const void *arg)
{
	return (index->indisunique || index->indisexclusion) && !index->indisprimary &&
		!is_clocks_key(index, tup, NULL);
}

/*
 * Whether slm.clocks carries constraints of its owner's that may refuse a
 * clock row: a CHECK, a NOT NULL on a column that clocks may leave null
 * (or on a column of the owner's, whose default may be null), a unique
 * or exclusion index of its own.  slm.clocks is made with none, as the
 * rules' values are documented rather than CHECKed; a clock refused by
 * them must not refuse the user's ticket, so those changes are written by
 * statements, whose errors become warnings.
 */
static bool
has_owner_constraints(Relation clocks)
{
	TupleDesc	desc = RelationGetDescr(clocks);

	if (desc->constr != NULL && desc->constr->num_check > 0)
		return true;
	for (int a = 1; a <= desc->natts; a++)
	{
		bool		filled = false;

		if (TupleDescAttr(desc, a - 1)->attisdropped || !TupleDescAttr(desc, a - 1)->attnotnull)
			continue;
		for (int i = 0; i < (int) lengthof(clock_columns_filled) && !filled; i++)
			filled = slm_clock_attnum[clock_columns_filled[i]] == a;
		if (!filled)
			return true;
	}
	return OidIsValid(find_index(clocks, is_owners_unique, NULL));
}

/*
 * Whether an attribute of slm.clocks is a column of its owner's that an
 * INSERT fills (not dropped, not generated, not one of slm's columns).
 */
static bool
is_owners_column(TupleDesc desc, AttrNumber a)
{
	Form_pg_attribute att = TupleDescAttr(desc, a - 1);

	if (att->attisdropped || att->attgenerated)
		return false;
	for (int c = 0; c < CLK_NUM_COLUMNS; c++)
		if (slm_clock_attnum[c] == a)
			return false;
	return true;
}

/*
 * Whether columns of the owner's on slm.clocks have defaults (their own,
 * their domain's, or an identity), which a new clock written directly must
 * be given.
 */
static bool
has_owner_defaults(Relation clocks)
{
	TupleDesc	desc = RelationGetDescr(clocks);

	for (AttrNumber a = 1; a <= desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a - 1);

		if (is_owners_column(desc, a) &&
			(att->atthasdef || att->attidentity || get_typdefault(att->atttypid) != NULL))
			return true;
	}
	return false;
}

/*
 * The indexes and the id sequence of slm.clocks are found again after any
 * change of it: REINDEX CONCURRENTLY (or pg_repack) replaces an index by
 * one with another oid, and every session that had tracked a ticket before
 * would fail to open the old one, refusing the user's rows until it
 * reconnected.  Relcache invalidations of slm.clocks are rare enough
 * (DDL, VACUUM, ANALYZE) that finding them again costs nothing measurable.
 */
static void
layout_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == layout.relid)
		layout.indexes_stale = true;
}

void
slm_clock_store_init(void)
{
	CacheRegisterRelcacheCallback(layout_invalidate, (Datum) 0);
}

/*
 * Find slm.clocks' columns once per layout, and its key indexes and id
 * sequence again whenever it changed.
 */
static void
find_layout(Relation clocks)
{
	TupleDesc	desc = RelationGetDescr(clocks);

	if (layout.relid != RelationGetRelid(clocks) || layout.natts != desc->natts)
	{
		memset(&layout, 0, sizeof(layout));
		read_plan = keys_plan = insert_plan = update_plan = NULL;	/* kept plans of the old layout leak */
		layout.relid = RelationGetRelid(clocks);
		layout.natts = desc->natts;
		layout.complete = true;
		for (int c = 0; c < CLK_NUM_COLUMNS; c++)
		{
			slm_clock_attnum[c] = slm_column_attnum(desc, clock_column_names[c]);
			if (slm_clock_attnum[c] == InvalidAttrNumber)
				layout.complete = false;
		}
		layout.indexes_stale = true;
	}
	if (!layout.complete || !layout.indexes_stale)
		return;
	/* cleared first: an invalidation while they are read makes them stale again */
	layout.indexes_stale = false;
	layout.id_sequence = getIdentitySequence(layout.relid, slm_clock_attnum[CLK_ID], true);
	layout.key_index = find_index(clocks, is_clocks_key, NULL);
	layout.removed_index = find_index(clocks, is_clocks_removed, NULL);
	layout.owner_rejects = has_owner_constraints(clocks);
	layout.owner_defaults = has_owner_defaults(clocks);
}

/*
 * Whether the direct way may write slm.clocks: a plain table whose only
 * triggers are the internal ones of foreign keys that reference it (from
 * slm.events, which act only when a clock's id changes or a clock is
 * deleted), without forced row security or constraints of its owner's,
 * with its key index.
 */
static bool
writable_directly(Relation clocks)
{
	if (clocks->rd_rel->relkind != RELKIND_RELATION ||
		(clocks->rd_rel->relrowsecurity && clocks->rd_rel->relforcerowsecurity) || layout.owner_rejects)
		return false;
	if (clocks->trigdesc != NULL)
		for (int i = 0; i < clocks->trigdesc->numtriggers; i++)
		{
			Trigger    *t = &clocks->trigdesc->triggers[i];

			/* a foreign key of slm.clocks' own checks each clock it writes */
			if (!t->tgisinternal || t->tgfoid == F_RI_FKEY_CHECK_INS || t->tgfoid == F_RI_FKEY_CHECK_UPD)
				return false;
		}
	return OidIsValid(layout.key_index);
}

/* A valid unique index of the ticket table on its key alone, deferrable or not. */
static bool
is_unique_key_index(Form_pg_index index, HeapTuple tup, const void *arg)
{
	AttrNumber	key = *(const AttrNumber *) arg;

	return index->indisunique && index->indisvalid && index->indnkeyatts == 1 &&
		index->indkey.values[0] == key && heap_attisnull(tup, Anum_pg_index_indpred, NULL);
}

/* Such an index that is also immediate. */
static bool
is_key_index(Form_pg_index index, HeapTuple tup, const void *arg)
{
	return index->indimmediate && is_unique_key_index(index, tup, arg);
}

/* The ticket table's first index on its key that fits; InvalidOid when none does. */
static Oid
find_key_index(Relation tickets, const SlmTrackedTable *m, IndexFits fits)
{
	AttrNumber	key = slm_key_attnum(RelationGetDescr(tickets), m);

	return key > 0 ? find_index(tickets, fits, &key) : InvalidOid;
}

/*
 * Whether the ticket table still keeps its key unique (slm.attach demands
 * it): without, two rows with one key would share one set of clocks.
 */
bool
slm_ticket_key_unique(Relation tickets, const SlmTrackedTable *m)
{
	return OidIsValid(find_key_index(tickets, m, is_unique_key_index));
}

/*
 * Refuse to compute a table's clocks from its rows (doing: "rebuild the
 * clocks of", "load the history of") when its key is no longer unique.
 */
void
slm_require_unique_key(Relation tickets, const SlmTrackedTable *m, const char *doing)
{
	if (!slm_ticket_key_unique(tickets, m))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot %s %s: its key column \"%s\" has no unique index any more",
						doing, slm_relation_name(RelationGetRelid(tickets)), m->column[SLM_ROLE_KEY]),
				 errdetail("Rows with the same key would share one set of clocks."),
				 errhint("Create a unique index on the key again, as slm.attach demanded.")));
}

/*
 * Whether a change of this ticket table may take the direct way: slm.clocks
 * is as this file expects (see writable_directly), the ticket table keeps
 * its key unique at once (not by a deferrable constraint), and
 * slm.direct_writes is on.  Otherwise the change is written by statements,
 * and the caller runs it in a subtransaction (if the key is unique at all:
 * slm_ticket_key_unique).
 */
bool
slm_clocks_direct_ok(Relation tickets, const SlmTrackedTable *m)
{
	Oid			relid = slm_clocks_relid();
	Relation	clocks;
	bool		ok;

	if (!slm_direct_writes || !OidIsValid(relid))
		return false;
	clocks = table_open(relid, RowExclusiveLock);
	find_layout(clocks);
	ok = layout.complete && writable_directly(clocks);
	table_close(clocks, NoLock);
	if (!ok)
		return false;
	return OidIsValid(slm_ticket_key_index(tickets, m));
}

/*
 * The ticket table's unique index on its key alone (slm.attach demands
 * one); InvalidOid when it has none any more.
 */
Oid
slm_ticket_key_index(Relation tickets, const SlmTrackedTable *m)
{
	return find_key_index(tickets, m, is_key_index);
}

/*
 * Open slm.clocks for one change (or one rebuild).  Returns false, with
 * *problem set, when slm.clocks is not as this version of slm made it.
 * Direct: a snapshot that sees what earlier rows of the statement wrote
 * (as a new statement would) is active until the store is closed, or
 * until the change ends (slm_clock_store_end_change) in a store kept open
 * for the changes of a whole statement.  Statements: an SPI connection is
 * open until the store is closed.
 */
bool
slm_clock_store_open(ClockStore *st, bool direct, bool own_query_level, const char **problem)
{
	Oid			relid = slm_clocks_relid();

	memset(st, 0, sizeof(*st));
	if (!OidIsValid(relid))
	{
		*problem = "slm.clocks does not exist";
		return false;
	}
	st->clocks = table_open(relid, RowExclusiveLock);
	find_layout(st->clocks);
	if (!layout.complete || !OidIsValid(layout.id_sequence))
	{
		table_close(st->clocks, NoLock);
		*problem = "slm.clocks is not as this version of slm made it";
		return false;
	}
	st->mcxt = CurrentMemoryContext;
	/* the caller asked slm_clocks_direct_ok, under the same lock */
	st->direct = direct;
	st->own_query_level = own_query_level;
	st->row = MakeSingleTupleTableSlot(RelationGetDescr(st->clocks), &TTSOpsVirtual);
	if (st->direct)
	{
		st->key_index = index_open(layout.key_index, RowExclusiveLock);
		slm_clock_store_begin_change(st);
	}
	else
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		/* the rows read stay the caller's, not SPI's */
		MemoryContextSwitchTo(st->mcxt);
	}
	return true;
}

/*
 * A change begins in a direct store: what earlier changes wrote is seen,
 * and what this one writes is written by the command it is read in.
 */
void
slm_clock_store_begin_change(ClockStore *st)
{
	Assert(st->direct && !st->in_change);
	CommandCounterIncrement();
	PushActiveSnapshot(GetTransactionSnapshot());
	if (st->estate != NULL)
	{
		st->estate->es_snapshot = GetActiveSnapshot();
		st->estate->es_output_cid = GetCurrentCommandId(true);
	}
	st->in_change = true;
}

/*
 * A change ends in a direct store: its snapshot is no longer active, and
 * what it wrote is seen by what comes next, as after a statement.
 */
void
slm_clock_store_end_change(ClockStore *st)
{
	Assert(st->direct && st->in_change);
	PopActiveSnapshot();
	CommandCounterIncrement();
	st->in_change = false;
}

/*
 * The defaults of slm.clocks' columns that are its owner's (a created_at
 * DEFAULT now(), an identity): a new clock written directly gets them as
 * from an INSERT, as COPY evaluates them.  Generated columns are computed
 * by ExecSimpleRelationInsert and Update themselves.
 */
static void
prepare_owner_defaults(ClockStore *st)
{
	TupleDesc	desc = RelationGetDescr(st->clocks);

	if (!layout.owner_defaults)
		return;
	st->default_attnums = palloc(sizeof(AttrNumber) * desc->natts);
	st->defaults = palloc(sizeof(ExprState *) * desc->natts);
	for (AttrNumber a = 1; a <= desc->natts; a++)
	{
		Node	   *expr;

		if (!is_owners_column(desc, a) || (expr = build_column_default(st->clocks, a)) == NULL)
			continue;
		st->default_attnums[st->ndefaults] = a;
		st->defaults[st->ndefaults++] = ExecInitExpr(expression_planner((Expr *) expr), NULL);
	}
}

/* A new clock's values of the owner's columns with defaults, in the per-tuple memory. */
static void
fill_owner_defaults(ClockStore *st)
{
	ExprContext *econtext = GetPerTupleExprContext(st->estate);

	for (int i = 0; i < st->ndefaults; i++)
	{
		AttrNumber	a = st->default_attnums[i];

		st->row->tts_values[a - 1] = ExecEvalExprSwitchContext(st->defaults[i], econtext, &st->row->tts_isnull[a - 1]);
	}
}

/* The executor state that ExecSimpleRelationInsert and Update need. */
static void
prepare_direct_writes(ClockStore *st)
{
	MemoryContext caller = MemoryContextSwitchTo(st->mcxt);
	RangeTblEntry *rte = makeNode(RangeTblEntry);

	st->estate = CreateExecutorState();
	rte->rtekind = RTE_RELATION;
	rte->relid = RelationGetRelid(st->clocks);
	rte->relkind = RELKIND_RELATION;
	rte->rellockmode = RowExclusiveLock;
#if PG_VERSION_NUM >= 160000
	{
		/* the updated columns are a permission entry's, as logical replication makes it */
		List	   *perminfos = NIL;

		st->updated_cols = &addRTEPermissionInfo(&perminfos, rte)->updatedCols;
		ExecInitRangeTable(st->estate, list_make1(rte), perminfos);
	}
#else
	st->updated_cols = &rte->updatedCols;
	ExecInitRangeTable(st->estate, list_make1(rte));
#endif
	st->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(st->rri, st->clocks, 1, NULL, 0);
	st->estate->es_output_cid = GetCurrentCommandId(true);
	st->estate->es_snapshot = GetActiveSnapshot();
	ExecOpenIndices(st->rri, false);
	prepare_owner_defaults(st);
	/*
	 * Outside a trigger (slm.rebuild), the writes open a query level of
	 * their own for slm.clocks' internal (foreign key) triggers, as
	 * logical replication's apply does.
	 */
	if (st->own_query_level)
		AfterTriggerBeginQuery();
	MemoryContextSwitchTo(caller);
}

void
slm_clock_store_close(ClockStore *st)
{
	if (st->direct)
	{
		if (st->estate != NULL)
		{
			if (st->own_query_level)
				AfterTriggerEndQuery(st->estate);
			ExecCloseIndices(st->rri);
			ExecResetTupleTable(st->estate->es_tupleTable, false);
			FreeExecutorState(st->estate);
		}
		index_close(st->key_index, NoLock);
		if (st->in_change)
			slm_clock_store_end_change(st);
	}
	else
		SPI_finish();
	ExecDropSingleTupleTableSlot(st->row);
	table_close(st->clocks, NoLock);
}

/* ---------------------------------------------------------------------
 * A clock and its row
 * ---------------------------------------------------------------------
 */

static TimestampTz
row_time(TupleTableSlot *row, ClockColumn c)
{
	return CLOCK_ISNULL(row, c) ? DT_NOEND : DatumGetTimestampTz(CLOCK_VALUE(row, c));
}

static const char *
row_text(TupleTableSlot *row, ClockColumn c)
{
	return CLOCK_ISNULL(row, c) ? NULL : TextDatumGetCString(CLOCK_VALUE(row, c));
}

static SlmTimeInterval
row_interval(TupleTableSlot *row, ClockColumn c)
{
	SlmTimeInterval none = {0, 0, 0};

	return CLOCK_ISNULL(row, c) ? none : *(SlmTimeInterval *) DatumGetIntervalP(CLOCK_VALUE(row, c));
}

/* A clock's values, from its row (all attributes deformed). */
static void
clock_from_row(TupleTableSlot *row, Clock *c)
{
	c->id = DatumGetInt64(CLOCK_VALUE(row, CLK_ID));
	c->ticket = row_text(row, CLK_TICKET);
	c->kind = row_text(row, CLK_KIND);
	c->metric = row_text(row, CLK_METRIC);
	c->cycle = DatumGetInt32(CLOCK_VALUE(row, CLK_CYCLE));
	c->agreement = DatumGetInt32(CLOCK_VALUE(row, CLK_AGREEMENT));
	c->has_target = !CLOCK_ISNULL(row, CLK_TARGET);
	c->target = c->has_target ? DatumGetInt32(CLOCK_VALUE(row, CLK_TARGET)) : 0;
	c->goal = row_interval(row, CLK_GOAL);
	c->calendar = row_text(row, CLK_CALENDAR);
	c->warn_at = CLOCK_VALUE(row, CLK_WARN_AT);
	c->warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, c->warn_at));
	c->counterparty = row_text(row, CLK_COUNTERPARTY);
	c->customer = row_text(row, CLK_CUSTOMER);
	c->service = row_text(row, CLK_SERVICE);
	c->has_priority = !CLOCK_ISNULL(row, CLK_PRIORITY);
	c->priority = c->has_priority ? DatumGetInt32(CLOCK_VALUE(row, CLK_PRIORITY)) : 0;
	c->tier = row_text(row, CLK_TIER);
	c->category = row_text(row, CLK_CATEGORY);
	c->named_agreement = row_text(row, CLK_NAMED_AGREEMENT);
	c->assignee = row_text(row, CLK_ASSIGNEE);
	c->has_satisfaction = !CLOCK_ISNULL(row, CLK_SATISFACTION);
	c->satisfaction = c->has_satisfaction ? CLOCK_VALUE(row, CLK_SATISFACTION) : (Datum) 0;
	c->started_at = row_time(row, CLK_STARTED_AT);
	c->npauses = slm_pause_bounds(DatumGetMultirangeTypeP(CLOCK_VALUE(row, CLK_PAUSES)), &c->pause_from,
								  &c->pause_to);
	c->paused_since = row_time(row, CLK_PAUSED_SINCE);
	c->stopped_at = row_time(row, CLK_STOPPED_AT);
	c->cancelled_at = row_time(row, CLK_CANCELLED_AT);
	c->removed_at = row_time(row, CLK_REMOVED_AT);
	c->has_goal_time = !CLOCK_ISNULL(row, CLK_GOAL_TIME);
	c->goal_time = row_interval(row, CLK_GOAL_TIME);
	c->paused_time = row_interval(row, CLK_PAUSED_TIME);
	c->has_time_used = !CLOCK_ISNULL(row, CLK_TIME_USED);
	c->time_used = row_interval(row, CLK_TIME_USED);
	c->warn_from = row_time(row, CLK_WARN_FROM);
	c->due_at = row_time(row, CLK_DUE_AT);
	c->has_due_date = !CLOCK_ISNULL(row, CLK_DUE_DATE);
	c->due_date = c->has_due_date ? DatumGetDateADT(CLOCK_VALUE(row, CLK_DUE_DATE)) : 0;
	c->state = row_text(row, CLK_STATE);
}

#define PUT(col, isnull, value) \
	(CLOCK_ISNULL(s, col) = (isnull), CLOCK_VALUE(s, col) = (isnull) ? (Datum) 0 : (value))

/*
 * A text column of a row: a text the rules left alone (the very pointer
 * read) keeps the value of the row as read.
 */
static void
put_text(TupleTableSlot *s, ClockColumn col, const char *v, const char *was, bool read)
{
	if (!read || v != was)
		PUT(col, v == NULL, v ? CStringGetTextDatum(v) : (Datum) 0);
}

static Datum
pauses_value(const Clock *c)
{
	TypeCacheEntry *mrtyp = lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);
	RangeType **ranges = palloc(sizeof(RangeType *) * (c->npauses + 1));

	for (int i = 0; i < c->npauses; i++)
	{
		RangeBound	lower = {TimestampTzGetDatum(c->pause_from[i]), false, true, true};
		RangeBound	upper = {TimestampTzGetDatum(c->pause_to[i]), false, false, false};

#if PG_VERSION_NUM >= 160000
		ranges[i] = make_range(mrtyp->rngtype, &lower, &upper, false, NULL);
#else
		ranges[i] = make_range(mrtyp->rngtype, &lower, &upper, false);
#endif
	}
	return MultirangeTypePGetDatum(make_multirange(TSTZMULTIRANGEOID, mrtyp->rngtype, c->npauses, ranges));
}

/*
 * A clock's row in s: for a clock read (old, as read: was), starting from
 * that row, so that columns slm does not know keep their values; a new
 * clock is numbered here.
 */
static void
clock_to_row(Clock *c, const Clock *was, TupleTableSlot *old, Oid tbl, TupleTableSlot *s)
{
	bool		read = (old != NULL);
	int			natts = s->tts_tupleDescriptor->natts;

	ExecClearTuple(s);
	if (read)
	{
		memcpy(s->tts_values, old->tts_values, sizeof(Datum) * natts);
		memcpy(s->tts_isnull, old->tts_isnull, sizeof(bool) * natts);
	}
	else
	{
		memset(s->tts_isnull, true, sizeof(bool) * natts);
		c->id = nextval_internal(layout.id_sequence, false);
	}
	PUT(CLK_ID, false, Int64GetDatum(c->id));
	PUT(CLK_TBL, false, ObjectIdGetDatum(tbl));
	put_text(s, CLK_TICKET, c->ticket, was ? was->ticket : NULL, read);
	put_text(s, CLK_KIND, c->kind, was ? was->kind : NULL, read);
	put_text(s, CLK_METRIC, c->metric, was ? was->metric : NULL, read);
	PUT(CLK_CYCLE, false, Int32GetDatum(c->cycle));
	PUT(CLK_AGREEMENT, false, Int32GetDatum(c->agreement));
	PUT(CLK_TARGET, !c->has_target, Int32GetDatum(c->target));
	PUT(CLK_GOAL, false, IntervalPGetDatum((Interval *) &c->goal));
	put_text(s, CLK_CALENDAR, c->calendar, was ? was->calendar : NULL, read);
	PUT(CLK_WARN_AT, false, c->warn_at);
	put_text(s, CLK_COUNTERPARTY, c->counterparty, was ? was->counterparty : NULL, read);
	put_text(s, CLK_CUSTOMER, c->customer, was ? was->customer : NULL, read);
	put_text(s, CLK_SERVICE, c->service, was ? was->service : NULL, read);
	PUT(CLK_PRIORITY, !c->has_priority, Int32GetDatum(c->priority));
	put_text(s, CLK_TIER, c->tier, was ? was->tier : NULL, read);
	put_text(s, CLK_CATEGORY, c->category, was ? was->category : NULL, read);
	put_text(s, CLK_NAMED_AGREEMENT, c->named_agreement, was ? was->named_agreement : NULL, read);
	put_text(s, CLK_ASSIGNEE, c->assignee, was ? was->assignee : NULL, read);
	PUT(CLK_SATISFACTION, !c->has_satisfaction, c->satisfaction);
	PUT(CLK_STARTED_AT, c->started_at == DT_NOEND, TimestampTzGetDatum(c->started_at));
	if (!read || c->pause_from != was->pause_from || c->npauses != was->npauses)
		PUT(CLK_PAUSES, false, pauses_value(c));
	PUT(CLK_PAUSED_SINCE, c->paused_since == DT_NOEND, TimestampTzGetDatum(c->paused_since));
	PUT(CLK_STOPPED_AT, c->stopped_at == DT_NOEND, TimestampTzGetDatum(c->stopped_at));
	PUT(CLK_CANCELLED_AT, c->cancelled_at == DT_NOEND, TimestampTzGetDatum(c->cancelled_at));
	PUT(CLK_REMOVED_AT, c->removed_at == DT_NOEND, TimestampTzGetDatum(c->removed_at));
	PUT(CLK_GOAL_TIME, !c->has_goal_time, IntervalPGetDatum((Interval *) &c->goal_time));
	PUT(CLK_PAUSED_TIME, false, IntervalPGetDatum((Interval *) &c->paused_time));
	PUT(CLK_TIME_USED, !c->has_time_used, IntervalPGetDatum((Interval *) &c->time_used));
	PUT(CLK_WARN_FROM, c->warn_from == DT_NOEND, TimestampTzGetDatum(c->warn_from));
	PUT(CLK_DUE_AT, c->due_at == DT_NOEND, TimestampTzGetDatum(c->due_at));
	PUT(CLK_DUE_DATE, !c->has_due_date, DateADTGetDatum(c->due_date));
	put_text(s, CLK_STATE, c->state, was ? was->state : NULL, read);
	ExecStoreVirtualTuple(s);
}

#undef PUT

/* ---------------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------------
 */

/* A scan of slm.clocks' key index: a ticket's live clocks, or (key NULL) a table's. */
static IndexScanDesc
begin_key_scan(ClockStore *st, Oid tbl, const char *key)
{
	ScanKeyData keys[2];
	int			nkeys = key != NULL ? 2 : 1;
	IndexScanDesc scan;

	ScanKeyInit(&keys[0], 1, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(tbl));
	if (key != NULL)
		ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
							   st->key_index->rd_indcollation[1], F_TEXTEQ, CStringGetTextDatum(key));
	scan = index_beginscan(st->clocks, st->key_index, GetActiveSnapshot(), nkeys, 0);
	index_rescan(scan, keys, nkeys, NULL, 0);
	return scan;
}

/*
 * Lock the latest version of a clock row, as UPDATE does, into a new slot
 * with all its values; NULL when it was deleted meanwhile or changed by
 * this very command.  Under REPEATABLE READ a concurrent change is a
 * serialization failure, as for UPDATE.
 */
static TupleTableSlot *
lock_latest_version(Relation clocks, ItemPointer tid)
{
	TupleTableSlot *slot = table_slot_create(clocks, NULL);
	TM_FailureData tmfd;

	if (table_tuple_lock(clocks, tid, GetActiveSnapshot(), slot, GetCurrentCommandId(false),
						 LockTupleNoKeyExclusive, LockWaitBlock, TUPLE_LOCK_FLAG_FIND_LAST_VERSION,
						 &tmfd) != TM_Ok)
	{
		ExecDropSingleTupleTableSlot(slot);
		return NULL;
	}
	slot_getallattrs(slot);
	return slot;
}

/* A clock read, with its row (kept: an update of it is checked against it). */
static void
add_read_row(TicketClocks *tc, TupleTableSlot *old)
{
	ClockSet   *cs = &tc->set;
	Clock	   *c = slm_clock_append(cs);

	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	clock_from_row(old, c);
	tc->old = tc->old ? repalloc(tc->old, sizeof(TupleTableSlot *) * cs->cap)
		: palloc(sizeof(TupleTableSlot *) * cs->cap);
	tc->old[cs->nread++] = old;
}

/* The statement way's reading of a ticket's live clocks, locked. */
static void
read_by_statement(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc)
{
	static const Oid argtypes[2] = {OIDOID, TEXTOID};
	Datum		args[2] = {ObjectIdGetDatum(tbl), CStringGetTextDatum(key)};

	slm_keep_plan(&read_plan,
				  "SELECT c.* FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) $1 "
				  "AND c.ticket OPERATOR(pg_catalog.=) $2 AND c.removed_at IS NULL "
				  "ORDER BY c.id FOR NO KEY UPDATE",
				  2, argtypes);
	if (SPI_execute_plan(read_plan, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the clocks of ticket %s", key);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		TupleDesc	desc = RelationGetDescr(st->clocks);
		TupleTableSlot *old = MakeSingleTupleTableSlot(desc, &TTSOpsVirtual);
		TupleDesc	got = SPI_tuptable->tupdesc;
		int			j = 0;

		/* c.* has the table's columns in order, without dropped ones */
		ExecClearTuple(old);
		for (int a = 0; a < desc->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, a);

			old->tts_isnull[a] = true;
			if (att->attisdropped || j >= got->natts)
				continue;
			old->tts_values[a] = SPI_getbinval(SPI_tuptable->vals[r], got, ++j, &old->tts_isnull[a]);
			if (!old->tts_isnull[a])
				old->tts_values[a] = datumCopy(old->tts_values[a], att->attbyval, att->attlen);
		}
		ExecStoreVirtualTuple(old);
		add_read_row(tc, old);
	}
	SPI_freetuptable(SPI_tuptable);
}

/*
 * Every live clock of a ticket into tc: each locked in its latest version,
 * or (lock false, the direct way only) as the change's snapshot sees it,
 * for slm_lock_changed_clocks to lock those that the rules change.
 */
static void
read_ticket_clocks(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc, bool lock)
{
	memset(tc, 0, sizeof(*tc));
	slm_clock_set_init(&tc->set, slm_current_allocator());
	tc->locked = lock || !st->direct;
	if (st->direct)
	{
		IndexScanDesc scan = begin_key_scan(st, tbl, key);
		TupleTableSlot *found = table_slot_create(st->clocks, NULL);

		while (index_getnext_slot(scan, ForwardScanDirection, found))
		{
			TupleTableSlot *row;

			if (lock)
				row = lock_latest_version(st->clocks, &found->tts_tid);
			else
			{
				row = table_slot_create(st->clocks, NULL);
				ExecCopySlot(row, found);
				row->tts_tid = found->tts_tid;
				slot_getallattrs(row);
			}
			if (row != NULL)
				add_read_row(tc, row);
		}
		index_endscan(scan);
		ExecDropSingleTupleTableSlot(found);
	}
	else
		read_by_statement(st, tbl, key, tc);
	/* each clock as read, to tell what the rules changed */
	if (!slm_clock_set_keep_read(&tc->set))
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
}

/* Every live clock of a ticket into tc, each locked in its latest version. */
void
slm_read_ticket_clocks(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc)
{
	read_ticket_clocks(st, tbl, key, tc, true);
}

/*
 * Every live clock of a ticket into tc as the change's snapshot sees it,
 * none locked (the statement way locks them all the same).  Before
 * writing, slm_lock_changed_clocks locks those the rules changed.
 */
void
slm_read_ticket_clocks_unlocked(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc)
{
	read_ticket_clocks(st, tbl, key, tc, false);
}

/*
 * Whether a ticket may have clocks a deletion or cancellation removed:
 * false only when the direct way's index of them has none, so that
 * slm.load_history asks to delete them only when there are some.
 */
bool
slm_ticket_may_have_removed_clocks(ClockStore *st, Oid tbl, const char *key)
{
	Relation	index;
	IndexScanDesc scan;
	ScanKeyData keys[2];
	TupleTableSlot *found;
	bool		any;

	if (!st->direct || !OidIsValid(layout.removed_index))
		return true;
	index = index_open(layout.removed_index, AccessShareLock);
	ScanKeyInit(&keys[0], 1, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(tbl));
	ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
						   index->rd_indcollation[1], F_TEXTEQ, CStringGetTextDatum(key));
	scan = index_beginscan(st->clocks, index, GetActiveSnapshot(), 2, 0);
	index_rescan(scan, keys, 2, NULL, 0);
	found = table_slot_create(st->clocks, NULL);
	any = index_getnext_slot(scan, ForwardScanDirection, found);
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(found);
	index_close(index, AccessShareLock);
	return any;
}

/* The keys of a table's tickets that have live clocks (for TRUNCATE). */
List *
slm_clock_ticket_keys(ClockStore *st, Oid tbl)
{
	List	   *keys = NIL;
	char	   *last = NULL;

	if (st->direct)
	{
		IndexScanDesc scan = begin_key_scan(st, tbl, NULL);
		TupleTableSlot *found = table_slot_create(st->clocks, NULL);

		/* in index order, so a ticket's clocks come together */
		while (index_getnext_slot(scan, ForwardScanDirection, found))
		{
			bool		isnull;
			char	   *key = TextDatumGetCString(slot_getattr(found, slm_clock_attnum[CLK_TICKET], &isnull));

			CHECK_FOR_INTERRUPTS();
			if (last == NULL || strcmp(last, key) != 0)
				keys = lappend(keys, last = key);
		}
		index_endscan(scan);
		ExecDropSingleTupleTableSlot(found);
	}
	else
	{
		static const Oid argtypes[1] = {OIDOID};
		Datum		args[1] = {ObjectIdGetDatum(tbl)};

		slm_keep_plan(&keys_plan,
					  "SELECT DISTINCT c.ticket FROM slm.clocks c "
					  "WHERE c.tbl OPERATOR(pg_catalog.=) $1 AND c.removed_at IS NULL",
					  1, argtypes);
		if (SPI_execute_plan(keys_plan, args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read the tickets of a table's clocks");
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			CHECK_FOR_INTERRUPTS();
			keys = lappend(keys, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1));
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return keys;
}

/* ---------------------------------------------------------------------
 * Writing
 * ---------------------------------------------------------------------
 */

/*
 * Whether a row's value of one attribute (0-based) differs from the value
 * it was read with.  By image: a text read from disk (short header) and the
 * same text made in memory are equal.
 */
static bool
attr_changed(TupleTableSlot *row, TupleTableSlot *old, int a)
{
	Form_pg_attribute att = TupleDescAttr(row->tts_tupleDescriptor, a);

	if (row->tts_isnull[a] != old->tts_isnull[a])
		return true;
	return !row->tts_isnull[a] &&
		!datum_image_eq(row->tts_values[a], old->tts_values[a], att->attbyval, att->attlen);
}

/*
 * The columns of a row whose values differ from those it was read with, as
 * an updatedCols set (attribute numbers offset by
 * FirstLowInvalidHeapAttributeNumber); NULL when none.
 */
static Bitmapset *
changed_columns(TupleTableSlot *row, TupleTableSlot *old)
{
	Bitmapset  *changed = NULL;

	for (int a = 0; a < row->tts_tupleDescriptor->natts; a++)
		if (attr_changed(row, old, a))
			changed = bms_add_member(changed, a + 1 - FirstLowInvalidHeapAttributeNumber);
	return changed;
}

/*
 * Tell the index code which columns this update changes, as an UPDATE's
 * range table entry does: an index whose columns are unchanged gets the
 * hint that the new entry only replaces an old version (bottom-up
 * deletion), and the others do not.  Without it every index takes the
 * hint, and the indexes on due_date and warn_from, whose values a
 * rescheduled clock changes, pay for deletion passes that find nothing.
 * The executor caches the answer per index, so it is asked again.
 */
static void
set_updated_columns(ClockStore *st, Bitmapset *changed)
{
	*st->updated_cols = changed;
	for (int i = 0; i < st->rri->ri_NumIndices; i++)
		st->rri->ri_IndexRelationInfo[i]->ii_CheckedUnchanged = false;
}

/*
 * The statement writing a clock: an INSERT of slm's columns, or an UPDATE
 * of slm's columns but id, by id ($1).  Columns of the owner's are left
 * out, so that a new clock gets their defaults, identities and generated
 * values as any INSERT does, and an update keeps or recomputes them.
 */
static SPIPlanPtr
write_plan(TupleDesc desc, bool insert)
{
	SPIPlanPtr *plan = insert ? &insert_plan : &update_plan;

	if (*plan == NULL)
	{
		StringInfoData sql,
					values;
		Oid			types[CLK_NUM_COLUMNS];
		bool		first = true;

		initStringInfo(&sql);
		initStringInfo(&values);
		appendStringInfoString(&sql, insert ? "INSERT INTO slm.clocks (" : "UPDATE slm.clocks SET ");
		for (int c = 0; c < CLK_NUM_COLUMNS; c++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, slm_clock_attnum[c] - 1);
			const char *col = quote_identifier(NameStr(att->attname));

			types[c] = att->atttypid;
			if (insert)
			{
				appendStringInfo(&sql, "%s%s", first ? "" : ", ", col);
				appendStringInfo(&values, "%s$%d", first ? "" : ", ", c + 1);
			}
			else if (c != CLK_ID)
				appendStringInfo(&sql, "%s%s = $%d", first ? "" : ", ", col, c + 1);
			else
				continue;
			first = false;
		}
		if (insert)
			appendStringInfo(&sql, ") OVERRIDING SYSTEM VALUE VALUES (%s)", values.data);
		else
			appendStringInfo(&sql, " WHERE id OPERATOR(pg_catalog.=) $%d", CLK_ID + 1);
		slm_keep_plan(plan, sql.data, CLK_NUM_COLUMNS, types);
	}
	return *plan;
}

/* Write one clock by statement. */
static void
write_by_statement(TupleTableSlot *s, bool insert)
{
	Datum		values[CLK_NUM_COLUMNS];
	char		nulls[CLK_NUM_COLUMNS];

	for (int c = 0; c < CLK_NUM_COLUMNS; c++)
	{
		values[c] = s->tts_values[slm_clock_attnum[c] - 1];
		nulls[c] = s->tts_isnull[slm_clock_attnum[c] - 1] ? 'n' : ' ';
	}
	if (SPI_execute_plan(write_plan(s->tts_tupleDescriptor, insert), values, nulls, false, 0) !=
		(insert ? SPI_OK_INSERT : SPI_OK_UPDATE))
		elog(ERROR, "could not write a clock");
}

/*
 * Lock, in their latest versions, the clocks read unlocked into tc that
 * the rules changed, before any is written.  False when one of them has a
 * newer version than was read, or is gone: a writer that does not lock
 * the ticket's row (slm.rebuild, a resync, a history load) changed it
 * meanwhile, and the caller must read the clocks again, locked, and apply
 * the rules again.  Nothing is written either way.
 */
bool
slm_lock_changed_clocks(ClockStore *st, Oid tbl, TicketClocks *tc)
{
	ClockSet   *cs = &tc->set;
	TupleTableSlot *latest = NULL;
	bool		ok = true;

	if (tc->locked)
		return true;
	for (int i = 0; i < cs->nread && ok; i++)
	{
		TM_FailureData tmfd;

		clock_to_row(&cs->clock[i], &cs->was[i], tc->old[i], tbl, st->row);
		if (changed_columns(st->row, tc->old[i]) == NULL)
			continue;
		if (latest == NULL)
			latest = table_slot_create(st->clocks, NULL);
		ok = table_tuple_lock(st->clocks, &tc->old[i]->tts_tid, GetActiveSnapshot(), latest,
							  GetCurrentCommandId(false), LockTupleNoKeyExclusive, LockWaitBlock,
							  TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &tmfd) == TM_Ok && !tmfd.traversed;
	}
	if (latest != NULL)
		ExecDropSingleTupleTableSlot(latest);
	return ok;
}

/* Write the clocks of a ticket that are new or changed. */
void
slm_write_ticket_clocks(ClockStore *st, Oid tbl, TicketClocks *tc)
{
	ClockSet   *cs = &tc->set;

	for (int i = 0; i < cs->n; i++)
	{
		bool		insert = (i >= cs->nread);
		TupleTableSlot *old = insert ? NULL : tc->old[i];

		Bitmapset  *changed = NULL;

		Clock	   *c = &cs->clock[i];

		clock_to_row(c, insert ? NULL : &cs->was[i], old, tbl, st->row);
		if (!insert && (changed = changed_columns(st->row, old)) == NULL)
			continue;
		/* a running clock may now cross sooner than the alert worker expects */
		if (c->stopped_at == DT_NOEND && c->cancelled_at == DT_NOEND && c->paused_since == DT_NOEND)
			slm_alert_clock_written(c->warn_from, c->due_at);
		if (!st->direct)
			write_by_statement(st->row, insert);
		else
		{
			if (st->estate == NULL)
				prepare_direct_writes(st);
			if (insert)
			{
				fill_owner_defaults(st);
				ExecSimpleRelationInsert(st->rri, st->estate, st->row);
			}
			else
			{
				set_updated_columns(st, changed);
				ExecSimpleRelationUpdate(st->rri, st->estate, NULL, old, st->row);
			}
			ResetPerTupleExprContext(st->estate);
		}
	}
}

void
slm_free_ticket_clocks(TicketClocks *tc)
{
	for (int i = 0; i < tc->set.nread; i++)
		ExecDropSingleTupleTableSlot(tc->old[i]);
	if (tc->old != NULL)
		pfree(tc->old);
	slm_clock_set_free(&tc->set);
	memset(tc, 0, sizeof(*tc));
}

/*
 * slm.clocks has outgrown statistics that know it as small: queries that
 * were planned with them (the reports' generic plans) would treat it as
 * small, so slm.keep_clock_statistics analyzes it.  Checked by the
 * relation's size, which costs no query.
 */
void
slm_keep_clock_statistics(void)
{
	static SPIPlanPtr analyze_plan;
	Oid			relid = slm_clocks_relid();
	Relation	clocks;
	BlockNumber known;
	bool		grown;

	if (!OidIsValid(relid))
		return;
	clocks = table_open(relid, AccessShareLock);
	known = (BlockNumber) Max(clocks->rd_rel->relpages, 16);
	grown = known < 1024 && RelationGetNumberOfBlocks(clocks) > 2 * known;
	table_close(clocks, AccessShareLock);
	if (!grown)
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	slm_keep_plan(&analyze_plan, "SELECT slm.keep_clock_statistics()", 0, NULL);
	if (SPI_execute_plan(analyze_plan, NULL, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "slm.keep_clock_statistics failed");
	SPI_finish();
}
