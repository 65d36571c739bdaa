# shellcheck shell=bash
# Sourced by .ci/run. CI-only container plumbing for this machine: no Docker engine, no Docker Hub,
# and a sandbox that refuses setrlimit. Exports the Makefile's container variables so the same
# user-facing targets run on podman/buildah here. Nothing outside .ci/ refers to these files.
ci_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state=${SHIPYARD_CI_STATE:-/run/shipyard-ci}
mkdir -p "$state"

# Route every podman container through the rlimit-dropping shim. It is registered under the name
# "runc", so containers it created can still be stopped and removed by a podman without this config.
cat >"$state/containers.conf" <<CONF
[engine]
runtime = "runc"
[engine.runtimes]
runc = ["$ci_dir/oci-runtime"]
CONF
export CONTAINERS_CONF="$state/containers.conf"

# The local registries the demo and the tests start speak plain HTTP on loopback. The podman API
# service reads this once, when it starts; the docker CLI in the agent image pushes through it.
{
  echo 'unqualified-search-registries = []'
  for registry in 127.0.0.1:5000 localhost:5000 127.0.0.1:3350 127.0.0.1:3370 127.0.0.1:47613; do
    printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$registry"
  done
} >"$state/registries.conf"
export CONTAINERS_REGISTRIES_CONF="$state/registries.conf"

# A Docker-compatible API for Ansible's community.docker modules.
export DOCKER_HOST="unix://$state/podman.sock"
if ! curl -fsS --unix-socket "$state/podman.sock" http://d/_ping >/dev/null 2>&1; then
  rm -f "$state/podman.sock"
  # Started from /, not from this clone: the service outlives the run, and conmon fails every
  # container start ("Failed to get working directory") once its inherited cwd is deleted.
  (cd / && exec nohup podman system service --time=0 "$DOCKER_HOST" >"$state/podman-service.log" 2>&1) &
  for _ in $(seq 50); do
    curl -fsS --unix-socket "$state/podman.sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
curl -fsS --unix-socket "$state/podman.sock" http://d/_ping >/dev/null || {
  echo "[ci] podman API service did not start; see $state/podman-service.log" >&2
  return 1
}

# Docker Hub is unreachable: build on a locally made stand-in for the official Node image.
export NODE_IMAGE=localhost/shipyard-ci/node:24-standin
"$ci_dir/stand-in-node-image.sh" "$NODE_IMAGE"

export CONTAINER_CLI=podman
export CONTAINER_BUILD="buildah bud --isolation chroot --layers"
echo "[ci] containers: CLI=$CONTAINER_CLI, build='$CONTAINER_BUILD', base=$NODE_IMAGE, DOCKER_HOST=$DOCKER_HOST"
