-- ticket_systems: slm attached to faithful copies of Zammad 6's and GLPI
-- 10's ticket tables (test/ticket_systems/), as those systems store
-- tickets: local times, ids named in the systems' own tables, states by
-- type, a resolution by status, trash and merged tickets, priority scales
-- where the highest number is the most urgent.  A fortnight of tickets
-- with replies, waits, hand-offs, reopenings, cancellations and priority
-- changes, across the end of summer time (Sunday 2026-10-25 in Berlin)
-- and a holiday (Wednesday 2026-10-28), each clock against values worked
-- out by hand in the comments.  Every instant is given explicitly.
--
-- The calendar of both desks: Berlin office hours, mon-fri 09:00-18:00
-- Europe/Berlin, closed on 2026-10-28.  Until the 25th that is 07:00-16:00
-- UTC (CEST), from the 26th 08:00-17:00 UTC (CET).
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
\set SHOW_CONTEXT never

INSERT INTO slm.calendars (name, calendar)
VALUES ('berlin office', 'tz=Europe/Berlin; mon-fri 09:00-18:00; 2026-10-28 closed');
INSERT INTO slm.services (name, calendar) VALUES ('zammad desk', 'berlin office'), ('glpi desk', 'berlin office');

------------------------------------------------------------------------
-- Zammad 6: ids into ticket_states (by their state type), groups,
-- organizations and users; times in UTC without zone; close_at never
-- cleared, last_close_at the latest closing; merged and removed tickets
-- stay as rows; priorities 1 low, 2 normal, 3 high.
------------------------------------------------------------------------
CREATE SCHEMA zammad;
SET search_path = zammad;
\set ECHO none
\i test/ticket_systems/zammad.sql
\set ECHO all
RESET search_path;
INSERT INTO zammad.organizations (id, name, updated_by_id, created_by_id, created_at, updated_at)
VALUES (1, 'Acme', 1, 1, '2026-01-01', '2026-01-01'), (2, 'Globex', 1, 1, '2026-01-01', '2026-01-01');
INSERT INTO zammad.users (id, login, updated_by_id, created_by_id, created_at, updated_at)
VALUES (2, 'anna', 1, 1, '2026-01-01', '2026-01-01'), (3, 'ben', 1, 1, '2026-01-01', '2026-01-01'),
       (4, 'carol@acme.example', 1, 1, '2026-01-01', '2026-01-01');
INSERT INTO zammad.groups (id, name, name_last, updated_by_id, created_by_id, created_at, updated_at)
VALUES (2, 'Network', 'Network', 1, 1, '2026-01-01', '2026-01-01');

-- status lists by state type, as Zammad admins think of them; the
-- cancel condition by the states' types too
SELECT slm.attach('zammad.tickets', key => 'id', opened_at => 'created_at', priority => 'priority_id',
                  customer => 'organization_id', status => 'state_id', responded_at => 'first_response_at',
                  resolved_at => 'last_close_at', assignment_group => 'group_id', assignee => 'owner_id',
                  changed_at => 'updated_at', local_zone => 'UTC', default_service => 'zammad desk',
                  lookups => '{"status": "SELECT s.id, t.name FROM ticket_states s JOIN ticket_state_types t ON t.id = s.state_type_id",
                               "assignment_group": "SELECT id, name FROM groups",
                               "customer": "SELECT id, name FROM organizations",
                               "assignee": "SELECT id, login FROM users"}',
                  paused_statuses => '{pending reminder, pending action}', resolved_statuses => '{closed}',
                  cancel_when => '{"state_id": ["merged", "removed"]}', priority_levels => '{3, 2, 1}');
-- targets by Zammad's own priority ids: 3 high, 2 normal, 1 low
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'zammad sla', 'zammad desk');
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'zammad ' || g, 'zammad desk', g, (SELECT id FROM slm.agreements WHERE name = 'zammad sla')
FROM unnest(ARRAY['Users', 'Network']) g;
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, t.metric, t.priority, t.goal
FROM slm.agreements a,
     (VALUES ('response', 3, interval '1 hour'), ('resolution', 3, '4 hours'),
             ('response', 2, '4 hours'), ('resolution', 2, '16 hours'),
             ('response', 1, '8 hours'), ('resolution', 1, '24 hours')) t(metric, priority, goal)
WHERE a.name = 'zammad sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', '8 hours' FROM slm.agreements WHERE name IN ('zammad Users', 'zammad Network');
-- the mapping keeps the statuses as the names compared with
SELECT paused_statuses, resolved_statuses, cancel_when, priority_levels, lookup_tables
FROM slm.tracked_tables WHERE tbl = 'zammad.tickets'::regclass;
-- every table a look-up reads tells the sessions when it changes
SELECT tgrelid::regclass AS tbl, tgname FROM pg_trigger WHERE tgname = 'slm_lookup_changed' ORDER BY 1;

CREATE VIEW zammad_clocks AS
SELECT c.ticket, c.kind, c.metric, c.cycle, c.counterparty, c.customer, c.priority, c.goal, c.started_at,
       c.pauses, c.stopped_at, c.due_at, c.time_used, c.state, c.assignee, c.removed_at IS NOT NULL AS removed
FROM slm.clocks c WHERE c.tbl = 'zammad.tickets'::regclass;

-- a ticket as Zammad writes it (number, title and the *_by_id are not slm's)
CREATE FUNCTION zammad.open_ticket(id int, priority int, org int, at timestamp, grp int DEFAULT 1)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO zammad.tickets (id, group_id, priority_id, state_id, organization_id, number, title, owner_id,
                                customer_id, updated_by_id, created_by_id, created_at, updated_at)
    VALUES (id, grp, priority, 1, org, 'Z' || id, 'ticket ' || id, 2, 4, 1, 1, at, at)
$$;

-- Z1, high, Acme, Mon 19 Oct 10:00 Berlin (08:00 UTC): answered 08:30,
-- closed 11:00 UTC.  Response 30 min of 1 hour: met.  Resolution 3 of 4
-- hours: met.  The Users team's hold (OLA, 8 hours) stops at the close.
SELECT zammad.open_ticket(1, 3, 1, '2026-10-19 08:00');
UPDATE zammad.tickets SET state_id = 2, first_response_at = '2026-10-19 08:30', updated_at = '2026-10-19 08:30' WHERE id = 1;
UPDATE zammad.tickets SET state_id = 4, close_at = '2026-10-19 11:00', last_close_at = '2026-10-19 11:00',
                          updated_at = '2026-10-19 11:00' WHERE id = 1;
SELECT kind, metric, counterparty, customer, assignee, started_at, stopped_at, due_at, time_used, state
FROM zammad_clocks WHERE ticket = '1' ORDER BY kind, metric;

-- Z2, normal, Globex, Fri 23 Oct 17:00 CEST (15:00 UTC); pending reminder
-- from 15:30 UTC (17:30 CEST) over the weekend and the end of summer time;
-- the customer answers Mon 26 Oct 09:00 UTC (10:00 CET), the agent replies
-- 09:30 UTC, closes Tue 27 Oct 10:00 UTC (11:00 CET).
--   response, 4 h: Fri 17:00-17:30 (0.5), paused, Mon 10:00-10:30 (0.5):
--     1 h used, met; due Mon 10:00 + 3.5 h = 13:30 CET = 12:30 UTC.
--   resolution, 16 h: Fri 0.5 + Mon 10:00-18:00 8 = 8.5 h by Monday's
--     close; Tue 09:00-11:00 2 more: 10.5 h used, met; due Tue 09:00 +
--     7.5 h = 16:30 CET = 15:30 UTC.
SELECT zammad.open_ticket(2, 2, 2, '2026-10-23 15:00');
UPDATE zammad.tickets SET state_id = 3, pending_time = '2026-10-26 08:00', updated_at = '2026-10-23 15:30' WHERE id = 2;
UPDATE zammad.tickets SET state_id = 2, updated_at = '2026-10-26 09:00' WHERE id = 2;
UPDATE zammad.tickets SET first_response_at = '2026-10-26 09:30', updated_at = '2026-10-26 09:30' WHERE id = 2;
UPDATE zammad.tickets SET state_id = 4, close_at = '2026-10-27 10:00', last_close_at = '2026-10-27 10:00',
                          updated_at = '2026-10-27 10:00' WHERE id = 2;
SELECT kind, metric, customer, pauses, stopped_at, due_at, time_used, state
FROM zammad_clocks WHERE ticket = '2' ORDER BY kind, metric;

-- Z3, low, Acme, Tue 27 Oct 15:00 CET (14:00 UTC), the day before the
-- holiday; no reply yet.
--   response, 8 h: Tue 15:00-18:00 3 h, Wed closed, Thu 09:00 + 5 h =
--     14:00 CET = 13:00 UTC Thu 29.
--   resolution, 24 h: Tue 3, Thu 9 (12), Fri 9 (21), Mon 2 Nov 09:00 +
--     3 h = 12:00 CET = 11:00 UTC.
SELECT zammad.open_ticket(3, 1, 1, '2026-10-27 14:00');
SELECT kind, metric, priority, goal, due_at, state FROM zammad_clocks WHERE ticket = '3' ORDER BY kind, metric;
-- Thu 29 Oct 09:00 UTC (10:00 CET) it becomes high: the running clocks
-- take the high goals from their start (response 1 h: Tue 16:00 CET =
-- 15:00 UTC; resolution 4 h: Thu 10:00 CET = 09:00 UTC, as Tue gave 3 h);
-- and it is handed to the Network team: the Users hold stops, Network's
-- starts (8 h: Thu 10:00-18:00 CET, due 17:00 UTC).
UPDATE zammad.tickets SET priority_id = 3, group_id = 2, updated_at = '2026-10-29 09:00' WHERE id = 3;
SELECT kind, metric, cycle, counterparty, priority, goal, started_at, stopped_at, due_at
FROM zammad_clocks WHERE ticket = '3' ORDER BY kind, metric, cycle;
-- on high's scale (3, 2, 1) it ranks first; a low ticket would rank third
SELECT DISTINCT ticket, priority, priority_rank FROM slm.sla_status
WHERE ticket_table = 'zammad.tickets' AND ticket IN ('2', '3') ORDER BY ticket;

-- Z4, normal, Acme, Mon 26 Oct 09:00 CET (08:00 UTC): answered 08:10,
-- closed 10:00 UTC (close_at and last_close_at), reopened Tue 27 08:00
-- UTC (Zammad leaves close_at), closed again 12:00 UTC (only last_close_at
-- moves).  Cycle 1: 09:00-11:00 CET, 2 h; cycle 2 from Tue 09:00 CET to
-- 13:00 CET, 4 h; both met.  A later edit of the closed ticket (Thu)
-- leaves the resolution where it was.
SELECT zammad.open_ticket(4, 2, 1, '2026-10-26 08:00');
UPDATE zammad.tickets SET state_id = 2, first_response_at = '2026-10-26 08:10', updated_at = '2026-10-26 08:10' WHERE id = 4;
UPDATE zammad.tickets SET state_id = 4, close_at = '2026-10-26 10:00', last_close_at = '2026-10-26 10:00',
                          updated_at = '2026-10-26 10:00' WHERE id = 4;
UPDATE zammad.tickets SET state_id = 2, updated_at = '2026-10-27 08:00' WHERE id = 4;
UPDATE zammad.tickets SET state_id = 4, last_close_at = '2026-10-27 12:00', updated_at = '2026-10-27 12:00' WHERE id = 4;
UPDATE zammad.tickets SET owner_id = 3, updated_at = '2026-10-29 12:00' WHERE id = 4;
SELECT kind, metric, cycle, started_at, stopped_at, time_used, state, assignee
FROM zammad_clocks WHERE ticket = '4' AND kind = 'SLA' ORDER BY metric, cycle;

-- Z5, normal, Globex, Thu 29 Oct 08:00 UTC, merged into Z2 at 09:00 UTC:
-- as if deleted, its running clocks are cancelled at 09:00 and all are
-- kept as removed, out of the quality report.
SELECT zammad.open_ticket(5, 2, 2, '2026-10-29 08:00');
UPDATE zammad.tickets SET state_id = 5, updated_at = '2026-10-29 09:00' WHERE id = 5;
SELECT kind, metric, started_at, state, removed FROM zammad_clocks WHERE ticket = '5' ORDER BY kind, metric;
-- Z6, removed at 10:30 UTC, then taken back at 11:00: the removed clocks
-- stay as they were, and it gets a new ticket's clocks, from its opening
SELECT zammad.open_ticket(6, 2, 2, '2026-10-29 10:00');
UPDATE zammad.tickets SET state_id = 6, updated_at = '2026-10-29 10:30' WHERE id = 6;
UPDATE zammad.tickets SET state_id = 2, updated_at = '2026-10-29 11:00' WHERE id = 6;
SELECT kind, metric, started_at, state, removed FROM zammad_clocks WHERE ticket = '6' ORDER BY removed, kind, metric;

-- a rebuild gives every clock of these histories again, column for column
CREATE TABLE zammad_before AS SELECT * FROM zammad_clocks;
SELECT slm.rebuild('zammad.tickets');
SELECT count(*) AS differ FROM ((SELECT * FROM zammad_before EXCEPT SELECT * FROM zammad_clocks)
                                UNION ALL (SELECT * FROM zammad_clocks EXCEPT SELECT * FROM zammad_before)) d;

-- names come from Zammad's tables as they are now: a renamed
-- organization is seen at once by the next ticket (the look-up's table
-- tells every session it changed)
UPDATE zammad.organizations SET name = 'Acme Corp' WHERE id = 1;
SELECT zammad.open_ticket(7, 2, 1, '2026-10-30 08:00');
SELECT DISTINCT customer FROM zammad_clocks WHERE ticket = '7';
-- a look-up that fails (a migration renamed the table) loses no ticket:
-- the row is written with a WARNING, and a rebuild catches up afterwards
ALTER TABLE zammad.groups RENAME TO groups_renamed;
SELECT zammad.open_ticket(8, 2, 1, '2026-10-30 08:00', 2);
SELECT count(*) AS rows, (SELECT count(*) FROM zammad_clocks WHERE ticket = '8') AS clocks
FROM zammad.tickets WHERE id = 8;
ALTER TABLE zammad.groups_renamed RENAME TO groups;
SELECT slm.rebuild('zammad.tickets');
SELECT kind, metric, counterparty FROM zammad_clocks WHERE ticket = '8' ORDER BY kind, metric;

------------------------------------------------------------------------
-- GLPI 10, replicated from MySQL: times in the server's local time
-- (Europe/Berlin) without zone; status 1 new, 2 assigned, 3 planned,
-- 4 waiting, 5 solved, 6 closed; priority 1 very low to 6 major; the
-- entity as an id; the trash bin is is_deleted = 1.
------------------------------------------------------------------------
CREATE SCHEMA glpi;
SET search_path = glpi;
\set ECHO none
\i test/ticket_systems/glpi.sql
\set ECHO all
RESET search_path;
INSERT INTO glpi.glpi_entities (id, name, entities_id, completename, level)
VALUES (1, 'Initech', 0, 'Root entity > Initech', 2);

SELECT slm.attach('glpi.glpi_tickets', key => 'id', opened_at => 'date', priority => 'priority',
                  customer => 'entities_id', status => 'status', responded_at => 'takeintoaccountdate',
                  resolved_at => 'solvedate', changed_at => 'date_mod', local_zone => 'Europe/Berlin',
                  default_service => 'glpi desk',
                  lookups => '{"customer": "SELECT id, name FROM glpi_entities"}',
                  paused_statuses => '{4}', resolved_statuses => '{5, 6}', cancel_when => '{"is_deleted": [1]}',
                  priority_levels => '{6, 5, 4, 3, 2, 1}');
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'glpi sla', 'glpi desk');
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, t.metric, t.priority, t.goal
FROM slm.agreements a,
     (VALUES ('response', 6, interval '30 minutes'), ('resolution', 6, '2 hours'),
             ('response', 5, '1 hour'), ('resolution', 5, '4 hours'),
             ('response', 4, '4 hours'), ('resolution', 4, '12 hours'),
             ('response', 3, '8 hours'), ('resolution', 3, '24 hours'),
             ('response', 2, '8 hours'), ('resolution', 2, '24 hours')) t(metric, priority, goal)
WHERE a.name = 'glpi sla';

CREATE VIEW glpi_clocks AS
SELECT c.ticket, c.metric, c.cycle, c.customer, c.priority, c.started_at, c.pauses, c.stopped_at, c.due_at,
       c.time_used, c.state, c.removed_at IS NOT NULL AS removed
FROM slm.clocks c WHERE c.tbl = 'glpi.glpi_tickets'::regclass;

-- G1, major (6), Initech, Fri 23 Oct 17:30 Berlin summer time (15:30
-- UTC), taken into account 17:45, solved Mon 26 Oct 10:00 Berlin winter
-- time (09:00 UTC).  Response 15 of 30 min: met.  Resolution 2 h: Fri
-- 0.5 + Mon 1 = 1.5 h used, met; due Mon 10:30 CET = 09:30 UTC.
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority, urgency, impact)
VALUES (1, 1, 'printer on fire', '2026-10-23 17:30', '2026-10-23 17:30', 1, 6, 5, 5);
UPDATE glpi.glpi_tickets SET status = 2, takeintoaccountdate = '2026-10-23 17:45', date_mod = '2026-10-23 17:45' WHERE id = 1;
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-26 10:00', date_mod = '2026-10-26 10:00' WHERE id = 1;
SELECT metric, customer, started_at, stopped_at, due_at, time_used, state FROM glpi_clocks WHERE ticket = '1' ORDER BY metric;

-- G2, high (4), Tue 27 Oct 16:00 CET, waiting (4) from 17:00, assigned
-- again Thu 29 10:00, taken into account 10:30, solved 15:00, closed
-- (6) Fri 30 09:00.
--   response, 4 h: Tue 1 h, paused (over the holiday), Thu 0.5: 1.5 h, met.
--   resolution, 12 h: Tue 1 h, Thu 10:00-15:00 5 h: 6 h, met; closing
--     the solved ticket on Friday leaves its stop at Thursday 15:00 CET.
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority)
VALUES (2, 1, 'vpn down', '2026-10-27 16:00', '2026-10-27 16:00', 2, 4);
UPDATE glpi.glpi_tickets SET status = 4, date_mod = '2026-10-27 17:00' WHERE id = 2;
UPDATE glpi.glpi_tickets SET status = 2, date_mod = '2026-10-29 10:00' WHERE id = 2;
UPDATE glpi.glpi_tickets SET takeintoaccountdate = '2026-10-29 10:30', date_mod = '2026-10-29 10:30' WHERE id = 2;
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-29 15:00', date_mod = '2026-10-29 15:00' WHERE id = 2;
UPDATE glpi.glpi_tickets SET status = 6, closedate = '2026-10-30 09:00', date_mod = '2026-10-30 09:00' WHERE id = 2;
SELECT metric, pauses, stopped_at, time_used, state FROM glpi_clocks WHERE ticket = '2' ORDER BY metric;

-- G3, very high (5), Mon 26 Oct 09:00 CET: taken into account 09:05,
-- solved 10:00, reopened 11:00 (GLPI clears solvedate), solved again
-- 14:00.  Cycle 1: 1 h; cycle 2: 11:00-14:00 CET, 3 of 4 h; both met.
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority)
VALUES (3, 1, 'mail bounces', '2026-10-26 09:00', '2026-10-26 09:00', 2, 5);
UPDATE glpi.glpi_tickets SET takeintoaccountdate = '2026-10-26 09:05', date_mod = '2026-10-26 09:05' WHERE id = 3;
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-26 10:00', date_mod = '2026-10-26 10:00' WHERE id = 3;
UPDATE glpi.glpi_tickets SET status = 2, solvedate = NULL, date_mod = '2026-10-26 11:00' WHERE id = 3;
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-26 14:00', date_mod = '2026-10-26 14:00' WHERE id = 3;
SELECT metric, cycle, started_at, stopped_at, time_used, state FROM glpi_clocks WHERE ticket = '3' ORDER BY metric, cycle;

-- G4, low (2), Thu 29 Oct 09:00 CET, put in the trash bin at 10:00: its
-- clocks are cancelled there and kept as removed
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority)
VALUES (4, 1, 'spam', '2026-10-29 09:00', '2026-10-29 09:00', 1, 2);
UPDATE glpi.glpi_tickets SET is_deleted = 1, date_mod = '2026-10-29 10:00' WHERE id = 4;
SELECT metric, stopped_at, state, removed FROM glpi_clocks WHERE ticket = '4' ORDER BY metric;

-- G5, medium (3), opened at 02:30 on Sunday 25 Oct, a time Berlin has
-- twice: read as PostgreSQL's AT TIME ZONE reads it, the later (winter
-- time) one, 01:30 UTC.  Its clocks start then and run from Monday 09:00.
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority)
VALUES (5, 1, 'night call', '2026-10-25 02:30', '2026-10-25 02:30', 1, 3);
SELECT metric, started_at, due_at FROM glpi_clocks WHERE ticket = '5' ORDER BY metric;

-- a rebuild gives every clock again, column for column
CREATE TABLE glpi_before AS SELECT * FROM glpi_clocks;
SELECT slm.rebuild('glpi.glpi_tickets');
SELECT count(*) AS differ FROM ((SELECT * FROM glpi_before EXCEPT SELECT * FROM glpi_clocks)
                                UNION ALL (SELECT * FROM glpi_clocks EXCEPT SELECT * FROM glpi_before)) d;

-- the quality report counts neither trashed nor merged tickets: Zammad
-- has Z1-Z4, Z6 (taken back), Z7, Z8; GLPI G1-G3, G5
SELECT c.tbl::text, count(DISTINCT c.ticket) AS tickets
FROM slm.clocks c WHERE c.removed_at IS NULL AND c.kind = 'SLA'
GROUP BY 1 ORDER BY 1;
SELECT sum(tickets) AS tickets FROM slm.quality_report('2026-10-01', '2026-10-31', 'month');

------------------------------------------------------------------------
-- Bad input: one error that lists every problem; nothing attached
------------------------------------------------------------------------
CREATE TABLE zammad.tickets_copy (LIKE zammad.tickets INCLUDING ALL);
SELECT slm.attach('zammad.tickets_copy', key => 'id', opened_at => 'created_at', priority => 'priority_id',
                  status => 'state_id', customer => 'organization_id', assignee => 'owner_id',
                  resolved_at => 'close_at',
                  lookups => '{"status": "SELECT id FROM ticket_states", "customer": "SELECT id, name FROM no_such_table",
                               "service": "SELECT 1, 2", "owner": "SELECT id, login FROM users"}',
                  paused_statuses => '{pending}', cancel_when => '{"merged": [1], "state_id": ["x"]}',
                  priority_levels => '{3, 2, 2}');
-- one problem keeps its own SQLSTATE
\set VERBOSITY sqlstate
SELECT slm.attach('zammad.tickets_copy', key => 'id', opened_at => 'created_at', priority => 'priority_id',
                  local_zone => 'Mars/Olympus_Mons');
\set VERBOSITY default
SELECT slm.attach('zammad.tickets_copy', key => 'id', opened_at => 'created_at', priority => 'priority_id');
SELECT slm.attach('glpi.glpi_tickets', key => 'id', opened_at => 'date', priority => 'priority', status => 'status',
                  local_zone => 'Europe/Berlin', paused_statuses => '{waiting}', cancel_when => '{"is_deleted": ["yes"]}');
SELECT count(*) AS attached FROM slm.tracked_tables WHERE tbl = 'zammad.tickets_copy'::regclass;
-- a status with no look-up that no ticket has is named, not refused
CREATE TABLE glpi.statuses_seen (id int PRIMARY KEY, opened timestamptz, prio int, status int);
INSERT INTO glpi.statuses_seen VALUES (1, '2026-10-26 09:00', 2, 2);
SELECT slm.attach('glpi.statuses_seen', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  paused_statuses => '{4}', default_service => 'glpi desk');

-- detaching leaves no look-up trigger that nothing needs
SELECT slm.detach('zammad.tickets', drop_clocks => true);
SELECT tgrelid::regclass AS tbl, tgname FROM pg_trigger WHERE tgname = 'slm_lookup_changed' ORDER BY 1;
SELECT slm.detach('glpi.glpi_tickets', drop_clocks => true);
SELECT slm.detach('glpi.statuses_seen', drop_clocks => true);
SELECT count(*) AS lookup_triggers FROM pg_trigger WHERE tgname = 'slm_lookup_changed';
SET client_min_messages = warning;
DROP SCHEMA zammad, glpi CASCADE;  -- with the views of their clocks
RESET client_min_messages;
DROP TABLE zammad_before, glpi_before;
DELETE FROM slm.agreements WHERE name LIKE 'zammad%' OR name = 'glpi sla';
DELETE FROM slm.services WHERE name IN ('zammad desk', 'glpi desk');
DELETE FROM slm.calendars WHERE name = 'berlin office';
