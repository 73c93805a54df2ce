#!/usr/bin/env bash
# Configures and builds asgiscope into ./build (Ninja, ccache when present).
# Usage: scripts/build.sh [extra cmake arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
    # -g1 (line tables): backtraces and profiles keep file:line, and the build tree is 2.8 GB
    # instead of the 8.7 GB of a full -g build (the static core is linked into every test).
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
        -DASGISCOPE_WARNINGS_AS_ERRORS=ON "$@"
fi
cmake --build "$build" -j "$(nproc)"
