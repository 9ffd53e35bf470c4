\set id random(1, 20000)
\set o random(2, 201)
UPDATE zammad.tz_plain SET owner_id = :o, last_owner_update_at = now() AT TIME ZONE 'UTC', updated_at = now() AT TIME ZONE 'UTC'
WHERE id = :id;
