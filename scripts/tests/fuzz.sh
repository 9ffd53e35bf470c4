#!/usr/bin/env bash
# scripts/tests/fuzz.sh - fuzz the calendar parser and the business-time
# engine for a bounded time (run by scripts/test.sh)
#
# Builds test/fuzz/fuzz_engine.c with the engine's own C files (src/engine/,
# no server) under libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer,
# and runs it from the seed corpus in test/fuzz/corpus.  Any crash, sanitizer
# report, broken law, leak or input slower than 20 seconds is a finding: the
# suite fails and keeps the input under $SLM_RUN_DIR/fuzz/artifacts.
#
# By default the run is reproducible, so that a test run fails for the code
# and not for luck: SLM_FUZZ_RUNS inputs (default 5000) from the fixed seed
# SLM_FUZZ_SEED (default 1), capped at 300 seconds.  Exploring is a separate
# job: SLM_FUZZ_SECONDS=N (as `make fuzz` sets) runs for N seconds from a
# random seed instead; add what it finds to test/sql or the corpus.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -n "${SLM_FUZZ_SECONDS:-}" ]; then
	budget=(-max_total_time="$SLM_FUZZ_SECONDS")
	what="${SLM_FUZZ_SECONDS}s from a random seed"
else
	budget=(-runs="${SLM_FUZZ_RUNS:-5000}" -seed="${SLM_FUZZ_SEED:-1}" -max_total_time=300)
	what="${SLM_FUZZ_RUNS:-5000} runs from seed ${SLM_FUZZ_SEED:-1}"
fi
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
	-I"$root/src/engine" -I"$root/test/engine" \
	"$root"/src/engine/*.c "$root"/test/engine/host.c "$root"/test/fuzz/fuzz_engine.c \
	-o "$work/fuzz_engine" 2>"$work/build.log"; then
	cat "$work/build.log"
	echo "not ok - fuzz: the harness does not build"
	exit 1
fi
echo "ok - fuzz: harness built with libFuzzer, ASan and UBSan"

set +e
"$work/fuzz_engine" "${budget[@]}" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
corpus=$(ls "$work/corpus" | wc -l)
echo "# fuzzed $what: ${runs:-?} inputs, corpus grew to $corpus entries"
if [ "$status" != 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
	grep -E "ERROR|law broken|runtime error|SUMMARY|Test unit written" "$work/fuzz.log" | head -20
	echo "not ok - fuzz: findings (inputs in $work/artifacts)"
	exit 1
fi
echo "ok - fuzz: no crash, sanitizer report, broken law or timeout"
