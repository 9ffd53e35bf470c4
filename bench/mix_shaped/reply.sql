\set id random(1, 20000)
UPDATE zammad.tz_plain SET first_response_at = now() AT TIME ZONE 'UTC', last_contact_agent_at = now() AT TIME ZONE 'UTC',
                           updated_at = now() AT TIME ZONE 'UTC'
WHERE id = :id AND first_response_at IS NULL;
