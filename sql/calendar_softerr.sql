-- calendar_softerr: input errors are soft on PostgreSQL 16 and later
SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-17:00', 'slm.calendar');
SELECT pg_input_is_valid('tz=UTC; mon-fri 09:00-09:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=UTC; mondy 09:00-17:00', 'slm.calendar');
SELECT * FROM pg_input_error_info('tz=Nowhere/Land; 24x7', 'slm.calendar');
SELECT * FROM pg_input_error_info('mon-fri 09:00-17:00', 'slm.calendar');
