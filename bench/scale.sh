#!/usr/bin/env bash
# bench/scale.sh - what decides slm's scale-out on postgres_fdw (run as root;
# prints figures and ratios, passes or fails nothing)
#
# On one 2-core machine no speed-up can be shown, so this measures what the
# model in doc/scale-out.md is built from, on a coordinator and two shards
# set up as that document says (test/scale/nodes.sh):
# 1. tracking on a node: bench/clocks.sh's mix of every kind of change
#    (pgbench, SLM_BENCH_CLIENTS clients, default 4) on shard1, against the
#    same mix on a single server (a database of its own, with the same
#    model and no subscription, on shard2's server, which is set up as
#    shard1's is), alternated over SLM_BENCH_ROUNDS rounds of
#    SLM_BENCH_SECONDS seconds (goal: the shard at least 90% of the single
#    server: no change crosses nodes);
# 2. the reports: slm.compliance_report over SLM_SCALE_BENCH_TICKETS
#    tickets (default 200k, half on each shard) on the coordinator, against
#    the same report on one shard over its half and on a single server
#    holding them all (median of 3 runs each).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
slm_need_root
root=$SLM_ROOT
base=${SLM_SCALE_BENCH_DIR:-/tmp/slm-scale-bench}
port0=${SLM_SCALE_BENCH_PORT:-54370}
seconds=${SLM_BENCH_SECONDS:-20}
rounds=${SLM_BENCH_ROUNDS:-3}
clients=${SLM_BENCH_CLIENTS:-4}
report_tickets=${SLM_SCALE_BENCH_TICKETS:-200000}
pgbench=$SLM_PG_BIN/pgbench
scale_table=tk
scale_columns="id bigint NOT NULL, created timestamptz NOT NULL DEFAULT now(), prio int NOT NULL, cust text,
               status text NOT NULL DEFAULT 'new', status_at timestamptz, responded timestamptz,
               resolved timestamptz, team text, vendor text, note text"
scale_tickets_sql=$root/bench/scale_tk.sql
source "$root/test/scale/nodes.sh"
trap 'stop_all; rm -rf "$base"' EXIT
scale_start
model="SELECT slm.install_standard_targets();
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT k, n, 'default', c, (SELECT id FROM slm.agreements WHERE name = 'standard')
FROM (VALUES ('OLA', 'desk team', 'desk'), ('OLA', 'network team', 'network'), ('UC', 'telco', 'telco')) v(k, n, c);
SELECT slm.install_standard_targets(n) FROM unnest('{desk team,network team,telco}'::text[]) n;"
on coord -d desk -c "SET client_min_messages = warning" -c "$model" >/dev/null
on coord -d single -c "SET client_min_messages = warning" -c "$model" >/dev/null

# --- 1. tracking on a shard and on a single server --------------------------
load="INSERT INTO tk (prio, cust, created, status_at, team)
      SELECT 1 + g % 4, 'c' || g % 50, now() - interval '1 day' * random(), now() - interval '1 hour', 'desk'
      FROM generate_series(1, 20000) g"
on shard2 -d postgres -c "CREATE DATABASE single"
on shard2 -d single -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm" -c "$model" -f "$scale_tickets_sql" >/dev/null
on shard1 -d desk -c "SET client_min_messages = warning" -c "$load" -c "VACUUM ANALYZE" >/dev/null
on shard2 -d single -c "SET client_min_messages = warning" -c "$load" -c "VACUUM ANALYZE" >/dev/null
work=$(mktemp -d)
args=()
for w in open@3 wait@3 resume@3 reply@2 resolve@2 reopen@1 handoff@1 supplier@1 prio@1 delete@1; do
	sed 's/tk_plain/tk/g' "$root/bench/mix/${w%@*}.sql" >"$work/${w%@*}.sql"
	args+=(-f "$work/${w%@*}.sql@${w#*@}")
done
tps() {
	on "$1" -d "$2" -c CHECKPOINT
	"$pgbench" -h "$(node_dir "$1")" -p "$(node_port "$1")" -U postgres -n -c "$clients" -j "$clients" -T "$seconds" \
		"${args[@]}" "$2" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | cut -d. -f1
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo "== scale: tracking on a shard against a single server, $clients clients, ${seconds}s per run, $rounds rounds"
tps shard1 desk >/dev/null
tps shard2 single >/dev/null
shards=(); singles=()
for r in $(seq "$rounds"); do
	s=$(tps shard1 desk); g=$(tps shard2 single)
	shards+=("$s"); singles+=("$g")
	echo "round $r: shard tps=$s  single tps=$g  shard/single=$(awk -v a="$s" -v b="$g" 'BEGIN {printf "%.2f", a / b}')"
done
s=$(median "${shards[@]}"); g=$(median "${singles[@]}")
echo "median: shard tps=$s  single tps=$g  shard/single=$(awk -v a="$s" -v b="$g" 'BEGIN {printf "%.2f", a / b}') [goal >= 0.90]"

# --- 2. the reports ------------------------------------------------------------
# the same tickets (opened over January to March) on the single server and,
# each by its key's hash, on the shards: loaded on each shard directly
half=$((report_tickets / 2))
tickets="SELECT g AS id, timestamptz '2026-01-05 08:00+00' + (g % 2000) * interval '61 minutes' AS created,
                1 + g % 4 AS prio, 'c' || g % 50 AS cust,
                CASE WHEN g % 3 = 0 THEN 'solved' ELSE 'open' END AS status,
                timestamptz '2026-01-05 08:00+00' + (g % 2000) * interval '61 minutes' AS status_at,
                timestamptz '2026-01-05 08:00+00' + (g % 2000) * interval '61 minutes' + (g % 7) * interval '1 hour' AS responded,
                CASE WHEN g % 3 = 0 THEN timestamptz '2026-01-05 08:00+00' + (g % 2000) * interval '61 minutes'
                                         + (g % 40) * interval '1 hour' END AS resolved,
                CASE WHEN g % 5 = 0 THEN 'network' ELSE 'desk' END AS team
         FROM generate_series(1000001, 1000000 + $report_tickets) g"
# (the tickets of part 1 go with their clocks: a truncate keeps them, as removed)
for n in shard1 shard2; do on "$n" -d desk -c "SET client_min_messages = warning" -c "TRUNCATE tk" -c "DELETE FROM slm.clocks" >/dev/null; done
on coord -d single -c "SET client_min_messages = warning" -c "TRUNCATE tk" -c "DELETE FROM slm.clocks" >/dev/null
on coord -d single -c "SET client_min_messages = warning" \
	-c "INSERT INTO tk (id, created, prio, cust, status, status_at, responded, resolved, team) SELECT * FROM ($tickets) t" \
	-c "VACUUM ANALYZE" >/dev/null
i=0
for n in shard1 shard2; do
	on "$n" -d desk -c "SET client_min_messages = warning" \
		-c "INSERT INTO tk (id, created, prio, cust, status, status_at, responded, resolved, team)
		    SELECT * FROM ($tickets) t WHERE satisfies_hash_partition('pg_catalog.int8_ops'::regclass::oid, 2, $i, t.id)" \
		-c "VACUUM ANALYZE" >/dev/null 2>&1 || \
	on "$n" -d desk -c "SET client_min_messages = warning" \
		-c "INSERT INTO tk (id, created, prio, cust, status, status_at, responded, resolved, team)
		    SELECT * FROM ($tickets) t WHERE t.id % 2 = $i" -c "VACUUM ANALYZE" >/dev/null
	i=$((i + 1))
done
report="SELECT count(*) FROM slm.compliance_report('2026-01-01', '2026-03-31', 'month', '2026-04-01 00:00+00')"
ms() {
	local runs=() r
	for r in 1 2 3; do
		runs+=("$(on "$1" -d "$2" -c '\timing on' -c "$report" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | cut -d. -f1)")
	done
	median "${runs[@]}"
}
clocks=$(on coord -d single -At -c "SELECT count(*) FROM slm.clocks")
coord_rows=$(on coord -d desk -At -c "SELECT count(*) FROM slm.compliance_report('2026-01-01', '2026-03-31', 'month', '2026-04-01 00:00+00')")
echo "== scale: monthly compliance over $report_tickets tickets ($clocks clocks; the coordinator's report has $coord_rows rows)"
c=$(ms coord desk); s1=$(ms shard1 desk); s2=$(ms shard2 desk); g=$(ms coord single)
echo "coordinator ${c} ms  shard1 ${s1} ms  shard2 ${s2} ms  single ${g} ms  coordinator/single=$(awk -v a="$c" -v b="$g" 'BEGIN {printf "%.2f", a / b}')  coordinator/slowest shard=$(awk -v a="$c" -v b="$s1" -v d="$s2" 'BEGIN {printf "%.2f", a / (b > d ? b : d)}')"
