#!/usr/bin/env bash
# Checks that every tool the pipeline runs answers in the agent image, and prints its version.
# The image build runs it last, so a tool that installed but cannot start (a missing library, a
# broken link) fails the build instead of a pipeline stage. Also: docker run <image> check-tools.
set -euo pipefail

# tool -> the arguments that print its version. `make doctor` asks for the same tools
# (packages/pipeline/src/doctor.ts) with CONTAINER_CLI=docker: the image drives the host's engine.
declare -A version_args=(
  [node]=--version [npm]=--version [pnpm]=--version
  [terraform]=version
  [ansible-playbook]=--version [ansible-galaxy]=--version [ansible-lint]=--version
  [yamllint]=--version [shellcheck]=--version [groovy]=--version [cloud-init]=--version
  [haproxy]=-v [docker-registry]=--version
  [docker]=--version [docker-credential-ecr-login]=version
  [git]=--version [curl]=--version [jq]=--version [make]=--version [ssh]=-V [ps]=--version
  [gpg]=--version [unzip]=-v [ssh-keygen]=""
)

missing=()
for tool in "${!version_args[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "error: the agent image lacks ${missing[*]}; add them to jenkins/agent/Dockerfile." >&2
  exit 1
fi

for tool in $(printf '%s\n' "${!version_args[@]}" | sort); do
  # The first line with a digit: the version, short enough for a build log. A tool with no
  # version flag (ssh-keygen) is only found.
  if [ -z "${version_args[$tool]}" ]; then
    printf '%-28s %s\n' "$tool" "$(command -v "$tool")"
    continue
  fi
  printf '%-28s %s\n' "$tool" "$("$tool" "${version_args[$tool]}" 2>&1 | grep -m 1 '[0-9]')"
done

# Ansible's modules for the deploy and the real-tool tests.
for collection in community.docker community.general amazon.aws community.aws; do
  version=$(ansible-galaxy collection list "$collection" 2>/dev/null | awk -v c="$collection" '$1 == c {print $2}' | head -n 1)
  [ -n "$version" ] || { echo "error: the Ansible collection $collection is missing." >&2; exit 1; }
  printf '%-28s %s\n' "$collection" "$version"
done
python3 - <<'PY'
import boto3, botocore, requests

for module in (boto3, botocore, requests):
    print(f"{module.__name__:<28} {module.__version__}")
PY
