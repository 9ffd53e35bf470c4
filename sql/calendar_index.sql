-- calendar_index: deadlines the planner can index.  business_add with a
-- calendar value is IMMUTABLE, so it can feed a stored generated column
-- and an expression index.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET lc_messages = 'C';

CREATE TABLE tickets (
    id        int PRIMARY KEY,
    opened_at timestamptz NOT NULL,
    due_at    timestamptz GENERATED ALWAYS AS (
                  slm.business_add(opened_at, interval '8 hours',
                                   'tz=Europe/London; mon-fri 09:00-17:00; 2026-12-25 closed'::slm.calendar)) STORED
);
INSERT INTO tickets (id, opened_at)
SELECT i, timestamptz '2026-12-01 00:00+00' + i * interval '37 minutes'
FROM generate_series(1, 2000) i;

SELECT id, opened_at, due_at FROM tickets WHERE id IN (1, 600, 1100, 2000) ORDER BY id;
-- the generated column holds what the function gives
SELECT count(*) FILTER (WHERE due_at <> slm.business_add(opened_at, interval '8 hours',
                                'tz=Europe/London; mon-fri 09:00-17:00; 2026-12-25 closed'::slm.calendar)) AS differ
FROM tickets;

-- an expression index on the deadline, used for "what falls due when"
CREATE INDEX tickets_due_idx ON tickets
    (slm.business_add(opened_at, interval '2 days', 'tz=Europe/London; mon-fri 09:00-17:00'::slm.calendar));
ANALYZE tickets;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM tickets
WHERE slm.business_add(opened_at, interval '2 days', 'tz=Europe/London; mon-fri 09:00-17:00'::slm.calendar)
      < '2026-12-07 12:00+00';
SELECT count(*) FROM tickets
WHERE slm.business_add(opened_at, interval '2 days', 'tz=Europe/London; mon-fri 09:00-17:00'::slm.calendar)
      < '2026-12-07 12:00+00';
RESET enable_seqscan;
SELECT count(*) FROM tickets
WHERE slm.business_add(opened_at, interval '2 days', 'tz=Europe/London; mon-fri 09:00-17:00'::slm.calendar)
      < '2026-12-07 12:00+00';

-- the name form is STABLE, so it cannot be indexed
CREATE INDEX ON tickets (slm.business_add(opened_at, interval '2 days', 'uk'));

-- a calendar column, grouped and joined
CREATE TABLE services (name text PRIMARY KEY, hours slm.calendar);
INSERT INTO services VALUES
  ('mail', 'tz=Europe/London; mon-fri 09:00-17:00'),
  ('web', 'tz=Europe/London; 24x7'),
  ('phones', 'tz=europe/london; MON-FRI 09:00-17:00');
SELECT hours, array_agg(name ORDER BY name) FROM services GROUP BY hours ORDER BY 2;
SELECT s.name, slm.business_add('2026-12-24 16:00+00', '2 hours', s.hours) FROM services s ORDER BY 1;

DROP TABLE tickets, services;
