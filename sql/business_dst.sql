-- business_dst: daylight-saving changes, 30-minute shifts, a skipped day,
-- overnight spans.  Each zone's answers must match AT TIME ZONE exactly.
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';

-- America/New_York: 2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00
SET TimeZone = 'America/New_York';
SELECT slm.business_elapsed('2026-03-08 00:00', '2026-03-09 00:00', 'tz=America/New_York; 24x7') AS spring_day,
       slm.business_elapsed('2026-11-01 00:00', '2026-11-02 00:00', 'tz=America/New_York; 24x7') AS fall_day,
       slm.business_elapsed('2026-03-02', '2026-03-16', 'tz=America/New_York; mon-fri 09:00-17:00') AS two_weeks;
-- a span inside the gap: 02:30 does not exist, so 01:30-03:30 holds 1 hour that Sunday
SELECT d, slm.business_elapsed(d::timestamptz, (d + 1)::timestamptz, 'tz=America/New_York; mon-sun 01:30-03:30')
FROM (VALUES (date '2026-03-07'), ('2026-03-08'), ('2026-11-01')) v(d);
-- a span inside the gap keeps its length; one that the gap makes empty
-- (02:30 EST is 03:30 EDT, after 03:00 EDT) is dropped, and its date is no business date
SELECT slm.business_periods('tz=America/New_York; sun 02:10-02:50', '[2026-03-01, 2026-03-16)') AS inside_gap,
       slm.business_periods('tz=America/New_York; sun 02:30-03:00', '[2026-03-01, 2026-03-16)') AS emptied,
       slm.business_days('2026-03-01', '2026-03-16', 'tz=America/New_York; sun 02:30-03:00') AS sundays_left;
-- the wall clock of the spec: 02:30 on the gap day is 03:30 EDT, as AT TIME ZONE says
SELECT timestamp '2026-03-08 02:30' AT TIME ZONE 'America/New_York' AS at_time_zone,
       slm.business_add('2026-03-07 02:30', '1 day', 'tz=America/New_York; 24x7') AS plus_one_day,
       slm.business_add('2026-10-31 01:30', '1 day', 'tz=America/New_York; 24x7') AS into_the_fold,
       slm.business_add('2026-11-01 01:30 EST', '-1 day', 'tz=America/New_York; 24x7') AS out_of_the_fold;
-- business time is real time: 24 business hours from Saturday noon end an hour "later" on the clock
SELECT slm.business_add('2026-03-07 12:00', '24 hours', 'tz=America/New_York; 24x7') AS spring,
       slm.business_add('2026-10-31 12:00', '24 hours', 'tz=America/New_York; 24x7') AS fall;

-- Europe/London: 2026-03-29 01:00 -> 02:00, 2026-10-25 02:00 -> 01:00; overnight shifts
SET TimeZone = 'Europe/London';
SELECT slm.business_elapsed('2026-03-27 12:00', '2026-03-31 12:00', 'tz=Europe/London; mon-sun 22:00-06:00') AS spring_nights,
       slm.business_elapsed('2026-10-23 12:00', '2026-10-27 12:00', 'tz=Europe/London; mon-sun 22:00-06:00') AS autumn_nights;
SELECT slm.business_periods('tz=Europe/London; sat 22:00-06:00; 2026-03-29 closed', '[2026-03-28, 2026-03-30)') AS saturday_night_into_a_holiday;
SELECT slm.business_add('2026-03-28 23:00', '6 hours', 'tz=Europe/London; sat 22:00-06:00') AS shift_ends_early,
       slm.business_add('2026-03-28 23:00', '1 day', 'tz=Europe/London; sat 22:00-06:00') AS next_saturday;

-- Australia/Lord_Howe: 30-minute shifts, 2026-04-05 02:00 -> 01:30, 2026-10-04 02:00 -> 02:30
SET TimeZone = 'Australia/Lord_Howe';
SELECT slm.business_elapsed('2026-04-05 00:00', '2026-04-06 00:00', 'tz=Australia/Lord_Howe; 24x7') AS april_day,
       slm.business_elapsed('2026-10-04 00:00', '2026-10-05 00:00', 'tz=Australia/Lord_Howe; 24x7') AS october_day,
       slm.business_elapsed('2026-10-04 00:00', '2026-10-05 00:00', 'tz=Australia/Lord_Howe; sun 01:45-02:45') AS span_over_the_gap,
       slm.business_elapsed('2026-04-05 00:00', '2026-04-06 00:00', 'tz=Australia/Lord_Howe; sun 01:45-02:45') AS span_over_the_fold;
SELECT slm.business_add('2026-10-03 02:15', '1 day', 'tz=Australia/Lord_Howe; 24x7') AS wall_clock_in_gap;

-- Pacific/Apia: 2011-12-30 never happened (UTC-10 -> UTC+14)
SET TimeZone = 'Pacific/Apia';
SELECT slm.business_elapsed('2011-12-29 00:00', '2012-01-01 00:00', 'tz=Pacific/Apia; 24x7') AS three_dates_two_days;
SELECT slm.business_days('2011-12-26', '2012-01-02', 'tz=Pacific/Apia; mon-fri 09:00-17:00') AS business_dates,
       slm.business_periods('tz=Pacific/Apia; mon-fri 09:00-17:00', '[2011-12-29, 2012-01-01)') AS periods;
-- Friday the 30th owns 09:00-17:00, which AT TIME ZONE puts on Saturday's clock
SELECT timestamp '2011-12-30 09:00' AT TIME ZONE 'Pacific/Apia' AS friday_0900,
       slm.business_add('2011-12-29 10:00', '1 day', 'tz=Pacific/Apia; mon-fri 09:00-17:00') AS thursday_plus_1_day,
       slm.business_add('2011-12-29 16:00', '2 hours', 'tz=Pacific/Apia; mon-fri 09:00-17:00') AS two_hours;

-- the answers do not depend on the session's TimeZone
SET TimeZone = 'UTC';
SELECT slm.business_add('2026-03-07 17:00 America/New_York', '1 day 1 hour', 'tz=America/New_York; mon-sun 09:00-18:00') AS in_utc;
SET TimeZone = 'Asia/Tokyo';
SELECT slm.business_add('2026-03-07 17:00 America/New_York', '1 day 1 hour', 'tz=America/New_York; mon-sun 09:00-18:00') AS in_tokyo;
