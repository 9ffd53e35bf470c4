-- clock_rules: clocks on ordinary help desk lifecycles, each case against
-- values worked out by hand (comments give them).  Every instant is given
-- explicitly; nothing here depends on today's date.
--
-- The calendar: 'business hours', mon-fri 09:00-18:00 UTC.  2026-11-23 is
-- a Monday.  Priority 2 responds within 4 and resolves within 12 business
-- hours, warning at 75%: response due Mon 13:00 (at risk from 12:00),
-- resolution due Tue 12:00 (9 hours on Monday, 3 on Tuesday; at risk from
-- Mon 18:00, the closing time).
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
\set SHOW_CONTEXT never

SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'standard');
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins, valid)
SELECT 'OLA', 'desk team', 'default', 'desk', id, '[2026-01-01,)' FROM slm.agreements WHERE name = 'standard';
-- an OLA gets resolution targets only: it measures the team's hold
SELECT slm.install_standard_targets('desk team') AS ola_targets;

CREATE TABLE pt (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 replied timestamptz, resolved timestamptz, team text);
SELECT slm.attach('pt', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team', paused_statuses => '{waiting}');
CREATE VIEW pt_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.started_at, c.paused_since, c.stopped_at, c.due_at,
       c.time_used, c.state, c.cancelled_at, c.removed_at IS NOT NULL AS removed
FROM slm.clocks c WHERE c.tbl = 'pt'::regclass;

-- 1. Paused is not breached.  Ticket 1 (the issue's case): replied at 09:10,
-- waiting on the customer from 09:30, having used 30 minutes of 12 hours.
-- Its resolution clock is paused, not breached, a week later and in every
-- view.  Ticket 2 waited only from Wed 10:00, after both its clocks were
-- due: it is breached everywhere, paused or not.
INSERT INTO pt VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', '2026-11-23 09:10', NULL, NULL);
UPDATE pt SET status = 'waiting', status_at = '2026-11-23 09:30' WHERE id = 1;
INSERT INTO pt VALUES (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
UPDATE pt SET status = 'waiting', status_at = '2026-11-25 10:00' WHERE id = 2;
-- 1 response met (09:10 <= 13:00), 1 resolution paused; 2 both breached
SELECT c.ticket, c.metric, c.state AS stored, slm.clock_state(c, '2026-11-30 12:00') AS state_then,
       slm.clock_elapsed(c, '2026-11-30 12:00') AS elapsed_then
FROM slm.clocks c WHERE c.tbl = 'pt'::regclass ORDER BY c.ticket, c.metric;
-- the same state in sla_status and breaches, whenever they are read
SELECT ticket, metric, state FROM slm.sla_status WHERE ticket_table = 'public.pt' ORDER BY ticket, metric;
SELECT ticket, metric, state FROM slm.breaches WHERE ticket_table = 'public.pt' ORDER BY ticket, metric;
-- sla_status takes a stopped clock's stored state and time: what computing every row gives
SELECT count(*) AS differ FROM slm.sla_status s JOIN slm.clocks c ON c.id = s.clock
WHERE s.state IS DISTINCT FROM slm.clock_state(c, now()) OR s.elapsed IS DISTINCT FROM slm.clock_elapsed(c, now());
-- compliance then: ticket 1's resolution is running (paused), ticket 2's two are breached
SELECT metric, clocks_due, met, missed, breached, running
FROM slm.compliance_report('2026-11-01', '2026-11-30', 'month', '2026-11-30 12:00')
WHERE agreement = 'standard' ORDER BY metric;
-- escalation records what ticket 2 crossed before its pause: response at
-- risk Mon 12:00 and due 13:00, resolution at risk Mon 18:00 and due Tue
-- 12:00; nothing for ticket 1, paused at 09:30 before its warning
SELECT c.ticket, c.metric, e.event, e.crossed_at
FROM slm.escalate('2026-11-30 12:00') e JOIN slm.clocks c ON c.id = e.clock
WHERE c.tbl = 'pt'::regclass ORDER BY c.ticket, c.metric, e.crossed_at;
-- a state in the past counts only the pauses that had begun then: ticket 1
-- resumed Thu 09:00: the pause (Mon 8h30, Tue 9h, Wed 9h of business time)
-- moved its due time from Tue 12:00 by 26h30, to Fri 11:30.  At Mon 09:20
-- it ran, at Mon 12:00 it was paused, at Thu 10:00 it ran again.
UPDATE pt SET status = 'open', status_at = '2026-11-26 09:00' WHERE id = 1;
SELECT c.due_at, slm.clock_state(c, '2026-11-23 09:20') AS at_0920, slm.clock_state(c, '2026-11-23 12:00') AS at_1200,
       slm.clock_state(c, '2026-11-26 10:00') AS thu_1000
FROM slm.clocks c WHERE c.tbl = 'pt'::regclass AND c.ticket = '1' AND c.metric = 'resolution';
-- A calendar change moves the due times of running clocks, in every
-- tracked table (before, they kept the old ones until slm.rebuild, while
-- the time left was computed on the new calendar).  Friday 27 closed:
-- ticket 1's resolution, due Fri 11:30, is due Mon 30 11:30; its response,
-- met Mon 09:10, and ticket 2's breached clocks keep theirs.  Friday open
-- again, it is due Fri 11:30 again.
SELECT calendar AS hours_before FROM slm.calendars WHERE name = 'business hours' \gset
UPDATE slm.calendars SET calendar = calendar || '2026-11-27 closed' WHERE name = 'business hours';
SELECT c.ticket, c.metric, c.due_at, c.state FROM slm.clocks c WHERE c.tbl = 'pt'::regclass ORDER BY 1, 2;
UPDATE slm.calendars SET calendar = :'hours_before' WHERE name = 'business hours';
SELECT c.due_at FROM slm.clocks c WHERE c.tbl = 'pt'::regclass AND c.ticket = '1' AND c.metric = 'resolution';
-- So does a target change, at commit (before, running clocks kept the old
-- goal until slm.rebuild, while the time left was computed on the new
-- one).  Priority 2 resolves within 16 hours and responds within 5
-- minutes: ticket 1's resolution (30 minutes used before its pause, 15h30
-- left from Thu 09:00: Thu 9 hours, Fri 6h30) is due Fri 15:30; ticket 2's
-- running clocks, from Mon 09:00, are due Tue 16:00 and Mon 09:05.
-- Ticket 1's response, met in 10 minutes, stays met on its 4 hours:
-- stopped clocks keep their results (a rebuild would make it missed).
SELECT id AS standard FROM slm.agreements WHERE name = 'standard' \gset
BEGIN;
UPDATE slm.targets SET goal = '16 hours' WHERE agreement = :standard AND metric = 'resolution' AND priority = 2;
UPDATE slm.targets SET goal = '5 minutes' WHERE agreement = :standard AND metric = 'response' AND priority = 2;
-- until the commit, the clocks are as they were
SELECT c.due_at AS due_before_commit FROM slm.clocks c
WHERE c.tbl = 'pt'::regclass AND c.ticket = '1' AND c.metric = 'resolution';
COMMIT;
SELECT c.ticket, c.metric, c.goal, c.due_at, c.time_used, c.state FROM slm.clocks c
WHERE c.tbl = 'pt'::regclass ORDER BY 1, 2;
-- the goals back, in one statement: the due times are back
UPDATE slm.targets SET goal = CASE metric WHEN 'resolution' THEN interval '12 hours' ELSE interval '4 hours' END
WHERE agreement = :standard AND metric IN ('response', 'resolution') AND priority = 2;
SELECT c.ticket, c.metric, c.goal, c.due_at, c.state FROM slm.clocks c WHERE c.tbl = 'pt'::regclass ORDER BY 1, 2;

-- 2. A resolution stops every running clock, the response clock too.
-- Ticket 3, solved Mon 11:00 without a reply: response met in 2 hours.
-- Ticket 4, solved Tue 10:00 without a reply: response missed (due Mon
-- 13:00) after 10 business hours, resolution met (due Tue 12:00).
INSERT INTO pt VALUES (3, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
UPDATE pt SET status = 'solved', status_at = '2026-11-23 11:00', resolved = '2026-11-23 11:00' WHERE id = 3;
INSERT INTO pt VALUES (4, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
UPDATE pt SET status = 'solved', status_at = '2026-11-24 10:00', resolved = '2026-11-24 10:00' WHERE id = 4;
-- reopened Tue 11:00: the response stays as it stopped; a second resolution cycle runs
UPDATE pt SET status = 'open', status_at = '2026-11-24 11:00', resolved = NULL WHERE id = 4;
SELECT ticket, metric, cycle, started_at, stopped_at, time_used, state FROM pt_clocks
WHERE ticket IN ('3', '4') ORDER BY ticket, metric, cycle;
SELECT count(*) AS responses_in_breaches FROM slm.breaches WHERE ticket_table = 'public.pt' AND ticket IN ('3', '4') AND metric = 'response';

-- 3. A key used again is a new ticket.  Ticket 3 is deleted and a new
-- ticket 3 opened Thu 09:00: it gets fresh clocks (response due Thu
-- 13:00); the old ones keep their results, marked removed.
DELETE FROM pt WHERE id = 3;
INSERT INTO pt VALUES (3, '2026-11-26 09:00', 2, 'open', '2026-11-26 09:00', NULL, NULL, NULL);
SELECT metric, started_at, due_at, state, removed FROM pt_clocks WHERE ticket = '3' ORDER BY removed, metric;
-- TRUNCATE (also RESTART IDENTITY) cancels running clocks; the keys start over as new tickets
CREATE TABLE st (id serial PRIMARY KEY, opened timestamptz NOT NULL, prio int);
SELECT slm.attach('st', key => 'id', opened_at => 'opened', priority => 'prio');
INSERT INTO st (opened, prio) VALUES ('2026-11-23 09:00', 2), ('2026-11-23 10:00', 2);
TRUNCATE st RESTART IDENTITY;
INSERT INTO st (opened, prio) VALUES ('2026-11-26 09:00', 2);
SELECT ticket, metric, started_at, state, cancelled_at IS NOT NULL AS cancelled, removed_at IS NOT NULL AS removed
FROM slm.clocks WHERE tbl = 'st'::regclass ORDER BY removed_at IS NOT NULL, ticket, metric;
-- A ticket gone while it waits on the customer: the wait ends then and, as
-- any pause that ends, moves the due times.  Ticket 1 of gw waits from Mon
-- 10:00 and is marked spam (its cancel condition) at 14:00: its response
-- and resolution are cancelled then, each paused 4 business hours, so due
-- Mon 17:00 (13:00 + 4) and Tue 16:00 (12:00 + 4).  Ticket 2 waits from
-- 10:00 too and is deleted: its wait ends at the statement's time, and its
-- paused time is the business time of its pauses, which moves its due time.
CREATE TABLE gw (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz);
SELECT slm.attach('gw', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', paused_statuses => '{waiting}', cancel_when => '{"status": ["spam"]}');
INSERT INTO gw VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00'), (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00');
UPDATE gw SET status = 'waiting', status_at = '2026-11-23 10:00';
UPDATE gw SET status = 'spam', status_at = '2026-11-23 14:00' WHERE id = 1;
DELETE FROM gw WHERE id = 2;
SELECT metric, cancelled_at, pauses, paused_since, paused_time, due_at, due_date, state, removed_at IS NOT NULL AS removed
FROM slm.clocks WHERE tbl = 'gw'::regclass AND ticket = '1' ORDER BY metric;
SELECT metric, state, paused_since IS NULL AS wait_ended, cancelled_at = upper(pauses) AS ended_at_cancel,
       paused_time = (SELECT sum(slm.business_elapsed(lower(p), upper(p), calendar)) FROM unnest(pauses) p) AS paused_time_of_pauses,
       due_at = slm.business_add(slm.business_add(started_at, goal, calendar), paused_time, calendar) AS due_moved
FROM slm.clocks WHERE tbl = 'gw'::regclass AND ticket = '2' ORDER BY metric;
SELECT slm.detach('gw', drop_clocks => true);

-- 4. Every change is timed by the ticket's own data, so a history replayed
-- twice gives the same clocks.  A wait whose status_at was not moved is
-- timed by it (Mon 09:00); the hand-off at 12:00 by the status_at it
-- carries.  Response: 6 business hours to 15:00 less a 2-hour pause = 4
-- hours, due 13:00 + 2 = 15:00, met at its due time.  OLA desk: 1 hour.
CREATE TABLE r1 (LIKE pt INCLUDING ALL);
CREATE TABLE r2 (LIKE pt INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team', paused_statuses => '{waiting}')
FROM unnest('{r1,r2}'::regclass[]) t;
CREATE FUNCTION pg_temp.replay(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$INSERT INTO %s VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, 'desk')$q$, t);
    EXECUTE format($q$UPDATE %s SET status = 'waiting' WHERE id = 1$q$, t);
    EXECUTE format($q$UPDATE %s SET status = 'open', status_at = '2026-11-23 11:00' WHERE id = 1$q$, t);
    EXECUTE format($q$UPDATE %s SET team = 'network', status_at = '2026-11-23 12:00' WHERE id = 1$q$, t);
    EXECUTE format($q$UPDATE %s SET status = 'solved', status_at = '2026-11-23 15:00', resolved = '2026-11-23 15:00' WHERE id = 1$q$, t);
END $$;
SELECT pg_temp.replay('r1');
SELECT pg_sleep(0.01);
SELECT pg_temp.replay('r2');
SELECT kind, metric, started_at, pauses, stopped_at, due_at, time_used, state
FROM slm.clocks WHERE tbl = 'r1'::regclass ORDER BY kind, metric;
SELECT count(*) AS differ FROM (
    (SELECT kind, metric, cycle, started_at, pauses, stopped_at, due_at, time_used, state FROM slm.clocks WHERE tbl = 'r1'::regclass
     EXCEPT SELECT kind, metric, cycle, started_at, pauses, stopped_at, due_at, time_used, state FROM slm.clocks WHERE tbl = 'r2'::regclass)
    UNION ALL
    (SELECT kind, metric, cycle, started_at, pauses, stopped_at, due_at, time_used, state FROM slm.clocks WHERE tbl = 'r2'::regclass
     EXCEPT SELECT kind, metric, cycle, started_at, pauses, stopped_at, due_at, time_used, state FROM slm.clocks WHERE tbl = 'r1'::regclass)) d;

-- 5. Clocks follow the target that applies now: ticket 5 moved at Mon 10:00
-- to priority 9, which no target covers, has its running clocks cancelled
-- then, with a NOTICE naming it (never kept on the old 12-hour goal).
INSERT INTO pt VALUES (5, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
SET client_min_messages = notice;
UPDATE pt SET prio = 9, status_at = '2026-11-23 10:00' WHERE id = 5;
RESET client_min_messages;
SELECT metric, state, cancelled_at FROM pt_clocks WHERE ticket = '5' ORDER BY metric;
-- The priority was a mistake: set back to 2 at 11:00, ticket 5's clocks
-- run again from its opening (the hour on priority 9 counts, as any
-- priority change times the clocks from their start): response due Mon
-- 13:00, resolution Tue 12:00.  Ticket 6, replied at 10:30 while on
-- priority 9, gets its resolution back; its response, which the reply
-- would have stopped, stays cancelled.  Before, neither ticket had a
-- running clock again, even after slm.rebuild.
INSERT INTO pt VALUES (6, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
SET client_min_messages = warning;
UPDATE pt SET prio = 9, status_at = '2026-11-23 10:00' WHERE id = 6;
UPDATE pt SET replied = '2026-11-23 10:30' WHERE id = 6;
UPDATE pt SET prio = 2, status_at = '2026-11-23 11:00' WHERE id IN (5, 6);
RESET client_min_messages;
SELECT ticket, metric, state, started_at, cancelled_at, due_at FROM pt_clocks WHERE ticket IN ('5', '6')
ORDER BY ticket, metric;

-- 6. slm.rebuild re-derives what the rows say now.  Ticket 1 of rb waits on
-- the customer from Mon 10:00, but paused_statuses was misspelled: its
-- clocks run.  Attaching again with the right spelling (attach rebuilds)
-- pauses them from the status change.
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins, valid)
SELECT 'OLA', 'network team', 'default', 'network', id, '[2026-01-01,)' FROM slm.agreements WHERE name = 'standard';
SELECT slm.install_standard_targets('network team') AS ola_targets;
CREATE TABLE rb (LIKE pt INCLUDING ALL);
SELECT slm.attach('rb', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team', paused_statuses => '{wating}');
INSERT INTO rb VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, 'desk');
UPDATE rb SET status = 'waiting', status_at = '2026-11-23 10:00' WHERE id = 1;
SELECT kind, metric, counterparty, state, paused_since FROM slm.clocks WHERE tbl = 'rb'::regclass ORDER BY kind, metric;
SELECT slm.attach('rb', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team', paused_statuses => '{waiting}');
SELECT kind, metric, counterparty, state, paused_since FROM slm.clocks WHERE tbl = 'rb'::regclass ORDER BY kind, metric;
-- a hand-off to the network team at Tue 09:00 (ending the wait) made while
-- the triggers were off: rebuild resumes the SLA clocks then (a pause of 8
-- business hours, Mon 10:00-18:00), stops the desk's hold after 1 hour
-- and starts the network team's second OLA cycle
ALTER TABLE rb DISABLE TRIGGER USER;
UPDATE rb SET team = 'network', status = 'open', status_at = '2026-11-24 09:00' WHERE id = 1;
ALTER TABLE rb ENABLE TRIGGER USER;
SELECT slm.rebuild('rb') AS tickets_read;
SELECT kind, metric, cycle, counterparty, started_at, pauses, paused_since, stopped_at, time_used, state
FROM slm.clocks WHERE tbl = 'rb'::regclass ORDER BY kind, metric, cycle;

-- 7. The mapping survives schema changes: a renamed column keeps its role
-- (the next ticket gets its clocks); a dropped mapped column detaches the
-- table, also through DROP ... CASCADE; a dropped table leaves no clocks
-- behind under its oid.
ALTER TABLE r1 RENAME COLUMN prio TO priority_level;
SELECT priority FROM slm.tracked_tables WHERE tbl = 'r1'::regclass;
INSERT INTO r1 VALUES (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
SELECT metric, priority, due_at FROM slm.clocks WHERE tbl = 'r1'::regclass AND ticket = '2' ORDER BY metric;
-- A mapped column changes its type: slm's update trigger makes way, and the
-- table is attached again (before, PostgreSQL refused the command: "cannot
-- alter type of a column used in a trigger definition").  r2's clocks, with
-- the pause and the hand-off that only live tracking saw, stay as they
-- were, and the next change is tracked: reopened Tue 09:00, a second
-- resolution cycle.  A type slm cannot read (a text priority) fails the
-- command with slm.attach's error, and nothing changes.
CREATE TEMP TABLE r2_before AS SELECT * FROM slm.clocks WHERE tbl = 'r2'::regclass;
ALTER TABLE r2 ALTER COLUMN id TYPE bigint, ALTER COLUMN status TYPE varchar(40);
SELECT count(*) AS changed
FROM (SELECT * FROM slm.clocks WHERE tbl = 'r2'::regclass EXCEPT SELECT * FROM r2_before) c;
UPDATE r2 SET resolved = NULL, status = 'open', status_at = '2026-11-24 09:00' WHERE id = 1;
SELECT kind, metric, cycle, started_at, state FROM slm.clocks WHERE tbl = 'r2'::regclass ORDER BY 1, 2, 3;
ALTER TABLE r2 ALTER COLUMN prio TYPE text;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'r2'::regclass AND attname IN ('id', 'prio', 'status') ORDER BY attnum;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'r2'::regclass AND NOT tgisinternal ORDER BY 1;
CREATE VIEW r1_teams AS SELECT id, team FROM r1;
ALTER TABLE r1 DROP COLUMN team CASCADE;
SELECT count(*) AS r1_tracked FROM slm.tracked_tables WHERE tbl = 'r1'::regclass;
SELECT count(*) AS r1_triggers FROM pg_trigger WHERE tgrelid = 'r1'::regclass AND NOT tgisinternal;
SELECT count(*) AS r1_clocks_kept FROM slm.clocks WHERE tbl = 'r1'::regclass;
DROP TABLE r2;
SELECT count(*) AS orphans FROM slm.sla_status WHERE ticket_table ~ '^[0-9]+$';
SELECT count(*) AS tracked FROM slm.tracked_tables WHERE tbl::text ~ '^[0-9]+$';

-- 8. attach checks the whole mapping at once: the key must be unique and
-- not null, and every problem is listed in one error
CREATE TABLE loose (id int, opened text, prio int);
SELECT slm.attach('loose', key => 'id', opened_at => 'opened', priority => 'prio', status => 'nope');
-- a temporary table is refused: it goes with its session without an event
-- slm sees, and its mapping and running clocks would outlive it (before,
-- they stayed, breached in every report under the table's old oid)
CREATE TEMP TABLE passing (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int);
SELECT slm.attach('passing', key => 'id', opened_at => 'opened', priority => 'prio');
DROP TABLE passing;
CREATE TABLE keyed_by_index (id int NOT NULL, opened timestamptz, prio int);
CREATE UNIQUE INDEX ON keyed_by_index (id);
SELECT slm.attach('keyed_by_index', key => 'id', opened_at => 'opened', priority => 'prio');
-- and stays unique: with its unique index dropped since, two rows with one
-- key would share one set of clocks (before, they did, silently), so the
-- table's changes are not tracked, with a warning each, nor rebuilt, until
-- the index is back; a deferrable unique key is still tracked
DROP INDEX keyed_by_index_id_idx;
INSERT INTO keyed_by_index VALUES (1, '2026-11-23 09:00', 2), (1, '2026-11-24 09:00', 1);
SELECT count(*) AS clocks FROM slm.clocks WHERE tbl = 'keyed_by_index'::regclass;
SELECT slm.rebuild('keyed_by_index');
DELETE FROM keyed_by_index WHERE opened = '2026-11-24 09:00';
CREATE UNIQUE INDEX ON keyed_by_index (id);
SELECT slm.rebuild('keyed_by_index');
SELECT ticket, metric, priority, started_at FROM slm.clocks WHERE tbl = 'keyed_by_index'::regclass ORDER BY metric;
CREATE TABLE keyed_deferrable (id int NOT NULL UNIQUE DEFERRABLE, opened timestamptz, prio int);
SELECT slm.attach('keyed_deferrable', key => 'id', opened_at => 'opened', priority => 'prio') IS NOT NULL AS attached;
INSERT INTO keyed_deferrable VALUES (1, '2026-11-23 09:00', 2);
SELECT count(*) AS clocks FROM slm.clocks WHERE tbl = 'keyed_deferrable'::regclass;

-- 9. a target for a metric slm does not measure is refused
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT id, 'first_fix', 2, '1 hour' FROM slm.agreements WHERE name = 'standard';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT id, 'own', 2, '1 hour' FROM slm.agreements WHERE name = 'desk team';

-- 10. deleted tickets leave the quality report: pt's 1, 2, 4, 5, 6 and the
-- new 3, st's new 1, r1's 1 and 2, rb's 1 and the 1 of keyed_by_index and
-- keyed_deferrable are 12; the first ticket 3 and the truncated tickets of
-- st are not counted
SELECT tickets FROM slm.quality_report('2026-11-01', '2026-11-30', 'month');

-- 11. A row that slm cannot track is written all the same, with a WARNING
-- that names the ticket, and its clocks stay as they were: a priority
-- beyond integer, an impact and urgency the priority matrix lacks
CREATE TABLE wt (id bigint PRIMARY KEY, opened timestamptz NOT NULL, prio bigint);
SELECT slm.attach('wt', key => 'id', opened_at => 'opened', priority => 'prio');
INSERT INTO wt VALUES (1, '2026-11-23 09:00', 2), (2, '2026-11-23 09:00', 5000000000);
CREATE TABLE iu (id int PRIMARY KEY, opened timestamptz NOT NULL, impact int, urgency int);
SELECT slm.attach('iu', key => 'id', opened_at => 'opened', impact => 'impact', urgency => 'urgency');
INSERT INTO iu VALUES (1, '2026-11-23 09:00', 2, 2), (2, '2026-11-23 09:00', 7, 7);
SELECT c.tbl, c.ticket, c.metric, c.priority FROM slm.clocks c
WHERE c.tbl IN ('wt'::regclass, 'iu'::regclass) ORDER BY 1, 2, 3;
SELECT (SELECT count(*) FROM wt) AS wt_rows, (SELECT count(*) FROM iu) AS iu_rows;
-- a new key takes the ticket's clocks along; a key that still has live
-- clocks (its row deleted while tracking was off) is never taken over
UPDATE wt SET id = 10 WHERE id = 1;
INSERT INTO wt VALUES (20, '2026-11-23 10:00', 2);
ALTER TABLE wt DISABLE TRIGGER USER;
DELETE FROM wt WHERE id = 20;
ALTER TABLE wt ENABLE TRIGGER USER;
UPDATE wt SET id = 20 WHERE id = 10;
SELECT ticket, metric, started_at FROM slm.clocks WHERE tbl = 'wt'::regclass ORDER BY ticket, metric;
-- writes by statement (slm.clocks with a trigger of its own) run in a
-- subtransaction: a failing write leaves the row written and no clock of it
CREATE FUNCTION refuse_ticket_30() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ticket = '30' AND NEW.metric = 'resolution' THEN
        RAISE EXCEPTION 'no clocks for ticket 30';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER refuse BEFORE INSERT ON slm.clocks FOR EACH ROW EXECUTE FUNCTION refuse_ticket_30();
INSERT INTO wt VALUES (30, '2026-11-23 09:00', 2), (31, '2026-11-23 09:00', 2);
DROP TRIGGER refuse ON slm.clocks;
DROP FUNCTION refuse_ticket_30();
SELECT id, (SELECT count(*) FROM slm.clocks c WHERE c.tbl = 'wt'::regclass AND c.ticket = wt.id::text) AS clocks
FROM wt WHERE id >= 30 ORDER BY id;
SELECT written_by_statements AS by_statements, not_tracked FROM slm.tracking_stats();
-- so do the writes where slm.clocks carries constraints of its owner's
-- that may refuse a clock (a CHECK, a NOT NULL on a column clocks leave
-- null): ticket 34's clocks are refused, ticket 35's written, and both
-- rows are kept
ALTER TABLE slm.clocks ADD CONSTRAINT no_ticket_34 CHECK (ticket <> '34') NOT VALID;
INSERT INTO wt VALUES (34, '2026-11-23 09:00', 2), (35, '2026-11-23 09:00', 2);
ALTER TABLE slm.clocks DROP CONSTRAINT no_ticket_34;
SELECT id, (SELECT count(*) FROM slm.clocks c WHERE c.tbl = 'wt'::regclass AND c.ticket = wt.id::text) AS clocks
FROM wt WHERE id BETWEEN 34 AND 35 ORDER BY id;
SELECT written_by_statements AS by_statements, not_tracked FROM slm.tracking_stats();
-- columns of the owner's on slm.clocks get what any INSERT gives them:
-- their defaults (before, both ways wrote null, and a NOT NULL one refused
-- every clock), their generated values on insert and update (before, the
-- statement way refused every clock).  Ticket 36 is written by statements
-- (reviewed is NOT NULL, which its default might not fill), ticket 37
-- directly; both move to priority 3 (response due Wed 15:00: not late).
ALTER TABLE slm.clocks ADD COLUMN reviewed text NOT NULL DEFAULT 'no',
    ADD COLUMN region text DEFAULT 'EU',
    ADD COLUMN late boolean GENERATED ALWAYS AS (due_at < '2026-11-24') STORED;
SELECT written_directly AS direct_before, written_by_statements AS statements_before FROM slm.tracking_stats() \gset
INSERT INTO wt VALUES (36, '2026-11-23 09:00', 2);
ALTER TABLE slm.clocks ALTER COLUMN reviewed DROP NOT NULL;
INSERT INTO wt VALUES (37, '2026-11-23 09:00', 2);
SELECT ticket, metric, due_at, reviewed, region, late FROM slm.clocks
WHERE tbl = 'wt'::regclass AND ticket IN ('36', '37') ORDER BY ticket, metric;
UPDATE wt SET prio = 3 WHERE id IN (36, 37);
SELECT ticket, metric, due_at, reviewed, region, late FROM slm.clocks
WHERE tbl = 'wt'::regclass AND ticket IN ('36', '37') ORDER BY ticket, metric;
SELECT written_directly - :direct_before AS written_directly, written_by_statements - :statements_before AS by_statements,
       not_tracked
FROM slm.tracking_stats();
ALTER TABLE slm.clocks DROP COLUMN reviewed, DROP COLUMN region, DROP COLUMN late;
-- slm.clocks' indexes rebuilt while this session tracks tickets (REINDEX
-- CONCURRENTLY gives them new oids; before, every later row failed with
-- "could not open relation"): the next changes are written directly, as
-- before, and find the ticket's clocks by the new key index
SELECT written_directly AS direct_before FROM slm.tracking_stats() \gset
REINDEX TABLE CONCURRENTLY slm.clocks;
INSERT INTO wt VALUES (40, '2026-11-23 09:00', 2);
DELETE FROM wt WHERE id = 31;
SELECT ticket, metric, removed_at IS NOT NULL AS removed FROM slm.clocks
WHERE tbl = 'wt'::regclass AND ticket IN ('31', '40') ORDER BY ticket, metric;
SELECT written_directly - :direct_before AS written_directly, not_tracked FROM slm.tracking_stats();
-- a key too long for slm.clocks' key index (over 2000 bytes) leaves its
-- ticket untracked, with a warning that names the key by its beginning;
-- the row is written (before, the index refused it, and the user's row)
CREATE TABLE lk (id text PRIMARY KEY, opened timestamptz NOT NULL, prio int);
SELECT slm.attach('lk', key => 'id', opened_at => 'opened', priority => 'prio') IS NOT NULL AS attached;
INSERT INTO lk VALUES (repeat('k', 2000), '2026-11-23 09:00', 2), (repeat('l', 2001), '2026-11-23 09:00', 2);
SELECT left(id, 1) AS key, length(id),
       (SELECT count(*) FROM slm.clocks c WHERE c.tbl = 'lk'::regclass AND c.ticket = lk.id) AS clocks
FROM lk ORDER BY 1;

-- 12. A customer's tier is part of the model too: its running clocks take
-- the new tier's targets from their start; stopped ones keep theirs.  Priority 2 resolves within 4
-- hours for key customers (12 for the rest).  All opened Mon 09:00.
INSERT INTO slm.customers (name, tier) VALUES ('globex', 'standard'), ('initech', 'standard');
INSERT INTO slm.targets (agreement, metric, priority, tier, goal) VALUES (:standard, 'resolution', 2, 'key', '4 hours');
CREATE TABLE ct (id int PRIMARY KEY, opened timestamptz, prio int, cust text, resolved timestamptz);
SELECT slm.attach('ct', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  resolved_at => 'resolved') IS NOT NULL AS attached;
INSERT INTO ct VALUES (1, '2026-11-23 09:00', 2, 'globex', NULL), (2, '2026-11-23 09:00', 2, 'globex', '2026-11-23 15:00'),
                      (3, '2026-11-23 09:00', 2, 'initech', NULL), (4, '2026-11-23 09:00', 2, 'hooli', NULL);
CREATE VIEW ct_resolution AS
SELECT c.ticket, c.customer, c.tier, c.goal, c.due_at, c.time_used, c.state FROM slm.clocks c
WHERE c.tbl = 'ct'::regclass AND c.metric = 'resolution' ORDER BY c.ticket;
-- globex becomes a key customer: ticket 1 is due Mon 13:00; ticket 2,
-- resolved Mon 15:00 in 6 hours, stays met on 12 hours (due Tue 12:00);
-- initech's ticket 3 and ticket 4 of hooli (not a customer slm knows, so
-- standard) are due Tue 12:00
UPDATE slm.customers SET tier = 'key' WHERE name = 'globex';
SELECT * FROM ct_resolution;
-- hooli added as a key customer: ticket 4 due Mon 13:00; globex removed:
-- ticket 1 is standard again, due Tue 12:00
INSERT INTO slm.customers (name, tier) VALUES ('hooli', 'key');
DELETE FROM slm.customers WHERE name = 'globex';
SELECT * FROM ct_resolution;
DROP VIEW ct_resolution;

SELECT slm.detach(t, drop_clocks => true) FROM unnest('{pt,st,rb,keyed_by_index,keyed_deferrable,wt,iu,lk,ct}'::regclass[]) t;

-- 13. A corrected opening time (a phone call entered late, an import
-- fixed) moves the clocks that started at the opening; before, they kept
-- the first one, even through slm.rebuild.  Ticket 1, entered as opened
-- Mon 12:00 and replied 14:00 (response met in 2 hours), was opened at
-- 09:00: its response took 5 hours of 4, missed (due 13:00), and its
-- resolution is due Tue 12:00.  Ticket 2, opened Mon 09:00 and waiting
-- on the customer 10:00-12:00, was opened at 11:00: only 11:00-12:00 of
-- the pause is left; its response is due 16:00 and its resolution (6
-- hours on Monday, 6 on Tuesday) Tue 15:00.  Ticket 3's team held it from
-- its opening, Mon 12:00, corrected to 09:00: the team's hold starts then
-- too (due Tue 12:00).  Ticket 4, opened Mon 12:00, stood on priority 9
-- (no target: its clocks cancelled) when its opening was corrected to
-- 09:00; set back to priority 2, its response and resolution run again
-- from 09:00, due 13:00 and Tue 12:00 (before, from 12:00, due 16:00 and
-- Tue 15:00, which slm.rebuild then moved to 09:00).
CREATE TABLE ot (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 replied timestamptz, team text);
SELECT slm.attach('ot', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', assignment_group => 'team',
                  paused_statuses => '{waiting}') IS NOT NULL AS attached;
INSERT INTO ot VALUES (1, '2026-11-23 12:00', 2, 'open', '2026-11-23 12:00', '2026-11-23 14:00', NULL),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL),
                      (3, '2026-11-23 12:00', 2, 'open', '2026-11-23 12:00', NULL, 'desk'),
                      (4, '2026-11-23 12:00', 2, 'open', '2026-11-23 12:00', NULL, NULL);
UPDATE ot SET status = 'waiting', status_at = '2026-11-23 10:00' WHERE id = 2;
UPDATE ot SET status = 'open', status_at = '2026-11-23 12:00' WHERE id = 2;
SET client_min_messages = warning;
UPDATE ot SET prio = 9 WHERE id = 4;
RESET client_min_messages;
UPDATE ot SET opened = '2026-11-23 09:00' WHERE id IN (1, 3, 4);
UPDATE ot SET opened = '2026-11-23 11:00' WHERE id = 2;
UPDATE ot SET prio = 2 WHERE id = 4;
SELECT c.ticket, c.kind, c.metric, c.started_at, c.pauses, c.due_at, c.time_used, c.state FROM slm.clocks c
WHERE c.tbl = 'ot'::regclass ORDER BY 1, 2, 3;
SELECT slm.detach('ot', drop_clocks => true);
DROP TABLE ot;

-- 14. An agreement entered after the table is attached covers its open
-- backlog.  The desk tracks printing tickets before their SLA is signed;
-- it is entered in one transaction: priority 2 responds within 8 business
-- hours and resolves within 12.  At the commit the open tickets get the
-- clocks they would have had from their opening: ticket 1, opened Mon
-- 09:00, response due Mon 17:00 and resolution Tue 12:00 (9 hours on
-- Monday, 3 on Tuesday); ticket 2, opened Mon 10:00 and replied 11:00, its
-- response met (stopped at 11:00, 1 hour used; due 18:00) and resolution due Tue
-- 13:00.  Ticket 3, resolved Mon 12:00, gets none: a past compliance does
-- not change under a report (slm.rebuild gives it the clocks of its
-- past).  Before, the open tickets got theirs only from slm.rebuild or
-- their next change of priority, customer or service.  Then priority 3
-- gets a target for key accounts only (resolution within 6 hours), and
-- umbrella becomes one: at that commit its open P3 ticket 4, opened Mon
-- 09:00, is due Mon 15:00; acme's P3 ticket 5 (standard) stays without.
INSERT INTO slm.services (name, calendar) VALUES ('printing', 'business hours');
INSERT INTO slm.customers (name, tier) VALUES ('umbrella', 'standard');
CREATE TABLE bt (id int PRIMARY KEY, opened timestamptz, prio int, svc text, cust text, replied timestamptz,
                 resolved timestamptz);
SELECT slm.attach('bt', key => 'id', opened_at => 'opened', priority => 'prio', service => 'svc',
                  customer => 'cust', responded_at => 'replied', resolved_at => 'resolved') IS NOT NULL AS attached;
INSERT INTO bt VALUES (1, '2026-11-23 09:00', 2, 'printing', 'acme', NULL, NULL),
                      (2, '2026-11-23 10:00', 2, 'printing', 'acme', '2026-11-23 11:00', NULL),
                      (3, '2026-11-23 09:00', 2, 'printing', 'acme', '2026-11-23 10:00', '2026-11-23 12:00'),
                      (4, '2026-11-23 09:00', 3, 'printing', 'umbrella', NULL, NULL),
                      (5, '2026-11-23 09:00', 3, 'printing', 'acme', NULL, NULL);
SELECT count(*) AS clocks FROM slm.clocks WHERE tbl = 'bt'::regclass;
BEGIN;
INSERT INTO slm.agreements (name, kind, service) VALUES ('printing', 'SLA', 'printing');
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, g.metric, 2, g.goal FROM slm.agreements a
CROSS JOIN (VALUES ('response', interval '8 hours'), ('resolution', interval '12 hours')) g(metric, goal)
WHERE a.name = 'printing';
SELECT count(*) AS clocks_before_commit FROM slm.clocks WHERE tbl = 'bt'::regclass;
COMMIT;
SELECT c.ticket, c.metric, c.started_at, c.stopped_at, c.due_at, c.time_used, c.state FROM slm.clocks c
WHERE c.tbl = 'bt'::regclass ORDER BY 1, 2;
INSERT INTO slm.targets (agreement, metric, priority, tier, goal)
SELECT a.id, 'resolution', 3, 'key', interval '6 hours' FROM slm.agreements a WHERE a.name = 'printing';
SELECT count(*) AS clocks_of_4_and_5 FROM slm.clocks WHERE tbl = 'bt'::regclass AND ticket IN ('4', '5');
UPDATE slm.customers SET tier = 'key' WHERE name = 'umbrella';
SELECT c.ticket, c.metric, c.tier, c.started_at, c.due_at, c.state FROM slm.clocks c
WHERE c.tbl = 'bt'::regclass AND c.ticket IN ('4', '5') ORDER BY 1, 2;
SELECT slm.detach('bt', drop_clocks => true);
DROP TABLE bt;
DELETE FROM slm.agreements WHERE name = 'printing';
DELETE FROM slm.customers WHERE name = 'umbrella';

-- 15. A team's hold and a supplier's wait cancelled for want of a target
-- run again too, while the team still holds the ticket or it still waits
-- on the same supplier (before, they stayed cancelled for the rest of the
-- hold or wait, and slm.rebuild started a new cycle at the rebuild
-- instead).  The desk team's OLA and the carrier's UC resolve priority 2
-- within 12 business hours.  Ticket 1, held by desk, on priority 9 from
-- 10:00 to 12:00: its hold runs again from 09:00, due Tue 12:00.  Ticket
-- 2 moved to the net team (no OLA) while on priority 9: desk's hold stays
-- cancelled at 10:00.  Ticket 3 waits on telco from 10:00, on priority 9
-- from 11:00 to 12:00: the wait runs again from 10:00, due Tue 13:00.
-- Ticket 4's wait ended at 11:30 while on priority 9: it stays cancelled,
-- stopped at 11:30 (as ticket 2's hold, at its hand-off at 10:30).  A hold
-- or wait that ended while no target applied does not run again when the
-- team or supplier takes the ticket up again: ticket 5, held by desk, on
-- priority 9 at 10:00, handed to net at 11:00 and back to desk at 11:30:
-- desk's first hold stays cancelled, stopped at 11:00, and its second
-- starts at 12:00, due Tue 15:00 (6 hours on Monday, 6 on Tuesday).
-- Ticket 6 waits on telco from 10:00, on priority 9 from 11:00, the wait
-- ends at 11:30 and starts again at 11:45: the first wait stays cancelled,
-- stopped at 11:30, and the second starts at 12:00, due Tue 15:00.
-- Before, both first cycles ran again from their start (desk's from
-- 09:00, due Tue 12:00, counting net's half hour; telco's from 10:00, due
-- Tue 13:00).  slm.rebuild keeps all six as they are.
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins, valid)
SELECT 'UC', 'carrier', 'default', 'telco', id, '[2026-01-01,)' FROM slm.agreements WHERE name = 'standard';
SELECT slm.install_standard_targets('carrier') AS uc_targets;
CREATE TABLE ot (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 team text, vendor text);
SELECT slm.attach('ot', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', assignment_group => 'team', supplier => 'vendor',
                  supplier_statuses => '{vendor}') IS NOT NULL AS attached;
SET client_min_messages = warning;
INSERT INTO ot VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', 'desk', NULL),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', 'desk', NULL),
                      (3, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL),
                      (4, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL),
                      (5, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', 'desk', NULL),
                      (6, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL);
UPDATE ot SET status = 'vendor', vendor = 'telco', status_at = '2026-11-23 10:00' WHERE id IN (3, 4, 6);
UPDATE ot SET prio = 9, status_at = '2026-11-23 10:00' WHERE id IN (1, 2, 5);
UPDATE ot SET team = 'net', status_at = '2026-11-23 10:30' WHERE id = 2;
UPDATE ot SET prio = 9, status_at = '2026-11-23 11:00' WHERE id IN (3, 4, 6);
UPDATE ot SET team = 'net', status_at = '2026-11-23 11:00' WHERE id = 5;
UPDATE ot SET status = 'open', status_at = '2026-11-23 11:30' WHERE id IN (4, 6);
UPDATE ot SET team = 'desk', status_at = '2026-11-23 11:30' WHERE id = 5;
UPDATE ot SET status = 'vendor', status_at = '2026-11-23 11:45' WHERE id = 6;
UPDATE ot SET prio = 2, status_at = '2026-11-23 12:00' WHERE id IN (1, 2, 3, 4, 5, 6);
RESET client_min_messages;
CREATE VIEW ot_clocks AS
SELECT c.ticket, c.kind, c.cycle, c.counterparty, c.state, c.started_at, c.stopped_at, c.cancelled_at, c.due_at
FROM slm.clocks c WHERE c.tbl = 'ot'::regclass AND c.kind <> 'SLA' ORDER BY 1, 2, 3;
SELECT * FROM ot_clocks;
SELECT slm.rebuild('ot') AS rebuilt;
SELECT * FROM ot_clocks;
DROP VIEW ot_clocks;
SELECT slm.detach('ot', drop_clocks => true);
DROP TABLE ot;
DELETE FROM slm.agreements WHERE name = 'carrier';

-- 16. A reopening keeps the earlier cycle's result, even when no target
-- applies at the reopening.  The standard SLA and the desk team's OLA
-- resolve priority 2 within 12 business hours.  Ticket 1, opened Mon
-- 09:00 and held by desk, is resolved at 10:00 (every clock met: 1 hour of
-- 12), set to priority 9 (no target) at 11:00, reopened at 12:00 and set
-- back to priority 2 at 13:00: its first resolution cycles stay met at
-- 10:00, and the SLA's and desk's second cycles start at 13:00, due Tue
-- 16:00 (5 hours on Monday, 7 on Tuesday).  Before, the SLA's first cycle
-- ran again from 09:00 as if never resolved (its met result lost) and
-- desk's hold stayed stopped.  Ticket 2, resolved at 10:00, is reopened at
-- 14:00 with the triggers off: slm.rebuild reads the cleared resolution
-- as a reopening and starts the second cycles at 14:00, due Tue 17:00
-- (before, it ran the SLA's first cycle again from 09:00 there too).
-- Ticket 3, held by desk, is set to priority 9 at 10:00 (its clocks
-- cancelled), resolved at 11:00 without a reply and reopened at 12:00 while
-- on priority 9, and set back to priority 2 at 13:00.  Its cancelled
-- response, resolution and hold take the resolution as their stop (11:00)
-- and stay cancelled, without a time used; the SLA's and desk's second
-- resolution cycles start at 13:00, due Tue 16:00; no response clock
-- runs.  Before, all three first cycles ran again from 09:00 as if the
-- ticket had never been resolved, the response due at 13:00 and so
-- breached by 14:00.  slm.rebuild keeps ticket 3's clocks as they are.
CREATE TABLE rt (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 resolved timestamptz, team text);
SELECT slm.attach('rt', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', resolved_at => 'resolved',
                  assignment_group => 'team') IS NOT NULL AS attached;
SET client_min_messages = warning;
INSERT INTO rt VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, 'desk'),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, 'desk');
UPDATE rt SET resolved = '2026-11-23 10:00', status = 'resolved', status_at = '2026-11-23 10:00';
UPDATE rt SET prio = 9, status_at = '2026-11-23 11:00' WHERE id = 1;
UPDATE rt SET resolved = NULL, status = 'open', status_at = '2026-11-23 12:00' WHERE id = 1;
UPDATE rt SET prio = 2, status_at = '2026-11-23 13:00' WHERE id = 1;
INSERT INTO rt VALUES (3, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, 'desk');
UPDATE rt SET prio = 9, status_at = '2026-11-23 10:00' WHERE id = 3;
UPDATE rt SET resolved = '2026-11-23 11:00', status = 'resolved', status_at = '2026-11-23 11:00' WHERE id = 3;
UPDATE rt SET resolved = NULL, status = 'open', status_at = '2026-11-23 12:00' WHERE id = 3;
UPDATE rt SET prio = 2, status_at = '2026-11-23 13:00' WHERE id = 3;
ALTER TABLE rt DISABLE TRIGGER USER;
UPDATE rt SET resolved = NULL, status = 'open', status_at = '2026-11-23 14:00' WHERE id = 2;
ALTER TABLE rt ENABLE TRIGGER USER;
RESET client_min_messages;
CREATE VIEW rt_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.state, c.started_at, c.stopped_at, c.cancelled_at, c.due_at
FROM slm.clocks c WHERE c.tbl = 'rt'::regclass AND c.metric = 'resolution' ORDER BY 1, 2, 4;
SELECT * FROM rt_clocks WHERE ticket = '1';
SELECT c.kind, c.metric, c.cycle, c.state, c.started_at, c.stopped_at, c.cancelled_at, c.due_at, c.time_used,
       slm.clock_state(c, '2026-11-23 14:00') AS state_at_14
FROM slm.clocks c WHERE c.tbl = 'rt'::regclass AND c.ticket = '3' ORDER BY 1, 2, 3;
SELECT slm.rebuild('rt') AS rebuilt;
SELECT * FROM rt_clocks;
DROP VIEW rt_clocks;
SELECT slm.detach('rt', drop_clocks => true);
DROP TABLE rt;

-- 17. A stop once made stays, and a team given a resolved ticket held none
-- of its open time (both found by scripts/tests/timeline_differential.sh).
-- Ticket 1, opened Mon 09:00, is resolved at 11:00 without a reply: its
-- response is met in 2 hours (due 13:00).  Reopened at 15:00 and replied
-- to on Tue at 10:00, its response stays met at Mon 11:00; before, the
-- reply moved the stop to Tue 10:00, 10 business hours, and the response
-- that last week's report showed met turned missed.  Its second
-- resolution cycle runs from Mon 15:00, due Tue 18:00 (3 hours on Monday,
-- 9 on Tuesday).  Ticket 2, opened Mon 09:00 and replied to at 09:30, is
-- resolved on Tue at 17:00 (17 business hours: missed) and handed to desk
-- on Wed at 10:00, still resolved: desk gets no hold; before, it got one
-- from Mon 09:00 to the resolution, missed, a breach of desk's OLA for a
-- ticket it never held open.  Reopened on Wed at 11:00, desk's first hold
-- starts then with the SLA's second cycle, both due Thu 14:00 (7 hours on
-- Wednesday, 5 on Thursday).  slm.rebuild keeps them all.
CREATE TABLE kt (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 replied timestamptz, resolved timestamptz, team text);
SELECT slm.attach('kt', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team') IS NOT NULL AS attached;
INSERT INTO kt VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', '2026-11-23 09:30', NULL, NULL);
UPDATE kt SET resolved = '2026-11-23 11:00', status = 'resolved', status_at = '2026-11-23 11:00' WHERE id = 1;
UPDATE kt SET resolved = NULL, status = 'open', status_at = '2026-11-23 15:00' WHERE id = 1;
UPDATE kt SET replied = '2026-11-24 10:00' WHERE id = 1;
UPDATE kt SET resolved = '2026-11-24 17:00', status = 'resolved', status_at = '2026-11-24 17:00' WHERE id = 2;
UPDATE kt SET team = 'desk', status_at = '2026-11-25 10:00' WHERE id = 2;
UPDATE kt SET resolved = NULL, status = 'open', status_at = '2026-11-25 11:00' WHERE id = 2;
CREATE VIEW kt_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.counterparty, c.state, c.started_at, c.stopped_at, c.time_used,
       c.due_at
FROM slm.clocks c WHERE c.tbl = 'kt'::regclass ORDER BY 1, 2, 3, 4;
SELECT * FROM kt_clocks;
SELECT slm.rebuild('kt') AS rebuilt;
SELECT * FROM kt_clocks;
DROP VIEW kt_clocks;
SELECT slm.detach('kt', drop_clocks => true);
DROP TABLE kt;

-- 18. While no target applies (a priority picked by mistake and set back),
-- the clocks that may run again go on measuring what the ticket does
-- (found by scripts/tests/timeline_differential.sh once its lifecycles had
-- tickets without a priority).  Ticket 1, opened Mon 09:00, waits on the
-- customer from 10:00, is set to priority 9 at 11:00 (its clocks
-- cancelled), back to 2 at 14:00, still waiting, and the customer answers
-- at 15:00: the pause runs 10:00-15:00, so the response is due at 18:00
-- (1 hour before the pause, 3 after) and the resolution Tue 17:00 (Tue
-- 12:00 and 5 hours); before, the 3 waiting hours while cancelled counted
-- as work: due 15:00 (breached as the customer answered) and Tue 14:00.
-- Ticket 2, replied to at 09:30 and resolved at 11:00 (2 hours: met), is set
-- to priority 9 at 12:00, reopened at 13:00 (no cycle starts: no target)
-- and resolved again on Tue at 15:00: its first cycle stays met at Mon
-- 11:00; before, the second resolution moved its stop there, 15 business
-- hours, missed.  Ticket 3 is set to priority 9 at 10:00, handed to desk at
-- 11:00 and set back to 2 at 13:00: desk's hold starts at 13:00, when a
-- target applies, due Tue 16:00 (5 hours on Monday, 7 on Tuesday); before,
-- it ran from the opening, Mon 09:00, due Tue 12:00.  The same for a wait
-- on a supplier where the table times changes by changed_at alone:
-- ticket 1 of nu, set to priority 9 at 10:00, waits on telco from 11:00 and
-- is set back to 2 at 13:00: the carrier's UC clock starts at 13:00, due
-- Tue 16:00 (before: from the opening, due Tue 12:00).  And no clock runs
-- while the ticket is resolved: ticket 1 of nr, replied to at 09:30 and
-- resolved at 10:00, gets a customer message at 11:00 and is reopened at
-- 14:00: its next reply (1 hour) runs from 14:00, due 15:00, and the reply
-- at 14:30 meets it; before, it ran from 11:00, due 12:00, missed.
-- Ticket 2 of nr is the same but for the agents' reply to the message at
-- 11:30, while it is resolved: nothing waits for a reply when it is
-- reopened, and no next reply runs (before, one ran from 14:00 until the
-- next reply, and breached at 15:00).  Ticket 3 comes in one row with its
-- message at 11:00 and its reply at 11:45, as a table synced from another
-- system may: its cycle is over at once (45 minutes, met).  Ticket 4 gets
-- its message at 11:00 and the reply at 11:30 while on priority 9 (no
-- target for the next reply), and is set back to 2 at 12:00: no next
-- reply (before, one from 11:00 to 11:30, counted where no target
-- applied).  So a message that came while no target applied waits from
-- the change that makes one apply, as every cycle does: ticket 5's, at
-- 11:00 on priority 9, set back to 2 at 12:00 and replied to at 12:45, met
-- in 45 minutes (before: from 11:00, missed in 1 hour 45); and a
-- resolution answers it: ticket 6's, resolved at 12:00, set back to 2 at
-- 12:30 and reopened at 14:00, runs no next reply (before: one from 11:00
-- to the resolution, counted while no target applied).  A cycle once
-- cancelled runs no more, and the next message begins another: ticket 7's
-- message at 11:00 starts a cycle due 12:00; a second message at 11:30
-- waits in it; priority 9 at 12:30 cancels it, and priority 2 again at
-- 13:00 starts none (before: one from 13:00 for the message of 11:30,
-- due 14:00); a third message at 14:00 starts cycle 2, met by the reply
-- at 14:20 (before: cycle 2 ran from 13:00 and was missed).
-- slm.rebuild keeps them all, and makes no cycle of the answered messages
-- of tickets 2, 4, 6 and 7.
CREATE TABLE nt (id int PRIMARY KEY, opened timestamptz, prio int, status text, status_at timestamptz,
                 replied timestamptz, resolved timestamptz, team text);
SELECT slm.attach('nt', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'resolved',
                  assignment_group => 'team', paused_statuses => '{waiting}') IS NOT NULL AS attached;
SET client_min_messages = warning;
INSERT INTO nt VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', '2026-11-23 09:30', NULL, NULL),
                      (3, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL);
UPDATE nt SET status = 'waiting', status_at = '2026-11-23 10:00' WHERE id = 1;
UPDATE nt SET prio = 9, status_at = '2026-11-23 11:00' WHERE id = 1;
UPDATE nt SET prio = 2, status_at = '2026-11-23 14:00' WHERE id = 1;
UPDATE nt SET status = 'open', status_at = '2026-11-23 15:00' WHERE id = 1;
UPDATE nt SET resolved = '2026-11-23 11:00', status = 'resolved', status_at = '2026-11-23 11:00' WHERE id = 2;
UPDATE nt SET prio = 9, status_at = '2026-11-23 12:00' WHERE id = 2;
UPDATE nt SET resolved = NULL, status = 'open', status_at = '2026-11-23 13:00' WHERE id = 2;
UPDATE nt SET resolved = '2026-11-24 15:00', status = 'resolved', status_at = '2026-11-24 15:00' WHERE id = 2;
UPDATE nt SET prio = 9, status_at = '2026-11-23 10:00' WHERE id = 3;
UPDATE nt SET team = 'desk', status_at = '2026-11-23 11:00' WHERE id = 3;
UPDATE nt SET prio = 2, status_at = '2026-11-23 13:00' WHERE id = 3;
RESET client_min_messages;
CREATE VIEW nt_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.state, c.started_at, c.pauses, c.stopped_at, c.time_used, c.due_at
FROM slm.clocks c WHERE c.tbl = 'nt'::regclass ORDER BY 1, 2, 3, 4;
SELECT * FROM nt_clocks;
SELECT slm.rebuild('nt') AS rebuilt;
SELECT * FROM nt_clocks;
DROP VIEW nt_clocks;
SELECT slm.detach('nt', drop_clocks => true);
DROP TABLE nt;
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins, valid)
SELECT 'UC', 'carrier', 'default', 'telco', id, '[2026-01-01,)' FROM slm.agreements WHERE name = 'standard';
SELECT slm.install_standard_targets('carrier') AS uc_targets;
CREATE TABLE nu (id int PRIMARY KEY, opened timestamptz, prio int, status text, changed timestamptz, vendor text);
SELECT slm.attach('nu', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', supplier => 'vendor', supplier_statuses => '{vendor}') IS NOT NULL AS attached;
SET client_min_messages = warning;
INSERT INTO nu VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL);
UPDATE nu SET prio = 9, changed = '2026-11-23 10:00' WHERE id = 1;
UPDATE nu SET status = 'vendor', vendor = 'telco', changed = '2026-11-23 11:00' WHERE id = 1;
UPDATE nu SET prio = 2, changed = '2026-11-23 13:00' WHERE id = 1;
RESET client_min_messages;
CREATE VIEW nu_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.state, c.started_at, c.cancelled_at, c.due_at
FROM slm.clocks c WHERE c.tbl = 'nu'::regclass ORDER BY 1, 2, 3, 4;
SELECT * FROM nu_clocks;
SELECT slm.rebuild('nu') AS rebuilt;
SELECT * FROM nu_clocks;
DROP VIEW nu_clocks;
SELECT slm.detach('nu', drop_clocks => true);
DROP TABLE nu;
DELETE FROM slm.agreements WHERE name = 'carrier';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT id, 'next_reply', 2, '1 hour' FROM slm.agreements WHERE name = 'standard';
CREATE TABLE nr (id int PRIMARY KEY, opened timestamptz, prio int, changed timestamptz, first_reply timestamptz,
                 resolved timestamptz, wrote timestamptz, replied timestamptz);
SELECT slm.attach('nr', key => 'id', opened_at => 'opened', priority => 'prio', changed_at => 'changed',
                  responded_at => 'first_reply', resolved_at => 'resolved', customer_message_at => 'wrote',
                  agent_reply_at => 'replied') IS NOT NULL AS attached;
INSERT INTO nr VALUES (1, '2026-11-23 09:00', 2, '2026-11-23 09:00', NULL, NULL, NULL, NULL),
                      (2, '2026-11-23 09:00', 2, '2026-11-23 09:00', NULL, NULL, NULL, NULL);
UPDATE nr SET first_reply = '2026-11-23 09:30', replied = '2026-11-23 09:30', changed = '2026-11-23 09:30';
UPDATE nr SET resolved = '2026-11-23 10:00', changed = '2026-11-23 10:00';
UPDATE nr SET wrote = '2026-11-23 11:00', changed = '2026-11-23 11:00';
UPDATE nr SET replied = '2026-11-23 11:30', changed = '2026-11-23 11:30' WHERE id = 2;
UPDATE nr SET resolved = NULL, changed = '2026-11-23 14:00';
UPDATE nr SET replied = '2026-11-23 14:30', changed = '2026-11-23 14:30' WHERE id = 1;
INSERT INTO nr VALUES (3, '2026-11-23 09:00', 2, '2026-11-23 12:00', '2026-11-23 09:30', NULL,
                       '2026-11-23 11:00', '2026-11-23 11:45'),
                      (4, '2026-11-23 09:00', 2, '2026-11-23 09:30', '2026-11-23 09:30', NULL, NULL,
                       '2026-11-23 09:30');
SET client_min_messages = warning;
UPDATE nr SET prio = 9, changed = '2026-11-23 10:30' WHERE id = 4;
UPDATE nr SET wrote = '2026-11-23 11:00', changed = '2026-11-23 11:00' WHERE id = 4;
UPDATE nr SET replied = '2026-11-23 11:30', changed = '2026-11-23 11:30' WHERE id = 4;
UPDATE nr SET prio = 2, changed = '2026-11-23 12:00' WHERE id = 4;
INSERT INTO nr VALUES (5, '2026-11-23 09:00', 2, '2026-11-23 09:30', '2026-11-23 09:30', NULL, NULL,
                       '2026-11-23 09:30'),
                      (6, '2026-11-23 09:00', 2, '2026-11-23 09:30', '2026-11-23 09:30', NULL, NULL,
                       '2026-11-23 09:30');
UPDATE nr SET prio = 9, changed = '2026-11-23 10:30' WHERE id IN (5, 6);
UPDATE nr SET wrote = '2026-11-23 11:00', changed = '2026-11-23 11:00' WHERE id IN (5, 6);
UPDATE nr SET prio = 2, changed = '2026-11-23 12:00' WHERE id = 5;
UPDATE nr SET replied = '2026-11-23 12:45', changed = '2026-11-23 12:45' WHERE id = 5;
UPDATE nr SET resolved = '2026-11-23 12:00', changed = '2026-11-23 12:00' WHERE id = 6;
UPDATE nr SET prio = 2, changed = '2026-11-23 12:30' WHERE id = 6;
UPDATE nr SET resolved = NULL, changed = '2026-11-23 14:00' WHERE id = 6;
INSERT INTO nr VALUES (7, '2026-11-23 09:00', 2, '2026-11-23 09:30', '2026-11-23 09:30', NULL, NULL,
                       '2026-11-23 09:30');
UPDATE nr SET wrote = '2026-11-23 11:00', changed = '2026-11-23 11:00' WHERE id = 7;
UPDATE nr SET wrote = '2026-11-23 11:30', changed = '2026-11-23 11:30' WHERE id = 7;
UPDATE nr SET prio = 9, changed = '2026-11-23 12:30' WHERE id = 7;
UPDATE nr SET prio = 2, changed = '2026-11-23 13:00' WHERE id = 7;
UPDATE nr SET wrote = '2026-11-23 14:00', changed = '2026-11-23 14:00' WHERE id = 7;
UPDATE nr SET replied = '2026-11-23 14:20', changed = '2026-11-23 14:20' WHERE id = 7;
RESET client_min_messages;
CREATE VIEW nr_clocks AS
SELECT c.ticket, c.metric, c.cycle, c.state, c.started_at, c.stopped_at, c.time_used, c.due_at
FROM slm.clocks c WHERE c.tbl = 'nr'::regclass AND c.metric = 'next_reply' ORDER BY 1, 2, 3;
SELECT * FROM nr_clocks;
SELECT slm.rebuild('nr') AS rebuilt;
SELECT * FROM nr_clocks;
DROP VIEW nr_clocks;
SELECT slm.detach('nr', drop_clocks => true);
DROP TABLE nr;
-- A table that tells the resolution by its status alone (resolved_statuses,
-- as Znuny and Redmine do) has no time of it in the row, and an edit of the
-- solved ticket moves its changed_at: the resolution a reopening undoes is
-- the one the clocks recorded.  Ticket 1 of ns, first reply 09:30, solved
-- at 10:00; the customer writes at 11:00, an agent edits the ticket at
-- 12:00, and it is reopened at 14:00: the message came after the
-- resolution, so its next reply runs from 14:00, due 15:00, met by the
-- reply at 14:30 (before: the edit's 12:00 was taken for the resolution,
-- which then answered the message, and no next reply ran).  Ticket 2 is the
-- same but that its priority was 9 from 09:45 to 13:00: its resolution
-- cycle, cancelled, took the solve's 10:00 as its stop, which tells it as
-- well.
CREATE TABLE ns (id int PRIMARY KEY, opened timestamptz, prio int, status text, changed timestamptz,
                 first_reply timestamptz, wrote timestamptz, replied timestamptz, note text);
SELECT slm.attach('ns', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status', changed_at => 'changed',
                  responded_at => 'first_reply', customer_message_at => 'wrote', agent_reply_at => 'replied',
                  resolved_statuses => '{solved}') IS NOT NULL AS attached;
SET client_min_messages = warning;
INSERT INTO ns VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL, NULL),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL, NULL, NULL);
UPDATE ns SET first_reply = '2026-11-23 09:30', replied = '2026-11-23 09:30', changed = '2026-11-23 09:30';
UPDATE ns SET prio = 9, changed = '2026-11-23 09:45' WHERE id = 2;
UPDATE ns SET status = 'solved', changed = '2026-11-23 10:00';
UPDATE ns SET wrote = '2026-11-23 11:00', changed = '2026-11-23 11:00';
UPDATE ns SET note = 'asked the vendor', changed = '2026-11-23 12:00';
UPDATE ns SET prio = 2, changed = '2026-11-23 13:00' WHERE id = 2;
UPDATE ns SET status = 'open', changed = '2026-11-23 14:00';
UPDATE ns SET replied = '2026-11-23 14:30', changed = '2026-11-23 14:30';
RESET client_min_messages;
SELECT c.ticket, c.metric, c.cycle, c.state, c.started_at, c.stopped_at, c.cancelled_at, c.time_used, c.due_at
FROM slm.clocks c WHERE c.tbl = 'ns'::regclass AND c.metric IN ('next_reply', 'resolution') ORDER BY 1, 2, 3;
SELECT slm.detach('ns', drop_clocks => true);
DROP TABLE ns;
DELETE FROM slm.targets WHERE metric = 'next_reply';

-- 19. A resolution time set earlier while the ticket stays resolved is a
-- correction: every clock the resolution stopped stops at the corrected
-- time.  Ticket 1, with the desk from Mon 09:00, resolved at 15:00 and
-- corrected to 12:30: the desk's hold stops at 12:30 too, 3.5 hours (before,
-- only the SLA's clocks moved, and the hold stayed 6 hours).  Set later
-- (ticket 2, 15:00 to 17:00), it may be a reopening and a new resolution the
-- table did not show: only the SLA's latest resolution cycle moves.  A
-- stop moved earlier ends the pauses there: ticket 3, waiting 10:00 to
-- 14:00, resolved at 15:00 and corrected to 12:00, has its resolution and
-- response paused 10:00 to 12:00, due 2 hours after their goals (before,
-- the pause ran on to 14:00, past the stop, and moved them 4 hours).
CREATE TABLE cr (id int PRIMARY KEY, opened timestamptz, prio int, status text, changed timestamptz,
                 resolved timestamptz, team text);
SELECT slm.attach('cr', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', resolved_at => 'resolved', assignment_group => 'team',
                  paused_statuses => '{waiting}') IS NOT NULL AS attached;
INSERT INTO cr VALUES (1, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, 'desk'),
                      (2, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, 'desk'),
                      (3, '2026-11-23 09:00', 2, 'open', '2026-11-23 09:00', NULL, NULL);
UPDATE cr SET status = 'waiting', changed = '2026-11-23 10:00' WHERE id = 3;
UPDATE cr SET status = 'open', changed = '2026-11-23 14:00' WHERE id = 3;
UPDATE cr SET resolved = '2026-11-23 15:00', status = 'resolved', changed = '2026-11-23 15:00';
UPDATE cr SET resolved = '2026-11-23 12:30', changed = '2026-11-23 15:05' WHERE id = 1;
UPDATE cr SET resolved = '2026-11-23 17:00', changed = '2026-11-23 15:05' WHERE id = 2;
UPDATE cr SET resolved = '2026-11-23 12:00', changed = '2026-11-23 15:05' WHERE id = 3;
CREATE VIEW cr_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.state, c.started_at, c.pauses, c.stopped_at, c.time_used, c.due_at
FROM slm.clocks c WHERE c.tbl = 'cr'::regclass ORDER BY 1, 2, 3, 4;
SELECT * FROM cr_clocks;
DROP VIEW cr_clocks;
SELECT slm.detach('cr', drop_clocks => true);
DROP TABLE cr;

-- 20. A new version of an agreement: the old one's validity ends on Tue 1
-- December, the new one's starts then, with priority 2 resolving within 8
-- hours.  Ticket 1, opened Mon 23 November, keeps the old terms (due Tue 24
-- 12:00); ticket 2, opened Wed 2 December 09:00, takes the new (due 17:00).
-- Retiring the old agreement cancels ticket 1's running clocks, with a
-- NOTICE.
CREATE TABLE vt (id int PRIMARY KEY, opened timestamptz, prio int, resolved timestamptz);
SELECT slm.attach('vt', key => 'id', opened_at => 'opened', priority => 'prio', resolved_at => 'resolved') IS NOT NULL AS attached;
INSERT INTO vt VALUES (1, '2026-11-23 09:00', 2, NULL);
BEGIN;
UPDATE slm.agreements SET valid = '[,2026-12-01)' WHERE name = 'standard';
INSERT INTO slm.agreements (name, kind, service, valid) VALUES ('standard 2027', 'SLA', 'default', '[2026-12-01,)');
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT id, 'resolution', 2, '8 hours' FROM slm.agreements WHERE name = 'standard 2027';
COMMIT;
INSERT INTO vt VALUES (2, '2026-12-02 09:00', 2, NULL);
CREATE VIEW vt_clocks AS
SELECT c.ticket, c.metric, a.name AS agreement, c.goal, c.due_at, c.state
FROM slm.clocks c JOIN slm.agreements a ON a.id = c.agreement WHERE c.tbl = 'vt'::regclass ORDER BY 1, 2;
SELECT * FROM vt_clocks;
SET client_min_messages = notice;
UPDATE slm.agreements SET status = 'retired' WHERE name = 'standard';
RESET client_min_messages;
SELECT * FROM vt_clocks;
DROP VIEW vt_clocks;
SELECT slm.detach('vt', drop_clocks => true);
DROP TABLE vt;

-- 21. Tickets copied from another system many at a time, by an upsert
-- (INSERT ... ON CONFLICT DO UPDATE, sending a ticket that did not change
-- again) and by MERGE, which inserts, updates and deletes in one
-- statement: each row is a change of its ticket, as a row of its own
-- statement would be.  On standard 2027 (P2 responds in 2 and resolves in
-- 8 hours, P3 in 4 and 16), from Mon 7 December:
--   ticket 1, P2 from 09:00, waiting 10:00 to 12:00 (2 hours paused):
--     response due 13:00 (11:00 + 2), resolution Tue 10:00 (17:00 + 2);
--   ticket 2, P2 from 09:00, sent again unchanged, then deleted by the
--     MERGE: its running clocks are cancelled, as gone;
--   ticket 3, P2 from 11:00, made P3 at 13:00: response due 15:00,
--     resolution Tue 18:00 (7 hours on Monday, 9 on Tuesday);
--   ticket 4, P2, inserted by the MERGE at 14:00: response due 16:00,
--     resolution Tue 13:00 (4 hours and 4); resolved at Tue 14:00, late,
--     and made P3 in the same save: its clocks stop on the target they
--     ran on, a missed P2 (as P3, from a change of its own first, the
--     resolution would be due Wed 12:00, met).
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, v.metric, v.priority, v.goal
FROM slm.agreements a,
     (VALUES ('response', 2, interval '2 hours'), ('response', 3, '4 hours'), ('resolution', 3, '16 hours')) v(metric, priority, goal)
WHERE a.name = 'standard 2027';
CREATE TABLE ut (id int PRIMARY KEY, opened timestamptz, prio int, status text, changed timestamptz, resolved timestamptz);
SELECT slm.attach('ut', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  changed_at => 'changed', resolved_at => 'resolved', paused_statuses => '{waiting}') IS NOT NULL AS attached;
INSERT INTO ut VALUES (1, '2026-12-07 09:00', 2, 'open', '2026-12-07 09:00'), (2, '2026-12-07 09:00', 2, 'open', '2026-12-07 09:00')
ON CONFLICT (id) DO UPDATE SET prio = excluded.prio, status = excluded.status, changed = excluded.changed;
INSERT INTO ut VALUES (1, '2026-12-07 09:00', 2, 'waiting', '2026-12-07 10:00'), (2, '2026-12-07 09:00', 2, 'open', '2026-12-07 09:00'),
                      (3, '2026-12-07 11:00', 2, 'open', '2026-12-07 11:00')
ON CONFLICT (id) DO UPDATE SET prio = excluded.prio, status = excluded.status, changed = excluded.changed;
MERGE INTO ut USING (VALUES (1, timestamptz '2026-12-07 09:00', 2, 'open', timestamptz '2026-12-07 12:00', false),
                            (2, '2026-12-07 09:00', 2, 'open', '2026-12-07 09:00', true),
                            (3, '2026-12-07 11:00', 3, 'open', '2026-12-07 13:00', false),
                            (4, '2026-12-07 14:00', 2, 'open', '2026-12-07 14:00', false))
                     v(id, opened, prio, status, changed, gone)
ON ut.id = v.id
WHEN MATCHED AND v.gone THEN DELETE
WHEN MATCHED THEN UPDATE SET prio = v.prio, status = v.status, changed = v.changed
WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.opened, v.prio, v.status, v.changed);
UPDATE ut SET prio = 3, status = 'resolved', resolved = '2026-12-08 14:00', changed = '2026-12-08 14:00' WHERE id = 4;
SELECT c.ticket, c.metric, c.priority, c.started_at, c.pauses, c.paused_time, c.due_at, c.stopped_at, c.state,
       c.removed_at IS NOT NULL AS gone
FROM slm.clocks c WHERE c.tbl = 'ut'::regclass ORDER BY c.ticket, c.metric;
SELECT slm.detach('ut', drop_clocks => true);
DROP TABLE ut;

-- 22. A customer's tier changed while its ticket waits: the wait it is in
-- now is taken by the new target's pause statuses from the ticket's last
-- change, as a rebuild takes it (the model change has no time in the
-- ticket's data).  On standard 2027, priority 4 resolves within 4 hours
-- for key customers, paused only while waiting, and within 8 for the
-- rest, paused while waiting or on hold.  hooli's ticket, from Mon 7
-- December 09:00, on hold from 10:00: as key, running, due 13:00; hooli
-- made standard: paused since 10:00, due 17:00 but for that pause; open
-- again at 12:00: 2 hours paused, due Tue 10:00 (17:00 + 2: 18:00 and one
-- hour on Tuesday).
INSERT INTO slm.targets (agreement, metric, priority, tier, goal, pause_statuses)
SELECT a.id, 'resolution', 4, v.tier, v.goal, v.statuses
FROM slm.agreements a, (VALUES ('key', interval '4 hours', '{waiting}'::text[]), (NULL, '8 hours', '{waiting,on hold}')) v(tier, goal, statuses)
WHERE a.name = 'standard 2027';
CREATE TABLE kt (id int PRIMARY KEY, opened timestamptz, prio int, cust text, status text, changed timestamptz);
SELECT slm.attach('kt', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust', status => 'status',
                  changed_at => 'changed', paused_statuses => '{waiting,on hold}') IS NOT NULL AS attached;
CREATE VIEW kt_clocks AS
SELECT c.tier, c.goal, c.paused_since, c.pauses, c.paused_time, c.due_at, c.state FROM slm.clocks c
WHERE c.tbl = 'kt'::regclass AND c.metric = 'resolution';
INSERT INTO kt VALUES (1, '2026-12-07 09:00', 4, 'hooli', 'open', '2026-12-07 09:00');
UPDATE kt SET status = 'on hold', changed = '2026-12-07 10:00';
SELECT * FROM kt_clocks;
UPDATE slm.customers SET tier = 'standard' WHERE name = 'hooli';
SELECT * FROM kt_clocks;
UPDATE kt SET status = 'open', changed = '2026-12-07 12:00';
SELECT * FROM kt_clocks;
DROP VIEW kt_clocks;
SELECT slm.detach('kt', drop_clocks => true);
DROP TABLE kt;

-- 23. A change that resolves the ticket and hands it on at once (the team
-- resolved it and gave it back to another for closing; a copy synced now
-- and then sees both in one change, later): the team's hold stops at the
-- resolution, as a supplier's wait does, not at the change.  Both tickets
-- held by the desk from Mon 7 December 09:00, seen at 15:00: ticket 1
-- resolved at 11:00 and given to l2, its hold 2 hours (before, 6, to
-- 15:00); ticket 2 given to l2 open, its hold 6 hours, to 15:00.
CREATE TABLE ht (id int PRIMARY KEY, opened timestamptz, prio int, changed timestamptz, resolved timestamptz, team text);
SELECT slm.attach('ht', key => 'id', opened_at => 'opened', priority => 'prio', changed_at => 'changed',
                  resolved_at => 'resolved', assignment_group => 'team') IS NOT NULL AS attached;
INSERT INTO ht VALUES (1, '2026-12-07 09:00', 2, '2026-12-07 09:00', NULL, 'desk'),
                      (2, '2026-12-07 09:00', 2, '2026-12-07 09:00', NULL, 'desk');
UPDATE ht SET changed = '2026-12-07 15:00', resolved = CASE id WHEN 1 THEN timestamptz '2026-12-07 11:00' END, team = 'l2';
SELECT c.ticket, c.metric, c.counterparty, c.started_at, c.stopped_at, c.time_used, c.state
FROM slm.clocks c WHERE c.tbl = 'ht'::regclass AND c.kind = 'OLA' ORDER BY c.ticket, c.metric;
SELECT slm.detach('ht', drop_clocks => true);
DROP TABLE ht;

DELETE FROM slm.clocks WHERE tbl = 'r1'::regclass;
DROP VIEW pt_clocks;
DROP TABLE pt, st, gw, r1, rb, loose, keyed_by_index, keyed_deferrable, wt, iu, lk, ct;
DELETE FROM slm.events; DELETE FROM slm.clocks; DELETE FROM slm.targets; DELETE FROM slm.agreements;
DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.priority_matrix; DELETE FROM slm.calendars;
