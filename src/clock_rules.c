/*-------------------------------------------------------------------------
 *
 * clock_rules.c
 *	  The clock rules, on plain C values: given a ticket before and after a
 *	  change (Ticket), its live clocks (ClockSet) and the model, change the
 *	  clocks and add new ones.  The trigger and slm.rebuild both drive
 *	  this; nothing else decides a clock.  No SPI, no function manager, no
 *	  rows or catalogs here: clock_store.c reads the clocks and writes back
 *	  those that changed.  The state of a clock at an instant
 *	  (clock_fns.c) asks the same slm_clock_stop and slm_stored_state.
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
 *	  src/clock_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/timestamp.h"

#include "base.h"
#include "clock_fns.h"
#include "tracking.h"

/*
 * When a clock stops, from the ticket's reply and resolution times
 * (DT_NOEND where the ticket has none) and the clock's current stop
 * (DT_NOEND: running).  Returns DT_NOEND while the clock runs on.
 *
 *	SLA response	at the first reply; a ticket resolved without a reply
 *					("never mind", a duplicate) stops it at the resolution,
 *					judged like any other stop.  A stop once made stays when
 *					the ticket is reopened (the next cycle is a resolution's).
 *	SLA resolution	at the resolution (the caller passes only the latest
 *					cycle; a reopening starts a new one).
 *	OLA, UC			at the resolution, if not stopped before (a hand-off or
 *					the end of a supplier wait stops them earlier).
 *
 * No clock stops before it started.
 */
TimestampTz
slm_clock_stop(bool sla, bool response, TimestampTz started, TimestampTz stopped,
			   TimestampTz responded, TimestampTz resolved)
{
	TimestampTz stop;

	if (sla && response)
		stop = responded != DT_NOEND ? responded : stopped != DT_NOEND ? stopped : resolved;
	else if (sla)
		stop = resolved;
	else
		stop = stopped != DT_NOEND ? stopped : resolved;
	if (stop != DT_NOEND && stop < started)
		stop = started;
	return stop;
}

/*
 * The state stored with a clock as of its last change (DT_NOEND: no such
 * time): cancelled, met (stopped by its due time), missed, paused or
 * running.  slm_clock_state adds what time has done since (at risk,
 * breached).
 */
const char *
slm_stored_state(TimestampTz cancelled, TimestampTz stopped, bool paused, TimestampTz due)
{
	if (cancelled != DT_NOEND)
		return "cancelled";
	if (stopped != DT_NOEND)
		return stopped <= due ? "met" : "missed";
	return paused ? "paused" : "running";
}

/* ---------------------------------------------------------------------
 * A ticket's clocks
 * ---------------------------------------------------------------------
 */

/* One more clock of a ticket, new: no id, no values, every time none. */
Clock *
slm_clock_append(ClockSet *cs)
{
	Clock	   *c;

	if (cs->n == cs->cap)
	{
		cs->cap = Max(8, cs->cap * 2);
		cs->clock = cs->clock ? repalloc(cs->clock, sizeof(Clock) * cs->cap) : palloc(sizeof(Clock) * cs->cap);
	}
	c = &cs->clock[cs->n++];
	memset(c, 0, sizeof(*c));
	c->started_at = c->paused_since = c->stopped_at = c->cancelled_at = c->removed_at = DT_NOEND;
	c->warn_from = c->due_at = DT_NOEND;
	return c;
}

static bool
clock_is(const Clock *c, const char *kind, const char *metric)
{
	return strcmp(c->kind, kind) == 0 && (metric == NULL || strcmp(c->metric, metric) == 0);
}

static bool
clock_running(const Clock *c)
{
	return c->stopped_at == DT_NOEND && c->cancelled_at == DT_NOEND;
}

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

/* Whether a ticket's clocks (their first `before`) have one of a kind and metric. */
static bool
has_clock(const ClockSet *cs, int before, const char *kind, const char *metric)
{
	for (int i = 0; i < before; i++)
		if (clock_is(&cs->clock[i], kind, metric))
			return true;
	return false;
}

/*
 * Work out the clocks a ticket should have and has none of its kind and
 * metric among the first `before` of cs: its SLA response and resolution
 * clocks, an OLA clock for its group, a UC clock while it waits on a
 * supplier, each where a target applies, with its schedule.  Returns how
 * many, or -1 with *problem set.
 */
static int
plan_clocks(const SlmTrackedTable *m, const Ticket *t, const char *tier, const ClockSet *cs, int before,
			PlannedClock *clocks, const char **problem)
{
	const char *service = slm_ticket_service(m, t);
	const char *customer = t->text[SLM_ROLE_CUSTOMER];
	bool		waiting = slm_ticket_waits_on_customer(m, t);
	int			n = 0;

	if (t->isnull[SLM_ROLE_OPENED_AT])
		return 0;
	if (TIMESTAMP_NOT_FINITE(t->opened_at))
	{
		*problem = "its opening time is infinite";
		return -1;
	}

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
		if (has_clock(cs, before, c->kind, c->metric))
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
set_clock_target(Clock *c, const SlmTarget *t)
{
	c->agreement = t->agreement;
	c->has_target = true;
	c->target = t->target;
	c->goal = t->goal;
	c->calendar = t->calendar;
	c->warn_at = t->warn_at;
	c->warn = t->warn;
}

/* The target in force for a clock's own values. */
static const SlmTarget *
clock_target(const Clock *c)
{
	return slm_model_target(c->kind, c->service, c->counterparty, c->tier, c->has_priority,
							c->has_priority ? c->priority : 0, c->metric, c->started_at);
}

/* The ticket's values a running clock carries. */
static void
set_clock_ticket(Clock *c, const SlmTrackedTable *m, const Ticket *n, const char *tier)
{
	c->customer = n->text[SLM_ROLE_CUSTOMER];
	c->service = slm_ticket_service(m, n);
	c->has_priority = !n->isnull[SLM_ROLE_PRIORITY];
	c->priority = c->has_priority ? n->priority : 0;
	c->tier = tier;
}

/* What a clock carries from the ticket whatever its state: assignee and satisfaction. */
static void
set_clock_reports(Clock *c, const Ticket *n)
{
	c->assignee = n->text[SLM_ROLE_ASSIGNEE];
	c->has_satisfaction = !n->isnull[SLM_ROLE_SATISFACTION];
	c->satisfaction = c->has_satisfaction ? n->satisfaction : (Datum) 0;
}

/* Set a clock's schedule (goal time, paused time, warning, due time and date). */
static void
set_schedule(Clock *c, const SlmSchedule *sched, DateADT due_date)
{
	c->has_goal_time = sched->has_goal_time;
	c->goal_time = slm_usecs_interval(sched->has_goal_time ? sched->goal_time : 0);
	c->paused_time = slm_usecs_interval(sched->paused_time);
	c->warn_from = sched->warn_from;
	c->due_at = sched->due_at;
	c->has_due_date = true;
	c->due_date = due_date;
}

/* A new clock of the ticket, its identity set. */
static Clock *
new_clock(ClockSet *cs, const Ticket *n, const char *kind, const char *metric, int32 cycle)
{
	Clock	   *c = slm_clock_append(cs);

	c->ticket = n->key;
	c->kind = kind;
	c->metric = metric;
	c->cycle = cycle;
	return c;
}

/* A planned clock as a new clock of the ticket, complete. */
static void
add_planned(ClockSet *cs, const SlmTrackedTable *m, const Ticket *n, const char *tier, const PlannedClock *p)
{
	Clock	   *c = new_clock(cs, n, p->kind, p->metric, 1);

	set_clock_target(c, p->target);
	c->counterparty = p->counterparty;
	set_clock_ticket(c, m, n, tier);
	c->started_at = p->started_at;
	c->stopped_at = p->stopped_at;
	c->paused_since = p->paused_since;
	set_schedule(c, &p->sched, p->due_date);
	c->has_time_used = p->has_time_used;
	c->time_used = slm_usecs_interval(p->has_time_used ? p->time_used : 0);
	c->state = slm_stored_state(DT_NOEND, p->stopped_at, p->paused_since != DT_NOEND, p->sched.due_at);
	set_clock_reports(c, n);
}

/*
 * Start the next cycle of a clock at an instant, on the target in force
 * for the ticket's values; no clock when none applies.
 */
static const char *
start_cycle(ClockSet *cs, const SlmTrackedTable *m, const Ticket *n, const char *tier,
			const char *kind, const char *counterparty, TimestampTz at)
{
	const SlmTarget *t = slm_model_target(kind, slm_ticket_service(m, n), counterparty, tier,
										  !n->isnull[SLM_ROLE_PRIORITY], n->priority, "resolution", at);
	int32		cycle = 0;
	Clock	   *c;

	if (t == NULL)
		return NULL;
	if (!target_usable(t))
		return target_problem(t);
	for (int i = 0; i < cs->n; i++)
		if (clock_is(&cs->clock[i], kind, "resolution"))
			cycle = Max(cycle, cs->clock[i].cycle);
	c = new_clock(cs, n, kind, "resolution", cycle + 1);
	set_clock_target(c, t);
	c->counterparty = counterparty;
	set_clock_ticket(c, m, n, tier);
	c->started_at = at;
	c->paused_since = strcmp(kind, "UC") != 0 && slm_ticket_waits_on_customer(m, n) ? at : DT_NOEND;
	return NULL;
}

/*
 * End a clock's open pause at an instant: the pause joins its closed
 * pauses as a tstzmultirange would take it (in order, overlapping and
 * touching pauses merged), unless it ends where it began.
 */
static void
end_pause(Clock *c, TimestampTz at)
{
	TimestampTz since = c->paused_since;
	TimestampTz *from,
			   *to;
	int			pos = 0,
				n = 0;

	if (since == DT_NOEND)
		return;
	c->paused_since = DT_NOEND;
	if (at <= since)
		return;
	while (pos < c->npauses && c->pause_from[pos] <= since)
		pos++;
	from = palloc(sizeof(TimestampTz) * (c->npauses + 1));
	to = palloc(sizeof(TimestampTz) * (c->npauses + 1));
	for (int i = 0; i <= c->npauses; i++)
	{
		/* the closed pauses in order, the new one at pos */
		int			j = i < pos ? i : i - 1;
		TimestampTz f = i == pos ? since : c->pause_from[j];
		TimestampTz t = i == pos ? at : c->pause_to[j];

		if (n > 0 && f <= to[n - 1])
			to[n - 1] = Max(to[n - 1], t);
		else
		{
			from[n] = f;
			to[n] = t;
			n++;
		}
	}
	c->pause_from = from;
	c->pause_to = to;
	c->npauses = n;
}

/* Cancel a running clock at an instant (its open pause ends there). */
static void
cancel_clock(Clock *c, TimestampTz at)
{
	c->cancelled_at = at;
	end_pause(c, at);
	c->state = "cancelled";
}

/*
 * Whether any value a clock's schedule, time used and state are computed
 * from differs from the clock as it was read.
 */
static bool
schedule_inputs_changed(const Clock *c, const Clock *was)
{
	if (c->started_at != was->started_at || c->paused_since != was->paused_since ||
		c->stopped_at != was->stopped_at || c->cancelled_at != was->cancelled_at ||
		c->agreement != was->agreement || c->warn != was->warn ||
		c->goal.time != was->goal.time || c->goal.day != was->goal.day || c->goal.month != was->goal.month ||
		!slm_same_text(c->calendar, was->calendar) || c->npauses != was->npauses)
		return true;
	for (int i = 0; i < c->npauses && c->pause_from != was->pause_from; i++)
		if (c->pause_from[i] != was->pause_from[i] || c->pause_to[i] != was->pause_to[i])
			return true;
	return false;
}

/* Step 3 for one clock: schedule, time used, state. */
static const char *
schedule_clock(Clock *c)
{
	SlmCompiled *cal = c->calendar != NULL ? slm_model_calendar(c->calendar) : NULL;
	const char *zone = slm_model_agreement_zone(c->agreement);
	SlmSchedule sched;
	SlmError	err;

	if (cal == NULL || zone == NULL)
		return unusable_target(c->target, true, c->calendar);
	if (!slm_goal_is_business_time(&c->goal))
		return unusable_target(c->target, false, NULL);
	if (TIMESTAMP_NOT_FINITE(c->started_at))
		return "a clock would start at an infinite time";
	if (slm_clock_schedule(cal, c->started_at, &c->goal, c->warn, c->pause_from, c->pause_to, c->npauses,
						   &sched, &err) != SLM_OK)
		return pstrdup(err.message);
	set_schedule(c, &sched, slm_local_date(zone, sched.due_at));
	c->has_time_used = c->stopped_at != DT_NOEND;
	if (c->has_time_used)
	{
		int64		used;

		if (slm_clock_used(cal, c->started_at, Min(c->stopped_at, c->cancelled_at), c->pause_from, c->pause_to,
						   c->npauses, c->paused_since, &used, &err) != SLM_OK)
			return pstrdup(err.message);
		c->time_used = slm_usecs_interval(used);
	}
	c->state = slm_stored_state(c->cancelled_at, c->stopped_at, c->paused_since != DT_NOEND, sched.due_at);
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
slm_remove_ticket_clocks(ClockSet *cs, TimestampTz at)
{
	for (int i = 0; i < cs->n; i++)
	{
		Clock	   *c = &cs->clock[i];

		c->removed_at = at;
		if (clock_running(c))
			cancel_clock(c, Max(c->started_at, at));
	}
}

/*
 * Apply a change of a ticket to its live clocks cs (read and locked by the
 * caller; for a new key, none): o is the ticket before (n itself for
 * SYNC_INSERT and SYNC_REBUILD), n after; tier is the customer's tier
 * (slm_model_customer_tier of n's customer), now the statement's time.
 * Returns NULL, or what could not be computed (then cs is half changed and
 * must not be written).
 */
const char *
slm_sync_ticket_clocks(ClockSet *cs, const SlmTrackedTable *m, const Ticket *o, const Ticket *n,
					   const char *tier, SyncMode mode, TimestampTz now, SyncNotes *notes)
{
	TimestampTz ev = slm_ticket_change_time(n);
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
	TimestampTz cancel_at = mode == SYNC_UPDATE ? ev : now;
	int32		last_resolution = 0;
	int			before;
	bool		any_sla = false;
	const char *problem = NULL;
	Clock	   *c;

	/* 0. waits, reopenings, hand-offs, supplier waits */
	if (mode == SYNC_UPDATE)
	{
		if (is_paused && !was_paused)
		{
			for (int i = 0; i < cs->n; i++)
			{
				c = &cs->clock[i];
				if (!clock_is(c, "UC", NULL) && c->paused_since == DT_NOEND && clock_running(c))
					c->paused_since = Max(c->started_at, ev);
			}
		}
		else if (was_paused && !is_paused)
		{
			for (int i = 0; i < cs->n; i++)
				if (clock_running(&cs->clock[i]))
					end_pause(&cs->clock[i], ev);
		}
		if (!o->isnull[SLM_ROLE_RESOLVED_AT] && n->isnull[SLM_ROLE_RESOLVED_AT])
		{
			problem = start_cycle(cs, m, n, tier, "SLA", n->text[SLM_ROLE_CUSTOMER], ev);
			if (problem == NULL && !n->isnull[SLM_ROLE_ASSIGNMENT_GROUP])
				problem = start_cycle(cs, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
		}
		if (problem == NULL && !slm_same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP))
		{
			for (int i = 0; i < cs->n; i++)
			{
				c = &cs->clock[i];
				if (clock_is(c, "OLA", NULL) && clock_running(c))
					c->stopped_at = Max(c->started_at, ev);
			}
			if (!n->isnull[SLM_ROLE_ASSIGNMENT_GROUP] && n->isnull[SLM_ROLE_RESOLVED_AT])
				problem = start_cycle(cs, m, n, tier, "OLA", n->text[SLM_ROLE_ASSIGNMENT_GROUP], ev);
		}
		if (problem == NULL && was_supplier && (!is_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			for (int i = 0; i < cs->n; i++)
			{
				c = &cs->clock[i];
				if (clock_is(c, "UC", NULL) && clock_running(c))
					c->stopped_at = Max(c->started_at, n->isnull[SLM_ROLE_RESOLVED_AT] ? ev : n->resolved_at);
			}
		if (problem == NULL && is_supplier && (!was_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			problem = start_cycle(cs, m, n, tier, "UC", n->text[SLM_ROLE_SUPPLIER], ev);
		if (problem != NULL)
			return problem;
	}

	/* 1. stops follow the ticket; of SLA resolution clocks, the latest cycle */
	for (int i = 0; i < cs->n; i++)
		if (clock_is(&cs->clock[i], "SLA", "resolution"))
			last_resolution = Max(last_resolution, cs->clock[i].cycle);
	for (int i = 0; i < cs->n; i++)
	{
		bool		sla,
					response;

		c = &cs->clock[i];
		sla = clock_is(c, "SLA", NULL);
		response = clock_is(c, "SLA", "response");
		if (c->cancelled_at != DT_NOEND || (sla && !response && c->cycle != last_resolution))
			continue;
		c->stopped_at = slm_ticket_stop(n, sla, response, c->started_at, c->stopped_at);
	}
	/* 1b. (rebuild) waits on the customer, holders and supplier waits, as the row says now */
	for (int i = 0; mode == SYNC_REBUILD && i < cs->n; i++)
	{
		c = &cs->clock[i];
		if (!clock_running(c))
			continue;
		if (is_paused && !clock_is(c, "UC", NULL) && c->paused_since == DT_NOEND)
			c->paused_since = Max(c->started_at, status_at);
		else if (!is_paused && c->paused_since != DT_NOEND)
			end_pause(c, status_at);
		if ((clock_is(c, "OLA", NULL) && !slm_same_text(c->counterparty, n->text[SLM_ROLE_ASSIGNMENT_GROUP])) ||
			(clock_is(c, "UC", NULL) &&
			 (!slm_same_text(c->counterparty, n->text[SLM_ROLE_SUPPLIER]) ||
			  !slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))))
			c->stopped_at = Max(c->started_at, ev);
	}
	for (int i = 0; i < cs->n; i++)
	{
		c = &cs->clock[i];
		if (!clock_running(c))
			end_pause(c, c->stopped_at == DT_NOEND ? c->cancelled_at : c->stopped_at);
	}
	/* 1c. (rebuild) the holder's or supplier's cycle, when an older one of the kind exists */
	for (int k = 0; mode == SYNC_REBUILD && k < 2 && n->isnull[SLM_ROLE_RESOLVED_AT] && problem == NULL; k++)
	{
		const char *kind = k == 0 ? "OLA" : "UC";
		const char *party = n->text[k == 0 ? SLM_ROLE_ASSIGNMENT_GROUP : SLM_ROLE_SUPPLIER];
		bool		has_kind = false,
					has_running = false;

		if (party == NULL || (k == 1 && !slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier)))
			continue;
		for (int i = 0; i < cs->n; i++)
			if (clock_is(&cs->clock[i], kind, NULL))
			{
				has_kind = true;
				has_running |= clock_running(&cs->clock[i]) && slm_same_text(cs->clock[i].counterparty, party);
			}
		if (has_kind && !has_running)
			problem = start_cycle(cs, m, n, tier, kind, party, k == 1 ? status_at : ev);
	}
	if (problem != NULL)
		return problem;

	before = cs->n;
	if (full)
	{
		/* 2. clocks of a kind the ticket has none of, as a new ticket's */
		PlannedClock plan[4];
		int			nplanned = plan_clocks(m, n, tier, cs, before, plan, &problem);

		if (nplanned < 0)
			return problem;
		for (int k = 0; k < nplanned; k++)
			add_planned(cs, m, n, tier, &plan[k]);

		/* running clocks take the ticket's values; those no target covers are cancelled */
		for (int i = 0; i < before; i++)
		{
			c = &cs->clock[i];
			if (!clock_running(c))
				continue;
			set_clock_ticket(c, m, n, tier);
			if (clock_is(c, "SLA", NULL))
				c->counterparty = n->text[SLM_ROLE_CUSTOMER];
			if (clock_target(c) == NULL)
			{
				cancel_clock(c, Max(c->started_at, cancel_at));
				appendStringInfo(&notes->cancelled, "%s%s (%s %s)", notes->cancelled.len > 0 ? ", " : "",
								 n->key, c->kind, c->metric);
			}
		}
		/* every clock the target in force for its values */
		for (int i = 0; i < before; i++)
		{
			const SlmTarget *t = clock_target(&cs->clock[i]);

			if (t != NULL)
			{
				if (!target_usable(t))
					return target_problem(t);
				set_clock_target(&cs->clock[i], t);
			}
		}
	}

	/*
	 * 3. schedules, states, and what the reports read from the ticket
	 * (clocks planned in step 2, from `before` on, have theirs)
	 */
	for (int i = 0; i < cs->n; i++)
	{
		c = &cs->clock[i];
		any_sla |= clock_is(c, "SLA", NULL);
		if (i >= before)
			continue;
		set_clock_reports(c, n);

		/*
		 * A clock whose inputs this change left alone keeps the schedule the
		 * same rules computed before; a rebuild recomputes every one (after
		 * a calendar change, that is what it is for).
		 */
		if (mode != SYNC_REBUILD && i < cs->nread && !schedule_inputs_changed(c, &cs->was[i]))
			continue;
		if ((problem = schedule_clock(c)) != NULL)
			return problem;
	}
	if (full && !any_sla)
		notes->without_sla = true;
	return NULL;
}
