#!/bin/sh
# test/oracle/run.sh: load the business-time oracle and check it.
#
#   ./run.sh [--self] [psql connection options...]
#
# Runs check.sql (loads oracle.sql, asserts the worked examples of
# spec/business-time.md section 4, PASS/FAIL per example) against the
# database that psql would connect to with the given options or the usual
# PGHOST/PGPORT/PGUSER/PGDATABASE variables.  With --self it also runs
# selfcheck.sql (hand-worked edge cases and random property checks, ~20 s).
# Exits non-zero when anything fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
self=no
if [ "${1:-}" = "--self" ]; then
    self=yes
    shift
fi
psql -X -v ON_ERROR_STOP=1 "$@" -f "$here/check.sql"
if [ "$self" = yes ]; then
    psql -X -v ON_ERROR_STOP=1 -q "$@" -f "$here/oracle.sql" -f "$here/selfcheck.sql"
fi
