-- test/scale/history.sql - a random history of tickets, as statements on
-- the table "tickets", one per line of the psql script it prints (psql
-- variables seed, tickets, changes): :tickets tickets opened over three
-- weeks in March, then :changes changes of every kind tracking sees
-- (waits on the customer and a supplier, replies, resolutions, reopenings,
-- priority, customer, team, assignee and category changes), each timed
-- 20 to 200 minutes after the ticket's last.  No deletes: a delete is
-- timed by its statement, which differs between the servers compared.
SELECT setseed(:seed);
SELECT format('INSERT INTO tickets VALUES (%s, %L, %s, %s, %L, %L, NULL, NULL, %s, NULL, %s, %s);',
              g, opened, coalesce(prio::text, 'NULL'), coalesce(quote_literal(customer), 'NULL'), 'new', opened,
              CASE WHEN r1 < 0.4 THEN '''network''' ELSE 'NULL' END,
              CASE WHEN r1 > 0.6 THEN '''ann''' ELSE 'NULL' END,
              CASE WHEN r2 < 0.2 THEN '''outage''' ELSE 'NULL' END)
FROM (SELECT g, timestamptz '2026-03-02 07:00' + random() * interval '20 days' AS opened,
             CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 4)::int END AS prio,
             (ARRAY['acme', 'globex', 'initech', NULL])[1 + floor(random() * 4)::int] AS customer,
             random() AS r1, random() AS r2
      FROM generate_series(1, :tickets) g) s
ORDER BY opened;
SELECT CASE
         WHEN r < 0.30 THEN format('UPDATE tickets SET status = %L, status_at = status_at + %L WHERE id = %s;',
                                   (ARRAY['waiting', 'open', 'on hold', 'new'])[1 + floor(r2 * 4)::int], step, id)
         WHEN r < 0.36 THEN format('UPDATE tickets SET status = ''vendor'', status_at = status_at + %L, vendor = coalesce(vendor, ''telco'') WHERE id = %s;', step, id)
         WHEN r < 0.46 THEN format('UPDATE tickets SET responded = coalesce(responded, status_at + %L) WHERE id = %s;', step, id)
         WHEN r < 0.56 THEN format('UPDATE tickets SET resolved = status_at + %L, status = ''resolved'', status_at = status_at + %L WHERE id = %s;', step, step, id)
         WHEN r < 0.62 THEN format('UPDATE tickets SET resolved = NULL, status = ''open'', status_at = status_at + %L WHERE id = %s;', step, id)
         WHEN r < 0.70 THEN format('UPDATE tickets SET prio = %s WHERE id = %s;', 1 + floor(r2 * 4)::int, id)
         WHEN r < 0.78 THEN format('UPDATE tickets SET team = %s, status_at = status_at + %L WHERE id = %s;',
                                   CASE WHEN r2 < 0.5 THEN '''network''' ELSE 'NULL' END, step, id)
         WHEN r < 0.86 THEN format('UPDATE tickets SET agent = %L WHERE id = %s;', (ARRAY['bob', 'cy'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.92 THEN format('UPDATE tickets SET customer = %L WHERE id = %s;', (ARRAY['acme', 'globex'])[1 + floor(r2 * 2)::int], id)
         ELSE format('UPDATE tickets SET area = %s WHERE id = %s;', CASE WHEN r2 < 0.5 THEN '''outage''' ELSE 'NULL' END, id)
       END
FROM (SELECT g, 1 + floor(random() * :tickets)::int AS id, random() AS r, random() AS r2,
             (20 + random() * 180)::int * interval '1 minute' AS step
      FROM generate_series(1, :changes) g) s
ORDER BY g;
