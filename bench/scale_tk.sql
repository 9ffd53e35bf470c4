-- bench/scale_tk.sql - bench/scale.sh's ticket table (bench/clocks.sh's
-- shape), as a shard and the single server keep it, attached
CREATE TABLE tk (id bigserial PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), prio int NOT NULL,
                 cust text, status text NOT NULL DEFAULT 'new', status_at timestamptz,
                 responded timestamptz, resolved timestamptz, team text, vendor text, note text);
SELECT slm.attach('tk', key => 'id', opened_at => 'created', priority => 'prio', customer => 'cust',
                  status => 'status', status_changed_at => 'status_at', responded_at => 'responded',
                  resolved_at => 'resolved', assignment_group => 'team', supplier => 'vendor',
                  paused_statuses => '{waiting}', supplier_statuses => '{vendor}');
