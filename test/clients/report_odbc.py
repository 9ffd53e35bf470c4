#!/usr/bin/env python3
"""test/clients/report_odbc.py - slm's reports through psqlODBC (Debian's
odbc-postgresql with unixODBC, the driver Excel and Power BI use on
Windows), read with pyodbc.

Usage: report_odbc.py PORT DATABASE

With the settings the README gives (BoolsAsChar=0, TextAsLongVarchar=0),
every column of every slm view must arrive as a value a spreadsheet can
use: str, int, Decimal, date, datetime or bool (an interval arrives as
text, beside its numeric twin in hours).  psqlODBC drops column comments,
so the descriptions are read from slm.report_columns: every column of every
view must have one.  Prints one line per problem and a summary; exits 1 on
any problem.
"""
import datetime
import decimal
import sys

import pyodbc

port, db = sys.argv[1], sys.argv[2]
conn = pyodbc.connect(
    "Driver={PostgreSQL Unicode};Servername=localhost;Port=%s;Database=%s;UID=postgres;"
    "BoolsAsChar=0;TextAsLongVarchar=0" % (port, db), autocommit=True)
cur = conn.cursor()
ok_types = (str, int, decimal.Decimal, float, datetime.date, datetime.datetime, bool)
problems = columns = 0
views = [r[0] for r in cur.execute(
    "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'slm'::regnamespace AND c.relkind = 'v' ORDER BY 1").fetchall()]
described = {(r[0], r[1]) for r in cur.execute(
    "SELECT report, column_name FROM slm.report_columns WHERE description IS NOT NULL").fetchall()}
for v in views:
    rows = cur.execute("SELECT * FROM slm.%s LIMIT 20" % v).fetchall()
    for i, d in enumerate(cur.description):
        columns += 1
        name, pytype = d[0], d[1]
        if ("slm." + v, name) not in described:
            print("slm.%s.%s: not described in slm.report_columns" % (v, name))
            problems += 1
        if not issubclass(pytype, ok_types):
            print("slm.%s.%s: arrives as %s" % (v, name, pytype.__name__))
            problems += 1
        for r in rows:
            if r[i] is not None and not isinstance(r[i], ok_types):
                print("slm.%s.%s: a value arrives as %s" % (v, name, type(r[i]).__name__))
                problems += 1
                break
print("%d views, %d columns read through psqlODBC, %d problems" % (len(views), columns, problems))
sys.exit(1 if problems else 0)
