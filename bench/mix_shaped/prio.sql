\set id random(1, 20000)
\set p random(1, 3)
UPDATE zammad.tz_plain SET priority_id = :p, updated_at = now() AT TIME ZONE 'UTC' WHERE id = :id;
