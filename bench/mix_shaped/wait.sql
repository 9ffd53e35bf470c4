\set id random(1, 20000)
UPDATE zammad.tz_plain SET state_id = 3, pending_time = now() AT TIME ZONE 'UTC' + interval '1 day',
                           updated_at = now() AT TIME ZONE 'UTC'
WHERE id = :id AND state_id NOT IN (4, 5);
