#!/usr/bin/env bash
# scripts/tests/dump_restore.sh - a year of a help desk through pg_dump and
# pg_restore (run by scripts/test.sh, on its cluster)
#
# Loads the demo (calendars, services, customers, SLAs, OLAs and UCs with
# their targets, a tracked ticket table, its clocks, events and outages)
# plus a user table that stores calendars and indexes deadlines, dumps it
# with pg_dump -Fc, restores it into a fresh database with pg_restore, and
# compares every report, the clocks and the user table row for row.  Then
# the restored database must keep tracking: the same new tickets give the
# same clocks in both.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SLM_PG_BIN:-/usr/lib/postgresql/15/bin}
work=${SLM_RUN_DIR:-/tmp/slm-run}/dump
rm -rf "$work"
mkdir -p "$work"
chmod 777 "$work"
psql() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
failed=0

psql -d postgres -c "DROP DATABASE IF EXISTS slm_dump" -c "DROP DATABASE IF EXISTS slm_restored" \
	-c "CREATE DATABASE slm_dump" -c "CREATE DATABASE slm_restored"
psql -d slm_dump -f "$root/demo/demo.sql" >"$work/demo.log" 2>&1
psql -d slm_dump >>"$work/demo.log" <<'SQL'
SET client_min_messages = warning;
CREATE TABLE office_deadlines (
    id int PRIMARY KEY,
    cal slm.calendar NOT NULL,
    opened timestamptz NOT NULL,
    due timestamptz GENERATED ALWAYS AS (slm.business_add(opened, '2 days 4 hours', cal)) STORED
);
INSERT INTO office_deadlines (id, cal, opened)
SELECT g, CASE WHEN g % 2 = 0 THEN 'tz=Europe/London; mon-fri 09:00-17:00; 2026-12-25,2026-12-28 closed'
                            ELSE 'tz=America/New_York; mon-thu 22:00-06:00' END::slm.calendar,
       timestamptz '2026-03-01' + g * interval '7 hours'
FROM generate_series(1, 2000) g;
CREATE INDEX ON office_deadlines (slm.business_add(opened, '8 hours', cal));
CREATE INDEX ON office_deadlines USING hash (cal);
SELECT slm.escalate('2026-12-31');
SQL

# what must come out the same on both sides (no now(): fixed instants only)
cat >"$work/compare.sql" <<'SQL'
\pset footer off
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;
SELECT * FROM slm.compliance_report('-infinity', '2026-12-31', 'month') ORDER BY 1, 3, 4, 5, 6, 8, 9;
SELECT * FROM slm.compliance_report('-infinity', '2026-12-31', 'quarter') ORDER BY 1, 3, 4, 5, 6, 8, 9;
SELECT * FROM slm.availability_report('2026-01-01', '2026-12-31', 'month') ORDER BY 1, 2, 3;
SELECT * FROM slm.quality_report('2026-01-01', '2026-12-31', 'month') ORDER BY 1, 2, 3, 4;
SELECT * FROM slm.underpinning_gaps ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
SELECT * FROM slm.targets_in_force ORDER BY target;
SELECT name, calendar::text, description FROM slm.calendars ORDER BY name;
SELECT * FROM slm.services ORDER BY name;
SELECT name, tier, slm.customer_tier(name) FROM slm.customers ORDER BY name;
SELECT * FROM slm.agreements ORDER BY id;
SELECT * FROM slm.targets ORDER BY id;
SELECT * FROM slm.tracked_tables ORDER BY tbl::text;
SELECT * FROM slm.clocks ORDER BY id;
SELECT c.id, slm.clock_state(c, '2026-07-01 12:00'), slm.clock_elapsed(c, '2026-07-01 12:00'),
       slm.clock_remaining(c, '2026-07-01 12:00') FROM slm.clocks c ORDER BY c.id;
SELECT * FROM slm.events ORDER BY id;
SELECT * FROM slm.outages ORDER BY id;
SELECT * FROM tickets ORDER BY id;
SELECT id, cal::text, opened, due FROM office_deadlines ORDER BY id;
SET enable_seqscan = off;
SELECT count(*) FROM office_deadlines WHERE slm.business_add(opened, '8 hours', cal) < '2026-06-01';
SELECT count(*) FROM office_deadlines WHERE cal = 'tz=America/New_York; mon-thu 22:00-06:00';
SQL

"$bin/pg_dump" -Fc -f "$work/slm.dump" slm_dump 2>"$work/dump.log"
if "$bin/pg_restore" --exit-on-error -d slm_restored "$work/slm.dump" 2>"$work/restore.log"; then
	echo "ok - dump and restore: pg_restore without errors"
else
	cat "$work/restore.log"
	echo "not ok - dump and restore: pg_restore failed"
	failed=1
fi

psql -d slm_dump -f "$work/compare.sql" >"$work/before.out"
psql -d slm_restored -f "$work/compare.sql" >"$work/after.out"
rows=$(wc -l <"$work/before.out")
if [ "$rows" -gt 5000 ] && diff -q "$work/before.out" "$work/after.out" >/dev/null; then
	echo "ok - dump and restore: reports, clocks, model and user tables identical ($rows lines)"
else
	diff "$work/before.out" "$work/after.out" | head -30
	echo "not ok - dump and restore: the restored database differs ($rows lines compared)"
	failed=1
fi

# tracking goes on after the restore, the same on both sides
cat >"$work/more.sql" <<'SQL'
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
INSERT INTO tickets (id, opened, service, customer, priority, status, team, agent, subject)
VALUES (100001, '2026-12-01 10:00', 'erp', 'Xuhui Clinics', 1, 'new', 'applications', 'li', 'after restore'),
       (100002, '2026-12-01 11:00', 'email', 'Minhang Foods', 3, 'new', 'service desk', 'wang', 'after restore');
UPDATE tickets SET status = 'waiting on customer', status_at = '2026-12-01 12:00' WHERE id = 100002;
UPDATE tickets SET responded = '2026-12-01 10:20', resolved = '2026-12-01 13:00', status = 'resolved' WHERE id = 100001;
INSERT INTO slm.calendars (name, calendar) VALUES ('added', 'tz=UTC; 24x7');
SELECT ticket, kind, metric, cycle, agreement, target, started_at, due_at, stopped_at, state, pauses
FROM slm.clocks WHERE ticket IN ('100001', '100002') ORDER BY ticket, kind, metric, cycle;
SELECT slm.business_add('2026-12-01 10:00', '1 hour', 'added');
SQL
psql -d slm_dump -At -f "$work/more.sql" >"$work/more_before.out"
psql -d slm_restored -At -f "$work/more.sql" >"$work/more_after.out"
if [ -s "$work/more_before.out" ] && [ "$(grep -c '' "$work/more_before.out")" -ge 5 ] &&
	diff -q "$work/more_before.out" "$work/more_after.out" >/dev/null; then
	echo "ok - dump and restore: the restored database tracks new tickets as the original does"
else
	diff "$work/more_before.out" "$work/more_after.out" | head -20
	echo "not ok - dump and restore: tracking differs after the restore"
	failed=1
fi

psql -d postgres -c "DROP DATABASE slm_dump" -c "DROP DATABASE slm_restored"
exit $failed
