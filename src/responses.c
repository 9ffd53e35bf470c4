/*-------------------------------------------------------------------------
 *
 * responses.c
 *	  First responses that a ticket system keeps outside the ticket row:
 *	  Znuny's first article an agent makes visible to the customer,
 *	  Request Tracker's first Correspond transaction, Redmine's first
 *	  public note by someone other than the author.
 *
 * slm.attach's responses name the related table, its column holding the
 * ticket's key, and a query of (ticket key, time) whose earliest time per
 * ticket is the first response.  Those rows are written after the
 * ticket's own, so a trigger on the ticket table alone never sees them:
 * slm.attach puts slm_track_response on the related table, which, for
 * each row written there, asks the query for that ticket's first response
 * and applies it to the ticket's clocks as a change of its responded_at
 * (slm_track_ticket_update).  slm.rebuild reads every ticket's first
 * response with one query before it reads the tickets.
 *
 * The query runs with search_path set to the ticket table's schema, then
 * pg_catalog, and in a subtransaction: one that fails becomes a WARNING,
 * and the related row is written all the same.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/responses.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "base.h"
#include "tracking.h"

/* A ticket's first response in slm_first_responses' hash (its key follows). */
typedef struct ResponseEntry
{
	TimestampTz at;
} ResponseEntry;

/* The hash's key length, fixed when it was made: the longest key, and its end. */
static Size response_keysize = 0;

/* One ticket's first response and row, asked for by slm_track_response. */
typedef struct ResponseCall
{
	const SlmTrackedTable *m;
	const char *key;			/* the ticket's key, as text */
	MemoryContext mcxt;			/* where the results go */
	bool		found;			/* out: the query has a response */
	Oid			at_type;
	Datum		at;
	HeapTuple	row;			/* out: the ticket's row; NULL: none */
	TupleDesc	desc;
} ResponseCall;

/* The type of a tracked table's key column, as SQL spells it. */
static char *
key_type(const SlmTrackedTable *m)
{
	AttrNumber	a = get_attnum(m->relid, m->column[SLM_ROLE_KEY]);

	return format_type_be(get_atttype(m->relid, a));
}

/*
 * Ask the responses query for one ticket's first response, and read the
 * ticket's row (in a subtransaction).  Not read-only: the query must see
 * the row whose trigger asks, which its own statement wrote.
 */
static void
ask_response(void *arg)
{
	ResponseCall *call = (ResponseCall *) arg;
	Datum		param = CStringGetTextDatum(call->key);
	char	   *type = key_type(call->m);
	int			level;
	bool		isnull;
	MemoryContext old;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	level = slm_search_path_of(call->m->relid);
	if (SPI_execute_with_args(psprintf("SELECT pg_catalog.min(r.at) FROM (%s) AS r(ticket, at) "
									   "WHERE r.ticket = CAST($1 AS %s)", call->m->responses_query, type),
							  1, (Oid[]) {TEXTOID}, &param, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "the responses query failed");
	call->at = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	call->found = !isnull;
	call->at_type = SPI_gettypeid(SPI_tuptable->tupdesc, 1);
	if (call->found)
	{
		old = MemoryContextSwitchTo(call->mcxt);
		call->at = datumCopy(call->at, true, sizeof(int64));
		MemoryContextSwitchTo(old);
		if (SPI_execute_with_args(psprintf("SELECT * FROM %s WHERE %s = CAST($1 AS %s)",
										   slm_relation_name(call->m->relid),
										   quote_identifier(call->m->column[SLM_ROLE_KEY]), type),
								  1, (Oid[]) {TEXTOID}, &param, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "the ticket could not be read");
		if (SPI_processed > 0)
		{
			old = MemoryContextSwitchTo(call->mcxt);
			call->row = heap_copytuple(SPI_tuptable->vals[0]);
			call->desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
			MemoryContextSwitchTo(old);
		}
	}
	AtEOXact_GUC(true, level);
	SPI_finish();
}

/* Apply a row of the related table to the tracked table m: its ticket's first response. */
static void
track_response(const SlmTrackedTable *m, const char *key)
{
	ResponseCall call = {m, key, CurrentMemoryContext, false, InvalidOid, (Datum) 0, NULL, NULL};
	ErrorData  *edata = slm_try_in_subtransaction(ask_response, &call);
	const char *problem;
	Ticket		o,
				n;
	Relation	tickets;

	if (edata != NULL)
	{
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not read the first response to ticket %s of %s: %s",
						key, slm_relation_name(m->relid), edata->message),
				 errhint("The row was written; slm.rebuild('%s') recomputes its clocks once this is fixed.",
						 slm_relation_name(m->relid))));
		return;
	}
	if (!call.found || call.row == NULL)
		return;					/* no response yet, or no such ticket */
	problem = slm_read_ticket(m, call.desc, call.row, NULL, false, &o);
	n = o;
	if (problem == NULL)
		problem = slm_instant_of(m, "the responses query's time", call.at_type, call.at, &n.responded_at);
	if (problem != NULL)
	{
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not track the first response to ticket %s of %s: %s",
						key, slm_relation_name(m->relid), problem),
				 errhint("The row was written; slm.rebuild('%s') recomputes its clocks once this is fixed.",
						 slm_relation_name(m->relid))));
		return;
	}
	n.isnull[SLM_ROLE_RESPONDED_AT] = false;
	tickets = table_open(m->relid, AccessShareLock);
	slm_track_ticket_update(tickets, m, &o, &n);
	table_close(tickets, NoLock);
}

/*
 * slm_track_response - AFTER INSERT OR UPDATE row trigger on a table where
 * a ticket system keeps responses (slm.attach's responses): the first
 * response of the row's ticket, for every tracked table whose responses
 * this table holds
 */
PG_FUNCTION_INFO_V1(slm_track_response);
Datum
slm_track_response(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	HeapTuple	row;
	TupleDesc	desc;
	Datum		arg;
	List	   *tables = NIL;
	List	   *columns = NIL;
	ListCell   *lt,
			   *lc;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("slm.track_response() must be called as an AFTER row trigger"),
				 errhint("slm.attach creates it.")));
	if (!slm_model_ready())
		return PointerGetDatum(NULL);	/* the ticket table's own trigger warns */
	row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	desc = RelationGetDescr(td->tg_relation);

	/* the tracked tables whose responses this table holds, and their ticket column here */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	arg = ObjectIdGetDatum(RelationGetRelid(td->tg_relation));
	if (SPI_execute_with_args("SELECT t.tbl, t.responses OPERATOR(pg_catalog.->>) 'ticket' "
							  "FROM slm.tracked_tables t WHERE t.response_table OPERATOR(pg_catalog.=) $1",
							  1, (Oid[]) {REGCLASSOID}, &arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.tracked_tables");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		tbl = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		char	   *column = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);

		if (column == NULL)
			continue;
		tables = lappend_oid(tables, DatumGetObjectId(tbl));
		columns = lappend(columns, column);
	}
	SPI_finish();

	forboth(lt, tables, lc, columns)
	{
		const SlmTrackedTable *m = slm_model_tracked_table(lfirst_oid(lt));
		AttrNumber	a = slm_column_attnum(desc, (const char *) lfirst(lc));
		Datum		d;
		bool		isnull;
		Oid			out;
		bool		varlena;

		if (m == NULL || m->responses_query == NULL || a == InvalidAttrNumber)
			continue;
		d = heap_getattr(row, a, desc, &isnull);
		if (isnull)
			continue;
		getTypeOutputInfo(TupleDescAttr(desc, a - 1)->atttypid, &out, &varlena);
		track_response(m, OidOutputFunctionCall(out, d));
	}
	return PointerGetDatum(NULL);
}

/*
 * Every ticket's first response, for slm.rebuild (inside its SPI
 * connection): a hash of key text to time, in the current memory
 * context.  Errors are the caller's (a rebuild fails whole).
 */
HTAB *
slm_first_responses(const SlmTrackedTable *m)
{
	HASHCTL		ctl;
	HTAB	   *responses;
	int			level;
	Size		longest = 0;

	level = slm_search_path_of(m->relid);
	if (SPI_execute(psprintf("SELECT r.ticket::pg_catalog.text, pg_catalog.min(r.at) FROM (%s) AS r(ticket, at) "
							 "WHERE r.ticket IS NOT NULL AND r.at IS NOT NULL GROUP BY 1",
							 m->responses_query), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "the responses query failed");
	AtEOXact_GUC(true, level);
	for (uint64 i = 0; i < SPI_processed; i++)
		longest = Max(longest, strlen(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1)));

	/* keys of the hash: the key text, zero-padded to the longest */
	response_keysize = longest + 1;
	ctl.keysize = response_keysize;
	ctl.entrysize = MAXALIGN(response_keysize) + sizeof(ResponseEntry);
	ctl.hcxt = CurrentMemoryContext;
	responses = hash_create("slm first responses", Max(SPI_processed, 16), &ctl,
							HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *key = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		bool		isnull;
		Datum		at = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull);
		TimestampTz ts;
		const char *problem;
		char	   *entry;

		CHECK_FOR_INTERRUPTS();
		problem = slm_instant_of(m, "the responses query's time", SPI_gettypeid(SPI_tuptable->tupdesc, 2), at, &ts);
		if (problem != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot read the first responses of %s: %s", slm_relation_name(m->relid), problem)));
		entry = hash_search(responses, key, HASH_ENTER, NULL);
		((ResponseEntry *) (entry + MAXALIGN(response_keysize)))->at = ts;
	}
	SPI_freetuptable(SPI_tuptable);
	return responses;
}

/* A ticket read by slm.rebuild takes its first response from the related table. */
void
slm_set_first_response(HTAB *responses, Ticket *t)
{
	char	   *entry;

	if (t->key == NULL || strlen(t->key) >= response_keysize)
		return;					/* longer than every key with a response */
	entry = hash_search(responses, t->key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		t->responded_at = ((ResponseEntry *) (entry + MAXALIGN(response_keysize)))->at;
		t->isnull[SLM_ROLE_RESPONDED_AT] = false;
	}
}
