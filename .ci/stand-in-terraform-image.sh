#!/usr/bin/env bash
# CI-only: a stand-in for the official hashicorp/terraform image and for the agent Dockerfile's
# provider-mirror-registry stage, because neither Docker Hub nor the Terraform registry is
# reachable here. One image holds this machine's Terraform at /bin/terraform (where the official
# image has it; the binary is static) and the provider mirror of /opt/tf-plugins at /mirror. The
# agent build still checks that provider against jenkins/agent/terraform/.terraform.lock.hcl.
# Usage: stand-in-terraform-image.sh [image-name]
set -euo pipefail
image=${1:-localhost/shipyard-ci/terraform:standin}
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}
if buildah inspect --type image "$image" >/dev/null 2>&1; then
  echo "stand-in Terraform image $image already present"
  exit 0
fi
terraform_bin=$(readlink -f "$(command -v terraform)")
[ -d "$mirror/registry.terraform.io" ] || {
  echo "error: no provider mirror at $mirror; set TF_PROVIDER_MIRROR to a filesystem mirror of hashicorp/aws." >&2
  exit 1
}

ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
buildah copy --quiet "$ctr" "$terraform_bin" /bin/terraform >/dev/null
buildah copy --quiet "$ctr" "$mirror" /mirror >/dev/null
buildah config --entrypoint '["/bin/terraform"]' "$ctr"
buildah commit -q "$ctr" "$image" >/dev/null
echo "built stand-in Terraform image $image ($("$terraform_bin" version | head -n 1), mirror from $mirror)"
