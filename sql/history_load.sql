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
-- Ticket 2: the wait begins and ends at Tue 12:00, so no pause is left.
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

-- bad input: a history without the key, or not tracked
SELECT slm.load_history('desk', 'SELECT seq, status FROM desk_log', 'seq');
SELECT slm.load_history('desk_log', 'desk_log', 'seq');

SELECT slm.detach('desk', drop_clocks => true);
DROP TABLE desk, desk_log;
DELETE FROM slm.targets;
DELETE FROM slm.agreements;
DELETE FROM slm.services;
DELETE FROM slm.calendars;
