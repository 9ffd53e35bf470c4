\set p random(1, 4)
INSERT INTO tk_plain (prio, cust, team, status_at) VALUES (:p, 'c1', 'desk', now());
