-- ticket_systems: slm attached to faithful copies of the ticket tables of
-- Zammad 6, GLPI 10, Znuny 7, Request Tracker 5 and Redmine 5
-- (test/ticket_systems/), as those systems store tickets: local times,
-- ids named in the systems' own tables, states by type, a resolution by
-- status, trash, junk, deleted and merged tickets, priority scales where
-- the highest number is the most urgent, first responses kept in another
-- table.  Tickets with replies, waits, hand-offs, reopenings,
-- cancellations and priority changes, across the end of summer time
-- (Sunday 2026-10-25 in Berlin) and a holiday (Wednesday 2026-10-28), each
-- clock against values worked out by hand in the comments.  Every instant
-- is given explicitly.
--
-- The calendar of every desk: Berlin office hours, mon-fri 09:00-18:00
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

-- a rebuild gives every clock of a table's histories again, column for
-- column as a view of them shows them: the tickets it read, and how many
-- rows of the view differ (each way) from before it
CREATE FUNCTION pg_temp.rebuild_differs(tbl regclass, clocks regclass, OUT rebuilt bigint, OUT differ bigint)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TEMP TABLE before_rebuild AS SELECT * FROM %s', clocks);
    rebuilt := slm.rebuild(tbl);
    EXECUTE format('SELECT count(*) FROM ((SELECT * FROM before_rebuild EXCEPT SELECT * FROM %1$s) '
                   'UNION ALL (SELECT * FROM %1$s EXCEPT SELECT * FROM before_rebuild)) d', clocks) INTO differ;
    DROP TABLE before_rebuild;
END $$;

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
-- cancel condition by the states' types too; the owner 1, the user "-",
-- is nobody (a look-up that finds no name gives none)
SELECT slm.attach('zammad.tickets', key => 'id', opened_at => 'created_at', priority => 'priority_id',
                  customer => 'organization_id', status => 'state_id', responded_at => 'first_response_at',
                  resolved_at => 'last_close_at', assignment_group => 'group_id', assignee => 'owner_id',
                  changed_at => 'updated_at', local_zone => 'UTC', default_service => 'zammad desk',
                  lookups => '{"status": "SELECT s.id, t.name FROM ticket_states s JOIN ticket_state_types t ON t.id = s.state_type_id",
                               "assignment_group": "SELECT id, name FROM groups",
                               "customer": "SELECT id, name FROM organizations",
                               "assignee": "SELECT id, login FROM users WHERE id <> 1"}',
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
SELECT * FROM pg_temp.rebuild_differs('zammad.tickets', 'zammad_clocks');

-- names come from Zammad's tables as they are now: a renamed
-- organization is seen at once by the next ticket (the look-up's table
-- tells every session it changed); unassigned, it has no assignee
UPDATE zammad.organizations SET name = 'Acme Corp' WHERE id = 1;
SELECT zammad.open_ticket(7, 2, 1, '2026-10-30 08:00');
UPDATE zammad.tickets SET owner_id = 1, updated_at = '2026-10-30 08:05' WHERE id = 7;
SELECT DISTINCT customer, assignee FROM zammad_clocks WHERE ticket = '7';
-- a look-up that fails (a migration renamed the table) loses no ticket:
-- the row is written with a WARNING, and a rebuild catches up afterwards
ALTER TABLE zammad.groups RENAME TO groups_renamed;
SELECT zammad.open_ticket(8, 2, 1, '2026-10-30 08:00', 2);
SELECT count(*) AS rows, (SELECT count(*) FROM zammad_clocks WHERE ticket = '8') AS clocks
FROM zammad.tickets WHERE id = 8;
ALTER TABLE zammad.groups_renamed RENAME TO groups;
SELECT slm.rebuild('zammad.tickets');
SELECT kind, metric, counterparty FROM zammad_clocks WHERE ticket = '8' ORDER BY kind, metric;
-- a changed mapping's look-ups replace the ones this session has used
UPDATE slm.tracked_tables SET lookups = jsonb_set(lookups, '{customer}', '"SELECT id, upper(name) FROM organizations"')
WHERE tbl = 'zammad.tickets'::regclass;
SELECT zammad.open_ticket(9, 2, 2, '2026-10-30 09:00');
SELECT DISTINCT customer FROM zammad_clocks WHERE ticket = '9';
UPDATE slm.tracked_tables SET lookups = jsonb_set(lookups, '{customer}', '"SELECT id, name FROM organizations"')
WHERE tbl = 'zammad.tickets'::regclass;
SELECT slm.rebuild('zammad.tickets');
SELECT DISTINCT customer FROM zammad_clocks WHERE ticket = '9';

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
INSERT INTO glpi.glpi_groups (id, entities_id, name, completename, level)
VALUES (1, 0, 'Helpdesk', 'Helpdesk', 1), (2, 0, 'Network', 'Network', 1);

SELECT slm.attach('glpi.glpi_tickets', key => 'id', opened_at => 'date', priority => 'priority',
                  customer => 'entities_id', status => 'status', responded_at => 'takeintoaccountdate',
                  resolved_at => 'solvedate', changed_at => 'date_mod', local_zone => 'Europe/Berlin',
                  default_service => 'glpi desk',
                  lookups => '{"customer": "SELECT id, name FROM glpi_entities"}',
                  paused_statuses => '{4}', resolved_statuses => '{5, 6}', cancel_when => '{"is_deleted": [1]}',
                  priority_levels => '{6, 5, 4, 3, 2, 1}',
                  group_links => '{"table": "glpi_groups_tickets", "ticket": "tickets_id",
                                   "query": "SELECT gt.tickets_id, g.name FROM glpi_groups_tickets gt JOIN glpi_groups g ON g.id = gt.groups_id WHERE gt.type = 2"}');
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'glpi sla', 'glpi desk');
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'glpi ' || g, 'glpi desk', g, (SELECT id FROM slm.agreements WHERE name = 'glpi sla')
FROM unnest(ARRAY['Helpdesk', 'Network']) g;
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', '8 hours' FROM slm.agreements WHERE name IN ('glpi Helpdesk', 'glpi Network');
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
SELECT c.ticket, c.kind, c.counterparty, c.metric, c.cycle, c.customer, c.priority, c.started_at, c.pauses, c.stopped_at, c.due_at,
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

-- G2, high (4), Tue 27 Oct 16:00 CET, assigned to the Helpdesk group
-- (a link of type 2; a requester's link, type 1, is no hold), waiting
-- (4) from 17:00, assigned again Thu 29 10:00, when the Network group
-- joins; taken into account 10:30, when Network leaves; solved 15:00,
-- closed (6) Fri 30 09:00.
--   response, 4 h: Tue 1 h, paused (over the holiday), Thu 0.5: 1.5 h, met.
--   resolution, 12 h: Tue 1 h, Thu 10:00-15:00 5 h: 6 h, met; closing
--     the solved ticket on Friday leaves its stop at Thursday 15:00 CET.
--   Helpdesk's hold, 8 h: the same 6 h, met; Network's: Thu 10:00-10:30.
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority)
VALUES (2, 1, 'vpn down', '2026-10-27 16:00', '2026-10-27 16:00', 2, 4);
INSERT INTO glpi.glpi_groups_tickets (tickets_id, groups_id, type) VALUES (2, 1, 2), (2, 2, 1);
UPDATE glpi.glpi_tickets SET status = 4, date_mod = '2026-10-27 17:00' WHERE id = 2;
UPDATE glpi.glpi_tickets SET status = 2, date_mod = '2026-10-29 10:00' WHERE id = 2;
UPDATE glpi.glpi_groups_tickets SET type = 2 WHERE tickets_id = 2 AND groups_id = 2;
SELECT counterparty, started_at, pauses, stopped_at FROM glpi_clocks WHERE ticket = '2' AND kind = 'OLA'
ORDER BY counterparty;
UPDATE glpi.glpi_tickets SET takeintoaccountdate = '2026-10-29 10:30', date_mod = '2026-10-29 10:30' WHERE id = 2;
DELETE FROM glpi.glpi_groups_tickets WHERE tickets_id = 2 AND groups_id = 2;
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-29 15:00', date_mod = '2026-10-29 15:00' WHERE id = 2;
UPDATE glpi.glpi_tickets SET status = 6, closedate = '2026-10-30 09:00', date_mod = '2026-10-30 09:00' WHERE id = 2;
SELECT kind, counterparty, metric, pauses, stopped_at, time_used, state FROM glpi_clocks WHERE ticket = '2'
ORDER BY kind, counterparty, metric;

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
-- Mon 26 Oct 12:00 CET it becomes major (6): from their start, the
-- response is due Mon 09:30 CET (08:30 UTC), the resolution 11:00 CET
-- (10:00 UTC)
UPDATE glpi.glpi_tickets SET priority = 6, date_mod = '2026-10-26 12:00' WHERE id = 5;
SELECT metric, priority, due_at FROM glpi_clocks WHERE ticket = '5' ORDER BY metric;

-- a rebuild gives every clock again, column for column
SELECT * FROM pg_temp.rebuild_differs('glpi.glpi_tickets', 'glpi_clocks');

------------------------------------------------------------------------
-- Znuny 7: times in UTC without zone; states by type; the queue as the
-- team, the Junk queue and merged or removed states cancel; priorities
-- 1 very low to 5 very high; the first response is the first article an
-- agent makes visible to the customer, in the article table.
------------------------------------------------------------------------
CREATE SCHEMA znuny;
SET search_path = znuny;
\set ECHO none
\i test/ticket_systems/znuny.sql
\set ECHO all
RESET search_path;
INSERT INTO znuny.customer_company (customer_id, name, valid_id, create_time, create_by, change_time, change_by)
VALUES ('acme', 'Acme Ltd', 1, '2026-01-01', 1, '2026-01-01', 1);
INSERT INTO slm.services (name, calendar) VALUES ('znuny desk', 'berlin office');
SELECT slm.attach('znuny.ticket', key => 'id', opened_at => 'create_time', priority => 'ticket_priority_id',
                  customer => 'customer_id', status => 'ticket_state_id', assignment_group => 'queue_id',
                  assignee => 'user_id', changed_at => 'change_time', local_zone => 'UTC',
                  default_service => 'znuny desk',
                  lookups => '{"status": "SELECT s.id, t.name FROM ticket_state s JOIN ticket_state_type t ON t.id = s.type_id",
                               "assignment_group": "SELECT id, name FROM queue",
                               "customer": "SELECT customer_id, name FROM customer_company",
                               "assignee": "SELECT id, login FROM users WHERE id <> 1"}',
                  paused_statuses => '{pending reminder, pending auto}', resolved_statuses => '{closed}',
                  cancel_when => '{"queue_id": ["Junk"], "ticket_state_id": ["merged", "removed"]}',
                  priority_levels => '{5, 4, 3, 2, 1}',
                  responses => '{"table": "article", "ticket": "ticket_id",
                                 "query": "SELECT a.ticket_id, a.create_time FROM article a JOIN article_sender_type s ON s.id = a.article_sender_type_id WHERE s.name = ''agent'' AND a.is_visible_for_customer = 1"}');
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'znuny sla', 'znuny desk');
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'znuny Misc', 'znuny desk', 'Misc', id FROM slm.agreements WHERE name = 'znuny sla';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, t.metric, t.priority, t.goal
FROM slm.agreements a,
     (VALUES ('response', 5, interval '30 minutes'), ('resolution', 5, '2 hours'),
             ('response', 4, '1 hour'), ('resolution', 4, '4 hours'),
             ('response', 3, '2 hours'), ('resolution', 3, '8 hours')) t(metric, priority, goal)
WHERE a.name = 'znuny sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', '8 hours' FROM slm.agreements WHERE name = 'znuny Misc';
-- the article table now tells slm of responses
SELECT tgrelid::regclass AS tbl, tgname FROM pg_trigger WHERE tgname = 'slm_track_response';

CREATE VIEW znuny_clocks AS
SELECT c.ticket, c.kind, c.metric, c.counterparty, c.customer, c.started_at, c.pauses, c.stopped_at, c.due_at,
       c.time_used, c.state, c.removed_at IS NOT NULL AS removed
FROM slm.clocks c WHERE c.tbl = 'znuny.ticket'::regclass;
-- Znuny writes a ticket, then its articles, then the ticket's change time
CREATE FUNCTION znuny.new_ticket(id int, priority int, queue int, at timestamp) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO znuny.ticket (id, tn, title, queue_id, ticket_lock_id, user_id, responsible_user_id,
                              ticket_priority_id, ticket_state_id, customer_id, timeout, until_time,
                              escalation_time, escalation_update_time, escalation_response_time,
                              escalation_solution_time, create_time, create_by, change_time, change_by)
    VALUES (id, '2026102610000' || id, 'ticket ' || id, queue, 1, 1, 1, priority, 1, 'acme', 0, 0, 0, 0, 0, 0,
            at, 1, at, 1)
$$;
CREATE FUNCTION znuny.article(tkt int, sender int, visible int, at timestamp) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO znuny.article (ticket_id, article_sender_type_id, communication_channel_id,
                               is_visible_for_customer, create_time, create_by, change_time, change_by)
    VALUES (tkt, sender, 1, visible, at, 1, at, 1);
    UPDATE znuny.ticket SET change_time = at WHERE id = tkt;
$$;

-- N1, normal (3), Misc, Mon 26 Oct 08:00 UTC (09:00 CET): the customer's
-- mail (sender 3) and an internal agent note (not visible) are no
-- response; the agent's visible answer at 09:00 UTC is, 1 of 2 hours:
-- met.  Closed successful (type closed) at 12:00 UTC: 4 of 8 hours, met.
SELECT znuny.new_ticket(1, 3, 4, '2026-10-26 08:00');
SELECT znuny.article(1, 3, 1, '2026-10-26 08:00');
SELECT znuny.article(1, 1, 0, '2026-10-26 08:30');
SELECT metric, stopped_at FROM znuny_clocks WHERE ticket = '1' AND kind = 'SLA' ORDER BY metric;
SELECT znuny.article(1, 1, 1, '2026-10-26 09:00');
UPDATE znuny.ticket SET ticket_state_id = 2, change_time = '2026-10-26 12:00' WHERE id = 1;
SELECT kind, metric, counterparty, customer, stopped_at, due_at, time_used, state
FROM znuny_clocks WHERE ticket = '1' ORDER BY kind, metric;

-- N2 arrives in Raw and is moved to Junk a quarter of an hour later: as if deleted
SELECT znuny.new_ticket(2, 3, 2, '2026-10-26 10:00');
UPDATE znuny.ticket SET queue_id = 3, change_time = '2026-10-26 10:15' WHERE id = 2;
SELECT kind, metric, state, removed FROM znuny_clocks WHERE ticket = '2' ORDER BY kind, metric;

-- N3, very high (5), Misc, Tue 27 Oct 08:00 UTC (09:00 CET), pending
-- reminder from 08:20 until the customer answers Thu 29 08:00 UTC (10:00
-- CET; Wednesday is a holiday); the agent answers 08:30 UTC.
--   response, 30 min: Tue 20 min, Thu 30 min: 50 min, missed; due Thu
--     09:00 CET + 10 min = 08:10 UTC.
--   resolution, 2 h, running: due Thu 09:00 CET + 1 h 40 = 10:40 CET =
--     09:40 UTC.
SELECT znuny.new_ticket(3, 5, 4, '2026-10-27 08:00');
UPDATE znuny.ticket SET ticket_state_id = 6, change_time = '2026-10-27 08:20' WHERE id = 3;
UPDATE znuny.ticket SET ticket_state_id = 4, change_time = '2026-10-29 08:00' WHERE id = 3;
SELECT znuny.article(3, 1, 1, '2026-10-29 08:30');
SELECT metric, pauses, stopped_at, due_at, time_used, state FROM znuny_clocks WHERE ticket = '3' AND kind = 'SLA'
ORDER BY metric;
-- Thu 09:00 UTC (10:00 CET) it drops to high (4) and moves to the
-- Postmaster queue, which has no OLA: Misc's hold stops (20 min + 1 h);
-- the running resolution takes high's 4 h (1 h 20 used, due 12:40 CET =
-- 11:40 UTC), the stopped response keeps very high.  Closed 11:00 UTC:
-- 3 h 20, met.  Reopened Fri 08:00 UTC, closed 09:00: cycle 2, 1 h, met.
UPDATE znuny.ticket SET ticket_priority_id = 4, queue_id = 1, change_time = '2026-10-29 09:00' WHERE id = 3;
SELECT kind, metric, counterparty, stopped_at, due_at, time_used FROM znuny_clocks WHERE ticket = '3'
ORDER BY kind, metric;
UPDATE znuny.ticket SET ticket_state_id = 3, change_time = '2026-10-29 11:00' WHERE id = 3;
UPDATE znuny.ticket SET ticket_state_id = 4, change_time = '2026-10-30 08:00' WHERE id = 3;
UPDATE znuny.ticket SET ticket_state_id = 2, change_time = '2026-10-30 09:00' WHERE id = 3;
SELECT c.kind, c.metric, c.cycle, c.priority, c.started_at, c.stopped_at, c.time_used, c.state
FROM slm.clocks c WHERE c.tbl = 'znuny.ticket'::regclass AND c.ticket = '3' ORDER BY kind, metric, cycle;

-- a rebuild reads every first response from the article table at once, and agrees
SELECT * FROM pg_temp.rebuild_differs('znuny.ticket', 'znuny_clocks');

------------------------------------------------------------------------
-- Request Tracker 5: statuses as text (stalled waits; resolved and
-- rejected resolve; deleted cancels); Resolved is 1970-01-01 until set
-- and never cleared; priorities 0 low, 50 medium, 100 high; the first
-- response is the first Correspond transaction.
------------------------------------------------------------------------
CREATE SCHEMA rt;
SET search_path = rt;
\set ECHO none
\i test/ticket_systems/rt.sql
\set ECHO all
RESET search_path;
INSERT INTO rt.users (id, name, creator, created, lastupdatedby, lastupdated)
VALUES (22, 'dave', 1, '2026-01-01', 1, '2026-01-01');
INSERT INTO slm.services (name, calendar) VALUES ('rt desk', 'berlin office');
SELECT slm.attach('rt.tickets', key => 'id', opened_at => 'created', priority => 'priority', status => 'status',
                  assignment_group => 'queue', assignee => 'owner', resolved_at => 'resolved',
                  changed_at => 'lastupdated', local_zone => 'UTC', default_service => 'rt desk',
                  lookups => '{"assignment_group": "SELECT id, name FROM queues",
                               "assignee": "SELECT id, name FROM users WHERE id <> 6"}',
                  paused_statuses => '{stalled}', resolved_statuses => '{resolved, rejected}',
                  cancel_when => '{"status": ["deleted"]}', priority_levels => '{100, 50, 0}',
                  responses => '{"table": "transactions", "ticket": "objectid",
                                 "query": "SELECT objectid, created FROM transactions WHERE objecttype = ''RT::Ticket'' AND type = ''Correspond''"}');
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'rt sla', 'rt desk');
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, t.metric, t.priority, t.goal
FROM slm.agreements a,
     (VALUES ('response', 100, interval '1 hour'), ('resolution', 100, '4 hours'),
             ('response', 50, '4 hours'), ('resolution', 50, '16 hours')) t(metric, priority, goal)
WHERE a.name = 'rt sla';
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'rt General', 'rt desk', 'General', id FROM slm.agreements WHERE name = 'rt sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', '8 hours' FROM slm.agreements WHERE name = 'rt General';
INSERT INTO rt.queues (id, name, creator, created, lastupdatedby, lastupdated)
VALUES (3, 'Network', 1, '2026-01-01', 1, '2026-01-01');
CREATE VIEW rt_clocks AS
SELECT c.ticket, c.metric, c.counterparty, c.assignee, c.started_at, c.pauses, c.stopped_at, c.time_used, c.state,
       c.removed_at IS NOT NULL AS removed
FROM slm.clocks c WHERE c.tbl = 'rt.tickets'::regclass;
CREATE FUNCTION rt.transaction(tkt int, kind text, at timestamp) RETURNS void LANGUAGE sql AS $$
    INSERT INTO rt.transactions (objecttype, objectid, type, creator, created) VALUES ('RT::Ticket', tkt, kind, 22, at);
    UPDATE rt.tickets SET lastupdated = at WHERE id = tkt;
$$;

-- R1, medium (50), General, Mon 26 Oct 13:00 UTC (14:00 CET), owned by
-- dave; answered (Correspond) 14:00 UTC: 1 of 4 h, met.  Stalled 15:00
-- UTC to Tue 09:00 UTC, resolved 11:00 UTC: Mon 14:00-16:00 CET and Tue
-- 10:00-12:00 CET, 4 of 16 h, met.
INSERT INTO rt.tickets (id, effectiveid, queue, owner, priority, status, resolved, created, lastupdated)
VALUES (1, 1, 1, 22, 50, 'new', '1970-01-01', '2026-10-26 13:00', '2026-10-26 13:00');
SELECT rt.transaction(1, 'Create', '2026-10-26 13:00');
SELECT rt.transaction(1, 'Correspond', '2026-10-26 14:00');
UPDATE rt.tickets SET status = 'stalled', lastupdated = '2026-10-26 15:00' WHERE id = 1;
UPDATE rt.tickets SET status = 'open', lastupdated = '2026-10-27 09:00' WHERE id = 1;
UPDATE rt.tickets SET status = 'resolved', resolved = '2026-10-27 11:00', lastupdated = '2026-10-27 11:00' WHERE id = 1;
SELECT metric, counterparty, assignee, pauses, stopped_at, time_used, state FROM rt_clocks WHERE ticket = '1' ORDER BY metric;
-- The General queue's hold (8 h) ran as the resolution did: 4 h, met.
-- The requester writes back Thu 29 08:00 UTC (09:00 CET): reopened (RT
-- leaves Resolved as it was), a new resolution cycle and a new General
-- hold; moved to the Network queue 08:30 (General's hold stops, 0.5 h;
-- Network has no OLA); high (100) from 09:00, so the running cycle's goal
-- is 4 h from its start, due 13:00 CET = 12:00 UTC; resolved 10:30 UTC:
-- 2.5 h, met.
UPDATE rt.tickets SET status = 'open', lastupdated = '2026-10-29 08:00' WHERE id = 1;
UPDATE rt.tickets SET queue = 3, lastupdated = '2026-10-29 08:30' WHERE id = 1;
UPDATE rt.tickets SET priority = 100, lastupdated = '2026-10-29 09:00' WHERE id = 1;
UPDATE rt.tickets SET status = 'resolved', resolved = '2026-10-29 10:30', lastupdated = '2026-10-29 10:30' WHERE id = 1;
SELECT c.kind, c.metric, c.cycle, c.counterparty, c.priority, c.started_at, c.stopped_at, c.due_at, c.time_used, c.state
FROM slm.clocks c WHERE c.tbl = 'rt.tickets'::regclass AND c.ticket = '1' ORDER BY kind, metric, cycle;
-- R2, high, deleted half an hour after it came in: as if deleted
INSERT INTO rt.tickets (id, effectiveid, queue, owner, priority, status, resolved, created, lastupdated)
VALUES (2, 2, 1, 6, 100, 'new', '1970-01-01', '2026-10-27 08:00', '2026-10-27 08:00');
UPDATE rt.tickets SET status = 'deleted', lastupdated = '2026-10-27 08:30' WHERE id = 2;
SELECT metric, assignee, state, removed FROM rt_clocks WHERE ticket = '2' ORDER BY metric;
SELECT * FROM pg_temp.rebuild_differs('rt.tickets', 'rt_clocks');

------------------------------------------------------------------------
-- Redmine 5: the server's local time (Europe/Berlin) without zone;
-- statuses and priorities by name (Resolved, Closed and Rejected
-- resolve: closed_on keeps only the last closing, and Resolved is not a
-- closed status; Feedback waits); assigned_to_id names a group (users of
-- type Group, the name in lastname) or a person; the first response is
-- the first public note by someone other than the author.
------------------------------------------------------------------------
CREATE SCHEMA redmine;
SET search_path = redmine;
\set ECHO none
\i test/ticket_systems/redmine.sql
\set ECHO all
RESET search_path;
INSERT INTO redmine.users (id, login, firstname, lastname, type, mail_notification)
VALUES (10, '', '', 'Web team', 'Group', ''), (11, 'erin', 'Erin', 'Agent', 'User', 'all'),
       (12, 'cust', 'Carl', 'Customer', 'User', 'all'), (13, '', '', 'Ops team', 'Group', '');
INSERT INTO redmine.projects (id, name, identifier) VALUES (1, 'Acme portal', 'acme-portal');
INSERT INTO slm.services (name, calendar) VALUES ('redmine desk', 'berlin office');
SELECT slm.attach('redmine.issues', key => 'id', opened_at => 'created_on', priority => 'priority_id',
                  customer => 'project_id', status => 'status_id', assignment_group => 'assigned_to_id',
                  assignee => 'assigned_to_id', changed_at => 'updated_on', local_zone => 'Europe/Berlin',
                  default_service => 'redmine desk',
                  lookups => '{"status": "SELECT id, name FROM issue_statuses",
                               "customer": "SELECT id, name FROM projects",
                               "assignment_group": "SELECT id, lastname FROM users WHERE type = ''Group''",
                               "assignee": "SELECT id, login FROM users WHERE type = ''User''"}',
                  paused_statuses => '{Feedback}', resolved_statuses => '{Resolved, Closed, Rejected}',
                  priority_levels => '{5, 4, 3, 2, 1}',
                  responses => '{"table": "journals", "ticket": "journalized_id",
                                 "query": "SELECT j.journalized_id, j.created_on FROM journals j JOIN issues i ON i.id = j.journalized_id WHERE j.journalized_type = ''Issue'' AND j.notes <> '''' AND NOT j.private_notes AND j.user_id <> i.author_id"}');
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'redmine sla', 'redmine desk');
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'redmine web', 'redmine desk', 'Web team', id FROM slm.agreements WHERE name = 'redmine sla';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, t.metric, t.priority, t.goal
FROM slm.agreements a,
     (VALUES ('response', 5, interval '1 hour'), ('resolution', 5, '4 hours'),
             ('response', 2, '4 hours'), ('resolution', 2, '16 hours')) t(metric, priority, goal)
WHERE a.name = 'redmine sla';
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT 'OLA', 'redmine ops', 'redmine desk', 'Ops team', id FROM slm.agreements WHERE name = 'redmine sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', '8 hours' FROM slm.agreements WHERE name IN ('redmine web', 'redmine ops');
CREATE VIEW redmine_clocks AS
SELECT c.ticket, c.kind, c.metric, c.counterparty, c.customer, c.assignee, c.started_at, c.pauses, c.stopped_at,
       c.due_at, c.time_used, c.state
FROM slm.clocks c WHERE c.tbl = 'redmine.issues'::regclass;
CREATE FUNCTION redmine.note(issue int, author int, notes text, private boolean, at timestamp) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO redmine.journals (journalized_id, journalized_type, user_id, notes, private_notes, created_on)
    VALUES (issue, 'Issue', author, notes, private, at);
    UPDATE redmine.issues SET updated_on = at WHERE id = issue;
$$;

-- I1, Immediate (5), Acme portal, assigned to the Web team, Fri 23 Oct
-- 17:00 Berlin summer time (15:00 UTC).  The author's own note and a
-- private note are no response; Erin's public note Mon 26 Oct 09:30
-- Berlin winter time (08:30 UTC) is: Fri 1 h + Mon 0.5 h = 1.5 of 1 h,
-- missed (due Fri 18:00 CEST = 16:00 UTC).  Resolved Mon 11:00 (10:00
-- UTC): 3 of 4 h, met; Closed Tue 09:00 keeps it.  The Web team's hold
-- stops with it: 3 of 8 h.
INSERT INTO redmine.issues (id, tracker_id, project_id, subject, status_id, assigned_to_id, priority_id, author_id,
                            created_on, updated_on)
VALUES (1, 1, 1, 'login broken', 1, 10, 5, 12, '2026-10-23 17:00', '2026-10-23 17:00');
SELECT redmine.note(1, 12, 'any news?', false, '2026-10-23 17:10');
SELECT redmine.note(1, 11, 'looking', true, '2026-10-23 17:20');
SELECT redmine.note(1, 11, 'fixed the cookie domain', false, '2026-10-26 09:30');
UPDATE redmine.issues SET status_id = 3, updated_on = '2026-10-26 11:00' WHERE id = 1;
UPDATE redmine.issues SET status_id = 5, closed_on = '2026-10-27 09:00', updated_on = '2026-10-27 09:00' WHERE id = 1;
SELECT kind, metric, counterparty, customer, assignee, started_at, stopped_at, due_at, time_used, state
FROM redmine_clocks WHERE ticket = '1' ORDER BY kind, metric;

-- I2, Normal (2), assigned to Erin herself (no group, so no team hold),
-- Mon 26 Oct 10:00 CET; Feedback 11:00 to Tue 10:00, Rejected 12:00
-- without a note: both clocks stop at the rejection, 3 h used, met.
INSERT INTO redmine.issues (id, tracker_id, project_id, subject, status_id, assigned_to_id, priority_id, author_id,
                            created_on, updated_on)
VALUES (2, 1, 1, 'feature wish', 2, 11, 2, 12, '2026-10-26 10:00', '2026-10-26 10:00');
UPDATE redmine.issues SET status_id = 4, updated_on = '2026-10-26 11:00' WHERE id = 2;
UPDATE redmine.issues SET status_id = 2, updated_on = '2026-10-27 10:00' WHERE id = 2;
UPDATE redmine.issues SET status_id = 6, closed_on = '2026-10-27 12:00', updated_on = '2026-10-27 12:00' WHERE id = 2;
SELECT kind, metric, counterparty, assignee, pauses, stopped_at, time_used, state
FROM redmine_clocks WHERE ticket = '2' ORDER BY kind, metric;
-- I3, Normal, Web team, Thu 29 Oct 10:00 CET: handed to the Ops team
-- 11:00 (Web's hold 1 h; Ops's from 11:00), Immediate from 12:00 (the
-- running clocks take its goals from their start: response 1 h, due
-- 11:00 CET; resolution 4 h, due 14:00 CET), Resolved 13:00 without a
-- note (response 3 h, missed; resolution 3 h, met; Ops 2 h), reopened
-- (In Progress) Fri 30 09:00, Closed 10:00 (cycle 2 and Ops's next hold,
-- 1 h each).
INSERT INTO redmine.issues (id, tracker_id, project_id, subject, status_id, assigned_to_id, priority_id, author_id,
                            created_on, updated_on)
VALUES (3, 1, 1, 'backup failed', 1, 10, 2, 12, '2026-10-29 10:00', '2026-10-29 10:00');
UPDATE redmine.issues SET assigned_to_id = 13, updated_on = '2026-10-29 11:00' WHERE id = 3;
UPDATE redmine.issues SET priority_id = 5, updated_on = '2026-10-29 12:00' WHERE id = 3;
UPDATE redmine.issues SET status_id = 3, updated_on = '2026-10-29 13:00' WHERE id = 3;
UPDATE redmine.issues SET status_id = 2, updated_on = '2026-10-30 09:00' WHERE id = 3;
UPDATE redmine.issues SET status_id = 5, closed_on = '2026-10-30 10:00', updated_on = '2026-10-30 10:00' WHERE id = 3;
SELECT c.kind, c.metric, c.cycle, c.counterparty, c.started_at, c.stopped_at, c.due_at, c.time_used, c.state
FROM slm.clocks c WHERE c.tbl = 'redmine.issues'::regclass AND c.ticket = '3' ORDER BY kind, metric, cycle;
SELECT * FROM pg_temp.rebuild_differs('redmine.issues', 'redmine_clocks');

-- the quality report counts neither trashed, junk, deleted nor merged
-- tickets: Zammad has Z1-Z4, Z6 (taken back), Z7-Z9; GLPI G1-G3, G5;
-- Znuny N1, N3; RT R1; Redmine I1-I3
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
                               "service": "SELECT 1, 2", "owner": "SELECT id, login FROM users",
                               "assignee": "SELECT id, nickname FROM users"}',
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
SELECT slm.detach(t, drop_clocks => true) FROM unnest('{znuny.ticket, rt.tickets, redmine.issues}'::regclass[]) t;
SELECT count(*) AS lookup_triggers FROM pg_trigger WHERE tgname = 'slm_lookup_changed';
SET client_min_messages = warning;
DROP SCHEMA zammad, glpi, znuny, rt, redmine CASCADE;  -- with the views of their clocks
RESET client_min_messages;
DELETE FROM slm.agreements WHERE service IN ('zammad desk', 'glpi desk', 'znuny desk', 'rt desk', 'redmine desk');
DELETE FROM slm.services WHERE name IN ('zammad desk', 'glpi desk', 'znuny desk', 'rt desk', 'redmine desk');
DELETE FROM slm.calendars WHERE name = 'berlin office';
