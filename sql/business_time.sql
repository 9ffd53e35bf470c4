-- business_time: the functions of spec section 3 and the worked examples of section 4
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';

CREATE TEMP TABLE cal AS
SELECT 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'::slm.calendar AS cn;

-- section 4, business_add
SELECT t, d, slm.business_add(t, d, cn) AS due
FROM cal, (VALUES
    ('2026-09-25 17:00'::timestamptz, '1 hour'::interval),   -- closing time
    ('2026-09-25 17:00', '2 hours'),
    ('2026-09-26 10:00', '30 minutes'),                       -- from a Saturday
    ('2026-09-30 11:00', '4 hours'),                          -- lunch excluded
    ('2026-09-30 11:00', '5 days'),                           -- holiday week skipped, Sunday 10-11 counted
    ('2026-09-26 10:00', '5 days'),
    ('2026-11-03 20:00', '1 day 4 hours'),
    ('2026-11-04 10:00', '-3 hours')) v(t, d);

-- section 4, elapsed and next
SELECT slm.business_elapsed('2026-09-30 11:00+08', '2026-10-09 10:00+08', cn) FROM cal;
SELECT slm.next_business_time('2026-10-01 10:00+08', cn) FROM cal;
SELECT slm.business_elapsed('2026-03-08 00:00-05', '2026-03-09 00:00-04', 'tz=America/New_York; 24x7');

-- section 3's business-day examples
SELECT slm.business_add('2026-09-28 09:00+08', '-1 day', 'tz=Asia/Shanghai; mon-fri 09:00-17:00') AS monday_0900_minus_1_day,
       slm.business_add('2026-09-30 01:54+08', '-1 day', 'tz=Asia/Shanghai; mon-fri 09:00-17:00') AS wednesday_0154_minus_1_day;

-- is_business_time: half-open spans, holidays, make-up days
SELECT t, slm.is_business_time(t, cn)
FROM cal, (VALUES ('2026-09-25 08:59:59.999999'::timestamptz), ('2026-09-25 09:00'), ('2026-09-25 11:59:59.999999'),
                  ('2026-09-25 12:00'), ('2026-09-25 13:00'), ('2026-09-25 18:00'), ('2026-09-28 12:30'),
                  ('2026-10-05 10:00'), ('2026-10-11 10:00'), ('2026-10-10 10:00'),
                  ('infinity'), ('-infinity')) v(t);

-- next_business_time: inside, before, after, across the holiday, infinite
SELECT t, slm.next_business_time(t, cn)
FROM cal, (VALUES ('2026-09-25 10:00'::timestamptz), ('2026-09-25 12:30'), ('2026-09-25 18:00'),
                  ('2026-09-30 18:00:00.000001'), ('infinity'), ('-infinity')) v(t);

-- business_elapsed: sign, zero, microseconds, no day part ever
SELECT slm.business_elapsed('2026-10-09 10:00+08', '2026-09-30 11:00+08', cn) AS negative,
       slm.business_elapsed('2026-09-25 10:00+08', '2026-09-25 10:00+08', cn) AS zero,
       slm.business_elapsed('2026-09-25 10:00+08', '2026-09-25 10:00:00.000001+08', cn) AS one_usec,
       slm.business_elapsed('2026-01-01+08', '2027-01-01+08', cn) AS a_year
FROM cal;

-- business_add: closing time, exact boundaries, negative, microseconds, zero
SELECT t, d, slm.business_add(t, d, cn) AS due
FROM cal, (VALUES
    ('2026-09-25 09:00'::timestamptz, '3 hours'::interval),  -- ends at 12:00, not 13:00
    ('2026-09-25 12:30', '1 second'),                         -- from lunch
    ('2026-09-25 13:00', '-1 hour'),                          -- back over lunch: 11:00
    ('2026-09-25 09:00', '-1 microsecond'),                   -- back into Thursday
    ('2026-09-25 10:00', '0'),
    ('2026-09-25 10:00', '0 days'),
    ('2026-09-29 10:00', '1 day'),                            -- into the 09-30, then the holiday
    ('2026-09-30 10:00', '1 day'),
    ('2026-10-09 10:00', '-1 day'),
    ('2026-10-12 09:00', '-2 days'),                          -- back to the make-up Sunday
    ('2026-09-25 10:00', '24 hours'),
    ('2026-09-25 10:00', '-1 day -2 hours'),
    ('2026-09-25 10:00:00.123456', '1 hour'),
    ('infinity', '1 day'),
    ('-infinity', '-3 hours')) v(t, d);

-- days then time for positive intervals, time then days for negative ones
SELECT slm.business_add('2026-09-25 17:30+08', '1 day 1 hour', cn) AS days_first,
       slm.business_add(slm.business_add('2026-09-25 17:30+08', '1 day', cn), '1 hour', cn) AS same_in_two_steps,
       slm.business_add('2026-09-28 09:30+08', '-1 day -1 hour', cn) AS time_first,
       slm.business_add(slm.business_add('2026-09-28 09:30+08', '-1 hour', cn), '-1 day', cn) AS same_in_two_steps
FROM cal;

-- wall-clock times are clamped to the target date's spans
SELECT slm.business_add('2026-09-28 17:30+08', '1 day', cn) AS after_last_span_of_target,
       slm.business_add('2026-10-11 08:00+08', '-1 day', cn) AS before_first_span
FROM cal;

-- a calendar that runs out gives infinity; one that never opens too
SELECT slm.business_add('2026-06-01', '2 hours', 'tz=UTC; 2026-06-01 09:00-10:00') AS runs_out,
       slm.business_add('2026-06-01', '-2 hours', 'tz=UTC; 2026-06-01 09:00-10:00') AS runs_out_backwards,
       slm.next_business_time('2026-06-01 10:00+00', 'tz=UTC; 2026-06-01 09:00-10:00') AS no_more,
       slm.business_add('2026-06-01', '1 day', 'tz=UTC') AS never_open,
       slm.business_elapsed('2000-01-01', '2100-01-01', 'tz=UTC') AS nothing;

-- business_periods: the business set within a range, bounds kept
SELECT slm.business_periods(cn, '[2026-09-25 10:00+08, 2026-09-28 10:00+08)') FROM cal;
SELECT slm.business_periods(cn, '(2026-09-25 09:00+08, 2026-09-25 12:00+08]') FROM cal;
SELECT slm.business_periods(cn, '[2026-10-01, 2026-10-08]') FROM cal;
SELECT slm.business_periods(cn, 'empty') FROM cal;
SELECT slm.business_periods('tz=UTC; 2026-06-01 09:00-10:00', '(,)');
SELECT slm.business_periods('tz=UTC; mon-fri 09:00-17:00', '(,)');

-- errors
SELECT slm.business_add('2026-09-25 10:00+08', '1 month', cn) FROM cal;
SELECT slm.business_add('2026-09-25 10:00+08', '1 day -1 hour', cn) FROM cal;
SELECT slm.business_add('2026-09-25 10:00+08', '-1 day 1 hour', cn) FROM cal;
SELECT slm.business_elapsed('2026-09-25 10:00+08', 'infinity', cn) FROM cal;
SELECT slm.business_elapsed('-infinity', '2026-09-25 10:00+08', cn) FROM cal;
SELECT slm.business_days('2026-09-25', 'infinity', cn) FROM cal;

-- NULLs in, NULL out
SELECT slm.business_add(NULL, '1 hour', cn) IS NULL AS a, slm.business_add(now(), NULL, cn) IS NULL AS b,
       slm.business_add(now(), '1 hour', NULL::slm.calendar) IS NULL AS c
FROM cal;
