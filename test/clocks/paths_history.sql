-- test/clocks/paths_history.sql - a random history of tickets played on
-- paths_c, paths_stmt and paths_sql (test/clocks/paths_model.sql), and the
-- comparison of their clocks: pg_temp.differ(a, b) counts the clocks of a
-- that b has not, column for column.  psql variables: seed (for setseed),
-- tickets, changes.
-- the history: :tickets tickets opened over three weeks in March, then
-- :changes random changes, each timed 20 to 200 minutes after the ticket's
-- last (psql variables seed, tickets and changes)
SELECT setseed(:seed);
CREATE TEMP TABLE history (n serial, stmt text);
INSERT INTO history (stmt)
SELECT format('INSERT INTO %%I VALUES (%s, %L, %s, %s, %L, %L, %s, %s, %s, %s, %s, NULL, NULL, NULL, %s, %s)',
              g, opened, coalesce(prio::text, 'NULL'), coalesce(quote_literal(customer), 'NULL'), status,
              opened + interval '5 minutes',
              CASE WHEN r1 < 0.2 THEN quote_literal(opened + interval '10 minutes') ELSE 'NULL' END,
              CASE WHEN r1 < 0.05 THEN quote_literal(opened + interval '50 minutes') ELSE 'NULL' END,
              CASE WHEN r2 < 0.4 THEN '''network''' ELSE 'NULL' END,
              CASE WHEN r2 > 0.7 THEN '''telco''' ELSE 'NULL' END,
              CASE WHEN r1 > 0.5 THEN '''ann''' ELSE 'NULL' END,
              (ARRAY['NULL', '''outage''', '''request'''])[1 + floor(r2 * 3)::int],
              CASE WHEN r1 BETWEEN 0.3 AND 0.4 THEN '''paths gold''' ELSE 'NULL' END)
FROM (SELECT g, timestamptz '2026-03-02 07:00' + random() * interval '20 days' AS opened,
             CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 4)::int END AS prio,
             (ARRAY['acme', 'globex', 'initech', 'hooli', NULL])[1 + floor(random() * 5)::int] AS customer,
             (ARRAY['new', 'new', 'waiting', 'vendor', 'open'])[1 + floor(random() * 5)::int] AS status,
             random() AS r1, random() AS r2
      FROM generate_series(1, :tickets) g) s
ORDER BY opened;
INSERT INTO history (stmt)
SELECT CASE
         -- the customer writes; an agent replies (the first reply too, if none yet)
         -- (a conversation: each after the last message either way)
         WHEN r < 0.08 THEN format('UPDATE %%I SET wrote = greatest(wrote, replied, responded, status_at) + %L WHERE id = %s', step, id)
         WHEN r < 0.13 THEN format('UPDATE %%I SET replied = greatest(wrote, replied, status_at) + %L, '
                                   'responded = coalesce(responded, greatest(wrote, replied, status_at) + %L) WHERE id = %s',
                                   step, step, id)
         -- a message and its answer seen in one change (a sync, a history replayed)
         WHEN r < 0.16 THEN format('UPDATE %%I SET wrote = greatest(wrote, replied, responded, status_at) + %L, '
                                   'replied = greatest(wrote, replied, responded, status_at) + 2 * %L::interval WHERE id = %s',
                                   step, step, id)
         WHEN r < 0.30 THEN format('UPDATE %%I SET status = %L, status_at = status_at + %L WHERE id = %s',
                                   (ARRAY['waiting', 'open', 'on hold', 'new'])[1 + floor(r2 * 4)::int], step, id)
         WHEN r < 0.40 THEN format('UPDATE %%I SET status = %L WHERE id = %s',
                                   (ARRAY['waiting', 'open'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.46 THEN format('UPDATE %%I SET status = ''vendor'', status_at = status_at + %L, vendor = coalesce(vendor, ''telco'') WHERE id = %s', step, id)
         WHEN r < 0.54 THEN format('UPDATE %%I SET responded = coalesce(responded, status_at + %L) WHERE id = %s', step, id)
         WHEN r < 0.62 THEN format('UPDATE %%I SET resolved = status_at + %L, status = ''resolved'', status_at = status_at + %L WHERE id = %s', step, step, id)
         WHEN r < 0.67 THEN format('UPDATE %%I SET resolved = NULL, status = ''open'', status_at = status_at + %L WHERE id = %s', step, id)
         -- (a tenth of them to no priority, which no SLA response or
         -- resolution target covers: the clocks are cancelled, and run or
         -- start again at the next priority)
         WHEN r < 0.73 THEN format('UPDATE %%I SET prio = %s WHERE id = %s',
                                   CASE WHEN r2 < 0.1 THEN 'NULL' ELSE (1 + floor((r2 - 0.1) / 0.9 * 4))::int::text END, id)
         WHEN r < 0.78 THEN format('UPDATE %%I SET team = %s, status_at = status_at + %L WHERE id = %s',
                                   CASE WHEN r2 < 0.5 THEN '''network''' ELSE 'NULL' END, step, id)
         WHEN r < 0.84 THEN format('UPDATE %%I SET agent = %L WHERE id = %s', (ARRAY['bob', 'cy'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.88 THEN format('UPDATE %%I SET csat = %s WHERE id = %s', 1 + (r2 * 4)::int, id)
         WHEN r < 0.91 THEN format('UPDATE %%I SET customer = %L WHERE id = %s', (ARRAY['acme', 'globex'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.915 THEN format('DELETE FROM %%I WHERE id = %s', id)
         -- a new key (unique: offset by the change's number)
         WHEN r < 0.925 THEN format('UPDATE %%I SET id = id + %s WHERE id = %s', 1000 * g, id)
         -- a deleted or re-keyed ticket's key names a new ticket
         WHEN r < 0.935 THEN format('INSERT INTO %%1$I (id, opened, prio, customer, status, status_at, agent) '
                                    'SELECT %s, %L, %s, %L, ''new'', %L, ''ann'' WHERE NOT EXISTS (SELECT FROM %%1$I WHERE id = %s)',
                                    id, timestamptz '2026-03-18 08:00' + step * 10, 1 + floor(r2 * 4)::int,
                                    (ARRAY['acme', 'globex'])[1 + floor(r2 * 2)::int],
                                    timestamptz '2026-03-18 08:00' + step * 10, id)
         -- the ticket's category; the SLA it names for itself (one that does not exist, too)
         WHEN r < 0.95 THEN format('UPDATE %%I SET area = %s WHERE id = %s',
                                   (ARRAY['NULL', '''outage''', '''request'''])[1 + floor(r2 * 3)::int], id)
         WHEN r < 0.96 THEN format('UPDATE %%I SET sla = %s WHERE id = %s',
                                   (ARRAY['NULL', '''paths gold''', '''paths gold''', '''no such sla'''])[1 + floor(r2 * 4)::int], id)
         -- the opening time corrected, earlier or later (a phone call entered late)
         WHEN r < 0.97 THEN format('UPDATE %%I SET opened = opened + %L WHERE id = %s',
                                   CASE WHEN r2 < 0.5 THEN -step ELSE step END, id)
         -- some status times go back (a corrected time, an audit trail replayed out of order),
         -- so that pauses overlap and touch
         ELSE format('UPDATE %%I SET status = %L, status_at = status_at + %L WHERE id = %s',
                     (ARRAY['waiting', 'open'])[1 + floor(r2 * 2)::int],
                     CASE WHEN r > 0.98 THEN -step * 2 ELSE step END, id)
       END
FROM (SELECT g, 1 + floor(random() * :tickets)::int AS id, random() AS r, random() AS r2,
             (20 + random() * 180)::int * interval '1 minute' AS step
      FROM generate_series(1, :changes) g) s;
-- a dozen tickets are moved to no priority, resolved and reopened while
-- no target applies, and set back to one: their cancelled clocks take the
-- resolution and stay cancelled, and the next resolution cycles start at
-- the change back (random changes rarely make the four in a row)
INSERT INTO history (stmt)
SELECT format(v.stmt, x.id)
FROM (SELECT g, 1 + floor(random() * :tickets)::int AS id FROM generate_series(1, 12) g) x
CROSS JOIN (VALUES (1, 'UPDATE %%I SET prio = NULL WHERE id = %s'),
                   (2, 'UPDATE %%I SET resolved = status_at + interval ''1 hour'', status = ''resolved'', '
                       'status_at = status_at + interval ''1 hour'' WHERE id = %s'),
                   (3, 'UPDATE %%I SET resolved = NULL, status = ''open'', status_at = status_at + interval ''1 hour'' '
                       'WHERE id = %s'),
                   (4, 'UPDATE %%I SET prio = 2, status_at = status_at + interval ''1 hour'' WHERE id = %s')) v(o, stmt)
ORDER BY x.g, v.o;
-- for some seeds, the table is truncated and its first keys name new tickets
INSERT INTO history (stmt)
SELECT stmt FROM (VALUES (1, 'TRUNCATE %I')) v(o, stmt) WHERE :seed < 0.3
UNION ALL
(SELECT format('INSERT INTO %%I (id, opened, prio, customer, status, status_at, agent) VALUES (%s, %L, %s, ''acme'', ''new'', %L, ''ann'')',
               g, timestamptz '2026-03-25 09:00' + g * interval '7 minutes', 1 + g % 4,
               timestamptz '2026-03-25 09:00' + g * interval '7 minutes')
 FROM generate_series(1, 20) g WHERE :seed < 0.3 ORDER BY g)
UNION ALL
(SELECT format('UPDATE %%I SET status = %L, status_at = status_at + interval ''1 hour'' WHERE id = %s',
               (ARRAY['waiting', 'open', 'resolved'])[1 + g % 3], 1 + g % 20)
 FROM generate_series(1, 40) g WHERE :seed < 0.3 ORDER BY g);

-- play it on both tables; statement_timestamp() is the same for both, as
-- they run in one statement
DO $$
DECLARE
    h record;
BEGIN
    FOR h IN SELECT * FROM history ORDER BY n LOOP
        EXECUTE format(h.stmt, 'paths_c');
        PERFORM set_config('slm.direct_writes', 'off', true);
        EXECUTE format(h.stmt, 'paths_stmt');
        PERFORM set_config('slm.direct_writes', 'on', true);
        EXECUTE format(h.stmt, 'paths_sql');
    END LOOP;
END $$;
RESET slm.direct_writes;

-- the same clocks, column for column
CREATE TEMP VIEW path_clocks AS
SELECT tbl::text AS tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
       priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at,
       goal_time, paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at,
       category, named_agreement
FROM slm.clocks WHERE tbl IN ('paths_c'::regclass, 'paths_sql'::regclass, 'paths_stmt'::regclass);
CREATE FUNCTION pg_temp.differ(a text, b text) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier,
                goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time,
                paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at,
                category, named_agreement
         FROM path_clocks WHERE tbl = a
         EXCEPT ALL
         SELECT ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier,
                goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time,
                paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at,
                category, named_agreement
         FROM path_clocks WHERE tbl = b)) x
$$;
