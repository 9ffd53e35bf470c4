/*-------------------------------------------------------------------------
 *
 * related_tables.c
 *	  What a ticket system keeps outside the ticket row: the first response
 *	  (Znuny's first article an agent makes visible to the customer,
 *	  Request Tracker's first Correspond transaction, Redmine's first public
 *	  note by someone other than the author) and the teams holding a
 *	  ticket, several at once (GLPI's glpi_groups_tickets).
 *
 * slm.attach's responses and group_links each name the related table, its
 * column holding the ticket's key, and a query: of (ticket key, time),
 * whose earliest time per ticket is the first response; of (ticket key,
 * team name), the teams holding each ticket now.  Those rows are written
 * after the ticket's own, so a trigger on the ticket table alone never
 * sees them: slm.attach puts a trigger on the related table
 * (slm_track_response, slm_track_groups) which, for each row written
 * there, asks the query about that ticket and applies the answer to its
 * clocks as a change of the ticket (slm_track_ticket_update).  The
 * tracking trigger reads a ticket's teams when a change of its row
 * touches its clocks; slm.rebuild reads every ticket's first response and
 * teams with one query each before it reads the tickets.
 *
 * The queries run with search_path set to the ticket table's schema, then
 * pg_catalog, and in a subtransaction from the triggers: one that fails
 * becomes a WARNING, and the user's row is written all the same.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/related_tables.c
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

/* Which related table a trigger or a rebuild asks about. */
typedef enum Related
{
	RELATED_RESPONSES,			/* (ticket, time): the first response */
	RELATED_GROUPS				/* (ticket, team): the teams holding it */
} Related;

/* The query of a tracked table's related table, NULL when it has none. */
static const char *
related_query(const SlmTrackedTable *m, Related what)
{
	return what == RELATED_RESPONSES ? m->responses_query : m->group_links_query;
}

/* What a related table's query says of one ticket, with its row. */
typedef struct TicketAnswer
{
	const SlmTrackedTable *m;
	Related		what;
	const char *key;			/* the ticket's key, as text */
	bool		want_row;		/* read the ticket's row too */
	MemoryContext mcxt;			/* where the answers go */
	/* out */
	bool		has_at;			/* responses: there is one */
	Oid			at_type;
	Datum		at;
	char	  **groups;			/* groups: the teams, sorted */
	int			ngroups;
	HeapTuple	row;			/* the ticket's row; NULL: none */
	TupleDesc	desc;
} TicketAnswer;

/*
 * Ask a related table's query about one ticket, and read the ticket's row
 * if asked (in a subtransaction).  Not read-only: the query must see the
 * row whose trigger asks, which its own statement wrote.
 */
static void
ask_about_ticket(void *arg)
{
	TicketAnswer *a = (TicketAnswer *) arg;
	Datum		param = CStringGetTextDatum(a->key);
	char	   *type = slm_ticket_key_type(a->m);
	const char *sql;
	int			level;
	MemoryContext old;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	level = slm_search_path_of(a->m->relid);
	if (a->what == RELATED_RESPONSES)
		sql = psprintf("SELECT pg_catalog.min(r.at) FROM (%s) AS r(ticket, at) WHERE r.ticket = CAST($1 AS %s)",
					   a->m->responses_query, type);
	else
		sql = psprintf("SELECT DISTINCT r.team::pg_catalog.text FROM (%s) AS r(ticket, team) "
					   "WHERE r.ticket = CAST($1 AS %s) AND r.team IS NOT NULL ORDER BY 1",
					   a->m->group_links_query, type);
	if (SPI_execute_with_args(sql, 1, (Oid[]) {TEXTOID}, &param, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "the query failed");
	old = MemoryContextSwitchTo(a->mcxt);
	if (a->what == RELATED_RESPONSES)
	{
		bool		isnull;

		a->at = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		a->has_at = !isnull;
		a->at_type = SPI_gettypeid(SPI_tuptable->tupdesc, 1);
	}
	else
	{
		a->groups = palloc(sizeof(char *) * (SPI_processed + 1));
		a->ngroups = 0;
		for (uint64 i = 0; i < SPI_processed; i++)
			a->groups[a->ngroups++] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
	}
	MemoryContextSwitchTo(old);
	/*
	 * The row as it is now, locked against a change of the ticket until
	 * this transaction ends: a change committed meanwhile (a resolution)
	 * must not be undone by applying this one to the row as it was
	 */
	if (a->want_row)
	{
		if (SPI_execute_with_args(psprintf("SELECT * FROM %s WHERE %s = CAST($1 AS %s) FOR SHARE",
										   slm_relation_name(a->m->relid),
										   quote_identifier(a->m->column[SLM_ROLE_KEY]), type),
								  1, (Oid[]) {TEXTOID}, &param, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "the ticket could not be read");
		if (SPI_processed > 0)
		{
			old = MemoryContextSwitchTo(a->mcxt);
			a->row = heap_copytuple(SPI_tuptable->vals[0]);
			a->desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
			MemoryContextSwitchTo(old);
		}
	}
	AtEOXact_GUC(true, level);
	SPI_finish();
}

/* Warn that a row of a related table could not be applied to a ticket. */
static void
warn_related(const SlmTrackedTable *m, const char *key, const char *problem)
{
	ereport(WARNING,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("slm could not track ticket %s of %s: %s", key, slm_relation_name(m->relid), problem),
			 errhint("The row was written; slm.rebuild('%s') recomputes its clocks once this is fixed.",
					 slm_relation_name(m->relid))));
}

/*
 * Ask a related table's query about a ticket (and read its row if
 * want_row), in a subtransaction, the answers in the current memory.
 * Returns NULL, or what went wrong.
 */
static const char *
ask(const SlmTrackedTable *m, Related what, const char *key, bool want_row, TicketAnswer *a)
{
	ErrorData  *edata;

	memset(a, 0, sizeof(*a));
	a->m = m;
	a->what = what;
	a->key = key;
	a->want_row = want_row;
	a->mcxt = CurrentMemoryContext;
	if ((edata = slm_try_in_subtransaction(ask_about_ticket, a)) != NULL)
		return psprintf("its %s could not be read: %s",
						what == RELATED_RESPONSES ? "first response" : "teams", edata->message);
	return NULL;
}

/*
 * The teams holding a ticket, from the link table, for a change of its
 * row (the tracking trigger).  Returns NULL, or what went wrong.
 */
const char *
slm_read_ticket_groups(const SlmTrackedTable *m, Ticket *t)
{
	TicketAnswer a;
	const char *problem = ask(m, RELATED_GROUPS, t->key, false, &a);

	if (problem != NULL)
		return problem;
	t->groups = a.groups;
	t->ngroups = a.ngroups;
	return NULL;
}

/*
 * A ticket's first response, from the related table, for a change of its
 * row (the tracking trigger: a ticket taken back out of the trash gets a
 * new ticket's clocks, which need it).  Returns NULL, or what went wrong.
 */
const char *
slm_read_ticket_response(const SlmTrackedTable *m, Ticket *t)
{
	TicketAnswer a;
	const char *problem = ask(m, RELATED_RESPONSES, t->key, false, &a);

	if (problem != NULL || !a.has_at)
		return problem;
	t->isnull[SLM_ROLE_RESPONDED_AT] = false;
	return slm_instant_of(m, NULL, a.at_type, a.at, &t->responded_at);
}

/*
 * A row of a related table was written: apply what its query now says of
 * the ticket to the ticket's clocks, as a change of the ticket.
 */
static void
track_related(const SlmTrackedTable *m, Related what, const char *key)
{
	TicketAnswer a;
	const char *problem;
	Ticket		o,
				n;
	Relation	tickets;

	if ((problem = ask(m, what, key, true, &a)) != NULL)
	{
		warn_related(m, key, problem);
		return;
	}
	if (a.row == NULL || (what == RELATED_RESPONSES && !a.has_at))
		return;					/* no such ticket, or no response yet */
	/* the row as it stands: a resolution by status keeps the stops it made */
	problem = slm_read_ticket(m, a.desc, a.row, NULL, true, &o);
	if (problem == NULL && what == RELATED_GROUPS)
	{
		/* the teams before are unknown here: the rules compare the clocks with the teams now */
		o.groups = a.groups;
		o.ngroups = a.ngroups;
		n = o;
		o.groups_unknown = true;
	}
	else if (problem == NULL)
	{
		if (m->group_links_query != NULL)
			problem = slm_read_ticket_groups(m, &o);
		n = o;
		if (problem == NULL)
			problem = slm_instant_of(m, NULL, a.at_type, a.at, &n.responded_at);
		n.isnull[SLM_ROLE_RESPONDED_AT] = false;
	}
	if (problem != NULL)
	{
		warn_related(m, key, problem);
		return;
	}
	tickets = table_open(m->relid, AccessShareLock);
	slm_track_ticket_update(tickets, m, &o, &n);
	table_close(tickets, NoLock);
}

/*
 * The shared body of the related tables' triggers: for every tracked table
 * whose responses or teams this table holds, the tickets the old and new
 * row name.
 */
static Datum
related_trigger(FunctionCallInfo fcinfo, Related what, const char *name)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	Datum		arg;
	List	   *tables = NIL;
	List	   *columns = NIL;
	ListCell   *lt,
			   *lc;
	MemoryContext caller = CurrentMemoryContext;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s must be called as an AFTER row trigger", name),
				 errhint("slm.attach creates it.")));
	if (!slm_model_ready())
		return PointerGetDatum(NULL);	/* the ticket table's own trigger warns */
	rel = td->tg_relation;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	arg = ObjectIdGetDatum(RelationGetRelid(rel));
	if (SPI_execute_with_args(what == RELATED_RESPONSES
							  ? "SELECT t.tbl, t.responses OPERATOR(pg_catalog.->>) 'ticket' FROM slm.tracked_tables t "
							  "WHERE t.response_table OPERATOR(pg_catalog.=) $1"
							  : "SELECT t.tbl, t.group_links OPERATOR(pg_catalog.->>) 'ticket' FROM slm.tracked_tables t "
							  "WHERE t.group_link_table OPERATOR(pg_catalog.=) $1",
							  1, (Oid[]) {REGCLASSOID}, &arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.tracked_tables");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		tbl = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		char	   *column = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		MemoryContext spi = MemoryContextSwitchTo(caller);

		/* in the caller's memory: SPI's goes at SPI_finish */
		if (column != NULL)
		{
			tables = lappend_oid(tables, DatumGetObjectId(tbl));
			columns = lappend(columns, pstrdup(column));
		}
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();

	forboth(lt, tables, lc, columns)
	{
		const SlmTrackedTable *m = slm_model_tracked_table(lfirst_oid(lt));
		const char *column = (const char *) lfirst(lc);
		char	   *old_key = NULL;
		char	   *new_key = NULL;

		if (m == NULL || related_query(m, what) == NULL)
			continue;
		if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
			old_key = slm_column_text(RelationGetDescr(rel), td->tg_trigtuple, column);
		if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
			new_key = slm_column_text(RelationGetDescr(rel), td->tg_trigtuple, column);
		else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
			new_key = slm_column_text(RelationGetDescr(rel), td->tg_newtuple, column);
		/* a row moved to another ticket changes both */
		if (old_key != NULL && (new_key == NULL || strcmp(old_key, new_key) != 0))
			track_related(m, what, old_key);
		if (new_key != NULL)
			track_related(m, what, new_key);
	}
	return PointerGetDatum(NULL);
}

/*
 * slm_track_response - AFTER INSERT OR UPDATE row trigger on a table where
 * a ticket system keeps responses (slm.attach's responses)
 */
PG_FUNCTION_INFO_V1(slm_track_response);
Datum
slm_track_response(PG_FUNCTION_ARGS)
{
	return related_trigger(fcinfo, RELATED_RESPONSES, "slm.track_response()");
}

/*
 * slm_track_groups - AFTER INSERT OR UPDATE OR DELETE row trigger on a
 * table linking tickets to the teams holding them (slm.attach's
 * group_links)
 */
PG_FUNCTION_INFO_V1(slm_track_groups);
Datum
slm_track_groups(PG_FUNCTION_ARGS)
{
	return related_trigger(fcinfo, RELATED_GROUPS, "slm.track_groups()");
}

/* ---------------------------------------------------------------------
 * slm.rebuild: every ticket's related rows at once
 * ---------------------------------------------------------------------
 */

/* A ticket's first response and teams in SlmRelatedRows' hash (its key text first). */
typedef struct RelatedEntry
{
	bool		has_at;
	TimestampTz at;
	char	  **groups;
	int			ngroups;
	int			cap;
} RelatedEntry;

struct SlmRelatedRows
{
	HTAB	   *hash;
	Size		keysize;		/* the longest key, and its end */
};

/* Run a related table's query for every ticket (SPI connected, search path set). */
static void
ask_about_every_ticket(const SlmTrackedTable *m, Related what)
{
	const char *sql = what == RELATED_RESPONSES
		? psprintf("SELECT r.ticket::pg_catalog.text, pg_catalog.min(r.at) FROM (%s) AS r(ticket, at) "
				   "WHERE r.ticket IS NOT NULL AND r.at IS NOT NULL GROUP BY 1", m->responses_query)
		: psprintf("SELECT DISTINCT r.ticket::pg_catalog.text, r.team::pg_catalog.text FROM (%s) AS r(ticket, team) "
				   "WHERE r.ticket IS NOT NULL AND r.team IS NOT NULL ORDER BY 1, 2", m->group_links_query);

	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "the query of %s failed", what == RELATED_RESPONSES ? "responses" : "group_links");
}

/* A ticket's entry in the related rows, made empty when it is new. */
static RelatedEntry *
related_entry(SlmRelatedRows *rows, const char *key)
{
	bool		found;
	char	   *entry = hash_search(rows->hash, key, HASH_ENTER, &found);
	RelatedEntry *e = (RelatedEntry *) (entry + MAXALIGN(rows->keysize));

	if (!found)
		memset(e, 0, sizeof(*e));
	return e;
}

/*
 * Every ticket's first response and teams, for slm.rebuild (inside its SPI
 * connection), in the current memory context; NULL when the table keeps
 * neither elsewhere.  Errors are the caller's: a rebuild fails whole.
 */
SlmRelatedRows *
slm_read_related_rows(const SlmTrackedTable *m)
{
	SlmRelatedRows *rows;
	SPITupleTable *answers[2] = {NULL, NULL};
	uint64		nanswers[2] = {0, 0};
	HASHCTL		ctl;
	Size		longest = 0;
	int			level;

	if (m->responses_query == NULL && m->group_links_query == NULL)
		return NULL;
	level = slm_search_path_of(m->relid);
	for (int w = 0; w < 2; w++)
	{
		if (related_query(m, (Related) w) == NULL)
			continue;
		ask_about_every_ticket(m, (Related) w);
		answers[w] = SPI_tuptable;
		nanswers[w] = SPI_processed;
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			CHECK_FOR_INTERRUPTS();
			longest = Max(longest, strlen(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1)));
		}
	}
	AtEOXact_GUC(true, level);

	rows = palloc0(sizeof(SlmRelatedRows));
	rows->keysize = longest + 1;
	ctl.keysize = rows->keysize;
	ctl.entrysize = MAXALIGN(rows->keysize) + sizeof(RelatedEntry);
	ctl.hcxt = CurrentMemoryContext;
	rows->hash = hash_create("slm related rows", Max(nanswers[0] + nanswers[1], 16), &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	for (uint64 i = 0; i < nanswers[RELATED_RESPONSES]; i++)
	{
		SPITupleTable *t = answers[RELATED_RESPONSES];
		bool		isnull;
		Datum		at = SPI_getbinval(t->vals[i], t->tupdesc, 2, &isnull);
		RelatedEntry *e = related_entry(rows, SPI_getvalue(t->vals[i], t->tupdesc, 1));
		const char *problem;

		CHECK_FOR_INTERRUPTS();
		problem = slm_instant_of(m, NULL, SPI_gettypeid(t->tupdesc, 2), at, &e->at);
		if (problem != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot read the first responses of %s: %s", slm_relation_name(m->relid), problem)));
		e->has_at = true;
	}
	for (uint64 i = 0; i < nanswers[RELATED_GROUPS]; i++)
	{
		SPITupleTable *t = answers[RELATED_GROUPS];
		RelatedEntry *e = related_entry(rows, SPI_getvalue(t->vals[i], t->tupdesc, 1));

		CHECK_FOR_INTERRUPTS();
		if (e->ngroups == e->cap)
		{
			e->cap = Max(4, e->cap * 2);
			e->groups = e->groups == NULL ? palloc(sizeof(char *) * e->cap)
				: repalloc(e->groups, sizeof(char *) * e->cap);
		}
		e->groups[e->ngroups++] = SPI_getvalue(t->vals[i], t->tupdesc, 2);
	}
	for (int w = 0; w < 2; w++)
		if (answers[w] != NULL)
			SPI_freetuptable(answers[w]);
	return rows;
}

/* A ticket read by slm.rebuild takes its first response and teams from the related rows. */
void
slm_set_related_rows(const SlmTrackedTable *m, SlmRelatedRows *rows, Ticket *t)
{
	char	   *entry = NULL;
	RelatedEntry *e;

	if (t->key != NULL && strlen(t->key) < rows->keysize)
		entry = hash_search(rows->hash, t->key, HASH_FIND, NULL);
	if (entry == NULL)
		return;
	e = (RelatedEntry *) (entry + MAXALIGN(rows->keysize));
	if (e->has_at)
	{
		t->responded_at = e->at;
		t->isnull[SLM_ROLE_RESPONDED_AT] = false;
	}
	if (m->group_links_query != NULL)
	{
		t->groups = e->groups;
		t->ngroups = e->ngroups;
	}
}
