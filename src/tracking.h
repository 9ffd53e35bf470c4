/*-------------------------------------------------------------------------
 *
 * tracking.h
 *	  The tracking of tickets' clocks in the server, by phase: reading a
 *	  ticket row (ticket_row.c), reading and writing clocks
 *	  (clock_store.c), and the two drivers of the rules, the trigger
 *	  (clock_trigger.c) and slm.rebuild (clock_rebuild.c).  The rules that
 *	  change a ticket's clocks, and the Ticket, Clock and ClockSet they
 *	  work on, are the engine's, in plain C (src/engine/clock_rules.h);
 *	  the model they consult is clock_model.c's (slm_model_for_rules).
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
#include "clock_rules.h"

#include "access/tupdesc.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "utils/hsearch.h"
#include "utils/rel.h"

/* ---------------------------------------------------------------------
 * ticket_row.c: a ticket's values (Ticket, clock_rules.h), read from its
 * row through the mapping
 * ---------------------------------------------------------------------
 */
extern char *slm_ticket_key_type(const SlmTrackedTable *m);
extern const char *slm_read_ticket(const SlmTrackedTable *m, TupleDesc desc, HeapTuple tuple,
								   const Ticket *before, bool as_it_stands, Ticket *t);
extern AttrNumber slm_key_attnum(TupleDesc desc, const SlmTrackedTable *m);
extern char *slm_column_text(TupleDesc desc, HeapTuple tuple, const char *column);
extern const char *slm_instant_of(const SlmTrackedTable *m, const char *column, Oid type, Datum d, TimestampTz *out);

/* ---------------------------------------------------------------------
 * clock_store.c: a ticket's clocks read from slm.clocks and written back
 * ---------------------------------------------------------------------
 */
/* A ticket's clocks as read, with the row each was read from (locked). */
typedef struct TicketClocks
{
	ClockSet	set;
	TupleTableSlot **old;		/* [set.nread] */
	bool		locked;			/* read locked (else slm_lock_changed_clocks locks) */
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
	int			ndefaults;		/* direct: the owner's columns with defaults */
	AttrNumber *default_attnums;
	ExprState **defaults;
	bool		in_change;		/* direct: between begin_change and end_change */
} ClockStore;

/* slm.direct_writes: off makes slm.clocks always written by statements */
extern bool slm_direct_writes;

extern Oid	slm_clocks_relid(void);
extern bool slm_clock_store_open(ClockStore *st, bool direct, bool own_query_level, const char **problem);
extern void slm_clock_store_close(ClockStore *st);
extern void slm_clock_store_begin_change(ClockStore *st);
extern void slm_clock_store_end_change(ClockStore *st);
extern void slm_read_ticket_clocks(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc);
extern void slm_read_ticket_clocks_unlocked(ClockStore *st, Oid tbl, const char *key, TicketClocks *tc);
extern bool slm_lock_changed_clocks(ClockStore *st, Oid tbl, TicketClocks *tc);
extern void slm_write_ticket_clocks(ClockStore *st, Oid tbl, TicketClocks *tc);
extern void slm_free_ticket_clocks(TicketClocks *tc);
extern List *slm_clock_ticket_keys(ClockStore *st, Oid tbl);
extern bool slm_clocks_direct_ok(Relation tickets, const SlmTrackedTable *m);
extern Oid	slm_ticket_key_index(Relation tickets, const SlmTrackedTable *m);
extern bool slm_ticket_key_unique(Relation tickets, const SlmTrackedTable *m);
extern void slm_require_unique_key(Relation tickets, const SlmTrackedTable *m, const char *doing);
extern bool slm_ticket_may_have_removed_clocks(ClockStore *st, Oid tbl, const char *key);
extern void slm_keep_clock_statistics(void);
extern void slm_check_clock_rights(void);
extern int64 slm_rebuild_partition(Oid tbl, Oid partition);
extern int64 slm_resync_running(Oid tbl, List *customers, bool coverage);

/* ---------------------------------------------------------------------
 * clock_trigger.c: applying the rules to a store, and what they did
 * ---------------------------------------------------------------------
 */
extern void slm_remove_ticket(ClockStore *st, Oid tbl, const char *key);
extern const char *slm_sync_and_write(ClockStore *st, TicketClocks *tc, const SlmTrackedTable *m, const Ticket *o,
									  const Ticket *n, SyncMode mode, SyncNotes *notes);
extern void slm_track_ticket_update(Relation tickets, const SlmTrackedTable *m, const Ticket *o, const Ticket *n);
extern bool slm_track_rows_leaving(Relation part, const SlmTrackedTable *m, List *keys, bool own_query_level);
extern void slm_clock_trigger_init(void);
extern void slm_clock_store_init(void);

/* ---------------------------------------------------------------------
 * sync_notes.c: what the rules did, tallied per table and told once
 * ---------------------------------------------------------------------
 */
typedef struct NoteTally
{
	Oid			tbl;			/* the tracked table */
	int64		without_sla;	/* tickets that no SLA target applies to */
	int64		cancelled_tickets;	/* tickets whose running clocks were
									 * cancelled */
	int64		cancelled_clocks;
	StringInfoData without_sla_named;	/* the first few keys */
	StringInfoData cancelled_named; /* the first few "key (kind metric)" */
	List	   *problems;		/* tickets not tracked, per problem */
	MemoryContext cxt;			/* where the tally keeps what it names */
} NoteTally;

extern const char *slm_key_for_message(const char *key);
extern void slm_note_tally_init(NoteTally *tally, Oid tbl);
extern void slm_note_tally_add(NoteTally *tally, const SyncNotes *notes, const char *key);
extern bool slm_note_tally_fail(NoteTally *tally, const char *key, const char *problem);
extern void slm_note_tally_report(const NoteTally *tally);
extern void slm_warn_not_tracked(Oid tbl, int64 tickets, const char *named, const char *problem);

/* ---------------------------------------------------------------------
 * related_tables.c: first responses and teams kept in related tables
 * ---------------------------------------------------------------------
 */
typedef struct SlmRelatedRows SlmRelatedRows;

extern const char *slm_read_ticket_groups(const SlmTrackedTable *m, Ticket *t);
extern const char *slm_read_ticket_response(const SlmTrackedTable *m, Ticket *t);
extern SlmRelatedRows *slm_read_related_rows(const SlmTrackedTable *m);
extern void slm_set_related_rows(const SlmTrackedTable *m, SlmRelatedRows *rows, Ticket *t);

#endif							/* SLM_TRACKING_H */
