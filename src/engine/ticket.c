/*-------------------------------------------------------------------------
 *
 * ticket.c
 *	  What the clock rules ask of a ticket's values: whether two versions
 *	  of it agree on a role, when a change happened, whether it waits on
 *	  the customer or a supplier, when its reply and resolution stop a
 *	  clock.  Reading the values from a row is the SQL layer's
 *	  (src/ticket_row.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/engine/ticket.c
 *
 *-------------------------------------------------------------------------
 */
#include "clock_rules.h"

#include <string.h>

/*
 * The roles' names, in SlmRole's order: slm.attach's arguments and
 * slm.tracked_tables' columns are named so.
 */
const char *const slm_role_names[SLM_NUM_ROLES] = {
	"key", "opened_at", "priority", "impact", "urgency", "customer", "service", "status",
	"status_changed_at", "responded_at", "resolved_at", "assignment_group", "supplier", "assignee",
	"satisfaction", "changed_at", "customer_message_at", "agent_reply_at", "category", "agreement"
};

/* A role's number by its name; -1 when none has it. */
int
slm_role_number(const char *name)
{
	for (int r = 0; r < SLM_NUM_ROLES; r++)
		if (strcmp(name, slm_role_names[r]) == 0)
			return r;
	return -1;
}

/*
 * The field that holds a time role's value (opened_at, status_changed_at,
 * responded_at, resolved_at, changed_at, customer_message_at,
 * agent_reply_at); NULL for a role that is not a time.
 */
slm_time *
slm_ticket_time(Ticket *t, int r)
{
	switch (r)
	{
		case SLM_ROLE_OPENED_AT:
			return &t->opened_at;
		case SLM_ROLE_STATUS_CHANGED_AT:
			return &t->status_changed_at;
		case SLM_ROLE_RESPONDED_AT:
			return &t->responded_at;
		case SLM_ROLE_RESOLVED_AT:
			return &t->resolved_at;
		case SLM_ROLE_CHANGED_AT:
			return &t->changed_at;
		case SLM_ROLE_CUSTOMER_MESSAGE_AT:
			return &t->customer_message_at;
		case SLM_ROLE_AGENT_REPLY_AT:
			return &t->agent_reply_at;
		default:
			return NULL;
	}
}

/* Whether a status is one of a list (a NULL status is in none). */
bool
slm_in_list(const char *s, char *const *list, int n)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Whether two texts are equal, NULL equal to NULL only. */
bool
slm_same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The teams holding a ticket: the link table's, or the assignment_group
 * role's one.  Returns how many.
 */
int
slm_ticket_groups(const Ticket *t, char *const **groups)
{
	if (t->groups != NULL)
	{
		*groups = t->groups;
		return t->ngroups;
	}
	*groups = &t->text[SLM_ROLE_ASSIGNMENT_GROUP];
	return t->isnull[SLM_ROLE_ASSIGNMENT_GROUP] ? 0 : 1;
}

/* Whether a team holds the ticket. */
bool
slm_ticket_held_by(const Ticket *t, const char *team)
{
	char	   *const *groups;
	int			n = slm_ticket_groups(t, &groups);

	return slm_in_list(team, groups, n);
}

/* Whether two tickets are held by the same teams (both sorted). */
static bool
same_groups(const Ticket *a, const Ticket *b)
{
	char	   *const *ga;
	char	   *const *gb;
	int			na = slm_ticket_groups(a, &ga);
	int			nb = slm_ticket_groups(b, &gb);

	if (a->groups_unknown || b->groups_unknown || na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (strcmp(ga[i], gb[i]) != 0)
			return false;
	return true;
}

/* Whether two tickets agree on a role, IS NOT DISTINCT FROM. */
bool
slm_same_role(const Ticket *a, const Ticket *b, int r)
{
	/* only read: the fields of a time role, as slm_ticket_time names them */
	const slm_time *time_a = slm_ticket_time((Ticket *) a, r);

	if (r == SLM_ROLE_ASSIGNMENT_GROUP)
		return same_groups(a, b);
	if (a->isnull[r] || b->isnull[r])
		return a->isnull[r] == b->isnull[r];
	if (time_a != NULL)
		return *time_a == *slm_ticket_time((Ticket *) b, r);
	switch (r)
	{
		case SLM_ROLE_KEY:
			return strcmp(a->key, b->key) == 0;
		case SLM_ROLE_PRIORITY:
			return a->priority == b->priority;
		case SLM_ROLE_SATISFACTION:
			/* numbers, compared by a text that is equal when they are */
			return slm_same_text(a->satisfaction_key, b->satisfaction_key);
		default:
			return slm_same_text(a->text[r], b->text[r]);
	}
}

/*
 * When a change of a ticket happened, by the ticket's own data: the time
 * the ticket system stamps on every write (the changed_at role), else the
 * time of its latest status change, and the statement's time (now) only
 * when the row carries neither.  So replaying a history gives the same
 * clocks whenever it is replayed.
 */
slm_time
slm_ticket_change_time(const Ticket *n, slm_time now)
{
	if (!n->isnull[SLM_ROLE_CHANGED_AT])
		return n->changed_at;
	if (!n->isnull[SLM_ROLE_STATUS_CHANGED_AT])
		return n->status_changed_at;
	return now;
}

/* The ticket's service, or the table's default service when it has none. */
const char *
slm_ticket_service(const SlmTableRules *m, const Ticket *t)
{
	return t->isnull[SLM_ROLE_SERVICE] ? m->default_service : t->text[SLM_ROLE_SERVICE];
}

/* Whether the ticket waits on the customer (its SLA and OLA clocks pause). */
bool
slm_ticket_waits_on_customer(const SlmTableRules *m, const Ticket *t)
{
	return slm_in_list(t->text[SLM_ROLE_STATUS], m->paused_statuses, m->npaused);
}

/* Whether the open ticket waits on its supplier (a UC clock runs). */
bool
slm_ticket_waits_on_supplier(const SlmTableRules *m, const Ticket *t)
{
	return slm_in_list(t->text[SLM_ROLE_STATUS], m->supplier_statuses, m->nsupplier) &&
		!t->isnull[SLM_ROLE_SUPPLIER] && t->isnull[SLM_ROLE_RESOLVED_AT];
}

/*
 * The resolution of a ticket of a table that tells it by the status
 * (resolved_statuses: Zammad's and Znuny's closed states, GLPI's solved
 * and closed), where a close time is missing or never cleared on
 * reopening.  The ticket is resolved while its status is in the set; a
 * status leaving the set is a reopening.  It was resolved
 *  - when it entered the set, on a change of a row (before: the row as it
 *    was, settled first): the change's time (slm_ticket_change_time);
 *  - while it stays in the set: as before, and a clock the resolution
 *    stopped keeps its stop (resolution_kept), whatever the row's times
 *    say since;
 *  - on a row read alone: at the resolved_at column's time if the row
 *    has one, else the change's time; a row read as it stands (a rebuild,
 *    the row before a change, a ticket whose related table changed)
 *    rather than as a new one keeps the stops the clocks have.
 * Tables without resolved statuses are left as read.
 */
void
slm_ticket_settle_resolution(const SlmTableRules *m, Ticket *t, const Ticket *before, bool as_it_stands,
							 slm_time now)
{
	if (m->nresolved == 0)
		return;
	if (!slm_in_list(t->text[SLM_ROLE_STATUS], m->resolved_statuses, m->nresolved))
	{
		t->isnull[SLM_ROLE_RESOLVED_AT] = true;
		return;
	}
	if (before != NULL && !before->isnull[SLM_ROLE_RESOLVED_AT])
	{
		t->resolved_at = before->resolved_at;
		t->resolution_kept = true;
	}
	else
	{
		if (before != NULL || t->isnull[SLM_ROLE_RESOLVED_AT])
			t->resolved_at = slm_ticket_change_time(t, now);
		t->resolution_kept = as_it_stands;
	}
	t->isnull[SLM_ROLE_RESOLVED_AT] = false;
}

/*
 * When a clock stops by the ticket's first reply, latest reply, ownership
 * (owned: NOEND, or the change that found it owned) and resolution
 * (slm_clock_stop).
 */
slm_time
slm_ticket_stop(const Ticket *t, const char *kind, const char *metric, slm_time started, slm_time stopped,
				slm_time owned)
{
	return slm_clock_stop(kind, metric, started, stopped,
						  t->isnull[SLM_ROLE_RESPONDED_AT] ? SLM_TIME_NOEND : t->responded_at,
						  t->isnull[SLM_ROLE_RESOLVED_AT] ? SLM_TIME_NOEND : t->resolved_at, owned,
						  t->isnull[SLM_ROLE_AGENT_REPLY_AT] ? SLM_TIME_NOEND : t->agent_reply_at);
}
