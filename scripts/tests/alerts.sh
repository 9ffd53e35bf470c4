#!/usr/bin/env bash
# scripts/tests/alerts.sh - crossings sent when they happen (run by
# scripts/test.sh, as root)
#
# On a private cluster of its own:
#  - with slm in shared_preload_libraries and slm.alert_database set, the
#    alert worker sends every crossing of SLM_ALERT_TICKETS (default 150)
#    tickets opened at random instants over 40 s, against a 6-second goal
#    with an escalation level 2 s after it: each once, none early, 99%
#    within 1 s (test/alerts/crossings.py listens and measures);
#  - without the worker, pg_cron (postgresql-15-cron) runs slm.escalate()
#    every minute as the README says, and the crossing is sent by it.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SLM_RUN_DIR=${SLM_ALERTS_DIR:-/tmp/slm-alerts}
SLM_PORT=${SLM_ALERTS_PORT:-54338}
tickets=${SLM_ALERT_TICKETS:-150}
failed=0
finish() {
	if [ "$failed" = 0 ]; then slm_cluster_stop; else echo "# logs kept in $SLM_RUN_DIR"; fi
}
trap finish EXIT
psql() { "$SLM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

setup() {
	psql -d postgres -c "CREATE DATABASE slm_alerts"
	psql -d slm_alerts <<-'SQL'
		SET client_min_messages = warning;
		CREATE EXTENSION slm;
		INSERT INTO slm.calendars (name, calendar) VALUES ('always', 'tz=UTC; 24x7');
		INSERT INTO slm.services (name, calendar) VALUES ('default', 'always');
		INSERT INTO slm.agreements (name, kind, service) VALUES ('pager', 'SLA', 'default');
		INSERT INTO slm.targets (agreement, metric, goal, warn_at)
		SELECT id, 'response', interval '6 seconds', 0.5 FROM slm.agreements;
		-- an escalation level 2 seconds after the due time
		INSERT INTO slm.escalation_levels (target, name, from_due, action)
		SELECT id, 'page the manager', interval '2 seconds', 'page' FROM slm.targets;
		CREATE TABLE pages (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int, status text, replied timestamptz);
		SELECT slm.attach('pages', key => 'id', opened_at => 'opened', priority => 'prio', status => 'status',
		                  responded_at => 'replied');
	SQL
}

# --- the worker ---------------------------------------------------------
SLM_EXTRA_CONF="shared_preload_libraries = 'slm'
slm.alert_database = 'slm_alerts'"
slm_cluster_start
setup
# The worker started before slm_alerts existed and is restarted every 10 s
# until it can connect; then it looks for the extension every 10 s.  The
# measurement starts once it has run slm.escalate() there.
for _ in $(seq 1 40); do
	[ "$(psql -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'slm alert worker'
	                               AND datname = 'slm_alerts' AND query = 'slm.escalate'")" = 1 ] && break
	sleep 1
done
sleep 11
if PGDATABASE=slm_alerts /usr/bin/python3 "$root/test/alerts/crossings.py" "$tickets" 40 6 >"$SLM_RUN_DIR/worker.out" 2>&1; then
	echo "ok - alerts: the worker sends every crossing once, 99% within 1 s ($(tail -1 "$SLM_RUN_DIR/worker.out"))"
else
	cat "$SLM_RUN_DIR/worker.out"
	echo "not ok - alerts: the worker's crossings"
	failed=1
fi
if [ "$(psql -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'slm alert worker' AND datname = 'slm_alerts'")" = 1 ]; then
	echo "ok - alerts: one worker, on slm.alert_database"
else
	echo "not ok - alerts: no worker on slm_alerts"
	failed=1
fi

# --- pg_cron, without the worker -----------------------------------------
slm_cluster_stop
SLM_EXTRA_CONF="shared_preload_libraries = 'pg_cron'
cron.database_name = 'slm_alerts'
cron.use_background_workers = on"
slm_cluster_start
setup
psql -d slm_alerts -At <<-'SQL' >/dev/null
	CREATE EXTENSION pg_cron;
	SELECT cron.schedule('slm-escalate', '* * * * *', 'SELECT count(notified_at) FROM slm.escalate()');
	INSERT INTO pages VALUES (1, now(), 1, 'new', NULL);
SQL
sent=""
for _ in $(seq 1 90); do
	sent=$(psql -d slm_alerts -At -c "SELECT count(notified_at) FROM slm.events")
	[ "$sent" = 3 ] && break
	sleep 1
done
if [ "$sent" = 3 ] && [ "$(psql -d slm_alerts -At -c "SELECT count(*) FROM cron.job_run_details WHERE status = 'succeeded'")" -ge 1 ]; then
	echo "ok - alerts: without the worker, pg_cron runs slm.escalate() each minute and sends the crossings"
else
	psql -d slm_alerts -c "SELECT * FROM cron.job_run_details" -c "SELECT * FROM slm.events" || true
	echo "not ok - alerts: pg_cron sent $sent of 3 crossings"
	failed=1
fi
exit $failed
