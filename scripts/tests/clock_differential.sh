#!/usr/bin/env bash
# scripts/tests/clock_differential.sh - the clock rules in C against the
# reference rules in PL/pgSQL (test/clocks/reference.sql), on many random
# histories
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  For each of SLM_CLOCK_SEEDS seeds (default 20) it plays a random
# history (SLM_CLOCK_TICKETS tickets, default 300, and SLM_CLOCK_CHANGES
# changes, default 2000, of every kind: waits on the customer and on a
# supplier, replies, resolutions, reopenings, hand-offs, priority and
# customer changes, deletes, new keys, keys used again, and for a third of
# the seeds a truncate; New York hours across the change to daylight
# saving time and a holiday) on three tables, through the C rules writing
# directly, the C rules writing by statements, and the reference
# (test/clocks/), and prints "ok" when their clocks agree column for column;
# then rebuilds one table by slm.rebuild and the other by the reference's
# rebuild and compares again.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${SLM_CLOCK_SEEDS:-20}
tickets=${SLM_CLOCK_TICKETS:-300}
changes=${SLM_CLOCK_CHANGES:-2000}
db=slm_clock_differential
psql() { PGOPTIONS="-c client_min_messages=warning" command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

for i in $(seq 1 "$seeds"); do
	seed=$(awk -v i="$i" -v n="$seeds" 'BEGIN { printf "%.6f", i / (n + 1) }')
	psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	if ! line=$(psql -d "$db" -At -v seed="$seed" -v tickets="$tickets" -v changes="$changes" 2>&1 <<-SQL
		SET client_min_messages = warning;
		SET TimeZone = 'America/New_York';
		CREATE EXTENSION slm;
		\i $root/test/clocks/reference.sql
		\i $root/test/clocks/paths_model.sql
		\i $root/test/clocks/paths_history.sql
		SELECT format('result %s %s %s %s %s %s', n.clocks, n.paused, n.cycles, n.removed,
		              pg_temp.differ('paths_c', 'paths_sql') + pg_temp.differ('paths_sql', 'paths_c'),
		              pg_temp.differ('paths_stmt', 'paths_sql') + pg_temp.differ('paths_sql', 'paths_stmt'))
		FROM (SELECT count(*) AS clocks, count(*) FILTER (WHERE pauses <> '{}' OR paused_since IS NOT NULL) AS paused,
		             count(*) FILTER (WHERE cycle > 1) AS cycles, count(*) FILTER (WHERE removed_at IS NOT NULL) AS removed
		      FROM path_clocks WHERE tbl = 'paths_c') n;
		-- then changes that tracking does not see (waits on the customer and on a
		-- supplier, hand-offs, half the tickets), for slm.rebuild to re-derive
		-- on the one table and the reference's rebuild on the other
		DO \$do\$
		DECLARE t text;
		BEGIN
		    FOREACH t IN ARRAY ARRAY['paths_c', 'paths_sql'] LOOP
		        EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
		        EXECUTE format(\$u\$UPDATE %I SET status = (ARRAY['waiting', 'vendor', 'open', 'on hold'])[1 + id %% 4],
		                                      status_at = status_at + interval '1 hour',
		                                      team = CASE WHEN id %% 3 = 0 THEN 'network' WHEN id %% 3 = 1 THEN NULL ELSE team END,
		                                      vendor = CASE WHEN id %% 5 = 0 THEN 'telco' ELSE vendor END
		                        WHERE id %% 2 = 0\$u\$, t);
		        EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
		    END LOOP;
		END \$do\$;
		DO \$do\$ BEGIN
		    PERFORM slm.rebuild('paths_c');
		    PERFORM slm_reference.rebuild('paths_sql');
		END \$do\$;
		SELECT format('rebuilt %s', pg_temp.differ('paths_c', 'paths_sql') + pg_temp.differ('paths_sql', 'paths_c'));
	SQL
	); then
		echo "not ok - clock paths, seed $seed: the history failed to play"
		echo "$line" | tail -5 | sed 's/^/# /'
		continue
	fi
	read -r _ clocks paused cycles removed direct_vs_sql stmt_vs_sql <<<"$(echo "$line" | grep '^result ' | tail -1)"
	read -r _ rebuilt <<<"$(echo "$line" | grep '^rebuilt ' | tail -1)"
	what="seed $seed: $clocks clocks ($paused paused, $cycles later cycles, $removed of deleted tickets)"
	if [ "$direct_vs_sql" = 0 ] && [ "$stmt_vs_sql" = 0 ] && [ "${clocks:-0}" -gt 0 ]; then
		echo "ok - C rules and reference agree, $what"
	else
		echo "not ok - C rules and reference differ, $what: $direct_vs_sql direct/reference, $stmt_vs_sql statements/reference"
	fi
	if [ "${rebuilt:-x}" = 0 ]; then
		echo "ok - slm.rebuild and the reference's rebuild agree, seed $seed"
	else
		echo "not ok - slm.rebuild and the reference's rebuild differ, seed $seed: ${rebuilt:-no result} clocks"
	fi
done
psql -d postgres -c "DROP DATABASE IF EXISTS $db"
