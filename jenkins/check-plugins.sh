#!/usr/bin/env bash
# check-plugins.sh <plugin-dir> <lock-file> <jenkins-version>
#
# Checks the plugins the plugin manager downloaded against the recorded lock, from the plugins'
# own manifests (META-INF/MANIFEST.MF in each .jpi):
#   - the set of plugins and their versions is exactly the lock's (nothing added, missing or moved);
#   - every required (non-optional) dependency a plugin declares is present at its version or newer;
#   - no plugin needs a newer Jenkins than the pinned one.
# Prints one line per problem and exits 1 if there is any; prints a summary and exits 0 otherwise.
set -euo pipefail

[ $# -eq 3 ] || {
  echo "usage: check-plugins.sh <plugin-dir> <lock-file> <jenkins-version>" >&2
  exit 2
}
dir=$1 lock=$2 core=$3
[ -d "$dir" ] || {
  echo "error: $dir is not a directory" >&2
  exit 2
}
[ -r "$lock" ] || {
  echo "error: cannot read $lock" >&2
  exit 2
}

# True when version $1 >= version $2. sort -V orders Jenkins' numeric-prefixed versions
# (1511.v2e3cb_0008ef0, 2.22.2-445.vdc613f1d8012) by their numbers first, as Jenkins does.
version_ge() {
  [ "$1" = "$2" ] || [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$1" ]
}

# Prints one manifest attribute, with the 72-byte continuation lines joined.
manifest_value() {
  unzip -p "$1" META-INF/MANIFEST.MF | tr -d '\r' |
    awk -v key="$2" '
      /^ / { if (on) value = value substr($0, 2); next }
      { if (on) exit; on = (index($0, key ": ") == 1); if (on) value = substr($0, length(key) + 3) }
      END { print value }'
}

declare -A want have
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  want[${line%%:*}]=${line#*:}
done <"$lock"

problems=()
shopt -s nullglob
files=("$dir"/*.jpi "$dir"/*.hpi)
for file in "${files[@]}"; do
  name=$(manifest_value "$file" Short-Name)
  version=$(manifest_value "$file" Plugin-Version)
  [ -n "$name" ] || {
    problems+=("$(basename "$file"): no Short-Name in its manifest")
    continue
  }
  have[$name]=$version
done

for name in "${!have[@]}"; do
  if [ -z "${want[$name]:-}" ]; then
    problems+=("$name:${have[$name]} was resolved but is not in $(basename "$lock")")
  elif [ "${want[$name]}" != "${have[$name]}" ]; then
    problems+=("$name resolved to ${have[$name]}, $(basename "$lock") pins ${want[$name]}")
  fi
done
for name in "${!want[@]}"; do
  [ -n "${have[$name]:-}" ] || problems+=("$name:${want[$name]} is in $(basename "$lock") but was not downloaded")
done

for file in "${files[@]}"; do
  name=$(manifest_value "$file" Short-Name)
  needs_core=$(manifest_value "$file" Jenkins-Version)
  if [ -n "$needs_core" ] && ! version_ge "$core" "$needs_core"; then
    problems+=("$name needs Jenkins $needs_core, newer than $core")
  fi
  deps=$(manifest_value "$file" Plugin-Dependencies)
  IFS=',' read -r -a entries <<<"$deps"
  for entry in "${entries[@]}"; do
    [ -n "$entry" ] || continue
    [[ $entry == *resolution:=optional* ]] && continue
    dep=${entry%%:*} required=${entry#*:}
    required=${required%%;*}
    if [ -z "${have[$dep]:-}" ]; then
      problems+=("$name needs $dep $required, which is not installed")
    elif ! version_ge "${have[$dep]}" "$required"; then
      problems+=("$name needs $dep $required or newer, ${have[$dep]} is installed")
    fi
  done
done

if ((${#problems[@]})); then
  printf '%s\n' "${problems[@]}" | sort >&2
  exit 1
fi
echo "plugins: ${#have[@]} installed, exactly $(basename "$lock"); every dependency met on Jenkins $core"
