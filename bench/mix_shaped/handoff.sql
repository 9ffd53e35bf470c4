\set id random(1, 20000)
UPDATE zammad.tz_plain SET group_id = CASE WHEN group_id = 2 THEN 3 ELSE 2 END, updated_at = now() AT TIME ZONE 'UTC'
WHERE id = :id;
