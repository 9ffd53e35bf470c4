#!/usr/bin/env bash
# scripts/valgrind.sh - the pg_regress suite with the server under valgrind
#
# Run as root (make valgrind).  Starts a throwaway cluster whose postmaster
# and backends run under valgrind's memcheck, runs the pg_regress suite
# against it, and reads valgrind's reports: any invalid read or write, use
# of uninitialised memory in a jump or any invalid free with a frame in
# slm's library is a failure.  Reports wholly inside PostgreSQL are counted
# but not judged; test/valgrind/slm.supp silences the known ones (the
# server's own writes of padding bytes).  Takes tens of minutes.
source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"
SLM_RUN_DIR=${SLM_VALGRIND_DIR:-/tmp/slm-valgrind}
SLM_PORT=${SLM_VALGRIND_PORT:-54349}
slm_install_packages valgrind
slm_build_install

slm_cluster_stop
mkdir -p "$SLM_RUN_DIR/logs"
chown -R postgres: "$SLM_RUN_DIR"
su postgres -s /bin/sh -c "$SLM_PG_BIN/initdb -D '$SLM_RUN_DIR/data' -A trust -U postgres \
	--encoding=UTF8 --locale=C.UTF-8 >'$SLM_RUN_DIR/initdb.log' 2>&1"
cat >>"$SLM_RUN_DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$SLM_RUN_DIR'
port = $SLM_PORT
timezone = 'UTC'
lc_messages = 'C'
fsync = off
max_parallel_workers_per_gather = 0
jit = off
statement_timeout = 0
EOF
trap slm_cluster_stop EXIT
su postgres -s /bin/sh -c "cd '$SLM_RUN_DIR' && nohup valgrind --quiet --error-limit=no --num-callers=40 \
	--suppressions='$SLM_ROOT/test/valgrind/slm.supp' --log-file='$SLM_RUN_DIR/logs/%p.log' \
	$SLM_PG_BIN/postgres -D '$SLM_RUN_DIR/data' >'$SLM_RUN_DIR/server.log' 2>&1 &"
export PGHOST=$SLM_RUN_DIR PGPORT=$SLM_PORT PGUSER=postgres
for _ in $(seq 1 300); do
	"$SLM_PG_BIN/pg_isready" -q && break
	sleep 1
done

slm_log "pg_regress under valgrind"
set +e
make -s PG_CONFIG="$SLM_PG_BIN/pg_config" installcheck ISOLATION= \
	${SLM_VALGRIND_TESTS:+REGRESS="$SLM_VALGRIND_TESTS"} >"$SLM_RUN_DIR/regress.log" 2>&1
set -e
cat "$SLM_RUN_DIR/regress.log"
su postgres -s /bin/sh -c "$SLM_PG_BIN/pg_ctl -D '$SLM_RUN_DIR/data' -m fast -w -t 600 stop" >/dev/null || true

errors=$(cat "$SLM_RUN_DIR"/logs/*.log | grep -cE '^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Mismatched free|Syscall param)' || true)
# a report is slm's when one of its stacks (the error's, where the memory
# was allocated or freed) has a frame in slm.so among its first eight: named
# by the library where valgrind has no line for it, else by one of slm's
# source files (PostgreSQL's frames, without debugging symbols, name the
# binary).  Deeper, slm is only the caller of what PostgreSQL does (its
# invalidation messages read while SPI plans a query of slm's).
sources=$(find "$SLM_ROOT/src" -name '*.c' -printf '%f\n' | sed 's/\.c$//' | paste -sd '|')
mine_re="slm[.]so|[ (]($sources)[.]c:[0-9]+[)]"
ours=$(awk -v mine_re="$mine_re" '
	/^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Mismatched free|Syscall param)/ {inrep=1; mine=0; next}
	inrep && /^==[0-9]+==    at / {depth=0}
	inrep && /^==[0-9]+==    (at|by) / {depth++; if (depth <= 8 && $0 ~ mine_re) mine=1}
	inrep && /^==[0-9]+== $/ {if (mine) n++; inrep=0}
	END {print n + 0}' "$SLM_RUN_DIR"/logs/*.log)
backends=$(ls "$SLM_RUN_DIR"/logs | wc -l)
echo "# valgrind: $backends processes, $errors reports in all, $ours with a frame in slm's code"
if [ "$ours" = 0 ] && grep -qE 'tests passed|All [0-9]+ tests' "$SLM_RUN_DIR/regress.log"; then
	echo "ok - valgrind: no invalid read, write or use of uninitialised memory in slm's code"
else
	grep -lE "$mine_re" "$SLM_RUN_DIR"/logs/*.log | head -3 | xargs -r head -60
	echo "not ok - valgrind: reports in slm's code (logs in $SLM_RUN_DIR/logs)"
	trap - EXIT
	exit 1
fi
