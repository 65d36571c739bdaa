#!/usr/bin/env bash
# CI-only: build a real Debian 12 base image from Debian's own packages, because Docker Hub (and
# so the official debian image) is unreachable here. mmdebstrap installs the minbase variant from
# deb.debian.org with the dpkg excludes of the official slim image, so jenkins/agent/Dockerfile
# meets what it meets on debian:bookworm-slim. Skipped when the image exists.
# Usage: debian-base-image.sh [image-name]
set -euo pipefail
image=${1:-localhost/shipyard-ci/debian:bookworm}
if buildah inspect --type image "$image" >/dev/null 2>&1; then
  echo "Debian base image $image already present"
  exit 0
fi
command -v mmdebstrap >/dev/null 2>&1 || {
  echo "error: mmdebstrap is not installed; run: apt-get install -y mmdebstrap" >&2
  exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mirror=http://deb.debian.org
# The official slim image's dpkg excludes (debuerreotype --slimify): no docs but the copyrights,
# no man pages, info pages or translations.
slim=(
  'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright'
  'path-exclude=/usr/share/groff/*' 'path-exclude=/usr/share/info/*'
  'path-exclude=/usr/share/linda/*' 'path-exclude=/usr/share/lintian/overrides/*'
  'path-exclude=/usr/share/locale/*' 'path-include=/usr/share/locale/locale.alias'
  'path-exclude=/usr/share/man/*'
)
dpkgopts=()
for opt in "${slim[@]}"; do dpkgopts+=(--dpkgopt="$opt"); done

mmdebstrap --quiet --variant=minbase --format=tar "${dpkgopts[@]}" bookworm "$tmp/rootfs.tar" \
  "deb $mirror/debian bookworm main" \
  "deb $mirror/debian bookworm-updates main" \
  "deb $mirror/debian-security bookworm-security main"
podman import --quiet --change 'CMD ["bash"]' "$tmp/rootfs.tar" "$image" >/dev/null
echo "built Debian base image $image ($(du -h "$tmp/rootfs.tar" | cut -f1) root filesystem)"
