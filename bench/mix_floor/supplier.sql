\set id random(1, 20000)
WITH o AS (SELECT id, status FROM tk_floor WHERE id = :id AND resolved IS NULL FOR UPDATE),
     t AS (UPDATE tk_floor k SET status = 'vendor', vendor = 'telco', status_at = now() FROM o WHERE k.id = o.id
           RETURNING k.id, o.status AS was, k.responded, k.resolved)
--@next_reply running NULL
INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority,
                         tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from, due_at, due_date, state)
SELECT 'tk_floor'::regclass, t.id::text, 'UC', 'resolution',
       (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text
          AND c.removed_at IS NULL AND c.kind = 'UC' AND c.metric = 'resolution'),
       3, 12, 'telco', 'c1', 'default', 2, 'standard', interval '12 hours', 'business hours', 0.75, now(),
       interval '12 hours', interval '0', now() + interval '9 hours', now() + interval '12 hours',
       (now() + interval '12 hours')::date, 'running'
FROM t WHERE t.was <> 'vendor';
