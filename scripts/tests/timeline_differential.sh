#!/usr/bin/env bash
# scripts/tests/timeline_differential.sh - the clocks of random ticket
# lifecycles against the same clocks read off each ticket's whole timeline
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  For each of SLM_TIMELINE_SEEDS seeds (default 20) it plays the
# random lifecycles of SLM_TIMELINE_TICKETS tickets (default 300: waits,
# replies, resolutions, reopenings, priority changes, to none and back,
# customers of another tier, other services, hand-offs, assignments, waits
# on suppliers (two with UCs, one without), categories with targets of
# their own, an SLA named by the ticket, customer messages, corrected
# opening times, deletes and keys used again, over nights, weekends, a
# holiday and the change to daylight saving time) through the trigger, and
# compares, column for column, the SLA's, a team's and the suppliers'
# clocks with those that test/clocks/timeline_model.sql works out
# from every state each ticket passed through, without the clock rules: as
# tracked live, as slm.load_history makes them from the same states, and as
# slm.rebuild finds them; and the monthly compliance report with counts made
# from the clocks worked out.  Then it changes a goal and adds a holiday,
# and compares the running clocks resynced, and every clock rebuilt, with
# those worked out on the new model; and it plays the same lifecycles on a
# table of local times (timestamp without time zone in New York), on one
# synced in batches of tickets by INSERT ... ON CONFLICT DO UPDATE and by
# MERGE (as a tool copying another system's tickets writes), and on a
# table that tells the resolution by its status alone, live, by
# slm.load_history and rebuilt, and live on one whose close time, set at
# the first resolution, is never cleared.  Unlike the clock differential, whose
# reference follows the rules change by change, this catches a rule that the
# C rules and the reference get wrong alike.  The comparison and its
# "ok"/"not ok" lines are pg_temp.compare (test/include/compare.sql).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${SLM_TIMELINE_SEEDS:-20}
tickets=${SLM_TIMELINE_TICKETS:-300}
db=slm_timeline_differential
psql() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

for i in $(seq 1 "$seeds"); do
	seed=$(awk -v i="$i" -v n="$seeds" 'BEGIN { printf "%.6f", i / (n + 1) - 0.25 }')
	psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	if ! lines=$(psql -d "$db" -At -v seed="$seed" -v tickets="$tickets" 2>&1 <<-SQL
		SET client_min_messages = warning;
		SET TimeZone = 'Asia/Kolkata';
		CREATE EXTENSION slm;
		\i $root/test/include/compare.sql
		\i $root/test/clocks/timeline.sql
	SQL
	); then
		echo "not ok - clock timelines, seed $seed: the lifecycles failed to play"
		echo "$lines" | tail -5 | sed 's/^/# /'
		continue
	fi
	echo "$lines" | grep -E '^(ok|not ok|#) ' || true
	if [ "$(echo "$lines" | grep -cE '^(ok|not ok) ')" != 12 ]; then
		echo "not ok - clock timelines, seed $seed: the comparison did not print its twelve results"
	fi
done
psql -d postgres -c "DROP DATABASE IF EXISTS $db"
