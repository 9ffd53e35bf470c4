-- test/oracle/oracle.sql
--
-- slm_oracle: a deliberately simple reference implementation ("oracle") of
-- the business-time contract in /work/shared/spec/business-time.md, written
-- in PL/pgSQL for differential testing of the C engine.  It follows the plain
-- definitions of the spec literally:
--
--   * a calendar literal is parsed into a list of rules (weekly rules and
--     date-range overrides), re-parsed on every call (no caching);
--   * the spans a local date D owns are computed from those rules alone
--     (its overrides if any cover D, else its weekday's weekly rules), as
--     local timestamps, then merged (overlapping and touching spans of the
--     same date become one);
--   * each owned span is converted to instants with PostgreSQL's own
--     `local_timestamp AT TIME ZONE zone`, and dropped when that makes it
--     empty (e <= s);
--   * the business set B is the union of the converted spans of all dates;
--     every function works on the spans of a window of dates, and measures
--     time in real elapsed microseconds (numeric epoch arithmetic, exact).
--
-- Nothing here depends on the session TimeZone: local<->instant conversions
-- all go through AT TIME ZONE with the calendar's zone, and only time-only
-- intervals (no day part) are ever added to a timestamptz.
--
-- Horizon: functions that search forward or backward for business time
-- (next_business_time, business_add) only look at the spans of local dates
-- within `horizon` days (default 800) of their starting point, and answer
-- +/-infinity when nothing is found there.  See README.md.

DROP SCHEMA IF EXISTS slm_oracle CASCADE;
CREATE SCHEMA slm_oracle;

-- One parsed rule.
--   weekly rule:    dow in 1..7 (ISO, mon = 1), d_from/d_to NULL, smin/emin set
--   date override:  dow NULL, d_from..d_to inclusive; smin/emin NULL for
--                   `closed` (the dates are overridden but gain no span)
-- smin is minutes after the owning date's midnight (0..1439); emin likewise
-- (1..2879): an end of 24:00 is 1440 and an overnight end gets +1440.
CREATE TYPE slm_oracle.rule AS (
    dow     integer,
    d_from  date,
    d_to    date,
    smin    integer,
    emin    integer
);

CREATE TYPE slm_oracle.parsed_calendar AS (
    zone    text,
    rules   slm_oracle.rule[]
);

------------------------------------------------------------------------------
-- Small exact helpers
------------------------------------------------------------------------------

-- Microseconds elapsed from a to b (exact: epoch is numeric in PG 14+).
CREATE FUNCTION slm_oracle.us_between(a timestamptz, b timestamptz)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ((extract(epoch FROM b) - extract(epoch FROM a)) * 1000000)::bigint
$$;

-- A time-only interval (no day or month part) of n microseconds, exact.
CREATE FUNCTION slm_oracle.us_interval(n bigint)
RETURNS interval LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT make_interval(hours => (n / 3600000000)::integer)
         + interval '1 microsecond' * (n % 3600000000)
$$;

-- Local date of instant t in zone.
CREATE FUNCTION slm_oracle.local_date(t timestamptz, zone text)
RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (t AT TIME ZONE zone)::date
$$;

------------------------------------------------------------------------------
-- Parser (section 1)
------------------------------------------------------------------------------

-- ISO day number of a DOW keyword.
CREATE FUNCTION slm_oracle.parse_dow(tok text)
RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    i integer := array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], tok);
BEGIN
    IF i IS NULL THEN
        RAISE EXCEPTION 'slm_oracle: invalid day name "%"', tok USING ERRCODE = '22P02';
    END IF;
    RETURN i;
END $$;

-- Minutes of an HH:MM token.  is_end allows 24:00.
CREATE FUNCTION slm_oracle.parse_hhmm(tok text, is_end boolean)
RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    hh integer;
    mm integer;
BEGIN
    IF tok IS NULL OR tok !~ '^\d\d:\d\d$' THEN
        RAISE EXCEPTION 'slm_oracle: expected HH:MM, found "%"', coalesce(tok, '<end>')
            USING ERRCODE = '22P02';
    END IF;
    hh := substr(tok, 1, 2)::integer;
    mm := substr(tok, 4, 2)::integer;
    IF mm > 59 OR hh > 24 OR (hh = 24 AND (mm <> 0 OR NOT is_end)) THEN
        RAISE EXCEPTION 'slm_oracle: time out of range "%"', tok USING ERRCODE = '22P02';
    END IF;
    RETURN hh * 60 + mm;
END $$;

-- A YYYY-MM-DD token as a date.
CREATE FUNCTION slm_oracle.parse_ymd(tok text)
RETURNS date LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF tok IS NULL OR tok !~ '^\d{4}-\d\d-\d\d$' THEN
        RAISE EXCEPTION 'slm_oracle: expected YYYY-MM-DD, found "%"', coalesce(tok, '<end>')
            USING ERRCODE = '22P02';
    END IF;
    RETURN make_date(substr(tok, 1, 4)::integer, substr(tok, 6, 2)::integer,
                     substr(tok, 9, 2)::integer);
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RAISE EXCEPTION 'slm_oracle: invalid date "%"', tok USING ERRCODE = '22P02';
END $$;

-- Split one clause (no ';') into lower-cased tokens:
-- YYYY-MM-DD, HH:MM, '..', words, '-', ','.  Whitespace separates freely.
CREATE FUNCTION slm_oracle.tokenize(clause text)
RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    rest text := clause;
    tok  text;
    toks text[] := '{}';
BEGIN
    LOOP
        rest := regexp_replace(rest, '^\s+', '');
        EXIT WHEN rest = '';
        tok := substring(rest FROM '^(\d{4}-\d\d-\d\d|\d\d:\d\d|\.\.|[A-Za-z]+|[-,])');
        IF tok IS NULL THEN
            RAISE EXCEPTION 'slm_oracle: unexpected text "%"', rest USING ERRCODE = '22P02';
        END IF;
        toks := toks || lower(tok);
        rest := substr(rest, length(tok) + 1);
    END LOOP;
    RETURN toks;
END $$;

-- Parse a calendar literal.
CREATE FUNCTION slm_oracle.parse(cal text)
RETURNS slm_oracle.parsed_calendar LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    clauses  text[] := string_to_array(cal, ';');
    nclauses integer := array_length(clauses, 1);
    c        text;
    zone     text;
    rules    slm_oracle.rule[] := '{}';
    toks     text[];
    n        integer;
    i        integer;
    weekly   boolean;
    dows     integer[];        -- weekdays named by a weekly rule
    dfrom    date[];           -- date ranges named by an override
    dto      date[];
    a        integer;
    b        integer;
    da       date;
    db       date;
    sm       integer;
    em       integer;
    spans_s  integer[];
    spans_e  integer[];
    k        integer;
    j        integer;
BEGIN
    FOR ci IN 1 .. coalesce(nclauses, 0) LOOP
        c := regexp_replace(clauses[ci], '^\s+|\s+$', '', 'g');
        IF c = '' THEN
            IF ci = nclauses AND ci > 1 THEN
                CONTINUE;                      -- one trailing ';'
            END IF;
            RAISE EXCEPTION 'slm_oracle: empty clause %', ci USING ERRCODE = '22P02';
        END IF;

        -- tz=ZONE
        IF c ~* '^tz\s*=' THEN
            IF zone IS NOT NULL THEN
                RAISE EXCEPTION 'slm_oracle: tz given twice' USING ERRCODE = '22P02';
            END IF;
            zone := regexp_replace(c, '^[tT][zZ]\s*=\s*', '');
            IF zone = '' OR zone ~ '\s' THEN
                RAISE EXCEPTION 'slm_oracle: bad zone "%"', zone USING ERRCODE = '22P02';
            END IF;
            PERFORM timestamp '2000-01-01' AT TIME ZONE zone;   -- validates
            CONTINUE;
        END IF;

        -- 24x7
        IF lower(c) = '24x7' THEN
            FOR dw IN 1 .. 7 LOOP
                rules := rules || ROW(dw, NULL, NULL, 0, 1440)::slm_oracle.rule;
            END LOOP;
            CONTINUE;
        END IF;

        toks := slm_oracle.tokenize(c);
        n := array_length(toks, 1);
        i := 1;
        dows := '{}';
        dfrom := '{}';
        dto := '{}';

        IF toks[1] ~ '^[a-z]+$' AND toks[1] <> 'closed' THEN
            -- days := day { ',' day }, day := DOW | DOW '-' DOW
            weekly := true;
            LOOP
                a := slm_oracle.parse_dow(toks[i]);
                i := i + 1;
                IF toks[i] = '-' THEN
                    b := slm_oracle.parse_dow(toks[i + 1]);
                    i := i + 2;
                ELSE
                    b := a;
                END IF;
                -- a..b inclusive, wrapping after sunday (sat-mon = sat,sun,mon)
                k := a;
                LOOP
                    dows := dows || k;
                    EXIT WHEN k = b;
                    k := k % 7 + 1;
                END LOOP;
                EXIT WHEN toks[i] IS DISTINCT FROM ',';
                i := i + 1;
            END LOOP;
        ELSIF toks[1] ~ '^\d{4}-' THEN
            -- dates := date { ',' date }, date := YMD | YMD '..' YMD
            weekly := false;
            LOOP
                da := slm_oracle.parse_ymd(toks[i]);
                i := i + 1;
                IF toks[i] = '..' THEN
                    db := slm_oracle.parse_ymd(toks[i + 1]);
                    i := i + 2;
                    IF db < da THEN
                        RAISE EXCEPTION 'slm_oracle: date range % .. % runs backwards', da, db
                            USING ERRCODE = '22P02';
                    END IF;
                ELSE
                    db := da;
                END IF;
                dfrom := dfrom || da;
                dto := dto || db;
                EXIT WHEN toks[i] IS DISTINCT FROM ',';
                i := i + 1;
            END LOOP;
        ELSE
            RAISE EXCEPTION 'slm_oracle: clause "%" starts with neither days nor dates', c
                USING ERRCODE = '22P02';
        END IF;

        -- hours := 'closed' | span { ',' span }
        spans_s := '{}';
        spans_e := '{}';
        IF toks[i] = 'closed' THEN
            i := i + 1;
        ELSE
            LOOP
                sm := slm_oracle.parse_hhmm(toks[i], false);
                IF toks[i + 1] IS DISTINCT FROM '-' THEN
                    RAISE EXCEPTION 'slm_oracle: expected "-" in span of clause "%"', c
                        USING ERRCODE = '22P02';
                END IF;
                em := slm_oracle.parse_hhmm(toks[i + 2], true);
                i := i + 3;
                IF em = sm THEN
                    RAISE EXCEPTION 'slm_oracle: empty span in clause "%"', c
                        USING ERRCODE = '22P02';
                END IF;
                IF em < sm THEN
                    em := em + 1440;          -- overnight: ends the next day
                END IF;
                spans_s := spans_s || sm;
                spans_e := spans_e || em;
                EXIT WHEN toks[i] IS DISTINCT FROM ',';
                i := i + 1;
            END LOOP;
        END IF;
        IF i <= n THEN
            RAISE EXCEPTION 'slm_oracle: unexpected "%" in clause "%"', toks[i], c
                USING ERRCODE = '22P02';
        END IF;

        IF weekly THEN
            FOREACH k IN ARRAY dows LOOP
                FOR j IN 1 .. coalesce(array_length(spans_s, 1), 0) LOOP
                    rules := rules || ROW(k, NULL, NULL, spans_s[j], spans_e[j])::slm_oracle.rule;
                END LOOP;
            END LOOP;
        ELSE
            FOR k IN 1 .. array_length(dfrom, 1) LOOP
                IF coalesce(array_length(spans_s, 1), 0) = 0 THEN
                    rules := rules || ROW(NULL, dfrom[k], dto[k], NULL, NULL)::slm_oracle.rule;
                END IF;
                FOR j IN 1 .. coalesce(array_length(spans_s, 1), 0) LOOP
                    rules := rules || ROW(NULL, dfrom[k], dto[k], spans_s[j], spans_e[j])::slm_oracle.rule;
                END LOOP;
            END LOOP;
        END IF;
    END LOOP;

    IF zone IS NULL THEN
        RAISE EXCEPTION 'slm_oracle: calendar has no tz clause' USING ERRCODE = '22P02';
    END IF;
    RETURN ROW(zone, rules)::slm_oracle.parsed_calendar;
END $$;

------------------------------------------------------------------------------
-- Spans (section 1 and 2)
------------------------------------------------------------------------------

-- The spans local date d owns, as local timestamps, merged.
CREATE FUNCTION slm_oracle.owned_spans(p slm_oracle.parsed_calendar, d date)
RETURNS TABLE (s timestamp, e timestamp)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    overridden boolean;
    r          record;
    cur_s      timestamp;
    cur_e      timestamp;
BEGIN
    -- Is d covered by at least one date override (even a `closed` one)?
    SELECT EXISTS (SELECT 1 FROM unnest(p.rules) u
                    WHERE u.d_from IS NOT NULL AND d BETWEEN u.d_from AND u.d_to)
      INTO overridden;

    -- Its raw spans: every override covering d, else every weekly rule of
    -- its weekday.  Then merge overlapping or touching ones, in order.
    FOR r IN
        SELECT d + make_interval(mins => u.smin) AS ls,
               d + make_interval(mins => u.emin) AS le
          FROM unnest(p.rules) u
         WHERE u.smin IS NOT NULL
           AND CASE WHEN overridden
                    THEN u.d_from IS NOT NULL AND d BETWEEN u.d_from AND u.d_to
                    ELSE u.d_from IS NULL AND u.dow = extract(isodow FROM d)
               END
         ORDER BY 1, 2
    LOOP
        IF cur_s IS NULL THEN
            cur_s := r.ls;
            cur_e := r.le;
        ELSIF r.ls <= cur_e THEN
            cur_e := greatest(cur_e, r.le);
        ELSE
            s := cur_s;
            e := cur_e;
            RETURN NEXT;
            cur_s := r.ls;
            cur_e := r.le;
        END IF;
    END LOOP;
    IF cur_s IS NOT NULL THEN
        s := cur_s;
        e := cur_e;
        RETURN NEXT;
    END IF;
END $$;

CREATE FUNCTION slm_oracle.owned_spans(cal text, d date)
RETURNS TABLE (s timestamp, e timestamp)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT o.s, o.e FROM slm_oracle.owned_spans(slm_oracle.parse(cal), d) o
$$;

-- Every owned span of dates from_date..to_date (inclusive) as instants,
-- empty ones dropped.
CREATE FUNCTION slm_oracle.spans(p slm_oracle.parsed_calendar, from_date date, to_date date)
RETURNS TABLE (owner date, s timestamptz, e timestamptz)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT x.owner, x.s, x.e
      FROM (SELECT g.d AS owner,
                   o.s AT TIME ZONE p.zone AS s,
                   o.e AT TIME ZONE p.zone AS e
              FROM (SELECT from_date + k AS d
                      FROM generate_series(0, to_date - from_date) k) g,
                   LATERAL slm_oracle.owned_spans(p, g.d) o) x
     WHERE x.e > x.s
     ORDER BY x.owner, x.s
$$;

CREATE FUNCTION slm_oracle.spans(cal text, from_date date, to_date date)
RETURNS TABLE (owner date, s timestamptz, e timestamptz)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT x.owner, x.s, x.e FROM slm_oracle.spans(slm_oracle.parse(cal), from_date, to_date) x
$$;

-- The union of the spans of dates from_date..to_date: disjoint, ordered,
-- non-touching pieces of B.
CREATE FUNCTION slm_oracle.b_union(p slm_oracle.parsed_calendar, from_date date, to_date date)
RETURNS TABLE (s timestamptz, e timestamptz)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    r     record;
    cur_s timestamptz;
    cur_e timestamptz;
BEGIN
    FOR r IN SELECT x.s, x.e FROM slm_oracle.spans(p, from_date, to_date) x ORDER BY x.s, x.e LOOP
        IF cur_s IS NULL THEN
            cur_s := r.s;
            cur_e := r.e;
        ELSIF r.s <= cur_e THEN
            cur_e := greatest(cur_e, r.e);
        ELSE
            s := cur_s;
            e := cur_e;
            RETURN NEXT;
            cur_s := r.s;
            cur_e := r.e;
        END IF;
    END LOOP;
    IF cur_s IS NOT NULL THEN
        s := cur_s;
        e := cur_e;
        RETURN NEXT;
    END IF;
END $$;

------------------------------------------------------------------------------
-- Section 3 on a parsed calendar
------------------------------------------------------------------------------

-- Margin in days around a local date: a span of date D lies within local
-- wall-clock [D, D+2); AT TIME ZONE can move it later by a gap (up to a day
-- in zones that skipped a date), and local time runs backwards in a fold.
-- Three days either side covers every real zone with room to spare.

CREATE FUNCTION slm_oracle.is_business_time(t timestamptz, p slm_oracle.parsed_calendar)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    ld date;
BEGIN
    IF NOT isfinite(t) THEN
        RETURN false;
    END IF;
    ld := slm_oracle.local_date(t, p.zone);
    RETURN EXISTS (SELECT 1 FROM slm_oracle.spans(p, ld - 3, ld + 3) x
                    WHERE x.s <= t AND t < x.e);
END $$;

CREATE FUNCTION slm_oracle.next_business_time(t timestamptz, p slm_oracle.parsed_calendar,
                                              horizon integer)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    ld date;
    r  timestamptz;
BEGIN
    IF NOT isfinite(t) THEN
        RETURN t;
    END IF;
    ld := slm_oracle.local_date(t, p.zone);
    -- least s >= t in B = least over spans ending after t of max(start, t)
    SELECT min(greatest(x.s, t)) INTO r
      FROM slm_oracle.spans(p, ld - 3, ld + horizon) x
     WHERE x.e > t;
    RETURN coalesce(r, 'infinity');
END $$;

-- measure(B ∩ [a, b)) in microseconds, a <= b finite.
CREATE FUNCTION slm_oracle.measure_us(a timestamptz, b timestamptz, p slm_oracle.parsed_calendar)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(sum(slm_oracle.us_between(greatest(u.s, a), least(u.e, b))), 0)::bigint
      FROM slm_oracle.b_union(p, slm_oracle.local_date(a, p.zone) - 3,
                                 slm_oracle.local_date(b, p.zone) + 3) u
     WHERE u.e > a AND u.s < b
$$;

-- Least s >= t with measure(B ∩ [t, s)) = n microseconds (n > 0).
CREATE FUNCTION slm_oracle.add_time_fwd(t timestamptz, n bigint, p slm_oracle.parsed_calendar,
                                        horizon integer)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    ld  date := slm_oracle.local_date(t, p.zone);
    rem bigint := n;
    c   record;
    a   timestamptz;
    len bigint;
BEGIN
    FOR c IN SELECT u.s, u.e FROM slm_oracle.b_union(p, ld - 3, ld + horizon) u
              WHERE u.e > t ORDER BY u.s LOOP
        a := greatest(c.s, t);
        len := slm_oracle.us_between(a, c.e);
        IF rem <= len THEN
            RETURN a + slm_oracle.us_interval(rem);
        END IF;
        rem := rem - len;
    END LOOP;
    RETURN 'infinity';
END $$;

-- Greatest s <= t with measure(B ∩ [s, t)) = n microseconds (n > 0).
CREATE FUNCTION slm_oracle.add_time_back(t timestamptz, n bigint, p slm_oracle.parsed_calendar,
                                         horizon integer)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    ld  date := slm_oracle.local_date(t, p.zone);
    rem bigint := n;
    c   record;
    b   timestamptz;
    len bigint;
BEGIN
    FOR c IN SELECT u.s, u.e FROM slm_oracle.b_union(p, ld - horizon, ld + 3) u
              WHERE u.s < t ORDER BY u.s DESC LOOP
        b := least(c.e, t);
        len := slm_oracle.us_between(c.s, b);
        IF rem <= len THEN
            RETURN b - slm_oracle.us_interval(rem);
        END IF;
        rem := rem - len;
    END LOOP;
    RETURN '-infinity';
END $$;

-- The instant at wall-clock w on business date dn, clamped between dn's
-- first span start and last span end.
CREATE FUNCTION slm_oracle.at_wallclock_clamped(dn date, w interval, p slm_oracle.parsed_calendar)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    first_s timestamptz;
    last_e  timestamptz;
    r       timestamptz;
BEGIN
    SELECT min(x.s), max(x.e) INTO first_s, last_e FROM slm_oracle.spans(p, dn, dn) x;
    r := (dn + w) AT TIME ZONE p.zone;
    RETURN greatest(first_s, least(r, last_e));
END $$;

-- Business days n > 0.
CREATE FUNCTION slm_oracle.add_days_fwd(t timestamptz, n integer, p slm_oracle.parsed_calendar,
                                        horizon integer)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    s0 timestamptz;
    ld date;
    d0 date;
    dn date;
    w  interval;
BEGIN
    s0 := slm_oracle.next_business_time(t, p, horizon);
    IF NOT isfinite(s0) THEN
        RETURN s0;
    END IF;
    ld := slm_oracle.local_date(s0, p.zone);
    -- D0: the date owning a span that holds s0; the later date on a tie.
    SELECT max(x.owner) INTO d0 FROM slm_oracle.spans(p, ld - 3, ld + 3) x
     WHERE x.s <= s0 AND s0 < x.e;
    -- w: wall-clock of s0 counted from D0's midnight (may pass 24:00).
    w := (s0 AT TIME ZONE p.zone) - d0::timestamp;
    -- Dn: the n-th business date after D0.
    SELECT b.owner INTO dn
      FROM (SELECT DISTINCT x.owner FROM slm_oracle.spans(p, d0 + 1, d0 + horizon) x) b
     ORDER BY b.owner OFFSET n - 1 LIMIT 1;
    IF dn IS NULL THEN
        RETURN 'infinity';
    END IF;
    RETURN slm_oracle.at_wallclock_clamped(dn, w, p);
END $$;

-- Business days n > 0 backwards (the interval had -n days).
CREATE FUNCTION slm_oracle.add_days_back(t timestamptz, n integer, p slm_oracle.parsed_calendar,
                                         horizon integer)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    ld date := slm_oracle.local_date(t, p.zone);
    s0 timestamptz;
    d0 date;
    dn date;
    w  interval;
BEGIN
    -- s0: t when t ∈ B or t is a span's end, else the end of the last span
    -- before t.
    IF EXISTS (SELECT 1 FROM slm_oracle.spans(p, ld - 3, ld + 3) x
                WHERE (x.s <= t AND t < x.e) OR x.e = t) THEN
        s0 := t;
    ELSE
        SELECT max(x.e) INTO s0 FROM slm_oracle.spans(p, ld - horizon, ld + 3) x
         WHERE x.e < t;
        IF s0 IS NULL THEN
            RETURN '-infinity';
        END IF;
    END IF;
    ld := slm_oracle.local_date(s0, p.zone);
    -- D0: when s0 ∈ B the date owning a span holding s0, else the date
    -- owning a span ending at s0; the later date on a tie.
    SELECT max(x.owner) INTO d0 FROM slm_oracle.spans(p, ld - 3, ld + 3) x
     WHERE x.s <= s0 AND s0 < x.e;
    IF d0 IS NULL THEN
        SELECT max(x.owner) INTO d0 FROM slm_oracle.spans(p, ld - 3, ld + 3) x
         WHERE x.e = s0;
    END IF;
    w := (s0 AT TIME ZONE p.zone) - d0::timestamp;
    -- Dn: the n-th business date before D0.
    SELECT b.owner INTO dn
      FROM (SELECT DISTINCT x.owner FROM slm_oracle.spans(p, d0 - horizon, d0 - 1) x) b
     ORDER BY b.owner DESC OFFSET n - 1 LIMIT 1;
    IF dn IS NULL THEN
        RETURN '-infinity';
    END IF;
    RETURN slm_oracle.at_wallclock_clamped(dn, w, p);
END $$;

------------------------------------------------------------------------------
-- Public functions (section 3), calendar as text, last
------------------------------------------------------------------------------

CREATE FUNCTION slm_oracle.is_business_time(t timestamptz, cal text)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT slm_oracle.is_business_time(t, slm_oracle.parse(cal))
$$;

CREATE FUNCTION slm_oracle.next_business_time(t timestamptz, cal text,
                                              horizon integer DEFAULT 800)
RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT slm_oracle.next_business_time(t, slm_oracle.parse(cal), horizon)
$$;

CREATE FUNCTION slm_oracle.business_elapsed(t1 timestamptz, t2 timestamptz, cal text)
RETURNS interval LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p slm_oracle.parsed_calendar := slm_oracle.parse(cal);
BEGIN
    IF NOT isfinite(t1) OR NOT isfinite(t2) THEN
        RAISE EXCEPTION 'slm_oracle: business_elapsed with an infinite bound'
            USING ERRCODE = '22023';
    END IF;
    IF t1 <= t2 THEN
        RETURN slm_oracle.us_interval(slm_oracle.measure_us(t1, t2, p));
    END IF;
    RETURN -slm_oracle.us_interval(slm_oracle.measure_us(t2, t1, p));
END $$;

CREATE FUNCTION slm_oracle.business_add(t timestamptz, d interval, cal text,
                                        horizon integer DEFAULT 800)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p       slm_oracle.parsed_calendar := slm_oracle.parse(cal);
    months  integer := (extract(year FROM d) * 12 + extract(month FROM d))::integer;
    days    integer := extract(day FROM d)::integer;
    us      bigint;
    r       timestamptz := t;
BEGIN
    IF months <> 0 THEN
        RAISE EXCEPTION 'slm_oracle: interval has a month part' USING ERRCODE = '22023';
    END IF;
    us := ((extract(epoch FROM d) - days * 86400::numeric) * 1000000)::bigint;
    IF (days > 0 AND us < 0) OR (days < 0 AND us > 0) THEN
        RAISE EXCEPTION 'slm_oracle: interval has day and time parts of opposite signs'
            USING ERRCODE = '22023';
    END IF;
    IF NOT isfinite(t) OR (days = 0 AND us = 0) THEN
        RETURN t;
    END IF;
    IF days >= 0 AND us >= 0 THEN
        -- positive: days first, then time
        IF days > 0 THEN
            r := slm_oracle.add_days_fwd(r, days, p, horizon);
        END IF;
        IF us > 0 AND isfinite(r) THEN
            r := slm_oracle.add_time_fwd(r, us, p, horizon);
        END IF;
    ELSE
        -- negative: time first, then days
        IF us < 0 THEN
            r := slm_oracle.add_time_back(r, -us, p, horizon);
        END IF;
        IF days < 0 AND isfinite(r) THEN
            r := slm_oracle.add_days_back(r, -days, p, horizon);
        END IF;
    END IF;
    RETURN r;
END $$;

CREATE FUNCTION slm_oracle.business_days(d1 date, d2 date, cal text)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p slm_oracle.parsed_calendar := slm_oracle.parse(cal);
    c integer;
BEGIN
    IF d1 = d2 THEN
        RETURN 0;
    END IF;
    SELECT count(DISTINCT x.owner) INTO c
      FROM slm_oracle.spans(p, least(d1, d2), greatest(d1, d2) - 1) x;
    RETURN CASE WHEN d2 < d1 THEN -c ELSE c END;
END $$;

COMMENT ON SCHEMA slm_oracle IS
    'Reference (oracle) implementation of spec/business-time.md for differential testing';
COMMENT ON FUNCTION slm_oracle.parse(text) IS
    'Parse a calendar literal (spec section 1) into zone + rules';
COMMENT ON FUNCTION slm_oracle.owned_spans(text, date) IS
    'Local spans that a date owns (override or weekly), merged';
COMMENT ON FUNCTION slm_oracle.spans(text, date, date) IS
    'Owned spans of a date range converted with AT TIME ZONE, empty ones dropped';
COMMENT ON FUNCTION slm_oracle.is_business_time(timestamptz, text) IS 't ∈ B';
COMMENT ON FUNCTION slm_oracle.next_business_time(timestamptz, text, integer) IS
    'Least s >= t in B, searching local dates up to horizon days after t; infinity if none';
COMMENT ON FUNCTION slm_oracle.business_elapsed(timestamptz, timestamptz, text) IS
    'measure(B ∩ [t1,t2)) as a time-only interval, negated when t2 < t1';
COMMENT ON FUNCTION slm_oracle.business_add(timestamptz, interval, text, integer) IS
    'Deadline per spec section 3; searches horizon days; +/-infinity if not found';
COMMENT ON FUNCTION slm_oracle.business_days(date, date, text) IS
    'Number of business dates in [d1,d2), negated count of [d2,d1) when d2 < d1';
