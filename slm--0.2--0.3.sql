/* slm--0.2--0.3.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION slm UPDATE TO '0.3'" to load this file. \quit

/*
 * slm 0.3: reports honour the reader's row security and readers read no
 * more than the reports are computed from; alerts carry what an alerting
 * tool needs; reports give BI tools numbers, denominators and
 * descriptions.
 *
 * Once 0.3 is released this file is never edited; the next version gets
 * its own.
 */

-- Every view runs with its reader's rights, so that row-level security on
-- slm.clocks holds in slm.sla_status and slm.breaches as it already did in
-- the report functions.
ALTER VIEW slm.agreement_zones SET (security_invoker = true);
ALTER VIEW slm.agreement_review SET (security_invoker = true);

-- the one spelling of a ticket table in views and alert payloads
CREATE FUNCTION slm.table_name(tbl regclass) RETURNS text
    AS 'MODULE_PATHNAME', 'slm_table_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.table_name(regclass) IS
    'a table''s name qualified by its schema, quoted as needed, whatever the search_path';

-- Alerts: when each event was sent; old crossings are recorded without
-- notice; the payload carries what an alerting tool needs.  The events
-- recorded before were all sent.
ALTER TABLE slm.events ADD COLUMN notified_at timestamptz;
UPDATE slm.events SET notified_at = recorded_at;
COMMENT ON COLUMN slm.events.notified_at IS
    'when slm.escalate sent it (NOTIFY slm_events); NULL: recorded without notice, the crossing being older than notify_within';
DROP FUNCTION slm.escalate(timestamptz);
CREATE FUNCTION slm.escalate(at timestamptz DEFAULT now(), notify_within interval DEFAULT '1 hour')
    RETURNS SETOF slm.events
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    e slm.events;
BEGIN
    FOR e IN
        INSERT INTO slm.events (clock, event, crossed_at, recorded_at, notified_at)
        SELECT c.id, x.event, x.crossed_at, at,
               -- a crossing older than notify_within is recorded without
               -- notice: the first run after install, or after the
               -- scheduler stopped, must not page people for a backlog
               CASE WHEN x.crossed_at >= at - notify_within THEN at END
        FROM slm.clocks c
        CROSS JOIN LATERAL (VALUES ('at_risk', c.warn_from), ('breached', c.due_at)) x(event, crossed_at)
        -- a paused clock's business time stands still: only what it crossed
        -- before its pause began counts (slm.clock_state says the same)
        WHERE c.stopped_at IS NULL AND c.cancelled_at IS NULL
          AND c.warn_from <= at AND x.crossed_at <= at
          AND (c.paused_since IS NULL OR x.crossed_at <= c.paused_since)
          -- crossings already recorded take no identity value: ON CONFLICT
          -- alone would draw one for each of them on every run
          AND NOT EXISTS (SELECT FROM slm.events r WHERE r.clock = c.id AND r.event = x.event)
        ON CONFLICT (clock, event) DO NOTHING   -- recorded meanwhile by a concurrent run
        RETURNING *
    LOOP
        IF e.notified_at IS NOT NULL THEN
            -- what an alerting tool needs, without a second query; the id
            -- lets a consumer check the notice against slm.events, since
            -- any role may NOTIFY on any channel
            PERFORM pg_notify('slm_events', (
                SELECT json_build_object('id', e.id, 'event', e.event, 'clock', c.id,
                                         'agreement', a.name, 'kind', c.kind, 'service', c.service,
                                         'customer', c.customer, 'counterparty', c.counterparty,
                                         'metric', c.metric, 'cycle', c.cycle, 'priority', c.priority,
                                         'ticket_table', slm.table_name(c.tbl), 'ticket', c.ticket,
                                         'crossed_at', e.crossed_at, 'due_at', c.due_at,
                                         'state', slm.clock_state_of(c.started_at, c.stopped_at, c.cancelled_at,
                                                                     c.paused_since, c.due_at, c.warn_from,
                                                                     c.goal_time, c.calendar, c.pauses,
                                                                     c.warn_at, at))::text
                FROM slm.clocks c LEFT JOIN slm.agreements a ON a.id = c.agreement
                WHERE c.id = e.clock));
        END IF;
        RETURN NEXT e;
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.escalate(timestamptz, interval) IS
    'record each running clock''s crossing of its warning threshold or due time once, and NOTIFY slm_events with a JSON payload (crossings older than notify_within are recorded without notice)';

-- Ticket tables as their systems store them: the zone of local times,
-- look-ups of names, a resolution by status, a cancel condition, a
-- priority scale of their own (slm.attach, below)
-- (defaults set after the columns are filled, so that the table is as a
-- fresh install's, without stored "missing" values)
ALTER TABLE slm.tracked_tables
    ADD COLUMN local_zone text,
    ADD COLUMN lookups jsonb,
    ADD COLUMN resolved_statuses text[],
    ADD COLUMN cancel_when jsonb,
    ADD COLUMN priority_levels integer[],
    ADD COLUMN lookup_tables regclass[],
    ADD COLUMN responses jsonb,
    ADD COLUMN response_table regclass,
    ADD COLUMN group_links jsonb,
    ADD COLUMN group_link_table regclass;
UPDATE slm.tracked_tables SET lookups = '{}', cancel_when = '{}', lookup_tables = '{}';
ALTER TABLE slm.tracked_tables
    ALTER COLUMN lookups SET DEFAULT '{}', ALTER COLUMN lookups SET NOT NULL,
    ALTER COLUMN cancel_when SET DEFAULT '{}', ALTER COLUMN cancel_when SET NOT NULL,
    ALTER COLUMN lookup_tables SET DEFAULT '{}', ALTER COLUMN lookup_tables SET NOT NULL;
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


-- status with the tier and hours, the priority's rank; the ticket table spelled one way
CREATE OR REPLACE VIEW slm.sla_status WITH (security_invoker = true) AS
SELECT c.id AS clock,
       slm.table_name(c.tbl) AS ticket_table,
       c.ticket,
       c.agreement AS agreement_id,
       a.name AS agreement,
       c.kind,
       c.metric,
       c.cycle,
       c.priority,
       c.customer,
       c.service,
       c.counterparty,
       c.started_at,
       c.due_at,
       c.stopped_at,
       e.elapsed,
       c.goal_time - e.elapsed AS remaining,
       round(100 * extract(epoch FROM e.elapsed) / nullif(extract(epoch FROM c.goal_time), 0), 1) AS percent_used,
       -- a clock stopped or cancelled by now has its final state and time
       -- stored, written by the same C code that slm.clock_state and
       -- slm.clock_elapsed run: only a running clock needs them computed
       CASE WHEN c.stopped_at <= now() OR c.cancelled_at <= now() THEN c.state
            ELSE slm.clock_state_of(c.started_at, c.stopped_at, c.cancelled_at, c.paused_since, c.due_at,
                                    c.warn_from, c.goal_time, c.calendar, c.pauses, c.warn_at, now()) END AS state,
       c.tier,
       round(extract(epoch FROM e.elapsed) / 3600, 2) AS elapsed_hours,
       round(extract(epoch FROM c.goal_time - e.elapsed) / 3600, 2) AS remaining_hours,
       coalesce(array_position(tt.priority_levels, c.priority), c.priority) AS priority_rank
FROM slm.clocks c
LEFT JOIN slm.agreements a ON a.id = c.agreement
LEFT JOIN slm.tracked_tables tt ON tt.tbl = c.tbl
CROSS JOIN LATERAL (SELECT CASE WHEN c.stopped_at <= now() AND c.time_used IS NOT NULL THEN c.time_used
                                ELSE slm.clock_elapsed_of(c.started_at, c.stopped_at, c.cancelled_at, c.paused_since,
                                                          c.due_at, c.warn_from, c.goal_time, c.calendar, c.pauses,
                                                          c.warn_at, now()) END AS elapsed) e;
COMMENT ON COLUMN slm.sla_status.ticket_table IS 'the ticket table, schema-qualified (slm.table_name)';
COMMENT ON COLUMN slm.sla_status.tier IS 'the customer''s tier: standard, key or special';
COMMENT ON COLUMN slm.sla_status.elapsed_hours IS 'elapsed, in hours of business time';
COMMENT ON COLUMN slm.sla_status.remaining_hours IS 'remaining, in hours of business time; negative when overdue';
COMMENT ON COLUMN slm.sla_status.priority_rank IS
    'the priority''s place on its ticket table''s scale, 1 the most urgent (slm.attach''s priority_levels; else the priority)';
CREATE OR REPLACE VIEW slm.breaches WITH (security_invoker = true) AS
SELECT s.clock, s.ticket_table, s.ticket, s.agreement, s.kind, s.metric, s.cycle, s.priority, s.customer,
       s.service, s.counterparty, s.started_at, s.due_at, s.elapsed, s.remaining, s.percent_used, s.state,
       s.tier, s.elapsed_hours, s.remaining_hours, s.priority_rank
FROM slm.sla_status s
WHERE s.stopped_at IS NULL AND s.state IN ('breached', 'at_risk')
ORDER BY s.remaining, s.priority_rank;
COMMENT ON COLUMN slm.breaches.ticket_table IS 'the ticket table, schema-qualified (slm.table_name)';
COMMENT ON COLUMN slm.breaches.tier IS 'the customer''s tier: standard, key or special';
COMMENT ON COLUMN slm.breaches.elapsed_hours IS 'elapsed, in hours of business time';
COMMENT ON COLUMN slm.breaches.remaining_hours IS 'remaining, in hours of business time; negative when overdue';
COMMENT ON COLUMN slm.breaches.priority_rank IS 'the priority''s place on its ticket table''s scale, 1 the most urgent';

-- compliance: the tier and the denominator; periods not begun are left out
DROP VIEW slm.compliance_weekly, slm.compliance_monthly, slm.compliance_quarterly;
DROP FUNCTION slm.compliance_report(date, date, text, timestamptz);
CREATE FUNCTION slm.compliance_report(from_date date, to_date date, grain text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (period_start date, period_end date, service text, customer text, agreement text,
                   kind text, counterparty text, priority integer, metric text,
                   clocks_due bigint, met bigint, missed bigint, breached bigint, running bigint,
                   cancelled bigint, compliance numeric, compliance_goal numeric, goal_met boolean,
                   mean_time interval, median_time interval, p90_time interval,
                   mean_hours numeric, median_hours numeric, p90_hours numeric,
                   tier text, evaluated bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    -- One SELECT in SQL, without SET search_path: the planner inlines it
    -- into the query that calls it, the compliance views among them, so a
    -- filter on the period reaches the clocks and the report can scan in
    -- parallel.  Its body is parsed under the caller's search_path, so every
    -- function, type and operator in it is qualified.  The grain is checked
    -- where it is a constant, when the query is planned.
    --
    -- The clocks are grouped on narrow keys (the agreement's id, not its
    -- names; the stored due_date, whose statistics tell the planner how few
    -- periods there are) and the names joined to the few groups afterwards.
    -- slm.percentiles, unlike percentile_cont, lets the groups be hashed and
    -- aggregated partly in the workers.
    AS $$
    SELECT g.period_start,
           (g.period_start OPERATOR(pg_catalog.+) slm.grain_interval(grain))::pg_catalog.date
               OPERATOR(pg_catalog.-) 1,
           a.service, g.customer, a.name, a.kind, a.counterparty, g.priority, g.metric,
           g.due, g.met, g.missed, g.breached, g.running, g.cancelled,
           CASE WHEN g.evaluated OPERATOR(pg_catalog.>) 0
                THEN pg_catalog.round(g.met::pg_catalog.numeric OPERATOR(pg_catalog./)
                                      g.evaluated::pg_catalog.numeric, 4) END,
           g.goal,
           CASE WHEN g.evaluated OPERATOR(pg_catalog.>) 0
                THEN pg_catalog.round(g.met::pg_catalog.numeric OPERATOR(pg_catalog./)
                                      g.evaluated::pg_catalog.numeric, 4) END OPERATOR(pg_catalog.>=) g.goal,
           pg_catalog.date_trunc('second', g.mean),
           pg_catalog.make_interval(secs => pg_catalog.round(g.pct[1]::pg_catalog.numeric)::pg_catalog.float8),
           pg_catalog.make_interval(secs => pg_catalog.round(g.pct[2]::pg_catalog.numeric)::pg_catalog.float8),
           pg_catalog.round(pg_catalog.date_part('epoch', g.mean)::pg_catalog.numeric OPERATOR(pg_catalog./) 3600, 2),
           pg_catalog.round(g.pct[1]::pg_catalog.numeric OPERATOR(pg_catalog./) 3600, 2),
           pg_catalog.round(g.pct[2]::pg_catalog.numeric OPERATOR(pg_catalog./) 3600, 2),
           g.tier,
           g.evaluated
    FROM (
        SELECT pg_catalog.date_trunc(slm.check_grain(grain), k.due_date::pg_catalog.timestamp)::pg_catalog.date
                   AS period_start,
               k.agreement, k.customer, k.tier, k.priority, k.metric,
               pg_catalog.count(*) AS due,
               pg_catalog.count(*) FILTER (WHERE k.state OPERATOR(pg_catalog.=) 'met') AS met,
               pg_catalog.count(*) FILTER (WHERE k.state OPERATOR(pg_catalog.=) 'missed') AS missed,
               pg_catalog.count(*) FILTER (WHERE k.state_then OPERATOR(pg_catalog.=) 'breached') AS breached,
               pg_catalog.count(*) FILTER (WHERE (k.state OPERATOR(pg_catalog.=) 'running'
                                                  OR k.state OPERATOR(pg_catalog.=) 'paused')
                                             AND (k.state_then IS NULL
                                                  OR k.state_then OPERATOR(pg_catalog.<>) 'breached')) AS running,
               pg_catalog.count(*) FILTER (WHERE k.state OPERATOR(pg_catalog.=) 'cancelled') AS cancelled,
               -- met + missed + breached: the denominator of compliance
               pg_catalog.count(*) FILTER (WHERE k.state OPERATOR(pg_catalog.=) 'met'
                                             OR k.state OPERATOR(pg_catalog.=) 'missed'
                                             OR k.state_then OPERATOR(pg_catalog.=) 'breached') AS evaluated,
               pg_catalog.max(t.compliance_goal) AS goal,
               pg_catalog.avg(k.time_used) AS mean,
               slm.percentiles(pg_catalog.date_part('epoch', k.time_used), '{0.5,0.9}') AS pct
        -- only the columns the report needs: a reader may read no more
        -- of slm.clocks (see the privileges of slm_reader)
        FROM (SELECT c.due_date, c.agreement, c.customer, c.tier, c.priority, c.metric, c.state, c.target,
                     c.time_used,
                     -- a running clock's state then, by the one definition
                     -- (slm.clock_state); a stopped clock's is stored
                     CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL
                          THEN slm.clock_state_of(c.started_at, c.stopped_at, c.cancelled_at, c.paused_since,
                                                  c.due_at, c.warn_from, c.goal_time, c.calendar, c.pauses,
                                                  c.warn_at, compliance_report.at) END AS state_then
              FROM slm.clocks c
              WHERE c.due_date OPERATOR(pg_catalog.>=) from_date
                AND c.due_date OPERATOR(pg_catalog.<=) to_date) k
        LEFT JOIN slm.targets t ON t.id OPERATOR(pg_catalog.=) k.target
        GROUP BY 1, k.agreement, k.customer, k.tier, k.priority, k.metric
    ) g
    JOIN slm.agreements a ON a.id OPERATOR(pg_catalog.=) g.agreement
    JOIN slm.agreement_zones z ON z.agreement OPERATOR(pg_catalog.=) g.agreement
    -- a period that has not begun (in the agreement's zone) is not listed
    WHERE g.period_start OPERATOR(pg_catalog.<=) pg_catalog.timezone(z.zone, compliance_report.at)::pg_catalog.date
    ORDER BY 1, 3, 4, 5, 8, 9, 25
$$;
COMMENT ON FUNCTION slm.compliance_report(date, date, text, timestamptz) IS
    'compliance per period (day, week, month, quarter or year), service, customer, agreement, priority and metric, for clocks due from from_date to to_date (inclusive, in each agreement''s time zone), with running clocks judged at an instant (default now)';

CREATE VIEW slm.compliance_weekly WITH (security_invoker = true) AS
SELECT * FROM slm.compliance_report('-infinity', 'infinity', 'week');
CREATE VIEW slm.compliance_monthly WITH (security_invoker = true) AS
SELECT * FROM slm.compliance_report('-infinity', 'infinity', 'month');
CREATE VIEW slm.compliance_quarterly WITH (security_invoker = true) AS
SELECT * FROM slm.compliance_report('-infinity', 'infinity', 'quarter');
COMMENT ON VIEW slm.compliance_weekly IS 'compliance per week (slm.compliance_report)';
COMMENT ON VIEW slm.compliance_monthly IS 'compliance per month (slm.compliance_report)';
COMMENT ON VIEW slm.compliance_quarterly IS 'compliance per quarter (slm.compliance_report)';
DO $$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['compliance_weekly', 'compliance_monthly', 'compliance_quarterly'] LOOP
        EXECUTE format($c$
            COMMENT ON COLUMN slm.%1$I.period_start IS 'first day of the period';
            COMMENT ON COLUMN slm.%1$I.period_end IS 'last day of the period';
            COMMENT ON COLUMN slm.%1$I.service IS 'the service';
            COMMENT ON COLUMN slm.%1$I.customer IS 'the customer';
            COMMENT ON COLUMN slm.%1$I.agreement IS 'the agreement';
            COMMENT ON COLUMN slm.%1$I.kind IS 'SLA, OLA or UC';
            COMMENT ON COLUMN slm.%1$I.counterparty IS 'the agreement''s customer, team or supplier';
            COMMENT ON COLUMN slm.%1$I.priority IS 'the priority';
            COMMENT ON COLUMN slm.%1$I.metric IS 'response or resolution';
            COMMENT ON COLUMN slm.%1$I.clocks_due IS 'clocks due in the period';
            COMMENT ON COLUMN slm.%1$I.met IS 'of those, stopped by their due time';
            COMMENT ON COLUMN slm.%1$I.missed IS 'stopped after their due time';
            COMMENT ON COLUMN slm.%1$I.breached IS 'still running (or paused) past their due time';
            COMMENT ON COLUMN slm.%1$I.running IS 'still running, not yet due';
            COMMENT ON COLUMN slm.%1$I.cancelled IS 'cancelled (ticket deleted)';
            COMMENT ON COLUMN slm.%1$I.compliance IS 'met / (met + missed + breached)';
            COMMENT ON COLUMN slm.%1$I.compliance_goal IS 'the share that must be met';
            COMMENT ON COLUMN slm.%1$I.goal_met IS 'compliance reached the goal';
            COMMENT ON COLUMN slm.%1$I.mean_time IS 'mean business time to respond or resolve';
            COMMENT ON COLUMN slm.%1$I.median_time IS 'median business time to respond or resolve';
            COMMENT ON COLUMN slm.%1$I.p90_time IS '90th percentile business time to respond or resolve';
            COMMENT ON COLUMN slm.%1$I.mean_hours IS 'mean business time to respond or resolve, in hours';
            COMMENT ON COLUMN slm.%1$I.median_hours IS 'median business time, in hours';
            COMMENT ON COLUMN slm.%1$I.p90_hours IS '90th percentile business time, in hours';
            COMMENT ON COLUMN slm.%1$I.tier IS 'the customer''s tier: standard, key or special';
            COMMENT ON COLUMN slm.%1$I.evaluated IS 'met + missed + breached: the denominator of compliance; sum it, never average compliance';
        $c$, v);
    END LOOP;
END $$;

-- availability: time to restore in service time, as uptime between
-- failures is, and both in hours
DROP VIEW slm.availability_monthly;
DROP FUNCTION slm.availability_report(date, date, text);
CREATE FUNCTION slm.availability_report(from_date date, to_date date, grain text)
    RETURNS TABLE (period_start date, period_end date, service text, service_time interval,
                   downtime interval, availability numeric, availability_goal numeric, goal_met boolean,
                   outages bigint, mean_time_to_restore interval, mean_time_between_failures interval,
                   service_hours numeric, downtime_hours numeric,
                   mean_time_to_restore_hours numeric, mean_time_between_failures_hours numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    WITH periods AS (
        SELECT s.name AS service, s.calendar, p::date AS period_start,
               (p + slm.grain_interval(grain))::date AS period_next,
               timezone(z.zone, p) AS from_at,
               timezone(z.zone, p + slm.grain_interval(grain)) AS to_at
        FROM slm.services s
        CROSS JOIN LATERAL (SELECT slm.calendar_zone(c.calendar) AS zone FROM slm.calendars c
                            WHERE c.name = s.calendar) z
        CROSS JOIN LATERAL generate_series(date_trunc(slm.check_grain(grain), from_date::timestamp),
                                           to_date::timestamp,
                                           slm.grain_interval(grain)) p
    ),
    down AS (
        SELECT o.service, range_agg(tstzrange(o.started_at, coalesce(o.ended_at, greatest(now(), o.started_at)))) AS ranges
        FROM slm.outages o
        GROUP BY o.service
    )
    SELECT p.period_start,
           p.period_next - 1,
           p.service,
           agreed.t,
           lost.t,
           CASE WHEN agreed.t > interval '0'
                THEN round(1 - extract(epoch FROM lost.t) / extract(epoch FROM agreed.t), 6) END,
           goal.availability_goal,
           CASE WHEN agreed.t > interval '0' AND goal.availability_goal IS NOT NULL
                THEN round(1 - extract(epoch FROM lost.t) / extract(epoch FROM agreed.t), 6) >= goal.availability_goal END,
           counted.n,
           counted.mttr,
           CASE WHEN counted.n > 0 THEN date_trunc('second', (agreed.t - lost.t) / counted.n) END,
           round(extract(epoch FROM agreed.t) / 3600, 2),
           round(extract(epoch FROM lost.t) / 3600, 2),
           round(extract(epoch FROM counted.mttr) / 3600, 2),
           CASE WHEN counted.n > 0 THEN round(extract(epoch FROM (agreed.t - lost.t) / counted.n) / 3600, 2) END
    FROM periods p
    LEFT JOIN down d ON d.service = p.service
    CROSS JOIN LATERAL (SELECT slm.business_elapsed(p.from_at, p.to_at, p.calendar) AS t) agreed
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(slm.business_elapsed(lower(r), upper(r), p.calendar)), interval '0') AS t
        FROM unnest(d.ranges * tstzmultirange(tstzrange(p.from_at, p.to_at))) r
    ) lost
    -- time to restore counts service time, as uptime between failures does:
    -- one unit for both, so that an outage overnight does not count hours
    -- nobody was owed the service
    CROSS JOIN LATERAL (
        SELECT count(*) AS n,
               date_trunc('second', avg(slm.business_elapsed(o.started_at, coalesce(o.ended_at, greatest(now(), o.started_at)),
                                                             p.calendar))) AS mttr
        FROM slm.outages o
        WHERE o.service = p.service AND o.started_at >= p.from_at AND o.started_at < p.to_at
    ) counted
    CROSS JOIN LATERAL (
        SELECT max(f.compliance_goal) AS availability_goal
        FROM slm.targets_in_force f
        WHERE f.service = p.service AND f.kind = 'SLA' AND f.metric = 'availability' AND f.counterparty IS NULL
          AND f.valid @> p.period_start
    ) goal
    WHERE p.period_start <= to_date
$$;
COMMENT ON FUNCTION slm.availability_report(date, date, text) IS
    'availability per period and service within its service hours, against the service''s availability target';

CREATE VIEW slm.availability_monthly WITH (security_invoker = true) AS
SELECT * FROM slm.availability_report(
    coalesce((SELECT min(o.started_at)::date FROM slm.outages o), current_date),
    current_date, 'month');
COMMENT ON VIEW slm.availability_monthly IS 'availability per month and service, from the first outage to this month';
COMMENT ON COLUMN slm.availability_monthly.period_start IS 'first day of the month';
COMMENT ON COLUMN slm.availability_monthly.period_end IS 'last day of the month';
COMMENT ON COLUMN slm.availability_monthly.service IS 'the service';
COMMENT ON COLUMN slm.availability_monthly.service_time IS 'agreed service time: business time of the service''s calendar';
COMMENT ON COLUMN slm.availability_monthly.downtime IS 'downtime within service hours, overlapping outages counted once';
COMMENT ON COLUMN slm.availability_monthly.availability IS '1 - downtime / service time';
COMMENT ON COLUMN slm.availability_monthly.availability_goal IS 'the availability target of the service''s SLA';
COMMENT ON COLUMN slm.availability_monthly.goal_met IS 'availability reached the goal';
COMMENT ON COLUMN slm.availability_monthly.outages IS 'outages that started in the month';
COMMENT ON COLUMN slm.availability_monthly.mean_time_to_restore IS 'mean duration of those outages, in service time (business time of the service''s calendar)';
COMMENT ON COLUMN slm.availability_monthly.mean_time_between_failures IS 'service time up, divided by the outages (service time)';
COMMENT ON COLUMN slm.availability_monthly.service_hours IS 'service time, in hours';
COMMENT ON COLUMN slm.availability_monthly.downtime_hours IS 'downtime, in hours';
COMMENT ON COLUMN slm.availability_monthly.mean_time_to_restore_hours IS 'mean time to restore, in hours of service time';
COMMENT ON COLUMN slm.availability_monthly.mean_time_between_failures_hours IS 'mean time between failures, in hours of service time';

-- GRANTs of the views dropped above are given again at the end

-- quality: reads the columns a quality reader is given
DROP FUNCTION slm.quality_report(date, date, text);
CREATE FUNCTION slm.quality_report(from_date date, to_date date, grain text)
    RETURNS TABLE (period_start date, period_end date, assignee text, tickets bigint,
                   response_compliance numeric, resolution_rate numeric, reopen_rate numeric,
                   mean_resolution_time interval, mean_resolution_hours numeric, mean_satisfaction numeric,
                   mean_agent_work_time interval, mean_agent_work_hours numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    WITH tickets AS (
        SELECT k.tbl, k.ticket,
               date_trunc(slm.check_grain(grain), timezone(z.zone, min(k.started_at)))::date AS period_start,
               timezone(z.zone, min(k.started_at))::date AS opened,
               max(k.assignee) AS assignee,
               max(k.satisfaction) AS satisfaction,
               count(*) FILTER (WHERE k.metric = 'response' AND k.state = 'met') AS response_met,
               count(*) FILTER (WHERE k.metric = 'response'
                                  AND (k.state IN ('met', 'missed')
                                       OR (k.stopped_at IS NULL AND k.cancelled_at IS NULL
                                           AND slm.clock_state_of(k.started_at, k.stopped_at, k.cancelled_at,
                                                                  k.paused_since, k.due_at, k.warn_from,
                                                                  k.goal_time, k.calendar, k.pauses, k.warn_at,
                                                                  now()) = 'breached'))) AS response_due,
               bool_or(k.metric = 'resolution' AND k.stopped_at IS NOT NULL
                       AND k.cycle = (SELECT max(c2.cycle) FROM slm.clocks c2
                                      WHERE c2.tbl = k.tbl AND c2.ticket = k.ticket AND c2.removed_at IS NULL
                                        AND c2.kind = 'SLA' AND c2.metric = 'resolution')) AS resolved,
               max(k.cycle) FILTER (WHERE k.metric = 'resolution') > 1 AS reopened,
               sum(k.time_used) FILTER (WHERE k.metric = 'resolution') AS resolution_time,
               -- the time it waited on a supplier (its UC clocks, on their calendars)
               (SELECT sum(u.time_used) FROM slm.clocks u
                WHERE u.tbl = k.tbl AND u.ticket = k.ticket AND u.kind = 'UC' AND u.removed_at IS NULL) AS supplier_time
        FROM slm.clocks k
        JOIN slm.agreement_zones z ON z.agreement = k.agreement
        -- deleted and cancelled tickets (trash, spam, merged) are not the desk's work
        WHERE k.kind = 'SLA' AND k.removed_at IS NULL
        GROUP BY k.tbl, k.ticket, z.zone
    )
    SELECT t.period_start,
           (t.period_start + slm.grain_interval(grain))::date - 1,
           t.assignee,
           count(*),
           round(sum(t.response_met)::numeric / nullif(sum(t.response_due), 0), 4),
           round(count(*) FILTER (WHERE t.resolved)::numeric / count(*), 4),
           round(count(*) FILTER (WHERE t.reopened)::numeric / count(*), 4),
           date_trunc('second', avg(t.resolution_time) FILTER (WHERE t.resolved)),
           round(extract(epoch FROM avg(t.resolution_time) FILTER (WHERE t.resolved)) / 3600, 2),
           round(avg(t.satisfaction), 2),
           date_trunc('second', avg(t.resolution_time - coalesce(t.supplier_time, interval '0')) FILTER (WHERE t.resolved)),
           round(extract(epoch FROM avg(t.resolution_time - coalesce(t.supplier_time, interval '0'))
                                    FILTER (WHERE t.resolved)) / 3600, 2)
    FROM tickets t
    WHERE t.opened >= from_date AND t.opened <= to_date
    GROUP BY t.period_start, t.assignee
$$;
COMMENT ON FUNCTION slm.quality_report(date, date, text) IS
    'service quality per period (of opening) and assignee: tickets, response compliance, resolution and reopen rates, mean business time to resolve (the requester''s wait), mean satisfaction, mean agent work time (to resolve, less the waits on a supplier)';

-- its columns described where every client can read them (slm.report_columns)
CREATE VIEW slm.quality_monthly WITH (security_invoker = true) AS
SELECT * FROM slm.quality_report('-infinity', 'infinity', 'month');
COMMENT ON VIEW slm.quality_monthly IS 'service quality per month (of opening) and assignee (slm.quality_report)';
COMMENT ON COLUMN slm.quality_monthly.period_start IS 'first day of the period';
COMMENT ON COLUMN slm.quality_monthly.period_end IS 'last day of the period';
COMMENT ON COLUMN slm.quality_monthly.assignee IS 'who handled the tickets';
COMMENT ON COLUMN slm.quality_monthly.tickets IS 'tickets opened in the period';
COMMENT ON COLUMN slm.quality_monthly.response_compliance IS 'responses met / responses due (met, missed or breached)';
COMMENT ON COLUMN slm.quality_monthly.resolution_rate IS 'share of the tickets resolved (their last cycle stopped)';
COMMENT ON COLUMN slm.quality_monthly.reopen_rate IS 'share of the tickets reopened at least once';
COMMENT ON COLUMN slm.quality_monthly.mean_resolution_time IS 'mean business time to resolve, a reopened ticket''s cycles added up';
COMMENT ON COLUMN slm.quality_monthly.mean_resolution_hours IS 'mean business time to resolve, in hours';
COMMENT ON COLUMN slm.quality_monthly.mean_satisfaction IS 'mean satisfaction score, of the tickets that have one';
COMMENT ON COLUMN slm.quality_monthly.mean_agent_work_time IS
    'mean business time the desk worked a resolved ticket: its time to resolve less its waits on a supplier (Zendesk''s agent work time; the time to resolve is its requester wait time)';
COMMENT ON COLUMN slm.quality_monthly.mean_agent_work_hours IS 'mean agent work time, in hours';

-- every column of every report, with its type and description, for
-- clients that do not read comments (psqlODBC drops them)
CREATE VIEW slm.report_columns WITH (security_invoker = true) AS
WITH reports (report, described_by) AS (
    SELECT 'slm.' || c.relname::text, c.oid
    FROM pg_catalog.pg_class c
    WHERE c.relnamespace = 'slm'::regnamespace AND c.relkind = 'v'
    UNION ALL
    -- a report function's columns are described on the view that shows it
    SELECT f.report, f.view::regclass::oid
    FROM (VALUES ('slm.compliance_report', 'slm.compliance_monthly'),
                 ('slm.availability_report', 'slm.availability_monthly'),
                 ('slm.agreements_to_review', 'slm.agreement_review'),
                 ('slm.quality_report', 'slm.quality_monthly')) f(report, view)
)
SELECT r.report, a.attnum::integer AS position, a.attname::text AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       pg_catalog.col_description(a.attrelid, a.attnum) AS description
FROM reports r
JOIN pg_catalog.pg_attribute a ON a.attrelid = r.described_by AND a.attnum > 0 AND NOT a.attisdropped;
COMMENT ON VIEW slm.report_columns IS
    'every column of slm''s views and report functions, with its type and description (the column comments, for clients that drop them)';
COMMENT ON COLUMN slm.report_columns.report IS 'the view or report function';
COMMENT ON COLUMN slm.report_columns.position IS 'the column''s position, 1 first';
COMMENT ON COLUMN slm.report_columns.column_name IS 'the column';
COMMENT ON COLUMN slm.report_columns.data_type IS 'its SQL type';
COMMENT ON COLUMN slm.report_columns.description IS 'what it holds';

-- the gaps' excess in hours; the model's view described
CREATE OR REPLACE VIEW slm.underpinning_gaps WITH (security_invoker = true) AS
SELECT u.name AS agreement,
       u.kind,
       u.counterparty,
       sla.name AS underpins,
       ut.metric,
       st.priority,
       st.tier,
       ut.goal,
       st.goal AS sla_goal,
       st.calendar AS compared_on,
       gap.worst AS worst_excess,
       coalesce(ut.calendar, us.calendar) AS calendar,
       round(extract(epoch FROM gap.worst) / 3600, 2) AS worst_excess_hours
FROM slm.agreements u
JOIN slm.services us ON us.name = u.service
JOIN slm.agreements sla ON sla.id = u.underpins
JOIN slm.targets ut ON ut.agreement = u.id AND ut.goal IS NOT NULL
CROSS JOIN LATERAL (
    SELECT DISTINCT ON (coalesce(t.priority, ut.priority), coalesce(t.tier, ut.tier))
           t.goal, coalesce(t.priority, ut.priority) AS priority, coalesce(t.tier, ut.tier) AS tier,
           coalesce(t.calendar, s.calendar) AS calendar
    FROM slm.targets t JOIN slm.services s ON s.name = sla.service
    WHERE t.agreement = sla.id AND t.metric = ut.metric AND t.goal IS NOT NULL
      AND (ut.priority IS NULL OR t.priority IS NULL OR t.priority = ut.priority)
      AND (ut.tier IS NULL OR t.tier IS NULL OR t.tier = ut.tier)
    ORDER BY coalesce(t.priority, ut.priority), coalesce(t.tier, ut.tier),
             t.tier IS NULL, t.priority IS NULL      -- the most specific, as slm.matching_targets
) st
CROSS JOIN LATERAL (
    SELECT max(slm.business_elapsed(d.sla_due, d.due, st.calendar)) AS worst
    FROM pg_catalog.generate_series(timestamptz '2001-01-08 00:00+00', timestamptz '2001-01-15 00:00+00',
                                    interval '1 hour') h,
         LATERAL (SELECT slm.business_add(h, st.goal, st.calendar) AS sla_due,
                         slm.business_add(h, ut.goal, coalesce(ut.calendar, us.calendar)) AS due) d
    WHERE pg_catalog.isfinite(d.sla_due) AND pg_catalog.isfinite(d.due)
) gap
WHERE u.kind IN ('OLA', 'UC')
  AND gap.worst > interval '0'
  -- the OLA's or UC's own most specific target for those tickets counts
  AND NOT EXISTS (
      SELECT FROM slm.targets o
      WHERE o.agreement = u.id AND o.metric = ut.metric AND o.id <> ut.id AND o.goal IS NOT NULL
        AND (o.priority IS NULL OR o.priority = st.priority) AND (o.tier IS NULL OR o.tier = st.tier)
        AND ((o.tier IS NULL)::int * 2 + (o.priority IS NULL)::int) < ((ut.tier IS NULL)::int * 2 + (ut.priority IS NULL)::int));
COMMENT ON COLUMN slm.underpinning_gaps.worst_excess_hours IS 'worst_excess, in hours of business time on the compared_on calendar';
-- A target may say in which statuses its clocks pause; SLA targets may be for the time to own
ALTER TABLE slm.targets ADD COLUMN pause_statuses text[];
-- targets for a ticket category (which SLA applies by condition)
ALTER TABLE slm.targets ADD COLUMN category text;
DROP INDEX slm.targets_unique;
CREATE UNIQUE INDEX targets_unique ON slm.targets
    (agreement, metric, coalesce(priority, 0), coalesce(tier, ''), coalesce(category, ''));
COMMENT ON TABLE slm.targets IS
    'what an agreement promises, per metric, priority, customer tier and ticket category';
COMMENT ON COLUMN slm.targets.category IS
    'the ticket category it applies to (slm.attach''s category: a type, category or channel, as its look-up names it); NULL: every category';
COMMENT ON COLUMN slm.targets.metric IS 'response (SLA: the first reply; OLA: the team acknowledges its hold), own (SLA: time to own), next_reply (SLA: each customer message to the next reply), resolution (SLA, OLA, UC), availability (SLA)';
COMMENT ON COLUMN slm.targets.pause_statuses IS
    'the statuses in which this target''s clocks pause (wait on the customer): names as the ticket table''s look-ups give them; ''{}'': never pauses; NULL: the ticket table''s paused_statuses';
CREATE OR REPLACE VIEW slm.targets_in_force WITH (security_invoker = true) AS
SELECT a.kind, a.service, a.counterparty, a.valid, a.id AS agreement, a.name AS agreement_name,
       t.id AS target, t.metric, t.priority, t.tier, t.goal, coalesce(t.calendar, s.calendar) AS calendar,
       t.warn_at, t.compliance_goal,
       (SELECT slm.calendar_zone(c.calendar) FROM slm.calendars c WHERE c.name = s.calendar) AS zone,
       lower(a.valid) AS valid_from, upper(a.valid) AS valid_until, t.pause_statuses, t.category
FROM slm.agreements a
JOIN slm.services s ON s.name = a.service
JOIN slm.targets t ON t.agreement = a.id
WHERE a.status = 'active';
COMMENT ON COLUMN slm.targets_in_force.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.targets_in_force.service IS 'the service agreed on';
COMMENT ON COLUMN slm.targets_in_force.counterparty IS 'customer (SLA; NULL: every customer), team (OLA) or supplier (UC)';
COMMENT ON COLUMN slm.targets_in_force.valid IS 'the dates the agreement is in force (a daterange; see slm.agreements.valid)';
COMMENT ON COLUMN slm.targets_in_force.agreement IS 'the agreement''s id';
COMMENT ON COLUMN slm.targets_in_force.agreement_name IS 'the agreement''s name';
COMMENT ON COLUMN slm.targets_in_force.target IS 'the target''s id';
COMMENT ON COLUMN slm.targets_in_force.metric IS 'response, resolution, availability, ...';
COMMENT ON COLUMN slm.targets_in_force.priority IS 'the priority it applies to; NULL: every priority';
COMMENT ON COLUMN slm.targets_in_force.tier IS 'the customer tier it applies to; NULL: every tier';
COMMENT ON COLUMN slm.targets_in_force.goal IS 'the goal, a term of the agreement (days are business days)';
COMMENT ON COLUMN slm.targets_in_force.calendar IS 'the named calendar the goal runs on';
COMMENT ON COLUMN slm.targets_in_force.warn_at IS 'share of the goal after which a running clock is at risk';
COMMENT ON COLUMN slm.targets_in_force.compliance_goal IS 'the share of clocks that must meet the goal';
COMMENT ON COLUMN slm.targets_in_force.zone IS 'the time zone of the service''s calendar';
COMMENT ON COLUMN slm.targets_in_force.valid_from IS 'first day the agreement is in force; NULL: always was';
COMMENT ON COLUMN slm.targets_in_force.valid_until IS 'first day it is no longer in force; NULL: no end';
COMMENT ON COLUMN slm.targets_in_force.pause_statuses IS
    'the statuses in which its clocks pause; NULL: the ticket table''s paused_statuses';
COMMENT ON COLUMN slm.targets_in_force.category IS 'the ticket category it applies to; NULL: every category';
DROP FUNCTION slm.matching_targets(text, text, text, text, integer, text, timestamptz);
/*
 * The target in force for a clock's values.  An SLA clock of a ticket that
 * names its agreement (slm.attach's agreement: GLPI's SLA on the ticket)
 * takes that agreement's target for the metric if it has one.  Else the
 * service's: a customer-specific agreement before one for every customer
 * (SLA), a target for the ticket's category before one for every
 * category, for the tier before one for every tier, for the priority
 * before one for every priority.  The agreement valid on the date the
 * clock started, in its service's zone.  PL/pgSQL for its cached plan (see
 * slm.customer_tier).
 */
CREATE FUNCTION slm.matching_targets(kind text, service text, counterparty text, tier text,
                                     priority integer, metric text, at timestamptz,
                                     category text DEFAULT NULL, agreement text DEFAULT NULL)
    RETURNS SETOF slm.targets_in_force
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    IF $9 IS NOT NULL AND $1 = 'SLA' THEN
        RETURN QUERY
        SELECT f.*
        FROM slm.targets_in_force f
        WHERE f.kind = 'SLA'
          AND f.agreement_name = $9
          AND f.metric = $6
          AND (f.priority = $5 OR f.priority IS NULL)
          AND (f.tier = $4 OR f.tier IS NULL)
          AND (f.category = $8 OR f.category IS NULL)
          AND f.valid @> date(timezone(f.zone, $7))
        ORDER BY f.category IS NULL, f.tier IS NULL, f.priority IS NULL
        LIMIT 1;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
    SELECT f.*
    FROM slm.targets_in_force f
    WHERE f.kind = $1
      AND f.service = $2
      AND f.metric = $6
      AND (f.counterparty = $3 OR (f.counterparty IS NULL AND $1 = 'SLA'))
      AND (f.priority = $5 OR f.priority IS NULL)
      AND (f.tier = $4 OR f.tier IS NULL)
      AND (f.category = $8 OR f.category IS NULL)
      AND f.valid @> date(timezone(f.zone, $7))
    ORDER BY f.counterparty IS NULL, f.category IS NULL, f.tier IS NULL, f.priority IS NULL, f.agreement
    LIMIT 1;
END $$;
COMMENT ON FUNCTION slm.matching_targets(text, text, text, text, integer, text, timestamptz, text, text) IS
    'the target in force for a clock of a kind, service, counterparty, tier, priority and metric started at a time, of a ticket of a category that may name its agreement';

-- Ticket tables as their systems store them (above): targets for their
-- priorities, look-ups watched, attach and detach.  Tracking also fires
-- for rows that logical replication applies: attach says so for the
-- tables it attaches from now on, and the tables attached before get the
-- same.
CREATE OR REPLACE FUNCTION slm.check_target() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    kind text;
BEGIN
    IF NEW.goal IS NULL THEN
        IF NEW.metric <> 'availability' THEN
            RAISE EXCEPTION 'target for % has no goal', NEW.metric
                USING ERRCODE = 'not_null_violation',
                      HINT = 'Only availability targets go without a goal; their compliance_goal is the availability to reach.';
        END IF;
    ELSIF extract(year FROM NEW.goal) <> 0 OR extract(month FROM NEW.goal) <> 0 THEN
        RAISE EXCEPTION 'target goal % has months; business time has none', NEW.goal
            USING ERRCODE = 'check_violation',
                  HINT = 'Write the goal in business days and hours, such as ''20 days''.';
    ELSIF NEW.goal <= interval '0' OR extract(day FROM NEW.goal) < 0
          OR NEW.goal - make_interval(days => extract(day FROM NEW.goal)::int) < interval '0' THEN
        RAISE EXCEPTION 'target goal % is not positive', NEW.goal
            USING ERRCODE = 'check_violation',
                  HINT = 'A goal is a positive time, such as ''4 hours'' or ''5 days''.';
    END IF;

    -- a target is for a metric slm clocks (or, for availability, reports):
    -- one that nothing would ever measure is refused, not silently kept
    SELECT a.kind INTO kind FROM slm.agreements a WHERE a.id = NEW.agreement;
    IF NOT ((kind = 'SLA' AND NEW.metric IN ('response', 'own', 'next_reply', 'resolution', 'availability'))
            OR (kind = 'OLA' AND NEW.metric IN ('response', 'resolution'))
            OR (kind = 'UC' AND NEW.metric = 'resolution')) THEN
        RAISE EXCEPTION 'slm does not measure metric "%" for %', NEW.metric,
                        CASE WHEN kind = 'UC' THEN 'a UC' ELSE 'an ' || coalesce(kind, 'agreement') END
            USING ERRCODE = 'check_violation',
                  DETAIL = 'SLA targets may be for response, own (time to own), next_reply (each customer message to the next reply), resolution or availability; OLA targets for response (the team acknowledges its hold by assigning someone) or resolution (the hold), UC targets for resolution (the supplier''s wait).',
                  HINT = 'Check the metric''s spelling and the agreement''s kind.';
    END IF;

    -- a supplier's clock runs while the ticket waits on the supplier: it has no pause of its own
    IF NEW.pause_statuses IS NOT NULL AND kind = 'UC' THEN
        RAISE EXCEPTION 'a UC target has no pause_statuses'
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A UC clock runs while the ticket waits on its supplier, and never pauses.',
                  HINT = 'Set pause_statuses on SLA and OLA targets.';
    END IF;

    -- a priority of a ticket system's own scale (slm.attach's priority_levels) is one too
    IF NEW.priority IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM slm.tracked_tables t WHERE NEW.priority = ANY (t.priority_levels)) THEN
        IF EXISTS (SELECT 1 FROM slm.priority_matrix) THEN
            IF NOT EXISTS (SELECT 1 FROM slm.priority_matrix m WHERE m.priority = NEW.priority) THEN
                RAISE EXCEPTION 'priority % is not in slm.priority_matrix', NEW.priority
                    USING ERRCODE = 'check_violation',
                          HINT = 'Use a priority the matrix gives, or add it to the matrix first; '
                                 'a ticket table''s own scale is given to slm.attach as priority_levels.';
            END IF;
        ELSIF NEW.priority NOT BETWEEN 1 AND 4 THEN
            RAISE EXCEPTION 'priority % is not in the priority matrix', NEW.priority
                USING ERRCODE = 'check_violation',
                      DETAIL = 'slm.priority_matrix is empty, so the default matrix applies, with priorities 1 to 4.',
                      HINT = 'A ticket table''s own scale is given to slm.attach as priority_levels.';
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION slm.check_target() IS
    'trigger: a target''s goal is positive business time, its priority is one the matrix or a tracked table''s scale gives';

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

-- the clocks of deleted and cancelled tickets by ticket, for slm.load_history
-- (no entry for a live clock: tracking pays nothing for it)
CREATE INDEX clocks_removed ON slm.clocks (tbl, ticket) WHERE removed_at IS NOT NULL;

CREATE FUNCTION slm.query_shape(tbl regclass, query text, OUT column_types regtype[], OUT tables regclass[])
    AS 'MODULE_PATHNAME', 'slm_query_shape_fn'
    LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION slm.query_shape(regclass, text) IS
    'the column types of a look-up or responses query for a ticket table, and the tables it reads (slm.attach checks them)';

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

-- until when a wait is agreed (the metrics help desks run on)
ALTER TABLE slm.tracked_tables ADD COLUMN pending_until text;
COMMENT ON COLUMN slm.tracked_tables.pending_until IS
    'column: until when a wait on the customer is agreed (slm.overdue_pauses lists the waits past it)';
ALTER TABLE slm.tracked_tables ADD COLUMN customer_message_at text, ADD COLUMN agent_reply_at text;
COMMENT ON COLUMN slm.tracked_tables.customer_message_at IS
    'column: when the customer last wrote (each message after the first reply starts a next reply cycle)';
COMMENT ON COLUMN slm.tracked_tables.agent_reply_at IS
    'column: when an agent last replied to the customer (stops the next reply cycle)';
ALTER TABLE slm.tracked_tables ADD COLUMN category text, ADD COLUMN agreement text;
COMMENT ON COLUMN slm.tracked_tables.category IS
    'column: the ticket''s type, category or channel, which targets may be for (slm.targets.category)';
COMMENT ON COLUMN slm.tracked_tables.agreement IS
    'column: the SLA the ticket names for itself (slm.agreements.name), in place of the one chosen for it';
ALTER TABLE slm.clocks ADD COLUMN category text, ADD COLUMN named_agreement text;
COMMENT ON COLUMN slm.clocks.category IS 'the ticket''s category, which its target may be for';
COMMENT ON COLUMN slm.clocks.named_agreement IS 'the SLA the ticket named for itself (SLA clocks; NULL: chosen for it)';
DROP FUNCTION slm.attach(regclass, text, text, text, text, text, text, text, text, text, text, text, text, text,
                         text[], text[], text, text, text, text);
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
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = tbl AND c.relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', tbl USING ERRCODE = 'wrong_object_type';
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

    IF cardinality(problems) = 1 THEN
        RAISE EXCEPTION 'cannot attach %: %', tbl, problems[1]
            USING ERRCODE = codes[1],
                  HINT = 'The key must be the primary key or carry a unique index, and be NOT NULL; times must be '
                         'timestamps (without time zone: give local_zone), priorities integers; see slm.attach in the README.';
    ELSIF cardinality(problems) > 1 THEN
        RAISE EXCEPTION 'cannot attach %: % problems with the mapping', tbl, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = array_to_string(problems, E'\n'),
                  HINT = 'The key must be the primary key or carry a unique index, and be NOT NULL; times must be '
                         'timestamps (without time zone: give local_zone), priorities integers; see slm.attach in the README.';
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

CREATE OR REPLACE FUNCTION slm.detach(tbl regclass, drop_clocks boolean DEFAULT false) RETURNS void
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
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT tbl FROM slm.tracked_tables LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track', t);
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_update', t);
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER slm_track_truncate', t);
    END LOOP;
END $$;

-- Readers: the reports and what they are computed from, no more.
REVOKE SELECT ON slm.clocks, slm.customers FROM slm_reader;
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['slm_reader', 'slm_quality_reader', 'slm_event_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;
COMMENT ON ROLE slm_reader IS 'may read slm''s reports, under the row security of slm.clocks';
COMMENT ON ROLE slm_quality_reader IS
    'with slm_reader, may also read slm.quality_report: who handled tickets, and how satisfied customers were';
COMMENT ON ROLE slm_event_reader IS 'may read slm.events, the crossings slm.escalate recorded and sent';
GRANT USAGE ON SCHEMA slm TO slm_reader, slm_quality_reader, slm_event_reader;
GRANT SELECT ON slm.sla_status, slm.breaches, slm.compliance_weekly, slm.compliance_monthly,
                slm.compliance_quarterly, slm.availability_monthly, slm.agreement_review,
                slm.underpinning_gaps, slm.agreement_zones, slm.targets_in_force, slm.report_columns TO slm_reader;
GRANT SELECT (id, tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
              priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at,
              cancelled_at, goal_time, paused_time, time_used, warn_from, due_at, due_date, state,
              removed_at) ON slm.clocks TO slm_reader;
GRANT SELECT ON slm.agreements, slm.services, slm.targets, slm.outages TO slm_reader;
GRANT SELECT (tbl, priority_levels) ON slm.tracked_tables TO slm_reader;
GRANT SELECT (assignee, satisfaction) ON slm.clocks TO slm_quality_reader;
GRANT SELECT ON slm.quality_monthly TO slm_quality_reader;
GRANT SELECT ON slm.events TO slm_event_reader;

-- waits that should have ended --------------------------------------------

CREATE FUNCTION slm.pauses_overdue(at timestamptz DEFAULT now())
    RETURNS TABLE (ticket_table text, ticket text, clock bigint, kind text, metric text, cycle integer,
                   paused_since timestamptz, pending_until timestamptz, overdue interval, overdue_hours numeric)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    t record;
BEGIN
    -- each ticket table whose tickets say until when a wait is agreed
    -- (slm.attach's pending_until): its paused clocks past that time
    FOR t IN
        SELECT tt.tbl, tt.key, tt.pending_until, tt.local_zone, a.atttypid AS type
        FROM slm.tracked_tables tt
        JOIN pg_attribute a ON a.attrelid = tt.tbl AND a.attname = tt.pending_until AND NOT a.attisdropped
        WHERE tt.pending_until IS NOT NULL
        ORDER BY tt.tbl
    LOOP
        RETURN QUERY EXECUTE format(
            'SELECT slm.table_name(c.tbl), c.ticket, c.id, c.kind, c.metric, c.cycle, c.paused_since, p.until, '
            '       $1 OPERATOR(pg_catalog.-) p.until, '
            '       pg_catalog.round(pg_catalog.extract(epoch FROM $1 OPERATOR(pg_catalog.-) p.until) / 3600, 2) '
            'FROM slm.clocks c '
            'JOIN (SELECT k.%1$I::pg_catalog.text AS key, %2$s AS until FROM %3$s k) p '
            '  ON p.key OPERATOR(pg_catalog.=) c.ticket '
            'WHERE c.tbl OPERATOR(pg_catalog.=) $2 AND c.removed_at IS NULL AND c.paused_since IS NOT NULL '
            '  AND c.stopped_at IS NULL AND c.cancelled_at IS NULL AND p.until OPERATOR(pg_catalog.<) $1',
            t.key,
            CASE WHEN t.type = 'timestamp'::regtype
                 THEN format('pg_catalog.timezone(%L, k.%I)', t.local_zone, t.pending_until)
                 ELSE format('k.%I', t.pending_until) END,
            t.tbl)
        USING at, t.tbl;
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.pauses_overdue(timestamptz) IS
    'clocks still paused, waiting on the customer, after the time their ticket said the wait would end (slm.attach''s pending_until): a wait never runs on unnoticed';

CREATE VIEW slm.overdue_pauses WITH (security_invoker = true) AS
SELECT * FROM slm.pauses_overdue(now());
COMMENT ON VIEW slm.overdue_pauses IS
    'clocks still paused after the time their ticket said the wait would end (slm.pauses_overdue); reads the ticket tables';
COMMENT ON COLUMN slm.overdue_pauses.ticket_table IS 'the ticket table, schema-qualified';
COMMENT ON COLUMN slm.overdue_pauses.ticket IS 'the ticket''s key';
COMMENT ON COLUMN slm.overdue_pauses.clock IS 'the paused clock';
COMMENT ON COLUMN slm.overdue_pauses.kind IS 'SLA or OLA';
COMMENT ON COLUMN slm.overdue_pauses.metric IS 'the clock''s metric';
COMMENT ON COLUMN slm.overdue_pauses.cycle IS 'the clock''s cycle';
COMMENT ON COLUMN slm.overdue_pauses.paused_since IS 'since when it is paused';
COMMENT ON COLUMN slm.overdue_pauses.pending_until IS 'until when the ticket said it would wait';
COMMENT ON COLUMN slm.overdue_pauses.overdue IS 'how long ago that was (wall-clock time)';
COMMENT ON COLUMN slm.overdue_pauses.overdue_hours IS 'overdue, in hours';
