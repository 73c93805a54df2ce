#!/usr/bin/env bash
# Installs what is missing, builds, and runs asgiscope on the built-in demo app.
# Extra arguments go to `asgiscope serve` (e.g. --port 9000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "${ASGISCOPE_BUILD_DIR:-$root/build}/app/asgiscope" serve "$@"
