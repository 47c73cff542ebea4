#!/usr/bin/env bash
# Runs every test of the repository. Services the tests need (a real
# Elasticsearch node, once its backend lands) are started here and stopped
# at the end; a test that needs one fails rather than skips when run this way.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...
