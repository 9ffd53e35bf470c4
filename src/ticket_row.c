/*-------------------------------------------------------------------------
 *
 * ticket_row.c
 *	  Reading a ticket from a row of a tracked table, through the table's
 *	  mapping (slm.tracked_tables): the values the clock rules look at
 *	  (Ticket; what the rules ask of them is src/engine/ticket.c).
 *
 * A row is read as the ticket system stores it (slm.attach checks the
 * column types): times as timestamptz, or as timestamp in the table's
 * local zone; priorities as integers; names (customer, service, status,
 * team, supplier, assignee) of any type, as text, or as the name their
 * role's look-up gives an id (lookup_cache.c); satisfaction as a number;
 * the key as its type prints it.  Then the table's cancel condition, and
 * a resolution told by the status (slm_ticket_settle_resolution).  What
 * can still be wrong with a row's values (a priority beyond integer, an
 * impact and urgency that the priority matrix has no entry for, a look-up
 * that fails) comes back as a problem for the trigger to warn about.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/ticket_row.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "base.h"
#include "lookup_cache.h"
#include "tracking.h"

static char *output_text(Oid type, Datum d);

/*
 * The text of a named column's value in a row, as its type prints it (a
 * ticket's key as clocks store it); NULL when the column is gone or null.
 */
char *
slm_column_text(TupleDesc desc, HeapTuple tuple, const char *column)
{
	AttrNumber	a = slm_column_attnum(desc, column);
	bool		isnull;
	Datum		d;

	if (a == InvalidAttrNumber)
		return NULL;
	d = heap_getattr(tuple, a, desc, &isnull);
	return isnull ? NULL : output_text(TupleDescAttr(desc, a - 1)->atttypid, d);
}

/*
 * The longest key whose clocks fit slm.clocks' key index (a btree entry
 * holds at most a third of a page, some 2700 bytes, with the table, kind,
 * metric and cycle beside the key).  A longer key would fail the index
 * and with it the user's row; its ticket is not tracked, with a warning.
 */
#define SLM_MAX_KEY_BYTES 2000

/* The attribute number of the ticket table's key column; 0 when it is gone. */
AttrNumber
slm_key_attnum(TupleDesc desc, const SlmTrackedTable *m)
{
	return slm_column_attnum(desc, m->column[SLM_ROLE_KEY]);
}

/* A value of an integer column, widened. */
static int64
integer_value(Oid type, Datum d)
{
	if (type == INT2OID)
		return DatumGetInt16(d);
	if (type == INT4OID)
		return DatumGetInt32(d);
	return DatumGetInt64(d);
}

/* How a problem names a time value: its column's, or the responses query's. */
static char *
value_name(const char *column)
{
	return column != NULL ? psprintf("column \"%s\"", column) : pstrdup("the responses query's time");
}

/*
 * A column's attribute number in a row of the tracked table (or of one of
 * its partitions), from the mapping's cache when the column is still
 * there; 0 when it is gone.
 */
static AttrNumber
column_attnum(TupleDesc desc, const char *name, AttrNumber *cache)
{
	AttrNumber	a = *cache;

	if (a > 0 && a <= desc->natts)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a - 1);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return a;
	}
	return *cache = slm_column_attnum(desc, name);
}

/* The text of a value by its type's output function. */
static char *
output_text(Oid type, Datum d)
{
	Oid			out;
	bool		varlena;

	if (type == TEXTOID || type == VARCHAROID)
		return TextDatumGetCString(d);
	if (type == NAMEOID)
		return pstrdup(NameStr(*DatumGetName(d)));
	getTypeOutputInfo(type, &out, &varlena);
	return OidOutputFunctionCall(out, d);
}

/*
 * An instant from a time value: a timestamp with time zone as it is; a
 * timestamp without, read in the table's local zone exactly as
 * PostgreSQL's AT TIME ZONE reads it (a time in the hour repeated in
 * autumn is taken as its later, standard-time instance; a time in the
 * hour skipped in spring is read with the offset before the change).
 * column names the value's column in a problem (NULL: the responses
 * query's time).  Returns NULL, or what is wrong.
 */
const char *
slm_instant_of(const SlmTrackedTable *m, const char *column, Oid type, Datum d, TimestampTz *out)
{
	Timestamp	ts;

	if (type == TIMESTAMPTZOID)
	{
		*out = DatumGetTimestampTz(d);
		return NULL;
	}
	if (type != TIMESTAMPOID)
		return psprintf("%s is not a timestamp", value_name(column));
	if (m->local_zone == NULL)
		return psprintf("%s is a timestamp without time zone, and the table has no local_zone", value_name(column));
	ts = DatumGetTimestamp(d);
	/* within a day of the ends of the range, a zone's offset could take it out */
	if (!TIMESTAMP_NOT_FINITE(ts) &&
		(ts < MIN_TIMESTAMP + USECS_PER_DAY || ts >= END_TIMESTAMP - USECS_PER_DAY))
		return psprintf("%s is out of range", value_name(column));
	*out = DatumGetTimestampTz(DirectFunctionCall2(timestamp_zone, m->local_zone_text, TimestampGetDatum(ts)));
	return NULL;
}

/*
 * A name-like value (customer, service, status, team, supplier,
 * assignee): its text, or the name its role's look-up gives it; NULL when
 * the look-up has none (a look-up may be filtered: Redmine's groups are
 * the users rows of type Group, and an issue assigned to a person has no
 * group).
 */
static const char *
name_value(const SlmTrackedTable *m, int r, Oid type, Datum d, char **out)
{
	char	   *text = output_text(type, d);
	const char *name;
	const char *problem;

	*out = text;
	if (m->lookup[r] == NULL)
		return NULL;
	if ((problem = slm_lookup_name(m->relid, r, m->lookup[r], text, &name)) != NULL)
		return psprintf("the look-up of its %s %s failed: %s", m->column[r], text, problem);
	*out = name != NULL ? pstrdup(name) : NULL;
	return NULL;
}

/*
 * Whether the row meets the table's cancel condition: a column holds one
 * of its values, or the look-up of a role it is mapped to names it so (t
 * has the names, read first).  Returns NULL, or what is wrong.
 */
static const char *
read_cancelled(const SlmTrackedTable *m, TupleDesc desc, const Datum *values, const bool *nulls, const Ticket *t,
			   bool *cancelled)
{
	*cancelled = false;
	for (int i = 0; i < m->ncancel && !*cancelled; i++)
	{
		AttrNumber	a = column_attnum(desc, m->cancel_column[i], &m->attnum_cache[SLM_NUM_ROLES + i]);

		if (a == InvalidAttrNumber)
			return psprintf("its column \"%s\" is gone", m->cancel_column[i]);
		if (nulls[a - 1])
			continue;
		*cancelled = strcmp(output_text(TupleDescAttr(desc, a - 1)->atttypid, values[a - 1]),
							m->cancel_value[i]) == 0;
		for (int r = 0; r < SLM_NUM_ROLES && !*cancelled; r++)
			if (m->lookup[r] != NULL && m->column[r] != NULL && strcmp(m->column[r], m->cancel_column[i]) == 0)
				*cancelled = t->text[r] != NULL && strcmp(t->text[r], m->cancel_value[i]) == 0;
	}
	return NULL;
}

/* The type of a tracked table's key column, as SQL spells it, schema-qualified. */
char *
slm_ticket_key_type(const SlmTrackedTable *m)
{
	AttrNumber	a = get_attnum(m->relid, m->column[SLM_ROLE_KEY]);

	return format_type_be_qualified(get_atttype(m->relid, a));
}

/*
 * Read the ticket in a row into t.  Returns NULL, or what is wrong with
 * the row's values (the caller warns and leaves the clocks as they are).
 * The key is the text of the key column's value as its type prints it,
 * as clocks store it.  before is the same ticket before the change, read
 * first (NULL for a new row, a deleted one and a row read as it stands);
 * as_it_stands says the row is read as it stands rather than as a new
 * one: by slm.rebuild, as the row before a change, or for a change of a
 * related table (see slm_ticket_settle_resolution).
 */
const char *
slm_read_ticket(const SlmTrackedTable *m, TupleDesc desc, HeapTuple tuple, const Ticket *before,
				bool as_it_stands, Ticket *t)
{
	int64		impact = 0,
				urgency = 0;
	const char *problem;
	Datum	   *values = palloc(sizeof(Datum) * desc->natts);
	bool	   *nulls = palloc(sizeof(bool) * desc->natts);

	/* the row's columns at once: a wide row read column by column costs a walk each */
	heap_deform_tuple(tuple, desc, values, nulls);
	memset(t, 0, sizeof(*t));
	for (int r = 0; r < SLM_NUM_ROLES; r++)
	{
		AttrNumber	a;
		Oid			type;
		Datum		d;
		slm_time   *time;

		t->isnull[r] = true;
		if (m->column[r] == NULL)
			continue;
		a = column_attnum(desc, m->column[r], &m->attnum_cache[r]);
		if (a == InvalidAttrNumber)
			return psprintf("its column \"%s\" is gone", m->column[r]);
		type = TupleDescAttr(desc, a - 1)->atttypid;
		d = values[a - 1];
		if (nulls[a - 1])
		{
			if (r == SLM_ROLE_KEY)
				return "its key is null";
			continue;
		}
		t->isnull[r] = false;

		/* a time role (slm_ticket_time says which) */
		if ((time = slm_ticket_time(t, r)) != NULL)
		{
			/* the same local time as last read converts the same way */
			if (type == TIMESTAMPOID && m->local_zone != NULL &&
				DatumGetTimestamp(d) == m->last_local[r] && !TIMESTAMP_NOT_FINITE(m->last_local[r]))
				*time = m->last_instant[r];
			else if ((problem = slm_instant_of(m, m->column[r], type, d, time)) != NULL)
				return problem;
			else if (type == TIMESTAMPOID)
			{
				m->last_local[r] = DatumGetTimestamp(d);
				m->last_instant[r] = *time;
			}
			continue;
		}
		switch (r)
		{
			case SLM_ROLE_KEY:
				t->key = output_text(type, d);
				if (strlen(t->key) > SLM_MAX_KEY_BYTES)
					return psprintf("its key is %zu bytes long, and slm keeps clocks for keys of up to %d bytes",
									strlen(t->key), SLM_MAX_KEY_BYTES);
				break;
			case SLM_ROLE_PRIORITY:
			case SLM_ROLE_IMPACT:
			case SLM_ROLE_URGENCY:
				{
					int64		p;

					if (type != INT2OID && type != INT4OID && type != INT8OID)
						return psprintf("column \"%s\" is not an integer", m->column[r]);
					p = integer_value(type, d);
					if (p < PG_INT32_MIN || p > PG_INT32_MAX)
						return psprintf("%s " INT64_FORMAT " is out of range for integer", m->column[r], p);
					if (r == SLM_ROLE_PRIORITY)
						t->priority = (int32) p;
					else if (r == SLM_ROLE_IMPACT)
						impact = p;
					else
						urgency = p;
				}
				break;
			case SLM_ROLE_SATISFACTION:
				if (type == NUMERICOID)
					t->satisfaction = d;
				else
					t->satisfaction = DirectFunctionCall3(numeric_in, CStringGetDatum(output_text(type, d)),
														  ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
				/* equal texts exactly for equal numbers (numeric_eq), to tell a change */
				t->satisfaction_key = numeric_normalize(DatumGetNumeric(t->satisfaction));
				break;
			default:
				if ((problem = name_value(m, r, type, d, &t->text[r])) != NULL)
					return problem;
				t->isnull[r] = t->text[r] == NULL;
				break;
		}
	}

	/* no priority column: the matrix's priority of impact and urgency (slm.priority) */
	if (m->column[SLM_ROLE_PRIORITY] == NULL)
	{
		t->isnull[SLM_ROLE_PRIORITY] = t->isnull[SLM_ROLE_IMPACT] || t->isnull[SLM_ROLE_URGENCY];
		if (!t->isnull[SLM_ROLE_PRIORITY] &&
			!slm_model_priority((int32) impact, (int32) urgency, &t->priority))
			return psprintf("no priority for impact %d and urgency %d in slm.priority_matrix",
							(int) impact, (int) urgency);
	}
	if ((problem = read_cancelled(m, desc, values, nulls, t, &t->cancelled)) != NULL)
		return problem;
	slm_ticket_settle_resolution(&m->rules, t, before, as_it_stands, GetCurrentStatementStartTimestamp());
	return NULL;
}
