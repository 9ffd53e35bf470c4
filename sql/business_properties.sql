-- business_properties: laws that must hold for any calendar, instant and
-- duration, checked on thousands of random cases (deterministic seed)
SET TimeZone = 'UTC';
SET lc_messages = 'C';
SELECT setseed(0.2026);

CREATE TEMP TABLE cals (id int, c slm.calendar);
INSERT INTO cals VALUES
 (1, 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'),
 (2, 'tz=America/New_York; mon-fri 09:00-17:00; sat 01:30-03:30'),
 (3, 'tz=Europe/London; mon-sun 22:00-06:00; 2026-03-29 closed'),
 (4, 'tz=Australia/Lord_Howe; mon-fri 01:00-03:00,12:00-20:00'),
 (5, 'tz=America/Santiago; 24x7'),
 (6, 'tz=Pacific/Chatham; tue,thu 23:00-02:00; 2026-04-05 00:00-24:00');

CREATE TEMP TABLE cases AS
SELECT id, c,
       timestamptz '2026-01-01 00:00+00' + random() * interval '365 days' AS t,
       (random() * 200 * 3600e6)::bigint * interval '1 microsecond' AS d
FROM cals, generate_series(1, 400);

-- elapsed(t, add(t, d)) = d, and add gives the least such instant
SELECT count(*) AS cases,
       count(*) FILTER (WHERE slm.business_elapsed(t, slm.business_add(t, d, c), c) <> d) AS elapsed_mismatch,
       count(*) FILTER (WHERE d > '0' AND slm.business_elapsed(t, slm.business_add(t, d, c) - interval '1 microsecond', c) >= d) AS not_least
FROM cases;

-- the same backwards: elapsed(add(t, -d), t) = d, greatest such instant
SELECT count(*) FILTER (WHERE slm.business_elapsed(slm.business_add(t, -d, c), t, c) <> d) AS elapsed_mismatch,
       count(*) FILTER (WHERE d > '0' AND slm.business_elapsed(slm.business_add(t, -d, c) + interval '1 microsecond', t, c) >= d) AS not_greatest
FROM cases;

-- adding in two steps is adding once (time parts)
SELECT count(*) FILTER (WHERE slm.business_add(slm.business_add(t, d, c), d, c) <> slm.business_add(t, d * 2, c)) AS two_steps
FROM cases;

-- elapsed is additive and antisymmetric
SELECT count(*) FILTER (WHERE slm.business_elapsed(t, t + d, c) + slm.business_elapsed(t + d, t + 2 * d, c)
                              <> slm.business_elapsed(t, t + 2 * d, c)) AS not_additive,
       count(*) FILTER (WHERE slm.business_elapsed(t, t + d, c) <> -slm.business_elapsed(t + d, t, c)) AS not_antisymmetric,
       count(*) FILTER (WHERE slm.business_elapsed(t, t + d, c) > d) AS more_than_real_time
FROM cases;

-- next_business_time is in B and nothing before it (after t) is
SELECT count(*) FILTER (WHERE NOT slm.is_business_time(slm.next_business_time(t, c), c)) AS next_not_business,
       count(*) FILTER (WHERE slm.next_business_time(t, c) > t
                          AND slm.business_elapsed(t, slm.next_business_time(t, c), c) <> '0') AS skipped_business
FROM cases;

-- business days land inside (or at the edge of) a business date's hours
SELECT count(*) FILTER (WHERE slm.business_add(t, '3 days', c) <> slm.next_business_time(slm.business_add(t, '3 days', c), c)
                          AND NOT EXISTS (
                              SELECT 1 FROM unnest(slm.business_periods(c, tstzrange(slm.business_add(t, '3 days', c) - interval '1 microsecond',
                                                                                        slm.business_add(t, '3 days', c) + interval '1 microsecond'))) p)) AS days_outside_hours
FROM cases;

-- business_periods sums to business_elapsed
SELECT count(*) FILTER (WHERE (SELECT coalesce(sum(upper(p) - lower(p)), '0') FROM unnest(slm.business_periods(c, tstzrange(t, t + d))) p)
                              <> slm.business_elapsed(t, t + d, c)) AS periods_mismatch
FROM cases;
