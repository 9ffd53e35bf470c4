/*-------------------------------------------------------------------------
 *
 * ticket_row.c
 *	  Reading a ticket from a row of a tracked table, through the table's
 *	  mapping (slm.tracked_tables): the values the clock rules look at
 *	  (Ticket; what the rules ask of them is src/engine/ticket.c).
 *
 * slm.attach admits only the column types read here (times as
 * timestamptz, priorities as integers, names as text, varchar or name,
 * satisfaction as a number, the key as an integer, text, varchar or
 * uuid), so a row is read exactly, without casts that could fail.  What
 * can still be wrong with a row's values (a priority beyond integer, an
 * impact and urgency that the priority matrix has no entry for) comes back
 * as a problem for the trigger to warn about.
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
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "base.h"
#include "tracking.h"

/* The attribute number of the ticket table's key column; 0 when it is gone. */
AttrNumber
slm_key_attnum(TupleDesc desc, const SlmTrackedTable *m)
{
	return slm_column_attnum(desc, m->column[SLM_ROLE_KEY]);
}

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

/* The text of a value by its type's output function. */
static char *
output_text(Oid type, Datum d)
{
	Oid			out;
	bool		varlena;

	getTypeOutputInfo(type, &out, &varlena);
	return OidOutputFunctionCall(out, d);
}

/*
 * Read the ticket in a row into t.  Returns NULL, or what is wrong with
 * the row's values (the caller warns and leaves the clocks as they are).
 * The key is the text of the key column's value as its type prints it,
 * as clocks store it.
 */
const char *
slm_read_ticket(const SlmTrackedTable *m, TupleDesc desc, HeapTuple tuple, Ticket *t)
{
	int64		impact = 0,
				urgency = 0;

	memset(t, 0, sizeof(*t));
	for (int r = 0; r < SLM_NUM_ROLES; r++)
	{
		AttrNumber	a;
		Oid			type;
		Datum		d;
		bool		isnull;

		t->isnull[r] = true;
		if (m->column[r] == NULL)
			continue;
		a = slm_column_attnum(desc, m->column[r]);
		if (a == InvalidAttrNumber)
			return psprintf("its column \"%s\" is gone", m->column[r]);
		type = TupleDescAttr(desc, a - 1)->atttypid;
		d = heap_getattr(tuple, a, desc, &isnull);
		if (isnull)
		{
			if (r == SLM_ROLE_KEY)
				return "its key is null";
			continue;
		}
		t->isnull[r] = false;

		switch (r)
		{
			case SLM_ROLE_KEY:
				t->key = output_text(type, d);
				break;
			case SLM_ROLE_OPENED_AT:
			case SLM_ROLE_STATUS_CHANGED_AT:
			case SLM_ROLE_RESPONDED_AT:
			case SLM_ROLE_RESOLVED_AT:
			case SLM_ROLE_CHANGED_AT:
				if (type != TIMESTAMPTZOID)
					return psprintf("column \"%s\" is not a timestamp with time zone", m->column[r]);
				set_ticket_time(t, r, DatumGetTimestampTz(d));
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
				if (type == TEXTOID || type == VARCHAROID)
					t->text[r] = TextDatumGetCString(d);
				else if (type == NAMEOID)
					t->text[r] = pstrdup(NameStr(*DatumGetName(d)));
				else
					return psprintf("column \"%s\" is not text", m->column[r]);
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
	return NULL;
}
