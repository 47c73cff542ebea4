#!/usr/bin/env bash
# GraphQL listing search on the embedded store (issue 6): requests/s and
# p50/p99 of POST /graphql under a loopback load from a second process
# (bench/gqlbench load, vegeta as a library), against the same searches
# called directly on the store (bench/gqlbench direct), in the same run.
# The server process (bench/gqlbench serve) wires the API as the binary
# does, minus the per-IP rate limit. Run by scripts/bench.sh, or alone.
#   BENCH_LISTINGS   listings in the store (default 1000000); the store is
#                    the one BenchmarkSearch1M builds under BENCH_CACHE
#   BENCH_GQL_RATE   paced rate in requests/s (default 200)
#   BENCH_GQL_SECS   seconds per paced run (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_CACHE="${BENCH_CACHE:-$PWD/.cache/bench}"
n=${BENCH_LISTINGS:-1000000}
rate=${BENCH_GQL_RATE:-200}
secs=${BENCH_GQL_SECS:-20}
db="$BENCH_CACHE/sqlite-$n/market.db"

tmp=$(mktemp -d)
serve_pid=
cleanup() {
	if [[ -n $serve_pid ]]; then
		kill "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

if [[ ! -f "$BENCH_CACHE/sqlite-$n/complete" ]]; then
	echo "== building the $n-listing store under $BENCH_CACHE (once; takes minutes for 1M)"
	BENCH_LISTINGS=$n go test -run '^$' -bench 'BenchmarkSearch1M' -benchtime 1x -count 1 -timeout 60m ./store/sqlite/ >/dev/null
fi

go build -o "$tmp/gqlbench" ./bench/gqlbench
echo "== GraphQL listing search on $n listings (embedded): the same searches directly on the store, then through POST /graphql from a second process"
echo "   each: max throughput (4 callers, 10s), paced at $rate req/s (${secs}s), paced at half the store's max (${secs}s); at most 64 requests in flight"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tmp/gqlbench" direct --store "$db" --rate 0 --workers 4 --duration 10s | tee -a "$tmp/results"
half=$(awk '/^direct: rate=max/ { for (i = 2; i <= NF; i++) if ($i ~ /^throughput=/) { sub(/throughput=/, "", $i); sub(/\/s/, "", $i); h = int($i / 2) } } END { print (h > 0) ? h : 1 }' "$tmp/results")
"$tmp/gqlbench" direct --store "$db" --rate "$rate" --duration "${secs}s" | tee -a "$tmp/results"
"$tmp/gqlbench" direct --store "$db" --rate "$half" --duration "${secs}s" | tee -a "$tmp/results"

"$tmp/gqlbench" serve --store "$db" >"$tmp/serve.out" 2>"$tmp/serve.log" &
serve_pid=$!
line=""
for _ in $(seq 600); do
	line=$(grep -m1 '^url=' "$tmp/serve.out" || true)
	[[ -n $line ]] && break
	kill -0 "$serve_pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $line ]]; then
	cat "$tmp/serve.log" >&2
	echo "gqlbench serve did not start" >&2
	exit 1
fi
url=$(sed 's/^url=\([^ ]*\) .*/\1/' <<<"$line")
token=$(sed 's/.* token=//' <<<"$line")
"$tmp/gqlbench" load --url "$url" --token "$token" --rate 0 --workers 4 --duration 10s | tee -a "$tmp/results"
"$tmp/gqlbench" load --url "$url" --token "$token" --rate "$rate" --duration "${secs}s" | tee -a "$tmp/results"
"$tmp/gqlbench" load --url "$url" --token "$token" --rate "$half" --duration "${secs}s" | tee -a "$tmp/results"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v rate="$rate" -v half="$half" '
{ delete v; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  mode = $1; sub(/:$/, "", mode); r = v["rate"]; sub(/\/s$/, "", r)
  p50[mode, r] = v["p50-ms"]; p99[mode, r] = v["p99-ms"]; thr[mode, r] = v["throughput"] + 0; errs[mode, r] = v["errors"] }
END {
	for (k = 1; k <= 2; k++) {
		r = (k == 1) ? rate : half
		printf "at %d req/s asked: graphql %.1f req/s done, p50 %.2f ms, p99 %.2f ms, %d errors; direct %.1f req/s done, p50 %.2f ms, p99 %.2f ms\n",
			r, thr["graphql", r], p50["graphql", r], p99["graphql", r], errs["graphql", r], thr["direct", r], p50["direct", r], p99["direct", r]
		if (p50["direct", r] > 0)
			printf "   graphql/direct: p50 %.2fx, p99 %.2fx (goal <= 1.5x)\n", p50["graphql", r] / p50["direct", r], p99["graphql", r] / p99["direct", r]
	}
	printf "goal p99 < 50 ms at %d req/s through GraphQL: %s\n", rate, (thr["graphql", rate] >= 0.95 * rate && p99["graphql", rate] < 50) ? "met" : "not met"
	if (thr["graphql", "max"] > 0)
		printf "max throughput (4 callers): graphql %.1f req/s, direct %.1f req/s (direct/graphql %.2fx)\n", thr["graphql", "max"], thr["direct", "max"], thr["direct", "max"] / thr["graphql", "max"]
}' "$tmp/results"
