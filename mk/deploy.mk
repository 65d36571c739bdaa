##@ Deploy (packages/deploy + ansible/: the deploy CLI; see docs/deploy.md)

# Optional pass-through: OUTPUTS=<file> or INVENTORY=<file>, LIMIT=<pattern>, CHECK=1 (dry run
# with --diff), ADDRESS=public|private, SERIAL=<n>, VERBOSE=1..4, TO=<image> (rollback), EVENTS=<file>,
# TIMELINE=<file.svg> (deploy, rollback and reconcile: an SVG picture of the run), FROM_SSM=1 (the
# deploy contract from SSM even if an outputs file exists: what Jenkins passes).
DEPLOY_CLI := node $(ROOT)/packages/deploy/dist/cli.js

define require_var
	@[ -n "$($(1))" ] || { echo "error: $(1) is required: $(2)" >&2; exit 2; }
endef
deploy_verbosity = $(if $(filter 1,$(VERBOSE)),-v,$(if $(filter 2,$(VERBOSE)),-vv,$(if $(filter 3,$(VERBOSE)),-vvv,$(if $(filter 4,$(VERBOSE)),-vvvv))))
deploy_target = --env '$(ENV)' $(if $(OUTPUTS),--outputs '$(OUTPUTS)') \
  $(if $(INVENTORY),--inventory '$(INVENTORY)') $(if $(ADDRESS),--address '$(ADDRESS)') \
  $(if $(filter 1 true yes,$(FROM_SSM)),--from-ssm)
deploy_flags = $(deploy_target) $(if $(LIMIT),--limit '$(LIMIT)') \
  $(if $(filter 1 true yes,$(CHECK)),--check --diff) $(deploy_verbosity)
deploy_record = $(if $(EVENTS),--events '$(EVENTS)') $(if $(TIMELINE),--timeline '$(TIMELINE)')

.PHONY: inventory
inventory: build-quiet ## Print the Ansible inventory for ENV=staging|production from outputs.json (OUTPUTS= to override).
	$(call require_var,ENV,make inventory ENV=staging|production)
	@$(DEPLOY_CLI) inventory $(deploy_target)

.PHONY: provision
provision: build ## Install Docker and the ECR credential helper on ENV's hosts.
	$(call require_var,ENV,make provision ENV=staging|production)
	@$(DEPLOY_CLI) provision $(deploy_flags)

.PHONY: deploy
deploy: build ## Roll IMAGE out to ENV one host at a time (SERIAL=n), rolling back a failing host; TIMELINE=f.svg draws it.
	$(call require_var,ENV,make deploy ENV=staging|production IMAGE=registry/repository:tag)
	$(call require_var,IMAGE,make deploy ENV=$(ENV) IMAGE=registry/repository:tag)
	@$(DEPLOY_CLI) rollout $(deploy_flags) --image '$(IMAGE)' $(if $(SERIAL),--serial '$(SERIAL)') $(deploy_record)

.PHONY: rollback
rollback: build ## Bring every host of ENV to one image: its previous one, or TO=<image>; one host at a time.
	$(call require_var,ENV,make rollback ENV=staging|production)
	@$(DEPLOY_CLI) rollback $(deploy_flags) $(if $(TO),--to '$(TO)') $(if $(SERIAL),--serial '$(SERIAL)') $(deploy_record)

.PHONY: status
status: build-quiet ## Show every host of ENV: image, load balancer, health; and the deploy lock.
	$(call require_var,ENV,make status ENV=staging|production)
	@$(DEPLOY_CLI) status $(deploy_target)

.PHONY: reconcile
reconcile: build-quiet ## Put every host of ENV back into service on whichever image is healthy (after an abort).
	$(call require_var,ENV,make reconcile ENV=staging|production)
	@$(DEPLOY_CLI) reconcile $(deploy_target) $(deploy_verbosity) $(deploy_record)

.PHONY: lock-status
lock-status: build-quiet ## Show who holds ENV's deploy lock (on its first host), since when, for what.
	$(call require_var,ENV,make lock-status ENV=staging|production)
	@$(DEPLOY_CLI) lock status $(deploy_target)

.PHONY: lock-release
lock-release: build-quiet ## Free ENV's deploy lock, whoever holds it (only for a deploy that is gone for good).
	$(call require_var,ENV,make lock-release ENV=staging|production)
	@$(DEPLOY_CLI) lock release $(deploy_target)
