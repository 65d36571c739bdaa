##@ Deploy (Ansible, through the deploy CLI; see docs/deploy.md)

# The built CLI. Optional pass-through: OUTPUTS=<file> or INVENTORY=<file>, LIMIT=<pattern>,
# CHECK=1 (dry run with --diff), ADDRESS=public|private, SERIAL=<n>, VERBOSE=1..4.
DEPLOY_CLI ?= node $(ROOT)/packages/deploy/dist/cli.js
DEPLOY_FLAGS = --env "$(ENV)" \
  $(if $(OUTPUTS),--outputs "$(OUTPUTS)") \
  $(if $(INVENTORY),--inventory "$(INVENTORY)") \
  $(if $(ADDRESS),--address "$(ADDRESS)") \
  $(if $(LIMIT),--limit "$(LIMIT)") \
  $(if $(filter 1 true yes,$(CHECK)),--check --diff) \
  $(if $(VERBOSE),-$(shell printf 'v%.0s' $$(seq $(VERBOSE))))

define require_var
	@[ -n "$($(1))" ] || { echo "error: $(1) is required: $(2)" >&2; exit 2; }
endef

.PHONY: inventory provision deploy rollback

inventory: build ## Print the Ansible inventory for ENV from outputs.json (OUTPUTS= to override).
	$(call require_var,ENV,make inventory ENV=staging|production)
	@$(DEPLOY_CLI) inventory --env "$(ENV)" $(if $(OUTPUTS),--outputs "$(OUTPUTS)") $(if $(ADDRESS),--address "$(ADDRESS)")

provision: build ## Install Docker and the ECR credential helper on ENV's hosts.
	$(call require_var,ENV,make provision ENV=staging|production)
	$(call step,Provision $(ENV))
	@$(DEPLOY_CLI) provision $(DEPLOY_FLAGS)

deploy: build ## Roll IMAGE out to ENV one host at a time (SERIAL=n), rolling back a failing host.
	$(call require_var,ENV,make deploy ENV=staging|production IMAGE=registry/repository:tag)
	$(call require_var,IMAGE,make deploy ENV=$(ENV) IMAGE=registry/repository:tag)
	$(call step,Deploy $(IMAGE) to $(ENV))
	@$(DEPLOY_CLI) release $(DEPLOY_FLAGS) --image "$(IMAGE)" $(if $(SERIAL),--serial "$(SERIAL)")

rollback: build ## Put every host of ENV back on its previous image, one host at a time.
	$(call require_var,ENV,make rollback ENV=staging|production)
	$(call step,Roll back $(ENV))
	@$(DEPLOY_CLI) rollback $(DEPLOY_FLAGS) $(if $(SERIAL),--serial "$(SERIAL)")
