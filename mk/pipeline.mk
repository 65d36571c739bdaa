##@ Pipeline (the Jenkinsfile's stages, runnable locally; see docs/pipeline.md)

# The ref being built. Jenkins sets BRANCH_NAME (and TAG_NAME for tag builds); locally the
# checked-out branch is used unless BRANCH=/TAG= say otherwise.
BRANCH ?= $(or $(BRANCH_NAME),$(shell git rev-parse --abbrev-ref HEAD 2>/dev/null))
TAG ?= $(TAG_NAME)
# PUSH=1 pushes images and DEPLOY=1 deploys; anything else is a dry run that prints what it would do.
PUSH ?=
DEPLOY ?=
# PIPELINE_SKIP_TEST=1 skips the test stage (used when `make test` itself runs the pipeline);
# PIPELINE_SKIP_BUILD=1 skips the image build in a dry run. Both are printed as SKIPPED.
PIPELINE_SKIP_TEST ?=
PIPELINE_SKIP_BUILD ?=
# Where images go: the ECR repository URL (the infra output `ecrRepositoryUrl`; Jenkins has it
# as a global environment variable).
REPOSITORY ?= $(ECR_REPOSITORY_URL)
# `make deploy` reads OUTPUTS/INVENTORY (mk/deploy.mk). Given on the command line they reach it
# on their own; on Jenkins the outputs file from SSM arrives as DEPLOY_OUTPUTS.
pipeline_deploy_inputs = $(strip \
  $(if $(filter command line,$(origin OUTPUTS)),'OUTPUTS=$(OUTPUTS)',$(if $(DEPLOY_OUTPUTS),'OUTPUTS=$(DEPLOY_OUTPUTS)')) \
  $(if $(filter command line,$(origin INVENTORY)),'INVENTORY=$(INVENTORY)'))
JUNIT_DIR ?= $(ROOT)/reports/junit

# Deferred (=), so mk/service.mk's IMAGE_NAME and CONTAINER_CLI apply whatever the include order.
PIPELINE_IMAGE_NAME = $(or $(IMAGE_NAME),shipyard/service)
PIPELINE_CLI = $(or $(CONTAINER_CLI),docker)
PIPELINE_BUILD_TOOL = $(firstword $(or $(CONTAINER_BUILD),$(PIPELINE_CLI) build))
pipeline_node = node $(PIPELINE_CLI_JS) pipeline
PIPELINE_CLI_JS := $(ROOT)/packages/deploy/dist/cli.js
pipeline_ref_args = --branch '$(BRANCH)' $(if $(TAG),--tag '$(TAG)')
# The pipeline commands are compiled on demand, quietly, so `make version` prints only the version.
$(PIPELINE_CLI_JS): node_modules/.install-stamp $(shell find $(ROOT)/packages/deploy/src -name '*.ts' 2>/dev/null)
	@pnpm exec tsc -b $(ROOT)/packages/deploy
	@touch $@

# Loads the plan (PIPELINE_ENV, PIPELINE_SHA, ...) into the recipe's shell; stops on a bad ref.
pipeline_load_plan = plan=$$($(pipeline_node) plan --format shell $(pipeline_ref_args)) || exit 1; eval "$$plan"

.PHONY: version
version: $(PIPELINE_CLI_JS) ## Print HEAD's version: X.Y.Z on a release tag, else X.Y.Z-<branch>.<n>.g<sha>.
	@$(pipeline_node) version $(pipeline_ref_args)

.PHONY: release
release: $(PIPELINE_CLI_JS) ## Tag the next version from conventional commits; notes go to CHANGELOG.md (DRY_RUN=1 previews).
	$(call step,Cutting a release)
	@$(pipeline_node) release $(if $(DRY_RUN),--dry-run)

.PHONY: pipeline-plan
pipeline-plan: $(PIPELINE_CLI_JS) ## Print the plan for BRANCH=/TAG= (environment, version, image tags) and save it to reports/pipeline.env.
	@mkdir -p $(ROOT)/reports && $(pipeline_node) plan $(pipeline_ref_args) | tee $(ROOT)/reports/pipeline.env

.PHONY: pipeline
pipeline: $(PIPELINE_CLI_JS) ## Run the Jenkinsfile's stages locally for BRANCH=<name> [TAG=vX.Y.Z]; PUSH=1/DEPLOY=1 for real.
	@started=$$SECONDS; $(pipeline_load_plan); \
	printf '\n\033[1m==> Pipeline for %s %s: version %s, environment %s\033[0m\n' \
	  "$$PIPELINE_KIND" "$$PIPELINE_REF" "$$PIPELINE_VERSION" "$${PIPELINE_ENV:-none (test only)}"; \
	$(MAKE) pipeline-test; \
	if [ -n "$$PIPELINE_ENV" ]; then \
	  $(MAKE) pipeline-build && $(MAKE) pipeline-push && $(MAKE) pipeline-deploy; \
	else \
	  echo "Stages Build image, Tag & push and Deploy do not run for $$PIPELINE_REF: it deploys nowhere."; \
	fi; \
	printf '\n==> Pipeline finished in %ss\n' "$$((SECONDS - started))"

.PHONY: pipeline-test
pipeline-test: ## Stage Test: `make test` with JUnit reports in JUNIT_DIR (PIPELINE_SKIP_TEST=1 skips).
	$(call step,Stage: Test)
	@if [ -n "$(PIPELINE_SKIP_TEST)" ]; then echo "SKIPPED: stage Test (PIPELINE_SKIP_TEST is set)"; \
	else rm -rf '$(JUNIT_DIR)' && mkdir -p '$(JUNIT_DIR)' && JUNIT_DIR='$(JUNIT_DIR)' $(MAKE) test; fi

.PHONY: pipeline-build
pipeline-build: $(PIPELINE_CLI_JS) ## Stage Build image: `make image` tagged with the commit SHA, for refs that deploy.
	$(call step,Stage: Build image)
	@$(pipeline_load_plan); \
	if [ -z "$$PIPELINE_ENV" ]; then echo "skipped: $$PIPELINE_REF deploys nowhere, so no image is built"; exit 0; fi; \
	if [ -z "$(PUSH)" ] && [ -n "$(PIPELINE_SKIP_BUILD)" ]; then \
	  echo "SKIPPED: stage Build image (PIPELINE_SKIP_BUILD is set); the push below is a dry run of an image that was not built"; exit 0; fi; \
	if [ -z "$(PUSH)" ] && ! command -v '$(PIPELINE_BUILD_TOOL)' >/dev/null 2>&1; then \
	  echo "SKIPPED: stage Build image: '$(PIPELINE_BUILD_TOOL)' is not installed (set CONTAINER_CLI/CONTAINER_BUILD); a real run (PUSH=1) fails here instead"; exit 0; fi; \
	$(MAKE) image IMAGE_NAME='$(PIPELINE_IMAGE_NAME)' IMAGE_TAG="$$PIPELINE_SHA"

.PHONY: pipeline-push
pipeline-push: $(PIPELINE_CLI_JS) ## Stage Tag & push: SHA, environment, X.Y.Z/X.Y/X to REPOSITORY (dry run unless PUSH=1).
	$(call step,Stage: Tag & push)
	@$(pipeline_load_plan); \
	$(pipeline_node) tags $(pipeline_ref_args) --image "$(PIPELINE_IMAGE_NAME):$$PIPELINE_SHA" \
	  --cli '$(PIPELINE_CLI)' $(if $(REPOSITORY),--repository '$(REPOSITORY)') $(if $(PUSH),--push)

.PHONY: pipeline-deploy
pipeline-deploy: $(PIPELINE_CLI_JS) ## Stage Deploy: `make deploy` of the SHA-tagged image to the ref's environment (dry run unless DEPLOY=1).
	$(call step,Stage: Deploy)
	@$(pipeline_load_plan); \
	if [ -z "$$PIPELINE_ENV" ]; then echo "skipped: $$PIPELINE_REF deploys nowhere"; exit 0; fi; \
	repository='$(REPOSITORY)'; \
	if [ -z "$$repository" ] && [ -n "$(DEPLOY)" ]; then \
	  echo "error: no image repository: set ECR_REPOSITORY_URL or REPOSITORY=<url>" >&2; exit 1; fi; \
	cmd=(make deploy "ENV=$$PIPELINE_ENV" "IMAGE=$${repository:-\$$ECR_REPOSITORY_URL}:$$PIPELINE_SHA" \
	  $(pipeline_deploy_inputs)); \
	if [ -z "$(DEPLOY)" ]; then echo "dry run: would run: $${cmd[*]}"; echo "set DEPLOY=1 to deploy"; exit 0; fi; \
	echo "running: $${cmd[*]}"; "$${cmd[@]}"
