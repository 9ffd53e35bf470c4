\set id random(1, 20000)
UPDATE tk_plain SET status = 'open', status_at = now() WHERE id = :id AND status <> 'open';
