\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'open', status_at = now() WHERE id = :id AND status <> 'open'
           RETURNING id, responded, resolved)
--@next_reply running NULL
UPDATE clock_floor c
SET pauses = c.pauses + tstzmultirange(tstzrange(c.paused_since, greatest(c.paused_since, now()))), paused_since = NULL,
    paused_time = c.paused_time + interval '1 hour', warn_from = c.warn_from + interval '1 hour',
    due_at = c.due_at + interval '1 hour', due_date = (c.due_at + interval '1 hour')::date, state = 'running'
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
  AND c.paused_since IS NOT NULL AND c.stopped_at IS NULL AND c.cancelled_at IS NULL;
