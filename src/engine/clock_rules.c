/*-------------------------------------------------------------------------
 *
 * clock_rules.c
 *	  The clock rules, on plain C values: given a ticket before and after a
 *	  change (Ticket), its live clocks (ClockSet) and the model that applies
 *	  (SlmClockModel), change the clocks and add new ones.  The trigger and
 *	  slm.rebuild both drive this (src/clock_trigger.c, src/clock_rebuild.c);
 *	  nothing else decides a clock.  Like the rest of the engine it knows no
 *	  PostgreSQL: src/clock_store.c reads the clocks and writes back those
 *	  that changed, src/clock_model.c answers for the model.
 *
 * The steps of a change, in order:
 *
 *	-. a cancelled ticket (the table's cancel condition holds: GLPI's
 *	   trash, Zammad's merged and removed states, a spam status) is as if
 *	   its row were deleted: its running clocks are cancelled at the
 *	   change and all its clocks keep their results as removed; taken back
 *	   out, it gets a new ticket's clocks, as a rebuild would make them;
 *	0a. a corrected opening time moves the clocks that started at the
 *	   opening (move_start);
 *	0. (a change of a row) the change's time (slm_ticket_change_time); a
 *	   wait on the customer pauses or resumes; a reopening starts new SLA
 *	   (and OLA) resolution cycles; a hand-off stops the team's hold and
 *	   starts the next team's; a wait on a supplier starts or stops a UC
 *	   clock;
 *	0b. a customer message waiting for the agents' next reply starts a
 *	   cycle of the SLA next reply (start_next_reply);
 *	0c. (rebuild, or a change of the values targets depend on) an open
 *	   ticket's next resolution cycle, and a holder's or supplier's, when
 *	   a reopening, hand-off or wait found no target or was not seen
 *	   (start_reopened_cycle, resume_party);
 *	1. stops follow the ticket (slm_clock_stop), the SLA resolution clock's
 *	   latest cycle only, a clock cancelled for want of a target that could
 *	   run again too (it then stays cancelled); (rebuild) what the row says
 *	   now about waits and holders is re-derived, timed at the ticket's last
 *	   status change; a pause still open at a stop ends there, and at a
 *	   cancellation unless the clock may run again (measuring: a clock
 *	   cancelled for want of a target keeps the waits on the customer);
 *	2. when the values clocks depend on changed (always for a new row and
 *	   a rebuild): clocks of a kind the ticket has none of are made (as a
 *	   new ticket's are); running clocks take the ticket's values, and are
 *	   cancelled when no target applies to them any more, and clocks
 *	   cancelled so run again when one applies once more while what they
 *	   measure goes on (resume_cancelled); every clock
 *	   takes the target in force for its values;
 *	3. the schedule, time used and state of every clock whose inputs
 *	   changed (after a rebuild, of every clock: a calendar may have
 *	   changed), and every clock's assignee and satisfaction.
 *
 * A resync (SYNC_RESYNC, after a change of the model: a calendar, a target,
 * a customer's tier) is a rebuild of the running clocks only: stopped and
 * cancelled clocks keep the stops, targets and results they had.
 *
 * Every value is computed before anything is written, and what cannot be
 * computed (a target without a goal in business time, a calendar the model
 * does not hold, an infinite time, memory that could not be had) comes
 * back as a problem: the caller then writes nothing and warns.  Memory
 * comes from the clock set's SlmAlloc and is never freed here (texts and
 * pause arrays may be shared with the clocks as read): the caller releases
 * it with whatever holds the change (a memory context, in the server).
 *
 * test/clocks/reference.sql is the same rules written independently in
 * PL/pgSQL; scripts/tests/clock_differential.sh plays random histories
 * through both and compares every clock column for column.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/clock_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include "clock_rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NOEND			SLM_TIME_NOEND
#define Max(x, y)		((x) > (y) ? (x) : (y))
#define Min(x, y)		((x) < (y) ? (x) : (y))

/* What comes back when memory runs out, needing none itself. */
static const char out_of_memory[] = "out of memory";

/*
 * What one application of the rules works with: the table's rules, the
 * model, where memory comes from, and the customer's tier.
 */
typedef struct Rules
{
	const SlmTableRules *m;
	const SlmClockModel *model;
	const SlmAlloc *mem;
	const char *tier;
} Rules;

static void *
rules_alloc(const SlmAlloc *mem, size_t size)
{
	return mem->alloc(mem->ctx, size);
}

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a)	__attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static const char *problem_printf(const SlmAlloc *mem, const char *fmt,...) PRINTF_LIKE(2, 3);

/* A problem's text, formatted in the rules' memory. */
static const char *
problem_printf(const SlmAlloc *mem, const char *fmt,...)
{
	va_list		ap;
	int			len;
	char	   *buf;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (buf = rules_alloc(mem, (size_t) len + 1)) == NULL)
		return out_of_memory;
	va_start(ap, fmt);
	vsnprintf(buf, (size_t) len + 1, fmt, ap);
	va_end(ap);
	return buf;
}

/* An engine error's message as a problem. */
static const char *
error_problem(const SlmAlloc *mem, const SlmError *err)
{
	return problem_printf(mem, "%s", err->message);
}

/* A time-only interval (no days, no months) of a number of microseconds. */
static SlmTimeInterval
usecs_interval(int64_t usecs)
{
	SlmTimeInterval i;

	i.time = usecs;
	i.day = 0;
	i.month = 0;
	return i;
}

/*
 * When a clock stops, from the ticket's reply, ownership and resolution
 * times (NOEND where the ticket has none) and the clock's current stop
 * (NOEND: running).  Returns NOEND while the clock runs on.
 *
 *	SLA response	at the first reply, or at the resolution if that
 *					comes first: a ticket resolved without a reply ("never
 *					mind", a duplicate) is judged on its response like any
 *					other.  A stop once made stays when the ticket is
 *					reopened (the next cycle is a resolution's), and a reply
 *					after it (to the reopened ticket) does not move it; a
 *					reply recorded late, at an earlier time, does.
 *	SLA own			(time to own, GLPI's TTO) at the first assignment to a
 *					person (owned: the change that found an assignee), or at
 *					the resolution if that comes first; a stop once made
 *					stays.
 *	SLA resolution	at the resolution (the caller passes only the latest
 *					cycle); a stop once made stays: clearing the resolution
 *					is a reopening, which starts a new cycle (step 0, or
 *					start_reopened_cycle when a target applies again), and
 *					a resolution after a reopening that started none (no
 *					target applied meanwhile) belongs to no cycle.  A
 *					resolution time corrected while the ticket stays
 *					resolved moves the stop it made (step 0).
 *	SLA next_reply	(next reply, Zendesk's next reply time, Zammad's update
 *					time: each cycle starts at a customer message, see
 *					start_next_reply) at the agents' latest reply (replied)
 *					if it is not older than the cycle, else at the
 *					resolution; a stop once made stays.
 *	OLA response	(the team acknowledges its hold) as SLA own: at the first
 *					change of the hold that finds an assignee, or at the
 *					resolution; a hand-off stops it earlier.
 *	OLA, UC			at the resolution, if not stopped before (a hand-off or
 *					the end of a supplier wait stops them earlier).
 *
 * No clock stops before it started.
 */
slm_time
slm_clock_stop(const char *kind, const char *metric, slm_time started, slm_time stopped,
			   slm_time responded, slm_time resolved, slm_time owned, slm_time replied)
{
	bool		sla = strcmp(kind, "SLA") == 0;
	slm_time	stop;

	if (sla && strcmp(metric, "response") == 0)
		stop = Min(responded, Min(stopped, resolved));
	else if (sla && strcmp(metric, "next_reply") == 0)
		stop = stopped != NOEND ? stopped : replied != NOEND && replied >= started ? replied : resolved;
	else if ((sla && strcmp(metric, "own") == 0) || (!sla && strcmp(metric, "response") == 0))
		stop = stopped != NOEND ? stopped : owned < resolved ? owned : resolved;
	else
		stop = stopped != NOEND ? stopped : resolved;
	if (stop != NOEND && stop < started)
		stop = started;
	return stop;
}

/*
 * The state stored with a clock as of its last change (NOEND: no such
 * time): cancelled, met (stopped by its due time), missed, paused or
 * running.  slm_clock_state adds what time has done since (at risk,
 * breached).
 */
const char *
slm_stored_state(slm_time cancelled, slm_time stopped, bool paused, slm_time due)
{
	if (cancelled != NOEND)
		return "cancelled";
	if (stopped != NOEND)
		return stopped <= due ? "met" : "missed";
	return paused ? "paused" : "running";
}

/* ---------------------------------------------------------------------
 * A ticket's clocks
 * ---------------------------------------------------------------------
 */

/* An empty set of a ticket's clocks, its arrays to come from mem. */
void
slm_clock_set_init(ClockSet *cs, const SlmAlloc *mem)
{
	memset(cs, 0, sizeof(*cs));
	cs->mem = mem;
}

/*
 * One more clock of a ticket, new: no id, no values, every time none.
 * NULL when memory runs out (the set is as it was).  Pointers to the set's
 * clocks do not survive a call.
 */
Clock *
slm_clock_append(ClockSet *cs)
{
	Clock	   *c;

	if (cs->n == cs->cap)
	{
		int			cap = Max(8, cs->cap * 2);
		Clock	   *grown = rules_alloc(cs->mem, sizeof(Clock) * cap);

		if (grown == NULL)
			return NULL;
		if (cs->n > 0)
			memcpy(grown, cs->clock, sizeof(Clock) * cs->n);
		if (cs->clock != NULL)
			cs->mem->free(cs->mem->ctx, cs->clock);
		cs->clock = grown;
		cs->cap = cap;
	}
	c = &cs->clock[cs->n++];
	memset(c, 0, sizeof(*c));
	c->started_at = c->paused_since = c->stopped_at = c->cancelled_at = c->removed_at = NOEND;
	c->warn_from = c->due_at = NOEND;
	return c;
}

/*
 * The clocks read so far are all the set's clocks as read: keep a copy of
 * each (was), to tell later what the rules changed.  False when memory
 * runs out.
 */
bool
slm_clock_set_keep_read(ClockSet *cs)
{
	cs->nread = cs->n;
	if (cs->nread == 0)
		return true;
	if ((cs->was = rules_alloc(cs->mem, sizeof(Clock) * cs->nread)) == NULL)
		return false;
	memcpy(cs->was, cs->clock, sizeof(Clock) * cs->nread);
	return true;
}

/* Free the set's arrays (not what its clocks point to). */
void
slm_clock_set_free(ClockSet *cs)
{
	if (cs->clock != NULL)
		cs->mem->free(cs->mem->ctx, cs->clock);
	if (cs->was != NULL)
		cs->mem->free(cs->mem->ctx, cs->was);
	slm_clock_set_init(cs, cs->mem);
}

static bool
clock_is(const Clock *c, const char *kind, const char *metric)
{
	return strcmp(c->kind, kind) == 0 && (metric == NULL || strcmp(c->metric, metric) == 0);
}

static bool
clock_running(const Clock *c)
{
	return c->stopped_at == NOEND && c->cancelled_at == NOEND;
}

/* A ticket's clock of a kind and metric with the latest cycle, or NULL if it has none. */
static const Clock *
latest_clock(const ClockSet *cs, const char *kind, const char *metric)
{
	const Clock *latest = NULL;

	for (int i = 0; i < cs->n; i++)
		if (clock_is(&cs->clock[i], kind, metric) && (latest == NULL || cs->clock[i].cycle > latest->cycle))
			latest = &cs->clock[i];
	return latest;
}

/*
 * Whether clock i of cs stays as it was read: a resync (the model
 * changed) brings running clocks up to the model and leaves the results of
 * stopped and cancelled ones alone (a cancelled clock that runs again,
 * resume_cancelled, is running).
 */
static bool
kept_as_read(SyncMode mode, const ClockSet *cs, int i)
{
	return mode == SYNC_RESYNC && i < cs->nread && !clock_running(&cs->was[i]) &&
		!clock_running(&cs->clock[i]);
}

/*
 * Whether a clock of a kind on a target waits on the customer in a
 * ticket's state, and so pauses: by the target's own pause statuses when
 * it sets them (a response that never pauses, a resolution that pauses on
 * more), else by the table's (table_waits, slm_ticket_waits_on_customer);
 * a supplier's (UC) clock never.
 */
static bool
target_waits(const SlmTarget *t, const char *kind, const Ticket *n, bool table_waits)
{
	if (strcmp(kind, "UC") == 0)
		return false;
	if (t != NULL && t->has_pause_statuses)
		return slm_in_list(n->text[SLM_ROLE_STATUS], t->pause_statuses, t->npause_statuses);
	return table_waits;
}

/* A clock's own target, when some target sets its own pause statuses; else NULL (the table's apply). */
static const SlmTarget *
pausing_target(const Rules *r, const Clock *c)
{
	return c->has_target ? r->model->target_pausing(r->model->arg, c->target) : NULL;
}

/* Whether a clock waits on the customer in a ticket's state, by its own target (target_waits). */
static bool
clock_waits(const Rules *r, const Clock *c, const Ticket *n, bool table_waits)
{
	return target_waits(pausing_target(r, c), c->kind, n, table_waits);
}

/* A clock a ticket should have, as if it had none of its kind and metric. */
typedef struct PlannedClock
{
	const char *kind;
	const char *metric;
	const char *counterparty;
	slm_time	started_at;
	slm_time	stopped_at;		/* NOEND: running */
	slm_time	paused_since;	/* NOEND: not paused */
	const SlmTarget *target;
	SlmSchedule sched;
	bool		has_time_used;
	int64_t		time_used;
	slm_date	due_date;
} PlannedClock;

/*
 * The target in force for a clock of a kind, metric and counterparty
 * started at an instant, by the ticket's values (see SlmClockModel): its
 * service, priority, category, its customer's tier, and for an SLA clock
 * the agreement it names.
 */
static const SlmTarget *
ticket_target(const Rules *r, const Ticket *t, const char *kind, const char *metric, const char *counterparty,
			  slm_time at)
{
	SlmTargetKey k;

	k.kind = kind;
	k.metric = metric;
	k.service = slm_ticket_service(r->m, t);
	k.counterparty = counterparty;
	k.tier = r->tier;
	k.category = t->text[SLM_ROLE_CATEGORY];
	k.agreement = strcmp(kind, "SLA") == 0 ? t->text[SLM_ROLE_AGREEMENT] : NULL;
	k.has_priority = !t->isnull[SLM_ROLE_PRIORITY];
	k.priority = k.has_priority ? t->priority : 0;
	k.at = at;
	return r->model->target(r->model->arg, &k);
}

static SlmCompiled *
model_calendar(const Rules *r, const char *name)
{
	return r->model->calendar(r->model->arg, name);
}

static slm_date
model_local_date(const Rules *r, const char *zone, slm_time at)
{
	return r->model->local_date(r->model->arg, zone, at);
}

/* Whether a target can be computed on: a goal in business time, a calendar the model holds. */
static bool
target_usable(const Rules *r, const SlmTarget *t)
{
	return t->has_goal && slm_goal_is_business_time(&t->goal) && t->calendar != NULL && t->zone != NULL &&
		model_calendar(r, t->calendar) != NULL;
}

/* Why a target cannot be computed on: its goal, or else its calendar. */
static const char *
unusable_target(const Rules *r, int32_t target, bool goal_ok, const char *calendar)
{
	if (!goal_ok)
		return problem_printf(r->mem, "target %d has no goal in business time", target);
	return problem_printf(r->mem, "the calendar \"%s\" of target %d cannot be read",
						  calendar ? calendar : "", target);
}

static const char *
target_problem(const Rules *r, const SlmTarget *t)
{
	return unusable_target(r, t->target, t->has_goal && slm_goal_is_business_time(&t->goal), t->calendar);
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

/* Whether a ticket's clocks (their first `before`) have a running one of a kind for a party. */
static bool
has_running(const ClockSet *cs, int before, const char *kind, const char *party)
{
	for (int i = 0; i < before; i++)
		if (clock_is(&cs->clock[i], kind, NULL) && clock_running(&cs->clock[i]) &&
			slm_same_text(cs->clock[i].counterparty, party))
			return true;
	return false;
}

/*
 * Work out the clocks a ticket should have and has none of its kind and
 * metric among the first `before` of cs: its SLA response and resolution
 * clocks, an OLA clock for each team holding it, a UC clock while it
 * waits on a supplier, its SLA time to own, each where a target applies,
 * with its schedule; clocks has room for 4 + twice its teams.  A team's
 * clocks start at party_from, or at the opening when that is NOEND; a
 * supplier's at the ticket's last status change where the row has one,
 * else likewise.  Returns how many, or -1 with *problem set.
 */
static int
plan_clocks(const Rules *r, const Ticket *t, slm_time owned, const ClockSet *cs, int before,
			slm_time party_from, PlannedClock *clocks, const char **problem)
{
	const SlmTableRules *m = r->m;
	const char *customer = t->text[SLM_ROLE_CUSTOMER];
	bool		waiting = slm_ticket_waits_on_customer(m, t);
	char	   *const *groups;
	int			ngroups = slm_ticket_groups(t, &groups);
	int			n = 0;

	if (t->isnull[SLM_ROLE_OPENED_AT])
		return 0;
	if (!SLM_TIME_IS_FINITE(t->opened_at))
	{
		*problem = "its opening time is infinite";
		return -1;
	}

	/*
	 * SLA response and resolution, OLA resolution (the hold) and response
	 * (its acknowledgement) per team, a UC clock, SLA time to own
	 */
	for (int k = 0; k < 4 + 2 * ngroups; k++)
	{
		PlannedClock *c = &clocks[n];
		SlmCompiled *cal;
		SlmError	err;
		int			what = k < 2 ? k : k < 2 + 2 * ngroups ? 2 : k == 2 + 2 * ngroups ? 3 : 4;

		memset(c, 0, sizeof(*c));
		c->started_at = t->opened_at;
		c->metric = k == 0 ? "response" : what == 4 ? "own" : what == 2 && (k - 2) % 2 == 1 ? "response" : "resolution";
		switch (what)
		{
			case 0:
			case 1:
			case 4:
				c->kind = "SLA";
				c->counterparty = customer;
				break;
			case 2:
				c->kind = "OLA";
				c->counterparty = groups[(k - 2) / 2];

				/*
				 * A team given a resolved ticket held none of its open
				 * time: a ticket that has clocks gets no hold from its
				 * opening then (the team's hold starts if the ticket is
				 * reopened).  One that has none yet (new, or tracked for
				 * the first time) is taken as held throughout, as it
				 * stands.
				 */
				if (before > 0 && !t->isnull[SLM_ROLE_RESOLVED_AT])
					continue;
				if (party_from != NOEND)
					c->started_at = Max(t->opened_at, party_from);
				break;
			default:
				c->kind = "UC";
				c->counterparty = t->text[SLM_ROLE_SUPPLIER];
				if (!slm_ticket_waits_on_supplier(m, t))
					continue;
				if (!t->isnull[SLM_ROLE_STATUS_CHANGED_AT])
					c->started_at = t->status_changed_at;
				else if (party_from != NOEND)
					c->started_at = Max(t->opened_at, party_from);
				if (!SLM_TIME_IS_FINITE(c->started_at))
				{
					*problem = "its status change time is infinite";
					return -1;
				}
				break;
		}
		if (has_clock(cs, before, c->kind, c->metric))
			continue;

		c->stopped_at = slm_ticket_stop(t, c->kind, c->metric, c->started_at, NOEND, owned);
		c->target = ticket_target(r, t, c->kind, c->metric, c->counterparty, c->started_at);
		if (c->target == NULL)
			continue;
		if (!target_usable(r, c->target))
		{
			*problem = target_problem(r, c->target);
			return -1;
		}
		cal = model_calendar(r, c->target->calendar);
		c->paused_since = NOEND;
		if (c->stopped_at == NOEND && target_waits(c->target, c->kind, t, waiting))
			c->paused_since = Max(c->started_at,
								  t->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? t->opened_at : t->status_changed_at);
		if (slm_clock_schedule(cal, c->started_at, &c->target->goal, c->target->warn, NULL, NULL, 0,
							   &c->sched, &err) != SLM_OK)
		{
			*problem = error_problem(r->mem, &err);
			return -1;
		}
		if (c->stopped_at != NOEND)
		{
			c->has_time_used = true;
			if (slm_clock_used(cal, c->started_at, c->stopped_at, NULL, NULL, 0, NOEND,
							   &c->time_used, &err) != SLM_OK)
			{
				*problem = error_problem(r->mem, &err);
				return -1;
			}
		}
		c->due_date = model_local_date(r, c->target->zone, c->sched.due_at);
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

/* The target in force for a clock's own values (a stopped clock's, as they were when it stopped). */
static const SlmTarget *
clock_target(const Rules *r, const Clock *c)
{
	SlmTargetKey k;

	k.kind = c->kind;
	k.metric = c->metric;
	k.service = c->service;
	k.counterparty = c->counterparty;
	k.tier = c->tier;
	k.category = c->category;
	k.agreement = c->named_agreement;
	k.has_priority = c->has_priority;
	k.priority = c->has_priority ? c->priority : 0;
	k.at = c->started_at;
	return r->model->target(r->model->arg, &k);
}

/* The ticket's values a running clock carries. */
static void
set_clock_ticket(const Rules *r, Clock *c, const Ticket *n)
{
	c->customer = n->text[SLM_ROLE_CUSTOMER];
	c->service = slm_ticket_service(r->m, n);
	c->has_priority = !n->isnull[SLM_ROLE_PRIORITY];
	c->priority = c->has_priority ? n->priority : 0;
	c->tier = r->tier;
	c->category = n->text[SLM_ROLE_CATEGORY];
	c->named_agreement = strcmp(c->kind, "SLA") == 0 ? n->text[SLM_ROLE_AGREEMENT] : NULL;
}

/*
 * Keep a clock's pauses within [from_at, to_at): those outside are dropped,
 * those across either end shortened.  False when memory runs out.
 */
static bool
keep_pauses_within(const SlmAlloc *mem, Clock *c, slm_time from_at, slm_time to_at)
{
	slm_time   *from,
			   *to;
	int			n = 0;

	if (c->npauses == 0)
		return true;
	from = rules_alloc(mem, sizeof(slm_time) * c->npauses);
	to = rules_alloc(mem, sizeof(slm_time) * c->npauses);
	if (from == NULL || to == NULL)
		return false;
	for (int i = 0; i < c->npauses; i++)
	{
		from[n] = Max(c->pause_from[i], from_at);
		to[n] = Min(c->pause_to[i], to_at);
		if (to[n] > from[n])
			n++;
	}
	c->pause_from = from;
	c->pause_to = to;
	c->npauses = n;
	return true;
}

/*
 * A clock that started at the ticket's opening, when the opening time is
 * corrected (a phone call entered late, an import fixed), starts at the
 * new one: pauses before it are dropped or shortened, and a pause or stop
 * before it moves to it.  False when memory runs out.
 */
static bool
move_start(const SlmAlloc *mem, Clock *c, slm_time start)
{
	c->started_at = start;
	if (c->paused_since != NOEND && c->paused_since < start)
		c->paused_since = start;
	if (c->stopped_at != NOEND && c->stopped_at < start)
		c->stopped_at = start;
	return keep_pauses_within(mem, c, start, NOEND);
}

/*
 * A clock's stop moved earlier (a resolution time corrected, a first reply
 * the row now says came before) ends its pauses there: pauses after it
 * are dropped or shortened.  False when memory runs out.
 */
static bool
end_pauses_at_stop(const SlmAlloc *mem, Clock *c)
{
	bool		beyond = false;

	if (c->stopped_at == NOEND)
		return true;
	for (int i = 0; i < c->npauses; i++)
		beyond |= c->pause_to[i] > c->stopped_at;
	return !beyond || keep_pauses_within(mem, c, c->started_at, c->stopped_at);
}

/*
 * Whether a clock starts at its ticket's opening by the rules: the first
 * cycle of an SLA's response, resolution and time to own.  (A team's first
 * hold starts there only when the team held the ticket from its opening.)
 */
static bool
starts_at_opening(const Clock *c)
{
	return clock_is(c, "SLA", NULL) && c->cycle == 1 &&
		(strcmp(c->metric, "response") == 0 || strcmp(c->metric, "resolution") == 0 ||
		 strcmp(c->metric, "own") == 0);
}

/*
 * Whether a clock measures what may go on after it was cancelled for want
 * of a target: an SLA's first response, resolution or time to own, a
 * team's hold (and its acknowledgement), a supplier's wait.  (Other
 * metrics start a cycle of their own at their next event.)
 */
static bool
may_run_again(const Clock *c)
{
	if (clock_is(c, "SLA", NULL))
		return strcmp(c->metric, "response") == 0 || strcmp(c->metric, "resolution") == 0 ||
			strcmp(c->metric, "own") == 0;
	return true;
}

/*
 * Whether a clock was cancelled (for want of a target: a priority picked
 * by mistake, a customer or service without an SLA) and is the latest of
 * its kind and metric, and for a team's or supplier's clock (OLA, UC) of
 * its party.
 */
static bool
latest_cancelled(const ClockSet *cs, int before, const Clock *c)
{
	bool		sla = clock_is(c, "SLA", NULL);

	if (c->cancelled_at == NOEND)
		return false;
	for (int j = 0; j < before; j++)
	{
		const Clock *o = &cs->clock[j];

		if (o != c && clock_is(o, c->kind, c->metric) && o->cycle > c->cycle &&
			(sla || slm_same_text(o->counterparty, c->counterparty)))
			return false;
	}
	return true;
}

/*
 * Whether a clock is the latest cancelled one (latest_cancelled) and the
 * ticket has not stopped it since (step 1): the one that may run again
 * (resume_cancelled).
 */
static bool
latest_cancelled_running(const ClockSet *cs, int before, const Clock *c)
{
	return c->stopped_at == NOEND && latest_cancelled(cs, before, c);
}

/*
 * Whether a clock is running, or stands cancelled for want of a target and
 * may run again (may_run_again, latest_cancelled_running): the end of what
 * it measures (a hand-off, the end of a supplier wait) stops either, a
 * cancelled one for good, and a wait on the customer pauses either, so
 * that a clock that runs again does not count the waits of the time it
 * stood cancelled (by the statuses of the target it had).
 */
static bool
measuring(const ClockSet *cs, int before, const Clock *c)
{
	return clock_running(c) || (may_run_again(c) && latest_cancelled_running(cs, before, c));
}

/*
 * Whether what a cancelled clock measured still goes on in the ticket
 * (may_run_again): an SLA's first response, resolution or time to own; a
 * team's hold while the team holds the ticket; a supplier's wait while the
 * ticket waits on that supplier.
 */
static bool
measure_goes_on(const Rules *r, const Clock *c, const Ticket *n)
{
	if (!may_run_again(c))
		return false;
	if (clock_is(c, "SLA", NULL))
		return true;
	if (clock_is(c, "OLA", NULL))
		return slm_ticket_held_by(n, c->counterparty);
	return clock_is(c, "UC", NULL) && slm_same_text(c->counterparty, n->text[SLM_ROLE_SUPPLIER]) &&
		slm_ticket_waits_on_supplier(r->m, n);
}

/*
 * Step 2 for the clocks that were cancelled while they ran because no
 * target applied to the ticket (latest_cancelled_running): the clock runs
 * again when a target applies to the ticket's values once more, what it
 * measures goes on (measure_goes_on), and the ticket has not stopped it
 * meanwhile (a reply, owner or resolution in step 1, a hand-off or the end
 * of a supplier wait in step 0, each recorded on it; in a resync, which
 * leaves cancelled clocks as read, a stop the row holds).  Before, the
 * ticket had no running clock of that kind for good: an SLA's until
 * slm.rebuild, which made none either; a team's or supplier's for the rest
 * of the hold or wait, while slm.rebuild started a new cycle at the
 * rebuild.  It takes
 * the ticket's values; with has_target cleared, the caller gives it its
 * target and its pause as for a clock that takes another target.  The
 * time it was cancelled counts, as for a priority change, which times
 * every clock from its start.  A clock that starts at the opening by the
 * rules starts at the ticket's opening as it is now: a correction made
 * while the clock stood cancelled did not move it (step 0a moves running
 * and stopped clocks), and slm.rebuild would.  False when memory runs out.
 */
static bool
resume_cancelled(const Rules *r, ClockSet *cs, int before, const Ticket *n, slm_time owned)
{
	for (int i = 0; i < before; i++)
	{
		Clock	   *c = &cs->clock[i];
		Clock		probe;

		if (!latest_cancelled_running(cs, before, c) || !measure_goes_on(r, c, n))
			continue;
		probe = *c;
		if (starts_at_opening(c) && !n->isnull[SLM_ROLE_OPENED_AT] && SLM_TIME_IS_FINITE(n->opened_at) &&
			c->started_at != n->opened_at && !move_start(r->mem, &probe, n->opened_at))
			return false;
		if (slm_ticket_stop(n, c->kind, c->metric, probe.started_at, NOEND, owned) != NOEND)
			continue;
		set_clock_ticket(r, &probe, n);
		if (clock_is(c, "SLA", NULL))
			probe.counterparty = n->text[SLM_ROLE_CUSTOMER];
		if (clock_target(r, &probe) == NULL)
			continue;
		*c = probe;
		c->cancelled_at = NOEND;
		c->has_target = false;
	}
	return true;
}

/* What a clock carries from the ticket whatever its state: assignee and satisfaction. */
static void
set_clock_reports(Clock *c, const Ticket *n)
{
	c->assignee = n->text[SLM_ROLE_ASSIGNEE];
	c->has_satisfaction = !n->isnull[SLM_ROLE_SATISFACTION];
	c->satisfaction = c->has_satisfaction ? n->satisfaction : (SlmNumeric) 0;
}

/* Set a clock's schedule (goal time, paused time, warning, due time and date). */
static void
set_schedule(Clock *c, const SlmSchedule *sched, slm_date due_date)
{
	c->has_goal_time = sched->has_goal_time;
	c->goal_time = usecs_interval(sched->has_goal_time ? sched->goal_time : 0);
	c->paused_time = usecs_interval(sched->paused_time);
	c->warn_from = sched->warn_from;
	c->due_at = sched->due_at;
	c->has_due_date = true;
	c->due_date = due_date;
}

/* A new clock of the ticket, its identity set; NULL when memory runs out. */
static Clock *
new_clock(ClockSet *cs, const Ticket *n, const char *kind, const char *metric, int32_t cycle)
{
	Clock	   *c = slm_clock_append(cs);

	if (c == NULL)
		return NULL;
	c->ticket = n->key;
	c->kind = kind;
	c->metric = metric;
	c->cycle = cycle;
	return c;
}

/* A planned clock as a new clock of the ticket, complete; false when memory runs out. */
static bool
add_planned(const Rules *r, ClockSet *cs, const Ticket *n, const PlannedClock *p)
{
	Clock	   *c = new_clock(cs, n, p->kind, p->metric, 1);

	if (c == NULL)
		return false;
	set_clock_target(c, p->target);
	c->counterparty = p->counterparty;
	set_clock_ticket(r, c, n);
	c->started_at = p->started_at;
	c->stopped_at = p->stopped_at;
	c->paused_since = p->paused_since;
	set_schedule(c, &p->sched, p->due_date);
	c->has_time_used = p->has_time_used;
	c->time_used = usecs_interval(p->has_time_used ? p->time_used : 0);
	c->state = slm_stored_state(NOEND, p->stopped_at, p->paused_since != NOEND, p->sched.due_at);
	set_clock_reports(c, n);
	return true;
}

/*
 * Start the next cycle of a clock at an instant, on the target in force
 * for the ticket's values; no clock when none applies.
 */
static const char *
start_metric_cycle(const Rules *r, ClockSet *cs, const Ticket *n, const char *kind, const char *metric,
				   const char *counterparty, slm_time at)
{
	const SlmTarget *t = ticket_target(r, n, kind, metric, counterparty, at);
	const Clock *latest;
	Clock	   *c;

	if (t == NULL)
		return NULL;
	if (!target_usable(r, t))
		return target_problem(r, t);
	latest = latest_clock(cs, kind, metric);
	if ((c = new_clock(cs, n, kind, metric, latest == NULL ? 1 : latest->cycle + 1)) == NULL)
		return out_of_memory;
	set_clock_target(c, t);
	c->counterparty = counterparty;
	set_clock_ticket(r, c, n);
	c->started_at = at;
	c->paused_since = target_waits(t, kind, n, slm_ticket_waits_on_customer(r->m, n)) ? at : NOEND;
	return NULL;
}

/*
 * Start the next cycle of a kind of clock at an instant: the resolution's
 * (an SLA's after a reopening, a UC's wait), and for a team's hold its
 * acknowledgement (OLA response) too.
 */
static const char *
start_cycle(const Rules *r, ClockSet *cs, const Ticket *n, const char *kind, const char *counterparty,
			slm_time at)
{
	const char *problem = start_metric_cycle(r, cs, n, kind, "resolution", counterparty, at);

	if (problem == NULL && strcmp(kind, "OLA") == 0)
		problem = start_metric_cycle(r, cs, n, kind, "response", counterparty, at);
	return problem;
}

/*
 * A customer message that waits for the agents' next reply starts a cycle
 * of the SLA next reply (metric next_reply) at its time (the
 * customer_message_at role), when
 *  - the ticket had its first reply before it (the response metric covers
 *    the message that opened the ticket, and whatever came before the
 *    first reply);
 *  - it is not later than the resolution (a thank-you after the ticket is
 *    resolved waits for nothing; a message that reopens it clears the
 *    resolution);
 *  - no cycle runs: while one does, the oldest unanswered message is the
 *    one that counts;
 *  - it is later than every cycle's start, stop and cancellation: a
 *    message the agents answered already starts nothing, nor does one
 *    that came while a cycle ran that was then cancelled (a cycle once
 *    cancelled runs no more; the next message begins another).
 * The cycle stops at the next reply (slm_clock_stop).
 *
 * It starts no earlier than from (NOEND: at the message; see
 * next_reply_from): a message that came while the ticket was resolved
 * waits from the reopening, one that came while no target applied from the
 * change that makes one apply, as every cycle does.  A message answered
 * before then starts none: it waited for nothing a target measures.  It is
 * answered by a reply at or after it, or by a resolution after it, as a
 * resolution stops a cycle that runs: the ticket's own while it is
 * resolved, the one a reopening undoes (undone, else NOEND), and, for a
 * change that saw the message before, any that stopped the SLA's
 * resolution since (a change that brings the message does not ask, as a
 * message written late may come after the resolution it precedes).
 *
 * A message and its reply in one change (a table synced from another
 * system) make a cycle that is over at once.  A rebuild of a ticket with
 * clocks (seen) starts none for a message already answered, nor for any
 * while the ticket is resolved: tracking saw the message come and either
 * started its cycle then or had none to start (the ticket was resolved,
 * or no target applied), which the row cannot tell.
 *
 * Applied at every change, a new row and a rebuild too, so that whatever
 * row a history ends in gives the cycle its latest message started.
 */
static const char *
start_next_reply(const Rules *r, ClockSet *cs, const Ticket *n, slm_time from, slm_time undone, bool seen)
{
	slm_time	message = n->customer_message_at;
	slm_time	start;
	bool		answered;

	if (n->isnull[SLM_ROLE_CUSTOMER_MESSAGE_AT] || n->isnull[SLM_ROLE_OPENED_AT] ||
		n->isnull[SLM_ROLE_RESPONDED_AT] || n->responded_at >= message ||
		(!n->isnull[SLM_ROLE_RESOLVED_AT] && message > n->resolved_at))
		return NULL;
	for (int i = 0; i < cs->n; i++)
	{
		const Clock *c = &cs->clock[i];

		if (clock_is(c, "SLA", "next_reply") &&
			(clock_running(c) || message <= c->started_at || (c->stopped_at != NOEND && message <= c->stopped_at) ||
			 (c->cancelled_at != NOEND && message <= c->cancelled_at)))
			return NULL;
		/* a resolution since answered it (for a change that saw it before) */
		if ((from != NOEND || seen) && clock_is(c, "SLA", "resolution") && c->stopped_at != NOEND &&
			message <= c->stopped_at)
			return NULL;
	}
	if (undone != NOEND && message <= undone)
		return NULL;
	if (!SLM_TIME_IS_FINITE(message))
		return "its customer message time is infinite";
	answered = !n->isnull[SLM_ROLE_AGENT_REPLY_AT] && n->agent_reply_at >= message;
	start = from != NOEND ? Max(message, from) : message;
	/* answered by a reply before the cycle could start (a rebuild: at all) */
	if (answered && (start > message || seen))
		return NULL;
	/* answered by the ticket's resolution before the cycle could start */
	if (!n->isnull[SLM_ROLE_RESOLVED_AT] && ((start > message && start >= n->resolved_at) || seen))
		return NULL;
	return start_metric_cycle(r, cs, n, "SLA", "next_reply", n->text[SLM_ROLE_CUSTOMER], start);
}

/*
 * The earliest a change may start the next reply's cycle of the ticket's
 * latest customer message (start_next_reply; NOEND: none, at the message).
 * A change that brings the message (a new row, a change of its time), the
 * first reply (a first reply recorded late, before the message, shows the
 * message came after it) or a resolution time that puts before the
 * resolution a message which seemed to come after it lets the cycle start
 * at the message.  A reopening starts it at the reopening (ev, the
 * change's time), as the message may have come while the ticket was
 * resolved.  Any other change, a change of priority say, finds a message
 * that tracking saw before and started no cycle for, as no target applied:
 * it starts at this change, which makes one apply, as a team's hold does.
 * A rebuild cannot tell, and starts it at the message.
 */
static slm_time
next_reply_from(SyncMode mode, const Ticket *o, const Ticket *n, slm_time ev, slm_time reopened)
{
	if (mode != SYNC_UPDATE)
		return NOEND;
	if (reopened != NOEND)
		return reopened;
	if (!slm_same_role(o, n, SLM_ROLE_CUSTOMER_MESSAGE_AT) || !slm_same_role(o, n, SLM_ROLE_RESPONDED_AT) ||
		(!o->isnull[SLM_ROLE_RESOLVED_AT] && !n->isnull[SLM_ROLE_RESOLVED_AT] && o->resolved_at != n->resolved_at &&
		 !n->isnull[SLM_ROLE_CUSTOMER_MESSAGE_AT] && n->customer_message_at > o->resolved_at))
		return NOEND;
	return ev;
}

/*
 * End a clock's open pause at an instant: the pause joins its closed
 * pauses as a tstzmultirange would take it (in order, overlapping and
 * touching pauses merged), unless it ends where it began.  False when
 * memory runs out (the clock is as it was).
 */
static bool
end_pause(const SlmAlloc *mem, Clock *c, slm_time at)
{
	slm_time	since = c->paused_since;
	slm_time   *from,
			   *to;
	int			pos = 0,
				n = 0;

	if (since == NOEND)
		return true;
	if (at <= since)
	{
		c->paused_since = NOEND;
		return true;
	}
	from = rules_alloc(mem, sizeof(slm_time) * (c->npauses + 1));
	to = rules_alloc(mem, sizeof(slm_time) * (c->npauses + 1));
	if (from == NULL || to == NULL)
		return false;
	c->paused_since = NOEND;
	while (pos < c->npauses && c->pause_from[pos] <= since)
		pos++;
	for (int i = 0; i <= c->npauses; i++)
	{
		/* the closed pauses in order, the new one at pos */
		int			j = i < pos ? i : i - 1;
		slm_time	f = i == pos ? since : c->pause_from[j];
		slm_time	t = i == pos ? at : c->pause_to[j];

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
	return true;
}

/*
 * Cancel a running clock at an instant; its open pause ends there unless
 * the clock may run again (may_run_again: it goes on measuring the waits
 * on the customer).  False when memory runs out.
 */
static bool
cancel_clock(const SlmAlloc *mem, Clock *c, slm_time at)
{
	c->cancelled_at = at;
	c->state = "cancelled";
	return may_run_again(c) || end_pause(mem, c, at);
}

/* Note a cancelled clock for the caller's report; false when memory runs out. */
static bool
note_cancelled(const SlmAlloc *mem, SyncNotes *notes, const char *ticket, const Clock *c)
{
	if (notes->ncancelled == notes->cap)
	{
		int			cap = Max(4, notes->cap * 2);
		CancelledClock *grown = rules_alloc(mem, sizeof(CancelledClock) * cap);

		if (grown == NULL)
			return false;
		if (notes->ncancelled > 0)
			memcpy(grown, notes->cancelled, sizeof(CancelledClock) * notes->ncancelled);
		notes->cancelled = grown;
		notes->cap = cap;
	}
	notes->cancelled[notes->ncancelled].ticket = ticket;
	notes->cancelled[notes->ncancelled].kind = c->kind;
	notes->cancelled[notes->ncancelled].metric = c->metric;
	notes->ncancelled++;
	return true;
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
schedule_clock(const Rules *r, Clock *c)
{
	SlmCompiled *cal = c->calendar != NULL ? model_calendar(r, c->calendar) : NULL;
	const char *zone = r->model->agreement_zone(r->model->arg, c->agreement);
	SlmSchedule sched;
	SlmError	err;

	if (cal == NULL || zone == NULL)
		return unusable_target(r, c->target, true, c->calendar);
	if (!slm_goal_is_business_time(&c->goal))
		return unusable_target(r, c->target, false, NULL);
	if (!SLM_TIME_IS_FINITE(c->started_at))
		return "a clock would start at an infinite time";
	if (slm_clock_schedule(cal, c->started_at, &c->goal, c->warn, c->pause_from, c->pause_to, c->npauses,
						   &sched, &err) != SLM_OK)
		return error_problem(r->mem, &err);
	set_schedule(c, &sched, model_local_date(r, zone, sched.due_at));
	/* a cancelled clock has no result, whatever stopped it later */
	c->has_time_used = c->stopped_at != NOEND && c->cancelled_at == NOEND;
	if (c->has_time_used)
	{
		int64_t		used;

		if (slm_clock_used(cal, c->started_at, c->stopped_at, c->pause_from, c->pause_to,
						   c->npauses, c->paused_since, &used, &err) != SLM_OK)
			return error_problem(r->mem, &err);
		c->time_used = usecs_interval(used);
	}
	c->state = slm_stored_state(c->cancelled_at, c->stopped_at, c->paused_since != NOEND, sched.due_at);
	return NULL;
}

/*
 * A change of the teams holding a ticket: the holds of teams that no
 * longer hold it stop at the change, and each team that holds it now
 * without a running hold starts one (while it is not resolved).  With one
 * team, as an assignment_group column has, that is a hand-off.  A change
 * that also resolves the ticket stops them at the resolution, as it stops
 * a supplier's wait: the team resolved it and gave it back (to the desk,
 * for closing), and a copy synced now and then sees both at once, later.
 */
static const char *
hand_off(const Rules *r, ClockSet *cs, const Ticket *n, slm_time at)
{
	char	   *const *groups;
	int			ngroups = slm_ticket_groups(n, &groups);
	int			before = cs->n;
	slm_time	ended = n->isnull[SLM_ROLE_RESOLVED_AT] ? at : n->resolved_at;
	const char *problem = NULL;

	for (int i = 0; i < before; i++)
	{
		Clock	   *c = &cs->clock[i];

		if (clock_is(c, "OLA", NULL) && measuring(cs, before, c) && !slm_ticket_held_by(n, c->counterparty))
			c->stopped_at = Max(c->started_at, ended);
	}
	for (int g = 0; g < ngroups && problem == NULL && n->isnull[SLM_ROLE_RESOLVED_AT]; g++)
		if (!has_running(cs, before, "OLA", groups[g]))
			problem = start_cycle(r, cs, n, "OLA", groups[g], at);
	return problem;
}

/*
 * (step 0c) An open ticket whose latest SLA resolution cycle stopped (or,
 * cancelled for want of a target, took the resolution in step 1) was
 * reopened: at the reopening no target applied (a priority without one,
 * so step 0 started no cycle), or tracking did not see it (slm.rebuild
 * after rows changed with the triggers off).  Its next cycle starts at
 * `at`, never before that stop, when a target applies; before, the stopped
 * cycle ran again from the opening, its met or missed result lost.
 */
static const char *
start_reopened_cycle(const Rules *r, ClockSet *cs, const Ticket *n, slm_time at)
{
	const Clock *latest = latest_clock(cs, "SLA", "resolution");

	if (latest == NULL || latest->stopped_at == NOEND)
		return NULL;
	return start_cycle(r, cs, n, "SLA", n->text[SLM_ROLE_CUSTOMER], Max(latest->stopped_at, at));
}

/*
 * (step 0c) A team's or supplier's new cycle, when the ticket has clocks
 * of the kind but none running for it, and its latest hold or wait was
 * not cancelled while it ran (that one runs again in step 2 if a target
 * applies, as in live tracking: resume_cancelled).
 */
static const char *
resume_party(const Rules *r, ClockSet *cs, const Ticket *n, const char *kind, const char *party, slm_time at)
{
	bool		has_kind = false;

	for (int i = 0; i < cs->n; i++)
	{
		const Clock *c = &cs->clock[i];

		if (clock_is(c, kind, "resolution") && slm_same_text(c->counterparty, party) &&
			latest_cancelled_running(cs, cs->n, c))
			return NULL;
		has_kind |= clock_is(c, kind, NULL);
	}
	if (!has_kind || has_running(cs, cs->n, kind, party))
		return NULL;
	return start_cycle(r, cs, n, kind, party, at);
}

/*
 * Whether an UPDATE can change a clock: the ticket was cancelled or taken
 * back, a value other than the status and its times changed (a resolution
 * by status is a change of resolved_at), or the status went into or out of a wait on the
 * customer or on a supplier.  (A change between two statuses that neither
 * pause nor wait on a supplier leaves the clocks as they are.)
 */
bool
slm_change_touches_clocks(const SlmTableRules *m, const Ticket *o, const Ticket *n)
{
	if (o->cancelled != n->cancelled)
		return true;
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		if (r != SLM_ROLE_STATUS && r != SLM_ROLE_STATUS_CHANGED_AT && r != SLM_ROLE_CHANGED_AT &&
			!slm_same_role(o, n, r))
			return true;
	if (m->pauses_by_target && !slm_same_role(o, n, SLM_ROLE_STATUS))
		return true;
	return slm_ticket_waits_on_customer(m, o) != slm_ticket_waits_on_customer(m, n) ||
		slm_in_list(o->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) !=
		slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier);
}

/*
 * A ticket is gone (DELETE, TRUNCATE, rebuild finding its row gone, or a
 * change that meets the table's cancel condition): its running clocks are
 * cancelled at `at` (not before they started), and all its clocks are
 * marked removed, keeping their results for the reports, so that its key
 * may name a new ticket with clocks of its own.  A wait on the customer
 * that goes on ends at `at`, and, as any pause that ends, moves the
 * clock's due time: its schedule is computed again on model.  (Where it
 * cannot be, its calendar gone, the clock keeps the schedule it had: a
 * ticket's removal does not fail on the model.)  Returns NULL, or out of
 * memory.
 */
const char *
slm_remove_ticket_clocks(ClockSet *cs, const SlmClockModel *model, slm_time at)
{
	Rules		r = {NULL, model, cs->mem, NULL};

	for (int i = 0; i < cs->n; i++)
	{
		Clock	   *c = &cs->clock[i];
		slm_time	end = Max(c->started_at, at);
		bool		wait_ends = c->stopped_at == NOEND && c->paused_since != NOEND && end > c->paused_since;

		c->removed_at = at;
		if (clock_running(c) && !cancel_clock(cs->mem, c, end))
			return out_of_memory;
		/* no wait goes on (cancel_clock keeps one that may run again's) */
		if (c->stopped_at == NOEND && !end_pause(cs->mem, c, end))
			return out_of_memory;
		if (wait_ends)
			(void) schedule_clock(&r, c);
	}
	return NULL;
}

/*
 * The ticket t with its resolution as the clocks have it, where its row
 * keeps one from before (resolution_kept: a resolution by status, read as
 * the row stands, whose time the row does not tell; its changed_at may be
 * any later edit's): the stop of the latest SLA resolution cycle, which
 * the resolution made (a cycle cancelled for want of a target takes it
 * too).  Where no clock says (no such cycle, or it runs), t as read.
 * settled holds the copy.
 */
static const Ticket *
kept_resolution(const ClockSet *cs, const Ticket *t, Ticket *settled)
{
	const Clock *latest;

	if (!t->resolution_kept || t->isnull[SLM_ROLE_RESOLVED_AT])
		return t;
	latest = latest_clock(cs, "SLA", "resolution");
	if (latest == NULL || latest->stopped_at == NOEND)
		return t;
	*settled = *t;
	settled->resolved_at = latest->stopped_at;
	return settled;
}

/*
 * Apply a change of a ticket to its live clocks cs (read and locked by the
 * caller; for a new key, none): o is the ticket before (n itself for
 * SYNC_INSERT and SYNC_REBUILD), n after; m is what the rules need of its
 * table, model the model in force, now the statement's time.  Returns
 * NULL, or what could not be computed (then cs is half changed and must
 * not be written).
 */
const char *
slm_sync_ticket_clocks(ClockSet *cs, const SlmTableRules *m, const SlmClockModel *model, const Ticket *o,
					   const Ticket *n, SyncMode mode, slm_time now, SyncNotes *notes)
{
	const SlmAlloc *mem = cs->mem;
	Rules		r = {m, model, mem, NULL};
	slm_time	ev = slm_ticket_change_time(n, now);
	/* a ticket with an assignee is owned as of this change (the time to own stops) */
	slm_time	owned = n->isnull[SLM_ROLE_ASSIGNEE] ? NOEND : ev;
	bool		was_paused = slm_ticket_waits_on_customer(m, o);
	bool		is_paused = slm_ticket_waits_on_customer(m, n);
	bool		was_supplier = slm_ticket_waits_on_supplier(m, o);
	bool		is_supplier = slm_ticket_waits_on_supplier(m, n);
	/* a resync is a rebuild that leaves stopped clocks as they were */
	bool		rebuild = mode == SYNC_REBUILD || mode == SYNC_RESYNC;
	bool		full = mode != SYNC_UPDATE || !slm_same_role(o, n, SLM_ROLE_PRIORITY) ||
		!slm_same_role(o, n, SLM_ROLE_CUSTOMER) || !slm_same_role(o, n, SLM_ROLE_SERVICE) ||
		!slm_same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP) || !slm_same_role(o, n, SLM_ROLE_SUPPLIER) ||
		!slm_same_role(o, n, SLM_ROLE_CATEGORY) || !slm_same_role(o, n, SLM_ROLE_AGREEMENT);
	/* a rebuild re-derives waits at the ticket's last status change */
	slm_time	status_at = n->isnull[SLM_ROLE_STATUS_CHANGED_AT] ? ev : n->status_changed_at;
	/* a cancellation is timed by the change; a new row's and a rebuild's by the statement */
	slm_time	cancel_at = mode == SYNC_UPDATE ? ev : now;
	/* the change's time if it reopens the ticket (clears its resolution), else NOEND */
	slm_time	reopened_at = mode == SYNC_UPDATE && !o->isnull[SLM_ROLE_RESOLVED_AT] &&
		n->isnull[SLM_ROLE_RESOLVED_AT] ? ev : NOEND;
	const Clock *latest_resolution;
	int			before;
	bool		any_sla = false;
	const char *problem = NULL;
	Clock	   *c;
	Ticket		settled,
				settled_before;

	/* the customer's tier, which targets may be for */
	r.tier = model->customer_tier(model->arg, n->text[SLM_ROLE_CUSTOMER]);

	/*
	 * A resolution kept from before (a resolution by status, whose row
	 * does not tell when) is when the clocks say, the ticket's now and, for
	 * a reopening, the one it undoes (kept_resolution).  Clocks planned now
	 * (a team assigned after the resolution) stop there too.
	 */
	n = kept_resolution(cs, n, &settled);
	o = kept_resolution(cs, o, &settled_before);

	/*
	 * -. cancelled (the table's cancel condition): as if the row were
	 * deleted; taken back out: a new ticket's clocks, as a rebuild makes
	 */
	if (n->cancelled)
		return slm_remove_ticket_clocks(cs, model, ev);
	if (mode == SYNC_UPDATE && o->cancelled)
		full = true;

	/*
	 * 0a. a corrected opening time: the clocks that started at the old
	 * opening (a change of the row) or that start at the opening by the
	 * rules (a rebuild, which does not know the old one) start at the new
	 */
	if (mode != SYNC_INSERT && !n->isnull[SLM_ROLE_OPENED_AT] && SLM_TIME_IS_FINITE(n->opened_at))
		for (int i = 0; i < cs->n; i++)
		{
			bool		moved;

			c = &cs->clock[i];
			if (c->cancelled_at != NOEND || c->started_at == n->opened_at || kept_as_read(mode, cs, i))
				continue;
			if (mode == SYNC_UPDATE)
				moved = !o->isnull[SLM_ROLE_OPENED_AT] && c->started_at == o->opened_at;
			else
				moved = starts_at_opening(c);
			if (moved && !move_start(mem, c, n->opened_at))
				return out_of_memory;
		}

	/* 0. waits, reopenings, hand-offs, supplier waits */
	if (mode == SYNC_UPDATE && !o->cancelled)
	{
		for (int i = 0; i < cs->n; i++)
		{
			const SlmTarget *t;
			bool		was,
						is;

			c = &cs->clock[i];
			if (!measuring(cs, cs->n, c))
				continue;
			/* the same target before and after: looked up once */
			t = pausing_target(&r, c);
			was = target_waits(t, c->kind, o, was_paused);
			is = target_waits(t, c->kind, n, is_paused);
			if (is && !was && c->paused_since == NOEND)
				c->paused_since = Max(c->started_at, ev);
			else if (was && !is && !end_pause(mem, c, ev))
				return out_of_memory;
		}
		/*
		 * a resolution time changed while the ticket stays resolved moves
		 * the stop it made of the SLA's latest resolution cycle; set
		 * earlier, it is a correction, and moves the stops it made of every
		 * clock it stopped (the response and time to own, a team's hold and
		 * its acknowledgement, a supplier's wait, a next reply).  Set later,
		 * it may as well be a reopening and a new resolution that the table
		 * did not show (a copy synced now and then), and those clocks keep
		 * the stops the first resolution made.  (A stop once made stays
		 * otherwise: see slm_clock_stop.)
		 */
		if (!o->isnull[SLM_ROLE_RESOLVED_AT] && !n->isnull[SLM_ROLE_RESOLVED_AT] && !n->resolution_kept &&
			o->resolved_at != n->resolved_at)
		{
			const Clock *latest = latest_clock(cs, "SLA", "resolution");

			for (int i = 0; i < cs->n; i++)
			{
				c = &cs->clock[i];
				if (c->stopped_at != NOEND && c->stopped_at == Max(c->started_at, o->resolved_at) &&
					(c == latest || n->resolved_at < o->resolved_at))
					c->stopped_at = Max(c->started_at, n->resolved_at);
			}
		}
		if (reopened_at != NOEND)
		{
			char	   *const *groups;
			int			ngroups = slm_ticket_groups(n, &groups);

			problem = start_cycle(&r, cs, n, "SLA", n->text[SLM_ROLE_CUSTOMER], ev);
			for (int g = 0; g < ngroups && problem == NULL; g++)
				problem = start_cycle(&r, cs, n, "OLA", groups[g], ev);
		}
		if (problem == NULL && !slm_same_role(o, n, SLM_ROLE_ASSIGNMENT_GROUP))
			problem = hand_off(&r, cs, n, ev);
		if (problem == NULL && was_supplier && (!is_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			for (int i = 0; i < cs->n; i++)
			{
				c = &cs->clock[i];
				if (clock_is(c, "UC", NULL) && measuring(cs, cs->n, c))
					c->stopped_at = Max(c->started_at, n->isnull[SLM_ROLE_RESOLVED_AT] ? ev : n->resolved_at);
			}
		if (problem == NULL && is_supplier && (!was_supplier || !slm_same_role(o, n, SLM_ROLE_SUPPLIER)))
			problem = start_cycle(&r, cs, n, "UC", n->text[SLM_ROLE_SUPPLIER], ev);
		if (problem != NULL)
			return problem;
	}

	/* 0b. a customer message waiting for the next reply starts its cycle */
	if ((problem = start_next_reply(&r, cs, n, next_reply_from(mode, o, n, ev, reopened_at),
									reopened_at != NOEND ? o->resolved_at : NOEND,
									rebuild && cs->nread > 0)) != NULL)
		return problem;

	/*
	 * 0c. (rebuild, or a change of the values targets depend on) an open
	 * ticket's SLA resolution, each holder's and the supplier's cycle, when
	 * an older one of the kind exists and none runs: a reopening, hand-off
	 * or wait that found no target, or that tracking did not see.  Before
	 * the stops, so that a new cycle takes them as step 0's do (a team's
	 * hold acknowledged at once when the ticket has an assignee).
	 */
	if ((rebuild || full) && n->isnull[SLM_ROLE_RESOLVED_AT])
	{
		char	   *const *groups;
		int			ngroups = slm_ticket_groups(n, &groups);

		problem = start_reopened_cycle(&r, cs, n, rebuild ? status_at : ev);
		for (int g = 0; g < ngroups && problem == NULL; g++)
			problem = resume_party(&r, cs, n, "OLA", groups[g], ev);
		if (problem == NULL && n->text[SLM_ROLE_SUPPLIER] != NULL &&
			slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))
			problem = resume_party(&r, cs, n, "UC", n->text[SLM_ROLE_SUPPLIER], status_at);
	}
	if (problem != NULL)
		return problem;

	/*
	 * 1. stops follow the ticket; of SLA resolution clocks, the latest
	 * cycle.  A clock cancelled for want of a target that may run again
	 * (latest_cancelled, may_run_again) takes the stop the ticket gives it
	 * meanwhile and stays cancelled for good: a resolution, a reply or an
	 * owner while no target applied ended what it measured.  Before, a
	 * ticket resolved and reopened while no target applied ran its first
	 * cycles again from the opening once one did, a response it never
	 * needed breached; now step 0c starts its next resolution cycles.
	 */
	latest_resolution = latest_clock(cs, "SLA", "resolution");
	for (int i = 0; i < cs->n; i++)
	{
		c = &cs->clock[i];
		if ((c->cancelled_at != NOEND && !(may_run_again(c) && latest_cancelled(cs, cs->n, c))) ||
			(clock_is(c, "SLA", "resolution") && c->cycle != latest_resolution->cycle) ||
			kept_as_read(mode, cs, i))
			continue;
		c->stopped_at = slm_ticket_stop(n, c->kind, c->metric, c->started_at, c->stopped_at, owned);
	}
	/*
	 * 1b. (rebuild) waits on the customer, holders and supplier waits, as
	 * the row says now (of a cancelled clock that may run again too, as
	 * live: a hold or wait over stops it)
	 */
	for (int i = 0; rebuild && i < cs->n; i++)
	{
		bool		waits;

		c = &cs->clock[i];
		if (!measuring(cs, cs->n, c) || kept_as_read(mode, cs, i))
			continue;
		waits = clock_waits(&r, c, n, is_paused);
		if (waits && c->paused_since == NOEND)
			c->paused_since = Max(c->started_at, status_at);
		else if (!waits && c->paused_since != NOEND && !end_pause(mem, c, status_at))
			return out_of_memory;
		if ((clock_is(c, "OLA", NULL) && !slm_ticket_held_by(n, c->counterparty)) ||
			(clock_is(c, "UC", NULL) &&
			 (!slm_same_text(c->counterparty, n->text[SLM_ROLE_SUPPLIER]) ||
			  !slm_in_list(n->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier))))
			c->stopped_at = Max(c->started_at, ev);
	}
	for (int i = 0; i < cs->n; i++)
	{
		c = &cs->clock[i];
		if (!measuring(cs, cs->n, c) &&
			!end_pause(mem, c, c->stopped_at != NOEND ? c->stopped_at : c->cancelled_at))
			return out_of_memory;
		if (!end_pauses_at_stop(mem, c))
			return out_of_memory;
	}
	before = cs->n;
	if (full)
	{
		/* 2. clocks of a kind the ticket has none of, as a new ticket's */
		char	   *const *groups;
		PlannedClock *plan = rules_alloc(mem, sizeof(PlannedClock) * (4 + 2 * slm_ticket_groups(n, &groups)));
		int			nplanned;

		if (plan == NULL)
			return out_of_memory;
		/*
		 * A tracked ticket's team or supplier without a clock took it while
		 * no target applied (a hand-off or a wait starts the clock in step 0
		 * otherwise): its hold or wait starts now that one does, as a next
		 * one would (resume_party), not at the opening, which it did not
		 * see.  A new ticket's, a rebuild's and a model change's start at
		 * the opening, as the ticket stands.
		 */
		nplanned = plan_clocks(&r, n, owned, cs, before, mode == SYNC_UPDATE && before > 0 ? ev : NOEND,
							   plan, &problem);
		if (nplanned < 0)
			return problem;
		for (int k = 0; k < nplanned; k++)
			if (!add_planned(&r, cs, n, &plan[k]))
				return out_of_memory;

		/* running clocks take the ticket's values; those no target covers are cancelled */
		for (int i = 0; i < before; i++)
		{
			c = &cs->clock[i];
			if (!clock_running(c))
				continue;
			set_clock_ticket(&r, c, n);
			if (clock_is(c, "SLA", NULL))
				c->counterparty = n->text[SLM_ROLE_CUSTOMER];
			if (clock_target(&r, c) == NULL)
			{
				if (!cancel_clock(mem, c, Max(c->started_at, cancel_at)) ||
					!note_cancelled(mem, notes, n->key, c))
					return out_of_memory;
			}
		}
		if (!resume_cancelled(&r, cs, before, n, owned))
			return out_of_memory;
		/*
		 * every clock the target in force for its values; a running clock
		 * that takes another target pauses or resumes by the statuses of
		 * the new one, from the change (a rebuild: the last status change)
		 */
		for (int i = 0; i < before; i++)
		{
			const SlmTarget *t = clock_target(&r, &cs->clock[i]);
			bool		retargeted;

			if (t == NULL || kept_as_read(mode, cs, i))
				continue;
			if (!target_usable(&r, t))
				return target_problem(&r, t);
			c = &cs->clock[i];
			retargeted = !c->has_target || c->target != t->target;
			set_clock_target(c, t);
			if (retargeted && clock_running(c))
			{
				slm_time	at = rebuild ? status_at : ev;
				bool		waits = clock_waits(&r, c, n, is_paused);

				if (waits && c->paused_since == NOEND)
					c->paused_since = Max(c->started_at, at);
				else if (!waits && c->paused_since != NOEND && !end_pause(mem, c, Max(c->started_at, at)))
					return out_of_memory;
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
		if (!rebuild && i < cs->nread && !schedule_inputs_changed(c, &cs->was[i]))
			continue;
		if (kept_as_read(mode, cs, i))
			continue;
		if ((problem = schedule_clock(&r, c)) != NULL)
			return problem;
	}
	if (full && !any_sla)
		notes->without_sla = true;
	return NULL;
}
