#!/usr/bin/env bash
# Installs what is missing, builds, and opens the asgiscope window on the built-in demo app.
# Extra arguments go to `asgiscope` (e.g. --port 9000); on a machine without a display use
# `build/app/asgiscope serve` instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "${ASGISCOPE_BUILD_DIR:-$root/build}/app/asgiscope" "$@"
