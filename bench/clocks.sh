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
tps() { "$pgbench" -n -c 4 -j 2 -T "$seconds" -f "/tmp/slm_pgb_$1.sql" $db 2>&1 | awk '/^tps/ {print $3}'; }
echo "== clocks: pgbench, 4 clients, ${seconds}s each, fsync $(psql -d $db -At -c 'SHOW fsync'), synchronous_commit $(psql -d $db -At -c 'SHOW synchronous_commit')"
tps plain >/dev/null   # warm up both
tps tracked >/dev/null
p=$(tps plain); t=$(tps tracked)
echo "untracked tps=$p  tracked tps=$t  ratio=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2f", a / b}') [goal >= 0.70]"

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
\timing on
\echo copy:
INSERT INTO big_copy SELECT * FROM big_source;
\echo rebuild:
SELECT slm.rebuild('big_tracked');
\echo plain scan of slm.clocks:
SELECT count(*), max(due_at - now()) FROM slm.clocks;
\echo slm.sla_status:
SELECT count(*), max(remaining), count(*) FILTER (WHERE state = 'breached') FROM slm.sla_status;
SQL
