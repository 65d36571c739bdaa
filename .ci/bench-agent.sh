#!/usr/bin/env bash
# Benchmark, not a test: how long the Jenkins agent image (jenkins/agent/Dockerfile) takes to
# build here, cold (no layer cache: every step runs, apt downloads included) and warm (every step
# cached, as when the Dockerfile has not changed), with hyperfine; medians go to
# reports/bench-agent-*.json and are printed side by side. BENCH_AGENT_TEST=1 also times one
# `make test` inside the image (.ci/in-agent.sh). The base image and stand-ins are inputs, made
# (or found) before timing starts. Run it alone (nothing else heavy on the machine): the timings are its own.
# Usage: bench-agent.sh [cold-runs, default 3] [warm-runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
cold_runs=${1:-3}
warm_runs=${2:-5}
if [ -z "${CONTAINERS_CONF:-}" ] || [ -z "${NODE_IMAGE:-}" ]; then
  # shellcheck source=/dev/null
  source .ci/containers.sh >/dev/null
fi
cold_image=localhost/shipyard/jenkins-agent:bench-cold
mkdir -p reports

printf '\n==> Preparing: the inputs and a warm layer cache\n'
.ci/agent-image.sh >/dev/null
before=$(podman images --all --quiet --no-trunc | sort -u)

printf '\n==> Benchmark: cold build (--no-cache), %s runs\n' "$cold_runs"
hyperfine --runs "$cold_runs" --export-json reports/bench-agent-cold.json \
  --command-name 'cold build' "AGENT_IMAGE=$cold_image .ci/agent-image.sh --no-cache"

printf '\n==> Benchmark: warm build (layer cache), %s runs\n' "$warm_runs"
hyperfine --warmup 1 --runs "$warm_runs" --export-json reports/bench-agent-warm.json \
  --command-name 'warm build' '.ci/agent-image.sh'

results=(cold warm)
if [ -n "${BENCH_AGENT_TEST:-}" ]; then
  printf '\n==> Benchmark: make test inside the image, once\n'
  hyperfine --runs 1 --export-json reports/bench-agent-test.json \
    --command-name 'make test in the image' '.ci/in-agent.sh make test'
  results+=(test)
fi

# The cold runs' images: the tag, then the untagged layers they left. Only images made during
# this run are removed, so the warm cache and everything else in the store stay.
podman rmi "$cold_image" >/dev/null
after=$(podman images --all --quiet --no-trunc | sort -u)
mapfile -t made < <(comm -13 <(echo "$before") <(echo "$after"))
leftover=()
for id in "${made[@]}"; do
  [ "$(podman image inspect --format '{{len .RepoTags}}' "$id" 2>/dev/null)" = 0 ] && leftover+=("$id")
done
((${#leftover[@]} == 0)) || podman rmi "${leftover[@]}" >/dev/null

printf '\n==> Agent image benchmarks (median, mean ± σ)\n'
for name in "${results[@]}"; do
  jq -r '.results[0] | "\(.command | .[0:24] | . + " " * (24 - length)) median \(.median | . * 10 | round / 10) s, mean \(.mean | . * 10 | round / 10) ± \(.stddev // 0 | . * 10 | round / 10) s"' \
    "reports/bench-agent-$name.json"
done
