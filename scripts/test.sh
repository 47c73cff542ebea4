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
	if [[ -n "${stripe_mock_pid:-}" ]]; then
		echo "== stopping stripe-mock"
		kill "$stripe_mock_pid" 2>/dev/null || true
		wait "$stripe_mock_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

if [[ -z "${EXPORTSCOPE_ES_URL:-}" ]]; then
	if status="$(deploy/es-dev/es status 2>/dev/null)"; then
		# A developer's node is up: use it and leave it (and its data) alone.
		url="$(tail -n 1 <<<"$status")"
	else
		echo "== starting Elasticsearch (deploy/es-dev)"
		url="$(deploy/es-dev/es start | tail -n 1)"
		started_es=1
	fi
	export EXPORTSCOPE_ES_URL="$url"
fi
export EXPORTSCOPE_ES_REQUIRED=1
echo "== Elasticsearch at $EXPORTSCOPE_ES_URL"

# stripe-mock: the official Stripe API mock, pinned to a release that
# serves API version 2023-10-16 (stripe-go v76) in strict mode, installed
# once into .cache/bin and started on loopback ports the system picks (both
# its HTTP and HTTPS listeners). The billing tests are then required.
stripe_mock_version=v0.183.0
stripe_mock="$PWD/.cache/bin/stripe-mock"
# (go install leaves no version in the binary, so a marker file records it.)
if ! [[ -x "$stripe_mock" && -f "$stripe_mock.$stripe_mock_version" ]]; then
	echo "== installing stripe-mock $stripe_mock_version"
	GOBIN="$PWD/.cache/bin" go install "github.com/stripe/stripe-mock@$stripe_mock_version"
	touch "$stripe_mock.$stripe_mock_version"
fi
stripe_mock_log="$(mktemp -t stripe-mock.XXXXXX)"
"$stripe_mock" -http-addr 127.0.0.1: -https-addr 127.0.0.1: -strict-version-check >"$stripe_mock_log" 2>&1 &
stripe_mock_pid=$!
for _ in $(seq 100); do
	addr="$(sed -n 's/^Listening for HTTP at address: //p' "$stripe_mock_log")"
	[[ -n "$addr" ]] && break
	kill -0 "$stripe_mock_pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z "${addr:-}" ]]; then
	echo "stripe-mock did not start:" >&2
	cat "$stripe_mock_log" >&2
	exit 1
fi
export EXPORTSCOPE_STRIPE_MOCK_URL="http://$addr"
export EXPORTSCOPE_STRIPE_REQUIRED=1
echo "== stripe-mock $stripe_mock_version at $EXPORTSCOPE_STRIPE_MOCK_URL"

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 25m ./...

echo "== frontend (npm ci, codegen drift, vitest, vite build, bundle budget, Playwright e2e)"
frontend/scripts/check.sh
