\set id random(1, 20000)
WITH t AS (UPDATE tk_floor SET responded = now() WHERE id = :id AND responded IS NULL RETURNING id)
UPDATE clock_floor c SET stopped_at = now(), time_used = interval '2 hours', state = 'met'
FROM t WHERE c.tbl = 'tk_floor'::regclass AND c.ticket = t.id::text AND c.removed_at IS NULL
  AND c.kind = 'SLA' AND c.stopped_at IS NULL AND c.cancelled_at IS NULL
  AND c.metric IN ('response'
--@metrics         , 'own'
                  );
