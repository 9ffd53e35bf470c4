# scripts/lib.sh - shared set-up for the demo, the tests and the benchmarks
#
# Sourced, not run.  Gives:
#   slm_install_packages   apt-get what a fresh Debian bookworm machine lacks
#   slm_build_install      build slm with warnings as errors and install it
#   slm_cluster_start      initdb + start a throwaway cluster (Unix socket only)
#   slm_server_restart     restart it; with SLM_FAKETIME set (say +5y), the server's
#                          clock runs that far from the machine's (libfaketime)
#   slm_cluster_stop       stop it and remove its folder
#   slm_psql               psql against that cluster, stopping on the first error
#
# The cluster lives in one fixed folder per purpose ($SLM_RUN_DIR), so a run
# that was interrupted is cleaned up by the next one instead of leaving a
# server behind.  The server listens only on a socket inside that folder, so
# no TCP port can clash.

set -euo pipefail

SLM_PG_MAJOR=${SLM_PG_MAJOR:-15}
SLM_PG_BIN=/usr/lib/postgresql/$SLM_PG_MAJOR/bin
SLM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLM_RUN_DIR=${SLM_RUN_DIR:-/tmp/slm-run}
SLM_PORT=${SLM_PORT:-54329}

slm_log() { printf '==> %s\n' "$*" >&2; }

slm_need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "this script installs packages and runs the server as the postgres user: run it as root" >&2
		exit 1
	fi
}

# Install only what is missing, so a second run is quick and works offline.
slm_install_packages() {
	local want=(make gcc libc6-dev
		"postgresql-$SLM_PG_MAJOR" "postgresql-server-dev-$SLM_PG_MAJOR"
		"postgresql-$SLM_PG_MAJOR-pgtap" "postgresql-$SLM_PG_MAJOR-cron" libtap-parser-sourcehandler-pgtap-perl
		python3-psycopg2 clang libclang-rt-14-dev libfaketime
		default-jdk-headless libpostgresql-jdbc-java odbc-postgresql unixodbc python3-pyodbc "$@")
	local missing=() p
	for p in "${want[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		slm_log "installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

slm_build_install() {
	slm_log "building and installing slm"
	make -C "$SLM_ROOT" -s PG_CONFIG="$SLM_PG_BIN/pg_config" clean >/dev/null
	make -C "$SLM_ROOT" -s PG_CONFIG="$SLM_PG_BIN/pg_config" >/dev/null
	make -C "$SLM_ROOT" -s PG_CONFIG="$SLM_PG_BIN/pg_config" install >/dev/null
}

# Stop whatever an earlier, interrupted run left in $SLM_RUN_DIR.
slm_cluster_stop() {
	if [ -f "$SLM_RUN_DIR/data/postmaster.pid" ]; then
		su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -m immediate -w stop" >/dev/null 2>&1 || true
		local pid
		pid=$(head -1 "$SLM_RUN_DIR/data/postmaster.pid" 2>/dev/null || true)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -rf "$SLM_RUN_DIR"
}

slm_cluster_start() {
	slm_cluster_stop
	mkdir -p "$SLM_RUN_DIR"
	chown postgres: "$SLM_RUN_DIR"
	slm_log "starting a throwaway cluster in $SLM_RUN_DIR"
	su postgres -s /bin/sh -c "$SLM_PG_BIN/initdb -D '$SLM_RUN_DIR/data' -A trust -U postgres \
		--encoding=UTF8 --locale=C.UTF-8 >'$SLM_RUN_DIR/initdb.log' 2>&1"
	cat >>"$SLM_RUN_DIR/data/postgresql.conf" <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$SLM_RUN_DIR'
		port = $SLM_PORT
		timezone = 'UTC'
		log_timezone = 'UTC'
		lc_messages = 'C'
		fsync = off
		max_worker_processes = 8
		max_parallel_workers_per_gather = 2
		${SLM_EXTRA_CONF:-}
	EOF
	slm_server_start
	export PGHOST=$SLM_RUN_DIR PGPORT=$SLM_PORT PGUSER=postgres
}

# The server of $SLM_RUN_DIR, under libfaketime when SLM_FAKETIME is set, so
# that a test which depends on today's date fails the day it is written.
slm_server_start() {
	local env=""
	if [ -n "${SLM_FAKETIME:-}" ]; then
		env="LD_PRELOAD=$(dpkg -L libfaketime | grep '/libfaketime\.so\.1$') FAKETIME='$SLM_FAKETIME' FAKETIME_DONT_FAKE_MONOTONIC=1"
	fi
	su postgres -s /bin/sh -c "$env $SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -l '$SLM_RUN_DIR/server.log' -w -t 60 start" >/dev/null
}

slm_server_restart() {
	su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -m fast -w stop" >/dev/null
	slm_server_start
}

slm_psql() {
	"$SLM_PG_BIN/psql" -X -v ON_ERROR_STOP=1 -q "$@"
}
