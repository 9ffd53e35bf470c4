/*-------------------------------------------------------------------------
 *
 * classify.c
 *	  Per-row classification in C: priorities from impact and urgency
 *	  (slm.priority) and customer tiers from scores (slm.classify_tier).
 *
 * Both read their configuration, slm.priority_matrix and
 * slm.tier_thresholds, once per query (on the first call, into fn_extra)
 * and then answer each row from memory, so views and triggers can call
 * them on millions of rows.  An empty configuration table means the
 * built-in defaults:
 *
 *	priority = least(impact + urgency - 1, 4) for impact and urgency 1..3
 *	(the ITIL-style 3x3 matrix); tier by score = importance + urgency +
 *	complexity: "special" from 12, "key" from 9, else "standard".
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/classify.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "classify.h"

typedef struct TierThresholds
{
	int32		key_from;
	int32		special_from;
} TierThresholds;

/* Run a read-only query with SPI; the caller reads SPI_tuptable before SPI_finish. */
static void
run_config_query(const char *sql)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm configuration: %s", sql);
}

/* slm.priority_matrix, read into mcxt (also for the tracking trigger's model) */
PriorityMatrix *
slm_read_priority_matrix(MemoryContext mcxt)
{
	PriorityMatrix *m = MemoryContextAllocZero(mcxt, sizeof(PriorityMatrix));

	run_config_query("SELECT impact, urgency, priority FROM slm.priority_matrix");
	m->empty = (SPI_processed == 0);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		n1,
					n2,
					n3;
		int32		impact = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &n1));
		int32		urgency = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &n2));
		int32		priority = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3, &n3));

		/* the table's constraints keep these in range; stay safe anyway */
		if (!n1 && !n2 && !n3 && impact >= 1 && impact <= SLM_MAX_LEVEL &&
			urgency >= 1 && urgency <= SLM_MAX_LEVEL && priority >= 1 && priority <= PG_INT16_MAX)
			m->priority[impact][urgency] = (int16) priority;
	}
	SPI_finish();
	return m;
}

/*
 * The priority of an impact and an urgency in a matrix; 0 when it has none.
 * An empty matrix means the built-in one.
 */
int32
slm_matrix_priority(const PriorityMatrix *m, int32 impact, int32 urgency)
{
	if (m->empty)
		return (impact >= 1 && impact <= 3 && urgency >= 1 && urgency <= 3) ? Min(impact + urgency - 1, 4) : 0;
	if (impact >= 1 && impact <= SLM_MAX_LEVEL && urgency >= 1 && urgency <= SLM_MAX_LEVEL)
		return m->priority[impact][urgency];
	return 0;
}

/*
 * slm_priority - the priority of an impact and an urgency (1 is the most
 * urgent), from slm.priority_matrix
 */
PG_FUNCTION_INFO_V1(slm_priority);
Datum
slm_priority(PG_FUNCTION_ARGS)
{
	int32		impact = PG_GETARG_INT32(0);
	int32		urgency = PG_GETARG_INT32(1);
	PriorityMatrix *m = (PriorityMatrix *) fcinfo->flinfo->fn_extra;
	int32		result;

	if (m == NULL)
	{
		m = slm_read_priority_matrix(fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = m;
	}
	result = slm_matrix_priority(m, impact, urgency);
	if (result == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no priority for impact %d and urgency %d", impact, urgency),
				 m->empty ?
				 errdetail("slm.priority_matrix is empty, so the built-in matrix for impact and urgency 1 to 3 applies.") :
				 errdetail("slm.priority_matrix has no row for them."),
				 errhint("Add the combination to slm.priority_matrix.")));
	PG_RETURN_INT32(result);
}

static TierThresholds *
load_thresholds(MemoryContext mcxt)
{
	TierThresholds *t = MemoryContextAlloc(mcxt, sizeof(TierThresholds));

	t->key_from = 9;
	t->special_from = 12;
	run_config_query("SELECT tier, min_score FROM slm.tier_thresholds");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *tier = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		bool		isnull;
		int32		score = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));

		if (tier == NULL || isnull)
			continue;
		if (strcmp(tier, "key") == 0)
			t->key_from = score;
		else if (strcmp(tier, "special") == 0)
			t->special_from = score;
	}
	SPI_finish();
	return t;
}

/*
 * slm_classify_tier - a customer's tier from its importance, urgency and
 * complexity scores, against slm.tier_thresholds
 */
PG_FUNCTION_INFO_V1(slm_classify_tier);
Datum
slm_classify_tier(PG_FUNCTION_ARGS)
{
	int32		importance = PG_GETARG_INT32(0);
	int32		urgency = PG_GETARG_INT32(1);
	int32		complexity = PG_GETARG_INT32(2);
	TierThresholds *t = (TierThresholds *) fcinfo->flinfo->fn_extra;
	int64		score = (int64) importance + urgency + complexity;

	if (t == NULL)
	{
		t = load_thresholds(fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = t;
	}
	if (importance < 1 || importance > 5 || urgency < 1 || urgency > 5 ||
		complexity < 1 || complexity > 5)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tier scores must be between 1 and 5"),
				 errdetail("Got importance %d, urgency %d and complexity %d.",
						   importance, urgency, complexity)));
	if (score >= t->special_from)
		PG_RETURN_TEXT_P(cstring_to_text("special"));
	if (score >= t->key_from)
		PG_RETURN_TEXT_P(cstring_to_text("key"));
	PG_RETURN_TEXT_P(cstring_to_text("standard"));
}
