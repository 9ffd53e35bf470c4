-- test/scale/model.sql - the SLA model of scripts/tests/scale_fdw.sh,
-- defined once on the coordinator (and on the single server it is compared
-- with): New York office hours across the change to daylight saving time
-- and a holiday, an SLA per priority with a customer's own, a team's OLA, a
-- supplier's UC, the time to own, and a category's target.
INSERT INTO slm.calendars (name, calendar) VALUES
  ('ny office', 'tz=America/New_York; mon-fri 09:00-17:00; 2026-03-16 closed'),
  ('ny 24x7', 'tz=America/New_York; 24x7');
INSERT INTO slm.services (name, calendar) VALUES ('desk', 'ny office');
INSERT INTO slm.customers (name, tier, importance, urgency, complexity) VALUES
  ('acme', 'key', NULL, NULL, NULL), ('globex', NULL, 5, 4, 4), ('initech', NULL, 1, 1, 1);
INSERT INTO slm.agreements (name, kind, service) VALUES ('desk sla', 'SLA', 'desk');
INSERT INTO slm.agreements (name, kind, service, counterparty, underpins)
SELECT v.name, v.kind, 'desk', v.counterparty, CASE WHEN v.kind <> 'SLA' THEN a.id END
FROM (VALUES ('desk acme', 'SLA', 'acme'), ('desk network', 'OLA', 'network'), ('desk telco', 'UC', 'telco'))
     v(name, kind, counterparty)
CROSS JOIN slm.agreements a WHERE a.name = 'desk sla';
INSERT INTO slm.targets (agreement, metric, priority, goal, calendar)
SELECT a.id, m.metric, p.priority, p.goal * m.factor, CASE WHEN p.priority = 1 THEN 'ny 24x7' END
FROM slm.agreements a
CROSS JOIN (VALUES ('response', 1), ('resolution', 3)) m(metric, factor)
CROSS JOIN (VALUES (1, interval '30 minutes'), (2, interval '4 hours'), (3, interval '1 day'), (4, interval '2 days')) p(priority, goal)
WHERE a.name = 'desk sla';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, m.metric, interval '3 hours'
FROM slm.agreements a CROSS JOIN (VALUES ('response'), ('resolution')) m(metric) WHERE a.name = 'desk acme';
INSERT INTO slm.targets (agreement, metric, goal, warn_at)
SELECT a.id, 'resolution', interval '5 hours', 0.5 FROM slm.agreements a WHERE a.name IN ('desk network', 'desk telco');
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'own', interval '2 hours' FROM slm.agreements a WHERE a.name = 'desk sla';
INSERT INTO slm.targets (agreement, metric, category, goal)
SELECT a.id, 'resolution', 'outage', interval '2 hours' FROM slm.agreements a WHERE a.name = 'desk sla';
