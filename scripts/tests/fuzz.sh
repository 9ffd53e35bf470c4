#!/usr/bin/env bash
# scripts/tests/fuzz.sh - fuzz the calendar parser and the business-time
# engine for a bounded time (run by scripts/test.sh)
#
# Builds test/fuzz/fuzz_engine.c with the engine's own C files (no server)
# under libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, and runs
# it from the seed corpus in test/fuzz/corpus for SLM_FUZZ_SECONDS seconds
# (default 60).  Any crash, sanitizer report, broken law, leak or input
# slower than 20 seconds is a finding: the suite fails and keeps the input
# under $SLM_RUN_DIR/fuzz/artifacts.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${SLM_FUZZ_SECONDS:-60}
work=${SLM_RUN_DIR:-/tmp/slm-run}/fuzz
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$root"/test/fuzz/corpus/* "$work/corpus/"

cc=$(command -v clang || command -v clang-14 || true)
if [ -z "$cc" ]; then
	echo "not ok - fuzz: clang is not installed"
	exit 1
fi
if ! "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$root/src" -I"$root/test/engine" \
	"$root"/src/calendar_parse.c "$root"/src/calendar_print.c "$root"/src/calendar_compile.c \
	"$root"/src/business_time.c "$root"/test/engine/host.c "$root"/test/fuzz/fuzz_engine.c \
	-o "$work/fuzz_engine" 2>"$work/build.log"; then
	cat "$work/build.log"
	echo "not ok - fuzz: the harness does not build"
	exit 1
fi
echo "ok - fuzz: harness built with libFuzzer, ASan and UBSan"

set +e
"$work/fuzz_engine" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
corpus=$(ls "$work/corpus" | wc -l)
echo "# fuzzed ${seconds}s: ${runs:-?} inputs, corpus grew to $corpus entries"
if [ "$status" != 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
	grep -E "ERROR|law broken|runtime error|SUMMARY|Test unit written" "$work/fuzz.log" | head -20
	echo "not ok - fuzz: findings (inputs in $work/artifacts)"
	exit 1
fi
echo "ok - fuzz: no crash, sanitizer report, broken law or timeout"
