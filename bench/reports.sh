#!/usr/bin/env bash
# bench/reports.sh - monthly compliance over many clocks (run by scripts/bench.sh)
#
# Fills slm.clocks with SLM_BENCH_CLOCKS clocks (default 10M) spread over a
# year, then times, with parallel workers allowed:
#  - slm.compliance_monthly against a plain count(*) ... GROUP BY
#    date_trunc('month', due_at) over the same clocks (goal: at most 1.2x);
#  - a BI tool's filter on the view (one month, one service) against the
#    same month through slm.compliance_report(from, to, grain) (goal: at
#    most 1.5x).
set -euo pipefail
db=slm_bench
clocks=${SLM_BENCH_CLOCKS:-10000000}
psql() { command psql -X -v ON_ERROR_STOP=1 -q "$@"; }
psql -d $db <<SQL
SET client_min_messages = warning;
SELECT slm.install_standard_targets();
CREATE TABLE IF NOT EXISTS bench_reports_dummy ();
DELETE FROM slm.clocks;
INSERT INTO slm.clocks (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
                        priority, tier, goal, calendar, warn_at, started_at, stopped_at, goal_time, paused_time,
                        time_used, warn_from, due_at, state)
SELECT 'bench_reports_dummy'::regclass, (g / 2)::text, 'SLA', m.metric, 1, t.agreement, t.id, 'c' || g % 40,
       'c' || g % 40, 'default', t.priority, 'standard', t.goal, coalesce(t.calendar, 'business hours'), 0.75,
       s.started, CASE WHEN g % 10 > 0 THEN s.started + (g % 97) * interval '1 hour' END,
       interval '10 hours', interval '0', CASE WHEN g % 10 > 0 THEN (g % 97) * interval '30 minutes' END,
       s.started + interval '7 hours', s.started + interval '10 hours',
       CASE WHEN g % 10 = 0 THEN 'running' WHEN g % 97 < 10 THEN 'met' ELSE 'missed' END
FROM generate_series(1, $clocks) g
CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 0 THEN 'response' ELSE 'resolution' END AS metric) m
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00+08' + ((g::bigint * 7919) % 31536000) * interval '1 second' AS started) s
JOIN slm.targets t ON t.priority = 1 + g % 4 AND t.metric = m.metric;
-- what the tracking trigger stores with each schedule
UPDATE slm.clocks k SET due_date = timezone(z.zone, k.due_at)::date
FROM slm.agreement_zones z WHERE z.agreement = k.agreement;
VACUUM ANALYZE slm.clocks;
SET max_parallel_workers_per_gather = 2;
SQL
echo "== reports: monthly compliance over $(psql -d $db -At -c 'SELECT count(*) FROM slm.clocks') clocks"
psql -d $db -At <<'SQL'
SET max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.best_ms(q text, runs int DEFAULT 3) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE best numeric; t0 timestamptz; ms numeric;
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(coalesce(best, ms), ms);
    END LOOP;
    RETURN best;
END $$;
SELECT pg_temp.best_ms($q$SELECT date_trunc('month', due_at), count(*) FROM slm.clocks GROUP BY 1$q$) AS plain,
       pg_temp.best_ms($q$SELECT count(*), sum(met), max(p90_hours) FROM slm.compliance_monthly$q$) AS report,
       pg_temp.best_ms($q$SELECT count(*), sum(met) FROM slm.compliance_monthly
                          WHERE period_start = '2026-10-01' AND service = 'default'$q$) AS view_filter,
       pg_temp.best_ms($q$SELECT count(*), sum(met) FROM slm.compliance_report('2026-10-01', '2026-10-31', 'month')
                          WHERE service = 'default'$q$) AS function_period
\gset
SELECT format('plain count(*) GROUP BY month: %s ms', round(:plain));
SELECT format('slm.compliance_monthly:         %s ms', round(:report));
SELECT format('ratio report/plain:             %s (goal <= 1.2)', round(:report / :plain, 2));
SELECT format('one month, one service: view filter %s ms, compliance_report %s ms, ratio %s (goal <= 1.5)',
              round(:view_filter), round(:function_period), round(:view_filter / :function_period, 2));
-- the plan of the report's query, to see the parallel workers
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SELECT count(*) FROM slm.compliance_monthly;
SQL
