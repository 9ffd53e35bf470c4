-- bench/mix_floor/supplier.sql with the next reply
\set id random(1, 20000)
WITH o AS (SELECT id, status FROM tk_floor WHERE id = :id AND resolved IS NULL FOR UPDATE),
     t AS (UPDATE tk_floor k SET status = 'vendor', vendor = 'telco', status_at = now() FROM o WHERE k.id = o.id
           RETURNING k.id, o.status AS was, k.responded, k.resolved),
     n AS (INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
                                    priority, tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from,
                                    due_at, due_date, state, paused_since)
           SELECT 'tk_floor'::regclass, t.id::text, 'SLA', 'next_reply',
                  (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass
                     AND c.ticket = t.id::text AND c.removed_at IS NULL AND c.kind = 'SLA' AND c.metric = 'next_reply'),
                  1, 5, 'c1', 'c1', 'default', 2, 'standard', interval '4 hours', 'business hours', 0.75, now(),
                  interval '4 hours', interval '0', now() + interval '3 hours', now() + interval '4 hours',
                  (now() + interval '4 hours')::date, 'running', NULL
           FROM t WHERE t.responded IS NOT NULL AND t.responded < now() AND t.resolved IS NULL
             AND NOT EXISTS (SELECT FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text
                               AND c.removed_at IS NULL AND c.kind = 'SLA' AND c.metric = 'next_reply'
                               AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
           ON CONFLICT (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL DO NOTHING),
     u AS (INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
                                    priority, tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from,
                                    due_at, due_date, state)
           SELECT 'tk_floor'::regclass, t.id::text, 'UC', 'resolution',
                  (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass
                     AND c.ticket = t.id::text AND c.removed_at IS NULL AND c.kind = 'UC' AND c.metric = 'resolution'),
                  3, 12, 'telco', 'c1', 'default', 2, 'standard', interval '12 hours', 'business hours', 0.75, now(),
                  interval '12 hours', interval '0', now() + interval '9 hours', now() + interval '12 hours',
                  (now() + interval '12 hours')::date, 'running'
           FROM t WHERE t.was <> 'vendor')
SELECT;
