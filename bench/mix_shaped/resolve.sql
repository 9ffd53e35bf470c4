\set id random(1, 20000)
UPDATE zammad.tz_plain SET state_id = 4, close_at = coalesce(close_at, now() AT TIME ZONE 'UTC'),
                           last_close_at = now() AT TIME ZONE 'UTC', updated_at = now() AT TIME ZONE 'UTC'
WHERE id = :id AND state_id NOT IN (4, 5);
