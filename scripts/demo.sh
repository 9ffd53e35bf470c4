#!/usr/bin/env bash
# scripts/demo.sh - the main job: slm on a throwaway cluster with sample data
#
# Run as root on a fresh Debian bookworm machine: installs what is missing,
# builds and installs slm, starts a private cluster, loads demo/demo.sql and
# prints what it shows, then stops the cluster.  The report is also written
# to demo/out/report.txt (SLM_DEMO_OUT), with two charts beside it drawn by
# gnuplot (demo/charts.gp): compliance.png and breaches.png.

source "$(dirname "$0")/lib.sh"
slm_need_root
cd "$SLM_ROOT"

SLM_RUN_DIR=${SLM_DEMO_DIR:-/tmp/slm-demo}
slm_install_packages gnuplot-nox
slm_build_install
trap slm_cluster_stop EXIT
slm_cluster_start

slm_psql -d postgres -c "CREATE DATABASE slm_demo"
out=${SLM_DEMO_OUT:-$SLM_ROOT/demo/out}
mkdir -p "$out"
slm_psql -d slm_demo -f demo/demo.sql | tee "$out/report.txt"

# the charts' data, from the same reports
slm_psql -d slm_demo -At -c "
SELECT to_char(period_start, 'YYYY-MM'), round(100.0 * sum(met) / nullif(sum(evaluated), 0), 1),
       round(100 * max(compliance_goal), 1)
FROM slm.compliance_monthly
WHERE kind = 'SLA' AND period_start < date '2026-12-01'
GROUP BY 1 ORDER BY 1" >"$out/compliance.dat"
slm_psql -d slm_demo -At -c "
SELECT service, sum(missed) + sum(breached)
FROM slm.compliance_report('2026-01-01', '2026-12-31', 'year')
WHERE kind = 'SLA'
GROUP BY 1 ORDER BY 1" >"$out/breaches.dat"
gnuplot -e "out='$out'" demo/charts.gp
echo
echo "== Charts: $out/compliance.png, $out/breaches.png (report: $out/report.txt)"
