/*-------------------------------------------------------------------------
 *
 * history_load.c
 *	  slm.load_history: a tracked table's clocks computed from a history of
 *	  its tickets, as live tracking would have computed them had the same
 *	  changes been written to the table one by one in time order.
 *
 * The history is a query (or a table or view) the user names, in one of
 * the two shapes ticket systems' logs have:
 *
 * - snapshots: one row per change, with the ticket table's mapped columns
 *	 as they were after it (ServiceNow's exported event logs);
 * - field changes: one row per changed field, (ticket, at, field,
 *	 old_value, new_value), as sys_audit, changeitem, histories,
 *	 journal_details and glpi_logs keep them; the caller's `fields` maps
 *	 the field names to slm's roles or the table's columns.  The ticket's
 *	 current row is the starting point: walked back by the first old value
 *	 of each field, it gives the ticket as it was opened, and the changes
 *	 then make the snapshots (play_field_changes says how).
 *
 * Either way, each ticket's snapshots are played in order through the same
 * reading (ticket_row.c) and the same rules (src/engine/clock_rules.c) as
 * the trigger, in memory, the first as a new row and each later one as an
 * update of the one before; then the ticket's live clocks are replaced by
 * the result: a second load gives the same clocks, and tickets the history
 * does not name keep theirs.  A first response kept in another table (the
 * responses option) is applied at its own time, as the trigger on that
 * table applies it.
 *
 * Bad rows (an unknown ticket, a change before the ticket's opening, a
 * value its column's type cannot read, a field that maps to nothing) are
 * named with the ticket and the row, counted, and skipped or refused as
 * the caller asks.  It is one statement: an error, a refusal or a cancel
 * leaves no clock half-written.
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

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "base.h"
#include "tracking.h"

#define HISTORY_BATCH 1000
#define PROGRESS_EVERY 100000	/* tickets between progress NOTICEs */
#define BAD_ROWS_NAMED 20		/* bad rows a refusal names, or WARNINGs name one by one */

/* A field of a field-changes history and the ticket table's column it changes. */
typedef struct MappedField
{
	char	   *field;
	char	   *column;			/* NULL for the teams */
	AttrNumber	attnum;			/* in the ticket rows read, once read */
	bool		teams;			/* the teams holding the ticket (group_links): old_value leaves, new_value joins */
} MappedField;

/* One row of a field-changes history. */
typedef struct FieldChange
{
	char	   *field_name;
	Datum		seq;			/* its ordered_by value: rows that share it and the time are one change */
	bool		seq_null;
	Datum		at;				/* of the changed_at column's type */
	slm_time	when;
	int			field;			/* index into Loader.fields; -1: maps to nothing */
	char	   *old_text;
	char	   *new_text;
	Datum		old_value;
	Datum		new_value;
	bool		bad;
} FieldChange;

/* What a load keeps from start to end. */
typedef struct Loader
{
	const SlmTrackedTable *m;
	ClockStore	st;
	SPIPlanPtr	delete_one;
	SPIPlanPtr	delete_removed;
	SPIPlanPtr	find_ticket;	/* the ticket's current row by its key, without key_index */
	Relation	key_index;		/* a unique btree index on the key alone, if any */
	IndexScanDesc key_scan;
	TupleTableSlot *key_slot;
	RegProcedure key_eq;
	MemoryContext key_scan_cxt;	/* the scan's: btree allocates as it goes, and frees at its end */
	Oid			key_type;
	SlmRelatedRows *related;	/* first responses kept elsewhere; NULL: none */
	bool		skip_bad;
	int64		loaded;
	int64		failed;
	int64		nbad;
	StringInfoData refused;		/* the bad rows a refusal names */
	/* field changes */
	MappedField *fields;
	int			nfields;
	Form_pg_attribute seq_att;	/* the type of the history's ordered_by column */
	TupleDesc	row_desc;		/* of the ticket rows read (the table's, or the query's without key_index) */
	Oid			at_type;
} Loader;

/* The ticket being played: its clocks so far and its last snapshot. */
typedef struct Played
{
	bool		active;
	bool		unknown;		/* not in the ticket table: its rows are bad */
	char	   *key;
	TicketClocks tc;			/* its live clocks */
	TicketClocks removed;		/* clocks a cancellation removed, written with the live ones */
	Ticket		last;
	bool		played;			/* a snapshot was played */
	slm_time	opened;			/* its opening (the current row's, or the first snapshot's) */
	bool		has_response;	/* a first response kept in another table */
	slm_time	response;
	bool		response_played;
	char	  **groups;			/* teams linked in another table (group_links), as they are now */
	int			ngroups;
	const char *problem;		/* set: the rules could not compute a change */
} Played;

/*
 * A bad row: named in a WARNING and skipped, or kept for the refusal at
 * the end (after which nothing more is written).
 */
static void
bad_row(Loader *L, const char *key, const char *row, const char *problem)
{
	L->nbad++;
	if (L->nbad > BAD_ROWS_NAMED)
		return;
	if (L->skip_bad)
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("slm skipped a row of the history of %s: %s", slm_relation_name(L->m->relid), problem),
				 errdetail("Ticket %s, %s.", key != NULL ? key : "(none)", row)));
	else
		appendStringInfo(&L->refused, "%sticket %s, %s: %s", L->nbad > 1 ? "\n" : "",
						 key != NULL ? key : "(none)", row, problem);
}

/*
 * Replace a ticket's live clocks by the played ones; false when it could
 * not be played.  A live clock of the same kind, metric and cycle as a
 * played one is updated in place (mostly a HOT update: a delete and an
 * insert would write every index), a played one without is inserted, and
 * a live one without is deleted.
 */
static bool
finish_ticket(Loader *L, Played *p)
{
	const SlmTrackedTable *m = L->m;
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
	slm_read_ticket_clocks(&L->st, m->relid, p->key, &live);
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

			if (SPI_execute_plan(L->delete_one, &arg, NULL, false, 0) != SPI_OK_DELETE)
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
	if (slm_ticket_may_have_removed_clocks(&L->st, m->relid, p->key) &&
		SPI_execute_plan(L->delete_removed, args, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not replace the clocks of ticket %s", p->key);
	slm_write_ticket_clocks(&L->st, m->relid, &p->removed);
	slm_write_ticket_clocks(&L->st, m->relid, &live);
	slm_free_ticket_clocks(&live);
	return true;
}

static void play_rest(const SlmTrackedTable *m, Played *p);

/* The ticket before is done: write it (unless bad rows are refused), and count it. */
static void
end_ticket(Loader *L, Played *p)
{
	if (!p->active)
		return;
	play_rest(L->m, p);
	if (!p->unknown && p->played && (L->skip_bad || L->nbad == 0))
	{
		if (finish_ticket(L, p))
			L->loaded++;
		else
			L->failed++;
	}
	slm_free_ticket_clocks(&p->tc);
	slm_free_ticket_clocks(&p->removed);
	p->active = false;
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

/* Play one change of the ticket: from p->last to t (t new when first). */
static void
play_change(const SlmTrackedTable *m, Played *p, const Ticket *t, bool first)
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
	p->played = true;
}

/*
 * A first response kept in another table is applied when its row was
 * written, as the trigger on that table applies it: the ticket as it was
 * then, with the response.
 */
static void
play_response(const SlmTrackedTable *m, Played *p)
{
	Ticket		t = p->last;

	t.responded_at = p->response;
	t.isnull[SLM_ROLE_RESPONDED_AT] = false;
	play_change(m, p, &t, false);
	p->response_played = true;
}

/*
 * Play one snapshot of the ticket being played (or of a new one); a first
 * response kept elsewhere is played before it when it came first, and
 * the snapshot has it from then on.
 */
static void
play_snapshot(const SlmTrackedTable *m, Played *p, Ticket *t, bool first)
{
	if (m->group_links_query != NULL)
	{
		t->groups = p->groups;
		t->ngroups = p->ngroups;
	}
	if (p->has_response)
	{
		slm_time	at = slm_ticket_change_time(t, GetCurrentStatementStartTimestamp());

		if (!first && !p->response_played && p->response < at)
			play_response(m, p);
		t->isnull[SLM_ROLE_RESPONDED_AT] = p->response > at;
		t->responded_at = p->response;
		p->response_played = p->response <= at;
	}
	play_change(m, p, t, first);
}

/* Start playing a ticket: its first response kept elsewhere, if any. */
static void
start_ticket(Loader *L, Played *p, const char *key)
{
	memset(p, 0, sizeof(*p));
	p->active = true;
	p->key = pstrdup(key);
	p->opened = SLM_TIME_NOEND;
	slm_clock_set_init(&p->tc.set, slm_current_allocator());
	slm_clock_set_init(&p->removed.set, slm_current_allocator());
	if (L->related != NULL)
	{
		Ticket		probe;

		memset(&probe, 0, sizeof(probe));
		probe.key = p->key;
		probe.isnull[SLM_ROLE_RESPONDED_AT] = true;
		slm_set_related_rows(L->m, L->related, &probe);
		p->has_response = L->m->responses_query != NULL && !probe.isnull[SLM_ROLE_RESPONDED_AT];
		p->response = probe.responded_at;
		p->groups = probe.groups;
		p->ngroups = probe.ngroups;
	}
}

/* The last snapshot is played: a first response kept elsewhere that came later follows it. */
static void
play_rest(const SlmTrackedTable *m, Played *p)
{
	if (p->played && p->problem == NULL && p->has_response && !p->response_played)
		play_response(m, p);
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
 * The history must have the columns its shape asks for and the one that
 * orders it: one error names all that are missing.
 */
static void
check_history_columns(Loader *L, const char *source, const char *ordered_by)
{
	static const char *const change_columns[] = {"ticket", "at", "field", "old_value", "new_value"};
	const SlmTrackedTable *m = L->m;
	StringInfoData missing;
	TupleDesc	desc;
	int			nmissing = 0;
	int			ncolumns = L->fields != NULL ? lengthof(change_columns) : SLM_NUM_ROLES;

	if (SPI_execute(psprintf("SELECT * FROM %s AS h LIMIT 0", source), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the history");
	desc = SPI_tuptable->tupdesc;
	initStringInfo(&missing);
	for (int r = 0; r <= ncolumns; r++)
	{
		const char *column = r == ncolumns ? ordered_by : L->fields != NULL ? change_columns[r] : m->column[r];

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
				 L->fields != NULL
				 ? errhint("A history of field changes has a row per changed field, with the columns ticket, at, "
						   "field, old_value and new_value, and the column that orders the changes.")
				 : errhint("A history of snapshots has a row per change with the ticket table's mapped columns, "
						   "named as there, and the column that orders the changes.")));
	SPI_freetuptable(SPI_tuptable);
}

/*
 * The fields a history of field changes names, and the columns they
 * change: a value of `fields` is a role (as slm.attach names them) or a
 * column of the ticket table.  One error names every value that is
 * neither; the key, the opening and changed_at (which each change sets)
 * cannot be changed.
 */
static void
read_field_map(Loader *L, Jsonb *fields, Relation tickets)
{
	const SlmTrackedTable *m = L->m;
	StringInfoData wrong;
	int			nwrong = 0;
	Datum		arg = JsonbPGetDatum(fields);

	if (SPI_execute_with_args("SELECT f.key, f.value FROM pg_catalog.jsonb_each_text($1) f ORDER BY 1", 1,
							  (Oid[]) {JSONBOID}, &arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read fields");
	L->nfields = (int) SPI_processed;
	L->fields = palloc0(sizeof(MappedField) * Max(L->nfields, 1));
	initStringInfo(&wrong);
	for (int i = 0; i < L->nfields; i++)
	{
		MappedField *f = &L->fields[i];
		char	   *target = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		int			r = target != NULL ? slm_role_number(target) : -1;

		f->field = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		f->column = r >= 0 ? m->column[r] : target;
		if (target != NULL && strcmp(target, "group_links") == 0 && m->group_links_query != NULL)
		{
			f->teams = true;
			f->column = NULL;
			continue;
		}
		if (r == SLM_ROLE_KEY || r == SLM_ROLE_OPENED_AT || r == SLM_ROLE_CHANGED_AT ||
			(f->column != NULL && m->column[SLM_ROLE_KEY] != NULL && strcmp(f->column, m->column[SLM_ROLE_KEY]) == 0) ||
			(f->column != NULL && m->column[SLM_ROLE_CHANGED_AT] != NULL &&
			 strcmp(f->column, m->column[SLM_ROLE_CHANGED_AT]) == 0) ||
			f->column == NULL || slm_column_attnum(RelationGetDescr(tickets), f->column) == InvalidAttrNumber)
		{
			appendStringInfo(&wrong, "%s\"%s\": %s", nwrong > 0 ? ", " : "", f->field,
							 target == NULL ? "null" : quote_literal_cstr(target));
			nwrong++;
		}
	}
	SPI_freetuptable(SPI_tuptable);
	if (L->nfields == 0 || nwrong > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 nwrong > 0
				 ? errmsg("fields maps %s to no column %s can change", wrong.data, slm_relation_name(m->relid))
				 : errmsg("fields maps no field of the history"),
				 errhint("fields is an object of the history's field names and the roles (status, priority, "
						 "assignment_group, ...) or columns of %s they change, or group_links for the teams its "
						 "group_links query names; the key, the opening and changed_at are not changed by a field.",
						 slm_relation_name(m->relid))));
}

/* The text of a value by its type's output function. */
static char *
value_text(Oid type, Datum d, bool isnull)
{
	Oid			out;
	bool		varlena;

	if (isnull)
		return "null";
	getTypeOutputInfo(type, &out, &varlena);
	return OidOutputFunctionCall(out, d);
}

/* How a bad row names a field change (made only for a report). */
static char *
change_row(Loader *L, const FieldChange *c)
{
	return psprintf("%s %s, at %s, field %s: %s -> %s", NameStr(L->seq_att->attname),
					value_text(L->seq_att->atttypid, c->seq, c->seq_null), value_text(L->at_type, c->at, false),
					c->field_name != NULL ? c->field_name : "null",
					c->old_text != NULL ? quote_literal_cstr(c->old_text) : "null",
					c->new_text != NULL ? quote_literal_cstr(c->new_text) : "null");
}

/* Whether two rows of a ticket share the ordered_by value (and so are one change when they share the time). */
static bool
same_seq(Loader *L, const FieldChange *a, const FieldChange *b)
{
	if (a->seq_null || b->seq_null)
		return a->seq_null && b->seq_null;
	return datum_image_eq(a->seq, b->seq, L->seq_att->attbyval, L->seq_att->attlen);
}

/* A key's text read as the key column's type, for the look-up of the current row. */
static Datum
key_datum(Loader *L, const char *key)
{
	Oid			input;
	Oid			ioparam;

	getTypeInputInfo(L->key_type, &input, &ioparam);
	return OidInputFunctionCall(input, unconstify(char *, key), ioparam, -1);
}

/* read_values' arguments, for slm_try_in_subtransaction */
typedef struct ValueReading
{
	Loader	   *L;
	FieldChange *c;
	int			n;
	int			only;			/* -1: the key and every value; n: the key; else that value */
	const char *key;
	Datum	   *keyd;
} ValueReading;

static void
read_values_now(void *arg)
{
	ValueReading *r = (ValueReading *) arg;

	if (r->only < 0 || r->only == r->n)
		*r->keyd = key_datum(r->L, r->key);
	for (int i = 0; i < r->n; i++)
	{
		FieldChange *c = &r->c[i];
		Form_pg_attribute att;
		Oid			input;
		Oid			ioparam;

		if ((r->only >= 0 && i != r->only) || c->bad || c->field < 0 || r->L->fields[c->field].teams)
			continue;
		att = TupleDescAttr(r->L->row_desc, r->L->fields[c->field].attnum - 1);
		getTypeInputInfo(att->atttypid, &input, &ioparam);
		if (c->old_text != NULL)
			c->old_value = OidInputFunctionCall(input, c->old_text, ioparam, att->atttypmod);
		if (c->new_text != NULL)
			c->new_value = OidInputFunctionCall(input, c->new_text, ioparam, att->atttypmod);
	}
}

/*
 * Read a ticket's key and values by their columns' types (into the
 * current memory context), in a subtransaction, so that one its type
 * cannot read is a bad row rather than an error: first all at once, and
 * only when one fails each on its own to find which (only: -1 all, n the
 * key, else that value).  Returns NULL, or the message of what failed.
 */
static const char *
read_values(Loader *L, FieldChange *c, int n, const char *key, Datum *keyd, int only)
{
	ValueReading r = {L, c, n, only, key, keyd};
	ErrorData  *e = slm_try_in_subtransaction(read_values_now, &r);

	return e != NULL ? e->message : NULL;
}

/* A datum of a time column's type (timestamptz, or timestamp in the local zone) for an instant. */
static Datum
time_datum(const SlmTrackedTable *m, Oid type, slm_time t)
{
	if (type == TIMESTAMPOID)
		return DirectFunctionCall2(timestamptz_zone, m->local_zone_text, TimestampTzGetDatum(t));
	return TimestampTzGetDatum(t);
}

/* The attribute number of a role's column in the rows read; 0 when it has none. */
static AttrNumber
role_attnum(Loader *L, int r)
{
	return L->m->column[r] != NULL ? slm_column_attnum(L->row_desc, L->m->column[r]) : InvalidAttrNumber;
}

/*
 * A time column the history does not carry (a reply or close time) and
 * the instant its current value names: it was set then, by a change of
 * its own when no other change came at that instant.
 */
typedef struct HeldTime
{
	AttrNumber	attnum;
	slm_time	at;				/* SLM_TIME_NOEND: null now, so null throughout */
} HeldTime;

/* Form, read and play one snapshot of the ticket's values; false when it cannot be read (p->problem says why). */
static bool
play_values(Loader *L, Played *p, Datum *values, bool *nulls, bool first)
{
	HeapTuple	snapshot = heap_form_tuple(L->row_desc, values, nulls);
	Ticket		t;
	const char *problem = slm_read_ticket(L->m, L->row_desc, snapshot, first ? NULL : &p->last, false, &t);

	if (problem != NULL)
	{
		if (p->problem == NULL)
			p->problem = problem;
		p->played = true;
		return false;
	}
	play_snapshot(L->m, p, &t, first);
	return true;
}

/*
 * The held time columns set before a change at when and after the last
 * snapshot: each at its own instant, the earliest first, as the write
 * that set it was a change of its own.
 */
static bool
play_held_times(Loader *L, Played *p, Datum *values, bool *nulls, const HeldTime *held, int nheld,
				AttrNumber a_changed, slm_time when)
{
	for (;;)
	{
		slm_time	at = SLM_TIME_NOEND;

		for (int h = 0; h < nheld; h++)
			if (nulls[held[h].attnum - 1] && held[h].at < when && held[h].at < at)
				at = held[h].at;
		if (at == SLM_TIME_NOEND)
			return true;
		for (int h = 0; h < nheld; h++)
			nulls[held[h].attnum - 1] = held[h].at > at;
		values[a_changed - 1] = time_datum(L->m, TupleDescAttr(L->row_desc, a_changed - 1)->atttypid, at);
		nulls[a_changed - 1] = false;
		if (!play_values(L, p, values, nulls, false))
			return false;
	}
}

/*
 * The ticket table's key index opened, and the function its equality
 * operator calls; InvalidOid (and the index closed) when it has none (a
 * unique index that is not a btree).
 */
static RegProcedure
key_equality(Oid indexid, Relation *index)
{
	Relation	r = index_open(indexid, AccessShareLock);
	Oid			op = r->rd_rel->relam != BTREE_AM_OID ? InvalidOid
		: get_opfamily_member(r->rd_opfamily[0], r->rd_opcintype[0], r->rd_opcintype[0], BTEqualStrategyNumber);

	if (!OidIsValid(op))
	{
		index_close(r, AccessShareLock);
		return InvalidOid;
	}
	*index = r;
	return get_opcode(op);
}

/*
 * How a history of field changes reads each ticket's current row: through
 * the key's unique index (a query per ticket costs a third of a load),
 * else (a partitioned table, whose index cannot be scanned itself) by a
 * prepared query.  row_desc is the rows' descriptor.
 */
static void
open_current_rows(Loader *L, Relation tickets)
{
	Oid			key_index = tickets->rd_rel->relkind == RELKIND_RELATION
		? slm_ticket_key_index(tickets, L->m) : InvalidOid;

	if (OidIsValid(key_index) && (L->key_eq = key_equality(key_index, &L->key_index)) != InvalidOid)
	{
		L->row_desc = CreateTupleDescCopy(RelationGetDescr(tickets));
		L->key_scan_cxt = CurrentMemoryContext;
		L->key_slot = table_slot_create(tickets, NULL);
		L->key_scan = index_beginscan(tickets, L->key_index, GetActiveSnapshot(), 1, 0);
		return;
	}
	L->find_ticket = SPI_prepare(psprintf("SELECT * FROM %s AS t WHERE t.%s = $1", slm_relation_name(L->m->relid),
										  quote_identifier(L->m->column[SLM_ROLE_KEY])),
								 1, &L->key_type);
	if (L->find_ticket == NULL ||
		SPI_execute(psprintf("SELECT * FROM %s LIMIT 0", slm_relation_name(L->m->relid)), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read %s", slm_relation_name(L->m->relid));
	L->row_desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
	SPI_freetuptable(SPI_tuptable);
}

/* A ticket's current row, by its key read as the key column's type; NULL when the table has none. */
static HeapTuple
read_current_row(Loader *L, Datum key)
{
	HeapTuple	row = NULL;

	if (L->key_index != NULL)
	{
		ScanKeyData skey;
		MemoryContext cxt = MemoryContextSwitchTo(L->key_scan_cxt);
		bool		found;

		ScanKeyEntryInitialize(&skey, 0, 1, BTEqualStrategyNumber, InvalidOid,
							   L->key_index->rd_indcollation[0], L->key_eq, key);
		index_rescan(L->key_scan, &skey, 1, NULL, 0);
		found = index_getnext_slot(L->key_scan, ForwardScanDirection, L->key_slot);
		MemoryContextSwitchTo(cxt);
		return found ? ExecCopySlotHeapTuple(L->key_slot) : NULL;
	}
	if (SPI_execute_plan(L->find_ticket, &key, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read a ticket of %s", slm_relation_name(L->m->relid));
	if (SPI_processed > 0)
		row = heap_copytuple(SPI_tuptable->vals[0]);
	SPI_freetuptable(SPI_tuptable);
	return row;
}

/*
 * The teams holding the ticket being played change: one leaves, one joins
 * (either may be NULL).  A new array each time: the ticket as played
 * before keeps the teams it had, so that the change is seen as a hand-off.
 */
static void
change_teams(Played *p, const char *leaves, const char *joins)
{
	char	  **teams = palloc(sizeof(char *) * (p->ngroups + 1));
	int			n = 0;

	for (int i = 0; i < p->ngroups; i++)
		if (leaves == NULL || strcmp(p->groups[i], leaves) != 0)
			teams[n++] = p->groups[i];
	if (joins != NULL)
	{
		int			i;

		for (i = 0; i < n && strcmp(teams[i], joins) != 0; i++)
			;
		if (i == n)
			teams[n++] = pstrdup(joins);
	}
	p->groups = teams;
	p->ngroups = n;
}

/*
 * Play a ticket from its field changes (in the order of time, then of the
 * log) and its current row:
 * - the ticket as opened is the current row with each changed column at
 *	 the first old value the history gives it, at the opening;
 * - each change sets its column to the new value and the changed_at column
 *	 to its time; rows of one instant that share the ordered_by value (a
 *	 Redmine journal, a Jira change group) are one change of the row,
 *	 others are changes of their own, in the log's order (a resolution
 *	 and a reopening at one instant are two changes, as the trigger saw
 *	 them), and so is a row that changes a column its change already did;
 * - a status_changed_at column the history does not change takes the time
 *	 of each status change; a responded_at, resolved_at,
 *	 customer_message_at or agent_reply_at column it does not change is
 *	 null until the instant its current value names, and set
 *	 then, with the change of that instant or by a change of its own (so
 *	 when a reply came at the instant of another change, the history cannot
 *	 say which came first, and they are taken as one);
 * - the teams holding the ticket (a field mapped to group_links) are
 *	 today's group links with each change undone, and change with it;
 * - last, the current row itself, which may hold what the history does
 *	 not (a reply time, a close), with today's teams.
 */
static void
play_field_changes(Loader *L, Played *p, FieldChange *c, int n)
{
	const SlmTrackedTable *m = L->m;
	HeapTuple	current;
	Ticket		now_t;
	Ticket		t;
	Datum	   *values;
	bool	   *nulls;
	bool	   *final_nulls;
	bool	   *carried;
	Datum		keyd;
	const char *problem;
	const char *read_problem;
	int			natts;
	AttrNumber	a_changed,
				a_status,
				a_status_at;
	/* the times below that hold until their instant */
	static const SlmRole held_roles[] = {SLM_ROLE_RESPONDED_AT, SLM_ROLE_RESOLVED_AT,
		SLM_ROLE_CUSTOMER_MESSAGE_AT, SLM_ROLE_AGENT_REPLY_AT};
	HeldTime	held[lengthof(held_roles)];
	int			nheld = 0;
	char	  **current_teams;
	int			current_nteams;

	/* the values by their columns' types; the key to find the current row by */
	if (read_values(L, c, n, p->key, &keyd, -1) != NULL)
	{
		if ((problem = read_values(L, c, n, p->key, &keyd, n)) != NULL)
		{
			for (int i = 0; i < n; i++)
				if (!c[i].bad)
					bad_row(L, p->key, change_row(L, &c[i]), psprintf("the key cannot be read: %s", problem));
			p->unknown = true;
			return;
		}
		for (int i = 0; i < n; i++)
			if (!c[i].bad && c[i].field >= 0 && !L->fields[c[i].field].teams &&
				(problem = read_values(L, c, n, p->key, &keyd, i)) != NULL)
			{
				bad_row(L, p->key, change_row(L, &c[i]), problem);
				c[i].bad = true;
			}
	}
	if ((current = read_current_row(L, keyd)) == NULL)
	{
		for (int i = 0; i < n; i++)
			if (!c[i].bad)
				bad_row(L, p->key, change_row(L, &c[i]), psprintf("%s has no such ticket", slm_relation_name(m->relid)));
		p->unknown = true;
		return;
	}
	for (int i = 0; i < n; i++)
		if (!c[i].bad && c[i].field < 0)
		{
			bad_row(L, p->key, change_row(L, &c[i]), "its field maps to nothing (it is not in fields)");
			c[i].bad = true;
		}

	/* the ticket as it is now: its opening, and the values the history walks back from */
	if ((read_problem = slm_read_ticket(m, L->row_desc, current, NULL, true, &now_t)) != NULL)
	{
		p->problem = read_problem;
		p->played = true;
		return;
	}
	p->opened = now_t.isnull[SLM_ROLE_OPENED_AT] ? SLM_TIME_NOEND : now_t.opened_at;
	for (int i = 0; i < n; i++)
		if (!c[i].bad && c[i].when < p->opened)
		{
			bad_row(L, p->key, change_row(L, &c[i]), "it is before the ticket's opening");
			c[i].bad = true;
		}
	natts = L->row_desc->natts;
	values = palloc(sizeof(Datum) * natts);
	nulls = palloc(sizeof(bool) * natts);
	heap_deform_tuple(current, L->row_desc, values, nulls);
	final_nulls = palloc(sizeof(bool) * natts);
	memcpy(final_nulls, nulls, sizeof(bool) * natts);
	carried = palloc0(sizeof(bool) * (natts + 1));
	for (int i = 0; i < n; i++)
	{
		AttrNumber	a;

		if (c[i].bad || L->fields[c[i].field].teams)
			continue;
		a = L->fields[c[i].field].attnum;
		if (!carried[a])
		{
			carried[a] = true;
			values[a - 1] = c[i].old_value;
			nulls[a - 1] = c[i].old_text == NULL;
		}
	}
	a_changed = role_attnum(L, SLM_ROLE_CHANGED_AT);
	a_status = role_attnum(L, SLM_ROLE_STATUS);
	a_status_at = role_attnum(L, SLM_ROLE_STATUS_CHANGED_AT);
	if (a_status_at != InvalidAttrNumber && carried[a_status_at])
		a_status_at = InvalidAttrNumber;
	/* reply, close and message times the history does not carry */
	for (int h = 0; h < lengthof(held_roles); h++)
	{
		SlmRole		r = held_roles[h];
		AttrNumber	a = role_attnum(L, r);

		if (a == InvalidAttrNumber || carried[a])
			continue;
		held[nheld].attnum = a;
		held[nheld].at = final_nulls[a - 1] ? SLM_TIME_NOEND : *slm_ticket_time(&now_t, r);
		nheld++;
	}

	/* the teams as opened: today's, each change of them undone from the last */
	current_teams = p->groups;
	current_nteams = p->ngroups;
	for (int i = n - 1; i >= 0; i--)
		if (!c[i].bad && L->fields[c[i].field].teams)
			change_teams(p, c[i].new_text, c[i].old_text);

	/* the opening, then each change; i is the first row of the next change */
	for (int i = -1; i < n;)
	{
		slm_time	when = i < 0 ? p->opened : c[i].when;
		bool		first = i < 0;
		bool		status_changed = false;
		int			next = i + 1;

		if (!first && c[i].bad)
		{
			i++;
			continue;
		}
		if (!first && !play_held_times(L, p, values, nulls, held, nheld, a_changed, when))
			return;
		if (first)
		{
			values[a_changed - 1] = time_datum(m, TupleDescAttr(L->row_desc, a_changed - 1)->atttypid, when);
			nulls[a_changed - 1] = false;
		}
		else
		{
			bool	   *seen = palloc0(sizeof(bool) * (natts + 1));

			for (next = i; next < n && (c[next].bad || (c[next].when == when && same_seq(L, &c[next], &c[i])));
				 next++)
			{
				AttrNumber	a;

				if (c[next].bad)
					continue;
				if (L->fields[c[next].field].teams)
				{
					change_teams(p, c[next].old_text, c[next].new_text);
					continue;
				}
				a = L->fields[c[next].field].attnum;
				if (seen[a])
					break;
				seen[a] = true;
				status_changed |= a == a_status;
				values[a - 1] = c[next].new_value;
				nulls[a - 1] = c[next].new_text == NULL;
			}
			values[a_changed - 1] = c[i].at;
			nulls[a_changed - 1] = false;
		}
		if (a_status_at != InvalidAttrNumber && (first || status_changed))
		{
			values[a_status_at - 1] = time_datum(m, TupleDescAttr(L->row_desc, a_status_at - 1)->atttypid, when);
			nulls[a_status_at - 1] = false;
		}
		for (int h = 0; h < nheld; h++)
			nulls[held[h].attnum - 1] = held[h].at > when;
		if (!play_values(L, p, values, nulls, first))
			return;
		i = next;
	}
	/* the ticket as it is now */
	p->groups = current_teams;
	p->ngroups = current_nteams;
	if ((read_problem = slm_read_ticket(m, L->row_desc, current, &p->last, false, &t)) != NULL)
	{
		if (p->problem == NULL)
			p->problem = read_problem;
		return;
	}
	if (!play_held_times(L, p, values, nulls, held, nheld, a_changed, slm_ticket_change_time(&t, p->opened)))
		return;
	play_snapshot(m, p, &t, false);
}

/* A progress NOTICE every PROGRESS_EVERY tickets. */
static void
report_progress(Loader *L, instr_time started)
{
	instr_time	now;

	if (L->loaded == 0 || L->loaded % PROGRESS_EVERY != 0)
		return;
	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, started);
	ereport(NOTICE,
			(errmsg("slm loaded the history of " INT64_FORMAT " tickets of %s (%.0f a second)",
					L->loaded, slm_relation_name(L->m->relid),
					L->loaded / Max(INSTR_TIME_GET_DOUBLE(now), 0.001))));
}

/* The next rows of the history, HISTORY_BATCH at a time (free them); NULL at its end. */
static SPITupleTable *
next_batch(Portal portal, uint64 *n)
{
	SPI_cursor_fetch(portal, true, HISTORY_BATCH);
	*n = SPI_processed;
	return *n > 0 ? SPI_tuptable : NULL;
}

/* How a bad row names a snapshot: by its ordered_by value. */
static char *
snapshot_row(SPITupleTable *batch, uint64 i, const char *ordered_by)
{
	char	   *seq = SPI_getvalue(batch->vals[i], batch->tupdesc, slm_column_attnum(batch->tupdesc, ordered_by));

	return psprintf("%s %s", ordered_by, seq != NULL ? seq : "null");
}

/* Load a history of snapshots, read from the cursor (ordered by key, then the log). */
static void
load_snapshots(Loader *L, Portal portal, const char *ordered_by, MemoryContext per_ticket,
			   MemoryContext per_row, instr_time started)
{
	const SlmTrackedTable *m = L->m;
	MemoryContext caller = CurrentMemoryContext;
	Played		p;
	SPITupleTable *batch;
	uint64		nbatch;

	memset(&p, 0, sizeof(p));
	while ((batch = next_batch(portal, &nbatch)) != NULL)
	{
		for (uint64 i = 0; i < nbatch; i++)
		{
			Ticket		t;
			char	   *key;
			const char *problem;
			bool		first;

			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(per_row);
			MemoryContextSwitchTo(per_row);
			key = slm_column_text(batch->tupdesc, batch->vals[i], m->column[SLM_ROLE_KEY]);
			MemoryContextSwitchTo(caller);
			if (key == NULL)
			{
				bad_row(L, NULL, snapshot_row(batch, i, ordered_by), "it has no key");
				continue;
			}
			first = !p.active || strcmp(p.key, key) != 0;
			if (first)
			{
				bool		isnull;

				end_ticket(L, &p);
				report_progress(L, started);
				MemoryContextReset(per_ticket);
				MemoryContextSwitchTo(per_ticket);
				start_ticket(L, &p, key);
				/* the cursor's last column: whether the ticket table has the ticket */
				p.unknown = !DatumGetBool(SPI_getbinval(batch->vals[i], batch->tupdesc, batch->tupdesc->natts,
														&isnull)) || isnull;
			}
			MemoryContextSwitchTo(per_ticket);
			if (p.unknown)
				bad_row(L, key, snapshot_row(batch, i, ordered_by),
						psprintf("%s has no such ticket", slm_relation_name(m->relid)));
			/* each later snapshot an update of the one before (a resolution by status reads it) */
			else if ((problem = slm_read_ticket(m, batch->tupdesc, batch->vals[i], p.played ? &p.last : NULL, false,
												&t)) != NULL)
			{
				if (p.problem == NULL)
					p.problem = problem;
				p.played = true;
			}
			else
			{
				if (!p.played)
					p.opened = t.isnull[SLM_ROLE_OPENED_AT] ? SLM_TIME_NOEND : t.opened_at;
				if (!t.isnull[SLM_ROLE_OPENED_AT] &&
					slm_ticket_change_time(&t, GetCurrentStatementStartTimestamp()) < t.opened_at)
					bad_row(L, key, snapshot_row(batch, i, ordered_by), "it is before the ticket's opening");
				else
					play_snapshot(m, &p, &t, !p.played);
			}
			MemoryContextSwitchTo(caller);
		}
		SPI_freetuptable(batch);
	}
	end_ticket(L, &p);
}

/* Load a history of field changes, read from the cursor (ordered by ticket, time, then the log). */
static void
load_field_changes(Loader *L, Portal portal, const char *ordered_by, MemoryContext per_ticket,
				   MemoryContext per_row, instr_time started)
{
	const SlmTrackedTable *m = L->m;
	MemoryContext caller = CurrentMemoryContext;
	Played		p;
	FieldChange *changes = NULL;
	int			nchanges = 0;
	int			cap = 0;
	SPITupleTable *batch;
	uint64		nbatch;

	memset(&p, 0, sizeof(p));
	while ((batch = next_batch(portal, &nbatch)) != NULL)
	{
		for (uint64 i = 0; i < nbatch; i++)
		{
			Datum		v[6];
			bool		isnull[6];
			char	   *key;
			FieldChange *c;
			const char *problem;

			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(per_row);
			MemoryContextSwitchTo(per_row);
			/* ticket, at, field, old_value, new_value (text but at), and the ordered_by column */
			heap_deform_tuple(batch->vals[i], batch->tupdesc, v, isnull);
			key = isnull[0] ? NULL : TextDatumGetCString(v[0]);
			if (!p.active || key == NULL || strcmp(p.key, key) != 0)
			{
				if (p.active)
				{
					MemoryContextSwitchTo(per_ticket);
					play_field_changes(L, &p, changes, nchanges);
					end_ticket(L, &p);
					report_progress(L, started);
				}
				MemoryContextReset(per_ticket);
				MemoryContextSwitchTo(per_ticket);
				start_ticket(L, &p, key != NULL ? key : "");
				changes = NULL;
				nchanges = cap = 0;
			}
			MemoryContextSwitchTo(per_ticket);
			if (nchanges == cap)
			{
				cap = Max(16, cap * 2);
				changes = changes == NULL ? palloc(sizeof(FieldChange) * cap)
					: repalloc(changes, sizeof(FieldChange) * cap);
			}
			c = &changes[nchanges++];
			memset(c, 0, sizeof(*c));
			c->at = v[1];
			c->field_name = isnull[2] ? NULL : TextDatumGetCString(v[2]);
			c->old_text = isnull[3] ? NULL : TextDatumGetCString(v[3]);
			c->new_text = isnull[4] ? NULL : TextDatumGetCString(v[4]);
			c->seq_null = isnull[5];
			c->seq = isnull[5] ? (Datum) 0 : datumCopy(v[5], L->seq_att->attbyval, L->seq_att->attlen);
			c->field = -1;
			for (int f = 0; c->field_name != NULL && f < L->nfields; f++)
				if (strcmp(L->fields[f].field, c->field_name) == 0)
					c->field = f;
			if (key == NULL)
			{
				bad_row(L, NULL, change_row(L, c), "it has no ticket");
				c->bad = true;
			}
			else if (isnull[1])
			{
				bad_row(L, key, change_row(L, c), "it has no time");
				c->bad = true;
			}
			else if ((problem = slm_instant_of(m, m->column[SLM_ROLE_CHANGED_AT], L->at_type, c->at, &c->when)) != NULL)
			{
				bad_row(L, key, change_row(L, c), problem);
				c->bad = true;
			}
			MemoryContextSwitchTo(caller);
		}
		SPI_freetuptable(batch);
	}
	if (p.active)
	{
		MemoryContextSwitchTo(per_ticket);
		play_field_changes(L, &p, changes, nchanges);
		MemoryContextSwitchTo(caller);
		end_ticket(L, &p);
	}
}

/*
 * slm_load_history(tbl regclass, history text, ordered_by text, fields
 * jsonb, bad_rows text) - the clocks of the tickets a history names;
 * returns how many tickets were loaded
 */
PG_FUNCTION_INFO_V1(slm_load_history);
Datum
slm_load_history(PG_FUNCTION_ARGS)
{
	Oid			tbl;
	char	   *history;
	char	   *ordered_by;
	char	   *bad_rows;
	Loader		L;
	Relation	tickets;
	const char *problem;
	Portal		portal;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext per_ticket;
	MemoryContext per_row;
	int			level;
	char	   *source;
	instr_time	started;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("tbl, history, ordered_by and bad_rows of slm.load_history must not be null")));
	tbl = PG_GETARG_OID(0);
	history = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ordered_by = text_to_cstring(PG_GETARG_TEXT_PP(2));
	bad_rows = text_to_cstring(PG_GETARG_TEXT_PP(4));
	memset(&L, 0, sizeof(L));
	if (strcmp(bad_rows, "skip") != 0 && strcmp(bad_rows, "refuse") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bad_rows must be 'refuse' or 'skip', not %s", quote_literal_cstr(bad_rows))));
	L.skip_bad = strcmp(bad_rows, "skip") == 0;
	initStringInfo(&L.refused);

	slm_check_clock_rights();
	if (!slm_model_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot load the history of %s: %s", slm_relation_name(tbl), slm_model_problem())));
	if ((L.m = slm_model_tracked_table(tbl)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("%s is not tracked", slm_relation_name(tbl)),
				 errhint("Attach it first with slm.attach.")));
	if (!PG_ARGISNULL(3) && L.m->column[SLM_ROLE_CHANGED_AT] == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot load field changes into %s: it has no changed_at column", slm_relation_name(tbl)),
				 errdetail("Each change sets the column the ticket system stamps on every write, as live tracking "
						   "times changes by it."),
				 errhint("Attach the table with changed_at, or give its history as snapshots.")));

	INSTR_TIME_SET_CURRENT(started);
	tickets = table_open(tbl, AccessShareLock);
	slm_require_unique_key(tickets, L.m, "load the history of");
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(caller);
	if (!PG_ARGISNULL(3))
		read_field_map(&L, PG_GETARG_JSONB_P(3), tickets);
	if (!slm_clock_store_open(&L.st, slm_clocks_direct_ok(tickets, L.m), true, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot load the history of %s: %s", slm_relation_name(tbl), problem)));
	L.key_type = TupleDescAttr(RelationGetDescr(tickets),
							   slm_column_attnum(RelationGetDescr(tickets), L.m->column[SLM_ROLE_KEY]) - 1)->atttypid;

	/* first responses and teams kept in other tables, read as slm.rebuild reads them */
	L.related = slm_read_related_rows(L.m);

	/* the history in the order of tickets, then of the log; its names as the ticket table's schema has them */
	level = slm_search_path_of(tbl);
	source = psprintf(is_relation_name(history) ? "%s" : "(%s)", history);
	check_history_columns(&L, source, ordered_by);
	if (L.fields != NULL)
	{
		AttrNumber	a_changed;

		open_current_rows(&L, tickets);
		a_changed = slm_column_attnum(L.row_desc, L.m->column[SLM_ROLE_CHANGED_AT]);
		for (int f = 0; f < L.nfields; f++)
			if (!L.fields[f].teams)
				L.fields[f].attnum = slm_column_attnum(L.row_desc, L.fields[f].column);
		L.at_type = TupleDescAttr(L.row_desc, a_changed - 1)->atttypid;
		portal = SPI_cursor_open_with_args(NULL,
										   psprintf("SELECT h.ticket::pg_catalog.text, CAST(h.at AS %s), "
													"h.field::pg_catalog.text, h.old_value::pg_catalog.text, "
													"h.new_value::pg_catalog.text, h.%s "
													"FROM %s AS h ORDER BY h.ticket, 2, h.%s",
													format_type_be_qualified(L.at_type),
													quote_identifier(ordered_by), source, quote_identifier(ordered_by)),
										   0, NULL, NULL, NULL, true, 0);
		L.seq_att = TupleDescAttr(CreateTupleDescCopy(portal->tupDesc), 5);
	}
	else
	{
		/*
		 * Whether the ticket table has each snapshot's ticket, by a join (a
		 * look-up per ticket would cost a third of the load)
		 */
		const char *key = quote_identifier(L.m->column[SLM_ROLE_KEY]);

		portal = SPI_cursor_open_with_args(NULL,
										   psprintf("SELECT h.*, t.%s IS NOT NULL FROM %s AS h "
													"LEFT JOIN %s AS t ON t.%s = CAST(h.%s AS %s) ORDER BY h.%s, h.%s",
													key, source, slm_relation_name(tbl), key, key,
													format_type_be_qualified(L.key_type), key,
													quote_identifier(ordered_by)),
										   0, NULL, NULL, NULL, true, 0);
	}
	AtEOXact_GUC(true, level);

	L.delete_one = SPI_prepare("DELETE FROM slm.clocks c WHERE c.id OPERATOR(pg_catalog.=) $1", 1, (Oid[]) {INT8OID});
	/* served by the index of removed clocks, clocks_removed */
	L.delete_removed = SPI_prepare("DELETE FROM slm.clocks c WHERE c.tbl OPERATOR(pg_catalog.=) $1 "
								   "AND c.ticket OPERATOR(pg_catalog.=) $2 AND c.removed_at IS NOT NULL "
								   "AND c.removed_at OPERATOR(pg_catalog.>=) $3",
								   3, (Oid[]) {OIDOID, TEXTOID, TIMESTAMPTZOID});
	if (L.delete_one == NULL || L.delete_removed == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	per_ticket = AllocSetContextCreate(caller, "slm history ticket", ALLOCSET_DEFAULT_SIZES);
	per_row = AllocSetContextCreate(caller, "slm history row", ALLOCSET_SMALL_SIZES);
	if (L.fields != NULL)
		load_field_changes(&L, portal, ordered_by, per_ticket, per_row, started);
	else
		load_snapshots(&L, portal, ordered_by, per_ticket, per_row, started);
	SPI_cursor_close(portal);
	if (L.key_index != NULL)
	{
		index_endscan(L.key_scan);
		ExecDropSingleTupleTableSlot(L.key_slot);
		index_close(L.key_index, NoLock);
	}
	slm_clock_store_close(&L.st);
	SPI_finish();
	table_close(tickets, NoLock);

	if (L.nbad > 0 && !L.skip_bad)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the history of %s has " INT64_FORMAT " bad row%s", slm_relation_name(tbl), L.nbad,
						L.nbad > 1 ? "s" : ""),
				 errdetail("%s%s", L.refused.data,
						   L.nbad > BAD_ROWS_NAMED ? psprintf("\nand " INT64_FORMAT " more", L.nbad - BAD_ROWS_NAMED) : ""),
				 errhint("Nothing was loaded. Correct the rows, or pass bad_rows => 'skip' to load the history "
						 "without them.")));
	slm_keep_clock_statistics();
	if (L.nbad > 0)
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("slm skipped " INT64_FORMAT " bad row%s of the history of %s", L.nbad, L.nbad > 1 ? "s" : "",
						slm_relation_name(tbl)),
				 L.nbad > BAD_ROWS_NAMED ? errdetail("The first %d are named above.", BAD_ROWS_NAMED) : 0));
	if (L.failed > 0)
		ereport(WARNING,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the clocks of " INT64_FORMAT " ticket(s) of %s were left as they were", L.failed,
						slm_relation_name(tbl)),
				 errhint("Fix what the warnings above name, then load their history again.")));
	PG_RETURN_INT64(L.loaded);
}
