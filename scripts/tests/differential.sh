#!/usr/bin/env bash
# scripts/tests/differential.sh - the C engine against the PL/pgSQL oracle
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  Loads test/oracle/oracle.sql into a scratch database and runs
# test/differential/differential.sql (chosen calendars) and random.sql
# (random calendars in random zones), which print "ok"/"not ok" lines.
# SLM_DIFF_CASES sets the cases per chosen calendar (default 40),
# SLM_DIFF_CALENDARS the number of random calendars (default 40).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS slm_differential" -c "CREATE DATABASE slm_differential"
psql -d slm_differential -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm" -f "$root/test/oracle/oracle.sql" >/dev/null
psql -d slm_differential -At -v cases="${SLM_DIFF_CASES:-40}" -f "$root/test/differential/differential.sql"
psql -d slm_differential -At -v calendars="${SLM_DIFF_CALENDARS:-40}" -v cases=10 -f "$root/test/differential/random.sql"
psql -d postgres -c "DROP DATABASE slm_differential"
