-- bench/mix_floor/wait.sql with the next reply: the status change is a
-- customer message, which starts a cycle (paused at once, as the others)
\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'waiting', status_at = now() WHERE id = :id AND resolved IS NULL
           RETURNING id, responded, resolved),
     n AS (INSERT INTO clock_floor (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
                                    priority, tier, goal, calendar, warn_at, started_at, goal_time, paused_time, warn_from,
                                    due_at, due_date, state, paused_since)
           SELECT 'tk_floor'::regclass, t.id::text, 'SLA', 'next_reply',
                  (SELECT coalesce(max(c.cycle), 0) + 1 FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass
                     AND c.ticket = t.id::text AND c.removed_at IS NULL AND c.kind = 'SLA' AND c.metric = 'next_reply'),
                  1, 5, 'c1', 'c1', 'default', 2, 'standard', interval '4 hours', 'business hours', 0.75, now(),
                  interval '4 hours', interval '0', now() + interval '3 hours', now() + interval '4 hours',
                  (now() + interval '4 hours')::date, 'paused', now()
           FROM t WHERE t.responded IS NOT NULL AND t.responded < now() AND t.resolved IS NULL
             AND NOT EXISTS (SELECT FROM clock_floor c WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text
                               AND c.removed_at IS NULL AND c.kind = 'SLA' AND c.metric = 'next_reply'
                               AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
           ON CONFLICT (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL DO NOTHING),
     p AS (UPDATE clock_floor c SET paused_since = now(), state = 'paused'
           FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
             AND c.stopped_at IS NULL AND c.cancelled_at IS NULL AND c.paused_since IS NULL AND c.kind <> 'UC')
SELECT;
