\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'waiting', status_at = now() WHERE id = :id AND resolved IS NULL RETURNING id, status, responded, resolved)
--@next_reply paused now()
UPDATE clock_floor c SET paused_since = now(), state = 'paused'
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
  AND c.stopped_at IS NULL AND c.cancelled_at IS NULL AND c.paused_since IS NULL AND c.kind <> 'UC';
