-- named_calendars: slm.calendars, look-ups by name, and seeing changes
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';

INSERT INTO slm.calendars (name, calendar, description) VALUES
  ('cn', 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-09-28,2026-10-11 09:00-18:00',
   'Shanghai office, with the 2026 National Day holiday'),
  ('24x7', 'tz=UTC; 24x7', 'always open');

-- every function takes the name in place of the value, with the same answers
SELECT slm.business_add('2026-09-30 11:00', '5 days', 'cn') AS by_name,
       slm.business_add('2026-09-30 11:00', '5 days', calendar) AS by_value
FROM slm.calendars WHERE name = 'cn';
SELECT slm.is_business_time('2026-10-11 10:00', 'cn'),
       slm.next_business_time('2026-10-01 10:00', 'cn'),
       slm.business_elapsed('2026-09-30 11:00', '2026-10-09 10:00', 'cn'),
       slm.business_days('2026-09-28', '2026-10-12', 'cn'),
       slm.business_periods('cn', '[2026-10-09 11:00, 2026-10-09 14:00)');
SELECT slm.business_add('2026-09-30 11:00', '100 hours', '24x7');

-- names from a column, many rows
SELECT name, slm.business_add('2026-09-25 17:00', '2 hours', name)
FROM slm.calendars ORDER BY name;

-- an unknown name is 42704
DO $$
BEGIN
    PERFORM slm.business_add('2026-09-30 11:00', '1 hour', 'nowhere');
EXCEPTION WHEN undefined_object THEN
    RAISE NOTICE '%: %', SQLSTATE, SQLERRM;
END $$;

-- an untyped literal resolves to the name form; one that reads as a
-- calendar is taken as a calendar
SELECT slm.business_add('2026-09-25 17:00', '2 hours', 'tz=Asia/Shanghai; mon-fri 09:00-18:00');
SELECT slm.business_add('2026-09-25 17:00', '2 hours', 'tz=Asia/Shanghai; mon-fri 09:00-99:00');

-- a change is seen from the next statement on
SELECT slm.business_add('2027-01-01 10:00', '1 hour', 'cn') AS before_holidays;
UPDATE slm.calendars SET calendar = calendar || '2027-01-01..2027-01-03 closed; 2027-01-04 09:00-12:00' WHERE name = 'cn';
SELECT calendar FROM slm.calendars WHERE name = 'cn';
SELECT slm.business_add('2027-01-01 10:00', '1 hour', 'cn') AS after_holidays;
DELETE FROM slm.calendars WHERE name = 'cn';
SELECT slm.business_add('2027-01-01 10:00', '1 hour', 'cn') AS deleted;
INSERT INTO slm.calendars VALUES ('cn', 'tz=Asia/Shanghai; 24x7');
SELECT slm.business_add('2027-01-01 10:00', '1 hour', 'cn') AS recreated;

-- inside one transaction too, statement by statement
BEGIN;
UPDATE slm.calendars SET calendar = 'tz=Asia/Shanghai; mon-fri 09:00-17:00' WHERE name = 'cn';
SELECT slm.business_add('2027-01-02 10:00', '1 hour', 'cn') AS in_transaction;
ROLLBACK;
SELECT slm.business_add('2027-01-02 10:00', '1 hour', 'cn') AS rolled_back;

-- names are not empty; calendars are valid by construction
INSERT INTO slm.calendars VALUES ('', 'tz=UTC');
INSERT INTO slm.calendars VALUES ('bad', 'tz=UTC; mon 09:00');
INSERT INTO slm.calendars VALUES ('null', NULL);

-- pg_dump keeps the rows
SELECT c.relname, e.extconfig IS NOT NULL AS dumped
FROM pg_extension e, unnest(e.extconfig) cfg(oid) JOIN pg_class c ON c.oid = cfg.oid
WHERE e.extname = 'slm' AND c.relname = 'calendars';

DELETE FROM slm.calendars;
