#!/usr/bin/env bash
# Runs every test of the repository with the real services they need.
#
# Elasticsearch: when EXPORTSCOPE_ES_URL is not set, a real 8.x node is
# built from Maven Central artifacts and started here (deploy/es-dev), and
# stopped at the end. The Elasticsearch tests are then required: a missing
# node fails them instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."

started_es=0
cleanup() {
	if ((started_es)); then
		echo "== stopping Elasticsearch"
		deploy/es-dev/es stop || true
	fi
}
trap cleanup EXIT

if [[ -z "${EXPORTSCOPE_ES_URL:-}" ]]; then
	echo "== starting Elasticsearch (deploy/es-dev)"
	url="$(deploy/es-dev/es start | tail -n 1)"
	started_es=1
	export EXPORTSCOPE_ES_URL="$url"
fi
export EXPORTSCOPE_ES_REQUIRED=1
echo "== Elasticsearch at $EXPORTSCOPE_ES_URL"

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 25m ./...
