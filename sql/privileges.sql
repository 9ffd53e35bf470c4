-- privileges: what an application role, a report reader and a tenant may do
--
-- The application writes its own tickets and nothing of slm's; the
-- tracking trigger, SECURITY DEFINER, still keeps the clocks, exactly as
-- slm.rebuild computes them, and gives the application no way into slm.
SET TimeZone = 'Asia/Shanghai';
\i sql/include/try.sql

SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) VALUES ('acme', 'key'), ('globex', 'standard');
CREATE TABLE app_tickets (id serial PRIMARY KEY, opened timestamptz NOT NULL DEFAULT '2026-11-23 09:00',
                          prio int NOT NULL, cust text, status text NOT NULL DEFAULT 'new',
                          status_at timestamptz, answered timestamptz, closed timestamptz);
SELECT slm.attach('app_tickets', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'answered',
                  resolved_at => 'closed', paused_statuses => '{waiting}');

CREATE ROLE regress_slm_app;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON app_tickets TO regress_slm_app;
GRANT USAGE ON SEQUENCE app_tickets_id_seq TO regress_slm_app;

-- the application's life: tickets come, wait, are answered, closed, deleted
SET ROLE regress_slm_app;
INSERT INTO app_tickets (prio, cust) VALUES (1, 'acme'), (2, 'globex'), (3, 'acme'), (4, NULL);
UPDATE app_tickets SET status = 'waiting', status_at = '2026-11-23 10:00' WHERE id = 2;
UPDATE app_tickets SET status = 'open', status_at = '2026-11-24 10:00', answered = '2026-11-24 10:00' WHERE id = 2;
UPDATE app_tickets SET answered = '2026-11-23 09:20', closed = '2026-11-23 10:30', status = 'closed' WHERE id = 1;
UPDATE app_tickets SET prio = 2 WHERE id = 3;
DELETE FROM app_tickets WHERE id = 4;
-- and nothing of slm's is open to it
SELECT pg_temp.try($$SELECT count(*) FROM slm.clocks$$) AS read_clocks;
SELECT pg_temp.try($$UPDATE slm.clocks SET state = 'met'$$) AS write_clocks;
SELECT pg_temp.try($$DELETE FROM slm.tracked_tables$$) AS untrack;
SELECT pg_temp.try($$INSERT INTO slm.targets (agreement, metric, goal) VALUES (1, 'response', '1 year')$$) AS add_target;
SELECT pg_temp.try($$SELECT slm.rebuild('app_tickets')$$) AS rebuild;
SELECT pg_temp.try($$SELECT slm.detach('app_tickets')$$) AS detach;
SELECT pg_temp.try($$SELECT slm.escalate()$$) AS escalate;
SELECT pg_temp.try($$SELECT * FROM slm.sla_status$$) AS status;
SELECT pg_temp.try($$SELECT slm.attach('app_tickets', key => 'id', opened_at => 'opened', priority => 'prio')$$) AS attach;
-- nor can it borrow the SECURITY DEFINER trigger for a table of its own
SELECT pg_temp.try($$CREATE TEMP TABLE mine (id int)$$) AS own_table;
SELECT pg_temp.try($$CREATE TRIGGER borrowed AFTER INSERT ON mine FOR EACH ROW EXECUTE FUNCTION slm.track()$$) AS borrow_trigger;
SELECT pg_temp.try($$CREATE TRIGGER borrowed BEFORE TRUNCATE ON mine EXECUTE FUNCTION slm.track_partition_truncate()$$)
       AS borrow_partition_trigger;
-- and slm's event triggers, which read slm's tables, do not stand in the
-- way of its own tables (before, each ALTER TABLE and DROP TABLE of a role
-- that may not read slm.tracked_tables failed)
SELECT pg_temp.try($$ALTER TABLE mine ADD COLUMN note text$$) AS alter_own;
SELECT pg_temp.try($$ALTER TABLE mine RENAME COLUMN note TO remark$$) AS rename_own;
SELECT pg_temp.try($$DROP TABLE mine$$) AS drop_own;
RESET ROLE;

-- the clocks it kept are the clocks slm.rebuild computes
SELECT ticket, kind, metric, cycle, priority, state, stopped_at, paused_time, due_at
FROM slm.clocks WHERE tbl = 'app_tickets'::regclass ORDER BY ticket, kind, metric, cycle;
CREATE TEMP TABLE live AS SELECT * FROM slm.clocks WHERE tbl = 'app_tickets'::regclass;
SELECT slm.rebuild('app_tickets');
SELECT count(*) AS changed_by_rebuild
FROM (SELECT * FROM live EXCEPT SELECT * FROM slm.clocks WHERE tbl = 'app_tickets'::regclass) x;

-- TRUNCATE by the application cancels the running clocks
SET ROLE regress_slm_app;
TRUNCATE app_tickets;
RESET ROLE;
SELECT state, count(*) FROM slm.clocks WHERE tbl = 'app_tickets'::regclass GROUP BY 1 ORDER BY 1;

-- the reader reads reports and nothing else (see also reports.sql)
SET ROLE slm_reader;
SELECT pg_temp.try($$SELECT count(*) FROM slm.sla_status$$) AS sla_status;
SELECT pg_temp.try($$SELECT count(*) FROM slm.compliance_monthly$$) AS compliance;
SELECT pg_temp.try($$SELECT count(*) FROM app_tickets$$) AS tickets;
SELECT pg_temp.try($$INSERT INTO app_tickets (prio) VALUES (1)$$) AS write_tickets;
SELECT pg_temp.try($$DELETE FROM slm.clocks$$) AS delete_clocks;
SELECT pg_temp.try($$UPDATE slm.calendars SET description = 'x'$$) AS edit_calendars;
RESET ROLE;

SELECT slm.detach('app_tickets', drop_clocks => true);
DROP TABLE app_tickets;
DROP OWNED BY regress_slm_app;
DROP ROLE regress_slm_app;
DELETE FROM slm.events; DELETE FROM slm.targets; DELETE FROM slm.agreements;
DELETE FROM slm.customers; DELETE FROM slm.services; DELETE FROM slm.calendars;
