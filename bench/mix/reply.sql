\set id random(1, 20000)
UPDATE tk_plain SET responded = now() WHERE id = :id AND responded IS NULL;
