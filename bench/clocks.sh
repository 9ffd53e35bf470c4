#!/usr/bin/env bash
# bench/clocks.sh - speed of SLA clock tracking (run by scripts/bench.sh)
#
# 1. pgbench, 4 clients, each transaction inserting a ticket and updating
#    another's status: TPS of a tracked table against the same table
#    untracked (goal: at least 70%).
# 2. slm.rebuild over 1M tickets against copying them with INSERT ... SELECT
#    (goal: at most 5x).
# 3. slm.sla_status over the resulting clocks against a plain scan of
#    slm.clocks computing due_at - now() (goal: at most 5x).
set -euo pipefail
db=slm_bench
psql() { command psql -X -v ON_ERROR_STOP=1 -q "$@"; }
pgbench=${SLM_PG_BIN:-/usr/lib/postgresql/15/bin}/pgbench
tickets=${SLM_BENCH_TICKETS:-1000000}
seconds=${SLM_BENCH_SECONDS:-30}

psql -d $db <<'SQL'
SET client_min_messages = warning;
SELECT slm.install_standard_targets();
DROP TABLE IF EXISTS tk_plain, tk_tracked;
CREATE TABLE tk_plain (id bigserial PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), prio int NOT NULL,
                       cust text, status text NOT NULL DEFAULT 'new', status_at timestamptz,
                       responded timestamptz, resolved timestamptz, note text);
CREATE TABLE tk_tracked (LIKE tk_plain INCLUDING ALL);
INSERT INTO tk_plain (prio, cust, created) SELECT 1 + g % 4, 'c' || g % 50, now() - interval '1 day' * random()
FROM generate_series(1, 20000) g;
INSERT INTO tk_tracked SELECT * FROM tk_plain;
SELECT slm.attach('tk_tracked', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'responded',
                  resolved_at => 'resolved', paused_statuses => '{waiting}');
VACUUM ANALYZE;
SQL
cat >/tmp/slm_pgb_plain.sql <<'SQL'
\set id random(1, 20000)
\set r random(1, 4)
BEGIN;
INSERT INTO tk_plain (prio, cust) VALUES (:r, 'c1');
UPDATE tk_plain SET status = CASE WHEN status = 'waiting' THEN 'open' ELSE 'waiting' END, status_at = now() WHERE id = :id;
END;
SQL
sed 's/tk_plain/tk_tracked/g' /tmp/slm_pgb_plain.sql >/tmp/slm_pgb_tracked.sql
tps() { "$pgbench" -n -c 4 -j 2 -T "$seconds" -f "/tmp/slm_pgb_$1.sql" $db 2>&1 | awk '/^tps/ {printf "%.0f", $3}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
rounds=${SLM_BENCH_ROUNDS:-3}
echo "== clocks: pgbench, 4 clients, ${seconds}s per run, $rounds rounds, fsync $(psql -d $db -At -c 'SHOW fsync'), synchronous_commit $(psql -d $db -At -c 'SHOW synchronous_commit')"
tps plain >/dev/null   # warm up both
tps tracked >/dev/null
# alternate the two, so that a noisy minute on the machine hits both
plains=(); trackeds=()
for r in $(seq "$rounds"); do
	p=$(tps plain); t=$(tps tracked)
	plains+=("$p"); trackeds+=("$t")
	echo "round $r: untracked tps=$p  tracked tps=$t  ratio=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2f", a / b}')"
done
p=$(median "${plains[@]}"); t=$(median "${trackeds[@]}")
echo "median: untracked tps=$p  tracked tps=$t  ratio=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2f", a / b}') [goal >= 0.70]"

echo "== clocks: rebuild over $tickets tickets"
psql -d $db <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS big_source, big_copy, big_tracked;
CREATE TABLE big_source AS
SELECT g AS id, timestamptz '2026-01-05 08:00+00' + g * interval '29 seconds' AS created, 1 + g % 4 AS prio,
       'c' || g % 50 AS cust, CASE WHEN g % 5 = 0 THEN 'waiting' ELSE 'open' END AS status,
       timestamptz '2026-01-05 08:00+00' + g * interval '29 seconds' + interval '1 hour' AS status_at,
       CASE WHEN g % 2 = 0 THEN timestamptz '2026-01-05 08:00+00' + g * interval '29 seconds' + interval '3 hours' END AS responded,
       CASE WHEN g % 3 = 0 THEN timestamptz '2026-01-05 08:00+00' + g * interval '29 seconds' + interval '30 hours' END AS resolved
FROM generate_series(1, $tickets) g;
CREATE TABLE big_copy (LIKE big_source);
CREATE TABLE big_tracked (LIKE big_source);
ALTER TABLE big_tracked ADD PRIMARY KEY (id);
SELECT slm.attach('big_tracked', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'responded',
                  resolved_at => 'resolved', paused_statuses => '{waiting}');
ALTER TABLE big_tracked DISABLE TRIGGER USER;
INSERT INTO big_tracked SELECT * FROM big_source;
VACUUM ANALYZE big_source, big_tracked;
CREATE TEMP TABLE timings (what text PRIMARY KEY, ms float8);
-- each step timed in SQL, so that the ratios can be printed
SELECT clock_timestamp() AS t0 \gset
INSERT INTO big_copy SELECT * FROM big_source;
INSERT INTO timings SELECT 'copy', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
SELECT clock_timestamp() AS t0 \gset
SELECT slm.rebuild('big_tracked') AS tickets_read \gset
INSERT INTO timings SELECT 'rebuild', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS scanned, max(due_at - now()) AS latest FROM slm.clocks \gset
INSERT INTO timings SELECT 'plain scan', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS statuses, max(remaining) AS most_left, count(*) FILTER (WHERE state = 'breached') AS breached FROM slm.sla_status \gset
INSERT INTO timings SELECT 'sla_status', extract(epoch FROM clock_timestamp() - :'t0') * 1000;

-- the floor under any rebuild: writing the same clocks, already computed,
-- into slm.clocks with its indexes (rolled back)
CREATE TEMP TABLE made AS SELECT * FROM slm.clocks WHERE tbl = 'big_tracked'::regclass;
BEGIN;
DELETE FROM slm.clocks WHERE tbl = 'big_tracked'::regclass;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO slm.clocks SELECT * FROM made;
SELECT extract(epoch FROM clock_timestamp() - :'t0') * 1000 AS floor_ms \gset
ROLLBACK;
INSERT INTO timings VALUES ('floor', :floor_ms);

\pset tuples_only on
\pset format unaligned
WITH t AS (SELECT max(ms) FILTER (WHERE what = 'copy') AS copy, max(ms) FILTER (WHERE what = 'rebuild') AS rebuild,
                  max(ms) FILTER (WHERE what = 'floor') AS floor, max(ms) FILTER (WHERE what = 'plain scan') AS plain,
                  max(ms) FILTER (WHERE what = 'sla_status') AS status FROM timings)
SELECT format('rebuild of %s tickets (%s clocks): %s ms, INSERT ... SELECT of the tickets %s ms: ratio %s [goal <= 5]',
              :'tickets_read', (SELECT count(*) FROM made), round(rebuild), round(copy), round((rebuild / copy)::numeric, 1))
       || E'\n' ||
       format('  floor: inserting those clocks, computed beforehand, into slm.clocks %s ms: ratio %s to the copy, rebuild %s of it',
              round(floor), round((floor / copy)::numeric, 1), round((rebuild / floor)::numeric, 2))
       || E'\n' ||
       format('slm.sla_status over %s clocks: %s ms, plain scan computing due_at - now() %s ms: ratio %s [goal <= 5]',
              :'statuses', round(status), round(plain), round((status / plain)::numeric, 2))
FROM t;
SQL
