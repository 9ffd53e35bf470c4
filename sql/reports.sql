-- reports: compliance, breaches, availability, review, quality, access
SET TimeZone = 'Asia/Shanghai';
\i sql/include/try.sql

SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'key'), ('globex', 'standard');
INSERT INTO slm.targets (agreement, metric, compliance_goal)
SELECT id, 'availability', 0.99 FROM slm.agreements WHERE name = 'standard';
UPDATE slm.agreements SET review_on = '2026-01-31' WHERE name = 'standard';

CREATE TABLE tickets (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, cust text,
                      status text, status_at timestamptz, answered timestamptz, closed timestamptz,
                      agent text, csat int);
SELECT slm.attach('tickets', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'answered',
                  resolved_at => 'closed', assignee => 'agent', satisfaction => 'csat',
                  paused_statuses => '{waiting}');

-- three months of tickets, each answered and closed at set business times
INSERT INTO tickets
SELECT g, slm.business_add(timestamptz '2026-09-01 09:00', make_interval(hours => g * 3), 'business hours'),
       1 + g % 4, CASE WHEN g % 3 = 0 THEN 'acme' ELSE 'globex' END, 'closed', NULL,
       slm.business_add(slm.business_add(timestamptz '2026-09-01 09:00', make_interval(hours => g * 3), 'business hours'),
                        make_interval(mins => 20 + (g * 37) % 300), CASE WHEN g % 4 = 0 THEN 'business hours' ELSE '24x7' END),
       slm.business_add(slm.business_add(timestamptz '2026-09-01 09:00', make_interval(hours => g * 3), 'business hours'),
                        make_interval(hours => 1 + (g * 7) % 60), CASE WHEN g % 4 = 0 THEN 'business hours' ELSE '24x7' END),
       (ARRAY['ann', 'bob', 'cyd'])[1 + g % 3], 1 + g % 5
FROM generate_series(1, 150) g;
-- one reopened, one still open and due in 2099
UPDATE tickets SET closed = NULL, status = 'reopened', status_at = closed + interval '1 day' WHERE id = 5;
UPDATE tickets SET closed = status_at + interval '2 hours', status = 'closed', status_at = status_at + interval '2 hours' WHERE id = 5;
INSERT INTO tickets VALUES (999, '2099-06-01 10:00', 4, 'acme', 'new', NULL, NULL, NULL, 'ann', NULL);

-- compliance by month, for SLA resolution
SELECT period_start, period_end, priority, clocks_due, met, missed, breached, running, cancelled,
       compliance, compliance_goal, goal_met, mean_time, median_time, p90_time, mean_hours, median_hours, p90_hours
FROM slm.compliance_monthly
WHERE metric = 'resolution' AND customer = 'globex' AND period_start < '2027-01-01'
ORDER BY period_start, priority;
-- the report for any period and grain agrees with the views
SELECT (SELECT sum(clocks_due) FROM slm.compliance_report('2026-09-01', '2026-11-30', 'week')) AS weekly,
       (SELECT sum(clocks_due) FROM slm.compliance_report('2026-09-01', '2026-11-30', 'month')) AS monthly,
       (SELECT sum(clocks_due) FROM slm.compliance_quarterly WHERE period_start BETWEEN '2026-07-01' AND '2026-10-01') AS quarterly,
       (SELECT count(*) FROM slm.clocks WHERE due_at < '2026-12-01' AND due_at >= '2026-09-01') AS clocks;
SELECT period_start, count(*) FROM slm.compliance_report('2026-10-01', '2026-10-07', 'day')
GROUP BY 1 ORDER BY 1;
SELECT pg_temp.try($$SELECT * FROM slm.compliance_report('2026-01-01', '2026-12-31', 'fortnight')$$);

-- periods: slm.period_start is date_trunc(grain, day)::date, for every day
-- of a few years (leap years, weeks across years) and days far apart
SELECT g.grain, count(*) AS days,
       count(*) FILTER (WHERE slm.period_start(g.grain, d) IS DISTINCT FROM date_trunc(g.grain, d::timestamp)::date) AS differ
FROM unnest('{day,week,month,quarter,year}'::text[]) g(grain),
     (SELECT generate_series(date '1999-12-01', date '2029-03-01', interval '1 day')::date
      UNION ALL SELECT v FROM unnest('{4713-11-24 BC,0001-01-01 BC,0001-01-01,1582-10-15,294276-12-31}'::date[]) v) s(d)
GROUP BY g.grain ORDER BY min(slm.grain_interval(g.grain));
SELECT slm.period_start('month', 'infinity') AS late, slm.period_start('week', '-infinity') AS early,
       slm.period_start('month', NULL) IS NULL AS no_day, slm.grain_interval('quarter') AS quarter,
       slm.grain_interval('fortnight') IS NULL AS no_grain, slm.check_grain('year') AS year;
SELECT pg_temp.try($$SELECT slm.period_start('fortnight', current_date)$$);
SELECT pg_temp.try($$SELECT slm.period_start(NULL, current_date)$$) AS null_grain_is_null;
SELECT pg_temp.try($$SELECT slm.check_grain(NULL)$$);

-- A filter on a view's period reaches the index on the clocks' due dates
-- as a range of due dates (with sequential scans off, only a plan that
-- uses the range can read the index); the view's filter stays on.
SELECT count(*) AS clocks FROM slm.clocks;
-- (the index's conditions and the scan's filters, whether the plan reads
-- the index alone or a bitmap of it; not the join's filter on periods up
-- to today, which EXPLAIN prints either as the period's expression or as
-- the subquery's column, as the statistics of slm's small tables fall)
CREATE FUNCTION pg_temp.due_conditions(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE line text; found text[] := '{}';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF line ~ 'Index Cond: .*due_date' OR line ~ '^\s*(->\s*)?Filter: .*period_start' THEN
            found := found || regexp_replace(line, '^\s*(->\s*)?', '');
        END IF;
    END LOOP;
    RETURN QUERY SELECT f FROM unnest(found) f ORDER BY f;
END $$;
ANALYZE slm.clocks;
SET enable_seqscan = off;
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_monthly WHERE period_start = '2026-10-01'$$);
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_weekly WHERE period_start BETWEEN '2026-10-05' AND '2026-10-19'$$);
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_quarterly WHERE '2026-12-31' < period_start$$);
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_weekly WHERE period_start IN ('2026-10-12', '2026-10-05', NULL)$$);
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_monthly WHERE period_start < '2026-09-15'$$);
-- not a constant: the filter alone
SELECT pg_temp.due_conditions($$SELECT * FROM slm.compliance_monthly WHERE period_start = current_date$$);
-- the same rows as the whole view's, however it is read
CREATE TEMP TABLE whole_month AS SELECT * FROM slm.compliance_monthly;
SELECT (SELECT count(*) FROM whole_month WHERE period_start = '2026-10-01') AS october,
       (SELECT count(*) FROM (SELECT * FROM slm.compliance_monthly WHERE period_start = '2026-10-01'
                              EXCEPT SELECT * FROM whole_month) d) AS october_differ,
       (SELECT count(*) FROM (SELECT * FROM slm.compliance_monthly WHERE period_start IN ('2026-11-01', '2026-09-01')
                              EXCEPT SELECT * FROM whole_month) d) AS two_months_differ,
       (SELECT count(*) FROM slm.compliance_quarterly WHERE '2026-12-31' < period_start) AS later_quarters,
       (SELECT count(*) FROM whole_month WHERE period_start < '2026-09-15') AS before_mid_september,
       (SELECT count(*) FROM slm.compliance_monthly WHERE period_start < '2026-09-15') AS read_by_range;
RESET enable_seqscan;
DROP TABLE whole_month;

-- breaches: none now, some at a time of our choosing
SELECT count(*) AS breaches_now FROM slm.breaches;
SELECT c.ticket, c.metric, slm.clock_state(c, '2099-06-08 12:00') AS state_then
FROM slm.clocks c WHERE c.ticket = '999' ORDER BY metric;

-- availability: overlapping outages count once, only service hours count
INSERT INTO slm.outages (service, started_at, ended_at, description) VALUES
  ('default', '2026-10-05 10:00', '2026-10-05 12:00', 'database down'),
  ('default', '2026-10-05 11:00', '2026-10-05 13:00', 'and the network, overlapping'),
  ('default', '2026-10-10 20:00', '2026-10-11 10:00', 'a weekend: no business hours lost'),
  ('default', '2026-11-02 09:00', '2026-11-02 09:30', 'restart');
SELECT * FROM slm.availability_report('2026-09-01', '2026-11-30', 'month');
SELECT pg_temp.try($$INSERT INTO slm.outages (service, started_at, ended_at) VALUES ('default', '2026-10-05 10:00', '2026-10-05 09:00')$$);
SELECT pg_temp.try($$INSERT INTO slm.outages (service, started_at) VALUES ('nowhere', '2026-10-05 10:00')$$);

-- review on 1 December 2026: the review date of the standard SLA has passed, and
-- goals were missed in two of September, October and November
SELECT agreement, kind, review_on, review_due, reason FROM slm.agreements_to_review('2026-12-01');
-- the view asks for today: the review date stays passed whatever today is
SELECT agreement, review_due FROM slm.agreement_review;

-- service quality per assignee
SELECT * FROM slm.quality_report('2026-09-01', '2026-11-30', 'quarter') ORDER BY period_start, assignee;

-- every column of every view and report function has a standard type and a
-- description, which slm.report_columns gives to clients that drop comments
SELECT report, column_name, data_type FROM slm.report_columns
WHERE description IS NULL
   OR data_type NOT IN ('text', 'integer', 'bigint', 'numeric', 'boolean', 'date', 'timestamp with time zone', 'interval')
ORDER BY 1, 2;
SELECT count(DISTINCT report) AS reports, count(*) AS columns FROM slm.report_columns;
-- a report function returns the columns of the view that describes it
SELECT f.report, count(*) AS columns, count(*) FILTER (WHERE v.column_name IS DISTINCT FROM f.column_name
                                                              OR v.data_type IS DISTINCT FROM f.data_type) AS differ
FROM (SELECT 'slm.' || p.proname AS report, a.n AS position, a.name AS column_name,
             format_type(a.type, NULL) AS data_type
      FROM pg_proc p
      CROSS JOIN LATERAL unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY a(name, type, mode, n)
      WHERE p.pronamespace = 'slm'::regnamespace AND a.mode = 't'
        AND p.proname IN ('compliance_report', 'availability_report', 'agreements_to_review', 'quality_report')) f
LEFT JOIN slm.report_columns v ON v.report = f.report
     AND v.position = f.position - (SELECT count(*) FROM pg_proc p2, unnest(p2.proargmodes) m
                                    WHERE 'slm.' || p2.proname = f.report AND m <> 't')
GROUP BY 1 ORDER BY 1;
-- every interval has a twin in hours, which BI tools can chart (pgJDBC
-- hands intervals over as opaque objects)
SELECT i.report, i.column_name AS interval_without_hours
FROM slm.report_columns i
WHERE i.data_type = 'interval'
  AND NOT EXISTS (SELECT FROM slm.report_columns h
                  WHERE h.report = i.report AND h.data_type = 'numeric'
                    AND h.column_name IN (i.column_name || '_hours', regexp_replace(i.column_name, '_time$', '') || '_hours'))
ORDER BY 1, 2;
-- an agreement's goal is business days and hours ('1 day 04:30' is one
-- working day, then four and a half working hours), so its twins are two:
-- the whole days, and the hours beyond them (worked by hand)
SELECT g AS goal, extract(day FROM g)::integer AS goal_days, slm.goal_hours(g) AS goal_hours
FROM unnest('{30 minutes, 4 hours, 5 days, 1 day 04:30, 36 hours, 2 days 00:20}'::interval[]) g;
-- every goal column has both, and they give the goal back
SELECT i.report, i.column_name AS goal_without_days
FROM slm.report_columns i
WHERE i.data_type = 'interval' AND i.column_name LIKE '%goal'
  AND NOT EXISTS (SELECT FROM slm.report_columns h
                  WHERE h.report = i.report AND h.data_type = 'integer' AND h.column_name = i.column_name || '_days')
ORDER BY 1, 2;
SELECT count(*) AS targets,
       count(*) FILTER (WHERE abs(extract(epoch FROM goal - make_interval(days => goal_days, secs => goal_hours * 3600)))
                              >= 1) AS twins_differ
FROM slm.targets_in_force WHERE goal IS NOT NULL;

-- slm_reader reads the reports, and what they are computed from: not who
-- handled a ticket, how satisfied its customer was, or the customers' scores
SET ROLE slm_reader;
SELECT count(*) > 0 AS reads_compliance FROM slm.compliance_monthly;
SELECT count(*) >= 0 AS reads_availability FROM slm.availability_monthly;
SELECT count(*) >= 0 AS reads_breaches FROM slm.breaches;
SELECT count(*) > 0 AS reads_report_function FROM slm.compliance_report('2026-09-01', '2026-11-30', 'month');
SELECT pg_temp.try($$SELECT * FROM tickets$$) AS ticket_table;
SELECT pg_temp.try($$SELECT assignee FROM slm.clocks$$) AS assignees;
SELECT pg_temp.try($$SELECT * FROM slm.customers$$) AS customers;
SELECT pg_temp.try($$SELECT * FROM slm.quality_report('2026-09-01', '2026-11-30', 'month')$$) AS quality;
SELECT pg_temp.try($$SELECT * FROM slm.events$$) AS events;
SELECT pg_temp.try($$UPDATE slm.clocks SET due_at = now()$$) AS write_clocks;
SELECT pg_temp.try($$INSERT INTO slm.outages (service, started_at) VALUES ('default', now())$$) AS write_outages;
SELECT pg_temp.try($$SELECT slm.rebuild('tickets')$$) AS rebuild;
RESET ROLE;

-- Row-level security holds in every report.  A tenant (one role per
-- customer, in slm_reader) must see in each view and report function that
-- reads clocks exactly what the owner sees when only the tenant's clocks
-- exist.  Some clocks of both customers are breached now, so that
-- slm.breaches has rows to leak.
BEGIN;
INSERT INTO tickets (id, opened, prio, cust, status) VALUES
    (2001, '2026-11-02 09:00', 1, 'acme', 'new'), (2002, '2026-11-02 09:00', 1, 'globex', 'new');
CREATE ROLE slm_tenant_acme;
GRANT slm_reader, slm_quality_reader TO slm_tenant_acme;
ALTER TABLE slm.clocks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON slm.clocks FOR SELECT TO slm_reader
    USING (customer = replace(current_user, 'slm_tenant_', ''));
CREATE TEMP TABLE report_calls (obj text PRIMARY KEY, call text NOT NULL);
INSERT INTO report_calls VALUES
    ('slm.sla_status', 'SELECT * FROM slm.sla_status'),
    ('slm.breaches', 'SELECT * FROM slm.breaches'),
    ('slm.compliance_weekly', 'SELECT * FROM slm.compliance_weekly'),
    ('slm.compliance_monthly', 'SELECT * FROM slm.compliance_monthly'),
    ('slm.compliance_quarterly', 'SELECT * FROM slm.compliance_quarterly'),
    ('slm.compliance_report', $$SELECT * FROM slm.compliance_report('2026-09-01', '2026-11-30', 'week')$$),
    ('slm.quality_report', $$SELECT * FROM slm.quality_report('2026-09-01', '2026-11-30', 'month')$$),
    ('slm.quality_monthly', 'SELECT * FROM slm.quality_monthly'),
    ('slm.agreements_to_review', $$SELECT * FROM slm.agreements_to_review('2026-12-01')$$),
    ('slm.agreement_review', 'SELECT * FROM slm.agreement_review');
-- Every view and function of slm that reads slm.clocks, directly or through
-- another, found in the catalog.  Those not called above are not for
-- readers; a new report that reads clocks shows up here untested.
WITH RECURSIVE defs AS (
    SELECT 'slm.' || c.relname AS obj, pg_get_viewdef(c.oid) AS def
    FROM pg_class c WHERE c.relnamespace = 'slm'::regnamespace AND c.relkind = 'v'
    UNION ALL
    SELECT 'slm.' || p.proname, p.prosrc
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = 'slm'::regnamespace AND l.lanname IN ('sql', 'plpgsql')
), reads (obj) AS (
    SELECT 'slm.clocks' COLLATE "C"
    UNION
    SELECT d.obj FROM defs d JOIN reads r ON d.def ~ ('(^|[^a-z_.])' || replace(r.obj, '.', '\.') || '([^a-z_]|$)')
    WHERE d.obj <> r.obj
)
SELECT r.obj AS reads_clocks, c.obj IS NOT NULL AS tested_below
FROM reads r LEFT JOIN report_calls c USING (obj) WHERE r.obj <> 'slm.clocks' ORDER BY 1;
CREATE FUNCTION pg_temp.digest(call text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    d text;
BEGIN
    EXECUTE format('SELECT count(*) || '':'' || coalesce(md5(string_agg(r::text, '','' ORDER BY r::text)), '''') FROM (%s) r', call)
        INTO d;
    RETURN d;
END $f$;
CREATE TEMP TABLE as_owner AS SELECT obj, pg_temp.digest(call) AS d FROM report_calls;
GRANT SELECT ON report_calls TO slm_tenant_acme;
SET ROLE slm_tenant_acme;
SELECT count(*) AS tenant_clocks, count(*) FILTER (WHERE customer <> 'acme') AS others FROM slm.clocks;
CREATE TEMP TABLE as_tenant AS SELECT obj, pg_temp.digest(call) AS d FROM report_calls;
RESET ROLE;
DELETE FROM slm.clocks WHERE customer IS DISTINCT FROM 'acme';
SELECT c.obj, split_part(t.d, ':', 1)::int > 0 AS tenant_sees_rows, t.d <> o.d AS less_than_owner,
       t.d = pg_temp.digest(c.call) AS as_if_only_acme_existed
FROM report_calls c JOIN as_tenant t USING (obj) JOIN as_owner o USING (obj) ORDER BY 1;
ROLLBACK;

SELECT slm.detach('tickets', drop_clocks => true);
DROP TABLE tickets;
DELETE FROM slm.outages; DELETE FROM slm.events; DELETE FROM slm.targets; DELETE FROM slm.agreements;
DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.priority_matrix; DELETE FROM slm.calendars;

-- slm.percentiles gives what percentile_cont gives, bit for bit, also when
-- the groups are aggregated partly in parallel workers
SELECT setseed(0.25);
CREATE TABLE pv AS
SELECT g % 7 AS grp,
       CASE WHEN g % 13 = 0 THEN NULL WHEN g % 101 = 0 THEN 'NaN'::float8 ELSE round(random() * 1e6) / 7 END AS v
FROM generate_series(1, 30000) g;
ANALYZE pv;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE a IS DISTINCT FROM b) AS mismatches
FROM (SELECT grp, slm.percentiles(v, '{0,0.1,0.25,0.5,0.9,0.999,1}') AS a,
             percentile_cont('{0,0.1,0.25,0.5,0.9,0.999,1}'::float8[]) WITHIN GROUP (ORDER BY v) AS b
      FROM pv GROUP BY grp) x;
SELECT count(*) FILTER (WHERE a IS DISTINCT FROM b) AS mismatches_without_nan
FROM (SELECT grp, slm.percentiles(v, '{0.5,0.9}') AS a,
             percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY v) AS b
      FROM pv WHERE v <> 'NaN' GROUP BY grp) x;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT slm.percentiles(v, '{0.5}') FROM (VALUES (1.0::float8), (2), (4)) t(v);
SELECT slm.percentiles(v, '{0.5}') IS NULL AS empty FROM pv WHERE false;
SELECT slm.percentiles(NULL::float8, '{0.5}') IS NULL AS all_null;
SELECT pg_temp.try($$SELECT slm.percentiles(v, '{1.5}') FROM pv$$) AS out_of_range;
SELECT pg_temp.try($$SELECT slm.percentiles(v, '{NULL}') FROM pv$$) AS null_fraction;
SELECT pg_temp.try($$SELECT slm.percentiles(v, NULL) FROM pv$$) AS null_fractions;
SELECT pg_temp.try($$SELECT slm.percentiles(v, '{{0.5}}') FROM pv$$) AS two_dimensions;
SELECT pg_temp.try($$SELECT slm.percentiles(v, array_fill(0.5::float8, ARRAY[17])) FROM pv$$) AS too_many;
SELECT pg_temp.try($$SELECT slm.percentiles(v, CASE WHEN grp = 1 THEN '{0.5}' ELSE '{0.9}' END::float8[]) FROM pv$$) AS differing;
DROP TABLE pv;
