\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET team = CASE WHEN team = 'desk' THEN 'network' ELSE 'desk' END, status_at = now()
           WHERE id = :id RETURNING id, team, responded, resolved),
     s AS (UPDATE clock_floor c SET stopped_at = now(), time_used = interval '1 hour', state = 'met'
           FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
             AND c.kind = 'OLA' AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
--@next_reply running NULL
--@metrics , g AS (UPDATE clock_floor c
--@metrics          SET target = c.target + 1, goal = interval '2 days', goal_time = interval '2 days',
--@metrics              warn_from = c.started_at + interval '36 hours', due_at = c.started_at + interval '48 hours',
--@metrics              due_date = (c.started_at + interval '48 hours')::date
--@metrics          FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
--@metrics            AND c.kind = 'SLA' AND c.metric = 'resolution' AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority,
                         tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from, due_at, due_date, state)
SELECT 'tk_floor'::regclass, t.id::text, 'OLA', 'resolution',
       (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text
          AND c.removed_at IS NULL AND c.kind = 'OLA' AND c.metric = 'resolution'),
       2, 10, t.team, 'c1', 'default', 2, 'standard', interval '12 hours', 'business hours', 0.75, now(),
       interval '12 hours', interval '0', now() + interval '9 hours', now() + interval '12 hours',
       (now() + interval '12 hours')::date, 'running'
FROM t WHERE t.resolved IS NULL
-- the cycle is counted in the statement's snapshot, which may predate a
-- concurrent hand-off of the same ticket (the trigger counts after taking
-- the ticket's lock); such a rare collision is skipped, not an abort of the run
ON CONFLICT (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL DO NOTHING;
