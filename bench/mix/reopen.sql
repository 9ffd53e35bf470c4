\set id random(1, 20000)
UPDATE tk_plain SET status = 'open', status_at = now(), resolved = NULL WHERE id = :id AND resolved IS NOT NULL;
