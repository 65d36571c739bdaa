##@ Pipeline (packages/pipeline: versions, releases, the Jenkinsfile's stages; see docs/pipeline.md)

# The ref being built: BRANCH=<name> [TAG=vX.Y.Z]. Jenkins sets BRANCH_NAME and TAG_NAME, which
# the pipeline CLI reads itself; without either it uses the checked-out branch.
BRANCH ?=
TAG ?=
# PUSH=1 builds and pushes images, DEPLOY=1 deploys and then moves the environment tags;
# anything else is a dry run.
PUSH ?=
DEPLOY ?=
# PIPELINE_SKIP_TEST=1 skips the Test stage (when `make test` itself runs the pipeline);
# PIPELINE_SKIP_BUILD=1 skips the image build in a dry run. Both are printed as SKIPPED.
PIPELINE_SKIP_TEST ?=
PIPELINE_SKIP_BUILD ?=
# Where images go: the ECR repository URL (Jenkins has ECR_REPOSITORY_URL, which the CLI reads).
REPOSITORY ?=
JUNIT_DIR ?= $(ROOT)/reports/junit
# Tag & push records the pushed digest here; Deploy and Promote read it (one workspace, one build).
PIPELINE_IMAGE_RECORD ?= $(ROOT)/reports/pipeline-image.json

PIPELINE := node $(ROOT)/packages/pipeline/dist/cli.js
pipeline_ref = $(if $(BRANCH),--branch '$(BRANCH)') $(if $(TAG),--tag '$(TAG)')
pipeline_flags = $(pipeline_ref) $(if $(PUSH),--push) $(if $(DEPLOY),--deploy) \
  $(if $(PIPELINE_SKIP_TEST),--skip-test) $(if $(PIPELINE_SKIP_BUILD),--skip-build) \
  $(if $(REPOSITORY),--repository '$(REPOSITORY)') $(if $(OUTPUTS),--outputs '$(OUTPUTS)') \
  --image-name '$(IMAGE_NAME)' --junit-dir '$(JUNIT_DIR)' --image-record '$(PIPELINE_IMAGE_RECORD)'

.PHONY: version
version: build-quiet ## Print HEAD's version: X.Y.Z on a release tag, else X.Y.Z-<branch>.<n>.g<sha>.
	@$(PIPELINE) version $(pipeline_ref)

.PHONY: release
release: build-quiet ## Tag the next version from conventional commits; notes go to CHANGELOG.md (DRY_RUN=1 previews).
	@$(PIPELINE) release $(if $(DRY_RUN),--dry-run)

.PHONY: describe-build
describe-build: build-quiet ## Print what the pipeline does for BRANCH=/TAG= (environment, version, image tags); saved to reports/pipeline.env.
	@$(PIPELINE) describe $(pipeline_ref) --out $(ROOT)/reports/pipeline.env

.PHONY: pipeline
pipeline: build ## Run the Jenkinsfile's stages locally for BRANCH=<name> [TAG=vX.Y.Z]; PUSH=1/DEPLOY=1 for real.
	@$(PIPELINE) run $(pipeline_flags)

.PHONY: pipeline-test
pipeline-test: build ## Stage Test: `make test` with JUnit reports in JUNIT_DIR (PIPELINE_SKIP_TEST=1 skips).
	@$(PIPELINE) stage test $(pipeline_flags)

.PHONY: pipeline-build
pipeline-build: build ## Stage Build image: the service image tagged with the commit SHA (skipped for vX.Y.Z: it promotes main's).
	@$(PIPELINE) stage build $(pipeline_flags)

.PHONY: pipeline-publish
pipeline-publish: build ## Stage Tag & push: <sha> (vX.Y.Z: X.Y.Z on main's <sha> image) to REPOSITORY; records the digest (PUSH=1).
	@$(PIPELINE) stage publish $(pipeline_flags)

.PHONY: pipeline-deploy
pipeline-deploy: build ## Stage Deploy: `deploy rollout` of the recorded digest to the ref's environment (dry run unless DEPLOY=1).
	@$(PIPELINE) stage deploy $(pipeline_flags)

.PHONY: pipeline-promote
pipeline-promote: build ## Stage Promote, after a deploy: <env>, <env>-previous (and X.Y, X) to the deployed digest (DEPLOY=1).
	@$(PIPELINE) stage promote $(pipeline_flags)
