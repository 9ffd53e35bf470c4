#!/usr/bin/env bash
# scripts/tests/differential.sh - the C engine against the PL/pgSQL oracle
#
# Runs inside scripts/test.sh, whose cluster is reachable through PGHOST and
# PGPORT.  Loads test/oracle/oracle.sql into a scratch database and runs
# test/differential/differential.sql, which prints "ok"/"not ok" lines.
# SLM_DIFF_CASES sets the number of cases per calendar (default 40).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS slm_differential" -c "CREATE DATABASE slm_differential"
psql -d slm_differential -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm" -f "$root/test/oracle/oracle.sql" >/dev/null
psql -d slm_differential -At -v cases="${SLM_DIFF_CASES:-40}" -f "$root/test/differential/differential.sql"
psql -d postgres -c "DROP DATABASE slm_differential"
