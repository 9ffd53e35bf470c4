-- test/include/compare.sql - the comparison that both differential tests
-- share: the calendar engine against the oracle (test/differential/*.sql,
-- scripts/tests/differential.sh) and the clock rules against the reference
-- (scripts/tests/clock_differential.sh).
--
-- pg_temp.compare(what, c_rows, ref_rows, noun, shown) runs two queries
-- that return rows of the same shape, one from the C side and one from the
-- reference, and compares them as multisets, column for column (EXCEPT ALL,
-- so two NULLs agree, as with IS NOT DISTINCT FROM).  It returns the lines
-- to print: first
--     ok - WHAT: N NOUN, 0 mismatches
-- or
--     not ok - WHAT: N NOUN, M mismatches
-- where N counts the C side's rows and M the rows that one side has and the
-- other has not (the larger of the two counts: a case whose value differs
-- is one mismatch); then, on a mismatch, up to SHOWN rows of each side that
-- the other has not, as "# C:" and "# reference:" lines sorted so that the
-- two versions of a case stand together.  Put the key and the inputs of a
-- case first in both queries.  Nothing to compare is a failure too.
CREATE FUNCTION pg_temp.compare(what text, c_rows text, ref_rows text,
                                noun text DEFAULT 'rows', shown int DEFAULT 10)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    only_c bigint;
    only_ref bigint;
    mismatches bigint;
    samples text[];
BEGIN
    EXECUTE format($q$
        WITH c AS MATERIALIZED (%s), r AS MATERIALIZED (%s),
             only_c AS MATERIALIZED (SELECT * FROM c EXCEPT ALL SELECT * FROM r),
             only_r AS MATERIALIZED (SELECT * FROM r EXCEPT ALL SELECT * FROM c)
        SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM only_c), (SELECT count(*) FROM only_r),
               ARRAY(SELECT line FROM (
                         (SELECT x::text AS row, '# C:         ' || x::text AS line FROM only_c x
                          ORDER BY 1 LIMIT $1)
                         UNION ALL
                         (SELECT x::text, '# reference: ' || x::text FROM only_r x ORDER BY 1 LIMIT $1)) s
                     ORDER BY row, line)
        $q$, c_rows, ref_rows)
        INTO total, only_c, only_ref, samples USING shown;
    mismatches := greatest(only_c, only_ref);
    RETURN NEXT format('%s - %s: %s %s, %s mismatches',
                       CASE WHEN mismatches = 0 AND total > 0 THEN 'ok' ELSE 'not ok' END,
                       what, total, noun, mismatches);
    IF total = 0 THEN
        RETURN NEXT '# nothing to compare';
    END IF;
    RETURN QUERY SELECT unnest(samples);
END $$;
