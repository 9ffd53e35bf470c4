-- calendar_errors: every way a literal can be wrong, with its SQLSTATE
SET TimeZone = 'UTC';
SET lc_messages = 'C';
\set VERBOSITY default

-- show SQLSTATE and message for a literal
CREATE FUNCTION pg_temp.try(lit text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM lit::slm.calendar;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

SELECT lit, pg_temp.try(lit) FROM (VALUES
  (''),
  ('   '),
  ('mon-fri 09:00-17:00'),
  ('tz=UTC; tz=UTC'),
  ('tz=Mars/Olympus_Mons; 24x7'),
  ('tz=; 24x7'),
  ('tz=UTC;;'),
  (';tz=UTC'),
  ('tz=UTC; mondy 09:00-17:00'),
  ('tz=UTC; mon-frii 09:00-17:00'),
  ('tz=UTC; mon 09:00-09:00'),
  ('tz=UTC; mon 9:00-17:00'),
  ('tz=UTC; mon 09:00-17'),
  ('tz=UTC; mon 09:60-17:00'),
  ('tz=UTC; mon 24:00-17:00'),
  ('tz=UTC; mon 09:00-24:01'),
  ('tz=UTC; mon 25:00-26:00'),
  ('tz=UTC; mon 09:00 17:00'),
  ('tz=UTC; mon 09:00-17:00,'),
  ('tz=UTC; mon'),
  ('tz=UTC; mon open'),
  ('tz=UTC; 2026-02-30 closed'),
  ('tz=UTC; 2026-13-01 closed'),
  ('tz=UTC; 0000-01-01 closed'),
  ('tz=UTC; 2026-1-01 closed'),
  ('tz=UTC; 2026-01-10..2026-01-01 closed'),
  ('tz=UTC; 2026-01-01..closed'),
  ('tz=UTC; 2026-01-01'),
  ('tz=UTC; 24x8'),
  ('tz=UTC; 24x7 09:00-17:00'),
  ('tz=UTC; mon 09:00-17:00 tue 09:00-17:00'),
  ('tz=UTC; @'),
  ('tz=right/UTC; 24x7'),
  ('tz=UTC; mon 00:00-24:00; mondäy 09:00-10:00')
) v(lit);

-- error details and hints
SELECT 'tz=UTC; mon 09:00-09:00'::slm.calendar;
SELECT 'mon-fri 09:00-17:00'::slm.calendar;
SELECT 'tz=Nowhere/Land; 24x7'::slm.calendar;

-- limits: spans per day, override items, literal length
SELECT pg_temp.try('tz=UTC; mon ' ||
       (SELECT string_agg(format('%s:%s-%s:%s', lpad((m / 60)::text, 2, '0'), lpad((m % 60)::text, 2, '0'),
                                 lpad(((m + 1) / 60)::text, 2, '0'), lpad(((m + 1) % 60)::text, 2, '0')), ',')
        FROM generate_series(0, 2 * 100, 2) m)) AS too_many_spans;
SELECT pg_temp.try('tz=UTC; mon ' ||
       (SELECT string_agg(format('%s:%s-%s:%s', lpad((m / 60)::text, 2, '0'), lpad((m % 60)::text, 2, '0'),
                                 lpad(((m + 1) / 60)::text, 2, '0'), lpad(((m + 1) % 60)::text, 2, '0')), ',')
        FROM generate_series(0, 2 * 99, 2) m)) AS hundred_spans;
SELECT pg_temp.try('tz=UTC; ' || (SELECT string_agg(to_char(date '2000-01-01' + 2 * i, 'YYYY-MM-DD'), ',') FROM generate_series(1, 50001) i) || ' closed') AS too_many_dates;
SELECT pg_temp.try('tz=UTC; ' || repeat(' ', 1024 * 1024) || '24x7') AS too_long;

-- thousands of overrides are fine
SELECT length(('tz=UTC; mon-fri 09:00-17:00; ' ||
       (SELECT string_agg(to_char(date '2026-01-01' + 3 * i, 'YYYY-MM-DD') || ' closed', '; ') FROM generate_series(0, 4999) i))::slm.calendar::text) > 0 AS five_thousand_holidays;

