-- The session settings and the helper that the regression files on the SLA
-- model, clocks, reports and privileges share (each sets its own TimeZone).
-- pg_temp.try(stmt) runs a statement and returns 'ok', or the SQLSTATE and
-- message of its error, so that a file can show many failures in a row.
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET lc_messages = 'C';

CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
