##@ Local demo (the whole pipeline on this machine; docs/demo.md)

# The image `make image` builds; the demo tags it with the computed version and pushes it to the
# local registry. Same defaults as mk/service.mk.
IMAGE_NAME ?= shipyard/service
IMAGE_TAG ?= dev
DEMO_CLI := node packages/deploy/dist/cli.js demo
# Fixed request rate per load balancer and the minimum load time of each e2e proof.
E2E_RATE ?= 50
E2E_MIN_LOAD_SECONDS ?= 20

.PHONY: demo
demo: build ## Build the image, push it to a local registry, deploy 2 staging + 2 production hosts behind HAProxy.
	@$(MAKE) image
	$(call step,Computing the version)
	@version=$$($(MAKE) -s version 2>/dev/null) || { \
	  version="0.0.0-local.$$(git rev-parse --short HEAD)"; \
	  echo "note: \`make version\` is not available; falling back to $$version" >&2; }; \
	echo "version $$version"; \
	$(DEMO_CLI) up --image "$(IMAGE_NAME):$(IMAGE_TAG)" --version "$$version"

.PHONY: demo-down
demo-down: build ## Remove every container, image, process and file `make demo` made.
	$(call step,Tearing the demo down)
	$(DEMO_CLI) down

.PHONY: e2e
e2e: demo ## Prove zero-downtime roll-out, self-rollback of a broken release, and rollback, under load.
	$(call step,End-to-end proofs (fixed-rate load $(E2E_RATE) req/s per environment))
	$(DEMO_CLI) e2e --rate $(E2E_RATE) --min-load-seconds $(E2E_MIN_LOAD_SECONDS)
