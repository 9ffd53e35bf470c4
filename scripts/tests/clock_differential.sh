#!/usr/bin/env bash
# scripts/tests/clock_differential.sh - the clock rules in C against the
# reference rules in PL/pgSQL (test/clocks/reference.sql), on many random
# histories
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  For each of SLM_CLOCK_SEEDS seeds (default 20) it plays a random
# history (SLM_CLOCK_TICKETS tickets, default 300, and SLM_CLOCK_CHANGES
# changes, default 2000, of every kind: waits on the customer and on a
# supplier, replies, customer messages, categories and named SLAs, resolutions, reopenings, hand-offs, priority and
# customer changes, corrected opening times, deletes, new keys, keys used again, and for a third of
# the seeds a truncate; New York hours across the change to daylight
# saving time and a holiday) on three tables, through the C rules writing
# directly, the C rules writing by statements, and the reference
# (test/clocks/), and prints "ok" when their clocks agree column for column;
# then checks that slm.rebuild finds the clocks kept live as it would make
# them; then changes the model (a customer's tier; a goal, a holiday, a
# tier threshold and a target for tickets that had none) and compares
# slm's resync of the running clocks with the reference's, and with what
# slm.rebuild makes of them; then rebuilds one table by slm.rebuild and
# the other by the reference's rebuild and compares again.  The comparison
# and its "ok"/"not ok" lines are pg_temp.compare
# (test/include/compare.sql), as in differential.sh.
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
		\i $root/test/include/compare.sql
		\set clock 'ticket, kind, metric, cycle, agreement, target, counterparty, customer, service, priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at, cancelled_at, goal_time, paused_time, time_used, warn_from, due_at, due_date, state, assignee, satisfaction, removed_at, category, named_agreement'
		SELECT count(*) AS clocks, count(*) FILTER (WHERE pauses <> '{}' OR paused_since IS NOT NULL) AS paused,
		       count(*) FILTER (WHERE cycle > 1) AS cycles, count(*) FILTER (WHERE removed_at IS NOT NULL) AS removed
		FROM path_clocks WHERE tbl = 'paths_c' \gset
		-- the C rules both ways (writing directly, by statements) against the
		-- reference, each clock tagged with the way it was written
		SELECT pg_temp.compare(
		           format('C rules (direct and by statements) and reference, seed %s, %s clocks '
		                  '(%s paused, %s later cycles, %s of deleted tickets)',
		                  :'seed', :clocks, :paused, :cycles, :removed),
		           format(\$q\$SELECT 'direct' AS way, %1\$s FROM path_clocks WHERE tbl = 'paths_c'
		                     UNION ALL SELECT 'statements', %1\$s FROM path_clocks WHERE tbl = 'paths_stmt'\$q\$, :'clock'),
		           format(\$q\$SELECT w.way, %1\$s FROM path_clocks, (VALUES ('direct'), ('statements')) w(way)
		                     WHERE tbl = 'paths_sql'\$q\$, :'clock'),
		           'clock rows');
		-- slm.rebuild re-derives, from each row as it stands, the clocks live
		-- tracking kept change by change: it must find them as they are (a
		-- hold cancelled and taken back that live tracking left cancelled and
		-- rebuild started afresh showed here); undone after, so that what
		-- it finds does not carry into the comparisons below
		BEGIN;
		CREATE TEMP TABLE live_kept AS SELECT * FROM slm.clocks WHERE tbl = 'paths_c'::regclass;
		SELECT slm.rebuild('paths_c') AS rebuilt \gset
		SELECT pg_temp.compare(
		           format('slm.rebuild of the clocks kept live changes none, seed %s (%s tickets rebuilt)',
		                  :'seed', :rebuilt),
		           format(\$q\$SELECT %s FROM path_clocks WHERE tbl = 'paths_c'\$q\$, :'clock'),
		           format(\$q\$SELECT %s FROM live_kept c\$q\$, :'clock'), 'clocks');
		ROLLBACK;
		-- then changes of the model while tickets run, each its own
		-- transaction: slm's resync at commit (src/model_resync.c) brings
		-- paths_c up to it, and the reference's resync brings paths_sql up
		-- to it from its clocks as they were (slm's resync reaches every
		-- tracked table, paths_sql too, so its work there is undone first).
		-- A customer made special (only its tickets are resynced), then a
		-- goal, a holiday, the key tier's threshold and a response target
		-- for tickets without a priority at once (the open ones among them
		-- get a response clock from their opening).  (None of
		-- them leaves a running clock without a target: such a clock is
		-- cancelled at the commit's time, which the reference cannot share.)
		CREATE TEMP TABLE sql_before (LIKE slm.clocks);
		CREATE FUNCTION pg_temp.reference_resync(customers text[] DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS \$f\$
		BEGIN
		    DELETE FROM slm.clocks WHERE tbl = 'paths_sql'::regclass;
		    INSERT INTO slm.clocks SELECT * FROM sql_before;
		    PERFORM slm_reference.resync('paths_sql', coverage => true, customers => customers);
		END \$f\$;
		-- (a fifth of the open tickets lose their priority first: their
		-- response and resolution clocks are cancelled, and the response
		-- target below makes the response clocks run again)
		UPDATE paths_c SET prio = NULL WHERE id % 5 = 0 AND resolved IS NULL;
		UPDATE paths_sql SET prio = NULL WHERE id % 5 = 0 AND resolved IS NULL;
		CREATE TEMP TABLE c_before AS SELECT * FROM slm.clocks WHERE tbl = 'paths_c'::regclass;
		INSERT INTO sql_before SELECT * FROM slm.clocks WHERE tbl = 'paths_sql'::regclass;
		UPDATE slm.customers SET tier = 'special' WHERE name = 'initech';
		SELECT pg_temp.reference_resync('{initech}');
		TRUNCATE sql_before;
		INSERT INTO sql_before SELECT * FROM slm.clocks WHERE tbl = 'paths_sql'::regclass;
		BEGIN;
		UPDATE slm.targets SET goal = goal * 2 WHERE metric = 'resolution' AND priority IN (2, 3);
		UPDATE slm.calendars SET calendar = calendar || '2026-03-18 closed' WHERE name = 'ny office';
		INSERT INTO slm.tier_thresholds VALUES ('key', 3);
		INSERT INTO slm.targets (agreement, metric, goal)
		SELECT a.id, 'response', interval '8 hours' FROM slm.agreements a WHERE a.name = 'paths sla';
		COMMIT;
		SELECT pg_temp.reference_resync();
		SELECT count(*) FILTER (WHERE (b.goal, b.tier, b.due_at) IS DISTINCT FROM (c.goal, c.tier, c.due_at)) AS moved,
		       count(*) FILTER (WHERE b.id IS NULL) AS added,
		       count(*) FILTER (WHERE b.cancelled_at IS NOT NULL AND c.cancelled_at IS NULL) AS resumed
		FROM slm.clocks c LEFT JOIN c_before b ON b.id = c.id WHERE c.tbl = 'paths_c'::regclass \gset
		SELECT pg_temp.compare(
		           format('slm''s resync after changes of the model and the reference''s resync, seed %s '
		                  '(%s clocks moved, %s made, %s cancelled ones running again)', :'seed', :moved, :added, :resumed),
		           format(\$q\$SELECT %s FROM path_clocks WHERE tbl = 'paths_c'\$q\$, :'clock'),
		           format(\$q\$SELECT %s FROM path_clocks WHERE tbl = 'paths_sql'\$q\$, :'clock'), 'clocks');
		-- slm.rebuild after the model changes must find the open tickets'
		-- running clocks as the resync left them and make them no other
		-- (their stopped clocks it re-derives on the new model, and it gives
		-- resolved tickets the clocks of their past, which the resync leaves
		-- alone by design); undone after, as above
		BEGIN;
		CREATE TEMP TABLE resynced AS SELECT * FROM slm.clocks WHERE tbl = 'paths_c'::regclass;
		SELECT slm.rebuild('paths_c') AS rebuilt \gset
		SELECT pg_temp.compare(
		           format('slm.rebuild after the resync changes no running clock of an open ticket, seed %s '
		                  '(%s tickets rebuilt)', :'seed', :rebuilt),
		           format(\$q\$SELECT %s FROM slm.clocks c
		                     WHERE tbl = 'paths_c'::regclass
		                       AND ticket IN (SELECT id::text FROM paths_c WHERE resolved IS NULL)
		                       AND id NOT IN (SELECT id FROM resynced
		                                      WHERE stopped_at IS NOT NULL OR cancelled_at IS NOT NULL)\$q\$,
		                  :'clock'),
		           format(\$q\$SELECT %s FROM resynced c
		                     WHERE ticket IN (SELECT id::text FROM paths_c WHERE resolved IS NULL)
		                       AND stopped_at IS NULL AND cancelled_at IS NULL\$q\$, :'clock'), 'clocks');
		ROLLBACK;
		-- then changes that tracking does not see (waits on the customer and on a
		-- supplier, hand-offs, opening times, half the tickets), for slm.rebuild to re-derive
		-- on the one table and the reference's rebuild on the other
		DO \$do\$
		DECLARE t text;
		BEGIN
		    FOREACH t IN ARRAY ARRAY['paths_c', 'paths_sql'] LOOP
		        EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
		        EXECUTE format(\$u\$UPDATE %I SET status = (ARRAY['waiting', 'vendor', 'open', 'on hold'])[1 + id %% 4],
		                                      status_at = status_at + interval '1 hour',
		                                      team = CASE WHEN id %% 3 = 0 THEN 'network' WHEN id %% 3 = 1 THEN NULL ELSE team END,
		                                      vendor = CASE WHEN id %% 5 = 0 THEN 'telco' ELSE vendor END,
		                                      wrote = CASE WHEN id %% 8 = 0 THEN status_at + interval '30 minutes' ELSE wrote END,
		                                      area = CASE WHEN id %% 7 = 0 THEN 'outage' ELSE area END,
		                                      sla = CASE WHEN id %% 11 = 0 THEN 'paths gold' ELSE sla END,
		                                      opened = CASE WHEN id %% 13 = 0 THEN opened - interval '40 minutes' ELSE opened END
		                        WHERE id %% 2 = 0\$u\$, t);
		        EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
		    END LOOP;
		END \$do\$;
		DO \$do\$ BEGIN
		    PERFORM slm.rebuild('paths_c');
		    PERFORM slm_reference.rebuild('paths_sql');
		END \$do\$;
		SELECT pg_temp.compare(format('slm.rebuild and the reference''s rebuild, seed %s', :'seed'),
		                       format(\$q\$SELECT %s FROM path_clocks WHERE tbl = 'paths_c'\$q\$, :'clock'),
		                       format(\$q\$SELECT %s FROM path_clocks WHERE tbl = 'paths_sql'\$q\$, :'clock'), 'clocks');
	SQL
	); then
		echo "not ok - clock paths, seed $seed: the history failed to play"
		echo "$line" | tail -5 | sed 's/^/# /'
		continue
	fi
	# the two lines of pg_temp.compare (test/include/compare.sql) and the
	# differences it shows; the rest of what the history printed is dropped
	echo "$line" | grep -E '^(ok|not ok|#) ' || true
	if [ "$(echo "$line" | grep -cE '^(ok|not ok) ')" != 5 ]; then
		echo "not ok - clock paths, seed $seed: the comparison did not print its five results"
	fi
done
psql -d postgres -c "DROP DATABASE IF EXISTS $db"
