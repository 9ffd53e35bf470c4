-- test/scale/compare.sql - what scripts/tests/scale_fdw.sh compares between
-- the coordinator and the single server, each query's rows in a fixed
-- order (psql variable at: the instant states are read at).  The clocks'
-- ids are left out: each server numbers its own.
\pset format unaligned
\pset footer off
\echo '# clocks'
SELECT slm.table_name(c.tbl) AS tbl, c.ticket, c.kind, c.metric, c.cycle, c.agreement, c.target, c.counterparty,
       c.customer, c.service, c.priority, c.tier, c.category, c.goal, c.calendar, c.warn_at, c.started_at, c.pauses,
       c.paused_since, c.stopped_at, c.cancelled_at, c.goal_time, c.paused_time, c.time_used, c.warn_from, c.due_at,
       c.due_date, c.state, c.assignee
FROM slm.clocks c ORDER BY c.ticket::int, c.kind, c.metric, c.cycle, c.counterparty;
\echo '# states and business time used at' :'at'
SELECT c.ticket, c.kind, c.metric, c.cycle, slm.clock_state(c, :'at'), slm.clock_elapsed(c, :'at'),
       slm.clock_remaining(c, :'at')
FROM slm.clocks c ORDER BY c.ticket::int, c.kind, c.metric, c.cycle, c.counterparty;
\echo '# compliance by week'
SELECT * FROM slm.compliance_report('2026-03-01', '2026-04-30', 'week', :'at') ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
\echo '# compliance by month'
SELECT * FROM slm.compliance_report('2026-03-01', '2026-04-30', 'month', :'at') ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
\echo '# quality by month'
SELECT * FROM slm.quality_report('2026-03-01', '2026-04-30', 'month') ORDER BY 1, 2, 3;
