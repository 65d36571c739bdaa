# Shipyard: the front door. `make help` lists every target.
#
# Targets are grouped by concern; each group lives in mk/<concern>.mk and is
# included at the end, so `make help` reads them all.

SHELL := bash
# --norc: a bash started with a socket for stdin (Node, Jenkins) would read bashrc, which fails under -u.
.SHELLFLAGS := --norc -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
NODE_MAJOR_MIN := 22
export PATH := $(ROOT)/node_modules/.bin:$(PATH)

# Named steps: `$(call step,Doing a thing)` prints a header that stands out in long logs.
step = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"

##@ Workspace

.PHONY: help
help: ## List every target with one line each (this screen).
	@awk 'BEGIN {FS = ":.*## "} \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5); next } \
	  /^[a-zA-Z0-9_.-]+:.*## / { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo

.PHONY: install
install: node_modules/.install-stamp ## Install pnpm if missing, then the workspace's dependencies (frozen lockfile).

node_modules/.install-stamp: package.json pnpm-lock.yaml pnpm-workspace.yaml $(wildcard packages/*/package.json)
	$(call step,Checking Node.js and pnpm)
	@major=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0); \
	if [ "$$major" -lt $(NODE_MAJOR_MIN) ]; then \
	  echo "error: Node.js $(NODE_MAJOR_MIN) or later is required (found $$(node -v 2>/dev/null || echo none)); install Node 24 LTS, e.g. 'nvm install 24'." >&2; exit 1; fi
	@command -v pnpm >/dev/null 2>&1 || { \
	  version=$$(node -p 'require("./package.json").packageManager.split("@")[1]'); \
	  echo "pnpm is missing: installing pnpm@$$version with npm"; npm install -g "pnpm@$$version"; }
	$(call step,Installing dependencies)
	pnpm install --frozen-lockfile
	@touch $@

.PHONY: build
build: install ## Compile every package (tsc -b with project references).
	$(call step,Building)
	pnpm exec tsc -b

# The same, silent, for targets whose output is data (`make version`).
.PHONY: build-quiet
build-quiet: install
	@pnpm exec tsc -b

.PHONY: lint
lint: install ## Lint and format-check the whole tree (Biome).
	$(call step,Linting)
	pnpm exec biome check --error-on-warnings .

.PHONY: format
format: install ## Rewrite files with Biome's formatter and safe fixes.
	pnpm exec biome check --write .

.PHONY: typecheck
typecheck: install ## Type-check every package (tsc -b).
	$(call step,Type-checking)
	pnpm exec tsc -b

.PHONY: doctor
doctor: build-quiet ## Check the tools and container engine `make test` needs; names what is missing in one line.
	@node $(ROOT)/packages/pipeline/dist/cli.js doctor

.PHONY: test
test: install doctor lint typecheck test-unit ## The one test command: install, doctor, lint, typecheck and every package's tests.

.PHONY: test-unit
test-unit: build
	$(call step,Running every package's tests)
	pnpm -r --workspace-concurrency=1 test

.PHONY: clean
clean: ## Remove build output (dist, cdktf.out, plans). Keeps node_modules and terraform.tfvars.
	rm -rf packages/*/dist packages/*/cdktf.out packages/*/*.tsbuildinfo reports

.PHONY: bench
bench: bench-service bench-infra ## Run every benchmark: the service against bare Express, then synth and preview.

# One fragment per concern, in the order a newcomer meets them (and `make help` lists them).
include mk/service.mk mk/infra.mk mk/deploy.mk mk/pipeline.mk mk/demo.mk
