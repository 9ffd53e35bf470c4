-- demo/demo.sql: a year of a help desk, tracked by slm, and its reports
--
-- A Shanghai IT service desk with four services, customers in all three
-- tiers, an SLA per service backed by OLAs with two internal teams and UCs
-- with two suppliers, and about a thousand tickets from 2026-01-05 on:
-- P1 to P4, waits on customers and suppliers, hand-offs, reopenings and
-- priority changes, replayed in time order through the tracking triggers.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
CREATE EXTENSION slm;
SELECT setseed(0.2026);

\echo
\echo '== Calendars: office hours with the 2026 Chinese public holidays and their make-up working days'
INSERT INTO slm.calendars (name, calendar, description) VALUES
  ('shanghai office',
   ('tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; '
   || '2026-01-01..2026-01-03 closed; 2026-01-04 09:00-18:00; '          -- New Year
   || '2026-02-15..2026-02-23 closed; 2026-02-14,2026-02-28 09:00-18:00; ' -- Spring Festival
   || '2026-04-04..2026-04-06 closed; '                                   -- Qingming
   || '2026-05-01..2026-05-05 closed; 2026-05-09 09:00-18:00; '          -- Labour Day
   || '2026-06-19..2026-06-21 closed; '                                   -- Dragon Boat
   || '2026-09-25..2026-09-27 closed; '                                   -- Mid-Autumn
   || '2026-10-01..2026-10-07 closed; 2026-09-20,2026-10-10 09:00-18:00')::slm.calendar, -- National Day
   'Shanghai office hours, lunch 12-13, 2026 public holidays'),
  ('round the clock', 'tz=Asia/Shanghai; 24x7', 'for P1 incidents and the website'),
  ('supplier hours', 'tz=Asia/Shanghai; mon-fri 08:00-20:00; sat 09:00-13:00', 'what the suppliers staff');
SELECT name, left(calendar::text, 110) || CASE WHEN length(calendar::text) > 110 THEN ' ...' ELSE '' END AS calendar
FROM slm.calendars ORDER BY name;

\echo
\echo '== Services, customers and their tiers (一般 standard, 重点 key, 特殊 special)'
INSERT INTO slm.services (name, description, owner, calendar) VALUES
  ('email', 'corporate mail', 'IT operations', 'shanghai office'),
  ('erp', 'ERP and finance', 'business applications', 'shanghai office'),
  ('network', 'office network and VPN', 'network team', 'shanghai office'),
  ('website', 'public website', 'web team', 'round the clock');
INSERT INTO slm.customers (name, tier, importance, urgency, complexity) VALUES
  ('Huadong Trading', 'key', NULL, NULL, NULL),
  ('Pudong Logistics', NULL, 5, 4, 4),
  ('Minhang Foods', NULL, 2, 3, 2),
  ('Jing''an Design', NULL, 3, 3, 3),
  ('Xuhui Clinics', 'special', NULL, NULL, NULL),
  ('Songjiang Parts', NULL, 1, 2, 2);
SELECT name, tier AS set_tier, importance, urgency, complexity, slm.customer_tier(name) AS tier
FROM slm.customers ORDER BY name;

\echo
\echo '== Agreements: an SLA per service, backed by OLAs (teams) and UCs (suppliers)'
INSERT INTO slm.agreements (name, kind, service, valid, review_on, description)
SELECT s.name || ' SLA', 'SLA', s.name, '[2026-01-01,2027-01-01)',
       CASE s.name WHEN 'erp' THEN date '2026-10-31' ELSE date '2027-03-31' END,
       'service level agreement for ' || s.description
FROM slm.services s;
INSERT INTO slm.agreements (name, kind, service, counterparty, valid, review_on, description)
VALUES ('email SLA for Xuhui Clinics', 'SLA', 'email', 'Xuhui Clinics', '[2026-01-01,2027-01-01)', '2027-01-31',
        'hospitals cannot wait for mail');
SELECT sum(slm.install_standard_targets(name)) AS standard_targets FROM slm.agreements WHERE kind = 'SLA';
UPDATE slm.targets t SET goal = goal / 2
FROM slm.agreements a WHERE a.id = t.agreement AND a.name = 'email SLA for Xuhui Clinics';
-- key and special customers get faster resolution for P2 and P3
INSERT INTO slm.targets (agreement, metric, priority, tier, goal, compliance_goal)
SELECT a.id, 'resolution', p, tier, CASE p WHEN 2 THEN interval '8 hours' ELSE interval '3 days' END, 0.95
FROM slm.agreements a, generate_series(2, 3) p, (VALUES ('key'), ('special')) v(tier)
WHERE a.kind = 'SLA' AND a.counterparty IS NULL;
-- availability targets
INSERT INTO slm.targets (agreement, metric, compliance_goal)
SELECT a.id, 'availability', CASE a.service WHEN 'website' THEN 0.999 ELSE 0.995 END
FROM slm.agreements a WHERE a.kind = 'SLA' AND a.counterparty IS NULL;
-- OLAs with the service desk (L1) and the network team (L2), UCs with two suppliers
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins, valid, description)
SELECT s.name || ' OLA ' || team, 'OLA', s.name, team, a.id, '[2026-01-01,2027-01-01)', team || ' holds tickets'
FROM slm.services s JOIN slm.agreements a ON a.service = s.name AND a.kind = 'SLA' AND a.counterparty IS NULL,
     (VALUES ('L1 service desk'), ('L2 network')) v(team);
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins, valid, description)
SELECT s.name || ' UC ' || supplier, 'UC', s.name, supplier, a.id, '[2026-01-01,2027-01-01)', supplier || ' contract'
FROM slm.services s JOIN slm.agreements a ON a.service = s.name AND a.kind = 'SLA' AND a.counterparty IS NULL,
     (VALUES ('China Telecom'), ('Aliyun')) v(supplier);
INSERT INTO slm.targets (agreement, metric, priority, goal, calendar)
SELECT a.id, 'resolution', p,
       CASE WHEN a.kind = 'OLA' THEN (ARRAY[interval '1 hour', '6 hours', '2 days', '4 days'])[p]
            ELSE (ARRAY[interval '90 minutes', '10 hours', '3 days', '5 days'])[p] END,
       CASE WHEN a.kind = 'UC' THEN 'supplier hours' WHEN p = 1 THEN 'round the clock' END
FROM slm.agreements a, generate_series(1, 4) p
WHERE a.kind IN ('OLA', 'UC');
-- the network team promised less than the SLA needs for P2
UPDATE slm.targets t SET goal = '14 hours'
FROM slm.agreements a WHERE a.id = t.agreement AND a.name = 'network OLA L2 network' AND t.priority = 2;
SELECT kind, count(*) AS agreements,
       (SELECT count(*) FROM slm.targets t JOIN slm.agreements b ON b.id = t.agreement WHERE b.kind = a.kind) AS targets
FROM slm.agreements a GROUP BY kind ORDER BY kind;

\echo
\echo '== The help desk''s own ticket table, attached'
CREATE TABLE tickets (
    id          serial PRIMARY KEY,
    opened      timestamptz NOT NULL,
    service     text NOT NULL,
    customer    text NOT NULL,
    priority    int NOT NULL,
    status      text NOT NULL DEFAULT 'new',
    status_at   timestamptz,
    responded   timestamptz,
    resolved    timestamptz,
    team        text,
    supplier    text,
    agent       text,
    csat        int,
    subject     text
);
SELECT slm.attach('tickets', key => 'id', opened_at => 'opened', priority => 'priority',
                  customer => 'customer', service => 'service', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'responded', resolved_at => 'resolved',
                  assignment_group => 'team', supplier => 'supplier', assignee => 'agent',
                  satisfaction => 'csat', paused_statuses => '{waiting on customer}',
                  supplier_statuses => '{waiting on supplier}');

-- A year of tickets and what happened to them, replayed in time order.
CREATE TEMP TABLE plan AS
SELECT g AS id,
       slm.next_business_time(timestamptz '2026-01-05 09:00' + (g * 7.6 + random() * 5) * interval '1 hour',
                              'shanghai office') + random() * interval '3 hours' AS opened,
       (ARRAY['email', 'email', 'erp', 'network', 'website'])[1 + floor(random() * 5)::int] AS service,
       (SELECT name FROM slm.customers ORDER BY random() + g * 0 LIMIT 1) AS customer,
       (ARRAY[1, 2, 2, 3, 3, 3, 4, 4])[1 + floor(random() * 8)::int] AS priority,
       (ARRAY['li', 'wang', 'zhang', 'liu', 'chen'])[1 + floor(random() * 5)::int] AS agent,
       random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
FROM generate_series(1, 1000) g;

-- when things happen: most tickets answered and solved within their
-- targets, some not; times laid on the target's own calendar
ALTER TABLE plan ADD COLUMN respond_goal interval, ADD COLUMN resolve_goal interval, ADD COLUMN cal text;
UPDATE plan p SET respond_goal = (slm.target_for(p.service, p.customer, p.priority, 'response', p.opened)).goal,
                  resolve_goal = (slm.target_for(p.service, p.customer, p.priority, 'resolution', p.opened)).goal,
                  cal = (slm.target_for(p.service, p.customer, p.priority, 'resolution', p.opened)).calendar;
CREATE TEMP TABLE happenings (id int, at timestamptz, what text);
INSERT INTO happenings
SELECT id, opened, 'open' FROM plan
UNION ALL SELECT id, slm.business_add(opened, respond_goal * (0.1 + r1 * 0.95), cal), 'respond' FROM plan
UNION ALL SELECT id, opened + interval '1 hour' + r2 * interval '4 hours', 'wait customer' FROM plan WHERE r2 < 0.3
UNION ALL SELECT id, opened + interval '1 hour' + r2 * interval '4 hours' + r3 * interval '20 hours', 'customer back' FROM plan WHERE r2 < 0.3
UNION ALL SELECT id, opened + interval '30 minutes' + r4 * interval '3 hours', 'to L2' FROM plan WHERE r4 < 0.35
UNION ALL SELECT id, opened + interval '1 hour' + r5 * interval '3 hours', 'wait supplier' FROM plan WHERE r5 < 0.15
UNION ALL SELECT id, opened + interval '1 hour' + r5 * interval '3 hours' + r3 * interval '4 hours', 'supplier back' FROM plan WHERE r5 < 0.15
UNION ALL SELECT id, opened + interval '20 minutes', 'escalate priority' FROM plan WHERE r1 > 0.95 AND priority > 1
UNION ALL SELECT id, slm.business_add(opened, resolve_goal * (0.15 + r3 * 0.95), cal), 'resolve' FROM plan
UNION ALL SELECT id, slm.business_add(opened, resolve_goal * (0.15 + r3 * 0.95), cal) + interval '2 days', 'reopen'
FROM plan WHERE r4 > 0.93
UNION ALL SELECT id, slm.business_add(opened, resolve_goal * (0.15 + r3 * 0.95), cal) + interval '2 days'
                    + resolve_goal * r5, 'resolve again' FROM plan WHERE r4 > 0.93;
-- the desk's present: today is 2026-11-25 10:00 in Shanghai
DELETE FROM happenings WHERE at > timestamptz '2026-11-25 10:00';

-- each change its own transaction, as at a real help desk (which also
-- lets statistics follow the growing tables)
CREATE PROCEDURE pg_temp.replay() LANGUAGE plpgsql AS $$
DECLARE
    h record;
    n int := 0;
BEGIN
    FOR h IN SELECT * FROM happenings ORDER BY at, id LOOP
        CASE h.what
            WHEN 'open' THEN
                INSERT INTO tickets (id, opened, service, customer, priority, status, status_at, team, agent, subject)
                SELECT p.id, p.opened, p.service, p.customer, p.priority, 'new', p.opened, 'L1 service desk', p.agent,
                       'ticket ' || p.id FROM plan p WHERE p.id = h.id;
            WHEN 'respond' THEN
                UPDATE tickets SET responded = h.at, status = 'in progress', status_at = h.at
                WHERE id = h.id AND responded IS NULL;
            WHEN 'wait customer' THEN
                UPDATE tickets SET status = 'waiting on customer', status_at = h.at WHERE id = h.id AND resolved IS NULL;
            WHEN 'customer back' THEN
                UPDATE tickets SET status = 'in progress', status_at = h.at
                WHERE id = h.id AND status = 'waiting on customer';
            WHEN 'to L2' THEN
                UPDATE tickets SET team = 'L2 network', status_at = h.at WHERE id = h.id AND resolved IS NULL;
            WHEN 'wait supplier' THEN
                UPDATE tickets SET status = 'waiting on supplier', status_at = h.at,
                                   supplier = CASE WHEN service = 'network' THEN 'China Telecom' ELSE 'Aliyun' END
                WHERE id = h.id AND resolved IS NULL AND status <> 'waiting on customer';
            WHEN 'supplier back' THEN
                UPDATE tickets SET status = 'in progress', status_at = h.at
                WHERE id = h.id AND status = 'waiting on supplier';
            WHEN 'escalate priority' THEN
                UPDATE tickets SET priority = priority - 1, status_at = h.at WHERE id = h.id AND resolved IS NULL;
            WHEN 'resolve', 'resolve again' THEN
                UPDATE tickets SET resolved = h.at, status = 'resolved', status_at = h.at,
                                   csat = 1 + (random() * 4)::int
                WHERE id = h.id AND resolved IS NULL;
            WHEN 'reopen' THEN
                UPDATE tickets SET resolved = NULL, status = 'reopened', status_at = h.at
                WHERE id = h.id AND resolved IS NOT NULL;
        END CASE;
        n := n + 1;
        COMMIT;
        IF n % 500 = 0 THEN
            ANALYZE tickets, slm.clocks;
        END IF;
    END LOOP;
END $$;
CALL pg_temp.replay();
SELECT count(*) AS tickets,
       (SELECT count(*) FROM happenings) AS changes_replayed,
       (SELECT count(*) FROM slm.clocks) AS clocks,
       (SELECT count(*) FROM slm.clocks WHERE cycle > 1 AND kind = 'SLA') AS reopened_cycles,
       (SELECT count(*) FROM slm.clocks WHERE pauses <> '{}') AS paused_clocks
FROM tickets;

-- and outages
INSERT INTO slm.outages (service, started_at, ended_at, description) VALUES
  ('email', '2026-01-14 10:20', '2026-01-14 11:05', 'mail relay queue stuck'),
  ('email', '2026-03-03 15:00', '2026-03-03 17:30', 'certificate expired'),
  ('erp', '2026-03-17 09:10', '2026-03-17 13:40', 'database failover'),
  ('erp', '2026-03-17 11:00', '2026-03-17 12:00', 'overlaps the failover: counted once'),
  ('network', '2026-05-08 08:00', '2026-05-08 19:00', 'fibre cut (China Telecom)'),
  ('website', '2026-06-01 02:00', '2026-06-01 03:10', 'CDN misconfiguration'),
  ('website', '2026-08-12 21:00', '2026-08-12 21:20', 'deploy rollback'),
  ('network', '2026-09-30 16:00', '2026-10-08 10:00', 'VPN down over the National Day holiday'),
  ('email', '2026-11-03 13:30', '2026-11-03 14:15', 'spam filter outage');

\echo
\echo '== Monthly compliance, SLAs (slm.compliance_monthly)'
SELECT to_char(period_start, 'YYYY-MM') AS month, metric,
       sum(clocks_due) AS due, sum(met) AS met, sum(missed) AS missed, sum(breached) AS breached,
       round(100.0 * sum(met) / nullif(sum(evaluated), 0), 1) AS "compliance %",
       round(avg(median_hours), 1) AS "median h"
FROM slm.compliance_monthly
WHERE kind = 'SLA' AND period_start < date '2026-12-01'
GROUP BY 1, 2 ORDER BY 1, 2;

\echo
\echo '== Compliance per service and priority in 2026, against the goals (SLA resolution)'
SELECT service, priority,
       sum(clocks_due) AS due, sum(met) AS met, sum(missed) + sum(breached) AS not_met,
       round(100.0 * sum(met) / nullif(sum(met) + sum(missed) + sum(breached), 0), 1) AS "compliance %",
       100 * max(compliance_goal) AS "goal %",
       round(100.0 * sum(met) / nullif(sum(met) + sum(missed) + sum(breached), 0), 1) >= 100 * max(compliance_goal) AS met_goal
FROM slm.compliance_report('2026-01-01', '2026-12-31', 'year')
WHERE kind = 'SLA' AND metric = 'resolution'
GROUP BY service, priority ORDER BY service, priority;

\echo
\echo '== OLAs and UCs beside the SLAs they underpin, 2026 (resolution)'
SELECT kind, counterparty, sum(clocks_due) AS due,
       round(100.0 * sum(met) / nullif(sum(met) + sum(missed) + sum(breached), 0), 1) AS "compliance %",
       round(avg(mean_hours), 1) AS "mean h"
FROM slm.compliance_report('2026-01-01', '2026-12-31', 'year')
WHERE metric = 'resolution' AND (kind <> 'SLA' OR counterparty IS NULL)
GROUP BY kind, counterparty ORDER BY kind DESC, counterparty NULLS FIRST;
SELECT agreement, priority, goal, sla_goal, worst_excess FROM slm.underpinning_gaps ORDER BY agreement, priority;

\echo
\echo '== Monthly availability within service hours (slm.availability_monthly)'
SELECT to_char(period_start, 'YYYY-MM') AS month, service, service_hours, downtime_hours,
       round(100 * availability, 3) AS "availability %", round(100 * availability_goal, 1) AS "goal %",
       goal_met, outages, mean_time_to_restore_hours AS "mttr h"
FROM slm.availability_monthly
WHERE outages > 0 OR downtime_hours > 0
ORDER BY period_start, service;

\echo
\echo '== Breached or at risk right now (slm.breaches, first 10)'
SELECT ticket, service, priority, kind, metric, due_at, remaining, state FROM slm.breaches LIMIT 10;

\echo
\echo '== Agreements to review (slm.agreement_review)'
SELECT agreement, kind, review_on, periods_missed, reason FROM slm.agreement_review ORDER BY agreement LIMIT 10;

\echo
\echo '== Service quality per assignee, 2026 (slm.quality_report)'
SELECT assignee, tickets, round(100 * response_compliance, 1) AS "response %",
       round(100 * resolution_rate, 1) AS "resolved %", round(100 * reopen_rate, 1) AS "reopened %",
       mean_resolution_hours AS "mean h to resolve", mean_satisfaction AS csat
FROM slm.quality_report('2026-01-01', '2026-12-31', 'year')
ORDER BY assignee;
