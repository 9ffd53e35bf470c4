-- clock_notices: what tracking tells the user of tickets that no target
-- applies to, and of those it could not track.  A statement's rows (an
-- INSERT, an UPDATE, a COPY) are told in one NOTICE per table and kind,
-- and one WARNING per problem, counting the tickets and naming the first
-- ten; each statement of a function is told on its own; rows whose
-- statement fails are not told at all.  The rows are kept either way.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET lc_messages = 'C';
\set SHOW_CONTEXT never

-- priorities 1 to 4 have targets; 9 has none
SELECT slm.install_standard_targets();
CREATE TABLE nt (id int PRIMARY KEY, opened timestamptz, prio int);
SELECT slm.attach('nt', key => 'id', opened_at => 'opened', priority => 'prio');
SET client_min_messages = notice;

-- one ticket: named
INSERT INTO nt VALUES (1, '2026-11-23 09:00', 9);
-- twelve in one statement, two with targets: one NOTICE for the ten, naming them all
INSERT INTO nt SELECT g, '2026-11-23 09:00', CASE WHEN g IN (4, 7) THEN 2 ELSE 9 END FROM generate_series(2, 13) g;
-- fourteen: the first ten named, "and 4 more"
INSERT INTO nt SELECT g, '2026-11-23 09:00', 9 FROM generate_series(101, 114) g;
SELECT count(*) AS tickets, (SELECT count(*) FROM slm.clocks WHERE tbl = 'nt'::regclass) AS clocks FROM nt;

-- a priority change that takes twelve tickets' running clocks out of every
-- target: one NOTICE for the twelve tickets, naming ten of their 24 clocks
INSERT INTO nt SELECT g, '2026-11-23 09:00', 2 FROM generate_series(201, 212) g;
UPDATE nt SET prio = 9 WHERE id BETWEEN 201 AND 212;
SELECT count(*) FILTER (WHERE cancelled_at IS NOT NULL) AS cancelled, count(*) AS clocks
FROM slm.clocks WHERE tbl = 'nt'::regclass AND ticket::int BETWEEN 201 AND 212;

-- COPY: one NOTICE at its end
COPY nt FROM stdin;
301	2026-11-23 09:00:00+00	9
302	2026-11-23 09:00:00+00	9
303	2026-11-23 09:00:00+00	2
304	2026-11-23 10:00:00+00	1
305	2026-11-23 11:00:00+00	3
\.
-- (the rows of a COPY share one store of clocks, as a statement's do: the
-- clocks are those a rebuild computes.  By hand, business hours Mon-Fri
-- 09:00-18:00: 303, P2 from Mon 09:00, responds by 13:00 and resolves in
-- 12 hours by Tue 12:00; 304, P1 from 10:00, 30 minutes and 2 hours:
-- 10:30 and 12:00; 305, P3 from 11:00, 24 hours (7 + 9 + 8) by Wed 17:00
-- and 5 working days by the next Mon 11:00)
CREATE TEMP TABLE copied AS
SELECT ticket, metric, started_at, due_at FROM slm.clocks WHERE tbl = 'nt'::regclass AND ticket::int BETWEEN 301 AND 305;
SELECT ticket, metric, started_at, due_at FROM copied ORDER BY 1, 2;
SET client_min_messages = warning;
SELECT slm.rebuild('nt') AS tickets_read;
SET client_min_messages = notice;
SELECT count(*) AS differ FROM (
    (SELECT * FROM copied EXCEPT ALL
     SELECT ticket, metric, started_at, due_at FROM slm.clocks WHERE tbl = 'nt'::regclass AND ticket::int BETWEEN 301 AND 305)
    UNION ALL
    (SELECT ticket, metric, started_at, due_at FROM slm.clocks WHERE tbl = 'nt'::regclass AND ticket::int BETWEEN 301 AND 305
     EXCEPT ALL SELECT * FROM copied)) d;

-- two statements of a function: each told when it ends
CREATE FUNCTION pg_temp.two_inserts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO nt VALUES (401, '2026-11-23 09:00', 9), (402, '2026-11-23 09:00', 9);
    INSERT INTO nt VALUES (403, '2026-11-23 09:00', 9);
END $$;
SELECT pg_temp.two_inserts();

-- a statement that fails after slm tracked some of its rows: nothing is
-- told of them, and neither they nor their clocks remain
CREATE FUNCTION pg_temp.refuse_502() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id = 502 THEN
        RAISE EXCEPTION 'ticket 502 refused';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER zz_refuse AFTER INSERT ON nt FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_502();
INSERT INTO nt VALUES (501, '2026-11-23 09:00', 9), (502, '2026-11-23 09:00', 9), (503, '2026-11-23 09:00', 9);
-- caught in a function's exception block: the same
DO $$
BEGIN
    INSERT INTO nt VALUES (501, '2026-11-23 09:00', 9), (502, '2026-11-23 09:00', 9);
EXCEPTION WHEN raise_exception THEN
    RAISE NOTICE 'caught: %', SQLERRM;
END $$;
DROP TRIGGER zz_refuse ON nt;
SELECT count(*) AS rows_50x FROM nt WHERE id BETWEEN 501 AND 503;

-- two tables in one statement (a data-modifying WITH): one NOTICE each
CREATE TABLE nt2 (LIKE nt INCLUDING ALL);
SELECT slm.attach('nt2', key => 'id', opened_at => 'opened', priority => 'prio');
WITH a AS (INSERT INTO nt VALUES (601, '2026-11-23 09:00', 9) RETURNING id)
INSERT INTO nt2 VALUES (1, '2026-11-23 09:00', 9), (2, '2026-11-23 09:00', 9);

-- slm.rebuild tells the same, once for the whole table
SELECT slm.rebuild('nt2') AS tickets_read;

-- what slm could not track is a WARNING per problem, naming the first ten
-- tickets; the rows are kept, and slm.rebuild can catch up once it is fixed
CREATE TABLE nw (id int PRIMARY KEY, opened timestamptz, prio bigint);
SELECT slm.attach('nw', key => 'id', opened_at => 'opened', priority => 'prio');
-- twelve tickets, one problem
INSERT INTO nw SELECT g, '2026-11-23 09:00', 5000000000 FROM generate_series(1, 12) g;
-- two problems and a ticket without one (and without a target: its NOTICE)
INSERT INTO nw VALUES (21, '2026-11-23 09:00', 5000000000), (22, '2026-11-23 09:00', 6000000000),
                      (23, '2026-11-23 09:00', 5000000000), (24, '2026-11-23 09:00', 9);
-- one: as it always was
UPDATE nw SET prio = 7000000000 WHERE id = 24;
SELECT count(*) AS rows_kept, (SELECT count(*) FROM slm.clocks WHERE tbl = 'nw'::regclass) AS clocks FROM nw;
SELECT slm.detach('nw', drop_clocks => true);
DROP TABLE nw;

-- the SLA model cannot be read (here a column of slm.calendars renamed, in
-- a transaction rolled back; in life, say, a time zone the server no longer
-- knows): one WARNING per statement that counts its rows (slm cannot read
-- their keys without the model), and one for a truncation; the rows are
-- kept
BEGIN;
ALTER TABLE slm.calendars RENAME COLUMN calendar TO calendar_gone;
INSERT INTO nt VALUES (801, '2026-11-23 09:00', 2), (802, '2026-11-23 09:00', 2), (803, '2026-11-23 09:00', 2);
UPDATE nt SET prio = 1 WHERE id = 801;
DELETE FROM nt WHERE id IN (802, 803);
TRUNCATE nt2;
SELECT count(*) AS rows_kept FROM nt WHERE id = 801;
-- and slm.rebuild refuses, saying why
SELECT slm.rebuild('nt');
ROLLBACK;

-- a session's first statement on a tracked table loads slm as its rows
-- are tracked, too late to be a level of its own: its rows are told when
-- the transaction commits, nothing if it rolls back, nor what a savepoint
-- rolled back
\c
SET lc_messages = 'C';
SET client_min_messages = notice;
BEGIN;
INSERT INTO nt VALUES (701, '2026-11-23 09:00', 9), (702, '2026-11-23 09:00', 9);
SELECT 'before the commit' AS said;
COMMIT;
\c
SET lc_messages = 'C';
SET client_min_messages = notice;
BEGIN;
INSERT INTO nt VALUES (711, '2026-11-23 09:00', 9);
ROLLBACK;
\c
SET lc_messages = 'C';
SET client_min_messages = notice;
BEGIN;
SAVEPOINT kept;
INSERT INTO nt VALUES (721, '2026-11-23 09:00', 9);
RELEASE kept;
SAVEPOINT dropped;
INSERT INTO nt VALUES (722, '2026-11-23 09:00', 9);
ROLLBACK TO dropped;
COMMIT;
\c
SET lc_messages = 'C';
SET client_min_messages = notice;
BEGIN;
SAVEPOINT dropped;
INSERT INTO nt VALUES (731, '2026-11-23 09:00', 9);
ROLLBACK TO dropped;
INSERT INTO nt VALUES (732, '2026-11-23 09:00', 9);
COMMIT;
SELECT array_agg(id ORDER BY id) AS kept_7xx FROM nt WHERE id BETWEEN 700 AND 799;
RESET client_min_messages;

SELECT slm.detach('nt', drop_clocks => true);
SELECT slm.detach('nt2', drop_clocks => true);
DROP TABLE nt, nt2;
DELETE FROM slm.events; DELETE FROM slm.clocks; DELETE FROM slm.targets; DELETE FROM slm.agreements;
DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.priority_matrix; DELETE FROM slm.calendars;
