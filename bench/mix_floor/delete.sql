\set id random(1, 20000)
WITH t AS (DELETE FROM tk_floor WHERE id = :id RETURNING id)
UPDATE clock_floor c
SET removed_at = now(),
    cancelled_at = CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL THEN now() ELSE c.cancelled_at END,
    state = CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL THEN 'cancelled' ELSE c.state END
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL;
