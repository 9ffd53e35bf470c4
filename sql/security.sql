-- security: objects planted in public do not hijack slm
--
-- An attacker who may create objects in public plants a twin of every
-- operator on the types slm works with, and of every pg_catalog function
-- and aggregate that slm's SQL and PL/pgSQL bodies name, each raising
-- "hijacked".  A victim whose search_path puts public first (before
-- pg_catalog) then uses every part of slm: calendars, the model, tracked
-- tickets and their triggers, rebuild, status, escalation and reports.
-- Nothing may reach a twin.  A control shows that an unprotected function
-- does reach one, so the trap is armed.
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
SET client_min_messages = warning;

-- every function of slm written in SQL or PL/pgSQL pins its search_path,
-- and to schemas an attacker cannot create in.  The one exception is
-- slm.compliance_report: the planner inlines it into the query that calls
-- it (a SET clause would prevent that), so it qualifies every name and
-- operator instead, and the twins below check that it reaches none.
SELECT p.oid::regprocedure AS unpinned
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'slm'
JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname IN ('sql', 'plpgsql')
  AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
ORDER BY 1;
-- SECURITY DEFINER functions are few and known: the triggers that keep
-- clocks for roles that may not write them, and the event triggers, which
-- read slm's tables on every role's DDL
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'slm'
WHERE p.prosecdef
ORDER BY 1;

-- a help desk to attack
SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'key');
CREATE TABLE desk (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, cust text,
                   status text, status_at timestamptz, answered timestamptz, closed timestamptz,
                   team text, agent text, changed timestamptz);
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins, valid)
SELECT 'OLA', 'desk team', 'default', 'desk', id, '[2026-01-01,)' FROM slm.agreements WHERE name = 'standard';
SELECT slm.install_standard_targets('desk team');
SELECT slm.attach('desk', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'answered',
                  resolved_at => 'closed', assignment_group => 'team', assignee => 'agent',
                  changed_at => 'changed', paused_statuses => '{waiting}');
INSERT INTO desk VALUES (1, '2026-11-23 09:00', 2, 'acme', 'new', NULL, NULL, NULL, 'desk', 'ann', '2026-11-23 09:00');

-- the attacker plants its twins
CREATE ROLE regress_slm_attacker;
GRANT CREATE, USAGE ON SCHEMA public TO regress_slm_attacker;
GRANT USAGE ON SCHEMA slm TO regress_slm_attacker;
SET ROLE regress_slm_attacker;
CREATE TABLE public.planted (kind text, name text);
DO $plant$
DECLARE
    -- the types slm's code compares, adds and concatenates
    concrete regtype[] := '{text,integer,bigint,numeric,double precision,boolean,timestamptz,timestamp,date,
                            interval,jsonb,tstzrange,tstzmultirange,daterange,regclass,oid,name,
                            text[],slm.calendar}';
    o record;
    f record;
    i int := 0;
BEGIN
    -- operators
    FOR o IN
        SELECT op.oprname AS name,
               CASE WHEN op.oprleft <> 0 THEN op.oprleft::regtype::text END AS l,
               op.oprright::regtype::text AS r, op.oprresult::regtype::text AS res
        FROM pg_operator op
        WHERE op.oprnamespace IN ('pg_catalog'::regnamespace, 'slm'::regnamespace)
          AND op.oprright = ANY (concrete) AND (op.oprleft = 0 OR op.oprleft = ANY (concrete))
        UNION
        -- polymorphic operators, at the concrete types slm uses them with
        VALUES ('@>', 'tstzrange', 'timestamp with time zone', 'boolean'), ('@>', 'tstzrange', 'tstzrange', 'boolean'),
               ('@>', 'daterange', 'date', 'boolean'), ('&&', 'tstzrange', 'tstzrange', 'boolean'),
               ('+', 'tstzmultirange', 'tstzmultirange', 'tstzmultirange'),
               ('-', 'tstzmultirange', 'tstzmultirange', 'tstzmultirange'),
               ('*', 'tstzmultirange', 'tstzmultirange', 'tstzmultirange'),
               ('=', 'tstzmultirange', 'tstzmultirange', 'boolean'),
               ('@>', 'tstzmultirange', 'timestamp with time zone', 'boolean'),
               ('||', 'text[]', 'text', 'text[]'), ('||', 'text[]', 'text[]', 'text[]'),
               ('=', 'text[]', 'text[]', 'boolean'), ('<>', 'text[]', 'text[]', 'boolean'),
               ('@>', 'text[]', 'text[]', 'boolean'), ('&&', 'text[]', 'text[]', 'boolean')
    LOOP
        i := i + 1;
        BEGIN
            EXECUTE format('CREATE FUNCTION public.planted_op_%s(%s) RETURNS %s LANGUAGE plpgsql AS '
                           '$f$BEGIN RAISE EXCEPTION ''hijacked by operator %s''; END$f$',
                           i, concat_ws(', ', o.l, o.r), o.res, replace(o.name, '%', '%%'));
            EXECUTE format('CREATE OPERATOR public.%s (%s RIGHTARG = %s, FUNCTION = public.planted_op_%s)',
                           o.name, CASE WHEN o.l IS NOT NULL THEN format('LEFTARG = %s,', o.l) ELSE '' END, o.r, i);
        EXCEPTION WHEN duplicate_function OR duplicate_object THEN
            CONTINUE;
        END;
        INSERT INTO public.planted VALUES ('operator', o.name);
    END LOOP;

    -- functions and aggregates that slm's bodies name, with concrete types
    FOR f IN
        SELECT DISTINCT p.proname, p.prokind, p.proretset,
               pg_get_function_identity_arguments(p.oid) AS args, p.prorettype::regtype AS ret, p.pronargs,
               p.proargtypes[0]::regtype AS arg0
        FROM pg_proc p
        WHERE p.pronamespace = 'pg_catalog'::regnamespace
          AND p.prokind IN ('f', 'a')
          AND p.proname IN (
              SELECT DISTINCT w[1]
              FROM pg_proc sp
              JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = sp.oid AND d.deptype = 'e'
              JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'slm'
              CROSS JOIN LATERAL regexp_matches(lower(sp.prosrc), '([a-z_][a-z0-9_]*)\s*\(', 'g') w
              WHERE sp.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('sql', 'plpgsql')))
          AND p.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype, 'void'::regtype)
          AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) a JOIN pg_type t ON t.oid = a WHERE t.typtype = 'p')
          AND (SELECT typtype FROM pg_type WHERE oid = p.prorettype) <> 'p'
          AND p.proname NOT IN ('count', 'planted')
    LOOP
        BEGIN
            IF f.prokind = 'f' THEN
                EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS '
                               '$f$BEGIN RAISE EXCEPTION ''hijacked by function %s''; END$f$',
                               f.proname, f.args, CASE WHEN f.proretset THEN 'SETOF ' ELSE '' END, f.ret, f.proname);
            ELSIF f.pronargs = 1 THEN
                i := i + 1;
                EXECUTE format('CREATE FUNCTION public.planted_sfunc_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS '
                               '$f$BEGIN RAISE EXCEPTION ''hijacked by aggregate %s''; END$f$',
                               i, f.ret, f.arg0, f.ret, f.proname);
                EXECUTE format('CREATE AGGREGATE public.%I(%s) (SFUNC = public.planted_sfunc_%s, STYPE = %s)',
                               f.proname, f.arg0, i, f.ret);
            ELSE
                CONTINUE;
            END IF;
            INSERT INTO public.planted VALUES (CASE f.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END, f.proname);
        EXCEPTION WHEN duplicate_function OR invalid_function_definition THEN
            NULL;
        END;
    END LOOP;

    -- polymorphic functions and count(*), at the concrete types slm uses
    CREATE FUNCTION public.planted_count(bigint) RETURNS bigint LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by aggregate count'; END$f$;
    CREATE AGGREGATE public.count(*) (SFUNC = public.planted_count, STYPE = bigint);
    CREATE FUNCTION public.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function unnest'; END$f$;
    CREATE FUNCTION public.to_jsonb(text) RETURNS jsonb LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function to_jsonb'; END$f$;
    CREATE FUNCTION public.to_jsonb(integer) RETURNS jsonb LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function to_jsonb'; END$f$;
    CREATE FUNCTION public.cardinality(text[]) RETURNS integer LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function cardinality'; END$f$;
    CREATE FUNCTION public.array_length(text[], integer) RETURNS integer LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function array_length'; END$f$;
    CREATE FUNCTION public.lower(tstzrange) RETURNS timestamptz LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function lower'; END$f$;
    CREATE FUNCTION public.upper(tstzrange) RETURNS timestamptz LANGUAGE plpgsql
        AS $f$BEGIN RAISE EXCEPTION 'hijacked by function upper'; END$f$;
    INSERT INTO public.planted VALUES ('aggregate', 'count'), ('function', 'unnest'), ('function', 'to_jsonb'),
        ('function', 'cardinality'), ('function', 'array_length'), ('function', 'lower'), ('function', 'upper');
END
$plant$;
RESET ROLE;
SELECT kind, count(*) > 20 AS many FROM public.planted GROUP BY kind ORDER BY kind;
SELECT DISTINCT name AS planted_functions_include FROM public.planted
WHERE kind = 'function' AND name IN ('now', 'date_trunc', 'timezone', 'round', 'make_interval', 'pg_notify', 'date_part')
ORDER BY 1;

-- the victim runs statements with public first in its search_path
CREATE FUNCTION pg_temp.as_victim(stmt text) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'public, pg_catalog, pg_temp', true);
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN pg_catalog.concat(SQLSTATE, ': ', SQLERRM);
END $$;

-- the control: an unprotected function is hijacked
CREATE FUNCTION public.unprotected(a text) RETURNS boolean LANGUAGE sql AS $$ SELECT a = 'x' $$;
SELECT pg_temp.as_victim($$SELECT public.unprotected('x')$$) AS control;

-- calendars
SELECT pg_temp.as_victim(s) AS result, s AS statement FROM pg_catalog.unnest(ARRAY[
    $$SELECT slm.business_add('2026-11-23 10:00', '5 hours', 'tz=Asia/Shanghai; mon-fri 09:00-18:00'::slm.calendar)$$,
    $$SELECT slm.business_add('2026-11-23 10:00', '2 days', 'business hours')$$,
    $$SELECT slm.business_elapsed('2026-11-23 10:00', '2026-11-30 10:00', 'business hours')$$,
    $$SELECT slm.is_business_time('2026-11-23 10:00', 'business hours')$$,
    $$SELECT slm.next_business_time('2026-11-22 10:00', 'business hours')$$,
    $$SELECT slm.business_periods('business hours', '[2026-11-23, 2026-11-30)')$$,
    $$SELECT slm.business_days('2026-11-01', '2026-12-01', 'business hours')$$,
    $$UPDATE slm.calendars SET calendar = calendar OPERATOR(pg_catalog.||) '2026-12-25 closed' WHERE name OPERATOR(pg_catalog.=) 'business hours'$$,
    $$SELECT slm.business_add('2026-12-24 17:00', '2 hours', 'business hours')$$,
    $$SELECT * FROM slm.calendar_cache_stats()$$
]) s;

-- the model
SELECT pg_temp.as_victim(s) AS result, s AS statement FROM pg_catalog.unnest(ARRAY[
    $$SELECT slm.priority(1, 2)$$,
    $$SELECT slm.classify_tier(5, 5, 5)$$,
    $$SELECT slm.customer_tier('acme')$$,
    $$SELECT slm.target_for('default', 'acme', 2, 'resolution', '2026-11-23 10:00')$$,
    $$SELECT slm.due_at('default', 'acme', 2, 'resolution', '2026-11-23 10:00')$$,
    $$SELECT slm.install_standard_targets()$$,
    $$INSERT INTO slm.agreements (kind, name, service, counterparty, valid) VALUES ('SLA', 'acme gold', 'default', 'acme', '[2026-01-01,)')$$,
    $$SELECT slm.install_standard_targets('acme gold')$$,
    $$UPDATE slm.targets SET warn_at = 0.5 WHERE priority OPERATOR(pg_catalog.=) 1$$,
    $$SELECT * FROM slm.underpinning_gaps$$,
    $$SELECT * FROM slm.targets_in_force$$
]) s;

-- tracked tickets: the triggers, rebuild, status, escalation
SELECT pg_temp.as_victim(s) AS result, s AS statement FROM pg_catalog.unnest(ARRAY[
    $$INSERT INTO desk VALUES (2, '2026-11-23 10:00', 1, 'acme', 'new', NULL, NULL, NULL, 'desk', 'bob', '2026-11-23 10:00')$$,
    $$UPDATE desk SET status = 'waiting', status_at = '2026-11-23 11:00', changed = '2026-11-23 11:00' WHERE id OPERATOR(pg_catalog.=) 1$$,
    $$UPDATE desk SET status = 'open', status_at = '2026-11-23 14:00', answered = '2026-11-23 14:00', changed = '2026-11-23 14:00' WHERE id OPERATOR(pg_catalog.=) 1$$,
    $$UPDATE desk SET prio = 3, cust = NULL, changed = '2026-11-23 11:00' WHERE id OPERATOR(pg_catalog.=) 2$$,
    $$UPDATE desk SET team = 'network', changed = '2026-11-23 12:00' WHERE id OPERATOR(pg_catalog.=) 2$$,
    $$UPDATE desk SET closed = '2026-11-24 10:00', status = 'closed', changed = '2026-11-24 10:00' WHERE id OPERATOR(pg_catalog.=) 1$$,
    $$UPDATE desk SET closed = NULL, status = 'reopened', status_at = '2026-11-24 12:00', changed = '2026-11-24 12:00' WHERE id OPERATOR(pg_catalog.=) 1$$,
    $$DELETE FROM desk WHERE id OPERATOR(pg_catalog.=) 2$$,
    $$SELECT slm.rebuild('desk')$$,
    $$SELECT * FROM slm.sla_status$$,
    $$SELECT * FROM slm.escalate('2026-12-31')$$,
    $$SELECT * FROM slm.breaches$$,
    $$SELECT slm.clock_state(c, '2026-11-23 12:00'), slm.clock_elapsed(c), slm.clock_remaining(c) FROM slm.clocks c$$
]) s;

-- reports
SELECT pg_temp.as_victim(s) AS result, s AS statement FROM pg_catalog.unnest(ARRAY[
    $$INSERT INTO slm.outages (service, started_at, ended_at) VALUES ('default', '2026-11-23 10:00', '2026-11-23 11:00')$$,
    $$SELECT * FROM slm.compliance_report('2026-11-01', '2026-12-31', 'week')$$,
    $$SELECT * FROM slm.compliance_monthly$$,
    $$SELECT * FROM slm.compliance_weekly$$,
    $$SELECT * FROM slm.compliance_quarterly$$,
    $$SELECT * FROM slm.availability_report('2026-11-01', '2026-11-30', 'month')$$,
    $$SELECT * FROM slm.availability_monthly$$,
    $$SELECT * FROM slm.agreement_review$$,
    $$SELECT * FROM slm.quality_report('2026-11-01', '2026-11-30', 'month')$$,
    $$SELECT slm.percentiles(v, '{0.5}') FROM (VALUES (1::float8), (2)) t(v)$$,
    $$SELECT slm.detach('desk')$$
]) s;

-- the clocks came out as without the attacker
SELECT ticket, kind, metric, cycle, state, cancelled_at IS NOT NULL AS cancelled
FROM slm.clocks ORDER BY ticket, kind, metric, cycle;

DROP FUNCTION public.unprotected(text);
DROP OWNED BY regress_slm_attacker;
DROP ROLE regress_slm_attacker;
DROP TABLE desk;
DELETE FROM slm.outages; DELETE FROM slm.events; DELETE FROM slm.clocks; DELETE FROM slm.targets;
DELETE FROM slm.agreements; DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.calendars;
