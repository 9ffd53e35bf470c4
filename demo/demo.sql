-- demo/demo.sql: what slm computes, on a sample help desk
\pset footer off
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
CREATE EXTENSION slm;

\echo
\echo '== A business calendar: Shanghai office hours, the 2026 National Day holiday and its make-up days'
INSERT INTO slm.calendars (name, calendar, description) VALUES
  ('shanghai', 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00',
   'Shanghai office, lunch 12-13, National Day 2026'),
  ('new york', 'tz=America/New_York; mon-fri 09:00-17:00; 2026-11-26 closed; 2026-12-24 09:00-13:00; 2026-12-25 closed',
   'New York support desk'),
  ('24x7', 'tz=UTC; 24x7', 'round the clock');
SELECT name, calendar FROM slm.calendars ORDER BY name;

\echo
\echo '== Tickets opened around the holiday, with the standard targets'
CREATE TABLE tickets (
    id        int PRIMARY KEY,
    priority  int NOT NULL,
    opened_at timestamptz NOT NULL
);
INSERT INTO tickets VALUES
  (1, 1, '2026-09-25 17:00'), (2, 2, '2026-09-25 17:00'), (3, 3, '2026-09-26 10:00'),
  (4, 4, '2026-09-30 11:00'), (5, 2, '2026-09-30 16:30'), (6, 3, '2026-10-09 17:45');
CREATE TABLE targets (priority int PRIMARY KEY, respond interval, resolve interval, calendar text);
INSERT INTO targets VALUES
  (1, '30 minutes', '2 hours', '24x7'),
  (2, '4 hours', '12 hours', 'shanghai'),
  (3, '24 hours', '5 days', 'shanghai'),
  (4, '5 days', '10 days', 'shanghai');

SELECT t.id, t.priority AS p, t.opened_at,
       slm.business_add(t.opened_at, g.respond, g.calendar) AS respond_by,
       slm.business_add(t.opened_at, g.resolve, g.calendar) AS resolve_by
FROM tickets t JOIN targets g USING (priority)
ORDER BY t.id;

\echo
\echo '== Business time used so far (as of 2026-10-12 10:00), and whether it is business time now'
SELECT t.id, slm.business_elapsed(t.opened_at, '2026-10-12 10:00', g.calendar) AS business_time_used,
       slm.is_business_time('2026-10-12 10:00', g.calendar) AS open_now
FROM tickets t JOIN targets g USING (priority)
ORDER BY t.id;

\echo
\echo '== Daylight saving: New York''s spring-forward day holds 23 hours; deadlines follow the clock'
SELECT slm.business_elapsed('2026-03-08 00:00 America/New_York', '2026-03-09 00:00 America/New_York', 'tz=America/New_York; 24x7') AS hours_on_2026_03_08,
       slm.business_add('2026-03-06 16:00 America/New_York', '2 hours', 'new york') AT TIME ZONE 'America/New_York' AS friday_4pm_plus_2h;

\echo
\echo '== Business days per month in Shanghai, 2026'
SELECT to_char(m, 'YYYY-MM') AS month,
       slm.business_days(m::date, (m + interval '1 month')::date, 'shanghai') AS business_days
FROM generate_series(timestamp '2026-08-01', '2026-12-01', '1 month') m;
