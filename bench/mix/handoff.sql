\set id random(1, 20000)
UPDATE tk_plain SET team = CASE WHEN team = 'desk' THEN 'network' ELSE 'desk' END, status_at = now() WHERE id = :id;
