# ExportScope — the two commands a new machine needs are `make demo` and
# `make test`; both install what they need themselves.

GO        ?= go
BIN       := bin/exportscope
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
DEMO_ADDR ?= 127.0.0.1:8080

.PHONY: all build test test-go bench demo lint vet generate generate-check es-start es-stop clean
.PHONY: frontend frontend-codegen frontend-codegen-check frontend-test

all: build

build: frontend
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./server/cmd/exportscope

## demo: build, fill the embedded store with practice data, serve on DEMO_ADDR
demo: build
	./$(BIN) demo --addr $(DEMO_ADDR)

## test: every test, with the real services the tests need started and stopped here
test:
	./scripts/test.sh

## test-go: only the Go tests, against services you started yourself
test-go:
	$(GO) test -count=1 ./...

## bench: the benchmark figures the issues ask for
bench: build
	./scripts/bench.sh

vet lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)

## generate: regenerate the GraphQL server code from graph/*.graphqls (gqlgen, pinned in go.mod's tool block)
generate:
	cd graph && $(GO) tool gqlgen generate

## generate-check: fail when the generated code is not what the schema gives
generate-check: generate
	git diff --exit-code -- graph
	@test -z "$$(git ls-files --others --exclude-standard graph)" || (echo "untracked generated files in graph/"; exit 1)

es-start:
	./deploy/es-dev/es start

es-stop:
	./deploy/es-dev/es stop

clean:
	rm -rf bin

## frontend: build the web app into server/web/dist/app, which the binary embeds (go:embed)
frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build --silent

# npm ci again only when the lock file is newer than the installed tree.
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

## frontend-codegen: regenerate frontend/src/api/generated.ts from graph/*.graphqls and the app's operations
frontend-codegen: frontend/node_modules/.package-lock.json
	cd frontend && npm run codegen --silent

## frontend-codegen-check: fail when generated.ts is not what the schema gives
frontend-codegen-check: frontend-codegen
	git diff --exit-code -- frontend/src/api/generated.ts

## frontend-test: the frontend part of make test (unit, build, budget, Playwright e2e in Debian's chromium)
frontend-test:
	./frontend/scripts/check.sh
