-- business_days: counting business dates, and business-day arithmetic
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET lc_messages = 'C';

CREATE TEMP TABLE cal AS
SELECT 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'::slm.calendar AS cn;

SELECT d1, d2, slm.business_days(d1, d2, cn)
FROM cal, (VALUES (date '2026-09-28', date '2026-10-12'),   -- 3 before the holiday, Fri 10-09, Sun 10-11
                  ('2026-10-12', '2026-09-28'),              -- negated
                  ('2026-09-28', '2026-09-28'),
                  ('2026-10-01', '2026-10-09'),              -- the holiday week
                  ('2026-01-01', '2027-01-01'),
                  ('2026-01-01', '2126-01-01'),               -- a century
                  ('1900-01-01', '2900-01-01')) v(d1, d2);    -- a millennium, crossed arithmetically

-- a date owns an overnight span even when the span ends the next day
SELECT slm.business_days('2026-03-02', '2026-03-09', 'tz=UTC; sun 22:00-02:00') AS sundays;
-- a calendar open only on a few dates
SELECT slm.business_days('2000-01-01', '2100-01-01', 'tz=UTC; 2026-05-01,2027-05-01,2099-05-01 10:00-11:00') AS three;

-- a half day is a business date; business days land on its clamped hours
SELECT slm.business_add('2026-12-23 15:00', '1 day', 'tz=UTC; mon-fri 09:00-17:00; 2026-12-24 09:00-12:00') AS half_day_clamp,
       slm.business_add('2026-12-24 11:00', '1 day', 'tz=UTC; mon-fri 09:00-17:00; 2026-12-24 09:00-12:00; 2026-12-25 closed') AS over_christmas;

-- overnight shifts: w passes 24:00, and stepping keeps it
SELECT slm.business_add('2026-03-03 01:00', '1 day', 'tz=UTC; mon-fri 22:00-06:00') AS tuesday_0100_plus_1,
       slm.business_add('2026-03-06 23:00', '1 day', 'tz=UTC; mon-fri 22:00-06:00') AS friday_night_plus_1,
       slm.business_add('2026-03-03 01:00', '-1 day', 'tz=UTC; mon-fri 22:00-06:00') AS tuesday_0100_minus_1;

-- when spans of two dates hold the instant, the later date owns it
-- (Tuesday 01:00 is in Monday's 22:00-02:00 and Tuesday's 00:00-03:00: Tuesday
-- owns it, so w is 01:00 and one day later is Wednesday 01:00, clamped to 09:00)
SELECT slm.business_add('2026-03-03 01:00', '1 day', 'tz=UTC; mon 22:00-02:00; tue 00:00-03:00; wed 09:00-17:00') AS later_date_wins;

-- many days: no walk over each date
SELECT slm.business_add('2026-01-05 10:00', '2500 days', 'tz=UTC; mon-fri 09:00-17:00') AS ten_years_of_days,
       slm.business_add('2026-01-05 10:00', '-2500 days', 'tz=UTC; mon-fri 09:00-17:00') AS ten_years_back,
       slm.business_add('2026-01-05 10:00', '200000 days', 'tz=Europe/London; mon-fri 09:00-17:00') AS eight_centuries;
-- and counting agrees with stepping
SELECT slm.business_days('2026-01-05', (slm.business_add('2026-01-05 10:00', '2500 days', 'tz=UTC; mon-fri 09:00-17:00') AT TIME ZONE 'UTC')::date,
                         'tz=UTC; mon-fri 09:00-17:00') AS "2500",
       slm.business_days('2026-01-05', (slm.business_add('2026-01-05 10:00', '200000 days', 'tz=Europe/London; mon-fri 09:00-17:00') AT TIME ZONE 'Europe/London')::date,
                         'tz=Europe/London; mon-fri 09:00-17:00') AS "200000",
       slm.business_days((slm.business_add('2026-01-05 10:00', '-2500 days', 'tz=UTC; mon-fri 09:00-17:00') AT TIME ZONE 'UTC')::date, '2026-01-05',
                         'tz=UTC; mon-fri 09:00-17:00') AS "2500 back";
