#!/usr/bin/env bash
# CI-only: build the Jenkins agent image from jenkins/agent/Dockerfile (unchanged, its own folder
# as the context) on local stand-ins for the images this machine cannot pull: a Debian base made
# by mmdebstrap, the stand-in Node image, and a Terraform image that also carries the provider
# mirror. The stand-ins are made first when missing. Extra arguments go to `buildah bud`
# (.ci/bench-agent.sh passes --no-cache).
# Usage: agent-image.sh [buildah bud options...]; AGENT_IMAGE names the result.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${AGENT_IMAGE:-localhost/shipyard/jenkins-agent:ci}
base=${CI_DEBIAN_IMAGE:-localhost/shipyard-ci/debian:bookworm}
node=${NODE_IMAGE:-localhost/shipyard-ci/node:24-standin}
terraform=${CI_TERRAFORM_IMAGE:-localhost/shipyard-ci/terraform:standin}

.ci/debian-base-image.sh "$base"
.ci/stand-in-node-image.sh "$node"
.ci/stand-in-terraform-image.sh "$terraform"

# --format docker: like `docker build`, so the image keeps Docker's config fields.
buildah bud --isolation chroot --layers --format docker "$@" \
  --build-arg BASE_IMAGE="$base" \
  --build-arg NODE_IMAGE="$node" \
  --build-arg TERRAFORM_IMAGE="$terraform" \
  --build-arg PROVIDER_MIRROR="$terraform" \
  --tag "$image" jenkins/agent
echo "built agent image $image"
