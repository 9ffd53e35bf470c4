\set p random(1, 3)
\set org random(1, 50)
INSERT INTO zammad.tz_plain (group_id, priority_id, state_id, organization_id, number, title, owner_id, customer_id,
                             updated_by_id, created_by_id, created_at, updated_at)
VALUES (2, :p, 1, :org, nextval('zammad.tz_numbers')::text, 'new ticket', 1, 1, 1, 1,
        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC');
