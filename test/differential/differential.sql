-- test/differential/differential.sql
--
-- Differential test of the C engine against the PL/pgSQL oracle
-- (test/oracle/oracle.sql), which implements shared/spec/business-time.md
-- by its plain definitions.  Calendars cover zones with unusual
-- daylight-saving rules (30-minute and 2-hour shifts, changes at midnight,
-- a skipped day), overnight spans, spans inside gaps and folds, touching
-- spans, holidays, make-up days and half days.  Instants cluster around the
-- zones' offset changes.
--
-- psql variables: cases (per calendar, default 40), seed (default 0.42).
-- Prints one "ok"/"not ok" line per function with counts, then the first
-- mismatches in full (results.sql).

\set ON_ERROR_STOP 1
\if :{?cases}
\else
\set cases 40
\endif
\if :{?seed}
\else
\set seed 0.42
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

CREATE TEMP TABLE cals (id int PRIMARY KEY, lit text, year int);
INSERT INTO cals VALUES
 (1, 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00', 2026),
 (2, 'tz=America/New_York; mon-fri 09:00-17:00; 2026-11-26 closed; 2026-12-24 09:00-12:00', 2026),
 (3, 'tz=America/New_York; 24x7', 2026),
 (4, 'tz=America/New_York; mon-sun 01:30-03:30', 2026),
 (5, 'tz=Europe/London; mon-fri 22:00-06:00', 2026),
 (6, 'tz=Europe/London; sat-mon 00:00-02:00,23:00-24:00; wed 01:00-01:30; 2026-03-29 00:30-02:30', 2026),
 (7, 'tz=Australia/Lord_Howe; mon-fri 08:30-17:30; sun 01:45-02:45', 2026),
 (8, 'tz=Pacific/Apia; mon-fri 09:00-17:00; sat 22:00-06:00', 2011),
 (9, 'tz=America/Santiago; mon-sun 00:00-01:00,23:30-00:30', 2026),
 (10, 'tz=Asia/Kathmandu; mon-fri 10:00-17:00', 2026),
 (11, 'tz=Pacific/Chatham; mon-fri 02:00-04:00,12:00-20:00', 2026),
 (12, 'tz=Antarctica/Troll; 24x7; 2026-03-29 closed', 2026),
 (13, 'tz=America/St_Johns; mon-fri 09:00-17:00; 2026-03-08..2026-03-10 00:00-24:00', 2026),
 (14, 'tz=UTC; 2026-03-08 09:00-10:00; 2026-06-01..2026-06-03 08:00-20:00; 2026-11-01 closed', 2026),
 (15, 'tz=Europe/Berlin; mon-fri 08:00-12:00,12:00-16:00; 2026-03-29 02:00-03:00,03:00-04:00', 2026),
 (16, 'tz=Asia/Beirut; mon-fri 22:00-02:00; sun 00:00-24:00', 2026),
 (17, 'tz=America/Havana; tue,thu 00:00-01:00,12:00-13:00; sun 23:00-23:30', 2026),
 (18, 'tz=Europe/Dublin; mon-fri 09:00-17:30; 2026-03-17 closed; 2026-12-24..2026-12-31 10:00-12:00', 2026),
 (19, 'tz=Africa/Casablanca; mon-fri 09:00-16:00', 2026),
 (20, 'tz=America/Sao_Paulo; mon-sun 23:00-01:00', 2018);

-- Instants near each zone's offset changes in the calendar's year (and
-- anywhere in the year for zones without changes).
CREATE TEMP TABLE changes AS
SELECT c.id, h AS at
FROM cals c,
     LATERAL generate_series(make_timestamptz(c.year, 1, 1, 0, 0, 0, 'UTC'),
                             make_timestamptz(c.year + 1, 1, 1, 0, 0, 0, 'UTC'),
                             interval '1 hour') h
WHERE (h AT TIME ZONE substring(c.lit from 'tz=([^;]+)'))
      - ((h - interval '1 hour') AT TIME ZONE substring(c.lit from 'tz=([^;]+)'))
      <> interval '1 hour';

SELECT setseed(:seed);

CREATE TEMP TABLE cases AS
WITH base AS (
    SELECT c.id, c.lit, c.year, g,
           coalesce((SELECT at FROM changes ch WHERE ch.id = c.id
                     ORDER BY md5(ch.at::text || g::text) LIMIT 1),
                    make_timestamptz(c.year, 1, 1, 0, 0, 0, 'UTC')
                      + random() * interval '365 days') AS near
    FROM cals c, generate_series(1, :cases) g
)
SELECT id, lit, g,
       -- within ten days of the change, at minute, second or microsecond grain
       date_trunc(CASE WHEN random() < 0.4 THEN 'minute' WHEN random() < 0.7 THEN 'second'
                       ELSE 'microseconds' END,
                  near + (random() * 20 - 10) * interval '1 day') AS t,
       date_trunc('minute', near + (random() * 20 - 10) * interval '1 day') AS t2,
       CASE (random() * 7)::int
            WHEN 0 THEN make_interval(mins => (random() * 600)::int)
            WHEN 1 THEN make_interval(hours => (random() * 60)::int, mins => (random() * 59)::int)
            WHEN 2 THEN make_interval(days => 1 + (random() * 9)::int)
            WHEN 3 THEN make_interval(days => (random() * 4)::int, hours => (random() * 30)::int)
            WHEN 4 THEN -make_interval(hours => (random() * 40)::int, mins => (random() * 59)::int)
            WHEN 5 THEN -make_interval(days => 1 + (random() * 6)::int)
            WHEN 6 THEN -make_interval(days => (random() * 3)::int, hours => (random() * 10)::int)
            ELSE make_interval(secs => random() * 100000)
       END AS d
FROM base;

\set label differential
\ir results.sql

-- the comparison can fail: a calendar one minute off must disagree
SELECT CASE WHEN count(*) FILTER (WHERE slm.business_add(t, d, replace(lit, '09:00', '09:01')::slm.calendar)
                                        IS DISTINCT FROM slm_oracle.business_add(t, d, lit)) > 0
            THEN 'ok' ELSE 'not ok' END || ' - differential harness notices a calendar one minute off' AS result
FROM (SELECT * FROM cases WHERE lit LIKE '%09:00%' ORDER BY id, g LIMIT 40) c;
