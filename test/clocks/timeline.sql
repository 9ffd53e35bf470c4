-- test/clocks/timeline.sql - the clocks of random ticket lifecycles against
-- the same clocks worked out from each ticket's whole timeline at once
--
-- The clock differential (scripts/tests/clock_differential.sh) compares the
-- C rules with the reference rules, which follow them change by change: a
-- rule that both get wrong the same way passes there.  This check does not
-- follow the rules at all.  It keeps every state a ticket passes through
-- (tl_states) and reads the README's meaning of the clocks off that list
-- with window functions, knowing nothing of what slm stored before:
--
--   * the SLA's response runs from the opening to the first reply or the
--     first resolution, whichever is earlier; a reply after a reopening
--     changes nothing;
--   * its resolution runs from the opening to the first resolution, and
--     each reopening starts one more cycle, to the next resolution;
--   * its time to own runs from the opening to the first state with an
--     agent, or to the first resolution;
--   * the team's clock (OLA) runs for each hold: from the change that gives
--     the open ticket to the team (or the reopening of a ticket it holds)
--     to the hand-off or the resolution; its acknowledgement (OLA
--     response) from the same start to the first state of the hold with
--     an agent (at once if the ticket has one), or to the hold's end;
--   * a supplier's clock (UC) runs for each wait on that supplier (a
--     supplier status, with the supplier, while open), never paused: a
--     wait handed to another supplier ends one wait and begins another
--     (a supplier without a UC, or a priority without its target: none);
--   * the next reply runs from a customer's message that came after the
--     first reply and after the last cycle's answer, that the agents have
--     not replied to since, while the ticket is open and no cycle runs (a
--     message that came while it was resolved: from the reopening; a cycle
--     once cancelled runs no more, and the next message begins another), to
--     the agents' next reply or the resolution;
--   * a clock takes the target of the ticket's service, category,
--     priority and its customer's tier (a category's own before one for
--     every category, a key customer's own before the one for every tier;
--     another service's SLA when the ticket moves there; for the SLA, the
--     agreement the ticket names, for the metrics it has targets for) when it stopped
--     (or now, if it runs), goal and calendar alike, and is computed again
--     from its start on that target; if none applied then (no priority, a
--     service without such a target), the clock is cancelled, since the
--     change that took the target away, and keeps the last target it had
--     and the values of that change, without a time used;
--   * a reopening, hold or wait that begins while no target applies starts
--     its cycle at the change that makes one apply, if that comes before
--     the cycle's end, and never otherwise;
--   * a clock that starts at the opening starts at the opening the ticket
--     has now, however often it was corrected, met or running (cancelled:
--     the one it had when cancelled); time before it does not count, and
--     no clock stops before it starts;
--   * a clock is paused while the status is one of the pause statuses of
--     the target that applied at that moment, or the last before it while
--     none applied (a change of target moves only the pauses that follow
--     it), and the paused business time, on the
--     clock's calendar, moves its due time:
--         due_at = business_add(business_add(started_at, goal), paused time)
--     (doc/business-time.md: a goal in days counts working days);
--   * a stopped clock has met its target when it stopped by its due time.
--
-- The business time comes from the calendar engine (slm.business_add,
-- slm.business_elapsed), which the engine differential checks against the
-- oracle; the clock rules under test are not used.
--
-- The monthly compliance report is compared too, with counts made from
-- the clocks read off the timeline.
--
-- psql variables: seed (for setseed), tickets.  Prints pg_temp.compare's
-- lines (test/include/compare.sql).

-- New York office hours with a holiday, across the change to daylight
-- saving time on 2026-03-08; priority 1 on round-the-clock hours
INSERT INTO slm.calendars (name, calendar) VALUES
  ('tl office', 'tz=America/New_York; mon-fri 09:00-17:00; 2026-03-16 closed'),
  ('tl 24x7', 'tz=America/New_York; 24x7');
-- three services: tl with an SLA (its next reply for priorities 1 to 3
-- only), a team's OLA and two suppliers' UCs (power's for priorities 1 to
-- 3 only; a third supplier, parts, has none); tl gold
-- with an SLA of its own, round the clock; tl basic with an SLA for the
-- next reply only
INSERT INTO slm.services (name, calendar) VALUES ('tl', 'tl office'), ('tl gold', 'tl 24x7'), ('tl basic', 'tl office');
INSERT INTO slm.agreements (name, kind, service)
VALUES ('tl sla', 'SLA', 'tl'), ('tl gold sla', 'SLA', 'tl gold'), ('tl basic sla', 'SLA', 'tl basic');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT v.name, v.kind, 'tl', v.party, a.id
FROM (VALUES ('tl network', 'OLA', 'network'), ('tl telco', 'UC', 'telco'), ('tl power', 'UC', 'power')) v(name, kind, party)
CROSS JOIN slm.agreements a WHERE a.name = 'tl sla';
-- the targets, as the model below reads them: the help desk's table of the
-- guide (days are working days), priority 2's response never paused,
-- priority 3's resolution only while waiting, priority 4's response also
-- while new; the network team's holds only while on hold
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'key'), ('globex', 'standard');
CREATE TEMP TABLE tl_targets (agreement text, metric text, prio int, goal interval, calendar text, pause_statuses text[],
                              tier text, family text, service text, category text);
INSERT INTO tl_targets (agreement, metric, prio, goal, calendar, pause_statuses) VALUES
  ('tl sla', 'response', 1, '30 minutes', 'tl 24x7', '{waiting,on hold}'),
  ('tl sla', 'resolution', 1, '2 hours', 'tl 24x7', '{waiting,on hold}'),
  ('tl sla', 'response', 2, '4 hours', 'tl office', '{}'),
  ('tl sla', 'resolution', 2, '12 hours', 'tl office', '{waiting,on hold}'),
  ('tl sla', 'response', 3, '1 day', 'tl office', '{waiting,on hold}'),
  ('tl sla', 'resolution', 3, '5 days', 'tl office', '{waiting}'),
  ('tl sla', 'response', 4, '5 days', 'tl office', '{waiting,on hold,new}'),
  ('tl sla', 'resolution', 4, '10 days', 'tl office', '{waiting,on hold}'),
  ('tl network', 'resolution', 1, '1 hour', 'tl 24x7', '{on hold}'),
  ('tl network', 'resolution', 2, '6 hours', 'tl office', '{on hold}'),
  ('tl network', 'resolution', 3, '2 days', 'tl office', '{on hold}'),
  ('tl network', 'resolution', 4, '4 days', 'tl office', '{on hold}'),
  ('tl sla', 'own', 1, '15 minutes', 'tl 24x7', '{waiting,on hold}'),
  ('tl sla', 'own', 2, '1 hour', 'tl office', '{waiting,on hold}'),
  ('tl sla', 'own', 3, '2 hours', 'tl office', '{waiting}'),
  ('tl sla', 'own', 4, '4 hours', 'tl office', '{}'),
  ('tl network', 'response', 1, '20 minutes', 'tl 24x7', '{on hold}'),
  ('tl network', 'response', 2, '1 hour', 'tl office', '{on hold}'),
  ('tl network', 'response', 3, '1 hour', 'tl office', '{on hold}'),
  ('tl network', 'response', 4, '2 hours', 'tl office', '{}'),
  ('tl telco', 'resolution', 1, '2 hours', 'tl 24x7', '{}'),
  ('tl telco', 'resolution', 2, '4 hours', 'tl office', '{}'),
  ('tl telco', 'resolution', 3, '1 day', 'tl office', '{}'),
  ('tl telco', 'resolution', 4, '2 days', 'tl office', '{}'),
  ('tl power', 'resolution', 1, '1 hour', 'tl 24x7', '{}'),
  ('tl power', 'resolution', 2, '3 hours', 'tl office', '{}'),
  ('tl power', 'resolution', 3, '6 hours', 'tl office', '{}'),
  -- (the next reply, for priorities 1 to 3 only)
  ('tl sla', 'next_reply', 1, '2 hours', 'tl office', '{waiting}'),
  ('tl sla', 'next_reply', 2, '2 hours', 'tl office', '{waiting}'),
  ('tl sla', 'next_reply', 3, '4 hours', 'tl office', '{waiting}');
-- tl gold's SLA: response and resolution, round the clock, and the next
-- reply; tl basic's: the next reply
INSERT INTO tl_targets (agreement, metric, prio, goal, calendar, pause_statuses)
SELECT 'tl gold sla', m.metric, p, m.goal, 'tl 24x7', '{waiting}'
FROM (VALUES ('response', interval '1 hour'), ('resolution', interval '8 hours')) m(metric, goal)
CROSS JOIN generate_series(1, 4) p
UNION ALL
VALUES ('tl gold sla', 'next_reply', NULL::int, interval '1 hour', 'tl 24x7', '{}'::text[]),
       ('tl basic sla', 'next_reply', NULL, interval '4 hours', 'tl office', '{waiting}');
-- a key customer's tickets resolve sooner, and pause only while waiting
INSERT INTO tl_targets (agreement, metric, prio, goal, calendar, pause_statuses, tier) VALUES
  ('tl sla', 'resolution', 1, '1 hour', 'tl 24x7', '{waiting}', 'key'),
  ('tl sla', 'resolution', 2, '6 hours', 'tl office', '{waiting}', 'key'),
  ('tl sla', 'resolution', 3, '2 days', 'tl office', '{waiting}', 'key'),
  ('tl sla', 'resolution', 4, '5 days', 'tl office', '{}', 'key');
-- an outage resolves within 3 hours whatever its priority (none too), and
-- a request of priority 2 is answered within 8 hours, before any tier's
INSERT INTO tl_targets (agreement, metric, prio, goal, calendar, pause_statuses, category) VALUES
  ('tl sla', 'resolution', NULL, '3 hours', 'tl office', '{waiting}', 'outage'),
  ('tl sla', 'response', 2, '8 hours', 'tl office', '{}', 'request');
INSERT INTO slm.targets (agreement, metric, priority, goal, calendar, pause_statuses, tier, category)
SELECT a.id, t.metric, t.prio, t.goal, t.calendar, CASE WHEN a.kind <> 'UC' THEN t.pause_statuses END, t.tier, t.category
FROM tl_targets t JOIN slm.agreements a ON a.name = t.agreement;
-- each target's service, and the family of clocks it is for: the SLA's
-- (whichever service's), the network team's, the supplier's
UPDATE tl_targets t SET service = a.service,
                        family = CASE a.kind WHEN 'SLA' THEN 'tl sla' ELSE a.name END
FROM slm.agreements a WHERE a.name = t.agreement;
-- the target of a clock of a family for a service, priority, tier and
-- category: the category's own before one for every category, the tier's
-- before one for every tier, the priority's before one for every priority
-- (the next reply's of tl gold and tl basic is for every priority, none
-- too); for the SLA of a ticket that names an agreement, that agreement's
-- target for the metric, whatever the service, if it has one; NULL where
-- none applies
CREATE FUNCTION pg_temp.tl_target(family text, service text, metric text, prio int, tier text, category text,
                                  named text) RETURNS tl_targets
LANGUAGE sql STABLE AS $$
    SELECT t.* FROM tl_targets t
    WHERE t.metric = tl_target.metric
      AND (t.prio = tl_target.prio OR t.prio IS NULL) AND (t.tier IS NULL OR t.tier = tl_target.tier)
      AND (t.category IS NULL OR t.category = tl_target.category)
      AND ((t.family = tl_target.family AND t.service = tl_target.service)
           OR (tl_target.family = 'tl sla' AND t.agreement = tl_target.named))
    ORDER BY (tl_target.family = 'tl sla' AND t.agreement = tl_target.named) IS NOT TRUE,
             t.category IS NULL, t.tier IS NULL, t.prio IS NULL LIMIT 1
$$;

-- the ticket table: every write sets changed
CREATE TABLE tl (
    id        integer PRIMARY KEY,
    opened    timestamptz NOT NULL,
    prio      integer,
    status    text NOT NULL,
    changed   timestamptz NOT NULL,
    responded timestamptz,
    resolved  timestamptz,
    team      text,
    agent     text,
    vendor    text,
    wrote     timestamptz,
    replied   timestamptz,
    customer  text,
    svc       text,
    kind      text,
    sla       text
);
\set mapping 'key => ''id'', opened_at => ''opened'', priority => ''prio'', customer => ''customer'', service => ''svc'', status => ''status'', changed_at => ''changed'', responded_at => ''responded'', resolved_at => ''resolved'', assignment_group => ''team'', assignee => ''agent'', supplier => ''vendor'', customer_message_at => ''wrote'', agent_reply_at => ''replied'', category => ''kind'', agreement => ''sla'', paused_statuses => ''{waiting,on hold}'', supplier_statuses => ''{vendor}'''
SELECT slm.attach('tl', :mapping);

-- the timeline: every state of every ticket, state 0 its opening, each
-- later one 20 minutes to 5 hours after the one before (a sixth of them
-- 1 to 4 days after, over nights and weekends), one change each: a status,
-- the first reply (a reply when there was one changes nothing; three in
-- ten replies are recorded late, timed after the state before), a
-- resolution, a reopening (to open or straight to waiting), a priority
-- (one in six times none: a priority picked by mistake), the customer (a
-- key customer, a standard one, none), the service, a hand-off to the
-- network team, the desk or no team, an agent assigned (or none), a reply
-- to the resolved ticket, its resolution time corrected to earlier (after
-- the state before the resolution), a wait
-- on a supplier (or another), the category, the SLA the ticket names, the opening time corrected (while the ticket has a
-- priority and the first service) to up to 4 hours before the ticket was
-- entered, or back to
-- then (a phone call entered late), or only the change time (a note), or
-- the ticket deleted (a spam ticket, a duplicate).  A deleted ticket's key
-- is used again, half the time, by a new ticket opened up to 3 hours
-- later: each such life of a key is a ticket of its own in tl_states
-- (ticket g's first life is g, its next g + 100000, and so on), and its
-- deletion a state of its own (deleted)
SELECT setseed(:seed), set_config('tl.tickets', :'tickets', false);
CREATE TEMP TABLE tl_states (
    ticket    integer,
    i         integer,
    at        timestamptz,
    prio      integer,
    status    text,
    responded timestamptz,
    resolved  timestamptz,
    team      text,
    agent     text,
    vendor    text,
    opened    timestamptz,
    wrote     timestamptz,
    replied   timestamptz,
    customer  text,
    service   text,
    category  text,
    named     text,
    deleted   boolean NOT NULL,
    PRIMARY KEY (ticket, i)
);
DO $$
DECLARE
    s tl_states;
    first_at timestamptz;
    -- the time of the state before, and of the one before the resolution
    last_at timestamptz;
    floor_at timestamptz;
    change text;
    r float8;
    r2 float8;
    -- this life of the key, and when it was opened (NULL: the first)
    life integer;
    opened_at timestamptz;
BEGIN
    FOR g IN 1..current_setting('tl.tickets')::int LOOP
      life := g;
      opened_at := NULL;
      WHILE life IS NOT NULL LOOP
        s := ROW(life, 0, coalesce(opened_at, timestamptz '2026-03-02 07:00' + random() * interval '20 days'),
                 1 + floor(random() * 4)::int, (ARRAY['new', 'new', 'open', 'waiting'])[1 + floor(random() * 4)::int],
                 NULL, NULL, (ARRAY['network', NULL, NULL, 'desk'])[1 + floor(random() * 4)::int],
                 CASE WHEN random() < 0.2 THEN 'ann' END, CASE WHEN random() < 0.3 THEN 'telco' END, NULL, NULL,
                 NULL, (ARRAY['acme', 'globex', NULL])[1 + floor(random() * 3)::int], 'tl',
                 (ARRAY['outage', 'request', 'request', NULL, NULL, NULL, NULL, NULL, NULL, NULL])[1 + floor(random() * 10)::int],
                 CASE WHEN random() < 0.1 THEN 'tl gold sla' END, false);
        s.opened := s.at;
        first_at := s.at;
        INSERT INTO tl_states SELECT s.*;
        life := NULL;
        FOR n IN 1..(2 + floor(random() * 12)::int) LOOP
            r := random();
            r2 := random();
            last_at := s.at;
            s.i := n;
            s.at := s.at + CASE WHEN random() < 0.17 THEN (1 + floor(random() * 4)) * interval '1 day' ELSE interval '0' END
                         + (20 + floor(random() * 280)) * interval '1 minute';
            -- the kind of change: of an open ticket, or of a resolved one
            -- (kinds and their shares in percent)
            change := (SELECT k.kind
                       FROM (SELECT v.kind, sum(v.share) OVER (ORDER BY v.o) AS upto
                             FROM unnest(CASE WHEN s.resolved IS NULL
                                              THEN '{status,reply,resolve,priority,team,agent,vendor,opening,customer,service,message,delete,category,named}'::text[]
                                              ELSE '{reopen,priority,team,agent,opening,message,customer,service,reply,fix,delete,category,named}'::text[] END,
                                         CASE WHEN s.resolved IS NULL
                                              THEN '{21.5,15,15,17,10,10,4,0.5,1,1,1.5,1.5,1,1}'::numeric[]
                                              ELSE '{40,20,10,10,3,4,0.5,1,1.5,5,3,1,1}'::numeric[] END)
                                  WITH ORDINALITY v(kind, share, o)) k
                       WHERE k.upto > r * 100 ORDER BY k.upto LIMIT 1);
            IF change = 'status' THEN
                s.status := (ARRAY['waiting', 'on hold', 'open', 'new', 'vendor'])[1 + floor(r2 * 5)::int];
            ELSIF change = 'reply' THEN
                -- (three in ten recorded late: sent after the state before)
                s.replied := CASE WHEN r2 < 0.3 THEN last_at + (0.1 + r2 * 8 / 3) * (s.at - last_at) ELSE s.at END;
                s.responded := coalesce(s.responded, s.replied);
            ELSIF change = 'resolve' THEN
                s.resolved := s.at;
                s.status := 'resolved';
                floor_at := last_at;
            ELSIF change = 'fix' THEN
                s.resolved := floor_at + (0.1 + 0.8 * r2) * (s.resolved - floor_at);
            ELSIF change = 'reopen' THEN
                s.resolved := NULL;
                s.status := CASE WHEN r2 < 0.25 THEN 'waiting' ELSE 'open' END;
            ELSIF change = 'priority' THEN
                s.prio := CASE WHEN r2 < 1.0 / 6 THEN NULL ELSE 1 + floor((r2 - 1.0 / 6) * 4.8)::int END;
            ELSIF change = 'team' THEN
                s.team := (ARRAY['network', 'desk', NULL])[1 + floor(r2 * 3)::int];
            ELSIF change = 'agent' THEN
                s.agent := (ARRAY['bob', 'cy', NULL])[1 + floor(r2 * 3)::int];
            ELSIF change = 'vendor' THEN
                s.vendor := CASE WHEN r2 < 0.45 THEN 'telco' WHEN r2 < 0.7 THEN 'power' WHEN r2 < 0.8 THEN 'parts' END;
            ELSIF change = 'opening' AND s.prio IS NOT NULL AND s.service = 'tl' THEN
                s.opened := first_at - CASE WHEN r2 < 0.1 THEN interval '0' ELSE r2 * interval '4 hours' END;
            ELSIF change = 'customer' THEN
                s.customer := (ARRAY['acme', 'globex', NULL])[1 + floor(r2 * 3)::int];
            ELSIF change = 'service' THEN
                s.service := (ARRAY['tl', 'tl', 'tl gold', 'tl basic'])[1 + floor(r2 * 4)::int];
            ELSIF change = 'message' THEN
                s.wrote := s.at;
            ELSIF change = 'category' THEN
                s.category := (ARRAY['outage', 'request', NULL])[1 + floor(r2 * 3)::int];
            ELSIF change = 'named' THEN
                -- (tl platinum is no agreement slm has: the chosen targets apply)
                s.named := (ARRAY['tl gold sla', 'tl platinum', NULL])[1 + floor(r2 * 3)::int];
            ELSIF change = 'delete' THEN
                s.deleted := true;
                INSERT INTO tl_states SELECT s.*;
                IF r2 < 0.5 THEN
                    life := s.ticket + 100000;
                    opened_at := s.at + (1 + floor(random() * 180)) * interval '1 minute';
                END IF;
                EXIT;
            END IF;
            INSERT INTO tl_states SELECT s.*;
        END LOOP;
      END LOOP;
    END LOOP;
END $$;

-- play it: every state in the order of time, the opening as an INSERT,
-- each later state as an UPDATE that writes the whole row, a deletion as
-- a DELETE (of the key: the ticket's life modulo 100000).  slm times a
-- delete by its statement's start (the row has no time of it): the DO's,
-- kept in tl_play.  The same changes go to tl_local, whose times are
-- timestamp without time zone, written in New York (local_zone), as GLPI
-- and Redmine write server time: read back, they are the same instants
-- (none falls in the hour skipped on 8 March).
CREATE TEMP TABLE tl_play AS SELECT statement_timestamp() AS deleted_at;
CREATE TABLE tl_local (id integer PRIMARY KEY, opened timestamp NOT NULL, prio integer, status text NOT NULL,
                       changed timestamp NOT NULL, responded timestamp, resolved timestamp, team text, agent text,
                       vendor text, wrote timestamp, replied timestamp, customer text, svc text, kind text, sla text);
SELECT slm.attach('tl_local', :mapping, local_zone => 'America/New_York') IS NULL AS attached \gset
CREATE TABLE tl_sync (LIKE tl INCLUDING ALL);
SELECT slm.attach('tl_sync', :mapping) IS NULL AS attached \gset
CREATE TEMP TABLE tl_batches (ticket integer, i integer, batch integer, PRIMARY KEY (ticket, i));
DO $$
DECLARE
    s record;
    batch integer;
    keys integer[];
    size integer;
BEGIN
    FOR s IN SELECT * FROM tl_states ORDER BY at, ticket, i LOOP
        IF s.deleted THEN
            DELETE FROM tl WHERE id = s.ticket % 100000;
            DELETE FROM tl_local WHERE id = s.ticket % 100000;
        ELSIF s.i = 0 THEN
            INSERT INTO tl VALUES (s.ticket % 100000, s.opened, s.prio, s.status, s.at, s.responded, s.resolved, s.team,
                                   s.agent, s.vendor, s.wrote, s.replied, s.customer, s.service, s.category, s.named);
            INSERT INTO tl_local
            VALUES (s.ticket % 100000, timezone('America/New_York', s.opened), s.prio, s.status,
                    timezone('America/New_York', s.at), timezone('America/New_York', s.responded),
                    timezone('America/New_York', s.resolved), s.team, s.agent, s.vendor,
                    timezone('America/New_York', s.wrote), timezone('America/New_York', s.replied), s.customer,
                    s.service, s.category, s.named);
        ELSE
            UPDATE tl SET opened = s.opened, prio = s.prio, status = s.status, changed = s.at,
                          responded = s.responded, resolved = s.resolved, team = s.team, agent = s.agent,
                          vendor = s.vendor, wrote = s.wrote, replied = s.replied, customer = s.customer,
                          svc = s.service, kind = s.category, sla = s.named
            WHERE id = s.ticket % 100000;
            UPDATE tl_local
            SET opened = timezone('America/New_York', s.opened), prio = s.prio, status = s.status,
                changed = timezone('America/New_York', s.at), responded = timezone('America/New_York', s.responded),
                resolved = timezone('America/New_York', s.resolved), team = s.team, agent = s.agent,
                vendor = s.vendor, wrote = timezone('America/New_York', s.wrote),
                replied = timezone('America/New_York', s.replied), customer = s.customer, svc = s.service,
                kind = s.category, sla = s.named
            WHERE id = s.ticket % 100000;
        END IF;
    END LOOP;
    -- the same states synced into tl_sync in batches, as a tool that
    -- copies tickets from another system writes them: each batch is a run
    -- of states in the order of time, of up to 40 tickets, each ticket
    -- once, written by one INSERT ... ON CONFLICT DO UPDATE and one DELETE,
    -- or by one MERGE that inserts, updates and deletes; an upsert sends
    -- some tickets that did not change again, as they are
    batch := 1;
    keys := '{}';
    size := 1 + floor(random() * 40)::int;
    FOR s IN SELECT * FROM tl_states ORDER BY at, ticket, i LOOP
        IF s.ticket % 100000 = ANY (keys) OR cardinality(keys) >= size THEN
            batch := batch + 1;
            keys := '{}';
            size := 1 + floor(random() * 40)::int;
        END IF;
        keys := keys || s.ticket % 100000;
        INSERT INTO tl_batches VALUES (s.ticket, s.i, batch);
    END LOOP;
    FOR b IN 1..batch LOOP
        IF random() < 0.5 THEN
            INSERT INTO tl_sync AS t
            SELECT st.ticket % 100000, st.opened, st.prio, st.status, st.at, st.responded, st.resolved, st.team, st.agent,
                   st.vendor, st.wrote, st.replied, st.customer, st.service, st.category, st.named
            FROM tl_states st JOIN tl_batches USING (ticket, i) WHERE tl_batches.batch = b AND NOT st.deleted
            UNION ALL
            SELECT u.* FROM tl_sync u
            WHERE random() < 0.05
              AND u.id NOT IN (SELECT x.ticket % 100000 FROM tl_batches x WHERE x.batch = b)
            ON CONFLICT (id) DO UPDATE
            SET opened = excluded.opened, prio = excluded.prio, status = excluded.status, changed = excluded.changed,
                responded = excluded.responded, resolved = excluded.resolved, team = excluded.team,
                agent = excluded.agent, vendor = excluded.vendor, wrote = excluded.wrote, replied = excluded.replied,
                customer = excluded.customer, svc = excluded.svc, kind = excluded.kind, sla = excluded.sla;
            DELETE FROM tl_sync
            WHERE id IN (SELECT x.ticket % 100000 FROM tl_batches x JOIN tl_states st USING (ticket, i)
                         WHERE x.batch = b AND st.deleted);
        ELSE
            MERGE INTO tl_sync t
            USING (SELECT st.* FROM tl_states st JOIN tl_batches USING (ticket, i) WHERE tl_batches.batch = b) v
            ON t.id = v.ticket % 100000
            WHEN MATCHED AND v.deleted THEN DELETE
            WHEN MATCHED THEN
                UPDATE SET opened = v.opened, prio = v.prio, status = v.status, changed = v.at,
                           responded = v.responded, resolved = v.resolved, team = v.team, agent = v.agent,
                           vendor = v.vendor, wrote = v.wrote, replied = v.replied, customer = v.customer,
                           svc = v.service, kind = v.category, sla = v.named
            WHEN NOT MATCHED THEN
                INSERT VALUES (v.ticket % 100000, v.opened, v.prio, v.status, v.at, v.responded, v.resolved, v.team,
                               v.agent, v.vendor, v.wrote, v.replied, v.customer, v.service, v.category, v.named);
        END IF;
    END LOOP;
    UPDATE tl_play SET deleted_at = statement_timestamp();
END $$;

-- the clocks, read off the timeline (tl_expected)
\ir timeline_model.sql

SELECT count(*) FILTER (WHERE NOT deleted) AS states, count(*) FILTER (WHERE deleted) AS deletes,
       count(*) FILTER (WHERE i = 0 AND ticket > 100000) AS reused
FROM tl_states \gset
SELECT count(*) AS clocks, count(*) FILTER (WHERE cycle > 1) AS cycles,
       count(*) FILTER (WHERE pauses <> '{}' OR paused_since IS NOT NULL) AS paused,
       count(*) FILTER (WHERE state = 'missed') AS missed, count(*) FILTER (WHERE state = 'cancelled') AS cancelled
FROM tl_expected \gset
\set tracked 'SELECT c.ticket, a.name, c.metric, c.cycle, c.priority, c.customer, c.goal, c.calendar, c.started_at, c.stopped_at, c.cancelled_at, c.pauses, c.paused_since, c.goal_time, c.paused_time, c.time_used, c.due_at, c.state, c.removed_at IS NOT NULL AS removed FROM slm.clocks c JOIN slm.agreements a ON a.id = c.agreement WHERE c.tbl = ''tl''::regclass'
SELECT pg_temp.compare(
           format('clocks tracked live and read off the timeline, seed %s (%s tickets, %s states, %s deleted, '
                  '%s keys used again; %s clocks, %s later cycles, %s paused, %s missed, %s cancelled)',
                  :'seed', :tickets, :states, :deletes, :reused, :clocks, :cycles, :paused, :missed, :cancelled),
           :'tracked', 'SELECT * FROM tl_expected', 'clocks');
SELECT pg_temp.compare(
           format('clocks of a table of local times, tracked live and read off the timeline, seed %s', :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_local''::regclass'), 'SELECT * FROM tl_expected', 'clocks');
SELECT pg_temp.compare(
           format('clocks of a table synced in batches by upsert and MERGE, tracked live and read off the timeline, '
                  'seed %s (%s batches)', :'seed', (SELECT max(batch) FROM tl_batches)),
           replace(:'tracked', '''tl''::regclass', '''tl_sync''::regclass'), 'SELECT * FROM tl_expected', 'clocks');
SELECT slm.detach('tl_local', drop_clocks => true) IS NULL AS detached \gset
DROP TABLE tl_local;
SELECT slm.detach('tl_sync', drop_clocks => true) IS NULL AS detached \gset
DROP TABLE tl_sync;
-- the monthly compliance report on 1 June, when every clock is due (but
-- those of deleted tickets that waited on the customer then): each
-- clock counted in the month of its due date in New York, the agreement's
-- zone; a stopped one met or missed, a cancelled one cancelled, one that
-- runs breached, and one that waits on the customer breached only if it
-- was overdue when its wait began; the mean time used of those that
-- stopped, not cancelled
SELECT pg_temp.compare(
           format('compliance_report of the clocks read off the timeline, seed %s', :'seed'),
           $q$SELECT period_start, agreement, priority, metric, customer, tier, clocks_due, met, missed, breached,
                     running, cancelled, evaluated, mean_time
              FROM slm.compliance_report('2026-01-01', '2026-12-31', 'month', '2026-06-01')$q$,
           $q$SELECT date_trunc('month', timezone('America/New_York', e.due_at))::date, e.agreement, e.priority,
                     e.metric, e.customer, CASE WHEN e.customer = 'acme' THEN 'key' ELSE 'standard' END,
                     count(*), count(*) FILTER (WHERE e.state = 'met'), count(*) FILTER (WHERE e.state = 'missed'),
                     count(*) FILTER (WHERE e.state IN ('running', 'paused') AND coalesce(e.paused_since >= e.due_at, true)),
                     count(*) FILTER (WHERE e.state = 'paused' AND e.paused_since < e.due_at),
                     count(*) FILTER (WHERE e.state = 'cancelled'),
                     count(*) FILTER (WHERE e.state <> 'cancelled' AND NOT (e.state = 'paused' AND e.paused_since < e.due_at)),
                     date_trunc('second', avg(e.time_used))
              FROM tl_expected e
              -- (the months begun by then: not those of a deleted ticket's
              -- waits, which ended at the delete)
              WHERE date_trunc('month', timezone('America/New_York', e.due_at))::date
                    <= timezone('America/New_York', timestamptz '2026-06-01')::date
              GROUP BY 1, 2, 3, 4, 5, 6$q$, 'report rows');
-- slm.load_history of the same states, as snapshots, into a copy of the
-- final rows gives the same clocks (then the copy goes); a history has no
-- deletes, so only the tickets' lives that last are loaded
CREATE TABLE tl_loaded (LIKE tl INCLUDING ALL);
INSERT INTO tl_loaded SELECT * FROM tl;
SELECT slm.attach('tl_loaded', :mapping) IS NULL AS attached \gset
CREATE TEMP VIEW tl_history AS
SELECT ticket % 100000 AS id, opened, prio, status, at AS changed, responded, resolved, team, agent, vendor, wrote,
       replied, customer, service AS svc, category AS kind, named AS sla, i
FROM tl_states WHERE ticket NOT IN (SELECT ticket FROM tl_states WHERE deleted);
SELECT slm.load_history('tl_loaded', 'tl_history', 'i') AS loaded \gset
SELECT pg_temp.compare(
           format('clocks loaded by slm.load_history from the states and read off the timeline, seed %s', :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_loaded''::regclass'), 'SELECT * FROM tl_expected WHERE NOT removed',
           'clocks');
SELECT slm.detach('tl_loaded', drop_clocks => true) IS NULL AS detached \gset
DROP TABLE tl_loaded;
-- and slm.rebuild, from the rows as they are now and the clocks kept,
-- finds them as they are
SELECT slm.rebuild('tl') AS rebuilt \gset
SELECT pg_temp.compare(
           format('clocks rebuilt and read off the timeline, seed %s (%s tickets rebuilt)', :'seed', :rebuilt),
           :'tracked', 'SELECT * FROM tl_expected', 'clocks');

-- then the model changes, in one transaction, while tickets run: priority
-- 2's resolution takes 16 hours instead of 12, and the office closes on
-- Thursday 26 March.  The running clocks (running or waiting) are
-- computed again on the model as it now is; those that stopped or were
-- cancelled keep their target and result.  A rebuild afterwards computes
-- every clock of the tickets there are on the new model (a cancelled one
-- keeps the goal it had, as no target applies to it: its goal and due
-- time are left out); a deleted ticket's stay as they were.
CREATE TEMP TABLE tl_before AS SELECT * FROM tl_expected;
BEGIN;
UPDATE slm.targets t SET goal = '16 hours'
FROM slm.agreements a
WHERE a.id = t.agreement AND a.name = 'tl sla' AND t.metric = 'resolution' AND t.priority = 2 AND t.tier IS NULL
  AND t.category IS NULL;
UPDATE slm.calendars SET calendar = calendar || '2026-03-26 closed' WHERE name = 'tl office';
COMMIT;
UPDATE tl_targets SET goal = '16 hours'
WHERE agreement = 'tl sla' AND metric = 'resolution' AND prio = 2 AND tier IS NULL AND category IS NULL;
\ir timeline_model.sql
SELECT count(*) FILTER (WHERE e.due_at IS DISTINCT FROM b.due_at) AS moved
FROM tl_before b JOIN tl_expected e USING (ticket, agreement, metric, cycle, removed)
WHERE b.state IN ('running', 'paused') \gset
SELECT pg_temp.compare(
           format('running clocks brought up to a changed model and read off the timeline, seed %s '
                  '(%s due times moved)', :'seed', :moved),
           :'tracked',
           $q$SELECT e.* FROM tl_expected e
              WHERE (e.ticket, e.agreement, e.metric, e.cycle, e.removed) IN
                    (SELECT b.ticket, b.agreement, b.metric, b.cycle, b.removed FROM tl_before b
                     WHERE b.state IN ('running', 'paused'))
              UNION ALL
              SELECT b.* FROM tl_before b WHERE b.state NOT IN ('running', 'paused')$q$, 'clocks');
SELECT slm.rebuild('tl') AS rebuilt \gset
SELECT pg_temp.compare(
           format('clocks rebuilt on the changed model and read off the timeline, seed %s', :'seed'),
           format($q$SELECT ticket, name, metric, cycle, priority, customer,
                            CASE WHEN state <> 'cancelled' THEN goal END, calendar, started_at, stopped_at,
                            cancelled_at, pauses, paused_since, CASE WHEN state <> 'cancelled' THEN goal_time END,
                            paused_time, time_used, CASE WHEN state <> 'cancelled' THEN due_at END, state, removed
                     FROM (%s) c$q$, :'tracked'),
           $q$SELECT ticket, agreement, metric, cycle, priority, customer,
                     CASE WHEN state <> 'cancelled' THEN goal END, calendar, started_at, stopped_at,
                     cancelled_at, pauses, paused_since, CASE WHEN state <> 'cancelled' THEN goal_time END,
                     paused_time, time_used, CASE WHEN state <> 'cancelled' THEN due_at END, state, removed
              FROM (SELECT * FROM tl_expected WHERE NOT removed UNION ALL SELECT * FROM tl_before WHERE removed) e$q$,
           'clocks');

-- the same lifecycles on a table that tells the resolution by its status
-- alone (resolved_statuses, no resolution time: Znuny's and Redmine's
-- way), on the model as it now is: it was resolved when its status became
-- resolved, and a later correction of the resolution time is an edit of
-- the resolved ticket like any other, which leaves the stops where they
-- were.  Compared as tracked live, as slm.load_history makes them from
-- the same states, and as slm.rebuild finds them (the resolution of a
-- resolved ticket as its clocks recorded it).
CREATE TABLE tl_st (LIKE tl INCLUDING ALL);
\set mapping_st 'key => ''id'', opened_at => ''opened'', priority => ''prio'', customer => ''customer'', service => ''svc'', status => ''status'', changed_at => ''changed'', responded_at => ''responded'', assignment_group => ''team'', assignee => ''agent'', supplier => ''vendor'', customer_message_at => ''wrote'', agent_reply_at => ''replied'', category => ''kind'', agreement => ''sla'', paused_statuses => ''{waiting,on hold}'', supplier_statuses => ''{vendor}'', resolved_statuses => ''{resolved}'''
SELECT slm.attach('tl_st', :mapping_st) IS NULL AS attached \gset
-- and one that has a close time too, set when the ticket is first
-- resolved and never cleared nor moved (as a Zammad close_at that stays),
-- which the statuses override
CREATE TABLE tl_zm (LIKE tl INCLUDING ALL);
SELECT slm.attach('tl_zm', :mapping_st, resolved_at => 'resolved') IS NULL AS attached \gset
DO $$
DECLARE
    s record;
    t text;
BEGIN
    FOR s IN SELECT st.*, min(st.at) FILTER (WHERE st.status = 'resolved') OVER (PARTITION BY st.ticket ORDER BY st.i)
                          AS first_closed
             FROM tl_states st ORDER BY st.at, st.ticket, st.i LOOP
      FOREACH t IN ARRAY '{tl_st,tl_zm}'::text[] LOOP
        IF s.deleted THEN
            EXECUTE format('DELETE FROM %I WHERE id = $1', t) USING s.ticket % 100000;
        ELSIF s.i = 0 THEN
            EXECUTE format('INSERT INTO %I VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)', t)
            USING s.ticket % 100000, s.opened, s.prio, s.status, s.at, s.responded, s.first_closed, s.team, s.agent,
                  s.vendor, s.wrote, s.replied, s.customer, s.service, s.category, s.named;
        ELSE
            EXECUTE format('UPDATE %I SET opened = $2, prio = $3, status = $4, changed = $5, responded = $6, resolved = $7,
                                          team = $8, agent = $9, vendor = $10, wrote = $11, replied = $12, customer = $13,
                                          svc = $14, kind = $15, sla = $16
                            WHERE id = $1', t)
            USING s.ticket % 100000, s.opened, s.prio, s.status, s.at, s.responded, s.first_closed, s.team, s.agent,
                  s.vendor, s.wrote, s.replied, s.customer, s.service, s.category, s.named;
        END IF;
      END LOOP;
    END LOOP;
    UPDATE tl_play SET deleted_at = statement_timestamp();
END $$;
-- the states as such a table has them: each resolution at the state that
-- entered it
UPDATE tl_states s SET resolved = x.entered
FROM (SELECT ticket, i,
             CASE WHEN status = 'resolved'
                  THEN max(at) FILTER (WHERE entering) OVER (PARTITION BY ticket ORDER BY i) END AS entered
      FROM (SELECT ticket, i, at, status,
                   status = 'resolved'
                   AND coalesce(lag(status) OVER (PARTITION BY ticket ORDER BY i) <> 'resolved', true) AS entering
            FROM tl_states WHERE NOT deleted) y) x
WHERE x.ticket = s.ticket AND x.i = s.i AND s.resolved IS DISTINCT FROM x.entered;
\ir timeline_model.sql
SELECT pg_temp.compare(
           format('clocks of a table resolved by status, tracked live and read off the timeline, seed %s', :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_st''::regclass'), 'SELECT * FROM tl_expected', 'clocks');
SELECT pg_temp.compare(
           format('clocks of a table resolved by status with a close time never cleared, tracked live and read off '
                  'the timeline, seed %s', :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_zm''::regclass'), 'SELECT * FROM tl_expected', 'clocks');
CREATE TABLE tl_st_loaded (LIKE tl_st INCLUDING ALL);
INSERT INTO tl_st_loaded SELECT * FROM tl_st;
SELECT slm.attach('tl_st_loaded', :mapping_st) IS NULL AS attached \gset
SELECT slm.load_history('tl_st_loaded', 'tl_history', 'i') AS loaded \gset
SELECT pg_temp.compare(
           format('clocks of a table resolved by status, loaded by slm.load_history and read off the timeline, seed %s',
                  :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_st_loaded''::regclass'),
           'SELECT * FROM tl_expected WHERE NOT removed', 'clocks');
SELECT slm.rebuild('tl_st') AS rebuilt \gset
SELECT pg_temp.compare(
           format('clocks of a table resolved by status, rebuilt and read off the timeline, seed %s', :'seed'),
           replace(:'tracked', '''tl''::regclass', '''tl_st''::regclass'), 'SELECT * FROM tl_expected', 'clocks');
