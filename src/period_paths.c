/*-------------------------------------------------------------------------
 *
 * period_paths.c
 *	  Lets a filter on a report's period reach the index on the clocks'
 *	  due dates.
 *
 * The compliance views group slm.clocks by slm.period_start(grain,
 * due_date).  A BI tool filters a view by its period (WHERE period_start
 * = '2026-10-01'), and PostgreSQL pushes that filter down to the scan of
 * slm.clocks as slm.period_start('month', due_date) = '2026-10-01': a
 * condition on an expression, which no index answers, so every clock
 * was read.  Such a condition implies a range of due dates (here from
 * 2026-10-01 to before 2026-11-01), as a LIKE prefix implies a range of
 * strings, and PostgreSQL cannot know it.  This hook adds that range to
 * the conditions from which the scan's index paths are built, so the
 * planner may read only the clocks due in the range, through the index
 * on due_date, when that costs less.  The range is a necessary condition
 * only: the plan still checks the filter itself on every clock it reads.
 *
 * Periods compared with =, <, <=, >, >= or = ANY (array) to a constant
 * are understood; a parameter of a generic plan is not (the condition
 * stays a filter).  The hook runs for every relation scanned while slm is
 * loaded; anything but slm.clocks with such a condition costs a few
 * comparisons.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/period_paths.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "optimizer/paths.h"
#include "optimizer/restrictinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "report_periods.h"
#include "tracking.h"

static set_rel_pathlist_hook_type prev_set_rel_pathlist = NULL;

/* What a restriction compares: a column's period with a constant date. */
typedef struct PeriodScan
{
	Index		relid;			/* the scan's range table index */
	AttrNumber	due_date;		/* slm.clocks.due_date */
	Oid			date_family;	/* btree operators on dates */
	List	   *bounds;			/* the RestrictInfos derived */
} PeriodScan;

/* Whether a function is slm.period_start(text, date). */
static bool
is_period_start(Oid funcid)
{
	char	   *name = get_func_name(funcid);
	char	   *nsp = name != NULL ? get_namespace_name(get_func_namespace(funcid)) : NULL;

	return nsp != NULL && strcmp(name, "period_start") == 0 && strcmp(nsp, "slm") == 0;
}

/* The grain of an expression slm.period_start(<constant grain>, due_date), or GRAIN_NONE. */
static ReportGrain
period_grain_of(const PeriodScan *ps, Node *e)
{
	FuncExpr   *f;
	Const	   *grain;
	Var		   *day;

	if (!IsA(e, FuncExpr) || list_length(((FuncExpr *) e)->args) != 2)
		return GRAIN_NONE;
	f = (FuncExpr *) e;
	grain = (Const *) linitial(f->args);
	day = (Var *) lsecond(f->args);
	if (!IsA(grain, Const) || grain->constisnull || grain->consttype != TEXTOID ||
		!IsA(day, Var) || day->varno != ps->relid || day->varattno != ps->due_date ||
		day->varlevelsup != 0 || !is_period_start(f->funcid))
		return GRAIN_NONE;
	return slm_report_grain(TextDatumGetCString(grain->constvalue));
}

/* Add "due_date <op> day" (op by its btree strategy) to the bounds. */
static void
add_bound(PlannerInfo *root, PeriodScan *ps, const RestrictInfo *from, int strategy, DateADT day)
{
	Oid			op = get_opfamily_member(ps->date_family, DATEOID, DATEOID, strategy);
	Expr	   *clause;
	RestrictInfo *bound;

	if (!OidIsValid(op))
		return;
	clause = make_opclause(op, BOOLOID, false,
						   (Expr *) makeVar(ps->relid, ps->due_date, DATEOID, -1, InvalidOid, 0),
						   (Expr *) makeConst(DATEOID, -1, InvalidOid, sizeof(DateADT),
											  DateADTGetDatum(day), false, true),
						   InvalidOid, InvalidOid);
	bound = make_simple_restrictinfo(root, clause);
	/* as trusted as the filter it follows from (date comparisons leak nothing) */
	bound->security_level = from->security_level;
	ps->bounds = lappend(ps->bounds, bound);
}

/*
 * The due dates a period from first to last (inclusive) holds: from the
 * first day of the first to before the day one period after the last.  A
 * period starts on or before each of its due dates and ends before one
 * period after its start, so this holds whatever dates first and last are.
 */
static void
add_range(PlannerInfo *root, PeriodScan *ps, const RestrictInfo *from, ReportGrain g,
		  const DateADT *first, const DateADT *last)
{
	DateADT		after;

	if (first != NULL)
		add_bound(root, ps, from, BTGreaterEqualStrategyNumber, *first);
	if (last != NULL && !DATE_NOT_FINITE(*last) && slm_period_after(g, *last, &after))
		add_bound(root, ps, from, BTLessStrategyNumber, after);
}

/* A period compared with a constant: period <strategy> day. */
static void
bound_comparison(PlannerInfo *root, PeriodScan *ps, const RestrictInfo *from, ReportGrain g, int strategy,
				 DateADT day)
{
	switch (strategy)
	{
		case BTEqualStrategyNumber:
			add_range(root, ps, from, g, &day, &day);
			break;
		case BTLessStrategyNumber:
		case BTLessEqualStrategyNumber:
			add_range(root, ps, from, g, NULL, &day);
			break;
		case BTGreaterEqualStrategyNumber:
			add_range(root, ps, from, g, &day, NULL);
			break;
		case BTGreaterStrategyNumber:
			add_bound(root, ps, from, BTGreaterStrategyNumber, day);
			break;
	}
}

/* A constant date, or false. */
static bool
date_constant(Node *e, DateADT *day)
{
	if (!IsA(e, Const) || ((Const *) e)->constisnull || ((Const *) e)->consttype != DATEOID)
		return false;
	*day = DatumGetDateADT(((Const *) e)->constvalue);
	return true;
}

/* The bounds a restriction implies, if it compares a period of the due date. */
static void
bounds_of(PlannerInfo *root, PeriodScan *ps, RestrictInfo *ri)
{
	Node	   *clause = (Node *) ri->clause;

	if (IsA(clause, OpExpr) && list_length(((OpExpr *) clause)->args) == 2)
	{
		OpExpr	   *op = (OpExpr *) clause;
		Oid			opno = op->opno;
		Node	   *left = linitial(op->args);
		Node	   *right = lsecond(op->args);
		ReportGrain g;
		DateADT		day;
		int			strategy;

		if ((g = period_grain_of(ps, left)) == GRAIN_NONE)
		{
			/* the constant first: the operator as seen from the period */
			if ((g = period_grain_of(ps, right)) == GRAIN_NONE || !OidIsValid(opno = get_commutator(opno)))
				return;
			right = left;
		}
		if (!date_constant(right, &day) ||
			(strategy = get_op_opfamily_strategy(opno, ps->date_family)) == 0)
			return;
		bound_comparison(root, ps, ri, g, strategy, day);
	}
	else if (IsA(clause, ScalarArrayOpExpr))
	{
		/* period = ANY ('{...}'), as IN (...) is planned: from the earliest to the latest */
		ScalarArrayOpExpr *sa = (ScalarArrayOpExpr *) clause;
		Const	   *array = (Const *) lsecond(sa->args);
		ReportGrain g = period_grain_of(ps, linitial(sa->args));
		Datum	   *days;
		bool	   *nulls;
		int			n;
		DateADT		first = 0,
					last = 0;
		bool		any = false;
		ArrayType  *values;

		if (g == GRAIN_NONE || !sa->useOr || !IsA(array, Const) || array->constisnull ||
			get_op_opfamily_strategy(sa->opno, ps->date_family) != BTEqualStrategyNumber)
			return;
		values = DatumGetArrayTypeP(array->constvalue);
		if (ARR_ELEMTYPE(values) != DATEOID)
			return;
		deconstruct_array(values, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &days, &nulls, &n);
		for (int i = 0; i < n; i++)
		{
			DateADT		day;

			if (nulls[i])
				continue;
			day = DatumGetDateADT(days[i]);
			first = any ? Min(first, day) : day;
			last = any ? Max(last, day) : day;
			any = true;
		}
		if (any)
			add_range(root, ps, ri, g, &first, &last);
	}
}

/*
 * set_rel_pathlist_hook: for a scan of slm.clocks with a condition on a
 * period of its due date, index paths built with the range it implies
 * (see the top of this file).
 */
static void
add_period_paths(PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
	PeriodScan	ps;
	List	   *given;
	List	   *extended;
	ListCell   *lc;

	if (prev_set_rel_pathlist != NULL)
		prev_set_rel_pathlist(root, rel, rti, rte);
	if (rel->reloptkind != RELOPT_BASEREL || rte->rtekind != RTE_RELATION ||
		rel->baserestrictinfo == NIL || rel->indexlist == NIL || rte->relid != slm_clocks_relid())
		return;
	memset(&ps, 0, sizeof(ps));
	ps.relid = rti;
	ps.due_date = get_attnum(rte->relid, "due_date");
	ps.date_family = get_opclass_family(DATE_BTREE_OPS_OID);
	if (ps.due_date == InvalidAttrNumber)
		return;
	foreach(lc, rel->baserestrictinfo)
		bounds_of(root, &ps, lfirst_node(RestrictInfo, lc));
	if (ps.bounds == NIL)
		return;

	/*
	 * The index paths are built from the relation's restrictions, and from
	 * each index's (for an index without a predicate, the same list): both
	 * see the bounds while the paths are built.  The plan's filter is made
	 * later from the restrictions alone, so it keeps the condition itself.
	 */
	given = rel->baserestrictinfo;
	extended = list_concat_copy(given, ps.bounds);
	rel->baserestrictinfo = extended;
	foreach(lc, rel->indexlist)
	{
		IndexOptInfo *index = lfirst_node(IndexOptInfo, lc);

		if (index->indrestrictinfo == given)
			index->indrestrictinfo = extended;
	}
	create_index_paths(root, rel);
	foreach(lc, rel->indexlist)
	{
		IndexOptInfo *index = lfirst_node(IndexOptInfo, lc);

		if (index->indrestrictinfo == extended)
			index->indrestrictinfo = given;
	}
	rel->baserestrictinfo = given;
}

void
slm_period_paths_init(void)
{
	prev_set_rel_pathlist = set_rel_pathlist_hook;
	set_rel_pathlist_hook = add_period_paths;
}
