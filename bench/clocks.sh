#!/usr/bin/env bash
# bench/clocks.sh - speed of SLA clock tracking (run by scripts/bench.sh)
#
# 1. pgbench, a mix of every kind of change a help desk makes (new tickets,
#    waits on the customer and their end, replies, resolutions, reopenings,
#    hand-offs, supplier waits, priority changes, deletes; bench/mix/), one
#    change per transaction as a help desk application writes (prepared
#    statements; SLM_BENCH_PROTOCOL=simple for the simple protocol), with 4
#    clients and with 1: TPS of a tracked table against the same table
#    untracked (goal: at least 85%), and against its floor: the same table
#    untracked, with the application writing the same clock rows itself by
#    plain SQL with values computed beforehand (bench/mix_floor/, on a copy
#    of slm.clocks with its indexes; with SLM_BENCH_METRICS=1 writing the
#    metrics' clocks too).  Every run starts from the same tickets and
#    clocks.
# 2. slm.rebuild over $SLM_BENCH_TICKETS tickets (default 1M) without clocks,
#    against its floor, inserting the finished clocks into slm.clocks with its
#    indexes (goal: at most 1.2x); slm.rebuild after a calendar change, against
#    rewriting the clocks with values computed beforehand (goal: 1.5x); one
#    UPDATE changing the priority of 100k tracked tickets, against rewriting
#    the clocks it changed with values computed beforehand (goal: 1.5x; in
#    rounds, medians).  The rewrites start from the clocks' old values, so
#    that they change what tracking changed (rewriting a clock to the values
#    it already holds is a HOT update that costs a fraction of a real one).
# 3. slm.sla_status over the resulting clocks against a plain scan of
#    slm.clocks computing due_at - now() (goal: at most 2x).
# 4. The alert worker's cost: the mix, tracked, 4 clients, with the server
#    restarted with and without the worker watching this database (goal:
#    nothing measurable).
# 5. The same kind of mix on a table shaped as Zammad stores tickets
#    (bench/mix_shaped/, on a copy of test/ticket_systems/zammad.sql's
#    tickets without its foreign keys): integer ids for state, priority,
#    group, owner and organization, named by look-ups into Zammad's own
#    tables (states by their type, groups, 50 organizations, 200 users),
#    resolved by status, pending states pausing, merged tickets cancelled,
#    times without zone, every change timed by updated_at.  4 clients: its
#    tracked/untracked TPS against the plain table's, both pairs run in
#    turn (goal: the same ratio; the look-ups are cached per session, so
#    tracking stays as cheap).  Nothing writes the look-up tables during
#    the runs: a write there makes every session forget its names.
# 6. slm.load_history of a tenth as many tickets' histories, as snapshots
#    and as field changes, against its floor (goal: at most 1.5x) and
#    against the same changes played live (goal: at most 0.2x).
#
# SLM_BENCH_SECTIONS picks sections (default "1 2 4 5 6"; 3 runs with 2).
# SLM_BENCH_COMMIT=async runs the pgbench mixes (1, 4, 5) without waiting
# for commits to reach the disk.
# The sections' bodies are not indented under their "if want N": most are
# here-documents.
set -euo pipefail
want() { case " ${SLM_BENCH_SECTIONS:-1 2 4 5 6} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
db=slm_bench
psql() { command psql -X -v ON_ERROR_STOP=1 -q "$@"; }
pgbench=${SLM_PG_BIN:-/usr/lib/postgresql/15/bin}/pgbench
tickets=${SLM_BENCH_TICKETS:-1000000}
seconds=${SLM_BENCH_SECONDS:-30}
# SLM_BENCH_COMMIT=async runs the pgbench sessions with synchronous_commit
# off.  The goals are the durable figures; on a machine whose commits wait
# long and unevenly on the disk, rounds of the same table differ by a
# third, and the asynchronous figures show what the changes themselves
# cost, the work that tracking adds.
commit=${SLM_BENCH_COMMIT:-durable}
case $commit in
	durable) commit_options= ;;
	async) commit_options='-c synchronous_commit=off' ;;
	*) echo "SLM_BENCH_COMMIT is durable or async, not $commit" >&2; exit 2 ;;
esac
mix=$(cd "$(dirname "$0")" && pwd)/mix
zammad_sql=$(cd "$(dirname "$0")/.." && pwd)/test/ticket_systems/zammad.sql

psql -d $db <<'SQL'
SET client_min_messages = warning;
SELECT slm.install_standard_targets();
INSERT INTO slm.agreements (kind, name, service, counterparty, underpins)
SELECT k, n, 'default', c, (SELECT id FROM slm.agreements WHERE name = 'standard')
FROM (VALUES ('OLA', 'desk team', 'desk'), ('OLA', 'network team', 'network'), ('UC', 'telco', 'telco')) v(k, n, c)
WHERE NOT EXISTS (SELECT FROM slm.agreements a WHERE a.name = v.n);
SELECT slm.install_standard_targets(n) FROM unnest('{desk team,network team,telco}'::text[]) n;
DROP TABLE IF EXISTS tk_plain, tk_tracked;
CREATE TABLE tk_plain (id bigserial PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), prio int NOT NULL,
                       cust text, status text NOT NULL DEFAULT 'new', status_at timestamptz,
                       responded timestamptz, resolved timestamptz, team text, vendor text, note text);
CREATE TABLE tk_tracked (LIKE tk_plain INCLUDING ALL);
INSERT INTO tk_plain (prio, cust, created, status_at, team)
SELECT 1 + g % 4, 'c' || g % 50, now() - interval '1 day' * random(), now() - interval '1 hour', 'desk'
FROM generate_series(1, 20000) g;
INSERT INTO tk_tracked SELECT * FROM tk_plain;
SELECT slm.attach('tk_tracked', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'responded',
                  resolved_at => 'resolved', assignment_group => 'team', supplier => 'vendor',
                  paused_statuses => '{waiting}', supplier_statuses => '{vendor}');
-- the floor: the same tickets untracked, and a copy of their clocks
-- (taken below, once the tracked table's clocks are final) that
-- bench/mix_floor/ writes by plain SQL as tracking would
DROP TABLE IF EXISTS tk_floor, clock_floor;
CREATE TABLE tk_floor (LIKE tk_plain INCLUDING ALL);
INSERT INTO tk_floor SELECT * FROM tk_plain;
CREATE TABLE clock_floor (LIKE slm.clocks INCLUDING ALL) WITH (fillfactor = 70);
-- Every run starts from the tickets and clocks it started with
-- (bench_snapshot, bench_reset): a run resolves and deletes tickets, which
-- makes the next run's changes cheaper, and the faster table would
-- otherwise be changed the most.
CREATE SCHEMA IF NOT EXISTS bench_snap;
CREATE OR REPLACE FUNCTION bench_snapshot(tk regclass) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    snap text := 'bench_snap.' || quote_ident(replace(tk::text, '.', '_'));
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %s, %s', snap, snap || '_clocks');
    EXECUTE format('CREATE TABLE %s AS SELECT * FROM %s', snap, tk);
    IF EXISTS (SELECT FROM slm.tracked_tables t WHERE t.tbl = tk) THEN
        EXECUTE format('CREATE TABLE %s AS SELECT * FROM slm.clocks WHERE tbl = %s', snap || '_clocks', tk::oid);
    ELSIF tk = 'tk_floor'::regclass THEN
        EXECUTE format('CREATE TABLE %s AS SELECT * FROM clock_floor', snap || '_clocks');
    END IF;
END
$f$;
CREATE OR REPLACE FUNCTION bench_reset(tk regclass) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    snap text := 'bench_snap.' || quote_ident(replace(tk::text, '.', '_'));
    tracked boolean := EXISTS (SELECT FROM slm.tracked_tables t WHERE t.tbl = tk);
BEGIN
    IF tracked THEN
        -- the clocks as they were, not as tracking a reload would make them
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER slm_track, DISABLE TRIGGER slm_track_update, '
                       'DISABLE TRIGGER slm_track_truncate', tk);
        DELETE FROM slm.clocks WHERE tbl = tk;
        EXECUTE format('INSERT INTO slm.clocks OVERRIDING SYSTEM VALUE SELECT * FROM %s', snap || '_clocks');
    ELSIF tk = 'tk_floor'::regclass THEN
        TRUNCATE clock_floor;
        EXECUTE format('INSERT INTO clock_floor SELECT * FROM %s', snap || '_clocks');
    END IF;
    EXECUTE format('TRUNCATE %s', tk);
    EXECUTE format('INSERT INTO %s SELECT * FROM %s', tk, snap);
    IF tracked THEN
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track, ENABLE ALWAYS TRIGGER slm_track_update, '
                       'ENABLE ALWAYS TRIGGER slm_track_truncate', tk);
    END IF;
END
$f$;
SELECT bench_snapshot(t) FROM unnest('{tk_plain,tk_tracked}'::regclass[]) t;
VACUUM ANALYZE;
SQL
# SLM_BENCH_METRICS=1: every metric on (issue: the metrics help desks run
# on): the time to own (replies set the assignee, on both tables), the
# SLA resolution targets' own pause statuses (the table's, so the clocks
# are the same, decided per target), the next reply (the mix has no
# message columns: each status change stands for a customer message, and
# each reply for the agents' reply), targets by category (the team), and
# escalation levels (which cost tracking nothing: slm.escalate finds them).
# The floor then writes the metrics' clock rows as well (see the floor's
# scripts below), from the same clocks.  Played with the same
# seed and transactions (pgbench -c 1 -t 20000 --random-seed=7) the two
# tables end with as many clocks of every kind, metric and cycle (96,000)
# but the next reply's: at a resolution, whose status time stands for a
# customer message here, tracking starts a cycle and stops it at once
# (about 100; the floor does not).  About 430 others (0.5%) end in
# another state, as with the plain floor: the floor stops no supplier
# clock when the status leaves the supplier's, resumes no clock when a
# wait on the customer turns into one on the supplier, starts a hand-off's
# cycle running in a wait, and judges every stop met; it does a little
# less than tracking, never more.
if [ "${SLM_BENCH_METRICS:-0}" = 1 ]; then
	psql -d $db <<'SQL'
SET client_min_messages = warning;
SELECT slm.attach('tk_tracked', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'responded',
                  resolved_at => 'resolved', assignment_group => 'team', supplier => 'vendor', assignee => 'note',
                  customer_message_at => 'status_at', agent_reply_at => 'responded', category => 'team',
                  paused_statuses => '{waiting}', supplier_statuses => '{vendor}') IS NULL AS attached;
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'next_reply', interval '4 hours' FROM slm.agreements a
WHERE a.name = 'standard' AND NOT EXISTS (SELECT FROM slm.targets t WHERE t.agreement = a.id AND t.metric = 'next_reply');
INSERT INTO slm.targets (agreement, metric, category, goal)
SELECT a.id, 'resolution', 'network', interval '2 days' FROM slm.agreements a
WHERE a.name = 'standard' AND NOT EXISTS (SELECT FROM slm.targets t WHERE t.agreement = a.id AND t.category = 'network');
UPDATE slm.targets t SET pause_statuses = '{waiting}'
FROM slm.agreements a WHERE a.id = t.agreement AND a.kind = 'SLA' AND t.metric = 'resolution';
INSERT INTO slm.targets (agreement, metric, goal)
SELECT a.id, 'own', interval '1 hour' FROM slm.agreements a
WHERE a.name = 'standard' AND NOT EXISTS (SELECT FROM slm.targets t WHERE t.agreement = a.id AND t.metric = 'own');
SELECT slm.rebuild('tk_tracked') > 0 AS rebuilt;
SELECT bench_snapshot('tk_tracked');
SQL
fi
# the floor starts from the tracked table's clocks, the metrics' among them
psql -d $db <<'SQL'
INSERT INTO clock_floor SELECT * FROM slm.clocks WHERE tbl = 'tk_tracked'::regclass;
UPDATE clock_floor SET tbl = 'tk_floor'::regclass;
SELECT setval(pg_get_serial_sequence('clock_floor', 'id'), (SELECT max(id) FROM clock_floor)) IS NOT NULL AS floor_ready;
SELECT bench_snapshot('tk_floor');
VACUUM ANALYZE tk_floor, clock_floor;
SQL
# the same scripts on either table
work=$(mktemp -d)
for f in "$mix"/*.sql; do
	cp "$f" "$work/plain_$(basename "$f")"
	sed 's/tk_plain/tk_tracked/g' "$f" >"$work/tracked_$(basename "$f")"
done
# The floor's scripts as they are, or with every metric on, writing the
# metrics' clock rows too: their "--@metrics " lines (the time to own on
# new tickets and replies, the category's goal on hand-offs) count, and
# each "--@next_reply STATE PAUSED_SINCE" line becomes next_reply.cte
# (a next-reply cycle at a status change)
for f in "$mix"_floor/*.sql; do
	if [ "${SLM_BENCH_METRICS:-0}" = 1 ]; then
		awk -v cte="$mix"_floor/next_reply.cte '
			/^--@next_reply / {
				while ((getline line <cte) > 0) {
					if (line ~ /^--/) continue   # its heading
					gsub(/@STATE@/, $2, line); gsub(/@PAUSED_SINCE@/, $3, line); print line
				}
				close(cte); next
			}
			{ sub(/^--@metrics /, ""); print }' "$f" >"$work/floor_$(basename "$f")"
	else
		cp "$f" "$work/floor_$(basename "$f")"
	fi
done
# with the time to own, a reply names the assignee, on all three tables
if [ "${SLM_BENCH_METRICS:-0}" = 1 ]; then
	sed -i "s/SET responded = now()/SET responded = now(), note = 'agent'/" "$work"/{plain,tracked,floor}_reply.sql
fi
weights="open@3 wait@3 resume@3 reply@2 resolve@2 reopen@1 handoff@1 supplier@1 prio@1 delete@1"
# section 5's mix, kind for kind: owner changes where the plain table has
# supplier waits (Zammad has no supplier), merges where it has deletes
shaped_weights="open@3 wait@3 resume@3 reply@2 resolve@2 reopen@1 handoff@1 owner@1 prio@1 merge@1"
# Every table's scripts run in one protocol, prepared by default, as help
# desk applications write (Rails, Perl's DBI): each statement is planned
# once per session.  The floor once ran prepared against the others'
# simple protocol, which spared it the planning of the ticket change that
# the untracked and tracked tables paid on every transaction, and put it
# at 0.85-0.97 of untracked; in one protocol it is about 0.65.
protocol=${SLM_BENCH_PROTOCOL:-prepared}
tps() {
	local args=() w ws=$weights
	case $1 in shaped_*) ws=$shaped_weights ;; esac
	for w in $ws; do args+=(-f "$work/$1_${w%@*}.sql@${w#*@}"); done
	local tk
	case $1 in
		plain | tracked | floor) tk=tk_$1 ;;
		shaped_untracked) tk=zammad.tz_plain ;;
		shaped_tracked) tk=zammad.tz_tracked ;;
	esac
	psql -d $db -c "SELECT bench_reset('$tk')" -c "VACUUM ANALYZE $tk, slm.clocks, clock_floor" >/dev/null
	# Each run starts from a checkpoint: one falling inside a run would
	# charge that run alone with writing every dirty page and with the
	# full-page images that follow it.
	psql -d $db -c CHECKPOINT
	if ! PGOPTIONS="${PGOPTIONS:-} $commit_options" "$pgbench" -n -M "$protocol" -c "$2" -j "$2" -T "$seconds" "${args[@]}" $db >"$work/pgbench.log" 2>&1; then
		echo "pgbench failed ($1, $2 clients):" >&2
		grep -iE 'error|abort|fatal' "$work/pgbench.log" | head -5 >&2
		return 1
	fi
	awk '/^tps/ {printf "%.0f", $3}' "$work/pgbench.log"
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
rounds=${SLM_BENCH_ROUNDS:-3}
if want 1; then
for clients in ${SLM_BENCH_CLIENTS:-4 1}; do
	echo "== clocks: pgbench, every kind of change$([ "${SLM_BENCH_METRICS:-0}" = 1 ] && echo ", every metric on"), $clients client(s), $protocol protocol, ${seconds}s per run, $rounds rounds, fsync $(psql -d $db -At -c 'SHOW fsync'), $commit commits"
	tps plain "$clients" >/dev/null   # warm up all three
	tps tracked "$clients" >/dev/null
	tps floor "$clients" >/dev/null
	# alternate them, so that a noisy minute on the machine hits all
	plains=(); trackeds=(); floors=()
	for r in $(seq "$rounds"); do
		p=$(tps plain "$clients"); t=$(tps tracked "$clients"); f=$(tps floor "$clients")
		plains+=("$p"); trackeds+=("$t"); floors+=("$f")
		echo "round $r: untracked tps=$p  tracked tps=$t  floor tps=$f  tracked/untracked=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2f", a / b}')  floor/untracked=$(awk -v a="$f" -v b="$p" 'BEGIN {printf "%.2f", a / b}')"
	done
	p=$(median "${plains[@]}"); t=$(median "${trackeds[@]}"); f=$(median "${floors[@]}")
	echo "median: untracked tps=$p  tracked tps=$t  floor tps=$f  tracked/untracked=$(awk -v a="$t" -v b="$p" 'BEGIN {printf "%.2f", a / b}') [goal >= 0.85]  floor/untracked=$(awk -v a="$f" -v b="$p" 'BEGIN {printf "%.2f", a / b}')  tracked/floor=$(awk -v a="$t" -v b="$f" 'BEGIN {printf "%.2f", a / b}')"
done
fi

# the alert worker needs a restart with slm preloaded: only on the cluster
# scripts/bench.sh started
if want 4 && [ -n "${SLM_RUN_DIR:-}" ] && [ -f "$SLM_RUN_DIR/data/postgresql.conf" ]; then
	source "$(dirname "$0")/../scripts/lib.sh"
	conf=$SLM_RUN_DIR/data/postgresql.conf
	alert_worker() {
		sed -i '/^# bench: the alert worker$/,$d' "$conf"
		if [ "$1" = on ]; then
			printf "# bench: the alert worker\nshared_preload_libraries = 'slm'\nslm.alert_database = '%s'\n" "$db" >>"$conf"
		fi
		slm_server_restart
	}
	echo "== clocks: the alert worker's cost, pgbench mix, tracked, 4 clients, ${seconds}s per run, $rounds rounds"
	withouts=(); withs=()
	for r in $(seq 1 "$rounds"); do
		alert_worker off; tps tracked 4 >/dev/null; w0=$(tps tracked 4)
		alert_worker on; tps tracked 4 >/dev/null; w1=$(tps tracked 4)
		withouts+=("$w0"); withs+=("$w1")
		echo "round $r: without the worker tps=$w0  with it tps=$w1  with/without=$(awk -v a="$w1" -v b="$w0" 'BEGIN {printf "%.2f", a / b}')"
	done
	alert_worker off
	w0=$(median "${withouts[@]}"); w1=$(median "${withs[@]}")
	echo "median: without the worker tps=$w0  with it tps=$w1  with/without=$(awk -v a="$w1" -v b="$w0" 'BEGIN {printf "%.2f", a / b}') [goal: nothing measurable]"
fi

if want 5; then
# Zammad's tables (its seeds: states, state types, priorities, the group
# Users, the user "-"), with a desk's worth of names added; the tickets as
# two copies of its tickets table without the foreign keys, which would
# charge both alike with a check per id
psql -d $db -v zammad_sql="$zammad_sql" <<'SQL'
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS zammad CASCADE;
CREATE SCHEMA zammad;
SET search_path = zammad;
\o /dev/null
\i :zammad_sql
\o
RESET search_path;
INSERT INTO zammad.groups (id, name, name_last, updated_by_id, created_by_id, created_at, updated_at)
VALUES (2, 'desk', 'desk', 1, 1, localtimestamp, localtimestamp),
       (3, 'network', 'network', 1, 1, localtimestamp, localtimestamp);
INSERT INTO zammad.organizations (id, name, updated_by_id, created_by_id, created_at, updated_at)
SELECT g, 'c' || g, 1, 1, localtimestamp, localtimestamp FROM generate_series(1, 50) g;
INSERT INTO zammad.users (id, login, organization_id, updated_by_id, created_by_id, created_at, updated_at)
SELECT g, 'agent' || g, NULL, 1, 1, localtimestamp, localtimestamp FROM generate_series(2, 201) g;
CREATE TABLE zammad.tz_plain (LIKE zammad.tickets INCLUDING ALL);
CREATE TABLE zammad.tz_tracked (LIKE zammad.tickets INCLUDING ALL);
CREATE SEQUENCE zammad.tz_numbers;
-- new, in the desk group, a third of them unassigned (owner 1, the user "-")
INSERT INTO zammad.tz_plain (group_id, priority_id, state_id, organization_id, number, title, owner_id, customer_id,
                             updated_by_id, created_by_id, created_at, updated_at)
SELECT 2, 1 + g % 3, 1, 1 + g % 50, nextval('zammad.tz_numbers')::text, 'ticket ' || g,
       CASE WHEN g % 3 = 0 THEN 1 ELSE 2 + g % 200 END, 1, 1, 1,
       (now() - interval '1 day' * random()) AT TIME ZONE 'UTC', (now() - interval '1 hour') AT TIME ZONE 'UTC'
FROM generate_series(1, 20000) g;
INSERT INTO zammad.tz_tracked SELECT * FROM zammad.tz_plain;
SELECT slm.attach('zammad.tz_tracked', key => 'id', opened_at => 'created_at', priority => 'priority_id',
                  customer => 'organization_id', status => 'state_id', responded_at => 'first_response_at',
                  resolved_at => 'last_close_at', assignment_group => 'group_id', assignee => 'owner_id',
                  changed_at => 'updated_at', local_zone => 'UTC',
                  lookups => '{"status": "SELECT s.id, t.name FROM ticket_states s JOIN ticket_state_types t ON t.id = s.state_type_id",
                               "assignment_group": "SELECT id, name FROM groups",
                               "customer": "SELECT id, name FROM organizations",
                               "assignee": "SELECT id, login FROM users WHERE id <> 1"}',
                  paused_statuses => '{pending reminder, pending action}', resolved_statuses => '{closed}',
                  cancel_when => '{"state_id": ["merged", "removed"]}', priority_levels => '{3, 2, 1}') IS NOT NULL AS attached;
SELECT bench_snapshot(t) FROM unnest('{zammad.tz_plain,zammad.tz_tracked}'::regclass[]) t;
VACUUM ANALYZE;
SQL
for f in "$mix"_shaped/*.sql; do
	cp "$f" "$work/shaped_untracked_$(basename "$f")"
	sed 's/tz_plain/tz_tracked/g' "$f" >"$work/shaped_tracked_$(basename "$f")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "== clocks: pgbench, every kind of change, on a Zammad-shaped table (ids named by look-ups), 4 clients, ${seconds}s per run, $rounds rounds, $commit commits"
for k in plain tracked shaped_untracked shaped_tracked; do tps $k 4 >/dev/null; done   # warm up all four
# shaped/plain is also taken round by round: the four runs of a round are
# minutes apart, not a whole run, so a slow stretch of the disk moves the
# round's two ratios together more than it moves the medians
plains=(); trackeds=(); untrackeds_z=(); trackeds_z=(); pairs=()
for r in $(seq "$rounds"); do
	p=$(tps plain 4); t=$(tps tracked 4); pz=$(tps shaped_untracked 4); tz=$(tps shaped_tracked 4)
	plains+=("$p"); trackeds+=("$t"); untrackeds_z+=("$pz"); trackeds_z+=("$tz")
	pairs+=("$(awk -v a="$tz" -v b="$pz" -v c="$t" -v d="$p" 'BEGIN {printf "%.4f", (a / b) / (c / d)}')")
	echo "round $r: plain untracked tps=$p  tracked tps=$t  shaped untracked tps=$pz  tracked tps=$tz  plain tracked/untracked=$(ratio "$t" "$p")  shaped tracked/untracked=$(ratio "$tz" "$pz")  shaped/plain=$(ratio "${pairs[-1]}" 1)"
done
p=$(median "${plains[@]}"); t=$(median "${trackeds[@]}"); pz=$(median "${untrackeds_z[@]}"); tz=$(median "${trackeds_z[@]}")
echo "median: plain untracked tps=$p  tracked tps=$t  shaped untracked tps=$pz  tracked tps=$tz"
echo "median: plain tracked/untracked=$(ratio "$t" "$p")  shaped tracked/untracked=$(ratio "$tz" "$pz")  shaped/plain=$(awk -v a="$tz" -v b="$pz" -v c="$t" -v d="$p" 'BEGIN {printf "%.2f", (a / b) / (c / d)}') [goal: the same ratio]  median of the rounds' shaped/plain=$(ratio "$(median "${pairs[@]}")" 1)"
fi
rm -rf "$work"

# One round of the priority change: the tracked UPDATE, the same UPDATE
# untracked, and the floor: the clocks it changed put back (committed, then
# vacuumed, as before the tracked UPDATE) and rewritten to the values it
# computed.  Each round changes every priority again.
prio_rounds=${SLM_BENCH_ROUNDS:-3}
prio_round() {
	cat <<SQL
DROP TABLE IF EXISTS before_prio, reprioritised;
CREATE TEMP TABLE before_prio AS SELECT * FROM slm.clocks WHERE tbl = 'big_tracked'::regclass AND ticket::bigint <= 100000;
VACUUM slm.clocks;
SELECT clock_timestamp() AS t0 \gset
UPDATE big_copy SET prio = prio % 4 + 1 WHERE id <= 100000;
INSERT INTO timings SELECT 'prio untracked $1', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
SELECT clock_timestamp() AS t0 \gset
UPDATE big_tracked SET prio = prio % 4 + 1 WHERE id <= 100000;
INSERT INTO timings SELECT 'prio tracked $1', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
CREATE TEMP TABLE reprioritised AS
SELECT c.* FROM slm.clocks c JOIN before_prio b ON b.id = c.id
WHERE (c.priority, c.agreement, c.target, c.goal, c.calendar, c.warn_at, c.goal_time, c.paused_time, c.time_used,
       c.warn_from, c.due_at, c.due_date, c.state)
      IS DISTINCT FROM (b.priority, b.agreement, b.target, b.goal, b.calendar, b.warn_at, b.goal_time, b.paused_time,
                        b.time_used, b.warn_from, b.due_at, b.due_date, b.state);
CALL pg_temp.set_clocks('before_prio');
VACUUM slm.clocks;
BEGIN;
SELECT clock_timestamp() AS t0 \gset
CALL pg_temp.set_clocks('reprioritised');
SELECT extract(epoch FROM clock_timestamp() - :'t0') * 1000 AS floor_ms \gset
COMMIT;
INSERT INTO timings VALUES ('prio floor $1', :floor_ms);
SQL
}

if want 2; then
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
-- the untracked priority change's table as the tracked one is, with its
-- primary key (updating a full table's rows moves them: the key's index
-- gets an entry per row)
ALTER TABLE big_copy ADD PRIMARY KEY (id);
VACUUM ANALYZE big_copy;
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

-- a calendar change (a holiday amid the tickets): rebuild reads and
-- recomputes every clock and writes those whose values changed; its floor
-- is rewriting every clock of the table with the values it computed (also
-- printed: rewriting only the clocks that changed)
-- (with slm's own rescheduling of the running clocks off, which would do
-- part of the rebuild's work inside the UPDATE: timed below on its own)
ALTER TABLE slm.calendars DISABLE TRIGGER model_resync_at_commit;
UPDATE slm.calendars SET calendar = calendar || '2026-03-02 closed' WHERE name = 'business hours';
ALTER TABLE slm.calendars ENABLE ALWAYS TRIGGER model_resync_at_commit;
CREATE TEMP TABLE before_change AS SELECT * FROM slm.clocks WHERE tbl = 'big_tracked'::regclass;
SELECT clock_timestamp() AS t0 \gset
SELECT slm.rebuild('big_tracked') AS tickets_again \gset
INSERT INTO timings SELECT 'rebuild after change', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
CREATE TEMP TABLE rescheduled_all AS SELECT * FROM slm.clocks WHERE tbl = 'big_tracked'::regclass;
CREATE TEMP TABLE rescheduled AS
SELECT c.* FROM slm.clocks c JOIN before_change b ON b.id = c.id
WHERE (c.goal_time, c.paused_time, c.time_used, c.warn_from, c.due_at, c.due_date, c.state)
      IS DISTINCT FROM (b.goal_time, b.paused_time, b.time_used, b.warn_from, b.due_at, b.due_date, b.state);
-- each floor rewrites the clocks from the values they had before to the
-- new ones, in a transaction that the floor's timing alone is rolled back
-- from: the clocks are put back to their old values first (untimed), so
-- that the rewrite changes what the rebuild changed.  (Rewriting clocks
-- that already hold the new values changes no indexed column: HOT updates
-- that no rebuild or trigger gets, which understated the floors before.)
-- set_clocks(copy): the target and schedule columns of each clock in a
-- copy of some of slm.clocks, written back (the old values, untimed; or,
-- for the priority change, the new ones, timed)
CREATE PROCEDURE pg_temp.set_clocks(copy regclass) LANGUAGE plpgsql AS \$\$
BEGIN
    EXECUTE format('UPDATE slm.clocks c SET priority = o.priority, agreement = o.agreement, target = o.target, goal = o.goal,
                        calendar = o.calendar, warn_at = o.warn_at, goal_time = o.goal_time, paused_time = o.paused_time,
                        time_used = o.time_used, warn_from = o.warn_from, due_at = o.due_at, due_date = o.due_date,
                        state = o.state
                    FROM %s o WHERE c.id = o.id', copy);
END \$\$;
BEGIN;
CALL pg_temp.set_clocks('before_change');
SELECT clock_timestamp() AS t0 \gset
UPDATE slm.clocks c
SET goal_time = r.goal_time, paused_time = r.paused_time, time_used = r.time_used, warn_from = r.warn_from,
    due_at = r.due_at, due_date = r.due_date, state = r.state
FROM rescheduled_all r WHERE c.id = r.id;
SELECT extract(epoch FROM clock_timestamp() - :'t0') * 1000 AS floor_ms \gset
ROLLBACK;
INSERT INTO timings VALUES ('rewrite floor', :floor_ms);
BEGIN;
CALL pg_temp.set_clocks('before_change');
SELECT clock_timestamp() AS t0 \gset
UPDATE slm.clocks c
SET goal_time = r.goal_time, paused_time = r.paused_time, time_used = r.time_used, warn_from = r.warn_from,
    due_at = r.due_at, due_date = r.due_date, state = r.state
FROM rescheduled r WHERE c.id = r.id;
SELECT extract(epoch FROM clock_timestamp() - :'t0') * 1000 AS floor_ms \gset
ROLLBACK;
INSERT INTO timings VALUES ('rewrite changed', :floor_ms);

-- a calendar change itself, which brings the clocks of the open tickets up
-- to it at commit (slm.resync_running_clocks)
SELECT count(DISTINCT ticket) AS open_tickets FROM slm.clocks
WHERE tbl = 'big_tracked'::regclass AND removed_at IS NULL AND stopped_at IS NULL AND cancelled_at IS NULL \gset
SELECT clock_timestamp() AS t0 \gset
UPDATE slm.calendars SET calendar = calendar || '2026-03-03 closed' WHERE name = 'business hours';
INSERT INTO timings SELECT 'calendar change', extract(epoch FROM clock_timestamp() - :'t0') * 1000;

-- one UPDATE of 100k tickets' priority through the trigger, against the
-- same UPDATE untracked and against rewriting the clocks it changed with
-- the values it computed, in rounds (prio_round, above)
ALTER TABLE big_tracked ENABLE TRIGGER USER;
$(for r in $(seq 1 "$prio_rounds"); do prio_round "$r"; done)

\pset tuples_only on
\pset format unaligned
WITH t AS (SELECT max(ms) FILTER (WHERE what = 'copy') AS copy, max(ms) FILTER (WHERE what = 'rebuild') AS rebuild,
                  max(ms) FILTER (WHERE what = 'floor') AS floor, max(ms) FILTER (WHERE what = 'plain scan') AS plain,
                  max(ms) FILTER (WHERE what = 'sla_status') AS status,
                  max(ms) FILTER (WHERE what = 'rebuild after change') AS again,
                  max(ms) FILTER (WHERE what = 'rewrite floor') AS rewrite,
                  max(ms) FILTER (WHERE what = 'rewrite changed') AS rewrite_changed,
                  max(ms) FILTER (WHERE what = 'calendar change') AS calendar_change,
                  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM timings WHERE what LIKE 'prio untracked %') AS prio_plain
           FROM timings),
     p AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY tr.ms) AS prio,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY fl.ms) AS prio_floor,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY tr.ms / fl.ms) AS prio_ratio,
                  string_agg(round((tr.ms / fl.ms)::numeric, 2)::text, ', ' ORDER BY tr.what) AS prio_rounds
           FROM timings tr JOIN timings fl ON fl.what = replace(tr.what, 'tracked', 'floor')
           WHERE tr.what LIKE 'prio tracked %')
SELECT format('rebuild of %s tickets without clocks (%s clocks): %s ms, floor (inserting those clocks, computed beforehand) %s ms: ratio %s [goal <= 1.2]',
              :'tickets_read', (SELECT count(*) FROM made), round(rebuild), round(floor), round((rebuild / floor)::numeric, 2))
       || E'\n' ||
       format('  (INSERT ... SELECT of the tickets %s ms: rebuild %s times it, the floor %s times it)',
              round(copy), round((rebuild / copy)::numeric, 1), round((floor / copy)::numeric, 1))
       || E'\n' ||
       format('rebuild after a calendar change: %s ms, floor (rewriting all %s clocks with values computed beforehand) %s ms: ratio %s [goal <= 1.5]; rewriting only the %s it changed %s ms',
              round(again), (SELECT count(*) FROM before_change), round(rewrite), round((again / rewrite)::numeric, 2),
              (SELECT count(*) FROM rescheduled), round(rewrite_changed))
       || E'\n' ||
       format('  (the calendar change itself, bringing the clocks of the %s open tickets up to it: %s ms)',
              :'open_tickets', round(calendar_change))
       || E'\n' ||
       format('UPDATE of 100k tracked tickets'' priority: %s ms, floor (rewriting the %s clocks it changed from their old values) %s ms: ratio %s [goal <= 1.5] (medians of %s rounds: %s); untracked UPDATE %s ms',
              round(prio::numeric), (SELECT count(*) FROM reprioritised), round(prio_floor::numeric), round(prio_ratio::numeric, 2),
              $prio_rounds, prio_rounds, round(prio_plain::numeric))
       || E'\n' ||
       format('  (the same UPDATE untracked plus that floor %s ms: ratio %s; tracking''s own part, the tracked UPDATE less the untracked one, / the floor: %s)',
              round((prio_plain + prio_floor)::numeric), round((prio / (prio_plain + prio_floor))::numeric, 2),
              round(((prio - prio_plain) / prio_floor)::numeric, 2))
       || E'\n' ||
       format('slm.sla_status over %s clocks: %s ms, plain scan computing due_at - now() %s ms: ratio %s [goal <= 2]',
              :'statuses', round(status), round(plain), round((status / plain)::numeric, 2))
FROM t, p;
SQL
fi

# 6. slm.load_history: the history of SLM_BENCH_HISTORY tickets (default a
# tenth of $tickets), six snapshots each (new, answered, waiting, back,
# resolved, reopened and resolved again, one change an hour in business
# time), loaded into a table holding the final rows, against its floor
# (inserting the clocks it made into slm.clocks with its indexes; goal:
# at most 1.5x) and against the same changes played live through the
# trigger, one UPDATE statement per step (goal: at most 0.2x).
if want 6; then
history=${SLM_BENCH_HISTORY:-$((tickets / 10))}
echo "== clocks: slm.load_history of $history tickets, 6 changes each"
psql -d $db <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS hist_log, hist_live, hist_loaded, hist_snapshots, hist_changes, hist_loaded_changes;
CREATE TABLE hist_log AS
SELECT s.step * $history + g AS seq, g AS id,
       timestamptz '2026-01-05 08:00+00' + (g % 5000) * interval '3 minutes' AS created, 1 + g % 4 AS prio,
       'c' || g % 50 AS cust,
       (ARRAY['new', 'open', 'waiting', 'open', 'resolved', 'resolved'])[s.step] AS status,
       timestamptz '2026-01-05 08:00+00' + (g % 5000) * interval '3 minutes' + (s.step - 1) * interval '1 hour' AS changed,
       CASE WHEN s.step >= 2 THEN timestamptz '2026-01-05 09:00+00' + (g % 5000) * interval '3 minutes' END AS responded,
       CASE WHEN s.step >= 5 THEN timestamptz '2026-01-05 08:00+00' + (g % 5000) * interval '3 minutes'
                                  + (s.step - 1) * interval '1 hour' END AS resolved,
       s.step
FROM generate_series(1, $history) g, generate_series(1, 6) s(step);
CREATE INDEX ON hist_log (id, seq);
CREATE TABLE hist_live (id int PRIMARY KEY, created timestamptz, prio int, cust text, status text, changed timestamptz,
                        responded timestamptz, resolved timestamptz);
CREATE TABLE hist_loaded (LIKE hist_live INCLUDING ALL);
SELECT slm.attach(t, key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust', status => 'status',
                  changed_at => 'changed', responded_at => 'responded', resolved_at => 'resolved',
                  paused_statuses => '{waiting}') IS NULL AS attached
FROM unnest('{hist_live,hist_loaded}'::regclass[]) t;
VACUUM ANALYZE hist_log;
CREATE TEMP TABLE timings (what text PRIMARY KEY, ms float8);
-- live: the first snapshots inserted, then each later step as one UPDATE
SELECT clock_timestamp() AS t0 \gset
INSERT INTO hist_live SELECT id, created, prio, cust, status, changed, responded, resolved FROM hist_log WHERE step = 1;
DO \$\$
BEGIN
    FOR k IN 2 .. 6 LOOP
        UPDATE hist_live t SET status = h.status, changed = h.changed, responded = h.responded,
                               resolved = CASE WHEN k = 6 THEN NULL ELSE h.resolved END
        FROM hist_log h WHERE h.id = t.id AND h.step = k;
        IF k = 6 THEN  -- reopened, then resolved again an hour later
            UPDATE hist_live t SET resolved = h.changed + interval '1 hour', changed = h.changed + interval '1 hour'
            FROM hist_log h WHERE h.id = t.id AND h.step = k;
        END IF;
    END LOOP;
END \$\$;
INSERT INTO timings SELECT 'live', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
-- the history as live tracking saw it: the reopening is two snapshots
CREATE TABLE hist_snapshots AS
SELECT seq * 2 AS seq, id, created, prio, cust, status, changed, responded,
       CASE WHEN step = 6 THEN NULL ELSE resolved END AS resolved FROM hist_log
UNION ALL
SELECT seq * 2 + 1, id, created, prio, cust, status, changed + interval '1 hour', responded,
       changed + interval '1 hour'
FROM hist_log WHERE step = 6;
INSERT INTO hist_loaded SELECT * FROM hist_live;
VACUUM ANALYZE hist_snapshots, hist_loaded;
SELECT clock_timestamp() AS t0 \gset
SELECT slm.load_history('hist_loaded', 'hist_snapshots', 'seq') AS loaded \gset
INSERT INTO timings SELECT 'load', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
-- the floor: inserting the clocks it made (rolled back)
CREATE TEMP TABLE made_by_load AS SELECT * FROM slm.clocks WHERE tbl = 'hist_loaded'::regclass;
BEGIN;
DELETE FROM slm.clocks WHERE tbl = 'hist_loaded'::regclass;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO slm.clocks SELECT * FROM made_by_load;
SELECT extract(epoch FROM clock_timestamp() - :'t0') * 1000 AS floor_ms \gset
ROLLBACK;
INSERT INTO timings VALUES ('floor', :floor_ms);
-- the same history as field changes, a row per changed column (one change
-- a seq), loaded into another copy of the final rows
CREATE TABLE hist_changes AS
SELECT id AS ticket, changed AS at, f.field, f.old_value, f.new_value, seq
FROM (SELECT seq, id, changed, ARRAY[status, responded::text, resolved::text] AS now,
             lag(ARRAY[status, responded::text, resolved::text]) OVER (PARTITION BY id ORDER BY seq) AS before
      FROM hist_snapshots) v
CROSS JOIN LATERAL (SELECT (ARRAY['status', 'responded', 'resolved'])[k] AS field, v.before[k] AS old_value,
                           v.now[k] AS new_value FROM generate_series(1, 3) k) f
WHERE v.before IS NOT NULL AND f.old_value IS DISTINCT FROM f.new_value;
CREATE TABLE hist_loaded_changes (LIKE hist_live INCLUDING ALL);
SELECT slm.attach('hist_loaded_changes', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', changed_at => 'changed', responded_at => 'responded', resolved_at => 'resolved',
                  paused_statuses => '{waiting}') IS NULL AS attached;
INSERT INTO hist_loaded_changes SELECT * FROM hist_live;
VACUUM ANALYZE hist_changes, hist_loaded_changes;
SELECT count(*) AS nchanges FROM hist_changes \gset
SELECT clock_timestamp() AS t0 \gset
SELECT slm.load_history('hist_loaded_changes', 'hist_changes', 'seq',
                        fields => '{"status": "status", "responded": "responded_at", "resolved": "resolved_at"}') AS loaded_changes \gset
INSERT INTO timings SELECT 'load changes', extract(epoch FROM clock_timestamp() - :'t0') * 1000;
-- the same clocks every way (a check, not a test: the tests compare column for column)
SELECT count(*) AS differ FROM (
    (SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, state FROM slm.clocks
     WHERE tbl = 'hist_live'::regclass
     EXCEPT SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, state FROM slm.clocks
     WHERE tbl = 'hist_loaded'::regclass)) d \gset
SELECT count(*) AS differ_changes FROM (
    (SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, state FROM slm.clocks
     WHERE tbl = 'hist_live'::regclass
     EXCEPT SELECT ticket, kind, metric, cycle, pauses, stopped_at, due_at, state FROM slm.clocks
     WHERE tbl = 'hist_loaded_changes'::regclass)) d \gset
\pset tuples_only on
\pset format unaligned
WITH t AS (SELECT max(ms) FILTER (WHERE what = 'load') AS load, max(ms) FILTER (WHERE what = 'live') AS live,
                  max(ms) FILTER (WHERE what = 'load changes') AS load_changes,
                  max(ms) FILTER (WHERE what = 'floor') AS floor FROM timings)
SELECT format('load_history of %s tickets (%s clocks), snapshots: %s ms, floor (inserting those clocks) %s ms: ratio %s [goal <= 1.5]; '
              'live through the trigger %s ms: ratio %s [goal <= 0.2]; clocks that differ from live: %s',
              :'loaded', (SELECT count(*) FROM made_by_load), round(load), round(floor),
              round((load / floor)::numeric, 2), round(live), round((load / live)::numeric, 2), :'differ')
       || E'\n' ||
       format('load_history of %s tickets, field changes (%s rows): %s ms: ratio to the floor %s [goal <= 1.5], '
              'to live %s [goal <= 0.2]; clocks that differ from live: %s',
              :'loaded_changes', :'nchanges', round(load_changes), round((load_changes / floor)::numeric, 2),
              round((load_changes / live)::numeric, 2), :'differ_changes')
FROM t;
SQL
fi
