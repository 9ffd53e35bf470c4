/*-------------------------------------------------------------------------
 *
 * tracking.h
 *	  The tracking of tickets' clocks, by phase: reading a ticket row
 *	  (ticket_row.c), a ticket's clocks in memory and writing them
 *	  (clock_store.c), the rules that change them (clock_sync.c), and the
 *	  two drivers of the rules, the trigger (clock_trigger.c) and
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

#include "slm.h"
#include "clock_columns.h"

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
extern int	slm_key_attnum(TupleDesc desc, const SlmTrackedTable *m);

/* ---------------------------------------------------------------------
 * clock_store.c: a ticket's clocks in memory, read and written
 * ---------------------------------------------------------------------
 */
/*
 * The live clocks of one ticket, each row's values to change in place; old
 * holds each row as read (NULL: a new clock), so that only rows that
 * changed are written.
 */
typedef struct TicketClocks
{
	TupleTableSlot **row;
	TupleTableSlot **old;
	int			n;
	int			cap;
	TupleDesc	desc;
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
	ResultRelInfo *rri;
	Relation	key_index;
} ClockStore;

extern bool slm_clock_store_open(ClockStore *st, bool direct, bool own_query_level, const char **problem);
extern void slm_clock_store_close(ClockStore *st);
extern void slm_read_ticket_clocks(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc);
extern void slm_write_ticket_clocks(ClockStore *st, TicketClocks *tc);
extern void slm_free_ticket_clocks(TicketClocks *tc);
extern bool slm_clock_attr_changed(TupleTableSlot *row, TupleTableSlot *old, int a);
extern List *slm_clock_ticket_keys(ClockStore *st, Oid tbl);
extern bool slm_clocks_direct_ok(Relation tickets, const SlmTrackedTable *m);
extern void slm_keep_clock_statistics(void);

extern TupleTableSlot *slm_clock_add(TicketClocks *tc, Oid tbl, const char *key, const char *kind,
									 const char *metric, int32 cycle);
extern TimestampTz slm_clock_ts(TupleTableSlot *s, ClockColumn c);
extern void slm_clock_set_ts(TupleTableSlot *s, ClockColumn c, TimestampTz t);
extern const char *slm_clock_text(TupleTableSlot *s, ClockColumn c);
extern void slm_clock_set_text(TupleTableSlot *s, ClockColumn c, const char *v);
extern bool slm_clock_is(TupleTableSlot *s, const char *kind, const char *metric);
extern bool slm_clock_running(TupleTableSlot *s);

/* ---------------------------------------------------------------------
 * clock_sync.c: the rules
 * ---------------------------------------------------------------------
 */
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

extern const char *slm_sync_ticket_clocks(TicketClocks *tc, const SlmTrackedTable *m, const Ticket *o,
										  const Ticket *n, SyncMode mode, SyncNotes *notes);
extern void slm_remove_ticket_clocks(TicketClocks *tc, TimestampTz at);
extern bool slm_change_touches_clocks(const SlmTrackedTable *m, const Ticket *o, const Ticket *n);
extern void slm_report_sync_notes(const SyncNotes *notes, Oid tbl, int64 without_sla);

/* ---------------------------------------------------------------------
 * clock_trigger.c: applying the rules to a store
 * ---------------------------------------------------------------------
 */
extern void slm_remove_ticket(ClockStore *st, Oid tbl, const char *key);

#endif							/* SLM_TRACKING_H */
