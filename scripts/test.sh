#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest; then the core's
# tests again under AddressSanitizer/UBSan, and every fuzz target over its committed
# seeds and a fixed number of new inputs.
# ASGISCOPE_SKIP_HARDENING=1 stops after the normal suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
(cd "${ASGISCOPE_BUILD_DIR:-$root/build}" && ctest --output-on-failure -j 2 --timeout 600)
if [ "${ASGISCOPE_SKIP_HARDENING:-0}" != 1 ]; then
    "$root/scripts/sanitize.sh"
    "$root/scripts/fuzz.sh"  # the committed seeds, then a fixed number of new inputs per target
fi
