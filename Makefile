# Shipyard: the front door. `make help` lists every target.
#
# Targets are grouped by concern; each group lives in mk/<concern>.mk and is
# included at the end, so `make help` reads them all.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
PNPM_VERSION := $(shell sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' $(ROOT)/package.json)
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
	@command -v pnpm >/dev/null 2>&1 || { echo "pnpm is missing: installing pnpm@$(PNPM_VERSION) with npm"; npm install -g "pnpm@$(PNPM_VERSION)"; }
	$(call step,Installing dependencies)
	pnpm install --frozen-lockfile
	@touch $@

.PHONY: build
build: install ## Compile every package (tsc -b with project references).
	$(call step,Building)
	pnpm exec tsc -b

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

# The tools `make test` runs besides Node, as tool:Debian-package (terraform comes from HashiCorp).
TEST_TOOLS := git:git curl:curl terraform: ansible-playbook:ansible ansible-lint:ansible-lint \
  yamllint:yamllint shellcheck:shellcheck groovy:groovy cloud-init:cloud-init \
  docker-registry:docker-registry haproxy:haproxy podman:podman buildah:buildah

.PHONY: doctor
doctor: ## Check the tools and container engine `make test` needs; names what is missing in one line.
	@missing=(); packages=(); \
	for pair in $(TEST_TOOLS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 && continue; \
	  missing+=("$${pair%%:*}"); [ -n "$${pair#*:}" ] && packages+=("$${pair#*:}"); \
	done; \
	if (( $${#missing[@]} )); then \
	  hint=$${packages[*]:+Debian/Ubuntu: sudo apt-get install $${packages[*]}}; \
	  [[ " $${missing[*]} " == *" terraform "* ]] && hint+="$${hint:+; }Terraform: https://developer.hashicorp.com/terraform/install"; \
	  echo "error: make test needs tools that are not installed: $${missing[*]}. Install them ($$hint), then run make test again." >&2; \
	  exit 2; \
	fi; \
	if [ -z "$${DOCKER_HOST:-}" ]; then \
	  echo "error: make test needs a container engine's API in DOCKER_HOST: export DOCKER_HOST=unix:///var/run/docker.sock for Docker, or run 'podman system service' and point DOCKER_HOST at its socket." >&2; \
	  exit 2; \
	fi; \
	echo "doctor: every tool make test needs is installed, and DOCKER_HOST=$$DOCKER_HOST."

.PHONY: test
test: doctor install lint typecheck test-unit ## The one test command: doctor, install, lint, typecheck and every package's tests.

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
