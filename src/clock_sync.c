/*-------------------------------------------------------------------------
 *
 * clock_sync.c
 *	  The clock rules: given a ticket before and after a change, its live
 *	  clocks (TicketClocks) and the model, change the clock rows and add
 *	  new ones.  The trigger and slm.rebuild both drive this; nothing else
 *	  decides a clock.  No SPI here, and nothing is written: the callers
 *	  write the rows that changed (clock_store.c).
 *
 * The steps of a change, in order:
 *
 *	0. (a change of a row) the change's time (slm_ticket_change_time); a
 *	   wait on the customer pauses or resumes; a reopening starts new SLA
 *	   (and OLA) resolution cycles; a hand-off stops the team's hold and
 *	   starts the next team's; a wait on a supplier starts or stops a UC
 *	   clock;
 *	1. stops follow the ticket (slm_clock_stop), the SLA resolution clock's
 *	   latest cycle only; (rebuild) what the row says now about waits and
 *	   holders is re-derived, timed at the ticket's last status change; a
 *	   pause still open at a stop or cancellation ends there;
 *	2. when the values clocks depend on changed (always for a new row and
 *	   a rebuild): clocks of a kind the ticket has none of are made (as a
 *	   new ticket's are); running clocks take the ticket's values, and are
 *	   cancelled when no target applies to them any more; every clock takes
 *	   the target in force for its values;
 *	3. the schedule, time used and state of every clock whose inputs
 *	   changed (after a rebuild, of every clock: a calendar may have
 *	   changed), and every clock's assignee and satisfaction.
 *
 * Every value is computed before anything is written, and what cannot be
 * computed (a target without a goal in business time, a calendar the model
 * does not hold, an infinite time) comes back as a problem: the caller
 * then writes nothing and warns.
 *
 * test/clocks/reference.sql is the same rules written independently in
 * PL/pgSQL; scripts/tests/clock_differential.sh plays random histories
 * through both and compares every clock column for column.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_sync.c
 *
 *-------------------------------------------------------------------------
 */
#include "tracking.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

/* A clock a ticket should have, as if it had none of its kind and metric. */
typedef struct PlannedClock
{
	const char *kind;
	const char *metric;
	const char *counterparty;
	TimestampTz started_at;
	TimestampTz stopped_at;		/* DT_NOEND: running */
	TimestampTz paused_since;	/* DT_NOEND: not paused */
	const SlmTarget *target;
	SlmSchedule sched;
	bool		has_time_used;
	int64		time_used;
	DateADT		due_date;
} PlannedClock;

/* Whether a target can be computed on: a goal in business time, a calendar the model holds. */
static bool
target_usable(const SlmTarget *t)
{
	return t->has_goal && slm_goal_is_business_time(&t->goal) && t->calendar != NULL && t->zone != NULL &&
		slm_model_calendar(t->calendar) != NULL;
}

/* Why a target cannot be computed on: its goal, or else its calendar. */
static const char *
unusable_target(int32 target, bool goal_ok, const char *calendar)
{
	if (!goal_ok)
		return psprintf("target %d has no goal in business time", target);
	return psprintf("the calendar \"%s\" of target %d cannot be read", calendar ? calendar : "", target);
}

static const char *
target_problem(const SlmTarget *t)
{
	return unusable_target(t->target, t->has_goal && slm_goal_is_business_time(&t->goal), t->calendar);
}

/* Whether a ticket's clocks (their first `before` rows) have one of a kind and metric. */
static bool
has_clock(const TicketClocks *tc, int before, const char *kind, const char *metric)
{
	for (int i = 0; i < before; i++)
		if (slm_clock_is(tc->row[i], kind, metric))
			return true;
	return false;
}

/*
 * Work out the clocks a ticket should have and has none of its kind and
 * metric among the first `before` rows of tc: its SLA response and
 * resolution clocks, an OLA clock for its group, a UC clock while it waits
 * on a supplier, each where a target applies, with its schedule.  Returns
 * how many, or -1 with *problem set.
 */
static int
plan_clocks(const SlmTrackedTable *m, const Ticket *t, const TicketClocks *tc, int before,
			PlannedClock *clocks, const char **problem)
{
	const char *service = slm_ticket_service(m, t);
	const char *customer = t->text[SLM_ROLE_CUSTOMER];
	const char *tier;
	bool		waiting = slm_ticket_waits_on_customer(m, t);
	int			n = 0;

	if (t->isnull[SLM_ROLE_OPENED_AT])
		return 0;
	if (TIMESTAMP_NOT_FINITE(t->opened_at))
	{
		*problem = "its opening time is infinite";
		return -1;
	}
	tier = slm_model_customer_tier(customer);

	for (int k = 0; k < 4; k++)
	{
		PlannedClock *c = &clocks[n];
		SlmCompiled *cal;
		SlmError	err;

		memset(c, 0, sizeof(*c));
		c->started_at = t->opened_at;
		c->metric = k == 0 ? "response" : "resolution";
		switch (k)
		{
			case 0:
			case 1:
				c->kind = "SLA";
				c->counterparty = customer;
				break;
			case 2:
				c->kind = "OLA";
				c->counterparty = t->text[SLM_ROLE_ASSIGNMENT_GROUP];
				if (c->counterparty == NULL)
					continue;
				break;
			default:
				c->kind = "UC";
				c->counterparty = t->text[SLM_ROLE_SUPPLIER];
				if (!slm_ticket_waits_on_supplier(m, t))
					continue;
				if (!t->isnull[SLM_ROLE_STATUS_CHANGED_AT])
					c->started_at = t->status_changed_at;
				if (TIMESTAMP_NOT_FINITE(c->started_at))
				{
					*problem = "its status change time is infinite";
					return -1;
				}
				break;
		}
		if (has_clock(tc, before, c->kind, c->metric))
			continue;

		c->stopped_at = slm_ticket_stop(t, strcmp(c->kind, "SLA") == 0, k == 0, c->started_at, DT_NOEND);
		c->target = slm_model_target(c->kind, service, c->counterparty, tier, !t->isnull[SLM_ROLE_PRIORITY],
									 t->priority, c->metric, c->started_at);
		if (c->target == NULL)
			continue;
		if (!target_usable(c->target))
		{
			*problem = target_problem(c->target);
			return -1;
		}
		cal = slm_model_calendar(c->target->calendar);
		c->paused_since = DT_NOEND;
		if (c->stopped_at == DT_NOEND && strcmp(c->kind, "UC") != 0 && waiting)
			c->paused_since = Max(c->started_at,
								  t->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? t->opened_at : t->status_changed_at);
		if (slm_clock_schedule(cal, c->started_at, &c->target->goal, c->target->warn, NULL, NULL, 0,
							   &c->sched, &err) != SLM_OK)
		{
			*problem = pstrdup(err.message);
			return -1;
		}
		if (c->stopped_at != DT_NOEND)
		{
			c->has_time_used = true;
			if (slm_clock_used(cal, c->started_at, c->stopped_at, NULL, NULL, 0, DT_NOEND,
							   &c->time_used, &err) != SLM_OK)
			{
				*problem = pstrdup(err.message);
				return -1;
			}
		}
		c->due_date = slm_local_date(c->target->zone, c->sched.due_at);
		n++;
	}
	return n;
}

/* Set a clock's target: its agreement, target, goal, calendar and warning share. */
static void
set_clock_target(TupleTableSlot *s, const SlmTarget *t)
{
#define SET(c, d) (CLOCK_VALUE(s, c) = (d), CLOCK_ISNULL(s, c) = false)
	SET(CLK_AGREEMENT, Int32GetDatum(t->agreement));
	SET(CLK_TARGET, Int32GetDatum(t->target));
	SET(CLK_GOAL, IntervalPGetDatum(&t->goal));
	SET(CLK_CALENDAR, CStringGetTextDatum(t->calendar));
	SET(CLK_WARN_AT, t->warn_at);
#undef SET
}

/* The target in force for a clock's own values. */
static const SlmTarget *
clock_target(TupleTableSlot *s)
{
	return slm_model_target(slm_clock_text(s, CLK_KIND), slm_clock_text(s, CLK_SERVICE),
							slm_clock_text(s, CLK_COUNTERPARTY), slm_clock_text(s, CLK_TIER),
							!CLOCK_ISNULL(s, CLK_PRIORITY),
							CLOCK_ISNULL(s, CLK_PRIORITY) ? 0 : DatumGetInt32(CLOCK_VALUE(s, CLK_PRIORITY)),
							slm_clock_text(s, CLK_METRIC), slm_clock_ts(s, CLK_STARTED_AT));
}

/* The ticket's values a running clock carries. */
static void
set_clock_ticket(TupleTableSlot *s, const SlmTrackedTable *m, const Ticket *n, const char *tier)
{
	slm_clock_set_text(s, CLK_CUSTOMER, n->text[SLM_ROLE_CUSTOMER]);
	slm_clock_set_text(s, CLK_SERVICE, slm_ticket_service(m, n));
	CLOCK_ISNULL(s, CLK_PRIORITY) = n->isnull[SLM_ROLE_PRIORITY];
	CLOCK_VALUE(s, CLK_PRIORITY) = Int32GetDatum(n->priority);
	slm_clock_set_text(s, CLK_TIER, tier);
}

/* What a clock carries from the ticket whatever its state: assignee and satisfaction. */
static void
set_clock_reports(TupleTableSlot *s, const Ticket *n)
{
	slm_clock_set_text(s, CLK_ASSIGNEE, n->text[SLM_ROLE_ASSIGNEE]);
	CLOCK_ISNULL(s, CLK_SATISFACTION) = n->isnull[SLM_ROLE_SATISFACTION];
	CLOCK_VALUE(s, CLK_SATISFACTION) = n->satisfaction;
}

/* Write a clock's schedule (goal time, paused time, warning, due time and date). */
static void
set_schedule(TupleTableSlot *s, const SlmSchedule *sched, DateADT due_date)
{
#define SET(c, d) (CLOCK_VALUE(s, c) = (d), CLOCK_ISNULL(s, c) = false)
	if (sched->has_goal_time)
		SET(CLK_GOAL_TIME, IntervalPGetDatum(slm_interval_usecs(sched->goal_time)));
	else
		CLOCK_ISNULL(s, CLK_GOAL_TIME) = true;
	SET(CLK_PAUSED_TIME, IntervalPGetDatum(slm_interval_usecs(sched->paused_time)));
	SET(CLK_WARN_FROM, TimestampTzGetDatum(sched->warn_from));
	SET(CLK_DUE_AT, TimestampTzGetDatum(sched->due_at));
	SET(CLK_DUE_DATE, DateADTGetDatum(due_date));
#undef SET
}

/* A planned clock as a new row of the ticket's clocks, complete. */
static void
add_planned(TicketClocks *tc, const SlmTrackedTable *m, const Ticket *n, const char *tier,
			const PlannedClock *c)
{
	TupleTableSlot *s = slm_clock_add(tc, m->relid, n->key, c->kind, c->metric, 1);

	set_clock_target(s, c->target);
	slm_clock_set_text(s, CLK_COUNTERPARTY, c->counterparty);
	set_clock_ticket(s, m, n, tier);
	slm_clock_set_ts(s, CLK_STARTED_AT, c->started_at);
	slm_clock_set_ts(s, CLK_STOPPED_AT, c->stopped_at);
	slm_clock_set_ts(s, CLK_PAUSED_SINCE, c->paused_since);
	set_schedule(s, &c->sched, c->due_date);
	CLOCK_ISNULL(s, CLK_TIME_USED) = !c->has_time_used;
	CLOCK_VALUE(s, CLK_TIME_USED) = c->has_time_used ? IntervalPGetDatum(slm_interval_usecs(c->time_used)) : 0;
	slm_clock_set_text(s, CLK_STATE, slm_stored_state(DT_NOEND, c->stopped_at, c->paused_since != DT_NOEND,
													  c->sched.due_at));
	set_clock_reports(s, n);
}

/*
 * Start the next cycle of a clock at an instant, on the target in force
 * for the ticket's values; no clock when none applies.
 */
static const char *
start_cycle(TicketClocks *tc, const SlmTrackedTable *m, const Ticket *n, const char *tier,
			const char *kind, const char *counterparty, TimestampTz at)
{
	const SlmTarget *t = slm_model_target(kind, slm_ticket_service(m, n), counterparty, tier,
										  !n->isnull[SLM_ROLE_PRIORITY], n->priority, "resolution", at);
	int32		cycle = 0;
	TupleTableSlot *s;

	if (t == NULL)
		return NULL;
	if (!target_usable(t))
		return target_problem(t);
	for (int i = 0; i < tc->n; i++)
		if (slm_clock_is(tc->row[i], kind, "resolution"))
			cycle = Max(cycle, DatumGetInt32(CLOCK_VALUE(tc->row[i], CLK_CYCLE)));
	s = slm_clock_add(tc, m->relid, n->key, kind, "resolution", cycle + 1);
	set_clock_target(s, t);
	slm_clock_set_text(s, CLK_COUNTERPARTY, counterparty);
	set_clock_ticket(s, m, n, tier);
	slm_clock_set_ts(s, CLK_STARTED_AT, at);
	slm_clock_set_ts(s, CLK_PAUSED_SINCE,
					 strcmp(kind, "UC") != 0 && slm_ticket_waits_on_customer(m, n) ? at : DT_NOEND);
	return NULL;
}

static RangeType *
make_pause(TypeCacheEntry *rngtype, TimestampTz from, TimestampTz to)
{
	RangeBound	lower = {TimestampTzGetDatum(from), false, true, true};
	RangeBound	upper = {TimestampTzGetDatum(to), false, false, false};

#if PG_VERSION_NUM >= 160000
	return make_range(rngtype, &lower, &upper, false, NULL);
#else
	return make_range(rngtype, &lower, &upper, false);
#endif
}

/*
 * A clock's pauses with the one open since `since` ended at `at`, as
 * slm.pauses_ended gives them: unchanged when `at` is not after `since`.
 */
static MultirangeType *
pauses_ended(MultirangeType *pauses, TimestampTz since, TimestampTz at)
{
	TypeCacheEntry *mrtyp = lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);
	RangeType **ranges;
	RangeType **more;
	int32		n;

	if (at <= since)
		return pauses;
	multirange_deserialize(mrtyp->rngtype, pauses, &n, &ranges);
	more = palloc(sizeof(RangeType *) * (n + 1));
	memcpy(more, ranges, sizeof(RangeType *) * n);
	more[n++] = make_pause(mrtyp->rngtype, since, at);
	return make_multirange(TSTZMULTIRANGEOID, mrtyp->rngtype, n, more);
}

/* End a clock's open pause at an instant. */
static void
end_pause(TupleTableSlot *s, TimestampTz at)
{
	if (CLOCK_ISNULL(s, CLK_PAUSED_SINCE))
		return;
	CLOCK_VALUE(s, CLK_PAUSES) =
		MultirangeTypePGetDatum(pauses_ended(DatumGetMultirangeTypeP(CLOCK_VALUE(s, CLK_PAUSES)),
											 slm_clock_ts(s, CLK_PAUSED_SINCE), at));
	CLOCK_ISNULL(s, CLK_PAUSED_SINCE) = true;
}

/* Cancel a running clock at an instant (its open pause ends there). */
static void
cancel_clock(TupleTableSlot *s, TimestampTz at)
{
	slm_clock_set_ts(s, CLK_CANCELLED_AT, at);
	end_pause(s, at);
	slm_clock_set_text(s, CLK_STATE, "cancelled");
}

/*
 * Whether any value a clock's schedule, time used and state are computed
 * from differs from the row as it was read.
 */
static bool
schedule_inputs_changed(TupleTableSlot *row, TupleTableSlot *old)
{
	static const ClockColumn inputs[] = {
		CLK_STARTED_AT, CLK_GOAL, CLK_WARN_AT, CLK_CALENDAR, CLK_AGREEMENT, CLK_PAUSES, CLK_PAUSED_SINCE,
		CLK_STOPPED_AT, CLK_CANCELLED_AT
	};

	for (int i = 0; i < (int) lengthof(inputs); i++)
		if (slm_clock_attr_changed(row, old, slm_clock_attnum[inputs[i]] - 1))
			return true;
	return false;
}

/* Step 3 for one clock: schedule, time used, state. */
static const char *
schedule_clock(TupleTableSlot *s)
{
	SlmCompiled *cal = slm_model_calendar(slm_clock_text(s, CLK_CALENDAR));
	const char *zone = slm_model_agreement_zone(DatumGetInt32(CLOCK_VALUE(s, CLK_AGREEMENT)));
	Interval   *goal = DatumGetIntervalP(CLOCK_VALUE(s, CLK_GOAL));
	TimestampTz started = slm_clock_ts(s, CLK_STARTED_AT);
	TimestampTz stopped = slm_clock_ts(s, CLK_STOPPED_AT);
	TimestampTz cancelled = slm_clock_ts(s, CLK_CANCELLED_AT);
	double		warn = DatumGetFloat8(DirectFunctionCall1(numeric_float8, CLOCK_VALUE(s, CLK_WARN_AT)));
	TimestampTz *from,
			   *to;
	int			np;
	SlmSchedule sched;
	SlmError	err;

	if (cal == NULL || zone == NULL)
		return unusable_target(DatumGetInt32(CLOCK_VALUE(s, CLK_TARGET)), true, slm_clock_text(s, CLK_CALENDAR));
	if (!slm_goal_is_business_time(goal))
		return unusable_target(DatumGetInt32(CLOCK_VALUE(s, CLK_TARGET)), false, NULL);
	if (TIMESTAMP_NOT_FINITE(started))
		return "a clock would start at an infinite time";
	np = slm_pause_bounds(DatumGetMultirangeTypeP(CLOCK_VALUE(s, CLK_PAUSES)), &from, &to);
	if (slm_clock_schedule(cal, started, goal, warn, from, to, np, &sched, &err) != SLM_OK)
		return pstrdup(err.message);
	set_schedule(s, &sched, slm_local_date(zone, sched.due_at));
	if (stopped != DT_NOEND)
	{
		int64		used;

		if (slm_clock_used(cal, started, Min(stopped, cancelled), from, to, np,
						   slm_clock_ts(s, CLK_PAUSED_SINCE), &used, &err) != SLM_OK)
			return pstrdup(err.message);
		CLOCK_VALUE(s, CLK_TIME_USED) = IntervalPGetDatum(slm_interval_usecs(used));
		CLOCK_ISNULL(s, CLK_TIME_USED) = false;
	}
	else
		CLOCK_ISNULL(s, CLK_TIME_USED) = true;
	slm_clock_set_text(s, CLK_STATE, slm_stored_state(cancelled, stopped, !CLOCK_ISNULL(s, CLK_PAUSED_SINCE),
													  sched.due_at));
	return NULL;
}

/*
 * Whether an UPDATE can change a clock: a value other than the status and
 * its times changed, or the status went into or out of a wait on the
 * customer or on a supplier.  (A change between two statuses that neither
 * pause nor wait on a supplier leaves the clocks as they are.)
 */
bool
slm_change_touches_clocks(const SlmTrackedTable *m, const Ticket *o, const Ticket *n)
{
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		if (r != SLM_ROLE_STATUS && r != SLM_ROLE_STATUS_CHANGED_AT && r != SLM_ROLE_CHANGED_AT &&
			!slm_same_role(o, n, r))
			return true;
	return slm_ticket_waits_on_customer(m, o) != slm_ticket_waits_on_customer(m, n) ||
		slm_in_list(o->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) !=
		slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier);
}

/*
 * A ticket is gone (DELETE, TRUNCATE, or rebuild finding its row gone):
 * its running clocks are cancelled at `at` (not before they started), and
 * all its clocks are marked removed, keeping their results for the
 * reports, so that its key may name a new ticket with clocks of its own.
 */
void
slm_remove_ticket_clocks(TicketClocks *tc, TimestampTz at)
{
	for (int i = 0; i < tc->n; i++)
	{
		TupleTableSlot *s = tc->row[i];

		slm_clock_set_ts(s, CLK_REMOVED_AT, at);
		if (slm_clock_running(s))
			cancel_clock(s, Max(slm_clock_ts(s, CLK_STARTED_AT), at));
	}
}

/*
 * Apply a change of a ticket to its live clocks tc (read and locked by the
 * caller; for a new key, none): o is the ticket before (n itself for
 * SYNC_INSERT and SYNC_REBUILD), n after.  Returns NULL, or what could not
 * be computed (then tc is half changed and must not be written).
 */
const char *
slm_sync_ticket_clocks(TicketClocks *tc, const SlmTrackedTable *m, const Ticket *o, const Ticket *n,
					   SyncMode mode, SyncNotes *notes)
{
	TimestampTz ev = slm_ticket_change_time(n);
	const char *tier = slm_model_customer_tier(n->text[SLM_ROLE_CUSTOMER]);
	bool		was_paused = slm_ticket_waits_on_customer(m, o);
	bool		is_paused = slm_ticket_waits_on_customer(m, n);
	bool		was_supplier = slm_ticket_waits_on_supplier(m, o);
	bool		is_supplier = slm_ticket_waits_on_supplier(m, n);
	bool		full = mode != SYNC_UPDATE || !slm_same_role(o, n, SLM_ROLE_PRIORITY) ||
		!slm_same_role(o, n, SLM_ROLE_CUSTOMER) || !slm_same_role(o, n, SLM_ROLE_SERVICE) ||
		!slm_same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP) || !slm_same_role(o, n, SLM_ROLE_SUPPLIER);
	/* a rebuild re-derives waits at the ticket's last status change */
	TimestampTz status_at = n->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? ev : n->status_changed_at;
	/* a cancellation is timed by the change; a new row's and a rebuild's by the statement */
	TimestampTz cancel_at = mode == SYNC_UPDATE ? ev : GetCurrentStatementStartTimestamp();
	int32		last_resolution = 0;
	int			before;
	bool		any_sla = false;
	const char *problem = NULL;

	/* 0. waits, reopenings, hand-offs, supplier waits */
	if (mode == SYNC_UPDATE)
	{
		if (is_paused && !was_paused)
		{
			for (int i = 0; i < tc->n; i++)
			{
				TupleTableSlot *s = tc->row[i];

				if (!slm_clock_is(s, "UC", NULL) && CLOCK_ISNULL(s, CLK_PAUSED_SINCE) && slm_clock_running(s))
					slm_clock_set_ts(s, CLK_PAUSED_SINCE, Max(slm_clock_ts(s, CLK_STARTED_AT), ev));
			}
		}
		else if (was_paused && !is_paused)
		{
			for (int i = 0; i < tc->n; i++)
				if (slm_clock_running(tc->row[i]))
					end_pause(tc->row[i], ev);
		}
		if (!o->isnull[SLM_ROLE_RESOLVED_AT] && n->isnull[SLM_ROLE_RESOLVED_AT])
		{
			problem = start_cycle(tc, m, n, tier, "SLA", n->text[SLM_ROLE_CUSTOMER], ev);
			if (problem == NULL && !n->isnull[SLM_ROLE_ASSIGNMENT_GROUP])
				problem = start_cycle(tc, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
		}
		if (problem == NULL && !slm_same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP))
		{
			for (int i = 0; i < tc->n; i++)
				if (slm_clock_is(tc->row[i], "OLA", NULL) && slm_clock_running(tc->row[i]))
					slm_clock_set_ts(tc->row[i], CLK_STOPPED_AT, Max(slm_clock_ts(tc->row[i], CLK_STARTED_AT), ev));
			if (!n->isnull[SLM_ROLE_ASSIGNMENT_GROUP] && n->isnull[SLM_ROLE_RESOLVED_AT])
				problem = start_cycle(tc, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
		}
		if (problem == NULL && was_supplier && (!is_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			for (int i = 0; i < tc->n; i++)
				if (slm_clock_is(tc->row[i], "UC", NULL) && slm_clock_running(tc->row[i]))
					slm_clock_set_ts(tc->row[i], CLK_STOPPED_AT,
									 Max(slm_clock_ts(tc->row[i], CLK_STARTED_AT),
										 n->isnull[SLM_ROLE_RESOLVED_AT] ? ev : n->resolved_at));
		if (problem == NULL && is_supplier && (!was_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			problem = start_cycle(tc, m, n, tier, "UC", n->text[SLM_ROLE_SUPPLIER], ev);
		if (problem != NULL)
			return problem;
	}

	/* 1. stops follow the ticket; of SLA resolution clocks, the latest cycle */
	for (int i = 0; i < tc->n; i++)
		if (slm_clock_is(tc->row[i], "SLA", "resolution"))
			last_resolution = Max(last_resolution, DatumGetInt32(CLOCK_VALUE(tc->row[i], CLK_CYCLE)));
	for (int i = 0; i < tc->n; i++)
	{
		TupleTableSlot *s = tc->row[i];
		bool		sla = slm_clock_is(s, "SLA", NULL);
		bool		response = slm_clock_is(s, "SLA", "response");

		if (!CLOCK_ISNULL(s, CLK_CANCELLED_AT) ||
			(sla && !response && DatumGetInt32(CLOCK_VALUE(s, CLK_CYCLE)) != last_resolution))
			continue;
		slm_clock_set_ts(s, CLK_STOPPED_AT,
						 slm_ticket_stop(n, sla, response, slm_clock_ts(s, CLK_STARTED_AT),
										 slm_clock_ts(s, CLK_STOPPED_AT)));
	}
	/* 1b. (rebuild) waits on the customer, holders and supplier waits, as the row says now */
	for (int i = 0; mode == SYNC_REBUILD && i < tc->n; i++)
	{
		TupleTableSlot *s = tc->row[i];

		if (!slm_clock_running(s))
			continue;
		if (is_paused && !slm_clock_is(s, "UC", NULL) && CLOCK_ISNULL(s, CLK_PAUSED_SINCE))
			slm_clock_set_ts(s, CLK_PAUSED_SINCE, Max(slm_clock_ts(s, CLK_STARTED_AT), status_at));
		else if (!is_paused && !CLOCK_ISNULL(s, CLK_PAUSED_SINCE))
			end_pause(s, status_at);
		if ((slm_clock_is(s, "OLA", NULL) &&
			 !slm_same_text(slm_clock_text(s, CLK_COUNTERPARTY), n->text[SLM_ROLE_ASSIGNMENT_GROUP])) ||
			(slm_clock_is(s, "UC", NULL) &&
			 (!slm_same_text(slm_clock_text(s, CLK_COUNTERPARTY), n->text[SLM_ROLE_SUPPLIER]) ||
			  !slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))))
			slm_clock_set_ts(s, CLK_STOPPED_AT, Max(slm_clock_ts(s, CLK_STARTED_AT), ev));
	}
	for (int i = 0; i < tc->n; i++)
		if (!slm_clock_running(tc->row[i]))
			end_pause(tc->row[i], CLOCK_ISNULL(tc->row[i], CLK_STOPPED_AT) ? slm_clock_ts(tc->row[i], CLK_CANCELLED_AT)
					  : slm_clock_ts(tc->row[i], CLK_STOPPED_AT));
	/* 1c. (rebuild) the holder's or supplier's cycle, when an older one of the kind exists */
	for (int k = 0; mode == SYNC_REBUILD && k < 2 && n->isnull[SLM_ROLE_RESOLVED_AT] && problem == NULL; k++)
	{
		const char *kind = k == 0 ? "OLA" : "UC";
		const char *party = n->text[k == 0 ? SLM_ROLE_ASSIGNMENT_GROUP : SLM_ROLE_SUPPLIER];
		bool		has_kind = false,
					has_running = false;

		if (party == NULL || (k == 1 && !slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier)))
			continue;
		for (int i = 0; i < tc->n; i++)
			if (slm_clock_is(tc->row[i], kind, NULL))
			{
				has_kind = true;
				has_running |= slm_clock_running(tc->row[i]) &&
					slm_same_text(slm_clock_text(tc->row[i], CLK_COUNTERPARTY), party);
			}
		if (has_kind && !has_running)
			problem = start_cycle(tc, m, n, tier, kind, party, k == 1 ? status_at : ev);
	}
	if (problem != NULL)
		return problem;

	before = tc->n;
	if (full)
	{
		/* 2. clocks of a kind the ticket has none of, as a new ticket's */
		PlannedClock plan[4];
		int			nplanned = plan_clocks(m, n, tc, before, plan, &problem);

		if (nplanned < 0)
			return problem;
		for (int k = 0; k < nplanned; k++)
			add_planned(tc, m, n, tier, &plan[k]);

		/* running clocks take the ticket's values; those no target covers are cancelled */
		for (int i = 0; i < before; i++)
		{
			TupleTableSlot *s = tc->row[i];

			if (!slm_clock_running(s))
				continue;
			set_clock_ticket(s, m, n, tier);
			if (slm_clock_is(s, "SLA", NULL))
				slm_clock_set_text(s, CLK_COUNTERPARTY, n->text[SLM_ROLE_CUSTOMER]);
			if (clock_target(s) == NULL)
			{
				cancel_clock(s, Max(slm_clock_ts(s, CLK_STARTED_AT), cancel_at));
				appendStringInfo(&notes->cancelled, "%s%s (%s %s)", notes->cancelled.len > 0 ? ", " : "",
								 n->key, slm_clock_text(s, CLK_KIND), slm_clock_text(s, CLK_METRIC));
			}
		}
		/* every clock the target in force for its values */
		for (int i = 0; i < before; i++)
		{
			const SlmTarget *t = clock_target(tc->row[i]);

			if (t != NULL)
			{
				if (!target_usable(t))
					return target_problem(t);
				set_clock_target(tc->row[i], t);
			}
		}
	}

	/* 3. schedules, states, and what the reports read from the ticket (clocks planned in step 2, from `before` on, have theirs) */
	for (int i = 0; i < tc->n; i++)
	{
		TupleTableSlot *s = tc->row[i];

		any_sla |= slm_clock_is(s, "SLA", NULL);
		if (i >= before)
			continue;
		set_clock_reports(s, n);
		/*
		 * A clock whose inputs this change left alone keeps the schedule the
		 * same rules computed before; a rebuild recomputes every one (after
		 * a calendar change, that is what it is for).
		 */
		if (mode != SYNC_REBUILD && tc->old[i] != NULL && !schedule_inputs_changed(s, tc->old[i]))
			continue;
		if ((problem = schedule_clock(s)) != NULL)
			return problem;
	}
	if (full && !any_sla)
		notes->without_sla = true;
	return NULL;
}

/*
 * The NOTICEs a change's notes call for: running clocks that no target
 * covers any more were cancelled; tickets that no SLA target covers.
 */
void
slm_report_sync_notes(const SyncNotes *notes, Oid tbl, int64 without_sla)
{
	char	   *table_name;

	if (notes->cancelled.len == 0 && without_sla == 0)
		return;
	/* the tracked table (for a partition, its ancestor), schema-qualified */
	table_name = slm_relation_name(tbl);
	if (notes->cancelled.len > 0)
		ereport(NOTICE,
				(errmsg("no target applies any more to the running clocks of %s of %s: they are cancelled",
						notes->cancelled.data, table_name),
				 errhint("Check the ticket's service, customer and priority against slm.targets.")));
	if (without_sla > 0)
		ereport(NOTICE,
				(errmsg("no SLA target applies to " INT64_FORMAT " ticket(s) of %s, so they have no SLA clock",
						without_sla, table_name),
				 errhint("Check the ticket's service, customer and priority against slm.targets.")));
}
