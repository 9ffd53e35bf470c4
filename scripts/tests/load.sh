#!/usr/bin/env bash
# scripts/tests/load.sh - a tracked table under concurrent load, and a crash
# in the middle of it (run by scripts/test.sh, as root)
#
# On a private cluster of its own (it kills it), pgbench runs 8 clients for
# SLM_LOAD_SECONDS (default 60) against a tracked ticket table: tickets are
# opened, wait on the customer, resume, are answered, closed, reopened,
# re-prioritised and deleted, one ticket per transaction.  Then:
#  - no transaction failed, no deadlock, no slm warning in the server log;
#  - slm.rebuild finds every clock already as it would compute it.
# Then the load runs again and the postmaster is killed with SIGKILL in the
# middle of it; after a restart (crash recovery) the clocks again agree
# with the tickets, and every ticket has its SLA clocks.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
SLM_RUN_DIR=${SLM_LOAD_DIR:-/tmp/slm-load}
SLM_PORT=${SLM_LOAD_PORT:-54339}
SLM_EXTRA_CONF="log_min_messages = warning
max_connections = 40"
seconds=${SLM_LOAD_SECONDS:-60}
pgbench=$SLM_PG_BIN/pgbench
failed=0

# keep the folder (logs) when something failed
finish() {
	if [ "$failed" = 0 ]; then slm_cluster_stop; else
		su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
		echo "# logs kept in $SLM_RUN_DIR"
	fi
}
trap finish EXIT
slm_cluster_start >/dev/null
slm_psql -d postgres -c "CREATE DATABASE slm_load"
slm_psql -d slm_load <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION slm;
SELECT slm.install_standard_targets();
INSERT INTO slm.customers (name, tier) SELECT 'c' || g, (ARRAY['standard', 'key', 'special'])[1 + g % 3]
FROM generate_series(0, 19) g;
CREATE TABLE tk (id serial PRIMARY KEY, opened timestamptz NOT NULL DEFAULT now(), prio int NOT NULL,
                 cust text, status text NOT NULL DEFAULT 'new', status_at timestamptz,
                 answered timestamptz, closed timestamptz);
SELECT slm.attach('tk', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'answered',
                  resolved_at => 'closed', paused_statuses => '{waiting}');
INSERT INTO tk (opened, prio, cust)
SELECT now() - g * interval '1 minute', 1 + g % 4, 'c' || g % 20 FROM generate_series(1, 5000) g;
ANALYZE;
SQL

scripts=$SLM_RUN_DIR/pgbench
mkdir -p "$scripts"
cat >"$scripts/open.sql" <<'SQL'
\set p random(1, 4)
\set c random(0, 19)
INSERT INTO tk (prio, cust) VALUES (:p, 'c' || :c);
SQL
cat >"$scripts/wait.sql" <<'SQL'
\set id random(1, 6000)
UPDATE tk SET status = 'waiting', status_at = clock_timestamp() WHERE id = :id AND closed IS NULL;
SQL
cat >"$scripts/resume.sql" <<'SQL'
\set id random(1, 6000)
UPDATE tk SET status = 'open', status_at = clock_timestamp(), answered = coalesce(answered, clock_timestamp())
WHERE id = :id AND status = 'waiting';
SQL
cat >"$scripts/close.sql" <<'SQL'
\set id random(1, 6000)
UPDATE tk SET status = 'closed', status_at = clock_timestamp(), answered = coalesce(answered, clock_timestamp()),
              closed = clock_timestamp()
WHERE id = :id AND closed IS NULL;
SQL
cat >"$scripts/reopen.sql" <<'SQL'
\set id random(1, 6000)
UPDATE tk SET status = 'reopened', status_at = clock_timestamp(), closed = NULL WHERE id = :id AND closed IS NOT NULL;
SQL
cat >"$scripts/prio.sql" <<'SQL'
\set id random(1, 6000)
\set p random(1, 4)
UPDATE tk SET prio = :p WHERE id = :id;
SQL
cat >"$scripts/delete.sql" <<'SQL'
\set id random(1, 6000)
DELETE FROM tk WHERE id = :id;
SQL
run_load() {
	"$pgbench" -n -c 8 -j 4 -T "$1" \
		-f "$scripts/open.sql@3" -f "$scripts/wait.sql@3" -f "$scripts/resume.sql@3" \
		-f "$scripts/close.sql@3" -f "$scripts/reopen.sql@1" -f "$scripts/prio.sql@2" \
		-f "$scripts/delete.sql@1" slm_load
}

stamp() { echo "# $(date +%T) $*" >&2; }

# the clocks as slm.rebuild computes them, against the clocks kept live
consistent() {
	slm_psql -d slm_load -At <<'SQL'
SET client_min_messages = warning;
CREATE TEMP TABLE live AS SELECT * FROM slm.clocks;
SELECT slm.rebuild('tk') >= 0;
SELECT (SELECT count(*) FROM (SELECT * FROM live EXCEPT SELECT * FROM slm.clocks) a)
     + (SELECT count(*) FROM (SELECT * FROM slm.clocks EXCEPT SELECT * FROM live) b)
     + (SELECT count(*) FROM tk WHERE NOT EXISTS (SELECT 1 FROM slm.clocks c
            WHERE c.tbl = 'tk'::regclass AND c.ticket = tk.id::text AND c.kind = 'SLA' AND c.metric = 'resolution'));
SQL
}

# 1. the load
stamp "load"
set +e
run_load "$seconds" >"$SLM_RUN_DIR/pgbench.log" 2>&1
status=$?
set -e
tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$SLM_RUN_DIR/pgbench.log")
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$SLM_RUN_DIR/pgbench.log" | head -1)
fails=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$SLM_RUN_DIR/pgbench.log")
deadlocks=$(grep -c "deadlock detected" "$SLM_RUN_DIR/server.log" || true)
warnings=$(grep -c "WARNING" "$SLM_RUN_DIR/server.log" || true)
clocks=$(slm_psql -d slm_load -At -c "SELECT count(*) FROM slm.clocks")
echo "# load: 8 clients, ${seconds}s: ${tx:-?} transactions (${tps:-?} tps), ${fails:-0} failed, $deadlocks deadlocks, $warnings warnings, $clocks clocks"
if [ "$status" = 0 ] && [ "${tx:-0}" -gt 0 ] && [ "${fails:-0}" = 0 ] && [ "$deadlocks" = 0 ] && [ "$warnings" = 0 ]; then
	echo "ok - load: pgbench with 8 clients ran without errors, deadlocks or warnings"
else
	tail -20 "$SLM_RUN_DIR/pgbench.log"
	grep -E "WARNING|ERROR|deadlock" "$SLM_RUN_DIR/server.log" | head -10
	echo "not ok - load: pgbench with 8 clients"
	failed=1
fi
stamp "rebuild"
out=$(consistent)
stamp "rebuilt"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	echo "ok - load: slm.rebuild finds the clocks already correct"
else
	echo "$out"
	echo "not ok - load: slm.rebuild changed clocks the triggers kept ($(echo "$out" | tail -1) rows differ)"
	failed=1
fi

# 2. a crash in the middle of it
before=$(slm_psql -d slm_load -At -c "SELECT count(*) FROM slm.clocks")
set +e
run_load 30 >"$SLM_RUN_DIR/pgbench_crash.log" 2>&1 &
bench=$!
sleep 10
pid=$(head -1 "$SLM_RUN_DIR/data/postmaster.pid")
# the whole server dies at once: the postmaster and every process it started
procs="$pid $(ps -o pid= --ppid "$pid" | tr '\n' ' ')"
kill -9 $procs
stamp "killed"
wait "$bench"
stamp "load ended"
for _ in $(seq 1 60); do
	alive=0
	for p in $procs; do kill -0 "$p" 2>/dev/null && alive=1; done
	[ "$alive" = 0 ] && break
	sleep 0.5
done
if ! su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -l '$SLM_RUN_DIR/server2.log' -w -t 300 start" >/dev/null; then
	failed=1
	tail -20 "$SLM_RUN_DIR/server2.log"
	echo "not ok - load: the server does not start again after kill -9"
	exit 1
fi
stamp "restarted"
recovered=$(grep -c "database system was interrupted\|was not properly shut down\|redo done\|automatic recovery" "$SLM_RUN_DIR/server2.log" || true)
after=$(slm_psql -d slm_load -At -c "SELECT count(*) FROM slm.clocks")
echo "# crash: killed the postmaster 10s into a 30s load; clocks before the load $before, after recovery $after"
out=$(consistent)
if [ "$recovered" -gt 0 ] && [ "$(echo "$out" | tail -1)" = 0 ] && [ "$after" -ge "$before" ]; then
	echo "ok - load: after kill -9 and crash recovery, the clocks agree with the tickets"
else
	echo "$out"
	tail -5 "$SLM_RUN_DIR/server2.log"
	echo "not ok - load: after kill -9 (recovery seen: $recovered), the clocks disagree with the tickets"
	failed=1
fi
exit $failed
