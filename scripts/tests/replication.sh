#!/usr/bin/env bash
# scripts/tests/replication.sh - tickets that arrive by logical replication
# are tracked (run by scripts/test.sh, as root)
#
# On a private cluster with wal_level = logical: the ticket system's
# database (desk) publishes its ticket table, untracked; a reporting
# database (reporting) subscribes to it, with slm attached to its copy.
# The same lifecycle (new tickets, a wait on the customer, replies,
# resolutions, a reopening, a priority change, a delete, then a truncate)
# is applied by replication there, and directly in a third database
# (direct).  The clocks of both must be the same, column for column, but
# for when a delete or truncate cancelled them: that is the time of the
# statement, which differs between the two.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
SLM_RUN_DIR=${SLM_REPLICATION_DIR:-/tmp/slm-replication}
SLM_PORT=${SLM_REPLICATION_PORT:-54335}
SLM_EXTRA_CONF="wal_level = logical
max_replication_slots = 4
max_wal_senders = 4"
failed=0
finish() {
	if [ "$failed" = 0 ]; then slm_cluster_stop; else echo "# logs kept in $SLM_RUN_DIR"; fi
}
trap finish EXIT
psql() { "$SLM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
slm_cluster_start

table="CREATE TABLE tickets (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int, status text,
                             status_at timestamptz, replied timestamptz, closed timestamptz)"
tracked="SET client_min_messages = warning;
CREATE EXTENSION slm;
SELECT slm.install_standard_targets();
$table;
SELECT slm.attach('tickets', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
                  status_changed_at => 'status_at', responded_at => 'replied', resolved_at => 'closed',
                  paused_statuses => '{waiting}');"
for db in desk reporting direct; do psql -d postgres -c "CREATE DATABASE $db"; done
psql -d desk -c "$table" -c "CREATE PUBLICATION tickets FOR TABLE tickets" \
	-c "SELECT pg_create_logical_replication_slot('tickets', 'pgoutput')" >/dev/null
psql -d reporting -c "$tracked" >/dev/null
psql -d direct -c "$tracked" >/dev/null
psql -d reporting -c "CREATE SUBSCRIPTION tickets CONNECTION 'host=$SLM_RUN_DIR port=$SLM_PORT dbname=desk user=postgres'
                      PUBLICATION tickets WITH (create_slot = false, slot_name = 'tickets')"

# each step committed on its own, every instant given explicitly
steps=(
	"INSERT INTO tickets VALUES (1, '2026-11-23 09:00+00', 2, 'new', '2026-11-23 09:00+00', NULL, NULL),
	                            (2, '2026-11-23 09:30+00', 3, 'new', '2026-11-23 09:30+00', NULL, NULL),
	                            (3, '2026-11-23 10:00+00', 1, 'new', '2026-11-23 10:00+00', NULL, NULL)"
	"UPDATE tickets SET status = 'waiting', status_at = '2026-11-23 10:00+00' WHERE id = 1"
	"UPDATE tickets SET replied = '2026-11-23 10:15+00' WHERE id = 2"
	"UPDATE tickets SET status = 'open', status_at = '2026-11-24 11:00+00' WHERE id = 1"
	"UPDATE tickets SET prio = 1, status_at = '2026-11-23 11:00+00' WHERE id = 2"
	"UPDATE tickets SET replied = '2026-11-23 10:20+00', closed = '2026-11-23 12:00+00', status = 'closed', status_at = '2026-11-23 12:00+00' WHERE id = 3"
	"UPDATE tickets SET closed = NULL, status = 'reopened', status_at = '2026-11-24 09:00+00' WHERE id = 3"
	"DELETE FROM tickets WHERE id = 2"
	"INSERT INTO tickets VALUES (4, '2026-11-25 09:00+00', 4, 'new', '2026-11-25 09:00+00', NULL, NULL)"
)
for s in "${steps[@]}"; do
	psql -d desk -c "$s"
	psql -d direct -c "$s"
done

clocks="SELECT ticket, kind, metric, cycle, agreement, target, priority, goal, started_at, pauses, paused_since,
               stopped_at, cancelled_at IS NOT NULL AS cancelled, time_used, due_at, state,
               removed_at IS NOT NULL AS removed
        FROM slm.clocks ORDER BY ticket, kind, metric, cycle, removed, started_at"
# caught up: the subscriber has applied everything the publisher wrote
caught_up() {
	local lsn
	lsn=$(psql -d desk -At -c "SELECT pg_current_wal_lsn()")
	for _ in $(seq 1 60); do
		[ "$(psql -d desk -At -c "SELECT confirmed_flush_lsn >= '$lsn' FROM pg_replication_slots WHERE slot_name = 'tickets'")" = t ] && return 0
		sleep 0.5
	done
	return 1
}
compare() { # what
	local r d
	r=$(psql -d reporting -At -c "$clocks")
	d=$(psql -d direct -At -c "$clocks")
	if [ -n "$d" ] && [ "$r" = "$d" ]; then
		echo "ok - replication: $1 ($(printf '%s\n' "$d" | wc -l) clocks, the same as tracked directly)"
	else
		diff <(printf '%s\n' "$d") <(printf '%s\n' "$r") | head -20 || true
		echo "not ok - replication: $1"
		failed=1
	fi
}
caught_up || { echo "not ok - replication: the subscriber did not catch up"; failed=1; }
compare "tickets applied by logical replication get the clocks the same changes give directly"

psql -d desk -c "TRUNCATE tickets"
psql -d direct -c "TRUNCATE tickets"
caught_up || true
compare "a replicated TRUNCATE cancels the running clocks as a direct one does"
exit $failed
