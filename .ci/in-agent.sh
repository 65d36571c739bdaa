#!/usr/bin/env bash
# CI-only: run a command inside the Jenkins agent image the way the Jenkinsfile's docker agent
# does: the repository mounted at its own path as the working directory, the container running as
# the workspace's owner (Jenkins passes `-u <uid>:<gid>` of its agent user), the host engine's
# socket mounted with DOCKER_HOST pointing at it, host networking, and the image's Docker CLI as
# CONTAINER_CLI. Beyond that, only what this machine needs: the CA bundle of the proxy in front of
# the npm registry, and the stand-in NODE_IMAGE.
# Usage: in-agent.sh <command...>   e.g. .ci/in-agent.sh make doctor
# AGENT_IMAGE picks the image, AGENT_USER overrides the user (uid:gid).
set -euo pipefail
(($#)) || {
  echo "usage: .ci/in-agent.sh <command...>, e.g. .ci/in-agent.sh make doctor" >&2
  exit 2
}
repo=$(cd "$(dirname "$0")/.." && pwd)
image=${AGENT_IMAGE:-localhost/shipyard/jenkins-agent:ci}
if [ -z "${CONTAINERS_CONF:-}" ] || [ -z "${DOCKER_HOST:-}" ] || [ -z "${NODE_IMAGE:-}" ]; then
  # shellcheck source=/dev/null
  source "$repo/.ci/containers.sh" >/dev/null
fi
podman image exists "$image" || {
  echo "error: no agent image $image; build it with .ci/agent-image.sh" >&2
  exit 1
}
socket=${DOCKER_HOST#unix://}

args=(
  --rm --network host --user "${AGENT_USER:-$(stat -c %u:%g "$repo")}"
  --volume "$repo:$repo" --workdir "$repo"
  --volume "$socket:/var/run/docker.sock" --env DOCKER_HOST=unix:///var/run/docker.sock
  --env CONTAINER_CLI=docker --env NODE_IMAGE="$NODE_IMAGE"
  --volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro
  --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
)
# A linked worktree keeps its git data outside the checkout; Jenkins' checkouts are plain clones.
git_common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)
case "$git_common" in
  "$repo"/*) ;;
  *) args+=(--volume "$git_common:$git_common") ;;
esac
# Jenkins passes the build's environment on; pnpm and vitest read CI from it.
[ -z "${CI:-}" ] || args+=(--env "CI=$CI")
[ -t 0 ] && [ -t 1 ] && args+=(--interactive --tty)
exec podman run "${args[@]}" "$image" "$@"
