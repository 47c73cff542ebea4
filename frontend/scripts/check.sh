#!/usr/bin/env bash
# The frontend part of `make test`: install (npm ci), generated-types drift
# check, unit tests, production build into server/web/dist/app, bundle
# budget, and the end-to-end smoke test in Debian's Chromium against the
# real Go server on a seeded embedded store.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd .. && pwd)"
t0=$SECONDS

if [[ ! -x /usr/bin/chromium ]]; then
	echo "== installing Debian chromium (for the end-to-end test)"
	if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.package-lock.json
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp.ci"; then
	echo "== npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	cp package-lock.json "$stamp.ci"
fi

echo "== graphql-codegen drift check"
tmp="$(mktemp -d)"
srv_pid=""
cleanup() {
	if [[ -n $srv_pid ]]; then kill "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
CODEGEN_OUT="$tmp/generated.ts" npx graphql-codegen --config codegen.ts
if ! diff -u src/api/generated.ts "$tmp/generated.ts"; then
	echo "src/api/generated.ts is out of date with graph/*.graphqls: run make frontend-codegen" >&2
	exit 1
fi

echo "== vitest"
npx vitest run

echo "== vite build"
npm run build --silent

echo "== bundle budget"
node scripts/budget.mjs

echo "== end-to-end (playwright-core + /usr/bin/chromium)"
(cd "$root" && go build -o "$tmp/exportscope" ./server/cmd/exportscope && go run ./server/web/internal/e2eseed -data "$tmp/data")
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# The server must read the seeded embedded store: drop any EXPORTSCOPE_*
# settings of the caller (make test exports EXPORTSCOPE_ES_URL for the Go
# tests, which would point it at an empty Elasticsearch).
env $(env | sed -n 's/^\(EXPORTSCOPE_[A-Z0-9_]*\)=.*/-u \1/p') \
	"$tmp/exportscope" --data "$tmp/data" --log-level warn serve --addr "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
srv_pid=$!
for _ in $(seq 100); do
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	kill -0 "$srv_pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
	sleep 0.1
done
rm -rf test-results
# Every e2e/*.mjs is one end-to-end suite against the same server, run in
# name order; each saves its screenshots under test-results/.
for spec in e2e/*.mjs; do
	echo "-- $spec"
	if ! BASE_URL="http://127.0.0.1:$port" node "$spec"; then
		echo "-- server log" >&2; tail -n 50 "$tmp/serve.log" >&2
		exit 1
	fi
done
echo "== frontend checks done in $((SECONDS - t0)) s"
