/*-------------------------------------------------------------------------
 *
 * clock_model.h
 *	  The SLA model as the tracking trigger sees it (clock_model.c): the
 *	  targets in force, the roles of a tracked table's columns, and the
 *	  look-ups of the backend's cached copy of the model, which the clock
 *	  rules (src/engine/clock_rules.h) consult through slm_model_for_rules.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/clock_model.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLOCK_MODEL_H
#define SLM_CLOCK_MODEL_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/relcache.h"
#include "utils/date.h"

#include "clock_rules.h"

/* The rules carry numeric Datums as SlmNumeric. */
StaticAssertDecl(sizeof(SlmNumeric) == sizeof(Datum), "SlmNumeric cannot hold a Datum");

/*
 * A tracked table (its row of slm.tracked_tables): the columns of its
 * roles, and what the clock rules need of it.
 */
typedef struct SlmTrackedTable
{
	Oid			relid;
	char	   *column[SLM_NUM_ROLES];	/* NULL: not mapped */
	SlmTableRules rules;		/* statuses that pause, wait or resolve; default service */
	/* the zone timestamp-without-time-zone columns are written in; NULL: none */
	char	   *local_zone;
	/* a role's look-up: a query of (value, name) in the system's tables; NULL: none */
	char	   *lookup[SLM_NUM_ROLES];
	/*
	 * The cancel condition (cancel_when), one (column, value) pair each: the
	 * ticket is cancelled when a column holds one of its values, or, for a
	 * column with a role's look-up, the name of one.
	 */
	char	  **cancel_column;
	char	  **cancel_value;
	int			ncancel;
	/*
	 * The first responses, where the system keeps them in a related table
	 * (related_tables.c): a query of (ticket key, time); NULL: none.
	 */
	char	   *responses_query;
	/*
	 * The teams holding a ticket, where the system keeps several in a link
	 * table (related_tables.c): a query of (ticket key, team); NULL: none.
	 */
	char	   *group_links_query;
	/* the local zone as text, for timestamp_zone */
	Datum		local_zone_text;
	/*
	 * Where the roles' columns (then the cancel condition's) were last
	 * found in a row (ticket_row.c), checked by name before use
	 */
	AttrNumber *attnum_cache;
	/*
	 * Per role, the last local time read and its instant: a change reads
	 * the row before and after, which mostly share their times
	 */
	Timestamp  *last_local;
	TimestampTz *last_instant;
} SlmTrackedTable;

extern void slm_clock_model_init(void);
extern bool slm_model_ready(void);
extern const char *slm_model_problem(void);
extern const SlmTarget *slm_model_target(const SlmTargetKey *key);
extern const char *slm_model_customer_tier(const char *customer);
extern bool slm_model_priority(int32 impact, int32 urgency, int32 *priority);
extern const SlmTrackedTable *slm_model_tracked_table(Oid relid);
extern const SlmTrackedTable *slm_model_tracked_table_of(Relation rel);
extern SlmCompiled *slm_model_calendar(const char *name);
extern const char *slm_model_agreement_zone(int32 agreement);
extern DateADT slm_local_date(const char *zone, TimestampTz at);
extern const SlmClockModel *slm_model_for_rules(void);

#endif							/* SLM_CLOCK_MODEL_H */
