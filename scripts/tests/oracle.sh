#!/usr/bin/env bash
# scripts/tests/oracle.sh - the business-time oracle checked on its own
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  The oracle (test/oracle/oracle.sql, a slow PL/pgSQL reading of
# doc/business-time.md) is what the engine differential
# (scripts/tests/differential.sh) trusts, so it is checked first against
# the spec's worked examples under four session time zones
# (test/oracle/check.sql), then against hand-worked edge cases and random
# properties that tie its functions to each other and to a brute-force
# minute count (test/oracle/selfcheck.sql, about 20 s).  Both end in an
# ERROR when anything fails; each prints one "ok"/"not ok" line here, and
# on failure its failing checks.  The oracle needs no extension.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
db=slm_oracle_check
psql() { PGOPTIONS="-c client_min_messages=warning" command psql -X -v ON_ERROR_STOP=1 "$@"; }

status=0
# check NAME SUMMARY_PATTERN FILE...: run the files in one session
check() {
	local name=$1 summary=$2 out
	shift 2
	local files=()
	for f in "$@"; do files+=(-f "$root/test/oracle/$f"); done
	if out=$(psql -d "$db" "${files[@]}" 2>&1); then
		echo "ok - oracle $name: $(echo "$out" | grep -E "$summary" | tail -1)"
	else
		echo "not ok - oracle $name: $(echo "$out" | grep -E "$summary" | tail -1)"
		echo "$out" | grep -E '^ *FAIL |ERROR' | sed 's/^/# /'
		status=1
	fi
}

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
check "spec examples (check.sql)" 'examples checked' check.sql
check "self-check (selfcheck.sql)" 'self-checks,' oracle.sql selfcheck.sql
psql -q -d postgres -c "DROP DATABASE $db"
exit $status
