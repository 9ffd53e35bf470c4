\set p random(1, 4)
WITH t AS (INSERT INTO tk_floor (prio, cust, team, status_at) VALUES (:p, 'c1', 'desk', now()) RETURNING id, created)
INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority,
                         tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from, due_at, due_date, state)
SELECT 'tk_floor'::regclass, t.id::text, v.kind, v.metric, 1, v.agreement, v.target, v.party, 'c1', 'default', :p,
       'standard', interval '4 hours', 'business hours', 0.75, t.created, interval '4 hours', interval '0',
       t.created + interval '3 hours', t.created + interval '4 hours', (t.created + interval '4 hours')::date, 'running'
FROM t CROSS JOIN (VALUES ('SLA', 'response', 1, 5, 'c1'), ('SLA', 'resolution', 1, 6, 'c1'),
--@metrics                   ('SLA', 'own', 1, 5, 'c1'),
                          ('OLA', 'resolution', 2, 10, 'desk')) v(kind, metric, agreement, target, party);
