\set id random(1, 20000)
\set p random(1, 4)
UPDATE tk_plain SET prio = :p WHERE id = :id;
