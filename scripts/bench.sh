#!/usr/bin/env bash
# scripts/bench.sh - benchmarks of slm on a throwaway cluster (not a test)
#
# Run as root.  Prints figures and ratios; nothing here passes or fails.
#   ./scripts/bench.sh            business-time speed and memory (issue 3)

source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"

SLM_RUN_DIR=${SLM_BENCH_DIR:-/tmp/slm-bench}
SLM_EXTRA_CONF="shared_buffers = 256MB
work_mem = 64MB"
slm_install_packages
slm_build_install
trap slm_cluster_stop EXIT
slm_cluster_start
slm_psql -d postgres -c "CREATE DATABASE slm_bench"
slm_psql -d slm_bench -c "CREATE EXTENSION slm"

echo "== business time: speed (1M rows, one session)"
slm_psql -d slm_bench -f bench/business_time.sql
