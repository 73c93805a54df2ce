#!/usr/bin/env bash
# Configures and builds asgiscope into ./build (Ninja, ccache when present).
# Usage: scripts/build.sh [extra cmake arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DASGISCOPE_WARNINGS_AS_ERRORS=ON "$@"
fi
cmake --build "$build" -j "$(nproc)"
