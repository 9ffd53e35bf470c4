-- calendar_softerr: input errors are soft on PostgreSQL 16 and later
--
-- PostgreSQL 16 lets an input function report a bad value softly
-- (pg_input_is_valid, pg_input_error_info): calendar_in reports through
-- errsave (slm_report_error in src/base.c, slm_zone_lookup in
-- src/pg_zone.c), which raises a hard error before 16.  The Makefile runs
-- this test on 16 and later only, as ip4r does its soft-error test, and
-- make test says so where it does not run it.  expected/calendar_softerr.out
-- was written by hand, no PostgreSQL 16 being at hand: its messages,
-- details, hints and SQLSTATEs are those of the hard errors that
-- PostgreSQL 15 raises for the same literals.
SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-17:00', 'slm.calendar');
SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-09:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=UTC; mondy 09:00-17:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=Nowhere/Land; 24x7', 'slm.calendar');
SELECT * FROM pg_input_error_info('mon-fri 09:00-17:00', 'slm.calendar');
