# Makefile for slm, a PostgreSQL extension for service level management.
#
# The usual PGXS targets (all, install, installcheck, clean) need the server
# headers.  `make demo` and `make test` do not: they run scripts/demo.sh and
# scripts/test.sh, which install what a fresh Debian machine lacks first.

EXTENSION    = slm
EXTVERSION   = 0.3
MODULE_big   = slm
# src/engine/ is the pure C engine (no PostgreSQL header); src/ the SQL layer
OBJS         = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c) $(wildcard src/engine/*.c)))
# The current version's install script is built from its sources by layer,
# each resting on the ones before it (src/sql/).  The released scripts
# beside it, the first release's install script and one upgrade script per
# release, are never edited once released.
SQL_LAYERS   = calendars model clocks reports
DATA_built   = $(EXTENSION)--$(EXTVERSION).sql
DATA         = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))
DOCS         = README.md
PGFILEDESC   = "slm - service level management"
# the module reports the version its install script is built for
PG_CPPFLAGS  = -I$(srcdir)/src -I$(srcdir)/src/engine -DSLM_VERSION='"$(EXTVERSION)"'
PG_CFLAGS    = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
               -Wno-sign-compare -Wno-cast-function-type

# pg_regress tests, in order: install pins CREATE EXTENSION and \dx.
REGRESS      = install calendar_io calendar_errors business_time business_dst \
               business_days business_properties named_calendars calendar_index \
               sla_model clocks clock_paths clock_rules clock_notices ticket_systems history_load metrics reports security \
               privileges extremes
REGRESS_OPTS = --inputdir=. --load-extension=plpgsql

# isolation tests (concurrent sessions), in specs/
ISOLATION      = named_calendar_sessions clock_sessions related_sessions resync_sessions
ISOLATION_OPTS = --load-extension=slm

# the objects' header lists (below), which PGXS must know of before it is read
EXTRA_CLEAN  = $(OBJS:.o=.d)

PG_CONFIG   ?= pg_config
PGXS        := $(wildcard $(shell $(PG_CONFIG) --pgxs 2>/dev/null))

ifneq ($(PGXS),)
include $(PGXS)
# soft input errors exist from PostgreSQL 16 on (scripts/test.sh says when
# this is not run)
ifeq ($(shell test $(VERSION_NUM) -ge 160000 && echo yes),yes)
REGRESS += calendar_softerr
endif

# each object's headers, written by the compiler as it builds the object
# (src/x.d), so that a header edit rebuilds every object that includes it
%.o: override CPPFLAGS += -MMD -MP
-include $(OBJS:.o=.d)

$(EXTENSION)--$(EXTVERSION).sql: $(patsubst %,src/sql/%.sql,$(SQL_LAYERS)) slm.control
	@grep -q "^default_version = '$(EXTVERSION)'" slm.control || \
		{ echo "slm.control's default_version is not $(EXTVERSION)" >&2; exit 1; }
	{ printf '%s\n' '/* $@: built by the Makefile from src/sql/ ($(SQL_LAYERS)); edit those */' '' \
		'-- complain if script is sourced in psql, rather than via CREATE EXTENSION' \
		'\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for f in $(filter %.sql,$^); do echo; cat "$$f"; done; } >$@
else
all install installcheck:
	@echo "PostgreSQL server headers not found (pg_config --pgxs)."
	@echo "Run 'make test' or 'make demo' as root to install them, or set PG_CONFIG."
	@exit 1
endif

.PHONY: demo test prove bench fuzz valgrind

demo:
	./scripts/demo.sh

test:
	./scripts/test.sh

# the pg_regress suite with the server under valgrind (slow: tens of minutes)
valgrind:
	./scripts/valgrind.sh

# pgTAP suites against an already running server (PGHOST/PGPORT/PGDATABASE).
prove:
	pg_prove --ext .sql -r test/pgtap

# benchmarks: business time, clocks, reports (figures and ratios, see bench/)
bench:
	./scripts/bench.sh

# the libFuzzer harness alone, exploring for SLM_FUZZ_SECONDS (default 600)
# from a random seed; make test runs a fixed, reproducible set of inputs
SLM_FUZZ_SECONDS ?= 600
fuzz:
	SLM_FUZZ_SECONDS=$(SLM_FUZZ_SECONDS) bash ./scripts/tests/fuzz.sh
