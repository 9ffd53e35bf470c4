-- test/shapes/shapes.sql - one random history of tickets played on two
-- tables that hold the same tickets two ways (scripts/tests/shapes_differential.sh):
--
--   plain   names as text, times as timestamptz, the reply, the
--           resolution (cleared on reopening) and the team in columns, a
--           cancelled flag;
--   shaped  as ticket systems keep them (test/ticket_systems/): ids named
--           by look-ups (states by their type), times as timestamp in
--           Berlin time, resolved by status with a close time that is
--           never cleared, merged and removed states that cancel, first
--           responses among articles (with customer mails and internal
--           notes that are not responses), teams in a link table (with
--           observers who hold nothing).
--
-- The C rules have been checked against an independent reference on the
-- plain shape (clock_differential.sh); this checks that every option of
-- slm.attach for the shaped one reads the same tickets the same way: the
-- two tables' clocks must agree column for column, live and after a
-- rebuild.  Every version of the plain rows is kept (plain_history), and
-- of the shaped ones with their teams' changes (shaped_changes), for
-- slm.load_history to play again.  Set :seed, :tickets and :changes
-- before \i.
SET TimeZone = 'UTC';
SELECT setseed(:seed);
SELECT set_config('shapes.tickets', :'tickets', false), set_config('shapes.changes', :'changes', false) \gset

INSERT INTO slm.calendars (name, calendar)
VALUES ('berlin office', 'tz=Europe/Berlin; mon-fri 09:00-18:00; 2026-10-28 closed');
INSERT INTO slm.services (name, calendar) VALUES ('shapes', 'berlin office');
INSERT INTO slm.customers (name, tier) VALUES ('Acme', 'key'), ('Globex', NULL), ('Initech', NULL);
INSERT INTO slm.agreements (name, kind, service) VALUES ('shapes sla', 'SLA', 'shapes');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT 'shapes ' || t, 'OLA', 'shapes', t, a.id FROM unnest(ARRAY['Desk', 'Network']) t, slm.agreements a
WHERE a.name = 'shapes sla';
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, m.metric, p.priority, p.goal * m.factor
FROM slm.agreements a
CROSS JOIN (VALUES ('response', 1), ('resolution', 4)) m(metric, factor)
CROSS JOIN (VALUES (3, interval '1 hour'), (2, interval '4 hours'), (1, interval '8 hours')) p(priority, goal)
WHERE a.name = 'shapes sla';
INSERT INTO slm.targets (agreement, metric, tier, goal)
SELECT a.id, 'resolution', 'key', interval '3 hours' FROM slm.agreements a WHERE a.name = 'shapes sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'resolution', interval '6 hours' FROM slm.agreements a WHERE a.name LIKE 'shapes %' AND a.kind = 'OLA';

CREATE TABLE plain (
    id        integer PRIMARY KEY,
    opened    timestamptz NOT NULL,
    prio      integer NOT NULL,
    cust      text,
    status    text NOT NULL,
    changed   timestamptz NOT NULL,
    responded timestamptz,
    resolved  timestamptz,
    team      text,
    cancelled boolean NOT NULL DEFAULT false
);

CREATE TABLE state_types (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO state_types VALUES (1, 'new'), (2, 'open'), (3, 'pending'), (4, 'closed'), (5, 'merged'), (6, 'removed');
CREATE TABLE states (id integer PRIMARY KEY, name text NOT NULL, type_id integer NOT NULL REFERENCES state_types);
INSERT INTO states VALUES (1, 'new', 1), (2, 'open', 2), (3, 'pending reminder', 3), (4, 'pending close', 3),
    (5, 'closed successful', 4), (6, 'closed unsuccessful', 4), (7, 'merged', 5), (8, 'removed', 6);
CREATE TABLE orgs (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO orgs VALUES (1, 'Acme'), (2, 'Globex'), (3, 'Initech');
CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO teams VALUES (1, 'Desk'), (2, 'Network');
CREATE TABLE shaped (
    id          bigint PRIMARY KEY,
    created_at  timestamp(3) NOT NULL,
    priority_id integer NOT NULL,
    org_id      integer,
    state_id    integer NOT NULL,
    updated_at  timestamp(3) NOT NULL,
    close_at    timestamp(3)
);
CREATE TABLE articles (id serial PRIMARY KEY, ticket_id bigint NOT NULL, sender text NOT NULL,
                       internal boolean NOT NULL, created_at timestamp(3) NOT NULL);
CREATE TABLE team_links (ticket_id bigint NOT NULL, team_id integer NOT NULL, kind integer NOT NULL);

SELECT slm.attach('plain', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  status => 'status', changed_at => 'changed', responded_at => 'responded',
                  resolved_at => 'resolved', assignment_group => 'team', default_service => 'shapes',
                  paused_statuses => '{pending}', cancel_when => '{"cancelled": [true]}');
-- how the shaped table is attached (scripts/tests/shapes_differential.sh
-- attaches a copy the same way)
CREATE FUNCTION pg_temp.attach_shaped(t regclass) RETURNS void LANGUAGE sql AS $a$
    SELECT slm.attach(t, key => 'id', opened_at => 'created_at', priority => 'priority_id', customer => 'org_id',
                      status => 'state_id', changed_at => 'updated_at', resolved_at => 'close_at',
                      local_zone => 'Europe/Berlin', default_service => 'shapes',
                      lookups => '{"status": "SELECT s.id, t.name FROM states s JOIN state_types t ON t.id = s.type_id",
                                   "customer": "SELECT id, name FROM orgs"}',
                      paused_statuses => '{pending}', resolved_statuses => '{closed}',
                      cancel_when => '{"state_id": ["merged", "removed"]}', priority_levels => '{3, 2, 1}',
                      responses => '{"table": "articles", "ticket": "ticket_id",
                                     "query": "SELECT ticket_id, created_at FROM articles WHERE sender = ''agent'' AND NOT internal"}',
                      group_links => '{"table": "team_links", "ticket": "ticket_id",
                                       "query": "SELECT l.ticket_id, t.name FROM team_links l JOIN teams t ON t.id = l.team_id WHERE l.kind = 2"}')
$a$;
SELECT pg_temp.attach_shaped('shaped') IS NULL AS attached \gset

-- every version of the plain rows, in order: the history slm.load_history
-- plays again (scripts/tests/shapes_differential.sh; test/include/versions.sql)
\ir ../include/versions.sql
CREATE SEQUENCE plain_seq;
SELECT pg_temp.keep_versions('plain', 'plain_history', 'plain_seq') IS NULL AS kept \gset

-- every version of the shaped rows and every change of the teams holding
-- them, in one order: the shaped table's history as field changes, as an
-- audit trail keeps them (its first responses are the articles)
CREATE SEQUENCE shaped_log_seq;
SELECT pg_temp.keep_versions('shaped', 'shaped_versions', 'shaped_log_seq') IS NULL AS kept \gset
CREATE TABLE team_log (seq bigint NOT NULL DEFAULT nextval('shaped_log_seq'), ticket_id bigint NOT NULL,
                       at timestamp(3) NOT NULL, team text NOT NULL, joins boolean NOT NULL);
CREATE FUNCTION log_team_link() RETURNS trigger LANGUAGE plpgsql AS $k$
DECLARE
    l team_links := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
    IF l.kind = 2 THEN  -- a hold; an observer holds nothing
        INSERT INTO team_log (ticket_id, at, team, joins)
        SELECT l.ticket_id, s.updated_at, t.name, TG_OP = 'INSERT' FROM shaped s, teams t
        WHERE s.id = l.ticket_id AND t.id = l.team_id;
    END IF;
    RETURN NULL;
END $k$;
CREATE TRIGGER log_team_link AFTER INSERT OR DELETE ON team_links FOR EACH ROW EXECUTE FUNCTION log_team_link();
SELECT pg_temp.field_changes('shaped_field_changes', 'shaped_versions', 'id', 'updated_at',
                             '{priority_id,org_id,state_id,close_at}') IS NULL AS made \gset
CREATE VIEW shaped_changes AS
SELECT * FROM shaped_field_changes
UNION ALL
SELECT l.ticket_id, l.at, 'team', CASE WHEN NOT l.joins THEN l.team END, CASE WHEN l.joins THEN l.team END, l.seq
FROM team_log l;

-- The history: each change at its own instant, in order, between 06:00
-- and 19:00 UTC (never in the hour Berlin has twice), over a fortnight
-- across the end of summer time and the holiday.
CREATE TEMP TABLE ticket_state (id integer PRIMARY KEY, status text, team integer, responded boolean,
                                cancelled boolean, closed_once boolean);
DO $$
DECLARE
    at timestamptz := '2026-10-19 06:00+00';
    n_new integer := 0;
    k integer;
    t record;
    kind float8;
    new_team integer;
    local timestamp;
    tickets integer := current_setting('shapes.tickets')::integer;
BEGIN
    FOR step IN 1 .. current_setting('shapes.changes')::integer LOOP
        at := at + (5 + floor(random() * 55)) * interval '1 minute';
        IF extract(hour FROM at) >= 19 THEN
            at := date_trunc('day', at) + interval '1 day 6 hours';
        END IF;
        local := timezone('Europe/Berlin', at);
        kind := random();
        IF n_new < tickets AND (n_new < 5 OR kind < 0.2) THEN
            n_new := n_new + 1;
            k := n_new;
            new_team := CASE floor(random() * 3) WHEN 0 THEN NULL WHEN 1 THEN 1 ELSE 2 END;
            INSERT INTO ticket_state VALUES (k, 'new', new_team, false, false, false);
            INSERT INTO plain (id, opened, prio, cust, status, changed, team)
            VALUES (k, at, 1 + floor(random() * 3), (ARRAY['Acme', 'Globex', 'Initech'])[1 + (k % 3)], 'new', at,
                    (ARRAY[NULL, 'Desk', 'Network'])[coalesce(new_team, 0) + 1]);
            INSERT INTO shaped (id, created_at, priority_id, org_id, state_id, updated_at)
            SELECT k, local, p.prio, 1 + (k % 3), 1, local FROM plain p WHERE p.id = k;
            IF new_team IS NOT NULL THEN
                INSERT INTO team_links VALUES (k, new_team, 2);
            END IF;
            IF random() < 0.3 THEN
                INSERT INTO team_links VALUES (k, 1 + floor(random() * 2), 1);  -- an observer holds nothing
            END IF;
            CONTINUE;
        END IF;

        SELECT * INTO t FROM ticket_state ORDER BY random() LIMIT 1;
        kind := random();
        IF t.cancelled THEN
            IF kind < 0.5 THEN  -- taken back out
                UPDATE ticket_state SET cancelled = false, status = 'open' WHERE id = t.id;
                UPDATE plain SET cancelled = false, status = 'open', resolved = NULL, changed = at WHERE id = t.id;
                UPDATE shaped SET state_id = 2, updated_at = local WHERE id = t.id;
            END IF;
        ELSIF kind < 0.05 THEN  -- merged or removed
            UPDATE ticket_state SET cancelled = true WHERE id = t.id;
            UPDATE plain SET cancelled = true, changed = at WHERE id = t.id;
            UPDATE shaped SET state_id = 7 + floor(random() * 2), updated_at = local WHERE id = t.id;
        ELSIF kind < 0.25 AND t.status <> 'closed' THEN  -- waits on the customer, or its end
            k := CASE WHEN t.status = 'pending' THEN 2 ELSE 3 + floor(random() * 2) END;
            UPDATE ticket_state SET status = CASE k WHEN 2 THEN 'open' ELSE 'pending' END WHERE id = t.id;
            UPDATE plain SET status = CASE k WHEN 2 THEN 'open' ELSE 'pending' END, changed = at WHERE id = t.id;
            UPDATE shaped SET state_id = k, updated_at = local WHERE id = t.id;
        ELSIF kind < 0.40 AND t.status <> 'closed' THEN  -- closed
            UPDATE ticket_state SET status = 'closed', closed_once = true WHERE id = t.id;
            UPDATE plain SET status = 'closed', resolved = at, changed = at WHERE id = t.id;
            UPDATE shaped SET state_id = 5 + floor(random() * 2), close_at = coalesce(close_at, local), updated_at = local
            WHERE id = t.id;
        ELSIF kind < 0.45 AND t.status = 'closed' THEN  -- reopened (the close time stays)
            UPDATE ticket_state SET status = 'open' WHERE id = t.id;
            UPDATE plain SET status = 'open', resolved = NULL, changed = at WHERE id = t.id;
            UPDATE shaped SET state_id = 2, updated_at = local WHERE id = t.id;
        ELSIF kind < 0.65 THEN  -- an article: an agent's answer, an internal note, a customer's mail
            k := floor(random() * 3);
            INSERT INTO articles (ticket_id, sender, internal, created_at)
            VALUES (t.id, CASE k WHEN 2 THEN 'customer' ELSE 'agent' END, k = 1, local);
            UPDATE shaped SET updated_at = local WHERE id = t.id;
            IF k = 0 AND NOT t.responded THEN
                UPDATE ticket_state SET responded = true WHERE id = t.id;
                UPDATE plain SET responded = at, changed = at WHERE id = t.id;
            ELSE
                UPDATE plain SET changed = at WHERE id = t.id;
            END IF;
        ELSIF kind < 0.75 THEN  -- priority
            k := 1 + floor(random() * 3);
            UPDATE plain SET prio = k, changed = at WHERE id = t.id;
            UPDATE shaped SET priority_id = k, updated_at = local WHERE id = t.id;
        ELSIF kind < 0.80 THEN  -- customer
            k := 1 + floor(random() * 3);
            UPDATE plain SET cust = (SELECT name FROM orgs WHERE orgs.id = k), changed = at WHERE id = t.id;
            UPDATE shaped SET org_id = k, updated_at = local WHERE id = t.id;
        ELSIF kind < 0.92 THEN  -- a hand-off (to another team, or to none)
            new_team := CASE floor(random() * 3) WHEN 0 THEN NULL WHEN 1 THEN 1 ELSE 2 END;
            IF new_team IS DISTINCT FROM t.team THEN
                UPDATE ticket_state SET team = new_team WHERE id = t.id;
                UPDATE plain SET team = (SELECT name FROM teams WHERE teams.id = new_team), changed = at WHERE id = t.id;
                UPDATE shaped SET updated_at = local WHERE id = t.id;
                DELETE FROM team_links l WHERE l.ticket_id = t.id AND l.kind = 2;
                IF new_team IS NOT NULL THEN
                    INSERT INTO team_links VALUES (t.id, new_team, 2);
                END IF;
            END IF;
        ELSE  -- a note: only the change time moves
            UPDATE plain SET changed = at WHERE id = t.id;
            UPDATE shaped SET updated_at = local WHERE id = t.id;
        END IF;
    END LOOP;
END $$;
