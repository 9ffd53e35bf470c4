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
-- Every change is also written to the system's own audit trail, the rows
-- its application code inserts for that change (Zammad's histories, GLPI's
-- glpi_logs, Znuny's ticket_history, RT's transactions, Redmine's journals),
-- and at the end of each system's section slm.load_history reads that
-- trail, with the README's query and mapping, into the clocks live
-- tracking made.
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
-- the clocks a system's audit trail loads (slm.load_history, field changes)
-- into a table whose clocks are gone, against those live tracking made,
-- column for column as a view of them shows them: the tickets loaded, the
-- rows only live tracking made and the rows only the load made
CREATE FUNCTION pg_temp.load_differs(tbl regclass, clocks regclass, history text, ordered_by text, fields jsonb,
                                     OUT loaded bigint, OUT live_only bigint, OUT loaded_only bigint)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TEMP TABLE live_clocks AS SELECT * FROM %s', clocks);
    DELETE FROM slm.clocks c WHERE c.tbl = load_differs.tbl;
    loaded := slm.load_history(tbl, history, ordered_by, fields);
    EXECUTE format('SELECT count(*) FROM (SELECT * FROM live_clocks EXCEPT ALL SELECT * FROM %s) d', clocks)
    INTO live_only;
    EXECUTE format('SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM live_clocks) d', clocks)
    INTO loaded_only;
    DROP TABLE live_clocks;
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
                  customer_message_at => 'last_contact_customer_at', agent_reply_at => 'last_contact_agent_at',
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
             ('response', 1, '8 hours'), ('resolution', 1, '24 hours'),
             ('next_reply', 2, '2 hours')) t(metric, priority, goal)
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

-- Zammad's history of a ticket as HasHistory writes it (has_history.rb):
-- 'created' when the ticket is created; on every later save one 'updated'
-- row per changed column (not created_at, updated_at, the *_by_id and the
-- columns Ticket ignores), in column order, the attribute named without
-- '_id', ids in id_from/id_to and names in value_from/value_to, a time as
-- Ruby prints it ('2026-10-19 08:30:00 UTC'), created_at = the ticket's
-- updated_at.  Written here by a trigger, as Ticket#save would.
CREATE FUNCTION zammad.history_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col record;
    o text;
    n text;
    attr text;
    names text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO zammad.histories (history_type_id, history_object_id, o_id, created_by_id, created_at, updated_at)
        SELECT t.id, ob.id, NEW.id, NEW.created_by_id, NEW.updated_at, NEW.updated_at
        FROM zammad.history_types t, zammad.history_objects ob WHERE t.name = 'created' AND ob.name = 'Ticket';
        RETURN NULL;
    END IF;
    FOR col IN SELECT attname, atttypid::regtype::text AS typ FROM pg_attribute
               WHERE attrelid = TG_RELID AND attnum > 0 AND NOT attisdropped
                 AND attname NOT IN ('created_at', 'updated_at', 'created_by_id', 'updated_by_id', 'create_article_type_id',
                                     'create_article_sender_id', 'article_count', 'preferences')
               ORDER BY attnum LOOP
        EXECUTE format('SELECT ($1).%1$I::text, ($2).%1$I::text', col.attname) INTO o, n USING OLD, NEW;
        CONTINUE WHEN o IS NOT DISTINCT FROM n;
        attr := regexp_replace(col.attname, '_id$', '');
        names := CASE attr WHEN 'state' THEN 'ticket_states' WHEN 'priority' THEN 'ticket_priorities'
                           WHEN 'group' THEN 'groups' WHEN 'organization' THEN 'organizations' END;
        INSERT INTO zammad.history_attributes (name, created_at, updated_at)
        SELECT attr, NEW.updated_at, NEW.updated_at WHERE NOT EXISTS (SELECT FROM zammad.history_attributes WHERE name = attr);
        INSERT INTO zammad.histories (history_type_id, history_object_id, history_attribute_id, o_id, id_from, id_to,
                                      value_from, value_to, created_by_id, created_at, updated_at)
        SELECT t.id, ob.id, a.id, NEW.id,
               CASE WHEN col.attname LIKE '%\_id' THEN o::int END, CASE WHEN col.attname LIKE '%\_id' THEN n::int END,
               v.value_from, v.value_to, NEW.updated_by_id, NEW.updated_at, NEW.updated_at
        FROM zammad.history_types t, zammad.history_objects ob, zammad.history_attributes a,
             LATERAL (SELECT
                 CASE WHEN col.typ LIKE 'timestamp%' THEN coalesce(to_char(o::timestamp, 'YYYY-MM-DD HH24:MI:SS') || ' UTC', '')
                      WHEN names IS NOT NULL THEN coalesce(zammad.history_name(names, o::int), o, '')
                      WHEN attr IN ('owner', 'customer') THEN coalesce(zammad.history_fullname(o::int), o, '')
                      ELSE coalesce(o, '') END AS value_from,
                 CASE WHEN col.typ LIKE 'timestamp%' THEN coalesce(to_char(n::timestamp, 'YYYY-MM-DD HH24:MI:SS') || ' UTC', '')
                      WHEN names IS NOT NULL THEN coalesce(zammad.history_name(names, n::int), n, '')
                      WHEN attr IN ('owner', 'customer') THEN coalesce(zammad.history_fullname(n::int), n, '')
                      ELSE coalesce(n, '') END AS value_to) v
        WHERE t.name = 'updated' AND ob.name = 'Ticket' AND a.name = attr;
    END LOOP;
    RETURN NULL;
END $$;
-- a record's name (relation_model['name']), or a user's fullname
CREATE FUNCTION zammad.history_name(tbl text, id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT name FROM zammad.%I WHERE id = $1', tbl) INTO r USING id;
    RETURN r;
END $$;
CREATE FUNCTION zammad.history_fullname(id int) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(nullif(trim(firstname || ' ' || lastname), ''), nullif(email, ''), login) FROM zammad.users u WHERE u.id = $1
$$;
CREATE TRIGGER zz_history AFTER INSERT OR UPDATE ON zammad.tickets FOR EACH ROW EXECUTE FUNCTION zammad.history_log();

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
-- leaves the resolution where it was.  After the answer the customer
-- writes 08:40 and the agent replies 09:10 UTC (Zammad's last contact
-- times): the next reply, 30 min of 2 hours, met.
SELECT zammad.open_ticket(4, 2, 1, '2026-10-26 08:00');
UPDATE zammad.tickets SET state_id = 2, first_response_at = '2026-10-26 08:10', last_contact_agent_at = '2026-10-26 08:10',
                          updated_at = '2026-10-26 08:10' WHERE id = 4;
UPDATE zammad.tickets SET last_contact_customer_at = '2026-10-26 08:40', updated_at = '2026-10-26 08:40' WHERE id = 4;
UPDATE zammad.tickets SET last_contact_agent_at = '2026-10-26 09:10', updated_at = '2026-10-26 09:10' WHERE id = 4;
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
-- Ticket#merge_to also logs 'received_merge' on the target (at the target's
-- new updated_at) and 'merged_into' on the merged ticket (at its updated_at
-- before the merge's save): no field changes
INSERT INTO zammad.histories (history_type_id, history_object_id, o_id, id_from, id_to, created_by_id, created_at, updated_at)
SELECT t.id, 1, x.o_id, 5, 2, 1, x.at, x.at
FROM zammad.history_types t
JOIN (VALUES ('received_merge', 2, timestamp '2026-10-29 09:00'), ('merged_into', 5, '2026-10-29 08:00')) x(type, o_id, at)
  ON x.type = t.name;
SELECT kind, metric, started_at, state, removed FROM zammad_clocks WHERE ticket = '5' ORDER BY kind, metric;
-- Z6, removed at 10:30 UTC, then taken back at 11:00: the removed clocks
-- stay as they were, and it gets a new ticket's clocks, from its opening
SELECT zammad.open_ticket(6, 2, 2, '2026-10-29 10:00');
UPDATE zammad.tickets SET state_id = 6, updated_at = '2026-10-29 10:30' WHERE id = 6;
UPDATE zammad.tickets SET state_id = 2, updated_at = '2026-10-29 11:00' WHERE id = 6;
SELECT kind, metric, started_at, state, removed FROM zammad_clocks WHERE ticket = '6' ORDER BY removed, kind, metric;

-- a rebuild gives every clock of these histories again, column for column
SELECT * FROM pg_temp.rebuild_differs('zammad.tickets', 'zammad_clocks');

-- Zammad's own history of these tickets: the rows its code wrote
SELECT h.o_id AS ticket, h.created_at, t.name AS type, a.name AS attribute, h.id_from, h.id_to, h.value_from, h.value_to
FROM zammad.histories h JOIN zammad.history_types t ON t.id = h.history_type_id
LEFT JOIN zammad.history_attributes a ON a.id = h.history_attribute_id
ORDER BY h.o_id, h.created_at, h.id;
-- the README's query: the field changes, an id or a time in the ticket
-- column's own text form (a time to the second, as Zammad writes it)
SET search_path = zammad;
CREATE VIEW zammad.field_changes AS
SELECT h.o_id AS ticket, h.created_at AS at, a.name AS field,
       CASE WHEN a.name LIKE '%\_at' THEN to_char(nullif(h.value_from, '')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
            ELSE h.id_from::text END AS old_value,
       CASE WHEN a.name LIKE '%\_at' THEN to_char(nullif(h.value_to, '')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
            ELSE h.id_to::text END AS new_value,
       h.id
FROM histories h
JOIN history_types t ON t.id = h.history_type_id AND t.name = 'updated'
JOIN history_objects o ON o.id = h.history_object_id AND o.name = 'Ticket'
JOIN history_attributes a ON a.id = h.history_attribute_id
WHERE a.name IN ('state', 'priority', 'group', 'owner', 'organization', 'first_response_at', 'last_close_at',
                 'last_contact_customer_at', 'last_contact_agent_at');
RESET search_path;
SELECT ticket, at, field, old_value, new_value FROM zammad.field_changes ORDER BY ticket, at, id;
-- loaded from the history, the clocks are the live ones, column for column
-- (before the look-ups below rename what the clocks name)
SELECT * FROM pg_temp.load_differs('zammad.tickets', 'zammad_clocks', 'SELECT * FROM zammad.field_changes', 'id',
    '{"state": "status", "priority": "priority", "group": "assignment_group", "owner": "assignee",
      "organization": "customer", "first_response_at": "responded_at", "last_close_at": "resolved_at",
      "last_contact_customer_at": "customer_message_at", "last_contact_agent_at": "agent_reply_at"}');

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
-- a customer made a key account gets the key accounts' targets on its
-- open tickets, whose customer Zammad names by an id: Globex's
-- (organization 2) low priority ticket 10, opened Fri 30 Oct 09:00 UTC
-- (10:00 CET) and not assigned, gets the key accounts' time to own, 2
-- business hours: due 12:00 CET (11:00 UTC); Acme Corp's ticket 11 stays
-- without (before, neither got one until slm.rebuild)
INSERT INTO slm.targets (agreement, metric, priority, tier, goal)
SELECT id, 'own', 1, 'key', interval '2 hours' FROM slm.agreements WHERE name = 'zammad sla';
SELECT zammad.open_ticket(10, 1, 2, '2026-10-30 09:00'), zammad.open_ticket(11, 1, 1, '2026-10-30 09:00');
UPDATE zammad.tickets SET owner_id = 1, updated_at = '2026-10-30 09:00' WHERE id IN (10, 11);
SELECT count(*) AS own_clocks FROM zammad_clocks WHERE metric = 'own';
INSERT INTO slm.customers (name, tier) VALUES ('Globex', 'key');
SELECT ticket, metric, customer, started_at, due_at, state FROM zammad_clocks WHERE metric = 'own';
DELETE FROM zammad.tickets WHERE id IN (10, 11);
DELETE FROM slm.targets WHERE metric = 'own' AND tier = 'key';
DELETE FROM slm.customers WHERE name = 'Globex';

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
                  default_service => 'glpi desk', category => 'itilcategories_id', agreement => 'slas_id_ttr',
                  lookups => '{"customer": "SELECT id, name FROM glpi_entities",
                               "category": "SELECT id, completename FROM glpi_itilcategories",
                               "agreement": "SELECT s.id, m.name FROM glpi_slas s JOIN glpi_slms m ON m.id = s.slms_id"}',
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

-- GLPI's log of a ticket as its code writes it (Log::history, called by
-- CommonDBTM::add, update, delete and restore and CommonDBRelation for
-- actor links), at the request's time, which is the ticket's date_mod:
-- creation is linked_action 20; an update logs the input fields that
-- changed, by search option (12 status, 3 priority, 80 entity as 'name
-- (id)'), then solvedate (17) and closedate (16) when a status change sets
-- them ('' for NULL before, the string 'NULL' when a reopening clears
-- them); takeintoaccountdate and date_mod are never logged; the trash is
-- linked_action 13 and its undoing 14, nothing else; a group linked to or
-- unlinked from the ticket is 15 or 16 on both.  Written here by triggers.
CREATE FUNCTION glpi.log_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO glpi.glpi_logs (itemtype, items_id, linked_action, user_name, date_mod, id_search_option, old_value, new_value)
        VALUES ('Ticket', NEW.id, 20, 'glpi (2)', NEW.date_mod, 0, '', '');
    ELSIF NEW.is_deleted <> OLD.is_deleted THEN
        INSERT INTO glpi.glpi_logs (itemtype, items_id, linked_action, user_name, date_mod, id_search_option, old_value, new_value)
        VALUES ('Ticket', NEW.id, CASE WHEN NEW.is_deleted = 1 THEN 13 ELSE 14 END, 'glpi (2)', NEW.date_mod, 0, '', '');
    ELSE
        INSERT INTO glpi.glpi_logs (itemtype, items_id, linked_action, user_name, date_mod, id_search_option, old_value, new_value)
        SELECT 'Ticket', NEW.id, 0, 'glpi (2)', NEW.date_mod, c.opt, c.o, c.n
        FROM (VALUES
            (1, 12, NEW.status <> OLD.status, OLD.status::text, NEW.status::text),
            (2, 3, NEW.priority <> OLD.priority, OLD.priority::text, NEW.priority::text),
            (3, 80, NEW.entities_id <> OLD.entities_id,
             (SELECT completename || ' (' || id || ')' FROM glpi.glpi_entities WHERE id = OLD.entities_id),
             (SELECT completename || ' (' || id || ')' FROM glpi.glpi_entities WHERE id = NEW.entities_id)),
            (4, 17, NEW.status <> OLD.status AND NEW.solvedate IS DISTINCT FROM OLD.solvedate,
             coalesce(to_char(OLD.solvedate, 'YYYY-MM-DD HH24:MI:SS'), ''), coalesce(to_char(NEW.solvedate, 'YYYY-MM-DD HH24:MI:SS'), 'NULL')),
            (5, 16, NEW.status <> OLD.status AND NEW.closedate IS DISTINCT FROM OLD.closedate,
             coalesce(to_char(OLD.closedate, 'YYYY-MM-DD HH24:MI:SS'), ''), coalesce(to_char(NEW.closedate, 'YYYY-MM-DD HH24:MI:SS'), 'NULL'))
        ) c(ord, opt, changed, o, n)
        WHERE c.changed ORDER BY c.ord;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER zz_log AFTER INSERT OR UPDATE ON glpi.glpi_tickets FOR EACH ROW EXECUTE FUNCTION glpi.log_ticket();
-- Group_Ticket: added, search option 8 (assigned), 71 (requester) or 65
-- (observer) on the ticket; removed, 0; a change of its type logs nothing
-- (CommonDBRelation logs only a change of the linked items)
CREATE FUNCTION glpi.log_group_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE l glpi.glpi_groups_tickets := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
    INSERT INTO glpi.glpi_logs (itemtype, items_id, itemtype_link, linked_action, user_name, date_mod, id_search_option,
                                old_value, new_value)
    SELECT x.itemtype, x.items_id, x.link, CASE WHEN TG_OP = 'INSERT' THEN 15 ELSE 16 END, 'glpi (2)', t.date_mod,
           CASE WHEN TG_OP = 'INSERT' AND x.itemtype = 'Ticket' THEN CASE l.type WHEN 1 THEN 71 WHEN 2 THEN 8 ELSE 65 END ELSE 0 END,
           CASE WHEN TG_OP = 'DELETE' THEN x.name ELSE '' END, CASE WHEN TG_OP = 'INSERT' THEN x.name ELSE '' END
    FROM glpi.glpi_tickets t, glpi.glpi_groups g,
         LATERAL (VALUES (1, 'Ticket', t.id, 'Group', g.name || ' (' || g.id || ')'),
                         (2, 'Group', g.id, 'Ticket', t.name || ' (' || t.id || ')')) x(ord, itemtype, items_id, link, name)
    WHERE t.id = l.tickets_id AND g.id = l.groups_id ORDER BY x.ord;
    RETURN NULL;
END $$;
CREATE TRIGGER zz_log AFTER INSERT OR DELETE ON glpi.glpi_groups_tickets FOR EACH ROW EXECUTE FUNCTION glpi.log_group_link();

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

-- Which SLA applies: GLPI's categories (ITIL categories, by complete
-- name) and the SLA set on the ticket (slas_id_ttr, a time-to-resolve SLA
-- of a service level, named as its SLM).  An outage resolves within 3
-- hours; the SLM Gold's tickets within 1 hour.
INSERT INTO glpi.glpi_itilcategories (id, name, completename, level) VALUES (1, 'Network', 'Network', 1);
INSERT INTO glpi.glpi_itilcategories (id, itilcategories_id, name, completename, level)
VALUES (2, 1, 'Outage', 'Network > Outage', 2);
INSERT INTO glpi.glpi_slms (id, name) VALUES (1, 'Gold');
INSERT INTO glpi.glpi_slas (id, name, type, number_time, definition_time, slms_id)
VALUES (1, 'Gold resolution', 0, 1, 'hour', 1), (2, 'Gold take into account', 1, 15, 'minute', 1);
INSERT INTO slm.targets (agreement, metric, category, goal)
SELECT id, 'resolution', 'Network > Outage', '3 hours' FROM slm.agreements WHERE name = 'glpi sla';
INSERT INTO slm.services (name, calendar) SELECT 'glpi gold', calendar FROM slm.services WHERE name = 'glpi desk';
INSERT INTO slm.agreements (kind, name, service) VALUES ('SLA', 'Gold', 'glpi gold');
INSERT INTO slm.targets (agreement, metric, goal) SELECT id, 'resolution', '1 hour' FROM slm.agreements WHERE name = 'Gold';
-- G6, high (4), an outage, Fri 30 Oct 09:00 CET, solved 11:00: 2 of 3
-- hours (not the high priority's 12), met.  G7, high, an outage on Gold
-- (slas_id_ttr 1), the same times: 2 of 1 hour, missed; its response
-- keeps the high priority's 4 hours (Gold sets no response).
INSERT INTO glpi.glpi_tickets (id, entities_id, name, date, date_mod, status, priority, itilcategories_id, slas_id_ttr)
VALUES (6, 1, 'line cut', '2026-10-30 09:00', '2026-10-30 09:00', 2, 4, 2, 0),
       (7, 1, 'line cut at the bank', '2026-10-30 09:00', '2026-10-30 09:00', 2, 4, 2, 1);
UPDATE glpi.glpi_tickets SET status = 5, solvedate = '2026-10-30 11:00', date_mod = '2026-10-30 11:00' WHERE id IN (6, 7);
SELECT c.ticket, c.metric, c.category, c.named_agreement, a.name AS agreement, c.goal, c.time_used, c.state
FROM slm.clocks c JOIN slm.agreements a ON a.id = c.agreement
WHERE c.tbl = 'glpi.glpi_tickets'::regclass AND c.ticket IN ('6', '7') AND c.kind = 'SLA' ORDER BY c.ticket, c.metric;

-- a rebuild gives every clock again, column for column
SELECT * FROM pg_temp.rebuild_differs('glpi.glpi_tickets', 'glpi_clocks');

-- GLPI's own log of these tickets
SELECT items_id, itemtype, date_mod, linked_action, itemtype_link, id_search_option, old_value, new_value
FROM glpi.glpi_logs ORDER BY itemtype DESC, items_id, id;
-- the README's query: status, priority, solvedate and entity changes, and
-- the trash as is_deleted going from 0 to 1 and back; the entity's id out
-- of its 'name (id)'
SET search_path = glpi;
CREATE VIEW glpi.field_changes AS
SELECT l.items_id AS ticket, l.date_mod AS at, f.field,
       CASE WHEN f.field = 'is_deleted' THEN (l.linked_action - 13)::text
            WHEN f.field = 'entities_id' THEN substring(l.old_value FROM '\((\d+)\)$')
            ELSE nullif(nullif(l.old_value, ''), 'NULL') END AS old_value,
       CASE WHEN f.field = 'is_deleted' THEN (14 - l.linked_action)::text
            WHEN f.field = 'entities_id' THEN substring(l.new_value FROM '\((\d+)\)$')
            ELSE nullif(nullif(l.new_value, ''), 'NULL') END AS new_value,
       l.id
FROM glpi_logs l,
     LATERAL (SELECT CASE WHEN l.linked_action IN (13, 14) THEN 'is_deleted'
                          WHEN l.linked_action = 0 THEN CASE l.id_search_option WHEN 12 THEN 'status' WHEN 3 THEN 'priority'
                                                        WHEN 17 THEN 'solvedate' WHEN 80 THEN 'entities_id' END
                     END AS field) f
WHERE l.itemtype = 'Ticket' AND f.field IS NOT NULL
UNION ALL
-- the groups assigned (a link added with search option 8), and their
-- removal (which does not say the link's type: the group's last link
-- added to the ticket before it does)
SELECT l.items_id, l.date_mod, 'group',
       CASE WHEN l.linked_action = 16 THEN substring(l.old_value FROM '^(.*) \(\d+\)$') END,
       CASE WHEN l.linked_action = 15 THEN substring(l.new_value FROM '^(.*) \(\d+\)$') END,
       l.id
FROM glpi_logs l
WHERE l.itemtype = 'Ticket' AND l.itemtype_link = 'Group'
  AND ((l.linked_action = 15 AND l.id_search_option = 8)
       OR (l.linked_action = 16
           AND (SELECT a.id_search_option FROM glpi_logs a
                WHERE a.itemtype = 'Ticket' AND a.items_id = l.items_id AND a.itemtype_link = 'Group'
                  AND a.linked_action = 15 AND a.new_value = l.old_value AND a.id < l.id
                ORDER BY a.id DESC LIMIT 1) = 8));
RESET search_path;
SELECT ticket, at, field, old_value, new_value FROM glpi.field_changes ORDER BY ticket, at, id;
-- loaded from the log, the clocks are the live ones, except what the log
-- cannot say: a link whose type changes (G2's Network group, a
-- requester's link made an assignment Thu 10:00 CET) is not logged, so
-- its hold (Thu 10:00-10:30 CET) is only in the live clocks
CREATE TEMP TABLE glpi_live AS SELECT * FROM glpi_clocks;
DELETE FROM slm.clocks WHERE tbl = 'glpi.glpi_tickets'::regclass;
SELECT slm.load_history('glpi.glpi_tickets', 'SELECT * FROM glpi.field_changes', 'id',
    '{"status": "status", "priority": "priority", "solvedate": "resolved_at", "entities_id": "customer",
      "is_deleted": "is_deleted", "group": "group_links"}') AS loaded;
SELECT 'live only' AS clock, * FROM (SELECT * FROM glpi_live EXCEPT ALL SELECT * FROM glpi_clocks) d
UNION ALL
SELECT 'loaded only', * FROM (SELECT * FROM glpi_clocks EXCEPT ALL SELECT * FROM glpi_live) d
ORDER BY 2, 3, 4, 5, 1;
DROP TABLE glpi_live;

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
    -- ArticleCreate's history row, of the type the front end passes
    INSERT INTO znuny.ticket_history (name, history_type_id, ticket_id, article_id, type_id, queue_id, owner_id,
                                      priority_id, state_id, create_time, create_by, change_time, change_by)
    SELECT CASE WHEN sender = 3 THEN '%%' WHEN visible = 1 THEN '%%customer@acme.example' ELSE '%%Note' END, ht.id, t.id,
           currval(pg_get_serial_sequence('znuny.article', 'id')), coalesce(t.type_id, 1), t.queue_id, t.user_id,
           t.ticket_priority_id, t.ticket_state_id, at, 1, at, 1
    FROM znuny.ticket t
    JOIN znuny.ticket_history_type ht
      ON ht.name = CASE WHEN sender = 3 THEN 'EmailCustomer' WHEN visible = 1 THEN 'SendAnswer' ELSE 'AddNote' END
    WHERE t.id = tkt;
    UPDATE znuny.ticket SET change_time = at WHERE id = tkt;
$$;
-- Znuny's history of a ticket as Kernel::System::Ticket writes it
-- (HistoryAdd: each row carries the ticket's queue, owner, priority, state
-- and type after the change, create_time = the change's time):
-- TicketCreate 'NewTicket' ('%%TN%%Queue%%Priority%%State%%TicketID') and
-- TicketCustomerSet's 'CustomerUpdate'; TicketStateSet 'StateUpdate'
-- ('%%old%%new%%'), TicketPrioritySet 'PriorityUpdate'
-- ('%%old%%old id%%new%%new id'), TicketQueueSet 'Move' ('%%new%%new
-- id%%old%%old id'), TicketOwnerSet 'OwnerUpdate' ('%%login%%id'), one
-- call, one row, each.  The type is 1 (Unclassified), TicketCreate's
-- default.  Written here by a trigger.
CREATE FUNCTION znuny.history_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    q int := OLD.queue_id; o int := OLD.user_id; p int := OLD.ticket_priority_id; st int := OLD.ticket_state_id;
BEGIN
    IF TG_OP = 'INSERT' THEN
        q := NEW.queue_id; o := NEW.user_id; p := NEW.ticket_priority_id; st := NEW.ticket_state_id;
        PERFORM znuny.history_row(NEW, 'NewTicket',
            '%%' || NEW.tn || '%%' || (SELECT name FROM znuny.queue WHERE id = q) || '%%'
            || (SELECT name FROM znuny.ticket_priority WHERE id = p) || '%%' || (SELECT name FROM znuny.ticket_state WHERE id = st)
            || '%%' || NEW.id, q, o, p, st);
        PERFORM znuny.history_row(NEW, 'CustomerUpdate',
            '%%CustomerID=' || coalesce(NEW.customer_id, '') || ';CustomerUser=' || coalesce(NEW.customer_user_id, '') || ';',
            q, o, p, st);
        RETURN NULL;
    END IF;
    IF NEW.ticket_state_id <> OLD.ticket_state_id THEN
        st := NEW.ticket_state_id;
        PERFORM znuny.history_row(NEW, 'StateUpdate',
            '%%' || (SELECT name FROM znuny.ticket_state WHERE id = OLD.ticket_state_id) || '%%'
            || (SELECT name FROM znuny.ticket_state WHERE id = st) || '%%', q, o, p, st);
    END IF;
    IF NEW.ticket_priority_id <> OLD.ticket_priority_id THEN
        p := NEW.ticket_priority_id;
        PERFORM znuny.history_row(NEW, 'PriorityUpdate',
            '%%' || (SELECT name FROM znuny.ticket_priority WHERE id = OLD.ticket_priority_id) || '%%' || OLD.ticket_priority_id
            || '%%' || (SELECT name FROM znuny.ticket_priority WHERE id = p) || '%%' || p, q, o, p, st);
    END IF;
    IF NEW.queue_id <> OLD.queue_id THEN
        q := NEW.queue_id;
        PERFORM znuny.history_row(NEW, 'Move',
            '%%' || (SELECT name FROM znuny.queue WHERE id = q) || '%%' || q
            || '%%' || (SELECT name FROM znuny.queue WHERE id = OLD.queue_id) || '%%' || OLD.queue_id, q, o, p, st);
    END IF;
    IF NEW.user_id <> OLD.user_id THEN
        o := NEW.user_id;
        PERFORM znuny.history_row(NEW, 'OwnerUpdate', '%%' || (SELECT login FROM znuny.users WHERE id = o) || '%%' || o,
                                  q, o, p, st);
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION znuny.history_row(t znuny.ticket, history_type text, history_name text, q int, o int, p int, st int)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO znuny.ticket_history (name, history_type_id, ticket_id, type_id, queue_id, owner_id, priority_id, state_id,
                                      create_time, create_by, change_time, change_by)
    SELECT history_name, ht.id, t.id, coalesce(t.type_id, 1), q, o, p, st, t.change_time, t.change_by, t.change_time, t.change_by
    FROM znuny.ticket_history_type ht WHERE ht.name = history_type
$$;
CREATE TRIGGER zz_history AFTER INSERT OR UPDATE ON znuny.ticket FOR EACH ROW EXECUTE FUNCTION znuny.history_add();

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

-- Znuny's own history of these tickets
SELECT h.ticket_id, h.create_time, t.name AS type, h.name, h.article_id IS NOT NULL AS article, h.queue_id, h.owner_id,
       h.priority_id, h.state_id
FROM znuny.ticket_history h JOIN znuny.ticket_history_type t ON t.id = h.history_type_id
ORDER BY h.ticket_id, h.create_time, h.id;
-- the README's query: each row is the ticket as it was after the change,
-- so a field changed where it differs from the row before (of the rows
-- that change fields); the customer from the CustomerUpdate rows' names
SET search_path = znuny;
CREATE VIEW znuny.field_changes AS
SELECT ticket, at, field, old_value, new_value, id
FROM (SELECT h.ticket_id AS ticket, h.create_time AS at, h.id, v.field, v.value AS new_value,
             lag(v.value) OVER (PARTITION BY h.ticket_id, v.field ORDER BY h.create_time, h.id) AS old_value
      FROM ticket_history h
      JOIN ticket_history_type t ON t.id = h.history_type_id
      CROSS JOIN LATERAL (VALUES ('ticket_state_id', h.state_id::text), ('ticket_priority_id', h.priority_id::text),
                                 ('queue_id', h.queue_id::text), ('user_id', h.owner_id::text),
                                 ('customer_id', substring(h.name FROM 'CustomerID=([^;]*);'))) v(field, value)
      WHERE (t.name IN ('NewTicket', 'StateUpdate', 'PriorityUpdate', 'Move', 'OwnerUpdate') AND v.field <> 'customer_id')
         OR (t.name = 'CustomerUpdate' AND v.field = 'customer_id' AND v.value IS NOT NULL)) c
WHERE old_value <> new_value;
RESET search_path;
SELECT ticket, at, field, old_value, new_value FROM znuny.field_changes ORDER BY ticket, at, id, field;
-- loaded from the history, the clocks are the live ones, column for column
-- (the first responses come from the article table, as live)
SELECT * FROM pg_temp.load_differs('znuny.ticket', 'znuny_clocks', 'SELECT * FROM znuny.field_changes', 'id',
    '{"ticket_state_id": "status", "ticket_priority_id": "priority", "queue_id": "assignment_group",
      "user_id": "assignee", "customer_id": "customer"}');

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
-- RT's transactions for a ticket's changes as RT::Ticket writes them:
-- _SetStatus a 'Status' transaction (Field 'Status'; Started and Resolved
-- are set without one), _Set a 'Set' transaction (Field 'Queue',
-- 'Priority', 'Owner'; ids and numbers as text; an owner change also
-- records 'SetWatcher'), Created = the change's time (LastUpdated).
-- Written here by a trigger; Create and Correspond by rt.transaction.
CREATE FUNCTION rt.record_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rt.transactions (objecttype, objectid, type, field, oldvalue, newvalue, creator, created)
    SELECT 'RT::Ticket', NEW.id, c.type, c.field, c.o, c.n, 22, NEW.lastupdated
    FROM (VALUES (1, 'Status', 'Status', OLD.status, NEW.status),
                 (2, 'Set', 'Queue', OLD.queue::text, NEW.queue::text),
                 (3, 'Set', 'Priority', OLD.priority::text, NEW.priority::text),
                 (4, 'Set', 'Owner', OLD.owner::text, NEW.owner::text),
                 (5, 'SetWatcher', 'Owner', OLD.owner::text, NEW.owner::text)) c(ord, type, field, o, n)
    WHERE c.o IS DISTINCT FROM c.n ORDER BY c.ord;
    RETURN NULL;
END $$;
CREATE TRIGGER zz_transactions AFTER UPDATE ON rt.tickets FOR EACH ROW EXECUTE FUNCTION rt.record_transactions();
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
SELECT rt.transaction(2, 'Create', '2026-10-27 08:00');
UPDATE rt.tickets SET status = 'deleted', lastupdated = '2026-10-27 08:30' WHERE id = 2;
SELECT metric, assignee, state, removed FROM rt_clocks WHERE ticket = '2' ORDER BY metric;
SELECT * FROM pg_temp.rebuild_differs('rt.tickets', 'rt_clocks');

-- RT's own transactions of these tickets
SELECT objectid, created, type, field, oldvalue, newvalue FROM rt.transactions ORDER BY objectid, created, id;
-- the README's query: status changes and the queue, priority and owner sets
SET search_path = rt;
CREATE VIEW rt.field_changes AS
SELECT objectid AS ticket, created AS at, field, oldvalue AS old_value, newvalue AS new_value, id
FROM transactions
WHERE objecttype = 'RT::Ticket'
  AND ((type = 'Status' AND field = 'Status') OR (type = 'Set' AND field IN ('Queue', 'Priority', 'Owner')));
RESET search_path;
SELECT ticket, at, field, old_value, new_value FROM rt.field_changes ORDER BY ticket, at, id;
-- loaded from the transactions, the clocks are the live ones, column for
-- column (Resolved, never cleared, is the ticket's row's; the responses
-- are the Correspond transactions, as live)
SELECT * FROM pg_temp.load_differs('rt.tickets', 'rt_clocks', 'SELECT * FROM rt.field_changes', 'id',
    '{"Status": "status", "Priority": "priority", "Queue": "assignment_group", "Owner": "assignee"}');

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
-- Redmine's journal of an issue's changes as Journal writes it
-- (journal.rb: one journal per save, with notes '' when there are none;
-- a detail of property 'attr' for each changed column of
-- Issue#journalized_attribute_names, every column but id, root_id, lft,
-- rgt, lock_version, created_on, updated_on and closed_on, in column
-- order, values as text; created_on the save's time).  By Erin (11),
-- written here by a trigger.
CREATE FUNCTION redmine.journalize() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col record;
    o text;
    n text;
    j int;
BEGIN
    FOR col IN SELECT attname, atttypid::regtype::text AS typ FROM pg_attribute
               WHERE attrelid = TG_RELID AND attnum > 0 AND NOT attisdropped
                 AND attname NOT IN ('id', 'root_id', 'lft', 'rgt', 'lock_version', 'created_on', 'updated_on', 'closed_on')
               ORDER BY attnum LOOP
        EXECUTE format('SELECT ($1).%1$I::text, ($2).%1$I::text', col.attname) INTO o, n USING OLD, NEW;
        IF col.typ = 'boolean' THEN
            o := CASE o WHEN 'true' THEN '1' WHEN 'false' THEN '0' END;
            n := CASE n WHEN 'true' THEN '1' WHEN 'false' THEN '0' END;
        END IF;
        CONTINUE WHEN o IS NOT DISTINCT FROM n OR (coalesce(o, '') = '' AND coalesce(n, '') = '');
        IF j IS NULL THEN
            INSERT INTO redmine.journals (journalized_id, journalized_type, user_id, notes, private_notes, created_on)
            VALUES (NEW.id, 'Issue', 11, '', false, NEW.updated_on) RETURNING id INTO j;
        END IF;
        INSERT INTO redmine.journal_details (journal_id, property, prop_key, old_value, value)
        VALUES (j, 'attr', col.attname, o, n);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER zz_journal AFTER UPDATE ON redmine.issues FOR EACH ROW EXECUTE FUNCTION redmine.journalize();
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

-- Redmine's own journals of these issues
SELECT j.journalized_id, j.created_on, j.user_id, j.notes, j.private_notes, d.property, d.prop_key, d.old_value, d.value
FROM redmine.journals j LEFT JOIN redmine.journal_details d ON d.journal_id = j.id
ORDER BY j.journalized_id, j.created_on, j.id, d.id;
-- the README's query: the attribute changes of the journals, the details
-- of one journal one change (its id orders them)
SET search_path = redmine;
CREATE VIEW redmine.field_changes AS
SELECT j.journalized_id AS ticket, j.created_on AS at, d.prop_key AS field, d.old_value, d.value AS new_value,
       j.id AS journal
FROM journals j JOIN journal_details d ON d.journal_id = j.id
WHERE j.journalized_type = 'Issue' AND d.property = 'attr'
  AND d.prop_key IN ('status_id', 'priority_id', 'assigned_to_id', 'project_id');
RESET search_path;
SELECT ticket, at, field, old_value, new_value FROM redmine.field_changes ORDER BY ticket, at, journal, field;
-- loaded from the journals, the clocks are the live ones, column for
-- column (assigned_to_id feeds both the team and the assignee)
SELECT * FROM pg_temp.load_differs('redmine.issues', 'redmine_clocks', 'SELECT * FROM redmine.field_changes', 'journal',
    '{"status_id": "status", "priority_id": "priority", "assigned_to_id": "assigned_to_id", "project_id": "customer"}');

-- the quality report counts neither trashed, junk, deleted nor merged
-- tickets: Zammad has Z1-Z4, Z6 (taken back), Z7-Z9; GLPI G1-G3, G5;
-- Znuny N1, N3; RT R1; Redmine I1-I3
SELECT c.tbl::text, count(DISTINCT c.ticket) AS tickets
FROM slm.clocks c WHERE c.removed_at IS NULL AND c.kind = 'SLA'
GROUP BY 1 ORDER BY 1;
SELECT sum(tickets) AS tickets FROM slm.quality_report('2026-10-01', '2026-10-31', 'month');

-- each system's mapping holds as stored: attached again with it (as after
-- a mapped column changed its type), every table keeps its mapping and
-- its clocks
CREATE TEMP TABLE mappings_before AS SELECT to_jsonb(t) - 'attached_at' AS mapping FROM slm.tracked_tables t;
CREATE TEMP TABLE clocks_before AS SELECT * FROM slm.clocks;
SELECT count(*) AS attached_again
FROM (SELECT slm.attach_again(t.tbl) FROM slm.tracked_tables t ORDER BY t.tbl::text) a;
SELECT (SELECT count(*) FROM (SELECT to_jsonb(t) - 'attached_at' FROM slm.tracked_tables t
                              EXCEPT SELECT mapping FROM mappings_before) m) AS mappings_changed,
       (SELECT count(*) FROM (SELECT * FROM slm.clocks EXCEPT SELECT * FROM clocks_before) c) AS clocks_changed;

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
DELETE FROM slm.agreements WHERE service IN ('zammad desk', 'glpi desk', 'glpi gold', 'znuny desk', 'rt desk', 'redmine desk');
DELETE FROM slm.services WHERE name IN ('zammad desk', 'glpi desk', 'glpi gold', 'znuny desk', 'rt desk', 'redmine desk');
DELETE FROM slm.calendars WHERE name = 'berlin office';
