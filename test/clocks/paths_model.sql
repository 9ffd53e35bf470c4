-- test/clocks/paths_model.sql - the model and ticket tables that one random
-- history is played on, three ways (sql/clock_paths.sql and
-- scripts/tests/clock_differential.sh): the C rules writing directly
-- (paths_c), the C rules writing by statements (paths_stmt), and the
-- reference rules in PL/pgSQL (paths_sql, test/clocks/reference.sql).
-- New York office hours with a holiday, across the change to daylight
-- saving time on 2026-03-08; a P1 line on round-the-clock hours
INSERT INTO slm.calendars (name, calendar) VALUES
  ('ny office', 'tz=America/New_York; mon-fri 09:00-17:00; 2026-03-16 closed'),
  ('ny 24x7', 'tz=America/New_York; 24x7');
INSERT INTO slm.services (name, calendar) VALUES ('paths', 'ny office');
INSERT INTO slm.customers (name, tier, importance, urgency, complexity) VALUES
  ('acme', 'key', NULL, NULL, NULL), ('globex', NULL, 5, 4, 4), ('initech', NULL, 1, 1, 1);
INSERT INTO slm.agreements (name, kind, service) VALUES ('paths sla', 'SLA', 'paths');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT v.name, v.kind, 'paths', v.counterparty, CASE WHEN v.kind <> 'SLA' THEN a.id END
FROM (VALUES ('paths acme', 'SLA', 'acme'), ('paths network', 'OLA', 'network'), ('paths telco', 'UC', 'telco'))
     v(name, kind, counterparty)
CROSS JOIN slm.agreements a WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, priority, tier, goal, calendar)
SELECT a.id, m.metric, p.priority, NULL, p.goal * m.factor, CASE WHEN p.priority = 1 THEN 'ny 24x7' END
FROM slm.agreements a
CROSS JOIN (VALUES ('response', 1), ('resolution', 3)) m(metric, factor)
CROSS JOIN (VALUES (1, interval '30 minutes'), (2, interval '4 hours'), (3, interval '1 day'), (4, interval '2 days')) p(priority, goal)
WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, tier, goal)
SELECT a.id, 'resolution', 'special', interval '2 hours' FROM slm.agreements a WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, m.metric, interval '3 hours'
FROM slm.agreements a CROSS JOIN (VALUES ('response'), ('resolution')) m(metric) WHERE a.name = 'paths acme';
-- the network team and the supplier commit to priorities 1 to 3 only: a
-- ticket moved to priority 4 has their running clocks cancelled, and moved
-- back, they run again while the team holds it or it waits on the supplier
INSERT INTO slm.targets (agreement, metric, priority, goal, warn_at)
SELECT a.id, 'resolution', p, interval '5 hours', 0.5
FROM slm.agreements a CROSS JOIN generate_series(1, 3) p WHERE a.name IN ('paths network', 'paths telco');
-- the network team acknowledges its hold (OLA response) within an hour
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, 'response', p, interval '1 hour' FROM slm.agreements a CROSS JOIN generate_series(1, 3) p
WHERE a.name = 'paths network';
-- the time to own: until the first assignment to a person
INSERT INTO slm.targets (agreement, metric, priority, goal)
SELECT a.id, 'own', p.priority, p.goal FROM slm.agreements a
CROSS JOIN (VALUES (NULL::integer, interval '2 hours'), (1, interval '15 minutes')) p(priority, goal)
WHERE a.name = 'paths sla';
-- the next reply: each customer message after the first reply to the
-- agents' next reply (priority 1 on its 24x7 line)
INSERT INTO slm.targets (agreement, metric, priority, goal, calendar)
SELECT a.id, 'next_reply', p.priority, p.goal, CASE WHEN p.priority = 1 THEN 'ny 24x7' END FROM slm.agreements a
CROSS JOIN (VALUES (NULL::integer, interval '3 hours'), (1, interval '1 hour')) p(priority, goal)
WHERE a.name = 'paths sla';
-- by category: an outage resolves within 2 hours, a request's response
-- within 2 days; a ticket may name its SLA, 'paths gold' (of a service
-- no ticket has, so named only), which has no next reply
INSERT INTO slm.targets (agreement, metric, category, goal)
SELECT a.id, c.metric, c.category, c.goal FROM slm.agreements a
CROSS JOIN (VALUES ('resolution', 'outage', interval '2 hours'), ('response', 'request', interval '2 days')) c(metric, category, goal)
WHERE a.name = 'paths sla';
INSERT INTO slm.services (name, calendar) VALUES ('paths gold', 'ny 24x7');
INSERT INTO slm.agreements (name, kind, service) VALUES ('paths gold', 'SLA', 'paths gold');
INSERT INTO slm.targets (agreement, metric, priority, category, goal)
SELECT a.id, g.metric, g.priority, g.category, g.goal FROM slm.agreements a
CROSS JOIN (VALUES ('response', NULL::integer, NULL, interval '20 minutes'), ('resolution', NULL, NULL, interval '4 hours'),
                   ('resolution', 1, NULL, interval '1 hour'), ('own', NULL, 'outage', interval '10 minutes')) g(metric, priority, category, goal)
WHERE a.name = 'paths gold';
-- pause statuses of their own: priority 2's response never pauses,
-- priority 3's resolution only while waiting, priority 4's response also
-- while new, the network team's hold only while on hold (the others: the
-- table's, waiting and on hold)
UPDATE slm.targets t SET pause_statuses = p.statuses
FROM slm.agreements a,
     (VALUES ('paths sla', 'response', 2, '{}'::text[]), ('paths sla', 'resolution', 3, '{waiting}'),
             ('paths sla', 'response', 4, '{waiting,on hold,new}'), ('paths network', 'resolution', NULL, '{on hold}'))
     p(agreement, metric, priority, statuses)
WHERE a.id = t.agreement AND a.name = p.agreement AND t.metric = p.metric
  AND (t.priority = p.priority OR (p.priority IS NULL AND a.name = 'paths network'));

CREATE TABLE paths_c (
    id         integer PRIMARY KEY,
    opened     timestamptz NOT NULL,
    prio       integer,
    customer   text,
    status     text NOT NULL,
    status_at  timestamptz,
    responded  timestamptz,
    resolved   timestamptz,
    team       text,
    vendor     text,
    agent      text,
    csat       integer,
    wrote      timestamptz,
    replied    timestamptz,
    area       text,
    sla        text
);
CREATE TABLE paths_sql (LIKE paths_c INCLUDING ALL);
CREATE TABLE paths_stmt (LIKE paths_c INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  service => NULL, default_service => 'paths', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved', assignment_group => 'team',
                  supplier => 'vendor', assignee => 'agent', satisfaction => 'csat',
                  customer_message_at => 'wrote', agent_reply_at => 'replied', category => 'area', agreement => 'sla',
                  paused_statuses => '{waiting,on hold}', supplier_statuses => '{vendor}')
FROM unnest('{paths_c,paths_sql,paths_stmt}'::regclass[]) t;
SELECT slm_reference.take('paths_sql');
