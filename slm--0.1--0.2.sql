/* slm--0.1--0.2.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION slm UPDATE TO '0.2'" to load this file. \quit

/*
 * slm 0.2: the SLA model (services, customers and their tiers, agreements,
 * targets, the priority matrix).
 *
 * Every table is kept by pg_dump (pg_extension_config_dump) and has no rows
 * after CREATE EXTENSION: an empty slm.priority_matrix or
 * slm.tier_thresholds means the built-in defaults (see slm.priority and
 * slm.classify_tier), and slm.install_standard_targets() fills in a
 * standard catalogue on request.  Functions that read slm tables pin their
 * search_path; the rest schema-qualify everything.
 */

--------------------------------------------------------------------------
-- Classification in C: priorities and customer tiers
--------------------------------------------------------------------------

CREATE TABLE slm.priority_matrix (
    impact   integer NOT NULL CHECK (impact BETWEEN 1 AND 9),
    urgency  integer NOT NULL CHECK (urgency BETWEEN 1 AND 9),
    priority integer NOT NULL CHECK (priority BETWEEN 1 AND 32767),
    PRIMARY KEY (impact, urgency)
);
COMMENT ON TABLE slm.priority_matrix IS
    'impact x urgency -> priority (1 is the most urgent); while empty, slm.priority uses the ITIL-style default for levels 1 to 3';
COMMENT ON COLUMN slm.priority_matrix.impact IS 'impact level, 1 (widest) to 9';
COMMENT ON COLUMN slm.priority_matrix.urgency IS 'urgency level, 1 (most urgent) to 9';
COMMENT ON COLUMN slm.priority_matrix.priority IS 'the resulting priority, 1 first';
SELECT pg_catalog.pg_extension_config_dump('slm.priority_matrix', '');

CREATE FUNCTION slm.priority(impact integer, urgency integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'slm_priority'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.priority(integer, integer) IS
    'priority of an impact and an urgency from slm.priority_matrix (read once per query); 1 is the most urgent';

CREATE TABLE slm.tier_thresholds (
    tier      text PRIMARY KEY CHECK (tier IN ('key', 'special')),
    min_score integer NOT NULL CHECK (min_score BETWEEN 3 AND 15)
);
COMMENT ON TABLE slm.tier_thresholds IS
    'score (importance + urgency + complexity, each 1 to 5) from which a customer is key or special; missing rows mean key from 9, special from 12';
COMMENT ON COLUMN slm.tier_thresholds.tier IS 'key (重点) or special (特殊); below both a customer is standard (一般)';
COMMENT ON COLUMN slm.tier_thresholds.min_score IS 'the lowest score of the tier';
SELECT pg_catalog.pg_extension_config_dump('slm.tier_thresholds', '');

CREATE FUNCTION slm.classify_tier(importance integer, urgency integer, complexity integer) RETURNS text
    AS 'MODULE_PATHNAME', 'slm_classify_tier'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION slm.classify_tier(integer, integer, integer) IS
    'customer tier (standard, key or special) from scores 1 to 5, against slm.tier_thresholds (read once per query)';

--------------------------------------------------------------------------
-- Services and customers
--------------------------------------------------------------------------

CREATE TABLE slm.services (
    name        text PRIMARY KEY CHECK (name OPERATOR(pg_catalog.<>) ''),
    description text,
    owner       text,
    calendar    text NOT NULL REFERENCES slm.calendars (name) ON UPDATE CASCADE
);
COMMENT ON TABLE slm.services IS 'the service catalogue';
COMMENT ON COLUMN slm.services.name IS 'service name';
COMMENT ON COLUMN slm.services.description IS 'what the service is';
COMMENT ON COLUMN slm.services.owner IS 'who answers for the service';
COMMENT ON COLUMN slm.services.calendar IS 'the named calendar of its service hours';
SELECT pg_catalog.pg_extension_config_dump('slm.services', '');

CREATE TABLE slm.customers (
    name        text PRIMARY KEY CHECK (name OPERATOR(pg_catalog.<>) ''),
    tier        text CHECK (tier IN ('standard', 'key', 'special')),
    importance  integer CHECK (importance BETWEEN 1 AND 5),
    urgency     integer CHECK (urgency BETWEEN 1 AND 5),
    complexity  integer CHECK (complexity BETWEEN 1 AND 5),
    description text
);
COMMENT ON TABLE slm.customers IS 'customers; the tier is set, or derived from the three scores by slm.classify_tier';
COMMENT ON COLUMN slm.customers.name IS 'customer name';
COMMENT ON COLUMN slm.customers.tier IS 'standard (一般), key (重点) or special (特殊); NULL: derived from the scores';
COMMENT ON COLUMN slm.customers.importance IS 'importance score, 1 to 5';
COMMENT ON COLUMN slm.customers.urgency IS 'urgency score, 1 to 5';
COMMENT ON COLUMN slm.customers.complexity IS 'complexity score, 1 to 5';
COMMENT ON COLUMN slm.customers.description IS 'who the customer is';
SELECT pg_catalog.pg_extension_config_dump('slm.customers', '');

/*
 * The functions the tracking trigger calls for every row are PL/pgSQL, not
 * SQL: with a pinned search_path a SQL function is never inlined, and is
 * then parsed and planned again in every statement that calls it, while
 * PL/pgSQL keeps its plans for the session (measured: 24 us a call against
 * 4 us here, 125 us against 27 us for slm.matching_targets).  Their one
 * plan suits every call, whatever plan_cache_mode the caller runs under.
 */
CREATE FUNCTION slm.customer_tier(customer text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
DECLARE
    result text;
BEGIN
    SELECT coalesce(c.tier, slm.classify_tier(c.importance, c.urgency, c.complexity)) INTO result
    FROM slm.customers c WHERE c.name = customer_tier.customer;
    RETURN coalesce(result, 'standard');
END $$;
COMMENT ON FUNCTION slm.customer_tier(text) IS
    'a customer''s tier: set, else derived from its scores, else standard (also for unknown customers)';

--------------------------------------------------------------------------
-- Agreements: SLA with customers, OLA with internal teams, UC with suppliers
--------------------------------------------------------------------------

CREATE TABLE slm.agreements (
    id           integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name OPERATOR(pg_catalog.<>) ''),
    kind         text NOT NULL CHECK (kind IN ('SLA', 'OLA', 'UC')),
    service      text NOT NULL REFERENCES slm.services (name) ON UPDATE CASCADE,
    counterparty text,
    underpins    integer REFERENCES slm.agreements (id),
    valid        daterange NOT NULL DEFAULT '(,)' CHECK (NOT isempty(valid)),
    review_on    date,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'retired')),
    description  text,
    -- a real foreign key, so that pg_dump restores customers before the SLAs
    -- that name them
    sla_customer text GENERATED ALWAYS AS (CASE WHEN kind OPERATOR(pg_catalog.=) 'SLA' THEN counterparty END) STORED
                 REFERENCES slm.customers (name)
);
COMMENT ON TABLE slm.agreements IS
    'service level agreements (SLA, with customers), operational level agreements (OLA, with internal teams) and underpinning contracts (UC, with suppliers)';
COMMENT ON COLUMN slm.agreements.id IS 'agreement id';
COMMENT ON COLUMN slm.agreements.name IS 'agreement name';
COMMENT ON COLUMN slm.agreements.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.agreements.service IS 'the service agreed on';
COMMENT ON COLUMN slm.agreements.counterparty IS
    'the customer (SLA; NULL: every customer of the service), the internal team (OLA) or the supplier (UC)';
COMMENT ON COLUMN slm.agreements.underpins IS 'for an OLA or UC: the SLA it supports';
COMMENT ON COLUMN slm.agreements.valid IS 'the dates the agreement is in force';
COMMENT ON COLUMN slm.agreements.review_on IS 'the next review date';
COMMENT ON COLUMN slm.agreements.status IS 'draft, active or retired; only active agreements apply';
COMMENT ON COLUMN slm.agreements.description IS 'what the agreement covers';
COMMENT ON COLUMN slm.agreements.sla_customer IS 'for an SLA with one customer: that customer (kept from counterparty)';
SELECT pg_catalog.pg_extension_config_dump('slm.agreements', '');
SELECT pg_catalog.pg_extension_config_dump('slm.agreements_id_seq', '');
COMMENT ON SEQUENCE slm.agreements_id_seq IS 'ids of agreements';

CREATE FUNCTION slm.check_agreement() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    other record;
BEGIN
    IF NEW.kind IS NULL OR NEW.kind NOT IN ('SLA', 'OLA', 'UC') THEN
        RETURN NEW;             -- the CHECK constraint on kind reports it
    END IF;
    IF NEW.kind = 'SLA' THEN
        IF NEW.underpins IS NOT NULL THEN
            RAISE EXCEPTION 'SLA "%" cannot underpin another agreement', NEW.name
                USING ERRCODE = 'check_violation',
                      HINT = 'OLAs and UCs underpin SLAs; an SLA stands on its own.';
        END IF;
        IF NEW.counterparty IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM slm.customers c WHERE c.name = NEW.counterparty) THEN
            RAISE EXCEPTION 'customer "%" of SLA "%" does not exist', NEW.counterparty, NEW.name
                USING ERRCODE = 'foreign_key_violation',
                      HINT = 'Add the customer to slm.customers, or leave the counterparty empty for every customer.';
        END IF;
    ELSE
        IF NEW.underpins IS NULL THEN
            RAISE EXCEPTION '% "%" does not say which SLA it underpins', NEW.kind, NEW.name
                USING ERRCODE = 'check_violation',
                      HINT = 'Set underpins to the id of the SLA it supports.';
        END IF;
        SELECT a.kind, a.name INTO other FROM slm.agreements a WHERE a.id = NEW.underpins;
        IF FOUND AND other.kind <> 'SLA' THEN
            RAISE EXCEPTION '% "%" must underpin an SLA, not the % "%"', NEW.kind, NEW.name, other.kind, other.name
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.counterparty IS NULL THEN
            RAISE EXCEPTION '% "%" has no counterparty', NEW.kind, NEW.name
                USING ERRCODE = 'check_violation',
                      HINT = CASE NEW.kind WHEN 'OLA' THEN 'Name the internal team (assignment group) it binds.'
                                  ELSE 'Name the supplier it binds.' END;
        END IF;
    END IF;

    IF NEW.status = 'active' THEN
        -- one writer at a time, so that two sessions cannot both pass this check
        PERFORM pg_advisory_xact_lock('slm.agreements'::regclass::oid::bigint);
        SELECT a.name INTO other FROM slm.agreements a
        WHERE a.status = 'active' AND a.kind = NEW.kind AND a.service = NEW.service
          AND a.counterparty IS NOT DISTINCT FROM NEW.counterparty
          AND a.valid && NEW.valid AND a.id <> NEW.id
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'active % "%" overlaps active % "%" for service "%" and %',
                NEW.kind, NEW.name, NEW.kind, other.name, NEW.service,
                coalesce('counterparty "' || NEW.counterparty || '"', 'every customer')
                USING ERRCODE = 'exclusion_violation',
                      HINT = 'Give the agreements validity ranges that do not overlap, or retire one.';
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION slm.check_agreement() IS
    'trigger: an SLA underpins nothing, an OLA or UC underpins an SLA, active agreements of one kind, service and counterparty do not overlap';

CREATE TRIGGER check_agreement
    BEFORE INSERT OR UPDATE ON slm.agreements
    FOR EACH ROW EXECUTE FUNCTION slm.check_agreement();

--------------------------------------------------------------------------
-- Targets
--------------------------------------------------------------------------

CREATE TABLE slm.targets (
    id              integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    agreement       integer NOT NULL REFERENCES slm.agreements (id) ON DELETE CASCADE,
    metric          text NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_]*$'),
    priority        integer,
    tier            text CHECK (tier IN ('standard', 'key', 'special')),
    goal            interval,
    calendar        text REFERENCES slm.calendars (name) ON UPDATE CASCADE,
    warn_at         numeric NOT NULL DEFAULT 0.75,
    compliance_goal numeric NOT NULL DEFAULT 0.95,
    CONSTRAINT targets_warn_at_between_0_and_1 CHECK (warn_at > 0 AND warn_at < 1),
    CONSTRAINT targets_compliance_goal_between_0_and_1 CHECK (compliance_goal > 0 AND compliance_goal <= 1)
);
CREATE UNIQUE INDEX targets_unique ON slm.targets
    (agreement, metric, coalesce(priority, 0), coalesce(tier, ''));
COMMENT ON TABLE slm.targets IS
    'what an agreement promises, per metric, priority and customer tier';
COMMENT ON COLUMN slm.targets.id IS 'target id';
COMMENT ON COLUMN slm.targets.agreement IS 'the agreement';
COMMENT ON COLUMN slm.targets.metric IS 'response, resolution, availability, ...';
COMMENT ON COLUMN slm.targets.priority IS 'the priority it applies to; NULL: every priority';
COMMENT ON COLUMN slm.targets.tier IS 'the customer tier it applies to; NULL: every tier';
COMMENT ON COLUMN slm.targets.goal IS
    'time allowed, read as slm.business_add reads it (days are business days); NULL only for availability';
COMMENT ON COLUMN slm.targets.calendar IS 'the named calendar the goal runs on; NULL: the service''s hours';
COMMENT ON COLUMN slm.targets.warn_at IS 'share of the goal after which a running clock is at risk';
COMMENT ON COLUMN slm.targets.compliance_goal IS
    'share of tickets that must meet the goal (for availability: the availability to reach)';
SELECT pg_catalog.pg_extension_config_dump('slm.targets', '');
SELECT pg_catalog.pg_extension_config_dump('slm.targets_id_seq', '');
COMMENT ON SEQUENCE slm.targets_id_seq IS 'ids of targets';

CREATE FUNCTION slm.check_target() RETURNS trigger
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
    IF NOT ((kind = 'SLA' AND NEW.metric IN ('response', 'resolution', 'availability'))
            OR (kind IN ('OLA', 'UC') AND NEW.metric = 'resolution')) THEN
        RAISE EXCEPTION 'slm does not measure metric "%" for an %', NEW.metric, coalesce(kind, 'agreement')
            USING ERRCODE = 'check_violation',
                  DETAIL = 'SLA targets may be for response, resolution or availability; OLA and UC targets for resolution (the team''s hold, the supplier''s wait).',
                  HINT = 'Check the metric''s spelling and the agreement''s kind.';
    END IF;

    IF NEW.priority IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM slm.priority_matrix) THEN
            IF NOT EXISTS (SELECT 1 FROM slm.priority_matrix m WHERE m.priority = NEW.priority) THEN
                RAISE EXCEPTION 'priority % is not in slm.priority_matrix', NEW.priority
                    USING ERRCODE = 'check_violation',
                          HINT = 'Use a priority the matrix gives, or add it to the matrix first.';
            END IF;
        ELSIF NEW.priority NOT BETWEEN 1 AND 4 THEN
            RAISE EXCEPTION 'priority % is not in the priority matrix', NEW.priority
                USING ERRCODE = 'check_violation',
                      DETAIL = 'slm.priority_matrix is empty, so the default matrix applies, with priorities 1 to 4.';
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION slm.check_target() IS
    'trigger: a target''s goal is positive business time, its priority is one the matrix gives';

CREATE TRIGGER check_target
    BEFORE INSERT OR UPDATE ON slm.targets
    FOR EACH ROW EXECUTE FUNCTION slm.check_target();

--------------------------------------------------------------------------
-- Which target applies
--------------------------------------------------------------------------

/*
 * The targets of active agreements, with the calendar each runs on and
 * the zone that dates its agreement's validity.
 */
CREATE VIEW slm.targets_in_force AS
SELECT a.kind, a.service, a.counterparty, a.valid, a.id AS agreement, a.name AS agreement_name,
       t.id AS target, t.metric, t.priority, t.tier, t.goal, coalesce(t.calendar, s.calendar) AS calendar,
       t.warn_at, t.compliance_goal,
       (SELECT slm.calendar_zone(c.calendar) FROM slm.calendars c WHERE c.name = s.calendar) AS zone
FROM slm.agreements a
JOIN slm.services s ON s.name = a.service
JOIN slm.targets t ON t.agreement = a.id
WHERE a.status = 'active';
COMMENT ON VIEW slm.targets_in_force IS 'targets of active agreements with the calendar they run on';

/*
 * The target in force for a clock's values: a customer-specific agreement
 * before one for every customer (SLA), a target for the tier before one
 * for every tier, for the priority before one for every priority; the
 * agreement valid on the date the clock started, in its service's zone.
 * PL/pgSQL for its cached plan (see slm.customer_tier).
 */
CREATE FUNCTION slm.matching_targets(kind text, service text, counterparty text, tier text,
                                     priority integer, metric text, at timestamptz)
    RETURNS SETOF slm.targets_in_force
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    RETURN QUERY
    SELECT f.*
    FROM slm.targets_in_force f
    WHERE f.kind = $1
      AND f.service = $2
      AND f.metric = $6
      AND (f.counterparty = $3 OR (f.counterparty IS NULL AND $1 = 'SLA'))
      AND (f.priority = $5 OR f.priority IS NULL)
      AND (f.tier = $4 OR f.tier IS NULL)
      AND f.valid @> date(timezone(f.zone, $7))
    ORDER BY f.counterparty IS NULL, f.tier IS NULL, f.priority IS NULL, f.agreement
    LIMIT 1;
END $$;
COMMENT ON FUNCTION slm.matching_targets(text, text, text, text, integer, text, timestamptz) IS
    'the target in force for a clock of a kind, service, counterparty, tier, priority and metric started at a time';

CREATE TYPE slm.applied_target AS (
    target_id       integer,
    agreement_id    integer,
    agreement       text,
    kind            text,
    service         text,
    counterparty    text,
    metric          text,
    priority        integer,
    tier            text,
    goal            interval,
    calendar        text,
    warn_at         numeric,
    compliance_goal numeric
);
COMMENT ON TYPE slm.applied_target IS 'a target with its agreement and the calendar it runs on';

CREATE FUNCTION slm.applicable_target(kind text, service text, counterparty text, tier text,
                                      priority integer, metric text, at timestamptz)
    RETURNS slm.applied_target
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT f.target, f.agreement, f.agreement_name, f.kind, f.service, f.counterparty, f.metric,
           f.priority, f.tier, f.goal, f.calendar, f.warn_at, f.compliance_goal
    FROM slm.matching_targets(kind, service, counterparty, tier, priority, metric, at) f
$$;
COMMENT ON FUNCTION slm.applicable_target(text, text, text, text, integer, text, timestamptz) IS
    'the target an agreement of a kind (SLA, OLA, UC) with a counterparty gives a ticket of a tier and priority, at a time';

CREATE FUNCTION slm.target_for(service text, customer text, priority integer, metric text,
                               at timestamptz DEFAULT now())
    RETURNS slm.applied_target
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT slm.applicable_target('SLA', service, customer, slm.customer_tier(customer), priority, metric, at)
$$;
COMMENT ON FUNCTION slm.target_for(text, text, integer, text, timestamptz) IS
    'the SLA target that applies to a customer''s ticket of a priority on a service, at a time (NULL when none does)';

CREATE FUNCTION slm.due_at(service text, customer text, priority integer, metric text,
                           started_at timestamptz)
    RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT slm.business_add(started_at, t.goal, t.calendar)
    FROM slm.target_for(service, customer, priority, metric, started_at) t
    WHERE t.target_id IS NOT NULL
$$;
COMMENT ON FUNCTION slm.due_at(text, text, integer, text, timestamptz) IS
    'when the SLA target for a ticket started at started_at falls due (NULL when no target applies)';

--------------------------------------------------------------------------
-- The standard catalogue
--------------------------------------------------------------------------

CREATE FUNCTION slm.install_standard_targets(agreement text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    a_id integer;
    a_kind text;
    zone text;
    added integer;
BEGIN
    SELECT a.id, a.kind, slm.calendar_zone(c.calendar) INTO a_id, a_kind, zone
    FROM slm.agreements a
    JOIN slm.services s ON s.name = a.service
    JOIN slm.calendars c ON c.name = s.calendar
    WHERE a.name = install_standard_targets.agreement;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agreement "%" does not exist', agreement USING ERRCODE = 'undefined_object';
    END IF;

    -- P1 runs round the clock
    INSERT INTO slm.calendars (name, calendar, description)
    VALUES ('24x7', format('tz=%s; 24x7', zone)::slm.calendar, 'round the clock')
    ON CONFLICT (name) DO NOTHING;

    -- the matrix that gives priorities 1 to 4, written out where it can be seen
    IF NOT EXISTS (SELECT 1 FROM slm.priority_matrix) THEN
        INSERT INTO slm.priority_matrix (impact, urgency, priority)
        SELECT i, u, least(i + u - 1, 4) FROM generate_series(1, 3) i, generate_series(1, 3) u;
    END IF;

    INSERT INTO slm.targets (agreement, metric, priority, goal, calendar)
    SELECT a_id, v.metric, v.priority, v.goal, v.calendar
    FROM (VALUES
        ('response', 1, interval '30 minutes', '24x7'), ('resolution', 1, interval '2 hours', '24x7'),
        ('response', 2, interval '4 hours', NULL),      ('resolution', 2, interval '12 hours', NULL),
        ('response', 3, interval '24 hours', NULL),     ('resolution', 3, interval '5 days', NULL),
        ('response', 4, interval '5 days', NULL),       ('resolution', 4, interval '10 days', NULL)
    ) v(metric, priority, goal, calendar)
    -- an OLA or UC measures the team's hold or the supplier's wait: resolution
    WHERE v.metric = 'resolution' OR a_kind = 'SLA'
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END $$;
COMMENT ON FUNCTION slm.install_standard_targets(text) IS
    'add the standard response and resolution targets for priorities 1 to 4 to an agreement (those it lacks); returns how many were added';

CREATE FUNCTION slm.install_standard_targets() RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    INSERT INTO slm.calendars (name, calendar, description)
    VALUES ('business hours', format('tz=%s; mon-fri 09:00-18:00', current_setting('TimeZone'))::slm.calendar,
            'Monday to Friday 09:00-18:00')
    ON CONFLICT (name) DO NOTHING;
    INSERT INTO slm.services (name, description, calendar)
    VALUES ('default', 'the default service', 'business hours')
    ON CONFLICT (name) DO NOTHING;
    IF NOT EXISTS (SELECT 1 FROM slm.agreements WHERE name = 'standard') THEN
        INSERT INTO slm.agreements (name, kind, service, description)
        VALUES ('standard', 'SLA', 'default', 'the standard service level agreement, for every customer');
    END IF;
    RETURN slm.install_standard_targets('standard');
END $$;
COMMENT ON FUNCTION slm.install_standard_targets() IS
    'create what is missing of the standard SLA on the default service (business hours Monday to Friday 09:00-18:00 in the session''s time zone) with the standard targets; returns how many targets were added';

--------------------------------------------------------------------------
-- Do the OLAs and UCs carry the SLAs?
--------------------------------------------------------------------------

/*
 * Each OLA or UC target against the SLA targets it underpins: for the
 * same metric, every SLA target that applies to tickets it applies to (a
 * target for every priority or tier meets each of the SLA's, and the
 * SLA's most specific target for each priority and tier counts).  Each
 * goal is laid on its own calendar from every hour of a reference week;
 * where the OLA or UC deadline falls after the SLA's, the supplier or
 * team can keep its promise while the customer's is broken.  The excess
 * is measured in the SLA's business time.
 */
CREATE VIEW slm.underpinning_gaps AS
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
       coalesce(ut.calendar, us.calendar) AS calendar
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
COMMENT ON VIEW slm.underpinning_gaps IS
    'OLA and UC targets looser than the SLA targets they underpin (same metric, every priority and tier both apply to, each goal on its own calendar)';
COMMENT ON COLUMN slm.underpinning_gaps.agreement IS 'the OLA or UC';
COMMENT ON COLUMN slm.underpinning_gaps.kind IS 'OLA or UC';
COMMENT ON COLUMN slm.underpinning_gaps.counterparty IS 'the team or supplier';
COMMENT ON COLUMN slm.underpinning_gaps.underpins IS 'the SLA it underpins';
COMMENT ON COLUMN slm.underpinning_gaps.metric IS 'the metric';
COMMENT ON COLUMN slm.underpinning_gaps.priority IS 'the priority both targets apply to (NULL: every priority)';
COMMENT ON COLUMN slm.underpinning_gaps.tier IS 'the customer tier both targets apply to (NULL: every tier)';
COMMENT ON COLUMN slm.underpinning_gaps.goal IS 'the OLA or UC goal';
COMMENT ON COLUMN slm.underpinning_gaps.sla_goal IS 'the SLA goal it should fit within';
COMMENT ON COLUMN slm.underpinning_gaps.compared_on IS 'the SLA goal''s calendar, on which the excess is measured';
COMMENT ON COLUMN slm.underpinning_gaps.worst_excess IS
    'the most business time by which the OLA or UC deadline passes the SLA deadline';
COMMENT ON COLUMN slm.underpinning_gaps.calendar IS 'the OLA or UC goal''s own calendar';

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
SELECT pg_catalog.pg_extension_config_dump('slm.tracked_tables', '');

-- each agreement with the zone that cuts its periods
CREATE VIEW slm.agreement_zones AS
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
    removed_at     timestamptz
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
 * tracked table goes through the clock rules (src/clock_sync.c).  It runs
 * with its owner's rights, so that roles that may write tickets but not
 * slm's tables still get clocks.  What it cannot compute for a row becomes
 * a WARNING that names the ticket; the row is always written.
 */
CREATE FUNCTION slm.track() RETURNS trigger
    AS 'MODULE_PATHNAME', 'slm_track'
    LANGUAGE C
    SECURITY DEFINER;
COMMENT ON FUNCTION slm.track() IS 'trigger on tracked ticket tables: keeps their SLA clocks';
-- it runs as slm's owner: only slm.attach, run by whoever may attach tables,
-- puts it on a table
REVOKE EXECUTE ON FUNCTION slm.track() FROM PUBLIC;

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

--------------------------------------------------------------------------
-- attach, detach, rebuild
--------------------------------------------------------------------------

CREATE FUNCTION slm.drop_tracking_triggers(tbl regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    trigger_name name;
BEGIN
    FOR trigger_name IN
        SELECT t.tgname FROM pg_trigger t
        WHERE t.tgrelid = tbl AND t.tgname IN ('slm_track', 'slm_track_update', 'slm_track_truncate')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', trigger_name, tbl);
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.drop_tracking_triggers(regclass) IS 'drop the tracking triggers of a table';

/*
 * Attach a ticket table: check the whole mapping first, and report every
 * problem in one error (one problem keeps its own SQLSTATE; several are
 * 22023 with one line each in the detail), so that nothing is attached
 * half-way and the user fixes the call once.
 */
CREATE FUNCTION slm.attach(tbl regclass, key text, opened_at text, priority text DEFAULT NULL,
                           customer text DEFAULT NULL, service text DEFAULT NULL, status text DEFAULT NULL,
                           status_changed_at text DEFAULT NULL, responded_at text DEFAULT NULL,
                           resolved_at text DEFAULT NULL, assignment_group text DEFAULT NULL,
                           supplier text DEFAULT NULL, assignee text DEFAULT NULL,
                           satisfaction text DEFAULT NULL, paused_statuses text[] DEFAULT '{}',
                           supplier_statuses text[] DEFAULT '{}', impact text DEFAULT NULL,
                           urgency text DEFAULT NULL, default_service text DEFAULT 'default',
                           changed_at text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    spec record;
    col record;
    watched text[] := '{}';
    problems text[] := '{}';
    codes text[] := '{}';
    key_attnum smallint;
    attnums jsonb := '{}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = tbl AND c.relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', tbl USING ERRCODE = 'wrong_object_type';
    END IF;
    IF priority IS NULL AND (impact IS NULL OR urgency IS NULL) THEN
        problems := problems || 'no priority column, and not both impact and urgency columns, were given'::text;
        codes := codes || '22023'::text;
    END IF;

    -- each mapped column must exist and be of a fitting type
    FOR spec IN
        SELECT * FROM (VALUES
            ('key', key, 'key'),
            ('opened_at', opened_at, 'timestamptz'), ('status_changed_at', status_changed_at, 'timestamptz'),
            ('responded_at', responded_at, 'timestamptz'), ('resolved_at', resolved_at, 'timestamptz'),
            ('changed_at', changed_at, 'timestamptz'),
            ('priority', priority, 'integer'), ('impact', impact, 'integer'), ('urgency', urgency, 'integer'),
            ('customer', customer, 'text'), ('service', service, 'text'), ('status', status, 'text'),
            ('assignment_group', assignment_group, 'text'), ('supplier', supplier, 'text'),
            ('assignee', assignee, 'text'), ('satisfaction', satisfaction, 'number')
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
        IF (spec.want = 'timestamptz' AND col.atttypid <> 'timestamptz'::regtype)
           OR (spec.want = 'integer' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype))
           OR (spec.want = 'text' AND col.atttypid NOT IN ('text'::regtype, 'varchar'::regtype, 'name'::regtype))
           OR (spec.want = 'number' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype,
                                                             'numeric'::regtype, 'real'::regtype,
                                                             'double precision'::regtype))
           OR (spec.want = 'key' AND col.atttypid NOT IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype,
                                                          'text'::regtype, 'varchar'::regtype, 'uuid'::regtype)) THEN
            problems := problems || format('column "%s" (%s) is %s; it must be %s',
                spec.name, spec.role, col.typename,
                CASE spec.want WHEN 'timestamptz' THEN 'a timestamp with time zone'
                               WHEN 'integer' THEN 'an integer type'
                               WHEN 'text' THEN 'text or varchar'
                               WHEN 'key' THEN 'an integer, text, varchar or uuid'
                               ELSE 'a number' END);
            codes := codes || '42804'::text;
        END IF;
        attnums := attnums || jsonb_build_object(spec.role, col.attnum);
        IF spec.role = 'key' THEN
            key_attnum := col.attnum;
            IF NOT col.attnotnull THEN
                problems := problems || format('key column "%s" may be null', spec.name);
                codes := codes || '22023'::text;
            END IF;
        ELSE
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

    IF cardinality(problems) = 1 THEN
        RAISE EXCEPTION 'cannot attach %: %', tbl, problems[1]
            USING ERRCODE = codes[1],
                  HINT = 'The key must be the primary key or carry a unique index, and be NOT NULL; '
                         'times must be timestamptz, priorities integers, names text.';
    ELSIF cardinality(problems) > 1 THEN
        RAISE EXCEPTION 'cannot attach %: % problems with the mapping', tbl, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = array_to_string(problems, E'\n'),
                  HINT = 'The key must be the primary key or carry a unique index, and be NOT NULL; '
                         'times must be timestamptz, priorities integers, names text.';
    END IF;

    IF service IS NULL AND NOT EXISTS (SELECT 1 FROM slm.services s WHERE s.name = default_service) THEN
        RAISE NOTICE 'service "%" does not exist yet; tickets of % will have no clocks until it does', default_service, tbl
            USING HINT = 'Map a service column, or create the service (slm.install_standard_targets() creates "default").';
    END IF;

    INSERT INTO slm.tracked_tables AS t
        (tbl, key, opened_at, priority, impact, urgency, customer, service, status, status_changed_at,
         responded_at, resolved_at, assignment_group, supplier, assignee, satisfaction, changed_at,
         paused_statuses, supplier_statuses, default_service, attnums)
    VALUES (tbl, key, opened_at, priority, impact, urgency, customer, service, status, status_changed_at,
            responded_at, resolved_at, assignment_group, supplier, assignee, satisfaction, changed_at,
            coalesce(paused_statuses, '{}'), coalesce(supplier_statuses, '{}'), default_service, attnums)
    ON CONFLICT ON CONSTRAINT tracked_tables_pkey DO UPDATE
    SET key = EXCLUDED.key, opened_at = EXCLUDED.opened_at, priority = EXCLUDED.priority,
        impact = EXCLUDED.impact, urgency = EXCLUDED.urgency, customer = EXCLUDED.customer,
        service = EXCLUDED.service, status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at,
        responded_at = EXCLUDED.responded_at, resolved_at = EXCLUDED.resolved_at,
        assignment_group = EXCLUDED.assignment_group, supplier = EXCLUDED.supplier,
        assignee = EXCLUDED.assignee, satisfaction = EXCLUDED.satisfaction, changed_at = EXCLUDED.changed_at,
        paused_statuses = EXCLUDED.paused_statuses, supplier_statuses = EXCLUDED.supplier_statuses,
        default_service = EXCLUDED.default_service, attnums = EXCLUDED.attnums, attached_at = now();

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

    -- tickets already there get their clocks now
    PERFORM slm.rebuild(tbl);
END $$;
COMMENT ON FUNCTION slm.attach(regclass, text, text, text, text, text, text, text, text, text, text, text,
                               text, text, text[], text[], text, text, text, text) IS
    'track SLA clocks on a ticket table: name its columns (key, opened_at, priority or impact and urgency, ...) and the paused and supplier statuses';

CREATE FUNCTION slm.detach(tbl regclass, drop_clocks boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM slm.tracked_tables t WHERE t.tbl = detach.tbl) THEN
        RAISE EXCEPTION '% is not tracked', tbl
            USING ERRCODE = 'undefined_object', HINT = 'slm.tracked_tables lists the tracked tables.';
    END IF;
    PERFORM slm.drop_tracking_triggers(tbl);
    DELETE FROM slm.tracked_tables t WHERE t.tbl = detach.tbl;
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
 * report shows the oid of a table that is gone.
 */
CREATE FUNCTION slm.follow_renames() RETURNS event_trigger
    LANGUAGE plpgsql
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

--------------------------------------------------------------------------
-- Status and escalation
--------------------------------------------------------------------------

CREATE VIEW slm.sla_status AS
SELECT c.id AS clock,
       c.tbl::text AS ticket_table,
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
                                    c.warn_from, c.goal_time, c.calendar, c.pauses, c.warn_at, now()) END AS state
FROM slm.clocks c
LEFT JOIN slm.agreements a ON a.id = c.agreement
CROSS JOIN LATERAL (SELECT CASE WHEN c.stopped_at <= now() AND c.time_used IS NOT NULL THEN c.time_used
                                ELSE slm.clock_elapsed_of(c.started_at, c.stopped_at, c.cancelled_at, c.paused_since,
                                                          c.due_at, c.warn_from, c.goal_time, c.calendar, c.pauses,
                                                          c.warn_at, now()) END AS elapsed) e;
COMMENT ON VIEW slm.sla_status IS 'every clock with its business time used and left, and its state now';
COMMENT ON COLUMN slm.sla_status.clock IS 'clock id';
COMMENT ON COLUMN slm.sla_status.ticket_table IS 'the ticket table';
COMMENT ON COLUMN slm.sla_status.ticket IS 'the ticket''s key';
COMMENT ON COLUMN slm.sla_status.agreement_id IS 'the agreement''s id';
COMMENT ON COLUMN slm.sla_status.agreement IS 'the agreement''s name';
COMMENT ON COLUMN slm.sla_status.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.sla_status.metric IS 'response or resolution';
COMMENT ON COLUMN slm.sla_status.cycle IS 'the cycle (reopenings, hand-offs)';
COMMENT ON COLUMN slm.sla_status.priority IS 'the ticket''s priority';
COMMENT ON COLUMN slm.sla_status.customer IS 'the ticket''s customer';
COMMENT ON COLUMN slm.sla_status.service IS 'the ticket''s service';
COMMENT ON COLUMN slm.sla_status.counterparty IS 'customer, team or supplier of the agreement';
COMMENT ON COLUMN slm.sla_status.started_at IS 'when the clock started';
COMMENT ON COLUMN slm.sla_status.due_at IS 'when it is due';
COMMENT ON COLUMN slm.sla_status.stopped_at IS 'when it stopped';
COMMENT ON COLUMN slm.sla_status.elapsed IS 'business time used, pauses excluded';
COMMENT ON COLUMN slm.sla_status.remaining IS 'business time left; negative when overdue';
COMMENT ON COLUMN slm.sla_status.percent_used IS 'business time used as a percentage of the goal';
COMMENT ON COLUMN slm.sla_status.state IS 'running, at_risk, paused, breached, met, missed or cancelled, now';

CREATE TABLE slm.events (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    clock       bigint NOT NULL REFERENCES slm.clocks (id) ON DELETE CASCADE,
    event       text NOT NULL CHECK (event IN ('at_risk', 'breached')),
    crossed_at  timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (clock, event)
);
-- Running clocks by when they become at risk, for slm.escalate.  A clock is
-- at risk before it is due (warn_from <= due_at), so the clocks past their
-- due time are found through this index too, and slm.clocks keeps no
-- second one on due_at: each index costs every new clock and every resume.
CREATE INDEX clocks_warn ON slm.clocks (warn_from) WHERE stopped_at IS NULL AND cancelled_at IS NULL;
COMMENT ON TABLE slm.events IS 'escalations: each clock''s crossing of its warning threshold and due time, recorded once';
COMMENT ON COLUMN slm.events.id IS 'event id';
COMMENT ON COLUMN slm.events.clock IS 'the clock';
COMMENT ON COLUMN slm.events.event IS 'at_risk or breached';
COMMENT ON COLUMN slm.events.crossed_at IS 'when the clock crossed the threshold';
COMMENT ON COLUMN slm.events.recorded_at IS 'when slm.escalate noticed';
SELECT pg_catalog.pg_extension_config_dump('slm.events', '');
SELECT pg_catalog.pg_extension_config_dump('slm.events_id_seq', '');
COMMENT ON SEQUENCE slm.events_id_seq IS 'ids of escalation events';

CREATE FUNCTION slm.escalate(at timestamptz DEFAULT now()) RETURNS SETOF slm.events
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
            SELECT json_build_object('event', e.event, 'clock', c.id, 'ticket_table', c.tbl::text,
                                     'ticket', c.ticket, 'kind', c.kind, 'agreement', c.agreement,
                                     'metric', c.metric, 'priority', c.priority,
                                     'crossed_at', e.crossed_at, 'due_at', c.due_at)::text
            FROM slm.clocks c WHERE c.id = e.clock));
        RETURN NEXT e;
    END LOOP;
END $$;
COMMENT ON FUNCTION slm.escalate(timestamptz) IS
    'record each running clock''s crossing of its warning threshold or due time once, and NOTIFY slm_events with a JSON payload';

--------------------------------------------------------------------------
-- Reports, for reporting and BI tools
--
-- Every column has a standard SQL type and a comment.  Periods are cut in
-- each agreement's time zone, the zone of its service's calendar.
--------------------------------------------------------------------------

CREATE FUNCTION slm.grain_interval(grain text) RETURNS interval
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN CASE grain
               WHEN 'day' THEN interval '1 day'
               WHEN 'week' THEN interval '1 week'
               WHEN 'month' THEN interval '1 month'
               WHEN 'quarter' THEN interval '3 months'
               WHEN 'year' THEN interval '1 year'
           END;
END $$;
COMMENT ON FUNCTION slm.grain_interval(text) IS 'the length of a report period (NULL for an unknown grain)';

CREATE FUNCTION slm.check_grain(grain text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF slm.grain_interval(grain) IS NULL THEN
        RAISE EXCEPTION 'report grain "%" is not day, week, month, quarter or year', grain
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN grain;
END $$;
COMMENT ON FUNCTION slm.check_grain(text) IS 'a report grain, checked';

-- percentile_cont as an ordinary, parallel aggregate (src/percentiles.c)
CREATE FUNCTION slm.percentiles_accum(internal, double precision, double precision[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'slm_percentiles_accum' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION slm.percentiles_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'slm_percentiles_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION slm.percentiles_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'slm_percentiles_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION slm.percentiles_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'slm_percentiles_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION slm.percentiles_final(internal) RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'slm_percentiles_final' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE slm.percentiles(value double precision, fractions double precision[]) (
    SFUNC = slm.percentiles_accum,
    STYPE = internal,
    FINALFUNC = slm.percentiles_final,
    COMBINEFUNC = slm.percentiles_combine,
    SERIALFUNC = slm.percentiles_serialize,
    DESERIALFUNC = slm.percentiles_deserialize,
    PARALLEL = SAFE
);
COMMENT ON FUNCTION slm.percentiles_accum(internal, double precision, double precision[]) IS
    'state function of slm.percentiles';
COMMENT ON FUNCTION slm.percentiles_combine(internal, internal) IS 'combine function of slm.percentiles';
COMMENT ON FUNCTION slm.percentiles_serialize(internal) IS 'serial function of slm.percentiles';
COMMENT ON FUNCTION slm.percentiles_deserialize(bytea, internal) IS 'deserial function of slm.percentiles';
COMMENT ON FUNCTION slm.percentiles_final(internal) IS 'final function of slm.percentiles';
COMMENT ON AGGREGATE slm.percentiles(double precision, double precision[]) IS
    'continuous percentiles of the values, one per fraction, as percentile_cont gives them, computed by hashing and in parallel';


CREATE FUNCTION slm.compliance_report(from_date date, to_date date, grain text,
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
        FROM (SELECT c.*,
                     -- a running clock's state then, by the one definition
                     -- (slm.clock_state); a stopped clock's is stored
                     CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL
                          THEN slm.clock_state(c, compliance_report.at) END AS state_then
              FROM slm.clocks c
              WHERE c.due_date BETWEEN from_date AND to_date) k
        LEFT JOIN slm.targets t ON t.id = k.target
        GROUP BY 1, k.agreement, k.customer, k.priority, k.metric
    ) g
    JOIN slm.agreements a ON a.id = g.agreement
    ORDER BY 1, 3, 4, 5, 8, 9;
END $$;
COMMENT ON FUNCTION slm.compliance_report(date, date, text, timestamptz) IS
    'compliance per period (day, week, month, quarter or year), service, customer, agreement, priority and metric, for clocks due from from_date to to_date (inclusive, in each agreement''s time zone), with running clocks judged at an instant (default now)';

CREATE VIEW slm.compliance_weekly AS
SELECT * FROM slm.compliance_report('-infinity', 'infinity', 'week');
CREATE VIEW slm.compliance_monthly AS
SELECT * FROM slm.compliance_report('-infinity', 'infinity', 'month');
CREATE VIEW slm.compliance_quarterly AS
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
        $c$, v);
    END LOOP;
END $$;

CREATE VIEW slm.breaches AS
SELECT s.clock, s.ticket_table, s.ticket, s.agreement, s.kind, s.metric, s.cycle, s.priority, s.customer,
       s.service, s.counterparty, s.started_at, s.due_at, s.elapsed, s.remaining, s.percent_used, s.state
FROM slm.sla_status s
WHERE s.stopped_at IS NULL AND s.state IN ('breached', 'at_risk')
ORDER BY s.remaining, s.priority;
COMMENT ON VIEW slm.breaches IS 'running clocks that are breached or at risk now, the most urgent first';
COMMENT ON COLUMN slm.breaches.clock IS 'clock id';
COMMENT ON COLUMN slm.breaches.ticket_table IS 'the ticket table';
COMMENT ON COLUMN slm.breaches.ticket IS 'the ticket''s key';
COMMENT ON COLUMN slm.breaches.agreement IS 'the agreement';
COMMENT ON COLUMN slm.breaches.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.breaches.metric IS 'response or resolution';
COMMENT ON COLUMN slm.breaches.cycle IS 'the cycle';
COMMENT ON COLUMN slm.breaches.priority IS 'the priority';
COMMENT ON COLUMN slm.breaches.customer IS 'the customer';
COMMENT ON COLUMN slm.breaches.service IS 'the service';
COMMENT ON COLUMN slm.breaches.counterparty IS 'customer, team or supplier';
COMMENT ON COLUMN slm.breaches.started_at IS 'when the clock started';
COMMENT ON COLUMN slm.breaches.due_at IS 'when it is (was) due';
COMMENT ON COLUMN slm.breaches.elapsed IS 'business time used';
COMMENT ON COLUMN slm.breaches.remaining IS 'business time left; negative when overdue';
COMMENT ON COLUMN slm.breaches.percent_used IS 'business time used, as a percentage of the goal';
COMMENT ON COLUMN slm.breaches.state IS 'breached or at_risk';

-- availability ------------------------------------------------------------

CREATE TABLE slm.outages (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    service     text NOT NULL REFERENCES slm.services (name) ON UPDATE CASCADE,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    description text,
    CONSTRAINT outages_end_after_start CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE INDEX outages_service ON slm.outages (service, started_at);
COMMENT ON TABLE slm.outages IS 'times a service was down; overlapping outages count once';
COMMENT ON COLUMN slm.outages.id IS 'outage id';
COMMENT ON COLUMN slm.outages.service IS 'the service that was down';
COMMENT ON COLUMN slm.outages.started_at IS 'when it went down';
COMMENT ON COLUMN slm.outages.ended_at IS 'when it was restored (NULL: still down)';
COMMENT ON COLUMN slm.outages.description IS 'what happened';
SELECT pg_catalog.pg_extension_config_dump('slm.outages', '');
SELECT pg_catalog.pg_extension_config_dump('slm.outages_id_seq', '');
COMMENT ON SEQUENCE slm.outages_id_seq IS 'ids of outages';

CREATE FUNCTION slm.availability_report(from_date date, to_date date, grain text)
    RETURNS TABLE (period_start date, period_end date, service text, service_time interval,
                   downtime interval, availability numeric, availability_goal numeric, goal_met boolean,
                   outages bigint, mean_time_to_restore interval, mean_time_between_failures interval,
                   service_hours numeric, downtime_hours numeric)
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
           round(extract(epoch FROM lost.t) / 3600, 2)
    FROM periods p
    LEFT JOIN down d ON d.service = p.service
    CROSS JOIN LATERAL (SELECT slm.business_elapsed(p.from_at, p.to_at, p.calendar) AS t) agreed
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(slm.business_elapsed(lower(r), upper(r), p.calendar)), interval '0') AS t
        FROM unnest(d.ranges * tstzmultirange(tstzrange(p.from_at, p.to_at))) r
    ) lost
    CROSS JOIN LATERAL (
        SELECT count(*) AS n,
               date_trunc('second', avg(coalesce(o.ended_at, greatest(now(), o.started_at)) - o.started_at)) AS mttr
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

CREATE VIEW slm.availability_monthly AS
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
COMMENT ON COLUMN slm.availability_monthly.mean_time_to_restore IS 'mean duration of those outages';
COMMENT ON COLUMN slm.availability_monthly.mean_time_between_failures IS 'service time up, divided by the outages';
COMMENT ON COLUMN slm.availability_monthly.service_hours IS 'service time, in hours';
COMMENT ON COLUMN slm.availability_monthly.downtime_hours IS 'downtime, in hours';

-- review --------------------------------------------------------------------

/*
 * Agreements due for review on a date: the review date has passed, or the
 * goals were missed in two or more of the three months before the date's
 * month (running clocks judged at the start of the date's month).  The
 * view slm.agreement_review asks it for today.
 */
CREATE FUNCTION slm.agreements_to_review(as_of date)
    RETURNS TABLE (agreement_id integer, agreement text, kind text, service text, counterparty text,
                   review_on date, review_due boolean, periods_missed bigint, reason text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
WITH recent AS (
    SELECT r.agreement, r.period_start, bool_and(coalesce(r.goal_met, true)) AS all_met
    FROM slm.compliance_report((date_trunc('month', as_of) - interval '3 months')::date,
                               (date_trunc('month', as_of) - interval '1 day')::date, 'month',
                               date_trunc('month', as_of)::date::timestamptz) r
    GROUP BY r.agreement, r.period_start
)
SELECT a.id, a.name, a.kind, a.service, a.counterparty, a.review_on,
       coalesce(a.review_on <= as_of, false),
       coalesce(m.missed, 0),
       concat_ws('; ',
                 CASE WHEN a.review_on <= as_of THEN 'review date passed' END,
                 CASE WHEN m.missed >= 2 THEN format('goals missed in %s of the last 3 months', m.missed) END)
FROM slm.agreements a
LEFT JOIN (SELECT r.agreement, count(*) FILTER (WHERE NOT r.all_met) AS missed FROM recent r GROUP BY r.agreement) m
       ON m.agreement = a.name
WHERE a.status = 'active' AND (a.review_on <= as_of OR m.missed >= 2)
$$;
COMMENT ON FUNCTION slm.agreements_to_review(date) IS
    'active agreements due for review on a date: review date passed, or goals missed in two or more of the three months before';

CREATE VIEW slm.agreement_review AS
SELECT * FROM slm.agreements_to_review(current_date);
COMMENT ON VIEW slm.agreement_review IS
    'active agreements due for review: review date passed, or goals missed in two or more of the last three months';
COMMENT ON COLUMN slm.agreement_review.agreement_id IS 'agreement id';
COMMENT ON COLUMN slm.agreement_review.agreement IS 'agreement name';
COMMENT ON COLUMN slm.agreement_review.kind IS 'SLA, OLA or UC';
COMMENT ON COLUMN slm.agreement_review.service IS 'the service';
COMMENT ON COLUMN slm.agreement_review.counterparty IS 'customer, team or supplier';
COMMENT ON COLUMN slm.agreement_review.review_on IS 'the review date';
COMMENT ON COLUMN slm.agreement_review.review_due IS 'the review date has passed';
COMMENT ON COLUMN slm.agreement_review.periods_missed IS 'months of the last three with a goal missed';
COMMENT ON COLUMN slm.agreement_review.reason IS 'why it is listed';

-- service quality -----------------------------------------------------------

CREATE FUNCTION slm.quality_report(from_date date, to_date date, grain text)
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
                                           AND slm.clock_state(k, now()) = 'breached'))) AS response_due,
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
COMMENT ON FUNCTION slm.quality_report(date, date, text) IS
    'service quality per period (of opening) and assignee: tickets, response compliance, resolution and reopen rates, mean business time to resolve, mean satisfaction';

-- access ------------------------------------------------------------------------

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'slm_reader') THEN
        CREATE ROLE slm_reader NOLOGIN;
    END IF;
END $$;
COMMENT ON ROLE slm_reader IS 'may read slm''s reports and nothing else';
GRANT USAGE ON SCHEMA slm TO slm_reader;
GRANT SELECT ON slm.sla_status, slm.breaches, slm.compliance_weekly, slm.compliance_monthly,
                slm.compliance_quarterly, slm.availability_monthly, slm.agreement_review,
                slm.underpinning_gaps TO slm_reader;
-- the report functions read these as the caller, so readers need them, read-only
GRANT SELECT ON slm.clocks, slm.agreements, slm.services, slm.targets, slm.outages, slm.customers,
                slm.agreement_zones, slm.targets_in_force TO slm_reader;
