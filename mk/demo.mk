##@ Local demo (packages/demo: the whole pipeline on this machine; docs/demo.md)

# The image the demo builds and ships (as the computed version): IMAGE_NAME:IMAGE_TAG.
DEMO := node $(ROOT)/packages/demo/dist/cli.js
# Fixed request rate per load balancer and the minimum load time of each e2e proof.
E2E_RATE ?= 50
E2E_MIN_LOAD_SECONDS ?= 20

.PHONY: demo
demo: build ## Build the image, push it to a local registry, deploy 2 staging + 2 production hosts behind HAProxy.
	$(DEMO) up --image '$(IMAGE_NAME):$(IMAGE_TAG)'

.PHONY: demo-down
demo-down: build ## Remove every container, image, process and file `make demo` made.
	$(DEMO) down

.PHONY: e2e
e2e: demo ## The seven proofs under load (roll-out, broken release, rollback, bake, fleet rollback, interrupt, lock); SVG timelines in reports/timelines/.
	$(DEMO) e2e --rate $(E2E_RATE) --min-load-seconds $(E2E_MIN_LOAD_SECONDS)
