/*
 * src/sql/calendars.sql - the calendar type and business-time arithmetic
 *
 * The first layer of slm--0.2.sql (the Makefile joins the files of src/sql/ in the
 * order of SQL_LAYERS).  Everything is schema-qualified; nothing here
 * depends on the caller's search_path.  The operators on slm.calendar live
 * in pg_catalog so that "calendar || '...'" and "a = b" work whatever the
 * search_path is.
 */

GRANT USAGE ON SCHEMA slm TO PUBLIC;

--------------------------------------------------------------------------
-- The calendar type
--------------------------------------------------------------------------

CREATE TYPE slm.calendar;

CREATE FUNCTION slm.calendar_in(cstring) RETURNS slm.calendar
    AS 'MODULE_PATHNAME', 'calendar_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION slm.calendar_out(slm.calendar) RETURNS cstring
    AS 'MODULE_PATHNAME', 'calendar_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION slm.calendar_recv(internal) RETURNS slm.calendar
    AS 'MODULE_PATHNAME', 'calendar_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION slm.calendar_send(slm.calendar) RETURNS bytea
    AS 'MODULE_PATHNAME', 'calendar_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE slm.calendar (
    INPUT = slm.calendar_in,
    OUTPUT = slm.calendar_out,
    RECEIVE = slm.calendar_recv,
    SEND = slm.calendar_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended,
    ALIGNMENT = int4
);

COMMENT ON TYPE slm.calendar IS
    'business calendar: a time zone, weekly working hours and date overrides, e.g. ''tz=Europe/London; mon-fri 09:00-17:00; 2026-12-25 closed''';
COMMENT ON FUNCTION slm.calendar_in(cstring) IS 'read a calendar literal';
COMMENT ON FUNCTION slm.calendar_out(slm.calendar) IS 'canonical text of a calendar';
COMMENT ON FUNCTION slm.calendar_recv(internal) IS 'binary input of a calendar';
COMMENT ON FUNCTION slm.calendar_send(slm.calendar) IS 'binary output of a calendar';

CREATE FUNCTION slm.calendar_eq(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_eq(slm.calendar, slm.calendar) IS 'calendars are equal';

CREATE FUNCTION slm.calendar_ne(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_ne(slm.calendar, slm.calendar) IS 'calendars differ';

CREATE FUNCTION slm.calendar_hash(slm.calendar) RETURNS integer
    AS 'MODULE_PATHNAME', 'calendar_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_hash(slm.calendar) IS 'hash of a calendar';

CREATE FUNCTION slm.calendar_hash_extended(slm.calendar, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'calendar_hash_extended'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_hash_extended(slm.calendar, bigint) IS 'seeded hash of a calendar';

CREATE FUNCTION slm.calendar_append(slm.calendar, text) RETURNS slm.calendar
    AS 'MODULE_PATHNAME', 'calendar_append'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_append(slm.calendar, text) IS
    'the calendar with more clauses, as if written after it';

CREATE FUNCTION slm.calendar_zone(cal slm.calendar) RETURNS text
    AS 'MODULE_PATHNAME', 'calendar_zone'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_zone(slm.calendar) IS 'the time zone of a calendar';

CREATE OPERATOR pg_catalog.= (
    LEFTARG = slm.calendar,
    RIGHTARG = slm.calendar,
    FUNCTION = slm.calendar_eq,
    COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>),
    RESTRICT = eqsel,
    JOIN = eqjoinsel,
    HASHES,
    MERGES
);
COMMENT ON OPERATOR pg_catalog.= (slm.calendar, slm.calendar) IS 'calendars are equal';

CREATE OPERATOR pg_catalog.<> (
    LEFTARG = slm.calendar,
    RIGHTARG = slm.calendar,
    FUNCTION = slm.calendar_ne,
    COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=),
    RESTRICT = neqsel,
    JOIN = neqjoinsel
);
COMMENT ON OPERATOR pg_catalog.<> (slm.calendar, slm.calendar) IS 'calendars differ';

CREATE OPERATOR pg_catalog.|| (
    LEFTARG = slm.calendar,
    RIGHTARG = text,
    FUNCTION = slm.calendar_append
);
COMMENT ON OPERATOR pg_catalog.|| (slm.calendar, text) IS
    'append clauses to a calendar, e.g. calendar || ''2027-01-01 closed''';

-- An arbitrary but stable order (by bytes), so that calendars can be sorted
-- for DISTINCT, ORDER BY and merge joins.
CREATE FUNCTION slm.calendar_cmp(slm.calendar, slm.calendar) RETURNS integer
    AS 'MODULE_PATHNAME', 'calendar_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_cmp(slm.calendar, slm.calendar) IS 'sort order of calendars';
CREATE FUNCTION slm.calendar_lt(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_lt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_lt(slm.calendar, slm.calendar) IS 'sorts before';
CREATE FUNCTION slm.calendar_le(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_le'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_le(slm.calendar, slm.calendar) IS 'sorts before or equal';
CREATE FUNCTION slm.calendar_gt(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_gt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_gt(slm.calendar, slm.calendar) IS 'sorts after';
CREATE FUNCTION slm.calendar_ge(slm.calendar, slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_ge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.calendar_ge(slm.calendar, slm.calendar) IS 'sorts after or equal';

CREATE OPERATOR pg_catalog.< (
    LEFTARG = slm.calendar, RIGHTARG = slm.calendar, FUNCTION = slm.calendar_lt,
    COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR pg_catalog.< (slm.calendar, slm.calendar) IS 'sorts before';
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = slm.calendar, RIGHTARG = slm.calendar, FUNCTION = slm.calendar_le,
    COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR pg_catalog.<= (slm.calendar, slm.calendar) IS 'sorts before or equal';
CREATE OPERATOR pg_catalog.> (
    LEFTARG = slm.calendar, RIGHTARG = slm.calendar, FUNCTION = slm.calendar_gt,
    COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR pg_catalog.> (slm.calendar, slm.calendar) IS 'sorts after';
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = slm.calendar, RIGHTARG = slm.calendar, FUNCTION = slm.calendar_ge,
    COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR pg_catalog.>= (slm.calendar, slm.calendar) IS 'sorts after or equal';

CREATE OPERATOR CLASS slm.calendar_btree_ops
    DEFAULT FOR TYPE slm.calendar USING btree AS
        OPERATOR 1 pg_catalog.< (slm.calendar, slm.calendar),
        OPERATOR 2 pg_catalog.<= (slm.calendar, slm.calendar),
        OPERATOR 3 pg_catalog.= (slm.calendar, slm.calendar),
        OPERATOR 4 pg_catalog.>= (slm.calendar, slm.calendar),
        OPERATOR 5 pg_catalog.> (slm.calendar, slm.calendar),
        FUNCTION 1 slm.calendar_cmp(slm.calendar, slm.calendar);

CREATE OPERATOR CLASS slm.calendar_hash_ops
    DEFAULT FOR TYPE slm.calendar USING hash AS
        OPERATOR 1 pg_catalog.= (slm.calendar, slm.calendar),
        FUNCTION 1 slm.calendar_hash(slm.calendar),
        FUNCTION 2 slm.calendar_hash_extended(slm.calendar, bigint);

--------------------------------------------------------------------------
-- Business-time functions on calendar values (IMMUTABLE)
--------------------------------------------------------------------------

CREATE FUNCTION slm.is_business_time(t timestamptz, cal slm.calendar) RETURNS boolean
    AS 'MODULE_PATHNAME', 'slm_is_business_time_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.is_business_time(timestamptz, slm.calendar) IS
    'whether t falls within the calendar''s business hours';

CREATE FUNCTION slm.next_business_time(t timestamptz, cal slm.calendar) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'slm_next_business_time_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.next_business_time(timestamptz, slm.calendar) IS
    'the first business instant at or after t; infinity when there is none';

CREATE FUNCTION slm.business_elapsed(t1 timestamptz, t2 timestamptz, cal slm.calendar) RETURNS interval
    AS 'MODULE_PATHNAME', 'slm_business_elapsed_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_elapsed(timestamptz, timestamptz, slm.calendar) IS
    'business time between t1 and t2 as hours, minutes and seconds; negative when t2 < t1';

CREATE FUNCTION slm.business_add(t timestamptz, d interval, cal slm.calendar) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'slm_business_add_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_add(timestamptz, interval, slm.calendar) IS
    'the instant d of business time after t (days count as business days); infinity when the calendar runs out';

CREATE FUNCTION slm.business_periods(cal slm.calendar, within tstzrange) RETURNS tstzmultirange
    AS 'MODULE_PATHNAME', 'slm_business_periods_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_periods(slm.calendar, tstzrange) IS
    'the business hours within a range';

CREATE FUNCTION slm.business_days(d1 date, d2 date, cal slm.calendar) RETURNS integer
    AS 'MODULE_PATHNAME', 'slm_business_days_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_days(date, date, slm.calendar) IS
    'business dates in [d1, d2); negative when d2 < d1';

--------------------------------------------------------------------------
-- Named calendars
--------------------------------------------------------------------------

CREATE TABLE slm.calendars (
    name        text PRIMARY KEY CHECK (name OPERATOR(pg_catalog.<>) ''),
    calendar    slm.calendar NOT NULL,
    description text
);
COMMENT ON TABLE slm.calendars IS
    'named business calendars; every business-time function also takes a name from here';
COMMENT ON COLUMN slm.calendars.name IS 'the name functions take in place of a calendar value';
COMMENT ON COLUMN slm.calendars.calendar IS 'the calendar';
COMMENT ON COLUMN slm.calendars.description IS 'what the calendar is for';
SELECT pg_catalog.pg_extension_config_dump('slm.calendars', '');
GRANT SELECT ON slm.calendars TO PUBLIC;

CREATE FUNCTION slm.calendars_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_calendars_changed'
    LANGUAGE C;
COMMENT ON FUNCTION slm.calendars_changed() IS
    'trigger: makes every session drop its compiled copies of named calendars';

CREATE TRIGGER calendars_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.calendars
    FOR EACH STATEMENT EXECUTE FUNCTION slm.calendars_changed();

--------------------------------------------------------------------------
-- Business-time functions on calendar names (STABLE: they read slm.calendars)
--
-- The look-up inside is schema- and operator-qualified, so these need no
-- pinned search_path (which would cost a GUC save and restore per row).
--------------------------------------------------------------------------

CREATE FUNCTION slm.is_business_time(t timestamptz, cal text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'slm_is_business_time_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.is_business_time(timestamptz, text) IS
    'whether t falls within the business hours of a named calendar';

CREATE FUNCTION slm.next_business_time(t timestamptz, cal text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'slm_next_business_time_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.next_business_time(timestamptz, text) IS
    'the first business instant at or after t in a named calendar';

CREATE FUNCTION slm.business_elapsed(t1 timestamptz, t2 timestamptz, cal text) RETURNS interval
    AS 'MODULE_PATHNAME', 'slm_business_elapsed_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_elapsed(timestamptz, timestamptz, text) IS
    'business time between t1 and t2 in a named calendar';

CREATE FUNCTION slm.business_add(t timestamptz, d interval, cal text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'slm_business_add_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_add(timestamptz, interval, text) IS
    'the instant d of business time after t in a named calendar';

CREATE FUNCTION slm.business_periods(cal text, within tstzrange) RETURNS tstzmultirange
    AS 'MODULE_PATHNAME', 'slm_business_periods_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_periods(text, tstzrange) IS
    'the business hours of a named calendar within a range';

CREATE FUNCTION slm.business_days(d1 date, d2 date, cal text) RETURNS integer
    AS 'MODULE_PATHNAME', 'slm_business_days_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.business_days(date, date, text) IS
    'business dates in [d1, d2) of a named calendar';

--------------------------------------------------------------------------
-- Diagnostics
--------------------------------------------------------------------------

CREATE FUNCTION slm.calendar_cache_stats(OUT compilations bigint, OUT named_calendars integer,
                                         OUT named_memory bigint)
    AS 'MODULE_PATHNAME', 'slm_calendar_cache_stats'
    LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION slm.calendar_cache_stats() IS
    'this session''s calendar compilations so far, and the named calendars it holds compiled';
