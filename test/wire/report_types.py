#!/usr/bin/python3
"""test/wire/report_types.py - read slm's report views as a BI tool would.

Connects with psycopg2 (libpq, the client library under most BI drivers),
loads a little data, reads every report view and checks the type of every
column it receives on the wire: only standard SQL types, which every ODBC
and JDBC driver maps.  Prints TAP-style "ok" / "not ok" lines.
"""
import os
import sys

import psycopg2

# type OIDs a BI tool may receive from a report view
STANDARD = {16: "boolean", 20: "bigint", 23: "integer", 25: "text", 1700: "numeric",
            1082: "date", 1184: "timestamp with time zone", 1186: "interval"}
VIEWS = ["sla_status", "breaches", "compliance_weekly", "compliance_monthly", "compliance_quarterly",
         "availability_monthly", "agreement_review", "underpinning_gaps"]

failures = 0


def check(ok, what):
    global failures
    print(("ok" if ok else "not ok") + " - wire: " + what)
    if not ok:
        failures += 1


conn = psycopg2.connect(dbname=os.environ.get("SLM_WIRE_DB", "slm_wire"))
conn.autocommit = True
cur = conn.cursor()
cur.execute("SET TimeZone = 'UTC'")
cur.execute("""
    SELECT slm.install_standard_targets();
    CREATE TABLE wire_tickets (id int PRIMARY KEY, opened timestamptz NOT NULL, prio int NOT NULL,
                               answered timestamptz, closed timestamptz);
    SELECT slm.attach('wire_tickets', key => 'id', opened_at => 'opened', priority => 'prio',
                      responded_at => 'answered', resolved_at => 'closed');
    INSERT INTO wire_tickets
    SELECT g, timestamptz '2026-10-01 09:00+00' + g * interval '5 hours', 1 + g % 4,
           timestamptz '2026-10-01 09:00+00' + g * interval '5 hours' + interval '2 hours',
           CASE WHEN g % 3 > 0 THEN timestamptz '2026-10-01 09:00+00' + g * interval '5 hours' + g * interval '3 hours' END
    FROM generate_series(1, 60) g;
    INSERT INTO slm.outages (service, started_at, ended_at) VALUES ('default', '2026-10-05 10:00+00', '2026-10-05 11:00+00');
""")

for view in VIEWS:
    cur.execute("SELECT * FROM slm.%s LIMIT 50" % view)
    rows = cur.fetchall()
    odd = [(d.name, d.type_code) for d in cur.description if d.type_code not in STANDARD]
    check(not odd, "slm.%s: %d columns of standard types%s" % (view, len(cur.description),
                                                             "" if not odd else ", not: %s" % odd))
    if view in ("sla_status", "compliance_monthly", "availability_monthly"):
        check(len(rows) > 0, "slm.%s returns rows" % view)

# values arrive as the client's own types
cur.execute("SELECT clocks_due, compliance, median_time, period_start FROM slm.compliance_monthly LIMIT 1")
due, compliance, median, period = cur.fetchone()
check(isinstance(due, int), "clocks_due is an integer in Python")
check(period.__class__.__name__ == "date", "period_start is a date in Python")
check(median is None or median.__class__.__name__ == "timedelta", "median_time is a timedelta in Python")

cur.execute("SELECT slm.detach('wire_tickets', drop_clocks => true); DROP TABLE wire_tickets")
sys.exit(1 if failures else 0)
