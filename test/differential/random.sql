-- test/differential/random.sql
--
-- Random calendars in random zones against the oracle: weekly rules with
-- one to three clauses (overnight spans, spans at midnight, spans that
-- straddle the zone's offset changes), overrides on and around the days
-- the zone changes offset, random instants and durations near those days.
--
-- psql variables: calendars (default 60), cases (per calendar, default 12),
-- seed (default 0.5).  Prints "ok"/"not ok" lines and the first mismatches
-- (results.sql).

\set ON_ERROR_STOP 1
\if :{?calendars}
\else
\set calendars 60
\endif
\if :{?cases}
\else
\set cases 12
\endif
\if :{?seed}
\else
\set seed 0.5
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SELECT setseed(:seed) \gset
SET diff.calendars = :calendars;
SET diff.cases = :cases;

CREATE TEMP TABLE zones AS
SELECT row_number() OVER (ORDER BY name) AS n, name FROM pg_timezone_names
WHERE name ~ '^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/';

-- a random HH:MM-HH:MM span on a 15-minute grid, overnight when it wraps
CREATE FUNCTION pg_temp.random_span() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s int := (random() * 95)::int * 15;
    len int := 15 + (random() * 60)::int * 15;
    e int := (s + len) % 1440;
BEGIN
    IF random() < 0.1 THEN s := 0; e := 1440; END IF;          -- 00:00-24:00
    IF e = s THEN e := (s + 60) % 1440; END IF;
    RETURN format('%s:%s-%s:%s', lpad((s / 60)::text, 2, '0'), lpad((s % 60)::text, 2, '0'),
                  lpad(CASE WHEN e = 0 AND random() < 0.5 THEN '24' ELSE (e / 60)::text END, 2, '0'),
                  lpad((e % 60)::text, 2, '0'));
END $$;

CREATE FUNCTION pg_temp.random_hours() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF random() < 0.15 THEN RETURN 'closed'; END IF;
    IF random() < 0.5 THEN RETURN pg_temp.random_span(); END IF;
    RETURN pg_temp.random_span() || ',' || pg_temp.random_span();
END $$;

CREATE TEMP TABLE cals (id int PRIMARY KEY, zone text, year int, lit text);
DO $$
DECLARE
    days text[] := ARRAY['mon','tue','wed','thu','fri','sat','sun'];
    nzones int := (SELECT count(*) FROM zones);
    zone text; yr int; lit text; first int; last int; change timestamptz; d date; pick int;
BEGIN
    FOR i IN 1 .. current_setting('diff.calendars')::int LOOP
        pick := 1 + (random() * (nzones - 1))::int;
        zone := (SELECT name FROM zones WHERE n = pick);
        yr := (ARRAY[1995, 2011, 2018, 2026, 2026, 2031])[1 + (random() * 5)::int];
        lit := 'tz=' || zone;
        FOR k IN 1 .. 1 + (random() * 2)::int LOOP
            first := 1 + (random() * 6)::int;
            last := 1 + (random() * 6)::int;
            lit := lit || '; ' || days[first] || CASE WHEN last <> first THEN '-' || days[last] ELSE '' END
                   || ' ' || pg_temp.random_hours();
        END LOOP;
        -- overrides on the days the zone changes offset that year, and near them
        FOR change IN
            SELECT h FROM generate_series(make_timestamptz(yr, 1, 1, 0, 0, 0, 'UTC'),
                                          make_timestamptz(yr + 1, 1, 1, 0, 0, 0, 'UTC'), interval '1 hour') h
            WHERE (h AT TIME ZONE zone) - ((h - interval '1 hour') AT TIME ZONE zone) <> interval '1 hour'
              AND random() < 0.7
        LOOP
            d := (change AT TIME ZONE zone)::date + (random() * 4 - 2)::int;
            lit := lit || '; ' || d || CASE WHEN random() < 0.3 THEN '..' || (d + (random() * 3)::int) ELSE '' END
                   || ' ' || pg_temp.random_hours();
        END LOOP;
        INSERT INTO cals VALUES (i, zone, yr, lit);
    END LOOP;
END $$;

CREATE TEMP TABLE changes AS
SELECT c.id, h AS at
FROM cals c,
     LATERAL generate_series(make_timestamptz(c.year, 1, 1, 0, 0, 0, 'UTC'),
                             make_timestamptz(c.year + 1, 1, 1, 0, 0, 0, 'UTC'), interval '1 hour') h
WHERE (h AT TIME ZONE c.zone) - ((h - interval '1 hour') AT TIME ZONE c.zone) <> interval '1 hour';

CREATE TEMP TABLE cases AS
WITH base AS (
    SELECT c.id, c.lit, c.year, g,
           coalesce((SELECT at FROM changes ch WHERE ch.id = c.id ORDER BY md5(ch.at::text || g::text) LIMIT 1),
                    make_timestamptz(c.year, 1, 1, 0, 0, 0, 'UTC') + random() * interval '365 days') AS near
    FROM cals c, generate_series(1, current_setting('diff.cases')::int) g
)
SELECT id, lit, g,
       date_trunc(CASE WHEN random() < 0.5 THEN 'minute' ELSE 'microseconds' END,
                  near + (random() * 6 - 3) * interval '1 day') AS t,
       date_trunc('minute', near + (random() * 6 - 3) * interval '1 day') AS t2,
       CASE (random() * 6)::int
            WHEN 0 THEN make_interval(mins => 1 + (random() * 600)::int)
            WHEN 1 THEN make_interval(hours => (random() * 40)::int, mins => (random() * 59)::int)
            WHEN 2 THEN make_interval(days => 1 + (random() * 5)::int)
            WHEN 3 THEN make_interval(days => (random() * 3)::int, hours => 1 + (random() * 20)::int)
            WHEN 4 THEN -make_interval(hours => (random() * 30)::int, mins => 1 + (random() * 59)::int)
            WHEN 5 THEN -make_interval(days => 1 + (random() * 4)::int)
            ELSE -make_interval(days => (random() * 2)::int, hours => 1 + (random() * 10)::int)
       END AS d
FROM base;

\set label 'random calendars'
\ir results.sql
