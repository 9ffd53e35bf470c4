/*-------------------------------------------------------------------------
 *
 * calendar_cache.c
 *	  Compiled calendars for the SQL-callable functions: compile once per
 *	  query (calendar values) or once per backend (named calendars).
 *
 * A calendar value argument is compiled on first use and kept in the
 * function's fn_extra, keyed by its bytes, with room for a few distinct
 * calendars so that a column of calendars does not thrash.  When the
 * argument is a constant, its datum pointer alone identifies it and the
 * per-row cost is one pointer comparison.
 *
 * Named calendars (rows of slm.calendars) are compiled into a per-backend
 * cache.  A statement-level trigger on slm.calendars sends a relcache
 * invalidation for the table; our relcache callback bumps a generation
 * counter, and every cached compilation older than the counter is dropped
 * at the next look-up.  The invalidation reaches this session at the end
 * of the changing statement and other sessions at their next transaction,
 * so a change is seen "from the next statement on, in every session".
 * Per call, fn_extra remembers the last name and its compiled calendar, so
 * the named form costs one short comparison more than the value form.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/calendar_cache.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "base.h"
#include "calendar.h"
#include "pg_zone.h"

/* ---------------------------------------------------------------------
 * Compiling into a memory context of its own
 * ---------------------------------------------------------------------
 */
/* Compilations in this backend, for slm.calendar_cache_stats(). */
static int64 compilations = 0;

typedef struct CompiledCalendar
{
	MemoryContext ctx;			/* holds everything below */
	char	   *key;			/* the calendar's bytes after the varlena header */
	Size		keylen;
	SlmCompiled *compiled;
} CompiledCalendar;

static void *
context_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_NO_OOM);
}

static void
context_free(void *ctx, void *ptr)
{
	pfree(ptr);
}

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * Compile the calendar whose varlena payload is data[0..len) into a new
 * child context of parent.  On error the context is gone again.
 */
static void
compile_into(CompiledCalendar *entry, MemoryContext parent, const char *data, Size len)
{
	MemoryContext ctx = AllocSetContextCreate(parent, "slm compiled calendar",
											  ALLOCSET_DEFAULT_SIZES);

	PG_TRY();
	{
		SlmCalendar *cal;
		SlmAlloc	mem = {context_alloc, context_free, ctx, check_interrupts};
		SlmZone		zone;
		char	   *zone_name;

		/* an aligned copy with a proper 4-byte header */
		cal = MemoryContextAlloc(ctx, len + VARHDRSZ);
		SET_VARSIZE(cal, len + VARHDRSZ);
		memcpy(VARDATA(cal), data, len);
		if (!slm_calendar_is_valid(cal, len + VARHDRSZ))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("stored calendar value is corrupt")));

		zone_name = pnstrdup(SLM_CAL_ZONE(cal), cal->zone_len);
		slm_zone_provider(&zone, slm_zone_lookup(zone_name, 0, NULL));
		pfree(zone_name);

		entry->compiled = slm_compile(cal, &zone, &mem);
		compilations++;
		if (entry->compiled == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
		entry->ctx = ctx;
		entry->key = VARDATA(cal);	/* slm_compile took its own copy */
		entry->keylen = len;
	}
	PG_CATCH();
	{
		MemoryContextDelete(ctx);
		memset(entry, 0, sizeof(*entry));
		PG_RE_THROW();
	}
	PG_END_TRY();
}

static void
release(CompiledCalendar *entry)
{
	if (entry->ctx != NULL)
		MemoryContextDelete(entry->ctx);
	memset(entry, 0, sizeof(*entry));
}

/* ---------------------------------------------------------------------
 * Calendar values
 * ---------------------------------------------------------------------
 */
#define VALUE_SLOTS 4

typedef struct ValueArgCache
{
	const void *last_ptr;		/* the datum seen last ... */
	int			last_slot;		/* ... and where it is compiled */
	bool		arg_is_const;	/* then the pointer alone identifies it */
	int			used;
	int			next_victim;
	CompiledCalendar slots[VALUE_SLOTS];
} ValueArgCache;

/* Is argument argno of the calling expression a constant? */
static bool
arg_is_const(FmgrInfo *flinfo, int argno)
{
	Node	   *expr = flinfo->fn_expr;
	List	   *args;

	if (expr == NULL)
		return false;
	if (IsA(expr, FuncExpr))
		args = ((FuncExpr *) expr)->args;
	else if (IsA(expr, OpExpr))
		args = ((OpExpr *) expr)->args;
	else
		return false;
	if (argno >= list_length(args))
		return false;
	return IsA(list_nth(args, argno), Const);
}

SlmCompiled *
slm_compiled_value_arg(FunctionCallInfo fcinfo, int argno)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	ValueArgCache *cache = (ValueArgCache *) flinfo->fn_extra;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	struct varlena *flat = NULL;
	const char *data;
	Size		len;
	CompiledCalendar *slot;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(ValueArgCache));
		cache->arg_is_const = arg_is_const(flinfo, argno);
		flinfo->fn_extra = cache;
	}
	else if (raw == cache->last_ptr && cache->arg_is_const)
		return cache->slots[cache->last_slot].compiled;

	/* compare bytes without copying, unless the value is compressed or toasted */
	if (VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw))
	{
		flat = pg_detoast_datum(raw);
		data = VARDATA(flat);
		len = VARSIZE(flat) - VARHDRSZ;
	}
	else
	{
		data = VARDATA_ANY(raw);
		len = VARSIZE_ANY_EXHDR(raw);
	}
	for (int i = 0; i < cache->used; i++)
	{
		slot = &cache->slots[i];
		if (slot->keylen == len && memcmp(slot->key, data, len) == 0)
		{
			cache->last_ptr = raw;
			cache->last_slot = i;
			return slot->compiled;
		}
	}

	/* not seen yet: compile into a free slot, or evict round-robin */
	if (cache->used < VALUE_SLOTS)
		cache->last_slot = cache->used++;
	else
	{
		cache->last_slot = cache->next_victim;
		cache->next_victim = (cache->next_victim + 1) % VALUE_SLOTS;
		release(&cache->slots[cache->last_slot]);
	}
	slot = &cache->slots[cache->last_slot];
	cache->last_ptr = NULL;		/* until the compilation succeeded */
	compile_into(slot, flinfo->fn_mcxt, data, len);
	cache->last_ptr = raw;
	if (flat != NULL && flat != raw)
		pfree(flat);
	return slot->compiled;
}

/* ---------------------------------------------------------------------
 * Named calendars
 * ---------------------------------------------------------------------
 */
#define NAMED_MAX 256

typedef struct NamedCalendar
{
	char	   *name;
	CompiledCalendar cc;
} NamedCalendar;

static MemoryContext named_context = NULL;
static NamedCalendar *named = NULL;
static int	named_count = 0;
static uint64 named_generation = 1; /* bumped by invalidations */
static uint64 named_built = 0;	/* generation the cache was filled at */
static uint64 named_epoch = 0;	/* bumped whenever entries are freed */
static Oid	calendars_relid = InvalidOid;
static SPIPlanPtr lookup_plan = NULL;

static void
named_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == calendars_relid)
		named_generation++;
}

void
slm_calendar_cache_init(void)
{
	CacheRegisterRelcacheCallback(named_invalidate, (Datum) 0);
}

/* Forget every named calendar (on invalidation, or when there are too many). */
static void
named_reset(void)
{
	if (named_context != NULL)
		MemoryContextDelete(named_context);
	named_context = AllocSetContextCreate(CacheMemoryContext, "slm named calendars",
										  ALLOCSET_DEFAULT_SIZES);
	named = MemoryContextAllocZero(named_context, sizeof(NamedCalendar) * NAMED_MAX);
	named_count = 0;
	named_built = named_generation;
	named_epoch++;
}

/*
 * Read calendar name from slm.calendars; NULL if there is no such row.
 * The result is palloc'd in the caller's memory context.
 */
SlmCalendar *
slm_named_calendar(const char *name, bool missing_ok)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		arg = CStringGetTextDatum(name);
	SlmCalendar *result = NULL;
	Oid			nsp;

	nsp = get_namespace_oid("slm", true);
	if (OidIsValid(nsp))
		calendars_relid = get_relname_relid("calendars", nsp);
	if (!OidIsValid(calendars_relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table slm.calendars does not exist"),
				 errhint("Is the slm extension installed in this database?")));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	slm_keep_plan(&lookup_plan, "SELECT calendar FROM slm.calendars WHERE name OPERATOR(pg_catalog.=) $1",
				  1, (Oid[]) {TEXTOID});
	if (SPI_execute_plan(lookup_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "named calendar look-up failed");
	if (SPI_processed > 0)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			struct varlena *v = pg_detoast_datum((struct varlena *) DatumGetPointer(d));
			MemoryContext spi = MemoryContextSwitchTo(caller);

			result = (SlmCalendar *) palloc(VARSIZE(v));
			memcpy(result, v, VARSIZE(v));
			MemoryContextSwitchTo(spi);
		}
	}
	SPI_finish();

	if (result == NULL && !missing_ok)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("calendar \"%s\" does not exist", name),
				 errhint("Named calendars are the rows of slm.calendars.")));
	return result;
}

/*
 * Compile a calendar into a new child context of parent, which owns it from
 * then on (for caches that keep compilations of their own).
 */
SlmCompiled *
slm_compile_calendar_in(MemoryContext parent, const SlmCalendar *cal)
{
	CompiledCalendar cc;

	compile_into(&cc, parent, VARDATA(cal), VARSIZE(cal) - VARHDRSZ);
	return cc.compiled;
}

/*
 * The compiled form of a named calendar.  A name that no row has but that
 * reads as a calendar literal ("tz=...") is taken as that literal, since an
 * untyped string argument resolves to the name overload.
 */
static SlmCompiled *
named_lookup(const char *name)
{
	SlmCalendar *cal;
	NamedCalendar *entry;

	if (named_context == NULL || named_built != named_generation)
		named_reset();
	for (int i = 0; i < named_count; i++)
		if (strcmp(named[i].name, name) == 0)
			return named[i].cc.compiled;

	cal = slm_named_calendar(name, true);
	if (cal == NULL)
	{
		if (strchr(name, '=') == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("calendar \"%s\" does not exist", name),
					 errhint("Named calendars are the rows of slm.calendars.")));
		cal = slm_calendar_from_text(name, strlen(name), NULL);
	}
	if (named_built != named_generation || named_count >= NAMED_MAX)
		named_reset();
	entry = &named[named_count];
	compile_into(&entry->cc, named_context, VARDATA(cal), VARSIZE(cal) - VARHDRSZ);
	entry->name = MemoryContextStrdup(entry->cc.ctx, name);
	named_count++;
	return entry->cc.compiled;
}

typedef struct NameArgCache
{
	char	   *name;			/* last name seen, in fn_mcxt */
	Size		namelen;
	Size		namecap;
	uint64		epoch;			/* named_epoch when compiled was looked up */
	SlmCompiled *compiled;
} NameArgCache;

/*
 * The compiled calendar of a name, remembered in flinfo->fn_extra so that
 * the same name on the next row costs one comparison.
 */
SlmCompiled *
slm_compiled_for_name(FmgrInfo *flinfo, text *name)
{
	NameArgCache *cache = (NameArgCache *) flinfo->fn_extra;
	Size		len = VARSIZE_ANY_EXHDR(name);
	char	   *cname;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(NameArgCache));
		flinfo->fn_extra = cache;
	}
	else if (cache->compiled != NULL && cache->epoch == named_epoch &&
			 named_built == named_generation &&
			 cache->namelen == len && memcmp(cache->name, VARDATA_ANY(name), len) == 0)
		return cache->compiled;

	cname = text_to_cstring(name);
	cache->compiled = NULL;
	cache->compiled = named_lookup(cname);
	if (cache->namecap < len + 1)
	{
		if (cache->name)
			pfree(cache->name);
		cache->name = MemoryContextAlloc(flinfo->fn_mcxt, len + 1);
		cache->namecap = len + 1;
	}
	memcpy(cache->name, cname, len + 1);
	cache->namelen = len;
	cache->epoch = named_epoch;
	pfree(cname);
	return cache->compiled;
}

SlmCompiled *
slm_compiled_name_arg(FunctionCallInfo fcinfo, int argno)
{
	return slm_compiled_for_name(fcinfo->flinfo, PG_GETARG_TEXT_PP(argno));
}

/*
 * slm_calendars_changed - statement trigger on slm.calendars, and on the
 * model tables as slm.model_changed: tell every session (this one
 * included) that the table changed.  The relcache callbacks here and in
 * clock_model.c drop what they compiled or read from it.
 */
PG_FUNCTION_INFO_V1(slm_calendars_changed);
Datum
slm_calendars_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	slm_require_trigger(fcinfo);
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	PG_RETURN_POINTER(NULL);
}

/*
 * slm_calendar_cache_stats - what this backend has compiled and kept:
 * compilations so far, named calendars held, and their memory
 */
PG_FUNCTION_INFO_V1(slm_calendar_cache_stats);
Datum
slm_calendar_cache_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int64		memory = 0;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (named_context != NULL && named_built == named_generation)
		for (int i = 0; i < named_count; i++)
			memory += (int64) slm_compiled_memory(named[i].cc.compiled);
	values[0] = Int64GetDatum(compilations);
	values[1] = Int32GetDatum(named_context != NULL && named_built == named_generation ? named_count : 0);
	values[2] = Int64GetDatum(memory);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}
