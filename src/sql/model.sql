/*
 * src/sql/model.sql - the SLA model: services, customers and their tiers,
 * agreements, targets, the priority matrix
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
    pause_statuses  text[],
    category        text,
    CONSTRAINT targets_warn_at_between_0_and_1 CHECK (warn_at > 0 AND warn_at < 1),
    CONSTRAINT targets_compliance_goal_between_0_and_1 CHECK (compliance_goal > 0 AND compliance_goal <= 1)
);
CREATE UNIQUE INDEX targets_unique ON slm.targets
    (agreement, metric, coalesce(priority, 0), coalesce(tier, ''), coalesce(category, ''));
COMMENT ON TABLE slm.targets IS
    'what an agreement promises, per metric, priority, customer tier and ticket category';
COMMENT ON COLUMN slm.targets.id IS 'target id';
COMMENT ON COLUMN slm.targets.agreement IS 'the agreement';
COMMENT ON COLUMN slm.targets.metric IS 'response (SLA: the first reply; OLA: the team acknowledges its hold), own (SLA: time to own), next_reply (SLA: each customer message to the next reply), resolution (SLA, OLA, UC), availability (SLA)';
COMMENT ON COLUMN slm.targets.priority IS 'the priority it applies to; NULL: every priority';
COMMENT ON COLUMN slm.targets.tier IS 'the customer tier it applies to; NULL: every tier';
COMMENT ON COLUMN slm.targets.goal IS
    'time allowed, read as slm.business_add reads it (days are business days); NULL only for availability';
COMMENT ON COLUMN slm.targets.calendar IS 'the named calendar the goal runs on; NULL: the service''s hours';
COMMENT ON COLUMN slm.targets.warn_at IS 'share of the goal after which a running clock is at risk';
COMMENT ON COLUMN slm.targets.compliance_goal IS
    'share of tickets that must meet the goal (for availability: the availability to reach)';
COMMENT ON COLUMN slm.targets.pause_statuses IS
    'the statuses in which this target''s clocks pause (wait on the customer): names as the ticket table''s look-ups give them; ''{}'': never pauses; NULL: the ticket table''s paused_statuses';
COMMENT ON COLUMN slm.targets.category IS
    'the ticket category it applies to (slm.attach''s category: a type, category or channel, as its look-up names it); NULL: every category';
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

CREATE TRIGGER check_target
    BEFORE INSERT OR UPDATE ON slm.targets
    FOR EACH ROW EXECUTE FUNCTION slm.check_target();

--------------------------------------------------------------------------
-- Which target applies
--------------------------------------------------------------------------

/*
 * A goal's hours beyond its whole days, as a number.  A goal is business
 * days and hours ('1 day 04:30' is one working day, then four and a half
 * working hours); how many hours a working day holds depends on the
 * calendar, so a goal has no single number of hours.  The views give a
 * goal as two numbers beside it, its days (the interval's day field) and
 * these hours, because BI tools chart numbers and pgJDBC hands an interval
 * over as an opaque object.
 */
CREATE FUNCTION slm.goal_hours(goal interval) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT trim_scale(round(extract(epoch FROM goal - date_trunc('day', goal)) / 3600, 4)) $$;
COMMENT ON FUNCTION slm.goal_hours(interval) IS
    'a goal''s hours beyond its whole business days, as a number (''1 day 04:30'' gives 4.5)';

/*
 * The targets of active agreements, with the calendar each runs on and
 * the zone that dates its agreement's validity.
 */
CREATE VIEW slm.targets_in_force WITH (security_invoker = true) AS
SELECT a.kind, a.service, a.counterparty, a.valid, a.id AS agreement, a.name AS agreement_name,
       t.id AS target, t.metric, t.priority, t.tier, t.goal, coalesce(t.calendar, s.calendar) AS calendar,
       t.warn_at, t.compliance_goal,
       (SELECT slm.calendar_zone(c.calendar) FROM slm.calendars c WHERE c.name = s.calendar) AS zone,
       lower(a.valid) AS valid_from, upper(a.valid) AS valid_until, t.pause_statuses, t.category,
       extract(day FROM t.goal)::integer AS goal_days, slm.goal_hours(t.goal) AS goal_hours
FROM slm.agreements a
JOIN slm.services s ON s.name = a.service
JOIN slm.targets t ON t.agreement = a.id
WHERE a.status = 'active';
COMMENT ON VIEW slm.targets_in_force IS 'targets of active agreements with the calendar they run on';
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
COMMENT ON COLUMN slm.targets_in_force.goal_days IS 'the goal''s whole business days, as a number (''1 day 04:30'' gives 1)';
COMMENT ON COLUMN slm.targets_in_force.goal_hours IS
    'the goal''s business hours beyond goal_days, as a number (''1 day 04:30'' gives 4.5; a working day''s hours depend on the calendar)';

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
 * Each OLA or UC against the SLA it underpins, per metric and kind of
 * ticket: every priority, tier and category a target of either names, and
 * NULL for the rest.  For each kind, each agreement's target in force is
 * its most specific one, in slm.matching_targets's order (category, then
 * tier, then priority), so a category's target beats a priority's as it
 * does for the clocks.  Each goal is laid on its own calendar from every
 * hour of a reference week; where the OLA or UC deadline falls after the
 * SLA's, the supplier or team can keep its promise while the customer's
 * is broken.  The excess is measured in the SLA's business time.
 */
CREATE VIEW slm.underpinning_gaps WITH (security_invoker = true) AS
SELECT u.name AS agreement,
       u.kind,
       u.counterparty,
       sla.name AS underpins,
       m.metric,
       k.priority,
       k.tier,
       k.category,
       f.goal,
       f.sla_goal,
       coalesce(f.sla_calendar, ss.calendar) AS compared_on,
       gap.worst AS worst_excess,
       coalesce(f.calendar, us.calendar) AS calendar,
       round(extract(epoch FROM gap.worst) / 3600, 2) AS worst_excess_hours,
       extract(day FROM f.goal)::integer AS goal_days,
       slm.goal_hours(f.goal) AS goal_hours,
       extract(day FROM f.sla_goal)::integer AS sla_goal_days,
       slm.goal_hours(f.sla_goal) AS sla_goal_hours
FROM slm.agreements u
JOIN slm.services us ON us.name = u.service
JOIN slm.agreements sla ON sla.id = u.underpins
JOIN slm.services ss ON ss.name = sla.service
CROSS JOIN LATERAL (SELECT DISTINCT t.metric FROM slm.targets t WHERE t.agreement = u.id) m
CROSS JOIN LATERAL (
    SELECT p.priority, r.tier, c.category
    FROM (SELECT NULL::integer AS priority
          UNION SELECT t.priority FROM slm.targets t WHERE t.agreement IN (u.id, sla.id) AND t.metric = m.metric) p,
         (SELECT NULL::text AS tier
          UNION SELECT t.tier FROM slm.targets t WHERE t.agreement IN (u.id, sla.id) AND t.metric = m.metric) r,
         (SELECT NULL::text AS category
          UNION SELECT t.category FROM slm.targets t WHERE t.agreement IN (u.id, sla.id) AND t.metric = m.metric) c
) k
-- each agreement's target in force for those tickets: its most specific
CROSS JOIN LATERAL (
    SELECT max(f.goal) FILTER (WHERE f.agreement = u.id) AS goal,
           max(f.calendar) FILTER (WHERE f.agreement = u.id) AS calendar,
           max(f.goal) FILTER (WHERE f.agreement = sla.id) AS sla_goal,
           max(f.calendar) FILTER (WHERE f.agreement = sla.id) AS sla_calendar
    FROM (SELECT DISTINCT ON (t.agreement) t.agreement, t.goal, t.calendar
          FROM slm.targets t
          WHERE t.agreement IN (u.id, sla.id) AND t.metric = m.metric
            AND (t.priority IS NULL OR t.priority = k.priority) AND (t.tier IS NULL OR t.tier = k.tier)
            AND (t.category IS NULL OR t.category = k.category)
          ORDER BY t.agreement, t.category IS NULL, t.tier IS NULL, t.priority IS NULL) f
) f
CROSS JOIN LATERAL (
    SELECT max(slm.business_elapsed(d.sla_due, d.due, coalesce(f.sla_calendar, ss.calendar))) AS worst
    FROM pg_catalog.generate_series(timestamptz '2001-01-08 00:00+00', timestamptz '2001-01-15 00:00+00',
                                    interval '1 hour') h,
         LATERAL (SELECT slm.business_add(h, f.sla_goal, coalesce(f.sla_calendar, ss.calendar)) AS sla_due,
                         slm.business_add(h, f.goal, coalesce(f.calendar, us.calendar)) AS due) d
    WHERE pg_catalog.isfinite(d.sla_due) AND pg_catalog.isfinite(d.due)
) gap
WHERE u.kind IN ('OLA', 'UC')
  AND f.goal IS NOT NULL AND f.sla_goal IS NOT NULL
  AND gap.worst > interval '0';
COMMENT ON VIEW slm.underpinning_gaps IS
    'OLA and UC targets looser than the SLA targets they underpin: per metric and kind of ticket (priority, tier, category), the targets in force, each goal on its own calendar';
COMMENT ON COLUMN slm.underpinning_gaps.agreement IS 'the OLA or UC';
COMMENT ON COLUMN slm.underpinning_gaps.kind IS 'OLA or UC';
COMMENT ON COLUMN slm.underpinning_gaps.counterparty IS 'the team or supplier';
COMMENT ON COLUMN slm.underpinning_gaps.underpins IS 'the SLA it underpins';
COMMENT ON COLUMN slm.underpinning_gaps.metric IS 'the metric';
COMMENT ON COLUMN slm.underpinning_gaps.priority IS 'the tickets'' priority (NULL: any priority no target of either agreement names)';
COMMENT ON COLUMN slm.underpinning_gaps.tier IS 'the customers'' tier (NULL: any tier no target of either agreement names)';
COMMENT ON COLUMN slm.underpinning_gaps.category IS 'the tickets'' category (NULL: any category no target of either agreement names)';
COMMENT ON COLUMN slm.underpinning_gaps.goal IS 'the OLA or UC goal in force for those tickets';
COMMENT ON COLUMN slm.underpinning_gaps.sla_goal IS 'the SLA goal in force for them, which it should fit within';
COMMENT ON COLUMN slm.underpinning_gaps.compared_on IS 'the SLA goal''s calendar, on which the excess is measured';
COMMENT ON COLUMN slm.underpinning_gaps.worst_excess IS
    'the most business time by which the OLA or UC deadline passes the SLA deadline';
COMMENT ON COLUMN slm.underpinning_gaps.calendar IS 'the OLA or UC goal''s own calendar';
COMMENT ON COLUMN slm.underpinning_gaps.worst_excess_hours IS 'worst_excess, in hours of business time on the compared_on calendar';
COMMENT ON COLUMN slm.underpinning_gaps.goal_days IS 'goal''s whole business days, as a number';
COMMENT ON COLUMN slm.underpinning_gaps.goal_hours IS 'goal''s business hours beyond goal_days, as a number';
COMMENT ON COLUMN slm.underpinning_gaps.sla_goal_days IS 'sla_goal''s whole business days, as a number';
COMMENT ON COLUMN slm.underpinning_gaps.sla_goal_hours IS 'sla_goal''s business hours beyond sla_goal_days, as a number';

