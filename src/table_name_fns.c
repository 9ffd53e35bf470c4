/*-------------------------------------------------------------------------
 *
 * table_name_fns.c
 *	  slm.table_name(regclass): the one spelling of a ticket table's name
 *	  in reports, views and alert payloads.
 *
 * regclass's own output leaves the schema out when the table is visible
 * on the reader's search_path, so the same table would be spelled
 * "tickets" in one session and "app.tickets" in another: a BI tool or an
 * alert consumer could not match them.  This spelling is the one slm's
 * messages use (slm_relation_name), whatever the search_path.
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/table_name_fns.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "base.h"

PG_FUNCTION_INFO_V1(slm_table_name);

/*
 * The schema-qualified, quoted name of a table; a table that no longer
 * exists is spelled by its oid, as regclass spells it.
 */
Datum
slm_table_name(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);

	if (get_rel_name(relid) == NULL)
		PG_RETURN_TEXT_P(cstring_to_text(psprintf("%u", relid)));
	PG_RETURN_TEXT_P(cstring_to_text(slm_relation_name(relid)));
}
