\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'open', status_at = now(), resolved = NULL WHERE id = :id AND resolved IS NOT NULL
           RETURNING id, team, responded, resolved)
--@next_reply running NULL
INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority,
                         tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from, due_at, due_date, state)
SELECT 'tk_floor'::regclass, t.id::text, v.kind, 'resolution',
       (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text
          AND c.removed_at IS NULL AND c.kind = v.kind AND c.metric = 'resolution'),
       v.agreement, v.target, v.party, 'c1', 'default', 2, 'standard', interval '12 hours', 'business hours', 0.75, now(),
       interval '12 hours', interval '0', now() + interval '9 hours', now() + interval '12 hours',
       (now() + interval '12 hours')::date, 'running'
FROM t CROSS JOIN (VALUES ('SLA', 1, 6, 'c1'), ('OLA', 2, 10, 'desk')) v(kind, agreement, target, party)
-- the cycle is counted in the statement's snapshot, which may predate a
-- concurrent reopening of the same ticket (the trigger counts after taking
-- the ticket's lock); such a rare collision is skipped, not an abort of the run
ON CONFLICT (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL DO NOTHING;
