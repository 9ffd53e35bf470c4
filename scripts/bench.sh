#!/usr/bin/env bash
# scripts/bench.sh - benchmarks of slm on a throwaway cluster (not a test)
#
# Run as root.  Prints figures and ratios; nothing here passes or fails.
#   ./scripts/bench.sh [business_time] [clocks] [reports] [scale]
#     business_time: business-time speed and memory (issue 3)
#     clocks:        tracking, rebuild and status-view speed (issue 6)
#     reports:       monthly compliance over 10M clocks (issue 7)
#     scale:         a coordinator and two shards on postgres_fdw (doc/scale-out.md),
#                    on servers of their own
# With no argument, all of them but scale.

source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"

SLM_RUN_DIR=${SLM_BENCH_DIR:-/tmp/slm-bench}
# durable commits, as in production: tracking costs show against real ones
SLM_EXTRA_CONF="shared_buffers = 256MB
work_mem = 64MB
fsync = on"
slm_install_packages
slm_build_install
trap slm_cluster_stop EXIT
slm_cluster_start
slm_psql -d postgres -c "CREATE DATABASE slm_bench"
slm_psql -d slm_bench -c "CREATE EXTENSION slm"

suites=${*:-business_time clocks reports}
for suite in $suites; do
	case $suite in
		business_time)
			echo "== business time: speed (1M rows, one session)"
			slm_psql -d slm_bench -f bench/business_time.sql
			;;
		clocks)
			SLM_PG_BIN=$SLM_PG_BIN SLM_RUN_DIR=$SLM_RUN_DIR bash bench/clocks.sh
			;;
		reports)
			bash bench/reports.sh
			;;
		scale)
			bash bench/scale.sh
			;;
		*)
			echo "unknown benchmark $suite" >&2
			exit 2
			;;
	esac
done
