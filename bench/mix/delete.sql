\set id random(1, 20000)
DELETE FROM tk_plain WHERE id = :id;
