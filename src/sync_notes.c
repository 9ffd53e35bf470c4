/*-------------------------------------------------------------------------
 *
 * sync_notes.c
 *	  What the clock rules did that slm tells the user: as a NOTICE,
 *	  tickets that no SLA target applies to and running clocks cancelled
 *	  because no target applies to them any more; as a WARNING, tickets
 *	  whose change slm could not track.
 *
 * The notes of many changes are tallied per tracked table and reported
 * once: for a statement's rows when its triggers have run (clock_trigger.c)
 * and for a rebuild when it ends (clock_rebuild.c).  A load of 100,000
 * tickets on a priority without a target gets one NOTICE that counts them
 * and names the first few, not 100,000 NOTICEs; one whose look-up table is
 * gone, one WARNING per problem.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/sync_notes.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "base.h"
#include "tracking.h"

/* how many tickets, or cancelled clocks, a message names before "and N more" */
#define NOTES_NAMED 10
/* how many problems a tally keeps apart; a ticket with yet another is told at once */
#define PROBLEMS_KEPT 10

/* Tickets whose change could not be tracked for one problem. */
typedef struct NotedProblem
{
	char	   *problem;
	int64		tickets;
	StringInfoData named;		/* the first few keys */
	bool		keyless;		/* rows whose keys slm could not read */
} NotedProblem;

/* A ticket's key as a message names it: a long one by its beginning. */
const char *
slm_key_for_message(const char *key)
{
	int			len = strlen(key);

	if (len <= 64)
		return key;
	return psprintf("%.*s...", pg_mbcliplen(key, len, 60), key);
}

/*
 * One more of what a message counts, the count-th (from 0): named in
 * named, after a comma, if it is among the first NOTES_NAMED.
 */
static void
name_one(StringInfo named, int64 count, const char *name)
{
	if (count < NOTES_NAMED)
		appendStringInfo(named, "%s%s", count > 0 ? ", " : "", name);
}

/* An empty tally for tracked table tbl, in the current memory context. */
void
slm_note_tally_init(NoteTally *tally, Oid tbl)
{
	memset(tally, 0, sizeof(*tally));
	tally->tbl = tbl;
	tally->cxt = CurrentMemoryContext;
	initStringInfo(&tally->without_sla_named);
	initStringInfo(&tally->cancelled_named);
}

/*
 * Add the notes of one change of ticket key (a copy of what is named is
 * kept in the tally's memory, so notes may be freed after).
 */
void
slm_note_tally_add(NoteTally *tally, const SyncNotes *notes, const char *key)
{
	MemoryContext caller = MemoryContextSwitchTo(tally->cxt);

	if (notes->without_sla)
	{
		if (key != NULL)
			name_one(&tally->without_sla_named, tally->without_sla, slm_key_for_message(key));
		tally->without_sla++;
	}
	if (notes->ncancelled > 0)
	{
		tally->cancelled_tickets++;
		for (int i = 0; i < notes->ncancelled; i++)
		{
			if (tally->cancelled_clocks < NOTES_NAMED)
				name_one(&tally->cancelled_named, tally->cancelled_clocks,
						 psprintf("%s (%s %s)", slm_key_for_message(notes->cancelled[i].ticket),
								  notes->cancelled[i].kind, notes->cancelled[i].metric));
			tally->cancelled_clocks++;
		}
	}
	MemoryContextSwitchTo(caller);
}

/*
 * Add a ticket (key) whose change could not be tracked, for problem; key
 * NULL, a row whose key slm could not read, is counted but not named (a
 * problem is of rows of one kind or the other).  False when the tally
 * keeps PROBLEMS_KEPT others already: the caller tells it at once.
 */
bool
slm_note_tally_fail(NoteTally *tally, const char *key, const char *problem)
{
	MemoryContext caller = MemoryContextSwitchTo(tally->cxt);
	NotedProblem *p = NULL;
	ListCell   *lc;

	foreach(lc, tally->problems)
	{
		if (strcmp(((NotedProblem *) lfirst(lc))->problem, problem) == 0)
			p = (NotedProblem *) lfirst(lc);
	}
	if (p == NULL)
	{
		if (list_length(tally->problems) >= PROBLEMS_KEPT)
		{
			MemoryContextSwitchTo(caller);
			return false;
		}
		p = palloc0(sizeof(NotedProblem));
		p->problem = pstrdup(problem);
		initStringInfo(&p->named);
		tally->problems = lappend(tally->problems, p);
	}
	if (key != NULL)
		name_one(&p->named, p->tickets, slm_key_for_message(key));
	p->keyless = key == NULL;
	p->tickets++;
	MemoryContextSwitchTo(caller);
	return true;
}

/* "a, b, c" or "a, b, c, and 7 more": the first NOTES_NAMED of count */
static char *
named_and_more(const StringInfoData *named, int64 count)
{
	if (count <= NOTES_NAMED)
		return named->data;
	return psprintf("%s, and " INT64_FORMAT " more", named->data, count - NOTES_NAMED);
}

static int
check_targets_hint(int64 tickets)
{
	return tickets == 1 ? errhint("Check the ticket's service, customer and priority against slm.targets.")
		: errhint("Check the tickets' service, customer and priority against slm.targets.");
}

/*
 * The WARNING that the changes of tickets of tracked table tbl could not
 * be tracked for a problem: the ticket named (tickets 1), or counted with
 * the first few named; named NULL, rows whose keys slm could not read,
 * counted.
 */
void
slm_warn_not_tracked(Oid tbl, int64 tickets, const char *named, const char *problem)
{
	char	   *table_name = slm_relation_name(tbl);

	if (named == NULL)
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg_plural("slm could not track the change of " INT64_FORMAT " row of %s: %s",
							   "slm could not track the changes of " INT64_FORMAT " rows of %s: %s",
							   tickets, tickets, table_name, problem),
				 tickets == 1
				 ? errhint("The change was made; slm.rebuild('%s') brings the clocks up to date once this is fixed.",
						   table_name)
				 : errhint("The changes were made; slm.rebuild('%s') brings the clocks up to date once this is fixed.",
						   table_name)));
	else if (tickets == 1)
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not track ticket %s of %s: %s", named, table_name, problem),
				 errhint("The row was written; slm.rebuild('%s') recomputes its clocks once this is fixed.",
						 table_name)));
	else
		ereport(WARNING,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("slm could not track " INT64_FORMAT " tickets of %s: %s", tickets, table_name, problem),
				 errdetail("Tickets %s.", named),
				 errhint("The rows were written; slm.rebuild('%s') recomputes their clocks once this is fixed.",
						 table_name)));
}

/*
 * The messages the tally calls for: a WARNING per problem that kept
 * tickets from being tracked, a NOTICE for the running clocks cancelled
 * and one for the tickets without an SLA clock, each counting the tickets
 * and naming the first few.
 */
void
slm_note_tally_report(const NoteTally *tally)
{
	char	   *table_name;
	ListCell   *lc;

	foreach(lc, tally->problems)
	{
		NotedProblem *p = (NotedProblem *) lfirst(lc);

		slm_warn_not_tracked(tally->tbl, p->tickets, p->keyless ? NULL : named_and_more(&p->named, p->tickets),
							 p->problem);
	}
	if (tally->cancelled_tickets == 0 && tally->without_sla == 0)
		return;
	/* the tracked table (for a partition, its ancestor), schema-qualified */
	table_name = slm_relation_name(tally->tbl);
	if (tally->cancelled_tickets > 0)
		ereport(NOTICE,
				(errmsg_plural("no target applies any more to the running clocks of " INT64_FORMAT " ticket of %s: they are cancelled",
							   "no target applies any more to the running clocks of " INT64_FORMAT " tickets of %s: they are cancelled",
							   tally->cancelled_tickets, tally->cancelled_tickets, table_name),
				 errdetail("Cancelled: %s.", named_and_more(&tally->cancelled_named, tally->cancelled_clocks)),
				 check_targets_hint(tally->cancelled_tickets)));
	if (tally->without_sla > 0)
		ereport(NOTICE,
				(errmsg_plural("no SLA target applies to " INT64_FORMAT " ticket of %s, so it has no SLA clock",
							   "no SLA target applies to " INT64_FORMAT " tickets of %s, so they have no SLA clock",
							   tally->without_sla, tally->without_sla, table_name),
				 errdetail_plural("Ticket %s.", "Tickets %s.", tally->without_sla,
								  named_and_more(&tally->without_sla_named, tally->without_sla)),
				 check_targets_hint(tally->without_sla)));
}
