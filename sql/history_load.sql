-- history_load: slm.load_history computes a tracked table's clocks from a
-- history of snapshots (one row per change, the mapped columns as they were
-- after it), as live tracking would have computed them; values worked out
-- by hand.  Every instant is given explicitly.
--
-- The calendar: business hours mon-fri 09:00-18:00 UTC (install's
-- standard targets): priority 2 responds within 4 and resolves within 12
-- business hours.  2026-11-23 is a Monday.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
\set SHOW_CONTEXT never

-- how many clocks of two tables differ (each way), the table aside
CREATE FUNCTION pg_temp.clocks_differ(a regclass, b regclass) RETURNS bigint LANGUAGE sql AS $f$
    WITH x AS (SELECT c.tbl, c.ticket, c.kind, c.metric, c.cycle, c.counterparty, c.priority, c.goal, c.pauses,
                      c.started_at, c.stopped_at, c.due_at, c.time_used, c.state
               FROM slm.clocks c WHERE c.tbl IN (a, b))
    SELECT count(*) FROM ((SELECT ticket, kind, metric, cycle, counterparty, priority, goal, pauses, started_at,
                                  stopped_at, due_at, time_used, state FROM x WHERE tbl = a
                           EXCEPT ALL
                           SELECT ticket, kind, metric, cycle, counterparty, priority, goal, pauses, started_at,
                                  stopped_at, due_at, time_used, state FROM x WHERE tbl = b)
                          UNION ALL
                          (SELECT ticket, kind, metric, cycle, counterparty, priority, goal, pauses, started_at,
                                  stopped_at, due_at, time_used, state FROM x WHERE tbl = b
                           EXCEPT ALL
                           SELECT ticket, kind, metric, cycle, counterparty, priority, goal, pauses, started_at,
                                  stopped_at, due_at, time_used, state FROM x WHERE tbl = a)) d
$f$;

SELECT slm.install_standard_targets() > 0 AS targets;
CREATE TABLE desk (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, status text NOT NULL,
                   changed timestamptz NOT NULL, replied timestamptz, resolved timestamptz);
-- the tickets as they are now: ticket 1 resolved, ticket 2 open, ticket 3 new
INSERT INTO desk VALUES
    (1, '2026-11-23 09:00', 2, 'resolved', '2026-11-25 15:00', '2026-11-23 10:00', '2026-11-25 15:00'),
    (2, '2026-11-23 09:00', 2, 'open', '2026-11-24 12:00', '2026-11-23 09:30', NULL),
    (3, '2026-11-23 09:00', 2, 'new', '2026-11-23 09:00', NULL, NULL);
SELECT slm.attach('desk', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', responded_at => 'replied', resolved_at => 'resolved',
                  paused_statuses => '{waiting}');
-- what attach's rebuild can know from the rows alone: no pause, one cycle
SELECT ticket, metric, cycle, pauses, stopped_at, time_used FROM slm.clocks ORDER BY ticket, metric, cycle;

-- the history of tickets 1 and 2 (ticket 3 has none: its clocks stay)
CREATE TABLE desk_log (seq int, id int, opened timestamptz, prio int, status text, changed timestamptz,
                       replied timestamptz, resolved timestamptz);
INSERT INTO desk_log VALUES
    -- ticket 1: replied Mon 10:00; waiting on the customer Mon 11:00 to Tue 11:00;
    -- resolved Tue 15:00, reopened Wed 09:00, resolved again Wed 15:00
    (1, 1, '2026-11-23 09:00', 2, 'new', '2026-11-23 09:00', NULL, NULL),
    (2, 1, '2026-11-23 09:00', 2, 'open', '2026-11-23 10:00', '2026-11-23 10:00', NULL),
    (3, 1, '2026-11-23 09:00', 2, 'waiting', '2026-11-23 11:00', '2026-11-23 10:00', NULL),
    (4, 1, '2026-11-23 09:00', 2, 'open', '2026-11-24 11:00', '2026-11-23 10:00', NULL),
    (5, 1, '2026-11-23 09:00', 2, 'resolved', '2026-11-24 15:00', '2026-11-23 10:00', '2026-11-24 15:00'),
    (6, 1, '2026-11-23 09:00', 2, 'open', '2026-11-25 09:00', '2026-11-23 10:00', NULL),
    (7, 1, '2026-11-23 09:00', 2, 'resolved', '2026-11-25 15:00', '2026-11-23 10:00', '2026-11-25 15:00'),
    -- ticket 2: two changes at the same instant, in the log's order: waiting, then open again
    (8, 2, '2026-11-23 09:00', 2, 'new', '2026-11-23 09:00', NULL, NULL),
    (9, 2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:30', '2026-11-23 09:30', NULL),
    (10, 2, '2026-11-23 09:00', 2, 'waiting', '2026-11-24 12:00', '2026-11-23 09:30', NULL),
    (11, 2, '2026-11-23 09:00', 2, 'open', '2026-11-24 12:00', '2026-11-23 09:30', NULL);
-- Ticket 1, by hand:
--   response, 4 h: stopped Mon 10:00, 1 h used, met;
--   resolution cycle 1, 12 h: Mon 09:00-11:00 (2 h), paused to Tue 11:00,
--     Tue 11:00-15:00 (4 h): 6 h, met; due with 10 h left at Tue 11:00:
--     Tue 7 h, Wed 09:00 + 3 h = Wed 12:00;
--   resolution cycle 2, from Wed 09:00 to 15:00: 6 h, met, due Thu 12:00.
-- Ticket 2: the wait begins and ends at Tue 12:00, so no pause is left
-- (in the other order it would still be waiting).
SELECT slm.load_history('desk', 'SELECT * FROM desk_log', 'seq') AS loaded;
SELECT ticket, metric, cycle, pauses, stopped_at, due_at, time_used, state
FROM slm.clocks WHERE removed_at IS NULL ORDER BY ticket, metric, cycle;
-- a second load gives the same clocks
CREATE TEMP TABLE loaded AS SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
FROM slm.clocks;
SELECT slm.load_history('desk', 'desk_log', 'seq') AS loaded;
SELECT count(*) AS differ FROM ((SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
                                 FROM slm.clocks EXCEPT SELECT * FROM loaded)
                                UNION ALL (SELECT * FROM loaded EXCEPT SELECT ticket, kind, metric, cycle, pauses,
                                           stopped_at, due_at, time_used, state FROM slm.clocks)) d;
-- a rebuild (after a calendar change, say) keeps the history the rows do not hold
SELECT slm.rebuild('desk') AS rebuilt;
SELECT count(*) AS differ FROM ((SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
                                 FROM slm.clocks EXCEPT SELECT * FROM loaded)
                                UNION ALL (SELECT * FROM loaded EXCEPT SELECT ticket, kind, metric, cycle, pauses,
                                           stopped_at, due_at, time_used, state FROM slm.clocks)) d;

-- The same history as field changes: a row per changed field, the rows of
-- one change sharing its seq (as a Redmine journal's details do).  The
-- ticket as opened is its current row walked back by each field's first
-- old value; each change sets changed_at to its time.  It gives the same
-- clocks as the snapshots above, by hand and by comparison.
CREATE TABLE desk_audit (seq int, ticket int, at timestamptz, field text, old_value text, new_value text);
INSERT INTO desk_audit VALUES
    (2, 1, '2026-11-23 10:00', 'status', 'new', 'open'),
    (2, 1, '2026-11-23 10:00', 'replied', NULL, '2026-11-23 10:00+00'),
    (3, 1, '2026-11-23 11:00', 'status', 'open', 'waiting'),
    (4, 1, '2026-11-24 11:00', 'status', 'waiting', 'open'),
    (5, 1, '2026-11-24 15:00', 'status', 'open', 'resolved'),
    (5, 1, '2026-11-24 15:00', 'resolved', NULL, '2026-11-24 15:00+00'),
    (6, 1, '2026-11-25 09:00', 'status', 'resolved', 'open'),
    (6, 1, '2026-11-25 09:00', 'resolved', '2026-11-24 15:00+00', NULL),
    (7, 1, '2026-11-25 15:00', 'status', 'open', 'resolved'),
    (7, 1, '2026-11-25 15:00', 'resolved', NULL, '2026-11-25 15:00+00'),
    (9, 2, '2026-11-23 09:30', 'status', 'new', 'open'),
    (9, 2, '2026-11-23 09:30', 'replied', NULL, '2026-11-23 09:30+00'),
    -- two changes at one instant, in the log's order (seq 10, then 11)
    (10, 2, '2026-11-24 12:00', 'status', 'open', 'waiting'),
    (11, 2, '2026-11-24 12:00', 'status', 'waiting', 'open');
DELETE FROM slm.clocks WHERE tbl = 'desk'::regclass AND ticket IN ('1', '2');
SELECT slm.load_history('desk', 'desk_audit', 'seq',
                        fields => '{"status": "status", "replied": "responded_at", "resolved": "resolved_at"}') AS loaded;
SELECT ticket, metric, cycle, pauses, stopped_at, due_at, time_used, state
FROM slm.clocks WHERE removed_at IS NULL ORDER BY ticket, metric, cycle;
SELECT count(*) AS differ FROM ((SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
                                 FROM slm.clocks EXCEPT SELECT * FROM loaded)
                                UNION ALL (SELECT * FROM loaded EXCEPT SELECT ticket, kind, metric, cycle, pauses,
                                           stopped_at, due_at, time_used, state FROM slm.clocks)) d;
-- a history that does not record the reply: the current reply time holds
-- from its instant on (fields may name columns too)
SELECT slm.load_history('desk', 'SELECT * FROM desk_audit WHERE field <> ''replied''', 'seq',
                        fields => '{"status": "status", "resolved": "resolved"}') AS loaded;
SELECT count(*) AS differ FROM ((SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
                                 FROM slm.clocks EXCEPT SELECT * FROM loaded)
                                UNION ALL (SELECT * FROM loaded EXCEPT SELECT ticket, kind, metric, cycle, pauses,
                                           stopped_at, due_at, time_used, state FROM slm.clocks)) d;

-- Bad rows: an unknown ticket, a change before the ticket's opening, a
-- value its column cannot hold, a field that maps to nothing.  Refused
-- (the default): one error names them all, and nothing is written.
CREATE TEMP TABLE before_bad AS SELECT * FROM slm.clocks;
CREATE TABLE bad_audit (seq int, ticket int, at timestamptz, field text, old_value text, new_value text);
INSERT INTO bad_audit SELECT * FROM desk_audit;
INSERT INTO bad_audit VALUES
    (20, 99, '2026-11-23 10:00', 'status', 'new', 'open'),
    (21, 3, '2026-11-22 10:00', 'status', 'new', 'open'),
    (22, 3, '2026-11-23 12:00', 'prio', '2', 'high'),
    (23, 3, '2026-11-23 13:00', 'title', 'Printer', 'Printer on fire');
SELECT slm.load_history('desk', 'bad_audit', 'seq',
                        fields => '{"status": "status", "prio": "priority", "replied": "responded_at",
                                    "resolved": "resolved_at"}');
SELECT count(*) AS changed FROM ((SELECT * FROM slm.clocks EXCEPT SELECT * FROM before_bad)
                                 UNION ALL (SELECT * FROM before_bad EXCEPT SELECT * FROM slm.clocks)) d;
-- skipped: each is named in a WARNING, the rest is loaded
SELECT slm.load_history('desk', 'bad_audit', 'seq',
                        fields => '{"status": "status", "prio": "priority", "replied": "responded_at",
                                    "resolved": "resolved_at"}', bad_rows => 'skip') AS loaded;
SELECT count(*) AS differ FROM ((SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, time_used, state
                                 FROM slm.clocks EXCEPT SELECT * FROM loaded)
                                UNION ALL (SELECT * FROM loaded EXCEPT SELECT ticket, kind, metric, cycle, pauses,
                                           stopped_at, due_at, time_used, state FROM slm.clocks)) d;
-- a snapshot of a ticket the table does not have, refused
SELECT slm.load_history('desk', 'SELECT * FROM desk_log UNION ALL SELECT 12, 98, opened, prio, status, changed, replied, resolved FROM desk_log WHERE seq = 1', 'seq');

-- bad calls: fields that map to no column that can change, an unknown
-- bad_rows, a history of field changes without its columns
SELECT slm.load_history('desk', 'desk_audit', 'seq', fields => '{"status": "state", "id": "key", "when": "changed"}');
SELECT slm.load_history('desk', 'desk_audit', 'seq', fields => '{}');
SELECT slm.load_history('desk', 'desk_audit', 'seq', fields => '{"status": "status"}', bad_rows => 'ignore');
SELECT slm.load_history('desk', 'desk_log', 'seq', fields => '{"status": "status"}');

-- First responses kept in another table (the responses option) are
-- applied at their own times, as the trigger on that table applied them:
-- call 1, priority 2, opened Mon 09:00, answered 10:00 (a row of
-- call_replies), made priority 1 at 11:00.  By hand: the response clock
-- stopped at 10:00 under priority 2 (4 business hours), 1 h used, met;
-- the resolution clock takes priority 1's goal, 2 hours round the clock:
-- due 11:00.  Played live, then loaded into a copy of the final row.
CREATE TABLE calls (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, status text NOT NULL,
                    changed timestamptz NOT NULL);
CREATE TABLE call_replies (call_id int, at timestamptz);
CREATE TABLE calls_copy (LIKE calls INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed',
                  responses => '{"table": "call_replies", "ticket": "call_id",
                                 "query": "SELECT call_id, at FROM call_replies"}') IS NULL AS attached
FROM unnest('{calls,calls_copy}'::regclass[]) t;
INSERT INTO calls VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00');
INSERT INTO call_replies VALUES (1, '2026-11-23 10:00');
UPDATE calls SET prio = 1, changed = '2026-11-23 11:00';
INSERT INTO calls_copy SELECT * FROM calls;
CREATE TABLE call_audit (seq int, ticket int, at timestamptz, field text, old_value text, new_value text);
INSERT INTO call_audit VALUES (1, 1, '2026-11-23 11:00', 'priority', '2', '1');
SELECT slm.load_history('calls_copy', 'call_audit', 'seq', fields => '{"priority": "priority"}') AS loaded;
SELECT metric, priority, goal, started_at, stopped_at, time_used, due_at, state
FROM slm.clocks WHERE tbl = 'calls_copy'::regclass ORDER BY metric;
SELECT pg_temp.clocks_differ('calls', 'calls_copy') AS differ;
SELECT slm.detach(t, drop_clocks => true) FROM unnest('{calls,calls_copy}'::regclass[]) t;
DROP TABLE calls, calls_copy, call_replies, call_audit;

-- Teams kept in another table (the group_links option): a history of
-- field changes may carry them, a field mapped to group_links, its
-- old_value the team that leaves and its new_value the one that joins.
-- Job 1, priority 2, opened Mon 09:00, held by the desk, handed to the
-- network team at 11:00 (the desk's link deleted, then the network's
-- added), resolved 15:00.  By hand: the desk's hold 09:00-11:00, 2 h; the
-- network's 11:00-15:00, 4 h; both met (12 h).  Played live, then loaded
-- into a copy of the final row, which first took today's team (the
-- network) for the whole time.
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', t || ' team', 'default', t, a.id FROM slm.agreements a, unnest('{desk,network}'::text[]) t
WHERE a.name = 'standard';
SELECT sum(slm.install_standard_targets(t || ' team')) > 0 AS ola_targets FROM unnest('{desk,network}'::text[]) t;
CREATE TABLE jobs (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, status text NOT NULL,
                   changed timestamptz NOT NULL, resolved timestamptz);
CREATE TABLE job_teams (job_id int, team text);
CREATE TABLE jobs_copy (LIKE jobs INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', resolved_at => 'resolved',
                  group_links => '{"table": "job_teams", "ticket": "job_id",
                                   "query": "SELECT job_id, team FROM job_teams"}') IS NULL AS attached
FROM unnest('{jobs,jobs_copy}'::regclass[]) t;
INSERT INTO jobs VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL);
INSERT INTO job_teams VALUES (1, 'desk');
UPDATE jobs SET changed = '2026-11-23 11:00';
DELETE FROM job_teams WHERE job_id = 1 AND team = 'desk';
INSERT INTO job_teams VALUES (1, 'network');
UPDATE jobs SET status = 'resolved', resolved = '2026-11-23 15:00', changed = '2026-11-23 15:00';
INSERT INTO jobs_copy SELECT * FROM jobs;
SELECT counterparty, started_at, stopped_at FROM slm.clocks
WHERE tbl = 'jobs_copy'::regclass AND kind = 'OLA' ORDER BY started_at;
CREATE TABLE job_log (seq int, ticket int, at timestamptz, field text, old_value text, new_value text);
INSERT INTO job_log VALUES
    (1, 1, '2026-11-23 09:00', 'team', NULL, 'desk'),
    (2, 1, '2026-11-23 11:00', 'team', 'desk', NULL),
    (3, 1, '2026-11-23 11:00', 'team', NULL, 'network'),
    (4, 1, '2026-11-23 15:00', 'status', 'open', 'resolved'),
    (4, 1, '2026-11-23 15:00', 'resolved', NULL, '2026-11-23 15:00+00');
SELECT slm.load_history('jobs_copy', 'job_log', 'seq',
                        fields => '{"team": "group_links", "status": "status", "resolved": "resolved_at"}') AS loaded;
SELECT counterparty, cycle, started_at, stopped_at, time_used, state FROM slm.clocks
WHERE tbl = 'jobs_copy'::regclass AND kind = 'OLA' ORDER BY started_at;
SELECT pg_temp.clocks_differ('jobs', 'jobs_copy') AS differ;
-- a table without group_links has no teams to map
SELECT slm.load_history('desk', 'desk_audit', 'seq', fields => '{"status": "group_links"}');
SELECT slm.detach(t, drop_clocks => true) FROM unnest('{jobs,jobs_copy}'::regclass[]) t;
DROP TABLE jobs, jobs_copy, job_teams, job_log;

-- A partitioned ticket table: its current rows are read by a query (its
-- partitioned key index cannot be scanned itself).  Ticket 1, priority 2,
-- opened Mon 09:00, waiting 10:00-11:00: both clocks paused then.
CREATE TABLE parted (id int, opened timestamptz NOT NULL, prio int NOT NULL, status text NOT NULL,
                     changed timestamptz NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE parted_low PARTITION OF parted FOR VALUES FROM (0) TO (100);
SELECT slm.attach('parted', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', paused_statuses => '{waiting}') IS NULL AS attached;
INSERT INTO parted VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00');
CREATE TABLE parted_log (seq int, ticket int, at timestamptz, field text, old_value text, new_value text);
INSERT INTO parted_log VALUES (1, 1, '2026-11-23 10:00', 'status', 'open', 'waiting'),
                              (2, 1, '2026-11-23 11:00', 'status', 'waiting', 'open');
SELECT slm.load_history('parted', 'parted_log', 'seq', fields => '{"status": "status"}') AS loaded;
SELECT metric, pauses FROM slm.clocks WHERE tbl = 'parted'::regclass ORDER BY metric;
SELECT slm.detach('parted', drop_clocks => true);
DROP TABLE parted, parted_log;

-- A load stopped half-way leaves every clock as it was: here the status
-- look-up of ticket 1200's history is cancelled (as statement_timeout or
-- pg_cancel_backend would cancel it, without depending on a timer), after
-- the first 1199 tickets were played and written; the session goes on.
CREATE FUNCTION pg_temp.cancelled() RETURNS text LANGUAGE plpgsql AS $c$
BEGIN
    RAISE EXCEPTION 'canceling statement due to user request' USING ERRCODE = 'query_canceled';
END $c$;
CREATE TABLE bulk (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL, status text NOT NULL,
                   changed timestamptz NOT NULL, replied timestamptz);
SELECT slm.attach('bulk', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', responded_at => 'replied',
                  lookups => '{"status": "SELECT s, CASE WHEN s = ''slow'' THEN pg_temp.cancelled() ELSE s END FROM (VALUES (''open''), (''slow'')) v(s)"}') IS NULL AS attached;
INSERT INTO bulk SELECT g, '2026-11-23 09:00', 2, 'open', '2026-11-23 10:00', '2026-11-23 10:00'
FROM generate_series(1, 1500) g;
CREATE TEMP TABLE bulk_before AS SELECT * FROM slm.clocks WHERE tbl = 'bulk'::regclass;
-- the history replies at 09:30, not 10:00
CREATE TABLE bulk_log AS
SELECT g AS seq, g AS id, timestamptz '2026-11-23 09:00' AS opened, 2 AS prio,
       CASE WHEN g = 1200 THEN 'slow' ELSE 'open' END AS status,
       timestamptz '2026-11-23 09:30' AS changed, timestamptz '2026-11-23 09:30' AS replied
FROM generate_series(1, 1500) g;
SELECT slm.load_history('bulk', 'bulk_log', 'seq');
SELECT count(*) AS changed
FROM ((SELECT * FROM slm.clocks WHERE tbl = 'bulk'::regclass EXCEPT SELECT * FROM bulk_before)
      UNION ALL (SELECT * FROM bulk_before EXCEPT SELECT * FROM slm.clocks WHERE tbl = 'bulk'::regclass)) d;
-- loaded without the slow status, the replies move to 09:30
SELECT slm.load_history('bulk', 'SELECT * FROM bulk_log WHERE status = ''open''', 'seq') AS loaded;
SELECT count(*) AS replied_0930 FROM slm.clocks
WHERE tbl = 'bulk'::regclass AND metric = 'response' AND stopped_at = '2026-11-23 09:30';
SELECT slm.detach('bulk', drop_clocks => true);
DROP TABLE bulk, bulk_log;

-- bad input: a history without the key, or not tracked
SELECT slm.load_history('desk', 'SELECT seq, status FROM desk_log', 'seq');
SELECT slm.load_history('desk_log', 'desk_log', 'seq');

SELECT slm.detach('desk', drop_clocks => true);
DROP TABLE desk, desk_log, desk_audit, bad_audit;
DELETE FROM slm.targets;
DELETE FROM slm.agreements;
DELETE FROM slm.services;
DELETE FROM slm.calendars;
