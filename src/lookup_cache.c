/*-------------------------------------------------------------------------
 *
 * lookup_cache.c
 *	  The names of a ticket's ids, looked up in the ticket system's own
 *	  tables (a tracked table's lookups: Zammad's state_id in
 *	  ticket_states, GLPI's entities_id in glpi_entities), cached per
 *	  backend.
 *
 * A look-up is a query the user gives, of two columns (value, name).  The
 * trigger runs for every ticket row and must not cost a statement per
 * row, so each value's name is asked for once, by a prepared statement
 * that wraps the query (WHERE value = $1), and remembered.  Values are
 * asked for one at a time rather than the whole table read: a users table
 * can hold a million rows, of which a desk's tickets name a few thousand.
 *
 * Staleness: slm.attach puts a statement-level trigger (slm_lookup_changed,
 * running slm.model_changed) on every table a look-up reads, which sends a
 * relcache invalidation for it, as slm.tracked_tables' own trigger does
 * when a mapping changes; our callback then forgets everything, at
 * the end of the changing statement in this session and at the next
 * transaction in the others, as for the model (clock_model.c).  The tables
 * a query reads are the planner's (CachedPlanSource.relationOids: a view's
 * tables too).
 *
 * A look-up runs with search_path set to the ticket table's schema, then
 * pg_catalog (slm_search_path_of): the query names the system's tables as
 * the system does, whatever the session's path.  It runs in a
 * subtransaction: a query that fails (a vendor's migration renamed a
 * table) comes back as a problem, the trigger warns, and the user's row is
 * written.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/lookup_cache.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"

#include "base.h"
#include "lookup_cache.h"

#define MAX_LOOKUP_VALUE 64		/* longer values are looked up every time */
#define MAX_LOOKUP_ENTRIES 65536	/* names remembered before starting over */

typedef struct LookupKey
{
	Oid			relid;			/* the tracked table */
	int			role;
	char		value[MAX_LOOKUP_VALUE];
} LookupKey;

typedef struct LookupEntry
{
	LookupKey	key;
	char	   *name;			/* NULL: the system has no such value */
} LookupEntry;

/* A look-up's prepared statement, for one tracked table and role. */
typedef struct LookupPlan
{
	Oid			relid;
	int			role;
	char	   *query;			/* the query it was prepared from */
	SPIPlanPtr	plan;
} LookupPlan;

static MemoryContext lookup_ctx = NULL;
static HTAB *names = NULL;
static long nnames = 0;
static LookupPlan *plans = NULL;
static int	nplans = 0;
static Oid *watched = NULL;		/* the tables the prepared look-ups read */
static int	nwatched = 0;
static bool stale = false;		/* a watched table changed: start over at the next look-up */

static void
lookup_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid)
	{
		stale = true;
		return;
	}
	for (int i = 0; i < nwatched; i++)
		if (watched[i] == relid)
		{
			stale = true;
			return;
		}
}

void
slm_lookup_cache_init(void)
{
	CacheRegisterRelcacheCallback(lookup_invalidate, (Datum) 0);
}

/* Forget every name and statement. */
static void
start_over(void)
{
	for (int i = 0; i < nplans; i++)
		SPI_freeplan(plans[i].plan);
	if (lookup_ctx != NULL)
		MemoryContextDelete(lookup_ctx);
	lookup_ctx = AllocSetContextCreate(TopMemoryContext, "slm lookups", ALLOCSET_DEFAULT_SIZES);
	names = NULL;
	nnames = 0;
	plans = NULL;
	nplans = 0;
	stale = false;

	/* a new mapping may bring new look-ups: slm.tracked_tables is watched too */
	watched = MemoryContextAlloc(lookup_ctx, sizeof(Oid));
	watched[0] = get_relname_relid("tracked_tables", get_namespace_oid("slm", true));
	nwatched = 1;
}

/*
 * Check that a query of a tracked table (a look-up, the responses) is one
 * SELECT, and give its result's description (in the caller's memory) and
 * the relations it reads (added to *rels).  Runs inside SPI, with the
 * search path set.
 */
TupleDesc
slm_query_shape(const char *query, List **rels)
{
	SPIPlanPtr	probe;
	TupleDesc	desc;
	ListCell   *lc;

	probe = SPI_prepare(psprintf("SELECT * FROM (%s) AS l LIMIT 0", query), 0, NULL);
	if (probe == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (list_length(SPI_plan_get_plan_sources(probe)) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query must be one SELECT")));
	if (SPI_execute_plan(probe, NULL, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "query failed");
	desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
	foreach(lc, SPI_plan_get_plan_sources(probe))
		*rels = list_concat_unique_oid(*rels, ((CachedPlanSource *) lfirst(lc))->relationOids);
	SPI_freeplan(probe);
	return desc;
}

/*
 * Prepare a look-up query wrapped to find one value's name ($1, text,
 * cast to the type of the query's value column).  Adds the relations the
 * query reads to *rels.  Runs inside SPI, with the search path set.
 */
static SPIPlanPtr
prepare_lookup(const char *query, List **rels)
{
	TupleDesc	desc = slm_query_shape(query, rels);
	SPIPlanPtr	plan;

	if (desc->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a look-up query must give two columns, a value and its name; it gives %d", desc->natts)));
	plan = SPI_prepare(psprintf("SELECT l.name::pg_catalog.text FROM (%s) AS l(value, name) "
								"WHERE l.value = CAST($1 AS %s) LIMIT 1",
								query, format_type_be(TupleDescAttr(desc, 0)->atttypid)),
					   1, (Oid[]) {TEXTOID});
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	return plan;
}

/*
 * slm_query_shape_fn(tbl regclass, query text) - the column types of a
 * query of a tracked table (a look-up, the responses) and the tables it
 * reads, checking that it is one SELECT that runs as the trigger runs it:
 * for slm.attach, which checks the columns and watches the tables.
 */
PG_FUNCTION_INFO_V1(slm_query_shape_fn);
Datum
slm_query_shape_fn(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	List	   *rels = NIL;
	TupleDesc	desc;
	TupleDesc	result_desc;
	Datum	   *types;
	Datum	   *tables;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			level;
	int			n = 0;
	ListCell   *lc;
	HeapTuple	result;
	MemoryContext caller = CurrentMemoryContext;

	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	level = slm_search_path_of(relid);
	desc = slm_query_shape(query, &rels);
	AtEOXact_GUC(true, level);
	/* the result in the caller's memory: SPI's, which holds desc and rels, goes at SPI_finish */
	MemoryContextSwitchTo(caller);
	types = palloc(sizeof(Datum) * (desc->natts + 1));
	for (int i = 0; i < desc->natts; i++)
		types[i] = ObjectIdGetDatum(TupleDescAttr(desc, i)->atttypid);
	tables = palloc(sizeof(Datum) * (list_length(rels) + 1));
	foreach(lc, rels)
		tables[n++] = ObjectIdGetDatum(lfirst_oid(lc));
	values[0] = PointerGetDatum(construct_array(types, desc->natts, REGTYPEOID, sizeof(Oid), true, TYPALIGN_INT));
	values[1] = PointerGetDatum(construct_array(tables, n, REGCLASSOID, sizeof(Oid), true, TYPALIGN_INT));
	result = heap_form_tuple(BlessTupleDesc(result_desc), values, nulls);
	SPI_finish();
	PG_RETURN_DATUM(HeapTupleGetDatum(result));
}

/* The prepared look-up of a table's role, prepared now if need be. */
static SPIPlanPtr
lookup_plan(Oid relid, int role, const char *query)
{
	List	   *rels = NIL;
	ListCell   *lc;
	SPIPlanPtr	plan;
	MemoryContext old;

	for (int i = 0; i < nplans; i++)
		if (plans[i].relid == relid && plans[i].role == role && strcmp(plans[i].query, query) == 0)
			return plans[i].plan;

	plan = prepare_lookup(query, &rels);
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	old = MemoryContextSwitchTo(lookup_ctx);
	plans = plans == NULL ? palloc(sizeof(LookupPlan)) : repalloc(plans, sizeof(LookupPlan) * (nplans + 1));
	plans[nplans].relid = relid;
	plans[nplans].role = role;
	plans[nplans].query = pstrdup(query);
	plans[nplans].plan = plan;
	nplans++;
	foreach(lc, rels)
	{
		watched = watched == NULL ? palloc(sizeof(Oid)) : repalloc(watched, sizeof(Oid) * (nwatched + 1));
		watched[nwatched++] = lfirst_oid(lc);
	}
	MemoryContextSwitchTo(old);
	return plan;
}

typedef struct LookupCall
{
	Oid			relid;
	int			role;
	const char *query;
	const char *value;
	char	   *name;			/* out, in lookup_ctx; NULL: none */
} LookupCall;

/* Ask the system's tables for one value's name (in a subtransaction). */
static void
ask_name(void *arg)
{
	LookupCall *call = (LookupCall *) arg;
	Datum		param = CStringGetTextDatum(call->value);
	int			level;
	SPIPlanPtr	plan;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	level = slm_search_path_of(call->relid);
	plan = lookup_plan(call->relid, call->role, call->query);
	if (SPI_execute_plan(plan, &param, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "look-up failed");
	call->name = NULL;
	if (SPI_processed > 0)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
			call->name = MemoryContextStrdup(lookup_ctx, TextDatumGetCString(d));
	}
	AtEOXact_GUC(true, level);
	SPI_finish();
}

static HTAB *
new_names_table(void)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(LookupKey);
	ctl.entrysize = sizeof(LookupEntry);
	ctl.hcxt = lookup_ctx;
	return hash_create("slm lookup names", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/*
 * The name of a value of a tracked table's role, by the role's look-up
 * query: *name is NULL when the system's table has no such value, and
 * lives until the next look-up (copy it).  Returns NULL, or the error
 * of a query that failed.
 */
const char *
slm_lookup_name(Oid relid, int role, const char *query, const char *value, const char **name)
{
	LookupCall	call = {relid, role, query, value, NULL};
	LookupEntry *entry = NULL;
	ErrorData  *edata;
	bool		found;

	if (stale || lookup_ctx == NULL)
		start_over();
	if (strlen(value) < MAX_LOOKUP_VALUE)
	{
		LookupKey	key;

		if (names == NULL)
			names = new_names_table();
		memset(&key, 0, sizeof(key));
		key.relid = relid;
		key.role = role;
		strlcpy(key.value, value, sizeof(key.value));
		entry = hash_search(names, &key, HASH_FIND, &found);
		if (entry != NULL)
		{
			*name = entry->name;
			return NULL;
		}
	}

	edata = slm_try_in_subtransaction(ask_name, &call);
	if (edata != NULL)
		return edata->message;
	/* the look-up may have seen a watched table change (its own statement's invalidation) */
	if (!stale && strlen(value) < MAX_LOOKUP_VALUE)
	{
		LookupKey	key;

		if (nnames >= MAX_LOOKUP_ENTRIES)
		{
			/* too many to keep: start the names over (call.name lives in lookup_ctx, not the table) */
			hash_destroy(names);
			names = new_names_table();
			nnames = 0;
		}
		memset(&key, 0, sizeof(key));
		key.relid = relid;
		key.role = role;
		strlcpy(key.value, value, sizeof(key.value));
		entry = hash_search(names, &key, HASH_ENTER, &found);
		entry->name = call.name;
		nnames++;
	}
	*name = call.name;
	return NULL;
}
