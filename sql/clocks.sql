-- clocks: SLA clocks on a user's ticket table
SET TimeZone = 'Asia/Shanghai';
\i sql/include/try.sql

-- the model: the standard SLA, a team's OLA, a supplier's UC
SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'key'), ('globex', NULL);
INSERT INTO slm.targets (agreement, metric, priority, tier, goal)
SELECT id, 'resolution', 2, 'key', '6 hours' FROM slm.agreements WHERE name = 'standard';
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT 'network team', 'OLA', 'default', 'network', id FROM slm.agreements WHERE name = 'standard';
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT 'carrier', 'UC', 'default', 'telco', id FROM slm.agreements WHERE name = 'standard';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT id, 'resolution', CASE kind WHEN 'OLA' THEN interval '4 hours' ELSE interval '3 hours' END
FROM slm.agreements WHERE kind IN ('OLA', 'UC');

-- a help desk's own table, with its own column names
CREATE TABLE helpdesk (
    ticket_no    text PRIMARY KEY,
    created      timestamptz NOT NULL,
    prio         smallint,
    client       varchar(40),
    state        text NOT NULL DEFAULT 'new',
    state_since  timestamptz,
    first_reply  timestamptz,
    closed       timestamptz,
    team         text,
    vendor       text,
    agent        text,
    csat         numeric(3,1),
    body         text
);

-- attach checks the mapping
SELECT pg_temp.try($$SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'created_at', priority => 'prio')$$);
SELECT pg_temp.try($$SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'body', priority => 'prio')$$);
SELECT pg_temp.try($$SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'created', priority => 'client')$$);
SELECT pg_temp.try($$SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'created')$$);
SELECT pg_temp.try($$SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'created', priority => 'prio', satisfaction => 'agent')$$);
SELECT pg_temp.try($$SELECT slm.attach('pg_class', key => 'oid', opened_at => 'created', priority => 'prio')$$);
SELECT pg_temp.try($$SELECT slm.attach('no_such_table', key => 'x', opened_at => 'y', priority => 'z')$$);
SELECT slm.attach('helpdesk', key => 'ticket_no', opened_at => 'created', priority => 'prio', customer => 'client',
                  status => 'state', status_changed_at => 'state_since', responded_at => 'first_reply',
                  resolved_at => 'closed', assignment_group => 'team', supplier => 'vendor', assignee => 'agent',
                  satisfaction => 'csat', paused_statuses => '{waiting for customer}',
                  supplier_statuses => '{waiting for vendor}');
SELECT tbl, key, opened_at, priority, status, paused_statuses, supplier_statuses FROM slm.tracked_tables;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'helpdesk'::regclass ORDER BY 1;

CREATE VIEW clock_view AS
SELECT ticket, kind, metric, cycle, counterparty, priority, goal, started_at, pauses, paused_since, stopped_at,
       due_at, warn_from, state
FROM slm.clocks ORDER BY ticket, kind, metric, cycle;

-- a P2 ticket for a standard customer: response 4h, resolution 12h on 09:00-18:00 weekdays
INSERT INTO helpdesk (ticket_no, created, prio, client, state, state_since, agent)
VALUES ('T-1', '2026-11-23 10:00', 2, 'globex', 'new', '2026-11-23 10:00', 'ann');
SELECT * FROM clock_view WHERE ticket = 'T-1';

-- waiting on the customer pauses the clocks; the due time moves by the paused business time
UPDATE helpdesk SET state = 'waiting for customer', state_since = '2026-11-23 11:00' WHERE ticket_no = 'T-1';
SELECT ticket, metric, state, paused_since FROM clock_view WHERE ticket = 'T-1';
UPDATE helpdesk SET state = 'open', state_since = '2026-11-24 10:00' WHERE ticket_no = 'T-1';
SELECT * FROM clock_view WHERE ticket = 'T-1';
-- responded: the response clock stops
UPDATE helpdesk SET first_reply = '2026-11-24 11:00' WHERE ticket_no = 'T-1';
SELECT metric, stopped_at, due_at, state FROM clock_view WHERE ticket = 'T-1';
-- resolved, then reopened: a new resolution cycle from the reopening
UPDATE helpdesk SET closed = '2026-11-24 17:00', state = 'resolved', state_since = '2026-11-24 17:00' WHERE ticket_no = 'T-1';
UPDATE helpdesk SET closed = NULL, state = 'reopened', state_since = '2026-11-25 09:30' WHERE ticket_no = 'T-1';
SELECT * FROM clock_view WHERE ticket = 'T-1';
-- a priority change recomputes the running clocks from their start; stopped ones keep theirs
UPDATE helpdesk SET prio = 1 WHERE ticket_no = 'T-1';
SELECT metric, cycle, priority, goal, started_at, due_at, state FROM clock_view WHERE ticket = 'T-1';

-- a save that writes every column with the values it had (as ORMs do), or
-- changes only columns slm does not read, leaves the clocks alone
CREATE TEMP TABLE before_save AS SELECT id, xmin::text AS version FROM slm.clocks WHERE ticket = 'T-1';
UPDATE helpdesk SET created = created, prio = prio, client = client, state = state, state_since = state_since,
                    first_reply = first_reply, closed = closed, team = team, vendor = vendor, agent = agent,
                    csat = csat, body = 'more detail'
WHERE ticket_no = 'T-1';
SELECT count(*) AS clocks, count(*) FILTER (WHERE b.version = c.xmin::text) AS untouched
FROM before_save b JOIN slm.clocks c USING (id);
-- while a value slm reads does reach them
UPDATE helpdesk SET agent = 'bob' WHERE ticket_no = 'T-1';
SELECT count(*) FILTER (WHERE b.version = c.xmin::text) AS untouched, min(c.assignee) AS assignee
FROM before_save b JOIN slm.clocks c USING (id);

-- a key customer's P2 gets the key target (6h)
INSERT INTO helpdesk (ticket_no, created, prio, client, state_since) VALUES ('T-2', '2026-11-23 16:00', 2, 'acme', '2026-11-23 16:00');
SELECT metric, goal, due_at FROM clock_view WHERE ticket = 'T-2';

-- OLA: the network team's hold, then a hand-off and back (a new cycle each time)
INSERT INTO helpdesk (ticket_no, created, prio, client, team, state_since) VALUES ('T-3', '2026-11-23 09:00', 3, 'globex', 'network', '2026-11-23 09:00');
UPDATE helpdesk SET team = 'desktop', state_since = '2026-11-23 12:00' WHERE ticket_no = 'T-3';
UPDATE helpdesk SET team = 'network', state_since = '2026-11-23 14:00' WHERE ticket_no = 'T-3';
UPDATE helpdesk SET closed = '2026-11-23 17:00', state = 'resolved', state_since = '2026-11-23 17:00' WHERE ticket_no = 'T-3';
SELECT kind, cycle, counterparty, started_at, stopped_at, due_at, state FROM clock_view WHERE ticket = 'T-3' AND kind = 'OLA';

-- UC: runs while waiting on the supplier
INSERT INTO helpdesk (ticket_no, created, prio, client, state_since) VALUES ('T-4', '2026-11-23 09:00', 3, 'globex', '2026-11-23 09:00');
UPDATE helpdesk SET state = 'waiting for vendor', vendor = 'telco', state_since = '2026-11-23 10:00' WHERE ticket_no = 'T-4';
UPDATE helpdesk SET state = 'open', state_since = '2026-11-23 14:00' WHERE ticket_no = 'T-4';
UPDATE helpdesk SET state = 'waiting for vendor', state_since = '2026-11-24 09:00' WHERE ticket_no = 'T-4';
SELECT kind, cycle, counterparty, started_at, stopped_at, due_at, state FROM clock_view WHERE ticket = 'T-4' AND kind = 'UC';

-- no target: no clock, a NOTICE, and the row is kept
INSERT INTO helpdesk (ticket_no, created, prio, client) VALUES ('T-5', '2026-11-23 09:00', 9, 'globex');
SELECT count(*) AS clocks FROM slm.clocks WHERE ticket = 'T-5';
SELECT ticket_no FROM helpdesk WHERE ticket_no = 'T-5';

-- a renamed mapped column keeps its role (slm.follow_renames): T-6 gets its clocks
ALTER TABLE helpdesk RENAME COLUMN client TO customer_name;
INSERT INTO helpdesk (ticket_no, created, prio, customer_name) VALUES ('T-6', '2026-11-23 09:00', 2, 'globex');
SELECT ticket_no FROM helpdesk WHERE ticket_no = 'T-6';
ALTER TABLE helpdesk RENAME COLUMN customer_name TO client;

-- priority from impact and urgency, through slm.priority
CREATE TABLE incidents (id bigint PRIMARY KEY, opened timestamptz NOT NULL, impact int, urgency int);
SELECT slm.attach('incidents', key => 'id', opened_at => 'opened', impact => 'impact', urgency => 'urgency');
INSERT INTO incidents VALUES (1, '2026-11-23 10:00', 1, 1), (2, '2026-11-23 10:00', 2, 3), (3, '2026-11-23 10:00', 3, 3);
SELECT ticket, metric, priority, goal FROM slm.clocks WHERE tbl = 'incidents'::regclass ORDER BY ticket, metric;

-- state at any time, from the clock's own values
SELECT c.ticket, c.metric, c.cycle, t, slm.clock_state(c, t) AS state,
       slm.clock_elapsed(c, t) AS elapsed, slm.clock_remaining(c, t) AS remaining
FROM slm.clocks c,
     (VALUES (timestamptz '2026-11-23 09:30'), ('2026-11-23 12:00'), ('2026-11-23 13:30'),
             ('2026-11-24 10:30'), ('2026-11-26 12:00')) v(t)
WHERE c.ticket = 'T-1' AND c.metric = 'response'
ORDER BY t;
SELECT ticket, metric, cycle, state, due_at FROM clock_view WHERE ticket = 'T-2' ORDER BY metric;
SELECT ticket, metric, slm.clock_state(c, '2026-11-23 20:00') AS at_20, slm.clock_state(c, '2026-11-24 10:00') AS at_10,
       slm.clock_state(c, '2026-11-24 12:00') AS at_12
FROM slm.clocks c WHERE ticket = 'T-2' ORDER BY metric;

-- the status view
SELECT ticket_table, ticket, agreement, kind, metric, cycle, priority, started_at, due_at, stopped_at
FROM slm.sla_status WHERE ticket IN ('T-1', 'T-3') ORDER BY ticket, kind, metric, cycle;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'slm.sla_status'::regclass AND attnum > 0 ORDER BY attnum;

-- rebuild gives what live tracking gave
CREATE TEMP TABLE live AS SELECT * FROM slm.clocks;
SELECT slm.rebuild('helpdesk') AS tickets_read;
SELECT count(*) AS changed_by_rebuild FROM (SELECT * FROM live EXCEPT SELECT * FROM slm.clocks) x;

-- tickets loaded with their final values: live tracking and a rebuild from nothing agree
CREATE TABLE history (LIKE helpdesk INCLUDING INDEXES);
SELECT slm.attach('history', key => 'ticket_no', opened_at => 'created', priority => 'prio', customer => 'client',
                  status => 'state', status_changed_at => 'state_since', responded_at => 'first_reply',
                  resolved_at => 'closed', assignment_group => 'team', supplier => 'vendor',
                  paused_statuses => '{waiting for customer}', supplier_statuses => '{waiting for vendor}');
INSERT INTO history (ticket_no, created, prio, client, state, state_since, first_reply, closed, team, vendor)
SELECT 'H-' || g, timestamptz '2026-11-02 08:00' + g * interval '97 minutes', 1 + g % 4,
       CASE WHEN g % 3 = 0 THEN 'acme' ELSE 'globex' END,
       (ARRAY['open', 'waiting for customer', 'waiting for vendor', 'resolved'])[1 + g % 4],
       timestamptz '2026-11-02 08:00' + g * interval '97 minutes' + interval '2 hours',
       CASE WHEN g % 2 = 0 THEN timestamptz '2026-11-02 08:00' + g * interval '97 minutes' + g % 7 * interval '1 hour' END,
       CASE WHEN g % 4 = 3 THEN timestamptz '2026-11-02 08:00' + g * interval '97 minutes' + g % 11 * interval '3 hours' END,
       CASE WHEN g % 5 = 0 THEN 'network' END, CASE WHEN g % 4 = 2 THEN 'telco' END
FROM generate_series(1, 200) g;
CREATE TEMP TABLE loaded AS SELECT * FROM slm.clocks WHERE tbl = 'history'::regclass;
DELETE FROM slm.clocks WHERE tbl = 'history'::regclass;
SELECT slm.rebuild('history') AS tickets_read;
SELECT (SELECT count(*) FROM loaded) AS clocks,
       (SELECT count(*) FROM (SELECT ticket, kind, metric, cycle, agreement, target, started_at, pauses, paused_since,
                                     stopped_at, goal_time, paused_time, warn_from, due_at, state FROM loaded
                              EXCEPT
                              SELECT ticket, kind, metric, cycle, agreement, target, started_at, pauses, paused_since,
                                     stopped_at, goal_time, paused_time, warn_from, due_at, state
                              FROM slm.clocks WHERE tbl = 'history'::regclass) x) AS differ;

-- clocks made for tickets that had none (the short path) are what the full
-- recomputation of existing clocks gives, column for column
CREATE TEMP TABLE first_made AS SELECT * FROM slm.clocks WHERE tbl = 'history'::regclass;
SELECT slm.rebuild('history') AS tickets_read;
SELECT (SELECT count(*) FROM first_made WHERE time_used IS NOT NULL) AS stopped,
       (SELECT count(*) FROM first_made WHERE paused_since IS NOT NULL) AS paused,
       (SELECT count(*) FROM (SELECT * FROM first_made
                              EXCEPT SELECT * FROM slm.clocks WHERE tbl = 'history'::regclass) x) AS differ;

-- after a target change, rebuild recomputes
UPDATE slm.targets SET goal = '8 hours' WHERE goal = '12 hours';
SELECT slm.rebuild('helpdesk') AS tickets_read;
SELECT metric, cycle, goal, due_at FROM clock_view WHERE ticket = 'T-2';

-- a deleted ticket cancels its running clocks, which stay
DELETE FROM helpdesk WHERE ticket_no = 'T-2';
SELECT metric, state, cancelled_at IS NOT NULL AS cancelled FROM slm.clocks WHERE ticket = 'T-2' ORDER BY metric;

-- escalation: each crossing recorded once; those older than notify_within
-- (here: before Mon 23 12:00) are recorded without notice, so that a first
-- run pages nobody for a backlog
SELECT c.ticket, c.metric, e.event, e.crossed_at, e.notified_at IS NOT NULL AS sent
FROM slm.escalate('2026-11-26 12:00', notify_within => '3 days') e JOIN slm.clocks c ON c.id = e.clock
ORDER BY c.ticket, c.metric, e.event, e.crossed_at;
-- a crossing already recorded takes no id on the next run
SELECT last_value AS ids_before FROM slm.events_id_seq \gset
SELECT count(*) AS again FROM slm.escalate('2026-11-26 12:00');
SELECT last_value = :ids_before AS no_id_taken FROM slm.events_id_seq;

-- one statement's rows share one store of clocks, opened by the first row
-- and closed when the statement's triggers have run.  The same statements
-- on a twin table tracked by SQL statements (slm.direct_writes off, a
-- store per row) give the same clocks: many rows, keys changed in bulk,
-- an error half-way that a handler catches, and statements nested in a
-- trigger, one row each.
CREATE TABLE batch (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int, state text NOT NULL DEFAULT 'new',
                   state_at timestamptz);
CREATE TABLE batch_twin (LIKE batch INCLUDING ALL);
CREATE TABLE batch_log (id int, twin bool);
SELECT count(slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', status => 'state',
                        status_changed_at => 'state_at', paused_statuses => '{waiting}')) AS attached
FROM unnest('{batch,batch_twin}'::regclass[]) t;
CREATE FUNCTION batch_refuse() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN IF NEW.id = 50 AND NEW.state = 'waiting' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NULL; END$$;
CREATE TRIGGER zz_refuse AFTER UPDATE ON batch FOR EACH ROW EXECUTE FUNCTION batch_refuse();
CREATE TRIGGER zz_refuse AFTER UPDATE ON batch_twin FOR EACH ROW EXECUTE FUNCTION batch_refuse();
CREATE FUNCTION batch_wait() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN
    EXECUTE format('UPDATE %s SET state = ''waiting'', state_at = opened + interval ''1 hour'' WHERE id = $1',
                   CASE WHEN NEW.twin THEN 'batch_twin' ELSE 'batch' END) USING NEW.id;
    RETURN NULL;
END$$;
CREATE TRIGGER batch_wait AFTER INSERT ON batch_log FOR EACH ROW EXECUTE FUNCTION batch_wait();
CREATE PROCEDURE pg_temp.play(t text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO %I SELECT g, timestamptz ''2026-11-23 09:00'' + g * interval ''7 minutes'', 1 + g %% 4
                    FROM generate_series(1, 200) g', t);
    EXECUTE format('UPDATE %I SET prio = prio %% 4 + 1', t);
    EXECUTE format('UPDATE %I SET id = -id WHERE id > 150', t);
    BEGIN
        EXECUTE format('UPDATE %I SET state = ''waiting'', state_at = opened + interval ''1 hour'' WHERE id < 100', t);
    EXCEPTION WHEN raise_exception THEN
        RAISE NOTICE '%: the wait of tickets 1 to 99 refused, rolled back', t;
    END;
    EXECUTE format('UPDATE %I SET state = ''waiting'', state_at = opened + interval ''1 hour'' WHERE id < 20', t);
    INSERT INTO batch_log SELECT g, t = 'batch_twin' FROM generate_series(20, 40) g;
    EXECUTE format('UPDATE %I SET state = ''open'', state_at = opened + interval ''3 hours'' WHERE id BETWEEN 10 AND 30', t);
END $$;
CALL pg_temp.play('batch');
SET slm.direct_writes = off;
CALL pg_temp.play('batch_twin');
RESET slm.direct_writes;
CREATE TEMP VIEW batch_clocks AS
SELECT tbl::text AS t, ticket, kind, metric, cycle, priority, goal, started_at, pauses, paused_since, stopped_at, due_at, state
FROM slm.clocks WHERE tbl IN ('batch'::regclass, 'batch_twin'::regclass) AND removed_at IS NULL;
SELECT count(*) FILTER (WHERE t = 'batch') AS clocks, count(*) FILTER (WHERE t = 'batch' AND paused_since IS NOT NULL) AS paused,
       count(*) FILTER (WHERE t = 'batch' AND pauses <> '{}') AS paused_before, count(*) FILTER (WHERE t = 'batch' AND ticket::int < 0) AS rekeyed
FROM batch_clocks;
-- each clock as often on one table as on the other
SELECT count(*) AS differ FROM (
    SELECT count(*) FILTER (WHERE t = 'batch') - count(*) FILTER (WHERE t = 'batch_twin') AS surplus
    FROM batch_clocks
    GROUP BY ticket, kind, metric, cycle, priority, goal, started_at, pauses, paused_since, stopped_at, due_at, state) g
WHERE surplus <> 0;
SELECT slm.detach('batch', drop_clocks => true), slm.detach('batch_twin', drop_clocks => true);
DROP VIEW batch_clocks;
DROP TABLE batch, batch_twin, batch_log;
DROP FUNCTION batch_refuse(), batch_wait();

-- detach removes the triggers; the clocks stay
SELECT slm.detach('incidents');
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'incidents'::regclass;
INSERT INTO incidents VALUES (4, '2026-11-23 10:00', 1, 1);
SELECT count(*) AS incident_clocks FROM slm.clocks WHERE tbl = 'incidents'::regclass;
SELECT pg_temp.try($$SELECT slm.detach('incidents')$$);

-- slm's trigger on a table slm.attach did not attach (copied by hand, or
-- onto a shard): its rows get no clocks, and the first row says so, once
CREATE TABLE copied (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int);
CREATE TRIGGER slm_track AFTER INSERT OR UPDATE OR DELETE ON copied FOR EACH ROW EXECUTE FUNCTION slm.track();
INSERT INTO copied VALUES (1, '2026-11-23 09:00', 2), (2, '2026-11-23 09:00', 2);
INSERT INTO copied VALUES (3, '2026-11-23 09:00', 2);
SELECT count(*) AS copied_clocks FROM slm.clocks WHERE tbl = 'copied'::regclass;
DROP TABLE copied;

-- truncate cancels what is running
TRUNCATE helpdesk;
SELECT count(*) FILTER (WHERE cancelled_at IS NULL AND stopped_at IS NULL) AS running FROM slm.clocks WHERE tbl = 'helpdesk'::regclass;

SELECT slm.detach('helpdesk', drop_clocks => true);
SELECT slm.detach('history', drop_clocks => true);
DROP TABLE helpdesk, history, incidents CASCADE;
DELETE FROM slm.clocks; DELETE FROM slm.events; DELETE FROM slm.targets; DELETE FROM slm.agreements;
DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.priority_matrix; DELETE FROM slm.calendars;
