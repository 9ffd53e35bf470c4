/*-------------------------------------------------------------------------
 *
 * clock_trigger.c
 *	  The tracking trigger on users' ticket tables (slm.track): keeps each
 *	  ticket's SLA, OLA and UC clocks in slm.clocks.
 *
 * Two paths give the same clocks.  The SQL path, slm.track_change, handles
 * every change: it reads the row as jsonb through the table's mapping and
 * runs slm.ticket_changed and slm.sync_clocks, the code slm.rebuild shares,
 * inside an exception block that turns any failure into a WARNING.  It
 * costs a few hundred microseconds a row, mostly in running statements
 * from PL/pgSQL.
 *
 * This file takes the changes that make up most of a help desk's day
 * without it, in C, reading the mapped columns by attribute number and the
 * model from clock_model.c's cache:
 *
 *	- a new ticket: its SLA response and resolution clocks, an OLA clock
 *	  for its assignment group, a UC clock while it waits on a supplier,
 *	  each with its schedule (slm.sync_clocks steps 2 and 4 for a ticket
 *	  without clocks);
 *	- a status change that only starts or ends a wait on the customer:
 *	  the running clocks pause, or resume with their due time moved later
 *	  by the paused business time (slm.ticket_changed's pause and resume,
 *	  then step 4 for the clocks that changed);
 *	- a reply or a resolution: the clocks it stops (steps 1 and 4);
 *	- every other change that keeps the ticket's key (reopenings, hand-offs,
 *	  waits on a supplier, priority, customer and service changes, several
 *	  at once): slm.ticket_changed and slm.sync_clocks on the ticket's clock
 *	  rows in memory ("Every other change of a ticket's values, in C");
 *	- a deleted ticket: its running clocks cancelled, all its clocks marked
 *	  removed (slm.ticket_removed).
 *
 * A change to no column that a clock depends on (say between two statuses
 * that neither pause nor wait on a supplier) leaves the clocks as they are.
 * Truncates, key changes, a ticket without clocks yet, and
 * anything this path cannot read or compute (a key or column type it does
 * not convert, a target without a goal, a calendar it has not compiled),
 * go to the SQL path.  The decision is made, and every value
 * computed, before the first write; the writes themselves cannot fail on
 * the ticket's data, so this path needs no subtransaction and never loses
 * the user's row.
 *
 * The clocks are written without SQL where slm.clocks allows it (see
 * "Inserting clocks without a statement"), else by prepared statements
 * (new clocks with ON CONFLICT DO NOTHING).  slm.rebuild makes the clocks
 * of tickets without any through slm.new_clocks, the same planning code.
 * sql/clock_paths.sql checks that direct writes, statements and the SQL
 * path give the same clocks.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_trigger.c
 *
 *-------------------------------------------------------------------------
 */
#include "slm.h"

#include "access/htup_details.h"
#include "access/tableam.h"
#include "access/skey.h"
#include "access/xact.h"
#include "utils/syscache.h"
#include "utils/snapmgr.h"
#include "utils/fmgroids.h"
#include "executor/executor.h"
#include "commands/sequence.h"
#include "catalog/pg_index.h"
#include "catalog/dependency.h"
#include "access/genam.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "storage/bufmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"
#include "utils/uuid.h"

/* A ticket's values, read from its row through the table's mapping. */
typedef struct Ticket
{
	char	   *key;
	bool		isnull[SLM_NUM_ROLES];
	TimestampTz opened_at;
	TimestampTz status_changed_at;
	TimestampTz responded_at;
	TimestampTz resolved_at;
	TimestampTz changed_at;
	int32		priority;
	char	   *text[SLM_NUM_ROLES];	/* customer, service, status, ... */
	Datum		satisfaction;	/* numeric */
} Ticket;

/* A clock of a new ticket, ready to insert. */
typedef struct NewClock
{
	const char *kind;
	const char *metric;
	const char *counterparty;
	TimestampTz started_at;
	bool		stopped;
	TimestampTz stopped_at;
	bool		paused;
	TimestampTz paused_since;
	const SlmTarget *target;
	const char *tier;			/* the customer's, when planned */
	SlmSchedule sched;
	bool		has_time_used;
	int64		time_used;
	DateADT		due_date;
} NewClock;

/* A paused running clock of a ticket, as read for a resume. */
typedef struct PausedClock
{
	int64		id;
	TimestampTz started_at;
	TimestampTz paused_since;
	Interval	goal;
	double		warn;
	char	   *calendar;
	int32		agreement;
	MultirangeType *pauses;
} PausedClock;

/* Changes taken by each path in this backend, for slm.tracking_stats(). */
static int64 changes_in_c = 0;
static int64 changes_in_sql = 0;

static SPIPlanPtr slow_plan = NULL;
static SPIPlanPtr running_plan = NULL;
static SPIPlanPtr pause_plan = NULL;
static SPIPlanPtr analyze_plan = NULL;

static Datum
text_or_null(const char *s, char *nulls, int i)
{
	if (s == NULL)
	{
		nulls[i] = 'n';
		return (Datum) 0;
	}
	return CStringGetTextDatum(s);
}

/* ---------------------------------------------------------------------
 * Reading a ticket row
 * ---------------------------------------------------------------------
 */

static int
find_column(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return i;
	}
	return -1;
}

/* Set one of a ticket's times by its role. */
static void
set_ticket_time(Ticket *t, SlmRole r, TimestampTz ts)
{
	if (r == SLM_ROLE_OPENED_AT)
		t->opened_at = ts;
	else if (r == SLM_ROLE_STATUS_CHANGED_AT)
		t->status_changed_at = ts;
	else if (r == SLM_ROLE_RESPONDED_AT)
		t->responded_at = ts;
	else if (r == SLM_ROLE_CHANGED_AT)
		t->changed_at = ts;
	else
		t->resolved_at = ts;
}

/*
 * When a change of a ticket happened, by the ticket's own data: the time
 * the ticket system stamps on every write (the changed_at role), else the
 * time of its latest status change, and the statement's time only when
 * the row carries neither.  So replaying a history gives the same clocks
 * whenever it is replayed.  slm.change_time gives the same to SQL.
 */
static TimestampTz
change_time(const Ticket *n)
{
	if (!n->isnull[SLM_ROLE_CHANGED_AT])
		return n->changed_at;
	if (!n->isnull[SLM_ROLE_STATUS_CHANGED_AT])
		return n->status_changed_at;
	return GetCurrentStatementStartTimestamp();
}

/* The ticket's service, or the table's default service when it has none. */
static const char *
ticket_service(const SlmTrackedTable *m, const Ticket *t)
{
	return t->isnull[SLM_ROLE_SERVICE] ? m->default_service : t->text[SLM_ROLE_SERVICE];
}

/* When a clock stops by the ticket's reply and resolution (slm_clock_stop). */
static TimestampTz
ticket_stop(const Ticket *t, bool sla, bool response, TimestampTz started, TimestampTz stopped)
{
	return slm_clock_stop(sla, response, started, stopped,
						  t->isnull[SLM_ROLE_RESPONDED_AT] ? DT_NOEND : t->responded_at,
						  t->isnull[SLM_ROLE_RESOLVED_AT] ? DT_NOEND : t->resolved_at);
}

/*
 * Read the ticket in a row.  Returns false for anything this path does not
 * read exactly as the SQL path does (which reads the row as jsonb): then
 * the SQL path takes the change.
 */
static bool
read_ticket(const SlmTrackedTable *m, TupleDesc desc, HeapTuple tuple, Ticket *t)
{
	int64		impact = 0,
				urgency = 0;

	memset(t, 0, sizeof(*t));

	for (int r = 0; r < SLM_NUM_ROLES; r++)
	{
		int			i;
		Oid			type;
		Datum		d;
		bool		isnull;

		t->isnull[r] = true;
		if (m->column[r] == NULL)
			continue;
		i = find_column(desc, m->column[r]);
		if (i < 0)
			return false;		/* renamed or dropped since slm.attach */
		type = TupleDescAttr(desc, i)->atttypid;
		d = heap_getattr(tuple, i + 1, desc, &isnull);
		if (isnull)
		{
			if (r == SLM_ROLE_KEY)
				return false;
			continue;
		}
		t->isnull[r] = false;

		switch (r)
		{
			case SLM_ROLE_KEY:
				/* the key's text as jsonb's ->> gives it */
				if (type == INT2OID || type == INT4OID || type == INT8OID || type == UUIDOID)
				{
					Oid			out;
					bool		varlena;

					getTypeOutputInfo(type, &out, &varlena);
					t->key = OidOutputFunctionCall(out, d);
				}
				else if (type == TEXTOID || type == VARCHAROID)
					t->key = TextDatumGetCString(d);
				else
					return false;
				break;
			case SLM_ROLE_OPENED_AT:
			case SLM_ROLE_STATUS_CHANGED_AT:
			case SLM_ROLE_RESPONDED_AT:
			case SLM_ROLE_RESOLVED_AT:
			case SLM_ROLE_CHANGED_AT:
				if (type != TIMESTAMPTZOID)
					return false;
				set_ticket_time(t, r, DatumGetTimestampTz(d));
				break;
			case SLM_ROLE_PRIORITY:
			case SLM_ROLE_IMPACT:
			case SLM_ROLE_URGENCY:
				{
					int64		p;

					if (type == INT2OID)
						p = DatumGetInt16(d);
					else if (type == INT4OID)
						p = DatumGetInt32(d);
					else if (type == INT8OID)
						p = DatumGetInt64(d);
					else
						return false;
					if (p < PG_INT32_MIN || p > PG_INT32_MAX)
						return false;	/* the SQL path warns */
					if (r == SLM_ROLE_PRIORITY)
						t->priority = (int32) p;
					else if (r == SLM_ROLE_IMPACT)
						impact = p;
					else
						urgency = p;
				}
				break;
			case SLM_ROLE_SATISFACTION:
				{
					Oid			out;
					bool		varlena;

					/* (r ->> col)::numeric: the type's text read as numeric */
					if (type == NUMERICOID)
						t->satisfaction = d;
					else if (type == INT2OID || type == INT4OID || type == INT8OID ||
							 type == FLOAT4OID || type == FLOAT8OID)
					{
						getTypeOutputInfo(type, &out, &varlena);
						t->satisfaction = DirectFunctionCall3(numeric_in,
															  CStringGetDatum(OidOutputFunctionCall(out, d)),
															  ObjectIdGetDatum(InvalidOid),
															  Int32GetDatum(-1));
					}
					else
						return false;
				}
				break;
			default:
				if (type == TEXTOID || type == VARCHAROID)
					t->text[r] = TextDatumGetCString(d);
				else if (type == NAMEOID)
					t->text[r] = pstrdup(NameStr(*DatumGetName(d)));
				else
					return false;
				break;
		}
	}

	/* no priority column: slm.priority(impact, urgency), NULL if either is */
	if (m->column[SLM_ROLE_PRIORITY] == NULL)
	{
		t->isnull[SLM_ROLE_PRIORITY] = t->isnull[SLM_ROLE_IMPACT] || t->isnull[SLM_ROLE_URGENCY];
		if (!t->isnull[SLM_ROLE_PRIORITY] &&
			!slm_model_priority((int32) impact, (int32) urgency, &t->priority))
			return false;		/* no priority for them: the SQL path warns */
	}
	return true;
}

static bool
in_list(const char *s, char *const *list, int n)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether two tickets agree on a role, IS NOT DISTINCT FROM. */
static bool
same_role(const Ticket *a, const Ticket *b, int r)
{
	if (a->isnull[r] || b->isnull[r])
		return a->isnull[r] == b->isnull[r];
	switch (r)
	{
		case SLM_ROLE_KEY:
			return strcmp(a->key, b->key) == 0;
		case SLM_ROLE_OPENED_AT:
			return a->opened_at == b->opened_at;
		case SLM_ROLE_STATUS_CHANGED_AT:
			return a->status_changed_at == b->status_changed_at;
		case SLM_ROLE_RESPONDED_AT:
			return a->responded_at == b->responded_at;
		case SLM_ROLE_RESOLVED_AT:
			return a->resolved_at == b->resolved_at;
		case SLM_ROLE_CHANGED_AT:
			return a->changed_at == b->changed_at;
		case SLM_ROLE_PRIORITY:
			return a->priority == b->priority;
		case SLM_ROLE_SATISFACTION:
			return DatumGetBool(DirectFunctionCall2(numeric_eq, a->satisfaction, b->satisfaction));
		default:
			return same_text(a->text[r], b->text[r]);
	}
}

/* ---------------------------------------------------------------------
 * The SQL path
 * ---------------------------------------------------------------------
 */
static void
track_in_sql(Relation rel, const char *op, HeapTuple old_tuple, HeapTuple new_tuple)
{
	Oid			argtypes[4] = {REGCLASSOID, TEXTOID, RECORDOID, RECORDOID};
	Datum		args[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};

	args[0] = ObjectIdGetDatum(RelationGetRelid(rel));
	args[1] = CStringGetTextDatum(op);
	if (old_tuple != NULL)
		args[2] = heap_copy_tuple_as_datum(old_tuple, RelationGetDescr(rel));
	else
		nulls[2] = 'n';
	if (new_tuple != NULL)
		args[3] = heap_copy_tuple_as_datum(new_tuple, RelationGetDescr(rel));
	else
		nulls[3] = 'n';

	changes_in_sql++;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	slm_keep_plan(&slow_plan,
				 "SELECT slm.track_change($1, $2, pg_catalog.to_jsonb($3), pg_catalog.to_jsonb($4))",
				 4, argtypes);
	if (SPI_execute_plan(slow_plan, args, nulls, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "slm.track_change failed");
	SPI_finish();
}

/* ---------------------------------------------------------------------
 * A new ticket
 * ---------------------------------------------------------------------
 */

/*
 * Work out the clocks a ticket should have, each as if it had none of its
 * kind and metric (slm.sync_clocks step 2): its SLA response and
 * resolution clocks, an OLA clock for its group, a UC clock while it waits
 * on a supplier, each where a target applies.  Returns the number of
 * clocks, or -1 when this path cannot compute them.
 */
static int
plan_clocks(const SlmTrackedTable *m, const Ticket *t, NewClock *clocks)
{
	const char *service = ticket_service(m, t);
	const char *customer = t->text[SLM_ROLE_CUSTOMER];
	const char *status = t->text[SLM_ROLE_STATUS];
	const char *tier;
	bool		waiting = in_list(status, m->paused_statuses, m->npaused);
	int			n = 0;

	if (t->isnull[SLM_ROLE_OPENED_AT] || TIMESTAMP_NOT_FINITE(t->opened_at))
		return -1;
	tier = slm_model_customer_tier(customer);

	for (int k = 0; k < 4; k++)
	{
		NewClock   *c = &clocks[n];
		SlmCompiled *cal;
		SlmError	err;

		memset(c, 0, sizeof(*c));
		c->started_at = t->opened_at;
		c->metric = k == 0 ? "response" : "resolution";
		switch (k)
		{
			case 0:
			case 1:
				c->kind = "SLA";
				c->counterparty = customer;
				break;
			case 2:
				c->kind = "OLA";
				c->counterparty = t->text[SLM_ROLE_ASSIGNMENT_GROUP];
				if (c->counterparty == NULL)
					continue;
				break;
			default:
				c->kind = "UC";
				c->counterparty = t->text[SLM_ROLE_SUPPLIER];
				if (c->counterparty == NULL || !in_list(status, m->supplier_statuses, m->nsupplier) ||
					!t->isnull[SLM_ROLE_RESOLVED_AT])
					continue;
				if (!t->isnull[SLM_ROLE_STATUS_CHANGED_AT])
					c->started_at = t->status_changed_at;
				if (TIMESTAMP_NOT_FINITE(c->started_at))
					return -1;
				break;
		}

		c->stopped_at = ticket_stop(t, strcmp(c->kind, "SLA") == 0, k == 0, c->started_at, DT_NOEND);
		c->stopped = (c->stopped_at != DT_NOEND);
		c->tier = tier;
		c->target = slm_model_target(c->kind, service, c->counterparty, tier, !t->isnull[SLM_ROLE_PRIORITY],
									 t->priority, c->metric, c->started_at);
		if (c->target == NULL)
			continue;
		if (!c->target->has_goal || !slm_goal_is_business_time(&c->target->goal) ||
			c->target->calendar == NULL || c->target->zone == NULL ||
			(cal = slm_model_calendar(c->target->calendar)) == NULL)
			return -1;

		if (!c->stopped && strcmp(c->kind, "UC") != 0 && waiting)
		{
			TimestampTz since = t->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? t->opened_at : t->status_changed_at;

			c->paused = true;
			c->paused_since = Max(c->started_at, since);
		}
		if (slm_clock_schedule(cal, c->started_at, &c->target->goal, c->target->warn, NULL, NULL, 0,
							   &c->sched, &err) != SLM_OK)
			return -1;
		if (c->stopped)
		{
			c->has_time_used = true;
			if (slm_clock_used(cal, c->started_at, c->stopped_at, NULL, NULL, 0, DT_NOEND,
							   &c->time_used, &err) != SLM_OK)
				return -1;
		}
		c->due_date = slm_local_date(c->target->zone, c->sched.due_at);
		n++;
	}
	return n;
}

/*
 * The clocks of a new ticket: those plan_clocks works out, or -1 when the
 * SQL path must take the ticket, as it must one that no SLA target covers
 * (it gives the NOTICE).
 */
static int
plan_new_clocks(const SlmTrackedTable *m, const Ticket *t, NewClock *clocks)
{
	int			n = plan_clocks(m, t, clocks);

	for (int i = 0; i < n; i++)
		if (strcmp(clocks[i].kind, "SLA") == 0)
			return n;
	return -1;
}

static const char *
stored_state(const NewClock *c)
{
	return slm_stored_state(DT_NOEND, c->stopped ? c->stopped_at : DT_NOEND, c->paused, c->sched.due_at);
}

/* slm.clocks' oid (InvalidOid while the extension is half dropped). */
static Oid
clocks_relid(void)
{
	return get_relname_relid("clocks", get_namespace_oid("slm", false));
}

/*
 * slm.clocks has outgrown statistics that know it as small: the SQL path's
 * generic plans would treat it as small (see slm.keep_clock_statistics).
 * Checked by the relation's size, which costs no query.
 */
static void
keep_clock_statistics(Relation clocks)
{
	BlockNumber known = (BlockNumber) Max(clocks->rd_rel->relpages, 16);

	if (known < 1024 && RelationGetNumberOfBlocks(clocks) > 2 * known)
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		slm_keep_plan(&analyze_plan, "SELECT slm.keep_clock_statistics()", 0, NULL);
		if (SPI_execute_plan(analyze_plan, NULL, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "slm.keep_clock_statistics failed");
		SPI_finish();
	}
}

/* Values of a new clock, in the order of clock_columns below. */
#define CLOCK_VALUES 24
static const char *const clock_columns =
	"kind, metric, agreement, target, counterparty, customer, service, priority, tier, goal, calendar, "
	"warn_at, started_at, paused_since, stopped_at, goal_time, paused_time, time_used, warn_from, due_at, "
	"due_date, state, assignee, satisfaction";
static const Oid clock_types[CLOCK_VALUES] = {
	TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID, TEXTOID, TEXTOID, INT4OID, TEXTOID, INTERVALOID,
	TEXTOID, NUMERICOID, TIMESTAMPTZOID, TIMESTAMPTZOID, TIMESTAMPTZOID, INTERVALOID, INTERVALOID,
	INTERVALOID, TIMESTAMPTZOID, TIMESTAMPTZOID, DATEOID, TEXTOID, TEXTOID, NUMERICOID
};

/*
 * The statement inserting n clocks of a ticket that has none: one
 * statement, so that the executor starts once per ticket.  It inserts
 * nothing when the ticket has clocks already.
 */
static SPIPlanPtr insert_plans[4];

static SPIPlanPtr
insert_plan_for(int n)
{
	if (insert_plans[n - 1] == NULL)
	{
		StringInfoData sql;
		Oid			argtypes[2 + 4 * CLOCK_VALUES];

		initStringInfo(&sql);
		appendStringInfo(&sql, "INSERT INTO slm.clocks (tbl, ticket, cycle, %s) SELECT $1, $2, 1, v.* FROM (VALUES ",
						 clock_columns);
		argtypes[0] = REGCLASSOID;
		argtypes[1] = TEXTOID;
		for (int i = 0; i < n; i++)
		{
			appendStringInfoString(&sql, i == 0 ? "(" : ", (");
			for (int j = 0; j < CLOCK_VALUES; j++)
			{
				int			param = 2 + i * CLOCK_VALUES + j;

				appendStringInfo(&sql, j == 0 ? "$%d" : ", $%d", param + 1);
				argtypes[param] = clock_types[j];
			}
			appendStringInfoChar(&sql, ')');
		}
		appendStringInfo(&sql, ") v(%s) WHERE NOT EXISTS (SELECT FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) $1 "
						 "AND c.ticket OPERATOR(pg_catalog.=) $2 AND c.removed_at IS NULL) "
						 "ON CONFLICT (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL DO NOTHING",
						 clock_columns);
		slm_keep_plan(&insert_plans[n - 1], sql.data, 2 + n * CLOCK_VALUES, argtypes);
		pfree(sql.data);
	}
	return insert_plans[n - 1];
}

/* The values of a new clock (clock_columns), nulls marked 'n'. */
static void
new_clock_values(const SlmTrackedTable *m, const Ticket *t, const NewClock *c, Datum *cv, char *cn)
{
	memset(cn, ' ', CLOCK_VALUES);
	cv[0] = CStringGetTextDatum(c->kind);
	cv[1] = CStringGetTextDatum(c->metric);
	cv[2] = Int32GetDatum(c->target->agreement);
	cv[3] = Int32GetDatum(c->target->target);
	cv[4] = text_or_null(c->counterparty, cn, 4);
	cv[5] = text_or_null(t->text[SLM_ROLE_CUSTOMER], cn, 5);
	cv[6] = CStringGetTextDatum(ticket_service(m, t));
	cv[7] = Int32GetDatum(t->priority);
	if (t->isnull[SLM_ROLE_PRIORITY])
		cn[7] = 'n';
	cv[8] = CStringGetTextDatum(c->tier);
	cv[9] = IntervalPGetDatum(&c->target->goal);
	cv[10] = CStringGetTextDatum(c->target->calendar);
	cv[11] = c->target->warn_at;
	cv[12] = TimestampTzGetDatum(c->started_at);
	cv[13] = TimestampTzGetDatum(c->paused_since);
	if (!c->paused)
		cn[13] = 'n';
	cv[14] = TimestampTzGetDatum(c->stopped_at);
	if (!c->stopped)
		cn[14] = 'n';
	cv[15] = IntervalPGetDatum(slm_interval_usecs(c->sched.goal_time));
	if (!c->sched.has_goal_time)
		cn[15] = 'n';
	cv[16] = IntervalPGetDatum(slm_interval_usecs(c->sched.paused_time));
	cv[17] = IntervalPGetDatum(slm_interval_usecs(c->time_used));
	if (!c->has_time_used)
		cn[17] = 'n';
	cv[18] = TimestampTzGetDatum(c->sched.warn_from);
	cv[19] = TimestampTzGetDatum(c->sched.due_at);
	cv[20] = DateADTGetDatum(c->due_date);
	cv[21] = CStringGetTextDatum(stored_state(c));
	cv[22] = text_or_null(t->text[SLM_ROLE_ASSIGNEE], cn, 22);
	cv[23] = t->satisfaction;
	if (t->isnull[SLM_ROLE_SATISFACTION])
		cn[23] = 'n';
}

/* ---------------------------------------------------------------------
 * Inserting clocks without a statement
 * ---------------------------------------------------------------------
 *
 * Starting an executor for an INSERT costs more than the insert itself:
 * planning is cached, but every execution sets up a plan tree, a result
 * relation, a VALUES scan and the ON CONFLICT machinery.  For a ticket
 * whose key the user's table keeps unique, the clocks are written the way
 * logical replication applies a row: ExecSimpleRelationInsert, which
 * checks constraints and maintains every index of slm.clocks, whatever
 * indexes it has.  ON CONFLICT is not needed there: no other transaction
 * can be inserting the same key.  Tables without such a key, and a
 * slm.clocks with triggers of its own or forced row security, take the
 * statement.
 */
#if PG_VERSION_NUM >= 140000

/* slm.clocks' columns, as the direct insert fills them */
static const char *const direct_columns[] = {
	"id", "tbl", "ticket", "cycle", "pauses", "cancelled_at",
	"kind", "metric", "agreement", "target", "counterparty", "customer", "service", "priority", "tier",
	"goal", "calendar", "warn_at", "started_at", "paused_since", "stopped_at", "goal_time", "paused_time",
	"time_used", "warn_from", "due_at", "due_date", "state", "assignee", "satisfaction", "removed_at"
};
#define DIRECT_FIXED 6			/* columns before those of new_clock_values */
#define DIRECT_COLUMNS lengthof(direct_columns)

typedef struct ClocksLayout
{
	Oid			relid;			/* slm.clocks, InvalidOid until found */
	Oid			key_index;		/* unique (tbl, ticket, kind, metric, cycle) */
	Oid			id_sequence;
	int			natts;
	AttrNumber	attnum[DIRECT_COLUMNS];
} ClocksLayout;

static ClocksLayout layout;

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
 * clocks of tickets that exist (WHERE removed_at IS NULL, clocks_ticket):
 * scanning it finds only a ticket's live clocks, never those of a deleted
 * ticket whose key was used again.
 */
static bool
is_clocks_key(Form_pg_index index, HeapTuple tup, const void *arg)
{
	return index->indisunique && index->indisvalid && index->indnkeyatts == 5 &&
		index->indkey.values[0] == layout.attnum[1] && index->indkey.values[1] == layout.attnum[2] &&
		!heap_attisnull(tup, Anum_pg_index_indpred, NULL) && heap_attisnull(tup, Anum_pg_index_indexprs, NULL) &&
		strcmp(get_rel_name(index->indexrelid), "clocks_ticket") == 0;
}

/* Find slm.clocks' columns and key index; false if it is not as expected. */
static bool
clocks_layout(Relation clocks)
{
	TupleDesc	desc = RelationGetDescr(clocks);

	if (layout.relid == RelationGetRelid(clocks) && layout.natts == desc->natts)
		return OidIsValid(layout.key_index);

	memset(&layout, 0, sizeof(layout));
	layout.relid = RelationGetRelid(clocks);
	layout.natts = desc->natts;
	for (int c = 0; c < (int) DIRECT_COLUMNS; c++)
	{
		int			i = find_column(desc, direct_columns[c]);

		if (i < 0)
			return false;
		layout.attnum[c] = (AttrNumber) (i + 1);
	}
	layout.id_sequence = getIdentitySequence(layout.relid, layout.attnum[0], true);
	if (!OidIsValid(layout.id_sequence))
		return false;
	layout.key_index = find_index(clocks, is_clocks_key, NULL);
	return OidIsValid(layout.key_index);
}

/*
 * Whether slm.clocks is as this file expects: a plain table whose only
 * triggers are the internal ones of the foreign key from slm.events (which
 * act only when a clock's id changes or a clock is deleted), without
 * forced row security.
 */
static bool
clocks_writable_directly(Relation clocks)
{
	if (!slm_direct_writes || clocks->rd_rel->relkind != RELKIND_RELATION ||
		(clocks->rd_rel->relrowsecurity && clocks->rd_rel->relforcerowsecurity))
		return false;
	if (clocks->trigdesc != NULL)
		for (int i = 0; i < clocks->trigdesc->numtriggers; i++)
			if (!clocks->trigdesc->triggers[i].tgisinternal)
				return false;
	return clocks_layout(clocks) && list_member_oid(RelationGetIndexList(clocks), layout.key_index);
}

/* A unique, immediate, valid index of the ticket table on its key alone. */
static bool
is_key_index(Form_pg_index index, HeapTuple tup, const void *arg)
{
	AttrNumber	key = *(const AttrNumber *) arg;

	return index->indisunique && index->indimmediate && index->indisvalid && index->indnkeyatts == 1 &&
		index->indkey.values[0] == key && heap_attisnull(tup, Anum_pg_index_indpred, NULL);
}

/* Whether the ticket table keeps its key unique. */
static bool
key_is_unique(Relation tickets, const SlmTrackedTable *m)
{
	AttrNumber	key = (AttrNumber) (find_column(RelationGetDescr(tickets), m->column[SLM_ROLE_KEY]) + 1);

	return key > 0 && OidIsValid(find_index(tickets, is_key_index, &key));
}

/* A scan of a ticket's clocks through slm.clocks' key index, as of now. */
static IndexScanDesc
begin_ticket_scan(Relation clocks, Relation key_index, Oid tbl, const char *key)
{
	ScanKeyData keys[2];
	IndexScanDesc scan;

	ScanKeyInit(&keys[0], 1, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(tbl));
	ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
						   key_index->rd_indcollation[1], F_TEXTEQ, CStringGetTextDatum(key));
	scan = index_beginscan(clocks, key_index, GetActiveSnapshot(), 2, 0);
	index_rescan(scan, keys, 2, NULL, 0);
	return scan;
}

/* Whether slm.clocks has clocks of a ticket, as of now. */
static bool
ticket_has_clocks(Relation clocks, Relation key_index, Oid tbl, const char *key)
{
	IndexScanDesc scan = begin_ticket_scan(clocks, key_index, tbl, key);
	TupleTableSlot *slot = table_slot_create(clocks, NULL);
	bool		found = index_getnext_slot(scan, ForwardScanDirection, slot);

	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	return found;
}

/* slm.clocks, opened for writing without statements */
typedef struct ClocksWriter
{
	Relation	clocks;
	EState	   *estate;			/* NULL until writer_prepare */
	ResultRelInfo *rri;
	TupleTableSlot *slot;		/* the row to write */
} ClocksWriter;

/*
 * Open slm.clocks for direct writes; false when it is not as this file
 * expects.  Then a snapshot that sees what earlier rows of this statement
 * wrote (as a new statement would) is active until writer_close.
 */
static bool
writer_open(ClocksWriter *w)
{
	Oid			relid = clocks_relid();

	memset(w, 0, sizeof(*w));
	if (!OidIsValid(relid))
		return false;
	w->clocks = table_open(relid, RowExclusiveLock);
	if (!clocks_writable_directly(w->clocks))
	{
		table_close(w->clocks, NoLock);
		return false;
	}
	CommandCounterIncrement();
	PushActiveSnapshot(GetTransactionSnapshot());
	return true;
}

/* The executor state that ExecSimpleRelationInsert and Update need. */
static void
writer_prepare(ClocksWriter *w)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);

	w->estate = CreateExecutorState();
	rte->rtekind = RTE_RELATION;
	rte->relid = RelationGetRelid(w->clocks);
	rte->relkind = RELKIND_RELATION;
	rte->rellockmode = RowExclusiveLock;
#if PG_VERSION_NUM >= 160000
	ExecInitRangeTable(w->estate, list_make1(rte), NIL);
#else
	ExecInitRangeTable(w->estate, list_make1(rte));
#endif
	w->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(w->rri, w->clocks, 1, NULL, 0);
	w->estate->es_output_cid = GetCurrentCommandId(true);
	w->estate->es_snapshot = GetActiveSnapshot();
	ExecOpenIndices(w->rri, false);
	w->slot = ExecInitExtraTupleSlot(w->estate, RelationGetDescr(w->clocks), &TTSOpsVirtual);
}

static void
writer_close(ClocksWriter *w)
{
	if (w->estate != NULL)
	{
		ExecCloseIndices(w->rri);
		ExecResetTupleTable(w->estate->es_tupleTable, false);
		FreeExecutorState(w->estate);
	}
	table_close(w->clocks, NoLock);
	PopActiveSnapshot();
	/* what was written here is seen by what comes next, as after a statement */
	CommandCounterIncrement();
}

/* The writer's slot, holding a copy of a clock's values to change and write back. */
static TupleTableSlot *
writer_copy(ClocksWriter *w, TupleTableSlot *old)
{
	TupleTableSlot *slot = w->slot;
	int			natts = slot->tts_tupleDescriptor->natts;

	ExecClearTuple(slot);
	memcpy(slot->tts_values, old->tts_values, sizeof(Datum) * natts);
	memcpy(slot->tts_isnull, old->tts_isnull, sizeof(bool) * natts);
	return slot;
}

/*
 * Lock the latest version of a clock row, as UPDATE does, into a new slot
 * with all its values; NULL when it was deleted meanwhile or changed by
 * this very command.
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

/*
 * Insert the clocks of a new ticket directly.  Returns false, having
 * written nothing, when the statement must do it (see above) or when the
 * ticket has clocks already (*had_clocks).
 */
static bool
insert_directly(Relation tickets, const SlmTrackedTable *m, const Ticket *t, int n,
				Datum *v, char *nulls, bool *had_clocks)
{
	ClocksWriter w;
	Relation	key_index;
	TypeCacheEntry *mrtyp;
	Datum		no_pauses;

	*had_clocks = false;
	if (!key_is_unique(tickets, m) || !writer_open(&w))
		return false;
	key_index = index_open(layout.key_index, RowExclusiveLock);
	*had_clocks = ticket_has_clocks(w.clocks, key_index, m->relid, t->key);
	index_close(key_index, NoLock);
	if (*had_clocks)
	{
		writer_close(&w);
		return false;
	}

	writer_prepare(&w);
	mrtyp = lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);
	no_pauses = MultirangeTypePGetDatum(make_multirange(TSTZMULTIRANGEOID, mrtyp->rngtype, 0, NULL));
	for (int i = 0; i < n; i++)
	{
		TupleTableSlot *slot = w.slot;
		const Datum *cv = &v[2 + i * CLOCK_VALUES];
		const char *cn = &nulls[2 + i * CLOCK_VALUES];

		ExecClearTuple(slot);
		for (int a = 0; a < slot->tts_tupleDescriptor->natts; a++)
			slot->tts_isnull[a] = true;
#define SET(c, d) (slot->tts_values[layout.attnum[c] - 1] = (d), slot->tts_isnull[layout.attnum[c] - 1] = false)
		SET(0, Int64GetDatum(nextval_internal(layout.id_sequence, false)));
		SET(1, ObjectIdGetDatum(m->relid));
		SET(2, v[1]);
		SET(3, Int32GetDatum(1));
		SET(4, no_pauses);
		for (int c = 0; c < CLOCK_VALUES; c++)
			if (cn[c] != 'n')
				SET(DIRECT_FIXED + c, cv[c]);
#undef SET
		ExecStoreVirtualTuple(slot);
		ExecSimpleRelationInsert(w.rri, w.estate, slot);
	}
	keep_clock_statistics(w.clocks);
	writer_close(&w);
	return true;
}

#endif							/* PG_VERSION_NUM >= 140000 */

static bool
insert_in_c(Relation rel, const SlmTrackedTable *m, const Ticket *t)
{
	NewClock	clocks[4];
	int			n = plan_new_clocks(m, t, clocks);
	Datum		v[2 + 4 * CLOCK_VALUES];
	char		nulls[2 + 4 * CLOCK_VALUES];

	if (n < 0)
		return false;
	v[0] = ObjectIdGetDatum(m->relid);
	v[1] = CStringGetTextDatum(t->key);
	nulls[0] = nulls[1] = ' ';
	for (int i = 0; i < n; i++)
		new_clock_values(m, t, &clocks[i], &v[2 + i * CLOCK_VALUES], &nulls[2 + i * CLOCK_VALUES]);

#if PG_VERSION_NUM >= 140000
	{
		bool		had_clocks;

		if (insert_directly(rel, m, t, n, v, nulls, &had_clocks))
			return true;
		if (had_clocks)
			return false;		/* a ticket deleted and added again */
	}
#endif

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_plan(insert_plan_for(n), v, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not insert clocks");
	if (SPI_processed == 0)
	{
		/* the key had clocks before (a ticket deleted and added again) */
		SPI_finish();
		return false;
	}
	SPI_finish();
	{
		Relation	clocks = table_open(clocks_relid(), AccessShareLock);

		keep_clock_statistics(clocks);
		table_close(clocks, AccessShareLock);
	}
	return true;
}

/* ---------------------------------------------------------------------
 * A wait on the customer starts or ends
 * ---------------------------------------------------------------------
 */

/* The paused running clocks of a ticket, read inside an SPI connection. */
static int
read_paused_clocks(Oid relid, const char *key, PausedClock **out)
{
	Oid			argtypes[2] = {REGCLASSOID, TEXTOID};
	Datum		args[2] = {ObjectIdGetDatum(relid), CStringGetTextDatum(key)};
	PausedClock *clocks;
	int			n;

	slm_keep_plan(&running_plan,
				 "SELECT c.id, c.started_at, c.paused_since, c.goal, c.warn_at, c.calendar, "
				 "c.agreement, c.pauses FROM slm.clocks c "
				 "WHERE c.tbl OPERATOR(pg_catalog.=) $1 AND c.ticket OPERATOR(pg_catalog.=) $2 "
				 "AND c.removed_at IS NULL AND c.paused_since IS NOT NULL "
				 "AND c.stopped_at IS NULL AND c.cancelled_at IS NULL",
				 2, argtypes);
	if (SPI_execute_plan(running_plan, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "slm.clocks look-up failed");
	n = (int) SPI_processed;
	clocks = palloc0(sizeof(PausedClock) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		PausedClock *c = &clocks[i];
		bool		isnull;

		c->id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		c->started_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 2, &isnull));
		c->paused_since = DatumGetTimestampTz(SPI_getbinval(tup, desc, 3, &isnull));
		c->goal = *DatumGetIntervalP(SPI_getbinval(tup, desc, 4, &isnull));
		c->warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, SPI_getbinval(tup, desc, 5, &isnull)));
		c->calendar = TextDatumGetCString(SPI_getbinval(tup, desc, 6, &isnull));
		c->agreement = DatumGetInt32(SPI_getbinval(tup, desc, 7, &isnull));
		c->pauses = DatumGetMultirangeTypeP(SPI_getbinval(tup, desc, 8, &isnull));
	}
	*out = clocks;
	return n;
}

static RangeType *
make_pause(TypeCacheEntry *rngtype, TimestampTz from, TimestampTz to)
{
	RangeBound	lower = {TimestampTzGetDatum(from), false, true, true};
	RangeBound	upper = {TimestampTzGetDatum(to), false, false, false};

#if PG_VERSION_NUM >= 160000
	return make_range(rngtype, &lower, &upper, false, NULL);
#else
	return make_range(rngtype, &lower, &upper, false);
#endif
}

/*
 * A clock's pauses with the one open since `since` ended at `at`, as
 * slm.pauses_ended gives them: unchanged when `at` is not after `since`.
 */
static MultirangeType *
pauses_ended(MultirangeType *pauses, TimestampTz since, TimestampTz at)
{
	TypeCacheEntry *mrtyp = lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);
	RangeType **ranges;
	RangeType **more;
	int32		n;

	if (at <= since)
		return pauses;
	multirange_deserialize(mrtyp->rngtype, pauses, &n, &ranges);
	more = palloc(sizeof(RangeType *) * (n + 1));
	memcpy(more, ranges, sizeof(RangeType *) * n);
	more[n++] = make_pause(mrtyp->rngtype, since, at);
	return make_multirange(TSTZMULTIRANGEOID, mrtyp->rngtype, n, more);
}

/* What a resume writes into a clock. */
typedef struct Resumed
{
	MultirangeType *pauses;
	SlmSchedule sched;
	DateADT		due_date;
} Resumed;

/*
 * A clock's pauses with the open one ended at ev (slm.pauses_ended), and
 * its schedule over them.  False when this path cannot compute it.
 */
static bool
resume_clock(const PausedClock *c, TimestampTz ev, Resumed *r)
{
	SlmCompiled *cal = slm_model_calendar(c->calendar);
	const char *zone = slm_model_agreement_zone(c->agreement);
	TimestampTz *from,
			   *to;
	int			n;
	SlmError	err;

	if (cal == NULL || zone == NULL || !slm_goal_is_business_time(&c->goal))
		return false;
	r->pauses = pauses_ended(c->pauses, c->paused_since, ev);
	n = slm_pause_bounds(r->pauses, &from, &to);
	if (slm_clock_schedule(cal, c->started_at, &c->goal, c->warn, from, to, n, &r->sched, &err) != SLM_OK)
		return false;
	r->due_date = slm_local_date(zone, r->sched.due_at);
	return true;
}

#if PG_VERSION_NUM >= 140000
/* ---------------------------------------------------------------------
 * Pausing and resuming clocks without a statement
 * ---------------------------------------------------------------------
 *
 * As for inserts: the ticket's clocks are found through slm.clocks' key
 * index, each one to change is locked in its latest version (as UPDATE
 * does; under REPEATABLE READ a concurrent change is a serialization
 * failure, as for UPDATE) and rewritten by ExecSimpleRelationUpdate.
 */
enum
{
	D_ID, D_TBL, D_TICKET, D_CYCLE, D_PAUSES, D_CANCELLED_AT, D_KIND, D_METRIC, D_AGREEMENT, D_TARGET,
	D_COUNTERPARTY, D_CUSTOMER, D_SERVICE, D_PRIORITY, D_TIER, D_GOAL, D_CALENDAR, D_WARN_AT, D_STARTED_AT,
	D_PAUSED_SINCE, D_STOPPED_AT, D_GOAL_TIME, D_PAUSED_TIME, D_TIME_USED, D_WARN_FROM, D_DUE_AT, D_DUE_DATE,
	D_STATE, D_ASSIGNEE, D_SATISFACTION, D_REMOVED_AT
};

#define SLOT_VALUE(slot, c) ((slot)->tts_values[layout.attnum[c] - 1])
#define SLOT_ISNULL(slot, c) ((slot)->tts_isnull[layout.attnum[c] - 1])

/* Write a clock's schedule (goal time, paused time, warning, due time and date) into a slot. */
static void
set_schedule(TupleTableSlot *slot, const SlmSchedule *sched, DateADT due_date)
{
#define SET(c, d) (SLOT_VALUE(slot, c) = (d), SLOT_ISNULL(slot, c) = false)
	if (sched->has_goal_time)
		SET(D_GOAL_TIME, IntervalPGetDatum(slm_interval_usecs(sched->goal_time)));
	else
		SLOT_ISNULL(slot, D_GOAL_TIME) = true;
	SET(D_PAUSED_TIME, IntervalPGetDatum(slm_interval_usecs(sched->paused_time)));
	SET(D_WARN_FROM, TimestampTzGetDatum(sched->warn_from));
	SET(D_DUE_AT, TimestampTzGetDatum(sched->due_at));
	SET(D_DUE_DATE, DateADTGetDatum(due_date));
#undef SET
}

/* A clock's pauses, its open one ended (a resume, a stop), and its schedule over them. */
static void
set_pauses_and_schedule(TupleTableSlot *slot, MultirangeType *pauses, const SlmSchedule *sched,
						DateADT due_date)
{
	SLOT_VALUE(slot, D_PAUSES) = MultirangeTypePGetDatum(pauses);
	SLOT_ISNULL(slot, D_PAUSES) = false;
	SLOT_ISNULL(slot, D_PAUSED_SINCE) = true;
	set_schedule(slot, sched, due_date);
}

/* Whether a clock (all attributes fetched) is one that the change touches. */
static bool
clock_to_change(TupleTableSlot *slot, bool pause)
{
	if (!SLOT_ISNULL(slot, D_STOPPED_AT) || !SLOT_ISNULL(slot, D_CANCELLED_AT))
		return false;
	if (pause)
		return SLOT_ISNULL(slot, D_PAUSED_SINCE) && !SLOT_ISNULL(slot, D_KIND) &&
			strcmp(TextDatumGetCString(SLOT_VALUE(slot, D_KIND)), "UC") != 0;
	return !SLOT_ISNULL(slot, D_PAUSED_SINCE);
}

/*
 * Pause (a wait on the customer begins) or resume (it ends, at ev) the
 * running clocks of a ticket.  Returns false, having written nothing, when
 * the statements must do it.
 */
static bool
change_directly(Oid tbl, const char *key, bool pause, TimestampTz ev)
{
	ClocksWriter w;
	Relation	clocks;
	Relation	key_index;
	IndexScanDesc scan;
	TupleTableSlot *found;
	TupleTableSlot **locked = NULL;
	Resumed    *resumed = NULL;
	int			nlocked = 0,
				cap = 0;
	bool		ok = true;

	if (!writer_open(&w))
		return false;
	clocks = w.clocks;
	key_index = index_open(layout.key_index, RowExclusiveLock);
	found = table_slot_create(clocks, NULL);
	scan = begin_ticket_scan(clocks, key_index, tbl, key);
	while (index_getnext_slot(scan, ForwardScanDirection, found))
	{
		TupleTableSlot *slot;

		slot_getallattrs(found);
		if (!clock_to_change(found, pause))
			continue;
		/* lock its latest version, and look again at that */
		if ((slot = lock_latest_version(clocks, &found->tts_tid)) == NULL)
			continue;
		if (!clock_to_change(slot, pause))
		{
			ExecDropSingleTupleTableSlot(slot);
			continue;
		}
		if (nlocked == cap)
		{
			cap = Max(4, cap * 2);
			locked = locked ? repalloc(locked, sizeof(TupleTableSlot *) * cap)
				: palloc(sizeof(TupleTableSlot *) * cap);
		}
		locked[nlocked++] = slot;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(found);
	index_close(key_index, NoLock);

	/* a resume is computed for every clock before any is written */
	if (!pause && nlocked > 0)
	{
		resumed = palloc0(sizeof(Resumed) * nlocked);
		for (int i = 0; i < nlocked && ok; i++)
		{
			TupleTableSlot *s = locked[i];
			PausedClock c;

			memset(&c, 0, sizeof(c));
			c.started_at = DatumGetTimestampTz(SLOT_VALUE(s, D_STARTED_AT));
			c.paused_since = DatumGetTimestampTz(SLOT_VALUE(s, D_PAUSED_SINCE));
			c.goal = *DatumGetIntervalP(SLOT_VALUE(s, D_GOAL));
			c.warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, SLOT_VALUE(s, D_WARN_AT)));
			c.calendar = TextDatumGetCString(SLOT_VALUE(s, D_CALENDAR));
			c.agreement = DatumGetInt32(SLOT_VALUE(s, D_AGREEMENT));
			c.pauses = DatumGetMultirangeTypeP(SLOT_VALUE(s, D_PAUSES));
			ok = resume_clock(&c, ev, &resumed[i]);
		}
	}

	if (ok && nlocked > 0)
	{
		writer_prepare(&w);
		for (int i = 0; i < nlocked; i++)
		{
			TupleTableSlot *old = locked[i];
			TupleTableSlot *slot = writer_copy(&w, old);

#define SET(c, d) (SLOT_VALUE(slot, c) = (d), SLOT_ISNULL(slot, c) = false)
			if (pause)
			{
				SET(D_PAUSED_SINCE, TimestampTzGetDatum(Max(DatumGetTimestampTz(SLOT_VALUE(old, D_STARTED_AT)), ev)));
				SET(D_STATE, CStringGetTextDatum("paused"));
			}
			else
			{
				const Resumed *r = &resumed[i];

				set_pauses_and_schedule(slot, r->pauses, &r->sched, r->due_date);
				SET(D_STATE, CStringGetTextDatum("running"));
			}
#undef SET
			ExecStoreVirtualTuple(slot);
			ExecSimpleRelationUpdate(w.rri, w.estate, NULL, old, slot);
		}
	}
	for (int i = 0; i < nlocked; i++)
		ExecDropSingleTupleTableSlot(locked[i]);
	writer_close(&w);
	return ok;
}
/* ---------------------------------------------------------------------
 * Stopping clocks: a reply or a resolution
 * ---------------------------------------------------------------------
 *
 * slm.sync_clocks step 1 and step 4 for a ticket whose reply or resolution
 * time was set: the response clock stops at responded_at, the latest
 * resolution cycle at resolved_at, running OLA and UC clocks at
 * resolved_at (not before they started); a pause still open at a stop
 * ends there; each clock stopped gets its schedule over its pauses, the
 * business time it used and its state.
 */

/* A clock's stop as step 1 sets it, from the ticket; *stop DT_NOEND: none. */
static TimestampTz
stop_for(TupleTableSlot *s, const Ticket *n, int32 last_resolution_cycle, bool *changes)
{
	const char *kind = TextDatumGetCString(SLOT_VALUE(s, D_KIND));
	const char *metric = TextDatumGetCString(SLOT_VALUE(s, D_METRIC));
	bool		stopped = !SLOT_ISNULL(s, D_STOPPED_AT);
	TimestampTz now = stopped ? DatumGetTimestampTz(SLOT_VALUE(s, D_STOPPED_AT)) : DT_NOEND;
	bool		sla = strcmp(kind, "SLA") == 0;
	bool		response = strcmp(metric, "response") == 0;
	TimestampTz stop;

	*changes = false;
	if (!SLOT_ISNULL(s, D_CANCELLED_AT))
		return now;
	if (sla && !response && DatumGetInt32(SLOT_VALUE(s, D_CYCLE)) != last_resolution_cycle)
		return now;
	stop = ticket_stop(n, sla, response, DatumGetTimestampTz(SLOT_VALUE(s, D_STARTED_AT)), now);
	*changes = (stop != now);
	return stop;
}

/* What a stop writes into a clock. */
typedef struct Stopped
{
	TimestampTz stopped_at;
	MultirangeType *pauses;
	SlmSchedule sched;
	int64		time_used;
	DateADT		due_date;
} Stopped;

static bool
stop_clock(TupleTableSlot *s, TimestampTz stop, Stopped *r)
{
	SlmCompiled *cal = slm_model_calendar(TextDatumGetCString(SLOT_VALUE(s, D_CALENDAR)));
	const char *zone = slm_model_agreement_zone(DatumGetInt32(SLOT_VALUE(s, D_AGREEMENT)));
	Interval   *goal = DatumGetIntervalP(SLOT_VALUE(s, D_GOAL));
	TimestampTz started = DatumGetTimestampTz(SLOT_VALUE(s, D_STARTED_AT));
	double		warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, SLOT_VALUE(s, D_WARN_AT)));
	TimestampTz *from,
			   *to;
	int			n;
	SlmError	err;

	if (cal == NULL || zone == NULL || !slm_goal_is_business_time(goal) || stop == DT_NOEND)
		return false;
	r->stopped_at = stop;
	r->pauses = DatumGetMultirangeTypeP(SLOT_VALUE(s, D_PAUSES));
	/* the pause going on ends at the stop */
	if (!SLOT_ISNULL(s, D_PAUSED_SINCE))
		r->pauses = pauses_ended(r->pauses, DatumGetTimestampTz(SLOT_VALUE(s, D_PAUSED_SINCE)), stop);
	n = slm_pause_bounds(r->pauses, &from, &to);
	if (slm_clock_schedule(cal, started, goal, warn, from, to, n, &r->sched, &err) != SLM_OK ||
		slm_clock_used(cal, started, stop, from, to, n, DT_NOEND, &r->time_used, &err) != SLM_OK)
		return false;
	r->due_date = slm_local_date(zone, r->sched.due_at);
	return true;
}

/*
 * Stop the clocks of a ticket whose reply or resolution time was set.
 * Returns false, having written nothing, when the SQL path must do it.
 */
static bool
stop_directly(Oid tbl, const Ticket *n)
{
	ClocksWriter w;
	Relation	key_index;
	IndexScanDesc scan;
	TupleTableSlot *found;
	TupleTableSlot **seen = NULL;
	TupleTableSlot **locked;
	TimestampTz *stops;
	Stopped    *stopped;
	int			nseen = 0,
				nlocked = 0,
				cap = 0;
	int32		last_cycle = 0;
	bool		ok = true;

	if (!writer_open(&w))
		return false;
	key_index = index_open(layout.key_index, RowExclusiveLock);
	scan = begin_ticket_scan(w.clocks, key_index, tbl, n->key);
	found = table_slot_create(w.clocks, NULL);
	while (index_getnext_slot(scan, ForwardScanDirection, found))
	{
		if (nseen == cap)
		{
			cap = Max(8, cap * 2);
			seen = seen ? repalloc(seen, sizeof(TupleTableSlot *) * cap) : palloc(sizeof(TupleTableSlot *) * cap);
		}
		seen[nseen] = MakeSingleTupleTableSlot(RelationGetDescr(w.clocks), &TTSOpsHeapTuple);
		ExecCopySlot(seen[nseen], found);
		slot_getallattrs(seen[nseen]);
		/* the latest resolution cycle, cancelled ones included, as step 1 counts */
		if (strcmp(TextDatumGetCString(SLOT_VALUE(seen[nseen], D_KIND)), "SLA") == 0 &&
			strcmp(TextDatumGetCString(SLOT_VALUE(seen[nseen], D_METRIC)), "response") != 0)
			last_cycle = Max(last_cycle, DatumGetInt32(SLOT_VALUE(seen[nseen], D_CYCLE)));
		nseen++;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(found);
	index_close(key_index, NoLock);

	locked = palloc(sizeof(TupleTableSlot *) * (nseen + 1));
	stops = palloc(sizeof(TimestampTz) * (nseen + 1));
	for (int i = 0; i < nseen; i++)
	{
		TupleTableSlot *slot;
		bool		changes;

		stop_for(seen[i], n, last_cycle, &changes);
		if (!changes || (slot = lock_latest_version(w.clocks, &seen[i]->tts_tid)) == NULL)
			continue;
		stops[nlocked] = stop_for(slot, n, last_cycle, &changes);
		if (!changes)
		{
			ExecDropSingleTupleTableSlot(slot);
			continue;
		}
		locked[nlocked++] = slot;
	}

	/* every stop is computed before any is written */
	stopped = palloc0(sizeof(Stopped) * (nlocked + 1));
	for (int i = 0; i < nlocked && ok; i++)
		ok = stop_clock(locked[i], stops[i], &stopped[i]);

	if (ok && nlocked > 0)
	{
		writer_prepare(&w);
		for (int i = 0; i < nlocked; i++)
		{
			TupleTableSlot *old = locked[i];
			TupleTableSlot *slot = writer_copy(&w, old);
			const Stopped *r = &stopped[i];

#define SET(c, d) (SLOT_VALUE(slot, c) = (d), SLOT_ISNULL(slot, c) = false)
			SET(D_STOPPED_AT, TimestampTzGetDatum(r->stopped_at));
			set_pauses_and_schedule(slot, r->pauses, &r->sched, r->due_date);
			SET(D_TIME_USED, IntervalPGetDatum(slm_interval_usecs(r->time_used)));
			SET(D_STATE, CStringGetTextDatum(slm_stored_state(DT_NOEND, r->stopped_at, false, r->sched.due_at)));
#undef SET
			ExecStoreVirtualTuple(slot);
			ExecSimpleRelationUpdate(w.rri, w.estate, NULL, old, slot);
		}
	}
	for (int i = 0; i < nlocked; i++)
		ExecDropSingleTupleTableSlot(locked[i]);
	for (int i = 0; i < nseen; i++)
		ExecDropSingleTupleTableSlot(seen[i]);
	writer_close(&w);
	return ok;
}

/* ---------------------------------------------------------------------
 * Every other change of a ticket's values, in C
 * ---------------------------------------------------------------------
 *
 * slm.ticket_changed and slm.sync_clocks for an UPDATE that keeps the
 * ticket's key (a reopening, a hand-off, a wait on a supplier, a priority,
 * customer or service change, or several changes at once), done on the
 * ticket's clock rows in memory: every live clock is read and locked, the
 * rules below change the rows and add new ones, and only the rows whose
 * values changed are written.  The steps, in the SQL path's order:
 *
 *	0. the change's time (change_time); a wait on the customer pauses or
 *	   resumes; a reopening starts new SLA (and OLA) resolution cycles; a
 *	   hand-off stops the team's hold and starts the next team's; a wait on
 *	   a supplier starts or stops a UC clock;
 *	1. stops follow the ticket (slm_clock_stop), and a pause still open at
 *	   a stop or cancellation ends there;
 *	2. when the values clocks depend on changed: clocks of a kind the ticket
 *	   has none of are made; running clocks take the ticket's values, and
 *	   are cancelled when no target applies to them any more; every clock
 *	   takes the target in force for its values;
 *	3. every clock's schedule, time used, state, assignee and satisfaction.
 *
 * Returns false, having written nothing, when the SQL path must take the
 * change (a ticket without clocks yet, a value it cannot compute).
 */

typedef struct TicketClocks
{
	TupleTableSlot **row;		/* each clock's values, to change */
	TupleTableSlot **old;		/* the locked latest version; NULL: a new clock */
	int			n;
	int			cap;
	TupleDesc	desc;
} TicketClocks;

static TimestampTz
row_ts(TupleTableSlot *s, int c)
{
	return SLOT_ISNULL(s, c) ? DT_NOEND : DatumGetTimestampTz(SLOT_VALUE(s, c));
}

static void
set_row_ts(TupleTableSlot *s, int c, TimestampTz t)
{
	SLOT_ISNULL(s, c) = (t == DT_NOEND);
	SLOT_VALUE(s, c) = TimestampTzGetDatum(t);
}

static const char *
row_text(TupleTableSlot *s, int c)
{
	return SLOT_ISNULL(s, c) ? NULL : TextDatumGetCString(SLOT_VALUE(s, c));
}

static void
set_row_text(TupleTableSlot *s, int c, const char *v)
{
	SLOT_ISNULL(s, c) = (v == NULL);
	SLOT_VALUE(s, c) = v ? CStringGetTextDatum(v) : (Datum) 0;
}

static bool
row_is(TupleTableSlot *s, const char *kind, const char *metric)
{
	return strcmp(row_text(s, D_KIND), kind) == 0 &&
		(metric == NULL || strcmp(row_text(s, D_METRIC), metric) == 0);
}

static bool
row_running(TupleTableSlot *s)
{
	return SLOT_ISNULL(s, D_STOPPED_AT) && SLOT_ISNULL(s, D_CANCELLED_AT);
}

/* One more row of a ticket's clocks, all values NULL; old[] NULL (new). */
static TupleTableSlot *
append_row(TicketClocks *tc)
{
	TupleTableSlot *s = MakeSingleTupleTableSlot(tc->desc, &TTSOpsVirtual);

	ExecClearTuple(s);
	for (int a = 0; a < tc->desc->natts; a++)
		s->tts_isnull[a] = true;
	ExecStoreVirtualTuple(s);	/* its values are then set in place */
	if (tc->n == tc->cap)
	{
		tc->cap = Max(8, tc->cap * 2);
		tc->row = tc->row ? repalloc(tc->row, sizeof(TupleTableSlot *) * tc->cap)
			: palloc(sizeof(TupleTableSlot *) * tc->cap);
		tc->old = tc->old ? repalloc(tc->old, sizeof(TupleTableSlot *) * tc->cap)
			: palloc(sizeof(TupleTableSlot *) * tc->cap);
	}
	tc->row[tc->n] = s;
	tc->old[tc->n] = NULL;
	tc->n++;
	return s;
}

/* A new clock of a ticket: its identity set, every other value NULL. */
static TupleTableSlot *
add_row(TicketClocks *tc, Oid tbl, const char *key, const char *kind, const char *metric, int32 cycle)
{
	TupleTableSlot *s = append_row(tc);
	TypeCacheEntry *mrtyp = lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);

#define SET(c, d) (SLOT_VALUE(s, c) = (d), SLOT_ISNULL(s, c) = false)
	SET(D_ID, Int64GetDatum(nextval_internal(layout.id_sequence, false)));
	SET(D_TBL, ObjectIdGetDatum(tbl));
	SET(D_TICKET, CStringGetTextDatum(key));
	SET(D_CYCLE, Int32GetDatum(cycle));
	SET(D_PAUSES, MultirangeTypePGetDatum(make_multirange(TSTZMULTIRANGEOID, mrtyp->rngtype, 0, NULL)));
	SET(D_KIND, CStringGetTextDatum(kind));
	SET(D_METRIC, CStringGetTextDatum(metric));
#undef SET
	return s;
}

/* Set a clock's target: its agreement, target, goal, calendar and warning share. */
static void
set_row_target(TupleTableSlot *s, const SlmTarget *t)
{
#define SET(c, d) (SLOT_VALUE(s, c) = (d), SLOT_ISNULL(s, c) = false)
	SET(D_AGREEMENT, Int32GetDatum(t->agreement));
	SET(D_TARGET, Int32GetDatum(t->target));
	SET(D_GOAL, IntervalPGetDatum(&t->goal));
	SET(D_CALENDAR, CStringGetTextDatum(t->calendar));
	SET(D_WARN_AT, t->warn_at);
#undef SET
}

/* The target in force for a clock's own values, as slm.matching_targets. */
static const SlmTarget *
row_target(TupleTableSlot *s)
{
	return slm_model_target(row_text(s, D_KIND), row_text(s, D_SERVICE), row_text(s, D_COUNTERPARTY),
							row_text(s, D_TIER), !SLOT_ISNULL(s, D_PRIORITY),
							SLOT_ISNULL(s, D_PRIORITY) ? 0 : DatumGetInt32(SLOT_VALUE(s, D_PRIORITY)),
							row_text(s, D_METRIC), row_ts(s, D_STARTED_AT));
}

/* The ticket's values a running clock carries (slm.start_clock, step 2). */
static void
set_row_ticket(TupleTableSlot *s, const SlmTrackedTable *m, const Ticket *n, const char *tier)
{
	set_row_text(s, D_CUSTOMER, n->text[SLM_ROLE_CUSTOMER]);
	set_row_text(s, D_SERVICE, ticket_service(m, n));
	SLOT_ISNULL(s, D_PRIORITY) = n->isnull[SLM_ROLE_PRIORITY];
	SLOT_VALUE(s, D_PRIORITY) = Int32GetDatum(n->priority);
	set_row_text(s, D_TIER, tier);
}

/*
 * Start the next cycle of a clock at an instant, on the target in force
 * for the ticket's values (slm.start_clock); no clock when none applies.
 * False when the target cannot be computed here.
 */
static bool
start_row(TicketClocks *tc, const SlmTrackedTable *m, const Ticket *n, const char *tier,
		  const char *kind, const char *counterparty, TimestampTz at)
{
	const char *service = ticket_service(m, n);
	const SlmTarget *t = slm_model_target(kind, service, counterparty, tier, !n->isnull[SLM_ROLE_PRIORITY],
										  n->priority, "resolution", at);
	int32		cycle = 0;
	TupleTableSlot *s;

	if (t == NULL)
		return true;
	if (!t->has_goal)
		return false;
	for (int i = 0; i < tc->n; i++)
		if (row_is(tc->row[i], kind, "resolution"))
			cycle = Max(cycle, DatumGetInt32(SLOT_VALUE(tc->row[i], D_CYCLE)));
	s = add_row(tc, m->relid, n->key, kind, "resolution", cycle + 1);
	set_row_target(s, t);
	set_row_text(s, D_COUNTERPARTY, counterparty);
	set_row_ticket(s, m, n, tier);
	set_row_ts(s, D_STARTED_AT, at);
	set_row_ts(s, D_PAUSED_SINCE,
			   strcmp(kind, "UC") != 0 && in_list(n->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused)
			   ? at : DT_NOEND);
	return true;
}

/* End a clock's open pause at an instant (slm.pauses_ended). */
static void
end_row_pause(TupleTableSlot *s, TimestampTz at)
{
	if (SLOT_ISNULL(s, D_PAUSED_SINCE))
		return;
	SLOT_VALUE(s, D_PAUSES) = MultirangeTypePGetDatum(pauses_ended(DatumGetMultirangeTypeP(SLOT_VALUE(s, D_PAUSES)),
																	row_ts(s, D_PAUSED_SINCE), at));
	SLOT_ISNULL(s, D_PAUSED_SINCE) = true;
}

/* Step 3 for one clock: schedule, time used, state; false if not computable. */
static bool
schedule_row(TupleTableSlot *s)
{
	SlmCompiled *cal = slm_model_calendar(row_text(s, D_CALENDAR));
	const char *zone = slm_model_agreement_zone(DatumGetInt32(SLOT_VALUE(s, D_AGREEMENT)));
	Interval   *goal = DatumGetIntervalP(SLOT_VALUE(s, D_GOAL));
	TimestampTz started = row_ts(s, D_STARTED_AT);
	TimestampTz stopped = row_ts(s, D_STOPPED_AT);
	TimestampTz cancelled = row_ts(s, D_CANCELLED_AT);
	double		warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, SLOT_VALUE(s, D_WARN_AT)));
	TimestampTz *from,
			   *to;
	int			np;
	SlmSchedule sched;
	SlmError	err;

	if (cal == NULL || zone == NULL || !slm_goal_is_business_time(goal))
		return false;
	np = slm_pause_bounds(DatumGetMultirangeTypeP(SLOT_VALUE(s, D_PAUSES)), &from, &to);
	if (slm_clock_schedule(cal, started, goal, warn, from, to, np, &sched, &err) != SLM_OK)
		return false;
	set_schedule(s, &sched, slm_local_date(zone, sched.due_at));
	if (stopped != DT_NOEND)
	{
		int64		used;

		if (slm_clock_used(cal, started, Min(stopped, cancelled), from, to, np, row_ts(s, D_PAUSED_SINCE),
						   &used, &err) != SLM_OK)
			return false;
		SLOT_VALUE(s, D_TIME_USED) = IntervalPGetDatum(slm_interval_usecs(used));
		SLOT_ISNULL(s, D_TIME_USED) = false;
	}
	else
		SLOT_ISNULL(s, D_TIME_USED) = true;
	set_row_text(s, D_STATE, slm_stored_state(cancelled, stopped, !SLOT_ISNULL(s, D_PAUSED_SINCE), sched.due_at));
	return true;
}

/* Whether a row's values differ from those it was read with. */
static bool
row_changed(TupleTableSlot *row, TupleTableSlot *old)
{
	TupleDesc	desc = row->tts_tupleDescriptor;

	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);

		if (row->tts_isnull[a] != old->tts_isnull[a])
			return true;
		if (!row->tts_isnull[a] &&
			!datumIsEqual(row->tts_values[a], old->tts_values[a], att->attbyval, att->attlen))
			return true;
	}
	return false;
}

/* Every live clock of a ticket into tc, its latest version locked. */
static void
read_ticket_clocks(ClocksWriter *w, Oid tbl, const char *key, TicketClocks *tc)
{
	Relation	key_index = index_open(layout.key_index, RowExclusiveLock);
	IndexScanDesc scan = begin_ticket_scan(w->clocks, key_index, tbl, key);
	TupleTableSlot *found = table_slot_create(w->clocks, NULL);

	memset(tc, 0, sizeof(*tc));
	tc->desc = RelationGetDescr(w->clocks);
	while (index_getnext_slot(scan, ForwardScanDirection, found))
	{
		TupleTableSlot *locked = lock_latest_version(w->clocks, &found->tts_tid);
		TupleTableSlot *s;

		if (locked == NULL)
			continue;
		s = append_row(tc);
		memcpy(s->tts_values, locked->tts_values, sizeof(Datum) * tc->desc->natts);
		memcpy(s->tts_isnull, locked->tts_isnull, sizeof(bool) * tc->desc->natts);
		tc->old[tc->n - 1] = locked;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(found);
	index_close(key_index, NoLock);
}

/* Write the rows of a ticket's clocks that are new or changed. */
static void
write_ticket_clocks(ClocksWriter *w, TicketClocks *tc)
{
	for (int i = 0; i < tc->n; i++)
	{
		TupleTableSlot *s = tc->row[i];

		if (tc->old[i] == NULL)
			ExecSimpleRelationInsert(w->rri, w->estate, s);
		else if (row_changed(s, tc->old[i]))
			ExecSimpleRelationUpdate(w->rri, w->estate, NULL, tc->old[i], s);
	}
}

static void
free_ticket_clocks(TicketClocks *tc)
{
	for (int i = 0; i < tc->n; i++)
	{
		ExecDropSingleTupleTableSlot(tc->row[i]);
		if (tc->old[i] != NULL)
			ExecDropSingleTupleTableSlot(tc->old[i]);
	}
}

/*
 * A deleted ticket (slm.ticket_removed): its running clocks are cancelled
 * at the statement's time, and all its clocks are marked removed, so that
 * its key may name a new ticket.  False when the SQL path must do it.
 */
static bool
delete_directly(const SlmTrackedTable *m, const char *key)
{
	ClocksWriter w;
	TicketClocks tc;
	TimestampTz now = GetCurrentStatementStartTimestamp();

	if (!writer_open(&w))
		return false;
	read_ticket_clocks(&w, m->relid, key, &tc);
	for (int i = 0; i < tc.n; i++)
	{
		TupleTableSlot *s = tc.row[i];

		set_row_ts(s, D_REMOVED_AT, now);
		if (row_running(s))
		{
			TimestampTz at = Max(row_ts(s, D_STARTED_AT), now);

			set_row_ts(s, D_CANCELLED_AT, at);
			end_row_pause(s, at);
			set_row_text(s, D_STATE, "cancelled");
		}
	}
	if (tc.n > 0)
	{
		writer_prepare(&w);
		write_ticket_clocks(&w, &tc);
	}
	free_ticket_clocks(&tc);
	writer_close(&w);
	return true;
}

/*
 * rel is the table the trigger fired on (NULL for slm.rebuild); with
 * rebuild, o is n and what the row says now is re-derived as
 * slm.sync_clocks does for slm.rebuild (its steps 1b and 1c): whether the
 * clocks are paused, which team holds the ticket, whether it waits on a
 * supplier, each timed at the ticket's last status change.
 */
static bool
sync_directly(Relation rel, const SlmTrackedTable *m, const Ticket *o, const Ticket *n, bool rebuild)
{
	ClocksWriter w;
	TicketClocks tc;
	TimestampTz ev = change_time(n);
	const char *tier = slm_model_customer_tier(n->text[SLM_ROLE_CUSTOMER]);
	bool		was_paused = in_list(o->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused);
	bool		is_paused = in_list(n->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused);
	bool		was_supplier,
				is_supplier;
	bool		full = rebuild || !same_role(o, n, SLM_ROLE_PRIORITY) || !same_role(o, n, SLM_ROLE_CUSTOMER) ||
		!same_role(o, n, SLM_ROLE_SERVICE) || !same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP) ||
		!same_role(o, n, SLM_ROLE_SUPPLIER);
	/* a rebuild re-derives at the ticket's last status change */
	TimestampTz status_at = n->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? ev : n->status_changed_at;
	int32		last_cycle[2] = {0, 0}; /* SLA response, resolution */
	bool		ok = true;
	StringInfoData cancelled;

	if (!same_role(o, n, SLM_ROLE_KEY) || n->isnull[SLM_ROLE_OPENED_AT] ||
		TIMESTAMP_NOT_FINITE(n->opened_at) || (rel != NULL && !key_is_unique(rel, m)) || !writer_open(&w))
		return false;

	read_ticket_clocks(&w, m->relid, n->key, &tc);
	if (tc.n == 0)
		ok = false;				/* no clocks yet: the SQL path makes them and says why not */

	/* 0. waits, reopenings, hand-offs, supplier waits (slm.ticket_changed) */
	if (ok && is_paused && !was_paused)
		for (int i = 0; i < tc.n; i++)
		{
			TupleTableSlot *s = tc.row[i];

			if (!row_is(s, "UC", NULL) && SLOT_ISNULL(s, D_PAUSED_SINCE) && row_running(s))
				set_row_ts(s, D_PAUSED_SINCE, Max(row_ts(s, D_STARTED_AT), ev));
		}
	else if (ok && was_paused && !is_paused)
		for (int i = 0; i < tc.n; i++)
			if (row_running(tc.row[i]))
				end_row_pause(tc.row[i], ev);
	if (ok && !o->isnull[SLM_ROLE_RESOLVED_AT] && n->isnull[SLM_ROLE_RESOLVED_AT])
	{
		ok = start_row(&tc, m, n, tier, "SLA", n->text[SLM_ROLE_CUSTOMER], ev);
		if (ok && !n->isnull[SLM_ROLE_ASSIGNMENT_GROUP])
			ok = start_row(&tc, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
	}
	if (ok && !same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP))
	{
		for (int i = 0; i < tc.n; i++)
			if (row_is(tc.row[i], "OLA", NULL) && row_running(tc.row[i]))
				set_row_ts(tc.row[i], D_STOPPED_AT, Max(row_ts(tc.row[i], D_STARTED_AT), ev));
		if (!n->isnull[SLM_ROLE_ASSIGNMENT_GROUP] && n->isnull[SLM_ROLE_RESOLVED_AT])
			ok = start_row(&tc, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
	}
	was_supplier = in_list(o->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) &&
		!o->isnull[SLM_ROLE_SUPPLIER] && o->isnull[SLM_ROLE_RESOLVED_AT];
	is_supplier = in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) &&
		!n->isnull[SLM_ROLE_SUPPLIER] && n->isnull[SLM_ROLE_RESOLVED_AT];
	if (ok && was_supplier && (!is_supplier || !same_role(o, n, SLM_ROLE_SUPPLIER)))
		for (int i = 0; i < tc.n; i++)
			if (row_is(tc.row[i], "UC", NULL) && row_running(tc.row[i]))
				set_row_ts(tc.row[i], D_STOPPED_AT,
						   Max(row_ts(tc.row[i], D_STARTED_AT),
							   n->isnull[SLM_ROLE_RESOLVED_AT] ? ev : n->resolved_at));
	if (ok && is_supplier && (!was_supplier || !same_role(o, n, SLM_ROLE_SUPPLIER)))
		ok = start_row(&tc, m, n, tier, "UC", n->text[SLM_ROLE_SUPPLIER], ev);

	/* 1. stops follow the ticket; the latest SLA cycle of each metric */
	for (int i = 0; ok && i < tc.n; i++)
		if (row_is(tc.row[i], "SLA", NULL))
		{
			int			k = row_is(tc.row[i], "SLA", "response") ? 0 : 1;

			last_cycle[k] = Max(last_cycle[k], DatumGetInt32(SLOT_VALUE(tc.row[i], D_CYCLE)));
		}
	for (int i = 0; ok && i < tc.n; i++)
	{
		TupleTableSlot *s = tc.row[i];
		bool		sla = row_is(s, "SLA", NULL);
		bool		response = row_is(s, "SLA", "response");

		if (!SLOT_ISNULL(s, D_CANCELLED_AT) ||
			(sla && !response && DatumGetInt32(SLOT_VALUE(s, D_CYCLE)) != last_cycle[1]))
			continue;
		set_row_ts(s, D_STOPPED_AT,
				   ticket_stop(n, sla, response, row_ts(s, D_STARTED_AT), row_ts(s, D_STOPPED_AT)));
	}
	/* 1b. (rebuild) waits on the customer, holders and supplier waits, now */
	for (int i = 0; ok && rebuild && i < tc.n; i++)
	{
		TupleTableSlot *s = tc.row[i];

		if (!row_running(s))
			continue;
		if (is_paused && !row_is(s, "UC", NULL) && SLOT_ISNULL(s, D_PAUSED_SINCE))
			set_row_ts(s, D_PAUSED_SINCE, Max(row_ts(s, D_STARTED_AT), status_at));
		else if (!is_paused && !SLOT_ISNULL(s, D_PAUSED_SINCE))
			end_row_pause(s, status_at);
		if ((row_is(s, "OLA", NULL) && !same_text(row_text(s, D_COUNTERPARTY), n->text[SLM_ROLE_ASSIGNMENT_GROUP])) ||
			(row_is(s, "UC", NULL) && (!same_text(row_text(s, D_COUNTERPARTY), n->text[SLM_ROLE_SUPPLIER]) ||
									   !in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))))
			set_row_ts(s, D_STOPPED_AT, Max(row_ts(s, D_STARTED_AT), ev));
	}
	for (int i = 0; ok && i < tc.n; i++)
		if (!row_running(tc.row[i]))
			end_row_pause(tc.row[i], SLOT_ISNULL(tc.row[i], D_STOPPED_AT) ? row_ts(tc.row[i], D_CANCELLED_AT)
						  : row_ts(tc.row[i], D_STOPPED_AT));
	/* 1c. (rebuild) the holder's or supplier's cycle, when an older one of the kind exists */
	for (int k = 0; ok && rebuild && k < 2 && n->isnull[SLM_ROLE_RESOLVED_AT]; k++)
	{
		const char *kind = k == 0 ? "OLA" : "UC";
		const char *party = n->text[k == 0 ? SLM_ROLE_ASSIGNMENT_GROUP : SLM_ROLE_SUPPLIER];
		bool		has_kind = false,
					has_running = false;

		if (party == NULL || (k == 1 && !in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier)))
			continue;
		for (int i = 0; i < tc.n; i++)
			if (row_is(tc.row[i], kind, NULL))
			{
				has_kind = true;
				has_running |= row_running(tc.row[i]) && same_text(row_text(tc.row[i], D_COUNTERPARTY), party);
			}
		if (has_kind && !has_running)
			ok = start_row(&tc, m, n, tier, kind, party, k == 1 ? status_at : ev);
	}

	initStringInfo(&cancelled);
	if (ok && full)
	{
		/* 2. clocks of a kind the ticket has none of (slm.sync_clocks step 2) */
		NewClock	planned[4];
		int			nplanned = plan_clocks(m, n, planned);
		int			before = tc.n;

		if (nplanned < 0)
			ok = false;
		for (int k = 0; ok && k < nplanned; k++)
		{
			const NewClock *c = &planned[k];
			TupleTableSlot *s;
			bool		has = false;

			for (int i = 0; i < before && !has; i++)
				has = row_is(tc.row[i], c->kind, c->metric);
			if (has)
				continue;
			s = add_row(&tc, m->relid, n->key, c->kind, c->metric, 1);
			set_row_target(s, c->target);
			set_row_text(s, D_COUNTERPARTY, c->counterparty);
			set_row_ticket(s, m, n, tier);
			set_row_ts(s, D_STARTED_AT, c->started_at);
			set_row_ts(s, D_STOPPED_AT, c->stopped ? c->stopped_at : DT_NOEND);
			set_row_ts(s, D_PAUSED_SINCE, c->paused ? c->paused_since : DT_NOEND);
		}

		/* running clocks take the ticket's values; those no target covers are cancelled */
		for (int i = 0; ok && i < before; i++)
		{
			TupleTableSlot *s = tc.row[i];

			if (!row_running(s))
				continue;
			set_row_ticket(s, m, n, tier);
			if (row_is(s, "SLA", NULL))
				set_row_text(s, D_COUNTERPARTY, n->text[SLM_ROLE_CUSTOMER]);
			if (row_target(s) == NULL)
			{
				/* at the change; a rebuild cancels at its own time */
				TimestampTz at = Max(row_ts(s, D_STARTED_AT), rebuild ? GetCurrentStatementStartTimestamp() : ev);

				set_row_ts(s, D_CANCELLED_AT, at);
				end_row_pause(s, at);
				appendStringInfo(&cancelled, "%s%s (%s %s)", cancelled.len > 0 ? ", " : "", n->key,
								 row_text(s, D_KIND), row_text(s, D_METRIC));
			}
		}
		/* every clock the target in force for its values */
		for (int i = 0; ok && i < tc.n; i++)
		{
			const SlmTarget *t = row_target(tc.row[i]);

			if (t != NULL)
			{
				if (!t->has_goal)
					ok = false;
				else
					set_row_target(tc.row[i], t);
			}
		}
	}

	/* 3. schedules, states, and what the reports read from the ticket */
	for (int i = 0; ok && i < tc.n; i++)
	{
		TupleTableSlot *s = tc.row[i];

		ok = schedule_row(s);
		set_row_text(s, D_ASSIGNEE, n->text[SLM_ROLE_ASSIGNEE]);
		SLOT_ISNULL(s, D_SATISFACTION) = n->isnull[SLM_ROLE_SATISFACTION];
		SLOT_VALUE(s, D_SATISFACTION) = n->satisfaction;
	}

	if (ok)
	{
		bool		any_sla = false;
		/* the tracked table (for a partition, its ancestor), as regclass prints it */
		const char *table_name = quote_qualified_identifier(get_namespace_name(get_rel_namespace(m->relid)),
															get_rel_name(m->relid));

		writer_prepare(&w);
		/*
		 * Called by slm.rebuild rather than from a trigger, the writes open
		 * a query level of their own for slm.clocks' internal (foreign key)
		 * triggers, as logical replication's apply does.
		 */
		if (rel == NULL)
			AfterTriggerBeginQuery();
		for (int i = 0; i < tc.n; i++)
			any_sla |= row_is(tc.row[i], "SLA", NULL);
		write_ticket_clocks(&w, &tc);
		if (rel == NULL)
			AfterTriggerEndQuery(w.estate);
		if (cancelled.len > 0)
			ereport(NOTICE,
					(errmsg("no target applies any more to the running clocks of %s of %s: they are cancelled",
							cancelled.data, table_name),
					 errhint("Check the ticket's service, customer and priority against slm.targets.")));
		if (full && !any_sla)
			ereport(NOTICE,
					(errmsg("no SLA target applies to 1 ticket(s) of %s, so they have no SLA clock",
							table_name),
					 errhint("Check the ticket's service, customer and priority against slm.targets.")));
	}
	free_ticket_clocks(&tc);
	writer_close(&w);
	return ok;
}

#endif							/* PG_VERSION_NUM >= 140000 */

/* Resumed clocks written by one statement, and the values of each. */
#define RESUME_BATCH 4
#define RESUME_VALUES 7
static SPIPlanPtr resume_plans[RESUME_BATCH];

static SPIPlanPtr
resume_plan_for(int k)
{
	if (resume_plans[k - 1] == NULL)
	{
		static const Oid types[RESUME_VALUES] = {INT8OID, TSTZMULTIRANGEOID, INTERVALOID, INTERVALOID,
		TIMESTAMPTZOID, TIMESTAMPTZOID, DATEOID};
		StringInfoData sql;
		Oid			argtypes[RESUME_BATCH * RESUME_VALUES];

		initStringInfo(&sql);
		appendStringInfoString(&sql, "UPDATE slm.clocks c SET pauses = v.pauses, paused_since = NULL, "
							   "goal_time = v.goal_time, paused_time = v.paused_time, warn_from = v.warn_from, "
							   "due_at = v.due_at, due_date = v.due_date, state = 'running' FROM (VALUES ");
		for (int i = 0; i < k; i++)
		{
			appendStringInfoString(&sql, i == 0 ? "(" : ", (");
			for (int j = 0; j < RESUME_VALUES; j++)
			{
				appendStringInfo(&sql, j == 0 ? "$%d" : ", $%d", i * RESUME_VALUES + j + 1);
				argtypes[i * RESUME_VALUES + j] = types[j];
			}
			appendStringInfoChar(&sql, ')');
		}
		appendStringInfoString(&sql, ") v(id, pauses, goal_time, paused_time, warn_from, due_at, due_date) "
							   "WHERE c.id OPERATOR(pg_catalog.=) v.id");
		slm_keep_plan(&resume_plans[k - 1], sql.data, k * RESUME_VALUES, argtypes);
		pfree(sql.data);
	}
	return resume_plans[k - 1];
}

/* Any other change of a ticket, in C where the direct writes can be made. */
static bool
update_any(Relation rel, const SlmTrackedTable *m, const Ticket *o, const Ticket *n)
{
#if PG_VERSION_NUM >= 140000
	return sync_directly(rel, m, o, n, false);
#else
	return false;
#endif
}

static bool
update_in_c(Relation rel, const SlmTrackedTable *m, const Ticket *o, const Ticket *n)
{
	bool		was_paused = in_list(o->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused);
	bool		is_paused = in_list(n->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused);
	TimestampTz ev;
	PausedClock *clocks;
	Resumed    *resumed;
	int			count;

	/* only the status (and when it changed), replies and resolutions may differ */
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		if (r != SLM_ROLE_STATUS && r != SLM_ROLE_STATUS_CHANGED_AT && r != SLM_ROLE_RESPONDED_AT &&
			r != SLM_ROLE_RESOLVED_AT && r != SLM_ROLE_CHANGED_AT && !same_role(o, n, r))
			return update_any(rel, m, o, n);
	if (!same_role(o, n, SLM_ROLE_RESPONDED_AT) || !same_role(o, n, SLM_ROLE_RESOLVED_AT))
	{
		/*
		 * A reply or a resolution: set, not cleared (a reopening starts new
		 * cycles, in SQL), neither starting nor ending a wait on the
		 * customer or on a supplier in the same change.
		 */
		bool		was_supplier = in_list(o->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) &&
			!o->isnull[SLM_ROLE_SUPPLIER] && o->isnull[SLM_ROLE_RESOLVED_AT];
		bool		is_supplier = in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) &&
			!n->isnull[SLM_ROLE_SUPPLIER] && n->isnull[SLM_ROLE_RESOLVED_AT];

		if ((n->isnull[SLM_ROLE_RESPONDED_AT] && !o->isnull[SLM_ROLE_RESPONDED_AT]) ||
			(n->isnull[SLM_ROLE_RESOLVED_AT] && !o->isnull[SLM_ROLE_RESOLVED_AT]) ||
			was_paused != is_paused || was_supplier != is_supplier)
			return update_any(rel, m, o, n);
#if PG_VERSION_NUM >= 140000
		return stop_directly(m->relid, n);
#else
		return false;
#endif
	}
	/* ... and not into or out of a wait on a supplier */
	if (in_list(o->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) !=
		in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))
		return update_any(rel, m, o, n);
	if (was_paused == is_paused)
		return true;			/* nothing a clock depends on changed */

	ev = change_time(n);

#if PG_VERSION_NUM >= 140000
	if (change_directly(m->relid, n->key, is_paused, ev))
		return true;
#endif

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (is_paused)
	{
		/* a wait begins: the running SLA and OLA clocks pause */
		Oid			argtypes[3] = {REGCLASSOID, TEXTOID, TIMESTAMPTZOID};
		Datum		args[3] = {ObjectIdGetDatum(m->relid), CStringGetTextDatum(n->key),
		TimestampTzGetDatum(ev)};

		slm_keep_plan(&pause_plan,
					 "UPDATE slm.clocks c SET paused_since = greatest(c.started_at, $3), state = 'paused' "
					 "WHERE c.tbl OPERATOR(pg_catalog.=) $1 AND c.ticket OPERATOR(pg_catalog.=) $2 "
					 "AND c.removed_at IS NULL AND c.kind OPERATOR(pg_catalog.<>) 'UC' AND c.paused_since IS NULL "
					 "AND c.stopped_at IS NULL AND c.cancelled_at IS NULL",
					 3, argtypes);
		if (SPI_execute_plan(pause_plan, args, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not pause clocks");
		SPI_finish();
		return true;
	}

	/* a wait ends: compute every resumed clock before writing any */
	count = read_paused_clocks(m->relid, n->key, &clocks);
	resumed = palloc0(sizeof(Resumed) * (count + 1));
	for (int i = 0; i < count; i++)
		if (!resume_clock(&clocks[i], ev, &resumed[i]))
		{
			SPI_finish();
			return false;
		}
	for (int first = 0; first < count; first += RESUME_BATCH)
	{
		int			k = Min(count - first, RESUME_BATCH);
		Datum		v[RESUME_BATCH * RESUME_VALUES];
		char		nulls[RESUME_BATCH * RESUME_VALUES];

		memset(nulls, ' ', sizeof(nulls));
		for (int i = 0; i < k; i++)
		{
			const Resumed *r = &resumed[first + i];
			Datum	   *rv = &v[i * RESUME_VALUES];

			rv[0] = Int64GetDatum(clocks[first + i].id);
			rv[1] = MultirangeTypePGetDatum(r->pauses);
			rv[2] = IntervalPGetDatum(slm_interval_usecs(r->sched.goal_time));
			if (!r->sched.has_goal_time)
				nulls[i * RESUME_VALUES + 2] = 'n';
			rv[3] = IntervalPGetDatum(slm_interval_usecs(r->sched.paused_time));
			rv[4] = TimestampTzGetDatum(r->sched.warn_from);
			rv[5] = TimestampTzGetDatum(r->sched.due_at);
			rv[6] = DateADTGetDatum(r->due_date);
		}
		if (SPI_execute_plan(resume_plan_for(k), v, nulls, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not resume clocks");
	}
	SPI_finish();
	return true;
}

/* ---------------------------------------------------------------------
 * The trigger
 * ---------------------------------------------------------------------
 */

/*
 * The mapping of the tracked table a row belongs to: its own, or for a
 * partition (where the trigger fires, cloned from the partitioned table
 * that slm.attach was given) that of its nearest tracked ancestor, whose
 * oid the clocks carry.  NULL when none is tracked.
 */
static const SlmTrackedTable *
tracked_table_of(Relation rel)
{
	const SlmTrackedTable *m = slm_model_tracked_table(RelationGetRelid(rel));

	if (m == NULL && rel->rd_rel->relispartition)
	{
		ListCell   *lc;

		foreach(lc, get_partition_ancestors(RelationGetRelid(rel)))
		{
			if ((m = slm_model_tracked_table(lfirst_oid(lc))) != NULL)
				break;
		}
	}
	return m;
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
	const SlmTrackedTable *m;
	Ticket		o,
				n;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("slm.track() must be called as an AFTER trigger"),
				 errhint("slm.attach creates it.")));
	rel = td->tg_relation;

	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
	{
		track_in_sql(rel, "TRUNCATE", NULL, NULL);
		return PointerGetDatum(NULL);
	}
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		return PointerGetDatum(NULL);
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
#if PG_VERSION_NUM >= 140000
		if (slm_fast_tracking && slm_model_ready())
		{
			m = tracked_table_of(rel);
			if (m == NULL)
				return PointerGetDatum(NULL);	/* detached */
			if (read_ticket(m, RelationGetDescr(rel), td->tg_trigtuple, &o) && delete_directly(m, o.key))
			{
				changes_in_c++;
				return PointerGetDatum(NULL);
			}
		}
#endif
		track_in_sql(rel, "DELETE", td->tg_trigtuple, NULL);
		return PointerGetDatum(NULL);
	}

	if (slm_fast_tracking && slm_model_ready())
	{
		m = tracked_table_of(rel);
		if (m == NULL)
			return PointerGetDatum(NULL);	/* detached */
		if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		{
			if (read_ticket(m, RelationGetDescr(rel), td->tg_trigtuple, &n) && insert_in_c(rel, m, &n))
			{
				changes_in_c++;
				return PointerGetDatum(NULL);
			}
		}
		else if (read_ticket(m, RelationGetDescr(rel), td->tg_trigtuple, &o) &&
				 read_ticket(m, RelationGetDescr(rel), td->tg_newtuple, &n) &&
				 update_in_c(rel, m, &o, &n))
		{
			changes_in_c++;
			return PointerGetDatum(NULL);
		}
	}

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		track_in_sql(rel, "INSERT", NULL, td->tg_trigtuple);
	else
		track_in_sql(rel, "UPDATE", td->tg_trigtuple, td->tg_newtuple);
	return PointerGetDatum(NULL);
}

/*
 * slm_tracking_stats - the changes of tracked tables this backend has
 * taken in C and in SQL
 */
PG_FUNCTION_INFO_V1(slm_tracking_stats);
Datum
slm_tracking_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int64GetDatum(changes_in_c);
	values[1] = Int64GetDatum(changes_in_sql);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ---------------------------------------------------------------------
 * New tickets' clocks for slm.rebuild
 * ---------------------------------------------------------------------
 */

/* The fields of slm.ticket, in order, and the roles they fill. */
static const SlmRole ticket_type_roles[] = {
	SLM_ROLE_OPENED_AT, SLM_ROLE_PRIORITY, SLM_ROLE_CUSTOMER, SLM_ROLE_SERVICE, SLM_ROLE_STATUS,
	SLM_ROLE_STATUS_CHANGED_AT, SLM_ROLE_RESPONDED_AT, SLM_ROLE_RESOLVED_AT, SLM_ROLE_ASSIGNMENT_GROUP,
	SLM_ROLE_SUPPLIER, SLM_ROLE_ASSIGNEE, SLM_ROLE_SATISFACTION, SLM_ROLE_CHANGED_AT
};

static void
ticket_from_composite(HeapTupleHeader row, Ticket *t)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	HeapTupleData tuple;

	slm_composite_tuple(row, &tuple);
	memset(t, 0, sizeof(*t));	/* a role left NULL has no text */
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		t->isnull[r] = true;
	for (int i = 0; i < (int) lengthof(ticket_type_roles) && i < desc->natts; i++)
	{
		SlmRole		r = ticket_type_roles[i];
		bool		isnull;
		Datum		d = heap_getattr(&tuple, i + 1, desc, &isnull);

		t->isnull[r] = isnull;
		if (isnull)
			continue;
		switch (r)
		{
			case SLM_ROLE_OPENED_AT:
			case SLM_ROLE_STATUS_CHANGED_AT:
			case SLM_ROLE_RESPONDED_AT:
			case SLM_ROLE_RESOLVED_AT:
			case SLM_ROLE_CHANGED_AT:
				set_ticket_time(t, r, DatumGetTimestampTz(d));
				break;
			case SLM_ROLE_PRIORITY:
				t->priority = DatumGetInt32(d);
				break;
			case SLM_ROLE_SATISFACTION:
				t->satisfaction = datumCopy(d, false, -1);
				break;
			default:
				t->text[r] = TextDatumGetCString(d);
				break;
		}
	}
	ReleaseTupleDesc(desc);
}

/*
 * slm_change_time - when a change of a ticket happened, by its values
 * (slm.ticket) after the change: the rule of change_time, for the SQL path
 */
PG_FUNCTION_INFO_V1(slm_change_time);
Datum
slm_change_time(PG_FUNCTION_ARGS)
{
	Ticket		t;

	ticket_from_composite(PG_GETARG_HEAPTUPLEHEADER(0), &t);
	PG_RETURN_TIMESTAMPTZ(change_time(&t));
}

/*
 * slm_resync_ticket - bring a ticket's clocks up to date with its values
 * (slm.ticket) in C, as slm.sync_clocks does for slm.rebuild; false, having
 * written nothing, when the SQL path must (slm.fast_tracking off, a ticket
 * without clocks, a value this path cannot compute)
 */
PG_FUNCTION_INFO_V1(slm_resync_ticket);
Datum
slm_resync_ticket(PG_FUNCTION_ARGS)
{
#if PG_VERSION_NUM >= 140000
	const SlmTrackedTable *m;
	Ticket		t;

	/*
	 * It writes slm.clocks without statements, so it checks the caller's
	 * rights as the statements would; a caller without them gets the SQL
	 * path and its permission error.
	 */
	if (!slm_fast_tracking || !slm_model_ready() || !OidIsValid(clocks_relid()) ||
		pg_class_aclcheck(clocks_relid(), GetUserId(), ACL_UPDATE) != ACLCHECK_OK ||
		pg_class_aclcheck(clocks_relid(), GetUserId(), ACL_INSERT) != ACLCHECK_OK ||
		(m = slm_model_tracked_table(PG_GETARG_OID(0))) == NULL)
		PG_RETURN_BOOL(false);
	ticket_from_composite(PG_GETARG_HEAPTUPLEHEADER(2), &t);
	t.key = text_to_cstring(PG_GETARG_TEXT_PP(1));
	t.isnull[SLM_ROLE_KEY] = false;
	PG_RETURN_BOOL(sync_directly(NULL, m, &t, &t, true));
#else
	PG_RETURN_BOOL(false);
#endif
}

typedef struct NewClocksState
{
	const SlmTrackedTable *m;
	Ticket		t;
	NewClock	clocks[4];
	int			n;
} NewClocksState;

/*
 * slm_new_clocks - the clocks of a ticket that has none, as the trigger
 * makes them: for slm.rebuild, which inserts them in one statement.  No
 * rows when this path cannot compute them (rebuild's SQL pass then does).
 */
PG_FUNCTION_INFO_V1(slm_new_clocks);
Datum
slm_new_clocks(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	NewClocksState *state;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		state = palloc0(sizeof(NewClocksState));
		funcctx->user_fctx = state;
		if (slm_model_ready() && (state->m = slm_model_tracked_table(PG_GETARG_OID(0))) != NULL)
		{
			ticket_from_composite(PG_GETARG_HEAPTUPLEHEADER(2), &state->t);
			state->t.key = text_to_cstring(PG_GETARG_TEXT_PP(1));
			state->n = plan_new_clocks(state->m, &state->t, state->clocks);
		}
		funcctx->max_calls = Max(state->n, 0);
		MemoryContextSwitchTo(old);
	}

	funcctx = SRF_PERCALL_SETUP();
	state = (NewClocksState *) funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		Datum		v[CLOCK_VALUES];
		char		cn[CLOCK_VALUES];
		bool		nulls[CLOCK_VALUES];

		new_clock_values(state->m, &state->t, &state->clocks[funcctx->call_cntr], v, cn);
		for (int i = 0; i < CLOCK_VALUES; i++)
			nulls[i] = (cn[i] == 'n');
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, v, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
