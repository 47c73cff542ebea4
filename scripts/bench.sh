#!/usr/bin/env bash
# Prints the benchmark figures the issues ask for. Benchmarks are not tests:
# nothing here passes or fails on a number.
#   BENCH_LISTINGS  listings in the search benchmark's store (default 1000000)
#   BENCH_CACHE     folder that keeps built benchmark stores between runs
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_CACHE="${BENCH_CACHE:-$PWD/.cache/bench}"
mkdir -p "$BENCH_CACHE"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "== Embedded store: ingest of 100k listings, store vs bare driver loop (same run)"
go test -run '^$' -bench 'BenchmarkIngest' -benchtime 1x -count 1 ./store/sqlite/ | tee "$out"
awk '/BenchmarkIngest-/ {s=$5} /BenchmarkIngestBareDriver-/ {b=$5}
     END { if (b>0) printf "store/bare ratio: %.2f (goal >= 0.80); store: %.0f listings/s (goal >= 50000)\n", s/b, s }' "$out"

echo
echo "== Embedded store: faceted listing search on ${BENCH_LISTINGS:-1000000} listings"
go test -run '^$' -bench 'BenchmarkSearch1M' -benchtime 400x -count 1 -timeout 60m ./store/sqlite/ | tee "$out"
