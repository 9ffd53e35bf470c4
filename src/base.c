/*-------------------------------------------------------------------------
 *
 * base.c
 *	  The base of slm's SQL layer, shared by every SQL-callable file:
 *	  memory for the engine, turning engine errors into ereport(), kept
 *	  SPI plans, time-only intervals, columns by name, subtransactions,
 *	  relation names and owners, and event triggers' commands.  It depends
 *	  on nothing of slm but the engine.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/base.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/resowner.h"

#include "base.h"

/*
 * The engine allocates through SlmAlloc.  Here that is the current memory
 * context, without erroring out on failure: the engine reports
 * SLM_ERR_NOMEM itself, after leaving its state whole.
 */
static void *
current_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended(CurrentMemoryContext, size, MCXT_ALLOC_NO_OOM);
}

static void
any_free(void *ctx, void *ptr)
{
	pfree(ptr);
}

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

const SlmAlloc *
slm_current_allocator(void)
{
	static const SlmAlloc alloc = {current_alloc, any_free, NULL, check_interrupts};

	return &alloc;
}

/*
 * Report an engine error.  what names the thing being read for syntax
 * errors ("calendar"); escontext makes input errors soft on PostgreSQL 16+.
 */
void
slm_report_error(const SlmError *err, const char *what, Node *escontext)
{
	int			code;

	switch (err->code)
	{
		case SLM_ERR_SYNTAX:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case SLM_ERR_RANGE:
			code = ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
			break;
		case SLM_ERR_NOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		case SLM_ERR_VALUE:
		default:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
	}
	if (err->code == SLM_ERR_SYNTAX)
		errsave(escontext,
				(errcode(code),
				 errmsg("invalid input syntax for type %s: %s", what, err->message),
				 err->detail[0] ? errdetail("%s", err->detail) : 0,
				 err->hint[0] ? errhint("%s", err->hint) : 0));
	else if (err->code == SLM_ERR_VALUE && what != NULL)
		errsave(escontext,
				(errcode(code),
				 errmsg("invalid %s: %s", what, err->message),
				 err->detail[0] ? errdetail("%s", err->detail) : 0,
				 err->hint[0] ? errhint("%s", err->hint) : 0));
	else
		errsave(escontext,
				(errcode(code),
				 errmsg("%s", err->message),
				 err->detail[0] ? errdetail("%s", err->detail) : 0,
				 err->hint[0] ? errhint("%s", err->hint) : 0));
}

/*
 * Prepare a statement once per session and keep it: *plan is set on the
 * first call (inside an SPI connection) and returned from then on.
 */
SPIPlanPtr
slm_keep_plan(SPIPlanPtr *plan, const char *sql, int nargs, const Oid *argtypes)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, (Oid *) argtypes);

		if (p == NULL || SPI_keepplan(p) != 0)
			elog(ERROR, "could not prepare \"%s\": %s", sql, SPI_result_code_string(SPI_result));
		*plan = p;
	}
	return *plan;
}

/* A time interval of a number of microseconds (no days, no months). */
Interval
slm_usecs_interval(int64 usecs)
{
	Interval	i;

	i.time = usecs;
	i.day = 0;
	i.month = 0;
	return i;
}

/* The same, palloc'd, for a Datum. */
Interval *
slm_interval_usecs(int64 usecs)
{
	Interval   *i = (Interval *) palloc(sizeof(Interval));

	*i = slm_usecs_interval(usecs);
	return i;
}

/* The attribute number of a live column by name; InvalidAttrNumber when there is none. */
AttrNumber
slm_column_attnum(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return att->attnum;
	}
	return InvalidAttrNumber;
}

/* A heap tuple over a composite value, to read its fields with heap_getattr. */
void
slm_composite_tuple(HeapTupleHeader row, HeapTupleData *tuple)
{
	tuple->t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple->t_self);
	tuple->t_tableOid = InvalidOid;
	tuple->t_data = row;
}

/*
 * Run fn(arg) in an internal subtransaction, as PL/pgSQL runs a block with
 * an EXCEPTION clause.  Returns NULL when it succeeded, or its error (in
 * the caller's memory context) when it failed and was rolled back.  A
 * cancel or a shutdown is not caught.
 */
ErrorData *
slm_try_in_subtransaction(void (*fn) (void *arg), void *arg)
{
	MemoryContext caller = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(caller);
	PG_TRY();
	{
		fn(arg);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(caller);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller);
		CurrentResourceOwner = owner;
		/* rolled back first: the statement fails whole, with no subtransaction left open */
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED || edata->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN)
			ReThrowError(edata);
	}
	PG_END_TRY();
	return edata;
}

/*
 * A relation's name qualified by its schema and quoted as needed, for
 * messages and for statements that name the relation.
 */
char *
slm_relation_name(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
}

/*
 * Set search_path to the schema of a relation, then pg_catalog, until
 * AtEOXact_GUC(true, level) with the level returned: the queries a user
 * gives for a ticket table (look-ups, responses) name the ticket system's
 * tables as the system does, whatever the session's path.
 */
int
slm_search_path_of(Oid relid)
{
	int			level = NewGUCNestLevel();
	char	   *nsp = get_namespace_name(get_rel_namespace(relid));

	(void) set_config_option("search_path", psprintf("%s, pg_catalog", quote_identifier(nsp)),
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	return level;
}

/* Whether the current user owns a relation (or is a superuser). */
bool
slm_user_owns(Oid relid)
{
#if PG_VERSION_NUM >= 160000
	return object_ownercheck(RelationRelationId, relid, GetUserId());
#else
	return pg_class_ownercheck(relid, GetUserId());
#endif
}

/* An error unless a trigger's function was called as a trigger. */
void
slm_require_trigger(FunctionCallInfo fcinfo)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s must be called as a trigger", format_procedure(fcinfo->flinfo->fn_oid))));
}

/*
 * The command an event trigger's function fires for; an error when the
 * function (named for the message) was called otherwise.
 */
Node *
slm_event_command(FunctionCallInfo fcinfo, const char *function)
{
	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s must be called as an event trigger", function)));
	return ((EventTriggerData *) fcinfo->context)->parsetree;
}
