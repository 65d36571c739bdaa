##@ Infrastructure (CDK for Terraform: shared -> staging -> production)

# Each target is one command of the infra CLI (packages/infra/src/commands/, one file each);
# `node packages/infra/dist/cli.js --help` lists them. The CLI holds the logic and the defaults.
INFRA_DIR := $(ROOT)/packages/infra
INFRA_CLI := $(INFRA_DIR)/dist/cli.js
INFRA := node $(INFRA_CLI)

# The sources the CLI is compiled from, found by make itself (no process at parse time).
rwildcard = $(foreach d,$(wildcard $(1:=/*)),$(call rwildcard,$(d),$(2)) $(filter $(subst *,%,$(2)),$(d)))
INFRA_SRC := $(call rwildcard,$(INFRA_DIR)/src $(ROOT)/packages/contracts/src $(ROOT)/packages/cli-kit/src,*.ts *.json)

# Variables you may set, each passed to the CLI only when set (the defaults live in the CLI):
#   TFVARS (terraform.tfvars), STACK (shared|staging|production), INFRA_OUT, INFRA_PREVIEW_OUT,
#   INFRA_PLANS, OUTPUTS_FILE, HCL_DIR, AUTO_APPROVE=1, CONFIRM_PRODUCTION=production; for
#   jenkins-secrets: ADMIN_PASSWORD_FILE, DEPLOY_KEY_FILE, GIT_KEY_FILE, SLACK_TOKEN_FILE (paths: the
#   secrets themselves never go on a command line), RELEASE_MANAGERS, SLACK_CHANNEL,
#   SLACK_TEAM_DOMAIN, APPLY_ONLY=1.
# TF_PROVIDER_MIRROR (a provider mirror for machines without registry access) is read from the environment.
infra_opt = $(if $($(1)),--$(2)=$($(1)))
infra_live = $(call infra_opt,TFVARS,tfvars) $(call infra_opt,INFRA_OUT,out)
infra_stacks = $(call infra_opt,STACK,stack) $(infra_live) $(call infra_opt,INFRA_PLANS,plans)

$(INFRA_CLI): $(INFRA_SRC) $(wildcard $(ROOT)/node_modules/.install-stamp)
	pnpm exec tsc -b $(INFRA_DIR)/src
	@touch $@

.PHONY: vars
vars: $(INFRA_CLI) ## Copy terraform.tfvars.example to terraform.tfvars (refuses to overwrite it).
	@$(INFRA) create-tfvars $(call infra_opt,TFVARS,tfvars)

.PHONY: synth
synth: $(INFRA_CLI) ## Synthesize the stacks to packages/infra/cdktf.out/live (no AWS needed).
	@$(INFRA) synth $(infra_live)

.PHONY: preview
preview: $(INFRA_CLI) ## Real `terraform plan` of everything with no AWS account (fake credentials, nothing sent).
	@$(INFRA) preview $(call infra_opt,STACK,stack) $(call infra_opt,TFVARS,tfvars) $(call infra_opt,INFRA_PREVIEW_OUT,out)

.PHONY: credentials
credentials: $(INFRA_CLI) ## Check terraform.tfvars exists and AWS credentials are in reach (plan/apply do it first).
	@$(INFRA) check-credentials $(call infra_opt,TFVARS,tfvars)

.PHONY: iam-policy
iam-policy: $(INFRA_CLI) ## Print the IAM policy the identity running make apply / jenkins-secrets needs (docs/aws.md).
	@$(INFRA) iam-policy $(call infra_opt,TFVARS,tfvars)

.PHONY: plan
plan: $(INFRA_CLI) ## Plan every stack in order (or STACK=name) and save the plans for `make apply`.
	@$(INFRA) plan $(infra_stacks)

.PHONY: apply
apply: $(INFRA_CLI) ## Apply exactly the plans `make plan` saved (refuses missing or stale plans).
	@$(INFRA) apply $(infra_stacks)

.PHONY: outputs
outputs: $(INFRA_CLI) ## Write outputs.json (the deploy contract) from every stack's outputs.
	@$(INFRA) outputs $(infra_live) $(call infra_opt,OUTPUTS_FILE,outputs)

.PHONY: jenkins-secrets
jenkins-secrets: $(INFRA_CLI) ## Write the Jenkins secrets to SSM (files or hidden prompts) and have the server apply them (Run Command).
	@$(INFRA) jenkins-secrets $(infra_live) $(call infra_opt,ADMIN_PASSWORD_FILE,admin-password-file) \
	  $(call infra_opt,DEPLOY_KEY_FILE,deploy-key-file) $(call infra_opt,GIT_KEY_FILE,git-key-file) \
	  $(call infra_opt,SLACK_TOKEN_FILE,slack-token-file) $(call infra_opt,RELEASE_MANAGERS,release-managers) \
	  $(if $(SLACK_CHANNEL),--slack-channel='$(SLACK_CHANNEL)') $(call infra_opt,SLACK_TEAM_DOMAIN,slack-team-domain) \
	  $(if $(filter 1,$(APPLY_ONLY)),--apply-only)

.PHONY: destroy
destroy: $(INFRA_CLI) ## Destroy every stack (or STACK=name), production last-confirmed; AUTO_APPROVE=1 skips the prompt.
	@$(INFRA) destroy $(infra_stacks) $(if $(filter 1,$(AUTO_APPROVE)),--auto-approve) \
	  $(call infra_opt,CONFIRM_PRODUCTION,confirm-production)

.PHONY: hcl
hcl: $(INFRA_CLI) ## Write the stacks as plain Terraform HCL to infra-hcl/ (or HCL_DIR=), a way out of CDKTF.
	@$(INFRA) hcl $(call infra_opt,HCL_DIR,dir) $(call infra_opt,TFVARS,tfvars)

.PHONY: bench-infra
bench-infra: $(INFRA_CLI) ## Benchmark a cold `make synth` and a warm `make preview` side by side (hyperfine medians, reports/).
	@$(INFRA) bench
