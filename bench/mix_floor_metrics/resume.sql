-- bench/mix_floor/resume.sql with the next reply
\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'open', status_at = now() WHERE id = :id AND status <> 'open'
           RETURNING id, responded, resolved),
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
     r AS (UPDATE clock_floor c
           SET pauses = c.pauses + tstzmultirange(tstzrange(c.paused_since, greatest(c.paused_since, now()))),
               paused_since = NULL, paused_time = c.paused_time + interval '1 hour',
               warn_from = c.warn_from + interval '1 hour', due_at = c.due_at + interval '1 hour',
               due_date = (c.due_at + interval '1 hour')::date, state = 'running'
           FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
             AND c.paused_since IS NOT NULL AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
SELECT;
