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

# GraphQL: the same searches through POST /graphql on that store, loaded
# from a second process, against the store called directly (issue 6).
echo
scripts/bench-graphql.sh

# Elasticsearch: the same workload against a real node. Without
# EXPORTSCOPE_ES_URL, the dev node (deploy/es-dev) is used: started here if
# it is not running, and then stopped at the end (which removes its data,
# the 1M-listing search index included). Point EXPORTSCOPE_ES_URL at a node
# that stays up to keep that index between runs.
embedded_search=$(mktemp)
es_out=$(mktemp)
cp "$out" "$embedded_search" # BenchmarkSearch1M of the embedded store, above
started_es=0
cleanup() {
	rm -f "$out" "$embedded_search" "$es_out"
	if ((started_es)); then
		echo "== stopping Elasticsearch (started by this script)"
		deploy/es-dev/es stop || true
	fi
}
trap cleanup EXIT
if [[ -z "${EXPORTSCOPE_ES_URL:-}" ]]; then
	echo
	if status="$(deploy/es-dev/es status 2>&1)"; then
		url="$(tail -n 1 <<<"$status")"
		echo "== Elasticsearch: using the dev node that is running already, at $url (left running)"
	elif [[ $status == *"not running"* ]]; then
		echo "== starting Elasticsearch (deploy/es-dev)"
		url="$(deploy/es-dev/es start | tail -n 1)"
		started_es=1
	else
		echo "$status" >&2
		echo "the dev node is not usable; fix it, or set EXPORTSCOPE_ES_URL" >&2
		exit 1
	fi
	export EXPORTSCOPE_ES_URL="$url"
fi

echo
echo "== Elasticsearch ($EXPORTSCOPE_ES_URL): ingest of 100k listings, store vs bare esutil.BulkIndexer loop (same run, alternating)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run '^$' -bench '^BenchmarkIngest$' -benchtime 2x -count 1 -timeout 30m ./store/elastic/ | tee "$es_out"
awk '/^BenchmarkIngest-/ { for (i = 2; i < NF; i++) { if ($(i+1) == "store-docs/s") s = $i; if ($(i+1) == "bare-docs/s") b = $i } }
     END { if (b > 0) printf "store/bare ratio: %.2f (goal >= 0.80); store: %.0f docs/s, bare: %.0f docs/s\n", s/b, s, b }' "$es_out"

echo
echo "== Elasticsearch ($EXPORTSCOPE_ES_URL): faceted listing search on ${BENCH_LISTINGS:-1000000} listings (index kept on the node between runs)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run '^$' -bench '^BenchmarkSearch1M$' -benchtime 400x -count 1 -timeout 120m ./store/elastic/ | tee "$es_out"

echo
echo "== Faceted listing search on ${BENCH_LISTINGS:-1000000} listings, 400 queries of the same mix"
awk '{ f = (FILENAME == ARGV[1]) ? 1 : 2 }
     /^BenchmarkSearch1M-/ { for (i = 2; i < NF; i++) { if ($(i+1) == "p50-ms") p50[f] = $i; if ($(i+1) == "p95-ms") p95[f] = $i } }
     END {
	printf "%-15s %10s %10s\n", "store", "p50 ms", "p95 ms"
	printf "%-15s %10s %10s\n", "embedded", (1 in p50) ? p50[1] : "-", (1 in p95) ? p95[1] : "-"
	printf "%-15s %10s %10s\n", "elasticsearch", (2 in p50) ? p50[2] : "-", (2 in p95) ? p95[2] : "-"
     }' "$embedded_search" "$es_out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Analytics: the magnesium market report over every market on
# BENCH_LISTINGS listings and ~500k trade flows, on the embedded store
# (built once under BENCH_CACHE, reusing the store benchmark's listings) and
# on Elasticsearch; peak heap of the report process.
echo
echo "== Market report (magnesium, every market) on ${BENCH_LISTINGS:-1000000} listings and ~500k trade flows"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run '^$' -bench 'BenchmarkMarketReport' -benchtime 3x -count 1 -timeout 90m ./analytics/ | tee "$es_out"
awk '/^BenchmarkMarketReport/ { for (i = 2; i < NF; i++) { if ($(i+1) == "ms/report") ms = $i; if ($(i+1) == "peak-heap-MB") mb = $i }
     name = ($1 ~ /SQLite/) ? "embedded (goal < 5 s)" : "elasticsearch (goal < 1 s)"; printf "%-28s %8.0f ms/report, peak heap %6.0f MB\n", name, ms, mb }' "$es_out"

# Crawler: the Go crawler (colly, a frontier in the control database, the
# SQLite store) and Scrapy (Debian's python3-scrapy, bench/scrapy/) crawl
# the same practice storefront, a demo-market started here on a free
# loopback port with no faults, slow or broken pages: the US storefront's
# search pages and JSON-LD product pages for the same keywords, 500 URLs
# admitted, politeness off (no delay, BENCH_CRAWL_PARALLELISM requests in
# flight, default 8), robots.txt obeyed by both. The rounds alternate Go
# and Scrapy (BENCH_CRAWL_ROUNDS, default 3) so that both see the same
# machine load; the figures are totals over the rounds. CPU is each
# crawler's process user+sys time over its crawls (getrusage), the
# market's not included. Then extraction alone on the real fixture pages.
(
	crawl_tmp=$(mktemp -d)
	market_pid=
	crawl_cleanup() {
		if [[ -n $market_pid ]]; then
			kill "$market_pid" 2>/dev/null || true
			wait "$market_pid" 2>/dev/null || true
		fi
		rm -rf "$crawl_tmp"
	}
	trap crawl_cleanup EXIT

	# Debian's scrapy is for Debian's python3, not a pyenv one on PATH.
	py=/usr/bin/python3
	if ! "$py" -c 'import scrapy' 2>/dev/null; then
		echo "== installing Debian's python3-scrapy"
		sudo=""
		((EUID == 0)) || sudo=sudo
		$sudo apt-get update -qq
		$sudo apt-get install -y -qq python3-scrapy >/dev/null
	fi

	go build -o "$crawl_tmp/exportscope" ./server/cmd/exportscope
	"$crawl_tmp/exportscope" demo-market --addr 127.0.0.1:0 --seed 1 --listings 20000 \
		--fault-rate 0 --malformed-rate 0 --slow-rate 0 >"$crawl_tmp/market.out" 2>"$crawl_tmp/market.log" &
	market_pid=$!
	market_url=""
	for _ in $(seq 300); do
		market_url=$(sed -n 's/^Practice marketplace is serving at //p' "$crawl_tmp/market.out")
		[[ -n $market_url ]] && break
		kill -0 "$market_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [[ -z $market_url ]]; then
		cat "$crawl_tmp/market.log" >&2
		echo "demo-market did not start" >&2
		exit 1
	fi

	rounds=${BENCH_CRAWL_ROUNDS:-3}
	parallelism=${BENCH_CRAWL_PARALLELISM:-8}
	echo
	echo "== Crawler: practice marketplace at $market_url, US storefront, 500-URL cap, $parallelism requests in flight, $rounds rounds of Go then Scrapy"
	for round in $(seq "$rounds"); do
		echo "-- round $round, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
		BENCH_PRACTICE_URL=$market_url BENCH_CRAWL_PARALLELISM=$parallelism \
			go test -run '^$' -bench '^BenchmarkCrawlPractice$' -benchtime 1x -count 1 ./crawlers/crawl/ |
			tee -a "$crawl_tmp/go.txt" | grep -E '^(Benchmark|    bench_test)'
		"$py" bench/scrapy/run.py --base "$market_url" --keywords magnesia,jellyfish,bitumen,towel \
			--cap 500 --concurrency "$parallelism" --out "$crawl_tmp/items.jsonl" | tee -a "$crawl_tmp/scrapy.txt"
	done
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	awk '
	/^BenchmarkCrawlPractice-/ {
		for (i = 2; i < NF; i++) {
			if ($(i+1) == "pages/op") p = $i
			if ($(i+1) == "pages/s") r = $i
			if ($(i+1) == "cpu-ms/page") c = $i
		}
		gp += p; gw += p / r; gc += p * c / 1000
	}
	/^scrapy: pages=/ {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		sp += v["pages"]; sw += v["wall_s"]; sc += v["cpu_s"]
	}
	END {
		if (gp == 0 || sp == 0) { print "crawl: missing figures" > "/dev/stderr"; exit 1 }
		g = gp / gw; s = sp / sw
		printf "crawl: Go %.1f pages/s (%.2f cpu-ms/page), Scrapy %.1f pages/s (%.2f cpu-ms/page): ratio %.2f (goal >= 3 at equal or lower CPU per page; CPU ratio Go/Scrapy %.2f)\n",
			g, 1000 * gc / gp, s, 1000 * sc / sp, g / s, (gc / gp) / (sc / sp)
	}' "$crawl_tmp/go.txt" "$crawl_tmp/scrapy.txt"

	echo
	echo "== Extraction alone: real fixture pages (../shared/fixtures/pages), each with its shipped adapter; median of 3 runs"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	go test -run '^$' -bench '^BenchmarkExtractFixtures$' -benchtime 1s -count 3 ./crawlers/extract/ | tee "$crawl_tmp/extract.txt"
	awk '/^BenchmarkExtractFixtures\// {
		for (i = 2; i < NF; i++) if ($(i+1) == "MB/s") mbs = $i
		name = $1; sub(/^BenchmarkExtractFixtures\//, "", name); sub(/-[0-9]+$/, "", name)
		if (!(name in n)) order[++names] = name
		v[name, ++n[name]] = mbs + 0
	}
	END {
		for (k = 1; k <= names; k++) {
			name = order[k]; m = n[name]
			for (i = 2; i <= m; i++) for (j = i; j > 1 && v[name, j-1] > v[name, j]; j--) {
				t = v[name, j]; v[name, j] = v[name, j-1]; v[name, j-1] = t
			}
			printf "extract: %-36s %8.1f MB/s (runs: %.1f to %.1f)\n", name, v[name, int((m+1)/2)], v[name, 1], v[name, m]
		}
	}' "$crawl_tmp/extract.txt"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
)
