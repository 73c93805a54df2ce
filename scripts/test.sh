#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "${ASGISCOPE_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j 2 --timeout 600
