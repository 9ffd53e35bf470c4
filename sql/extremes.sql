-- extremes: the limits of timestamps and intervals, infinity, calendars
-- with thousands of overrides or open on a few dates only, and random
-- literals.  Every answer is the contract's or a clear error; nothing
-- overflows or hangs.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';

CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE stmt INTO r;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE cals (name text, cal slm.calendar);
INSERT INTO cals VALUES
    ('24x7 UTC', 'tz=UTC; 24x7'),
    ('24x7 New York', 'tz=America/New_York; 24x7'),
    ('office New York', 'tz=America/New_York; mon-fri 09:00-17:00'),
    ('office Shanghai', 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-10-11 09:00-18:00'),
    ('night shift Lord Howe', 'tz=Australia/Lord_Howe; mon-fri 22:00-06:00'),
    ('never', 'tz=UTC');
CREATE TEMP TABLE instants (label text, t timestamptz);
INSERT INTO instants VALUES
    ('min', '4714-11-24 00:00:00+00 BC'),
    ('min + 1us', '4714-11-24 00:00:00.000001+00 BC'),
    ('max', '294276-12-31 23:59:59.999999+00'),
    ('max - 1h', '294276-12-31 22:59:59.999999+00'),
    ('-infinity', '-infinity'),
    ('infinity', 'infinity');

-- at the ends of the range and at infinity
SELECT c.name, i.label,
       pg_temp.try(format('SELECT slm.is_business_time(%L, %L::slm.calendar)', i.t, c.cal)) AS is_business,
       pg_temp.try(format('SELECT slm.next_business_time(%L, %L::slm.calendar)', i.t, c.cal)) AS next,
       pg_temp.try(format('SELECT slm.business_add(%L, ''2 hours'', %L::slm.calendar)', i.t, c.cal)) AS plus_2h,
       pg_temp.try(format('SELECT slm.business_add(%L, ''-2 hours'', %L::slm.calendar)', i.t, c.cal)) AS minus_2h,
       pg_temp.try(format('SELECT slm.business_add(%L, ''3 days'', %L::slm.calendar)', i.t, c.cal)) AS plus_3d,
       pg_temp.try(format('SELECT slm.business_add(%L, ''-3 days'', %L::slm.calendar)', i.t, c.cal)) AS minus_3d
FROM cals c CROSS JOIN instants i
ORDER BY c.name, i.label;

-- across the whole range: 24x7 holds more than an interval can, an
-- office week does not
SELECT c.name,
       pg_temp.try(format('SELECT slm.business_elapsed(%L, %L, %L::slm.calendar)',
                          '4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00', c.cal)) AS whole_range,
       pg_temp.try(format('SELECT slm.business_elapsed(%L, %L, %L::slm.calendar)',
                          '294276-12-31 23:59:59.999999+00', '4714-11-24 00:00:00+00 BC', c.cal)) AS backwards,
       pg_temp.try(format('SELECT slm.business_days(%L, %L, %L::slm.calendar)',
                          '4714-11-24 BC', '5874897-12-31', c.cal)) AS all_dates,
       pg_temp.try(format('SELECT slm.business_elapsed(%L, %L, %L::slm.calendar)',
                          '-infinity', '2026-01-01', c.cal)) AS from_minus_infinity,
       pg_temp.try(format('SELECT slm.business_days(%L, %L, %L::slm.calendar)',
                          '2026-01-01', 'infinity', c.cal)) AS days_to_infinity
FROM cals c
-- (zones with daylight saving take a second or two each over 300,000 years)
WHERE c.name IN ('24x7 UTC', 'office New York', 'office Shanghai', 'never')
ORDER BY c.name;

-- the business set near the ends, and with infinite bounds
SELECT c.name,
       pg_temp.try(format('SELECT slm.business_periods(%L::slm.calendar, %L)', c.cal,
                          '[294276-12-29, infinity)')) AS last_days,
       pg_temp.try(format('SELECT slm.business_periods(%L::slm.calendar, %L)', c.cal,
                          '(, 4714-11-26 00:00:00+00 BC)')) AS first_days
FROM cals c ORDER BY c.name;
SELECT pg_temp.try($$SELECT pg_catalog.cardinality(slm.business_periods('tz=UTC; 24x7', '(,)')::tstzrange[])$$) AS all_of_time_24x7;
SELECT pg_temp.try($$SELECT slm.business_periods('tz=UTC; mon 09:00-10:00', '(,)')$$) AS too_many_periods;

-- intervals of millions of hours, and the largest ones
SELECT d AS duration, c.name,
       pg_temp.try(format('SELECT slm.business_add(%L, %L, %L::slm.calendar)', '2026-01-01 00:00+00', d, c.cal)) AS from_2026,
       pg_temp.try(format('SELECT slm.business_add(%L, %L, %L::slm.calendar)', '4714-11-24 00:00:00+00 BC', d, c.cal)) AS from_min
FROM (VALUES ('1000000 hours'), ('-1000000 hours'), ('2000000000 hours'), ('-2000000000 hours'),
             ('2562047788 hours'), ('-2562047788 hours'), ('2147483647 days'), ('-2147483648 days'),
             ('100000000 days'), ('-100000000 days'), ('1000 days 1000000 hours'), ('178956970 years'),
             ('1 day -1 hour'), ('-1 day 1 hour'), ('0 days'), ('00:00:00.000001'), ('-00:00:00.000001')) v(d)
CROSS JOIN cals c
WHERE c.name IN ('24x7 UTC', 'office New York', 'never')
ORDER BY c.name, d;
-- an answer that would pass the last timestamp is infinity, not an overflow
SELECT slm.business_add('294276-12-31 23:00+00', '2 hours', 'tz=UTC; 24x7') AS past_the_end,
       slm.business_add('4714-11-24 01:00:00+00 BC', '-2 hours', 'tz=UTC; 24x7') AS before_the_start,
       slm.business_add('294276-12-31 23:00+00', '59 minutes 59.999999 seconds', 'tz=UTC; 24x7') AS last_instant,
       slm.business_add('294276-12-31 23:00+00', '1 hour', 'tz=UTC; 24x7') AS the_end;
-- elapsed(t, add(t, d)) = d even across most of the range
SELECT slm.business_elapsed('4714-11-24 00:00:00+00 BC',
                            slm.business_add('4714-11-24 00:00:00+00 BC', '2000000000 hours', 'tz=UTC; 24x7'),
                            'tz=UTC; 24x7') AS round_trip_24x7,
       slm.business_elapsed('1900-01-01 00:00+00',
                            slm.business_add('1900-01-01 00:00+00', '1000000 hours', 'tz=America/New_York; mon-fri 09:00-17:00'),
                            'tz=America/New_York; mon-fri 09:00-17:00') AS round_trip_office;
-- a minute a week: a jump over plain weeks from one end of time to the
-- other spans more microseconds than int64 holds (found by the fuzzer)
SELECT d AS duration,
       pg_temp.try(format('SELECT slm.business_add(%L, %L, %L::slm.calendar)',
                          '4714-11-24 00:00:00+00 BC', d, 'tz=UTC; mon 09:00-09:01')) AS from_min,
       pg_temp.try(format('SELECT slm.business_add(%L, %L, %L::slm.calendar)',
                          '294276-12-31 23:59:59.999999+00', '-' || d, 'tz=UTC; mon 09:00-09:01')) AS back_from_max
FROM (VALUES ('250000 hours'), ('260007 hours'), ('260008 hours'), ('300000 hours')) v(d)
ORDER BY d;
SELECT slm.business_elapsed('4714-11-24 00:00:00+00 BC',
                            slm.business_add('4714-11-24 00:00:00+00 BC', '260007 hours', 'tz=UTC; mon 09:00-09:01'),
                            'tz=UTC; mon 09:00-09:01') AS round_trip_sparse,
       slm.business_elapsed('4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00',
                            'tz=UTC; mon 09:00-09:01') AS whole_range_sparse;

-- thousands of overrides: five thousand holidays, every third day
CREATE TEMP TABLE holidays AS
SELECT ('tz=Europe/London; mon-fri 09:00-17:00; ' ||
        (SELECT string_agg(to_char(date '2026-01-01' + 3 * i, 'YYYY-MM-DD') || ' closed', '; ') FROM generate_series(0, 4999) i))::slm.calendar AS cal;
SELECT slm.business_days('2026-01-01', '2067-01-01', cal) AS business_days_in_41_years,
       slm.business_add('2026-01-01 09:00+00', '2000 days', cal) AS plus_2000_days,
       slm.business_add('2026-01-01 09:00+00', '20000 hours', cal) AS plus_20000_hours,
       slm.business_elapsed('2026-01-01', '2067-01-01', cal) AS elapsed_41_years,
       slm.business_add(slm.business_add('2026-01-01 09:00+00', '2000 days', cal), '-2000 days', cal) AS and_back
FROM holidays;
-- they agree with the calendar cut into the years it covers
SELECT sum(slm.business_days(make_date(y, 1, 1), make_date(y + 1, 1, 1), cal)) AS by_year
FROM holidays, generate_series(2026, 2066) y;

-- open only on a few dates
CREATE TEMP TABLE few AS
SELECT 'tz=Pacific/Apia; 2011-12-29 23:00-24:00; 2011-12-31 00:00-01:00; 2030-01-01 09:00-10:00; 2030-01-01 11:00-11:30'::slm.calendar AS cal;
SELECT slm.business_add('1900-01-01 00:00+00', '1 hour 30 minutes', cal) AS after_one_and_a_half_hours,
       slm.business_add('1900-01-01 00:00+00', '3 hours 30 minutes', cal) AS after_all_of_it,
       slm.business_add('1900-01-01 00:00+00', '3 hours 30 minutes 1 microsecond', cal) AS more_than_there_is,
       slm.business_add('2100-01-01 00:00+00', '-2 hours 30 minutes', cal) AS back_to_the_start,
       slm.business_add('2100-01-01 00:00+00', '-3 hours', cal) AS further_back,
       slm.next_business_time('2030-01-01 11:30+13', cal) AS after_the_last,
       slm.business_elapsed('4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00', cal) AS all_of_it,
       slm.business_days('4714-11-24 BC', '5874897-12-31', cal) AS dates,
       slm.business_add('1900-01-01 00:00+00', '2 days', cal) AS two_days,
       slm.business_add('1900-01-01 00:00+00', '4 days', cal) AS four_days
FROM few;

-- thousands of random literals give only 22P02, 22023 or 22008
SELECT setseed(0.5);
CREATE FUNCTION pg_temp.mutate(s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    tokens text[] := ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', '-', ',', ';', ':', '..', '24x7',
                           'closed', 'tz=', '=', '00', '09', '24', '25', '60', '99', '2026', '02-29', '2025-02-29',
                           '9999-12-31', '0000-01-01', '/', 'UTC', 'Asia/Shanghai', 'Nowhere/Land', ' ', '  ', 'x',
                           'ü', '-2026', '+08', '1e9', '99999999999999999999', E'\\', E'\t', E'\n', ''''];
    n int := length(s);
    p int;
BEGIN
    FOR k IN 1..CASE WHEN random() < 0.7 THEN 1 ELSE 2 END LOOP
        n := length(s);
        p := 1 + (random() * n)::int;
        CASE (random() * 2.49)::int
            WHEN 0 THEN s := overlay(s PLACING '' FROM p FOR 1 + (random() * 3)::int);
            WHEN 1 THEN s := overlay(s PLACING tokens[1 + (random() * (cardinality(tokens) - 1))::int] FROM p FOR 0);
            WHEN 2 THEN s := overlay(s PLACING chr(32 + (random() * 94)::int) FROM p FOR 1);
            ELSE s := s || s;
        END CASE;
    END LOOP;
    RETURN s;
END $$;
CREATE TEMP TABLE tried (literal text, sqlstate text);
DO $$
DECLARE
    seeds text[] := ARRAY[
        'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00',
        'tz=America/New_York; mon-fri 09:00-17:00; sat 10:00-14:00',
        'tz=UTC; 24x7; 2026-12-25 closed',
        'tz=Europe/London; mon-thu 22:00-06:00; 2026-03-29 00:00-24:00',
        'tz=Australia/Lord_Howe; sun 00:00-24:00'];
    lit text;
    st text;
BEGIN
    FOR i IN 1..5000 LOOP
        lit := pg_temp.mutate(seeds[1 + i % 5]);
        BEGIN
            PERFORM lit::slm.calendar;
            st := 'ok';
        EXCEPTION WHEN OTHERS THEN
            st := SQLSTATE;
        END;
        INSERT INTO tried VALUES (lit, st);
    END LOOP;
END $$;
SELECT count(*) AS literals_tried,
       count(*) FILTER (WHERE sqlstate = 'ok') > 100 AS many_valid,
       count(*) FILTER (WHERE sqlstate <> 'ok') > 1000 AS many_invalid
FROM tried;
SELECT sqlstate, min(literal) AS example FROM tried
WHERE sqlstate NOT IN ('ok', '22P02', '22023', '22008') GROUP BY 1;
-- every valid one prints a canonical text that reads back to itself
SELECT count(*) AS not_round_trip FROM tried
WHERE sqlstate = 'ok' AND literal::slm.calendar::text::slm.calendar::text <> literal::slm.calendar::text;
-- random durations and instants on the valid ones stay within their errors too
CREATE TEMP TABLE tried_calls (sqlstate text);
DO $$
DECLARE
    r record;
    st text;
    t timestamptz;
    d interval;
BEGIN
    FOR r IN SELECT literal::slm.calendar AS cal FROM tried WHERE sqlstate = 'ok' LIMIT 300 LOOP
        BEGIN
            t := timestamptz '2000-01-01' + (random() - 0.5) * interval '400000 years';
            d := make_interval(days => ((random() - 0.5) * 1e6)::int) * (random() < 0.5)::int
                 + (random() - 0.5) * interval '10000000 hours';
            PERFORM slm.business_add(t, d, r.cal), slm.business_elapsed(t, t + interval '1000 years', r.cal),
                    slm.next_business_time(t, r.cal), slm.business_days(t::date, t::date + 100000, r.cal);
            st := 'ok';
        EXCEPTION WHEN OTHERS THEN
            st := SQLSTATE;
        END;
        INSERT INTO tried_calls VALUES (st);
    END LOOP;
END $$;
SELECT count(*) AS calls_tried FROM tried_calls;
SELECT sqlstate, count(*) > 0 AS seen FROM tried_calls WHERE sqlstate NOT IN ('ok', '22008', '22023') GROUP BY 1;
