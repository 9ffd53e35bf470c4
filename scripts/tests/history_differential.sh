#!/usr/bin/env bash
# scripts/tests/history_differential.sh - slm.load_history against live
# tracking, on many random histories
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  For each of SLM_HISTORY_SEEDS seeds (default 12) it plays one
# random history (SLM_HISTORY_TICKETS tickets, default 200, and
# SLM_HISTORY_CHANGES changes, default 2000; test/history/history.sql says
# which) live through the trigger, keeping every version of the rows; then
# loads that history into copies of the final rows, once as snapshots and
# once as field changes (a row per changed column), and prints "ok" when
# each copy's clocks agree with the live ones column for column; then loads
# the field changes again without the replies (a reply time the history
# does not carry is set at its instant; fields named by column; a ticket
# replied to at the instant of another change is left out, as the order of
# the two is not in the history).  The comparison
# is pg_temp.compare (test/include/compare.sql).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${SLM_HISTORY_SEEDS:-12}
tickets=${SLM_HISTORY_TICKETS:-200}
changes=${SLM_HISTORY_CHANGES:-2000}
db=slm_history_differential
psql() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

for i in $(seq 1 "$seeds"); do
	seed=$(awk -v i="$i" -v n="$seeds" 'BEGIN { printf "%.6f", i / (n + 1) - 0.5 }')
	psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	if ! lines=$(psql -d "$db" -At -v seed="$seed" -v tickets="$tickets" -v changes="$changes" 2>&1 <<-SQL
		SET client_min_messages = warning;
		CREATE EXTENSION slm;
		\i $root/test/history/history.sql
		\i $root/test/include/compare.sql
		\set clock 'ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time, paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at'
		SELECT count(*) AS clocks, count(*) FILTER (WHERE pauses <> '{}' OR paused_since IS NOT NULL) AS paused,
		       count(*) FILTER (WHERE cycle > 1) AS cycles, count(*) FILTER (WHERE removed_at IS NOT NULL) AS removed,
		       count(*) FILTER (WHERE kind <> 'SLA') AS holds
		FROM slm.clocks WHERE tbl = 'live'::regclass \gset
		SELECT count(*) AS same_instant FROM (SELECT FROM live_versions GROUP BY id, changed HAVING count(*) > 1) s \gset
		SELECT slm.load_history('from_snapshots', 'live_versions', 'seq') > 0 AS loaded \gset
		SELECT pg_temp.compare(
		           format('snapshots loaded and tracked live, seed %s, %s clocks (%s paused, %s later cycles, '
		                  '%s OLA and UC, %s of cancelled tickets; %s instants with several changes of a ticket)',
		                  :'seed', :clocks, :paused, :cycles, :holds, :removed, :same_instant),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'from_snapshots'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'live'),
		           'clock rows');
		SELECT slm.load_history('from_changes', 'live_changes', 'seq',
		                        fields => '{"prio": "priority", "cust": "customer", "status": "status",
		                                    "responded": "responded_at", "resolved": "resolved_at",
		                                    "team": "assignment_group", "vendor": "supplier",
		                                    "cancelled": "cancelled", "wrote": "customer_message_at",
		                                    "answered": "agent_reply_at"}') > 0 AS loaded \gset
		SELECT pg_temp.compare(
		           format('field changes loaded and tracked live, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'from_changes'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'live'),
		           'clock rows');
		SELECT slm.load_history('from_changes', 'SELECT * FROM live_changes WHERE field <> ''responded''', 'seq',
		                        fields => '{"prio": "prio", "cust": "cust", "status": "status",
		                                    "resolved": "resolved", "team": "team", "vendor": "vendor",
		                                    "cancelled": "cancelled", "wrote": "wrote", "answered": "answered"}') > 0 AS loaded \gset
		-- a reply the history does not carry, at the instant of another change
		-- of the ticket, has no order with it: those tickets are left out
		SELECT count(DISTINCT v.id) AS unordered FROM live_versions v
		JOIN live_versions w ON w.id = v.id AND w.changed = v.changed AND w.seq <> v.seq
		WHERE v.responded = v.changed \gset
		\set ordered 'ticket NOT IN (SELECT v.id::text FROM live_versions v JOIN live_versions w ON w.id = v.id AND w.changed = v.changed AND w.seq <> v.seq WHERE v.responded = v.changed)'
		SELECT pg_temp.compare(
		           format('field changes without the replies loaded again (fields named by column; %s tickets '
		                  'with a reply at the instant of another change left out), seed %s', :unordered, :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass AND %s', :'clock', 'from_changes', :'ordered'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass AND %s', :'clock', 'live', :'ordered'),
		           'clock rows');
	SQL
	); then
		echo "not ok - history, seed $seed: the history failed to play or load"
		printf '%s\n' "$lines" | sed 's/^/# /' | tail -20
		continue
	fi
	printf '%s\n' "$lines" | grep -v '^$'
done
psql -d postgres -c "DROP DATABASE IF EXISTS $db"
