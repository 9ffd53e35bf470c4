/*-------------------------------------------------------------------------
 *
 * column_types.c
 *	  A mapped column of a tracked table changes its type (ALTER TABLE ...
 *	  ALTER COLUMN ... TYPE).
 *
 * slm's update trigger fires only for UPDATEs that set a mapped column
 * (UPDATE OF ...), and PostgreSQL refuses to change the type of a column
 * that a trigger's column list names: widening a key from integer to
 * bigint failed with "cannot alter type of a column used in a trigger
 * definition", and dropping the trigger to get past it left a table that
 * slm no longer tracked, without a word.  So before such a command slm
 * drops its update trigger, and after it attaches the table again with
 * the mapping it has (slm.attach_again): slm.attach checks the new types
 * as it checks any mapping (a priority column that became text fails the
 * command with attach's error, and nothing changes), puts the trigger back
 * and brings the clocks up to what the rows say, keeping the history only
 * live tracking saw (slm.rebuild).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/column_types.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "base.h"
#include "tracking.h"

/* The table an ALTER TABLE changes the type of a column of, or InvalidOid. */
static Oid
table_of_type_change(Node *stmt)
{
	ListCell   *lc;

	if (!IsA(stmt, AlterTableStmt))
		return InvalidOid;
	foreach(lc, ((AlterTableStmt *) stmt)->cmds)
		if (((AlterTableCmd *) lfirst(lc))->subtype == AT_AlterColumnType)
			return RangeVarGetRelid(((AlterTableStmt *) stmt)->relation, NoLock, true);
	return InvalidOid;
}

/* Whether slm's update trigger on relid watches one of the columns the command changes the type of. */
static bool
watched_column_changes(Oid relid, Node *stmt)
{
	ListCell   *lc;
	bool		watched = false;

	foreach(lc, ((AlterTableStmt *) stmt)->cmds)
	{
		AlterTableCmd *cmd = (AlterTableCmd *) lfirst(lc);
		AttrNumber	attnum;
		Oid			argtypes[2] = {OIDOID, INT2OID};
		Datum		args[2];

		if (cmd->subtype != AT_AlterColumnType || (attnum = get_attnum(relid, cmd->name)) == InvalidAttrNumber)
			continue;
		args[0] = ObjectIdGetDatum(relid);
		args[1] = Int16GetDatum(attnum);
		if (SPI_execute_with_args("SELECT 1 FROM pg_catalog.pg_trigger t "
								  "WHERE t.tgrelid OPERATOR(pg_catalog.=) $1 AND t.tgname OPERATOR(pg_catalog.=) 'slm_track_update' "
								  "AND $2 OPERATOR(pg_catalog.=) ANY (t.tgattr::pg_catalog.int2[])",
								  2, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "could not read the triggers of %s", slm_relation_name(relid));
		watched = watched || SPI_processed > 0;
	}
	return watched;
}

/*
 * slm_follow_type_changes_start - event trigger before ALTER TABLE: a
 * column slm's update trigger watches changes its type, so the trigger
 * goes first.  Run as the user, who owns the table or the command fails.
 */
PG_FUNCTION_INFO_V1(slm_follow_type_changes_start);
Datum
slm_follow_type_changes_start(PG_FUNCTION_ARGS)
{
	Node	   *stmt = slm_event_command(fcinfo, "slm.follow_type_changes_start()");
	Oid			relid;

	if (!OidIsValid(relid = table_of_type_change(stmt)) || !slm_user_owns(relid))
		PG_RETURN_VOID();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (watched_column_changes(relid, stmt) &&
		SPI_execute(psprintf("DROP TRIGGER slm_track_update ON %s", slm_relation_name(relid)), false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "could not drop slm's update trigger on %s", slm_relation_name(relid));
	SPI_finish();
	PG_RETURN_VOID();
}

/*
 * slm_follow_type_changes_end - event trigger after ALTER TABLE: a tracked
 * table whose column changed its type and has no update trigger (the
 * trigger above dropped it) is attached again.
 */
PG_FUNCTION_INFO_V1(slm_follow_type_changes_end);
Datum
slm_follow_type_changes_end(PG_FUNCTION_ARGS)
{
	Node	   *stmt = slm_event_command(fcinfo, "slm.follow_type_changes_end()");
	Oid			relid;
	Oid			argtypes[1] = {REGCLASSOID};
	Datum		args[1];

	if (!OidIsValid(relid = table_of_type_change(stmt)) || !OidIsValid(slm_clocks_relid()))
		PG_RETURN_VOID();
	args[0] = ObjectIdGetDatum(relid);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT slm.attach_again(tt.tbl) FROM slm.tracked_tables tt "
							  "WHERE tt.tbl OPERATOR(pg_catalog.=) $1 AND NOT EXISTS "
							  "(SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid OPERATOR(pg_catalog.=) tt.tbl "
							  "AND t.tgname OPERATOR(pg_catalog.=) 'slm_track_update')",
							  1, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not attach %s again", slm_relation_name(relid));
	SPI_finish();
	PG_RETURN_VOID();
}
