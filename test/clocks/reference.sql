-- test/clocks/reference.sql - the clock rules, written in PL/pgSQL: the
-- reference implementation that the C rules (src/clock_rules.c) are
-- checked against, as test/oracle/oracle.sql is for business time.
--
-- This was slm's own SQL path until the rules moved to C; it is kept here,
-- outside the extension, so that two independent implementations of every
-- transition exist.  It writes the same slm.clocks and reads the same
-- model (slm.matching_targets, slm.clock_schedule, slm.customer_tier), but
-- decides every clock itself: when clocks stop, pause, resume, start new
-- cycles, follow the ticket, are cancelled and removed.
--
-- Install it into a database that has slm (psql: \i test/clocks/reference.sql),
-- attach a table with slm.attach, then hand the table to the reference with
-- SELECT slm_reference.take(table); slm_reference.rebuild(table) is its
-- slm.rebuild.  Used by sql/clock_paths.sql and
-- scripts/tests/clock_differential.sh.
CREATE SCHEMA slm_reference;

CREATE TYPE slm_reference.ticket AS (
    opened_at         timestamptz,
    priority          integer,
    customer          text,
    service           text,
    status            text,
    status_changed_at timestamptz,
    responded_at      timestamptz,
    resolved_at       timestamptz,
    assignment_group  text,
    supplier          text,
    assignee          text,
    satisfaction      numeric,
    changed_at        timestamptz,
    customer_message_at timestamptz,
    agent_reply_at    timestamptz,
    category          text,
    agreement         text
);
COMMENT ON TYPE slm_reference.ticket IS 'what slm reads from a ticket row, through its table''s mapping';

CREATE TYPE slm_reference.keyed_ticket AS (
    key    text,
    ticket slm_reference.ticket
);
COMMENT ON TYPE slm_reference.keyed_ticket IS 'a ticket''s key and values';



/*
 * A clock's pauses with the one still open, if any, ended at an instant (never
 * before it began): what a resume, a stop or a cancellation records.
 */
CREATE FUNCTION slm_reference.pauses_ended(pauses tstzmultirange, paused_since timestamptz, at timestamptz)
    RETURNS tstzmultirange
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF paused_since IS NULL THEN
        RETURN pauses;
    END IF;
    RETURN pauses + tstzmultirange(tstzrange(paused_since, greatest(paused_since, at)));
END $$;
COMMENT ON FUNCTION slm_reference.pauses_ended(tstzmultirange, timestamptz, timestamptz) IS
    'a clock''s pauses with the open one ended at an instant';

-- the state stored with a clock as of its last change
CREATE FUNCTION slm_reference.stored_clock_state(cancelled_at timestamptz, stopped_at timestamptz,
                                       paused_since timestamptz, due_at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled'
                WHEN stopped_at IS NOT NULL AND stopped_at <= due_at THEN 'met'
                WHEN stopped_at IS NOT NULL THEN 'missed'
                WHEN paused_since IS NOT NULL THEN 'paused'
                ELSE 'running' END
$$;

-- whether a clock of a kind on a target waits on the customer (pauses) in
-- a status: by the target's own pause_statuses when it sets them, else by
-- the table's paused_statuses; a UC clock never
CREATE FUNCTION slm_reference.clock_waits(m slm.tracked_tables, kind text, target integer, status text)
    RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT kind <> 'UC'
           AND coalesce(status = ANY (coalesce((SELECT f.pause_statuses FROM slm.targets_in_force f
                                                 WHERE f.target = clock_waits.target),
                                                m.paused_statuses)), false)
$$;

-- when a clock stops, from the ticket's reply, ownership and resolution
-- (NULL: runs on): the SLA response clock at the first of the reply, a
-- stop it had and the resolution (a reply to a reopened ticket leaves the
-- stop its resolution made); the SLA next reply at a stop it
-- had, else at the agents' latest reply when that is not older than the
-- cycle, else at the resolution; the SLA time to own at a stop it
-- had, else at the first of the change that found an assignee (owned_at)
-- and the resolution; the SLA resolution clock at a stop it had (a
-- reopening starts a new cycle; a resolution after a reopening that started
-- none belongs to none; slm_reference.ticket_changed moves a stop whose
-- resolution time was corrected), else at the resolution; OLA and
-- UC clocks at a stop they had, else at the resolution; never before the
-- clock started
CREATE FUNCTION slm_reference.clock_stop(kind text, metric text, started_at timestamptz, stopped_at timestamptz,
                               responded_at timestamptz, resolved_at timestamptz, owned_at timestamptz,
                               replied_at timestamptz)
    RETURNS timestamptz
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN s.stop IS NOT NULL THEN greatest(started_at, s.stop) END
    FROM (SELECT CASE WHEN kind = 'SLA' AND metric = 'response' THEN least(responded_at, stopped_at, resolved_at)
                      WHEN kind = 'SLA' AND metric = 'next_reply'
                      THEN coalesce(stopped_at, CASE WHEN replied_at >= started_at THEN replied_at END, resolved_at)
                      WHEN (kind = 'SLA' AND metric = 'own') OR (kind = 'OLA' AND metric = 'response')
                      THEN coalesce(stopped_at, least(owned_at, resolved_at))
                      WHEN kind = 'SLA' THEN coalesce(stopped_at, resolved_at)
                      ELSE coalesce(stopped_at, resolved_at) END AS stop) s
$$;

-- whether a clock stands cancelled (for want of a target), the latest of
-- its kind and metric (and, for a team's or supplier's, party)
CREATE FUNCTION slm_reference.latest_cancelled(c slm.clocks) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT c.cancelled_at IS NOT NULL
           AND c.cycle = (SELECT max(o.cycle) FROM slm.clocks o
                          WHERE o.tbl = c.tbl AND o.removed_at IS NULL AND o.ticket = c.ticket
                            AND o.kind = c.kind AND o.metric = c.metric
                            AND (c.kind = 'SLA' OR o.counterparty = c.counterparty))
$$;

-- whether such a clock has no stop yet: the one that may run again, and
-- that the end of what it measures (a hand-off, the end of a supplier
-- wait) stops, for good, as it stops a running one
CREATE FUNCTION slm_reference.latest_cancelled_running(c slm.clocks) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT c.stopped_at IS NULL AND slm_reference.latest_cancelled(c)
$$;

-- whether a clock of a kind and metric, cancelled for want of a target,
-- could run again: an SLA's response, resolution or time to own, a team's
-- or supplier's clock
CREATE FUNCTION slm_reference.may_run_again(kind text, metric text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT kind <> 'SLA' OR metric IN ('response', 'resolution', 'own')
$$;

-- whether a clock runs, or stands cancelled for want of a target and
-- could run again (the latest of its kind): a wait on the customer pauses
-- either, so that one that runs again does not count the waits of the
-- time it stood cancelled
CREATE FUNCTION slm_reference.measuring(c slm.clocks) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT c.stopped_at IS NULL
           AND (c.cancelled_at IS NULL
                OR (slm_reference.may_run_again(c.kind, c.metric) AND slm_reference.latest_cancelled(c)))
$$;

-- where a clock cancelled while it ran starts when it runs again: an SLA's
-- first response, resolution or time to own at the ticket's opening as it
-- is now (a correction made while it stood cancelled did not move it),
-- any other where it started
CREATE FUNCTION slm_reference.resumed_start(kind text, metric text, cycle int, started_at timestamptz,
                                            opened_at timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN kind = 'SLA' AND cycle = 1 AND metric IN ('response', 'resolution', 'own')
                     AND isfinite(opened_at)
                THEN opened_at ELSE started_at END
$$;


/*
 * Bring the clocks of some tickets up to date with their values: the part
 * of tracking that depends only on the tickets as they are now, shared by
 * the triggers (one ticket) and slm_reference.rebuild (all of them, in batches).
 *
 *  1. stops follow the ticket: the response clock stops at responded_at,
 *     the latest resolution cycle at resolved_at, running OLA and UC clocks
 *     at resolved_at, and a clock cancelled for want of a target that could
 *     run again takes its stop too (it then stays cancelled); a pause still
 *     open when a clock stops ends there;
 *  2. clocks a ticket should have and has none of are created: SLA
 *     response and resolution from opened_at, an OLA clock for the
 *     assignment group from opened_at, a UC clock while waiting on a
 *     supplier from status_changed_at (or opened_at); a new running clock
 *     of a ticket waiting on the customer starts paused;
 *  3. running clocks take the ticket's priority, customer, service and
 *     tier (those no target covers are cancelled; an SLA clock cancelled so
 *     runs again when one covers it once more), and every clock the most
 *     specific target in force for its values (a stopped clock keeps the
 *     values it stopped with);
 *  4. every clock's schedule and state are recomputed (slm.clock_schedule).
 *
 * Without full_sync, steps 2 and 3 are skipped: the triggers do so when an
 * update left the values they depend on as they were.  With keep_stopped
 * (slm_reference.resync, after a change of the model), clocks that had
 * stopped or been cancelled before the call keep their stops, targets and
 * schedules.
 */
/*
 * Plans: the trigger calls this for one ticket at a time under
 * plan_cache_mode = force_generic_plan (set on track_change), so that each
 * statement is planned once per session; slm_reference.rebuild calls it for batches
 * of thousands under force_custom_plan, so that the planner sees how many
 * tickets there are (a generic plan takes an array for ten elements, and
 * its nested loops over a batch go quadratic).  Hence no plan_cache_mode of
 * its own here.
 */
CREATE FUNCTION slm_reference.sync_clocks(m slm.tracked_tables, tickets slm_reference.keyed_ticket[], full_sync boolean DEFAULT true,
                                at timestamptz DEFAULT NULL, rederive boolean DEFAULT false,
                                keep_stopped boolean DEFAULT false, message_from timestamptz DEFAULT NULL,
                                undone_resolution timestamptz DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    -- Every statement also names the tickets' keys as an array: generic
    -- plans may have been made while slm.clocks was small, and
    -- "ticket = ANY (keys)" keeps them on the index however it has grown
    -- since (without it a bulk INSERT into a newly attached table went
    -- quadratic).
    keys text[] := ARRAY(SELECT k.key FROM unnest(tickets) k);
    -- tickets without clocks yet (a new ticket, a first rebuild): nothing to
    -- stop, and the clocks made below already have the target in force
    fresh boolean;
    uncovered bigint;
    lost text;
    owner record;
    -- when the change happened, for what it cancels (the statement's time
    -- for slm_reference.rebuild)
    change_at timestamptz := coalesce(at, statement_timestamp());
    waiting record;
    -- (keep_stopped) the clocks that stay as they are
    kept bigint[] := '{}';
    -- clocks cancelled for want of a target that run again
    resumed_ids bigint[];
BEGIN
    IF keep_stopped THEN
        kept := ARRAY(SELECT c.id FROM slm.clocks c
                      WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = ANY (keys)
                        AND (c.stopped_at IS NOT NULL OR c.cancelled_at IS NOT NULL));
    END IF;
    -- (rederive) the clocks that start at the opening by the rules (an
    -- SLA's first response, resolution and time to own) start at the
    -- opening the row holds now
    IF rederive THEN
        UPDATE slm.clocks c
        SET started_at = (k.ticket).opened_at,
            pauses = c.pauses * tstzmultirange(tstzrange((k.ticket).opened_at, NULL)),
            paused_since = CASE WHEN c.paused_since < (k.ticket).opened_at THEN (k.ticket).opened_at ELSE c.paused_since END,
            stopped_at = CASE WHEN c.stopped_at < (k.ticket).opened_at THEN (k.ticket).opened_at ELSE c.stopped_at END
        FROM unnest(tickets) k
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
          AND c.cancelled_at IS NULL AND c.id <> ALL (kept)
          AND c.kind = 'SLA' AND c.cycle = 1 AND c.metric IN ('response', 'resolution', 'own')
          AND isfinite((k.ticket).opened_at) AND c.started_at <> (k.ticket).opened_at;
    END IF;
    -- 0. a customer message waiting for the next reply: one that came
    -- after the first reply and not after the resolution, while no cycle
    -- runs, later than every cycle's start and stop, starts a cycle (at
    -- message_from if later: the reopening if it came while the ticket was
    -- resolved, the change that makes a target apply if it came while none
    -- did); one the agents replied to or resolved before then starts none,
    -- nor one answered in a rebuild of a ticket with clocks (seen)
    FOR waiting IN
        SELECT k.key, k.ticket
        FROM unnest(tickets) k
        -- (seen: a rebuild of a ticket with clocks, whose messages tracking saw)
        CROSS JOIN LATERAL (SELECT rederive AND EXISTS (SELECT FROM slm.clocks c
                                                        WHERE c.tbl = m.tbl AND c.removed_at IS NULL
                                                          AND c.ticket = k.key) AS seen) r
        WHERE (k.ticket).customer_message_at > (k.ticket).responded_at
          AND (k.ticket).opened_at IS NOT NULL
          AND ((k.ticket).resolved_at IS NULL OR (k.ticket).customer_message_at <= (k.ticket).resolved_at)
          AND NOT coalesce(message_from > (k.ticket).customer_message_at
                           AND message_from >= (k.ticket).resolved_at, false)
          -- (a resolution answers every message before it: the one the
          -- change undoes, and, for a change that saw the message before
          -- or a rebuild, any that stopped the SLA's resolution)
          AND NOT coalesce((k.ticket).customer_message_at <= undone_resolution, false)
          AND NOT ((message_from IS NOT NULL OR r.seen)
                   AND EXISTS (SELECT FROM slm.clocks c
                               WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key
                                 AND c.kind = 'SLA' AND c.metric = 'resolution'
                                 AND (k.ticket).customer_message_at <= c.stopped_at))
          AND NOT (coalesce((k.ticket).agent_reply_at >= (k.ticket).customer_message_at, false)
                   AND (coalesce((k.ticket).customer_message_at < message_from, false) OR r.seen))
          -- (nor, in a rebuild of a resolved ticket with clocks, one the
          -- resolution answered)
          AND NOT (r.seen AND (k.ticket).resolved_at IS NOT NULL)
          AND NOT EXISTS (SELECT FROM slm.clocks c
                          WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key
                            AND c.kind = 'SLA' AND c.metric = 'next_reply'
                            AND ((c.stopped_at IS NULL AND c.cancelled_at IS NULL)
                                 OR (k.ticket).customer_message_at
                                    <= greatest(c.started_at, c.stopped_at, c.cancelled_at)))
    LOOP
        PERFORM slm_reference.start_clock(m, waiting.key, waiting.ticket, 'SLA', 'next_reply',
                                          (waiting.ticket).customer,
                                          greatest((waiting.ticket).customer_message_at, message_from));
    END LOOP;
    -- 0c. (slm_reference.rebuild, or a change of the values targets depend
    -- on) an open ticket whose latest SLA resolution cycle stopped (or,
    -- cancelled, took the resolution in step 1) was
    -- reopened when no target applied, or unseen: its next cycle starts
    -- (rebuild: at the last status change), never before that stop; before
    -- the stops, so that the new cycles take them (a team's hold is
    -- acknowledged at once when the ticket has an assignee)
    IF rederive OR full_sync THEN
        FOR owner IN
            SELECT k0.key, k0.ticket,
                   greatest(l.stopped_at,
                            CASE WHEN rederive
                                 THEN coalesce((k0.ticket).status_changed_at, slm_reference.change_time(k0.ticket))
                                 ELSE slm_reference.change_time(k0.ticket) END) AS at
            FROM unnest(tickets) k0
            CROSS JOIN LATERAL (SELECT c.stopped_at, c.cancelled_at FROM slm.clocks c
                                WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k0.key
                                  AND c.kind = 'SLA' AND c.metric = 'resolution'
                                ORDER BY c.cycle DESC LIMIT 1) l
            WHERE (k0.ticket).resolved_at IS NULL AND l.stopped_at IS NOT NULL
        LOOP
            PERFORM slm_reference.start_clock(m, owner.key, owner.ticket, 'SLA', 'resolution',
                                              (owner.ticket).customer, owner.at);
        END LOOP;
    END IF;
    -- (the same) the team holding the ticket, or the supplier it
    -- waits on, without a running clock of its own while the ticket has
    -- older ones of that kind (step 2 makes the first): its cycle starts
    IF rederive OR full_sync THEN
        FOR owner IN
            SELECT k0.key, k0.ticket, x.kind, x.party
            FROM unnest(tickets) k0
            CROSS JOIN LATERAL (VALUES ('OLA', (k0.ticket).assignment_group,
                                        (k0.ticket).assignment_group IS NOT NULL),
                                       ('UC', (k0.ticket).supplier,
                                        (k0.ticket).supplier IS NOT NULL
                                        AND coalesce((k0.ticket).status = ANY (m.supplier_statuses), false))) x(kind, party, wanted)
            WHERE x.wanted AND (k0.ticket).resolved_at IS NULL
              AND EXISTS (SELECT FROM slm.clocks c WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k0.key
                                                     AND c.kind = x.kind)
              AND NOT EXISTS (SELECT FROM slm.clocks c WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k0.key
                                                         AND c.kind = x.kind AND c.counterparty = x.party
                                                         AND c.stopped_at IS NULL AND c.cancelled_at IS NULL)
              -- (a latest hold or wait cancelled while it ran runs again in step 2 instead)
              AND NOT EXISTS (SELECT FROM slm.clocks c WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k0.key
                                                         AND c.kind = x.kind AND c.metric = 'resolution'
                                                         AND c.counterparty = x.party
                                                         AND slm_reference.latest_cancelled_running(c))
        LOOP
            PERFORM slm_reference.start_clock(m, owner.key, owner.ticket, owner.kind, 'resolution', owner.party,
                                    CASE WHEN owner.kind = 'UC'
                                         THEN coalesce((owner.ticket).status_changed_at, slm_reference.change_time(owner.ticket))
                                         ELSE slm_reference.change_time(owner.ticket) END);
            -- a team's hold is acknowledged too (OLA response)
            IF owner.kind = 'OLA' THEN
                PERFORM slm_reference.start_clock(m, owner.key, owner.ticket, 'OLA', 'response', owner.party,
                                        slm_reference.change_time(owner.ticket));
            END IF;
        END LOOP;
    END IF;

    fresh := NOT EXISTS (SELECT 1 FROM slm.clocks c WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = ANY (keys));

    IF NOT fresh THEN
    -- 1. stops
    UPDATE slm.clocks c
    SET stopped_at = slm_reference.clock_stop(c.kind, c.metric, c.started_at, c.stopped_at,
                                    (k.ticket).responded_at, (k.ticket).resolved_at, slm_reference.owned_at(k.ticket),
                                    (k.ticket).agent_reply_at)
    FROM unnest(tickets) k
    WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
      -- a clock cancelled for want of a target takes the stop the ticket
      -- gives it meanwhile, and stays cancelled, if it could run again: an
      -- SLA's response, resolution or time to own, a team's or supplier's
      -- clock, the latest of its kind and metric (and party)
      AND (c.cancelled_at IS NULL
           OR (slm_reference.may_run_again(c.kind, c.metric) AND slm_reference.latest_cancelled(c)))
      AND c.id <> ALL (kept)
      AND (c.kind <> 'SLA' OR c.metric <> 'resolution'
           OR c.cycle = (SELECT max(c2.cycle) FROM slm.clocks c2
                         WHERE c2.tbl = c.tbl AND c2.removed_at IS NULL AND c2.ticket = c.ticket AND c2.kind = 'SLA' AND c2.metric = c.metric))
      AND c.stopped_at IS DISTINCT FROM slm_reference.clock_stop(c.kind, c.metric, c.started_at, c.stopped_at,
                                                       (k.ticket).responded_at, (k.ticket).resolved_at,
                                                       slm_reference.owned_at(k.ticket), (k.ticket).agent_reply_at);
    -- 1b. (slm_reference.rebuild) what the rows say now about waits and holders, as
    -- live tracking would have made it at the ticket's last status change:
    -- a wait on the customer pauses or resumes, a running OLA clock of a
    -- team that no longer holds the ticket stops (the holder's starts in
    -- 0c), a running UC clock of a wait that is over stops (so do such
    -- clocks cancelled for want of a target that may run again)
    IF rederive THEN
        UPDATE slm.clocks c
        SET paused_since = greatest(c.started_at, coalesce((k.ticket).status_changed_at, slm_reference.change_time(k.ticket))),
            state = 'paused'
        FROM unnest(tickets) k
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
          AND c.paused_since IS NULL AND slm_reference.measuring(c)
          AND slm_reference.clock_waits(m, c.kind, c.target, (k.ticket).status);
        UPDATE slm.clocks c
        SET pauses = slm_reference.pauses_ended(c.pauses, c.paused_since,
                                      coalesce((k.ticket).status_changed_at, slm_reference.change_time(k.ticket))),
            paused_since = NULL
        FROM unnest(tickets) k
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
          AND c.paused_since IS NOT NULL AND slm_reference.measuring(c)
          AND NOT slm_reference.clock_waits(m, c.kind, c.target, (k.ticket).status);
        UPDATE slm.clocks c
        SET stopped_at = greatest(c.started_at, slm_reference.change_time(k.ticket))
        FROM unnest(tickets) k
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
          AND c.stopped_at IS NULL AND (c.cancelled_at IS NULL OR slm_reference.latest_cancelled_running(c))
          AND c.id <> ALL (kept)
          AND ((c.kind = 'OLA' AND c.counterparty IS DISTINCT FROM (k.ticket).assignment_group)
               OR (c.kind = 'UC' AND (c.counterparty IS DISTINCT FROM (k.ticket).supplier
                                      OR NOT coalesce((k.ticket).status = ANY (m.supplier_statuses), false))));
    END IF;
    UPDATE slm.clocks c
    SET pauses = slm_reference.pauses_ended(c.pauses, c.paused_since, coalesce(c.stopped_at, c.cancelled_at)),
        paused_since = NULL
    FROM unnest(tickets) k
    WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys) AND c.paused_since IS NOT NULL
      AND (c.stopped_at IS NOT NULL OR c.cancelled_at IS NOT NULL) AND NOT slm_reference.measuring(c);
    -- a stop moved earlier (a resolution time corrected, a first reply the
    -- row now says came before) ends the pauses after it
    UPDATE slm.clocks c
    SET pauses = c.pauses * tstzmultirange(tstzrange(NULL, c.stopped_at))
    WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = ANY (keys) AND c.stopped_at IS NOT NULL
      AND NOT c.pauses <@ tstzmultirange(tstzrange(NULL, c.stopped_at));
    END IF;

    IF full_sync THEN
    -- 2. clocks the tickets should have
    -- with their schedules, so that step 4 need not rewrite a new running
    -- clock (it still computes time_used for those that start stopped)
    INSERT INTO slm.clocks (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer,
                            service, priority, tier, goal, calendar, warn_at, started_at, paused_since,
                            stopped_at, goal_time, paused_time, warn_from, due_at, due_date, state,
                            assignee, satisfaction, category, named_agreement)
    SELECT m.tbl, k.key, n.kind, n.metric, 1, tf.agreement, tf.target, n.counterparty,
           (k.ticket).customer, coalesce((k.ticket).service, m.default_service), (k.ticket).priority,
           slm.customer_tier((k.ticket).customer), tf.goal, tf.calendar, tf.warn_at, n.started_at,
           p.paused_since, n.stopped_at, s.goal_time, s.paused_time, s.warn_from, s.due_at,
           timezone(tf.zone, s.due_at)::date, slm_reference.stored_clock_state(NULL, n.stopped_at, p.paused_since, s.due_at),
           (k.ticket).assignee, (k.ticket).satisfaction, (k.ticket).category,
           CASE WHEN n.kind = 'SLA' THEN (k.ticket).agreement END
    FROM unnest(tickets) k
    -- (a tracked ticket's team or supplier without a clock took it while no
    -- target applied: its hold or wait starts at the change that makes one
    -- apply; a new ticket's and a rebuild's at the opening)
    CROSS JOIN LATERAL (SELECT CASE WHEN at IS NOT NULL AND NOT fresh THEN greatest((k.ticket).opened_at, at)
                                    ELSE (k.ticket).opened_at END AS started_at) party
    CROSS JOIN LATERAL (VALUES
        ('SLA', 'response', (k.ticket).customer, (k.ticket).opened_at),
        ('SLA', 'resolution', (k.ticket).customer, (k.ticket).opened_at),
        ('OLA', 'resolution', (k.ticket).assignment_group, party.started_at),
        ('OLA', 'response', (k.ticket).assignment_group, party.started_at),
        ('UC', 'resolution', (k.ticket).supplier, coalesce((k.ticket).status_changed_at, party.started_at)),
        ('SLA', 'own', (k.ticket).customer, (k.ticket).opened_at)
    ) n0(kind, metric, counterparty, started_at)
    CROSS JOIN LATERAL (SELECT n0.*, slm_reference.clock_stop(n0.kind, n0.metric, n0.started_at, NULL,
                                                    (k.ticket).responded_at, (k.ticket).resolved_at,
                                                    slm_reference.owned_at(k.ticket),
                                                    (k.ticket).agent_reply_at) AS stopped_at) n
    CROSS JOIN LATERAL slm.matching_targets(n.kind, coalesce((k.ticket).service, m.default_service),
                                            n.counterparty, slm.customer_tier((k.ticket).customer),
                                            (k.ticket).priority, n.metric, n.started_at, (k.ticket).category,
                                            CASE WHEN n.kind = 'SLA' THEN (k.ticket).agreement END) tf
    CROSS JOIN LATERAL slm.clock_schedule(n.started_at, tf.goal, tf.warn_at, '{}', tf.calendar) s
    CROSS JOIN LATERAL (SELECT CASE WHEN n.stopped_at IS NULL
                                         AND slm_reference.clock_waits(m, n.kind, tf.target, (k.ticket).status)
                                    THEN greatest(n.started_at, coalesce((k.ticket).status_changed_at,
                                                                         (k.ticket).opened_at)) END) p(paused_since)
    WHERE (k.ticket).opened_at IS NOT NULL
      AND (n.kind <> 'OLA' OR n.counterparty IS NOT NULL)
      -- (a team given a resolved ticket that has clocks held none of its
      -- open time: no hold from its opening)
      AND (n.kind <> 'OLA' OR (k.ticket).resolved_at IS NULL
           OR NOT EXISTS (SELECT 1 FROM slm.clocks c
                          WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key))
      AND (n.kind <> 'UC' OR (n.counterparty IS NOT NULL AND (k.ticket).status = ANY (m.supplier_statuses)
                              AND (k.ticket).resolved_at IS NULL))
      AND NOT EXISTS (SELECT 1 FROM slm.clocks c
                      WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys) AND c.kind = n.kind AND c.metric = n.metric);

    -- 3. running clocks follow the ticket; every clock takes the target in force
    IF NOT fresh THEN
    UPDATE slm.clocks c
    SET customer = (k.ticket).customer,
        service = coalesce((k.ticket).service, m.default_service),
        priority = (k.ticket).priority,
        tier = slm.customer_tier((k.ticket).customer),
        counterparty = CASE WHEN c.kind = 'SLA' THEN (k.ticket).customer ELSE c.counterparty END,
        category = (k.ticket).category,
        named_agreement = CASE WHEN c.kind = 'SLA' THEN (k.ticket).agreement END
    FROM unnest(tickets) k
    WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys) AND c.stopped_at IS NULL AND c.cancelled_at IS NULL
      AND (c.customer, c.service, c.priority, c.tier, c.category, c.named_agreement)
          IS DISTINCT FROM ((k.ticket).customer, coalesce((k.ticket).service, m.default_service),
                            (k.ticket).priority, slm.customer_tier((k.ticket).customer), (k.ticket).category,
                            CASE WHEN c.kind = 'SLA' THEN (k.ticket).agreement END);
    -- a running clock that no target covers any more (a priority, customer
    -- or service without one) is cancelled, never kept on its old goal
    WITH cancelled AS (
        UPDATE slm.clocks c
        SET cancelled_at = greatest(c.started_at, change_at),
            -- (one that could run again goes on measuring the waits)
            pauses = CASE WHEN NOT slm_reference.may_run_again(c.kind, c.metric)
                          THEN slm_reference.pauses_ended(c.pauses, c.paused_since, greatest(c.started_at, change_at))
                          ELSE c.pauses END,
            paused_since = CASE WHEN slm_reference.may_run_again(c.kind, c.metric) THEN c.paused_since END,
            state = 'cancelled'
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = ANY (keys) AND c.stopped_at IS NULL AND c.cancelled_at IS NULL
          AND NOT EXISTS (SELECT FROM slm.matching_targets(c.kind, c.service, c.counterparty, c.tier, c.priority,
                                                           c.metric, c.started_at, c.category, c.named_agreement))
        RETURNING c.ticket, c.kind, c.metric
    )
    SELECT string_agg(format('%s (%s %s)', x.ticket, x.kind, x.metric), ', ' ORDER BY x.ticket, x.kind, x.metric)
    INTO lost FROM cancelled x;
    IF lost IS NOT NULL THEN
        RAISE NOTICE 'no target applies any more to the running clocks of % of %: they are cancelled', lost, m.tbl
            USING HINT = 'Check the ticket''s service, customer and priority against slm.targets.';
    END IF;
    -- a clock cancelled while it ran because no target applied (a priority
    -- picked by mistake), the latest of its kind and metric (of a team's or
    -- supplier's, the latest for its party), runs again once a target
    -- applies to the ticket's values, while what it measures goes on (an
    -- SLA's response, resolution or time to own; the team's hold; the wait
    -- on the same supplier) and the ticket has not stopped it, from where it
    -- starts (slm_reference.resumed_start); it takes its target and pause
    -- below, as a clock that takes another target does
    WITH resumed AS (
        UPDATE slm.clocks c
        SET customer = (k.ticket).customer,
            service = coalesce((k.ticket).service, m.default_service),
            priority = (k.ticket).priority,
            tier = slm.customer_tier((k.ticket).customer),
            counterparty = CASE WHEN c.kind = 'SLA' THEN (k.ticket).customer ELSE c.counterparty END,
            category = (k.ticket).category,
            named_agreement = CASE WHEN c.kind = 'SLA' THEN (k.ticket).agreement END,
            cancelled_at = NULL,
            target = NULL,
            started_at = slm_reference.resumed_start(c.kind, c.metric, c.cycle, c.started_at, (k.ticket).opened_at),
            pauses = c.pauses * tstzmultirange(tstzrange(slm_reference.resumed_start(c.kind, c.metric, c.cycle,
                                                                                     c.started_at, (k.ticket).opened_at),
                                                         NULL)),
            -- (a wait that went on while it stood cancelled goes on)
            paused_since = CASE WHEN c.paused_since IS NOT NULL
                                THEN greatest(c.paused_since,
                                              slm_reference.resumed_start(c.kind, c.metric, c.cycle, c.started_at,
                                                                          (k.ticket).opened_at)) END
        FROM unnest(tickets) k
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
          AND slm_reference.may_run_again(c.kind, c.metric)
          AND CASE c.kind
                  WHEN 'SLA' THEN true
                  WHEN 'OLA' THEN c.counterparty = (k.ticket).assignment_group
                  ELSE c.counterparty = (k.ticket).supplier
                       AND coalesce((k.ticket).status = ANY (m.supplier_statuses), false)
              END
          AND slm_reference.latest_cancelled_running(c)
          AND slm_reference.clock_stop(c.kind, c.metric,
                                       slm_reference.resumed_start(c.kind, c.metric, c.cycle, c.started_at,
                                                                   (k.ticket).opened_at),
                                       NULL, (k.ticket).responded_at,
                                       (k.ticket).resolved_at, slm_reference.owned_at(k.ticket),
                                       (k.ticket).agent_reply_at) IS NULL
          AND EXISTS (SELECT FROM slm.matching_targets(c.kind, coalesce((k.ticket).service, m.default_service),
                                                       CASE WHEN c.kind = 'SLA' THEN (k.ticket).customer
                                                            ELSE c.counterparty END,
                                                       slm.customer_tier((k.ticket).customer),
                                                       (k.ticket).priority, c.metric,
                                                       slm_reference.resumed_start(c.kind, c.metric, c.cycle,
                                                                                   c.started_at, (k.ticket).opened_at),
                                                       (k.ticket).category,
                                                       CASE WHEN c.kind = 'SLA' THEN (k.ticket).agreement END))
        RETURNING c.id
    )
    SELECT coalesce(array_agg(x.id), '{}') INTO resumed_ids FROM resumed x;
    kept := ARRAY(SELECT unnest(kept) EXCEPT SELECT unnest(resumed_ids));
    -- (a running clock that takes another target pauses or resumes by the
    -- new target's statuses, from the change; a rebuild: the last status change)
    WITH matched AS (
        SELECT c.id, tf.agreement, tf.target, tf.goal, tf.calendar, tf.warn_at,
               c.target IS DISTINCT FROM tf.target AND c.stopped_at IS NULL AND c.cancelled_at IS NULL AS moved,
               slm_reference.clock_waits(m, c.kind, tf.target, (k.ticket).status) AS waits,
               greatest(c.started_at, CASE WHEN rederive
                                           THEN coalesce((k.ticket).status_changed_at, slm_reference.change_time(k.ticket))
                                           ELSE change_at END) AS at
        FROM slm.clocks c
        JOIN unnest(tickets) k ON c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
        CROSS JOIN LATERAL slm.matching_targets(c.kind, c.service, c.counterparty, c.tier, c.priority,
                                                c.metric, c.started_at, c.category, c.named_agreement) tf
        WHERE c.id <> ALL (kept)
    )
    UPDATE slm.clocks c
    SET agreement = x.agreement, target = x.target, goal = x.goal, calendar = x.calendar, warn_at = x.warn_at,
        paused_since = CASE WHEN NOT x.moved THEN c.paused_since
                            WHEN x.waits THEN coalesce(c.paused_since, x.at) END,
        pauses = CASE WHEN x.moved AND NOT x.waits AND c.paused_since IS NOT NULL
                      THEN slm_reference.pauses_ended(c.pauses, c.paused_since, x.at) ELSE c.pauses END
    FROM matched x
    WHERE c.id = x.id
      AND (c.agreement, c.target, c.goal, c.calendar, c.warn_at)
          IS DISTINCT FROM (x.agreement, x.target, x.goal, x.calendar, x.warn_at);
    END IF;

    END IF;

    -- 4. schedules, states, and what the reports read from the ticket
    WITH scheduled AS (
        SELECT c.id, s.*, timezone(z.zone, s.due_at)::date AS due_date,
               (k.ticket).assignee, (k.ticket).satisfaction
        FROM slm.clocks c
        JOIN unnest(tickets) k ON c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.ticket = ANY (keys)
        JOIN slm.agreement_zones z ON z.agreement = c.agreement
        CROSS JOIN LATERAL slm.clock_schedule(c.started_at, c.goal, c.warn_at, c.pauses, c.calendar) s
        WHERE (NOT fresh OR c.stopped_at IS NOT NULL) AND c.id <> ALL (kept)
    )
    UPDATE slm.clocks c
    SET goal_time = x.goal_time, paused_time = x.paused_time, warn_from = x.warn_from, due_at = x.due_at,
        due_date = x.due_date,
        time_used = CASE WHEN c.stopped_at IS NOT NULL AND c.cancelled_at IS NULL
                         THEN slm.clock_elapsed(c, c.stopped_at) END,
        state = slm_reference.stored_clock_state(c.cancelled_at, c.stopped_at, c.paused_since, x.due_at),
        assignee = x.assignee,
        satisfaction = x.satisfaction
    FROM scheduled x
    WHERE c.id = x.id;
    -- clocks kept as they were take only what the reports read from the ticket
    UPDATE slm.clocks c
    SET assignee = (k.ticket).assignee, satisfaction = (k.ticket).satisfaction
    FROM unnest(tickets) k
    WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = k.key AND c.id = ANY (kept);

    -- a ticket that no SLA target covers is not an error: say so.  (Counted
    -- without a join: a generic plan that takes the batch for ten rows
    -- would make an anti-join quadratic in it.)
    IF full_sync THEN
        uncovered := (SELECT count(DISTINCT k.key) FROM unnest(keys) k(key))
                     - (SELECT count(DISTINCT c.ticket) FROM slm.clocks c
                        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = ANY (keys) AND c.kind = 'SLA');
        IF uncovered > 0 THEN
            RAISE NOTICE 'no SLA target applies to % ticket(s) of %, so they have no SLA clock', uncovered, m.tbl
                USING HINT = 'Check the ticket''s service, customer and priority against slm.targets.';
        END IF;
    END IF;
END $$;
COMMENT ON FUNCTION slm_reference.sync_clocks(slm.tracked_tables, slm_reference.keyed_ticket[], boolean, timestamptz, boolean, boolean, timestamptz, timestamptz) IS
    'bring the clocks of some tickets up to date with the tickets'' values (shared by the triggers and slm_reference.rebuild)';

/*
 * A ticket's row is gone (key NULL: every ticket of the table, as TRUNCATE
 * does): its running clocks are cancelled, and all its clocks keep their
 * results for the reports, marked removed, so that the key can name a new
 * ticket with clocks of its own.  A wait on the customer that goes on ends
 * then and moves the due time, as any pause that ends (where the clock's
 * calendar is there to compute it).
 */
CREATE FUNCTION slm_reference.ticket_removed(tbl regclass, key text, at timestamptz) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    -- planned for the key given, so that one ticket's clocks are found by
    -- index (a generic plan keeps "key IS NULL OR ..." and scans them all)
    SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    waits_end bigint[];
BEGIN
    waits_end := ARRAY(SELECT c.id FROM slm.clocks c
                       WHERE c.tbl = ticket_removed.tbl AND c.removed_at IS NULL
                         AND (ticket_removed.key IS NULL OR c.ticket = ticket_removed.key)
                         AND c.stopped_at IS NULL AND c.paused_since < greatest(c.started_at, at));
    UPDATE slm.clocks c
    SET removed_at = at,
        cancelled_at = CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL
                            THEN greatest(c.started_at, at) ELSE c.cancelled_at END,
        -- (no wait goes on: also not that of a clock that stood cancelled)
        pauses = CASE WHEN c.stopped_at IS NULL
                      THEN slm_reference.pauses_ended(c.pauses, c.paused_since, greatest(c.started_at, at)) ELSE c.pauses END,
        paused_since = CASE WHEN c.stopped_at IS NULL THEN NULL ELSE c.paused_since END,
        state = CASE WHEN c.stopped_at IS NULL AND c.cancelled_at IS NULL THEN 'cancelled' ELSE c.state END
    WHERE c.tbl = ticket_removed.tbl AND c.removed_at IS NULL
      AND (ticket_removed.key IS NULL OR c.ticket = ticket_removed.key);
    WITH scheduled AS (
        SELECT c.id, s.*, timezone(z.zone, s.due_at)::date AS due_date
        FROM slm.clocks c
        JOIN slm.agreement_zones z ON z.agreement = c.agreement
        CROSS JOIN LATERAL slm.clock_schedule(c.started_at, c.goal, c.warn_at, c.pauses, c.calendar) s
        WHERE c.id = ANY (waits_end) AND EXISTS (SELECT FROM slm.calendars k WHERE k.name = c.calendar)
    )
    UPDATE slm.clocks c
    SET goal_time = x.goal_time, paused_time = x.paused_time, warn_from = x.warn_from, due_at = x.due_at,
        due_date = x.due_date
    FROM scheduled x
    WHERE c.id = x.id;
END $$;
COMMENT ON FUNCTION slm_reference.ticket_removed(regclass, text, timestamptz) IS
    'a ticket (or, key NULL, every ticket of a table) is gone: cancel its running clocks and mark them all removed';
REVOKE EXECUTE ON FUNCTION slm_reference.ticket_removed(regclass, text, timestamptz) FROM PUBLIC;

/*
 * Start a new cycle of a clock at an instant (a reopening, a hand-off, a
 * wait on a supplier), on the target in force for the ticket's values.
 */
CREATE FUNCTION slm_reference.start_clock(m slm.tracked_tables, key text, t slm_reference.ticket, kind text, metric text,
                                counterparty text, at timestamptz) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    INSERT INTO slm.clocks (tbl, ticket, kind, metric, cycle, agreement, target, counterparty, customer,
                            service, priority, tier, goal, calendar, warn_at, started_at, paused_since,
                            warn_from, due_at, state, category, named_agreement)
    SELECT m.tbl, start_clock.key, start_clock.kind, start_clock.metric,
           coalesce((SELECT max(c.cycle) FROM slm.clocks c
                     WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = start_clock.key AND c.kind = start_clock.kind
                       AND c.metric = start_clock.metric), 0) + 1,
           f.agreement, f.target, start_clock.counterparty, t.customer, coalesce(t.service, m.default_service),
           t.priority, slm.customer_tier(t.customer), f.goal, f.calendar, f.warn_at, start_clock.at,
           CASE WHEN slm_reference.clock_waits(m, start_clock.kind, f.target, t.status) THEN start_clock.at END,
           'infinity', 'infinity', 'running', t.category, CASE WHEN start_clock.kind = 'SLA' THEN t.agreement END
    FROM slm.matching_targets(start_clock.kind, coalesce(t.service, m.default_service), start_clock.counterparty,
                              slm.customer_tier(t.customer), t.priority, start_clock.metric, start_clock.at,
                              t.category, CASE WHEN start_clock.kind = 'SLA' THEN t.agreement END) f;
END $$;
COMMENT ON FUNCTION slm_reference.start_clock(slm.tracked_tables, text, slm_reference.ticket, text, text, text, timestamptz) IS
    'start the next cycle of a ticket''s clock of a kind and metric, if a target applies';


-- when a change happened, by the ticket's own data
CREATE FUNCTION slm_reference.change_time(n slm_reference.ticket) RETURNS timestamptz
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(n.changed_at, n.status_changed_at, statement_timestamp())
$$;

-- when a ticket is owned: as of the change that finds it with an assignee
CREATE FUNCTION slm_reference.owned_at(t slm_reference.ticket) RETURNS timestamptz
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN t.assignee IS NOT NULL THEN slm_reference.change_time(t) END
$$;


/*
 * A ticket changed: op is INSERT, UPDATE or DELETE, o the ticket before
 * and n after.
 * Events are timed by the ticket's own data (slm_reference.change_time).  The changes that need the ticket's
 * past are applied here; the rest is slm_reference.sync_clocks, as for slm_reference.rebuild.
 */
CREATE FUNCTION slm_reference.ticket_changed(m slm.tracked_tables, key text, op text, o slm_reference.ticket, n slm_reference.ticket)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
DECLARE
    ev timestamptz;
    -- the change's time if it reopens the ticket (clears its resolution)
    reopened_at timestamptz;
    was_supplier boolean;
    is_supplier boolean;
BEGIN
    IF op = 'DELETE' THEN
        PERFORM slm_reference.ticket_removed(m.tbl, key, statement_timestamp());
        RETURN;
    END IF;

    IF op = 'UPDATE' THEN
        ev := slm_reference.change_time(n);
        reopened_at := CASE WHEN o.resolved_at IS NOT NULL AND n.resolved_at IS NULL THEN ev END;

        -- a corrected opening time: the clocks that started at the old
        -- opening start at the new one
        IF n.opened_at IS DISTINCT FROM o.opened_at AND o.opened_at IS NOT NULL AND isfinite(n.opened_at) THEN
            UPDATE slm.clocks c
            SET started_at = n.opened_at,
                pauses = c.pauses * tstzmultirange(tstzrange(n.opened_at, NULL)),
                paused_since = CASE WHEN c.paused_since < n.opened_at THEN n.opened_at ELSE c.paused_since END,
                stopped_at = CASE WHEN c.stopped_at < n.opened_at THEN n.opened_at ELSE c.stopped_at END
            WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.cancelled_at IS NULL
              AND c.started_at = o.opened_at;
        END IF;

        -- waiting on the customer pauses SLA and OLA clocks, each by its target's statuses
        UPDATE slm.clocks c SET paused_since = greatest(c.started_at, ev)
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.paused_since IS NULL
          AND slm_reference.measuring(c)
          AND slm_reference.clock_waits(m, c.kind, c.target, n.status)
          AND NOT slm_reference.clock_waits(m, c.kind, c.target, o.status);
        UPDATE slm.clocks c
        SET pauses = slm_reference.pauses_ended(c.pauses, c.paused_since, ev),
            paused_since = NULL
        WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.paused_since IS NOT NULL
          AND slm_reference.measuring(c)
          AND slm_reference.clock_waits(m, c.kind, c.target, o.status)
          AND NOT slm_reference.clock_waits(m, c.kind, c.target, n.status);

        -- a resolution time changed while the ticket stays resolved moves
        -- the stop it made of the SLA's latest resolution cycle, and, set
        -- earlier (a correction), of every clock it stopped
        IF o.resolved_at IS NOT NULL AND n.resolved_at IS NOT NULL AND o.resolved_at <> n.resolved_at THEN
            UPDATE slm.clocks c SET stopped_at = greatest(c.started_at, n.resolved_at)
            WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key
              AND c.stopped_at = greatest(c.started_at, o.resolved_at)
              AND (n.resolved_at < o.resolved_at
                   OR (c.kind = 'SLA' AND c.metric = 'resolution'
                       AND c.cycle = (SELECT max(c2.cycle) FROM slm.clocks c2
                                      WHERE c2.tbl = c.tbl AND c2.removed_at IS NULL AND c2.ticket = c.ticket
                                        AND c2.kind = 'SLA' AND c2.metric = 'resolution')));
        END IF;

        -- a reopened ticket starts new resolution cycles
        IF reopened_at IS NOT NULL THEN
            PERFORM slm_reference.start_clock(m, key, n, 'SLA', 'resolution', n.customer, ev);
            IF n.assignment_group IS NOT NULL THEN
                PERFORM slm_reference.start_clock(m, key, n, 'OLA', 'resolution', n.assignment_group, ev);
                PERFORM slm_reference.start_clock(m, key, n, 'OLA', 'response', n.assignment_group, ev);
            END IF;
        END IF;

        -- a hand-off ends the team's hold (at the resolution, if the change
        -- resolves the ticket too) and starts the next team's (which a
        -- reopening in the same change may have started already)
        IF o.assignment_group IS DISTINCT FROM n.assignment_group THEN
            UPDATE slm.clocks c SET stopped_at = greatest(c.started_at, coalesce(n.resolved_at, ev))
            WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.kind = 'OLA'
              AND c.stopped_at IS NULL AND (c.cancelled_at IS NULL OR slm_reference.latest_cancelled_running(c))
              AND c.counterparty IS DISTINCT FROM n.assignment_group;
            IF n.assignment_group IS NOT NULL AND n.resolved_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM slm.clocks c
                               WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.kind = 'OLA'
                                 AND c.counterparty = n.assignment_group
                                 AND c.stopped_at IS NULL AND c.cancelled_at IS NULL) THEN
                PERFORM slm_reference.start_clock(m, key, n, 'OLA', 'resolution', n.assignment_group, ev);
                PERFORM slm_reference.start_clock(m, key, n, 'OLA', 'response', n.assignment_group, ev);
            END IF;
        END IF;

        -- waiting on a supplier runs the supplier's UC clock
        was_supplier := coalesce(o.status = ANY (m.supplier_statuses) AND o.supplier IS NOT NULL
                                 AND o.resolved_at IS NULL, false);
        is_supplier := coalesce(n.status = ANY (m.supplier_statuses) AND n.supplier IS NOT NULL
                                AND n.resolved_at IS NULL, false);
        IF was_supplier AND (NOT is_supplier OR o.supplier IS DISTINCT FROM n.supplier) THEN
            UPDATE slm.clocks c SET stopped_at = greatest(c.started_at, coalesce(n.resolved_at, ev))
            WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = key AND c.kind = 'UC'
              AND c.stopped_at IS NULL AND (c.cancelled_at IS NULL OR slm_reference.latest_cancelled_running(c));
        END IF;
        IF is_supplier AND (NOT was_supplier OR o.supplier IS DISTINCT FROM n.supplier) THEN
            PERFORM slm_reference.start_clock(m, key, n, 'UC', 'resolution', n.supplier, ev);
        END IF;
    END IF;

    PERFORM slm_reference.sync_clocks(m, ARRAY[ROW(key, n)::slm_reference.keyed_ticket],
                            op = 'INSERT'
                            OR (o.priority, o.customer, o.service, o.assignment_group, o.supplier, o.category,
                                o.agreement)
                               IS DISTINCT FROM (n.priority, n.customer, n.service, n.assignment_group,
                                                 n.supplier, n.category, n.agreement),
                            ev,
                            -- the earliest a message's next reply starts: at
                            -- the message in the change that brings it, the
                            -- first reply, or a resolution time that puts it
                            -- before the resolution; else at the reopening, or
                            -- at the change, which makes a target apply
                            message_from => CASE WHEN op = 'INSERT' THEN NULL
                                                 WHEN reopened_at IS NOT NULL THEN reopened_at
                                                 WHEN o.customer_message_at IS DISTINCT FROM n.customer_message_at
                                                      OR o.responded_at IS DISTINCT FROM n.responded_at
                                                      OR (o.resolved_at <> n.resolved_at
                                                          AND n.customer_message_at > o.resolved_at) THEN NULL
                                                 ELSE ev END,
                            undone_resolution => CASE WHEN reopened_at IS NOT NULL THEN o.resolved_at END);
END $$;
COMMENT ON FUNCTION slm_reference.ticket_changed(slm.tracked_tables, text, text, slm_reference.ticket, slm_reference.ticket) IS
    'apply one change of a ticket to its clocks (called by the tracking trigger)';

CREATE FUNCTION slm_reference.ticket_of(m slm.tracked_tables, r jsonb) RETURNS slm_reference.ticket
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN ROW((r ->> m.opened_at)::timestamptz,
               CASE WHEN m.priority IS NOT NULL THEN (r ->> m.priority)::integer
                    ELSE slm.priority((r ->> m.impact)::integer, (r ->> m.urgency)::integer) END,
               r ->> m.customer,
               r ->> m.service,
               r ->> m.status,
               (r ->> m.status_changed_at)::timestamptz,
               (r ->> m.responded_at)::timestamptz,
               (r ->> m.resolved_at)::timestamptz,
               r ->> m.assignment_group,
               r ->> m.supplier,
               r ->> m.assignee,
               (r ->> m.satisfaction)::numeric,
               (r ->> m.changed_at)::timestamptz,
               (r ->> m.customer_message_at)::timestamptz,
               (r ->> m.agent_reply_at)::timestamptz,
               r ->> m.category,
               r ->> m.agreement)::slm_reference.ticket;
END $$;
COMMENT ON FUNCTION slm_reference.ticket_of(slm.tracked_tables, jsonb) IS
    'a ticket row (as jsonb) read through its table''s mapping';


/*
 * One change of a tracked table (or of a partition of one), in SQL: op is
 * INSERT, UPDATE, DELETE or TRUNCATE, old_row and new_row the row before
 * and after, as jsonb (slm_reference.track).  Whatever goes wrong here
 * becomes a WARNING: the user's row is never lost to a bad mapping or
 * target.
 */
CREATE FUNCTION slm_reference.track_change(tbl regclass, op text, old_row jsonb, new_row jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    AS $$
DECLARE
    m slm.tracked_tables;
    key text;
BEGIN
    -- a partition's rows belong to its nearest tracked ancestor
    SELECT t.* INTO m
    FROM (SELECT track_change.tbl AS relid, 0::bigint AS level
          UNION ALL
          SELECT a.relid, a.level FROM pg_partition_ancestors(track_change.tbl) WITH ORDINALITY a(relid, level)) c
    JOIN slm.tracked_tables t ON t.tbl = c.relid
    ORDER BY c.level
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    BEGIN
        IF op = 'TRUNCATE' THEN
            PERFORM slm_reference.ticket_removed(m.tbl, NULL, statement_timestamp());
            RETURN;
        END IF;
        key := coalesce(new_row, old_row) ->> m.key;
        IF old_row IS NOT NULL AND new_row IS NOT NULL AND (old_row ->> m.key) IS DISTINCT FROM key THEN
            -- the key changed: the clocks follow the ticket
            UPDATE slm.clocks c SET ticket = key WHERE c.tbl = m.tbl AND c.removed_at IS NULL AND c.ticket = old_row ->> m.key;
        END IF;
        PERFORM slm_reference.ticket_changed(m, key, op,
                                   CASE WHEN old_row IS NOT NULL THEN slm_reference.ticket_of(m, old_row) END,
                                   CASE WHEN new_row IS NOT NULL THEN slm_reference.ticket_of(m, new_row) END);
        IF op = 'INSERT' THEN
            PERFORM slm.keep_clock_statistics();
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'slm could not track ticket % of %: %', key, m.tbl, SQLERRM
            USING HINT = 'The row was written; slm_reference.rebuild(''' || m.tbl::text || ''') recomputes its clocks.';
    END;
END $$;
COMMENT ON FUNCTION slm_reference.track_change(regclass, text, jsonb, jsonb) IS
    'apply one change of a tracked table to its clocks in SQL (called by slm_reference.track)';
REVOKE EXECUTE ON FUNCTION slm_reference.track_change(regclass, text, jsonb, jsonb) FROM PUBLIC;


CREATE FUNCTION slm_reference.mapped_column(col text, type text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN col IS NULL THEN 'NULL::' || type ELSE format('t.%I::%s', col, type) END
$$;
COMMENT ON FUNCTION slm_reference.mapped_column(text, text) IS
    'SQL for a mapped column of a ticket row t, cast to a type (NULL of the type when unmapped)';


/* The rows of a tracked table as (k, ticket) pairs: the key as text, the mapped columns as a ticket. */
CREATE FUNCTION slm_reference.tickets_query(m slm.tracked_tables) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN format($f$
        SELECT to_jsonb(t.%1$I) #>> '{}' AS k,
               ROW(t.%2$I, %3$s, %4$s, %5$s, %6$s, %7$s, %8$s, %9$s, %10$s, %11$s, %12$s, %13$s, %14$s,
                   %15$s, %16$s, %17$s, %18$s)::slm_reference.ticket AS ticket
        FROM %19$s t$f$,
        m.key, m.opened_at,
        CASE WHEN m.priority IS NOT NULL THEN format('t.%I::integer', m.priority)
             ELSE format('slm.priority(t.%I::integer, t.%I::integer)', m.impact, m.urgency) END,
        slm_reference.mapped_column(m.customer, 'text'),
        slm_reference.mapped_column(m.service, 'text'),
        slm_reference.mapped_column(m.status, 'text'),
        slm_reference.mapped_column(m.status_changed_at, 'timestamptz'),
        slm_reference.mapped_column(m.responded_at, 'timestamptz'),
        slm_reference.mapped_column(m.resolved_at, 'timestamptz'),
        slm_reference.mapped_column(m.assignment_group, 'text'),
        slm_reference.mapped_column(m.supplier, 'text'),
        slm_reference.mapped_column(m.assignee, 'text'),
        slm_reference.mapped_column(m.satisfaction, 'numeric'),
        slm_reference.mapped_column(m.changed_at, 'timestamptz'),
        slm_reference.mapped_column(m.customer_message_at, 'timestamptz'),
        slm_reference.mapped_column(m.agent_reply_at, 'timestamptz'),
        slm_reference.mapped_column(m.category, 'text'),
        slm_reference.mapped_column(m.agreement, 'text'),
        m.tbl);
END $$;

/*
 * slm.rebuild, in SQL: every ticket through slm_reference.sync_clocks, in
 * batches; those with clocks re-derive waits and holders from the rows;
 * tickets that are gone are removed.
 */
CREATE FUNCTION slm_reference.rebuild(tbl regclass) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    m slm.tracked_tables;
    tickets text;
    has_clocks text;
    batch slm_reference.keyed_ticket[];
    n bigint;
    last_clock bigint;
    gone text;
BEGIN
    SELECT * INTO STRICT m FROM slm.tracked_tables t WHERE t.tbl = rebuild.tbl;
    tickets := slm_reference.tickets_query(m);
    has_clocks := format('EXISTS (SELECT FROM slm.clocks c WHERE c.tbl = %L::regclass AND c.removed_at IS NULL AND c.ticket = s.k)', tbl);
    last_clock := (SELECT max(c.id) FROM slm.clocks c WHERE c.tbl = rebuild.tbl AND c.removed_at IS NULL);

    -- tickets with clocks: what the rows say now, re-derived
    FOR batch IN EXECUTE format($f$
        SELECT array_agg(ROW(k, ticket)::slm_reference.keyed_ticket)
        FROM (SELECT s.*, (row_number() OVER ()) / 5000 AS batch FROM (%s) s WHERE %s) b
        GROUP BY batch$f$, tickets, has_clocks)
    LOOP
        PERFORM slm_reference.sync_clocks(m, batch, rederive => true);
    END LOOP;
    -- tickets without: a new ticket's clocks
    FOR batch IN EXECUTE format($f$
        SELECT array_agg(ROW(k, ticket)::slm_reference.keyed_ticket)
        FROM (SELECT s.*, (row_number() OVER ()) / 5000 AS batch FROM (%s) s WHERE NOT %s) b
        GROUP BY batch$f$, tickets, has_clocks)
    LOOP
        PERFORM slm_reference.sync_clocks(m, batch);
    END LOOP;
    -- tickets that are gone
    IF last_clock IS NOT NULL THEN
        FOR gone IN EXECUTE format($f$
            SELECT DISTINCT c.ticket FROM slm.clocks c
            WHERE c.tbl = %1$L::regclass AND c.removed_at IS NULL AND c.id <= %3$s
              AND NOT EXISTS (SELECT 1 FROM %1$s t WHERE to_jsonb(t.%2$I) #>> '{}' = c.ticket)$f$,
            tbl, m.key, last_clock)
        LOOP
            PERFORM slm_reference.ticket_removed(tbl, gone, statement_timestamp());
        END LOOP;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', tbl) INTO n;
    RETURN n;
END $$;

/*
 * The resync after a change of the model, in SQL: the tickets with running
 * clocks (of the customers given, or all) through slm_reference.sync_clocks
 * as slm_reference.rebuild takes them, keeping the clocks that have stopped
 * as they are; with coverage (a change that may make a target apply where
 * none did), also the open tickets without a running clock (of those
 * customers).
 */
CREATE FUNCTION slm_reference.resync(tbl regclass, coverage boolean DEFAULT false,
                                     customers text[] DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    m slm.tracked_tables;
    batch slm_reference.keyed_ticket[];
BEGIN
    SELECT * INTO STRICT m FROM slm.tracked_tables t WHERE t.tbl = resync.tbl;
    FOR batch IN EXECUTE format($f$
        SELECT array_agg(ROW(k, ticket)::slm_reference.keyed_ticket)
        FROM (SELECT s.*, (row_number() OVER ()) / 5000 AS batch FROM (%s) s
              WHERE EXISTS (SELECT FROM slm.clocks c WHERE c.tbl = %L::regclass AND c.removed_at IS NULL
                                                      AND c.ticket = s.k AND c.stopped_at IS NULL
                                                      AND c.cancelled_at IS NULL
                                                      AND ($2 IS NULL OR c.customer = ANY ($2)))
                 OR ($1 AND (s.ticket).resolved_at IS NULL
                     AND ($2 IS NULL OR (s.ticket).customer = ANY ($2)))) b
        GROUP BY batch$f$, slm_reference.tickets_query(m), tbl)
        USING coverage, customers
    LOOP
        PERFORM slm_reference.sync_clocks(m, batch, rederive => true, keep_stopped => true);
    END LOOP;
END $$;

-- the tracking trigger, in SQL
CREATE FUNCTION slm_reference.track() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM slm_reference.track_change(TG_RELID, TG_OP,
                                       CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END,
                                       CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END);
    RETURN NULL;
END $$;

-- hand a table that slm.attach tracks to the reference: slm's triggers
-- give way to the reference's
CREATE FUNCTION slm_reference.take(tbl regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM slm.drop_tracking_triggers(tbl);
    EXECUTE format('CREATE TRIGGER slm_reference_track AFTER INSERT OR UPDATE OR DELETE ON %s '
                   'FOR EACH ROW EXECUTE FUNCTION slm_reference.track()', tbl);
    EXECUTE format('CREATE TRIGGER slm_reference_truncate AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION slm_reference.track()', tbl);
END $$;
