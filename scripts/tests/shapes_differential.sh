#!/usr/bin/env bash
# scripts/tests/shapes_differential.sh - tickets as ticket systems keep
# them against the same tickets kept plainly, on many random histories
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  For each of SLM_SHAPES_SEEDS seeds (default 20) it plays one random
# history (SLM_SHAPES_TICKETS tickets, default 300, and SLM_SHAPES_CHANGES
# changes, default 2500: waits, closings, reopenings, articles, priority
# and customer changes, hand-offs through a link table, merges and
# restores; Berlin hours across the end of summer time and a holiday) on
# two tables, one plain and one shaped as ticket systems keep tickets
# (test/shapes/shapes.sql says how), and prints "ok" when their clocks
# agree column for column; then rebuilds both and compares again, and the
# plain table's rebuilt clocks with those tracking kept.  The
# comparison is pg_temp.compare (test/include/compare.sql).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${SLM_SHAPES_SEEDS:-20}
tickets=${SLM_SHAPES_TICKETS:-300}
changes=${SLM_SHAPES_CHANGES:-2500}
db=slm_shapes_differential
psql() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

for i in $(seq 1 "$seeds"); do
	seed=$(awk -v i="$i" -v n="$seeds" 'BEGIN { printf "%.6f", i / (n + 1) }')
	psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	if ! lines=$(psql -d "$db" -At -v seed="$seed" -v tickets="$tickets" -v changes="$changes" 2>&1 <<-SQL
		SET client_min_messages = warning;
		CREATE EXTENSION slm;
		\i $root/test/shapes/shapes.sql
		\i $root/test/include/compare.sql
		\set clock 'ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time, paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at'
		SELECT count(*) AS clocks, count(*) FILTER (WHERE pauses <> '{}' OR paused_since IS NOT NULL) AS paused,
		       count(*) FILTER (WHERE cycle > 1) AS cycles, count(*) FILTER (WHERE removed_at IS NOT NULL) AS removed,
		       count(*) FILTER (WHERE kind = 'OLA') AS holds
		FROM slm.clocks WHERE tbl = 'plain'::regclass \gset
		SELECT pg_temp.compare(
		           format('shaped and plain tickets, seed %s, %s clocks (%s paused, %s later cycles, %s team holds, '
		                  '%s of cancelled tickets)', :'seed', :clocks, :paused, :cycles, :holds, :removed),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'shaped'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain'),
		           'clock rows');
		-- the plain history loaded into a copy of the final rows (attached,
		-- so rebuilt from them first) gives the live clocks again, twice
		CREATE TABLE plain_copy (LIKE plain INCLUDING ALL);
		INSERT INTO plain_copy SELECT * FROM plain;
		SELECT slm.attach('plain_copy', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
		                  status => 'status', changed_at => 'changed', responded_at => 'responded',
		                  resolved_at => 'resolved', assignment_group => 'team', default_service => 'shapes',
		                  paused_statuses => '{pending}', cancel_when => '{"cancelled": [true]}') IS NULL AS attached \gset
		SELECT slm.load_history('plain_copy', 'SELECT * FROM plain_history', 'seq') > 0 AS loaded \gset
		SELECT pg_temp.compare(
		           format('history loaded and tracked live, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain_copy'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain'),
		           'clock rows');
		SELECT slm.load_history('plain_copy', 'plain_history', 'seq') > 0 AS loaded \gset
		SELECT pg_temp.compare(
		           format('history loaded again, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain_copy'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain'),
		           'clock rows');
		-- the shaped history as field changes (teams and first responses in
		-- their own tables) loaded into a copy of the final rows
		CREATE TABLE shaped_copy (LIKE shaped INCLUDING ALL);
		INSERT INTO shaped_copy SELECT * FROM shaped;
		SELECT pg_temp.attach_shaped('shaped_copy') IS NULL AS attached \gset
		SELECT slm.load_history('shaped_copy', 'shaped_changes', 'seq',
		                        fields => '{"priority_id": "priority", "org_id": "customer", "state_id": "status",
		                                    "close_at": "resolved_at", "team": "group_links"}') > 0 AS loaded \gset
		SELECT pg_temp.compare(
		           format('shaped history loaded as field changes and tracked live, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'shaped_copy'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'shaped'),
		           'clock rows');
		CREATE TEMP TABLE plain_live AS SELECT * FROM slm.clocks WHERE tbl = 'plain'::regclass;
		SELECT slm.rebuild('plain') + slm.rebuild('shaped') > 0 AS rebuilt \gset
		SELECT pg_temp.compare(
		           format('plain tickets rebuilt as tracked live, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain'),
		           format('SELECT %s FROM plain_live', :'clock'),
		           'clock rows');
		SELECT pg_temp.compare(
		           format('shaped and plain tickets rebuilt, seed %s', :'seed'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'shaped'),
		           format('SELECT %s FROM slm.clocks WHERE tbl = %L::regclass', :'clock', 'plain'),
		           'clock rows');
	SQL
	); then
		echo "not ok - shapes, seed $seed: the history failed to play"
		printf '%s\n' "$lines" | sed 's/^/# /' | tail -20
		continue
	fi
	printf '%s\n' "$lines" | grep -v '^$'
done
psql -d postgres -c "DROP DATABASE IF EXISTS $db"
