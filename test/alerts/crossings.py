#!/usr/bin/env python3
"""test/alerts/crossings.py - are crossings sent when they happen?

Usage: crossings.py TICKETS SPREAD_SECONDS GOAL (libpq environment: PGHOST, PGPORT, PGUSER, PGDATABASE)

Listens on slm_events, opens TICKETS tickets spread over SPREAD_SECONDS on
a table tracked against a goal of GOAL seconds (warning at half of it, and
the escalation levels of slm.escalation_levels; the database's setup is
scripts/tests/alerts.sh's), and records when each notification arrives.
Every ticket's response clock crosses its warning, its due time and each
level at instants nobody rounds: the opening times are spread at random
to the microsecond.  Prints one line per finding:
  sent N of M crossings
  lateness (receipt - crossing) p50 X s, p99 Y s, max Z s
and exits 1 unless every crossing arrived, each once, and 99% within 1 s.
The notifications are checked against slm.events by their id.
"""
import json
import random
import select
import sys
import time
from datetime import datetime, timezone

import psycopg2

tickets, spread, goal = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
random.seed(20261130)

listen = psycopg2.connect("")
listen.autocommit = True
lcur = listen.cursor()
lcur.execute("LISTEN slm_events")

work = psycopg2.connect("")
work.autocommit = True
cur = work.cursor()

start = time.time() + 1.0
opened = sorted(start + random.uniform(0, spread) for _ in range(tickets))
received = {}  # event id -> (arrival, payload)
dupes = 0


def drain(timeout):
    global dupes
    if select.select([listen], [], [], timeout) == ([], [], []):
        return
    arrival = time.time()
    listen.poll()
    while listen.notifies:
        n = listen.notifies.pop(0)
        p = json.loads(n.payload)
        if p["id"] in received:
            dupes += 1
        received[p["id"]] = (arrival, p)


# each ticket is opened (inserted) a moment before its opening time, as a
# help desk records a ticket when it comes in
for i, t in enumerate(opened, 1):
    while time.time() < t - 0.2:
        drain(min(0.05, max(0.0, t - 0.2 - time.time())))
    cur.execute("INSERT INTO pages (id, opened, prio, status) VALUES (%s, to_timestamp(%s), 1, 'new')", (i, t))

cur.execute("SELECT count(*), coalesce(max(extract(epoch FROM from_due)), 0) FROM slm.escalation_levels")
nlevels, last_level = cur.fetchone()
deadline = opened[-1] + goal + float(last_level) + 5.0
while time.time() < deadline:
    drain(deadline - time.time())

cur.execute("SELECT e.id, e.crossed_at FROM slm.events e JOIN slm.clocks c ON c.id = e.clock "
            "WHERE c.tbl = 'pages'::regclass AND c.metric = 'response'")
events = {r[0]: r[1] for r in cur.fetchall()}
expected = (2 + nlevels) * tickets
late = []
forged = 0
for eid, (arrival, p) in received.items():
    if p.get("ticket_table") != "public.pages":
        continue
    if eid not in events:
        forged += 1
        continue
    crossed = datetime.fromisoformat(p["crossed_at"]).timestamp()
    late.append(arrival - crossed)
late.sort()
ok = True
print(f"sent {len(late)} of {expected} crossings ({len(events)} recorded, {dupes} sent twice, {forged} not in slm.events)")
if len(late) != expected or len(events) != expected or dupes or forged:
    ok = False
if late:
    p50 = late[len(late) // 2]
    p99 = late[min(len(late) - 1, int(0.99 * len(late)))]
    print(f"lateness (receipt - crossing) p50 {p50:.3f} s, p99 {p99:.3f} s, max {late[-1]:.3f} s, earliest {late[0]:.3f} s")
    if p99 > 1.0 or late[0] < -0.05:
        ok = False
sys.exit(0 if ok else 1)
