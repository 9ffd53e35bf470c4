/*-------------------------------------------------------------------------
 *
 * percentiles.c
 *	  slm.percentiles(value float8, fractions float8[]): the aggregate
 *	  behind the reports' median and 90th percentile times.
 *
 * PostgreSQL's percentile_cont is an ordered-set aggregate, and a query
 * with one can only group by sorting all its input in one process: over
 * millions of clocks that sort, not the scan, is the cost of a compliance
 * report.  This aggregate gives the same answers (the same interpolation,
 * to the last bit) as an ordinary aggregate: each group gathers its
 * values, partial states from parallel workers are concatenated, and the
 * final function sorts each group's values once for all its fractions.
 * So the planner may hash the groups and scan in parallel.
 *
 * The fractions are read from the first row of a group with a value; a
 * group whose rows disagree on them is an error.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/percentiles.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* Fractions per call: a report asks for two or three. */
#define MAX_FRACTIONS 16

typedef struct PercentileState
{
	int			nfractions;
	float8		fractions[MAX_FRACTIONS];
	int64		count;			/* values held */
	int64		capacity;
	float8	   *values;
	struct varlena *raw_fractions;	/* the first row's array, as given */
} PercentileState;

PG_FUNCTION_INFO_V1(slm_percentiles_accum);
PG_FUNCTION_INFO_V1(slm_percentiles_combine);
PG_FUNCTION_INFO_V1(slm_percentiles_serialize);
PG_FUNCTION_INFO_V1(slm_percentiles_deserialize);
PG_FUNCTION_INFO_V1(slm_percentiles_final);

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", fn);
	return aggcontext;
}

static PercentileState *
new_state(MemoryContext cxt)
{
	PercentileState *state = MemoryContextAllocZero(cxt, sizeof(PercentileState));

	state->nfractions = -1;		/* not yet known */
	return state;
}

/* Read and check a fractions array; return how many there are. */
static int
read_fractions(ArrayType *arr, float8 *out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("percentile fractions must be a one-dimensional array")));
	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	if (n > MAX_FRACTIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many percentile fractions: %d", n),
				 errdetail("At most %d are allowed.", MAX_FRACTIONS)));
	for (int i = 0; i < n; i++)
	{
		float8		f;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("percentile fractions must not be null")));
		f = DatumGetFloat8(elems[i]);
		if (isnan(f) || f < 0 || f > 1)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("percentile value %g is not between 0 and 1", f)));
		out[i] = f;
	}
	return n;
}

static void
set_fractions(PercentileState *state, int n, const float8 *fractions)
{
	if (state->nfractions < 0)
	{
		state->nfractions = n;
		memcpy(state->fractions, fractions, n * sizeof(float8));
		return;
	}
	if (state->nfractions != n || memcmp(state->fractions, fractions, n * sizeof(float8)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile fractions differ between rows of one group")));
}

static void
reserve(PercentileState *state, MemoryContext cxt, int64 more)
{
	int64		need = state->count + more;
	int64		capacity;

	if (need <= state->capacity)
		return;
	capacity = Max(state->capacity * 2, Max(need, 64));
	if ((Size) capacity > MaxAllocHugeSize / sizeof(float8))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many values for slm.percentiles in one group")));
	if (state->values == NULL)
		state->values = MemoryContextAllocHuge(cxt, capacity * sizeof(float8));
	else
		state->values = repalloc_huge(state->values, capacity * sizeof(float8));
	state->capacity = capacity;
}

Datum
slm_percentiles_accum(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_context(fcinfo, "slm_percentiles_accum");
	PercentileState *state = PG_ARGISNULL(0) ? NULL : (PercentileState *) PG_GETARG_POINTER(0);

	if (state == NULL)
		state = new_state(cxt);

	/* like percentile_cont, rows without a value are left out */
	if (!PG_ARGISNULL(1))
	{
		float8		fractions[MAX_FRACTIONS];
		int			n;
		struct varlena *raw;

		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("percentile fractions must not be null")));
		raw = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(2));

		/*
		 * Rows almost always pass the same constant array: compare its bytes
		 * and parse it only when they differ.
		 */
		if (state->raw_fractions == NULL ||
			VARSIZE_ANY(raw) != VARSIZE_ANY(state->raw_fractions) ||
			memcmp(raw, state->raw_fractions, VARSIZE_ANY(raw)) != 0)
		{
			n = read_fractions(DatumGetArrayTypeP(PointerGetDatum(raw)), fractions);
			set_fractions(state, n, fractions);
			if (state->raw_fractions == NULL)
			{
				state->raw_fractions = MemoryContextAlloc(cxt, VARSIZE_ANY(raw));
				memcpy(state->raw_fractions, raw, VARSIZE_ANY(raw));
			}
		}
		reserve(state, cxt, 1);
		state->values[state->count++] = PG_GETARG_FLOAT8(1);
	}
	PG_RETURN_POINTER(state);
}

Datum
slm_percentiles_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_context(fcinfo, "slm_percentiles_combine");
	PercentileState *a = PG_ARGISNULL(0) ? NULL : (PercentileState *) PG_GETARG_POINTER(0);
	PercentileState *b = PG_ARGISNULL(1) ? NULL : (PercentileState *) PG_GETARG_POINTER(1);

	if (b == NULL || b->count == 0)
	{
		if (a == NULL)
			a = new_state(cxt);
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_state(cxt);
	set_fractions(a, b->nfractions, b->fractions);
	reserve(a, cxt, b->count);
	memcpy(a->values + a->count, b->values, b->count * sizeof(float8));
	a->count += b->count;
	PG_RETURN_POINTER(a);
}

Datum
slm_percentiles_serialize(PG_FUNCTION_ARGS)
{
	PercentileState *state = (PercentileState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	aggregate_context(fcinfo, "slm_percentiles_serialize");
	pq_begintypsend(&buf);
	pq_sendint32(&buf, state->nfractions);
	for (int i = 0; i < state->nfractions; i++)
		pq_sendfloat8(&buf, state->fractions[i]);
	pq_sendint64(&buf, state->count);
	for (int64 i = 0; i < state->count; i++)
		pq_sendfloat8(&buf, state->values[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
slm_percentiles_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_context(fcinfo, "slm_percentiles_deserialize");
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	PercentileState *state = new_state(cxt);
	StringInfoData buf;
	int64		count;

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data));
	state->nfractions = pq_getmsgint(&buf, 4);
	if (state->nfractions < -1 || state->nfractions > MAX_FRACTIONS)
		elog(ERROR, "invalid slm.percentiles state");
	for (int i = 0; i < state->nfractions; i++)
		state->fractions[i] = pq_getmsgfloat8(&buf);
	count = pq_getmsgint64(&buf);
	if (count < 0 || count > (int64) ((buf.len - buf.cursor) / sizeof(float8)))
		elog(ERROR, "invalid slm.percentiles state");
	reserve(state, cxt, count);
	for (int64 i = 0; i < count; i++)
		state->values[i] = pq_getmsgfloat8(&buf);
	state->count = count;
	pq_getmsgend(&buf);
	pfree(buf.data);
	PG_RETURN_POINTER(state);
}

/* float8 order as PostgreSQL sorts it: NaN above everything */
static int
compare_float8(const void *a, const void *b)
{
	float8		x = *(const float8 *) a;
	float8		y = *(const float8 *) b;

	if (isnan(x))
		return isnan(y) ? 0 : 1;
	if (isnan(y))
		return -1;
	return (x > y) - (x < y);
}

Datum
slm_percentiles_final(PG_FUNCTION_ARGS)
{
	PercentileState *state = PG_ARGISNULL(0) ? NULL : (PercentileState *) PG_GETARG_POINTER(0);
	Datum		result[MAX_FRACTIONS];

	aggregate_context(fcinfo, "slm_percentiles_final");
	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();

	/* sorting in place is harmless if the final function runs again */
	qsort(state->values, state->count, sizeof(float8), compare_float8);

	for (int i = 0; i < state->nfractions; i++)
	{
		/* percentile_cont's interpolation, written the same way */
		float8		position = state->fractions[i] * (state->count - 1);
		int64		first = (int64) floor(position);
		int64		second = (int64) ceil(position);
		float8		lo = state->values[first];
		float8		hi = state->values[second];
		float8		value;

		if (first == second)
			value = lo;
		else
			value = lo + (hi - lo) * (position - first);
		result[i] = Float8GetDatumFast(value);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(result, state->nfractions, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
