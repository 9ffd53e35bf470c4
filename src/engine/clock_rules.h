/*-------------------------------------------------------------------------
 *
 * clock_rules.h
 *	  The clock rules of ticket tracking in plain C: a ticket's values, its
 *	  clocks, the model they run on, and the rules that change the clocks
 *	  when the ticket changes (clock_rules.c, ticket.c), with the business
 *	  time of a clock that they compute (clock_schedule.c).
 *
 * Like the rest of the engine this knows nothing of PostgreSQL: the SQL
 * layer reads a ticket's row and its clocks' rows into the values here,
 * gives the rules the model through SlmClockModel (function pointers, as
 * time zones come through SlmZone) and memory through SlmAlloc, and writes
 * back the clocks the rules changed.  Times are slm_time (an instant, as
 * timestamptz; SLM_TIME_NOEND where a row has NULL), dates slm_date,
 * intervals SlmTimeInterval.  Numbers the rules only carry from the model or
 * the ticket to a clock (a target's warn_at, a ticket's satisfaction) are
 * SlmNumeric, opaque here: the SQL layer's numeric Datums.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/clock_rules.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLOCK_RULES_H
#define SLM_CLOCK_RULES_H

#include "engine.h"

/* A number the rules carry without reading it (a numeric Datum in SQL). */
typedef uintptr_t SlmNumeric;

/* Whether an instant is neither -infinity nor infinity. */
#define SLM_TIME_IS_FINITE(t)	((t) != SLM_TIME_NOBEGIN && (t) != SLM_TIME_NOEND)

/* ---------------------------------------------------------------------
 * Tickets (ticket.c)
 * ---------------------------------------------------------------------
 */

/* The roles of a tracked table's columns, in slm.tracked_tables' order. */
typedef enum SlmRole
{
	SLM_ROLE_KEY,
	SLM_ROLE_OPENED_AT,
	SLM_ROLE_PRIORITY,
	SLM_ROLE_IMPACT,
	SLM_ROLE_URGENCY,
	SLM_ROLE_CUSTOMER,
	SLM_ROLE_SERVICE,
	SLM_ROLE_STATUS,
	SLM_ROLE_STATUS_CHANGED_AT,
	SLM_ROLE_RESPONDED_AT,
	SLM_ROLE_RESOLVED_AT,
	SLM_ROLE_ASSIGNMENT_GROUP,
	SLM_ROLE_SUPPLIER,
	SLM_ROLE_ASSIGNEE,
	SLM_ROLE_SATISFACTION,
	SLM_ROLE_CHANGED_AT,
	SLM_ROLE_CUSTOMER_MESSAGE_AT,
	SLM_ROLE_AGENT_REPLY_AT,
	SLM_ROLE_CATEGORY,
	SLM_ROLE_AGREEMENT,
	SLM_NUM_ROLES
} SlmRole;

/* What the rules need of a tracked table, beyond the ticket's values. */
typedef struct SlmTableRules
{
	char	  **paused_statuses;	/* statuses that wait on the customer */
	int			npaused;
	char	  **supplier_statuses;	/* statuses that wait on a supplier */
	int			nsupplier;
	char	   *default_service;	/* of a ticket without a service */
	/*
	 * Statuses in which a ticket is resolved, for tables that tell a
	 * resolution by the status rather than by a time that is cleared on
	 * reopening (slm_ticket_settle_resolution); none: by the resolved_at
	 * column alone.
	 */
	char	  **resolved_statuses;
	int			nresolved;
	/* some target sets its own pause statuses: every status change may pause or resume a clock */
	bool		pauses_by_target;
} SlmTableRules;

/*
 * A ticket's values, as its row has them: isnull[r] for every role (a role
 * the table does not map is null), times and the priority in their own
 * fields, names in text[r].
 */
typedef struct Ticket
{
	char	   *key;
	bool		isnull[SLM_NUM_ROLES];
	slm_time	opened_at;
	slm_time	status_changed_at;
	slm_time	responded_at;
	slm_time	resolved_at;
	slm_time	changed_at;
	slm_time	customer_message_at;	/* the customer's latest message */
	slm_time	agent_reply_at; /* the agents' latest public reply */
	int32_t		priority;
	char	   *text[SLM_NUM_ROLES];	/* customer, service, status, ... */
	SlmNumeric	satisfaction;	/* carried to the clocks */
	/*
	 * The satisfaction as text that is equal exactly when the numbers are
	 * equal (set by whoever reads the ticket), to tell a change.
	 */
	const char *satisfaction_key;
	/* the table's cancel condition holds (trash, spam, merged): see the rules */
	bool		cancelled;
	/*
	 * Resolved since before this change, at a time the row does not tell
	 * (a resolution by status): a clock the resolution stopped keeps its
	 * stop.
	 */
	bool		resolution_kept;
	/*
	 * The teams holding the ticket where a table keeps several at once (a
	 * link table): ngroups names, sorted, in groups; NULL groups: the
	 * assignment_group role's one value, if any (slm_ticket_groups).
	 * groups_unknown: the teams before a change of the link table, which
	 * compare as different from any.
	 */
	char	  **groups;
	int			ngroups;
	bool		groups_unknown;
} Ticket;

extern const char *const slm_role_names[SLM_NUM_ROLES];
extern int	slm_role_number(const char *name);
extern slm_time *slm_ticket_time(Ticket *t, int r);
extern bool slm_same_role(const Ticket *a, const Ticket *b, int r);
extern bool slm_same_text(const char *a, const char *b);
extern bool slm_in_list(const char *s, char *const *list, int n);
extern slm_time slm_ticket_change_time(const Ticket *n, slm_time now);
extern const char *slm_ticket_service(const SlmTableRules *m, const Ticket *t);
extern bool slm_ticket_waits_on_customer(const SlmTableRules *m, const Ticket *t);
extern bool slm_ticket_waits_on_supplier(const SlmTableRules *m, const Ticket *t);
extern int	slm_ticket_groups(const Ticket *t, char *const **groups);
extern bool slm_ticket_held_by(const Ticket *t, const char *team);
extern void slm_ticket_settle_resolution(const SlmTableRules *m, Ticket *t, const Ticket *before,
										 bool as_it_stands, slm_time now);
extern slm_time slm_ticket_stop(const Ticket *t, const char *kind, const char *metric, slm_time started,
								slm_time stopped, slm_time owned);

/* ---------------------------------------------------------------------
 * The model the rules consult
 * ---------------------------------------------------------------------
 */

/* A target in force, as the model holds it (slm.targets_in_force). */
typedef struct SlmTarget
{
	char	   *kind;
	char	   *service;
	char	   *counterparty;	/* NULL: every customer (SLA) */
	char	   *metric;
	bool		has_priority;
	int32_t		priority;
	char	   *tier;			/* NULL: every tier */
	char	   *category;		/* NULL: every category */
	char	   *agreement_name; /* its agreement's, which a ticket may name */
	bool		valid_empty,
				lower_inf,
				lower_inc,
				upper_inf,
				upper_inc;
	slm_date	lower,
				upper;			/* the agreement's validity */
	char	   *zone;			/* the service calendar's zone */
	int32_t		agreement;
	int32_t		target;
	bool		has_goal;
	SlmTimeInterval goal;
	char	   *calendar;
	SlmNumeric	warn_at;		/* as stored */
	double		warn;			/* warn_at as a double */
	/*
	 * The statuses in which its clocks wait on the customer (pause), when
	 * the target sets its own (none: never pauses); else the table's.
	 */
	bool		has_pause_statuses;
	char	  **pause_statuses;
	int			npause_statuses;
} SlmTarget;

/*
 * What a clock's target is chosen by: its kind, metric, counterparty and
 * start, and the ticket's values it carries (service, tier, priority,
 * category, and the agreement the ticket names, if any).
 */
typedef struct SlmTargetKey
{
	const char *kind;
	const char *metric;
	const char *service;
	const char *counterparty;
	const char *tier;
	const char *category;
	const char *agreement;		/* named by the ticket (SLA); NULL: chosen */
	bool		has_priority;
	int32_t		priority;
	slm_time	at;
} SlmTargetKey;

/*
 * The model, as the SQL layer provides it.  Answers live at least as long
 * as the change the rules are applying.
 */
typedef struct SlmClockModel
{
	/*
	 * The target in force for a clock's values, the agreement valid on the
	 * day the clock started (at) in its service's zone; NULL when none.
	 */
	const SlmTarget *(*target) (void *arg, const SlmTargetKey *key);
	/*
	 * A target by id, when any target sets its own pause statuses (NULL
	 * otherwise, and for a target no longer in force): what a clock's own
	 * target says of pausing.
	 */
	const SlmTarget *(*target_pausing) (void *arg, int32_t target);
	/* A customer's tier (NULL customer: none) */
	const char *(*customer_tier) (void *arg, const char *customer);
	/* A calendar by name, compiled; NULL when the model does not hold it. */
	SlmCompiled *(*calendar) (void *arg, const char *name);
	/* The zone of an agreement's service calendar; NULL when unknown. */
	const char *(*agreement_zone) (void *arg, int32_t agreement);
	/* The date of an instant in a zone, as date(timezone(zone, at)). */
	slm_date	(*local_date) (void *arg, const char *zone, slm_time at);
	void	   *arg;
} SlmClockModel;

/* ---------------------------------------------------------------------
 * A clock's business time (clock_schedule.c)
 * ---------------------------------------------------------------------
 */
typedef struct SlmSchedule
{
	bool		has_goal_time;	/* false: the calendar runs out before the goal */
	int64_t		goal_time;		/* the goal as business time from the start */
	int64_t		paused_time;	/* business time in closed pauses */
	slm_time	warn_from;
	slm_time	due_at;
} SlmSchedule;

extern SlmErrorCode slm_clock_schedule(SlmCompiled *c, slm_time started, const SlmTimeInterval *goal,
									   double warn, const slm_time *pause_from,
									   const slm_time *pause_to, int npauses,
									   SlmSchedule *out, SlmError *err);
extern bool slm_goal_is_business_time(const SlmTimeInterval *goal);
extern SlmErrorCode slm_clock_used(SlmCompiled *c, slm_time start, slm_time end,
								   const slm_time *pause_from, const slm_time *pause_to, int npauses,
								   slm_time paused_since, int64_t *out, SlmError *err);

/* ---------------------------------------------------------------------
 * Clocks and the rules (clock_rules.c)
 * ---------------------------------------------------------------------
 */
extern slm_time slm_clock_stop(const char *kind, const char *metric, slm_time started, slm_time stopped,
							   slm_time responded, slm_time resolved, slm_time owned, slm_time replied);
extern const char *slm_stored_state(slm_time cancelled, slm_time stopped, bool paused, slm_time due);

/*
 * One clock of a ticket, with the values of its row in slm.clocks: times
 * are SLM_TIME_NOEND and texts NULL where the row has NULL.  The rules
 * replace a text or the pause arrays by new ones, never change them in
 * place, so that a value the rules left alone is the very pointer it was
 * read with.
 */
typedef struct Clock
{
	int64_t		id;				/* 0: a new clock, numbered when written */
	const char *ticket;
	const char *kind;			/* SLA, OLA, UC */
	const char *metric;			/* response, resolution */
	int32_t		cycle;
	/* the target it runs on */
	int32_t		agreement;
	bool		has_target;
	int32_t		target;
	SlmTimeInterval goal;
	const char *calendar;
	SlmNumeric	warn_at;		/* carried as the target has it */
	double		warn;			/* warn_at as a share of the goal */
	/* what it carries from the ticket */
	const char *counterparty;
	const char *customer;
	const char *service;
	bool		has_priority;
	int32_t		priority;
	const char *tier;
	const char *category;
	const char *named_agreement;	/* the agreement the ticket names (SLA) */
	const char *assignee;
	bool		has_satisfaction;
	SlmNumeric	satisfaction;	/* carried as the ticket has it */
	/* its times */
	slm_time	started_at;
	int			npauses;		/* closed pauses, in order */
	slm_time   *pause_from;
	slm_time   *pause_to;
	slm_time	paused_since;
	slm_time	stopped_at;
	slm_time	cancelled_at;
	slm_time	removed_at;
	/* what the rules compute from the above */
	bool		has_goal_time;
	SlmTimeInterval goal_time;
	SlmTimeInterval paused_time;
	bool		has_time_used;
	SlmTimeInterval time_used;
	slm_time	warn_from;
	slm_time	due_at;
	bool		has_due_date;
	slm_date	due_date;
	const char *state;
} Clock;

/*
 * A ticket's live clocks: the first nread as read (was[i] keeps each as it
 * was read, to tell what a change changed), then the new ones.  Its arrays
 * come from mem.
 */
typedef struct ClockSet
{
	Clock	   *clock;
	Clock	   *was;
	int			n;
	int			nread;
	int			cap;
	const SlmAlloc *mem;
} ClockSet;

typedef enum SyncMode
{
	SYNC_INSERT,				/* a new row (whose key may have clocks) */
	SYNC_UPDATE,				/* a change of a row's values */
	SYNC_REBUILD,				/* slm.rebuild: what the row says now */
	SYNC_RESYNC					/* the model changed: as SYNC_REBUILD for the
								 * running clocks; stopped ones keep theirs */
} SyncMode;

/* A running clock that no target applied to any more, so was cancelled. */
typedef struct CancelledClock
{
	const char *ticket;
	const char *kind;
	const char *metric;
} CancelledClock;

/* What a change did that the caller reports. */
typedef struct SyncNotes
{
	CancelledClock *cancelled;	/* in the order cancelled */
	int			ncancelled;
	int			cap;
	bool		without_sla;	/* the ticket was planned and no SLA target applies */
} SyncNotes;

extern void slm_clock_set_init(ClockSet *cs, const SlmAlloc *mem);
extern Clock *slm_clock_append(ClockSet *cs);
extern bool slm_clock_set_keep_read(ClockSet *cs);
extern void slm_clock_set_free(ClockSet *cs);
extern const char *slm_sync_ticket_clocks(ClockSet *cs, const SlmTableRules *m, const SlmClockModel *model,
										  const Ticket *o, const Ticket *n, SyncMode mode, slm_time now,
										  SyncNotes *notes);
extern const char *slm_remove_ticket_clocks(ClockSet *cs, const SlmClockModel *model, slm_time at);
extern bool slm_change_touches_clocks(const SlmTableRules *m, const Ticket *o, const Ticket *n);

#endif							/* SLM_CLOCK_RULES_H */
