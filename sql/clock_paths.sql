-- clock_paths: the tracking trigger takes new tickets, waits on the
-- customer, replies and resolutions in C and every other change in SQL
-- (slm.track_change); the C
-- path writes clocks directly, or through prepared statements where it
-- must.  All must give the same clocks: one random history of tickets is
-- played on three tables, with the C path writing directly, with it
-- running statements (slm.direct_writes off), and with it off
-- (slm.fast_tracking off), and their clocks are compared column for
-- column.
SET TimeZone = 'America/New_York';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';
SET client_min_messages = warning;

-- New York office hours with a holiday, across the change to daylight
-- saving time on 2026-03-08; a P1 line on round-the-clock hours
INSERT INTO slm.calendars (name, calendar) VALUES
  ('ny office', 'tz=America/New_York; mon-fri 09:00-17:00; 2026-03-16 closed'),
  ('ny 24x7', 'tz=America/New_York; 24x7');
INSERT INTO slm.services (name, calendar) VALUES ('paths', 'ny office');
INSERT INTO slm.customers (name, tier, importance, urgency, complexity) VALUES
  ('acme', 'key', NULL, NULL, NULL), ('globex', NULL, 5, 4, 4), ('initech', NULL, 1, 1, 1);
INSERT INTO slm.agreements (name, kind, service) VALUES ('paths sla', 'SLA', 'paths');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT v.name, v.kind, 'paths', v.counterparty, CASE WHEN v.kind <> 'SLA' THEN a.id END
FROM (VALUES ('paths acme', 'SLA', 'acme'), ('paths network', 'OLA', 'network'), ('paths telco', 'UC', 'telco'))
     v(name, kind, counterparty)
CROSS JOIN slm.agreements a WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, priority, tier, goal, calendar)
SELECT a.id, m.metric, p.priority, NULL, p.goal * m.factor, CASE WHEN p.priority = 1 THEN 'ny 24x7' END
FROM slm.agreements a
CROSS JOIN (VALUES ('response', 1), ('resolution', 3)) m(metric, factor)
CROSS JOIN (VALUES (1, interval '30 minutes'), (2, interval '4 hours'), (3, interval '1 day'), (4, interval '2 days')) p(priority, goal)
WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, tier, goal)
SELECT a.id, 'resolution', 'special', interval '2 hours' FROM slm.agreements a WHERE a.name = 'paths sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, m.metric, interval '3 hours'
FROM slm.agreements a CROSS JOIN (VALUES ('response'), ('resolution')) m(metric) WHERE a.name = 'paths acme';
INSERT INTO slm.targets (agreement, metric, goal, warn_at)
SELECT a.id, 'resolution', interval '5 hours', 0.5 FROM slm.agreements a WHERE a.name IN ('paths network', 'paths telco');

CREATE TABLE paths_c (
    id         integer PRIMARY KEY,
    opened     timestamptz NOT NULL,
    prio       integer,
    customer   text,
    status     text NOT NULL,
    status_at  timestamptz,
    responded  timestamptz,
    resolved   timestamptz,
    team       text,
    vendor     text,
    agent      text,
    csat       integer
);
CREATE TABLE paths_sql (LIKE paths_c INCLUDING ALL);
CREATE TABLE paths_stmt (LIKE paths_c INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  service => NULL, default_service => 'paths', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved', assignment_group => 'team',
                  supplier => 'vendor', assignee => 'agent', satisfaction => 'csat',
                  paused_statuses => '{waiting,on hold}', supplier_statuses => '{vendor}')
FROM unnest('{paths_c,paths_sql,paths_stmt}'::regclass[]) t;

-- the history: 300 tickets opened over three weeks in March, then 2000
-- random changes, each timed 20 to 200 minutes after the ticket's last
SELECT setseed(0.6);
CREATE TEMP TABLE history (n serial, stmt text);
INSERT INTO history (stmt)
SELECT format('INSERT INTO %%I VALUES (%s, %L, %s, %s, %L, %L, %s, %s, %s, %s, %L, NULL)',
              g, opened, coalesce(prio::text, 'NULL'), coalesce(quote_literal(customer), 'NULL'), status,
              opened + interval '5 minutes',
              CASE WHEN r1 < 0.2 THEN quote_literal(opened + interval '10 minutes') ELSE 'NULL' END,
              CASE WHEN r1 < 0.05 THEN quote_literal(opened + interval '50 minutes') ELSE 'NULL' END,
              CASE WHEN r2 < 0.4 THEN '''network''' ELSE 'NULL' END,
              CASE WHEN r2 > 0.7 THEN '''telco''' ELSE 'NULL' END, 'ann')
FROM (SELECT g, timestamptz '2026-03-02 07:00' + random() * interval '20 days' AS opened,
             CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 4)::int END AS prio,
             (ARRAY['acme', 'globex', 'initech', 'hooli', NULL])[1 + floor(random() * 5)::int] AS customer,
             (ARRAY['new', 'new', 'waiting', 'vendor', 'open'])[1 + floor(random() * 5)::int] AS status,
             random() AS r1, random() AS r2
      FROM generate_series(1, 300) g) s
ORDER BY opened;
INSERT INTO history (stmt)
SELECT CASE
         WHEN r < 0.30 THEN format('UPDATE %%I SET status = %L, status_at = status_at + %L WHERE id = %s',
                                   (ARRAY['waiting', 'open', 'on hold', 'new'])[1 + floor(r2 * 4)::int], step, id)
         WHEN r < 0.40 THEN format('UPDATE %%I SET status = %L WHERE id = %s',
                                   (ARRAY['waiting', 'open'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.46 THEN format('UPDATE %%I SET status = ''vendor'', status_at = status_at + %L, vendor = coalesce(vendor, ''telco'') WHERE id = %s', step, id)
         WHEN r < 0.54 THEN format('UPDATE %%I SET responded = coalesce(responded, status_at + %L) WHERE id = %s', step, id)
         WHEN r < 0.62 THEN format('UPDATE %%I SET resolved = status_at + %L, status = ''resolved'', status_at = status_at + %L WHERE id = %s', step, step, id)
         WHEN r < 0.67 THEN format('UPDATE %%I SET resolved = NULL, status = ''open'', status_at = status_at + %L WHERE id = %s', step, id)
         WHEN r < 0.73 THEN format('UPDATE %%I SET prio = %s WHERE id = %s', 1 + floor(r2 * 4)::int, id)
         WHEN r < 0.78 THEN format('UPDATE %%I SET team = %s, status_at = status_at + %L WHERE id = %s',
                                   CASE WHEN r2 < 0.5 THEN '''network''' ELSE 'NULL' END, step, id)
         WHEN r < 0.84 THEN format('UPDATE %%I SET agent = %L WHERE id = %s', (ARRAY['bob', 'cy'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.88 THEN format('UPDATE %%I SET csat = %s WHERE id = %s', 1 + (r2 * 4)::int, id)
         WHEN r < 0.91 THEN format('UPDATE %%I SET customer = %L WHERE id = %s', (ARRAY['acme', 'globex'])[1 + floor(r2 * 2)::int], id)
         WHEN r < 0.92 THEN format('DELETE FROM %%I WHERE id = %s', id)
         ELSE format('UPDATE %%I SET status = %L, status_at = status_at + %L WHERE id = %s',
                     (ARRAY['waiting', 'open'])[1 + floor(r2 * 2)::int], step, id)
       END
FROM (SELECT 1 + floor(random() * 300)::int AS id, random() AS r, random() AS r2,
             (20 + random() * 180)::int * interval '1 minute' AS step
      FROM generate_series(1, 2000)) s;

-- play it on both tables; statement_timestamp() is the same for both, as
-- they run in one statement
DO $$
DECLARE
    h record;
BEGIN
    FOR h IN SELECT * FROM history ORDER BY n LOOP
        PERFORM set_config('slm.fast_tracking', 'on', true);
        EXECUTE format(h.stmt, 'paths_c');
        PERFORM set_config('slm.direct_writes', 'off', true);
        EXECUTE format(h.stmt, 'paths_stmt');
        PERFORM set_config('slm.direct_writes', 'on', true);
        PERFORM set_config('slm.fast_tracking', 'off', true);
        EXECUTE format(h.stmt, 'paths_sql');
    END LOOP;
END $$;
RESET slm.fast_tracking;
RESET slm.direct_writes;

-- the C path took most changes, and clocks of every kind and state came of it
SELECT in_c > 2000 AS c_path_used, in_sql > 2000 AS sql_path_used FROM slm.tracking_stats();
SELECT kind, state, count(*) FROM slm.clocks WHERE tbl = 'paths_c'::regclass GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) FILTER (WHERE pauses <> '{}') AS with_pauses, count(*) FILTER (WHERE cycle > 1) AS later_cycles,
       count(*) FILTER (WHERE time_used IS NOT NULL) AS stopped
FROM slm.clocks WHERE tbl = 'paths_c'::regclass;

-- the same clocks, column for column
CREATE TEMP VIEW path_clocks AS
SELECT tbl::text AS tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
       priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at,
       goal_time, paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction
FROM slm.clocks WHERE tbl IN ('paths_c'::regclass, 'paths_sql'::regclass, 'paths_stmt'::regclass);
CREATE FUNCTION pg_temp.differ(a text, b text) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier,
                goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time,
                paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction
         FROM path_clocks WHERE tbl = a
         EXCEPT ALL
         SELECT ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier,
                goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time,
                paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction
         FROM path_clocks WHERE tbl = b)) x
$$;
SELECT (SELECT count(*) FROM path_clocks WHERE tbl = 'paths_c') AS clocks,
       pg_temp.differ('paths_c', 'paths_sql') AS only_direct, pg_temp.differ('paths_sql', 'paths_c') AS only_sql,
       pg_temp.differ('paths_stmt', 'paths_sql') AS only_stmt, pg_temp.differ('paths_sql', 'paths_stmt') AS not_stmt;

-- a partitioned ticket table: the trigger fires on the partitions, and the
-- clocks belong to the table that was attached, on either path
-- (partitioned by its key, which a unique key of a partitioned table must include)
CREATE TABLE paths_parted (LIKE paths_c INCLUDING ALL) PARTITION BY RANGE (id);
CREATE TABLE paths_parted_early PARTITION OF paths_parted FOR VALUES FROM (MINVALUE) TO (120);
CREATE TABLE paths_parted_late PARTITION OF paths_parted FOR VALUES FROM (120) TO (MAXVALUE);
SELECT slm.attach('paths_parted', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  default_service => 'paths', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved', assignment_group => 'team',
                  supplier => 'vendor', assignee => 'agent', satisfaction => 'csat',
                  paused_statuses => '{waiting,on hold}', supplier_statuses => '{vendor}');
INSERT INTO paths_parted SELECT * FROM paths_c WHERE id <= 150;
SET slm.fast_tracking = off;
INSERT INTO paths_parted SELECT * FROM paths_c WHERE id > 150;
RESET slm.fast_tracking;
UPDATE paths_parted SET status = 'waiting', status_at = status_at + interval '1 hour'
WHERE status NOT IN ('waiting', 'on hold', 'vendor') AND resolved IS NULL;
SELECT (SELECT count(*) FROM paths_parted) AS tickets,
       (SELECT count(DISTINCT ticket) FROM slm.clocks WHERE tbl = 'paths_parted'::regclass) AS with_clocks,
       (SELECT count(*) FROM slm.clocks WHERE tbl = 'paths_parted'::regclass AND state = 'paused') AS paused,
       (SELECT count(*) FROM slm.clocks WHERE tbl::text LIKE 'paths_parted_%') AS on_partitions;

-- a model change reaches the C path at the next statement: a new target
-- for priority 4 applies to the next ticket
UPDATE slm.targets SET goal = interval '7 hours'
WHERE metric = 'response' AND priority = 4 AND agreement = (SELECT id FROM slm.agreements WHERE name = 'paths sla');
INSERT INTO paths_c VALUES (1001, '2026-03-23 09:00', 4, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT metric, goal, due_at FROM slm.clocks WHERE tbl = 'paths_c'::regclass AND ticket = '1001' ORDER BY metric;

-- a renamed mapped column keeps its role (slm.follow_renames), on the C
-- path as on the SQL path
ALTER TABLE paths_c RENAME COLUMN prio TO priority_level;
SET client_min_messages = notice;
INSERT INTO paths_c VALUES (1002, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SET slm.fast_tracking = off;
INSERT INTO paths_c VALUES (1003, '2026-03-23 09:00', 2, 'initech', 'new', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
RESET slm.fast_tracking;
SELECT ticket, metric, priority FROM slm.clocks WHERE tbl = 'paths_c'::regclass AND ticket IN ('1002', '1003')
ORDER BY ticket, metric;

DROP VIEW path_clocks CASCADE;
SELECT slm.detach(t, drop_clocks => true) FROM unnest('{paths_c,paths_sql,paths_stmt,paths_parted}'::regclass[]) t;
DROP TABLE paths_c, paths_sql, paths_stmt, paths_parted;
DELETE FROM slm.targets WHERE agreement IN (SELECT id FROM slm.agreements WHERE service = 'paths');
DELETE FROM slm.agreements WHERE service = 'paths';
DELETE FROM slm.services WHERE name = 'paths';
DELETE FROM slm.customers WHERE name IN ('acme', 'globex', 'initech');
DELETE FROM slm.calendars WHERE name IN ('ny office', 'ny 24x7');
