-- test/differential/results.sql - the five business-time functions on the
-- cases of differential.sql or random.sql, by the C engine and by the
-- oracle, compared by pg_temp.compare (test/include/compare.sql).
--
-- Needs a temp table cases (id, lit, g, t, t2, d) and the psql variable
-- label.  Prints one "ok"/"not ok" line per function, then each
-- function's first mismatches.

\ir ../include/compare.sql

CREATE TEMP TABLE results AS
SELECT id, lit, g, t, t2, d,
       slm.is_business_time(t, lit::slm.calendar) AS c_is,
       slm_oracle.is_business_time(t, lit) AS o_is,
       slm.next_business_time(t, lit::slm.calendar) AS c_next,
       slm_oracle.next_business_time(t, lit) AS o_next,
       slm.business_elapsed(t, t2, lit::slm.calendar) AS c_elapsed,
       slm_oracle.business_elapsed(t, t2, lit) AS o_elapsed,
       slm.business_add(t, d, lit::slm.calendar) AS c_add,
       slm_oracle.business_add(t, d, lit) AS o_add,
       slm.business_days(t::date, t2::date, lit::slm.calendar) AS c_days,
       slm_oracle.business_days(t::date, t2::date, lit) AS o_days
FROM cases;

-- each row: the calendar, the case and its arguments, then the answer
-- (intervals compared as text, so that 1 day is not taken for 24:00:00)
SELECT pg_temp.compare(:'label' || ' business_add',
                       'SELECT id, g, lit, t, d, c_add FROM results',
                       'SELECT id, g, lit, t, d, o_add FROM results', 'cases');
SELECT pg_temp.compare(:'label' || ' business_days',
                       'SELECT id, g, lit, t::date, t2::date, c_days FROM results',
                       'SELECT id, g, lit, t::date, t2::date, o_days FROM results', 'cases');
SELECT pg_temp.compare(:'label' || ' business_elapsed',
                       'SELECT id, g, lit, t, t2, c_elapsed::text FROM results',
                       'SELECT id, g, lit, t, t2, o_elapsed::text FROM results', 'cases');
SELECT pg_temp.compare(:'label' || ' is_business_time',
                       'SELECT id, g, lit, t, c_is FROM results',
                       'SELECT id, g, lit, t, o_is FROM results', 'cases');
SELECT pg_temp.compare(:'label' || ' next_business_time',
                       'SELECT id, g, lit, t, c_next FROM results',
                       'SELECT id, g, lit, t, o_next FROM results', 'cases');
