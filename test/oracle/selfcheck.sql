-- test/oracle/selfcheck.sql
--
-- Extra checks of the oracle itself, beyond the spec's worked examples:
-- hand-worked cases for parsing, overnight spans, overrides, clamps and DST,
-- and random property checks that tie the functions to each other and to a
-- brute-force minute count.  Load oracle.sql first (scripts/tests/oracle.sh
-- does).
--
--   psql -X -v ON_ERROR_STOP=1 -f oracle.sql -f selfcheck.sql

\set QUIET on
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET TimeZone = 'UTC';
\pset footer off

CREATE TEMP TABLE self_case (n serial, name text, ok boolean, detail text);

-- Hand-worked cases ---------------------------------------------------------
INSERT INTO self_case (name, ok, detail)
SELECT 'parse: keywords case-insensitive, whitespace between tokens',
       a = b, a::text
  FROM (SELECT (SELECT array_agg(o ORDER BY o) FROM slm_oracle.owned_spans(
                    ' TZ = UTC ; MON - FRI 09:00 - 12:00 , 13:00-18:00 ; ', '2026-11-04') o) a,
               (SELECT array_agg(o ORDER BY o) FROM slm_oracle.owned_spans(
                    'tz=UTC;mon-fri 09:00-12:00,13:00-18:00', '2026-11-04') o) b) x;

INSERT INTO self_case (name, ok, detail)
SELECT 'parse: sat-mon wraps to sat,sun,mon',
       string_agg(to_char(d, 'Dy'), ',' ORDER BY d) = 'Mon,Sat,Sun',
       string_agg(to_char(d, 'Dy'), ',' ORDER BY d)
  FROM generate_series(date '2026-11-02', date '2026-11-08', '1 day') g(d)
 WHERE EXISTS (SELECT 1 FROM slm_oracle.owned_spans('tz=UTC; sat-mon 10:00-11:00', g.d::date));

INSERT INTO self_case (name, ok, detail)
SELECT 'weekly rules add up and merge (overlap and touching)',
       array_agg(s::text || '/' || e::text) = ARRAY['2026-11-02 09:00:00/2026-11-02 14:00:00'],
       array_agg(s::text || '/' || e::text)::text
  FROM slm_oracle.owned_spans('tz=UTC; mon 09:00-10:00; mon 09:30-12:00,12:00-13:00; mon-tue 13:00-14:00',
                              '2026-11-02');

INSERT INTO self_case (name, ok, detail)
SELECT 'overrides replace weekly spans and add up; closed adds nothing',
       array_agg(s::text || '/' || e::text ORDER BY s) =
           ARRAY['2026-11-02 07:00:00/2026-11-02 08:00:00', '2026-11-02 20:00:00/2026-11-03 02:00:00'],
       array_agg(s::text || '/' || e::text ORDER BY s)::text
  FROM slm_oracle.owned_spans('tz=UTC; mon 09:00-17:00; 2026-11-02 closed; 2026-11-01..2026-11-02 07:00-08:00;'
                              || '2026-11-02 20:00-02:00', '2026-11-02');

INSERT INTO self_case (name, ok, detail)
SELECT 'span ending 24:00 and overnight span ending 00:00 are the same',
       a = b, a::text || ' vs ' || b::text
  FROM (SELECT (SELECT array_agg(o) FROM slm_oracle.owned_spans('tz=UTC; mon 22:00-24:00', '2026-11-02') o) a,
               (SELECT array_agg(o) FROM slm_oracle.owned_spans('tz=UTC; mon 22:00-00:00', '2026-11-02') o) b) x;

INSERT INTO self_case (name, ok, detail)
SELECT 'overnight Monday shift runs into a Tuesday holiday',
       slm_oracle.is_business_time('2026-11-03 03:00+00', 'tz=UTC; mon-fri 22:00-06:00; 2026-11-03 closed')
       AND NOT slm_oracle.is_business_time('2026-11-04 03:00+00', 'tz=UTC; mon-fri 22:00-06:00; 2026-11-03 closed'),
       NULL;

INSERT INTO self_case (name, ok, detail)
SELECT 'days: overnight, w passes 24:00 (Tue 03:00 held by Mon span) + 1 day = Wed 03:00',
       r = timestamptz '2026-11-04 03:00+00', r::text
  FROM slm_oracle.business_add('2026-11-03 03:00+00', '1 day', 'tz=UTC; mon-fri 22:00-06:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'days: clamp to last span end (Mon 16:00 + 1 day with Tue 10-12 = Tue 12:00)',
       r = timestamptz '2026-11-03 12:00+00', r::text
  FROM slm_oracle.business_add('2026-11-02 16:00+00', '1 day', 'tz=UTC; mon 09:00-17:00; tue 10:00-12:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'days: clamp to first span start (Mon 09:00 + 1 day with Tue 10-12 = Tue 10:00)',
       r = timestamptz '2026-11-03 10:00+00', r::text
  FROM slm_oracle.business_add('2026-11-02 09:00+00', '1 day', 'tz=UTC; mon 09:00-17:00; tue 10:00-12:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'negative: time first, then days (Wed 10:00 - 1 day 2 hours = Mon 16:00)',
       r = timestamptz '2026-11-02 16:00+00', r::text
  FROM slm_oracle.business_add('2026-11-04 10:00+00', '-1 day -2 hours', 'tz=UTC; mon-fri 09:00-17:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'negative time lands on an opening: Wed 10:00 - 1 hour = Wed 09:00 (greatest s)',
       r = timestamptz '2026-11-04 09:00+00', r::text
  FROM slm_oracle.business_add('2026-11-04 10:00+00', '-1 hour', 'tz=UTC; mon-fri 09:00-17:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'negative days from a closing time (Mon 17:00 - 1 day = Fri 17:00)',
       r = timestamptz '2026-10-30 17:00+00', r::text
  FROM slm_oracle.business_add('2026-11-02 17:00+00', '-1 day', 'tz=UTC; mon-fri 09:00-17:00') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'DST gap: NY sun 01:30-02:30 on 2026-03-08 holds 1 hour',
       r::text = '01:00:00', r::text
  FROM slm_oracle.business_elapsed('2026-03-08 00:00-05', '2026-03-09 00:00-04',
                                   'tz=America/New_York; sun 01:30-02:30') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'DST gap: NY sun 02:30-03:00 on 2026-03-08 is empty, dropped, not a business date (3 Sundays, 2 count)',
       slm_oracle.business_days('2026-03-08', '2026-03-09', 'tz=America/New_York; sun 02:30-03:00') = 0
       AND slm_oracle.business_days('2026-03-15', '2026-03-16', 'tz=America/New_York; sun 02:30-03:00') = 1
       AND slm_oracle.business_days('2026-03-16', '2026-03-01', 'tz=America/New_York; sun 02:30-03:00') = -2,
       NULL;

INSERT INTO self_case (name, ok, detail)
SELECT 'DST fold: NY 24x7 on 2026-11-01 holds 25 hours',
       r::text = '25:00:00', r::text
  FROM slm_oracle.business_elapsed('2026-11-01 00:00-04', '2026-11-02 00:00-05',
                                   'tz=America/New_York; 24x7') r;

INSERT INTO self_case (name, ok, detail)
SELECT 'Samoa skipped 2011-12-30: 24x7 is continuous, 12-30 owns nothing',
       slm_oracle.business_days('2011-12-29', '2012-01-01', 'tz=Pacific/Apia; 24x7') = 2
       AND slm_oracle.business_elapsed('2011-12-29 00:00-10', '2012-01-01 00:00+14',
                                       'tz=Pacific/Apia; 24x7')::text = '48:00:00',
       NULL;

INSERT INTO self_case (name, ok, detail)
SELECT 'no business time after t: + 1 hour = infinity, - 1 hour before all = -infinity',
       slm_oracle.business_add('2026-11-03 00:00+00', '1 hour', 'tz=UTC; 2026-11-02 09:00-10:00') = 'infinity'
       AND slm_oracle.business_add('2026-11-01 00:00+00', '-1 hour', 'tz=UTC; 2026-11-02 09:00-10:00') = '-infinity'
       AND slm_oracle.business_add('2026-11-03 00:00+00', '1 day', 'tz=UTC; 2026-11-02 09:00-10:00') = 'infinity',
       NULL;

INSERT INTO self_case (name, ok, detail)
SELECT 'microsecond precision: + 1 us and elapsed of 1 us',
       slm_oracle.business_add('2026-11-02 09:00+00', '0.000001 s', 'tz=UTC; 24x7') = '2026-11-02 09:00:00.000001+00'
       AND slm_oracle.business_elapsed('2026-11-02 09:00+00', '2026-11-02 09:00:00.000001+00', 'tz=UTC; 24x7')
           = interval '0.000001 s',
       NULL;

-- Random property checks ----------------------------------------------------
CREATE TEMP TABLE self_cal (c text);
INSERT INTO self_cal VALUES
  ('tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'),
  ('tz=America/New_York; mon-fri 22:00-06:00; sat 01:30-02:30,02:30-03:00; sun 00:00-24:00; 2026-03-09 closed; 2026-11-02 01:00-02:00,01:30-03:00'),
  ('tz=Europe/Berlin; mon-sun 02:00-03:30; wed 23:00-02:30'),
  ('tz=Australia/Lord_Howe; 24x7; 2026-04-05 closed'),
  ('tz=America/Sao_Paulo; tue,thu 00:00-23:59; sat-mon 23:30-00:30');

SELECT setseed(0.4242);
CREATE TEMP TABLE self_sample AS
SELECT c,
       timestamptz '2026-02-20 00:00+00' + interval '1 microsecond' * floor(random() * 300 * 86400e6)::bigint AS t,
       floor(random() * 60 * 3600e6)::bigint + 1 AS tau
  FROM self_cal, generate_series(1, 12);

-- business_add(t, +tau) is the least s with elapsed(t, s) = tau
INSERT INTO self_case (name, ok, detail)
SELECT 'property: elapsed(t, add(t, tau)) = tau and least',
       bool_and(elapsed = slm_oracle.us_interval(tau) AND elapsed_1 < slm_oracle.us_interval(tau)),
       count(*) || ' samples; first bad: ' || coalesce(min(c || ' ' || t || ' ' || tau)
            FILTER (WHERE NOT (elapsed = slm_oracle.us_interval(tau) AND elapsed_1 < slm_oracle.us_interval(tau))), '-')
  FROM (SELECT c, t, tau, slm_oracle.business_elapsed(t, r, c) elapsed,
               slm_oracle.business_elapsed(t, r - interval '1 microsecond', c) elapsed_1
          FROM (SELECT c, t, tau, slm_oracle.business_add(t, slm_oracle.us_interval(tau), c) r
                  FROM self_sample) x) y;

-- business_add(t, -tau) is the greatest s with elapsed(s, t) = tau
INSERT INTO self_case (name, ok, detail)
SELECT 'property: elapsed(add(t, -tau), t) = tau and greatest',
       bool_and(elapsed = slm_oracle.us_interval(tau) AND elapsed_1 < slm_oracle.us_interval(tau)),
       count(*) || ' samples'
  FROM (SELECT c, t, tau, slm_oracle.business_elapsed(r, t, c) elapsed,
               slm_oracle.business_elapsed(r + interval '1 microsecond', t, c) elapsed_1
          FROM (SELECT c, t, tau, slm_oracle.business_add(t, -slm_oracle.us_interval(tau), c) r
                  FROM self_sample) x) y;

-- next_business_time(t) is in B, no business time in [t, next), and it is
-- t itself or just after a non-business instant
INSERT INTO self_case (name, ok, detail)
SELECT 'property: next_business_time is the least business instant >= t',
       bool_and(slm_oracle.is_business_time(nx, c)
                AND slm_oracle.business_elapsed(t, nx, c) = interval '0'
                AND (nx = t OR NOT slm_oracle.is_business_time(nx - interval '1 microsecond', c))),
       count(*) || ' samples'
  FROM (SELECT c, t, slm_oracle.next_business_time(t, c) nx FROM self_sample) x;

-- positive business days land on a business date within its span range
INSERT INTO self_case (name, ok, detail)
SELECT 'property: t + n days lies in [first start, last end] of a business date',
       bool_and(EXISTS (SELECT 1 FROM slm_oracle.spans(c, slm_oracle.local_date(r, z) - 3,
                                                        slm_oracle.local_date(r, z) + 3) sp
                         GROUP BY sp.owner HAVING r BETWEEN min(sp.s) AND max(sp.e))),
       count(*) || ' samples'
  FROM (SELECT c, (slm_oracle.parse(c)).zone z,
               slm_oracle.business_add(t, make_interval(days => (tau % 7)::int + 1), c) r
          FROM self_sample) x;

-- measure over a window = brute-force count of business minutes (all span
-- boundaries of these calendars fall on whole UTC minutes)
INSERT INTO self_case (name, ok, detail)
SELECT 'property: elapsed over 10 days = brute-force minute count',
       bool_and(e = make_interval(mins => m)), string_agg(e::text || '/' || m, ' ')
  FROM (SELECT c, slm_oracle.business_elapsed(a, a + interval '240 hours', c) e,
               (SELECT count(*)::int
                  FROM generate_series(a, a + interval '240 hours' - interval '1 minute', interval '1 minute') g(x)
                 WHERE EXISTS (SELECT 1 FROM slm_oracle.spans(c, a::date - 5, a::date + 15) sp
                                WHERE sp.s <= g.x AND g.x < sp.e)) m
          FROM self_cal, (VALUES (timestamptz '2026-03-01 00:00+00'), (timestamptz '2026-03-27 00:00+00'),
                                 (timestamptz '2026-10-02 00:00+00'), (timestamptz '2026-10-24 00:00+00')) v(a)) x;

SELECT CASE WHEN ok THEN 'PASS' ELSE 'FAIL' END AS result, name, detail
  FROM self_case ORDER BY n;

SELECT count(*) FILTER (WHERE ok IS NOT TRUE) AS n_fail, count(*) AS n_all,
       count(*) FILTER (WHERE ok IS NOT TRUE) = 0 AS all_ok FROM self_case \gset
\echo :n_all self-checks, :n_fail failures
\if :all_ok
\echo 'oracle self-check: ALL PASS'
\else
\echo 'oracle self-check: FAILURES'
DO $$ BEGIN RAISE EXCEPTION 'oracle self-check failed'; END $$;
\endif
