##@ Service (packages/service)

# Container tooling. Users get Docker and the official Node image; override any of these from
# the environment or the command line (e.g. CONTAINER_CLI=podman). Other fragments reuse them.
CONTAINER_CLI ?= docker
CONTAINER_BUILD ?= $(CONTAINER_CLI) build
# Base image for the service image; empty means the Dockerfile's default (official node:24).
NODE_IMAGE ?=
IMAGE_NAME ?= shipyard/service
IMAGE_TAG ?= dev
# Version baked into the image (APP_VERSION); empty means the Dockerfile's default.
APP_VERSION ?=

# The pipeline, the demo and `make image` build the image one way (packages/pipeline), which
# reads these from the environment.
export CONTAINER_CLI CONTAINER_BUILD NODE_IMAGE

.PHONY: dev
dev: install ## Run the service from source with reload on change (tsx watch; PORT, LOG_LEVEL... from the environment).
	$(call step,Starting the service with reload (Ctrl-C to stop))
	cd packages/service && DRAIN_PERIOD_MS=$${DRAIN_PERIOD_MS:-0} pnpm exec tsx watch src/server.ts

.PHONY: bench-service
bench-service: build ## Load GET / and /health of the built service and bare Express 5 with wrk; check the CPU budget (exit 1 if missed).
	@command -v wrk >/dev/null 2>&1 || { echo "error: wrk is not installed; install it (Debian/Ubuntu: apt-get install wrk, macOS: brew install wrk) and run make bench again." >&2; exit 1; }
	$(call step,Benchmarking the service against bare Express 5)
	pnpm --dir packages/service run bench

.PHONY: profile-service
profile-service: build ## Profile one route of the built service under wrk load (node --cpu-prof); print where the CPU time goes.
	@command -v wrk >/dev/null 2>&1 || { echo "error: wrk is not installed; install it (Debian/Ubuntu: apt-get install wrk, macOS: brew install wrk) and run make profile-service again." >&2; exit 1; }
	$(call step,Profiling $${PROFILE_TARGET:-service} GET $${PROFILE_PATH:-/} under load)
	pnpm --dir packages/service run profile

.PHONY: image
image: build-quiet ## Build the service image (IMAGE_NAME:IMAGE_TAG, default shipyard/service:dev) from the repo root.
	$(PIPELINE) build-image --name '$(IMAGE_NAME)' --tag '$(IMAGE_TAG)' $(if $(APP_VERSION),--app-version '$(APP_VERSION)')
