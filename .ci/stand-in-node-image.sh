#!/usr/bin/env bash
# CI-only: build a stand-in for the official Node image, because Docker Hub is unreachable here.
# It holds this machine's Node binary and npm, busybox for /bin/sh, the `node` user (uid 1000)
# the official image has, and the machine's CA bundle (the registry is reached through a proxy
# whose CA only this machine trusts). Usage: stand-in-node-image.sh [image-name]
set -euo pipefail
image=${1:-localhost/shipyard-ci/node:24-standin}
if buildah inspect --type image "$image" >/dev/null 2>&1; then
  echo "stand-in base image $image already present"
  exit 0
fi
node_bin=$(command -v node)
node_bin=$(readlink -f "$node_bin")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(buildah mount "$ctr")
mkdir -p "$mnt"/{bin,usr/bin,usr/local/bin,usr/local/lib/node_modules,etc/ssl/certs,tmp,home/node,root,lib64}
chmod 1777 "$mnt/tmp"
cp /bin/busybox "$mnt/bin/busybox"
ln -s /bin/busybox "$mnt/usr/bin/env"
for applet in sh ls cat mkdir rm cp mv ln chmod chown env wget echo sleep id grep sed; do
  ln -s busybox "$mnt/bin/$applet"
done
cp "$node_bin" "$mnt/usr/local/bin/node"
# The dynamic loader and every library node links against, at the same paths.
for lib in $(ldd "$node_bin" | awk '/=>/ {print $3} /ld-linux/ {print $1}'); do
  mkdir -p "$mnt$(dirname "$lib")"
  cp -L "$lib" "$mnt$lib"
done
cp -r "$npm_dir" "$mnt/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
cp /etc/ssl/certs/ca-certificates.crt "$mnt/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$mnt/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$mnt/etc/group"
chown 1000:1000 "$mnt/home/node"
buildah umount "$ctr" >/dev/null
buildah config \
  --env PATH=/usr/local/bin:/usr/bin:/bin \
  --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
  --cmd node "$ctr"
buildah commit -q "$ctr" "$image" >/dev/null
echo "built stand-in base image $image"
