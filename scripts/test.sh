#!/usr/bin/env bash
# scripts/test.sh - run every test of slm on a throwaway cluster
#
# Run as root on a fresh Debian bookworm machine: installs what is missing,
# builds slm with warnings as errors, starts a private cluster, runs the
# pg_regress suite and the pgTAP suites, prints regression.diffs on failure,
# and ends with one line "N passed, N failed" counting both.  The exit status
# is non-zero when anything failed.

source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"

slm_install_packages
slm_build_install
trap slm_cluster_stop EXIT
slm_cluster_start

passed=0
failed=0

# --- pg_regress and isolation tests ----------------------------------------
# run_regress LABEL TARGETS...: one pg_regress run, its lines counted
run_regress() {
	local label=$1 regress_status=0 r_ok r_fail diffs
	shift
	rm -rf results regression.diffs regression.out output_iso
	: >"$SLM_RUN_DIR/regress.log"
	set +e
	for targets in "$@"; do
		make -s PG_CONFIG="$SLM_PG_BIN/pg_config" installcheck $targets >>"$SLM_RUN_DIR/regress.log" 2>&1 || regress_status=1
	done
	set -e
	sed "s/^test /test $label/" "$SLM_RUN_DIR/regress.log"
	# PostgreSQL 15 prints "test name ... ok"; 16 and later print TAP ("ok 1 - name").
	r_ok=$(grep -cE '\.\.\. ok|^ok [0-9]+ ' "$SLM_RUN_DIR/regress.log" || true)
	r_fail=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$SLM_RUN_DIR/regress.log" || true)
	if [ "$regress_status" != 0 ] && [ "$r_fail" = 0 ]; then
		r_fail=1 # pg_regress itself broke before running the tests
	fi
	for diffs in regression.diffs output_iso/regression.diffs; do
		if [ -s "$diffs" ]; then
			echo "----- $diffs $label-----"
			cat "$diffs"
			echo "----------------------------"
		fi
	done
	passed=$((passed + r_ok))
	failed=$((failed + r_fail))
}

slm_log "pg_regress"
run_regress "" "ISOLATION=" "REGRESS="
if [ "$("$SLM_PG_BIN/pg_config" --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')" -lt 16 ]; then
	echo "# calendar_softerr not run: soft input errors need PostgreSQL 16 (expected/calendar_softerr.out)"
fi

# No test may depend on today's date: the regression suite runs once more
# with the server's clock years ahead, so such a test fails the day it is
# written.
SLM_FAKE_AHEAD=${SLM_FAKE_AHEAD:-+5y}
slm_log "pg_regress with the server's clock at today $SLM_FAKE_AHEAD"
SLM_FAKETIME=$SLM_FAKE_AHEAD slm_server_restart
slm_psql -d postgres -Atc "SELECT 'the server''s clock reads ' || now()::date" >&2
run_regress "(clock $SLM_FAKE_AHEAD) " "ISOLATION="
SLM_FAKETIME= slm_server_restart

# --- pgTAP -----------------------------------------------------------------
slm_log "pgTAP"
slm_psql -d postgres -c "DROP DATABASE IF EXISTS slm_tap" -c "CREATE DATABASE slm_tap"
slm_psql -d slm_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION slm"
set +e
pg_prove -v -d slm_tap --ext .sql -r test/pgtap >"$SLM_RUN_DIR/tap.log" 2>&1
tap_status=$?
set -e
cat "$SLM_RUN_DIR/tap.log"
t_ok=$(grep -cE '^ok [0-9]+' "$SLM_RUN_DIR/tap.log" || true)
t_fail=$(grep -cE '^not ok [0-9]+' "$SLM_RUN_DIR/tap.log" || true)
if [ "$tap_status" != 0 ] && [ "$t_fail" = 0 ]; then
	t_fail=1 # a suite died or planned a different number of tests
fi
passed=$((passed + t_ok))
failed=$((failed + t_fail))

# --- further suites (scripts/tests/*.sh print "ok"/"not ok" lines) ---------
for suite in scripts/tests/*.sh; do
	[ -e "$suite" ] || continue
	slm_log "$(basename "$suite")"
	set +e
	bash "$suite" >"$SLM_RUN_DIR/suite.log" 2>&1
	s_status=$?
	set -e
	cat "$SLM_RUN_DIR/suite.log"
	s_ok=$(grep -cE '^ok ' "$SLM_RUN_DIR/suite.log" || true)
	s_fail=$(grep -cE '^not ok ' "$SLM_RUN_DIR/suite.log" || true)
	if [ "$s_status" != 0 ] && [ "$s_fail" = 0 ]; then
		s_fail=1
	fi
	passed=$((passed + s_ok))
	failed=$((failed + s_fail))
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
