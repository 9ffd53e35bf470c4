/*
 * src/sql/clocks.sql - clocks on the users' own ticket tables: the clocks
 * table, the C functions that schedule and read clocks, the tracking
 * trigger, attach, detach and rebuild
 */

--------------------------------------------------------------------------
-- Clocks on the users' own ticket tables
--------------------------------------------------------------------------

CREATE TABLE slm.tracked_tables (
    tbl               regclass PRIMARY KEY,
    key               text NOT NULL,
    opened_at         text NOT NULL,
    priority          text,
    impact            text,
    urgency           text,
    customer          text,
    service           text,
    status            text,
    status_changed_at text,
    responded_at      text,
    resolved_at       text,
    assignment_group  text,
    supplier          text,
    assignee          text,
    satisfaction      text,
    changed_at        text,
    paused_statuses   text[] NOT NULL DEFAULT '{}',
    supplier_statuses text[] NOT NULL DEFAULT '{}',
    default_service   text NOT NULL DEFAULT 'default',
    attnums           jsonb NOT NULL DEFAULT '{}',
    attached_at       timestamptz NOT NULL DEFAULT now(),
    local_zone        text,
    lookups           jsonb NOT NULL DEFAULT '{}',
    resolved_statuses text[],
    cancel_when       jsonb NOT NULL DEFAULT '{}',
    priority_levels   integer[],
    lookup_tables     regclass[] NOT NULL DEFAULT '{}',
    responses         jsonb,
    response_table    regclass,
    group_links       jsonb,
    group_link_table  regclass,
    pending_until     text,
    customer_message_at text,
    agent_reply_at    text,
    category          text,
    agreement         text,
    CHECK (priority IS NOT NULL OR (impact IS NOT NULL AND urgency IS NOT NULL))
);
COMMENT ON TABLE slm.tracked_tables IS
    'ticket tables whose SLA clocks slm tracks, and which of their columns mean what (slm.attach fills it)';
COMMENT ON COLUMN slm.tracked_tables.tbl IS 'the ticket table';
COMMENT ON COLUMN slm.tracked_tables.key IS 'column: the ticket''s key';
COMMENT ON COLUMN slm.tracked_tables.opened_at IS 'column: when the ticket was opened';
COMMENT ON COLUMN slm.tracked_tables.priority IS 'column: the priority (1 first); NULL: from impact and urgency';
COMMENT ON COLUMN slm.tracked_tables.impact IS 'column: the impact, for slm.priority';
COMMENT ON COLUMN slm.tracked_tables.urgency IS 'column: the urgency, for slm.priority';
COMMENT ON COLUMN slm.tracked_tables.customer IS 'column: the customer (slm.customers.name)';
COMMENT ON COLUMN slm.tracked_tables.service IS 'column: the service (slm.services.name); NULL: default_service';
COMMENT ON COLUMN slm.tracked_tables.status IS 'column: the status';
COMMENT ON COLUMN slm.tracked_tables.status_changed_at IS 'column: when the status last changed (times status changes)';
COMMENT ON COLUMN slm.tracked_tables.responded_at IS 'column: when the ticket was first responded to';
COMMENT ON COLUMN slm.tracked_tables.resolved_at IS 'column: when it was resolved (cleared on reopening)';
COMMENT ON COLUMN slm.tracked_tables.assignment_group IS 'column: the internal team holding it (OLA counterparty)';
COMMENT ON COLUMN slm.tracked_tables.supplier IS 'column: the supplier involved (UC counterparty)';
COMMENT ON COLUMN slm.tracked_tables.assignee IS 'column: the person handling it';
COMMENT ON COLUMN slm.tracked_tables.satisfaction IS 'column: the customer''s satisfaction score';
COMMENT ON COLUMN slm.tracked_tables.changed_at IS
    'column: when the ticket was last written (times every change; else status_changed_at does)';
COMMENT ON COLUMN slm.tracked_tables.paused_statuses IS 'statuses that wait on the customer: SLA and OLA clocks pause';
COMMENT ON COLUMN slm.tracked_tables.supplier_statuses IS 'statuses that wait on the supplier: UC clocks run';
COMMENT ON COLUMN slm.tracked_tables.default_service IS 'the service of tickets when no service column is mapped';
COMMENT ON COLUMN slm.tracked_tables.attnums IS
    'each mapped column''s attribute number by role, so that a renamed column keeps its role';
COMMENT ON COLUMN slm.tracked_tables.attached_at IS 'when slm.attach ran';
COMMENT ON COLUMN slm.tracked_tables.local_zone IS
    'the time zone its timestamp-without-time-zone columns are written in (read as AT TIME ZONE reads them)';
COMMENT ON COLUMN slm.tracked_tables.lookups IS
    'by role, a query of (value, name) in the ticket system''s own tables: clocks, reports and status lists use the names';
COMMENT ON COLUMN slm.tracked_tables.resolved_statuses IS
    'statuses in which a ticket is resolved (leaving them reopens it); NULL: the resolved_at column alone tells';
COMMENT ON COLUMN slm.tracked_tables.cancel_when IS
    'column -> values (or looked-up names) that cancel a ticket: trash, spam, merged; its running clocks are cancelled';
COMMENT ON COLUMN slm.tracked_tables.priority_levels IS
    'the priorities the table uses, the most urgent first; NULL: 1 is the most urgent';
COMMENT ON COLUMN slm.tracked_tables.lookup_tables IS
    'the tables its look-ups read, which carry the slm_lookup_changed trigger';
COMMENT ON COLUMN slm.tracked_tables.responses IS
    'where the system keeps first responses: {"table", "ticket" (its key column there), "query" of (ticket, time)}';
COMMENT ON COLUMN slm.tracked_tables.response_table IS
    'the table of the responses, which carries the slm_track_response trigger';
COMMENT ON COLUMN slm.tracked_tables.group_links IS
    'where the system links tickets to the teams holding them: {"table", "ticket" (its key column there), "query" of (ticket, team)}';
COMMENT ON COLUMN slm.tracked_tables.group_link_table IS
    'the table of the links, which carries the slm_track_groups trigger';
COMMENT ON COLUMN slm.tracked_tables.pending_until IS
    'column: until when a wait on the customer is agreed (slm.overdue_pauses lists the waits past it)';
COMMENT ON COLUMN slm.tracked_tables.customer_message_at IS
    'column: when the customer last wrote (each message after the first reply starts a next reply cycle)';
COMMENT ON COLUMN slm.tracked_tables.agent_reply_at IS
    'column: when an agent last replied to the customer (stops the next reply cycle)';
COMMENT ON COLUMN slm.tracked_tables.category IS
    'column: the ticket''s type, category or channel, which targets may be for (slm.targets.category)';
COMMENT ON COLUMN slm.tracked_tables.agreement IS
    'column: the SLA the ticket names for itself (slm.agreements.name), in place of the one chosen for it';
SELECT pg_catalog.pg_extension_config_dump('slm.tracked_tables', '');

-- each agreement with the zone that cuts its periods
CREATE VIEW slm.agreement_zones WITH (security_invoker = true) AS
SELECT a.id AS agreement, a.name, a.kind, a.service, a.counterparty, slm.calendar_zone(c.calendar) AS zone
FROM slm.agreements a
JOIN slm.services s ON s.name = a.service
JOIN slm.calendars c ON c.name = s.calendar;
COMMENT ON VIEW slm.agreement_zones IS 'agreements with the time zone of their service''s calendar';
COMMENT ON COLUMN slm.agreement_zones.agreement IS 'agreement id';
COMMENT ON COLUMN slm.agreement_zones.name IS 'agreement name';
COMMENT ON COLUMN slm.agreement_zones.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.agreement_zones.service IS 'the service';
COMMENT ON COLUMN slm.agreement_zones.counterparty IS 'customer, team or supplier';
COMMENT ON COLUMN slm.agreement_zones.zone IS 'the time zone of the service''s calendar';

CREATE TABLE slm.clocks (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tbl            regclass NOT NULL,
    ticket         text NOT NULL,
    kind           text NOT NULL,
    metric         text NOT NULL,
    cycle          integer NOT NULL,
    agreement      integer NOT NULL,
    target         integer,
    counterparty   text,
    customer       text,
    service        text NOT NULL,
    priority       integer,
    tier           text,
    goal           interval NOT NULL,
    calendar       text NOT NULL,
    warn_at        numeric NOT NULL,
    started_at     timestamptz NOT NULL,
    pauses         tstzmultirange NOT NULL DEFAULT '{}',
    paused_since   timestamptz,
    stopped_at     timestamptz,
    cancelled_at   timestamptz,
    goal_time      interval,
    paused_time    interval NOT NULL DEFAULT '0',
    time_used      interval,
    warn_from      timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    due_date       date,
    state          text NOT NULL,
    assignee       text,
    satisfaction   numeric,
    removed_at     timestamptz,
    category       text,
    named_agreement text
)
-- clocks are updated in place as tickets pause, resume and stop: room on
-- the page keeps those updates HOT (measured: 47% HOT at 100, all at 70).
-- Only slm's own code writes clocks, and the values of kind, cycle and
-- state are documented below rather than CHECKed: a CHECK constraint's
-- expression is read and compiled again by every statement that writes
-- the table, which was 9% of a tracked ticket's insert and update.
WITH (fillfactor = 70);
-- A ticket's clocks by its key: those of the ticket the key names now.
-- After a ticket is deleted (or its table truncated) its clocks keep their
-- results with removed_at set, and a new ticket with the same key starts
-- afresh (a key used again is a new ticket).
CREATE UNIQUE INDEX clocks_ticket ON slm.clocks (tbl, ticket, kind, metric, cycle) WHERE removed_at IS NULL;
COMMENT ON INDEX slm.clocks_ticket IS 'the clocks of the tickets that exist, by key, kind, metric and cycle';
CREATE INDEX clocks_due ON slm.clocks (due_date);
-- the clocks of deleted and cancelled tickets by ticket, for slm.load_history
-- (no entry for a live clock: tracking pays nothing for it)
CREATE INDEX clocks_removed ON slm.clocks (tbl, ticket) WHERE removed_at IS NOT NULL;
-- The reports group clocks by agreement, customer, priority and metric,
-- which go together: without this the planner multiplies their distinct
-- counts, expects a hundred times too many groups, and on large tables
-- sorts millions of rows where a hash table of a few thousand would do.
CREATE STATISTICS slm.clocks_report_groups (ndistinct) ON agreement, customer, priority, metric FROM slm.clocks;
COMMENT ON STATISTICS slm.clocks_report_groups IS 'how many report groups slm.clocks holds, for the planner';
COMMENT ON TABLE slm.clocks IS
    'SLA clocks: one per ticket, agreement, metric and cycle, kept by the tracking triggers and slm.rebuild';
COMMENT ON COLUMN slm.clocks.id IS 'clock id';
COMMENT ON COLUMN slm.clocks.tbl IS 'the ticket table';
COMMENT ON COLUMN slm.clocks.ticket IS 'the ticket''s key, as text';
COMMENT ON COLUMN slm.clocks.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.clocks.metric IS 'response or resolution';
COMMENT ON COLUMN slm.clocks.cycle IS '1, 2, ...: first, second, ... run of this kind and metric for the ticket (reopenings, hand-offs)';
COMMENT ON COLUMN slm.clocks.agreement IS 'the agreement (slm.agreements.id)';
COMMENT ON COLUMN slm.clocks.target IS 'the target that applied (slm.targets.id)';
COMMENT ON COLUMN slm.clocks.counterparty IS 'the customer (SLA), team (OLA) or supplier (UC)';
COMMENT ON COLUMN slm.clocks.customer IS 'the ticket''s customer';
COMMENT ON COLUMN slm.clocks.service IS 'the ticket''s service';
COMMENT ON COLUMN slm.clocks.priority IS 'the ticket''s priority';
COMMENT ON COLUMN slm.clocks.tier IS 'the customer''s tier';
COMMENT ON COLUMN slm.clocks.goal IS 'the goal that applied';
COMMENT ON COLUMN slm.clocks.calendar IS 'the named calendar the clock runs on';
COMMENT ON COLUMN slm.clocks.warn_at IS 'share of the goal after which the clock is at risk';
COMMENT ON COLUMN slm.clocks.started_at IS 'when the clock started';
COMMENT ON COLUMN slm.clocks.pauses IS 'closed pauses (waiting on the customer)';
COMMENT ON COLUMN slm.clocks.paused_since IS 'start of the pause going on, if any';
COMMENT ON COLUMN slm.clocks.stopped_at IS 'when the clock stopped (responded, resolved, handed on)';
COMMENT ON COLUMN slm.clocks.cancelled_at IS 'when the clock was cancelled while running (ticket deleted, or no target applies any more)';
COMMENT ON COLUMN slm.clocks.goal_time IS 'the goal as business time from the start';
COMMENT ON COLUMN slm.clocks.paused_time IS 'business time spent in closed pauses';
COMMENT ON COLUMN slm.clocks.time_used IS 'business time used, pauses excluded, once stopped (time to respond or resolve)';
COMMENT ON COLUMN slm.clocks.warn_from IS 'when the clock becomes at risk';
COMMENT ON COLUMN slm.clocks.due_at IS 'when it is due, moved later by the paused business time';
COMMENT ON COLUMN slm.clocks.due_date IS
    'the date it falls due in its agreement''s time zone (the reports'' periods)';
COMMENT ON COLUMN slm.clocks.state IS 'state at the last change: running, paused, met, missed or cancelled';
COMMENT ON COLUMN slm.clocks.assignee IS 'who handled the ticket';
COMMENT ON COLUMN slm.clocks.satisfaction IS 'the customer''s satisfaction score';
COMMENT ON COLUMN slm.clocks.removed_at IS
    'when the ticket was deleted or its table truncated (NULL while it exists); its key may name a new ticket since';
COMMENT ON COLUMN slm.clocks.category IS 'the ticket''s category, which its target may be for';
COMMENT ON COLUMN slm.clocks.named_agreement IS 'the SLA the ticket named for itself (SLA clocks; NULL: chosen for it)';
SELECT pg_catalog.pg_extension_config_dump('slm.clocks', '');
SELECT pg_catalog.pg_extension_config_dump('slm.clocks_id_seq', '');
COMMENT ON SEQUENCE slm.clocks_id_seq IS 'ids of clocks';

-- the C side: schedules from values, states from clock rows

CREATE FUNCTION slm.clock_schedule(started_at timestamptz, goal interval, warn_at numeric,
                                   pauses tstzmultirange, cal slm.calendar,
                                   OUT goal_time interval, OUT paused_time interval,
                                   OUT warn_from timestamptz, OUT due_at timestamptz)
    AS 'MODULE_PATHNAME', 'slm_clock_schedule_cal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_schedule(timestamptz, interval, numeric, tstzmultirange, slm.calendar) IS
    'a clock''s goal as business time, its paused business time, when it is at risk and when it is due';

CREATE FUNCTION slm.clock_schedule(started_at timestamptz, goal interval, warn_at numeric,
                                   pauses tstzmultirange, cal text,
                                   OUT goal_time interval, OUT paused_time interval,
                                   OUT warn_from timestamptz, OUT due_at timestamptz)
    AS 'MODULE_PATHNAME', 'slm_clock_schedule_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_schedule(timestamptz, interval, numeric, tstzmultirange, text) IS
    'a clock''s schedule on a named calendar';

-- the one spelling of a ticket table in views and alert payloads
CREATE FUNCTION slm.table_name(tbl regclass) RETURNS text
    AS 'MODULE_PATHNAME', 'slm_table_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.table_name(regclass) IS
    'a table''s name qualified by its schema, quoted as needed, whatever the search_path';

CREATE FUNCTION slm.clock_state(clock slm.clocks, at timestamptz DEFAULT now()) RETURNS text
    AS 'MODULE_PATHNAME', 'slm_clock_state'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_state(slm.clocks, timestamptz) IS
    'running, at_risk, paused, breached, met, missed or cancelled: a clock''s state at a time, from the clock''s own values';

CREATE FUNCTION slm.clock_elapsed(clock slm.clocks, at timestamptz DEFAULT now()) RETURNS interval
    AS 'MODULE_PATHNAME', 'slm_clock_elapsed'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_elapsed(slm.clocks, timestamptz) IS
    'business time a clock has used by a time, pauses excluded';

/*
 * The same decisions from a clock's columns, for slm.sla_status, which reads
 * every clock: passing columns costs less than forming each row as a
 * composite (src/clock_fns.c runs the same code for both).
 */
CREATE FUNCTION slm.clock_state_of(started_at timestamptz, stopped_at timestamptz, cancelled_at timestamptz,
                                   paused_since timestamptz, due_at timestamptz, warn_from timestamptz,
                                   goal_time interval, calendar text, pauses tstzmultirange, warn_at numeric,
                                   at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'slm_clock_state_of'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_state_of(timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz,
                                       interval, text, tstzmultirange, numeric, timestamptz) IS
    'slm.clock_state from a clock''s columns (for slm.sla_status)';

CREATE FUNCTION slm.clock_elapsed_of(started_at timestamptz, stopped_at timestamptz, cancelled_at timestamptz,
                                     paused_since timestamptz, due_at timestamptz, warn_from timestamptz,
                                     goal_time interval, calendar text, pauses tstzmultirange, warn_at numeric,
                                     at timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'slm_clock_elapsed_of'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_elapsed_of(timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz,
                                         interval, text, tstzmultirange, numeric, timestamptz) IS
    'slm.clock_elapsed from a clock''s columns (for slm.sla_status)';

CREATE FUNCTION slm.clock_remaining(clock slm.clocks, at timestamptz DEFAULT now()) RETURNS interval
    AS 'MODULE_PATHNAME', 'slm_clock_remaining'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.clock_remaining(slm.clocks, timestamptz) IS
    'business time left before a clock is due at a time; negative when overdue';

/*
 * Statements planned while slm.clocks was small (a newly attached table, a
 * first bulk load or rebuild) stay small-table plans as it grows, and each
 * execution then costs in proportion to the clocks already there.  So when
 * slm.clocks has grown to twice the size its statistics know, the trigger
 * and slm.rebuild analyze it, which also makes every session plan afresh.
 * Only while they know it as small (under 1024 pages, 8 MB): from there on
 * autovacuum keeps the statistics; an ANALYZE at every doubling of a large
 * table costs the sessions that run it more than it saves (measured: 5% of
 * a pgbench run's CPU).  Skipped when another transaction is analyzing it,
 * or the caller may not.
 */
CREATE FUNCTION slm.keep_clock_statistics() RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    known integer := greatest((SELECT c.relpages FROM pg_class c WHERE c.oid = 'slm.clocks'::regclass), 16);
BEGIN
    IF slm.clock_statistics_small() AND pg_relation_size('slm.clocks'::regclass) > 2 * current_setting('block_size')::bigint * known THEN
        BEGIN
            LOCK TABLE slm.clocks IN SHARE UPDATE EXCLUSIVE MODE NOWAIT;
            ANALYZE slm.clocks;
        EXCEPTION WHEN lock_not_available OR insufficient_privilege THEN
            NULL;
        END;
    END IF;
END $$;
COMMENT ON FUNCTION slm.keep_clock_statistics() IS
    'analyze slm.clocks when it has outgrown its statistics (called by the tracking trigger and slm.rebuild)';
REVOKE EXECUTE ON FUNCTION slm.keep_clock_statistics() FROM PUBLIC;

CREATE FUNCTION slm.clock_statistics_small() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT c.relpages < 1024 FROM pg_class c WHERE c.oid = 'slm.clocks'::regclass
$$;
COMMENT ON FUNCTION slm.clock_statistics_small() IS
    'whether the statistics know slm.clocks as small (under 1024 pages), when analyzing it as it grows pays';

/*
 * The tracking trigger, in C (src/clock_trigger.c): each change of a
 * tracked table goes through the clock rules (src/engine/clock_rules.c).
 * It runs with its owner's rights, so that roles that may write tickets but
 * not slm's tables still get clocks.  What it cannot compute for a row
 * becomes a WARNING that names the ticket; the row is always written.
 */
CREATE FUNCTION slm.track() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_track'
    LANGUAGE C
    SECURITY DEFINER;
COMMENT ON FUNCTION slm.track() IS 'trigger on tracked ticket tables: keeps their SLA clocks';
-- it runs as slm's owner: only slm.attach, run by whoever may attach tables,
-- puts it on a table
REVOKE EXECUTE ON FUNCTION slm.track() FROM PUBLIC;

/*
 * Rows that leave a tracked partitioned table with their partition
 * (src/partitions.c) fire none of the row triggers: a truncated partition
 * fires this trigger, which slm puts on every partition, before its rows
 * go; they are removed as deleted rows are.
 */
CREATE FUNCTION slm.track_partition_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_track_partition_truncate'
    LANGUAGE C
    SECURITY DEFINER;
COMMENT ON FUNCTION slm.track_partition_truncate() IS
    'trigger on the partitions of tracked tables: a truncated partition''s tickets are removed';
REVOKE EXECUTE ON FUNCTION slm.track_partition_truncate() FROM PUBLIC;

CREATE FUNCTION slm.tracking_stats(OUT written_directly bigint, OUT written_by_statements bigint,
                                   OUT not_tracked bigint)
    AS 'MODULE_PATHNAME', 'slm_tracking_stats'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION slm.tracking_stats() IS
    'changes of tracked tables this session''s trigger wrote directly, wrote by statements (see slm.direct_writes), and could not track (each with a WARNING)';

/*
 * The trigger keeps the model (targets, agreements, services, calendars,
 * customers' tiers, mappings) in memory; a change to any of these tables
 * tells every session to read it again (slm.calendars has its own trigger,
 * which does the same).
 */
CREATE FUNCTION slm.model_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_calendars_changed'
    LANGUAGE C;
COMMENT ON FUNCTION slm.model_changed() IS
    'statement trigger on slm''s model tables: sessions read the model again';
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.services
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.customers
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.tier_thresholds
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.priority_matrix
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.agreements
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.targets
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
CREATE TRIGGER model_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slm.tracked_tables
    FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed();
-- A server that follows another's model by logical replication (a shard,
-- doc/scale-out.md): the apply worker fires no statement trigger but
-- TRUNCATE's, and only triggers enabled for replicas or always.  So the
-- statement triggers fire always, and row triggers enabled for replicas
-- alone tell the sessions of rows the worker applied.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('slm.calendars', 'calendars_changed', 'slm.calendars_changed()'),
                                   ('slm.services', 'model_changed', 'slm.model_changed()'),
                                   ('slm.customers', 'model_changed', 'slm.model_changed()'),
                                   ('slm.tier_thresholds', 'model_changed', 'slm.model_changed()'),
                                   ('slm.priority_matrix', 'model_changed', 'slm.model_changed()'),
                                   ('slm.agreements', 'model_changed', 'slm.model_changed()'),
                                   ('slm.targets', 'model_changed', 'slm.model_changed()')) v(tbl, trigger, fn)
    LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.tbl, t.trigger);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION %s',
                       t.trigger || '_replicated', t.tbl, t.fn);
        EXECUTE format('ALTER TABLE %s ENABLE REPLICA TRIGGER %I', t.tbl, t.trigger || '_replicated');
    END LOOP;
END $$;

--------------------------------------------------------------------------
-- attach, detach, rebuild
--------------------------------------------------------------------------

CREATE FUNCTION slm.drop_tracking_triggers(tbl regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    trigger_name name;
    part regclass;
BEGIN
    FOR trigger_name IN
        SELECT t.tgname FROM pg_trigger t
        WHERE t.tgrelid = tbl AND t.tgname IN ('slm_track', 'slm_track_update', 'slm_track_truncate')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', trigger_name, tbl);
    END LOOP;
    -- and the truncation triggers of its partitions (or its own, from a
    -- table it was detached from)
    FOR part IN
        SELECT t.tgrelid::regclass FROM pg_trigger t
        WHERE t.tgname = 'slm_track_partition_truncate'
          AND (t.tgrelid = tbl OR t.tgrelid IN (SELECT p.relid FROM pg_partition_tree(tbl) p))
    LOOP
        EXECUTE format('DROP TRIGGER slm_track_partition_truncate ON %s', part);
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.drop_tracking_triggers(regclass) IS 'drop the tracking triggers of a table';

/*
 * The truncation trigger on every partition of a tracked partitioned
 * table that lacks it (foreign tables have no TRUNCATE triggers): from
 * slm.attach, and from slm_follow_new_partitions for a partition created
 * or attached later.
 */
CREATE FUNCTION slm.track_partitions(tbl regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    part regclass;
BEGIN
    FOR part IN
        SELECT p.relid FROM pg_partition_tree(tbl) p JOIN pg_class c ON c.oid = p.relid
        WHERE p.relid <> tbl AND c.relkind IN ('r', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_trigger t
                          WHERE t.tgrelid = p.relid AND t.tgname = 'slm_track_partition_truncate')
        ORDER BY p.level, p.relid::text
    LOOP
        EXECUTE format('CREATE TRIGGER slm_track_partition_truncate BEFORE TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION slm.track_partition_truncate()', part);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_partition_truncate', part);
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.track_partitions(regclass) IS
    'put the truncation trigger on the partitions of a tracked table that lack it';

/*
 * The triggers slm.attach put on a ticket system's other tables (look-ups'
 * slm_lookup_changed, responses' slm_track_response, group links'
 * slm_track_groups) that no tracked table needs any more, of the tables
 * given, are dropped.
 */
CREATE FUNCTION slm.drop_unused_triggers(tables regclass[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT DISTINCT u.t AS tbl, g.tgname
        FROM unnest(tables) u(t)
        JOIN pg_trigger g ON g.tgrelid = u.t
                         AND g.tgname IN ('slm_lookup_changed', 'slm_track_response', 'slm_track_groups')
        WHERE NOT EXISTS (SELECT 1 FROM slm.tracked_tables tt
                          WHERE (g.tgname = 'slm_lookup_changed' AND u.t = ANY (tt.lookup_tables))
                             OR (g.tgname = 'slm_track_response' AND u.t = tt.response_table)
                             OR (g.tgname = 'slm_track_groups' AND u.t = tt.group_link_table))
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.tbl);
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.drop_unused_triggers(regclass[]) IS
    'drop the triggers on a ticket system''s other tables that no tracked table''s look-ups, responses or group links need';

-- the column types of a query for a table (a look-up, the responses) and
-- the tables it reads, checking that it is one SELECT that runs as the
-- trigger runs it: search_path set to the table's schema, then pg_catalog
CREATE FUNCTION slm.query_shape(tbl regclass, query text, OUT column_types regtype[], OUT tables regclass[])
    AS 'MODULE_PATHNAME', 'slm_query_shape_fn'
    LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION slm.query_shape(regclass, text) IS
    'the column types of a look-up or responses query for a ticket table, and the tables it reads (slm.attach checks them)';

-- the triggers on tables where a ticket system keeps responses and the
-- teams holding tickets (src/related_tables.c)
CREATE FUNCTION slm.track_response() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_track_response'
    LANGUAGE C;
COMMENT ON FUNCTION slm.track_response() IS
    'trigger: a row written where a ticket system keeps responses gives its ticket''s first response (slm.attach creates it)';
CREATE FUNCTION slm.track_groups() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_track_groups'
    LANGUAGE C;
COMMENT ON FUNCTION slm.track_groups() IS
    'trigger: a row written or deleted where a ticket system links tickets to teams gives the teams holding its ticket (slm.attach creates it)';

/*
 * Attach a ticket table: check the whole mapping first, and report every
 * problem in one error (one problem keeps its own SQLSTATE; several are
 * 22023 with one line each in the detail), so that nothing is attached
 * half-way and the user fixes the call once.
 *
 * A table is taken as its ticket system stores it: local times with the
 * zone they are written in, ids whose names a look-up query finds in the
 * system's own tables, a resolution told by the status, a cancel
 * condition, a priority scale of its own.  Status lists and cancel values
 * may be given as the column's values or as looked-up names; they are
 * kept as the names the trigger compares with.
 */
CREATE FUNCTION slm.attach(tbl regclass, key text, opened_at text, priority text DEFAULT NULL,
                           customer text DEFAULT NULL, service text DEFAULT NULL, status text DEFAULT NULL,
                           status_changed_at text DEFAULT NULL, responded_at text DEFAULT NULL,
                           resolved_at text DEFAULT NULL, assignment_group text DEFAULT NULL,
                           supplier text DEFAULT NULL, assignee text DEFAULT NULL,
                           satisfaction text DEFAULT NULL, paused_statuses text[] DEFAULT '{}',
                           supplier_statuses text[] DEFAULT '{}', impact text DEFAULT NULL,
                           urgency text DEFAULT NULL, default_service text DEFAULT 'default',
                           changed_at text DEFAULT NULL, local_zone text DEFAULT NULL,
                           lookups jsonb DEFAULT '{}', resolved_statuses text[] DEFAULT NULL,
                           cancel_when jsonb DEFAULT '{}', priority_levels integer[] DEFAULT NULL,
                           responses jsonb DEFAULT NULL, group_links jsonb DEFAULT NULL,
                           pending_until text DEFAULT NULL, customer_message_at text DEFAULT NULL,
                           agent_reply_at text DEFAULT NULL, category text DEFAULT NULL,
                           agreement text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    spec record;
    col record;
    lk record;
    watched text[] := '{}';
    problems text[] := '{}';
    codes text[] := '{}';
    key_attnum smallint;
    attnums jsonb := '{}';
    local_columns text[] := '{}';
    role_columns jsonb;
    role_types jsonb := '{}';
    queries jsonb := '{}';      -- role -> look-up query that runs
    relations regclass[] := '{}';
    table_path text;
    lists jsonb := '{}';        -- list name -> its entries as names
    list record;
    entry text;
    found_name text;
    kept text[];
    cancels jsonb := '{}';
    cancel_column record;
    column_type regtype;
    column_role text;
    old_tables regclass[];
    seen text[];
    shape record;
    name_of_entry text;
    related record;
    related_table regclass;
    response_table regclass;
    group_link_table regclass;
    partition_problem text;
    hint text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = tbl AND c.relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', tbl USING ERRCODE = 'wrong_object_type';
    END IF;
    -- a temporary table goes with its session, and no event trigger sees it
    -- go: its mapping and running clocks would outlive it, under an oid
    IF EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = tbl AND c.relpersistence = 't') THEN
        RAISE EXCEPTION 'cannot attach %: it is a temporary table', tbl
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'Its clocks would outlive it, running and breached in every report.',
                  HINT = 'Attach a permanent table.';
    END IF;
    IF priority IS NULL AND (impact IS NULL OR urgency IS NULL) THEN
        problems := problems || 'no priority column, and not both impact and urgency columns, were given'::text;
        codes := codes || '22023'::text;
    END IF;
    -- the next reply runs from a customer message after the first reply to the agents' next reply
    IF (customer_message_at IS NULL) <> (agent_reply_at IS NULL) THEN
        problems := problems || 'customer_message_at and agent_reply_at go together: a next reply runs from the one to the other'::text;
        codes := codes || '22023'::text;
    ELSIF customer_message_at IS NOT NULL AND responded_at IS NULL AND responses IS NULL THEN
        problems := problems || 'customer_message_at needs the first reply (responded_at or responses): a next reply runs from a message after it'::text;
        codes := codes || '22023'::text;
    END IF;
    lookups := coalesce(lookups, '{}');
    cancel_when := coalesce(cancel_when, '{}');
    role_columns := jsonb_build_object('customer', customer, 'service', service, 'status', status,
                                       'assignment_group', assignment_group, 'supplier', supplier,
                                       'assignee', assignee, 'category', category, 'agreement', agreement);

    -- each mapped column must exist and be of a fitting type
    FOR spec IN
        SELECT * FROM (VALUES
            ('key', key, 'key'),
            ('opened_at', opened_at, 'time'), ('status_changed_at', status_changed_at, 'time'),
            ('responded_at', responded_at, 'time'), ('resolved_at', resolved_at, 'time'),
            ('changed_at', changed_at, 'time'), ('customer_message_at', customer_message_at, 'time'),
            ('agent_reply_at', agent_reply_at, 'time'),
            ('priority', priority, 'integer'), ('impact', impact, 'integer'), ('urgency', urgency, 'integer'),
            ('customer', customer, 'name'), ('service', service, 'name'), ('status', status, 'name'),
            ('assignment_group', assignment_group, 'name'), ('supplier', supplier, 'name'),
            ('assignee', assignee, 'name'), ('category', category, 'name'), ('agreement', agreement, 'name'),
            ('satisfaction', satisfaction, 'number'),
            ('pending_until', pending_until, 'time')
        ) v(role, name, want)
        WHERE name IS NOT NULL
    LOOP
        SELECT a.attname, a.attnum, a.attnotnull, a.atttypid, format_type(a.atttypid, a.atttypmod) AS typename,
               t.typcategory
        INTO col
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = tbl AND a.attname = spec.name AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            problems := problems || format('column "%s" (%s) does not exist', spec.name, spec.role);
            codes := codes || '42703'::text;
            CONTINUE;
        END IF;
        IF (spec.want = 'time' AND col.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype))
           OR (spec.want = 'integer' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype))
           OR (spec.want = 'name' AND col.typcategory IN ('A', 'C', 'P'))
           OR (spec.want = 'number' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype,
                                                             'numeric'::regtype, 'real'::regtype,
                                                             'double precision'::regtype))
           OR (spec.want = 'key' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype,
                                                          'text'::regtype, 'varchar'::regtype, 'uuid'::regtype)) THEN
            problems := problems || format('column "%s" (%s) is %s; it must be %s',
                spec.name, spec.role, col.typename,
                CASE spec.want WHEN 'time' THEN 'a timestamp, with or without time zone'
                               WHEN 'integer' THEN 'an integer type'
                               WHEN 'name' THEN 'a single value, not an array or a row'
                               WHEN 'key' THEN 'an integer, text, varchar or uuid'
                               ELSE 'a number' END);
            codes := codes || '42804'::text;
        END IF;
        IF spec.want = 'time' AND col.atttypid = 'timestamp'::regtype THEN
            local_columns := local_columns || spec.name;
        END IF;
        role_types := role_types || jsonb_build_object(spec.role, col.atttypid::regtype::text);
        attnums := attnums || jsonb_build_object(spec.role, col.attnum);
        IF spec.role = 'key' THEN
            key_attnum := col.attnum;
            IF NOT col.attnotnull THEN
                problems := problems || format('key column "%s" may be null', spec.name);
                codes := codes || '22023'::text;
            END IF;
        ELSIF spec.role <> 'pending_until' THEN   -- read by the report of overdue waits, not by tracking
            watched := watched || spec.name;
        END IF;
    END LOOP;
    watched := watched || key;

    -- the key must name one ticket: a clock belongs to exactly one
    IF key_attnum IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM pg_index i
        WHERE i.indrelid = tbl AND i.indisunique AND i.indnatts = 1 AND i.indkey[0] = key_attnum
          AND i.indpred IS NULL AND i.indexprs IS NULL) THEN
        problems := problems || format('key column "%s" is not unique', key);
        codes := codes || '22023'::text;
    END IF;

    -- a partitioned table is tracked as a whole, by triggers cloned to
    -- every partition: a partition of a tracked table is tracked already,
    -- and a partition tracked itself would have two sets of triggers
    FOR partition_problem IN
        SELECT format('it is a partition of %s, which is tracked as a whole', a.relid)
        FROM pg_partition_ancestors(tbl) a
        WHERE a.relid <> tbl AND a.relid IN (SELECT t.tbl FROM slm.tracked_tables t)
        UNION ALL
        (SELECT format('its partition %s is tracked itself: detach it first', p.relid)
         FROM pg_partition_tree(tbl) p
         WHERE p.relid <> tbl AND p.relid IN (SELECT t.tbl FROM slm.tracked_tables t)
         ORDER BY p.level, p.relid::text)
    LOOP
        problems := problems || partition_problem;
        codes := codes || '55000'::text;
    END LOOP;

    -- local times need their zone, one PostgreSQL knows
    IF local_zone IS NOT NULL THEN
        BEGIN
            PERFORM timezone(local_zone, timestamp '2000-01-01');
        EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
            problems := problems || format('time zone "%s" (local_zone) is not known', local_zone);
            codes := codes || '22023'::text;
            local_zone := NULL;
        END;
    ELSIF cardinality(local_columns) > 0 THEN
        problems := problems || format('%s timestamp without time zone; local_zone must name the zone %s written in',
                                       CASE WHEN cardinality(local_columns) = 1
                                            THEN format('column "%s" is a', local_columns[1])
                                            ELSE format('columns %s are', (SELECT string_agg(format('"%s"', c), ', ')
                                                                            FROM unnest(local_columns) c)) END,
                                       CASE WHEN cardinality(local_columns) = 1 THEN 'it is' ELSE 'they are' END);
        codes := codes || '22023'::text;
    END IF;

    -- look-ups: a query of (value, name) per naming role, run as the trigger runs them
    -- an entry of a status list or a cancel condition, given as a value of
    -- the look-up or a name: the name, a value preferred
    name_of_entry := 'SELECT l.name::text FROM (%s) AS l(value, name) WHERE l.value::text = $1 OR l.name::text = $1 '
                     'ORDER BY l.value::text = $1 DESC LIMIT 1';
    table_path := format('%I, pg_catalog, pg_temp',
                         (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE c.oid = tbl));
    IF jsonb_typeof(lookups) <> 'object' THEN
        problems := problems || 'lookups must be a JSON object of role: query'::text;
        codes := codes || '22023'::text;
    ELSE
        FOR lk IN SELECT j.key AS role, j.value FROM jsonb_each(lookups) j ORDER BY j.key LOOP
            IF NOT role_columns ? lk.role THEN
                problems := problems || format('lookups: "%s" is not a role that names something '
                                               '(customer, service, status, assignment_group, supplier, assignee, category, agreement)',
                                               lk.role);
                codes := codes || '22023'::text;
            ELSIF role_columns ->> lk.role IS NULL THEN
                problems := problems || format('lookups: role "%s" has no column', lk.role);
                codes := codes || '22023'::text;
            ELSIF jsonb_typeof(lk.value) <> 'string' THEN
                problems := problems || format('lookups: the look-up of %s must be a query, as a string', lk.role);
                codes := codes || '22023'::text;
            ELSE
                BEGIN
                    shape := slm.query_shape(tbl, lk.value #>> '{}');
                    IF cardinality(shape.column_types) <> 2 THEN
                        problems := problems || format('lookups: the look-up of %s gives %s; it must give two columns, '
                                                       'a value and its name', lk.role,
                                                       (SELECT string_agg(t::text, ', ') FROM unnest(shape.column_types) t));
                        codes := codes || '22023'::text;
                    ELSE
                        relations := relations || shape.tables;
                        queries := queries || jsonb_build_object(lk.role, lk.value #>> '{}');
                    END IF;
                EXCEPTION WHEN OTHERS THEN
                    problems := problems || format('lookups: the look-up of %s fails: %s', lk.role, SQLERRM);
                    codes := codes || SQLSTATE;
                END;
            END IF;
        END LOOP;
    END IF;

    -- status lists: given as the column's values or as looked-up names, kept as what the trigger compares
    IF status IS NULL AND (cardinality(paused_statuses) > 0 OR cardinality(supplier_statuses) > 0
                           OR resolved_statuses IS NOT NULL) THEN
        problems := problems || 'status lists were given, but no status column'::text;
        codes := codes || '22023'::text;
    END IF;
    FOR list IN
        SELECT * FROM (VALUES ('paused_statuses', coalesce(paused_statuses, '{}')),
                              ('supplier_statuses', coalesce(supplier_statuses, '{}')),
                              ('resolved_statuses', coalesce(resolved_statuses, '{}'))) v(name, entries)
        WHERE status IS NOT NULL AND role_types ? 'status'
    LOOP
        kept := '{}';
        FOREACH entry IN ARRAY list.entries LOOP
            found_name := NULL;
            IF entry IS NULL THEN
                problems := problems || format('%s: a status is null', list.name);
                codes := codes || '22023'::text;
                CONTINUE;
            ELSIF queries ? 'status' THEN
                PERFORM set_config('search_path', table_path, true);
                EXECUTE format(name_of_entry, queries ->> 'status') INTO found_name USING entry;
                PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
                IF found_name IS NULL THEN
                    problems := problems || format('%s: "%s" is neither a value nor a name of the status look-up',
                                                   list.name, entry);
                    codes := codes || '22023'::text;
                END IF;
            ELSE
                BEGIN
                    -- as the column's type prints it, which is what the trigger compares
                    EXECUTE format('SELECT format(''%%s'', $1::%s)', role_types ->> 'status')
                        INTO found_name USING entry;
                EXCEPTION WHEN data_exception THEN
                    problems := problems || format('%s: "%s" is not a value of status column "%s" (%s)',
                                                   list.name, entry, status, role_types ->> 'status');
                    codes := codes || '22023'::text;
                END;
            END IF;
            IF found_name IS NOT NULL THEN
                kept := kept || found_name;
            END IF;
        END LOOP;
        lists := lists || jsonb_build_object(list.name, to_jsonb(kept));
    END LOOP;

    -- the cancel condition: columns of the table, values of their type (or looked-up names)
    IF jsonb_typeof(cancel_when) <> 'object' THEN
        problems := problems || 'cancel_when must be a JSON object of column: [values]'::text;
        codes := codes || '22023'::text;
    ELSE
        FOR cancel_column IN SELECT j.key AS name, j.value FROM jsonb_each(cancel_when) j ORDER BY j.key LOOP
            SELECT a.atttypid::regtype INTO column_type
            FROM pg_attribute a
            WHERE a.attrelid = tbl AND a.attname = cancel_column.name AND a.attnum > 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                problems := problems || format('cancel_when: column "%s" does not exist', cancel_column.name);
                codes := codes || '42703'::text;
                CONTINUE;
            END IF;
            IF jsonb_typeof(cancel_column.value) <> 'array' OR jsonb_array_length(cancel_column.value) = 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(cancel_column.value) e
                          WHERE jsonb_typeof(e) NOT IN ('string', 'number', 'boolean')) THEN
                problems := problems || format('cancel_when: "%s" must list values, as a JSON array', cancel_column.name);
                codes := codes || '22023'::text;
                CONTINUE;
            END IF;
            SELECT r.role INTO column_role
            FROM jsonb_each_text(role_columns) r(role, name)
            WHERE r.name = cancel_column.name AND queries ? r.role
            LIMIT 1;
            watched := watched || cancel_column.name;
            kept := '{}';
            FOR entry IN SELECT e FROM jsonb_array_elements_text(cancel_column.value) e LOOP
                found_name := NULL;
                IF column_role IS NOT NULL THEN
                    -- a value of the column, or a name of its role's look-up
                    PERFORM set_config('search_path', table_path, true);
                    EXECUTE format(name_of_entry, queries ->> column_role) INTO found_name USING entry;
                    PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
                    IF found_name IS NULL THEN
                        problems := problems || format('cancel_when: "%s" is neither a value nor a name of the %s look-up',
                                                       entry, column_role);
                        codes := codes || '22023'::text;
                    END IF;
                ELSE
                    BEGIN
                        EXECUTE format('SELECT format(''%%s'', $1::%s)', column_type) INTO found_name USING entry;
                    EXCEPTION WHEN data_exception THEN
                        problems := problems || format('cancel_when: "%s" is not a value of column "%s" (%s)',
                                                       entry, cancel_column.name, column_type);
                        codes := codes || '22023'::text;
                    END;
                END IF;
                IF found_name IS NOT NULL THEN
                    kept := kept || found_name;
                END IF;
            END LOOP;
            cancels := cancels || jsonb_build_object(cancel_column.name, to_jsonb(kept));
        END LOOP;
    END IF;

    -- what the system keeps in related tables: the table, its ticket column, a query of
    -- (ticket, time) for responses, of (ticket, team) for group links
    FOR related IN
        SELECT * FROM (VALUES ('responses', responses), ('group_links', group_links)) v(name, spec)
        WHERE v.spec IS NOT NULL
    LOOP
        related_table := NULL;
        IF jsonb_typeof(related.spec) <> 'object' OR jsonb_typeof(related.spec -> 'table') IS DISTINCT FROM 'string'
           OR jsonb_typeof(related.spec -> 'ticket') IS DISTINCT FROM 'string'
           OR jsonb_typeof(related.spec -> 'query') IS DISTINCT FROM 'string'
           OR EXISTS (SELECT 1 FROM jsonb_object_keys(related.spec) k WHERE k NOT IN ('table', 'ticket', 'query')) THEN
            problems := problems || format('%s must be a JSON object of "table", "ticket" and "query", each a string',
                                           related.name);
            codes := codes || '22023'::text;
            CONTINUE;
        END IF;
        IF related.name = 'responses' AND responded_at IS NOT NULL THEN
            problems := problems || 'responded_at and responses were both given; a first response comes from one of them'::text;
            codes := codes || '22023'::text;
        ELSIF related.name = 'group_links' AND assignment_group IS NOT NULL THEN
            problems := problems || 'assignment_group and group_links were both given; the teams come from one of them'::text;
            codes := codes || '22023'::text;
        END IF;
        PERFORM set_config('search_path', table_path, true);
        related_table := to_regclass(related.spec ->> 'table');
        PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
        IF related_table IS NULL OR NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = related_table
                                                                           AND c.relkind IN ('r', 'p')) THEN
            problems := problems || format('%s: "%s" is not a table', related.name, related.spec ->> 'table');
            codes := codes || '42P01'::text;
        ELSIF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = related_table
                             AND a.attname = related.spec ->> 'ticket' AND a.attnum > 0 AND NOT a.attisdropped) THEN
            problems := problems || format('%s: column "%s" of %s does not exist',
                                           related.name, related.spec ->> 'ticket', related_table);
            codes := codes || '42703'::text;
        END IF;
        BEGIN
            shape := slm.query_shape(tbl, related.spec ->> 'query');
            IF cardinality(shape.column_types) <> 2
               OR (related.name = 'responses'
                   AND shape.column_types[2] NOT IN ('timestamptz'::regtype, 'timestamp'::regtype)) THEN
                problems := problems || format('%s: the query gives %s; it must give two columns, the ticket''s key and %s',
                                               related.name,
                                               (SELECT string_agg(t::text, ', ') FROM unnest(shape.column_types) t),
                                               CASE related.name WHEN 'responses' THEN 'a timestamp' ELSE 'a team' END);
                codes := codes || '42804'::text;
            ELSIF related.name = 'responses' AND shape.column_types[2] = 'timestamp'::regtype AND local_zone IS NULL
                  AND cardinality(local_columns) = 0 THEN
                problems := problems || 'responses: the query gives a timestamp without time zone; '
                                        'local_zone must name the zone it is written in'::text;
                codes := codes || '22023'::text;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            problems := problems || format('%s: the query fails: %s', related.name, SQLERRM);
            codes := codes || SQLSTATE;
        END;
        IF related.name = 'responses' THEN
            response_table := related_table;
        ELSE
            group_link_table := related_table;
        END IF;
    END LOOP;

    -- a priority scale of the system's own: its values, the most urgent first
    IF priority_levels IS NOT NULL AND (cardinality(priority_levels) = 0 OR array_position(priority_levels, NULL) IS NOT NULL
                                        OR (SELECT count(DISTINCT p) FROM unnest(priority_levels) p) <> cardinality(priority_levels)) THEN
        problems := problems || 'priority_levels must list the priorities once each, the most urgent first, without nulls'::text;
        codes := codes || '22023'::text;
    END IF;

    -- the hint for the problems found: the mapping's rules, what a partitioned table needs, or both
    hint := concat_ws(' ',
        CASE WHEN EXISTS (SELECT 1 FROM unnest(codes) c WHERE c OPERATOR(pg_catalog.<>) '55000') THEN
            'The key must be the primary key or carry a unique index, and be NOT NULL; times must be '
            'timestamps (without time zone: give local_zone), priorities integers; see slm.attach in the README.' END,
        CASE WHEN '55000' OPERATOR(pg_catalog.=) ANY (codes) THEN
            'A partitioned table is attached alone, and its partitions are tracked with it.' END);
    IF cardinality(problems) = 1 THEN
        RAISE EXCEPTION 'cannot attach %: %', tbl, problems[1]
            USING ERRCODE = codes[1], HINT = hint;
    ELSIF cardinality(problems) > 1 THEN
        RAISE EXCEPTION 'cannot attach %: % problems with the mapping', tbl, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = array_to_string(problems, E'\n'), HINT = hint;
    END IF;

    IF service IS NULL AND NOT EXISTS (SELECT 1 FROM slm.services s WHERE s.name = default_service) THEN
        RAISE NOTICE 'service "%" does not exist yet; tickets of % will have no clocks until it does', default_service, tbl
            USING HINT = 'Map a service column, or create the service (slm.install_standard_targets() creates "default").';
    END IF;
    -- statuses without a look-up that no ticket has now may be misspelt
    IF NOT queries ? 'status' AND status IS NOT NULL THEN
        EXECUTE format('SELECT array_agg(DISTINCT s) FROM unnest($1) s WHERE EXISTS (SELECT 1 FROM %1$s) '
                       'AND NOT EXISTS (SELECT 1 FROM %1$s t WHERE format(''%%s'', t.%2$I) = s)', tbl, status)
            INTO seen
            USING (SELECT array_agg(e) FROM jsonb_each(lists) l, jsonb_array_elements_text(l.value) e);
        IF seen IS NOT NULL THEN
            RAISE NOTICE 'no ticket of % has the status %', tbl, array_to_string(seen, ', ')
                USING HINT = 'Check the spelling against the values of column ' || quote_ident(status) || '.';
        END IF;
    END IF;
    -- what a look-up reads in a foreign table, slm cannot watch
    relations := ARRAY(SELECT DISTINCT r FROM unnest(relations) r
                       JOIN pg_class c ON c.oid = r WHERE c.relkind IN ('r', 'p', 'f') ORDER BY r);
    IF EXISTS (SELECT 1 FROM unnest(relations) r JOIN pg_class c ON c.oid = r WHERE c.relkind = 'f') THEN
        RAISE NOTICE 'look-ups of % read foreign tables, whose changes slm cannot see: %', tbl,
            (SELECT string_agg(r::text, ', ') FROM unnest(relations) r JOIN pg_class c ON c.oid = r WHERE c.relkind = 'f')
            USING HINT = 'A renamed value there shows in new clocks after slm.rebuild, or after the sessions reconnect.';
        relations := ARRAY(SELECT r FROM unnest(relations) r JOIN pg_class c ON c.oid = r WHERE c.relkind <> 'f' ORDER BY r);
    END IF;

    SELECT t.lookup_tables || t.response_table || t.group_link_table INTO old_tables
    FROM slm.tracked_tables t WHERE t.tbl = attach.tbl;
    INSERT INTO slm.tracked_tables AS t
        (tbl, key, opened_at, priority, impact, urgency, customer, service, status, status_changed_at,
         responded_at, resolved_at, assignment_group, supplier, assignee, satisfaction, changed_at,
         paused_statuses, supplier_statuses, default_service, attnums, local_zone, lookups,
         resolved_statuses, cancel_when, priority_levels, lookup_tables, responses, response_table, group_links,
         group_link_table, pending_until, customer_message_at, agent_reply_at, category, agreement)
    VALUES (tbl, key, opened_at, priority, impact, urgency, customer, service, status, status_changed_at,
            responded_at, resolved_at, assignment_group, supplier, assignee, satisfaction, changed_at,
            coalesce(ARRAY(SELECT jsonb_array_elements_text(lists -> 'paused_statuses')), paused_statuses, '{}'),
            coalesce(ARRAY(SELECT jsonb_array_elements_text(lists -> 'supplier_statuses')), supplier_statuses, '{}'),
            default_service, attnums, local_zone, lookups,
            CASE WHEN resolved_statuses IS NOT NULL
                 THEN ARRAY(SELECT jsonb_array_elements_text(lists -> 'resolved_statuses')) END,
            cancels, priority_levels, relations, responses, response_table, group_links, group_link_table,
            pending_until, customer_message_at, agent_reply_at, category, agreement)
    ON CONFLICT ON CONSTRAINT tracked_tables_pkey DO UPDATE
    SET key = EXCLUDED.key, opened_at = EXCLUDED.opened_at, priority = EXCLUDED.priority,
        impact = EXCLUDED.impact, urgency = EXCLUDED.urgency, customer = EXCLUDED.customer,
        service = EXCLUDED.service, status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at,
        responded_at = EXCLUDED.responded_at, resolved_at = EXCLUDED.resolved_at,
        assignment_group = EXCLUDED.assignment_group, supplier = EXCLUDED.supplier,
        assignee = EXCLUDED.assignee, satisfaction = EXCLUDED.satisfaction, changed_at = EXCLUDED.changed_at,
        paused_statuses = EXCLUDED.paused_statuses, supplier_statuses = EXCLUDED.supplier_statuses,
        default_service = EXCLUDED.default_service, attnums = EXCLUDED.attnums, attached_at = now(),
        local_zone = EXCLUDED.local_zone, lookups = EXCLUDED.lookups,
        resolved_statuses = EXCLUDED.resolved_statuses, cancel_when = EXCLUDED.cancel_when,
        priority_levels = EXCLUDED.priority_levels, lookup_tables = EXCLUDED.lookup_tables,
        responses = EXCLUDED.responses, response_table = EXCLUDED.response_table,
        group_links = EXCLUDED.group_links, group_link_table = EXCLUDED.group_link_table,
        pending_until = EXCLUDED.pending_until, customer_message_at = EXCLUDED.customer_message_at,
        agent_reply_at = EXCLUDED.agent_reply_at, category = EXCLUDED.category, agreement = EXCLUDED.agreement;

    -- row triggers: updates only of statements that set a mapped column.
    -- Whether a column got a new value is the trigger's own first check, in
    -- C (an application that writes every column on every save, as ORMs do,
    -- costs a comparison); a WHEN clause here would cost every UPDATE
    -- statement more, as its expression is read and compiled each time.
    PERFORM slm.drop_tracking_triggers(tbl);
    EXECUTE format('CREATE TRIGGER slm_track AFTER INSERT OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION slm.track()', tbl);
    EXECUTE format('CREATE TRIGGER slm_track_update AFTER UPDATE OF %s ON %s FOR EACH ROW EXECUTE FUNCTION slm.track()',
                   (SELECT string_agg(DISTINCT quote_ident(w), ', ') FROM unnest(watched) w), tbl);
    EXECUTE format('CREATE TRIGGER slm_track_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION slm.track()', tbl);
    -- Also for rows that logical replication applies (a reporting database
    -- fed by the ticket system's): an ordinary trigger does not fire
    -- there, and the replicated tickets would have no clocks, silently.
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track', tbl);
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_update', tbl);
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_truncate', tbl);
    PERFORM slm.track_partitions(tbl);

    -- the tables the look-ups read tell every session when they change
    -- (slm.model_changed), so that no session keeps a name that changed
    FOR i IN 1 .. coalesce(cardinality(relations), 0) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = relations[i] AND g.tgname = 'slm_lookup_changed') THEN
            EXECUTE format('CREATE TRIGGER slm_lookup_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_changed()', relations[i]);
            EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_lookup_changed', relations[i]);
        END IF;
    END LOOP;
    -- the table of the responses tells slm of each one written there
    IF response_table IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = response_table AND g.tgname = 'slm_track_response') THEN
        EXECUTE format('CREATE TRIGGER slm_track_response AFTER INSERT OR UPDATE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION slm.track_response()', response_table);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_response', response_table);
    END IF;
    -- and the table of the group links of each link made, changed or removed
    IF group_link_table IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = group_link_table AND g.tgname = 'slm_track_groups') THEN
        EXECUTE format('CREATE TRIGGER slm_track_groups AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION slm.track_groups()', group_link_table);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_groups', group_link_table);
    END IF;
    PERFORM slm.drop_unused_triggers(old_tables);

    -- tickets already there get their clocks now
    PERFORM slm.rebuild(tbl);
END $$;
COMMENT ON FUNCTION slm.attach(regclass, text, text, text, text, text, text, text, text, text, text, text,
                               text, text, text[], text[], text, text, text, text, text, jsonb, text[], jsonb,
                               integer[], jsonb, jsonb, text, text, text, text, text) IS
    'track SLA clocks on a ticket table as its ticket system stores it: name its columns (key, opened_at, priority or impact and urgency, ...), the statuses that pause, wait or resolve, look-ups, a cancel condition, where responses and team links are kept, until when a wait is agreed, the customer''s and the agents'' latest messages, the category targets may be for and the SLA a ticket may name';

CREATE FUNCTION slm.detach(tbl regclass, drop_clocks boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    other_tables regclass[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM slm.tracked_tables t WHERE t.tbl = detach.tbl) THEN
        RAISE EXCEPTION '% is not tracked', tbl
            USING ERRCODE = 'undefined_object', HINT = 'slm.tracked_tables lists the tracked tables.';
    END IF;
    PERFORM slm.drop_tracking_triggers(tbl);
    DELETE FROM slm.tracked_tables t WHERE t.tbl = detach.tbl
    RETURNING t.lookup_tables || t.response_table || t.group_link_table INTO other_tables;
    PERFORM slm.drop_unused_triggers(other_tables);
    IF drop_clocks THEN
        DELETE FROM slm.clocks c WHERE c.tbl = detach.tbl;
    END IF;
END $$;
COMMENT ON FUNCTION slm.detach(regclass, boolean) IS
    'stop tracking a ticket table; its clocks stay unless drop_clocks';

/*
 * Tracked tables follow their schema.  A renamed mapped column keeps its
 * role (the mapping holds each column's attribute number too); a dropped
 * mapped column (also through DROP ... CASCADE, which takes slm's update
 * trigger with it) detaches the table with a WARNING, its clocks kept; a
 * dropped table is detached and its clocks deleted with a WARNING, so no
 * report shows the oid of a table that is gone.  They fire on every role's
 * ALTER TABLE and DROP, and read slm's tables, so they run as slm's owner
 * (an event trigger's function cannot be called otherwise).
 */
CREATE FUNCTION slm.follow_renames() RETURNS event_trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    t slm.tracked_tables;
    r record;
    renamed text[];
BEGIN
    FOR t IN
        SELECT tt.* FROM slm.tracked_tables tt
        WHERE tt.tbl IN (SELECT c.objid FROM pg_event_trigger_ddl_commands() c
                         WHERE c.classid = 'pg_class'::regclass AND c.object_type IN ('table', 'table column'))
    LOOP
        renamed := '{}';
        FOR r IN
            SELECT m.role, m.name AS was, a.attname::text AS now
            FROM jsonb_each_text(t.attnums) j(role, attnum)
            JOIN jsonb_each_text(to_jsonb(t)) m(role, name) ON m.role = j.role
            JOIN pg_attribute a ON a.attrelid = t.tbl AND a.attnum = j.attnum::smallint AND NOT a.attisdropped
            WHERE a.attname::text IS DISTINCT FROM m.name
        LOOP
            EXECUTE format('UPDATE slm.tracked_tables SET %I = $1 WHERE tbl = $2', r.role) USING r.now, t.tbl;
            renamed := renamed || format('%s (%s, was %s)', r.now, r.role, r.was);
        END LOOP;
        IF cardinality(renamed) > 0 THEN
            RAISE NOTICE 'slm follows the renamed columns of %: %', t.tbl, array_to_string(renamed, ', ');
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.follow_renames() IS
    'event trigger: a renamed mapped column of a tracked table keeps its role';

CREATE FUNCTION slm.follow_drops() RETURNS event_trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    t record;
    n bigint;
BEGIN
    IF to_regclass('slm.tracked_tables') IS NULL THEN
        RETURN;                 -- slm itself is being dropped
    END IF;
    -- dropped tables
    FOR t IN
        SELECT tt.tbl::oid AS relid, o.object_identity
        FROM pg_event_trigger_dropped_objects() o
        JOIN slm.tracked_tables tt ON tt.tbl::oid = o.objid
        WHERE o.classid = 'pg_class'::regclass AND o.objsubid = 0 AND o.object_type = 'table'
    LOOP
        DELETE FROM slm.clocks c WHERE c.tbl::oid = t.relid;
        GET DIAGNOSTICS n = ROW_COUNT;
        DELETE FROM slm.tracked_tables tt WHERE tt.tbl::oid = t.relid;
        RAISE WARNING 'tracked table % was dropped: slm detached it and deleted its % clocks', t.object_identity, n;
    END LOOP;
    -- dropped mapped columns
    FOR t IN
        SELECT DISTINCT tt.tbl, o.object_identity, j.role
        FROM pg_event_trigger_dropped_objects() o
        JOIN slm.tracked_tables tt ON tt.tbl::oid = o.objid
        CROSS JOIN LATERAL jsonb_each_text(tt.attnums) j(role, attnum)
        WHERE o.classid = 'pg_class'::regclass AND o.object_type = 'table column' AND j.attnum::int = o.objsubid
    LOOP
        IF EXISTS (SELECT 1 FROM slm.tracked_tables tt WHERE tt.tbl = t.tbl) THEN
            PERFORM slm.drop_tracking_triggers(t.tbl);
            DELETE FROM slm.tracked_tables tt WHERE tt.tbl = t.tbl;
            RAISE WARNING 'column % was dropped, the % column of a tracked table: slm detached %', t.object_identity, t.role, t.tbl
                USING HINT = 'Its clocks stay. Attach the table again with another column for that role.';
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.follow_drops() IS
    'event trigger: a dropped tracked table or mapped column detaches the table';

CREATE EVENT TRIGGER slm_follow_renames ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION slm.follow_renames();
CREATE EVENT TRIGGER slm_follow_drops ON sql_drop
    EXECUTE FUNCTION slm.follow_drops();
COMMENT ON EVENT TRIGGER slm_follow_renames IS 'tracked tables keep their mapping when a mapped column is renamed';
COMMENT ON EVENT TRIGGER slm_follow_drops IS 'a dropped tracked table or mapped column detaches the table';

/*
 * A partition of a tracked table dropped or detached takes its rows out
 * of the table without a trigger: before the command, their tickets'
 * clocks are removed as deleted rows' are (src/partitions.c).
 */
CREATE FUNCTION slm.follow_leaving_partitions() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'slm_follow_leaving_partitions'
    LANGUAGE C;
COMMENT ON FUNCTION slm.follow_leaving_partitions() IS
    'event trigger: the tickets of a partition dropped or detached from a tracked table are removed';
CREATE EVENT TRIGGER slm_follow_leaving_partitions ON ddl_command_start WHEN TAG IN ('DROP TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION slm.follow_leaving_partitions();
COMMENT ON EVENT TRIGGER slm_follow_leaving_partitions IS
    'the tickets of a partition dropped or detached from a tracked table are removed';

/*
 * A partition created in or attached to a tracked table gets the
 * truncation trigger, and the rows an attached one brings their clocks
 * (src/partitions.c; as slm's owner, who reads slm.tracked_tables for any
 * role's CREATE TABLE).
 */
CREATE FUNCTION slm.follow_new_partitions() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'slm_follow_new_partitions'
    LANGUAGE C
    SECURITY DEFINER;
COMMENT ON FUNCTION slm.follow_new_partitions() IS
    'event trigger: a partition created in or attached to a tracked table gets the truncation trigger, its rows their clocks';
CREATE EVENT TRIGGER slm_follow_new_partitions ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION slm.follow_new_partitions();
COMMENT ON EVENT TRIGGER slm_follow_new_partitions IS
    'a partition created in or attached to a tracked table gets the truncation trigger, its rows their clocks';

/*
 * A tracked table attached again with the mapping it has, as slm.attach
 * checks and applies any mapping: after a mapped column changed its type.
 */
CREATE FUNCTION slm.attach_again(tbl regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    mapping slm.tracked_tables;
    arguments text;
BEGIN
    SELECT * INTO STRICT mapping FROM slm.tracked_tables t WHERE t.tbl = attach_again.tbl;
    -- slm.attach's parameters are named as slm.tracked_tables' columns
    SELECT string_agg(format('%I => $1.%I', a.name, a.name), ', ' ORDER BY a.n) INTO arguments
    FROM pg_proc p CROSS JOIN LATERAL unnest(p.proargnames) WITH ORDINALITY a(name, n)
    WHERE p.oid = 'slm.attach'::regproc AND a.name <> 'tbl';
    EXECUTE format('SELECT slm.attach($1.tbl, %s)', arguments) USING mapping;
END $$;
COMMENT ON FUNCTION slm.attach_again(regclass) IS 'attach a tracked table again with the mapping it has';
REVOKE EXECUTE ON FUNCTION slm.attach_again(regclass) FROM PUBLIC;

/*
 * A mapped column's type changed by ALTER TABLE: slm's update trigger,
 * which PostgreSQL would not let the type change under, goes before the
 * command (as the user, who owns the table), and the table is attached
 * again after it (as slm's owner), which checks the new type
 * (src/column_types.c).
 */
CREATE FUNCTION slm.follow_type_changes_start() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'slm_follow_type_changes_start'
    LANGUAGE C;
COMMENT ON FUNCTION slm.follow_type_changes_start() IS
    'event trigger: slm''s update trigger makes way for a mapped column''s new type';
CREATE FUNCTION slm.follow_type_changes_end() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'slm_follow_type_changes_end'
    LANGUAGE C
    SECURITY DEFINER;
COMMENT ON FUNCTION slm.follow_type_changes_end() IS
    'event trigger: a tracked table whose mapped column changed its type is attached again';
CREATE EVENT TRIGGER slm_follow_type_changes_start ON ddl_command_start WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION slm.follow_type_changes_start();
CREATE EVENT TRIGGER slm_follow_type_changes_end ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION slm.follow_type_changes_end();
COMMENT ON EVENT TRIGGER slm_follow_type_changes_start IS
    'slm''s update trigger makes way for a mapped column''s new type';
COMMENT ON EVENT TRIGGER slm_follow_type_changes_end IS
    'a tracked table whose mapped column changed its type is attached again';

-- a mapped column of row t as an expression of a type, or a NULL of that type
/*
 * Recompute every clock of a table from its rows, by the trigger's rules
 * (src/clock_rebuild.c): after a calendar or target change, a fixed
 * mapping, or tickets loaded with the triggers off.  Tickets with clocks
 * get them brought up to what the rows say now; tickets without get a new
 * ticket's clocks; the clocks of tickets whose rows are gone are removed as
 * a delete would have removed them.  History that only live tracking saw
 * (earlier pauses, hand-offs, reopenings) stays as the clocks recorded it.
 */
CREATE FUNCTION slm.rebuild(tbl regclass) RETURNS bigint
    AS 'MODULE_PATHNAME', 'slm_rebuild'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION slm.rebuild(regclass) IS
    'recompute every clock of a tracked table from its rows (after calendar or target changes); returns the tickets read';

/*
 * Running clocks follow the model (src/model_resync.c): a change of a
 * calendar, service, agreement, target, customer's tier, the tier
 * thresholds or the priority matrix brings the running clocks of every
 * tracked table up to it at commit, once per transaction, as slm.rebuild
 * brings them; stopped clocks keep their results.  A statement trigger
 * notes what changed (of slm.customers, the customers whose tier changed),
 * a deferred row trigger does it.  Both as slm's owner: whoever may edit
 * the model need not write clocks.
 */
CREATE FUNCTION slm.model_resync_later() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_model_resync_later'
    LANGUAGE C
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION slm.model_resync_later() IS
    'statement trigger on slm''s model tables: running clocks follow the change at commit';
REVOKE EXECUTE ON FUNCTION slm.model_resync_later() FROM PUBLIC;
CREATE FUNCTION slm.resync_running_clocks() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_resync_running_clocks'
    LANGUAGE C
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION slm.resync_running_clocks() IS
    'deferred trigger on slm''s model tables: at commit, running clocks follow the model as changed';
REVOKE EXECUTE ON FUNCTION slm.resync_running_clocks() FROM PUBLIC;
DO $$
DECLARE
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['slm.calendars', 'slm.services', 'slm.agreements', 'slm.targets', 'slm.customers',
                               'slm.tier_thresholds', 'slm.priority_matrix']
    LOOP
        IF tbl = 'slm.customers' THEN
            -- only the customers whose tier changed (a trigger with
            -- transition tables fires on one kind of statement)
            EXECUTE format('CREATE TRIGGER model_resync_insert AFTER INSERT ON %s '
                           'REFERENCING NEW TABLE AS slm_new_customers '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_resync_later()', tbl);
            EXECUTE format('CREATE TRIGGER model_resync_update AFTER UPDATE ON %s '
                           'REFERENCING OLD TABLE AS slm_old_customers NEW TABLE AS slm_new_customers '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_resync_later()', tbl);
            EXECUTE format('CREATE TRIGGER model_resync_delete AFTER DELETE ON %s '
                           'REFERENCING OLD TABLE AS slm_old_customers '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_resync_later()', tbl);
            EXECUTE format('CREATE TRIGGER model_resync_truncate AFTER TRUNCATE ON %s '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_resync_later()', tbl);
        ELSE
            EXECUTE format('CREATE TRIGGER model_resync AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                           'FOR EACH STATEMENT EXECUTE FUNCTION slm.model_resync_later()', tbl);
        END IF;
        EXECUTE format('CREATE CONSTRAINT TRIGGER model_resync_at_commit AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slm.resync_running_clocks()', tbl);
        -- and in a logical replication apply worker (doc/scale-out.md)
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER model_resync_at_commit', tbl);
    END LOOP;
END $$;

-- the clocks of the tickets a history names, as live tracking would have
-- made them (src/history_load.c): history is a query, table or view of
-- snapshots, one row per change with the table's mapped columns as they
-- were after it, in the order of the key and then of ordered_by
CREATE FUNCTION slm.load_history(tbl regclass, history text, ordered_by text, fields jsonb DEFAULT NULL,
                                 bad_rows text DEFAULT 'refuse') RETURNS bigint
    AS 'MODULE_PATHNAME', 'slm_load_history'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION slm.load_history(regclass, text, text, jsonb, text) IS
    'compute the clocks of the tickets a history names, replacing theirs: snapshots (one row per change, the mapped columns as after it) or, with fields, field changes (ticket, at, field, old_value, new_value); bad rows refused or skipped; returns the tickets loaded';

