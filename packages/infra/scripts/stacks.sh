#!/usr/bin/env bash
# Runs Terraform over the synthesized stacks in dependency order. Called by mk/infra.mk:
#   stacks.sh plan|apply|destroy|outputs|preview
# Inputs (environment): INFRA_DIR, OUT (synth folder), PLANS, TFVARS, STACK, AUTO_APPROVE,
# CONFIRM_PRODUCTION, OUTPUTS_FILE, TF_PROVIDER_MIRROR.
set -euo pipefail

ORDER=(shared staging production)
NODE=(node --no-deprecation)

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

stacks() {
  if [[ -n ${STACK:-} ]]; then
    echo "$STACK"
  else
    printf '%s\n' "${ORDER[@]}"
  fi
}

dir() { echo "$OUT/stacks/$1"; }
tf() {
  local s=$1
  shift
  terraform -chdir="$(dir "$s")" "$@"
}

# init is quiet on success: its output only matters when it fails.
init() {
  local s=$1 log
  log=$(mktemp)
  if ! tf "$s" init -input=false -no-color >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "terraform init failed for the $s stack (see above)."
  fi
  rm -f "$log"
}

# The variables an environment stack takes from the shared stack's current outputs.
shared_inputs() {
  local target=$1 raw
  raw=$(mktemp)
  init shared
  tf shared output -json >"$raw"
  "${NODE[@]}" "$INFRA_DIR/dist/tools/shared-inputs.js" "$raw" "$target" || {
    rm -f "$raw"
    return 1
  }
  rm -f "$raw"
}

# What a saved plan was made from: the synthesized config, the tfvars and the shared inputs.
fingerprint() {
  local s=$1 files
  files=("$(dir "$s")/cdk.tf.json" "$TFVARS")
  [[ $s == shared ]] || files+=("$PLANS/$s.inputs.json")
  cat "${files[@]}" | sha256sum | cut -d' ' -f1
}

var_files() {
  local s=$1
  printf -- '-var-file=%s\n' "$TFVARS"
  [[ $s == shared ]] || printf -- '-var-file=%s\n' "$PLANS/$s.inputs.json"
}

cmd_plan() {
  mkdir -p "$PLANS"
  local s planned=0
  for s in $(stacks); do
    step "Planning the $s stack"
    rm -f "$PLANS/$s.tfplan" "$PLANS/$s.fingerprint" "$PLANS/$s.inputs.json"
    init "$s"
    if [[ $s != shared ]] && ! shared_inputs "$PLANS/$s.inputs.json" 2>"$PLANS/$s.err"; then
      if [[ -n ${STACK:-} ]]; then
        cat "$PLANS/$s.err" >&2
        exit 1
      fi
      rm -f "$PLANS/$s.err"
      echo "skipped: the shared stack is not applied yet; run 'make apply', then 'make plan' again."
      continue
    fi
    mapfile -t vars < <(var_files "$s")
    # -json so a refusal (a bad variable, an AWS error) comes out as one line per error.
    if ! tf "$s" plan -input=false -json "${vars[@]}" -out="$PLANS/$s.tfplan" >"$PLANS/$s.log" 2>&1; then
      "${NODE[@]}" "$INFRA_DIR/dist/tools/plan-errors.js" "$PLANS/$s.log"
      rm -f "$PLANS/$s.tfplan"
      exit 1
    fi
    rm -f "$PLANS/$s.log" "$PLANS/$s.err"
    tf "$s" show "$PLANS/$s.tfplan"
    fingerprint "$s" >"$PLANS/$s.fingerprint"
    planned=$((planned + 1))
  done
  echo
  echo "Saved $planned plan(s) in $PLANS; 'make apply' applies exactly these."
}

cmd_apply() {
  local s todo=()
  for s in $(stacks); do
    if [[ -f $PLANS/$s.tfplan ]]; then
      todo+=("$s")
    elif [[ -n ${STACK:-} ]]; then
      die "no saved plan for the $s stack: run 'make plan STACK=$s' first."
    fi
  done
  ((${#todo[@]})) || die "no saved plan: run 'make plan' first."
  # Refuse before applying anything, so a stale plan never leaves a half-applied change.
  for s in "${todo[@]}"; do
    [[ -f $PLANS/$s.fingerprint && $(fingerprint "$s") == "$(cat "$PLANS/$s.fingerprint")" ]] ||
      die "the saved plan for the $s stack is stale (code or terraform.tfvars changed since 'make plan'): run 'make plan' again."
  done
  for s in "${todo[@]}"; do
    if [[ $s != shared ]]; then
      # Shared may just have been applied: the environment's plan must still match its outputs.
      local now
      now=$(mktemp)
      shared_inputs "$now"
      cmp -s "$now" "$PLANS/$s.inputs.json" ||
        {
          rm -f "$now"
          die "the saved plan for the $s stack predates the shared stack's current outputs: run 'make plan STACK=$s'."
        }
      rm -f "$now"
    fi
    step "Applying the saved plan of the $s stack"
    init "$s"
    tf "$s" apply -input=false "$PLANS/$s.tfplan"
    rm -f "$PLANS/$s.tfplan" "$PLANS/$s.fingerprint"
  done
  echo
  echo "Applied: ${todo[*]}. Run 'make outputs' to refresh outputs.json."
}

confirm() {
  local prompt=$1 expected=$2 answer
  [[ -t 0 ]] || die "refusing to destroy without a terminal: set AUTO_APPROVE=1 to confirm."
  read -r -p "$prompt " answer
  [[ $answer == "$expected" ]] || die "not confirmed (expected '$expected'); nothing was destroyed."
}

cmd_destroy() {
  local s list=()
  mapfile -t list < <(stacks | tac)
  if [[ ${AUTO_APPROVE:-} != 1 ]]; then
    confirm "Destroy the ${list[*]} stack(s)? Type 'destroy' to continue:" destroy
  fi
  if [[ " ${list[*]} " == *" production "* && ${CONFIRM_PRODUCTION:-} != production ]]; then
    if [[ ${AUTO_APPROVE:-} == 1 ]]; then
      die "destroying production also needs CONFIRM_PRODUCTION=production; nothing was destroyed."
    fi
    confirm "This destroys PRODUCTION. Type 'production' to continue:" production
  fi
  mkdir -p "$PLANS"
  for s in "${list[@]}"; do
    step "Destroying the $s stack"
    init "$s"
    local vars=(-var-file="$TFVARS")
    if [[ $s != shared ]]; then
      # Once shared is gone its outputs are too; placeholders suffice, destroy reads the state.
      shared_inputs "$PLANS/$s.inputs.json" 2>/dev/null ||
        "${NODE[@]}" "$INFRA_DIR/dist/tools/shared-inputs.js" --preview "$PLANS/$s.inputs.json"
      vars+=(-var-file="$PLANS/$s.inputs.json")
    fi
    if [[ $s == production ]]; then
      # Lift the ALB's deletion protection first, or AWS refuses to delete it.
      vars+=(-var=production_deletion_protection=false)
      if tf "$s" state list 2>/dev/null | grep -q '^aws_lb\.'; then
        tf "$s" apply -input=false -auto-approve "${vars[@]}" -target="$(tf "$s" state list | grep '^aws_lb\.' | head -1)"
      fi
    fi
    tf "$s" destroy -input=false -auto-approve "${vars[@]}"
    rm -f "$PLANS/$s.tfplan" "$PLANS/$s.fingerprint"
  done
}

cmd_outputs() {
  local s raw
  raw=$(mktemp -d)
  for s in "${ORDER[@]}"; do
    init "$s"
    tf "$s" output -json >"$raw/$s.json"
  done
  "${NODE[@]}" "$INFRA_DIR/dist/tools/write-outputs.js" "$raw" "$OUTPUTS_FILE"
  rm -rf "$raw"
}

cmd_preview() {
  local s pids=() logs
  logs=$(mktemp -d)
  "${NODE[@]}" "$INFRA_DIR/dist/tools/shared-inputs.js" --preview "$logs/inputs.json"
  # The three plans are independent in preview (placeholders stand in for shared outputs), so
  # they run side by side; output is printed in stack order.
  for s in $(stacks); do
    (
      [[ -d $(dir "$s")/.terraform ]] || init "$s"
      mapfile -t vars < <(PLANS=$logs var_files "$s" | sed "s|$logs/$s.inputs.json|$logs/inputs.json|")
      # A refusal (a bad variable) is asked again in -json, to report it as one line per error.
      tf "$s" plan -input=false -lock=false "${vars[@]}" ||
        {
          tf "$s" plan -input=false -lock=false -json "${vars[@]}" >"$logs/$s.json" 2>&1
          exit 1
        }
    ) >"$logs/$s.log" 2>&1 &
    pids+=($!)
  done
  local i=0 failed=0
  for s in $(stacks); do
    step "Preview of the $s stack"
    if wait "${pids[$i]}"; then
      cat "$logs/$s.log"
    elif [[ -f $logs/$s.json ]]; then
      failed=1
      "${NODE[@]}" "$INFRA_DIR/dist/tools/plan-errors.js" "$logs/$s.json" 2>>"$logs/errors"
      echo "refused (the error is listed below)."
    else
      failed=1
      cat "$logs/$s.log"
    fi
    i=$((i + 1))
  done
  # The stacks share terraform.tfvars, so one bad variable is refused by each of them: say it once.
  [[ -f $logs/errors ]] && awk '!seen[$0]++' "$logs/errors" >&2
  rm -rf "$logs"
  ((failed == 0)) || exit 1
  echo
  echo "Preview only: fake credentials, nothing was sent to AWS. 'make plan' plans for real."
}

# Checked here, not in stacks(): a die inside $(...) would only leave the subshell.
if [[ -n ${STACK:-} && " ${ORDER[*]} " != *" $STACK "* ]]; then
  die "STACK=$STACK is not a stack; use one of: ${ORDER[*]}."
fi

case ${1:-} in
plan | apply | destroy | outputs | preview) "cmd_$1" ;;
*) die "usage: stacks.sh plan|apply|destroy|outputs|preview" ;;
esac
