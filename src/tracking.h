/*-------------------------------------------------------------------------
 *
 * tracking.h
 *	  The tracking of tickets' clocks, by phase: reading a ticket row
 *	  (ticket_row.c), the rules that change a ticket's clocks, on plain C
 *	  values (clock_rules.c), reading and writing clocks (clock_store.c),
 *	  and the two drivers of the rules, the trigger (clock_trigger.c) and
 *	  slm.rebuild (clock_rebuild.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/tracking.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_TRACKING_H
#define SLM_TRACKING_H

#include "postgres.h"

#include "clock_columns.h"
#include "clock_model.h"

#include "access/tupdesc.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "utils/rel.h"

/* ---------------------------------------------------------------------
 * ticket_row.c: a ticket's values, read from its row through the mapping
 * ---------------------------------------------------------------------
 */
typedef struct Ticket
{
	char	   *key;
	bool		isnull[SLM_NUM_ROLES];
	TimestampTz opened_at;
	TimestampTz status_changed_at;
	TimestampTz responded_at;
	TimestampTz resolved_at;
	TimestampTz changed_at;
	int32		priority;
	char	   *text[SLM_NUM_ROLES];	/* customer, service, status, ... */
	Datum		satisfaction;	/* numeric */
} Ticket;

extern const char *slm_read_ticket(const SlmTrackedTable *m, TupleDesc desc, HeapTuple tuple, Ticket *t);
extern bool slm_same_role(const Ticket *a, const Ticket *b, int r);
extern bool slm_same_text(const char *a, const char *b);
extern bool slm_in_list(const char *s, char *const *list, int n);
extern TimestampTz slm_ticket_change_time(const Ticket *n);
extern const char *slm_ticket_service(const SlmTrackedTable *m, const Ticket *t);
extern bool slm_ticket_waits_on_customer(const SlmTrackedTable *m, const Ticket *t);
extern bool slm_ticket_waits_on_supplier(const SlmTrackedTable *m, const Ticket *t);
extern TimestampTz slm_ticket_stop(const Ticket *t, bool sla, bool response, TimestampTz started,
								   TimestampTz stopped);
extern AttrNumber slm_key_attnum(TupleDesc desc, const SlmTrackedTable *m);

/* ---------------------------------------------------------------------
 * clock_rules.c: the rules, on a ticket's clocks as plain C values
 * ---------------------------------------------------------------------
 */
extern TimestampTz slm_clock_stop(bool sla, bool response, TimestampTz started, TimestampTz stopped,
								  TimestampTz responded, TimestampTz resolved);
extern const char *slm_stored_state(TimestampTz cancelled, TimestampTz stopped, bool paused, TimestampTz due);

/*
 * One clock of a ticket, with the values of its row in slm.clocks: times
 * are DT_NOEND and texts NULL where the row has NULL.  The rules replace
 * a text or the pause arrays by new ones, never change them in place, so
 * that a value the rules left alone is the very pointer it was read with.
 */
typedef struct Clock
{
	int64		id;				/* 0: a new clock, numbered when written */
	const char *ticket;
	const char *kind;			/* SLA, OLA, UC */
	const char *metric;			/* response, resolution */
	int32		cycle;
	/* the target it runs on */
	int32		agreement;
	bool		has_target;
	int32		target;
	Interval	goal;
	const char *calendar;
	Datum		warn_at;		/* numeric, carried as the target has it */
	double		warn;			/* warn_at as a share of the goal */
	/* what it carries from the ticket */
	const char *counterparty;
	const char *customer;
	const char *service;
	bool		has_priority;
	int32		priority;
	const char *tier;
	const char *assignee;
	bool		has_satisfaction;
	Datum		satisfaction;	/* numeric, carried as the ticket has it */
	/* its times */
	TimestampTz started_at;
	int			npauses;		/* closed pauses, in order */
	TimestampTz *pause_from;
	TimestampTz *pause_to;
	TimestampTz paused_since;
	TimestampTz stopped_at;
	TimestampTz cancelled_at;
	TimestampTz removed_at;
	/* what the rules compute from the above */
	bool		has_goal_time;
	Interval	goal_time;
	Interval	paused_time;
	bool		has_time_used;
	Interval	time_used;
	TimestampTz warn_from;
	TimestampTz due_at;
	bool		has_due_date;
	DateADT		due_date;
	const char *state;
} Clock;

/*
 * A ticket's live clocks: the first nread as read (was[i] keeps each as it
 * was read, to tell what a change changed), then the new ones.
 */
typedef struct ClockSet
{
	Clock	   *clock;
	Clock	   *was;
	int			n;
	int			nread;
	int			cap;
} ClockSet;

typedef enum SyncMode
{
	SYNC_INSERT,				/* a new row (whose key may have clocks) */
	SYNC_UPDATE,				/* a change of a row's values */
	SYNC_REBUILD				/* slm.rebuild: what the row says now */
} SyncMode;

/* What a change did that the caller reports. */
typedef struct SyncNotes
{
	StringInfoData cancelled;	/* "key (kind metric), ..." no target applies any more */
	bool		without_sla;	/* the ticket was planned and no SLA target applies */
} SyncNotes;

extern Clock *slm_clock_append(ClockSet *cs);
extern const char *slm_sync_ticket_clocks(ClockSet *cs, const SlmTrackedTable *m, const Ticket *o,
										  const Ticket *n, const char *tier, SyncMode mode, TimestampTz now,
										  SyncNotes *notes);
extern void slm_remove_ticket_clocks(ClockSet *cs, TimestampTz at);
extern bool slm_change_touches_clocks(const SlmTrackedTable *m, const Ticket *o, const Ticket *n);

/* ---------------------------------------------------------------------
 * clock_store.c: a ticket's clocks read from slm.clocks and written back
 * ---------------------------------------------------------------------
 */
/* A ticket's clocks as read, with the row each was read from (locked). */
typedef struct TicketClocks
{
	ClockSet	set;
	TupleTableSlot **old;		/* [set.nread] */
} TicketClocks;

/*
 * slm.clocks opened for one change: written directly (as logical
 * replication applies rows) when it is as clock_store.c expects, else by
 * prepared statements, which fire whatever triggers and row security the
 * owner has put on it.
 */
typedef struct ClockStore
{
	Relation	clocks;
	MemoryContext mcxt;			/* the opener's, which outlives the writes */
	bool		direct;
	bool		own_query_level;	/* called outside a trigger: open one for RI triggers */
	EState	   *estate;			/* direct: NULL until the first write */
	Bitmapset **updated_cols;	/* direct: the range table's, which say what an update changes */
	ResultRelInfo *rri;
	Relation	key_index;
	TupleTableSlot *row;		/* the row being written */
} ClockStore;

/* slm.direct_writes: off makes slm.clocks always written by statements */
extern bool slm_direct_writes;

extern Oid	slm_clocks_relid(void);
extern bool slm_clock_store_open(ClockStore *st, bool direct, bool own_query_level, const char **problem);
extern void slm_clock_store_close(ClockStore *st);
extern void slm_read_ticket_clocks(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc);
extern void slm_write_ticket_clocks(ClockStore *st, Oid tbl, TicketClocks *tc);
extern void slm_free_ticket_clocks(TicketClocks *tc);
extern List *slm_clock_ticket_keys(ClockStore *st, Oid tbl);
extern bool slm_clocks_direct_ok(Relation tickets, const SlmTrackedTable *m);
extern void slm_keep_clock_statistics(void);

/* ---------------------------------------------------------------------
 * clock_trigger.c: applying the rules to a store, and what they did
 * ---------------------------------------------------------------------
 */
extern void slm_remove_ticket(ClockStore *st, Oid tbl, const char *key);
extern const char *slm_sync_and_write(ClockStore *st, TicketClocks *tc, const SlmTrackedTable *m, const Ticket *o,
									  const Ticket *n, SyncMode mode, SyncNotes *notes);
extern void slm_report_sync_notes(const SyncNotes *notes, Oid tbl, int64 without_sla);

#endif							/* SLM_TRACKING_H */
