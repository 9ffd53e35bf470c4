\set id random(1, 20000)
UPDATE tk_plain SET status = 'solved', status_at = now(), resolved = now() WHERE id = :id AND resolved IS NULL;
