#!/usr/bin/env bash
# scripts/tests/upgrade.sh - ALTER EXTENSION slm UPDATE from the first
# release (run by scripts/test.sh, on its cluster)
#
# Installs slm 0.1, fills what 0.1 has (named calendars, a user table of
# calendars with an index and a generated column on business_add), updates
# to the current version through the released upgrade scripts, and checks
# that
#  - the extension's objects equal a fresh install's, which runs the
#    current version's install script built from src/sql/: pg_dump -s in
#    binary-upgrade mode (which lists every member of the extension) of
#    both databases, less the OIDs it pins, must not differ, nor the
#    tables pg_dump keeps the rows of;
#  - the rows and what they compute survive, and the cached named
#    calendars keep working in a session that lives through the update;
#  - the upgraded database then tracks tickets like a fresh one.
set -euo pipefail
bin=${SLM_PG_BIN:-/usr/lib/postgresql/15/bin}
work=${SLM_RUN_DIR:-/tmp/slm-run}/upgrade
rm -rf "$work"
mkdir -p "$work"
psql() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
failed=0
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$(dirname "$0")/../../slm.control")

psql -d postgres -c "DROP DATABASE IF EXISTS slm_upgraded" -c "DROP DATABASE IF EXISTS slm_fresh" \
	-c "CREATE DATABASE slm_upgraded" -c "CREATE DATABASE slm_fresh"
psql -d slm_fresh -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm"

psql -d slm_upgraded <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION slm VERSION '0.1';
INSERT INTO slm.calendars (name, calendar, description) VALUES
    ('office', 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-10-11 09:00-18:00', 'office hours'),
    ('24x7', 'tz=UTC; 24x7', NULL);
CREATE SCHEMA app;
CREATE TABLE app.deadlines (
    id int PRIMARY KEY,
    cal slm.calendar NOT NULL,
    opened timestamptz NOT NULL,
    due timestamptz GENERATED ALWAYS AS (slm.business_add(opened, '1 day 2 hours', cal)) STORED
);
INSERT INTO app.deadlines (id, cal, opened)
SELECT g, (SELECT calendar FROM slm.calendars ORDER BY name LIMIT 1 OFFSET g % 2),
       timestamptz '2026-09-20' + g * interval '5 hours'
FROM generate_series(1, 500) g;
CREATE INDEX ON app.deadlines (slm.business_add(opened, '4 hours', cal));
SQL

cat >"$work/rows.sql" <<'SQL'
SET TimeZone = 'Asia/Shanghai';
SELECT name, calendar::text, description FROM slm.calendars ORDER BY name;
SELECT id, cal::text, opened, due, slm.business_elapsed(opened, due, cal) FROM app.deadlines ORDER BY id;
SELECT slm.business_add('2026-09-30 11:00', '5 days', 'office'), slm.business_days('2026-09-01', '2026-11-01', 'office');
SET enable_seqscan = off;
SELECT count(*) FROM app.deadlines WHERE slm.business_add(opened, '4 hours', cal) < '2026-10-20';
SQL
psql -d slm_upgraded -f "$work/rows.sql" >"$work/rows_before.out"

# one session lives through the update, with its named-calendar cache warm
psql -d slm_upgraded >"$work/session.out" <<SQL
SELECT slm.business_add('2026-09-30 11:00+08', '4 hours', 'office');
ALTER EXTENSION slm UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'slm';
UPDATE slm.calendars SET calendar = calendar || '2026-09-30 closed' WHERE name = 'office';
SELECT slm.business_add('2026-09-30 11:00+08', '4 hours', 'office');
SQL
if grep -q " $current\$" "$work/session.out" && [ "$(grep -c '+08\|+00' "$work/session.out")" = 2 ] &&
	[ "$(sed -n 3p "$work/session.out")" != "$(grep '2026' "$work/session.out" | tail -1)" ]; then
	echo "ok - upgrade: 0.1 updated to $current, and a session through the update sees calendar changes"
else
	cat "$work/session.out"
	echo "not ok - upgrade: ALTER EXTENSION slm UPDATE to $current"
	failed=1
fi
# the session's calendar change is undone for the comparisons below
psql -d slm_upgraded -c "UPDATE slm.calendars SET calendar = 'tz=Asia/Shanghai; mon-fri 09:00-12:00,13:00-18:00; 2026-10-01..2026-10-08 closed; 2026-10-11 09:00-18:00' WHERE name = 'office'"

psql -d slm_upgraded -f "$work/rows.sql" >"$work/rows_after.out"
if [ "$(wc -l <"$work/rows_before.out")" -gt 500 ] && diff -q "$work/rows_before.out" "$work/rows_after.out" >/dev/null; then
	echo "ok - upgrade: calendars, the user's table, its generated column and index survive unchanged"
else
	diff "$work/rows_before.out" "$work/rows_after.out" | head -20
	echo "not ok - upgrade: rows changed across the update"
	failed=1
fi

# the schema equals a fresh install's
# (an ACL entry with no statement in it, left by a grant revoked in an
# update, is not a difference: empty "--" lines are dropped)
schema() {
	"$bin/pg_dump" -s --binary-upgrade --exclude-schema=app "$1" 2>/dev/null |
		grep -v -E '^SELECT pg_catalog\.binary_upgrade_|^-- (Name|Dumped)|^$|^--$|pg_catalog.set_config|^CREATE DATABASE|^ALTER DATABASE|^\\(connect|restrict|unrestrict)' |
		grep -v -E "^WHERE oid = '[0-9]+';" |
		grep -v -E "^(UPDATE|DELETE FROM) pg_catalog|datfrozenxid|relfrozenxid|^-- For binary upgrade" |
		sed -e '/^-- TOC entry/d'
}
# (the user's own schema app is not part of the comparison)
schema slm_fresh >"$work/schema_fresh.sql"
schema slm_upgraded >"$work/schema_upgraded.sql"
# the tables whose rows pg_dump keeps (pg_extension_config_dump), in order
for db in slm_fresh slm_upgraded; do
	psql -d $db -At -c "SELECT extconfig::regclass[]::text, extcondition FROM pg_catalog.pg_extension WHERE extname = 'slm'" >>"$work/schema_${db#slm_}.sql"
done
members=$(grep -c 'ALTER EXTENSION slm ADD' "$work/schema_fresh.sql" || true)
if [ "$members" -gt 100 ] && diff -u "$work/schema_fresh.sql" "$work/schema_upgraded.sql" >"$work/schema.diff"; then
	echo "ok - upgrade: the updated extension's $members objects equal a fresh install's (pg_dump -s --binary-upgrade)"
else
	head -40 "$work/schema.diff"
	echo "not ok - upgrade: the updated schema differs from a fresh install ($members members)"
	failed=1
fi

# and it tracks tickets as a fresh install does
cat >"$work/track.sql" <<'SQL'
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SELECT slm.install_standard_targets();
CREATE TABLE tk (id int PRIMARY KEY, opened timestamptz, prio int, status text, answered timestamptz, closed timestamptz);
SELECT slm.attach('tk', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  responded_at => 'answered', resolved_at => 'closed', paused_statuses => '{waiting}');
INSERT INTO tk VALUES (1, '2026-11-23 10:00', 2, 'new', NULL, NULL), (2, '2026-11-23 11:00', 4, 'new', NULL, NULL);
UPDATE tk SET status = 'waiting' WHERE id = 2;
UPDATE tk SET answered = '2026-11-23 10:30', closed = '2026-11-24 10:00', status = 'closed' WHERE id = 1;
SELECT ticket, kind, metric, cycle, goal, calendar, due_at, stopped_at, state FROM slm.clocks ORDER BY 1, 2, 3, 4;
SELECT count(*) FROM slm.compliance_monthly;
SQL
psql -d slm_upgraded -At -f "$work/track.sql" >"$work/track_upgraded.out"
psql -d slm_fresh -At -f "$work/track.sql" >"$work/track_fresh.out"
if [ "$(grep -c '' "$work/track_fresh.out")" -ge 4 ] && diff -q "$work/track_fresh.out" "$work/track_upgraded.out" >/dev/null; then
	echo "ok - upgrade: the updated database tracks tickets as a fresh install does"
else
	diff "$work/track_fresh.out" "$work/track_upgraded.out" | head -20
	echo "not ok - upgrade: tracking differs after the update"
	failed=1
fi

psql -d postgres -c "DROP DATABASE slm_upgraded" -c "DROP DATABASE slm_fresh"
exit $failed
