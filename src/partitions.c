/*-------------------------------------------------------------------------
 *
 * partitions.c
 *	  Rows that leave a tracked partitioned table with a whole partition
 *	  (the partition truncated, dropped or detached), and rows that come
 *	  with a partition attached.
 *
 * A partitioned ticket table is tracked as a whole (slm.attach), by row
 * triggers that PostgreSQL clones to every partition.  Rows that leave
 * with their partition fire none of them: TRUNCATE of a partition fires
 * only the partition's own statement triggers, and DROP TABLE and ALTER
 * TABLE ... DETACH PARTITION no trigger at all.  Their tickets' clocks
 * would run on, and be due and breached in every report, for tickets that
 * are gone.  So slm puts a BEFORE TRUNCATE trigger on every partition
 * (slm.track_partitions, when the table is attached and when a partition
 * is created or attached), and an event trigger before DROP TABLE and
 * ALTER TABLE reads the partitions the command names.  Both read the keys
 * of the partition's rows while they are still there, and remove those
 * tickets' clocks as deleting the rows would (clock_trigger.c).  The rows
 * of a table attached as a partition (loaded beside the table and swapped
 * in) fire no trigger either: after the command they get their clocks as
 * slm.rebuild gives them (clock_rebuild.c); a table tracked by itself is
 * refused there, before PostgreSQL refuses it less clearly.
 *
 * Not seen: a partition dropped by a cascade from another object (DROP
 * SCHEMA ... CASCADE), which no command names; slm.rebuild of the tracked
 * table removes those tickets' clocks afterwards.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/partitions.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "base.h"
#include "tracking.h"

/* keys read and removed at a time: the memory of a batch, not of a partition */
#define LEAVING_BATCH 10000

/*
 * The rows of part leave the table it is a partition of: when that is
 * tracked (and part not tracked itself), their tickets' clocks are
 * removed, by the keys of its rows (with its own partitions'), read in
 * batches, as slm.clocks names tickets (each key's output, as ticket_row.c
 * reads it).  A partition dropped or detached (outside any statement:
 * own_query_level) says so in a NOTICE; a truncated one is as quiet as a
 * truncated table.
 */
static void
rows_leave(Relation part, bool own_query_level)
{
	const SlmTrackedTable *m;
	const char *key;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext batch;
	Portal		portal;
	int64		removed = 0;
	bool		removed_all = true;

	/* a trigger slm put on a partition stays on it when it is detached */
	if (!part->rd_rel->relispartition)
		return;
	if (!slm_model_ready())
	{
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not remove the clocks of the rows leaving %s: %s",
						slm_relation_name(RelationGetRelid(part)), slm_model_problem()),
				 errhint("slm.rebuild of the partitioned table marks the clocks of tickets that are gone once this is fixed.")));
		return;
	}
	m = slm_model_tracked_table_of(part);
	if (m == NULL || m->relid == RelationGetRelid(part))
		return;

	key = quote_identifier(m->column[SLM_ROLE_KEY]);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL, psprintf("SELECT %s FROM %s WHERE %s IS NOT NULL", key,
													  slm_relation_name(RelationGetRelid(part)), key),
									   0, NULL, NULL, NULL, false, 0);
	batch = AllocSetContextCreate(caller, "slm leaving keys", ALLOCSET_DEFAULT_SIZES);
	while (removed_all)
	{
		List	   *keys = NIL;
		MemoryContext spi;

		SPI_cursor_fetch(portal, true, LEAVING_BATCH);
		if (SPI_processed == 0)
			break;
		/* the batch's keys, and what removing them allocates, go with the batch */
		MemoryContextReset(batch);
		spi = MemoryContextSwitchTo(batch);
		for (uint64 i = 0; i < SPI_processed; i++)
			keys = lappend(keys, SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
		removed += SPI_processed;
		SPI_freetuptable(SPI_tuptable);
		/* a batch that could not be removed was a WARNING; the rest would fail alike */
		removed_all = slm_track_rows_leaving(part, m, keys, own_query_level);
		MemoryContextSwitchTo(spi);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	MemoryContextDelete(batch);
	if (removed_all && own_query_level && removed > 0)
		ereport(NOTICE,
				(errmsg("slm removed the clocks of the " INT64_FORMAT " ticket(s) in %s, which leave %s with it",
						removed, slm_relation_name(RelationGetRelid(part)), slm_relation_name(m->relid)),
				 errdetail("Running clocks are cancelled, and every clock keeps its result, as when rows are deleted.")));
}

/*
 * slm_track_partition_truncate - BEFORE TRUNCATE trigger on the partitions
 * of a tracked partitioned table
 */
PG_FUNCTION_INFO_V1(slm_track_partition_truncate);
Datum
slm_track_partition_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("slm.track_partition_truncate() must be called as a BEFORE TRUNCATE trigger"),
				 errhint("slm.attach creates it on the partitions of a partitioned ticket table.")));
	rows_leave(td->tg_relation, false);
	return PointerGetDatum(NULL);
}

/* The role that owns a relation. */
static Oid
relation_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * The partition named (rv) is about to be dropped, or detached from the
 * table named (parent_rv).  Only for a command that will pass PostgreSQL's
 * own checks: the user owns the table the command changes, and the
 * partition is the named table's.  The locks are the command's own, taken
 * in its order (the parent, then the partition), so that no row can be
 * added between the reading and the command; DETACH ... CONCURRENTLY
 * takes weaker ones, and rows added while it runs keep their clocks.
 */
static void
partition_leaves(RangeVar *rv, RangeVar *parent_rv, bool concurrently)
{
	Oid			relid = RangeVarGetRelid(rv, NoLock, true);
	Oid			parent;
	Relation	part;
	Oid			user;
	int			context;

	if (!OidIsValid(relid) || !get_rel_relispartition(relid) ||
		(get_rel_relkind(relid) != RELKIND_RELATION && get_rel_relkind(relid) != RELKIND_PARTITIONED_TABLE))
		return;
	parent = get_partition_parent(relid, true);
	if (parent_rv != NULL && RangeVarGetRelid(parent_rv, NoLock, true) != parent)
		return;
	if (!slm_user_owns(parent_rv != NULL ? parent : relid))
		return;
	if (!concurrently)
		LockRelationOid(parent, AccessExclusiveLock);
	part = table_open(relid, concurrently ? AccessShareLock : AccessExclusiveLock);
	/* as slm's owner, as the tracking trigger (SECURITY DEFINER) runs */
	GetUserIdAndSecContext(&user, &context);
	SetUserIdAndSecContext(relation_owner(slm_clocks_relid()),
						   context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	rows_leave(part, true);
	SetUserIdAndSecContext(user, context);
	table_close(part, NoLock);
}

/*
 * ATTACH PARTITION of a table that slm tracks by itself (or of one with
 * such a partition) to a tracked table or a partition of one would track
 * its rows twice; PostgreSQL refuses it when it clones the parent's
 * triggers, with an error that does not say why nor what to do.  Refuse it
 * first, saying both.
 */
static void
refuse_attaching_tracked(RangeVar *parent, RangeVar *child)
{
	Oid			parent_relid = RangeVarGetRelid(parent, NoLock, true);
	Oid			child_relid = RangeVarGetRelid(child, NoLock, true);
	Oid			argtypes[2] = {OIDOID, OIDOID};
	Datum		args[2];
	Oid			tracked_parent = InvalidOid,
				tracked_child = InvalidOid;
	bool		isnull;

	if (!OidIsValid(parent_relid) || !OidIsValid(child_relid))
		return;					/* PostgreSQL says what is missing */
	args[0] = ObjectIdGetDatum(parent_relid);
	args[1] = ObjectIdGetDatum(child_relid);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT (SELECT tt.tbl FROM pg_catalog.pg_partition_ancestors($1) a "
							  "JOIN slm.tracked_tables tt ON tt.tbl OPERATOR(pg_catalog.=) a.relid LIMIT 1), "
							  "(SELECT tt.tbl FROM (SELECT $2 AS relid, 0 AS level "
							  "UNION ALL SELECT t.relid, t.level FROM pg_catalog.pg_partition_tree($2) t) p "
							  "JOIN slm.tracked_tables tt ON tt.tbl OPERATOR(pg_catalog.=) p.relid "
							  "ORDER BY p.level LIMIT 1)",
							  2, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.tracked_tables");
	tracked_parent = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		tracked_parent = InvalidOid;
	tracked_child = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	if (isnull)
		tracked_child = InvalidOid;
	SPI_finish();
	if (!OidIsValid(tracked_parent) || !OidIsValid(tracked_child))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("cannot attach %s as a partition of %s: slm tracks both %s and %s",
					slm_relation_name(child_relid), slm_relation_name(parent_relid),
					slm_relation_name(tracked_child), slm_relation_name(tracked_parent)),
			 errdetail("A partition of a tracked table is tracked with it; its rows would be tracked twice."),
			 errhint("Run slm.detach('%s') first: the attach then gives its rows their clocks under %s, "
					 "and its own clocks stay with it unless slm.detach drops them.",
					 slm_relation_name(tracked_child), slm_relation_name(tracked_parent))));
}

/*
 * slm_follow_leaving_partitions - event trigger before DROP TABLE and
 * ALTER TABLE: the partitions the command drops or detaches (and an
 * attach that would track rows twice, refused)
 */
PG_FUNCTION_INFO_V1(slm_follow_leaving_partitions);
Datum
slm_follow_leaving_partitions(PG_FUNCTION_ARGS)
{
	Node	   *stmt;
	ListCell   *lc;

	stmt = slm_event_command(fcinfo, "slm.follow_leaving_partitions()");
	if (slm_clocks_relid() == InvalidOid)
		PG_RETURN_VOID();
	if (IsA(stmt, DropStmt) && ((DropStmt *) stmt)->removeType == OBJECT_TABLE)
	{
		foreach(lc, ((DropStmt *) stmt)->objects)
			partition_leaves(makeRangeVarFromNameList((List *) lfirst(lc)), NULL, false);
	}
	else if (IsA(stmt, AlterTableStmt))
	{
		AlterTableStmt *alter = (AlterTableStmt *) stmt;

		foreach(lc, alter->cmds)
		{
			AlterTableCmd *cmd = (AlterTableCmd *) lfirst(lc);

			if (cmd->subtype == AT_DetachPartition)
				partition_leaves(((PartitionCmd *) cmd->def)->name, alter->relation,
								 ((PartitionCmd *) cmd->def)->concurrent);
			else if (cmd->subtype == AT_AttachPartition)
				refuse_attaching_tracked(alter->relation, ((PartitionCmd *) cmd->def)->name);
		}
	}
	PG_RETURN_VOID();
}

/*
 * The tracked tables among rel's ancestors (and rel) get their truncation
 * trigger on every partition that lacks it.
 */
static void
track_new_partitions(Oid relid)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1] = {ObjectIdGetDatum(relid)};

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT slm.track_partitions(tt.tbl) "
							  "FROM pg_catalog.pg_partition_ancestors($1) a "
							  "JOIN slm.tracked_tables tt ON tt.tbl OPERATOR(pg_catalog.=) a.relid",
							  1, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not put slm's truncation trigger on the partitions of %s", slm_relation_name(relid));
	SPI_finish();
}

/*
 * The rows a partition brings when it is attached to a tracked table (a
 * table loaded beside it and swapped in) get their tickets' clocks, as
 * slm.rebuild would give them.
 */
static void
rows_arrive(Oid relid)
{
	Relation	part = table_open(relid, AccessShareLock);
	const SlmTrackedTable *m;
	int64		rows;

	if (!slm_model_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot compute the clocks of the rows %s brings: %s", slm_relation_name(relid),
						slm_model_problem())));
	m = slm_model_tracked_table_of(part);
	table_close(part, NoLock);
	if (m == NULL || m->relid == relid)
		return;
	rows = slm_rebuild_partition(m->relid, relid);
	if (rows > 0)
		ereport(NOTICE,
				(errmsg("slm computed the clocks of the " INT64_FORMAT " ticket(s) %s brings to %s",
						rows, slm_relation_name(relid), slm_relation_name(m->relid))));
}

/*
 * slm_follow_new_partitions - event trigger after CREATE TABLE and ALTER
 * TABLE: a partition created (CREATE TABLE ... PARTITION OF) or attached
 * (ALTER TABLE ... ATTACH PARTITION), whose rows get clocks.  Read from
 * the command, so that the triggers slm itself creates and enables fire
 * nothing here.
 */
PG_FUNCTION_INFO_V1(slm_follow_new_partitions);
Datum
slm_follow_new_partitions(PG_FUNCTION_ARGS)
{
	Node	   *stmt;
	Oid			relid = InvalidOid;
	List	   *attached = NIL;
	ListCell   *lc;

	stmt = slm_event_command(fcinfo, "slm.follow_new_partitions()");
	if (IsA(stmt, CreateStmt) && ((CreateStmt *) stmt)->partbound != NULL)
		relid = RangeVarGetRelid(((CreateStmt *) stmt)->relation, NoLock, true);
	else if (IsA(stmt, AlterTableStmt))
	{
		foreach(lc, ((AlterTableStmt *) stmt)->cmds)
		{
			AlterTableCmd *cmd = (AlterTableCmd *) lfirst(lc);

			if (cmd->subtype != AT_AttachPartition)
				continue;
			relid = RangeVarGetRelid(((AlterTableStmt *) stmt)->relation, NoLock, true);
			attached = lappend_oid(attached, RangeVarGetRelid(((PartitionCmd *) cmd->def)->name, NoLock, true));
		}
	}
	if (!OidIsValid(relid) || !OidIsValid(slm_clocks_relid()))
		PG_RETURN_VOID();
	track_new_partitions(relid);
	foreach(lc, attached)
		if (OidIsValid(lfirst_oid(lc)))
			rows_arrive(lfirst_oid(lc));
	PG_RETURN_VOID();
}
