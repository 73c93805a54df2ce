#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang 14 (ASan + UBSan) into build-fuzz/
# and runs each for a bounded time through CTest (20 s each by default).
#   scripts/fuzz.sh                 the short CI run
#   scripts/fuzz.sh 600             every target for 10 minutes
#   scripts/fuzz.sh 3600 forms      one target (fuzz_forms) for an hour
# The seed is fixed (1) so that the CI run is repeatable; ASGISCOPE_FUZZ_SEED=0 picks a new
# one per run (do that for long runs).
# New interesting inputs collect in build-fuzz/tests/fuzz/work/<target>/corpus, crashes in
# .../artifacts; see docs/hardening.md for turning a crash into a regression test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${ASGISCOPE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-20}"
only="${2:-}"
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++-14 "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
        -DASGISCOPE_WARNINGS_AS_ERRORS=ON -DASGISCOPE_BUILD_FUZZERS=ON \
        -DASGISCOPE_BUILD_TESTS=OFF -DASGISCOPE_BUILD_APP=OFF
fi
cmake -S "$root" -B "$build" -DASGISCOPE_FUZZ_SECONDS="$seconds" -DASGISCOPE_FUZZ_SEED="${ASGISCOPE_FUZZ_SEED:-1}" > /dev/null
cmake --build "$build" -j 2 --target fuzzers
cd "$build"
ctest --output-on-failure -j 2 -R "^fuzz_${only}"
