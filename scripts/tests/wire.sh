#!/usr/bin/env bash
# scripts/tests/wire.sh - the report views read over the wire by a client library
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS slm_wire" -c "CREATE DATABASE slm_wire"
psql -d slm_wire -c "SET client_min_messages = warning" -c "CREATE EXTENSION slm"
SLM_WIRE_DB=slm_wire /usr/bin/python3 "$root/test/wire/report_types.py"
psql -d postgres -c "DROP DATABASE slm_wire"
