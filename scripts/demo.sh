#!/usr/bin/env bash
# scripts/demo.sh - the main job: slm on a throwaway cluster with sample data
#
# Run as root on a fresh Debian bookworm machine: installs what is missing,
# builds and installs slm, starts a private cluster, loads demo/demo.sql and
# prints what it shows, then stops the cluster.

source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"

SLM_RUN_DIR=${SLM_DEMO_DIR:-/tmp/slm-demo}
slm_install_packages
slm_build_install
trap slm_cluster_stop EXIT
slm_cluster_start

slm_psql -d postgres -c "CREATE DATABASE slm_demo"
slm_psql -d slm_demo -f demo/demo.sql
