-- calendar_io: reading and printing calendars, equality, hashing, binary I/O
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET lc_messages = 'C';

-- the worked example of the spec, printed canonically
SELECT 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'::slm.calendar;

-- keywords are case-insensitive, whitespace is free between tokens,
-- the zone takes the tz database's spelling, one trailing ';' is fine
SELECT ' TZ = asia/shanghai ;MON - FRI 09:00 - 12:00 , 13:00-18:00 ; ';
SELECT ' TZ = asia/shanghai ;MON - FRI 09:00 - 12:00 , 13:00-18:00 ; '::slm.calendar;
SELECT 'tz=UTC'::slm.calendar AS never_open;

-- 24x7, overnight spans, wrapping day ranges, lists
SELECT 'tz=America/New_York; 24x7'::slm.calendar;
SELECT 'tz=Europe/London; mon-fri 22:00-06:00'::slm.calendar;
SELECT 'tz=Europe/London; sat-mon 10:00-14:00'::slm.calendar;
SELECT 'tz=Europe/London; mon,wed,fri 08:00-12:00; tue,thu 13:00-17:00'::slm.calendar;
SELECT 'tz=Europe/London; mon-mon 08:00-12:00'::slm.calendar AS one_day_range;
SELECT 'tz=Europe/London; sun 12:00-00:00'::slm.calendar AS midnight_end;

-- weekly rules add up; "closed" adds nothing; spans that overlap or touch merge
SELECT 'tz=UTC; mon-fri 09:00-12:00; mon 11:00-14:00; fri closed'::slm.calendar;
SELECT 'tz=UTC; mon 09:00-12:00,12:00-13:00'::slm.calendar;
SELECT 'tz=UTC; mon 13:00-14:00, 09:00-10:00'::slm.calendar AS sorted;
SELECT 'tz=UTC; 24x7; mon-fri 09:00-17:00'::slm.calendar AS still_24x7;

-- overrides: in date order, consecutive equal dates collapse into ranges,
-- several overrides of one date add up, closed adds nothing to hours
SELECT 'tz=UTC; mon-fri 09:00-17:00; 2026-12-25 closed; 2026-12-24 09:00-12:00; 2026-12-26 closed; 2026-12-27 closed'::slm.calendar;
SELECT 'tz=UTC; 2026-01-01..2026-01-10 09:00-10:00; 2026-01-05 14:00-15:00; 2026-01-05 closed'::slm.calendar;
SELECT 'tz=UTC; 2026-01-01..2026-01-03 closed; 2026-01-04..2026-01-06 closed'::slm.calendar AS merged_runs;
SELECT 'tz=UTC; 2026-01-01,2026-01-03 09:00-10:00'::slm.calendar AS not_consecutive;
SELECT 'tz=UTC; 2024-02-29 09:00-10:00; 0001-01-01 closed; 9999-12-31 closed'::slm.calendar AS extreme_dates;

-- a day that owns more than 24 hours prints as two overlapping spans
SELECT 'tz=UTC; mon 00:00-24:00,22:00-02:00'::slm.calendar;
SELECT 'tz=UTC; mon 00:00-24:00,22:00-02:00'::slm.calendar::text::slm.calendar
     = 'tz=UTC; mon 00:00-24:00,22:00-02:00'::slm.calendar AS round_trip;

-- equal meaning, equal value
SELECT 'tz=UTC; mon-fri 09:00-17:00'::slm.calendar = 'tz=utc;MON,TUE,WED,THU,FRI 09:00-13:00,13:00-17:00'::slm.calendar AS same;
SELECT 'tz=UTC; mon-fri 09:00-17:00'::slm.calendar <> 'tz=UTC; mon-fri 09:00-17:01'::slm.calendar AS differ;
SELECT 'tz=UTC; mon 09:00-17:00'::slm.calendar = 'tz=Europe/London; mon 09:00-17:00'::slm.calendar AS other_zone;

-- grouping uses the hash opclass
SELECT c, count(*)
FROM (VALUES ('tz=UTC; mon 09:00-10:00'::slm.calendar), ('tz=utc; MON 09:00-10:00'),
             ('tz=UTC; tue 09:00-10:00')) v(c)
GROUP BY c ORDER BY 2 DESC, 1::text;
SELECT count(DISTINCT c) FROM (VALUES ('tz=UTC; 24x7'::slm.calendar), ('tz=UTC; mon-sun 00:00-24:00')) v(c);

-- || appends clauses
SELECT 'tz=Asia/Shanghai; mon-fri 09:00-18:00'::slm.calendar || '2027-01-01..2027-01-03 closed; 2027-01-04 09:00-12:00';
SELECT ('tz=UTC; mon 09:00-10:00'::slm.calendar || '') = 'tz=UTC; mon 09:00-10:00'::slm.calendar AS empty_append;
SELECT slm.calendar_zone('tz=america/new_york; 24x7');

-- output reads back to an equal value, for a spread of calendars
CREATE TEMP TABLE some_calendars (c slm.calendar);
INSERT INTO some_calendars VALUES
  ('tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'),
  ('tz=America/New_York; 24x7'),
  ('tz=Australia/Lord_Howe; mon-fri 22:00-06:00; sat 00:00-24:00; 2026-01-01 closed'),
  ('tz=Pacific/Apia; mon,wed,fri 09:00-17:00; 2011-12-30 10:00-11:00'),
  ('tz=UTC'),
  ('tz=Etc/GMT+5; 2026-01-01..2026-12-31 09:00-17:00; 2026-06-01 closed');
SELECT c::text::slm.calendar = c AS round_trip, c::text = c::text::slm.calendar::text AS stable_text
FROM some_calendars;

-- binary COPY round trip
CREATE TEMP TABLE copied (c slm.calendar);
COPY some_calendars TO '/tmp/slm_calendar_io.bin' WITH (FORMAT binary);
COPY copied FROM '/tmp/slm_calendar_io.bin' WITH (FORMAT binary);
SELECT count(*) AS copied, count(*) FILTER (WHERE c IN (SELECT c FROM some_calendars)) AS equal
FROM copied;
SELECT slm.calendar_send('tz=UTC; mon 09:00-10:00');
