#!/usr/bin/env bash
# Placeholder: the pipeline work replaces this with the real Jenkins bootstrap.
set -euo pipefail
echo "jenkins bootstrap placeholder"
