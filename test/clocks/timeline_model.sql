-- test/clocks/timeline_model.sql - the clocks of the tickets of
-- test/clocks/timeline.sql read off their timeline (tl_states) into
-- tl_expected, on the model as it is (tl_targets, the calendars); run
-- again after the model changes.  See timeline.sql for what it reads.
DROP TABLE IF EXISTS tl_s, tl_runs, tl_raw, tl_spans, tl_parts, tl_ongoing, tl_clocks, tl_expected;

-- the clocks, read off the timeline: first each state with the one before
-- and the time of the one after
CREATE TEMP TABLE tl_s AS
SELECT t.*, coalesce(lag(waits) OVER w, false) AS waited, lag(vendor) OVER w AS had_vendor
FROM (SELECT t.*, CASE WHEN customer = 'acme' THEN 'key' ELSE 'standard' END AS tier,
             lag(resolved) OVER w AS was_resolved, lag(team) OVER w AS had_team, lead(at) OVER w AS next_at,
             -- waiting on a supplier
             coalesce(status = 'vendor' AND vendor IS NOT NULL AND resolved IS NULL, false) AS waits
      FROM tl_states t WHERE NOT t.deleted WINDOW w AS (PARTITION BY ticket ORDER BY i)) t
WINDOW w AS (PARTITION BY ticket ORDER BY i);
CREATE INDEX ON tl_s (ticket, i);
ANALYZE tl_s;
-- where each cycle begins (b: the opening, a reopening, a hold, a wait),
-- and the end of its run (NULL: it goes on; a resolution's end is its time
-- as last corrected, the least of its states, which are corrected only to
-- earlier times); agreement names the family of clocks (the SLA's,
-- whichever service's; the team's; each supplier's)
CREATE TEMP TABLE tl_runs AS
SELECT ticket, 'tl sla' AS agreement, 'response' AS metric, 0 AS b,
       least(min(responded), min(resolved)) AS run_end
FROM tl_s GROUP BY ticket
UNION ALL
SELECT ticket, 'tl sla', 'own', 0, least(min(at) FILTER (WHERE agent IS NOT NULL), min(resolved))
FROM tl_s GROUP BY ticket
UNION ALL
SELECT b.ticket, 'tl sla', 'resolution', b.i,
       (SELECT min(e.resolved) FROM tl_s e WHERE e.ticket = b.ticket AND e.i > b.i AND e.resolved IS NOT NULL)
FROM tl_s b WHERE b.resolved IS NULL AND (b.i = 0 OR b.was_resolved IS NOT NULL)
UNION ALL
SELECT b.ticket, 'tl network', 'resolution', b.i,
       (SELECT min(coalesce(e.resolved, e.at)) FROM tl_s e
        WHERE e.ticket = b.ticket AND e.i > b.i AND (e.team IS DISTINCT FROM 'network' OR e.resolved IS NOT NULL))
FROM tl_s b
WHERE b.team = 'network' AND b.resolved IS NULL
  AND (b.i = 0 OR b.had_team IS DISTINCT FROM 'network' OR b.was_resolved IS NOT NULL)
UNION ALL
SELECT b.ticket, 'tl ' || b.vendor, 'resolution', b.i,
       (SELECT min(coalesce(e.resolved, e.at)) FROM tl_s e
        WHERE e.ticket = b.ticket AND e.i > b.i AND NOT (e.waits AND e.vendor = b.vendor))
FROM tl_s b WHERE b.waits AND NOT (b.waited AND b.had_vendor = b.vendor);
-- the next reply: a customer's message after the first reply and after the
-- last cycle's answer begins a cycle while the ticket is open and no cycle
-- runs: when it comes, or when the ticket is reopened after it came while
-- the ticket was resolved, unless the agents replied to it meanwhile; the
-- agents' next reply ends it, or the resolution (and, as every cycle, it
-- starts at the first state of it in which a target applies); once it is
-- cancelled (it had a target, and then none), the next message begins a
-- cycle of its own
DO $$
DECLARE
    s record;
    running boolean := false;
    started integer;
    answered timestamptz;
    -- the running cycle had a target, and then none (cancelled)
    had_target boolean;
    cancelled boolean;
BEGIN
    FOR s IN SELECT t.*, lag(t.wrote) OVER w AS had_wrote, lag(t.replied) OVER w AS had_replied,
                    lead(t.i) OVER w IS NULL AS last
             FROM tl_s t WINDOW w AS (PARTITION BY t.ticket ORDER BY t.i) ORDER BY t.ticket, t.i LOOP
        IF s.i = 0 THEN
            running := false;
            answered := NULL;
        END IF;
        IF running AND (s.replied IS DISTINCT FROM s.had_replied OR s.resolved IS NOT NULL) THEN
            -- (a resolution: as corrected later)
            answered := CASE WHEN s.resolved IS NULL THEN s.replied
                             ELSE (SELECT min(e.resolved) FROM tl_s e
                                   WHERE e.ticket = s.ticket AND e.i >= s.i AND e.resolved IS NOT NULL) END;
            INSERT INTO tl_runs VALUES (s.ticket, 'tl sla', 'next_reply', started, answered);
            running := false;
        END IF;
        IF running THEN
            IF (pg_temp.tl_target('tl sla', s.service, 'next_reply', s.prio, s.tier, s.category, s.named)).agreement IS NOT NULL THEN
                had_target := true;
            ELSIF had_target THEN
                cancelled := true;
            END IF;
            -- a new message after its cycle was cancelled is the next event:
            -- it begins a cycle of its own
            IF cancelled AND s.wrote IS DISTINCT FROM s.had_wrote THEN
                INSERT INTO tl_runs VALUES (s.ticket, 'tl sla', 'next_reply', started, s.at);
                running := false;
            END IF;
        END IF;
        IF NOT running AND s.resolved IS NULL AND s.responded < s.wrote AND s.wrote > coalesce(answered, '-infinity')
           AND s.wrote > coalesce(s.replied, '-infinity') THEN
            running := true;
            started := s.i;
            had_target := (pg_temp.tl_target('tl sla', s.service, 'next_reply', s.prio, s.tier, s.category, s.named)).agreement IS NOT NULL;
            cancelled := false;
        END IF;
        IF running AND s.last THEN
            INSERT INTO tl_runs VALUES (s.ticket, 'tl sla', 'next_reply', started, NULL);
        END IF;
    END LOOP;
END $$;
-- each clock's span: the state that starts it (the first from b on,
-- before the end, in which a target applies), its cycle (of its kind and
-- metric: the suppliers' waits are numbered together), and its stop (NULL: it
-- runs); the team acknowledges each hold (OLA response) at the first state
-- of it, from its start, that has an agent, or at its end
CREATE TEMP TABLE tl_raw AS
SELECT r.ticket, r.agreement, r.metric,
       row_number() OVER (PARTITION BY r.ticket, CASE WHEN r.agreement IN ('tl telco', 'tl power', 'tl parts') THEN 'UC'
                                                      ELSE r.agreement END, r.metric
                          ORDER BY f.i) AS cycle,
       f.i AS first_i, r.run_end AS stopped_at
FROM tl_runs r
CROSS JOIN LATERAL (SELECT min(s.i) AS i FROM tl_s s
                    WHERE s.ticket = r.ticket AND s.i >= r.b
                      AND (pg_temp.tl_target(r.agreement, s.service, r.metric, s.prio, s.tier, s.category, s.named)).agreement IS NOT NULL
                      AND (r.run_end IS NULL OR s.at < r.run_end OR (s.i = r.b AND s.at = r.run_end))) f
WHERE f.i IS NOT NULL;
INSERT INTO tl_raw
SELECT h.ticket, h.agreement, 'response', h.cycle, h.first_i,
       least(h.stopped_at, (SELECT min(s.at) FROM tl_s s
                            WHERE s.ticket = h.ticket AND s.i >= h.first_i AND s.agent IS NOT NULL
                              AND (h.stopped_at IS NULL OR s.at < h.stopped_at)))
FROM tl_raw h WHERE h.agreement = 'tl network' AND h.metric = 'resolution';
-- A clock that starts at the opening starts at the opening as the ticket
-- has it now (corrected: met, missed or running), or, cancelled, as it
-- had it then (no correction is made while a clock is cancelled); no clock
-- stops before it starts
CREATE TEMP TABLE tl_spans AS
SELECT r.ticket, r.agreement, r.metric, r.cycle, r.first_i, x.started_at,
       CASE WHEN r.stopped_at IS NOT NULL THEN greatest(r.stopped_at, x.started_at) END AS stopped_at
FROM tl_raw r
JOIN tl_s s0 ON s0.ticket = r.ticket AND s0.i = r.first_i
CROSS JOIN LATERAL (SELECT p.* FROM tl_s p
                    WHERE p.ticket = r.ticket AND p.i >= r.first_i
                      AND (r.stopped_at IS NULL OR p.at < r.stopped_at OR p.i = r.first_i)
                    ORDER BY p.i DESC LIMIT 1) last
CROSS JOIN LATERAL (SELECT CASE WHEN r.first_i > 0 THEN s0.at
                                WHEN (pg_temp.tl_target(r.agreement, last.service, r.metric, last.prio, last.tier,
                                                        last.category, last.named)).agreement IS NULL THEN last.opened
                                ELSE (SELECT f.opened FROM tl_s f WHERE f.ticket = r.ticket ORDER BY f.i DESC LIMIT 1)
                           END AS started_at) x;
-- the states each clock spans (its first too, if it stopped as it
-- started), with the part of their time inside the span (to the next
-- state, or to the stop; NULL: the state of a running clock that lasts),
-- the target that applies in each (NULL: none), and the one the clock
-- has then: that one, or, where none applies, the last it had
CREATE TEMP TABLE tl_parts AS
SELECT p.*, p.status = ANY ((p.has).pause_statuses) AS paused
FROM (SELECT p.*, first_value(p.applies) OVER (PARTITION BY p.ticket, p.agreement, p.metric, p.cycle, p.had
                                               ORDER BY p.i) AS has
      FROM (SELECT p.*, count((p.applies).agreement) OVER (PARTITION BY p.ticket, p.agreement, p.metric, p.cycle
                                                          ORDER BY p.i) AS had
            FROM (SELECT c.ticket, c.agreement, c.metric, c.cycle, s.i, greatest(s.at, c.started_at) AS part_from,
                         CASE WHEN c.stopped_at IS NULL THEN s.next_at ELSE least(s.next_at, c.stopped_at) END AS part_to,
                         s.status, s.prio, s.customer,
                         pg_temp.tl_target(c.agreement, s.service, c.metric, s.prio, s.tier, s.category, s.named) AS applies
                  FROM tl_spans c
                  JOIN tl_s s ON s.ticket = c.ticket AND s.i >= c.first_i
                             AND (c.stopped_at IS NULL OR s.at < c.stopped_at OR s.i = c.first_i)) p) p) p;
CREATE INDEX ON tl_parts (ticket, agreement, metric, cycle, i);
ANALYZE tl_parts;
-- a clock that has not stopped, running or cancelled, waits on the
-- customer from the first of the paused states that end its list
CREATE TEMP TABLE tl_ongoing AS
SELECT p.ticket, p.agreement, p.metric, p.cycle, min(p.part_from) AS paused_since, min(p.i) AS from_i
FROM tl_parts p JOIN tl_spans c USING (ticket, agreement, metric, cycle)
WHERE c.stopped_at IS NULL AND p.paused
  AND NOT EXISTS (SELECT FROM tl_parts q
                  WHERE (q.ticket, q.agreement, q.metric, q.cycle) = (p.ticket, p.agreement, p.metric, p.cycle)
                    AND q.i > p.i AND NOT q.paused)
GROUP BY 1, 2, 3, 4;
-- each clock's last state (before its stop, or now) gives its target, or,
-- where none applies, the clock is cancelled since the first of the states
-- without one that end its list (a next reply, once cancelled, for good),
-- keeps the last target it had, and the priority and customer of that
-- state; a running clock those of now, a stopped one those it stopped with
CREATE TEMP TABLE tl_clocks AS
SELECT c.*, (x.has).agreement AS agreement_name, (x.has).goal, (x.has).calendar, o.paused_since,
       CASE WHEN gone.i IS NOT NULL THEN greatest(c.started_at, gone.part_from) END AS cancelled_at,
       CASE WHEN gone.i IS NOT NULL THEN gone.prio ELSE last.prio END AS prio,
       CASE WHEN gone.i IS NOT NULL THEN gone.customer ELSE last.customer END AS customer,
       coalesce((SELECT range_agg(tstzrange(p.part_from, p.part_to))
                 FROM tl_parts p
                 WHERE (p.ticket, p.agreement, p.metric, p.cycle) = (c.ticket, c.agreement, c.metric, c.cycle)
                   AND p.paused AND p.part_to > p.part_from AND p.i < coalesce(o.from_i, p.i + 1)), '{}') AS pauses
FROM tl_spans c
CROSS JOIN LATERAL (SELECT p.* FROM tl_parts p
                    WHERE (p.ticket, p.agreement, p.metric, p.cycle) = (c.ticket, c.agreement, c.metric, c.cycle)
                    ORDER BY p.i DESC LIMIT 1) last
LEFT JOIN LATERAL (SELECT q.* FROM tl_parts q
                   WHERE (q.ticket, q.agreement, q.metric, q.cycle) = (c.ticket, c.agreement, c.metric, c.cycle)
                     AND (q.applies).agreement IS NULL
                     AND (c.metric = 'next_reply'
                          OR NOT EXISTS (SELECT FROM tl_parts z
                                         WHERE (z.ticket, z.agreement, z.metric, z.cycle)
                                               = (q.ticket, q.agreement, q.metric, q.cycle)
                                           AND z.i > q.i AND (z.applies).agreement IS NOT NULL))
                   ORDER BY q.i LIMIT 1) gone ON true
CROSS JOIN LATERAL (SELECT coalesce(gone.has, last.has) AS has) x
LEFT JOIN tl_ongoing o
       ON (o.ticket, o.agreement, o.metric, o.cycle) = (c.ticket, c.agreement, c.metric, c.cycle);
-- a next reply, once cancelled, stays so: what follows is not recorded on
-- it (no stop, and its pauses end at the cancellation)
UPDATE tl_clocks
SET pauses = (pauses + CASE WHEN paused_since IS NOT NULL THEN tstzmultirange(tstzrange(paused_since, NULL))
                            ELSE '{}' END) * tstzmultirange(tstzrange(NULL, cancelled_at)),
    paused_since = NULL, stopped_at = NULL
WHERE metric = 'next_reply' AND cancelled_at IS NOT NULL;
-- a deleted ticket's clocks that have not stopped end at the delete
-- (tl_play.deleted_at, after every state): a running one is cancelled
-- then, and a wait on the customer ends then; they stay, removed
ALTER TABLE tl_clocks ADD COLUMN removed boolean NOT NULL DEFAULT false;
UPDATE tl_clocks c
SET removed = true,
    cancelled_at = CASE WHEN c.stopped_at IS NULL THEN coalesce(c.cancelled_at, greatest(c.started_at, p.deleted_at))
                        ELSE c.cancelled_at END,
    pauses = CASE WHEN c.stopped_at IS NULL AND c.paused_since IS NOT NULL
                  THEN c.pauses + tstzmultirange(tstzrange(c.paused_since, greatest(c.started_at, p.deleted_at)))
                  ELSE c.pauses END,
    paused_since = CASE WHEN c.stopped_at IS NULL THEN NULL ELSE c.paused_since END
FROM tl_play p
WHERE c.ticket IN (SELECT ticket FROM tl_states WHERE deleted);
-- their business times, on the clock's calendar (a ticket's key is its
-- life modulo 100000)
CREATE TEMP TABLE tl_expected AS
SELECT (ticket % 100000)::text AS ticket, agreement_name AS agreement, metric, cycle::integer, prio AS priority, customer, goal,
       calendar, started_at,
       stopped_at, cancelled_at, pauses, paused_since, goal_time, paused_time,
       CASE WHEN cancelled_at IS NULL
            THEN slm.business_elapsed(started_at, stopped_at, calendar) - paused_time END AS time_used,
       due_at,
       CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled'
            WHEN stopped_at IS NOT NULL THEN CASE WHEN stopped_at <= due_at THEN 'met' ELSE 'missed' END
            WHEN paused_since IS NOT NULL THEN 'paused' ELSE 'running' END AS state,
       removed
FROM (SELECT c.*, slm.business_elapsed(started_at, base_due, calendar) AS goal_time,
             slm.business_add(base_due, paused_time, calendar) AS due_at
      FROM (SELECT c.*, slm.business_add(c.started_at, c.goal, c.calendar) AS base_due,
                   coalesce((SELECT sum(slm.business_elapsed(lower(r), upper(r), c.calendar))
                             FROM unnest(c.pauses) r), interval '0') AS paused_time
            FROM tl_clocks c) c) c;

