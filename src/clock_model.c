/*-------------------------------------------------------------------------
 *
 * clock_model.c
 *	  What the tracking trigger needs of the SLA model, cached per backend:
 *	  the targets in force with their compiled calendars, each agreement's
 *	  time zone, customer tiers, and the column mappings of tracked tables.
 *
 * The trigger runs for every ticket row, and asking the model tables
 * through SQL for each row costs more than all the rest of its work.  So
 * the small tables (targets, agreements, services, calendars) are read
 * once into memory and matched there, exactly as slm.matching_targets
 * matches them; customers and mappings are read when first needed and
 * remembered.
 *
 * Staleness: a statement-level trigger on each model table
 * (slm.model_changed) sends a relcache invalidation for that table; our
 * relcache callback then bumps a generation counter, and the next look-up
 * drops everything and reads again.  The invalidation reaches this session
 * at the end of the changing statement and the others at their next
 * transaction, as for named calendars (calendar_cache.c).
 *
 * Clocks and model stay in step across sessions: a model change brings
 * the running clocks up to it at its commit (model_resync.c), under a SHARE
 * ROW EXCLUSIVE lock on slm.clocks, and whoever reads the model here is
 * about to write clocks with it, so holds ROW EXCLUSIVE on slm.clocks from
 * its first look-up to the end of its transaction.  Either the resync
 * waits for that transaction and then sees its tickets, or the transaction
 * waits for the resync's commit, takes in its invalidations as the lock is
 * granted, and reads the changed model.  The model is read with the
 * latest snapshot, not the statement's, which may be older than that
 * commit.  (Before, a ticket opened or changed while a holiday was being
 * added kept due times that ignored the holiday.)
 *
 * Reading the model compiles calendars and could fail (a time zone that the
 * server no longer knows, say).  It runs in a subtransaction: on failure the
 * model is marked unusable until the next change, and the trigger reports
 * the problem (slm_model_problem) as a WARNING without losing the user's
 * row.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_model.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "base.h"
#include "calendar.h"
#include "classify.h"
#include "clock_model.h"
#include "tracking.h"

/* The model tables whose changes drop the cache. */
static const char *const watched_tables[] = {
	"calendars", "services", "customers", "tier_thresholds", "priority_matrix",
	"agreements", "targets", "tracked_tables"
};
#define NUM_WATCHED lengthof(watched_tables)

#define MAX_TIERS 4096			/* customers remembered before starting over */
#define MAX_TIER_NAME 256		/* longer names are looked up every time */

typedef struct TierEntry
{
	char		name[MAX_TIER_NAME];	/* hash key */
	char		tier[16];
} TierEntry;

/* What a relation whose rows fire the trigger is tracked as (NULL: none). */
typedef struct TableOfEntry
{
	Oid			relid;			/* hash key */
	const SlmTrackedTable *m;
} TableOfEntry;

typedef struct NamedCompiled
{
	char	   *name;
	SlmCompiled *compiled;
} NamedCompiled;

typedef struct AgreementZone
{
	int32		agreement;
	char	   *zone;			/* NULL: unknown */
} AgreementZone;

typedef struct Model
{
	MemoryContext ctx;
	uint64		generation;		/* model_generation when read */
	bool		usable;			/* false: reading failed (problem says why) */
	char	   *problem;
	SlmTarget  *targets;
	int			ntargets;
	bool		pauses_by_target;	/* some target sets its own pause statuses */
	AgreementZone *zones;
	int			nzones;
	NamedCompiled *calendars;
	int			ncalendars;
	HTAB	   *tiers;
	int			ntiers;
	PriorityMatrix *matrix;
	SlmTrackedTable **tables;
	int			ntables;
	int			tables_cap;
	HTAB	   *table_of;		/* TableOfEntry by relid, NULL until asked */
} Model;

static uint64 model_generation = 1;
/* relcache invalidations seen, to tell whether one came during a look-up */
static uint64 relcache_invalidations = 0;
static Oid	watched_relids[NUM_WATCHED];
static Oid	clocks_relid = InvalidOid;
static Model model;

static SPIPlanPtr tier_plan = NULL;
static SPIPlanPtr mapping_plan = NULL;

static void
model_invalidate(Datum arg, Oid relid)
{
	relcache_invalidations++;
	/* a relation attached or detached as a partition may be tracked otherwise */
	if (model.table_of != NULL && OidIsValid(relid))
		hash_search(model.table_of, &relid, HASH_REMOVE, NULL);
	if (relid == InvalidOid)
	{
		model_generation++;
		return;
	}
	for (int i = 0; i < (int) NUM_WATCHED; i++)
		if (relid == watched_relids[i])
		{
			model_generation++;
			return;
		}
}

void
slm_clock_model_init(void)
{
	CacheRegisterRelcacheCallback(model_invalidate, (Datum) 0);
}

static void
resolve_watched(void)
{
	Oid			nsp = get_namespace_oid("slm", true);

	for (int i = 0; i < (int) NUM_WATCHED; i++)
		watched_relids[i] = OidIsValid(nsp) ? get_relname_relid(watched_tables[i], nsp) : InvalidOid;
	clocks_relid = slm_clocks_relid();
}

/*
 * Hold ROW EXCLUSIVE on slm.clocks before the model is looked at (see the
 * head comment).  Taking a lock this transaction already holds costs a
 * look-up in its local lock table.
 */
static void
lock_clocks_for_writing(void)
{
	if (!OidIsValid(clocks_relid))
		clocks_relid = slm_clocks_relid();
	if (OidIsValid(clocks_relid))
		LockRelationOid(clocks_relid, RowExclusiveLock);
}

static char *
getstr(HeapTuple tup, TupleDesc desc, int col, MemoryContext mcxt)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);

	if (isnull)
		return NULL;
	return MemoryContextStrdup(mcxt, TextDatumGetCString(d));
}

static void text_array_to_strings(Datum d, char ***out, int *n, MemoryContext mcxt);

/* ---------------------------------------------------------------------
 * Reading the model
 * ---------------------------------------------------------------------
 */
static void
read_targets(void)
{
	TypeCacheEntry *rangetyp = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);

	if (SPI_execute("SELECT f.kind, f.service, f.counterparty, f.metric, f.priority, f.tier, f.valid, "
					"f.zone, f.agreement, f.target, f.goal, f.calendar, f.warn_at, f.pause_statuses, "
					"f.category, f.agreement_name "
					"FROM slm.targets_in_force f", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.targets_in_force");
	model.ntargets = (int) SPI_processed;
	model.targets = MemoryContextAllocZero(model.ctx, sizeof(SlmTarget) * (model.ntargets + 1));
	for (int i = 0; i < model.ntargets; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		SlmTarget  *t = &model.targets[i];
		bool		isnull;
		Datum		d;
		RangeBound	lower,
					upper;
		bool		empty;

		t->kind = getstr(tup, desc, 1, model.ctx);
		t->service = getstr(tup, desc, 2, model.ctx);
		t->counterparty = getstr(tup, desc, 3, model.ctx);
		t->metric = getstr(tup, desc, 4, model.ctx);
		d = SPI_getbinval(tup, desc, 5, &isnull);
		t->has_priority = !isnull;
		t->priority = isnull ? 0 : DatumGetInt32(d);
		t->tier = getstr(tup, desc, 6, model.ctx);
		d = SPI_getbinval(tup, desc, 7, &isnull);
		range_deserialize(rangetyp, DatumGetRangeTypeP(d), &lower, &upper, &empty);
		t->valid_empty = empty;
		t->lower_inf = lower.infinite;
		t->lower_inc = lower.inclusive;
		t->lower = lower.infinite ? 0 : DatumGetDateADT(lower.val);
		t->upper_inf = upper.infinite;
		t->upper_inc = upper.inclusive;
		t->upper = upper.infinite ? 0 : DatumGetDateADT(upper.val);
		t->zone = getstr(tup, desc, 8, model.ctx);
		t->agreement = DatumGetInt32(SPI_getbinval(tup, desc, 9, &isnull));
		t->target = DatumGetInt32(SPI_getbinval(tup, desc, 10, &isnull));
		d = SPI_getbinval(tup, desc, 11, &isnull);
		t->has_goal = !isnull;
		if (!isnull)
			t->goal = *(SlmTimeInterval *) DatumGetIntervalP(d);
		t->calendar = getstr(tup, desc, 12, model.ctx);
		d = SPI_getbinval(tup, desc, 13, &isnull);
		{
			MemoryContext old = MemoryContextSwitchTo(model.ctx);

			t->warn_at = datumCopy(d, false, -1);
			MemoryContextSwitchTo(old);
		}
		t->warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, d));
		d = SPI_getbinval(tup, desc, 14, &isnull);
		t->has_pause_statuses = !isnull;
		if (!isnull)
			text_array_to_strings(d, &t->pause_statuses, &t->npause_statuses, model.ctx);
		model.pauses_by_target |= t->has_pause_statuses;
		t->category = getstr(tup, desc, 15, model.ctx);
		t->agreement_name = getstr(tup, desc, 16, model.ctx);
	}
}

static void
read_zones(void)
{
	if (SPI_execute("SELECT z.agreement, z.zone FROM slm.agreement_zones z", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.agreement_zones");
	model.nzones = (int) SPI_processed;
	model.zones = MemoryContextAllocZero(model.ctx, sizeof(AgreementZone) * (model.nzones + 1));
	for (int i = 0; i < model.nzones; i++)
	{
		bool		isnull;

		model.zones[i].agreement = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
															   1, &isnull));
		model.zones[i].zone = getstr(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, model.ctx);
	}
}

/*
 * Compile every calendar a target of any agreement runs on, active or not,
 * so that clocks started under a retired target still find theirs.
 */
static void
read_calendars(void)
{
	SPITupleTable *tuptable;
	uint64		n;

	if (SPI_execute("SELECT c.name, c.calendar FROM slm.calendars c "
					"WHERE c.name OPERATOR(pg_catalog.=) ANY (SELECT coalesce(t.calendar, s.calendar) FROM slm.targets t "
					"JOIN slm.agreements a ON a.id OPERATOR(pg_catalog.=) t.agreement "
					"JOIN slm.services s ON s.name OPERATOR(pg_catalog.=) a.service)",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read slm.calendars");
	tuptable = SPI_tuptable;
	n = SPI_processed;
	model.calendars = MemoryContextAllocZero(model.ctx, sizeof(NamedCompiled) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(tuptable->vals[i], tuptable->tupdesc, 2, &isnull);

		if (isnull)
			continue;
		model.calendars[model.ncalendars].name = getstr(tuptable->vals[i], tuptable->tupdesc, 1, model.ctx);
		model.calendars[model.ncalendars].compiled =
			slm_compile_calendar_in(model.ctx, DatumGetCalendarP(d));
		model.ncalendars++;
		CHECK_FOR_INTERRUPTS();
	}
}

/* An empty table of customers' tiers, in the model's memory. */
static HTAB *
new_tier_table(void)
{
	HASHCTL		hctl;

	hctl.keysize = MAX_TIER_NAME;
	hctl.entrysize = sizeof(TierEntry);
	hctl.hcxt = model.ctx;
	return hash_create("slm customer tiers", 256, &hctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
}

static void
model_read(void)
{
	if (model.ctx != NULL)
		MemoryContextDelete(model.ctx);
	memset(&model, 0, sizeof(model));
	model.ctx = AllocSetContextCreate(CacheMemoryContext, "slm clock model", ALLOCSET_DEFAULT_SIZES);
	model.generation = model_generation;
	resolve_watched();

	model.tiers = new_tier_table();

	PushActiveSnapshot(GetLatestSnapshot());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	read_targets();
	read_zones();
	read_calendars();
	SPI_finish();
	model.matrix = slm_read_priority_matrix(model.ctx);
	PopActiveSnapshot();
	model.usable = true;
}

/* Why the model could not be read, for the warning that follows. */
const char *
slm_model_problem(void)
{
	return model.problem != NULL ? model.problem : "the SLA model cannot be read";
}

static void
model_read_arg(void *arg)
{
	model_read();
}

/*
 * The model, read again if a model table changed since.  Returns false
 * when it cannot be read (slm_model_problem says why).  For those who
 * write clocks with it: holds ROW EXCLUSIVE on slm.clocks to the end of
 * the transaction.
 */
bool
slm_model_ready(void)
{
	ErrorData  *edata;
	Oid			clocks_was;

	lock_clocks_for_writing();
	if (model.ctx != NULL && model.generation == model_generation)
		return model.usable;

	clocks_was = clocks_relid;

	if ((edata = slm_try_in_subtransaction(model_read_arg, NULL)) != NULL)
	{
		/* keep the (empty) model of this generation, marked unusable */
		if (model.ctx == NULL)
			model.ctx = AllocSetContextCreate(CacheMemoryContext, "slm clock model", ALLOCSET_DEFAULT_SIZES);
		model.generation = model_generation;
		model.usable = false;
		model.ntargets = model.nzones = model.ncalendars = model.ntables = 0;
		model.tiers = NULL;
		model.tables = NULL;
		model.table_of = NULL;
		model.problem = MemoryContextStrdup(model.ctx, psprintf("the SLA model cannot be read: %s", edata->message));
		FreeErrorData(edata);
	}
	/* slm.clocks made anew (the extension dropped and created again) */
	if (clocks_relid != clocks_was)
		lock_clocks_for_writing();
	return model.usable;
}

/* ---------------------------------------------------------------------
 * Look-ups
 * ---------------------------------------------------------------------
 */

/*
 * The priority of an impact and an urgency, as slm.priority gives it (see
 * classify.c); false when there is none, where slm.priority raises an error.
 */
bool
slm_model_priority(int32 impact, int32 urgency, int32 *priority)
{
	*priority = model.matrix != NULL ? slm_matrix_priority(model.matrix, impact, urgency) : 0;
	return *priority != 0;
}

/* The compiled calendar of a name; NULL when the model does not hold it. */
SlmCompiled *
slm_model_calendar(const char *name)
{
	for (int i = 0; i < model.ncalendars; i++)
		if (strcmp(model.calendars[i].name, name) == 0)
			return model.calendars[i].compiled;
	return NULL;
}

/* The time zone of an agreement's service calendar; NULL when unknown. */
const char *
slm_model_agreement_zone(int32 agreement)
{
	for (int i = 0; i < model.nzones; i++)
		if (model.zones[i].agreement == agreement)
			return model.zones[i].zone;
	return NULL;
}

/* The date of an instant in a zone, as date(timezone(zone, at)) gives it. */
DateADT
slm_local_date(const char *zone, TimestampTz at)
{
	Datum		local = DirectFunctionCall2(timestamptz_zone, CStringGetTextDatum(zone),
											TimestampTzGetDatum(at));

	return DatumGetDateADT(DirectFunctionCall1(timestamp_date, local));
}

static bool
valid_on(const SlmTarget *t, DateADT d)
{
	if (t->valid_empty)
		return false;
	if (!t->lower_inf && (t->lower_inc ? d < t->lower : d <= t->lower))
		return false;
	if (!t->upper_inf && (t->upper_inc ? d > t->upper : d >= t->upper))
		return false;
	return true;
}

static bool
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * Whether a target is for a key's values, and in force on the day the key's
 * clock started in its service's zone (*date_zone and *date keep the last
 * day worked out, as the targets of one service share a zone); by the
 * agreement the ticket names (named), or else by service and counterparty.
 */
static bool
target_fits(const SlmTarget *t, const SlmTargetKey *k, bool named, const char **date_zone, DateADT *date)
{
	if (!eq(t->kind, k->kind) || !eq(t->metric, k->metric))
		return false;
	if (named)
	{
		if (!eq(t->agreement_name, k->agreement))
			return false;
	}
	else if (!eq(t->service, k->service) ||
			 !(eq(t->counterparty, k->counterparty) || (t->counterparty == NULL && strcmp(k->kind, "SLA") == 0)))
		return false;
	if (t->has_priority && !(k->has_priority && t->priority == k->priority))
		return false;
	if (t->tier != NULL && !eq(t->tier, k->tier))
		return false;
	if (t->category != NULL && !eq(t->category, k->category))
		return false;
	if (t->zone == NULL)
		return false;
	if (*date_zone == NULL || strcmp(*date_zone, t->zone) != 0)
	{
		*date = slm_local_date(t->zone, k->at);
		*date_zone = t->zone;
	}
	return valid_on(t, *date);
}

/*
 * The target in force for a clock, as slm.matching_targets chooses it:
 * for an SLA clock of a ticket that names its agreement (GLPI's SLA on the
 * ticket), that agreement's target for the metric if it has one; else a
 * target of the service: a counterparty's own agreement before one for all
 * (SLA only), a target for the category before one for all categories,
 * for the tier before one for all tiers, for the priority before one for
 * all, then the lowest agreement id; the agreement valid on the day the
 * clock started, in its service's zone.  NULL when none applies.
 */
const SlmTarget *
slm_model_target(const SlmTargetKey *k)
{
	const SlmTarget *best = NULL;
	const char *date_zone = NULL;
	DateADT		date = 0;

	/* pass 0: the agreement the ticket names (SLA only); pass 1, if that gave none: the service's */
	for (int pass = k->agreement != NULL && strcmp(k->kind, "SLA") == 0 ? 0 : 1; pass < 2 && best == NULL; pass++)
		for (int i = 0; i < model.ntargets; i++)
		{
			const SlmTarget *t = &model.targets[i];

			if (!target_fits(t, k, pass == 0, &date_zone, &date))
				continue;
			if (best == NULL)
				best = t;
			else
			{
				/* ORDER BY counterparty IS NULL, category IS NULL, tier IS NULL, priority IS NULL, agreement */
				int			a[4] = {t->counterparty == NULL, t->category == NULL, t->tier == NULL, !t->has_priority};
				int			b[4] = {best->counterparty == NULL, best->category == NULL, best->tier == NULL,
				!best->has_priority};
				int			cmp = 0;

				for (int j = 0; j < 4 && cmp == 0; j++)
					cmp = a[j] - b[j];
				if (cmp == 0)
					cmp = (t->agreement > best->agreement) - (t->agreement < best->agreement);
				if (cmp < 0)
					best = t;
			}
		}
	return best;
}

/*
 * A customer's tier, as slm.customer_tier gives it: set, else derived from
 * its scores, else standard.  Returns a string that lives until the model
 * is read again.  Runs SQL on the first look-up of each customer.
 */
const char *
slm_model_customer_tier(const char *customer)
{
	static char result[16];
	TierEntry  *entry = NULL;
	bool		found;
	Datum		arg;
	char	   *tier = NULL;

	if (customer == NULL)
		return "standard";
	if (model.tiers != NULL && strlen(customer) < MAX_TIER_NAME)
	{
		entry = hash_search(model.tiers, customer, HASH_FIND, &found);
		if (entry != NULL)
			return entry->tier;
	}

	PushActiveSnapshot(GetLatestSnapshot());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	slm_keep_plan(&tier_plan, "SELECT coalesce(c.tier, slm.classify_tier(c.importance, c.urgency, c.complexity)) "
				  "FROM slm.customers c WHERE c.name OPERATOR(pg_catalog.=) $1",
				  1, (Oid[]) {TEXTOID});
	arg = CStringGetTextDatum(customer);
	if (SPI_execute_plan(tier_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "customer tier look-up failed");
	if (SPI_processed > 0)
		tier = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, CurrentMemoryContext);
	SPI_finish();
	PopActiveSnapshot();
	strlcpy(result, tier != NULL && strlen(tier) < sizeof(result) ? tier : "standard", sizeof(result));

	if (model.tiers != NULL && strlen(customer) < MAX_TIER_NAME)
	{
		if (model.ntiers >= MAX_TIERS)
		{
			hash_destroy(model.tiers);
			model.tiers = new_tier_table();
			model.ntiers = 0;
		}
		entry = hash_search(model.tiers, customer, HASH_ENTER, &found);
		strlcpy(entry->tier, result, sizeof(entry->tier));
		model.ntiers++;
		return entry->tier;
	}
	return result;
}

static void
text_array_to_strings(Datum d, char ***out, int *n, MemoryContext mcxt)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;

	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	*out = MemoryContextAllocZero(mcxt, sizeof(char *) * (count + 1));
	*n = 0;
	for (int i = 0; i < count; i++)
		if (!nulls[i])
			(*out)[(*n)++] = MemoryContextStrdup(mcxt, TextDatumGetCString(elems[i]));
}

/* A text array's elements by position, NULL where the array has NULL. */
static void
text_array_to_positions(Datum d, char ***out, int *n, MemoryContext mcxt)
{
	Datum	   *elems;
	bool	   *nulls;

	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	*out = MemoryContextAllocZero(mcxt, sizeof(char *) * (*n + 1));
	for (int i = 0; i < *n; i++)
		(*out)[i] = nulls[i] ? NULL : MemoryContextStrdup(mcxt, TextDatumGetCString(elems[i]));
}

/*
 * How a tracked table maps its columns (its row of slm.tracked_tables);
 * NULL when the table is not tracked.
 */
const SlmTrackedTable *
slm_model_tracked_table(Oid relid)
{
	SlmTrackedTable *m;
	Datum		arg = ObjectIdGetDatum(relid);
	bool		isnull;

	for (int i = 0; i < model.ntables; i++)
		if (model.tables[i]->relid == relid)
			return model.tables[i];

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* the roles in SlmRole's order, then the rules; look-ups by role in that order */
	if (mapping_plan == NULL)
	{
		StringInfoData sql;

		initStringInfo(&sql);
		appendStringInfoString(&sql, "SELECT ");
		for (int r = 0; r < SLM_NUM_ROLES; r++)
			appendStringInfo(&sql, "t.%s, ", slm_role_names[r]);
		appendStringInfoString(&sql, "t.paused_statuses, t.supplier_statuses, t.default_service, "
							   "COALESCE(t.resolved_statuses, '{}'::pg_catalog.text[]), t.local_zone, "
							   "ARRAY(SELECT t.lookups OPERATOR(pg_catalog.->>) r.role FROM pg_catalog.unnest(ARRAY[");
		for (int r = 0; r < SLM_NUM_ROLES; r++)
			appendStringInfo(&sql, "%s'%s'", r > 0 ? ", " : "", slm_role_names[r]);
		appendStringInfoString(&sql, "]) WITH ORDINALITY r(role, i) ORDER BY r.i), "
							   "ARRAY(SELECT e.key FROM pg_catalog.jsonb_each(t.cancel_when) e, "
							   "pg_catalog.jsonb_array_elements_text(e.value) v ORDER BY 1), "
							   "ARRAY(SELECT v FROM pg_catalog.jsonb_each(t.cancel_when) e, "
							   "pg_catalog.jsonb_array_elements_text(e.value) v ORDER BY e.key), "
							   "t.responses OPERATOR(pg_catalog.->>) 'query', "
							   "t.group_links OPERATOR(pg_catalog.->>) 'query' "
							   "FROM slm.tracked_tables t WHERE t.tbl OPERATOR(pg_catalog.=) $1::pg_catalog.regclass");
		slm_keep_plan(&mapping_plan, sql.data, 1, (Oid[]) {OIDOID});
	}
	if (SPI_execute_plan(mapping_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "tracked table look-up failed");
	if (SPI_processed == 0)
	{
		SPI_finish();
		return NULL;
	}
	m = MemoryContextAllocZero(model.ctx, sizeof(SlmTrackedTable));
	m->relid = relid;
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		m->column[r] = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, r + 1, model.ctx);
	text_array_to_strings(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 1, &isnull),
						  &m->rules.paused_statuses, &m->rules.npaused, model.ctx);
	text_array_to_strings(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 2, &isnull),
						  &m->rules.supplier_statuses, &m->rules.nsupplier, model.ctx);
	m->rules.default_service = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 3, model.ctx);
	text_array_to_strings(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 4, &isnull),
						  &m->rules.resolved_statuses, &m->rules.nresolved, model.ctx);
	m->local_zone = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 5, model.ctx);
	m->rules.pauses_by_target = model.pauses_by_target;
	{
		char	  **lookups;
		int			nlookups;

		/* nulls are skipped, so read them by position from the array with nulls */
		text_array_to_positions(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 6,
											  &isnull), &lookups, &nlookups, model.ctx);
		for (int r = 0; r < SLM_NUM_ROLES && r < nlookups; r++)
			m->lookup[r] = lookups[r];
	}
	text_array_to_strings(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 7, &isnull),
						  &m->cancel_column, &m->ncancel, model.ctx);
	{
		int			nvalues;

		text_array_to_strings(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 8,
											&isnull), &m->cancel_value, &nvalues, model.ctx);
		Assert(nvalues == m->ncancel);
	}
	m->responses_query = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 9, model.ctx);
	m->group_links_query = getstr(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, SLM_NUM_ROLES + 10, model.ctx);
	if (m->local_zone != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(model.ctx);

		m->local_zone_text = CStringGetTextDatum(m->local_zone);
		MemoryContextSwitchTo(old);
	}
	m->attnum_cache = MemoryContextAllocZero(model.ctx, sizeof(AttrNumber) * (SLM_NUM_ROLES + m->ncancel));
	m->last_local = MemoryContextAlloc(model.ctx, sizeof(Timestamp) * SLM_NUM_ROLES);
	m->last_instant = MemoryContextAlloc(model.ctx, sizeof(TimestampTz) * SLM_NUM_ROLES);
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		m->last_local[r] = DT_NOBEGIN;	/* none yet: no local time converts to it */
	SPI_finish();

	if (model.ntables >= model.tables_cap)
	{
		int			cap = Max(8, model.tables_cap * 2);
		SlmTrackedTable **tables = MemoryContextAllocZero(model.ctx, sizeof(SlmTrackedTable *) * cap);

		if (model.ntables > 0)
			memcpy(tables, model.tables, sizeof(SlmTrackedTable *) * model.ntables);
		model.tables = tables;
		model.tables_cap = cap;
	}
	model.tables[model.ntables++] = m;
	return m;
}

/*
 * What the rows of a relation are tracked as: its own mapping, or for a
 * partition (where the trigger fires, cloned from the partitioned table
 * that slm.attach was given) that of its nearest tracked ancestor, whose
 * oid the clocks carry; NULL when none is tracked.
 *
 * The trigger asks this for every row.  A relation not in
 * slm.tracked_tables costs a query to find that out, and a partition the
 * reading of its ancestors besides (about half again the time of a tracked
 * UPDATE of a partitioned table), so the answer is remembered, absent or
 * not, until the model changes or the relation's relcache entry is
 * invalidated (attaching or detaching a partition does that).
 */
const SlmTrackedTable *
slm_model_tracked_table_of(Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	uint64		invalidations = relcache_invalidations;
	const SlmTrackedTable *m;
	TableOfEntry *entry;

	if (model.table_of == NULL)
	{
		HASHCTL		hctl;

		hctl.keysize = sizeof(Oid);
		hctl.entrysize = sizeof(TableOfEntry);
		hctl.hcxt = model.ctx;
		model.table_of = hash_create("slm tracked tables by relation", 16, &hctl,
									 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(model.table_of, &relid, HASH_FIND, NULL);
	if (entry != NULL)
		return entry->m;

	m = slm_model_tracked_table(relid);
	if (m == NULL && rel->rd_rel->relispartition)
	{
		ListCell   *lc;

		foreach(lc, get_partition_ancestors(relid))
		{
			if ((m = slm_model_tracked_table(lfirst_oid(lc))) != NULL)
				break;
		}
	}
	/* an invalidation meanwhile may have made the answer stale: ask again next time */
	if (invalidations == relcache_invalidations && model.table_of != NULL)
	{
		entry = hash_search(model.table_of, &relid, HASH_ENTER, NULL);
		entry->m = m;
	}
	return m;
}

/* ---------------------------------------------------------------------
 * The model as the clock rules consult it (SlmClockModel)
 * ---------------------------------------------------------------------
 */
static const SlmTarget *
rules_target(void *arg, const SlmTargetKey *key)
{
	return slm_model_target(key);
}

static const SlmTarget *
rules_target_pausing(void *arg, int32_t target)
{
	if (!model.pauses_by_target)
		return NULL;
	for (int i = 0; i < model.ntargets; i++)
		if (model.targets[i].target == target)
			return &model.targets[i];
	return NULL;
}

static const char *
rules_customer_tier(void *arg, const char *customer)
{
	return slm_model_customer_tier(customer);
}

static SlmCompiled *
rules_calendar(void *arg, const char *name)
{
	return slm_model_calendar(name);
}

static const char *
rules_agreement_zone(void *arg, int32_t agreement)
{
	return slm_model_agreement_zone(agreement);
}

static slm_date
rules_local_date(void *arg, const char *zone, slm_time at)
{
	return slm_local_date(zone, at);
}

/*
 * This backend's model, for the clock rules: the look-ups above.  Read it
 * (slm_model_ready) before the rules run.
 */
const SlmClockModel *
slm_model_for_rules(void)
{
	static const SlmClockModel model_for_rules = {
		rules_target, rules_target_pausing, rules_customer_tier, rules_calendar, rules_agreement_zone,
		rules_local_date, NULL
	};

	return &model_for_rules;
}
