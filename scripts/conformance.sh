#!/usr/bin/env bash
# Runs the conformance cases against `asgiscope serve` and Debian's uvicorn and rewrites
# docs/CONFORMANCE.md from the answers. Builds the asgiscope executable first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_BUILD_DIR:-$root/build}"
cmake --build "$build" -j 2 --target asgiscope
/usr/bin/python3 "$root/tests/conformance/run_conformance.py" "$build/app/asgiscope" \
    --write "$root/docs/CONFORMANCE.md"
