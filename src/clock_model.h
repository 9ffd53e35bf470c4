/*-------------------------------------------------------------------------
 *
 * clock_model.h
 *	  The SLA model as the tracking trigger sees it (clock_model.c): the
 *	  targets in force, the roles of a tracked table's columns, and the
 *	  look-ups of the backend's cached copy of the model.
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
#include "utils/date.h"

#include "engine.h"

typedef struct SlmTarget
{
	char	   *kind;
	char	   *service;
	char	   *counterparty;	/* NULL: every customer (SLA) */
	char	   *metric;
	bool		has_priority;
	int32		priority;
	char	   *tier;			/* NULL: every tier */
	bool		valid_empty,
				lower_inf,
				lower_inc,
				upper_inf,
				upper_inc;
	DateADT		lower,
				upper;			/* the agreement's validity */
	char	   *zone;			/* the service calendar's zone */
	int32		agreement;
	int32		target;
	bool		has_goal;
	Interval	goal;
	char	   *calendar;
	Datum		warn_at;		/* numeric, as stored */
	double		warn;
} SlmTarget;

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
	SLM_NUM_ROLES
} SlmRole;

typedef struct SlmTrackedTable
{
	Oid			relid;
	char	   *column[SLM_NUM_ROLES];	/* NULL: not mapped */
	char	  **paused_statuses;
	int			npaused;
	char	  **supplier_statuses;
	int			nsupplier;
	char	   *default_service;
} SlmTrackedTable;

extern void slm_clock_model_init(void);
extern bool slm_model_ready(void);
extern const char *slm_model_problem(void);
extern const SlmTarget *slm_model_target(const char *kind, const char *service, const char *counterparty,
										 const char *tier, bool has_priority, int32 priority,
										 const char *metric, TimestampTz at);
extern const char *slm_model_customer_tier(const char *customer);
extern bool slm_model_priority(int32 impact, int32 urgency, int32 *priority);
extern const SlmTrackedTable *slm_model_tracked_table(Oid relid);
extern SlmCompiled *slm_model_calendar(const char *name);
extern const char *slm_model_agreement_zone(int32 agreement);
extern DateADT slm_local_date(const char *zone, TimestampTz at);

#endif							/* SLM_CLOCK_MODEL_H */
