\set id random(1, 20000)
\set p random(1, 4)
WITH t AS (UPDATE tk_floor SET prio = :p WHERE id = :id RETURNING id)
UPDATE clock_floor c
SET priority = :p, target = c.target + 1, goal = interval '12 hours', goal_time = interval '12 hours',
    warn_from = c.started_at + interval '9 hours', due_at = c.started_at + interval '12 hours',
    due_date = (c.started_at + interval '12 hours')::date
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
  AND c.stopped_at IS NULL AND c.cancelled_at IS NULL AND c.priority IS DISTINCT FROM :p;
