-- clock_paths: the tracking trigger applies every change by the clock
-- rules in C (src/clock_rules.c) and writes clocks directly, or by prepared
-- statements where it must.  One random history of tickets (every kind of
-- change: waits, replies, resolutions, reopenings, hand-offs, supplier
-- waits, priority and customer changes, deletes, new keys, keys used
-- again, for some seeds a truncate) is played on three tables: by the C
-- rules writing directly, by the C rules writing by statements
-- (slm.direct_writes off), and by the reference rules in PL/pgSQL
-- (test/clocks/reference.sql); their clocks are compared column for
-- column.
SET TimeZone = 'America/New_York';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
SET client_min_messages = warning;

-- the model and tables, and one history: 300 tickets, 2000 changes
\set seed 0.6
\set tickets 300
\set changes 2000
\set ECHO none
\i test/clocks/reference.sql
\set ECHO all
\i test/clocks/paths_model.sql
\i test/clocks/paths_history.sql

-- the C rules wrote both ways, tracked every change, and clocks of every
-- kind and state came of it
SELECT written_directly > 1000 AS direct, written_by_statements > 1000 AS by_statements, not_tracked
FROM slm.tracking_stats();
SELECT kind, state, count(*) FROM slm.clocks WHERE tbl = 'paths_c'::regclass GROUP BY 1, 2 ORDER BY 1, 2;
-- every metric has clocks, and later cycles where it has cycles
SELECT kind, metric, count(*), count(*) FILTER (WHERE cycle > 1) AS later_cycles
FROM slm.clocks WHERE tbl = 'paths_c'::regclass GROUP BY 1, 2 ORDER BY 1, 2;
-- clocks on a target for the ticket's category, and on the SLA a ticket named
SELECT count(*) FILTER (WHERE t.category IS NOT NULL) AS by_category,
       count(*) FILTER (WHERE c.named_agreement = 'paths gold') AS named,
       count(*) FILTER (WHERE a.name = 'paths gold') AS on_named,
       count(*) FILTER (WHERE c.named_agreement = 'no such sla' AND a.name = 'paths sla') AS named_unknown
FROM slm.clocks c JOIN slm.targets t ON t.id = c.target JOIN slm.agreements a ON a.id = c.agreement
WHERE c.tbl = 'paths_c'::regclass;
SELECT count(*) FILTER (WHERE pauses <> '{}') AS with_pauses, count(*) FILTER (WHERE cycle > 1) AS later_cycles,
       count(*) FILTER (WHERE time_used IS NOT NULL) AS stopped
FROM slm.clocks WHERE tbl = 'paths_c'::regclass;

-- no clock has a pause after its stop (a stop moved earlier, by a first
-- reply recorded late or a resolution time corrected, ends the pauses
-- there; before, 6 clocks of each table had one, moving their due times)
SELECT count(*) AS paused_past_stop FROM slm.clocks WHERE stopped_at IS NOT NULL AND upper(pauses) > stopped_at;
SELECT (SELECT count(*) FROM path_clocks WHERE tbl = 'paths_c') AS clocks,
       pg_temp.differ('paths_c', 'paths_sql') AS only_direct, pg_temp.differ('paths_sql', 'paths_c') AS only_sql,
       pg_temp.differ('paths_stmt', 'paths_sql') AS only_stmt, pg_temp.differ('paths_sql', 'paths_stmt') AS not_stmt;

-- a partitioned ticket table: the trigger fires on the partitions, and the
-- clocks belong to the table that was attached, written either way
-- (partitioned by its key, which a unique key of a partitioned table must include)
CREATE TABLE paths_parted (LIKE paths_c INCLUDING ALL) PARTITION BY RANGE (id);
CREATE TABLE paths_parted_early PARTITION OF paths_parted FOR VALUES FROM (MINVALUE) TO (120);
CREATE TABLE paths_parted_late PARTITION OF paths_parted FOR VALUES FROM (120) TO (MAXVALUE);
SELECT slm.attach('paths_parted', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  default_service => 'paths', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved', assignment_group => 'team',
                  supplier => 'vendor', assignee => 'agent', satisfaction => 'csat',
                  paused_statuses => '{waiting,on hold}', supplier_statuses => '{vendor}');
INSERT INTO paths_parted SELECT * FROM paths_c WHERE id <= 150;
SET slm.direct_writes = off;
INSERT INTO paths_parted SELECT * FROM paths_c WHERE id > 150;
RESET slm.direct_writes;
UPDATE paths_parted SET status = 'waiting', status_at = status_at + interval '1 hour'
WHERE status NOT IN ('waiting', 'on hold', 'vendor') AND resolved IS NULL;
SELECT (SELECT count(*) FROM paths_parted) AS tickets,
       (SELECT count(DISTINCT ticket) FROM slm.clocks WHERE tbl = 'paths_parted'::regclass) AS with_clocks,
       (SELECT count(*) FROM slm.clocks WHERE tbl = 'paths_parted'::regclass AND state = 'paused') AS paused,
       (SELECT count(*) FROM slm.clocks WHERE tbl::text LIKE 'paths_parted_%') AS on_partitions;

-- a partition moved to another tracked table is tracked as the table it
-- belongs to now: the trigger remembers what a relation is tracked as, and
-- forgets it when the relation is attached or detached
CREATE TABLE paths_parted2 (LIKE paths_c INCLUDING ALL) PARTITION BY RANGE (id);
SELECT slm.attach('paths_parted2', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  default_service => 'paths', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved',
                  paused_statuses => '{waiting,on hold}') IS NOT NULL AS attached;
INSERT INTO paths_parted VALUES (2001, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
ALTER TABLE paths_parted DETACH PARTITION paths_parted_late;
INSERT INTO paths_parted_late VALUES (2002, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
ALTER TABLE paths_parted2 ATTACH PARTITION paths_parted_late FOR VALUES FROM (120) TO (MAXVALUE);
INSERT INTO paths_parted_late VALUES (2003, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
UPDATE paths_parted2 SET status = 'waiting', status_at = '2026-03-23 10:00' WHERE id IN (2001, 2003);
SELECT tbl, ticket, count(*) AS clocks, count(*) FILTER (WHERE state = 'paused') AS paused
FROM slm.clocks WHERE ticket IN ('2001', '2002', '2003') GROUP BY 1, 2 ORDER BY 2, 1;
-- rows that leave a tracked table with their partition (dropped, detached
-- or truncated), or come with one attached, fire no row trigger.  Those
-- that leave have their tickets' clocks removed as deleted rows' are,
-- running ones cancelled (before, they ran on, due and breached in every
-- report, for tickets that were gone); those that come get theirs (before,
-- none until slm.rebuild).  Partitions created in or attached to the table
-- later, and those of a partition, are followed too; a drop rolled back
-- keeps its tickets' clocks.
CREATE TABLE leave_parted (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int) PARTITION BY RANGE (id);
CREATE TABLE leave_a PARTITION OF leave_parted FOR VALUES FROM (0) TO (100);
CREATE TABLE leave_b PARTITION OF leave_parted FOR VALUES FROM (100) TO (200);
SELECT slm.attach('leave_parted', key => 'id', opened_at => 'opened', priority => 'prio',
                  default_service => 'paths') IS NOT NULL AS attached;
CREATE TABLE leave_c PARTITION OF leave_parted FOR VALUES FROM (200) TO (300) PARTITION BY RANGE (id);
CREATE TABLE leave_c1 PARTITION OF leave_c FOR VALUES FROM (200) TO (300);
-- (the rows a table attached as a partition brings get their clocks then)
CREATE TABLE leave_d (LIKE leave_parted);
INSERT INTO leave_d VALUES (302, '2026-03-23 09:00', 2);
SET client_min_messages = notice;
ALTER TABLE leave_parted ATTACH PARTITION leave_d FOR VALUES FROM (300) TO (400);
SET client_min_messages = warning;
SELECT ticket, count(*) AS clocks, string_agg(DISTINCT state, ', ') AS states
FROM slm.clocks WHERE tbl = 'leave_parted'::regclass GROUP BY ticket ORDER BY ticket;
CREATE TABLE leave_e PARTITION OF leave_parted FOR VALUES FROM (400) TO (500);
SELECT tgrelid::regclass AS partition, tgenabled FROM pg_trigger
WHERE tgname = 'slm_track_partition_truncate' ORDER BY tgrelid::regclass::text;
INSERT INTO leave_parted SELECT g, '2026-03-23 09:00', 2 FROM unnest('{1, 2, 101, 201, 301, 401}'::int[]) g;
SET client_min_messages = notice;
DROP TABLE leave_a;
ALTER TABLE leave_parted DETACH PARTITION leave_b;
TRUNCATE leave_c;
TRUNCATE leave_d;
BEGIN;
DROP TABLE leave_e;
ROLLBACK;
SET client_min_messages = warning;
SELECT ticket, count(*) AS clocks, count(*) FILTER (WHERE removed_at IS NOT NULL) AS removed,
       string_agg(DISTINCT state, ', ') AS states
FROM slm.clocks WHERE tbl = 'leave_parted'::regclass GROUP BY ticket ORDER BY ticket;
-- a detached partition is not followed any more, and slm.detach takes the
-- triggers off the partitions
INSERT INTO leave_b VALUES (150, '2026-03-23 09:00', 2);
TRUNCATE leave_b;
SELECT slm.detach('leave_parted', drop_clocks => true);
SELECT count(*) AS triggers_left FROM pg_trigger
WHERE tgname LIKE 'slm%' AND tgrelid IN (SELECT relid FROM pg_partition_tree('leave_parted'));
DROP TABLE leave_parted, leave_b;

-- a partition of a tracked table is tracked with it, and a table with a
-- partition tracked by itself would track that partition twice: slm.attach
-- refuses both, with every problem in one error
SELECT slm.attach('paths_parted_early', key => 'id', opened_at => 'opened', priority => 'prio');
CREATE TABLE paths_parted3 (LIKE paths_c INCLUDING ALL) PARTITION BY RANGE (id);
CREATE TABLE paths_parted3_a (LIKE paths_c INCLUDING ALL);
SELECT slm.attach('paths_parted3_a', key => 'id', opened_at => 'opened', priority => 'prio') IS NOT NULL AS attached;
ALTER TABLE paths_parted3 ATTACH PARTITION paths_parted3_a FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
SELECT slm.attach('paths_parted3', key => 'id', opened_at => 'opened', priority => 'oops');
-- a tracked table attached as a partition of a tracked one: refused with
-- what to do (before, PostgreSQL's "trigger already exists"); done so, its
-- row gets its clocks under the parent
CREATE TABLE paths_parted4 (LIKE paths_c INCLUDING ALL) PARTITION BY RANGE (id);
SELECT slm.attach('paths_parted4', key => 'id', opened_at => 'opened', priority => 'prio',
                  default_service => 'paths') IS NOT NULL AS attached;
INSERT INTO paths_parted3_a (id, opened, prio, status) VALUES (501, '2026-03-23 09:00', 2, 'new');
ALTER TABLE paths_parted3 DETACH PARTITION paths_parted3_a;
ALTER TABLE paths_parted4 ATTACH PARTITION paths_parted3_a FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
SELECT slm.detach('paths_parted3_a');
SET client_min_messages = notice;
ALTER TABLE paths_parted4 ATTACH PARTITION paths_parted3_a FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
SET client_min_messages = warning;
SELECT tbl::regclass, ticket, metric, due_at FROM slm.clocks
WHERE ticket = '501' AND removed_at IS NULL ORDER BY 1, 3;
SELECT slm.detach('paths_parted4', drop_clocks => true);
DROP TABLE paths_parted3, paths_parted4;

-- a model change reaches the trigger at the next statement: a new target
-- for priority 4 applies to the next ticket
UPDATE slm.targets SET goal = interval '7 hours'
WHERE metric = 'response' AND priority = 4 AND agreement = (SELECT id FROM slm.agreements WHERE name = 'paths sla');
INSERT INTO paths_c VALUES (1001, '2026-03-23 09:00', 4, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT metric, goal, due_at FROM slm.clocks WHERE tbl = 'paths_c'::regclass AND ticket = '1001' ORDER BY metric;

-- a renamed mapped column keeps its role (slm.follow_renames), written
-- either way
ALTER TABLE paths_c RENAME COLUMN prio TO priority_level;
SET client_min_messages = notice;
INSERT INTO paths_c VALUES (1002, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SET slm.direct_writes = off;
INSERT INTO paths_c VALUES (1003, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
RESET slm.direct_writes;
SELECT ticket, metric, priority FROM slm.clocks WHERE tbl = 'paths_c'::regclass AND ticket IN ('1002', '1003')
ORDER BY ticket, metric;

DROP VIEW path_clocks CASCADE;
SELECT slm.detach(t, drop_clocks => true) FROM unnest('{paths_c,paths_sql,paths_stmt,paths_parted,paths_parted2}'::regclass[]) t;
DROP TABLE paths_c, paths_sql, paths_stmt, paths_parted, paths_parted2;
DELETE FROM slm.targets WHERE agreement IN (SELECT id FROM slm.agreements WHERE service IN ('paths', 'paths gold'));
DELETE FROM slm.agreements WHERE service IN ('paths', 'paths gold');
DELETE FROM slm.services WHERE name IN ('paths', 'paths gold');
DELETE FROM slm.customers WHERE name IN ('acme', 'globex', 'initech');
DELETE FROM slm.calendars WHERE name IN ('ny office', 'ny 24x7');
SET client_min_messages = warning;
DROP SCHEMA slm_reference CASCADE;
