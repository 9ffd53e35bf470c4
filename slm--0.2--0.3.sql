/* slm--0.2--0.3.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION slm UPDATE TO '0.3'" to load this file. \quit

/*
 * slm 0.3: reports honour the reader's row security, and readers read no
 * more than the reports are computed from.
 *
 * Released: never edit this file; the next version gets its own.
 */

-- Every view runs with its reader's rights, so that row-level security on
-- slm.clocks holds in slm.sla_status and slm.breaches as it already did in
-- the report functions.
ALTER VIEW slm.agreement_zones SET (security_invoker = true);
ALTER VIEW slm.targets_in_force SET (security_invoker = true);
ALTER VIEW slm.underpinning_gaps SET (security_invoker = true);
ALTER VIEW slm.sla_status SET (security_invoker = true);
ALTER VIEW slm.compliance_weekly SET (security_invoker = true);
ALTER VIEW slm.compliance_monthly SET (security_invoker = true);
ALTER VIEW slm.compliance_quarterly SET (security_invoker = true);
ALTER VIEW slm.breaches SET (security_invoker = true);
ALTER VIEW slm.availability_monthly SET (security_invoker = true);
ALTER VIEW slm.agreement_review SET (security_invoker = true);

-- The reports read only the columns of slm.clocks a reader is given (no
-- whole-row reference), and slm.escalate's payload carries the event's id.
CREATE OR REPLACE FUNCTION slm.escalate(at timestamptz DEFAULT now()) RETURNS SETOF slm.events
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    e slm.events;
BEGIN
    FOR e IN
        INSERT INTO slm.events (clock, event, crossed_at, recorded_at)
        SELECT c.id, x.event, x.crossed_at, at
        FROM slm.clocks c
        CROSS JOIN LATERAL (VALUES ('at_risk', c.warn_from), ('breached', c.due_at)) x(event, crossed_at)
        -- a paused clock's business time stands still: only what it crossed
        -- before its pause began counts (slm.clock_state says the same)
        WHERE c.stopped_at IS NULL AND c.cancelled_at IS NULL
          AND c.warn_from <= at AND x.crossed_at <= at
          AND (c.paused_since IS NULL OR x.crossed_at <= c.paused_since)
        ON CONFLICT (clock, event) DO NOTHING
        RETURNING *
    LOOP
        PERFORM pg_notify('slm_events', (
            SELECT json_build_object('id', e.id, 'event', e.event, 'clock', c.id, 'ticket_table', c.tbl::text,
                                     'ticket', c.ticket, 'kind', c.kind, 'agreement', c.agreement,
                                     'metric', c.metric, 'priority', c.priority,
                                     'crossed_at', e.crossed_at, 'due_at', c.due_at)::text
            FROM slm.clocks c WHERE c.id = e.clock));
        RETURN NEXT e;
    END LOOP;
END $$;
CREATE OR REPLACE FUNCTION slm.compliance_report(from_date date, to_date date, grain text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (period_start date, period_end date, service text, customer text, agreement text,
                   kind text, counterparty text, priority integer, metric text,
                   clocks_due bigint, met bigint, missed bigint, breached bigint, running bigint,
                   cancelled bigint, compliance numeric, compliance_goal numeric, goal_met boolean,
                   mean_time interval, median_time interval, p90_time interval,
                   mean_hours numeric, median_hours numeric, p90_hours numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM slm.check_grain(grain);
    -- RETURN QUERY may scan in parallel (PostgreSQL 14 and later).  The
    -- clocks are grouped on narrow keys (the agreement's id, not its
    -- names; the stored due_date, whose statistics tell the planner how
    -- few periods there are) and the names joined to the few groups
    -- afterwards.  slm.percentiles, unlike percentile_cont, lets the
    -- groups be hashed and aggregated partly in the workers.
    RETURN QUERY
    SELECT g.period_start, (g.period_start + slm.grain_interval(grain))::date - 1,
           a.service, g.customer, a.name, a.kind, a.counterparty, g.priority, g.metric,
           g.due, g.met, g.missed, g.breached, g.running, g.cancelled,
           round(g.met::numeric / NULLIF(g.met + g.missed + g.breached, 0), 4),
           g.goal,
           round(g.met::numeric / NULLIF(g.met + g.missed + g.breached, 0), 4) >= g.goal,
           date_trunc('second', g.mean),
           make_interval(secs => round(g.pct[1]::numeric)::double precision),
           make_interval(secs => round(g.pct[2]::numeric)::double precision),
           round(date_part('epoch', g.mean)::numeric / 3600, 2),
           round(g.pct[1]::numeric / 3600, 2),
           round(g.pct[2]::numeric / 3600, 2)
    FROM (
        SELECT date_trunc(grain, k.due_date::timestamp)::date AS period_start,
               k.agreement, k.customer, k.priority, k.metric,
               count(*) AS due,
               count(*) FILTER (WHERE k.state = 'met') AS met,
               count(*) FILTER (WHERE k.state = 'missed') AS missed,
               count(*) FILTER (WHERE k.state_then = 'breached') AS breached,
               count(*) FILTER (WHERE k.state IN ('running', 'paused')
                                  AND k.state_then IS DISTINCT FROM 'breached') AS running,
               count(*) FILTER (WHERE k.state = 'cancelled') AS cancelled,
               max(t.compliance_goal) AS goal,
               avg(k.time_used) AS mean,
               slm.percentiles(date_part('epoch', k.time_used), '{0.5,0.9}') AS pct
        -- only the columns the report needs: a reader may read no more
        -- of slm.clocks (see the privileges of slm_reader)
        FROM (SELECT c.due_date, c.agreement, c.customer, c.priority, c.metric, c.state, c.target, c.time_used,
                     -- a running clock's state then, by the one definition
                     -- (slm.clock_state); a stopped clock's is stored
                     CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL
                          THEN slm.clock_state_of(c.started_at, c.stopped_at, c.cancelled_at, c.paused_since,
                                                  c.due_at, c.warn_from, c.goal_time, c.calendar, c.pauses,
                                                  c.warn_at, compliance_report.at) END AS state_then
              FROM slm.clocks c
              WHERE c.due_date BETWEEN from_date AND to_date) k
        LEFT JOIN slm.targets t ON t.id = k.target
        GROUP BY 1, k.agreement, k.customer, k.priority, k.metric
    ) g
    JOIN slm.agreements a ON a.id = g.agreement
    ORDER BY 1, 3, 4, 5, 8, 9;
END $$;
CREATE OR REPLACE FUNCTION slm.quality_report(from_date date, to_date date, grain text)
    RETURNS TABLE (period_start date, period_end date, assignee text, tickets bigint,
                   response_compliance numeric, resolution_rate numeric, reopen_rate numeric,
                   mean_resolution_time interval, mean_resolution_hours numeric, mean_satisfaction numeric)
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
               sum(k.time_used) FILTER (WHERE k.metric = 'resolution') AS resolution_time
        FROM slm.clocks k
        JOIN slm.agreement_zones z ON z.agreement = k.agreement
        WHERE k.kind = 'SLA' AND k.removed_at IS NULL   -- deleted tickets are not the desk's work
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
           round(avg(t.satisfaction), 2)
    FROM tickets t
    WHERE t.opened >= from_date AND t.opened <= to_date
    GROUP BY t.period_start, t.assignee
$$;
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
                slm.underpinning_gaps, slm.agreement_zones, slm.targets_in_force TO slm_reader;
GRANT SELECT (id, tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer, service,
              priority, tier, goal, calendar, warn_at, started_at, pauses, paused_since, stopped_at,
              cancelled_at, goal_time, paused_time, time_used, warn_from, due_at, due_date, state,
              removed_at) ON slm.clocks TO slm_reader;
GRANT SELECT ON slm.agreements, slm.services, slm.targets, slm.outages TO slm_reader;
GRANT SELECT (assignee, satisfaction) ON slm.clocks TO slm_quality_reader;
GRANT SELECT ON slm.events TO slm_event_reader;
