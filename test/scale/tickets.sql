-- test/scale/tickets.sql - the ticket table of scripts/tests/scale_fdw.sh,
-- as each shard and the single server keep it, attached.
CREATE TABLE tickets (
    id         integer PRIMARY KEY,
    opened     timestamptz NOT NULL,
    prio       integer,
    customer   text,
    status     text NOT NULL,
    status_at  timestamptz,
    responded  timestamptz,
    resolved   timestamptz,
    team       text,
    vendor     text,
    agent      text,
    area       text
);
SELECT slm.attach('tickets', key => 'id', opened_at => 'opened', priority => 'prio', customer => 'customer',
                  default_service => 'desk', status => 'status', status_changed_at => 'status_at',
                  responded_at => 'responded', resolved_at => 'resolved', assignment_group => 'team',
                  supplier => 'vendor', assignee => 'agent', category => 'area',
                  paused_statuses => '{waiting,on hold}', supplier_statuses => '{vendor}');
