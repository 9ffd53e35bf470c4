-- bench/business_time.sql: speed and memory of the business-time functions
--
-- Run by scripts/bench.sh in one session.  Prints per-row costs above a bare
-- scan (best of several runs) and the ratios that issue 3 asks for.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET max_parallel_workers_per_gather = 0;   -- per-row cost, one process
SET jit = off;                             -- no compile-time noise

-- The calendar: Shanghai office hours and ten years (2020-2029) of public
-- holidays with their make-up working days, close to the real ones.
CREATE TEMP TABLE lny (y int, d date);
INSERT INTO lny VALUES (2020, '2020-01-25'), (2021, '2021-02-12'), (2022, '2022-02-01'), (2023, '2023-01-22'),
  (2024, '2024-02-10'), (2025, '2025-01-29'), (2026, '2026-02-17'), (2027, '2027-02-06'),
  (2028, '2028-01-26'), (2029, '2029-02-13');
CREATE TEMP TABLE holidays AS
SELECT format('%s..%s closed', d - 1, d + 5) AS clause FROM lny                                  -- Spring Festival
UNION ALL SELECT format('%s,%s 09:00-18:00', d - 8 + (7 - extract(isodow FROM d - 1)::int) % 7, d + 13) FROM lny  -- make-up days
UNION ALL SELECT format('%s-01-01 closed', y) FROM lny                                            -- New Year
UNION ALL SELECT format('%s-04-04..%s-04-06 closed', y, y) FROM lny                               -- Qingming
UNION ALL SELECT format('%s-05-01..%s-05-05 closed; %s-04-26 09:00-18:00', y, y, y) FROM lny      -- Labour Day
UNION ALL SELECT format('%s..%s closed', make_date(y, 6, 10 + y % 12), make_date(y, 6, 12 + y % 12)) FROM lny -- Dragon Boat
UNION ALL SELECT format('%s..%s closed', make_date(y, 9, 10 + y % 15), make_date(y, 9, 12 + y % 15)) FROM lny -- Mid-Autumn
UNION ALL SELECT format('%s-10-01..%s-10-07 closed; %s-09-28,%s-10-10 09:00-18:00', y, y, y, y) FROM lny; -- National Day
SELECT 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; ' || string_agg(clause, '; ') AS cal
FROM holidays \gset
SELECT length(:'cal') AS literal_bytes, length(:'cal'::slm.calendar::text) AS canonical_bytes,
       (SELECT count(*) FROM holidays) AS holiday_clauses;
INSERT INTO slm.calendars VALUES ('bench', :'cal');

-- One million instants spread over the ten years.
CREATE TABLE bench_t AS
SELECT timestamptz '2020-01-01 00:00+08' + (random() * 3650 * 86400) * interval '1 second' AS t
FROM generate_series(1, 1000000);
VACUUM ANALYZE bench_t;

-- A PL/pgSQL function that walks the days one at a time: what one would
-- write without slm.  Same answers for time-only durations (checked below).
CREATE FUNCTION pg_temp.walk_add(t timestamptz, d interval) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
    remaining interval := d;
    day date := (t AT TIME ZONE 'Asia/Shanghai')::date;
    s timestamptz; e timestamptz; span record;
BEGIN
    LOOP
        FOR span IN
            SELECT x.s, x.e FROM (VALUES ('09:00'::time, '12:00'::time), ('13:00', '18:00')) x(s, e)
            WHERE extract(isodow FROM day) < 6
              AND NOT EXISTS (SELECT 1 FROM pg_temp.closed_days c WHERE c.d = day)
              AND NOT EXISTS (SELECT 1 FROM pg_temp.open_days o WHERE o.d = day)
            UNION ALL
            SELECT '09:00'::time, '18:00'::time WHERE EXISTS (SELECT 1 FROM pg_temp.open_days o WHERE o.d = day)
            ORDER BY 1
        LOOP
            s := greatest((day + span.s) AT TIME ZONE 'Asia/Shanghai', t);
            e := (day + span.e) AT TIME ZONE 'Asia/Shanghai';
            CONTINUE WHEN e <= s;
            IF e - s >= remaining THEN
                RETURN s + remaining;
            END IF;
            remaining := remaining - (e - s);
        END LOOP;
        day := day + 1;
    END LOOP;
END $$;
-- dates overridden closed, and dates overridden with 09:00-18:00 (overrides
-- of one date add up, so a make-up day inside a closed range is open)
CREATE TEMP TABLE closed_days AS
SELECT DISTINCT d::date FROM holidays h,
  LATERAL regexp_matches(h.clause, '(\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d) closed', 'g') m,
  LATERAL generate_series(m[1]::date, m[2]::date, '1 day') d
UNION SELECT m[1]::date FROM holidays h, LATERAL regexp_matches(h.clause, '(?:^|; )(\d{4}-\d\d-\d\d) closed', 'g') m;
CREATE TEMP TABLE open_days AS
SELECT DISTINCT m[1]::date AS d
FROM holidays h, LATERAL regexp_matches(h.clause, '(\d{4}-\d\d-\d\d)(?:,(\d{4}-\d\d-\d\d))? 09:00-18:00', 'g') m
UNION
SELECT DISTINCT m[2]::date FROM holidays h, LATERAL regexp_matches(h.clause, '(\d{4}-\d\d-\d\d),(\d{4}-\d\d-\d\d) 09:00-18:00', 'g') m;
SELECT count(*) AS walker_checked,
       count(*) FILTER (WHERE pg_temp.walk_add(t, '4 hours') <> slm.business_add(t, '4 hours', :'cal'::slm.calendar)) AS walker_disagrees
FROM (SELECT t FROM bench_t LIMIT 2000) s;

-- best of n runs of a statement, in milliseconds
CREATE FUNCTION pg_temp.best_ms(q text, runs int DEFAULT 5) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE best numeric; t0 timestamptz; ms numeric;
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(best, ms);
        IF best IS NULL THEN best := ms; END IF;
    END LOOP;
    RETURN best;
END $$;

CREATE TEMP TABLE timings (name text PRIMARY KEY, rows bigint, ms numeric);
SELECT compilations AS compilations_before FROM slm.calendar_cache_stats() \gset
INSERT INTO timings VALUES
  ('bare scan', 1000000, pg_temp.best_ms('SELECT max(t) FROM bench_t')),
  ('t AT TIME ZONE', 1000000, pg_temp.best_ms($q$SELECT max(t AT TIME ZONE 'Asia/Shanghai') FROM bench_t$q$)),
  ('business_add 4 hours', 1000000, pg_temp.best_ms(format('SELECT max(slm.business_add(t, %L, %L::slm.calendar)) FROM bench_t', '4 hours', :'cal'))),
  ('business_add 2000 hours', 1000000, pg_temp.best_ms(format('SELECT max(slm.business_add(t, %L, %L::slm.calendar)) FROM bench_t', '2000 hours', :'cal'))),
  ('business_add 5 days', 1000000, pg_temp.best_ms(format('SELECT max(slm.business_add(t, %L, %L::slm.calendar)) FROM bench_t', '5 days', :'cal'))),
  ('business_add 4 hours, named', 1000000, pg_temp.best_ms($q$SELECT max(slm.business_add(t, '4 hours', 'bench')) FROM bench_t$q$)),
  ('business_elapsed 3 days', 1000000, pg_temp.best_ms(format('SELECT max(slm.business_elapsed(t, t + %L, %L::slm.calendar)) FROM bench_t', '3 days', :'cal'))),
  ('is_business_time', 1000000, pg_temp.best_ms(format('SELECT count(*) FILTER (WHERE slm.is_business_time(t, %L::slm.calendar)) FROM bench_t', :'cal'))),
  ('bare scan, 2000 rows', 2000, pg_temp.best_ms('SELECT max(t) FROM (SELECT t FROM bench_t LIMIT 2000) s')),
  ('PL/pgSQL walker 4 hours, 2000 rows', 2000, pg_temp.best_ms($q$SELECT max(pg_temp.walk_add(t, '4 hours')) FROM (SELECT t FROM bench_t LIMIT 2000) s$q$, 2));
SELECT compilations - :compilations_before AS compilations_during_runs,
       (SELECT count(*) FROM timings WHERE name LIKE 'business_%' OR name = 'is_business_time') * 5 AS queries_run
FROM slm.calendar_cache_stats();

\echo
\echo 'Per-row cost above a bare scan, best of 5 runs (ns):'
WITH bare AS (SELECT ms FROM timings WHERE name = 'bare scan'),
     bare_small AS (SELECT ms FROM timings WHERE name = 'bare scan, 2000 rows')
SELECT name, round(ms, 1) AS total_ms,
       round(1e6 * (ms - CASE WHEN rows = 2000 THEN (SELECT ms FROM bare_small) ELSE (SELECT ms FROM bare) END) / rows) AS ns_per_row
FROM timings ORDER BY ms;

CREATE TEMP VIEW per_row AS
SELECT name, 1e6 * (ms - CASE WHEN rows = 2000 THEN (SELECT ms FROM timings WHERE name = 'bare scan, 2000 rows')
                              ELSE (SELECT ms FROM timings WHERE name = 'bare scan') END) / rows AS ns
FROM timings;

\echo 'Ratios (goal in brackets):'
SELECT 'business_add 4 hours / AT TIME ZONE, above the scan [<= 1.0]' AS ratio,
       round((SELECT ns FROM per_row WHERE name = 'business_add 4 hours') / (SELECT ns FROM per_row WHERE name = 't AT TIME ZONE'), 2) AS value
UNION ALL
SELECT '2000 hours / 4 hours [<= 1.2]',
       round((SELECT ns FROM per_row WHERE name = 'business_add 2000 hours') / (SELECT ns FROM per_row WHERE name = 'business_add 4 hours'), 2)
UNION ALL
SELECT '5 days / 4 hours [<= 1.2]',
       round((SELECT ns FROM per_row WHERE name = 'business_add 5 days') / (SELECT ns FROM per_row WHERE name = 'business_add 4 hours'), 2)
UNION ALL
SELECT 'PL/pgSQL walker / business_add [>= 100]',
       round((SELECT ns FROM per_row WHERE name = 'PL/pgSQL walker 4 hours, 2000 rows') / (SELECT ns FROM per_row WHERE name = 'business_add 4 hours'), 0)
UNION ALL
SELECT 'named / value, above the scan [<= 1.2]',
       round((SELECT ns FROM per_row WHERE name = 'business_add 4 hours, named') / (SELECT ns FROM per_row WHERE name = 'business_add 4 hours'), 2)
UNION ALL
SELECT 'named / value, whole query [<= 1.2]',
       round((SELECT ms FROM timings WHERE name = 'business_add 4 hours, named') / (SELECT ms FROM timings WHERE name = 'business_add 4 hours'), 2);

-- Memory: this backend's peak resident size (VmHWM) after a baseline query
-- that touches the same pages, then after 1M and 10M business_add calls.
-- Flat means the two slm figures match the baseline.
CREATE FUNCTION pg_temp.peak_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1]::bigint
$$;
SELECT max(t + g * interval '1 second') FROM bench_t, generate_series(1, 10) g \gset baseline_
SELECT pg_temp.peak_kb() AS peak_after_baseline \gset
SELECT max(slm.business_add(t + g * interval '1 second', '4 hours', 'bench')) FROM bench_t, generate_series(1, 1) g \gset one_
SELECT pg_temp.peak_kb() AS peak_after_1m \gset
SELECT max(slm.business_add(t + g * interval '1 second', '4 hours', 'bench')) FROM bench_t, generate_series(1, 10) g \gset ten_
SELECT pg_temp.peak_kb() AS peak_after_10m \gset
\echo
\echo 'Backend peak memory (VmHWM, kB):'
SELECT :peak_after_baseline AS after_baseline_10m_rows, :peak_after_1m AS after_1m_calls,
       :peak_after_10m AS after_10m_calls, :peak_after_10m - :peak_after_1m AS growth_1m_to_10m;
