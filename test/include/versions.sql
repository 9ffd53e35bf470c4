-- test/include/versions.sql - every version of a table's rows, and the same
-- versions as an audit trail of field changes, for the tests that load
-- histories with slm.load_history (test/history/history.sql,
-- test/shapes/shapes.sql).
--
-- pg_temp.keep_versions(tbl, versions, seq) makes the table `versions`
-- (LIKE tbl, and a column seq) that a trigger fills with every row
-- inserted into or updated in tbl, seq drawn from the sequence `seq`.
--
-- pg_temp.field_changes(view, versions, key, at, fields) makes the view
-- `view` of those versions as field changes (ticket, at, field, old_value,
-- new_value, seq): a row for each column of `fields` that a version
-- changed, at the version's time (column `at`); the rows of one version
-- share its seq, one change of the row, as a Redmine journal's details do.
CREATE FUNCTION pg_temp.keep_versions(tbl regclass, versions text, seq text) RETURNS void
    LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE %s, seq bigint NOT NULL DEFAULT nextval(%L))', versions, tbl, seq);
    EXECUTE format($t$CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $k$
                   BEGIN
                       INSERT INTO %I SELECT NEW.*;
                       RETURN NULL;
                   END $k$$t$, 'keep_' || versions, versions);
    EXECUTE format('CREATE TRIGGER keep_version AFTER INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %I()',
                   tbl, 'keep_' || versions);
END $f$;

CREATE FUNCTION pg_temp.field_changes(view text, versions text, key text, at text, fields text[]) RETURNS void
    LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($v$
        CREATE VIEW %1$I AS
        SELECT v.%2$I AS ticket, v.%3$I AS at, f.field, f.old_value, f.new_value, v.seq
        FROM (SELECT v.*, to_jsonb(v) AS after,
                     lag(to_jsonb(v)) OVER (PARTITION BY v.%2$I ORDER BY v.seq) AS before
              FROM %4$I v) v
        CROSS JOIN LATERAL (SELECT k AS field, v.before ->> k AS old_value, v.after ->> k AS new_value
                            FROM unnest(%5$L::text[]) k) f
        WHERE v.before IS NOT NULL AND (v.before -> f.field) IS DISTINCT FROM (v.after -> f.field)$v$,
        view, key, at, versions, fields);
END $f$;
