\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET status = 'solved', status_at = now(), resolved = now() WHERE id = :id AND resolved IS NULL RETURNING id)
UPDATE clock_floor c
SET stopped_at = now(), time_used = interval '3 hours', state = 'met', paused_since = NULL,
    pauses = CASE WHEN c.paused_since IS NULL THEN c.pauses
                  ELSE c.pauses + tstzmultirange(tstzrange(c.paused_since, greatest(c.paused_since, now()))) END
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
  AND c.stopped_at IS NULL AND c.cancelled_at IS NULL;
