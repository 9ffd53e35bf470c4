-- pgTAP: the SLA model
BEGIN;
SELECT plan(50);
SET LOCAL TimeZone = 'Europe/London';

SELECT has_table('slm', t, 'table slm.' || t) FROM unnest(ARRAY['services', 'customers', 'agreements', 'targets',
                                                                  'priority_matrix', 'tier_thresholds']) t;
SELECT has_view('slm', 'underpinning_gaps', 'view slm.underpinning_gaps');
SELECT has_column('slm', 'agreements', c, 'agreements.' || c)
FROM unnest(ARRAY['kind', 'service', 'counterparty', 'underpins', 'valid', 'review_on', 'status']) c;
SELECT col_type_is('slm', 'agreements', 'valid', 'daterange', 'validity is a daterange');
SELECT has_column('slm', 'targets', c, 'targets.' || c)
FROM unnest(ARRAY['metric', 'priority', 'tier', 'goal', 'calendar', 'warn_at', 'compliance_goal']) c;
SELECT col_default_is('slm', 'targets', 'warn_at', '0.75', 'warning threshold defaults to 0.75');
SELECT function_returns('slm', 'priority', ARRAY['integer', 'integer'], 'integer');
SELECT function_returns('slm', 'classify_tier', ARRAY['integer', 'integer', 'integer'], 'text');
SELECT function_returns('slm', 'due_at', ARRAY['text', 'text', 'integer', 'text', 'timestamp with time zone'],
                        'timestamp with time zone');
SELECT is((SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') FROM pg_proc
           WHERE oid = 'slm.priority(integer, integer)'::regprocedure), true, 'slm.priority is written in C');
SELECT is((SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') FROM pg_proc
           WHERE oid = 'slm.classify_tier(integer, integer, integer)'::regprocedure), true, 'slm.classify_tier is written in C');

-- priorities and tiers
SELECT is(slm.priority(1, 1), 1, 'impact 1 urgency 1 is priority 1 (built-in matrix)');
SELECT is(slm.priority(3, 3), 4, 'impact 3 urgency 3 is priority 4');
SELECT throws_ok('SELECT slm.priority(7, 7)', '22023', 'no priority for impact 7 and urgency 7', 'unknown combination');
SELECT is(slm.classify_tier(1, 1, 1), 'standard', 'low scores: standard');
SELECT is(slm.classify_tier(3, 3, 3), 'key', 'score 9: key');
SELECT is(slm.classify_tier(5, 5, 5), 'special', 'score 15: special');

-- a small model
SELECT lives_ok($$
    INSERT INTO slm.calendars VALUES ('uk office', 'tz=Europe/London; mon-fri 09:00-17:00; 2026-12-25..2026-12-26 closed');
    INSERT INTO slm.services (name, calendar) VALUES ('payroll', 'uk office');
    INSERT INTO slm.customers (name, tier) VALUES ('hq', 'key'), ('branch', NULL);
    INSERT INTO slm.agreements (id, name, kind, service) VALUES (101, 'payroll sla', 'SLA', 'payroll');
    INSERT INTO slm.agreements (id, name, kind, service, counterparty, underpins) VALUES (102, 'payroll ola', 'OLA', 'payroll', 'hr systems', 101);
    INSERT INTO slm.targets (agreement, metric, priority, tier, goal) VALUES
        (101, 'resolution', 2, NULL, '8 hours'), (101, 'resolution', 2, 'key', '4 hours'),
        (102, 'resolution', 2, NULL, '6 hours'), (102, 'resolution', 2, 'key', '6 hours')
$$, 'a service, customers, an SLA and an OLA with targets');
SELECT is((slm.target_for('payroll', 'hq', 2, 'resolution', '2026-12-24 10:00+00')).goal, '4 hours'::interval,
          'a key customer gets the key target');
SELECT is((slm.target_for('payroll', 'branch', 2, 'resolution', '2026-12-24 10:00+00')).goal, '8 hours'::interval,
          'others get the generic target');
SELECT is(slm.due_at('payroll', 'branch', 2, 'resolution', '2026-12-24 10:00+00'), '2026-12-28 10:00+00'::timestamptz,
          'due over the Christmas holiday');
SELECT is(slm.due_at('payroll', 'hq', 2, 'resolution', '2026-12-24 10:00+00'),
          slm.business_add('2026-12-24 10:00+00', '4 hours', 'uk office'), 'due_at is business_add on the target''s calendar');
SELECT ok(slm.due_at('payroll', 'branch', 3, 'resolution', now()) IS NULL, 'no target, no deadline');
SELECT results_eq($$SELECT agreement, tier, goal, sla_goal FROM slm.underpinning_gaps$$,
                  $$VALUES ('payroll ola'::text, 'key'::text, '6 hours'::interval, '4 hours'::interval)$$,
                  'the OLA''s key target is looser than the SLA''s');

-- bad input is refused with a message that names the problem
SELECT throws_ok($$INSERT INTO slm.targets (agreement, metric, priority, goal) VALUES (101, 'response', 2, '-1 hour')$$,
                 '23514', 'target goal -01:00:00 is not positive', 'a goal that is not positive');
SELECT throws_ok($$INSERT INTO slm.targets (agreement, metric, priority, goal, warn_at) VALUES (101, 'response', 2, '1 hour', 1.2)$$,
                 '23514', NULL, 'a warning threshold outside (0, 1)');
SELECT throws_ok($$INSERT INTO slm.agreements (name, kind, service, counterparty) VALUES ('x', 'UC', 'payroll', 'vendor')$$,
                 '23514', 'UC "x" does not say which SLA it underpins', 'a UC with no SLA to underpin');
SELECT throws_ok($$INSERT INTO slm.agreements (name, kind, service) VALUES ('payroll sla 2', 'SLA', 'payroll')$$,
                 '23P01', NULL, 'two active SLAs for the same service and counterparty');
SELECT throws_ok($$INSERT INTO slm.targets (agreement, metric, priority, goal, calendar) VALUES (101, 'response', 2, '1 hour', 'nope')$$,
                 '23503', NULL, 'a calendar name that does not exist');
SELECT throws_ok($$INSERT INTO slm.targets (agreement, metric, priority, goal) VALUES (101, 'response', 9, '1 hour')$$,
                 '23514', 'priority 9 is not in the priority matrix', 'a priority not in the matrix');

-- the standard catalogue
SELECT is(slm.install_standard_targets(), 8, 'the standard SLA gets eight targets');
SELECT is(slm.install_standard_targets(), 0, 'and nothing twice');
SELECT is((SELECT count(*)::int FROM slm.agreements WHERE name = 'standard' AND kind = 'SLA' AND service = 'default'), 1,
          'one standard SLA on the default service');

SELECT * FROM finish();
ROLLBACK;
