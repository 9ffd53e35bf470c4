-- test/history/history.sql - one random history of tickets played live on
-- one table, its every version kept, for scripts/tests/history_differential.sh
-- to load again with slm.load_history, as snapshots and as field changes,
-- into copies of the final rows.
--
-- Every kind of change: new tickets, replies, customer messages, waits on the customer and
-- on a supplier and their end, closings and reopenings, priority and
-- customer changes, hand-offs between teams, cancellations and their
-- undoing, notes; updates that change several columns at once; and
-- changes at the same instant, on one ticket and on several (a closing and
-- a reopening, a wait and its end, in one second).  Berlin office hours
-- over a fortnight across the end of summer time and a holiday.  Set
-- :seed, :tickets and :changes before \i.
SET TimeZone = 'UTC';
SELECT setseed(:seed);
SELECT set_config('history.tickets', :'tickets', false), set_config('history.changes', :'changes', false) \gset

INSERT INTO slm.calendars (name, calendar)
VALUES ('berlin office', 'tz=Europe/Berlin; mon-fri 09:00-18:00; 2026-10-28 closed');
INSERT INTO slm.services (name, calendar) VALUES ('history', 'berlin office');
INSERT INTO slm.customers (name, tier) VALUES ('Acme', 'key'), ('Globex', NULL), ('Initech', NULL);
INSERT INTO slm.agreements (name, kind, service) VALUES ('history sla', 'SLA', 'history');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT 'history ' || c, k, 'history', c, a.id
FROM (VALUES ('Desk', 'OLA'), ('Network', 'OLA'), ('Telco', 'UC')) v(c, k), slm.agreements a
WHERE a.name = 'history sla';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, m.metric, p.priority, p.goal * m.factor
FROM slm.agreements a
CROSS JOIN (VALUES ('response', 1), ('resolution', 4)) m(metric, factor)
CROSS JOIN (VALUES (1, interval '1 hour'), (2, interval '4 hours'), (3, interval '8 hours')) p(priority, goal)
WHERE a.name = 'history sla';
INSERT INTO slm.targets (agreement, metric, tier, goal)
SELECT a.id, 'resolution', 'key', interval '3 hours' FROM slm.agreements a WHERE a.name = 'history sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'resolution', interval '6 hours' FROM slm.agreements a WHERE a.name LIKE 'history %' AND a.kind <> 'SLA';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'next_reply', interval '2 hours' FROM slm.agreements a WHERE a.name = 'history sla';

CREATE TABLE live (
    id        integer PRIMARY KEY,
    opened    timestamptz NOT NULL,
    prio      integer NOT NULL,
    cust      text,
    status    text NOT NULL,
    changed   timestamptz NOT NULL,
    responded timestamptz,
    resolved  timestamptz,
    team      text,
    vendor    text,
    cancelled boolean NOT NULL DEFAULT false,
    wrote     timestamptz,
    answered  timestamptz
);
-- how every table of this test is attached
CREATE FUNCTION pg_temp.attach_history_table(t regclass) RETURNS void LANGUAGE sql AS $a$
    SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                      status => 'status', changed_at => 'changed', responded_at => 'responded',
                      resolved_at => 'resolved', assignment_group => 'team', supplier => 'vendor',
                      default_service => 'history', paused_statuses => '{pending}',
                      supplier_statuses => '{with supplier}', cancel_when => '{"cancelled": [true]}',
                      customer_message_at => 'wrote', agent_reply_at => 'answered')
$a$;
SELECT pg_temp.attach_history_table('live');

-- every version of the rows, in order, and the same versions as a log of
-- field changes, a row per changed column, as sys_audit or
-- journal_details keep them (test/include/versions.sql)
\ir ../include/versions.sql
CREATE SEQUENCE live_seq;
SELECT pg_temp.keep_versions('live', 'live_versions', 'live_seq') IS NULL AS kept \gset
SELECT pg_temp.field_changes('live_changes', 'live_versions', 'id', 'changed',
                             '{prio,cust,status,responded,resolved,team,vendor,cancelled,wrote,answered}') IS NULL AS made \gset

-- The history: changes between 06:00 and 19:00 UTC (never in the hour
-- Berlin has twice); a quarter of them at the instant of the one before,
-- half of those on the same ticket.
DO $$
DECLARE
    at timestamptz := '2026-10-19 06:00+00';
    n_new integer := 0;
    t live;
    last_id integer := NULL;
    kind float8;
    tickets integer := current_setting('history.tickets')::integer;
BEGIN
    FOR step IN 1 .. current_setting('history.changes')::integer LOOP
        IF random() >= 0.25 OR n_new = 0 THEN
            at := at + (1 + floor(random() * 50)) * interval '1 minute';
            IF extract(hour FROM at) >= 19 THEN
                at := date_trunc('day', at) + interval '1 day 6 hours';
            END IF;
            last_id := NULL;
        END IF;
        kind := random();
        IF n_new < tickets AND (n_new < 5 OR kind < 0.15) THEN
            n_new := n_new + 1;
            INSERT INTO live (id, opened, prio, cust, status, changed, team)
            VALUES (n_new, at, 1 + floor(random() * 3), (ARRAY['Acme', 'Globex', 'Initech'])[1 + (n_new % 3)], 'new',
                    at, (ARRAY[NULL, 'Desk', 'Network'])[1 + floor(random() * 3)]);
            CONTINUE;
        END IF;
        IF last_id IS NOT NULL AND random() < 0.5 THEN
            SELECT * INTO t FROM live WHERE id = last_id;
        ELSE
            SELECT * INTO t FROM live ORDER BY random() LIMIT 1;
        END IF;
        last_id := t.id;
        kind := random();
        IF t.cancelled THEN
            IF kind < 0.5 THEN  -- taken back out
                UPDATE live SET cancelled = false, status = 'open', resolved = NULL, changed = at WHERE id = t.id;
            END IF;
        ELSIF kind < 0.04 THEN  -- cancelled
            UPDATE live SET cancelled = true, changed = at WHERE id = t.id;
        ELSIF kind < 0.22 AND t.status <> 'closed' THEN  -- waits on the customer or a supplier, or its end
            UPDATE live SET status = CASE WHEN t.status IN ('pending', 'with supplier') THEN 'open'
                                          WHEN random() < 0.7 THEN 'pending' ELSE 'with supplier' END,
                            vendor = CASE WHEN t.status = 'with supplier' THEN NULL
                                          WHEN t.status NOT IN ('pending') AND random() < 0.5 THEN 'Telco'
                                          ELSE vendor END,
                            changed = at
            WHERE id = t.id;
        ELSIF kind < 0.36 AND t.status <> 'closed' THEN  -- closed, sometimes with a last priority change
            UPDATE live SET status = 'closed', resolved = at, changed = at,
                            prio = CASE WHEN random() < 0.2 THEN 1 + floor(random() * 3) ELSE prio END
            WHERE id = t.id;
        ELSIF kind < 0.44 AND t.status = 'closed' THEN  -- reopened
            UPDATE live SET status = 'open', resolved = NULL, changed = at WHERE id = t.id;
        ELSIF kind < 0.58 THEN  -- a reply (the first one counts), with the status open
            UPDATE live SET responded = coalesce(responded, at), answered = at,
                            status = CASE WHEN status = 'new' THEN 'open' ELSE status END, changed = at
            WHERE id = t.id;
        ELSIF kind < 0.70 THEN  -- priority
            UPDATE live SET prio = 1 + floor(random() * 3), changed = at WHERE id = t.id;
        ELSIF kind < 0.76 THEN  -- customer
            UPDATE live SET cust = (ARRAY['Acme', 'Globex', 'Initech'])[1 + floor(random() * 3)], changed = at
            WHERE id = t.id;
        ELSIF kind < 0.90 THEN  -- a hand-off (to another team, or to none), sometimes with a priority change
            UPDATE live SET team = (ARRAY[NULL, 'Desk', 'Network'])[1 + floor(random() * 3)],
                            prio = CASE WHEN random() < 0.3 THEN 1 + floor(random() * 3) ELSE prio END, changed = at
            WHERE id = t.id;
        ELSIF kind < 0.96 THEN  -- the customer writes
            UPDATE live SET wrote = at, changed = at WHERE id = t.id;
        ELSE  -- a note: only the change time moves
            UPDATE live SET changed = at WHERE id = t.id;
        END IF;
    END LOOP;
END $$;

-- copies of the final rows, attached (so rebuilt from them first), for the loads
CREATE TABLE from_snapshots (LIKE live INCLUDING ALL);
CREATE TABLE from_changes (LIKE live INCLUDING ALL);
INSERT INTO from_snapshots SELECT * FROM live;
INSERT INTO from_changes SELECT * FROM live;
SELECT pg_temp.attach_history_table('from_snapshots') AS a, pg_temp.attach_history_table('from_changes') AS b \gset
