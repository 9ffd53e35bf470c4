#!/usr/bin/env bash
# scripts/tests/clients.sh - the reports through the clients BI tools use
# (run by scripts/test.sh, as root)
#
# On a private cluster that listens on localhost, with the demo's year of
# tickets: pgJDBC (test/clients/ReportTypes.java) and psqlODBC through
# pyodbc (test/clients/report_odbc.py) read every view of slm and call the
# report functions as a BI tool does.  Both drivers are Debian's.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
SLM_RUN_DIR=${SLM_CLIENTS_DIR:-/tmp/slm-clients}
SLM_PORT=${SLM_CLIENTS_PORT:-54336}
SLM_EXTRA_CONF="listen_addresses = 'localhost'"
failed=0
finish() {
	if [ "$failed" = 0 ]; then slm_cluster_stop; else echo "# logs kept in $SLM_RUN_DIR"; fi
}
trap finish EXIT
slm_cluster_start
"$SLM_PG_BIN/psql" -X -q -d postgres -c "CREATE DATABASE slm_clients"
"$SLM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d slm_clients -f "$root/demo/demo.sql" >"$SLM_RUN_DIR/demo.out" 2>&1

url="jdbc:postgresql://localhost:$SLM_PORT/slm_clients?user=postgres&stringtype=unspecified"
if java -cp /usr/share/java/postgresql.jar "$root/test/clients/ReportTypes.java" "$url" >"$SLM_RUN_DIR/jdbc.out" 2>&1; then
	echo "ok - clients: pgJDBC $(dpkg-query -W -f='${Version}' libpostgresql-jdbc-java | cut -d- -f1): $(tail -1 "$SLM_RUN_DIR/jdbc.out")"
else
	cat "$SLM_RUN_DIR/jdbc.out"
	echo "not ok - clients: pgJDBC"
	failed=1
fi
if /usr/bin/python3 "$root/test/clients/report_odbc.py" "$SLM_PORT" slm_clients >"$SLM_RUN_DIR/odbc.out" 2>&1; then
	echo "ok - clients: psqlODBC $(dpkg-query -W -f='${Version}' odbc-postgresql | cut -d: -f2 | cut -d- -f1): $(tail -1 "$SLM_RUN_DIR/odbc.out")"
else
	cat "$SLM_RUN_DIR/odbc.out"
	echo "not ok - clients: psqlODBC"
	failed=1
fi
exit $failed
