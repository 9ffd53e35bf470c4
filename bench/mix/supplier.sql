\set id random(1, 20000)
UPDATE tk_plain SET status = 'vendor', vendor = 'telco', status_at = now() WHERE id = :id AND resolved IS NULL;
