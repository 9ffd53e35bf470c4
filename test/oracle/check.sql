-- test/oracle/check.sql
--
-- Loads oracle.sql and asserts the worked examples of section 4 of
-- spec/business-time.md (plus the two examples in the text of section 3 and
-- a few contract rules), printing PASS/FAIL per example.  Every example is
-- evaluated under several session TimeZone settings, since the answers must
-- not depend on it.  Ends with an ERROR (non-zero psql exit status under
-- ON_ERROR_STOP) when anything fails.
--
--   psql -X -v ON_ERROR_STOP=1 -f check.sql

\set QUIET on
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\ir oracle.sql

CREATE TEMP TABLE oracle_case (
    n        serial,
    section  text,
    name     text,
    actual   text,     -- SQL expression
    expected text      -- SQL expression; compared with IS NOT DISTINCT FROM
);

\set cn '''tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'''
\set ny '''tz=America/New_York; 24x7'''
\set wk '''tz=UTC; mon-fri 09:00-17:00'''

INSERT INTO oracle_case (section, name, actual, expected) VALUES
-- section 4, business_add table (times in Asia/Shanghai)
('4', 'Fri 09-25 17:00 + 1 hour = 09-25 18:00 (closing time)',
 $$slm_oracle.business_add('2026-09-25 17:00+08', '1 hour', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-09-25 18:00+08'$$),
('4', 'Fri 09-25 17:00 + 2 hours = 09-28 10:00',
 $$slm_oracle.business_add('2026-09-25 17:00+08', '2 hours', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-09-28 10:00+08'$$),
('4', 'Sat 09-26 10:00 + 30 minutes = 09-28 09:30',
 $$slm_oracle.business_add('2026-09-26 10:00+08', '30 minutes', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-09-28 09:30+08'$$),
('4', 'Wed 09-30 11:00 + 4 hours = 09-30 16:00 (lunch excluded)',
 $$slm_oracle.business_add('2026-09-30 11:00+08', '4 hours', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-09-30 16:00+08'$$),
('4', 'Wed 09-30 11:00 + 5 days = 10-14 11:00',
 $$slm_oracle.business_add('2026-09-30 11:00+08', '5 days', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-10-14 11:00+08'$$),
('4', 'Sat 09-26 10:00 + 5 days = 10-12 09:00',
 $$slm_oracle.business_add('2026-09-26 10:00+08', '5 days', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-10-12 09:00+08'$$),
('4', 'Tue 11-03 20:00 + 1 day 4 hours = 11-05 14:00',
 $$slm_oracle.business_add('2026-11-03 20:00+08', '1 day 4 hours', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-11-05 14:00+08'$$),
('4', 'Wed 11-04 10:00 - 3 hours = 11-03 16:00',
 $$slm_oracle.business_add('2026-11-04 10:00+08', '-3 hours', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-11-03 16:00+08'$$),
-- section 4, elapsed and next (compared as text: no day part allowed)
('4', 'business_elapsed(09-30 11:00, 10-09 10:00, cn) = 07:00:00',
 $$slm_oracle.business_elapsed('2026-09-30 11:00+08', '2026-10-09 10:00+08', $$ || :'cn' || $$)::text$$,
 $$'07:00:00'$$),
('4', 'next_business_time(10-01 10:00, cn) = 10-09 09:00',
 $$slm_oracle.next_business_time('2026-10-01 10:00+08', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-10-09 09:00+08'$$),
('4', 'New York 24x7, 2026-03-08 00:00-05 .. 2026-03-09 00:00-04 = 23:00:00',
 $$slm_oracle.business_elapsed('2026-03-08 00:00-05', '2026-03-09 00:00-04', $$ || :'ny' || $$)::text$$,
 $$'23:00:00'$$),
-- section 3, examples in the text
('3', 'mon-fri 09-17: Mon 09:00 - 1 day = Fri 09:00',
 $$slm_oracle.business_add('2026-11-02 09:00+00', '-1 day', $$ || :'wk' || $$)$$,
 $$timestamptz '2026-10-30 09:00+00'$$),
('3', 'mon-fri 09-17: Wed 01:54 - 1 day = Mon 17:00',
 $$slm_oracle.business_add('2026-11-04 01:54+00', '-1 day', $$ || :'wk' || $$)$$,
 $$timestamptz '2026-11-02 17:00+00'$$),
('3', 'elapsed negated when t2 < t1',
 $$slm_oracle.business_elapsed('2026-10-09 10:00+08', '2026-09-30 11:00+08', $$ || :'cn' || $$)::text$$,
 $$'-07:00:00'$$),
('3', 'elapsed of 35 business hours (Mon 00:00..Fri 12:00) has no day part',
 $$slm_oracle.business_elapsed('2026-03-02 00:00+00', '2026-03-06 12:00+00', $$ || :'wk' || $$)::text$$,
 $$'35:00:00'$$),
('3', 'business_add with 0 interval returns t unchanged (even outside B)',
 $$slm_oracle.business_add('2026-10-03 03:00+08', '0', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-10-03 03:00+08'$$),
('3', 'infinite t is returned as it is',
 $$slm_oracle.business_add('infinity', '1 hour', $$ || :'cn' || $$)$$,
 $$timestamptz 'infinity'$$),
('3', 'next_business_time of a business instant is itself',
 $$slm_oracle.next_business_time('2026-09-30 11:00+08', $$ || :'cn' || $$)$$,
 $$timestamptz '2026-09-30 11:00+08'$$),
('3', 'spans are half-open: closing time is not business time',
 $$slm_oracle.is_business_time('2026-09-30 18:00+08', $$ || :'cn' || $$)$$,
 $$false$$),
('3', 'opening time is business time',
 $$slm_oracle.is_business_time('2026-09-30 13:00+08', $$ || :'cn' || $$)$$,
 $$true$$),
('3', 'calendar with no business time: next = infinity',
 $$slm_oracle.next_business_time('2026-01-01 00:00+00', 'tz=UTC')$$,
 $$timestamptz 'infinity'$$);

-- Error cases: expression must raise the given SQLSTATE.
CREATE TEMP TABLE oracle_error_case (
    n        serial,
    name     text,
    stmt     text,
    sqlstate text
);
INSERT INTO oracle_error_case (name, stmt, sqlstate) VALUES
('month part is an error (22023)',
 $$SELECT slm_oracle.business_add('2026-09-30 11:00+08', '1 month', $$ || :'cn' || $$)$$, '22023'),
('day and time parts of opposite signs are an error (22023)',
 $$SELECT slm_oracle.business_add('2026-09-30 11:00+08', '1 day -2 hours', $$ || :'cn' || $$)$$, '22023'),
('business_elapsed with an infinite bound is an error',
 $$SELECT slm_oracle.business_elapsed('2026-09-30 11:00+08', 'infinity', $$ || :'cn' || $$)$$, '22023'),
('09:00-09:00 is rejected',
 $$SELECT slm_oracle.parse('tz=UTC; mon 09:00-09:00')$$, '22P02'),
('tz twice is rejected',
 $$SELECT slm_oracle.parse('tz=UTC; tz=UTC; mon 09:00-10:00')$$, '22P02'),
('missing tz is rejected',
 $$SELECT slm_oracle.parse('mon 09:00-10:00')$$, '22P02');

CREATE FUNCTION pg_temp.run_checks(zones text[])
RETURNS TABLE (ord integer, result text, section text, name text, session_tz text, actual text, expected text)
LANGUAGE plpgsql AS $$
DECLARE
    c    record;
    z    text;
    a    text;
    x    text;
    ok   boolean;
    st   text;
BEGIN
    FOREACH z IN ARRAY zones LOOP
        PERFORM set_config('TimeZone', z, true);
        FOR c IN SELECT * FROM oracle_case ORDER BY n LOOP
            BEGIN
                EXECUTE format('SELECT (%s)::text, (%s)::text, (%s) IS NOT DISTINCT FROM (%s)',
                               c.actual, c.expected, c.actual, c.expected)
                   INTO a, x, ok;
            EXCEPTION WHEN OTHERS THEN
                a := 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
                x := c.expected;
                ok := false;
            END;
            ord := c.n;
            result := CASE WHEN ok THEN 'PASS' ELSE 'FAIL' END;
            section := c.section;
            name := c.name;
            session_tz := z;
            actual := a;
            expected := x;
            RETURN NEXT;
        END LOOP;
        FOR c IN SELECT * FROM oracle_error_case ORDER BY n LOOP
            st := NULL;
            BEGIN
                EXECUTE c.stmt;
            EXCEPTION WHEN OTHERS THEN
                st := SQLSTATE;
            END;
            ord := 1000 + c.n;
            result := CASE WHEN st = c.sqlstate THEN 'PASS' ELSE 'FAIL' END;
            section := 'err';
            name := c.name;
            session_tz := z;
            actual := coalesce('SQLSTATE ' || st, 'no error');
            expected := 'SQLSTATE ' || c.sqlstate;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END $$;

\pset footer off
\pset null '(null)'
CREATE TEMP TABLE oracle_result AS
    SELECT * FROM pg_temp.run_checks(ARRAY['UTC', 'Asia/Shanghai', 'America/New_York',
                                           'Pacific/Chatham']);

\echo
\echo 'Per example (PASS only if it passes under every session TimeZone):'
SELECT CASE WHEN bool_and(result = 'PASS') THEN 'PASS' ELSE 'FAIL' END AS result,
       section, name,
       min(actual) FILTER (WHERE session_tz = 'UTC') AS "actual (session UTC)",
       min(expected) FILTER (WHERE session_tz = 'UTC') AS "expected (session UTC)"
  FROM oracle_result
 GROUP BY ord, section, name
 ORDER BY ord;

\echo 'Failures (if any), per session TimeZone:'
SELECT result, section, name, session_tz, actual, expected
  FROM oracle_result WHERE result <> 'PASS' ORDER BY ord, session_tz;

SELECT count(DISTINCT name) FILTER (WHERE result = 'PASS') AS n_pass_any,
       count(DISTINCT name) AS n_examples,
       count(*) FILTER (WHERE result <> 'PASS') AS n_fail,
       (count(*) FILTER (WHERE result <> 'PASS') = 0) AS all_ok
  FROM oracle_result \gset
\echo :n_examples examples checked, :n_fail failures across session time zones
\if :all_ok
\echo 'oracle check: ALL PASS'
\else
\echo 'oracle check: FAILURES'
DO $$ BEGIN RAISE EXCEPTION 'oracle check failed'; END $$;
\endif
