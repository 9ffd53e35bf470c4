\set id random(1, 20000)
UPDATE zammad.tz_plain SET state_id = 2, updated_at = now() AT TIME ZONE 'UTC' WHERE id = :id AND state_id = 4;
