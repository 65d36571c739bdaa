##@ Infrastructure (CDK for Terraform: shared -> staging -> production)

INFRA_DIR := $(ROOT)/packages/infra
INFRA_SRC := $(shell find $(INFRA_DIR)/src -name '*.ts' 2>/dev/null) $(INFRA_DIR)/tsconfig.json
INFRA_JS := $(INFRA_DIR)/dist/main.js
INFRA_OUT ?= $(INFRA_DIR)/cdktf.out/live
INFRA_PREVIEW_OUT ?= $(INFRA_DIR)/cdktf.out/preview
INFRA_PLANS ?= $(INFRA_DIR)/cdktf.out/plans
TFVARS ?= $(ROOT)/terraform.tfvars
OUTPUTS_FILE ?= $(ROOT)/outputs.json
# A local provider mirror (filesystem layout) for machines without registry access. Preview and
# the tests use it when it exists; plan/apply always use your normal Terraform setup.
TF_PROVIDER_MIRROR ?= /opt/tf-plugins
STACK ?=
INFRA_STACKS = INFRA_DIR=$(INFRA_DIR) PLANS=$(INFRA_PLANS) TFVARS=$(TFVARS) STACK=$(STACK) \
  OUTPUTS_FILE=$(OUTPUTS_FILE) $(INFRA_DIR)/scripts/stacks.sh

$(INFRA_JS): $(INFRA_SRC) $(wildcard $(ROOT)/node_modules/.install-stamp)
	$(call step,Compiling the infrastructure code)
	pnpm exec tsc -b $(INFRA_DIR)
	@touch $@

.PHONY: vars
vars: ## Copy terraform.tfvars.example to terraform.tfvars (refuses to overwrite it).
	@if [ -e "$(TFVARS)" ]; then \
	  echo "error: $(TFVARS) already exists; edit it, or move it away to start again from the example." >&2; exit 1; fi
	@cp $(ROOT)/terraform.tfvars.example "$(TFVARS)"
	@echo "Wrote $(TFVARS): set ssh_public_key (and admin_cidrs to reach Jenkins), then 'make plan'."

.PHONY: synth
synth: $(INFRA_JS) ## Synthesize the stacks to packages/infra/cdktf.out/live (no AWS needed).
	$(call step,Synthesizing the shared, staging and production stacks)
	@SHIPYARD_TFVARS=$(TFVARS) CDKTF_OUTDIR=$(INFRA_OUT) node --no-deprecation $(INFRA_JS)
	@echo "Synthesized to $(INFRA_OUT)/stacks"

.PHONY: infra-preflight
infra-preflight: $(INFRA_JS)
	@[ -e "$(TFVARS)" ] || { echo "error: $(TFVARS) not found: run 'make vars' and fill it in." >&2; exit 1; }
	@node --no-deprecation $(INFRA_DIR)/dist/tools/check-credentials.js "$(TFVARS)"

.PHONY: plan
plan: infra-preflight synth ## Plan every stack (or STACK=name) and save the plans for `make apply`.
	@OUT=$(INFRA_OUT) $(INFRA_STACKS) plan

.PHONY: apply
apply: infra-preflight ## Apply exactly the plans `make plan` saved (refuses missing or stale plans).
	@OUT=$(INFRA_OUT) $(INFRA_STACKS) apply

.PHONY: destroy
destroy: infra-preflight synth ## Destroy every stack (or STACK=name), production last-confirmed; AUTO_APPROVE=1 skips the prompt.
	@OUT=$(INFRA_OUT) AUTO_APPROVE=$(AUTO_APPROVE) CONFIRM_PRODUCTION=$(CONFIRM_PRODUCTION) $(INFRA_STACKS) destroy

.PHONY: outputs
outputs: infra-preflight synth ## Write outputs.json (the deploy contract) from every stack's outputs.
	@OUT=$(INFRA_OUT) $(INFRA_STACKS) outputs

.PHONY: preview
preview: $(INFRA_JS) ## Real `terraform plan` of everything with no AWS account (fake credentials, nothing sent).
	$(call step,Synthesizing in preview mode)
	@tfvars="$(TFVARS)"; [ -e "$$tfvars" ] || tfvars=$(INFRA_DIR)/preview.tfvars; \
	  SHIPYARD_PREVIEW=1 SHIPYARD_TFVARS="$$tfvars" CDKTF_OUTDIR=$(INFRA_PREVIEW_OUT) node --no-deprecation $(INFRA_JS); \
	  if [ -d "$(TF_PROVIDER_MIRROR)" ]; then \
	    mkdir -p $(INFRA_PREVIEW_OUT); \
	    printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$(TF_PROVIDER_MIRROR)" > $(INFRA_PREVIEW_OUT)/terraform.rc; \
	    export TF_CLI_CONFIG_FILE=$(INFRA_PREVIEW_OUT)/terraform.rc; \
	  fi; \
	  OUT=$(INFRA_PREVIEW_OUT) TFVARS="$$tfvars" INFRA_DIR=$(INFRA_DIR) PLANS=$(INFRA_PLANS) STACK=$(STACK) \
	    $(INFRA_DIR)/scripts/stacks.sh preview

.PHONY: bench-infra
bench-infra: $(INFRA_JS) ## Benchmark a cold `make synth` and a warm `make preview` with hyperfine (medians in reports/).
	@mkdir -p $(ROOT)/reports
	$(call step,Benchmark: cold synth with a fresh output folder each run)
	hyperfine --warmup 1 --runs 10 --export-json $(ROOT)/reports/bench-synth.json \
	  --prepare 'rm -rf $(INFRA_DIR)/cdktf.out/bench' \
	  'make -s -C $(ROOT) synth INFRA_OUT=$(INFRA_DIR)/cdktf.out/bench'
	$(call step,Benchmark: the same synth after importing the provider index)
	hyperfine --warmup 1 --runs 5 --export-json $(ROOT)/reports/bench-naive.json \
	  'node --no-deprecation $(INFRA_DIR)/scripts/naive-index-synth.cjs'
	$(call step,Benchmark: warm preview)
	$(MAKE) -s preview >/dev/null
	hyperfine --warmup 1 --runs 5 --export-json $(ROOT)/reports/bench-preview.json 'make -s -C $(ROOT) preview'
	@for b in synth naive preview; do \
	  node -e 'const r=require(process.argv[1]).results[0]; console.log(process.argv[2].padEnd(8), "median", r.median.toFixed(2)+" s", "user", r.user.toFixed(2)+" s")' \
	    $(ROOT)/reports/bench-$$b.json $$b; done
