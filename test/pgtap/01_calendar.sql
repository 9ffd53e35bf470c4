-- pgTAP: the calendar type and the business-time functions
BEGIN;
SELECT plan(62);
SET LOCAL TimeZone = 'UTC';

-- objects
SELECT has_schema('slm');
SELECT has_type('slm', 'calendar', 'type slm.calendar exists');
SELECT has_table('slm', 'calendars', 'table slm.calendars exists');
SELECT col_is_pk('slm', 'calendars', 'name', 'calendars are keyed by name');
SELECT col_not_null('slm', 'calendars', 'calendar', 'a named calendar has a calendar');
SELECT has_trigger('slm', 'calendars', 'calendars_changed', 'changes to named calendars are announced');

SELECT has_function('slm', 'is_business_time', ARRAY['timestamp with time zone', 'slm.calendar']);
SELECT has_function('slm', 'next_business_time', ARRAY['timestamp with time zone', 'slm.calendar']);
SELECT has_function('slm', 'business_elapsed', ARRAY['timestamp with time zone', 'timestamp with time zone', 'slm.calendar']);
SELECT has_function('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'slm.calendar']);
SELECT has_function('slm', 'business_periods', ARRAY['slm.calendar', 'tstzrange']);
SELECT has_function('slm', 'business_days', ARRAY['date', 'date', 'slm.calendar']);
SELECT has_function('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'text']);
SELECT has_function('slm', 'business_days', ARRAY['date', 'date', 'text']);

SELECT function_returns('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'slm.calendar'], 'timestamp with time zone');
SELECT function_returns('slm', 'business_elapsed', ARRAY['timestamp with time zone', 'timestamp with time zone', 'slm.calendar'], 'interval');
SELECT function_returns('slm', 'business_periods', ARRAY['slm.calendar', 'tstzrange'], 'tstzmultirange');
SELECT function_returns('slm', 'business_days', ARRAY['date', 'date', 'slm.calendar'], 'integer');

-- value forms are IMMUTABLE, name forms STABLE; all strict and parallel safe
SELECT volatility_is('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'slm.calendar'], 'immutable');
SELECT volatility_is('slm', 'is_business_time', ARRAY['timestamp with time zone', 'slm.calendar'], 'immutable');
SELECT volatility_is('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'text'], 'stable');
SELECT volatility_is('slm', 'business_elapsed', ARRAY['timestamp with time zone', 'timestamp with time zone', 'text'], 'stable');
SELECT is_strict('slm', 'business_add', ARRAY['timestamp with time zone', 'interval', 'slm.calendar']);
SELECT is(
    (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'slm' AND p.proname IN ('is_business_time', 'next_business_time', 'business_elapsed',
                                               'business_add', 'business_periods', 'business_days')
       AND p.proparallel = 's' AND p.proisstrict),
    12, 'the twelve business-time functions are strict and parallel safe');

-- the spec's worked examples
SELECT results_eq(
    $$SELECT slm.business_add(t, d, 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00')
      FROM (VALUES ('2026-09-25 17:00+08'::timestamptz, '1 hour'::interval, 1), ('2026-09-25 17:00+08', '2 hours', 2),
                   ('2026-09-26 10:00+08', '30 minutes', 3), ('2026-09-30 11:00+08', '4 hours', 4),
                   ('2026-09-30 11:00+08', '5 days', 5), ('2026-09-26 10:00+08', '5 days', 6),
                   ('2026-11-03 20:00+08', '1 day 4 hours', 7), ('2026-11-04 10:00+08', '-3 hours', 8)) v(t, d, n)
      ORDER BY n$$,
    $$VALUES ('2026-09-25 18:00+08'::timestamptz), ('2026-09-28 10:00+08'), ('2026-09-28 09:30+08'), ('2026-09-30 16:00+08'),
             ('2026-10-14 11:00+08'), ('2026-10-12 09:00+08'), ('2026-11-05 14:00+08'), ('2026-11-03 16:00+08')$$,
    'the eight business_add examples of the spec');
SELECT is(slm.business_elapsed('2026-09-30 11:00+08', '2026-10-09 10:00+08',
          'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'),
          '07:00:00'::interval, 'elapsed over the holiday week');
SELECT is(slm.next_business_time('2026-10-01 10:00+08',
          'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00'),
          '2026-10-09 09:00+08'::timestamptz, 'next business time after the holiday');
SELECT is(slm.business_elapsed('2026-03-08 00:00-05', '2026-03-09 00:00-04', 'tz=America/New_York; 24x7')::text,
          '23:00:00', 'a spring-forward day holds 23 hours');
SELECT is(slm.business_add('2026-09-28 09:00+08', '-1 day', 'tz=Asia/Shanghai; mon-fri 09:00-17:00'),
          '2026-09-25 09:00+08'::timestamptz, 'Monday 09:00 minus 1 day is Friday 09:00');
SELECT is(slm.business_add('2026-09-30 01:54+08', '-1 day', 'tz=Asia/Shanghai; mon-fri 09:00-17:00'),
          '2026-09-28 17:00+08'::timestamptz, 'Wednesday 01:54 minus 1 day is Monday 17:00');

-- elapsed has no day part
SELECT is(extract(day FROM slm.business_elapsed('2026-01-01', '2026-02-01', 'tz=UTC; 24x7'))::int, 0, 'no day part');
SELECT is(slm.business_elapsed('2026-01-01', '2026-02-01', 'tz=UTC; 24x7')::text, '744:00:00', '31 days are 744 hours');

-- the time zone database decides, as AT TIME ZONE does
SELECT is(slm.business_add('2026-03-07 02:30-05', '1 day', 'tz=America/New_York; 24x7'),
          timestamp '2026-03-08 02:30' AT TIME ZONE 'America/New_York', 'a wall clock in the gap converts like AT TIME ZONE');
SELECT is(slm.business_add('2026-10-31 01:30-04', '1 day', 'tz=America/New_York; 24x7'),
          timestamp '2026-11-01 01:30' AT TIME ZONE 'America/New_York', 'a wall clock in the fold converts like AT TIME ZONE');
SELECT is(slm.business_elapsed('2026-04-05 00:00+11', '2026-04-06 00:00+10:30', 'tz=Australia/Lord_Howe; 24x7')::text,
          '24:30:00', 'Lord Howe gains half an hour');
SELECT is(slm.business_days('2011-12-26', '2012-01-02', 'tz=Pacific/Apia; mon-fri 09:00-17:00'), 5,
          'Apia: the Friday that never happened still owns its hours');

-- infinity
SELECT is(slm.business_add('infinity', '1 hour', 'tz=UTC; 24x7'), 'infinity'::timestamptz, 'infinity stays');
SELECT is(slm.business_add('-infinity', '-1 day', 'tz=UTC; 24x7'), '-infinity'::timestamptz, '-infinity stays');
SELECT is(slm.business_add('2026-01-01', '1 hour', 'tz=UTC; 2025-01-01 09:00-10:00'), 'infinity'::timestamptz,
          'a calendar that has run out gives infinity');
SELECT is(slm.next_business_time('2026-01-01', 'tz=UTC'), 'infinity'::timestamptz, 'a calendar that never opens');
SELECT is(slm.is_business_time('infinity', 'tz=UTC; 24x7'), false, 'infinity is no business time');

-- errors with their SQLSTATEs
SELECT throws_ok($$SELECT 'tz=UTC; mondy 09:00-17:00'::slm.calendar$$, '22P02', NULL, 'unknown weekday: 22P02');
SELECT throws_ok($$SELECT 'tz=UTC; mon 09:00-09:00'::slm.calendar$$, '22023', NULL, 'empty span: 22023');
SELECT throws_ok($$SELECT 'mon 09:00-17:00'::slm.calendar$$, '22023', 'invalid calendar: calendar has no time zone', 'no zone: 22023');
SELECT throws_ok($$SELECT 'tz=No/Where; 24x7'::slm.calendar$$, '22023', NULL, 'unknown zone: 22023');
SELECT throws_ok($$SELECT 'tz=UTC; 2026-02-29 closed'::slm.calendar$$, '22023', NULL, 'a date that does not exist: 22023');
SELECT throws_ok($$SELECT slm.business_add(now(), '1 mon', 'tz=UTC; 24x7')$$, '22023', NULL, 'months: 22023');
SELECT throws_ok($$SELECT slm.business_add(now(), '1 day -1 hour', 'tz=UTC; 24x7')$$, '22023', NULL, 'mixed signs: 22023');
SELECT throws_ok($$SELECT slm.business_elapsed(now(), 'infinity', 'tz=UTC; 24x7')$$, '22008', NULL, 'infinite bound: 22008');
SELECT throws_ok($$SELECT slm.business_add(now(), '1 hour', 'no such calendar')$$, '42704',
                 'calendar "no such calendar" does not exist', 'unknown name: 42704');
SELECT throws_ok($$SELECT slm.business_periods('tz=UTC; mon-fri 09:00-17:00', '(,)')$$, '54000', NULL, 'too many periods: 54000');
SELECT is(slm.business_periods('tz=UTC; 24x7', '(,)')::text, '{(,)}', '24x7 over all of time is one unbounded period');

-- named calendars
INSERT INTO slm.calendars (name, calendar) VALUES ('tap office', 'tz=Europe/London; mon-fri 09:00-17:00');
SELECT is(slm.business_add('2026-12-24 16:00+00', '2 hours', 'tap office'), '2026-12-25 10:00+00'::timestamptz, 'by name');
UPDATE slm.calendars SET calendar = calendar || '2026-12-25..2026-12-26 closed' WHERE name = 'tap office';
SELECT is(slm.business_add('2026-12-24 16:00+00', '2 hours', 'tap office'), '2026-12-28 10:00+00'::timestamptz,
          'a change is seen by the next statement');
SELECT is(slm.business_days('2026-12-21', '2026-12-28', 'tap office'), 4, 'business days by name');

-- calendar values
SELECT is('tz=europe/london; MON-FRI 09:00-13:00,13:00-17:00'::slm.calendar::text,
          'tz=Europe/London; mon-fri 09:00-17:00', 'canonical output');
SELECT ok('tz=UTC; mon-fri 09:00-17:00'::slm.calendar = 'tz=UTC; mon,tue,wed,thu,fri 09:00-17:00', 'equal meaning, equal value');
SELECT ok('tz=UTC; 24x7'::slm.calendar <> 'tz=UTC; mon-sat 00:00-24:00', 'different meaning, different value');
SELECT is(('tz=UTC; 24x7'::slm.calendar || '2026-12-25 closed')::text,
          'tz=UTC; mon-sun 00:00-24:00; 2026-12-25 closed', '|| appends a holiday');
SELECT is((SELECT count(DISTINCT c)::int FROM (VALUES ('tz=UTC; 24x7'::slm.calendar), ('tz=utc; mon-sun 00:00-24:00'), ('tz=UTC')) v(c)),
          2, 'calendars group by meaning');
SELECT lives_ok($$CREATE TEMP TABLE t_gen (t timestamptz, due timestamptz
                   GENERATED ALWAYS AS (slm.business_add(t, '4 hours', 'tz=UTC; mon-fri 09:00-17:00'::slm.calendar)) STORED)$$,
                'business_add feeds a stored generated column');
SELECT lives_ok($$CREATE INDEX ON t_gen (slm.business_add(t, '1 day', 'tz=UTC; mon-fri 09:00-17:00'::slm.calendar))$$,
                'and an expression index');

SELECT * FROM finish();
ROLLBACK;
