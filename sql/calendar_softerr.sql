-- calendar_softerr: input errors are soft on PostgreSQL 16 and later
--
-- PostgreSQL 16 lets an input function report a bad value softly
-- (pg_input_is_valid, pg_input_error_info): calendar_in reports through
-- errsave (slm_report_error in src/slm.c, slm_zone_lookup in
-- src/pg_zone.c), which raises a hard error before 16.  On older servers
-- this test says it is skipped and stops (expected/calendar_softerr_1.out).
-- expected/calendar_softerr.out, the output on 16 and later, was written by
-- hand, no PostgreSQL 16 being at hand: its messages, details, hints and
-- SQLSTATEs are those of the hard errors that PostgreSQL 15 raises for the
-- same literals.
SELECT current_setting('server_version_num')::int < 160000 AS skip_test \gset
\if :skip_test
\echo 'calendar_softerr skipped: soft input errors (pg_input_is_valid, pg_input_error_info) need PostgreSQL 16 or later'
\quit
\endif

SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-17:00', 'slm.calendar');
SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-09:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=UTC; mondy 09:00-17:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=Nowhere/Land; 24x7', 'slm.calendar');
SELECT * FROM pg_input_error_info('mon-fri 09:00-17:00', 'slm.calendar');
